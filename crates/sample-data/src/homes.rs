//! Sample care homes: placed at random inside the real borough boundaries, with plausible sizes,
//! care types, specialisms and CQC ratings. Names and providers are invented.

use crate::rng::SplitMix64;
use chrono::{Duration, NaiveDate};
use market_model::primitives::geometry::{contains, Bounds, Point};
use market_model::register::footprint::Footprint;
use market_model::register::home::{CareHome, CareType, CqcRating, Specialism};
use std::collections::BTreeSet;

/// Per borough: the published size of its care-home market, its neighbourhoods and postcode
/// districts. Sources (README, "Data"): Barnet 84 homes and 2,505 beds (Barnet Council, 2020);
/// Enfield 82 homes and 1,800 beds (Enfield Council Health Scrutiny Panel, 2020); Camden 11,
/// Haringey 34 and Islington 16 homes (Public Health England outbreak data, May 2020).
struct Locale {
    gss_code: &'static str,
    /// Care homes, as published.
    homes: usize,
    /// Registered beds, where published; otherwise the homes at [`MEAN_BEDS`] each.
    beds: Option<u32>,
    /// The chance a home is a nursing home.
    nursing: f64,
    areas: &'static [&'static str],
    districts: &'static [&'static str],
}

/// Beds per home where a borough's beds are not published: the mean of Barnet's and Enfield's
/// published figures, (2,505 + 1,800) / (84 + 82).
const MEAN_BEDS: f64 = 4_305.0 / 166.0;

/// The chance a home is a nursing home: with the sizes drawn below, about half of all beds are
/// then nursing beds, as in England (4.9 of 10.1 beds per 100 people aged 75+ in 2018, Nuffield
/// Trust QualityWatch). Barnet's market is residential-led: 23 of its 102 homes were nursing
/// homes (CQC, June 2015).
const NURSING: f64 = 0.24;

const LOCALES: [Locale; 5] = [
    Locale {
        gss_code: "E09000003", // Barnet: the most homes and beds in the sub-region.
        homes: 84,
        beds: Some(2_505),
        nursing: 23.0 / 102.0,
        areas: &[
            "Finchley",
            "Hendon",
            "Edgware",
            "Mill Hill",
            "Golders Green",
            "Totteridge",
            "Whetstone",
            "Colindale",
            "East Barnet",
            "Friern Barnet",
            "Burnt Oak",
            "Cricklewood",
            "Hadley",
        ],
        districts: &[
            "N2", "N3", "N11", "N12", "N20", "NW4", "NW7", "NW9", "NW11", "EN4", "EN5", "HA8",
        ],
    },
    Locale {
        gss_code: "E09000007", // Camden
        homes: 11,
        beds: None,
        nursing: NURSING,
        areas: &[
            "Hampstead",
            "Kentish Town",
            "Belsize Park",
            "Kilburn",
            "Gospel Oak",
            "Swiss Cottage",
            "West Hampstead",
            "Camden Town",
            "Somers Town",
            "Highgate",
        ],
        districts: &["NW1", "NW3", "NW5", "NW6", "N6", "WC1"],
    },
    Locale {
        gss_code: "E09000010", // Enfield
        homes: 82,
        beds: Some(1_800),
        nursing: NURSING,
        areas: &[
            "Edmonton",
            "Southgate",
            "Palmers Green",
            "Winchmore Hill",
            "Ponders End",
            "Enfield Town",
            "Bush Hill Park",
            "Enfield Lock",
            "Cockfosters",
            "Oakwood",
            "Bowes Park",
        ],
        districts: &["EN1", "EN2", "EN3", "N9", "N13", "N14", "N18", "N21"],
    },
    Locale {
        gss_code: "E09000014", // Haringey
        homes: 34,
        beds: None,
        nursing: NURSING,
        areas: &[
            "Tottenham",
            "Hornsey",
            "Muswell Hill",
            "Wood Green",
            "Crouch End",
            "Highgate",
            "Harringay",
            "Stroud Green",
            "Bounds Green",
            "Seven Sisters",
        ],
        districts: &["N4", "N6", "N8", "N10", "N15", "N17", "N22"],
    },
    Locale {
        gss_code: "E09000019", // Islington
        homes: 16,
        beds: None,
        nursing: NURSING,
        areas: &[
            "Highbury",
            "Holloway",
            "Archway",
            "Canonbury",
            "Barnsbury",
            "Angel",
            "Tufnell Park",
            "Finsbury Park",
            "Clerkenwell",
        ],
        districts: &["N1", "N4", "N5", "N7", "N19", "EC1"],
    },
];

