//! The audit log: who did what, to what, when. Append-only (the database refuses updates and
//! deletes), written in the same transaction as the change it records.

use crate::db::Db;
use crate::db::Write;
use crate::error::ApiError;
use crate::users::User;
use serde::Serialize;
use sqlx::Row;
use utoipa::ToSchema;

/// Who made a change: a user, or the service's command line.
#[derive(Clone, Debug)]
pub struct Actor {
    /// The user's ID; none for the command line.
    pub user_id: Option<i64>,
    /// The username, or "command-line".
    pub username: String,
}

impl Actor {
    /// A signed-in user.
    pub fn user(user: &User) -> Actor {
        Actor {
            user_id: Some(user.id),
            username: user.username.clone(),
        }
    }

    /// The service's command line (run by someone with access to the server).
    pub fn command_line() -> Actor {
        Actor {
            user_id: None,
            username: "command-line".into(),
        }
    }
}

/// One entry.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    /// When (RFC 3339, UTC).
    pub at: String,
    /// Who.
    pub username: String,
    /// What, such as `return.submit`.
    pub action: String,
    /// To what: a home, a user, a file.
    pub target: String,
    /// Details as JSON.
    pub detail: serde_json::Value,
}

/// Records an action inside the transaction that makes it, at `at` (as [`Db::now`] writes it).
pub async fn record(
    tx: &mut Write,
    at: &str,
    actor: &Actor,
    action: &str,
    target: &str,
    detail: serde_json::Value,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, user_id, username, action, target, detail) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(at)
    .bind(actor.user_id)
    .bind(&actor.username)
    .bind(action)
    .bind(target)
    .bind(detail.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The latest `limit` entries, newest first.
pub async fn latest(db: &Db, limit: i64) -> Result<Vec<AuditEntry>, ApiError> {
    let rows = sqlx::query(
        "SELECT at, username, action, target, detail FROM audit_log ORDER BY id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            let detail: String = r.try_get("detail")?;
            Ok(AuditEntry {
                at: r.try_get("at")?,
                username: r.try_get("username")?,
                action: r.try_get("action")?,
                target: r.try_get("target")?,
                detail: serde_json::from_str(&detail).unwrap_or(serde_json::Value::Null),
            })
        })
        .collect()
}
