//! Discharge referrals against real SQLite and PostgreSQL: a broker opens one, holds a bed for
//! it, the provider admits and the referral is placed with its days waited; closing checks its
//! fields and releases the referral's holds; who sees which referrals; the commissioners'
//! figures move by what each step adds. Every change audited.

mod common;

use axum::http::{Method, StatusCode};
use common::{home_with_vacancies, Reply, TestApp};
use market_model::primitives::money::Pence;
use serde_json::{json, Value};

const BARNET: &str = "E09000003";
const ENFIELD: &str = "E09000010";

/// The bed search's need for a bed of `category` (a long-stay category's key).
fn need_for(category: &str) -> &'static str {
    match category {
        "residential" => "type=residential&stay=permanent",
        "residential_dementia" => "type=residential&dementia=1&stay=permanent",
        "nursing" => "stay=permanent",
        "nursing_dementia" => "dementia=1&stay=permanent",
        other => panic!("no long-stay need for {other}"),
    }
}

/// The first footprint hospital's key, as the bed search names it.
fn hospital() -> String {
    let footprint = common::shipped("footprint.json");
    let name = footprint["hospitals"][0]["name"]
        .as_str()
        .expect("a hospital");
    market_model::brokerage::bed_search::hospital_key(name)
}

async fn open(app: &TestApp, cookie: &str, body: Value) -> Reply {
    app.call(Method::POST, "/api/referrals", Some(body), Some(cookie))
        .await
}

fn referral(reference: &str, placing: &str, need: &str, ready_on: &str) -> Value {
    json!({ "reference": reference, "hospital": hospital(), "placing": placing, "need": need,
        "ready_on": ready_on, "ceiling": 500000 })
}

async fn close(app: &TestApp, cookie: &str, id: &Value, body: Value) -> Reply {
    app.call(
        Method::POST,
        &format!("/api/referrals/{id}/close"),
        Some(body),
        Some(cookie),
    )
    .await
}

