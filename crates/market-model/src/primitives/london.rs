//! Europe/London time. Weeks, the Tuesday-noon deadline and every date and time on screen follow
//! the clocks in London: GMT in winter, BST (UTC+1) from the last Sunday in March to the last
//! Sunday in October. The rules come from the time-zone database (chrono-tz, built with this
//! zone alone); instants are stored and exchanged in UTC.
//!
//! ```
//! use market_model::primitives::london;
//! let summer: chrono::DateTime<chrono::Utc> = "2026-06-02T11:30:00Z".parse().unwrap();
//! assert_eq!(london::local(summer).to_string(), "2026-06-02 12:30:00");
//! ```

use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Europe::London;

/// The wall-clock time in London at `t`.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&London).naive_local()
}

/// The date in London at `t`.
pub fn date(t: DateTime<Utc>) -> NaiveDate {
    local(t).date()
}

/// The instant a London wall-clock time names. When the clocks go back and the time happens
/// twice, the first; when they go forward and it never happens, the instant the clocks jump.
pub fn instant(wall: NaiveDateTime) -> DateTime<Utc> {
    match London.from_local_datetime(&wall) {
        chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
            t.with_timezone(&Utc)
        }
        // In the skipped hour (01:00 to 02:00 GMT on the last Sunday in March) the clocks read
        // an hour on: the moment named is the one GMT gives.
        chrono::LocalResult::None => Utc.from_utc_datetime(&wall),
    }
}

/// `t` as London's clocks showed it, for people: "14:30 on 23 Nov 2026".
pub fn format_time(t: DateTime<Utc>) -> String {
    use chrono::Timelike;
    let wall = local(t);
    format!(
        "{:02}:{:02} on {}",
        wall.hour(),
        wall.minute(),
        crate::presentation::format::format_day_month_year(wall.date())
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_for_people_are_london_times() {
        assert_eq!(
            format_time(utc("2026-11-23T14:30:00Z")),
            "14:30 on 23 Nov 2026"
        );
        assert_eq!(
            format_time(utc("2026-06-01T23:30:00Z")),
            "00:30 on 2 Jun 2026"
        );
    }

    fn utc(s: &str) -> DateTime<Utc> {
        s.parse().expect("an RFC 3339 instant")
    }

    fn wall(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("a wall-clock time")
    }

    #[test]
    fn winter_is_gmt_and_summer_bst() {
        assert_eq!(
            local(utc("2026-11-24T12:00:00Z")),
            wall("2026-11-24 12:00:00")
        );
        assert_eq!(
            local(utc("2026-06-02T11:00:00Z")),
            wall("2026-06-02 12:00:00")
        );
        assert_eq!(
            instant(wall("2026-06-02 12:00:00")),
            utc("2026-06-02T11:00:00Z")
        );
    }

    #[test]
    fn the_clocks_go_forward_at_one_gmt_on_the_last_sunday_in_march() {
        // 29 Mar 2026: 00:59:59 GMT is followed by 02:00:00 BST.
        assert_eq!(
            local(utc("2026-03-29T00:59:59Z")),
            wall("2026-03-29 00:59:59")
        );
        assert_eq!(
            local(utc("2026-03-29T01:00:00Z")),
            wall("2026-03-29 02:00:00")
        );
        // 01:30 never shows on a London clock that day.
        assert_eq!(
            instant(wall("2026-03-29 01:30:00")),
            utc("2026-03-29T01:30:00Z")
        );
    }

    #[test]
    fn the_clocks_go_back_at_one_gmt_on_the_last_sunday_in_october() {
        // 25 Oct 2026: 01:59:59 BST is followed by 01:00:00 GMT, so 01:30 happens twice.
        assert_eq!(
            local(utc("2026-10-25T00:30:00Z")),
            wall("2026-10-25 01:30:00")
        );
        assert_eq!(
            local(utc("2026-10-25T01:30:00Z")),
            wall("2026-10-25 01:30:00")
        );
        assert_eq!(
            instant(wall("2026-10-25 01:30:00")),
            utc("2026-10-25T00:30:00Z")
        );
    }

    #[test]
    fn the_london_date_differs_from_the_utc_date_late_on_a_summer_evening() {
        // 23:30 UTC on Sunday 31 May 2026 is already Monday 1 June in London.
        let t = utc("2026-05-31T23:30:00Z");
        assert_eq!(t.date_naive().to_string(), "2026-05-31");
        assert_eq!(date(t).to_string(), "2026-06-01");
    }
}
