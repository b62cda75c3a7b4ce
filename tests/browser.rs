//! End-to-end tests: the release build served from `dist/` on 127.0.0.1, driven in headless
//! Chromium. Expected figures are computed here from the data files, independently of the app's
//! own aggregation code.

use browser_harness::{
    data_file, dist_dir, latest_week, text_of, wait_for, with_browser, Override, StaticServer,
    WAIT_LIMIT,
};
use fantoccini::{Client, Locator};
use std::collections::BTreeMap;

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (360, 780);

/// `n` as en-GB writes it ("1,234"), by the browser's own `Intl.NumberFormat`: independent of
/// the app's formatter.
async fn en_gb(c: &Client, n: u64) -> String {
    let text = c
        .execute(
            "return new Intl.NumberFormat('en-GB').format(arguments[0])",
            vec![n.into()],
        )
        .await
        .expect("script");
    text.as_str().expect("a string").to_string()
}

/// What the overview should show for `week`, from the raw files.
struct Expected {
    homes: u64,
    nursing_beds: u64,
    residential_beds: u64,
    returns: u64,
    vacant_accepting: u64,
    homes_by_borough: BTreeMap<String, u64>,
}

fn expected_for(week: &str) -> Expected {
    let homes = data_file("homes.json");
    let homes = homes.as_array().expect("homes is a list");
    let returns = data_file(&format!("returns/{week}.json"));
    let returns = returns.as_array().expect("returns is a list");
    let beds = |care_type: &str| -> u64 {
        homes
            .iter()
            .filter(|h| h["care_type"] == care_type)
            .map(|h| h["registered_beds"].as_u64().expect("beds"))
            .sum()
    };
    let mut homes_by_borough = BTreeMap::new();
    for h in homes {
        *homes_by_borough
            .entry(h["borough"].as_str().expect("code").to_string())
            .or_insert(0) += 1;
    }
    let vacant_accepting = returns
        .iter()
        .flat_map(|r| r["beds"].as_object().expect("beds by category").values())
        .map(|c| c["vacant_accepting"].as_u64().expect("count"))
        .sum();
    Expected {
        homes: homes.len() as u64,
        nursing_beds: beds("nursing"),
        residential_beds: beds("residential"),
        returns: returns.len() as u64,
        vacant_accepting,
        homes_by_borough,
    }
}

async fn cell(client: &Client, row: &str, col: &str) -> String {
    text_of(client, &format!("[data-testid='{row}'] [data-col='{col}']")).await
}

async fn h1(client: &Client) -> String {
    text_of(client, "main h1").await
}

#[tokio::test(flavor = "multi_thread")]
async fn overview_shows_the_footprint_totals_in_the_data_files() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/");
    with_browser(DESKTOP, |c| async move {
        c.goto(&url).await.expect("overview loads");
        let week = latest_week();
        let e = expected_for(&week);
        assert_eq!(
            cell(&c, "row-total", "homes").await,
            en_gb(&c, e.homes).await
        );
        assert_eq!(
            cell(&c, "row-total", "nursing-beds").await,
            en_gb(&c, e.nursing_beds).await
        );
        assert_eq!(
            cell(&c, "row-total", "residential-beds").await,
            en_gb(&c, e.residential_beds).await
        );
        assert_eq!(
            cell(&c, "row-total", "vacant-accepting").await,
            en_gb(&c, e.vacant_accepting).await
        );
        assert!(cell(&c, "row-total", "returns")
            .await
            .starts_with(&format!("{} (", en_gb(&c, e.returns).await)));
        for (code, n) in &e.homes_by_borough {
            assert_eq!(
                cell(&c, &format!("row-{code}"), "homes").await,
                en_gb(&c, *n).await,
                "{code}"
            );
        }
        assert_eq!(
            text_of(&c, "[data-testid='kpi-beds'] .kpi__value").await,
            en_gb(&c, e.nursing_beds + e.residential_beds).await
        );
        // en-GB date of the latest week, e.g. "16 Nov 2026".
        let as_at = text_of(&c, "[data-testid='as-at']").await;
        let (y, m, d) = (
            &week[0..4],
            &week[5..7],
            week[8..10].trim_start_matches('0'),
        );
        let month = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ][m.parse::<usize>().expect("month") - 1];
        assert!(as_at.contains(&format!("{d} {month} {y}")), "{as_at}");
        assert!(text_of(&c, "[data-testid='sample-notice']")
            .await
            .contains("Sample data"));
        assert!(text_of(&c, "[data-testid='provenance']")
            .await
            .contains("Open Government Licence"));
        let title = c.title().await.expect("title");
        assert_eq!(title, "Market overview – Care Market");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_earlier_week_is_chosen_in_the_form_and_kept_in_the_url() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/");
    with_browser(DESKTOP, |c| async move {
        c.goto(&url).await.expect("overview loads");
        let manifest = data_file("manifest.json");
        let earlier = manifest["weeks"][0]
            .as_str()
            .expect("first week")
            .to_string();
        let e = expected_for(&earlier);
        text_of(&c, "[data-testid='row-total']").await;
        let select = c
            .find(Locator::Css("[data-testid='week-select']"))
            .await
            .expect("week picker");
        select
            .select_by_value(&earlier)
            .await
            .expect("choose the week");
        c.find(Locator::Css(".week-picker button"))
            .await
            .expect("button")
            .click()
            .await
            .expect("submit");
        c.wait()
            .at_most(WAIT_LIMIT)
            .for_url(&format!("{url}?week={earlier}").parse().expect("url"))
            .await
            .expect("the week is in the URL");
        let vacancies = en_gb(&c, e.vacant_accepting).await;
        wait_for(
            &format!("the total to show {vacancies} vacancies"),
            || async {
                let shown = cell(&c, "row-total", "vacant-accepting").await;
                if shown == vacancies {
                    Ok(())
                } else {
                    Err(shown)
                }
            },
        )
        .await;

        // The link alone reopens the same week.
        c.goto(&format!("{url}?week={earlier}"))
            .await
            .expect("deep link");
        assert_eq!(cell(&c, "row-total", "vacant-accepting").await, vacancies);
        let selected = c
            .execute(
                "return document.querySelector(\"[data-testid='week-select']\").value",
                vec![],
            )
            .await
            .expect("script");
        assert_eq!(selected.as_str(), Some(earlier.as_str()));
    })
    .await;
}

