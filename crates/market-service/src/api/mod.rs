//! The JSON API under `/api`: each handler documents itself for the OpenAPI document, and the
//! router is built from the same list, so the document cannot leave a route out.

mod admin;
mod block_beds;
mod holds;
mod homes;
mod placements;
mod reference;
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
        .routes(routes!(homes::week_compliance))
        .routes(routes!(
            session::current,
            session::sign_in,
            session::sign_out
        ))
        .routes(routes!(admin::list_users, admin::create_user))
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
