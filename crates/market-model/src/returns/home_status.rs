//! Each home's situation in a chosen week, as the vacancy map and the list beside it show it:
//! its latest return up to that week, how fresh that is, and its vacancies.

use crate::primitives::week::Week;
use crate::register::home::CareHome;
use crate::returns::capacity_return::{BedCategory, CapacityReturn};
use std::collections::HashMap;

/// How recent a home's latest return is, seen from the chosen week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Freshness {
    /// A return for the chosen week itself.
    Current,
    /// The latest return is for an earlier week; the figure is how many weeks earlier.
    Stale(u32),
    /// No return at all up to the chosen week.
    Missing,
}

impl Freshness {
    /// Weeks between the return and the chosen week; `None` when missing.
    pub fn age_weeks(self) -> Option<u32> {
        match self {
            Freshness::Current => Some(0),
            Freshness::Stale(n) => Some(n),
            Freshness::Missing => None,
        }
    }
}

/// How many beds are vacant and accepting admissions, in three classes for the map's colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VacancyClass {
    /// No vacant bed accepting admissions.
    None,
    /// One to three.
    Some,
    /// Four or more.
    Many,
}

impl VacancyClass {
    /// Fewest beds that count as "many".
    pub const MANY_FROM: u32 = 4;

    /// The class of `vacant_accepting` beds.
    pub fn of(vacant_accepting: u32) -> VacancyClass {
        match vacant_accepting {
            0 => VacancyClass::None,
            n if n < Self::MANY_FROM => VacancyClass::Some,
            _ => VacancyClass::Many,
        }
    }

    /// A label for the legend.
    pub fn label(self) -> &'static str {
        match self {
            VacancyClass::None => "No vacancies",
            VacancyClass::Some => "1 to 3 vacant beds",
            VacancyClass::Many => "4 or more vacant beds",
        }
    }
}

/// One home in the chosen week.
#[derive(Clone, Debug, PartialEq)]
pub struct HomeStatus<'a> {
    /// The home.
    pub home: &'a CareHome,
    /// Its latest return up to the chosen week.
    pub latest: Option<&'a CapacityReturn>,
    /// How fresh that return is.
    pub freshness: Freshness,
}

impl HomeStatus<'_> {
    /// Beds vacant and accepting admissions in the chosen week (in `category` only, if given).
    /// Only a return for the chosen week counts: a stale figure is not this week's vacancy.
    pub fn vacancies(&self, category: Option<BedCategory>) -> Option<u32> {
        let r = self
            .latest
            .filter(|_| self.freshness == Freshness::Current)?;
        Some(match category {
            Some(c) => r.beds.get(&c).map_or(0, |b| b.vacant_accepting),
            None => r.total().vacant_accepting,
        })
    }

    /// Whether the latest return says the home is closed to admissions.
    pub fn is_closed(&self) -> bool {
        self.latest.is_some_and(|r| !r.is_open())
    }

    /// Whether the home has beds in `category`: from its latest return, or from its registration
    /// when it has never returned.
    pub fn has_category(&self, category: BedCategory) -> bool {
        match self.latest {
            Some(r) => r.beds.get(&category).is_some_and(|b| b.capacity > 0),
            None => self.home.main_category() == category,
        }
    }
}

/// Where a home's latest return is (its index in the returns given) and how fresh it is: the
/// owned, cheap-to-keep form of a [`HomeStatus`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LatestReturn {
    /// Index into the returns, or `None` when the home has not returned.
    pub index: Option<usize>,
    /// How fresh it is.
    pub freshness: Freshness,
}

impl LatestReturn {
    /// The status this describes, for `home` among `returns`.
    pub fn status<'a>(&self, home: &'a CareHome, returns: &'a [CapacityReturn]) -> HomeStatus<'a> {
        HomeStatus {
            home,
            latest: self.index.map(|i| &returns[i]),
            freshness: self.freshness,
        }
    }
}

/// Each home's latest return up to `week`, in the order of `homes`. `returns` may hold any weeks;
/// later weeks than `week` are ignored, and of the rest the one that supersedes the others counts
/// ([`CapacityReturn::supersedes`]).
pub fn latest_returns(
    homes: &[CareHome],
    returns: &[CapacityReturn],
    week: Week,
) -> Vec<LatestReturn> {
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for (i, r) in returns.iter().enumerate().filter(|(_, r)| r.week <= week) {
        let entry = latest.entry(r.home.as_str()).or_insert(i);
        let current = &returns[*entry];
        if r.supersedes(current) {
            *entry = i;
        }
    }
    homes
        .iter()
        .map(|home| {
            let index = latest.get(home.id.as_str()).copied();
            let freshness = match index.map(|i| returns[i].week) {
                None => Freshness::Missing,
                Some(w) if w == week => Freshness::Current,
                Some(w) => Freshness::Stale(((week.monday() - w.monday()).num_days() / 7) as u32),
            };
            LatestReturn { index, freshness }
        })
        .collect()
}

