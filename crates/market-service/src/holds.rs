//! Brokers' holds on vacant beds. A hold keeps one vacant bed in a category for a referral until
//! it expires, its broker releases it, or the home's provider admits or declines the person.
//! While active it is not available to anyone else: placing a hold takes the write lock (SQLite)
//! or locks the home's row (PostgreSQL) before counting, so two brokers cannot both take the last
//! bed.

use crate::audit::{self, Actor};
use crate::db::{Backend, Db};
use crate::error::ApiError;
use crate::homes;
use crate::referrals::{self, Closing, Status};
use crate::users::{Role, User};
use axum::http::StatusCode;
use chrono::{Duration, SecondsFormat};
pub use market_model::brokerage::hold::{HeldBeds, Hold, NewHold, Outcome, OutcomeRequest};
use market_model::returns::capacity_return::{BedCategory, CapacityReturn};
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// How long a hold lasts unless the broker says otherwise.
pub const DEFAULT_HOURS: u32 = 4;
/// The longest hold a broker may place.
pub const MAX_HOURS: u32 = 72;

const SELECT: &str =
    "SELECT h.id, h.broker_id, h.home_id, homes.name AS home_name, h.category, h.reference, \
    u.display_name, h.created_at, h.expires_at, h.outcome, h.resolved_at, h.referral_id \
    FROM holds h JOIN homes ON homes.id = h.home_id JOIN users u ON u.id = h.broker_id";

fn category_from(key: &str) -> BedCategory {
    BedCategory::from_key(key).unwrap_or(BedCategory::StepDown)
}

fn from_row(row: &AnyRow, at: &str) -> Result<Hold, sqlx::Error> {
    let expires_at: String = row.try_get("expires_at")?;
    let outcome: Option<String> = row.try_get("outcome")?;
    let status = match outcome {
        Some(o) => o,
        None if expires_at.as_str() <= at => "expired".to_string(),
        None => "active".to_string(),
    };
    Ok(Hold {
        id: row.try_get("id")?,
        home: row.try_get("home_id")?,
        home_name: row.try_get("home_name")?,
        category: category_from(&row.try_get::<String, _>("category")?),
        reference: row.try_get("reference")?,
        broker: row.try_get("display_name")?,
        created_at: row.try_get("created_at")?,
        expires_at,
        status,
        resolved_at: row.try_get("resolved_at")?,
        referral: row.try_get("referral_id")?,
    })
}

/// Checks a referral reference: short, plain, and not an NHS number or other identifier.
pub(crate) fn check_reference(reference: &str) -> Result<(), ApiError> {
    let plain = reference
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/'));
    if !(3..=40).contains(&reference.len()) || !plain {
        return Err(ApiError::invalid(
            "reference",
            "The referral reference must be 3 to 40 letters, digits, '-', '_' or '/'.",
        ));
    }
    if market_model::brokerage::hold::looks_like_patient_identifier(reference) {
        return Err(ApiError::invalid(
            "reference",
            "The reference looks like an NHS number or another patient identifier (10 or more \
             digits, or 3, 3 and 4 digits in groups): use the referral reference, never a \
             patient identifier.",
        ));
    }
    Ok(())
}

