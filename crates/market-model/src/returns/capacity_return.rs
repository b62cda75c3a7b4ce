//! A home's weekly capacity return: its beds by category, whether it is admitting, and its fees.

use crate::primitives::money::Pence;
use crate::primitives::week::Week;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The categories a return counts beds in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum BedCategory {
    /// Residential care.
    Residential,
    /// Residential care for people with dementia.
    ResidentialDementia,
    /// Nursing care.
    Nursing,
    /// Nursing care for people with dementia.
    NursingDementia,
    /// Short-stay, step-down or discharge-to-assess beds.
    StepDown,
}

impl BedCategory {
    /// Every category, in display order.
    pub const ALL: [BedCategory; 5] = [
        BedCategory::Residential,
        BedCategory::ResidentialDementia,
        BedCategory::Nursing,
        BedCategory::NursingDementia,
        BedCategory::StepDown,
    ];

    /// The categories a home as a whole can be (every one but step-down).
    pub const LONG_STAY: [BedCategory; 4] = [
        BedCategory::Residential,
        BedCategory::ResidentialDementia,
        BedCategory::Nursing,
        BedCategory::NursingDementia,
    ];

    /// A label for people.
    /// The category's key in JSON and in URLs, such as "nursing_dementia".
    pub fn key(self) -> &'static str {
        match self {
            BedCategory::Residential => "residential",
            BedCategory::ResidentialDementia => "residential_dementia",
            BedCategory::Nursing => "nursing",
            BedCategory::NursingDementia => "nursing_dementia",
            BedCategory::StepDown => "step_down",
        }
    }

    /// The category with this key.
    pub fn from_key(key: &str) -> Option<BedCategory> {
        BedCategory::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            BedCategory::Residential => "Residential",
            BedCategory::ResidentialDementia => "Residential dementia",
            BedCategory::Nursing => "Nursing",
            BedCategory::NursingDementia => "Nursing dementia",
            BedCategory::StepDown => "Short-stay / step-down",
        }
    }
}

/// Beds in one category in one week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BedCounts {
    /// Beds the home operates in this category.
    pub capacity: u32,
    /// Beds with a resident in them.
    pub occupied: u32,
    /// Empty beds held for someone (a planned admission, a hospital stay).
    pub vacant_reserved: u32,
    /// Empty beds open to a new admission now.
    pub vacant_accepting: u32,
}

impl BedCounts {
    /// All empty beds, reserved or not.
    pub fn vacant(&self) -> u32 {
        self.vacant_reserved + self.vacant_accepting
    }

    /// Adds another count to this one.
    pub fn add(&mut self, other: &BedCounts) {
        self.capacity += other.capacity;
        self.occupied += other.occupied;
        self.vacant_reserved += other.vacant_reserved;
        self.vacant_accepting += other.vacant_accepting;
    }
}

/// Whether a home is taking new admissions. In JSON, `{"status": "open"}` or
/// `{"status": "closed", "reason": "staffing", "detail": "…"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AdmissionsJson", into = "AdmissionsJson")]
pub enum Admissions {
    /// Taking admissions.
    Open,
    /// Not taking admissions, and why.
    Closed {
        /// The reason.
        reason: ClosureReason,
        /// Free text, required when the reason is "other".
        detail: Option<String>,
    },
}

/// [`Admissions`] as written in JSON. A plain struct rather than serde's internally tagged enum,
/// whose buffering deserialiser would cost the app several kilobytes.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdmissionsJson {
    /// "open" or "closed".
    pub status: AdmissionsStatus,
    /// Why, when closed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<ClosureReason>,
    /// Free text, required when the reason is "other".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Open or closed to admissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AdmissionsStatus {
    /// Taking admissions.
    Open,
    /// Not taking admissions.
    Closed,
}

impl TryFrom<AdmissionsJson> for Admissions {
    type Error = &'static str;

