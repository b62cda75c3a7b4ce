//! Applying CQC's register to the homes table: care homes in the footprint are added or updated
//! by CQC location ID; homes no longer on the register are marked deregistered, never deleted.

use crate::audit::{self, Actor};
use crate::db::Db;
use crate::error::ApiError;
use crate::homes;
use market_model::primitives::geometry::centroid;
use market_model::register::cqc::{parse_register, RegisterLocation, RejectedRow};
use market_model::register::footprint::Footprint;
use market_model::register::home::CareHome;
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;

/// What an import did.
#[derive(Debug, Serialize, ToSchema)]
pub struct ImportReport {
    /// The counts below in a sentence, for people.
    pub summary: String,
    /// Data rows in the file.
    pub rows_read: usize,
    /// Care homes added.
    pub added: usize,
    /// Care homes already known, updated.
    pub updated: usize,
    /// Homes no longer on the register, now marked deregistered.
    pub deregistered: usize,
    /// Homes placed at their borough's centre for want of coordinates.
    pub approximate_locations: usize,
    /// Rows for other services (not care homes).
    pub not_care_homes: usize,
    /// Care homes in other local authorities.
    pub outside_footprint: usize,
    /// Rows refused, each with its line and reason.
    #[schema(value_type = Vec<Object>)]
    pub rejected: Vec<RejectedRow>,
}

/// The longest an uploaded file may take to parse (30 s; the limits on its size, columns, fields
/// and lines keep a real file far inside it).
pub const PARSE_LIMIT: std::time::Duration = std::time::Duration::from_secs(30);

/// Runs `parse` on a blocking thread, so the async runtime goes on serving others while a large
/// file is read, and gives up waiting after [`PARSE_LIMIT`] (422 `invalid_file`).
pub async fn parse_off_runtime<T: Send + 'static>(
    parse: impl FnOnce() -> Result<T, String> + Send + 'static,
) -> Result<T, ApiError> {
    match tokio::time::timeout(PARSE_LIMIT, tokio::task::spawn_blocking(parse)).await {
        Ok(Ok(parsed)) => parsed.map_err(ApiError::invalid_file),
        Ok(Err(panicked)) => {
            tracing::error!(error = %panicked, "parsing an upload failed");
            Err(ApiError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Something went wrong on the server.",
            ))
        }
        Err(_) => Err(ApiError::invalid_file(format!(
            "The file took more than {} seconds to read, the most an upload may take.",
            PARSE_LIMIT.as_secs()
        ))),
    }
}

/// The footprint's boroughs as CQC names them and their GSS codes, owned (to move to a
/// parsing thread).
pub fn borough_names(footprint: &Footprint) -> Vec<(String, String)> {
    footprint
        .names()
        .into_iter()
        .map(|(name, code)| (name.to_string(), code.to_string()))
        .collect()
}

