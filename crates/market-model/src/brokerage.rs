//! Placing people: finding a bed for someone leaving hospital, holding it while the placement is
//! agreed, the referral it is all for, the beds commissioners buy in blocks, and the rates
//! boroughs usually pay.
//!
//! - [`bed_search`]: eligibility per need, weight limit and sex, price against a ceiling, rating
//!   and freshness; near misses with the reason; straight-line distance; the ranking rule; and
//!   ([`bed_search::answer`]) the results and shortlist as the app shows and exports them.
//! - [`hold`]: holds on vacant beds as the app and the service exchange them.
//! - [`referral`]: discharge referrals, the broker's unit of work: waits, delayed bed days and
//!   unmet demand for commissioners.
//! - [`block_beds`]: step-down beds bought in a block, and each week's bed nights used and empty.
//! - [`rates`]: each borough's usual weekly rate per bed category (a table; illustrative sample
//!   figures by default).
//!
//! ```
//! use market_model::brokerage::bed_search::{Search, Stay};
//! use market_model::brokerage::rates::usual_rate;
//! use market_model::primitives::money::Pence;
//! use market_model::returns::capacity_return::BedCategory;
//!
//! let search = Search::from_query([("stay", "respite"), ("max", "1350")]);
//! assert_eq!(search.stay, Stay::Respite);
//! let camden_nursing = usual_rate("E09000007", BedCategory::Nursing);
//! assert_eq!(camden_nursing, Some(Pence::from_pounds(1_280)));
//! ```

pub mod bed_search;
pub mod block_beds;
pub mod hold;
pub mod rates;
pub mod referral;
