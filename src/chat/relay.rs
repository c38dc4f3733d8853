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
//!   listening connection comes back every room here is read again and every connection
//!   here checks its session and rooms (a missed "access lost" or logout). A room newly
//!   followed here is delivered from its newest message before its first connection here
//!   subscribed, never from the first event heard: a message from this instance may be
//!   heard before an earlier one from another.
//! - An instance serves only once it listens (or after [`LISTEN_WAIT`], with a warning).
//! - The instance that stored the messages does not wait for its own notification: it gets
//!   the same event at once.
//! - Presence: each instance writes who is in which room here to `chat_presence` when it
//!   changes, and says so; every instance then reads the room's people from all live
//!   instances (those that said they are alive in the last 30 seconds) and sends one frame.
//!   An instance that stops cleanly removes its rows; one that dies is dropped after 30 s.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use sea_orm::sqlx::postgres::PgListener;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend, Statement};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};

use super::hub::Hub;
use crate::db;
use crate::wire::{MessageJson, ServerFrame};

const CHANNEL: &str = "kwartier_chat";
/// PostgreSQL refuses payloads of 8000 bytes and more.
const PAYLOAD_MAX: usize = 7_000;
/// Messages read per query while catching a room up.
const PAGE: u64 = 500;
/// Rooms read back by one query (a statement with thousands of conditions would be slow to plan).
const ROOMS_PER_QUERY: usize = 200;

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
    /// Who is in the room changed on some instance.
    Presence { room: i32 },
    /// A house meeting changed: its room hears it again.
    Meeting { id: i32 },
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
    presence: mpsc::UnboundedSender<Vec<(i32, Vec<i32>)>>,
    instance: String,
    db: DatabaseConnection,
    listening: watch::Receiver<bool>,
}

/// How long a starting instance waits for its listener before serving anyway.
pub const LISTEN_WAIT: Duration = Duration::from_secs(10);

/// How long an instance counts as alive after it last said so.
const ALIVE_SECS: i64 = 30;
/// How often an instance says it is alive.
const HEARTBEAT: Duration = Duration::from_secs(5);

impl Relay {
    /// Starts the listener, the notifier and the deliverer; PostgreSQL only.
    pub fn start(db: DatabaseConnection, hub: Arc<Hub>) -> Option<Self> {
        if db.get_database_backend() != DbBackend::Postgres {
            return None;
        }
        let instance = db::sessions::random_token();
        let (here, here_rx) = mpsc::unbounded_channel();
        let (out, out_rx) = mpsc::unbounded_channel();
        let (presence, presence_rx) = mpsc::unbounded_channel();
        tokio::spawn(deliver(db.clone(), hub, here_rx));
        tokio::spawn(notify(db.clone(), instance.clone(), out_rx));
        let (listening_tx, listening) = watch::channel(false);
        tokio::spawn(listen(db.clone(), instance.clone(), here.clone(), listening_tx));
        let relay = Self {
            here,
            out,
            presence,
            instance,
            db,
            listening,
        };
        tokio::spawn(keep_presence(relay.clone(), presence_rx));
        Some(relay)
    }

    /// Waits until this instance hears the others (at most [`LISTEN_WAIT`]): before that,
    /// their events would be missed.
    pub async fn listening(&self) {
        let mut rx = self.listening.clone();
        if tokio::time::timeout(LISTEN_WAIT, rx.wait_for(|l| *l))
            .await
            .is_err()
        {
            tracing::warn!("chat listener not ready; serving anyway, it catches up when it is");
        }
    }

    /// Records who is in these rooms here now, and tells every instance.
    pub fn presence(&self, rooms: Vec<(i32, Vec<i32>)>) {
        if !rooms.is_empty() {
            let _ = self.presence.send(rooms);
        }
    }

