//! The database: one pool over SQLite or PostgreSQL (sqlx's `Any` driver), with numbered
//! migrations for each (`migrations/{sqlite,postgres}`, embedded by `sqlx::migrate!`) applied at
//! start-up. Queries use `$1` placeholders, which both accept.

use crate::clock::Clock;
use sqlx::any::{install_default_drivers, AnyPoolOptions};
use sqlx::migrate::{Migrate, MigrateError, Migrator};
use sqlx::{Any, AnyConnection, AnyPool, Connection, Row, Transaction};
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
    /// The SQLite checkpointer, stopped when the last copy of this `Db` goes.
    _checkpoints: Option<Arc<Checkpoints>>,
}

/// Copies SQLite's write-ahead log back into the database file in the background, a few times
/// a second, so that no writer has to: the connection whose commit fills the log past SQLite's
/// threshold otherwise does it, holding the turn to write while it copies and syncs, and every
/// writer queued behind it waits (the stalls at the tail of the load bench). A `PASSIVE`
/// checkpoint blocks no reader or writer; SQLite's own, at a higher threshold, remains the
/// fallback should this fall behind.
#[derive(Debug)]
struct Checkpoints(tokio::task::JoinHandle<()>);

impl Checkpoints {
    /// How often the log is copied back.
    const EVERY: std::time::Duration = std::time::Duration::from_millis(200);

    fn start(pool: AnyPool) -> Checkpoints {
        Checkpoints(tokio::spawn(async move {
            let mut ticks = tokio::time::interval(Self::EVERY);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                ticks.tick().await;
                if let Err(e) = sqlx::raw_sql("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&pool)
                    .await
                {
                    tracing::warn!(error = %e, "checkpointing the write-ahead log");
                }
            }
        }))
    }
}

impl Drop for Checkpoints {
    fn drop(&mut self) {
        self.0.abort();
    }
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

/// The SQLite schema's migrations, embedded with their checksums.
static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("migrations/sqlite");

/// The PostgreSQL schema's migrations, embedded with their checksums.
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("migrations/postgres");

/// Why the database could not be opened.
#[derive(Debug)]
pub enum OpenError {
    /// The database cannot be reached, or a statement failed.
    Database(sqlx::Error),
    /// The migrations cannot be applied: the database is newer than this binary, a migration
    /// applied to it has changed since, or one failed.
    Migrate(MigrateError),
}

impl std::fmt::Display for OpenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            OpenError::Database(e) => write!(f, "database: {e}"),
            OpenError::Migrate(MigrateError::VersionMissing(v)) => write!(
                f,
                "the database has migration {v}, which this build does not know: it was \
                 migrated by a newer release; run that release (or newer)"
            ),
            OpenError::Migrate(MigrateError::VersionMismatch(v)) => write!(
                f,
                "migration {v} as applied to the database differs from this build's (checksum): \
                 a released migration must never change"
            ),
            OpenError::Migrate(e) => write!(f, "migrating the database: {e}"),
        }
    }
}

impl std::error::Error for OpenError {}

impl From<sqlx::Error> for OpenError {
    fn from(e: sqlx::Error) -> OpenError {
        OpenError::Database(e)
    }
}

impl From<MigrateError> for OpenError {
    fn from(e: MigrateError) -> OpenError {
        OpenError::Migrate(e)
    }
}

/// Sets a new SQLite connection to sync the write-ahead log at checkpoints, not every commit,
/// and to checkpoint only when the log is ten times SQLite's usual threshold ([`Checkpoints`]
/// does it long before).
fn sync_at_checkpoints(
    conn: &mut AnyConnection,
    _: sqlx::pool::PoolConnectionMetadata,
) -> std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), sqlx::Error>> + Send + '_>> {
    Box::pin(async move {
        sqlx::Executor::execute(
            conn,
            "PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 10000",
        )
        .await
        .map(drop)
    })
}

impl Db {
    /// Connects to `url` (creating a SQLite file if need be) and applies pending migrations;
    /// `clock` stamps what is written.
    pub async fn open(url: &str, clock: Clock) -> Result<Db, OpenError> {
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
            return Err(OpenError::Database(sqlx::Error::Configuration(
                "DATABASE_URL must start with sqlite:// or postgres://".into(),
            )));
        };
        let checkpoints =
            (backend == Backend::Sqlite).then(|| Arc::new(Checkpoints::start(pool.clone())));
        let db = Db {
            pool,
            backend,
            clock,
            writer: Arc::default(),
            committed: Arc::default(),
            _checkpoints: checkpoints,
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
            sqlx::query("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM _sqlx_migrations")
                .fetch_one(&self.pool)
                .await?;
        row.try_get(0)
    }

    /// This backend's migrations.
    pub fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Applies the pending migrations with sqlx's migrator, checking each applied migration's
    /// checksum and refusing a database that has a migration this build does not know, one
    /// instance at a time: on PostgreSQL under the migrator's advisory lock; on SQLite (where the
    /// migrator takes no lock) inside one `BEGIN IMMEDIATE` transaction, which holds the file's
    /// write lock, each migration a savepoint in it. A database migrated by releases before
    /// sqlx's migrator (its `schema_migrations` table) is adopted first.
    async fn migrate(&self) -> Result<(), OpenError> {
        let migrator = self.migrator();
        let mut conn = self.pool.acquire().await?;
        match self.backend {
            Backend::Postgres => {
                conn.lock().await?;
                let adopted = self.adopt_schema_migrations(&mut conn, migrator).await;
                conn.unlock().await?;
                adopted?;
                migrator.run(&mut *conn).await?;
            }
            Backend::Sqlite => {
                let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
                self.adopt_schema_migrations(&mut tx, migrator).await?;
                migrator.run(&mut *tx).await?;
                tx.commit().await?;
            }
        }
        Ok(())
    }

    /// Records the migrations a database's old `schema_migrations` table lists as applied in
    /// sqlx's table, with this build's checksums (they are the same files), then drops the old
    /// table: one transaction, so a crash leaves either table whole. A version this build does
    /// not know is refused, as sqlx refuses it.
    async fn adopt_schema_migrations(
        &self,
        conn: &mut AnyConnection,
        migrator: &Migrator,
    ) -> Result<(), OpenError> {
        let exists = match self.backend {
            Backend::Sqlite => {
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'"
            }
            Backend::Postgres => {
                "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema() \
                 AND tablename = 'schema_migrations'"
            }
        };
        let found: i64 = sqlx::query(exists)
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        if found == 0 {
            return Ok(());
        }
        conn.ensure_migrations_table().await?;
        let mut tx = conn.begin().await?;
        let applied = sqlx::query("SELECT version FROM schema_migrations ORDER BY version")
            .fetch_all(&mut *tx)
            .await?;
        for row in applied {
            let version: i64 = row.try_get(0)?;
            let migration = migrator
                .iter()
                .find(|m| m.version == version)
                .ok_or(MigrateError::VersionMissing(version))?;
            sqlx::query(
                "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
                 VALUES ($1, $2, TRUE, $3, 0) ON CONFLICT (version) DO NOTHING",
            )
            .bind(version)
            .bind(migration.description.to_string())
            .bind(migration.checksum.to_vec())
            .execute(&mut *tx)
            .await?;
        }
        sqlx::raw_sql("DROP TABLE schema_migrations")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        tracing::info!("adopted the schema_migrations table into sqlx's migrations");
        Ok(())
    }
}