    fn try_from(json: AdmissionsJson) -> Result<Admissions, &'static str> {
        match (json.status, json.reason) {
            (AdmissionsStatus::Open, _) => Ok(Admissions::Open),
            (AdmissionsStatus::Closed, Some(reason)) => Ok(Admissions::Closed {
                reason,
                detail: json.detail,
            }),
            (AdmissionsStatus::Closed, None) => Err("closed admissions need a reason"),
        }
    }
}

impl From<Admissions> for AdmissionsJson {
    fn from(a: Admissions) -> AdmissionsJson {
        match a {
            Admissions::Open => AdmissionsJson {
                status: AdmissionsStatus::Open,
                reason: None,
                detail: None,
            },
            Admissions::Closed { reason, detail } => AdmissionsJson {
                status: AdmissionsStatus::Closed,
                reason: Some(reason),
                detail,
            },
        }
    }
}

#[cfg(feature = "openapi")]
impl utoipa::PartialSchema for Admissions {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        AdmissionsJson::schema()
    }
}

#[cfg(feature = "openapi")]
impl utoipa::ToSchema for Admissions {
    /// The schemas its JSON form refers to (the status and the closure reason), so that the
    /// document defines them.
    fn schemas(
        schemas: &mut Vec<(
            String,
            utoipa::openapi::RefOr<utoipa::openapi::schema::Schema>,
        )>,
    ) {
        <AdmissionsJson as utoipa::ToSchema>::schemas(schemas);
    }
}

/// Why a home has closed to admissions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClosureReason {
    /// An infection outbreak.
    InfectionOutbreak,
    /// Not enough staff.
    Staffing,
    /// CQC enforcement or a suspension of placements.
    CqcAction,
    /// Building work.
    Refurbishment,
    /// Another reason, given in the detail.
    Other,
}

impl ClosureReason {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            ClosureReason::InfectionOutbreak => "Infection outbreak",
            ClosureReason::Staffing => "Staffing",
            ClosureReason::CqcAction => "CQC action",
            ClosureReason::Refurbishment => "Refurbishment",
            ClosureReason::Other => "Other",
        }
    }
}

/// Weekly fees a home reports.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Fees {
    /// Whether the home accepts the council-funded rate.
    pub council_rate_accepted: bool,
    /// Lowest weekly fee charged to people who pay for themselves.
    pub self_funder_from: Option<Pence>,
    /// Highest weekly fee charged to people who pay for themselves.
    pub self_funder_to: Option<Pence>,
}

/// Needs a home can meet this week, beyond what it is registered for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Needs {
    /// People who must not bear weight (after a fracture, say).
    #[serde(default, skip_serializing_if = "is_false")]
    pub non_weight_bearing: bool,
    /// Bariatric care, for people up to this weight in kg.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bariatric_max_kg: Option<u32>,
    /// Hoisting, or care that needs two carers.
    #[serde(default, skip_serializing_if = "is_false")]
    pub hoist_two_carers: bool,
    /// Rehabilitation on site (therapists in the home).
    #[serde(default, skip_serializing_if = "is_false")]
    pub rehabilitation: bool,
    /// Behaviour that challenges.
    #[serde(default, skip_serializing_if = "is_false")]
    pub challenging_behaviour: bool,
}

impl Needs {
    /// Whether no need is offered (left out of the JSON).
    pub fn is_empty(&self) -> bool {
        *self == Needs::default()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Whom a home's vacant beds can take (shared rooms or corridors may limit them to one sex).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BedsFor {
    /// Anyone.
    #[default]
    Anyone,
    /// Women only.
    WomenOnly,
    /// Men only.
    MenOnly,
}

impl BedsFor {
    /// Whether there is no restriction (left out of the JSON).
    pub fn is_anyone(&self) -> bool {
        *self == BedsFor::Anyone
    }
}

/// Whom to call about admissions.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdmissionsContact {
    /// A name or role.
    pub name: String,
    /// A telephone number.
    pub phone: String,
    /// When they answer, such as "8am to 8pm, 7 days".
    #[serde(default)]
    pub hours: String,
}

