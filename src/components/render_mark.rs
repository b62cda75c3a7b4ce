//! A Performance API mark made once a page's data is on screen, so a benchmark can read the time
//! to first render with `performance.getEntriesByName(name)`.

use leptos::prelude::*;

/// Marks `name` in the browser's performance timeline after it has been rendered.
#[component]
pub fn RenderMark(
    /// The mark's name.
    name: &'static str,
) -> impl IntoView {
    Effect::new(move || {
        if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
            // Only the first render counts; later renders (a week change) add nothing.
            if performance.get_entries_by_name(name).length() == 0 {
                let _ = performance.mark(name);
            }
        }
    });
}
