//! A provider's weekly return on a phone, timed end to end: from opening the address to the
//! service confirming "No change since last week", signing in included, on Lighthouse's slow-4G
//! profile as DevTools applies it (562.5 ms round trip, 1,474.56 kbit/s down, 675 kbit/s up) with
//! the CPU slowed 4×, in headless Chromium at 360 × 780 px with an empty cache. Every step acts
//! as soon as what it needs is on screen: the header's "Sign in" link, the form (typed into at
//! once, while the rest of the data may still be arriving), the header's "Weekly return" link,
//! then "No change since last week". Each run has its own freshly seeded data service (the
//! release `dist/` behind it) and its own browser.
//!
//! Run after `trunk build --release`: `cargo bench --bench provider_return` (scripts/bench
//! does). Target (issue 15): done within 15 s.

#[path = "../tests/support/mod.rs"]
mod support;

use axum::http::Method;
use browser_harness::{wait_for, with_browser};
use fantoccini::wd::WebDriverCompatibleCommand;
use fantoccini::{Client, Locator};
use std::time::Instant;
use support::{fill, wait_for_text, Service};

/// Runs, each from a cold start.
const RUNS: usize = 3;

/// A Chrome DevTools Protocol command, sent through ChromeDriver to the current tab.
#[derive(Debug)]
struct Cdp(&'static str, serde_json::Value);

impl WebDriverCompatibleCommand for Cdp {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/goog/cdp/execute",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (Method, Option<String>) {
        let body = serde_json::json!({ "cmd": self.0, "params": self.1 });
        (Method::POST, Some(body.to_string()))
    }
}

/// Slows the tab to Lighthouse's mobile profile, as DevTools applies it.
async fn throttle(c: &Client) {
    for command in [
        Cdp("Network.enable", serde_json::json!({})),
        Cdp(
            "Network.emulateNetworkConditions",
            serde_json::json!({
                "offline": false,
                "latency": 562.5,
                "downloadThroughput": 1474.56 * 1024.0 / 8.0,
                "uploadThroughput": 675.0 * 1024.0 / 8.0,
            }),
        ),
        Cdp(
            "Emulation.setCPUThrottlingRate",
            serde_json::json!({ "rate": 4 }),
        ),
    ] {
        c.issue_cmd(command).await.expect("a DevTools command");
    }
}

/// Clicks the first element matching `css` as soon as there is one.
async fn click_when_shown(c: &Client, css: &str) {
    let element = wait_for(&format!("{css} to be shown"), || async {
        c.find(Locator::Css(css)).await.map_err(|e| e.to_string())
    })
    .await;
    element.click().await.expect("click");
}

/// One provider's visit: the seconds from opening the address to each step being done.
async fn visit(base: String) -> Vec<(&'static str, f64)> {
    let steps = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = steps.clone();
    with_browser((360, 780), |c| async move {
        throttle(&c).await;
        let start = Instant::now();
        let mark = |step: &'static str| {
            let elapsed = start.elapsed().as_secs_f64();
            record.lock().expect("steps").push((step, elapsed));
        };
        c.goto(&format!("{base}/"))
            .await
            .expect("the address opens");
        click_when_shown(&c, "[data-testid=session] a[href='/sign-in']").await;
        wait_for("the username field", || async {
            c.find(Locator::Css("#username"))
                .await
                .map_err(|e| e.to_string())
        })
        .await;
        mark("sign-in form shown");
        fill(&c, "#username", "demo-provider").await;
        fill(&c, "#password", market_service::seed::DEMO_PASSWORD).await;
        support::click(&c, "form button[type=submit]").await;
        wait_for_text(&c, "[data-testid=session]", "Signed in as").await;
        mark("signed in");
        click_when_shown(&c, "nav a[href='/return']").await;
        click_when_shown(&c, "[data-testid=no-change]").await;
        mark("return form shown");
        wait_for_text(
            &c,
            "[data-testid=save-status]",
            "Submitted to Care Market: version 1",
        )
        .await;
        mark("confirmed");
    })
    .await;
    let steps = steps.lock().expect("steps").clone();
    steps
}

#[tokio::main]
async fn main() {
    let mut totals = Vec::new();
    for run in 1..=RUNS {
        let service = Service::start().await;
        let steps = visit(service.base.clone()).await;
        let line: Vec<String> = steps
            .iter()
            .map(|(step, s)| format!("{step} {s:.1} s"))
            .collect();
        println!("run {run}: {}", line.join(", "));
        totals.push(steps.last().expect("a confirmed return").1);
    }
    totals.sort_by(f64::total_cmp);
    println!(
        "BENCH| provider's weekly return, phone (slow 4G, CPU 4x) | open, sign in, confirm no change | median {:.1} s (min {:.1}, max {:.1}, n={}) | <= 15 s",
        totals[totals.len() / 2],
        totals[0],
        totals[totals.len() - 1],
        totals.len()
    );
}
