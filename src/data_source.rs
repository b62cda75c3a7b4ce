//! Where the app's data comes from: JSON files (`public/data/` or a snapshot the data service
//! published) on static hosting, or the live data service's API, which serves the same shapes.
//! `/config.json`, read first, says which; pages never know.

use market_model::primitives::week::Week;
use market_model::register::footprint::{DataManifest, Footprint};
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::CapacityReturn;
use market_model::returns::home_status::{HomeStatus, LatestReturn};
use serde::de::DeserializeOwned;
use std::fmt;
use std::sync::Arc;

/// Everything the market views read, loaded once and shared by every page.
#[derive(Debug)]
pub struct MarketData {
    /// What the data set is: sample or real, attribution.
    pub manifest: DataManifest,
    /// Boroughs and hospitals.
    pub footprint: Footprint,
    /// Every home.
    pub homes: Vec<CareHome>,
    /// Returns for every week in the manifest.
    pub returns: Vec<CapacityReturn>,
    /// Weeks with returns, newest first (never empty).
    pub weeks: Vec<Week>,
}

impl MarketData {
    /// The newest week with returns.
    pub fn latest_week(&self) -> Week {
        self.weeks[0]
    }

    /// The status of home `i` from its latest return.
    pub fn status(&self, i: usize, latest: &LatestReturn) -> HomeStatus<'_> {
        latest.status(&self.homes[i], &self.returns)
    }

    /// The name of the borough home `i` is in (empty if its borough is not in the footprint).
    pub fn borough_name(&self, i: usize) -> String {
        self.footprint
            .borough(&self.homes[i].borough)
            .map(|b| b.name.clone())
            .unwrap_or_default()
    }

    /// `requested` if it names a week with returns.
    pub fn known_week(&self, requested: Option<&str>) -> Option<Week> {
        requested
            .and_then(|w| w.parse().ok())
            .filter(|w| self.weeks.contains(w))
    }
}

/// A source of market data.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// JSON files under a base URL, as shipped in `public/data/`.
    Static {
        /// URL of the folder holding `manifest.json`, without a trailing slash.
        base: String,
    },
    /// The data service's API under a base URL (`/api`), with the signed-in user's view.
    Api {
        /// URL of the API, without a trailing slash.
        base: String,
    },
}

impl Default for DataSource {
    /// The files served beside the app, at `/data`.
    fn default() -> DataSource {
        DataSource::Static {
            base: "/data".to_string(),
        }
    }
}

/// `/config.json`: `{"source": "static" | "api", "base": "/data" | "/api"}`, and from the data
/// service `"now"`, its clock.
#[derive(serde::Deserialize)]
struct RuntimeConfig {
    source: String,
    base: String,
    #[serde(default)]
    now: Option<String>,
    /// Whether the data is sample data, and its notice (shown before the data arrives).
    #[serde(default)]
    sample: bool,
    #[serde(default)]
    notice: String,
}

/// One of the documents the app reads.
enum Document {
    Manifest,
    Footprint,
    Homes,
    Returns(Week),
}

/// Why data could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataError {
    /// The request did not complete (offline, server down, blocked).
    Network {
        /// What was requested.
        url: String,
        /// The browser's explanation.
        message: String,
    },
    /// The server answered with an error status.
    Status {
        /// What was requested.
        url: String,
        /// HTTP status code.
        status: u16,
    },
    /// The response was not the data expected.
    Malformed {
        /// What was requested.
        url: String,
        /// What was wrong, and where.
        message: String,
    },
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DataError::Network { url, message } => {
                write!(f, "Could not reach the server for {url} ({message}). Check your connection and reload.")
            }
            DataError::Status { url, status } => {
                write!(f, "Could not load {url}: the server answered {status}.")
            }
            DataError::Malformed { url, message } => {
                write!(
                    f,
                    "The data in {url} is not in the expected form: {message}."
                )
            }
        }
    }
}

impl std::error::Error for DataError {}

