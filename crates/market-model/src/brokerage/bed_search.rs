//! Finding a bed for someone leaving hospital: the homes that can meet every stated need and have
//! a matching vacancy, ranked by a rule a broker can read, and the homes that miss by one
//! criterion, with the reason, so the broker can negotiate.
//!
//! **Who is considered.** Registered homes of the care type asked for (with dementia care when
//! asked) that have beds in the category the stay needs (step-down beds for step-down and
//! discharge to assess; otherwise the long-stay category) and a capacity return.
//!
//! **Criteria**, each checked against the home's latest return: a vacant bed in the category
//! accepting admissions that no other broker holds; open to admissions; each need met (a
//! bariatric person's weight within the home's limit); vacant beds open to the person's sex; the
//! weekly price within the ceiling (a home that accepts the council's usual rate is priced at the
//! placing borough's rate, any other at its lowest self-funder fee); at least the minimum CQC
//! rating; the vacancy confirmed recently enough. A home meeting all of them is a match; a home
//! failing exactly one is a near miss.
//!
//! **Ranking**: straight-line distance from the hospital (or postcode district), then the most
//! recently confirmed vacancy, then the lower price, then the name. The broker may sort by another
//! key first; the rest of the rule breaks ties.
//!
//! ```
//! use market_model::brokerage::bed_search::{distance_km, Search, Stay};
//! use market_model::primitives::geometry::Point;
//! let north_mid = Point { lon: -0.0735, lat: 51.6134 };
//! let royal_free = Point { lon: -0.1647, lat: 51.553 };
//! assert_eq!(format!("{:.1}", distance_km(north_mid, royal_free)), "9.2");
//! let s = Search::from_query([("stay", "respite"), ("nwb", "1"), ("max", "1350")]);
//! assert_eq!(s.stay, Stay::Respite);
//! assert_eq!(Search::from_query(s.to_query().iter().map(|(k, v)| (*k, v.as_str()))), s);
//! ```

use crate::brokerage::rates::usual_rate;
use crate::presentation::format::{format_count, format_pounds};
use crate::presentation::map_view::{care_type_key, rating_key, sort_pairs, RATINGS};
use crate::primitives::geometry::Point;
use crate::primitives::money::Pence;
use crate::register::footprint::Footprint;
use crate::register::home::{CareHome, CareType, CqcRating};
use crate::returns::capacity_return::{
    Admissions, BedCategory, BedsFor, CapacityReturn, ClosureReason,
};
use chrono::{DateTime, Utc};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

pub mod answer;

/// The kind of stay a bed is wanted for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Stay {
    /// Step-down or discharge to assess: a short stay in a step-down bed.
    #[default]
    StepDown,
    /// Respite: a short stay in an ordinary bed.
    Respite,
    /// A permanent placement.
    Permanent,
}

impl Stay {
    /// Every stay type, in the order the form offers them.
    pub const ALL: [Stay; 3] = [Stay::StepDown, Stay::Respite, Stay::Permanent];

    /// The stay type's key in a URL.
    pub fn key(self) -> &'static str {
        match self {
            Stay::StepDown => "step_down",
            Stay::Respite => "respite",
            Stay::Permanent => "permanent",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Stay::StepDown => "Step-down / discharge to assess",
            Stay::Respite => "Respite",
            Stay::Permanent => "Permanent",
        }
    }
}

/// The sex of the person needing the bed, for homes whose vacant beds are for one sex.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sex {
    /// A woman.
    Female,
    /// A man.
    Male,
}

/// Needs beyond the care type, each one a home must say it can meet this week.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// Must not bear weight.
    NonWeightBearing,
    /// Needs a hoist or two carers.
    HoistTwoCarers,
    /// Needs rehabilitation on site.
    Rehabilitation,
    /// Behaviour that challenges.
    ChallengingBehaviour,
}

impl Need {
    /// Every need, in the order the form offers them.
    pub const ALL: [Need; 4] = [
        Need::NonWeightBearing,
        Need::HoistTwoCarers,
        Need::Rehabilitation,
        Need::ChallengingBehaviour,
    ];

