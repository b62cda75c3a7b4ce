//! Passwords (argon2id, a core at a time), session tokens and cookies, the signed-in viewer, and
//! the client's address.

use crate::error::ApiError;
use crate::users::{self, User};
use crate::AppState;
use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use axum::extract::ConnectInfo;
use axum::extract::FromRequestParts;
use axum::http::header::COOKIE;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use sha2::{Digest, Sha256};
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::Semaphore;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "cm_session";

/// An argon2id hash of `password` in PHC form, with a fresh salt.
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 with default parameters hashes any password")
        .to_string()
}

/// Whether `password` matches a stored hash (false for a hash that does not parse).
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// A hash to check against when the username is unknown, so both cases take the same time.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a real password"))
}

/// A new session token (256 random bits, hex) and the hash that is stored instead of it.
pub fn new_session_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    OsRng.fill_bytes(&mut bytes);
    let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let hash = token_hash(&token);
    (token, hash)
}

/// What the database keeps of a token: its SHA-256, hex.
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The `Set-Cookie` value that starts a session.
pub fn session_cookie(token: &str, max_age_hours: i64, secure: bool) -> String {
    format!(
        "{}={token}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}{}",
        cookie_name(secure),
        max_age_hours * 3600,
        if secure { "; Secure" } else { "" }
    )
}

/// The `Set-Cookie` value that ends it.
pub fn cleared_cookie(secure: bool) -> String {
    format!(
        "{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0{}",
        cookie_name(secure),
        if secure { "; Secure" } else { "" }
    )
}

/// The session cookie's name: over TLS with the `__Host-` prefix, which browsers accept only
/// from this very host, over TLS, for the whole site, so no subdomain can plant or shadow it.
pub fn cookie_name(secure: bool) -> &'static str {
    if secure {
        SECURE_SESSION_COOKIE
    } else {
        SESSION_COOKIE
    }
}

/// The session cookie's name over TLS.
pub const SECURE_SESSION_COOKIE: &str = "__Host-cm_session";

/// Whether the request reached the service over TLS: the app is configured on an https origin,
/// or the TLS-terminating proxy in front says so.
pub fn over_tls(config: &crate::config::Config, headers: &HeaderMap) -> bool {
    config.secure_cookies()
        || headers
            .get("x-forwarded-proto")
            .is_some_and(|p| p.as_bytes().eq_ignore_ascii_case(b"https"))
}

/// The session token a request carries, if any.
pub fn token_from(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == SECURE_SESSION_COOKIE || *name == SESSION_COOKIE)
        .map(|(_, value)| value.to_string())
        .filter(|t| !t.is_empty())
}

/// Who is making a request: a signed-in user or nobody.
pub struct Viewer(pub Option<User>);

impl Viewer {
    /// The user, or 401.
    pub fn user(&self) -> Result<&User, ApiError> {
        self.0.as_ref().ok_or_else(ApiError::not_signed_in)
    }

    /// The user if they are an admin; 401 or 403 otherwise.
    pub fn admin(&self) -> Result<&User, ApiError> {
        let user = self.user()?;
        if user.role == users::Role::Admin {
            Ok(user)
        } else {
            Err(ApiError::forbidden("Only an administrator can do this."))
        }
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        match token_from(&parts.headers) {
            None => Ok(Viewer(None)),
            Some(token) => Ok(Viewer(
                users::by_session(&state.db, &token_hash(&token)).await?,
            )),
        }
    }
}

/// The argon2 work the service does, bounded: at most one hash or verification per core at a
/// time (more would only queue inside the blocking thread pool and starve other requests), each on
/// a blocking thread, off the async runtime; and counted.
pub struct PasswordWork {
    permits: Semaphore,
    verifications: AtomicU64,
}

impl PasswordWork {
    /// At most `parallel` (at least one) argon2 computations at once.
    pub fn new(parallel: usize) -> PasswordWork {
        PasswordWork {
            permits: Semaphore::new(parallel.max(1)),
            verifications: AtomicU64::new(0),
        }
    }

    /// As many at once as this machine has cores.
    pub fn per_core() -> PasswordWork {
        PasswordWork::new(std::thread::available_parallelism().map_or(1, usize::from))
    }

    /// Whether `password` matches `hash`, after waiting for a free core.
    pub async fn verify(&self, password: String, hash: String) -> bool {
        let _permit = self.permits.acquire().await.expect("never closed");
        self.verifications.fetch_add(1, Ordering::SeqCst);
        tokio::task::spawn_blocking(move || verify_password(&password, &hash))
            .await
            .unwrap_or(false)
    }

    /// A new hash of `password`, after waiting for a free core.
    pub async fn hash(&self, password: String) -> String {
        let _permit = self.permits.acquire().await.expect("never closed");
        tokio::task::spawn_blocking(move || hash_password(&password))
            .await
            .expect("hashing does not panic")
    }

    /// How many passwords have been checked against a hash (a wrong guess that got past the
    /// sign-in limit is one).
    pub fn verifications(&self) -> u64 {
        self.verifications.load(Ordering::SeqCst)
    }
}

/// The address a request came from: the peer of its TCP connection (a proxy in front shows as
/// itself: `X-Forwarded-For` is not trusted, as anyone can write it). None when the service is
/// driven in process, without a connection.
pub struct ClientAddr(pub Option<IpAddr>);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        Ok(ClientAddr(
            ConnectInfo::<SocketAddr>::from_request_parts(parts, state)
                .await
                .ok()
                .map(|ConnectInfo(addr)| addr.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_verifies_against_its_own_hash_only() {
        let h = hash_password("correct horse battery");
        assert!(h.starts_with("$argon2id$"), "{h}");
        assert!(verify_password("correct horse battery", &h));
        assert!(!verify_password("correct horse batterz", &h));
        assert!(!verify_password("anything", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, ha) = new_session_token();
        let (b, _) = new_session_token();
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert_eq!(token_hash(&a), ha);
        assert_ne!(a, ha);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_over_tls() {
        let c = session_cookie("abc", 12, true);
        assert!(c.contains("HttpOnly") && c.contains("SameSite=Strict") && c.contains("Secure"));
        assert!(c.contains("Max-Age=43200"));
        assert!(c.starts_with("__Host-cm_session=abc; Path=/;"), "{c}");
        let plain = session_cookie("abc", 12, false);
        assert!(!plain.contains("Secure") && plain.starts_with("cm_session=abc"));
    }
}
