//! What the vacancy map shows: its filters, borough shading, selected home and list order. The
//! whole view round-trips through a URL query, so a copied link reopens the same view.
//!
//! ```
//! use market_model::presentation::map_view::MapView;
//! let view = MapView::from_query([("type", "nursing"), ("vacancies", "1")]);
//! assert_eq!(MapView::from_query(view.to_query().iter().map(|(k, v)| (*k, v.as_str()))), view);
//! ```

use crate::analytics::market::AreaSummary;
use crate::primitives::week::Week;
use crate::register::home::{CareType, CqcRating};
use crate::returns::capacity_return::BedCategory;
use crate::returns::home_status::HomeStatus;
use std::cmp::Ordering;

/// The measure boroughs are shaded by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Shading {
    /// Vacant beds (reserved or accepting) as a share of reported beds.
    VacancyRate,
    /// Occupied beds as a share of reported beds.
    Occupancy,
    /// Registered beds per 1,000 people aged 65 and over.
    BedsPer1000Aged65,
    /// Registered beds per 1,000 people aged 85 and over.
    BedsPer1000Aged85,
}

impl Shading {
    /// Every measure, in menu order.
    pub const ALL: [Shading; 4] = [
        Shading::VacancyRate,
        Shading::Occupancy,
        Shading::BedsPer1000Aged65,
        Shading::BedsPer1000Aged85,
    ];

    /// The measure's name for people.
    pub fn label(self) -> &'static str {
        match self {
            Shading::VacancyRate => "Vacancy rate",
            Shading::Occupancy => "Occupancy",
            Shading::BedsPer1000Aged65 => "Beds per 1,000 aged 65+",
            Shading::BedsPer1000Aged85 => "Beds per 1,000 aged 85+",
        }
    }

    /// The value in the URL.
    pub fn key(self) -> &'static str {
        match self {
            Shading::VacancyRate => "vacancy_rate",
            Shading::Occupancy => "occupancy",
            Shading::BedsPer1000Aged65 => "beds_65",
            Shading::BedsPer1000Aged85 => "beds_85",
        }
    }

    /// Whether values are shares (shown as percentages) rather than rates per 1,000.
    pub fn is_share(self) -> bool {
        matches!(self, Shading::VacancyRate | Shading::Occupancy)
    }

    /// The measure for one area; `None` when it has no returns (for the rates) or no population.
    pub fn value(self, area: &AreaSummary) -> Option<f64> {
        match self {
            Shading::VacancyRate => area.vacancy_rate(),
            Shading::Occupancy => area.occupancy_rate(),
            Shading::BedsPer1000Aged65 => area.beds_per_1000_65_plus(),
            Shading::BedsPer1000Aged85 => area.beds_per_1000_85_plus(),
        }
    }
}

/// Columns the list of homes can be sorted by.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SortKey {
    /// Home name, A to Z.
    Name,
    /// Borough name.
    Borough,
    /// Registered beds.
    Beds,
    /// Vacant beds accepting admissions this week.
    Vacancies,
    /// CQC rating, best first.
    Rating,
    /// Age of the latest return, freshest first.
    Returned,
}

impl SortKey {
    /// Every key, in column order.
    pub const ALL: [SortKey; 6] = [
        SortKey::Name,
        SortKey::Borough,
        SortKey::Beds,
        SortKey::Vacancies,
        SortKey::Rating,
        SortKey::Returned,
    ];

    /// The value in the URL.
    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Borough => "borough",
            SortKey::Beds => "beds",
            SortKey::Vacancies => "vacancies",
            SortKey::Rating => "rating",
            SortKey::Returned => "returned",
        }
    }
}

impl SortKey {
    /// Orders two homes by this key, ties broken by name; vacancies and freshness counted as
    /// `HomeStatus` gives them (in `category`, if set).
    pub fn compare(
        self,
        a: &HomeStatus<'_>,
        b: &HomeStatus<'_>,
        category: Option<BedCategory>,
    ) -> Ordering {
        let by_key = match self {
            SortKey::Name => Ordering::Equal,
            SortKey::Borough => a.home.borough.cmp(&b.home.borough),
            SortKey::Beds => a.home.registered_beds.cmp(&b.home.registered_beds),
            SortKey::Vacancies => a.vacancies(category).cmp(&b.vacancies(category)),
            // Best first; unrated last.
            SortKey::Rating => rank(a.home.rating).cmp(&rank(b.home.rating)),
            SortKey::Returned => a.freshness.cmp(&b.freshness),
        };
        by_key.then_with(|| a.home.name.cmp(&b.home.name))
    }
}