    /// The need's key in a URL.
    pub fn key(self) -> &'static str {
        match self {
            Need::NonWeightBearing => "nwb",
            Need::HoistTwoCarers => "hoist",
            Need::Rehabilitation => "rehab",
            Need::ChallengingBehaviour => "behaviour",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Need::NonWeightBearing => "Non-weight-bearing",
            Need::HoistTwoCarers => "Hoist or two carers",
            Need::Rehabilitation => "Rehabilitation",
            Need::ChallengingBehaviour => "Behaviour that challenges",
        }
    }

    fn met_by(self, r: &CapacityReturn) -> bool {
        match self {
            Need::NonWeightBearing => r.needs.non_weight_bearing,
            Need::HoistTwoCarers => r.needs.hoist_two_carers,
            Need::Rehabilitation => r.needs.rehabilitation,
            Need::ChallengingBehaviour => r.needs.challenging_behaviour,
        }
    }
}

/// How the results are ordered first; the ranking rule breaks ties.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Order {
    /// Nearest first.
    #[default]
    Distance,
    /// Most recently confirmed vacancy first.
    Freshness,
    /// Lowest price first.
    Price,
    /// Best CQC rating first.
    Rating,
}

impl Order {
    /// Every order, as the sort control offers them.
    pub const ALL: [Order; 4] = [
        Order::Distance,
        Order::Freshness,
        Order::Price,
        Order::Rating,
    ];

    /// The order's key in a URL.
    pub fn key(self) -> &'static str {
        match self {
            Order::Distance => "distance",
            Order::Freshness => "fresh",
            Order::Price => "price",
            Order::Rating => "rating",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Order::Distance => "Distance",
            Order::Freshness => "Vacancy last confirmed",
            Order::Price => "Price",
            Order::Rating => "CQC rating",
        }
    }
}

/// What a broker is looking for. Round-trips through the URL query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Search {
    /// Nursing or residential.
    pub care_type: CareType,
    /// Whether dementia care is needed.
    pub dementia: bool,
    /// The kind of stay.
    pub stay: Stay,
    /// Needs the home must meet.
    pub needs: Vec<Need>,
    /// Bariatric care for a person of this weight in kg.
    pub bariatric_kg: Option<u32>,
    /// The person's sex, when a home's beds are for one sex only.
    pub sex: Option<Sex>,
    /// Where the person leaves from: a hospital's key or a postcode district such as "N18".
    pub from: Option<String>,
    /// The placing borough (GSS code); by default the borough the person leaves from.
    pub placing: Option<String>,
    /// The weekly price ceiling; by default the placing borough's usual rate.
    pub max_fee: Option<Pence>,
    /// The lowest acceptable CQC rating; unrated homes fail any minimum.
    pub min_rating: Option<CqcRating>,
    /// The vacancy must have been confirmed within this many days.
    pub max_age_days: Option<u32>,
    /// The first sort key.
    pub order: Order,
    /// Whether to list near misses as well.
    pub near_misses: bool,
}

impl Default for Search {
    fn default() -> Search {
        Search {
            care_type: CareType::Nursing,
            dementia: false,
            stay: Stay::default(),
            needs: Vec::new(),
            bariatric_kg: None,
            sex: None,
            from: None,
            placing: None,
            max_fee: None,
            min_rating: None,
            max_age_days: None,
            order: Order::default(),
            near_misses: false,
        }
    }
}

impl Search {
    /// The bed category the stay needs.
    pub fn category(&self) -> BedCategory {
        match (self.stay, self.care_type, self.dementia) {
            (Stay::StepDown, _, _) => BedCategory::StepDown,
            (_, CareType::Residential, false) => BedCategory::Residential,
            (_, CareType::Residential, true) => BedCategory::ResidentialDementia,
            (_, CareType::Nursing, false) => BedCategory::Nursing,
            (_, CareType::Nursing, true) => BedCategory::NursingDementia,
        }
    }

    /// The category whose usual rate sets the default ceiling: a step-down bed in a dementia
    /// unit is priced as dementia care.
    pub fn rate_category(&self) -> BedCategory {
        Search {
            stay: Stay::Permanent,
            ..self.clone()
        }
        .category()
    }

