//! Capacity returns in the database: append-only versions, idempotent submission, and reads of
//! the latest version per home.

use crate::db::Db;
use crate::error::ApiError;
use crate::users::User;
use axum::http::StatusCode;
use market_model::primitives::week::Week;
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::{CapacityReturn, Submission};
use market_model::returns::validation::check_return;
use serde::{Deserialize, Serialize};
use sqlx::any::AnyRow;
use sqlx::Row;
use utoipa::ToSchema;

/// One stored version of a return.
#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct StoredReturn {
    /// 1 for the week's first return; each amendment adds one.
    pub version: u32,
    /// The client's submission ID.
    pub submission_id: String,
    /// Who submitted it, where the reader may know (commissioners, admins, the home's providers).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub submitted_by: Option<String>,
    /// Whether it arrived after the week's due time.
    pub late: bool,
    /// The return itself (fees left out where the reader may not see them).
    #[serde(rename = "return")]
    pub capacity_return: CapacityReturn,
}

/// Columns of a stored return, with the submitter's username.
const SELECT: &str = "SELECT r.home_id, r.version, r.submission_id, r.body, u.username \
     FROM capacity_returns r LEFT JOIN users u ON u.id = r.submitted_by";

/// The order that puts a home's latest return first, for rows aliased `alias`: the rule of
/// `CapacityReturn::supersedes` (latest week, then latest submission; within one second, the
/// highest version).
pub fn latest_first(alias: &str) -> String {
    format!("{alias}.week DESC, {alias}.submitted_at DESC, {alias}.version DESC")
}

/// Only each home's latest return for its week.
fn latest_only_clause() -> String {
    format!(
        "r.id = (SELECT x.id FROM capacity_returns x WHERE x.home_id = r.home_id \
         AND x.week = r.week ORDER BY {} LIMIT 1)",
        latest_first("x")
    )
}

fn from_row(row: &AnyRow) -> Result<StoredReturn, ApiError> {
    let body: String = row.try_get("body")?;
    let capacity_return: CapacityReturn = serde_json::from_str(&body).map_err(|e| {
        tracing::error!(error = %e, "stored return does not parse");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal",
            "A stored return could not be read.",
        )
    })?;
    let version: i64 = row.try_get("version")?;
    Ok(StoredReturn {
        version: u32::try_from(version).unwrap_or(0),
        submission_id: row.try_get("submission_id")?,
        submitted_by: row.try_get("username")?,
        late: capacity_return.is_late(),
        capacity_return,
    })
}

/// Leaves out what `viewer` may not see: fees unless entitled, the admissions contact unless
/// signed in, the submitter unless they oversee or report for the home.
pub fn redact(
    mut r: StoredReturn,
    viewer: Option<&User>,
    home_borough: Option<&str>,
) -> StoredReturn {
    let home = r.capacity_return.home.clone();
    if viewer.is_none() {
        r.capacity_return.contact = None;
    }
    if !viewer.is_some_and(|u| u.sees_fees_of(&home)) {
        r.capacity_return.fees = None;
    }
    let knows_submitter =
        viewer.is_some_and(|u| u.reports_for(&home) || home_borough.is_some_and(|b| u.oversees(b)));
    if !knows_submitter {
        r.submitted_by = None;
    }
    r
}

/// Every home's returns for `week`: only the latest version of each, or every version.
pub async fn for_week(
    db: &Db,
    week: Week,
    latest_only: bool,
) -> Result<Vec<StoredReturn>, ApiError> {
    let only = if latest_only {
        latest_only_clause()
    } else {
        "1 = 1".to_string()
    };
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE r.week = $1 AND {only} ORDER BY r.home_id, r.version"
    ))
    .bind(week.to_string())
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Every version of every return a home has made, latest first ([`latest_first`]).
pub async fn history(db: &Db, home_id: &str) -> Result<Vec<StoredReturn>, ApiError> {
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE r.home_id = $1 ORDER BY {}",
        latest_first("r")
    ))
    .bind(home_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(from_row).collect()
}

/// Each home's latest return ([`latest_first`]), by home ID.
pub async fn latest_by_home(db: &Db) -> Result<Vec<StoredReturn>, ApiError> {
    let rows = sqlx::query(&latest_query("1 = 1"))
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Each home's latest return for `week` or an earlier week ([`latest_first`]), by home ID: the
/// domain's `latest_as_at`, which is what the map reads for a week.
pub async fn latest_as_at(db: &Db, week: Week) -> Result<Vec<StoredReturn>, ApiError> {
    let rows = sqlx::query(&latest_query("x.week <= $1"))
        .bind(week.to_string())
        .fetch_all(&db.pool)
        .await?;
    rows.iter().map(from_row).collect()
}

/// Each home's latest return among its returns (aliased `x`) that meet `condition`.
fn latest_query(condition: &str) -> String {
    format!(
        "{SELECT} WHERE r.id = (SELECT x.id FROM capacity_returns x WHERE x.home_id = r.home_id \
         AND {condition} ORDER BY {} LIMIT 1) ORDER BY r.home_id",
        latest_first("x")
    )
}

/// Whether the submission ID has the agreed form.
fn check_submission_id(id: &str) -> Result<(), ApiError> {
    let ok = (8..=100).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "submission_id",
            "The submission ID must be 8 to 100 letters, digits, '-' or '_' (a UUID will do).",
        ))
    }
}

