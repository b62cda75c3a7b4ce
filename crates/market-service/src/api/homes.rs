//! Homes, their returns, and returns by week.

use super::{ApiJson, ApiPath, ApiQuery};
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::homes::{self, HomeFilter};
use crate::returns::{self, redact, StoredReturn};
use crate::AppState;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use market_model::primitives::week::{Week, WeekError};
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::Submission;
use market_model::returns::capacity_return::{AdmissionsContact, CapacityReturn};
use market_model::returns::compliance::{week_statuses, ReturnStatus};
use serde::Serialize;
use utoipa::ToSchema;

/// Homes on the register (public CQC facts), filtered.
#[utoipa::path(get, path = "/api/homes", tag = "homes", params(HomeFilter),
    responses((status = 200, body = [CareHome]), (status = 400, body = ErrorBody)))]
pub async fn list_homes(
    State(state): State<AppState>,
    ApiQuery(filter): ApiQuery<HomeFilter>,
) -> Result<Json<Vec<CareHome>>, ApiError> {
    Ok(Json(homes::list(&state.db, &filter).await?))
}

/// One home.
#[utoipa::path(get, path = "/api/homes/{id}", tag = "homes",
    params(("id" = String, Path, description = "Home ID")),
    responses((status = 200, body = CareHome), (status = 404, body = ErrorBody)))]
pub async fn get_home(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<CareHome>, ApiError> {
    Ok(Json(homes::get(&state.db, &id).await?))
}

/// Every version of every return the home has made, newest first (fees only for readers
/// entitled to them).
#[utoipa::path(get, path = "/api/homes/{id}/returns", tag = "returns",
    params(("id" = String, Path, description = "Home ID")),
    responses((status = 200, body = [StoredReturn]), (status = 404, body = ErrorBody)))]
pub async fn home_returns(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<Vec<StoredReturn>>, ApiError> {
    let home = homes::get(&state.db, &id).await?;
    let history = returns::history(&state.db, &id).await?;
    Ok(Json(
        history
            .into_iter()
            .map(|r| redact(r, viewer.0.as_ref(), Some(&home.borough)))
            .collect(),
    ))
}

/// The home's latest capacity: the newest version of its most recent week's return.
#[utoipa::path(get, path = "/api/homes/{id}/capacity", tag = "returns",
    params(("id" = String, Path, description = "Home ID")),
    responses((status = 200, body = StoredReturn), (status = 404, body = ErrorBody)))]
pub async fn home_capacity(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(id): ApiPath<String>,
) -> Result<Json<StoredReturn>, ApiError> {
    let home = homes::get(&state.db, &id).await?;
    let latest = returns::history(&state.db, &id)
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| {
            ApiError::not_found(format!("'{}' has not made a return yet.", home.name))
        })?;
    Ok(Json(redact(latest, viewer.0.as_ref(), Some(&home.borough))))
}

/// Submits or amends the home's return for a week: only a provider linked to the home. Send the
/// version you amend as `base_version`; a retry with the same `submission_id` stores nothing new
/// and answers 200 with what was stored.
#[utoipa::path(post, path = "/api/homes/{id}/returns", tag = "returns",
    params(("id" = String, Path, description = "Home ID")),
    request_body = Submission,
    responses(
        (status = 201, description = "Stored as a new version", body = StoredReturn),
        (status = 200, description = "Already stored under this submission ID", body = StoredReturn),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Another version arrived first", body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn submit_return(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<Submission>, ApiError>,
) -> Result<(StatusCode, Json<StoredReturn>), ApiError> {
    // Who is asking comes before what they sent: anonymous callers get 401 whatever the body.
    let user = viewer.user()?;
    let ApiJson(submission) = body?;
    let home = homes::get(&state.db, &id).await?;
    if !user.reports_for(&home.id) {
        return Err(ApiError::forbidden(format!(
            "You do not report for '{}'; only its linked providers can submit its returns.",
            home.name
        )));
    }
    let (stored, created) = returns::submit(&state.db, &home, submission, user).await?;
    let status = if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(stored)))
}

/// Where a home is, in WGS84 degrees.
#[derive(serde::Deserialize, ToSchema)]
pub struct NewLocation {
    /// Longitude, east positive.
    pub lon: f64,
    /// Latitude.
    pub lat: f64,
}