impl DataSource {
    /// The source `/config.json` names (the shipped files when there is no such file), and the
    /// sample-data notice it gives, if any.
    pub async fn configured() -> Result<(DataSource, Option<String>), DataError> {
        let (url, status, text) = fetch("/config.json").await?;
        match status {
            200 => {
                let config: RuntimeConfig = parse((url, text))?;
                if let Some(now) = config
                    .now
                    .as_deref()
                    .and_then(market_model::primitives::timestamp::parse)
                {
                    crate::clock::set(now);
                }
                let notice = config.sample.then_some(config.notice);
                let source = match config.source.as_str() {
                    "api" => DataSource::Api { base: config.base },
                    _ => DataSource::Static { base: config.base },
                };
                Ok((source, notice))
            }
            404 => Ok((DataSource::default(), None)),
            _ => Err(DataError::Status { url, status }),
        }
    }

    /// Whether this is the live service (with sign-in) rather than read-only files.
    pub fn is_live(&self) -> bool {
        matches!(self, DataSource::Api { .. })
    }

    /// The manifest, then the footprint, homes and every week's returns, fetched together.
    pub async fn load_market_data(&self) -> Result<Arc<MarketData>, DataError> {
        let manifest: DataManifest = self.get(Document::Manifest).await?;
        let mut weeks = manifest.weeks.clone();
        weeks.sort_unstable_by(|a, b| b.cmp(a));
        if weeks.is_empty() {
            return Err(DataError::Malformed {
                url: self.url(&Document::Manifest),
                message: "it lists no weeks of returns".to_string(),
            });
        }
        let mut documents = vec![Document::Footprint, Document::Homes];
        documents.extend(weeks.iter().map(|w| Document::Returns(*w)));
        // One kind of future for every file, so the concurrent fetch is compiled once.
        let mut bodies = futures::future::try_join_all(documents.iter().map(|d| self.get_text(d)))
            .await?
            .into_iter();
        let mut next = || bodies.next().expect("one body per path");
        let footprint: Footprint = parse(next())?;
        let homes: Vec<CareHome> = parse(next())?;
        let mut returns: Vec<CapacityReturn> = Vec::new();
        for _ in &weeks {
            returns.extend(parse::<Vec<CapacityReturn>>(next())?);
        }
        Ok(Arc::new(MarketData {
            manifest,
            footprint,
            homes,
            returns,
            weeks,
        }))
    }

    async fn get<T: DeserializeOwned>(&self, document: Document) -> Result<T, DataError> {
        parse(self.get_text(&document).await?)
    }

    /// Where a document is.
    fn url(&self, document: &Document) -> String {
        match (self, document) {
            (DataSource::Static { base }, Document::Manifest) => format!("{base}/manifest.json"),
            (DataSource::Static { base }, Document::Footprint) => format!("{base}/footprint.json"),
            (DataSource::Static { base }, Document::Homes) => format!("{base}/homes.json"),
            (DataSource::Static { base }, Document::Returns(w)) => {
                format!("{base}/returns/{w}.json")
            }
            (DataSource::Api { base }, Document::Manifest) => format!("{base}/manifest"),
            (DataSource::Api { base }, Document::Footprint) => format!("{base}/footprint"),
            (DataSource::Api { base }, Document::Homes) => format!("{base}/homes"),
            (DataSource::Api { base }, Document::Returns(w)) => format!("{base}/weeks/{w}/returns"),
        }
    }

    /// The body of a document and its full URL. Not generic, so the fetch is compiled once.
    async fn get_text(&self, document: &Document) -> Result<(String, String), DataError> {
        let (url, status, text) = fetch(&self.url(document)).await?;
        if status != 200 {
            return Err(DataError::Status { url, status });
        }
        Ok((url, text))
    }
}

/// GETs `url` (with the session cookie, same origin): its URL, status and body.
async fn fetch(url: &str) -> Result<(String, u16, String), DataError> {
    let (status, text) = crate::service::request(gloo_net::http::Request::get(url), None)
        .await
        .map_err(|e| DataError::Network {
            url: url.to_string(),
            message: e.to_string(),
        })?;
    Ok((url.to_string(), status, text))
}

/// Reads a fetched body `(url, text)` as JSON, naming the file when it is not what was expected.
fn parse<T: DeserializeOwned>((url, text): (String, String)) -> Result<T, DataError> {
    serde_json::from_str(&text).map_err(|e| DataError::Malformed {
        url,
        message: e.to_string(),
    })
}
