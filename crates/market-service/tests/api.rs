//! The API through the router against real SQLite and PostgreSQL databases seeded with the
//! shipped sample: reads agree with the shipped files, sessions, returns (versions, idempotency,
//! validation), redaction of fees, compliance and the OpenAPI document.

mod common;

use axum::http::{Method, StatusCode};
use common::{shipped, TestApp};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const WEEK: &str = "2026-11-16";

fn this_week() -> String {
    common::this_week().to_string()
}

fn submission(id: &str, week: &str, base: Option<u32>, occupied: u32) -> Value {
    json!({
        "submission_id": id,
        "base_version": base,
        "week": week,
        "beds": { "nursing": { "capacity": 15, "occupied": occupied, "vacant_reserved": 0, "vacant_accepting": 1 } },
        "capacity_note": "Some rooms are out of use",
        "contact": { "name": "Duty manager", "phone": "020 7946 0000", "hours": "8am to 8pm" },
        "needs": { "non_weight_bearing": true, "bariatric_max_kg": 180 },
        "vacant_beds_for": "women_only",
        "admissions": { "status": "open" },
        "fees": { "council_rate_accepted": true, "self_funder_from": 145000, "self_funder_to": 160000 },
        "step_down_beds_offered": 1
    })
}

async fn my_homes(app: &TestApp, cookie: &str) -> Vec<String> {
    let me = app.get("/api/session", Some(cookie)).await;
    me.body["homes"]
        .as_array()
        .expect("homes")
        .iter()
        .map(|h| h.as_str().expect("id").to_string())
        .collect()
}

async fn health_manifest_and_homes_match_the_shipped_data(app: TestApp) {
    let h = app.get("/api/health", None).await;
    assert_eq!(h.status, StatusCode::OK);
    assert_eq!(h.body["status"], "ok");
    assert_eq!(h.body["database"], app.state.db.backend.name());
    // The schema is at the newest migration shipped (one file per migration and backend).
    let shipped_migrations = std::fs::read_dir(common::package_dir().join("migrations/sqlite"))
        .expect("the migrations folder")
        .count();
    assert_eq!(h.body["schema_version"], shipped_migrations);

    let manifest = app.get("/api/manifest", None).await.body;
    assert_eq!(manifest["weeks"], shipped("manifest.json")["weeks"]);
    assert_eq!(manifest["sample"], true);

    let homes = app.get("/api/homes", None).await.body;
    assert_eq!(
        homes,
        shipped("homes.json"),
        "every home comes back exactly as shipped"
    );
    let barnet = app
        .get("/api/homes?borough=E09000003&care_type=nursing", None)
        .await
        .body;
    let expected = shipped("homes.json")
        .as_array()
        .expect("homes")
        .iter()
        .filter(|h| h["borough"] == "E09000003" && h["care_type"] == "nursing")
        .count();
    assert_eq!(barnet.as_array().expect("list").len(), expected);
    assert!(expected > 5, "the filter has something to find");

    let footprint = app.get("/api/footprint", None).await.body;
    assert_eq!(footprint, shipped("footprint.json"));
}

async fn a_week_of_returns_matches_the_file_with_fees_only_for_the_entitled(app: TestApp) {
    let file = shipped(&format!("returns/{WEEK}.json"));
    let broker = app.sign_in("demo-broker").await;
    let full = app
        .get(&format!("/api/weeks/{WEEK}/returns"), Some(&broker))
        .await
        .body;
    assert_eq!(full, file, "a broker sees every return with fees");

    let public = app
        .get(&format!("/api/weeks/{WEEK}/returns"), None)
        .await
        .body;
    let mut stripped = file.clone();
    for r in stripped.as_array_mut().expect("list") {
        r.as_object_mut().expect("object").remove("fees");
    }
    assert_eq!(
        public, stripped,
        "the public sees the same returns without fees"
    );

    let provider = app.sign_in("demo-provider").await;
    let mine = my_homes(&app, &provider).await;
    let seen = app
        .get(&format!("/api/weeks/{WEEK}/returns"), Some(&provider))
        .await
        .body;
    for r in seen.as_array().expect("list") {
        let own = mine.iter().any(|h| r["home"] == h.as_str());
        assert_eq!(
            r.get("fees").is_some(),
            own,
            "a provider sees fees of their own homes only: {r}"
        );
    }
}

