//! CQC's active locations register (its CSV export): the care homes in the footprint, read by
//! column name, with every row that cannot be used reported by line and reason.
//!
//! Columns are found by header name (trimmed, any case), so their order and any extra columns do
//! not matter; a column this import reads may be named only once (the file is refused, naming
//! it). The CSV rules (blank lines skipped, a lone CR ends a line, text after a closing quote
//! refused) are [`crate::primitives::csv`]'s. Rows for other services or other local authorities are counted, never checked;
//! a care home in the footprint whose fields cannot be read is rejected with its physical line.
//!
//! ```
//! use market_model::register::cqc::parse_register;
//! use market_model::register::home::CareType;
//!
//! let csv = "\u{feff}\"Location ID\",\"Location Name\",\"Location Local Authority\",\
//!            \"Service Types\",\"Care homes beds\",\"Provider Name\"\r\n\
//!            1-1,\"Elm House, North\",Barnet,Care home service with nursing,40,Acme\r\n\
//!            1-2,Home Help,Barnet,Domiciliary care service,0,Acme\r\n\
//!            1-3,Oak Lodge,Barnet,Care home service without nursing,twelve,Acme\r\n";
//! let import = parse_register(csv, &[("Barnet", "E09000003")]).expect("readable");
//! assert_eq!(import.locations[0].name, "Elm House, North");
//! assert_eq!(import.locations[0].care_type, CareType::Nursing);
//! assert_eq!(import.not_care_homes, 1);
//! assert_eq!(import.rejected[0].line, 4);
//! assert_eq!(
//!     import.rejected[0].reason,
//!     "\"Care homes beds\" is \"twelve\", not a whole number"
//! );
//! ```

use crate::primitives::csv::{records, Header, Row};
use crate::primitives::geometry::Point;
use crate::primitives::timestamp::{parse_date, parse_slash_date, SlashOrder};
use crate::register::home::{CareType, CqcRating, Specialism};
use chrono::NaiveDate;
use serde::Serialize;
use std::collections::HashMap;
use std::fmt;

/// A care home as the register describes it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegisterLocation {
    /// CQC location ID.
    pub location_id: String,
    /// Location name.
    pub name: String,
    /// Provider name.
    pub provider: String,
    /// GSS code of its borough.
    pub borough: String,
    /// Nursing when the home offers the nursing service at all.
    pub care_type: CareType,
    /// "Care homes beds".
    pub registered_beds: u32,
    /// From "Service users supported".
    pub specialisms: Vec<Specialism>,
    /// Latest overall rating; `None` when not rated.
    pub rating: Option<CqcRating>,
    /// When that rating was published.
    pub rating_date: Option<NaiveDate>,
    /// Postcode, when the export has it.
    pub postcode: Option<String>,
    /// Street address, when the export has it.
    pub address: Option<String>,
    /// Telephone, when the export has it.
    pub phone: Option<String>,
    /// Coordinates, when the export has them.
    pub location: Option<Point>,
}

/// A row that was not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    /// Line in the file where the row starts (the header is line 1).
    pub line: usize,
    /// Its location ID, when it has one.
    pub location_id: Option<String>,
    /// Why, naming the column.
    pub reason: String,
}

/// What a register file holds for the footprint.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct RegisterImport {
    /// Care homes in the footprint.
    pub locations: Vec<RegisterLocation>,
    /// Care-home rows in the footprint that could not be used.
    pub rejected: Vec<RejectedRow>,
    /// Data rows read.
    pub rows_read: usize,
    /// Rows for services other than care homes.
    pub not_care_homes: usize,
    /// Care homes in other local authorities.
    pub outside_footprint: usize,
}

/// Why a file cannot be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RegisterError {
    /// No header row.
    Empty,
    /// Required columns missing from the header, by name.
    MissingColumns(Vec<String>),
    /// Columns the import reads that the header names more than once, by name.
    RepeatedColumns(Vec<String>),
    /// The file breaks CSV's rules from this line on.
    Malformed {
        /// Where.
        line: usize,
        /// What.
        reason: String,
    },
}

