//! What the market looks like, for commissioners: the overview, supply, weekly trends, prices
//! paid and the supply gap to come. Everything here is worked out from the register, the returns
//! and the placements ledger; nothing is stored.
//!
//! - [`market`]: the overview for a week: each borough and the footprint, supply from the register,
//!   occupancy, vacancies and fees from that week's returns.
//! - [`supply`]: beds by care type and category, per 1,000 people aged 65+/75+/85+, size bands and
//!   the CQC rating mix.
//! - [`trends`]: weekly vacancies and occupancy by category, with returns coverage flagged.
//! - [`ledger`]: the placements each borough commissioned (CSV), bad rows by line.
//! - [`prices`]: what boroughs pay, from the ledger: spreads, medians against the footprint and
//!   usual rates, self-funder gaps, homes shared between boroughs, out-of-borough flows.
//! - [`projection`]: the supply gap against ONS population projections, under editable rates of
//!   care-home use kept in the URL.
//!
//! ```
//! use market_model::analytics::ledger::{parse_ledger, Funder};
//! use market_model::analytics::trends::WeekFigures;
//!
//! let csv = "placement_id,home_id,placing_borough,category,\
//!            funder,weekly_price,start_date,end_date\n\
//!            P-1,1-101,Barnet,nursing,council,1240,2026-11-23,\n";
//! let ledger = parse_ledger(csv, &[("Barnet", "E09000003")], |_| true).expect("a ledger");
//! assert_eq!(ledger.placements[0].funder, Funder::Council);
//!
//! let week = WeekFigures::new("2026-11-16".parse().unwrap());
//! let week = WeekFigures { expected: 10, returned: 7, ..week };
//! assert!(week.is_low_coverage());
//! ```

pub mod ledger;
pub mod market;
pub mod prices;
pub mod projection;
pub mod supply;
pub mod trends;
