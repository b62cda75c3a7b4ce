//! The form for one home's return for one week: kept on this device as it is typed, checked as
//! it is typed, and submitted so that a retry is never stored twice.

use super::drafts::{drop_draft, load_draft, new_submission_id, save_draft, starting_draft, Draft};
use super::fields::Sections;
use super::history::History;
use crate::clock::now;
use crate::data_context::use_data;
use crate::service::{self, Refusal, StoredReturn};
use leptos::prelude::*;
use market_model::presentation::format::format_day_month_year;
use market_model::primitives::week::Week;
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::Submission;
use market_model::returns::return_form::{field_id, ReturnForm};
use market_model::returns::validation::Problem;
use std::collections::BTreeSet;

/// Where the return stands, as the provider is told it.
#[derive(Clone, Debug, PartialEq)]
enum Saved {
    /// Only on this device (typed, or the service was out of reach).
    Device(Option<String>),
    /// The service has it: its version, and whether it was late.
    Service(u32, bool),
}

/// One home's return for one week while it is edited: the draft and where it stands.
#[derive(Clone, Copy)]
struct Editing {
    home: StoredValue<CareHome>,
    week: Week,
    this_week: Week,
    draft: RwSignal<Draft>,
    /// Whether the provider has tried to submit (every problem is shown from then on).
    attempted: RwSignal<bool>,
    saved: RwSignal<Saved>,
    /// The service's refusal of the last submission.
    refused: RwSignal<Option<Refusal>>,
    /// Whether a submission is on its way.
    busy: RwSignal<bool>,
    /// The error summary, focused when there is a problem.
    summary: NodeRef<leptos::html::Div>,
}

impl Editing {
    /// What is wrong with the draft as it stands.
    fn problems(self) -> Vec<Problem> {
        let (id, registered) = self.home.with_value(|h| (h.id.clone(), h.registered_beds));
        self.draft.with(|d| {
            d.form
                .to_return(&id, registered, self.week, self.this_week, now())
                .err()
                .unwrap_or_default()
        })
    }

    /// Applies a change to a field, keeps the draft on this device and says when.
    fn edit(self, change: impl FnOnce(&mut ReturnForm)) {
        self.draft.update(|d| change(&mut d.form));
        let id = self.home.with_value(|h| h.id.clone());
        self.draft.with_untracked(|d| save_draft(&id, self.week, d));
        let time = now();
        self.saved.set(Saved::Device(Some(format!(
            "{:02}:{:02}",
            chrono::Timelike::hour(&time),
            chrono::Timelike::minute(&time)
        ))));
    }

    /// Submits `form` to the service at `api` if it is a valid return (else shows every problem),
    /// as a new version or an amendment of the one it started from; `on_saved` runs once stored.
    /// A lost connection keeps the draft for a retry, which the service will not store twice.
    fn submit(self, api: String, form: ReturnForm, on_saved: impl Fn() + 'static) {
        self.attempted.set(true);
        let (home_id, registered) = self.home.with_value(|h| (h.id.clone(), h.registered_beds));
        let Ok(ret) = form.to_return(&home_id, registered, self.week, self.this_week, now()) else {
            return focus(self.summary);
        };
        let d = self.draft.get_untracked();
        let submission = Submission::of(&ret, d.submission_id.clone(), d.base_version);
        let Editing {
            week,
            draft,
            saved,
            refused,
            busy,
            summary,
            ..
        } = self;
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
    }

    /// Where the return stands, in words.
    fn status(self) -> String {
        match self.saved.get() {
            Saved::Service(version, late) => format!(
                "Submitted to Care Market: version {version} of the return for the week commencing {}{}.",
                format_day_month_year(self.week.monday()),
                if late { " (late)" } else { "" }
            ),
            Saved::Device(Some(at)) => format!("Saved on this device only at {at}: not yet submitted."),
            Saved::Device(None) => "Not yet submitted.".into(),
        }
    }
}

