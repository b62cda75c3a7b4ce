//! The database: one pool over SQLite or PostgreSQL (sqlx's `Any` driver), with numbered
//! migrations for each applied at start-up. Queries use `$1` placeholders, which both accept.

use crate::clock::Clock;
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::{Any, AnyConnection, AnyPool, Row, Transaction};
use std::ops::{Deref, DerefMut};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Which database server is behind the pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// A SQLite file: the embedded default.
    Sqlite,
    /// A PostgreSQL server.
    Postgres,
}

impl Backend {
    /// Its name in `/api/health`.
    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// A connection pool, what it talks to, and the clock that stamps what is written.
#[derive(Clone, Debug)]
pub struct Db {
    /// The pool.
    pub pool: AnyPool,
    /// SQLite or PostgreSQL.
    pub backend: Backend,
    /// The service's clock.
    pub clock: Clock,
    /// Whose turn it is to write (SQLite only).
    writer: Arc<Mutex<()>>,
    /// How many write transactions this process has committed.
    committed: Arc<AtomicU64>,
}

/// A write transaction, used as the connection it runs on. On SQLite it also holds the turn to
/// write: SQLite allows one writer at a time, and the service's writers queue for their turn, in
/// order, rather than in SQLite's busy handler, whose back-off sleeps (up to 100 ms a try) made
/// the tail latency under load. PostgreSQL writers lock rows, not the database, and take no
/// turn. [`Write::commit`] ends both; dropping it rolls back and gives up the turn.
pub struct Write {
    tx: Transaction<'static, Any>,
    _turn: Option<OwnedMutexGuard<()>>,
    committed: Arc<AtomicU64>,
}

impl Write {
    /// Commits the transaction, counts it, then gives up the turn.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        self.tx.commit().await?;
        self.committed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }
}

impl Deref for Write {
    type Target = AnyConnection;
    fn deref(&self) -> &AnyConnection {
        &self.tx
    }
}

impl DerefMut for Write {
    fn deref_mut(&mut self) -> &mut AnyConnection {
        &mut self.tx
    }
}

struct Migration {
    version: i64,
    name: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

/// Every migration in order. A migration, once released, never changes: add the next one.
const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "initial",
        sqlite: include_str!("../migrations/sqlite/0001_initial.sql"),
        postgres: include_str!("../migrations/postgres/0001_initial.sql"),
    },
    Migration {
        version: 2,
        name: "holds",
        sqlite: include_str!("../migrations/sqlite/0002_holds.sql"),
        postgres: include_str!("../migrations/postgres/0002_holds.sql"),
    },
    Migration {
        version: 3,
        name: "block_beds",
        sqlite: include_str!("../migrations/sqlite/0003_block_beds.sql"),
        postgres: include_str!("../migrations/postgres/0003_block_beds.sql"),
    },
    Migration {
        version: 4,
        name: "placements",
        sqlite: include_str!("../migrations/sqlite/0004_placements.sql"),
        postgres: include_str!("../migrations/postgres/0004_placements.sql"),
    },
    Migration {
        version: 5,
        name: "return_audit_trigger",
        sqlite: include_str!("../migrations/sqlite/0005_return_audit_trigger.sql"),
        postgres: include_str!("../migrations/postgres/0005_return_audit_trigger.sql"),
    },
    Migration {
        version: 6,
        name: "sign_in_limits",
        sqlite: include_str!("../migrations/sqlite/0006_sign_in_limits.sql"),
        postgres: include_str!("../migrations/postgres/0006_sign_in_limits.sql"),
    },
];

/// Sets a new SQLite connection to sync the write-ahead log at checkpoints, not every commit.
fn sync_at_checkpoints(
    conn: &mut AnyConnection,
    _: sqlx::pool::PoolConnectionMetadata,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + '_>> {
    Box::pin(async move {
        sqlx::Executor::execute(conn, "PRAGMA synchronous = NORMAL")
            .await
            .map(drop)
    })
}

