//! Vacancies and occupancy week by week, by category and borough, with returns coverage: a week
//! when fewer than 80% of homes returned is flagged, so a dip in reported vacancies caused by
//! missing returns is not read as a change in the market.

use super::figure::{Figure, FigureTable};
use super::or_dash;
use crate::data_source::MarketData;
use leptos::prelude::*;
use market_model::capacity_return::BedCategory;
use market_model::chart::{line_chart, Chart, Labels, Series, Unit};
use market_model::format::{format_count, format_date, format_percent};
use market_model::trends::{weekly_trends, AreaTrend, WeekFigures, LOW_COVERAGE};
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

/// The trends section.
#[component]
pub fn TrendsSection(data: Arc<MarketData>) -> impl IntoView {
    let trends = weekly_trends(&data.footprint, &data.homes, &data.returns);
    let weeks: Vec<String> = trends
        .weeks
        .iter()
        .map(|w| format_date(w.monday()))
        .collect();
    let areas: Vec<&AreaTrend> = trends.boroughs.iter().chain([&trends.total]).collect();
    let low: Vec<String> = trends
        .total
        .weeks
        .iter()
        .filter(|w| w.is_low_coverage())
        .map(|w| format_date(w.week.monday()))
        .collect();
    let threshold = format_percent(LOW_COVERAGE);

    // Vacant beds by category across the footprint.
    let mut vacant = FigureTable::new(
        format!(
            "Vacant beds by bed category across {}, week by week, with returns coverage",
            trends.total.name
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
    for w in &trends.total.weeks {
        let mut row = vec![format_date(w.week.monday()), coverage(w)];
        row.extend(BedCategory::ALL.map(|c| format_count(w.counts(Some(c)).vacant().into())));
        row.push(format_count(w.counts(None).vacant().into()));
        row.push(flag(w));
        vacant.rows.push(row);
    }
    let vacant_chart = line_chart(&Chart {
        labels: Labels {
            id: "trends-vacant-chart".into(),
            title: "Vacant beds by category, week by week".into(),
            description: format!("Vacant beds reported in returns across {}, by bed category. Weeks with under {threshold} of homes returning undercount vacancies.", trends.total.name),
            x_label: "Week commencing".into(),
            y_label: "Vacant beds".into(),
            unit: Unit::Number,
        },
        categories: weeks.clone(),
        series: BedCategory::ALL
            .iter()
            .map(|c| Series {
                name: c.label().into(),
                values: trends.total.weeks.iter().map(|w| Some(f64::from(w.counts(Some(*c)).vacant()))).collect(),
            })
            .collect(),
    });

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
            <Figure id="trends-vacant" title="Vacant beds by category, week by week" svg=Some(vacant_chart) table=vacant/>
            <Figure id="trends-occupancy" title="Occupancy by borough, week by week" svg=Some(occupancy_chart) table=occupancy/>
            <Figure id="trends-coverage" title="Returns coverage by borough, week by week" svg=Some(coverage_chart) table=coverage_table/>
        </section>
    }
}