    /// Reads a search from URL query pairs; unknown keys and nonsense values are ignored.
    pub fn from_query<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> Search {
        let mut s = Search::default();
        let text = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        for (key, value) in pairs {
            match key {
                "type" => {
                    if let Some(t) = CareType::ALL
                        .into_iter()
                        .find(|t| care_type_key(*t) == value)
                    {
                        s.care_type = t;
                    }
                }
                "dementia" => s.dementia = value == "1",
                "stay" => {
                    if let Some(stay) = Stay::ALL.into_iter().find(|t| t.key() == value) {
                        s.stay = stay;
                    }
                }
                "kg" => s.bariatric_kg = value.parse().ok().filter(|kg| *kg > 0),
                "sex" => {
                    s.sex = match value {
                        "female" => Some(Sex::Female),
                        "male" => Some(Sex::Male),
                        _ => None,
                    }
                }
                "from" => s.from = text(value),
                "placing" => s.placing = text(value),
                "max" => s.max_fee = value.parse().ok().map(Pence::from_pounds),
                "rating" => s.min_rating = RATINGS.into_iter().find(|r| rating_key(*r) == value),
                "days" => s.max_age_days = value.parse().ok(),
                "sort" => {
                    if let Some(o) = Order::ALL.into_iter().find(|o| o.key() == value) {
                        s.order = o;
                    }
                }
                "near" => s.near_misses = value == "1",
                _ => {
                    if let Some(need) = Need::ALL.into_iter().find(|n| n.key() == key) {
                        if value == "1" && !s.needs.contains(&need) {
                            s.needs.push(need);
                        }
                    }
                }
            }
        }
        s.needs = Need::ALL
            .into_iter()
            .filter(|n| s.needs.contains(n))
            .collect();
        s
    }

    /// The search as URL query pairs, leaving out what is at its default.
    pub fn to_query(&self) -> Vec<(&'static str, String)> {
        let mut q: Vec<(&'static str, String)> = Vec::new();
        if self.care_type != CareType::Nursing {
            q.push(("type", care_type_key(self.care_type).to_string()));
        }
        if self.stay != Stay::default() {
            q.push(("stay", self.stay.key().to_string()));
        }
        if self.order != Order::default() {
            q.push(("sort", self.order.key().to_string()));
        }
        for need in &self.needs {
            q.push((need.key(), "1".to_string()));
        }
        let optional = [
            ("dementia", self.dementia.then(|| "1".to_string())),
            ("near", self.near_misses.then(|| "1".to_string())),
            ("kg", self.bariatric_kg.map(|kg| kg.to_string())),
            (
                "sex",
                self.sex.map(|s| match s {
                    Sex::Female => "female".to_string(),
                    Sex::Male => "male".to_string(),
                }),
            ),
            ("from", self.from.clone()),
            ("placing", self.placing.clone()),
            ("max", self.max_fee.map(|p| (p.0 / 100).to_string())),
            ("rating", self.min_rating.map(|r| rating_key(r).to_string())),
            ("days", self.max_age_days.map(|d| d.to_string())),
        ];
        q.extend(optional.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))));
        sort_pairs(&mut q);
        q
    }
}

/// Where a search starts and what it pays: the origin, the placing borough (as asked, or the
/// borough the origin lies in) and that borough's usual rate for the bed.
#[derive(Clone, Debug, PartialEq)]
pub struct Start {
    /// Where the person leaves from, when known.
    pub origin: Option<Point>,
    /// GSS code of the placing borough.
    pub placing: Option<String>,
    /// The placing borough's usual weekly rate: the default ceiling.
    pub usual_rate: Option<Pence>,
}

impl Search {
    /// Resolves the search's origin, placing borough and usual rate.
    pub fn start(&self, footprint: &Footprint, homes: &[CareHome]) -> Start {
        let origin = self
            .from
            .as_deref()
            .and_then(|f| origin(f, footprint, homes));
        let placing = self.placing.clone().or_else(|| {
            origin
                .and_then(|p| footprint.borough_containing(p))
                .map(|b| b.gss_code.clone())
        });
        let usual_rate = placing
            .as_deref()
            .and_then(|b| usual_rate(b, self.rate_category()));
        Start {
            origin,
            placing,
            usual_rate,
        }
    }
}

/// A hospital's key in a URL: its name in lower case with hyphens.
pub fn hospital_key(name: &str) -> String {
    let mut key = String::new();
    for word in name.split(|c: char| !c.is_ascii_alphanumeric()) {
        if !word.is_empty() {
            if !key.is_empty() {
                key.push('-');
            }
            key.push_str(&word.to_ascii_lowercase());
        }
    }
    key
}

