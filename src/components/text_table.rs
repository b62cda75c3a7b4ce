//! A table of text, scrollable on a phone: a caption, column headings, and rows whose first cell
//! heads the row. Optionally each row ends in a cell of controls (links, small forms).

use leptos::prelude::*;

/// The table. Every cell but the first of a row is right-aligned when `numeric` says so.
#[component]
pub fn TextTable(
    /// The caption's element id.
    #[prop(into)]
    caption_id: String,
    /// Hook for tests.
    #[prop(into)]
    testid: String,
    /// The caption.
    #[prop(into)]
    caption: String,
    /// Column headings; the first heads the row headers.
    columns: Vec<String>,
    /// Rows of cells; the first cell of each is its row header.
    rows: Vec<Vec<String>>,
    /// Which columns hold figures (right-aligned); all but the first when left out.
    #[prop(optional)]
    numeric: Option<Vec<bool>>,
    /// A last cell of controls for each row, in the rows' order.
    #[prop(optional)]
    controls: Vec<AnyView>,
    /// On a phone, each row becomes a card, each cell labelled with its column's heading.
    #[prop(optional)]
    stacked: bool,
    /// Small type and tight cells, for a narrow panel.
    #[prop(optional)]
    compact: bool,
) -> impl IntoView {
    let headings = columns.clone();
    let heading = move |i: usize| headings.get(i).cloned().unwrap_or_default();
    let numeric = numeric.unwrap_or_else(|| (0..columns.len()).map(|i| i > 0).collect());
    let is_num = move |i: usize| numeric.get(i).copied().unwrap_or(false);
    let mut controls = controls.into_iter();
    let region = caption_id.clone();
    view! {
        <div class="table-scroll" role="region" aria-labelledby=region tabindex="0">
            <table class="data" class:data--stack=stacked class:data--compact=compact data-testid=testid>
                <caption id=caption_id>{caption}</caption>
                <thead><tr>
                    {columns.into_iter().enumerate().map(|(i, c)| view! { <th scope="col" class:num=is_num(i)>{c}</th> }).collect_view()}
                </tr></thead>
                <tbody>
                    {rows.into_iter().map(|row| {
                        let mut cells = row.into_iter().enumerate();
                        let head = cells.next().map(|(_, c)| c).unwrap_or_default();
                        view! {
                            <tr>
                                <th scope="row">{head}</th>
                                {cells.map(|(i, c)| view! { <td class:num=is_num(i) data-label=heading(i)>{c}</td> }).collect_view()}
                                {controls.next().map(|c| view! { <td class="controls">{c}</td> })}
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
