//! The placements ledger upload for commissioners on the live service: the borough's CSV goes to
//! `POST /api/placements`, and the page shows what was added and updated and each rejected row
//! with its line and reason, then reloads the prices.

use super::api::{self, LedgerReport};
use crate::app::use_data;
use crate::service::Refusal;
use leptos::prelude::*;

/// The upload form and its report. Bumps `version` after a successful upload so the prices
/// reload.
#[component]
pub fn LedgerUpload(
    /// The prices' reload counter.
    version: RwSignal<u32>,
) -> impl IntoView {
    let data = use_data();
    let file = NodeRef::<leptos::html::Input>::new();
    let outcome = RwSignal::new(None::<Result<LedgerReport, Refusal>>);
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = file
            .get_untracked()
            .and_then(|f| f.files())
            .and_then(|f| f.get(0));
        let (Some(chosen), Some(base)) = (chosen, data.api.get_untracked()) else {
            outcome.set(Some(Err(Refusal {
                code: String::new(),
                message: "Choose the placements ledger file (CSV) to upload".into(),
                field: Some("ledger".into()),
            })));
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = api::import_ledger(&base, chosen).await;
            if result.is_ok() {
                version.update(|v| *v += 1);
            }
            outcome.set(Some(result));
            busy.set(false);
        });
    };

    let report = move || {
        outcome.get().map(|o| match o {
            Ok(r) => view! {
                <div role="status" class="report" data-testid="ledger-report">
                    <h4>"Upload finished"</h4>
                    <p>{r.summary}</p>
                    <dl class="facts">
                        <dt>"Rows read"</dt><dd data-testid="ledger-rows">{r.rows_read}</dd>
                        <dt>"Added"</dt><dd data-testid="ledger-added">{r.added}</dd>
                        <dt>"Updated"</dt><dd data-testid="ledger-updated">{r.updated}</dd>
                        <dt>"Rejected"</dt><dd data-testid="ledger-rejected">{r.rejected.len()}</dd>
                    </dl>
                    {(!r.rejected.is_empty()).then(|| view! {
                        <ul aria-label="Rejected rows" data-testid="ledger-rejected-rows">
                            {r.rejected.into_iter().map(|x| view! { <li>{format!("Line {}: {}", x.line, x.reason)}</li> }).collect_view()}
                        </ul>
                    })}
                </div>
            }
            .into_any(),
            Err(e) => view! {
                <div class="error-summary" role="alert">
                    <h4 class="error-summary__title">"There is a problem"</h4>
                    <p><a href="#ledger">{e.message}</a></p>
                </div>
            }
            .into_any(),
        })
    };

    view! {
        <section class="upload" aria-labelledby="ledger-heading">
            <h3 id="ledger-heading">"Upload your placements ledger"</h3>
            <p>"A CSV with the columns placement_id, home_id, placing_borough, category, funder, weekly_price, start_date and end_date (see the README). Rows are added, or replace the row with the same borough and placement ID; each row that cannot be used is listed with its line and why, and the others are kept. A borough's commissioners upload their own borough's placements only."</p>
            <form class="form" on:submit=submit>
                <div class="field">
                    <label for="ledger">"Placements ledger (CSV)"</label>
                    <input id="ledger" type="file" accept=".csv,text/csv" node_ref=file/>
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>"Upload ledger"</button>
            </form>
            {report}
        </section>
    }
}
