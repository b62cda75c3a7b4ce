//! The return form's fields, described by tables and drawn by one loop, so the form costs the
//! app little code. Each field reads and writes the draft through plain function pointers, shows
//! its own problem above the input (GOV.UK style) and carries an ID made from its JSON path, which
//! the error summary links to.

use super::editor::FormContext;
use leptos::prelude::*;
use market_model::returns::capacity_return::{BedCategory, BedsFor, ClosureReason};
use market_model::returns::return_form::{field_id, ReturnForm, COUNTS};
use std::sync::Arc;

/// One field of the form.
enum Field {
    /// Text or a number: JSON path, label, numeric keyboard, read, write.
    Text(
        &'static str,
        &'static str,
        bool,
        fn(&ReturnForm) -> String,
        fn(&mut ReturnForm, String),
    ),
    /// A checkbox: ID, label, read, write.
    Check(
        &'static str,
        &'static str,
        fn(&ReturnForm) -> bool,
        fn(&mut ReturnForm, bool),
    ),
    /// A choice: JSON path, label, options (value, label), read (index), write (index).
    Choice(
        &'static str,
        &'static str,
        &'static [&'static str],
        fn(&ReturnForm) -> usize,
        fn(&mut ReturnForm, usize),
    ),
    /// The four counts of every bed category.
    Beds,
}

const CLOSURE_REASONS: [Option<ClosureReason>; 6] = [
    None,
    Some(ClosureReason::InfectionOutbreak),
    Some(ClosureReason::Staffing),
    Some(ClosureReason::CqcAction),
    Some(ClosureReason::Refurbishment),
    Some(ClosureReason::Other),
];
const BEDS_FOR: [BedsFor; 3] = [BedsFor::Anyone, BedsFor::WomenOnly, BedsFor::MenOnly];

/// The form, section by section.
const SECTIONS: &[(&str, &[Field])] = &[
    (
        "Beds",
        &[
            Field::Beds,
            Field::Text(
                "capacity_note",
                "If capacity is below the registered beds, why?",
                false,
                |f| f.capacity_note.clone(),
                |f, v| f.capacity_note = v,
            ),
            Field::Text(
                "step_down_beds_offered",
                "Step-down beds offered to the NHS",
                true,
                |f| f.step_down_offered.clone(),
                |f, v| f.step_down_offered = v,
            ),
        ],
    ),
    (
        "Admissions",
        &[
            Field::Check(
                "closed",
                "Closed to admissions this week",
                |f| f.closed,
                |f, v| f.closed = v,
            ),
            Field::Choice(
                "admissions.reason",
                "Why closed",
                &[
                    "Choose a reason",
                    "Infection outbreak",
                    "Staffing",
                    "CQC action",
                    "Refurbishment",
                    "Other",
                ],
                |f| {
                    CLOSURE_REASONS
                        .iter()
                        .position(|r| *r == f.closure_reason)
                        .unwrap_or(0)
                },
                |f, i| f.closure_reason = CLOSURE_REASONS[i],
            ),
            Field::Text(
                "admissions.detail",
                "Reason, if other",
                false,
                |f| f.closure_detail.clone(),
                |f, v| f.closure_detail = v,
            ),
            Field::Choice(
                "vacant_beds_for",
                "Vacant beds can take",
                &["Anyone", "Women only", "Men only"],
                |f| {
                    BEDS_FOR
                        .iter()
                        .position(|b| *b == f.vacant_beds_for)
                        .unwrap_or(0)
                },
                |f, i| f.vacant_beds_for = BEDS_FOR[i],
            ),
        ],
    ),
    (
        "Needs the home can meet now",
        &[
            Field::Check(
                "needs-non-weight-bearing",
                "Non-weight-bearing",
                |f| f.needs.non_weight_bearing,
                |f, v| f.needs.non_weight_bearing = v,
            ),
            Field::Check(
                "needs-hoist",
                "Hoist or two carers",
                |f| f.needs.hoist_two_carers,
                |f, v| f.needs.hoist_two_carers = v,
            ),
            Field::Check(
                "needs-rehabilitation",
                "Rehabilitation on site",
                |f| f.needs.rehabilitation,
                |f, v| f.needs.rehabilitation = v,
            ),
            Field::Check(
                "needs-challenging-behaviour",
                "Behaviour that challenges",
                |f| f.needs.challenging_behaviour,
                |f, v| f.needs.challenging_behaviour = v,
            ),
            Field::Text(
                "needs.bariatric_max_kg",
                "Bariatric care up to (kg), blank for none",
                true,
                |f| f.bariatric_kg.clone(),
                |f, v| f.bariatric_kg = v,
            ),
        ],
    ),
    (
        "Weekly fees",
        &[
            Field::Check(
                "council-rate",
                "Accepts the council-funded rate",
                |f| f.council_rate_accepted,
                |f, v| f.council_rate_accepted = v,
            ),
            Field::Text(
                "fees.self_funder_from",
                "Self-funder fee from (£ a week)",
                false,
                |f| f.fee_from.clone(),
                |f, v| f.fee_from = v,
            ),
            Field::Text(
                "fees.self_funder_to",
                "Self-funder fee to (£ a week)",
                false,
                |f| f.fee_to.clone(),
                |f, v| f.fee_to = v,
            ),
        ],
    ),
    (
        "Admissions contact",
        &[
            Field::Text(
                "contact.name",
                "Name or role",
                false,
                |f| f.contact_name.clone(),
                |f, v| f.contact_name = v,
            ),
            Field::Text(
                "contact.phone",
                "Telephone",
                false,
                |f| f.contact_phone.clone(),
                |f, v| f.contact_phone = v,
            ),
            Field::Text(
                "contact.hours",
                "Hours",
                false,
                |f| f.contact_hours.clone(),
                |f, v| f.contact_hours = v,
            ),
        ],
    ),
];

