//! What every page can reach: the configuration, the session and the market data. Each piece is
//! fetched once for the visit, and only when a page needs it: the weekly return reads the
//! register alone, the overview one week's returns, the map each home's latest return as at one
//! week (and a home's history when one is opened), analytics every week's.
//! [`App`](crate::App) provides it; pages read it with [`use_data`] and wait for their data
//! through [`WithMarketData`](crate::components::with_market_data::WithMarketData).

use crate::data_source::{DataError, DataSource, Document, MarketData, Register};
use crate::service::{self, SessionUser};
use leptos::prelude::*;
use market_model::primitives::week::Week;
use market_model::returns::capacity_return::CapacityReturn;
use std::future::Future;
use std::sync::Arc;

/// Which returns a page needs beside the [`Register`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Need {
    /// None: the register alone.
    Register,
    /// The week the URL's `?week=` names if it has returns, else the latest.
    ShownWeek,
    /// Each home's latest return as at that same week (its return for the week, or an earlier
    /// one).
    LatestAsAt,
    /// Every week.
    AllWeeks,
}

/// What a page's market data holds: the need, and the week it was met for (`None`: every week).
type Scope = (Need, Option<Week>);

/// What every page can reach: the configuration and session at once, the market data on request.
#[derive(Clone, Copy)]
pub struct DataContext {
    /// The register alone (no returns), which every page reads (the footer's sources at least).
    register: LocalResource<Result<Arc<MarketData>, DataError>>,
    /// The market data with returns fetched so far in the visit, by what it holds: the need and
    /// its week (`None`: every week's).
    markets: StoredValue<Vec<(Scope, Arc<MarketData>)>>,
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

impl DataContext {
    /// The register if it has arrived (tracked).
    pub fn register_now(self) -> Option<Arc<Register>> {
        self.register
            .get()
            .and_then(Result::ok)
            .map(|m| m.register.clone())
    }

    /// The register and the returns `need` names (`requested` is the URL's `?week=`), fetched
    /// once for the visit (tracked: a [`reload`](Self::reload) makes the caller read it again).
    pub fn market(
        self,
        need: Need,
        requested: Option<String>,
    ) -> impl Future<Output = Result<Arc<MarketData>, DataError>> {
        self.register.track();
        async move {
            let alone = self.register.await?;
            let register = alone.register.clone();
            let shown = register
                .known_week(requested.as_deref())
                .unwrap_or(register.latest_week());
            let (week, documents) = match need {
                Need::Register => return Ok(alone),
                Need::ShownWeek => (Some(shown), vec![Document::Returns(shown)]),
                Need::LatestAsAt => (Some(shown), vec![Document::Latest(shown)]),
                Need::AllWeeks => (
                    None,
                    register
                        .weeks
                        .iter()
                        .map(|w| Document::Returns(*w))
                        .collect(),
                ),
            };
            let scope = (need, week);
            let fetched = self.markets.with_value(|markets| {
                markets
                    .iter()
                    .find(|(s, m)| *s == scope && Arc::ptr_eq(&m.register, &register))
                    .map(|(_, m)| m.clone())
            });
            if let Some(market) = fetched {
                return Ok(market);
            }
            let returns = register.source.load_returns(&documents).await?;
            let market = Arc::new(MarketData { register, returns });
            self.markets
                .update_value(|markets| markets.push((scope, market.clone())));
            Ok(market)
        }
    }

    /// Every return of home `id`, oldest version first: from the live service its own history,
    /// on static hosting every week's returns (kept for the visit), which hold it.
    pub async fn home_returns(self, id: String) -> Result<Vec<CapacityReturn>, String> {
        if let Some(api) = self.api.get_untracked() {
            let history = service::home_returns(&api, &id)
                .await
                .map_err(|e| e.message)?;
            return Ok(history
                .into_iter()
                .rev()
                .map(|r| r.capacity_return)
                .collect());
        }
        let market = self
            .market(Need::AllWeeks, None)
            .await
            .map_err(|e| e.to_string())?;
        Ok(market
            .returns
            .iter()
            .filter(|r| r.home == id)
            .cloned()
            .collect())
    }

    /// Forgets the market data fetched so far, so that every page reading it reads it again (after
    /// signing in or out, which changes what may be seen, or an import).
    pub fn reload(self) {
        self.markets.set_value(Vec::new());
        self.register.refetch();
    }
}

/// Reads `/config.json` the first time (`source` keeps what it said): the data source, the clock, the sample-data notice
/// and, from the live service, its API base; then starts asking the service who is signed in.
async fn configure(
    source: StoredValue<Option<Arc<DataSource>>>,
    api: RwSignal<Option<String>>,
    user: RwSignal<Option<SessionUser>>,
    notice: RwSignal<Option<String>>,
    configured: RwSignal<bool>,
) -> Result<Arc<DataSource>, DataError> {
    if let Some(read) = source.get_value() {
        return Ok(read);
    }
    let read = DataSource::configured().await;
    configured.set(true);
    let (read, said) = read?;
    notice.set(said);
    if let DataSource::Api { base } = &read {
        api.set(Some(base.clone()));
        let base = base.clone();
        leptos::task::spawn_local(async move { user.set(service::current(&base).await) });
    }
    let read = Arc::new(read);
    source.set_value(Some(read.clone()));
    Ok(read)
}

/// Starts reading the configuration, the register and, from the live service, who is signed
/// in, and provides every page with the [`DataContext`] it returns.
pub fn provide_data_context() -> DataContext {
    let api = RwSignal::new(None);
    let user = RwSignal::new(None);
    let notice = RwSignal::new(None);
    let configured = RwSignal::new(false);
    let source = StoredValue::new(None);
    let register = LocalResource::new(move || async move {
        let read = configure(source, api, user, notice, configured).await?;
        let register = read.load_register().await?;
        // The manifest has the last word on the notice (a published snapshot of real data
        // beside a sample configuration); when they agree, as they should, nothing changes.
        let said = register
            .manifest
            .sample
            .then(|| register.manifest.notice.clone());
        if notice.get_untracked() != said {
            notice.set(said);
        }
        Ok(Arc::new(MarketData {
            register: Arc::new(register),
            returns: Vec::new(),
        }))
    });
    let context = DataContext {
        register,
        markets: StoredValue::new(Vec::new()),
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
