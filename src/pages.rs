//! One module per route.

pub mod market_page;
pub mod not_found_page;
pub mod planned_page;
