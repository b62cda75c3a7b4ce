//! A public snapshot: the files the app's static mode reads (`manifest.json`, `footprint.json`,
//! `homes.json`, `returns/{week}.json`, and `latest/{week}.json`, each home's latest return as at
//! the week, which the map reads), for read-only hosting of the market view. Per-home fees are
//! commercially sensitive, so returns carry none; each week's market aggregates, fee quartiles
//! included, go in `market/{week}.json`.

use crate::api::reference_manifest;
use crate::returns;
use crate::{homes, AppState};
use market_model::analytics::market::summarise_market;
use market_model::returns::capacity_return::CapacityReturn;
use serde::Serialize;
use std::path::Path;

/// What was written.
#[derive(Debug, PartialEq, Eq)]
pub struct SnapshotSummary {
    /// Homes in `homes.json`.
    pub homes: usize,
    /// Weeks with a returns file.
    pub weeks: usize,
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), Box<dyn std::error::Error>> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, serde_json::to_vec(value)?)?;
    Ok(())
}

/// Returns without what only signed-in or entitled readers see: fees and admissions contacts.
fn public(returns: Vec<CapacityReturn>) -> Vec<CapacityReturn> {
    returns
        .into_iter()
        .map(|mut r| {
            r.fees = None;
            r.contact = None;
            r
        })
        .collect()
}

/// Writes the snapshot into `out` (created if need be).
pub async fn publish(
    state: &AppState,
    out: &Path,
) -> Result<SnapshotSummary, Box<dyn std::error::Error>> {
    let manifest = reference_manifest(state).await?;
    let homes = homes::list(&state.db, &Default::default()).await?;
    write_json(&out.join("footprint.json"), &*state.footprint)?;
    write_json(&out.join("homes.json"), &homes)?;
    for week in &manifest.weeks {
        let full: Vec<_> = returns::for_week(&state.db, *week, true)
            .await?
            .into_iter()
            .map(|r| r.capacity_return)
            .collect();
        let summary = summarise_market(&state.footprint, &homes, &full, *week);
        write_json(&out.join(format!("market/{week}.json")), &summary)?;
        write_json(&out.join(format!("returns/{week}.json")), &public(full))?;
        let latest = returns::latest_as_at(&state.db, *week).await?;
        let latest = public(latest.into_iter().map(|r| r.capacity_return).collect());
        write_json(&out.join(format!("latest/{week}.json")), &latest)?;
    }
    write_json(&out.join("manifest.json"), &manifest)?;
    Ok(SnapshotSummary {
        homes: homes.len(),
        weeks: manifest.weeks.len(),
    })
}
