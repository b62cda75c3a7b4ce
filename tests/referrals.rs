//! Discharge referrals, end to end against the real data service (SQLite, the shipped sample): a
//! broker opens a referral from a search, holds a bed for it, the provider admits, and the
//! referral shows placed with the days it waited; the commissioner's figures move by what this
//! test works out itself. axe-core checks the pages at desktop and phone widths.

mod support;

use browser_harness::{keep_screenshot, wcag_violations, with_browser};
use fantoccini::Client;
use support::{
    cell, click, fill, hold_on_the_return_page, report_step_down_vacancy, sign_in, sign_out,
    table_cells, wait_for_text, Service, Story,
};

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (360, 780);

/// The person was ready on Friday 20 Nov 2026; "now" is Monday 23 Nov.
const READY: &str = "2026-11-20";
const REFERENCE: &str = "RF-NMUH-20";

/// The figures a commissioner reads on /referrals: placed in November in the story's need, and
/// the delayed bed days of the week of 16 Nov for the borough and in total.
async fn commissioners_figures(c: &Client, base: &str, borough: &str) -> (u64, u64, u64) {
    c.goto(&format!("{base}/referrals"))
        .await
        .expect("referrals");
    wait_for_text(c, "#referral-figures", "Delayed discharges").await;
    let waits = table_cells(c, "referral-waits-table").await;
    let placed = waits
        .iter()
        .find(|r| r[0] == "Short-stay / step-down" && r[1] == "2026-11")
        .map_or(0, |r| r[2].replace(',', "").parse().expect("a count"));
    let delays = table_cells(c, "referral-delays-table").await;
    let number = |text: String| text.replace(',', "").parse::<u64>().expect("a number");
    (
        placed,
        number(cell(&delays, "16 Nov 2026", borough)),
        number(cell(&delays, "16 Nov 2026", "Total")),
    )
}