impl fmt::Display for RegisterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RegisterError::Empty => f.write_str(
                "The file is empty: expected CQC's active locations register with its header row.",
            ),
            RegisterError::MissingColumns(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                write!(
                    f,
                    "The header row lacks the column{} {}: is this CQC's active locations register?",
                    if names.len() == 1 { "" } else { "s" },
                    quoted.join(", ")
                )
            }
            RegisterError::RepeatedColumns(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                write!(
                    f,
                    "The header row names {} more than once: keep one column of each name, so \
                     it is clear which to read.",
                    quoted.join(", ")
                )
            }
            RegisterError::Malformed { line, reason } => write!(f, "Line {line}: {reason}."),
        }
    }
}

impl std::error::Error for RegisterError {}

const ID: &str = "Location ID";
const NAME: &str = "Location Name";
const AUTHORITY: &str = "Location Local Authority";
const SERVICES: &str = "Service Types";
const BEDS: &str = "Care homes beds";
const PROVIDER: &str = "Provider Name";
const RATING: &str = "Location Latest Overall Rating";
const RATING_DATE: &str = "Publication Date";
const LATITUDE: &str = "Location Latitude";
const LONGITUDE: &str = "Location Longitude";
const USERS: &str = "Service users supported";
const STREET: &str = "Location Street Address";
const ADDRESS_LINE_1: &str = "Location Address Line 1";
const POSTCODE: &str = "Location Postal Code";
const PHONE: &str = "Location telephone number";
const REQUIRED: [&str; 6] = [ID, NAME, AUTHORITY, SERVICES, BEDS, PROVIDER];
/// Every column read: none may be named twice.
const READ: [&str; 15] = [
    ID,
    NAME,
    AUTHORITY,
    SERVICES,
    BEDS,
    PROVIDER,
    RATING,
    RATING_DATE,
    LATITUDE,
    LONGITUDE,
    USERS,
    STREET,
    ADDRESS_LINE_1,
    POSTCODE,
    PHONE,
];

/// Reads the register, keeping the care homes in `boroughs` (CQC's local authority name, GSS code).
pub fn parse_register(
    text: &str,
    boroughs: &[(&str, &str)],
) -> Result<RegisterImport, RegisterError> {
    let mut rows = records(text)
        .map_err(|e| RegisterError::Malformed {
            line: e.line(),
            reason: e.reason().into(),
        })?
        .into_iter();
    let header = Header::new(&rows.next().ok_or(RegisterError::Empty)?);
    let missing = header.missing(&REQUIRED);
    if !missing.is_empty() {
        return Err(RegisterError::MissingColumns(missing));
    }
    let repeated = header.repeated(&READ);
    if !repeated.is_empty() {
        return Err(RegisterError::RepeatedColumns(repeated));
    }
    let mut import = RegisterImport::default();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in rows {
        import.rows_read += 1;
        let row = header.row(&record);
        let offers = |service: &str| {
            let services = row.get(SERVICES).unwrap_or("");
            services
                .split(',')
                .any(|s| s.trim().eq_ignore_ascii_case(service))
        };
        let care_type = if offers("Care home service with nursing") {
            CareType::Nursing
        } else if offers("Care home service without nursing") {
            CareType::Residential
        } else {
            import.not_care_homes += 1;
            continue;
        };
        let authority = row.get(AUTHORITY).unwrap_or("");
        let Some((_, borough)) = boroughs
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(authority))
        else {
            import.outside_footprint += 1;
            continue;
        };
        let id = row.get(ID).map(str::to_string);
        let reject = |reason: String| RejectedRow {
            line: record.line,
            location_id: id.clone(),
            reason,
        };
        if let Some(reason) = row.shortfall() {
            import.rejected.push(reject(reason));
            continue;
        }
        let Some(location_id) = id.clone() else {
            import.rejected.push(reject(format!("\"{ID}\" is empty")));
            continue;
        };
        if let Some(first) = seen.get(&location_id) {
            import.rejected.push(reject(format!(
                "\"{ID}\" {location_id} already appeared on line {first}"
            )));
            continue;
        }
        seen.insert(location_id.clone(), record.line);
        match location(&row, &location_id, borough, care_type) {
            Ok(l) => import.locations.push(l),
            Err(reason) => import.rejected.push(reject(reason)),
        }
    }
    Ok(import)
}

