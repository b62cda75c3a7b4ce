//! Sample weekly capacity returns: occupancy that drifts from week to week, homes that close to
//! admissions for a while, fees in plausible London ranges (self-funders above council rates),
//! and the gaps real returns have: homes that are late, skip weeks, or never return.

use crate::rng::SplitMix64;
use chrono::{Duration, NaiveTime, TimeZone, Utc};
use market_model::primitives::money::Pence;
use market_model::primitives::week::Week;
use market_model::register::footprint::Footprint;
use market_model::register::home::{CareHome, CareType};
use market_model::returns::capacity_return::{
    Admissions, BedCategory, BedCounts, BedsFor, CapacityReturn, ClosureReason, Fees, Needs,
};
use std::collections::BTreeMap;

/// What stays the same about a home from week to week.
struct Profile {
    capacity: BTreeMap<BedCategory, u32>,
    occupancy: f64,
    reliability: f64,
    lateness: f64,
    fee_from: u32,
    fee_spread: u32,
    council_rate_accepted: bool,
    closed_for: u32,
    closure: ClosureReason,
    needs: Needs,
    beds_for: BedsFor,
}

/// Returns for every week in `weeks`, keyed by week, each sorted by home.
pub fn generate(
    footprint: &Footprint,
    homes: &[CareHome],
    weeks: &[Week],
    rng: &mut SplitMix64,
) -> BTreeMap<Week, Vec<CapacityReturn>> {
    let mut profiles: Vec<Profile> = homes.iter().map(|h| profile(footprint, h, rng)).collect();
    let mut out = BTreeMap::new();
    let last = weeks.iter().max().copied();
    for &week in weeks {
        let mut returns = Vec::new();
        for (home, p) in homes.iter().zip(profiles.iter_mut()) {
            p.occupancy = (p.occupancy + rng.range(-0.03, 0.03)).clamp(0.70, 1.0);
            if p.closed_for > 0 {
                p.closed_for -= 1;
            } else if rng.chance(0.02) {
                p.closed_for = rng.int(1, 3);
                p.closure = *rng.pick(&[
                    ClosureReason::InfectionOutbreak,
                    ClosureReason::InfectionOutbreak,
                    ClosureReason::Staffing,
                    ClosureReason::CqcAction,
                    ClosureReason::Refurbishment,
                ]);
            }
            if rng.chance(0.004) {
                p.fee_from += rng.int(20, 60) * 100; // an in-year fee rise, in pence
            }
            // The newest week is still coming in: fewer homes have returned.
            let reliability = if Some(week) == last {
                p.reliability - 0.06
            } else {
                p.reliability
            };
            if !rng.chance(reliability) {
                continue;
            }
            returns.push(weekly_return(home, p, week, rng));
        }
        out.insert(week, returns);
    }
    out
}

fn profile(footprint: &Footprint, home: &CareHome, rng: &mut SplitMix64) -> Profile {
    let beds = home.registered_beds;
    // Some rooms are out of use now and then.
    let operated = if rng.chance(0.1) {
        beds.saturating_sub(rng.int(1, 3)).max(1)
    } else {
        beds
    };
    let main = home.main_category();
    let mut capacity = BTreeMap::new();
    let step_down = if operated >= 30 && rng.chance(0.2) {
        rng.int(2, 6)
    } else {
        0
    };
    let rest = operated - step_down;
    if home.has_dementia() && rest >= 10 {
        // Dementia homes usually also run a general unit.
        let general = match main {
            BedCategory::NursingDementia => BedCategory::Nursing,
            _ => BedCategory::Residential,
        };
        let dementia_beds = (f64::from(rest) * rng.range(0.4, 0.7)).round() as u32;
        capacity.insert(main, dementia_beds);
        capacity.insert(general, rest - dementia_beds);
    } else {
        capacity.insert(main, rest);
    }
    if step_down > 0 {
        capacity.insert(BedCategory::StepDown, step_down);
    }

    // Weekly fees in pounds: London ranges; inner boroughs dearer.
    let base = match main {
        BedCategory::Residential => rng.range(1_050.0, 1_450.0),
        BedCategory::ResidentialDementia => rng.range(1_200.0, 1_650.0),
        BedCategory::Nursing => rng.range(1_350.0, 1_850.0),
        _ => rng.range(1_500.0, 2_100.0),
    };
    let inner = ["Camden", "Islington"].iter().any(|n| {
        footprint
            .borough(&home.borough)
            .is_some_and(|b| b.name == *n)
    });
    let base = if inner { base * 1.08 } else { base };
    // Most fees are whole pounds; some end in 50p.
    let fee_from = (base.round() as u32) * 100 + if rng.chance(0.2) { 50 } else { 0 };

    let never_returns = rng.chance(0.02);
    Profile {
        capacity,
        occupancy: rng.range(0.82, 0.97),
        reliability: if never_returns {
            0.0
        } else {
            rng.range(0.85, 1.0)
        },
        lateness: rng.range(0.0, 0.25),
        fee_from,
        fee_spread: rng.int(3, 12) * 5_000,
        council_rate_accepted: rng.chance(0.7),
        closed_for: 0,
        closure: ClosureReason::Staffing,
        needs: needs(home, step_down > 0),
        beds_for: beds_for(home),
    }
}

