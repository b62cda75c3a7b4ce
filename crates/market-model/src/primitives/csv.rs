//! CSV (RFC 4180) both ways, for the files councils and CQC exchange.
//!
//! Reading: [`records`] splits a file into records, each with the physical line it starts on, so a
//! bad row can be reported where a person will find it; quoted fields may hold commas, doubled
//! quotes and line breaks, CRLF and LF both end a record, and a leading byte-order mark is dropped.
//! A [`Header`] then finds columns by name (trimmed, any ASCII case), so column order and extra
//! columns do not matter; it sorts its names once, so finding a column costs a binary search
//! however wide the file.
//!
//! Absurd input is refused as it is read, naming the line, before it can take the reader's time
//! or memory: a record of more than [`MAX_COLUMNS`] fields, a field over [`MAX_FIELD`] bytes, a
//! physical line over [`MAX_LINE`] bytes.
//!
//! Writing: [`to_csv`] quotes fields with commas, quotes or line breaks, doubling quotes inside
//! them. Fields starting with `=`, `+`, `-` or `@` get a leading apostrophe so a spreadsheet does
//! not run them as formulas (as does a field that starts with an apostrophe and one of those, or
//! two apostrophes), and reading takes that one apostrophe off again: a file written here reads
//! back exactly.
//!
//! ```
//! use market_model::primitives::csv::{records, Header};
//!
//! let rows = records("\u{feff}Name,Beds\r\n\"Elm, House\",40\r\n").expect("valid CSV");
//! let header = Header::new(&rows[0]);
//! let row = header.row(&rows[1]);
//! assert_eq!((row.line(), row.get("NAME"), row.get("beds")), (2, Some("Elm, House"), Some("40")));
//! ```

use std::fmt;

/// One CSV record and the line of the file it starts on (the first line is 1).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Physical line where the record starts.
    pub line: usize,
    /// Its fields as written (unquoted, not trimmed).
    pub fields: Vec<String>,
}

/// The most fields a record may have.
pub const MAX_COLUMNS: usize = 500;

/// The longest field, in bytes (64 KB).
pub const MAX_FIELD: usize = 64 * 1024;

/// The longest physical line, in bytes (1 MB).
pub const MAX_LINE: usize = 1024 * 1024;

/// Why text is not CSV, or not CSV this reader will read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CsvError {
    /// A quoted field opened on this line is never closed.
    UnclosedQuote {
        /// Where the quote opens.
        line: usize,
    },
    /// The record starting on this line has more than [`MAX_COLUMNS`] fields.
    TooManyColumns {
        /// Where the record starts.
        line: usize,
    },
    /// A field on this line is longer than [`MAX_FIELD`].
    FieldTooLong {
        /// Where the field grows too long.
        line: usize,
    },
    /// This physical line is longer than [`MAX_LINE`].
    LineTooLong {
        /// The line.
        line: usize,
    },
}

impl CsvError {
    /// The line where the file stops being CSV.
    pub fn line(&self) -> usize {
        match self {
            CsvError::UnclosedQuote { line }
            | CsvError::TooManyColumns { line }
            | CsvError::FieldTooLong { line }
            | CsvError::LineTooLong { line } => *line,
        }
    }

    /// What is wrong there, as a phrase.
    pub fn reason(&self) -> &'static str {
        match self {
            CsvError::UnclosedQuote { .. } => "a quoted field is never closed",
            CsvError::TooManyColumns { .. } => {
                "the row has more than 500 columns, the most a file may have"
            }
            CsvError::FieldTooLong { .. } => {
                "a field is longer than 64 KB, the most a field may be"
            }
            CsvError::LineTooLong { .. } => "the line is longer than 1 MB, the most a line may be",
        }
    }
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Line {}: {}.", self.line(), self.reason())
    }
}

impl std::error::Error for CsvError {}

