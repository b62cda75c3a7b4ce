//! Each route fetches only the data it needs, once (issue 15), read from the browser's own record
//! of what it fetched (the Performance API's resource entries) on fresh visits to the live
//! service: the overview one week's returns, the weekly return none but the provider's own homes'
//! histories, the map each home's latest return as at one week and an opened home's history;
//! the configuration and register, preloaded, are fetched once.

use browser_harness::{data_file, latest_week, with_browser};
use fantoccini::Client;

mod support;

use support::{sign_in, wait_for_text, Service};

/// Everything the page has fetched so far: each path (without origin or query) and what
/// started the fetch (`link` for a preload).
async fn resources(c: &Client) -> Vec<(String, String)> {
    let entries = c
        .execute(
            "return performance.getEntriesByType('resource')\
               .map(e => [new URL(e.name).pathname, e.initiatorType]);",
            vec![],
        )
        .await
        .expect("resource entries");
    serde_json::from_value(entries).expect("pairs of path and initiator")
}

/// The paths of everything the page has fetched so far.
async fn fetched(c: &Client) -> Vec<String> {
    resources(c)
        .await
        .into_iter()
        .map(|(path, _)| path)
        .collect()
}

/// The weeks whose full returns were fetched.
fn weeks_fetched(paths: &[String]) -> Vec<String> {
    let mut weeks: Vec<String> = paths
        .iter()
        .filter_map(|p| p.strip_prefix("/api/weeks/"))
        .filter_map(|p| p.strip_suffix("/returns"))
        .map(str::to_string)
        .collect();
    weeks.sort();
    weeks
}

fn count(paths: &[String], path: &str) -> usize {
    paths.iter().filter(|p| *p == path).count()
}

#[tokio::test(flavor = "multi_thread")]
async fn each_route_fetches_only_its_own_data_once() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser((1280, 900), move |c| async move {
        let latest = latest_week();
        let all_weeks: Vec<String> = {
            let mut w: Vec<String> = data_file("manifest.json")["weeks"]
                .as_array()
                .expect("the manifest's weeks")
                .iter()
                .map(|w| w.as_str().expect("a week").to_string())
                .collect();
            w.sort();
            w
        };
        assert!(all_weeks.len() > 2, "the sample has weeks to leave out");

        // The overview: the latest week's returns and nothing else; the register and the
        // configuration once each (the page's preloads are taken up, not fetched again).
        c.goto(&format!("{base}/")).await.expect("overview");
        wait_for_text(&c, "[data-testid=as-at]", "Data as at").await;
        let paths = fetched(&c).await;
        assert_eq!(weeks_fetched(&paths), vec![latest.clone()], "{paths:?}");
        for once in [
            "/config.json",
            "/api/manifest",
            "/api/footprint",
            "/api/homes",
        ] {
            assert_eq!(count(&paths, once), 1, "{once} in {paths:?}");
        }
        // Those four were preloaded (fetched while the app's code downloads), by the page and
        // the service's Link header, and the app took the preloads up.
        let preloaded: Vec<String> = resources(&c)
            .await
            .into_iter()
            .filter(|(_, initiator)| initiator == "link")
            .map(|(path, _)| path)
            .collect();
        for path in [
            "/config.json",
            "/api/manifest",
            "/api/footprint",
            "/api/homes",
        ] {
            assert!(
                preloaded.iter().any(|p| p == path),
                "{path} in {preloaded:?}"
            );
        }

        // An earlier week named in the address: that week alone.
        let earlier = all_weeks[all_weeks.len() - 3].clone();
        c.goto(&format!("{base}/?week={earlier}"))
            .await
            .expect("overview of an earlier week");
        wait_for_text(&c, "[data-testid=as-at]", "Data as at").await;
        assert_eq!(weeks_fetched(&fetched(&c).await), vec![earlier]);

        // The map: each home's latest return as at the latest week, one request and no week's
        // full returns; opening a home fetches its own history, once.
        c.goto(&format!("{base}/map")).await.expect("map");
        wait_for_text(&c, "[data-testid=map-counts]", "home").await;
        let paths = fetched(&c).await;
        assert_eq!(weeks_fetched(&paths), Vec::<String>::new(), "{paths:?}");
        let as_at = format!("/api/weeks/{latest}/latest");
        assert_eq!(count(&paths, &as_at), 1, "{paths:?}");
        let home = data_file("homes.json")[0]["id"]
            .as_str()
            .expect("an ID")
            .to_string();
        c.goto(&format!("{base}/map?home={home}"))
            .await
            .expect("a home's details");
        wait_for_text(
            &c,
            "[data-testid=figure-home-vacancies]",
            "Vacancies accepting admissions",
        )
        .await;
        let paths = fetched(&c).await;
        let histories: Vec<&String> = paths
            .iter()
            .filter(|p| p.starts_with("/api/homes/") && p.ends_with("/returns"))
            .collect();
        assert_eq!(
            histories,
            [&format!("/api/homes/{home}/returns")],
            "{paths:?}"
        );
        assert_eq!(weeks_fetched(&paths), Vec::<String>::new(), "{paths:?}");

        // A provider's weekly return, opened afresh: no week's full returns, only the
        // histories of the provider's own homes.
        sign_in(&c, &base, "demo-provider").await;
        c.goto(&format!("{base}/return"))
            .await
            .expect("weekly return");
        wait_for_text(&c, "[data-testid=no-change]", "No change").await;
        let paths = fetched(&c).await;
        assert_eq!(weeks_fetched(&paths), Vec::<String>::new(), "{paths:?}");
        let session: serde_json::Value = c
            .execute("return fetch('/api/session').then(r => r.json());", vec![])
            .await
            .expect("who is signed in");
        let mut own: Vec<String> = session["homes"]
            .as_array()
            .expect("the provider's homes")
            .iter()
            .map(|h| format!("/api/homes/{}/returns", h.as_str().expect("an ID")))
            .collect();
        own.sort();
        let mut histories: Vec<String> = paths
            .iter()
            .filter(|p| p.starts_with("/api/homes/") && p.ends_with("/returns"))
            .cloned()
            .collect();
        histories.sort();
        assert_eq!(histories, own);
    })
    .await;
}
