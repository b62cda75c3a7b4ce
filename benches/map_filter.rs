//! Vacancy map speed in headless Chromium: time to first render (the app's
//! `vacancy-map-rendered` mark) and filter change to the next painted frame, with the shipped data
//! and with a generated England-scale set (15,000 homes, 12 weeks, same generator).
//!
//! Run after `trunk build --release`: `cargo bench --bench map_filter`.
//! `MAP_BENCH_HOMES=N` changes the size of the large set.

use browser_harness::{dist_dir, text_of, with_browser, StaticServer};
use fantoccini::Client;
use std::path::Path;
use std::time::Duration;

const FILTER_CHANGES: usize = 20;

/// Toggles the "has a vacancy" filter and measures, in the page, the time from the click to the
/// first animation frame after the update (when the browser paints) and to the frame after that.
const TOGGLE: &str = r#"
const done = arguments[arguments.length - 1];
const box = document.querySelector('#filter-vacancies');
const counts = document.querySelector("[data-testid='map-counts']");
const before = counts.textContent;
const waitForChange = () => new Promise(resolve => {
  const seen = new MutationObserver(() => {
    if (counts.textContent !== before) { seen.disconnect(); resolve(); }
  });
  seen.observe(counts, { childList: true, characterData: true, subtree: true });
});
const changed = waitForChange();
const t0 = performance.now();
box.click();
changed.then(() => {
  const updated = performance.now();
  requestAnimationFrame(() => {
    const frame = performance.now();
    requestAnimationFrame(() => done([updated - t0, frame - t0, performance.now() - t0]));
  });
});
"#;

async fn measure(c: &Client, url: &str, label: &str) {
    c.goto(url).await.expect("map loads");
    text_of(c, "[data-testid='map-counts']").await;
    let mut first = None;
    for _ in 0..500 {
        let v = c
            .execute("const m = performance.getEntriesByName('vacancy-map-rendered')[0]; return m ? m.startTime : null", vec![])
            .await
            .expect("script");
        if let Some(t) = v.as_f64() {
            first = Some(t);
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let first = first.expect("the map made its render mark");
    let mut updated = Vec::new();
    let mut frames = Vec::new();
    for _ in 0..FILTER_CHANGES {
        let v = c.execute_async(TOGGLE, vec![]).await.expect("toggle");
        updated.push(v[0].as_f64().expect("ms"));
        frames.push(v[1].as_f64().expect("ms"));
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        (v[v.len() / 2], v[v.len() - 1])
    };
    let (u_med, u_max) = median(&mut updated);
    let (f_med, f_max) = median(&mut frames);
    println!(
        "{label}: first render {first:.0} ms; filter change → DOM updated median {u_med:.1} ms (max {u_max:.1}), \
         → next frame median {f_med:.1} ms (max {f_max:.1}); n={FILTER_CHANGES}"
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
        measure(&c, &small_url, "shipped data (350 homes)").await;
        measure(&c, &large_url, &format!("generated data ({homes} homes)")).await;
    })
    .await;
}
