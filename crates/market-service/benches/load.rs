//! Load benchmark (not a test): N providers, each signed in over loopback HTTP, submit returns
//! concurrently; every fifth submission is sent twice, as a retry after a lost answer would be.
//! Reports throughput and p50/p99 latency, then checks the database holds every acknowledged
//! return exactly once.
//!
//! `cargo bench -p market-service --bench load` runs it on SQLite, and on PostgreSQL too when
//! CARE_MARKET_TEST_POSTGRES names a server (as `scripts/postgres` sets). PROVIDERS and
//! RETURNS_EACH change the load (default 50 × 20).

use market_service::audit::Actor;
use market_service::config::{Config, Seed};
use market_service::users::{self, NewUser, Role};
use market_service::{web, AppState};
use serde_json::json;
use sqlx::Row;
use std::time::{Duration, Instant};

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

async fn postgres_database(admin: &str) -> String {
    use sqlx::Connection;
    sqlx::any::install_default_drivers();
    let name = format!("cm_load_{}", std::process::id());
    let mut conn = sqlx::AnyConnection::connect(admin)
        .await
        .expect("PostgreSQL reachable");
    sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name}"))
        .execute(&mut conn)
        .await
        .expect("drop");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .expect("create");
    format!(
        "{}/{name}",
        admin.rsplit_once('/').expect("URL has a database").0
    )
}

async fn run(label: &str, database_url: String, providers: usize, each: usize) {
    let data_dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data");
    let config = Config {
        listen_addr: "127.0.0.1:0".parse().expect("address"),
        database_url,
        seed: Seed::Sample,
        data_dir: data_dir.into(),
        dist_dir: "no-dist".into(),
        app_origin: None,
        session_hours: 12,
    };
    let state = AppState::start(config).await.expect("service starts");
    let homes = market_service::homes::list(&state.db, &Default::default())
        .await
        .expect("homes");
    let password = "load-test-password";
    for (i, home) in homes.iter().take(providers).enumerate() {
        let new = NewUser {
            username: format!("load-{i}"),
            display_name: format!("Load {i}"),
            password: password.into(),
            role: Role::Provider,
            borough: None,
        };
        users::create(
            &state.db,
            &new,
            &state.borough_codes(),
            &Actor::command_line(),
        )
        .await
        .expect("user");
        users::link_home(&state.db, &new.username, &home.id, &Actor::command_line())
            .await
            .expect("link");
    }
    let db = state.db.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("address"));
    tokio::spawn(web::serve(listener, state, std::future::pending()));

    let this_week = market_model::week::Week::containing(chrono::Utc::now().date_naive());
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (i, home) in homes.iter().take(providers).enumerate() {
        let (base, home) = (base.clone(), home.id.clone());
        tasks.push(tokio::spawn(async move {
            let http = reqwest::Client::new();
            let signed_in = http
                .post(format!("{base}/api/session"))
                .json(&json!({"username": format!("load-{i}"), "password": password}))
                .send()
                .await
                .expect("sign in");
            let cookie = signed_in.headers()["set-cookie"].to_str().expect("ascii").split(';').next().expect("pair").to_string();
            let mut latencies = Vec::new();
            let mut acknowledged = Vec::new();
            for n in 0..each {
                // Late returns for weeks before the sample's twelve, so none exists yet.
                let week = this_week.plus_weeks(-13 - n as i64);
                let id = format!("load-{i}-{n}");
                let body = json!({
                    "submission_id": id, "week": week,
                    "beds": {"nursing": {"capacity": 5, "occupied": 3, "vacant_reserved": 1, "vacant_accepting": 1}},
                    "capacity_note": "Load test",
                    "admissions": {"status": "open"},
                    "fees": {"council_rate_accepted": true, "self_funder_from": 150000, "self_funder_to": 170000}
                });
                let sends = if n % 5 == 0 { 2 } else { 1 };
                for _ in 0..sends {
                    let t = Instant::now();
                    let r = http
                        .post(format!("{base}/api/homes/{home}/returns"))
                        .header("cookie", &cookie)
                        .json(&body)
                        .send()
                        .await
                        .expect("submit");
                    let status = r.status().as_u16();
                    let text = r.text().await.unwrap_or_default();
                    latencies.push(t.elapsed());
                    if status == 200 || status == 201 {
                        acknowledged.push(id.clone());
                    } else {
                        eprintln!("{id}: {status} {text}");
                    }
                }
            }
            (latencies, acknowledged)
        }));
    }
    let mut latencies: Vec<Duration> = Vec::new();
    let mut acknowledged: Vec<String> = Vec::new();
    for t in tasks {
        let (l, a) = t.await.expect("provider task");
        latencies.extend(l);
        acknowledged.extend(a);
    }
    let elapsed = started.elapsed();
    latencies.sort();
    let pct = |p: f64| latencies[((latencies.len() as f64 * p).ceil() as usize).saturating_sub(1)];
    acknowledged.sort();
    acknowledged.dedup();
    let stored =
        sqlx::query("SELECT submission_id FROM capacity_returns WHERE submission_id LIKE 'load-%'")
            .fetch_all(&db.pool)
            .await
            .expect("count");
    let mut stored: Vec<String> = stored
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("id"))
        .collect();
    let rows = stored.len();
    stored.sort();
    stored.dedup();
    println!(
        "{label}: {providers} providers, {} requests in {:.2} s = {:.0} requests/s; latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        pct(0.50).as_secs_f64() * 1000.0,
        pct(0.99).as_secs_f64() * 1000.0,
        latencies.last().map_or(0.0, |d| d.as_secs_f64() * 1000.0),
    );
    println!(
        "{label}: {} distinct returns acknowledged, {rows} rows stored, {} distinct: {}",
        acknowledged.len(),
        stored.len(),
        if acknowledged == stored && rows == stored.len() {
            "each stored exactly once"
        } else {
            "MISMATCH"
        }
    );
    assert_eq!(acknowledged, stored, "every acknowledged return is stored");
    assert_eq!(rows, stored.len(), "no return is stored twice");
}

#[tokio::main]
async fn main() {
    let providers = env_or("PROVIDERS", 50);
    let each = env_or("RETURNS_EACH", 20);
    let dir = tempfile::tempdir().expect("temp dir");
    run(
        "SQLite",
        format!("sqlite://{}/load.sqlite3", dir.path().display()),
        providers,
        each,
    )
    .await;
    if let Ok(admin) = std::env::var("CARE_MARKET_TEST_POSTGRES") {
        run(
            "PostgreSQL",
            postgres_database(&admin).await,
            providers,
            each,
        )
        .await;
    }
}
