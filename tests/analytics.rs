//! End-to-end: the market analytics page against the real data service. Who may see prices paid
//! (the public and brokers are told why not); a commissioner sees the medians and quartiles the
//! test works out itself from the shipped ledger; CSV downloads equal their on-page tables cell
//! for cell; and an edited assumption changes the supply gap by what the test computes from the
//! shipped projection, and stays in the URL through a reload.

mod support;

use browser_harness::{csv_from_click, painted, wait_for, wcag_violations, with_browser};
use fantoccini::{Client, Locator};
use std::collections::BTreeMap;
use support::{cell, click, sign_in, table_cells, wait_for_text, Service, NOW};

const DESKTOP: (u32, u32) = (1280, 900);

/// A shipped file under `public/data`.
fn shipped(name: &str) -> String {
    std::fs::read_to_string(
        browser_harness::workspace_root()
            .join("public/data")
            .join(name),
    )
    .unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// Borough names by GSS code, from the shipped footprint.
fn borough_names() -> BTreeMap<String, String> {
    let footprint: serde_json::Value =
        serde_json::from_str(&shipped("footprint.json")).expect("footprint JSON");
    footprint["boroughs"]
        .as_array()
        .expect("boroughs")
        .iter()
        .map(|b| {
            (
                b["gss_code"].as_str().expect("code").to_string(),
                b["name"].as_str().expect("name").to_string(),
            )
        })
        .collect()
}

/// The `q` quantile of sorted values, interpolating between order statistics (QUARTILE.INC),
/// written out here independently of the app's domain code.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let position = q * (sorted.len() - 1) as f64;
    let (below, above) = (position.floor() as usize, position.ceil() as usize);
    sorted[below] + (sorted[above] - sorted[below]) * (position - below as f64)
}

/// Whole pounds as the page writes them: "£1,234".
fn pounds(value: f64) -> String {
    let digits = (value.round() as u64).to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    format!("£{out}")
}

/// Per placing borough's name: placements, lower quartile, median and upper quartile of the
/// weekly prices of `category` placements paid by `funder` and active on `on` (ISO dates compare
/// as text), from the shipped ledger.
fn expected_spreads(category: &str, funder: &str, on: &str) -> BTreeMap<String, Vec<String>> {
    let names = borough_names();
    let ledger = shipped("placements.csv");
    let mut lines = ledger.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (borough, cat, who, price, start, end) = (
        col("placing_borough"),
        col("category"),
        col("funder"),
        col("weekly_price"),
        col("start_date"),
        col("end_date"),
    );
    let mut prices: BTreeMap<String, Vec<f64>> = BTreeMap::new();
    for line in lines.filter(|l| !l.is_empty()) {
        assert!(
            !line.contains('"'),
            "the sample ledger has no quoted fields"
        );
        let f: Vec<&str> = line.split(',').collect();
        let active = f[start] <= on && (f[end].is_empty() || f[end] >= on);
        if f[cat] == category && f[who] == funder && active {
            let name = names[f[borough]].clone();
            prices
                .entry(name)
                .or_default()
                .push(f[price].parse().expect("a price"));
        }
    }
    prices
        .into_iter()
        .map(|(name, mut p)| {
            p.sort_by(f64::total_cmp);
            let row = vec![
                p.len().to_string(),
                pounds(quantile(&p, 0.25)),
                pounds(quantile(&p, 0.5)),
                pounds(quantile(&p, 0.75)),
            ];
            (name, row)
        })
        .collect()
}

/// The cells of a downloaded CSV.
fn csv_cells(text: &str) -> Vec<Vec<String>> {
    market_model::primitives::csv::records(text)
        .expect("CSV")
        .into_iter()
        .map(|r| r.fields)
        .collect()
}

/// Decodes standard base64 (a whole number of 4-character groups, no padding inside).
fn base64_prefix(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = Vec::new();
    for group in text.as_bytes().chunks(4) {
        let mut n = 0u32;
        for &c in group {
            let v = ALPHABET.iter().position(|a| *a == c).expect("base64") as u32;
            n = (n << 6) | v;
        }
        out.extend_from_slice(&n.to_be_bytes()[1..]);
    }
    out
}