/// A kept row's fields, or why they cannot be used.
fn location(
    row: &Row,
    location_id: &str,
    borough: &str,
    care_type: CareType,
) -> Result<RegisterLocation, String> {
    let beds_text = row
        .get(BEDS)
        .ok_or_else(|| format!("\"{BEDS}\" is empty"))?;
    let registered_beds = match beds_text.parse::<u32>() {
        Ok(0) => return Err(format!("\"{BEDS}\" is 0: a care home has beds")),
        Ok(n) if beds_text.bytes().all(|b| b.is_ascii_digit()) => n,
        _ => return Err(format!("\"{BEDS}\" is \"{beds_text}\", not a whole number")),
    };
    let rating = match row.get(RATING) {
        None => None,
        Some(text) => match text.to_lowercase().as_str() {
            "not rated" | "inspected but not rated" | "insufficient evidence to rate" => None,
            "outstanding" => Some(CqcRating::Outstanding),
            "good" => Some(CqcRating::Good),
            "requires improvement" => Some(CqcRating::RequiresImprovement),
            "inadequate" => Some(CqcRating::Inadequate),
            _ => return Err(format!("\"{RATING}\" is \"{text}\", not a CQC rating")),
        },
    };
    let rating_date = match row.get(RATING_DATE) {
        None => None,
        Some(text) => Some(date(text).ok_or_else(|| {
            format!("\"{RATING_DATE}\" is \"{text}\", not a date such as 6/3/2014 or 2014-06-03")
        })?),
    };
    let coordinate = |column: &str, limit: f64| -> Result<Option<f64>, String> {
        match row.get(column) {
            None => Ok(None),
            Some(text) => match text.parse::<f64>() {
                Ok(v) if v.abs() <= limit => Ok(Some(v)),
                _ => Err(format!(
                    "\"{column}\" is \"{text}\", not a number from -{limit} to {limit}"
                )),
            },
        }
    };
    let location = match (coordinate(LATITUDE, 90.0)?, coordinate(LONGITUDE, 180.0)?) {
        (Some(lat), Some(lon)) => Some(Point { lon, lat }),
        (None, None) => None,
        _ => {
            return Err(format!(
                "only one of \"{LATITUDE}\" and \"{LONGITUDE}\" is given"
            ))
        }
    };
    let mut specialisms: Vec<Specialism> = row
        .get(USERS)
        .unwrap_or("")
        .split(',')
        .filter_map(|group| specialism(group.trim()))
        .collect();
    specialisms.sort();
    specialisms.dedup();
    let address = [STREET, ADDRESS_LINE_1]
        .iter()
        .find_map(|c| row.get(c))
        .map(str::to_string);
    Ok(RegisterLocation {
        location_id: location_id.to_string(),
        name: row.get(NAME).unwrap_or("").to_string(),
        provider: row.get(PROVIDER).unwrap_or("").to_string(),
        borough: borough.to_string(),
        care_type,
        registered_beds,
        specialisms,
        rating,
        rating_date,
        postcode: row.get(POSTCODE).map(str::to_string),
        address,
        phone: row.get(PHONE).map(str::to_string),
        location,
    })
}

