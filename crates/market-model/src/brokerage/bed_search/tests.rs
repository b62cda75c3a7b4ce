use super::*;
use crate::primitives::week::Week;
use crate::register::home::Specialism;
use crate::returns::capacity_return::{BedCounts, Fees, Needs};
use chrono::TimeZone;

const NORTH_MID: Point = Point {
    lon: -0.0735,
    lat: 51.6134,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap()
}

fn home(id: &str, km_east: f64, dementia: bool) -> CareHome {
    CareHome {
        id: id.to_string(),
        name: format!("Home {id}"),
        provider: "Provider".to_string(),
        address: "1 Street".to_string(),
        postcode: "N18 1AA".to_string(),
        borough: "E09000010".to_string(),
        // One km east is 1 / (111.2 × cos 51.6°) degrees of longitude.
        location: Point {
            lon: NORTH_MID.lon + km_east / (111.195 * 51.6134f64.to_radians().cos()),
            lat: NORTH_MID.lat,
        },
        registered_beds: 40,
        care_type: CareType::Nursing,
        specialisms: if dementia {
            vec![Specialism::Dementia]
        } else {
            vec![]
        },
        rating: Some(CqcRating::Good),
        rating_date: None,
        cqc_location_id: None,
        location_approximate: false,
        deregistered_on: None,
    }
}

/// A return with `vacant` step-down beds accepting, submitted `days_ago`, £`fee` a week.
fn ret(id: &str, vacant: u32, days_ago: i64, fee: u32) -> CapacityReturn {
    let beds = [(
        BedCategory::StepDown,
        BedCounts {
            capacity: 6,
            occupied: 6 - vacant,
            vacant_reserved: 0,
            vacant_accepting: vacant,
        },
    )];
    CapacityReturn {
        home: id.to_string(),
        week: Week::containing(now().date_naive() - chrono::Duration::days(days_ago)),
        submitted_at: now() - chrono::Duration::days(days_ago),
        beds: beds.into_iter().collect(),
        admissions: Admissions::Open,
        fees: Some(Fees {
            council_rate_accepted: false,
            self_funder_from: Some(Pence::from_pounds(fee)),
            self_funder_to: None,
        }),
        step_down_beds_offered: vacant,
        needs: Needs {
            non_weight_bearing: true,
            bariatric_max_kg: Some(180),
            hoist_two_carers: true,
            rehabilitation: true,
            challenging_behaviour: false,
        },
        vacant_beds_for: BedsFor::Anyone,
        contact: None,
        capacity_note: None,
    }
}

fn ids(cs: &[Candidate]) -> Vec<String> {
    cs.iter().map(|c| c.home.id.clone()).collect()
}

fn run(homes: &[CareHome], returns: &[CapacityReturn], s: &Search) -> (Vec<String>, Vec<String>) {
    let held = Held::new();
    let r = SearchMarket::new(homes, returns, &held).search(s, Some(NORTH_MID), None, now());
    (ids(&r.matches), ids(&r.near_misses))
}

fn near(s: Search) -> Search {
    Search {
        near_misses: true,
        ..s
    }
}

#[test]
fn distance_agrees_with_the_great_circle() {
    let haversine = |a: Point, b: Point| {
        let (p1, p2) = (a.lat.to_radians(), b.lat.to_radians());
        let dp = p2 - p1;
        let dl = (b.lon - a.lon).to_radians();
        let h = (dp / 2.0).sin().powi(2) + p1.cos() * p2.cos() * (dl / 2.0).sin().powi(2);
        2.0 * 6_371.0 * h.sqrt().asin()
    };
    let chase_farm = Point {
        lon: -0.1055,
        lat: 51.6679,
    };
    let ucl = Point {
        lon: -0.1357,
        lat: 51.5246,
    };
    for (a, b) in [(NORTH_MID, chase_farm), (chase_farm, ucl), (NORTH_MID, ucl)] {
        let (ours, exact) = (distance_km(a, b), haversine(a, b));
        assert!((ours - exact).abs() / exact < 0.001, "{ours} vs {exact}");
    }
    assert_eq!(distance_km(NORTH_MID, NORTH_MID), 0.0);
    assert!((distance_km(NORTH_MID, home("x", 3.0, false).location) - 3.0).abs() < 0.01);
}

