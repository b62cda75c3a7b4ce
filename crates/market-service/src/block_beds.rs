//! Step-down block beds: contracts a borough records for beds it has bought in a block at a home,
//! the weekly report the home's provider makes on their use, and each week's utilisation for
//! commissioners. The arithmetic is `market_model::brokerage::block_beds`; this module stores and
//! guards.

use crate::audit::{self, Actor};
use crate::db::Db;
use crate::error::ApiError;
use crate::homes;
use crate::users::{Role, User};
use market_model::brokerage::block_beds::{
    BlockContract, BlockPurpose, BlockWeek, NewBlockContract, Utilisation,
};
use market_model::primitives::money::Pence;
use market_model::primitives::week::Week;
use market_model::register::footprint::Footprint;
use serde::Serialize;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The most weeks one utilisation request covers.
pub const MAX_WEEKS: u32 = 104;

/// One contract with its utilisation, week by week.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContractUse {
    /// The contract.
    pub contract: BlockContract,
    /// Its utilisation in each week asked for, oldest first.
    pub weeks: Vec<Utilisation>,
}

const SELECT: &str = "SELECT c.id, c.home_id, homes.name AS home_name, c.commissioner, \
    c.purpose, c.beds, c.start_date, c.end_date, c.weekly_price_pence \
    FROM block_contracts c JOIN homes ON homes.id = c.home_id";

fn from_row(row: &AnyRow, user: &User) -> Result<BlockContract, ApiError> {
    let date = |column: &str| -> Result<Option<chrono::NaiveDate>, ApiError> {
        let text: Option<String> = row.try_get(column)?;
        Ok(text.and_then(|t| t.parse().ok()))
    };
    let home: String = row.try_get("home_id")?;
    let commissioner: String = row.try_get("commissioner")?;
    let purpose: String = row.try_get("purpose")?;
    let price = u32::try_from(row.try_get::<i64, _>("weekly_price_pence")?).unwrap_or(0);
    Ok(BlockContract {
        id: row.try_get("id")?,
        home_name: row.try_get("home_name")?,
        purpose: BlockPurpose::from_key(&purpose).unwrap_or(BlockPurpose::DischargeToAssess),
        beds: u32::try_from(row.try_get::<i64, _>("beds")?).unwrap_or(0),
        start: date("start_date")?.unwrap_or_default(),
        end: date("end_date")?,
        weekly_price: (user.sees_prices_paid_by(&commissioner) || user.reports_for(&home))
            .then_some(Pence(price)),
        home,
        commissioner,
    })
}

/// Records a block contract. A borough's commissioners record their own borough's; sub-regional
/// commissioners and administrators name the borough.
pub async fn create(
    db: &Db,
    footprint: &Footprint,
    user: &User,
    new: NewBlockContract,
) -> Result<BlockContract, ApiError> {
    if !matches!(user.role, Role::Commissioner | Role::Admin) {
        return Err(ApiError::forbidden(
            "Only commissioners record block contracts.",
        ));
    }
    let commissioner = match (&user.borough, &new.commissioner) {
        (Some(own), None) => own.clone(),
        (Some(own), Some(named)) if named == own => own.clone(),
        (Some(_), Some(_)) => {
            return Err(ApiError::forbidden(
                "Commissioners record block contracts for their own borough only.",
            ))
        }
        (None, Some(named)) => named.clone(),
        (None, None) => {
            return Err(ApiError::invalid(
                "commissioner",
                "Say which borough commissioned the beds (its GSS code).",
            ))
        }
    };
    if footprint.borough(&commissioner).is_none() {
        return Err(ApiError::invalid(
            "commissioner",
            format!("'{commissioner}' is not one of the footprint's boroughs."),
        ));
    }
    if let Some((field, message)) = new.problem() {
        return Err(ApiError::invalid(field, message));
    }
    let home = homes::get(db, &new.home).await.map_err(|e| e.at("home"))?;
    let mut tx = db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO block_contracts (home_id, commissioner, purpose, beds, start_date, end_date, \
         weekly_price_pence, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&home.id)
    .bind(&commissioner)
    .bind(new.purpose.key())
    .bind(i64::from(new.beds))
    .bind(new.start.to_string())
    .bind(new.end.map(|e| e.to_string()))
    .bind(i64::from(new.weekly_price.0))
    .bind(user.id)
    .bind(db.now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        "block.contract",
        &home.id,
        json!({"contract": id, "commissioner": commissioner, "purpose": new.purpose.key(),
            "beds": new.beds, "start": new.start, "end": new.end,
            "weekly_price": new.weekly_price.0}),
    )
    .await?;
    tx.commit().await?;
    get(db, user, id).await
}