/// One home's return for one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapacityReturn {
    /// CQC location ID of the home.
    pub home: String,
    /// The week it describes.
    pub week: Week,
    /// When it was submitted.
    #[serde(with = "crate::primitives::timestamp")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = DateTime))]
    pub submitted_at: DateTime<Utc>,
    /// Beds by category; a category the home does not have is absent.
    pub beds: BTreeMap<BedCategory, BedCounts>,
    /// Whether the home is admitting.
    pub admissions: Admissions,
    /// Fees; absent where the reader may not see this home's fees (they are commercially
    /// sensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fees: Option<Fees>,
    /// Step-down beds the home offers the NHS this week.
    #[serde(default)]
    pub step_down_beds_offered: u32,
    /// Needs the home can meet now.
    #[serde(default, skip_serializing_if = "Needs::is_empty")]
    pub needs: Needs,
    /// Whom the vacant beds can take.
    #[serde(default, skip_serializing_if = "BedsFor::is_anyone")]
    pub vacant_beds_for: BedsFor,
    /// Whom to call about admissions (shown to signed-in users only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<AdmissionsContact>,
    /// Why the beds reported add up to fewer than the home's registered beds, when they do.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_note: Option<String>,
}

/// A return as a provider submits it. The home comes from the URL and the time from the server.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Submission {
    /// Chosen by the client (8–100 letters, digits, '-' or '_'), kept across retries: the same ID
    /// never stores a second copy.
    pub submission_id: String,
    /// The version this amends, as the client last saw it; leave out for the week's first return.
    #[serde(default)]
    pub base_version: Option<u32>,
    /// The week commencing (a Monday).
    pub week: Week,
    /// Beds by category.
    pub beds: BTreeMap<BedCategory, BedCounts>,
    /// Admissions open or closed, with a reason.
    pub admissions: Admissions,
    /// Weekly fees.
    #[serde(default)]
    pub fees: Option<Fees>,
    /// Step-down beds offered.
    #[serde(default)]
    pub step_down_beds_offered: u32,
    /// Needs the home can meet now.
    #[serde(default)]
    pub needs: Needs,
    /// Whom the vacant beds can take.
    #[serde(default)]
    pub vacant_beds_for: BedsFor,
    /// Whom to call about admissions.
    #[serde(default)]
    pub contact: Option<AdmissionsContact>,
    /// Why the beds add up to fewer than the registered beds, when they do.
    #[serde(default)]
    pub capacity_note: Option<String>,
}

impl Submission {
    /// What a provider sends for `r`, under a submission ID kept across retries, amending
    /// `base_version` (none for the week's first return).
    pub fn of(r: &CapacityReturn, submission_id: String, base_version: Option<u32>) -> Submission {
        Submission {
            submission_id,
            base_version,
            week: r.week,
            beds: r.beds.clone(),
            admissions: r.admissions.clone(),
            fees: r.fees.clone(),
            step_down_beds_offered: r.step_down_beds_offered,
            needs: r.needs.clone(),
            vacant_beds_for: r.vacant_beds_for,
            contact: r.contact.clone(),
            capacity_note: r.capacity_note.clone(),
        }
    }

    /// The return it makes for `home`, received at `now`.
    pub fn into_return(self, home: &str, now: DateTime<Utc>) -> CapacityReturn {
        CapacityReturn {
            home: home.to_string(),
            week: self.week,
            submitted_at: now,
            beds: self.beds,
            admissions: self.admissions,
            fees: self.fees,
            step_down_beds_offered: self.step_down_beds_offered,
            needs: self.needs,
            vacant_beds_for: self.vacant_beds_for,
            contact: self.contact,
            capacity_note: self.capacity_note,
        }
    }
}

