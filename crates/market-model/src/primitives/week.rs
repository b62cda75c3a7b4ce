//! Weeks commencing Monday: the period every capacity return covers.

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// A week, named by its Monday. Serialises as that date, "2026-11-23".
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
#[cfg_attr(
    feature = "openapi",
    derive(utoipa::ToSchema),
    schema(value_type = String, format = Date, example = "2026-11-16")
)]
pub struct Week(NaiveDate);

/// Why a date or string does not name a week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WeekError {
    /// The text is not a date in the form 2026-11-23.
    NotADate(String),
    /// The date is a real date but not a Monday.
    NotAMonday(NaiveDate),
}

impl fmt::Display for WeekError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WeekError::NotADate(s) => write!(f, "'{s}' is not a date in the form 2026-11-23"),
            WeekError::NotAMonday(d) => {
                write!(f, "{d} is a {:?}: weeks commence on a Monday", d.weekday())
            }
        }
    }
}

impl std::error::Error for WeekError {}

impl Week {
    /// The week that contains the instant `t` in London (a week starts at midnight on Monday,
    /// London time).
    pub fn of(t: DateTime<Utc>) -> Week {
        Week::containing(crate::primitives::london::date(t))
    }

    /// The week that contains `date`.
    pub fn containing(date: NaiveDate) -> Week {
        Week(date - Duration::days(i64::from(date.weekday().num_days_from_monday())))
    }

    /// The week commencing `monday`; any other day is an error.
    pub fn commencing(monday: NaiveDate) -> Result<Week, WeekError> {
        if monday.weekday() == Weekday::Mon {
            Ok(Week(monday))
        } else {
            Err(WeekError::NotAMonday(monday))
        }
    }

    /// The Monday the week commences on.
    pub fn monday(self) -> NaiveDate {
        self.0
    }

    /// ISO 8601 year and week number, as in "2026-W48".
    pub fn iso(self) -> (i32, u32) {
        let w = self.0.iso_week();
        (w.year(), w.week())
    }

    /// The week `n` weeks later (earlier when negative).
    pub fn plus_weeks(self, n: i64) -> Week {
        Week(self.0 + Duration::weeks(n))
    }

    /// When the week's return is due: Tuesday at noon, London time (11:00 UTC in summer). A
    /// return made later is late.
    pub fn return_due(self) -> DateTime<Utc> {
        crate::primitives::london::instant(
            (self.0 + Duration::days(1))
                .and_time(NaiveTime::from_hms_opt(12, 0, 0).expect("noon exists")),
        )
    }
}

impl fmt::Display for Week {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::primitives::timestamp::format_iso_date(self.0))
    }
}

impl FromStr for Week {
    type Err = WeekError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let date = crate::primitives::timestamp::parse_date(s.trim())
            .ok_or_else(|| WeekError::NotADate(s.to_string()))?;
        Week::commencing(date)
    }
}

impl TryFrom<String> for Week {
    type Error = WeekError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        text.parse()
    }
}

impl From<Week> for String {
    fn from(week: Week) -> String {
        week.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn every_day_belongs_to_the_week_of_its_monday() {
        let monday = date(2026, 11, 23);
        for offset in 0..7 {
            assert_eq!(
                Week::containing(monday + Duration::days(offset)).monday(),
                monday
            );
        }
        assert_eq!(
            Week::containing(date(2026, 11, 22)).monday(),
            date(2026, 11, 16)
        );
    }

    #[test]
    fn only_mondays_commence_a_week() {
        assert!(Week::commencing(date(2026, 11, 23)).is_ok());
        assert_eq!(
            Week::commencing(date(2026, 11, 24)),
            Err(WeekError::NotAMonday(date(2026, 11, 24)))
        );
        assert_eq!(
            "2026-11-24".parse::<Week>(),
            Err(WeekError::NotAMonday(date(2026, 11, 24)))
        );
        assert!(matches!(
            "23/11/2026".parse::<Week>(),
            Err(WeekError::NotADate(_))
        ));
        assert!(serde_json::from_str::<Week>("\"2026-11-25\"").is_err());
    }

    #[test]
    fn iso_week_numbers_cross_the_year_end() {
        assert_eq!(Week::containing(date(2026, 11, 23)).iso(), (2026, 48));
        // 29 Dec 2025 is a Monday in ISO week 1 of 2026.
        assert_eq!(Week::containing(date(2025, 12, 31)).iso(), (2026, 1));
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("an RFC 3339 instant")
    }

    #[test]
    fn a_return_is_due_by_tuesday_noon_london_time() {
        let week: Week = "2026-11-23".parse().expect("a Monday");
        assert_eq!(week.return_due(), utc("2026-11-24T12:00:00Z"), "GMT");
        assert_eq!(week.plus_weeks(-1).to_string(), "2026-11-16");
        let summer: Week = "2026-06-01".parse().expect("a Monday");
        assert_eq!(summer.return_due(), utc("2026-06-02T11:00:00Z"), "BST");
    }

    #[test]
    fn a_week_begins_at_midnight_on_monday_in_london() {
        // Winter: London midnight is UTC midnight.
        assert_eq!(
            Week::of(utc("2026-11-22T23:59:59Z")).to_string(),
            "2026-11-16"
        );
        assert_eq!(
            Week::of(utc("2026-11-23T00:00:00Z")).to_string(),
            "2026-11-23"
        );
        // Summer: Monday begins at 23:00 UTC on the Sunday.
        assert_eq!(
            Week::of(utc("2026-05-31T22:59:59Z")).to_string(),
            "2026-05-25"
        );
        assert_eq!(
            Week::of(utc("2026-05-31T23:00:00Z")).to_string(),
            "2026-06-01"
        );
    }

    #[test]
    fn the_weeks_that_hold_the_clock_changes_are_whole() {
        // The clocks go forward on Sunday 29 Mar 2026 and back on Sunday 25 Oct 2026: both
        // Sundays end their week, and the next Monday starts the next.
        assert_eq!(
            Week::of(utc("2026-03-29T22:59:59Z")).to_string(),
            "2026-03-23"
        );
        assert_eq!(
            Week::of(utc("2026-03-29T23:00:00Z")).to_string(),
            "2026-03-30"
        );
        assert_eq!(
            Week::of(utc("2026-10-25T23:59:59Z")).to_string(),
            "2026-10-19"
        );
        assert_eq!(
            Week::of(utc("2026-10-26T00:00:00Z")).to_string(),
            "2026-10-26"
        );
        let after_forward: Week = "2026-03-30".parse().expect("a Monday");
        assert_eq!(after_forward.return_due(), utc("2026-03-31T11:00:00Z"));
        let after_back: Week = "2026-10-26".parse().expect("a Monday");
        assert_eq!(after_back.return_due(), utc("2026-10-27T12:00:00Z"));
    }

    proptest! {
        #[test]
        fn printing_then_parsing_a_week_gives_it_back(days in 0i64..40_000) {
            let week = Week::containing(date(1990, 1, 1) + Duration::days(days));
            prop_assert_eq!(week.to_string().parse::<Week>(), Ok(week));
            let json = serde_json::to_string(&week).expect("serialises");
            prop_assert_eq!(serde_json::from_str::<Week>(&json).ok(), Some(week));
        }
    }
}
