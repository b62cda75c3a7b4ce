//! The need, as a form. Submitting it puts the search in the URL, which runs it.

use super::{use_finding, ForReferral};
use crate::components::form_fields::{submitted, Select};
use crate::data_source::MarketData;
use crate::router::use_location;
use leptos::prelude::*;
use market_model::brokerage::bed_search::{hospital_key, Need, Search, Sex, Stay};
use market_model::presentation::map_view::{care_type_key, rating_key, RATINGS};
use market_model::register::home::CareType;
use std::sync::Arc;
use wasm_bindgen::JsCast;

/// The form's fields as query pairs; a postcode district typed in replaces the hospital.
fn search_pairs(mut pairs: Vec<(String, String)>) -> Vec<(String, String)> {
    let district = pairs
        .iter()
        .find(|(k, v)| k == "district" && !v.trim().is_empty())
        .map(|(_, v)| v.trim().to_string());
    if let Some(district) = district {
        pairs.retain(|(k, _)| k != "from");
        pairs.push(("from".into(), district));
    }
    pairs
}

/// A checkbox sending `name=1` when ticked.
#[component]
fn Tick(name: &'static str, label: &'static str, checked: bool) -> impl IntoView {
    let id = format!("find-{name}");
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name value="1" checked=checked/>
            <label for=id>{label}</label>
        </div>
    }
}

/// A whole-number field, empty when `value` is `None`.
#[component]
fn Number(
    name: &'static str,
    label: &'static str,
    hint: &'static str,
    value: Option<u32>,
    max: u32,
) -> impl IntoView {
    let id = format!("find-{name}");
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <span class="hint" id=hint_id.clone()>{hint}</span>
            <input type="number" inputmode="numeric" min="0" max=max step="1" id=id name=name
                aria-describedby=hint_id value=value.map(|v| v.to_string()).unwrap_or_default()/>
        </div>
    }
}

fn pairs(items: impl IntoIterator<Item = (&'static str, &'static str)>) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// The search form, showing the search in the URL.
#[component]
pub fn SearchForm(data: Arc<MarketData>) -> impl IntoView {
    let finding = use_finding();
    let location = use_location();
    let hospitals: Vec<(String, String)> = data
        .footprint
        .hospitals
        .iter()
        .map(|h| (hospital_key(&h.name), h.name.clone()))
        .collect();
    let boroughs = data.footprint.borough_choices();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(pairs) = submitted(&ev).map(search_pairs) else {
            return;
        };
        let search = Search::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        finding.said.set(None);
        let query = ForReferral::query(finding.referral.get_untracked(), &search);
        location.go(&format!("/find{query}"), false);
        // The results' heading says how many were found; a screen reader hears it next.
        if let Some(heading) = document().get_element_by_id("results-heading") {
            if let Ok(heading) = heading.dyn_into::<web_sys::HtmlElement>() {
                let _ = heading.focus();
            }
        }
    };
    let form = move || {
        let s = finding.search.get();
        let from_hospital = s
            .from
            .clone()
            .filter(|f| hospitals.iter().any(|(k, _)| k == f));
        let district = s.from.clone().filter(|_| from_hospital.is_none());
        let mut from_options = pairs([("", "Anywhere in the footprint (no distances)")]);
        from_options.extend(hospitals.iter().cloned());
        let mut placing_options = pairs([("", "Where they leave from")]);
        placing_options.extend(boroughs.iter().cloned());
        let mut rating_options = pairs([("", "Any rating, or none yet")]);
        rating_options.extend(RATINGS.iter().take(3).map(|r| {
            (
                rating_key(*r).to_string(),
                format!("{} or better", r.label()),
            )
        }));
        view! {
            <form class="search-form" data-testid="search-form" on:submit=submit>
                <fieldset class="search-form__group">
                    <legend>"The care"</legend>
                    <Select id="find-type" name="type" label="Care type" selected=care_type_key(s.care_type).to_string()
                        options=CareType::ALL.iter().map(|t| (care_type_key(*t).to_string(), t.label().to_string())).collect()/>
                    <Tick name="dementia" label="Dementia care" checked=s.dementia/>
                    <Select id="find-stay" name="stay" label="Kind of stay" selected=s.stay.key().to_string()
                        options=Stay::ALL.iter().map(|t| (t.key().to_string(), t.label().to_string())).collect()/>
                </fieldset>
                <fieldset class="search-form__group">
                    <legend>"The person"</legend>
                    {Need::ALL.into_iter().map(|n| view! { <Tick name=n.key() label=n.label() checked=s.needs.contains(&n)/> }).collect_view()}
                    <Number name="kg" label="Bariatric care: their weight (kg)" hint="Leave empty unless bariatric care is needed." value=s.bariatric_kg max=500/>
                    <Select id="find-sex" name="sex" label="Their sex" hint="Some homes' vacant beds are for one sex only."
                        selected=match s.sex { Some(Sex::Female) => "female", Some(Sex::Male) => "male", None => "" }.to_string()
                        options=pairs([("", "Not stated"), ("female", "Female"), ("male", "Male")])/>
                </fieldset>
                <fieldset class="search-form__group">
                    <legend>"Where and what it may cost"</legend>
                    <Select id="find-from" name="from" label="Leaving from" options=from_options selected=from_hospital.unwrap_or_default()/>
                    <div class="field">
                        <label for="find-district">"Or a postcode district"</label>
                        <span class="hint" id="find-district-hint">"Such as N18; used instead of the hospital."</span>
                        <input type="text" id="find-district" name="district" autocomplete="off" spellcheck="false" maxlength="5"
                            aria-describedby="find-district-hint" value=district.unwrap_or_default()/>
                    </div>
                    <Select id="find-placing" name="placing" label="Placing borough" options=placing_options selected=s.placing.clone().unwrap_or_default()/>
                    <Number name="max" label="Price ceiling (£ a week)" hint="Leave empty for the placing borough's usual rate."
                        value=s.max_fee.map(|p| p.0 / 100) max=10_000/>
                </fieldset>
                <fieldset class="search-form__group">
                    <legend>"Quality and freshness"</legend>
                    <Select id="find-rating" name="rating" label="CQC rating" options=rating_options
                        selected=s.min_rating.map(|r| rating_key(r).to_string()).unwrap_or_default()/>
                    <Select id="find-days" name="days" label="Vacancy confirmed" selected=s.max_age_days.map(|d| d.to_string()).unwrap_or_default()
                        options=pairs([("", "At any time"), ("0", "Today"), ("2", "In the last 2 days"), ("7", "In the last 7 days")])/>
                    <Tick name="near" label="Also show homes that miss by one criterion" checked=s.near_misses/>
                    <input type="hidden" name="sort" value=s.order.key()/>
                </fieldset>
                <p class="search-form__submit"><button type="submit" class="button button--primary" data-testid="search">"Search"</button></p>
            </form>
        }
    };
    view! {
        <section aria-labelledby="need-heading">
            <h2 id="need-heading">"The need"</h2>
            {form}
        </section>
    }
}