/// Where a search starts: a hospital by its key, or a postcode district ("N18", "en2") placed at
/// the mean position of the homes and hospitals in it — approximate, and said so.
pub fn origin(from: &str, footprint: &Footprint, homes: &[CareHome]) -> Option<Point> {
    if let Some(h) = footprint
        .hospitals
        .iter()
        .find(|h| hospital_key(&h.name) == from)
    {
        return Some(h.location);
    }
    let district = from.trim().to_ascii_uppercase();
    let in_district = |postcode: &str| postcode.split(' ').next() == Some(district.as_str());
    let points: Vec<Point> = footprint
        .hospitals
        .iter()
        .filter(|h| in_district(&h.postcode))
        .map(|h| h.location)
        .chain(
            homes
                .iter()
                .filter(|h| !h.location_approximate && in_district(&h.postcode))
                .map(|h| h.location),
        )
        .collect();
    let n = points.len() as f64;
    (n > 0.0).then(|| Point {
        lon: points.iter().map(|p| p.lon).sum::<f64>() / n,
        lat: points.iter().map(|p| p.lat).sum::<f64>() / n,
    })
}

/// Straight-line distance in km: an equirectangular approximation, within 0.1% of the great
/// circle at the footprint's scale.
pub fn distance_km(a: Point, b: Point) -> f64 {
    const EARTH_RADIUS_KM: f64 = 6_371.0;
    let x = (b.lon - a.lon).to_radians() * ((a.lat + b.lat) / 2.0).to_radians().cos();
    let y = (b.lat - a.lat).to_radians();
    EARTH_RADIUS_KM * (x * x + y * y).sqrt()
}

/// How fresh a vacancy is: when the home last confirmed it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confirmed {
    /// Confirmed today.
    Today,
    /// Within the last seven days.
    ThisWeek,
    /// Longer ago: worth a phone call before relying on it.
    Stale,
}

impl Confirmed {
    /// The badge for a vacancy confirmed `age_days` whole days ago (0 = today).
    pub fn of(age_days: i64) -> Confirmed {
        match age_days {
            ..=0 => Confirmed::Today,
            1..=7 => Confirmed::ThisWeek,
            _ => Confirmed::Stale,
        }
    }

    /// The badge's text.
    pub fn label(self) -> &'static str {
        match self {
            Confirmed::Today => "Today",
            Confirmed::ThisWeek => "This week",
            Confirmed::Stale => "Stale",
        }
    }
}

/// What a home would charge per week, as compared with the ceiling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Price {
    /// The weekly amount.
    pub amount: Pence,
    /// True when it is the placing borough's usual rate, which the home accepts.
    pub council_rate: bool,
}

/// Why a home does not match: one failed criterion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Miss {
    /// No vacant bed in the category accepting admissions, counting beds other brokers hold.
    NoVacancy {
        /// Vacant beds held by other brokers.
        held: u32,
    },
    /// Closed to admissions.
    Closed(ClosureReason),
    /// A need the home does not say it can meet.
    Need(Need),
    /// A bariatric person heavier than the home's limit, or no bariatric care.
    Weight {
        /// The home's limit in kg, if it offers bariatric care.
        limit: Option<u32>,
    },
    /// Vacant beds are for the other sex only.
    Sex(BedsFor),
    /// Priced above the ceiling by this much.
    OverCeiling(Pence),
    /// No weekly fee reported (and the council rate not accepted).
    NoPrice,
    /// Rated below the minimum, or not rated.
    Rating(Option<CqcRating>),
    /// The vacancy was last confirmed this many days ago, more than allowed.
    Stale(i64),
}

