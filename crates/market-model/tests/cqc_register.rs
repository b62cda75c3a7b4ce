//! CQC's active locations register through the public API: the real sample (999 rows of all
//! England, from `../shared/data/cqc`), whose facts were counted beforehand with Python's csv
//! module, and a messy file built here.

use chrono::{Datelike, NaiveDate};
use market_model::register::cqc::{parse_register, RegisterError, RejectedRow};
use market_model::register::home::{
    CareType::{self, Nursing, Residential},
    CqcRating::{self, *},
    Specialism::{self, *},
};

const FOOTPRINT: [(&str, &str); 5] = [
    ("Barnet", "E09000003"),
    ("Camden", "E09000007"),
    ("Enfield", "E09000010"),
    ("Haringey", "E09000014"),
    ("Islington", "E09000019"),
];

/// ID, name, borough, type, beds, rating, rating date (y, m, d), specialisms.
type Home<'a> = (
    &'a str,
    &'a str,
    &'a str,
    CareType,
    u32,
    Option<CqcRating>,
    (i32, u32, u32),
    &'a [Specialism],
);

#[test]
fn the_real_sample_yields_the_footprints_eight_care_homes() {
    // Where cargo says the package is when it runs the test, not where it was compiled.
    let package = std::env::var("CARGO_MANIFEST_DIR").expect("run by cargo");
    let path = format!("{package}/../../../shared/data/cqc/active_locations_sample.csv");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (this test needs the shared CQC sample)"));
    let import = parse_register(&text, &FOOTPRINT).expect("the register reads");
    assert_eq!(import.rows_read, 999);
    // 504 rows are other services (10 of them in the footprint); 487 care homes are elsewhere.
    assert_eq!(
        (import.not_care_homes, import.outside_footprint),
        (504, 487)
    );
    assert_eq!(
        import.rejected,
        vec![],
        "every care home in the footprint is usable"
    );
    #[rustfmt::skip]
    let expected: [Home; 8] = [
        ("1-1435221697", "1 Sheringham Avenue", "E09000010", Residential, 5, Some(Outstanding), (2014, 6, 3), &[LearningDisability]),
        ("1-12455699665", "148 Hornsey Lane", "E09000019", Residential, 12, Some(Good), (2022, 2, 3), &[MentalHealth]),
        ("1-1274182724", "35/37 Solna Road", "E09000010", Residential, 11, Some(Good), (2014, 3, 7), &[MentalHealth, LearningDisability, PhysicalDisability, SensoryImpairment]),
        ("1-246078383", "37 Coleraine Road", "E09000014", Residential, 4, Some(Good), (2011, 5, 13), &[MentalHealth, LearningDisability]),
        ("1-12046894748", "8 Wellington Avenue", "E09000010", Nursing, 2, None, (2021, 12, 2), &[MentalHealth, LearningDisability]),
        ("1-3581897636", "Abbey Healthcare- Aarandale Manor", "E09000003", Nursing, 65, Some(Good), (2017, 3, 9), &[Dementia, PhysicalDisability, SensoryImpairment]),
        ("1-127846026", "Abbey Ravenscroft Park Nursing Home", "E09000003", Nursing, 78, Some(RequiresImprovement), (2010, 11, 22), &[Dementia]),
        ("1-3927757857", "Acacia Lodge", "E09000003", Residential, 32, Some(RequiresImprovement), (2017, 6, 12), &[Dementia, MentalHealth, PhysicalDisability, SensoryImpairment]),
    ];
    let got: Vec<Home> = import
        .locations
        .iter()
        .map(|l| {
            let d = l.rating_date.expect("every one has a publication date");
            let date = (d.year(), d.month(), d.day());
            let (id, name) = (l.location_id.as_str(), l.name.as_str());
            (
                id,
                name,
                l.borough.as_str(),
                l.care_type,
                l.registered_beds,
                l.rating,
                date,
                &l.specialisms[..],
            )
        })
        .collect();
    assert_eq!(got, expected);

    let abbey = import
        .locations
        .iter()
        .find(|l| l.location_id == "1-127846026")
        .expect("Abbey Ravenscroft Park");
    assert_eq!(abbey.provider, "Abbey Ravenscroft Park Limited");
    assert_eq!(abbey.phone.as_deref(), Some("02084495222"));
    assert_eq!(abbey.rating_date, NaiveDate::from_ymd_opt(2010, 11, 22));
    assert_eq!(
        (&abbey.postcode, &abbey.address, abbey.location),
        (&None, &None, None),
        "this extract has no postcode, address or coordinates"
    );
}

