//! The whole HTTP service: the API, the app's runtime configuration, the built app with the
//! single-page fallback, and the security headers.

use crate::{api, AppState};
use axum::extract::ConnectInfo;
use axum::extract::Request;
use axum::http::header::{
    CACHE_CONTROL, CONTENT_LENGTH, CONTENT_SECURITY_POLICY, ETAG, HOST, IF_NONE_MATCH, ORIGIN,
    REFERRER_POLICY, STRICT_TRANSPORT_SECURITY, VARY, X_CONTENT_TYPE_OPTIONS, X_FRAME_OPTIONS,
};
use axum::http::header::{CONTENT_TYPE, LINK, RETRY_AFTER};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::IntoResponse;
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use hyper_util::service::TowerToHyperService;
use sha2::{Digest, Sha256};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tower::ServiceExt;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::cors::CorsLayer;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::{RequestBodyTimeoutLayer, TimeoutLayer};

/// The largest request body the JSON endpoints read: 64 KB, far more than any form sends. The
/// two CSV uploads read theirs themselves, up to [`api::CSV_LIMIT`], once they know who sent it.
pub const JSON_LIMIT: usize = 64 * 1024;

/// How long a client may take, and how many requests the service serves at once: what keeps a
/// slow or greedy client from holding the service. Fixed values, documented in the README.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// The longest a client may take to send a request's line and headers (10 s); then the
    /// connection is closed.
    pub header_read: Duration,
    /// The longest a request's body may pause between one piece and the next (10 s); then 408
    /// `body_timeout`.
    pub body_pause: Duration,
    /// The longest one request may take, its body and its answer included (120 s, in which a
    /// 64 MB upload needs about 4.5 Mbit/s); then 408 `request_timeout`.
    pub request: Duration,
    /// Requests served at once (512); more are refused at once with 503 `busy`.
    pub concurrent_requests: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            header_read: Duration::from_secs(10),
            body_pause: Duration::from_secs(10),
            request: Duration::from_secs(120),
            concurrent_requests: 512,
        }
    }
}

/// The router for `state`: API, `/config.json`, and the app from `DIST_DIR` when it exists.
pub fn app(state: AppState) -> Router {
    let limits = state.limits;
    let (api, _) = api::router();
    let dist = state.config.dist_dir.clone();
    let csp = content_security_policy(&dist);
    let mut router = api
        .layer(axum::middleware::from_fn(entity_tag))
        .layer(CompressionLayer::new())
        .route("/config.json", get(runtime_config))
        .layer(axum::extract::DefaultBodyLimit::max(JSON_LIMIT));
    if dist.join("index.html").is_file() {
        // The build writes brotli and gzip copies beside the files (crates/precompress).
        let index = ServeFile::new(dist.join("index.html"))
            .precompressed_br()
            .precompressed_gzip();
        let files = ServeDir::new(&dist)
            .precompressed_br()
            .precompressed_gzip()
            .fallback(index);
        router = router.fallback_service(
            Router::new()
                .fallback_service(files)
                .layer(axum::middleware::from_fn(cache_for_files)),
        );
    }
    let mut router = router
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            same_site_writes_only,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            private_and_secure,
        ))
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
        }))
        .layer(RequestBodyTimeoutLayer::new(limits.body_pause))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            limits.request,
        ))
        .layer(axum::middleware::from_fn(timeouts_as_json))
        .layer(axum::middleware::from_fn_with_state(
            Arc::new(Semaphore::new(limits.concurrent_requests)),
            at_most_concurrent,
        ));
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

/// Serves the request if fewer than the limit are being served, else refuses it at once with 503
/// `busy` (queueing would only make every client wait).
async fn at_most_concurrent(
    axum::extract::State(permits): axum::extract::State<Arc<Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    let Ok(_permit) = permits.try_acquire() else {
        let mut response = crate::error::ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "busy",
            "The service is serving as many requests as it can; try again in a moment.",
        )
        .into_response();
        response
            .headers_mut()
            .insert(RETRY_AFTER, HeaderValue::from_static("1"));
        return response;
    };
    next.run(request).await
}