/// A whole number of beds as the page writes it, a surplus with a minus sign ("1,234", "−56").
fn beds(text: &str) -> f64 {
    text.replace(',', "").replace('−', "-").parse().expect(text)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_commissioner_sees_the_ledgers_medians_and_exports_each_table_as_shown() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(DESKTOP, move |c| async move {
        // The public is told why there are no prices, and gets none.
        c.goto(&format!("{base}/analytics")).await.expect("page");
        let withheld = wait_for_text(&c, "[data-testid=prices-withheld]", "commissioners").await;
        assert!(withheld.contains("Sign in"), "{withheld}");
        assert!(c
            .find(Locator::Css("[data-testid=prices-spread-table]"))
            .await
            .is_err());
        // So is a broker.
        sign_in(&c, &base, "demo-broker").await;
        c.goto(&format!("{base}/analytics")).await.expect("page");
        wait_for_text(&c, "[data-testid=prices-withheld]", "signed in as a broker").await;
        click(&c, ".session__button").await;
        wait_for_text(&c, "[data-testid=session]", "Sign in").await;

        sign_in(&c, &base, "demo-commissioner").await;
        c.goto(&format!("{base}/analytics?category=nursing&funder=council"))
            .await
            .expect("page");
        let on = &NOW[..10];
        let table = table_cells(&c, "prices-spread-table").await;
        let want = expected_spreads("nursing", "council", on);
        assert_eq!(want.len(), 5, "council nursing placements in every borough");
        for (borough, expected) in &want {
            let got: Vec<String> = ["Placements", "Lower quartile", "Median", "Upper quartile"]
                .iter()
                .map(|col| cell(&table, borough, col))
                .collect();
            assert_eq!(&got, expected, "{borough}'s council nursing prices on {on}");
        }
        wait_for_text(&c, "[data-testid=prices-on]", "23 Nov 2026").await;

        // Each download is its table, cell for cell.
        for figure in [
            "prices-spread",
            "prices-compare",
            "supply-rates",
            "supply-homes",
            "trends-vacant",
            "prices-self-funders",
            "prices-flows",
            "projection-gap",
        ] {
            let shown = table_cells(&c, &format!("{figure}-table")).await;
            let file = csv_from_click(&c, &format!("[data-testid={figure}-csv]")).await;
            assert_eq!(csv_cells(&file), shown, "{figure}");
        }

        // The chart downloads: the SVG as drawn, and a PNG the browser draws from it.
        let svg = csv_from_click(&c, "[data-testid=supply-beds-svg]").await;
        assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""), "{svg}");
        assert!(svg.contains("<title id=\"supply-beds-chart-title\">"), "{svg}");
        c.execute(
            "window.__saved = null; HTMLAnchorElement.prototype.click = function () { \
             window.__saved = [this.download, this.href]; };",
            vec![],
        )
        .await
        .expect("capture saves");
        click(&c, "[data-testid=supply-beds-png]").await;
        let (name, href) = wait_for("the PNG", || async {
            let saved = c.execute("return window.__saved", vec![]).await.expect("script");
            match (saved[0].as_str(), saved[1].as_str()) {
                (Some(name), Some(href)) if name.ends_with(".png") => {
                    Ok((name.to_string(), href.to_string()))
                }
                _ => Err(format!("{saved}")),
            }
        })
        .await;
        assert_eq!(name, "supply-beds.png");
        let png = href
            .strip_prefix("data:image/png;base64,")
            .unwrap_or_else(|| panic!("a PNG data URL: {}", &href[..40.min(href.len())]));
        // The PNG header and its IHDR width and height: 1280 × 800, twice the chart's view box.
        let head = base64_prefix(&png[..32]);
        assert_eq!(&head[..8], b"\x89PNG\r\n\x1a\n");
        let size = |at: usize| u32::from_be_bytes([head[at], head[at + 1], head[at + 2], head[at + 3]]);
        assert_eq!((size(16), size(20)), (1280, 800));

        // The vacancy trend can be one borough's, kept in the URL.
        let footprint = table_cells(&c, "trends-vacant-table").await;
        c.find(Locator::Css("#trend-area"))
            .await
            .expect("the area")
            .select_by_value("E09000003")
            .await
            .expect("Barnet chosen");
        wait_for("Barnet's vacancies", || async {
            let caption = c
                .execute(
                    "return document.querySelector('[data-testid=trends-vacant-table] caption').textContent",
                    vec![],
                )
                .await
                .expect("script");
            let caption = caption.as_str().unwrap_or_default().to_string();
            if caption.contains("Barnet") { Ok(()) } else { Err(caption) }
        })
        .await;
        assert_ne!(table_cells(&c, "trends-vacant-table").await, footprint);
        let url = c.current_url().await.expect("url");
        assert!(url.as_str().contains("area=E09000003"), "{url}");

        // A usual rate set on the page is what Barnet's median is compared with, and is kept in
        // the URL.
        let median = cell(&table, "Barnet", "Median");
        let median: f64 = median
            .trim_start_matches('£')
            .replace(',', "")
            .parse()
            .expect("£");
        let rate = median.round() + 100.0;
        let field = c
            .find(Locator::Css("#usual-rate-E09000003"))
            .await
            .expect("Barnet's usual rate");
        field.clear().await.expect("clear");
        field
            .send_keys(&format!("{rate}\u{e004}"))
            .await
            .expect("type and tab away");
        let want = pounds(rate);
        let compared = wait_for("the comparison to use the new rate", || async {
            let t = table_cells(&c, "prices-compare-table").await;
            if cell(&t, "Barnet", "Usual rate") == want {
                Ok(t)
            } else {
                Err(format!("{t:?}"))
            }
        })
        .await;
        let below = rate - median;
        assert!(
            cell(&compared, "Barnet", "Against the usual rate")
                .starts_with(&format!("{} below", pounds(below))),
            "{compared:?}"
        );
        let url = c.current_url().await.expect("url");
        assert!(
            url.as_str()
                .contains(&format!("rate=E09000003%3Anursing%3A{rate}")),
            "{url}"
        );

        // A commissioner may upload a ledger; the page passes automated checks with a table open.
        wait_for_text(&c, "#ledger-heading", "Upload your placements ledger").await;
        click(&c, "[data-testid=figure-prices-spread] summary").await;
        painted(&c).await;
        let found = wcag_violations(&c).await;
        assert!(found.is_empty(), "{}", found.join("\n"));
    })
    .await;
}

