//! Reads the real reference tables: older population per borough (estimated and projected) and
//! acute hospital sites.

use crate::InputError;
use market_model::analytics::projection::{
    BoroughProjection, PopulationProjection, ProjectedPopulation,
};
use market_model::primitives::geometry::Point;
use market_model::register::footprint::{Footprint, Hospital, Population};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

/// The population year the app uses: the most recent with five-year age bands.
const POPULATION_YEAR: &str = "mid-2021";

#[derive(Deserialize)]
struct PopulationRow {
    lad_code: String,
    year: String,
    total_population: u32,
    pop_65plus: u32,
    pop_85plus: u32,
    pop_75_79: Option<u32>,
    pop_80_84: Option<u32>,
}

/// Mid-2021 population by GSS code.
pub fn read_populations(path: &Path) -> Result<BTreeMap<String, Population>, InputError> {
    let rows: Vec<PopulationRow> = read_csv(path)?;
    let found: BTreeMap<String, Population> = rows
        .into_iter()
        .filter(|r| r.year == POPULATION_YEAR)
        .map(|r| {
            let aged_75_to_84 = r.pop_75_79.unwrap_or(0) + r.pop_80_84.unwrap_or(0);
            let population = Population {
                year: r.year,
                source: "ONS mid-year population estimates".to_string(),
                total: r.total_population,
                aged_65_plus: r.pop_65plus,
                aged_75_plus: aged_75_to_84 + r.pop_85plus,
                aged_85_plus: r.pop_85plus,
            };
            (r.lad_code, population)
        })
        .collect();
    if found.is_empty() {
        return Err(InputError {
            path: path.to_path_buf(),
            message: format!("no {POPULATION_YEAR} rows"),
        });
    }
    Ok(found)
}

#[derive(Deserialize)]
struct ProjectionRow {
    lad_code: String,
    year: u16,
    pop_65plus: u32,
    pop_85plus: u32,
}

/// The ONS 2016-based projection of each footprint borough's 65+ and 85+ population, in footprint
/// order, years oldest first. A borough with no rows, a year given twice, or more people aged 85+
/// than 65+ is an error.
pub fn read_projection(
    path: &Path,
    footprint: &Footprint,
) -> Result<PopulationProjection, InputError> {
    let error = |message: String| InputError {
        path: path.to_path_buf(),
        message,
    };
    let rows: Vec<ProjectionRow> = read_csv(path)?;
    if let Some((i, r)) = rows
        .iter()
        .enumerate()
        .find(|(_, r)| r.pop_85plus > r.pop_65plus)
    {
        return Err(error(format!(
            "row {}: {} aged 85+ is more than {} aged 65+",
            i + 2,
            r.pop_85plus,
            r.pop_65plus
        )));
    }
    let mut boroughs = Vec::with_capacity(footprint.boroughs.len());
    for b in &footprint.boroughs {
        let mut years: Vec<ProjectedPopulation> = rows
            .iter()
            .filter(|r| r.lad_code == b.gss_code)
            .map(|r| ProjectedPopulation {
                year: r.year,
                aged_65_plus: r.pop_65plus,
                aged_85_plus: r.pop_85plus,
            })
            .collect();
        if years.is_empty() {
            return Err(error(format!("no rows for {} ({})", b.name, b.gss_code)));
        }
        years.sort_unstable_by_key(|p| p.year);
        if let Some(w) = years.windows(2).find(|w| w[0].year == w[1].year) {
            return Err(error(format!(
                "{} is given twice for {}",
                w[0].year, b.gss_code
            )));
        }
        boroughs.push(BoroughProjection {
            name: b.name.clone(),
            gss_code: b.gss_code.clone(),
            years,
        });
    }
    Ok(PopulationProjection {
        source: "ONS 2016-based subnational population projections".to_string(),
        licence:
            "Contains public sector information licensed under the Open Government Licence v3.0"
                .to_string(),
        boroughs,
    })
}

#[derive(Deserialize)]
struct HospitalRow {
    name: String,
    postcode: String,
    trust: String,
    site_code: String,
    lat: f64,
    lng: f64,
}

/// Acute hospital sites. A site code such as "RAL27 (RAPNM before 2025)" keeps its current code.
pub fn read_hospitals(path: &Path) -> Result<Vec<Hospital>, InputError> {
    let rows: Vec<HospitalRow> = read_csv(path)?;
    Ok(rows
        .into_iter()
        .map(|r| Hospital {
            name: r.name,
            site_code: r.site_code.split_whitespace().next().map(str::to_string),
            trust: r.trust.split(" (").next().unwrap_or(&r.trust).to_string(),
            postcode: r.postcode,
            location: Point {
                lon: r.lng,
                lat: r.lat,
            },
        })
        .collect())
}

