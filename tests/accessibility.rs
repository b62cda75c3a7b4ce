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

/// The analytics page on static hosting (every section; prices paid withheld, as on any public
/// copy), with a chart's table opened, at desktop and phone widths. The price figures are checked
/// on the live service, where a commissioner sees them (`analytics.rs`).
#[tokio::test(flavor = "multi_thread")]
async fn the_analytics_page_passes_automated_wcag_checks_with_a_table_open() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let base = server.url("");
    for size in [(1280, 900), (360, 780)] {
        let base = base.clone();
        with_browser(size, move |c| async move {
            c.goto(&format!("{base}/analytics"))
                .await
                .expect("page loads");
            let withheld = text_of(&c, "[data-testid='prices-withheld']").await;
            assert!(withheld.contains("public copy"), "{withheld}");
            text_of(&c, "[data-testid='figure-projection-gap'] h3").await;
            c.find(fantoccini::Locator::Css(
                "[data-testid='figure-supply-rates'] summary",
            ))
            .await
            .expect("the table's summary")
            .click()
            .await
            .expect("opens");
            text_of(&c, "[data-testid='supply-rates-table'] caption").await;
            painted(&c).await;
            let found = wcag_violations(&c).await;
            assert!(
                found.is_empty(),
                "/analytics at {size:?}:\n{}",
                found.join("\n")
            );
        })
        .await;
    }
}
