//! The data in `public/data/` is exactly what the generator makes from the reference files, and
//! it holds together: every home inside its borough, boundaries within budget, returns for homes
//! that exist, a ledger that reads cleanly and looks like the market.

use market_model::analytics::ledger::{parse_ledger, Funder};
use market_model::analytics::prices::{placement_flows, price_spreads};
use market_model::brokerage::rates::usual_rate;
use market_model::primitives::geometry::contains;
use market_model::register::footprint::{DataManifest, Footprint};
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::BedCategory;
use sample_data::{build, generate_placements, Options, VERTEX_BUDGET};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    // Where cargo says the package is when it runs the test, not where it was compiled.
    Path::new(&std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo")).join("../..")
}

fn shipped(path: &str) -> String {
    let p = root().join("public/data").join(path);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

#[test]
fn shipped_files_are_what_the_generator_makes() {
    let reference = root().join("../shared/data");
    if !reference.exists() {
        panic!("the reference data is expected at {}", reference.display());
    }
    let data = build(&Options::shipped(reference)).expect("reference files read");
    let mut expected: Vec<String> = Vec::new();
    for (path, text) in data.files() {
        let path = path.to_string_lossy().into_owned();
        assert!(
            shipped(&path) == text,
            "{path} differs from the generator's output: run `cargo run -p sample-data`"
        );
        expected.push(path);
    }
    let mut on_disk: Vec<String> = ["returns", "latest"]
        .iter()
        .flat_map(|folder| {
            std::fs::read_dir(root().join("public/data").join(folder))
                .expect("returns folder")
                .map(move |e| {
                    format!(
                        "{folder}/{}",
                        e.expect("entry").file_name().to_string_lossy()
                    )
                })
        })
        .collect();
    on_disk.sort();
    expected.retain(|p| p.starts_with("returns/") || p.starts_with("latest/"));
    expected.sort();
    assert_eq!(on_disk, expected, "no stray returns files");
}

#[test]
fn every_home_lies_in_its_own_borough_and_no_other() {
    let footprint: Footprint = serde_json::from_str(&shipped("footprint.json")).expect("footprint");
    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    // Each borough's care homes as published (see the README's data table), 227 in all.
    assert_eq!(homes.len(), 84 + 11 + 82 + 34 + 16);
    for home in &homes {
        let inside: Vec<&str> = footprint
            .boroughs
            .iter()
            .filter(|b| contains(&b.boundary, home.location))
            .map(|b| b.gss_code.as_str())
            .collect();
        assert_eq!(
            inside,
            [home.borough.as_str()],
            "{} at {:?}",
            home.id,
            home.location
        );
    }
}

#[test]
fn boundaries_are_small_and_the_data_is_labelled_sample() {
    let footprint: Footprint = serde_json::from_str(&shipped("footprint.json")).expect("footprint");
    let vertices: usize = footprint
        .boroughs
        .iter()
        .flat_map(|b| &b.boundary)
        .map(Vec::len)
        .sum();
    assert!(
        vertices <= VERTEX_BUDGET && vertices > 500,
        "{vertices} vertices"
    );
    let names: Vec<&str> = footprint.boroughs.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        ["Barnet", "Camden", "Enfield", "Haringey", "Islington"]
    );
    let manifest: DataManifest = serde_json::from_str(&shipped("manifest.json")).expect("manifest");
    assert!(manifest.sample);
    assert_eq!(manifest.weeks.len(), 12);
    assert!(manifest.notice.contains("not the real market"));
    // The static configuration says the same before any data loads, so the banner never moves
    // the page.
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("public/config.json")).expect("config.json"),
    )
    .expect("JSON");
    assert_eq!(config["sample"], true);
    assert_eq!(config["notice"].as_str(), Some(manifest.notice.as_str()));
}

#[test]
fn barnet_has_by_far_the_most_homes_and_self_funders_pay_more_than_the_floor() {
    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    let count = |code: &str| homes.iter().filter(|h| h.borough == code).count();
    let barnet = count("E09000003");
    for other in ["E09000007", "E09000010", "E09000014", "E09000019"] {
        assert!(
            barnet > count(other),
            "Barnet {barnet} vs {other} {}",
            count(other)
        );
    }
    let returns: Vec<market_model::returns::capacity_return::CapacityReturn> =
        serde_json::from_str(&shipped("returns/2026-11-16.json")).expect("returns");
    assert!(returns.len() < homes.len(), "some homes have not returned");
    for r in &returns {
        assert!(
            homes.iter().any(|h| h.id == r.home),
            "return for unknown home {}",
            r.home
        );
        let fees = r.fees.as_ref().expect("sample returns carry fees");
        let (from, to) = (
            fees.self_funder_from.expect("from"),
            fees.self_funder_to.expect("to"),
        );
        assert!(
            from.0 >= 100_000 && from < to,
            "{}: {from:?}..{to:?}",
            r.home
        );
        for counts in r.beds.values() {
            assert!(
                counts.occupied + counts.vacant() <= counts.capacity,
                "{}",
                r.home
            );
        }
    }
}

