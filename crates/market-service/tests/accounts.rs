//! Looking after accounts: an administrator disables an account (it is signed out and cannot
//! sign in), resets a password (sessions end, a lockout is lifted), ends a user's sessions; a
//! user changes their own password given the current one (their other sessions end). Each is
//! audited; the command line does the same.

mod common;

use axum::http::{Method, StatusCode};
use common::{Backend, TestApp};
use market_service::seed::DEMO_PASSWORD;
use serde_json::{json, Value};
use sqlx::Row;

async fn sign_in_as(app: &TestApp, username: &str, password: &str) -> common::Reply {
    app.call(
        Method::POST,
        "/api/session",
        Some(json!({ "username": username, "password": password })),
        None,
    )
    .await
}

/// The audit entries for `target` with `action`: their details.
async fn audited(app: &TestApp, action: &str, target: &str) -> Vec<(String, Value)> {
    sqlx::query(
        "SELECT username, detail FROM audit_log WHERE action = $1 AND target = $2 ORDER BY id",
    )
    .bind(action)
    .bind(target)
    .fetch_all(&app.state.db.pool)
    .await
    .expect("audit")
    .iter()
    .map(|r| {
        let detail: String = r.try_get("detail").expect("detail");
        (
            r.try_get("username").expect("username"),
            serde_json::from_str(&detail).expect("JSON"),
        )
    })
    .collect()
}

