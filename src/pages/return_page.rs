//! The weekly return (`/return?home=…&week=…`): a provider picks a home, fills in or confirms
//! the week's return and submits it. The form is saved on this device as it is typed, so a
//! reload or a lost connection loses nothing, and a retry never stores the return twice.

mod block_beds;
mod compliance;
mod fields;
mod history;

use crate::clock::now;
use crate::components::hold_list::{HoldList, HoldRole};
use crate::components::page_title::use_page_title;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::use_data;
use crate::data_source::MarketData;
use crate::router::use_location;
use crate::service::{self, Refusal, SessionUser, StoredReturn};
use block_beds::BlockBeds;
use compliance::ComplianceView;
use fields::Sections;
use history::History;
use leptos::prelude::*;
use market_model::presentation::format::format_day_month_year;
use market_model::primitives::week::Week;
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::Submission;
use market_model::returns::return_form::{field_id, ReturnForm};
use market_model::returns::validation::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::Arc;

/// What is kept on this device for one home and week until the service has it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
struct Draft {
    form: ReturnForm,
    /// Made when the draft starts and kept across retries, so the service stores it once.
    submission_id: String,
    /// The version this amends (none for the week's first return).
    base_version: Option<u32>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn draft_key(home: &str, week: Week) -> String {
    format!("care-market.return.{home}.{week}")
}

fn load_draft(home: &str, week: Week) -> Option<Draft> {
    let text = storage()?.get_item(&draft_key(home, week)).ok()??;
    serde_json::from_str(&text).ok()
}

fn save_draft(home: &str, week: Week, draft: &Draft) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&draft_key(home, week), &text);
    }
}

fn drop_draft(home: &str, week: Week) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&draft_key(home, week));
    }
}

fn new_submission_id() -> String {
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    format!("r-{now:x}-{random:x}")
}

/// The week's first form: the latest version of this week's return (to amend), else the home's
/// most recent earlier return (to confirm or change), else a blank row for its main category.
fn starting_draft(home: &CareHome, week: Week, history: &[StoredReturn]) -> (Draft, Option<Week>) {
    let this = history.iter().find(|s| s.capacity_return.week == week);
    let earlier = history.iter().find(|s| s.capacity_return.week < week);
    let (form, base_version, from) = match (this, earlier) {
        (Some(s), _) => (
            ReturnForm::from_return(&s.capacity_return),
            Some(s.version),
            None,
        ),
        (None, Some(s)) => (
            ReturnForm::from_return(&s.capacity_return),
            None,
            Some(s.capacity_return.week),
        ),
        (None, None) => {
            let blank = ReturnForm {
                beds: [(home.main_category(), Default::default())].into(),
                ..Default::default()
            };
            (blank, None, None)
        }
    };
    (
        Draft {
            form,
            submission_id: new_submission_id(),
            base_version,
        },
        from,
    )
}

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
                <WithMarketData loading="Loading your homes…" render=|d| view! { <Provider data=d/> }.into_any()/>
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

/// Where the return stands, as the provider is told it.
#[derive(Clone, Debug, PartialEq)]
enum Saved {
    /// Only on this device (typed, or the service was out of reach).
    Device(Option<String>),
    /// The service has it: its version, and whether it was late.
    Service(u32, bool),
}

