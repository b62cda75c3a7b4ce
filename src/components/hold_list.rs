//! Holds on beds, as a broker (their own, with Release) or a provider (those on their homes,
//! with Admitted and Declined) sees them. Active holds first; the rest for the record.

use crate::data_context::use_data;
use crate::service::{self, Refusal};
use leptos::prelude::*;
use market_model::brokerage::hold::{Hold, Outcome};
use market_model::primitives::london::format_time;
use market_model::primitives::timestamp;

/// Who is looking, and so what they may do with an active hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HoldRole {
    /// The broker who placed them: may release.
    Broker,
    /// The home's provider: may record the person admitted, or decline.
    Provider,
}

/// `status` in words.
fn status_label(status: &str) -> &'static str {
    match status {
        "active" => "Active",
        "expired" => "Expired",
        "released" => "Released by the broker",
        "admitted" => "Admitted",
        "declined" => "Declined by the home",
        _ => "Unknown",
    }
}

/// When `at` (RFC 3339) was, in London time, or the text as given.
fn when(at: &str) -> String {
    timestamp::parse(at).map_or_else(|| at.to_string(), format_time)
}

/// The holds the signed-in user may see. `version` is bumped by whoever changes a hold, so the
/// list (and anything else tracking it) reads them again.
#[component]
pub fn HoldList(
    /// The section's heading.
    heading: &'static str,
    /// Broker or provider.
    role: HoldRole,
    /// Read again when this changes; bumped here after an action.
    version: RwSignal<u32>,
) -> impl IntoView {
    let api = use_data().api.get_untracked().unwrap_or_default();
    let holds = LocalResource::new({
        let api = api.clone();
        move || {
            version.track();
            let api = api.clone();
            async move { service::holds(&api).await }
        }
    });
    let said = RwSignal::new(None::<Result<String, Refusal>>);
    let act = move |hold: Hold, outcome: Outcome| {
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let result = service::hold_outcome(&api, hold.id, outcome).await;
            said.set(Some(result.map(|h| {
                format!(
                    "Hold for referral {} at {}: {}.",
                    h.reference,
                    h.home_name,
                    status_label(&h.status).to_ascii_lowercase()
                )
            })));
            version.update(|v| *v += 1);
        });
    };
    let rows = move || {
        let Some(result) = holds.get() else {
            return view! { <p class="loading" role="status">"Loading holds…"</p> }.into_any();
        };
        let mut list = match result {
            Ok(list) => list,
            Err(refusal) => {
                return view! { <p class="field-error" role="alert">{refusal.message}</p> }
                    .into_any()
            }
        };
        if list.is_empty() {
            return view! { <p>"No holds."</p> }.into_any();
        }
        list.sort_by_key(|h| h.status != "active");
        let act = act.clone();
        view! {
            <ul class="holds" data-testid="holds">
                {list.into_iter().map(|h| {
                    let active = h.status == "active";
                    let actions = active.then(|| {
                        let buttons: Vec<(Outcome, &'static str)> = match role {
                            HoldRole::Broker => vec![(Outcome::Released, "Release")],
                            HoldRole::Provider => vec![(Outcome::Admitted, "Admitted"), (Outcome::Declined, "Decline")],
                        };
                        buttons.into_iter().map(|(outcome, label)| {
                            let (act, hold) = (act.clone(), h.clone());
                            let name = format!("{label}: referral {} at {}", h.reference, h.home_name);
                            view! {
                                <button type="button" class="button" aria-label=name data-outcome=outcome.as_str()
                                    on:click=move |_| act(hold.clone(), outcome)>{label}</button>
                            }
                        }).collect_view()
                    });
                    let until = if active { format!("held until {}", when(&h.expires_at)) } else {
                        h.resolved_at.as_deref().map(|t| format!("since {}", when(t))).unwrap_or_else(|| format!("lapsed {}", when(&h.expires_at)))
                    };
                    view! {
                        <li class="hold" data-home=h.home.clone() data-status=h.status.clone()>
                            <p class="hold__what">
                                <strong>{h.home_name.clone()}</strong>
                                {format!(" · {} bed · referral {}", h.category.label(), h.reference)}
                            </p>
                            <p class="hold__when">
                                <span class="tag">{status_label(&h.status)}</span>
                                {format!(" {until} · placed by {} at {}", h.broker, when(&h.created_at))}
                            </p>
                            {actions.map(|a| view! { <p class="hold__actions">{a}</p> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <section aria-labelledby="holds-heading" class="holds-section">
            <h2 id="holds-heading">{heading}</h2>
            <div role="status" aria-live="polite" data-testid="hold-said">
                {move || said.get().map(|r| match r {
                    Ok(text) => view! { <p>{text}</p> }.into_any(),
                    Err(refusal) => view! { <p class="field-error">{refusal.message}</p> }.into_any(),
                })}
            </div>
            {rows}
        </section>
    }
}
