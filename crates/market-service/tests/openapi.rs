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

/// Every parameter is where the document says: a path parameter is in its path's template,
/// and the rest (the filters and options) are in the query and optional.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn parameters_are_documented_where_they_are_read() {
    let app = start(Backend::Sqlite).await;
    let doc = app.get("/api/openapi.json", None).await.body;
    let mut wrong = Vec::new();
    for (path, operations) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in operations.as_object().expect("operations") {
            for p in operation["parameters"].as_array().into_iter().flatten() {
                let name = p["name"].as_str().unwrap_or_default();
                let in_template = path.contains(&format!("{{{name}}}"));
                let ok = match p["in"].as_str() {
                    Some("path") => in_template && p["required"] == true,
                    Some("query") => !in_template && p["required"] != true,
                    _ => false,
                };
                if !ok {
                    wrong.push(format!("{method} {path} {name}: {p}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// A week in a path or a query is a Monday: another real date names no week (404
/// `no_such_week`), text that is no date is a bad request (400).
async fn a_week_is_a_monday_or_not_found(app: common::TestApp) {
    let commissioner = app.sign_in("demo-commissioner").await;
    for (path, status, code) in [
        ("/api/weeks/2026-11-16/returns", 200, ""),
        ("/api/weeks/2026-11-17/returns", 404, "no_such_week"),
        ("/api/weeks/0/returns", 400, "invalid_path"),
        ("/api/weeks/2026-11-22/compliance", 404, "no_such_week"),
        ("/api/market?week=2026-11-16", 200, ""),
        ("/api/market?week=2026-11-18", 404, "no_such_week"),
        ("/api/market?week=next", 400, "invalid_query"),
        (
            "/api/block-contracts/utilisation?to=2026-11-19",
            404,
            "no_such_week",
        ),
        (
            "/api/block-contracts/utilisation?to=x",
            400,
            "invalid_query",
        ),
    ] {
        let reply = app.get(path, Some(&commissioner)).await;
        assert_eq!(
            (reply.status.as_u16(), reply.code()),
            (status, code),
            "{path}: {}",
            reply.body
        );
    }
}

on_both_databases!(a_week_is_a_monday_or_not_found);
