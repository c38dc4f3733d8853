//! Live chat's machinery: the hub of connections and rooms, the writer that stores messages
//! before they are acknowledged (group commit), and the relay that carries events between
//! instances on PostgreSQL. The use cases are in `services::chat`, the socket handler in
//! `http::socket`.
pub mod hub;
pub mod meetings;
pub mod relay;
pub mod writer;

use std::sync::Arc;

use sea_orm::DatabaseConnection;

use self::hub::Hub;
use self::writer::{Stored, Writer};
use crate::db;
use crate::db::chat::NewMessage;
use crate::wire::AuthorJson;
use crate::wire::{MessageJson, ServerFrame};

/// The chat part of the application state.
pub struct Chat {
    pub hub: Arc<Hub>,
    writer: Writer,
    /// With PostgreSQL: events reach every instance.
    relay: Option<relay::Relay>,
}

impl Chat {
    /// Starts the message writer (and, with PostgreSQL unless `no_relay`, the relay); needs a
    /// running Tokio runtime.
    pub fn start(db: DatabaseConnection, no_relay: bool) -> Self {
        let hub = Arc::new(Hub::default());
        let relay = (!no_relay)
            .then(|| relay::Relay::start(db.clone(), hub.clone()))
            .flatten();
        Self {
            writer: Writer::spawn(db, hub.clone(), relay.clone()),
            hub,
            relay,
        }
    }

    /// The person lost access to a group (left, suspended, removed): their open sockets
    /// stop receiving its rooms at once.
    pub fn access_lost(&self, group_id: i32, user_id: i32) {
        self.publish(relay::Event::AccessLost {
            group: group_id,
            user: user_id,
        });
    }

    /// Sends who is online to the rooms where that changed: with PostgreSQL, everyone on
    /// every instance; else those here.
    pub fn flush_presence(&self) {
        match &self.relay {
            Some(r) => r.presence(self.hub.take_dirty_presence()),
            None => self.hub.flush_presence(),
        }
    }

    /// This instance stops: with PostgreSQL, its people leave the presence of every room.
    pub async fn leave(&self) {
        if let Some(r) = &self.relay {
            r.leave().await;
        }
    }

    /// Returns once this instance hears the other instances (at once without a relay).
    pub async fn ready(&self) {
        if let Some(r) = &self.relay {
            r.listening().await;
        }
    }

    /// Whether events travel between instances (PostgreSQL).
    pub fn is_relayed(&self) -> bool {
        self.relay.is_some()
    }

    /// Acts on an event on every instance (with PostgreSQL), or here.
    fn publish(&self, e: relay::Event) {
        match &self.relay {
            Some(r) => r.publish(e),
            None => match e {
                relay::Event::AccessLost { group, user } => self.hub.access_lost(group, user),
                relay::Event::Sessions { user } => self.hub.sessions_changed(user),
                _ => {}
            },
        }
    }

    /// A session of this person ended: their sockets check theirs and close if it is gone.
    pub fn sessions_changed(&self, user_id: i32) {
        self.publish(relay::Event::Sessions { user: user_id });
    }

    /// Queues a checked message for the writer; the receiver answers once it is durable.
    pub async fn submit(
        &self,
        msg: NewMessage,
        author: AuthorJson,
    ) -> tokio::sync::oneshot::Receiver<Stored> {
        self.writer.submit(msg, author).await
    }

    /// A message changed (edited, deleted, hidden, restored): its room hears of it, on every
    /// instance.
    pub fn changed(&self, json: &MessageJson) {
        match &self.relay {
            Some(r) => r.publish(relay::Event::Changed { id: json.id }),
            None => self
                .hub
                .room_frame(json.room_id, None, ServerFrame::Update { message: json }.text()),
        }
    }

    /// A house meeting changed: its room hears of it, on every instance.
    pub async fn meeting_changed(&self, db: &DatabaseConnection, id: i32) {
        match &self.relay {
            Some(r) => r.publish(relay::Event::Meeting { id }),
            None => meeting_frame(db, &self.hub, id).await,
        }
    }

    /// Tells these people's open sockets how many unread notifications they have now.
    pub async fn notifications_changed(&self, db: &DatabaseConnection, user_ids: &[i32]) {
        if let Some(r) = &self.relay {
            for &uid in user_ids {
                r.publish(relay::Event::Unread { user: uid });
            }
            return;
        }
        for &uid in user_ids {
            if !self.hub.is_online(uid) {
                continue;
            }
            match db::notifications::unread_count(db, uid).await {
                Ok(unread) => self
                    .hub
                    .user_frame(uid, ServerFrame::Notifications { unread }.text()),
                Err(e) => tracing::warn!(error = %e, "unread count"),
            }
        }
    }
}

/// Sends a meeting's frame to its room's connections here.
pub(crate) async fn meeting_frame(db: &DatabaseConnection, hub: &Hub, id: i32) {
    match meetings::meeting_json(db, id).await {
        Ok(Some(m)) if hub.has_room(m.room_id) => {
            hub.room_frame(m.room_id, None, ServerFrame::Meeting { meeting: &m }.text())
        }
        Ok(_) => {}
        Err(e) => tracing::warn!(error = %e, meeting = id, "meeting frame"),
    }
}
