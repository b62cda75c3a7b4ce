//! Care Market, the browser app: a Leptos client-side app over one data source.
//!
//! - [`app`]: the shell (header, navigation, sample-data notice, footer) and the routes.
//! - [`data_context`]: what every page reads: the market data, loaded once, and the session.
//! - [`clock`]: "now", as the data service tells it or the browser's own.
//! - [`data_source`]: where data comes from: static JSON files or the live data service.
//! - [`service`]: calls to the live data service: sign-in, who is signed in, the CQC import.
//! - [`router`]: the location as signals, navigation and link handling.
//! - [`pages`]: one module per route.
//! - [`components`]: small pieces the pages share.
//! - [`chart`]: charts as accessible, standalone SVG text, and class breaks for shading.
//!
//! Domain rules (aggregation, formatting, geometry) live in the `market-model` crate.

pub mod app;
pub mod chart;
pub mod clock;
pub mod components;
pub mod data_context;
pub mod data_source;
pub mod pages;
pub mod router;
pub mod service;

pub use app::App;