/// Each home's latest return as at each week, picked by the service's SQL, is what the generator
/// worked out with the domain's rule for the static `latest/` files: for a broker with fees, for
/// the public without.
async fn the_latest_returns_as_at_each_week_match_the_files(app: TestApp) {
    let broker = app.sign_in("demo-broker").await;
    let mut earlier_weeks_kept = 0;
    for week in shipped("manifest.json")["weeks"].as_array().expect("weeks") {
        let week = week.as_str().expect("a week");
        let file = shipped(&format!("latest/{week}.json"));
        let url = format!("/api/weeks/{week}/latest");
        assert_eq!(app.get(&url, Some(&broker)).await.body, file, "{week}");
        let mut stripped = file.clone();
        for r in stripped.as_array_mut().expect("list") {
            earlier_weeks_kept += usize::from(r["week"] != week);
            r.as_object_mut().expect("object").remove("fees");
        }
        assert_eq!(app.get(&url, None).await.body, stripped, "{week}, public");
    }
    assert!(
        earlier_weeks_kept > 0,
        "some homes' latest returns are from earlier weeks"
    );
}

/// Public fee figures never come from fewer than five homes and never include a lowest or
/// highest fee (a cell from a handful of homes gives their fees away).
async fn public_fee_figures_never_come_from_fewer_than_five_homes(app: TestApp) {
    let m = app.get(&format!("/api/market?week={WEEK}"), None).await;
    assert_eq!(m.status, StatusCode::OK);
    let boroughs = m.body["boroughs"].as_array().expect("boroughs");
    let mut cells = 0;
    for area in boroughs.iter().chain([&m.body["total"]]) {
        for (category, cell) in area["fees"].as_object().expect("fees") {
            cells += 1;
            assert!(
                cell["count"].as_u64().expect("count") >= 5,
                "{category}: {cell}"
            );
            let keys: Vec<&String> = cell.as_object().expect("cell").keys().collect();
            assert_eq!(
                keys,
                ["count", "lower", "median", "upper"],
                "no lowest or highest fee"
            );
        }
    }
    assert!(
        cells > 5,
        "figures are still published where there are enough homes"
    );
    // Worked out from the shipped files: fees per borough and home's main category.
    let homes: Vec<market_model::register::home::CareHome> =
        serde_json::from_value(shipped("homes.json")).expect("homes");
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    for r in shipped(&format!("returns/{WEEK}.json"))
        .as_array()
        .expect("returns")
    {
        if r["fees"]["self_funder_from"].is_null() {
            continue;
        }
        let home = homes
            .iter()
            .find(|h| h.id == r["home"])
            .expect("a shipped home");
        let category = serde_json::to_value(home.main_category()).expect("category");
        let key = (
            home.borough.clone(),
            category.as_str().expect("key").to_string(),
        );
        *counts.entry(key).or_default() += 1;
    }
    let mut withheld_somewhere = false;
    for b in boroughs {
        let code = b["gss_code"].as_str().expect("code");
        for ((borough, category), n) in counts.iter().filter(|((borough, _), _)| borough == code) {
            let withheld = b["fees_withheld"]
                .as_array()
                .expect("list")
                .contains(&json!(category));
            assert_eq!(withheld, *n < 5, "{borough} {category}: {n} homes");
            assert_eq!(
                b["fees"].get(category).is_some(),
                *n >= 5,
                "{borough} {category}"
            );
            withheld_somewhere |= withheld;
        }
    }
    assert!(
        withheld_somewhere,
        "the sample has cells too small to publish"
    );
}

