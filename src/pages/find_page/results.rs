//! The homes found: matches ranked, then (when asked) near misses with their reason. Each can go
//! on the shortlist; a broker can hold a bed at a match.

use super::use_finding;
use crate::data_context::use_data;
use crate::router::use_location;
use crate::service::{self, Refusal};
use leptos::prelude::*;
use market_model::brokerage::bed_search::answer::{FoundHome, SearchAnswer};
use market_model::brokerage::bed_search::{Order, Search};
use market_model::brokerage::hold::NewHold;
use market_model::presentation::format::{format_count, format_fixed, format_pounds};
use market_model::presentation::map_view::query_string;
use market_model::primitives::london::format_time;
use market_model::primitives::money::Pence;
use market_model::primitives::timestamp;
use market_model::returns::capacity_return::BedCategory;

/// A search and its answer, as the service gave it.
pub type Answered = (Search, Result<SearchAnswer, Refusal>);

/// The answer to the search in the URL. The section's `data-query` names the search whose answer
/// is on screen (for tests and benchmarks to know it has arrived).
#[component]
pub fn Results(answer: LocalResource<Answered>) -> impl IntoView {
    let body = move || {
        let Some((search, result)) = answer.get() else {
            return view! { <p class="loading">"Searching…"</p> }.into_any();
        };
        match result {
            Err(refusal) => view! {
                <p class="field-error" role="alert">{refusal.message}</p>
            }
            .into_any(),
            Ok(a) => view! { <Found answer=a search/> }.into_any(),
        }
    };
    let shown = move || {
        answer.with(|a| {
            a.as_ref()
                .map(|(search, _)| query_string(&search.to_query()))
        })
    };
    let heading = move || match answer.get().map(|(_, r)| r) {
        Some(Ok(a)) => match a.matches.len() {
            0 => "No home can meet every need now".to_string(),
            1 => "1 home can take this referral".to_string(),
            n => format!("{} homes can take this referral", format_count(n as u64)),
        },
        Some(Err(_)) => "The search could not run".to_string(),
        None => "Results".to_string(),
    };
    view! {
        <section aria-labelledby="results-heading" class="results-section" data-query=shown>
            <h2 id="results-heading" tabindex="-1" data-testid="results-heading">{heading}</h2>
            {body}
        </section>
    }
}

