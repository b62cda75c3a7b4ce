//! What every page can reach: the market data, loaded once for the whole visit from where
//! `/config.json` says, and the session. [`App`](crate::App) provides it; pages read it with
//! [`use_data`].

use crate::data_source::{DataError, DataSource, MarketData};
use crate::service::{self, SessionUser};
use leptos::prelude::*;
use std::sync::Arc;

/// What every page can reach: the market data, loaded once for the whole visit, and the session.
#[derive(Clone, Copy)]
pub struct DataContext {
    /// The manifest, footprint, homes and returns (as the signed-in user may see them).
    pub market: LocalResource<Result<Arc<MarketData>, DataError>>,
    /// The live service's API base URL; `None` on read-only static hosting.
    pub api: RwSignal<Option<String>>,
    /// Whether the app talks to the live service (and so offers sign-in).
    pub live: Signal<bool>,
    /// Who is signed in.
    pub user: RwSignal<Option<SessionUser>>,
    /// The sample-data notice: from `/config.json` at once, then as the data's manifest says.
    pub notice: RwSignal<Option<String>>,
    /// Whether `/config.json` has been read (the page appears then).
    pub configured: Signal<bool>,
}

/// Reads `/config.json`, then the market data and, from the live service, who is signed in.
async fn load(
    api: RwSignal<Option<String>>,
    user: RwSignal<Option<SessionUser>>,
    notice: RwSignal<Option<String>>,
    configured: RwSignal<bool>,
) -> Result<Arc<MarketData>, DataError> {
    let read = DataSource::configured().await;
    // Once: setting it again on a reload (after signing in, or an import) would re-create the
    // page and lose what it holds.
    if !configured.get_untracked() {
        configured.set(true);
    }
    let (source, said) = read?;
    if notice.get_untracked() != said {
        notice.set(said);
    }
    let data = match &source {
        DataSource::Api { base } => {
            api.set(Some(base.clone()));
            let (who, data) = futures::join!(service::current(base), source.load_market_data());
            user.set(who);
            data
        }
        DataSource::Static { .. } => source.load_market_data().await,
    };
    // The manifest has the last word (a published snapshot of real data beside a sample
    // configuration); when they agree, as they should, nothing changes on screen.
    if let Ok(d) = &data {
        let said = d.manifest.sample.then(|| d.manifest.notice.clone());
        if notice.get_untracked() != said {
            notice.set(said);
        }
    }
    data
}

/// Starts loading the configuration, the market data and the session, and provides them to
/// every page as the [`DataContext`] it returns.
pub fn provide_data_context() -> DataContext {
    let api = RwSignal::new(None);
    let user = RwSignal::new(None);
    let notice = RwSignal::new(None);
    let configured = RwSignal::new(false);
    let context = DataContext {
        market: LocalResource::new(move || load(api, user, notice, configured)),
        api,
        live: Signal::derive(move || api.with(Option::is_some)),
        user,
        notice,
        configured: configured.into(),
    };
    provide_context(context);
    context
}

/// The data context [`provide_data_context`] provided.
pub fn use_data() -> DataContext {
    expect_context::<DataContext>()
}
