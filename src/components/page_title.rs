//! The browser tab's title, set per page so screen-reader users hear where they are.

use leptos::prelude::*;

/// Sets `document.title` to "`title` – Care Market" while the calling page is shown.
pub fn use_page_title(title: &'static str) {
    Effect::new(move || {
        if let Some(document) = web_sys::window().and_then(|w| w.document()) {
            document.set_title(&format!("{title} – Care Market"));
        }
    });
}
