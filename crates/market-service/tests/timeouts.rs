//! A slow client cannot hold the service: over a real socket, served as `market-service` serves
//! (`web::serve`), a request whose body stalls is cut off with 408 `body_timeout` while other
//! requests are answered; a client that stalls in its headers has its connection closed; and
//! past the limit on requests served at once, more are refused with 503 `busy` rather than
//! queued. The limits are shortened here (the service's own are in `web::Limits::default`) so
//! that the test waits on the service's answers for a second, not ten.

mod common;

use common::{start, Backend};
use market_service::web::{self, Limits};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Serves `backend`'s seeded service with `limits`; returns its address.
async fn serve(backend: Backend, limits: Limits) -> (common::TestApp, std::net::SocketAddr) {
    let mut app = start(backend).await;
    app.state.limits = limits;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("address");
    tokio::spawn(web::serve(
        listener,
        app.state.clone(),
        std::future::pending(),
    ));
    (app, addr)
}

fn short(concurrent_requests: usize) -> Limits {
    Limits {
        header_read: Duration::from_secs(1),
        body_pause: Duration::from_secs(1),
        request: Duration::from_secs(30),
        concurrent_requests,
    }
}

/// Opens a connection and sends a sign-in's headers and the first byte of a 100-byte body.
async fn stalled_body(addr: std::net::SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(
            b"POST /api/session HTTP/1.1\r\nHost: localhost\r\n\
              Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{",
        )
        .await
        .expect("send");
    stream
}

/// Everything the service sends until it closes the connection (bounded, so that a service that
/// never cuts the client off fails the test instead of hanging it).
async fn until_closed(mut stream: TcpStream) -> String {
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(60), stream.read_to_end(&mut answer))
        .await
        .expect("the service cuts the slow client off")
        .ok();
    String::from_utf8_lossy(&answer).into_owned()
}

async fn health(addr: std::net::SocketAddr) -> (u16, serde_json::Value) {
    let reply = reqwest::get(format!("http://{addr}/api/health"))
        .await
        .expect("health");
    let status = reply.status().as_u16();
    (status, reply.json().await.unwrap_or_default())
}

async fn a_stalled_client_is_cut_off_and_others_are_served(backend: Backend) {
    let (_app, addr) = serve(backend, short(64)).await;
    let body = stalled_body(addr).await;
    let mut headers = TcpStream::connect(addr).await.expect("connect");
    headers
        .write_all(b"GET /api/health HTTP/1.1\r\nHost: loc")
        .await
        .expect("send");
    // While both stall, the service answers others, a sign-in included.
    assert_eq!(health(addr).await.0, 200);
    let signed_in = reqwest::Client::new()
        .post(format!("http://{addr}/api/session"))
        .json(&serde_json::json!({
            "username": "demo-broker", "password": market_service::seed::DEMO_PASSWORD
        }))
        .send()
        .await
        .expect("sign in");
    assert_eq!(signed_in.status(), 200);
    // The stalled body is answered 408 with the API's error, and the connection closed.
    let answer = until_closed(body).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(answer.contains("\"code\":\"body_timeout\""), "{answer}");
    // The stalled headers: the connection is closed without a request being served.
    let answer = until_closed(headers).await;
    assert!(!answer.contains("\"status\":\"ok\""), "{answer}");
}

async fn past_the_concurrency_limit_requests_are_refused_not_queued(backend: Backend) {
    let (_app, addr) = serve(backend, short(1)).await;
    let mut body = stalled_body(addr).await;
    // The stalled sign-in holds the only place; wait until the service has taken it (a
    // refusal says so) rather than guess how long that takes. On a busy machine a health check
    // can hold the place when the sign-in arrives (the sign-in is refused), or the sign-in can
    // be cut off before the first check: either way it has been answered, so stall another.
    let (status, refused) = tokio::time::timeout(Duration::from_secs(60), async {
        loop {
            let (status, reply) = health(addr).await;
            if status != 200 {
                break (status, reply);
            }
            let mut peek = [0u8; 1];
            if !matches!(body.try_read(&mut peek), Err(ref e) if e.kind() == std::io::ErrorKind::WouldBlock) {
                body = stalled_body(addr).await;
            }
        }
    })
    .await
    .expect("a stalled request takes the only place");
    assert_eq!(
        (status, refused["error"]["code"].as_str()),
        (503, Some("busy"))
    );
    let answer = until_closed(body).await;
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    // Its place is free again.
    assert_eq!(health(addr).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_is_cut_off_and_others_are_served_sqlite() {
    a_stalled_client_is_cut_off_and_others_are_served(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_client_is_cut_off_and_others_are_served_postgres() {
    a_stalled_client_is_cut_off_and_others_are_served(Backend::Postgres).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn past_the_concurrency_limit_requests_are_refused_not_queued_sqlite() {
    past_the_concurrency_limit_requests_are_refused_not_queued(Backend::Sqlite).await;
}
