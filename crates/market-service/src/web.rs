//! The whole HTTP service: the API, the app's runtime configuration, the built app with the
//! single-page fallback, and the security headers.

use crate::{api, AppState};
use axum::http::header::{
    CONTENT_SECURITY_POLICY, REFERRER_POLICY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use sha2::{Digest, Sha256};
use std::path::Path;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::CorsLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

/// Request bodies up to 64 MB: the whole CQC register fits.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// The router for `state`: API, `/config.json`, and the app from `DIST_DIR` when it exists.
pub fn app(state: AppState) -> Router {
    let (api, _) = api::router();
    let dist = state.config.dist_dir.clone();
    let csp = content_security_policy(&dist);
    let mut router = api
        .route("/config.json", get(runtime_config))
        .layer(axum::extract::DefaultBodyLimit::disable())
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT));
    if dist.join("index.html").is_file() {
        let index = ServeFile::new(dist.join("index.html"));
        router = router.fallback_service(ServeDir::new(&dist).fallback(index));
    }
    let mut router = router
        .layer(SetResponseHeaderLayer::overriding(
            CONTENT_SECURITY_POLICY,
            csp,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            X_FRAME_OPTIONS,
            HeaderValue::from_static("DENY"),
        ))
        .layer(CatchPanicLayer::custom(|_| {
            crate::error::ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on the server.",
            )
            .into_response()
        }));
    if let Some(origin) = state
        .config
        .app_origin
        .as_deref()
        .and_then(|o| HeaderValue::from_str(o).ok())
    {
        router = router.layer(
            CorsLayer::new()
                .allow_origin(origin)
                .allow_credentials(true)
                .allow_methods([Method::GET, Method::POST, Method::PUT, Method::DELETE])
                .allow_headers([axum::http::header::CONTENT_TYPE]),
        );
    }
    router.with_state(state)
}

/// Serves the whole service on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, app(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// The app's runtime configuration when this service hosts it: read live data from the API, and
/// the service's "now", which the app's clock runs on from. (Static hosting ships
/// `public/config.json`, which points at the snapshot files and leaves the browser's clock.)
async fn runtime_config(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> impl IntoResponse {
    let now = market_model::timestamp::format(&state.db.clock.now());
    (
        [(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        )],
        Json(serde_json::json!({ "source": "api", "base": "/api", "now": now })),
    )
}

/// A policy with no `unsafe-inline`: scripts from this origin plus the hashes of the inline
/// loader trunk writes into `index.html`, WebAssembly compilation, styles from this origin only.
pub fn content_security_policy(dist: &Path) -> HeaderValue {
    let index = std::fs::read_to_string(dist.join("index.html")).unwrap_or_default();
    let hashes: String = inline_scripts(&index)
        .map(|s| {
            format!(
                " 'sha256-{}'",
                STANDARD.encode(Sha256::digest(s.as_bytes()))
            )
        })
        .collect();
    let policy = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'"
    );
    HeaderValue::from_str(&policy).unwrap_or(HeaderValue::from_static("default-src 'self'"))
}

/// The contents of each `<script>` element without a `src`.
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    html.split("<script").skip(1).filter_map(|rest| {
        let (open_tag, body) = rest.split_once('>')?;
        if open_tag.contains("src=") {
            return None;
        }
        body.split_once("</script>").map(|(script, _)| script)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = "<script type=\"module\">init()</script><script src=\"/a.js\"></script><script>\nb</script>";
        assert_eq!(inline_scripts(html).collect::<Vec<_>>(), ["init()", "\nb"]);
    }
}
