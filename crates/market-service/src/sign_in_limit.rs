//! The limit on sign-in attempts, kept in the database so that it holds across restarts and
//! across several service instances on one database, and so that no guess costs the service
//! memory.
//!
//! Each attempt is counted against its username and against the address it came from *before*
//! its password is checked, in one atomic statement per key (an upsert that returns the new
//! count), so no two parallel guesses can both see room for one more: past the limit an attempt
//! is refused without reaching argon2. A success clears its username's count and gives its
//! address back the attempt; a failure stays counted until the window that began with the key's
//! first attempt is over. Windows that are over are deleted as attempts arrive, so the table
//! holds only the current window's keys.
//!
//! Every statement touches one row and commits on its own, so the limiter's statements cannot
//! deadlock with each other on PostgreSQL.

use crate::audit::{self, Actor};
use crate::db::Db;
use crate::error::ApiError;
use axum::http::StatusCode;
use sqlx::Row;
use std::net::IpAddr;

/// How many attempts a username and an address may make in a window.
#[derive(Clone, Copy, Debug)]
pub struct SignInLimit {
    /// Attempts per username per window (5).
    pub per_username: i64,
    /// Attempts per client address per window (30): enough for an office behind one address,
    /// too few to try a password against many usernames.
    pub per_address: i64,
    /// The window, from a key's first attempt (15 minutes).
    pub window: chrono::Duration,
}

impl Default for SignInLimit {
    fn default() -> SignInLimit {
        SignInLimit {
            per_username: 5,
            per_address: 30,
            window: chrono::Duration::minutes(15),
        }
    }
}

/// An attempt that was allowed to check its password, and what it counted.
#[derive(Debug)]
pub struct Attempt {
    username: String,
    address: Option<String>,
    username_count: i64,
    address_count: Option<i64>,
}

/// What a limit counts: a username, or a client address.
#[derive(Clone, Copy)]
enum Kind {
    Username,
    Address,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Username => "username",
            Kind::Address => "address",
        }
    }
}