fn rank(rating: Option<CqcRating>) -> u8 {
    rating.map_or(u8::MAX, |r| r as u8)
}

/// Which homes to show.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HomeFilter {
    /// Only nursing or only residential homes.
    pub care_type: Option<CareType>,
    /// Only homes specialising in dementia.
    pub dementia: bool,
    /// Only homes with beds in this category (and vacancies counted in it).
    pub category: Option<BedCategory>,
    /// Only homes with a vacancy accepting admissions this week.
    pub vacancies_only: bool,
    /// Only homes rated this well or better.
    pub min_rating: Option<CqcRating>,
    /// Only homes in this borough (GSS code).
    pub borough: Option<String>,
    /// Only homes whose latest return says they are admitting.
    pub open_only: bool,
    /// Only homes whose latest return is at most this many weeks old.
    pub max_age_weeks: Option<u32>,
}

impl HomeFilter {
    /// Whether `status` passes every filter.
    pub fn matches(&self, status: &HomeStatus<'_>) -> bool {
        let home = status.home;
        self.care_type.is_none_or(|t| home.care_type == t)
            && (!self.dementia || home.has_dementia())
            && self.category.is_none_or(|c| status.has_category(c))
            && (!self.vacancies_only || status.vacancies(self.category).is_some_and(|v| v > 0))
            && self
                .min_rating
                .is_none_or(|min| home.rating.is_some_and(|r| r <= min))
            && self.borough.as_ref().is_none_or(|b| &home.borough == b)
            && (!self.open_only || status.latest.is_some_and(|r| r.is_open()))
            && self
                .max_age_weeks
                .is_none_or(|max| status.freshness.age_weeks().is_some_and(|age| age <= max))
    }
}

/// The whole view: filters, week, shading, selection and list order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MapView {
    /// Which homes to show.
    pub filter: HomeFilter,
    /// The week; the latest when `None`.
    pub week: Option<Week>,
    /// Shade boroughs by this measure; plain boroughs when `None`.
    pub shading: Option<Shading>,
    /// The home whose details are open (CQC location ID).
    pub selected: Option<String>,
    /// List order; by name when `None`.
    pub sort: Option<SortKey>,
    /// Reverse the list order.
    pub descending: bool,
}

/// The value of a care type in the URL.
pub fn care_type_key(t: CareType) -> &'static str {
    match t {
        CareType::Nursing => "nursing",
        CareType::Residential => "residential",
    }
}

/// The value of a minimum rating in the URL.
pub fn rating_key(r: CqcRating) -> &'static str {
    match r {
        CqcRating::Outstanding => "outstanding",
        CqcRating::Good => "good",
        CqcRating::RequiresImprovement => "requires_improvement",
        CqcRating::Inadequate => "inadequate",
    }
}

/// Every CQC rating, best first.
pub const RATINGS: [CqcRating; 4] = [
    CqcRating::Outstanding,
    CqcRating::Good,
    CqcRating::RequiresImprovement,
    CqcRating::Inadequate,
];

