//! Each borough's usual weekly rate for a placement: what the council expects to pay for a bed in
//! each category. A broker's price ceiling starts at the placing borough's rate, and price
//! analysis compares what boroughs actually pay against it.
//!
//! The figures are **illustrative sample rates**, in line with the sample fees: they are not any
//! council's published rates. Each council replaces them with its own: [`UsualRates::default`]
//! is the sample table, and [`UsualRates::set`] changes one entry.
//!
//! ```
//! use market_model::returns::capacity_return::BedCategory;
//! use market_model::primitives::money::Pence;
//! use market_model::brokerage::rates::{usual_rate, UsualRates};
//! assert_eq!(usual_rate("E09000007", BedCategory::Nursing), Some(Pence::from_pounds(1_280)));
//! assert_eq!(usual_rate("E09000999", BedCategory::Nursing), None);
//!
//! let mut rates = UsualRates::default();
//! rates.set("E09000007", BedCategory::Nursing, Pence::from_pounds(1_300));
//! assert_eq!(rates.get("E09000007", BedCategory::Nursing), Some(Pence::from_pounds(1_300)));
//! assert_eq!(rates.get("E09000007", BedCategory::StepDown), Some(Pence::from_pounds(1_280)));
//! ```

use crate::primitives::money::Pence;
use crate::returns::capacity_return::BedCategory;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::sync::LazyLock;

/// Sample usual weekly rates in pounds per borough (GSS code): residential, residential dementia,
/// nursing, nursing dementia. Step-down beds are paid at the nursing rate.
const SAMPLE_RATES: [(&str, [u32; 4]); 5] = [
    ("E09000003", [1_040, 1_150, 1_240, 1_330]), // Barnet
    ("E09000007", [1_090, 1_200, 1_280, 1_380]), // Camden
    ("E09000010", [1_000, 1_110, 1_200, 1_290]), // Enfield
    ("E09000014", [1_020, 1_130, 1_220, 1_310]), // Haringey
    ("E09000019", [1_100, 1_210, 1_290, 1_390]), // Islington
];

/// A table of usual weekly rates: borough (GSS code) × bed category → rate.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsualRates {
    rates: BTreeMap<String, BTreeMap<BedCategory, Pence>>,
}

impl Default for UsualRates {
    /// The illustrative sample rates for the five boroughs, step-down at the nursing rate.
    fn default() -> UsualRates {
        let mut table = UsualRates {
            rates: BTreeMap::new(),
        };
        for (borough, pounds) in SAMPLE_RATES {
            for (category, pounds) in BedCategory::LONG_STAY.into_iter().zip(pounds) {
                table.set(borough, category, Pence::from_pounds(pounds));
            }
            table.set(
                borough,
                BedCategory::StepDown,
                Pence::from_pounds(pounds[2]),
            );
        }
        table
    }
}

impl UsualRates {
    /// The rate `borough` pays for a bed in `category`, if the table has one.
    pub fn get(&self, borough: &str, category: BedCategory) -> Option<Pence> {
        self.rates.get(borough)?.get(&category).copied()
    }

    /// Sets the rate `borough` pays for a bed in `category`, adding the borough if it is new.
    pub fn set(&mut self, borough: &str, category: BedCategory, rate: Pence) {
        self.rates
            .entry(borough.to_string())
            .or_default()
            .insert(category, rate);
    }
}

/// Why a rate override could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RateError {
    /// The override at fault, as written.
    pub item: String,
    /// What is wrong with it.
    pub kind: RateErrorKind,
}

/// What is wrong with a rate override.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RateErrorKind {
    /// Not three parts separated by colons.
    Shape,
    /// The category is not a bed category's key.
    Category(String),
    /// The rate is not an amount in pounds.
    Amount(String),
}

impl fmt::Display for RateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            RateErrorKind::Shape => write!(
                f,
                "'{}' is not GSS code:category:pounds, such as E09000003:nursing:1300.",
                self.item
            ),
            RateErrorKind::Category(c) => write!(f, "'{c}' is not a bed category."),
            RateErrorKind::Amount(a) => write!(f, "'{a}' is not an amount in pounds."),
        }
    }
}

impl std::error::Error for RateError {}

impl UsualRates {
    /// Applies overrides written `GSS:category:pounds`, comma-separated
    /// (`E09000003:nursing:1300,E09000007:residential:1120.50`), as the price analysis takes them
    /// in a URL. Nothing is changed when one of them cannot be read.
    pub fn apply_overrides(&mut self, text: &str) -> Result<(), RateError> {
        let mut read = Vec::new();
        for item in text.split(',').filter(|s| !s.is_empty()) {
            let error = |kind| RateError {
                item: item.to_string(),
                kind,
            };
            let mut parts = item.split(':');
            let (Some(borough), Some(category), Some(pounds), None) =
                (parts.next(), parts.next(), parts.next(), parts.next())
            else {
                return Err(error(RateErrorKind::Shape));
            };
            let category = BedCategory::from_key(category)
                .ok_or_else(|| error(RateErrorKind::Category(category.to_string())))?;
            let rate: Pence = pounds
                .parse()
                .map_err(|_| error(RateErrorKind::Amount(pounds.to_string())))?;
            read.push((borough, category, rate));
        }
        for (borough, category, rate) in read {
            self.set(borough, category, rate);
        }
        Ok(())
    }

