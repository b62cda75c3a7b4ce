//! One small market, worked by hand. Homes: H1 and H2 in Barnet, H3 in Camden, H4 in Enfield,
//! H5 in Barnet (never returned). Active on 23 Nov 2026 (all nursing unless said):
//!
//! | id | home | placed by | funder | £ |
//! |---|---|---|---|---|
//! | A1 | H1 | Barnet | council | 1,000 |
//! | A2 | H1 | Barnet | council | 1,200 |
//! | A3 | H2 | Barnet | council | 1,400 |
//! | A4 | H2 | Barnet | NHS CHC | 2,000 |
//! | A5 | H1 | Camden | council | 1,300 |
//! | A6 | H3 | Camden | council | 1,500 |
//! | A7 | H3 | Camden | council, residential | 1,100 |
//! | A8 | H4 | Enfield | joint | 1,600 |
//! | A9 | H1 | Enfield | council | 1,100 |
//! | A10 | H3 | Islington | council | 1,550 |
//!
//! X1 (starts 1 Dec) and X2 (ended 22 Nov), both £9,000 in H1, are not active.

use super::*;
use crate::register::home::test_home;
use crate::returns::capacity_return::{Admissions, BedCounts, CapacityReturn, Fees};
use crate::returns::home_status::Freshness;
use BedCategory::*;
use Funder::*;

const BARNET: &str = "E09000003";
const CAMDEN: &str = "E09000007";
const ENFIELD: &str = "E09000010";
const HARINGEY: &str = "E09000014";
const ISLINGTON: &str = "E09000019";
const FIVE: [&str; 5] = [BARNET, CAMDEN, ENFIELD, HARINGEY, ISLINGTON];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn day() -> NaiveDate {
    ymd(2026, 11, 23)
}

fn placements() -> Vec<Placement> {
    let p = |id: &str, home: &str, borough: &str, category, funder, pounds| Placement {
        id: id.into(),
        home_id: home.into(),
        placing_borough: borough.into(),
        category,
        funder,
        weekly_price: Pence::from_pounds(pounds),
        start_date: ymd(2026, 1, 5),
        end_date: None,
    };
    vec![
        p("A1", "H1", BARNET, Nursing, Council, 1_000),
        p("A2", "H1", BARNET, Nursing, Council, 1_200),
        p("A3", "H2", BARNET, Nursing, Council, 1_400),
        p("A4", "H2", BARNET, Nursing, NhsChc, 2_000),
        p("A5", "H1", CAMDEN, Nursing, Council, 1_300),
        p("A6", "H3", CAMDEN, Nursing, Council, 1_500),
        p("A7", "H3", CAMDEN, Residential, Council, 1_100),
        p("A8", "H4", ENFIELD, Nursing, Joint, 1_600),
        p("A9", "H1", ENFIELD, Nursing, Council, 1_100),
        p("A10", "H3", ISLINGTON, Nursing, Council, 1_550),
        Placement {
            start_date: ymd(2026, 12, 1),
            ..p("X1", "H1", BARNET, Nursing, Council, 9_000)
        },
        Placement {
            end_date: Some(ymd(2026, 11, 22)),
            ..p("X2", "H1", BARNET, Nursing, Council, 9_000)
        },
    ]
}

fn homes() -> Vec<CareHome> {
    [
        ("H1", BARNET),
        ("H2", BARNET),
        ("H3", CAMDEN),
        ("H4", ENFIELD),
        ("H5", BARNET),
    ]
    .map(|(id, borough)| CareHome {
        borough: borough.into(),
        ..test_home(id)
    })
    .to_vec()
}

/// Each home with its latest return among `returns`, all current.
fn statuses_of<'a>(homes: &'a [CareHome], returns: &'a [CapacityReturn]) -> Vec<HomeStatus<'a>> {
    homes
        .iter()
        .map(|home| HomeStatus {
            home,
            latest: returns.iter().find(|r| r.home == home.id),
            freshness: Freshness::Current,
        })
        .collect()
}

