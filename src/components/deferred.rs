//! Builds part of a page after the browser has painted what came before, so a long page is built
//! in several short tasks instead of one long one that keeps the phone from answering a tap.

use leptos::prelude::*;
use std::time::Duration;

/// Renders `children` once the browser has painted the rest of the page (the next frame, then a
/// task of its own). Use it for what sits below the fold: nothing above it moves.
#[component]
pub fn Deferred(children: ChildrenFn) -> impl IntoView {
    let ready = RwSignal::new(false);
    request_animation_frame(move || set_timeout(move || ready.set(true), Duration::ZERO));
    move || ready.get().then(|| children())
}
