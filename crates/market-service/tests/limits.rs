//! What one client may send: JSON bodies up to 64 KB, CSV uploads as `text/csv` only and up to
//! their own limit, read only once the sender is known to be allowed; and no state-changing
//! request from another site's page (CSRF), while reads and scripts without those headers pass.

mod common;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use common::{start, Backend, TestApp};
use market_service::api::CSV_LIMIT;
use market_service::web::JSON_LIMIT;

fn request(method: Method, path: &str, content_type: &str) -> axum::http::request::Builder {
    Request::builder()
        .method(method)
        .uri(path)
        .header(header::CONTENT_TYPE, content_type)
}

async fn upload(
    app: &TestApp,
    path: &str,
    content_type: &str,
    body: Vec<u8>,
    cookie: Option<&str>,
) -> common::Reply {
    let mut req = request(Method::POST, path, content_type);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    app.send(req.body(Body::from(body)).expect("request")).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn csv_uploads_are_text_csv_within_their_limit_and_strangers_are_refused_first() {
    let app = start(Backend::Sqlite).await;
    let admin = app.sign_in("demo-admin").await;
    let commissioner = app.sign_in("demo-commissioner").await;
    for (path, cookie) in [
        ("/api/imports/cqc", &admin),
        ("/api/placements", &commissioner),
    ] {
        // Another media type: a cross-site form could send text/plain without a preflight.
        let plain = upload(
            &app,
            path,
            "text/plain",
            b"a,b\n1,2\n".to_vec(),
            Some(cookie),
        )
        .await;
        assert_eq!(
            (
                plain.status,
                plain.code(),
                plain.body["error"]["field"].as_str()
            ),
            (
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                Some("content-type")
            ),
            "{path}"
        );
        // No session: refused before the body matters (a megabyte, over the JSON limit).
        let stranger = upload(&app, path, "text/csv", vec![b'x'; 1024 * 1024], None).await;
        assert_eq!(stranger.status, StatusCode::UNAUTHORIZED, "{path}");
        // Over the upload limit: 413 with a JSON error.
        let huge = upload(
            &app,
            path,
            "text/csv; charset=utf-8",
            vec![b'x'; CSV_LIMIT + 1],
            Some(cookie),
        )
        .await;
        assert_eq!(
            (huge.status, huge.code()),
            (StatusCode::PAYLOAD_TOO_LARGE, "too_large"),
            "{path}"
        );
        // Over the JSON limit but a CSV: read (and judged on its content, not its size).
        let mut big = b"Location ID,Name\n".to_vec();
        big.extend(std::iter::repeat_n(b'x', JSON_LIMIT * 2));
        let read = upload(&app, path, "text/csv", big, Some(cookie)).await;
        assert_ne!(
            read.status,
            StatusCode::PAYLOAD_TOO_LARGE,
            "{path}: {}",
            read.body
        );
        assert!(
            read.status.is_client_error() || read.status.is_success(),
            "{path}: {}",
            read.status
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn json_bodies_are_held_to_64_kb() {
    let app = start(Backend::Sqlite).await;
    let long = "x".repeat(JSON_LIMIT);
    let body = serde_json::json!({ "username": "demo-admin", "password": long }).to_string();
    let reply = app
        .send(
            request(Method::POST, "/api/session", "application/json")
                .body(Body::from(body))
                .expect("request"),
        )
        .await;
    assert_eq!(
        reply.status,
        StatusCode::PAYLOAD_TOO_LARGE,
        "{}",
        reply.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writes_from_another_sites_page_are_refused() {
    let app = start(Backend::Sqlite).await;
    let credentials = serde_json::json!({ "username": "demo-admin", "password": market_service::seed::DEMO_PASSWORD }).to_string();
    let sign_in = |extra: &[(&str, &str)]| {
        let mut req = request(Method::POST, "/api/session", "application/json")
            .header(header::HOST, "care.example:8080");
        for (name, value) in extra {
            req = req.header(*name, *value);
        }
        req.body(Body::from(credentials.clone())).expect("request")
    };
    for headers in [
        vec![("origin", "https://evil.example")],
        vec![("origin", "null")],
        vec![("sec-fetch-site", "cross-site")],
        vec![("sec-fetch-site", "same-site")],
    ] {
        let reply = app.send(sign_in(&headers)).await;
        assert_eq!(
            (reply.status, reply.code()),
            (StatusCode::FORBIDDEN, "cross_site"),
            "{headers:?}"
        );
    }
    for headers in [
        vec![
            ("origin", "http://care.example:8080"),
            ("sec-fetch-site", "same-origin"),
        ],
        vec![("sec-fetch-site", "same-origin")],
        vec![],
    ] {
        let reply = app.send(sign_in(&headers)).await;
        assert_eq!(reply.status, StatusCode::OK, "{headers:?}: {}", reply.body);
    }
    // Reads pass whoever asks: they change nothing.
    let read = app
        .send(
            Request::get("/api/health")
                .header("origin", "https://evil.example")
                .body(Body::empty())
                .expect("request"),
        )
        .await;
    assert_eq!(read.status, StatusCode::OK);
}