/// Latest returns: H1 nursing and residential, from £1,500; H2 nursing from £1,700; H3 nursing
/// and an empty residential unit, from £1,600; H4 nursing, no fees; H5 none.
fn returns() -> Vec<CapacityReturn> {
    let r = |home: &str, beds: &[(BedCategory, u32)], from: Option<u32>| CapacityReturn {
        home: home.into(),
        week: "2026-11-16".parse().expect("a Monday"),
        submitted_at: "2026-11-16T09:00:00Z".parse().expect("a time"),
        beds: beds
            .iter()
            .map(|&(c, capacity)| {
                let counts = BedCounts {
                    capacity,
                    occupied: capacity,
                    ..BedCounts::default()
                };
                (c, counts)
            })
            .collect(),
        admissions: Admissions::Open,
        fees: from.map(|pounds| Fees {
            council_rate_accepted: true,
            self_funder_from: Some(Pence::from_pounds(pounds)),
            self_funder_to: None,
        }),
        step_down_beds_offered: 0,
        needs: Default::default(),
        vacant_beds_for: Default::default(),
        contact: None,
        capacity_note: None,
    };
    vec![
        r("H1", &[(Nursing, 20), (Residential, 10)], Some(1_500)),
        r("H2", &[(Nursing, 30)], Some(1_700)),
        r("H3", &[(Nursing, 20), (Residential, 0)], Some(1_600)),
        r("H4", &[(Nursing, 40)], None),
    ]
}

#[test]
fn spreads_cover_each_category_borough_and_funder_with_footprint_and_all_funder_rows() {
    let got: Vec<_> = price_spreads(&placements(), day())
        .into_iter()
        .map(|s| {
            let q = s.quartiles;
            (
                s.category,
                s.placing_borough,
                s.funder,
                q.count,
                s.min.expect("the lowest, in full").0 / 100,
                [q.lower, q.median, q.upper],
                s.max.expect("the highest, in full").0 / 100,
            )
        })
        .collect();
    let row = |category, borough: Option<&str>, funder, count, min, q, max| {
        (
            category,
            borough.map(String::from),
            funder,
            count,
            min,
            q,
            max,
        )
    };
    let want = vec![
        row(Residential, None, None, 1, 1_100, [1_100.0; 3], 1_100),
        row(
            Residential,
            None,
            Some(Council),
            1,
            1_100,
            [1_100.0; 3],
            1_100,
        ),
        row(
            Residential,
            Some(CAMDEN),
            None,
            1,
            1_100,
            [1_100.0; 3],
            1_100,
        ),
        row(
            Residential,
            Some(CAMDEN),
            Some(Council),
            1,
            1_100,
            [1_100.0; 3],
            1_100,
        ),
        // 1000 1100 1200 1300 1400 1500 1550 1600 2000: positions 2, 4 and 6.
        row(
            Nursing,
            None,
            None,
            9,
            1_000,
            [1_200.0, 1_400.0, 1_550.0],
            2_000,
        ),
        // 1000 1100 1200 1300 1400 1500 1550: positions 1.5, 3 and 4.5.
        row(
            Nursing,
            None,
            Some(Council),
            7,
            1_000,
            [1_150.0, 1_300.0, 1_450.0],
            1_550,
        ),
        row(Nursing, None, Some(NhsChc), 1, 2_000, [2_000.0; 3], 2_000),
        row(Nursing, None, Some(Joint), 1, 1_600, [1_600.0; 3], 1_600),
        // 1000 1200 1400 2000: positions 0.75, 1.5 and 2.25.
        row(
            Nursing,
            Some(BARNET),
            None,
            4,
            1_000,
            [1_150.0, 1_300.0, 1_550.0],
            2_000,
        ),
        row(
            Nursing,
            Some(BARNET),
            Some(Council),
            3,
            1_000,
            [1_100.0, 1_200.0, 1_300.0],
            1_400,
        ),
        row(
            Nursing,
            Some(BARNET),
            Some(NhsChc),
            1,
            2_000,
            [2_000.0; 3],
            2_000,
        ),
        // 1300 1500: positions 0.25, 0.5 and 0.75.
        row(
            Nursing,
            Some(CAMDEN),
            None,
            2,
            1_300,
            [1_350.0, 1_400.0, 1_450.0],
            1_500,
        ),
        row(
            Nursing,
            Some(CAMDEN),
            Some(Council),
            2,
            1_300,
            [1_350.0, 1_400.0, 1_450.0],
            1_500,
        ),
        // 1100 1600.
        row(
            Nursing,
            Some(ENFIELD),
            None,
            2,
            1_100,
            [1_225.0, 1_350.0, 1_475.0],
            1_600,
        ),
        row(
            Nursing,
            Some(ENFIELD),
            Some(Council),
            1,
            1_100,
            [1_100.0; 3],
            1_100,
        ),
        row(
            Nursing,
            Some(ENFIELD),
            Some(Joint),
            1,
            1_600,
            [1_600.0; 3],
            1_600,
        ),
        row(
            Nursing,
            Some(ISLINGTON),
            None,
            1,
            1_550,
            [1_550.0; 3],
            1_550,
        ),
        row(
            Nursing,
            Some(ISLINGTON),
            Some(Council),
            1,
            1_550,
            [1_550.0; 3],
            1_550,
        ),
    ];
    assert_eq!(got, want);
    assert_eq!(price_spreads(&placements(), ymd(2025, 1, 1)), []);
}