/// The queue entry for referral `id`, if it is open.
async fn queued(app: &TestApp, cookie: &str, id: &Value) -> Option<Value> {
    let r = app.get("/api/referrals", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
        .as_array()
        .expect("a list")
        .iter()
        .find(|q| q["referral"]["id"] == *id)
        .cloned()
}

async fn figures(app: &TestApp, cookie: &str) -> Value {
    let r = app.get("/api/analytics/referrals", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.body);
    r.body
}

/// Referrals placed for `need` in `month` by the figures.
fn placed(figures: &Value, need: &str, month: &str) -> u64 {
    figures["waits"]
        .as_array()
        .expect("waits")
        .iter()
        .find(|w| w["need"] == need && w["month"] == month)
        .map_or(0, |w| w["placed"].as_u64().expect("a count"))
}

/// Delayed bed days the figures give `borough` in `week`.
fn delayed(figures: &Value, borough: &str, week: &str) -> i64 {
    figures["delays"]
        .as_array()
        .expect("delays")
        .iter()
        .find(|d| d["borough"] == borough && d["week"] == week)
        .map_or(0, |d| d["days"].as_i64().expect("days"))
}

async fn a_held_bed_admitted_by_the_provider_places_the_referral(app: TestApp) {
    let (home, category) = home_with_vacancies(&app, 2).await;
    let broker = app.sign_in("demo-broker").await;
    let provider = app.sign_in("demo-provider").await;
    let commissioner = app.sign_in("demo-commissioner").await;
    let before = figures(&app, &commissioner).await;

    // Ready on Friday 20 Nov; "now" is Monday 23 Nov.
    let opened = open(
        &app,
        &broker,
        referral("NMUH-R-1", ENFIELD, need_for(&category), "2026-11-20"),
    )
    .await;
    assert_eq!(opened.status, StatusCode::CREATED, "{}", opened.body);
    assert_eq!(opened.body["status"], "open");
    assert_eq!(opened.body["broker"], "Demo Discharge Broker");
    let id = opened.body["id"].clone();

    // The queue counts the beds meeting the need: the home's two among them.
    let entry = queued(&app, &broker, &id).await.expect("in the queue");
    let matching = entry["matching_beds"].as_u64().expect("a count");
    assert!(matching >= 2, "{entry}");
    assert_eq!(entry["holds"], json!([]));

    // A hold for the referral carries its reference.
    let hold = |reference: &str| json!({ "home": home, "category": category, "reference": reference, "referral": id });
    let wrong = app
        .call(
            Method::POST,
            "/api/holds",
            Some(hold("OTHER-1")),
            Some(&broker),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(wrong.body["error"]["field"], "reference");
    let held = app
        .call(
            Method::POST,
            "/api/holds",
            Some(hold("NMUH-R-1")),
            Some(&broker),
        )
        .await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);
    assert_eq!(held.body["referral"], id);

    // The held bed is in play for the referral and no longer counts as meeting its need.
    let entry = queued(&app, &broker, &id).await.expect("still open");
    assert_eq!(entry["holds"][0]["id"], held.body["id"]);
    assert_eq!(entry["matching_beds"].as_u64(), Some(matching - 1));

    // The provider admits: the referral is placed there today, after 3 days.
    let admitted = app
        .call(
            Method::POST,
            &format!("/api/holds/{}/outcome", held.body["id"]),
            Some(json!({ "outcome": "admitted" })),
            Some(&provider),
        )
        .await;
    assert_eq!(admitted.status, StatusCode::OK, "{}", admitted.body);
    assert!(queued(&app, &broker, &id).await.is_none());
    let closed = app.get("/api/referrals/closed", Some(&broker)).await.body;
    let placed_referral = closed
        .as_array()
        .expect("a list")
        .iter()
        .find(|r| r["id"] == id)
        .expect("closed")
        .clone();
    assert_eq!(placed_referral["status"], "placed");
    assert_eq!(placed_referral["home"], home.as_str());
    assert_eq!(placed_referral["closed_on"], "2026-11-23");

    // The figures: one more placed in November for the need, and three more delayed bed days
    // (Friday to Sunday) for Enfield in the week of 16 Nov.
    let after = figures(&app, &commissioner).await;
    assert_eq!(
        placed(&after, &category, "2026-11"),
        placed(&before, &category, "2026-11") + 1
    );
    assert_eq!(
        delayed(&after, ENFIELD, "2026-11-16"),
        delayed(&before, ENFIELD, "2026-11-16") + 3
    );
    // A placement is no longer open, so it leaves nobody waiting.
    assert_eq!(after["open"], before["open"]);

    let admin = app.sign_in("demo-admin").await;
    let audit = app.get("/api/audit", Some(&admin)).await.body.to_string();
    for action in [
        "referral.open",
        "hold.place",
        "hold.admitted",
        "referral.placed",
    ] {
        assert!(audit.contains(action), "{action} audited");
    }
}

async fn closing_checks_its_fields_and_releases_the_referrals_holds(app: TestApp) {
    let (home, category) = home_with_vacancies(&app, 1).await;
    let broker = app.sign_in("demo-broker").await;
    let provider = app.sign_in("demo-provider").await;
    let opened = open(
        &app,
        &broker,
        referral("RF-CLOSE-1", BARNET, need_for(&category), "2026-11-19"),
    )
    .await;
    let id = opened.body["id"].clone();
    let held = app
        .call(
            Method::POST,
            "/api/holds",
            Some(json!({ "home": home, "category": category, "reference": "RF-CLOSE-1", "referral": id })),
            Some(&broker),
        )
        .await;
    assert_eq!(held.status, StatusCode::CREATED, "{}", held.body);

    for (body, field) in [
        (
            json!({ "status": "withdrawn", "on": "2026-11-23", "home": home }),
            "status",
        ),
        (
            json!({ "status": "other_pathway", "on": "2026-11-23" }),
            "reason",
        ),
        (json!({ "status": "placed", "on": "2026-11-23" }), "home"),
        (json!({ "status": "open", "on": "2026-11-23" }), "status"),
        (json!({ "status": "withdrawn", "on": "2026-11-18" }), "on"),
        (json!({ "status": "withdrawn", "on": "2026-11-24" }), "on"),
    ] {
        let r = close(&app, &broker, &id, body.clone()).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["field"], field, "{body}");
    }
    let by_provider = close(
        &app,
        &provider,
        &id,
        json!({ "status": "withdrawn", "on": "2026-11-23" }),
    )
    .await;
    assert_eq!(by_provider.status, StatusCode::FORBIDDEN);

    let gone_home =
        json!({ "status": "other_pathway", "on": "2026-11-22", "reason": "home_with_care" });
    let closed = close(&app, &broker, &id, gone_home.clone()).await;
    assert_eq!(closed.status, StatusCode::OK, "{}", closed.body);
    assert_eq!(closed.body["status"], "other_pathway");
    assert_eq!(closed.body["reason"], "home_with_care");
    // Its hold was released, so the bed is free again; a closed referral takes no more.
    let holds = app.get("/api/holds", Some(&broker)).await.body;
    let hold = holds
        .as_array()
        .expect("a list")
        .iter()
        .find(|h| h["id"] == held.body["id"])
        .expect("the hold");
    assert_eq!(hold["status"], "released");
    assert_eq!(
        close(&app, &broker, &id, gone_home).await.code(),
        "referral_closed"
    );
    let again = app
        .call(
            Method::POST,
            "/api/holds",
            Some(json!({ "home": home, "category": category, "reference": "RF-CLOSE-1", "referral": id })),
            Some(&broker),
        )
        .await;
    assert_eq!(again.status, StatusCode::CONFLICT);
    assert_eq!(again.code(), "referral_closed");
}

