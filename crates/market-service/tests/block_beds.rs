//! Step-down block beds against real SQLite and PostgreSQL: commissioners record contracts for
//! their own borough, the home's providers report each week's use, commissioners see bed nights
//! paid for, used and empty (unreported weeks stay unknown), bad input names its field, and every
//! write is audited.

mod common;

use axum::http::{Method, StatusCode};
use common::TestApp;
use market_model::primitives::week::Week;
use serde_json::{json, Value};

/// The week commencing `n` weeks before this one.
fn weeks_ago(n: i64) -> Week {
    common::this_week().plus_weeks(-n)
}

/// The first home the first demo provider reports for.
async fn providers_home(app: &TestApp) -> String {
    let provider = app.sign_in("demo-provider").await;
    let me = app.get("/api/session", Some(&provider)).await;
    me.body["homes"][0]
        .as_str()
        .expect("a linked home")
        .to_string()
}

async fn report(app: &TestApp, cookie: &str, id: i64, week: &str, occupied: u32) -> common::Reply {
    app.call(
        Method::PUT,
        &format!("/api/block-contracts/{id}/weeks/{week}"),
        Some(json!({ "occupied_nights": occupied, "admissions": 2, "discharges": 1 })),
        Some(cookie),
    )
    .await
}

async fn contracts_are_reported_on_weekly_and_used_nights_add_up(app: TestApp) {
    let home = providers_home(&app).await;
    let barnet = app.sign_in("demo-barnet").await;
    // Four beds from the Wednesday two weeks ago: 5 days × 4 beds = 20 nights that week, 28 a
    // week after it, none before.
    let start = weeks_ago(2).monday() + chrono::Duration::days(2);
    let created = app
        .call(
            Method::POST,
            "/api/block-contracts",
            Some(
                json!({ "home": home, "purpose": "non_weight_bearing", "beds": 4,
                "start": start.to_string(), "weekly_price": 140000 }),
            ),
            Some(&barnet),
        )
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    assert_eq!(created.body["commissioner"], "E09000003");
    assert_eq!(created.body["weekly_price"], 140000);
    let id = created.body["id"].as_i64().expect("an ID");

    let provider = app.sign_in("demo-provider").await;
    let last_week = weeks_ago(1).to_string();
    let first = report(&app, &provider, id, &last_week, 20).await;
    assert_eq!(first.status, StatusCode::OK, "{}", first.body);
    assert_eq!(first.body["commissioned_nights"], 28);
    assert_eq!(first.body["empty_nights"], 8);
    // 8 empty nights at £1,400 a bed-week: £1,600.
    assert_eq!(first.body["empty_cost"], 160000);
    // A correction replaces the week's report.
    let corrected = report(&app, &provider, id, &last_week, 24).await;
    assert_eq!(corrected.status, StatusCode::OK, "{}", corrected.body);

    let used = app
        .get(
            &format!("/api/block-contracts/utilisation?to={last_week}&weeks=3"),
            Some(&barnet),
        )
        .await;
    assert_eq!(used.status, StatusCode::OK, "{}", used.body);
    let ours = used
        .body
        .as_array()
        .expect("a list")
        .iter()
        .find(|c| c["contract"]["id"] == id);
    let weeks = ours.expect("our contract")["weeks"]
        .as_array()
        .expect("weeks")
        .clone();
    let figures: Vec<(String, Value, Value, Value)> = weeks
        .iter()
        .map(|w| {
            (
                w["week"].as_str().unwrap_or_default().to_string(),
                w["commissioned_nights"].clone(),
                w["occupied_nights"].clone(),
                w["empty_nights"].clone(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        vec![
            (weeks_ago(3).to_string(), json!(0), Value::Null, Value::Null),
            (
                weeks_ago(2).to_string(),
                json!(20),
                Value::Null,
                Value::Null
            ),
            (last_week.clone(), json!(28), json!(24), json!(4)),
        ],
        "before the contract, an unreported week, the corrected week"
    );
    assert_eq!(weeks[2]["admissions"], 2);
    assert_eq!(weeks[2]["discharges"], 1);

    let admin = app.sign_in("demo-admin").await;
    let audit = app.get("/api/audit", Some(&admin)).await.body.to_string();
    for action in ["block.contract", "block.week"] {
        assert!(audit.contains(action), "{action} audited");
    }
}

async fn only_the_right_people_record_and_see_block_beds(app: TestApp) {
    let home = providers_home(&app).await;
    let new = |extra: Value| {
        let mut body = json!({ "home": home, "purpose": "rehabilitation", "beds": 2,
            "start": weeks_ago(4).monday().to_string(), "weekly_price": 120000 });
        if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
            b.extend(e.clone());
        }
        body
    };
    let post = |cookie: Option<String>, body: Value| {
        let app = &app;
        async move {
            app.call(
                Method::POST,
                "/api/block-contracts",
                Some(body),
                cookie.as_deref(),
            )
            .await
        }
    };
    let (barnet, ncl, broker, provider, other) = (
        app.sign_in("demo-barnet").await,
        app.sign_in("demo-commissioner").await,
        app.sign_in("demo-broker").await,
        app.sign_in("demo-provider").await,
        app.sign_in("demo-provider-2").await,
    );
    for (cookie, body, status, field) in [
        (None, new(json!({})), StatusCode::UNAUTHORIZED, None),
        (Some(&broker), new(json!({})), StatusCode::FORBIDDEN, None),
        (Some(&provider), new(json!({})), StatusCode::FORBIDDEN, None),
        (
            Some(&barnet),
            new(json!({ "commissioner": "E09000007" })),
            StatusCode::FORBIDDEN,
            None,
        ),
        (
            Some(&ncl),
            new(json!({})),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("commissioner"),
        ),
        (
            Some(&ncl),
            new(json!({ "commissioner": "E09000999" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("commissioner"),
        ),
        (
            Some(&barnet),
            new(json!({ "beds": 0 })),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("beds"),
        ),
        (
            Some(&barnet),
            new(json!({ "end": weeks_ago(6).monday().to_string() })),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("end"),
        ),
        (
            Some(&barnet),
            new(json!({ "home": "1-000000000" })),
            StatusCode::NOT_FOUND,
            Some("home"),
        ),
        (
            Some(&barnet),
            new(json!({ "purpose": "bariatric" })),
            StatusCode::UNPROCESSABLE_ENTITY,
            Some("purpose"),
        ),
    ] {
        let r = post(cookie.cloned(), body.clone()).await;
        assert_eq!(r.status, status, "{body}: {}", r.body);
        if let Some(field) = field {
            assert_eq!(r.body["error"]["field"], field, "{}", r.body);
        }
    }
    let created = post(
        Some(ncl.clone()),
        new(json!({ "commissioner": "E09000010" })),
    )
    .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let id = created.body["id"].as_i64().expect("an ID");

    // Reports: the home's own provider only, for a week the contract covers and that has begun,
    // within the nights paid for.
    let last_week = weeks_ago(1).to_string();
    assert_eq!(
        report(&app, &other, id, &last_week, 1).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        report(&app, &barnet, id, &last_week, 1).await.status,
        StatusCode::FORBIDDEN
    );
    for (week, occupied, status, field) in [
        (
            last_week.clone(),
            15,
            StatusCode::UNPROCESSABLE_ENTITY,
            "occupied_nights",
        ),
        (
            weeks_ago(-1).to_string(),
            1,
            StatusCode::UNPROCESSABLE_ENTITY,
            "week",
        ),
        (
            weeks_ago(5).to_string(),
            1,
            StatusCode::UNPROCESSABLE_ENTITY,
            "week",
        ),
        ("2026-11-17".to_string(), 1, StatusCode::NOT_FOUND, "week"),
    ] {
        let r = report(&app, &provider, id, &week, occupied).await;
        assert_eq!(r.status, status, "{week} {occupied}: {}", r.body);
        assert_eq!(r.body["error"]["field"], field, "{}", r.body);
    }

    // Who sees what.
    let seen = |cookie: String| {
        let app = &app;
        async move { app.get("/api/block-contracts", Some(&cookie)).await.body }
    };
    let own = seen(provider.clone()).await;
    assert_eq!(own.as_array().map(Vec::len), Some(1), "{own}");
    assert_eq!(own[0]["weekly_price"], 120000, "the home's own price");
    assert_eq!(
        seen(other.clone()).await,
        json!([]),
        "not another provider's contracts"
    );
    let brokers = seen(broker.clone()).await;
    assert_eq!(brokers.as_array().map(Vec::len), Some(1));
    assert!(
        brokers[0].get("weekly_price").is_none(),
        "brokers see no price"
    );
    let barnets = seen(barnet.clone()).await;
    assert!(
        barnets[0].get("weekly_price").is_none(),
        "Barnet sees Enfield's contract without its price"
    );
    assert_eq!(seen(ncl.clone()).await[0]["weekly_price"], 120000);
    let own_contract = post(Some(barnet.clone()), new(json!({}))).await;
    assert_eq!(
        own_contract.status,
        StatusCode::CREATED,
        "{}",
        own_contract.body
    );
    assert_eq!(
        own_contract.body["weekly_price"], 120000,
        "Barnet's own price"
    );
    let utilisation = |cookie: String| {
        let app = &app;
        async move {
            let r = app
                .get("/api/block-contracts/utilisation", Some(&cookie))
                .await;
            assert_eq!(r.status, StatusCode::OK, "{}", r.body);
            r.body
                .as_array()
                .expect("contracts")
                .iter()
                .map(|u| {
                    u["contract"]["commissioner"]
                        .as_str()
                        .unwrap_or("?")
                        .to_string()
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(
        utilisation(barnet.clone()).await,
        ["E09000003"],
        "a borough sees its own contracts' use"
    );
    let mut every = utilisation(ncl.clone()).await;
    every.sort();
    assert_eq!(every, ["E09000003", "E09000010"]);
    for cookie in [&broker, &provider] {
        let r = app
            .get("/api/block-contracts/utilisation", Some(cookie))
            .await;
        assert_eq!(
            r.status,
            StatusCode::FORBIDDEN,
            "utilisation is for commissioners"
        );
    }
    for (query, field, status) in [
        ("weeks=0", "weeks", StatusCode::UNPROCESSABLE_ENTITY),
        ("weeks=105", "weeks", StatusCode::UNPROCESSABLE_ENTITY),
        // A Wednesday names no week.
        ("to=2026-11-18", "to", StatusCode::NOT_FOUND),
    ] {
        let r = app
            .get(
                &format!("/api/block-contracts/utilisation?{query}"),
                Some(&barnet),
            )
            .await;
        assert_eq!(r.status, status, "{query}: {}", r.body);
        assert_eq!(r.body["error"]["field"], field);
    }
}

on_both_databases!(
    contracts_are_reported_on_weekly_and_used_nights_add_up,
    only_the_right_people_record_and_see_block_beds,
);
