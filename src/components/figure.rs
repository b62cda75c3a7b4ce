//! One figure (the analytics and referrals pages): a chart drawn by the domain crate as SVG, the table of the
//! figures behind it one click away, and downloads of the data (CSV), the chart (SVG) and a
//! picture of it (PNG, drawn in the browser from the SVG).

use crate::components::download::{download_csv, download_text, download_url};
use crate::components::text_table::TextTable;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

/// The figures behind a chart, as text: what the table shows is what the CSV holds, cell for cell.
#[derive(Clone, Debug, PartialEq)]
pub struct FigureTable {
    /// The table's caption.
    pub caption: String,
    /// Column headings; the first heads the row headers.
    pub columns: Vec<String>,
    /// Rows of cells; the first cell of each is its row header.
    pub rows: Vec<Vec<String>>,
    /// How many leading columns hold labels rather than figures (1 unless set).
    pub labels: usize,
}

impl FigureTable {
    /// A table with these column headings and no rows yet.
    pub fn new(caption: impl Into<String>, columns: &[&str]) -> FigureTable {
        FigureTable {
            caption: caption.into(),
            columns: columns.iter().map(|c| c.to_string()).collect(),
            rows: Vec::new(),
            labels: 1,
        }
    }

    /// The table as CSV: the headings, then each row.
    pub fn to_csv(&self) -> String {
        let header: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        market_model::primitives::csv::to_csv(&header, self.rows.iter().cloned())
    }
}

/// A chart with its table, notes and downloads. Without `svg` it is a table alone, shown open
/// (still exportable as CSV).
#[component]
pub fn Figure(
    /// Unique on the page: the base of element ids, test hooks and file names.
    #[prop(into)]
    id: String,
    /// The figure's heading.
    #[prop(into)]
    title: String,
    /// The chart, standalone SVG text from [`crate::chart`]; none for a table
    /// alone.
    #[prop(default = None)]
    svg: Option<String>,
    /// The figures behind it.
    table: FigureTable,
    /// A line under the figure: a source, a caveat.
    #[prop(optional, into)]
    note: Option<String>,
) -> impl IntoView {
    let title_id = format!("{id}-title");
    let caption_id = format!("{id}-caption");
    let csv = table.to_csv();
    let download_name = id.clone();
    let chart_downloads = svg.clone().map(|svg| {
        let (svg_file, png_file) = (format!("{id}.svg"), format!("{id}.png"));
        let png_svg = svg.clone();
        view! {
            <button type="button" class="button button--small" data-testid=format!("{id}-svg") aria-describedby=title_id.clone()
                on:click=move |_| download_text(&svg_file, "image/svg+xml", &svg)>"Chart (SVG)"</button>
            <button type="button" class="button button--small" data-testid=format!("{id}-png") aria-describedby=title_id.clone()
                on:click=move |_| download_png(&png_file, &png_svg)>"Picture (PNG)"</button>
        }
    });
    let FigureTable {
        caption,
        columns,
        rows,
        labels,
    } = table;
    let numeric = (0..columns.len()).map(|i| i >= labels).collect();
    let title_ref = title_id.clone();
    let (heading_id, csv_describedby) = (title_id.clone(), title_id);
    view! {
        <figure class="figure" aria-labelledby=title_ref data-testid=format!("figure-{id}")>
            <h3 id=heading_id class="figure__title">{title}</h3>
            {svg.clone().map(|svg| view! { <div class="chart-frame" inner_html=svg></div> })}
            // A table with no chart above it is the figure itself: open.
            <details class="figure__table" open=svg.is_none()>
                <summary>"Table: " {caption.clone()}</summary>
                <TextTable caption_id testid=format!("{id}-table") caption columns rows numeric/>
            </details>
            {note.map(|n| view! { <p class="source">{n}</p> })}
            <div class="figure__downloads">
                <span class="figure__downloads-label">"Download:"</span>
                <button type="button" class="button button--small" data-testid=format!("{id}-csv") aria-describedby=csv_describedby
                    on:click=move |_| download_csv(&format!("{download_name}.csv"), &csv)>"Data (CSV)"</button>
                {chart_downloads}
            </div>
        </figure>
    }
}

/// Draws `svg` on a canvas at twice its size, on white, and offers it as a PNG named `filename`.
/// Failures are logged only.
fn download_png(filename: &str, svg: &str) {
    if let Err(e) = try_png(filename.to_string(), svg) {
        web_sys::console::error_2(&JsValue::from_str("PNG download failed"), &e);
    }
}

fn try_png(filename: String, svg: &str) -> Result<(), JsValue> {
    // The charts are drawn on a 640 × 400 view box.
    let (width, height) = (1280u32, 800u32);
    let parts = js_sys::Array::of1(&JsValue::from_str(svg));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("image/svg+xml");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    let image = web_sys::HtmlImageElement::new_with_width_and_height(width, height)?;
    let (drawn, source) = (image.clone(), url.clone());
    let onload = wasm_bindgen::closure::Closure::once_into_js(move || {
        let draw = || -> Result<(), JsValue> {
            let document = web_sys::window()
                .and_then(|w| w.document())
                .ok_or("no document")?;
            let canvas: web_sys::HtmlCanvasElement =
                document.create_element("canvas")?.dyn_into()?;
            canvas.set_width(width);
            canvas.set_height(height);
            let context: web_sys::CanvasRenderingContext2d = canvas
                .get_context("2d")?
                .ok_or("no 2d context")?
                .dyn_into()?;
            context.set_fill_style_str("#ffffff");
            context.fill_rect(0.0, 0.0, f64::from(width), f64::from(height));
            context.draw_image_with_html_image_element_and_dw_and_dh(
                &drawn,
                0.0,
                0.0,
                f64::from(width),
                f64::from(height),
            )?;
            download_url(&filename, &canvas.to_data_url_with_type("image/png")?)
        };
        if let Err(e) = draw() {
            web_sys::console::error_2(&JsValue::from_str("PNG download failed"), &e);
        }
        let _ = web_sys::Url::revoke_object_url(&source);
    });
    image.set_onload(Some(onload.unchecked_ref()));
    image.set_src(&url);
    Ok(())
}