async fn a_disabled_account_is_signed_out_and_cannot_sign_in(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let broker = app.sign_in("demo-broker").await;
    let disable = |disabled: bool| {
        app.call(
            Method::PUT,
            "/api/users/demo-broker/disabled",
            Some(json!({ "disabled": disabled })),
            Some(&admin),
        )
    };
    let r = disable(true).await;
    assert_eq!(
        (r.status, &r.body["disabled"]),
        (StatusCode::OK, &json!(true))
    );
    assert_eq!(
        app.get("/api/session", Some(&broker)).await.status,
        StatusCode::UNAUTHORIZED
    );
    let refused = sign_in_as(&app, "demo-broker", DEMO_PASSWORD).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::UNAUTHORIZED, "invalid_credentials")
    );
    // Disabling twice changes nothing and is audited once.
    assert_eq!(disable(true).await.status, StatusCode::OK);
    assert_eq!(
        audited(&app, "user.disable", "demo-broker").await,
        [("demo-admin".to_string(), json!({ "sessions_ended": 1 }))]
    );
    // An administrator cannot disable their own account.
    let own = app
        .call(
            Method::PUT,
            "/api/users/demo-admin/disabled",
            Some(json!({ "disabled": true })),
            Some(&admin),
        )
        .await;
    assert_eq!(
        (own.status, own.body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("username"))
    );
    // Enabled again, it signs in.
    let r = disable(false).await;
    assert_eq!(
        (r.status, &r.body["disabled"]),
        (StatusCode::OK, &json!(false))
    );
    app.sign_in("demo-broker").await;
    assert_eq!(audited(&app, "user.enable", "demo-broker").await.len(), 1);
    let unknown = app
        .call(
            Method::PUT,
            "/api/users/nobody/disabled",
            Some(json!({ "disabled": true })),
            Some(&admin),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

async fn a_reset_password_ends_sessions_and_lifts_a_lockout(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let provider = app.sign_in("demo-provider").await;
    for _ in 0..5 {
        sign_in_as(&app, "demo-provider", "wrong-guess").await;
    }
    assert_eq!(
        sign_in_as(&app, "demo-provider", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    let reset = |password: &str| {
        app.call(
            Method::PUT,
            "/api/users/demo-provider/password",
            Some(json!({ "password": password })),
            Some(&admin),
        )
    };
    let short = reset("short").await;
    assert_eq!(
        (short.status, short.body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("password"))
    );
    let r = reset("a brand new passphrase").await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({ "sessions_ended": 1 }))
    );
    assert_eq!(
        app.get("/api/session", Some(&provider)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_as(&app, "demo-provider", DEMO_PASSWORD)
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_as(&app, "demo-provider", "a brand new passphrase")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        audited(&app, "user.reset_password", "demo-provider").await,
        [("demo-admin".to_string(), json!({ "sessions_ended": 1 }))]
    );
}

async fn an_administrator_ends_every_session_of_a_user(app: TestApp) {
    let admin = app.sign_in("demo-admin").await;
    let first = app.sign_in("demo-commissioner").await;
    let second = app.sign_in("demo-commissioner").await;
    let r = app
        .call(
            Method::DELETE,
            "/api/users/demo-commissioner/sessions",
            None,
            Some(&admin),
        )
        .await;
    assert_eq!(
        (r.status, &r.body),
        (StatusCode::OK, &json!({ "sessions_ended": 2 }))
    );
    for cookie in [&first, &second] {
        assert_eq!(
            app.get("/api/session", Some(cookie)).await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        app.get("/api/session", Some(&admin)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        audited(&app, "user.end_sessions", "demo-commissioner").await,
        [("demo-admin".to_string(), json!({ "sessions_ended": 2 }))]
    );
}

async fn a_user_changes_their_own_password_given_the_current_one(app: TestApp) {
    let here = app.sign_in("demo-barnet").await;
    let elsewhere = app.sign_in("demo-barnet").await;
    let change = |current: &str, new: &str| {
        app.call(
            Method::PUT,
            "/api/session/password",
            Some(json!({ "current_password": current, "new_password": new })),
            Some(&here),
        )
    };
    let wrong = change("not my password", "my own new passphrase").await;
    assert_eq!(
        (wrong.status, wrong.body["error"]["field"].as_str()),
        (StatusCode::UNAUTHORIZED, Some("current_password"))
    );
    assert_eq!(
        audited(&app, "session.sign_in_failed", "demo-barnet")
            .await
            .len(),
        1
    );
    let short = change(DEMO_PASSWORD, "short").await;
    assert_eq!(
        (short.status, short.body["error"]["field"].as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("new_password"))
    );
    let done = change(DEMO_PASSWORD, "my own new passphrase").await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    // This session stays; the other ends.
    assert_eq!(
        app.get("/api/session", Some(&here)).await.status,
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/session", Some(&elsewhere)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_as(&app, "demo-barnet", DEMO_PASSWORD).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        sign_in_as(&app, "demo-barnet", "my own new passphrase")
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        audited(&app, "user.change_password", "demo-barnet").await,
        [(
            "demo-barnet".to_string(),
            json!({ "other_sessions_ended": 1 })
        )]
    );
    // Signed out, there is no password to change.
    let anonymous = app
        .call(
            Method::PUT,
            "/api/session/password",
            Some(json!({ "current_password": "x", "new_password": "y" })),
            None,
        )
        .await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED);
}

/// The command line's `disable-user`, `enable-user`, `reset-password` and `end-sessions`, run
/// as the built binary on each database, audited as the command line.
async fn the_command_line_looks_after_accounts(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = common::database_url(backend, dir.path()).await;
    let run = |args: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_market-service"))
            .args(args)
            .env("DATABASE_URL", &url)
            .env("CARE_MARKET_SEED", "sample")
            .env("CARE_MARKET_NOW", common::NOW)
            .env("DATA_DIR", common::data_dir())
            .env("CARE_MARKET_PASSWORD", "set from the command line")
            .output()
            .expect("the binary runs");
        assert!(output.status.success(), "{args:?}: {output:?}");
        // The last line: the service logs to standard output before it.
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        stdout.lines().last().unwrap_or_default().to_string()
    };
    assert_eq!(
        run(&["disable-user", "demo-broker"]),
        "demo-broker is disabled; its sessions have ended"
    );
    assert_eq!(
        run(&["enable-user", "demo-broker"]),
        "demo-broker is enabled"
    );
    assert_eq!(
        run(&["reset-password", "demo-broker"]),
        "set demo-broker's password; 0 sessions ended"
    );
    assert_eq!(
        run(&["end-sessions", "demo-broker"]),
        "0 sessions of demo-broker ended"
    );
    let app = common::TestApp::on(&url, dir).await;
    assert_eq!(
        sign_in_as(&app, "demo-broker", "set from the command line")
            .await
            .status,
        StatusCode::OK
    );
    for action in [
        "user.disable",
        "user.enable",
        "user.reset_password",
        "user.end_sessions",
    ] {
        let entries = audited(&app, action, "demo-broker").await;
        assert_eq!(entries.len(), 1, "{action}");
        assert_eq!(entries[0].0, "command-line", "{action}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_looks_after_accounts_sqlite() {
    the_command_line_looks_after_accounts(Backend::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_line_looks_after_accounts_postgres() {
    the_command_line_looks_after_accounts(Backend::Postgres).await;
}

on_both_databases!(
    a_disabled_account_is_signed_out_and_cannot_sign_in,
    a_reset_password_ends_sessions_and_lifts_a_lockout,
    an_administrator_ends_every_session_of_a_user,
    a_user_changes_their_own_password_given_the_current_one,
);
