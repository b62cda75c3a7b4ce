//! CQC's active locations register (its CSV export): the care homes in the footprint, read by
//! column name, with every row that cannot be used reported by line and reason.

use crate::geometry::Point;
use crate::home::{CareType, CqcRating, Specialism};
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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
                write!(
                f,
                "The header row lacks the column{} {}: is this CQC's active locations register?",
                if names.len() == 1 { "" } else { "s" },
                names.iter().map(|n| format!("\"{n}\"")).collect::<Vec<_>>().join(", ")
            )
            }
            RegisterError::Malformed { line, reason } => write!(f, "Line {line}: {reason}."),
        }
    }
}

impl std::error::Error for RegisterError {}

/// Splits CSV text into records, each with the line it starts on. Quoted fields may hold commas,
/// doubled quotes and line breaks; CRLF and LF both end a record.
fn records(text: &str) -> Result<Vec<(usize, Vec<String>)>, RegisterError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let (mut record, mut field) = (Vec::new(), String::new());
    let (mut line, mut start, mut quoted, mut quote_line) = (1, 1, false, 1);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => {
                line += usize::from(c == '\n');
                field.push(c);
            }
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
                quote_line = line;
            }
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                out.push((start, std::mem::take(&mut record)));
                line += 1;
                start = line;
            }
            (false, c) => field.push(c),
        }
    }
    if quoted {
        return Err(RegisterError::Malformed {
            line: quote_line,
            reason: "a quoted field is never closed".into(),
        });
    }
    if !field.is_empty() || !record.is_empty() {
        record.push(field);
        out.push((start, record));
    }
    out.retain(|(_, r)| !(r.len() == 1 && r[0].trim().is_empty()));
    Ok(out)
}

const ID: &str = "Location ID";
const NAME: &str = "Location Name";
const AUTHORITY: &str = "Location Local Authority";
const SERVICES: &str = "Service Types";
const BEDS: &str = "Care homes beds";
const PROVIDER: &str = "Provider Name";
const REQUIRED: [&str; 6] = [ID, NAME, AUTHORITY, SERVICES, BEDS, PROVIDER];

/// One row's fields by column name.
struct Row<'a> {
    fields: &'a [String],
    columns: &'a HashMap<String, usize>,
}

impl Row<'_> {
    fn get(&self, column: &str) -> Option<&str> {
        let i = *self.columns.get(&column.to_lowercase())?;
        self.fields
            .get(i)
            .map(|f| f.trim())
            .filter(|f| !f.is_empty())
    }
}

