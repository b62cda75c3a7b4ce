//! The weekly capacity return: what a home reports, the form it is typed into, the rules it must
//! keep, and what the returns say about each home and each week.
//!
//! - [`capacity_return`]: a home's weekly return (beds by category, admissions, needs, fees).
//! - [`return_form`]: the form as typed (drafts), and the return it makes or the problems.
//! - [`validation`]: the rules a return must keep, for the app and the service alike.
//! - [`compliance`]: which homes returned for a week, on time or late, and which are missing.
//! - [`home_status`]: each home's latest return up to a week, its freshness and vacancies.
//!
//! ```
//! use market_model::primitives::week::Week;
//! use market_model::returns::capacity_return::BedCategory;
//! use market_model::returns::return_form::{field_id, ReturnForm};
//!
//! let week: Week = "2026-11-16".parse().unwrap();
//! let mut form = ReturnForm::default();
//! let typed = ["40", "forty", "0", "0"].map(String::from);
//! form.beds.insert(BedCategory::Nursing, typed);
//! let problems = form
//!     .to_return("1-101", 40, week, week, week.return_due())
//!     .unwrap_err();
//! assert_eq!(field_id(&problems[0].field), "beds-nursing-occupied");
//! ```

pub mod capacity_return;
pub mod compliance;
pub mod home_status;
pub mod return_form;
pub mod validation;