#[test]
fn a_messy_file_is_read_by_column_name_and_its_bad_rows_reported() {
    let csv = "\u{feff}\"Care homes beds\",\"Extra\",\"Location ID\",\" location name \",\"Location Local Authority\",\"Service Types\",\"Provider Name\",\"Location Latest Overall Rating\"\r\n\
               \"30\",x,1-1,\"Elm House, North\",Enfield,Care home service with nursing,\"The \"\"Elm\"\" Group\",good\r\n\
               \"31\",x,1-1,Copy,Enfield,Care home service with nursing,P,\r\n\
               twelve,x,1-2,Words,Haringey,Care home service without nursing,P,\r\n\
               9,x,1-3,\"Oak\r\nLodge\",Islington,Care home service without nursing,P,Inadequate\r\n\
               nine,x,1-4,Far,Leeds,Care home service without nursing,P,Superb\r\n\
               9,x,1-5,Short,Camden,Care home service with nursing\r\n\
               \r\n";
    let import = parse_register(csv, &FOOTPRINT).expect("readable");
    let reject = |line, id: &str, reason: &str| RejectedRow {
        line,
        location_id: Some(id.into()),
        reason: reason.into(),
    };
    assert_eq!(
        import.rejected,
        [
            reject(3, "1-1", "\"Location ID\" 1-1 already appeared on line 2"),
            reject(
                4,
                "1-2",
                "\"Care homes beds\" is \"twelve\", not a whole number"
            ),
            reject(8, "1-5", "the row has 6 fields but the header has 8"),
        ]
    );
    let homes: Vec<(&str, &str, &str, u32, Option<CqcRating>)> = import
        .locations
        .iter()
        .map(|l| {
            (
                l.location_id.as_str(),
                l.name.as_str(),
                l.provider.as_str(),
                l.registered_beds,
                l.rating,
            )
        })
        .collect();
    assert_eq!(
        homes,
        [
            (
                "1-1",
                "Elm House, North",
                "The \"Elm\" Group",
                30,
                Some(Good)
            ),
            ("1-3", "Oak\r\nLodge", "P", 9, Some(Inadequate)),
        ]
    );
    assert_eq!(
        (
            import.rows_read,
            import.not_care_homes,
            import.outside_footprint
        ),
        (6, 0, 1)
    );
}

#[test]
fn unreadable_files_are_refused_with_where_and_what() {
    let header = "\"Location ID\",\"Location Name\",\"Location Local Authority\",\"Service Types\",\"Care homes beds\",\"Provider Name\"";
    let unclosed = format!(
        "{header}\r\n1-1,A,Barnet,Care home service with nursing,5,P\r\n1-2,\"B,Barnet,Care home service with nursing,5,P\r\n1-3,C,Barnet,x,1,P\r\n"
    );
    let e = parse_register(&unclosed, &FOOTPRINT).expect_err("unclosed quote");
    assert_eq!(
        e,
        RegisterError::Malformed {
            line: 3,
            reason: "a quoted field is never closed".into()
        }
    );
    assert_eq!(e.to_string(), "Line 3: a quoted field is never closed.");

    let e = parse_register("Name,\"Location ID\",Beds\n1-1,A,5\n", &FOOTPRINT)
        .expect_err("not the register");
    assert_eq!(
        e,
        RegisterError::MissingColumns(
            [
                "Location Name",
                "Location Local Authority",
                "Service Types",
                "Care homes beds",
                "Provider Name"
            ]
            .map(String::from)
            .to_vec()
        )
    );
    assert_eq!(parse_register("", &FOOTPRINT), Err(RegisterError::Empty));
}
