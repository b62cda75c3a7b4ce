//! The panel for the selected home: who runs it, its beds and vacancies this week, admissions,
//! specialisms, rating, twelve weeks of vacancies and when it last returned.

use super::MapState;
use crate::components::week_bars::WeekBars;
use chrono::Timelike;
use leptos::prelude::*;
use market_model::presentation::format::{format_count, format_day_month_year, format_pounds};
use market_model::returns::capacity_return::{Admissions, BedCategory};
use market_model::returns::home_status::{vacancy_history, Freshness};

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
            let borough = d.borough_name(i);
            let history = vacancy_history(&home.id, &d.returns, week, 12);
            let latest = status.latest.cloned();
            let returned = match (row.freshness, &latest) {
                (Freshness::Missing, _) | (_, None) => "No return yet.".to_string(),
                (freshness, Some(r)) => {
                    let t = market_model::primitives::london::local(r.submitted_at);
                    let age = match freshness {
                        Freshness::Stale(n) => format!(": {n} {} before the week shown", if n == 1 { "week" } else { "weeks" }),
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
            };
            let admissions = match latest.as_ref().map(|r| &r.admissions) {
                None => "Not known".to_string(),
                Some(Admissions::Open) => "Open".to_string(),
                Some(Admissions::Closed { reason, detail }) => {
                    format!("Closed: {}{}", reason.label(), detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default())
                }
            };
            let needs = if home.specialisms.is_empty() {
                "None recorded".to_string()
            } else {
                home.specialisms.iter().map(|s| s.label()).collect::<Vec<_>>().join(", ")
            };
            let rating = match (home.rating, home.rating_date) {
                (Some(r), Some(d)) => format!("{} (published {})", r.label(), format_day_month_year(d)),
                (Some(r), None) => r.label().to_string(),
                _ => "Not yet rated".to_string(),
            };
            // Given in the weekly return and sent to signed-in readers only.
            let contact = match latest.as_ref().and_then(|r| r.contact.as_ref()) {
                Some(c) => format!("{}, {} {}", c.name, c.phone, c.hours),
                None => "Shown to signed-in users when the home gives one in its weekly return.".to_string(),
            };
            // Present only for readers entitled to this home's fees (the service leaves them out).
            let fees = match latest.as_ref().and_then(|r| r.fees.as_ref()) {
                Some(f) => format!(
                    "Self-funders {} to {}; council rate {}",
                    f.self_funder_from.map_or("not given".into(), format_pounds),
                    f.self_funder_to.map_or("not given".into(), format_pounds),
                    if f.council_rate_accepted { "accepted" } else { "not accepted" }
                ),
                None => "Per-home fees are commercially sensitive: they are shown only to signed-in commissioners and brokers.".to_string(),
            };
            let beds = latest.map(|r| {
                BedCategory::ALL
                    .into_iter()
                    .filter_map(|c| r.beds.get(&c).map(|b| (c, *b)))
                    .collect::<Vec<_>>()
            });
            let facts = [
                ("Provider", home.provider.clone()),
                (
                    "Address",
                    format!(
                        "{}, {} ({borough}){}",
                        home.address,
                        home.postcode,
                        if home.location_approximate { ". Approximate location: shown at the borough's centre until the exact one is set" } else { "" }
                    ),
                ),
                ("Care type", format!("{}, {} registered beds", home.care_type.label(), format_count(home.registered_beds.into()))),
                ("This week", super::vacancy_map::describe(&status, None)),
                ("Admissions", admissions),
                ("Specialisms", needs),
                ("CQC rating", rating),
                ("Latest return", returned),
                ("Weekly fees", fees),
                ("Admissions contact", contact),
            ];
            view! {
                <dl class="facts">
                    {facts.into_iter().map(|(term, detail)| view! { <dt>{term}</dt><dd>{detail}</dd> }).collect_view()}
                </dl>
                {beds.map(|beds| view! {
                    <div class="table-scroll" role="region" aria-label="Beds in the latest return" tabindex="0">
                    <table class="data data--compact">
                        <caption>"Beds in the latest return"</caption>
                        <thead><tr>
                            <th scope="col">"Category"</th><th scope="col" class="num">"Beds"</th>
                            <th scope="col" class="num">"Occupied"</th><th scope="col" class="num">"Reserved"</th>
                            <th scope="col" class="num">"Accepting"</th>
                        </tr></thead>
                        <tbody>
                            {beds.into_iter().map(|(c, b)| view! {
                                <tr><th scope="row">{c.label()}</th><td class="num">{b.capacity}</td><td class="num">{b.occupied}</td>
                                <td class="num">{b.vacant_reserved}</td><td class="num">{b.vacant_accepting}</td></tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    </div>
                })}
                <h3>"Vacancies accepting admissions, last 12 weeks"</h3>
                <WeekBars weeks=history/>
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
