//! Vacancies and occupancy week by week, by category and borough, with returns coverage: a week
//! when fewer than 80% of homes returned is flagged, so a dip in reported vacancies caused by
//! missing returns is not read as a change in the market.

use super::{or_dash, set_query};
use crate::chart::{line_chart, Chart, Labels, Series, Unit};
use crate::components::figure::{Figure, FigureTable};
use crate::data_source::MarketData;
use crate::router::use_location;
use leptos::prelude::*;
use market_model::analytics::trends::{weekly_trends, AreaTrend, WeekFigures, LOW_COVERAGE};
use market_model::presentation::format::{format_count, format_day_month_year, format_percent};
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

/// "Low coverage" for a flagged week, else empty.
fn flag(w: &WeekFigures) -> String {
    if w.is_low_coverage() {
        "Low coverage".to_string()
    } else {
        String::new()
    }
}

/// "312 of 350 (89.1%)".
fn coverage(w: &WeekFigures) -> String {
    format!(
        "{} of {} ({})",
        format_count(w.returned.into()),
        format_count(w.expected.into()),
        or_dash(w.coverage().map(format_percent))
    )
}

/// Vacant beds by category week by week in one area (a borough or the footprint), with its
/// returns coverage: the chart and its table.
fn vacant_figure(area: &AreaTrend, threshold: &str) -> (String, FigureTable) {
    let mut table = FigureTable::new(
        format!(
            "Vacant beds by bed category in {}, week by week, with returns coverage",
            area.name
        ),
        &[
            "Week commencing",
            "Returns received",
            "Residential",
            "Residential dementia",
            "Nursing",
            "Nursing dementia",
            "Step-down",
            "All vacant beds",
            "Coverage",
        ],
    );
    for w in &area.weeks {
        let mut row = vec![format_day_month_year(w.week.monday()), coverage(w)];
        row.extend(BedCategory::ALL.map(|c| format_count(w.counts(Some(c)).vacant().into())));
        row.push(format_count(w.counts(None).vacant().into()));
        row.push(flag(w));
        table.rows.push(row);
    }
    let chart = line_chart(&Chart {
        labels: Labels {
            id: "trends-vacant-chart".into(),
            title: format!("Vacant beds by category in {}, week by week", area.name),
            description: format!("Vacant beds reported in returns in {}, by bed category. Weeks with under {threshold} of homes returning undercount vacancies.", area.name),
            x_label: "Week commencing".into(),
            y_label: "Vacant beds".into(),
            unit: Unit::Number,
        },
        categories: area.weeks.iter().map(|w| format_day_month_year(w.week.monday())).collect(),
        series: BedCategory::ALL
            .iter()
            .map(|c| Series {
                name: c.label().into(),
                values: area.weeks.iter().map(|w| Some(f64::from(w.counts(Some(*c)).vacant()))).collect(),
            })
            .collect(),
    });
    (chart, table)
}