impl CapacityReturn {
    /// Whether this return supersedes `other` as its home's latest: the later week, then the
    /// later submission. Two submitted in the same second (times are kept to the second) tie,
    /// and the tie goes to this one, the one met later: lists of a home's returns run oldest
    /// version first, so the highest version wins, as the data service's SQL orders them
    /// (`week DESC, submitted_at DESC, version DESC`). This is the one rule for "a home's latest
    /// return"; the map, the overview, bed search and the service all follow it.
    pub fn supersedes(&self, other: &CapacityReturn) -> bool {
        (self.week, self.submitted_at) >= (other.week, other.submitted_at)
    }

    /// All beds in the return, every category added up.
    pub fn total(&self) -> BedCounts {
        let mut total = BedCounts::default();
        for counts in self.beds.values() {
            total.add(counts);
        }
        total
    }

    /// Whether the return arrived after the week's due time (Tuesday noon, London time).
    pub fn is_late(&self) -> bool {
        self.submitted_at > self.week.return_due()
    }

    /// Whether the home is taking admissions.
    pub fn is_open(&self) -> bool {
        self.admissions == Admissions::Open
    }

    /// The beds of `category` a broker could take now: vacant and accepting admissions, in a
    /// home open to admissions (none when it is closed). Holds come off these; bed search, the
    /// count of free beds and the service's hold check all start here.
    pub fn beds_to_offer(&self, category: BedCategory) -> u32 {
        match self.is_open() {
            true => self.beds.get(&category).map_or(0, |b| b.vacant_accepting),
            false => 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RETURN: &str = r#"{"home":"SAMPLE-0001","week":"2026-11-16",
        "submitted_at":"2026-11-17T09:30:00Z",
        "beds":{"nursing":{"capacity":30,"occupied":26,"vacant_reserved":1,"vacant_accepting":3},
                "step_down":{"capacity":4,"occupied":2,"vacant_reserved":0,"vacant_accepting":2}},
        "admissions":{"status":"closed","reason":"infection_outbreak"},
        "fees":{"council_rate_accepted":true,"self_funder_from":145000,"self_funder_to":180050}}"#;

    #[test]
    fn a_return_reads_from_json_and_totals_its_beds() {
        let r: CapacityReturn = serde_json::from_str(RETURN).expect("valid return");
        let t = r.total();
        assert_eq!(
            (
                t.capacity,
                t.occupied,
                t.vacant_reserved,
                t.vacant_accepting
            ),
            (34, 28, 1, 5)
        );
        assert_eq!(t.vacant(), 6);
        assert!(!r.is_open());
        assert_eq!(r.step_down_beds_offered, 0, "absent means none");
        assert_eq!(
            r.fees.as_ref().and_then(|f| f.self_funder_to),
            Some(Pence(180_050))
        );
        let back: CapacityReturn =
            serde_json::from_str(&serde_json::to_string(&r).expect("serialises")).expect("reads");
        assert_eq!(back, r);
    }

    #[test]
    fn lateness_is_measured_against_tuesday_noon() {
        let mut r: CapacityReturn = serde_json::from_str(RETURN).expect("valid return");
        assert!(!r.is_late());
        r.submitted_at = "2026-11-17T12:00:00Z".parse().expect("time");
        assert!(!r.is_late(), "exactly on time is on time");
        r.submitted_at = "2026-11-17T12:00:01Z".parse().expect("time");
        assert!(r.is_late());
    }

    #[test]
    fn in_summer_the_deadline_is_noon_bst() {
        let mut r: CapacityReturn = serde_json::from_str(RETURN).expect("valid return");
        r.week = "2026-06-01".parse().expect("a Monday");
        r.submitted_at = "2026-06-02T11:00:00Z".parse().expect("12:00 BST");
        assert!(!r.is_late(), "noon BST is on time");
        r.submitted_at = "2026-06-02T11:30:00Z".parse().expect("12:30 BST");
        assert!(r.is_late(), "12:30 BST is late");
    }

    #[test]
    fn a_return_for_a_non_monday_is_rejected() {
        let bad = RETURN.replace("2026-11-16", "2026-11-18");
        let err = serde_json::from_str::<CapacityReturn>(&bad).expect_err("not a Monday");
        assert!(err.to_string().contains("Monday"), "{err}");
    }
}