    /// This instance stops: its people leave every room's presence.
    pub async fn leave(&self) {
        let rooms = self.own_rooms().await;
        let sql = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "DELETE FROM chat_instances WHERE id = $1",
            [self.instance.clone().into()],
        );
        if let Err(e) = self.db.execute_raw(sql).await {
            tracing::warn!(error = %e, "presence not cleared; others drop it after 30 s");
        }
        for room in rooms {
            let _ = self.out.send(Event::Presence { room });
        }
        // Give the notifier a moment to send.
        tokio::time::sleep(Duration::from_millis(100)).await;
    }

    async fn own_rooms(&self) -> Vec<i32> {
        let sql = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "SELECT DISTINCT room_id FROM chat_presence WHERE instance = $1",
            [self.instance.clone().into()],
        );
        match self.db.query_all_raw(sql).await {
            Ok(rows) => rows
                .iter()
                .filter_map(|r| r.try_get::<i32>("", "room_id").ok())
                .collect(),
            Err(_) => Vec::new(),
        }
    }

    async fn alive(&self) -> Result<(), sea_orm::DbErr> {
        let sql = Statement::from_sql_and_values(
            DbBackend::Postgres,
            "INSERT INTO chat_instances (id, seen_at) VALUES ($1, now()) \
             ON CONFLICT (id) DO UPDATE SET seen_at = now()",
            [self.instance.clone().into()],
        );
        self.db.execute_raw(sql).await.map(|_| ())
    }

    /// Replaces this instance's people in a room.
    async fn write_room(&self, room: i32, users: &[i32]) -> Result<(), sea_orm::DbErr> {
        let txn = crate::db::write(&self.db).await?;
        txn.execute_raw(Statement::from_sql_and_values(
            DbBackend::Postgres,
            "DELETE FROM chat_presence WHERE instance = $1 AND room_id = $2",
            [self.instance.clone().into(), room.into()],
        ))
        .await?;
        if !users.is_empty() {
            // Numbers only: safe to write into the statement.
            let values = users
                .iter()
                .map(|u| format!("($1, {room}, {u})"))
                .collect::<Vec<_>>()
                .join(",");
            txn.execute_raw(Statement::from_sql_and_values(
                DbBackend::Postgres,
                format!("INSERT INTO chat_presence (instance, room_id, user_id) VALUES {values}"),
                [self.instance.clone().into()],
            ))
            .await?;
        }
        txn.commit().await
    }

    /// Drops instances that stopped saying they are alive; true if there were any.
    async fn drop_dead(&self) -> Result<bool, sea_orm::DbErr> {
        let rows = self
            .db
            .query_all_raw(Statement::from_string(
                DbBackend::Postgres,
                format!(
                    "DELETE FROM chat_instances WHERE seen_at < now() - interval '{ALIVE_SECS} seconds' RETURNING id"
                ),
            ))
            .await?;
        // Their presence rows went with them (on delete cascade).
        Ok(!rows.is_empty())
    }

    /// Acts on the event here at once, and tells the other instances.
    pub fn publish(&self, e: Event) {
        let _ = self.here.send(e.clone());
        let _ = self.out.send(e);
    }
}

