//! The broker's shortlist: homes kept from searches, each with a note, kept on this device
//! across visits, exported as CSV or printed alone (the print stylesheet hides the rest). Each
//! referral keeps its own; searches made for no referral share one.

use super::use_finding;
use crate::components::download::download_csv;
use leptos::prelude::*;
use market_model::brokerage::bed_search::answer::{shortlist_csv, FoundHome, ShortlistEntry};

const KEY: &str = "care-market.shortlist";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// Where the shortlist for `referral` (or for no referral) is kept on the device.
fn key(referral: Option<i64>) -> String {
    match referral {
        Some(id) => format!("{KEY}.referral-{id}"),
        None => KEY.to_string(),
    }
}

/// The shortlist, saved on the device whenever it changes, under its referral's key.
#[derive(Clone, Copy)]
pub struct ShortlistState(RwSignal<Vec<ShortlistEntry>>, StoredValue<String>);

impl ShortlistState {
    /// The shortlist this device kept for `referral` (empty when there is none or it cannot be
    /// read).
    pub fn load(referral: Option<i64>) -> ShortlistState {
        let key = key(referral);
        let kept = storage()
            .and_then(|s| s.get_item(&key).ok().flatten())
            .and_then(|text| serde_json::from_str(&text).ok())
            .unwrap_or_default();
        ShortlistState(RwSignal::new(kept), StoredValue::new(key))
    }

    /// From now on the list belongs to `referral`, which keeps the homes listed so far.
    pub fn keep_for(&self, referral: i64) {
        self.1.set_value(key(Some(referral)));
        self.save();
    }

    fn save(&self) {
        let text = self
            .0
            .with_untracked(|l| serde_json::to_string(l).unwrap_or_default());
        if let Some(s) = storage() {
            let _ = s.set_item(&self.1.get_value(), &text);
        }
    }

    /// Whether the home is on it (tracked).
    pub fn has(&self, home: &str) -> bool {
        self.0.with(|l| l.iter().any(|e| e.found.home == home))
    }

    /// Adds the home, or takes it off.
    pub fn toggle(&self, found: &FoundHome) {
        self.0.update(|l| {
            if let Some(i) = l.iter().position(|e| e.found.home == found.home) {
                l.remove(i);
            } else {
                l.push(ShortlistEntry::of(found, ""));
            }
        });
        self.save();
    }

    /// Keeps the note for a home without redrawing the list (the note's field is being typed in).
    fn set_note(&self, home: &str, note: String) {
        self.0.update_untracked(|l| {
            if let Some(e) = l.iter_mut().find(|e| e.found.home == home) {
                e.note = note;
            }
        });
        self.save();
    }
}

/// The shortlist section.
#[component]
pub fn Shortlist() -> impl IntoView {
    let list = use_finding().shortlist;
    let entries = list.0;
    let export = move |_| {
        entries.with_untracked(|l| download_csv("shortlist.csv", &shortlist_csv(l)));
    };
    let print = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    };
    view! {
        <section aria-labelledby="shortlist-heading" class="shortlist" data-testid="shortlist">
            <h2 id="shortlist-heading">{move || format!("Shortlist ({})", entries.with(Vec::len))}</h2>
            <Show when=move || entries.with(|l| !l.is_empty())
                fallback=|| view! { <p>"Nothing yet: add homes from the results."</p> }>
                <ol class="shortlist__list">
                    <For each=move || entries.get() key=|e| e.found.home.clone() let:entry>
                        <ShortlistItem entry list/>
                    </For>
                </ol>
                <p class="shortlist__tools no-print">
                    <button type="button" class="button" on:click=export data-testid="shortlist-csv">"Download CSV"</button>
                    " "
                    <button type="button" class="button" on:click=print>"Print the shortlist"</button>
                </p>
            </Show>
        </section>
    }
}

/// "1 bed free", "2 beds free" (as the search found them).
fn beds_free(n: u32) -> String {
    match n {
        1 => "1 bed free".to_string(),
        n => format!(
            "{} beds free",
            market_model::presentation::format::format_count(n.into())
        ),
    }
}

/// A home on the shortlist, with its note.
#[component]
fn ShortlistItem(entry: ShortlistEntry, list: ShortlistState) -> impl IntoView {
    let f = entry.found.clone();
    let id = format!("note-{}", f.home);
    let home = f.home.clone();
    let contact = f
        .contact
        .as_ref()
        .map(|c| format!("{}, {}", c.name, c.phone))
        .unwrap_or_else(|| "no admissions contact given".into());
    let distance = f
        .distance_km
        .map(|d| {
            format!(
                "{} km · ",
                market_model::presentation::format::format_fixed(d, 1)
            )
        })
        .unwrap_or_default();
    let remove = {
        let f = f.clone();
        move |_| list.toggle(&f)
    };
    view! {
        <li class="shortlist__item" data-home=f.home.clone()>
            <p><strong>{f.name.clone()}</strong></p>
            <p class="shortlist__facts">{format!("{distance}{} · {} · {contact}", beds_free(f.available), f.price_against(None))}</p>
            <div class="field">
                <label for=id.clone()>{format!("Note on {}", f.name)}</label>
                <textarea id=id rows="2" on:input:target=move |ev| list.set_note(&home, ev.target().value())>{entry.note.clone()}</textarea>
            </div>
            <button type="button" class="button no-print" on:click=remove aria-label=format!("Remove {} from the shortlist", f.name)>"Remove"</button>
        </li>
    }
}
