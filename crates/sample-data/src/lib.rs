//! Builds the data set the app ships in `public/data/`.
//!
//! Real, public inputs (from `shared/data`): borough boundaries, simplified here so that shared
//! borders stay shared; mid-2021 older-population estimates; the ONS 2016-based projection of the
//! 65+ and 85+ population to 2041 (`projections.json`); acute hospital sites. Generated, and
//! labelled as sample data wherever it shows: care homes placed inside the real boroughs, and
//! twelve weeks of capacity returns with realistic gaps, a placements ledger (`placements.csv`, in
//! the columns [`market_model::analytics::ledger`] reads; CSV has no room for a notice, so it is
//! labelled sample data where it is described), and a history of discharge referrals
//! (`referrals.json`, which the data service seeds for the demo broker). The generator is seeded,
//! so the same inputs always give byte-identical files.

mod boundaries;
mod homes;
mod placements;
mod reference;
mod referrals;
mod returns;
mod rng;

use chrono::NaiveDate;
use market_model::analytics::ledger::{to_ledger_csv, Placement};
use market_model::analytics::projection::PopulationProjection;
use market_model::brokerage::referral::Referral;
use market_model::primitives::week::Week;
use market_model::register::footprint::{DataManifest, Footprint};
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::CapacityReturn;
use market_model::returns::home_status::latest_as_at;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

pub use boundaries::VERTEX_BUDGET;

/// The footprint's name as users see it.
pub const FOOTPRINT_NAME: &str = "North Central London";

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// The folder holding the reference files (`ncl_boroughs.geojson` and the CSVs).
    pub reference_dir: PathBuf,
    /// Seed for the generator.
    pub seed: u64,
    /// How many homes to generate.
    pub homes: usize,
    /// The last week with returns.
    pub last_week: Week,
    /// How many weeks of returns, ending with `last_week`.
    pub weeks: usize,
    /// How many placements in the ledger, as it stands on the Monday of `last_week`.
    pub placements: usize,
    /// How many discharge referrals over the weeks, as they stand on the Monday after them.
    pub referrals: usize,
}

impl Options {
    /// The shipped data set: the footprint's published number of homes (227), 12 weeks ending
    /// with the week commencing 16 Nov 2026, 2,000 placements, 320 referrals.
    pub fn shipped(reference_dir: PathBuf) -> Options {
        Options {
            reference_dir,
            seed: 20_261_116,
            homes: homes::PUBLISHED_HOMES,
            last_week: "2026-11-16".parse().expect("16 Nov 2026 is a Monday"),
            weeks: 12,
            placements: 2_000,
            referrals: 320,
        }
    }
}

/// Everything in `public/data/`.
pub struct DataSet {
    /// `manifest.json`.
    pub manifest: DataManifest,
    /// `footprint.json`.
    pub footprint: Footprint,
    /// `homes.json`.
    pub homes: Vec<CareHome>,
    /// `returns/<week>.json`, one file a week.
    pub returns: BTreeMap<Week, Vec<CapacityReturn>>,
    /// `projections.json`: projected older population per borough and year.
    pub projection: PopulationProjection,
    /// `placements.csv`.
    pub placements: Vec<Placement>,
    /// `referrals.json`.
    pub referrals: Vec<Referral>,
}

