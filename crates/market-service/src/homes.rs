//! Care homes in the database.

use crate::db::Db;
use crate::db::Write;
use crate::error::ApiError;
use market_model::primitives::geometry::Point;
use market_model::register::home::{CareHome, CareType, CqcRating, Specialism};
use serde::Deserialize;
use sqlx::any::AnyRow;
use sqlx::Row;
use utoipa::IntoParams;

/// Filters for the homes list.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HomeFilter {
    /// Only homes in this borough (GSS code).
    pub borough: Option<String>,
    /// Only nursing or only residential homes.
    pub care_type: Option<CareType>,
    /// Include homes that have left the CQC register (default false).
    #[serde(default)]
    pub include_deregistered: bool,
}

const COLUMNS: &str =
    "id, cqc_location_id, name, provider, address, postcode, borough, longitude, \
     latitude, location_approximate, registered_beds, care_type, specialisms, rating, rating_date, \
     deregistered_on";

/// A stored enum value (its serde name) back into the enum.
fn from_name<T: for<'de> Deserialize<'de>>(name: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(name.to_string())).ok()
}

/// An enum's serde name.
pub(crate) fn name_of<T: serde::Serialize>(value: &T) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

fn date(row: &AnyRow, column: &str) -> Result<Option<chrono::NaiveDate>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

fn from_row(row: &AnyRow) -> Result<CareHome, sqlx::Error> {
    let care_type: String = row.try_get("care_type")?;
    let specialisms: String = row.try_get("specialisms")?;
    let rating: Option<String> = row.try_get("rating")?;
    let beds: i64 = row.try_get("registered_beds")?;
    let approximate: i64 = row.try_get("location_approximate")?;
    Ok(CareHome {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        provider: row.try_get("provider")?,
        address: row.try_get("address")?,
        postcode: row.try_get("postcode")?,
        borough: row.try_get("borough")?,
        location: Point {
            lon: row.try_get("longitude")?,
            lat: row.try_get("latitude")?,
        },
        registered_beds: u32::try_from(beds).unwrap_or(0),
        care_type: from_name(&care_type).unwrap_or(CareType::Residential),
        specialisms: specialisms
            .split(',')
            .filter_map(from_name::<Specialism>)
            .collect(),
        rating: rating.as_deref().and_then(from_name::<CqcRating>),
        rating_date: date(row, "rating_date")?,
        cqc_location_id: row.try_get("cqc_location_id")?,
        location_approximate: approximate != 0,
        deregistered_on: date(row, "deregistered_on")?,
    })
}

/// Homes matching the filter, by name.
pub async fn list(db: &Db, filter: &HomeFilter) -> Result<Vec<CareHome>, ApiError> {
    select(&db.pool, filter).await
}

/// [`list`], read inside the write transaction `tx`, so that what is written back was read in
/// the same transaction.
pub async fn list_for_write(
    tx: &mut Write,
    filter: &HomeFilter,
) -> Result<Vec<CareHome>, ApiError> {
    select(&mut **tx, filter).await
}

async fn select<'e, E>(executor: E, filter: &HomeFilter) -> Result<Vec<CareHome>, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let rows = sqlx::query(&format!(
        "SELECT {COLUMNS} FROM homes \
         WHERE ($1 IS NULL OR borough = $1) AND ($2 IS NULL OR care_type = $2) \
           AND ($3 = 1 OR deregistered_on IS NULL) \
         ORDER BY id"
    ))
    .bind(filter.borough.clone())
    .bind(filter.care_type.as_ref().map(name_of))
    .bind(i64::from(filter.include_deregistered))
    .fetch_all(executor)
    .await?;
    Ok(rows.iter().map(from_row).collect::<Result<_, _>>()?)
}

pub async fn get(db: &Db, id: &str) -> Result<CareHome, ApiError> {
    fetch_one(&db.pool, id).await
}

/// [`get`], read inside the write transaction `tx`.
pub async fn get_for_write(tx: &mut Write, id: &str) -> Result<CareHome, ApiError> {
    fetch_one(&mut **tx, id).await
}

async fn fetch_one<'e, E>(executor: E, id: &str) -> Result<CareHome, ApiError>
where
    E: sqlx::Executor<'e, Database = sqlx::Any>,
{
    let row = sqlx::query(&format!("SELECT {COLUMNS} FROM homes WHERE id = $1"))
        .bind(id)
        .fetch_optional(executor)
        .await?;
    match row {
        Some(row) => Ok(from_row(&row)?),
        None => Err(ApiError::not_found(format!("No home with ID '{id}'.")).at("id")),
    }
}

/// Inserts a home, or replaces every field of the home with the same ID; `at` stamps the change.
pub async fn upsert(tx: &mut Write, home: &CareHome, at: &str) -> Result<(), sqlx::Error> {
    let specialisms: Vec<String> = home.specialisms.iter().map(name_of).collect();
    sqlx::query(&format!(
        "INSERT INTO homes ({COLUMNS}, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) \
         ON CONFLICT (id) DO UPDATE SET cqc_location_id = $2, name = $3, provider = $4, \
           address = $5, postcode = $6, borough = $7, longitude = $8, latitude = $9, \
           location_approximate = $10, registered_beds = $11, care_type = $12, specialisms = $13, \
           rating = $14, rating_date = $15, deregistered_on = $16, updated_at = $17"
    ))
    .bind(&home.id)
    .bind(home.cqc_location_id.clone())
    .bind(&home.name)
    .bind(&home.provider)
    .bind(&home.address)
    .bind(&home.postcode)
    .bind(&home.borough)
    .bind(home.location.lon)
    .bind(home.location.lat)
    .bind(i64::from(home.location_approximate))
    .bind(i64::from(home.registered_beds))
    .bind(name_of(&home.care_type))
    .bind(specialisms.join(","))
    .bind(home.rating.as_ref().map(name_of))
    .bind(home.rating_date.map(|d| d.to_string()))
    .bind(home.deregistered_on.map(|d| d.to_string()))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
