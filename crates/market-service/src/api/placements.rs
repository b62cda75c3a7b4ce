//! The placements ledger and the analysis of prices paid (commissioners and administrators).

use super::ApiQuery;
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::placements::{self, LedgerReport};
use crate::AppState;
use axum::extract::State;
use axum::http::header::CONTENT_TYPE;
use axum::response::IntoResponse;
use axum::Json;
use market_model::analytics::ledger::{to_ledger_csv, Funder, Placement};
use market_model::analytics::prices::PriceAnalysis;
use market_model::brokerage::rates::UsualRates;
use serde::Deserialize;
use utoipa::IntoParams;

/// Imports a placements ledger (the CSV as the body; columns in the README and
/// `market_model::analytics::ledger`). Good rows are added, or replace the row with the same
/// placing borough and placement ID; each bad row is reported with its line and why. A borough's
/// commissioners import their own borough's placements only.
#[utoipa::path(post, path = "/api/placements", tag = "prices",
    request_body(content = String, content_type = "text/csv"),
    responses((status = 413, description = "Over the upload limit", body = ErrorBody),
        (status = 415, description = "Not text/csv", body = ErrorBody),
        (status = 200, body = LedgerReport), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn import_ledger(
    State(state): State<AppState>,
    viewer: Viewer,
    request: axum::extract::Request,
) -> Result<Json<LedgerReport>, ApiError> {
    let user = viewer.user()?;
    let body = super::csv_body(request).await?;
    Ok(Json(
        placements::import(&state.db, &state.footprint, user, body).await?,
    ))
}

/// The placements in the ledger the reader may see row by row: a borough's commissioners their
/// own borough's, sub-regional commissioners and administrators every borough's (prices paid are
/// commercially sensitive).
#[utoipa::path(get, path = "/api/placements", tag = "prices",
    responses((status = 200, body = [Placement]), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
pub async fn list_placements(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<Json<Vec<Placement>>, ApiError> {
    Ok(Json(placements::list(&state.db, viewer.user()?).await?))
}

/// The ledger as CSV, in the import's columns, with the rows the reader may see (as
/// `GET /api/placements`).
#[utoipa::path(get, path = "/api/placements.csv", tag = "prices",
    responses((status = 200, description = "The ledger", content_type = "text/csv"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn export_ledger(
    State(state): State<AppState>,
    viewer: Viewer,
) -> Result<impl IntoResponse, ApiError> {
    let placements = placements::list(&state.db, viewer.user()?).await?;
    Ok((
        [(CONTENT_TYPE, "text/csv; charset=utf-8")],
        to_ledger_csv(&placements),
    ))
}

/// The day, funder and usual rate to analyse prices with.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PriceQuery {
    /// Placements active on this day, `2026-11-23` (default: today).
    pub on: Option<String>,
    /// Limit the comparisons and shared homes to one funder: `council`, `nhs_chc`, `joint` or
    /// `self_funder_top_up` (default: every funder).
    pub funder: Option<String>,
    /// Replace one borough's usual rate for one category, `E09000003:nursing:1300` (pounds a
    /// week); may be repeated as `rate=…,…`.
    pub rate: Option<String>,
}

/// The usual rates with `overrides` (`GSS:category:pounds`, comma-separated) applied.
fn rates_with(overrides: Option<&str>) -> Result<UsualRates, ApiError> {
    let mut rates = UsualRates::default();
    rates
        .apply_overrides(overrides.unwrap_or_default())
        .map_err(|e| ApiError::invalid("rate", e.to_string()))?;
    Ok(rates)
}

/// Prices paid for the placements active on a day: spread (median, quartiles, range) per
/// category × placing borough × funder; each borough's median against the footprint's and its
/// usual rate; self-funders' fees against council prices; what each borough pays in homes
/// several use; and the flow of placements between boroughs. Commissioners and administrators.
#[utoipa::path(get, path = "/api/analytics/prices", tag = "prices", params(PriceQuery),
    responses((status = 200, body = PriceAnalysis), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub async fn price_analysis(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(query): ApiQuery<PriceQuery>,
) -> Result<Json<PriceAnalysis>, ApiError> {
    let user = viewer.user()?;
    let on = match query.on.as_deref() {
        Some(text) => market_model::primitives::timestamp::parse_date(text).ok_or_else(|| {
            ApiError::invalid(
                "on",
                format!("'{text}' is not a date in the form 2026-11-23."),
            )
        })?,
        None => market_model::primitives::london::date(state.db.clock.now()),
    };
    let funder = match query.funder.as_deref() {
        None | Some("") => None,
        Some(key) => Some(
            Funder::ALL
                .into_iter()
                .find(|f| f.key() == key)
                .ok_or_else(|| {
                    ApiError::invalid(
                "funder",
                format!("'{key}' is not a funder: council, nhs_chc, joint or self_funder_top_up."),
            )
                })?,
        ),
    };
    let rates = rates_with(query.rate.as_deref())?;
    Ok(Json(
        placements::analyse(&state.db, &state.footprint, user, on, funder, &rates).await?,
    ))
}