/// The specialism a "Service users supported" group names, if any. The register writes "Sensory
/// impairment"; "Sensory impairments" is accepted too.
fn specialism(group: &str) -> Option<Specialism> {
    Some(match group.to_lowercase().as_str() {
        "dementia" => Specialism::Dementia,
        "mental health conditions" => Specialism::MentalHealth,
        "learning disabilities or autistic spectrum disorder" => Specialism::LearningDisability,
        "physical disabilities" => Specialism::PhysicalDisability,
        "sensory impairment" | "sensory impairments" => Specialism::SensoryImpairment,
        _ => return None,
    })
}

/// "6/3/2014 12:00:00 AM" (month first, as CQC writes it; the time is optional) or "2014-06-03".
fn date(text: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let digits = |s: &str, len: std::ops::RangeInclusive<usize>| -> Option<u32> {
        (len.contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok())?
    };
    let clock = |s: &str| {
        let parts: Vec<&str> = s.split(':').collect();
        (2..=3).contains(&parts.len()) && parts.iter().all(|p| digits(p, 1..=2).is_some())
    };
    let (day, time_ok) = match words[..] {
        [day] => (day, true),
        [day, time] => (day, clock(time)),
        [day, time, half] => (
            day,
            clock(time) && ["AM", "PM"].contains(&half.to_uppercase().as_str()),
        ),
        _ => return None,
    };
    if !time_ok {
        return None;
    }
    parse_date(day).or_else(|| parse_slash_date(day, SlashOrder::MonthFirst))
}

#[cfg(test)]
mod tests {
    use super::*;
    use CqcRating::*;
    use Specialism::*;

    const HEADER: &str = "\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\"Care homes beds\",\"Provider Name\",\"Location Latest Overall Rating\",\"Publication Date\",\"Service users supported\",\"Location Latitude\",\"Location Longitude\"";
    const HOME: &str = "Care home service with nursing";

    /// The header and these rows, LF-ended, read for Barnet and Camden.
    fn parse(rows: &[&str]) -> RegisterImport {
        let text = format!("{HEADER}\n{}\n", rows.join("\n"));
        parse_register(&text, &[("Barnet", "E09000003"), ("Camden", "E09000007")])
            .expect("readable")
    }

    #[test]
    fn each_bad_row_is_rejected_with_its_reason() {
        let cases = [
            ("5", "the row has 5 fields but the header has 11"),
            (",P,,,,,", "\"Care homes beds\" is empty"),
            (
                "twelve,P,,,,,",
                "\"Care homes beds\" is \"twelve\", not a whole number",
            ),
            (
                "12.5,P,,,,,",
                "\"Care homes beds\" is \"12.5\", not a whole number",
            ),
            (
                "-3,P,,,,,",
                "\"Care homes beds\" is \"-3\", not a whole number",
            ),
            ("0,P,,,,,", "\"Care homes beds\" is 0: a care home has beds"),
            (
                "5,P,Superb,,,,",
                "\"Location Latest Overall Rating\" is \"Superb\", not a CQC rating",
            ),
            (
                "5,P,,31/31/2020,,,",
                "\"Publication Date\" is \"31/31/2020\", not a date such as 6/3/2014 or 2014-06-03",
            ),
            (
                "5,P,,,,north,-0.2",
                "\"Location Latitude\" is \"north\", not a number from -90 to 90",
            ),
            (
                "5,P,,,,95,-0.2",
                "\"Location Latitude\" is \"95\", not a number from -90 to 90",
            ),
            (
                "5,P,,,,51.6,-181",
                "\"Location Longitude\" is \"-181\", not a number from -180 to 180",
            ),
            (
                "5,P,,,,51.6,",
                "only one of \"Location Latitude\" and \"Location Longitude\" is given",
            ),
        ];
        for (tail, reason) in cases {
            let import = parse(&[&format!("1-1,A,Barnet,{HOME},{tail}")]);
            let got: Vec<_> = import
                .rejected
                .iter()
                .map(|r| (r.line, r.reason.as_str()))
                .collect();
            assert_eq!(got, [(2, reason)], "{tail}");
            assert_eq!(import.rejected[0].location_id.as_deref(), Some("1-1"));
            assert_eq!(import.locations, []);
        }
        let no_id = parse(&[&format!(" ,A,Camden,{HOME},5,P,,,,,")]).rejected;
        let want = RejectedRow {
            line: 2,
            location_id: None,
            reason: "\"Location ID\" is empty".into(),
        };
        assert_eq!(no_id, [want]);
    }