/// The form for one home and week: draft saved as typed, checked as typed, submitted safely.
#[component]
fn ReturnEditor(
    home: CareHome,
    week: Week,
    this_week: Week,
    history: Vec<StoredReturn>,
    /// The history as it is refreshed after each submission.
    listed: Signal<Vec<StoredReturn>>,
    on_saved: impl Fn() + Copy + 'static,
) -> impl IntoView {
    let data = use_data();
    let (start, prefilled_from) = match load_draft(&home.id, week) {
        Some(d) => (d, None),
        None => starting_draft(&home, week, &history),
    };
    let unchanged = start.form.clone();
    let draft = RwSignal::new(start);
    let touched = RwSignal::new(BTreeSet::<String>::new());
    let attempted = RwSignal::new(false);
    let saved = RwSignal::new(Saved::Device(None));
    let refused = RwSignal::new(None::<Refusal>);
    let busy = RwSignal::new(false);
    let summary = NodeRef::<leptos::html::Div>::new();
    let home = StoredValue::new(home);
    let (registered, home_id) = home.with_value(|h| (h.registered_beds, h.id.clone()));

    let problems = Memo::new(move |_| {
        draft.with(|d| {
            d.form
                .to_return(
                    &home.with_value(|h| h.id.clone()),
                    registered,
                    week,
                    this_week,
                    now(),
                )
                .err()
                .unwrap_or_default()
        })
    });
    let shown = Signal::derive(move || {
        let all = attempted.get();
        touched.with(|t| {
            problems
                .get()
                .into_iter()
                .filter(|p| all || t.contains(&p.field))
                .collect::<Vec<Problem>>()
        })
    });
    let edit = Callback::new(move |(field, change): Edit| {
        draft.update(|d| change(&mut d.form));
        touched.update(|t| {
            t.insert(field);
        });
        let key_home = home.with_value(|h| h.id.clone());
        draft.with_untracked(|d| save_draft(&key_home, week, d));
        let time = now();
        saved.set(Saved::Device(Some(format!(
            "{:02}:{:02}",
            chrono::Timelike::hour(&time),
            chrono::Timelike::minute(&time)
        ))));
    });

    let reload_home = home_id.clone();
    let submit = move |form: ReturnForm| {
        attempted.set(true);
        let ret = match form.to_return(&home_id, registered, week, this_week, now()) {
            Ok(r) => r,
            Err(_) => return focus(summary),
        };
        let Some(api) = data.api.get_untracked() else {
            return;
        };
        let d = draft.get_untracked();
        let submission = Submission::of(&ret, d.submission_id.clone(), d.base_version);
        let home_id = home_id.clone();
        busy.set(true);
        leptos::task::spawn_local(async move {
            match service::submit_return(&api, &home_id, &submission).await {
                Ok(stored) => {
                    drop_draft(&home_id, week);
                    refused.set(None);
                    // A further change amends what was just stored.
                    draft.update(|d| {
                        d.base_version = Some(stored.version);
                        d.submission_id = new_submission_id();
                    });
                    saved.set(Saved::Service(stored.version, stored.late));
                    on_saved();
                }
                Err(r) if r.code == "unreachable" => {
                    save_draft(&home_id, week, &draft.get_untracked());
                    saved.set(Saved::Device(None));
                    refused.set(Some(Refusal {
                        code: r.code,
                        message: "Not sent: the Care Market service could not be reached. Your return is kept on this device; press Submit again when you are back online (it will not be stored twice).".into(),
                        field: None,
                    }));
                    focus(summary);
                }
                Err(r) => {
                    refused.set(Some(r));
                    focus(summary);
                }
            }
            busy.set(false);
        });
    };
    let submit_form = {
        let submit = submit.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            submit(draft.get_untracked().form);
        }
    };
    let no_change = move |_| submit(unchanged.clone());
    let reload = {
        let home_id = reload_home;
        move |_| {
            drop_draft(&home_id, week);
            let _ = web_sys::window().map(|w| w.location().reload());
        }
    };

    let status = move || {
        match saved.get() {
        Saved::Service(version, late) => format!(
            "Submitted to Care Market: version {version} of the return for the week commencing {}{}.",
            format_day_month_year(week.monday()),
            if late { " (late)" } else { "" }
        ),
        Saved::Device(Some(at)) => format!("Saved on this device only at {at}: not yet submitted."),
        Saved::Device(None) => "Not yet submitted.".into(),
    }
    };
    let error_summary = move || {
        let mut items: Vec<(String, String)> = shown
            .get()
            .into_iter()
            .filter(|_| attempted.get())
            .map(|p| (field_id(&p.field), p.message))
            .collect();
        if let Some(r) = refused.get() {
            items.insert(
                0,
                (
                    r.field
                        .as_deref()
                        .map(field_id)
                        .unwrap_or_else(|| "return-form".into()),
                    r.message,
                ),
            );
        }
        (!items.is_empty()).then(|| view! {
            <h2 class="error-summary__title">"There is a problem"</h2>
            <ul>{items.into_iter().map(|(id, message)| view! { <li><a href=format!("#{id}")>{message}</a></li> }).collect_view()}</ul>
        })
    };
    let conflict =
        move || refused.with(|r| r.as_ref().is_some_and(|r| r.code == "version_conflict"));
    let heading = home.with_value(|h| {
        format!(
            "{}: week commencing {}",
            h.name,
            format_day_month_year(week.monday())
        )
    });
    let late_note = (week < this_week).then(
        || view! { <p class="inset">"This week is over: the return will be marked late."</p> },
    );
    let prefill_note = prefilled_from.map(|w| format!("Filled in from the return for the week commencing {}. Change what is different, or confirm it is all the same.", format_day_month_year(w.monday())));
    let ctx = FormContext { draft, shown, edit };

    view! {
        <div node_ref=summary class="error-summary" role="alert" tabindex="-1" hidden=move || error_summary().is_none()>{error_summary}</div>
        <h2>{heading}</h2>
        {late_note}
        <p class="save-status" role="status" data-testid="save-status">{status}</p>
        {move || conflict().then(|| view! { <button type="button" class="button" on:click=reload.clone()>"Start again from the latest version"</button> })}
        {prefill_note.map(|note| view! {
            <p>{note}</p>
            <button type="button" class="button" data-testid="no-change" on:click=no_change.clone() disabled=move || busy.get()>"No change since last week: submit it"</button>
        })}
        <form id="return-form" class="form return-form" on:submit=submit_form novalidate>
            <p class="hint">{format!("Registered for {registered} beds. Leave a bed category blank if the home does not offer it.")}</p>
            <Sections ctx/>
            <button type="submit" class="button button--primary" disabled=move || busy.get()>"Submit return"</button>
        </form>
        <History history=listed/>
    }
}

/// A change to the form: the field's JSON path and what to do to the form.
pub type Edit = (String, Box<dyn FnOnce(&mut ReturnForm)>);

/// What the form's fields share: the draft, the problems to show and the way to change it.
#[derive(Clone, Copy)]
pub struct FormContext {
    draft: RwSignal<Draft>,
    shown: Signal<Vec<Problem>>,
    edit: Callback<Edit>,
}

impl FormContext {
    /// The message for a field, if it has a problem to show.
    fn problem(&self, path: &str) -> Option<String> {
        self.shown.with(|ps| {
            ps.iter()
                .find(|p| p.field == path)
                .map(|p| p.message.clone())
        })
    }
}

fn focus(summary: NodeRef<leptos::html::Div>) {
    request_animation_frame(move || {
        if let Some(el) = summary.get_untracked() {
            let _ = el.focus();
        }
    });
}
