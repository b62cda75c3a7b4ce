//! Discharge referrals (`/referrals`): the brokers' queue of people ready to leave hospital who
//! wait for a bed (oldest ready date first, days waiting, the holds in play, how many beds meet
//! each need now), with a way to search for each and close it; the referrals closed lately with
//! the days each waited; and, for commissioners, the figures: the queue by need and borough,
//! waits to placement, delayed bed days and unmet demand. Referrals live on the data service.

mod figures;

use crate::components::form_fields::{field, submitted, Select};
use crate::components::page_title::use_page_title;
use crate::components::text_table::TextTable;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::{use_data, Need};
use crate::data_source::MarketData;
use crate::pages::find_page::referral_search_href;
use crate::service::{self, Refusal};
use leptos::prelude::*;
use market_model::brokerage::referral::{
    Closing, Pathway, QueueEntry, Referral, ReferralFigures, Status,
};
use market_model::presentation::format::{format_count, format_day_month_year};
use market_model::primitives::london::format_time;
use market_model::primitives::timestamp;
use std::sync::Arc;

/// The page: who may see referrals, then the referrals.
#[component]
pub fn ReferralsPage() -> impl IntoView {
    use_page_title("Referrals");
    let data = use_data();
    let body = move || {
        match (data.live.get(), data.user.get()) {
        (false, _) => view! {
            <p>"Referrals are kept on the live data service, for brokers and commissioners. This copy of Care Market is read-only."</p>
        }
        .into_any(),
        (true, None) => view! {
            <p>"To see referrals, " <a href="/sign-in">"sign in"</a> " as a broker or commissioner."</p>
        }
        .into_any(),
        (true, Some(u)) if u.role == "provider" => view! {
            <p>"Referrals are for brokers and commissioners. Holds that brokers place on your homes are on your " <a href="/return">"weekly return"</a> " page."</p>
        }
        .into_any(),
        (true, Some(_)) => view! {
            <WithMarketData loading="Loading referrals…" need=Need::Register render=|d| view! { <Referrals data=d/> }.into_any()/>
        }
        .into_any(),
    }
    };
    view! {
        <div class="page">
            <h1>"Referrals"</h1>
            {body}
        </div>
    }
}

/// What the page's parts share: the market data, the API, whether the reader brokers, and a
/// version bumped after a change so every list reads again.
#[derive(Clone)]
struct Desk {
    data: Arc<MarketData>,
    api: String,
    broker: bool,
    version: RwSignal<u32>,
}

impl Desk {
    fn hospital(&self, key: &str) -> String {
        let found = self
            .data
            .footprint
            .hospitals
            .iter()
            .find(|h| market_model::brokerage::bed_search::hospital_key(&h.name) == key);
        found.map_or_else(|| key.to_string(), |h| h.name.clone())
    }

    fn borough(&self, code: &str) -> String {
        self.data
            .footprint
            .borough(code)
            .map_or_else(|| code.to_string(), |b| b.name.clone())
    }

    fn home(&self, id: &str) -> String {
        let found = self.data.homes.iter().find(|h| h.id == id);
        found.map_or_else(|| id.to_string(), |h| h.name.clone())
    }
}

/// Everything the page shows, read together.
#[derive(Clone)]
struct Lists {
    queue: Vec<QueueEntry>,
    closed: Vec<Referral>,
    figures: Option<ReferralFigures>,
}

