//! The placements ledger and price analysis against real SQLite and PostgreSQL: the shipped sample
//! ledger is seeded, medians and quartiles agree with figures worked out here from the shipped
//! file, imports report bad rows by line and keep the good ones, a borough imports only its own
//! placements, prices paid are for commissioners only (row by row, their own borough's for a
//! borough's commissioners), and imports are audited.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{data_dir, Reply, TestApp};
use serde_json::Value;

/// The shipped sample ledger's rows as plain fields (it has no quoted fields).
fn shipped_rows() -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(data_dir().join("placements.csv")).expect("sample ledger");
    text.lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect()
}

/// The q-quantile by linear interpolation between order statistics (spreadsheets' QUARTILE.INC).
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let pos = q * (sorted.len() - 1) as f64;
    let (lo, hi) = (pos.floor() as usize, pos.ceil() as usize);
    sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo as f64)
}

async fn post_csv(app: &TestApp, cookie: Option<&str>, csv: &str) -> Reply {
    let mut req = Request::builder()
        .method(Method::POST)
        .uri("/api/placements")
        .header(header::CONTENT_TYPE, "text/csv");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(csv.to_string())).expect("request"))
        .await
}

async fn prices_agree_with_the_shipped_ledger_worked_out_independently(app: TestApp) {
    let ncl = app.sign_in("demo-commissioner").await;
    let all = app.get("/api/placements", Some(&ncl)).await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    let rows = shipped_rows();
    assert_eq!(
        all.body.as_array().map(Vec::len),
        Some(rows.len()),
        "every sample placement seeded"
    );

    // The CSV export reads back as the same placements.
    let csv = app.get("/api/placements.csv", Some(&ncl)).await;
    assert_eq!(csv.status, StatusCode::OK);
    let footprint: market_model::register::footprint::Footprint =
        serde_json::from_value(common::shipped("footprint.json")).expect("footprint");
    let read =
        market_model::analytics::ledger::parse_ledger(&csv.text, &footprint.names(), |_| true)
            .expect("the export reads as a ledger");
    assert!(read.rejected.is_empty(), "{:?}", read.rejected.first());
    let listed: Vec<market_model::analytics::ledger::Placement> =
        serde_json::from_value(all.body.clone()).expect("placements");
    assert_eq!(read.placements, listed);

    // Barnet's council-funded nursing placements active on 16 Nov 2026, from the file itself.
    let on = "2026-11-16";
    let mut prices: Vec<f64> = rows
        .iter()
        .filter(|r| r[2] == "E09000003" && r[3] == "nursing" && r[4] == "council")
        .filter(|r| r[6].as_str() <= on && (r[7].is_empty() || r[7].as_str() >= on))
        .map(|r| r[5].parse().expect("a price"))
        .collect();
    prices.sort_by(f64::total_cmp);
    assert!(
        prices.len() >= 4,
        "enough placements to test: {}",
        prices.len()
    );

    let analysis = app
        .get(&format!("/api/analytics/prices?on={on}"), Some(&ncl))
        .await;
    assert_eq!(analysis.status, StatusCode::OK, "{}", analysis.body);
    let spread = analysis.body["spreads"]
        .as_array()
        .expect("spreads")
        .iter()
        .find(|s| {
            s["category"] == "nursing"
                && s["placing_borough"] == "E09000003"
                && s["funder"] == "council"
        })
        .expect("Barnet's council nursing row");
    let q = &spread["quartiles"];
    assert_eq!(q["count"], prices.len());
    for (key, want) in [
        ("lower", quantile(&prices, 0.25)),
        ("median", quantile(&prices, 0.5)),
        ("upper", quantile(&prices, 0.75)),
    ] {
        let got = q[key].as_f64().expect("a figure");
        assert!((got - want).abs() < 0.005, "{key}: {got} against {want}");
    }
    let pence = |p: f64| (p * 100.0).round() as i64;
    assert_eq!(spread["min"], pence(prices[0]));
    assert_eq!(spread["max"], pence(prices[prices.len() - 1]));

    // Flows count every active placement once, by placing borough and the home's borough.
    let active = rows
        .iter()
        .filter(|r| r[6].as_str() <= on && (r[7].is_empty() || r[7].as_str() >= on))
        .count();
    assert_eq!(analysis.body["flows"]["total"], active);

    // A usual rate given in the query replaces the table's.
    let with_rate = app
        .get(
            &format!("/api/analytics/prices?on={on}&funder=council&rate=E09000003:nursing:1300"),
            Some(&ncl),
        )
        .await;
    assert_eq!(with_rate.status, StatusCode::OK, "{}", with_rate.body);
    let barnet = with_rate.body["comparisons"]
        .as_array()
        .expect("comparisons")
        .iter()
        .find(|c| c["placing_borough"] == "E09000003" && c["category"] == "nursing")
        .expect("Barnet nursing")
        .clone();
    assert_eq!(barnet["usual_rate"], 130000);
    let median = quantile(&prices, 0.5);
    let gap = barnet["vs_usual_rate"]["pounds"].as_f64().expect("a gap");
    assert!(
        (gap - (median - 1300.0)).abs() < 0.005,
        "{gap} against {}",
        median - 1300.0
    );
}

