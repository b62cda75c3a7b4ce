//! Health, the data manifest, the footprint and the market summary.

use super::ApiQuery;
use crate::error::{ApiError, ErrorBody};
use crate::seed::{document, DataNotice};
use crate::{homes, returns, AppState};
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use market_model::analytics::market::{summarise_market, MarketSummary};
use market_model::primitives::week::Week;
use market_model::register::footprint::DataManifest;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// The service is up and its database answers.
#[derive(Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// "ok".
    pub status: String,
    /// "sqlite" or "postgres".
    pub database: String,
    /// The newest migration applied.
    pub schema_version: i64,
}

/// Whether the service is ready.
#[utoipa::path(get, path = "/api/health", tag = "reference",
    responses((status = 200, body = Health), (status = 503, body = ErrorBody)))]
pub async fn health(State(state): State<AppState>) -> Result<Json<Health>, ApiError> {
    Ok(Json(Health {
        status: "ok".into(),
        database: state.db.backend.name().into(),
        schema_version: state.db.schema_version().await?,
    }))
}

/// What the data is (sample or live), its sources, and the weeks with returns.
#[utoipa::path(get, path = "/api/manifest", tag = "reference",
    responses((status = 200, body = DataManifest)))]
pub async fn manifest(State(state): State<AppState>) -> Result<Json<DataManifest>, ApiError> {
    Ok(Json(data_manifest(&state).await?))
}

/// The manifest from the stored notice and the weeks with returns.
pub async fn data_manifest(state: &AppState) -> Result<DataManifest, ApiError> {
    let text = document(&state.db, "notice").await?.unwrap_or_default();
    let notice: DataNotice = serde_json::from_str(&text).unwrap_or(DataNotice {
        sample: false,
        notice: String::new(),
        attribution: vec![],
    });
    Ok(DataManifest {
        sample: notice.sample,
        notice: notice.notice,
        weeks: returns::weeks(&state.db).await?,
        attribution: notice.attribution,
    })
}

/// The five boroughs (boundaries, older population) and the acute hospitals, as GeoJSON-like
/// JSON (the app's `footprint.json`).
#[utoipa::path(get, path = "/api/footprint", tag = "reference",
    responses((status = 200, description = "The footprint", content_type = "application/json")))]
pub async fn footprint(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let text = document(&state.db, "footprint").await?.unwrap_or_default();
    Ok(([(CONTENT_TYPE, "application/json")], text))
}

/// Projected population aged 65+ and 85+ per borough and year (ONS 2016-based subnational
/// projections), for the supply-gap projection (the app's `projections.json`).
#[utoipa::path(get, path = "/api/projections", tag = "reference",
    responses((status = 200, description = "The population projection", content_type = "application/json")))]
pub async fn projections(State(state): State<AppState>) -> Result<impl IntoResponse, ApiError> {
    let text = document(&state.db, "projections")
        .await?
        .unwrap_or_default();
    Ok(([(CONTENT_TYPE, "application/json")], text))
}

/// Which week.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct WeekQuery {
    /// The week commencing (a Monday); default the latest week with returns.
    #[param(value_type = Option<Week>)]
    pub week: Option<String>,
}

/// Homes, beds, occupancy, vacancies and fee quartiles per borough and for the footprint in one
/// week: aggregates only, public.
#[utoipa::path(get, path = "/api/market", tag = "reference", params(WeekQuery),
    responses((status = 200, body = MarketSummary), (status = 400, body = ErrorBody),
        (status = 404, description = "The date is not a Monday, or no returns yet", body = ErrorBody)))]
pub async fn market(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<WeekQuery>,
) -> Result<Json<MarketSummary>, ApiError> {
    let week = match q.week {
        Some(w) => super::homes::parse_week("week", &w, "invalid_query")?,
        None => returns::weeks(&state.db)
            .await?
            .last()
            .copied()
            .ok_or_else(|| ApiError::not_found("No returns have been made yet.").at("week"))?,
    };
    let homes = homes::list(&state.db, &Default::default()).await?;
    let week_returns: Vec<_> = returns::for_week(&state.db, week, true)
        .await?
        .into_iter()
        .map(|r| r.capacity_return)
        .collect();
    Ok(Json(summarise_market(
        &state.footprint,
        &homes,
        &week_returns,
        week,
    )))
}
