//! CSV (RFC 4180) both ways, for the files councils and CQC exchange.
//!
//! Reading: [`records`] splits a file into records with the `csv-core` parser (the `csv` crate's
//! own, which hands over each field with the bytes it took, so every record keeps the physical
//! line it starts on and a bad row can be reported where a person will find it). Quoted fields
//! may hold commas, doubled quotes and line breaks, and a leading byte-order mark is dropped. Around
//! the parser, this module keeps a few rules of its own, each tested:
//!
//! - **Line ends**: CRLF, LF and a lone CR each end a line (a lone CR is how old Mac spreadsheets
//!   end lines); inside quotes they are kept as written, and still count as lines.
//! - **Blank lines** (nothing but spaces or tabs) are skipped, as though not there. A record with
//!   one empty field is written `""`, which is not blank ([`to_csv`] writes it so).
//! - **Quotes**: spaces before an opening quote are dropped and spaces after the closing quote
//!   kept, as spreadsheets write them; any other text after a closing quote (`"Elm"House`) is
//!   refused, naming the line, rather than joined to the field.
//!
//! A [`Header`] then finds columns by name (trimmed, any ASCII case), so column order and extra
//! columns do not matter; it sorts its names once, so finding a column costs a binary search
//! however wide the file. A name given to two columns is found by [`Header::repeated`], so an
//! importer can refuse the file rather than read one of them silently.
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

use csv_core::{ReadFieldResult, Reader};
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
    /// Text other than spaces follows a quoted field's closing quote on this line.
    TextAfterQuote {
        /// Where the text is.
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
            | CsvError::TextAfterQuote { line }
            | CsvError::TooManyColumns { line }
            | CsvError::FieldTooLong { line }
            | CsvError::LineTooLong { line } => *line,
        }
    }

    /// What is wrong there, as a phrase.
    pub fn reason(&self) -> &'static str {
        match self {
            CsvError::UnclosedQuote { .. } => "a quoted field is never closed",
            CsvError::TextAfterQuote { .. } => {
                "text follows a closing quote (a field with quotes in it is written in quotes, \
                 each quote inside doubled)"
            }
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
/// at the first quoted field left open or followed by text, and at the first record, field or
/// line over its limit ([`MAX_COLUMNS`], [`MAX_FIELD`], [`MAX_LINE`]).
pub fn records(text: &str) -> Result<Vec<Record>, CsvError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let bytes = text.as_bytes();
    let mut lines = Lines {
        text: bytes,
        pos: 0,
        line: 1,
    };
    let overlong = first_overlong(bytes);
    let line_too_long = |lines: &mut Lines, pos: usize| match overlong {
        Some(at) if at < pos => Err(CsvError::LineTooLong { line: lines.at(at) }),
        _ => Ok(()),
    };
    let mut reader = Reader::new();
    // One byte more than a field may have, so a field too long fills it and is refused.
    let mut value = vec![0; MAX_FIELD + 1];
    let (mut out, mut fields, mut pos, mut start_line) = (Vec::new(), Vec::new(), 0, 1);
    loop {
        if fields.is_empty() {
            pos = skip_blank_lines(text, pos);
            line_too_long(&mut lines, pos)?;
            if pos == bytes.len() {
                return Ok(out);
            }
            start_line = lines.at(pos);
        }
        pos = skip_space_before_quote(text, pos);
        let (start, mut len) = (pos, 0);
        let record_end = loop {
            let (result, read, written) = reader.read_field(&bytes[pos..], &mut value[len..]);
            (pos, len) = (pos + read, len + written);
            // Whichever limit the text passes first: the field's last byte is at pos - 1.
            if len > MAX_FIELD && overlong.is_none_or(|at| at >= pos) {
                return Err(CsvError::FieldTooLong {
                    line: lines.at(pos - 1),
                });
            }
            line_too_long(&mut lines, pos)?;
            match result {
                ReadFieldResult::Field { record_end } => break record_end,
                // Only at the end of the text, where the next call ends the field.
                ReadFieldResult::InputEmpty => {}
                // Neither happens: a full buffer is refused above, and the end of the text is
                // found above before the parser is asked for more.
                ReadFieldResult::OutputFull | ReadFieldResult::End => break true,
            }
        };
        check_quotes(text, start, pos, &mut lines)?;
        fields.push(String::from_utf8_lossy(&value[..len]).into_owned());
        if fields.len() > MAX_COLUMNS {
            return Err(CsvError::TooManyColumns { line: start_line });
        }
        if record_end {
            out.push(Record {
                line: start_line,
                fields: std::mem::take(&mut fields),
            });
        }
    }
}

