//! First start: the reference data (footprint, attribution) always; the sample homes, returns and
//! demo accounts only when seeding the sample.

use crate::audit::Actor;
use crate::auth::PasswordWork;
use crate::config::Seed;
use crate::db::Db;
use crate::error::ApiError;
use crate::users::{self, NewUser, Role};
use crate::{homes, placements, returns};
use market_model::analytics::ledger::parse_ledger;
use market_model::analytics::projection::PopulationProjection;
use market_model::brokerage::referral::Referral;
use market_model::register::footprint::{DataManifest, Footprint};
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::CapacityReturn;
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::path::Path;

/// The demo accounts' shared password (sample databases only; documented in the README).
pub const DEMO_PASSWORD: &str = "care-market-demo";

/// What the manifest says that does not come from the returns: kept as a reference document.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DataNotice {
    /// Generated sample data, not the real market.
    pub sample: bool,
    /// A sentence for users.
    pub notice: String,
    /// Sources of the real reference data.
    pub attribution: Vec<String>,
}

/// Why the shipped data could not be loaded.
#[derive(Debug)]
pub struct SeedError(pub String);

impl std::fmt::Display for SeedError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SeedError {}

impl From<sqlx::Error> for SeedError {
    fn from(e: sqlx::Error) -> SeedError {
        SeedError(format!("database: {e}"))
    }
}

impl From<ApiError> for SeedError {
    fn from(e: ApiError) -> SeedError {
        SeedError(e.message)
    }
}

fn read<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, SeedError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| SeedError(format!("cannot read {}: {e}", path.display())))?;
    serde_json::from_str(&text)
        .map_err(|e| SeedError(format!("{} is not valid: {e}", path.display())))
}

