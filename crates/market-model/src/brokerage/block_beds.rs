//! Step-down block beds: beds a commissioner has bought in a block at a home (for people who are
//! non-weight-bearing, need rehabilitation, or are discharged to assess), paid for whether or not
//! they are used. Each week the home reports the nights its block beds were occupied, admissions
//! and discharges; commissioners see how much of what they paid for was used.
//!
//! A contract's nights in a week are its beds times the days of that week (Monday to Sunday) that
//! fall between its first and last day. Empty nights are paid for and unused: their cost is the
//! weekly price per bed over seven, per night.
//!
//! ```
//! use market_model::brokerage::block_beds::{BlockContract, BlockPurpose, BlockWeek};
//! use market_model::primitives::money::Pence;
//! let contract = BlockContract {
//!     id: 1,
//!     home: "1-101".into(),
//!     home_name: "Oak House".into(),
//!     commissioner: "E09000010".into(),
//!     purpose: BlockPurpose::NonWeightBearing,
//!     beds: 4,
//!     start: "2026-11-18".parse().unwrap(),
//!     end: None,
//!     weekly_price: Some(Pence::from_pounds(1_400)),
//! };
//! let week = "2026-11-16".parse().unwrap();
//! // Wednesday to Sunday: 5 days × 4 beds.
//! assert_eq!(contract.nights_in(week), 20);
//! let used = contract.utilisation(week, Some(&BlockWeek { occupied_nights: 15, admissions: 2, discharges: 1 }));
//! assert_eq!(used.empty_nights, Some(5));
//! assert_eq!(used.empty_cost, Some(Pence::from_pounds(1_000)));
//! ```

use crate::primitives::money::Pence;
use crate::primitives::week::Week;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The most beds one block contract may hold.
pub const MAX_BEDS: u32 = 100;

/// Whom the block beds are for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum BlockPurpose {
    /// People who may not bear weight (after a fracture, say) while they heal.
    NonWeightBearing,
    /// People regaining independence with therapy.
    Rehabilitation,
    /// People discharged from hospital to have their long-term needs assessed.
    DischargeToAssess,
}

impl BlockPurpose {
    /// The purpose as people read it.
    pub fn label(self) -> &'static str {
        match self {
            BlockPurpose::NonWeightBearing => "Non-weight-bearing",
            BlockPurpose::Rehabilitation => "Rehabilitation",
            BlockPurpose::DischargeToAssess => "Discharge to assess",
        }
    }

    /// The purpose's key in JSON and in the database.
    pub fn key(self) -> &'static str {
        match self {
            BlockPurpose::NonWeightBearing => "non_weight_bearing",
            BlockPurpose::Rehabilitation => "rehabilitation",
            BlockPurpose::DischargeToAssess => "discharge_to_assess",
        }
    }

    /// The purpose with this key.
    pub fn from_key(key: &str) -> Option<BlockPurpose> {
        [
            BlockPurpose::NonWeightBearing,
            BlockPurpose::Rehabilitation,
            BlockPurpose::DischargeToAssess,
        ]
        .into_iter()
        .find(|p| p.key() == key)
    }
}

/// A block contract as recorded.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockContract {
    /// Its ID.
    pub id: i64,
    /// The home's CQC location ID.
    pub home: String,
    /// The home's name.
    pub home_name: String,
    /// GSS code of the borough that commissioned the beds.
    pub commissioner: String,
    /// Whom the beds are for.
    pub purpose: BlockPurpose,
    /// Beds in the block.
    pub beds: u32,
    /// The first day the beds are paid for.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::primitives::timestamp::date")]
    pub start: NaiveDate,
    /// The last day they are paid for; none while the contract runs on.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default, with = "crate::primitives::timestamp::optional_date")]
    pub end: Option<NaiveDate>,
    /// The weekly price per bed; absent where the reader may not see it (it is commercially
    /// sensitive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekly_price: Option<Pence>,
}

