use super::*;
use crate::register::footprint::{test_footprint, test_population};
use crate::register::home::{test_home, CareType, Specialism};

fn footprint() -> Footprint {
    test_footprint(vec![
        ("N", test_population(20_000, 8_000, 2_000)),
        ("S", test_population(10_000, 5_000, 1_000)),
    ])
}

fn home(
    id: &str,
    borough: &str,
    care_type: CareType,
    beds: u32,
    dementia: bool,
    rating: Option<CqcRating>,
) -> CareHome {
    CareHome {
        borough: borough.into(),
        care_type,
        registered_beds: beds,
        specialisms: if dementia {
            vec![Specialism::Dementia]
        } else {
            vec![]
        },
        rating,
        ..test_home(id)
    }
}

fn homes() -> Vec<CareHome> {
    use CareType::{Nursing, Residential};
    use CqcRating::*;
    vec![
        home("a", "N", Nursing, 60, true, Some(Good)),
        home("b", "N", Residential, 19, false, Some(Outstanding)),
        home("c", "N", Residential, 20, true, None),
        home("d", "S", Nursing, 59, false, Some(RequiresImprovement)),
        home("e", "S", Residential, 41, false, Some(Inadequate)),
        home("outside", "X", Nursing, 100, false, Some(Good)),
    ]
}

#[test]
fn size_bands_have_their_boundaries() {
    for (beds, band) in [
        (0, SizeBand::Under20),
        (1, SizeBand::Under20),
        (19, SizeBand::Under20),
        (20, SizeBand::From20To39),
        (39, SizeBand::From20To39),
        (40, SizeBand::From40To59),
        (59, SizeBand::From40To59),
        (60, SizeBand::From60),
        (500, SizeBand::From60),
    ] {
        assert_eq!(SizeBand::of(beds), band, "{beds} beds");
    }
    assert_eq!(SizeBand::ALL.map(|b| b as usize), [0, 1, 2, 3]);
}

#[test]
fn a_borough_counts_its_homes_beds_sizes_and_ratings() {
    let s = summarise_supply(&footprint(), &homes());
    let north = &s.boroughs[0];
    assert_eq!(
        (north.homes.nursing, north.homes.residential),
        (1, 2),
        "homes by care type"
    );
    assert_eq!((north.beds.nursing, north.beds.residential), (60, 39));
    // Residential 19 (b), residential dementia 20 (c), nursing 0, nursing dementia 60 (a).
    assert_eq!(north.beds_by_category, [19, 20, 0, 60]);
    assert_eq!(north.beds_in(BedCategory::NursingDementia), 60);
    assert_eq!(north.beds_in(BedCategory::StepDown), 0);
    assert_eq!(north.homes_by_size, [1, 1, 0, 1]);
    assert_eq!(north.homes_of_size(SizeBand::From60), 1);
    assert_eq!(
        north.ratings,
        RatingMix {
            outstanding: 1,
            good: 1,
            not_rated: 1,
            ..Default::default()
        }
    );
    let south = &s.boroughs[1];
    assert_eq!(south.beds_by_category, [41, 0, 59, 0]);
    assert_eq!(south.homes_by_size, [0, 0, 2, 0]);
}

#[test]
fn beds_per_thousand_use_each_age_group() {
    let s = summarise_supply(&footprint(), &homes());
    let per = |a: &AreaSupply| AgeGroup::ALL.map(|g| a.beds_per_1000(g));
    // North: 99 beds per 20,000 / 8,000 / 2,000 people.
    assert_eq!(per(&s.boroughs[0]), [Some(4.95), Some(12.375), Some(49.5)]);
    // South: 100 beds per 10,000 / 5,000 / 1,000.
    assert_eq!(per(&s.boroughs[1]), [Some(10.0), Some(20.0), Some(100.0)]);
    assert_eq!(
        s.total
            .category_beds_per_1000(BedCategory::NursingDementia, AgeGroup::Aged85Plus),
        Some(20.0),
        "60 beds per 3,000 aged 85+"
    );
    let zero = AreaSupply::new("Z", None, test_population(0, 0, 0));
    assert_eq!(zero.beds_per_1000(AgeGroup::Aged65Plus), None);
}

#[test]
fn the_footprint_adds_up_the_boroughs_and_leaves_out_homes_outside() {
    let s = summarise_supply(&footprint(), &homes());
    let t = &s.total;
    assert_eq!(t.gss_code, None);
    assert_eq!((t.homes.total(), t.beds.total()), (5, 199));
    assert_eq!(t.beds_by_category, [60, 20, 59, 60]);
    assert_eq!(t.homes_by_size, [1, 1, 2, 1]);
    assert_eq!(t.ratings.rated(), 4);
    assert_eq!(t.ratings.count(None), 1);
    assert_eq!(t.ratings.count(Some(CqcRating::Inadequate)), 1);
    assert_eq!(
        (t.population.aged_65_plus, t.population.aged_85_plus),
        (30_000, 3_000)
    );
    assert_eq!(
        (t.population.year.as_str(), t.population.source.as_str()),
        ("mid-2021", "ONS"),
        "the year and source travel with the rates"
    );
    assert_eq!(AgeGroup::Aged75Plus.label(), "75+");
}
