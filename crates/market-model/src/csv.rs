//! Writing CSV for export (RFC 4180): fields with commas, quotes or line breaks are quoted, and
//! quotes inside them doubled. Fields starting with `=`, `+`, `-` or `@` get a leading apostrophe so
//! a spreadsheet does not run them as formulas.

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
        let field = if field.starts_with(['=', '+', '-', '@']) {
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
}
