//! Step-down block beds: contracts, the homes' weekly reports, and utilisation for commissioners.

use super::homes::{parse_week, path_week};
use super::{ApiJson, ApiPath, ApiQuery};
use crate::auth::Viewer;
use crate::block_beds::{self, ContractUse};
use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use market_model::brokerage::block_beds::{
    BlockContract, BlockWeek, NewBlockContract, Utilisation,
};
use market_model::primitives::week::Week;
use serde::Deserialize;
use utoipa::IntoParams;

/// The block contracts you may see: all of them for commissioners, brokers and administrators,
/// those at your homes for providers. Prices only where you may see the home's fees.
#[utoipa::path(get, path = "/api/block-contracts", tag = "block beds",
    responses((status = 200, body = [BlockContract]), (status = 401, body = ErrorBody)))]
pub async fn list_contracts(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<BlockContract>>, ApiError> {
    Ok(Json(
        block_beds::visible_to(&state.db, viewer.user()?).await?,
    ))
}

/// Records a block contract (commissioners: their own borough's; sub-regional commissioners and
/// administrators name the borough in `commissioner`).
#[utoipa::path(post, path = "/api/block-contracts", tag = "block beds",
    request_body = NewBlockContract,
    responses((status = 201, body = BlockContract), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn create_contract(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Result<ApiJson<NewBlockContract>, ApiError>,
) -> Result<(StatusCode, Json<BlockContract>), ApiError> {
    let user = viewer.user()?;
    let ApiJson(new) = body?;
    Ok((
        StatusCode::CREATED,
        Json(block_beds::create(&state.db, &state.footprint, user, new).await?),
    ))
}

/// The home's report on a contract's beds for a week (the home's own providers): occupied bed
/// nights, admissions and discharges. A second report for the same week replaces the first.
#[utoipa::path(put, path = "/api/block-contracts/{id}/weeks/{week}", tag = "block beds",
    params(("id" = i64, Path, description = "Contract ID"),
        ("week" = Week, Path, description = "Week commencing, a Monday")),
    request_body = BlockWeek,
    responses((status = 200, body = Utilisation), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn report_week(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath((id, week)): ApiPath<(i64, String)>,
    body: Result<ApiJson<BlockWeek>, ApiError>,
) -> Result<Json<Utilisation>, ApiError> {
    let user = viewer.user()?;
    let week = path_week(&week)?;
    let ApiJson(reported) = body?;
    Ok(Json(
        block_beds::report(&state.db, user, id, week, reported).await?,
    ))
}

/// Which weeks to show.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UtilisationQuery {
    /// The last week, a Monday (default: this week).
    #[param(value_type = Option<Week>)]
    pub to: Option<String>,
    /// How many weeks, ending with `to` (default 12, at most 104).
    #[param(minimum = 1, maximum = 104)]
    pub weeks: Option<u32>,
}

/// Each contract's utilisation week by week: bed nights paid for, used and empty, admissions,
/// discharges, and what the empty nights cost. Weeks a home has not reported show no figures
/// rather than empty beds. Commissioners and administrators only.
#[utoipa::path(get, path = "/api/block-contracts/utilisation", tag = "block beds",
    params(UtilisationQuery),
    responses((status = 200, body = [ContractUse]), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "`to` is not a Monday", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn utilisation(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<UtilisationQuery>,
) -> Result<Json<Vec<ContractUse>>, ApiError> {
    let user = viewer.user()?;
    let last = match query.to {
        Some(to) => parse_week("to", &to, "invalid_query")?,
        None => state.db.clock.this_week(),
    };
    Ok(Json(
        block_beds::utilisation(&state.db, user, last, query.weeks.unwrap_or(12)).await?,
    ))
}