const NAME_ENDINGS: [&str; 12] = [
    "House",
    "Lodge",
    "Court",
    "Manor",
    "Grange",
    "Care Home",
    "Nursing Home",
    "Gardens",
    "View",
    "Hall",
    "Place",
    "Residential Home",
];
const NAME_WORDS: [&str; 24] = [
    "Oak", "Beech", "Elm", "Willow", "Cedar", "Rowan", "Hazel", "Laurel", "Maple", "Holly",
    "Ashdown", "Brook", "Meadow", "Orchard", "Park", "Heath", "Grove", "Chestnut", "Linden",
    "Field", "Spring", "Rose", "Ivy", "Juniper",
];
const STREETS: [&str; 16] = [
    "High", "Church", "Station", "Park", "Green", "Manor", "Victoria", "Albert", "Queens", "Kings",
    "Grove", "Mill", "Hill", "Garden", "Chase", "Wood",
];
const STREET_KINDS: [&str; 6] = ["Road", "Avenue", "Lane", "Street", "Gardens", "Close"];
const PROVIDER_WORDS: [&str; 20] = [
    "Evergreen",
    "Harbour",
    "Northfield",
    "Silverbirch",
    "Ambleside",
    "Kingfisher",
    "Lantern",
    "Heron",
    "Beacon",
    "Greenacre",
    "Foxglove",
    "Bluebell",
    "Thornbury",
    "Cornerstone",
    "Wellspring",
    "Larkfield",
    "Sunrise",
    "Millbrook",
    "Riverside",
    "Hillcrest",
];
const PROVIDER_ENDINGS: [&str; 5] = [
    "Care Ltd",
    "Healthcare Ltd",
    "Care Homes Ltd",
    "Living Ltd",
    "Care Group plc",
];
const POSTCODE_LETTERS: &[u8] = b"ABDEFGHJLNPQRSTUWXYZ";

/// Generates `count` homes across the footprint's boroughs.
pub fn generate(footprint: &Footprint, count: usize, rng: &mut SplitMix64) -> Vec<CareHome> {
    let providers = providers(rng);
    let mut names = BTreeSet::new();
    let mut homes = Vec::with_capacity(count);
    let quotas = quotas(count);
    for (locale, quota) in LOCALES.iter().zip(quotas) {
        let first = homes.len();
        let Some(borough) = footprint.borough(locale.gss_code) else {
            continue;
        };
        let Some(bounds) = Bounds::of(borough.boundary.iter().flatten()) else {
            continue;
        };
        for _ in 0..quota {
            let location = place(footprint, locale.gss_code, bounds, rng);
            let care_type = if rng.chance(locale.nursing) {
                CareType::Nursing
            } else {
                CareType::Residential
            };
            let registered_beds = match care_type {
                CareType::Nursing => rng.int(25, 95),
                CareType::Residential if rng.chance(0.35) => rng.int(3, 12),
                CareType::Residential if rng.chance(0.85) => rng.int(14, 40),
                CareType::Residential => rng.int(41, 70),
            };
            let mut specialisms = Vec::new();
            // Dementia nursing care is the scarcest (the councils' own papers).
            let dementia = match care_type {
                CareType::Nursing => 0.35,
                CareType::Residential => 0.5,
            };
            for (specialism, p) in [
                (Specialism::Dementia, dementia),
                (Specialism::MentalHealth, 0.25),
                (
                    Specialism::LearningDisability,
                    if registered_beds <= 12 { 0.8 } else { 0.05 },
                ),
                (Specialism::PhysicalDisability, 0.4),
                (Specialism::SensoryImpairment, 0.2),
            ] {
                if rng.chance(p) {
                    specialisms.push(specialism);
                }
            }
            let area = *rng.pick(locale.areas);
            let name = unique_name(&mut names, area, rng);
            let roll = rng.unit();
            let rating = match roll {
                r if r < 0.05 => Some(CqcRating::Outstanding),
                r if r < 0.77 => Some(CqcRating::Good),
                r if r < 0.96 => Some(CqcRating::RequiresImprovement),
                r if r < 0.99 => Some(CqcRating::Inadequate),
                _ => None,
            };
            let first_rating_day = NaiveDate::from_ymd_opt(2022, 1, 4).expect("valid date");
            let rating_date =
                rating.map(|_| first_rating_day + Duration::days(i64::from(rng.int(0, 1760))));
            homes.push(CareHome {
                id: format!("SAMPLE-{:04}", homes.len() + 1),
                name,
                provider: rng.pick(&providers).clone(),
                address: format!(
                    "{} {} {}, {area}",
                    rng.int(1, 240),
                    rng.pick(&STREETS),
                    rng.pick(&STREET_KINDS)
                ),
                postcode: postcode(locale.districts, rng),
                borough: locale.gss_code.to_string(),
                location,
                registered_beds,
                care_type,
                specialisms,
                rating,
                rating_date,
                cqc_location_id: None,
                location_approximate: false,
                deregistered_on: None,
            });
        }
        fit_beds(&mut homes[first..], bed_target(locale, quota));
    }
    homes
}

