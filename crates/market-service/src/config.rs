//! Configuration from the environment, with defaults that run the sample locally.

use std::net::SocketAddr;
use std::path::PathBuf;

/// Whether the database is filled with the shipped sample data (and demo accounts) when empty.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Seed {
    /// Sample homes, returns and demo accounts: local trials only.
    Sample,
    /// Only the real reference data (the footprint): a production start.
    None,
}

/// Everything the service reads from its environment.
#[derive(Clone, Debug)]
pub struct Config {
    /// `LISTEN_ADDR`: where to serve (default 127.0.0.1:8080).
    pub listen_addr: SocketAddr,
    /// `DATABASE_URL`: `sqlite://file` or `postgres://…` (default a SQLite file beside the data).
    pub database_url: String,
    /// `CARE_MARKET_SEED`: `sample` or `none` (default `sample` with the default SQLite database,
    /// `none` when `DATABASE_URL` is given).
    pub seed: Seed,
    /// `DATA_DIR`: the shipped data (footprint, sample homes and returns); default `public/data`.
    pub data_dir: PathBuf,
    /// `DIST_DIR`: the built app to serve; default `dist`. Absent: the API alone.
    pub dist_dir: PathBuf,
    /// `APP_ORIGIN`: an app served from another origin that may call the API (CORS). Also makes
    /// the session cookie `Secure` when it is an https origin.
    pub app_origin: Option<String>,
    /// `SESSION_HOURS`: how long a sign-in lasts (default 12).
    pub session_hours: i64,
    /// `CARE_MARKET_NOW`: an RFC 3339 instant the service's clock starts at and runs on from
    /// (demos and tests); the system clock when absent.
    pub now: Option<chrono::DateTime<chrono::Utc>>,
}

/// What is wrong with the environment.
#[derive(Debug)]
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// The default SQLite database file, created on first start.
pub const DEFAULT_DATABASE_URL: &str = "sqlite://care-market.sqlite3";

impl Config {
    /// Reads the configuration from `var` (the process environment in `main`).
    pub fn from_env(var: impl Fn(&str) -> Option<String>) -> Result<Config, ConfigError> {
        let listen_addr = var("LISTEN_ADDR").unwrap_or_else(|| "127.0.0.1:8080".into());
        let listen_addr = listen_addr.parse().map_err(|_| {
            ConfigError(format!(
                "LISTEN_ADDR is '{listen_addr}', not an address and port such as 127.0.0.1:8080"
            ))
        })?;
        let given_url = var("DATABASE_URL").filter(|u| !u.trim().is_empty());
        let seed = match var("CARE_MARKET_SEED").as_deref() {
            Some("sample") => Seed::Sample,
            Some("none") => Seed::None,
            None if given_url.is_none() => Seed::Sample,
            None => Seed::None,
            Some(other) => {
                return Err(ConfigError(format!(
                    "CARE_MARKET_SEED is '{other}'; use 'sample' or 'none'"
                )))
            }
        };
        let session_hours = match var("SESSION_HOURS") {
            None => 12,
            Some(h) => h
                .parse()
                .ok()
                .filter(|h| (1..=168).contains(h))
                .ok_or_else(|| {
                    ConfigError(format!(
                        "SESSION_HOURS is '{h}', not a whole number from 1 to 168"
                    ))
                })?,
        };
        let now = match var("CARE_MARKET_NOW").filter(|n| !n.trim().is_empty()) {
            None => None,
            Some(n) => Some(
                chrono::DateTime::parse_from_rfc3339(n.trim())
                    .map_err(|_| {
                        ConfigError(format!(
                            "CARE_MARKET_NOW is '{n}', not an RFC 3339 instant such as 2026-11-23T09:00:00Z"
                        ))
                    })?
                    .to_utc(),
            ),
        };
        Ok(Config {
            listen_addr,
            database_url: given_url.unwrap_or_else(|| DEFAULT_DATABASE_URL.into()),
            seed,
            data_dir: var("DATA_DIR")
                .unwrap_or_else(|| "public/data".into())
                .into(),
            dist_dir: var("DIST_DIR").unwrap_or_else(|| "dist".into()).into(),
            app_origin: var("APP_ORIGIN").filter(|o| !o.is_empty()),
            session_hours,
            now,
        })
    }

    /// The clock `CARE_MARKET_NOW` asks for: from that instant on, else the system's.
    pub fn clock(&self) -> crate::clock::Clock {
        match self.now {
            Some(at) => crate::clock::Clock::starting_at(at),
            None => crate::clock::Clock::system(),
        }
    }

    /// Whether session cookies must be `Secure` (the app is reached over TLS).
    pub fn secure_cookies(&self) -> bool {
        self.app_origin
            .as_deref()
            .is_some_and(|o| o.starts_with("https://"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        Config::from_env(|k| {
            vars.iter()
                .find(|(name, _)| *name == k)
                .map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn defaults_run_the_sample_on_sqlite_on_loopback() {
        let c = config(&[]).expect("defaults");
        assert_eq!(c.listen_addr.to_string(), "127.0.0.1:8080");
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.seed, Seed::Sample);
        assert!(!c.secure_cookies());
    }

    #[test]
    fn a_given_database_is_not_seeded_unless_asked() {
        let c = config(&[("DATABASE_URL", "postgres://db/cm")]).expect("valid");
        assert_eq!(c.seed, Seed::None);
        let c = config(&[
            ("DATABASE_URL", "postgres://db/cm"),
            ("CARE_MARKET_SEED", "sample"),
        ]);
        assert_eq!(c.expect("valid").seed, Seed::Sample);
    }

    #[test]
    fn bad_values_are_named() {
        let e = config(&[("LISTEN_ADDR", "localhost")]).expect_err("no port");
        assert!(e.0.contains("LISTEN_ADDR"), "{e}");
        let e = config(&[("SESSION_HOURS", "0")]).expect_err("zero");
        assert!(e.0.contains("SESSION_HOURS"), "{e}");
        let e = config(&[("CARE_MARKET_SEED", "yes")]).expect_err("unknown");
        assert!(e.0.contains("CARE_MARKET_SEED"), "{e}");
        let e = config(&[("CARE_MARKET_NOW", "23/11/2026")]).expect_err("not RFC 3339");
        assert!(e.0.contains("CARE_MARKET_NOW"), "{e}");
    }

    #[test]
    fn a_given_now_starts_the_clock_there() {
        assert_eq!(config(&[]).expect("defaults").now, None);
        let c = config(&[("CARE_MARKET_NOW", "2026-11-23T09:00:00+00:00")]).expect("valid");
        let at: chrono::DateTime<chrono::Utc> = "2026-11-23T09:00:00Z".parse().expect("instant");
        assert_eq!(c.now, Some(at));
        let read = c.clock().now();
        assert!(
            read >= at && read - at < chrono::Duration::minutes(1),
            "{read}"
        );
    }

    #[test]
    fn an_https_app_origin_makes_cookies_secure() {
        let c = config(&[("APP_ORIGIN", "https://care.example.org")]).expect("valid");
        assert!(c.secure_cookies());
    }
}