#[test]
fn the_shipped_ledger_reads_without_a_rejected_row_and_looks_like_the_market() {
    let footprint: Footprint = serde_json::from_str(&shipped("footprint.json")).expect("footprint");
    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    let ids: HashSet<&str> = homes.iter().map(|h| h.id.as_str()).collect();
    let boroughs = footprint.names();
    let import = parse_ledger(&shipped("placements.csv"), &boroughs, |id| ids.contains(id))
        .expect("a ledger");
    assert_eq!(import.rejected, []);
    let placements = import.placements;
    assert!(
        (1_500..=2_500).contains(&placements.len()),
        "{}",
        placements.len()
    );

    let manifest: DataManifest = serde_json::from_str(&shipped("manifest.json")).expect("manifest");
    let on = manifest.latest_week().expect("weeks").monday();
    let ended = placements.iter().filter(|p| !p.active_on(on)).count();
    assert!(
        (200..800).contains(&ended),
        "{ended} of {} placements have ended",
        placements.len()
    );

    let codes: Vec<&str> = boroughs.iter().map(|(_, code)| *code).collect();
    let flows = placement_flows(&placements, &homes, &codes, on);
    let out = flows.out_of_borough();
    assert!(
        out * 10 > flows.total && out * 10 < flows.total * 4,
        "{out} of {} placed out of borough: some, but under 40%",
        flows.total
    );
    let net_in: Vec<i64> = (0..codes.len())
        .map(|i| flows.placed_in[i] as i64 - flows.placed_by[i] as i64)
        .collect();
    let barnet = net_in[0];
    assert!(
        net_in[1..].iter().all(|n| *n < barnet),
        "Barnet takes in the most: {net_in:?}"
    );

    let spreads = price_spreads(&placements, on);
    let median = |category, funder| {
        spreads
            .iter()
            .find(|s| s.category == category && s.placing_borough.is_none() && s.funder == funder)
            .map(|s| s.quartiles.median)
            .expect("a footprint row")
    };
    for category in [BedCategory::Nursing, BedCategory::NursingDementia] {
        let council = median(category, Some(Funder::Council));
        assert!(median(category, Some(Funder::NhsChc)) > council * 1.1);
        assert!(median(category, Some(Funder::SelfFunderTopUp)) > council);
    }
    for category in BedCategory::LONG_STAY {
        let council = median(category, Some(Funder::Council));
        let rate = usual_rate("E09000003", category)
            .expect("a rate")
            .as_pounds_f64();
        assert!(
            (council / rate - 1.0).abs() < 0.12,
            "{category:?}: council median £{council} against Barnet's rate £{rate}"
        );
    }
}

#[test]
fn a_large_ledger_is_as_long_as_asked_and_the_same_for_the_same_seed() {
    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    let on = chrono::NaiveDate::from_ymd_opt(2026, 11, 16).expect("a date");
    let large = generate_placements(&homes, 50_000, on, 7);
    assert_eq!(large.len(), 50_000);
    assert_eq!(generate_placements(&homes, 50_000, on, 7), large);
    assert_ne!(generate_placements(&homes, 50_000, on, 8), large);
    let ids: HashSet<&str> = large.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids.len(), large.len(), "placement IDs are unique");
    assert!(large
        .iter()
        .all(|p| p.start_date <= on && p.end_date.is_none_or(|e| e >= p.start_date && e <= on)));
    assert_eq!(generate_placements(&[], 10, on, 7), []);
}

#[test]
fn the_projection_covers_every_borough_from_2016_to_2041_and_projects_a_gap() {
    use market_model::analytics::projection::{
        project_supply_gap, Assumptions, PopulationProjection,
    };
    use market_model::analytics::supply::summarise_supply;
    let projection: PopulationProjection =
        serde_json::from_str(&shipped("projections.json")).expect("projections");
    assert!(projection.licence.contains("Open Government Licence v3.0"));
    assert_eq!(projection.years(), Some((2016, 2041)));
    let footprint: Footprint = serde_json::from_str(&shipped("footprint.json")).expect("footprint");
    let projected: Vec<&str> = projection
        .boroughs
        .iter()
        .map(|b| b.gss_code.as_str())
        .collect();
    let boroughs: Vec<&str> = footprint
        .boroughs
        .iter()
        .map(|b| b.gss_code.as_str())
        .collect();
    assert_eq!(projected, boroughs);
    assert!(projection.boroughs.iter().all(|b| b.years.len() == 26));
    // Barnet in 2030, as in the reference CSV: 75,399 aged 65+, of whom 12,360 aged 85+.
    let barnet = projection.borough("E09000003").expect("Barnet");
    let bands = barnet.in_year(2030).expect("2030 is projected");
    assert_eq!(
        (bands.aged_65_to_84, bands.aged_85_plus),
        (63_039.0, 12_360.0)
    );

    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    let supply = summarise_supply(&footprint, &homes);
    for year in [2016, 2041] {
        let gap = project_supply_gap(
            &supply,
            &projection,
            &Assumptions {
                year,
                ..Default::default()
            },
        )
        .expect("a year in the projection");
        assert_eq!(
            gap.total.supply(),
            homes.iter().map(|h| h.registered_beds).sum::<u32>()
        );
    }
    assert!(project_supply_gap(
        &supply,
        &projection,
        &Assumptions {
            year: 2042,
            ..Default::default()
        }
    )
    .is_err());
}

