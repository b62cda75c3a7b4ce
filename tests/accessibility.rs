//! Automated WCAG 2.2 A/AA checks with axe-core in headless Chromium on every page, in the states
//! people use (a home selected, boroughs shaded, a phone width). Serious and critical findings fail.
//! The live service's own pages (sign-in with errors, administration) are checked in
//! `live_service.rs`.

use browser_harness::{dist_dir, painted, text_of, wcag_violations, with_browser, StaticServer};

#[tokio::test(flavor = "multi_thread")]
async fn every_page_passes_automated_wcag_checks() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let base = server.url("");
    for size in [(1280, 900), (360, 780)] {
        let base = base.clone();
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
                painted(&c).await;
                let found = wcag_violations(&c).await;
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
