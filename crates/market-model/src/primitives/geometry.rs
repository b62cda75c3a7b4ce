//! Plane geometry on longitude/latitude at borough scale: point-in-polygon, a simplification that
//! keeps shared borders shared, and a projection for drawing.
//!
//! At London's latitude an equirectangular projection scaled by cos(latitude) distorts distances
//! by well under 1% across the footprint, which is all a borough map needs.

use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A WGS84 position. Serialises as `[lon, lat]`, as GeoJSON does.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "[f64; 2]", into = "[f64; 2]")]
pub struct Point {
    /// Longitude in degrees, east positive.
    pub lon: f64,
    /// Latitude in degrees, north positive.
    pub lat: f64,
}

impl From<[f64; 2]> for Point {
    fn from([lon, lat]: [f64; 2]) -> Point {
        Point { lon, lat }
    }
}

impl From<Point> for [f64; 2] {
    fn from(p: Point) -> [f64; 2] {
        [p.lon, p.lat]
    }
}

/// In the OpenAPI document a point is what it serialises as: `[longitude, latitude]`.
#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Point {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Type};
        ArrayBuilder::new()
            .items(ObjectBuilder::new().schema_type(Type::Number))
            .min_items(Some(2))
            .max_items(Some(2))
            .description(Some("[longitude, latitude] in WGS84 degrees"))
            .into()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Point {}

/// A closed ring of positions; the last point joins back to the first and is not repeated.
pub type Ring = Vec<Point>;

/// Whether `p` lies inside the area bounded by `rings` (even-odd rule, so a ring inside another
/// is a hole). Points exactly on an edge may fall either way.
pub fn contains(rings: &[Ring], p: Point) -> bool {
    let mut inside = false;
    for ring in rings {
        let n = ring.len();
        for i in 0..n {
            let a = ring[i];
            let b = ring[(i + n - 1) % n];
            if (a.lat > p.lat) != (b.lat > p.lat) {
                let lon_at = a.lon + (p.lat - a.lat) * (b.lon - a.lon) / (b.lat - a.lat);
                if p.lon < lon_at {
                    inside = !inside;
                }
            }
        }
    }
    inside
}

/// The centre of mass of the area a ring encloses (for placing a label), or its first point when
/// the ring has no area.
pub fn centroid(ring: &[Point]) -> Option<Point> {
    let first = *ring.first()?;
    let (mut area2, mut cx, mut cy) = (0.0, 0.0, 0.0);
    for i in 0..ring.len() {
        // Relative to the first point, for precision.
        let (ax, ay) = (ring[i].lon - first.lon, ring[i].lat - first.lat);
        let j = (i + 1) % ring.len();
        let (bx, by) = (ring[j].lon - first.lon, ring[j].lat - first.lat);
        let cross = ax * by - bx * ay;
        area2 += cross;
        cx += (ax + bx) * cross;
        cy += (ay + by) * cross;
    }
    if area2.abs() < f64::EPSILON {
        return Some(first);
    }
    Some(Point {
        lon: first.lon + cx / (3.0 * area2),
        lat: first.lat + cy / (3.0 * area2),
    })
}

/// From screen point `from`, the nearest of `candidates` lying roughly in direction `(dx, dy)`
/// (within 60° of it), for moving between map symbols with arrow keys. Returns its index.
pub fn nearest_in_direction(
    from: (f64, f64),
    direction: (f64, f64),
    candidates: impl IntoIterator<Item = (usize, (f64, f64))>,
) -> Option<usize> {
    let len = (direction.0.hypot(direction.1)).max(f64::EPSILON);
    let (ux, uy) = (direction.0 / len, direction.1 / len);
    candidates
        .into_iter()
        .filter_map(|(i, (x, y))| {
            let (vx, vy) = (x - from.0, y - from.1);
            let dist = vx.hypot(vy);
            let along = vx * ux + vy * uy;
            // cos 60° = 0.5: only points ahead, within the cone.
            (dist > 0.0 && along >= 0.5 * dist).then(|| {
                let across = (vx * uy - vy * ux).abs();
                (i, dist + 2.0 * across)
            })
        })
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(i, _)| i)
}

/// The smallest longitude/latitude box holding every point given.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Bounds {
    /// South-west corner.
    pub min: Point,
    /// North-east corner.
    pub max: Point,
}

impl Bounds {
    /// The bounds of `points`, or `None` when there are none.
    pub fn of<'a>(points: impl IntoIterator<Item = &'a Point>) -> Option<Bounds> {
        points.into_iter().fold(None, |acc, p| {
            Some(match acc {
                None => Bounds { min: *p, max: *p },
                Some(b) => Bounds {
                    min: Point {
                        lon: b.min.lon.min(p.lon),
                        lat: b.min.lat.min(p.lat),
                    },
                    max: Point {
                        lon: b.max.lon.max(p.lon),
                        lat: b.max.lat.max(p.lat),
                    },
                },
            })
        })
    }
}

