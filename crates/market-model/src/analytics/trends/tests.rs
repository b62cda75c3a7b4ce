use super::*;
use crate::register::footprint::{test_footprint, test_population};
use crate::register::home::test_home;
use crate::returns::capacity_return::Admissions;

fn week(s: &str) -> Week {
    s.parse().expect("a Monday")
}

fn footprint() -> Footprint {
    test_footprint(vec![
        ("N", test_population(0, 0, 0)),
        ("S", test_population(0, 0, 0)),
    ])
}

fn home(id: &str, borough: &str) -> CareHome {
    CareHome {
        borough: borough.into(),
        ..test_home(id)
    }
}

/// A return with one category's [capacity, occupied, reserved, accepting].
fn ret(home: &str, w: &str, at: &str, category: BedCategory, beds: [u32; 4]) -> CapacityReturn {
    let [capacity, occupied, vacant_reserved, vacant_accepting] = beds;
    CapacityReturn {
        home: home.into(),
        week: week(w),
        submitted_at: at.parse().expect("time"),
        beds: [(
            category,
            BedCounts {
                capacity,
                occupied,
                vacant_reserved,
                vacant_accepting,
            },
        )]
        .into_iter()
        .collect(),
        admissions: Admissions::Open,
        fees: None,
        step_down_beds_offered: 0,
        needs: Default::default(),
        vacant_beds_for: Default::default(),
        contact: None,
        capacity_note: None,
    }
}

fn trends() -> Trends {
    use BedCategory::{Nursing, Residential};
    let mut d = home("d", "S");
    d.deregistered_on = chrono::NaiveDate::from_ymd_opt(2026, 11, 10);
    let homes = [
        home("a", "N"),
        home("b", "N"),
        home("c", "S"),
        d,
        home("x", "X"),
    ];
    let returns = [
        ret(
            "a",
            "2026-11-02",
            "2026-11-02T09:00:00Z",
            Nursing,
            [10, 9, 0, 1],
        ),
        ret(
            "b",
            "2026-11-02",
            "2026-11-02T09:00:00Z",
            Residential,
            [20, 18, 1, 1],
        ),
        ret(
            "c",
            "2026-11-02",
            "2026-11-02T09:00:00Z",
            Nursing,
            [30, 30, 0, 0],
        ),
        ret(
            "d",
            "2026-11-02",
            "2026-11-02T09:00:00Z",
            Residential,
            [10, 5, 0, 5],
        ),
        // Nobody returned for 9 Nov. On 16 Nov "a" amends its return, "b" is missing, "d" has
        // left the register and "x" is outside the footprint.
        ret(
            "a",
            "2026-11-16",
            "2026-11-16T09:00:00Z",
            Nursing,
            [10, 5, 0, 5],
        ),
        ret(
            "a",
            "2026-11-16",
            "2026-11-17T09:00:00Z",
            Nursing,
            [10, 8, 1, 1],
        ),
        ret(
            "c",
            "2026-11-16",
            "2026-11-16T09:00:00Z",
            Nursing,
            [30, 27, 0, 3],
        ),
        ret(
            "x",
            "2026-11-23",
            "2026-11-23T09:00:00Z",
            Nursing,
            [99, 0, 0, 99],
        ),
        ret(
            "zzz",
            "2026-10-05",
            "2026-10-05T09:00:00Z",
            Nursing,
            [99, 0, 0, 99],
        ),
    ];
    weekly_trends(&footprint(), &homes, &returns)
}

#[test]
fn weeks_run_without_gaps_from_the_first_return_to_the_last() {
    let t = trends();
    assert_eq!(
        t.weeks,
        [week("2026-11-02"), week("2026-11-09"), week("2026-11-16")],
        "returns from unknown homes or homes outside do not stretch the weeks"
    );
    assert!(t.boroughs.iter().chain([&t.total]).all(|a| a
        .weeks
        .iter()
        .map(|w| w.week)
        .eq(t.weeks.iter().copied())));
    let none = weekly_trends(&footprint(), &[home("a", "N")], &[]);
    assert!(none.weeks.is_empty() && none.total.weeks.is_empty());
}

#[test]
fn coverage_counts_homes_on_the_register_when_the_week_began() {
    let t = trends();
    let expected_returned = |a: &AreaTrend| -> Vec<(u32, u32)> {
        a.weeks.iter().map(|w| (w.expected, w.returned)).collect()
    };
    // "d" left on Tuesday 10 Nov: still expected for 9 Nov, not for 16 Nov.
    assert_eq!(expected_returned(&t.boroughs[0]), [(2, 2), (2, 0), (2, 1)]);
    assert_eq!(expected_returned(&t.boroughs[1]), [(2, 2), (2, 0), (1, 1)]);
    assert_eq!(expected_returned(&t.total), [(4, 4), (4, 0), (3, 2)]);
    let flags: Vec<bool> = t.total.weeks.iter().map(|w| w.is_low_coverage()).collect();
    assert_eq!(flags, [false, true, true], "2 of 3 is below 80%");
    assert_eq!(t.boroughs[1].weeks[2].coverage(), Some(1.0));
    assert!(!t.boroughs[1].weeks[2].is_low_coverage());
}

#[test]
fn the_low_coverage_flag_has_its_threshold() {
    for (expected, returned, low) in [
        (5, 4, false), // exactly 80%
        (4, 3, true),  // 75%
        (10, 10, false),
        (10, 0, true),
        (0, 0, true), // nobody expected: nothing to read
    ] {
        let w = WeekFigures {
            expected,
            returned,
            ..WeekFigures::new(week("2026-11-16"))
        };
        assert_eq!(w.is_low_coverage(), low, "{returned} of {expected}");
    }
}

#[test]
fn beds_and_occupancy_by_category_and_in_all() {
    use BedCategory::{Nursing, Residential};
    let t = trends();
    let first = &t.total.weeks[0];
    assert_eq!(
        first.counts(Some(Nursing)),
        BedCounts {
            capacity: 40,
            occupied: 39,
            vacant_reserved: 0,
            vacant_accepting: 1
        }
    );
    assert_eq!(first.counts(Some(Residential)).vacant(), 7); // (1 + 1) + (0 + 5)
    assert_eq!(first.counts(None).capacity, 70);
    assert_eq!(first.occupancy_rate(None), Some(62.0 / 70.0));
    assert_eq!(
        t.boroughs[0].weeks[0].occupancy_rate(Some(Residential)),
        Some(0.9)
    );

    let gap = &t.total.weeks[1];
    assert_eq!(gap.counts(None), BedCounts::default());
    assert_eq!(gap.occupancy_rate(None), None);

    // The amendment (8 occupied) replaces the first return (5).
    let last = &t.total.weeks[2];
    assert_eq!(last.counts(Some(Nursing)).occupied, 35);
    assert_eq!(last.counts(Some(Nursing)).vacant(), 5);
    assert_eq!(last.occupancy_rate(Some(Nursing)), Some(0.875));
    assert_eq!(t.boroughs[0].weeks[2].occupancy_rate(None), Some(0.8));
    assert_eq!(last.occupancy_rate(Some(BedCategory::StepDown)), None);
}

#[test]
fn categories_index_in_display_order() {
    assert_eq!(BedCategory::ALL.map(|c| c as usize), [0, 1, 2, 3, 4]);
}
