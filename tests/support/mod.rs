//! Shared by the browser tests that run against the real data service: start (and stop and
//! restart) it over the release build, and the few WebDriver steps every such test takes.

#![allow(dead_code)] // each test binary uses its own share of these helpers

use browser_harness::{dist_dir, wait_for};
use fantoccini::{Client, Locator};
use market_service::config::{Config, Seed};
use market_service::{web, AppState};
use std::net::SocketAddr;

/// Every test's "now": 10:00 on Monday 23 Nov 2026, London time (GMT), the week after the
/// shipped sample's last week, a day before that week's returns are due. The service's clock
/// starts here and the app takes it from `/config.json`.
pub const NOW: &str = "2026-11-23T10:00:00Z";

/// The week [`NOW`] falls in.
pub fn this_week() -> market_model::primitives::week::Week {
    market_model::primitives::week::Week::of(NOW.parse().expect("an RFC 3339 instant"))
}

/// The data service (SQLite, seeded with the sample) on a loopback port, hosting `dist/`.
pub struct Service {
    /// Its base URL.
    pub base: String,
    addr: SocketAddr,
    state: AppState,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    gate: tokio::sync::watch::Receiver<bool>,
    _dir: tempfile::TempDir,
}

/// The test's hold on a [`Service::start_held`] service's data: until [`Gate::open`], every read
/// of the API (`GET /api/…`) waits, as on a slow connection, while the app itself and its
/// configuration load at once.
pub struct Gate(tokio::sync::watch::Sender<bool>);

impl Gate {
    /// Lets the held reads, and every later one, through.
    pub fn open(&self) {
        self.0.send_replace(true);
    }
}

impl Service {
    /// Starts it on a free port.
    pub async fn start() -> Service {
        let (gate, service) = Self::start_held().await;
        gate.open();
        service
    }

    /// Starts it on a free port with its data held until the test opens the gate.
    pub async fn start_held() -> (Gate, Service) {
        let (open, gate) = tokio::sync::watch::channel(false);
        let dir = tempfile::tempdir().expect("temp dir");
        let config = Config {
            listen_addr: "127.0.0.1:0".parse().expect("address"),
            database_url: format!("sqlite://{}/live.sqlite3", dir.path().display()),
            seed: Seed::Sample,
            data_dir: concat!(env!("CARGO_MANIFEST_DIR"), "/public/data").into(),
            dist_dir: dist_dir(),
            app_origin: None,
            session_hours: 12,
            now: Some(NOW.parse().expect("an RFC 3339 instant")),
        };
        let state = AppState::start(config).await.expect("service starts");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("address");
        let mut service = Service {
            base: format!("http://{addr}"),
            addr,
            state,
            stop: None,
            task: None,
            gate,
            _dir: dir,
        };
        service.serve(listener);
        (Gate(open), service)
    }

    fn serve(&mut self, listener: tokio::net::TcpListener) {
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        self.stop = Some(stop);
        let gate = self.gate.clone();
        let app = web::app(self.state.clone()).layer(axum::middleware::from_fn(
            move |request: axum::extract::Request, next: axum::middleware::Next| {
                let mut gate = gate.clone();
                async move {
                    if request.method() == axum::http::Method::GET
                        && request.uri().path().starts_with("/api/")
                    {
                        let _ = gate.wait_for(|open| *open).await;
                    }
                    next.run(request).await
                }
            },
        ));
        self.task = Some(tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
        }));
    }

    /// Stops answering (as a lost connection would look to the browser).
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    /// Answers again on the same address, with the same database.
    pub async fn restart(&mut self) {
        let addr = self.addr;
        let listener = wait_for(&format!("{addr} to be free again"), || async move {
            tokio::net::TcpListener::bind(addr)
                .await
                .map_err(|e| e.to_string())
        })
        .await;
        self.serve(listener);
    }

    /// The service's state, for checking what was stored.
    pub fn state(&self) -> &AppState {
        &self.state
    }
}

/// Types `text` into the field, replacing what was there.
pub async fn fill(c: &Client, css: &str, text: &str) {
    let field = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field.clear().await.expect("clear");
    field.send_keys(text).await.expect("type");
}

/// The current value of a form field.
pub async fn value(c: &Client, css: &str) -> Option<String> {
    let field = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    field.prop("value").await.expect("value")
}

/// A link's `href` attribute.
pub async fn href(c: &Client, css: &str) -> Option<String> {
    let link = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    link.attr("href").await.expect("href")
}

/// Clicks the element.
pub async fn click(c: &Client, css: &str) {
    let element = c
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"));
    element
        .click()
        .await
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Waits for the element's text to contain `expected` (looking the element up afresh each time,
/// since the page may redraw it) and returns the text.
pub async fn wait_for_text(c: &Client, css: &str, expected: &str) -> String {
    wait_for(&format!("{css} to show '{expected}'"), || async {
        let element = c
            .find(Locator::Css(css))
            .await
            .map_err(|_| format!("no element matches {css}"))?;
        let text = element.text().await.unwrap_or_default();
        if text.contains(expected) {
            Ok(text)
        } else {
            Err(format!("'{text}'"))
        }
    })
    .await
}

/// Waits until a request from the page to the service's health check succeeds (`true`) or fails
/// to connect (`false`): what the app itself will meet when it next calls.
pub async fn wait_until_reachable(c: &Client, reachable: bool) {
    let state = if reachable {
        "reachable"
    } else {
        "unreachable"
    };
    wait_for(&format!("the service to be {state} from the page"), || async {
        let answered = c
            .execute_async(
                "const done = arguments[arguments.length - 1]; fetch('/api/health', {cache: 'no-store'}).then(r => done(r.ok), () => done(false));",
                vec![],
            )
            .await
            .expect("script");
        if answered == serde_json::json!(reachable) {
            Ok(())
        } else {
            Err(format!("health check answered: {answered}"))
        }
    })
    .await
}

/// Signs in through the sign-in page.
pub async fn sign_in(c: &Client, base: &str, username: &str) {
    c.goto(&format!("{base}/sign-in"))
        .await
        .expect("sign-in page");
    wait_for_text(c, "[data-testid=session]", "Sign in").await;
    fill(c, "#username", username).await;
    fill(c, "#password", market_service::seed::DEMO_PASSWORD).await;
    click(c, "form button[type=submit]").await;
    wait_for_text(c, "[data-testid=session]", "Signed in as").await;
}
