//! The market overview (`/`): supply, occupancy, vacancies and fees for each borough and the
//! footprint, for one week (`?week=2026-11-16`; the latest by default).

use crate::components::data_table::DataTable;
use crate::components::kpi_card::KpiCard;
use crate::components::page_title::use_page_title;
use crate::components::render_mark::RenderMark;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::{use_data, Need};
use crate::data_source::MarketData;
use crate::router::use_location;
use crate::service;
use leptos::prelude::*;
use market_model::analytics::market::{
    summarise_market, AreaSummary, MarketSummary, MIN_HOMES_PER_FEE_CELL,
};
use market_model::presentation::format::{
    format_count, format_day_month_year, format_decimal, format_percent, format_pounds_rounded,
};
use market_model::primitives::week::Week;
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

/// The market overview page.
#[component]
pub fn MarketPage() -> impl IntoView {
    use_page_title("Market overview");
    view! {
        <div class="page">
            <h1>"Care home market"</h1>
            <WithMarketData loading="Loading market data…" need=Need::ShownWeek render=|data| view! { <Overview data/> }.into_any()/>
        </div>
    }
}

/// The overview of the week named in the URL (`?week=`), or the latest.
#[component]
fn Overview(data: Arc<MarketData>) -> impl IntoView {
    let location = use_location();
    move || {
        let requested = location.param("week");
        let chosen = data.known_week(requested.as_deref());
        let unknown_week = requested.filter(|_| chosen.is_none());
        view! { <OverviewBody data=data.clone() week=chosen.unwrap_or(data.latest_week()) unknown_week/> }
    }
}

