//! The real sample of CQC's active locations register (999 rows of all England, from
//! `../shared/data/cqc`): the care homes in the five boroughs, counted independently beforehand.

use market_model::cqc::parse_register;
use market_model::home::{CareType, CqcRating, Specialism};

const FOOTPRINT: [(&str, &str); 5] = [
    ("Barnet", "E09000003"),
    ("Camden", "E09000007"),
    ("Enfield", "E09000010"),
    ("Haringey", "E09000014"),
    ("Islington", "E09000019"),
];

#[test]
fn the_real_sample_yields_the_footprints_care_homes() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/data/cqc/active_locations_sample.csv"
    );
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{path}: {e} (the shared data is needed)"));
    let import = parse_register(&text, &FOOTPRINT).expect("the register reads");
    assert_eq!(import.rows_read, 999);
    // Counted with Python's csv module: 504 rows are other services, 487 care homes elsewhere.
    assert_eq!(
        (import.not_care_homes, import.outside_footprint),
        (504, 487)
    );
    assert_eq!(
        import.rejected,
        vec![],
        "every care home in the footprint is usable"
    );
    assert_eq!(import.locations.len(), 8);
    let abbey = import
        .locations
        .iter()
        .find(|l| l.location_id == "1-127846026")
        .expect("Abbey Ravenscroft Park");
    assert_eq!(abbey.name, "Abbey Ravenscroft Park Nursing Home");
    assert_eq!(
        (
            abbey.borough.as_str(),
            abbey.care_type,
            abbey.registered_beds
        ),
        ("E09000003", CareType::Nursing, 78)
    );
    assert_eq!(abbey.rating, Some(CqcRating::RequiresImprovement));
    assert_eq!(
        abbey.rating_date,
        chrono::NaiveDate::from_ymd_opt(2010, 11, 22)
    );
    assert!(abbey.specialisms.contains(&Specialism::Dementia));
    assert_eq!(abbey.location, None, "this extract has no coordinates");
    let unrated = import
        .locations
        .iter()
        .find(|l| l.location_id == "1-12046894748")
        .expect("8 Wellington Avenue");
    assert_eq!(unrated.rating, None);
}
