//! Step-down block beds, for commissioners on the live service: per borough and per contract, week
//! by week, the bed nights paid for, used and empty, and what the empty nights cost. A week the
//! home has not reported is shown as unknown, never as empty.

use super::{api, borough_name};
use crate::chart::{stacked_bar_chart, Chart, Labels, Series, Unit};
use crate::components::figure::{Figure, FigureTable};
use crate::data_context::use_data;
use crate::data_source::MarketData;
use leptos::prelude::*;
use market_model::brokerage::block_beds::{borough_utilisation, ContractUse};
use market_model::presentation::format::{
    format_count, format_day_month_year, format_percent, format_pounds,
};
use std::sync::Arc;

/// What an unreported week shows in place of a figure.
const UNKNOWN: &str = "Unknown (not reported)";

/// A count, or [`UNKNOWN`].
fn known(value: Option<u32>) -> String {
    value.map_or_else(|| UNKNOWN.to_string(), |v| format_count(v.into()))
}

/// The block beds section.
#[component]
pub fn BlockBedsSection(data: Arc<MarketData>) -> impl IntoView {
    let ctx = use_data();
    let entitled = Memo::new(move |_| {
        ctx.live.get()
            && ctx.user.with(|u| {
                u.as_ref()
                    .is_some_and(|u| matches!(u.role.as_str(), "commissioner" | "admin"))
            })
    });
    let uses = LocalResource::new(move || {
        let (ok, base) = (entitled.get(), ctx.api.get());
        async move {
            match (ok, base) {
                (true, Some(base)) => Some(api::block_utilisation(&base).await),
                _ => None,
            }
        }
    });
    let notice = move || {
        if !ctx.live.get() {
            Some("Block contracts are recorded on the live service; this static copy has none.")
        } else if !entitled.get() {
            Some("Block-bed utilisation is shown to commissioners and administrators only. Sign in as a commissioner to see it.")
        } else {
            None
        }
        .map(|text| view! { <p class="inset" data-testid="block-beds-withheld">{text}</p> })
    };
    let body = move || {
        let data = data.clone();
        Suspend::new(async move {
            match uses.await {
                Some(Ok(list)) if list.is_empty() => view! {
                    <p data-testid="block-beds-none">"No block contracts have been recorded yet."</p>
                }
                .into_any(),
                Some(Ok(list)) => view! { <BlockFigures data list/> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="error-summary" role="alert">
                        <h3 class="error-summary__title">"Block-bed utilisation could not be loaded"</h3>
                        <p>{e.message}</p>
                    </div>
                }
                .into_any(),
                None => ().into_any(),
            }
        })
    };
    view! {
        <section aria-labelledby="block-beds" class="analytics-section">
            <h2 id="block-beds">"Step-down block beds"</h2>
            <p>"Beds bought in a block at a home, paid for whether or not they are used. The last 12 weeks: bed nights paid for, used and empty, and what the empty nights cost (the weekly price ÷ 7 a night). A week the home has not reported is unknown, not empty."</p>
            {notice}
            <Transition fallback=|| view! { <p class="loading" role="status">"Loading block beds…"</p> }>
                {body}
            </Transition>
        </section>
    }
}

/// Per borough, then per contract.
#[component]
fn BlockFigures(data: Arc<MarketData>, list: Vec<ContractUse>) -> impl IntoView {
    let boroughs = borough_utilisation(&list);
    let borough_figures = boroughs
        .iter()
        .map(|b| {
            let name = borough_name(&data, &b.commissioner);
            let id_base = format!("block-{}", b.commissioner);
            let mut table = FigureTable::new(
                format!("{name}'s block beds week by week: bed nights paid for, used and empty, and the cost of the empty nights"),
                &["Week commencing", "Bed nights paid for", "Used", "Empty", "Cost of the empty nights", "Contracts not reported"],
            );
            for w in &b.weeks {
                table.rows.push(vec![
                    format_day_month_year(w.week.monday()),
                    format_count(w.commissioned_nights.into()),
                    known(w.occupied_nights),
                    known(w.empty_nights),
                    w.empty_cost.map_or_else(|| UNKNOWN.to_string(), format_pounds),
                    format_count(w.unreported.into()),
                ]);
            }
            let series = |name: &str, value: &dyn Fn(&market_model::brokerage::block_beds::BoroughWeek) -> Option<u32>| Series {
                name: name.into(),
                values: b.weeks.iter().map(|w| value(w).map(f64::from)).collect(),
            };
            let chart = stacked_bar_chart(&Chart {
                labels: Labels {
                    id: format!("{id_base}-chart"),
                    title: format!("{name}: block bed nights week by week"),
                    description: format!("Bed nights {name} paid for in block contracts each week, split into used, empty and not reported."),
                    x_label: "Week commencing".into(),
                    y_label: "Bed nights".into(),
                    unit: Unit::Number,
                },
                categories: b.weeks.iter().map(|w| format_day_month_year(w.week.monday())).collect(),
                series: vec![
                    series("Used", &|w| w.occupied_nights),
                    series("Empty", &|w| w.empty_nights),
                    series("Not reported", &|w| w.occupied_nights.is_none().then_some(w.commissioned_nights)),
                ],
            });
            (id_base, name, chart, table)
        })
        .collect::<Vec<_>>();
    let contract_figures = list
        .iter()
        .map(|c| {
            let k = &c.contract;
            let title = format!(
                "Contract {}: {} beds at {} for {} ({}), {}",
                k.id,
                k.beds,
                k.home_name,
                borough_name(&data, &k.commissioner),
                k.purpose.label(),
                k.weekly_price.map_or_else(
                    || "price not shown".to_string(),
                    |p| format!("{} a bed a week", format_pounds(p))
                ),
            );
            let mut table = FigureTable::new(
                format!("Contract {} week by week", k.id),
                &[
                    "Week commencing",
                    "Bed nights paid for",
                    "Used",
                    "Empty",
                    "Occupancy",
                    "Admissions",
                    "Discharges",
                    "Cost of the empty nights",
                ],
            );
            for u in &c.weeks {
                table.rows.push(vec![
                    format_day_month_year(u.week.monday()),
                    format_count(u.commissioned_nights.into()),
                    known(u.occupied_nights),
                    known(u.empty_nights),
                    u.occupancy
                        .map_or_else(|| UNKNOWN.to_string(), format_percent),
                    known(u.admissions),
                    known(u.discharges),
                    u.empty_cost
                        .map_or_else(|| UNKNOWN.to_string(), format_pounds),
                ]);
            }
            (format!("block-contract-{}", k.id), title, table)
        })
        .collect::<Vec<_>>();
    view! {
        {borough_figures.into_iter().map(|(id, name, chart, table)| view! {
            <Figure id title=format!("{name}: block bed nights, all contracts") svg=Some(chart) table/>
        }).collect_view()}
        {contract_figures.into_iter().map(|(id, title, table)| view! { <Figure id title table/> }).collect_view()}
    }
}
