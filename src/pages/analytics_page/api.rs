//! What the analytics page reads beyond the market data: prices paid (the service's analysis for
//! commissioners), the population
//! projection, block-bed utilisation, and the ledger upload.

use crate::service::{answer, get, send, Refusal, RejectedRow};
use chrono::NaiveDate;
use market_model::analytics::ledger::Funder;
use market_model::analytics::prices::PriceAnalysis;
use market_model::analytics::projection::PopulationProjection;
use market_model::brokerage::block_beds::ContractUse;
use market_model::brokerage::rates::UsualRates;
use serde::Deserialize;

/// The sample files static hosting serves beside the app.
const STATIC_DATA: &str = "/data";

/// Prices paid for the placements active on `on` (every funder's, or `funder`'s for the
/// comparisons and shared homes), against `rates`, as the live service works them out over every
/// borough's placements and gives each reader what their remit allows (a borough's
/// commissioners see other boroughs' prices only as aggregates).
pub async fn prices(
    api: &str,
    funder: Option<Funder>,
    on: NaiveDate,
    rates: &UsualRates,
) -> Result<PriceAnalysis, Refusal> {
    let mut url = format!("{api}/analytics/prices?on={on}");
    if let Some(funder) = funder {
        url.push_str(&format!("&funder={}", funder.key()));
    }
    let overrides = rates.overrides_from(&UsualRates::default());
    if !overrides.is_empty() {
        url.push_str(&format!("&rate={overrides}"));
    }
    get(&url).await
}

/// The projected older population per borough and year (public reference data).
pub async fn projections(api: Option<String>) -> Result<PopulationProjection, Refusal> {
    match api {
        Some(api) => get(&format!("{api}/projections")).await,
        None => get(&format!("{STATIC_DATA}/projections.json")).await,
    }
}

/// Each block contract's last 12 weeks to this week (commissioners and administrators).
pub async fn block_utilisation(api: &str) -> Result<Vec<ContractUse>, Refusal> {
    get(&format!("{api}/block-contracts/utilisation")).await
}

/// What a ledger upload did.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct LedgerReport {
    /// The counts in a sentence.
    pub summary: String,
    /// Data rows in the file.
    pub rows_read: usize,
    /// Placements new to the ledger.
    pub added: usize,
    /// Placements replaced.
    pub updated: usize,
    /// Rows refused, with line and reason.
    pub rejected: Vec<RejectedRow>,
}

/// Sends a placements ledger (CSV) to the service.
pub async fn import_ledger(api: &str, file: web_sys::File) -> Result<LedgerReport, Refusal> {
    let request = gloo_net::http::Request::post(&format!("{api}/placements"));
    answer(send(request, Some(("text/csv", file.into()))).await?)
}
