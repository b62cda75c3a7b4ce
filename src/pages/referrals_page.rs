//! Discharge referrals (`/referrals`): the brokers' queue of people ready to leave hospital who
//! wait for a bed (oldest ready date first, days waiting, the holds in play, how many beds meet
//! each need now), with a way to search for each and close it; the referrals closed lately with
//! the days each waited; and, for commissioners, the figures: the queue by need and borough,
//! waits to placement, delayed bed days and unmet demand. Referrals live on the data service.

mod figures;

use crate::components::page_title::use_page_title;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::use_data;
use crate::data_source::MarketData;
use crate::service::{self, Refusal};
use leptos::prelude::*;
use market_model::brokerage::referral::{Closing, Pathway, QueueEntry, Referral, Status};
use market_model::presentation::format::{format_count, format_day_month_year};
use market_model::presentation::map_view::query_string;
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
            <WithMarketData loading="Loading referrals…" render=|d| view! { <Referrals data=d/> }.into_any()/>
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

/// The queue, the closed referrals and (for commissioners) the figures.
#[component]
fn Referrals(data: Arc<MarketData>) -> impl IntoView {
    let ctx = use_data();
    let role = ctx.user.get_untracked().map(|u| u.role).unwrap_or_default();
    let desk = Desk {
        data,
        api: ctx.api.get_untracked().unwrap_or_default(),
        broker: role == "broker",
        version: RwSignal::new(0),
    };
    let said = RwSignal::new(None::<Result<String, String>>);
    let api = desk.api.clone();
    let lists = LocalResource::new(move || {
        desk.version.track();
        let api = api.clone();
        async move {
            let queue = service::get::<Vec<QueueEntry>>(&format!("{api}/referrals")).await?;
            let closed = service::get::<Vec<Referral>>(&format!("{api}/referrals/closed")).await?;
            Ok::<_, Refusal>((queue, closed))
        }
    });
    let lead = match desk.broker {
        true => "People ready to leave hospital who wait for a bed, longest wait first. Open a referral from ",
        false => "People ready to leave hospital who wait for a bed, longest wait first. Brokers open referrals from ",
    };
    let commissioner = matches!(role.as_str(), "commissioner" | "admin");
    let shown = desk.clone();
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
                let desk = shown.clone();
                Suspend::new(async move {
                    match lists.await {
                        Ok((queue, closed)) => view! {
                            <Queue desk=desk.clone() queue said/>
                            <Closed desk closed/>
                        }
                        .into_any(),
                        Err(e) => view! { <p class="field-error" role="alert">{e.message}</p> }.into_any(),
                    }
                })
            }}
        </Transition>
        {commissioner.then(|| view! { <figures::Figures desk=desk.clone()/> })}
    }
}

/// When `at` (RFC 3339) is, in London time.
fn when(at: &str) -> String {
    timestamp::parse(at).map_or_else(|| at.to_string(), format_time)
}

