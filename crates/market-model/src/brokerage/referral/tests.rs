use super::*;
use crate::brokerage::bed_search::{Need, Sex, Stay};
use crate::register::home::CareType;

const BARNET: &str = "E09000003";
const ENFIELD: &str = "E09000010";

fn d(text: &str) -> NaiveDate {
    text.parse().expect("a date")
}

fn week(text: &str) -> Week {
    text.parse().expect("a Monday")
}

/// A referral from Barnet with `need`, ready on `ready`, closed as `status` on `closed`.
fn referral(id: i64, need: &str, ready: &str, status: Status, closed: Option<&str>) -> Referral {
    Referral {
        id,
        reference: format!("REF-{id}"),
        hospital: "barnet-hospital".into(),
        placing: BARNET.into(),
        need: need.into(),
        ready_on: d(ready),
        ceiling: Pence::from_pounds(1_400),
        broker: "Broker".into(),
        status,
        closed_on: closed.map(d),
        home: None,
        reason: None,
    }
}

const DEMENTIA_NURSING: &str = "dementia=1&stay=permanent";

/// The case worked by hand below: today is Monday 23 Nov 2026.
fn worked_case() -> Vec<Referral> {
    use Status::*;
    let mut step_down = referral(5, "", "2026-11-19", Open, None);
    step_down.placing = ENFIELD.into();
    vec![
        referral(
            1,
            DEMENTIA_NURSING,
            "2026-11-02",
            Placed,
            Some("2026-11-12"),
        ),
        referral(
            2,
            DEMENTIA_NURSING,
            "2026-11-05",
            Placed,
            Some("2026-11-20"),
        ),
        referral(
            3,
            DEMENTIA_NURSING,
            "2026-11-10",
            Placed,
            Some("2026-11-10"),
        ),
        referral(
            4,
            "type=residential&stay=permanent",
            "2026-10-28",
            Placed,
            Some("2026-10-30"),
        ),
        step_down,
        referral(6, DEMENTIA_NURSING, "2026-11-16", Open, None),
        referral(
            7,
            "stay=permanent",
            "2026-11-18",
            Withdrawn,
            Some("2026-11-20"),
        ),
        // Opened before the person is ready: open, but not yet waiting.
        referral(8, DEMENTIA_NURSING, "2026-11-25", Open, None),
    ]
}

#[test]
fn a_wait_runs_from_ready_to_closed_or_today() {
    let today = d("2026-11-23");
    let case = worked_case();
    let waited: Vec<i64> = case.iter().map(|r| r.days_waiting(today)).collect();
    // Placed the day it was ready: 0. Still open: to today. Not yet ready: 0.
    assert_eq!(waited, [10, 15, 0, 2, 4, 7, 2, 0]);
}

#[test]
fn delayed_bed_days_fall_in_the_weeks_they_were_waited() {
    // Sunday to Monday is one day, in the week before the Monday.
    let days = delayed_bed_days([(d("2026-11-22"), d("2026-11-23"))]);
    assert_eq!(days, BTreeMap::from([(week("2026-11-16"), 1)]));
    // Three weeks touched: Thursday 5 Nov to Friday 20 Nov.
    let days = delayed_bed_days([(d("2026-11-05"), d("2026-11-20"))]);
    let expected = [("2026-11-02", 4), ("2026-11-09", 7), ("2026-11-16", 4)];
    assert_eq!(
        days,
        expected
            .iter()
            .map(|&(w, n)| (week(w), n))
            .collect::<BTreeMap<_, _>>()
    );
    // Nothing for an empty or backwards span.
    assert!(delayed_bed_days([(d("2026-11-10"), d("2026-11-10"))]).is_empty());
    assert!(delayed_bed_days([(d("2026-11-25"), d("2026-11-23"))]).is_empty());
}

