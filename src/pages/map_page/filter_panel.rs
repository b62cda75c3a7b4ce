//! The map's filters and shading. Every change goes straight into the URL.

use super::MapState;
use leptos::prelude::*;
use market_model::presentation::format::format_day_month_year;
use market_model::presentation::map_view::{care_type_key, rating_key, MapView, Shading};
use market_model::register::home::{CareType, CqcRating};
use market_model::returns::capacity_return::BedCategory;

/// A labelled drop-down whose options are `(value, label)`, the empty value meaning "any".
#[component]
fn Choice(
    id: &'static str,
    label: &'static str,
    options: Vec<(String, String)>,
    selected: Signal<String>,
    on_pick: fn(&mut MapView, String),
) -> impl IntoView {
    let state = expect_context::<MapState>();
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id data-testid=id on:change:target=move |ev| {
                let mut view = state.view.get_untracked();
                on_pick(&mut view, ev.target().value());
                state.set_view(view);
            }>
                {options.into_iter().map(|(value, text)| {
                    let is_selected = { let value = value.clone(); move || selected.get() == value };
                    view! { <option value=value selected=is_selected>{text}</option> }
                }).collect_view()}
            </select>
        </div>
    }
}

/// A checkbox filter.
#[component]
fn Toggle(
    id: &'static str,
    label: &'static str,
    checked: Signal<bool>,
    on_toggle: fn(&mut MapView, bool),
) -> impl IntoView {
    let state = expect_context::<MapState>();
    view! {
        <div class="check">
            <input type="checkbox" id=id data-testid=id prop:checked=checked on:change:target=move |ev| {
                let mut view = state.view.get_untracked();
                on_toggle(&mut view, ev.target().checked());
                state.set_view(view);
            }/>
            <label for=id>{label}</label>
        </div>
    }
}

fn any(label: &str) -> (String, String) {
    (String::new(), label.to_string())
}

/// Filters, week and shading for the map and the list.
#[component]
pub fn FilterPanel() -> impl IntoView {
    let state = expect_context::<MapState>();
    let view = state.view;
    let (boroughs, weeks) = state.data.with_value(|d| {
        (
            d.footprint.borough_choices(),
            d.weeks
                .iter()
                .map(|w| (w.to_string(), format_day_month_year(w.monday())))
                .collect::<Vec<_>>(),
        )
    });
    let pick = |f: fn(&MapView) -> String| Signal::derive(move || view.with(f));
    let flag = |f: fn(&MapView) -> bool| Signal::derive(move || view.with(f));

    let care_types = std::iter::once(any("Any"))
        .chain(CareType::ALL.map(|t| (care_type_key(t).to_string(), t.label().to_string())))
        .collect();
    let categories = std::iter::once(any("Any"))
        .chain(BedCategory::ALL.map(|c| (c.key().to_string(), c.label().to_string())))
        .collect();
    let ratings = std::iter::once(any("Any, or not yet rated"))
        .chain(
            [
                CqcRating::Outstanding,
                CqcRating::Good,
                CqcRating::RequiresImprovement,
            ]
            .map(|r| {
                let text = if r == CqcRating::Outstanding {
                    "Outstanding".to_string()
                } else {
                    format!("{} or better", r.label())
                };
                (rating_key(r).to_string(), text)
            }),
        )
        .collect();
    let freshness = vec![
        any("Any, including none"),
        ("0".to_string(), "This week".to_string()),
        ("1".to_string(), "Within 2 weeks".to_string()),
        ("3".to_string(), "Within 4 weeks".to_string()),
    ];
    let shadings = std::iter::once(any("None"))
        .chain(Shading::ALL.map(|s| (s.key().to_string(), s.label().to_string())))
        .collect();

    // Open on wide screens; on a phone the map comes first and the filters are one tap away.
    let wide = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64())
        .is_none_or(|w| w >= 700.0);
    let active = move || {
        let n = view.with(|v| {
            v.to_query()
                .iter()
                .filter(|(k, _)| !matches!(*k, "home" | "sort" | "dir" | "week" | "shade"))
                .count()
        });
        (n > 0).then(|| format!(" ({n} on)"))
    };
    view! {
        <details class="filters" open=wide>
        <summary><span id="filters-heading" class="filters__title">"Filters"</span><span class="filters__count">{active}</span></summary>
        <form aria-labelledby="filters-heading" on:submit=|ev| ev.prevent_default()>
            <Choice id="filter-week" label="Week commencing" options=weeks
                selected=Signal::derive(move || state.week.get().to_string())
                on_pick=|v, value| v.week = value.parse().ok()/>
            <Choice id="filter-type" label="Care type" options=care_types
                selected=pick(|v| v.filter.care_type.map(|t| care_type_key(t).to_string()).unwrap_or_default())
                on_pick=|v, value| v.filter.care_type = CareType::ALL.into_iter().find(|t| care_type_key(*t) == value)/>
            <Choice id="filter-category" label="Bed category" options=categories
                selected=pick(|v| v.filter.category.map(|c| c.key().to_string()).unwrap_or_default())
                on_pick=|v, value| v.filter.category = BedCategory::from_key(&value)/>
            <Choice id="filter-rating" label="CQC rating" options=ratings
                selected=pick(|v| v.filter.min_rating.map(|r| rating_key(r).to_string()).unwrap_or_default())
                on_pick=|v, value| v.filter.min_rating = [CqcRating::Outstanding, CqcRating::Good, CqcRating::RequiresImprovement]
                    .into_iter().find(|r| rating_key(*r) == value)/>
            <Choice id="filter-borough" label="Borough" options=std::iter::once(any("All five")).chain(boroughs).collect()
                selected=pick(|v| v.filter.borough.clone().unwrap_or_default())
                on_pick=|v, value| v.filter.borough = Some(value).filter(|b| !b.is_empty())/>
            <Choice id="filter-fresh" label="Latest return" options=freshness
                selected=pick(|v| v.filter.max_age_weeks.map(|n| n.to_string()).unwrap_or_default())
                on_pick=|v, value| v.filter.max_age_weeks = value.parse().ok()/>
            <fieldset class="checks">
                <legend>"Only homes that"</legend>
                <Toggle id="filter-vacancies" label="have a vacancy this week" checked=flag(|v| v.filter.vacancies_only)
                    on_toggle=|v, on| v.filter.vacancies_only = on/>
                <Toggle id="filter-open" label="are open to admissions" checked=flag(|v| v.filter.open_only)
                    on_toggle=|v, on| v.filter.open_only = on/>
                <Toggle id="filter-dementia" label="specialise in dementia" checked=flag(|v| v.filter.dementia)
                    on_toggle=|v, on| v.filter.dementia = on/>
            </fieldset>
            <Choice id="filter-shade" label="Shade boroughs by" options=shadings
                selected=pick(|v| v.shading.map(|s| s.key().to_string()).unwrap_or_default())
                on_pick=|v, value| v.shading = Shading::ALL.into_iter().find(|s| s.key() == value)/>
            <p><a href="/map" class="reset-link">"Clear all filters"</a></p>
        </form>
        </details>
    }
}
