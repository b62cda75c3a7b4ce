//! What boroughs pay: price statistics from the placements ledger, over the placements active on
//! a chosen date (see [`Placement::active_on`]).
//!
//! - [`price_spreads`]: count, minimum, quartiles and maximum per bed category × placing borough
//!   × funder, with footprint-wide and all-funder rows.
//! - [`borough_comparisons`]: each borough's median per category against the footprint's median
//!   and against its usual rate ([`UsualRates`]).
//! - [`self_funder_gaps`]: what self-funders are quoted against what councils pay, per borough of
//!   the home and category.
//! - [`shared_homes`]: homes where two or more boroughs place people in the same category, and
//!   what each pays there.
//! - [`placement_flows`]: placing borough → borough of the home.
//! - [`PriceAnalysis::within_remit`]: all of it as a borough's commissioners may see it: other
//!   boroughs' prices only as figures over at least [`MIN_HOMES_PER_PRICE_CELL`] homes, never
//!   their lowest or highest price, never what they pay at one home.
//!
//! Statistics are in pounds (`f64`, quartiles as spreadsheets' QUARTILE.INC); minima, maxima and
//! rates stay exact in [`Pence`]. Every output is plain rows, ready for a table or a chart.
//!
//! ```
//! use chrono::NaiveDate;
//! use market_model::returns::capacity_return::BedCategory;
//! use market_model::analytics::ledger::{Funder, Placement};
//! use market_model::primitives::money::Pence;
//! use market_model::analytics::prices::price_spreads;
//!
//! let day = NaiveDate::from_ymd_opt(2026, 11, 23).expect("a date");
//! let placement = |id: &str, pounds| Placement {
//!     id: id.into(),
//!     home_id: "1-101".into(),
//!     placing_borough: "E09000003".into(),
//!     category: BedCategory::Nursing,
//!     funder: Funder::Council,
//!     weekly_price: Pence::from_pounds(pounds),
//!     start_date: day,
//!     end_date: None,
//! };
//! let spreads = price_spreads(&[placement("A", 1_200), placement("B", 1_300)], day);
//! // Footprint-wide and Barnet's rows, each for all funders and for the council.
//! assert_eq!(spreads.len(), 4);
//! assert_eq!(spreads[0].quartiles.median, 1_250.0);
//! assert_eq!(spreads[0].max, Some(Pence::from_pounds(1_300)));
//! ```

use crate::analytics::ledger::{Funder, Placement};
use crate::brokerage::rates::UsualRates;
use crate::primitives::money::Pence;
use crate::primitives::stats::Quartiles;
use crate::register::home::CareHome;
use crate::returns::capacity_return::BedCategory;
use crate::returns::home_status::HomeStatus;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The fewest homes a figure about another borough's prices may rest on, for a borough's
/// commissioners: the rule the public fee figures follow
/// ([`MIN_HOMES_PER_FEE_CELL`](crate::analytics::market::MIN_HOMES_PER_FEE_CELL)).
pub const MIN_HOMES_PER_PRICE_CELL: usize = crate::analytics::market::MIN_HOMES_PER_FEE_CELL;

/// How far a value is from a reference.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Difference {
    /// Value minus reference, in pounds.
    pub pounds: f64,
    /// The difference as a share of the reference (0.05 is 5% above it), for
    /// [`format_percent`](crate::presentation::format::format_percent).
    pub share: f64,
}

impl Difference {
    /// How far `value` is from `reference` (both in pounds); `None` unless the reference is
    /// positive.
    pub fn between(value: f64, reference: f64) -> Option<Difference> {
        (reference > 0.0).then(|| Difference {
            pounds: value - reference,
            share: (value - reference) / reference,
        })
    }
}

/// The spread of weekly prices in one group of placements.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceSpread {
    /// The bed category.
    pub category: BedCategory,
    /// GSS code of the placing borough; `None` for the whole footprint.
    pub placing_borough: Option<String>,
    /// The funder; `None` for every funder together.
    pub funder: Option<Funder>,
    /// Count and quartiles, in pounds.
    pub quartiles: Quartiles,
    /// The lowest price; withheld (`None`) from readers outside the placing borough.
    pub min: Option<Pence>,
    /// The highest price; withheld as the lowest is.
    pub max: Option<Pence>,
}

