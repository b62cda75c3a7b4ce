//! The market overview: homes, beds, occupancy, vacancies and fees per borough and for the whole
//! footprint in one week, from the register of homes and that week's returns.
//!
//! Bed supply (homes, registered beds, beds per 1,000 older people) comes from the register and
//! covers every home. Occupancy, vacancies and fees come from returns, so they cover only the
//! homes that returned that week; [`AreaSummary::returns_received`] says how many did.

use crate::primitives::stats::Quartiles;
use crate::primitives::week::Week;
use crate::register::footprint::{Footprint, Population};
use crate::register::home::{CareHome, CareType};
use crate::returns::capacity_return::{BedCategory, BedCounts, CapacityReturn};
use std::collections::{BTreeMap, HashMap};

/// Homes or beds split by care type.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ByCareType {
    /// In nursing homes.
    pub nursing: u32,
    /// In residential homes.
    pub residential: u32,
}

impl ByCareType {
    /// Both together.
    pub fn total(&self) -> u32 {
        self.nursing + self.residential
    }

    pub(crate) fn add(&mut self, care_type: CareType, n: u32) {
        match care_type {
            CareType::Nursing => self.nursing += n,
            CareType::Residential => self.residential += n,
        }
    }
}

/// One area's market in one week: a borough, or the footprint as a whole.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AreaSummary {
    /// The area's name.
    pub name: String,
    /// GSS code of a borough; `None` for the footprint total.
    pub gss_code: Option<String>,
    /// Older population (for the footprint, the boroughs added up).
    pub population_65_plus: u32,
    /// People aged 85 and over.
    pub population_85_plus: u32,
    /// Homes on the register.
    pub homes: ByCareType,
    /// Registered beds.
    pub beds: ByCareType,
    /// Homes with a return for the week.
    pub returns_received: u32,
    /// Of those, returns that arrived after the due time.
    pub returns_late: u32,
    /// Of those, homes closed to admissions.
    pub closed_to_admissions: u32,
    /// Beds reported in returns, by category.
    pub by_category: BTreeMap<BedCategory, BedCounts>,
    /// Self-funder weekly fees ("from", in pounds) reported, grouped by each home's main category:
    /// only categories with at least [`MIN_HOMES_PER_FEE_CELL`] homes' fees, and never the lowest
    /// or highest, so no figure is one home's fee.
    pub fees: BTreeMap<BedCategory, Quartiles>,
    /// Categories with fees from fewer than [`MIN_HOMES_PER_FEE_CELL`] homes: withheld.
    #[serde(default)]
    pub fees_withheld: Vec<BedCategory>,
}

/// The fewest homes whose fees may be summarised in a published figure (statistical disclosure
/// control: with fewer, quartiles come too close to single homes' fees).
pub const MIN_HOMES_PER_FEE_CELL: usize = 5;

impl AreaSummary {
    /// Registered beds per 1,000 people aged 65 and over.
    pub fn beds_per_1000_65_plus(&self) -> Option<f64> {
        per_thousand(self.beds.total(), self.population_65_plus)
    }

    /// Registered beds per 1,000 people aged 85 and over.
    pub fn beds_per_1000_85_plus(&self) -> Option<f64> {
        per_thousand(self.beds.total(), self.population_85_plus)
    }

    /// All beds reported in returns.
    pub fn reported(&self) -> BedCounts {
        let mut total = BedCounts::default();
        for counts in self.by_category.values() {
            total.add(counts);
        }
        total
    }

    /// Occupied share of reported capacity; `None` when nothing was reported.
    pub fn occupancy_rate(&self) -> Option<f64> {
        let r = self.reported();
        share(r.occupied, r.capacity)
    }

    /// Empty share (reserved or accepting) of reported capacity.
    pub fn vacancy_rate(&self) -> Option<f64> {
        let r = self.reported();
        share(r.vacant(), r.capacity)
    }

    /// Share of the area's homes that returned for the week.
    pub fn coverage(&self) -> Option<f64> {
        share(self.returns_received, self.homes.total())
    }
}

/// The market in one week: each borough, in footprint order, and the footprint total.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarketSummary {
    /// The week summarised.
    pub week: Week,
    /// One row per borough.
    pub boroughs: Vec<AreaSummary>,
    /// The whole footprint.
    pub total: AreaSummary,
}

