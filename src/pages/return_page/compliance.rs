//! Commissioners' view of the weekly returns: per borough, how many homes returned on time, late
//! or not at all, and a chase list of the late and missing homes with whom to call (CSV too).

use super::WeekLinks;
use crate::components::data_table::DataTable;
use crate::components::download::download_csv;
use crate::data_context::use_data;
use crate::router::use_location;
use crate::service::{self, Compliance};
use leptos::prelude::*;
use market_model::presentation::format::{format_day_month_year, format_percent};
use market_model::primitives::csv::to_csv;
use market_model::primitives::week::Week;

fn label(status: &str) -> &'static str {
    match status {
        "on_time" => "On time",
        "late" => "Late",
        _ => "Missing",
    }
}

/// The week's returns compliance for the boroughs the user oversees.
#[component]
pub fn ComplianceView(this_week: Week) -> impl IntoView {
    let location = use_location();
    let api = use_data().api.get_untracked().unwrap_or_default();
    let week = Memo::new(move |_| {
        location
            .param("week")
            .and_then(|w| w.parse::<Week>().ok())
            .filter(|w| *w <= this_week)
            .unwrap_or(this_week)
    });
    let report = LocalResource::new(move || {
        let (api, week) = (api.clone(), week.get());
        async move { service::compliance(&api, week).await }
    });
    view! {
        <h2>{move || format!("Returns for the week commencing {}", format_day_month_year(week.get().monday()))}</h2>
        <WeekLinks week this_week home=None/>
        {move || report.get().map(|r| match r {
            Ok(c) => view! { <Report c week=week.get()/> }.into_any(),
            Err(e) => view! { <p role="alert">{e.message}</p> }.into_any(),
        })}
    }
}

#[component]
fn Report(c: Compliance, week: Week) -> impl IntoView {
    let chase: Vec<[String; 6]> = c
        .homes
        .iter()
        .filter(|h| h.status != "on_time")
        .map(|h| {
            let contact = h.contact.clone().unwrap_or_default();
            [
                h.name.clone(),
                h.provider.clone(),
                label(&h.status).to_string(),
                contact.name,
                contact.phone,
                contact.hours,
            ]
        })
        .collect();
    let csv = to_csv(
        &[
            "Home",
            "Provider",
            "Status",
            "Contact",
            "Telephone",
            "Hours",
        ],
        chase.iter().map(|r| r.to_vec()),
    );
    let filename = format!("returns-chase-list-{week}.csv");
    view! {
        <DataTable id="compliance" heading="Returns by borough" testid="compliance-table"
            caption=format!("Homes due to return, returned on time or late, and missing, week commencing {}", format_day_month_year(week.monday()))
            columns=vec!["Borough", "Due", "On time", "Late", "Missing", "Returned"]>
            <tbody>
                {c.boroughs.into_iter().map(|b| view! {
                    <tr>
                        <th scope="row">{b.name}</th>
                        <td class="num">{b.due}</td>
                        <td class="num">{b.on_time}</td>
                        <td class="num">{b.late}</td>
                        <td class="num">{b.missing}</td>
                        <td class="num">{if b.due == 0 { "–".to_string() } else { format_percent(f64::from(b.on_time + b.late) / f64::from(b.due)) }}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </DataTable>
        <DataTable id="chase" heading="Chase list" testid="chase-table"
            caption="Homes whose return is late or missing, with whom to call"
            columns=vec!["Home", "Provider", "Status", "Contact", "Telephone", "Hours"]>
            <tbody>
                {chase.into_iter().map(|r| view! {
                    <tr>{r.into_iter().enumerate().map(|(i, cell)| if i == 0 {
                        view! { <th scope="row">{cell}</th> }.into_any()
                    } else {
                        view! { <td>{cell}</td> }.into_any()
                    }).collect_view()}</tr>
                }).collect_view()}
            </tbody>
        </DataTable>
        <button type="button" class="button" data-testid="export-chase" on:click=move |_| download_csv(&filename, &csv)>"Download the chase list (CSV)"</button>
    }
}
