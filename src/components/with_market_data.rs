//! Waits for the market data, then renders a page's body, or says clearly why it could not load.
//! Every page that reads the data goes through this one component.

use crate::components::load_error::LoadError;
use crate::data_context::use_data;
use crate::data_source::MarketData;
use leptos::prelude::*;
use std::sync::Arc;

/// Shows `loading` until the data arrives, then `render(data)`.
#[component]
pub fn WithMarketData(
    /// What to say while loading.
    loading: &'static str,
    /// The page body for the loaded data.
    render: fn(Arc<MarketData>) -> AnyView,
) -> impl IntoView {
    let market = use_data().market;
    view! {
        <Suspense fallback=move || view! { <p class="loading" role="status">{loading}</p> }>
            {move || Suspend::new(async move {
                match market.await {
                    Ok(data) => render(data),
                    Err(error) => view! { <LoadError error/> }.into_any(),
                }
            })}
        </Suspense>
    }
}