/// Whether `c` ends a physical line.
fn line_end(c: char) -> bool {
    matches!(c, '\r' | '\n')
}

/// Whether `c` is a space that is not a line end.
fn space(c: char) -> bool {
    c.is_whitespace() && !line_end(c)
}

/// Where the first line from `pos` with more than spaces on it starts (the LF of a CRLF is
/// skipped as an empty line of its own).
fn skip_blank_lines(text: &str, mut pos: usize) -> usize {
    loop {
        let rest = &text[pos..];
        match rest.find(line_end) {
            Some(end) if rest[..end].chars().all(space) => pos += end + 1,
            None if rest.chars().all(space) => return text.len(),
            _ => return pos,
        }
    }
}

/// Past the spaces at `pos` when a quote follows them (`, "Elm, House"`); else `pos`.
fn skip_space_before_quote(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let after = rest.trim_start_matches(space);
    if after.starts_with('"') {
        pos + rest.len() - after.len()
    } else {
        pos
    }
}

/// Refuses the field that took `text[start..end]` when it opens a quote and never closes it, or
/// has more than spaces between its closing quote and its end.
fn check_quotes(text: &str, start: usize, end: usize, lines: &mut Lines) -> Result<(), CsvError> {
    let raw = &text.as_bytes()[start..end];
    if raw.first() != Some(&b'"') {
        return Ok(());
    }
    let mut i = 1;
    let close = loop {
        match raw.get(i) {
            None => {
                return Err(CsvError::UnclosedQuote {
                    line: lines.at(start),
                })
            }
            Some(b'"') if raw.get(i + 1) == Some(&b'"') => i += 2,
            Some(b'"') => break start + i + 1,
            Some(_) => i += 1,
        }
    };
    let tail = &text[close..end];
    let tail = tail.strip_suffix(',').unwrap_or(tail);
    match tail.find(|c: char| !c.is_whitespace()) {
        Some(at) => Err(CsvError::TextAfterQuote {
            line: lines.at(close + at),
        }),
        None => Ok(()),
    }
}

/// Where the first byte past [`MAX_LINE`] in a line is, if any line is that long.
fn first_overlong(text: &[u8]) -> Option<usize> {
    let mut line_start = 0;
    for (i, &b) in text.iter().enumerate() {
        if b == b'\r' || b == b'\n' {
            line_start = i + 1;
        } else if i - line_start >= MAX_LINE {
            return Some(i);
        }
    }
    None
}

/// The physical line of a byte in the text: CRLF, LF and a lone CR each end a line.
struct Lines<'a> {
    text: &'a [u8],
    /// Line ends before this byte are counted...
    pos: usize,
    /// ...and this is its line.
    line: usize,
}

impl Lines<'_> {
    /// The line byte `to` is on (counting on from the last byte asked about).
    fn at(&mut self, to: usize) -> usize {
        if to < self.pos {
            (self.pos, self.line) = (0, 1);
        }
        for i in self.pos..to {
            let lone_cr = self.text[i] == b'\r' && self.text.get(i + 1) != Some(&b'\n');
            self.line += usize::from(self.text[i] == b'\n' || lone_cr);
        }
        self.pos = to;
        self.line
    }
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

    /// The names in `names` that more than one column has, in their order. [`Header::position`]
    /// finds the first of them; an importer refuses such a file rather than guess.
    pub fn repeated(&self, names: &[&str]) -> Vec<String> {
        names
            .iter()
            .filter(|name| {
                let name = name.to_ascii_lowercase();
                let first = self.sorted.partition_point(|(n, _)| *n < name);
                self.sorted.get(first + 1).is_some_and(|(n, _)| *n == name)
            })
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
    let (start, mut count) = (out.len(), 0);
    for field in fields {
        if count > 0 {
            out.push(',');
        }
        push_field(out, field);
        count += 1;
    }
    end_row(out, start, count);
}

