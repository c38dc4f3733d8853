//! One site on many instances: with PostgreSQL, new chat messages and room events reach the
//! connections of every instance through PostgreSQL's LISTEN/NOTIFY, and nothing else.
//!
//! - A NOTIFY inside the posting transaction would take PostgreSQL's global notify lock at
//!   every commit and serialize them; so the writer commits first and the event is sent
//!   afterwards, from a separate task and connection, several events to one NOTIFY.
//! - A notification says only which rooms got messages (first and last id). Each instance
//!   then reads the messages it has not delivered yet (`id > last delivered`) for the rooms
//!   someone here is in, and delivers them in order. Messages of one room commit in id order
//!   (the writer locks the room row before it takes ids), so reading `id > last` never skips
//!   one; a lost notification only delays delivery until the room's next one, and after the
//!   listening connection comes back every room here is read again.
//! - The instance that stored the messages does not wait for its own notification: it gets
//!   the same event at once.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::mpsc;

use super::frames::{MessageJson, ServerFrame};
use super::hub::Hub;
use crate::db;

const CHANNEL: &str = "kwartier_chat";
/// PostgreSQL refuses payloads of 8000 bytes and more.
const PAYLOAD_MAX: usize = 7_000;
/// Messages read per query while catching a room up.
const PAGE: u64 = 500;

/// What one instance tells the others.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "k", rename_all = "snake_case")]
pub enum Event {
    /// New messages were stored: per room, the first and last new id.
    Stored { rooms: Vec<(i32, i64, i64)> },
    /// A message changed: edited, deleted, hidden or put back.
    Changed { id: i64 },
    /// The person lost access to the group: out of its rooms.
    AccessLost { group: i32, user: i32 },
    /// A session of the person ended: their sockets check theirs.
    Sessions { user: i32 },
    /// The person's unread notifications changed.
    Unread { user: i32 },
    /// Not sent: read every room here again (after the listener reconnected).
    #[serde(skip)]
    Resync,
}

#[derive(Serialize, Deserialize)]
struct Envelope {
    /// The sending instance.
    i: String,
    e: Vec<Event>,
}

/// The sending half, shared by the writer and the chat's events.
#[derive(Clone)]
pub struct Relay {
    here: mpsc::UnboundedSender<Event>,
    out: mpsc::UnboundedSender<Event>,
}

impl Relay {
    /// Starts the listener, the notifier and the deliverer; PostgreSQL only.
    pub fn start(db: DatabaseConnection, hub: Arc<Hub>) -> Option<Self> {
        if db.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        let instance = db::sessions::random_token();
        let (here, here_rx) = mpsc::unbounded_channel();
        let (out, out_rx) = mpsc::unbounded_channel();
        tokio::spawn(deliver(db.clone(), hub, here_rx));
        tokio::spawn(notify(db.clone(), instance.clone(), out_rx));
        tokio::spawn(listen(db, instance, here.clone()));
        Some(Self { here, out })
    }

    /// Acts on the event here at once, and tells the other instances.
    pub fn publish(&self, e: Event) {
        let _ = self.here.send(e.clone());
        let _ = self.out.send(e);
    }
}

/// Sends what this instance publishes, many events to one NOTIFY, outside any posting
/// transaction.
async fn notify(db: DatabaseConnection, instance: String, mut rx: mpsc::UnboundedReceiver<Event>) {
    while let Some(first) = rx.recv().await {
        let mut events = vec![first];
        while let Ok(e) = rx.try_recv() {
            events.push(e);
        }
        for payload in payloads(&instance, events) {
            let sql = Statement::from_sql_and_values(
                DbBackend::Postgres,
                "SELECT pg_notify($1, $2)",
                [CHANNEL.into(), payload.into()],
            );
            if let Err(e) = db.execute_raw(sql).await {
                tracing::warn!(error = %e, "chat notify failed; other instances catch up on the next one");
            }
        }
    }
}

/// Packs events into payloads under PostgreSQL's limit.
fn payloads(instance: &str, events: Vec<Event>) -> Vec<String> {
    let mut out = Vec::new();
    let mut batch: Vec<Event> = Vec::new();
    let encode = |e: &[Event]| {
        serde_json::to_string(&Envelope {
            i: instance.to_owned(),
            e: e.to_vec(),
        })
        .unwrap_or_default()
    };
    for e in events {
        batch.push(e);
        if encode(&batch).len() > PAYLOAD_MAX && batch.len() > 1 {
            let last = batch.pop();
            out.push(encode(&batch));
            batch = last.into_iter().collect();
        }
    }
    if !batch.is_empty() {
        out.push(encode(&batch));
    }
    out
}

