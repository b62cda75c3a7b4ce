//! End-to-end tests of the vacancy map in headless Chromium against the release build. Expected
//! homes are worked out here from the data files, independently of the app's filtering code.

use browser_harness::{
    csv_from_click, data_file, dist_dir, latest_week, text_of, wait_for, with_browser,
    StaticServer, WAIT_LIMIT,
};
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};

/// Names of nursing homes with a vacancy accepting admissions in the latest week's return.
fn nursing_homes_with_vacancies() -> BTreeSet<String> {
    let returns = data_file(&format!("returns/{}.json", latest_week()));
    let vacant: HashMap<&str, u64> = returns
        .as_array()
        .expect("returns")
        .iter()
        .map(|r| {
            let v = r["beds"]
                .as_object()
                .expect("beds")
                .values()
                .map(|b| b["vacant_accepting"].as_u64().expect("n"))
                .sum();
            (r["home"].as_str().expect("id"), v)
        })
        .collect();
    data_file("homes.json")
        .as_array()
        .expect("homes")
        .iter()
        .filter(|h| {
            h["care_type"] == "nursing"
                && vacant
                    .get(h["id"].as_str().expect("id"))
                    .is_some_and(|v| *v > 0)
        })
        .map(|h| h["name"].as_str().expect("name").to_string())
        .collect()
}

/// Names on the visible map symbols, and in the list's rows.
async fn shown(c: &Client) -> (BTreeSet<String>, BTreeSet<String>) {
    let v = c
        .execute(
            "return [Array.from(document.querySelectorAll(\"[data-testid='home-symbols'] circle:not(.is-hidden)\")).map(e => e.getAttribute('aria-label')),\
                     Array.from(document.querySelectorAll(\"[data-testid='home-row'] th\")).map(e => e.textContent)]",
            vec![],
        )
        .await
        .expect("script");
    let set = |v: &Value| {
        v.as_array()
            .expect("list")
            .iter()
            .map(|s| s.as_str().expect("text").to_string())
            .collect()
    };
    (set(&v[0]), set(&v[1]))
}

/// Home `id`'s vacancies accepting admissions in each week of the data, oldest first, from its
/// latest return in each week's file ("No return" for a week without one).
fn vacancies_by_week(id: &str) -> Vec<String> {
    let mut weeks: Vec<String> = data_file("manifest.json")["weeks"]
        .as_array()
        .expect("weeks")
        .iter()
        .filter_map(|w| w.as_str().map(str::to_string))
        .collect();
    weeks.sort();
    weeks
        .iter()
        .map(|week| {
            let returns = data_file(&format!("returns/{week}.json"));
            let latest = returns
                .as_array()
                .expect("returns")
                .iter()
                .filter(|r| r["home"] == id)
                .max_by_key(|r| r["submitted_at"].as_str().unwrap_or_default().to_string());
            latest.map_or("No return".to_string(), |r| {
                let beds = r["beds"].as_object().expect("beds");
                let vacant: u64 = beds
                    .values()
                    .filter_map(|b| b["vacant_accepting"].as_u64())
                    .sum();
                vacant.to_string()
            })
        })
        .collect()
}

/// Waits until the map's count says `homes` homes ("1 home" or "N homes,"), and returns it.
async fn wait_for_count(c: &Client, homes: usize) -> String {
    let want = [format!("{homes} homes,"), format!("{homes} home,")];
    wait_for(&format!("the map to count {homes} homes"), || async {
        let text = text_of(c, "[data-testid='map-counts']").await;
        if want.iter().any(|w| text.starts_with(w.as_str())) {
            Ok(text)
        } else {
            Err(text)
        }
    })
    .await
}

