//! The service over a real socket: the built app with its single-page fallback, the runtime
//! configuration, security headers, and a provider's sign-in and return over HTTP.

mod common;

use common::{start_with, Backend};
use serde_json::json;

const INDEX: &str = "<!DOCTYPE html><html><head><script type=\"module\">import init from '/app.js';\nawait init();</script></head><body></body></html>";

async fn serve(app: &common::TestApp) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    let router = app.router.clone();
    tokio::spawn(async move { axum::serve(listener, router).await });
    format!("http://{addr}")
}

async fn the_app_and_api_are_served_with_security_headers(backend: Backend) {
    let dist = tempfile::tempdir().expect("dist");
    std::fs::write(dist.path().join("index.html"), INDEX).expect("index");
    std::fs::write(
        dist.path().join("app.js"),
        "export default async function init() {}",
    )
    .expect("js");
    let app = start_with(backend, Some(dist.path().to_path_buf())).await;
    let base = serve(&app).await;
    let http = reqwest::Client::new();

    // A deep link gets the app; a real file gets itself.
    let page = http
        .get(format!("{base}/map?week=2026-11-16"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let headers = page.headers().clone();
    assert_eq!(page.text().await.expect("text"), INDEX);
    let js = http.get(format!("{base}/app.js")).send().await.expect("js");
    assert!(js.text().await.expect("text").contains("init"));

    let csp = headers["content-security-policy"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(!csp.contains("unsafe-inline"), "{csp}");
    assert!(
        csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    // The hash is the inline loader's, as a browser computes it: SHA-256 of
    // "import init from '/app.js';\nawait init();" in base64, worked out with another tool
    // (Python's hashlib and base64).
    let digest = "iW+0VkMrGZC8TUa1nha1dSyF/hzqzLCmaJrItSG+Its=";
    assert!(
        csp.contains(&format!("'sha256-{digest}'")),
        "{csp} lacks {digest}"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["referrer-policy"], "same-origin");

    let config: serde_json::Value = http
        .get(format!("{base}/config.json"))
        .send()
        .await
        .expect("config")
        .json()
        .await
        .expect("json");
    assert_eq!(config["source"], "api");
    assert_eq!(config["base"], "/api");
    // The service's clock, which the tests start at 10:00 on 23 Nov 2026.
    let now = config["now"].as_str().expect("now");
    assert!(now.starts_with("2026-11-23T10:0"), "{now}");

    // An unknown API path is a JSON 404, not the app.
    let missing = http
        .get(format!("{base}/api/nothing"))
        .send()
        .await
        .expect("404");
    assert_eq!(missing.status(), 404);
    let body: serde_json::Value = missing.json().await.expect("json");
    assert_eq!(body["error"]["code"], "not_found");

    // A provider signs in and submits over HTTP; the cookie carries the session.
    let signed_in = http
        .post(format!("{base}/api/session"))
        .json(
            &json!({"username": "demo-provider", "password": market_service::seed::DEMO_PASSWORD}),
        )
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200);
    let cookie = signed_in.headers()["set-cookie"]
        .to_str()
        .expect("ascii")
        .split(';')
        .next()
        .expect("pair")
        .to_string();
    let me: serde_json::Value = signed_in.json().await.expect("user");
    let home = me["homes"][0].as_str().expect("home").to_string();
    let week = common::this_week().to_string();
    let body = json!({
        "submission_id": "socket-test-1", "week": week,
        "beds": {"nursing": {"capacity": 5, "occupied": 4, "vacant_reserved": 0, "vacant_accepting": 1}},
        "admissions": {"status": "closed", "reason": "staffing"},
        "capacity_note": "Most rooms are being refurbished"
    });
    for expected in [201, 200] {
        let r = http
            .post(format!("{base}/api/homes/{home}/returns"))
            .header("cookie", &cookie)
            .json(&body)
            .send()
            .await
            .expect("submit");
        assert_eq!(r.status(), expected, "first stores, the retry replays");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_over_a_socket() {
    the_app_and_api_are_served_with_security_headers(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgres_over_a_socket() {
    the_app_and_api_are_served_with_security_headers(Backend::Postgres).await;
}

/// The app's files go out precompressed when the browser accepts it, hashed ones cached for a
/// year and the rest revalidated; API reads are compressed on the fly and carry an ETag that
/// answers 304 when nothing changed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_and_reads_go_out_compressed_and_cacheable() {
    let dist = tempfile::tempdir().expect("dist");
    let script = "export default async function init() { /* the app */ }\n".repeat(50);
    std::fs::write(dist.path().join("index.html"), INDEX.repeat(4)).expect("index");
    std::fs::write(dist.path().join("app-0123456789abcdef.js"), &script).expect("js");
    precompress::folder(dist.path()).expect("precompressed");
    let app = start_with(Backend::Sqlite, Some(dist.path().to_path_buf())).await;
    let base = serve(&app).await;
    let http = reqwest::Client::new();
    let get = |path: &str, encodings: &str| {
        http.get(format!("{base}{path}"))
            .header("accept-encoding", encodings)
            .send()
    };

    let js = get("/app-0123456789abcdef.js", "gzip, deflate, br")
        .await
        .expect("js");
    assert_eq!(js.headers()["content-encoding"], "br");
    assert_eq!(
        js.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    let sent = js.bytes().await.expect("body");
    let br = std::fs::read(dist.path().join("app-0123456789abcdef.js.br")).expect("br copy");
    assert_eq!(sent.as_ref(), br.as_slice(), "the brotli copy, as written");
    assert!(br.len() < script.len() / 10);
    let js = get("/app-0123456789abcdef.js", "gzip").await.expect("js");
    assert_eq!(js.headers()["content-encoding"], "gzip");
    let js = get("/app-0123456789abcdef.js", "identity")
        .await
        .expect("js");
    assert!(js.headers().get("content-encoding").is_none());
    assert_eq!(js.text().await.expect("text"), script);

    // The page itself and a deep link: revalidated every time.
    for path in ["/", "/map?week=2026-11-16"] {
        let page = get(path, "br").await.expect("page");
        assert_eq!(page.headers()["cache-control"], "no-cache", "{path}");
        assert_eq!(page.headers()["content-encoding"], "br", "{path}");
    }

    let homes = get("/api/homes", "gzip").await.expect("homes");
    assert_eq!(homes.status(), 200);
    assert_eq!(homes.headers()["content-encoding"], "gzip");
    let tag = homes.headers()["etag"].to_str().expect("ascii").to_string();
    let again = http
        .get(format!("{base}/api/homes"))
        .header("if-none-match", &tag)
        .send()
        .await
        .expect("homes again");
    assert_eq!(again.status(), 304);
    assert!(again.bytes().await.expect("body").is_empty());
    let other = get("/api/homes?care_type=nursing", "identity")
        .await
        .expect("nursing");
    assert_ne!(
        other.headers()["etag"],
        tag.as_str(),
        "another answer, another tag"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cors_admits_only_the_configured_app_origin_and_tls_makes_cookies_secure() {
    use axum::body::Body;
    use axum::http::{Method, Request};
    let dir = tempfile::tempdir().expect("dir");
    let config = market_service::config::Config {
        listen_addr: "127.0.0.1:0".parse().expect("address"),
        database_url: format!("sqlite://{}/cors.sqlite3", dir.path().display()),
        seed: market_service::config::Seed::Sample,
        data_dir: common::data_dir(),
        dist_dir: dir.path().join("no-dist"),
        app_origin: Some("https://care.example.org".into()),
        session_hours: 12,
        now: Some(common::now()),
    };
    let state = market_service::AppState::start(config)
        .await
        .expect("starts");
    let app = common::TestApp {
        router: market_service::web::app(state.clone()),
        state,
        dir,
    };
    for (origin, allowed) in [
        ("https://care.example.org", true),
        ("https://evil.example.com", false),
    ] {
        let preflight = Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/session")
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header("access-control-request-headers", "content-type")
            .body(Body::empty())
            .expect("request");
        let r = app.send(preflight).await;
        let echoed = r
            .headers
            .get("access-control-allow-origin")
            .map(|v| v.to_str().unwrap_or("").to_string());
        assert_eq!(
            echoed.as_deref() == Some(origin),
            allowed,
            "{origin}: {echoed:?}"
        );
        if allowed {
            assert_eq!(r.headers["access-control-allow-credentials"], "true");
        }
    }
    // With an https app origin every session cookie is Secure, with the __Host- prefix, and
    // browsers are told to use TLS only.
    let r = app
        .call(
            Method::POST,
            "/api/session",
            Some(
                json!({"username": "demo-broker", "password": market_service::seed::DEMO_PASSWORD}),
            ),
            None,
        )
        .await;
    let cookie = r.headers["set-cookie"].to_str().expect("ascii");
    assert!(
        cookie.starts_with("__Host-cm_session=") && cookie.contains("; Secure"),
        "{cookie}"
    );
    assert_eq!(
        r.headers["strict-transport-security"],
        "max-age=31536000; includeSubDomains"
    );
    // The prefixed cookie signs its bearer in.
    let pair = cookie.split(';').next().expect("name=value");
    let me = app.get("/api/session", Some(pair)).await;
    assert_eq!(me.body["username"], "demo-broker");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_a_tls_proxy_the_session_cookie_is_secure() {
    use axum::body::Body;
    use axum::http::{Method, Request};
    let app = common::start(Backend::Sqlite).await;
    let body = json!({"username": "demo-broker", "password": market_service::seed::DEMO_PASSWORD})
        .to_string();
    let req = Request::builder()
        .method(Method::POST)
        .uri("/api/session")
        .header("content-type", "application/json")
        .header("x-forwarded-proto", "https")
        .body(Body::from(body))
        .expect("request");
    let r = app.send(req).await;
    let cookie = r.headers["set-cookie"].to_str().expect("ascii");
    assert!(
        cookie.starts_with("__Host-cm_session=") && cookie.contains("; Secure"),
        "{cookie}"
    );
    assert!(r.headers.contains_key("strict-transport-security"));
    // Over plain HTTP, neither.
    let plain = app.sign_in("demo-broker").await;
    assert!(plain.starts_with("cm_session="), "{plain}");
    let health = app.get("/api/health", None).await;
    assert!(!health.headers.contains_key("strict-transport-security"));
}

/// The sample's demo accounts, whose password is published, are made only for a service bound to
/// loopback: one listening on every address gets the sample without them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_accounts_only_on_loopback() {
    let dir = tempfile::tempdir().expect("dir");
    let config = market_service::config::Config {
        listen_addr: "0.0.0.0:0".parse().expect("address"),
        database_url: format!("sqlite://{}/open.sqlite3", dir.path().display()),
        seed: market_service::config::Seed::Sample,
        data_dir: common::data_dir(),
        dist_dir: dir.path().join("no-dist"),
        app_origin: None,
        session_hours: 12,
        now: Some(common::now()),
    };
    let state = market_service::AppState::start(config)
        .await
        .expect("starts");
    let demo = market_service::users::demo_accounts(&state.db)
        .await
        .expect("users");
    assert!(demo.is_empty(), "{demo:?}");
    let homes = market_service::homes::list(&state.db, &Default::default())
        .await
        .expect("homes");
    assert!(!homes.is_empty(), "the sample itself is seeded");
    let on_loopback = common::start(Backend::Sqlite).await;
    let demo = market_service::users::demo_accounts(&on_loopback.state.db)
        .await
        .expect("users");
    assert!(demo.contains(&"demo-admin".to_string()), "{demo:?}");
}

/// Answers that depend on who asks are kept by no cache, and every API answer varies with the
/// cookie; anonymous public reads may be cached and revalidated.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_for_a_signed_in_user_are_never_stored() {
    let app = common::start(Backend::Sqlite).await;
    let broker = app.sign_in("demo-broker").await;
    for path in [
        "/api/session",
        "/api/weeks/2026-11-16/returns",
        "/api/homes",
    ] {
        let r = app.get(path, Some(&broker)).await;
        assert_eq!(r.headers["cache-control"], "no-store", "{path}");
        assert!(
            r.headers
                .get_all("vary")
                .iter()
                .any(|v| v.to_str().unwrap_or("").contains("cookie")),
            "{path}"
        );
    }
    let public = app.get("/api/weeks/2026-11-16/returns", None).await;
    assert!(public.headers.get("cache-control").is_none());
    assert!(public.headers.get_all("vary").iter().any(|v| v == "cookie"));
    assert!(public.headers.contains_key("etag"));
}