/// Summarises the market in `week`. Homes outside the footprint's boroughs, and returns for other
/// weeks or for homes not on the register, are left out; when a home returned more than once for
/// the week (an amendment), its latest return counts.
pub fn summarise_market(
    footprint: &Footprint,
    homes: &[CareHome],
    returns: &[CapacityReturn],
    week: Week,
) -> MarketSummary {
    let latest = latest_returns_by_week(returns, Some(week));
    let mut boroughs: Vec<Accumulator> = footprint
        .boroughs
        .iter()
        .map(|b| Accumulator::new(&b.name, Some(&b.gss_code), &b.population))
        .collect();
    let mut total = Accumulator::new(&footprint.name, None, &footprint.population());

    for home in homes {
        let Some(i) = footprint
            .boroughs
            .iter()
            .position(|b| b.gss_code == home.borough)
        else {
            continue;
        };
        let ret = latest.get(&(home.id.as_str(), week)).copied();
        boroughs[i].add(home, ret);
        total.add(home, ret);
    }

    MarketSummary {
        week,
        boroughs: boroughs.into_iter().map(Accumulator::finish).collect(),
        total: total.finish(),
    }
}

struct Accumulator {
    summary: AreaSummary,
    fees: BTreeMap<BedCategory, Vec<f64>>,
}

impl Accumulator {
    fn new(name: &str, gss_code: Option<&str>, population: &Population) -> Accumulator {
        Accumulator {
            summary: AreaSummary {
                name: name.to_string(),
                gss_code: gss_code.map(str::to_string),
                population_65_plus: population.aged_65_plus,
                population_85_plus: population.aged_85_plus,
                homes: ByCareType::default(),
                beds: ByCareType::default(),
                returns_received: 0,
                returns_late: 0,
                closed_to_admissions: 0,
                by_category: BTreeMap::new(),
                fees: BTreeMap::new(),
                fees_withheld: Vec::new(),
            },
            fees: BTreeMap::new(),
        }
    }

    fn add(&mut self, home: &CareHome, ret: Option<&CapacityReturn>) {
        let s = &mut self.summary;
        s.homes.add(home.care_type, 1);
        s.beds.add(home.care_type, home.registered_beds);
        let Some(ret) = ret else { return };
        s.returns_received += 1;
        s.returns_late += u32::from(ret.is_late());
        s.closed_to_admissions += u32::from(!ret.is_open());
        for (category, counts) in &ret.beds {
            s.by_category.entry(*category).or_default().add(counts);
        }
        if let Some(fee) = ret.fees.as_ref().and_then(|f| f.self_funder_from) {
            self.fees
                .entry(home.main_category())
                .or_default()
                .push(fee.as_pounds_f64());
        }
    }

    fn finish(mut self) -> AreaSummary {
        for (category, values) in self.fees {
            if values.len() < MIN_HOMES_PER_FEE_CELL {
                self.summary.fees_withheld.push(category);
            } else if let Some(q) = Quartiles::of(&values) {
                self.summary.fees.insert(category, q);
            }
        }
        self.summary
    }
}

/// Each home's latest return (by submission time) in each week, or only in `week` when given: an
/// amendment replaces what it amends.
pub(crate) fn latest_returns_by_week(
    returns: &[CapacityReturn],
    week: Option<Week>,
) -> HashMap<(&str, Week), &CapacityReturn> {
    let mut latest: HashMap<(&str, Week), &CapacityReturn> = HashMap::new();
    for r in returns.iter().filter(|r| week.is_none_or(|w| r.week == w)) {
        let entry = latest.entry((r.home.as_str(), r.week)).or_insert(r);
        if r.submitted_at > entry.submitted_at {
            *entry = r;
        }
    }
    latest
}

/// `n` per 1,000 of `population`; `None` when the population is zero.
pub(crate) fn per_thousand(n: u32, population: u32) -> Option<f64> {
    (population > 0).then(|| f64::from(n) * 1000.0 / f64::from(population))
}