/// Waits until the map's zoom and pan transform contains `part`, and returns it.
async fn wait_for_transform(c: &Client, part: &str) -> String {
    wait_for(&format!("the map's transform to hold {part}"), || async {
        let v = c
            .execute("return document.querySelector(\"[data-testid='vacancy-map'] > g\").getAttribute('transform')", vec![])
            .await
            .expect("script");
        let transform = v.as_str().unwrap_or_default().to_string();
        if transform.contains(part) {
            Ok(transform)
        } else {
            Err(transform)
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_map_and_the_list_show_exactly_the_homes_a_filter_allows() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/map?type=nursing&vacancies=1");
    with_browser((1280, 900), |c| async move {
        c.goto(&url).await.expect("map loads");
        let expected = nursing_homes_with_vacancies();
        assert!(expected.len() > 10, "the sample has such homes");
        wait_for_count(&c, expected.len()).await;
        let (on_map, in_list) = shown(&c).await;
        assert_eq!(on_map, expected);
        assert_eq!(in_list, expected, "the list and the map agree");
        let in_order: Vec<&String> = expected.iter().take(50).collect();
        assert_eq!(
            listed(&c).await.iter().collect::<Vec<_>>(),
            in_order,
            "listed by name"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn filters_chosen_in_the_form_round_trip_through_the_url() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let base = server.url("/map");
    with_browser((1280, 900), |c| async move {
        c.goto(&base).await.expect("map loads");
        let all = data_file("homes.json").as_array().expect("homes").len();
        wait_for_count(&c, all).await;
        c.find(Locator::Css("#filter-type")).await.expect("care type").select_by_value("nursing").await.expect("pick");
        c.find(Locator::Css("#filter-vacancies")).await.expect("checkbox").click().await.expect("tick");
        let expected = nursing_homes_with_vacancies().len();
        wait_for_count(&c, expected).await;
        let url = c.current_url().await.expect("url");
        let query: BTreeSet<(String, String)> = url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        assert!(query.contains(&("type".into(), "nursing".into())), "{url}");
        assert!(query.contains(&("vacancies".into(), "1".into())), "{url}");

        // The copied link reopens the same view in a fresh page.
        c.goto(url.as_str()).await.expect("reload");
        wait_for_count(&c, expected).await;
        let form = c
            .execute("return [document.querySelector('#filter-type').value, document.querySelector('#filter-vacancies').checked]", vec![])
            .await
            .expect("script");
        assert_eq!(form, serde_json::json!(["nursing", true]));
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_home_is_chosen_with_the_keyboard_and_its_details_open() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/map");
    with_browser((1280, 900), |c| async move {
        c.goto(&url).await.expect("map loads");
        let map = c.wait().at_most(WAIT_LIMIT).for_element(Locator::Css("[data-testid='vacancy-map']")).await.expect("map");
        c.execute("document.querySelector(\"[data-testid='vacancy-map']\").focus()", vec![]).await.expect("focus");
        map.send_keys("\u{E014}").await.expect("ArrowRight");
        let active = c
            .execute("const m = document.querySelector(\"[data-testid='vacancy-map']\"); const id = m.getAttribute('aria-activedescendant'); return id && document.getElementById(id).getAttribute('aria-label')", vec![])
            .await
            .expect("script");
        let name = active.as_str().expect("an arrow key makes a home active").to_string();
        map.send_keys("\u{E007}").await.expect("Enter");
        let heading = text_of(&c, "[data-testid='home-details'] h2").await;
        assert_eq!(heading, name);
        let focused = c.execute("return document.activeElement.id", vec![]).await.expect("script");
        assert_eq!(focused.as_str(), Some("details-heading"), "focus moves to the details");
        assert!(c.current_url().await.expect("url").query().unwrap_or_default().contains("home="), "the selection is in the URL");
        let details = text_of(&c, "[data-testid='home-details']").await;
        assert!(details.contains("CQC rating"), "{details}");
        // Its last 12 weeks, fetched as the panel opens, are what the week files say.
        let i: usize = c
            .execute("return document.querySelector(\"[data-testid='vacancy-map']\").getAttribute('aria-activedescendant')", vec![])
            .await
            .expect("script")
            .as_str()
            .and_then(|id| id.strip_prefix("home-"))
            .and_then(|i| i.parse().ok())
            .expect("the active home's index");
        let home = data_file("homes.json")[i]["id"].as_str().expect("an ID").to_string();
        let expected = vacancies_by_week(&home);
        assert_eq!(expected.len(), 12, "the sample has twelve weeks");
        let shown = wait_for("the home's last 12 weeks", || async {
            let v = c
                .execute("return [...document.querySelectorAll(\"[data-testid='home-vacancies-table'] tbody tr\")].map(r => r.cells[1].textContent)", vec![])
                .await
                .expect("script");
            let cells: Vec<String> = serde_json::from_value(v).expect("cells");
            if cells.len() == 12 { Ok(cells) } else { Err(format!("{cells:?}")) }
        })
        .await;
        assert_eq!(shown, expected, "{home}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn boroughs_shade_with_a_legend_and_the_csv_holds_the_filtered_list() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/map?shade=beds_65&type=nursing&vacancies=1");
    with_browser((1280, 900), |c| async move {
        c.goto(&url).await.expect("map loads");
        let legend = text_of(&c, "[data-testid='shade-legend']").await;
        assert!(
            legend.contains("Boroughs shaded by beds per 1,000 aged 65+"),
            "{legend}"
        );
        let shaded = c
            .execute(
                "return document.querySelectorAll('.boroughs path[class*=shade-]').length",
                vec![],
            )
            .await
            .expect("script");
        assert_eq!(shaded.as_u64(), Some(5));

        let expected = nursing_homes_with_vacancies();
        wait_for_count(&c, expected.len()).await;
        let csv = csv_from_click(&c, "[data-testid='export-csv']").await;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert!(
            lines[0].starts_with("CQC location ID,Name,"),
            "{}",
            lines[0]
        );
        assert_eq!(
            lines.len(),
            expected.len() + 1,
            "a header and one line per home shown"
        );
    })
    .await;
}

/// The names in the list's rows, in order.
async fn listed(c: &Client) -> Vec<String> {
    let v = c
        .execute(
            "return Array.from(document.querySelectorAll(\"[data-testid='home-row'] th\")).map(e => e.textContent)",
            vec![],
        )
        .await
        .expect("script");
    serde_json::from_value(v).expect("names")
}

/// Waits until the list has `rows` rows, and returns their names.
async fn wait_for_rows(c: &Client, rows: usize) -> Vec<String> {
    wait_for(&format!("the list to have {rows} rows"), || async {
        let names = listed(c).await;
        if names.len() == rows {
            Ok(names)
        } else {
            Err(format!("{} rows", names.len()))
        }
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_draws_fifty_homes_at_a_time_and_the_csv_has_them_all() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/map");
    with_browser((1280, 900), |c| async move {
        c.goto(&url).await.expect("map loads");
        let homes = data_file("homes.json");
        let count = homes.as_array().expect("homes").len();
        assert!((101..1000).contains(&count), "the sample has {count} homes");
        wait_for_count(&c, count).await;
        let first = wait_for_rows(&c, 50).await;
        let mut by_name: Vec<&str> = homes
            .as_array()
            .expect("homes")
            .iter()
            .map(|h| h["name"].as_str().expect("name"))
            .collect();
        by_name.sort_unstable();
        assert_eq!(first, by_name[..50], "the first 50 homes by name");
        let note = text_of(&c, "[data-testid='list-more']").await;
        assert!(
            note.contains(&format!("Showing the first 50 of {count} homes")),
            "{note}"
        );

        c.find(Locator::Css("[data-testid='list-more'] button"))
            .await
            .expect("show more")
            .click()
            .await
            .expect("click");
        let more = wait_for_rows(&c, 100).await;
        assert_eq!(more[..50], first[..], "the first rows stay, in order");
        assert_eq!(
            more.iter().collect::<BTreeSet<_>>().len(),
            100,
            "no home twice"
        );
        let note = text_of(&c, "[data-testid='list-more']").await;
        assert!(
            note.contains(&format!("Showing the first 100 of {count} homes")),
            "{note}"
        );

        let csv = csv_from_click(&c, "[data-testid='export-csv']").await;
        assert_eq!(
            csv.trim_end().split("\r\n").count(),
            count + 1,
            "a header and every home, not only the rows drawn"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_map_works_on_a_phone() {
    let server = StaticServer::start(&dist_dir(), vec![]).await;
    let url = server.url("/map");
    with_browser((360, 780), |c| async move {
        c.goto(&url).await.expect("map loads");
        let all = data_file("homes.json").as_array().expect("homes").len();
        wait_for_count(&c, all).await;
        let widths = c
            .execute("return [document.documentElement.scrollWidth, window.innerWidth]", vec![])
            .await
            .expect("script");
        assert!(widths[0].as_u64() <= widths[1].as_u64(), "no sideways scrolling: {widths}");
        c.find(Locator::Css("[aria-label='Zoom in']")).await.expect("button").click().await.expect("zoom");
        wait_for_transform(&c, "scale(1.5000)").await;

        // The wheel zooms the map, not the page: its listener is not passive.
        let wheel = c
            .execute(
                "const m = document.querySelector(\"[data-testid='vacancy-map']\"); const r = m.getBoundingClientRect();\
                 const e = new WheelEvent('wheel', {deltaY: -100, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true});\
                 m.dispatchEvent(e);\
                 return e.defaultPrevented;",
                vec![],
            )
            .await
            .expect("script");
        assert_eq!(wheel, serde_json::json!(true), "the page does not scroll");
        wait_for_transform(&c, "scale(1.8750)").await;
    })
    .await;
}
