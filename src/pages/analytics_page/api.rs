//! What the analytics page reads beyond the market data: prices paid (the service's analysis for
//! commissioners, worked out from the shipped sample ledger on static hosting), the population
//! projection, block-bed utilisation, and the ledger upload.

use crate::data_source::MarketData;
use crate::service::{answer, send, Refusal, RejectedRow};
use chrono::NaiveDate;
use market_model::analytics::ledger::{parse_ledger, Funder};
use market_model::analytics::prices::{analyse_prices, PriceAnalysis};
use market_model::analytics::projection::PopulationProjection;
use market_model::brokerage::block_beds::ContractUse;
use market_model::brokerage::rates::UsualRates;
use market_model::returns::home_status::home_statuses;
use serde::Deserialize;
use std::collections::HashSet;

/// The sample files static hosting serves beside the app.
const STATIC_DATA: &str = "/data";

/// Today in London, by the app's clock (the service's on the live service).
pub fn today() -> NaiveDate {
    market_model::primitives::london::date(crate::clock::now())
}

/// GETs `url` and reads it as JSON, or says why not.
async fn get<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, Refusal> {
    answer(send(gloo_net::http::Request::get(url), None).await?)
}

/// Prices paid for the placements active on `on` (every funder's, or `funder`'s for the
/// comparisons and shared homes), against `rates`. The live service works them out over every
/// borough's placements and gives each reader what their remit allows (a borough's
/// commissioners see other boroughs' prices only as aggregates); on static hosting they are
/// worked out here from the shipped sample ledger with the domain's code.
pub async fn prices(
    api: Option<String>,
    data: &MarketData,
    funder: Option<Funder>,
    on: NaiveDate,
    rates: &UsualRates,
) -> Result<PriceAnalysis, Refusal> {
    if let Some(api) = api {
        let mut url = format!("{api}/analytics/prices?on={on}");
        if let Some(funder) = funder {
            url.push_str(&format!("&funder={}", funder.key()));
        }
        let overrides = rates.overrides_from(&UsualRates::default());
        if !overrides.is_empty() {
            url.push_str(&format!("&rate={overrides}"));
        }
        return get(&url).await;
    }
    let url = format!("{STATIC_DATA}/placements.csv");
    // A missing file (an error page) fails as a ledger that cannot be read, naming the file.
    let (_, text) = send(gloo_net::http::Request::get(&url), None).await?;
    let known: HashSet<&str> = data.homes.iter().map(|h| h.id.as_str()).collect();
    let ledger =
        parse_ledger(&text, &data.footprint.names(), |id| known.contains(id)).map_err(|e| {
            Refusal {
                code: "unexpected".into(),
                message: format!("The placements ledger {url} could not be read: {e}"),
                field: None,
            }
        })?;
    let statuses = home_statuses(&data.homes, &data.returns, data.latest_week());
    let boroughs: Vec<&str> = data
        .footprint
        .boroughs
        .iter()
        .map(|b| b.gss_code.as_str())
        .collect();
    Ok(analyse_prices(
        &ledger.placements,
        &data.homes,
        &statuses,
        &boroughs,
        on,
        funder,
        rates,
    ))
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
