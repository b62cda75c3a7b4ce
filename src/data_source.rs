//! Where the app's data comes from. Today: the JSON files shipped in `public/data/` (read-only
//! static hosting). The data service will add a live variant serving the same shapes, so pages
//! never know which they are talking to.

use market_model::capacity_return::CapacityReturn;
use market_model::footprint::{DataManifest, Footprint};
use market_model::home::CareHome;
use market_model::week::Week;
use serde::de::DeserializeOwned;
use std::fmt;

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
    /// What the data set is and which weeks it covers.
    pub async fn fetch_manifest(&self) -> Result<DataManifest, DataError> {
        self.get("manifest.json").await
    }

    /// The boroughs and hospitals.
    pub async fn fetch_footprint(&self) -> Result<Footprint, DataError> {
        self.get("footprint.json").await
    }

    /// Every care home on the register.
    pub async fn fetch_homes(&self) -> Result<Vec<CareHome>, DataError> {
        self.get("homes.json").await
    }

    /// The returns made for `week`.
    pub async fn fetch_returns(&self, week: Week) -> Result<Vec<CapacityReturn>, DataError> {
        self.get(&format!("returns/{week}.json")).await
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, DataError> {
        let DataSource::Static { base } = self;
        let url = format!("{base}/{path}");
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
        serde_json::from_str(&text).map_err(|e| DataError::Malformed {
            url,
            message: e.to_string(),
        })
    }
}
