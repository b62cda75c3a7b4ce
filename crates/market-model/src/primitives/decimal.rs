//! Plain decimal numbers as people type them or a URL keeps them ("41.2", "0.5", "12"), read
//! without the standard library's general float parser, whose tables cost the app about 12 KB
//! (brotli). No signs, exponents or words; up to 19 significant digits and 27 after the point,
//! which covers every `f64` the app writes in the range it uses. The result is the nearest
//! `f64`, exactly as `str::parse` gives it.
//!
//! ```
//! use market_model::primitives::decimal::parse_decimal;
//! assert_eq!(parse_decimal(" 41.2 "), Some(41.2));
//! assert_eq!(parse_decimal("352.5223070845593"), Some(352.5223070845593));
//! assert_eq!(parse_decimal("1e3"), None);
//! ```

/// The most significant digits read: below 10^19, so they fit a `u64`.
const MAX_DIGITS: usize = 19;
/// The most digits after the point: 5^27 stays below 2^63.
const MAX_FRACTION: usize = 27;

/// A non-negative decimal: digits with at most one point between or after them, surrounding
/// spaces ignored. `None` for anything else, or for more digits than it reads.
pub fn parse_decimal(text: &str) -> Option<f64> {
    let text = text.trim();
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    // Trailing zeros after the point change nothing.
    let fraction = fraction.trim_end_matches('0');
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !plain(whole) || !plain(fraction) || fraction.len() > MAX_FRACTION {
        return None;
    }
    let significant: Vec<u8> = whole
        .bytes()
        .chain(fraction.bytes())
        .skip_while(|&b| b == b'0')
        .collect();
    if significant.len() > MAX_DIGITS {
        return None;
    }
    let n = significant
        .iter()
        .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
    Some(divide(n, fraction.len() as u32))
}

/// `n / 10^k` rounded to the nearest `f64`, ties to even. Since 10^k = 5^k × 2^k, it divides
/// `n × 2^s` by 5^k in integers (a quotient of at least 64 bits and a remainder), rounds the
/// quotient to 53 bits, then scales by 2^(-s-k), which is exact.
fn divide(n: u64, k: u32) -> f64 {
    if n == 0 {
        return 0.0;
    }
    let five_k = 5u128.pow(k);
    let s = 127 - (64 - n.leading_zeros());
    let scaled = u128::from(n) << s;
    let (q, r) = (scaled / five_k, scaled % five_k);
    let shift = (128 - q.leading_zeros()) - 53;
    let mut m = (q >> shift) as u64;
    let rest = q & ((1u128 << shift) - 1);
    let half = 1u128 << (shift - 1);
    if rest > half || (rest == half && (r != 0 || m & 1 == 1)) {
        m += 1;
    }
    let e = shift as i64 - i64::from(s) - i64::from(k);
    m as f64 * f64::from_bits(((1023 + e) as u64) << 52)
}

#[cfg(test)]
mod tests {
    use super::parse_decimal;
    use proptest::prelude::*;

    #[test]
    fn decimals_read_as_the_standard_parser_reads_them() {
        for text in [
            "0",
            "000",
            "41.2",
            "0.1",
            "12.",
            "3.14159265358979",
            "9007199254740993",
            "0.000000000000001",
            "9999999999999999999",
            "100000.00000000000000000000000000",
        ] {
            assert_eq!(parse_decimal(text), text.parse::<f64>().ok(), "{text}");
        }
        assert_eq!(parse_decimal(" 7.5 "), Some(7.5));
    }

    #[test]
    fn anything_else_is_refused() {
        for text in [
            "",
            ".5",
            "-1",
            "+1",
            "1e3",
            "1.2.3",
            "1,5",
            "NaN",
            "inf",
            "1 000",
            "0x10",
            "12345678901234567890",
            "0.1000000000000000055511151231257827",
        ] {
            assert_eq!(parse_decimal(text), None, "{text}");
        }
    }

    proptest! {
        #[test]
        fn every_written_f64_reads_back(x in 0.0f64..1.0e12) {
            prop_assert_eq!(parse_decimal(&x.to_string()), Some(x));
        }

        #[test]
        fn typed_decimals_read_as_the_standard_parser_reads_them(
            text in "[0-9]{1,12}(\\.[0-9]{0,7})?",
        ) {
            prop_assert_eq!(parse_decimal(&text), text.parse::<f64>().ok());
        }
    }
}