/// The beds a borough's `quota` homes should have: its published beds (or homes at
/// [`MEAN_BEDS`]), scaled from its published number of homes to `quota`.
fn bed_target(locale: &Locale, quota: usize) -> u32 {
    let published = locale
        .beds
        .map_or(locale.homes as f64 * MEAN_BEDS, f64::from);
    (published * quota as f64 / locale.homes as f64).round() as u32
}

/// Scales the homes' registered beds so that they add up to `target`, keeping each home's size
/// relative to the others (at least 3 beds); the rounding remainder goes to the largest home.
fn fit_beds(homes: &mut [CareHome], target: u32) {
    let drawn: u32 = homes.iter().map(|h| h.registered_beds).sum();
    if homes.is_empty() || drawn == 0 {
        return;
    }
    let scale = f64::from(target) / f64::from(drawn);
    for home in homes.iter_mut() {
        home.registered_beds = ((f64::from(home.registered_beds) * scale).round() as u32).max(3);
    }
    let total: u32 = homes.iter().map(|h| h.registered_beds).sum();
    if let Some(largest) = homes.iter_mut().max_by_key(|h| h.registered_beds) {
        largest.registered_beds = (largest.registered_beds + target)
            .saturating_sub(total)
            .max(3);
    }
}

/// The homes of the published counts, all together.
pub const PUBLISHED_HOMES: usize = 84 + 11 + 82 + 34 + 16;

/// Splits `count` among the boroughs as their published counts are split, the rounding remainder
/// to Barnet.
fn quotas(count: usize) -> Vec<usize> {
    let mut q: Vec<usize> = LOCALES
        .iter()
        .map(|l| l.homes * count / PUBLISHED_HOMES)
        .collect();
    q[0] += count - q.iter().sum::<usize>();
    q
}

/// A random point inside the borough and inside no other borough, to five decimal places.
fn place(footprint: &Footprint, gss_code: &str, bounds: Bounds, rng: &mut SplitMix64) -> Point {
    loop {
        let p = Point {
            lon: (rng.range(bounds.min.lon, bounds.max.lon) * 1e5).round() / 1e5,
            lat: (rng.range(bounds.min.lat, bounds.max.lat) * 1e5).round() / 1e5,
        };
        let inside: Vec<&str> = footprint
            .boroughs
            .iter()
            .filter(|b| contains(&b.boundary, p))
            .map(|b| b.gss_code.as_str())
            .collect();
        if inside == [gss_code] {
            return p;
        }
    }
}

