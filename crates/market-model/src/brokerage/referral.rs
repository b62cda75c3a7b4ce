//! Discharge referrals: the broker's unit of work, and what commissioners read from them.
//!
//! A referral is one person medically ready to leave hospital who needs a care-home bed, with no
//! patient identifier: a reference, the hospital, the placing borough, the need (the bed search's
//! own terms, kept as its URL query), the date the person was ready for discharge and a weekly
//! price ceiling. It stays **open** until the broker closes it as **placed** (at a home, on the
//! date admitted), **other pathway** (with a reason) or **withdrawn**.
//!
//! **Waiting.** A person waits from the day they were ready until the day the referral closed
//! (today while it is open): ready and placed on the same day is 0 days. Each day waited is one
//! delayed bed day, counted in the week (commencing Monday) it fell in.
//!
//! ```
//! use market_model::brokerage::referral::{days_between, delayed_bed_days};
//! let d = |s: &str| s.parse::<chrono::NaiveDate>().unwrap();
//! // Ready on Saturday 21 Nov 2026, placed on Tuesday 24 Nov: 3 days, 2 of them in the week of 16 Nov.
//! assert_eq!(days_between(d("2026-11-21"), d("2026-11-24")), 3);
//! let days = delayed_bed_days([(d("2026-11-21"), d("2026-11-24"))]);
//! assert_eq!(days.values().copied().collect::<Vec<_>>(), [2, 1]);
//! ```

use crate::brokerage::bed_search::{Search, Sex, Stay};
use crate::brokerage::hold::Hold;
use crate::primitives::money::Pence;
use crate::primitives::week::Week;
use crate::returns::capacity_return::BedCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Where a referral stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Status {
    /// Still waiting for a bed.
    Open,
    /// Admitted to a home.
    Placed,
    /// Left hospital another way (see [`Pathway`]).
    OtherPathway,
    /// No longer needed a bed (the referral was withdrawn).
    Withdrawn,
}

impl Status {
    /// The stored and serialised name.
    pub fn key(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::Placed => "placed",
            Status::OtherPathway => "other_pathway",
            Status::Withdrawn => "withdrawn",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "Open",
            Status::Placed => "Placed",
            Status::OtherPathway => "Other pathway",
            Status::Withdrawn => "Withdrawn",
        }
    }

    /// The status with this stored name.
    pub fn from_key(key: &str) -> Option<Status> {
        [
            Status::Open,
            Status::Placed,
            Status::OtherPathway,
            Status::Withdrawn,
        ]
        .into_iter()
        .find(|s| s.key() == key)
    }
}

/// How a person left hospital when not into a care home found for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Pathway {
    /// Went home with a package of care.
    HomeWithCare,
    /// Went home without care.
    HomeWithoutCare,
    /// Arranged a care home themselves, paying their own fees.
    SelfFundedElsewhere,
    /// Placed by another area or the NHS (continuing healthcare, out of area).
    PlacedByOthers,
    /// Died in hospital.
    Died,
}

impl Pathway {
    /// Every reason, in the order the form offers them.
    pub const ALL: [Pathway; 5] = [
        Pathway::HomeWithCare,
        Pathway::HomeWithoutCare,
        Pathway::SelfFundedElsewhere,
        Pathway::PlacedByOthers,
        Pathway::Died,
    ];