/// `part` as a share of `whole`; `None` when the whole is zero.
pub(crate) fn share(part: u32, whole: u32) -> Option<f64> {
    (whole > 0).then(|| f64::from(part) / f64::from(whole))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::primitives::money::Pence;
    use crate::register::footprint::Borough;
    use crate::register::home::test_home;
    use crate::returns::capacity_return::{Admissions, ClosureReason, Fees};

    fn week() -> Week {
        "2026-11-16".parse().expect("a Monday")
    }

    fn population(aged_65_plus: u32, aged_85_plus: u32) -> Population {
        Population {
            year: "mid-2021".into(),
            source: "test".into(),
            total: aged_65_plus * 6,
            aged_65_plus,
            aged_75_plus: aged_65_plus / 2,
            aged_85_plus,
        }
    }

    fn footprint() -> Footprint {
        let borough = |name: &str, code: &str, p65, p85| Borough {
            name: name.into(),
            gss_code: code.into(),
            population: population(p65, p85),
            boundary: vec![],
        };
        Footprint {
            name: "Test footprint".into(),
            boroughs: vec![
                borough("North", "N", 20_000, 2_000),
                borough("South", "S", 10_000, 1_000),
            ],
            hospitals: vec![],
        }
    }

    fn home(id: &str, borough: &str, care_type: CareType, beds: u32, dementia: bool) -> CareHome {
        let specialisms = if dementia {
            vec![crate::register::home::Specialism::Dementia]
        } else {
            vec![]
        };
        CareHome {
            borough: borough.into(),
            registered_beds: beds,
            care_type,
            specialisms,
            ..test_home(id)
        }
    }

    fn ret(
        home: &str,
        at: &str,
        beds: &[(BedCategory, [u32; 4])],
        fee_pounds: Option<u32>,
    ) -> CapacityReturn {
        CapacityReturn {
            home: home.into(),
            week: week(),
            submitted_at: at.parse().expect("time"),
            beds: beds
                .iter()
                .map(|(c, [cap, occ, res, acc])| {
                    (
                        *c,
                        BedCounts {
                            capacity: *cap,
                            occupied: *occ,
                            vacant_reserved: *res,
                            vacant_accepting: *acc,
                        },
                    )
                })
                .collect(),
            admissions: Admissions::Open,
            fees: Some(Fees {
                council_rate_accepted: true,
                self_funder_from: fee_pounds.map(Pence::from_pounds),
                self_funder_to: None,
            }),
            step_down_beds_offered: 0,
            needs: Default::default(),
            vacant_beds_for: Default::default(),
            contact: None,
            capacity_note: None,
        }
    }

    #[test]
    fn an_empty_market_has_zero_supply_and_no_rates() {
        let s = summarise_market(&footprint(), &[], &[], week());
        assert_eq!(s.boroughs.len(), 2);
        assert_eq!(s.total.homes.total(), 0);
        assert_eq!(s.total.beds_per_1000_65_plus(), Some(0.0));
        assert_eq!(s.total.occupancy_rate(), None);
        assert_eq!(s.total.vacancy_rate(), None);
        assert_eq!(s.total.coverage(), None);
        assert!(s.total.fees.is_empty());
        assert_eq!(s.total.population_65_plus, 30_000);
    }

    #[test]
    fn supply_counts_every_home_and_rates_use_only_returns() {
        let homes = [
            home("a", "N", CareType::Nursing, 60, false),
            home("b", "N", CareType::Residential, 40, true),
            home("c", "S", CareType::Nursing, 50, true),
            home("outside", "X", CareType::Nursing, 99, false),
        ];
        let returns = [
            ret(
                "a",
                "2026-11-16T10:00:00Z",
                &[(BedCategory::Nursing, [60, 54, 2, 4])],
                Some(1500),
            ),
            // "b" did not return: a partial week.
            ret(
                "c",
                "2026-11-18T09:00:00Z",
                &[
                    (BedCategory::NursingDementia, [40, 38, 0, 2]),
                    (BedCategory::StepDown, [10, 5, 1, 4]),
                ],
                Some(1800),
            ),
        ];
        let s = summarise_market(&footprint(), &homes, &returns, week());
        let north = &s.boroughs[0];
        assert_eq!(
            north.homes,
            ByCareType {
                nursing: 1,
                residential: 1
            }
        );
        assert_eq!(
            north.beds,
            ByCareType {
                nursing: 60,
                residential: 40
            }
        );
        assert_eq!(north.beds_per_1000_65_plus(), Some(5.0)); // 100 beds / 20,000 × 1,000
        assert_eq!(north.beds_per_1000_85_plus(), Some(50.0)); // 100 / 2,000 × 1,000
        assert_eq!(north.returns_received, 1);
        assert_eq!(north.coverage(), Some(0.5));
        assert_eq!(north.occupancy_rate(), Some(0.9)); // 54 / 60
        assert_eq!(north.vacancy_rate(), Some(0.1)); // 6 / 60

        let t = &s.total;
        assert_eq!(
            t.homes.total(),
            3,
            "the home outside the footprint is left out"
        );
        assert_eq!(
            t.beds,
            ByCareType {
                nursing: 110,
                residential: 40
            }
        );
        assert_eq!(t.returns_received, 2);
        assert_eq!(t.returns_late, 1, "c arrived on Wednesday");
        assert_eq!(
            t.reported(),
            BedCounts {
                capacity: 110,
                occupied: 97,
                vacant_reserved: 3,
                vacant_accepting: 10
            }
        );
        assert_eq!(t.by_category[&BedCategory::StepDown].vacant_accepting, 4);
        assert_eq!(t.by_category.get(&BedCategory::Residential), None);
        // One home's fee in each category: withheld; b sent no return, so has no fee at all.
        assert!(t.fees.is_empty());
        assert_eq!(
            t.fees_withheld,
            vec![BedCategory::Nursing, BedCategory::NursingDementia]
        );
    }

    #[test]
    fn an_amendment_replaces_the_earlier_return_and_other_weeks_are_ignored() {
        let homes = [home("a", "S", CareType::Residential, 30, false)];
        let mut old_week = ret(
            "a",
            "2026-11-10T10:00:00Z",
            &[(BedCategory::Residential, [30, 10, 0, 20])],
            None,
        );
        old_week.week = week().plus_weeks(-1);
        let mut amended = ret(
            "a",
            "2026-11-16T15:00:00Z",
            &[(BedCategory::Residential, [30, 29, 0, 1])],
            Some(1200),
        );
        amended.admissions = Admissions::Closed {
            reason: ClosureReason::Staffing,
            detail: None,
        };
        let returns = [
            amended,
            ret(
                "a",
                "2026-11-16T09:00:00Z",
                &[(BedCategory::Residential, [30, 25, 0, 5])],
                Some(1100),
            ),
            old_week,
        ];
        let s = summarise_market(&footprint(), &homes, &returns, week());
        assert_eq!(s.total.returns_received, 1);
        assert_eq!(s.total.reported().occupied, 29);
        assert_eq!(s.total.closed_to_admissions, 1);
        // One home's fee is never published, even as a median.
        assert!(s.total.fees.is_empty());
        assert_eq!(s.total.fees_withheld, vec![BedCategory::Residential]);
    }

    fn nursing_fees(fees: &[u32]) -> MarketSummary {
        let homes: Vec<CareHome> = (0..fees.len())
            .map(|i| home(&format!("h{i}"), "N", CareType::Nursing, 40, false))
            .collect();
        let returns: Vec<CapacityReturn> = fees
            .iter()
            .enumerate()
            .map(|(i, fee)| {
                ret(
                    &format!("h{i}"),
                    "2026-11-16T10:00:00Z",
                    &[(BedCategory::Nursing, [40, 40, 0, 0])],
                    Some(*fee),
                )
            })
            .collect();
        summarise_market(&footprint(), &homes, &returns, week())
    }

    #[test]
    fn fee_quartiles_span_the_homes_of_a_category() {
        let s = nursing_fees(&[2200, 1200, 1400, 1600, 2000]);
        let q = s.boroughs[0].fees[&BedCategory::Nursing];
        // QUARTILE.INC over 1200, 1400, 1600, 2000, 2200: the 2nd, 3rd and 4th values.
        assert_eq!(
            (q.count, q.lower, q.median, q.upper),
            (5, 1400.0, 1600.0, 2000.0)
        );
        assert!(s.boroughs[0].fees_withheld.is_empty());
        assert!(s.boroughs[1].fees.is_empty() && s.boroughs[1].fees_withheld.is_empty());
    }

    #[test]
    fn fees_from_fewer_than_five_homes_are_withheld() {
        let s = nursing_fees(&[1200, 1400, 1600, 2000]);
        assert!(
            s.boroughs[0].fees.is_empty(),
            "four homes' fees are not published"
        );
        assert_eq!(s.boroughs[0].fees_withheld, vec![BedCategory::Nursing]);
        assert_eq!(s.total.fees_withheld, vec![BedCategory::Nursing]);
    }
}
