//! Sending a CSV file to the live service (the CQC register, a placements ledger) and showing
//! what it did: the summary, any counts, and each refused row with its line and reason.

use crate::data_context::use_data;
use crate::service::Refusal;
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

/// What an upload did, as the page shows it.
pub struct UploadReport {
    /// The counts in a sentence.
    pub summary: String,
    /// Figures to list: (label, its test hook, value).
    pub counts: Vec<(&'static str, &'static str, usize)>,
    /// Refused rows: (line, reason).
    pub rejected: Vec<(u32, String)>,
}

/// The answer to an upload, on its way.
pub type Sending = Pin<Box<dyn Future<Output = Result<UploadReport, Refusal>>>>;

/// A file input, its button and the report of the last upload. `send(api, file)` uploads;
/// `on_done` runs after an upload the service accepted.
#[component]
pub fn CsvUpload(
    /// The input's id (and the error's link target).
    id: &'static str,
    /// The input's label.
    label: &'static str,
    /// The button's text.
    button: &'static str,
    /// What to say when no file was chosen.
    missing: &'static str,
    /// The report's heading ("Import finished").
    done: &'static str,
    /// Test hook for the report.
    testid: &'static str,
    /// Sends the file.
    send: fn(String, web_sys::File) -> Sending,
    /// Runs after a successful upload.
    on_done: Callback<()>,
) -> impl IntoView {
    let data = use_data();
    let file = NodeRef::<leptos::html::Input>::new();
    let outcome = RwSignal::new(None::<Result<UploadReport, Refusal>>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = file
            .get_untracked()
            .and_then(|f| f.files())
            .and_then(|f| f.get(0));
        let (Some(chosen), Some(api)) = (chosen, data.api.get_untracked()) else {
            outcome.set(Some(Err(Refusal {
                code: String::new(),
                message: missing.into(),
                field: Some(id.into()),
            })));
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = send(api, chosen).await;
            if result.is_ok() {
                on_done.run(());
            }
            outcome.set(Some(result));
            busy.set(false);
        });
    };
    let report = move || {
        outcome.with(|o| {
            o.as_ref().map(|o| match o {
                Ok(r) => view! {
                    <div role="status" class="report" data-testid=testid>
                        <p class="report__title"><strong>{done}</strong></p>
                        <p>{r.summary.clone()}</p>
                        {(!r.counts.is_empty()).then(|| view! {
                            <dl class="facts">
                                {r.counts.iter().map(|(label, hook, n)| view! {
                                    <dt>{*label}</dt><dd data-testid=*hook>{*n}</dd>
                                }).collect_view()}
                            </dl>
                        })}
                        <ul aria-label="Rejected rows" data-testid=format!("{id}-rejected-rows")>
                            {r.rejected.iter().map(|(line, reason)| view! { <li>{format!("Line {line}: {reason}")}</li> }).collect_view()}
                        </ul>
                    </div>
                }
                .into_any(),
                Err(e) => view! {
                    <div class="error-summary" role="alert">
                        <p class="error-summary__title">"There is a problem"</p>
                        <p><a href=format!("#{id}")>{e.message.clone()}</a></p>
                    </div>
                }
                .into_any(),
            })
        })
    };
    view! {
        {report}
        <form class="form" on:submit=submit>
            <div class="field">
                <label for=id>{label}</label>
                <input id=id type="file" accept=".csv,text/csv" node_ref=file/>
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>{button}</button>
        </form>
    }
}
