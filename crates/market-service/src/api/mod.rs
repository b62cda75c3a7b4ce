//! The JSON API under `/api`: each handler documents itself for the OpenAPI document, and the
//! router is built from the same list, so the document cannot leave a route out.

mod admin;
mod block_beds;
mod holds;
mod homes;
mod placements;
mod reference;
mod referrals;
mod search;
mod session;

pub use reference::data_manifest as reference_manifest;

use crate::error::{ApiError, ErrorBody};
use crate::AppState;
use axum::extract::{FromRequest, FromRequestParts};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// A JSON body; a body that does not parse is a 400 naming the field.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(ApiError))]
pub struct ApiJson<T>(pub T);

/// Path parameters, with errors as JSON.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Query parameters, with errors as JSON naming the parameter.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// The largest CSV upload (the CQC register, a placements ledger): 64 MB. Every other request
/// body is held to [`crate::web::JSON_LIMIT`].
pub const CSV_LIMIT: usize = 64 * 1024 * 1024;

/// Reads a CSV upload, after the handler has checked who may send it (so no body is read for
/// anyone else): `text/csv` only (415 otherwise, which also keeps a cross-site form from sending
/// one without a preflight), at most [`CSV_LIMIT`] (413), arriving without long pauses (408),
/// UTF-8 (422).
pub async fn csv_body(request: axum::extract::Request) -> Result<String, ApiError> {
    let said = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let media_type = said.split(';').next().unwrap_or("").trim();
    if !media_type.eq_ignore_ascii_case("text/csv") {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            format!("Send the file as text/csv (this request said '{said}')."),
        )
        .at("content-type"));
    }
    let bytes = axum::body::to_bytes(request.into_body(), CSV_LIMIT)
        .await
        .map_err(|e| {
            if !ApiError::is_length_limit(&e) {
                return ApiError::body_timeout();
            }
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "too_large",
                format!(
                    "The file is larger than {} MB, the most one upload may be.",
                    CSV_LIMIT / 1024 / 1024
                ),
            )
        })?;
    String::from_utf8(bytes.into()).map_err(|_| {
        ApiError::invalid_file(
            "The file is not UTF-8 text: save it as \"CSV UTF-8\" and try again.",
        )
    })
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Care Market data service",
        description = "Care-home capacity, returns and market figures for North Central London. \
            Sign in with POST /api/session; the session cookie authenticates the rest. Errors are \
            JSON: {\"error\": {\"code\", \"message\", \"field\"}}."
    ),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

/// The API's routes and their OpenAPI document.
pub fn router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    let (router, doc) = OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(reference::health))
        .routes(routes!(reference::manifest))
        .routes(routes!(reference::footprint))
        .routes(routes!(reference::projections))
        .routes(routes!(reference::market))
        .routes(routes!(homes::list_homes))
        .routes(routes!(homes::get_home))
        .routes(routes!(homes::set_location))
        .routes(routes!(homes::home_returns, homes::submit_return))
        .routes(routes!(homes::home_capacity))
        .routes(routes!(homes::week_returns))
        .routes(routes!(homes::week_latest))
        .routes(routes!(homes::week_compliance))
        .routes(routes!(
            session::current,
            session::sign_in,
            session::sign_out
        ))
        .routes(routes!(session::change_password))
        .routes(routes!(admin::list_users, admin::create_user))
        .routes(routes!(admin::set_disabled))
        .routes(routes!(admin::reset_password))
        .routes(routes!(admin::end_sessions))
        .routes(routes!(admin::link_home, admin::unlink_home))
        .routes(routes!(admin::import_cqc))
        .routes(routes!(admin::audit_log))
        .routes(routes!(holds::list_holds, holds::place_hold))
        .routes(routes!(holds::held_beds))
        .routes(routes!(holds::hold_outcome))
        .routes(routes!(search::search))
        .routes(routes!(
            block_beds::list_contracts,
            block_beds::create_contract
        ))
        .routes(routes!(block_beds::report_week))
        .routes(routes!(block_beds::utilisation))
        .routes(routes!(
            placements::list_placements,
            placements::import_ledger
        ))
        .routes(routes!(placements::price_analysis))
        .routes(routes!(placements::export_ledger))
        .routes(routes!(referrals::queue, referrals::open_referral))
        .routes(routes!(referrals::closed))
        .routes(routes!(referrals::close_referral))
        .routes(routes!(referrals::figures))
        .split_for_parts();
    let json = doc.clone();
    let router = router
        .route("/api/openapi.json", get(move || async move { Json(json) }))
        .route("/api", get(not_found))
        .route("/api/{*rest}", axum::routing::any(not_found))
        .method_not_allowed_fallback(method_not_allowed);
    (router, doc)
}

async fn method_not_allowed() -> ApiError {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        "This endpoint does not take that method; see /api/openapi.json.",
    )
}

async fn not_found() -> ApiError {
    ApiError::new(
        StatusCode::NOT_FOUND,
        "not_found",
        "There is no such API endpoint; see /api/openapi.json.",
    )
}
