//! Calls to the live data service: signing in and out, who is signed in, and the CQC register
//! import. Static hosting has none of these.

use serde::{Deserialize, Serialize};

/// The signed-in user, as the service describes them.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct SessionUser {
    /// Sign-in name.
    pub username: String,
    /// Name to show.
    pub display_name: String,
    /// admin, commissioner, broker or provider.
    pub role: String,
    /// Homes a provider reports for.
    #[serde(default)]
    pub homes: Vec<String>,
}

/// A refusal from the service: its code, message and the field at fault. When the service could
/// not be reached at all the code is "unreachable".
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Refusal {
    /// The service's stable error code.
    #[serde(default)]
    pub code: String,
    /// What to do, for people.
    pub message: String,
    /// The form field it concerns.
    #[serde(default)]
    pub field: Option<String>,
}

#[derive(Deserialize)]
struct ErrorBody {
    error: Refusal,
}

#[derive(Serialize)]
struct Credentials<'a> {
    username: &'a str,
    password: &'a str,
}

/// Sends a request with an optional body and its content type: the answer's status and text. The
/// one place the app sends HTTP requests; [`send`] and the data loading
/// (`crate::data_source`) each say what a failure means to their readers.
pub(crate) async fn request(
    request: gloo_net::http::RequestBuilder,
    body: Option<(&str, wasm_bindgen::JsValue)>,
) -> Result<(u16, String), gloo_net::Error> {
    let request = match body {
        Some((content_type, b)) => request.header("content-type", content_type).body(b),
        None => request.build(),
    }?;
    let response = request.send().await?;
    let text = response.text().await?;
    Ok((response.status(), text))
}

/// Sends a request to the service with an optional body and its content type: the answer's
/// status and text, or why it could not be sent.
pub(crate) async fn send(
    request_builder: gloo_net::http::RequestBuilder,
    body: Option<(&str, wasm_bindgen::JsValue)>,
) -> Result<(u16, String), Refusal> {
    request(request_builder, body).await.map_err(|e| Refusal {
        code: "unreachable".into(),
        message: format!(
            "The Care Market service could not be reached ({e}). Check your connection and try again."
        ),
        field: None,
    })
}

/// The user the browser's session cookie belongs to, if any.
pub async fn current(api: &str) -> Option<SessionUser> {
    match send(
        gloo_net::http::Request::get(&format!("{api}/session")),
        None,
    )
    .await
    {
        Ok((200, text)) => serde_json::from_str(&text).ok(),
        _ => None,
    }
}

/// Signs in; the service sets the session cookie.
pub async fn sign_in(api: &str, username: &str, password: &str) -> Result<SessionUser, Refusal> {
    let body = serde_json::to_string(&Credentials { username, password }).unwrap_or_default();
    let request = gloo_net::http::Request::post(&format!("{api}/session"));
    answer(send(request, Some(("application/json", body.into()))).await?)
}

/// Reads a JSON answer: the value on success, the service's refusal otherwise.
pub(crate) fn answer<T: serde::de::DeserializeOwned>(
    (status, text): (u16, String),
) -> Result<T, Refusal> {
    let unexpected = |e: serde_json::Error| Refusal {
        code: "unexpected".into(),
        message: format!("The service's answer was not understood ({e})."),
        field: None,
    };
    if (200..300).contains(&status) {
        serde_json::from_str(&text).map_err(unexpected)
    } else {
        Err(serde_json::from_str::<ErrorBody>(&text)
            .map_err(unexpected)?
            .error)
    }
}

/// What an import of CQC's register did.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct ImportReport {
    /// The counts in a sentence.
    pub summary: String,
    /// Rows refused.
    pub rejected: Vec<RejectedRow>,
}

/// A refused row of the register.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct RejectedRow {
    /// Line in the file.
    pub line: u32,
    /// Why.
    pub reason: String,
}

/// One stored version of a home's return.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct StoredReturn {
    /// 1 for the week's first return; amendments count up.
    pub version: u32,
    /// Whether it came after the due time.
    pub late: bool,
    /// Who sent it, where the reader may know.
    #[serde(default)]
    pub submitted_by: Option<String>,
    /// The return.
    #[serde(rename = "return")]
    pub capacity_return: market_model::returns::capacity_return::CapacityReturn,
}

/// Every version of a home's returns, newest first.
pub async fn home_returns(api: &str, home: &str) -> Result<Vec<StoredReturn>, Refusal> {
    answer(
        send(
            gloo_net::http::Request::get(&format!("{api}/homes/{home}/returns")),
            None,
        )
        .await?,
    )
}

/// Sends a home's return; a retry with the same submission ID answers with what was stored.
pub async fn submit_return(
    api: &str,
    home: &str,
    submission: &market_model::returns::capacity_return::Submission,
) -> Result<StoredReturn, Refusal> {
    let body = serde_json::to_string(submission).unwrap_or_default();
    let request = gloo_net::http::Request::post(&format!("{api}/homes/{home}/returns"));
    answer(send(request, Some(("application/json", body.into()))).await?)
}