/// The overview of `week`; `unknown_week` is a `?week=` that named no week with returns.
#[component]
fn OverviewBody(data: Arc<MarketData>, week: Week, unknown_week: Option<String>) -> impl IntoView {
    let summary = summarise_market(&data.footprint, &data.homes, &data.returns, week);
    let weeks = data.weeks.clone();
    let population_source = data
        .footprint
        .boroughs
        .first()
        .map(|b| format!("{}, {}", b.population.source, b.population.year))
        .unwrap_or_default();
    let t = summary.total.clone();
    let reported = t.reported();
    let rows = summary.boroughs.clone();
    let (supply_total, fee_total, by_category) = (t.clone(), t.clone(), t.by_category.clone());
    // Fees come from the published aggregates: on the live service its public market figures
    // (the same for every reader); on static hosting the summary worked out here.
    let fees = public_fees(&summary, week);

    view! {
        <p class="as-at" data-testid="as-at">
            "Data as at week commencing " <strong>{format_day_month_year(week.monday())}</strong>
            {format!(" (ISO week {})", week.iso().1)}
        </p>
        {unknown_week.map(|w| view! {
            <p class="inset" role="status">{format!("There are no returns for the week “{w}”; showing the latest week instead.")}</p>
        })}
        <WeekPicker weeks selected=week/>

        <h2 class="visually-hidden">"Key figures"</h2>
        <dl class="kpis">
            <KpiCard label="Care homes" testid="kpi-homes" value=format_count(t.homes.total().into())
                detail=format!("{} nursing · {} residential", format_count(t.homes.nursing.into()), format_count(t.homes.residential.into()))/>
            <KpiCard label="Registered beds" testid="kpi-beds" value=format_count(t.beds.total().into())
                detail=format!("{} per 1,000 aged 65+ · {} per 1,000 aged 85+", opt(t.beds_per_1000_65_plus(), format_decimal), opt(t.beds_per_1000_85_plus(), format_decimal))/>
            <KpiCard label="Occupancy" testid="kpi-occupancy" value=opt(t.occupancy_rate(), format_percent)
                detail=format!("of {} beds in the homes that returned", format_count(reported.capacity.into()))/>
            <KpiCard label="Vacant beds accepting admissions" testid="kpi-vacancies" value=format_count(reported.vacant_accepting.into())
                detail=format!("{} more held in reserve · {} homes closed to admissions", format_count(reported.vacant_reserved.into()), t.closed_to_admissions)/>
            <KpiCard label="Returns received" testid="kpi-returns" value=format!("{} of {}", format_count(t.returns_received.into()), format_count(t.homes.total().into()))
                detail=format!("{} of homes · {} late", opt(t.coverage(), format_percent), t.returns_late)/>
        </dl>

        <DataTable id="by-borough" heading="Supply and vacancies by borough" testid="borough-table"
            caption=format!("Homes, registered beds and this week's returns by borough, week commencing {}", format_day_month_year(week.monday()))
            columns=vec!["Borough", "Homes", "Nursing beds", "Residential beds", "Beds per 1,000 aged 65+",
                         "Beds per 1,000 aged 85+", "Returns received", "Occupancy",
                         "Vacant beds accepting admissions", "Homes closed to admissions"]
            note=format!("Population: {population_source}. Occupancy and vacancies count only the homes that returned for the week.")>
            <tbody>
                {rows.into_iter().map(|row| view! { <SupplyRow row total=false/> }).collect_view()}
            </tbody>
            <tfoot>
                <SupplyRow row=supply_total total=true/>
            </tfoot>
        </DataTable>

        <DataTable id="by-category" heading="Beds this week by category" testid="category-table"
            caption="Beds reported in returns across North Central London, by bed category"
            columns=vec!["Category", "Beds", "Occupied", "Vacant, reserved", "Vacant, accepting admissions", "Vacancy rate"]>
            <tbody>
                {BedCategory::ALL.into_iter().map(|category| {
                    let c = by_category.get(&category).copied().unwrap_or_default();
                    let rate = (c.capacity > 0).then(|| f64::from(c.vacant()) / f64::from(c.capacity));
                    view! {
                        <tr data-testid=format!("category-{category:?}")>
                            <th scope="row">{category.label()}</th>
                            <td class="num">{format_count(c.capacity.into())}</td>
                            <td class="num">{format_count(c.occupied.into())}</td>
                            <td class="num">{format_count(c.vacant_reserved.into())}</td>
                            <td class="num" data-col="vacant-accepting">{format_count(c.vacant_accepting.into())}</td>
                            <td class="num">{opt(rate, format_percent)}</td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </DataTable>

        <DataTable id="fees" heading="Self-funder weekly fees by category" testid="fee-table"
            caption="Median lowest weekly fee for people paying for themselves, with the middle half of homes (lower to upper quartile), by each home's main category"
            columns=std::iter::once("Borough").chain(BedCategory::LONG_STAY.map(BedCategory::label)).collect()
            note=format!("Fees are the “from” prices homes report in their weekly return; a figure from fewer than {MIN_HOMES_PER_FEE_CELL} homes is withheld, so that no figure is one home's fee.{}",
                if data.manifest.sample { " Sample data: not real prices." } else { "" })>
            <tbody>
                {summary.boroughs.iter().enumerate().map(|(i, row)| view! { <FeeRow name=row.name.clone() fees=Signal::derive(move || fees.with(|f| f.as_ref().and_then(|m| m.boroughs.get(i).cloned()))) total=false/> }).collect_view()}
            </tbody>
            <tfoot>
                <FeeRow name=fee_total.name fees=Signal::derive(move || fees.with(|f| f.as_ref().map(|m| m.total.clone()))) total=true/>
            </tfoot>
        </DataTable>
        <RenderMark name="market-overview-rendered"/>
    }
}

#[component]
fn SupplyRow(row: AreaSummary, total: bool) -> impl IntoView {
    let testid = if total {
        "row-total".to_string()
    } else {
        format!("row-{}", row.gss_code.clone().unwrap_or_default())
    };
    let reported = row.reported();
    view! {
        <tr data-testid=testid class:total=total>
            <th scope="row">{row.name.clone()}</th>
            <td class="num" data-col="homes">{format_count(row.homes.total().into())}</td>
            <td class="num" data-col="nursing-beds">{format_count(row.beds.nursing.into())}</td>
            <td class="num" data-col="residential-beds">{format_count(row.beds.residential.into())}</td>
            <td class="num" data-col="per-1000-65">{opt(row.beds_per_1000_65_plus(), format_decimal)}</td>
            <td class="num" data-col="per-1000-85">{opt(row.beds_per_1000_85_plus(), format_decimal)}</td>
            <td class="num" data-col="returns">{format!("{} ({})", format_count(row.returns_received.into()), opt(row.coverage(), format_percent))}</td>
            <td class="num" data-col="occupancy">{opt(row.occupancy_rate(), format_percent)}</td>
            <td class="num" data-col="vacant-accepting">{format_count(reported.vacant_accepting.into())}</td>
            <td class="num" data-col="closed">{format_count(row.closed_to_admissions.into())}</td>
        </tr>
    }
}

/// The market's published fee figures for `week`: from the live service's `/api/market`, or
/// `summary` itself on static hosting.
fn public_fees(summary: &MarketSummary, week: Week) -> Signal<Option<MarketSummary>> {
    match use_data().api.get_untracked() {
        Some(api) => {
            let read = LocalResource::new(move || {
                let api = api.clone();
                async move { service::market_summary(&api, week).await.ok() }
            });
            Signal::derive(move || read.get().flatten())
        }
        None => {
            let summary = summary.clone();
            Signal::derive(move || Some(summary.clone()))
        }
    }
}

/// A row of fee figures: median and quartiles, "fewer than 5 homes" where withheld, a dash
/// where no home reported a fee.
#[component]
fn FeeRow(name: String, fees: Signal<Option<AreaSummary>>, total: bool) -> impl IntoView {
    view! {
        <tr class:total=total>
            <th scope="row">{name}</th>
            {BedCategory::LONG_STAY.into_iter().map(|c| view! {
                <td class="num">{move || fees.with(|row| match row.as_ref().map(|r| (r.fees.get(&c), r.fees_withheld.contains(&c))) {
                    Some((Some(q), _)) => view! {
                        <span class="fee-median">{format_pounds_rounded(q.median)}</span>
                        <span class="fee-range">{format!("{} – {} ({} homes)", format_pounds_rounded(q.lower), format_pounds_rounded(q.upper), q.count)}</span>
                    }.into_any(),
                    Some((None, true)) => view! { <span class="fee-range">{format!("fewer than {MIN_HOMES_PER_FEE_CELL} homes")}</span> }.into_any(),
                    Some((None, false)) => view! { "–" }.into_any(),
                    None => view! { "…" }.into_any(),
                })}</td>
            }).collect_view()}
        </tr>
    }
}

/// Lets the user choose another week; the choice goes into the URL so the view can be shared.
#[component]
fn WeekPicker(weeks: Vec<Week>, selected: Week) -> impl IntoView {
    let location = use_location();
    let select = NodeRef::<leptos::html::Select>::new();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(select) = select.get() {
            location.go(&format!("/?week={}", select.value()), false);
        }
    };
    view! {
        <form class="week-picker" on:submit=on_submit>
            <label for="week">"Week commencing"</label>
            <select id="week" name="week" node_ref=select data-testid="week-select">
                {weeks.into_iter().map(|w| view! {
                    <option value=w.to_string() selected=w == selected>{format_day_month_year(w.monday())}</option>
                }).collect_view()}
            </select>
            <button type="submit" class="button button--secondary">"Show week"</button>
        </form>
    }
}

/// A figure, or a dash when there is none (no homes, no returns).
fn opt(value: Option<f64>, format: fn(f64) -> String) -> String {
    value.map_or_else(|| "–".to_string(), format)
}
