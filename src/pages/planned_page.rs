//! A page whose feature is on its way: says what it will do, so no link is broken.

use crate::components::page_title::use_page_title;
use leptos::prelude::*;

/// Names the feature and what it will offer.
#[component]
pub fn PlannedPage(
    /// The page's heading.
    title: &'static str,
    /// What the page will do.
    summary: &'static str,
) -> impl IntoView {
    use_page_title(title);
    view! {
        <div class="page">
            <h1>{title}</h1>
            <p class="lead">{summary}</p>
            <p class="inset">"This part of Care Market is being built. Until it is ready, the "
                <a href="/">"market overview"</a>" shows supply, vacancies and fees for the five boroughs."</p>
        </div>
    }
}
