//! Live chat: rooms per group, messages stored before they are acknowledged, and delivery
//! to the connections in the room. Pages, the JSON API and the WebSocket all come here.
pub mod frames;
pub mod hub;
pub mod relay;
pub mod socket;
pub mod writer;

use crate::guard::{self, Act, Words};
use std::sync::Arc;

use entity::{room, user};
use sea_orm::DatabaseConnection;

use self::frames::{MessageJson, ServerFrame};
use self::hub::Hub;
use self::writer::{Stored, Writer};
use crate::app::AppState;
use crate::db;
use crate::db::chat::NewMessage;
use crate::domain::chat::{self as rules, MessageStatus};
use crate::domain::markdown;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::groups::GroupAccess;
use crate::http::api::forum::AuthorJson;

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
}

/// A room as seen by one person: loaded only if the policy lets them do `action` in its group.
pub struct RoomAccess {
    pub room: room::Model,
    pub group: GroupAccess,
}

impl RoomAccess {
    pub async fn load(
        state: &AppState,
        user: Option<&user::Model>,
        room_id: i32,
        action: Action,
    ) -> AppResult<Self> {
        let room = db::chat::find_room(&state.db, room_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let group = GroupAccess::load_by_id(state, user, room.group_id, action).await?;
        Ok(Self { room, group })
    }
}

/// A group's rooms, for its members.
pub async fn rooms(state: &AppState, access: &GroupAccess) -> AppResult<Vec<room::Model>> {
    access.require(Action::Chat)?;
    Ok(db::chat::rooms(&state.db, access.group.row.id).await?)
}

/// Adds a room (stewards; at most [`rules::ROOMS_MAX`] per group).
pub async fn create_room(state: &AppState, access: &GroupAccess, name: &str) -> AppResult<room::Model> {
    access.require(Action::ManageRooms)?;
    let name = rules::parse_room_name(name).map_err(|e| AppError::field("name", e))?;
    // Counted and added in turn: forty requests at once make no more than the limit.
    let _turn = state
        .turns
        .take(&state.db, crate::db::serial::Scope::Rooms, access.group.row.id)
        .await?;
    if db::chat::room_count(&state.db, access.group.row.id).await? >= rules::ROOMS_MAX {
        return Err(AppError::field("name", crate::domain::Invalid("err-rooms-max")));
    }
    Ok(db::chat::create_room(&state.db, access.group.row.id, &name).await?)
}

/// A message checked and ready for the writer.
pub struct Outgoing {
    msg: NewMessage,
    author: AuthorJson,
}

/// Checks a message before it is stored: the policy, its text and id, and the sender's rate.
pub fn prepare(
    state: &AppState,
    site: &crate::instance::InstanceSettings,
    access: &RoomAccess,
    author: &user::Model,
    body: &str,
    client_id: &str,
) -> AppResult<Outgoing> {
    access.group.require(Action::Chat)?;
    if access.group.is_muted() {
        return Err(AppError::Muted);
    }
    let body = rules::parse_body(body).map_err(|e| AppError::field("body", e))?;
    let client_id = rules::parse_client_id(client_id).map_err(|e| AppError::field("client_id", e))?;
    // A chat message is short (2,000 characters): it renders in place, within the same cap.
    let body_html = markdown::render_limited(&body).map_err(|e| AppError::field("body", e))?;
    let words = Words {
        text: &body,
        html: &body_html,
    };
    guard::check_now(
        state,
        site,
        &access.group,
        author,
        Act::SendChat,
        Some(words),
        Some(client_id),
    )?;
    Ok(Outgoing {
        msg: NewMessage {
            room_id: access.room.id,
            group_id: access.room.group_id,
            author_id: author.id,
            client_id: client_id.to_owned(),
            body_html,
            body,
        },
        author: AuthorJson::of(Some(author)),
    })
}

/// Hands a checked message to the writer, in order, and returns where its result will come.
pub async fn submit(state: &AppState, out: Outgoing) -> tokio::sync::oneshot::Receiver<Stored> {
    state.chat.writer.submit(out.msg, out.author).await
}

/// Stores a message and waits until it is durable: for the API and the page form.
pub async fn send(
    state: &AppState,
    access: &RoomAccess,
    author: &user::Model,
    body: &str,
    client_id: &str,
) -> AppResult<(MessageJson, bool)> {
    let site = state.site.get(&state.db).await;
    let out = prepare(state, &site, access, author, body, client_id)?;
    let stored = submit(state, out).await.await.map_err(|_| ()).and_then(|r| r);
    match stored {
        Ok(done) => Ok(done),
        // The account was removed while the message was on its way: its session is gone.
        Err(()) if db::users::find(&state.db, author.id).await?.is_none() => Err(AppError::Unauthorized),
        Err(()) => Err(AppError::Unavailable),
    }
}

/// A message and its room, for its author to change.
pub async fn own_message(
    state: &AppState,
    user: &user::Model,
    id: i64,
) -> AppResult<(entity::chat_message::Model, RoomAccess)> {
    let m = db::chat::find_message(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = RoomAccess::load(state, Some(user), m.room_id, Action::Chat).await?;
    if m.author_id != Some(user.id) || m.status != MessageStatus::Visible.as_str() {
        return Err(AppError::Forbidden);
    }
    Ok((m, access))
}

fn announce(state: &AppState, json: &MessageJson) {
    match &state.chat.relay {
        Some(r) => r.publish(relay::Event::Changed { id: json.id }),
        None => state
            .chat
            .hub
            .room_frame(json.room_id, None, ServerFrame::Update { message: json }.text()),
    }
}

/// Tells the room a message changed (its status, say), with its author.
pub async fn announce_row(state: &AppState, m: &entity::chat_message::Model) -> AppResult<()> {
    let author = match m.author_id {
        Some(a) => db::users::find(&state.db, a).await?,
        None => None,
    };
    announce(state, &MessageJson::new(m, author.as_ref()));
    Ok(())
}

/// Changes the text of your own message; everyone in the room sees the change.
pub async fn edit(state: &AppState, user: &user::Model, id: i64, body: &str) -> AppResult<MessageJson> {
    let (_, access) = own_message(state, user, id).await?;
    let body = rules::parse_body(body).map_err(|e| AppError::field("body", e))?;
    let html = crate::forum::render_markdown(&body)
        .await
        .map_err(|e| AppError::field("body", e))?;
    let words = Words {
        text: &body,
        html: &html,
    };
    let _cleared = guard::check(state, &access.group, user, Act::EditChat, Some(words)).await?;
    let row = db::chat::edit_message(&state.db, id, &body, &html).await?;
    let json = MessageJson::new(&row, Some(user));
    announce(state, &json);
    Ok(json)
}

/// Deletes your own message: its text is gone, its place stays.
pub async fn delete(state: &AppState, user: &user::Model, id: i64) -> AppResult<()> {
    let (_, access) = own_message(state, user, id).await?;
    let _cleared = guard::check(state, &access.group, user, Act::DeleteChat, None).await?;
    let row = db::chat::delete_message(&state.db, id).await?;
    announce(state, &MessageJson::new(&row, Some(user)));
    Ok(())
}

/// Tells these people's open sockets how many unread notifications they have now.
pub async fn notifications_changed(state: &AppState, user_ids: &[i32]) {
    if let Some(r) = &state.chat.relay {
        for &uid in user_ids {
            r.publish(relay::Event::Unread { user: uid });
        }
        return;
    }
    for &uid in user_ids {
        if !state.chat.hub.is_online(uid) {
            continue;
        }
        match db::notifications::unread_count(&state.db, uid).await {
            Ok(unread) => state
                .chat
                .hub
                .user_frame(uid, ServerFrame::Notifications { unread }.text()),
            Err(e) => tracing::warn!(error = %e, "unread count"),
        }
    }
}
