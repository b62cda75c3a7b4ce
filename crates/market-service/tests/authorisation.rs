//! Every role against every endpoint: anonymous, admin, sub-regional and borough commissioners,
//! a broker, and two providers, each of whom may report only for their own homes. The list of
//! endpoints is the OpenAPI document's: an operation without a row fails the test.

mod common;

use axum::http::Method;
use common::TestApp;
use serde_json::{json, Value};

const ROLES: [&str; 7] = [
    "anonymous",
    "demo-admin",
    "demo-commissioner",
    "demo-barnet",
    "demo-broker",
    "demo-provider",
    "demo-provider-2",
];

fn this_week() -> String {
    common::this_week().to_string()
}

fn submission(id: String) -> Value {
    json!({
        "submission_id": id,
        "week": this_week(),
        "beds": { "residential": { "capacity": 5, "occupied": 4, "vacant_reserved": 0, "vacant_accepting": 1 } },
        "capacity_note": "Most rooms are being refurbished",
        "admissions": { "status": "open" },
        "fees": { "council_rate_accepted": true, "self_funder_from": 120000, "self_funder_to": 130000 }
    })
}

/// Whether `path` (with any query) is the document's `template` with its `{parameters}` filled.
fn fills(template: &str, path: &str) -> bool {
    let path = path.split('?').next().unwrap_or_default();
    let (t, p): (Vec<&str>, Vec<&str>) = (template.split('/').collect(), path.split('/').collect());
    t.len() == p.len()
        && t.iter()
            .zip(&p)
            .all(|(t, p)| (t.starts_with('{') && t.ends_with('}') && !p.is_empty()) || t == p)
}

