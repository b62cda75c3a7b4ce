//! A search's answer as the data service sends it and the find-a-bed page reads it, and the
//! broker's shortlist made from it.
//!
//! ```
//! use market_model::brokerage::bed_search::answer::{shortlist_csv, FoundHome, ShortlistEntry};
//! let home = FoundHome { home: "1-101".into(), name: "Elm House".into(), distance_km: Some(2.36),
//!     available: 2, held: 0, price: None, council_rate: false, confirmed_days: 0,
//!     confirmed: "Today".into(), contact: None, misses: vec![] };
//! let entry = ShortlistEntry::of(&home, "Call after 2pm");
//! assert!(shortlist_csv(&[entry]).contains("Elm House,2.4,2,,Today,,,Call after 2pm"));
//! ```

use super::{Candidate, Confirmed, Search};
use crate::presentation::format::{format_fixed, format_pounds};
use crate::presentation::map_view::{HomeFilter, MapView};
use crate::primitives::csv::to_csv;
use crate::primitives::money::Pence;
use crate::returns::capacity_return::{AdmissionsContact, BedCategory};
use serde::{Deserialize, Serialize};

/// A home in a search's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FoundHome {
    /// The home's ID.
    pub home: String,
    /// Its name.
    pub name: String,
    /// Straight-line km from where the person leaves, when that was given.
    pub distance_km: Option<f64>,
    /// Vacant beds in the category accepting admissions, less beds held by brokers.
    pub available: u32,
    /// Beds in the category held by brokers.
    pub held: u32,
    /// The weekly price compared with the ceiling.
    pub price: Option<Pence>,
    /// True when that price is the placing borough's usual rate, which the home accepts.
    pub council_rate: bool,
    /// Whole days since the home confirmed the vacancy.
    pub confirmed_days: i64,
    /// "Today", "This week" or "Stale".
    pub confirmed: String,
    /// Whom to call about admissions.
    pub contact: Option<AdmissionsContact>,
    /// Why it is not a match (near misses only: one reason).
    pub misses: Vec<String>,
}

impl From<Candidate<'_>> for FoundHome {
    fn from(c: Candidate) -> FoundHome {
        FoundHome {
            home: c.home.id.clone(),
            name: c.home.name.clone(),
            distance_km: c.distance_km.map(|d| (d * 100.0).round() / 100.0),
            available: c.available,
            held: c.held,
            price: c.price.map(|p| p.amount),
            council_rate: c.price.is_some_and(|p| p.council_rate),
            confirmed_days: c.age_days,
            confirmed: Confirmed::of(c.age_days).label().to_string(),
            contact: c.latest.contact.clone(),
            misses: c.misses.iter().map(ToString::to_string).collect(),
        }
    }
}

impl FoundHome {
    /// The price against the ceiling, in words: "£1,150 a week, £50 under the ceiling".
    pub fn price_against(&self, ceiling: Option<Pence>) -> String {
        let Some(price) = self.price else {
            return "No weekly fee reported".to_string();
        };
        let rate = if self.council_rate {
            " (the council's usual rate)"
        } else {
            ""
        };
        let against = match ceiling {
            Some(c) if price.0 <= c.0 => {
                format!(
                    ", {} under the ceiling",
                    format_pounds(Pence(c.0 - price.0))
                )
            }
            Some(c) => format!(", {} over the ceiling", format_pounds(Pence(price.0 - c.0))),
            None => String::new(),
        };
        format!("{} a week{rate}{against}", format_pounds(price))
    }
}

/// A search's answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SearchAnswer {
    /// The bed category searched.
    pub category: BedCategory,
    /// The weekly price ceiling applied, if any.
    pub ceiling: Option<Pence>,
    /// Homes meeting every criterion, ranked.
    pub matches: Vec<FoundHome>,
    /// Homes missing exactly one criterion (when `near=1`), ranked.
    pub near_misses: Vec<FoundHome>,
}

/// A home the broker keeps for the referral, with their note.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ShortlistEntry {
    /// The home as the search found it.
    pub found: FoundHome,
    /// The broker's note ("family prefer Enfield", "call back at 2").
    #[serde(default)]
    pub note: String,
}

impl ShortlistEntry {
    /// `found` with `note`.
    pub fn of(found: &FoundHome, note: &str) -> ShortlistEntry {
        ShortlistEntry {
            found: found.clone(),
            note: note.to_string(),
        }
    }
}

