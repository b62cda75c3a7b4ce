//! The price figures for one bed category, each a [`Figure`] with its table: the spread by
//! placing borough, every spread, each borough against the footprint and its usual rate,
//! self-funders against councils, homes several boroughs use, and flows between boroughs.

use super::{difference, funder_label};
use crate::chart::{
    bar_chart, box_plot, stacked_bar_chart, BoxGroup, BoxPlot, Chart, Labels, Series, Unit,
};
use crate::components::figure::{Figure, FigureTable};
use crate::data_source::MarketData;
use crate::pages::analytics_page::{borough_name, or_dash};
use leptos::prelude::*;
use market_model::analytics::prices::{FlowTable, PriceAnalysis, PriceSpread};
use market_model::presentation::format::{
    format_count, format_day_month_year, format_pounds, format_pounds_rounded,
};
use market_model::primitives::money::Pence;
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

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

/// What every figure's words share: the day, the category and funder, and borough names.
struct Words<'a> {
    data: &'a MarketData,
    /// The day the placements are active, "16 Nov 2026".
    on: String,
    /// The bed category, in lower case.
    cat: String,
    /// The funder, or "All funders".
    who: &'static str,
    /// The footprint's name.
    footprint: String,
}

impl Words<'_> {
    /// A borough's name from its GSS code.
    fn name(&self, code: &str) -> String {
        borough_name(self.data, code)
    }
}

