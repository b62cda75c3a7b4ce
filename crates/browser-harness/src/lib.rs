//! Test support for the end-to-end tests and benchmarks: serve a built `dist/` on 127.0.0.1 the
//! way a static host would (with the single-page fallback to `index.html`), optionally with some
//! files replaced to simulate a broken deployment, and drive headless Chromium through
//! ChromeDriver with fantoccini.
//!
//! ```no_run
//! # async fn demo() {
//! let server = browser_harness::StaticServer::start(&browser_harness::dist_dir(), vec![]).await;
//! browser_harness::with_browser((1280, 900), |client| async move {
//!     client.goto(&server.url("/")).await.expect("page loads");
//! }).await;
//! # }
//! ```

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use fantoccini::{Client, ClientBuilder, Locator};
use std::future::Future;
use std::net::{SocketAddr, TcpListener as StdListener};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use tokio::process::{Child, Command};
use tower_http::services::{ServeDir, ServeFile};

/// How long any wait in the tests allows: generous, since on CI two cores share the service,
/// Chromium and the test.
pub const WAIT_LIMIT: Duration = Duration::from_secs(30);

/// How often a wait looks again.
const POLL: Duration = Duration::from_millis(25);

/// Looks at `check` until it gives `Ok`, for up to [`WAIT_LIMIT`], and returns that; otherwise
/// panics naming `what` was awaited and the last thing `check` saw (its `Err`). Every wait in the
/// tests goes through here: none sleeps for a fixed time, none gives up silently.
pub async fn wait_for<T, F, Fut>(what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let started = Instant::now();
    loop {
        match check().await {
            Ok(found) => return found,
            Err(last) if started.elapsed() >= WAIT_LIMIT => {
                panic!("waited {WAIT_LIMIT:?} for {what}; last seen: {last}")
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// Waits until the browser has drawn two more frames, so that what the page changed is on
/// screen (not a fixed delay: it ends as soon as the frames are painted).
pub async fn painted(client: &Client) {
    client
        .execute_async(
            "const done = arguments[arguments.length - 1]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
            vec![],
        )
        .await
        .expect("frames are drawn");
}

/// The workspace root of the test being run: found from the package folder cargo names when it
/// runs a test, not from where this crate was compiled (a build cache shared between checkouts
/// must not point one checkout's tests at another's files).
pub fn workspace_root() -> PathBuf {
    let package = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    package
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").exists())
        .unwrap_or(&package)
        .to_path_buf()
}

/// The built app: `$CARE_MARKET_DIST`, or `dist/` at the workspace root.
pub fn dist_dir() -> PathBuf {
    let dist = std::env::var_os("CARE_MARKET_DIST")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("dist"));
    assert!(
        dist.join("index.html").exists(),
        "no built app at {}: build it with `trunk build --release` (scripts/test does)",
        dist.display()
    );
    dist
}

/// A data file of the built app (`dist/data/PATH`), as JSON: what the tests compute their
/// expected figures from, independently of the app.
pub fn data_file(path: &str) -> serde_json::Value {
    let p = dist_dir().join("data").join(path);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The newest week the built app's data manifest lists, as `2026-11-16`.
pub fn latest_week() -> String {
    data_file("manifest.json")["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .filter_map(serde_json::Value::as_str)
        .max()
        .expect("a week")
        .to_string()
}

/// A file to serve in place of the real one.
pub struct Override {
    /// URL path, such as "/data/homes.json".
    pub path: &'static str,
    /// HTTP status to answer with.
    pub status: u16,
    /// Body to send.
    pub body: &'static str,
}

/// `dist/` served on an ephemeral port of 127.0.0.1 until dropped.
pub struct StaticServer {
    addr: SocketAddr,
    task: tokio::task::JoinHandle<()>,
}

impl StaticServer {
    /// Serves `dist`, unknown paths falling back to `index.html`, with `overrides` in front.
    pub async fn start(dist: &Path, overrides: Vec<Override>) -> StaticServer {
        let files = ServeDir::new(dist).fallback(ServeFile::new(dist.join("index.html")));
        let mut app = Router::new();
        for o in overrides {
            let status = StatusCode::from_u16(o.status).expect("a valid status code");
            app = app.route(o.path, get(move || async move { (status, o.body) }));
        }
        let app = app.fallback_service(files);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind 127.0.0.1");
        let addr = listener.local_addr().expect("bound address");
        let task = tokio::spawn(async move {
            axum::serve(listener, app)
                .await
                .expect("static server runs");
        });
        StaticServer { addr, task }
    }

    /// The full URL of `path` on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Chromium's flags for a closed network and a container: headless, no sandbox, nothing that
/// phones home.
const CHROMIUM_FLAGS: [&str; 10] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=en-GB",
];

/// Starts ChromeDriver and a fresh headless Chromium at `size` (CSS pixels), runs `body` with the
/// WebDriver client, and closes both whether or not `body` panics (a panic is then re-raised).
pub async fn with_browser<F, Fut>(size: (u32, u32), body: F)
where
    F: FnOnce(Client) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    // Starting Chromium can fail now and then on a loaded machine: try a few times, each with a
    // fresh driver, port and profile.
    let mut last_error = String::new();
    for _ in 0..3 {
        let profile = tempfile::tempdir().expect("a temporary Chromium profile");
        let port = free_port();
        let mut driver = start_driver(port).await;
        match new_session(port, size, profile.path()).await {
            Ok(client) => {
                let outcome = tokio::spawn(body(client.clone())).await;
                let _ = client.close().await;
                let _ = driver.kill().await;
                if let Err(e) = outcome {
                    if e.is_panic() {
                        std::panic::resume_unwind(e.into_panic());
                    }
                    panic!("browser test task failed: {e}");
                }
                return;
            }
            Err(e) => {
                last_error = e.to_string();
                let _ = driver.kill().await;
            }
        }
    }
    panic!("could not start a WebDriver session with Chromium: {last_error}");
}

async fn new_session(
    port: u16,
    size: (u32, u32),
    profile: &Path,
) -> Result<Client, fantoccini::error::NewSessionError> {
    let mut args: Vec<String> = CHROMIUM_FLAGS.iter().map(|s| s.to_string()).collect();
    args.push(format!("--user-data-dir={}", profile.display()));
    args.push(format!("--window-size={},{}", size.0, size.1));
    let mut caps = serde_json::Map::new();
    caps.insert("browserName".into(), "chrome".into());
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({ "args": args }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(caps)
        .connect(&format!("http://127.0.0.1:{port}"))
        .await
}

async fn start_driver(port: u16) -> Child {
    let driver = Command::new("chromedriver")
        .arg(format!("--port={port}"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .expect("chromedriver on PATH (scripts/setup installs it)");
    wait_for(
        &format!("chromedriver to listen on port {port}"),
        || async {
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .map(drop)
                .map_err(|e| e.to_string())
        },
    )
    .await;
    driver
}

fn free_port() -> u16 {
    StdListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Waits up to [`WAIT_LIMIT`] for an element matching `css` and returns its text.
pub async fn text_of(client: &Client, css: &str) -> String {
    let element = client
        .wait()
        .at_most(WAIT_LIMIT)
        .for_element(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("no element matches {css}: {e}"));
    element
        .text()
        .await
        .unwrap_or_else(|e| panic!("text of {css}: {e}"))
}

/// axe-core's source: `CARE_MARKET_AXE`, or where scripts/setup puts it.
fn axe_source() -> String {
    let path = std::env::var("CARE_MARKET_AXE").unwrap_or_else(|_| {
        format!(
            "{}/.cache/care-market-tools/axe/node_modules/axe-core/axe.min.js",
            std::env::var("HOME").unwrap_or_default()
        )
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("axe-core at {path}: {e} (scripts/setup installs it)"))
}

const RUN_AXE: &str = r#"
const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
  .then(r => done(r.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => v.id + ': ' + v.help + ' at ' + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | '))))
  .catch(e => done(['axe failed: ' + e]));
"#;

/// Runs axe-core's WCAG 2.2 A/AA rules on the current page: each serious or critical finding,
/// with up to three elements it concerns (empty when the page passes).
pub async fn wcag_violations(client: &Client) -> Vec<String> {
    client
        .execute(&axe_source(), vec![])
        .await
        .expect("axe loads");
    let found = client
        .execute_async(RUN_AXE, vec![])
        .await
        .expect("axe runs");
    serde_json::from_value(found).expect("a list of findings")
}

/// Clicks the element that exports a CSV and returns the file the page made (captured as the
/// page hands it to the browser's download).
pub async fn csv_from_click(client: &Client, css: &str) -> String {
    client
        .execute(
            "window.__csv = null; const make = URL.createObjectURL; URL.createObjectURL = b => { b.text().then(t => window.__csv = t); return make(b); };",
            vec![],
        )
        .await
        .expect("capture downloads");
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .expect("click");
    wait_for(&format!("clicking {css} to make a CSV"), || async {
        let csv = client
            .execute("return window.__csv", vec![])
            .await
            .expect("script");
        csv.as_str()
            .map(str::to_string)
            .ok_or_else(|| "no file yet".to_string())
    })
    .await
}

/// Saves the whole page as `name`.png in the folder `CARE_MARKET_SCREENSHOTS` names, for people
/// to look at what a test drove (signed-in pages the screenshot tool cannot reach); does nothing
/// when it is not set.
pub async fn keep_screenshot(client: &Client, name: &str) {
    let Some(dir) = std::env::var_os("CARE_MARKET_SCREENSHOTS") else {
        return;
    };
    let (width, height) = client.get_window_size().await.expect("window size");
    let page_height = client
        .execute("return document.documentElement.scrollHeight", vec![])
        .await
        .expect("script")
        .as_u64()
        .unwrap_or(height);
    let size = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let (width, height) = (size(width), size(height));
    let tall = size(page_height).clamp(height, 8_000);
    client.set_window_size(width, tall).await.expect("resize");
    let png = client.screenshot().await.expect("screenshot");
    client
        .set_window_size(width, height)
        .await
        .expect("resize back");
    let path = Path::new(&dir).join(format!("{name}.png"));
    std::fs::write(&path, png).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