/// A block contract to record.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewBlockContract {
    /// The home's CQC location ID.
    pub home: String,
    /// GSS code of the commissioning borough; a borough's commissioners may leave it out.
    #[serde(default)]
    pub commissioner: Option<String>,
    /// Whom the beds are for.
    pub purpose: BlockPurpose,
    /// Beds in the block, 1 to [`MAX_BEDS`].
    pub beds: u32,
    /// The first day the beds are paid for.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::primitives::timestamp::date")]
    pub start: NaiveDate,
    /// The last day, if the contract has one.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    #[serde(default, with = "crate::primitives::timestamp::optional_date")]
    pub end: Option<NaiveDate>,
    /// The weekly price per bed, in pence.
    pub weekly_price: Pence,
}

impl NewBlockContract {
    /// The first rule the contract breaks, as (field, message); `None` when it may be stored.
    pub fn problem(&self) -> Option<(&'static str, String)> {
        if !(1..=MAX_BEDS).contains(&self.beds) {
            return Some(("beds", format!("A block holds 1 to {MAX_BEDS} beds.")));
        }
        if self.end.is_some_and(|end| end < self.start) {
            return Some((
                "end",
                "The contract cannot end before it starts.".to_string(),
            ));
        }
        if self.weekly_price.0 == 0 || self.weekly_price > Pence::from_pounds(10_000) {
            return Some((
                "weekly_price",
                "The weekly price per bed must be more than £0 and at most £10,000.".to_string(),
            ));
        }
        None
    }
}

/// What a home reports for one contract's beds in one week.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BlockWeek {
    /// Bed nights occupied by people placed under the contract.
    pub occupied_nights: u32,
    /// People admitted to the block beds.
    pub admissions: u32,
    /// People discharged from them.
    pub discharges: u32,
}

/// How one contract's beds were used in one week.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Utilisation {
    /// The contract.
    pub contract: i64,
    /// The week (commencing Monday).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub week: Week,
    /// Bed nights paid for.
    pub commissioned_nights: u32,
    /// Bed nights used; none when the home has not reported the week.
    pub occupied_nights: Option<u32>,
    /// Bed nights paid for and not used; none when not reported.
    pub empty_nights: Option<u32>,
    /// Used nights over paid nights; none when not reported or nothing was paid for.
    pub occupancy: Option<f64>,
    /// People admitted; none when not reported.
    pub admissions: Option<u32>,
    /// People discharged; none when not reported.
    pub discharges: Option<u32>,
    /// What the empty nights cost; none when not reported or the price is not visible.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub empty_cost: Option<Pence>,
}

impl BlockContract {
    /// Bed nights the contract pays for in `week`.
    pub fn nights_in(&self, week: Week) -> u32 {
        let days = (0..7)
            .map(|d| week.monday() + chrono::Duration::days(d))
            .filter(|day| *day >= self.start && self.end.is_none_or(|end| *day <= end))
            .count() as u32;
        days * self.beds
    }

    /// The first way `reported` cannot be true of `week`, as (field, message); `None` when it
    /// may be stored.
    pub fn problem(&self, week: Week, reported: &BlockWeek) -> Option<(&'static str, String)> {
        let nights = self.nights_in(week);
        if nights == 0 {
            return Some((
                "week",
                format!(
                    "Contract {} pays for no nights in the week commencing {}.",
                    self.id,
                    crate::presentation::format::format_day_month_year(week.monday())
                ),
            ));
        }
        if reported.occupied_nights > nights {
            return Some((
                "occupied_nights",
                format!(
                    "{} block beds give {nights} bed nights that week: occupied nights cannot be more.",
                    self.beds
                ),
            ));
        }
        // Each bed can take at most one admission and one discharge a day.
        for (field, count) in [
            ("admissions", reported.admissions),
            ("discharges", reported.discharges),
        ] {
            if count > nights {
                return Some((
                    field,
                    format!("At most one a bed a day: no more than {nights} that week."),
                ));
            }
        }
        None
    }

