//! The map's key: what each symbol, colour and shade means.

use super::{MapState, Shade};
use leptos::prelude::*;
use market_model::presentation::format::{format_decimal, format_percent};
use market_model::returns::home_status::VacancyClass;

/// A key entry: a small drawing (SVG markup, hidden from screen readers) and its meaning.
fn entry(drawing: String, text: String) -> impl IntoView {
    view! {
        <li><svg class="swatch" viewBox="-8 -8 16 16" aria-hidden="true" inner_html=drawing></svg>{text}</li>
    }
}

fn home(class: &str) -> String {
    format!("<circle class=\"home {class}\" r=\"6\"></circle>")
}

/// Symbols, and the borough shading classes when shading is on.
#[component]
pub fn MapLegend() -> impl IntoView {
    let state = expect_context::<MapState>();
    let symbols = [
        (home("home--many"), VacancyClass::Many.label()),
        (home("home--some"), VacancyClass::Some.label()),
        (home("home--none"), VacancyClass::None.label()),
        (home("home--closed") + "<path class=\"closed-mark\" d=\"M-3 -3l6 6m0 -6l-6 6\"></path>", "Closed to admissions"),
        (home("home--stale"), "Latest return older than this week"),
        (home("home--missing"), "No return"),
        (
            "<g class=\"hospital\"><rect x=\"-6\" y=\"-6\" width=\"12\" height=\"12\"></rect><path d=\"M-3 -3.5v7M3 -3.5v7M-3 0h6\"></path></g>".to_string(),
            "Acute hospital",
        ),
    ];
    let shading = move || {
        let Shade { shading, edges, .. } = state.shade.get()?;
        let fmt = |v: f64| {
            if shading.is_share() {
                format_percent(v)
            } else {
                format_decimal(v)
            }
        };
        let classes = edges.len().saturating_sub(1).max(1);
        let entries = (0..classes)
            .map(|c| {
                let (lo, hi) = (edges[c], edges[(c + 1).min(edges.len() - 1)]);
                let range = if c + 1 == classes {
                    format!("{} to {}", fmt(lo), fmt(hi))
                } else {
                    format!("{} to under {}", fmt(lo), fmt(hi))
                };
                entry(format!("<rect class=\"borough shade-{c}\" x=\"-8\" y=\"-8\" width=\"16\" height=\"16\"></rect>"), range)
            })
            .collect_view();
        Some(view! {
            <div class="legend-block" data-testid="shade-legend">
                <h3>{format!("Boroughs shaded by {}", shading.label().to_ascii_lowercase())}</h3>
                <ul class="legend">{entries}</ul>
            </div>
        })
    };
    view! {
        <div class="map-legend" aria-label="Map key" role="group">
            <div class="legend-block">
                <h3>"Homes (size shows beds)"</h3>
                <ul class="legend">
                    {symbols.into_iter().map(|(drawing, text)| entry(drawing, text.to_string())).collect_view()}
                </ul>
            </div>
            {shading}
        </div>
    }
}
