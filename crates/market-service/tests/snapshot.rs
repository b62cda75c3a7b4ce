//! The public snapshot: the static mode's files, with aggregates but no per-home fees.

mod common;

use common::{shipped, TestApp};
use serde_json::Value;

fn read(dir: &std::path::Path, name: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

async fn a_snapshot_carries_the_market_without_per_home_fees(app: TestApp) {
    let out = app.dir.path().join("snapshot");
    let summary = market_service::snapshot::publish(&app.state, &out)
        .await
        .expect("published");
    let manifest = read(&out, "manifest.json");
    assert_eq!(manifest["weeks"], shipped("manifest.json")["weeks"]);
    assert_eq!(
        summary.weeks,
        manifest["weeks"].as_array().expect("weeks").len()
    );
    assert_eq!(read(&out, "homes.json"), shipped("homes.json"));
    assert_eq!(read(&out, "footprint.json"), shipped("footprint.json"));
    for week in manifest["weeks"].as_array().expect("weeks") {
        let week = week.as_str().expect("week");
        let text = std::fs::read_to_string(out.join(format!("returns/{week}.json")))
            .expect("returns file");
        assert!(
            !text.contains("fees") && !text.contains("self_funder"),
            "{week}: no per-home fees"
        );
        let public: Value = serde_json::from_str(&text).expect("json");
        let original = shipped(&format!("returns/{week}.json"));
        assert_eq!(
            public.as_array().map(Vec::len),
            original.as_array().map(Vec::len)
        );
        // Each home's latest return as at the week: what the generator ships, less fees.
        let mut latest = shipped(&format!("latest/{week}.json"));
        for r in latest.as_array_mut().expect("returns") {
            r.as_object_mut().expect("a return").remove("fees");
        }
        assert_eq!(read(&out, &format!("latest/{week}.json")), latest, "{week}");
        let market = read(&out, &format!("market/{week}.json"));
        let nursing = &market["total"]["fees"]["nursing"];
        assert!(
            nursing["median"].as_f64().is_some_and(|m| m > 500.0),
            "{week}: fee aggregates kept: {nursing}"
        );
    }
}

on_both_databases!(a_snapshot_carries_the_market_without_per_home_fees);