/// Equirectangular projection scaled by the cosine of a reference latitude, fitted to a box of
/// screen units with y pointing down (as in SVG).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MapProjection {
    origin: Point,
    x_scale: f64,
    units_per_degree: f64,
    offset_x: f64,
    offset_y: f64,
}

impl MapProjection {
    /// Fits `bounds` into `width` × `height`, centred, keeping the aspect ratio.
    pub fn fit(bounds: Bounds, width: f64, height: f64) -> MapProjection {
        let mid_lat = (bounds.min.lat + bounds.max.lat) / 2.0;
        let x_scale = mid_lat.to_radians().cos();
        let span_x = ((bounds.max.lon - bounds.min.lon) * x_scale).max(f64::EPSILON);
        let span_y = (bounds.max.lat - bounds.min.lat).max(f64::EPSILON);
        let units_per_degree = (width / span_x).min(height / span_y);
        MapProjection {
            origin: Point {
                lon: bounds.min.lon,
                lat: bounds.max.lat,
            },
            x_scale,
            units_per_degree,
            offset_x: (width - span_x * units_per_degree) / 2.0,
            offset_y: (height - span_y * units_per_degree) / 2.0,
        }
    }

    /// Screen position of `p`.
    pub fn project(&self, p: Point) -> (f64, f64) {
        (
            self.offset_x + (p.lon - self.origin.lon) * self.x_scale * self.units_per_degree,
            self.offset_y + (self.origin.lat - p.lat) * self.units_per_degree,
        )
    }

    /// The position shown at screen point `(x, y)`.
    pub fn unproject(&self, (x, y): (f64, f64)) -> Point {
        Point {
            lon: self.origin.lon + (x - self.offset_x) / (self.x_scale * self.units_per_degree),
            lat: self.origin.lat - (y - self.offset_y) / self.units_per_degree,
        }
    }
}

/// Simplifies rings that share borders (such as neighbouring boroughs) so that a shared border
/// is simplified once and stays identical in both rings: no slivers or overlaps appear.
///
/// Each ring is cut into arcs at the points where the set of rings sharing a vertex changes; each
/// arc is simplified by Douglas–Peucker with `tolerance` in degrees of latitude (longitude is
/// scaled by cos(latitude) first); arc ends are always kept.
pub fn simplify_shared(rings: &[Ring], tolerance: f64) -> Vec<Ring> {
    let key = |p: &Point| (p.lon.to_bits(), p.lat.to_bits());
    let mut owners: HashMap<(u64, u64), Vec<usize>> = HashMap::new();
    for (r, ring) in rings.iter().enumerate() {
        for p in ring {
            let entry = owners.entry(key(p)).or_default();
            if entry.last() != Some(&r) {
                entry.push(r);
            }
        }
    }
    let count = rings.iter().map(Vec::len).sum::<usize>().max(1) as f64;
    let mean_lat = rings.iter().flatten().map(|p| p.lat).sum::<f64>() / count;
    let x_scale = mean_lat.to_radians().cos();

    rings
        .iter()
        .map(|ring| {
            let n = ring.len();
            if n < 4 {
                return ring.clone();
            }
            let owner = |i: usize| &owners[&key(&ring[i % n])];
            let mut breaks: Vec<usize> = (0..n)
                .filter(|&i| owner(i) != owner(i + n - 1) || owner(i) != owner(i + 1))
                .collect();
            if breaks.len() < 2 {
                // A ring that shares nothing (or everything): cut it at its first point and at
                // the point farthest from it so each arc has two distinct ends.
                let far = (1..n)
                    .max_by(|&a, &b| {
                        dist2(ring[0], ring[a], x_scale)
                            .total_cmp(&dist2(ring[0], ring[b], x_scale))
                    })
                    .unwrap_or(n / 2);
                breaks = vec![0, far];
            }
            let mut out = Vec::with_capacity(n);
            for (k, &start) in breaks.iter().enumerate() {
                let end = breaks[(k + 1) % breaks.len()];
                let len = (end + n - start) % n;
                let len = if len == 0 { n } else { len };
                let arc: Vec<Point> = (0..=len).map(|j| ring[(start + j) % n]).collect();
                let simplified = simplify_arc(&arc, tolerance, x_scale);
                out.extend_from_slice(&simplified[..simplified.len() - 1]);
            }
            out
        })
        .collect()
}