/// A drawer of its own per home (seeded from its ID), so adding needs left every other figure
/// as it was.
fn own_rng(home: &CareHome, salt: u64) -> SplitMix64 {
    let hash = home.id.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    SplitMix64::new(hash ^ salt)
}

/// Needs a home can meet: nursing homes more often take non-weight-bearing and bariatric
/// patients, homes with step-down beds usually have therapists, dementia homes more often
/// manage behaviour that challenges.
fn needs(home: &CareHome, step_down: bool) -> Needs {
    let mut rng = own_rng(home, 1);
    let nursing = home.care_type == CareType::Nursing;
    Needs {
        non_weight_bearing: rng.chance(if nursing { 0.6 } else { 0.15 }),
        bariatric_max_kg: rng
            .chance(if nursing { 0.35 } else { 0.1 })
            .then(|| rng.int(14, 25) * 10),
        hoist_two_carers: rng.chance(if nursing { 0.85 } else { 0.4 }),
        rehabilitation: rng.chance(if step_down { 0.75 } else { 0.1 }),
        challenging_behaviour: rng.chance(if home.has_dementia() { 0.45 } else { 0.1 }),
    }
}

/// A few homes can only offer their vacant beds to one sex (shared rooms and corridors).
fn beds_for(home: &CareHome) -> BedsFor {
    let mut rng = own_rng(home, 2);
    match rng.int(0, 99) {
        0..=3 => BedsFor::WomenOnly,
        4..=5 => BedsFor::MenOnly,
        _ => BedsFor::Anyone,
    }
}

fn weekly_return(home: &CareHome, p: &Profile, week: Week, rng: &mut SplitMix64) -> CapacityReturn {
    let closed = p.closed_for > 0;
    let beds = p
        .capacity
        .iter()
        .map(|(&category, &capacity)| {
            let occupied = ((f64::from(capacity) * p.occupancy).round() as u32).min(capacity);
            let vacant = capacity - occupied;
            let vacant_reserved = rng.int(0, vacant.min(2));
            let vacant_accepting = if closed { 0 } else { vacant - vacant_reserved };
            (
                category,
                BedCounts {
                    capacity,
                    occupied,
                    vacant_reserved,
                    vacant_accepting,
                },
            )
        })
        .collect::<BTreeMap<_, _>>();
    let step_down_beds_offered = beds
        .get(&BedCategory::StepDown)
        .map_or(0, |b| b.vacant_accepting);

    // On time: Monday 08:00 to Tuesday noon. Late: Tuesday afternoon to Friday.
    let start = week
        .monday()
        .and_time(NaiveTime::from_hms_opt(8, 0, 0).expect("valid time"));
    let minutes = if rng.chance(p.lateness) {
        rng.int(28 * 60 + 1, 4 * 24 * 60)
    } else {
        rng.int(0, 28 * 60)
    };
    let submitted_at = Utc.from_utc_datetime(&(start + Duration::minutes(i64::from(minutes))));

    CapacityReturn {
        home: home.id.clone(),
        week,
        submitted_at,
        beds,
        admissions: if closed {
            Admissions::Closed {
                reason: p.closure,
                detail: None,
            }
        } else {
            Admissions::Open
        },
        fees: Some(Fees {
            council_rate_accepted: p.council_rate_accepted,
            self_funder_from: Some(Pence(p.fee_from)),
            self_funder_to: Some(Pence(p.fee_from + p.fee_spread)),
        }),
        step_down_beds_offered,
        needs: p.needs.clone(),
        vacant_beds_for: p.beds_for,
        contact: None,
        capacity_note: None,
    }
}
