//! Crash safety: the service, as its own process, is killed with SIGKILL in the middle of a load
//! of return submissions, then started again on the same database. Every return it acknowledged
//! is stored, and stored once; on SQLite and on PostgreSQL.
//!
//! The binary is `CARE_MARKET_SERVICE_BIN` (scripts/test builds the release service and names it)
//! or, failing that, the one cargo built for these tests.

mod common;

use browser_harness::wait_for;
use common::Backend;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use tokio::process::{Child, Command};

fn binary() -> String {
    std::env::var("CARE_MARKET_SERVICE_BIN")
        .unwrap_or_else(|_| env!("CARGO_BIN_EXE_market-service").to_string())
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// Starts the service on `database_url` and waits until it answers its health check.
async fn start(database_url: &str, port: u16) -> Child {
    let child = Command::new(binary())
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("CARE_MARKET_SEED", "sample")
        .env("CARE_MARKET_NOW", common::NOW)
        .env("DATA_DIR", common::data_dir())
        .env("DIST_DIR", "no-such-dist")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("the service starts");
    let http = reqwest::Client::new();
    let health = format!("http://127.0.0.1:{port}/api/health");
    wait_for("the service to answer its health check", || async {
        match http.get(&health).send().await {
            Ok(r) if r.status().is_success() => Ok(()),
            Ok(r) => Err(r.status().to_string()),
            Err(e) => Err(e.to_string()),
        }
    })
    .await;
    child
}

/// Signs `username` in; its session cookie and the homes it reports for, each with its main
/// bed category and registered beds.
async fn provider(base: &str, username: &str) -> (String, Vec<(String, String, u64)>) {
    let http = reqwest::Client::new();
    let r = http
        .post(format!("{base}/api/session"))
        .json(&json!({"username": username, "password": market_service::seed::DEMO_PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert!(r.status().is_success(), "{username} signs in");
    let cookie = r.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("name=value")
        .to_string();
    let me: Value = r.json().await.expect("the user");
    let mut homes = Vec::new();
    for id in me["homes"].as_array().expect("homes") {
        let id = id.as_str().expect("an ID");
        let home: Value = http
            .get(format!("{base}/api/homes/{id}"))
            .send()
            .await
            .expect("home")
            .json()
            .await
            .expect("JSON");
        let (category, beds) = common::main_beds(home);
        homes.push((id.to_string(), category.to_string(), beds));
    }
    (cookie, homes)
}

async fn acknowledged_returns_survive_a_kill(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let database_url = common::database_url(backend, dir.path()).await;
    let port = free_port();
    let base = format!("http://127.0.0.1:{port}");
    let mut service = start(&database_url, port).await;

    // Six homes, each returning for week after week before the sample's twelve (none exists
    // yet), as fast as the service answers, until the kill.
    let acknowledged: Arc<Mutex<Vec<String>>> = Arc::default();
    let mut submitters = Vec::new();
    for username in ["demo-provider", "demo-provider-2"] {
        let (cookie, homes) = provider(&base, username).await;
        for (home, category, beds) in homes {
            let (base, cookie, acknowledged) = (base.clone(), cookie.clone(), acknowledged.clone());
            submitters.push(tokio::spawn(async move {
                let http = reqwest::Client::new();
                for n in 0..500 {
                    let week = common::this_week().plus_weeks(-13 - n);
                    let id = format!("crash-{home}-{n}");
                    let body = json!({
                        "submission_id": id, "week": week,
                        "beds": { category.as_str(): {"capacity": beds, "occupied": beds - 1, "vacant_reserved": 0, "vacant_accepting": 1} },
                        "admissions": {"status": "open"}
                    });
                    let sent = http
                        .post(format!("{base}/api/homes/{home}/returns"))
                        .header("cookie", &cookie)
                        .json(&body)
                        .send()
                        .await;
                    match sent {
                        Ok(r) if r.status().is_success() => {
                            acknowledged.lock().expect("list").push(id)
                        }
                        Ok(r) => panic!("{id}: {} {}", r.status(), r.text().await.unwrap_or_default()),
                        // The service is gone: nothing more was acknowledged.
                        Err(_) => return,
                    }
                }
            }));
        }
    }
    wait_for("a hundred acknowledged returns before the kill", || async {
        let n = acknowledged.lock().expect("list").len();
        if n >= 100 {
            Ok(())
        } else {
            Err(format!("{n} so far"))
        }
    })
    .await;
    service.kill().await.expect("SIGKILL");
    for s in submitters {
        s.await.expect("a submitter ends without a refused return");
    }
    let acknowledged = acknowledged.lock().expect("list").clone();

    let _restarted = start(&database_url, port).await;
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database_url)
        .await
        .expect("database");
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT submission_id, CAST(COUNT(*) AS BIGINT) FROM capacity_returns \
         WHERE submission_id LIKE 'crash-%' GROUP BY submission_id",
    )
    .fetch_all(&pool)
    .await
    .expect("stored returns");
    let stored: BTreeMap<String, i64> = rows.into_iter().collect();
    let missing: Vec<&String> = acknowledged
        .iter()
        .filter(|id| !stored.contains_key(*id))
        .collect();
    assert!(missing.is_empty(), "acknowledged but lost: {missing:?}");
    let twice: Vec<_> = stored.iter().filter(|(_, n)| **n != 1).collect();
    assert!(twice.is_empty(), "stored more than once: {twice:?}");
    assert!(
        stored.len() >= acknowledged.len() && acknowledged.len() >= 100,
        "{} acknowledged, {} stored",
        acknowledged.len(),
        stored.len()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite() {
    acknowledged_returns_survive_a_kill(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres() {
    acknowledged_returns_survive_a_kill(Backend::Postgres).await;
}
