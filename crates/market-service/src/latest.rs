//! Every home with its latest capacity return, as bed search reads them: read from the database
//! once and kept in memory while nothing has changed, since a search looks at every home and
//! reading and parsing them all took most of its time.
//!
//! One query tells whether anything changed: the newest return's row ID (returns are only ever
//! added), the number of homes and their latest change, and this process's count of committed
//! write transactions (home changes all commit through one). A home changed by another instance
//! in the same second as a read here is the one change it can miss until the next write.

use crate::db::Db;
use crate::error::ApiError;
use crate::{homes, returns};
use market_model::register::home::CareHome;
use market_model::returns::capacity_return::CapacityReturn;
use sqlx::Row;
use std::sync::{Arc, Mutex};

/// The homes and their latest returns at one moment.
#[derive(Debug)]
pub struct Latest {
    /// Every home on the register (not those that have left it).
    pub homes: Vec<CareHome>,
    /// Each home's latest return (latest week, latest version).
    pub returns: Vec<CapacityReturn>,
}

/// What the data looked like when it was read.
type Version = (u64, i64, i64, String);

/// The kept copy, shared by every request.
#[derive(Debug, Default)]
pub struct LatestCache(Mutex<Option<(Version, Arc<Latest>)>>);

impl LatestCache {
    /// The homes and their latest returns as they are now.
    pub async fn get(&self, db: &Db) -> Result<Arc<Latest>, ApiError> {
        let row = sqlx::query(
            "SELECT (SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM capacity_returns), \
             (SELECT CAST(COUNT(*) AS BIGINT) FROM homes), \
             (SELECT COALESCE(MAX(updated_at), '') FROM homes)",
        )
        .fetch_one(&db.pool)
        .await?;
        let version: Version = (
            db.writes_committed(),
            row.try_get(0)?,
            row.try_get(1)?,
            row.try_get(2)?,
        );
        if let Some((seen, latest)) = self.kept().as_ref() {
            if *seen == version {
                return Ok(latest.clone());
            }
        }
        let latest = Arc::new(Latest {
            homes: homes::list(db, &Default::default()).await?,
            returns: returns::latest_by_home(db)
                .await?
                .into_iter()
                .map(|r| r.capacity_return)
                .collect(),
        });
        *self.kept() = Some((version, latest.clone()));
        Ok(latest)
    }

    fn kept(&self) -> std::sync::MutexGuard<'_, Option<(Version, Arc<Latest>)>> {
        // The kept value is replaced whole, so it is whole after any panic.
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}
