//! The analytics page in Chromium (`cargo bench --bench analytics_page`, after
//! `trunk build --release`), on static hosting: first render (navigation start to the supply gap
//! and the price spread both on screen) and the redraw after an assumption changes (the
//! projection year, from the change to the first frame painted with the new gap), with the
//! shipped ledger (2,000 placements) and with a generated one of 50,000 (`ANALYTICS_PLACEMENTS`).

use browser_harness::{dist_dir, with_browser, Override, StaticServer};
use std::path::PathBuf;

const LOADS: usize = 5;
const CHANGES: usize = 20;

/// Resolves with `performance.now()` (milliseconds since navigation began) once the supply gap
/// and the prices controls are both on screen.
const RENDERED: &str = r#"
const done = arguments[arguments.length - 1];
const check = () => document.querySelector("[data-testid='projection-total']")
    && document.querySelector("[data-testid='figure-prices-spread']")
  ? done(performance.now()) : requestAnimationFrame(check);
check();
"#;

/// Moves the projection to the other of two years: milliseconds from the change to the first
/// task after the frame painted with the new total.
const REDRAW: &str = r#"
const done = arguments[arguments.length - 1];
const year = document.querySelector('#projection-year');
const total = document.querySelector("[data-testid='projection-total']");
const before = total.textContent;
const years = Array.from(year.options).map(o => o.value);
year.value = year.value === years[years.length - 1] ? years[years.length - 2] : years[years.length - 1];
const changed = new Promise(resolve => {
  const seen = new MutationObserver(() => {
    if (total.isConnected ? total.textContent !== before
        : document.querySelector("[data-testid='projection-total']")) { seen.disconnect(); resolve(); }
  });
  seen.observe(document.querySelector('main'), { childList: true, characterData: true, subtree: true });
});
const t0 = performance.now();
year.dispatchEvent(new Event('change', { bubbles: true }));
changed.then(() => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => done(performance.now() - t0);
  channel.port2.postMessage(0);
}));
"#;

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

async fn measure(label: &str, overrides: Vec<Override>) {
    let server = StaticServer::start(&dist_dir(), overrides).await;
    let url = server.url("/analytics");
    let label = label.to_string();
    with_browser((1280, 900), move |c| async move {
        let mut firsts = Vec::new();
        for i in 0..LOADS {
            c.goto(&format!("{url}?run={i}")).await.expect("analytics loads");
            let at: f64 = serde_json::from_value(c.execute_async(RENDERED, vec![]).await.expect("rendered"))
                .expect("a time");
            firsts.push(at);
        }
        let mut redraws = Vec::new();
        for _ in 0..CHANGES {
            let ms: f64 = serde_json::from_value(c.execute_async(REDRAW, vec![]).await.expect("redraw"))
                .expect("a time");
            redraws.push(ms);
        }
        println!(
            "BENCH| analytics page (Chromium, static hosting), {label} | first render median {:.0} ms (n={LOADS}); redraw after an assumption median {:.0} ms, p95 {:.0} ms (n={CHANGES}) | none set",
            median(&mut firsts),
            median(&mut redraws),
            { redraws.sort_by(f64::total_cmp); redraws[CHANGES * 95 / 100] },
        );
    })
    .await;
}

#[tokio::main]
async fn main() {
    measure("shipped ledger (2,000 placements)", vec![]).await;
    let count: usize = std::env::var("ANALYTICS_PLACEMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let reference = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    let data =
        sample_data::build(&sample_data::Options::shipped(reference)).expect("the sample builds");
    let on = "2026-11-16".parse().expect("a date");
    let ledger = market_model::analytics::ledger::to_ledger_csv(&sample_data::generate_placements(
        &data.homes,
        count,
        on,
        7,
    ));
    let body: &'static str = Box::leak(ledger.into_boxed_str());
    measure(
        &format!("generated ledger ({count} placements)"),
        vec![Override {
            path: "/data/placements.csv",
            status: 200,
            body,
        }],
    )
    .await;
}
