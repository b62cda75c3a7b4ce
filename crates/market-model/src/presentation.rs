//! How figures and views are written: en-GB text for figures and the vacancy map's view state.
//! No rule about the market lives here. Both stay in the domain because the domain itself uses
//! them: its messages write their figures with [`format`](mod@format), and bed search and the
//! projection build their links and queries from the map view's URL keys. Drawing (SVG charts,
//! shading classes), which only the screen needs, is the app's (`care_market::chart`).
//!
//! - [`format`](mod@format): en-GB numbers, money, dates and rates ("12,345", "£1,234.50",
//!   "23 Nov 2026").
//! - [`map_view`]: the vacancy map's filters, shading, selection and list order, round-tripped
//!   through the URL.
//!
//! ```
//! use market_model::presentation::format::{format_count, format_percent};
//!
//! assert_eq!(format_count(12_345), "12,345");
//! assert_eq!(format_percent(0.8754), "87.5%");
//! ```

pub mod format;
pub mod map_view;
