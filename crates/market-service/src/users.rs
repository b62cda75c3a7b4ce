//! Accounts, roles, provider–home links and sessions.

use crate::audit::{self, Actor};
use crate::auth::{self, PasswordWork};
use crate::db::{Db, Write};
use crate::error::ApiError;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use utoipa::ToSchema;

/// What a user may do.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Manages users, links and the CQC register.
    Admin,
    /// A council or NHS commissioner: one borough, or the sub-region when no borough is set.
    Commissioner,
    /// Brokerage or hospital discharge: finds beds and works referrals, one borough's or the
    /// sub-region's; sees fees.
    Broker,
    /// A care-home manager: reports for linked homes only.
    Provider,
}

impl Role {
    /// The stored and serialised name.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Commissioner => "commissioner",
            Role::Broker => "broker",
            Role::Provider => "provider",
        }
    }

    fn parse(s: &str) -> Option<Role> {
        [
            Role::Admin,
            Role::Commissioner,
            Role::Broker,
            Role::Provider,
        ]
        .into_iter()
        .find(|r| r.as_str() == s)
    }
}

/// A user as the API shows them (never with the password hash).
#[derive(Clone, Debug, PartialEq, Serialize, ToSchema)]
pub struct User {
    /// Database ID.
    pub id: i64,
    /// Sign-in name.
    pub username: String,
    /// Name shown in the app.
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// GSS code of a commissioner's or broker's borough; none for sub-regional ones and others.
    pub borough: Option<String>,
    /// Homes a provider reports for.
    pub homes: Vec<String>,
    /// Disabled by an administrator: cannot sign in, and has no sessions.
    pub disabled: bool,
}

impl User {
    /// Whether this user may see a home's fees (commercially sensitive).
    pub fn sees_fees_of(&self, home_id: &str) -> bool {
        match self.role {
            Role::Admin | Role::Commissioner | Role::Broker => true,
            Role::Provider => self.reports_for(home_id),
        }
    }

    /// Whether this user may see the prices a borough pays (placements row by row, block
    /// contracts' prices): administrators and sub-regional commissioners every borough's, a
    /// borough's commissioners their own borough's, nobody else any.
    pub fn sees_prices_paid_by(&self, borough: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Commissioner => self.borough.as_deref().is_none_or(|b| b == borough),
            Role::Broker | Role::Provider => false,
        }
    }

    /// Whether this user may submit returns for the home.
    pub fn reports_for(&self, home_id: &str) -> bool {
        self.role == Role::Provider && self.homes.iter().any(|h| h == home_id)
    }

    /// Whether this user may see the returns compliance of a borough.
    pub fn oversees(&self, borough: &str) -> bool {
        match self.role {
            Role::Admin => true,
            Role::Commissioner => self.borough.as_deref().is_none_or(|b| b == borough),
            Role::Broker | Role::Provider => false,
        }
    }
}

/// A user to create.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NewUser {
    /// 3–40 characters: lower-case letters, digits, '.', '-' and '_'.
    #[schema(pattern = "^[a-z0-9._-]{3,40}$")]
    pub username: String,
    /// Name shown in the app, 1 to 100 characters, not all spaces.
    #[schema(pattern = "\\S", max_length = 100)]
    pub display_name: String,
    /// 12 to 256 characters.
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
    /// Role.
    pub role: Role,
    /// A commissioner's or broker's borough (GSS code); leave out for sub-regional ones.
    #[serde(default)]
    pub borough: Option<String>,
}

/// Users from rows of [`USER_COLUMNS`] joined to their linked homes (one row per home, or one
/// with no home), ordered so that each user's rows are together: the users in that order, each
/// with their homes.
fn users_from(rows: &[AnyRow]) -> Result<Vec<User>, ApiError> {
    let mut users: Vec<User> = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("id")?;
        let home: Option<String> = row.try_get("home_id")?;
        if users.last().is_none_or(|u| u.id != id) {
            let role: String = row.try_get("role")?;
            users.push(User {
                id,
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                role: Role::parse(&role).unwrap_or(Role::Provider),
                borough: row.try_get("borough")?,
                homes: Vec::new(),
                disabled: row.try_get::<Option<String>, _>("disabled_at")?.is_some(),
            });
        }
        if let (Some(user), Some(home)) = (users.last_mut(), home) {
            user.homes.push(home);
        }
    }
    Ok(users)
}

/// A user's columns and linked homes, for [`users_from`]: a user with no home has one row.
const USER_COLUMNS: &str = "users.id, username, display_name, role, borough, disabled_at, \
     provider_homes.home_id";