/// Says this instance is alive, writes presence changes, drops dead instances.
async fn keep_presence(relay: Relay, mut rx: mpsc::UnboundedReceiver<Vec<(i32, Vec<i32>)>>) {
    if let Err(e) = relay.alive().await {
        tracing::warn!(error = %e, "instance not registered for presence");
    }
    let mut beat = tokio::time::interval(HEARTBEAT);
    loop {
        tokio::select! {
            changed = rx.recv() => {
                let Some(rooms) = changed else { return };
                for (room, users) in rooms {
                    match relay.write_room(room, &users).await {
                        Ok(()) => relay.publish(Event::Presence { room }),
                        Err(e) => tracing::warn!(error = %e, room, "presence not written"),
                    }
                }
            }
            _ = beat.tick() => {
                if let Err(e) = relay.alive().await {
                    tracing::warn!(error = %e, "instance heartbeat failed");
                }
                // Every room here hears its presence again without them.
                if let Ok(true) = relay.drop_dead().await {
                    let _ = relay.here.send(Event::Resync);
                }
            }
        }
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
async fn listen(
    db: DatabaseConnection,
    instance: String,
    here: mpsc::UnboundedSender<Event>,
    listening: watch::Sender<bool>,
) {
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
        listening.send_replace(true);
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
        let mut presence_rooms = std::collections::HashSet::new();
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
                    hub.recheck_all();
                    for room in hub.rooms_here() {
                        rooms.entry(room).or_insert((i64::MAX, 0));
                        presence_rooms.insert(room);
                    }
                }
                Event::Changed { id } => changed(&db, &hub, id).await,
                Event::AccessLost { group, user } => hub.access_lost(group, user),
                Event::Sessions { user } => hub.sessions_changed(user),
                Event::Unread { user } => unread(&db, &hub, user).await,
                Event::Meeting { id } => super::meeting_frame(&db, &hub, id).await,
                Event::Presence { room } => {
                    presence_rooms.insert(room);
                }
            }
        }
        for room in presence_rooms.drain() {
            presence(&db, &hub, room).await;
        }
        let mut wants = Vec::new();
        for (room, (first, newest)) in rooms {
            if !hub.has_room(room) {
                // Nobody here is in it: only remember how far it is.
                if newest > 0 {
                    let at = last.entry(room).or_insert(newest);
                    *at = (*at).max(newest);
                }
                continue;
            }
            // A room not followed here before: what existed before its first connection here
            // subscribed came with the join. Not `first - 1`: the first event heard may be a
            // later message that overtook an earlier one from another instance.
            let after = *last.entry(room).or_insert_with(|| {
                hub.followed_from(room)
                    .unwrap_or(if first == i64::MAX { newest } else { first - 1 })
            });
            wants.push((room, after));
        }
        wants.sort_unstable();
        for chunk in wants.chunks(ROOMS_PER_QUERY) {
            read_back(&db, &hub, &mut last, chunk.to_vec()).await;
        }
    }
}

/// Reads the new messages of all these rooms with one query per [`PAGE`] (not one per room)
/// and delivers them in order.
async fn read_back(
    db: &DatabaseConnection,
    hub: &Hub,
    last: &mut HashMap<i32, i64>,
    mut wants: Vec<(i32, i64)>,
) {
    while !wants.is_empty() {
        let page = match db::chat::after_in_rooms(db, &wants, PAGE).await {
            Ok(p) => p,
            Err(e) => {
                tracing::warn!(error = %e, rooms = wants.len(), "chat messages not read; next event retries");
                return;
            }
        };
        for (m, author) in &page {
            let json = MessageJson::new(m, author.as_ref());
            hub.message(m.room_id, m.id, ServerFrame::Message { message: &json }.text());
            last.insert(m.room_id, m.id);
        }
        if (page.len() as u64) < PAGE {
            return;
        }
        // Rooms before the last one read are complete; the last may have more.
        let Some((newest, _)) = page.last() else { return };
        let from = newest.room_id;
        wants.retain(|&(room, _)| room >= from);
        if let Some(w) = wants.first_mut()
            && w.0 == from
        {
            w.1 = newest.id;
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

/// Sends the room's people on every live instance to the room's connections here.
async fn presence(db: &DatabaseConnection, hub: &Hub, room: i32) {
    if !hub.has_room(room) {
        return;
    }
    let sql = Statement::from_sql_and_values(
        DbBackend::Postgres,
        format!(
            "SELECT DISTINCT u.username, u.display_name FROM chat_presence p \
             JOIN users u ON u.id = p.user_id JOIN chat_instances i ON i.id = p.instance \
             WHERE p.room_id = $1 AND i.seen_at > now() - interval '{ALIVE_SECS} seconds'"
        ),
        [room.into()],
    );
    match db.query_all_raw(sql).await {
        Ok(rows) => {
            let people = rows
                .iter()
                .filter_map(|r| {
                    Some((
                        r.try_get::<String>("", "username").ok()?,
                        r.try_get::<String>("", "display_name").ok()?,
                    ))
                })
                .collect();
            hub.room_frame(room, None, super::hub::presence_frame(room, &people));
        }
        Err(e) => tracing::warn!(error = %e, room, "presence not read"),
    }
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
