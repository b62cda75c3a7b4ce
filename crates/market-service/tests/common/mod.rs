//! Test support: a fresh, seeded database per test on SQLite or PostgreSQL (a real server named
//! by CARE_MARKET_TEST_POSTGRES, which `scripts/test` starts), and requests through the router.

#![allow(dead_code)] // each test binary uses its own share of these helpers

use axum::body::Body;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use market_service::config::{Config, Seed};
use market_service::{web, AppState};
use serde_json::Value;
use sqlx::Connection;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use tower::ServiceExt;

/// Which database a test runs against.
#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A running service for one test.
pub struct TestApp {
    pub state: AppState,
    pub router: Router,
    pub dir: tempfile::TempDir,
}

/// Every test's "now": 10:00 on Monday 23 Nov 2026, London time (GMT), the week after the
/// shipped sample's last week, a day before that week's returns are due.
pub const NOW: &str = "2026-11-23T10:00:00Z";

/// [`NOW`] as an instant.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    NOW.parse().expect("an RFC 3339 instant")
}

/// The week [`NOW`] falls in.
pub fn this_week() -> market_model::primitives::week::Week {
    market_model::primitives::week::Week::of(now())
}

/// A home (as `GET /api/homes/{id}` gives it): the key of its main bed category and its
/// registered beds.
pub fn main_beds(home: Value) -> (&'static str, u64) {
    let home: market_model::register::home::CareHome =
        serde_json::from_value(home).expect("a home");
    (home.main_category().key(), u64::from(home.registered_beds))
}

/// This package's folder, as cargo says when it runs the test (not where it was compiled: a
/// build cache shared between checkouts must not point a test at another checkout's files).
pub fn package_dir() -> PathBuf {
    std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

/// The repository's shipped data.
pub fn data_dir() -> PathBuf {
    package_dir().join("../../public/data")
}

/// Reads a shipped JSON file.
pub fn shipped(name: &str) -> Value {
    let text = std::fs::read_to_string(data_dir().join(name)).expect("shipped data file");
    serde_json::from_str(&text).expect("valid JSON")
}

/// A fresh database on `backend`: a file in `dir`, or a new database on the test PostgreSQL server.
pub async fn database_url(backend: Backend, dir: &std::path::Path) -> String {
    match backend {
        Backend::Sqlite => format!("sqlite://{}/test.sqlite3", dir.display()),
        Backend::Postgres => {
            let admin = std::env::var("CARE_MARKET_TEST_POSTGRES").expect(
                "CARE_MARKET_TEST_POSTGRES must name a PostgreSQL server to test against \
                 (scripts/test starts one), e.g. postgres://postgres@127.0.0.1:5432/postgres",
            );
            static N: AtomicU32 = AtomicU32::new(0);
            // Unique among concurrent test processes (the process ID) and against databases
            // left by earlier runs (a random part).
            let random = std::hash::BuildHasher::hash_one(
                &std::collections::hash_map::RandomState::new(),
                N.load(Ordering::SeqCst),
            ) % 1_000_000_000;
            let name = format!(
                "cm_test_{}_{}_{random}",
                std::process::id(),
                N.fetch_add(1, Ordering::SeqCst),
            );
            sqlx::any::install_default_drivers();
            let mut conn = sqlx::AnyConnection::connect(&admin)
                .await
                .expect("PostgreSQL reachable");
            sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            let (base, _) = admin.rsplit_once('/').expect("URL has a database");
            format!("{base}/{name}")
        }
    }
}

/// A seeded service on `backend`, optionally hosting a built app from `dist`, its clock at [`NOW`].
pub async fn start_with(backend: Backend, dist: Option<PathBuf>) -> TestApp {
    start_at(backend, dist, now()).await
}

/// A seeded service on `backend`, optionally hosting a built app from `dist`, its clock starting
/// at `now`.
pub async fn start_at(
    backend: Backend,
    dist: Option<PathBuf>,
    now: chrono::DateTime<chrono::Utc>,
) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = Config {
        listen_addr: "127.0.0.1:0".parse().expect("address"),
        database_url: database_url(backend, dir.path()).await,
        seed: Seed::Sample,
        data_dir: data_dir(),
        dist_dir: dist.unwrap_or_else(|| dir.path().join("no-dist")),
        app_origin: None,
        session_hours: 12,
        now: Some(now),
    };
    TestApp::with(config, dir).await
}

/// A seeded service on `backend`.
pub async fn start(backend: Backend) -> TestApp {
    start_with(backend, None).await
}

/// A response: status, headers and JSON body (Null when empty or not JSON).
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
    /// The body as text (for answers that are not JSON, such as CSV).
    pub text: String,
}