/// Users, each joined to their linked homes.
const USERS_WITH_HOMES: &str =
    "users LEFT JOIN provider_homes ON provider_homes.user_id = users.id";

/// The user a live session belongs to, read in one query (every signed-in request asks).
pub async fn by_session(db: &Db, token_hash: &str) -> Result<Option<User>, ApiError> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM {USERS_WITH_HOMES} JOIN sessions ON sessions.user_id = users.id \
         WHERE token_hash = $1 AND expires_at > $2 AND disabled_at IS NULL \
         ORDER BY provider_homes.home_id"
    ))
    .bind(token_hash)
    .bind(db.now())
    .fetch_all(&db.pool)
    .await?;
    Ok(users_from(&rows)?.pop())
}

/// The usernames of the sample's demo accounts still in the database.
pub async fn demo_accounts(db: &Db) -> Result<Vec<String>, ApiError> {
    let rows =
        sqlx::query("SELECT username FROM users WHERE username LIKE 'demo-%' ORDER BY username")
            .fetch_all(&db.pool)
            .await?;
    Ok(rows
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?)
}

/// A user by username.
pub async fn by_username(db: &Db, username: &str) -> Result<Option<User>, ApiError> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM {USERS_WITH_HOMES} WHERE username = $1 \
         ORDER BY provider_homes.home_id"
    ))
    .bind(username)
    .fetch_all(&db.pool)
    .await?;
    Ok(users_from(&rows)?.pop())
}

/// A user who must exist: 404 naming the username otherwise.
async fn existing(db: &Db, username: &str) -> Result<User, ApiError> {
    by_username(db, username)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No user called '{username}'.")).at("username"))
}

/// Every user, by username.
pub async fn list(db: &Db) -> Result<Vec<User>, ApiError> {
    let rows = sqlx::query(&format!(
        "SELECT {USER_COLUMNS} FROM {USERS_WITH_HOMES} ORDER BY username, provider_homes.home_id"
    ))
    .fetch_all(&db.pool)
    .await?;
    users_from(&rows)
}

/// The longest username, in characters (a new username is ASCII; one tried at sign-in is
/// refused past this many characters of any kind).
pub const MAX_USERNAME: usize = 40;

/// The longest password, in characters (so at most 1 KB of UTF-8): long passphrases fit, and no
/// sign-in makes argon2 hash megabytes.
pub const MAX_PASSWORD: usize = 256;

/// Checks a new password: 12 to [`MAX_PASSWORD`] characters (422 naming `field` otherwise).
pub fn validate_password(field: &str, password: &str) -> Result<(), ApiError> {
    if !(12..=MAX_PASSWORD).contains(&password.chars().count()) {
        return Err(ApiError::invalid(
            field,
            format!("Password must be 12 to {MAX_PASSWORD} characters."),
        ));
    }
    Ok(())
}

/// Checks a new user against the rules, naming the field at fault.
pub fn validate(new: &NewUser, boroughs: &[String]) -> Result<(), ApiError> {
    let u = &new.username;
    let ok_char = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || ".-_".contains(c);
    if !(3..=MAX_USERNAME).contains(&u.len()) || !u.chars().all(ok_char) {
        return Err(ApiError::invalid(
            "username",
            "Username must be 3 to 40 characters: lower-case letters, digits, '.', '-' or '_'.",
        ));
    }
    if new.display_name.trim().is_empty() || new.display_name.chars().count() > 100 {
        return Err(ApiError::invalid(
            "display_name",
            "Enter a display name of up to 100 characters.",
        ));
    }
    validate_password("password", &new.password)?;
    let has_borough = matches!(new.role, Role::Commissioner | Role::Broker);
    match &new.borough {
        Some(_) if !has_borough => Err(ApiError::invalid(
            "borough",
            "Only a commissioner or a broker has a borough; leave it out for other roles.",
        )),
        Some(b) if !boroughs.contains(b) => Err(ApiError::invalid(
            "borough",
            format!(
                "'{b}' is not one of the footprint's boroughs ({}).",
                boroughs.join(", ")
            ),
        )),
        _ => Ok(()),
    }
}

