//! The analytics page in Chromium (`cargo bench --bench analytics_page`, after
//! `trunk build --release`), on static hosting: first render (navigation start to the supply gap
//! and the prices section both on screen) and the redraw after an assumption changes (the
//! projection year, from the change to the first frame painted with the new gap). Prices paid are
//! worked out by the data service, not in the browser; `--bench analytics` times that work over
//! 50,000 placements.

use browser_harness::{dist_dir, with_browser, StaticServer};

const LOADS: usize = 5;
const CHANGES: usize = 20;

/// Resolves with `performance.now()` (milliseconds since navigation began) once the supply gap
/// and the prices section are both on screen.
const RENDERED: &str = r#"
const done = arguments[arguments.length - 1];
const check = () => document.querySelector("[data-testid='projection-total']")
    && document.querySelector("[data-testid='prices-withheld']")
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

#[tokio::main]
async fn main() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/analytics");
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
            "BENCH| analytics page (Chromium, static hosting) | first render median {:.0} ms (n={LOADS}); redraw after an assumption median {:.0} ms, p95 {:.0} ms (n={CHANGES}) | none set",
            median(&mut firsts),
            median(&mut redraws),
            { redraws.sort_by(f64::total_cmp); redraws[CHANGES * 95 / 100] },
        );
    })
    .await;
}
