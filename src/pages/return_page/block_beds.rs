//! The provider's weekly report on the step-down beds a council has block-bought at the home:
//! bed nights occupied, admissions and discharges, checked by the same rule the data service
//! applies (`BlockContract::problem`) before it is sent.

use crate::data_context::use_data;
use crate::service;
use leptos::prelude::*;
use market_model::brokerage::block_beds::{BlockContract, BlockWeek};
use market_model::presentation::format::{format_count, format_day_month_year};
use market_model::primitives::week::Week;

/// The contracts at `home` that pay for nights in `week`, each with its report form; nothing
/// when there are none.
#[component]
pub fn BlockBeds(home: Memo<String>, week: Memo<Week>) -> impl IntoView {
    let api = use_data().api.get_untracked().unwrap_or_default();
    let contracts = LocalResource::new(move || {
        let api = api.clone();
        async move { service::block_contracts(&api).await }
    });
    move || {
        let (home, week) = (home.get(), week.get());
        let here: Vec<BlockContract> = contracts
            .get()?
            .ok()?
            .into_iter()
            .filter(|c| c.home == home && c.nights_in(week) > 0)
            .collect();
        (!here.is_empty()).then(|| {
            view! {
                <section aria-labelledby="block-beds-heading" class="block-beds" data-testid="block-beds">
                    <h2 id="block-beds-heading">"Step-down block beds"</h2>
                    <p>{format!("Report how the council's block-bought beds were used in the week commencing {}.", format_day_month_year(week.monday()))}</p>
                    {here.into_iter().map(|c| view! { <BlockWeekForm contract=c week/> }).collect_view()}
                </section>
            }
        })
    }
}

/// One number field of the report.
#[component]
fn Count(id: String, label: &'static str, node: NodeRef<leptos::html::Input>) -> impl IntoView {
    view! {
        <div class="field field--count">
            <label for=id.clone()>{label}</label>
            <input type="number" inputmode="numeric" min="0" step="1" id=id node_ref=node required/>
        </div>
    }
}

/// The report for one contract and week.
#[component]
fn BlockWeekForm(contract: BlockContract, week: Week) -> impl IntoView {
    let api = use_data().api.get_untracked().unwrap_or_default();
    let base = format!("block-{}", contract.id);
    let testid = format!("block-week-{}", contract.id);
    let nodes: [NodeRef<leptos::html::Input>; 3] = [NodeRef::new(), NodeRef::new(), NodeRef::new()];
    let said = RwSignal::new(None::<Result<String, String>>);
    let nights = contract.nights_in(week);
    let title = format!(
        "{} · {} beds · {} bed nights paid for this week",
        contract.purpose.label(),
        contract.beds,
        format_count(nights.into())
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let read = |i: usize| {
            nodes[i]
                .get()
                .and_then(|n| n.value().trim().parse::<u32>().ok())
        };
        let (Some(occupied_nights), Some(admissions), Some(discharges)) =
            (read(0), read(1), read(2))
        else {
            said.set(Some(Err(
                "Enter each figure as a whole number, 0 or more.".into()
            )));
            return;
        };
        let reported = BlockWeek {
            occupied_nights,
            admissions,
            discharges,
        };
        if let Some((_, message)) = contract.problem(week, &reported) {
            said.set(Some(Err(message)));
            return;
        }
        let (api, id) = (api.clone(), contract.id);
        leptos::task::spawn_local(async move {
            said.set(Some(
                match service::report_block_week(&api, id, week, &reported).await {
                    Ok(u) => Ok(format!(
                        "Sent: {} of {} bed nights used, {} empty.",
                        format_count(u.occupied_nights.unwrap_or(0).into()),
                        format_count(u.commissioned_nights.into()),
                        format_count(u.empty_nights.unwrap_or(0).into())
                    )),
                    Err(refusal) => Err(refusal.message),
                },
            ));
        });
    };
    view! {
        <form class="block-week" on:submit=submit data-testid=testid novalidate>
            <fieldset>
                <legend>{title}</legend>
                <div class="block-week__fields">
                    <Count id=format!("{base}-occupied") label="Bed nights occupied" node=nodes[0]/>
                    <Count id=format!("{base}-admissions") label="Admissions" node=nodes[1]/>
                    <Count id=format!("{base}-discharges") label="Discharges" node=nodes[2]/>
                </div>
                <div role="status" aria-live="polite">
                    {move || said.get().map(|r| match r {
                        Ok(text) => view! { <p class="save-status">{text}</p> }.into_any(),
                        Err(text) => view! { <p class="field-error">{text}</p> }.into_any(),
                    })}
                </div>
                <button type="submit" class="button button--primary">"Send the block-bed report"</button>
            </fieldset>
        </form>
    }
}