/// Whether the page is still the one the marker was set in (no reload since).
async fn same_document(c: &Client) -> bool {
    let same = c
        .execute("return window.sameDocument === true", vec![])
        .await
        .expect("script");
    same == serde_json::json!(true)
}

async fn wait_for_heading(c: &Client, heading: &str) {
    wait_for(&format!("the heading '{heading}'"), || async {
        let seen = h1(c).await;
        if seen == heading {
            Ok(())
        } else {
            Err(seen)
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn navigation_and_deep_links_reach_every_page() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let base = server.url("");
    with_browser(DESKTOP, |c| async move {
        c.goto(&format!("{base}/")).await.expect("overview loads");
        assert_eq!(h1(&c).await, "Care home market");
        // A marker that survives only if links navigate inside the page, without reloading it.
        c.execute("window.sameDocument = true", vec![])
            .await
            .expect("script");
        for (link, path, heading) in [
            ("Vacancy map", "/map", "Vacancy map"),
            ("Market analytics", "/analytics", "Market analytics"),
            ("Find a bed", "/find", "Find a bed"),
            ("Weekly return", "/return", "Weekly return"),
            ("Market", "/", "Care home market"),
        ] {
            c.find(Locator::LinkText(link))
                .await
                .expect("nav link")
                .click()
                .await
                .expect("click");
            c.wait()
                .at_most(WAIT_LIMIT)
                .for_url(&format!("{base}{path}").parse().expect("url"))
                .await
                .expect("navigated");
            wait_for_heading(&c, heading).await;
            let current = text_of(&c, "nav [aria-current='page']").await;
            assert_eq!(current, link);
            assert!(same_document(&c).await, "{link} navigated without a reload");
        }
        // Back and forward move through the visited pages.
        c.back().await.expect("back");
        wait_for_heading(&c, "Weekly return").await;
        assert_eq!(c.current_url().await.expect("url").path(), "/return");
        c.forward().await.expect("forward");
        wait_for_heading(&c, "Care home market").await;
        assert!(same_document(&c).await, "history moves stay in the page");
        // A deep link served straight from the static host, and an unknown page.
        c.goto(&format!("{base}/find")).await.expect("deep link");
        assert_eq!(h1(&c).await, "Find a bed");
        c.goto(&format!("{base}/no-such-page"))
            .await
            .expect("unknown page");
        assert_eq!(h1(&c).await, "Page not found");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_broken_data_file_shows_a_clear_message() {
    let server = StaticServer::start(
        &dist_dir(),
        vec![Override {
            path: "/data/homes.json",
            status: 200,
            body: "[{\"id\": 42",
        }],
    )
    .await;
    let url = server.url("/");
    with_browser(DESKTOP, |c| async move {
        c.goto(&url).await.expect("page loads");
        let message = text_of(&c, "[data-testid='load-error']").await;
        assert!(message.contains("/data/homes.json"), "{message}");
        assert!(message.contains("not in the expected form"), "{message}");
        assert_eq!(h1(&c).await, "Care home market", "the shell still renders");
    })
    .await;

    let server = StaticServer::start(
        &dist_dir(),
        vec![Override {
            path: "/data/footprint.json",
            status: 404,
            body: "gone",
        }],
    )
    .await;
    let url = server.url("/");
    with_browser(DESKTOP, |c| async move {
        c.goto(&url).await.expect("page loads");
        let message = text_of(&c, "[data-testid='load-error']").await;
        assert!(
            message.contains("/data/footprint.json") && message.contains("404"),
            "{message}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_users_can_skip_to_content_and_phones_need_no_sideways_scroll() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/");
    with_browser(PHONE, |c| async move {
        c.goto(&url).await.expect("overview loads");
        text_of(&c, "[data-testid='row-total']").await;
        c.find(Locator::Css("body"))
            .await
            .expect("body")
            .send_keys("\u{E004}")
            .await
            .expect("Tab");
        let focused = c
            .execute("return document.activeElement.textContent", vec![])
            .await
            .expect("script");
        assert_eq!(focused.as_str(), Some("Skip to main content"));
        let widths = c
            .execute(
                "return [document.documentElement.scrollWidth, window.innerWidth]",
                vec![],
            )
            .await
            .expect("script");
        let (page, viewport) = (
            widths[0].as_u64().expect("width"),
            widths[1].as_u64().expect("width"),
        );
        assert!(
            page <= viewport,
            "the page is {page}px wide in a {viewport}px viewport"
        );
    })
    .await;
}