#[test]
fn boroughs_are_compared_with_the_footprint_and_their_usual_rates() {
    let got: Vec<_> = borough_comparisons(&placements(), day(), None, &UsualRates::default())
        .into_iter()
        .map(|c| {
            let d = |d: Option<Difference>| d.map(|d| (d.pounds, d.share));
            (
                c.category,
                c.placing_borough,
                c.count,
                c.median,
                c.footprint_median,
                d(c.vs_footprint),
                c.usual_rate.map(|r| r.0 / 100),
                d(c.vs_usual_rate),
            )
        })
        .collect();
    let row = |category, borough: &str, count, median: f64, footprint: f64, rate: f64| {
        (
            category,
            borough.to_string(),
            count,
            median,
            footprint,
            Some((median - footprint, (median - footprint) / footprint)),
            Some(rate as u32),
            Some((median - rate, (median - rate) / rate)),
        )
    };
    let want = vec![
        row(Residential, CAMDEN, 1, 1_100.0, 1_100.0, 1_090.0),
        row(Nursing, BARNET, 4, 1_300.0, 1_400.0, 1_240.0),
        row(Nursing, CAMDEN, 2, 1_400.0, 1_400.0, 1_280.0),
        row(Nursing, ENFIELD, 2, 1_350.0, 1_400.0, 1_200.0),
        row(Nursing, ISLINGTON, 1, 1_550.0, 1_400.0, 1_290.0),
    ];
    assert_eq!(got, want);
    // Spot checks of the arithmetic the rows above spell out.
    assert_eq!(want[1].5, Some((-100.0, -100.0 / 1_400.0)));
    assert_eq!(want[2].7, Some((120.0, 0.09375)));
    assert_eq!(want[3].7, Some((150.0, 0.125)));
}

#[test]
fn comparisons_take_one_funder_and_a_changed_rate() {
    let mut rates = UsualRates::default();
    rates.set(BARNET, Nursing, Pence::from_pounds(1_200));
    let council = borough_comparisons(&placements(), day(), Some(Council), &rates);
    let barnet = council
        .iter()
        .find(|c| c.placing_borough == BARNET && c.category == Nursing)
        .expect("Barnet places nursing beds");
    // Barnet's council placements 1000 1200 1400; the footprint's median of council placements
    // is 1300.
    assert_eq!(
        (barnet.count, barnet.median, barnet.footprint_median),
        (3, 1_200.0, 1_300.0)
    );
    assert_eq!(barnet.usual_rate, Some(Pence::from_pounds(1_200)));
    let at_rate = Difference {
        pounds: 0.0,
        share: 0.0,
    };
    assert_eq!(barnet.vs_usual_rate, Some(at_rate));
    let joint = borough_comparisons(&placements(), day(), Some(Joint), &rates);
    let only: Vec<_> = joint
        .iter()
        .map(|c| (c.placing_borough.as_str(), c.median))
        .collect();
    assert_eq!(only, [(ENFIELD, 1_600.0)]);
    let mut no_rate = UsualRates::default();
    no_rate.set(ENFIELD, Nursing, Pence(0));
    let enfield = borough_comparisons(&placements(), day(), Some(Joint), &no_rate);
    assert_eq!(
        (enfield[0].usual_rate, enfield[0].vs_usual_rate),
        (Some(Pence(0)), None)
    );
}

#[test]
fn self_funder_fees_are_set_against_council_prices_in_the_same_homes() {
    let (homes, returns) = (homes(), returns());
    let statuses = statuses_of(&homes, &returns);
    let got: Vec<_> = self_funder_gaps(&statuses, &placements(), day())
        .into_iter()
        .map(|g| {
            (
                g.borough,
                g.category,
                (g.self_funder_homes, g.self_funder_median),
                (g.council_placements, g.council_median),
                g.gap.map(|d| (d.pounds, d.share)),
            )
        })
        .collect();
    let want = vec![
        // H1 only; no council residential placement in Barnet's homes.
        (
            BARNET.to_string(),
            Residential,
            (1, Some(1_500.0)),
            (0, None),
            None,
        ),
        // H1 1500 and H2 1700; council placements in H1 and H2 by any borough: A1 A2 A3 A5 A9
        // (1000 1200 1400 1300 1100), not A4 (NHS CHC).
        (
            BARNET.to_string(),
            Nursing,
            (2, Some(1_600.0)),
            (5, Some(1_200.0)),
            Some((400.0, 400.0 / 1_200.0)),
        ),
        // H3's residential unit is empty, so only the council side.
        (
            CAMDEN.to_string(),
            Residential,
            (0, None),
            (1, Some(1_100.0)),
            None,
        ),
        // H3 1600 against A6 and A10 (1500 1550).
        (
            CAMDEN.to_string(),
            Nursing,
            (1, Some(1_600.0)),
            (2, Some(1_525.0)),
            Some((75.0, 75.0 / 1_525.0)),
        ),
        // Enfield: H4 gives no fees and A8 is joint funding, so no row.
    ];
    assert_eq!(got, want);
}

