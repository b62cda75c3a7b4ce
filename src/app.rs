//! The shell around every page and the routes.

use crate::components::sample_notice::SampleNotice;
use crate::data_source::{DataError, DataSource, MarketData};
use crate::pages::admin_page::AdminPage;
use crate::pages::analytics_page::AnalyticsPage;
use crate::pages::find_page::FindPage;
use crate::pages::map_page::MapPage;
use crate::pages::market_page::MarketPage;
use crate::pages::not_found_page::NotFoundPage;
use crate::pages::return_page::ReturnPage;
use crate::pages::sign_in_page::SignInPage;
use crate::router::provide_location;
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

/// The data context provided by [`App`].
pub fn use_data() -> DataContext {
    expect_context::<DataContext>()
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let location = provide_location();
    let api = RwSignal::new(None);
    let user = RwSignal::new(None);
    let notice = RwSignal::new(None);
    let configured = RwSignal::new(false);
    let market = LocalResource::new(move || load(api, user, notice, configured));
    let live = Signal::derive(move || api.with(Option::is_some));
    let current = move |path: &'static str| move || (location.path.get() == path).then_some("page");
    provide_context(DataContext {
        market,
        api,
        live,
        user,
        notice,
        configured: configured.into(),
    });

    view! {
        <a class="skip-link" href="#main">"Skip to main content"</a>
            <header class="site-header">
                <div class="site-header__inner">
                    <p class="site-header__title">
                        <span class="site-header__product">"Care Market"</span>
                        <span class="site-header__footprint">"North Central London"</span>
                    </p>
                    <nav aria-label="Main">
                        <ul class="nav">
                            <li><a href="/" aria-current=current("/")>"Market"</a></li>
                            <li><a href="/map" aria-current=current("/map")>"Vacancy map"</a></li>
                            <li><a href="/analytics" aria-current=current("/analytics")>"Market analytics"</a></li>
                            <li><a href="/find" aria-current=current("/find")>"Find a bed"</a></li>
                            <li><a href="/return" aria-current=current("/return")>"Weekly return"</a></li>
                            {move || user.with(|u| u.as_ref().is_some_and(|u| u.role == "admin")).then(|| view! {
                                <li><a href="/admin" aria-current=current("/admin")>"Administration"</a></li>
                            })}
                        </ul>
                    </nav>
                    <SessionBar/>
                </div>
            </header>
            <SampleNotice/>
            <main id="main" tabindex="-1">
                // The page appears once the configuration is read, with the sample notice above
                // it already in place: nothing on screen is pushed down when it arrives.
                {move || configured.get().then(|| page(&location.path.get()))}
            </main>
            <Footer/>
    }
}

/// The page for a path.
fn page(path: &str) -> AnyView {
    match path {
        "/" => view! { <MarketPage/> }.into_any(),
        "/map" => view! { <MapPage/> }.into_any(),
        "/sign-in" => view! { <SignInPage/> }.into_any(),
        "/admin" => view! { <AdminPage/> }.into_any(),
        "/analytics" => view! { <AnalyticsPage/> }.into_any(),
        "/find" => view! { <FindPage/> }.into_any(),
        "/return" => view! { <ReturnPage/> }.into_any(),
        _ => view! { <NotFoundPage/> }.into_any(),
    }
}

/// Who is signed in, with sign-out; or the way to sign in. Nothing on static hosting.
#[component]
fn SessionBar() -> impl IntoView {
    let data = use_data();
    let sign_out = move |_| {
        let Some(api) = data.api.get_untracked() else {
            return;
        };
        leptos::task::spawn_local(async move {
            if service::sign_out(&api).await.is_ok() {
                data.user.set(None);
                data.market.refetch();
            }
        });
    };
    // Until the configuration is read the slot keeps the bar's height, so the header does not
    // grow (and push the page down) when it says there is sign-in; on static hosting it then
    // closes, before the page appears.
    let bar = move || {
        data.live.get().then(|| match data.user.get() {
            Some(u) => view! {
                <p class="session" data-testid="session">
                    "Signed in as " <strong>{u.display_name}</strong> {format!(" ({}) ", u.role)}
                    <button type="button" class="session__button" on:click=sign_out>"Sign out"</button>
                </p>
            }
            .into_any(),
            None => view! { <p class="session" data-testid="session"><a href="/sign-in">"Sign in"</a></p> }.into_any(),
        })
    };
    let reserved = move || !data.configured.get() || data.live.get();
    view! { <div class:session-slot=reserved>{bar}</div> }
}

/// Data provenance and licences, from the manifest.
#[component]
fn Footer() -> impl IntoView {
    let market = use_data().market;
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
                <h2 class="visually-hidden">"About the data"</h2>
                {move || market.get().and_then(Result::ok).map(|m| view! {
                    <ul class="provenance" data-testid="provenance">
                        {m.manifest.attribution.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        </footer>
    }
}