impl fmt::Display for Miss {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Miss::NoVacancy { held: 0 } => f.write_str("no vacant bed accepting admissions"),
            Miss::NoVacancy { held } => write!(f, "no vacant bed not already held ({held} held)"),
            Miss::Closed(reason) => write!(f, "closed to admissions ({})", reason.label()),
            Miss::Need(need) => write!(f, "cannot meet the need: {}", need.label()),
            Miss::Weight { limit: Some(kg) } => write!(f, "bariatric care only up to {kg} kg"),
            Miss::Weight { limit: None } => f.write_str("no bariatric care"),
            Miss::Sex(BedsFor::WomenOnly) => f.write_str("vacant beds are for women only"),
            Miss::Sex(_) => f.write_str("vacant beds are for men only"),
            Miss::OverCeiling(by) => write!(f, "over the price ceiling by {}", format_pounds(*by)),
            Miss::NoPrice => f.write_str("no weekly fee reported"),
            Miss::Rating(Some(r)) => write!(f, "rated {}", r.label()),
            Miss::Rating(None) => f.write_str("not yet rated"),
            Miss::Stale(days) => write!(
                f,
                "vacancy last confirmed {} days ago",
                format_count(days.unsigned_abs())
            ),
        }
    }
}

/// A home considered for a search, with what the broker sees and anything it misses.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate<'a> {
    /// The home.
    pub home: &'a CareHome,
    /// Its latest capacity return.
    pub latest: &'a CapacityReturn,
    /// Straight-line km from where the person leaves, when that is known.
    pub distance_km: Option<f64>,
    /// Vacant beds in the category accepting admissions, less those other brokers hold.
    pub available: u32,
    /// Beds in the category other brokers hold.
    pub held: u32,
    /// What the home would charge per week.
    pub price: Option<Price>,
    /// Whole days since the vacancy was confirmed.
    pub age_days: i64,
    /// Failed criteria: none for a match, one for a near miss.
    pub misses: Vec<Miss>,
}

/// The homes that match, then (when asked) those that miss by one criterion.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Results<'a> {
    /// Homes meeting every criterion, ranked.
    pub matches: Vec<Candidate<'a>>,
    /// Homes failing exactly one criterion, ranked the same way (empty unless asked for).
    pub near_misses: Vec<Candidate<'a>>,
}

/// Beds held by brokers: (home ID, category) → beds.
pub type Held = BTreeMap<(String, BedCategory), u32>;

/// Everything a search looks at: homes, each one's latest return, and the beds already held.
pub struct SearchMarket<'a> {
    homes: &'a [CareHome],
    latest: HashMap<&'a str, &'a CapacityReturn>,
    held: &'a Held,
}