    #[test]
    fn a_repeated_location_id_is_rejected_naming_the_first_line_which_is_kept() {
        let import = parse(&[
            &format!("1-1,First,Barnet,{HOME},5,P,,,,,"),
            &format!("1-2,\"Two\nlines\",Camden,{HOME},5,P,,,,,"),
            &format!("1-1,Again,Camden,{HOME},6,P,,,,,"),
        ]);
        let reasons: Vec<_> = import
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [(5, "\"Location ID\" 1-1 already appeared on line 2")]
        );
        let names: Vec<&str> = import.locations.iter().map(|l| l.name.as_str()).collect();
        assert_eq!(names, ["First", "Two\nlines"]);
    }

    #[test]
    fn other_services_and_places_are_counted_not_checked() {
        let import = parse(&[
            &format!("1-1,Elsewhere,Leeds,{HOME},x,P,Superb,never,,north,"),
            "1-2,Home care,Barnet,Domiciliary care service,0,P,Superb,never,,north,",
            "1-3,Short,Leeds",
            ",No ID,Camden,Supported living service",
        ]);
        assert_eq!(import.rejected, []);
        let counts = (
            import.rows_read,
            import.not_care_homes,
            import.outside_footprint,
        );
        assert_eq!(counts, (4, 3, 1));
    }

    #[test]
    fn good_rows_yield_their_type_rating_date_specialisms_and_place() {
        let import = parse(&[
            "1-1,A,\tCAMDEN ,\"Care home service without nursing, Care home service with nursing\",20,P,\
             requires IMPROVEMENT,6/3/2014 12:00:00 AM,\"Sensory impairment, Dementia, \
             Caring for adults over 65 yrs, dementia\",51.6,-0.2",
            "1-2,B,Barnet,Care home service without nursing,7,P,Not rated,2014-06-03,\
             \"Mental health conditions, Physical disabilities, Sensory impairments, \
             Learning Disabilities or autistic spectrum disorder\",,",
            "1-3,C,Barnet,\"Domiciliary care service, Care home service without nursing\",7,P,\
             Insufficient evidence to rate,,,,",
        ]);
        assert_eq!(import.rejected, []);
        let got: Vec<_> = import
            .locations
            .iter()
            .map(|l| {
                (
                    l.borough.as_str(),
                    l.care_type,
                    l.rating,
                    l.rating_date,
                    &l.specialisms[..],
                )
            })
            .collect();
        let date = NaiveDate::from_ymd_opt(2014, 6, 3);
        let (nursing, residential) = (CareType::Nursing, CareType::Residential);
        let specialisms = [
            MentalHealth,
            LearningDisability,
            PhysicalDisability,
            SensoryImpairment,
        ];
        let want = [
            (
                "E09000007",
                nursing,
                Some(RequiresImprovement),
                date,
                &[Dementia, SensoryImpairment][..],
            ),
            ("E09000003", residential, None, date, &specialisms[..]),
            ("E09000003", residential, None, None, &[][..]),
        ];
        assert_eq!(got, want);
        assert_eq!(
            import.locations[0].location,
            Some(Point {
                lon: -0.2,
                lat: 51.6
            })
        );
        assert_eq!(import.locations[1].location, None);
    }

    #[test]
    fn optional_columns_are_read_when_present() {
        let text = "\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\
                    \"Care homes beds\",\"Provider Name\",\"Location Postal Code\",\
                    \"Location Address Line 1\",\"Location telephone number\"\n\
                    1-1,A,Barnet,Care home service with nursing,5,P,\tN3 1AA ,\"1 High Road\",020 8000 0000\n\
                    1-2,B,Barnet,Care home service with nursing,5,P,,,\n";
        let import = parse_register(text, &[("Barnet", "E09000003")]).expect("readable");
        let got: Vec<_> = import
            .locations
            .iter()
            .map(|l| {
                (
                    l.postcode.as_deref(),
                    l.address.as_deref(),
                    l.phone.as_deref(),
                )
            })
            .collect();
        let want = [
            (Some("N3 1AA"), Some("1 High Road"), Some("020 8000 0000")),
            (None, None, None),
        ];
        assert_eq!(got, want);
    }

    #[test]
    fn a_column_read_twice_is_refused_naming_it_and_others_may_repeat() {
        let boroughs = [("Barnet", "E09000003")];
        let text = format!(
            "{HEADER},\"location id \",Notes,notes\n1-1,A,Barnet,{HOME},5,P,,,,,,1-2,x,y\n"
        );
        let e = parse_register(&text, &boroughs).expect_err("two ID columns");
        assert_eq!(e, RegisterError::RepeatedColumns(vec![ID.into()]));
        assert_eq!(
            e.to_string(),
            "The header row names \"Location ID\" more than once: keep one column of each name, \
             so it is clear which to read."
        );
        let text = format!("{HEADER},Notes,notes\n1-1,A,Barnet,{HOME},5,P,,,,,,x,y\n");
        let import = parse_register(&text, &boroughs).expect("unread columns may repeat");
        assert_eq!(import.locations.len(), 1);
    }

    #[test]
    fn text_after_a_closing_quote_refuses_the_file_at_its_line() {
        let text = format!(
            "{HEADER}\n1-1,A,Barnet,{HOME},5,P,,,,,\n1-2,\"Elm\" House,Barnet,{HOME},5,P,,,,,\n"
        );
        let e = parse_register(&text, &[("Barnet", "E09000003")]).expect_err("malformed");
        assert_eq!(
            e.to_string(),
            "Line 3: text follows a closing quote (a field with quotes in it is written in \
             quotes, each quote inside doubled)."
        );
    }

    #[test]
    fn lone_cr_line_ends_and_blank_lines_keep_every_line_number() {
        let text = format!(
            "{HEADER}\r1-1,A,Barnet,{HOME},5,P,,,,,\r\r  \r1-2,B,Barnet,{HOME},x,P,,,,,\r\"\"\r"
        );
        let import = parse_register(&text, &[("Barnet", "E09000003")]).expect("readable");
        assert_eq!(import.locations.len(), 1);
        let got: Vec<_> = import
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(
            got,
            [(5, "\"Care homes beds\" is \"x\", not a whole number")]
        );
        assert_eq!(
            (import.rows_read, import.not_care_homes),
            (3, 1),
            "a row of one empty field (\"\") is read, not dropped; blank lines are not rows"
        );
    }

    #[test]
    fn dates_are_month_first_with_an_optional_time_or_iso() {
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d);
        for (text, want) in [
            ("6/3/2014 12:00:00 AM", ymd(2014, 6, 3)),
            ("11/22/2010 12:00:00 AM", ymd(2010, 11, 22)),
            ("12/31/2020 11:59 pm", ymd(2020, 12, 31)),
            ("2/29/2024", ymd(2024, 2, 29)),
            ("2014-06-03", ymd(2014, 6, 3)),
        ] {
            assert_eq!(date(text), want, "{text}");
        }
        for bad in [
            "31/31/2020",
            "2/30/2023",
            "6/3/14",
            "6/3",
            "6/3/2014/1",
            "2014-6-3",
            "6/3/2014 noon",
            "6/3/2014 12:00:00 XM",
            "6/3/2014 12:00:00 AM UTC",
            "June 3 2014",
        ] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }
}