/// Places a hold for a broker: 201 with the hold, or 409 `no_bed_available` when every vacant bed
/// in the category is already held (or the home is closed to admissions).
pub async fn place(db: &Db, user: &User, new: NewHold) -> Result<Hold, ApiError> {
    if user.role != Role::Broker {
        return Err(ApiError::forbidden("Only brokers place holds on beds."));
    }
    check_reference(&new.reference)?;
    let hours = new.hours.unwrap_or(DEFAULT_HOURS);
    if !(1..=MAX_HOURS).contains(&hours) {
        return Err(ApiError::invalid(
            "hours",
            format!("A hold lasts 1 to {MAX_HOURS} hours."),
        ));
    }
    let home = homes::get(db, &new.home).await.map_err(|e| e.at("home"))?;
    if let Some(id) = new.referral {
        let referral = referrals::get(db, user, id)
            .await
            .map_err(|e| e.at("referral"))?;
        if referral.status != Status::Open {
            return Err(ApiError::new(
                StatusCode::CONFLICT,
                "referral_closed",
                format!("Referral {} is closed: open a new one.", referral.reference),
            )
            .at("referral"));
        }
        if referral.reference != new.reference {
            return Err(ApiError::invalid(
                "reference",
                format!(
                    "A hold for referral {id} carries its reference, '{}'.",
                    referral.reference
                ),
            ));
        }
    }
    let category = new.category.key();

    let mut tx = db.begin_write().await?;
    if db.backend == Backend::Postgres {
        // Holds on one home queue behind each other; other homes are not held up.
        sqlx::query("SELECT id FROM homes WHERE id = $1 FOR UPDATE")
            .bind(&home.id)
            .execute(&mut *tx)
            .await?;
    }
    let latest: Option<String> = sqlx::query(&format!(
        "SELECT r.body FROM capacity_returns r WHERE r.home_id = $1 ORDER BY {} LIMIT 1",
        crate::returns::latest_first("r")
    ))
    .bind(&home.id)
    .fetch_optional(&mut *tx)
    .await?
    .map(|row| row.try_get(0))
    .transpose()?;
    let latest: Option<CapacityReturn> = latest.and_then(|b| serde_json::from_str(&b).ok());
    let vacant = latest.as_ref().map_or(0, |r| r.beds_to_offer(new.category));
    let at = db.now();
    let held: i64 = sqlx::query(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM holds \
         WHERE home_id = $1 AND category = $2 AND outcome IS NULL AND expires_at > $3",
    )
    .bind(&home.id)
    .bind(category)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    if held >= i64::from(vacant) {
        let message = if vacant == 0 {
            format!(
                "'{}' reports no vacant {} bed accepting admissions.",
                home.name,
                new.category.label().to_lowercase()
            )
        } else {
            format!(
                "Every vacant {} bed at '{}' is already held ({held} of {vacant}).",
                new.category.label().to_lowercase(),
                home.name
            )
        };
        return Err(
            ApiError::new(StatusCode::CONFLICT, "no_bed_available", message).at("category"),
        );
    }
    let expires_at = (db.clock.now() + Duration::hours(i64::from(hours)))
        .to_rfc3339_opts(SecondsFormat::Secs, true);
    let id: i64 = sqlx::query(
        "INSERT INTO holds (home_id, category, reference, broker_id, created_at, expires_at, \
         referral_id) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(&home.id)
    .bind(category)
    .bind(&new.reference)
    .bind(user.id)
    .bind(&at)
    .bind(&expires_at)
    .bind(new.referral)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        "hold.place",
        &home.id,
        json!({"hold": id, "category": category, "reference": new.reference,
            "expires_at": expires_at, "referral": new.referral}),
    )
    .await?;
    tx.commit().await?;
    Ok(get(db, id).await?.0)
}

/// One hold, by ID, with the ID of the broker who placed it.
async fn get(db: &Db, id: i64) -> Result<(Hold, i64), ApiError> {
    let row = sqlx::query(&format!("{SELECT} WHERE h.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("There is no hold {id}.")))?;
    Ok((from_row(&row, &db.now())?, row.try_get("broker_id")?))
}

/// The holds `user` may see, newest first: a broker's own, those on a provider's homes, all for
/// an administrator. Commissioners see none (holds carry referral references).
pub async fn visible_to(db: &Db, user: &User) -> Result<Vec<Hold>, ApiError> {
    let rows = match user.role {
        Role::Admin => {
            sqlx::query(&format!("{SELECT} ORDER BY h.id DESC LIMIT 500"))
                .fetch_all(&db.pool)
                .await?
        }
        Role::Broker => {
            sqlx::query(&format!(
                "{SELECT} WHERE h.broker_id = $1 ORDER BY h.id DESC LIMIT 500"
            ))
            .bind(user.id)
            .fetch_all(&db.pool)
            .await?
        }
        Role::Provider => {
            sqlx::query(&format!(
                "{SELECT} JOIN provider_homes p ON p.home_id = h.home_id \
             WHERE p.user_id = $1 ORDER BY h.id DESC LIMIT 500"
            ))
            .bind(user.id)
            .fetch_all(&db.pool)
            .await?
        }
        Role::Commissioner => Vec::new(),
    };
    let at = db.now();
    Ok(rows
        .iter()
        .map(|r| from_row(r, &at))
        .collect::<Result<_, _>>()?)
}

/// Beds held by active holds, per home and category.
pub async fn held_beds(db: &Db) -> Result<Vec<HeldBeds>, ApiError> {
    let rows = sqlx::query(
        "SELECT home_id, category, CAST(COUNT(*) AS BIGINT) AS beds FROM holds \
         WHERE outcome IS NULL AND expires_at > $1 GROUP BY home_id, category ORDER BY home_id, category",
    )
    .bind(db.now())
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(HeldBeds {
                home: r.try_get("home_id")?,
                category: category_from(&r.try_get::<String, _>("category")?),
                beds: u32::try_from(r.try_get::<i64, _>("beds")?).unwrap_or(u32::MAX),
            })
        })
        .collect()
}