/// The trends section.
#[component]
pub fn TrendsSection(data: Arc<MarketData>) -> impl IntoView {
    let trends = weekly_trends(&data.footprint, &data.homes, &data.returns);
    let weeks: Vec<String> = trends
        .weeks
        .iter()
        .map(|w| format_day_month_year(w.monday()))
        .collect();
    let areas: Vec<&AreaTrend> = trends.boroughs.iter().chain([&trends.total]).collect();
    let low: Vec<String> = trends
        .total
        .weeks
        .iter()
        .filter(|w| w.is_low_coverage())
        .map(|w| format_day_month_year(w.week.monday()))
        .collect();
    let threshold = format_percent(LOW_COVERAGE);
    let location = use_location();
    let shared = Arc::new(trends.clone());
    let threshold_text = threshold.clone();
    let total_name = trends.total.name.clone();
    let choices: Vec<(String, String)> = trends
        .boroughs
        .iter()
        .filter_map(|b| Some((b.gss_code.clone()?, b.name.clone())))
        .collect();

    // Occupancy by borough.
    let mut columns = vec!["Week commencing"];
    columns.extend(areas.iter().map(|a| a.name.as_str()));
    let mut occupancy = FigureTable::new(
        "Occupancy of the beds in homes that returned, by borough, week by week (low coverage marked)",
        &columns,
    );
    let mut coverage_table =
        FigureTable::new("Returns coverage by borough, week by week", &columns);
    for (i, week) in weeks.iter().enumerate() {
        let mut occ = vec![week.clone()];
        let mut cov = vec![week.clone()];
        for a in &areas {
            let w = &a.weeks[i];
            let mark = if w.is_low_coverage() {
                " (low coverage)"
            } else {
                ""
            };
            occ.push(format!(
                "{}{mark}",
                or_dash(w.occupancy_rate(None).map(format_percent))
            ));
            cov.push(format!("{}{mark}", coverage(w)));
        }
        occupancy.rows.push(occ);
        coverage_table.rows.push(cov);
    }
    let percent_series = |value: fn(&WeekFigures) -> Option<f64>| -> Vec<Series> {
        areas
            .iter()
            .map(|a| Series {
                name: a.name.clone(),
                values: a
                    .weeks
                    .iter()
                    .map(|w| value(w).map(|v| v * 100.0))
                    .collect(),
            })
            .collect()
    };
    let occupancy_chart = line_chart(&Chart {
        labels: Labels {
            id: "trends-occupancy-chart".into(),
            title: "Occupancy by borough, week by week".into(),
            description: "Occupied beds as a share of the beds in the homes that returned, in each borough and the footprint.".into(),
            x_label: "Week commencing".into(),
            y_label: "Occupancy".into(),
            unit: Unit::Percent,
        },
        categories: weeks.clone(),
        series: percent_series(|w| w.occupancy_rate(None)),
    });
    let coverage_chart = line_chart(&Chart {
        labels: Labels {
            id: "trends-coverage-chart".into(),
            title: "Returns coverage by borough, week by week".into(),
            description: format!("The share of registered homes that returned each week; below {threshold} a week's figures are flagged."),
            x_label: "Week commencing".into(),
            y_label: "Homes that returned".into(),
            unit: Unit::Percent,
        },
        categories: weeks,
        series: percent_series(WeekFigures::coverage),
    });

    view! {
        <section aria-labelledby="trends" class="analytics-section">
            <h2 id="trends">"Vacancies and occupancy over time"</h2>
            <p>{format!("From the weekly capacity returns. A week when fewer than {threshold} of homes returned is marked “low coverage”: its vacancies are undercounted, not a change in the market.")}</p>
            {(!low.is_empty()).then(|| view! {
                <p class="inset" data-testid="low-coverage">{format!("Low returns coverage across the footprint in the weeks commencing {}.", low.join(", "))}</p>
            })}
            <div class="filters-row">
                <div class="field">
                    <label for="trend-area">"Vacant beds in"</label>
                    <select id="trend-area" data-testid="trend-area"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            set_query(location, |_| false, &[("area", (!value.is_empty()).then_some(value))]);
                        }>
                        <option value="" selected=move || location.param("area").is_none()>{total_name}</option>
                        {choices.into_iter().map(|(code, name)| {
                            let chosen = code.clone();
                            view! { <option value=code selected=move || location.param("area").as_deref() == Some(chosen.as_str())>{name}</option> }
                        }).collect_view()}
                    </select>
                </div>
            </div>
            {move || {
                let code = location.param("area");
                let area = shared
                    .boroughs
                    .iter()
                    .find(|b| b.gss_code.is_some() && b.gss_code == code)
                    .unwrap_or(&shared.total);
                let (chart, table) = vacant_figure(area, &threshold_text);
                view! { <Figure id="trends-vacant" title=format!("Vacant beds by category in {}, week by week", area.name) svg=Some(chart) table/> }
            }}
            <Figure id="trends-occupancy" title="Occupancy by borough, week by week" svg=Some(occupancy_chart) table=occupancy/>
            <Figure id="trends-coverage" title="Returns coverage by borough, week by week" svg=Some(coverage_chart) table=coverage_table/>
        </section>
    }
}