async fn every_role_against_every_endpoint(app: TestApp) {
    let mut cookies: Vec<Option<String>> = vec![None];
    for user in &ROLES[1..] {
        cookies.push(Some(app.sign_in(user).await));
    }
    let homes_of = |i: usize| {
        let cookie = cookies[i].clone();
        let app = &app;
        async move {
            let me = app.get("/api/session", cookie.as_deref()).await.body;
            me["homes"][0].as_str().expect("a linked home").to_string()
        }
    };
    let own = homes_of(5).await;
    let other = homes_of(6).await;
    assert_ne!(own, other);
    let week = "2026-11-16";
    let own_home = own.clone();
    let held_home = own.clone();
    let here = app.get(&format!("/api/homes/{own}"), None).await.body["location"].clone();
    let here = json!({"lon": here[0], "lat": here[1]});
    let header_only = "\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\"Care homes beds\",\"Provider Name\"\r\n";

    // (method, path, body, expected status for each of ROLES in order)
    type Body = Box<dyn Fn(usize) -> Option<Value>>;
    let none: fn() -> Body = || Box::new(|_| None);
    // The last shipped home: no demo provider's.
    let spare = common::shipped("homes.json")
        .as_array()
        .and_then(|homes| homes.last())
        .and_then(|home| home["id"].as_str())
        .expect("a shipped home")
        .to_string();
    let sample_referrals = common::shipped("referrals.json")
        .as_array()
        .map_or(0, Vec::len);
    let hospital = common::shipped("footprint.json")["hospitals"][0]["name"]
        .as_str()
        .map(market_model::brokerage::bed_search::hospital_key)
        .expect("a hospital");
    let cases: Vec<(Method, String, Body, [u16; 7])> = vec![
        (Method::GET, "/api/health".into(), none(), [200; 7]),
        (Method::GET, "/api/manifest".into(), none(), [200; 7]),
        (Method::GET, "/api/footprint".into(), none(), [200; 7]),
        (
            Method::GET,
            format!("/api/market?week={week}"),
            none(),
            [200; 7],
        ),
        (Method::GET, "/api/homes".into(), none(), [200; 7]),
        (Method::GET, format!("/api/homes/{own}"), none(), [200; 7]),
        (
            Method::GET,
            format!("/api/homes/{own}/returns"),
            none(),
            [200; 7],
        ),
        (
            Method::GET,
            format!("/api/homes/{own}/capacity"),
            none(),
            [200; 7],
        ),
        (
            Method::GET,
            format!("/api/weeks/{week}/returns"),
            none(),
            [200; 7],
        ),
        (
            Method::GET,
            format!("/api/weeks/{week}/latest"),
            none(),
            [200; 7],
        ),
        (
            Method::GET,
            "/api/session".into(),
            none(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            format!("/api/weeks/{week}/compliance"),
            none(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/homes/{own}/returns"),
            Box::new(|i| Some(submission(format!("matrix-own-{i}")))),
            [401, 403, 403, 403, 403, 201, 403],
        ),
        (
            Method::POST,
            format!("/api/homes/{other}/returns"),
            Box::new(|i| Some(submission(format!("matrix-other-{i}")))),
            [401, 403, 403, 403, 403, 403, 201],
        ),
        (
            Method::GET,
            "/api/users".into(),
            none(),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::PUT,
            format!("/api/homes/{own}/location"),
            Box::new(move |_| Some(here.clone())),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::POST,
            "/api/users".into(),
            Box::new(|i| {
                Some(
                    json!({"username": format!("new-user-{i}"), "display_name": "New", "password": "a long enough password", "role": "broker"}),
                )
            }),
            [401, 201, 403, 403, 403, 403, 403],
        ),
        // The user the row above made (the administrator's, new-user-1), looked after.
        (
            Method::PUT,
            "/api/users/new-user-1/disabled".into(),
            Box::new(|_| Some(json!({"disabled": true}))),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::PUT,
            "/api/users/new-user-1/password".into(),
            Box::new(|_| Some(json!({"password": "another long enough password"}))),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::DELETE,
            "/api/users/new-user-1/sessions".into(),
            none(),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        // Everyone signed in may change their own password (here to the same one, which the
        // rows below sign in with).
        (
            Method::PUT,
            "/api/session/password".into(),
            Box::new(|_| {
                Some(
                    json!({"current_password": market_service::seed::DEMO_PASSWORD,
                    "new_password": market_service::seed::DEMO_PASSWORD}),
                )
            }),
            [401, 204, 204, 204, 204, 204, 204],
        ),
        (
            Method::PUT,
            format!("/api/users/demo-provider-2/homes/{spare}"),
            none(),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::DELETE,
            format!("/api/users/demo-provider-2/homes/{spare}"),
            none(),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/audit".into(),
            none(),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/holds".into(),
            none(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/holds/held-beds".into(),
            none(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        // The own home's return above left one residential bed vacant: brokers alone hold it.
        (
            Method::POST,
            "/api/holds".into(),
            Box::new(move |i| {
                Some(
                    json!({"home": held_home, "category": "residential", "reference": format!("REF-matrix-{i}")}),
                )
            }),
            [401, 403, 403, 403, 201, 403, 403],
        ),
        // That hold (the first): only the home's own provider declines it.
        (
            Method::POST,
            "/api/holds/1/outcome".into(),
            Box::new(|_| Some(json!({"outcome": "declined"}))),
            [401, 403, 403, 403, 403, 200, 403],
        ),
        (
            Method::POST,
            "/api/session".into(),
            Box::new(|i| {
                Some(match i {
                    0 => json!({"username": "nobody", "password": "not a password"}),
                    _ => {
                        json!({"username": ROLES[i], "password": market_service::seed::DEMO_PASSWORD})
                    }
                })
            }),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/search?from=north-middlesex-university-hospital".into(),
            none(),
            [401, 200, 200, 200, 200, 403, 403],
        ),
        (
            Method::POST,
            "/api/block-contracts".into(),
            Box::new(move |_| {
                Some(
                    json!({"home": own_home, "commissioner": "E09000003", "purpose": "rehabilitation",
                    "beds": 2, "start": "2026-01-05", "weekly_price": 120000}),
                )
            }),
            [401, 201, 201, 201, 403, 403, 403],
        ),
        (
            Method::PUT,
            format!("/api/block-contracts/1/weeks/{week}"),
            Box::new(|_| Some(json!({"occupied_nights": 7, "admissions": 1, "discharges": 0}))),
            [401, 403, 403, 403, 403, 200, 403],
        ),
        (
            Method::GET,
            "/api/block-contracts".into(),
            none(),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        (
            Method::GET,
            "/api/block-contracts/utilisation".into(),
            none(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/placements".into(),
            none(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/placements.csv".into(),
            none(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
        (Method::GET, "/api/projections".into(), none(), [200; 7]),
        (
            Method::GET,
            "/api/analytics/prices".into(),
            none(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
        (
            Method::GET,
            "/api/referrals".into(),
            none(),
            [401, 200, 200, 200, 200, 403, 403],
        ),
        (
            Method::GET,
            "/api/referrals/closed".into(),
            none(),
            [401, 200, 200, 200, 200, 403, 403],
        ),
        // Brokers alone open referrals, and close them: the one opened here comes after the
        // sample's.
        (
            Method::POST,
            "/api/referrals".into(),
            Box::new(move |i| {
                Some(
                    json!({"reference": format!("RF-matrix-{i}"), "hospital": hospital,
                    "placing": "E09000003", "need": "dementia=1&stay=permanent",
                    "ready_on": "2026-11-20", "ceiling": 150000}),
                )
            }),
            [401, 403, 403, 403, 201, 403, 403],
        ),
        (
            Method::POST,
            format!("/api/referrals/{}/close", sample_referrals + 1),
            Box::new(|_| Some(json!({"status": "withdrawn", "on": "2026-11-23"}))),
            [401, 403, 403, 403, 200, 403, 403],
        ),
        (
            Method::GET,
            "/api/analytics/referrals".into(),
            none(),
            [401, 200, 200, 200, 403, 403, 403],
        ),
    ];
    let mut failures = Vec::new();
    for (method, path, body, expected) in &cases {
        for (i, role) in ROLES.iter().enumerate() {
            let r = app
                .call(method.clone(), path, body(i), cookies[i].as_deref())
                .await;
            if r.status.as_u16() != expected[i] {
                failures.push(format!(
                    "{role} {method} {path}: {} (expected {}) {}",
                    r.status, expected[i], r.body
                ));
            }
        }
    }
    // The imports take CSV rather than JSON.
    let ledger_header =
        "placement_id,home_id,placing_borough,category,funder,weekly_price,start_date,end_date\n";
    for (path, csv, expected) in [
        (
            "/api/imports/cqc",
            header_only,
            [401, 200, 403, 403, 403, 403, 403],
        ),
        (
            "/api/placements",
            ledger_header,
            [401, 200, 200, 200, 403, 403, 403],
        ),
    ] {
        for (i, role) in ROLES.iter().enumerate() {
            let mut req = axum::http::Request::builder()
                .method(Method::POST)
                .uri(path)
                .header("content-type", "text/csv");
            if let Some(c) = &cookies[i] {
                req = req.header("cookie", c);
            }
            let r = app
                .send(req.body(axum::body::Body::from(csv)).expect("request"))
                .await;
            if r.status.as_u16() != expected[i] {
                failures.push(format!(
                    "{role} POST {path}: {} (expected {}) {}",
                    r.status, expected[i], r.body
                ));
            }
        }
    }
    // Who sees a home's fees: everyone entitled, but not the public or another provider.
    let sees_fees: Vec<bool> = {
        let mut v = Vec::new();
        for c in &cookies {
            let history = app
                .get(&format!("/api/homes/{own}/returns"), c.as_deref())
                .await
                .body;
            let first = &history.as_array().expect("history")[0];
            v.push(first["return"].get("fees").is_some());
        }
        v
    };
    assert_eq!(sees_fees, [false, true, true, true, true, true, false]);

    // Signing out last, since it ends the sessions the rows above use.
    let sign_out = "/api/session";
    for (i, role) in ROLES.iter().enumerate() {
        let r = app
            .call(Method::DELETE, sign_out, None, cookies[i].as_deref())
            .await;
        let expected = if i == 0 { 401 } else { 204 };
        if r.status.as_u16() != expected {
            failures.push(format!(
                "{role} DELETE {sign_out}: {} (expected {expected})",
                r.status
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // Every operation the OpenAPI document lists has its row.
    let mut rows: Vec<(Method, &str)> = cases
        .iter()
        .map(|(m, p, ..)| (m.clone(), p.as_str()))
        .collect();
    rows.extend([
        (Method::POST, "/api/imports/cqc"),
        (Method::POST, "/api/placements"),
        (Method::DELETE, sign_out),
    ]);
    let doc = app.get("/api/openapi.json", None).await.body;
    let mut missing = Vec::new();
    for (template, operations) in doc["paths"].as_object().expect("paths") {
        for method in operations.as_object().expect("operations").keys() {
            let method = Method::from_bytes(method.to_uppercase().as_bytes()).expect("a method");
            if !rows
                .iter()
                .any(|(m, path)| *m == method && fills(template, path))
            {
                missing.push(format!("{method} {template}"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "operations with no row in the matrix: {}",
        missing.join(", ")
    );
}

on_both_databases!(every_role_against_every_endpoint);
