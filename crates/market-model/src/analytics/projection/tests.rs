use super::*;
use crate::analytics::supply::summarise_supply;
use crate::register::footprint::{test_footprint, test_population};
use crate::register::home::{test_home, CareHome, CareType, Specialism};
use proptest::prelude::*;

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

fn year(year: u16, aged_65_plus: u32, aged_85_plus: u32) -> ProjectedPopulation {
    ProjectedPopulation {
        year,
        aged_65_plus,
        aged_85_plus,
    }
}

fn projection() -> PopulationProjection {
    let borough = |code: &str, years| BoroughProjection {
        name: code.into(),
        gss_code: code.into(),
        years,
    };
    PopulationProjection {
        source: "test".into(),
        licence: "test".into(),
        boroughs: vec![
            borough(
                "N",
                vec![year(2020, 10_000, 1_000), year(2025, 12_000, 2_000)],
            ),
            borough("S", vec![year(2020, 5_000, 500), year(2025, 5_000, 1_000)]),
        ],
    }
}

fn supply() -> Supply {
    let footprint = test_footprint(vec![
        ("N", test_population(0, 0, 0)),
        ("S", test_population(0, 0, 0)),
    ]);
    let home = |id: &str, borough: &str, care_type, beds, dementia: bool| CareHome {
        borough: borough.into(),
        care_type,
        registered_beds: beds,
        specialisms: if dementia {
            vec![Specialism::Dementia]
        } else {
            vec![]
        },
        ..test_home(id)
    };
    use CareType::{Nursing, Residential};
    let homes = [
        home("a", "N", Nursing, 60, true),
        home("b", "N", Residential, 19, false),
        home("c", "N", Residential, 20, true),
        home("d", "S", Nursing, 59, false),
        home("e", "S", Residential, 41, false),
    ];
    summarise_supply(&footprint, &homes)
}

fn assumptions(year: u16) -> Assumptions {
    let r = |aged_65_to_84, aged_85_plus| UseRates {
        aged_65_to_84,
        aged_85_plus,
    };
    Assumptions {
        year,
        rates: [r(2.0, 20.0), r(1.0, 10.0), r(0.0, 5.0), r(0.5, 25.0)],
    }
}

#[test]
fn years_held_are_exact_and_years_between_are_interpolated() {
    let n = &projection().boroughs[0];
    for (y, aged_65_to_84, aged_85_plus) in [
        (2020, 9_000.0, 1_000.0),
        // Two fifths of the way: (9,000 × 3 + 10,000 × 2) / 5 and (1,000 × 3 + 2,000 × 2) / 5.
        (2022, 9_400.0, 1_400.0),
        (2024, 9_800.0, 1_800.0),
        (2025, 10_000.0, 2_000.0),
    ] {
        assert_eq!(
            n.in_year(y),
            Ok(AgeBands {
                aged_65_to_84,
                aged_85_plus
            }),
            "{y}"
        );
    }
}

#[test]
fn years_outside_the_projection_are_refused() {
    let n = &projection().boroughs[0];
    for y in [0, 2019, 2026, 2041] {
        assert_eq!(
            n.in_year(y),
            Err(ProjectionError::YearOutside {
                gss_code: "N".into(),
                year: y,
                first: 2020,
                last: 2025
            })
        );
    }
    let message = n.in_year(2019).expect_err("too early").to_string();
    assert_eq!(
        message,
        "2019 is outside the projection for N, which runs from 2020 to 2025"
    );
    let empty = BoroughProjection {
        years: vec![],
        ..n.clone()
    };
    assert_eq!(
        empty.in_year(2020),
        Err(ProjectionError::NoProjection {
            gss_code: "N".into()
        })
    );
}

#[test]
fn the_span_is_the_years_every_borough_covers() {
    let mut p = projection();
    assert_eq!(p.years(), Some((2020, 2025)));
    p.boroughs[1].years.insert(0, year(2016, 1, 0));
    p.boroughs[1].years.pop();
    assert_eq!(p.years(), Some((2020, 2020)));
    p.boroughs[0].years.clear();
    assert_eq!(p.years(), None);
    assert_eq!(
        PopulationProjection {
            boroughs: vec![],
            ..p
        }
        .years(),
        None
    );
}