    /// The entries that differ from `base` (or are not in it), as overrides for
    /// [`UsualRates::apply_overrides`]: empty when there are none.
    pub fn overrides_from(&self, base: &UsualRates) -> String {
        let mut items = Vec::new();
        for (borough, categories) in &self.rates {
            for (&category, &rate) in categories {
                if base.get(borough, category) != Some(rate) {
                    let pounds = match rate.0 % 100 {
                        0 => (rate.0 / 100).to_string(),
                        pence => format!("{}.{pence:02}", rate.0 / 100),
                    };
                    items.push(format!("{borough}:{}:{pounds}", category.key()));
                }
            }
        }
        items.join(",")
    }
}

static SAMPLE: LazyLock<UsualRates> = LazyLock::new(UsualRates::default);

/// The usual weekly rate `borough` pays for a bed in `category`, from the sample table; a
/// step-down bed is paid at the nursing rate. `None` for a borough outside the footprint.
pub fn usual_rate(borough: &str, category: BedCategory) -> Option<Pence> {
    SAMPLE.get(borough, category)
}

#[cfg(test)]
mod tests {
    use super::*;
    use BedCategory::*;

    #[test]
    fn the_sample_table_has_every_borough_and_category() {
        let cases = [
            ("E09000003", Residential, Some(1_040)),
            ("E09000003", NursingDementia, Some(1_330)),
            ("E09000010", ResidentialDementia, Some(1_110)),
            ("E09000014", StepDown, Some(1_220)),
            ("E09000019", Nursing, Some(1_290)),
            ("E09000019", StepDown, Some(1_290)),
            ("E09000001", Nursing, None),
        ];
        for (borough, category, pounds) in cases {
            let want = pounds.map(Pence::from_pounds);
            assert_eq!(
                usual_rate(borough, category),
                want,
                "{borough} {category:?}"
            );
        }
    }

    #[test]
    fn setting_one_entry_leaves_the_others() {
        let mut rates = UsualRates::default();
        rates.set("E09000003", Nursing, Pence(125_050));
        rates.set("E09000001", Residential, Pence::from_pounds(900));
        assert_eq!(rates.get("E09000003", Nursing), Some(Pence(125_050)));
        assert_eq!(
            rates.get("E09000003", StepDown),
            Some(Pence::from_pounds(1_240))
        );
        assert_eq!(
            rates.get("E09000007", Nursing),
            Some(Pence::from_pounds(1_280))
        );
        assert_eq!(
            rates.get("E09000001", Residential),
            Some(Pence::from_pounds(900))
        );
        assert_eq!(rates.get("E09000001", Nursing), None);
        assert_ne!(rates, UsualRates::default());
    }

    #[test]
    fn the_table_reads_and_writes_as_json() {
        let mut rates = UsualRates {
            rates: BTreeMap::new(),
        };
        rates.set("E09000007", NursingDementia, Pence(138_000));
        let json = serde_json::to_string(&rates).expect("serialises");
        assert_eq!(json, r#"{"E09000007":{"nursing_dementia":138000}}"#);
        let back: UsualRates = serde_json::from_str(&json).expect("reads");
        assert_eq!(back, rates);
    }

    #[test]
    fn overrides_read_back_as_written_and_a_bad_one_changes_nothing() {
        let mut rates = UsualRates::default();
        rates
            .apply_overrides("E09000003:nursing:1300,E09000007:residential_dementia:1120.50")
            .expect("reads");
        assert_eq!(
            rates.get("E09000003", Nursing),
            Some(Pence::from_pounds(1_300))
        );
        assert_eq!(
            rates.get("E09000007", ResidentialDementia),
            Some(Pence(112_050))
        );
        let written = rates.overrides_from(&UsualRates::default());
        assert_eq!(
            written,
            "E09000003:nursing:1300,E09000007:residential_dementia:1120.50"
        );
        let mut again = UsualRates::default();
        again.apply_overrides(&written).expect("reads back");
        assert_eq!(again, rates);
        assert_eq!(
            UsualRates::default().overrides_from(&UsualRates::default()),
            ""
        );

        for (text, message) in [
            ("E09000003:nursing", "'E09000003:nursing' is not GSS code:category:pounds, such as E09000003:nursing:1300."),
            ("E09000003:nursing:1300,E09000003:beds:1", "'beds' is not a bed category."),
            ("E09000003:nursing:lots", "'lots' is not an amount in pounds."),
        ] {
            let mut rates = UsualRates::default();
            let error = rates.apply_overrides(text).expect_err(text);
            assert_eq!(error.to_string(), message);
            assert_eq!(rates, UsualRates::default(), "nothing changed by {text}");
        }
    }
}
