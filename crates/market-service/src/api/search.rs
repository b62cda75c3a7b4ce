//! Bed search over the live data: the same rule the app's find-a-bed page applies
//! (`market_model::brokerage::bed_search`), with beds held by brokers taken off.

use super::ApiQuery;
use crate::auth::Viewer;
use crate::error::{ApiError, ErrorBody};
use crate::users::Role;
use crate::{holds, AppState};
use axum::extract::State;
use axum::Json;
use market_model::brokerage::bed_search::answer::{FoundHome, SearchAnswer};
use market_model::brokerage::bed_search::{Search, SearchMarket};
use market_model::brokerage::hold::held_map;

/// Refuses numbers out of range (400, naming the parameter): a price ceiling in whole pounds up to the
/// largest weekly price the service holds, a weight up to 500 kg, a freshness up to a year.
fn check_numbers(pairs: &[(String, String)]) -> Result<(), ApiError> {
    let max_pounds = market_model::analytics::ledger::MAX_WEEKLY_PRICE.0 / 100;
    for (key, value) in pairs {
        let (limit, what) = match key.as_str() {
            "max" => (max_pounds, "a weekly price ceiling in whole pounds"),
            "kg" => (500, "a weight in whole kilograms"),
            "days" => (366, "a number of days"),
            _ => continue,
        };
        if !value.parse::<u32>().is_ok_and(|n| n <= limit) {
            return Err(ApiError::new(
                axum::http::StatusCode::BAD_REQUEST,
                "invalid_query",
                format!("{key}: '{value}' is not {what} from 0 to {limit}."),
            )
            .at(key.as_str()));
        }
    }
    Ok(())
}

/// Finds beds (brokers, commissioners, administrators: the answer carries fees and contacts).
/// Query keys as the app's `/find` URL: `type` (nursing, residential), `dementia=1`, `stay`
/// (step_down, respite, permanent), needs `nwb`, `hoist`, `rehab`, `behaviour` (=1), `kg` (a
/// bariatric person's weight), `sex` (female, male), `from` (a hospital key such as
/// `north-middlesex-university-hospital`, or a postcode district), `placing` (GSS code), `max`
/// (£ a week; default the placing borough's usual rate), `rating`, `days`, `sort`, `near=1`.
#[utoipa::path(get, path = "/api/search", tag = "holds",
    responses((status = 200, body = SearchAnswer), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiQuery(pairs): ApiQuery<Vec<(String, String)>>,
) -> Result<Json<SearchAnswer>, ApiError> {
    let user = viewer.user()?;
    if user.role == Role::Provider {
        return Err(ApiError::forbidden(
            "Bed search is for brokers and commissioners: its answer shows other homes' fees.",
        ));
    }
    check_numbers(&pairs)?;
    let s = Search::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let latest = state.latest.get(&state.db).await?;
    let homes = &latest.homes;
    let held = held_map(&holds::held_beds(&state.db).await?);
    let start = s.start(&state.footprint, homes);
    if s.from.is_some() && start.origin.is_none() {
        return Err(ApiError::invalid(
            "from",
            "Not a footprint hospital or a postcode district with homes in it.",
        ));
    }
    let now = state.db.clock.now();
    let results = SearchMarket::new(homes, &latest.returns, &held).search(
        &s,
        start.origin,
        start.usual_rate,
        now,
    );
    Ok(Json(SearchAnswer {
        category: s.category(),
        ceiling: s.max_fee.or(start.usual_rate),
        matches: results.matches.into_iter().map(FoundHome::from).collect(),
        near_misses: results
            .near_misses
            .into_iter()
            .map(FoundHome::from)
            .collect(),
    }))
}