/// The spread of prices by placing borough (and the footprint) for the category and funder.
fn spread_figure(
    w: &Words,
    analysis: &PriceAnalysis,
    category: BedCategory,
) -> (FigureTable, Option<String>) {
    let Words { on, cat, who, .. } = w;
    let mut table = FigureTable::new(
        format!("Weekly prices of {cat} placements active on {on} by placing borough ({who})"),
        &[&["Placing borough"][..], &SPREAD_COLUMNS].concat(),
    );
    let mut groups = Vec::new();
    let boroughs = w.data.footprint.borough_choices();
    for (code, label) in boroughs
        .iter()
        .map(|(c, n)| (Some(c.as_str()), n))
        .chain([(None, &w.footprint)])
    {
        let spread = analysis.spreads.iter().find(|s| {
            s.category == category
                && s.funder == analysis.funder
                && s.placing_borough.as_deref() == code
        });
        if let Some(s) = spread {
            table
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
    let chart = (!groups.is_empty()).then(|| {
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
    (table, chart)
}

/// Every spread: each category, placing borough and funder.
fn all_spreads_table(w: &Words, analysis: &PriceAnalysis) -> FigureTable {
    let mut table = FigureTable::new(
        format!(
            "Weekly prices of placements active on {} per bed category, placing borough and funder",
            w.on
        ),
        &[
            &["Bed category", "Placing borough", "Funder"][..],
            &SPREAD_COLUMNS,
        ]
        .concat(),
    );
    for s in &analysis.spreads {
        let borough = s
            .placing_borough
            .as_deref()
            .map_or(w.footprint.clone(), |c| w.name(c));
        let row = [
            vec![
                s.category.label().to_string(),
                borough,
                funder_label(s.funder).to_string(),
            ],
            spread_cells(s),
        ];
        table.rows.push(row.concat());
    }
    table
}

/// Each placing borough's median against the footprint median and its usual rate.
fn comparison_figure(
    w: &Words,
    analysis: &PriceAnalysis,
    category: BedCategory,
) -> (FigureTable, Option<String>) {
    let Words { on, cat, who, .. } = w;
    let comparisons: Vec<_> = analysis
        .comparisons
        .iter()
        .filter(|c| c.category == category)
        .collect();
    let mut table = FigureTable::new(
        format!("Median weekly price of {cat} placements ({who}) by placing borough against the footprint median and the borough's usual rate"),
        &["Placing borough", "Placements", "Median", "Footprint median", "Against the footprint", "Usual rate", "Against the usual rate"],
    );
    for c in &comparisons {
        table.rows.push(vec![
            w.name(&c.placing_borough),
            format_count(c.count as u64),
            format_pounds_rounded(c.median),
            format_pounds_rounded(c.footprint_median),
            difference(c.vs_footprint),
            or_dash(c.usual_rate.map(format_pounds)),
            difference(c.vs_usual_rate),
        ]);
    }
    let chart = (!comparisons.is_empty()).then(|| {
        bar_chart(&Chart {
            labels: labels(
                "prices-compare-chart",
                &format!("Median {cat} price against the footprint and the usual rate"),
                format!("Each placing borough's median weekly price for {cat} placements ({who}) active on {on}, the footprint median and the borough's usual rate."),
                "Placing borough",
                "Weekly price",
                Unit::Pounds,
            ),
            categories: comparisons.iter().map(|c| w.name(&c.placing_borough)).collect(),
            series: vec![
                Series { name: "Borough median".into(), values: comparisons.iter().map(|c| Some(c.median)).collect() },
                Series { name: "Footprint median".into(), values: comparisons.iter().map(|c| Some(c.footprint_median)).collect() },
                Series { name: "Usual rate".into(), values: comparisons.iter().map(|c| c.usual_rate.map(|r| r.as_pounds_f64())).collect() },
            ],
        })
    });
    (table, chart)
}

/// Self-funders' fees against council prices in the same borough's homes (the table every
/// category, the chart this one).
fn self_funder_figure(
    w: &Words,
    analysis: &PriceAnalysis,
    category: BedCategory,
) -> (FigureTable, Option<String>) {
    let Words { on, cat, .. } = w;
    let mut table = FigureTable::new(
        format!("Self-funders' lowest weekly fees against council prices, by borough of the home and bed category, on {on}"),
        &["Borough of the home", "Bed category", "Homes quoting a self-funder fee", "Self-funder median", "Council placements", "Council median", "Self-funder median against council"],
    );
    for g in &analysis.self_funder_gaps {
        table.rows.push(vec![
            w.name(&g.borough),
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
    let chart = (!gaps.is_empty()).then(|| {
        bar_chart(&Chart {
            labels: labels(
                "prices-self-funder-chart",
                &format!("Self-funder fees against council prices: {cat}"),
                format!("Median lowest self-funder fee homes quote against the median council price in the same borough's homes, {cat}."),
                "Borough of the home",
                "Weekly price",
                Unit::Pounds,
            ),
            categories: gaps.iter().map(|g| w.name(&g.borough)).collect(),
            series: vec![
                Series { name: "Self-funder median".into(), values: gaps.iter().map(|g| g.self_funder_median).collect() },
                Series { name: "Council median".into(), values: gaps.iter().map(|g| g.council_median).collect() },
            ],
        })
    });
    (table, chart)
}

/// Homes where several boroughs place people, each borough's median, widest spread first.
fn shared_homes_table(w: &Words, analysis: &PriceAnalysis, category: BedCategory) -> FigureTable {
    let home_name = |id: &str| {
        w.data
            .homes
            .iter()
            .find(|h| h.id == id)
            .map_or_else(|| id.to_string(), |h| h.name.clone())
    };
    let mut table = FigureTable::new(
        format!("Homes where several boroughs place people in {} beds ({}): each borough's median weekly price, widest spread first", w.cat, w.who),
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
                    w.name(&b.placing_borough),
                    b.median.map_or_else(withheld, format_pounds_rounded),
                    b.count
                )
            })
            .collect();
        table.rows.push(vec![
            home_name(&s.home_id),
            s.boroughs.len().to_string(),
            each.join("; "),
            s.spread.map_or_else(withheld, format_pounds_rounded),
        ]);
    }
    table
}

/// Placements from each placing borough (rows) to the borough of the home (columns).
fn flows_figure(w: &Words, flows: &FlowTable) -> (FigureTable, String) {
    let on = &w.on;
    let flow_names: Vec<String> = flows.boroughs.iter().map(|c| w.name(c)).collect();
    let mut columns: Vec<String> = vec!["Placing borough".into()];
    columns.extend(flow_names.iter().map(|n| format!("In {n} homes")));
    columns.extend(["All placements".to_string(), "Out of borough".to_string()]);
    let mut table = FigureTable {
        caption: format!("Placements active on {on} (all funders and categories), from the placing borough (rows) to the borough of the home (columns)"),
        columns,
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
        table.rows.push(row);
    }
    let mut in_row = vec!["All placing boroughs".to_string()];
    in_row.extend(flows.placed_in.iter().map(|n| format_count(*n as u64)));
    in_row.push(format_count(flows.total as u64));
    in_row.push(format_count(flows.out_of_borough() as u64));
    table.rows.push(in_row);
    let chart = stacked_bar_chart(&Chart {
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
    (table, chart)
}

/// Every price figure for one bed category.
#[component]
pub fn PriceFigures(
    data: Arc<MarketData>,
    analysis: PriceAnalysis,
    category: BedCategory,
) -> impl IntoView {
    let w = Words {
        data: &data,
        on: format_day_month_year(analysis.on),
        cat: category.label().to_ascii_lowercase(),
        who: funder_label(analysis.funder),
        footprint: data.footprint.name.clone(),
    };
    let (spread_table, spread_chart) = spread_figure(&w, &analysis, category);
    let all_spreads = all_spreads_table(&w, &analysis);
    let (compare_table, compare_chart) = comparison_figure(&w, &analysis, category);
    let (gap_table, gap_chart) = self_funder_figure(&w, &analysis, category);
    let shared = shared_homes_table(&w, &analysis, category);
    let (flow_table, flow_chart) = flows_figure(&w, &analysis.flows);
    let Words { on, cat, who, .. } = w;
    let total = analysis.flows.total;

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
