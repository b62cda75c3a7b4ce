//! The placements ledger upload for commissioners on the live service: the borough's CSV goes to
//! `POST /api/placements`, and the page shows what was added and updated and each rejected row
//! with its line and reason, then reloads the prices.

use super::api;
use crate::components::csv_upload::{CsvUpload, Sending, UploadReport};
use leptos::prelude::*;

/// Sends the ledger and reads the service's report.
fn send_ledger(api: String, file: web_sys::File) -> Sending {
    Box::pin(async move {
        api::import_ledger(&api, file).await.map(|r| UploadReport {
            summary: r.summary,
            counts: vec![
                ("Rows read", "ledger-rows", r.rows_read),
                ("Added", "ledger-added", r.added),
                ("Updated", "ledger-updated", r.updated),
                ("Rejected", "ledger-rejected", r.rejected.len()),
            ],
            rejected: r.rejected.into_iter().map(|x| (x.line, x.reason)).collect(),
        })
    })
}

/// The upload form and its report. Bumps `version` after a successful upload so the prices
/// reload.
#[component]
pub fn LedgerUpload(
    /// The prices' reload counter.
    version: RwSignal<u32>,
) -> impl IntoView {
    view! {
        <section class="upload" aria-labelledby="ledger-heading">
            <h3 id="ledger-heading">"Upload your placements ledger"</h3>
            <p>"A CSV with the columns placement_id, home_id, placing_borough, category, funder, weekly_price, start_date and end_date (see the README). Rows are added, or replace the row with the same borough and placement ID; each row that cannot be used is listed with its line and why, and the others are kept. A borough's commissioners upload their own borough's placements only."</p>
            <CsvUpload id="ledger" label="Placements ledger (CSV)" button="Upload ledger"
                missing="Choose the placements ledger file (CSV) to upload" done="Upload finished"
                testid="ledger-report" send=send_ledger on_done=Callback::new(move |()| version.update(|v| *v += 1))/>
        </section>
    }
}
