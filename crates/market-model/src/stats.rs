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
fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
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
    fn no_values_means_no_quartiles() {
        assert_eq!(Quartiles::of(&[]), None);
        assert_eq!(Quartiles::of(&[f64::NAN]), None);
    }
}