fn axe_clean(found: Vec<String>, what: &str) {
    assert!(found.is_empty(), "{what}:\n{}", found.join("\n"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_referral_is_held_for_admitted_and_counted_in_the_commissioners_figures() {
    let service = Service::start().await;
    let base = service.base.clone();
    let story = report_step_down_vacancy(&service).await;
    let placing = story
        .search
        .split("placing=")
        .nth(1)
        .expect("the story's placing borough")
        .to_string();
    let borough = service
        .state()
        .footprint
        .borough(&placing)
        .expect("a footprint borough")
        .name
        .clone();
    with_browser(DESKTOP, move |c| async move {
        let Story {
            home, name, search, ..
        } = story;
        sign_in(&c, &base, "demo-commissioner").await;
        let before = commissioners_figures(&c, &base, &borough).await;
        sign_out(&c).await;

        // The broker states the need, then opens a referral for it.
        sign_in(&c, &base, "demo-broker").await;
        c.goto(&format!("{base}{search}"))
            .await
            .expect("find a bed");
        wait_for_text(&c, "[data-testid=open-referral] summary", "Open a referral").await;
        click(&c, "[data-testid=open-referral] summary").await;
        fill(&c, "#referral-reference", REFERENCE).await;
        c.execute(
            &format!("document.querySelector('#referral-ready').value = '{READY}';"),
            vec![],
        )
        .await
        .expect("the ready date");
        click(&c, "[data-testid=open-referral] button[type=submit]").await;
        wait_for_text(&c, "[data-testid=for-referral]", REFERENCE).await;
        let url = c.current_url().await.expect("url").to_string();
        assert!(url.contains(&format!("ref={REFERENCE}")), "{url}");

        // Its shortlist and its hold, which carries the referral's reference without typing it.
        let card = format!("[data-testid=results] li[data-home='{home}']");
        wait_for_text(&c, &card, &name).await;
        click(&c, &format!("{card} [data-testid=shortlist-toggle]")).await;
        wait_for_text(&c, "#shortlist-heading", "Shortlist (1)").await;
        click(&c, &format!("{card} .hold-form summary")).await;
        click(&c, &format!("{card} .hold-form button[type=submit]")).await;
        wait_for_text(
            &c,
            "[data-testid=find-said]",
            &format!("Bed held at {name} for referral {REFERENCE}"),
        )
        .await;

        // The queue: three days waiting, the hold in play.
        c.goto(&format!("{base}/referrals"))
            .await
            .expect("referrals");
        let queue = table_cells(&c, "referral-queue").await;
        assert_eq!(cell(&queue, REFERENCE, "Days waiting"), "3");
        assert!(
            cell(&queue, REFERENCE, "Holds").contains(&name),
            "{queue:?}"
        );
        assert_eq!(cell(&queue, REFERENCE, "Placing borough"), borough);
        keep_screenshot(&c, "referrals-broker-1280").await;
        axe_clean(wcag_violations(&c).await, "the broker's queue");

        // The referral keeps its shortlist; a search for no referral has its own.
        let find = c
            .execute(
                &format!(
                    "const row = [...document.querySelectorAll('[data-testid=referral-queue] tbody tr')] \
                     .find(r => r.querySelector('th').textContent === '{REFERENCE}'); \
                     return row.querySelector('a').getAttribute('href');"
                ),
                vec![],
            )
            .await
            .expect("the row's search link");
        let find = find.as_str().expect("a link").to_string();
        assert!(find.contains("referral=") && find.contains("from=barnet-hospital"), "{find}");
        c.goto(&format!("{base}/find")).await.expect("find a bed");
        wait_for_text(&c, "#shortlist-heading", "Shortlist (0)").await;
        c.goto(&format!("{base}{find}")).await.expect("the referral's search");
        wait_for_text(&c, "[data-testid=for-referral]", REFERENCE).await;
        wait_for_text(&c, "[data-testid=shortlist]", &name).await;
        sign_out(&c).await;

        // The provider admits the person on /return.
        let hold = hold_on_the_return_page(&c, &base, &home, REFERENCE).await;
        click(&c, &format!("{hold} button[data-outcome=admitted]")).await;
        wait_for_text(&c, "[data-testid=hold-said]", "admitted").await;
        sign_out(&c).await;

        // Placed there, after 3 days; no longer waiting.
        sign_in(&c, &base, "demo-broker").await;
        c.goto(&format!("{base}/referrals"))
            .await
            .expect("referrals");
        let closed = table_cells(&c, "referrals-closed").await;
        assert_eq!(
            cell(&closed, REFERENCE, "Outcome"),
            format!("Placed at {name}")
        );
        assert_eq!(cell(&closed, REFERENCE, "Days waited"), "3");
        let queue = table_cells(&c, "referral-queue").await;
        assert!(queue.iter().all(|r| r[0] != REFERENCE), "{queue:?}");
        sign_out(&c).await;

        // The commissioner's figures: one more step-down placement in November, and the three
        // days from Friday to Sunday in the week of 16 Nov for the borough and in total.
        sign_in(&c, &base, "demo-commissioner").await;
        let after = commissioners_figures(&c, &base, &borough).await;
        assert_eq!(after, (before.0 + 1, before.1 + 3, before.2 + 3));
        keep_screenshot(&c, "referrals-commissioner-1280").await;
        axe_clean(wcag_violations(&c).await, "the commissioner's figures");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_referrals_page_passes_automated_wcag_checks_on_a_phone() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(PHONE, move |c| async move {
        for user in ["demo-broker", "demo-commissioner"] {
            sign_in(&c, &base, user).await;
            c.goto(&format!("{base}/referrals"))
                .await
                .expect("referrals");
            table_cells(&c, "referral-queue").await;
            if user == "demo-broker" {
                click(&c, "[data-testid=referral-queue] details summary").await;
            } else {
                wait_for_text(&c, "#referral-figures", "Delayed discharges").await;
            }
            keep_screenshot(&c, &format!("referrals-{user}-360")).await;
            axe_clean(wcag_violations(&c).await, &format!("/referrals as {user}"));
            sign_out(&c).await;
        }
        // Providers are told where their holds are instead.
        sign_in(&c, &base, "demo-provider").await;
        c.goto(&format!("{base}/referrals"))
            .await
            .expect("referrals");
        wait_for_text(&c, "main", "weekly return").await;
    })
    .await;
}
