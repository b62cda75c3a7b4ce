//! The vacancy map (`/map`): every home on a map the app draws itself, filtered and shaded from
//! the URL, with a details panel and an accessible list of the same homes.

mod camera;
mod filter_panel;
mod home_details;
mod home_list;
mod map_legend;
mod vacancy_map;

use crate::chart::classes::{class_of, equal_interval_edges};
use crate::components::deferred::Deferred;
use crate::components::page_title::use_page_title;
use crate::components::render_mark::RenderMark;
use crate::components::with_market_data::WithMarketData;
use crate::data_context::Need;
use crate::data_source::MarketData;
use crate::router::{use_location, Location};
use filter_panel::FilterPanel;
use home_details::HomeDetails;
use home_list::HomeList;
use leptos::prelude::*;
use map_legend::MapLegend;
use market_model::analytics::market::summarise_market;
use market_model::presentation::format::format_count;
use market_model::presentation::map_view::{MapView, Shading};
use market_model::primitives::week::Week;
use market_model::returns::home_status::{latest_returns, LatestReturn};
use std::sync::Arc;
use vacancy_map::{VacancyMap, SHADE_CLASSES};

/// What the page's parts share: the data and the derived, memoised state.
#[derive(Clone, Copy)]
pub struct MapState {
    /// The loaded data.
    pub data: StoredValue<Arc<MarketData>>,
    /// The view from the URL.
    pub view: Memo<MapView>,
    /// The week shown.
    pub week: Memo<Week>,
    /// Every home's status in that week, by home index.
    pub statuses: Memo<Vec<LatestReturn>>,
    /// Indices of the homes that pass the filters, in home order.
    pub shown: Memo<Vec<usize>>,
    /// Index of the home whose details are open.
    pub selected: Memo<Option<usize>>,
    /// Borough shading, when the view asks for it.
    pub shade: Memo<Option<Shade>>,
    /// The address the view lives in.
    pub location: Location,
}

/// Boroughs shaded by a measure: the class edges (for the legend) and each borough's class, in
/// footprint order (`None` where the measure has no value).
#[derive(Clone, Debug, PartialEq)]
pub struct Shade {
    /// The measure.
    pub shading: Shading,
    /// Class edges, lowest first.
    pub edges: Vec<f64>,
    /// Each borough's class.
    pub classes: Vec<Option<usize>>,
}

impl MapState {
    /// Replaces the view, keeping it in the URL (without a new history entry or a scroll).
    pub fn set_view(&self, view: MapView) {
        self.location
            .go(&format!("/map{}", view.to_query_string()), true);
    }

    /// Whether each home, by index, passes the filters (tracked, like `shown`).
    pub fn shown_mask(&self) -> Vec<bool> {
        let mut mask = vec![false; self.data.with_value(|d| d.homes.len())];
        self.shown.with(|s| s.iter().for_each(|&i| mask[i] = true));
        mask
    }

    /// Opens the details of home `i`, or closes them.
    pub fn select(&self, i: Option<usize>) {
        let mut view = self.view.get_untracked();
        view.selected = i.map(|i| self.data.with_value(|d| d.homes[i].id.clone()));
        self.set_view(view);
    }
}

/// The vacancy map page.
#[component]
pub fn MapPage() -> impl IntoView {
    use_page_title("Vacancy map");
    view! {
        <div class="page page--wide">
            <h1>"Vacancy map"</h1>
            <WithMarketData loading="Loading the map…" need=Need::LatestAsAt render=|data| view! { <MapBody data/> }.into_any()/>
        </div>
    }
}

#[component]
fn MapBody(data: Arc<MarketData>) -> impl IntoView {
    let location = use_location();
    let view = Memo::new(move |_| {
        let pairs = location.params();
        MapView::from_query(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    });
    let data = StoredValue::new(data);
    let week = Memo::new(move |_| {
        let requested = view.with(|v| v.week);
        data.with_value(|d| {
            requested
                .filter(|w| d.weeks.contains(w))
                .unwrap_or(d.latest_week())
        })
    });
    let statuses = Memo::new(move |_| {
        let week = week.get();
        data.with_value(|d| latest_returns(&d.homes, &d.returns, week))
    });
    let shown = Memo::new(move |_| {
        let filter = view.with(|v| v.filter.clone());
        data.with_value(|d| {
            statuses.with(|rows| {
                rows.iter()
                    .enumerate()
                    .filter(|(i, row)| filter.matches(&d.status(*i, row)))
                    .map(|(i, _)| i)
                    .collect()
            })
        })
    });
    let selected = Memo::new(move |_| {
        let id = view.with(|v| v.selected.clone())?;
        data.with_value(|d| d.homes.iter().position(|h| h.id == id))
    });
    // Summarised only when shading is on, and once per week.
    let summary = Memo::new(move |_| {
        let week = week.get();
        data.with_value(|d| summarise_market(&d.footprint, &d.homes, &d.returns, week))
    });
    let shade = Memo::new(move |_| {
        let shading = view.with(|v| v.shading)?;
        summary.with(|s| {
            let values: Vec<Option<f64>> = s.boroughs.iter().map(|b| shading.value(b)).collect();
            let finite: Vec<f64> = values.iter().flatten().copied().collect();
            let edges = equal_interval_edges(&finite, SHADE_CLASSES)?;
            let classes = values
                .iter()
                .map(|v| v.map(|v| class_of(v, &edges)))
                .collect();
            Some(Shade {
                shading,
                edges,
                classes,
            })
        })
    });
    let state = MapState {
        data,
        view,
        week,
        statuses,
        shown,
        selected,
        shade,
        location,
    };
    provide_context(state);

    let counts = move || {
        let category = view.with(|v| v.filter.category);
        let (homes, vacant) = data.with_value(|d| {
            statuses.with(|rows| {
                shown.with(|shown| {
                    let vacant: u32 = shown
                        .iter()
                        .filter_map(|&i| d.status(i, &rows[i]).vacancies(category))
                        .sum();
                    (shown.len(), vacant)
                })
            })
        });
        format!(
            "{} {}, {} vacant {} accepting admissions shown",
            format_count(homes as u64),
            if homes == 1 { "home" } else { "homes" },
            format_count(vacant.into()),
            if vacant == 1 { "bed" } else { "beds" }
        )
    };

    view! {
        <div class="map-layout">
            <FilterPanel/>
            <div class="map-main">
                <p class="map-counts" role="status" aria-live="polite" data-testid="map-counts">{counts}</p>
                <VacancyMap/>
                <MapLegend/>
            </div>
            <HomeDetails/>
        </div>
        // The list below the map is built once the map is painted; the page is rendered with it.
        <Deferred><HomeList/><RenderMark name="vacancy-map-rendered"/></Deferred>
    }
}
