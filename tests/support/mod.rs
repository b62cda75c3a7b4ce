//! Shared by the browser tests that run against the real data service: start (and stop and
//! restart) it over the release build, and the few WebDriver steps every such test takes.

#![allow(dead_code)] // each test binary uses its own share of these helpers

use browser_harness::{dist_dir, wait_for};
use fantoccini::{Client, Locator};
use market_model::register::home::CareType;
use market_model::returns::capacity_return::{BedCategory, BedCounts, Submission};
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
            data_dir: browser_harness::workspace_root().join("public/data"),
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

/// Signs out with the header's button.
pub async fn sign_out(c: &Client) {
    click(c, ".session__button").await;
    wait_for_text(c, "[data-testid=session]", "Sign in").await;
}

/// Picks `value` in the drop-down `css`.
pub async fn pick(c: &Client, css: &str, value: &str) {
    c.find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .select_by_value(value)
        .await
        .unwrap_or_else(|e| panic!("{css} = {value}: {e}"));
}

/// The home the story is about and the search that should find it.
#[derive(Clone)]
pub struct Story {
    /// The demo provider's first home.
    pub home: String,
    /// Its name.
    pub name: String,
    /// The search, as the address of the find-a-bed page.
    pub search: String,
    /// Its usual rate as the page writes it: "£1,330".
    pub usual: String,
    /// Its usual rate in pence.
    pub usual_pence: u32,
}

/// The provider reports this week's return for their first home: what it said last week, with
/// two of its beds in its largest category now step-down beds, one of them free, at the
/// council's usual rate. Returns the home and the search (its care, from Barnet Hospital,
/// placed by its own borough, confirmed today) that should find it.
pub async fn report_step_down_vacancy(service: &Service) -> Story {
    let db = &service.state().db;
    let provider = market_service::users::by_username(db, "demo-provider")
        .await
        .expect("db")
        .expect("the demo provider");
    let home = market_service::homes::get(db, &provider.homes[0])
        .await
        .expect("home");
    let mut sent = market_service::returns::history(db, &home.id)
        .await
        .expect("history")
        .remove(0)
        .capacity_return;
    sent.week = this_week();
    let largest = sent
        .beds
        .iter_mut()
        .max_by_key(|(_, counts)| counts.capacity)
        .map(|(_, counts)| counts)
        .expect("beds");
    largest.capacity -= 2;
    let from_vacant = largest.vacant_accepting.min(2);
    largest.vacant_accepting -= from_vacant;
    largest.occupied -= 2 - from_vacant;
    sent.beds.insert(
        BedCategory::StepDown,
        BedCounts {
            capacity: 2,
            occupied: 1,
            vacant_reserved: 0,
            vacant_accepting: 1,
        },
    );
    sent.step_down_beds_offered = 2;
    let fees = sent.fees.get_or_insert_with(Default::default);
    fees.council_rate_accepted = true;
    sent.admissions = market_model::returns::capacity_return::Admissions::Open;
    let submission = Submission::of(&sent, "find-a-bed-story".into(), None);
    market_service::returns::submit(db, &home, submission, &provider)
        .await
        .expect("the return is stored");
    // The usual rate for the care the home gives: a step-down bed in a dementia unit is priced
    // as dementia care.
    let dementia = home.has_dementia();
    let rate_category = match (home.care_type, dementia) {
        (CareType::Nursing, true) => BedCategory::NursingDementia,
        (CareType::Nursing, false) => BedCategory::Nursing,
        (CareType::Residential, true) => BedCategory::ResidentialDementia,
        (CareType::Residential, false) => BedCategory::Residential,
    };
    let usual = market_model::brokerage::rates::usual_rate(&home.borough, rate_category)
        .expect("the borough has a usual rate");
    let care_type = match home.care_type {
        CareType::Nursing => "nursing",
        CareType::Residential => "residential",
    };
    Story {
        search: format!(
            "/find?type={care_type}{}&days=0&from=barnet-hospital&placing={}",
            if dementia { "&dementia=1" } else { "" },
            home.borough
        ),
        usual: format!("£{},{:03}", usual.0 / 100_000, usual.0 / 100 % 1000),
        usual_pence: usual.0,
        home: home.id,
        name: home.name,
    }
}

/// A table's header and body cells (read from the document, whether or not the table is open).
pub async fn table_cells(c: &Client, testid: &str) -> Vec<Vec<String>> {
    let script = format!(
        "const t = document.querySelector('[data-testid={testid}]'); if (!t) return null; \
         return [...t.querySelectorAll('thead tr, tbody tr')].map(r => [...r.children].map(c => c.textContent));"
    );
    wait_for(&format!("the table {testid}"), || async {
        let found = c.execute(&script, vec![]).await.expect("script");
        match serde_json::from_value::<Option<Vec<Vec<String>>>>(found) {
            Ok(Some(rows)) if rows.len() > 1 => Ok(rows),
            other => Err(format!("{other:?}")),
        }
    })
    .await
}

/// The cell in the row headed `row` under the column headed `column`.
pub fn cell(table: &[Vec<String>], row: &str, column: &str) -> String {
    let i = table[0].iter().position(|h| h == column).expect(column);
    let r = table.iter().find(|r| r[0] == row).expect(row);
    r[i].clone()
}

/// Signs in as the demo provider and opens `/return`, where the active hold on `home` for
/// `reference` is listed: its selector.
pub async fn hold_on_the_return_page(
    c: &Client,
    base: &str,
    home: &str,
    reference: &str,
) -> String {
    sign_in(c, base, "demo-provider").await;
    c.goto(&format!("{base}/return"))
        .await
        .expect("return page");
    let hold = format!("[data-testid=holds] li[data-home='{home}'][data-status=active]");
    wait_for_text(c, &hold, reference).await;
    hold
}
