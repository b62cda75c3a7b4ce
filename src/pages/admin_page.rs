//! Administration: importing CQC's register (administrators only; the service checks again).

use crate::components::csv_upload::{CsvUpload, Sending, UploadReport};
use crate::components::page_title::use_page_title;
use crate::data_context::use_data;
use crate::service;
use leptos::prelude::*;

/// Sends the register and reads the service's report.
fn send_register(api: String, file: web_sys::File) -> Sending {
    Box::pin(async move {
        service::import_register(&api, file)
            .await
            .map(|r| UploadReport {
                summary: r.summary,
                counts: Vec::new(),
                rejected: r.rejected.into_iter().map(|x| (x.line, x.reason)).collect(),
            })
    })
}

/// The register import form and its report.
#[component]
pub fn AdminPage() -> impl IntoView {
    use_page_title("Administration");
    let data = use_data();
    let is_admin = move || {
        data.user
            .with(|u| u.as_ref().is_some_and(|u| u.role == "admin"))
    };
    view! {
        <div class="page page--narrow">
            <h1>"Administration"</h1>
            <p hidden=is_admin>"Sign in as an administrator to import CQC's register."</p>
            <div hidden=move || !is_admin()>
                <h2>"Import CQC's register"</h2>
                <p>"Upload CQC's active locations export (CSV). Care homes in the five boroughs are added or updated by location ID; homes no longer on the register are marked deregistered and keep their history."</p>
                <CsvUpload id="register" label="Register file (CSV)" button="Import"
                    missing="Choose the register file (CSV) to import" done="Import finished"
                    testid="import-report" send=send_register on_done=Callback::new(move |()| data.reload())/>
            </div>
        </div>
    }
}
