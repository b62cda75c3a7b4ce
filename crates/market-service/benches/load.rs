//! Load benchmark (not a test): the release service runs as its own process; N providers, signed
//! in before the clock starts, submit valid returns for weeks that have none yet: first each
//! provider flat out with every fifth sent twice, as a retry after a lost answer would be, then
//! at a fixed rate (open loop: each timed from when it was due, so queueing counts). Only
//! 2xx answers count; a 503 `busy` (the service shedding more than it can serve) is reported
//! beside the figures, and anything else fails the run. Prints throughput and
//! p50/p99 latency of each, then checks the database holds every acknowledged return once.
//!
//! `scripts/bench` builds the release service and runs this (`CARE_MARKET_SERVICE_BIN` names the
//! binary); SQLite always, PostgreSQL too when CARE_MARKET_TEST_POSTGRES names a server.
//! PROVIDERS, RETURNS_EACH, RATE and SECONDS change the load (default 50 providers, 40 each flat
//! out, then 2,000 a second for 10 seconds). Target on a 2-core machine, SQLite: 2,000 submissions/s with p99 at most
//! 20 ms.

use market_service::audit::Actor;
use market_service::config::{Config, Seed};
use market_service::users::{self, NewUser, Role};
use market_service::AppState;
use serde_json::json;
use sqlx::Row;
use std::time::{Duration, Instant};

/// Every return in the run is made "now", the Monday after the sample's last week.
const NOW: &str = "2026-11-23T10:00:00Z";

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

fn config(database_url: &str) -> Config {
    Config {
        listen_addr: "127.0.0.1:0".parse().expect("address"),
        database_url: database_url.to_string(),
        seed: Seed::Sample,
        data_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/../../public/data").into(),
        dist_dir: "no-dist".into(),
        app_origin: None,
        session_hours: 12,
        now: Some(NOW.parse().expect("an RFC 3339 instant")),
    }
}

/// One provider's part: a home, its main category and registered beds, and a session.
struct Provider {
    home: String,
    category: &'static str,
    beds: u32,
    cookie: String,
}

/// Seeds the database and adds a provider account for each of the first `n` homes (in process,
/// before the timed run); their usernames and homes.
async fn prepare(database_url: &str, n: usize) -> Vec<(String, String, &'static str, u32)> {
    let state = AppState::start(config(database_url))
        .await
        .expect("the database opens and seeds");
    let homes = market_service::homes::list(&state.db, &Default::default())
        .await
        .expect("homes");
    let mut providers = Vec::new();
    for (i, home) in homes.iter().take(n).enumerate() {
        let username = format!("load-{i}");
        let new = NewUser {
            username: username.clone(),
            display_name: format!("Load {i}"),
            password: PASSWORD.into(),
            role: Role::Provider,
            borough: None,
        };
        let actor = Actor::command_line();
        users::create(
            &state.db,
            &state.passwords,
            &new,
            &state.borough_codes(),
            &actor,
        )
        .await
        .expect("user");
        users::link_home(&state.db, &username, &home.id, &actor)
            .await
            .expect("link");
        providers.push((
            username,
            home.id.clone(),
            home.main_category().key(),
            home.registered_beds,
        ));
    }
    state.db.pool.close().await;
    providers
}

const PASSWORD: &str = "load-test-password";

fn binary() -> String {
    std::env::var("CARE_MARKET_SERVICE_BIN").unwrap_or_else(|_| {
        let target = std::env::var("CARGO_TARGET_DIR")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../../target").into());
        format!("{target}/release/market-service")
    })
}