#[test]
fn demand_supply_and_gap_by_hand() {
    let g = project_supply_gap(&supply(), &projection(), &assumptions(2022)).expect("projects");
    assert_eq!(g.year, 2022);
    // North in 2022: 9,400 aged 65–84 and 1,400 aged 85+.
    // Residential (2 × 9,400 + 20 × 1,400) / 1,000 = 46.8 against 19 beds;
    // residential dementia (9,400 + 14,000) / 1,000 = 23.4 against 20;
    // nursing 7,000 / 1,000 = 7 against 0; nursing dementia (4,700 + 35,000) / 1,000 = 39.7
    // against 60.
    let north = &g.boroughs[0];
    let table: Vec<(BedCategory, f64, u32, f64)> = north
        .categories
        .iter()
        .map(|c| (c.category, c.demand, c.supply, c.gap()))
        .collect();
    for ((category, demand, supply, gap), expected) in table.iter().zip([
        (BedCategory::Residential, 46.8, 19, 27.8),
        (BedCategory::ResidentialDementia, 23.4, 20, 3.4),
        (BedCategory::Nursing, 7.0, 0, 7.0),
        (BedCategory::NursingDementia, 39.7, 60, -20.3),
    ]) {
        assert_eq!(*category, expected.0);
        assert!(close(*demand, expected.1), "{category:?} demand {demand}");
        assert_eq!(*supply, expected.2, "{category:?}");
        assert!(close(*gap, expected.3), "{category:?} gap {gap}");
    }
    assert!(close(north.demand(), 116.9));
    assert_eq!(north.supply(), 99);
    assert!(close(north.gap(), 17.9));

    // South in 2022: 4,300 aged 65–84 and 700 aged 85+: 22.6 + 11.3 + 3.5 + 19.65 = 57.05
    // against 100 beds.
    let south = &g.boroughs[1];
    assert!(close(south.demand(), 57.05));
    assert_eq!(south.supply(), 100);

    let t = &g.total;
    assert_eq!(t.gss_code, None);
    assert_eq!(
        t.people,
        AgeBands {
            aged_65_to_84: 13_700.0,
            aged_85_plus: 2_100.0
        }
    );
    assert!(close(t.demand(), 173.95));
    assert_eq!(t.supply(), 199);
    assert!(close(t.gap(), -25.05));
    assert!(close(
        t.categories[3].demand,
        north.categories[3].demand + south.categories[3].demand
    ));
    assert_eq!(
        assumptions(2022).demand(BedCategory::StepDown, &t.people),
        0.0
    );
}

#[test]
fn a_gap_is_not_projected_from_a_bad_year_rate_or_a_missing_borough() {
    let err = project_supply_gap(&supply(), &projection(), &assumptions(2030));
    assert!(matches!(
        err,
        Err(ProjectionError::YearOutside { year: 2030, .. })
    ));
    for bad in [-1.0, f64::NAN, f64::INFINITY] {
        let mut a = assumptions(2022);
        a.rates[2].aged_85_plus = bad;
        assert_eq!(
            project_supply_gap(&supply(), &projection(), &a),
            Err(ProjectionError::BadRate {
                category: BedCategory::Nursing
            })
        );
    }
    let mut p = projection();
    p.boroughs.remove(1);
    let err = project_supply_gap(&supply(), &p, &assumptions(2022)).expect_err("no S");
    assert_eq!(err.to_string(), "the projection has no figures for S");
}

#[test]
fn the_default_rates_add_up_to_the_stated_totals() {
    let a = Assumptions::default();
    assert_eq!(a.year, 2030);
    let sum_65: f64 = a.rates.iter().map(|r| r.aged_65_to_84).sum();
    let sum_85: f64 = a.rates.iter().map(|r| r.aged_85_plus).sum();
    assert_eq!((sum_65, sum_85), (10.0, 130.0));
    assert_eq!(a.rates_for(BedCategory::StepDown), None);
    assert_eq!(
        a.rates_for(BedCategory::ResidentialDementia),
        Some(UseRates {
            aged_65_to_84: 2.0,
            aged_85_plus: 30.0
        })
    );
}

#[test]
fn assumptions_write_only_what_differs_from_the_defaults() {
    assert_eq!(Assumptions::default().to_query_string(), "");
    let mut a = Assumptions {
        year: 2035,
        ..Assumptions::default()
    };
    a.rates[3].aged_85_plus = 27.25;
    a.rates[0].aged_65_to_84 = 0.0;
    assert_eq!(a.to_query_string(), "?nurd_85=27.25&res_65=0&year=2035");
}

#[test]
fn a_link_with_nonsense_still_opens() {
    let a = Assumptions::from_query([
        ("year", "soon"),
        ("res_65", "-1"),
        ("res_85", "NaN"),
        ("nur_65", "inf"),
        ("nur_85", "4.5"),
        ("zzz", "7"),
    ]);
    let mut expected = Assumptions::default();
    expected.rates[2].aged_85_plus = 4.5;
    assert_eq!(a, expected);
}

proptest! {
    #[test]
    fn assumptions_survive_the_url(
        year in 2016u16..=2041,
        rates in proptest::collection::vec(0.0f64..500.0, 8),
    ) {
        let mut a = Assumptions { year, ..Assumptions::default() };
        for (r, pair) in a.rates.iter_mut().zip(rates.chunks(2)) {
            *r = UseRates { aged_65_to_84: pair[0], aged_85_plus: pair[1] };
        }
        let q = a.to_query();
        prop_assert_eq!(Assumptions::from_query(q.iter().map(|(k, v)| (*k, v.as_str()))), a);
    }
}

#[test]
fn every_key_the_assumptions_write_is_theirs_and_no_other() {
    let mut a = assumptions(2035);
    for (i, r) in a.rates.iter_mut().enumerate() {
        r.aged_65_to_84 = 10.0 + i as f64;
        r.aged_85_plus = 50.0 + i as f64;
    }
    let written = a.to_query();
    assert_eq!(written.len(), 9, "the year and eight rates");
    for (key, _) in &written {
        assert!(Assumptions::is_query_key(key), "{key}");
    }
    for other in ["category", "funder", "week", "res", "65", ""] {
        assert!(!Assumptions::is_query_key(other), "{other}");
    }
}
