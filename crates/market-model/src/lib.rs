//! The Care Market domain: what the app and the data service both reason about, with no web or
//! database dependency, so every rule exists once and is tested natively.
//!
//! The crate is grouped by area; each area's page says what it holds, with an example.
//!
//! - [`primitives`]: weeks, London time, dates and timestamps, money, statistics, geometry and CSV.
//!   Nothing here knows about care homes.
//! - [`register`]: care homes as CQC registers them, the footprint's boroughs and hospitals, and
//!   reading CQC's register.
//! - [`returns`]: the weekly capacity return, its form, the rules it must keep, who returned on
//!   time, and each home's latest return and freshness.
//! - [`brokerage`]: finding a bed, holds, step-down block beds and boroughs' usual rates.
//! - [`analytics`]: the market overview, supply, weekly trends, the placements ledger, prices paid
//!   and the projected supply gap.
//! - [`presentation`]: en-GB formatting and the map's view state, which the domain's own messages
//!   and links use too (drawing charts is the app's).
//!
//! Each area mostly builds on those listed before it. The exceptions, all small: a home's main bed
//! category is a [`returns`] type, prices are compared with [`brokerage`]'s usual rates, and
//! messages elsewhere write their figures with [`presentation::format`](mod@presentation::format)
//! (bed search and projections also reuse the map view's URL keys).
//!
//! ```
//! use market_model::presentation::format::format_pounds;
//! use market_model::primitives::money::Pence;
//! assert_eq!(format_pounds(Pence::from_pounds(1234)), "£1,234");
//! ```

pub mod analytics;
pub mod brokerage;
pub mod presentation;
pub mod primitives;
pub mod register;
pub mod returns;
