//! Weekly fees, held as whole pence so sums and comparisons are exact.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// An amount of money in whole pence (non-negative: fees are never negative).
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pence(pub u32);

impl Pence {
    /// Whole pounds as pence; beyond the largest amount held (about £42.9 million), that
    /// largest amount rather than a wrapped-round small one.
    pub const fn from_pounds(pounds: u32) -> Pence {
        Pence(pounds.saturating_mul(100))
    }

    /// The amount as pounds with two decimals and no symbol, "1234.56", as CSV files carry it.
    pub fn to_decimal(self) -> String {
        format!("{}.{:02}", self.0 / 100, self.0 % 100)
    }

    /// The amount in pounds, for arithmetic such as medians.
    pub fn as_pounds_f64(self) -> f64 {
        f64::from(self.0) / 100.0
    }
}

/// Why a string is not an amount of money.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing but spaces (and perhaps a pound sign) was given.
    Empty,
    /// A character that cannot be part of an amount, such as a letter or a minus sign.
    InvalidCharacter(char),
    /// More than two digits after the decimal point.
    TooManyDecimals,
    /// Larger than the largest fee this system holds.
    TooLarge,
    /// Digits in the wrong shape: commas not between groups of three digits ("1,2,3"), or a
    /// decimal point with no pence after it ("1.").
    Malformed,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MoneyError::Empty => write!(f, "enter an amount in pounds, like 1,250 or 1,250.50"),
            MoneyError::InvalidCharacter(c) => {
                write!(
                    f,
                    "'{c}' cannot be part of an amount: use digits, commas and one decimal point"
                )
            }
            MoneyError::TooManyDecimals => {
                write!(f, "give pence as two digits at most, like 1,250.50")
            }
            MoneyError::TooLarge => write!(f, "the amount is too large"),
            MoneyError::Malformed => write!(f, "write the amount like 1,250 or 1,250.50"),
        }
    }
}

impl std::error::Error for MoneyError {}

impl FromStr for Pence {
    type Err = MoneyError;

    /// Reads "£1,234.50", "1234.5", "1234" and the like: well-formed en-GB amounts, commas only
    /// between groups of three digits, pence (one or two digits) only after a point.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let s = s.strip_prefix('£').unwrap_or(s).trim_start();
        let (whole, fraction) = match s.split_once('.') {
            Some((w, f)) => (w, Some(f)),
            None => (s, None),
        };
        let mut pounds: u64 = 0;
        let mut digits = 0;
        for c in whole.chars() {
            match c {
                ',' => {}
                '0'..='9' => {
                    digits += 1;
                    pounds = pounds * 10 + u64::from(c as u8 - b'0');
                    if pounds > u64::from(u32::MAX / 100) {
                        return Err(MoneyError::TooLarge);
                    }
                }
                other => return Err(MoneyError::InvalidCharacter(other)),
            }
        }
        let mut groups = whole.split(',');
        let first = groups.next().unwrap_or_default();
        let grouped = whole.contains(',');
        if (grouped && (first.is_empty() || first.len() > 3 || groups.any(|g| g.len() != 3)))
            || fraction == Some("")
        {
            return Err(MoneyError::Malformed);
        }
        let mut pence: u64 = 0;
        if let Some(fraction) = fraction {
            if fraction.len() > 2 {
                return match fraction.chars().find(|c| !c.is_ascii_digit()) {
                    Some(c) => Err(MoneyError::InvalidCharacter(c)),
                    None => Err(MoneyError::TooManyDecimals),
                };
            }
            for (i, c) in fraction.chars().enumerate() {
                let d = c.to_digit(10).ok_or(MoneyError::InvalidCharacter(c))?;
                digits += 1;
                pence += u64::from(d) * if i == 0 { 10 } else { 1 };
            }
        }
        if digits == 0 {
            return Err(MoneyError::Empty);
        }
        u32::try_from(pounds * 100 + pence)
            .map(Pence)
            .map_err(|_| MoneyError::TooLarge)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_too_many_for_pence_do_not_wrap() {
        assert_eq!(Pence::from_pounds(1_234), Pence(123_400));
        assert_eq!(Pence::from_pounds(42_949_673), Pence(u32::MAX));
        assert_eq!(Pence::from_pounds(u32::MAX), Pence(u32::MAX));
    }
    use crate::presentation::format::format_pounds;
    use proptest::prelude::*;

    #[test]
    fn parses_the_forms_people_type() {
        let cases = [
            ("1234", Ok(Pence(123_400))),
            ("£1,234", Ok(Pence(123_400))),
            (" £ 1,234.5 ", Ok(Pence(123_450))),
            ("1234.05", Ok(Pence(123_405))),
            ("0.99", Ok(Pence(99))),
            (".5", Ok(Pence(50))),
            ("", Err(MoneyError::Empty)),
            ("£", Err(MoneyError::Empty)),
            ("-5", Err(MoneyError::InvalidCharacter('-'))),
            ("12a", Err(MoneyError::InvalidCharacter('a'))),
            ("1.234", Err(MoneyError::TooManyDecimals)),
            ("1.2x", Err(MoneyError::InvalidCharacter('x'))),
            ("99999999999", Err(MoneyError::TooLarge)),
            ("1,234,567", Ok(Pence(123_456_700))),
            ("123,456.78", Ok(Pence(12_345_678))),
            ("1,2,3", Err(MoneyError::Malformed)),
            ("12,34", Err(MoneyError::Malformed)),
            ("1234,567", Err(MoneyError::Malformed)),
            (",123", Err(MoneyError::Malformed)),
            ("1,234,", Err(MoneyError::Malformed)),
            ("1,,234", Err(MoneyError::Malformed)),
            ("1.", Err(MoneyError::Malformed)),
            ("£1,234.", Err(MoneyError::Malformed)),
        ];
        for (input, expected) in cases {
            assert_eq!(input.parse::<Pence>(), expected, "input {input:?}");
        }
    }

    proptest! {
        #[test]
        fn formatting_then_parsing_gives_the_same_amount(pence in 0u32..=4_000_000_000) {
            let printed = format_pounds(Pence(pence));
            prop_assert_eq!(printed.parse::<Pence>(), Ok(Pence(pence)));
        }
    }
}