/// A name not yet taken. There are only a few hundred word combinations, so after some tries
/// (in large generated sets) a number tells homes apart.
fn unique_name(taken: &mut BTreeSet<String>, area: &str, rng: &mut SplitMix64) -> String {
    for attempt in 0u32.. {
        let first = if rng.chance(0.3) {
            area
        } else {
            rng.pick(&NAME_WORDS)
        };
        let ending = rng.pick(&NAME_ENDINGS);
        let name = if attempt < 20 {
            format!("{first} {ending}")
        } else {
            format!("{first} {ending} {attempt}")
        };
        if taken.insert(name.clone()) {
            return name;
        }
    }
    unreachable!("the attempts never run out")
}

/// About forty providers; some are groups with many homes, as in the real market.
fn providers(rng: &mut SplitMix64) -> Vec<String> {
    let mut list: Vec<String> = Vec::new();
    for word in PROVIDER_WORDS {
        let name = format!("{word} {}", rng.pick(&PROVIDER_ENDINGS));
        // Large groups appear several times, so they are picked more often.
        let weight = if rng.chance(0.2) { 5 } else { 1 };
        list.extend(std::iter::repeat_n(name, weight));
    }
    list
}

fn postcode(districts: &[&str], rng: &mut SplitMix64) -> String {
    let letter = |rng: &mut SplitMix64| char::from(*rng.pick(POSTCODE_LETTERS));
    format!(
        "{} {}{}{}",
        rng.pick(districts),
        rng.int(1, 9),
        letter(rng),
        letter(rng)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotas_add_up_and_barnet_has_the_most() {
        for count in [1, 7, 350, 15_000] {
            let q = quotas(count);
            assert_eq!(q.iter().sum::<usize>(), count);
            assert!(q[0] >= *q.iter().max().expect("five boroughs"));
        }
        assert_eq!(quotas(PUBLISHED_HOMES), vec![84, 11, 82, 34, 16]);
    }

    #[test]
    fn boroughs_get_their_published_beds() {
        let barnet = &LOCALES[0];
        assert_eq!(bed_target(barnet, 84), 2_505);
        assert_eq!(bed_target(barnet, 168), 5_010, "scaled with the homes");
        let camden = &LOCALES[1];
        assert_eq!(bed_target(camden, 11), (11.0 * MEAN_BEDS).round() as u32);
    }

    #[test]
    fn beds_are_fitted_to_the_target_exactly() {
        let mut homes: Vec<CareHome> = (0..9u32)
            .map(|i| CareHome {
                id: format!("T-{i}"),
                name: format!("Home {i}"),
                provider: "P".into(),
                address: "1 Road".into(),
                postcode: "N1 1AA".into(),
                borough: "E09000019".into(),
                location: Point {
                    lon: -0.1,
                    lat: 51.5,
                },
                registered_beds: 10 + i * 7,
                care_type: CareType::Residential,
                specialisms: vec![],
                rating: None,
                rating_date: None,
                cqc_location_id: None,
                location_approximate: false,
                deregistered_on: None,
            })
            .collect();
        fit_beds(&mut homes, 1_000);
        assert_eq!(homes.iter().map(|h| h.registered_beds).sum::<u32>(), 1_000);
        assert!(
            homes
                .windows(2)
                .all(|w| w[0].registered_beds <= w[1].registered_beds),
            "sizes keep their order"
        );
    }

    #[test]
    fn names_stay_unique_beyond_the_word_combinations() {
        let mut rng = SplitMix64::new(3);
        let mut taken = BTreeSet::new();
        for _ in 0..2_000 {
            unique_name(&mut taken, "Finchley", &mut rng);
        }
        assert_eq!(taken.len(), 2_000);
    }

    #[test]
    fn postcodes_have_an_outward_and_an_inward_part() {
        let mut rng = SplitMix64::new(1);
        for _ in 0..100 {
            let pc = postcode(&["N3", "NW11"], &mut rng);
            let (outward, inward) = pc.split_once(' ').expect("a space");
            assert!(outward == "N3" || outward == "NW11");
            assert_eq!(inward.len(), 3);
            assert!(inward.as_bytes()[0].is_ascii_digit());
        }
    }
}
