//! The placements ledger: the care-home placements each borough has commissioned, one row per
//! placement, as a council keeps it in a spreadsheet and exports it as CSV.
//!
//! # Columns
//!
//! The first row names the columns; their order is free, names are matched in any ASCII case, and
//! other columns are ignored. All eight must be in the header, each once:
//!
//! | column | what | accepted values |
//! |---|---|---|
//! | `placement_id` | the council's reference for the placement, unique in the file | any text |
//! | `home_id` | the care home's CQC location ID | a home in the footprint |
//! | `placing_borough` | the borough that commissioned the placement | GSS code (`E09000003`) or name (`Barnet`) |
//! | `category` | the kind of bed | `residential`, `residential_dementia`, `nursing`, `nursing_dementia`, `step_down`, or the label (`Nursing dementia`) |
//! | `funder` | who pays | `council`, `nhs_chc` (NHS continuing healthcare), `joint` (council and NHS), `self_funder_top_up` (council-arranged with a family top-up), or the label (`NHS CHC`) |
//! | `weekly_price` | the weekly price in pounds | `1234.56`, `£1,234.56` or `1234`; more than 0 and at most £20,000 |
//! | `start_date` | the first day of the placement | `2026-11-23` or `23/11/2026` |
//! | `end_date` | the last day, blank while the placement goes on | as `start_date`, not before it |
//!
//! Codes, keys and labels are matched in any ASCII case, with spaces, hyphens and underscores
//! alike. A file without a header row, with columns missing or named twice, or that is not CSV
//! (as [`crate::primitives::csv`] reads it: a quote left open, text after a closing quote) is
//! refused whole, naming the line or the column.
//! Otherwise every row that cannot be used is reported with the line it starts on and why (naming
//! the column and the value), and the good rows are still imported.
//!
//! ```
//! use market_model::analytics::ledger::{parse_ledger, to_ledger_csv, Funder};
//!
//! let boroughs = [("Barnet", "E09000003"), ("Camden", "E09000007")];
//! let csv = "Placement_ID,home_id,placing_borough,category,funder,weekly_price,start_date,end_date\n\
//!            P-1,1-101,Barnet,nursing,council,\"£1,240.50\",23/11/2026,\n\
//!            P-2,1-101,E09000007,Nursing dementia,NHS CHC,1450,2026-01-05,2026-03-31\n\
//!            P-3,1-999,Barnet,nursing,council,1240,2026-01-05,\n";
//! let import = parse_ledger(csv, &boroughs, |home| home == "1-101").expect("a ledger");
//! assert_eq!(import.placements.len(), 2);
//! assert_eq!(import.placements[1].funder, Funder::NhsChc);
//! assert_eq!(import.rejected[0].line, 4);
//! assert_eq!(
//!     import.rejected[0].reason,
//!     "\"home_id\" is \"1-999\", not a care home in the footprint"
//! );
//! let again = parse_ledger(&to_ledger_csv(&import.placements), &boroughs, |_| true);
//! assert_eq!(again.expect("a ledger").placements, import.placements);
//! ```

use crate::presentation::format::format_pounds;
use crate::primitives::csv::{records, to_csv, CsvError, Header, Row};
use crate::primitives::money::Pence;
use crate::primitives::timestamp::{format_iso_date, parse_date, parse_slash_date, SlashOrder};
use crate::returns::capacity_return::BedCategory;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::fmt;

/// Who pays for a placement.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Funder {
    /// The council alone.
    Council,
    /// NHS continuing healthcare.
    NhsChc,
    /// The council and the NHS together.
    Joint,
    /// Arranged by the council, with a third-party or resident top-up above its rate.
    SelfFunderTopUp,
}

impl Funder {
    /// Every funder, in display order.
    pub const ALL: [Funder; 4] = [
        Funder::Council,
        Funder::NhsChc,
        Funder::Joint,
        Funder::SelfFunderTopUp,
    ];

    /// The value written in the ledger and in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Funder::Council => "council",
            Funder::NhsChc => "nhs_chc",
            Funder::Joint => "joint",
            Funder::SelfFunderTopUp => "self_funder_top_up",
        }
    }

    /// A label for people.
    pub fn label(self) -> &'static str {
        match self {
            Funder::Council => "Council",
            Funder::NhsChc => "NHS continuing healthcare",
            Funder::Joint => "Joint (council and NHS)",
            Funder::SelfFunderTopUp => "Self-funder top-up",
        }
    }
}

/// One placement a borough commissioned.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Placement {
    /// The council's reference, unique in a ledger.
    pub id: String,
    /// CQC location ID of the home (as [`CareHome::id`](crate::register::home::CareHome::id)).
    pub home_id: String,
    /// GSS code of the borough that commissioned it.
    pub placing_borough: String,
    /// The kind of bed.
    pub category: BedCategory,
    /// Who pays.
    pub funder: Funder,
    /// The weekly price.
    pub weekly_price: Pence,
    /// The first day.
    #[serde(with = "crate::primitives::timestamp::date")]
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub start_date: NaiveDate,
    /// The last day; `None` while the placement goes on.
    #[serde(default, with = "crate::primitives::timestamp::optional_date")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub end_date: Option<NaiveDate>,
}