/// The key an address is counted under: an IPv4 address as it is, an IPv6 address by its /64
/// (one subscriber's network, which its owner can fill with addresses at will).
pub fn address_key(addr: IpAddr) -> String {
    match addr.to_canonical() {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

impl SignInLimit {
    /// Counts an attempt by `username` (already trimmed and lower-cased) from `address`, or
    /// refuses it (429 `too_many_attempts`) when either has used up its window.
    pub async fn begin(
        &self,
        db: &Db,
        username: &str,
        address: Option<IpAddr>,
    ) -> Result<Attempt, ApiError> {
        let now = db.clock.now();
        let cutoff = stamp(now - self.window);
        {
            let _turn = db.write_turn().await;
            sqlx::query("DELETE FROM sign_in_limits WHERE window_start <= $1")
                .bind(&cutoff)
                .execute(&db.pool)
                .await?;
        }
        let address = address.map(address_key);
        let address_count = match &address {
            Some(key) => {
                let (count, started) = self.count(db, Kind::Address, key, &cutoff).await?;
                if count > self.per_address {
                    return Err(self.refusal(Kind::Address, &started, now));
                }
                Some(count)
            }
            None => None,
        };
        let (username_count, started) = self.count(db, Kind::Username, username, &cutoff).await?;
        if username_count > self.per_username {
            return Err(self.refusal(Kind::Username, &started, now));
        }
        Ok(Attempt {
            username: username.to_string(),
            address,
            username_count,
            address_count,
        })
    }

    /// Adds one to `key`'s count (starting a new window if its last one is over) and returns
    /// the count with this attempt and when the window began: one statement, so parallel
    /// attempts each see a different count.
    async fn count(
        &self,
        db: &Db,
        kind: Kind,
        key: &str,
        cutoff: &str,
    ) -> Result<(i64, String), ApiError> {
        let _turn = db.write_turn().await;
        let row = sqlx::query(
            "INSERT INTO sign_in_limits (kind, key, window_start, attempts) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (kind, key) DO UPDATE SET \
             attempts = CASE WHEN sign_in_limits.window_start <= $4 THEN 1 \
                             ELSE sign_in_limits.attempts + 1 END, \
             window_start = CASE WHEN sign_in_limits.window_start <= $4 \
                                 THEN excluded.window_start ELSE sign_in_limits.window_start END \
             RETURNING attempts, window_start",
        )
        .bind(kind.as_str())
        .bind(key)
        .bind(db.now())
        .bind(cutoff)
        .fetch_one(&db.pool)
        .await?;
        Ok((row.try_get("attempts")?, row.try_get("window_start")?))
    }

    fn refusal(&self, kind: Kind, started: &str, now: chrono::DateTime<chrono::Utc>) -> ApiError {
        let ends = chrono::DateTime::parse_from_rfc3339(started)
            .map(|s| s.to_utc() + self.window)
            .unwrap_or(now + self.window);
        let minutes = (ends - now).num_minutes().max(0) + 1;
        tracing::warn!(kind = kind.as_str(), "sign-in refused: too many attempts");
        let error = |whose: &str| {
            ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "too_many_attempts",
                format!("Too many failed sign-ins {whose}; try again in {minutes} minutes."),
            )
        };
        match kind {
            Kind::Username => error("for this username").at("username"),
            Kind::Address => error("from this address"),
        }
    }

    /// The password was right: the username's count starts again and the address has the attempt
    /// back (an office signing in every morning from one address is not a guesser).
    pub async fn succeeded(&self, db: &Db, attempt: &Attempt) -> Result<(), ApiError> {
        let _turn = db.write_turn().await;
        sqlx::query("DELETE FROM sign_in_limits WHERE kind = 'username' AND key = $1")
            .bind(&attempt.username)
            .execute(&db.pool)
            .await?;
        if let Some(address) = &attempt.address {
            sqlx::query(
                "UPDATE sign_in_limits SET attempts = attempts - 1 \
                 WHERE kind = 'address' AND key = $1 AND attempts > 0",
            )
            .bind(address)
            .execute(&db.pool)
            .await?;
        }
        Ok(())
    }

    /// The password was wrong (or the username unknown): audits the failure, and the lockout
    /// when this failure used up the username's or the address's window.
    pub async fn failed(&self, db: &Db, attempt: &Attempt) -> Result<(), ApiError> {
        let actor = Actor {
            user_id: None,
            username: attempt.username.clone(),
        };
        let address = serde_json::json!(attempt.address);
        let at = db.now();
        let mut tx = db.begin_write().await?;
        audit::record(
            &mut tx,
            &at,
            &actor,
            "session.sign_in_failed",
            &attempt.username,
            serde_json::json!({ "address": address }),
        )
        .await?;
        if attempt.username_count == self.per_username {
            let detail = serde_json::json!({ "by": "username", "address": address });
            audit::record(
                &mut tx,
                &at,
                &actor,
                "session.locked",
                &attempt.username,
                detail,
            )
            .await?;
        }
        if let (Some(key), Some(count)) = (&attempt.address, attempt.address_count) {
            if count == self.per_address {
                let detail = serde_json::json!({ "by": "address", "address": key });
                audit::record(&mut tx, &at, &actor, "session.locked", key, detail).await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }
}

/// An instant as the database stores it (as [`Db::now`] writes it).
fn stamp(at: chrono::DateTime<chrono::Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_counted_per_ipv4_address_and_ipv6_network() {
        let key = |s: &str| address_key(s.parse().expect("an address"));
        assert_eq!(key("192.0.2.7"), "192.0.2.7");
        assert_eq!(key("::ffff:192.0.2.7"), "192.0.2.7");
        assert_eq!(key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
        assert_eq!(key("2001:db8:1:2:ffff::9"), key("2001:db8:1:2::1"));
        assert_ne!(key("2001:db8:1:3::1"), key("2001:db8:1:2::1"));
    }
}
