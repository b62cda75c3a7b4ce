//! The banner that says the data is sample data, on every page, whenever the manifest says so.
//! It reads the data without suspending: until the data arrives there is simply no banner.

use crate::app::use_data;
use leptos::prelude::*;

/// Shows the manifest's notice when the data set is sample data.
#[component]
pub fn SampleNotice() -> impl IntoView {
    let market = use_data().market;
    move || {
        market
            .get()
            .and_then(Result::ok)
            .filter(|m| m.manifest.sample)
            .map(|m| {
                view! {
                    <div class="sample-notice" role="note" data-testid="sample-notice">
                        <strong class="tag">"Sample data"</strong>
                        <span>{m.manifest.notice.clone()}</span>
                    </div>
                }
            })
    }
}
