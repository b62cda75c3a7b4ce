//! The CQC register import through the API, on the real sample and on files made bad on purpose.

mod common;

use axum::body::Body;
use axum::http::{Method, Request, StatusCode};
use common::{Reply, TestApp};
use serde_json::{json, Value};

/// CQC's register, a real sample (in `../shared`).
fn sample_path() -> std::path::PathBuf {
    common::package_dir().join("../../../shared/data/cqc/active_locations_sample.csv")
}

async fn import(app: &TestApp, cookie: &str, csv: String) -> Reply {
    import_to(app, "/api/imports/cqc", cookie, csv).await
}

async fn import_to(app: &TestApp, uri: &str, cookie: &str, csv: String) -> Reply {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .header("cookie", cookie)
        .header("content-type", "text/csv")
        .body(Body::from(csv))
        .expect("request");
    app.send(req).await
}

fn sample() -> String {
    let path = sample_path();
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn counts(r: &Value) -> [u64; 7] {
    [
        "rows_read",
        "added",
        "updated",
        "deregistered",
        "approximate_locations",
        "not_care_homes",
        "outside_footprint",
    ]
    .map(|k| r[k].as_u64().unwrap_or_else(|| panic!("{k} in {r}")))
}

async fn the_register_adds_updates_and_deregisters_homes(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let first = import(&app, &admin, sample()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(counts(&first.body), [999, 8, 0, 0, 8, 504, 487]);
    assert_eq!(first.body["rejected"], json!([]));

    let abbey = app.get("/api/homes/1-127846026", None).await.body;
    assert_eq!(abbey["name"], "Abbey Ravenscroft Park Nursing Home");
    assert_eq!(abbey["registered_beds"], 78);
    assert_eq!(abbey["rating"], "requires_improvement");
    assert_eq!(abbey["location_approximate"], true);
    let p: market_model::primitives::geometry::Point =
        serde_json::from_value(abbey["location"].clone()).expect("point");
    let footprint: market_model::register::footprint::Footprint =
        serde_json::from_value(common::shipped("footprint.json")).expect("footprint");
    assert_eq!(
        footprint.borough_containing(p).map(|b| b.gss_code.as_str()),
        Some("E09000003"),
        "placed at a point inside Barnet"
    );

    // A provider reports for it; then it leaves the register.
    let linked = app
        .call(
            Method::PUT,
            "/api/users/demo-provider/homes/1-127846026",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(linked.status, StatusCode::OK);
    let provider = app.sign_in("demo-provider").await;
    let week = common::this_week().to_string();
    let submitted = app
        .call(
            Method::POST,
            "/api/homes/1-127846026/returns",
            Some(json!({"submission_id": "abbey-0001", "week": week, "admissions": {"status": "open"},
                "beds": {"nursing": {"capacity": 78, "occupied": 70, "vacant_reserved": 2, "vacant_accepting": 6}}})),
            Some(&provider),
        )
        .await;
    assert_eq!(submitted.status, StatusCode::CREATED, "{}", submitted.body);

    let again = import(&app, &admin, sample()).await;
    assert_eq!(
        counts(&again.body),
        [999, 0, 8, 0, 8, 504, 487],
        "a second import updates in place"
    );

    let without_abbey: String = sample()
        .lines()
        .filter(|l| !l.contains("1-127846026"))
        .map(|l| format!("{l}\r\n"))
        .collect();
    let gone = import(&app, &admin, without_abbey).await;
    assert_eq!(counts(&gone.body)[..4], [998, 0, 7, 1]);
    let listed = app.get("/api/homes?borough=E09000003", None).await.body;
    assert!(listed
        .as_array()
        .expect("list")
        .iter()
        .all(|h| h["id"] != "1-127846026"));
    let all = app
        .get(
            "/api/homes?borough=E09000003&include_deregistered=true",
            None,
        )
        .await
        .body;
    let abbey = all
        .as_array()
        .expect("list")
        .iter()
        .find(|h| h["id"] == "1-127846026")
        .expect("kept");
    assert_eq!(
        abbey["deregistered_on"],
        market_model::primitives::london::date(common::now()).to_string()
    );
    let history = app.get("/api/homes/1-127846026/returns", None).await.body;
    assert_eq!(
        history.as_array().map(Vec::len),
        Some(1),
        "its returns are kept"
    );

    let audit = app.get("/api/audit", Some(&admin)).await.body;
    let imports = audit
        .as_array()
        .expect("list")
        .iter()
        .filter(|e| e["action"] == "cqc.import")
        .count();
    assert_eq!(imports, 3);
}

async fn bad_files_are_refused_or_reported_by_line(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let missing = import(
        &app,
        &admin,
        "\"Location ID\",\"Location Name\"\r\n1-1,A\r\n".into(),
    )
    .await;
    assert_eq!(
        (missing.status, missing.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_file")
    );
    let message = missing.body["error"]["message"].as_str().expect("message");
    assert!(
        message.contains("\"Care homes beds\"") && message.contains("\"Provider Name\""),
        "{message}"
    );

    let unclosed = import(
        &app,
        &admin,
        "\"Location ID\",\"Location Name\"\n\"1-1,A\n".into(),
    )
    .await;
    assert_eq!(unclosed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unclosed.body["error"]["message"]
            .as_str()
            .expect("message")
            .starts_with("Line 2"),
        "{}",
        unclosed.body
    );

    // BOM, CRLF, reordered and extra columns; a duplicate and beds in words.
    let csv = "\u{feff}\"Care homes beds\",\"Extra\",\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\"Provider Name\"\r\n\
               \"30\",x,1-1,\"Elm House, North\",Enfield,Care home service with nursing,P\r\n\
               \"31\",x,1-1,Copy,Enfield,Care home service with nursing,P\r\n\
               twelve,x,1-2,Words,Haringey,Care home service without nursing,P\r\n";
    let r = import(&app, &admin, csv.into()).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    assert_eq!(r.body["added"], 1);
    let rejected: Vec<(u64, String)> = r.body["rejected"]
        .as_array()
        .expect("list")
        .iter()
        .map(|x| {
            (
                x["line"].as_u64().expect("line"),
                x["reason"].as_str().expect("reason").to_string(),
            )
        })
        .collect();
    assert_eq!(
        rejected,
        [
            (
                3,
                "\"Location ID\" 1-1 already appeared on line 2".to_string()
            ),
            (
                4,
                "\"Care homes beds\" is \"twelve\", not a whole number".to_string()
            ),
        ]
    );
    let elm = app.get("/api/homes/1-1", None).await.body;
    assert_eq!(
        (elm["name"].clone(), elm["borough"].clone()),
        (json!("Elm House, North"), json!("E09000010"))
    );
}

on_both_databases!(
    the_register_adds_updates_and_deregisters_homes,
    bad_files_are_refused_or_reported_by_line
);

async fn an_admin_sets_an_approximate_homes_location_inside_its_borough(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    import(&app, &admin, sample()).await;
    let outside = app
        .call(
            Method::PUT,
            "/api/homes/1-127846026/location",
            Some(json!({"lon": -0.10, "lat": 51.53})),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (outside.status, outside.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field")
    );
    assert!(
        outside.body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("not in Barnet"),
        "{}",
        outside.body
    );
    let broker = app.sign_in("demo-broker").await;
    let denied = app
        .call(
            Method::PUT,
            "/api/homes/1-127846026/location",
            Some(json!({"lon": -0.2, "lat": 51.62})),
            Some(&broker),
        )
        .await;
    assert_eq!(denied.status, StatusCode::FORBIDDEN);
    // Mill Hill, in Barnet.
    let set = app
        .call(
            Method::PUT,
            "/api/homes/1-127846026/location",
            Some(json!({"lon": -0.2436, "lat": 51.6152})),
            Some(&admin),
        )
        .await;
    assert_eq!(set.status, StatusCode::OK, "{}", set.body);
    let home = app.get("/api/homes/1-127846026", None).await.body;
    assert_eq!(home["location"], json!([-0.2436, 51.6152]));
    assert!(
        home.get("location_approximate").is_none(),
        "no longer approximate: {home}"
    );
    // A later import without coordinates keeps the location that was set.
    import(&app, &admin, sample()).await;
    let home = app.get("/api/homes/1-127846026", None).await.body;
    assert_eq!(home["location"], json!([-0.2436, 51.6152]));
}

on_both_databases!(an_admin_sets_an_approximate_homes_location_inside_its_borough);

/// A file that would take most registered homes off the register (a partial export, say) is
/// refused until the administrator confirms it, and changes nothing meanwhile.
async fn deregistering_most_homes_needs_confirmation(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let first = import(&app, &admin, sample()).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    let added = first.body["added"].as_u64().expect("added");
    assert!(added >= 2, "the sample adds homes to take off again");
    let header_only = sample().lines().next().expect("a header").to_string() + "\r\n";
    let refused = import(&app, &admin, header_only.clone()).await;
    assert_eq!(
        (
            refused.status,
            refused.code(),
            refused.body["error"]["field"].as_str()
        ),
        (
            StatusCode::CONFLICT,
            "confirm_deregistration",
            Some("confirm")
        ),
        "{}",
        refused.body
    );
    let still = app.get("/api/homes/1-127846026", None).await.body;
    assert!(
        still["deregistered_on"].is_null(),
        "nothing changed: {still}"
    );
    let confirmed = import_to(&app, "/api/imports/cqc?confirm=true", &admin, header_only).await;
    assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
    assert_eq!(confirmed.body["deregistered"].as_u64(), Some(added));
}

on_both_databases!(deregistering_most_homes_needs_confirmation);
