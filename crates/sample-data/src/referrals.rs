//! A sample referral history: people ready for discharge from the footprint's hospitals over the
//! sample weeks, placed by the hospital's borough or another, most placed within days, dementia nursing waiting longest, some leaving another
//! way or withdrawn, and those still waiting on the day after the last sample week open.

use crate::rng::SplitMix64;
use chrono::{Duration, NaiveDate};
use market_model::brokerage::bed_search::hospital_key;
use market_model::brokerage::rates::usual_rate;
use market_model::brokerage::referral::{Pathway, Referral, Status};
use market_model::primitives::money::Pence;
use market_model::register::footprint::Footprint;
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::BedCategory;

/// The needs referred, as the bed search's query, with their share and their mean wait in days.
const NEEDS: [(&str, f64, f64); 6] = [
    ("", 0.30, 3.0),                                           // step-down, nursing
    ("type=residential", 0.10, 2.5),                           // step-down, residential
    ("stay=permanent", 0.18, 5.0),                             // nursing
    ("dementia=1&stay=permanent", 0.20, 18.0),                 // dementia nursing
    ("stay=permanent&type=residential", 0.12, 4.0),            // residential
    ("dementia=1&stay=permanent&type=residential", 0.10, 8.0), // residential dementia
];

/// `count` referrals ready for discharge between `first` and the day before `as_of`, as they
/// stand on `as_of`.
pub fn generate(
    footprint: &Footprint,
    homes: &[CareHome],
    count: usize,
    first: NaiveDate,
    as_of: NaiveDate,
    rng: &mut SplitMix64,
) -> Vec<Referral> {
    let span = u32::try_from((as_of - first).num_days())
        .unwrap_or(1)
        .max(1);
    let mut referrals: Vec<Referral> = (0..count)
        .map(|_| {
            let (need, _, mean_wait) = NEEDS[rng.weighted(&NEEDS.map(|n| n.1))];
            let hospital = rng.pick(&footprint.hospitals);
            // Most people are placed by the borough their hospital is in; the rest live elsewhere
            // (Haringey has no acute hospital of its own).
            let placing = footprint
                .borough_containing(hospital.location)
                .filter(|_| rng.chance(0.6))
                .unwrap_or_else(|| rng.pick(&footprint.boroughs));
            let ready_on = first + Duration::days(i64::from(rng.int(0, span - 1)));
            // Exponential waits, rounded down: many the same or next day, a long tail.
            let wait = (-mean_wait * (1.0 - rng.unit()).ln()).floor() as i64;
            let closed_on = Some(ready_on + Duration::days(wait)).filter(|d| *d < as_of);
            let mut r = Referral {
                id: 0,
                reference: String::new(),
                hospital: hospital_key(&hospital.name),
                placing: placing.gss_code.clone(),
                need: need.to_string(),
                ready_on,
                ceiling: Pence(0),
                broker: "Sample broker".to_string(),
                status: Status::Open,
                closed_on,
                home: None,
                reason: None,
            };
            let rate = usual_rate(&r.placing, r.search().rate_category()).unwrap_or(Pence(120_000));
            // Ceilings at the usual rate or up to 15% above it, in whole pounds.
            r.ceiling = Pence::from_pounds(rate.0 / 100 * rng.int(100, 115) / 100);
            if closed_on.is_some() {
                let roll = rng.unit();
                if roll < 0.82 {
                    r.status = Status::Placed;
                    r.home = pick_home(homes, r.category(), rng).map(|h| h.id.clone());
                } else if roll < 0.94 {
                    r.status = Status::OtherPathway;
                    r.reason = Some(*rng.pick(&Pathway::ALL));
                } else {
                    r.status = Status::Withdrawn;
                }
                if r.status == Status::Placed && r.home.is_none() {
                    r.status = Status::Withdrawn;
                }
            }
            r
        })
        .collect();
    referrals.sort_by_key(|r| r.ready_on);
    for (i, r) in referrals.iter_mut().enumerate() {
        r.id = i as i64 + 1;
        r.reference = format!("SAMPLE-R-{:04}", i + 1);
    }
    referrals
}

/// A home whose main category is `category` (any home for step-down).
fn pick_home<'a>(
    homes: &'a [CareHome],
    category: BedCategory,
    rng: &mut SplitMix64,
) -> Option<&'a CareHome> {
    let fits: Vec<&CareHome> = homes
        .iter()
        .filter(|h| category == BedCategory::StepDown || h.main_category() == category)
        .collect();
    (!fits.is_empty()).then(|| *rng.pick(&fits))
}