impl MapView {
    /// Reads a view from URL query pairs. Unknown keys and values that mean nothing are ignored,
    /// so an old or hand-edited link still opens.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> MapView {
        let mut v = MapView::default();
        let on = |value: &str| matches!(value, "1" | "true" | "yes");
        for (key, value) in pairs {
            match key {
                "type" => {
                    v.filter.care_type = CareType::ALL
                        .into_iter()
                        .find(|t| care_type_key(*t) == value)
                }
                "dementia" => v.filter.dementia = on(value),
                "category" => v.filter.category = BedCategory::from_key(value),
                "vacancies" => v.filter.vacancies_only = on(value),
                "rating" => {
                    v.filter.min_rating = RATINGS.into_iter().find(|r| rating_key(*r) == value)
                }
                "borough" => v.filter.borough = Some(value.to_string()).filter(|b| !b.is_empty()),
                "open" => v.filter.open_only = on(value),
                "fresh" => v.filter.max_age_weeks = value.parse().ok(),
                "week" => v.week = value.parse().ok(),
                "shade" => v.shading = Shading::ALL.into_iter().find(|s| s.key() == value),
                "home" => v.selected = Some(value.to_string()).filter(|h| !h.is_empty()),
                "sort" => v.sort = SortKey::ALL.into_iter().find(|s| s.key() == value),
                "dir" => v.descending = value == "desc",
                _ => {}
            }
        }
        v
    }

    /// The view as URL query pairs, leaving out what is at its default.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let f = &self.filter;
        let mut q: Vec<(&'static str, String)> = Vec::new();
        let mut flag = |key, on: bool| {
            if on {
                q.push((key, "1".to_string()));
            }
        };
        flag("dementia", f.dementia);
        flag("vacancies", f.vacancies_only);
        flag("open", f.open_only);
        let optional = [
            ("type", f.care_type.map(|t| care_type_key(t).to_string())),
            ("category", f.category.map(|c| c.key().to_string())),
            ("rating", f.min_rating.map(|r| rating_key(r).to_string())),
            ("borough", f.borough.clone()),
            ("fresh", f.max_age_weeks.map(|n| n.to_string())),
            ("week", self.week.map(|w| w.to_string())),
            ("shade", self.shading.map(|s| s.key().to_string())),
            ("home", self.selected.clone()),
            ("sort", self.sort.map(|s| s.key().to_string())),
            ("dir", self.descending.then(|| "desc".to_string())),
        ];
        q.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        sort_pairs(&mut q);
        q
    }

    /// The query string, `?a=1&b=2`, or empty; values are percent-encoded.
    pub fn to_query_string(&self) -> String {
        query_string(&self.to_query())
    }
}