/// The spread of prices for every category × placing borough × funder with active placements on
/// `on`, with footprint-wide rows (`placing_borough` `None`) and all-funder rows (`funder`
/// `None`). Ordered by category, then borough, then funder, the footprint and all funders first.
pub fn price_spreads(placements: &[Placement], on: NaiveDate) -> Vec<PriceSpread> {
    // Category, placing borough (None: the footprint) and funder (None: all) → prices.
    type Group<'a> = (BedCategory, Option<&'a str>, Option<Funder>);
    let mut groups: BTreeMap<Group, Vec<Pence>> = BTreeMap::new();
    for p in active(placements, on) {
        for borough in [Some(p.placing_borough.as_str()), None] {
            for funder in [Some(p.funder), None] {
                groups
                    .entry((p.category, borough, funder))
                    .or_default()
                    .push(p.weekly_price);
            }
        }
    }
    groups
        .into_iter()
        .filter_map(|((category, borough, funder), prices)| {
            Some(PriceSpread {
                category,
                placing_borough: borough.map(str::to_string),
                funder,
                quartiles: quartiles(&prices)?,
                min: prices.iter().min().copied(),
                max: prices.iter().max().copied(),
            })
        })
        .collect()
}

/// One borough's median price in a category, against the footprint and its usual rate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoroughComparison {
    /// GSS code of the placing borough.
    pub placing_borough: String,
    /// The bed category.
    pub category: BedCategory,
    /// The borough's active placements in the category.
    pub count: usize,
    /// Their median weekly price, in pounds.
    pub median: f64,
    /// The median over every borough's placements in the category, in pounds.
    pub footprint_median: f64,
    /// The borough's median against the footprint's.
    pub vs_footprint: Option<Difference>,
    /// The borough's usual rate for the category, if the table has one.
    pub usual_rate: Option<Pence>,
    /// The borough's median against its usual rate.
    pub vs_usual_rate: Option<Difference>,
}

/// Each placing borough's median price per category on `on` (of `funder`'s placements, or of
/// every funder's), against the footprint's median and the borough's rate in `rates`. Ordered by
/// category, then borough.
pub fn borough_comparisons(
    placements: &[Placement],
    on: NaiveDate,
    funder: Option<Funder>,
    rates: &UsualRates,
) -> Vec<BoroughComparison> {
    let mut groups: BTreeMap<(BedCategory, Option<&str>), Vec<Pence>> = BTreeMap::new();
    let chosen = active(placements, on).filter(|p| funder.is_none_or(|f| p.funder == f));
    for p in chosen {
        for borough in [Some(p.placing_borough.as_str()), None] {
            groups
                .entry((p.category, borough))
                .or_default()
                .push(p.weekly_price);
        }
    }
    let medians: BTreeMap<_, _> = groups
        .iter()
        .filter_map(|(key, prices)| Some((*key, quartiles(prices)?)))
        .collect();
    medians
        .iter()
        .filter_map(|(&(category, borough), q)| {
            let borough = borough?;
            let footprint_median = medians.get(&(category, None))?.median;
            let usual_rate = rates.get(borough, category);
            Some(BoroughComparison {
                placing_borough: borough.to_string(),
                category,
                count: q.count,
                median: q.median,
                footprint_median,
                vs_footprint: Difference::between(q.median, footprint_median),
                usual_rate,
                vs_usual_rate: usual_rate
                    .and_then(|rate| Difference::between(q.median, rate.as_pounds_f64())),
            })
        })
        .collect()
}

/// Self-funder fees against council prices for one borough's homes in one category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SelfFunderGap {
    /// GSS code of the borough the homes are in.
    pub borough: String,
    /// The bed category.
    pub category: BedCategory,
    /// Homes whose latest return has beds in the category and a self-funder "from" fee.
    pub self_funder_homes: usize,
    /// The median of those fees, in pounds.
    pub self_funder_median: Option<f64>,
    /// Council-funded placements active in the borough's homes in the category.
    pub council_placements: usize,
    /// Their median weekly price, in pounds.
    pub council_median: Option<f64>,
    /// The self-funder median against the council median.
    pub gap: Option<Difference>,
}