    /// The stored and serialised name.
    pub fn key(self) -> &'static str {
        match self {
            Pathway::HomeWithCare => "home_with_care",
            Pathway::HomeWithoutCare => "home_without_care",
            Pathway::SelfFundedElsewhere => "self_funded_elsewhere",
            Pathway::PlacedByOthers => "placed_by_others",
            Pathway::Died => "died",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Pathway::HomeWithCare => "Home with a package of care",
            Pathway::HomeWithoutCare => "Home without care",
            Pathway::SelfFundedElsewhere => "Self-funded placement elsewhere",
            Pathway::PlacedByOthers => "Placed by another area or the NHS",
            Pathway::Died => "Died in hospital",
        }
    }

    /// The reason with this stored name.
    pub fn from_key(key: &str) -> Option<Pathway> {
        Pathway::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// A broker's new referral.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewReferral {
    /// The referral reference (3–40 letters, digits, '-', '_' or '/'; never a patient identifier).
    pub reference: String,
    /// The discharging hospital's key (its name in lower case with hyphens).
    pub hospital: String,
    /// The placing borough's GSS code.
    pub placing: String,
    /// The need as the bed search's URL query: `type`, `dementia`, `stay`, needs (`nwb`, `hoist`,
    /// `rehab`, `behaviour`), `kg`, `sex`; other keys are ignored.
    pub need: String,
    /// The day the person was medically ready for discharge.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::primitives::timestamp::date")]
    pub ready_on: NaiveDate,
    /// The weekly price ceiling, in pence.
    pub ceiling: Pence,
}

/// How a broker closes a referral.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Closing {
    /// `placed`, `other_pathway` or `withdrawn`.
    pub status: Status,
    /// The day it closed: for a placement, the day the person was admitted.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::primitives::timestamp::date")]
    pub on: NaiveDate,
    /// The home, for a placement.
    #[serde(default)]
    pub home: Option<String>,
    /// The reason, for another pathway.
    #[serde(default)]
    pub reason: Option<Pathway>,
}

/// A referral as brokers and commissioners see it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Referral {
    /// Its ID.
    pub id: i64,
    /// The referral reference.
    pub reference: String,
    /// The discharging hospital's key.
    pub hospital: String,
    /// The placing borough's GSS code.
    pub placing: String,
    /// The need, as the bed search's URL query.
    pub need: String,
    /// The day the person was ready for discharge.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::primitives::timestamp::date")]
    pub ready_on: NaiveDate,
    /// The weekly price ceiling, in pence.
    pub ceiling: Pence,
    /// The broker who opened it.
    pub broker: String,
    /// Where it stands.
    pub status: Status,
    /// The day it closed (for a placement, the day of admission).
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default, with = "crate::primitives::timestamp::optional_date")]
    pub closed_on: Option<NaiveDate>,
    /// The home the person was placed in.
    pub home: Option<String>,
    /// Why the person left hospital another way.
    pub reason: Option<Pathway>,
}

impl Referral {
    /// The bed search this referral asks for: its need from its hospital, for its placing
    /// borough, within its ceiling.
    pub fn search(&self) -> Search {
        search_for(&self.need, &self.hospital, &self.placing, self.ceiling)
    }

    /// The bed category the person needs: what [`ReferralFigures`] group by.
    pub fn category(&self) -> BedCategory {
        self.search().category()
    }

    /// The need in words: "Nursing dementia, permanent; non-weight-bearing, 140 kg, female".
    pub fn need_label(&self) -> String {
        let s = self.search();
        let mut label = format!(
            "{}, {}",
            Search {
                stay: Stay::Permanent,
                ..s.clone()
            }
            .category()
            .label(),
            s.stay.label().to_ascii_lowercase()
        );
        let mut details: Vec<String> = s
            .needs
            .iter()
            .map(|n| n.label().to_ascii_lowercase())
            .collect();
        details.extend(s.bariatric_kg.map(|kg| format!("{kg} kg")));
        details.extend(s.sex.map(|x| match x {
            Sex::Female => "female".to_string(),
            Sex::Male => "male".to_string(),
        }));
        if !details.is_empty() {
            label.push_str("; ");
            label.push_str(&details.join(", "));
        }
        label
    }

    /// Days waited so far (`today` while open).
    pub fn days_waiting(&self, today: NaiveDate) -> i64 {
        days_between(self.ready_on, self.closed_on.unwrap_or(today))
    }