/// The form for one home and week: draft saved as typed, checked as typed, submitted safely.
#[component]
pub fn ReturnEditor(
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
    let registered = home.registered_beds;
    let heading = format!(
        "{}: week commencing {}",
        home.name,
        format_day_month_year(week.monday())
    );
    let editing = Editing {
        home: StoredValue::new(home),
        week,
        this_week,
        draft: RwSignal::new(start),
        attempted: RwSignal::new(false),
        saved: RwSignal::new(Saved::Device(None)),
        refused: RwSignal::new(None),
        busy: RwSignal::new(false),
        summary: NodeRef::new(),
    };
    let touched = RwSignal::new(BTreeSet::<String>::new());
    let problems = Memo::new(move |_| editing.problems());
    let shown = Signal::derive(move || {
        let all = editing.attempted.get();
        touched.with(|t| {
            problems
                .get()
                .into_iter()
                .filter(|p| all || t.contains(&p.field))
                .collect::<Vec<Problem>>()
        })
    });
    let edit = Callback::new(move |(field, change): Edit| {
        touched.update(|t| {
            t.insert(field);
        });
        editing.edit(change);
    });
    let submit = move |form: ReturnForm| {
        if let Some(api) = data.api.get_untracked() {
            editing.submit(api, form, on_saved);
        }
    };
    let submit_form = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        submit(editing.draft.get_untracked().form);
    };
    let no_change = move |_| submit(unchanged.clone());
    let reload = move |_| {
        editing.home.with_value(|h| drop_draft(&h.id, week));
        let _ = web_sys::window().map(|w| w.location().reload());
    };
    let conflict = move || {
        editing
            .refused
            .with(|r| r.as_ref().is_some_and(|r| r.code == "version_conflict"))
    };
    let late_note = (week < this_week).then(
        || view! { <p class="inset">"This week is over: the return will be marked late."</p> },
    );
    let prefill_note = prefilled_from.map(|w| format!("Filled in from the return for the week commencing {}. Change what is different, or confirm it is all the same.", format_day_month_year(w.monday())));
    let ctx = FormContext {
        draft: editing.draft,
        shown,
        edit,
    };
    let busy = editing.busy;

    view! {
        <ErrorSummary editing shown/>
        <h2>{heading}</h2>
        {late_note}
        <p class="save-status" role="status" data-testid="save-status">{move || editing.status()}</p>
        {move || conflict().then(|| view! { <button type="button" class="button" on:click=reload>"Start again from the latest version"</button> })}
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

/// The GOV.UK error summary: the service's refusal, then (once submission was tried) every
/// problem, each linking to its field. Hidden when there is nothing to say.
#[component]
fn ErrorSummary(editing: Editing, shown: Signal<Vec<Problem>>) -> impl IntoView {
    let items = move || {
        let mut items: Vec<(String, String)> = shown
            .get()
            .into_iter()
            .filter(|_| editing.attempted.get())
            .map(|p| (field_id(&p.field), p.message))
            .collect();
        if let Some(r) = editing.refused.get() {
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
    view! {
        <div node_ref=editing.summary class="error-summary" role="alert" tabindex="-1" hidden=move || items().is_none()>{items}</div>
    }
}

/// A change to the form: the field's JSON path and what to do to the form.
pub type Edit = (String, Box<dyn FnOnce(&mut ReturnForm)>);

/// What the form's fields share: the draft, the problems to show and the way to change it.
#[derive(Clone, Copy)]
pub struct FormContext {
    /// The draft as typed.
    pub(super) draft: RwSignal<Draft>,
    /// The problems to show.
    pub(super) shown: Signal<Vec<Problem>>,
    /// Changes a field.
    pub(super) edit: Callback<Edit>,
}

impl FormContext {
    /// The message for a field, if it has a problem to show.
    pub(super) fn problem(&self, path: &str) -> Option<String> {
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
