//! The panel for the selected home: who runs it, its beds and vacancies this week, admissions,
//! specialisms, rating, twelve weeks of vacancies and when it last returned.

use super::MapState;
use crate::chart::{bar_chart, Chart, Labels, Series, Unit};
use crate::components::figure::{Figure, FigureTable};
use crate::components::text_table::TextTable;
use crate::data_context::use_data;
use chrono::Timelike;
use leptos::prelude::*;
use market_model::presentation::format::{format_count, format_day_month_year, format_pounds};
use market_model::primitives::week::Week;
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::{Admissions, BedCategory, CapacityReturn};
use market_model::returns::home_status::{vacancy_history, Freshness, HomeStatus};

/// Details of the home selected in the URL, or nothing.
#[component]
pub fn HomeDetails() -> impl IntoView {
    let state = expect_context::<MapState>();
    let selected = state.selected;
    let heading = NodeRef::<leptos::html::H2>::new();
    // Move focus to the panel when a home is chosen, so keyboard and screen-reader users land on it.
    Effect::new(move || {
        if selected.get().is_some() {
            if let Some(h) = heading.get() {
                let _ = h.focus();
            }
        }
    });
    let close = move |_| state.select(None);

    move || {
        let i = selected.get()?;
        let week = state.week.get();
        let row = state.statuses.with(|rows| rows[i]);
        let body = state.data.with_value(|d| {
            let home = &d.homes[i];
            let status = d.status(i, &row);
            let id = home.id.clone();
            let latest = status.latest.cloned();
            let facts = facts(home, &d.borough_name(i), &status, row.freshness, latest.as_ref());
            view! {
                <dl class="facts">
                    {facts.into_iter().map(|(term, detail)| view! { <dt>{term}</dt><dd>{detail}</dd> }).collect_view()}
                </dl>
                {latest.map(|r| beds_table(&r))}
                <History id week/>
            }
        });
        let name = state.data.with_value(|d| d.homes[i].name.clone());
        Some(view! {
            <aside class="details" aria-labelledby="details-heading" data-testid="home-details">
                <div class="details__head">
                    <h2 id="details-heading" tabindex="-1" node_ref=heading>{name}</h2>
                    <button type="button" class="button" on:click=close>"Close"<span class="visually-hidden">" details"</span></button>
                </div>
                {body}
            </aside>
        })
    }
}

