//! One module per route.

pub mod admin_page;
pub mod analytics_page;
pub mod find_page;
pub mod map_page;
pub mod market_page;
pub mod not_found_page;
pub mod referrals_page;
pub mod return_page;
pub mod sign_in_page;
