//! Care homes as registered with the Care Quality Commission (CQC).

use crate::primitives::geometry::Point;
use crate::returns::capacity_return::BedCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A care home (a CQC-registered location providing a care home service).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CareHome {
    /// CQC location ID; the key everything else refers to.
    pub id: String,
    /// The home's name.
    pub name: String,
    /// The registered provider.
    pub provider: String,
    /// Street address without the postcode.
    pub address: String,
    /// Postcode.
    pub postcode: String,
    /// GSS code of the borough the home is in.
    pub borough: String,
    /// Where the home is.
    pub location: Point,
    /// Beds registered with CQC.
    pub registered_beds: u32,
    /// Nursing or residential.
    pub care_type: CareType,
    /// Needs the home is registered to specialise in.
    #[serde(default)]
    pub specialisms: Vec<Specialism>,
    /// Latest overall CQC rating; `None` when not yet rated.
    pub rating: Option<CqcRating>,
    /// When that rating was published.
    #[serde(default, with = "crate::primitives::timestamp::optional_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub rating_date: Option<NaiveDate>,
    /// CQC location ID when the home came from the CQC register (sample homes have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cqc_location_id: Option<String>,
    /// True when `location` is only the borough's centre, until a real location is set.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub location_approximate: bool,
    /// When the home left the CQC register; its history is kept.
    #[serde(
        default,
        with = "crate::primitives::timestamp::optional_date",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub deregistered_on: Option<NaiveDate>,
}

impl CareHome {
    /// Whether the home specialises in dementia care.
    pub fn has_dementia(&self) -> bool {
        self.specialisms.contains(&Specialism::Dementia)
    }

    /// The bed category that describes the home as a whole, used to group its fees.
    pub fn main_category(&self) -> BedCategory {
        match (self.care_type, self.has_dementia()) {
            (CareType::Residential, false) => BedCategory::Residential,
            (CareType::Residential, true) => BedCategory::ResidentialDementia,
            (CareType::Nursing, false) => BedCategory::Nursing,
            (CareType::Nursing, true) => BedCategory::NursingDementia,
        }
    }
}

/// CQC's split of care homes: with nursing or without.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CareType {
    /// Care home service with nursing.
    Nursing,
    /// Care home service without nursing.
    Residential,
}

impl CareType {
    /// Both types, nursing first.
    pub const ALL: [CareType; 2] = [CareType::Nursing, CareType::Residential];

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            CareType::Nursing => "Nursing",
            CareType::Residential => "Residential",
        }
    }
}

/// Needs a home is registered to specialise in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Specialism {
    /// Dementia.
    Dementia,
    /// Mental health conditions.
    MentalHealth,
    /// Learning disabilities or autistic spectrum disorder.
    LearningDisability,
    /// Physical disabilities.
    PhysicalDisability,
    /// Sensory impairments.
    SensoryImpairment,
}

impl Specialism {
    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Specialism::Dementia => "Dementia",
            Specialism::MentalHealth => "Mental health conditions",
            Specialism::LearningDisability => "Learning disabilities or autism",
            Specialism::PhysicalDisability => "Physical disabilities",
            Specialism::SensoryImpairment => "Sensory impairments",
        }
    }
}

/// CQC's overall rating.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum CqcRating {
    /// Outstanding.
    Outstanding,
    /// Good.
    Good,
    /// Requires improvement.
    RequiresImprovement,
    /// Inadequate.
    Inadequate,
}

impl CqcRating {
    /// CQC's wording.
    pub fn label(self) -> &'static str {
        match self {
            CqcRating::Outstanding => "Outstanding",
            CqcRating::Good => "Good",
            CqcRating::RequiresImprovement => "Requires improvement",
            CqcRating::Inadequate => "Inadequate",
        }
    }
}

/// A plain nursing home for tests: 20 beds, no specialisms, not rated, borough "B".
#[cfg(test)]
pub(crate) fn test_home(id: &str) -> CareHome {
    CareHome {
        id: id.into(),
        name: id.into(),
        provider: "P".into(),
        address: "A".into(),
        postcode: "N1 1AA".into(),
        borough: "B".into(),
        location: Point { lon: 0.0, lat: 0.0 },
        registered_beds: 20,
        care_type: CareType::Nursing,
        specialisms: vec![],
        rating: None,
        rating_date: None,
        cqc_location_id: None,
        location_approximate: false,
        deregistered_on: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_home_reads_from_json_and_names_its_category() {
        let json = r#"{"id":"SAMPLE-0001","name":"Oak Lodge","provider":"Oak Care Ltd",
            "address":"1 High Road, Finchley","postcode":"N3 1AA","borough":"E09000003",
            "location":[-0.19,51.6],"registered_beds":40,"care_type":"nursing",
            "specialisms":["dementia"],"rating":"requires_improvement","rating_date":"2025-03-01"}"#;
        let home: CareHome = serde_json::from_str(json).expect("valid home");
        assert_eq!(home.main_category(), BedCategory::NursingDementia);
        assert_eq!(
            home.rating.map(CqcRating::label),
            Some("Requires improvement")
        );
        let residential = CareHome {
            care_type: CareType::Residential,
            specialisms: vec![],
            ..home
        };
        assert_eq!(residential.main_category(), BedCategory::Residential);
    }

    #[test]
    fn an_unknown_care_type_is_rejected() {
        let err = serde_json::from_str::<CareType>("\"hospice\"").expect_err("not a care type");
        assert!(err.to_string().contains("hospice"));
    }
}
