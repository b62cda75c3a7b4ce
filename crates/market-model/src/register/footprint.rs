//! The footprint: the boroughs whose market this is, their older population, and the acute
//! hospitals that discharge into it.

use crate::primitives::geometry::{contains, Point, Ring};
use crate::primitives::week::Week;
use serde::{Deserialize, Serialize};

/// The area the dashboard covers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Footprint {
    /// Its name, such as "North Central London".
    pub name: String,
    /// The boroughs, in display order.
    pub boroughs: Vec<Borough>,
    /// Acute hospital sites serving the footprint.
    pub hospitals: Vec<Hospital>,
}

impl Footprint {
    /// The borough with this GSS code.
    pub fn borough(&self, gss_code: &str) -> Option<&Borough> {
        self.boroughs.iter().find(|b| b.gss_code == gss_code)
    }

    /// Each borough as (GSS code, name), in footprint order: a drop-down's options.
    pub fn borough_choices(&self) -> Vec<(String, String)> {
        self.boroughs
            .iter()
            .map(|b| (b.gss_code.clone(), b.name.clone()))
            .collect()
    }

    /// Each borough as (name, GSS code), the way the CSV readers recognise either.
    pub fn names(&self) -> Vec<(&str, &str)> {
        self.boroughs
            .iter()
            .map(|b| (b.name.as_str(), b.gss_code.as_str()))
            .collect()
    }

    /// The borough whose boundary contains `p`, if any.
    pub fn borough_containing(&self, p: Point) -> Option<&Borough> {
        self.boroughs.iter().find(|b| contains(&b.boundary, p))
    }

    /// The boroughs' populations added up. The year and source are the boroughs' own when they
    /// agree; otherwise each distinct one is listed, separated by "; ".
    pub fn population(&self) -> Population {
        let mut sum = Population {
            year: String::new(),
            source: String::new(),
            total: 0,
            aged_65_plus: 0,
            aged_75_plus: 0,
            aged_85_plus: 0,
        };
        for p in self.boroughs.iter().map(|b| &b.population) {
            sum.total += p.total;
            sum.aged_65_plus += p.aged_65_plus;
            sum.aged_75_plus += p.aged_75_plus;
            sum.aged_85_plus += p.aged_85_plus;
            append_distinct(&mut sum.year, &p.year);
            append_distinct(&mut sum.source, &p.source);
        }
        sum
    }
}

/// Adds `item` to a "; "-separated list unless it is already there.
fn append_distinct(list: &mut String, item: &str) {
    if !list.split("; ").any(|x| x == item) {
        if !list.is_empty() {
            list.push_str("; ");
        }
        list.push_str(item);
    }
}

/// A London borough (a local authority with social care responsibilities).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Borough {
    /// Its name, such as "Barnet".
    pub name: String,
    /// ONS Government Statistical Service code, such as "E09000003".
    pub gss_code: String,
    /// Resident population, with its year and source.
    pub population: Population,
    /// Boundary rings (even-odd rule), simplified for display.
    pub boundary: Vec<Ring>,
}

/// An older-population estimate for one area.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Population {
    /// The estimate's reference date, such as "mid-2021".
    pub year: String,
    /// Who published it.
    pub source: String,
    /// All ages.
    pub total: u32,
    /// People aged 65 and over.
    pub aged_65_plus: u32,
    /// People aged 75 and over.
    pub aged_75_plus: u32,
    /// People aged 85 and over.
    pub aged_85_plus: u32,
}

/// An acute hospital site.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Hospital {
    /// Its name, such as "North Middlesex University Hospital".
    pub name: String,
    /// ODS site code, when known.
    pub site_code: Option<String>,
    /// The NHS trust that runs it.
    pub trust: String,
    /// Its postcode.
    pub postcode: String,
    /// Approximate site position (about 100 m).
    pub location: Point,
}

