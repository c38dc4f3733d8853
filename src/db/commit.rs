//! Group commit for forum writes: what arrives while a transaction commits goes into the next
//! one, as the chat writer does for messages.
//!
//! Each piece of work runs inside the batch's transaction in its own savepoint, so it is still
//! all-or-nothing: one that fails is rolled back alone and answered with its own error, the
//! others go on. Every piece is answered only after the batch's commit (or its failure), so an
//! answered write is a durable one. A batch of one runs without a savepoint.
//!
//! On SQLite one writer: write transactions take turns there anyway, and the commit's fsync is
//! paid once per batch instead of once per write. On PostgreSQL each piece runs in its own
//! transaction, at once: PostgreSQL flushes concurrent commits together itself, and batches
//! there held their threads' locks for the whole batch (measured with 64 writers: 1,258
//! replies/s one transaction each, 1,092 with four batch writers, 942 with eight; see
//! BENCHMARKS.md).
use futures_util::future::BoxFuture;
use sea_orm::{DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, TransactionTrait};
use tokio::sync::{mpsc, oneshot};

/// Most pieces of work in one transaction.
const BATCH: usize = 64;

/// Called once the batch is over: `None` when it committed, else why it did not.
type Done = Box<dyn FnOnce(Option<DbErr>) + Send>;
/// A piece of work, given the transaction to run in (or `None`: it will not run, the batch
/// failed): whether it succeeded, and how to answer it once the batch is over.
type Work = Box<dyn for<'t> FnOnce(Option<&'t DatabaseTransaction>) -> BoxFuture<'t, (bool, Done)> + Send>;

/// Work and the row it locks first (its order in a batch).
pub struct Job {
    key: i64,
    work: Work,
}

/// The queue of write work for this instance's group-commit writer (SQLite), or the database
/// each piece runs on alone (PostgreSQL).
#[derive(Clone)]
pub enum GroupCommit {
    Batched(mpsc::Sender<Job>),
    Alone(DatabaseConnection),
}

impl GroupCommit {
    /// Starts the writer (SQLite).
    pub fn spawn(db: DatabaseConnection) -> Self {
        if db.get_database_backend() == DbBackend::Postgres {
            return Self::Alone(db);
        }
        let (tx, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(write(db, rx));
        Self::Batched(tx)
    }

    /// Runs `work` in the next batch's transaction and answers after that batch committed.
    /// An error from `work` rolls back only what `work` did.
    ///
    /// `key` is the row `work` locks first (a thread's id): a batch runs its work in the order
    /// of the keys (as it came for equal keys), so that a batch takes its locks in one order.
    pub async fn run<T, E, F>(&self, key: i64, work: F) -> Result<T, E>
    where
        T: Send + 'static,
        E: From<DbErr> + Send + 'static,
        F: for<'t> FnOnce(&'t DatabaseTransaction) -> BoxFuture<'t, Result<T, E>> + Send + 'static,
    {
        let tx = match self {
            Self::Batched(tx) => tx,
            Self::Alone(db) => {
                let txn = super::write(db).await?;
                let result = work(&txn).await;
                finish(txn, result.is_ok()).await?;
                return result;
            }
        };
        let (reply, answer) = oneshot::channel::<Result<T, E>>();
        let work: Work = Box::new(move |txn| {
            Box::pin(async move {
                let result = match txn {
                    Some(txn) => Some(work(txn).await),
                    None => None,
                };
                let ok = result.as_ref().is_some_and(Result::is_ok);
                let done: Done = Box::new(move |failed| {
                    let answer = match (failed, result) {
                        // Its own refusal stands; a success that did not commit is a failure.
                        (_, Some(Err(e))) => Err(e),
                        (None, Some(Ok(t))) => Ok(t),
                        (Some(why), _) => Err(E::from(why)),
                        (None, None) => Err(E::from(DbErr::Custom("not run".to_owned()))),
                    };
                    let _ = reply.send(answer);
                });
                (ok, done)
            })
        });
        let stopped = || E::from(DbErr::Custom("the writer stopped".to_owned()));
        if tx.send(Job { key, work }).await.is_err() {
            return Err(stopped());
        }
        answer.await.unwrap_or_else(|_| Err(stopped()))
    }
}

/// The writer: takes what is queued (up to [`BATCH`]), runs it in one transaction, commits,
/// answers.
async fn write(db: DatabaseConnection, mut rx: mpsc::Receiver<Job>) {
    while let Some(first) = rx.recv().await {
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match rx.try_recv() {
                Ok(w) => batch.push(w),
                Err(_) => break,
            }
        }
        batch.sort_by_key(|j| j.key);
        let batch = batch.into_iter().map(|j| j.work).collect();
        let (dones, failed) = run_batch(&db, batch).await;
        for done in dones {
            done(failed.clone());
        }
    }
}

