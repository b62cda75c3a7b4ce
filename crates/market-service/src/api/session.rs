//! Signing in and out, who is signed in, and changing one's own password.

use super::ApiJson;
use crate::auth::{self, ClientAddr, Viewer};
use crate::error::{ApiError, ErrorBody};
use crate::users::{self, User};
use crate::AppState;
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::http::HeaderMap;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use utoipa::ToSchema;

/// A username and password.
#[derive(Deserialize, ToSchema)]
pub struct Credentials {
    /// Username (at most 40 characters).
    #[schema(max_length = 40)]
    pub username: String,
    /// Password (at most 256 characters).
    #[schema(max_length = 256)]
    pub password: String,
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/session", tag = "session",
    responses((status = 200, body = User), (status = 401, body = ErrorBody)))]
pub async fn current(viewer: Viewer) -> Result<Json<User>, ApiError> {
    Ok(Json(viewer.user()?.clone()))
}

/// Signs in: sets an HttpOnly, SameSite=Strict session cookie. A username has 5 attempts and a
/// client address 30 in a window of 15 minutes from the first; past that, 429 until the window
/// ends. A success starts the username's count again. Failures and lockouts are audited.
#[utoipa::path(post, path = "/api/session", tag = "session", request_body = Credentials,
    responses((status = 200, body = User, headers(("set-cookie" = String, description = "The session cookie"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "A username or password too long", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn sign_in(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    ApiJson(c): ApiJson<Credentials>,
) -> Result<Response, ApiError> {
    // Over-long input is refused before it reaches the limit's table or the password hash.
    if c.username.trim().chars().count() > users::MAX_USERNAME {
        return Err(ApiError::invalid(
            "username",
            format!("A username has at most {} characters.", users::MAX_USERNAME),
        ));
    }
    if c.password.chars().count() > users::MAX_PASSWORD {
        return Err(ApiError::invalid(
            "password",
            format!("A password has at most {} characters.", users::MAX_PASSWORD),
        ));
    }
    let username = c.username.trim().to_lowercase();
    let attempt = state
        .sign_in_limit
        .begin(&state.db, &username, address)
        .await?;
    match users::sign_in(
        &state.db,
        &state.passwords,
        &username,
        &c.password,
        state.config.session_hours,
    )
    .await?
    {
        Some((token, user)) => {
            state.sign_in_limit.succeeded(&state.db, &attempt).await?;
            let cookie = auth::session_cookie(
                &token,
                state.config.session_hours,
                auth::over_tls(&state.config, &headers),
            );
            Ok(([(SET_COOKIE, cookie)], Json(user)).into_response())
        }
        None => {
            state.sign_in_limit.failed(&state.db, &attempt).await?;
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "The username or password is not right.",
            )
            .at("password"))
        }
    }
}

/// Signs out: ends the session and clears the cookie.
#[utoipa::path(delete, path = "/api/session", tag = "session",
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn sign_out(
    State(state): State<AppState>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let token = auth::token_from(&headers).ok_or_else(ApiError::not_signed_in)?;
    let hash = auth::token_hash(&token);
    let user = users::by_session(&state.db, &hash)
        .await?
        .ok_or_else(ApiError::not_signed_in)?;
    users::sign_out(&state.db, &hash, &user).await?;
    let cookie = auth::cleared_cookie(auth::over_tls(&state.config, &headers));
    Ok((StatusCode::NO_CONTENT, [(SET_COOKIE, cookie)]).into_response())
}

/// A change of one's own password.
#[derive(Deserialize, ToSchema)]
pub struct PasswordChange {
    /// The password now (at most 256 characters).
    #[schema(max_length = 256)]
    pub current_password: String,
    /// The new one: 12 to 256 characters.
    #[schema(min_length = 12, max_length = 256)]
    pub new_password: String,
}

/// Changes the signed-in user's password, given the current one. Checking it counts against
/// the sign-in limit (a stolen session cannot guess it freely); the user's other sessions end,
/// this one stays. Audited.
#[utoipa::path(put, path = "/api/session/password", tag = "session", request_body = PasswordChange,
    responses((status = 204, description = "Changed"), (status = 400, body = ErrorBody),
        (status = 401, description = "Not signed in, or the current password is wrong", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, description = "The new password breaks the rules", body = ErrorBody),
        (status = 429, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    ClientAddr(address): ClientAddr,
    headers: HeaderMap,
    viewer: Viewer,
    body: Result<ApiJson<PasswordChange>, ApiError>,
) -> Result<StatusCode, ApiError> {
    let user = viewer.user()?;
    let ApiJson(change) = body?;
    if change.current_password.chars().count() > users::MAX_PASSWORD {
        return Err(ApiError::invalid(
            "current_password",
            format!("A password has at most {} characters.", users::MAX_PASSWORD),
        ));
    }
    users::validate_password("new_password", &change.new_password)?;
    let token = auth::token_from(&headers).ok_or_else(ApiError::not_signed_in)?;
    let attempt = state
        .sign_in_limit
        .begin(&state.db, &user.username, address)
        .await?;
    let right =
        users::password_matches(&state.db, &state.passwords, user, &change.current_password)
            .await?;
    if !right {
        state.sign_in_limit.failed(&state.db, &attempt).await?;
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "invalid_credentials",
            "The current password is not right.",
        )
        .at("current_password"));
    }
    state.sign_in_limit.succeeded(&state.db, &attempt).await?;
    users::change_password(
        &state.db,
        &state.passwords,
        user,
        &auth::token_hash(&token),
        &change.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}
