//! Charts as SVG text: bar, stacked bar, line and box plot. The app inserts the text into the page
//! and offers the same text as a download, so each chart stands alone: it declares its namespace,
//! has a `viewBox`, names itself with `role="img"` and `aria-labelledby` pointing at its `<title>`
//! and `<desc>` (the description given, then a sentence summarising the data), labels its axes
//! with their units and its ticks in en-GB style, and shows a legend when it has several series.
//!
//! Nothing is styled inline (the app's content security policy forbids `style` attributes):
//! every mark carries CSS classes (`bar`, `line`, `point`, `box`, `median`, `whisker`, `grid`,
//! `axis`, `tick`, `legend`, and `s0`…`s7` for the series), so the stylesheet can colour it, and a
//! `fill` or `stroke` presentation attribute from a colour-blind-safe palette, so a downloaded
//! file has colours too. All text goes through one escaping function.
//!
//! ```
//! use care_market::chart::{bar_chart, Chart, Labels, Series, Unit};
//! let chart = Chart {
//!     labels: Labels {
//!         id: "beds".into(),
//!         title: "Registered beds".into(),
//!         description: "Registered beds in each borough.".into(),
//!         x_label: "Borough".into(),
//!         y_label: "Beds".into(),
//!         unit: Unit::Number,
//!     },
//!     categories: vec!["Barnet".into(), "Camden".into()],
//!     series: vec![Series { name: "Beds".into(), values: vec![Some(3912.0), Some(1200.0)] }],
//! };
//! let svg = bar_chart(&chart);
//! assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
//! assert!(svg.contains("Beds: highest Barnet (3,912), lowest Camden (1,200)."));
//! ```

pub mod classes;

use market_model::presentation::format::format_fixed;
use market_model::primitives::stats::Quartiles;
use std::fmt::{self, Write};

/// How values read, on tick labels and in the text alternative.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// Plain numbers: "1,200". Say what they count in the axis label ("Beds").
    Number,
    /// Whole numbers of things, read as [`Unit::Number`]; the axis never steps by a fraction
    /// (no "0.2 beds").
    Count,
    /// Percentages, given as 0–100: "80%". The axis label gains " (%)".
    Percent,
    /// Pounds: "£1,200". The axis label gains " (£)".
    Pounds,
}

impl Unit {
    /// `value` with `decimals` places, in this unit.
    pub fn format(self, value: f64, decimals: u32) -> String {
        let number = format_fixed(value.abs(), decimals);
        let sign = if value < 0.0 && number.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
            "-"
        } else {
            ""
        };
        match self {
            Unit::Number | Unit::Count => format!("{sign}{number}"),
            Unit::Percent => format!("{sign}{number}%"),
            Unit::Pounds => format!("{sign}£{number}"),
        }
    }

    fn axis_suffix(self) -> &'static str {
        match self {
            Unit::Number | Unit::Count => "",
            Unit::Percent => " (%)",
            Unit::Pounds => " (£)",
        }
    }
}

/// What every chart says about itself.
#[derive(Clone, Debug, PartialEq)]
pub struct Labels {
    /// Prefix for the chart's element ids, unique on the page (letters, digits, `-` and `_`;
    /// anything else becomes `-`).
    pub id: String,
    /// The title, shown above the chart and read first.
    pub title: String,
    /// What the chart shows, in a sentence; a summary of the data follows it.
    pub description: String,
    /// The horizontal axis label.
    pub x_label: String,
    /// The vertical axis label (the unit's suffix is added).
    pub y_label: String,
    /// How values read.
    pub unit: Unit,
}

/// A chart of values by category: bars, stacked bars or lines.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// Title, description and axes.
    pub labels: Labels,
    /// The categories along the horizontal axis, in order.
    pub categories: Vec<String>,
    /// One or more series, each with a value (or a gap) per category.
    pub series: Vec<Series>,
}

/// A named run of values, one per category; `None` is a gap.
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// The name in the legend.
    pub name: String,
    /// The values, in the order of the chart's categories.
    pub values: Vec<Option<f64>>,
}

/// A box plot: the spread of values in each group.
#[derive(Clone, Debug, PartialEq)]
pub struct BoxPlot {
    /// Title, description and axes.
    pub labels: Labels,
    /// The groups along the horizontal axis, in order.
    pub groups: Vec<BoxGroup>,
}

