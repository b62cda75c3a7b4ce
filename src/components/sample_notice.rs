//! The banner that says the data is sample data, on every page, whenever the manifest says so.

use crate::app::use_data;
use leptos::prelude::*;

/// Shows the manifest's notice when the data set is sample data.
#[component]
pub fn SampleNotice() -> impl IntoView {
    let manifest = use_data().manifest;
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                manifest.await.ok().filter(|m| m.sample).map(|m| view! {
                    <div class="sample-notice" role="note" data-testid="sample-notice">
                        <strong class="tag">"Sample data"</strong>
                        <span>{m.notice}</span>
                    </div>
                })
            })}
        </Suspense>
    }
}
