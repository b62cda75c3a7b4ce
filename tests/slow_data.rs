//! Nothing typed is lost while data is still arriving: the data service holds every API read
//! (as a slow connection would) while the test types into the sign-in form as soon as it is on
//! screen; the data then arrives, and what was typed is still there and signs in.

mod support;

use browser_harness::{wait_for, with_browser};
use fantoccini::Locator;
use support::{click, value, wait_for_text, Service};

#[tokio::test(flavor = "multi_thread")]
async fn what_is_typed_before_the_data_arrives_survives_it() {
    let (gate, service) = Service::start_held().await;
    let base = service.base.clone();
    with_browser((360, 780), move |c| async move {
        c.goto(&format!("{base}/sign-in"))
            .await
            .expect("sign-in page");
        // As soon as the form can be typed into, with the data still held.
        let username = wait_for("the username field to be shown", || async {
            let field = c
                .find(Locator::Css("#username"))
                .await
                .map_err(|e| e.to_string())?;
            if field.is_displayed().await.unwrap_or(false) {
                Ok(field)
            } else {
                Err("hidden".to_string())
            }
        })
        .await;
        username.send_keys("demo-provider").await.expect("type");
        c.find(Locator::Css("#password"))
            .await
            .expect("password field")
            .send_keys(market_service::seed::DEMO_PASSWORD)
            .await
            .expect("type");
        // The footer's sources come with the data.
        let held = c
            .execute(
                "return document.querySelector(\"[data-testid='provenance']\") === null",
                vec![],
            )
            .await
            .expect("script");
        assert_eq!(
            held,
            serde_json::json!(true),
            "the data was still held while typing"
        );

        gate.open();
        wait_for_text(&c, "[data-testid='provenance']", "Crown copyright").await;
        assert_eq!(
            value(&c, "#username").await.as_deref(),
            Some("demo-provider")
        );
        assert_eq!(
            value(&c, "#password").await.as_deref(),
            Some(market_service::seed::DEMO_PASSWORD)
        );
        click(&c, "form button[type=submit]").await;
        wait_for_text(&c, "[data-testid=session]", "Signed in as").await;
    })
    .await;
    drop(service);
}
