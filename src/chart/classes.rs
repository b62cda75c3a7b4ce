//! Class breaks for shading areas by a measure (a choropleth): equal intervals between the
//! smallest and largest value, so the legend reads in round steps of the measure itself.

/// `n` classes spanning `values` in equal steps: `n + 1` edges from the minimum to the maximum.
/// `None` when there are no finite values. When all values are equal there is one class.
pub fn equal_interval_edges(values: &[f64], n: usize) -> Option<Vec<f64>> {
    let finite = values.iter().copied().filter(|v| v.is_finite());
    let (min, max) = finite.fold(None, |acc: Option<(f64, f64)>, v| {
        Some(acc.map_or((v, v), |(lo, hi)| (lo.min(v), hi.max(v))))
    })?;
    if n == 0 || min == max {
        return Some(vec![min, max]);
    }
    let step = (max - min) / n as f64;
    Some(
        (0..=n)
            .map(|i| if i == n { max } else { min + step * i as f64 })
            .collect(),
    )
}

/// The class (0-based) that `value` falls in: each class holds values from its lower edge up to,
/// but not including, its upper edge; the last class includes the maximum.
pub fn class_of(value: f64, edges: &[f64]) -> usize {
    let classes = edges.len().saturating_sub(1).max(1);
    edges[1..edges.len().saturating_sub(1).max(1)]
        .iter()
        .take_while(|edge| value >= **edge)
        .count()
        .min(classes - 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edges_step_evenly_from_min_to_max() {
        assert_eq!(
            equal_interval_edges(&[10.0, 30.0, 20.0, 50.0], 4),
            Some(vec![10.0, 20.0, 30.0, 40.0, 50.0])
        );
        assert_eq!(equal_interval_edges(&[7.0, 7.0], 4), Some(vec![7.0, 7.0]));
        assert_eq!(equal_interval_edges(&[], 4), None);
        assert_eq!(equal_interval_edges(&[f64::NAN], 4), None);
    }

    #[test]
    fn values_fall_in_half_open_classes_and_the_maximum_in_the_last() {
        let edges = [10.0, 20.0, 30.0, 40.0, 50.0];
        assert_eq!(class_of(10.0, &edges), 0);
        assert_eq!(class_of(19.99, &edges), 0);
        assert_eq!(class_of(20.0, &edges), 1);
        assert_eq!(class_of(39.0, &edges), 2);
        assert_eq!(class_of(40.0, &edges), 3);
        assert_eq!(class_of(50.0, &edges), 3);
        assert_eq!(class_of(5.0, &edges), 0);
        assert_eq!(class_of(7.0, &[7.0, 7.0]), 0);
    }
}