impl<'a> SearchMarket<'a> {
    /// The market from `homes` and any number of returns (the latest per home counts, as
    /// [`CapacityReturn::supersedes`] decides).
    pub fn new(
        homes: &'a [CareHome],
        returns: impl IntoIterator<Item = &'a CapacityReturn>,
        held: &'a Held,
    ) -> SearchMarket<'a> {
        let mut latest: HashMap<&str, &CapacityReturn> = HashMap::new();
        for r in returns {
            let newer = latest.get(r.home.as_str()).is_none_or(|l| r.supersedes(l));
            if newer {
                latest.insert(&r.home, r);
            }
        }
        SearchMarket {
            homes,
            latest,
            held,
        }
    }

    /// Vacant beds of `category` accepting admissions and not held, by each home's latest
    /// return, in homes open to admissions.
    pub fn available(&self, category: BedCategory) -> u32 {
        self.homes
            .iter()
            .filter_map(|home| {
                let offered = self.latest.get(home.id.as_str())?.beds_to_offer(category);
                let held = self.held.get(&(home.id.clone(), category)).copied();
                Some(offered.saturating_sub(held.unwrap_or(0)))
            })
            .sum()
    }

    /// Runs `search` from `origin` at `now`. `usual_rate` is the placing borough's rate for the
    /// category: the ceiling when the search sets none, and the price of a home that accepts it.
    pub fn search(
        &self,
        search: &Search,
        origin: Option<Point>,
        usual_rate: Option<Pence>,
        now: DateTime<Utc>,
    ) -> Results<'a> {
        let mut results = Results::default();
        for home in self.homes {
            let Some(c) = self.consider(home, search, origin, usual_rate, now) else {
                continue;
            };
            match c.misses.len() {
                0 => results.matches.push(c),
                1 if search.near_misses => results.near_misses.push(c),
                _ => {}
            }
        }
        let order = |a: &Candidate, b: &Candidate| rank(a, b, search.order);
        results.matches.sort_unstable_by(order);
        results.near_misses.sort_unstable_by(order);
        results
    }

    fn consider(
        &self,
        home: &'a CareHome,
        s: &Search,
        origin: Option<Point>,
        usual_rate: Option<Pence>,
        now: DateTime<Utc>,
    ) -> Option<Candidate<'a>> {
        let category = s.category();
        let latest = *self.latest.get(home.id.as_str())?;
        let beds = latest.beds.get(&category)?;
        let suitable = home.deregistered_on.is_none()
            && home.care_type == s.care_type
            && (!s.dementia || home.has_dementia());
        if !suitable {
            return None;
        }
        let held = self
            .held
            .get(&(home.id.clone(), category))
            .copied()
            .unwrap_or(0);
        // Closure is a criterion of its own below (a near miss), so the vacancy counts as
        // returned here rather than as `beds_to_offer`, which is none for a closed home.
        let available = beds.vacant_accepting.saturating_sub(held);
        let price = latest.fees.as_ref().and_then(|f| match usual_rate {
            Some(rate) if f.council_rate_accepted => Some(Price {
                amount: rate,
                council_rate: true,
            }),
            _ => f.self_funder_from.map(|amount| Price {
                amount,
                council_rate: false,
            }),
        });
        let age_days = (now - latest.submitted_at).num_days();

        let mut misses = Vec::new();
        if available == 0 {
            misses.push(Miss::NoVacancy { held });
        }
        if let Admissions::Closed { reason, .. } = &latest.admissions {
            misses.push(Miss::Closed(*reason));
        }
        misses.extend(
            s.needs
                .iter()
                .filter(|n| !n.met_by(latest))
                .map(|n| Miss::Need(*n)),
        );
        if let Some(kg) = s.bariatric_kg {
            let limit = latest.needs.bariatric_max_kg;
            if limit.is_none_or(|limit| kg > limit) {
                misses.push(Miss::Weight { limit });
            }
        }
        let sex_barred = matches!(
            (s.sex, latest.vacant_beds_for),
            (Some(Sex::Male), BedsFor::WomenOnly) | (Some(Sex::Female), BedsFor::MenOnly)
        );
        if sex_barred {
            misses.push(Miss::Sex(latest.vacant_beds_for));
        }
        if let Some(ceiling) = s.max_fee.or(usual_rate) {
            match price {
                None => misses.push(Miss::NoPrice),
                Some(p) if p.amount > ceiling => {
                    misses.push(Miss::OverCeiling(Pence(p.amount.0 - ceiling.0)))
                }
                Some(_) => {}
            }
        }
        if let Some(min) = s.min_rating {
            // Ratings order best first: Outstanding < Good < … in the enum.
            if home.rating.is_none_or(|r| r > min) {
                misses.push(Miss::Rating(home.rating));
            }
        }
        if let Some(max) = s.max_age_days {
            if age_days > i64::from(max) {
                misses.push(Miss::Stale(age_days));
            }
        }
        Some(Candidate {
            home,
            latest,
            distance_km: origin.map(|o| distance_km(o, home.location)),
            available,
            held,
            price,
            age_days,
            misses,
        })
    }
}

/// The ranking rule: `first`, then distance, freshness, price, name (and ID, so the order is
/// total and an unstable sort, smaller in the app, gives the same answer).
fn rank(a: &Candidate, b: &Candidate, first: Order) -> Ordering {
    let by = |o: Order| match o {
        Order::Distance => a
            .distance_km
            .unwrap_or(f64::MAX)
            .total_cmp(&b.distance_km.unwrap_or(f64::MAX)),
        Order::Freshness => b.latest.submitted_at.cmp(&a.latest.submitted_at),
        Order::Price => price_key(a).cmp(&price_key(b)),
        Order::Rating => rating_rank(a).cmp(&rating_rank(b)),
    };
    by(first)
        .then_with(|| by(Order::Distance))
        .then_with(|| by(Order::Freshness))
        .then_with(|| by(Order::Price))
        .then_with(|| a.home.name.cmp(&b.home.name))
        .then_with(|| a.home.id.cmp(&b.home.id))
}

fn price_key(c: &Candidate) -> u32 {
    c.price.map_or(u32::MAX, |p| p.amount.0)
}

fn rating_rank(c: &Candidate) -> usize {
    c.home
        .rating
        .and_then(|r| RATINGS.iter().position(|x| *x == r))
        .unwrap_or(RATINGS.len())
}

#[cfg(test)]
mod tests;