/// Per borough of the home × category: the median lowest self-funder fee homes give in their
/// latest returns (`statuses`, one per home) against the median price of council-funded
/// placements (funder [`Funder::Council`], placed by any borough) active in those boroughs'
/// homes on `on`. Both sides are about the same local market. A row for every borough and
/// category with either side; ordered by borough, then category.
pub fn self_funder_gaps(
    statuses: &[HomeStatus],
    placements: &[Placement],
    on: NaiveDate,
) -> Vec<SelfFunderGap> {
    let mut fees: BTreeMap<(&str, BedCategory), Vec<Pence>> = BTreeMap::new();
    for status in statuses {
        let Some(latest) = status.latest else {
            continue;
        };
        let Some(from) = latest.fees.as_ref().and_then(|f| f.self_funder_from) else {
            continue;
        };
        for (&category, beds) in &latest.beds {
            if beds.capacity > 0 {
                let key = (status.home.borough.as_str(), category);
                fees.entry(key).or_default().push(from);
            }
        }
    }
    let borough_of: HashMap<&str, &str> = statuses
        .iter()
        .map(|s| (s.home.id.as_str(), s.home.borough.as_str()))
        .collect();
    let mut council: BTreeMap<(&str, BedCategory), Vec<Pence>> = BTreeMap::new();
    for p in active(placements, on).filter(|p| p.funder == Funder::Council) {
        if let Some(&borough) = borough_of.get(p.home_id.as_str()) {
            let key = (borough, p.category);
            council.entry(key).or_default().push(p.weekly_price);
        }
    }
    let mut keys: Vec<(&str, BedCategory)> = fees.keys().chain(council.keys()).copied().collect();
    keys.sort_unstable();
    keys.dedup();
    keys.into_iter()
        .map(|key| {
            let side = |groups: &BTreeMap<_, Vec<Pence>>| {
                groups.get(&key).and_then(|prices| quartiles(prices))
            };
            let (self_funders, councils) = (side(&fees), side(&council));
            let self_funder_median = self_funders.map(|q| q.median);
            let council_median = councils.map(|q| q.median);
            SelfFunderGap {
                borough: key.0.to_string(),
                category: key.1,
                self_funder_homes: self_funders.map_or(0, |q| q.count),
                self_funder_median,
                council_placements: councils.map_or(0, |q| q.count),
                council_median,
                gap: self_funder_median
                    .zip(council_median)
                    .and_then(|(s, c)| Difference::between(s, c)),
            }
        })
        .collect()
}

/// What one borough pays at a home.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoroughPrice {
    /// GSS code of the placing borough.
    pub placing_borough: String,
    /// Its active placements there.
    pub count: usize,
    /// Their median weekly price, in pounds; withheld (`None`) from other boroughs'
    /// commissioners.
    pub median: Option<f64>,
}

/// A home where several boroughs place people in one category.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SharedHome {
    /// CQC location ID of the home.
    pub home_id: String,
    /// The bed category.
    pub category: BedCategory,
    /// Each placing borough's median there, by GSS code.
    pub boroughs: Vec<BoroughPrice>,
    /// The highest borough median minus the lowest, in pounds; withheld with any median.
    pub spread: Option<f64>,
}

