//! Find a bed (`/find`): a broker states the need, sees the homes that can meet all of it now
//! (ranked, with distance, vacancies, price against the ceiling and how fresh the vacancy is),
//! and leaves with a shortlist and a hold. The search runs on the data service (it sees every
//! home's fees and the beds other brokers hold); the search itself lives in the URL.

mod referral;
mod results;
mod search_form;
mod shortlist;

use crate::components::hold_list::{HoldList, HoldRole};
use crate::components::page_title::use_page_title;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::{use_data, Need};
use crate::data_source::MarketData;
use crate::router::use_location;
use crate::service;
use leptos::prelude::*;
use market_model::brokerage::bed_search::Search;
use market_model::brokerage::referral::Referral;
use market_model::presentation::map_view::query_string;
use results::Results;
use search_form::SearchForm;
use shortlist::{Shortlist, ShortlistState};
use std::sync::Arc;

/// The page: who may search, then the search.
#[component]
pub fn FindPage() -> impl IntoView {
    use_page_title("Find a bed");
    let data = use_data();
    let body = move || {
        match (data.live.get(), data.user.get()) {
        (false, _) => view! {
            <p>"Find a bed searches the live data service, which holds every home's fees and the beds other brokers are holding. This copy of Care Market is read-only."</p>
        }
        .into_any(),
        (true, None) => view! {
            <p>"To find a bed, " <a href="/sign-in">"sign in"</a> " as a broker or commissioner."</p>
        }
        .into_any(),
        (true, Some(u)) if u.role == "provider" => view! {
            <p>"Find a bed is for brokers and commissioners. Holds that brokers place on your homes are on your " <a href="/return">"weekly return"</a> " page."</p>
        }
        .into_any(),
        (true, Some(u)) if u.role == "broker" => view! {
            <WithMarketData loading="Loading hospitals and boroughs…" need=Need::Register render=|d| view! { <Finder data=d broker=true/> }.into_any()/>
        }
        .into_any(),
        (true, Some(_)) => view! {
            <WithMarketData loading="Loading hospitals and boroughs…" need=Need::Register render=|d| view! { <Finder data=d broker=false/> }.into_any()/>
        }
        .into_any(),
    }
    };
    view! {
        <div class="page">
            <h1>"Find a bed"</h1>
            {body}
        </div>
    }
}

/// The referral a broker is finding a bed for, as the URL names it (`referral`, `ref`).
#[derive(Clone, Debug, PartialEq)]
struct ForReferral {
    id: i64,
    reference: String,
}

impl ForReferral {
    /// The URL query of `search` made for this referral.
    fn query(this: Option<ForReferral>, search: &Search) -> String {
        let mut q = search.to_query();
        if let Some(r) = this {
            q.extend([("referral", r.id.to_string()), ("ref", r.reference)]);
        }
        query_string(&q)
    }
}

/// The address of Find a bed searching for `referral`'s need, with its holds and shortlist its
/// own.
pub fn referral_search_href(referral: &Referral) -> String {
    let this = ForReferral {
        id: referral.id,
        reference: referral.reference.clone(),
    };
    format!(
        "/find{}",
        ForReferral::query(Some(this), &referral.search())
    )
}

/// What the page's parts share: the search in the URL, the referral it is for, the holds'
/// version (bumped when a hold changes, so the search runs again), the shortlist and what was
/// last done.
#[derive(Clone, Copy)]
struct Finding {
    search: Memo<Search>,
    referral: Memo<Option<ForReferral>>,
    holds: RwSignal<u32>,
    shortlist: ShortlistState,
    said: RwSignal<Option<Result<String, String>>>,
    broker: bool,
}

/// The form, the results, the broker's holds and the shortlist.
#[component]
fn Finder(data: Arc<MarketData>, broker: bool) -> impl IntoView {
    let location = use_location();
    let api = use_data().api.get_untracked().unwrap_or_default();
    let search = Memo::new(move |_| {
        let pairs = location.params();
        Search::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let referral = Memo::new(move |_| {
        Some(ForReferral {
            id: location.param("referral")?.parse().ok()?,
            reference: location.param("ref")?,
        })
    });
    let holds = RwSignal::new(0u32);
    let answer = LocalResource::new(move || {
        let asked = search.get();
        holds.track();
        let api = api.clone();
        async move {
            let answer = service::search(&api, &query_string(&asked.to_query())).await;
            (asked, answer)
        }
    });
    let finding = Finding {
        search,
        referral,
        holds,
        shortlist: ShortlistState::load(referral.get_untracked().map(|r| r.id)),
        said: RwSignal::new(None),
        broker,
    };
    provide_context(finding);
    view! {
        <p class="lead">"State the need; the homes that can meet all of it, with a bed free now, are listed nearest first. Distances are straight-line."</p>
        {broker.then(|| view! { <referral::ReferralPanel data=data.clone()/> })}
        <SearchForm data/>
        <div role="status" aria-live="polite" class="find-said" data-testid="find-said">
            {move || finding.said.get().map(|r| match r {
                Ok(text) => view! { <p class="notice">{text}</p> }.into_any(),
                Err(text) => view! { <p class="field-error">{text}</p> }.into_any(),
            })}
        </div>
        <Results answer/>
        {broker.then(|| view! { <HoldList heading="Your holds" role=HoldRole::Broker version=holds/> })}
        <Shortlist/>
    }
}

fn use_finding() -> Finding {
    expect_context::<Finding>()
}