/// The rule in force, the re-sort, the map link and the homes.
#[component]
fn Found(answer: SearchAnswer, search: Search) -> impl IntoView {
    let location = use_location();
    let ceiling = answer.ceiling;
    let category = answer.category;
    let then: Vec<&str> = [
        (Order::Distance, "distance"),
        (Order::Freshness, "how recently the vacancy was confirmed"),
        (Order::Price, "price"),
    ]
    .into_iter()
    .filter(|(o, _)| *o != search.order)
    .map(|(_, words)| words)
    .collect();
    let rule = format!(
        "{} beds{}. Ranked by {}, then {}.",
        category.label(),
        ceiling
            .map(|c| format!(", at most {} a week", format_pounds(c)))
            .unwrap_or_default(),
        search.order.label().to_ascii_lowercase(),
        then.join(", "),
    );
    let resort = {
        let search = search.clone();
        move |ev: leptos::ev::Event| {
            let key = event_target_value(&ev);
            let mut s = search.clone();
            if let Some(order) = Order::ALL.into_iter().find(|o| o.key() == key) {
                s.order = order;
            }
            location.go(&format!("/find{}", query_string(&s.to_query())), true);
        }
    };
    let map_href = format!("/map{}", search.map_view().to_query_string());
    let near_href = (!search.near_misses).then(|| {
        let s = Search {
            near_misses: true,
            ..search.clone()
        };
        format!("/find{}", query_string(&s.to_query()))
    });
    let none = answer.matches.is_empty();
    view! {
        <p class="results-rule" data-testid="results-rule">{rule}</p>
        <div class="results-tools">
            <div class="field field--inline">
                <label for="find-sort">"Sort by"</label>
                <select id="find-sort" data-testid="sort" on:change=resort>
                    {Order::ALL.into_iter().map(|o| view! {
                        <option value=o.key() selected=o == search.order>{o.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <a href=map_href data-testid="map-link">"These vacancies on the map"</a>
        </div>
        {(none && near_href.is_some()).then(|| view! {
            <p>"Try a higher ceiling or fewer needs, or "
                <a href=near_href.clone().unwrap_or_default() data-testid="near-link">"show the homes that miss by one criterion"</a> "."</p>
        })}
        <HomeList homes=answer.matches ceiling category near=false/>
        {search.near_misses.then(|| view! {
            <h2 id="near-heading">{format!("Near misses ({})", format_count(answer.near_misses.len() as u64))}</h2>
            <p>"Each misses one criterion, named first: worth a call if the broker can negotiate."</p>
            <HomeList homes=answer.near_misses ceiling category near=true/>
        })}
    }
}

/// Homes listed at first; the rest follow on request (a search over a whole region can find
/// thousands, and the first are the best by the ranking).
const FIRST_SHOWN: usize = 25;

/// Ranked homes: the first [`FIRST_SHOWN`], then a button for the rest.
#[component]
fn HomeList(
    homes: Vec<FoundHome>,
    ceiling: Option<Pence>,
    category: BedCategory,
    near: bool,
) -> impl IntoView {
    let total = homes.len();
    let all = RwSignal::new(total <= FIRST_SHOWN);
    let homes = StoredValue::new(homes);
    let testid = if near { "near-misses" } else { "results" };
    view! {
        <ol class="results" class:results--near=near data-testid=testid>
            {move || {
                let shown = if all.get() { total } else { FIRST_SHOWN };
                homes.with_value(|h| h.iter().take(shown).cloned().map(|f| view! { <HomeFound found=f ceiling category near/> }).collect_view())
            }}
        </ol>
        {move || (!all.get()).then(|| view! {
            <p><button type="button" class="button" on:click=move |_| all.set(true)>
                {format!("Show all {} {}", format_count(total as u64), if near { "near misses" } else { "homes" })}
            </button></p>
        })}
    }
}

/// One home: what the broker needs to decide and call.
#[component]
fn HomeFound(
    found: FoundHome,
    ceiling: Option<Pence>,
    category: BedCategory,
    near: bool,
) -> impl IntoView {
    let finding = use_finding();
    let id = found.home.clone();
    let badge = match found.confirmed.as_str() {
        "Today" => "badge badge--today",
        "This week" => "badge badge--week",
        _ => "badge badge--stale",
    };
    let confirmed = match found.confirmed_days {
        0 => "confirmed today".to_string(),
        1 => "confirmed yesterday".to_string(),
        n => format!("confirmed {n} days ago"),
    };
    let distance = found
        .distance_km
        .map(|d| format!("{} km, straight line", format_fixed(d, 1)));
    let beds = match found.held {
        0 => format_count(found.available.into()),
        h => format!(
            "{} ({} more held by brokers)",
            format_count(found.available.into()),
            format_count(h.into())
        ),
    };
    let contact = found.contact.clone();
    let listed = {
        let id = id.clone();
        Signal::derive(move || finding.shortlist.has(&id))
    };
    let toggle = {
        let found = found.clone();
        move |_| finding.shortlist.toggle(&found)
    };
    let name = found.name.clone();
    let heading_id = format!("home-{}", id);
    let labelled_by = heading_id.clone();
    view! {
        <li class="result" data-home=id.clone() aria-labelledby=labelled_by>
            <h3 id=heading_id>{found.name.clone()}</h3>
            {near.then(|| view! { <p class="result__miss" data-testid="miss">{format!("Misses: {}", found.misses.join("; "))}</p> })}
            <dl class="facts facts--result">
                {distance.map(|d| view! { <dt>"Distance"</dt><dd>{d}</dd> })}
                <dt>"Beds free"</dt><dd data-testid="available">{beds}</dd>
                <dt>"Price"</dt><dd>{found.price_against(ceiling)}</dd>
                <dt>"Vacancy"</dt><dd><span class=badge>{found.confirmed.clone()}</span>{format!(" {confirmed}")}</dd>
                <dt>"Admissions"</dt>
                <dd>{match contact {
                    Some(c) => view! {
                        {c.name.clone()} ", " <a href=format!("tel:{}", c.phone.replace(' ', ""))>{c.phone.clone()}</a>
                        {(!c.hours.is_empty()).then(|| format!(" ({})", c.hours))}
                    }.into_any(),
                    None => view! { "No contact given" }.into_any(),
                }}</dd>
            </dl>
            <p class="result__actions">
                <button type="button" class="button" aria-pressed=move || listed.get().to_string() on:click=toggle
                    data-testid="shortlist-toggle">
                    {move || if listed.get() { "On the shortlist" } else { "Add to shortlist" }}
                    <span class="visually-hidden">{format!(": {name}")}</span>
                </button>
            </p>
            {(finding.broker && !near).then(|| view! { <HoldForm found=found.clone() category/> })}
        </li>
    }
}

/// A broker's hold on a bed at `found`, for a referral reference.
#[component]
fn HoldForm(found: FoundHome, category: BedCategory) -> impl IntoView {
    let finding = use_finding();
    let api = use_data().api.get_untracked().unwrap_or_default();
    let reference_id = format!("hold-ref-{}", found.home);
    let hours_id = format!("hold-hours-{}", found.home);
    let hint_id = format!("{reference_id}-hint");
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let reference = NodeRef::<leptos::html::Input>::new();
    let hours = NodeRef::<leptos::html::Select>::new();
    let home = found.home.clone();
    let name = found.name.clone();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(r), Some(h)) = (reference.get(), hours.get()) else {
            return;
        };
        let new = NewHold {
            home: home.clone(),
            category,
            reference: r.value().trim().to_string(),
            hours: h.value().parse().ok(),
            referral: finding.referral.get_untracked().map(|r| r.id),
        };
        let (api, name) = (api.clone(), name.clone());
        busy.set(true);
        leptos::task::spawn_local(async move {
            match service::place_hold(&api, &new).await {
                Ok(hold) => {
                    let until = timestamp::parse(&hold.expires_at)
                        .map_or(hold.expires_at.clone(), format_time);
                    error.set(None);
                    finding.said.set(Some(Ok(format!(
                        "Bed held at {name} for referral {} until {until}.",
                        hold.reference
                    ))));
                    finding.holds.update(|v| *v += 1);
                }
                Err(refusal) => error.set(Some(refusal.message)),
            }
            busy.set(false);
        });
    };
    view! {
        <details class="hold-form">
            <summary>"Hold a bed here"</summary>
            <form on:submit=submit data-testid="hold-form">
                <div class="field">
                    <label for=reference_id.clone()>"Referral reference"</label>
                    <span class="hint" id=hint_id.clone()>"Your own reference: never an NHS number or a name."</span>
                    {move || error.get().map(|e| view! { <p class="field-error">{e}</p> })}
                    <input type="text" id=reference_id.clone() node_ref=reference required minlength="3" maxlength="40"
                        prop:value=move || finding.referral.get().map(|r| r.reference).unwrap_or_default() autocomplete="off" aria-describedby=hint_id aria-invalid=move || error.with(Option::is_some).to_string()/>
                </div>
                <div class="field">
                    <label for=hours_id.clone()>"Hold for"</label>
                    <select id=hours_id node_ref=hours>
                        {[1u32, 2, 4, 8, 12, 24, 48, 72].into_iter().map(|h| view! {
                            <option value=h.to_string() selected=h == 4>{if h == 1 { "1 hour".to_string() } else { format!("{h} hours") }}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--primary" disabled=busy>"Hold the bed"</button>
            </form>
        </details>
    }
}