/// One contract as `user` may see it.
async fn get(db: &Db, user: &User, id: i64) -> Result<BlockContract, ApiError> {
    let row = sqlx::query(&format!("{SELECT} WHERE c.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("There is no block contract {id}.")))?;
    from_row(&row, user)
}

/// The contracts `user` may see: every contract for commissioners, brokers and administrators;
/// those at their own homes for providers. A contract's price only to those who may see what its
/// borough pays ([`User::sees_prices_paid_by`]) and to the home's own providers.
pub async fn visible_to(db: &Db, user: &User) -> Result<Vec<BlockContract>, ApiError> {
    let rows = sqlx::query(&format!("{SELECT} ORDER BY c.id"))
        .fetch_all(&db.pool)
        .await?;
    let mut contracts = Vec::new();
    for row in &rows {
        let contract = from_row(row, user)?;
        if user.role != Role::Provider || user.reports_for(&contract.home) {
            contracts.push(contract);
        }
    }
    Ok(contracts)
}

/// Records (or corrects) a home's report on one contract's beds for a week: the home's own
/// providers only, for this week or an earlier one the contract covers.
pub async fn report(
    db: &Db,
    user: &User,
    id: i64,
    week: Week,
    reported: BlockWeek,
) -> Result<Utilisation, ApiError> {
    let contract = get(db, user, id).await?;
    if !user.reports_for(&contract.home) {
        return Err(ApiError::forbidden(
            "Only the home's own providers report on its block beds.",
        ));
    }
    if week > db.clock.this_week() {
        return Err(ApiError::invalid(
            "week",
            "That week has not started: report on this week or an earlier one.",
        ));
    }
    if let Some((field, message)) = contract.problem(week, &reported) {
        return Err(ApiError::invalid(field, message));
    }
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO block_weeks (contract_id, week, occupied_nights, admissions, discharges, \
         reported_by, reported_at) VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (contract_id, week) DO UPDATE SET occupied_nights = excluded.occupied_nights, \
         admissions = excluded.admissions, discharges = excluded.discharges, \
         reported_by = excluded.reported_by, reported_at = excluded.reported_at",
    )
    .bind(id)
    .bind(week.to_string())
    .bind(i64::from(reported.occupied_nights))
    .bind(i64::from(reported.admissions))
    .bind(i64::from(reported.discharges))
    .bind(user.id)
    .bind(db.now())
    .execute(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        &db.now(),
        &Actor::user(user),
        "block.week",
        &contract.home,
        json!({"contract": id, "week": week.to_string(), "occupied_nights": reported.occupied_nights,
            "admissions": reported.admissions, "discharges": reported.discharges}),
    )
    .await?;
    tx.commit().await?;
    Ok(contract.utilisation(week, Some(&reported)))
}

/// The utilisation of the contracts whose prices `user` may see, in the `weeks` weeks ending
/// with `last` (commissioners, their own borough's, and administrators: it shows what was paid
/// for and not used).
pub async fn utilisation(
    db: &Db,
    user: &User,
    last: Week,
    weeks: u32,
) -> Result<Vec<ContractUse>, ApiError> {
    if !matches!(user.role, Role::Commissioner | Role::Admin) {
        return Err(ApiError::forbidden(
            "Block-bed utilisation is for commissioners.",
        ));
    }
    if !(1..=MAX_WEEKS).contains(&weeks) {
        return Err(ApiError::invalid(
            "weeks",
            format!("Ask for 1 to {MAX_WEEKS} weeks."),
        ));
    }
    let first = last.plus_weeks(1 - i64::from(weeks));
    let rows = sqlx::query(
        "SELECT contract_id, week, occupied_nights, admissions, discharges FROM block_weeks \
         WHERE week >= $1 AND week <= $2",
    )
    .bind(first.to_string())
    .bind(last.to_string())
    .fetch_all(&db.pool)
    .await?;
    let mut reported: BTreeMap<(i64, String), BlockWeek> = BTreeMap::new();
    for row in &rows {
        let count = |c: &str| -> Result<u32, ApiError> {
            Ok(u32::try_from(row.try_get::<i64, _>(c)?).unwrap_or(0))
        };
        reported.insert(
            (row.try_get("contract_id")?, row.try_get("week")?),
            BlockWeek {
                occupied_nights: count("occupied_nights")?,
                admissions: count("admissions")?,
                discharges: count("discharges")?,
            },
        );
    }
    let contracts = visible_to(db, user).await?;
    Ok(contracts
        .into_iter()
        .filter(|contract| user.sees_prices_paid_by(&contract.commissioner))
        .map(|contract| {
            let weeks = (0..i64::from(weeks))
                .map(|n| first.plus_weeks(n))
                .map(|w| contract.utilisation(w, reported.get(&(contract.id, w.to_string()))))
                .collect();
            ContractUse { contract, weeks }
        })
        .collect())
}