#[test]
fn ranking_is_distance_then_freshness_then_price_then_name() {
    let homes = [
        home("far", 5.0, false),
        home("near-old", 1.0, false),
        home("near-new-dear", 1.0, false),
        home("near-new-cheap", 1.0, false),
    ];
    let returns = [
        ret("far", 1, 0, 900),
        ret("near-old", 1, 3, 900),
        ret("near-new-dear", 1, 1, 1_200),
        ret("near-new-cheap", 1, 1, 1_100),
    ];
    let (m, _) = run(&homes, &returns, &Search::default());
    assert_eq!(m, ["near-new-cheap", "near-new-dear", "near-old", "far"]);
    let by_price = Search {
        order: Order::Price,
        ..Search::default()
    };
    assert_eq!(
        run(&homes, &returns, &by_price).0,
        // £900 twice: the nearer first.
        ["near-old", "far", "near-new-cheap", "near-new-dear"]
    );
    let by_fresh = Search {
        order: Order::Freshness,
        ..Search::default()
    };
    assert_eq!(
        run(&homes, &returns, &by_fresh).0,
        ["far", "near-new-cheap", "near-new-dear", "near-old"]
    );
}

#[test]
fn every_need_is_checked_and_a_single_miss_is_a_near_miss_with_its_reason() {
    let homes = [home("a", 1.0, false)];
    for need in Need::ALL {
        let mut r = ret("a", 1, 0, 1_000);
        r.needs = Needs::default();
        let s = near(Search {
            needs: vec![need],
            ..Search::default()
        });
        let held = Held::new();
        let res = SearchMarket::new(&homes, [&r], &held).search(&s, None, None, now());
        assert!(res.matches.is_empty(), "{need:?}");
        assert_eq!(res.near_misses[0].misses, [Miss::Need(need)]);
        // The same home with the need offered matches.
        let mut r2 = r.clone();
        match need {
            Need::NonWeightBearing => r2.needs.non_weight_bearing = true,
            Need::HoistTwoCarers => r2.needs.hoist_two_carers = true,
            Need::Rehabilitation => r2.needs.rehabilitation = true,
            Need::ChallengingBehaviour => r2.needs.challenging_behaviour = true,
        }
        let res = SearchMarket::new(&homes, [&r2], &held).search(&s, None, None, now());
        assert_eq!(ids(&res.matches), ["a"], "{need:?}");
    }
    // Two misses: neither a match nor a near miss.
    let mut r = ret("a", 0, 0, 1_000);
    r.needs = Needs::default();
    let s = near(Search {
        needs: vec![Need::Rehabilitation],
        ..Search::default()
    });
    assert_eq!(run(&homes, &[r], &s), (vec![], vec![]));
}

#[test]
fn bariatric_weight_is_checked_at_the_limit() {
    let homes = [home("a", 1.0, false)];
    let returns = [ret("a", 1, 0, 1_000)]; // limit 180 kg
    let with_kg = |kg| {
        near(Search {
            bariatric_kg: Some(kg),
            ..Search::default()
        })
    };
    assert_eq!(run(&homes, &returns, &with_kg(180)).0, ["a"]);
    assert_eq!(run(&homes, &returns, &with_kg(181)).1, ["a"]);
    let mut none = returns[0].clone();
    none.needs.bariatric_max_kg = None;
    let held = Held::new();
    let res = SearchMarket::new(&homes, [&none], &held).search(&with_kg(120), None, None, now());
    assert_eq!(res.near_misses[0].misses, [Miss::Weight { limit: None }]);
    assert_eq!(
        Miss::Weight { limit: Some(180) }.to_string(),
        "bariatric care only up to 180 kg"
    );
}

#[test]
fn beds_for_one_sex_exclude_the_other_only() {
    let homes = [
        home("w", 1.0, false),
        home("m", 2.0, false),
        home("any", 3.0, false),
    ];
    let mut w = ret("w", 1, 0, 1_000);
    w.vacant_beds_for = BedsFor::WomenOnly;
    let mut m = ret("m", 1, 0, 1_000);
    m.vacant_beds_for = BedsFor::MenOnly;
    let returns = [w, m, ret("any", 1, 0, 1_000)];
    let of = |sex| Search {
        sex,
        ..Search::default()
    };
    assert_eq!(
        run(&homes, &returns, &of(Some(Sex::Female))).0,
        ["w", "any"]
    );
    assert_eq!(run(&homes, &returns, &of(Some(Sex::Male))).0, ["m", "any"]);
    assert_eq!(run(&homes, &returns, &of(None)).0, ["w", "m", "any"]);
}