/// A reference file that could not be read or understood.
#[derive(Debug)]
pub struct InputError {
    /// The file.
    pub path: PathBuf,
    /// What was wrong, and where in the file.
    pub message: String,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for InputError {}

/// Reads the reference files and generates the sample.
pub fn build(options: &Options) -> Result<DataSet, InputError> {
    let dir = &options.reference_dir;
    let populations = reference::read_populations(&dir.join("ncl_population_65_85.csv"))?;
    let hospitals = reference::read_hospitals(&dir.join("ncl_hospitals.csv"))?;
    let boroughs = boundaries::read_boroughs(&dir.join("ncl_boroughs.geojson"), &populations)?;
    let footprint = Footprint {
        name: FOOTPRINT_NAME.to_string(),
        boroughs,
        hospitals,
    };
    let projection = reference::read_projection(
        &dir.join("ncl_population_65_85_snpp2016_projection.csv"),
        &footprint,
    )?;

    let mut rng = rng::SplitMix64::new(options.seed);
    let homes = homes::generate(&footprint, options.homes, &mut rng);
    let weeks: Vec<Week> = (0..options.weeks)
        .rev()
        .map(|i| options.last_week.plus_weeks(-(i as i64)))
        .collect();
    let returns = returns::generate(&footprint, &homes, &weeks, &mut rng);
    let placements = generate_placements(
        &homes,
        options.placements,
        options.last_week.monday(),
        options.seed,
    );
    // Its own stream too; the referrals stand as on the Monday after the last week.
    let referrals = referrals::generate(
        &footprint,
        &homes,
        options.referrals,
        weeks.first().map_or(options.last_week, |w| *w).monday(),
        options.last_week.plus_weeks(1).monday(),
        &mut rng::SplitMix64::new(options.seed ^ 0x0d15_c4a2_6e00_0000),
    );

    let manifest = DataManifest {
        sample: true,
        notice: "The care homes, returns and fees shown are generated for demonstration and \
                 are not the real market. Boundaries, population and hospitals are real."
            .to_string(),
        weeks,
        attribution: vec![
            "Borough boundaries: London Datastore statistical GIS boundaries. Contains National \
             Statistics and OS data © Crown copyright and database right; Open Government Licence v3."
                .to_string(),
            format!(
                "Population aged 65+, 75+ and 85+: ONS mid-year population estimates, {}; Open \
                 Government Licence v3.",
                footprint.boroughs.first().map(|b| b.population.year.as_str()).unwrap_or("")
            ),
            "Hospital sites: NHS website listings; positions approximate (about 100 m).".to_string(),
        ],
    };
    Ok(DataSet {
        manifest,
        footprint,
        homes,
        returns,
        projection,
        placements,
        referrals,
    })
}

/// `count` sample placements in `homes` as a ledger stands on `as_of`, the same for the same
/// seed: the shipped ledger, or a large one for benchmarks.
pub fn generate_placements(
    homes: &[CareHome],
    count: usize,
    as_of: NaiveDate,
    seed: u64,
) -> Vec<Placement> {
    // Its own stream, so the ledger never shifts the homes or returns.
    let mut rng = rng::SplitMix64::new(seed ^ 0x5eed_1ed6_e500_0000);
    placements::generate(homes, count, as_of, &mut rng)
}

impl DataSet {
    /// Each file's path under `public/data/` and its text (JSON; CSV for the ledger). Beside each
    /// week's returns, `latest/<week>.json` holds each home's latest return as at that week.
    pub fn files(&self) -> Vec<(PathBuf, String)> {
        let mut files = vec![
            (PathBuf::from("manifest.json"), to_json(&self.manifest)),
            (PathBuf::from("footprint.json"), to_json(&self.footprint)),
            (PathBuf::from("homes.json"), to_json(&self.homes)),
            (PathBuf::from("projections.json"), to_json(&self.projection)),
        ];
        let every: Vec<CapacityReturn> = self.returns.values().flatten().cloned().collect();
        for (week, returns) in &self.returns {
            files.push((
                Path::new("returns").join(format!("{week}.json")),
                to_json(returns),
            ));
            files.push((
                Path::new("latest").join(format!("{week}.json")),
                to_json(&latest_as_at(&self.homes, &every, *week)),
            ));
        }
        files.push((
            PathBuf::from("placements.csv"),
            to_ledger_csv(&self.placements),
        ));
        files.push((PathBuf::from("referrals.json"), to_json(&self.referrals)));
        files
    }
}

/// Compact JSON with a final newline.
fn to_json<T: serde::Serialize>(value: &T) -> String {
    let mut s = serde_json::to_string(value).expect("the data set is plain data");
    s.push('\n');
    s
}