/// The request timeout answers 408 with no body: gives it the API's JSON error.
async fn timeouts_as_json(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() == StatusCode::REQUEST_TIMEOUT
        && !response.headers().contains_key(CONTENT_TYPE)
    {
        return crate::error::ApiError::new(
            StatusCode::REQUEST_TIMEOUT,
            "request_timeout",
            "The request took too long, so the service stopped serving it.",
        )
        .into_response();
    }
    response
}

/// Refuses (403 `cross_site`) a request that would change something when it comes from another
/// site's page: its `Origin` is neither this service (the `Host` it was sent to) nor the
/// configured app origin, or, with no `Origin`, its `Sec-Fetch-Site` says another site. Reads,
/// and clients that send neither header (scripts, the command line), pass.
async fn same_site_writes_only(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let reads = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if reads || from_our_site(request.headers(), state.config.app_origin.as_deref()) {
        return next.run(request).await;
    }
    crate::error::ApiError::new(
        StatusCode::FORBIDDEN,
        "cross_site",
        "This request came from another site's page, so it was refused.",
    )
    .into_response()
}

/// Whether a request's `Origin` (or, without one, its `Sec-Fetch-Site`) shows this service or the
/// app's own origin; true when it carries neither.
fn from_our_site(headers: &axum::http::HeaderMap, app_origin: Option<&str>) -> bool {
    let header = |name: &HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    match (header(&ORIGIN), header(&SEC_FETCH_SITE)) {
        (Some(origin), _) => {
            app_origin == Some(origin)
                || origin
                    .split_once("://")
                    .is_some_and(|(_, host)| Some(host) == header(&HOST))
        }
        (None, Some(site)) => matches!(site, "same-origin" | "none"),
        (None, None) => true,
    }
}

const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// Cache-Control for the app's files: a file whose name carries its content hash (trunk names
/// them `name-0123456789abcdef.ext`) never changes, so browsers keep it for a year without
/// asking; everything else (`index.html`, the data files) is revalidated on each use, which
/// costs a 304 when it has not changed.
async fn cache_for_files(request: Request, next: Next) -> Response {
    let hashed = content_hashed(request.uri().path());
    let mut response = next.run(request).await;
    let policy = if hashed && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    let headers = response.headers_mut();
    headers.insert(CACHE_CONTROL, HeaderValue::from_static(policy));
    if headers
        .get(CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"text/html"))
    {
        headers.insert(LINK, HeaderValue::from_static(REGISTER_PRELOAD));
    }
    response
}

/// On the app's page: what every page reads from the API first (the app's register), fetched
/// while the app itself downloads. `crossorigin` makes each preload a same-origin CORS request
/// with cookies, as the app's own fetch is, so the app's fetch takes it up.
const REGISTER_PRELOAD: &str = "</api/manifest>; rel=preload; as=fetch; crossorigin, \
    </api/footprint>; rel=preload; as=fetch; crossorigin, \
    </api/homes>; rel=preload; as=fetch; crossorigin";

