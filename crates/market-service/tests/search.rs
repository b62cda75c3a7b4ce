//! Bed search over the seeded service, checked against the eligible set recomputed here from the
//! shipped data files with the rules written out again independently, and ranked by distance
//! computed here with the haversine formula.

mod common;

use axum::http::StatusCode;
use common::{shipped, TestApp};
use market_model::brokerage::rates::usual_rate;
use market_model::returns::capacity_return::BedCategory;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// A search as the test states it.
struct Case {
    query: &'static str,
    care_type: &'static str,
    dementia: bool,
    category: &'static str,
    needs: &'static [&'static str],
    kg: Option<u64>,
    sex: Option<&'static str>,
    hospital: Option<&'static str>,
    max_pounds: u64,
    min_rating: Option<&'static str>,
}

const CASES: [Case; 4] = [
    Case {
        query: "from=north-middlesex-university-hospital&max=2500",
        care_type: "nursing",
        dementia: false,
        category: "step_down",
        needs: &[],
        kg: None,
        sex: None,
        hospital: Some("North Middlesex University Hospital"),
        max_pounds: 2_500,
        min_rating: None,
    },
    Case {
        query: "from=the-whittington-hospital&type=residential&stay=permanent&nwb=1&hoist=1&max=1400&rating=good",
        care_type: "residential",
        dementia: false,
        category: "residential",
        needs: &["non_weight_bearing", "hoist_two_carers"],
        kg: None,
        sex: None,
        hospital: Some("The Whittington Hospital"),
        max_pounds: 1_400,
        min_rating: Some("good"),
    },
    Case {
        query: "from=royal-free-hospital&stay=respite&kg=200&sex=male&max=1900",
        care_type: "nursing",
        dementia: false,
        category: "nursing",
        needs: &[],
        kg: Some(200),
        sex: Some("male"),
        hospital: Some("Royal Free Hospital"),
        max_pounds: 1_900,
        min_rating: None,
    },
    Case {
        query: "stay=permanent&dementia=1&behaviour=1&max=2000&placing=E09000003",
        care_type: "nursing",
        dementia: true,
        category: "nursing_dementia",
        needs: &["challenging_behaviour"],
        kg: None,
        sex: None,
        hospital: None,
        max_pounds: 2_000,
        min_rating: None,
    },
];

fn haversine_km(a: &Value, b: &Value) -> f64 {
    let (lon1, lat1) = (a[0].as_f64().unwrap(), a[1].as_f64().unwrap());
    let (lon2, lat2) = (b[0].as_f64().unwrap(), b[1].as_f64().unwrap());
    let (p1, p2) = (lat1.to_radians(), lat2.to_radians());
    let h = ((p2 - p1) / 2.0).sin().powi(2)
        + p1.cos() * p2.cos() * ((lon2 - lon1).to_radians() / 2.0).sin().powi(2);
    2.0 * 6_371.0 * h.sqrt().asin()
}

/// The latest shipped return of every home (latest week; one version each in the files).
fn latest_returns() -> BTreeMap<String, Value> {
    let manifest = shipped("manifest.json");
    let mut latest = BTreeMap::new();
    for week in manifest["weeks"].as_array().unwrap() {
        let week = week.as_str().unwrap();
        for r in shipped(&format!("returns/{week}.json")).as_array().unwrap() {
            latest.insert(r["home"].as_str().unwrap().to_string(), r.clone());
        }
    }
    latest
}

const RATINGS: [&str; 4] = ["outstanding", "good", "requires_improvement", "inadequate"];

