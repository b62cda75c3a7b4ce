//! Medians and quartiles.

use serde::{Deserialize, Serialize};

/// The spread of a set of values: quartiles by linear interpolation between order statistics
/// (the method of spreadsheets' QUARTILE.INC), with the count they came from.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Quartiles {
    /// How many values there were.
    pub count: usize,
    /// First quartile (25th percentile).
    pub lower: f64,
    /// Median.
    pub median: f64,
    /// Third quartile (75th percentile).
    pub upper: f64,
}

impl Quartiles {
    /// The quartiles of `values` (in any order); `None` when there are none. NaNs are ignored.
    pub fn of(values: &[f64]) -> Option<Quartiles> {
        let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
        if sorted.is_empty() {
            return None;
        }
        sorted.sort_by(f64::total_cmp);
        Some(Quartiles {
            count: sorted.len(),
            lower: quantile_sorted(&sorted, 0.25),
            median: quantile_sorted(&sorted, 0.5),
            upper: quantile_sorted(&sorted, 0.75),
        })
    }
}

/// The `q`-quantile (0 ≤ q ≤ 1) of non-empty sorted values, interpolating linearly.
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let below = pos.floor() as usize;
    let above = pos.ceil() as usize;
    sorted[below] + (sorted[above] - sorted[below]) * (pos - below as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quartiles_match_hand_computed_values() {
        // Sorted 1..=5: positions 1, 2, 3 exactly.
        let q = Quartiles::of(&[5.0, 1.0, 3.0, 2.0, 4.0]).expect("values");
        assert_eq!((q.count, q.lower, q.median, q.upper), (5, 2.0, 3.0, 4.0));
        // Four values: positions 0.75, 1.5, 2.25.
        let q = Quartiles::of(&[10.0, 20.0, 30.0, 40.0]).expect("values");
        assert_eq!((q.lower, q.median, q.upper), (17.5, 25.0, 32.5));
        let q = Quartiles::of(&[7.0]).expect("one value");
        assert_eq!((q.lower, q.median, q.upper), (7.0, 7.0, 7.0));
    }

    #[test]
    fn even_and_odd_counts_and_ties_interpolate_like_quartile_inc() {
        // (values, lower, median, upper), each worked by position q × (n − 1) in sorted order.
        let cases: [(&[f64], f64, f64, f64); 6] = [
            // n = 2: positions 0.25, 0.5, 0.75.
            (&[300.0, 100.0], 150.0, 200.0, 250.0),
            // n = 3: positions 0.5, 1, 1.5.
            (&[30.0, 10.0, 20.0], 15.0, 20.0, 25.0),
            // n = 6: positions 1.25, 2.5, 3.75 in 1 2 3 4 5 6.
            (&[6.0, 5.0, 4.0, 3.0, 2.0, 1.0], 2.25, 3.5, 4.75),
            // n = 7: positions 1.5, 3, 4.5 in 1 2 3 4 5 6 7.
            (&[7.0, 1.0, 6.0, 2.0, 5.0, 3.0, 4.0], 2.5, 4.0, 5.5),
            // Ties: 5 5 5 9, positions 0.75, 1.5, 2.25.
            (&[5.0, 9.0, 5.0, 5.0], 5.0, 5.0, 6.0),
            // All equal.
            (&[8.0, 8.0, 8.0], 8.0, 8.0, 8.0),
        ];
        for (values, lower, median, upper) in cases {
            let q = Quartiles::of(values).expect("values");
            assert_eq!(
                (q.count, q.lower, q.median, q.upper),
                (values.len(), lower, median, upper),
                "{values:?}"
            );
        }
        let with_nan = Quartiles::of(&[f64::NAN, 2.0, 4.0]).expect("two numbers");
        assert_eq!((with_nan.count, with_nan.median), (2, 3.0));
    }

    #[test]
    fn no_values_means_no_quartiles() {
        assert_eq!(Quartiles::of(&[]), None);
        assert_eq!(Quartiles::of(&[f64::NAN]), None);
    }
}
