//! Prices paid, from the placements ledger: the spread per category × placing borough × funder,
//! each borough against the footprint and its usual rate, self-funders' fees against council
//! prices, homes several boroughs use, and the flow of placements between boroughs.
//!
//! Prices paid are commercially sensitive: only commissioners and administrators signed in to the
//! live service see them, and the service works them out within each reader's remit
//! (`GET /api/analytics/prices`, with the category, funder and changed usual rates kept in the
//! URL). The page says plainly why others do not see them; a static copy, being public, shows
//! none.

use super::ledger_upload::LedgerUpload;
use super::{api, borough_name, or_dash, set_query};
use crate::components::figure::{Figure, FigureTable};
use crate::data_context::use_data;
use crate::data_source::MarketData;
use crate::router::use_location;
use leptos::prelude::*;
use market_model::analytics::ledger::Funder;
use market_model::analytics::prices::{Difference, PriceAnalysis, PriceSpread};
use market_model::brokerage::rates::UsualRates;
use market_model::presentation::chart::{
    bar_chart, box_plot, stacked_bar_chart, BoxGroup, BoxPlot, Chart, Labels, Series, Unit,
};
use market_model::presentation::format::{
    format_count, format_day_month_year, format_percent, format_pounds, format_pounds_rounded,
};
use market_model::primitives::money::Pence;
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

/// Whether the reader may see prices paid, and if not, why.
#[derive(Clone, Debug, PartialEq)]
enum Access {
    /// Static hosting, which anyone can read.
    Public,
    /// A commissioner or administrator on the live service.
    Entitled,
    /// Nobody is signed in to the live service.
    SignedOut,
    /// Signed in with another role (named).
    OtherRole(String),
}

/// The URL keys this section keeps its choices under.
fn owns(key: &str) -> bool {
    matches!(key, "category" | "funder" | "rate")
}

/// "£120 above (9.4%)", "£100 below (7.7%)", "the same", or a dash. In words rather than signs:
/// a CSV cell starting with "+" or "-" is guarded against spreadsheet formulas, and would then
/// differ from the table.
fn difference(d: Option<Difference>) -> String {
    or_dash(d.map(|d| {
        let side = if d.pounds < 0.0 { "below" } else { "above" };
        let pounds = format_pounds_rounded(d.pounds.abs());
        if pounds == "£0" {
            "the same".to_string()
        } else {
            format!("{pounds} {side} ({})", format_percent(d.share.abs()))
        }
    }))
}

/// "All funders" or the funder's label.
fn funder_label(funder: Option<Funder>) -> &'static str {
    funder.map_or("All funders", Funder::label)
}

