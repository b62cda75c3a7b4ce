//! Brokers' holds on vacant beds, and providers' answers to them.

use super::{ApiJson, ApiPath};
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::holds::{self, HeldBeds, Hold, NewHold, OutcomeRequest};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// The holds you may see, newest first: a broker's own, those on a provider's homes, every hold
/// for an administrator.
#[utoipa::path(get, path = "/api/holds", tag = "holds",
    responses((status = 200, body = [Hold]), (status = 401, body = ErrorBody)))]
pub async fn list_holds(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<Hold>>, ApiError> {
    Ok(Json(holds::visible_to(&state.db, viewer.user()?).await?))
}

/// Holds a vacant bed for a referral (brokers only). The bed stops counting as available until
/// the hold expires (4 hours unless `hours` says otherwise), is released, or the provider admits
/// or declines. 409 `no_bed_available` when every vacant bed in the category is held.
#[utoipa::path(post, path = "/api/holds", tag = "holds", request_body = NewHold,
    responses((status = 201, body = Hold), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "No vacant bed left to hold", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn place_hold(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Result<ApiJson<NewHold>, ApiError>,
) -> Result<(StatusCode, Json<Hold>), ApiError> {
    let user = viewer.user()?;
    let ApiJson(new) = body?;
    Ok((
        StatusCode::CREATED,
        Json(holds::place(&state.db, user, new).await?),
    ))
}

/// Beds held by active holds, per home and category (signed-in users): what searches subtract
/// from reported vacancies.
#[utoipa::path(get, path = "/api/holds/held-beds", tag = "holds",
    responses((status = 200, body = [HeldBeds]), (status = 401, body = ErrorBody)))]
pub async fn held_beds(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<HeldBeds>>, ApiError> {
    viewer.user()?;
    Ok(Json(holds::held_beds(&state.db).await?))
}

/// Records what happened to an active hold: `released` by its broker, `admitted` or `declined`
/// by the home's provider. 409 `hold_closed` once it has expired or has an outcome.
#[utoipa::path(post, path = "/api/holds/{id}/outcome", tag = "holds",
    params(("id" = i64, Path, description = "Hold ID")),
    request_body = OutcomeRequest,
    responses((status = 200, body = Hold), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Expired or already resolved", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn hold_outcome(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(id): ApiPath<i64>,
    body: Result<ApiJson<OutcomeRequest>, ApiError>,
) -> Result<Json<Hold>, ApiError> {
    let user = viewer.user()?;
    let ApiJson(request) = body?;
    Ok(Json(
        holds::resolve(&state.db, user, id, request.outcome).await?,
    ))
}