/// Stores a submission as the next version of the home's return for its week, after checking
/// the rules and the version the client based it on. A submission ID seen before returns what
/// was stored then (`false`: nothing new was stored).
pub async fn submit(
    db: &Db,
    home: &CareHome,
    s: Submission,
    user: &User,
) -> Result<(StoredReturn, bool), ApiError> {
    let home_id = home.id.as_str();
    check_submission_id(&s.submission_id)?;
    let now = db.clock.now();
    let (week, submission_id, base_version) = (s.week, s.submission_id.clone(), s.base_version);
    let r = s.into_return(home_id, now);
    if let Some(p) = check_return(&r, home.registered_beds, Week::of(now))
        .into_iter()
        .next()
    {
        // A retry of a submission stored earlier gets what was stored, even if it would no
        // longer pass (its week has since closed, say).
        if let Some(existing) = by_submission_id(db, &submission_id).await? {
            return replay(existing, home_id);
        }
        return Err(ApiError::invalid(p.field, p.message));
    }
    // One statement stores the return as the next version if the client amended the current
    // one (or made the first), and its audit row with it (a trigger): under the write turn
    // it is the only round trip to the database that writers queue for. A retry is not looked
    // for first: the statement stores nothing for it (its version has moved on, or its
    // submission ID is taken), and only then is what was stored looked up.
    let base = i64::from(base_version.unwrap_or(0));
    let turn = db.write_turn().await;
    let inserted = sqlx::query(
        "INSERT INTO capacity_returns (home_id, week, version, submission_id, submitted_at, submitted_by, body) \
         SELECT $1, $2, current.version + 1, $3, $4, $5, $6 FROM \
         (SELECT COALESCE(MAX(version), 0) AS version FROM capacity_returns WHERE home_id = $1 AND week = $2) AS current \
         WHERE current.version = $7 RETURNING version",
    )
    .bind(home_id)
    .bind(week.to_string())
    .bind(&submission_id)
    .bind(now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    .bind(user.id)
    .bind(serde_json::to_string(&r).unwrap_or_default())
    .bind(base)
    .fetch_optional(&db.pool)
    .await;
    drop(turn);
    let version: i64 = match inserted {
        Ok(Some(row)) => row.try_get(0)?,
        Ok(None) => {
            // The return had moved on; unless this very submission is what moved it, say so.
            if let Some(existing) = by_submission_id(db, &submission_id).await? {
                return replay(existing, home_id);
            }
            return Err(version_conflict(db, home_id, week, base).await?);
        }
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            // Another request got there first: the same submission retried, or a rival
            // amendment of the same version.
            return match by_submission_id(db, &submission_id).await? {
                Some(existing) => replay(existing, home_id),
                None => Err(version_conflict(db, home_id, week, base).await?),
            };
        }
        Err(e) => return Err(e.into()),
    };
    let stored = StoredReturn {
        version: u32::try_from(version).unwrap_or(0),
        submission_id,
        submitted_by: Some(user.username.clone()),
        late: r.is_late(),
        capacity_return: r,
    };
    Ok((stored, true))
}

/// The answer to an amendment of a version that is no longer the current one.
async fn version_conflict(
    db: &Db,
    home_id: &str,
    week: Week,
    base: i64,
) -> Result<ApiError, ApiError> {
    let current: i64 = sqlx::query(
        "SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM capacity_returns WHERE home_id = $1 AND week = $2",
    )
    .bind(home_id)
    .bind(week.to_string())
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    let message = if current == 0 {
        format!(
            "There is no return for the week commencing {week} to amend; leave out base_version."
        )
    } else if current == base {
        format!("Someone else amended the return for the week commencing {week} just now; reload it and submit again.")
    } else {
        format!("The return for the week commencing {week} is now at version {current} (you amended version {base}); reload it, check the changes and submit again.")
    };
    Ok(ApiError::new(StatusCode::CONFLICT, "version_conflict", message).at("base_version"))
}

fn replay(existing: StoredReturn, home_id: &str) -> Result<(StoredReturn, bool), ApiError> {
    if existing.capacity_return.home == home_id {
        Ok((existing, false))
    } else {
        Err(ApiError::new(
            StatusCode::CONFLICT,
            "conflict",
            "This submission ID was already used for another home; send a new one.",
        )
        .at("submission_id"))
    }
}

async fn by_submission_id(db: &Db, id: &str) -> Result<Option<StoredReturn>, ApiError> {
    let row = sqlx::query(&format!("{SELECT} WHERE r.submission_id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.as_ref().map(from_row).transpose()
}

/// Weeks that have any return, oldest first.
pub async fn weeks(db: &Db) -> Result<Vec<Week>, ApiError> {
    let rows = sqlx::query("SELECT DISTINCT week FROM capacity_returns ORDER BY week")
        .fetch_all(&db.pool)
        .await?;
    Ok(rows
        .iter()
        .filter_map(|r| r.try_get::<String, _>(0).ok()?.parse().ok())
        .collect())
}

/// Stores a return as received from elsewhere (the sample data), as version 1.
pub async fn import_version_one(
    tx: &mut crate::db::Write,
    r: &CapacityReturn,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO capacity_returns (home_id, week, version, submission_id, submitted_at, submitted_by, body) \
         VALUES ($1, $2, 1, $3, $4, NULL, $5)",
    )
    .bind(&r.home)
    .bind(r.week.to_string())
    .bind(format!("sample-{}-{}", r.home, r.week))
    .bind(r.submitted_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
    .bind(serde_json::to_string(r).unwrap_or_default())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