/// Splits CSV text into records, each with the line it starts on. Blank lines are skipped. Stops
/// at the first record, field or line over its limit ([`MAX_COLUMNS`], [`MAX_FIELD`],
/// [`MAX_LINE`]).
pub fn records(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out = Vec::new();
    let (mut fields, mut field) = (Vec::new(), String::new());
    let (mut line, mut start, mut quoted, mut quote_line) = (1, 1, false, 1);
    let mut line_bytes = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        line_bytes = if c == '\n' {
            0
        } else {
            line_bytes + c.len_utf8()
        };
        if line_bytes > MAX_LINE {
            return Err(CsvError::LineTooLong { line });
        }
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
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (false, '\r') if chars.peek() == Some(&'\n') => {}
            (false, '\n') => {
                fields.push(std::mem::take(&mut field));
                if fields.len() > MAX_COLUMNS {
                    return Err(CsvError::TooManyColumns { line: start });
                }
                out.push(Record {
                    line: start,
                    fields: std::mem::take(&mut fields),
                });
                line += 1;
                start = line;
            }
            (false, c) => field.push(c),
        }
        if field.len() > MAX_FIELD {
            return Err(CsvError::FieldTooLong { line });
        }
        if fields.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns { line: start });
        }
    }
    if quoted {
        return Err(CsvError::UnclosedQuote { line: quote_line });
    }
    if !field.is_empty() || !fields.is_empty() {
        fields.push(field);
        if fields.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns { line: start });
        }
        out.push(Record {
            line: start,
            fields,
        });
    }
    out.retain(|r| !(r.fields.len() == 1 && r.fields[0].trim().is_empty()));
    Ok(out)
}

/// A header row: columns found by name, trimmed and in any ASCII case.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// Each column's name in ASCII lower case and its position, sorted by name and then
    /// position, so the first column of a name is found by binary search.
    sorted: Vec<(String, usize)>,
}

impl Header {
    /// The header in `record`, its names sorted once.
    pub fn new(record: &Record) -> Header {
        let mut sorted: Vec<(String, usize)> = record
            .fields
            .iter()
            .enumerate()
            .map(|(i, n)| (n.trim().to_ascii_lowercase(), i))
            .collect();
        sorted.sort_unstable();
        Header { sorted }
    }

    /// How many columns it names.
    pub fn width(&self) -> usize {
        self.sorted.len()
    }

    /// Where the first column called `name` is.
    pub fn position(&self, name: &str) -> Option<usize> {
        let name = name.to_ascii_lowercase();
        let first = self.sorted.partition_point(|(n, _)| *n < name);
        self.sorted
            .get(first)
            .filter(|(n, _)| *n == name)
            .map(|&(_, i)| i)
    }

    /// The names in `required` that no column has, in their order.
    pub fn missing(&self, required: &[&str]) -> Vec<String> {
        required
            .iter()
            .filter(|name| self.position(name).is_none())
            .map(|name| name.to_string())
            .collect()
    }

    /// `record` read by this header's column names.
    pub fn row<'a>(&'a self, record: &'a Record) -> Row<'a> {
        Row {
            header: self,
            record,
        }
    }
}

/// A record read by column name.
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    header: &'a Header,
    record: &'a Record,
}

impl<'a> Row<'a> {
    /// The line where the record starts.
    pub fn line(&self) -> usize {
        self.record.line
    }

    /// How many fields the record has.
    pub fn width(&self) -> usize {
        self.record.fields.len()
    }

    /// Why the record cannot be read when it has fewer fields than the header names.
    pub fn shortfall(&self) -> Option<String> {
        (self.width() < self.header.width()).then(|| {
            format!(
                "the row has {} fields but the header has {}",
                self.width(),
                self.header.width()
            )
        })
    }

    /// The field in column `name`, trimmed; `None` when the column or the field is missing or
    /// the field is blank.
    pub fn get(&self, name: &str) -> Option<&'a str> {
        let i = self.header.position(name)?;
        self.record
            .fields
            .get(i)
            .map(|f| unguard(f.trim()))
            .filter(|f| !f.is_empty())
    }
}

