//! End-to-end: a provider makes a weekly return against the real data service — errors for bad
//! input shown the GOV.UK way, the draft surviving a reload, a submission while the service is
//! unreachable retried without a duplicate, the history, and another provider's home out of reach.

mod support;

use browser_harness::{csv_from_click, text_of, wcag_violations, with_browser};
use fantoccini::Locator;
use support::{
    click, fill, href, sign_in, this_week, value, wait_for_text, wait_until_reachable, Service,
};

const PHONE: (u32, u32) = (360, 780);

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_fills_fixes_and_submits_a_return_that_survives_reloads_and_outages() {
    let mut service = Service::start().await;
    let base = service.base.clone();
    let (stop, stopped) = tokio::sync::mpsc::channel::<()>(1);
    let (restart, restarted) = tokio::sync::mpsc::channel::<()>(1);
    // The browser side asks for the service to stop and start again; this side does it.
    let control = tokio::spawn(async move {
        let (mut stopped, mut restarted) = (stopped, restarted);
        stopped.recv().await;
        service.stop().await;
        restarted.recv().await;
        service.restart().await;
        service
    });
    with_browser(PHONE, move |c| async move {
        sign_in(&c, &base, "demo-provider").await;
        c.goto(&format!("{base}/return"))
            .await
            .expect("return page");
        let heading = wait_for_text(&c, "main h2", "week commencing").await;
        assert!(
            heading.starts_with("Orchard Grange"),
            "the first of the provider's homes: {heading}"
        );
        let picker = text_of(&c, ".home-picker").await;
        assert_eq!(picker.matches("Not started").count(), 3, "{picker}");

        // Bad input: an error at the field as soon as it is typed, and the summary on submit.
        let capacity = "#beds-residential-capacity";
        let original = value(&c, capacity).await.unwrap_or_default();
        assert!(!original.is_empty(), "prefilled from last week's return");
        fill(&c, capacity, "eight").await;
        wait_for_text(&c, "#beds-residential-capacity-error", "whole number").await;
        click(&c, "#return-form button[type=submit]").await;
        let summary = wait_for_text(&c, ".error-summary", "There is a problem").await;
        assert!(
            summary.contains("Residential: capacity must be a whole number"),
            "{summary}"
        );
        let link = href(&c, ".error-summary a").await;
        assert_eq!(link.as_deref(), Some("#beds-residential-capacity"));
        let found = wcag_violations(&c).await;
        assert!(
            found.is_empty(),
            "return form with errors:\n{}",
            found.join("\n")
        );

        // A reload keeps the draft, and the picker says so.
        c.refresh().await.expect("reload");
        wait_for_text(&c, ".home-picker", "Draft on this device").await;
        let kept = value(&c, capacity).await;
        assert_eq!(kept.as_deref(), Some("eight"));

        // Fixed and sent while the service is down: kept on the device, said clearly.
        fill(&c, capacity, &original).await;
        fill(&c, "#contact-name", "Duty manager").await;
        fill(&c, "#contact-phone", "020 7946 0000").await;
        stop.send(()).await.expect("stop");
        wait_until_reachable(&c, false).await;
        click(&c, "#return-form button[type=submit]").await;
        wait_for_text(&c, ".error-summary", "could not be reached").await;
        wait_for_text(&c, "[data-testid=save-status]", "Not yet submitted").await;

        // Back online: the same submission goes through once.
        restart.send(()).await.expect("restart");
        wait_until_reachable(&c, true).await;
        click(&c, "#return-form button[type=submit]").await;
        wait_for_text(
            &c,
            "[data-testid=save-status]",
            "Submitted to Care Market: version 1",
        )
        .await;
        wait_for_text(&c, "[data-testid=return-history]", "version 1").await;
        c.refresh().await.expect("reload");
        wait_for_text(&c, ".home-picker", "Submitted").await;

        // An earlier week can still be returned, marked late.
        let this_week = this_week().monday();
        let before = this_week - chrono::Duration::days(7);
        click(&c, ".week-links a").await;
        wait_for_text(
            &c,
            "main h2",
            &format!("week commencing {}", before.format("%-d %b %Y")),
        )
        .await;
        wait_for_text(&c, "main", "the return will be marked late").await;
        click(&c, ".week-links a:nth-of-type(2)").await;
        wait_for_text(
            &c,
            "main h2",
            &format!("week commencing {}", this_week.format("%-d %b %Y")),
        )
        .await;

        // Another home, unchanged since last week, is confirmed in one action.
        c.find(Locator::LinkText("Hadley Residential Home"))
            .await
            .expect("link")
            .click()
            .await
            .expect("click");
        wait_for_text(&c, "main h2", "Hadley Residential Home").await;
        click(&c, "[data-testid=no-change]").await;
        wait_for_text(
            &c,
            "[data-testid=save-status]",
            "Submitted to Care Market: version 1",
        )
        .await;

        // Another provider's home cannot be opened: the page stays on this provider's homes.
        c.goto(&format!("{base}/return?home=SAMPLE-0002"))
            .await
            .expect("page");
        let heading = wait_for_text(&c, "main h2", "week commencing").await;
        assert!(heading.starts_with("Orchard Grange"), "{heading}");

        // Barnet's commissioner no longer has Orchard Grange to chase this week.
        click(&c, "[data-testid=session] button").await;
        wait_for_text(&c, "[data-testid=session]", "Sign in").await;
        sign_in(&c, &base, "demo-barnet").await;
        c.goto(&format!("{base}/return")).await.expect("compliance");
        let chase = wait_for_text(&c, "[data-testid=chase-table] tbody", "Missing").await;
        assert!(
            !chase.contains("Orchard Grange"),
            "returned this week, so not chased"
        );

        // The contact given in the return reaches signed-in users on the map.
        c.goto(&format!("{base}/map?home=SAMPLE-0001"))
            .await
            .expect("map");
        wait_for_text(&c, "main", "Duty manager, 020 7946 0000").await;
    })
    .await;
    let service = control.await.expect("control task");
    let this_week = this_week();
    let history = market_service::returns::history(&service.state().db, "SAMPLE-0001")
        .await
        .expect("history");
    let this: Vec<_> = history
        .iter()
        .filter(|s| s.capacity_return.week == this_week)
        .collect();
    assert_eq!(this.len(), 1, "the retried return is stored once");
    let contact = this[0]
        .capacity_return
        .contact
        .as_ref()
        .map(|c| c.name.as_str());
    assert_eq!(contact, Some("Duty manager"));
}

