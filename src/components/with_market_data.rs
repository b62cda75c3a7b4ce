//! Waits for the market data a page needs, then renders the page's body, or says clearly why it
//! could not load. Every page that reads the data goes through this one component.

use crate::components::load_error::LoadError;
use crate::data_context::{use_data, Need};
use crate::data_source::MarketData;
use crate::router::use_location;
use leptos::prelude::*;
use std::sync::Arc;

/// Shows `loading` until the data `need` names arrives, then `render(data)`. When the data
/// changes (a new `?week=` for [`Need::ShownWeek`] or [`Need::LatestAsAt`], or a reload) the page stays on screen until
/// the new data is there.
#[component]
pub fn WithMarketData(
    /// What to say while loading.
    loading: &'static str,
    /// Which returns the page needs.
    need: Need,
    /// The page body for the loaded data.
    render: fn(Arc<MarketData>) -> AnyView,
) -> impl IntoView {
    let (data, location) = (use_data(), use_location());
    // Only a change of week matters: the page's other query keys (the map's filters and the home
    // opened) must not make the page load and draw again.
    let requested = Memo::new(move |_| {
        matches!(need, Need::ShownWeek | Need::LatestAsAt)
            .then(|| location.param("week"))
            .flatten()
    });
    let market = LocalResource::new(move || data.market(need, requested.get()));
    view! {
        <Transition fallback=move || view! { <p class="loading" role="status">{loading}</p> }>
            {move || Suspend::new(async move {
                match market.await {
                    Ok(data) => render(data),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Transition>
    }
}
