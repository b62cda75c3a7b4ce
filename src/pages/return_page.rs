//! The weekly return (`/return?home=…&week=…`): a provider picks a home, fills in or confirms
//! the week's return and submits it. The form is saved on this device as it is typed, so a
//! reload or a lost connection loses nothing, and a retry never stores the return twice.

mod block_beds;
mod compliance;
mod drafts;
mod editor;
mod fields;
mod history;

use crate::clock::now;
use crate::components::hold_list::{HoldList, HoldRole};
use crate::components::page_title::use_page_title;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::{use_data, Need};
use crate::data_source::MarketData;
use crate::router::use_location;
use crate::service::{self, SessionUser};
use block_beds::BlockBeds;
use compliance::ComplianceView;
use drafts::load_draft;
use editor::ReturnEditor;
use leptos::prelude::*;
use market_model::primitives::week::Week;
use market_model::register::home::CareHome;
use std::sync::Arc;

/// The page: who may use it, then the provider's homes.
#[component]
pub fn ReturnPage() -> impl IntoView {
    use_page_title("Weekly return");
    let data = use_data();
    let body = move || {
        let user = data.user.get();
        match (data.live.get(), user) {
            (false, _) => view! { <p>"Weekly returns are made to the live data service; this copy of Care Market is read-only."</p> }.into_any(),
            (true, None) => view! { <p>"To make your homes' weekly returns, " <a href="/sign-in">"sign in"</a> " as their provider."</p> }.into_any(),
            (true, Some(u)) if u.role == "commissioner" || u.role == "admin" => view! {
                <ComplianceView this_week=Week::of(now())/>
            }
            .into_any(),
            (true, Some(u)) if u.role != "provider" => view! { <p>"Weekly returns are made by the providers of each home, and followed up by commissioners."</p> }.into_any(),
            (true, Some(_)) => view! {
                <WithMarketData loading="Loading your homes…" need=Need::Register render=|d| view! { <Provider data=d/> }.into_any()/>
            }
            .into_any(),
        }
    };
    view! {
        <div class="page page--narrow">
            <h1>"Weekly return"</h1>
            {body}
        </div>
    }
}

/// A provider's homes with this week's status, and the chosen home's form and history.
#[component]
fn Provider(data: Arc<MarketData>) -> impl IntoView {
    let location = use_location();
    let user = use_data().user.get_untracked().unwrap_or(SessionUser {
        username: String::new(),
        display_name: String::new(),
        role: String::new(),
        homes: vec![],
    });
    let api = use_data().api.get_untracked().unwrap_or_default();
    let homes: Vec<CareHome> = data
        .homes
        .iter()
        .filter(|h| user.homes.contains(&h.id))
        .cloned()
        .collect();
    let this_week = Week::of(now());
    let week = Memo::new(move |_| {
        location
            .param("week")
            .and_then(|w| w.parse::<Week>().ok())
            .filter(|w| *w <= this_week)
            .unwrap_or(this_week)
    });
    let first = homes.first().map(|h| h.id.clone()).unwrap_or_default();
    let ids = StoredValue::new(user.homes.clone());
    let home_id = Memo::new(move |_| {
        location
            .param("home")
            .filter(|h| ids.with_value(|ids| ids.contains(h)))
            .unwrap_or_else(|| first.clone())
    });
    let histories = LocalResource::new(move || {
        let api = api.clone();
        let ids = ids.get_value();
        async move {
            let fetched =
                futures::future::join_all(ids.iter().map(|h| service::home_returns(&api, h))).await;
            ids.into_iter()
                .zip(fetched)
                .map(|(h, r)| (h, r.unwrap_or_default()))
                .collect::<Vec<_>>()
        }
    });
    let homes = StoredValue::new(homes);
    let loaded = Memo::new(move |_| histories.with(Option::is_some));
    let status = move |id: &str| {
        let w = week.get();
        if load_draft(id, w).is_some() {
            return "Draft on this device".to_string();
        }
        let versions = histories.get().map_or(0, |h| {
            h.iter()
                .filter(|(home, _)| home == id)
                .flat_map(|(_, v)| v)
                .filter(|s| s.capacity_return.week == w)
                .count()
        });
        match versions {
            0 => "Not started".into(),
            1 => "Submitted".into(),
            n => format!("Amended ({n} versions)"),
        }
    };
    view! {
        <p>"Returns are for the week commencing Monday; they are due by noon on Tuesday. You can make a late return for an earlier week."</p>
        <WeekLinks week this_week home=Some(home_id)/>
        <nav aria-label="Your homes">
            <ul class="home-picker">
                {homes.get_value().into_iter().map(|h| {
                    let id = h.id.clone();
                    let href = move || format!("/return?home={}&week={}", id, week.get());
                    let id2 = h.id.clone();
                    let current = move || (home_id.get() == id2).then_some("page");
                    let id3 = h.id.clone();
                    view! { <li><a href=href aria-current=current>{h.name.clone()}</a> " — " <span>{move || status(&id3)}</span></li> }
                }).collect_view()}
            </ul>
        </nav>
        {move || {
            // A new editor for a new home or week, not for a refreshed history (it would forget
            // what it just told the provider).
            let id = home_id.get();
            let w = week.get();
            loaded.get().then_some(())?;
            let home = homes.with_value(|hs| hs.iter().find(|h| h.id == id).cloned())?;
            let of_home = move |id: &str| {
                histories.with(|h| h.as_ref().and_then(|h| h.iter().find(|(home, _)| home == id)).map(|(_, v)| v.clone()).unwrap_or_default())
            };
            let history = untrack(|| of_home(&id));
            let listed = Signal::derive(move || of_home(&id));
            Some(view! { <ReturnEditor home week=w this_week history listed on_saved=move || histories.refetch()/> })
        }}
        <HoldList heading="Holds on your homes" role=HoldRole::Provider version=RwSignal::new(0)/>
        <BlockBeds home=home_id week/>
    }
}

/// Links to the week before and (up to this week) the week after, keeping the chosen home.
#[component]
fn WeekLinks(week: Memo<Week>, this_week: Week, home: Option<Memo<String>>) -> impl IntoView {
    let href = move |w: Week| match home {
        Some(h) => format!("/return?home={}&week={w}", h.get()),
        None => format!("/return?week={w}"),
    };
    view! {
        <p class="week-links">
            <a href=move || href(week.get().plus_weeks(-1))>"Week before"</a>
            {move || (week.get() < this_week).then(|| view! { " · " <a href=href(week.get().plus_weeks(1))>"Week after"</a> })}
        </p>
    }
}