/// One group's spread: whiskers from the least to the greatest value, a box between the
/// quartiles and a line at the median.
#[derive(Clone, Debug, PartialEq)]
pub struct BoxGroup {
    /// The group's name.
    pub name: String,
    /// The least value.
    pub min: f64,
    /// Quartiles, median and count.
    pub quartiles: Quartiles,
    /// The greatest value.
    pub max: f64,
}

impl BoxGroup {
    /// The spread of `values` (NaNs ignored); `None` when there are none.
    pub fn of(name: &str, values: &[f64]) -> Option<BoxGroup> {
        let quartiles = Quartiles::of(values)?;
        let real = values.iter().copied().filter(|v| !v.is_nan());
        Some(BoxGroup {
            name: name.to_string(),
            min: real.clone().fold(f64::INFINITY, f64::min),
            quartiles,
            max: real.fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

/// Round tick values for an axis, and how many decimals they need.
#[derive(Clone, Debug, PartialEq)]
pub struct Ticks {
    /// Evenly spaced values, lowest first; the first is at or below the data, the last at or above.
    pub values: Vec<f64>,
    /// Decimal places that show every value exactly.
    pub decimals: u32,
}

/// Ticks covering `min` to `max` in at most `n` intervals (at least 2), with a step of 1, 2 or 5
/// times a power of ten: the smallest such step that fits. When `min` equals `max` the range is
/// stretched to zero (0 to 1 when both are zero); non-finite bounds give 0 to 1.
pub fn nice_ticks(min: f64, max: f64, n: usize) -> Ticks {
    let n = n.max(2) as f64;
    let (mut lo, mut hi) = if min.is_finite() && max.is_finite() {
        (min.min(max), min.max(max))
    } else {
        (0.0, 1.0)
    };
    if lo == hi {
        if lo > 0.0 {
            lo = 0.0;
        } else if lo < 0.0 {
            hi = 0.0;
        } else {
            hi = 1.0;
        }
    }
    let mut exponent = ((hi - lo) / n).log10().floor() as i32;
    loop {
        for m in [1i64, 2, 5] {
            let step = m as f64 * 10f64.powi(exponent);
            let first = (lo / step + 1e-9).floor();
            let last = (hi / step - 1e-9).ceil();
            if last - first <= n {
                // k × m × 10^e, dividing for negative exponents so 0.3 comes out as 0.3.
                let value = |k: i64| {
                    let units = (k * m) as f64;
                    if exponent < 0 {
                        units / 10f64.powi(-exponent)
                    } else {
                        units * 10f64.powi(exponent)
                    }
                };
                return Ticks {
                    values: (first as i64..=last as i64).map(value).collect(),
                    decimals: exponent.min(0).unsigned_abs(),
                };
            }
        }
        exponent += 1;
    }
}

/// Bars side by side: one bar per series in each category, from zero (negative values go down).
pub fn bar_chart(chart: &Chart) -> String {
    let n = chart.categories.len();
    let (lo, hi) = data_range(chart);
    let mut summary = String::new();
    for series in &chart.series {
        push_extremes(&mut summary, chart, &series.name, &series.values);
    }
    let (mut out, frame) = begin(
        &chart.labels,
        "bar",
        &names(chart),
        &legend(chart),
        (lo.min(0.0), hi.max(0.0)),
        &summary,
    );
    let width = frame.band(n) * 0.8 / chart.series.len().max(1) as f64;
    let zero = frame.y(0.0);
    for (si, series) in chart.series.iter().enumerate() {
        for ci in 0..n {
            let Some(v) = value_at(series, ci) else {
                continue;
            };
            let x = frame.band_start(ci, n) + frame.band(n) * 0.1 + width * si as f64;
            let y = frame.y(v);
            let place = [x, y.min(zero), width, (y - zero).abs()];
            push_bar(&mut out, chart, si, ci, v, place);
        }
    }
    out.push_str("</svg>");
    out
}

/// Bars stacked in series order, one bar per category. Stacking assumes values of at least zero;
/// a negative value is drawn as zero.
pub fn stacked_bar_chart(chart: &Chart) -> String {
    let n = chart.categories.len();
    let totals: Vec<Option<f64>> = (0..n)
        .map(|ci| {
            let stacked = chart.series.iter().filter_map(|s| value_at(s, ci));
            Some(stacked.map(|v| v.max(0.0)).sum())
        })
        .collect();
    let hi = totals.iter().flatten().copied().fold(0.0, f64::max);
    let mut summary = String::new();
    push_extremes(&mut summary, chart, "Total", &totals);
    let (mut out, frame) = begin(
        &chart.labels,
        "stacked-bar",
        &names(chart),
        &legend(chart),
        (0.0, hi),
        &summary,
    );
    let width = frame.band(n) * 0.6;
    for ci in 0..n {
        let x = frame.band_start(ci, n) + frame.band(n) * 0.2;
        let mut base = 0.0;
        for (si, series) in chart.series.iter().enumerate() {
            let Some(v) = value_at(series, ci) else {
                continue;
            };
            let top = base + v.max(0.0);
            let place = [x, frame.y(top), width, frame.y(base) - frame.y(top)];
            push_bar(&mut out, chart, si, ci, v, place);
            base = top;
        }
    }
    out.push_str("</svg>");
    out
}

/// Lines through each series' values at the category centres, with a point at each value; a gap
/// breaks the line. The vertical axis spans the data, not necessarily zero.
pub fn line_chart(chart: &Chart) -> String {
    let n = chart.categories.len();
    let (lo, hi) = data_range(chart);
    let summary = first_last_summary(chart);
    let (mut out, frame) = begin(
        &chart.labels,
        "line",
        &names(chart),
        &legend(chart),
        (lo, hi),
        &summary,
    );
    for (si, series) in chart.series.iter().enumerate() {
        let _ = write!(
            out,
            r#"<path class="line s{}" fill="none" stroke="{}" stroke-width="2" d=""#,
            si % 8,
            colour(si)
        );
        let mut pen_down = false;
        for ci in 0..n {
            match value_at(series, ci) {
                Some(v) => {
                    let _ = write!(
                        out,
                        "{}{} {}",
                        if pen_down { "L" } else { "M" },
                        Num(frame.centre(ci, n)),
                        Num(frame.y(v))
                    );
                    pen_down = true;
                }
                None => pen_down = false,
            }
        }
        out.push_str(r#""/>"#);
        for ci in 0..n {
            let Some(v) = value_at(series, ci) else {
                continue;
            };
            let _ = write!(
                out,
                r#"<circle class="point s{}" fill="{}" r="3" cx="{}" cy="{}">"#,
                si % 8,
                colour(si),
                Num(frame.centre(ci, n)),
                Num(frame.y(v))
            );
            mark_title(
                &mut out,
                &series.name,
                &chart.categories[ci],
                v,
                chart.labels.unit,
            );
            out.push_str("</circle>");
        }
    }
    out.push_str("</svg>");
    out
}

/// A box and whiskers per group: whiskers from the least to the greatest value, a box from the
/// lower to the upper quartile, a line at the median.
pub fn box_plot(plot: &BoxPlot) -> String {
    let n = plot.groups.len();
    let (lo, hi) = plot
        .groups
        .iter()
        .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), g| {
            (lo.min(g.min), hi.max(g.max))
        });
    let unit = plot.labels.unit;
    let mut summary = String::new();
    for g in &plot.groups {
        let q = &g.quartiles;
        let _ = write!(
            summary,
            " {}: median {}, middle half {} to {}, range {} to {}, {} values.",
            g.name,
            value_text(unit, q.median),
            value_text(unit, q.lower),
            value_text(unit, q.upper),
            value_text(unit, g.min),
            value_text(unit, g.max),
            q.count
        );
    }
    let names: Vec<&str> = plot.groups.iter().map(|g| g.name.as_str()).collect();
    let (mut out, frame) = begin(&plot.labels, "box", &names, &[], (lo, hi), &summary);
    let width = frame.band(n) * 0.5;
    for (gi, g) in plot.groups.iter().enumerate() {
        let (x, centre) = (
            frame.band_start(gi, n) + frame.band(n) * 0.25,
            frame.centre(gi, n),
        );
        let q = &g.quartiles;
        let _ = write!(out, r#"<g class="box-group"><title>"#);
        push_text(&mut out, &g.name);
        out.push_str("</title>");
        let _ = write!(
            out,
            r##"<line class="whisker" stroke="#333" x1="{c}" x2="{c}" y1="{}" y2="{}"/>"##,
            Num(frame.y(g.max)),
            Num(frame.y(g.min)),
            c = Num(centre)
        );
        for end in [g.min, g.max] {
            let _ = write!(
                out,
                r##"<line class="whisker" stroke="#333" x1="{}" x2="{}" y1="{y}" y2="{y}"/>"##,
                Num(x + width * 0.25),
                Num(x + width * 0.75),
                y = Num(frame.y(end))
            );
        }
        let (top, bottom) = (frame.y(q.upper), frame.y(q.lower));
        let _ = write!(
            out,
            r##"<rect class="box s0" fill="{}" stroke="#333" x="{}" y="{}" width="{}" height="{}"/>"##,
            colour(0),
            Num(x),
            Num(top),
            Num(width),
            Num(bottom - top)
        );
        let _ = write!(
            out,
            r##"<line class="median" stroke="#000" stroke-width="2" x1="{}" x2="{}" y1="{y}" y2="{y}"/></g>"##,
            Num(x),
            Num(x + width),
            y = Num(frame.y(q.median))
        );
    }
    out.push_str("</svg>");
    out
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 400.0;
const LEFT: f64 = 72.0;
const RIGHT: f64 = WIDTH - 16.0;
const BOTTOM: f64 = HEIGHT - 56.0;
/// Rough width of a character of 12px sans-serif, for laying out labels.
const CHAR_WIDTH: f64 = 7.0;

/// Okabe and Ito's colour-blind-safe palette, for files opened without the app's stylesheet.
const PALETTE: [&str; 8] = [
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000",
];

fn colour(series: usize) -> &'static str {
    PALETTE[series % PALETTE.len()]
}

/// The plot area and its vertical scale.
struct Frame {
    top: f64,
    lo: f64,
    hi: f64,
}

impl Frame {
    fn y(&self, v: f64) -> f64 {
        BOTTOM - (v - self.lo) / (self.hi - self.lo) * (BOTTOM - self.top)
    }

    fn band(&self, n: usize) -> f64 {
        (RIGHT - LEFT) / n.max(1) as f64
    }

    fn band_start(&self, i: usize, n: usize) -> f64 {
        LEFT + self.band(n) * i as f64
    }

    fn centre(&self, i: usize, n: usize) -> f64 {
        self.band_start(i, n) + self.band(n) / 2.0
    }
}

/// A coordinate rounded to two places, without trailing zeros.
struct Num(f64);

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let r = (self.0 * 100.0).round() / 100.0;
        write!(f, "{}", if r == 0.0 { 0.0 } else { r })
    }
}

/// Writes `text` escaped for XML (and so SVG) content and attribute values: the one escaper the
/// app's hand-built markup uses.
pub fn push_text(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// Writes an id prefix with anything but ASCII letters, digits, `-` and `_` made `-`.
fn push_id(out: &mut String, id: &str) {
    if id.is_empty() {
        out.push_str("chart");
    }
    out.extend(id.chars().map(|c| {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            c
        } else {
            '-'
        }
    }));
}

fn value_text(unit: Unit, v: f64) -> String {
    unit.format(v, if v.fract() == 0.0 { 0 } else { 1 })
}

fn value_at(series: &Series, i: usize) -> Option<f64> {
    series
        .values
        .get(i)
        .copied()
        .flatten()
        .filter(|v| v.is_finite())
}

/// The least and greatest values of the chart's series (infinite when there are none).
fn data_range(chart: &Chart) -> (f64, f64) {
    let mut range = (f64::INFINITY, f64::NEG_INFINITY);
    for series in &chart.series {
        for v in (0..chart.categories.len()).filter_map(|ci| value_at(series, ci)) {
            range = (range.0.min(v), range.1.max(v));
        }
    }
    range
}

fn names(chart: &Chart) -> Vec<&str> {
    chart.categories.iter().map(String::as_str).collect()
}

/// Series names for the legend: none when there is only one series.
fn legend(chart: &Chart) -> Vec<&str> {
    if chart.series.len() < 2 {
        return vec![];
    }
    chart.series.iter().map(|s| s.name.as_str()).collect()
}

/// Appends " Name: highest A (x), lowest B (y)." for `values` (one per category, gaps skipped).
fn push_extremes(summary: &mut String, chart: &Chart, name: &str, values: &[Option<f64>]) {
    let mut present = values
        .iter()
        .take(chart.categories.len())
        .enumerate()
        .filter_map(|(ci, v)| v.filter(|v| v.is_finite()).map(|v| (ci, v)));
    let Some(first) = present.next() else {
        return;
    };
    let (low, high) = present.fold((first, first), |(low, high), p| {
        (
            if p.1 < low.1 { p } else { low },
            if p.1 > high.1 { p } else { high },
        )
    });
    let unit = chart.labels.unit;
    let _ = write!(
        summary,
        " {name}: highest {} ({}), lowest {} ({}).",
        chart.categories[high.0],
        value_text(unit, high.1),
        chart.categories[low.0],
        value_text(unit, low.1)
    );
}

/// " Name: x in A to y in B." for each series, from its first value to its last.
fn first_last_summary(chart: &Chart) -> String {
    let mut summary = String::new();
    let unit = chart.labels.unit;
    for s in &chart.series {
        let mut values =
            (0..chart.categories.len()).filter_map(|ci| value_at(s, ci).map(|v| (ci, v)));
        let Some(first) = values.next() else { continue };
        let last = values.next_back().unwrap_or(first);
        let _ = write!(
            summary,
            " {}: {} in {} to {} in {}.",
            s.name,
            value_text(unit, first.1),
            chart.categories[first.0],
            value_text(unit, last.1),
            chart.categories[last.0]
        );
    }
    summary
}

/// Opens the SVG and draws the title, text alternative, legend, grid, axes and labels, leaving
/// the plot to the caller; the vertical scale covers `lo` to `hi` with round ticks.
fn begin(
    labels: &Labels,
    kind: &str,
    categories: &[&str],
    legend: &[&str],
    (lo, hi): (f64, f64),
    summary: &str,
) -> (String, Frame) {
    let mut out = String::with_capacity(4096);
    push_heading(&mut out, labels, kind, summary);
    let rows = push_legend(&mut out, legend);
    let frame = push_scale(&mut out, labels, (lo, hi), rows);
    push_category_labels(&mut out, categories, &frame);
    push_axis_labels(&mut out, labels, &frame);
    (out, frame)
}

/// Opens the `<svg>` element with its `<title>` and `<desc>` (the summary, or "No data.") and
/// draws the visible title.
fn push_heading(out: &mut String, labels: &Labels, kind: &str, summary: &str) {
    let _ = write!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" class="chart chart-{kind}" font-family="sans-serif" font-size="12" aria-labelledby=""#
    );
    push_id(out, &labels.id);
    out.push_str("-title ");
    push_id(out, &labels.id);
    out.push_str(r#"-desc"><title id=""#);
    push_id(out, &labels.id);
    out.push_str(r#"-title">"#);
    push_text(out, &labels.title);
    out.push_str(r#"</title><desc id=""#);
    push_id(out, &labels.id);
    out.push_str(r#"-desc">"#);
    push_text(out, &labels.description);
    push_text(
        out,
        if summary.is_empty() {
            " No data."
        } else {
            summary
        },
    );
    let _ = write!(
        out,
        r#"</desc><text class="chart-title" x="{LEFT}" y="24" font-size="16" font-weight="bold">"#
    );
    push_text(out, &labels.title);
    out.push_str("</text>");
}

/// Draws the legend's swatches and names, wrapping to new rows at the right edge; returns the
/// number of rows (0 for no legend).
fn push_legend(out: &mut String, legend: &[&str]) -> u32 {
    if legend.is_empty() {
        return 0;
    }
    let mut rows = 1u32;
    let mut x = LEFT;
    out.push_str(r#"<g class="legend">"#);
    for (i, name) in legend.iter().enumerate() {
        let width = 30.0 + name.chars().count() as f64 * CHAR_WIDTH;
        if x + width > RIGHT && x > LEFT {
            rows += 1;
            x = LEFT;
        }
        let y = 44.0 + 18.0 * f64::from(rows - 1);
        let _ = write!(
            out,
            r#"<rect class="swatch s{}" fill="{}" x="{}" y="{}" width="10" height="10"/><text x="{}" y="{}">"#,
            i % 8,
            colour(i),
            Num(x),
            Num(y - 9.0),
            Num(x + 14.0),
            Num(y)
        );
        push_text(out, name);
        out.push_str("</text>");
        x += width;
    }
    out.push_str("</g>");
    rows
}

/// [`nice_ticks`] for whole numbers: where those would step by a fraction (a range under `n`),
/// every whole number from below `min` to above `max` instead (0 and 1 at least).
pub fn whole_ticks(min: f64, max: f64, n: usize) -> Ticks {
    let ticks = nice_ticks(min, max, n);
    if ticks.decimals == 0 {
        return ticks;
    }
    let lo = ticks.values.first().copied().unwrap_or(0.0).floor();
    let hi = ticks
        .values
        .last()
        .copied()
        .unwrap_or(1.0)
        .ceil()
        .max(lo + 1.0);
    Ticks {
        values: (lo as i64..=hi as i64).map(|v| v as f64).collect(),
        decimals: 0,
    }
}

/// Draws the grid lines with their tick values and the two axes, for a scale covering `lo` to
/// `hi` with round ticks below `legend_rows` of legend; returns the plot's frame.
fn push_scale(out: &mut String, labels: &Labels, (lo, hi): (f64, f64), legend_rows: u32) -> Frame {
    let ticks = if labels.unit == Unit::Count {
        whole_ticks(lo, hi, 5)
    } else {
        nice_ticks(lo, hi, 5)
    };
    let frame = Frame {
        top: 48.0 + 18.0 * f64::from(legend_rows),
        lo: ticks.values.first().copied().unwrap_or(0.0),
        hi: ticks.values.last().copied().unwrap_or(1.0),
    };
    for v in &ticks.values {
        let y = Num(frame.y(*v));
        let _ = write!(
            out,
            r##"<line class="grid" stroke="#ddd" x1="{LEFT}" x2="{RIGHT}" y1="{y}" y2="{y}"/><text class="tick" x="{}" y="{}" text-anchor="end">"##,
            LEFT - 6.0,
            Num(frame.y(*v) + 4.0),
        );
        push_text(out, &labels.unit.format(*v, ticks.decimals));
        out.push_str("</text>");
    }
    let axis_y = if frame.lo <= 0.0 && frame.hi >= 0.0 {
        frame.y(0.0)
    } else {
        BOTTOM
    };
    let _ = write!(
        out,
        r##"<line class="axis" stroke="#333" x1="{LEFT}" x2="{LEFT}" y1="{}" y2="{BOTTOM}"/><line class="axis" stroke="#333" x1="{LEFT}" x2="{RIGHT}" y1="{y}" y2="{y}"/>"##,
        Num(frame.top),
        y = Num(axis_y)
    );
    frame
}

/// Labels every category under the plot when the labels fit their bands, otherwise every
/// second, third, ….
fn push_category_labels(out: &mut String, categories: &[&str], frame: &Frame) {
    let n = categories.len();
    let longest = categories
        .iter()
        .map(|c| c.chars().count())
        .max()
        .unwrap_or(0);
    let every = ((longest as f64 * CHAR_WIDTH + 4.0) / frame.band(n))
        .ceil()
        .max(1.0) as usize;
    for (i, name) in categories.iter().enumerate().step_by(every) {
        let _ = write!(
            out,
            r#"<text class="tick" x="{}" y="{}" text-anchor="middle">"#,
            Num(frame.centre(i, n)),
            BOTTOM + 18.0
        );
        push_text(out, name);
        out.push_str("</text>");
    }
}

/// Writes the horizontal axis's label and the vertical one, turned, with the unit's suffix.
fn push_axis_labels(out: &mut String, labels: &Labels, frame: &Frame) {
    let _ = write!(
        out,
        r#"<text class="axis-label" x="{}" y="{}" text-anchor="middle">"#,
        (LEFT + RIGHT) / 2.0,
        HEIGHT - 12.0
    );
    push_text(out, &labels.x_label);
    let _ = write!(
        out,
        r#"</text><text class="axis-label" transform="rotate(-90)" x="{}" y="18" text-anchor="middle">"#,
        Num(-(frame.top + BOTTOM) / 2.0)
    );
    push_text(out, &labels.y_label);
    out.push_str(labels.unit.axis_suffix());
    out.push_str("</text>");
}

/// A bar for series `si` in category `ci`, at `[x, y, width, height]`, with its tooltip.
fn push_bar(out: &mut String, chart: &Chart, si: usize, ci: usize, value: f64, place: [f64; 4]) {
    let [x, y, width, height] = place;
    let _ = write!(
        out,
        r#"<rect class="bar s{}" fill="{}" x="{}" y="{}" width="{}" height="{}">"#,
        si % 8,
        colour(si),
        Num(x),
        Num(y),
        Num(width),
        Num(height)
    );
    let title = (&chart.series[si].name, &chart.categories[ci]);
    mark_title(out, title.0, title.1, value, chart.labels.unit);
    out.push_str("</rect>");
}

/// A mark's tooltip: "Series, Category: value".
fn mark_title(out: &mut String, series: &str, category: &str, value: f64, unit: Unit) {
    out.push_str("<title>");
    push_text(out, series);
    out.push_str(", ");
    push_text(out, category);
    out.push_str(": ");
    push_text(out, &value_text(unit, value));
    out.push_str("</title>");
}

#[cfg(test)]
mod tests;