#[test]
fn homes_used_by_several_boroughs_show_each_boroughs_median_widest_spread_first() {
    let got: Vec<_> = shared_homes(&placements(), day(), None)
        .into_iter()
        .map(|s| {
            let boroughs: Vec<_> = s
                .boroughs
                .iter()
                .map(|b| {
                    (
                        b.placing_borough.clone(),
                        b.count,
                        b.median.expect("in full"),
                    )
                })
                .collect();
            (s.home_id, s.category, boroughs, s.spread.expect("in full"))
        })
        .collect();
    let want = vec![
        (
            "H1".to_string(),
            Nursing,
            vec![
                (BARNET.to_string(), 2, 1_100.0),
                (CAMDEN.to_string(), 1, 1_300.0),
                (ENFIELD.to_string(), 1, 1_100.0),
            ],
            200.0,
        ),
        (
            "H3".to_string(),
            Nursing,
            vec![
                (CAMDEN.to_string(), 1, 1_500.0),
                (ISLINGTON.to_string(), 1, 1_550.0),
            ],
            50.0,
        ),
    ];
    assert_eq!(got, want);
    // Only NHS CHC: H2 has one borough, so nothing is shared.
    assert_eq!(shared_homes(&placements(), day(), Some(NhsChc)), []);
}

#[test]
fn flows_count_placements_from_each_borough_into_each_boroughs_homes() {
    let table = placement_flows(&placements(), &homes(), &FIVE, day());
    let want = FlowTable {
        boroughs: FIVE.map(String::from).to_vec(),
        counts: vec![
            vec![4, 0, 0, 0, 0],
            vec![1, 2, 0, 0, 0],
            vec![1, 0, 1, 0, 0],
            vec![0, 0, 0, 0, 0],
            vec![0, 1, 0, 0, 0],
        ],
        placed_by: vec![4, 3, 2, 0, 1],
        placed_in: vec![6, 3, 1, 0, 0],
        total: 10,
    };
    assert_eq!(table, want);
    assert_eq!(table.out_of_borough(), 3, "A5, A9 and A10");
    let unknown_home = Placement {
        home_id: "H9".into(),
        ..placements()[0].clone()
    };
    let empty = placement_flows(&[unknown_home], &homes(), &FIVE, day());
    assert_eq!((empty.total, empty.out_of_borough()), (0, 0));
}

#[test]
fn differences_need_a_positive_reference() {
    let cases = [
        (1_100.0, 1_000.0, Some((100.0, 0.1))),
        (900.0, 1_200.0, Some((-300.0, -0.25))),
        (5.0, 5.0, Some((0.0, 0.0))),
        (5.0, 0.0, None),
    ];
    for (value, reference, want) in cases {
        let got = Difference::between(value, reference).map(|d| (d.pounds, d.share));
        assert_eq!(got, want, "{value} against {reference}");
    }
}

#[test]
fn the_whole_analysis_is_each_table_for_the_same_day_and_funder() {
    let (homes, returns) = (homes(), returns());
    let statuses = statuses_of(&homes, &returns);
    let mut rates = UsualRates::default();
    rates.set(BARNET, Nursing, Pence::from_pounds(1_300));
    let all = analyse_prices(
        &placements(),
        &homes,
        &statuses,
        &FIVE,
        day(),
        Some(Council),
        &rates,
    );
    assert_eq!((all.on, all.funder), (day(), Some(Council)));
    assert_eq!(all.spreads, price_spreads(&placements(), day()));
    assert_eq!(
        all.comparisons,
        borough_comparisons(&placements(), day(), Some(Council), &rates)
    );
    assert_eq!(
        all.self_funder_gaps,
        self_funder_gaps(&statuses, &placements(), day())
    );
    assert_eq!(
        all.shared_homes,
        shared_homes(&placements(), day(), Some(Council))
    );
    assert_eq!(
        all.flows,
        placement_flows(&placements(), &homes, &FIVE, day())
    );
    // It goes to the app as JSON (shares may differ in the last bit: serde_json's float
    // parsing is not exact without its `float_roundtrip` feature).
    let json = serde_json::to_string(&all).expect("serialises");
    let back: PriceAnalysis = serde_json::from_str(&json).expect("reads back");
    assert_eq!((back.spreads, back.flows), (all.spreads, all.flows));
}

