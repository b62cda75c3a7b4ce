//! A clear message when data cannot be loaded, in place of a blank page.

use crate::data_source::DataError;
use leptos::prelude::*;

/// Says what failed and what to do, announced to screen readers as an alert.
#[component]
pub fn LoadError(
    /// What went wrong.
    error: DataError,
) -> impl IntoView {
    view! {
        <div class="error-summary" role="alert" data-testid="load-error">
            <h2 class="error-summary__title">"The market data could not be loaded"</h2>
            <p>{error.to_string()}</p>
            <p>"Reload the page to try again. If the problem continues, tell the Care Market team."</p>
        </div>
    }
}
