//! Bed supply from the register of homes: homes and registered beds by care type and by bed
//! category, beds per 1,000 older people, homes by size and the CQC rating mix, for each borough
//! and the footprint.
//!
//! Everything here comes from the register, so it covers every home whether or not it returned. A
//! home's beds count in its [main category](crate::register::home::CareHome::main_category): the
//! register does not split a home's beds, so a nursing home specialising in dementia counts all its
//! beds as nursing dementia. The homes given are taken to be the register (leave deregistered homes
//! out).
//!
//! ```
//! use market_model::register::footprint::{Borough, Footprint, Population};
//! use market_model::analytics::supply::{summarise_supply, AgeGroup};
//!
//! let population = Population {
//!     year: "mid-2021".into(),
//!     source: "ONS".into(),
//!     total: 300_000,
//!     aged_65_plus: 40_000,
//!     aged_75_plus: 18_000,
//!     aged_85_plus: 5_000,
//! };
//! let borough = Borough {
//!     name: "Barnet".into(),
//!     gss_code: "E09000003".into(),
//!     population,
//!     boundary: vec![],
//! };
//! let footprint = Footprint { name: "NCL".into(), boroughs: vec![borough], hospitals: vec![] };
//! let supply = summarise_supply(&footprint, &[]);
//! assert_eq!(supply.total.beds_per_1000(AgeGroup::Aged85Plus), Some(0.0));
//! assert_eq!(supply.total.population.year, "mid-2021");
//! ```

use crate::analytics::market::{per_thousand, ByCareType};
use crate::register::footprint::{Footprint, Population};
use crate::register::home::{CareHome, CqcRating};
use crate::returns::capacity_return::BedCategory;
use serde::Serialize;

/// The older age groups supply is measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeGroup {
    /// People aged 65 and over.
    Aged65Plus,
    /// People aged 75 and over.
    Aged75Plus,
    /// People aged 85 and over.
    Aged85Plus,
}

impl AgeGroup {
    /// Every group, youngest first.
    pub const ALL: [AgeGroup; 3] = [
        AgeGroup::Aged65Plus,
        AgeGroup::Aged75Plus,
        AgeGroup::Aged85Plus,
    ];

    /// A label for people, such as "65+".
    pub fn label(self) -> &'static str {
        match self {
            AgeGroup::Aged65Plus => "65+",
            AgeGroup::Aged75Plus => "75+",
            AgeGroup::Aged85Plus => "85+",
        }
    }

    /// How many people of this group `population` counts.
    pub fn of(self, population: &Population) -> u32 {
        match self {
            AgeGroup::Aged65Plus => population.aged_65_plus,
            AgeGroup::Aged75Plus => population.aged_75_plus,
            AgeGroup::Aged85Plus => population.aged_85_plus,
        }
    }
}

/// Homes by registered beds: 1–19, 20–39, 40–59 and 60 or more (a home registered with no beds
/// counts in the smallest band).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SizeBand {
    /// Up to 19 beds.
    Under20,
    /// 20 to 39 beds.
    From20To39,
    /// 40 to 59 beds.
    From40To59,
    /// 60 beds or more.
    From60,
}

impl SizeBand {
    /// Every band, smallest first; a band's index here is its place in [`AreaSupply::homes_by_size`].
    pub const ALL: [SizeBand; 4] = [
        SizeBand::Under20,
        SizeBand::From20To39,
        SizeBand::From40To59,
        SizeBand::From60,
    ];

    /// The band a home with `beds` registered beds falls in.
    pub fn of(beds: u32) -> SizeBand {
        match beds {
            0..=19 => SizeBand::Under20,
            20..=39 => SizeBand::From20To39,
            40..=59 => SizeBand::From40To59,
            _ => SizeBand::From60,
        }
    }

    /// A label for people, such as "20–39 beds".
    pub fn label(self) -> &'static str {
        match self {
            SizeBand::Under20 => "1–19 beds",
            SizeBand::From20To39 => "20–39 beds",
            SizeBand::From40To59 => "40–59 beds",
            SizeBand::From60 => "60+ beds",
        }
    }
}

/// How many homes hold each CQC overall rating.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct RatingMix {
    /// Rated outstanding.
    pub outstanding: u32,
    /// Rated good.
    pub good: u32,
    /// Rated requires improvement.
    pub requires_improvement: u32,
    /// Rated inadequate.
    pub inadequate: u32,
    /// Not yet rated.
    pub not_rated: u32,
}