/// Sets a home's exact location (admins only): it must lie in the home's borough. Clears the
/// "approximate location" flag of a home placed at its borough's centre by the CQC import.
#[utoipa::path(put, path = "/api/homes/{id}/location", tag = "homes",
    params(("id" = String, Path, description = "Home ID")),
    request_body = NewLocation,
    responses((status = 200, body = CareHome), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 415, description = "The body is not JSON", body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn set_location(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(id): ApiPath<String>,
    body: Result<ApiJson<NewLocation>, ApiError>,
) -> Result<Json<CareHome>, ApiError> {
    let admin = viewer.admin()?;
    let ApiJson(at) = body?;
    // Read inside the transaction that writes it back, so a change made meanwhile is not undone.
    let mut tx = state.db.begin_write().await?;
    let home = homes::get_for_write(&mut tx, &id).await?;
    let point = market_model::primitives::geometry::Point {
        lon: at.lon,
        lat: at.lat,
    };
    let inside = state
        .footprint
        .borough_containing(point)
        .map(|b| b.gss_code.as_str());
    if inside != Some(home.borough.as_str()) {
        let borough = state
            .footprint
            .borough(&home.borough)
            .map_or(home.borough.as_str(), |b| b.name.as_str());
        return Err(ApiError::invalid(
            "lon",
            format!("({}, {}) is not in {borough}, where '{}' is registered; check the longitude and latitude.", at.lon, at.lat, home.name),
        ));
    }
    let moved = CareHome {
        location: point,
        location_approximate: false,
        ..home
    };
    homes::upsert(&mut tx, &moved, &state.db.now()).await?;
    crate::audit::record(
        &mut tx,
        &state.db.now(),
        &crate::audit::Actor::user(admin),
        "home.set_location",
        &moved.id,
        serde_json::json!({ "lon": at.lon, "lat": at.lat }),
    )
    .await?;
    tx.commit().await?;
    Ok(Json(moved))
}

/// A week named in a path or a query (`field`): a date that is not one (or not written
/// `2026-11-16`) is 400 `invalid_path`/`invalid_query`; a real date that is not a Monday names
/// no week, so 404 `no_such_week`.
pub(super) fn parse_week(field: &str, text: &str, code: &'static str) -> Result<Week, ApiError> {
    text.parse().map_err(|e| match e {
        WeekError::NotAMonday(_) => ApiError::new(
            StatusCode::NOT_FOUND,
            "no_such_week",
            format!("{field}: {e}"),
        )
        .at(field),
        WeekError::NotADate(_) => {
            ApiError::new(StatusCode::BAD_REQUEST, code, format!("{field}: {e}")).at(field)
        }
    })
}

/// A week in the path.
pub(super) fn path_week(text: &str) -> Result<Week, ApiError> {
    parse_week("week", text, "invalid_path")
}

/// Every home's latest return for the week (the static `returns/{week}.json`), fees only for
/// readers entitled to each home's.
#[utoipa::path(get, path = "/api/weeks/{week}/returns", tag = "returns",
    params(("week" = Week, Path, description = "Week commencing, a Monday: 2026-11-16")),
    responses((status = 200, body = [CapacityReturn]), (status = 400, body = ErrorBody),
        (status = 404, description = "The date is not a Monday", body = ErrorBody)))]
pub async fn week_returns(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(week): ApiPath<String>,
) -> Result<Json<Vec<CapacityReturn>>, ApiError> {
    let week = path_week(&week)?;
    let stored = returns::for_week(&state.db, week, true).await?;
    Ok(seen_by(stored, &viewer))
}

/// Each home's latest return as at the week: its return for the week, or its most recent before
/// it (the static `latest/{week}.json`), fees only for readers entitled to each home's. What the
/// map needs to show a week, instead of every week's returns.
#[utoipa::path(get, path = "/api/weeks/{week}/latest", tag = "returns",
    params(("week" = Week, Path, description = "Week commencing, a Monday: 2026-11-16")),
    responses((status = 200, body = [CapacityReturn]), (status = 400, body = ErrorBody),
        (status = 404, description = "The date is not a Monday", body = ErrorBody)))]
pub async fn week_latest(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(week): ApiPath<String>,
) -> Result<Json<Vec<CapacityReturn>>, ApiError> {
    let week = path_week(&week)?;
    let stored = returns::latest_as_at(&state.db, week).await?;
    Ok(seen_by(stored, &viewer))
}

