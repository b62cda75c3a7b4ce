//! The placements ledger: each borough's commissioned placements, imported from the CSV its
//! case-management system exports (columns and rules: `market_model::analytics::ledger`), and the
//! price analysis over it (`market_model::analytics::prices`). Prices paid are commercially
//! sensitive: only commissioners and administrators import or read them.

use crate::audit::{self, Actor};
use crate::db::Db;
use crate::error::ApiError;
use crate::users::{Role, User};
use crate::{homes, returns};
use chrono::NaiveDate;
use market_model::analytics::ledger::{parse_ledger, Funder, Placement, RejectedRow};
use market_model::analytics::prices::{analyse_prices, PriceAnalysis};
use market_model::brokerage::rates::UsualRates;
use market_model::primitives::money::Pence;
use market_model::primitives::week::Week;
use market_model::register::footprint::Footprint;
use market_model::returns::capacity_return::BedCategory;
use market_model::returns::home_status::home_statuses;
use serde::Serialize;
use serde_json::json;
use sqlx::Row;
use std::collections::HashSet;
use utoipa::ToSchema;

/// What a ledger import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct LedgerReport {
    /// The counts below in a sentence, for people.
    pub summary: String,
    /// Data rows in the file.
    pub rows_read: usize,
    /// Placements new to the ledger.
    pub added: usize,
    /// Placements already in the ledger (same borough and placement ID), replaced.
    pub updated: usize,
    /// Rows refused, each with its line and reason; the other rows were imported.
    #[schema(value_type = Vec<Object>)]
    pub rejected: Vec<RejectedRow>,
}

fn may_see_prices(user: &User) -> Result<(), ApiError> {
    match user.role {
        Role::Commissioner | Role::Admin => Ok(()),
        _ => Err(ApiError::forbidden(
            "Prices paid for placements are for commissioners only.",
        )),
    }
}

/// Imports a ledger file: good rows are added or replace the row with the same borough and
/// placement ID, in one audited transaction; bad rows are reported with their line. A borough's
/// commissioners import their own borough's placements only. The file is parsed off the async
/// runtime, within [`crate::import::PARSE_LIMIT`].
pub async fn import(
    db: &Db,
    footprint: &Footprint,
    user: &User,
    csv: String,
) -> Result<LedgerReport, ApiError> {
    may_see_prices(user)?;
    let names = crate::import::borough_names(footprint);
    let known: HashSet<String> = homes::list(db, &Default::default())
        .await?
        .into_iter()
        .map(|h| h.id)
        .collect();
    let parsed = crate::import::parse_off_runtime(move || {
        let names: Vec<(&str, &str)> = names
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str()))
            .collect();
        parse_ledger(&csv, &names, |id| known.contains(id)).map_err(|e| e.to_string())
    })
    .await?;
    let mut rejected = parsed.rejected;
    let rows_read = parsed.placements.len() + rejected.len();
    let mut accepted = Vec::new();
    for (p, line) in parsed.placements.into_iter().zip(parsed.lines) {
        match &user.borough {
            Some(own) if *own != p.placing_borough => {
                let name = |code: &str| {
                    footprint
                        .borough(code)
                        .map_or(code.to_string(), |b| b.name.clone())
                };
                rejected.push(RejectedRow {
                    line,
                    placement_id: Some(p.id.clone()),
                    reason: format!(
                        "\"placing_borough\" is {}: {}'s commissioners import {}'s placements only",
                        name(&p.placing_borough),
                        name(own),
                        name(own)
                    ),
                });
            }
            _ => accepted.push(p),
        }
    }
    rejected.sort_by_key(|r| r.line);

    let mut tx = db.begin_write().await?;
    let added = store(&mut tx, &accepted, Some(user.id), &db.now()).await?;
    let updated = accepted.len() - added;
    let summary = format!(
        "{rows_read} rows read: {added} placements added, {updated} updated, {} rejected.",
        rejected.len()
    );
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        "ledger.import",
        user.borough.as_deref().unwrap_or("footprint"),
        json!({"rows_read": rows_read, "added": added, "updated": updated, "rejected": rejected.len()}),
    )
    .await?;
    tx.commit().await?;
    Ok(LedgerReport {
        summary,
        rows_read,
        added,
        updated,
        rejected,
    })
}

