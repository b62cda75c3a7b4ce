//! The supply gap: how many care-home beds each borough's older population would need in a target
//! year, against the beds registered today.
//!
//! Demand for a bed category in a borough is the sum over two age bands (65–84 and 85+) of the
//! band's rate of care-home use (places per 1,000 people) times the band's projected population in
//! the target year, divided by 1,000. Supply is the registered beds of homes whose main category it
//! is (see [`crate::analytics::supply`]); the gap is demand minus supply, so a positive gap is a
//! shortfall. The rates are [`Assumptions`], kept in the page's URL so a scenario can be shared.
//!
//! Projected populations come from [`PopulationProjection`] (`public/data/projections.json`, ONS
//! 2016-based subnational projections). A year between two years the projection holds is
//! interpolated linearly; a year before its first or after its last is refused.
//!
//! ```
//! use market_model::returns::capacity_return::BedCategory;
//! use market_model::analytics::projection::{Assumptions, ProjectedPopulation, UseRates};
//!
//! // 1,000 people aged 65–84 and 200 aged 85+ in 2030.
//! let people = ProjectedPopulation { year: 2030, aged_65_plus: 1_200, aged_85_plus: 200 };
//! let mut assumptions = Assumptions::default();
//! assumptions.rates[0] = UseRates { aged_65_to_84: 4.0, aged_85_plus: 40.0 };
//! // 4 × 1,000 / 1,000 + 40 × 200 / 1,000 = 12 residential places.
//! assert_eq!(assumptions.demand(BedCategory::Residential, &people.bands()), 12.0);
//!
//! // Only what differs from the defaults goes in the link, and comes back from it.
//! let link = assumptions.to_query();
//! assert_eq!(Assumptions::default().to_query_string(), "");
//! assert_eq!(assumptions.to_query_string(), "?res_65=4&res_85=40");
//! assert_eq!(Assumptions::from_query(link.iter().map(|(k, v)| (*k, v.as_str()))), assumptions);
//! ```

use crate::analytics::supply::{category_index, AreaSupply, Supply};
use crate::presentation::map_view::{query_string, sort_pairs};
use crate::primitives::decimal::parse_decimal;
use crate::returns::capacity_return::BedCategory;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Projected older population per borough by year, with where it comes from.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PopulationProjection {
    /// Who published the projection, and which one it is.
    pub source: String,
    /// The licence and its attribution statement.
    pub licence: String,
    /// One entry per borough.
    pub boroughs: Vec<BoroughProjection>,
}

impl PopulationProjection {
    /// The projection for the borough with this GSS code.
    pub fn borough(&self, gss_code: &str) -> Option<&BoroughProjection> {
        self.boroughs.iter().find(|b| b.gss_code == gss_code)
    }

    /// The first and last years every borough's projection covers, for a year picker; `None`
    /// when there is no borough or no year.
    pub fn years(&self) -> Option<(u16, u16)> {
        let mut span: Option<(u16, u16)> = None;
        for b in &self.boroughs {
            let (first, last) = (b.years.first()?.year, b.years.last()?.year);
            span = Some(span.map_or((first, last), |(lo, hi)| (lo.max(first), hi.min(last))));
        }
        span.filter(|(lo, hi)| lo <= hi)
    }
}

/// One borough's projected older population.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BoroughProjection {
    /// Its name, such as "Barnet".
    pub name: String,
    /// ONS GSS code, such as "E09000003".
    pub gss_code: String,
    /// Projected figures, one per year, oldest first.
    pub years: Vec<ProjectedPopulation>,
}

impl BoroughProjection {
    /// The age bands projected for `year`: the year's own figures when held, a straight line
    /// between the nearest years before and after when not; an error outside the years held.
    pub fn in_year(&self, year: u16) -> Result<AgeBands, ProjectionError> {
        if self.years.is_empty() {
            return Err(ProjectionError::NoProjection {
                gss_code: self.gss_code.clone(),
            });
        }
        let outside = || ProjectionError::YearOutside {
            gss_code: self.gss_code.clone(),
            year,
            first: self.years.first().map_or(0, |p| p.year),
            last: self.years.last().map_or(0, |p| p.year),
        };
        let after = self.years.partition_point(|p| p.year < year);
        let next = self.years.get(after).ok_or_else(outside)?;
        if next.year == year {
            return Ok(next.bands());
        }
        let previous = after
            .checked_sub(1)
            .map(|i| &self.years[i])
            .ok_or_else(outside)?;
        let (a, b) = (previous.bands(), next.bands());
        let (to_a, to_b) = (f64::from(next.year - year), f64::from(year - previous.year));
        let span = f64::from(next.year - previous.year);
        Ok(AgeBands {
            aged_65_to_84: (a.aged_65_to_84 * to_a + b.aged_65_to_84 * to_b) / span,
            aged_85_plus: (a.aged_85_plus * to_a + b.aged_85_plus * to_b) / span,
        })
    }
}