#[test]
fn each_borough_has_its_published_homes_and_beds() {
    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    // (GSS code, homes, beds where published): Barnet and Enfield councils (2020), Public Health
    // England's outbreak data for the others (May 2020).
    for (code, count, beds) in [
        ("E09000003", 84, Some(2_505)),
        ("E09000007", 11, None),
        ("E09000010", 82, Some(1_800)),
        ("E09000014", 34, None),
        ("E09000019", 16, None),
    ] {
        let here: Vec<&CareHome> = homes.iter().filter(|h| h.borough == code).collect();
        assert_eq!(here.len(), count, "{code}");
        if let Some(beds) = beds {
            let total: u32 = here.iter().map(|h| h.registered_beds).sum();
            assert_eq!(total, beds, "{code}");
        }
    }
    // About half of all beds are in nursing homes, as in England.
    let nursing: u32 = homes
        .iter()
        .filter(|h| h.care_type == market_model::register::home::CareType::Nursing)
        .map(|h| h.registered_beds)
        .sum();
    let all: u32 = homes.iter().map(|h| h.registered_beds).sum();
    let share = f64::from(nursing) / f64::from(all);
    assert!(
        (0.4..0.6).contains(&share),
        "nursing share of beds {share:.2}"
    );
}

#[test]
fn the_referral_history_is_plausible_and_dementia_nursing_waits_longest() {
    let footprint: Footprint = serde_json::from_str(&shipped("footprint.json")).expect("footprint");
    let homes: Vec<CareHome> = serde_json::from_str(&shipped("homes.json")).expect("homes");
    let referrals: Vec<serde_json::Value> =
        serde_json::from_str(&shipped("referrals.json")).expect("referrals");
    assert_eq!(referrals.len(), 320);
    let hospital_keys: HashSet<String> = footprint
        .hospitals
        .iter()
        .map(|h| market_model::brokerage::bed_search::hospital_key(&h.name))
        .collect();
    let home_ids: HashSet<&str> = homes.iter().map(|h| h.id.as_str()).collect();
    let date = |v: &serde_json::Value| v.as_str().and_then(|s| s.parse::<chrono::NaiveDate>().ok());
    // The referrals stand as on Monday 23 Nov 2026, the day after the sample's last week.
    let as_of = date(&"2026-11-23".into()).expect("a date");
    let mut waits: std::collections::BTreeMap<&str, Vec<i64>> = Default::default();
    let mut open = 0;
    for r in &referrals {
        let reference = r["reference"].as_str().expect("a reference");
        assert!(reference.starts_with("SAMPLE-R-"), "{reference}");
        assert!(!market_model::brokerage::hold::looks_like_patient_identifier(reference));
        assert!(
            hospital_keys.contains(r["hospital"].as_str().expect("a hospital")),
            "{r}"
        );
        assert!(
            footprint
                .borough(r["placing"].as_str().expect("a borough"))
                .is_some(),
            "{r}"
        );
        let ready = date(&r["ready_on"]).expect("a ready date");
        assert!(ready < as_of);
        match (
            r["status"].as_str().expect("a status"),
            date(&r["closed_on"]),
        ) {
            ("open", None) => open += 1,
            (status, Some(closed)) => {
                assert!(ready <= closed && closed < as_of, "{r}");
                if status == "placed" {
                    assert!(
                        home_ids.contains(r["home"].as_str().expect("a home")),
                        "{r}"
                    );
                    let need = r["need"].as_str().expect("a need");
                    waits
                        .entry(need)
                        .or_default()
                        .push((closed - ready).num_days());
                }
            }
            _ => panic!("an open referral has no closing day, a closed one has: {r}"),
        }
    }
    assert!((10..=60).contains(&open), "{open} open");
    let median = |v: &mut Vec<i64>| {
        v.sort_unstable();
        v[v.len() / 2]
    };
    let dementia_nursing = median(waits.get_mut("dementia=1&stay=permanent").expect("placed"));
    for (need, days) in waits
        .iter_mut()
        .filter(|(n, _)| **n != "dementia=1&stay=permanent")
    {
        assert!(median(days) < dementia_nursing, "{need} waits as long");
    }
}