/// The characters a spreadsheet would start a formula with.
const FORMULA_START: [char; 4] = ['=', '+', '-', '@'];

/// Whether a field is written with a leading apostrophe: it starts a formula, or it would read
/// back as though it had been guarded.
fn needs_guard(field: &str) -> bool {
    field.starts_with(FORMULA_START)
        || field
            .strip_prefix('\'')
            .is_some_and(|rest| rest.starts_with(FORMULA_START) || rest.starts_with('\''))
}

/// A field as read: without the apostrophe that guards a formula character or an apostrophe.
fn unguard(field: &str) -> &str {
    match field.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_START) || rest.starts_with('\'') => rest,
        _ => field,
    }
}

/// One CSV document from a header and rows, lines ended with CRLF.
pub fn to_csv<R, F>(header: &[&str], rows: R) -> String
where
    R: IntoIterator<Item = Vec<F>>,
    F: AsRef<str>,
{
    let mut out = String::new();
    push_row(&mut out, header.iter().map(|h| h.as_ref()));
    for row in rows {
        push_row(&mut out, row.iter().map(|f| f.as_ref()));
    }
    out
}

fn push_row<'a>(out: &mut String, fields: impl Iterator<Item = &'a str>) {
    for (i, field) in fields.enumerate() {
        if i > 0 {
            out.push(',');
        }
        let guarded;
        let field = if needs_guard(field) {
            guarded = format!("'{field}");
            guarded.as_str()
        } else {
            field
        };
        if field.contains([',', '"', '\n', '\r']) {
            out.push('"');
            out.push_str(&field.replace('"', "\"\""));
            out.push('"');
        } else {
            out.push_str(field);
        }
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(line: usize, fields: &[&str]) -> Record {
        Record {
            line,
            fields: fields.iter().map(|f| f.to_string()).collect(),
        }
    }

    #[test]
    fn quoted_fields_keep_commas_quotes_and_line_breaks_and_lines_stay_physical() {
        let text =
            "\u{feff}a,b\r\n\"x, y\",\"say \"\"hi\"\"\r\nthere\"\r\n3,\"\"\n \"4\" ,\t5\t\n\n";
        let want = [
            record(1, &["a", "b"]),
            record(2, &["x, y", "say \"hi\"\r\nthere"]),
            record(4, &["3", ""]),
            record(5, &["4 ", "\t5\t"]),
        ];
        assert_eq!(records(text).expect("valid"), want);
        assert_eq!(
            records("a\nb").expect("valid"),
            [record(1, &["a"]), record(2, &["b"])]
        );
        assert_eq!(records("").expect("valid"), []);
        let unclosed = records("a\n\"b\nc\",d\n\"e,f\ng\n").expect_err("unclosed");
        assert_eq!(unclosed, CsvError::UnclosedQuote { line: 4 });
        assert_eq!(
            unclosed.to_string(),
            "Line 4: a quoted field is never closed."
        );
    }

    #[test]
    fn absurd_records_fields_and_lines_are_refused_at_their_line() {
        let columns = |n: usize| vec!["c"; n].join(",");
        let field = |n: usize| "x".repeat(n);
        let cases = [
            // At each limit: read.
            (format!("a\n{}\n", columns(500)), None),
            (format!("a\n{}\n", field(64 * 1024)), None),
            (format!("a\n\"{}\"\n", field(64 * 1024)), None),
            // One past it: refused where it happens.
            (
                format!("a\n\nb\n{}\n", columns(501)),
                Some(CsvError::TooManyColumns { line: 4 }),
            ),
            (
                format!("a\n{}", columns(100_000)),
                Some(CsvError::TooManyColumns { line: 2 }),
            ),
            (
                format!("a\nb,{}\n", field(64 * 1024 + 1)),
                Some(CsvError::FieldTooLong { line: 2 }),
            ),
            (
                format!("a\n\"b\n{}\"\n", field(64 * 1024 + 1)),
                Some(CsvError::FieldTooLong { line: 3 }),
            ),
            (
                format!("a\n{}\n", vec![field(60_000); 18].join(",")),
                Some(CsvError::LineTooLong { line: 2 }),
            ),
        ];
        for (text, want) in cases {
            let got = records(&text).err();
            assert_eq!(got, want, "{} bytes", text.len());
        }
        assert_eq!(
            CsvError::TooManyColumns { line: 1 }.to_string(),
            format!(
                "Line 1: the row has more than {MAX_COLUMNS} columns, the most a file may have."
            )
        );
        assert!(CsvError::FieldTooLong { line: 1 }
            .to_string()
            .contains("64 KB"));
        assert!(CsvError::LineTooLong { line: 1 }
            .to_string()
            .contains("1 MB"));
    }

    #[test]
    fn columns_are_found_by_trimmed_name_in_any_ascii_case() {
        let header = Header::new(&record(1, &[" Home ID", "PRICE ", "price", "Note"]));
        assert_eq!(header.width(), 4);
        let cases = [
            ("home id", Some(0)),
            ("Price", Some(1)),
            ("note", Some(3)),
            ("home", None),
        ];
        for (name, want) in cases {
            assert_eq!(header.position(name), want, "{name}");
        }
        assert_eq!(
            header.missing(&["price", "date", "Home", "note"]),
            ["date", "Home"]
        );
        let short = record(7, &[" 1-1 ", "  "]);
        let row = header.row(&short);
        let got = [row.get("home id"), row.get("price"), row.get("note")];
        assert_eq!(got, [Some("1-1"), None, None]);
        assert_eq!((row.line(), row.width()), (7, 2));
        let reason = row.shortfall();
        assert_eq!(
            reason.as_deref(),
            Some("the row has 2 fields but the header has 4")
        );
        let full = record(8, &["a", "b", "c", "d", "e"]);
        assert_eq!(header.row(&full).shortfall(), None);
    }

    #[test]
    fn quotes_only_what_needs_quoting() {
        let csv = to_csv(
            &["Name", "Beds"],
            vec![
                vec!["Oak Lodge", "40"],
                vec!["Elm, House", "12"],
                vec!["The \"Willows\"", "3"],
                vec!["=SUM(A1)", "-1"],
            ],
        );
        assert_eq!(
            csv,
            "Name,Beds\r\nOak Lodge,40\r\n\"Elm, House\",12\r\n\"The \"\"Willows\"\"\",3\r\n'=SUM(A1),'-1\r\n"
        );
    }

    #[test]
    fn what_is_written_reads_back() {
        let rows = vec![vec!["Elm, House", "say \"hi\"\nthere"], vec!["", "x"]];
        let text = to_csv(&["a", "b"], rows.clone());
        let read: Vec<Vec<String>> = records(&text)
            .expect("valid")
            .into_iter()
            .map(|r| r.fields)
            .collect();
        let mut want = vec![vec!["a".to_string(), "b".to_string()]];
        want.extend(
            rows.iter()
                .map(|r| r.iter().map(|f| f.to_string()).collect()),
        );
        assert_eq!(read, want);
    }

    #[test]
    fn guarded_fields_read_back_without_their_guard() {
        let fields = ["-12", "+44", "=1", "@x", "'=1", "''", "'plain", "plain"];
        let text = to_csv(&["v"], fields.iter().map(|f| vec![*f]));
        assert_eq!(
            text,
            "v\r\n'-12\r\n'+44\r\n'=1\r\n'@x\r\n''=1\r\n'''\r\n'plain\r\nplain\r\n"
        );
        let rows = records(&text).expect("valid");
        let header = Header::new(&rows[0]);
        let read: Vec<&str> = rows[1..]
            .iter()
            .filter_map(|r| header.row(r).get("v"))
            .collect();
        assert_eq!(read, fields);
    }
}
