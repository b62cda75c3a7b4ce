//! The app's "now". Served by the data service, it runs on from the instant `/config.json` gives
//! (so the app and the service agree on the week and the deadline); on static hosting it is the
//! browser's clock.

use chrono::{DateTime, NaiveDate, Utc};
use std::cell::Cell;

thread_local! {
    /// Milliseconds to add to the browser's clock.
    static OFFSET_MS: Cell<f64> = const { Cell::new(0.0) };
}

/// From now on the clock reads `now` and runs on from it.
pub fn set(now: DateTime<Utc>) {
    OFFSET_MS.with(|o| o.set(now.timestamp_millis() as f64 - js_sys::Date::now()));
}

/// The current instant.
pub fn now() -> DateTime<Utc> {
    let ms = js_sys::Date::now() + OFFSET_MS.with(Cell::get);
    DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
}

/// Today in London, by this clock.
pub fn today() -> NaiveDate {
    market_model::primitives::london::date(now())
}