/// The homes a case should find, with their distance, worked out from the files.
fn expected(case: &Case, borough_of_hospital: &str) -> BTreeMap<String, f64> {
    let homes = shipped("homes.json");
    let footprint = shipped("footprint.json");
    let latest = latest_returns();
    let hospital = case.hospital.map(|name| {
        footprint["hospitals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["name"] == name)
            .expect("hospital")["location"]
            .clone()
    });
    let rate_category = match (case.care_type, case.dementia) {
        ("nursing", true) => BedCategory::NursingDementia,
        ("nursing", false) => BedCategory::Nursing,
        (_, true) => BedCategory::ResidentialDementia,
        _ => BedCategory::Residential,
    };
    let rate = usual_rate(borough_of_hospital, rate_category)
        .expect("rate")
        .0 as u64;
    let mut out = BTreeMap::new();
    for h in homes.as_array().unwrap() {
        let id = h["id"].as_str().unwrap();
        let Some(r) = latest.get(id) else { continue };
        let dementia = h["specialisms"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "dementia");
        let beds = &r["beds"][case.category];
        if h["care_type"] != case.care_type || (case.dementia && !dementia) || beds.is_null() {
            continue;
        }
        let needs = &r["needs"];
        let fees = &r["fees"];
        let price = if fees["council_rate_accepted"] == true {
            rate
        } else {
            fees["self_funder_from"].as_u64().unwrap_or(u64::MAX)
        };
        let rating_ok = case.min_rating.is_none_or(|min| {
            let rank = |r: &str| RATINGS.iter().position(|x| *x == r).unwrap();
            h["rating"].as_str().is_some_and(|r| rank(r) <= rank(min))
        });
        let beds_for = r["vacant_beds_for"].as_str().unwrap_or("anyone");
        let ok = beds["vacant_accepting"].as_u64().unwrap() > 0
            && r["admissions"]["status"] == "open"
            && case.needs.iter().all(|n| needs[*n] == true)
            && case
                .kg
                .is_none_or(|kg| needs["bariatric_max_kg"].as_u64().is_some_and(|l| kg <= l))
            && !matches!(
                (case.sex, beds_for),
                (Some("male"), "women_only") | (Some("female"), "men_only")
            )
            && price <= case.max_pounds * 100
            && rating_ok
            && h.get("deregistered_on").is_none_or(Value::is_null);
        if ok {
            let d = hospital
                .as_ref()
                .map_or(0.0, |p| haversine_km(p, &h["location"]));
            out.insert(id.to_string(), d);
        }
    }
    out
}

async fn searches_find_exactly_the_homes_the_data_says(app: TestApp) {
    let broker = app.sign_in("demo-broker").await;
    let footprint = shipped("footprint.json");
    let borough_named = |name: &str| {
        footprint["boroughs"]
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["name"] == name)
            .unwrap()["gss_code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The placing borough is the hospital's own (or the one named in the query).
    let placing = [
        borough_named("Enfield"),
        borough_named("Islington"),
        borough_named("Camden"),
        borough_named("Barnet"),
    ];
    for (case, placing) in CASES.iter().zip(placing) {
        let r = app
            .get(&format!("/api/search?{}&near=1", case.query), Some(&broker))
            .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", case.query, r.body);
        let want = expected(case, &placing);
        let got: Vec<&Value> = r.body["matches"].as_array().unwrap().iter().collect();
        let got_ids: BTreeSet<String> = got
            .iter()
            .map(|m| m["home"].as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            got_ids,
            want.keys().cloned().collect::<BTreeSet<_>>(),
            "{}",
            case.query
        );
        // Every case finds something in the sample, so each comparison means something.
        assert!(!got.is_empty(), "{} finds homes", case.query);
        // Ranked nearest first, distances within 0.1% (and rounding) of the great circle.
        let distances: Vec<f64> = got
            .iter()
            .filter_map(|m| m["distance_km"].as_f64())
            .collect();
        assert!(
            distances.windows(2).all(|w| w[0] <= w[1]),
            "{}: {distances:?}",
            case.query
        );
        for m in &got {
            if let Some(d) = m["distance_km"].as_f64() {
                let exact = want[m["home"].as_str().unwrap()];
                assert!((d - exact).abs() <= exact * 0.001 + 0.006, "{d} vs {exact}");
            }
        }
        // Each near miss gives one reason and is not a match.
        for n in r.body["near_misses"].as_array().unwrap() {
            assert_eq!(n["misses"].as_array().unwrap().len(), 1);
            assert!(!want.contains_key(n["home"].as_str().unwrap()));
        }
    }
}

/// Searches are answered from a copy kept in memory: a new return and a moved home each show in
/// the very next search.
async fn a_search_sees_each_change_at_once(app: TestApp) {
    let broker = app.sign_in("demo-broker").await;
    let admin = app.sign_in("demo-admin").await;
    let query = "/api/search?from=north-middlesex-university-hospital&max=2500";
    let matches = |r: &Value| -> Vec<(String, f64)> {
        r["matches"]
            .as_array()
            .expect("matches")
            .iter()
            .map(|m| {
                let id = m["home"].as_str().expect("id").to_string();
                (id, m["distance_km"].as_f64().expect("distance"))
            })
            .collect()
    };
    let before = matches(&app.get(query, Some(&broker)).await.body);
    assert!(before.len() >= 2, "the sample has step-down vacancies");

    // The first home returns this week with every bed taken: it drops out.
    let full = before[0].0.clone();
    let linked = app
        .call(
            axum::http::Method::PUT,
            &format!("/api/users/demo-provider/homes/{full}"),
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK, "{}", linked.body);
    let provider = app.sign_in("demo-provider").await;
    let (category, beds) =
        common::main_beds(app.get(&format!("/api/homes/{full}"), None).await.body);
    let sent = app
        .call(
            axum::http::Method::POST,
            &format!("/api/homes/{full}/returns"),
            Some(serde_json::json!({
                "submission_id": "search-sees-full-1",
                "week": common::this_week(),
                "beds": { category: { "capacity": beds, "occupied": beds, "vacant_reserved": 0, "vacant_accepting": 0 } },
                "admissions": { "status": "open" }
            })),
            Some(&provider),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let after = matches(&app.get(query, Some(&broker)).await.body);
    assert!(
        after.iter().all(|(id, _)| *id != full),
        "{full} is full now"
    );

    // The next home moves to where another home of its borough is: its distance follows.
    let (moved, distance) = before[1].clone();
    let home = app.get(&format!("/api/homes/{moved}"), None).await.body;
    let homes = app.get("/api/homes", None).await.body;
    let elsewhere = homes
        .as_array()
        .expect("homes")
        .iter()
        .find(|h| h["borough"] == home["borough"] && h["location"] != home["location"])
        .expect("another home in the borough");
    let location = &elsewhere["location"];
    let put = app
        .call(
            axum::http::Method::PUT,
            &format!("/api/homes/{moved}/location"),
            Some(serde_json::json!({"lon": location[0], "lat": location[1]})),
            Some(&admin),
        )
        .await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    let now = matches(&app.get(query, Some(&broker)).await.body);
    let (_, moved_distance) = now
        .iter()
        .find(|(id, _)| *id == moved)
        .expect("still a match");
    assert_ne!(*moved_distance, distance, "{moved} has moved");
}

async fn search_is_for_brokers_and_commissioners(app: TestApp) {
    assert_eq!(
        app.get("/api/search", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let provider = app.sign_in("demo-provider").await;
    assert_eq!(
        app.get("/api/search", Some(&provider)).await.status,
        StatusCode::FORBIDDEN
    );
    let commissioner = app.sign_in("demo-commissioner").await;
    assert_eq!(
        app.get("/api/search", Some(&commissioner)).await.status,
        StatusCode::OK
    );
    // Numbers out of range are refused by name, never wrapped round into small ones.
    for (query, field) in [
        ("max=42949673", "max"),
        ("max=20001", "max"),
        ("max=-5", "max"),
        ("kg=4294967296", "kg"),
        ("days=many", "days"),
    ] {
        let r = app
            .get(&format!("/api/search?{query}"), Some(&commissioner))
            .await;
        assert_eq!(
            (r.status, r.body["error"]["field"].as_str()),
            (StatusCode::BAD_REQUEST, Some(field)),
            "{query}: {}",
            r.body
        );
    }
    let r = app
        .get("/api/search?from=atlantis", Some(&commissioner))
        .await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("from"))
    );
}

on_both_databases!(
    a_search_sees_each_change_at_once,
    searches_find_exactly_the_homes_the_data_says,
    search_is_for_brokers_and_commissioners,
);