/// Every section of the form.
#[component]
pub fn Sections(ctx: FormContext) -> impl IntoView {
    SECTIONS
        .iter()
        .map(|(legend, fields)| {
            view! {
                <fieldset>
                    <legend>{*legend}</legend>
                    {fields.iter().map(|f| field(ctx, f)).collect_view()}
                </fieldset>
            }
        })
        .collect_view()
}

fn field(ctx: FormContext, f: &'static Field) -> AnyView {
    match *f {
        Field::Text(path, label, numeric, get, set) => {
            input(ctx, path.to_string(), label.to_string(), numeric, Arc::new(get), Arc::new(set))
        }
        Field::Check(id, label, get, set) => view! {
            <div class="check">
                <input type="checkbox" id=id prop:checked=move || ctx.draft.with(|d| get(&d.form))
                    on:change=move |ev| {
                        let v = event_target_checked(&ev);
                        ctx.edit.run((id.to_string(), Box::new(move |f: &mut ReturnForm| set(f, v))));
                    }/>
                <label for=id>{label}</label>
            </div>
        }
        .into_any(),
        Field::Choice(path, label, options, get, set) => {
            let id = field_id(path);
            view! {
                <div class="field">
                    <label for=id.clone()>{label}</label>
                    {move || ctx.problem(path).map(|m| view! { <p class="field-error"><span class="visually-hidden">"Error: "</span>{m}</p> })}
                    <select id=id prop:value=move || ctx.draft.with(|d| get(&d.form).to_string())
                        on:change=move |ev| {
                            let i = event_target_value(&ev).parse().unwrap_or(0);
                            ctx.edit.run((path.to_string(), Box::new(move |f: &mut ReturnForm| set(f, i))));
                        }>
                        {options.iter().enumerate().map(|(i, text)| view! { <option value=i.to_string()>{*text}</option> }).collect_view()}
                    </select>
                </div>
            }
            .into_any()
        }
        Field::Beds => BedCategory::ALL
            .into_iter()
            .map(|category| {
                let key = category.key();
                view! {
                    <fieldset class="bed-row">
                        <legend>{category.label()}</legend>
                        {COUNTS.iter().enumerate().map(|(i, (count, label))| {
                            input(
                                ctx,
                                format!("beds.{key}.{count}"),
                                label.to_string(),
                                true,
                                Arc::new(move |d| d.beds.get(&category).map(|row| row[i].clone()).unwrap_or_default()),
                                Arc::new(move |d, v| d.beds.entry(category).or_default()[i] = v),
                            )
                        }).collect_view()}
                    </fieldset>
                }
            })
            .collect_view()
            .into_any(),
    }
}

/// Reads a text field from the form.
type Get = Arc<dyn Fn(&ReturnForm) -> String + Send + Sync>;
/// Writes a text field into the form.
type Set = Arc<dyn Fn(&mut ReturnForm, String) + Send + Sync>;

/// A labelled input with its problem (one function for every text field, so it is compiled once).
fn input(
    ctx: FormContext,
    path: String,
    label: String,
    numeric: bool,
    get: Get,
    set: Set,
) -> AnyView {
    let id = field_id(&path);
    let error_id = format!("{id}-error");
    let problem = {
        let path = path.clone();
        move || ctx.problem(&path)
    };
    let described = {
        let (problem, error_id) = (problem.clone(), error_id.clone());
        move || problem().map(|_| error_id.clone())
    };
    view! {
        <div class="field" class:field--count=numeric>
            <label for=id.clone()>{label}</label>
            {move || problem().map(|m| view! { <p class="field-error" id=error_id.clone()><span class="visually-hidden">"Error: "</span>{m}</p> })}
            <input id=id inputmode=numeric.then_some("numeric") aria-describedby=described
                prop:value=move || ctx.draft.with(|d| get(&d.form))
                on:input=move |ev| {
                    let v = event_target_value(&ev);
                    let set = set.clone();
                    ctx.edit.run((path.clone(), Box::new(move |f: &mut ReturnForm| set(f, v))));
                }/>
        </div>
    }
    .into_any()
}
