//! In-process fan-out: which connection listens to which room, and delivery to them.
//!
//! A message is serialized once and its bytes are shared by every delivery. Each connection
//! has a bounded queue; a connection whose queue is full is cut off instead of slowing the
//! room down (its client resumes from the last id it saw). Presence is gathered per room and
//! sent at most twice a second.
use std::borrow::Borrow;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::extract::ws::Utf8Bytes;
use tokio::sync::{Notify, mpsc};

pub type ConnId = u64;

/// Frames queued for one connection.
pub const QUEUE: usize = 512;

/// What a connection task receives from the hub.
#[derive(Debug)]
pub enum Out {
    /// A new message in a room; skipped when the connection sent it already while replaying.
    Message { room: i32, id: i64, frame: Utf8Bytes },
    /// Any other frame: an edit, presence, typing, a notification count.
    Frame(Utf8Bytes),
    /// The person lost access to this room (left the group, suspended, removed).
    Left { room: i32 },
    /// Sessions of this person changed: check that this connection's one still holds.
    CheckSession,
    /// Events may have been missed: check the session and access to every joined room.
    Recheck,
}

/// Why the server ends a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    /// It could not keep up: its queue was full.
    Slow,
    /// Its session ended (logout, password change, ended from another device).
    SessionEnded,
    /// The server is stopping.
    Shutdown,
}

/// A one-way signal to end one connection.
#[derive(Debug, Default)]
pub struct Kill {
    reason: Mutex<Option<CloseReason>>,
    notify: Notify,
}

impl Kill {
    pub fn fire(&self, reason: CloseReason) {
        let mut r = self.reason.lock().unwrap_or_else(|e| e.into_inner());
        if r.is_none() {
            *r = Some(reason);
            self.notify.notify_one();
        }
    }

    /// Completes when the connection must end, with the reason.
    pub async fn fired(&self) -> CloseReason {
        loop {
            if let Some(r) = *self.reason.lock().unwrap_or_else(|e| e.into_inner()) {
                return r;
            }
            self.notify.notified().await;
        }
    }
}

struct Conn {
    user_id: i32,
    /// Username and display name, for presence.
    who: Arc<(String, String)>,
    tx: mpsc::Sender<Out>,
    kill: Arc<Kill>,
    rooms: HashSet<i32>,
}

#[derive(Default)]
struct Room {
    group_id: i32,
    /// The newest message id known before its first connection here subscribed: the relay
    /// delivers what comes after it.
    from: i64,
    subs: HashMap<ConnId, mpsc::Sender<Out>>,
    /// The presence frame last sent to the room, for connections that join before it changes.
    presence: Option<Utf8Bytes>,
    /// When presence was last sent to the room.
    presence_at: Option<std::time::Instant>,
}

/// At most this many people are named in a presence frame; `count` says how many there are.
pub const PRESENCE_NAMES: usize = 50;

/// Rooms with more connections than this hear presence at most every [`BIG_ROOM_PRESENCE`]:
/// every frame goes to every connection, so in a room of 10,000 a change each half second
/// would be 20,000 frames a second about nothing but presence.
const BIG_ROOM: usize = 500;
const BIG_ROOM_PRESENCE: std::time::Duration = std::time::Duration::from_secs(10);

#[derive(Default)]
struct Inner {
    conns: HashMap<ConnId, Conn>,
    rooms: HashMap<i32, Room>,
    by_user: HashMap<i32, HashSet<ConnId>>,
    /// Rooms whose presence changed since it was last sent.
    dirty: HashSet<i32>,
}

/// A presence frame: who is online in the room (username and display name, each once), the
/// first [`PRESENCE_NAMES`] of them by username, and how many there are in all.
pub fn presence_frame<P: Borrow<(String, String)> + Ord>(room: i32, people: &BTreeSet<P>) -> Utf8Bytes {
    let shown = || people.iter().map(Borrow::borrow).take(PRESENCE_NAMES);
    let online: Vec<&str> = shown().map(|p| p.0.as_str()).collect();
    let named: Vec<serde_json::Value> = shown()
        .map(|p| serde_json::json!({"username": p.0, "display_name": p.1}))
        .collect();
    serde_json::json!({"type": "presence", "room": room, "online": online, "people": named, "count": people.len()})
        .to_string()
        .into()
}

/// The connections of this instance.
#[derive(Default)]
pub struct Hub {
    inner: RwLock<Inner>,
    next: AtomicU64,
    live: AtomicUsize,
    all_gone: Notify,
    stopping: AtomicBool,
    delivered: AtomicU64,
}

