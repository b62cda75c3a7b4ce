//! Client-side routing in a page of code: the location as signals, `history` for navigation,
//! and one document-level click handler that turns same-origin links into navigations. It replaced
//! leptos_router, whose generality cost the app several kilobytes of its size budget.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Where the app is: path and query string, kept current by navigation and back/forward.
#[derive(Clone, Copy)]
pub struct Location {
    /// The path, such as "/map".
    pub path: RwSignal<String>,
    /// The query string, with its "?" (empty when there is none).
    pub search: RwSignal<String>,
}

impl Location {
    /// One query parameter, decoded (tracked: the caller re-runs when the query changes).
    pub fn param(&self, key: &str) -> Option<String> {
        web_sys::UrlSearchParams::new_with_str(&self.search.get())
            .ok()?
            .get(key)
    }

    /// Every query parameter in order, decoded (tracked).
    pub fn params(&self) -> Vec<(String, String)> {
        let search = self.search.get();
        let Ok(params) = web_sys::UrlSearchParams::new_with_str(&search) else {
            return Vec::new();
        };
        // Keys in order of appearance, each once; a repeated key keeps its first value.
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in search.trim_start_matches('?').split('&') {
            let raw = part.split('=').next().unwrap_or("");
            let key = js_sys::decode_uri_component(&raw.replace('+', " "))
                .map(String::from)
                .unwrap_or_default();
            if !key.is_empty() && !pairs.iter().any(|(k, _)| *k == key) {
                if let Some(value) = params.get(&key) {
                    pairs.push((key, value));
                }
            }
        }
        pairs
    }

    /// Goes to `href` (a path on this origin, with any query): a new history entry and the top
    /// of the page, or, with `replace`, the same entry and the same scroll (for filters kept in
    /// the URL).
    pub fn go(&self, href: &str, replace: bool) {
        let window = window();
        if let Ok(history) = window.history() {
            let _ = if replace {
                history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            } else {
                history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href))
            };
        }
        self.sync();
        if !replace {
            window.scroll_to_with_x_and_y(0.0, 0.0);
        }
    }

    /// Copies the address bar into the signals (only what changed, so nothing re-renders idly).
    fn sync(&self) {
        let location = window().location();
        let (path, search) = (
            location.pathname().unwrap_or_default(),
            location.search().unwrap_or_default(),
        );
        if self.path.get_untracked() != path {
            self.path.set(path);
        }
        if self.search.get_untracked() != search {
            self.search.set(search);
        }
    }
}

/// The location [`provide_location`] set up.
pub fn use_location() -> Location {
    expect_context::<Location>()
}

/// Starts routing for the app: reads the address bar and follows back/forward and clicks on
/// links to this origin (plain clicks only: new tabs, downloads and in-page anchors are left to
/// the browser).
pub fn provide_location() -> Location {
    let location = Location {
        path: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
    };
    location.sync();
    provide_context(location);
    let _ = window_event_listener(leptos::ev::popstate, move |_| location.sync());
    let _ = window_event_listener(leptos::ev::click, move |ev| {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let here = window().location();
        let same_page = anchor.pathname() == here.pathname().unwrap_or_default()
            && anchor.search() == here.search().unwrap_or_default();
        if !anchor.target().is_empty()
            || anchor.has_attribute("download")
            || anchor.origin() != here.origin().unwrap_or_default()
            || (same_page && !anchor.hash().is_empty())
        {
            return;
        }
        ev.prevent_default();
        location.go(
            &format!("{}{}{}", anchor.pathname(), anchor.search(), anchor.hash()),
            false,
        );
    });
    location
}
