//! Saving a file the app made (a CSV export, a chart) through the browser's download.

use wasm_bindgen::JsValue;

/// Offers `text` as a CSV file named `filename`. Failures (very old browsers) are logged only.
pub fn download_csv(filename: &str, text: &str) {
    download_text(filename, "text/csv;charset=utf-8", text);
}

/// Offers `text` as a file named `filename` of type `mime`. Failures are logged only.
pub fn download_text(filename: &str, mime: &str, text: &str) {
    if let Err(e) = try_download(filename, mime, text) {
        web_sys::console::error_2(&JsValue::from_str("Download failed"), &e);
    }
}

fn try_download(filename: &str, mime: &str, text: &str) -> Result<(), JsValue> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob)?;
    download_url(filename, &url)?;
    web_sys::Url::revoke_object_url(&url)
}

/// Offers what `url` (a `blob:` or `data:` URL) holds as a file named `filename`.
pub fn download_url(filename: &str, url: &str) -> Result<(), JsValue> {
    use wasm_bindgen::JsCast;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.dyn_into()?;
    link.set_href(url);
    link.set_download(filename);
    link.click();
    Ok(())
}
