//! Step-down block beds, end to end against the real data service: a Barnet commissioner
//! records a contract; the home's provider reports two of its three weeks from `/return` (a
//! report the contract cannot hold is refused on the page, naming why); the commissioners'
//! figures show the nights and the cost of the empty ones as the test works them out, and
//! "unknown" (no figures), not "empty", for the week left unreported.

mod support;

use browser_harness::{keep_screenshot, wcag_violations, with_browser};
use market_model::brokerage::block_beds::{BlockPurpose, NewBlockContract};
use market_model::primitives::money::Pence;
use support::{click, fill, sign_in, this_week, wait_for_text, Service};

const PHONE: (u32, u32) = (360, 780);
/// A Barnet home of the demo provider's.
const HOME: &str = "SAMPLE-0001";
const BEDS: u32 = 2;
const WEEKLY_PRICE: Pence = Pence(140_000);

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_reports_block_beds_and_the_commissioners_figures_follow() {
    let service = Service::start().await;
    let base = service.base.clone();
    let state = service.state().clone();
    let db = state.db.clone();
    let user = |name: &'static str| {
        let db = db.clone();
        async move {
            market_service::users::by_username(&db, name)
                .await
                .expect("db")
                .expect("a demo account")
        }
    };
    let commissioner = user("demo-barnet").await;
    let weeks = [-2, -1, 0].map(|n| this_week().plus_weeks(n));
    let contract = market_service::block_beds::create(
        &db,
        &state.footprint,
        &commissioner,
        NewBlockContract {
            home: HOME.into(),
            commissioner: None,
            purpose: BlockPurpose::NonWeightBearing,
            beds: BEDS,
            start: weeks[0].monday(),
            end: None,
            weekly_price: WEEKLY_PRICE,
        },
    )
    .await
    .expect("contract recorded");
    let nights = BEDS * 7;
    // (week, occupied nights) reported; the middle week is left unreported.
    let reports = [(weeks[0], 10u32), (weeks[2], nights)];
    let form = format!("[data-testid=block-week-{}]", contract.id);
    let field = move |name: &str| format!("#block-{}-{name}", contract.id);
    with_browser(PHONE, move |c| async move {
        sign_in(&c, &base, "demo-provider").await;
        for (week, occupied) in reports {
            c.goto(&format!("{base}/return?home={HOME}&week={week}"))
                .await
                .expect("return page");
            wait_for_text(
                &c,
                &form,
                &format!("{nights} bed nights paid for this week"),
            )
            .await;
            // More nights than the beds give: refused on the page, with the reason.
            fill(&c, &field("occupied"), &(nights + 1).to_string()).await;
            fill(&c, &field("admissions"), "1").await;
            fill(&c, &field("discharges"), "0").await;
            click(&c, &format!("{form} button[type=submit]")).await;
            wait_for_text(
                &c,
                &format!("{form} .field-error"),
                &format!("give {nights} bed nights that week"),
            )
            .await;
            fill(&c, &field("occupied"), &occupied.to_string()).await;
            click(&c, &format!("{form} button[type=submit]")).await;
            let said = format!(
                "Sent: {occupied} of {nights} bed nights used, {} empty.",
                nights - occupied
            );
            wait_for_text(&c, &form, &said).await;
        }
        keep_screenshot(&c, "return-phone-block-beds").await;
        let found = wcag_violations(&c).await;
        assert!(found.is_empty(), "block-bed report:\n{}", found.join("\n"));
    })
    .await;

    // What commissioners read: the two reported weeks as sent, the other unknown.
    let used = market_service::block_beds::utilisation(&db, &commissioner, weeks[2], 3)
        .await
        .expect("utilisation");
    let ours = used
        .iter()
        .find(|u| u.contract.id == contract.id)
        .expect("our contract");
    let per_night = f64::from(WEEKLY_PRICE.0) / 7.0;
    for (u, week) in ours.weeks.iter().zip(weeks) {
        assert_eq!(u.week, week);
        assert_eq!(u.commissioned_nights, nights);
        match reports.iter().find(|(w, _)| *w == week) {
            Some((_, occupied)) => {
                assert_eq!(u.occupied_nights, Some(*occupied));
                assert_eq!(u.empty_nights, Some(nights - occupied));
                let cost = (f64::from(nights - occupied) * per_night).round() as u32;
                assert_eq!(u.empty_cost, Some(Pence(cost)), "{week}");
            }
            None => {
                assert_eq!(u.occupied_nights, None, "unreported is unknown, not empty");
                assert_eq!(u.empty_nights, None);
                assert_eq!(u.empty_cost, None);
            }
        }
    }
}
