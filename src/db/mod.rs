//! Every database query, grouped by aggregate; connecting and migrating.
pub mod chat;
pub mod commit;
pub mod decisions;
pub mod flags;
pub mod forum;
pub mod goals;
pub mod groups;
pub mod home;
pub mod instance;
pub mod invites;
pub mod meetings;
pub mod mutes;
pub mod notifications;
pub mod privacy;
pub mod requests;
pub mod search;
pub mod serial;
pub mod sessions;
pub mod shapes;
pub mod site;
pub mod statements;
pub mod users;

use std::time::Duration;

use migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{
    ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr,
    SqliteTransactionMode, Statement, TransactionOptions, TransactionTrait,
};

use crate::config::{Config, SqliteSync};

/// Opens the pool: SQLite (file created if missing, WAL, foreign keys, explicit `synchronous`)
/// or PostgreSQL.
pub async fn connect(config: &Config) -> Result<DatabaseConnection, DbErr> {
    if let Some(path) = config.sqlite_path()
        && let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", dir.display())))?;
    }
    let mut url = config.database_url.clone();
    if url.starts_with("sqlite:") && !url.contains("mode=") {
        url.push_str(if url.contains('?') {
            "&mode=rwc"
        } else {
            "?mode=rwc"
        });
    }
    let mut opts = ConnectOptions::new(url);
    let synchronous = match config.sqlite_sync {
        SqliteSync::Full => SqliteSynchronous::Full,
        SqliteSync::Normal => SqliteSynchronous::Normal,
    };
    opts.max_connections(config.db_pool)
        .min_connections(1)
        .connect_timeout(Duration::from_secs(10))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false)
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(synchronous)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Deleted rows are overwritten, not left in free pages: a deleted account
                // leaves nothing to read in the file.
                .pragma("secure_delete", "on")
        });
    Database::connect(opts).await
}

/// Starts a transaction that will write. On SQLite it takes the write lock at `BEGIN`
/// (`BEGIN IMMEDIATE`), waiting up to the busy timeout for it: a deferred transaction that reads
/// first and then writes cannot wait, and fails with "database is locked" when another writer
/// committed in between. PostgreSQL starts as usual.
pub async fn write(db: &DatabaseConnection) -> Result<DatabaseTransaction, DbErr> {
    db.begin_with_options(TransactionOptions {
        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
        ..Default::default()
    })
    .await
}

/// Applies pending migrations. On PostgreSQL an advisory lock makes instances that start
/// together take turns instead of racing on `seaql_migrations`.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    const LOCK: i64 = 0x6b77_6172_7469_6572; // "kwartier"
    if db.get_database_backend() == DbBackend::Postgres {
        // Session-level lock: hold one connection for the whole step.
        let conn = db.begin().await?;
        conn.execute_raw(Statement::from_string(
            DbBackend::Postgres,
            format!("SELECT pg_advisory_xact_lock({LOCK})"),
        ))
        .await?;
        Migrator::up(&conn, None).await?;
        conn.commit().await
    } else {
        Migrator::up(db, None).await?;
        search::fill_stems(db).await.map(|_| ())
    }
}

/// The migrations not yet applied to this database, by name, in the order they would run.
/// Reads only: the bookkeeping table is not created when it is missing.
pub async fn pending_migrations(db: &DatabaseConnection) -> Result<Vec<String>, DbErr> {
    Ok(Migrator::get_pending_migrations_read_only(db)
        .await?
        .iter()
        .map(|m| m.name().to_owned())
        .collect())
}

/// Every migration this build knows, by name, in order.
pub fn all_migrations() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}

/// The current time at microsecond precision: what both SQLite and PostgreSQL keep, so that a
/// value reads back exactly as it was written.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    use chrono::SubsecRound;
    chrono::Utc::now().trunc_subsecs(6)
}

/// Checks that the database answers.
pub async fn ping(db: &DatabaseConnection) -> Result<(), DbErr> {
    db.execute_unprepared("SELECT 1").await.map(|_| ())
}

/// Writes a consistent copy of a SQLite database to `path` (`VACUUM INTO`: one read
/// transaction, so the copy is a single moment even while the server writes). The copy is a
/// complete database file: restore by stopping the server and putting it in place.
pub async fn backup(db: &DatabaseConnection, path: &std::path::Path) -> anyhow::Result<()> {
    if db.get_database_backend() != sea_orm::DbBackend::Sqlite {
        anyhow::bail!("backup copies a SQLite database; for PostgreSQL use pg_dump (see the README)");
    }
    if path.exists() {
        anyhow::bail!("{} exists already; choose a new file", path.display());
    }
    let target = path
        .to_str()
        .ok_or_else(|| anyhow::anyhow!("the path must be valid UTF-8"))?
        .replace('\'', "''");
    db.execute_unprepared(&format!("VACUUM INTO '{target}'"))
        .await
        .map_err(|e| anyhow::anyhow!("backup failed: {e}"))?;
    Ok(())
}
