//! Weekly trends from the returns: vacant and occupied beds and occupancy by bed category, per
//! borough and for the footprint, with each week's returns coverage alongside.
//!
//! Returns are voluntary and some homes miss weeks, so a fall in reported vacancies can mean fewer
//! homes returned rather than fewer empty beds. Every week therefore carries how many homes were
//! expected to return (those on the register when the week began) and how many did; a week whose
//! coverage is below [`LOW_COVERAGE`] is flagged by [`WeekFigures::is_low_coverage`] so the page
//! can say so instead of showing a market change. The weeks run without gaps from the first week
//! with returns to the last, so a week nobody returned for shows as a week with no coverage.
//!
//! ```
//! use market_model::analytics::trends::WeekFigures;
//! let week = WeekFigures { expected: 10, returned: 7, ..WeekFigures::new("2026-11-16".parse().expect("a Monday")) };
//! assert_eq!(week.coverage(), Some(0.7));
//! assert!(week.is_low_coverage());
//! ```

use crate::analytics::market::{latest_returns_by_week, share};
use crate::primitives::week::Week;
use crate::register::footprint::Footprint;
use crate::register::home::CareHome;
use crate::returns::capacity_return::{BedCategory, BedCounts, CapacityReturn};
use serde::Serialize;
use std::collections::HashMap;

/// Coverage below which a week's figures are flagged: under 80% of expected homes returned.
pub const LOW_COVERAGE: f64 = 0.8;

/// One area's figures for one week.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WeekFigures {
    /// The week.
    pub week: Week,
    /// Homes expected to return: on the register when the week began.
    pub expected: u32,
    /// Of those, homes that returned (amendments count once).
    pub returned: u32,
    /// Beds reported, in the order of [`BedCategory::ALL`].
    pub by_category: [BedCounts; 5],
}

impl WeekFigures {
    /// A week with nothing expected or reported yet.
    pub fn new(week: Week) -> WeekFigures {
        WeekFigures {
            week,
            expected: 0,
            returned: 0,
            by_category: [BedCounts::default(); 5],
        }
    }

    /// Beds reported in `category`, or in all categories when `None`.
    pub fn counts(&self, category: Option<BedCategory>) -> BedCounts {
        match category {
            Some(c) => self.by_category[c as usize],
            None => {
                let mut total = BedCounts::default();
                for counts in &self.by_category {
                    total.add(counts);
                }
                total
            }
        }
    }

    /// Occupied share of reported capacity in `category` (all when `None`); `None` when nothing
    /// was reported.
    pub fn occupancy_rate(&self, category: Option<BedCategory>) -> Option<f64> {
        let c = self.counts(category);
        share(c.occupied, c.capacity)
    }

    /// Share of expected homes that returned; `None` when no home was expected.
    pub fn coverage(&self) -> Option<f64> {
        share(self.returned, self.expected)
    }

    /// True when too few homes returned for the week's figures to be read as the market's:
    /// coverage below [`LOW_COVERAGE`], or no home expected at all.
    pub fn is_low_coverage(&self) -> bool {
        self.coverage().is_none_or(|c| c < LOW_COVERAGE)
    }
}

/// One area's weeks, oldest first: a borough, or the footprint as a whole.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AreaTrend {
    /// The area's name.
    pub name: String,
    /// GSS code of a borough; `None` for the footprint total.
    pub gss_code: Option<String>,
    /// One entry per week of [`Trends::weeks`].
    pub weeks: Vec<WeekFigures>,
}

/// Weekly figures for each borough, in footprint order, and for the footprint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Trends {
    /// Every week from the first with returns to the last, oldest first.
    pub weeks: Vec<Week>,
    /// One trend per borough.
    pub boroughs: Vec<AreaTrend>,
    /// The whole footprint.
    pub total: AreaTrend,
}

/// The weekly trends of the homes in the footprint's boroughs. Returns for homes not given or
/// outside the footprint are left out; of several returns from a home for one week the latest
/// submitted counts. A home is expected to return in a week unless it was deregistered on or
/// before that week's Monday.
pub fn weekly_trends(
    footprint: &Footprint,
    homes: &[CareHome],
    returns: &[CapacityReturn],
) -> Trends {
    let placed: HashMap<&str, (usize, &CareHome)> = homes
        .iter()
        .filter_map(|h| {
            let i = footprint
                .boroughs
                .iter()
                .position(|b| b.gss_code == h.borough)?;
            Some((h.id.as_str(), (i, h)))
        })
        .collect();
    let latest = latest_returns_by_week(returns, None);
    let mut returned_weeks = latest
        .keys()
        .filter(|(id, _)| placed.contains_key(id))
        .map(|(_, w)| *w);
    let weeks: Vec<Week> = match returned_weeks.next() {
        None => vec![],
        Some(w) => {
            let (first, last) = returned_weeks.fold((w, w), |(lo, hi), w| (lo.min(w), hi.max(w)));
            let n = (last.monday() - first.monday()).num_weeks();
            (0..=n).map(|i| first.plus_weeks(i)).collect()
        }
    };

    let area = |name: &str, gss_code: Option<&str>| AreaTrend {
        name: name.to_string(),
        gss_code: gss_code.map(str::to_string),
        weeks: weeks.iter().map(|w| WeekFigures::new(*w)).collect(),
    };
    let mut boroughs: Vec<AreaTrend> = footprint
        .boroughs
        .iter()
        .map(|b| area(&b.name, Some(&b.gss_code)))
        .collect();
    let mut total = area(&footprint.name, None);

    for (wi, week) in weeks.iter().enumerate() {
        for (bi, home) in placed.values() {
            if home.deregistered_on.is_some_and(|d| d <= week.monday()) {
                continue;
            }
            let ret = latest.get(&(home.id.as_str(), *week)).copied();
            for figures in [&mut boroughs[*bi].weeks[wi], &mut total.weeks[wi]] {
                figures.expected += 1;
                if let Some(r) = ret {
                    figures.returned += 1;
                    for (category, counts) in &r.beds {
                        figures.by_category[*category as usize].add(counts);
                    }
                }
            }
        }
    }
    Trends {
        weeks,
        boroughs,
        total,
    }
}

#[cfg(test)]
mod tests;
