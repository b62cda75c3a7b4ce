//! Holds on vacant beds against real SQLite and PostgreSQL: one bed cannot be held twice (also
//! when two brokers ask at once), held beds leave the count, providers answer for their own homes
//! only, lapsed holds free the bed, references carry no patient identifiers, all audited.

mod common;

use axum::http::{Method, StatusCode};
use common::{home_with_vacancies, Reply, TestApp};
use serde_json::{json, Value};

async fn hold(app: &TestApp, cookie: &str, home: &str, category: &str, reference: &str) -> Reply {
    app.call(
        Method::POST,
        "/api/holds",
        Some(json!({ "home": home, "category": category, "reference": reference })),
        Some(cookie),
    )
    .await
}

async fn outcome(app: &TestApp, cookie: &str, id: &Value, outcome: &str) -> Reply {
    app.call(
        Method::POST,
        &format!("/api/holds/{id}/outcome"),
        Some(json!({ "outcome": outcome })),
        Some(cookie),
    )
    .await
}

async fn held(app: &TestApp, cookie: &str, home: &str) -> u64 {
    let r = app.get("/api/holds/held-beds", Some(cookie)).await;
    assert_eq!(r.status, StatusCode::OK);
    r.body
        .as_array()
        .expect("list")
        .iter()
        .filter(|h| h["home"] == home)
        .map(|h| h["beds"].as_u64().expect("beds"))
        .sum()
}