async fn the_market_summary_counts_every_home(app: TestApp) {
    let m = app.get(&format!("/api/market?week={WEEK}"), None).await;
    assert_eq!(m.status, StatusCode::OK);
    let homes = shipped("homes.json");
    let homes = homes.as_array().expect("homes");
    let total = &m.body["total"];
    let nursing = homes.iter().filter(|h| h["care_type"] == "nursing").count();
    assert_eq!(total["homes"]["nursing"], nursing);
    assert_eq!(total["homes"]["residential"], homes.len() - nursing);
    let returns = shipped(&format!("returns/{WEEK}.json"));
    assert_eq!(
        total["returns_received"],
        returns.as_array().expect("list").len()
    );
    // A Tuesday names no week.
    let bad = app.get("/api/market?week=2026-11-17", None).await;
    assert_eq!(
        (bad.status, bad.code()),
        (StatusCode::NOT_FOUND, "no_such_week")
    );
    assert!(
        bad.body["error"]["message"]
            .as_str()
            .expect("message")
            .contains("Monday"),
        "{}",
        bad.body
    );
}

async fn sessions_start_show_the_user_and_end(app: TestApp) {
    let wrong = app
        .call(
            Method::POST,
            "/api/session",
            Some(json!({"username": "demo-broker", "password": "nope"})),
            None,
        )
        .await;
    assert_eq!(
        (wrong.status, wrong.code()),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    let unknown = app
        .call(
            Method::POST,
            "/api/session",
            Some(json!({"username": "nobody", "password": "nope"})),
            None,
        )
        .await;
    assert_eq!(
        unknown.body, wrong.body,
        "an unknown user looks like a wrong password"
    );

    let ok = app
        .call(
            Method::POST,
            "/api/session",
            Some(
                json!({"username": "Demo-Barnet", "password": market_service::seed::DEMO_PASSWORD}),
            ),
            None,
        )
        .await;
    assert_eq!(ok.status, StatusCode::OK);
    let set_cookie = ok.headers["set-cookie"].to_str().expect("ascii");
    for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set_cookie.contains(part), "{set_cookie}");
    }
    assert!(
        !set_cookie.contains("Secure"),
        "plain http on loopback: {set_cookie}"
    );
    assert_eq!(ok.body["role"], "commissioner");
    assert_eq!(ok.body["borough"], "E09000003");
    let cookie = set_cookie.split(';').next().expect("pair").to_string();

    let me = app.get("/api/session", Some(&cookie)).await;
    assert_eq!(me.body["username"], "demo-barnet");
    assert!(me.body.get("password_hash").is_none());

    let out = app
        .call(Method::DELETE, "/api/session", None, Some(&cookie))
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert!(out.headers["set-cookie"]
        .to_str()
        .expect("ascii")
        .contains("Max-Age=0"));
    let after = app.get("/api/session", Some(&cookie)).await;
    assert_eq!(
        (after.status, after.code()),
        (StatusCode::UNAUTHORIZED, "not_signed_in")
    );
    let forged = app.get("/api/session", Some("cm_session=00ff")).await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
}