/// The prices section: who may see it, the filters, the upload and the figures.
#[component]
pub fn PricesSection(data: Arc<MarketData>) -> impl IntoView {
    let ctx = use_data();
    let location = use_location();
    let version = RwSignal::new(0u32);
    let access = Memo::new(move |_| {
        if !ctx.live.get() {
            return Access::Public;
        }
        match ctx.user.get() {
            None => Access::SignedOut,
            Some(u) if matches!(u.role.as_str(), "commissioner" | "admin") => Access::Entitled,
            Some(u) => Access::OtherRole(u.role),
        }
    });
    let funder = Memo::new(move |_| {
        let key = location.param("funder")?;
        Funder::ALL.into_iter().find(|f| f.key() == key)
    });
    let category = Memo::new(move |_| {
        location
            .param("category")
            .and_then(|k| BedCategory::from_key(&k))
            .unwrap_or(BedCategory::Nursing)
    });
    // Usual rates: the sample table with the URL's overrides (`rate=E09000003:nursing:1300,…`).
    let rates = Memo::new(move |_| {
        let mut rates = UsualRates::default();
        if let Some(text) = location.param("rate") {
            // An override that cannot be read leaves the table as it was.
            let _ = rates.apply_overrides(&text);
        }
        rates
    });
    let on = crate::clock::today();
    let analysis = LocalResource::new(move || {
        let (access, funder, base) = (access.get(), funder.get(), ctx.api.get());
        let rates = rates.get();
        version.track();
        async move {
            match access {
                Access::Entitled => Some(api::prices(&base?, funder, on, &rates).await),
                _ => None,
            }
        }
    });
    let boroughs = data.footprint.borough_choices();
    let entitled = move || access.get() == Access::Entitled;

    let notice = move || {
        match access.get() {
        Access::Public => view! {
            <p class="inset" data-testid="prices-withheld">"Prices paid for placements are commercially sensitive, so this public copy of Care Market does not show them. On the live service they are shown to commissioners and administrators who sign in."</p>
        }.into_any(),
        Access::Entitled => view! {
            <p class="inset">"Prices paid for placements are commercially sensitive: shown to commissioners and administrators only. Do not share them outside the councils. Other boroughs' figures need five homes and omit the extremes."</p>
        }.into_any(),
        Access::SignedOut => view! {
            <p class="inset" data-testid="prices-withheld">"Prices paid for placements are shown to commissioners and administrators only, because they are commercially sensitive. " <a href="/sign-in">"Sign in"</a> " as a commissioner to see them."</p>
        }.into_any(),
        Access::OtherRole(role) => view! {
            <p class="inset" data-testid="prices-withheld">{format!("You are signed in as a {role}. Prices paid for placements are shown to commissioners and administrators only, because they are commercially sensitive.")}</p>
        }.into_any(),
    }
    };

    let figures = move || {
        let (category, data) = (category.get(), data.clone());
        let analysis = analysis;
        Suspend::new(async move {
            match analysis.await {
                Some(Ok(a)) => view! { <PriceFigures data analysis=a category/> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="error-summary" role="alert">
                        <h3 class="error-summary__title">"Prices paid could not be loaded"</h3>
                        <p>{e.message}</p>
                    </div>
                }
                .into_any(),
                None => ().into_any(),
            }
        })
    };

    view! {
        <section aria-labelledby="prices" class="analytics-section">
            <h2 id="prices">"Prices paid"</h2>
            {notice}
            {move || entitled().then(|| {
                let (figures, boroughs) = (figures.clone(), boroughs.clone());
                view! {
                    <PriceFilters category funder/>
                    <RateFields boroughs=boroughs.clone() category rates/>
                    <Transition fallback=|| view! { <p class="loading" role="status">"Loading prices paid…"</p> }>
                        {figures}
                    </Transition>
                }
            })}
            <Show when=move || access.get() == Access::Entitled>
                <LedgerUpload version/>
            </Show>
        </section>
    }
}

/// The bed category and funder the figures show, kept in the URL.
#[component]
fn PriceFilters(category: Memo<BedCategory>, funder: Memo<Option<Funder>>) -> impl IntoView {
    let location = use_location();
    let choose = move |key: &'static str, value: String| {
        set_query(
            location,
            owns,
            &[(key, (!value.is_empty()).then_some(value))],
        );
    };
    view! {
        <form class="filters-row" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="price-category">"Bed category"</label>
                <select id="price-category" data-testid="price-category"
                    on:change:target=move |ev| choose("category", ev.target().value())>
                    {BedCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.key() selected=move || category.get() == c>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="price-funder">"Funder"</label>
                <select id="price-funder" data-testid="price-funder"
                    on:change:target=move |ev| choose("funder", ev.target().value())>
                    <option value="" selected=move || funder.get().is_none()>"All funders"</option>
                    {Funder::ALL.into_iter().map(|f| view! {
                        <option value=f.key() selected=move || funder.get() == Some(f)>{f.label()}</option>
                    }).collect_view()}
                </select>
            </div>
        </form>
    }
}

