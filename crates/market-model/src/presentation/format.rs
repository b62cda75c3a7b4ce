//! en-GB presentation: thousands separated by commas, pounds with a £ sign, dates as "23 Nov 2026".
//! Every figure the app shows passes through here, so it reads the same on every page.

use crate::primitives::money::Pence;
use chrono::{Datelike, NaiveDate};

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A whole number with thousands separators: `12345` → "12,345".
pub fn format_count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Money in pounds: "£1,234" when whole, "£1,234.50" otherwise.
pub fn format_pounds(amount: Pence) -> String {
    let pounds = format_count(u64::from(amount.0 / 100));
    match amount.0 % 100 {
        0 => format!("£{pounds}"),
        pence => format!("£{pounds}.{pence:02}"),
    }
}

/// Money rounded to whole pounds, for statistics such as a median fee: "£1,235".
pub fn format_pounds_rounded(pounds: f64) -> String {
    format!("£{}", format_count(pounds.max(0.0).round() as u64))
}

/// A date as "23 Nov 2026".
pub fn format_day_month_year(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// A share as a percentage with one decimal: `0.8754` → "87.5%".
pub fn format_percent(share: f64) -> String {
    format!("{:.1}%", share * 100.0)
}

/// A ratio with one decimal and thousands separators: `1234.56` → "1,234.6".
pub fn format_decimal(value: f64) -> String {
    format_fixed(value, 1)
}

/// A number with `decimals` places and thousands separators: `(-1234.5, 0)` → "-1,235"
/// (halves round away from zero), `(0.25, 2)` → "0.25".
pub fn format_fixed(value: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals);
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    let whole = format_count(scaled / scale);
    match decimals {
        0 => format!("{sign}{whole}"),
        d => format!(
            "{sign}{whole}.{:0width$}",
            scaled % scale,
            width = d as usize
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_have_thousands_separators() {
        for (n, s) in [
            (0, "0"),
            (7, "7"),
            (999, "999"),
            (1000, "1,000"),
            (12345, "12,345"),
            (1_234_567, "1,234,567"),
        ] {
            assert_eq!(format_count(n), s);
        }
    }

    #[test]
    fn pounds_show_pence_only_when_there_are_some() {
        assert_eq!(format_pounds(Pence(123_400)), "£1,234");
        assert_eq!(format_pounds(Pence(123_450)), "£1,234.50");
        assert_eq!(format_pounds(Pence(5)), "£0.05");
        assert_eq!(format_pounds_rounded(1234.5), "£1,235");
        assert_eq!(format_pounds_rounded(-3.0), "£0");
    }

    #[test]
    fn dates_read_day_month_year() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).expect("valid date");
        assert_eq!(format_day_month_year(d), "23 Nov 2026");
        let d = NaiveDate::from_ymd_opt(2027, 1, 4).expect("valid date");
        assert_eq!(format_day_month_year(d), "4 Jan 2027");
    }

    #[test]
    fn rates_and_decimals_round_to_one_place() {
        assert_eq!(format_percent(0.8754), "87.5%");
        assert_eq!(format_percent(1.0), "100.0%");
        assert_eq!(format_decimal(1234.56), "1,234.6");
        assert_eq!(format_decimal(0.04), "0.0");
        assert_eq!(format_decimal(-2.25), "-2.3");
        for (value, decimals, text) in [
            (-1234.5, 0, "-1,235"),
            (0.25, 2, "0.25"),
            (0.05, 2, "0.05"),
            (1_000_000.0, 0, "1,000,000"),
            (-0.001, 2, "0.00"),
            (12.0, 3, "12.000"),
        ] {
            assert_eq!(format_fixed(value, decimals), text, "{value} to {decimals}");
        }
    }
}