/// Why a connection was not taken on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The instance is shutting down.
    Stopping,
    /// The account already holds as many connections as it may.
    TooMany,
}

/// Held by a connection task; unregisters the connection when dropped.
pub struct Registration {
    pub id: ConnId,
    pub rx: mpsc::Receiver<Out>,
    /// This connection's own queue, for answers that complete later (acks).
    pub tx: mpsc::Sender<Out>,
    pub kill: Arc<Kill>,
    hub: Arc<Hub>,
}

impl Drop for Registration {
    fn drop(&mut self) {
        self.hub.unregister(self.id);
    }
}

impl Hub {
    fn read(&self) -> std::sync::RwLockReadGuard<'_, Inner> {
        self.inner.read().unwrap_or_else(|e| e.into_inner())
    }

    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Inner> {
        self.inner.write().unwrap_or_else(|e| e.into_inner())
    }

    /// Adds a connection; `None` while the server is stopping.
    pub fn register(
        self: &Arc<Self>,
        user_id: i32,
        username: &str,
        display_name: &str,
        most: usize,
    ) -> Result<Registration, Refused> {
        if self.stopping.load(Ordering::SeqCst) {
            return Err(Refused::Stopping);
        }
        let mut inner = self.write();
        // Checked under the lock: many handshakes at once cannot pass the cap together.
        if inner.by_user.get(&user_id).map_or(0, HashSet::len) >= most {
            return Err(Refused::TooMany);
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let (tx, rx) = mpsc::channel(QUEUE);
        let kill = Arc::new(Kill::default());
        inner.conns.insert(
            id,
            Conn {
                user_id,
                who: Arc::new((username.to_owned(), display_name.to_owned())),
                tx: tx.clone(),
                kill: kill.clone(),
                rooms: HashSet::new(),
            },
        );
        inner.by_user.entry(user_id).or_default().insert(id);
        self.live.fetch_add(1, Ordering::SeqCst);
        drop(inner);
        Ok(Registration {
            id,
            rx,
            tx,
            kill,
            hub: self.clone(),
        })
    }

    /// How many connections this account has open on this instance.
    pub fn connections_of(&self, user_id: i32) -> usize {
        self.read().by_user.get(&user_id).map_or(0, HashSet::len)
    }

    fn unregister(&self, id: ConnId) {
        let mut inner = self.write();
        if let Some(conn) = inner.conns.remove(&id) {
            for room in &conn.rooms {
                if let Some(r) = inner.rooms.get_mut(room) {
                    r.subs.remove(&id);
                    if r.subs.is_empty() {
                        inner.rooms.remove(room);
                    }
                }
                inner.dirty.insert(*room);
            }
            if let Some(set) = inner.by_user.get_mut(&conn.user_id) {
                set.remove(&id);
                if set.is_empty() {
                    inner.by_user.remove(&conn.user_id);
                }
            }
        }
        drop(inner);
        if self.live.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.all_gone.notify_waiters();
        }
    }

    /// Starts delivering a room's messages to a connection. `known` is the room's newest
    /// message id read before this call; it counts only when nobody here followed the room yet.
    pub fn subscribe(&self, id: ConnId, room: i32, group_id: i32, known: i64) {
        let mut inner = self.write();
        let Some(conn) = inner.conns.get_mut(&id) else {
            return;
        };
        conn.rooms.insert(room);
        let tx = conn.tx.clone();
        let r = inner.rooms.entry(room).or_insert_with(|| Room {
            from: known,
            ..Room::default()
        });
        r.group_id = group_id;
        r.subs.insert(id, tx);
        inner.dirty.insert(room);
    }

    pub fn unsubscribe(&self, id: ConnId, room: i32) {
        let mut inner = self.write();
        if let Some(conn) = inner.conns.get_mut(&id) {
            conn.rooms.remove(&room);
        }
        if let Some(r) = inner.rooms.get_mut(&room) {
            r.subs.remove(&id);
            if r.subs.is_empty() {
                inner.rooms.remove(&room);
            }
        }
        inner.dirty.insert(room);
    }

    /// Queues `make()` for every connection in the room but `except`; cuts off those whose
    /// queue is full.
    fn fan_out(&self, room: i32, except: Option<ConnId>, make: impl Fn() -> Out) {
        let mut slow = Vec::new();
        {
            let inner = self.read();
            let Some(r) = inner.rooms.get(&room) else { return };
            let mut n = 0u64;
            for (id, tx) in &r.subs {
                if Some(*id) == except {
                    continue;
                }
                match tx.try_send(make()) {
                    Ok(()) => n += 1,
                    Err(mpsc::error::TrySendError::Full(_)) => slow.push(*id),
                    Err(mpsc::error::TrySendError::Closed(_)) => {}
                }
            }
            self.delivered.fetch_add(n, Ordering::Relaxed);
        }
        if !slow.is_empty() {
            let inner = self.read();
            for id in slow {
                if let Some(c) = inner.conns.get(&id) {
                    c.kill.fire(CloseReason::Slow);
                }
            }
        }
    }

    /// Delivers a new message (the frame already serialized) to everyone in its room.
    pub fn message(&self, room: i32, id: i64, frame: Utf8Bytes) {
        self.fan_out(room, None, || Out::Message {
            room,
            id,
            frame: frame.clone(),
        });
    }

    /// Delivers any other frame to everyone in the room but `except`.
    pub fn room_frame(&self, room: i32, except: Option<ConnId>, frame: Utf8Bytes) {
        self.fan_out(room, except, || Out::Frame(frame.clone()));
    }

    /// Delivers a frame to every connection of one person.
    pub fn user_frame(&self, user_id: i32, frame: Utf8Bytes) {
        let inner = self.read();
        for id in inner.by_user.get(&user_id).into_iter().flatten() {
            if let Some(c) = inner.conns.get(id) {
                let _ = c.tx.try_send(Out::Frame(frame.clone()));
            }
        }
    }

    /// The person can no longer be in this group's rooms: unsubscribe their connections at
    /// once, and tell each.
    pub fn access_lost(&self, group_id: i32, user_id: i32) {
        let mut inner = self.write();
        let conns: Vec<ConnId> = inner
            .by_user
            .get(&user_id)
            .map(|s| s.iter().copied().collect())
            .unwrap_or_default();
        for id in conns {
            let rooms: Vec<i32> = inner.conns[&id]
                .rooms
                .iter()
                .copied()
                .filter(|r| inner.rooms.get(r).is_some_and(|r| r.group_id == group_id))
                .collect();
            for room in rooms {
                if let Some(r) = inner.rooms.get_mut(&room) {
                    r.subs.remove(&id);
                    if r.subs.is_empty() {
                        inner.rooms.remove(&room);
                    }
                }
                inner.dirty.insert(room);
                if let Some(c) = inner.conns.get_mut(&id) {
                    c.rooms.remove(&room);
                    let _ = c.tx.try_send(Out::Left { room });
                }
            }
        }
    }

    /// A session of this person ended: each of their connections checks its own.
    pub fn sessions_changed(&self, user_id: i32) {
        let inner = self.read();
        for id in inner.by_user.get(&user_id).into_iter().flatten() {
            if let Some(c) = inner.conns.get(id)
                && c.tx.try_send(Out::CheckSession).is_err()
            {
                c.kill.fire(CloseReason::SessionEnded);
            }
        }
    }

    /// Events from other instances may have been missed (the relay's listener was away):
    /// every connection checks its session and its rooms again.
    pub fn recheck_all(&self) {
        let inner = self.read();
        for c in inner.conns.values() {
            if c.tx.try_send(Out::Recheck).is_err() {
                // Too slow to take it: closed, it comes back and is checked as it joins.
                c.kill.fire(CloseReason::Slow);
            }
        }
    }

    /// The presence frame of a room: who is online, by username (as the contract says) and
    /// with display names.
    fn presence(inner: &Inner, room: i32) -> Utf8Bytes {
        let people: BTreeSet<Arc<(String, String)>> = inner
            .rooms
            .get(&room)
            .map(|r| {
                r.subs
                    .keys()
                    .filter_map(|id| inner.conns.get(id).map(|c| c.who.clone()))
                    .collect()
            })
            .unwrap_or_default();
        presence_frame(room, &people)
    }

    /// The rooms whose presence changed and is due to be sent (a big room waits until
    /// [`BIG_ROOM_PRESENCE`] has passed since the last time; it stays marked until then).
    fn due_presence(inner: &mut Inner) -> Vec<i32> {
        let now = std::time::Instant::now();
        let dirty: Vec<i32> = inner.dirty.drain().collect();
        let mut due = Vec::with_capacity(dirty.len());
        for room in dirty {
            match inner.rooms.get_mut(&room) {
                Some(r)
                    if r.subs.len() > BIG_ROOM
                        && r.presence_at.is_some_and(|at| now - at < BIG_ROOM_PRESENCE) =>
                {
                    inner.dirty.insert(room);
                }
                Some(r) => {
                    r.presence_at = Some(now);
                    due.push(room);
                }
                None => due.push(room),
            }
        }
        due
    }

    /// The rooms whose presence changed since last asked (and is due), each with the people
    /// here in it.
    pub fn take_dirty_presence(&self) -> Vec<(i32, Vec<i32>)> {
        let mut inner = self.write();
        Self::due_presence(&mut inner)
            .into_iter()
            .map(|room| {
                let mut users: Vec<i32> = inner
                    .rooms
                    .get(&room)
                    .map(|r| {
                        r.subs
                            .keys()
                            .filter_map(|id| inner.conns.get(id).map(|c| c.user_id))
                            .collect()
                    })
                    .unwrap_or_default();
                users.sort_unstable();
                users.dedup();
                (room, users)
            })
            .collect()
    }

    /// The room's presence as last sent, for one connection that just joined (its joining
    /// changed the room, so the next round sends everyone the new one).
    pub fn presence_for(&self, id: ConnId, room: i32) {
        let inner = self.read();
        if let (Some(c), Some(frame)) = (
            inner.conns.get(&id),
            inner.rooms.get(&room).and_then(|r| r.presence.clone()),
        ) {
            let _ = c.tx.try_send(Out::Frame(frame));
        }
    }

    /// Who is online in each room whose presence changed, sent to that room.
    pub fn flush_presence(&self) {
        let changed: Vec<(i32, Utf8Bytes)> = {
            let mut inner = self.write();
            let due = Self::due_presence(&mut inner);
            due.into_iter()
                .map(|room| {
                    let frame = Self::presence(&inner, room);
                    if let Some(r) = inner.rooms.get_mut(&room) {
                        r.presence = Some(frame.clone());
                    }
                    (room, frame)
                })
                .collect()
        };
        for (room, frame) in changed {
            self.room_frame(room, None, frame);
        }
    }

    /// Where the relay starts delivering a room it did not follow yet: the newest message id
    /// known before the room's first connection here subscribed.
    pub fn followed_from(&self, room: i32) -> Option<i64> {
        self.read().rooms.get(&room).map(|r| r.from)
    }

    /// Whether someone here is in the room.
    pub fn has_room(&self, room: i32) -> bool {
        self.read().rooms.get(&room).is_some_and(|r| !r.subs.is_empty())
    }

    /// The rooms someone here is in.
    pub fn rooms_here(&self) -> Vec<i32> {
        self.read()
            .rooms
            .iter()
            .filter(|(_, r)| !r.subs.is_empty())
            .map(|(id, _)| *id)
            .collect()
    }

    /// Whether this person has an open connection here.
    pub fn is_online(&self, user_id: i32) -> bool {
        self.read().by_user.contains_key(&user_id)
    }

    /// Open connections on this instance.
    pub fn connections(&self) -> usize {
        self.live.load(Ordering::SeqCst)
    }

    /// Frames queued for delivery since start.
    pub fn delivered(&self) -> u64 {
        self.delivered.load(Ordering::Relaxed)
    }

    /// Refuses new connections, asks every open one to close (1001, so that clients resume
    /// elsewhere or later) and waits for them, at most `grace`.
    pub async fn shutdown(&self, grace: Duration) {
        self.stopping.store(true, Ordering::SeqCst);
        let gone = self.all_gone.notified();
        {
            let inner = self.read();
            for c in inner.conns.values() {
                c.kill.fire(CloseReason::Shutdown);
            }
        }
        if self.connections() > 0 {
            let _ = tokio::time::timeout(grace, gone).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_full_queue_cuts_the_connection_off_and_others_still_get_everything() {
        let hub = Arc::new(Hub::default());
        let mut fast = hub.register(1, "anna", "Anna", 100).unwrap();
        let slow = hub.register(2, "bert", "Bert", 100).unwrap();
        hub.subscribe(fast.id, 7, 1, 0);
        hub.subscribe(slow.id, 7, 1, 0);
        for i in 0..(QUEUE as i64 + 1) {
            hub.message(7, i, "x".into());
            // The fast reader keeps up.
            assert!(matches!(fast.rx.recv().await, Some(Out::Message { id, .. }) if id == i));
        }
        assert_eq!(slow.kill.fired().await, CloseReason::Slow);
    }

    #[tokio::test]
    async fn losing_access_unsubscribes_only_that_groups_rooms() {
        let hub = Arc::new(Hub::default());
        let mut c = hub.register(1, "anna", "Anna", 100).unwrap();
        hub.subscribe(c.id, 7, 1, 0);
        hub.subscribe(c.id, 8, 2, 0);
        hub.access_lost(1, 1);
        assert!(matches!(c.rx.recv().await, Some(Out::Left { room: 7 })));
        hub.message(7, 1, "a".into());
        hub.message(8, 2, "b".into());
        assert!(matches!(c.rx.recv().await, Some(Out::Message { room: 8, .. })));
    }

    #[tokio::test]
    async fn presence_lists_each_name_once_and_shutdown_waits_for_connections() {
        let hub = Arc::new(Hub::default());
        let mut a = hub.register(1, "anna", "Anna", 100).unwrap();
        let b = hub.register(1, "anna", "Anna", 100).unwrap();
        hub.subscribe(a.id, 7, 1, 0);
        hub.subscribe(b.id, 7, 1, 0);
        hub.flush_presence();
        match a.rx.recv().await {
            Some(Out::Frame(f)) => assert_eq!(
                &*f,
                r#"{"count":1,"online":["anna"],"people":[{"display_name":"Anna","username":"anna"}],"room":7,"type":"presence"}"#
            ),
            other => panic!("{other:?}"),
        }
        let h = hub.clone();
        let stop = tokio::spawn(async move { h.shutdown(Duration::from_secs(5)).await });
        assert_eq!(a.kill.fired().await, CloseReason::Shutdown);
        drop(a);
        drop(b);
        stop.await.unwrap();
        assert_eq!(hub.connections(), 0);
        assert!(hub.register(3, "carl", "Carl", 100).is_err());
    }
}

#[cfg(test)]
mod presence_tests {
    use super::*;

    #[test]
    fn a_big_room_names_the_first_fifty_and_counts_everyone() {
        let people: BTreeSet<(String, String)> = (0..120)
            .map(|i| (format!("lid{i:03}"), format!("Lid {i}")))
            .collect();
        let frame: serde_json::Value = serde_json::from_str(&presence_frame(7, &people)).unwrap();
        assert_eq!(frame["count"], 120);
        assert_eq!(frame["online"].as_array().unwrap().len(), PRESENCE_NAMES);
        assert_eq!(frame["people"].as_array().unwrap().len(), PRESENCE_NAMES);
        assert_eq!(frame["online"][0], "lid000");
        let few: BTreeSet<(String, String)> = [("anna".to_owned(), "Anna".to_owned())].into();
        let frame: serde_json::Value = serde_json::from_str(&presence_frame(7, &few)).unwrap();
        assert_eq!(frame["online"], serde_json::json!(["anna"]));
        assert_eq!(frame["count"], 1);
    }
}

#[cfg(test)]
mod big_room_tests {
    use super::*;

    #[tokio::test]
    async fn a_big_room_hears_presence_at_most_every_ten_seconds_on_both_paths() {
        let hub = Arc::new(Hub::default());
        let mut regs: Vec<Registration> = (0..=BIG_ROOM as i32)
            .map(|i| hub.register(i, &format!("lid{i}"), "Lid", 100).unwrap())
            .collect();
        for r in &regs {
            hub.subscribe(r.id, 9, 1, 0);
        }
        hub.flush_presence();
        assert!(
            matches!(regs[0].rx.try_recv(), Ok(Out::Frame(_))),
            "the first round goes out"
        );
        let late = hub.register(9999, "laat", "Laat", 100).unwrap();
        hub.subscribe(late.id, 9, 1, 0);
        hub.flush_presence();
        assert!(
            regs[0].rx.try_recv().is_err(),
            "a change within ten seconds waits"
        );
        assert!(
            hub.take_dirty_presence().is_empty(),
            "the relay's path waits as well"
        );
        assert!(hub.read().dirty.contains(&9), "and the room stays marked");
        // A small room hears every change.
        let mut a = hub.register(1, "anna", "Anna", 100).unwrap();
        hub.subscribe(a.id, 3, 1, 0);
        hub.flush_presence();
        assert!(matches!(a.rx.try_recv(), Ok(Out::Frame(_))));
        let b = hub.register(2, "bert", "Bert", 100).unwrap();
        hub.subscribe(b.id, 3, 1, 0);
        hub.flush_presence();
        assert!(matches!(a.rx.try_recv(), Ok(Out::Frame(_))));
    }
}
