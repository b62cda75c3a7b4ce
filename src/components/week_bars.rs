//! A small bar chart of a weekly count, with its figures in a table one click away.

use leptos::prelude::*;
use market_model::presentation::format::format_day_month_year;
use market_model::primitives::week::Week;

/// Bars for each week, oldest first; a week with no figure shows as a gap and says so.
#[component]
pub fn WeekBars(
    /// `(week, figure)` pairs, oldest first.
    weeks: Vec<(Week, Option<u32>)>,
) -> impl IntoView {
    let max = weeks
        .iter()
        .filter_map(|(_, v)| *v)
        .max()
        .unwrap_or(0)
        .max(1);
    let (w, h, gap) = (240.0, 64.0, 2.0);
    let bar = w / weeks.len().max(1) as f64;
    let known: Vec<u32> = weeks.iter().filter_map(|(_, v)| *v).collect();
    let summary = match (known.iter().min(), known.iter().max(), weeks.last()) {
        (Some(lo), Some(hi), Some((_, last))) => format!(
            "Between {lo} and {hi} a week over {} weeks; {} in the latest week; {} weeks without a return.",
            weeks.len(),
            last.map_or("no return".to_string(), |v| v.to_string()),
            weeks.len() - known.len()
        ),
        _ => "No returns in these weeks.".to_string(),
    };
    // The drawing is plain markup: the figures are in the table below it and the label above.
    let mut bars = String::new();
    for (i, (_, v)) in weeks.iter().enumerate() {
        let x = i as f64 * bar + gap / 2.0;
        let (bh, class) = match v {
            Some(v) => ((f64::from(*v) / f64::from(max) * h).max(1.0), "bar"),
            None => (2.0, "bar bar--gap"),
        };
        bars.push_str(&format!(
            "<rect class=\"{class}\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{bh:.1}\"></rect>",
            h - bh,
            bar - gap
        ));
    }
    for (anchor, x, week) in [("start", 0.0, weeks.first()), ("end", w, weeks.last())] {
        if let Some((week, _)) = week {
            bars.push_str(&format!(
                "<text class=\"axis\" x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                h + 12.0,
                format_day_month_year(week.monday())
            ));
        }
    }
    view! {
        <figure class="week-bars">
            <svg viewBox=format!("0 0 {w} {}", h + 14.0) role="img" aria-label=summary.clone() inner_html=bars></svg>
            <figcaption>{summary}</figcaption>
            <details>
                <summary>"Show the figures"</summary>
                <table class="data data--compact">
                    <thead><tr><th scope="col">"Week commencing"</th><th scope="col" class="num">"Vacant beds"</th></tr></thead>
                    <tbody>
                        {weeks.into_iter().map(|(w, v)| view! {
                            <tr><th scope="row">{format_day_month_year(w.monday())}</th><td class="num">{v.map_or("No return".to_string(), |v| v.to_string())}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </figure>
    }
}