/// Creates a user (after [`validate`]), audited.
pub async fn create(
    db: &Db,
    passwords: &PasswordWork,
    new: &NewUser,
    boroughs: &[String],
    actor: &Actor,
) -> Result<User, ApiError> {
    validate(new, boroughs)?;
    let hash = passwords.hash(new.password.clone()).await;
    let mut tx = db.begin_write().await?;
    let taken = sqlx::query("SELECT id FROM users WHERE username = $1")
        .bind(&new.username)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "conflict",
            format!("A user called '{}' already exists.", new.username),
        )
        .at("username"));
    }
    sqlx::query(
        "INSERT INTO users (username, display_name, password_hash, role, borough, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&new.username)
    .bind(new.display_name.trim())
    .bind(&hash)
    .bind(new.role.as_str())
    .bind(new.borough.clone())
    .bind(db.now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &db.now(),
        actor,
        "user.create",
        &new.username,
        serde_json::json!({ "role": new.role, "borough": new.borough }),
    )
    .await?;
    tx.commit().await?;
    by_username(db, &new.username)
        .await?
        .ok_or_else(|| ApiError::not_found("the user just created"))
}

/// Links a provider to a home they may report for (idempotent), audited.
pub async fn link_home(
    db: &Db,
    username: &str,
    home_id: &str,
    actor: &Actor,
) -> Result<User, ApiError> {
    let user = existing(db, username).await?;
    if user.role != Role::Provider {
        return Err(ApiError::invalid(
            "username",
            format!("'{username}' is not a provider; only providers report for homes."),
        ));
    }
    crate::homes::get(db, home_id)
        .await
        .map_err(|e| e.at("home_id"))?;
    let insert =
        "INSERT INTO provider_homes (user_id, home_id) VALUES ($1, $2) ON CONFLICT DO NOTHING";
    change_link(db, &user, home_id, insert, "user.link_home", actor).await
}

/// Removes a provider's link to a home, audited.
pub async fn unlink_home(
    db: &Db,
    username: &str,
    home_id: &str,
    actor: &Actor,
) -> Result<User, ApiError> {
    let user = existing(db, username).await?;
    let delete = "DELETE FROM provider_homes WHERE user_id = $1 AND home_id = $2";
    change_link(db, &user, home_id, delete, "user.unlink_home", actor).await
}