#[test]
fn price_ceiling_rating_and_freshness_give_negotiable_reasons() {
    let mut unrated = home("unrated", 3.0, false);
    unrated.rating = None;
    let mut poor = home("poor", 4.0, false);
    poor.rating = Some(CqcRating::RequiresImprovement);
    let homes = [
        home("dear", 1.0, false),
        home("old", 2.0, false),
        unrated,
        poor,
    ];
    let returns = [
        ret("dear", 1, 0, 1_385),
        ret("old", 1, 9, 1_000),
        ret("unrated", 1, 0, 1_000),
        ret("poor", 1, 0, 1_000),
    ];
    let s = near(Search {
        max_fee: Some(Pence::from_pounds(1_300)),
        min_rating: Some(CqcRating::Good),
        max_age_days: Some(7),
        ..Search::default()
    });
    let held = Held::new();
    let res = SearchMarket::new(&homes, &returns, &held).search(&s, Some(NORTH_MID), None, now());
    assert!(res.matches.is_empty());
    let reasons: Vec<String> = res
        .near_misses
        .iter()
        .map(|c| c.misses[0].to_string())
        .collect();
    assert_eq!(
        reasons,
        [
            "over the price ceiling by £85",
            "vacancy last confirmed 9 days ago",
            "not yet rated",
            "rated Requires improvement",
        ]
    );
    // Exactly at the ceiling, exactly seven days old and exactly the minimum rating all pass.
    let s = Search {
        max_fee: Some(Pence::from_pounds(1_385)),
        max_age_days: Some(9),
        min_rating: Some(CqcRating::Good),
        ..Search::default()
    };
    assert_eq!(run(&homes, &returns, &s).0, ["dear", "old"]);
}

#[test]
fn the_usual_rate_is_the_default_ceiling_and_the_price_of_homes_accepting_it() {
    let homes = [home("council", 1.0, false), home("private", 2.0, false)];
    let mut council = ret("council", 1, 0, 1_600);
    council.fees.as_mut().unwrap().council_rate_accepted = true;
    let returns = [council, ret("private", 1, 0, 1_400)];
    let held = Held::new();
    let market = SearchMarket::new(&homes, &returns, &held);
    let rate = Some(Pence::from_pounds(1_290));
    let res = market.search(&near(Search::default()), None, rate, now());
    assert_eq!(ids(&res.matches), ["council"]);
    assert_eq!(
        res.matches[0].price,
        Some(Price {
            amount: Pence::from_pounds(1_290),
            council_rate: true
        })
    );
    assert_eq!(
        res.near_misses[0].misses,
        [Miss::OverCeiling(Pence::from_pounds(110))]
    );
    // A ceiling the broker sets wins over the usual rate.
    let s = Search {
        max_fee: Some(Pence::from_pounds(1_400)),
        ..Search::default()
    };
    assert_eq!(
        ids(&market.search(&s, None, rate, now()).matches),
        ["council", "private"]
    );
}

#[test]
fn held_beds_are_not_available_and_closed_homes_say_why() {
    let homes = [home("a", 1.0, false), home("b", 2.0, false)];
    let mut closed = ret("b", 2, 0, 1_000);
    closed.admissions = Admissions::Closed {
        reason: ClosureReason::InfectionOutbreak,
        detail: None,
    };
    let returns = [ret("a", 1, 0, 1_000), closed];
    let mut held = Held::new();
    held.insert(("a".to_string(), BedCategory::StepDown), 1);
    let res = SearchMarket::new(&homes, &returns, &held).search(
        &near(Search::default()),
        None,
        None,
        now(),
    );
    assert!(res.matches.is_empty());
    assert_eq!(res.near_misses[0].misses, [Miss::NoVacancy { held: 1 }]);
    assert_eq!(res.near_misses[0].available, 0);
    assert_eq!(
        res.near_misses[1].misses[0].to_string(),
        "closed to admissions (Infection outbreak)"
    );
}

