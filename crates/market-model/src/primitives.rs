//! The building blocks every other area uses: time, money, numbers, shapes and files. Nothing here
//! knows about care homes.
//!
//! - [`week`]: weeks commencing Monday, the period of a capacity return, and its deadline.
//! - [`london`]: Europe/London wall-clock time, which weeks and deadlines follow.
//! - [`timestamp`]: dates ("2026-11-16") and RFC 3339 instants, read and written for serde.
//! - [`money`]: weekly fees in whole pence, and reading amounts typed in pounds.
//! - [`stats`]: medians and quartiles.
//! - [`decimal`]: plain decimal numbers as typed ("41.2"), read without the large float parser.
//! - [`geometry`]: points, rings, point-in-polygon, border-keeping simplification and the map
//!   projection.
//! - [`csv`]: CSV both ways: records with their lines, columns by name, export.
//!
//! ```
//! use market_model::primitives::{money::Pence, stats::Quartiles, week::Week};
//!
//! let week: Week = "2026-11-16".parse().unwrap();
//! assert_eq!(week.plus_weeks(1).to_string(), "2026-11-23");
//! assert_eq!("1,250.50".parse::<Pence>(), Ok(Pence(125_050)));
//! assert_eq!(Quartiles::of(&[1.0, 2.0, 3.0]).map(|q| q.median), Some(2.0));
//! ```

pub mod csv;
pub mod decimal;
pub mod geometry;
pub mod london;
pub mod money;
pub mod stats;
pub mod timestamp;
pub mod week;