/// One field, guarded against formulas and quoted where it must be.
fn push_field(out: &mut String, field: &str) {
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

/// Ends the row that starts at `start` and has `count` fields. A row of one blank field would be
/// a blank line, which reading skips: it is quoted.
fn end_row(out: &mut String, start: usize, count: usize) {
    if count == 1 && out[start..].trim().is_empty() {
        out.insert(start, '"');
        out.push('"');
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
    fn text_after_a_closing_quote_is_refused_at_its_line_and_spaces_are_kept() {
        let refused = [
            ("a\n\"Elm\"House,1\n", 2),
            ("a\nx,\"b\nc\" d\n", 3),
            ("\"a\" \"b\"\n", 1),
            ("\"a\"x\"\n", 1),
            ("a\n\"b\"\rc\n\"d\"e", 4),
        ];
        for (text, line) in refused {
            assert_eq!(
                records(text),
                Err(CsvError::TextAfterQuote { line }),
                "{text:?}"
            );
        }
        assert_eq!(
            CsvError::TextAfterQuote { line: 2 }.to_string(),
            "Line 2: text follows a closing quote (a field with quotes in it is written in \
             quotes, each quote inside doubled)."
        );
        let read = records(" \"a\" ,\t\"b\"\"\"\t\r\nc\"d\"\r\n").expect("valid");
        assert_eq!(
            read,
            [record(1, &["a ", "b\"\t"]), record(2, &["c\"d\""])],
            "spaces around quotes as before; a quote inside an unquoted field is text"
        );
    }

    #[test]
    fn a_lone_cr_ends_a_line_outside_quotes_and_is_kept_inside() {
        let read = records("a,b\rc,d\r\n\"x\ry\",z\re\n\rf").expect("valid");
        let want = [
            record(1, &["a", "b"]),
            record(2, &["c", "d"]),
            record(3, &["x\ry", "z"]),
            record(5, &["e"]),
            record(7, &["f"]),
        ];
        assert_eq!(read, want);
        let unclosed = records("a\rb\r\"c\rd");
        assert_eq!(unclosed, Err(CsvError::UnclosedQuote { line: 3 }));
        let long = format!("a\r{}\r", vec!["x".repeat(60_000); 18].join(","));
        assert_eq!(records(&long), Err(CsvError::LineTooLong { line: 2 }));
    }

    #[test]
    fn blank_lines_are_skipped_but_a_quoted_empty_field_is_a_record() {
        let read = records("v\r\n\r\n \t\r\n\"\"\r\n x \n\n  ").expect("valid");
        assert_eq!(
            read,
            [record(1, &["v"]), record(4, &[""]), record(5, &[" x "])]
        );
        let written = to_csv(&["v"], [vec![""], vec!["x"], vec![" "]]);
        assert_eq!(written, "v\r\n\"\"\r\nx\r\n\" \"\r\n");
        let fields: Vec<Vec<String>> = records(&written)
            .expect("valid")
            .into_iter()
            .map(|r| r.fields)
            .collect();
        assert_eq!(fields, [["v"], [""], ["x"], [" "]]);
        assert_eq!(to_csv(&["a", "b"], [vec!["", ""]]), "a,b\r\n,\r\n");
    }

    #[test]
    fn a_name_given_to_two_columns_is_found() {
        let header = Header::new(&record(1, &[" Home ID", "PRICE ", "price", "Note", "", ""]));
        assert_eq!(
            header.repeated(&["price", "Note", "home id", "date", "Price"]),
            ["price", "Price"]
        );
        assert_eq!(header.repeated(&["note"]), Vec::<String>::new());
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
