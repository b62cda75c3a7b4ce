//! The same homes as the map, as a sortable table: the map is never the only way to the data.
//! The whole filtered list can be downloaded as CSV.

use super::vacancy_map::describe;
use super::MapState;
use crate::components::download::download_csv;
use crate::data_source::MarketData;
use leptos::prelude::*;
use market_model::presentation::format::{format_count, format_day_month_year};
use market_model::presentation::map_view::SortKey;
use market_model::primitives::csv::to_csv;
use market_model::primitives::week::Week;
use market_model::returns::capacity_return::BedCategory;
use market_model::returns::home_status::{Freshness, LatestReturn};

/// Rows drawn at first, and added by each "Show more" (the CSV has every home): a filter change
/// redraws at most these, so it paints at once; drawing the rows of all 350 sample homes was
/// most of a filter change's time.
const PAGE: usize = 50;

fn returned(freshness: Freshness) -> String {
    match freshness {
        Freshness::Current => "This week".to_string(),
        Freshness::Stale(1) => "1 week earlier".to_string(),
        Freshness::Stale(n) => format!("{n} weeks earlier"),
        Freshness::Missing => "No return".to_string(),
    }
}

/// Sorts home indices by `key` (ties by name) in the week's statuses `st`.
fn sort_rows(
    rows: &mut [usize],
    d: &MarketData,
    st: &[LatestReturn],
    (key, descending, category): (SortKey, bool, Option<BedCategory>),
) {
    rows.sort_by(|&a, &b| {
        let o = key.compare(&d.status(a, &st[a]), &d.status(b, &st[b]), category);
        if descending {
            o.reverse()
        } else {
            o
        }
    });
}

/// The homes shown, in the order the view's sort asks for.
fn sorted_homes(state: MapState) -> Memo<Vec<usize>> {
    // Every home in name order, sorted once: the default order is this list filtered, so a
    // filter change over 15,000 homes compares no names.
    let by_name = state.data.with_value(|d| {
        state.statuses.with_untracked(|st| {
            let mut all: Vec<usize> = (0..d.homes.len()).collect();
            sort_rows(&mut all, d, st, (SortKey::Name, false, None));
            all
        })
    });
    Memo::new(move |_| {
        let order = state.view.with(|v| {
            (
                v.sort.unwrap_or(SortKey::Name),
                v.descending,
                v.filter.category,
            )
        });
        if let (SortKey::Name, false, _) = order {
            let shown = state.shown_mask();
            return by_name.iter().copied().filter(|&i| shown[i]).collect();
        }
        let mut rows = state.shown.get();
        state
            .data
            .with_value(|d| state.statuses.with(|st| sort_rows(&mut rows, d, st, order)));
        rows
    })
}

/// A column heading that sorts by `key`: first ascending, then descending (Name ascending is
/// the default, kept out of the URL).
fn sort_header(state: MapState, key: SortKey, label: &'static str, numeric: bool) -> impl IntoView {
    let sort_by = move |_| {
        let mut view = state.view.get_untracked();
        let current = view.sort.unwrap_or(SortKey::Name);
        view.descending = current == key && !view.descending;
        view.sort = Some(key).filter(|k| *k != SortKey::Name || view.descending);
        state.set_view(view);
    };
    let aria_sort = move || {
        state.view.with(|v| {
            if v.sort.unwrap_or(SortKey::Name) != key {
                "none"
            } else if v.descending {
                "descending"
            } else {
                "ascending"
            }
        })
    };
    view! {
        <th scope="col" class:num=numeric aria-sort=aria_sort>
            <button type="button" class="sort" on:click=sort_by>{label}</button>
        </th>
    }
}

/// Home `i`'s row in the week's statuses, for bed category `category`.
fn home_row(state: MapState, i: usize, category: Option<BedCategory>) -> impl IntoView {
    let cells = state.data.with_value(|d| {
        let home = &d.homes[i];
        let status = state.statuses.with_untracked(|st| d.status(i, &st[i]));
        let vacancies = status
            .vacancies(category)
            .map_or("–".to_string(), |v| v.to_string());
        (
            home.name.clone(),
            d.borough_name(i),
            home.care_type.label(),
            home.registered_beds,
            vacancies,
            describe(&status, category),
            home.rating.map_or("Not yet rated", |r| r.label()),
            returned(status.freshness),
        )
    });
    let (name, borough, care_type, beds, vacancies, this_week, rating, latest) = cells;
    let open = move |_| state.select(Some(i));
    view! {
        <tr data-testid="home-row">
            <th scope="row"><button type="button" class="link-button" on:click=open>{name}</button></th>
            <td>{borough}</td>
            <td>{care_type}</td>
            <td class="num">{beds}</td>
            <td class="num" data-col="vacancies">{vacancies}</td>
            <td>{this_week}</td>
            <td>{rating}</td>
            <td>{latest}</td>
        </tr>
    }
}

