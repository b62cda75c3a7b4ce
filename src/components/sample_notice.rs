//! The banner that says the data is sample data, on every page. `/config.json` says so before
//! any data loads, so the banner is in place when the page's content arrives and never pushes it
//! down; the data's manifest then confirms it.

use crate::data_context::use_data;
use leptos::prelude::*;

/// Shows the sample-data notice while there is one.
#[component]
pub fn SampleNotice() -> impl IntoView {
    let notice = use_data().notice;
    move || {
        notice.get().map(|text| {
            view! {
                <div class="sample-notice" role="note" data-testid="sample-notice">
                    <strong class="tag">"Sample data"</strong>
                    <span>{text}</span>
                </div>
            }
        })
    }
}