impl Reply {
    /// The error code of an error reply.
    pub fn code(&self) -> &str {
        self.body["error"]["code"].as_str().unwrap_or("")
    }
}

impl TestApp {
    /// A service with `config`, keeping `dir` for as long as it runs.
    pub async fn with(config: Config, dir: tempfile::TempDir) -> TestApp {
        let state = AppState::start(config).await.expect("service starts");
        let router = web::app(state.clone());
        TestApp { state, router, dir }
    }

    /// A service on the existing database at `url` (seeding the sample if it is empty), its
    /// clock at [`NOW`].
    pub async fn on(url: &str, dir: tempfile::TempDir) -> TestApp {
        let config = Config {
            listen_addr: "127.0.0.1:0".parse().expect("address"),
            database_url: url.to_string(),
            seed: Seed::Sample,
            data_dir: data_dir(),
            dist_dir: dir.path().join("no-dist"),
            app_origin: None,
            session_hours: 12,
            now: Some(now()),
        };
        TestApp::with(config, dir).await
    }

    /// Sends a request through the router.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        let req = match body {
            Some(b) => req
                .header(header::CONTENT_TYPE, "application/json")
                .body(Body::from(b.to_string())),
            None => req.body(Body::empty()),
        }
        .expect("request");
        self.send(req).await
    }

    /// Sends a prepared request.
    pub async fn send(&self, req: Request<Body>) -> Reply {
        self.send_via(self.router.clone(), req).await
    }

    /// Sends a prepared request through `router` (this app's, with layers added).
    pub async fn send_via(&self, router: Router, req: Request<Body>) -> Reply {
        let res = router.oneshot(req).await.expect("router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.expect("body").to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            body,
            text: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// GET as `cookie`'s user (or anonymously).
    pub async fn get(&self, path: &str, cookie: Option<&str>) -> Reply {
        self.call(Method::GET, path, None, cookie).await
    }

    /// Signs in a demo account; returns the `Cookie` header value.
    pub async fn sign_in(&self, username: &str) -> String {
        let r = self
            .call(
                Method::POST,
                "/api/session",
                Some(serde_json::json!({ "username": username, "password": market_service::seed::DEMO_PASSWORD })),
                None,
            )
            .await;
        assert_eq!(r.status, StatusCode::OK, "{username} signs in: {}", r.body);
        let set = r.headers[header::SET_COOKIE]
            .to_str()
            .expect("ASCII cookie");
        set.split(';').next().expect("name=value").to_string()
    }
}

/// Runs each named async test function (taking a [`TestApp`]) against SQLite and PostgreSQL.
#[macro_export]
macro_rules! on_both_databases {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::start($crate::common::Backend::Sqlite).await).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::start($crate::common::Backend::Postgres).await).await
                }
            }
        )*
    };
}

/// Runs each named async test function (taking a [`Backend`], for tests that start services
/// themselves) against SQLite and PostgreSQL.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$name($crate::common::Backend::Sqlite).await
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name($crate::common::Backend::Postgres).await
                }
            }
        )*
    };
}

/// Numbers each submission this binary makes, so no two share an ID.
static SUBMISSIONS: AtomicU32 = AtomicU32::new(0);

/// Gives the first demo provider's first home exactly `vacant` vacant beds accepting admissions
/// in its main category this week; returns the home's ID and the category's key.
pub async fn home_with_vacancies(app: &TestApp, vacant: u32) -> (String, String) {
    let provider = app.sign_in("demo-provider").await;
    let me = app.get("/api/session", Some(&provider)).await;
    let id = me.body["homes"][0]
        .as_str()
        .expect("a linked home")
        .to_string();
    let home = app.get(&format!("/api/homes/{id}"), None).await.body;
    let (category, beds) = main_beds(home);
    let week = this_week().to_string();
    let current = app
        .get(&format!("/api/homes/{id}/capacity"), Some(&provider))
        .await;
    let base =
        (current.body["return"]["week"] == week.as_str()).then(|| current.body["version"].clone());
    let r = app
        .call(
            Method::POST,
            &format!("/api/homes/{id}/returns"),
            Some(serde_json::json!({
                "submission_id": format!("holds-test-{vacant}-{}", SUBMISSIONS.fetch_add(1, Ordering::SeqCst)),
                "base_version": base,
                "week": week,
                "beds": { category: { "capacity": beds, "occupied": beds - u64::from(vacant), "vacant_reserved": 0, "vacant_accepting": vacant } },
                "admissions": { "status": "open" },
                "fees": { "council_rate_accepted": true, "self_funder_from": 145000, "self_funder_to": 160000 }
            })),
            Some(&provider),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.body);
    (id, category.to_string())
}