/// One year's projected older population.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectedPopulation {
    /// The year (mid-year).
    pub year: u16,
    /// People aged 65 and over.
    pub aged_65_plus: u32,
    /// People aged 85 and over.
    pub aged_85_plus: u32,
}

impl ProjectedPopulation {
    /// The two bands demand is projected from (65–84 is 65+ less 85+).
    pub fn bands(&self) -> AgeBands {
        AgeBands {
            aged_65_to_84: f64::from(self.aged_65_plus.saturating_sub(self.aged_85_plus)),
            aged_85_plus: f64::from(self.aged_85_plus),
        }
    }
}

/// People in the two age bands of the projection; fractional where a year was interpolated.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct AgeBands {
    /// People aged 65 to 84.
    pub aged_65_to_84: f64,
    /// People aged 85 and over.
    pub aged_85_plus: f64,
}

/// Care-home places used per 1,000 people in each age band, for one bed category.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct UseRates {
    /// Places per 1,000 people aged 65 to 84.
    pub aged_65_to_84: f64,
    /// Places per 1,000 people aged 85 and over.
    pub aged_85_plus: f64,
}

/// The scenario a supply gap is projected under.
///
/// The defaults are illustrative round numbers, not a forecast and not local figures: 2030, and
/// per 1,000 people aged 65–84 / 85+, residential 3 / 35, residential dementia 2 / 30, nursing
/// 2.5 / 35, nursing dementia 2.5 / 30. Together that is 10 places per 1,000 aged 65–84 (1%) and
/// 130 per 1,000 aged 85+ (13%), the order of the share of older people living in care homes in
/// England at the 2011 and 2021 Censuses; the split between categories is a placeholder. Replace
/// them with the boroughs' own placement rates before drawing conclusions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Assumptions {
    /// The year projected to (the projection holds 2016–2041).
    pub year: u16,
    /// Rates for each long-stay category, in the order of [`BedCategory::LONG_STAY`].
    pub rates: [UseRates; 4],
}

impl Default for Assumptions {
    fn default() -> Assumptions {
        let rates = |aged_65_to_84, aged_85_plus| UseRates {
            aged_65_to_84,
            aged_85_plus,
        };
        Assumptions {
            year: 2030,
            rates: [
                rates(3.0, 35.0),
                rates(2.0, 30.0),
                rates(2.5, 35.0),
                rates(2.5, 30.0),
            ],
        }
    }
}

/// URL keys of the rates, `[65–84, 85+]` for each category of [`BedCategory::LONG_STAY`].
const RATE_KEYS: [[&str; 2]; 4] = [
    ["res_65", "res_85"],
    ["resd_65", "resd_85"],
    ["nur_65", "nur_85"],
    ["nurd_65", "nurd_85"],
];

impl Assumptions {
    /// The rates for `category`; `None` for step-down, which is not projected.
    pub fn rates_for(&self, category: BedCategory) -> Option<UseRates> {
        category_index(category).map(|i| self.rates[i])
    }

    /// Places of `category` that `people` would use: Σ rate × people / 1,000 (0 for step-down).
    pub fn demand(&self, category: BedCategory, people: &AgeBands) -> f64 {
        self.rates_for(category).map_or(0.0, |r| {
            (r.aged_65_to_84 * people.aged_65_to_84 + r.aged_85_plus * people.aged_85_plus) / 1000.0
        })
    }

    /// Reads assumptions from URL query pairs, starting from the defaults. Unknown keys, years
    /// that are not numbers, and rates that are not plain non-negative decimals are ignored.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Assumptions {
        let mut a = Assumptions::default();
        for (key, value) in pairs {
            if key == "year" {
                if let Ok(year) = value.parse() {
                    a.year = year;
                }
                continue;
            }
            let Some(rate) = parse_decimal(value) else {
                continue;
            };
            for (keys, rates) in RATE_KEYS.iter().zip(a.rates.iter_mut()) {
                if key == keys[0] {
                    rates.aged_65_to_84 = rate;
                } else if key == keys[1] {
                    rates.aged_85_plus = rate;
                }
            }
        }
        a
    }

    /// The assumptions as URL query pairs in key order, leaving out what is at its default.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let default = Assumptions::default();
        let mut q: Vec<(&'static str, String)> = Vec::new();
        if self.year != default.year {
            q.push(("year", self.year.to_string()));
        }
        for ((keys, rates), defaults) in RATE_KEYS.iter().zip(&self.rates).zip(&default.rates) {
            if rates.aged_65_to_84 != defaults.aged_65_to_84 {
                q.push((keys[0], rates.aged_65_to_84.to_string()));
            }
            if rates.aged_85_plus != defaults.aged_85_plus {
                q.push((keys[1], rates.aged_85_plus.to_string()));
            }
        }
        sort_pairs(&mut q);
        q
    }

    /// Whether `key` is one of the URL keys the assumptions are kept under (`year` and the
    /// rates), so a page can keep its other keys when it writes the assumptions back.
    pub fn is_query_key(key: &str) -> bool {
        key == "year" || RATE_KEYS.iter().flatten().any(|k| *k == key)
    }

    /// The query string, `?a=1&b=2`, or empty at the defaults.
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_query())
    }
}

