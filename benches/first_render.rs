//! Time to first render of the market overview in headless Chromium, from the browser's own
//! Performance API: the app marks `market-overview-rendered` once the figures are on screen, and
//! its `startTime` is milliseconds since navigation began. One cold load (empty cache), then warm
//! reloads. Run with `cargo bench --bench first_render` after `trunk build --release`.

use browser_harness::{dist_dir, text_of, wait_for, with_browser, StaticServer};

const WARM_RELOADS: usize = 9;

#[tokio::main]
async fn main() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/");
    with_browser((1280, 900), |c| async move {
        let mut times = Vec::new();
        for i in 0..=WARM_RELOADS {
            c.goto(&format!("{url}?run={i}")).await.expect("overview loads");
            text_of(&c, "[data-testid='row-total']").await;
            let script = "const m = performance.getEntriesByName('market-overview-rendered')[0];\
                          const n = performance.getEntriesByType('navigation')[0];\
                          return [m ? m.startTime : null, n ? n.domContentLoadedEventEnd : null];";
            let (rendered, dom_ready) = wait_for("the app's render mark", || async {
                let v = c.execute(script, vec![]).await.expect("script");
                v[0].as_f64()
                    .map(|rendered| (rendered, v[1].as_f64().unwrap_or(f64::NAN)))
                    .ok_or_else(|| "no mark yet".to_string())
            })
            .await;
            println!("load {i:>2} ({}): first render {rendered:.1} ms, DOMContentLoaded {dom_ready:.1} ms",
                     if i == 0 { "cold" } else { "warm" });
            times.push(rendered);
        }
        let cold = times[0];
        let mut warm = times[1..].to_vec();
        warm.sort_by(f64::total_cmp);
        println!(
            "BENCH| overview first render (static hosting) | shipped data | cold {cold:.1} ms; warm median {:.1} ms (min {:.1}, max {:.1}, n={}) | none set",
            warm[warm.len() / 2],
            warm[0],
            warm[warm.len() - 1],
            warm.len()
        );
    })
    .await;
}
