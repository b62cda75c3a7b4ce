//! A titled section holding one accessible data table: a caption, column headers with scope, and
//! a keyboard-scrollable region so wide tables work on a phone.

use leptos::prelude::*;

/// A section with a heading, a table and an optional note under it. The first column holds row
/// headers; the others hold figures and are right-aligned.
#[component]
pub fn DataTable(
    /// Base for the element ids (heading and caption).
    id: &'static str,
    /// The section's heading.
    heading: &'static str,
    /// The table's caption.
    #[prop(into)]
    caption: String,
    /// Column headings, row-header column first.
    columns: Vec<&'static str>,
    /// Hook for tests.
    testid: &'static str,
    /// A note under the table, such as the source of its figures.
    #[prop(optional, into)]
    note: Option<String>,
    /// The table's `<tbody>` and `<tfoot>`.
    children: Children,
) -> impl IntoView {
    let caption_id = format!("{id}-caption");
    let region_label = caption_id.clone();
    view! {
        <section aria-labelledby=id>
            <h2 id=id>{heading}</h2>
            <div class="table-scroll" role="region" aria-labelledby=region_label tabindex="0">
                <table class="data" data-testid=testid>
                    <caption id=caption_id>{caption}</caption>
                    <thead>
                        <tr>
                            {columns.into_iter().enumerate().map(|(i, name)| view! {
                                <th scope="col" class:num={i > 0}>{name}</th>
                            }).collect_view()}
                        </tr>
                    </thead>
                    {children()}
                </table>
            </div>
            {note.map(|note| view! { <p class="source">{note}</p> })}
        </section>
    }
}