/// Douglas–Peucker on one open arc, in a canonical direction so that the same arc walked either
/// way simplifies to the same points.
fn simplify_arc(arc: &[Point], tolerance: f64, x_scale: f64) -> Vec<Point> {
    let first = arc[0];
    let last = arc[arc.len() - 1];
    let reversed = (last.lon, last.lat) < (first.lon, first.lat);
    let mut pts: Vec<Point> = arc.to_vec();
    if reversed {
        pts.reverse();
    }
    let mut keep = vec![false; pts.len()];
    keep[0] = true;
    keep[pts.len() - 1] = true;
    let mut stack = vec![(0, pts.len() - 1)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (mut worst, mut worst_d) = (a, -1.0);
        for i in a + 1..b {
            let d = segment_dist2(pts[i], pts[a], pts[b], x_scale);
            if d > worst_d {
                worst = i;
                worst_d = d;
            }
        }
        if worst_d > tolerance * tolerance {
            keep[worst] = true;
            stack.push((a, worst));
            stack.push((worst, b));
        }
    }
    let mut out: Vec<Point> = pts
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(p, _)| p)
        .collect();
    if reversed {
        out.reverse();
    }
    out
}

fn dist2(a: Point, b: Point, x_scale: f64) -> f64 {
    let dx = (a.lon - b.lon) * x_scale;
    let dy = a.lat - b.lat;
    dx * dx + dy * dy
}