impl RatingMix {
    /// Homes with `rating` (`None`: not yet rated).
    pub fn count(&self, rating: Option<CqcRating>) -> u32 {
        match rating {
            Some(CqcRating::Outstanding) => self.outstanding,
            Some(CqcRating::Good) => self.good,
            Some(CqcRating::RequiresImprovement) => self.requires_improvement,
            Some(CqcRating::Inadequate) => self.inadequate,
            None => self.not_rated,
        }
    }

    /// Homes with a rating.
    pub fn rated(&self) -> u32 {
        self.outstanding + self.good + self.requires_improvement + self.inadequate
    }

    fn add(&mut self, rating: Option<CqcRating>) {
        *match rating {
            Some(CqcRating::Outstanding) => &mut self.outstanding,
            Some(CqcRating::Good) => &mut self.good,
            Some(CqcRating::RequiresImprovement) => &mut self.requires_improvement,
            Some(CqcRating::Inadequate) => &mut self.inadequate,
            None => &mut self.not_rated,
        } += 1;
    }
}

/// One area's bed supply: a borough, or the footprint as a whole.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AreaSupply {
    /// The area's name.
    pub name: String,
    /// GSS code of a borough; `None` for the footprint total.
    pub gss_code: Option<String>,
    /// The older population rates are per, with its year and source (for the footprint, the
    /// boroughs added up).
    pub population: Population,
    /// Homes on the register.
    pub homes: ByCareType,
    /// Registered beds.
    pub beds: ByCareType,
    /// Registered beds by each home's main category, in the order of [`BedCategory::LONG_STAY`].
    pub beds_by_category: [u32; 4],
    /// Homes in each size band, in the order of [`SizeBand::ALL`].
    pub homes_by_size: [u32; 4],
    /// Homes by CQC overall rating.
    pub ratings: RatingMix,
}

impl AreaSupply {
    fn new(name: &str, gss_code: Option<&str>, population: Population) -> AreaSupply {
        AreaSupply {
            name: name.to_string(),
            gss_code: gss_code.map(str::to_string),
            population,
            homes: ByCareType::default(),
            beds: ByCareType::default(),
            beds_by_category: [0; 4],
            homes_by_size: [0; 4],
            ratings: RatingMix::default(),
        }
    }

    fn add(&mut self, home: &CareHome) {
        self.homes.add(home.care_type, 1);
        self.beds.add(home.care_type, home.registered_beds);
        let i = category_index(home.main_category()).expect("a home's main category is long-stay");
        self.beds_by_category[i] += home.registered_beds;
        self.homes_by_size[SizeBand::of(home.registered_beds) as usize] += 1;
        self.ratings.add(home.rating);
    }

    /// Registered beds whose homes' main category is `category` (none are step-down).
    pub fn beds_in(&self, category: BedCategory) -> u32 {
        category_index(category).map_or(0, |i| self.beds_by_category[i])
    }

    /// Homes in `band`.
    pub fn homes_of_size(&self, band: SizeBand) -> u32 {
        self.homes_by_size[band as usize]
    }

    /// Registered beds per 1,000 people of `age`; `None` when there are none.
    pub fn beds_per_1000(&self, age: AgeGroup) -> Option<f64> {
        per_thousand(self.beds.total(), age.of(&self.population))
    }

    /// Registered beds of `category` per 1,000 people of `age`; `None` when there are none.
    pub fn category_beds_per_1000(&self, category: BedCategory, age: AgeGroup) -> Option<f64> {
        per_thousand(self.beds_in(category), age.of(&self.population))
    }
}

/// The place of a long-stay category in [`BedCategory::LONG_STAY`]; `None` for step-down.
pub(crate) fn category_index(category: BedCategory) -> Option<usize> {
    BedCategory::LONG_STAY.iter().position(|c| *c == category)
}

/// Bed supply in each borough, in footprint order, and in the footprint as a whole.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Supply {
    /// One row per borough.
    pub boroughs: Vec<AreaSupply>,
    /// The whole footprint.
    pub total: AreaSupply,
}

/// Summarises the register's supply. Homes outside the footprint's boroughs are left out.
pub fn summarise_supply(footprint: &Footprint, homes: &[CareHome]) -> Supply {
    let mut boroughs: Vec<AreaSupply> = footprint
        .boroughs
        .iter()
        .map(|b| AreaSupply::new(&b.name, Some(&b.gss_code), b.population.clone()))
        .collect();
    let mut total = AreaSupply::new(&footprint.name, None, footprint.population());
    for home in homes {
        if let Some(area) = boroughs
            .iter_mut()
            .find(|a| a.gss_code.as_deref() == Some(home.borough.as_str()))
        {
            area.add(home);
            total.add(home);
        }
    }
    Supply { boroughs, total }
}

#[cfg(test)]
mod tests;