/// Whether a path names a file whose name carries a content hash as trunk writes it: a 64-bit
/// hash in hex without leading zeros (`/care-market-516ab0173c7d0202_bg.wasm`,
/// `/main-8c15b34b1a5e28b.css`), so 16 digits or, one build in sixteen, fewer. Twelve is the
/// fewest taken (a hash with five leading zeros comes once in a million builds).
fn content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let Some((stem, _extension)) = name.split_once('.') else {
        return false;
    };
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (12..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// What no cache may keep and what only TLS may carry: an API answer to a signed-in request is
/// `no-store` (it may hold fees or contacts meant for that user alone), every API answer varies
/// with the cookie, and over TLS browsers are told to use nothing else (HSTS).
async fn private_and_secure(
    axum::extract::State(state): axum::extract::State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let api = request.uri().path().starts_with("/api/");
    let signed_in = crate::auth::token_from(request.headers()).is_some();
    let tls = crate::auth::over_tls(&state.config, request.headers());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    if api {
        headers.append(VARY, HeaderValue::from_static("cookie"));
        if signed_in {
            headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
        }
    }
    if tls {
        headers.insert(
            STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000; includeSubDomains"),
        );
    }
    response
}

/// A validator for the API's reads: a weak ETag from the SHA-256 of the body, and 304 Not
/// Modified when the client already holds it, so a large weekly read crosses the network again
/// only when it changed.
async fn entity_tag(request: Request, next: Next) -> Response {
    let get = request.method() == Method::GET;
    let held = request.headers().get(IF_NONE_MATCH).cloned();
    let response = next.run(request).await;
    if !get || response.status() != StatusCode::OK {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, usize::MAX).await {
        Ok(bytes) => bytes,
        Err(_) => return StatusCode::INTERNAL_SERVER_ERROR.into_response(),
    };
    let digest = Sha256::digest(&bytes);
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    let tag = format!("W/\"{hex}\"");
    let matches = held
        .as_ref()
        .and_then(|h| h.to_str().ok())
        .is_some_and(|h| h.split(',').any(|t| t.trim() == tag || t.trim() == "*"));
    if let Ok(value) = HeaderValue::from_str(&tag) {
        parts.headers.insert(ETAG, value);
    }
    if matches {
        parts.status = StatusCode::NOT_MODIFIED;
        parts.headers.remove(CONTENT_LENGTH);
        return Response::from_parts(parts, axum::body::Body::empty());
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Serves the whole service on `listener` until `shutdown` completes, then lets the requests in
/// flight finish. Each connection is served by hyper with the header read timeout of
/// [`Limits::header_read`] (which `axum::serve` does not set), and its requests carry the peer's
/// address ([`crate::auth::ClientAddr`]).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let limits = state.limits;
    let router = app(state);
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let graceful = GracefulShutdown::new();
    let mut shutdown = std::pin::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(e) => {
                    // Out of file descriptors, say: wait for connections to close.
                    tracing::warn!(error = %e, "cannot accept a connection");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        // Answers go out as written, not held back for more (Nagle's algorithm).
        if let Err(e) = stream.set_nodelay(true) {
            tracing::debug!(error = %e, %peer, "cannot set TCP_NODELAY");
        }
        let service =
            router
                .clone()
                .map_request(move |mut request: Request<hyper::body::Incoming>| {
                    request.extensions_mut().insert(ConnectInfo(peer));
                    request
                });
        let connection =
            http.serve_connection(TokioIo::new(stream), TowerToHyperService::new(service));
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(e) = connection.await {
                tracing::debug!(error = %e, %peer, "connection ended with an error");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    Ok(())
}

/// The app's runtime configuration when this service hosts it: read live data from the API; the
/// service's "now", which the app's clock runs on from; and whether the data is sample data, with
/// its notice, so the app shows the banner before any data arrives (nothing moves later).
/// (Static hosting ships `public/config.json`, which points at the files and leaves the
/// browser's clock.)
async fn runtime_config(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> Result<impl IntoResponse, crate::error::ApiError> {
    let now = market_model::primitives::timestamp::format(&state.db.clock.now());
    let notice = crate::api::reference_manifest(&state).await?;
    Ok((
        [(
            axum::http::header::CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        )],
        Json(serde_json::json!({
            "source": "api", "base": "/api", "now": now,
            "sample": notice.sample, "notice": notice.notice,
        })),
    ))
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
    fn only_names_with_a_content_hash_are_immutable() {
        for hashed in [
            "/care-market-516ab0173c7d0202_bg.wasm",
            "/care-market-516ab0173c7d0202.js",
            "/main-18c15b34b1a5e28b.css",
            // A hash with a leading zero, which trunk writes without it.
            "/care-market-b8a70af4e4cc7a4_bg.wasm",
        ] {
            assert!(content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "/index.html",
            "/config.json",
            "/data/returns/2026-11-16.json",
            "/map-18c15b34b1a5e28b",
            "/main-18c15b34b1a.css",
            "/main-18c15b34b1a5e28b0.css",
            "/main-18c15b34b1a5e28g.css",
        ] {
            assert!(!content_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn only_inline_scripts_are_hashed() {
        let html = "<script type=\"module\">init()</script><script src=\"/a.js\"></script><script>\nb</script>";
        assert_eq!(inline_scripts(html).collect::<Vec<_>>(), ["init()", "\nb"]);
    }
}
