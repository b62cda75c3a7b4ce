//! Migrations under sqlx's migrator: two services starting at once on one new database both come
//! up, with the schema and the sample seeded once; a database newer than the build, or with a
//! changed migration, is refused; and a database migrated by releases before the migrator (their
//! `schema_migrations` table) is adopted with its data.

mod common;

use common::{data_dir, database_url, now, Backend};
use market_service::config::{Config, Seed};
use market_service::AppState;
use sqlx::Row;

fn config(url: &str, dir: &std::path::Path) -> Config {
    Config {
        listen_addr: "127.0.0.1:0".parse().expect("address"),
        database_url: url.to_string(),
        seed: Seed::Sample,
        data_dir: data_dir(),
        dist_dir: dir.join("no-dist"),
        app_origin: None,
        session_hours: 12,
        now: Some(now()),
    }
}

/// How many migration files there are for `backend` (counted in the directory, not taken from
/// the migrator).
fn migration_files(backend: &str) -> i64 {
    let dir = common::package_dir().join("migrations").join(backend);
    std::fs::read_dir(dir)
        .expect("migrations directory")
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.file_name().to_string_lossy().ends_with(".sql"))
        })
        .count() as i64
}

async fn count(state: &AppState, sql: &str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&state.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("a number")
}

async fn two_services_start_at_once_on_a_new_database(backend: Backend) {
    let homes = common::shipped("homes.json")
        .as_array()
        .expect("homes")
        .len() as i64;
    let files = migration_files(match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    });
    // A few rounds: a race lost once in a while would still show.
    for round in 0..3 {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = database_url(backend, dir.path()).await;
        let (a, b) = tokio::join!(
            AppState::start(config(&url, dir.path())),
            AppState::start(config(&url, dir.path())),
        );
        let a = a.unwrap_or_else(|e| panic!("round {round}: the first service starts: {e}"));
        b.unwrap_or_else(|e| panic!("round {round}: the second service starts: {e}"));
        let counted = [
            count(
                &a,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM _sqlx_migrations WHERE success",
            )
            .await,
            count(&a, "SELECT CAST(COUNT(*) AS BIGINT) FROM homes").await,
            count(
                &a,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE username LIKE 'demo-%'",
            )
            .await,
            count(
                &a,
                "SELECT CAST(COUNT(*) AS BIGINT) FROM reference_documents WHERE key = 'footprint'",
            )
            .await,
        ];
        assert_eq!(counted, [files, homes, 6, 1], "round {round}");
        assert_eq!(a.db.schema_version().await.expect("version"), files);
    }
}

async fn a_newer_or_changed_database_is_refused(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = database_url(backend, dir.path()).await;
    let state = AppState::start(config(&url, dir.path()))
        .await
        .expect("starts");
    // A later release's migration.
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time) \
         VALUES (9999, 'from the future', TRUE, $1, 0)",
    )
    .bind(vec![0u8; 48])
    .execute(&state.db.pool)
    .await
    .expect("insert");
    let newer = AppState::start(config(&url, dir.path()))
        .await
        .err()
        .map(|e| e.to_string());
    assert!(
        newer
            .as_deref()
            .is_some_and(|e| e.contains("9999") && e.contains("newer release")),
        "{newer:?}"
    );
    sqlx::query("DELETE FROM _sqlx_migrations WHERE version = 9999")
        .execute(&state.db.pool)
        .await
        .expect("delete");
    AppState::start(config(&url, dir.path()))
        .await
        .expect("starts again");
    // A released migration edited after it was applied.
    sqlx::query("UPDATE _sqlx_migrations SET checksum = $1 WHERE version = 2")
        .bind(vec![7u8; 48])
        .execute(&state.db.pool)
        .await
        .expect("update");
    let changed = AppState::start(config(&url, dir.path()))
        .await
        .err()
        .map(|e| e.to_string());
    assert!(
        changed
            .as_deref()
            .is_some_and(|e| e.contains("migration 2") && e.contains("checksum")),
        "{changed:?}"
    );
}

