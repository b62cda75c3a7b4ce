//! Prices paid, from the placements ledger: the spread per category × placing borough × funder,
//! each borough against the footprint and its usual rate, self-funders' fees against council
//! prices, homes several boroughs use, and the flow of placements between boroughs.
//!
//! Prices paid are commercially sensitive: only commissioners and administrators signed in to the
//! live service see them, and the service works them out within each reader's remit
//! (`GET /api/analytics/prices`, with the category, funder and changed usual rates kept in the
//! URL). The page says plainly why others do not see them; a static copy, being public, shows
//! none.

mod figures;

use super::ledger_upload::LedgerUpload;
use super::{api, or_dash, set_query};
use crate::data_context::use_data;
use crate::data_source::MarketData;
use crate::router::use_location;
use figures::PriceFigures;
use leptos::prelude::*;
use market_model::analytics::ledger::Funder;
use market_model::analytics::prices::Difference;
use market_model::brokerage::rates::UsualRates;
use market_model::presentation::format::{format_percent, format_pounds_rounded};
use market_model::primitives::money::Pence;
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

/// Whether the reader may see prices paid, and if not, why.
#[derive(Clone, Debug, PartialEq)]
enum Access {
    /// Static hosting, which anyone can read.
    Public,
    /// A commissioner or administrator on the live service.
    Entitled,
    /// Nobody is signed in to the live service.
    SignedOut,
    /// Signed in with another role (named).
    OtherRole(String),
}

/// The URL keys this section keeps its choices under.
fn owns(key: &str) -> bool {
    matches!(key, "category" | "funder" | "rate")
}

/// "£120 above (9.4%)", "£100 below (7.7%)", "the same", or a dash. In words rather than signs:
/// a CSV cell starting with "+" or "-" is guarded against spreadsheet formulas, and would then
/// differ from the table.
fn difference(d: Option<Difference>) -> String {
    or_dash(d.map(|d| {
        let side = if d.pounds < 0.0 { "below" } else { "above" };
        let pounds = format_pounds_rounded(d.pounds.abs());
        if pounds == "£0" {
            "the same".to_string()
        } else {
            format!("{pounds} {side} ({})", format_percent(d.share.abs()))
        }
    }))
}

/// "All funders" or the funder's label.
fn funder_label(funder: Option<Funder>) -> &'static str {
    funder.map_or("All funders", Funder::label)
}

/// The prices section: who may see it, the filters, the upload and the figures.
#[component]
pub fn PricesSection(data: Arc<MarketData>) -> impl IntoView {
    let ctx = use_data();
    let location = use_location();
    let version = RwSignal::new(0u32);
    let access = Memo::new(move |_| {
        if !ctx.live.get() {
            return Access::Public;
        }
        match ctx.user.get() {
            None => Access::SignedOut,
            Some(u) if matches!(u.role.as_str(), "commissioner" | "admin") => Access::Entitled,
            Some(u) => Access::OtherRole(u.role),
        }
    });
    let funder = Memo::new(move |_| {
        let key = location.param("funder")?;
        Funder::ALL.into_iter().find(|f| f.key() == key)
    });
    let category = Memo::new(move |_| {
        location
            .param("category")
            .and_then(|k| BedCategory::from_key(&k))
            .unwrap_or(BedCategory::Nursing)
    });
    // Usual rates: the sample table with the URL's overrides (`rate=E09000003:nursing:1300,…`).
    let rates = Memo::new(move |_| {
        let mut rates = UsualRates::default();
        if let Some(text) = location.param("rate") {
            // An override that cannot be read leaves the table as it was.
            let _ = rates.apply_overrides(&text);
        }
        rates
    });
    let on = crate::clock::today();
    let analysis = LocalResource::new(move || {
        let (access, funder, base) = (access.get(), funder.get(), ctx.api.get());
        let rates = rates.get();
        version.track();
        async move {
            match access {
                Access::Entitled => Some(api::prices(&base?, funder, on, &rates).await),
                _ => None,
            }
        }
    });
    let boroughs = data.footprint.borough_choices();
    let entitled = move || access.get() == Access::Entitled;

    let notice = move || {
        match access.get() {
        Access::Public => view! {
            <p class="inset" data-testid="prices-withheld">"Prices paid for placements are commercially sensitive, so this public copy of Care Market does not show them. On the live service they are shown to commissioners and administrators who sign in."</p>
        }.into_any(),
        Access::Entitled => view! {
            <p class="inset">"Prices paid for placements are commercially sensitive: shown to commissioners and administrators only. Do not share them outside the councils. Other boroughs' figures need five homes and omit the extremes."</p>
        }.into_any(),
        Access::SignedOut => view! {
            <p class="inset" data-testid="prices-withheld">"Prices paid for placements are shown to commissioners and administrators only, because they are commercially sensitive. " <a href="/sign-in">"Sign in"</a> " as a commissioner to see them."</p>
        }.into_any(),
        Access::OtherRole(role) => view! {
            <p class="inset" data-testid="prices-withheld">{format!("You are signed in as a {role}. Prices paid for placements are shown to commissioners and administrators only, because they are commercially sensitive.")}</p>
        }.into_any(),
    }
    };

    let figures = move || {
        let (category, data) = (category.get(), data.clone());
        let analysis = analysis;
        Suspend::new(async move {
            match analysis.await {
                Some(Ok(a)) => view! { <PriceFigures data analysis=a category/> }.into_any(),
                Some(Err(e)) => view! {
                    <div class="error-summary" role="alert">
                        <h3 class="error-summary__title">"Prices paid could not be loaded"</h3>
                        <p>{e.message}</p>
                    </div>
                }
                .into_any(),
                None => ().into_any(),
            }
        })
    };

    view! {
        <section aria-labelledby="prices" class="analytics-section">
            <h2 id="prices">"Prices paid"</h2>
            {notice}
            {move || entitled().then(|| {
                let (figures, boroughs) = (figures.clone(), boroughs.clone());
                view! {
                    <PriceFilters category funder/>
                    <RateFields boroughs=boroughs.clone() category rates/>
                    <Transition fallback=|| view! { <p class="loading" role="status">"Loading prices paid…"</p> }>
                        {figures}
                    </Transition>
                }
            })}
            <Show when=move || access.get() == Access::Entitled>
                <LedgerUpload version/>
            </Show>
        </section>
    }
}

