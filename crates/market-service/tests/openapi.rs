//! The OpenAPI document is whole: every schema it refers to is defined in it, so a client (or a
//! tool that generates requests from it) can read every operation.

mod common;

use common::{start, Backend};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_schema_the_document_refers_to_is_defined() {
    let app = start(Backend::Sqlite).await;
    let doc = app.get("/api/openapi.json", None).await.body;
    let text = doc.to_string();
    let prefix = "\"$ref\":\"#/components/schemas/";
    let mut undefined: Vec<&str> = text
        .match_indices(prefix)
        .filter_map(|(at, _)| text[at + prefix.len()..].split('"').next())
        .filter(|name| doc["components"]["schemas"].get(*name).is_none())
        .collect();
    undefined.sort_unstable();
    undefined.dedup();
    assert!(
        undefined.is_empty(),
        "referred to, never defined: {undefined:?}"
    );
}
