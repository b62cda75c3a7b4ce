//! Find a bed, end to end against the real data service (SQLite, the shipped sample): a provider
//! reports a step-down vacancy; a broker finds it from Barnet Hospital at the usual rate,
//! shortlists it with a note and holds it; a second broker no longer sees it free; the provider
//! declines on `/return`; it is offered again. And the same page by keyboard alone on a phone,
//! axe-checked on the way.

mod support;

use browser_harness::{csv_from_click, keep_screenshot, wait_for, wcag_violations, with_browser};
use fantoccini::key::Key;
use fantoccini::{Client, Locator};
use market_service::audit::Actor;
use market_service::seed::DEMO_PASSWORD;
use market_service::users::{NewUser, Role};
use support::{
    click, fill, hold_on_the_return_page, pick, report_step_down_vacancy, sign_in, sign_out,
    wait_for_text, Service, Story,
};

const DESKTOP: (u32, u32) = (1280, 900);
const PHONE: (u32, u32) = (360, 780);

/// A second broker, made as an administrator would.
async fn add_second_broker(service: &Service) {
    let db = &service.state().db;
    let boroughs: Vec<String> = service
        .state()
        .footprint
        .boroughs
        .iter()
        .map(|b| b.gss_code.clone())
        .collect();
    let new = NewUser {
        username: "broker-two".into(),
        display_name: "Second Broker".into(),
        password: DEMO_PASSWORD.into(),
        role: Role::Broker,
        borough: None,
    };
    let passwords = &service.state().passwords;
    market_service::users::create(db, passwords, &new, &boroughs, &Actor::command_line())
        .await
        .expect("second broker");
}