#[tokio::test(flavor = "multi_thread")]
async fn an_amendment_that_crosses_another_is_shown_not_overwritten() {
    let service = Service::start().await;
    let base = service.base.clone();
    let db = service.state().db.clone();
    let this_week = this_week();
    let provider = market_service::users::by_username(&db, "demo-provider")
        .await
        .expect("db")
        .expect("user");
    let home = market_service::homes::get(&db, "SAMPLE-0001")
        .await
        .expect("home");
    let last = market_service::returns::history(&db, "SAMPLE-0001")
        .await
        .expect("history")
        .remove(0);
    let first = market_model::returns::capacity_return::Submission {
        week: this_week,
        ..market_model::returns::capacity_return::Submission::of(
            &last.capacity_return,
            "conflict-v1".into(),
            None,
        )
    };
    market_service::returns::submit(&db, &home, first.clone(), &provider)
        .await
        .expect("version 1");
    with_browser(PHONE, move |c| async move {
        sign_in(&c, &base, "demo-provider").await;
        c.goto(&format!("{base}/return"))
            .await
            .expect("return page");
        wait_for_text(&c, ".home-picker", "Submitted").await;
        // Someone else at the home amends it meanwhile (version 2).
        let second = market_model::returns::capacity_return::Submission {
            submission_id: "conflict-v2".into(),
            base_version: Some(1),
            step_down_beds_offered: 3,
            ..first
        };
        market_service::returns::submit(&db, &home, second, &provider)
            .await
            .expect("version 2");
        fill(&c, "#contact-name", "Night manager").await;
        fill(&c, "#contact-phone", "020 7946 0001").await;
        click(&c, "#return-form button[type=submit]").await;
        let summary = wait_for_text(&c, ".error-summary", "now at version 2").await;
        assert!(summary.contains("reload it"), "{summary}");
        click(&c, "main button.button").await;
        wait_for_text(&c, ".home-picker", "Amended (2 versions)").await;
        let offered = value(&c, "#step-down-beds-offered").await;
        assert_eq!(
            offered.as_deref(),
            Some("3"),
            "the form now holds version 2"
        );
    })
    .await;
    let stored = market_service::returns::history(&service.state().db, "SAMPLE-0001")
        .await
        .expect("history");
    assert_eq!(
        stored
            .iter()
            .filter(|s| s.capacity_return.week == this_week)
            .count(),
        2,
        "nothing overwritten, nothing added"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_borough_commissioner_sees_who_has_returned_and_exports_a_chase_list() {
    let service = Service::start().await;
    let base = service.base.clone();
    let db = service.state().db.clone();
    // Counted from the data independently of the page: this week nothing has come in yet but one
    // return from a Barnet home, sent now (so on time, or late after Tuesday noon).
    let this_week = this_week();
    let homes = market_service::homes::list(&db, &Default::default())
        .await
        .expect("homes");
    let barnet = homes.iter().filter(|h| h.borough == "E09000003").count();
    let provider = market_service::users::by_username(&db, "demo-provider")
        .await
        .expect("db")
        .expect("user");
    let home = market_service::homes::get(&db, "SAMPLE-0001")
        .await
        .expect("home");
    assert_eq!(home.borough, "E09000003");
    let last = market_service::returns::history(&db, "SAMPLE-0001")
        .await
        .expect("history")
        .remove(0);
    let mut sent = last.capacity_return.clone();
    sent.week = this_week;
    sent.contact = Some(market_model::returns::capacity_return::AdmissionsContact {
        name: "Duty manager".into(),
        phone: "020 7946 0000".into(),
        hours: "9 to 5".into(),
    });
    let submission =
        market_model::returns::capacity_return::Submission::of(&sent, "chase-test-1".into(), None);
    let stored = market_service::returns::submit(&db, &home, submission, &provider)
        .await
        .expect("stored")
        .0;
    let (on_time, late) = if stored.late { (0, 1) } else { (1, 0) };
    with_browser(PHONE, move |c| async move {
        sign_in(&c, &base, "demo-barnet").await;
        c.goto(&format!("{base}/return")).await.expect("page");
        let table = wait_for_text(&c, "[data-testid=compliance-table] tbody", "Barnet").await;
        let cells: Vec<String> = table.split_whitespace().map(str::to_string).collect();
        let expected = [barnet, on_time, late, barnet - 1].map(|n| n.to_string());
        assert_eq!(cells[1..5], expected, "Barnet only: {table}");
        assert!(
            !table.contains("Camden"),
            "a borough commissioner sees their borough only"
        );
        let found = wcag_violations(&c).await;
        assert!(found.is_empty(), "compliance view:\n{}", found.join("\n"));
        let chase = text_of(&c, "[data-testid=chase-table] tbody").await;
        assert_eq!(chase.lines().count(), barnet - 1 + late, "{chase}");
        let csv = csv_from_click(&c, "[data-testid=export-chase]").await;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines[0], "Home,Provider,Status,Contact,Telephone,Hours");
        assert_eq!(
            lines.len() - 1,
            barnet - 1 + late,
            "one row per home to chase"
        );
        assert!(lines
            .iter()
            .skip(1)
            .all(|l| l.contains(",Missing,") || l.contains(",Late,")));
    })
    .await;
}
