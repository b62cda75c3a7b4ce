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

/// What every page that reads the market shares: the data set's description and the register.
/// Loaded once for the visit (again after signing in or out, or an import).
#[derive(Debug)]
pub struct Register {
    /// Where it came from, and where the returns are.
    pub source: Arc<DataSource>,
    /// What the data set is: sample or real, attribution.
    pub manifest: DataManifest,
    /// Boroughs and hospitals.
    pub footprint: Footprint,
    /// Every home.
    pub homes: Vec<CareHome>,
    /// Weeks with returns, newest first (never empty).
    pub weeks: Vec<Week>,
}

impl Register {
    /// The newest week with returns.
    pub fn latest_week(&self) -> Week {
        self.weeks[0]
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

/// What a page reads: the [`Register`] and the returns of the weeks it needs (see
/// [`crate::data_context::Need`]); the register's fields read through it.
#[derive(Debug)]
pub struct MarketData {
    /// The manifest, footprint, homes and weeks.
    pub register: Arc<Register>,
    /// Returns for the weeks the page needs (none for a page that needs only the register).
    pub returns: Vec<CapacityReturn>,
}

impl std::ops::Deref for MarketData {
    type Target = Register;

    fn deref(&self) -> &Register {
        &self.register
    }
}

impl MarketData {
    /// The status of home `i` from its latest return.
    pub fn status(&self, i: usize, latest: &LatestReturn) -> HomeStatus<'_> {
        latest.status(&self.homes[i], &self.returns)
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
pub enum Document {
    /// What the data set is (`manifest.json`).
    Manifest,
    /// Boroughs and hospitals (`footprint.json`).
    Footprint,
    /// Every home (`homes.json`).
    Homes,
    /// A week's returns (`returns/<week>.json`).
    Returns(Week),
    /// Each home's latest return as at a week (`latest/<week>.json`).
    Latest(Week),
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

    /// The manifest, footprint and homes, fetched together.
    pub async fn load_register(self: &Arc<Self>) -> Result<Register, DataError> {
        let documents = [Document::Manifest, Document::Footprint, Document::Homes];
        let mut bodies = self.get_all(&documents).await?.into_iter();
        let mut next = || bodies.next().expect("one body per document");
        let manifest: DataManifest = parse(next())?;
        let mut weeks = manifest.weeks.clone();
        weeks.sort_unstable_by(|a, b| b.cmp(a));
        if weeks.is_empty() {
            return Err(DataError::Malformed {
                url: self.url(&Document::Manifest),
                message: "it lists no weeks of returns".to_string(),
            });
        }
        Ok(Register {
            source: self.clone(),
            manifest,
            footprint: parse(next())?,
            homes: parse(next())?,
            weeks,
        })
    }

    /// The returns in `documents` (each a [`Document::Returns`] or [`Document::Latest`]),
    /// fetched together.
    pub async fn load_returns(
        &self,
        documents: &[Document],
    ) -> Result<Vec<CapacityReturn>, DataError> {
        let mut returns = Vec::new();
        for body in self.get_all(documents).await? {
            returns.extend(parse::<Vec<CapacityReturn>>(body)?);
        }
        Ok(returns)
    }

    /// The bodies of `documents`, fetched together, in their order.
    async fn get_all(&self, documents: &[Document]) -> Result<Vec<(String, String)>, DataError> {
        // One kind of future for every file, so the concurrent fetch is compiled once.
        futures::future::try_join_all(documents.iter().map(|d| self.get_text(d))).await
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
            (DataSource::Static { base }, Document::Latest(w)) => format!("{base}/latest/{w}.json"),
            (DataSource::Api { base }, Document::Manifest) => format!("{base}/manifest"),
            (DataSource::Api { base }, Document::Footprint) => format!("{base}/footprint"),
            (DataSource::Api { base }, Document::Homes) => format!("{base}/homes"),
            (DataSource::Api { base }, Document::Returns(w)) => format!("{base}/weeks/{w}/returns"),
            (DataSource::Api { base }, Document::Latest(w)) => format!("{base}/weeks/{w}/latest"),
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