/// Runs `sql` (binding the user's ID and the home) and audits it as `action` when it changed a
/// link; answers the user as they now are.
async fn change_link(
    db: &Db,
    user: &User,
    home_id: &str,
    sql: &str,
    action: &str,
    actor: &Actor,
) -> Result<User, ApiError> {
    let mut tx = db.begin_write().await?;
    let changed = sqlx::query(sql)
        .bind(user.id)
        .bind(home_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if changed > 0 {
        let detail = serde_json::json!({ "home": home_id });
        audit::record(&mut tx, &db.now(), actor, action, &user.username, detail).await?;
    }
    tx.commit().await?;
    existing(db, &user.username).await
}

/// Checks a username and password (the caller has counted the attempt against the sign-in
/// limit); on success starts a session and returns its token and user. `None` for a wrong
/// username or password (the caller cannot tell which).
pub async fn sign_in(
    db: &Db,
    passwords: &PasswordWork,
    username: &str,
    password: &str,
    hours: i64,
) -> Result<Option<(String, User)>, ApiError> {
    // A disabled account is checked like any other and then refused like a wrong password, so
    // the answer tells nobody which accounts exist or are disabled.
    let row = sqlx::query("SELECT id, password_hash, disabled_at FROM users WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?;
    let (id, hash): (Option<i64>, String) = match &row {
        Some(r) => {
            let disabled = r.try_get::<Option<String>, _>("disabled_at")?.is_some();
            let id: i64 = r.try_get("id")?;
            ((!disabled).then_some(id), r.try_get("password_hash")?)
        }
        None => (None, auth::decoy_hash().to_string()),
    };
    let matches = passwords.verify(password.to_string(), hash).await;
    let (Some(id), true) = (id, matches) else {
        return Ok(None);
    };
    let (token, token_hash) = auth::new_session_token();
    let expires = (db.clock.now() + chrono::Duration::hours(hours))
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let mut tx = db.begin_write().await?;
    sqlx::query("INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(&token_hash)
        .bind(id)
        .bind(db.now())
        .bind(expires)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM sessions WHERE expires_at <= $1")
        .bind(db.now())
        .execute(&mut *tx)
        .await?;
    let actor = Actor {
        user_id: Some(id),
        username: username.to_string(),
    };
    audit::record(
        &mut tx,
        &db.now(),
        &actor,
        "session.sign_in",
        username,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(Some((token, existing(db, username).await?)))
}

/// Ends a session, audited.
pub async fn sign_out(db: &Db, token_hash: &str, user: &User) -> Result<(), ApiError> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(&mut *tx)
        .await?;
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        "session.sign_out",
        &user.username,
        serde_json::json!({}),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Disables (or enables again) an account, audited (`user.disable`, `user.enable`); disabling
/// ends its sessions. An administrator cannot disable their own account (so one is always left
/// to undo it).
pub async fn set_disabled(
    db: &Db,
    username: &str,
    disabled: bool,
    actor: &Actor,
) -> Result<User, ApiError> {
    let user = existing(db, username).await?;
    if disabled && actor.user_id == Some(user.id) {
        return Err(ApiError::invalid(
            "username",
            "You cannot disable your own account; ask another administrator.",
        ));
    }
    let mut tx = db.begin_write().await?;
    let (query, action) = if disabled {
        let sql = "UPDATE users SET disabled_at = $1 WHERE id = $2 AND disabled_at IS NULL";
        (
            sqlx::query(sql).bind(db.now()).bind(user.id),
            "user.disable",
        )
    } else {
        let sql = "UPDATE users SET disabled_at = NULL WHERE id = $1 AND disabled_at IS NOT NULL";
        (sqlx::query(sql).bind(user.id), "user.enable")
    };
    let changed = query.execute(&mut *tx).await?.rows_affected();
    let ended = if disabled {
        end_sessions_in(&mut tx, user.id, None).await?
    } else {
        0
    };
    if changed > 0 {
        let detail = serde_json::json!({ "sessions_ended": ended });
        audit::record(&mut tx, &db.now(), actor, action, &user.username, detail).await?;
    }
    tx.commit().await?;
    existing(db, username).await
}

/// Sets a user's password as an administrator (after [`validate_password`]), ends their
/// sessions and lifts a lock on their username from failed sign-ins, audited
/// (`user.reset_password`). Returns how many sessions ended.
pub async fn reset_password(
    db: &Db,
    passwords: &PasswordWork,
    username: &str,
    password: &str,
    actor: &Actor,
) -> Result<u64, ApiError> {
    validate_password("password", password)?;
    let user = existing(db, username).await?;
    let hash = passwords.hash(password.to_string()).await;
    let mut tx = db.begin_write().await?;
    let ended = replace_password_in(&mut tx, user.id, &hash, None).await?;
    sqlx::query("DELETE FROM sign_in_limits WHERE kind = 'username' AND key = $1")
        .bind(&user.username)
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({ "sessions_ended": ended });
    audit::record(
        &mut tx,
        &db.now(),
        actor,
        "user.reset_password",
        &user.username,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// Ends every session of a user (signs them out everywhere), audited (`user.end_sessions`).
/// Returns how many ended.
pub async fn end_sessions(db: &Db, username: &str, actor: &Actor) -> Result<u64, ApiError> {
    let user = existing(db, username).await?;
    let mut tx = db.begin_write().await?;
    let ended = end_sessions_in(&mut tx, user.id, None).await?;
    let detail = serde_json::json!({ "sessions_ended": ended });
    audit::record(
        &mut tx,
        &db.now(),
        actor,
        "user.end_sessions",
        &user.username,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(ended)
}

/// A user changes their own password, having given the current one (the caller checks it):
/// their other sessions end, the one in use (`keep`, a token hash) stays, audited
/// (`user.change_password`).
pub async fn change_password(
    db: &Db,
    passwords: &PasswordWork,
    user: &User,
    keep: &str,
    new_password: &str,
) -> Result<(), ApiError> {
    validate_password("new_password", new_password)?;
    let hash = passwords.hash(new_password.to_string()).await;
    let mut tx = db.begin_write().await?;
    let ended = replace_password_in(&mut tx, user.id, &hash, Some(keep)).await?;
    let detail = serde_json::json!({ "other_sessions_ended": ended });
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        "user.change_password",
        &user.username,
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Whether `password` is the user's current one (argon2, a core at a time).
pub async fn password_matches(
    db: &Db,
    passwords: &PasswordWork,
    user: &User,
    password: &str,
) -> Result<bool, ApiError> {
    let hash: String = sqlx::query("SELECT password_hash FROM users WHERE id = $1")
        .bind(user.id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    Ok(passwords.verify(password.to_string(), hash).await)
}

/// Stores a user's new password hash and ends their sessions but `keep` (as
/// [`end_sessions_in`]); how many ended.
async fn replace_password_in(
    tx: &mut Write,
    user_id: i64,
    hash: &str,
    keep: Option<&str>,
) -> Result<u64, ApiError> {
    sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    end_sessions_in(tx, user_id, keep).await
}

/// Deletes a user's sessions, but for the one whose token hash is `keep`; how many.
async fn end_sessions_in(
    tx: &mut Write,
    user_id: i64,
    keep: Option<&str>,
) -> Result<u64, ApiError> {
    Ok(
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
            .bind(user_id)
            .bind(keep.unwrap_or(""))
            .execute(&mut **tx)
            .await?
            .rows_affected(),
    )
}