/// Parses `csv` (off the async runtime) and applies it in one transaction, audited.
pub async fn import_register(
    db: &Db,
    footprint: &Footprint,
    csv: String,
    confirmed: bool,
    actor: &Actor,
) -> Result<ImportReport, ApiError> {
    let names = borough_names(footprint);
    let parsed = parse_off_runtime(move || {
        let names: Vec<(&str, &str)> = names
            .iter()
            .map(|(n, c)| (n.as_str(), c.as_str()))
            .collect();
        parse_register(&csv, &names).map_err(|e| e.to_string())
    })
    .await?;
    // Read inside the transaction that writes the homes back, so a change made meanwhile (a
    // location set by hand, say) is not undone by what was read before it.
    let mut tx = db.begin_write().await?;
    let existing: HashMap<String, CareHome> = homes::list_for_write(
        &mut tx,
        &homes::HomeFilter {
            include_deregistered: true,
            ..Default::default()
        },
    )
    .await?
    .into_iter()
    .filter_map(|h| Some((h.cqc_location_id.clone()?, h)))
    .collect();
    let today = market_model::primitives::london::date(db.clock.now());
    let mut report = ImportReport {
        summary: String::new(),
        rows_read: parsed.rows_read,
        added: 0,
        updated: 0,
        deregistered: 0,
        approximate_locations: 0,
        not_care_homes: parsed.not_care_homes,
        outside_footprint: parsed.outside_footprint,
        rejected: parsed.rejected,
    };
    // A rejected row is still on the register: its home is not deregistered.
    let on_register: std::collections::HashSet<String> = parsed
        .locations
        .iter()
        .map(|l| l.location_id.clone())
        .chain(report.rejected.iter().filter_map(|r| r.location_id.clone()))
        .collect();
    check_deregistrations(&existing, &on_register, confirmed)?;
    let at = db.now();
    for loc in &parsed.locations {
        let known = existing.get(&loc.location_id);
        let home = home_from(loc, known, footprint);
        report.approximate_locations += usize::from(home.location_approximate);
        homes::upsert(&mut tx, &home, &at).await?;
        if known.is_some() {
            report.updated += 1;
        } else {
            report.added += 1;
        }
    }
    for (id, home) in &existing {
        if !on_register.contains(id.as_str()) && home.deregistered_on.is_none() {
            let gone = CareHome {
                deregistered_on: Some(today),
                ..home.clone()
            };
            homes::upsert(&mut tx, &gone, &at).await?;
            report.deregistered += 1;
        }
    }
    report.summary = summary(&report);
    audit::record(
        &mut tx,
        &at,
        actor,
        "cqc.import",
        "CQC active locations register",
        serde_json::json!({
            "rows_read": report.rows_read, "added": report.added, "updated": report.updated,
            "deregistered": report.deregistered, "rejected": report.rejected.len(),
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(report)
}

/// Refuses (409 `confirm_deregistration`, unless `confirmed`) a file that would take more than
/// half the registered homes off the register: more likely a partial export than the market's
/// news.
fn check_deregistrations(
    existing: &HashMap<String, CareHome>,
    on_register: &std::collections::HashSet<String>,
    confirmed: bool,
) -> Result<(), ApiError> {
    let registered = existing
        .values()
        .filter(|h| h.deregistered_on.is_none())
        .count();
    let leaving = existing
        .iter()
        .filter(|(id, h)| h.deregistered_on.is_none() && !on_register.contains(id.as_str()))
        .count();
    if leaving * 2 > registered && !confirmed {
        return Err(ApiError::new(
            axum::http::StatusCode::CONFLICT,
            "confirm_deregistration",
            format!(
                "This file would mark {leaving} of the {registered} registered homes as deregistered. \
                 If the register really lost them, import it again with confirm=true."
            ),
        )
        .at("confirm"));
    }
    Ok(())
}

/// The home a register row describes, keeping what the register leaves out from the home as
/// known (its ID, address, postcode, and an exact location set by hand); with no location at
/// all, placed at its borough's centre and marked approximate.
fn home_from(loc: &RegisterLocation, known: Option<&CareHome>, footprint: &Footprint) -> CareHome {
    let (location, approximate) = match (loc.location, known) {
        (Some(p), _) => (p, false),
        (None, Some(h)) if !h.location_approximate => (h.location, false),
        _ => {
            let centre = footprint
                .borough(&loc.borough)
                .and_then(|b| b.boundary.iter().max_by_key(|r| r.len()))
                .and_then(|ring| centroid(ring))
                .unwrap_or(market_model::primitives::geometry::Point { lon: 0.0, lat: 0.0 });
            (centre, true)
        }
    };
    let kept = |given: &Option<String>, known_value: fn(&CareHome) -> &String| {
        given
            .clone()
            .or_else(|| known.map(|h| known_value(h).clone()))
            .unwrap_or_default()
    };
    CareHome {
        id: known.map_or_else(|| loc.location_id.clone(), |h| h.id.clone()),
        name: loc.name.clone(),
        provider: loc.provider.clone(),
        address: kept(&loc.address, |h| &h.address),
        postcode: kept(&loc.postcode, |h| &h.postcode),
        borough: loc.borough.clone(),
        location,
        registered_beds: loc.registered_beds,
        care_type: loc.care_type,
        specialisms: loc.specialisms.clone(),
        rating: loc.rating,
        rating_date: loc.rating_date,
        cqc_location_id: Some(loc.location_id.clone()),
        location_approximate: approximate,
        deregistered_on: None,
    }
}

/// The import's counts in a sentence.
fn summary(report: &ImportReport) -> String {
    format!(
        "{} rows read: {} care homes added, {} updated, {} deregistered, {} placed at their borough's centre until a location is set; {} rows were other services, {} care homes are outside the footprint and {} rows were rejected.",
        report.rows_read,
        report.added,
        report.updated,
        report.deregistered,
        report.approximate_locations,
        report.not_care_homes,
        report.outside_footprint,
        report.rejected.len()
    )
}
