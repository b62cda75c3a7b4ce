use super::*;
use proptest::prelude::*;
use BedCategory::*;

const BOROUGHS: [(&str, &str); 5] = [
    ("Barnet", "E09000003"),
    ("Camden", "E09000007"),
    ("Enfield", "E09000010"),
    ("Haringey", "E09000014"),
    ("Islington", "E09000019"),
];
const HEADER: &str =
    "placement_id,home_id,placing_borough,category,funder,weekly_price,start_date,end_date";

/// Homes in these tests are the IDs starting "1-".
fn is_home(id: &str) -> bool {
    id.starts_with("1-")
}

/// The header and these rows, LF-ended.
fn parse(rows: &[&str]) -> LedgerImport {
    let text = format!("{HEADER}\n{}\n", rows.join("\n"));
    parse_ledger(&text, &BOROUGHS, is_home).expect("a ledger")
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn placement(id: &str, start: NaiveDate, end: Option<NaiveDate>) -> Placement {
    Placement {
        id: id.into(),
        home_id: "1-1".into(),
        placing_borough: "E09000003".into(),
        category: Nursing,
        funder: Funder::Council,
        weekly_price: Pence(124_000),
        start_date: start,
        end_date: end,
    }
}

#[test]
fn each_field_is_read_in_every_accepted_form() {
    // (the row after the placement ID, the field that differs from the plain placement)
    let base = placement("P", ymd(2026, 11, 23), None);
    let cases: [(&str, Placement); 16] = [
        (
            "1-1,E09000003,nursing,council,1240,2026-11-23,",
            base.clone(),
        ),
        (
            " 1-1 ,e09000003,NURSING,Council,1240.00,23/11/2026, ",
            base.clone(),
        ),
        (
            "1-2,Camden,nursing,council,1240,2026-11-23,",
            Placement {
                home_id: "1-2".into(),
                placing_borough: "E09000007".into(),
                ..base.clone()
            },
        ),
        (
            "1-1,islington,nursing,council,1240,2026-11-23,",
            Placement {
                placing_borough: "E09000019".into(),
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,Nursing dementia,council,1240,2026-11-23,",
            Placement {
                category: NursingDementia,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,residential_dementia,council,1240,2026-11-23,",
            Placement {
                category: ResidentialDementia,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,Short-stay / step-down,council,1240,2026-11-23,",
            Placement {
                category: StepDown,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,step down,council,1240,2026-11-23,",
            Placement {
                category: StepDown,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,NHS CHC,1240,2026-11-23,",
            Placement {
                funder: Funder::NhsChc,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,nhs_chc,1240,2026-11-23,",
            Placement {
                funder: Funder::NhsChc,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,Joint,1240,2026-11-23,",
            Placement {
                funder: Funder::Joint,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,Self-funder top-up,1240,2026-11-23,",
            Placement {
                funder: Funder::SelfFunderTopUp,
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,council,\"£1,240.5\",2026-11-23,",
            Placement {
                weekly_price: Pence(124_050),
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,council,0.01,2026-11-23,",
            Placement {
                weekly_price: Pence(1),
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,council,\"£20,000\",1/2/2026,28/2/2026",
            Placement {
                weekly_price: Pence::from_pounds(20_000),
                start_date: ymd(2026, 2, 1),
                end_date: Some(ymd(2026, 2, 28)),
                ..base.clone()
            },
        ),
        (
            "1-1,Barnet,nursing,council,1240,2026-11-23,2026-11-23",
            Placement {
                end_date: Some(ymd(2026, 11, 23)),
                ..base.clone()
            },
        ),
    ];
    for (tail, want) in cases {
        let import = parse(&[&format!("P,{tail}")]);
        assert_eq!(import.rejected, [], "{tail}");
        assert_eq!(import.placements, [want], "{tail}");
    }
}

#[test]
fn each_bad_row_is_rejected_naming_the_column_and_the_value() {
    let cases = [
        (
            "1-1,Barnet,nursing",
            "the row has 4 fields but the header has 8",
        ),
        (
            ",Barnet,nursing,council,1240,2026-11-23,",
            "\"home_id\" is empty",
        ),
        (
            "2-1,Barnet,nursing,council,1240,2026-11-23,",
            "\"home_id\" is \"2-1\", not a care home in the footprint",
        ),
        (
            "1-1,Croydon,nursing,council,1240,2026-11-23,",
            "\"placing_borough\" is \"Croydon\", not one of the footprint's boroughs \
             (Barnet, Camden, Enfield, Haringey, Islington)",
        ),
        (
            "1-1,E09000008,nursing,council,1240,2026-11-23,",
            "\"placing_borough\" is \"E09000008\", not one of the footprint's boroughs \
             (Barnet, Camden, Enfield, Haringey, Islington)",
        ),
        (
            "1-1,,nursing,council,1240,2026-11-23,",
            "\"placing_borough\" is empty",
        ),
        (
            "1-1,Barnet,hospice,council,1240,2026-11-23,",
            "\"category\" is \"hospice\", not a bed category \
             (residential, residential_dementia, nursing, nursing_dementia, step_down)",
        ),
        (
            "1-1,Barnet,nursing,family,1240,2026-11-23,",
            "\"funder\" is \"family\", not a funder \
             (council, nhs_chc, joint, self_funder_top_up)",
        ),
        (
            "1-1,Barnet,nursing,council,,2026-11-23,",
            "\"weekly_price\" is empty",
        ),
        (
            "1-1,Barnet,nursing,council,twelve,2026-11-23,",
            "\"weekly_price\" is \"twelve\": 't' cannot be part of an amount: \
             use digits, commas and one decimal point",
        ),
        (
            "1-1,Barnet,nursing,council,-1240,2026-11-23,",
            "\"weekly_price\" is \"-1240\": '-' cannot be part of an amount: \
             use digits, commas and one decimal point",
        ),
        (
            "1-1,Barnet,nursing,council,12.345,2026-11-23,",
            "\"weekly_price\" is \"12.345\": give pence as two digits at most, like 1,250.50",
        ),
        (
            "1-1,Barnet,nursing,council,£0.00,2026-11-23,",
            "\"weekly_price\" is 0: a placement has a price",
        ),
        (
            "1-1,Barnet,nursing,council,20000.01,2026-11-23,",
            "\"weekly_price\" is £20,000.01, more than £20,000 a week",
        ),
        (
            "1-1,Barnet,nursing,council,64480,2026-11-23,",
            "\"weekly_price\" is £64,480, more than £20,000 a week",
        ),
        (
            "1-1,Barnet,nursing,council,1240,,",
            "\"start_date\" is empty",
        ),
        (
            "1-1,Barnet,nursing,council,1240,11/23/2026,",
            "\"start_date\" is \"11/23/2026\", not a date such as 2026-11-23 or 23/11/2026",
        ),
        (
            "1-1,Barnet,nursing,council,1240,2026-02-30,",
            "\"start_date\" is \"2026-02-30\", not a date such as 2026-11-23 or 23/11/2026",
        ),
        (
            "1-1,Barnet,nursing,council,1240,2026-11-23,ongoing",
            "\"end_date\" is \"ongoing\", not a date such as 2026-11-23 or 23/11/2026",
        ),
        (
            "1-1,Barnet,nursing,council,1240,2026-11-23,22/11/2026",
            "\"end_date\" 22 Nov 2026 is before \"start_date\" 23 Nov 2026",
        ),
    ];
    for (tail, reason) in cases {
        let import = parse(&[&format!("P-7,{tail}")]);
        let want = RejectedRow {
            line: 2,
            placement_id: Some("P-7".into()),
            reason: reason.into(),
        };
        assert_eq!(import.rejected, [want], "{tail}");
        assert_eq!(import.placements, [], "{tail}");
    }
    let no_id = parse(&[" ,1-1,Barnet,nursing,council,1240,2026-11-23,"]);
    let want = RejectedRow {
        line: 2,
        placement_id: None,
        reason: "\"placement_id\" is empty".into(),
    };
    assert_eq!(no_id.rejected, [want]);
}

#[test]
fn lines_are_physical_good_rows_still_import_and_a_repeated_id_names_the_first_line() {
    let import = parse(&[
        "P-1,1-1,Barnet,nursing,council,1240,2026-11-23,",
        "\"P-2\n(split)\",1-1,Barnet,nursing,council,1240,2026-11-23,",
        "",
        "P-3,1-1,Barnet,nursing,council,lots,2026-11-23,",
        "P-1,1-2,Camden,nursing,council,1300,2026-11-23,",
        "P-3,1-2,Camden,nursing,council,1300,2026-11-23,",
        "P-4,1-2,Camden,nursing,council,1300,2026-11-23,",
    ]);
    let got: Vec<(usize, &str)> = import
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    let want = [
        (6, "\"weekly_price\" is \"lots\": 'l' cannot be part of an amount: use digits, commas and one decimal point"),
        (7, "\"placement_id\" P-1 already appeared on line 2"),
        (8, "\"placement_id\" P-3 already appeared on line 6"),
    ];
    assert_eq!(got, want);
    let ids: Vec<&str> = import.placements.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, ["P-1", "P-2\n(split)", "P-4"]);
    assert_eq!(import.lines, [2, 3, 9], "the line each placement starts on");
    assert_eq!(import.placements[0].home_id, "1-1", "the first P-1 is kept");
}

#[test]
fn columns_are_found_in_any_order_and_case_and_extra_ones_ignored() {
    let text = "\u{feff}Notes,END_DATE,Weekly_Price,funder,category,Placing_Borough,Home_ID,\
                Start_Date,Placement_ID\r\n\
                \"Moved, twice\",,1240,council,nursing,Barnet,1-1,2026-11-23,P\r\n";
    let import = parse_ledger(text, &BOROUGHS, is_home).expect("a ledger");
    assert_eq!(import.rejected, []);
    assert_eq!(import.placements, [placement("P", ymd(2026, 11, 23), None)]);
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_whole() {
    let missing = parse_ledger(
        "placement_id,home,placing_borough,category,weekly_price,start_date,end_date\n",
        &BOROUGHS,
        is_home,
    )
    .expect_err("columns missing");
    assert_eq!(
        missing,
        LedgerError::MissingColumns(vec!["home_id".into(), "funder".into()])
    );
    assert_eq!(
        missing.to_string(),
        "The header row lacks the columns \"home_id\", \"funder\": a placements ledger names \
         placement_id, home_id, placing_borough, category, funder, weekly_price, start_date, \
         end_date."
    );
    let one = LedgerError::MissingColumns(vec!["end_date".into()]).to_string();
    assert!(
        one.starts_with("The header row lacks the column \"end_date\":"),
        "{one}"
    );
    for empty in ["", "\u{feff}", "\n\n"] {
        assert_eq!(
            parse_ledger(empty, &BOROUGHS, is_home),
            Err(LedgerError::Empty)
        );
    }
    let unclosed = format!("{HEADER}\nP-1,\"1-1,Barnet\n");
    let e = parse_ledger(&unclosed, &BOROUGHS, is_home).expect_err("unclosed quote");
    assert_eq!(
        e,
        LedgerError::Malformed(CsvError::UnclosedQuote { line: 2 })
    );
    assert_eq!(e.to_string(), "Line 2: a quoted field is never closed.");
}

#[test]
fn a_column_named_twice_refuses_the_file_naming_it() {
    let text = format!(
        "{HEADER},Funder,Notes,NOTES\nP-1,1-1,Barnet,nursing,council,1240,2026-11-23,,nhs_chc,,\n"
    );
    let e = parse_ledger(&text, &BOROUGHS, is_home).expect_err("two funder columns");
    assert_eq!(e, LedgerError::RepeatedColumns(vec!["funder".into()]));
    assert_eq!(
        e.to_string(),
        "The header row names \"funder\" more than once: keep one column of each name, so it \
         is clear which to read."
    );
}

#[test]
fn text_after_a_closing_quote_refuses_the_file_at_its_line() {
    let text = format!(
        "{HEADER}\nP-1,1-1,Barnet,nursing,council,1240,2026-11-23,\n\
         P-2,1-1,Barnet,nursing,council,\"1,240\".50,2026-11-23,\n"
    );
    let e = parse_ledger(&text, &BOROUGHS, is_home).expect_err("malformed");
    assert_eq!(
        e,
        LedgerError::Malformed(CsvError::TextAfterQuote { line: 3 })
    );
}

#[test]
fn a_row_of_one_empty_field_is_rejected_and_blank_lines_skipped() {
    let text = format!(
        "{HEADER}\r\n\r\nP-1,1-1,Barnet,nursing,council,1240,2026-11-23,\r\n \r\n\"\"\r\
         P-2,1-1,Barnet,nursing,council,1240,2026-11-23,\r"
    );
    let import = parse_ledger(&text, &BOROUGHS, is_home).expect("a ledger");
    let got: Vec<_> = import
        .rejected
        .iter()
        .map(|r| (r.line, r.reason.as_str()))
        .collect();
    assert_eq!(got, [(5, "the row has 1 fields but the header has 8")]);
    assert_eq!(import.lines, [3, 6]);
}

#[test]
fn a_placement_is_active_from_its_first_to_its_last_day() {
    let ended = placement("P", ymd(2026, 3, 1), Some(ymd(2026, 3, 31)));
    let ongoing = placement("P", ymd(2026, 3, 1), None);
    let cases = [
        (ymd(2026, 2, 28), false, false),
        (ymd(2026, 3, 1), true, true),
        (ymd(2026, 3, 31), true, true),
        (ymd(2026, 4, 1), false, true),
        (ymd(2030, 1, 1), false, true),
    ];
    for (date, ended_active, ongoing_active) in cases {
        assert_eq!(ended.active_on(date), ended_active, "{date}");
        assert_eq!(ongoing.active_on(date), ongoing_active, "{date}");
    }
}

#[test]
fn the_ledger_csv_writes_codes_keys_and_plain_amounts() {
    let placements = [
        placement("P, 1", ymd(2026, 1, 5), Some(ymd(2026, 3, 31))),
        Placement {
            category: ResidentialDementia,
            funder: Funder::SelfFunderTopUp,
            weekly_price: Pence(100_005),
            ..placement("P2", ymd(2026, 11, 23), None)
        },
    ];
    assert_eq!(
        to_ledger_csv(&placements),
        format!(
            "{HEADER}\r\n\
             \"P, 1\",1-1,E09000003,nursing,council,1240.00,2026-01-05,2026-03-31\r\n\
             P2,1-1,E09000003,residential_dementia,self_funder_top_up,1000.05,2026-11-23,\r\n"
        )
    );
}

#[test]
fn a_placement_reads_and_writes_as_json() {
    let p = placement("P", ymd(2026, 11, 23), Some(ymd(2027, 1, 4)));
    let json = serde_json::to_string(&p).expect("serialises");
    assert_eq!(
        json,
        r#"{"id":"P","home_id":"1-1","placing_borough":"E09000003","category":"nursing","funder":"council","weekly_price":124000,"start_date":"2026-11-23","end_date":"2027-01-04"}"#
    );
    assert_eq!(serde_json::from_str::<Placement>(&json).expect("reads"), p);
    let funders: Vec<String> = Funder::ALL
        .iter()
        .map(|f| serde_json::to_string(f).expect("serialises"))
        .collect();
    let keys: Vec<String> = Funder::ALL
        .iter()
        .map(|f| format!("\"{}\"", f.key()))
        .collect();
    assert_eq!(funders, keys);
}

fn arbitrary_placement() -> impl Strategy<Value = Placement> {
    (
        // IDs may start with a formula character or an apostrophe, which the export guards.
        "[-+=@'A-Za-z0-9][-+=@'A-Za-z0-9 ,\"/\n]{0,12}[A-Za-z0-9]",
        "1-[0-9]{1,6}",
        proptest::sample::select(BOROUGHS.map(|(_, code)| code).to_vec()),
        proptest::sample::select(BedCategory::ALL.to_vec()),
        proptest::sample::select(Funder::ALL.to_vec()),
        1u32..=MAX_WEEKLY_PRICE.0,
        0i64..20_000,
        proptest::option::of(0i64..3_000),
    )
        .prop_map(
            |(id, home_id, borough, category, funder, price, start, length)| {
                let start_date = ymd(2000, 1, 1) + chrono::Duration::days(start);
                Placement {
                    id,
                    home_id,
                    placing_borough: borough.to_string(),
                    category,
                    funder,
                    weekly_price: Pence(price),
                    start_date,
                    end_date: length.map(|days| start_date + chrono::Duration::days(days)),
                }
            },
        )
}

proptest! {
    #[test]
    fn printing_then_parsing_gives_the_same_placements(
        placements in proptest::collection::vec(arbitrary_placement(), 0..20)
    ) {
        let mut unique = Vec::new();
        for p in placements {
            if !unique.iter().any(|u: &Placement| u.id == p.id) {
                unique.push(p);
            }
        }
        let import = parse_ledger(&to_ledger_csv(&unique), &BOROUGHS, is_home);
        let import = import.map(|i| (i.placements, i.rejected));
        prop_assert_eq!(import, Ok((unique, vec![])));
    }
}

proptest! {
    // Broken quoting refuses the whole file (tested above); here every row is read or refused.
    #[test]
    fn any_rows_are_read_or_refused_by_line_without_panicking(
        rows in proptest::collection::vec("[A-Za-z0-9£,./ \\-]{0,60}", 0..8),
        prices in proptest::collection::vec("[£0-9,.\\-]{0,30}", 0..4),
        dates in proptest::collection::vec("[0-9/\\-]{0,12}", 0..4),
    ) {
        let mut text = COLUMNS.join(",");
        for row in &rows {
            text.push('\n');
            text.push_str(row);
        }
        for (i, (price, date)) in prices.iter().zip(&dates).enumerate() {
            text.push_str(&format!("\nP{i},1-1,Barnet,nursing,council,\"{price}\",{date},"));
        }
        let import = parse_ledger(&text, &BOROUGHS, is_home).expect("the header is complete");
        prop_assert_eq!(
            import.placements.len() + import.rejected.len(),
            rows.iter().filter(|r| !r.trim().is_empty()).count() + prices.len().min(dates.len())
        );
    }
}