/// Each home's latest return up to `week` (see [`latest_returns`]), in the order of `homes`, for
/// the homes that have one: all the map needs to show that week, instead of every week's returns.
pub fn latest_as_at(
    homes: &[CareHome],
    returns: &[CapacityReturn],
    week: Week,
) -> Vec<CapacityReturn> {
    latest_returns(homes, returns, week)
        .iter()
        .filter_map(|latest| latest.index.map(|i| returns[i].clone()))
        .collect()
}

/// Every home's status in `week`, in the order of `homes` (see [`latest_returns`]).
pub fn home_statuses<'a>(
    homes: &'a [CareHome],
    returns: &'a [CapacityReturn],
    week: Week,
) -> Vec<HomeStatus<'a>> {
    latest_returns(homes, returns, week)
        .iter()
        .zip(homes)
        .map(|(latest, home)| latest.status(home, returns))
        .collect()
}

/// A home's vacancies accepting admissions in each of the `n` weeks up to and including `week`,
/// oldest first; `None` for a week with no return.
pub fn vacancy_history(
    home_id: &str,
    returns: &[CapacityReturn],
    week: Week,
    n: usize,
) -> Vec<(Week, Option<u32>)> {
    (0..n as i64)
        .rev()
        .map(|back| {
            let w = week.plus_weeks(-back);
            let latest = returns
                .iter()
                .filter(|r| r.home == home_id && r.week == w)
                .reduce(|a, b| if b.supersedes(a) { b } else { a });
            (w, latest.map(|r| r.total().vacant_accepting))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::home::test_home;
    use crate::returns::capacity_return::{Admissions, BedCounts, ClosureReason, Fees};

    fn week(s: &str) -> Week {
        s.parse().expect("a Monday")
    }

    fn home(id: &str) -> CareHome {
        test_home(id)
    }

    fn ret(
        home: &str,
        w: &str,
        at: &str,
        nursing_vacant: u32,
        step_down_vacant: u32,
    ) -> CapacityReturn {
        let counts = |v| BedCounts {
            capacity: 10,
            occupied: 10 - v,
            vacant_reserved: 0,
            vacant_accepting: v,
        };
        CapacityReturn {
            home: home.into(),
            week: week(w),
            submitted_at: at.parse().expect("time"),
            beds: [
                (BedCategory::Nursing, counts(nursing_vacant)),
                (BedCategory::StepDown, counts(step_down_vacant)),
            ]
            .into_iter()
            .collect(),
            admissions: Admissions::Open,
            fees: Some(Fees::default()),
            step_down_beds_offered: 0,
            needs: Default::default(),
            vacant_beds_for: Default::default(),
            contact: None,
            capacity_note: None,
        }
    }

    #[test]
    fn the_latest_returns_as_at_a_week_give_every_home_the_same_status_as_all_weeks_do() {
        let homes = [home("a"), home("b"), home("c")];
        let returns = [
            ret("a", "2026-11-02", "2026-11-02T09:00:00Z", 1, 0),
            ret("a", "2026-11-09", "2026-11-09T09:00:00Z", 2, 0),
            ret("a", "2026-11-09", "2026-11-09T10:00:00Z", 3, 0),
            ret("a", "2026-11-16", "2026-11-16T09:00:00Z", 4, 0),
            ret("b", "2026-11-02", "2026-11-02T09:00:00Z", 5, 0),
        ];
        let week = week("2026-11-09");
        let kept = latest_as_at(&homes, &returns, week);
        // a's amendment for the week (not the later week's), b's older return, nothing for c.
        let vacant: Vec<(&str, u32)> = kept
            .iter()
            .map(|r| (r.home.as_str(), r.total().vacant_accepting))
            .collect();
        assert_eq!(vacant, [("a", 3), ("b", 5)]);
        let statuses = |returns: &[CapacityReturn]| -> Vec<(Freshness, Option<u32>)> {
            home_statuses(&homes, returns, week)
                .iter()
                .map(|s| (s.freshness, s.latest.map(|r| r.total().vacant_accepting)))
                .collect()
        };
        assert_eq!(statuses(&kept), statuses(&returns));
        assert_eq!(
            statuses(&kept),
            [
                (Freshness::Current, Some(3)),
                (Freshness::Stale(1), Some(5)),
                (Freshness::Missing, None)
            ]
        );
    }

    #[test]
    fn the_latest_return_is_the_later_week_then_submission_then_the_one_listed_later() {
        let homes = [home("a")];
        let latest = |returns: &[CapacityReturn]| {
            let l = latest_returns(&homes, returns, week("2026-11-16"));
            returns[l[0].index.expect("a return")]
                .total()
                .vacant_accepting
        };
        // A later submission for an earlier week loses to the later week.
        let older_week_sent_later = ret("a", "2026-11-09", "2026-11-17T09:00:00Z", 1, 0);
        let this_week = ret("a", "2026-11-16", "2026-11-16T09:00:00Z", 2, 0);
        assert_eq!(
            latest(&[this_week.clone(), older_week_sent_later.clone()]),
            2
        );
        // Within the week, the later submission, in whatever order they are listed.
        let amended = ret("a", "2026-11-16", "2026-11-16T09:30:00Z", 3, 0);
        assert_eq!(latest(&[amended.clone(), this_week.clone()]), 3);
        assert_eq!(latest(&[this_week.clone(), amended.clone()]), 3);
        // Sent in the same second: the one listed later (the higher version) wins, here and in
        // the vacancy history alike.
        let same_second = ret("a", "2026-11-16", "2026-11-16T09:30:00Z", 4, 0);
        assert_eq!(latest(&[amended.clone(), same_second.clone()]), 4);
        assert_eq!(latest(&[same_second.clone(), amended.clone()]), 3);
        let history = vacancy_history("a", &[amended, same_second], week("2026-11-16"), 1);
        assert_eq!(history, [(week("2026-11-16"), Some(4))]);
    }

    #[test]
    fn vacancy_classes_have_their_boundaries() {
        assert_eq!(VacancyClass::of(0), VacancyClass::None);
        assert_eq!(VacancyClass::of(1), VacancyClass::Some);
        assert_eq!(VacancyClass::of(3), VacancyClass::Some);
        assert_eq!(VacancyClass::of(4), VacancyClass::Many);
        assert_eq!(VacancyClass::of(40), VacancyClass::Many);
    }

    #[test]
    fn freshness_follows_the_latest_return_up_to_the_week() {
        let homes = [
            home("current"),
            home("stale"),
            home("missing"),
            home("future-only"),
        ];
        let returns = [
            ret("current", "2026-11-09", "2026-11-09T10:00:00Z", 1, 0),
            ret("current", "2026-11-16", "2026-11-16T10:00:00Z", 2, 1),
            ret("stale", "2026-11-02", "2026-11-02T10:00:00Z", 5, 0),
            ret("future-only", "2026-11-23", "2026-11-23T10:00:00Z", 5, 0),
        ];
        let s = home_statuses(&homes, &returns, week("2026-11-16"));
        assert_eq!(
            s.iter().map(|h| h.freshness).collect::<Vec<_>>(),
            vec![
                Freshness::Current,
                Freshness::Stale(2),
                Freshness::Missing,
                Freshness::Missing,
            ]
        );
        assert_eq!(s[0].vacancies(None), Some(3));
        assert_eq!(s[0].vacancies(Some(BedCategory::StepDown)), Some(1));
        assert_eq!(s[0].vacancies(Some(BedCategory::Residential)), Some(0));
        assert_eq!(
            s[1].vacancies(None),
            None,
            "a stale return is not this week's vacancy"
        );
        assert_eq!(s[1].freshness.age_weeks(), Some(2));
        assert_eq!(s[2].freshness.age_weeks(), None);
    }

    #[test]
    fn an_amendment_wins_and_closure_and_categories_come_from_the_latest_return() {
        let homes = [home("a"), home("never")];
        let mut amended = ret("a", "2026-11-16", "2026-11-17T10:00:00Z", 0, 0);
        amended.admissions = Admissions::Closed {
            reason: ClosureReason::InfectionOutbreak,
            detail: None,
        };
        let returns = [
            ret("a", "2026-11-16", "2026-11-16T10:00:00Z", 4, 0),
            amended,
        ];
        let s = home_statuses(&homes, &returns, week("2026-11-16"));
        assert!(s[0].is_closed());
        assert_eq!(s[0].vacancies(None), Some(0));
        assert!(s[0].has_category(BedCategory::StepDown));
        assert!(!s[0].has_category(BedCategory::Residential));
        assert!(!s[1].is_closed());
        assert!(
            s[1].has_category(BedCategory::Nursing),
            "registration stands in for a return"
        );
    }

    #[test]
    fn history_lists_each_week_oldest_first_with_gaps() {
        let returns = [
            ret("a", "2026-11-02", "2026-11-02T10:00:00Z", 1, 1),
            ret("a", "2026-11-16", "2026-11-16T10:00:00Z", 3, 0),
            ret("b", "2026-11-09", "2026-11-09T10:00:00Z", 9, 9),
        ];
        let h = vacancy_history("a", &returns, week("2026-11-16"), 3);
        assert_eq!(
            h,
            vec![
                (week("2026-11-02"), Some(2)),
                (week("2026-11-09"), None),
                (week("2026-11-16"), Some(3)),
            ]
        );
    }
}
