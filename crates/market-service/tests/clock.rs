//! The service's one clock, on SQLite and PostgreSQL: the sample is seeded so that its last week
//! is the one before "now"; "this week" turns over at midnight on Monday, London time, while the
//! service runs; and `/config.json` hands the app the same instant.

mod common;

use axum::http::{Method, StatusCode};
use common::{start_at, Backend};
use serde_json::{json, Value};

fn instant(s: &str) -> chrono::DateTime<chrono::Utc> {
    s.parse().expect("an RFC 3339 instant")
}

fn weeks(manifest: &Value) -> Vec<String> {
    let mut weeks: Vec<String> = manifest["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .map(|w| w.as_str().expect("a week").to_string())
        .collect();
    weeks.sort();
    weeks
}

fn count(reply: &Value) -> usize {
    reply.as_array().expect("a list").len()
}

async fn the_sample_moves_to_end_the_week_before_now(backend: Backend) {
    // Wednesday 2 Dec 2026: this week began on 30 Nov, so the sample should end with 23 Nov,
    // one week after the shipped files' last week.
    let app = start_at(backend, None, instant("2026-12-02T09:00:00Z")).await;
    let shipped = weeks(&common::shipped("manifest.json"));
    let served = weeks(&app.get("/api/manifest", None).await.body);
    assert_eq!(served.len(), shipped.len());
    assert_eq!(served.last().map(String::as_str), Some("2026-11-23"));
    assert_eq!(shipped.last().map(String::as_str), Some("2026-11-16"));
    // The same returns, a week on.
    let cookie = app.sign_in("demo-commissioner").await;
    let moved = app
        .get("/api/weeks/2026-11-23/returns", Some(&cookie))
        .await;
    assert_eq!(moved.status, StatusCode::OK);
    assert_eq!(
        count(&moved.body),
        count(&common::shipped("returns/2026-11-16.json"))
    );
    let submitted = moved.body[0]["submitted_at"].as_str().expect("instant");
    assert!(submitted.starts_with("2026-11-2"), "{submitted}");
}

async fn this_week_turns_over_at_midnight_on_monday_while_the_service_runs(backend: Backend) {
    // One second before midnight on Sunday 29 Nov 2026 (GMT: London time is UTC).
    let app = start_at(backend, None, instant("2026-11-29T23:59:59Z")).await;
    let provider = app.sign_in("demo-provider").await;
    let me = app.get("/api/session", Some(&provider)).await;
    let home = me.body["homes"][0].as_str().expect("a home").to_string();
    let capacity = app
        .get(&format!("/api/homes/{home}/capacity"), Some(&provider))
        .await;
    assert_eq!(capacity.status, StatusCode::OK, "{}", capacity.body);
    let beds = app.get(&format!("/api/homes/{home}"), None).await.body["registered_beds"]
        .as_u64()
        .expect("beds");
    let submission = |id: &str| {
        json!({
            "submission_id": id,
            "week": "2026-11-30",
            "beds": { "residential": { "capacity": beds, "occupied": beds - 1, "vacant_reserved": 0, "vacant_accepting": 1 } },
            "admissions": { "status": "open" }
        })
    };
    let url = format!("/api/homes/{home}/returns");
    // Signing in and looking up took real time: back to half a minute before midnight.
    app.state.db.clock.set(instant("2026-11-29T23:59:30Z"));
    let early = app
        .call(
            Method::POST,
            &url,
            Some(submission("clock-early-1")),
            Some(&provider),
        )
        .await;
    assert_eq!(
        early.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        early.body
    );
    assert_eq!(early.body["error"]["field"], "week");
    let config = app.get("/config.json", None).await.body;
    assert!(
        config["now"]
            .as_str()
            .expect("now")
            .starts_with("2026-11-29T23:59:"),
        "{config}"
    );

    app.state.db.clock.set(instant("2026-11-30T00:00:01Z"));
    let config = app.get("/config.json", None).await.body;
    assert!(
        config["now"]
            .as_str()
            .expect("now")
            .starts_with("2026-11-30T00:00:0"),
        "{config}"
    );
    let on_time = app
        .call(
            Method::POST,
            &url,
            Some(submission("clock-monday-1")),
            Some(&provider),
        )
        .await;
    assert_eq!(on_time.status, StatusCode::CREATED, "{}", on_time.body);
    assert_eq!(on_time.body["late"], false);
    let compliance = app
        .get(
            "/api/weeks/2026-11-30/compliance",
            Some(&app.sign_in("demo-commissioner").await),
        )
        .await;
    assert_eq!(compliance.status, StatusCode::OK, "{}", compliance.body);
    assert!(compliance.text.contains(&home), "{}", compliance.text);
}

on_both_backends!(
    the_sample_moves_to_end_the_week_before_now,
    this_week_turns_over_at_midnight_on_monday_while_the_service_runs,
);