/// Starts the release service on `database_url` and waits for its health check.
async fn serve(database_url: &str) -> (tokio::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let bin = binary();
    let child = tokio::process::Command::new(&bin)
        .env("LISTEN_ADDR", format!("127.0.0.1:{port}"))
        .env("DATABASE_URL", database_url)
        .env("CARE_MARKET_NOW", NOW)
        .env("DIST_DIR", "no-dist")
        .env("RUST_LOG", "warn")
        .stdout(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .unwrap_or_else(|e| panic!("{bin}: {e} (scripts/bench builds it)"));
    let base = format!("http://127.0.0.1:{port}");
    let http = reqwest::Client::new();
    let started = Instant::now();
    while !http
        .get(format!("{base}/api/health"))
        .send()
        .await
        .is_ok_and(|r| r.status().is_success())
    {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "the service did not answer within a minute"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    (child, base)
}

async fn sign_in(http: &reqwest::Client, base: &str, username: &str) -> String {
    let r = http
        .post(format!("{base}/api/session"))
        .json(&json!({"username": username, "password": PASSWORD}))
        .send()
        .await
        .expect("sign in");
    assert!(r.status().is_success(), "{username} signs in");
    r.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("name=value")
        .to_string()
}

/// One submission: provider `p`'s return for the `n`th week before the sample (none exists).
async fn submit(
    http: &reqwest::Client,
    base: &str,
    p: &Provider,
    n: usize,
) -> Result<String, String> {
    let this_week = market_model::primitives::week::Week::of(NOW.parse().expect("instant"));
    let week = this_week.plus_weeks(-13 - n as i64);
    let id = format!("load-{}-{n}", p.home);
    let body = json!({
        "submission_id": id, "week": week,
        "beds": { p.category: {"capacity": p.beds, "occupied": p.beds - 1, "vacant_reserved": 0, "vacant_accepting": 1} },
        "admissions": {"status": "open"},
        "fees": {"council_rate_accepted": true, "self_funder_from": 150000, "self_funder_to": 170000}
    });
    let r = http
        .post(format!("{base}/api/homes/{}/returns", p.home))
        .header("cookie", &p.cookie)
        .json(&body)
        .send()
        .await
        .map_err(|e| format!("{id}: {e}"))?;
    let status = r.status();
    if status.is_success() {
        Ok(id)
    } else {
        Err(format!(
            "{id}: {status} {}",
            r.text().await.unwrap_or_default()
        ))
    }
}

/// The load to apply: how many providers, how many returns each sends flat out, then the rate
/// of the open loop and for how many seconds.
#[derive(Clone, Copy)]
struct Load {
    providers: usize,
    each: usize,
    rate: usize,
    seconds: usize,
}

/// Latencies, acknowledged submission IDs and unexpected answers.
type Outcome = (Vec<Duration>, Vec<String>, Vec<String>);

/// Open loop: submissions sent at `rate` a second whatever the answers, each timed from when it
/// was due (so a slow answer delays none of the later sends, and queueing counts), `per_home`
/// weeks for each provider starting at week `first`.
async fn at_rate(
    http: &reqwest::Client,
    base: &str,
    providers: &[std::sync::Arc<Provider>],
    first: usize,
    per_home: usize,
    rate: usize,
) -> (Outcome, Duration) {
    let total = providers.len() * per_home;
    let started = tokio::time::Instant::now();
    let mut tasks = Vec::with_capacity(total);
    for k in 0..total {
        let due = started + Duration::from_secs_f64(k as f64 / rate as f64);
        tokio::time::sleep_until(due).await;
        let (http, base, p) = (
            http.clone(),
            base.to_string(),
            providers[k % providers.len()].clone(),
        );
        let n = first + k / providers.len();
        tasks.push(tokio::spawn(async move {
            let answer = submit(&http, &base, &p, n).await;
            (due.elapsed(), answer)
        }));
    }
    let mut outcome: Outcome = Default::default();
    for t in tasks {
        let (latency, answer) = t.await.expect("a submission task");
        match answer {
            Ok(id) => {
                outcome.0.push(latency);
                outcome.1.push(id);
            }
            Err(e) => outcome.2.push(e),
        }
    }
    (outcome, started.elapsed())
}

/// Closed loop: each provider submits its weeks from `first` one after another as fast as
/// answers come, every fifth twice (a retry after a lost answer).
async fn flat_out(
    http: &reqwest::Client,
    base: &str,
    providers: &[std::sync::Arc<Provider>],
    first: usize,
    per_home: usize,
) -> (Outcome, Duration) {
    let started = Instant::now();
    let mut tasks = Vec::new();
    for p in providers {
        let (http, base, p) = (http.clone(), base.to_string(), p.clone());
        tasks.push(tokio::spawn(async move {
            let mut outcome: Outcome = Default::default();
            for n in first..first + per_home {
                for _ in 0..if n % 5 == 0 { 2 } else { 1 } {
                    let t = Instant::now();
                    match submit(&http, &base, &p, n).await {
                        Ok(id) => {
                            outcome.0.push(t.elapsed());
                            outcome.1.push(id);
                        }
                        Err(e) => outcome.2.push(e),
                    }
                }
            }
            outcome
        }));
    }
    let mut outcome: Outcome = Default::default();
    for t in tasks {
        let (l, a, u) = t.await.expect("provider task");
        outcome.0.extend(l);
        outcome.1.extend(a);
        outcome.2.extend(u);
    }
    (outcome, started.elapsed())
}

/// Whether an unexpected answer is the service shedding load it cannot take on (503 `busy`): a
/// figure to report (the rate is above what it can serve), not a fault.
fn busy(answer: &str) -> bool {
    answer.contains(" 503 ") && answer.contains(r#""code":"busy""#)
}

fn report(
    label: &str,
    case: &str,
    (latencies, _, refused): &mut Outcome,
    elapsed: Duration,
    target: &str,
) {
    latencies.sort();
    let pct = |p: f64| {
        let rank = (latencies.len() as f64 * p).ceil() as usize;
        latencies
            .get(rank.saturating_sub(1))
            .copied()
            .unwrap_or_default()
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "BENCH| load: return submissions, {label} | {case} | {} answered 2xx in {:.2} s: {:.0}/s; p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms{} | {target}",
        latencies.len(),
        elapsed.as_secs_f64(),
        latencies.len() as f64 / elapsed.as_secs_f64(),
        ms(pct(0.50)),
        ms(pct(0.99)),
        latencies.last().map_or(0.0, |d| ms(*d)),
        match refused.iter().filter(|a| busy(a)).count() {
            0 => String::new(),
            n => format!("; {n} refused as busy (503)"),
        },
    );
}

async fn run(label: &str, database_url: String, load: Load) {
    let Load {
        providers,
        each,
        rate,
        seconds,
    } = load;
    let prepared = prepare(&database_url, providers).await;
    let (mut service, base) = serve(&database_url).await;
    let http = reqwest::Client::new();
    let mut signed_in = Vec::new();
    for (username, home, category, beds) in prepared {
        let cookie = sign_in(&http, &base, &username).await;
        signed_in.push(std::sync::Arc::new(Provider {
            home,
            category,
            beds,
            cookie,
        }));
    }
    // Flat out first (which also warms the connections and the database's cache), then
    // `seconds` at the target rate: long enough that one stall does not make the p99.
    let (mut flat, flat_time) = flat_out(&http, &base, &signed_in, 0, each).await;
    let per_home = (seconds * rate).div_ceil(providers);
    let (mut paced, paced_time) = at_rate(&http, &base, &signed_in, each, per_home, rate).await;
    service.kill().await.expect("stop the service");
    for u in paced.2.iter().chain(&flat.2).filter(|a| !busy(a)).take(10) {
        eprintln!("unexpected answer: {u}");
    }
    report(
        label,
        &format!("{rate} a second, open loop"),
        &mut paced,
        paced_time,
        "SQLite: 2,000/s with p99 ≤ 20 ms",
    );
    report(
        label,
        &format!("{providers} providers flat out, every fifth sent twice"),
        &mut flat,
        flat_time,
        "SQLite: ≥ 2,000/s",
    );

    let mut acknowledged: Vec<String> = paced.1.into_iter().chain(flat.1).collect();
    let unexpected: Vec<String> = paced
        .2
        .into_iter()
        .chain(flat.2)
        .filter(|a| !busy(a))
        .collect();
    acknowledged.sort();
    acknowledged.dedup();
    sqlx::any::install_default_drivers();
    let pool = sqlx::AnyPool::connect(&database_url)
        .await
        .expect("database");
    let stored =
        sqlx::query("SELECT submission_id FROM capacity_returns WHERE submission_id LIKE 'load-%'")
            .fetch_all(&pool)
            .await
            .expect("count");
    let mut stored: Vec<String> = stored
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("id"))
        .collect();
    let rows = stored.len();
    stored.sort();
    stored.dedup();
    assert!(
        unexpected.is_empty(),
        "{} unexpected answers",
        unexpected.len()
    );
    assert_eq!(acknowledged, stored, "every acknowledged return is stored");
    assert_eq!(rows, stored.len(), "no return is stored twice");
    eprintln!("{label}: {rows} returns acknowledged, each stored once");
}

#[tokio::main]
async fn main() {
    let load = Load {
        providers: env_or("PROVIDERS", 50),
        each: env_or("RETURNS_EACH", 40),
        rate: env_or("RATE", 2_000),
        seconds: env_or("SECONDS", 10),
    };
    let dir = tempfile::tempdir().expect("temp dir");
    run(
        "SQLite",
        format!("sqlite://{}/load.sqlite3", dir.path().display()),
        load,
    )
    .await;
    if let Ok(admin) = std::env::var("CARE_MARKET_TEST_POSTGRES") {
        run("PostgreSQL", postgres_database(&admin).await, load).await;
    }
}