/// Every home × category where two or more boroughs have active placements on `on` (of
/// `funder`'s, or of every funder's), with each borough's median there. Widest spread first,
/// then by home and category.
pub fn shared_homes(
    placements: &[Placement],
    on: NaiveDate,
    funder: Option<Funder>,
) -> Vec<SharedHome> {
    let mut groups: BTreeMap<(&str, BedCategory), BTreeMap<&str, Vec<Pence>>> = BTreeMap::new();
    let chosen = active(placements, on).filter(|p| funder.is_none_or(|f| p.funder == f));
    for p in chosen {
        groups
            .entry((p.home_id.as_str(), p.category))
            .or_default()
            .entry(p.placing_borough.as_str())
            .or_default()
            .push(p.weekly_price);
    }
    let mut shared: Vec<SharedHome> = groups
        .into_iter()
        .filter(|(_, by_borough)| by_borough.len() >= 2)
        .map(|((home_id, category), by_borough)| {
            let boroughs: Vec<BoroughPrice> = by_borough
                .into_iter()
                .filter_map(|(borough, prices)| {
                    let q = quartiles(&prices)?;
                    Some(BoroughPrice {
                        placing_borough: borough.to_string(),
                        count: q.count,
                        median: Some(q.median),
                    })
                })
                .collect();
            let medians = boroughs.iter().filter_map(|b| b.median);
            let highest = medians.clone().fold(f64::MIN, f64::max);
            let lowest = medians.fold(f64::MAX, f64::min);
            SharedHome {
                home_id: home_id.to_string(),
                category,
                boroughs,
                spread: Some(highest - lowest),
            }
        })
        .collect();
    shared.sort_unstable_by(|a, b| {
        b.spread
            .unwrap_or_default()
            .total_cmp(&a.spread.unwrap_or_default())
            .then_with(|| (&a.home_id, a.category).cmp(&(&b.home_id, b.category)))
    });
    shared
}

/// Active placements from each placing borough into each borough's homes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FlowTable {
    /// GSS codes, in the order of the rows and columns.
    pub boroughs: Vec<String>,
    /// `counts[i][j]`: placements by borough `i` in homes in borough `j`.
    pub counts: Vec<Vec<usize>>,
    /// Row totals: placements by each borough.
    pub placed_by: Vec<usize>,
    /// Column totals: placements in each borough's homes.
    pub placed_in: Vec<usize>,
    /// All placements counted.
    pub total: usize,
}

impl FlowTable {
    /// Placements in a home outside the placing borough.
    pub fn out_of_borough(&self) -> usize {
        let own: usize = (0..self.boroughs.len()).map(|i| self.counts[i][i]).sum();
        self.total - own
    }
}

/// Placements active on `on`, placing borough → borough of the home, over `boroughs` (GSS codes,
/// in display order). A placement whose home is not in `homes`, or whose boroughs are not in
/// `boroughs`, is not counted (an imported ledger has none).
pub fn placement_flows(
    placements: &[Placement],
    homes: &[CareHome],
    boroughs: &[&str],
    on: NaiveDate,
) -> FlowTable {
    let index = |code: &str| boroughs.iter().position(|b| *b == code);
    let home_borough: HashMap<&str, usize> = homes
        .iter()
        .filter_map(|h| Some((h.id.as_str(), index(&h.borough)?)))
        .collect();
    let n = boroughs.len();
    let mut table = FlowTable {
        boroughs: boroughs.iter().map(|b| b.to_string()).collect(),
        counts: vec![vec![0; n]; n],
        placed_by: vec![0; n],
        placed_in: vec![0; n],
        total: 0,
    };
    for p in active(placements, on) {
        let (Some(from), Some(&to)) = (
            index(&p.placing_borough),
            home_borough.get(p.home_id.as_str()),
        ) else {
            continue;
        };
        table.counts[from][to] += 1;
        table.placed_by[from] += 1;
        table.placed_in[to] += 1;
        table.total += 1;
    }
    table
}

/// Every price table for the placements active on one day, as the analytics page shows them and
/// `GET /api/analytics/prices` sends them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PriceAnalysis {
    /// The day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    #[serde(with = "crate::primitives::timestamp::date")]
    pub on: NaiveDate,
    /// The funder the comparisons and shared homes are limited to, if any.
    pub funder: Option<Funder>,
    /// See [`price_spreads`].
    pub spreads: Vec<PriceSpread>,
    /// See [`borough_comparisons`].
    pub comparisons: Vec<BoroughComparison>,
    /// See [`self_funder_gaps`].
    pub self_funder_gaps: Vec<SelfFunderGap>,
    /// See [`shared_homes`].
    pub shared_homes: Vec<SharedHome>,
    /// See [`placement_flows`].
    pub flows: FlowTable,
}

