//! The service's one source of "now": the system clock, or, for demos and tests, a clock that
//! starts at a chosen instant (`CARE_MARKET_NOW`) and runs on from it. Every stored time, every
//! "this week" and every expiry reads it; the app is handed it in `/config.json`.

use chrono::{DateTime, SecondsFormat, Utc};
use market_model::primitives::week::Week;
use std::sync::{Arc, Mutex};
use std::time::Instant;

/// A clock shared by everything that serves one database.
#[derive(Clone, Debug, Default)]
pub struct Clock(Arc<Mutex<Option<Anchor>>>);

/// A chosen instant and when it was chosen.
#[derive(Clone, Copy, Debug)]
struct Anchor {
    at: DateTime<Utc>,
    since: Instant,
}

impl Clock {
    /// The system clock.
    pub fn system() -> Clock {
        Clock::default()
    }

    /// A clock that reads `at` now and runs on from there in real time.
    pub fn starting_at(at: DateTime<Utc>) -> Clock {
        let clock = Clock::default();
        clock.set(at);
        clock
    }

    /// Moves the clock to `at`, from where it runs on (tests cross a boundary with it).
    pub fn set(&self, at: DateTime<Utc>) {
        *self.anchor() = Some(Anchor {
            at,
            since: Instant::now(),
        });
    }

    /// The current instant.
    pub fn now(&self) -> DateTime<Utc> {
        match *self.anchor() {
            None => Utc::now(),
            Some(a) => a.at + chrono::Duration::from_std(a.since.elapsed()).unwrap_or_default(),
        }
    }

    /// The current instant as stored: RFC 3339 in UTC to the second, which sorts as text.
    pub fn now_text(&self) -> String {
        self.now().to_rfc3339_opts(SecondsFormat::Secs, true)
    }

    /// The week it is now in London.
    pub fn this_week(&self) -> Week {
        Week::of(self.now())
    }

    fn anchor(&self) -> std::sync::MutexGuard<'_, Option<Anchor>> {
        // The guarded value is a plain copy, whole after any panic.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_clock_reads_its_instant_and_runs_forward() {
        let start: DateTime<Utc> = "2026-11-22T23:59:59Z".parse().expect("instant");
        let clock = Clock::starting_at(start);
        let first = clock.now();
        assert!(first >= start && first - start < chrono::Duration::minutes(1));
        assert_eq!(clock.this_week().to_string(), "2026-11-16");
        clock.set("2026-11-23T00:00:01Z".parse().expect("instant"));
        assert_eq!(clock.this_week().to_string(), "2026-11-23");
        assert!(clock.now_text().starts_with("2026-11-23T00:00:0"));
    }
}
