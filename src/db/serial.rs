//! Limits that hold under concurrent requests. "At most N" is a count, then an insert: two
//! requests at once both count N−1 and both insert. A [`Turn`] makes them take turns per
//! scope (a group's rooms, one person's daily posts…) from before the count until after the
//! insert committed: an in-process lock (one instance, SQLite included), and on PostgreSQL a
//! transaction-scoped advisory lock as well, so several instances take turns too.
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, Statement, TransactionTrait,
};

/// What is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// A group's chat rooms.
    Rooms,
    /// One person's things of one kind in a day (`Recent` as a number).
    Daily(u8),
    /// One person's flags in a day.
    Flags,
    /// One person's proposals in a group in a day.
    Proposals,
    /// One person's open requests for help (per group, counted under one turn per person).
    Requests,
}

impl Scope {
    fn code(self) -> i32 {
        match self {
            Self::Rooms => 1,
            Self::Flags => 2,
            Self::Proposals => 3,
            Self::Requests => 4,
            Self::Daily(kind) => 16 + i32::from(kind),
        }
    }
}

/// One lock per (scope, id), kept while someone holds or waits for it.
type Locks = HashMap<(i32, i32), Arc<tokio::sync::Mutex<()>>>;

/// The in-process locks, one per scope and id while in use.
#[derive(Default)]
pub struct Turns {
    locks: Mutex<Locks>,
}

/// Held from before the count until after the insert committed; dropping it ends the turn.
#[must_use = "a limit holds only while its turn is held, until the insert committed"]
pub struct Turn {
    _local: tokio::sync::OwnedMutexGuard<()>,
    pg: Option<DatabaseTransaction>,
}

impl Turns {
    /// Waits for the turn of `scope` for `id` (a group or a person).
    pub async fn take(&self, db: &DatabaseConnection, scope: Scope, id: i32) -> Result<Turn, DbErr> {
        let key = (scope.code(), id);
        let lock = {
            let mut locks = self.locks.lock().unwrap_or_else(|p| p.into_inner());
            // Forget the locks nobody holds or waits for.
            locks.retain(|_, l| Arc::strong_count(l) > 1);
            locks.entry(key).or_default().clone()
        };
        let local = lock.lock_owned().await;
        let pg = if db.get_database_backend() == DbBackend::Postgres {
            let txn = db.begin().await?;
            txn.execute_raw(Statement::from_string(
                DbBackend::Postgres,
                format!("SELECT pg_advisory_xact_lock({}, {})", 0x4b77_0000 + key.0, key.1),
            ))
            .await?;
            Some(txn)
        } else {
            None
        };
        Ok(Turn { _local: local, pg })
    }
}

impl Drop for Turn {
    fn drop(&mut self) {
        // End the advisory lock now, not whenever the pooled connection is next used.
        if let Some(txn) = self.pg.take() {
            tokio::spawn(async move {
                let _ = txn.rollback().await;
            });
        }
    }
}