/// The shortlist as CSV: one row per home, in the broker's order.
pub fn shortlist_csv(entries: &[ShortlistEntry]) -> String {
    let header = [
        "Home",
        "Distance (km, straight line)",
        "Beds available",
        "Weekly price (£)",
        "Vacancy confirmed",
        "Admissions contact",
        "Telephone",
        "Note",
    ];
    to_csv(
        &header,
        entries.iter().map(|e| {
            let f = &e.found;
            let contact = f.contact.clone().unwrap_or_default();
            vec![
                f.name.clone(),
                f.distance_km
                    .map(|d| format_fixed(d, 1))
                    .unwrap_or_default(),
                f.available.to_string(),
                f.price.map(Pence::to_decimal).unwrap_or_default(),
                f.confirmed.clone(),
                contact.name,
                contact.phone,
                e.note.clone(),
            ]
        }),
    )
}

impl Search {
    /// The vacancy map filtered to what this search looks for: homes of its care type (with
    /// dementia care when asked) with a vacancy accepting admissions in its bed category, open to
    /// admissions, rated at least its minimum, with a return at most as old as its freshness
    /// allows (rounded up to whole weeks).
    pub fn map_view(&self) -> MapView {
        MapView {
            filter: HomeFilter {
                care_type: Some(self.care_type),
                dementia: self.dementia,
                category: Some(self.category()),
                vacancies_only: true,
                min_rating: self.min_rating,
                borough: None,
                open_only: true,
                max_age_weeks: self.max_age_days.map(|d| d.div_ceil(7)),
            },
            ..MapView::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::home::{CareType, CqcRating};

    fn found(price: Option<u32>, council_rate: bool) -> FoundHome {
        FoundHome {
            home: "1-1".into(),
            name: "Oak, \"The\" Lodge".into(),
            distance_km: Some(12.345),
            available: 1,
            held: 1,
            price: price.map(Pence),
            council_rate,
            confirmed_days: 3,
            confirmed: "This week".into(),
            contact: Some(AdmissionsContact {
                name: "Admissions".into(),
                phone: "020 7946 0000".into(),
                hours: String::new(),
            }),
            misses: vec![],
        }
    }

    #[test]
    fn price_is_told_against_the_ceiling() {
        let ceiling = Some(Pence(120_000));
        assert_eq!(
            found(Some(115_000), false).price_against(ceiling),
            "£1,150 a week, £50 under the ceiling"
        );
        assert_eq!(
            found(Some(128_550), false).price_against(ceiling),
            "£1,285.50 a week, £85.50 over the ceiling"
        );
        assert_eq!(
            found(Some(120_000), true).price_against(ceiling),
            "£1,200 a week (the council's usual rate), £0 under the ceiling"
        );
        assert_eq!(
            found(Some(99_900), false).price_against(None),
            "£999 a week"
        );
        assert_eq!(
            found(None, false).price_against(ceiling),
            "No weekly fee reported"
        );
    }

    #[test]
    fn shortlist_csv_has_a_row_per_home_with_quoting_and_the_note() {
        let entries = [
            ShortlistEntry::of(&found(Some(128_550), false), "=call first"),
            ShortlistEntry::of(&found(None, false), ""),
        ];
        let csv = shortlist_csv(&entries);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(
            lines.len(),
            4,
            "header, two rows, and the final line end: {csv}"
        );
        assert!(lines[0].starts_with("Home,\"Distance (km, straight line)\",Beds available"));
        assert_eq!(
            lines[1],
            "\"Oak, \"\"The\"\" Lodge\",12.3,1,1285.50,This week,Admissions,020 7946 0000,'=call first"
        );
        assert_eq!(
            lines[2],
            "\"Oak, \"\"The\"\" Lodge\",12.3,1,,This week,Admissions,020 7946 0000,"
        );
    }

    #[test]
    fn the_map_shows_what_the_search_looks_for() {
        let s = Search::from_query([
            ("type", "residential"),
            ("dementia", "1"),
            ("stay", "permanent"),
            ("rating", "good"),
            ("days", "8"),
        ]);
        let view = s.map_view();
        assert_eq!(view.filter.care_type, Some(CareType::Residential));
        assert!(view.filter.dementia && view.filter.vacancies_only && view.filter.open_only);
        assert_eq!(view.filter.category, Some(BedCategory::ResidentialDementia));
        assert_eq!(view.filter.min_rating, Some(CqcRating::Good));
        assert_eq!(view.filter.max_age_weeks, Some(2));
        let step_down = Search::default().map_view();
        assert_eq!(step_down.filter.category, Some(BedCategory::StepDown));
        assert_eq!(step_down.filter.max_age_weeks, None);
    }
}