#[test]
fn the_commissioners_figures_match_the_case_worked_by_hand() {
    let today = d("2026-11-23");
    let weeks: Vec<Week> = [
        "2026-10-26",
        "2026-11-02",
        "2026-11-09",
        "2026-11-16",
        "2026-11-23",
    ]
    .map(week)
    .to_vec();
    let matching = BTreeMap::from([(5, 3), (6, 0)]);
    let vacant = BTreeMap::from([
        (BedCategory::StepDown, 3),
        (BedCategory::NursingDementia, 1),
    ]);
    let figures = referral_figures(
        &worked_case(),
        today,
        &weeks,
        &Supply {
            matching: &matching,
            vacant: &vacant,
        },
    );
    assert_eq!(figures.today, today);

    // Open: referrals 6 and 8 (dementia nursing, Barnet; 6 has waited 7 days), 5 (step-down,
    // Enfield, 4 days). Categories in display order.
    let open: Vec<(BedCategory, &str, usize, i64)> = figures
        .open
        .iter()
        .map(|o| (o.need, o.borough.as_str(), o.open, o.longest_days))
        .collect();
    assert_eq!(
        open,
        [
            (BedCategory::NursingDementia, BARNET, 2, 7),
            (BedCategory::StepDown, ENFIELD, 1, 4),
        ]
    );

    // Placed: residential in October (2 days); dementia nursing in November, 10, 15 and 0 days:
    // sorted 0, 10, 15, the median 10 and the 90th percentile 10 + 0.8 × (15 − 10) = 14.
    let waits: Vec<(BedCategory, &str, usize, f64, f64)> = figures
        .waits
        .iter()
        .map(|w| {
            (
                w.need,
                w.month.as_str(),
                w.placed,
                w.median_days,
                w.p90_days,
            )
        })
        .collect();
    assert_eq!(
        waits,
        [
            (BedCategory::Residential, "2026-10", 1, 2.0, 2.0),
            (BedCategory::NursingDementia, "2026-11", 3, 10.0, 14.0),
        ]
    );

    // Barnet: 4 waited 28-29 Oct; 1 waited 2-11 Nov (7 + 3); 2 waited 5-19 Nov (4 + 7 + 4);
    // 6 waited 16-22 Nov (7); 7 waited 18-19 Nov (2). Enfield: 5 waited 19-22 Nov (4).
    let delays: Vec<(String, &str, i64)> = figures
        .delays
        .iter()
        .map(|w| (w.week.to_string(), w.borough.as_str(), w.days))
        .collect();
    let expected: Vec<(String, &str, i64)> = [
        ("2026-10-26", BARNET, 2),
        ("2026-11-02", BARNET, 11),
        ("2026-11-09", BARNET, 10),
        ("2026-11-16", BARNET, 13),
        ("2026-11-23", BARNET, 0),
        ("2026-10-26", ENFIELD, 0),
        ("2026-11-02", ENFIELD, 0),
        ("2026-11-09", ENFIELD, 0),
        ("2026-11-16", ENFIELD, 4),
        ("2026-11-23", ENFIELD, 0),
    ]
    .iter()
    .map(|&(w, b, n)| (w.to_string(), b, n))
    .collect();
    assert_eq!(delays, expected);

    // Waiting today: 5 (a bed matches) and 6 (none does); 8 is not ready yet.
    let demand: Vec<(BedCategory, usize, usize, u32)> = figures
        .demand
        .iter()
        .map(|x| (x.need, x.waiting, x.with_a_bed, x.vacant_beds))
        .collect();
    assert_eq!(
        demand,
        [
            (BedCategory::Residential, 0, 0, 0),
            (BedCategory::ResidentialDementia, 0, 0, 0),
            (BedCategory::Nursing, 0, 0, 0),
            (BedCategory::NursingDementia, 1, 0, 1),
            (BedCategory::StepDown, 1, 1, 3),
        ]
    );
}

#[test]
fn a_referral_searches_for_its_need_from_its_hospital_within_its_ceiling() {
    let mut r = referral(
        1,
        "type=residential&dementia=1&stay=respite&nwb=1&kg=140&sex=female&from=elsewhere&max=9&sort=price",
        "2026-11-02",
        Status::Open,
        None,
    );
    r.ceiling = Pence::from_pounds(1_250);
    let s = r.search();
    assert_eq!(s.care_type, CareType::Residential);
    assert!(s.dementia);
    assert_eq!(s.stay, Stay::Respite);
    assert_eq!(s.needs, [Need::NonWeightBearing]);
    assert_eq!((s.bariatric_kg, s.sex), (Some(140), Some(Sex::Female)));
    assert_eq!(s.from.as_deref(), Some("barnet-hospital"));
    assert_eq!(s.placing.as_deref(), Some(BARNET));
    assert_eq!(s.max_fee, Some(Pence::from_pounds(1_250)));
    assert_eq!(r.category(), BedCategory::ResidentialDementia);
    // What a referral keeps of a search: the person's need alone, which reads back the same.
    let need = need_of(&s);
    assert_eq!(
        need,
        "dementia=1&kg=140&nwb=1&sex=female&stay=respite&type=residential"
    );
    r.need = need;
    assert_eq!(r.search(), s);
    assert_eq!(
        r.need_label(),
        "Residential dementia, respite; non-weight-bearing, 140 kg, female"
    );
    r.need = "".into();
    assert_eq!(r.need_label(), "Nursing, step-down / discharge to assess");
}

#[test]
fn statuses_and_reasons_read_back_from_their_keys() {
    for s in [
        Status::Open,
        Status::Placed,
        Status::OtherPathway,
        Status::Withdrawn,
    ] {
        assert_eq!(Status::from_key(s.key()), Some(s));
    }
    for p in Pathway::ALL {
        assert_eq!(Pathway::from_key(p.key()), Some(p));
    }
    assert_eq!(Status::from_key("lost"), None);
}
