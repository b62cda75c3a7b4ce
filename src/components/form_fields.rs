//! Form fields the pages share, and reading a submitted form by its fields' names.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// A labelled drop-down of `(value, label)` options, sent as `name`.
#[component]
pub fn Select(
    /// The element id, unique on the page.
    #[prop(into)]
    id: String,
    /// The name the form sends it under.
    name: &'static str,
    /// The label.
    label: &'static str,
    /// `(value, label)` pairs, in order.
    options: Vec<(String, String)>,
    /// The value selected at first.
    #[prop(optional, into)]
    selected: String,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
) -> impl IntoView {
    let hint_id = hint.map(|_| format!("{id}-hint"));
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <span class="hint" id=hint_id.clone()>{h}</span> })}
            <select id=id name=name aria-describedby=hint_id>
                {options.into_iter().map(|(value, text)| {
                    let chosen = value == selected;
                    view! { <option value=value selected=chosen>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// The submitted form's fields as `(name, value)` pairs, in order.
pub fn form_pairs(form: &web_sys::HtmlFormElement) -> Vec<(String, String)> {
    let Ok(data) = web_sys::FormData::new_with_form(form) else {
        return Vec::new();
    };
    let mut pairs: Vec<(String, String)> = Vec::new();
    if let Ok(Some(entries)) = js_sys::try_iter(&data) {
        for entry in entries.flatten() {
            let entry: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (entry.get(0).as_string(), entry.get(1).as_string()) {
                pairs.push((k, v));
            }
        }
    }
    pairs
}

/// The form an event was sent from, and its fields as pairs.
pub fn submitted(ev: &leptos::ev::SubmitEvent) -> Option<Vec<(String, String)>> {
    let form = ev.target()?.dyn_into::<web_sys::HtmlFormElement>().ok()?;
    Some(form_pairs(&form))
}

/// The value of the field `name` among `pairs`.
pub fn field<'a>(pairs: &'a [(String, String)], name: &str) -> Option<&'a str> {
    pairs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}