/// A reference document by key.
pub async fn document(db: &Db, key: &str) -> Result<Option<String>, sqlx::Error> {
    let row = sqlx::query("SELECT body FROM reference_documents WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| r.try_get(0)).transpose()
}

/// Fills an empty database from `data_dir` and returns the footprint. The sample's demo accounts
/// (with a published password) are made only when `demo_accounts` is set: the service is bound
/// to loopback, out of other machines' reach.
pub async fn seed(
    db: &Db,
    passwords: &PasswordWork,
    data_dir: &Path,
    seed: Seed,
    demo_accounts: bool,
) -> Result<Footprint, SeedError> {
    // Several instances may start at once on a new database: the one whose footprint goes in
    // first (an insert that does nothing when the key exists, so the others wait for it and then
    // find it there) seeds the rest; the others go on with what it wrote.
    if document(db, "footprint").await?.is_none() {
        let footprint: Footprint = read(&data_dir.join("footprint.json"))?;
        let manifest: DataManifest = read(&data_dir.join("manifest.json"))?;
        let notice = match seed {
            Seed::Sample => DataNotice {
                sample: true,
                notice: manifest.notice,
                attribution: manifest.attribution,
            },
            Seed::None => DataNotice {
                sample: false,
                notice: "Homes from the CQC register; capacity and fees as their providers return them each week.".into(),
                attribution: manifest.attribution,
            },
        };
        let mut tx = db.begin_write().await?;
        let mut first = true;
        for (key, body) in [
            (
                "footprint",
                serde_json::to_string(&footprint).unwrap_or_default(),
            ),
            ("notice", serde_json::to_string(&notice).unwrap_or_default()),
        ] {
            let inserted = sqlx::query(
                "INSERT INTO reference_documents (key, body) VALUES ($1, $2) \
                 ON CONFLICT (key) DO NOTHING",
            )
            .bind(key)
            .bind(body)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            first &= inserted == 1;
        }
        tx.commit().await?;
        if first && seed == Seed::Sample {
            let boroughs: Vec<String> = footprint
                .boroughs
                .iter()
                .map(|b| b.gss_code.clone())
                .collect();
            seed_sample(
                db,
                passwords,
                data_dir,
                &manifest.weeks,
                &boroughs,
                demo_accounts,
            )
            .await?;
        }
    }
    // Added after the first release: a database seeded before it gains the projection here.
    if document(db, "projections").await?.is_none() {
        let projection: PopulationProjection = read(&data_dir.join("projections.json"))?;
        sqlx::query(
            "INSERT INTO reference_documents (key, body) VALUES ($1, $2) \
             ON CONFLICT (key) DO NOTHING",
        )
        .bind("projections")
        .bind(serde_json::to_string(&projection).unwrap_or_default())
        .execute(&db.pool)
        .await?;
    }
    let text = document(db, "footprint").await?.unwrap_or_default();
    serde_json::from_str(&text)
        .map_err(|e| SeedError(format!("stored footprint is not valid: {e}")))
}

async fn seed_sample(
    db: &Db,
    passwords: &PasswordWork,
    data_dir: &Path,
    weeks: &[market_model::primitives::week::Week],
    boroughs: &[String],
    demo_accounts: bool,
) -> Result<(), SeedError> {
    let homes: Vec<CareHome> = read(&data_dir.join("homes.json"))?;
    // The sample moves forward by whole weeks so that its last week is the one before now: the
    // demo looks live whatever the date (with the tests' pinned clock it stays as shipped).
    let shift = weeks.iter().max().map_or(0, |last| {
        (db.clock.this_week().monday() - last.monday()).num_weeks() - 1
    });
    let moved = chrono::Duration::weeks(shift);
    let at = db.now();
    let mut tx = db.begin_write().await?;
    for home in &homes {
        homes::upsert(&mut tx, home, &at).await?;
    }
    for week in weeks {
        let week_returns: Vec<CapacityReturn> =
            read(&data_dir.join(format!("returns/{week}.json")))?;
        for r in week_returns {
            let r = CapacityReturn {
                week: r.week.plus_weeks(shift),
                submitted_at: r.submitted_at + moved,
                ..r
            };
            returns::import_version_one(&mut tx, &r).await?;
        }
    }
    // The sample ledger names boroughs by GSS code, so no names are needed to read it.
    let ledger_path = data_dir.join("placements.csv");
    let ledger = std::fs::read_to_string(&ledger_path)
        .map_err(|e| SeedError(format!("cannot read {}: {e}", ledger_path.display())))?;
    let codes: Vec<(&str, &str)> = boroughs.iter().map(|b| (b.as_str(), b.as_str())).collect();
    let ids: std::collections::HashSet<&str> = homes.iter().map(|h| h.id.as_str()).collect();
    let parsed = parse_ledger(&ledger, &codes, |id| ids.contains(id))
        .map_err(|e| SeedError(format!("{} is not valid: {e}", ledger_path.display())))?;
    if let Some(bad) = parsed.rejected.first() {
        return Err(SeedError(format!(
            "{} line {}: {}",
            ledger_path.display(),
            bad.line,
            bad.reason
        )));
    }
    let placements: Vec<_> = parsed
        .placements
        .into_iter()
        .map(|p| market_model::analytics::ledger::Placement {
            start_date: p.start_date + moved,
            end_date: p.end_date.map(|d| d + moved),
            ..p
        })
        .collect();
    placements::store(&mut tx, &placements, None, &at).await?;
    tx.commit().await?;
    if !demo_accounts {
        tracing::info!(
            homes = homes.len(),
            "seeded the sample data; no demo accounts, since the service is not bound to loopback"
        );
        return Ok(());
    }
    let actor = Actor::command_line();
    let provider_of = |id: &str| {
        homes
            .iter()
            .find(|h| h.id == id)
            .map(|h| h.provider.clone())
    };
    for (username, display_name, role, borough) in [
        ("demo-admin", "Demo Administrator", Role::Admin, None),
        (
            "demo-commissioner",
            "Demo NCL Commissioner",
            Role::Commissioner,
            None,
        ),
        (
            "demo-barnet",
            "Demo Barnet Commissioner",
            Role::Commissioner,
            Some("E09000003"),
        ),
        ("demo-broker", "Demo Discharge Broker", Role::Broker, None),
        (
            "demo-provider",
            "Demo Provider (first group)",
            Role::Provider,
            None,
        ),
        (
            "demo-provider-2",
            "Demo Provider (second group)",
            Role::Provider,
            None,
        ),
    ] {
        let new = NewUser {
            username: username.into(),
            display_name: display_name.into(),
            password: DEMO_PASSWORD.into(),
            role,
            borough: borough.map(str::to_string),
        };
        users::create(db, passwords, &new, boroughs, &actor).await?;
    }
    // Each demo provider manages the sample homes of one provider group: the first home's group
    // and the next group in the file.
    let first = provider_of(&homes[0].id).unwrap_or_default();
    let second = homes
        .iter()
        .map(|h| h.provider.clone())
        .find(|p| *p != first)
        .unwrap_or_default();
    for (username, group) in [("demo-provider", first), ("demo-provider-2", second)] {
        for home in homes.iter().filter(|h| h.provider == group).take(3) {
            users::link_home(db, username, &home.id, &actor).await?;
        }
    }
    let referrals: Vec<Referral> = read(&data_dir.join("referrals.json"))?;
    seed_referrals(db, &referrals, moved).await?;
    tracing::info!(
        homes = homes.len(),
        weeks = weeks.len(),
        referrals = referrals.len(),
        moved_by_weeks = shift,
        "seeded the sample data and demo accounts"
    );
    Ok(())
}

/// The sample referral history, moved forward by `moved`, as the demo broker's.
async fn seed_referrals(
    db: &Db,
    referrals: &[Referral],
    moved: chrono::Duration,
) -> Result<(), SeedError> {
    let mut tx = db.begin_write().await?;
    let broker: i64 = sqlx::query("SELECT id FROM users WHERE username = 'demo-broker'")
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    for r in referrals {
        let ready_on = r.ready_on + moved;
        let closed_on = r.closed_on.map(|d| d + moved);
        sqlx::query(
            "INSERT INTO referrals (reference, hospital, placing_borough, need, ready_on, ceiling_pence, \
             broker_id, opened_at, status, closed_on, home_id, reason, closed_at, closed_by) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)",
        )
        .bind(&r.reference)
        .bind(&r.hospital)
        .bind(&r.placing)
        .bind(&r.need)
        .bind(ready_on.to_string())
        .bind(i64::from(r.ceiling.0))
        .bind(broker)
        .bind(format!("{ready_on}T09:00:00Z"))
        .bind(r.status.key())
        .bind(closed_on.map(|d| d.to_string()))
        .bind(r.home.clone())
        .bind(r.reason.map(|p| p.key()))
        .bind(closed_on.map(|d| format!("{d}T12:00:00Z")))
        .bind(closed_on.map(|_| broker))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
