//! Administration: users and provider links, disabling accounts, resetting passwords and
//! ending sessions, the CQC register import, the audit log.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::audit::{self, Actor, AuditEntry};
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::import::{self, ImportReport};
use crate::users::{self, NewUser, User};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

/// Every user (admins only).
#[utoipa::path(get, path = "/api/users", tag = "admin",
    responses((status = 200, body = [User]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_users(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<User>>, ApiError> {
    viewer.admin()?;
    Ok(Json(users::list(&state.db).await?))
}

/// Creates a user (admins only).
#[utoipa::path(post, path = "/api/users", tag = "admin", request_body = NewUser,
    responses((status = 201, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_user(
    State(state): State<AppState>,
    viewer: Viewer,
    body: Result<ApiJson<NewUser>, ApiError>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    let admin = viewer.admin()?;
    let ApiJson(new) = body?;
    let user = users::create(
        &state.db,
        &state.passwords,
        &new,
        &state.borough_codes(),
        &Actor::user(admin),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(user)))
}

/// Links a provider to a home they report for (admins only).
#[utoipa::path(put, path = "/api/users/{username}/homes/{home_id}", tag = "admin",
    params(("username" = String, Path), ("home_id" = String, Path)),
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn link_home(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath((username, home_id)): ApiPath<(String, String)>,
) -> Result<Json<User>, ApiError> {
    let admin = viewer.admin()?;
    Ok(Json(
        users::link_home(&state.db, &username, &home_id, &Actor::user(admin)).await?,
    ))
}

/// Removes a provider's link to a home (admins only).
#[utoipa::path(delete, path = "/api/users/{username}/homes/{home_id}", tag = "admin",
    params(("username" = String, Path), ("home_id" = String, Path)),
    responses((status = 200, body = User), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
pub async fn unlink_home(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath((username, home_id)): ApiPath<(String, String)>,
) -> Result<Json<User>, ApiError> {
    let admin = viewer.admin()?;
    Ok(Json(
        users::unlink_home(&state.db, &username, &home_id, &Actor::user(admin)).await?,
    ))
}

/// Whether an account is disabled.
#[derive(Deserialize, ToSchema)]
pub struct AccountStatus {
    /// True to disable the account (it cannot sign in and its sessions end), false to enable
    /// it again.
    pub disabled: bool,
}

/// A password an administrator sets.
#[derive(Deserialize, ToSchema)]
pub struct PasswordReset {
    /// The new password: 12 to 256 characters.
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
}

/// How many sessions ended.
#[derive(Serialize, ToSchema)]
pub struct SessionsEnded {
    /// Sessions ended.
    pub sessions_ended: u64,
}

/// Disables or enables an account (admins only; not their own). Disabling ends its sessions.
/// Audited.
#[utoipa::path(put, path = "/api/users/{username}/disabled", tag = "admin",
    params(("username" = String, Path)), request_body = AccountStatus,
    responses((status = 200, body = User), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "Your own account", body = ErrorBody)))]
pub async fn set_disabled(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(username): ApiPath<String>,
    body: Result<ApiJson<AccountStatus>, ApiError>,
) -> Result<Json<User>, ApiError> {
    let admin = viewer.admin()?;
    let ApiJson(status) = body?;
    Ok(Json(
        users::set_disabled(&state.db, &username, status.disabled, &Actor::user(admin)).await?,
    ))
}

/// Sets a user's password (admins only): their sessions end and a lock on their username from
/// failed sign-ins is lifted. Audited.
#[utoipa::path(put, path = "/api/users/{username}/password", tag = "admin",
    params(("username" = String, Path)), request_body = PasswordReset,
    responses((status = 200, body = SessionsEnded), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn reset_password(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(username): ApiPath<String>,
    body: Result<ApiJson<PasswordReset>, ApiError>,
) -> Result<Json<SessionsEnded>, ApiError> {
    let admin = viewer.admin()?;
    let ApiJson(reset) = body?;
    let sessions_ended = users::reset_password(
        &state.db,
        &state.passwords,
        &username,
        &reset.password,
        &Actor::user(admin),
    )
    .await?;
    Ok(Json(SessionsEnded { sessions_ended }))
}

/// Ends every session of a user, signing them out everywhere (admins only). Audited.
#[utoipa::path(delete, path = "/api/users/{username}/sessions", tag = "admin",
    params(("username" = String, Path)),
    responses((status = 200, body = SessionsEnded), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn end_sessions(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(username): ApiPath<String>,
) -> Result<Json<SessionsEnded>, ApiError> {
    let admin = viewer.admin()?;
    let sessions_ended = users::end_sessions(&state.db, &username, &Actor::user(admin)).await?;
    Ok(Json(SessionsEnded { sessions_ended }))
}

/// Imports CQC's active locations register (the CSV as the body, up to 64 MB): care homes in
/// the footprint are added or updated by location ID; homes gone from the register are marked
/// deregistered (a file that would deregister more than half of them needs `confirm=true`). The
/// report lists every rejected row with its line (admins only).
#[utoipa::path(post, path = "/api/imports/cqc", tag = "admin", params(ImportQuery),
    request_body(content = String, content_type = "text/csv"),
    responses((status = 409, description = "Would deregister most homes: send again with confirm=true", body = ErrorBody),
        (status = 413, description = "Over the upload limit", body = ErrorBody),
        (status = 415, description = "Not text/csv", body = ErrorBody),
        (status = 200, body = ImportReport), (status = 400, description = "`confirm` is not true or false", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn import_cqc(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<ImportQuery>,
    request: axum::extract::Request,
) -> Result<Json<ImportReport>, ApiError> {
    let admin = viewer.admin()?;
    let body = super::csv_body(request).await?;
    Ok(Json(
        import::import_register(
            &state.db,
            &state.footprint,
            body,
            q.confirm.unwrap_or(false),
            &Actor::user(admin),
        )
        .await?,
    ))
}

/// Options of the register import.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportQuery {
    /// Go ahead even though the file would deregister more than half the registered homes.
    pub confirm: Option<bool>,
}

/// How many audit entries.
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entries to return, newest first (1–1000, default 100).
    #[param(minimum = 1, maximum = 1000)]
    pub limit: Option<i64>,
}

/// The audit log, newest first (admins only).
#[utoipa::path(get, path = "/api/audit", tag = "admin", params(AuditQuery),
    responses((status = 200, body = [AuditEntry]), (status = 400, description = "`limit` is not a number from 1 to 1000", body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn audit_log(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(q): ApiQuery<AuditQuery>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    viewer.admin()?;
    let limit = q.limit.unwrap_or(100);
    if !(1..=1000).contains(&limit) {
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "invalid_query",
            "limit must be from 1 to 1000.",
        )
        .at("limit"));
    }
    Ok(Json(audit::latest(&state.db, limit).await?))
}