/// Every home shown (not only the rows listed), in the list's order, as CSV.
fn homes_csv(state: MapState, sorted: Memo<Vec<usize>>) -> String {
    let category = state.view.with_untracked(|v| v.filter.category);
    sorted.with_untracked(|ids| {
        state.data.with_value(|d| {
            state.statuses.with_untracked(|st| {
                to_csv(
                    &[
                        "CQC location ID",
                        "Name",
                        "Provider",
                        "Address",
                        "Postcode",
                        "Borough",
                        "Care type",
                        "Registered beds",
                        "Vacant beds accepting admissions",
                        "Status",
                        "CQC rating",
                        "Latest return",
                    ],
                    ids.iter().map(|&i| {
                        let h = &d.homes[i];
                        let s = d.status(i, &st[i]);
                        vec![
                            h.id.clone(),
                            h.name.clone(),
                            h.provider.clone(),
                            h.address.clone(),
                            h.postcode.clone(),
                            d.borough_name(i),
                            h.care_type.label().to_string(),
                            h.registered_beds.to_string(),
                            s.vacancies(category)
                                .map_or(String::new(), |v| v.to_string()),
                            describe(&s, category),
                            h.rating.map_or(String::new(), |r| r.label().to_string()),
                            s.latest.map_or(String::new(), |r| r.week.to_string()),
                        ]
                    }),
                )
            })
        })
    })
}

/// The filtered homes, sorted as the URL says.
#[component]
pub fn HomeList() -> impl IntoView {
    let state = expect_context::<MapState>();
    let sorted = sorted_homes(state);
    let header = move |key, label, numeric| sort_header(state, key, label, numeric);
    // Rows are keyed by home, week and bed category, so a filter change only adds and removes
    // rows, and a week or category change redraws the figures.
    let listed = RwSignal::new(PAGE);
    let keys = move || {
        let (week, category) = (state.week.get(), state.view.with(|v| v.filter.category));
        sorted.with(|ids| {
            ids.iter()
                .take(listed.get())
                .map(|&i| (i, week, category))
                .collect::<Vec<_>>()
        })
    };
    let row = move |(i, _week, category): (usize, Week, Option<BedCategory>)| {
        home_row(state, i, category)
    };
    let export = move |_| {
        let week = state.week.get_untracked();
        download_csv(
            &format!("care-homes-week-commencing-{week}.csv"),
            &homes_csv(state, sorted),
        );
    };
    let more = move || {
        let (n, shown) = (state.shown.with(Vec::len), listed.get());
        (n > shown).then(|| view! {
            <p class="inset" data-testid="list-more">
                {format!("Showing the first {} of {} homes (the CSV has them all). ", format_count(shown as u64), format_count(n as u64))}
                <button type="button" class="link-button" on:click=move |_| listed.update(|l| *l += PAGE)>"Show more"</button>
            </p>
        })
    };

    view! {
        <section aria-labelledby="list-heading" class="home-list">
            <div class="section-head">
                <h2 id="list-heading">"Homes shown on the map"</h2>
                <button type="button" class="button button--secondary" on:click=export data-testid="export-csv">"Download CSV"</button>
            </div>
            <div class="table-scroll" role="region" aria-labelledby="list-caption" tabindex="0">
                <table class="data" data-testid="home-list">
                    <caption id="list-caption">{move || format!("Care homes matching the filters, week commencing {}. Choose a column heading to sort.", format_day_month_year(state.week.get().monday()))}</caption>
                    <thead>
                        <tr>
                            {header(SortKey::Name, "Home", false)}
                            {header(SortKey::Borough, "Borough", false)}
                            <th scope="col">"Care type"</th>
                            {header(SortKey::Beds, "Beds", true)}
                            {header(SortKey::Vacancies, "Vacant beds", true)}
                            <th scope="col">"This week"</th>
                            {header(SortKey::Rating, "CQC rating", false)}
                            {header(SortKey::Returned, "Latest return", false)}
                        </tr>
                    </thead>
                    <tbody><For each=keys key=|k| *k children=row/></tbody>
                </table>
            </div>
            {more}
        </section>
    }
}