/// Reads the register, keeping the care homes in `boroughs` (CQC's local authority name, GSS code).
pub fn parse_register(
    text: &str,
    boroughs: &[(&str, &str)],
) -> Result<RegisterImport, RegisterError> {
    let mut rows = records(text)?.into_iter();
    let (_, header) = rows.next().ok_or(RegisterError::Empty)?;
    let columns: HashMap<String, usize> = header
        .iter()
        .enumerate()
        .map(|(i, name)| (name.trim().to_lowercase(), i))
        .collect();
    let missing: Vec<String> = REQUIRED
        .iter()
        .filter(|c| !columns.contains_key(&c.to_lowercase()))
        .map(|c| c.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(RegisterError::MissingColumns(missing));
    }
    let mut import = RegisterImport {
        locations: Vec::new(),
        rejected: Vec::new(),
        rows_read: 0,
        not_care_homes: 0,
        outside_footprint: 0,
    };
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (line, fields) in rows {
        import.rows_read += 1;
        let row = Row {
            fields: &fields,
            columns: &columns,
        };
        let services = row.get(SERVICES).unwrap_or("");
        let care_type = if services.contains("Care home service with nursing") {
            CareType::Nursing
        } else if services.contains("Care home service without nursing") {
            CareType::Residential
        } else {
            import.not_care_homes += 1;
            continue;
        };
        let authority = row.get(AUTHORITY).unwrap_or("");
        let Some((_, borough)) = boroughs
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(authority))
        else {
            import.outside_footprint += 1;
            continue;
        };
        let id = row.get(ID).map(str::to_string);
        let reject = |reason: String| RejectedRow {
            line,
            location_id: id.clone(),
            reason,
        };
        if fields.len() < header.len() {
            import.rejected.push(reject(format!(
                "the row has {} fields but the header has {}",
                fields.len(),
                header.len()
            )));
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
        seen.insert(location_id.clone(), line);
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
    let beds_text = row.get(BEDS).unwrap_or("");
    let registered_beds = match beds_text.parse::<u32>() {
        Ok(n) if n > 0 => n,
        Ok(_) => return Err(format!("\"{BEDS}\" is 0: a care home has beds")),
        Err(_) => return Err(format!("\"{BEDS}\" is \"{beds_text}\", not a whole number")),
    };
    let rating = match row
        .get("Location Latest Overall Rating")
        .map(str::to_lowercase)
        .as_deref()
    {
        None | Some("not rated" | "inspected but not rated" | "insufficient evidence to rate") => {
            None
        }
        Some("outstanding") => Some(CqcRating::Outstanding),
        Some("good") => Some(CqcRating::Good),
        Some("requires improvement") => Some(CqcRating::RequiresImprovement),
        Some("inadequate") => Some(CqcRating::Inadequate),
        Some(other) => {
            return Err(format!(
                "\"Location Latest Overall Rating\" is \"{other}\", not a CQC rating"
            ))
        }
    };
    let rating_date = match row.get("Publication Date") {
        None => None,
        Some(text) => Some(date(text).ok_or_else(|| {
            format!("\"Publication Date\" is \"{text}\", not a date such as 6/3/2014 or 2014-06-03")
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
    let location = match (
        coordinate("Location Latitude", 90.0)?,
        coordinate("Location Longitude", 180.0)?,
    ) {
        (Some(lat), Some(lon)) => Some(Point { lon, lat }),
        (None, None) => None,
        _ => {
            return Err(
                "only one of \"Location Latitude\" and \"Location Longitude\" is given".into(),
            )
        }
    };
    let supported = row
        .get("Service users supported")
        .unwrap_or("")
        .to_lowercase();
    let mut specialisms: Vec<Specialism> = [
        ("dementia", Specialism::Dementia),
        ("mental health conditions", Specialism::MentalHealth),
        (
            "learning disabilities or autistic spectrum disorder",
            Specialism::LearningDisability,
        ),
        ("physical disabilities", Specialism::PhysicalDisability),
        ("sensory impairments", Specialism::SensoryImpairment),
    ]
    .into_iter()
    .filter(|(label, _)| supported.split(',').any(|s| s.trim() == *label))
    .map(|(_, s)| s)
    .collect();
    specialisms.sort();
    let address = ["Location Street Address", "Location Address Line 1"]
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
        postcode: row.get("Location Postal Code").map(str::to_string),
        address,
        phone: row.get("Location telephone number").map(str::to_string),
        location,
    })
}

/// "6/3/2014 12:00:00 AM" (month first, as CQC writes it) or "2014-06-03".
fn date(text: &str) -> Option<NaiveDate> {
    let day = text.split_whitespace().next()?;
    if let Ok(d) = day.parse() {
        return Some(d);
    }
    let mut parts = day.split('/').map(|p| p.parse::<u32>().ok());
    let (m, d, y) = (parts.next()??, parts.next()??, parts.next()??);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    const FOOTPRINT: [(&str, &str); 2] = [("Barnet", "E09000003"), ("Camden", "E09000007")];

    fn parse(text: &str) -> Result<RegisterImport, RegisterError> {
        parse_register(text, &FOOTPRINT)
    }

    const HEADER: &str = "\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\"Care homes beds\",\"Provider Name\",\"Location Latest Overall Rating\",\"Publication Date\",\"Service users supported\"";

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_stay_physical() {
        let text = "\u{feff}a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\n3,4\n\n";
        let r = records(text).expect("valid");
        assert_eq!(
            r,
            vec![
                (1, vec!["a".to_string(), "b".to_string()]),
                (2, vec!["x, y".to_string(), "say \"hi\"\nthere".to_string()]),
                (4, vec!["3".to_string(), "4".to_string()]),
            ]
        );
    }

    #[test]
    fn an_unclosed_quote_names_its_line() {
        let e = records("a,b\n1,\"open\n2,3\n").expect_err("unclosed");
        assert_eq!(
            e,
            RegisterError::Malformed {
                line: 2,
                reason: "a quoted field is never closed".into()
            }
        );
    }

    #[test]
    fn columns_are_found_by_name_in_any_order_with_extras() {
        let text = "Extra,\"Provider Name\",\"Care homes beds\",\"Service Types\",\"Location Local Authority\",\"Location Name\",\"Location ID\"\r\n\
                    x,Acme Care,\"40\",\"Care home service with nursing, Domiciliary care service\",camden,\"Elm, House\",1-1\r\n";
        let import = parse(text).expect("valid");
        assert_eq!(import.rejected, vec![]);
        let l = &import.locations[0];
        assert_eq!(
            (l.location_id.as_str(), l.name.as_str(), l.borough.as_str()),
            ("1-1", "Elm, House", "E09000007")
        );
        assert_eq!(
            (l.care_type, l.registered_beds, l.rating),
            (CareType::Nursing, 40, None)
        );
    }

    #[test]
    fn missing_columns_are_all_named() {
        let e = parse("\"Location ID\",\"Location Name\"\n1,A\n").expect_err("missing");
        assert_eq!(
            e,
            RegisterError::MissingColumns(vec![
                AUTHORITY.into(),
                SERVICES.into(),
                BEDS.into(),
                PROVIDER.into()
            ])
        );
        assert!(e.to_string().contains("\"Care homes beds\""));
        assert_eq!(parse("").expect_err("empty"), RegisterError::Empty);
    }

    #[test]
    fn each_bad_row_is_rejected_with_its_line_and_reason() {
        let rows = [
            "1-1,Good Home,Barnet,Care home service without nursing,20,P,Good,6/3/2014 12:00:00 AM,\"Dementia, Caring for adults over 65 yrs\"",
            "1-1,Twin,Barnet,Care home service without nursing,20,P,Good,,",
            "1-2,Words,Barnet,Care home service without nursing,twelve,P,,,",
            "1-3,Empty,Barnet,Care home service with nursing,0,P,,,",
            "1-4,Odd rating,Barnet,Care home service with nursing,5,P,Superb,,",
            "1-5,Bad date,Barnet,Care home service with nursing,5,P,,31/31/2020,",
            ",No ID,Barnet,Care home service with nursing,5,P,,,",
            "1-6,Short,Barnet,Care home service with nursing,5",
            "1-7,Elsewhere,Leeds,Care home service with nursing,x,P,,,",
            "1-8,Home care,Barnet,Domiciliary care service,0,P,,,",
        ];
        let text = format!("{HEADER}\n{}\n", rows.join("\n"));
        let import = parse(&text).expect("readable");
        let reasons: Vec<(usize, &str)> = import
            .rejected
            .iter()
            .map(|r| (r.line, r.reason.as_str()))
            .collect();
        assert_eq!(
            reasons,
            [
                (3, "\"Location ID\" 1-1 already appeared on line 2"),
                (4, "\"Care homes beds\" is \"twelve\", not a whole number"),
                (5, "\"Care homes beds\" is 0: a care home has beds"),
                (6, "\"Location Latest Overall Rating\" is \"superb\", not a CQC rating"),
                (7, "\"Publication Date\" is \"31/31/2020\", not a date such as 6/3/2014 or 2014-06-03"),
                (8, "\"Location ID\" is empty"),
                (9, "the row has 5 fields but the header has 9"),
            ]
        );
        assert_eq!(
            (
                import.rows_read,
                import.not_care_homes,
                import.outside_footprint
            ),
            (10, 1, 1)
        );
        let good = &import.locations[0];
        assert_eq!(good.rating_date, NaiveDate::from_ymd_opt(2014, 6, 3));
        assert_eq!(good.specialisms, vec![Specialism::Dementia]);
        assert_eq!(good.rating, Some(CqcRating::Good));
    }

    #[test]
    fn coordinates_must_come_in_range_and_in_pairs() {
        let header = "\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\"Care homes beds\",\"Provider Name\",\"Location Latitude\",\"Location Longitude\"";
        let text = format!(
            "{header}\n1-1,A,Barnet,Care home service with nursing,5,P,51.6,-0.2\n1-2,B,Barnet,Care home service with nursing,5,P,95,-0.2\n1-3,C,Barnet,Care home service with nursing,5,P,51.6,\n"
        );
        let import = parse(&text).expect("readable");
        assert_eq!(
            import.locations[0].location,
            Some(Point {
                lon: -0.2,
                lat: 51.6
            })
        );
        let lines: Vec<usize> = import.rejected.iter().map(|r| r.line).collect();
        assert_eq!(lines, [3, 4]);
        assert!(import.rejected[0].reason.contains("Location Latitude"));
    }
}
