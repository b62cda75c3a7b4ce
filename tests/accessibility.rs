//! Automated WCAG 2.2 A/AA checks with axe-core in headless Chromium on every page, in the states
//! people use (a home selected, boroughs shaded, a phone width). Serious and critical findings fail.
//! axe-core comes from npm through scripts/setup (`CARE_MARKET_AXE` names the file).

use browser_harness::{dist_dir, text_of, with_browser, StaticServer};
use std::time::Duration;

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

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_automated_wcag_checks() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let base = server.url("");
    let axe = axe_source();
    for size in [(1280, 900), (360, 780)] {
        let (base, axe) = (base.clone(), axe.clone());
        with_browser(size, move |c| async move {
            let pages = [
                ("/", "[data-testid='row-total']"),
                ("/map", "[data-testid='map-counts']"),
                (
                    "/map?home=SAMPLE-0005&shade=occupancy&type=nursing",
                    "[data-testid='home-details']",
                ),
                ("/find", "main h1"),
                ("/no-such-page", "main h1"),
            ];
            for (path, ready) in pages {
                c.goto(&format!("{base}{path}")).await.expect("page loads");
                text_of(&c, ready).await;
                tokio::time::sleep(Duration::from_millis(100)).await;
                c.execute(&axe, vec![]).await.expect("axe loads");
                let found = c.execute_async(RUN_AXE, vec![]).await.expect("axe runs");
                let found: Vec<String> = serde_json::from_value(found).expect("a list");
                assert!(
                    found.is_empty(),
                    "{path} at {size:?}:\n{}",
                    found.join("\n")
                );
            }
        })
        .await;
    }
}
