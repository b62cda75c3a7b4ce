//! Care Market, the browser app: a Leptos client-side app over one data source.
//!
//! - [`app`]: the shell (header, navigation, sample-data notice, footer) and the routes.
//! - [`data_source`]: where data comes from; today static JSON files, later the data service too.
//! - [`pages`]: one module per route.
//! - [`components`]: small pieces the pages share.
//!
//! Domain rules (aggregation, formatting, geometry) live in the `market-model` crate.

pub mod app;
pub mod components;
pub mod data_source;
pub mod pages;

pub use app::App;