/// What a data set is and which weeks it covers: read first, before anything else is fetched.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DataManifest {
    /// True when homes, returns and fees are generated sample data, not the real market.
    pub sample: bool,
    /// A sentence for users saying what the data is.
    pub notice: String,
    /// Weeks that have a returns file, oldest first.
    pub weeks: Vec<Week>,
    /// Where the real figures (boundaries, population, hospitals) come from.
    pub attribution: Vec<String>,
}

impl DataManifest {
    /// The most recent week with returns.
    pub fn latest_week(&self) -> Option<Week> {
        self.weeks.iter().max().copied()
    }
}

/// A population of these sizes (all ages: six times the 65+), for tests.
#[cfg(test)]
pub(crate) fn test_population(
    aged_65_plus: u32,
    aged_75_plus: u32,
    aged_85_plus: u32,
) -> Population {
    Population {
        year: "mid-2021".into(),
        source: "ONS".into(),
        total: aged_65_plus * 6,
        aged_65_plus,
        aged_75_plus,
        aged_85_plus,
    }
}

/// A footprint of boroughs without boundaries, each named by its code, for tests.
#[cfg(test)]
pub(crate) fn test_footprint(boroughs: Vec<(&str, Population)>) -> Footprint {
    Footprint {
        name: "Test".into(),
        boroughs: boroughs
            .into_iter()
            .map(|(code, population)| Borough {
                name: code.into(),
                gss_code: code.into(),
                population,
                boundary: vec![],
            })
            .collect(),
        hospitals: vec![],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn borough(code: &str, x0: f64) -> Borough {
        Borough {
            name: code.to_string(),
            gss_code: code.to_string(),
            population: Population {
                year: "mid-2021".into(),
                source: format!("test {code}"),
                total: 1000,
                aged_65_plus: 100,
                aged_75_plus: 40,
                aged_85_plus: 10,
            },
            boundary: vec![vec![
                Point { lon: x0, lat: 0.0 },
                Point {
                    lon: x0 + 1.0,
                    lat: 0.0,
                },
                Point {
                    lon: x0 + 1.0,
                    lat: 1.0,
                },
                Point { lon: x0, lat: 1.0 },
            ]],
        }
    }

    #[test]
    fn finds_boroughs_by_code_and_by_position() {
        let fp = Footprint {
            name: "Test".into(),
            boroughs: vec![borough("A", 0.0), borough("B", 1.0)],
            hospitals: vec![],
        };
        assert_eq!(fp.borough("B").map(|b| b.name.as_str()), Some("B"));
        assert!(fp.borough("C").is_none());
        let at = |lon| {
            fp.borough_containing(Point { lon, lat: 0.5 })
                .map(|b| b.gss_code.as_str())
        };
        assert_eq!(at(0.5), Some("A"));
        assert_eq!(at(1.5), Some("B"));
        assert_eq!(at(2.5), None);
    }

    #[test]
    fn the_footprint_population_adds_up_and_lists_each_source_once() {
        let fp = Footprint {
            name: "Test".into(),
            boroughs: vec![borough("A", 0.0), borough("B", 1.0), borough("A", 2.0)],
            hospitals: vec![],
        };
        let p = fp.population();
        assert_eq!(
            (p.total, p.aged_65_plus, p.aged_75_plus, p.aged_85_plus),
            (3000, 300, 120, 30)
        );
        assert_eq!(p.year, "mid-2021");
        assert_eq!(p.source, "test A; test B");
    }

    #[test]
    fn the_latest_week_is_the_greatest() {
        let m = DataManifest {
            sample: true,
            notice: String::new(),
            weeks: vec![
                "2026-11-16".parse().expect("Monday"),
                "2026-11-09".parse().expect("Monday"),
            ],
            attribution: vec![],
        };
        assert_eq!(
            m.latest_week().map(|w| w.to_string()).as_deref(),
            Some("2026-11-16")
        );
        assert_eq!(DataManifest { weeks: vec![], ..m }.latest_week(), None);
    }
}