    /// How the beds were used in `week`, given what the home reported (if it has).
    pub fn utilisation(&self, week: Week, reported: Option<&BlockWeek>) -> Utilisation {
        let commissioned_nights = self.nights_in(week);
        let occupied = reported.map(|r| r.occupied_nights.min(commissioned_nights));
        let empty = occupied.map(|o| commissioned_nights - o);
        Utilisation {
            contract: self.id,
            week,
            commissioned_nights,
            occupied_nights: occupied,
            empty_nights: empty,
            occupancy: occupied
                .filter(|_| commissioned_nights > 0)
                .map(|o| f64::from(o) / f64::from(commissioned_nights)),
            admissions: reported.map(|r| r.admissions),
            discharges: reported.map(|r| r.discharges),
            empty_cost: empty
                .zip(self.weekly_price)
                .map(|(e, price)| Pence((u64::from(e) * u64::from(price.0) / 7) as u32)),
        }
    }
}

/// One contract with its utilisation, week by week, as `GET /api/block-contracts/utilisation`
/// sends it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractUse {
    /// The contract.
    pub contract: BlockContract,
    /// Its utilisation in each week asked for, oldest first.
    pub weeks: Vec<Utilisation>,
}

/// One borough's block beds in one week, over every contract it commissioned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoroughWeek {
    /// The week.
    pub week: Week,
    /// Bed nights paid for, over every contract.
    pub commissioned_nights: u32,
    /// Contracts paying for nights this week whose home has not reported it.
    pub unreported: u32,
    /// Bed nights used; unknown (`None`) while any contract paying for nights is unreported.
    pub occupied_nights: Option<u32>,
    /// Bed nights paid for and not used; unknown as `occupied_nights` is.
    pub empty_nights: Option<u32>,
    /// What the empty nights cost; unknown also when a contract's price is not visible.
    pub empty_cost: Option<Pence>,
}

/// A commissioning borough's block beds, week by week.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BoroughUse {
    /// GSS code of the commissioning borough.
    pub commissioner: String,
    /// Its weeks, in the order the contracts give them (oldest first).
    pub weeks: Vec<BoroughWeek>,
}

