//! The one writer of chat messages on this instance: it gathers what arrives while the
//! previous batch commits and stores the next batch in one transaction (group commit), then
//! acknowledges each message and delivers it. A message is acknowledged only after its
//! transaction committed.
use std::sync::Arc;

use sea_orm::DatabaseConnection;
use tokio::sync::{mpsc, oneshot};

use super::hub::Hub;
use super::relay::{Event, Relay};
use crate::db;
use crate::db::chat::NewMessage;
use crate::wire::AuthorJson;
use crate::wire::{MessageJson, ServerFrame};

/// Most messages in one transaction.
const BATCH: usize = 256;

/// The stored message, and whether it is new (false: a repeat of a `client_id`).
pub type Stored = Result<(MessageJson, bool), ()>;

struct Job {
    msg: NewMessage,
    author: AuthorJson,
    reply: oneshot::Sender<Stored>,
}

#[derive(Clone)]
pub struct Writer {
    tx: mpsc::Sender<Job>,
}

impl Writer {
    /// With a relay (PostgreSQL), new messages go out through it to every instance, this one
    /// included; without, straight to this instance's connections.
    pub fn spawn(db: DatabaseConnection, hub: Arc<Hub>, relay: Option<Relay>) -> Self {
        let (tx, rx) = mpsc::channel(4 * BATCH);
        tokio::spawn(run(db, hub, relay, rx));
        Self { tx }
    }

    /// Queues a message behind those queued before it; the receiver answers once it is
    /// durable (or failed). Messages are stored in the order they were submitted.
    pub async fn submit(&self, msg: NewMessage, author: AuthorJson) -> oneshot::Receiver<Stored> {
        let (reply, answer) = oneshot::channel();
        // If the writer is gone, `reply` is dropped with the job and the receiver says so.
        let _ = self.tx.send(Job { msg, author, reply }).await;
        answer
    }
}

async fn run(db: DatabaseConnection, hub: Arc<Hub>, relay: Option<Relay>, mut rx: mpsc::Receiver<Job>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(BATCH);
    while let Some(first) = rx.recv().await {
        jobs.push(first);
        while jobs.len() < BATCH {
            match rx.try_recv() {
                Ok(job) => jobs.push(job),
                Err(_) => break,
            }
        }
        let batch: Vec<NewMessage> = jobs.iter().map(|j| j.msg.clone()).collect();
        match db::chat::store_batch(&db, &batch).await {
            Ok(rows) => deliver(&hub, relay.as_ref(), jobs.drain(..).zip(rows).collect()),
            Err(e) if jobs.len() > 1 => {
                // One bad row (its author deleted a moment ago, say) must not fail the others:
                // each goes again alone, in order; only the failing ones are refused.
                tracing::info!(error = %e, messages = jobs.len(), "chat batch failed; storing one by one");
                for job in jobs.drain(..) {
                    match db::chat::store_batch(&db, std::slice::from_ref(&job.msg)).await {
                        Ok(rows) => deliver(&hub, relay.as_ref(), vec![job].into_iter().zip(rows).collect()),
                        Err(e) => {
                            tracing::warn!(error = %e, "chat message not stored");
                            let _ = job.reply.send(Err(()));
                        }
                    }
                }
            }
            Err(e) => {
                tracing::warn!(error = %e, messages = jobs.len(), "chat messages not stored");
                for job in jobs.drain(..) {
                    let _ = job.reply.send(Err(()));
                }
            }
        }
    }
}

/// Acknowledges stored messages and delivers the new ones: through the relay to every
/// instance, or straight to this instance's connections.
fn deliver(hub: &Hub, relay: Option<&Relay>, stored_jobs: Vec<(Job, (entity::chat_message::Model, bool))>) {
    let mut stored: Vec<(i32, i64, i64)> = Vec::new();
    for (job, (row, new)) in stored_jobs {
        let json = MessageJson::with_author(&row, job.author);
        if new && relay.is_some() {
            match stored.iter_mut().find(|(room, _, _)| *room == row.room_id) {
                Some(r) => r.2 = r.2.max(row.id),
                None => stored.push((row.room_id, row.id, row.id)),
            }
        } else if new {
            hub.message(
                row.room_id,
                row.id,
                ServerFrame::Message { message: &json }.text(),
            );
        }
        let _ = job.reply.send(Ok((json, new)));
    }
    if let Some(relay) = relay.filter(|_| !stored.is_empty()) {
        relay.publish(Event::Stored { rooms: stored });
    }
}
