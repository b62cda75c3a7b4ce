//! Vacancy map speed in headless Chromium, measured where a user feels it: from the click on a
//! filter to the first frame painted with the result (the click, the app's update, then a
//! rendering frame, then the first task after it: "a frame then a task", which ends only once
//! the browser has painted). Narrowing (ticking "has a vacancy") and widening (unticking) are
//! timed separately, with the shipped data and with a generated England-scale set (15,000 homes,
//! 12 weeks, same generator); also the time to first render (the app's `vacancy-map-rendered`
//! mark).
//!
//! Absolute times vary between machines, so the same run also times a plain-JavaScript
//! implementation of the same DOM update on the same SVG (changing only the symbols whose
//! visibility changes, rewriting the count and the list) and reports our p95 as a ratio to it.
//!
//! Run after `trunk build --release`: `cargo bench --bench map_filter` (scripts/bench does).
//! `MAP_BENCH_HOMES=N` changes the size of the large set. Targets: p95 at most 16 ms with the
//! sample and 50 ms with 15,000 homes; ratio at most 1.2.

use browser_harness::{dist_dir, text_of, wait_for, with_browser, StaticServer};
use fantoccini::Client;
use std::path::Path;

/// Toggles per direction: enough that the p95 is not just the second-slowest sample.
const CHANGES: usize = 100;

/// Resolves, after the DOM has changed, at the first task after the next rendering frame.
const PAINTED: &str = r#"
window.__painted = () => new Promise(resolve => requestAnimationFrame(() => {
  const channel = new MessageChannel();
  channel.port1.onmessage = () => resolve(performance.now());
  channel.port2.postMessage(0);
}));
window.__counts = () => document.querySelector("[data-testid='map-counts']");
"#;

/// Clicks the "has a vacancy" box: the milliseconds from the click to the painted result, and
/// whether the click narrowed (ticked) the filter.
const TOGGLE: &str = r#"
const done = arguments[arguments.length - 1];
const box = document.querySelector('#filter-vacancies');
const counts = window.__counts();
const before = counts.textContent;
const changed = new Promise(resolve => {
  const seen = new MutationObserver(() => {
    if (counts.textContent !== before) { seen.disconnect(); resolve(); }
  });
  seen.observe(counts, { childList: true, characterData: true, subtree: true });
});
const t0 = performance.now();
box.click();
changed.then(window.__painted).then(t => done([t - t0, box.checked]));
"#;

/// Records what the page shows in the current filter state, as state `name`, for the plain
/// JavaScript implementation: each symbol's visibility, the count and the list.
const CAPTURE: &str = r#"
const name = arguments[0];
window.__states = window.__states || {};
window.__states[name] = {
  hidden: Array.from(document.querySelectorAll("[data-testid='home-symbols'] circle")).map(c => c.classList.contains('is-hidden')),
  counts: window.__counts().textContent,
  list: document.querySelector("[data-testid='home-list'] tbody").innerHTML,
};
return window.__states[name].hidden.filter(h => !h).length;
"#;

/// The plain-JavaScript update from state `from` to state `to`: the symbols whose visibility
/// differs (worked out beforehand), then the count and the list; timed like the app.
const PLAIN: &str = r#"
const done = arguments[arguments.length - 1];
const [from, to] = [window.__states[arguments[0]], window.__states[arguments[1]]];
const circles = Array.from(document.querySelectorAll("[data-testid='home-symbols'] circle"));
const differ = [];
for (let i = 0; i < circles.length; i++) if (from.hidden[i] !== to.hidden[i]) differ.push(i);
const counts = window.__counts();
const tbody = document.querySelector("[data-testid='home-list'] tbody");
const t0 = performance.now();
for (const i of differ) circles[i].classList.toggle('is-hidden', to.hidden[i]);
counts.textContent = to.counts;
tbody.innerHTML = to.list;
window.__painted().then(t => done(t - t0));
"#;

/// The `p`th percentile (nearest rank).
fn percentile(v: &mut [f64], p: usize) -> f64 {
    v.sort_by(f64::total_cmp);
    v[(v.len() * p).div_ceil(100).max(1) - 1]
}