async fn repeated_failed_sign_ins_are_refused(app: TestApp) {
    for _ in 0..5 {
        let r = app
            .call(
                Method::POST,
                "/api/session",
                Some(json!({"username": "demo-admin", "password": "guess-guess"})),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    }
    let right = app
        .call(
            Method::POST,
            "/api/session",
            Some(
                json!({"username": "demo-admin", "password": market_service::seed::DEMO_PASSWORD}),
            ),
            None,
        )
        .await;
    assert_eq!(
        (right.status, right.code()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
    );
    // Other users are not locked out.
    app.sign_in("demo-broker").await;
    // Over-long credentials are refused by field, before any lock or hash.
    for (body, field) in [
        (
            json!({"username": "u".repeat(41), "password": "guess-guess"}),
            "username",
        ),
        (
            json!({"username": "demo-broker", "password": "p".repeat(1_000)}),
            "password",
        ),
    ] {
        let r = app
            .call(Method::POST, "/api/session", Some(body), None)
            .await;
        assert_eq!(
            (r.status, r.body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some(field))
        );
    }
    app.sign_in("demo-broker").await;
}

async fn returns_are_versioned_idempotent_and_audited(app: TestApp) {
    let cookie = app.sign_in("demo-provider").await;
    let home = my_homes(&app, &cookie).await.remove(0);
    let week = this_week();
    let url = format!("/api/homes/{home}/returns");

    let first = app
        .call(
            Method::POST,
            &url,
            Some(submission("first-0001", &week, None, 12)),
            Some(&cookie),
        )
        .await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["version"], 1);
    assert_eq!(first.body["return"]["home"], home.as_str());

    let retry = app
        .call(
            Method::POST,
            &url,
            Some(submission("first-0001", &week, None, 12)),
            Some(&cookie),
        )
        .await;
    assert_eq!(retry.status, StatusCode::OK, "a retry stores nothing new");
    assert_eq!(retry.body["version"], 1);
    assert_eq!(
        retry.body["return"]["submitted_at"],
        first.body["return"]["submitted_at"]
    );

    let unbased = app
        .call(
            Method::POST,
            &url,
            Some(submission("second-001", &week, None, 13)),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        (unbased.status, unbased.code()),
        (StatusCode::CONFLICT, "version_conflict")
    );

    let amend = app
        .call(
            Method::POST,
            &url,
            Some(submission("amend-0001", &week, Some(1), 13)),
            Some(&cookie),
        )
        .await;
    assert_eq!(amend.status, StatusCode::CREATED, "{}", amend.body);
    assert_eq!(amend.body["version"], 2);

    let stale = app
        .call(
            Method::POST,
            &url,
            Some(submission("amend-0002", &week, Some(1), 14)),
            Some(&cookie),
        )
        .await;
    assert_eq!(
        (stale.status, stale.code()),
        (StatusCode::CONFLICT, "version_conflict")
    );
    assert_eq!(stale.body["error"]["field"], "base_version");

    let history = app.get(&url, Some(&cookie)).await.body;
    let this: Vec<&Value> = history
        .as_array()
        .expect("list")
        .iter()
        .filter(|r| r["return"]["week"] == week.as_str())
        .collect();
    assert_eq!(this.len(), 2, "both versions kept, newest first");
    assert_eq!(
        (this[0]["version"].clone(), this[1]["version"].clone()),
        (json!(2), json!(1))
    );
    assert_eq!(
        this[1]["return"]["beds"]["nursing"]["occupied"], 12,
        "the old version is unchanged"
    );
    assert_eq!(this[0]["submitted_by"], "demo-provider");

    let latest = app
        .get(&format!("/api/homes/{home}/capacity"), None)
        .await
        .body;
    assert_eq!(latest["version"], 2);
    assert!(
        latest["return"].get("fees").is_none(),
        "the public never sees a home's fees"
    );
    assert!(latest.get("submitted_by").is_none());
    assert!(
        latest["return"].get("contact").is_none(),
        "the public never sees the contact"
    );
    assert_eq!(latest["return"]["needs"]["bariatric_max_kg"], 180);
    assert_eq!(latest["return"]["vacant_beds_for"], "women_only");
    let broker = app.sign_in("demo-broker").await;
    let seen = app
        .get(&format!("/api/homes/{home}/capacity"), Some(&broker))
        .await
        .body;
    assert_eq!(
        seen["return"]["contact"]["name"], "Duty manager",
        "signed-in users see whom to call"
    );

    let admin = app.sign_in("demo-admin").await;
    let audit = app.get("/api/audit?limit=50", Some(&admin)).await.body;
    let actions: Vec<(String, String, String)> = audit
        .as_array()
        .expect("list")
        .iter()
        .filter(|e| e["target"] == home.as_str())
        .map(|e| {
            (
                e["username"].as_str().unwrap_or("").to_string(),
                e["action"].as_str().unwrap_or("").to_string(),
                e["detail"]["version"].to_string(),
            )
        })
        .collect();
    assert_eq!(
        actions,
        [
            (
                "demo-provider".to_string(),
                "return.amend".to_string(),
                "2".to_string()
            ),
            (
                "demo-provider".to_string(),
                "return.submit".to_string(),
                "1".to_string()
            )
        ]
    );
}

async fn bad_returns_get_errors_naming_the_field(app: TestApp) {
    let cookie = app.sign_in("demo-provider").await;
    let home = my_homes(&app, &cookie).await.remove(0);
    let url = format!("/api/homes/{home}/returns");
    let week = this_week();
    let next = common::this_week().plus_weeks(1).to_string();
    let cases: Vec<(Value, StatusCode, &str, &str)> = vec![
        (
            submission("too-many-beds", &week, None, 15),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "beds.nursing.occupied",
        ),
        (
            submission("future-week1", &next, None, 10),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "week",
        ),
        (
            submission("short", &week, None, 10),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            "submission_id",
        ),
        (
            submission("a-tuesday-1", "2026-11-17", None, 10),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
            "week",
        ),
        (
            {
                let mut s = submission("no-beds-001", &week, None, 10);
                s.as_object_mut().expect("o").remove("beds");
                s
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
            "beds",
        ),
        (
            {
                let mut s = submission("negative-01", &week, None, 10);
                s["beds"]["nursing"]["occupied"] = json!(-1);
                s
            },
            // serde cannot name a map key in its path: the category shows as "?".
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
            "beds.?.occupied",
        ),
        (
            {
                let mut s = submission("huge-number", &week, None, 10);
                s["beds"]["nursing"]["capacity"] = json!(1e20);
                s
            },
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_json",
            "beds.?.capacity",
        ),
    ];
    for (body, status, code, field) in cases {
        let r = app
            .call(Method::POST, &url, Some(body.clone()), Some(&cookie))
            .await;
        assert_eq!((r.status, r.code()), (status, code), "{body} → {}", r.body);
        assert_eq!(r.body["error"]["field"], field, "{}", r.body);
        assert!(!r.body["error"]["message"].as_str().unwrap_or("").is_empty());
    }
    let history = app.get(&url, Some(&cookie)).await.body;
    assert!(
        history
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r["return"]["week"] != week.as_str()),
        "nothing invalid was stored"
    );
}

async fn garbage_never_gets_a_server_error(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let requests: Vec<(Method, &str, Option<&str>)> = vec![
        (Method::GET, "/api/weeks/not-a-week/returns", None),
        (Method::GET, "/api/weeks/2026-02-30/compliance", None),
        (Method::GET, "/api/homes?care_type=castle", None),
        (Method::GET, "/api/homes?include_deregistered=maybe", None),
        (Method::GET, "/api/homes/%00%ff", None),
        (Method::GET, "/api/audit?limit=-1", None),
        (Method::GET, "/api/audit?limit=abc", None),
        (Method::POST, "/api/session", Some("{\"username\":")),
        (Method::POST, "/api/session", Some("[]")),
        (Method::POST, "/api/users", Some("{\"username\":\"x\"}")),
        (Method::POST, "/api/homes/SAMPLE-0001/returns", Some("null")),
        (Method::PUT, "/api/users/nobody/homes/nowhere", None),
        (Method::GET, "/api/nothing/here", None),
        (Method::PATCH, "/api/health", None),
    ];
    for (method, path, body) in requests {
        let mut req = axum::http::Request::builder()
            .method(method.clone())
            .uri(path)
            .header("cookie", &admin);
        if body.is_some() {
            req = req.header("content-type", "application/json");
        }
        let req = req
            .body(axum::body::Body::from(body.unwrap_or("").to_string()))
            .expect("request");
        let r = app.send(req).await;
        assert!(
            r.status.is_client_error(),
            "{method} {path} → {} {}",
            r.status,
            r.body
        );
        assert!(
            !r.code().is_empty(),
            "{method} {path}: a JSON error with a code, got {}",
            r.body
        );
    }
}

async fn compliance_counts_match_the_shipped_returns(app: TestApp) {
    let homes = shipped("homes.json");
    let returns = shipped(&format!("returns/{WEEK}.json"));
    let due = |r: &Value| r["submitted_at"].as_str().expect("time") > "2026-11-17T12:00:00Z";
    let mut expected: BTreeMap<String, (u32, u32, u32)> = BTreeMap::new();
    for h in homes.as_array().expect("homes") {
        let entry = expected
            .entry(h["borough"].as_str().expect("gss").to_string())
            .or_default();
        match returns
            .as_array()
            .expect("list")
            .iter()
            .find(|r| r["home"] == h["id"])
        {
            None => entry.2 += 1,
            Some(r) if due(r) => entry.1 += 1,
            Some(_) => entry.0 += 1,
        }
    }
    let ncl = app.sign_in("demo-commissioner").await;
    let all = app
        .get(&format!("/api/weeks/{WEEK}/compliance"), Some(&ncl))
        .await
        .body;
    let got: BTreeMap<String, (u32, u32, u32)> = all["boroughs"]
        .as_array()
        .expect("boroughs")
        .iter()
        .map(|b| {
            let n = |k: &str| b[k].as_u64().expect("count") as u32;
            (
                b["borough"].as_str().expect("gss").to_string(),
                (n("on_time"), n("late"), n("missing")),
            )
        })
        .collect();
    assert_eq!(got, expected);
    assert!(
        expected.values().any(|c| c.1 > 0 && c.2 > 0),
        "the sample has late and missing returns"
    );

    // A home's latest contact comes with its row, for the chase list.
    let provider = app.sign_in("demo-provider").await;
    let home = my_homes(&app, &provider).await.remove(0);
    let sent = app
        .call(
            Method::POST,
            &format!("/api/homes/{home}/returns"),
            Some(submission("chase-0001", &this_week(), None, 12)),
            Some(&provider),
        )
        .await;
    assert_eq!(sent.status, StatusCode::CREATED, "{}", sent.body);
    let now = app
        .get(
            &format!("/api/weeks/{}/compliance", this_week()),
            Some(&ncl),
        )
        .await
        .body;
    let row = now["homes"]
        .as_array()
        .expect("homes")
        .iter()
        .find(|h| h["home"] == home.as_str())
        .expect("row")
        .clone();
    assert_eq!(row["contact"]["name"], "Duty manager");
    assert_ne!(row["status"], "missing");

    let barnet = app.sign_in("demo-barnet").await;
    let own = app
        .get(&format!("/api/weeks/{WEEK}/compliance"), Some(&barnet))
        .await
        .body;
    let boroughs: Vec<&str> = own["boroughs"]
        .as_array()
        .expect("list")
        .iter()
        .map(|b| b["borough"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(boroughs, ["E09000003"]);
    assert!(own["homes"]
        .as_array()
        .expect("list")
        .iter()
        .all(|h| h["borough"] == "E09000003"));
}

/// The router is built from the handlers' own documentation (utoipa-axum), so the document and
/// the routes come from one list. This holds them to it from outside: every documented
/// operation is routed and answers only as documented, and on a documented path every method the
/// document leaves out is refused as not allowed, so the router serves nothing more there.
async fn the_openapi_document_describes_every_route(app: TestApp) {
    let doc = app.get("/api/openapi.json", None).await.body;
    assert!(doc["openapi"].as_str().expect("version").starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    let methods = [
        Method::GET,
        Method::POST,
        Method::PUT,
        Method::DELETE,
        Method::PATCH,
    ];
    for (path, ops) in paths {
        let concrete = path
            .replace("{id}", "SAMPLE-0001")
            .replace("{week}", WEEK)
            .replace("{username}", "demo-provider")
            .replace("{home_id}", "SAMPLE-0001");
        let ops = ops.as_object().expect("operations");
        for m in methods
            .iter()
            .filter(|m| !ops.contains_key(&m.as_str().to_lowercase()))
        {
            let r = app.call(m.clone(), &concrete, None, None).await;
            assert_eq!(
                r.status,
                StatusCode::METHOD_NOT_ALLOWED,
                "{m} {path} is served but not documented"
            );
        }
        for method in ops.keys() {
            let m = Method::from_bytes(method.to_uppercase().as_bytes()).expect("method");
            let r = app.call(m.clone(), &concrete, None, None).await;
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            assert!(
                !(r.status == StatusCode::NOT_FOUND
                    && r.body["error"]["message"]
                        .as_str()
                        .unwrap_or("")
                        .contains("no such API endpoint")),
                "{method} {path} is documented but not routed"
            );
            let documented = ops[method]["responses"].as_object().expect("responses");
            assert!(
                documented.contains_key(r.status.as_str()),
                "{method} {path} answered {} anonymously, which its document does not list",
                r.status
            );
        }
    }
}

/// A home's latest return is the same whether the service's SQL or the domain's rule picks it:
/// with two versions this week (sent within moments, so very likely in one second, the tie the
/// rule settles by version) and earlier weeks behind them.
async fn the_latest_return_is_one_rule_in_sql_and_in_the_domain(app: TestApp) {
    let (home, _) = common::home_with_vacancies(&app, 1).await;
    let (again, _) = common::home_with_vacancies(&app, 2).await;
    assert_eq!(home, again);
    let db = &app.state.db;
    let history = market_service::returns::history(db, &home)
        .await
        .expect("history");
    assert!(
        history.len() >= 3,
        "two versions this week and earlier weeks"
    );
    let by_sql = market_service::returns::latest_by_home(db)
        .await
        .expect("latest")
        .into_iter()
        .find(|r| r.capacity_return.home == home)
        .expect("the home's latest");
    let this_week = market_service::returns::for_week(db, common::this_week(), true)
        .await
        .expect("the week")
        .into_iter()
        .find(|r| r.capacity_return.home == home)
        .expect("the home's return this week");

    // The domain reads a home's returns oldest version first, as the app and bed search get them.
    let oldest_first: Vec<_> = history
        .iter()
        .rev()
        .map(|r| r.capacity_return.clone())
        .collect();
    let registered = market_service::homes::get(db, &home).await.expect("home");
    let latest = market_model::returns::home_status::latest_returns(
        std::slice::from_ref(&registered),
        &oldest_first,
        common::this_week(),
    );
    let by_domain = &oldest_first[latest[0].index.expect("a latest return")];
    assert_eq!(by_domain, &by_sql.capacity_return);
    assert_eq!(by_domain, &this_week.capacity_return);
    // And it is the second version sent, with its two vacant beds.
    assert_eq!((by_sql.version, by_domain.total().vacant_accepting), (2, 2));
}

on_both_databases!(
    the_latest_return_is_one_rule_in_sql_and_in_the_domain,
    health_manifest_and_homes_match_the_shipped_data,
    a_week_of_returns_matches_the_file_with_fees_only_for_the_entitled,
    the_latest_returns_as_at_each_week_match_the_files,
    the_market_summary_counts_every_home,
    public_fee_figures_never_come_from_fewer_than_five_homes,
    sessions_start_show_the_user_and_end,
    repeated_failed_sign_ins_are_refused,
    returns_are_versioned_idempotent_and_audited,
    bad_returns_get_errors_naming_the_field,
    garbage_never_gets_a_server_error,
    compliance_counts_match_the_shipped_returns,
    the_openapi_document_describes_every_route,
);