/// The market above plus Camden's council nursing placements in four more Camden homes (H6 to
/// H9, £1,400 to £1,550), so that some cells rest on five homes, seen by Barnet's commissioners.
/// Worked by hand: of the spreads, Barnet's three nursing rows stay whole; Camden's nursing rows
/// (homes H1, H3, H6 to H9) and the footprint's nursing rows for all funders and for councils
/// stay without lowest and highest; every other row rests on fewer than five homes and goes.
/// Comparisons: Barnet's and Camden's nursing. Council prices in Camden's homes (H3, H6 to H9)
/// stay; in Barnet's (H1, H2) they are withheld. Of the shared homes only H1 stays (Barnet
/// places there), with Camden's and Enfield's prices withheld.
#[test]
fn a_borough_sees_other_boroughs_prices_only_as_figures_over_five_homes() {
    let mut placements = placements();
    let mut homes = homes();
    for (i, pounds) in [(6, 1_400), (7, 1_450), (8, 1_500), (9, 1_550)] {
        let home = format!("H{i}");
        placements.push(Placement {
            id: format!("C{i}"),
            home_id: home.clone(),
            placing_borough: CAMDEN.into(),
            category: Nursing,
            funder: Council,
            weekly_price: Pence::from_pounds(pounds),
            start_date: ymd(2026, 1, 5),
            end_date: None,
        });
        homes.push(CareHome {
            borough: CAMDEN.into(),
            ..test_home(&home)
        });
    }
    let returns = returns();
    let statuses = statuses_of(&homes, &returns);
    let full = analyse_prices(
        &placements,
        &homes,
        &statuses,
        &FIVE,
        day(),
        None,
        &UsualRates::default(),
    );
    let seen = full.clone().within_remit(BARNET, &placements, &homes);

    let spreads: Vec<_> = seen
        .spreads
        .iter()
        .map(|s| {
            (
                s.category,
                s.placing_borough.as_deref(),
                s.funder,
                s.min.is_some(),
                s.max.is_some(),
            )
        })
        .collect();
    assert_eq!(
        spreads,
        [
            (Nursing, None, None, false, false),
            (Nursing, None, Some(Council), false, false),
            (Nursing, Some(BARNET), None, true, true),
            (Nursing, Some(BARNET), Some(Council), true, true),
            (Nursing, Some(BARNET), Some(NhsChc), true, true),
            (Nursing, Some(CAMDEN), None, false, false),
            (Nursing, Some(CAMDEN), Some(Council), false, false),
        ]
    );
    // What stays is the full analysis's figure, less the extremes.
    for s in &seen.spreads {
        let whole = full
            .spreads
            .iter()
            .find(|f| {
                (f.category, &f.placing_borough, f.funder)
                    == (s.category, &s.placing_borough, s.funder)
            })
            .expect("in the full analysis");
        assert_eq!(s.quartiles, whole.quartiles);
    }
    let compared: Vec<_> = seen
        .comparisons
        .iter()
        .map(|c| (c.category, c.placing_borough.as_str()))
        .collect();
    assert_eq!(compared, [(Nursing, BARNET), (Nursing, CAMDEN)]);
    let council: Vec<_> = seen
        .self_funder_gaps
        .iter()
        .map(|g| (g.borough.as_str(), g.category, g.council_median))
        .collect();
    assert_eq!(
        council,
        [
            (BARNET, Residential, None),
            (BARNET, Nursing, None),
            (CAMDEN, Residential, None),
            // H3 £1,500 and £1,550 (Islington's), H6 to H9: the median of six prices.
            (CAMDEN, Nursing, Some(1_500.0)),
        ]
    );
    let shared: Vec<_> = seen
        .shared_homes
        .iter()
        .map(|s| {
            let each: Vec<_> = s
                .boroughs
                .iter()
                .map(|b| (b.placing_borough.as_str(), b.count, b.median))
                .collect();
            (s.home_id.as_str(), each, s.spread)
        })
        .collect();
    assert_eq!(
        shared,
        [(
            "H1",
            vec![
                (BARNET, 2, Some(1_100.0)),
                (CAMDEN, 1, None),
                (ENFIELD, 1, None)
            ],
            None
        )]
    );
    // The flows count placements and give no price: they stay as they are.
    assert_eq!(seen.flows, full.flows);
}