/// Adds `placements` to the ledger, each replacing the row with the same borough and placement
/// ID, imported by user `by` (none for the shipped sample) at `at`; the number that were new,
/// counted from the statements themselves (so another import at the same time cannot skew it).
pub async fn store(
    tx: &mut crate::db::Write,
    placements: &[Placement],
    by: Option<i64>,
    at: &str,
) -> Result<usize, ApiError> {
    let mut added = 0;
    for p in placements {
        // The same values for both statements: ($1, $2) the key, then the rest.
        let bind = |sql| {
            sqlx::query(sql)
                .bind(&p.placing_borough)
                .bind(&p.id)
                .bind(&p.home_id)
                .bind(p.category.key())
                .bind(p.funder.key())
                .bind(i64::from(p.weekly_price.0))
                .bind(p.start_date.to_string())
                .bind(p.end_date.map(|d| d.to_string()))
                .bind(by)
                .bind(at)
        };
        let inserted = bind(
            "INSERT INTO placements (placing_borough, placement_id, home_id, category, funder, \
             weekly_price_pence, start_date, end_date, imported_by, imported_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) \
             ON CONFLICT (placing_borough, placement_id) DO NOTHING RETURNING placement_id",
        )
        .fetch_optional(&mut **tx)
        .await?;
        if inserted.is_some() {
            added += 1;
            continue;
        }
        bind(
            "UPDATE placements SET home_id = $3, category = $4, funder = $5, \
             weekly_price_pence = $6, start_date = $7, end_date = $8, imported_by = $9, \
             imported_at = $10 WHERE placing_borough = $1 AND placement_id = $2",
        )
        .execute(&mut **tx)
        .await?;
    }
    Ok(added)
}

/// The placements `user` may see row by row, by borough and placement ID: a borough's
/// commissioners their own borough's, sub-regional commissioners and administrators every
/// borough's.
pub async fn list(db: &Db, user: &User) -> Result<Vec<Placement>, ApiError> {
    let mut placements = every_placement(db, user).await?;
    placements.retain(|p| user.sees_prices_paid_by(&p.placing_borough));
    Ok(placements)
}

/// Every borough's placements, for the price analysis, which publishes them only as aggregates
/// (commissioners and administrators).
async fn every_placement(db: &Db, user: &User) -> Result<Vec<Placement>, ApiError> {
    may_see_prices(user)?;
    let rows = sqlx::query(
        "SELECT placing_borough, placement_id, home_id, category, funder, weekly_price_pence, \
         start_date, end_date FROM placements ORDER BY placing_borough, placement_id",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut placements = Vec::with_capacity(rows.len());
    for row in &rows {
        let date = |column: &str| -> Result<Option<NaiveDate>, ApiError> {
            let text: Option<String> = row.try_get(column)?;
            Ok(text.and_then(|t| t.parse().ok()))
        };
        let (Some(category), Some(funder), Some(start_date)) = (
            BedCategory::from_key(&row.try_get::<String, _>("category")?),
            Funder::ALL
                .into_iter()
                .find(|f| f.key() == row.try_get::<String, _>("funder").unwrap_or_default()),
            date("start_date")?,
        ) else {
            continue;
        };
        placements.push(Placement {
            id: row.try_get("placement_id")?,
            home_id: row.try_get("home_id")?,
            placing_borough: row.try_get("placing_borough")?,
            category,
            funder,
            weekly_price: Pence(
                u32::try_from(row.try_get::<i64, _>("weekly_price_pence")?).unwrap_or(0),
            ),
            start_date,
            end_date: date("end_date")?,
        });
    }
    Ok(placements)
}

/// The price analysis of placements active `on`, comparisons and shared homes limited to
/// `funder` when given, against the usual rates in `rates`.
pub async fn analyse(
    db: &Db,
    footprint: &Footprint,
    user: &User,
    on: NaiveDate,
    funder: Option<Funder>,
    rates: &UsualRates,
) -> Result<PriceAnalysis, ApiError> {
    let placements = every_placement(db, user).await?;
    let homes = homes::list(db, &Default::default()).await?;
    let latest: Vec<_> = returns::latest_by_home(db)
        .await?
        .into_iter()
        .map(|s| s.capacity_return)
        .collect();
    let statuses = home_statuses(&homes, &latest, Week::containing(on));
    let boroughs: Vec<&str> = footprint
        .boroughs
        .iter()
        .map(|b| b.gss_code.as_str())
        .collect();
    let analysis = analyse_prices(&placements, &homes, &statuses, &boroughs, on, funder, rates);
    // A borough's commissioners see other boroughs' prices only as aggregates.
    Ok(match user.borough.as_deref() {
        Some(own) => analysis.within_remit(own, &placements, &homes),
        None => analysis,
    })
}