/// Why a supply gap could not be projected.
#[derive(Clone, Debug, PartialEq)]
pub enum ProjectionError {
    /// The target year is outside the years the borough's projection holds.
    YearOutside {
        /// The borough.
        gss_code: String,
        /// The year asked for.
        year: u16,
        /// The borough's first projected year.
        first: u16,
        /// Its last.
        last: u16,
    },
    /// The projection has no figures for a borough in the footprint.
    NoProjection {
        /// The borough.
        gss_code: String,
    },
    /// A rate is negative or not a number.
    BadRate {
        /// The category it is for.
        category: BedCategory,
    },
}

impl fmt::Display for ProjectionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ProjectionError::YearOutside {
                gss_code,
                year,
                first,
                last,
            } => write!(
                f,
                "{year} is outside the projection for {gss_code}, which runs from {first} to {last}"
            ),
            ProjectionError::NoProjection { gss_code } => {
                write!(f, "the projection has no figures for {gss_code}")
            }
            ProjectionError::BadRate { category } => write!(
                f,
                "the {} rates must be numbers of at least zero",
                category.label()
            ),
        }
    }
}

impl std::error::Error for ProjectionError {}

/// One category's projected demand against today's supply.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct CategoryGap {
    /// The bed category.
    pub category: BedCategory,
    /// Places the projected population would use.
    pub demand: f64,
    /// Beds registered today.
    pub supply: u32,
}

impl CategoryGap {
    /// Demand less supply: positive is a shortfall, negative a surplus.
    pub fn gap(&self) -> f64 {
        self.demand - f64::from(self.supply)
    }
}

/// One area's projected gap: a borough, or the footprint as a whole.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaGap {
    /// The area's name.
    pub name: String,
    /// GSS code of a borough; `None` for the footprint total.
    pub gss_code: Option<String>,
    /// The projected population in the target year.
    pub people: AgeBands,
    /// Each long-stay category, in the order of [`BedCategory::LONG_STAY`].
    pub categories: [CategoryGap; 4],
}

impl AreaGap {
    fn new(area: &AreaSupply, people: AgeBands, assumptions: &Assumptions) -> AreaGap {
        AreaGap {
            name: area.name.clone(),
            gss_code: area.gss_code.clone(),
            people,
            categories: BedCategory::LONG_STAY.map(|category| CategoryGap {
                category,
                demand: assumptions.demand(category, &people),
                supply: area.beds_in(category),
            }),
        }
    }

    /// Places used across the categories.
    pub fn demand(&self) -> f64 {
        self.categories.iter().map(|c| c.demand).sum()
    }

    /// Beds registered across the categories.
    pub fn supply(&self) -> u32 {
        self.categories.iter().map(|c| c.supply).sum()
    }

    /// Demand less supply across the categories.
    pub fn gap(&self) -> f64 {
        self.demand() - f64::from(self.supply())
    }
}

/// The supply gap in each borough, in footprint order, and in the footprint.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SupplyGap {
    /// The target year.
    pub year: u16,
    /// One row per borough.
    pub boroughs: Vec<AreaGap>,
    /// The whole footprint: the boroughs added up.
    pub total: AreaGap,
}

/// Projects each borough's demand in the assumptions' year against its supply today.
pub fn project_supply_gap(
    supply: &Supply,
    projection: &PopulationProjection,
    assumptions: &Assumptions,
) -> Result<SupplyGap, ProjectionError> {
    for (category, r) in BedCategory::LONG_STAY.iter().zip(&assumptions.rates) {
        if ![r.aged_65_to_84, r.aged_85_plus]
            .iter()
            .all(|v| v.is_finite() && *v >= 0.0)
        {
            return Err(ProjectionError::BadRate {
                category: *category,
            });
        }
    }
    let mut all_people = AgeBands::default();
    let mut boroughs = Vec::with_capacity(supply.boroughs.len());
    for area in &supply.boroughs {
        let gss_code = area.gss_code.as_deref().unwrap_or_default();
        let people = projection
            .borough(gss_code)
            .ok_or_else(|| ProjectionError::NoProjection {
                gss_code: gss_code.to_string(),
            })?
            .in_year(assumptions.year)?;
        all_people.aged_65_to_84 += people.aged_65_to_84;
        all_people.aged_85_plus += people.aged_85_plus;
        boroughs.push(AreaGap::new(area, people, assumptions));
    }
    Ok(SupplyGap {
        year: assumptions.year,
        total: AreaGap::new(&supply.total, all_people, assumptions),
        boroughs,
    })
}

#[cfg(test)]
mod tests;
