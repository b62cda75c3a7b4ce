//! Each borough's usual weekly rate for a placement: what the council expects to pay for a bed in
//! each category. A broker's price ceiling starts at the placing borough's rate.
//!
//! The figures are **illustrative sample rates**, in line with the sample fees: they are not any
//! council's published rates. Each council replaces them with its own.
//!
//! ```
//! use market_model::{capacity_return::BedCategory, money::Pence, rates::usual_rate};
//! assert_eq!(usual_rate("E09000007", BedCategory::Nursing), Some(Pence::from_pounds(1_280)));
//! assert_eq!(usual_rate("E09000999", BedCategory::Nursing), None);
//! ```

use crate::capacity_return::BedCategory;
use crate::money::Pence;

/// Usual weekly rates in pounds per borough (GSS code): residential, residential dementia,
/// nursing, nursing dementia.
const USUAL_RATES: [(&str, [u32; 4]); 5] = [
    ("E09000003", [1_040, 1_150, 1_240, 1_330]), // Barnet
    ("E09000007", [1_090, 1_200, 1_280, 1_380]), // Camden
    ("E09000010", [1_000, 1_110, 1_200, 1_290]), // Enfield
    ("E09000014", [1_020, 1_130, 1_220, 1_310]), // Haringey
    ("E09000019", [1_100, 1_210, 1_290, 1_390]), // Islington
];

/// The usual weekly rate `borough` pays for a bed in `category`; a step-down bed is paid at the
/// nursing rate. `None` for a borough outside the footprint.
pub fn usual_rate(borough: &str, category: BedCategory) -> Option<Pence> {
    let column = match category {
        BedCategory::Residential => 0,
        BedCategory::ResidentialDementia => 1,
        BedCategory::Nursing | BedCategory::StepDown => 2,
        BedCategory::NursingDementia => 3,
    };
    USUAL_RATES
        .iter()
        .find(|(code, _)| *code == borough)
        .map(|(_, rates)| Pence::from_pounds(rates[column]))
}
