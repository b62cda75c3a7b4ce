//! Drafts of weekly returns kept in the browser's local storage, one per home and week, with
//! the submission ID that makes a retry safe; and the form a week starts from.

use crate::service::StoredReturn;
use market_model::primitives::week::Week;
use market_model::register::home::CareHome;
use market_model::returns::return_form::ReturnForm;
use serde::{Deserialize, Serialize};

/// What is kept on this device for one home and week until the service has it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// The form as typed.
    pub form: ReturnForm,
    /// Made when the draft starts and kept across retries, so the service stores it once.
    pub submission_id: String,
    /// The version this amends (none for the week's first return).
    pub base_version: Option<u32>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn draft_key(home: &str, week: Week) -> String {
    format!("care-market.return.{home}.{week}")
}

/// The draft kept on this device for `home` and `week`, if any.
pub fn load_draft(home: &str, week: Week) -> Option<Draft> {
    let text = storage()?.get_item(&draft_key(home, week)).ok()??;
    serde_json::from_str(&text).ok()
}

/// Keeps `draft` on this device for `home` and `week`.
pub fn save_draft(home: &str, week: Week, draft: &Draft) {
    if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(draft)) {
        let _ = s.set_item(&draft_key(home, week), &text);
    }
}

/// Forgets the draft for `home` and `week` (the service has it).
pub fn drop_draft(home: &str, week: Week) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&draft_key(home, week));
    }
}

/// A new client submission ID: a retry sends the same one, so the service stores it once.
pub fn new_submission_id() -> String {
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * 9_007_199_254_740_992.0) as u64;
    format!("r-{now:x}-{random:x}")
}

/// The week's first form: the latest version of this week's return (to amend), else the home's
/// most recent earlier return (to confirm or change), else a blank row for its main category.
pub fn starting_draft(
    home: &CareHome,
    week: Week,
    history: &[StoredReturn],
) -> (Draft, Option<Week>) {
    let this = history.iter().find(|s| s.capacity_return.week == week);
    let earlier = history.iter().find(|s| s.capacity_return.week < week);
    let (form, base_version, from) = match (this, earlier) {
        (Some(s), _) => (
            ReturnForm::from_return(&s.capacity_return),
            Some(s.version),
            None,
        ),
        (None, Some(s)) => (
            ReturnForm::from_return(&s.capacity_return),
            None,
            Some(s.capacity_return.week),
        ),
        (None, None) => {
            let blank = ReturnForm {
                beds: [(home.main_category(), Default::default())].into(),
                ..Default::default()
            };
            (blank, None, None)
        }
    };
    (
        Draft {
            form,
            submission_id: new_submission_id(),
            base_version,
        },
        from,
    )
}