#[test]
fn care_type_dementia_category_and_registration_are_not_negotiable() {
    let mut residential = home("res", 1.0, false);
    residential.care_type = CareType::Residential;
    let mut gone = home("gone", 1.0, true);
    gone.deregistered_on = chrono::NaiveDate::from_ymd_opt(2026, 10, 1);
    let homes = [
        residential,
        gone,
        home("plain", 1.0, false),
        home("dem", 1.0, true),
    ];
    let returns: Vec<_> = ["res", "gone", "plain", "dem"]
        .iter()
        .map(|id| ret(id, 1, 0, 1_000))
        .collect();
    let s = near(Search {
        dementia: true,
        ..Search::default()
    });
    assert_eq!(run(&homes, &returns, &s), (vec!["dem".to_string()], vec![]));
    // A respite stay needs a nursing dementia bed, which none of these reports.
    let respite = Search {
        stay: Stay::Respite,
        ..s
    };
    assert_eq!(respite.category(), BedCategory::NursingDementia);
    assert_eq!(run(&homes, &returns, &respite), (vec![], vec![]));
}

#[test]
fn the_latest_return_counts() {
    let homes = [home("a", 1.0, false)];
    let returns = [ret("a", 0, 0, 1_000), ret("a", 3, 8, 1_000)];
    let held = Held::new();
    let market = SearchMarket::new(&homes, &returns, &held);
    let res = market.search(&near(Search::default()), None, None, now());
    assert_eq!(res.near_misses[0].misses, [Miss::NoVacancy { held: 0 }]);
}

#[test]
fn confirmation_badges() {
    assert_eq!(Confirmed::of(0), Confirmed::Today);
    assert_eq!(Confirmed::of(1), Confirmed::ThisWeek);
    assert_eq!(Confirmed::of(7), Confirmed::ThisWeek);
    assert_eq!(Confirmed::of(8), Confirmed::Stale);
}

#[test]
fn origins_are_hospitals_or_postcode_districts() {
    let footprint: Footprint =
        serde_json::from_str(include_str!("../../../../../public/data/footprint.json")).unwrap();
    let key = hospital_key("North Middlesex University Hospital");
    assert_eq!(key, "north-middlesex-university-hospital");
    assert_eq!(origin(&key, &footprint, &[]), Some(NORTH_MID));
    let homes = [home("a", 2.0, false), home("b", 4.0, false)];
    // N18: the hospital and both homes; their mean is 2 km east of the hospital.
    let p = origin("n18", &footprint, &homes).unwrap();
    assert!((distance_km(NORTH_MID, p) - 2.0).abs() < 0.01);
    assert_eq!(origin("ZZ9", &footprint, &homes), None);
}

#[test]
fn searches_round_trip_through_the_url() {
    let s = Search {
        care_type: CareType::Residential,
        dementia: true,
        stay: Stay::Permanent,
        needs: vec![Need::NonWeightBearing, Need::ChallengingBehaviour],
        bariatric_kg: Some(150),
        sex: Some(Sex::Female),
        from: Some("the-whittington-hospital".to_string()),
        placing: Some("E09000019".to_string()),
        max_fee: Some(Pence::from_pounds(1_250)),
        min_rating: Some(CqcRating::Good),
        max_age_days: Some(3),
        order: Order::Price,
        near_misses: true,
    };
    let q = s.to_query();
    assert_eq!(
        Search::from_query(q.iter().map(|(k, v)| (*k, v.as_str()))),
        s
    );
    assert!(Search::default().to_query().is_empty());
    let nonsense = Search::from_query([("type", "x"), ("kg", "-3"), ("max", "lots"), ("zz", "1")]);
    assert_eq!(nonsense, Search::default());
}

#[test]
fn beds_available_in_a_category_leave_out_held_closed_and_unregistered_homes() {
    let homes = vec![
        home("A", 1.0, false),
        home("B", 2.0, false),
        home("C", 3.0, false),
    ];
    // A: 3 vacant, 1 of them held; B: closed to admissions with 2 vacant; C: 1 vacant, then a
    // later return with 2; D: not in the register.
    let mut closed = ret("B", 2, 1, 900);
    closed.admissions = Admissions::Closed {
        reason: ClosureReason::InfectionOutbreak,
        detail: None,
    };
    let returns = [
        ret("A", 3, 1, 900),
        closed,
        ret("C", 1, 8, 900),
        ret("C", 2, 1, 900),
        ret("D", 5, 1, 900),
    ];
    let held: Held = [(("A".to_string(), BedCategory::StepDown), 1)].into();
    let market = SearchMarket::new(&homes, &returns, &held);
    assert_eq!(market.available(BedCategory::StepDown), 2 + 2);
    assert_eq!(market.available(BedCategory::Nursing), 0);
}