/// A second broker account (the sample has one).
async fn second_broker(app: &TestApp) -> String {
    let admin = app.sign_in("demo-admin").await;
    let r = app
        .call(
            Method::POST,
            "/api/users",
            Some(
                json!({ "username": "broker-two", "display_name": "Second Broker",
                "password": market_service::seed::DEMO_PASSWORD, "role": "broker" }),
            ),
            Some(&admin),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    app.sign_in("broker-two").await
}

async fn the_last_bed_is_held_once_then_freed_by_a_decline(app: TestApp) {
    let (home, category) = home_with_vacancies(&app, 1).await;
    let (broker, other) = (app.sign_in("demo-broker").await, second_broker(&app).await);
    let provider = app.sign_in("demo-provider").await;

    let first = hold(&app, &broker, &home, &category, "NMUH-0412").await;
    assert_eq!(first.status, StatusCode::CREATED, "{}", first.body);
    assert_eq!(first.body["status"], "active");
    assert_eq!(first.body["broker"], "Demo Discharge Broker");
    assert_eq!(held(&app, &other, &home).await, 1);

    let second = hold(&app, &other, &home, &category, "WH-77").await;
    assert_eq!(second.status, StatusCode::CONFLICT);
    assert_eq!(second.code(), "no_bed_available");
    assert!(second.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("already held (1 of 1)"));

    // The provider sees the hold on their home; the other broker does not see its reference.
    let seen = app.get("/api/holds", Some(&provider)).await.body;
    assert_eq!(seen[0]["reference"], "NMUH-0412");
    assert_eq!(app.get("/api/holds", Some(&other)).await.body, json!([]));

    // Only the home's provider answers; only the holding broker releases.
    let id = &first.body["id"];
    assert_eq!(
        outcome(&app, &other, id, "released").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        outcome(&app, &broker, id, "declined").await.status,
        StatusCode::FORBIDDEN
    );
    let other_provider = app.sign_in("demo-provider-2").await;
    assert_eq!(
        outcome(&app, &other_provider, id, "declined").await.status,
        StatusCode::FORBIDDEN
    );
    let declined = outcome(&app, &provider, id, "declined").await;
    assert_eq!(declined.status, StatusCode::OK, "{}", declined.body);
    assert_eq!(declined.body["status"], "declined");
    assert_eq!(held(&app, &other, &home).await, 0);
    let again = outcome(&app, &provider, id, "admitted").await;
    assert_eq!(
        (again.status, again.code()),
        (StatusCode::CONFLICT, "hold_closed")
    );

    // Available again: the other broker holds it and releases it.
    let retry = hold(&app, &other, &home, &category, "WH-77").await;
    assert_eq!(retry.status, StatusCode::CREATED, "{}", retry.body);
    let released = outcome(&app, &other, &retry.body["id"], "released").await;
    assert_eq!(released.body["status"], "released");

    let admin = app.sign_in("demo-admin").await;
    let audit = app.get("/api/audit", Some(&admin)).await.body.to_string();
    for action in ["hold.place", "hold.declined", "hold.released"] {
        assert!(audit.contains(action), "{action} audited");
    }
}

async fn two_brokers_asking_at_once_cannot_both_hold_the_last_bed(app: TestApp) {
    for round in 0..3 {
        let (home, category) = home_with_vacancies(&app, 1).await;
        let broker = app.sign_in("demo-broker").await;
        let other = if round == 0 {
            second_broker(&app).await
        } else {
            app.sign_in("broker-two").await
        };
        let (a, b) = tokio::join!(
            hold(&app, &broker, &home, &category, "RACE-A"),
            hold(&app, &other, &home, &category, "RACE-B"),
        );
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(
            statuses,
            [StatusCode::CREATED, StatusCode::CONFLICT],
            "{} / {}",
            a.body,
            b.body
        );
        assert_eq!(held(&app, &broker, &home).await, 1);
        // Free the bed for the next round.
        let winner = if a.status == StatusCode::CREATED {
            (&broker, &a)
        } else {
            (&other, &b)
        };
        outcome(&app, winner.0, &winner.1.body["id"], "released").await;
    }
}

async fn two_vacancies_take_two_holds_and_lapsed_holds_free_beds(app: TestApp) {
    let (home, category) = home_with_vacancies(&app, 2).await;
    let broker = app.sign_in("demo-broker").await;
    for reference in ["REF-1", "REF-2"] {
        let r = hold(&app, &broker, &home, &category, reference).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    }
    assert_eq!(
        hold(&app, &broker, &home, &category, "REF-3").await.status,
        StatusCode::CONFLICT
    );
    // Both lapse (as if four hours had passed).
    sqlx::query("UPDATE holds SET expires_at = '2000-01-01T00:00:00Z'")
        .execute(&app.state.db.pool)
        .await
        .expect("age the holds");
    assert_eq!(held(&app, &broker, &home).await, 0);
    let mine = app.get("/api/holds", Some(&broker)).await.body;
    assert!(mine
        .as_array()
        .unwrap()
        .iter()
        .all(|h| h["status"] == "expired"));
    let late = outcome(&app, &broker, &mine[0]["id"], "released").await;
    assert_eq!(late.code(), "hold_closed");
    assert_eq!(
        hold(&app, &broker, &home, &category, "REF-3").await.status,
        StatusCode::CREATED
    );
}

async fn bad_holds_are_refused_with_the_field(app: TestApp) {
    let (home, category) = home_with_vacancies(&app, 1).await;
    let broker = app.sign_in("demo-broker").await;
    let nhs_number = hold(&app, &broker, &home, &category, "9434765919").await;
    assert_eq!(
        (
            nhs_number.status,
            nhs_number.body["error"]["field"].as_str()
        ),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("reference"))
    );
    assert!(nhs_number.body["error"]["message"]
        .as_str()
        .unwrap()
        .contains("NHS number"));
    for grouped in ["943-476-5919", "943/476/5919"] {
        let r = hold(&app, &broker, &home, &category, grouped).await;
        assert_eq!(
            (r.status, r.body["error"]["field"].as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("reference")),
            "{grouped}"
        );
    }
    let unknown = hold(&app, &broker, "NO-SUCH-HOME", &category, "REF-1").await;
    assert_eq!(
        (unknown.status, unknown.body["error"]["field"].as_str()),
        (StatusCode::NOT_FOUND, Some("home"))
    );
    let no_beds = hold(&app, &broker, &home, "step_down", "REF-1").await;
    assert_eq!(no_beds.code(), "no_bed_available");
    let r = app
        .call(
            Method::POST,
            "/api/holds",
            Some(json!({ "home": home, "category": category, "reference": "REF-1", "hours": 0 })),
            Some(&broker),
        )
        .await;
    assert_eq!(r.body["error"]["field"], "hours");
    let r = app
        .call(
            Method::POST,
            "/api/holds",
            Some(json!({ "home": home, "category": "suite" })),
            Some(&broker),
        )
        .await;
    assert_eq!(
        (r.status, r.body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("category"))
    );
    // Providers and commissioners do not place holds; nobody anonymous does anything.
    for user in ["demo-provider", "demo-commissioner"] {
        let cookie = app.sign_in(user).await;
        assert_eq!(
            hold(&app, &cookie, &home, &category, "REF-1").await.status,
            StatusCode::FORBIDDEN
        );
    }
    assert_eq!(
        app.get("/api/holds", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        app.get("/api/holds/held-beds", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let anon = app
        .call(
            Method::POST,
            "/api/holds",
            Some(json!({ "home": home, "category": category, "reference": "REF-1" })),
            None,
        )
        .await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
}

on_both_databases!(
    the_last_bed_is_held_once_then_freed_by_a_decline,
    two_brokers_asking_at_once_cannot_both_hold_the_last_bed,
    two_vacancies_take_two_holds_and_lapsed_holds_free_beds,
    bad_holds_are_refused_with_the_field,
);
