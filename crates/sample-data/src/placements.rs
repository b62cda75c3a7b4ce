//! A sample placements ledger: most people placed by the borough their home is in, inner
//! boroughs (with few homes) placing more outside, and Barnet, with the most homes, taking in the
//! most from elsewhere. Prices sit around the placing borough's usual rate with a spread, NHS
//! continuing healthcare and joint funding above it, top-ups above it too, and older placements a
//! little cheaper. Some placements have ended.

use crate::rng::SplitMix64;
use chrono::{Duration, NaiveDate};
use market_model::analytics::ledger::{Funder, Placement};
use market_model::brokerage::rates::usual_rate;
use market_model::primitives::money::Pence;
use market_model::register::home::{CareHome, CareType};
use market_model::returns::capacity_return::BedCategory;

/// Per placing borough: its GSS code, reference prefix, share of placements and how often it
/// places in its own borough.
const PLACERS: [(&str, &str, f64, f64); 5] = [
    ("E09000003", "BAR", 0.26, 0.88), // Barnet
    ("E09000007", "CAM", 0.17, 0.55), // Camden
    ("E09000010", "ENF", 0.23, 0.80), // Enfield
    ("E09000014", "HGY", 0.18, 0.65), // Haringey
    ("E09000019", "ISL", 0.16, 0.50), // Islington
];

/// Where placements outside the placing borough go: Barnet three times as often as elsewhere.
const BARNET: &str = "E09000003";
const BARNET_WEIGHT: f64 = 3.0;

/// Placements start within this many days before the ledger's date.
const HISTORY_DAYS: u32 = 4 * 365;

/// `count` placements in `homes`, as the ledger stands on `as_of`.
pub fn generate(
    homes: &[CareHome],
    count: usize,
    as_of: NaiveDate,
    rng: &mut SplitMix64,
) -> Vec<Placement> {
    let mut numbers = [0u32; PLACERS.len()];
    let mut placements = Vec::with_capacity(count);
    if homes.is_empty() {
        return placements;
    }
    for _ in 0..count {
        let placer = rng.weighted(&PLACERS.map(|p| p.2));
        let (borough, prefix, _, own_share) = PLACERS[placer];
        let home = pick_home(homes, borough, own_share, rng);
        let category = category(home, rng);
        let funder = funder(category, rng);
        let days_ago = rng.int(0, HISTORY_DAYS);
        let start_date = as_of - Duration::days(i64::from(days_ago));
        let years_ago = f64::from(days_ago) / 365.0;
        let end_date = (days_ago >= 14 && rng.chance(0.1 + 0.4 * years_ago / 4.0))
            .then(|| start_date + Duration::days(i64::from(rng.int(14, days_ago))));
        numbers[placer] += 1;
        placements.push(Placement {
            id: format!("{prefix}-{:06}", numbers[placer]),
            home_id: home.id.clone(),
            placing_borough: borough.to_string(),
            category,
            funder,
            weekly_price: price(borough, category, funder, years_ago, rng),
            start_date,
            end_date,
        });
    }
    placements
}

/// A home for a placement by `borough`: in the borough itself with probability `own_share` (if it
/// has homes), otherwise elsewhere with Barnet favoured; larger homes take more placements.
fn pick_home<'a>(
    homes: &'a [CareHome],
    borough: &str,
    own_share: f64,
    rng: &mut SplitMix64,
) -> &'a CareHome {
    let own = rng.chance(own_share) && homes.iter().any(|h| h.borough == borough);
    let weights: Vec<f64> = homes
        .iter()
        .map(|h| {
            let place = match (own, h.borough == borough) {
                (true, true) => 1.0,
                (true, false) | (false, true) => 0.0,
                (false, false) if h.borough == BARNET => BARNET_WEIGHT,
                (false, false) => 1.0,
            };
            place * f64::from(h.registered_beds)
        })
        .collect();
    &homes[rng.weighted(&weights)]
}

/// The bed: mostly the home's main category, sometimes its general unit, now and then a
/// step-down bed in a nursing home.
fn category(home: &CareHome, rng: &mut SplitMix64) -> BedCategory {
    let main = home.main_category();
    if home.care_type == CareType::Nursing && rng.chance(0.04) {
        BedCategory::StepDown
    } else if home.has_dementia() && rng.chance(0.3) {
        match home.care_type {
            CareType::Nursing => BedCategory::Nursing,
            CareType::Residential => BedCategory::Residential,
        }
    } else {
        main
    }
}

/// Who pays: NHS continuing healthcare and joint funding only for nursing care.
fn funder(category: BedCategory, rng: &mut SplitMix64) -> Funder {
    let nursing = matches!(
        category,
        BedCategory::Nursing | BedCategory::NursingDementia | BedCategory::StepDown
    );
    match rng.unit() {
        r if nursing && r < 0.16 => Funder::NhsChc,
        r if nursing && r < 0.24 => Funder::Joint,
        r if r > 0.91 => Funder::SelfFunderTopUp,
        _ => Funder::Council,
    }
}

/// Around the placing borough's usual rate: a spread of about ±15%, more for health funding and
/// top-ups, about 4% less for each year since the placement started. Whole pounds mostly.
fn price(
    borough: &str,
    category: BedCategory,
    funder: Funder,
    years_ago: f64,
    rng: &mut SplitMix64,
) -> Pence {
    let rate = usual_rate(borough, category)
        .expect("every placing borough has usual rates")
        .as_pounds_f64();
    let spread = 1.0 + rng.range(-0.09, 0.09) + rng.range(-0.06, 0.12);
    let uplift = match funder {
        Funder::Council => 1.0,
        Funder::NhsChc => rng.range(1.15, 1.45),
        Funder::Joint => rng.range(1.05, 1.2),
        Funder::SelfFunderTopUp => rng.range(1.08, 1.3),
    };
    let pounds = rate * spread * uplift * (1.0 - 0.04 * years_ago);
    if rng.chance(0.6) {
        Pence::from_pounds(pounds.round() as u32)
    } else {
        Pence((pounds * 100.0).round() as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weights_choose_in_proportion_and_never_a_zero() {
        let mut rng = SplitMix64::new(5);
        let mut counts = [0usize; 3];
        for _ in 0..10_000 {
            counts[rng.weighted(&[1.0, 0.0, 3.0])] += 1;
        }
        assert_eq!(counts[1], 0);
        assert!((2_300..2_700).contains(&counts[0]), "{counts:?}");
    }

    #[test]
    fn health_funding_is_for_nursing_care_only() {
        let mut rng = SplitMix64::new(9);
        for _ in 0..2_000 {
            let f = funder(BedCategory::ResidentialDementia, &mut rng);
            assert!(
                matches!(f, Funder::Council | Funder::SelfFunderTopUp),
                "{f:?}"
            );
        }
    }
}
