//! Discharge referrals: brokers open them, search and hold beds for them, and close them as
//! placed, other pathway or withdrawn; a provider admitting a referral's hold places it.
//! A borough's brokers and commissioners see and work that borough's referrals (placed by it),
//! sub-regional ones and administrators every borough's; providers see none (only the holds at
//! their homes).
//! The figures are `market_model::brokerage::referral`'s; every change is audited.

use crate::audit::{self, Actor};
use crate::db::{Db, Write};
use crate::error::ApiError;
use crate::holds::{self, check_reference};
use crate::users::{Role, User};
use crate::{homes, AppState};
use axum::http::StatusCode;
use chrono::{Duration, NaiveDate};
use market_model::analytics::ledger::MAX_WEEKLY_PRICE;
use market_model::brokerage::bed_search::SearchMarket;
use market_model::brokerage::hold::held_map;
use market_model::brokerage::referral::{need_of, referral_figures, search_for, Pathway, Supply};
pub use market_model::brokerage::referral::{
    Closing, NewReferral, QueueEntry, Referral, ReferralFigures, Status,
};
use market_model::primitives::money::Pence;
use market_model::primitives::week::Week;
use market_model::returns::capacity_return::BedCategory;
use serde_json::json;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::BTreeMap;

/// How far ahead a ready-for-discharge date may be (a referral made before the day).
const MAX_DAYS_AHEAD: i64 = 28;
/// How far back a ready-for-discharge date may be.
const MAX_DAYS_BACK: i64 = 365;
/// The weeks of delayed bed days the figures give, ending with this week.
pub const FIGURE_WEEKS: usize = 12;

const SELECT: &str =
    "SELECT r.id, r.reference, r.hospital, r.placing_borough, r.need, r.ready_on, \
    r.ceiling_pence, u.display_name, r.status, r.closed_on, r.home_id, r.reason \
    FROM referrals r JOIN users u ON u.id = r.broker_id";

fn date(text: &str) -> Result<NaiveDate, sqlx::Error> {
    text.parse()
        .map_err(|e| sqlx::Error::Decode(format!("stored date '{text}': {e}").into()))
}

fn from_row(row: &AnyRow) -> Result<Referral, sqlx::Error> {
    let status: String = row.try_get("status")?;
    let closed_on: Option<String> = row.try_get("closed_on")?;
    let reason: Option<String> = row.try_get("reason")?;
    Ok(Referral {
        id: row.try_get("id")?,
        reference: row.try_get("reference")?,
        hospital: row.try_get("hospital")?,
        placing: row.try_get("placing_borough")?,
        need: row.try_get("need")?,
        ready_on: date(&row.try_get::<String, _>("ready_on")?)?,
        ceiling: Pence(u32::try_from(row.try_get::<i64, _>("ceiling_pence")?).unwrap_or(0)),
        broker: row.try_get("display_name")?,
        status: Status::from_key(&status).unwrap_or(Status::Open),
        closed_on: closed_on.as_deref().map(date).transpose()?,
        home: row.try_get("home_id")?,
        reason: reason.as_deref().and_then(Pathway::from_key),
    })
}

/// Who may read referrals: brokers, commissioners and administrators; providers never.
fn check_reader(user: &User) -> Result<(), ApiError> {
    match user.role {
        Role::Provider => Err(ApiError::forbidden(
            "Referrals are for brokers and commissioners; the holds at your homes are on your \
             weekly return page.",
        )),
        _ => Ok(()),
    }
}

/// Whether `user` sees referrals placed by `borough`.
fn sees(user: &User, borough: &str) -> bool {
    user.role != Role::Provider && user.borough.as_deref().is_none_or(|b| b == borough)
}

/// Today in London, by the service's clock.
fn today(db: &Db) -> NaiveDate {
    market_model::primitives::london::date(db.clock.now())
}

