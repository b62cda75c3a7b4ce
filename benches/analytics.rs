//! Market analytics compute time (`cargo bench --bench analytics`): what the analytics page and
//! `GET /api/analytics/prices` work out, over the shipped sample (227 homes, 12 weeks, 2,000
//! placements) and over a generated ledger of 50,000 placements (`ANALYTICS_PLACEMENTS` to change).
//! Prints the median and 95th percentile of 50 runs per step.

use care_market::chart::{
    box_plot, stacked_bar_chart, BoxGroup, BoxPlot, Chart, Labels, Series, Unit,
};
use chrono::NaiveDate;
use market_model::analytics::ledger::{parse_ledger, to_ledger_csv, Funder, Placement};
use market_model::analytics::prices::{
    borough_comparisons, placement_flows, price_spreads, self_funder_gaps, shared_homes,
};
use market_model::analytics::projection::{project_supply_gap, Assumptions};
use market_model::analytics::supply::summarise_supply;
use market_model::analytics::trends::weekly_trends;
use market_model::brokerage::rates::UsualRates;
use market_model::returns::home_status::home_statuses;
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Instant;

fn time<T>(label: &str, mut f: impl FnMut() -> T) -> T {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..50 {
        let t = Instant::now();
        out = Some(f());
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "BENCH| analytics compute (domain) | {label} | median {:.2} ms, p95 {:.2} ms | none set",
        times[times.len() / 2],
        times[times.len() * 95 / 100]
    );
    out.expect("ran at least once")
}

/// Everything the prices section shows, for placements active on `on`.
fn prices(data: &sample_data::DataSet, placements: &[Placement], on: NaiveDate, label: &str) {
    let returns: Vec<_> = data.returns.values().flatten().cloned().collect();
    let week = *data.returns.keys().next_back().expect("a week");
    let boroughs: Vec<&str> = data
        .footprint
        .boroughs
        .iter()
        .map(|b| b.gss_code.as_str())
        .collect();
    let names = data.footprint.names();
    let csv = to_ledger_csv(placements);
    let known: HashSet<&str> = data.homes.iter().map(|h| h.id.as_str()).collect();
    time(&format!("{label}: read the ledger CSV"), || {
        parse_ledger(&csv, &names, |id| known.contains(id))
            .expect("parses")
            .placements
            .len()
    });
    let rates = UsualRates::default();
    let spreads = time(&format!("{label}: every price table"), || {
        let statuses = home_statuses(&data.homes, &returns, week);
        let spreads = price_spreads(placements, on);
        let comparisons = borough_comparisons(placements, on, Some(Funder::Council), &rates);
        let gaps = self_funder_gaps(&statuses, placements, on);
        let shared = shared_homes(placements, on, None);
        let flows = placement_flows(placements, &data.homes, &boroughs, on);
        assert!(flows.total > 0 && !comparisons.is_empty() && !gaps.is_empty());
        let _ = shared.len();
        spreads
    });
    time(
        &format!("{label}: box plot of council prices by borough"),
        || {
            let groups = data
                .footprint
                .boroughs
                .iter()
                .filter_map(|b| {
                    let values: Vec<f64> = placements
                        .iter()
                        .filter(|p| {
                            p.active_on(on)
                                && p.placing_borough == b.gss_code
                                && p.funder == Funder::Council
                        })
                        .map(|p| p.weekly_price.as_pounds_f64())
                        .collect();
                    BoxGroup::of(&b.name, &values)
                })
                .collect();
            box_plot(&BoxPlot {
                labels: Labels {
                    id: "prices".into(),
                    title: "Council prices by placing borough".into(),
                    description: "Weekly prices of active council-funded placements.".into(),
                    x_label: "Placing borough".into(),
                    y_label: "Weekly price".into(),
                    unit: Unit::Pounds,
                },
                groups,
            })
            .len()
        },
    );
    println!("{label}: {} spread rows", spreads.len());
}

fn main() {
    let reference = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data"));
    let data = sample_data::build(&sample_data::Options::shipped(reference))
        .expect("shipped sample builds");
    let returns: Vec<_> = data.returns.values().flatten().cloned().collect();
    let supply = time("shipped: supply", || {
        summarise_supply(&data.footprint, &data.homes)
    });
    time("shipped: weekly trends and coverage", || {
        weekly_trends(&data.footprint, &data.homes, &returns)
            .weeks
            .len()
    });
    time("shipped: supply gap projection", || {
        project_supply_gap(&supply, &data.projection, &Assumptions::default()).expect("projects")
    });
    time("shipped: stacked bar chart of beds by borough", || {
        let categories: Vec<String> = supply.boroughs.iter().map(|b| b.name.clone()).collect();
        let series = market_model::returns::capacity_return::BedCategory::LONG_STAY
            .iter()
            .map(|c| Series {
                name: c.label().into(),
                values: supply
                    .boroughs
                    .iter()
                    .map(|b| Some(f64::from(b.beds_in(*c))))
                    .collect(),
            })
            .collect();
        stacked_bar_chart(&Chart {
            labels: Labels {
                id: "beds".into(),
                title: "Beds by borough".into(),
                description: "Registered beds by category.".into(),
                x_label: "Borough".into(),
                y_label: "Beds".into(),
                unit: Unit::Number,
            },
            categories,
            series,
        })
        .len()
    });
    let on: NaiveDate = "2026-11-16".parse().expect("a date");
    prices(&data, &data.placements, on, "shipped ledger (2,000)");
    let count: usize = std::env::var("ANALYTICS_PLACEMENTS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(50_000);
    let large = sample_data::generate_placements(&data.homes, count, on, 7);
    prices(&data, &large, on, &format!("generated ledger ({count})"));
}