fn read_csv<T: serde::de::DeserializeOwned>(path: &Path) -> Result<Vec<T>, InputError> {
    let error = |message: String| InputError {
        path: path.to_path_buf(),
        message,
    };
    let mut reader = csv::Reader::from_path(path).map_err(|e| error(e.to_string()))?;
    reader
        .deserialize()
        .enumerate()
        .map(|(i, row)| row.map_err(|e| error(format!("row {}: {e}", i + 2))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn file(text: &str) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().expect("temp file");
        f.write_all(text.as_bytes()).expect("write");
        f
    }

    #[test]
    fn population_keeps_mid_2021_and_adds_up_75_plus() {
        let f = file(
            "lad_code,borough,year,source,total_population,pop_65plus,pop_85plus,pop_65_69,pop_70_74,pop_75_79,pop_80_84,pop_85_89,pop_90plus\n\
             E1,A,mid-2021,x,1000,200,30,60,50,40,20,20,10\n\
             E1,A,mid-2020,x,990,190,28,,,,,,\n",
        );
        let p = read_populations(f.path()).expect("reads");
        assert_eq!(p.len(), 1);
        let a = &p["E1"];
        assert_eq!(
            (a.total, a.aged_65_plus, a.aged_75_plus, a.aged_85_plus),
            (1000, 200, 90, 30)
        );
    }

    #[test]
    fn a_bad_row_is_named() {
        let f = file(
            "lad_code,borough,year,source,total_population,pop_65plus,pop_85plus,pop_65_69,pop_70_74,pop_75_79,pop_80_84,pop_85_89,pop_90plus\n\
             E1,A,mid-2021,x,lots,200,30,60,50,40,20,20,10\n",
        );
        let err = read_populations(f.path()).expect_err("not a number");
        assert!(err.message.starts_with("row 2:"), "{}", err.message);
    }

    fn footprint(codes: &[&str]) -> Footprint {
        let population = Population {
            year: "mid-2021".into(),
            source: "test".into(),
            total: 0,
            aged_65_plus: 0,
            aged_75_plus: 0,
            aged_85_plus: 0,
        };
        Footprint {
            name: "Test".into(),
            boroughs: codes
                .iter()
                .map(|c| market_model::register::footprint::Borough {
                    name: format!("Borough {c}"),
                    gss_code: c.to_string(),
                    population: population.clone(),
                    boundary: vec![],
                })
                .collect(),
            hospitals: vec![],
        }
    }

    const PROJECTION_HEADER: &str = "lad_code,borough,year,pop_65plus,pop_85plus,source\n";

    #[test]
    fn the_projection_keeps_footprint_boroughs_in_order_with_years_sorted() {
        let f = file(&format!(
            "{PROJECTION_HEADER}\
             E1,A,2017,110,12,x\n\
             E2,B,2016,50,5,x\n\
             E1,A,2016,100,10,x\n\
             E9,Z,2016,1,0,x\n"
        ));
        let p = read_projection(f.path(), &footprint(&["E2", "E1"])).expect("reads");
        assert!(p.source.starts_with("ONS 2016-based"));
        assert!(p.licence.contains("Open Government Licence v3.0"));
        let codes: Vec<&str> = p.boroughs.iter().map(|b| b.gss_code.as_str()).collect();
        assert_eq!(codes, ["E2", "E1"], "footprint order; E9 left out");
        assert_eq!(p.boroughs[1].name, "Borough E1");
        assert_eq!(
            p.boroughs[1].years,
            [
                ProjectedPopulation {
                    year: 2016,
                    aged_65_plus: 100,
                    aged_85_plus: 10
                },
                ProjectedPopulation {
                    year: 2017,
                    aged_65_plus: 110,
                    aged_85_plus: 12
                }
            ]
        );
    }

    #[test]
    fn a_projection_with_gaps_or_contradictions_is_refused() {
        for (rows, message) in [
            ("E1,A,2016,100,10,x\n", "no rows for Borough E2 (E2)"),
            (
                "E1,A,2016,100,10,x\nE2,B,2016,1,0,x\nE2,B,2016,1,0,x\n",
                "2016 is given twice for E2",
            ),
            (
                "E1,A,2016,100,10,x\nE2,B,2016,5,6,x\n",
                "row 3: 6 aged 85+ is more than 5 aged 65+",
            ),
        ] {
            let f = file(&format!("{PROJECTION_HEADER}{rows}"));
            let err = read_projection(f.path(), &footprint(&["E1", "E2"])).expect_err(message);
            assert_eq!(err.message, message);
        }
    }

    #[test]
    fn hospital_site_codes_keep_the_current_code() {
        let f = file(
            "name,address,postcode,borough,trust,site_code,lat,lng\n\
             North Mid,\"Sterling Way, London\",N18 1QX,Enfield,\"Royal Free (merged 2025)\",RAL27 (RAPNM before 2025),51.6,-0.07\n\
             UCH,Euston Road,NW1 2BU,Camden,UCLH,,51.5,-0.13\n",
        );
        let h = read_hospitals(f.path()).expect("reads");
        assert_eq!(h[0].site_code.as_deref(), Some("RAL27"));
        assert_eq!(h[0].trust, "Royal Free");
        assert_eq!(h[1].site_code, None);
        assert_eq!(
            h[1].location,
            Point {
                lon: -0.13,
                lat: 51.5
            }
        );
    }
}
