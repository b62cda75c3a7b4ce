//! `market-service`: serves the API and the app (no arguments), or runs an administrative
//! command. Configuration comes from the environment; see the README.

use market_service::audit::Actor;
use market_service::config::Config;
use market_service::users::{self, NewUser, Role};
use market_service::{import, snapshot, web, AppState};
use std::process::ExitCode;

const USAGE: &str = "usage: market-service [serve]
       market-service add-user USERNAME ROLE \"DISPLAY NAME\" [BOROUGH_GSS_CODE]
           (ROLE: admin, commissioner, broker or provider; the password is read from
            CARE_MARKET_PASSWORD, at least 12 characters)
       market-service link-home USERNAME HOME_ID
       market-service disable-user USERNAME     (it cannot sign in; its sessions end)
       market-service enable-user USERNAME
       market-service reset-password USERNAME   (the new password from CARE_MARKET_PASSWORD;
                                                 sessions end, a sign-in lock is lifted)
       market-service end-sessions USERNAME     (signs the user out everywhere)
       market-service import-cqc FILE.csv [--confirm]   (--confirm: even if it deregisters most homes)
       market-service publish-snapshot DIRECTORY";

#[tokio::main]
async fn main() -> ExitCode {
    tracing_subscriber::fmt().with_target(false).init();
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("market-service: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    if matches!(args.as_slice(), ["-h" | "--help" | "help"]) {
        println!("{USAGE}");
        return Ok(());
    }
    let config = Config::from_env(|k| std::env::var(k).ok())?;
    let state = AppState::start(config).await?;
    let actor = Actor::command_line();
    match args.as_slice() {
        [] | ["serve"] => serve(state).await,
        ["add-user", username, role, display_name, rest @ ..] if rest.len() <= 1 => {
            let role = match *role {
                "admin" => Role::Admin,
                "commissioner" => Role::Commissioner,
                "broker" => Role::Broker,
                "provider" => Role::Provider,
                other => return Err(format!("unknown role '{other}'\n{USAGE}").into()),
            };
            let password = std::env::var("CARE_MARKET_PASSWORD")
                .map_err(|_| "set CARE_MARKET_PASSWORD to the new user's password")?;
            let new = NewUser {
                username: username.to_string(),
                display_name: display_name.to_string(),
                password,
                role,
                borough: rest.first().map(|b| b.to_string()),
            };
            let user = users::create(
                &state.db,
                &state.passwords,
                &new,
                &state.borough_codes(),
                &actor,
            )
            .await?;
            println!("created {} ({})", user.username, user.role.as_str());
            Ok(())
        }
        ["link-home", username, home] => {
            let user = users::link_home(&state.db, username, home, &actor).await?;
            println!("{} reports for {}", user.username, user.homes.join(", "));
            Ok(())
        }
        ["disable-user", username] | ["enable-user", username] => {
            let disable = args[0] == "disable-user";
            let user = users::set_disabled(&state.db, username, disable, &actor).await?;
            let (what, sessions) = if user.disabled {
                ("disabled", "; its sessions have ended")
            } else {
                ("enabled", "")
            };
            println!("{} is {what}{sessions}", user.username);
            Ok(())
        }
        ["reset-password", username] => {
            let password = std::env::var("CARE_MARKET_PASSWORD")
                .map_err(|_| "set CARE_MARKET_PASSWORD to the new password")?;
            let ended =
                users::reset_password(&state.db, &state.passwords, username, &password, &actor)
                    .await?;
            println!("set {username}'s password; {ended} sessions ended");
            Ok(())
        }
        ["end-sessions", username] => {
            let ended = users::end_sessions(&state.db, username, &actor).await?;
            println!("{ended} sessions of {username} ended");
            Ok(())
        }
        ["import-cqc", file] | ["import-cqc", file, "--confirm"] => {
            let confirmed = args.len() == 3;
            let csv =
                std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"))?;
            let report =
                import::import_register(&state.db, &state.footprint, csv, confirmed, &actor)
                    .await?;
            println!("{}", report.summary);
            for r in &report.rejected {
                println!("  line {}: {}", r.line, r.reason);
            }
            Ok(())
        }
        ["publish-snapshot", dir] => {
            let summary = snapshot::publish(&state, std::path::Path::new(dir)).await?;
            println!(
                "wrote {} homes and {} weeks to {dir}",
                summary.homes, summary.weeks
            );
            Ok(())
        }
        _ => Err(USAGE.into()),
    }
}

async fn serve(state: AppState) -> Result<(), Box<dyn std::error::Error>> {
    let addr = state.config.listen_addr;
    let serving_app = state.config.dist_dir.join("index.html").is_file();
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    tracing::info!(
        "Care Market on http://{addr}/ ({} database{})",
        state.db.backend.name(),
        if serving_app {
            ""
        } else {
            "; API only: no built app in DIST_DIR"
        }
    );
    web::serve(listener, state, async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}