async fn referrals_reach_only_those_who_work_them(app: TestApp) {
    let broker = app.sign_in("demo-broker").await;
    let need = need_for("nursing_dementia");
    let barnet = open(
        &app,
        &broker,
        referral("RF-BARNET", BARNET, need, "2026-11-20"),
    )
    .await;
    let enfield = open(
        &app,
        &broker,
        referral("RF-ENFIELD", ENFIELD, need, "2026-11-20"),
    )
    .await;
    assert_eq!(barnet.status, StatusCode::CREATED, "{}", barnet.body);
    assert_eq!(enfield.status, StatusCode::CREATED, "{}", enfield.body);

    // A borough's commissioners see their own borough's referrals; brokers and sub-regional
    // commissioners every borough's; providers none.
    let placing = |list: Value| -> Vec<String> {
        list.as_array()
            .expect("a list")
            .iter()
            .map(|q| {
                q["referral"]["placing"]
                    .as_str()
                    .expect("a borough")
                    .to_string()
            })
            .collect()
    };
    let demo_barnet = app.sign_in("demo-barnet").await;
    let seen = placing(app.get("/api/referrals", Some(&demo_barnet)).await.body);
    assert!(
        seen.iter().all(|b| b == BARNET) && !seen.is_empty(),
        "{seen:?}"
    );
    for user in ["demo-broker", "demo-commissioner"] {
        let cookie = app.sign_in(user).await;
        let seen = placing(app.get("/api/referrals", Some(&cookie)).await.body);
        assert!(seen.iter().any(|b| b == ENFIELD), "{user}: {seen:?}");
    }
    let provider = app.sign_in("demo-provider").await;
    for path in [
        "/api/referrals",
        "/api/referrals/closed",
        "/api/analytics/referrals",
    ] {
        assert_eq!(
            app.get(path, Some(&provider)).await.status,
            StatusCode::FORBIDDEN,
            "{path}"
        );
    }
    // Brokers work case by case: the figures are for commissioners.
    assert_eq!(
        app.get("/api/analytics/referrals", Some(&broker))
            .await
            .status,
        StatusCode::FORBIDDEN
    );

    // Bad referrals are refused naming the field; only brokers open them.
    let mut bad = Vec::new();
    for (change, field) in [
        (json!({ "reference": "943 476 5919" }), "reference"),
        (json!({ "hospital": "st-elsewhere" }), "hospital"),
        (json!({ "placing": "E09000001" }), "placing"),
        (json!({ "ready_on": "2026-12-22" }), "ready_on"),
        (json!({ "ceiling": 0 }), "ceiling"),
    ] {
        let mut body = referral("RF-BAD-1", BARNET, need, "2026-11-20");
        for (k, v) in change.as_object().expect("an object") {
            body[k] = v.clone();
        }
        let r = open(&app, &broker, body).await;
        if r.status != StatusCode::UNPROCESSABLE_ENTITY || r.body["error"]["field"] != field {
            bad.push(format!("{change}: {} {}", r.status, r.body));
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
    let by_commissioner = open(
        &app,
        &demo_barnet,
        referral("RF-C-1", BARNET, need, "2026-11-20"),
    )
    .await;
    assert_eq!(by_commissioner.status, StatusCode::FORBIDDEN);
}

async fn the_sample_carries_a_referral_history(app: TestApp) {
    let commissioner = app.sign_in("demo-commissioner").await;
    let f = figures(&app, &commissioner).await;
    let closed = app
        .get("/api/referrals/closed", Some(&commissioner))
        .await
        .body;
    let closed = closed.as_array().expect("a list");
    assert!(closed.len() >= 100, "{} closed referrals", closed.len());
    assert!(!f["open"].as_array().expect("open").is_empty());
    // Dementia nursing waits longest: its median wait over the sample is the highest.
    let placed = closed.iter().filter(|r| r["status"] == "placed");
    let mut waits: std::collections::BTreeMap<String, Vec<i64>> = Default::default();
    for r in placed {
        let ready: chrono::NaiveDate = r["ready_on"].as_str().unwrap().parse().unwrap();
        let on: chrono::NaiveDate = r["closed_on"].as_str().unwrap().parse().unwrap();
        let need = r["need"].as_str().unwrap();
        let category =
            market_model::brokerage::referral::search_for(need, "", "", Pence(1)).category();
        waits
            .entry(category.key().to_string())
            .or_default()
            .push((on - ready).num_days());
    }
    let median = |v: &mut Vec<i64>| {
        v.sort_unstable();
        v[v.len() / 2]
    };
    let mut medians: Vec<(i64, String)> = waits
        .iter_mut()
        .map(|(need, days)| (median(days), need.clone()))
        .collect();
    medians.sort();
    let longest = &medians.last().expect("placements").1;
    assert_eq!(longest, "nursing_dementia", "{medians:?}");
}

async fn a_boroughs_broker_works_that_boroughs_referrals_alone(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let made = app
        .call(
            Method::POST,
            "/api/users",
            Some(json!({ "username": "barnet-broker", "display_name": "Barnet Brokerage",
                "password": market_service::seed::DEMO_PASSWORD, "role": "broker", "borough": BARNET })),
            Some(&admin),
        )
        .await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    // A provider has no borough.
    let provider_with_borough = app
        .call(
            Method::POST,
            "/api/users",
            Some(json!({ "username": "p-borough", "display_name": "P",
                "password": market_service::seed::DEMO_PASSWORD, "role": "provider", "borough": BARNET })),
            Some(&admin),
        )
        .await;
    assert_eq!(provider_with_borough.body["error"]["field"], "borough");

    let barnet = app.sign_in("barnet-broker").await;
    let need = need_for("nursing");
    let theirs = open(
        &app,
        &barnet,
        referral("RF-BB-1", BARNET, need, "2026-11-20"),
    )
    .await;
    assert_eq!(theirs.status, StatusCode::CREATED, "{}", theirs.body);
    let elsewhere = open(
        &app,
        &barnet,
        referral("RF-BB-2", ENFIELD, need, "2026-11-20"),
    )
    .await;
    assert_eq!(
        elsewhere.status,
        StatusCode::FORBIDDEN,
        "{}",
        elsewhere.body
    );

    // The queue and the closed list are Barnet's alone (the sample has others' too).
    let queue = app.get("/api/referrals", Some(&barnet)).await.body;
    let queue = queue.as_array().expect("a list");
    assert!(queue
        .iter()
        .any(|q| q["referral"]["reference"] == "RF-BB-1"));
    assert!(
        queue.iter().all(|q| q["referral"]["placing"] == BARNET),
        "{queue:?}"
    );
    let closed = app.get("/api/referrals/closed", Some(&barnet)).await.body;
    let closed = closed.as_array().expect("a list");
    assert!(!closed.is_empty() && closed.iter().all(|r| r["placing"] == BARNET));
    let all = app.get("/api/referrals/closed", Some(&admin)).await.body;
    assert!(all
        .as_array()
        .expect("a list")
        .iter()
        .any(|r| r["placing"] != BARNET));

    // Another borough's referral is not there to close.
    let other = all
        .as_array()
        .expect("a list")
        .iter()
        .find(|r| r["placing"] != BARNET)
        .expect("another borough's")["id"]
        .clone();
    let r = close(
        &app,
        &barnet,
        &other,
        json!({ "status": "withdrawn", "on": "2026-11-23" }),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

on_both_databases!(
    a_boroughs_broker_works_that_boroughs_referrals_alone,
    a_held_bed_admitted_by_the_provider_places_the_referral,
    closing_checks_its_fields_and_releases_the_referrals_holds,
    referrals_reach_only_those_who_work_them,
    the_sample_carries_a_referral_history,
);
