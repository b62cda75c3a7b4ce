//! Administration: importing CQC's register (administrators only; the service checks again).

use crate::app::use_data;
use crate::components::page_title::use_page_title;
use crate::service::{self, ImportReport, Refusal};
use leptos::prelude::*;

/// The register import form and its report.
#[component]
pub fn AdminPage() -> impl IntoView {
    use_page_title("Administration");
    let data = use_data();
    let file = NodeRef::<leptos::html::Input>::new();
    let outcome = RwSignal::new(None::<Result<ImportReport, Refusal>>);
    let busy = RwSignal::new(false);
    let is_admin = move || {
        data.user
            .with(|u| u.as_ref().is_some_and(|u| u.role == "admin"))
    };

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = file
            .get_untracked()
            .and_then(|f| f.files())
            .and_then(|f| f.get(0));
        let (Some(chosen), Some(api)) = (chosen, data.api.get_untracked()) else {
            outcome.set(Some(Err(Refusal {
                code: String::new(),
                message: "Choose the register file (CSV) to import".into(),
                field: Some("register".into()),
            })));
            return;
        };
        busy.set(true);
        leptos::task::spawn_local(async move {
            let result = service::import_register(&api, chosen).await;
            if result.is_ok() {
                data.market.refetch();
            }
            outcome.set(Some(result));
            busy.set(false);
        });
    };

    let report = move || {
        outcome.get().map(|o| match o {
            Ok(r) => view! {
                <div role="status" data-testid="import-report">
                    <h2>"Import finished"</h2>
                    <p>{r.summary}</p>
                    <ul aria-label="Rejected rows">
                        {r.rejected.into_iter().map(|x| view! { <li>{format!("Line {}: {}", x.line, x.reason)}</li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any(),
            Err(e) => view! {
                <div class="error-summary" role="alert">
                    <h2 class="error-summary__title">"There is a problem"</h2>
                    <p><a href="#register">{e.message}</a></p>
                </div>
            }
            .into_any(),
        })
    };

    view! {
        <div class="page page--narrow">
            <h1>"Administration"</h1>
            <p hidden=is_admin>"Sign in as an administrator to import CQC's register."</p>
            <div hidden=move || !is_admin()>
                {report}
                <h2>"Import CQC's register"</h2>
                <p>"Upload CQC's active locations export (CSV). Care homes in the five boroughs are added or updated by location ID; homes no longer on the register are marked deregistered and keep their history."</p>
                <form class="form" on:submit=submit>
                    <div class="field">
                        <label for="register">"Register file (CSV)"</label>
                        <input id="register" type="file" accept=".csv,text/csv" node_ref=file/>
                    </div>
                    <button type="submit" class="button" disabled=move || busy.get()>"Import"</button>
                </form>
            </div>
        </div>
    }
}