    /// The days it was waiting on, as a range's first and last-plus-one day.
    fn waiting(&self, today: NaiveDate) -> (NaiveDate, NaiveDate) {
        (self.ready_on, self.closed_on.unwrap_or(today))
    }
}

/// An open referral in the brokers' queue: the holds in play for it and the beds that meet its
/// whole need now.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct QueueEntry {
    /// The referral.
    pub referral: Referral,
    /// Its active holds.
    pub holds: Vec<Hold>,
    /// Beds that meet its whole need now (vacant, accepting, not held, within its ceiling).
    pub matching_beds: u32,
}

/// The bed search for a need from a hospital, for a placing borough, within a ceiling; the need's
/// keys other than the person's own (`from`, `placing`, `max`, sorting, freshness) are ignored.
pub fn search_for(need: &str, hospital: &str, placing: &str, ceiling: Pence) -> Search {
    let pairs = need.split('&').filter_map(|pair| pair.split_once('='));
    Search {
        from: Some(hospital.to_string()),
        placing: Some(placing.to_string()),
        max_fee: Some(ceiling),
        ..person_only(&Search::from_query(pairs))
    }
}

/// The person's need alone from a search, as a URL query: what a referral keeps.
pub fn need_of(search: &Search) -> String {
    let pairs: Vec<String> = person_only(search)
        .to_query()
        .into_iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect();
    pairs.join("&")
}

/// A search with the person's need from `s` and every other choice at its default.
fn person_only(s: &Search) -> Search {
    Search {
        care_type: s.care_type,
        dementia: s.dementia,
        stay: s.stay,
        needs: s.needs.clone(),
        bariatric_kg: s.bariatric_kg,
        sex: s.sex,
        ..Search::default()
    }
}

/// Whole days from `from` to `to`; 0 when `to` is not later.
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days().max(0)
}

/// Delayed bed days per week: each day from the first day of a span up to (not including) its
/// last, counted in the week it fell in.
pub fn delayed_bed_days(
    spans: impl IntoIterator<Item = (NaiveDate, NaiveDate)>,
) -> BTreeMap<Week, i64> {
    let mut days = BTreeMap::new();
    for (from, to) in spans {
        let mut day = from;
        while day < to {
            let week = Week::containing(day);
            // The days of this span in this week: up to the next Monday or the span's end.
            let next = week.plus_weeks(1).monday().min(to);
            *days.entry(week).or_insert(0) += (next - day).num_days();
            day = next;
        }
    }
    days
}

/// Open referrals of one need from one placing borough.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenReferrals {
    /// The bed category needed.
    pub need: BedCategory,
    /// The placing borough's GSS code.
    pub borough: String,
    /// How many are open.
    pub open: usize,
    /// The longest wait among them, in days.
    pub longest_days: i64,
}

/// How long placed referrals waited, for one need and the month they were placed in.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlacementWaits {
    /// The bed category needed.
    pub need: BedCategory,
    /// The month of admission, `YYYY-MM`.
    pub month: String,
    /// How many were placed.
    pub placed: usize,
    /// Median days from ready to placed.
    pub median_days: f64,
    /// 90th percentile of days from ready to placed.
    pub p90_days: f64,
}

/// Delayed bed days accrued in one week by one placing borough's referrals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WeekDelays {
    /// The week.
    pub week: Week,
    /// The placing borough's GSS code.
    pub borough: String,
    /// Days waited in that week.
    pub days: i64,
}

/// For one need today: the people waiting against the beds that could take them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Demand {
    /// The bed category needed.
    pub need: BedCategory,
    /// Open referrals whose person is ready now.
    pub waiting: usize,
    /// Of those, how many have at least one bed meeting their whole need now.
    pub with_a_bed: usize,
    /// Vacant beds of the category accepting admissions and not held, across the footprint.
    pub vacant_beds: u32,
}

