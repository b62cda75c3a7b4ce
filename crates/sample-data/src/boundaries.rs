//! Borough boundaries: read from GeoJSON, simplified with shared borders kept shared, and rounded
//! to five decimal places (about a metre).

use crate::InputError;
use market_model::primitives::geometry::{simplify_shared, Point, Ring};
use market_model::register::footprint::{Borough, Population};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// At most this many vertices in all the shipped boundaries together.
pub const VERTEX_BUDGET: usize = 1_800;

#[derive(Deserialize)]
struct FeatureCollection {
    features: Vec<Feature>,
}

#[derive(Deserialize)]
struct Feature {
    properties: Properties,
    geometry: Geometry,
}

#[derive(Deserialize)]
#[serde(rename_all = "UPPERCASE")]
struct Properties {
    name: String,
    gss_code: String,
}

#[derive(Deserialize)]
#[serde(tag = "type", content = "coordinates")]
enum Geometry {
    Polygon(Vec<Vec<[f64; 2]>>),
    MultiPolygon(Vec<Vec<Vec<[f64; 2]>>>),
}

impl Geometry {
    /// All rings, without GeoJSON's repeated closing point.
    fn rings(self) -> Vec<Ring> {
        let polygons = match self {
            Geometry::Polygon(p) => vec![p],
            Geometry::MultiPolygon(m) => m,
        };
        polygons
            .into_iter()
            .flatten()
            .map(|ring| {
                let mut ring: Ring = ring.into_iter().map(Point::from).collect();
                if ring.len() > 1 && ring.first() == ring.last() {
                    ring.pop();
                }
                ring
            })
            .collect()
    }
}

/// Reads the boroughs, in the order of the file, with their population and simplified boundary.
pub fn read_boroughs(
    path: &Path,
    populations: &BTreeMap<String, Population>,
) -> Result<Vec<Borough>, InputError> {
    let error = |message: String| InputError {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| error(e.to_string()))?;
    let collection: FeatureCollection =
        serde_json::from_str(&text).map_err(|e| error(e.to_string()))?;

    // Simplify every ring together so borders shared between boroughs simplify the same way.
    let mut owners = Vec::new();
    let mut rings = Vec::new();
    let mut named = Vec::new();
    for (i, feature) in collection.features.into_iter().enumerate() {
        for ring in feature.geometry.rings() {
            owners.push(i);
            rings.push(ring);
        }
        named.push(feature.properties);
    }
    let simplified = simplify_to_budget(&rings, VERTEX_BUDGET);

    let mut boroughs = Vec::new();
    for (i, props) in named.into_iter().enumerate() {
        let population = populations.get(&props.gss_code).cloned().ok_or_else(|| {
            error(format!(
                "no population figures for {} ({})",
                props.name, props.gss_code
            ))
        })?;
        let boundary = owners
            .iter()
            .zip(&simplified)
            .filter(|(owner, _)| **owner == i)
            .map(|(_, ring)| ring.clone())
            .collect();
        boroughs.push(Borough {
            name: props.name,
            gss_code: props.gss_code,
            population,
            boundary,
        });
    }
    boroughs.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(boroughs)
}

/// The least simplification (found by bisection on the tolerance) that brings the rings within
/// `budget` vertices, rounded to five decimal places.
fn simplify_to_budget(rings: &[Ring], budget: usize) -> Vec<Ring> {
    let attempt = |tolerance: f64| -> Vec<Ring> {
        simplify_shared(rings, tolerance)
            .into_iter()
            .map(round_ring)
            .collect()
    };
    let count = |rs: &[Ring]| rs.iter().map(Vec::len).sum::<usize>();
    let (mut lo, mut hi) = (0.0, 0.01);
    let mut best = attempt(hi);
    for _ in 0..40 {
        let mid = (lo + hi) / 2.0;
        let candidate = attempt(mid);
        if count(&candidate) <= budget {
            hi = mid;
            best = candidate;
        } else {
            lo = mid;
        }
    }
    best
}

fn round_ring(ring: Ring) -> Ring {
    let round = |v: f64| (v * 1e5).round() / 1e5;
    let mut out: Ring = Vec::with_capacity(ring.len());
    for p in ring {
        let q = Point {
            lon: round(p.lon),
            lat: round(p.lat),
        };
        if out.last() != Some(&q) {
            out.push(q);
        }
    }
    if out.len() > 1 && out.first() == out.last() {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounding_drops_repeated_points() {
        let ring = vec![
            Point {
                lon: 0.000001,
                lat: 0.0,
            },
            Point {
                lon: 0.000002,
                lat: 0.0,
            },
            Point { lon: 1.0, lat: 0.0 },
            Point { lon: 1.0, lat: 1.0 },
            Point {
                lon: 0.000003,
                lat: 0.000001,
            },
        ];
        let out = round_ring(ring);
        assert_eq!(out.len(), 3, "{out:?}");
        assert_eq!(out[0], Point { lon: 0.0, lat: 0.0 });
    }

    #[test]
    fn polygons_and_multipolygons_give_open_rings() {
        let g: Geometry = serde_json::from_str(
            r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]],[[[5,5],[6,5],[6,6],[5,5]]]]}"#,
        )
        .expect("valid geometry");
        let rings = g.rings();
        assert_eq!(rings.len(), 2);
        assert!(rings.iter().all(|r| r.len() == 3));
    }
}
