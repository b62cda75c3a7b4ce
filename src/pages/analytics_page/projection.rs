//! The supply gap: projected demand for care-home beds in a chosen year (the population projection
//! times rates of care-home use per 1,000 people by age band) against the beds registered today,
//! per borough and category. The assumptions are stated and editable on the page and kept in the
//! URL (`year`, `res_65`, `nur_85`…), so a scenario can be shared as a link.

use super::{api, set_query};
use crate::chart::{bar_chart, Chart, Labels, Series, Unit};
use crate::components::figure::{Figure, FigureTable};
use crate::data_context::use_data;
use crate::router::use_location;
use leptos::prelude::*;
use market_model::analytics::projection::{
    project_supply_gap, AreaGap, Assumptions, PopulationProjection,
};
use market_model::analytics::supply::Supply;
use market_model::presentation::format::{format_count, format_fixed};
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

/// A whole number of beds, a surplus with a minus sign: "1,234", "−45" (U+2212, which also keeps
/// a CSV cell from being taken for a spreadsheet formula).
fn signed(value: f64) -> String {
    let text = format_fixed(value.abs(), 0);
    if value.round() < 0.0 {
        format!("−{text}")
    } else {
        text
    }
}

/// "a shortfall of 1,234 beds", "a surplus of 45 beds".
fn in_words(gap: f64) -> String {
    let beds = format_fixed(gap.abs(), 0);
    if gap.round() < 0.0 {
        format!("a surplus of {beds} beds")
    } else {
        format!("a shortfall of {beds} beds")
    }
}