/// A borough's commissioner sees its own borough's prices whole and other boroughs' only as
/// figures over five homes or more: never their lowest or highest (at desktop and phone widths,
/// with no serious accessibility finding).
#[tokio::test(flavor = "multi_thread")]
async fn a_borough_commissioner_sees_other_boroughs_prices_without_their_extremes() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(DESKTOP, move |c| async move {
        sign_in(&c, &base, "demo-barnet").await;
        let names = borough_names();
        for (width, height) in [DESKTOP, (360, 780)] {
            c.set_window_size(width, height).await.expect("size");
            c.goto(&format!("{base}/analytics?category=nursing&funder=council"))
                .await
                .expect("page");
            let table = table_cells(&c, "prices-spread-table").await;
            let barnet = &names["E09000003"];
            for column in ["Lowest", "Highest"] {
                assert!(
                    cell(&table, barnet, column).starts_with('£'),
                    "Barnet's own {column}"
                );
            }
            let others: Vec<&Vec<String>> = table[1..].iter().filter(|r| r[0] != *barnet).collect();
            assert!(
                !others.is_empty(),
                "other boroughs' figures stay: {table:?}"
            );
            for row in others {
                for column in ["Lowest", "Highest"] {
                    assert_eq!(cell(&table, &row[0], column), "withheld", "{row:?}");
                }
            }
            painted(&c).await;
            let violations = wcag_violations(&c).await;
            assert!(violations.is_empty(), "{width} px: {violations:?}");
            browser_harness::keep_screenshot(&c, &format!("analytics-barnet-{width}")).await;
        }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edited_assumption_changes_the_gap_and_stays_in_the_url() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(DESKTOP, move |c| async move {
        c.goto(&format!("{base}/analytics")).await.expect("page");
        let before = table_cells(&c, "projection-gap-table").await;
        let year = c
            .find(Locator::Css("#projection-year"))
            .await
            .expect("year")
            .prop("value")
            .await
            .expect("value")
            .expect("a year");
        let rate_field = "#rate-nursing-85";
        let rate: f64 = c
            .find(Locator::Css(rate_field))
            .await
            .expect("rate")
            .prop("value")
            .await
            .expect("value")
            .expect("a rate")
            .parse()
            .expect("a number");
        let old_gap = beds(&cell(&before, "Barnet", "Nursing gap"));

        // Double the nursing rate for people aged 85+.
        let field = c.find(Locator::Css(rate_field)).await.expect("rate");
        field.clear().await.expect("clear");
        field
            .send_keys(&format!("{}\u{e004}", rate * 2.0))
            .await
            .expect("type and tab away");
        let after = wait_for("the gap to change", || async {
            let t = table_cells(&c, "projection-gap-table").await;
            if t != before {
                Ok(t)
            } else {
                Err("unchanged".to_string())
            }
        })
        .await;
        // The shortfall grows by the extra rate times Barnet's projected 85+ population / 1,000.
        let projection: serde_json::Value =
            serde_json::from_str(&shipped("projections.json")).expect("JSON");
        let barnet = projection["boroughs"]
            .as_array()
            .expect("boroughs")
            .iter()
            .find(|b| b["name"] == "Barnet")
            .expect("Barnet");
        let people_85: f64 = barnet["years"]
            .as_array()
            .expect("years")
            .iter()
            .find(|y| y["year"].as_u64().map(|y| y.to_string()).as_deref() == Some(year.as_str()))
            .expect("the year chosen is held")["aged_85_plus"]
            .as_f64()
            .expect("a number");
        let new_gap = beds(&cell(&after, "Barnet", "Nursing gap"));
        let growth = rate * people_85 / 1000.0;
        assert!(
            (new_gap - old_gap - growth).abs() <= 1.0,
            "{old_gap} + {growth} ≈ {new_gap}"
        );
        let url = c.current_url().await.expect("url");
        let kept = format!("nur_85={}", rate * 2.0);
        assert!(url.as_str().contains(&kept), "{url}");

        // A reload keeps it.
        c.refresh().await.expect("reload");
        let reloaded = table_cells(&c, "projection-gap-table").await;
        assert_eq!(
            cell(&reloaded, "Barnet", "Nursing gap"),
            cell(&after, "Barnet", "Nursing gap")
        );
        let value = c
            .find(Locator::Css(rate_field))
            .await
            .expect("rate")
            .prop("value")
            .await
            .expect("value")
            .expect("a rate");
        assert_eq!(value.parse::<f64>().expect("a number"), rate * 2.0);
    })
    .await;
}

/// Calls the service from the page, with the browser's session: the status and the JSON answer.
async fn call(
    c: &Client,
    method: &str,
    path: &str,
    body: serde_json::Value,
) -> (u64, serde_json::Value) {
    let answer = c
        .execute_async(
            "const [method, path, body, done] = arguments; \
             const init = {method, headers: {'content-type': 'application/json'}}; \
             if (body !== null) init.body = JSON.stringify(body); \
             fetch(path, init).then(async r => done([r.status, await r.json().catch(() => null)]), e => done([0, String(e)]));",
            vec![method.into(), path.into(), body],
        )
        .await
        .expect("script");
    (answer[0].as_u64().expect("a status"), answer[1].clone())
}

/// Ends the browser's session.
async fn sign_out(c: &Client) {
    let (status, _) = call(c, "DELETE", "/api/session", serde_json::Value::Null).await;
    assert!(status < 300, "signed out: {status}");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_commissioner_sees_block_bed_nights_and_cost_with_an_unreported_week_unknown() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(DESKTOP, move |c| async move {
        // The provider's first home takes the block.
        sign_in(&c, &base, "demo-provider").await;
        let (_, session) = call(&c, "GET", "/api/session", serde_json::Value::Null).await;
        let home = session["homes"][0]
            .as_str()
            .expect("a linked home")
            .to_string();
        sign_out(&c).await;

        // The commissioner records 2 beds at £700 a bed a week from two weeks before "now".
        let this_week = support::this_week();
        let weeks = [this_week.plus_weeks(-2), this_week.plus_weeks(-1)];
        let (beds, price_pence) = (2u64, 70_000u64);
        sign_in(&c, &base, "demo-commissioner").await;
        let (status, contract) = call(
            &c,
            "POST",
            "/api/block-contracts",
            serde_json::json!({
                "home": home, "commissioner": "E09000003", "purpose": "rehabilitation",
                "beds": beds, "start": weeks[0].to_string(), "weekly_price": price_pence,
            }),
        )
        .await;
        assert_eq!(status, 201, "{contract}");
        let id = contract["id"].as_i64().expect("an id");
        sign_out(&c).await;

        // The provider reports the first week and leaves the second unreported.
        let occupied = 10u64;
        sign_in(&c, &base, "demo-provider").await;
        let (status, answer) = call(
            &c,
            "PUT",
            &format!("/api/block-contracts/{id}/weeks/{}", weeks[0]),
            serde_json::json!({"occupied_nights": occupied, "admissions": 1, "discharges": 0}),
        )
        .await;
        assert_eq!(status, 200, "{answer}");
        sign_out(&c).await;

        sign_in(&c, &base, "demo-commissioner").await;
        c.goto(&format!("{base}/analytics#block-beds"))
            .await
            .expect("page");
        let table = table_cells(&c, "block-E09000003-table").await;
        let paid = beds * 7;
        let empty = paid - occupied;
        let cost = pounds((empty * price_pence) as f64 / 7.0 / 100.0);
        let date = |w: market_model::primitives::week::Week| {
            market_model::presentation::format::format_day_month_year(w.monday())
        };
        let reported = table
            .iter()
            .find(|r| r[0] == date(weeks[0]))
            .expect("the reported week");
        assert_eq!(
            reported[1..5],
            [
                paid.to_string(),
                occupied.to_string(),
                empty.to_string(),
                cost
            ]
        );
        let missing = table
            .iter()
            .find(|r| r[0] == date(weeks[1]))
            .expect("the unreported week");
        assert_eq!(missing[1], paid.to_string(), "paid for all the same");
        for unknown in &missing[2..5] {
            assert!(unknown.starts_with("Unknown"), "not empty: {missing:?}");
        }
        // The contract's own table says the same.
        let own = table_cells(&c, &format!("block-contract-{id}-table")).await;
        let row = own
            .iter()
            .find(|r| r[0] == date(weeks[1]))
            .expect("the unreported week");
        assert!(
            row[2].starts_with("Unknown") && row[3].starts_with("Unknown"),
            "{row:?}"
        );
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_commissioner_uploads_a_ledger_and_sees_what_was_added_updated_and_rejected() {
    let service = Service::start().await;
    let base = service.base.clone();
    let dir = tempfile::tempdir().expect("a folder");
    // One new placement active "now", one already in the shipped ledger with a new price, and
    // one in a home that does not exist.
    let ledger = shipped("placements.csv");
    let header = ledger.lines().next().expect("a header").to_string();
    let existing = ledger
        .lines()
        .nth(1)
        .expect("a first placement")
        .to_string();
    let mut changed: Vec<&str> = existing.split(',').collect();
    let col = |name: &str| header.split(',').position(|h| h == name).expect(name);
    changed[col("weekly_price")] = "1999.00";
    let mut new = changed.clone();
    new[col("placement_id")] = "TEST-NEW-1";
    new[col("start_date")] = "2026-11-01";
    new[col("end_date")] = "";
    let mut bad = new.clone();
    bad[col("placement_id")] = "TEST-BAD-1";
    bad[col("home_id")] = "NO-SUCH-HOME";
    let file = dir.path().join("ledger.csv");
    std::fs::write(
        &file,
        [header, changed.join(","), new.join(","), bad.join(",")].join("\n") + "\n",
    )
    .expect("written");

    with_browser(DESKTOP, move |c| async move {
        sign_in(&c, &base, "demo-commissioner").await;
        c.goto(&format!("{base}/analytics")).await.expect("page");
        let before = wait_for_text(&c, "[data-testid=prices-on]", "placements.").await;
        c.find(Locator::Css("#ledger"))
            .await
            .expect("the file input")
            .send_keys(file.to_str().expect("a path"))
            .await
            .expect("file chosen");
        click(&c, ".upload button[type=submit]").await;
        wait_for_text(&c, "[data-testid=ledger-report]", "Upload finished").await;
        for (field, want) in [("added", "1"), ("updated", "1"), ("rejected", "1")] {
            let got = wait_for_text(&c, &format!("[data-testid=ledger-{field}]"), want).await;
            assert_eq!(got, want, "{field}");
        }
        let rejected = wait_for_text(&c, "[data-testid=ledger-rejected-rows]", "Line 4").await;
        assert!(rejected.contains("NO-SUCH-HOME"), "{rejected}");
        // The prices reload with the new placement counted.
        let count = |text: &str| -> u64 {
            let digits: String = text
                .split(": ")
                .nth(1)
                .expect("a count")
                .chars()
                .take_while(|c| c.is_ascii_digit() || *c == ',')
                .filter(char::is_ascii_digit)
                .collect();
            digits.parse().expect("a number")
        };
        let after = wait_for("the prices to reload", || async {
            let text = wait_for_text(&c, "[data-testid=prices-on]", "placements.").await;
            if text != before {
                Ok(text)
            } else {
                Err(text)
            }
        })
        .await;
        assert_eq!(count(&after), count(&before) + 1, "{before} → {after}");
    })
    .await;
}