/// Each commissioning borough's contracts added up week by week (boroughs in GSS code order).
/// A week with a contract that paid for nights and was not reported is unknown, never empty: its
/// used and empty nights and their cost are `None`, and `unreported` counts the contracts.
pub fn borough_utilisation(contracts: &[ContractUse]) -> Vec<BoroughUse> {
    let mut boroughs: std::collections::BTreeMap<&str, Vec<BoroughWeek>> = Default::default();
    for c in contracts {
        let weeks = boroughs
            .entry(c.contract.commissioner.as_str())
            .or_default();
        for u in &c.weeks {
            let i = match weeks.iter().position(|w| w.week == u.week) {
                Some(i) => i,
                None => {
                    weeks.push(BoroughWeek {
                        week: u.week,
                        commissioned_nights: 0,
                        unreported: 0,
                        occupied_nights: Some(0),
                        empty_nights: Some(0),
                        empty_cost: Some(Pence(0)),
                    });
                    weeks.len() - 1
                }
            };
            let w = &mut weeks[i];
            w.commissioned_nights += u.commissioned_nights;
            if u.commissioned_nights > 0 && u.occupied_nights.is_none() {
                w.unreported += 1;
            }
            if u.commissioned_nights == 0 {
                continue;
            }
            w.occupied_nights = w.occupied_nights.zip(u.occupied_nights).map(|(a, b)| a + b);
            w.empty_nights = w.empty_nights.zip(u.empty_nights).map(|(a, b)| a + b);
            w.empty_cost = w
                .empty_cost
                .zip(u.empty_cost)
                .map(|(a, b)| Pence(a.0 + b.0));
        }
    }
    boroughs
        .into_iter()
        .map(|(commissioner, mut weeks)| {
            weeks.sort_by_key(|w| w.week);
            BoroughUse {
                commissioner: commissioner.to_string(),
                weeks,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contract(start: &str, end: Option<&str>) -> BlockContract {
        BlockContract {
            id: 7,
            home: "1-1".into(),
            home_name: "Oak House".into(),
            commissioner: "E09000003".into(),
            purpose: BlockPurpose::Rehabilitation,
            beds: 3,
            start: start.parse().expect("date"),
            end: end.map(|e| e.parse().expect("date")),
            weekly_price: Some(Pence::from_pounds(1_050)),
        }
    }

    fn week(w: &str) -> Week {
        w.parse().expect("a Monday")
    }

    #[test]
    fn nights_count_the_days_of_the_week_inside_the_contract() {
        for (start, end, nights) in [
            ("2026-01-01", None, 21),              // all week
            ("2026-11-22", None, 3),               // Sunday only
            ("2026-11-23", None, 0),               // starts next week
            ("2026-01-01", Some("2026-11-16"), 3), // Monday only
            ("2026-01-01", Some("2026-11-15"), 0), // ended the day before
            ("2026-11-18", Some("2026-11-19"), 6), // Wednesday and Thursday
        ] {
            assert_eq!(
                contract(start, end).nights_in(week("2026-11-16")),
                nights,
                "{start} to {end:?}"
            );
        }
    }

    #[test]
    fn utilisation_counts_empty_nights_and_what_they_cost() {
        let c = contract("2026-01-01", None);
        let reported = BlockWeek {
            occupied_nights: 14,
            admissions: 1,
            discharges: 2,
        };
        let u = c.utilisation(week("2026-11-16"), Some(&reported));
        assert_eq!(u.commissioned_nights, 21);
        assert_eq!(u.occupied_nights, Some(14));
        assert_eq!(u.empty_nights, Some(7));
        assert_eq!(u.occupancy, Some(14.0 / 21.0));
        // 7 empty nights at £1,050 a week per bed = £150 a night.
        assert_eq!(u.empty_cost, Some(Pence::from_pounds(1_050)));
        assert_eq!((u.admissions, u.discharges), (Some(1), Some(2)));
    }

    #[test]
    fn an_unreported_week_is_unknown_not_empty() {
        let u = contract("2026-01-01", None).utilisation(week("2026-11-16"), None);
        assert_eq!(u.commissioned_nights, 21);
        assert_eq!(
            (u.occupied_nights, u.empty_nights, u.empty_cost, u.occupancy),
            (None, None, None, None)
        );
    }

    #[test]
    fn without_a_visible_price_there_is_no_cost() {
        let mut c = contract("2026-01-01", None);
        c.weekly_price = None;
        let u = c.utilisation(week("2026-11-16"), Some(&BlockWeek::default()));
        assert_eq!((u.empty_nights, u.empty_cost), (Some(21), None));
    }

    #[test]
    fn reports_cannot_exceed_the_nights_paid_for() {
        let c = contract("2026-11-20", None); // Friday to Sunday: 9 nights
        let w = week("2026-11-16");
        let ok = BlockWeek {
            occupied_nights: 9,
            admissions: 9,
            discharges: 0,
        };
        assert_eq!(c.problem(w, &ok), None);
        for (bad, field) in [
            (
                BlockWeek {
                    occupied_nights: 10,
                    ..ok
                },
                "occupied_nights",
            ),
            (
                BlockWeek {
                    admissions: 10,
                    ..ok
                },
                "admissions",
            ),
            (
                BlockWeek {
                    discharges: 10,
                    ..ok
                },
                "discharges",
            ),
        ] {
            assert_eq!(c.problem(w, &bad).map(|p| p.0), Some(field));
        }
        let (field, message) = c
            .problem(week("2026-11-09"), &BlockWeek::default())
            .expect("before the contract");
        assert_eq!(field, "week");
        assert!(message.contains("9 Nov 2026"), "{message}");
    }

    #[test]
    fn new_contracts_keep_their_rules() {
        let ok = NewBlockContract {
            home: "1-1".into(),
            commissioner: None,
            purpose: BlockPurpose::NonWeightBearing,
            beds: 2,
            start: "2026-11-01".parse().expect("date"),
            end: Some("2027-03-31".parse().expect("date")),
            weekly_price: Pence::from_pounds(1_300),
        };
        assert_eq!(ok.problem(), None);
        let field = |c: NewBlockContract| c.problem().map(|p| p.0);
        assert_eq!(
            field(NewBlockContract {
                beds: 0,
                ..ok.clone()
            }),
            Some("beds")
        );
        assert_eq!(
            field(NewBlockContract {
                beds: MAX_BEDS + 1,
                ..ok.clone()
            }),
            Some("beds")
        );
        assert_eq!(
            field(NewBlockContract {
                end: Some("2026-10-31".parse().expect("date")),
                ..ok.clone()
            }),
            Some("end")
        );
        assert_eq!(
            field(NewBlockContract {
                weekly_price: Pence(0),
                ..ok.clone()
            }),
            Some("weekly_price")
        );
    }

    #[test]
    fn purposes_round_trip_through_their_keys() {
        for p in [
            BlockPurpose::NonWeightBearing,
            BlockPurpose::Rehabilitation,
            BlockPurpose::DischargeToAssess,
        ] {
            assert_eq!(BlockPurpose::from_key(p.key()), Some(p));
            assert_eq!(
                serde_json::to_string(&p).expect("json"),
                format!("\"{}\"", p.key())
            );
        }
        assert_eq!(BlockPurpose::from_key("bariatric"), None);
    }

    #[test]
    fn boroughs_add_up_their_contracts_and_an_unreported_week_stays_unknown() {
        let (w1, w2) = (week("2026-11-09"), week("2026-11-16"));
        let a = contract("2026-01-01", None); // Barnet, 3 beds, £1,050 a week: £150 a night
        let b = BlockContract {
            id: 8,
            beds: 2,
            weekly_price: Some(Pence::from_pounds(700)), // £100 a night
            ..contract("2026-11-18", None)               // from Wednesday of w2: 5 days × 2 beds
        };
        let c = BlockContract {
            id: 9,
            commissioner: "E09000007".into(),
            beds: 1,
            ..contract("2026-01-01", None)
        };
        let report = |n| BlockWeek {
            occupied_nights: n,
            admissions: 1,
            discharges: 0,
        };
        let uses = vec![
            ContractUse {
                weeks: vec![
                    a.utilisation(w1, Some(&report(20))),
                    a.utilisation(w2, Some(&report(15))),
                ],
                contract: a.clone(),
            },
            ContractUse {
                // b pays for nothing in w1 (so no report is owed) and is unreported in w2.
                weeks: vec![b.utilisation(w1, None), b.utilisation(w2, None)],
                contract: b.clone(),
            },
            ContractUse {
                weeks: vec![
                    c.utilisation(w1, Some(&report(7))),
                    c.utilisation(w2, Some(&report(4))),
                ],
                contract: c.clone(),
            },
        ];
        let got = borough_utilisation(&uses);
        let barnet = BoroughUse {
            commissioner: "E09000003".into(),
            weeks: vec![
                BoroughWeek {
                    week: w1,
                    commissioned_nights: 21,
                    unreported: 0,
                    occupied_nights: Some(20),
                    empty_nights: Some(1),
                    empty_cost: Some(Pence::from_pounds(150)),
                },
                BoroughWeek {
                    week: w2,
                    commissioned_nights: 21 + 10,
                    unreported: 1,
                    occupied_nights: None,
                    empty_nights: None,
                    empty_cost: None,
                },
            ],
        };
        let camden = BoroughUse {
            commissioner: "E09000007".into(),
            weeks: vec![
                BoroughWeek {
                    week: w1,
                    commissioned_nights: 7,
                    unreported: 0,
                    occupied_nights: Some(7),
                    empty_nights: Some(0),
                    empty_cost: Some(Pence(0)),
                },
                BoroughWeek {
                    week: w2,
                    commissioned_nights: 7,
                    unreported: 0,
                    occupied_nights: Some(4),
                    empty_nights: Some(3),
                    empty_cost: Some(Pence::from_pounds(450)),
                },
            ],
        };
        assert_eq!(got, vec![barnet, camden]);
    }
}
