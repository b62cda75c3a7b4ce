//! How the app shows things: en-GB text for figures, SVG charts, the vacancy map's view state and
//! its shading. No rule about the market lives here; the domain areas use [`format`](mod@format)
//! for the figures in their messages and the map view's URL keys for their own queries.
//!
//! - [`format`](mod@format): en-GB numbers, money, dates and rates ("12,345", "£1,234.50",
//!   "23 Nov 2026").
//! - [`chart`]: bar, stacked bar, line and box-plot charts as accessible, standalone SVG text.
//! - [`map_view`]: the vacancy map's filters, shading, selection and list order, round-tripped
//!   through the URL.
//! - [`classes`]: class breaks for shading boroughs (equal intervals).
//!
//! ```
//! use market_model::presentation::classes::{class_of, equal_interval_edges};
//! use market_model::presentation::format::{format_count, format_percent};
//!
//! assert_eq!(format_count(12_345), "12,345");
//! assert_eq!(format_percent(0.8754), "87.5%");
//! let edges = equal_interval_edges(&[0.0, 5.0, 10.0], 2).unwrap();
//! assert_eq!((edges, class_of(7.0, &[0.0, 5.0, 10.0])), (vec![0.0, 5.0, 10.0], 1));
//! ```

pub mod chart;
pub mod classes;
pub mod format;
pub mod map_view;