impl Db {
    /// Connects to `url` (creating a SQLite file if need be) and applies pending migrations;
    /// `clock` stamps what is written.
    pub async fn open(url: &str, clock: Clock) -> Result<Db, sqlx::Error> {
        install_default_drivers();
        let (backend, pool) = if let Some(rest) = url.strip_prefix("sqlite:") {
            let url = if rest.contains("mode=") {
                url.to_string()
            } else if rest.contains('?') {
                format!("{url}&mode=rwc")
            } else {
                format!("{url}?mode=rwc")
            };
            // sqlx turns foreign keys on and waits 5 s for a busy database; write-ahead logging,
            // set once, stays with the file and lets readers carry on while one writes. With
            // it, `synchronous = NORMAL` (set on each connection) syncs the log at checkpoints
            // rather than at every commit: a commit survives the service crashing or being
            // killed (tested), though not the machine losing power in the moment after it.
            // An embedded database's connections do not drop, so they are not pinged before use
            // (a round trip to the connection's thread for every query).
            let pool = AnyPoolOptions::new()
                .max_connections(8)
                .test_before_acquire(false)
                .after_connect(sync_at_checkpoints)
                .connect(&url)
                .await?;
            sqlx::raw_sql("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
            (Backend::Sqlite, pool)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = AnyPoolOptions::new()
                .max_connections(16)
                .connect(url)
                .await?;
            (Backend::Postgres, pool)
        } else {
            return Err(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            ));
        };
        let db = Db {
            pool,
            backend,
            clock,
            writer: Arc::default(),
            committed: Arc::default(),
        };
        db.migrate().await?;
        Ok(db)
    }

    /// Starts a transaction that will write. SQLite takes the write lock at once (after the
    /// service's turn), so no writer fails when it upgrades from reading.
    pub async fn begin_write(&self) -> Result<Write, sqlx::Error> {
        let turn = self.write_turn().await;
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(Write {
            tx,
            _turn: turn,
            committed: self.committed.clone(),
        })
    }

    /// How many write transactions this process has committed (through [`Db::begin_write`]).
    pub fn writes_committed(&self) -> u64 {
        self.committed.load(Ordering::SeqCst)
    }

    /// The turn to write (SQLite; none needed on PostgreSQL), for a single statement that writes
    /// outside [`Db::begin_write`]: hold it until the statement has run.
    pub async fn write_turn(&self) -> Option<OwnedMutexGuard<()>> {
        match self.backend {
            Backend::Sqlite => Some(self.writer.clone().lock_owned().await),
            Backend::Postgres => None,
        }
    }

    /// The current instant as stored: RFC 3339 in UTC to the second, which sorts as text.
    pub fn now(&self) -> String {
        self.clock.now_text()
    }

    /// The newest migration applied.
    pub async fn schema_version(&self) -> Result<i64, sqlx::Error> {
        let row =
            sqlx::query("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations")
                .fetch_one(&self.pool)
                .await?;
        row.try_get(0)
    }

    async fn migrate(&self) -> Result<(), sqlx::Error> {
        sqlx::raw_sql(
            "CREATE TABLE IF NOT EXISTS schema_migrations \
             (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
        )
        .execute(&self.pool)
        .await?;
        let applied = self.schema_version().await?;
        for m in MIGRATIONS.iter().filter(|m| m.version > applied) {
            let mut tx = self.begin_write().await?;
            let sql = match self.backend {
                Backend::Sqlite => m.sqlite,
                Backend::Postgres => m.postgres,
            };
            sqlx::raw_sql(sql).execute(&mut *tx).await?;
            sqlx::query(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
            )
            .bind(m.version)
            .bind(m.name)
            .bind(self.now())
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            tracing::info!(version = m.version, name = m.name, "applied migration");
        }
        Ok(())
    }
}