/// Returns as `viewer` may see them ([`redact`]), without the storage details.
fn seen_by(stored: Vec<StoredReturn>, viewer: &Viewer) -> Json<Vec<CapacityReturn>> {
    Json(
        stored
            .into_iter()
            .map(|r| redact(r, viewer.0.as_ref(), None).capacity_return)
            .collect(),
    )
}

/// One home's return status for a week.
#[derive(Serialize, ToSchema)]
pub struct HomeCompliance {
    /// Home ID.
    pub home: String,
    /// Its name.
    pub name: String,
    /// Its provider.
    pub provider: String,
    /// Its borough (GSS code).
    pub borough: String,
    /// On time, late or missing.
    pub status: ReturnStatus,
    /// Whom to call, from the home's most recent return that gave one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact: Option<AdmissionsContact>,
}

/// A borough's returns for a week.
#[derive(Serialize, ToSchema)]
pub struct BoroughCompliance {
    /// GSS code.
    pub borough: String,
    /// Name.
    pub name: String,
    /// Homes due to return.
    pub due: u32,
    /// Returned on time.
    pub on_time: u32,
    /// Returned late.
    pub late: u32,
    /// Not returned.
    pub missing: u32,
}

/// Returns due, made and missing for a week.
#[derive(Serialize, ToSchema)]
pub struct Compliance {
    /// The week.
    pub week: Week,
    /// Per borough the reader oversees.
    pub boroughs: Vec<BoroughCompliance>,
    /// Per home, in those boroughs.
    pub homes: Vec<HomeCompliance>,
}

/// Which homes have returned for the week, on time or late, and which are missing: for
/// commissioners (their borough, or all for sub-regional ones) and admins.
#[utoipa::path(get, path = "/api/weeks/{week}/compliance", tag = "returns",
    params(("week" = Week, Path, description = "Week commencing, a Monday")),
    responses((status = 200, body = Compliance), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "The date is not a Monday", body = ErrorBody)))]
pub async fn week_compliance(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiPath(week): ApiPath<String>,
) -> Result<Json<Compliance>, ApiError> {
    let user = viewer.user()?;
    let week = path_week(&week)?;
    let boroughs: Vec<_> = state
        .footprint
        .boroughs
        .iter()
        .filter(|b| user.oversees(&b.gss_code))
        .collect();
    if boroughs.is_empty() {
        return Err(ApiError::forbidden(
            "Only commissioners and administrators see returns compliance.",
        ));
    }
    let homes: Vec<CareHome> = homes::list(&state.db, &Default::default())
        .await?
        .into_iter()
        .filter(|h| boroughs.iter().any(|b| b.gss_code == h.borough))
        .collect();
    let all_versions: Vec<CapacityReturn> = returns::for_week(&state.db, week, false)
        .await?
        .into_iter()
        .map(|r| r.capacity_return)
        .collect();
    let statuses = week_statuses(&homes, &all_versions, week);
    let mut contacts: std::collections::HashMap<String, AdmissionsContact> =
        returns::latest_by_home(&state.db)
            .await?
            .into_iter()
            .filter_map(|s| Some((s.capacity_return.home, s.capacity_return.contact?)))
            .collect();
    let summary = boroughs
        .iter()
        .map(|b| {
            let mut row = BoroughCompliance {
                borough: b.gss_code.clone(),
                name: b.name.clone(),
                due: 0,
                on_time: 0,
                late: 0,
                missing: 0,
            };
            for (_, status) in homes
                .iter()
                .zip(&statuses)
                .filter(|(h, _)| h.borough == b.gss_code)
            {
                row.due += 1;
                match status {
                    ReturnStatus::OnTime => row.on_time += 1,
                    ReturnStatus::Late => row.late += 1,
                    ReturnStatus::Missing => row.missing += 1,
                }
            }
            row
        })
        .collect();
    Ok(Json(Compliance {
        week,
        boroughs: summary,
        homes: homes
            .into_iter()
            .zip(statuses)
            .map(|(h, status)| HomeCompliance {
                contact: contacts.remove(&h.id),
                home: h.id,
                name: h.name,
                provider: h.provider,
                borough: h.borough,
                status,
            })
            .collect(),
    }))
}
