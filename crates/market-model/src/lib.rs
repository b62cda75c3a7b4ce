//! The Care Market domain: what the app and the data service both reason about, with no web or
//! database dependency, so every rule exists once and is tested natively.
//!
//! - [`footprint`]: the five North Central London boroughs (boundaries, older population) and the
//!   acute hospitals that discharge into the care-home market.
//! - [`home`]: care homes as registered with CQC.
//! - [`hold`]: holds on vacant beds as the app and the service exchange them.
//! - [`cqc`]: CQC's active locations register (CSV): the footprint's care homes, bad rows by line.
//! - [`ledger`]: the placements each borough commissioned (CSV), bad rows by line.
//! - [`week`]: weeks commencing Monday, the period of a capacity return.
//! - [`london`]: Europe/London wall-clock time, which weeks and deadlines follow.
//! - [`capacity_return`]: a home's weekly capacity return (beds by category, admissions, fees).
//! - [`money`]: weekly fees in whole pence.
//! - [`home_status`]: each home's latest return, freshness and vacancies in a chosen week.
//! - [`map_view`]: the vacancy map's filters and view, round-tripped through the URL.
//! - [`classes`]: class breaks for shading boroughs.
//! - [`csv`]: CSV both ways: records with their lines, columns by name, export.
//! - [`market`]: aggregation of homes and returns into the market overview.
//! - [`supply`]: bed supply from the register: by care type and category, per 1,000 older
//!   people, by home size and CQC rating.
//! - [`trends`]: weekly beds and occupancy by category, with returns coverage flagged.
//! - [`projection`]: the supply gap against the projected older population, under assumptions
//!   kept in the URL.
//! - [`chart`]: bar, stacked bar, line and box-plot charts as accessible, standalone SVG text.
//! - [`stats`]: medians and quartiles.
//! - [`prices`]: what boroughs pay, from the ledger: spreads, medians against the footprint and
//!   usual rates, self-funder gaps, homes shared between boroughs, out-of-borough flows.
//! - [`geometry`]: points, rings, point-in-polygon, topology-preserving simplification, projection.
//! - [`timestamp`]: RFC 3339 instants for serde, without chrono's heavy parser.
//! - [`bed_search`]: finding a bed for someone leaving hospital: eligibility, near misses, ranking.
//! - [`block_beds`]: step-down beds bought in a block, and how each week's bed nights were used.
//! - [`rates`]: each borough's usual weekly rate per bed category (a table; illustrative sample
//!   figures by default).
//! - [`return_form`]: the weekly return form as typed (drafts), and the return it makes.
//! - [`validation`]: the rules a capacity return must keep, for the app and the service alike.
//! - [`compliance`]: which homes returned for a week, on time or late, and which are missing.
//! - [`format`]: en-GB presentation of numbers, money, dates and rates.
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
