//! Discharge referrals: the brokers' queue, opening and closing referrals, and the commissioners'
//! figures.

use super::{ApiJson, ApiPath};
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::referrals::{self, Closing, NewReferral, QueueEntry, Referral, ReferralFigures};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;

/// The open referrals as the brokers' queue (brokers, commissioners, administrators; a borough's
/// commissioners see their own borough's): oldest ready date first, each with its active holds
/// and the beds that meet its whole need now.
#[utoipa::path(get, path = "/api/referrals", tag = "referrals",
    responses((status = 200, body = [QueueEntry]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn queue(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<QueueEntry>>, ApiError> {
    Ok(Json(referrals::queue(&state, viewer.user()?).await?))
}

/// Opens a referral (brokers only). No patient identifiers: a reference that looks like an NHS
/// number is refused.
#[utoipa::path(post, path = "/api/referrals", tag = "referrals", request_body = NewReferral,
    responses((status = 201, body = Referral), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn open_referral(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Result<ApiJson<NewReferral>, ApiError>,
) -> Result<(StatusCode, Json<Referral>), ApiError> {
    let user = viewer.user()?;
    let ApiJson(new) = body?;
    Ok((
        StatusCode::CREATED,
        Json(referrals::open(&state, user, new).await?),
    ))
}

/// Closed referrals, most recently closed first (the latest 500), as the queue's readers see them.
#[utoipa::path(get, path = "/api/referrals/closed", tag = "referrals",
    responses((status = 200, body = [Referral]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn closed(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<Referral>>, ApiError> {
    Ok(Json(
        referrals::list(&state.db, viewer.user()?, false).await?,
    ))
}

/// Closes an open referral (brokers): `placed` with the `home` and the day admitted (`on`; the
/// referral's hold there becomes the admission), `other_pathway` with a `reason`, or `withdrawn`.
/// Its other active holds are released. 409 `referral_closed` when it is already closed.
#[utoipa::path(post, path = "/api/referrals/{id}/close", tag = "referrals",
    params(("id" = i64, Path, description = "Referral ID")),
    request_body = Closing,
    responses((status = 200, body = Referral), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody),
        (status = 409, description = "Already closed", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn close_referral(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(id): ApiPath<i64>,
    body: Result<ApiJson<Closing>, ApiError>,
) -> Result<Json<Referral>, ApiError> {
    let user = viewer.user()?;
    let ApiJson(closing) = body?;
    Ok(Json(referrals::close(&state.db, user, id, closing).await?))
}

/// What commissioners read from the referrals they may see (commissioners and administrators):
/// open referrals by need and placing borough, days from ready to placed (median, 90th
/// percentile) by need and month, delayed bed days per week and borough over the last 12 weeks,
/// and for each need the people waiting against the beds that could take them now.
#[utoipa::path(get, path = "/api/analytics/referrals", tag = "referrals",
    responses((status = 200, body = ReferralFigures), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn figures(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<ReferralFigures>, ApiError> {
    Ok(Json(referrals::figures(&state, viewer.user()?).await?))
}