/// The projection section: assumptions, then the gap they give.
#[component]
pub fn ProjectionSection(supply: Arc<Supply>) -> impl IntoView {
    let ctx = use_data();
    let location = use_location();
    let projection = LocalResource::new(move || api::projections(ctx.api.get()));
    let assumptions = Memo::new(move |_| {
        let params = location.params();
        Assumptions::from_query(params.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let body = move || {
        let supply = supply.clone();
        Suspend::new(async move {
            match projection.await {
                Ok(p) => {
                    let p = Arc::new(p);
                    view! {
                        <Assumed projection=p.clone() assumptions/>
                        {move || view! { <Gap supply=supply.clone() projection=p.clone() assumptions=assumptions.get()/> }}
                    }
                    .into_any()
                }
                Err(e) => view! {
                    <div class="error-summary" role="alert">
                        <h3 class="error-summary__title">"The population projection could not be loaded"</h3>
                        <p>{e.message}</p>
                    </div>
                }
                .into_any(),
            }
        })
    };
    view! {
        <section aria-labelledby="projection" class="analytics-section">
            <h2 id="projection">"Supply gap"</h2>
            <p>"Projected demand for care-home beds in the year chosen: the projected population aged 65–84 and 85+ times the rate of care-home use per 1,000 people in each band, against the beds registered today. A positive gap is a shortfall. Change any assumption and the gap is worked out again; the link to this page keeps your assumptions."</p>
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading the population projection…"</p> }>
                {body}
            </Transition>
        </section>
    }
}

/// The assumptions, editable; each change goes into the URL.
#[component]
fn Assumed(projection: Arc<PopulationProjection>, assumptions: Memo<Assumptions>) -> impl IntoView {
    let location = use_location();
    let write = move |a: Assumptions| {
        let pairs: Vec<(&str, Option<String>)> = a
            .to_query()
            .into_iter()
            .map(|(k, v)| (k, Some(v)))
            .collect();
        set_query(location, Assumptions::is_query_key, &pairs);
    };
    let (first, last) = projection.years().unwrap_or((2030, 2030));
    let set_year = move |value: String| {
        if let Ok(year) = value.parse() {
            let mut a = assumptions.get_untracked();
            a.year = year;
            write(a);
        }
    };
    let rate_field = move |i: usize, old: bool| {
        let category = BedCategory::LONG_STAY[i];
        let id = format!("rate-{}-{}", category.key(), if old { "85" } else { "65" });
        let label = if old { "Aged 85+" } else { "Aged 65–84" };
        let read = move |a: &Assumptions| {
            let r = a.rates[i];
            if old {
                r.aged_85_plus
            } else {
                r.aged_65_to_84
            }
        };
        let change = move |value: String| {
            let Some(rate) = market_model::primitives::decimal::parse_decimal(&value) else {
                return;
            };
            let mut a = assumptions.get_untracked();
            if old {
                a.rates[i].aged_85_plus = rate;
            } else {
                a.rates[i].aged_65_to_84 = rate;
            }
            write(a);
        };
        view! {
            <div class="field field--rate">
                <label for=id.clone()>{label}</label>
                <input id=id.clone() data-testid=id type="number" inputmode="decimal" min="0" step="any"
                    prop:value=move || read(&assumptions.get()).to_string()
                    on:change:target=move |ev| change(ev.target().value())/>
            </div>
        }
    };
    view! {
        <form class="assumptions" on:submit=|ev| ev.prevent_default() aria-labelledby="assumptions-heading">
            <h3 id="assumptions-heading">"Assumptions"</h3>
            <div class="field">
                <label for="projection-year">"Year projected to"</label>
                <select id="projection-year" data-testid="projection-year" on:change:target=move |ev| set_year(ev.target().value())>
                    {(first..=last).map(|y| view! {
                        <option value=y.to_string() selected=move || assumptions.get().year == y>{y.to_string()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="rate-grid">
                {(0..BedCategory::LONG_STAY.len()).map(|i| view! {
                    <fieldset class="rates">
                        <legend>{format!("{}: places per 1,000 people", BedCategory::LONG_STAY[i].label())}</legend>
                        {rate_field(i, false)}
                        {rate_field(i, true)}
                    </fieldset>
                }).collect_view()}
            </div>
            <p class="hint">"The default rates are illustrative round numbers (about 1% of people aged 65–84 and 13% of those aged 85+ living in care homes, as at recent Censuses), not local figures: replace them with your borough's own placement rates."</p>
            <p><a href="/analytics#projection" class="reset-link" on:click=move |ev| {
                ev.prevent_default();
                set_query(location, Assumptions::is_query_key, &[]);
            }>"Go back to the default assumptions"</a></p>
        </form>
    }
}

/// The gap under `assumptions`, as a chart and a table.
#[component]
fn Gap(
    supply: Arc<Supply>,
    projection: Arc<PopulationProjection>,
    assumptions: Assumptions,
) -> impl IntoView {
    let gap = match project_supply_gap(&supply, &projection, &assumptions) {
        Ok(gap) => gap,
        Err(e) => {
            return view! { <p class="error-summary" role="alert">{e.to_string()}</p> }.into_any();
        }
    };
    let year = gap.year;
    let mut columns = vec!["Borough", "People aged 65–84", "People aged 85+"];
    let gap_columns: Vec<String> = BedCategory::LONG_STAY
        .iter()
        .map(|c| format!("{} gap", c.label()))
        .collect();
    columns.extend(gap_columns.iter().map(String::as_str));
    columns.extend(["Projected demand", "Beds today", "Gap (surplus −)"]);
    let mut table = FigureTable::new(
        format!("Projected demand for care-home beds in {year} against registered beds today, by borough and bed category (positive: shortfall)"),
        &columns,
    );
    let areas: Vec<&AreaGap> = gap.boroughs.iter().chain([&gap.total]).collect();
    for a in &areas {
        let mut row = vec![
            a.name.clone(),
            format_count(a.people.aged_65_to_84.round() as u64),
            format_count(a.people.aged_85_plus.round() as u64),
        ];
        row.extend(a.categories.iter().map(|c| signed(c.gap())));
        row.push(format_fixed(a.demand(), 0));
        row.push(format_count(a.supply().into()));
        row.push(signed(a.gap()));
        table.rows.push(row);
    }
    let chart = bar_chart(&Chart {
        labels: Labels {
            id: "projection-gap-chart".into(),
            title: format!("Projected shortfall (+) or surplus (−) of beds in {year}"),
            description: format!("Projected demand minus registered beds today in {year}, by borough and bed category, under the assumptions stated."),
            x_label: "Borough".into(),
            y_label: "Gap in beds".into(),
            unit: Unit::Number,
        },
        categories: gap.boroughs.iter().map(|b| b.name.clone()).collect(),
        series: BedCategory::LONG_STAY
            .iter()
            .enumerate()
            .map(|(i, c)| Series {
                name: c.label().into(),
                values: gap.boroughs.iter().map(|b| Some(b.categories[i].gap())).collect(),
            })
            .collect(),
    });
    view! {
        <p class="as-at" data-testid="projection-total">
            {format!("In {year} the footprint would need {} beds against {} registered today: {}.",
                format_fixed(gap.total.demand(), 0), format_count(gap.total.supply().into()), in_words(gap.total.gap()))}
        </p>
        <Figure id="projection-gap" title=format!("Projected shortfall or surplus of beds in {year}") svg=Some(chart) table
            note=format!("Population: {}. {}", projection.source, projection.licence)/>
    }
    .into_any()
}