/// Active holds that belong to a referral, by referral ID, oldest first.
pub async fn active_by_referral(db: &Db) -> Result<HashMap<i64, Vec<Hold>>, ApiError> {
    let at = db.now();
    let rows = sqlx::query(&format!(
        "{SELECT} WHERE h.referral_id IS NOT NULL AND h.outcome IS NULL AND h.expires_at > $1 \
         ORDER BY h.id"
    ))
    .bind(&at)
    .fetch_all(&db.pool)
    .await?;
    let mut by_referral: HashMap<i64, Vec<Hold>> = HashMap::new();
    for row in &rows {
        let hold = from_row(row, &at)?;
        if let Some(id) = hold.referral {
            by_referral.entry(id).or_default().push(hold);
        }
    }
    Ok(by_referral)
}

/// Records an outcome on an active hold: its broker releases it; the home's provider admits or
/// declines. 409 `hold_closed` when it has expired or already has an outcome.
pub async fn resolve(db: &Db, user: &User, id: i64, outcome: Outcome) -> Result<Hold, ApiError> {
    let (hold, broker_id) = get(db, id).await?;
    let allowed = match outcome {
        Outcome::Released => user.role == Role::Broker && user.id == broker_id,
        Outcome::Admitted | Outcome::Declined => user.reports_for(&hold.home),
    };
    if !allowed {
        return Err(ApiError::forbidden(match outcome {
            Outcome::Released => "Only the broker who placed a hold can release it.",
            _ => "Only the home's own providers can admit or decline a held referral.",
        }));
    }
    let mut tx = db.begin_write().await?;
    let at = db.now();
    let changed = sqlx::query(
        "UPDATE holds SET outcome = $1, resolved_at = $2, resolved_by = $3 \
         WHERE id = $4 AND outcome IS NULL AND expires_at > $2",
    )
    .bind(outcome.as_str())
    .bind(&at)
    .bind(user.id)
    .bind(id)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "hold_closed",
            format!("Hold {id} is {} and cannot change.", hold.status),
        )
        .at("outcome"));
    }
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        &format!("hold.{}", outcome.as_str()),
        &hold.home,
        json!({"hold": id, "reference": hold.reference}),
    )
    .await?;
    // Admitting a referral's hold places the referral there, today.
    if let (Outcome::Admitted, Some(referral)) = (outcome, hold.referral) {
        if let Some(referral) = referrals::find(db, referral)
            .await?
            .filter(|r| r.status == Status::Open)
        {
            let closing = Closing {
                status: Status::Placed,
                on: market_model::primitives::london::date(db.clock.now()),
                home: Some(hold.home.clone()),
                reason: None,
            };
            referrals::store_closing(db, &mut tx, user, &referral, &closing).await?;
        }
    }
    tx.commit().await?;
    Ok(get(db, id).await?.0)
}

#[cfg(test)]
mod tests {
    use super::check_reference;

    #[test]
    fn references_are_plain_and_never_an_nhs_number() {
        for ok in ["NMUH-2026-0412", "ABC", "RF/12/345678901"] {
            assert!(check_reference(ok).is_ok(), "{ok}");
        }
        for bad in [
            "AB",
            "has space",
            "4857773456",
            "REF-943 476 5919",
            &"x".repeat(41),
        ] {
            let e = check_reference(bad).unwrap_err();
            assert_eq!(e.field.as_deref(), Some("reference"), "{bad}");
        }
    }
}
