//! The page for an address that is not part of the app.

use crate::components::page_title::use_page_title;
use leptos::prelude::*;

/// Says the page does not exist and offers the way back.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    use_page_title("Page not found");
    view! {
        <div class="page">
            <h1>"Page not found"</h1>
            <p>"If you typed the web address, check it is correct. If you followed a link, it may be out of date."</p>
            <p><a href="/">"Go to the market overview"</a></p>
        </div>
    }
}