async fn measure(c: &Client, url: &str, label: &str, target: f64) {
    c.goto(url).await.expect("map loads");
    text_of(c, "[data-testid='map-counts']").await;
    let first = wait_for("the map's render mark", || async {
        let v = c
            .execute("const m = performance.getEntriesByName('vacancy-map-rendered')[0]; return m ? m.startTime : null", vec![])
            .await
            .expect("script");
        v.as_f64().ok_or_else(|| "no mark yet".to_string())
    })
    .await;
    c.execute(PAINTED, vec![]).await.expect("helpers");
    let (mut narrowing, mut widening) = (Vec::new(), Vec::new());
    for _ in 0..2 * CHANGES {
        let v = c.execute_async(TOGGLE, vec![]).await.expect("toggle");
        let ms = v[0].as_f64().expect("ms");
        if v[1].as_bool().expect("ticked") {
            narrowing.push(ms);
        } else {
            widening.push(ms);
        }
    }
    // The plain-JavaScript implementation, on a fresh copy of the page in both states.
    c.goto(url).await.expect("map loads");
    text_of(c, "[data-testid='map-counts']").await;
    c.execute(PAINTED, vec![]).await.expect("helpers");
    c.execute(CAPTURE, vec!["all".into()])
        .await
        .expect("capture");
    c.execute_async(TOGGLE, vec![]).await.expect("tick");
    c.execute(CAPTURE, vec!["vacant".into()])
        .await
        .expect("capture");
    let (mut plain_narrowing, mut plain_widening) = (Vec::new(), Vec::new());
    for _ in 0..CHANGES {
        for (from, to, times) in [
            ("vacant", "all", &mut plain_widening),
            ("all", "vacant", &mut plain_narrowing),
        ] {
            let v = c
                .execute_async(PLAIN, vec![from.into(), to.into()])
                .await
                .expect("plain update");
            times.push(v.as_f64().expect("ms"));
        }
    }
    let [n, w, pn, pw] = [
        &mut narrowing,
        &mut widening,
        &mut plain_narrowing,
        &mut plain_widening,
    ]
    .map(|v| (percentile(v, 50), percentile(v, 95)));
    println!(
        "BENCH| map filter → painted, {label} | narrowing p95 {:.1} ms, widening p95 {:.1} ms (plain JS {:.1} / {:.1} ms); medians {:.1} / {:.1} ms (plain JS {:.1} / {:.1} ms) | p95 ratio {:.2} / {:.2}; first render {first:.0} ms; n={CHANGES} each | p95 ≤ {target} ms, ratio ≤ 1.2",
        n.1, w.1, pn.1, pw.1, n.0, w.0, pn.0, pw.0,
        n.1 / pn.1.max(0.1),
        w.1 / pw.1.max(0.1),
    );
}

/// A copy of the built app whose data folder holds a generated set of `homes` homes.
fn large_copy(homes: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&dist_dir(), dir.path());
    let reference = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/data");
    let data = sample_data::build(&sample_data::Options {
        homes,
        ..sample_data::Options::shipped(reference)
    })
    .expect("reference data");
    let out = dir.path().join("data");
    std::fs::remove_dir_all(out.join("returns")).expect("clear returns");
    for (path, text) in data.files() {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).expect("readable") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

#[tokio::main]
async fn main() {
    let homes: usize = std::env::var("MAP_BENCH_HOMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(15_000);
    let shipped = StaticServer::start(&dist_dir(), vec![]).await;
    let large_dir = large_copy(homes);
    let large = StaticServer::start(large_dir.path(), vec![]).await;
    let (small_url, large_url) = (shipped.url("/map"), large.url("/map"));
    with_browser((1280, 900), move |c| async move {
        measure(&c, &small_url, "shipped sample", 16.0).await;
        measure(
            &c,
            &large_url,
            &format!("generated data ({homes} homes)"),
            50.0,
        )
        .await;
    })
    .await;
}
