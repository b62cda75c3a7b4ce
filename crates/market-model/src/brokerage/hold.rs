//! Holds on vacant beds as the app and the data service exchange them: a broker's request, a
//! hold as its broker or the home's provider sees it, and the beds held per home. The rules
//! (who may hold, the last bed held once) are the data service's; a search subtracts
//! [`held_map`] from reported vacancies.

use crate::brokerage::bed_search::Held;
use crate::returns::capacity_return::BedCategory;
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
    /// The open referral it is for (whose reference it must carry), if any.
    #[serde(default)]
    pub referral: Option<i64>,
}

/// What happened to a hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// The broker no longer needs it.
    Released,
    /// The provider admitted the person.
    Admitted,
    /// The provider declined the person.
    Declined,
}

impl Outcome {
    /// Its name as the API and the database write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Released => "released",
            Outcome::Admitted => "admitted",
            Outcome::Declined => "declined",
        }
    }
}

/// An outcome to record on a hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OutcomeRequest {
    /// Released (the holding broker), admitted or declined (the home's provider).
    pub outcome: Outcome,
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
    /// The referral it belongs to, if any.
    pub referral: Option<i64>,
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

/// Whether a referral reference looks like a patient identifier: ten or more digits in a row (an
/// NHS number, a hospital number), or an NHS number written in its groups of three, three and
/// four digits with spaces, hyphens, slashes or dots between them. References must never carry
/// one.
pub fn looks_like_patient_identifier(reference: &str) -> bool {
    let runs: Vec<&str> = reference.split(|c: char| !c.is_ascii_digit()).collect();
    if runs.iter().any(|run| run.len() >= 10) {
        return true;
    }
    // Each digit group with the one character that follows it; an NHS number is 3-3-4 with one
    // separator of the same kind between the groups.
    let bytes = reference.as_bytes();
    let mut groups: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, b) in bytes.iter().enumerate() {
        match (b.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                groups.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        groups.push((s, bytes.len()));
    }
    groups.windows(3).any(|g| {
        let [(a0, a1), (b0, b1), (c0, c1)] = [g[0], g[1], g[2]];
        let separator = |end: usize, next: usize| {
            next == end + 1 && matches!(bytes[end], b' ' | b'-' | b'/' | b'.')
        };
        a1 - a0 == 3
            && b1 - b0 == 3
            && c1 - c0 == 4
            && separator(a1, b0)
            && separator(b1, c0)
            && bytes[a1] == bytes[b1]
    })
}

#[cfg(test)]
mod tests {
    use super::looks_like_patient_identifier;

    #[test]
    fn nhs_numbers_are_caught_however_they_are_written() {
        for identifier in [
            "9434765919",
            "REF-9434765919",
            "943 476 5919",
            "943-476-5919",
            "943/476/5919",
            "NMUH-943.476.5919",
            "12345678901",
        ] {
            assert!(looks_like_patient_identifier(identifier), "{identifier}");
        }
        for reference in [
            "NMUH-0412",
            "REF-2026-11-23-001",
            "WH/2026/0412",
            "943-476-591",
            "943-476/5919",
            "123456789",
        ] {
            assert!(!looks_like_patient_identifier(reference), "{reference}");
        }
    }
}
