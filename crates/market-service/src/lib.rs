//! The Care Market data service: a JSON API over SQLite (the embedded default) or PostgreSQL,
//! with accounts and roles, audited writes, the CQC register import, public snapshots for static
//! hosting, and the built app served beside the API.
//!
//! - [`config`]: settings from the environment.
//! - [`clock`]: the one source of "now" (the system's, or `CARE_MARKET_NOW` onwards).
//! - [`db`]: the pool and the numbered migrations.
//! - [`seed`]: the reference data, and the sample data with demo accounts.
//! - [`homes`], [`returns`], [`holds`], [`block_beds`], [`users`], [`audit`]: storage, one module
//!   per table family.
//! - [`auth`]: passwords (argon2, a core at a time), sessions, cookies, the signed-in viewer.
//! - [`sign_in_limit`]: attempts per username and per address, counted in the database.
//! - [`import`]: applying CQC's register.
//! - [`latest`]: every home with its latest return, kept in memory while unchanged (bed search).
//! - [`placements`]: the placements ledger (import, prices paid) and the price analysis.
//! - [`snapshot`]: the public, read-only files for static hosting.
//! - [`api`]: the HTTP handlers and the OpenAPI document; [`web`]: the app around them.
//!
//! The rules themselves (validation, aggregation, lateness) live in `market-model`.

pub mod api;
pub mod audit;
pub mod auth;
pub mod block_beds;
pub mod clock;
pub mod config;
pub mod db;
pub mod error;
pub mod holds;
pub mod homes;
pub mod import;
pub mod latest;
pub mod placements;
pub mod referrals;
pub mod returns;
pub mod seed;
pub mod sign_in_limit;
pub mod snapshot;
pub mod users;
pub mod web;

use auth::PasswordWork;
use config::Config;
use db::Db;
use market_model::register::footprint::Footprint;
use sign_in_limit::SignInLimit;
use std::sync::Arc;

/// What every request handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The database.
    pub db: Db,
    /// The configuration.
    pub config: Arc<Config>,
    /// The five boroughs and the hospitals.
    pub footprint: Arc<Footprint>,
    /// The limit on sign-in attempts per username and per address (counted in the database).
    pub sign_in_limit: SignInLimit,
    /// Argon2 hashing and verification, at most one per core at a time.
    pub passwords: Arc<PasswordWork>,
    /// Homes and their latest returns for bed search.
    pub latest: Arc<latest::LatestCache>,
    /// How long a client may take and how many requests are served at once.
    pub limits: web::Limits,
}

impl AppState {
    /// Opens the database, migrates and seeds it as configured.
    pub async fn start(config: Config) -> Result<AppState, Box<dyn std::error::Error>> {
        let db = Db::open(&config.database_url, config.clock()).await?;
        let loopback = config.listen_addr.ip().is_loopback();
        let passwords = Arc::new(PasswordWork::per_core());
        let footprint =
            seed::seed(&db, &passwords, &config.data_dir, config.seed, loopback).await?;
        let demo = users::demo_accounts(&db).await?;
        if !demo.is_empty() {
            tracing::warn!(
                "demo accounts exist, with the published password: {} (for trials only: remove \
                 them before real use)",
                demo.join(", ")
            );
        }
        Ok(AppState {
            db,
            config: Arc::new(config),
            footprint: Arc::new(footprint),
            sign_in_limit: SignInLimit::default(),
            passwords,
            latest: Arc::default(),
            limits: web::Limits::default(),
        })
    }

    /// The footprint's borough GSS codes.
    pub fn borough_codes(&self) -> Vec<String> {
        self.footprint
            .boroughs
            .iter()
            .map(|b| b.gss_code.clone())
            .collect()
    }
}
