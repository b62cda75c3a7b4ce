//! End-to-end against the real data service (SQLite, seeded with the sample) hosting the release
//! build: the app reads live data through the API under the service's Content-Security-Policy,
//! and a broker signs in (after a wrong password, reported the GOV.UK way) and out.

use browser_harness::{text_of, wcag_violations, with_browser, workspace_root, WAIT_LIMIT};
use fantoccini::Locator;

mod support;

use support::{click, fill, wait_for_text, Service};

const DESKTOP: (u32, u32) = (1280, 900);

#[tokio::test(flavor = "multi_thread")]
async fn a_broker_signs_in_to_the_live_service_and_out_again() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(DESKTOP, move |c| async move {
        c.goto(&format!("{base}/")).await.expect("overview loads");
        // The overview rendered from the API, under a policy without 'unsafe-inline'.
        let homes = text_of(&c, "[data-testid=row-total] [data-col=homes]").await;
        let shipped: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(workspace_root().join("public/data/homes.json"))
                .expect("the shipped homes"),
        )
        .expect("JSON");
        assert_eq!(homes, shipped.as_array().expect("a list").len().to_string());
        wait_for_text(&c, "[data-testid=session]", "Sign in").await;
        // The public sees the service's published fee figures: quartiles where at least five
        // homes reported, "fewer than 5 homes" in just the cells the service withholds.
        wait_for_text(&c, "[data-testid=fee-table] tbody", "£").await;
        let market: serde_json::Value = reqwest::get(format!("{base}/api/market"))
            .await
            .expect("market")
            .json()
            .await
            .expect("JSON");
        let long_stay = [
            "residential",
            "residential_dementia",
            "nursing",
            "nursing_dementia",
        ];
        let withheld = market["boroughs"]
            .as_array()
            .expect("boroughs")
            .iter()
            .flat_map(|b| b["fees_withheld"].as_array().cloned().unwrap_or_default())
            .filter(|c| long_stay.contains(&c.as_str().unwrap_or("")))
            .count();
        let table = text_of(&c, "[data-testid=fee-table] tbody").await;
        assert_eq!(
            table.matches("fewer than 5 homes").count(),
            withheld,
            "{table}"
        );

        click(&c, "[data-testid=session] a").await;
        wait_for_text(&c, "main h1", "Sign in").await;
        // Nothing typed: the summary says what to enter and links to the field.
        click(&c, "form button[type=submit]").await;
        let summary = wait_for_text(&c, ".error-summary", "Enter your username").await;
        assert!(summary.contains("There is a problem"), "{summary}");
        let href = c
            .find(Locator::Css(".error-summary a"))
            .await
            .expect("link")
            .attr("href")
            .await
            .expect("attr");
        assert_eq!(href.as_deref(), Some("#username"));
        let active = c
            .active_element()
            .await
            .expect("focus")
            .attr("class")
            .await
            .expect("class");
        assert!(
            active.unwrap_or_default().contains("error-summary"),
            "focus moves to the summary"
        );
        let found = wcag_violations(&c).await;
        assert!(
            found.is_empty(),
            "sign-in with an empty form's errors:\n{}",
            found.join("\n")
        );

        fill(&c, "#username", "demo-broker").await;
        fill(&c, "#password", "not the password").await;
        click(&c, "form button[type=submit]").await;
        wait_for_text(
            &c,
            ".error-summary",
            "The username or password is not right",
        )
        .await;
        let at_field = text_of(&c, "#password-error").await;
        assert!(at_field.contains("not right"), "{at_field}");
        let described = c
            .find(Locator::Css("#password"))
            .await
            .expect("input")
            .attr("aria-describedby")
            .await
            .expect("attr");
        assert_eq!(described.as_deref(), Some("password-error"));
        let found = wcag_violations(&c).await;
        assert!(
            found.is_empty(),
            "sign-in with a wrong password's errors:\n{}",
            found.join("\n")
        );

        fill(&c, "#password", market_service::seed::DEMO_PASSWORD).await;
        click(&c, "form button[type=submit]").await;
        let who = wait_for_text(&c, "[data-testid=session]", "Signed in as").await;
        assert!(
            who.contains("Demo Discharge Broker") && who.contains("broker"),
            "{who}"
        );
        wait_for_text(&c, "main h1", "market").await;
        // A broker's data carries fees: the overview's fee table fills in.
        wait_for_text(&c, "main", "£").await;

        // The session survives a reload (the cookie is HttpOnly: the page cannot read it).
        c.refresh().await.expect("reload");
        wait_for_text(&c, "[data-testid=session]", "Demo Discharge Broker").await;
        let cookie_visible: bool = c
            .execute("return document.cookie.includes('cm_session')", vec![])
            .await
            .expect("script")
            .as_bool()
            .unwrap_or(true);
        assert!(!cookie_visible, "the session cookie is HttpOnly");
        // The home details panel shows a broker the home's fees.
        c.goto(&format!("{base}/map?home=SAMPLE-0001"))
            .await
            .expect("map");
        wait_for_text(&c, "main", "Self-funders £").await;

        click(&c, "[data-testid=session] button").await;
        wait_for_text(&c, "[data-testid=session]", "Sign in").await;
        c.refresh().await.expect("reload");
        wait_for_text(&c, "[data-testid=session]", "Sign in").await;
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_map_draws_under_the_content_security_policy() {
    let service = Service::start().await;
    let base = service.base.clone();
    with_browser(DESKTOP, move |c| async move {
        c.goto(&format!("{base}/map")).await.expect("map loads");
        let circles = c
            .wait()
            .at_most(WAIT_LIMIT)
            .for_element(Locator::Css("circle.home"))
            .await
            .expect("homes drawn");
        // Symbols are scaled by CSS custom properties set through the object model; a blocked
        // inline style would leave no --k on the drawing.
        let k: String = c
            .execute(
                "return getComputedStyle(document.querySelector('circle.home')).getPropertyValue('--k').trim()",
                vec![],
            )
            .await
            .expect("script")
            .as_str()
            .unwrap_or("")
            .to_string();
        assert!(!k.is_empty(), "--k is set on the map drawing");
        let r = circles.attr("r").await.expect("r").unwrap_or_default();
        assert!(r.parse::<f64>().is_ok_and(|r| r > 0.0), "a radius: {r}");
    })
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_administrator_imports_the_cqc_register_from_the_admin_page() {
    let service = Service::start().await;
    let base = service.base.clone();
    let register = workspace_root().join("../shared/data/cqc/active_locations_sample.csv");
    // ChromeDriver takes only canonical paths for uploads.
    let register = std::fs::canonicalize(&register)
        .unwrap_or_else(|e| panic!("{} (the shared data) is needed: {e}", register.display()))
        .display()
        .to_string();
    with_browser(DESKTOP, move |c| async move {
        c.goto(&format!("{base}/admin"))
            .await
            .expect("admin page loads");
        wait_for_text(&c, "main", "Sign in as an administrator").await;
        c.goto(&format!("{base}/sign-in"))
            .await
            .expect("sign-in page");
        wait_for_text(&c, "[data-testid=session]", "Sign in").await;
        fill(&c, "#username", "demo-admin").await;
        fill(&c, "#password", market_service::seed::DEMO_PASSWORD).await;
        click(&c, "form button[type=submit]").await;
        wait_for_text(&c, "[data-testid=session]", "Demo Administrator").await;

        c.goto(&format!("{base}/admin")).await.expect("admin page");
        wait_for_text(&c, "[data-testid=session]", "Demo Administrator").await;
        let input = c.find(Locator::Css("#register")).await.expect("file input");
        input.send_keys(&register).await.expect("choose file");
        click(&c, "form button[type=submit]").await;
        let report = wait_for_text(&c, "[data-testid=import-report]", "rows read").await;
        assert!(
            report.contains("999 rows read: 8 care homes added, 0 updated, 0 deregistered"),
            "{report}"
        );
        assert!(report.contains("0 rows were rejected"), "{report}");
        let found = wcag_violations(&c).await;
        assert!(found.is_empty(), "admin page:\n{}", found.join("\n"));

        // The market view now counts the imported homes.
        c.goto(&format!("{base}/")).await.expect("overview");
        let shipped: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(workspace_root().join("public/data/homes.json"))
                .expect("the shipped homes"),
        )
        .expect("JSON");
        let now = shipped.as_array().expect("a list").len() + 8;
        wait_for_text(
            &c,
            "[data-testid=row-total] [data-col=homes]",
            &now.to_string(),
        )
        .await;
    })
    .await;
}