/// The open referrals.
#[component]
fn Queue(
    desk: Desk,
    queue: Vec<QueueEntry>,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let today = crate::clock::today();
    let count = queue.len();
    let rows = queue
        .into_iter()
        .map(|q| {
            let r = &q.referral;
            let holds = match q.holds.is_empty() {
                true => "None".to_string(),
                false => q.holds.iter().map(|h| format!("{} until {}", h.home_name, when(&h.expires_at))).collect::<Vec<_>>().join("; "),
            };
            let actions = desk.broker.then(|| {
                let mut query = r.search().to_query();
                query.extend([("referral", r.id.to_string()), ("ref", r.reference.clone())]);
                view! {
                    <td>
                        <a class="button button--small" href=format!("/find{}", query_string(&query))>
                            "Find a bed" <span class="visually-hidden">{format!(" for {}", r.reference)}</span>
                        </a>
                        <CloseForm desk=desk.clone() entry=q.clone() said/>
                    </td>
                }
            });
            view! {
                <tr data-referral=r.reference.clone()>
                    <th scope="row">{r.reference.clone()}</th>
                    <td>{r.need_label()}</td>
                    <td>{desk.hospital(&r.hospital)}</td>
                    <td>{desk.borough(&r.placing)}</td>
                    <td>{format_day_month_year(r.ready_on)}</td>
                    <td class="num" data-testid="days-waiting">{format_count(r.days_waiting(today) as u64)}</td>
                    <td class="num" data-testid="matching-beds">{format_count(q.matching_beds.into())}</td>
                    <td>{holds}</td>
                    {actions}
                </tr>
            }
        })
        .collect_view();
    let broker = desk.broker;
    view! {
        <section aria-labelledby="queue-heading">
            <h2 id="queue-heading">"Waiting for a bed"</h2>
            <div class="table-scroll" role="region" aria-labelledby="queue-caption" tabindex="0">
                <table class="data" data-testid="referral-queue">
                    <caption id="queue-caption">{format!("{} open referrals, longest wait first", format_count(count as u64))}</caption>
                    <thead><tr>
                        <th scope="col">"Referral"</th><th scope="col">"Need"</th><th scope="col">"Hospital"</th>
                        <th scope="col">"Placing borough"</th><th scope="col">"Ready for discharge"</th>
                        <th scope="col" class="num">"Days waiting"</th><th scope="col" class="num">"Beds that meet the need now"</th>
                        <th scope="col">"Holds"</th>
                        {broker.then(|| view! { <th scope="col">"Actions"</th> })}
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}

/// Closes a referral: placed at a home (the referral's held homes, or any), another pathway with
/// a reason, or withdrawn.
#[component]
fn CloseForm(
    desk: Desk,
    entry: QueueEntry,
    said: RwSignal<Option<Result<String, String>>>,
) -> impl IntoView {
    let r = entry.referral;
    let base = format!("close-{}", r.id);
    let (status, home, reason, on) = (
        NodeRef::<leptos::html::Select>::new(),
        NodeRef::<leptos::html::Select>::new(),
        NodeRef::<leptos::html::Select>::new(),
        NodeRef::<leptos::html::Input>::new(),
    );
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
        let (Some(status), Some(home), Some(reason), Some(on)) =
            (status.get(), home.get(), reason.get(), on.get())
        else {
            return;
        };
        let Some(status) = Status::from_key(&status.value()) else {
            return;
        };
        let Ok(on) = on.value().parse() else {
            said.set(Some(Err("Give the day the referral closed.".into())));
            return;
        };
        let closing = Closing {
            status,
            on,
            home: (status == Status::Placed).then(|| home.value()),
            reason: (status == Status::OtherPathway)
                .then(|| Pathway::from_key(&reason.value()))
                .flatten(),
        };
        let (api, reference) = (api.clone(), reference.clone());
        leptos::task::spawn_local(async move {
            match service::post::<_, Referral>(&api, &format!("/referrals/{id}/close"), &closing)
                .await
            {
                Ok(r) => {
                    said.set(Some(Ok(format!(
                        "Referral {reference} closed: {}.",
                        r.status.label().to_lowercase()
                    ))));
                    version.update(|v| *v += 1);
                }
                Err(refusal) => said.set(Some(Err(format!(
                    "Referral {reference}: {}",
                    refusal.message
                )))),
            }
        });
    };
    let field = |suffix: &str| format!("{base}-{suffix}");
    view! {
        <details class="hold-form">
            <summary>"Close" <span class="visually-hidden">{format!(" referral {}", r.reference)}</span></summary>
            <form on:submit=submit>
                <div class="field">
                    <label for=field("status")>"Outcome"</label>
                    <select id=field("status") node_ref=status>
                        {[Status::Placed, Status::OtherPathway, Status::Withdrawn].into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=field("home")>"Home (when placed)"</label>
                    <select id=field("home") node_ref=home>
                        {homes.into_iter().map(|(id, name)| view! { <option value=id>{name}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=field("reason")>"Reason (another pathway)"</label>
                    <select id=field("reason") node_ref=reason>
                        {Pathway::ALL.into_iter().map(|p| view! { <option value=p.key()>{p.label()}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for=field("on")>"On"</label>
                    <input type="date" id=field("on") node_ref=on required value=crate::clock::today().to_string()/>
                </div>
                <button type="submit" class="button button--primary">"Close the referral"</button>
            </form>
        </details>
    }
}

/// The referrals closed lately, with how each ended and the days waited.
#[component]
fn Closed(desk: Desk, closed: Vec<Referral>) -> impl IntoView {
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
            view! {
                <tr data-referral=r.reference.clone()>
                    <th scope="row">{r.reference.clone()}</th>
                    <td data-testid="outcome">{outcome}</td>
                    <td>{r.need_label()}</td>
                    <td>{format_day_month_year(r.ready_on)}</td>
                    <td>{r.closed_on.map(format_day_month_year)}</td>
                    <td class="num" data-testid="days-waited">{format_count(r.days_waiting(today) as u64)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section aria-labelledby="closed-heading">
            <h2 id="closed-heading">"Closed lately"</h2>
            <div class="table-scroll" role="region" aria-labelledby="closed-caption" tabindex="0">
                <table class="data" data-testid="referrals-closed">
                    <caption id="closed-caption">"The 50 referrals closed most recently"</caption>
                    <thead><tr>
                        <th scope="col">"Referral"</th><th scope="col">"Outcome"</th><th scope="col">"Need"</th>
                        <th scope="col">"Ready for discharge"</th><th scope="col">"Closed"</th><th scope="col" class="num">"Days waited"</th>
                    </tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </section>
    }
}