async fn imports_keep_good_rows_and_say_which_line_is_wrong_and_why(app: TestApp) {
    let barnet = app.sign_in("demo-barnet").await;
    let first = shipped_rows()
        .into_iter()
        .find(|r| r[2] == "E09000003")
        .expect("a Barnet placement");
    let (home, id) = (first[1].clone(), first[0].clone());
    let csv = format!(
        "placement_id,home_id,placing_borough,category,funder,weekly_price,start_date,end_date\n\
         NEW-1,{home},Barnet,nursing,council,\"£1,310.00\",01/11/2026,\n\
         {id},{home},E09000003,nursing,council,1299,2026-10-01,\n\
         CAM-9,{home},Camden,nursing,council,1250,2026-10-01,\n\
         NEW-2,{home},Barnet,nursing,council,lots,2026-10-01,\n\
         NEW-3,1-000000000,Barnet,nursing,council,1250,2026-10-01,\n\
         NEW-1,{home},Barnet,nursing,council,1250,2026-10-01,\n"
    );
    let report = post_csv(&app, Some(&barnet), &csv).await;
    assert_eq!(report.status, StatusCode::OK, "{}", report.body);
    assert_eq!(
        (
            &report.body["rows_read"],
            &report.body["added"],
            &report.body["updated"]
        ),
        (&Value::from(6), &Value::from(1), &Value::from(1)),
        "{}",
        report.body
    );
    let rejected: Vec<(u64, String)> = report.body["rejected"]
        .as_array()
        .expect("rejected rows")
        .iter()
        .map(|r| {
            (
                r["line"].as_u64().unwrap_or(0),
                r["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let lines: Vec<u64> = rejected.iter().map(|r| r.0).collect();
    assert_eq!(lines, [4, 5, 6, 7], "{rejected:?}");
    for (at, words) in [
        (0, "Camden"),
        (1, "weekly_price"),
        (2, "home_id"),
        (3, "already appeared on line 2"),
    ] {
        assert!(
            rejected[at].1.contains(words),
            "{}: {}",
            rejected[at].0,
            rejected[at].1
        );
    }

    let ncl = app.sign_in("demo-commissioner").await;
    let all = app.get("/api/placements", Some(&ncl)).await.body;
    let find = |pid: &str| {
        all.as_array()
            .expect("placements")
            .iter()
            .find(|p| p["id"] == pid && p["placing_borough"] == "E09000003")
            .cloned()
    };
    let added = find("NEW-1").expect("the new placement");
    assert_eq!(
        (added["weekly_price"].clone(), added["start_date"].clone()),
        (Value::from(131000), Value::from("2026-11-01"))
    );
    assert_eq!(
        find(&id).expect("the updated placement")["weekly_price"],
        129900
    );
    assert!(find("CAM-9").is_none() && find("NEW-2").is_none());

    let missing = post_csv(&app, Some(&barnet), "placement_id,home_id\nA,B\n").await;
    assert_eq!(
        missing.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "{}",
        missing.body
    );
    assert_eq!(missing.body["error"]["field"], "file");
    assert!(missing.body["error"]["message"]
        .as_str()
        .unwrap_or("")
        .contains("placing_borough"));

    let admin = app.sign_in("demo-admin").await;
    let audit = app.get("/api/audit", Some(&admin)).await.body.to_string();
    assert!(audit.contains("ledger.import"), "imports are audited");
}

async fn prices_paid_are_for_commissioners_only(app: TestApp) {
    let csv =
        "placement_id,home_id,placing_borough,category,funder,weekly_price,start_date,end_date\n";
    assert_eq!(
        app.get("/api/placements", None).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        post_csv(&app, None, csv).await.status,
        StatusCode::UNAUTHORIZED
    );
    for who in ["demo-broker", "demo-provider"] {
        let cookie = app.sign_in(who).await;
        for path in ["/api/placements", "/api/analytics/prices"] {
            let r = app.get(path, Some(&cookie)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{who} {path}");
        }
        assert_eq!(
            post_csv(&app, Some(&cookie), csv).await.status,
            StatusCode::FORBIDDEN
        );
    }
    let ncl = app.sign_in("demo-commissioner").await;
    for (query, field) in [
        ("on=23/11/2026", "on"),
        ("funder=insurer", "funder"),
        ("rate=E09000003:nursing", "rate"),
        ("rate=E09000003:hospital:1300", "rate"),
        ("rate=E09000003:nursing:lots", "rate"),
    ] {
        let r = app
            .get(&format!("/api/analytics/prices?{query}"), Some(&ncl))
            .await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{query}: {}",
            r.body
        );
        assert_eq!(r.body["error"]["field"], field, "{query}");
    }
}

/// Row by row, prices paid reach only the boroughs they belong to: a borough's commissioner lists
/// and exports its own borough's placements, a sub-regional commissioner and an administrator
/// every borough's; the price analysis still compares every borough (as aggregates).
async fn row_level_prices_stay_within_the_readers_remit(app: TestApp) {
    let rows = shipped_rows();
    let barnet_rows = rows.iter().filter(|r| r[2] == "E09000003").count();
    assert!(
        barnet_rows > 0 && barnet_rows < rows.len(),
        "the sample has several boroughs"
    );
    for (who, expected, only) in [
        ("demo-barnet", barnet_rows, Some("E09000003")),
        ("demo-commissioner", rows.len(), None),
        ("demo-admin", rows.len(), None),
    ] {
        let cookie = app.sign_in(who).await;
        let listed = app.get("/api/placements", Some(&cookie)).await;
        assert_eq!(listed.status, StatusCode::OK, "{who}");
        let listed = listed.body.as_array().expect("placements").clone();
        assert_eq!(listed.len(), expected, "{who} lists its remit's placements");
        let exported = app.get("/api/placements.csv", Some(&cookie)).await;
        let exported: Vec<&str> = exported.text.lines().skip(1).collect();
        assert_eq!(
            exported.len(),
            expected,
            "{who} exports its remit's placements"
        );
        if let Some(own) = only {
            assert!(
                listed.iter().all(|p| p["placing_borough"] == own),
                "{who} sees no other borough's rows"
            );
            assert!(
                exported
                    .iter()
                    .all(|line| line.split(',').nth(2) == Some(own)),
                "{who} exports no other borough's rows"
            );
            let on = "2026-11-16";
            let analysis = app
                .get(&format!("/api/analytics/prices?on={on}"), Some(&cookie))
                .await;
            assert_eq!(analysis.status, StatusCode::OK, "{}", analysis.body);
            assert!(
                analysis.body["comparisons"]
                    .as_array()
                    .expect("comparisons")
                    .iter()
                    .any(|c| c["placing_borough"] != own),
                "cross-borough comparisons stay available"
            );
            // Another borough's figures rest on at least five homes (counted here from the
            // shipped file), and never give its lowest, highest or one home's price.
            let homes_of = |borough: &str, category: &str, funder: Option<&str>| {
                rows.iter()
                    .filter(|r| r[2] == borough && r[3] == category)
                    .filter(|r| funder.is_none_or(|f| r[4] == f))
                    .filter(|r| r[6].as_str() <= on && (r[7].is_empty() || r[7].as_str() >= on))
                    .map(|r| r[1].as_str())
                    .collect::<std::collections::HashSet<_>>()
                    .len()
            };
            let spreads = analysis.body["spreads"].as_array().expect("spreads");
            let others: Vec<&Value> = spreads
                .iter()
                .filter(|s| s["placing_borough"] != own)
                .collect();
            assert!(!others.is_empty(), "some cross-borough spreads stay");
            for s in others {
                assert!(s["min"].is_null() && s["max"].is_null(), "{s}");
                if let Some(borough) = s["placing_borough"].as_str() {
                    let homes = homes_of(
                        borough,
                        s["category"].as_str().expect("category"),
                        s["funder"].as_str(),
                    );
                    assert!(homes >= 5, "{s} rests on {homes} homes");
                }
            }
            assert!(
                spreads
                    .iter()
                    .filter(|s| s["placing_borough"] == own)
                    .all(|s| s["min"].is_number()),
                "the borough's own spreads stay whole"
            );
            for shared in analysis.body["shared_homes"].as_array().expect("shared") {
                for b in shared["boroughs"].as_array().expect("boroughs") {
                    assert_eq!(
                        b["median"].is_null(),
                        b["placing_borough"] != own,
                        "{shared}"
                    );
                }
            }
        }
    }
}

/// Two boroughs' imports at the same moment: each reports exactly the rows it added, counted from
/// its own statements (a count of the table before and after would take in the other's rows).
async fn imports_at_the_same_moment_count_their_own_rows(app: TestApp) {
    let ncl = app.sign_in("demo-commissioner").await;
    let home = common::shipped("homes.json")[0]["id"]
        .as_str()
        .expect("a home")
        .to_string();
    let ledger = |borough: &str, prefix: &str| {
        let mut csv = String::from(
            "placement_id,home_id,placing_borough,category,funder,weekly_price,start_date,end_date\n",
        );
        for i in 0..60 {
            csv.push_str(&format!(
                "{prefix}-{i:03},{home},{borough},nursing,council,1200,2026-01-05,\n"
            ));
        }
        csv
    };
    let (barnet, enfield) = (ledger("E09000003", "RACE-B"), ledger("E09000010", "RACE-E"));
    let (a, b) = tokio::join!(
        post_csv(&app, Some(&ncl), &barnet),
        post_csv(&app, Some(&ncl), &enfield)
    );
    for r in [&a, &b] {
        assert_eq!(r.status, StatusCode::OK, "{}", r.body);
        assert_eq!(
            (r.body["added"].as_u64(), r.body["updated"].as_u64()),
            (Some(60), Some(0)),
            "{}",
            r.body
        );
    }
    let again = post_csv(&app, Some(&ncl), &barnet).await;
    assert_eq!(
        (again.body["added"].as_u64(), again.body["updated"].as_u64()),
        (Some(0), Some(60))
    );
}

on_both_databases!(
    imports_at_the_same_moment_count_their_own_rows,
    prices_agree_with_the_shipped_ledger_worked_out_independently,
    imports_keep_good_rows_and_say_which_line_is_wrong_and_why,
    prices_paid_are_for_commissioners_only,
    row_level_prices_stay_within_the_readers_remit,
);
