//! The commissioners' figures from the referrals (`GET /api/analytics/referrals`, worked out by
//! `market_model::brokerage::referral`): unmet demand today, the queue by need and placing borough, days
//! from ready to placed, and delayed bed days week by week. Each is a chart with its table and
//! CSV.

use super::Desk;
use crate::chart::{bar_chart, stacked_bar_chart, Chart, Labels, Series, Unit};
use crate::components::figure::{Figure, FigureTable};
use leptos::prelude::*;
use market_model::brokerage::referral::ReferralFigures;
use market_model::presentation::format::{format_count, format_day_month_year, format_decimal};
use market_model::returns::capacity_return::BedCategory;

fn labels(id: &str, title: &str, description: &str, x: &str, y: &str) -> Labels {
    Labels {
        id: id.into(),
        title: title.into(),
        description: description.into(),
        x_label: x.into(),
        y_label: y.into(),
        unit: Unit::Number,
    }
}

/// The figures section.
pub fn figures(desk: &Desk, f: ReferralFigures) -> impl IntoView {
    let needs: Vec<String> = BedCategory::ALL
        .iter()
        .map(|c| c.label().to_string())
        .collect();

    let mut demand = FigureTable::new(
        format!(
            "People waiting on {} by the bed they need",
            format_day_month_year(f.today)
        ),
        &[
            "Need",
            "Waiting",
            "With a bed that meets their whole need",
            "Vacant beds (accepting, not held)",
        ],
    );
    for d in &f.demand {
        demand.rows.push(vec![
            d.need.label().into(),
            format_count(d.waiting as u64),
            format_count(d.with_a_bed as u64),
            format_count(d.vacant_beds.into()),
        ]);
    }
    let series =
        |name: &str, value: &dyn Fn(&market_model::brokerage::referral::Demand) -> f64| Series {
            name: name.into(),
            values: f.demand.iter().map(|d| Some(value(d))).collect(),
        };
    let demand_svg = bar_chart(&Chart {
        labels: labels("referral-demand-chart", "Waiting against vacancies", "People ready for discharge who wait, those with a bed that meets their whole need now, and vacant beds, by the bed needed.", "Bed needed", "People or beds"),
        categories: needs.clone(),
        series: vec![
            series("Waiting", &|d| d.waiting as f64),
            series("With a matching bed", &|d| d.with_a_bed as f64),
            series("Vacant beds", &|d| f64::from(d.vacant_beds)),
        ],
    });

    let mut open = FigureTable::new(
        "Open referrals by need and placing borough",
        &["Need", "Placing borough", "Open", "Longest wait (days)"],
    );
    open.labels = 2;
    for o in &f.open {
        open.rows.push(vec![
            o.need.label().into(),
            desk.borough(&o.borough),
            format_count(o.open as u64),
            format_count(o.longest_days as u64),
        ]);
    }

    let mut waits = FigureTable::new(
        "Days from ready for discharge to placed, by need and month of admission",
        &[
            "Need",
            "Month",
            "Placed",
            "Median days",
            "90th percentile days",
        ],
    );
    waits.labels = 2;
    for w in &f.waits {
        waits.rows.push(vec![
            w.need.label().into(),
            w.month.clone(),
            format_count(w.placed as u64),
            format_decimal(w.median_days),
            format_decimal(w.p90_days),
        ]);
    }

    let weeks: Vec<_> = {
        let mut w: Vec<_> = f.delays.iter().map(|d| d.week).collect();
        w.sort();
        w.dedup();
        w
    };
    let mut boroughs: Vec<String> = f.delays.iter().map(|d| d.borough.clone()).collect();
    boroughs.dedup();
    let days = |week, borough: &str| {
        f.delays
            .iter()
            .find(|d| d.week == week && d.borough == borough)
            .map_or(0, |d| d.days)
    };
    let mut columns = vec!["Week commencing".to_string()];
    columns.extend(boroughs.iter().map(|b| desk.borough(b)));
    columns.push("Total".into());
    let mut delays = FigureTable::new("Delayed bed days by week and placing borough", &[]);
    delays.columns = columns;
    for &week in &weeks {
        let mut row = vec![format_day_month_year(week.monday())];
        row.extend(boroughs.iter().map(|b| format_count(days(week, b) as u64)));
        row.push(format_count(
            boroughs.iter().map(|b| days(week, b)).sum::<i64>() as u64,
        ));
        delays.rows.push(row);
    }
    let delays_svg = stacked_bar_chart(&Chart {
        labels: labels("referral-delays-chart", "Delayed bed days", "Days people ready for discharge waited in hospital for a bed, each week, by placing borough.", "Week commencing", "Bed days"),
        categories: weeks.iter().map(|w| format_day_month_year(w.monday())).collect(),
        series: boroughs
            .iter()
            .map(|b| Series {
                name: desk.borough(b),
                values: weeks.iter().map(|&w| Some(days(w, b) as f64)).collect(),
            })
            .collect(),
    });

    view! {
        <section aria-labelledby="referral-figures" class="analytics-section">
        <h2 id="referral-figures">"Delayed discharges"</h2>
        <Figure id="referral-demand" title="Waiting against vacancies today" svg=Some(demand_svg) table=demand
            note="A bed meets a need when the home has a vacancy in the category accepting admissions that no broker holds, meets every stated need, and is within the referral's price ceiling."/>
        <Figure id="referral-open" title="Open referrals by need and placing borough" table=open/>
        <Figure id="referral-waits" title="Days from ready to placed" table=waits
            note="Whole days from the day the person was ready for discharge to the day of admission; 0 when placed the same day."/>
        <Figure id="referral-delays" title="Delayed bed days week by week" svg=Some(delays_svg) table=delays
            note="Each day a person ready for discharge waited for a bed, until admission, another pathway or withdrawal, counted in the week it fell in."/>
        </section>
    }
}