/// Each borough's usual rate for the chosen category, editable; changes go into the URL as
/// overrides of the sample table.
#[component]
fn RateFields(
    boroughs: Vec<(String, String)>,
    category: Memo<BedCategory>,
    rates: Memo<UsualRates>,
) -> impl IntoView {
    let location = use_location();
    let fields = boroughs
        .into_iter()
        .map(|(code, name)| {
            let id = format!("usual-rate-{code}");
            let shown = code.clone();
            let value = move || {
                rates
                    .get()
                    .get(&shown, category.get())
                    .map(|p| p.as_pounds_f64().to_string())
                    .unwrap_or_default()
            };
            let change = move |text: String| {
                let Ok(rate) = text.trim().parse::<Pence>() else {
                    return;
                };
                if rate.0 == 0 {
                    return;
                }
                let mut table = rates.get_untracked();
                table.set(&code, category.get_untracked(), rate);
                let overrides = table.overrides_from(&UsualRates::default());
                set_query(
                    location,
                    |_| false,
                    &[("rate", (!overrides.is_empty()).then_some(overrides))],
                );
            };
            view! {
                <div class="field field--rate">
                    <label for=id.clone()>{name}</label>
                    <input id=id.clone() data-testid=id type="text" inputmode="decimal"
                        prop:value=value on:change:target=move |ev| change(ev.target().value())/>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="rates rates--usual">
            <legend>{move || format!("Usual rate for a {} bed, £ a week", category.get().label().to_ascii_lowercase())}</legend>
            <div class="rate-row">{fields}</div>
        </fieldset>
    }
}

/// What a cell says when its figure is another borough's to see.
fn withheld() -> String {
    "withheld".to_string()
}

/// The spread's cells after its label: placements, lowest, quartiles, highest.
fn spread_cells(s: &PriceSpread) -> Vec<String> {
    let q = &s.quartiles;
    vec![
        format_count(q.count as u64),
        s.min.map_or_else(withheld, format_pounds),
        format_pounds_rounded(q.lower),
        format_pounds_rounded(q.median),
        format_pounds_rounded(q.upper),
        s.max.map_or_else(withheld, format_pounds),
    ]
}

const SPREAD_COLUMNS: [&str; 6] = [
    "Placements",
    "Lowest",
    "Lower quartile",
    "Median",
    "Upper quartile",
    "Highest",
];

fn labels(id: &str, title: &str, description: String, x: &str, y: &str, unit: Unit) -> Labels {
    Labels {
        id: id.into(),
        title: title.into(),
        description,
        x_label: x.into(),
        y_label: y.into(),
        unit,
    }
}

/// Every price figure for one bed category.
#[component]
fn PriceFigures(
    data: Arc<MarketData>,
    analysis: PriceAnalysis,
    category: BedCategory,
) -> impl IntoView {
    let on = format_day_month_year(analysis.on);
    let funder = analysis.funder;
    let (cat, who) = (category.label().to_ascii_lowercase(), funder_label(funder));
    let boroughs = data.footprint.borough_choices();
    let footprint = data.footprint.name.clone();
    let name = |code: &str| borough_name(&data, code);
    let total: usize = analysis.flows.total;

    // 1. The spread per placing borough for the category and funder.
    let spread_of = |code: Option<&str>| {
        analysis.spreads.iter().find(|s| {
            s.category == category && s.funder == funder && s.placing_borough.as_deref() == code
        })
    };
    let mut spread_table = FigureTable::new(
        format!("Weekly prices of {cat} placements active on {on} by placing borough ({who})"),
        &[&["Placing borough"][..], &SPREAD_COLUMNS].concat(),
    );
    let mut groups = Vec::new();
    for (code, label) in boroughs
        .iter()
        .map(|(c, n)| (Some(c.as_str()), n))
        .chain([(None, &footprint)])
    {
        if let Some(s) = spread_of(code) {
            spread_table
                .rows
                .push([vec![label.clone()], spread_cells(s)].concat());
            groups.push(BoxGroup {
                name: label.clone(),
                // Withheld extremes (another borough's) draw no whisker beyond the box.
                min: s.min.map_or(s.quartiles.lower, Pence::as_pounds_f64),
                quartiles: s.quartiles,
                max: s.max.map_or(s.quartiles.upper, Pence::as_pounds_f64),
            });
        }
    }
    let spread_chart = (!groups.is_empty()).then(|| {
        box_plot(&BoxPlot {
            labels: labels(
                "prices-spread-chart",
                &format!("Weekly prices of {cat} placements by placing borough"),
                format!("Lowest, quartiles and highest weekly price of {cat} placements active on {on}, {who}."),
                "Placing borough",
                "Weekly price",
                Unit::Pounds,
            ),
            groups,
        })
    });

    // 2. Every spread.
    let mut all_spreads = FigureTable::new(
        format!("Weekly prices of placements active on {on} per bed category, placing borough and funder"),
        &[&["Bed category", "Placing borough", "Funder"][..], &SPREAD_COLUMNS].concat(),
    );
    for s in &analysis.spreads {
        let borough = s.placing_borough.as_deref().map_or(footprint.clone(), name);
        let row = [
            vec![
                s.category.label().to_string(),
                borough,
                funder_label(s.funder).to_string(),
            ],
            spread_cells(s),
        ];
        all_spreads.rows.push(row.concat());
    }

    // 3. Each borough against the footprint and its usual rate.
    let comparisons: Vec<_> = analysis
        .comparisons
        .iter()
        .filter(|c| c.category == category)
        .collect();
    let mut compare_table = FigureTable::new(
        format!("Median weekly price of {cat} placements ({who}) by placing borough against the footprint median and the borough's usual rate"),
        &["Placing borough", "Placements", "Median", "Footprint median", "Against the footprint", "Usual rate", "Against the usual rate"],
    );
    for c in &comparisons {
        compare_table.rows.push(vec![
            name(&c.placing_borough),
            format_count(c.count as u64),
            format_pounds_rounded(c.median),
            format_pounds_rounded(c.footprint_median),
            difference(c.vs_footprint),
            or_dash(c.usual_rate.map(format_pounds)),
            difference(c.vs_usual_rate),
        ]);
    }
    let compare_chart = (!comparisons.is_empty()).then(|| {
        bar_chart(&Chart {
            labels: labels(
                "prices-compare-chart",
                &format!("Median {cat} price against the footprint and the usual rate"),
                format!("Each placing borough's median weekly price for {cat} placements ({who}) active on {on}, the footprint median and the borough's usual rate."),
                "Placing borough",
                "Weekly price",
                Unit::Pounds,
            ),
            categories: comparisons.iter().map(|c| name(&c.placing_borough)).collect(),
            series: vec![
                Series { name: "Borough median".into(), values: comparisons.iter().map(|c| Some(c.median)).collect() },
                Series { name: "Footprint median".into(), values: comparisons.iter().map(|c| Some(c.footprint_median)).collect() },
                Series { name: "Usual rate".into(), values: comparisons.iter().map(|c| c.usual_rate.map(|r| r.as_pounds_f64())).collect() },
            ],
        })
    });

    // 4. Self-funders against councils.
    let mut gap_table = FigureTable::new(
        format!("Self-funders' lowest weekly fees against council prices, by borough of the home and bed category, on {on}"),
        &["Borough of the home", "Bed category", "Homes quoting a self-funder fee", "Self-funder median", "Council placements", "Council median", "Self-funder median against council"],
    );
    for g in &analysis.self_funder_gaps {
        gap_table.rows.push(vec![
            name(&g.borough),
            g.category.label().to_string(),
            format_count(g.self_funder_homes as u64),
            or_dash(g.self_funder_median.map(format_pounds_rounded)),
            format_count(g.council_placements as u64),
            or_dash(g.council_median.map(format_pounds_rounded)),
            difference(g.gap),
        ]);
    }
    let gaps: Vec<_> = analysis
        .self_funder_gaps
        .iter()
        .filter(|g| g.category == category)
        .collect();
    let gap_chart = (!gaps.is_empty()).then(|| {
        bar_chart(&Chart {
            labels: labels(
                "prices-self-funder-chart",
                &format!("Self-funder fees against council prices: {cat}"),
                format!("Median lowest self-funder fee homes quote against the median council price in the same borough's homes, {cat}."),
                "Borough of the home",
                "Weekly price",
                Unit::Pounds,
            ),
            categories: gaps.iter().map(|g| name(&g.borough)).collect(),
            series: vec![
                Series { name: "Self-funder median".into(), values: gaps.iter().map(|g| g.self_funder_median).collect() },
                Series { name: "Council median".into(), values: gaps.iter().map(|g| g.council_median).collect() },
            ],
        })
    });

    // 5. Homes several boroughs use.
    let home_name = |id: &str| {
        data.homes
            .iter()
            .find(|h| h.id == id)
            .map_or_else(|| id.to_string(), |h| h.name.clone())
    };
    let mut shared = FigureTable::new(
        format!("Homes where several boroughs place people in {cat} beds ({who}): each borough's median weekly price, widest spread first"),
        &["Home", "Boroughs placing", "Median weekly price by placing borough (placements)", "Highest minus lowest"],
    );
    for s in analysis
        .shared_homes
        .iter()
        .filter(|s| s.category == category)
    {
        let each: Vec<String> = s
            .boroughs
            .iter()
            .map(|b| {
                format!(
                    "{} {} ({})",
                    name(&b.placing_borough),
                    b.median.map_or_else(withheld, format_pounds_rounded),
                    b.count
                )
            })
            .collect();
        shared.rows.push(vec![
            home_name(&s.home_id),
            s.boroughs.len().to_string(),
            each.join("; "),
            s.spread.map_or_else(withheld, format_pounds_rounded),
        ]);
    }

    // 6. Flows between boroughs.
    let flows = &analysis.flows;
    let flow_names: Vec<String> = flows.boroughs.iter().map(|c| name(c)).collect();
    let mut flow_columns: Vec<String> = vec!["Placing borough".into()];
    flow_columns.extend(flow_names.iter().map(|n| format!("In {n} homes")));
    flow_columns.extend(["All placements".to_string(), "Out of borough".to_string()]);
    let mut flow_table = FigureTable {
        caption: format!("Placements active on {on} (all funders and categories), from the placing borough (rows) to the borough of the home (columns)"),
        columns: flow_columns,
        rows: Vec::new(),
        labels: 1,
    };
    for (i, from) in flow_names.iter().enumerate() {
        let mut row = vec![from.clone()];
        row.extend(flows.counts[i].iter().map(|n| format_count(*n as u64)));
        row.push(format_count(flows.placed_by[i] as u64));
        row.push(format_count(
            (flows.placed_by[i] - flows.counts[i][i]) as u64,
        ));
        flow_table.rows.push(row);
    }
    let mut in_row = vec!["All placing boroughs".to_string()];
    in_row.extend(flows.placed_in.iter().map(|n| format_count(*n as u64)));
    in_row.push(format_count(total as u64));
    in_row.push(format_count(flows.out_of_borough() as u64));
    flow_table.rows.push(in_row);
    let flow_chart = stacked_bar_chart(&Chart {
        labels: labels(
            "prices-flows-chart",
            "Where each borough's placements are",
            format!(
                "Placements active on {on} by placing borough, stacked by the borough of the home."
            ),
            "Placing borough",
            "Placements",
            Unit::Number,
        ),
        categories: flow_names.clone(),
        series: flow_names
            .iter()
            .enumerate()
            .map(|(j, to)| Series {
                name: format!("In {to}"),
                values: flows.counts.iter().map(|row| Some(row[j] as f64)).collect(),
            })
            .collect(),
    });

    view! {
        <p class="as-at" data-testid="prices-on">"Placements active on " <strong>{on.clone()}</strong>
            {format!(": {} placements. Medians and quartiles as spreadsheets' QUARTILE.INC; prices are per week.", format_count(total as u64))}</p>
        <Figure id="prices-spread" title=format!("Weekly prices of {cat} placements by placing borough ({who})") svg=spread_chart table=spread_table/>
        <Figure id="prices-all" title="Every category, borough and funder" table=all_spreads/>
        <Figure id="prices-compare" title=format!("Each borough's median {cat} price against the footprint and its usual rate ({who})") svg=compare_chart table=compare_table
            note="Usual rates start at illustrative sample rates, not any council's published rates: set your own above (they are kept in the link to this page)."/>
        <Figure id="prices-self-funders" title=format!("Self-funder fees against council prices: {cat}") svg=gap_chart table=gap_table
            note="Self-funder fees are the lowest weekly fee each home quotes in its latest return; council prices are council-funded placements in the same borough's homes, whoever placed them."/>
        <Figure id="prices-shared" title=format!("Homes several boroughs use: {cat} ({who})") table=shared/>
        <Figure id="prices-flows" title="Placements between boroughs" svg=Some(flow_chart) table=flow_table/>
    }
}
