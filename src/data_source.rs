//! Where the app's data comes from. Today: the JSON files shipped in `public/data/` (read-only
//! static hosting). The data service will add a live variant serving the same shapes, so pages
//! never know which they are talking to.

use market_model::capacity_return::CapacityReturn;
use market_model::footprint::{DataManifest, Footprint};
use market_model::home::CareHome;
use market_model::home_status::{HomeStatus, LatestReturn};
use market_model::week::Week;
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
}

impl Default for DataSource {
    /// The files served beside the app, at `/data`.
    fn default() -> DataSource {
        DataSource::Static {
            base: "/data".to_string(),
        }
    }
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
        /// HTTP status text.
        status_text: String,
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
            DataError::Status {
                url,
                status,
                status_text,
            } => {
                write!(
                    f,
                    "Could not load {url}: the server answered {status} {status_text}."
                )
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
    /// The manifest, then the footprint, homes and every week's returns, fetched together.
    pub async fn load_market_data(&self) -> Result<Arc<MarketData>, DataError> {
        let manifest: DataManifest = self.get("manifest.json").await?;
        let mut weeks = manifest.weeks.clone();
        weeks.sort_unstable_by(|a, b| b.cmp(a));
        if weeks.is_empty() {
            return Err(DataError::Malformed {
                url: self.url("manifest.json"),
                message: "it lists no weeks of returns".to_string(),
            });
        }
        let mut paths = vec!["footprint.json".to_string(), "homes.json".to_string()];
        paths.extend(weeks.iter().map(|w| format!("returns/{w}.json")));
        // One kind of future for every file, so the concurrent fetch is compiled once.
        let mut bodies = futures::future::try_join_all(paths.iter().map(|p| self.get_text(p)))
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

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, DataError> {
        parse(self.get_text(path).await?)
    }

    /// The body of `path` and its full URL. Not generic, so the fetch is compiled once.
    fn url(&self, path: &str) -> String {
        let DataSource::Static { base } = self;
        format!("{base}/{path}")
    }

    async fn get_text(&self, path: &str) -> Result<(String, String), DataError> {
        let url = self.url(path);
        let response = gloo_net::http::Request::get(&url)
            .send()
            .await
            .map_err(|e| DataError::Network {
                url: url.clone(),
                message: e.to_string(),
            })?;
        if !response.ok() {
            return Err(DataError::Status {
                url,
                status: response.status(),
                status_text: response.status_text(),
            });
        }
        let text = response.text().await.map_err(|e| DataError::Network {
            url: url.clone(),
            message: e.to_string(),
        })?;
        Ok((url, text))
    }
}

/// Reads a fetched body `(url, text)` as JSON, naming the file when it is not what was expected.
fn parse<T: DeserializeOwned>((url, text): (String, String)) -> Result<T, DataError> {
    serde_json::from_str(&text).map_err(|e| DataError::Malformed {
        url,
        message: e.to_string(),
    })
}