/// What commissioners read from the referrals.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReferralFigures {
    /// The day the figures are for.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: NaiveDate,
    /// Open referrals by need and placing borough.
    pub open: Vec<OpenReferrals>,
    /// Days from ready to placed by need and month of admission.
    pub waits: Vec<PlacementWaits>,
    /// Delayed bed days by week and placing borough, for the weeks asked.
    pub delays: Vec<WeekDelays>,
    /// Unmet demand by need today.
    pub demand: Vec<Demand>,
}

/// What supply looks like today, for [`referral_figures`].
pub struct Supply<'a> {
    /// Beds meeting each open referral's whole need now, by referral ID.
    pub matching: &'a BTreeMap<i64, u32>,
    /// Vacant beds accepting admissions and not held, by category.
    pub vacant: &'a BTreeMap<BedCategory, u32>,
}

/// The commissioners' figures on `today`, with delayed bed days for `weeks`.
pub fn referral_figures(
    referrals: &[Referral],
    today: NaiveDate,
    weeks: &[Week],
    supply: &Supply,
) -> ReferralFigures {
    // Each open referral with the bed it needs, worked out once.
    let open_now: Vec<(&Referral, BedCategory)> = referrals
        .iter()
        .filter(|r| r.status == Status::Open)
        .map(|r| (r, r.category()))
        .collect();

    let mut open: BTreeMap<(BedCategory, &str), OpenReferrals> = BTreeMap::new();
    for &(r, need) in &open_now {
        let cell = open
            .entry((need, r.placing.as_str()))
            .or_insert_with(|| OpenReferrals {
                need,
                borough: r.placing.clone(),
                open: 0,
                longest_days: 0,
            });
        cell.open += 1;
        cell.longest_days = cell.longest_days.max(r.days_waiting(today));
    }

    let mut placed: BTreeMap<(BedCategory, String), Vec<f64>> = BTreeMap::new();
    for r in referrals.iter().filter(|r| r.status == Status::Placed) {
        if let Some(on) = r.closed_on {
            let month = on.format("%Y-%m").to_string();
            placed
                .entry((r.category(), month))
                .or_default()
                .push(r.days_waiting(today) as f64);
        }
    }
    let waits = placed
        .into_iter()
        .map(|((need, month), mut days)| {
            days.sort_by(f64::total_cmp);
            PlacementWaits {
                need,
                month,
                placed: days.len(),
                median_days: crate::primitives::stats::quantile_sorted(&days, 0.5),
                p90_days: crate::primitives::stats::quantile_sorted(&days, 0.9),
            }
        })
        .collect();

    let mut delays = Vec::new();
    let mut boroughs: Vec<&str> = referrals.iter().map(|r| r.placing.as_str()).collect();
    boroughs.sort_unstable();
    boroughs.dedup();
    for borough in boroughs {
        let by_week = delayed_bed_days(
            referrals
                .iter()
                .filter(|r| r.placing == borough)
                .map(|r| r.waiting(today)),
        );
        delays.extend(weeks.iter().map(|&week| WeekDelays {
            week,
            borough: borough.to_string(),
            days: by_week.get(&week).copied().unwrap_or(0),
        }));
    }

    let demand = BedCategory::ALL
        .into_iter()
        .map(|need| {
            let waiting: Vec<&Referral> = open_now
                .iter()
                .filter(|(r, category)| *category == need && r.ready_on <= today)
                .map(|&(r, _)| r)
                .collect();
            Demand {
                need,
                waiting: waiting.len(),
                with_a_bed: waiting
                    .iter()
                    .filter(|r| supply.matching.get(&r.id).is_some_and(|&beds| beds > 0))
                    .count(),
                vacant_beds: supply.vacant.get(&need).copied().unwrap_or(0),
            }
        })
        .collect();

    ReferralFigures {
        today,
        open: open.into_values().collect(),
        waits,
        delays,
        demand,
    }
}

#[cfg(test)]
mod tests;
