//! Holds on vacant beds as the app and the data service exchange them: a broker's request, a
//! hold as its broker or the home's provider sees it, and the beds held per home. The rules
//! (who may hold, the last bed held once) are the data service's; a search subtracts
//! [`held_map`] from reported vacancies.

use crate::bed_search::Held;
use crate::capacity_return::BedCategory;
use serde::{Deserialize, Serialize};

/// A broker's request to hold a bed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewHold {
    /// The home's ID.
    pub home: String,
    /// The bed category.
    pub category: BedCategory,
    /// The referral reference (3–40 letters, digits, '-', '_' or '/'; no patient identifiers).
    pub reference: String,
    /// Hours until it lapses, 1 to 72; 4 when left out.
    #[serde(default)]
    pub hours: Option<u32>,
}

/// A hold as its broker, the home's provider or an administrator sees it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Hold {
    /// Its ID.
    pub id: i64,
    /// The home's ID.
    pub home: String,
    /// The home's name.
    pub home_name: String,
    /// The bed category.
    pub category: BedCategory,
    /// The referral reference.
    pub reference: String,
    /// The broker's display name.
    pub broker: String,
    /// When it was placed (RFC 3339, UTC).
    pub created_at: String,
    /// When it lapses.
    pub expires_at: String,
    /// "active", "expired", "released", "admitted" or "declined".
    pub status: String,
    /// When it was resolved, if it was.
    pub resolved_at: Option<String>,
}

/// Beds held in one category at one home.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HeldBeds {
    /// The home's ID.
    pub home: String,
    /// The bed category.
    pub category: BedCategory,
    /// Beds held by active holds.
    pub beds: u32,
}

/// Held beds as a search counts them.
pub fn held_map(held: &[HeldBeds]) -> Held {
    held.iter()
        .map(|h| ((h.home.clone(), h.category), h.beds))
        .collect()
}