/// The home's facts, term and detail, in the order the panel lists them.
fn facts(
    home: &CareHome,
    borough: &str,
    status: &HomeStatus,
    freshness: Freshness,
    latest: Option<&CapacityReturn>,
) -> [(&'static str, String); 10] {
    let approximate = match home.location_approximate {
        true => ". Approximate location: shown at the borough's centre until the exact one is set",
        false => "",
    };
    let needs = match home.specialisms.is_empty() {
        true => "None recorded".to_string(),
        false => home
            .specialisms
            .iter()
            .map(|s| s.label())
            .collect::<Vec<_>>()
            .join(", "),
    };
    let rating = match (home.rating, home.rating_date) {
        (Some(r), Some(d)) => format!("{} (published {})", r.label(), format_day_month_year(d)),
        (Some(r), None) => r.label().to_string(),
        _ => "Not yet rated".to_string(),
    };
    // Given in the weekly return and sent to signed-in readers only.
    let contact = match latest.and_then(|r| r.contact.as_ref()) {
        Some(c) => format!("{}, {} {}", c.name, c.phone, c.hours),
        None => {
            "Shown to signed-in users when the home gives one in its weekly return.".to_string()
        }
    };
    [
        ("Provider", home.provider.clone()),
        (
            "Address",
            format!(
                "{}, {} ({borough}){approximate}",
                home.address, home.postcode
            ),
        ),
        (
            "Care type",
            format!(
                "{}, {} registered beds",
                home.care_type.label(),
                format_count(home.registered_beds.into())
            ),
        ),
        ("This week", super::vacancy_map::describe(status, None)),
        ("Admissions", admissions(latest)),
        ("Specialisms", needs),
        ("CQC rating", rating),
        ("Latest return", returned(freshness, latest)),
        ("Weekly fees", fees(latest)),
        ("Admissions contact", contact),
    ]
}

/// When the latest return was made, and for which week.
fn returned(freshness: Freshness, latest: Option<&CapacityReturn>) -> String {
    let Some(r) = latest.filter(|_| freshness != Freshness::Missing) else {
        return "No return yet.".to_string();
    };
    let t = market_model::primitives::london::local(r.submitted_at);
    let age = match freshness {
        Freshness::Stale(n) => format!(
            ": {n} {} before the week shown",
            if n == 1 { "week" } else { "weeks" }
        ),
        _ => String::new(),
    };
    format!(
        "Return for week commencing {}, made {} at {:02}:{:02}{}{age}.",
        format_day_month_year(r.week.monday()),
        format_day_month_year(t.date()),
        t.hour(),
        t.minute(),
        if r.is_late() { " (late)" } else { "" },
    )
}

/// Whether the home takes admissions, and if not why.
fn admissions(latest: Option<&CapacityReturn>) -> String {
    match latest.map(|r| &r.admissions) {
        None => "Not known".to_string(),
        Some(Admissions::Open) => "Open".to_string(),
        Some(Admissions::Closed { reason, detail }) => {
            format!(
                "Closed: {}{}",
                reason.label(),
                detail
                    .as_ref()
                    .map(|d| format!(" ({d})"))
                    .unwrap_or_default()
            )
        }
    }
}

/// The home's fees, present only for readers entitled to them (the service leaves them out).
fn fees(latest: Option<&CapacityReturn>) -> String {
    match latest.and_then(|r| r.fees.as_ref()) {
        Some(f) => format!(
            "Self-funders {} to {}; council rate {}",
            f.self_funder_from.map_or("not given".into(), format_pounds),
            f.self_funder_to.map_or("not given".into(), format_pounds),
            if f.council_rate_accepted { "accepted" } else { "not accepted" }
        ),
        None => "Per-home fees are commercially sensitive: they are shown only to signed-in commissioners and brokers.".to_string(),
    }
}

/// The latest return's beds by category.
fn beds_table(r: &CapacityReturn) -> impl IntoView {
    let rows = BedCategory::ALL
        .into_iter()
        .filter_map(|c| r.beds.get(&c).map(|b| (c, *b)))
        .map(|(c, b)| {
            let counts = [
                b.capacity,
                b.occupied,
                b.vacant_reserved,
                b.vacant_accepting,
            ];
            let mut row = vec![c.label().to_string()];
            row.extend(counts.iter().map(|n| n.to_string()));
            row
        })
        .collect();
    let columns = ["Category", "Beds", "Occupied", "Reserved", "Accepting"]
        .map(String::from)
        .to_vec();
    view! {
        <TextTable caption_id="details-beds-caption" testid="details-beds" caption="Beds in the latest return" columns rows compact=true/>
    }
}

/// The home's last 12 weeks up to `week`, fetched when the panel opens (the map itself reads only
/// each home's latest return).
#[component]
fn History(id: String, week: Week) -> impl IntoView {
    let data = use_data();
    let history = RwSignal::new(None);
    leptos::task::spawn_local(async move {
        let returns = data.home_returns(id.clone()).await;
        history.set(Some(returns.map(|r| vacancy_history(&id, &r, week, 12))));
    });
    move || match history.get() {
        None => {
            view! { <p class="loading" role="status">"Loading the last 12 weeks…"</p> }.into_any()
        }
        Some(Err(e)) => {
            view! { <p role="alert">{format!("The last 12 weeks could not be loaded: {e}")}</p> }
                .into_any()
        }
        Some(Ok(weeks)) => history_figure(weeks).into_any(),
    }
}

/// The home's vacancies accepting admissions over the weeks in `history` (oldest first; `None`
/// where it made no return), as a bar chart with its figures.
fn history_figure(history: Vec<(Week, Option<u32>)>) -> impl IntoView {
    let title = "Vacancies accepting admissions, last 12 weeks";
    let categories: Vec<String> = history
        .iter()
        .map(|(w, _)| format_day_month_year(w.monday()))
        .collect();
    let chart = Chart {
        labels: Labels {
            id: "home-vacancies".into(),
            title: title.into(),
            description: "Vacant beds accepting admissions in each week's return; a week without a return has no bar.".into(),
            x_label: "Week commencing".into(),
            y_label: "Vacant beds".into(),
            unit: Unit::Count,
        },
        categories: categories.clone(),
        series: vec![Series {
            name: "Vacant beds".into(),
            values: history.iter().map(|(_, v)| v.map(f64::from)).collect(),
        }],
    };
    let mut table = FigureTable::new(title, &["Week commencing", "Vacant beds"]);
    table.rows = categories
        .into_iter()
        .zip(&history)
        .map(|(week, (_, v))| vec![week, v.map_or("No return".into(), |v| v.to_string())])
        .collect();
    view! { <Figure id="home-vacancies" title svg=Some(bar_chart(&chart)) table/> }
}