impl Placement {
    /// Whether the placement runs on `date`: started by then and not yet ended (the end date is
    /// the last day).
    pub fn active_on(&self, date: NaiveDate) -> bool {
        self.start_date <= date && self.end_date.is_none_or(|end| end >= date)
    }
}

/// A row that was not imported.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RejectedRow {
    /// Line in the file where the row starts (the header is line 1).
    pub line: usize,
    /// Its placement ID, when it has one.
    pub placement_id: Option<String>,
    /// Why, naming the column and the value.
    pub reason: String,
}

/// What a ledger file holds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct LedgerImport {
    /// The placements that could be read, in file order.
    pub placements: Vec<Placement>,
    /// The line each of those placements starts on, in the same order.
    pub lines: Vec<usize>,
    /// The rows that could not.
    pub rejected: Vec<RejectedRow>,
}

/// Why a file cannot be read as a ledger at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LedgerError {
    /// No header row.
    Empty,
    /// Columns missing from the header, by name.
    MissingColumns(Vec<String>),
    /// Columns the header names more than once, by name.
    RepeatedColumns(Vec<String>),
    /// The file is not CSV.
    Malformed(CsvError),
}

impl fmt::Display for LedgerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LedgerError::Empty => {
                f.write_str("The file is empty: expected a placements ledger with its header row.")
            }
            LedgerError::MissingColumns(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                write!(
                    f,
                    "The header row lacks the column{} {}: a placements ledger names {}.",
                    if names.len() == 1 { "" } else { "s" },
                    quoted.join(", "),
                    COLUMNS.join(", ")
                )
            }
            LedgerError::RepeatedColumns(names) => {
                let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
                write!(
                    f,
                    "The header row names {} more than once: keep one column of each name, so \
                     it is clear which to read.",
                    quoted.join(", ")
                )
            }
            LedgerError::Malformed(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for LedgerError {}

const PLACEMENT_ID: &str = "placement_id";
const HOME_ID: &str = "home_id";
const PLACING_BOROUGH: &str = "placing_borough";
const CATEGORY: &str = "category";
const FUNDER: &str = "funder";
const WEEKLY_PRICE: &str = "weekly_price";
const START_DATE: &str = "start_date";
const END_DATE: &str = "end_date";

/// The ledger's columns, in the order [`to_ledger_csv`] writes them.
pub const COLUMNS: [&str; 8] = [
    PLACEMENT_ID,
    HOME_ID,
    PLACING_BOROUGH,
    CATEGORY,
    FUNDER,
    WEEKLY_PRICE,
    START_DATE,
    END_DATE,
];

/// The highest weekly price believed: anything above is a typing slip (an annual figure, say).
pub const MAX_WEEKLY_PRICE: Pence = Pence::from_pounds(20_000);

/// Reads a ledger. `boroughs` are the footprint's boroughs as (name, GSS code); `is_home` says
/// whether a CQC location ID is a care home in the footprint.
pub fn parse_ledger(
    text: &str,
    boroughs: &[(&str, &str)],
    is_home: impl Fn(&str) -> bool,
) -> Result<LedgerImport, LedgerError> {
    let records = records(text).map_err(LedgerError::Malformed)?;
    let (head, body) = records.split_first().ok_or(LedgerError::Empty)?;
    let header = Header::new(head);
    let missing = header.missing(&COLUMNS);
    if !missing.is_empty() {
        return Err(LedgerError::MissingColumns(missing));
    }
    let repeated = header.repeated(&COLUMNS);
    if !repeated.is_empty() {
        return Err(LedgerError::RepeatedColumns(repeated));
    }
    let mut import = LedgerImport::default();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for record in body {
        let row = header.row(record);
        let id = row.get(PLACEMENT_ID);
        let reject = |reason: String| RejectedRow {
            line: record.line,
            placement_id: id.map(str::to_string),
            reason,
        };
        if let Some(reason) = row.shortfall() {
            import.rejected.push(reject(reason));
            continue;
        }
        let Some(id) = id else {
            import
                .rejected
                .push(reject(format!("\"{PLACEMENT_ID}\" is empty")));
            continue;
        };
        if let Some(first) = seen.get(id) {
            import.rejected.push(reject(format!(
                "\"{PLACEMENT_ID}\" {id} already appeared on line {first}"
            )));
            continue;
        }
        seen.insert(id, record.line);
        match placement(&row, id, boroughs, &is_home) {
            Ok(p) => {
                import.placements.push(p);
                import.lines.push(record.line);
            }
            Err(reason) => import.rejected.push(reject(reason)),
        }
    }
    Ok(import)
}

/// A row's placement, or why it cannot be used.
fn placement(
    row: &Row,
    id: &str,
    boroughs: &[(&str, &str)],
    is_home: impl Fn(&str) -> bool,
) -> Result<Placement, String> {
    let required = |column: &str| {
        row.get(column)
            .ok_or_else(|| format!("\"{column}\" is empty"))
    };
    let not = |column: &str, text: &str, what: &str| format!("\"{column}\" is \"{text}\", {what}");

    let home_id = required(HOME_ID)?;
    if !is_home(home_id) {
        return Err(not(HOME_ID, home_id, "not a care home in the footprint"));
    }
    let text = required(PLACING_BOROUGH)?;
    let Some(&(_, placing_borough)) = boroughs
        .iter()
        .find(|(name, code)| same_words(text, name) || same_words(text, code))
    else {
        let names: Vec<&str> = boroughs.iter().map(|(name, _)| *name).collect();
        let what = format!("not one of the footprint's boroughs ({})", names.join(", "));
        return Err(not(PLACING_BOROUGH, text, &what));
    };
    let text = required(CATEGORY)?;
    let category = BedCategory::ALL
        .into_iter()
        .find(|c| same_words(text, c.key()) || same_words(text, c.label()))
        .ok_or_else(|| {
            let keys = BedCategory::ALL.map(BedCategory::key);
            not(
                CATEGORY,
                text,
                &format!("not a bed category ({})", keys.join(", ")),
            )
        })?;
    let text = required(FUNDER)?;
    let funder = Funder::ALL
        .into_iter()
        .find(|f| same_words(text, f.key()) || same_words(text, f.label()))
        .ok_or_else(|| {
            let keys = Funder::ALL.map(Funder::key);
            not(FUNDER, text, &format!("not a funder ({})", keys.join(", ")))
        })?;
    let text = required(WEEKLY_PRICE)?;
    let weekly_price = match text.parse::<Pence>() {
        Err(e) => return Err(format!("\"{WEEKLY_PRICE}\" is \"{text}\": {e}")),
        Ok(Pence(0)) => return Err(format!("\"{WEEKLY_PRICE}\" is 0: a placement has a price")),
        Ok(price) if price > MAX_WEEKLY_PRICE => {
            return Err(format!(
                "\"{WEEKLY_PRICE}\" is {}, more than {} a week",
                format_pounds(price),
                format_pounds(MAX_WEEKLY_PRICE)
            ))
        }
        Ok(price) => price,
    };
    let date = |column: &str, text: &str| {
        ledger_date(text)
            .ok_or_else(|| not(column, text, "not a date such as 2026-11-23 or 23/11/2026"))
    };
    let start_date = date(START_DATE, required(START_DATE)?)?;
    let end_date = row.get(END_DATE).map(|t| date(END_DATE, t)).transpose()?;
    if let Some(end) = end_date.filter(|end| *end < start_date) {
        return Err(format!(
            "\"{END_DATE}\" {} is before \"{START_DATE}\" {}",
            crate::presentation::format::format_day_month_year(end),
            crate::presentation::format::format_day_month_year(start_date)
        ));
    }
    Ok(Placement {
        id: id.to_string(),
        home_id: home_id.to_string(),
        placing_borough: placing_borough.to_string(),
        category,
        funder,
        weekly_price,
        start_date,
        end_date,
    })
}

/// Whether `a` and `b` are the same words: ASCII case aside, with spaces, hyphens and
/// underscores alike.
fn same_words(a: &str, b: &str) -> bool {
    let fold = |c: u8| match c {
        b'-' | b'_' => b' ',
        c => c.to_ascii_lowercase(),
    };
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| fold(x) == fold(y))
}

/// "2026-11-23" or "23/11/2026".
fn ledger_date(text: &str) -> Option<NaiveDate> {
    parse_date(text).or_else(|| parse_slash_date(text, SlashOrder::DayFirst))
}

/// The placements as a ledger file: the header row, then one row per placement with codes, keys,
/// prices as "1234.56" and ISO dates, so [`parse_ledger`] reads back the same placements. (A
/// placement ID starting with `=`, `+`, `-` or `@` is written with a leading apostrophe; see
/// [`to_csv`].)
pub fn to_ledger_csv(placements: &[Placement]) -> String {
    let rows = placements.iter().map(|p| {
        vec![
            p.id.clone(),
            p.home_id.clone(),
            p.placing_borough.clone(),
            p.category.key().to_string(),
            p.funder.key().to_string(),
            p.weekly_price.to_decimal(),
            format_iso_date(p.start_date),
            p.end_date.map(format_iso_date).unwrap_or_default(),
        ]
    });
    to_csv(&COLUMNS, rows)
}

#[cfg(test)]
mod tests;