/// Runs a batch; returns how to answer each piece, and why the batch did not commit (if so).
async fn run_batch(db: &DatabaseConnection, batch: Vec<Work>) -> (Vec<Done>, Option<DbErr>) {
    let mut dones = Vec::with_capacity(batch.len());
    let txn = match super::write(db).await {
        Ok(t) => t,
        Err(e) => {
            tracing::warn!(error = %e, writes = batch.len(), "write batch not started");
            // Nothing ran: each piece answers with the failure (never as a success).
            for work in batch {
                dones.push(refused(work).await);
            }
            return (dones, Some(e));
        }
    };
    if batch.len() == 1 {
        let Some(work) = batch.into_iter().next() else {
            return (dones, None);
        };
        let (ok, done) = work(Some(&txn)).await;
        dones.push(done);
        let end = finish(txn, ok).await;
        return (dones, end.err().filter(|_| ok));
    }
    let mut broken = None;
    for work in batch {
        if broken.is_some() {
            dones.push(refused(work).await);
            continue;
        }
        let savepoint = match txn.begin().await {
            Ok(s) => s,
            Err(e) => {
                broken = Some(e);
                dones.push(refused(work).await);
                continue;
            }
        };
        let (ok, done) = work(Some(&savepoint)).await;
        dones.push(done);
        if let Err(e) = finish(savepoint, ok).await {
            broken = Some(e);
        }
    }
    if let Some(why) = broken {
        tracing::warn!(error = %why, writes = dones.len(), "write batch failed");
        let _ = txn.rollback().await;
        return (dones, Some(why));
    }
    let failed = txn.commit().await.err().map(|e| {
        tracing::warn!(error = %e, writes = dones.len(), "write batch not committed");
        e
    });
    (dones, failed)
}

/// Commits what succeeded, rolls back what did not (a transaction or a savepoint).
async fn finish(txn: DatabaseTransaction, ok: bool) -> Result<(), DbErr> {
    if ok {
        txn.commit().await
    } else {
        txn.rollback().await
    }
}

/// A piece of work that will not run: its answer is the batch's failure.
async fn refused(work: Work) -> Done {
    work(None).await.1
}

#[cfg(test)]
mod tests {
    use sea_orm::{ConnectionTrait, Database, DbBackend, Statement};

    use super::*;

    async fn insert(txn: &DatabaseTransaction, n: i64) -> Result<(), DbErr> {
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Sqlite,
            "INSERT INTO t (n) VALUES (?)",
            [n.into()],
        ))
        .await
        .map(|_| ())
    }

    /// Many pieces at once land in shared batches; a piece that fails after writing is rolled
    /// back alone and answered with its own error, the others are stored and answered with
    /// their own values.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_failing_piece_takes_back_only_its_own_writes() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
        let db = Database::connect(&url).await.unwrap();
        db.execute_unprepared("CREATE TABLE t (n INTEGER NOT NULL)")
            .await
            .unwrap();
        let commits = GroupCommit::spawn(db.clone());
        let pieces: Vec<_> = (0..200i64)
            .map(|n| {
                let commits = commits.clone();
                tokio::spawn(async move {
                    commits
                        .run(n % 7, move |txn| {
                            Box::pin(async move {
                                insert(txn, n).await?;
                                if n % 3 == 0 {
                                    return Err(DbErr::Custom(format!("refused {n}")));
                                }
                                insert(txn, n + 1000).await?;
                                Ok::<_, DbErr>(n * 2)
                            })
                        })
                        .await
                })
            })
            .collect();
        for (n, piece) in (0..200i64).zip(pieces) {
            match piece.await.unwrap() {
                Ok(v) => assert!(n % 3 != 0 && v == n * 2, "{n} answered {v}"),
                Err(DbErr::Custom(e)) => assert_eq!(e, format!("refused {n}")),
                Err(e) => panic!("{n}: {e}"),
            }
        }
        let rows = db
            .query_all_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT n FROM t ORDER BY n",
            ))
            .await
            .unwrap();
        let stored: Vec<i64> = rows.iter().map(|r| r.try_get_by_index(0).unwrap()).collect();
        let mut want: Vec<i64> = (0..200)
            .filter(|n| n % 3 != 0)
            .flat_map(|n| [n, n + 1000])
            .collect();
        want.sort_unstable();
        assert_eq!(stored, want);
    }
}
