//! The referral a broker is finding a bed for: named above the search when the URL carries one
//! (holds placed then belong to it, and the shortlist is its own), or opened here from the need
//! the form states (keeping the shortlist made so far).

use super::{use_finding, ForReferral};
use crate::data_context::use_data;
use crate::data_source::MarketData;
use crate::router::use_location;
use crate::service;
use leptos::prelude::*;
use market_model::brokerage::referral::{need_of, NewReferral, Referral};
use market_model::primitives::timestamp;
use std::sync::Arc;

/// The referral in hand, or the form that opens one.
#[component]
pub fn ReferralPanel(data: Arc<MarketData>) -> impl IntoView {
    let finding = use_finding();
    move || match finding.referral.get() {
        Some(r) => view! {
            <p class="notice" data-testid="for-referral">
                "Finding a bed for referral " <strong>{r.reference}</strong>
                ". Holds you place here belong to it. " <a href="/referrals">"Back to referrals"</a>
            </p>
        }
        .into_any(),
        None => view! { <OpenReferral data=data.clone()/> }.into_any(),
    }
}

/// Opens a referral for the need the search states, from its hospital.
#[component]
fn OpenReferral(data: Arc<MarketData>) -> impl IntoView {
    let finding = use_finding();
    let location = use_location();
    let api = use_data().api.get_untracked().unwrap_or_default();
    let (reference, ready) = (
        NodeRef::<leptos::html::Input>::new(),
        NodeRef::<leptos::html::Input>::new(),
    );
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let (Some(reference), Some(ready)) = (reference.get(), ready.get()) else {
            return;
        };
        let search = finding.search.get_untracked();
        let start = search.start(&data.footprint, &data.homes);
        let hospital = search.from.clone().filter(|f| {
            data.footprint
                .hospitals
                .iter()
                .any(|h| market_model::brokerage::bed_search::hospital_key(&h.name) == *f)
        });
        let (Some(hospital), Some(placing), Some(ceiling)) =
            (hospital, start.placing, search.max_fee.or(start.usual_rate))
        else {
            error.set(Some("Search from the hospital the person leaves, with a placing borough, first: the referral keeps the search's need, hospital, borough and price ceiling.".into()));
            return;
        };
        let Some(ready_on) = timestamp::parse_date(&ready.value()) else {
            error.set(Some(
                "Give the day the person was ready for discharge.".into(),
            ));
            return;
        };
        let new = NewReferral {
            reference: reference.value().trim().to_string(),
            hospital,
            placing,
            need: need_of(&search),
            ready_on,
            ceiling,
        };
        let api = api.clone();
        leptos::task::spawn_local(async move {
            match service::post::<_, Referral>(&api, "/referrals", &new).await {
                Ok(r) => {
                    error.set(None);
                    finding.shortlist.keep_for(r.id);
                    let this = Some(ForReferral {
                        id: r.id,
                        reference: r.reference.clone(),
                    });
                    location.go(
                        &format!("/find{}", ForReferral::query(this, &search)),
                        false,
                    );
                    finding.said.set(Some(Ok(format!(
                        "Referral {} opened. Hold a bed for it below.",
                        r.reference
                    ))));
                }
                Err(refusal) => error.set(Some(refusal.message)),
            }
        });
    };
    view! {
        <details class="hold-form" data-testid="open-referral">
            <summary>"Open a referral for this need"</summary>
            <form on:submit=submit>
                <p class="hint">"The referral keeps the need, hospital, placing borough and price ceiling searched for below."</p>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
                <div class="field">
                    <label for="referral-reference">"Referral reference"</label>
                    <span class="hint" id="referral-reference-hint">"Your own reference: never an NHS number or a name."</span>
                    <input type="text" id="referral-reference" node_ref=reference required minlength="3" maxlength="40"
                        autocomplete="off" aria-describedby="referral-reference-hint"/>
                </div>
                <div class="field">
                    <label for="referral-ready">"Ready for discharge on"</label>
                    <input type="date" id="referral-ready" node_ref=ready required value=crate::clock::today().to_string()/>
                </div>
                <button type="submit" class="button button--primary">"Open the referral"</button>
            </form>
        </details>
    }
}