/// Squared distance from `p` to the segment `a`–`b`, longitude scaled by `x_scale`.
fn segment_dist2(p: Point, a: Point, b: Point, x_scale: f64) -> f64 {
    let (px, py) = (p.lon * x_scale, p.lat);
    let (ax, ay) = (a.lon * x_scale, a.lat);
    let (bx, by) = (b.lon * x_scale, b.lat);
    let (dx, dy) = (bx - ax, by - ay);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 {
        0.0
    } else {
        (((px - ax) * dx + (py - ay) * dy) / len2).clamp(0.0, 1.0)
    };
    let (cx, cy) = (ax + t * dx, ay + t * dy);
    (px - cx).powi(2) + (py - cy).powi(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    use proptest::prelude::*;

    fn p(lon: f64, lat: f64) -> Point {
        Point { lon, lat }
    }

    fn square(x0: f64, y0: f64, size: f64) -> Ring {
        vec![
            p(x0, y0),
            p(x0 + size, y0),
            p(x0 + size, y0 + size),
            p(x0, y0 + size),
        ]
    }

    #[test]
    fn points_inside_outside_and_in_a_hole() {
        let outer = square(0.0, 0.0, 10.0);
        let hole = square(4.0, 4.0, 2.0);
        assert!(contains(std::slice::from_ref(&outer), p(1.0, 1.0)));
        assert!(!contains(std::slice::from_ref(&outer), p(11.0, 1.0)));
        assert!(!contains(std::slice::from_ref(&outer), p(-0.5, 5.0)));
        assert!(contains(&[outer.clone(), hole.clone()], p(3.0, 5.0)));
        assert!(!contains(&[outer, hole], p(5.0, 5.0)));
        assert!(!contains(&[], p(0.0, 0.0)));
    }

    #[test]
    fn concave_rings_are_handled() {
        // A "U" shape: the notch between the arms is outside.
        let u = vec![
            p(0.0, 0.0),
            p(3.0, 0.0),
            p(3.0, 3.0),
            p(2.0, 3.0),
            p(2.0, 1.0),
            p(1.0, 1.0),
            p(1.0, 3.0),
            p(0.0, 3.0),
        ];
        assert!(contains(std::slice::from_ref(&u), p(0.5, 2.5)));
        assert!(!contains(std::slice::from_ref(&u), p(1.5, 2.0)));
        assert!(contains(&[u], p(1.5, 0.5)));
    }

    #[test]
    fn the_centroid_of_a_square_and_of_an_l_shape() {
        let c = centroid(&square(2.0, 4.0, 2.0)).expect("a ring");
        assert!((c.lon - 3.0).abs() < 1e-12 && (c.lat - 5.0).abs() < 1e-12);
        // An L of three unit squares: centroid at (5/6, 5/6).
        let l = vec![
            p(0.0, 0.0),
            p(2.0, 0.0),
            p(2.0, 1.0),
            p(1.0, 1.0),
            p(1.0, 2.0),
            p(0.0, 2.0),
        ];
        let c = centroid(&l).expect("a ring");
        assert!((c.lon - 5.0 / 6.0).abs() < 1e-12 && (c.lat - 5.0 / 6.0).abs() < 1e-12);
        assert_eq!(centroid(&[]), None);
    }

    #[test]
    fn arrow_keys_move_to_the_nearest_point_ahead() {
        let pts = [
            (0, (10.0, 0.0)),
            (1, (3.0, 2.5)),
            (2, (-5.0, 0.0)),
            (3, (4.0, 0.5)),
            (4, (0.0, 0.0)),
        ];
        assert_eq!(nearest_in_direction((0.0, 0.0), (1.0, 0.0), pts), Some(3));
        assert_eq!(nearest_in_direction((0.0, 0.0), (-1.0, 0.0), pts), Some(2));
        assert_eq!(
            nearest_in_direction((0.0, 0.0), (0.0, 1.0), pts),
            Some(1),
            "50° off the axis is within the cone"
        );
        assert_eq!(
            nearest_in_direction((0.0, 0.0), (0.0, -1.0), pts),
            None,
            "nothing above"
        );
        assert_eq!(nearest_in_direction((0.0, 0.0), (1.0, 1.0), pts), Some(1));
    }

    #[test]
    fn projection_keeps_north_up_and_fits_the_box() {
        let b = Bounds::of(&[p(-0.3, 51.5), p(0.0, 51.7)]).expect("two points");
        let proj = MapProjection::fit(b, 800.0, 600.0);
        let (x0, y0) = proj.project(p(-0.3, 51.7));
        let (x1, y1) = proj.project(p(0.0, 51.5));
        assert!(x0 < x1 && y0 < y1, "west is left and north is up");
        assert!(x0 >= -1e-9 && y0 >= -1e-9 && x1 <= 800.0 + 1e-9 && y1 <= 600.0 + 1e-9);
        // One axis fills the box exactly.
        assert!(((x1 - x0) - 800.0).abs() < 1e-6 || ((y1 - y0) - 600.0).abs() < 1e-6);
        // A degree of longitude is cos(latitude) of a degree of latitude on screen.
        let ratio = (x1 - x0) / 0.3 / ((y1 - y0) / 0.2);
        assert!((ratio - 51.6f64.to_radians().cos()).abs() < 1e-9);
    }

    proptest! {
        #[test]
        fn unproject_inverts_project(lon in -0.3f64..0.0, lat in 51.5f64..51.7) {
            let b = Bounds::of(&[p(-0.3, 51.5), p(0.0, 51.7)]).expect("two points");
            let proj = MapProjection::fit(b, 640.0, 480.0);
            let back = proj.unproject(proj.project(p(lon, lat)));
            prop_assert!((back.lon - lon).abs() < 1e-9 && (back.lat - lat).abs() < 1e-9);
        }
    }

    #[test]
    fn simplification_drops_near_collinear_points_and_keeps_corners() {
        let mut ring = vec![p(0.0, 0.0)];
        for i in 1..10 {
            ring.push(p(f64::from(i) * 0.1, if i % 2 == 0 { 0.0001 } else { 0.0 }));
        }
        ring.extend([p(1.0, 0.0), p(1.0, 1.0), p(0.0, 1.0)]);
        let out = simplify_shared(&[ring], 0.001);
        assert_eq!(
            out[0].len(),
            4,
            "only the four corners survive: {:?}",
            out[0]
        );
        assert!(out[0].contains(&p(1.0, 1.0)));
    }

    #[test]
    fn a_shared_border_stays_identical_in_both_rings() {
        // Two squares side by side share a wiggly border x = 1 walked in opposite directions.
        let wiggle: Vec<Point> = (1..20)
            .map(|i| {
                p(
                    1.0 + if i % 3 == 0 {
                        0.02
                    } else {
                        0.0003 * f64::from(i % 2)
                    },
                    f64::from(i) * 0.05,
                )
            })
            .collect();
        let mut left = vec![p(0.0, 0.0), p(1.0, 0.0)];
        left.extend(wiggle.iter().copied());
        left.extend([p(1.0, 1.0), p(0.0, 1.0)]);
        let mut right = vec![p(1.0, 0.0), p(2.0, 0.0), p(2.0, 1.0), p(1.0, 1.0)];
        right.extend(wiggle.iter().rev().copied());
        let out = simplify_shared(&[left, right], 0.001);
        let on_border = |r: &Ring| -> Vec<(u64, u64)> {
            let mut v: Vec<_> = r
                .iter()
                .filter(|q| q.lon > 0.5 && q.lon < 1.5)
                .map(|q| (q.lon.to_bits(), q.lat.to_bits()))
                .collect();
            v.sort();
            v
        };
        assert_eq!(on_border(&out[0]), on_border(&out[1]));
        assert!(out[0].len() < 2 + 19 + 2, "the wiggle was simplified");
        assert!(
            out[0]
                .iter()
                .any(|q| (q.lon - 1.02).abs() < 1e-12 && (q.lat - 0.15).abs() < 1e-12),
            "a large bump is kept"
        );
    }
}