impl PriceAnalysis {
    /// The analysis as the commissioners of borough `own` (a GSS code) may see it. Their own
    /// borough's figures stay whole. Another borough's, and the footprint's, stay only as figures
    /// over at least [`MIN_HOMES_PER_PRICE_CELL`] homes: spreads and comparisons resting on fewer
    /// go, council medians in a borough's homes over fewer are withheld, and no lowest or highest
    /// price is given. Of homes several boroughs use, only those where `own` places people stay,
    /// with other boroughs' placements counted but their prices withheld. `placements` and
    /// `homes` are the ones the analysis was made from.
    pub fn within_remit(mut self, own: &str, placements: &[Placement], homes: &[CareHome]) -> Self {
        let (on, funder) = (self.on, self.funder);
        let homes_where = |keep: &dyn Fn(&Placement) -> bool| {
            active(placements, on)
                .filter(|p| keep(p))
                .map(|p| p.home_id.as_str())
                .collect::<HashSet<_>>()
                .len()
        };
        self.spreads.retain_mut(|s| {
            if s.placing_borough.as_deref() == Some(own) {
                return true;
            }
            (s.min, s.max) = (None, None);
            homes_where(&|p| {
                p.category == s.category
                    && s.placing_borough
                        .as_deref()
                        .is_none_or(|b| p.placing_borough == b)
                    && s.funder.is_none_or(|f| p.funder == f)
            }) >= MIN_HOMES_PER_PRICE_CELL
        });
        self.comparisons.retain(|c| {
            c.placing_borough == own
                || homes_where(&|p| {
                    p.category == c.category
                        && p.placing_borough == c.placing_borough
                        && funder.is_none_or(|f| p.funder == f)
                }) >= MIN_HOMES_PER_PRICE_CELL
        });
        let borough_of: HashMap<&str, &str> = homes
            .iter()
            .map(|h| (h.id.as_str(), h.borough.as_str()))
            .collect();
        for gap in &mut self.self_funder_gaps {
            let council_homes = homes_where(&|p| {
                p.funder == Funder::Council
                    && p.category == gap.category
                    && borough_of.get(p.home_id.as_str()) == Some(&gap.borough.as_str())
            });
            if council_homes < MIN_HOMES_PER_PRICE_CELL {
                (gap.council_median, gap.gap) = (None, None);
            }
        }
        self.shared_homes
            .retain(|s| s.boroughs.iter().any(|b| b.placing_borough == own));
        for shared in &mut self.shared_homes {
            for b in shared
                .boroughs
                .iter_mut()
                .filter(|b| b.placing_borough != own)
            {
                b.median = None;
            }
            shared.spread = None;
        }
        self
    }
}

/// Every price table at once: spreads, borough comparisons (of `funder`'s placements, or every
/// funder's, against `rates`), self-funder gaps (against `statuses`, one per home), shared homes
/// (of `funder`'s) and flows over `boroughs` (GSS codes in display order), for `on`.
pub fn analyse_prices(
    placements: &[Placement],
    homes: &[CareHome],
    statuses: &[HomeStatus],
    boroughs: &[&str],
    on: NaiveDate,
    funder: Option<Funder>,
    rates: &UsualRates,
) -> PriceAnalysis {
    PriceAnalysis {
        on,
        funder,
        spreads: price_spreads(placements, on),
        comparisons: borough_comparisons(placements, on, funder, rates),
        self_funder_gaps: self_funder_gaps(statuses, placements, on),
        shared_homes: shared_homes(placements, on, funder),
        flows: placement_flows(placements, homes, boroughs, on),
    }
}

/// The placements active on `on`.
fn active(placements: &[Placement], on: NaiveDate) -> impl Iterator<Item = &Placement> {
    placements.iter().filter(move |p| p.active_on(on))
}

/// Quartiles of prices, in pounds.
fn quartiles(prices: &[Pence]) -> Option<Quartiles> {
    let pounds: Vec<f64> = prices.iter().map(|p| p.as_pounds_f64()).collect();
    Quartiles::of(&pounds)
}

#[cfg(test)]
mod tests;
