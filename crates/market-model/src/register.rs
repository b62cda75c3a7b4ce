//! Who is in the market: the care homes CQC registers, the boroughs they sit in, and reading CQC's
//! register into them.
//!
//! - [`home`]: a care home as registered with CQC (care type, beds, specialisms, rating).
//! - [`footprint`]: the five North Central London boroughs (boundaries, older population), the
//!   acute hospitals that discharge into the market, and the data manifest.
//! - [`cqc`]: CQC's active locations register (CSV): the footprint's care homes, bad rows by line.
//!
//! ```
//! use market_model::register::cqc::parse_register;
//! use market_model::register::home::CareType;
//!
//! let csv = "Location ID,Location Name,Location Local Authority,\
//!            Service Types,Care homes beds,Provider Name\n\
//!            1-1,Elm House,Camden,Care home service with nursing,40,Acme\n";
//! let import = parse_register(csv, &[("Camden", "E09000007")]).expect("readable");
//! let elm = &import.locations[0];
//! assert_eq!((elm.borough.as_str(), elm.registered_beds), ("E09000007", 40));
//! assert_eq!(elm.care_type, CareType::Nursing);
//! ```

pub mod cqc;
pub mod footprint;
pub mod home;
