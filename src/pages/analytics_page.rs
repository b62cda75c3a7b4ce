//! Market analytics (`/analytics`), the commissioners' analytical view: supply per borough and per
//! 1,000 older people, weekly vacancies and occupancy with returns coverage, prices paid from the
//! placements ledger, the supply-gap projection under assumptions kept in the URL, step-down block
//! beds, and the ledger upload. Every figure is computed in `market_model`; each module here turns
//! one section's results into figures (`components::figure::Figure`: a chart, its table, downloads).

mod api;
mod block_beds;
mod ledger_upload;
mod prices;
mod projection;
mod supply;
mod trends;

use crate::components::deferred::Deferred;
use crate::components::page_title::use_page_title;
use crate::components::render_mark::RenderMark;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::Need;
use crate::data_source::MarketData;
use crate::router::Location;
use leptos::prelude::*;
use market_model::analytics::supply::summarise_supply;
use std::sync::Arc;

/// The market analytics page.
#[component]
pub fn AnalyticsPage() -> impl IntoView {
    use_page_title("Market analytics");
    view! {
        <div class="page">
            <h1>"Market analytics"</h1>
            <p class="lead">"Supply, vacancies, prices paid and the supply gap across North Central London, for commissioners shaping the care home market."</p>
            <nav class="contents" aria-label="On this page">
                <ul>
                    <li><a href="#supply">"Supply"</a></li>
                    <li><a href="#trends">"Vacancies and occupancy"</a></li>
                    <li><a href="#prices">"Prices paid"</a></li>
                    <li><a href="#projection">"Supply gap"</a></li>
                    <li><a href="#block-beds">"Step-down block beds"</a></li>
                </ul>
            </nav>
            <WithMarketData loading="Loading market data…" need=Need::AllWeeks render=|data| view! { <Analytics data/> }.into_any()/>
        </div>
    }
}

/// Every section, over the loaded market data.
#[component]
fn Analytics(data: Arc<MarketData>) -> impl IntoView {
    // The register's supply (homes still registered), read by the supply and gap sections alike.
    let register: Vec<_> = data
        .homes
        .iter()
        .filter(|h| h.deregistered_on.is_none())
        .cloned()
        .collect();
    let supply = Arc::new(summarise_supply(&data.footprint, &register));
    // Each section after the first is built in a task of its own, once those above are painted
    // (each deferred part keeps its own copy of what it reads).
    let (for_trends, for_prices, for_blocks) = (data.clone(), data.clone(), data);
    let for_gap = supply.clone();
    view! {
        <supply::SupplySection supply/>
        <Deferred><trends::TrendsSection data=for_trends.clone()/></Deferred>
        <Deferred><prices::PricesSection data=for_prices.clone()/></Deferred>
        <Deferred><projection::ProjectionSection supply=for_gap.clone()/></Deferred>
        // Marked with the last section, once every section is on screen.
        <Deferred><block_beds::BlockBedsSection data=for_blocks.clone()/><RenderMark name="analytics-rendered"/></Deferred>
    }
}

/// Changes the page's query: each `(key, Some(value))` sets a key, each `(key, None)` removes it,
/// and `owned` keys not in `changes` are removed too (a section rewriting all of its state). The
/// other keys stay. Replaces the history entry: a filter is not a new page.
fn set_query(location: Location, owned: fn(&str) -> bool, changes: &[(&str, Option<String>)]) {
    let mut pairs: Vec<(String, String)> = location
        .params()
        .into_iter()
        .filter(|(k, _)| !owned(k) && !changes.iter().any(|(c, _)| c == k))
        .collect();
    pairs.extend(
        changes
            .iter()
            .filter_map(|(k, v)| Some((k.to_string(), v.clone()?))),
    );
    let query: Vec<String> = pairs
        .iter()
        .map(|(k, v)| {
            format!(
                "{}={}",
                js_sys::encode_uri_component(k),
                js_sys::encode_uri_component(v)
            )
        })
        .collect();
    let path = location.path.get_untracked();
    let href = match query.is_empty() {
        true => path,
        false => format!("{path}?{}", query.join("&")),
    };
    location.go(&href, true);
}

/// The name of the borough with this GSS code, or the code when it is not in the footprint.
fn borough_name(data: &MarketData, gss_code: &str) -> String {
    data.footprint
        .borough(gss_code)
        .map_or_else(|| gss_code.to_string(), |b| b.name.clone())
}

/// A figure, or a dash when there is none.
fn or_dash(value: Option<String>) -> String {
    value.unwrap_or_else(|| "–".to_string())
}
