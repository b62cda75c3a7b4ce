//! A headline figure with a label and a line of context.

use leptos::prelude::*;

/// One key figure, such as "Registered beds: 16,479".
#[component]
pub fn KpiCard(
    /// What the figure is.
    label: &'static str,
    /// The figure, formatted.
    value: String,
    /// A line of context under it.
    detail: String,
    /// Hook for tests.
    testid: &'static str,
) -> impl IntoView {
    view! {
        <div class="kpi" data-testid=testid>
            <dt class="kpi__label">{label}</dt>
            <dd class="kpi__value">{value}</dd>
            <dd class="kpi__detail">{detail}</dd>
        </div>
    }
}