/// Listens for the other instances' events, and after a lost connection asks for a resync.
async fn listen(db: DatabaseConnection, instance: String, here: mpsc::UnboundedSender<Event>) {
    loop {
        let mut listener = match PgListener::connect_with(db.get_postgres_connection_pool()).await {
            Ok(l) => l,
            Err(e) => {
                tracing::warn!(error = %e, "chat listener cannot connect; retrying");
                tokio::time::sleep(Duration::from_secs(1)).await;
                continue;
            }
        };
        if let Err(e) = listener.listen(CHANNEL).await {
            tracing::warn!(error = %e, "chat listener cannot listen; retrying");
            tokio::time::sleep(Duration::from_secs(1)).await;
            continue;
        }
        // Whatever was sent while not listening: read every room here again.
        let _ = here.send(Event::Resync);
        loop {
            match listener.try_recv().await {
                Ok(Some(n)) => match serde_json::from_str::<Envelope>(n.payload()) {
                    Ok(env) if env.i != instance => {
                        for e in env.e {
                            let _ = here.send(e);
                        }
                    }
                    Ok(_) => {}
                    Err(e) => tracing::warn!(error = %e, "unreadable chat notification"),
                },
                // The connection was lost and is back: notifications may be missing.
                Ok(None) => {
                    let _ = here.send(Event::Resync);
                }
                Err(e) => {
                    tracing::warn!(error = %e, "chat listener lost; reconnecting");
                    break;
                }
            }
        }
    }
}

/// Acts on events in order: reads and delivers new messages per room, passes the rest to the
/// hub. What piles up while a query runs is taken together.
async fn deliver(db: DatabaseConnection, hub: Arc<Hub>, mut rx: mpsc::UnboundedReceiver<Event>) {
    // Per room: the last id delivered here (or known to exist when nobody here was in it).
    let mut last: HashMap<i32, i64> = HashMap::new();
    while let Some(first) = rx.recv().await {
        let mut events = vec![first];
        while let Ok(e) = rx.try_recv() {
            events.push(e);
        }
        let mut rooms: HashMap<i32, (i64, i64)> = HashMap::new();
        for e in events {
            match e {
                Event::Stored { rooms: stored } => {
                    for (room, first, newest) in stored {
                        let slot = rooms.entry(room).or_insert((first, newest));
                        slot.0 = slot.0.min(first);
                        slot.1 = slot.1.max(newest);
                    }
                }
                Event::Resync => {
                    for room in hub.rooms_here() {
                        rooms.entry(room).or_insert((i64::MAX, 0));
                    }
                }
                Event::Changed { id } => changed(&db, &hub, id).await,
                Event::AccessLost { group, user } => hub.access_lost(group, user),
                Event::Sessions { user } => hub.sessions_changed(user),
                Event::Unread { user } => unread(&db, &hub, user).await,
            }
        }
        for (room, (first, newest)) in rooms {
            if !hub.has_room(room) {
                // Nobody here is in it: only remember how far it is.
                if newest > 0 {
                    let at = last.entry(room).or_insert(newest);
                    *at = (*at).max(newest);
                }
                continue;
            }
            // A room not followed here before: its earlier messages came with the join.
            let mut after = *last
                .entry(room)
                .or_insert(if first == i64::MAX { newest } else { first - 1 });
            loop {
                let page = match db::chat::history(&db, room, Some(after), None, PAGE).await {
                    Ok(p) => p,
                    Err(e) => {
                        tracing::warn!(error = %e, room, "chat messages not read; next event retries");
                        break;
                    }
                };
                for (m, author) in &page {
                    let json = MessageJson::new(m, author.as_ref());
                    hub.message(room, m.id, ServerFrame::Message { message: &json }.text());
                    after = m.id;
                }
                if (page.len() as u64) < PAGE {
                    break;
                }
            }
            last.insert(room, after);
        }
    }
}

async fn changed(db: &DatabaseConnection, hub: &Hub, id: i64) {
    let Ok(Some(m)) = db::chat::find_message(db, id).await else {
        return;
    };
    if !hub.has_room(m.room_id) {
        return;
    }
    let author = match m.author_id {
        Some(a) => db::users::find(db, a).await.ok().flatten(),
        None => None,
    };
    let json = MessageJson::new(&m, author.as_ref());
    hub.room_frame(m.room_id, None, ServerFrame::Update { message: &json }.text());
}

async fn unread(db: &DatabaseConnection, hub: &Hub, user: i32) {
    if !hub.is_online(user) {
        return;
    }
    if let Ok(unread) = db::notifications::unread_count(db, user).await {
        hub.user_frame(user, ServerFrame::Notifications { unread }.text());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_pack_into_payloads_under_the_limit_and_read_back() {
        let events: Vec<Event> = (0..2_000).map(|id| Event::Changed { id }).collect();
        let packed = payloads("abc", events.clone());
        assert!(packed.len() > 1);
        let mut back = Vec::new();
        for p in &packed {
            assert!(p.len() <= PAYLOAD_MAX + 64, "{}", p.len());
            let env: Envelope = serde_json::from_str(p).unwrap();
            assert_eq!(env.i, "abc");
            back.extend(env.e);
        }
        assert_eq!(back, events);
    }
}
