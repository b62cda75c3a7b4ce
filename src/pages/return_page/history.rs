//! The home's past returns, every version, newest first: amendments keep the old versions.

use crate::service::StoredReturn;
use chrono::Timelike;
use leptos::prelude::*;
use market_model::presentation::format::format_day_month_year;

/// The list of returns made.
#[component]
pub fn History(history: Signal<Vec<StoredReturn>>) -> impl IntoView {
    let rows = move || {
        history
            .get()
            .into_iter()
            .map(|s| {
                let r = &s.capacity_return;
                let t = market_model::primitives::london::local(r.submitted_at);
                format!(
                    "Week commencing {}: version {}, sent {} at {:02}:{:02}{}{}",
                    format_day_month_year(r.week.monday()),
                    s.version,
                    format_day_month_year(t.date()),
                    t.hour(),
                    t.minute(),
                    if s.late { " (late)" } else { "" },
                    s.submitted_by
                        .map(|u| format!(" by {u}"))
                        .unwrap_or_default()
                )
            })
            .collect::<Vec<_>>()
    };
    view! {
        <section aria-labelledby="history-title" data-testid="return-history">
            <h2 id="history-title">"Returns made for this home"</h2>
            {move || {
                let rows = rows();
                if rows.is_empty() {
                    view! { <p>"None yet."</p> }.into_any()
                } else {
                    view! { <ul>{rows.into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}</ul> }.into_any()
                }
            }}
        </section>
    }
}