/// Opens a referral (brokers only): 201 with it.
pub async fn open(state: &AppState, user: &User, new: NewReferral) -> Result<Referral, ApiError> {
    if user.role != Role::Broker {
        return Err(ApiError::forbidden("Only brokers open referrals."));
    }
    check_reference(&new.reference)?;
    let footprint = &state.footprint;
    if !footprint
        .hospitals
        .iter()
        .any(|h| market_model::brokerage::bed_search::hospital_key(&h.name) == new.hospital)
    {
        return Err(ApiError::invalid(
            "hospital",
            format!(
                "'{}' is not one of the footprint's hospitals.",
                new.hospital
            ),
        ));
    }
    if footprint.borough(&new.placing).is_none() {
        return Err(ApiError::invalid(
            "placing",
            format!(
                "'{}' is not one of the footprint's boroughs (a GSS code).",
                new.placing
            ),
        ));
    }
    if let Some(own) = user.borough.as_deref().filter(|b| *b != new.placing) {
        let name = footprint.borough(own).map_or(own, |b| b.name.as_str());
        return Err(ApiError::forbidden(format!(
            "You broker for {name}: open referrals that {name} places."
        )));
    }
    let today = today(&state.db);
    if new.ready_on > today + Duration::days(MAX_DAYS_AHEAD)
        || new.ready_on < today - Duration::days(MAX_DAYS_BACK)
    {
        return Err(ApiError::invalid(
            "ready_on",
            format!(
                "The day the person is ready for discharge must be within the last \
                 {MAX_DAYS_BACK} days or the next {MAX_DAYS_AHEAD}."
            ),
        ));
    }
    if new.ceiling.0 == 0 || new.ceiling > MAX_WEEKLY_PRICE {
        return Err(ApiError::invalid(
            "ceiling",
            format!(
                "The price ceiling must be a weekly price above £0 and at most £{}.",
                MAX_WEEKLY_PRICE.0 / 100
            ),
        ));
    }
    if new.need.len() > 300 {
        return Err(ApiError::invalid(
            "need",
            "The need is at most 300 characters.",
        ));
    }
    // Kept as the search reads it back: the person's need alone, keys in order.
    let need = need_of(&search_for(
        &new.need,
        &new.hospital,
        &new.placing,
        new.ceiling,
    ));
    let at = state.db.now();
    let mut tx = state.db.begin_write().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO referrals (reference, hospital, placing_borough, need, ready_on, ceiling_pence, \
         broker_id, opened_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(&new.reference)
    .bind(&new.hospital)
    .bind(&new.placing)
    .bind(&need)
    .bind(new.ready_on.to_string())
    .bind(i64::from(new.ceiling.0))
    .bind(user.id)
    .bind(&at)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    audit::record(
        &mut tx,
        &at,
        &Actor::user(user),
        "referral.open",
        &id.to_string(),
        json!({"reference": new.reference, "hospital": new.hospital, "placing": new.placing,
            "need": need, "ready_on": new.ready_on, "ceiling": new.ceiling}),
    )
    .await?;
    tx.commit().await?;
    get(&state.db, user, id).await
}

/// One referral, whoever asks.
pub async fn find(db: &Db, id: i64) -> Result<Option<Referral>, ApiError> {
    let row = sqlx::query(&format!("{SELECT} WHERE r.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|r| from_row(&r)).transpose()?)
}

/// One referral the user may see.
pub async fn get(db: &Db, user: &User, id: i64) -> Result<Referral, ApiError> {
    check_reader(user)?;
    match find(db, id).await? {
        Some(r) if sees(user, &r.placing) => Ok(r),
        _ => Err(ApiError::not_found(format!("There is no referral {id}."))),
    }
}

/// The referrals the user may see that meet `condition`, then `tail` (order, limit): a borough's
/// readers' own borough's alone, chosen in the query so that a limit counts only theirs.
async fn fetch(
    db: &Db,
    user: &User,
    condition: &str,
    tail: &str,
) -> Result<Vec<Referral>, ApiError> {
    check_reader(user)?;
    let rows = match &user.borough {
        Some(borough) => {
            sqlx::query(&format!(
                "{SELECT} WHERE {condition} AND r.placing_borough = $1 {tail}"
            ))
            .bind(borough)
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query(&format!("{SELECT} WHERE {condition} {tail}"))
                .fetch_all(&db.pool)
                .await?
        }
    };
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

/// The referrals the user may see with this status: open ones oldest ready date first, closed
/// ones most recently closed first (the latest 500).
pub async fn list(db: &Db, user: &User, open: bool) -> Result<Vec<Referral>, ApiError> {
    match open {
        true => fetch(db, user, "r.status = 'open'", "ORDER BY r.ready_on, r.id").await,
        false => {
            let tail = "ORDER BY r.closed_on DESC, r.id DESC LIMIT 500";
            fetch(db, user, "r.status <> 'open'", tail).await
        }
    }
}

/// The open referrals as the brokers' queue: each with its active holds and the beds that meet
/// its whole need now.
pub async fn queue(state: &AppState, user: &User) -> Result<Vec<QueueEntry>, ApiError> {
    Ok(queue_and_vacancies(state, user).await?.0)
}

/// The queue, and the beds free to offer in each category, from one reading of the homes' latest
/// returns and of the holds.
async fn queue_and_vacancies(
    state: &AppState,
    user: &User,
) -> Result<(Vec<QueueEntry>, BTreeMap<BedCategory, u32>), ApiError> {
    let open = list(&state.db, user, true).await?;
    let latest = state.latest.get(&state.db).await?;
    let held = held_map(&holds::held_beds(&state.db).await?);
    let market = SearchMarket::new(&latest.homes, &latest.returns, &held);
    let now = state.db.clock.now();
    let mut active = holds::active_by_referral(&state.db).await?;
    let queue = open
        .into_iter()
        .map(|referral| {
            let s = referral.search();
            let start = s.start(&state.footprint, &latest.homes);
            let matching_beds = market
                .search(&s, start.origin, start.usual_rate, now)
                .matches
                .iter()
                .map(|c| c.available)
                .sum();
            QueueEntry {
                holds: active.remove(&referral.id).unwrap_or_default(),
                referral,
                matching_beds,
            }
        })
        .collect();
    let vacant = BedCategory::ALL
        .into_iter()
        .map(|c| (c, market.available(c)))
        .collect();
    Ok((queue, vacant))
}

/// Closes an open referral (brokers): as placed at a home on the day admitted (the referral's
/// active hold there becomes the admission), as another pathway with a reason, or withdrawn. The
/// referral's other active holds are released. 409 `referral_closed` when it is already closed.
pub async fn close(db: &Db, user: &User, id: i64, closing: Closing) -> Result<Referral, ApiError> {
    if user.role != Role::Broker {
        return Err(ApiError::forbidden("Only brokers close referrals."));
    }
    let referral = get(db, user, id).await?;
    if closing.on < referral.ready_on || closing.on > today(db) {
        return Err(ApiError::invalid(
            "on",
            format!(
                "The day it closed must be from the day the person was ready ({}) to today.",
                referral.ready_on
            ),
        ));
    }
    match (closing.status, &closing.home, closing.reason) {
        (Status::Placed, Some(home), None) => {
            homes::get(db, home).await.map_err(|e| e.at("home"))?;
        }
        (Status::Placed, _, _) => {
            return Err(ApiError::invalid(
                "home",
                "A placement names the home (and no other-pathway reason).",
            ))
        }
        (Status::OtherPathway, None, Some(_)) | (Status::Withdrawn, None, None) => {}
        (Status::OtherPathway, _, _) => {
            return Err(ApiError::invalid(
                "reason",
                "Another pathway gives its reason (and no home).",
            ))
        }
        (Status::Withdrawn, _, _) => {
            return Err(ApiError::invalid(
                "status",
                "A withdrawn referral has no home and no reason.",
            ))
        }
        (Status::Open, _, _) => {
            return Err(ApiError::invalid(
                "status",
                "Close a referral as placed, other_pathway or withdrawn.",
            ))
        }
    }
    let mut tx = db.begin_write().await?;
    store_closing(db, &mut tx, user, &referral, &closing).await?;
    tx.commit().await?;
    get(db, user, id).await
}

/// Records `closing` on an open referral inside `tx`, with its holds: the active hold at the
/// placement's home admitted, the others released; audited.
pub async fn store_closing(
    db: &Db,
    tx: &mut Write,
    user: &User,
    referral: &Referral,
    closing: &Closing,
) -> Result<(), ApiError> {
    let at = db.now();
    let changed = sqlx::query(
        "UPDATE referrals SET status = $1, closed_on = $2, home_id = $3, reason = $4, \
         closed_at = $5, closed_by = $6 WHERE id = $7 AND status = 'open'",
    )
    .bind(closing.status.key())
    .bind(closing.on.to_string())
    .bind(closing.home.clone())
    .bind(closing.reason.map(Pathway::key))
    .bind(&at)
    .bind(user.id)
    .bind(referral.id)
    .execute(&mut **tx)
    .await?
    .rows_affected();
    if changed == 0 {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "referral_closed",
            format!("Referral {} is already closed.", referral.reference),
        )
        .at("status"));
    }
    let admitted_at = closing
        .home
        .as_deref()
        .filter(|_| closing.status == Status::Placed);
    sqlx::query(
        "UPDATE holds SET outcome = CASE WHEN home_id = $1 THEN 'admitted' ELSE 'released' END, \
         resolved_at = $2, resolved_by = $3 \
         WHERE referral_id = $4 AND outcome IS NULL AND expires_at > $2",
    )
    .bind(admitted_at.unwrap_or(""))
    .bind(&at)
    .bind(user.id)
    .bind(referral.id)
    .execute(&mut **tx)
    .await?;
    audit::record(
        tx,
        &at,
        &Actor::user(user),
        &format!("referral.{}", closing.status.key()),
        &referral.id.to_string(),
        json!({"reference": referral.reference, "on": closing.on, "home": closing.home,
            "reason": closing.reason}),
    )
    .await?;
    Ok(())
}

/// The commissioners' figures over the referrals the user may see (commissioners and
/// administrators; brokers work case by case).
pub async fn figures(state: &AppState, user: &User) -> Result<ReferralFigures, ApiError> {
    if !matches!(user.role, Role::Commissioner | Role::Admin) {
        return Err(ApiError::forbidden(
            "The referral figures are for commissioners and administrators.",
        ));
    }
    let db = &state.db;
    let mut all = fetch(db, user, "r.status <> 'open'", "").await?;
    let (queue, vacant) = queue_and_vacancies(state, user).await?;
    let matching: BTreeMap<i64, u32> = queue
        .iter()
        .map(|q| (q.referral.id, q.matching_beds))
        .collect();
    all.extend(queue.into_iter().map(|q| q.referral));
    let this_week = db.clock.this_week();
    let weeks: Vec<Week> = (0..FIGURE_WEEKS)
        .rev()
        .map(|i| this_week.plus_weeks(-(i as i64)))
        .collect();
    Ok(referral_figures(
        &all,
        today(db),
        &weeks,
        &Supply {
            matching: &matching,
            vacant: &vacant,
        },
    ))
}
