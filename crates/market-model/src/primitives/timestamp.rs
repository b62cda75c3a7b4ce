//! Reading and writing dates ("2026-11-16") and instants ("2026-11-16T13:38:00Z", RFC 3339),
//! with serde `with` modules. Chrono does the parsing; what is checked here first is only the
//! agreed shape, which chrono's readers are more lenient about (one-digit months, signed years).

use chrono::{DateTime, Datelike, NaiveDate, Timelike, Utc};
use serde::{Deserialize, Deserializer, Serializer};

/// Writes a date as "YYYY-MM-DD".
pub fn format_iso_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// Reads "YYYY-MM-DD" (four, two and two digits) into a real date.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let shaped = s.len() == 10
        && s.bytes().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    shaped.then(|| s.parse().ok())?
}

/// Which comes first in a date written with slashes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlashOrder {
    /// "23/11/2026", as written in the UK.
    DayFirst,
    /// "11/23/2026", as CQC's exports write it.
    MonthFirst,
}

/// Reads a date written with slashes: one or two digits for the day and the month, four for the
/// year, in `order`.
pub fn parse_slash_date(s: &str, order: SlashOrder) -> Option<NaiveDate> {
    let digits = |part: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&part.len()) && part.bytes().all(|c| c.is_ascii_digit()))
            .then(|| part.parse().ok())?
    };
    let [first, second, year] = s.split('/').collect::<Vec<_>>()[..] else {
        return None;
    };
    let (day, month) = match order {
        SlashOrder::DayFirst => (first, second),
        SlashOrder::MonthFirst => (second, first),
    };
    NaiveDate::from_ymd_opt(
        digits(year, 4..=4)? as i32,
        digits(month, 1..=2)?,
        digits(day, 1..=2)?,
    )
}

/// serde `with` for a date as "YYYY-MM-DD".
pub mod date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the date.
    pub fn serialize<S: Serializer>(d: &NaiveDate, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&super::format_iso_date(*d))
    }

    /// Reads a date.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<NaiveDate, D::Error> {
        let text = String::deserialize(deserializer)?;
        super::parse_date(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("'{text}' is not a date like 2026-11-16"))
        })
    }
}

/// serde `with` for an optional date as "YYYY-MM-DD".
pub mod optional_date {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes the date, or null.
    pub fn serialize<S: Serializer>(
        d: &Option<NaiveDate>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match d {
            Some(d) => serializer.serialize_str(&super::format_iso_date(*d)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a date or null.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<NaiveDate>, D::Error> {
        #[derive(Deserialize)]
        struct Date(#[serde(with = "super::date")] NaiveDate);
        Ok(Option::<Date>::deserialize(deserializer)?.map(|Date(d)| d))
    }
}

/// Writes `t` as "YYYY-MM-DDTHH:MM:SSZ" (with milliseconds when it has any).
pub fn format(t: &DateTime<Utc>) -> String {
    let ms = t.timestamp_subsec_millis();
    let fraction = if ms == 0 {
        String::new()
    } else {
        format!(".{ms:03}")
    };
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}{fraction}Z",
        t.year(),
        t.month(),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Reads an RFC 3339 instant: "YYYY-MM-DDTHH:MM:SS", optionally with a fraction of a second,
/// then "Z" or an offset "±HH:MM" of less than a day.
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// serde `serialize_with`.
pub fn serialize<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(t))
}

/// serde `deserialize_with`.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<DateTime<Utc>, D::Error> {
    let text = String::deserialize(deserializer)?;
    parse(&text).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "'{text}' is not a date and time like 2026-11-16T13:38:00Z"
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn dates_need_four_two_and_two_digits() {
        assert_eq!(
            parse_date("2026-11-16").map(format_iso_date).as_deref(),
            Some("2026-11-16")
        );
        for bad in [
            "2026-1-16",
            "2026-11-31",
            "20261116",
            "2026-11-16 ",
            "+026-11-16",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn slash_dates_read_in_either_order() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        let cases = [
            ("23/11/2026", SlashOrder::DayFirst, ymd(2026, 11, 23)),
            ("1/2/2026", SlashOrder::DayFirst, ymd(2026, 2, 1)),
            ("1/2/2026", SlashOrder::MonthFirst, ymd(2026, 1, 2)),
            ("11/23/2026", SlashOrder::MonthFirst, ymd(2026, 11, 23)),
            ("11/23/2026", SlashOrder::DayFirst, None),
            ("29/2/2025", SlashOrder::DayFirst, None),
            ("23/11/26", SlashOrder::DayFirst, None),
            ("023/11/2026", SlashOrder::DayFirst, None),
            ("23/11", SlashOrder::DayFirst, None),
            ("23/11/2026/1", SlashOrder::DayFirst, None),
            ("+3/11/2026", SlashOrder::DayFirst, None),
            ("2026-11-23", SlashOrder::DayFirst, None),
        ];
        for (text, order, want) in cases {
            assert_eq!(parse_slash_date(text, order), want, "{text} {order:?}");
        }
    }

    #[test]
    fn reads_utc_offsets_and_fractions() {
        let t = |s: &str| parse(s).map(|t| format(&t));
        assert_eq!(
            t("2026-11-16T13:38:00Z").as_deref(),
            Some("2026-11-16T13:38:00Z")
        );
        assert_eq!(
            t("2026-11-16T13:38:00+01:00").as_deref(),
            Some("2026-11-16T12:38:00Z")
        );
        assert_eq!(
            t("2026-11-16T23:30:00-01:00").as_deref(),
            Some("2026-11-17T00:30:00Z")
        );
        assert_eq!(
            t("2026-11-16T13:38:00+23:59").as_deref(),
            Some("2026-11-15T13:39:00Z")
        );
        assert_eq!(
            t("2026-11-16T13:38:00.25Z").as_deref(),
            Some("2026-11-16T13:38:00.250Z")
        );
        // RFC 3339 allows a lower-case "t" and "z", and a space for the "T".
        for same in ["2026-11-16t13:38:00z", "2026-11-16 13:38:00Z"] {
            assert_eq!(t(same).as_deref(), Some("2026-11-16T13:38:00Z"), "{same}");
        }
        for bad in [
            "2026-11-16",
            "2026-11-16T13:38:00",
            "2026-13-16T13:38:00Z",
            "2026-11-16T25:00:00Z",
            "2026-11-16T13:38:00.Z",
            "2026-11-16T13:38:00+0100",
            "x026-11-16T13:38:00Z",
            // Offsets out of range, refused by rule rather than by chance.
            "2026-11-16T13:38:00+24:00",
            "2026-11-16T13:38:00-99:99",
            "2026-11-16T13:38:00+01:60",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }

    proptest! {
        #[test]
        fn format_then_parse_is_the_same_instant(secs in 0i64..4_000_000_000, ms in 0u32..1000) {
            let t = DateTime::from_timestamp(secs, ms * 1_000_000).expect("in range");
            prop_assert_eq!(parse(&format(&t)), Some(t));
        }
    }
}