/// Which homes have returned for a week, as a commissioner sees it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Compliance {
    /// Per borough the reader oversees.
    pub boroughs: Vec<BoroughCompliance>,
    /// Per home.
    pub homes: Vec<HomeCompliance>,
}

/// A borough's returns for the week.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct BoroughCompliance {
    /// Name.
    pub name: String,
    /// Homes due to return.
    pub due: u32,
    /// On time.
    pub on_time: u32,
    /// Late.
    pub late: u32,
    /// Missing.
    pub missing: u32,
}

/// One home's status for the week.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct HomeCompliance {
    /// Name.
    pub name: String,
    /// Provider.
    pub provider: String,
    /// Borough (GSS code).
    pub borough: String,
    /// "on_time", "late" or "missing".
    pub status: String,
    /// Whom to call.
    #[serde(default)]
    pub contact: Option<market_model::returns::capacity_return::AdmissionsContact>,
}

/// Returns due, made and missing for `week` (commissioners and administrators).
pub async fn compliance(
    api: &str,
    week: market_model::primitives::week::Week,
) -> Result<Compliance, Refusal> {
    answer(
        send(
            gloo_net::http::Request::get(&format!("{api}/weeks/{week}/compliance")),
            None,
        )
        .await?,
    )
}

/// Sends CQC's register file to the service (administrators only).
pub async fn import_register(api: &str, file: web_sys::File) -> Result<ImportReport, Refusal> {
    let request = gloo_net::http::Request::post(&format!("{api}/imports/cqc"));
    answer(send(request, Some(("text/csv", file.into()))).await?)
}

/// Signs out, ending the session on the service.
pub async fn sign_out(api: &str) -> Result<(), Refusal> {
    send(
        gloo_net::http::Request::delete(&format!("{api}/session")),
        None,
    )
    .await
    .map(|_| ())
}

/// Runs a bed search (`query` as the `/find` URL carries it: "?type=…", or empty).
pub async fn search(
    api: &str,
    query: &str,
) -> Result<market_model::brokerage::bed_search::answer::SearchAnswer, Refusal> {
    answer(
        send(
            gloo_net::http::Request::get(&format!("{api}/search{query}")),
            None,
        )
        .await?,
    )
}

/// The holds the signed-in user may see: a broker's own, those on a provider's homes.
pub async fn holds(api: &str) -> Result<Vec<market_model::brokerage::hold::Hold>, Refusal> {
    answer(send(gloo_net::http::Request::get(&format!("{api}/holds")), None).await?)
}

/// GETs `url` and reads the answer as JSON, or says why not.
pub async fn get<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, Refusal> {
    answer(send(gloo_net::http::Request::get(url), None).await?)
}

/// POSTs `body` as JSON to `path` under the API and reads the answer.
pub async fn post<B: Serialize, T: serde::de::DeserializeOwned>(
    api: &str,
    path: &str,
    body: &B,
) -> Result<T, Refusal> {
    let body = serde_json::to_string(body).unwrap_or_default();
    let request = gloo_net::http::Request::post(&format!("{api}{path}"));
    answer(send(request, Some(("application/json", body.into()))).await?)
}

/// Holds a bed for a referral (brokers).
pub async fn place_hold(
    api: &str,
    hold: &market_model::brokerage::hold::NewHold,
) -> Result<market_model::brokerage::hold::Hold, Refusal> {
    post(api, "/holds", hold).await
}

/// Ends a hold: released (its broker), admitted or declined (the home's provider).
pub async fn hold_outcome(
    api: &str,
    id: i64,
    outcome: market_model::brokerage::hold::Outcome,
) -> Result<market_model::brokerage::hold::Hold, Refusal> {
    let body = market_model::brokerage::hold::OutcomeRequest { outcome };
    post(api, &format!("/holds/{id}/outcome"), &body).await
}

/// The block contracts the signed-in user may see (a provider: those at their homes).
pub async fn block_contracts(
    api: &str,
) -> Result<Vec<market_model::brokerage::block_beds::BlockContract>, Refusal> {
    answer(
        send(
            gloo_net::http::Request::get(&format!("{api}/block-contracts")),
            None,
        )
        .await?,
    )
}

/// The home's report on a contract's beds for `week`; a second report replaces the first.
pub async fn report_block_week(
    api: &str,
    contract: i64,
    week: market_model::primitives::week::Week,
    reported: &market_model::brokerage::block_beds::BlockWeek,
) -> Result<market_model::brokerage::block_beds::Utilisation, Refusal> {
    let body = serde_json::to_string(reported).unwrap_or_default();
    let request =
        gloo_net::http::Request::put(&format!("{api}/block-contracts/{contract}/weeks/{week}"));
    answer(send(request, Some(("application/json", body.into()))).await?)
}

/// The market's public figures for `week`: aggregates only, fee cells from too few homes withheld.
pub async fn market_summary(
    api: &str,
    week: market_model::primitives::week::Week,
) -> Result<market_model::analytics::market::MarketSummary, Refusal> {
    answer(
        send(
            gloo_net::http::Request::get(&format!("{api}/market?week={week}")),
            None,
        )
        .await?,
    )
}
