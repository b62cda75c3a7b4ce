//! The shell around every page (header, navigation, sample-data notice, footer) and the routes.

use crate::components::sample_notice::SampleNotice;
use crate::data_context::{provide_data_context, use_data, DataContext};
use crate::pages::admin_page::AdminPage;
use crate::pages::analytics_page::AnalyticsPage;
use crate::pages::find_page::FindPage;
use crate::pages::map_page::MapPage;
use crate::pages::market_page::MarketPage;
use crate::pages::not_found_page::NotFoundPage;
use crate::pages::referrals_page::ReferralsPage;
use crate::pages::return_page::ReturnPage;
use crate::pages::sign_in_page::SignInPage;
use crate::router::provide_location;
use crate::service;
use leptos::prelude::*;

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let location = provide_location();
    let DataContext {
        user, configured, ..
    } = provide_data_context();
    let current = move |path: &'static str| move || (location.path.get() == path).then_some("page");

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
                            {move || user.with(|u| u.as_ref().is_some_and(|u| u.role != "provider")).then(|| view! {
                                <li><a href="/referrals" aria-current=current("/referrals")>"Referrals"</a></li>
                            })}
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
        "/referrals" => view! { <ReferralsPage/> }.into_any(),
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
                data.reload();
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
    let data = use_data();
    view! {
        <footer class="site-footer">
            <div class="site-footer__inner">
                <h2 class="visually-hidden">"About the data"</h2>
                {move || data.register_now().map(|m| view! {
                    <ul class="provenance" data-testid="provenance">
                        {m.manifest.attribution.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}
                    </ul>
                })}
            </div>
        </footer>
    }
}