/// The queue, the closed referrals and (for commissioners) the figures.
#[component]
fn Referrals(data: Arc<MarketData>) -> impl IntoView {
    let ctx = use_data();
    let role = ctx.user.get_untracked().map(|u| u.role).unwrap_or_default();
    let commissioner = matches!(role.as_str(), "commissioner" | "admin");
    let desk = Desk {
        data,
        api: ctx.api.get_untracked().unwrap_or_default(),
        broker: role == "broker",
        version: RwSignal::new(0),
    };
    let said = RwSignal::new(None::<Result<String, String>>);
    let (api, version) = (desk.api.clone(), desk.version);
    let lists = LocalResource::new(move || {
        version.track();
        let api = api.clone();
        async move {
            // The three reads go out together; the figures only for commissioners.
            let urls = ["referrals", "referrals/closed", "analytics/referrals"]
                .map(|p| format!("{api}/{p}"));
            let figures = async {
                match commissioner {
                    true => Some(service::get(&urls[2]).await),
                    false => None,
                }
            };
            let (queue, closed, figures) =
                futures::join!(service::get(&urls[0]), service::get(&urls[1]), figures);
            Ok::<_, Refusal>(Lists {
                queue: queue?,
                closed: closed?,
                figures: figures.transpose()?,
            })
        }
    });
    let lead = match desk.broker {
        true => "People ready to leave hospital who wait for a bed, longest wait first. Open a referral from ",
        false => "People ready to leave hospital who wait for a bed, longest wait first. Brokers open referrals from ",
    };
    view! {
        <p class="lead">{lead} <a href="/find">"Find a bed"</a> "."</p>
        <div role="status" aria-live="polite" data-testid="referrals-said">
            {move || said.get().map(|r| match r {
                Ok(text) => view! { <p class="notice">{text}</p> }.into_any(),
                Err(text) => view! { <p class="field-error">{text}</p> }.into_any(),
            })}
        </div>
        <Transition fallback=|| view! { <p class="loading" role="status">"Loading referrals…"</p> }>
            {move || {
                let desk = desk.clone();
                Suspend::new(async move {
                    match lists.await {
                        // Commissioners come for the figures; brokers for the queue.
                        Ok(l) => view! {
                            {l.figures.map(|f| figures::figures(&desk, f))}
                            {queue(&desk, l.queue, said)}
                            {closed(&desk, l.closed)}
                        }
                        .into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
    }
}

/// When `at` (RFC 3339) is, in London time.
fn when(at: &str) -> String {
    timestamp::parse(at).map_or_else(|| at.to_string(), format_time)
}

/// A section with a heading and a table.
fn section(id: &'static str, heading: &'static str, table: impl IntoView) -> impl IntoView {
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            {table}
        </section>
    }
}

fn texts(items: &[&str]) -> Vec<String> {
    items.iter().map(|c| c.to_string()).collect()
}

/// The open referrals, each with a search and a way to close it for brokers.
fn queue(
    desk: &Desk,
    queue: Vec<QueueEntry>,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let today = crate::clock::today();
    let mut columns = texts(&[
        "Referral",
        "Need",
        "Hospital",
        "Placing borough",
        "Ready for discharge",
        "Days waiting",
        "Beds that meet the need now",
        "Holds",
    ]);
    let numeric = vec![false, false, false, false, false, true, true, false];
    let caption = format!(
        "{} open referrals, longest wait first",
        format_count(queue.len() as u64)
    );
    let mut controls = Vec::new();
    let rows = queue
        .into_iter()
        .map(|q| {
            let r = &q.referral;
            let holds: Vec<String> = q.holds.iter().map(|h| format!("{} until {}", h.home_name, when(&h.expires_at))).collect();
            if desk.broker {
                let href = referral_search_href(r);
                let label = format!(" for {}", r.reference);
                controls.push(view! {
                    <a class="button button--small" href=href>"Find a bed" <span class="visually-hidden">{label}</span></a>
                    {close_form(desk, &q, said)}
                }.into_any());
            }
            vec![
                r.reference.clone(),
                r.need_label(),
                desk.hospital(&r.hospital),
                desk.borough(&r.placing),
                format_day_month_year(r.ready_on),
                format_count(r.days_waiting(today) as u64),
                format_count(q.matching_beds.into()),
                if holds.is_empty() { "None".to_string() } else { holds.join("; ") },
            ]
        })
        .collect();
    if desk.broker {
        columns.push("Actions".into());
    }
    section(
        "queue-heading",
        "Waiting for a bed",
        view! {
            <TextTable caption_id="queue-caption" testid="referral-queue" caption columns rows numeric controls stacked=true/>
        },
    )
}

/// Closes a referral: placed at a home (the referral's held homes, or any), another pathway with
/// a reason, or withdrawn.
fn close_form(
    desk: &Desk,
    entry: &QueueEntry,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let r = &entry.referral;
    let base = format!("close-{}", r.id);
    let mut homes: Vec<(String, String)> = entry
        .holds
        .iter()
        .map(|h| (h.home.clone(), h.home_name.clone()))
        .collect();
    if homes.is_empty() {
        homes = desk
            .data
            .homes
            .iter()
            .map(|h| (h.id.clone(), h.name.clone()))
            .collect();
        homes.sort_by(|a, b| a.1.cmp(&b.1));
    }
    let (id, reference, api, version) = (r.id, r.reference.clone(), desk.api.clone(), desk.version);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(pairs) = submitted(&ev) else { return };
        let status = field(&pairs, "status")
            .and_then(Status::from_key)
            .unwrap_or(Status::Withdrawn);
        let Some(on) = field(&pairs, "on").and_then(timestamp::parse_date) else {
            said.set(Some(Err("Give the day the referral closed.".into())));
            return;
        };
        let closing = Closing {
            status,
            on,
            home: field(&pairs, "home")
                .filter(|_| status == Status::Placed)
                .map(str::to_string),
            reason: field(&pairs, "reason")
                .and_then(Pathway::from_key)
                .filter(|_| status == Status::OtherPathway),
        };
        let (api, reference) = (api.clone(), reference.clone());
        leptos::task::spawn_local(async move {
            let said_now = match service::post::<_, Referral>(
                &api,
                &format!("/referrals/{id}/close"),
                &closing,
            )
            .await
            {
                Ok(r) => Ok(format!(
                    "Referral {reference} closed: {}.",
                    r.status.label().to_ascii_lowercase()
                )),
                Err(refusal) => Err(format!("Referral {reference}: {}", refusal.message)),
            };
            if said_now.is_ok() {
                version.update(|v| *v += 1);
            }
            said.set(Some(said_now));
        });
    };
    let choices = |items: &mut dyn Iterator<Item = (&str, &str)>| -> Vec<(String, String)> {
        items.map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    let outcomes = choices(
        &mut [Status::Placed, Status::OtherPathway, Status::Withdrawn]
            .into_iter()
            .map(|s| (s.key(), s.label())),
    );
    let reasons = choices(&mut Pathway::ALL.into_iter().map(|p| (p.key(), p.label())));
    let on_id = format!("{base}-on");
    view! {
        <details class="hold-form">
            <summary>"Close" <span class="visually-hidden">{format!(" referral {}", r.reference)}</span></summary>
            <form on:submit=submit>
                <Select id=format!("{base}-status") name="status" label="Outcome" options=outcomes/>
                <Select id=format!("{base}-home") name="home" label="Home (when placed)" options=homes/>
                <Select id=format!("{base}-reason") name="reason" label="Reason (another pathway)" options=reasons/>
                <div class="field">
                    <label for=on_id.clone()>"On"</label>
                    <input type="date" id=on_id name="on" required value=crate::clock::today().to_string()/>
                </div>
                <button type="submit" class="button button--primary">"Close the referral"</button>
            </form>
        </details>
    }
}

/// The referrals closed lately, with how each ended and the days waited.
fn closed(desk: &Desk, closed: Vec<Referral>) -> impl IntoView {
    let today = crate::clock::today();
    let rows = closed
        .into_iter()
        .take(50)
        .map(|r| {
            let outcome = match (r.status, &r.home, r.reason) {
                (Status::Placed, Some(home), _) => format!("Placed at {}", desk.home(home)),
                (Status::OtherPathway, _, Some(p)) => p.label().to_string(),
                (s, ..) => s.label().to_string(),
            };
            vec![
                r.reference.clone(),
                outcome,
                r.need_label(),
                format_day_month_year(r.ready_on),
                r.closed_on.map(format_day_month_year).unwrap_or_default(),
                format_count(r.days_waiting(today) as u64),
            ]
        })
        .collect();
    let columns = texts(&[
        "Referral",
        "Outcome",
        "Need",
        "Ready for discharge",
        "Closed",
        "Days waited",
    ]);
    let numeric = vec![false, false, false, false, false, true];
    section(
        "closed-heading",
        "Closed lately",
        view! {
            <TextTable caption_id="closed-caption" testid="referrals-closed" caption="The 50 referrals closed most recently" columns rows numeric stacked=true/>
        },
    )
}