/// Whether `home` is listed under `list` (`results` or `near-misses`) once the answer to the
/// search in the address is on screen.
async fn listed(c: &Client, list: &str, home: &str) -> bool {
    wait_for("the answer to the search in the address", || async {
        let shown = c
            .execute(
                "const norm = q => [...new URLSearchParams(q)].map(p => p.join('=')).sort().join('&'); \
                 const s = document.querySelector('.results-section'); \
                 return [s && s.dataset.query !== undefined ? norm(s.dataset.query) : null, norm(location.search)];",
                vec![],
            )
            .await
            .map_err(|e| e.to_string())?;
        if shown[0] == shown[1] {
            Ok(())
        } else {
            Err(shown.to_string())
        }
    })
    .await;
    c.find(Locator::Css(&format!(
        "[data-testid={list}] li[data-home='{home}']"
    )))
    .await
    .is_ok()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_held_bed_leaves_other_brokers_searches_until_the_provider_declines() {
    let service = Service::start().await;
    let base = service.base.clone();
    let story = report_step_down_vacancy(&service).await;
    add_second_broker(&service).await;
    with_browser(DESKTOP, move |c| async move {
        let Story {
            home,
            name,
            search,
            usual,
            usual_pence,
        } = story;
        sign_in(&c, &base, "demo-broker").await;
        c.goto(&format!("{base}/find")).await.expect("find a bed");
        // The need, stated through the form.
        wait_for_text(&c, "[data-testid=search-form]", "Leaving from").await;
        let asked: Vec<(String, String)> = reqwest::Url::parse(&format!("{base}{search}"))
            .expect("url")
            .query_pairs()
            .map(|(k, v)| (k.into(), v.into()))
            .collect();
        for (key, value) in &asked {
            match key.as_str() {
                "dementia" => click(&c, "#find-dementia").await,
                other => pick(&c, &format!("#find-{other}"), value).await,
            }
        }
        click(&c, "[data-testid=search]").await;
        wait_for("the search in the URL", || async {
            let url = c.current_url().await.expect("url");
            let query: Vec<(String, String)> = url
                .query_pairs()
                .map(|(k, v)| (k.into(), v.into()))
                .collect();
            if asked.iter().all(|pair| query.contains(pair)) {
                Ok(())
            } else {
                Err(url.to_string())
            }
        })
        .await;
        assert!(
            listed(&c, "results", &home).await,
            "the new vacancy is found"
        );
        let card = format!("[data-testid=results] li[data-home='{home}']");
        let text = wait_for_text(&c, &card, &name).await;
        let priced = format!("{usual} a week (the council's usual rate)");
        assert!(text.contains(&priced), "priced at the usual rate: {text}");
        assert!(
            text.contains("km, straight line"),
            "distance said as straight-line: {text}"
        );
        assert!(text.contains("Today"), "freshness badge: {text}");
        let rule = wait_for_text(
            &c,
            "[data-testid=results-rule]",
            "Short-stay / step-down beds",
        )
        .await;
        assert!(rule.contains(&format!("at most {usual} a week")), "{rule}");
        let map = support::href(&c, "[data-testid=map-link]")
            .await
            .expect("map link");
        assert!(
            map.starts_with("/map?")
                && map.contains("category=step_down")
                && map.contains("vacancies=1"),
            "{map}"
        );

        // Shortlist with a note, then CSV.
        click(&c, &format!("{card} [data-testid=shortlist-toggle]")).await;
        wait_for_text(&c, "#shortlist-heading", "Shortlist (1)").await;
        fill(&c, &format!("#note-{home}"), "Ask about the hoist").await;
        let csv = csv_from_click(&c, "[data-testid=shortlist-csv]").await;
        let lines: Vec<&str> = csv.trim_end().split("\r\n").collect();
        assert_eq!(lines.len(), 2, "{csv}");
        assert!(lines[1].ends_with(",Ask about the hoist"), "{csv}");
        assert!(
            lines[1].contains(&format!(",{}.00,", usual_pence / 100)),
            "{csv}"
        );

        // Hold it: refused with a patient identifier, then held.
        click(&c, &format!("{card} .hold-form summary")).await;
        fill(&c, &format!("#hold-ref-{home}"), "943-476-5919").await;
        click(&c, &format!("{card} .hold-form button[type=submit]")).await;
        wait_for_text(&c, &format!("{card} .hold-form .field-error"), "NHS").await;
        fill(&c, &format!("#hold-ref-{home}"), "REF-2026/17").await;
        click(&c, &format!("{card} .hold-form button[type=submit]")).await;
        wait_for_text(
            &c,
            "[data-testid=find-said]",
            &format!("Bed held at {name} for referral REF-2026/17"),
        )
        .await;
        wait_for_text(&c, "[data-testid=holds]", "REF-2026/17").await;
        wait_for("the held bed to leave the results", || async {
            match c.find(Locator::Css(&card)).await {
                Ok(_) => Err("still listed".to_string()),
                Err(_) => Ok(()),
            }
        })
        .await;
        keep_screenshot(&c, "find-desktop-held").await;
        let found = wcag_violations(&c).await;
        assert!(
            found.is_empty(),
            "find a bed with a hold:\n{}",
            found.join("\n")
        );
        sign_out(&c).await;

        // A second broker no longer sees it free: a near miss, held.
        sign_in(&c, &base, "broker-two").await;
        c.goto(&format!("{base}{search}&near=1"))
            .await
            .expect("search");
        assert!(!listed(&c, "results", &home).await, "held, so not offered");
        let near = wait_for_text(
            &c,
            &format!("[data-testid=near-misses] li[data-home='{home}']"),
            "Misses:",
        )
        .await;
        assert!(
            near.contains("no vacant bed not already held (1 held)"),
            "{near}"
        );
        sign_out(&c).await;

        // The provider declines on /return.
        let hold = hold_on_the_return_page(&c, &base, &home, "REF-2026/17").await;
        keep_screenshot(&c, "return-desktop-hold").await;
        click(&c, &format!("{hold} button[data-outcome=declined]")).await;
        wait_for_text(&c, "[data-testid=hold-said]", "declined by the home").await;
        sign_out(&c).await;

        // Offered again.
        sign_in(&c, &base, "broker-two").await;
        c.goto(&format!("{base}{search}")).await.expect("search");
        assert!(
            listed(&c, "results", &home).await,
            "offered again once declined"
        );
    })
    .await;
}

/// Presses Tab until the element matching `css` has the focus (at most 120 presses): it can be
/// reached by keyboard.
async fn tab_to(c: &Client, css: &str) {
    for _ in 0..120 {
        let focused: bool = serde_json::from_value(
            c.execute(
                "return !!document.activeElement && document.activeElement.matches(arguments[0])",
                vec![css.into()],
            )
            .await
            .expect("script"),
        )
        .expect("a boolean");
        if focused {
            return;
        }
        c.active_element()
            .await
            .expect("focus")
            .send_keys(&char::from(Key::Tab).to_string())
            .await
            .expect("tab");
    }
    panic!("{css} cannot be reached with Tab");
}

/// Sends `keys` to whatever has the focus.
async fn press(c: &Client, keys: &str) {
    c.active_element()
        .await
        .expect("focus")
        .send_keys(keys)
        .await
        .expect("keys");
}

#[tokio::test(flavor = "multi_thread")]
async fn on_a_phone_search_shortlist_and_hold_work_by_keyboard_alone() {
    let service = Service::start().await;
    let base = service.base.clone();
    let Story { home, search, .. } = report_step_down_vacancy(&service).await;
    with_browser(PHONE, move |c| async move {
        sign_in(&c, &base, "demo-broker").await;
        c.goto(&format!("{base}{search}"))
            .await
            .expect("find a bed");
        assert!(listed(&c, "results", &home).await, "found");
        let found = wcag_violations(&c).await;
        assert!(
            found.is_empty(),
            "find a bed on a phone, with results:\n{}",
            found.join("\n")
        );
        // Search again from the form by keyboard: its button, then Enter.
        tab_to(&c, "[data-testid=search]").await;
        press(&c, &char::from(Key::Enter).to_string()).await;
        assert!(listed(&c, "results", &home).await, "found again");
        let card = format!("[data-testid=results] li[data-home='{home}']");
        tab_to(&c, &format!("{card} [data-testid=shortlist-toggle]")).await;
        press(&c, " ").await;
        wait_for_text(&c, "#shortlist-heading", "Shortlist (1)").await;
        tab_to(&c, &format!("{card} .hold-form summary")).await;
        press(&c, &char::from(Key::Enter).to_string()).await;
        tab_to(&c, &format!("#hold-ref-{home}")).await;
        press(&c, "KEYS-1").await;
        press(&c, &char::from(Key::Enter).to_string()).await;
        wait_for_text(&c, "[data-testid=find-said]", "for referral KEYS-1").await;
        wait_for_text(&c, "[data-testid=holds]", "KEYS-1").await;
        keep_screenshot(&c, "find-phone-held").await;
        let found = wcag_violations(&c).await;
        assert!(
            found.is_empty(),
            "find a bed on a phone, with a hold:\n{}",
            found.join("\n")
        );
        // Released by its broker, by keyboard.
        tab_to(
            &c,
            "[data-testid=holds] li[data-status=active] button[data-outcome=released]",
        )
        .await;
        press(&c, &char::from(Key::Enter).to_string()).await;
        wait_for_text(&c, "[data-testid=hold-said]", "released by the broker").await;
    })
    .await;
}