/// The five migrations as releases before sqlx's migrator applied them: each file's SQL, then
/// its row in `schema_migrations`.
async fn migrate_the_old_way(url: &str, backend: Backend) {
    let files: [(&str, &str); 5] = match backend {
        Backend::Sqlite => [
            (
                "initial",
                include_str!("../migrations/sqlite/0001_initial.sql"),
            ),
            ("holds", include_str!("../migrations/sqlite/0002_holds.sql")),
            (
                "block_beds",
                include_str!("../migrations/sqlite/0003_block_beds.sql"),
            ),
            (
                "placements",
                include_str!("../migrations/sqlite/0004_placements.sql"),
            ),
            (
                "return_audit_trigger",
                include_str!("../migrations/sqlite/0005_return_audit_trigger.sql"),
            ),
        ],
        Backend::Postgres => [
            (
                "initial",
                include_str!("../migrations/postgres/0001_initial.sql"),
            ),
            (
                "holds",
                include_str!("../migrations/postgres/0002_holds.sql"),
            ),
            (
                "block_beds",
                include_str!("../migrations/postgres/0003_block_beds.sql"),
            ),
            (
                "placements",
                include_str!("../migrations/postgres/0004_placements.sql"),
            ),
            (
                "return_audit_trigger",
                include_str!("../migrations/postgres/0005_return_audit_trigger.sql"),
            ),
        ],
    };
    sqlx::any::install_default_drivers();
    let url = match backend {
        Backend::Sqlite => format!("{url}?mode=rwc"),
        Backend::Postgres => url.to_string(),
    };
    let pool = sqlx::AnyPool::connect(&url).await.expect("connect");
    sqlx::raw_sql(
        "CREATE TABLE schema_migrations \
         (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)",
    )
    .execute(&pool)
    .await
    .expect("old table");
    for (i, (name, sql)) in files.iter().enumerate() {
        sqlx::raw_sql(sql)
            .execute(&pool)
            .await
            .expect("old migration");
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(i as i64 + 1)
        .bind(*name)
        .bind(common::NOW)
        .execute(&pool)
        .await
        .expect("old row");
    }
    sqlx::query("INSERT INTO reference_documents (key, body) VALUES ('kept', 'from before')")
        .execute(&pool)
        .await
        .expect("data");
    pool.close().await;
}

async fn a_database_from_before_the_migrator_is_adopted(backend: Backend) {
    let dir = tempfile::tempdir().expect("temp dir");
    let url = database_url(backend, dir.path()).await;
    migrate_the_old_way(&url, backend).await;
    let state = AppState::start(config(&url, dir.path()))
        .await
        .expect("an old database starts");
    let kept: String = sqlx::query("SELECT body FROM reference_documents WHERE key = 'kept'")
        .fetch_one(&state.db.pool)
        .await
        .expect("kept")
        .try_get(0)
        .expect("text");
    assert_eq!(kept, "from before");
    let versions: Vec<i64> = sqlx::query("SELECT version FROM _sqlx_migrations ORDER BY version")
        .fetch_all(&state.db.pool)
        .await
        .expect("versions")
        .iter()
        .map(|r| r.try_get(0).expect("version"))
        .collect();
    // The five it had, then every later one, up to the last file.
    let files = migration_files(match backend {
        Backend::Sqlite => "sqlite",
        Backend::Postgres => "postgres",
    });
    assert_eq!(versions, (1..=files).collect::<Vec<_>>());
    // Started again, it is an ordinary sqlx-migrated database.
    AppState::start(config(&url, dir.path()))
        .await
        .expect("starts again");
}

on_both_backends!(
    two_services_start_at_once_on_a_new_database,
    a_newer_or_changed_database_is_refused,
    a_database_from_before_the_migrator_is_adopted
);
