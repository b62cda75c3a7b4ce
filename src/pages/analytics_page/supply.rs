//! Supply: registered beds per borough by category, and per 1,000 people aged 65+, 75+ and 85+.

use super::or_dash;
use crate::chart::{bar_chart, stacked_bar_chart, Chart, Labels, Series, Unit};
use crate::components::figure::{Figure, FigureTable};
use leptos::prelude::*;
use market_model::analytics::supply::{AgeGroup, AreaSupply, SizeBand, Supply};
use market_model::presentation::format::{format_count, format_decimal};
use market_model::register::home::CqcRating;
use market_model::returns::capacity_return::BedCategory;
use std::sync::Arc;

/// The supply section: beds by borough and category, and beds per 1,000 older people.
#[component]
pub fn SupplySection(supply: Arc<Supply>) -> impl IntoView {
    let areas: Vec<&AreaSupply> = supply.boroughs.iter().chain([&supply.total]).collect();
    let population = supply
        .boroughs
        .first()
        .map(|b| format!("{}, {}", b.population.source, b.population.year))
        .unwrap_or_default();

    let mut beds = FigureTable::new(
        "Care homes and registered beds by borough and bed category (each home's beds in its main category)",
        &["Borough", "Homes", "Residential", "Residential dementia", "Nursing", "Nursing dementia", "All beds"],
    );
    for a in &areas {
        let mut row = vec![a.name.clone(), format_count(a.homes.total().into())];
        row.extend(BedCategory::LONG_STAY.map(|c| format_count(a.beds_in(c).into())));
        row.push(format_count(a.beds.total().into()));
        beds.rows.push(row);
    }
    let names: Vec<String> = supply.boroughs.iter().map(|b| b.name.clone()).collect();
    let beds_chart = stacked_bar_chart(&Chart {
        labels: Labels {
            id: "supply-beds-chart".into(),
            title: "Registered beds by borough and category".into(),
            description:
                "Registered beds in each borough, stacked by each home's main bed category.".into(),
            x_label: "Borough".into(),
            y_label: "Registered beds".into(),
            unit: Unit::Number,
        },
        categories: names.clone(),
        series: BedCategory::LONG_STAY
            .iter()
            .map(|c| Series {
                name: c.label().into(),
                values: supply
                    .boroughs
                    .iter()
                    .map(|b| Some(f64::from(b.beds_in(*c))))
                    .collect(),
            })
            .collect(),
    });

    let mut rates = FigureTable::new(
        format!("Registered beds per 1,000 older people by borough (population: {population})"),
        &[
            "Borough",
            "Beds",
            "People aged 65+",
            "Beds per 1,000 aged 65+",
            "People aged 75+",
            "Beds per 1,000 aged 75+",
            "People aged 85+",
            "Beds per 1,000 aged 85+",
        ],
    );
    for a in &areas {
        let mut row = vec![a.name.clone(), format_count(a.beds.total().into())];
        for age in AgeGroup::ALL {
            row.push(format_count(age.of(&a.population).into()));
            row.push(or_dash(a.beds_per_1000(age).map(format_decimal)));
        }
        rates.rows.push(row);
    }
    let mut categories = names;
    categories.push(supply.total.name.clone());
    let rates_chart = bar_chart(&Chart {
        labels: Labels {
            id: "supply-rates-chart".into(),
            title: "Registered beds per 1,000 older people".into(),
            description: format!("Registered beds per 1,000 people aged 65+, 75+ and 85+ in each borough and the footprint; population {population}."),
            x_label: "Area".into(),
            y_label: "Beds per 1,000 people".into(),
            unit: Unit::Number,
        },
        categories,
        series: AgeGroup::ALL
            .iter()
            .map(|age| Series {
                name: format!("Per 1,000 aged {}", age.label()),
                values: areas.iter().map(|a| a.beds_per_1000(*age)).collect(),
            })
            .collect(),
    });

    // Homes by size and CQC rating.
    let ratings = [
        Some(CqcRating::Outstanding),
        Some(CqcRating::Good),
        Some(CqcRating::RequiresImprovement),
        Some(CqcRating::Inadequate),
        None,
    ];
    let rating_label = |r: Option<CqcRating>| r.map_or("Not yet rated", CqcRating::label);
    let mut mix_columns = vec!["Borough"];
    mix_columns.extend(SizeBand::ALL.map(SizeBand::label));
    mix_columns.extend(ratings.map(rating_label));
    let mut mix = FigureTable::new(
        "Care homes by size (registered beds) and by CQC rating, per borough",
        &mix_columns,
    );
    for a in &areas {
        let mut row = vec![a.name.clone()];
        row.extend(SizeBand::ALL.map(|b| format_count(a.homes_of_size(b).into())));
        row.extend(ratings.map(|r| format_count(a.ratings.count(r).into())));
        mix.rows.push(row);
    }
    let mix_chart = stacked_bar_chart(&Chart {
        labels: Labels {
            id: "supply-ratings-chart".into(),
            title: "Care homes by CQC rating".into(),
            description: "Care homes in each borough, stacked by their CQC rating.".into(),
            x_label: "Borough".into(),
            y_label: "Care homes".into(),
            unit: Unit::Number,
        },
        categories: supply.boroughs.iter().map(|b| b.name.clone()).collect(),
        series: ratings
            .iter()
            .map(|r| Series {
                name: rating_label(*r).into(),
                values: supply
                    .boroughs
                    .iter()
                    .map(|b| Some(f64::from(b.ratings.count(*r))))
                    .collect(),
            })
            .collect(),
    });

    view! {
        <section aria-labelledby="supply" class="analytics-section">
            <h2 id="supply">"Supply"</h2>
            <p>"From the register of care homes: every registered home, whether or not it returned this week."</p>
            <Figure id="supply-beds" title="Registered beds by borough and category" svg=Some(beds_chart) table=beds
                note="The register does not split a home's beds, so all of a home's beds count in its main category."/>
            <Figure id="supply-rates" title="Beds per 1,000 older people" svg=Some(rates_chart) table=rates
                note=format!("Population: {population}.")/>
            <Figure id="supply-homes" title="Care homes by size and CQC rating" svg=Some(mix_chart) table=mix/>
        </section>
    }
}