/// The bed category and funder the figures show, kept in the URL.
#[component]
fn PriceFilters(category: Memo<BedCategory>, funder: Memo<Option<Funder>>) -> impl IntoView {
    let location = use_location();
    let choose = move |key: &'static str, value: String| {
        set_query(
            location,
            owns,
            &[(key, (!value.is_empty()).then_some(value))],
        );
    };
    view! {
        <form class="filters-row" on:submit=|ev| ev.prevent_default()>
            <div class="field">
                <label for="price-category">"Bed category"</label>
                <select id="price-category" data-testid="price-category"
                    on:change:target=move |ev| choose("category", ev.target().value())>
                    {BedCategory::ALL.into_iter().map(|c| view! {
                        <option value=c.key() selected=move || category.get() == c>{c.label()}</option>
                    }).collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="price-funder">"Funder"</label>
                <select id="price-funder" data-testid="price-funder"
                    on:change:target=move |ev| choose("funder", ev.target().value())>
                    <option value="" selected=move || funder.get().is_none()>"All funders"</option>
                    {Funder::ALL.into_iter().map(|f| view! {
                        <option value=f.key() selected=move || funder.get() == Some(f)>{f.label()}</option>
                    }).collect_view()}
                </select>
            </div>
        </form>
    }
}

/// Each borough's usual rate for the chosen category, editable; changes go into the URL as
/// overrides of the sample table.
#[component]
fn RateFields(
    boroughs: Vec<(String, String)>,
    category: Memo<BedCategory>,
    rates: Memo<UsualRates>,
) -> impl IntoView {
    let location = use_location();
    let fields = boroughs
        .into_iter()
        .map(|(code, name)| {
            let id = format!("usual-rate-{code}");
            let shown = code.clone();
            let value = move || {
                rates
                    .get()
                    .get(&shown, category.get())
                    .map(|p| p.as_pounds_f64().to_string())
                    .unwrap_or_default()
            };
            let change = move |text: String| {
                let Ok(rate) = text.trim().parse::<Pence>() else {
                    return;
                };
                if rate.0 == 0 {
                    return;
                }
                let mut table = rates.get_untracked();
                table.set(&code, category.get_untracked(), rate);
                let overrides = table.overrides_from(&UsualRates::default());
                set_query(
                    location,
                    |_| false,
                    &[("rate", (!overrides.is_empty()).then_some(overrides))],
                );
            };
            view! {
                <div class="field field--rate">
                    <label for=id.clone()>{name}</label>
                    <input id=id.clone() data-testid=id type="text" inputmode="decimal"
                        prop:value=value on:change:target=move |ev| change(ev.target().value())/>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="rates rates--usual">
            <legend>{move || format!("Usual rate for a {} bed, £ a week", category.get().label().to_ascii_lowercase())}</legend>
            <div class="rate-row">{fields}</div>
        </fieldset>
    }
}