/// Puts query pairs in key order (each key appears once), so equal views make equal links.
pub fn sort_pairs(q: &mut [(&'static str, String)]) {
    q.sort_unstable_by_key(|(k, _)| *k);
}

/// `?a=1&b=2` from query pairs, or empty when there are none; values are percent-encoded.
pub fn query_string(q: &[(&'static str, String)]) -> String {
    if q.is_empty() {
        return String::new();
    }
    let pairs: Vec<String> = q
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("?{}", pairs.join("&"))
}

/// Percent-encodes everything but unreserved characters.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                char::from(b).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::register::home::{test_home, CareHome, Specialism};
    use crate::returns::capacity_return::{
        Admissions, BedCounts, CapacityReturn, ClosureReason, Fees,
    };
    use crate::returns::home_status::home_statuses;
    use proptest::prelude::*;

    fn week() -> Week {
        "2026-11-16".parse().expect("a Monday")
    }

    fn home(
        id: &str,
        care_type: CareType,
        dementia: bool,
        rating: Option<CqcRating>,
        borough: &str,
    ) -> CareHome {
        let specialisms = if dementia {
            vec![Specialism::Dementia]
        } else {
            vec![]
        };
        CareHome {
            borough: borough.into(),
            registered_beds: 30,
            care_type,
            specialisms,
            rating,
            ..test_home(id)
        }
    }

    fn ret(
        home: &str,
        weeks_back: i64,
        category: BedCategory,
        vacant: u32,
        open: bool,
    ) -> CapacityReturn {
        CapacityReturn {
            home: home.into(),
            week: week().plus_weeks(-weeks_back),
            submitted_at: "2026-11-01T10:00:00Z".parse().expect("time"),
            beds: [(
                category,
                BedCounts {
                    capacity: 30,
                    occupied: 30 - vacant,
                    vacant_reserved: 0,
                    vacant_accepting: vacant,
                },
            )]
            .into_iter()
            .collect(),
            admissions: if open {
                Admissions::Open
            } else {
                Admissions::Closed {
                    reason: ClosureReason::Staffing,
                    detail: None,
                }
            },
            fees: Some(Fees::default()),
            step_down_beds_offered: 0,
            needs: Default::default(),
            vacant_beds_for: Default::default(),
            contact: None,
            capacity_note: None,
        }
    }

    /// Which of the five test homes pass `filter`.
    fn shown(filter: HomeFilter) -> Vec<&'static str> {
        let homes = [
            home(
                "nursing-dementia-good",
                CareType::Nursing,
                true,
                Some(CqcRating::Good),
                "N",
            ),
            home(
                "residential-outstanding",
                CareType::Residential,
                false,
                Some(CqcRating::Outstanding),
                "S",
            ),
            home(
                "residential-closed-ri",
                CareType::Residential,
                false,
                Some(CqcRating::RequiresImprovement),
                "N",
            ),
            home(
                "nursing-stale",
                CareType::Nursing,
                false,
                Some(CqcRating::Inadequate),
                "S",
            ),
            home(
                "nursing-missing-unrated",
                CareType::Nursing,
                false,
                None,
                "S",
            ),
        ];
        let returns = [
            ret(
                "nursing-dementia-good",
                0,
                BedCategory::NursingDementia,
                2,
                true,
            ),
            ret(
                "residential-outstanding",
                0,
                BedCategory::Residential,
                0,
                true,
            ),
            ret(
                "residential-closed-ri",
                0,
                BedCategory::Residential,
                0,
                false,
            ),
            ret("nursing-stale", 2, BedCategory::Nursing, 5, true),
        ];
        let statuses = home_statuses(&homes, &returns, week());
        let names: [&'static str; 5] = [
            "nursing-dementia-good",
            "residential-outstanding",
            "residential-closed-ri",
            "nursing-stale",
            "nursing-missing-unrated",
        ];
        statuses
            .iter()
            .zip(names)
            .filter(|(s, _)| filter.matches(s))
            .map(|(_, n)| n)
            .collect()
    }

    #[test]
    fn each_filter_keeps_the_right_homes() {
        let any = HomeFilter::default;
        let cases: [(HomeFilter, &[&str], &str); 12] = [
            (
                any(),
                &[
                    "nursing-dementia-good",
                    "residential-outstanding",
                    "residential-closed-ri",
                    "nursing-stale",
                    "nursing-missing-unrated",
                ],
                "no filter",
            ),
            (
                HomeFilter {
                    care_type: Some(CareType::Residential),
                    ..any()
                },
                &["residential-outstanding", "residential-closed-ri"],
                "care type",
            ),
            (
                HomeFilter {
                    dementia: true,
                    ..any()
                },
                &["nursing-dementia-good"],
                "dementia",
            ),
            (
                HomeFilter {
                    category: Some(BedCategory::Nursing),
                    ..any()
                },
                &["nursing-stale", "nursing-missing-unrated"],
                "category, from the return or the registration",
            ),
            (
                HomeFilter {
                    vacancies_only: true,
                    ..any()
                },
                &["nursing-dementia-good"],
                "a stale vacancy does not count",
            ),
            (
                HomeFilter {
                    vacancies_only: true,
                    category: Some(BedCategory::Residential),
                    ..any()
                },
                &[],
                "vacancies in the chosen category only",
            ),
            (
                HomeFilter {
                    min_rating: Some(CqcRating::Good),
                    ..any()
                },
                &["nursing-dementia-good", "residential-outstanding"],
                "Good or better",
            ),
            (
                HomeFilter {
                    min_rating: Some(CqcRating::Inadequate),
                    ..any()
                },
                &[
                    "nursing-dementia-good",
                    "residential-outstanding",
                    "residential-closed-ri",
                    "nursing-stale",
                ],
                "unrated homes have no rating to meet a minimum",
            ),
            (
                HomeFilter {
                    borough: Some("N".into()),
                    ..any()
                },
                &["nursing-dementia-good", "residential-closed-ri"],
                "borough",
            ),
            (
                HomeFilter {
                    open_only: true,
                    ..any()
                },
                &[
                    "nursing-dementia-good",
                    "residential-outstanding",
                    "nursing-stale",
                ],
                "open to admissions",
            ),
            (
                HomeFilter {
                    max_age_weeks: Some(1),
                    ..any()
                },
                &[
                    "nursing-dementia-good",
                    "residential-outstanding",
                    "residential-closed-ri",
                ],
                "returned within 2 weeks",
            ),
            (
                HomeFilter {
                    max_age_weeks: Some(2),
                    ..any()
                },
                &[
                    "nursing-dementia-good",
                    "residential-outstanding",
                    "residential-closed-ri",
                    "nursing-stale",
                ],
                "a return two weeks old is within 3 weeks; no return never is",
            ),
        ];
        for (filter, expected, why) in cases {
            assert_eq!(shown(filter), expected, "{why}");
        }
    }

    #[test]
    fn sorting_puts_unrated_last_and_breaks_ties_by_name() {
        let homes = [
            home("b", CareType::Nursing, false, None, "N"),
            home("c", CareType::Nursing, false, Some(CqcRating::Good), "N"),
            home("a", CareType::Nursing, false, Some(CqcRating::Good), "S"),
            home(
                "d",
                CareType::Nursing,
                false,
                Some(CqcRating::Outstanding),
                "S",
            ),
        ];
        let returns = [
            ret("b", 0, BedCategory::Nursing, 5, true),
            ret("c", 1, BedCategory::Nursing, 1, true),
        ];
        let s = home_statuses(&homes, &returns, week());
        let order = |key: SortKey| {
            let mut v: Vec<&HomeStatus> = s.iter().collect();
            v.sort_by(|x, y| key.compare(x, y, None));
            v.iter().map(|h| h.home.id.as_str()).collect::<Vec<_>>()
        };
        assert_eq!(order(SortKey::Name), ["a", "b", "c", "d"]);
        assert_eq!(order(SortKey::Rating), ["d", "a", "c", "b"]);
        assert_eq!(order(SortKey::Borough), ["b", "c", "a", "d"]);
        assert_eq!(
            order(SortKey::Vacancies),
            ["a", "c", "d", "b"],
            "no figure this week sorts first"
        );
        assert_eq!(order(SortKey::Returned), ["b", "c", "a", "d"]);
    }

    #[test]
    fn a_link_with_nonsense_still_opens() {
        let v = MapView::from_query([
            ("type", "hospice"),
            ("fresh", "soon"),
            ("week", "2026-11-18"),
            ("zzz", "1"),
            ("vacancies", "1"),
            ("dir", "desc"),
        ]);
        assert_eq!(
            v,
            MapView {
                filter: HomeFilter {
                    vacancies_only: true,
                    ..Default::default()
                },
                descending: true,
                ..Default::default()
            }
        );
        assert_eq!(MapView::default().to_query_string(), "");
        let v = MapView {
            selected: Some("A B&C".into()),
            ..Default::default()
        };
        assert_eq!(v.to_query_string(), "?home=A%20B%26C");
    }

    fn arb_view() -> impl Strategy<Value = MapView> {
        let filter = (
            proptest::option::of(proptest::sample::select(CareType::ALL.to_vec())),
            any::<bool>(),
            proptest::option::of(proptest::sample::select(BedCategory::ALL.to_vec())),
            any::<bool>(),
            proptest::option::of(proptest::sample::select(RATINGS.to_vec())),
            proptest::option::of("E0900000[0-9]"),
            any::<bool>(),
            proptest::option::of(0u32..20),
        )
            .prop_map(
                |(
                    care_type,
                    dementia,
                    category,
                    vacancies_only,
                    min_rating,
                    borough,
                    open_only,
                    max_age_weeks,
                )| {
                    HomeFilter {
                        care_type,
                        dementia,
                        category,
                        vacancies_only,
                        min_rating,
                        borough,
                        open_only,
                        max_age_weeks,
                    }
                },
            );
        (
            filter,
            proptest::option::of(0i64..500),
            proptest::option::of(proptest::sample::select(Shading::ALL.to_vec())),
            proptest::option::of("[A-Za-z0-9 &=-]{1,12}"),
            proptest::option::of(proptest::sample::select(SortKey::ALL.to_vec())),
            any::<bool>(),
        )
            .prop_map(
                |(filter, week, shading, selected, sort, descending)| MapView {
                    filter,
                    week: week.map(|n| {
                        Week::containing(chrono::NaiveDate::from_ymd_opt(2020, 1, 6).expect("date"))
                            .plus_weeks(n)
                    }),
                    shading,
                    selected,
                    sort,
                    descending,
                },
            )
    }

    proptest! {
        #[test]
        fn a_view_survives_the_url(view in arb_view()) {
            let q = view.to_query();
            let back = MapView::from_query(q.iter().map(|(k, v)| (*k, v.as_str())));
            prop_assert_eq!(back, view);
        }
    }
}
