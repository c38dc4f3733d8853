//! Chat use cases shared by pages, the JSON API and the socket: rooms, sending (checked, then
//! handed to the writer), editing and deleting one's own messages. A room is reached only
//! through its group's [`GroupAccess`].
use entity::{room, user};

use crate::chat::writer::Stored;
use crate::db;
use crate::db::chat::NewMessage;
use crate::domain::chat::{self as rules, MessageStatus};
use crate::domain::markdown;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::services::guard::{self, Act, Words};
use crate::state::AppState;
use crate::wire::{AuthorJson, MessageJson};

/// A room as seen by one person: loaded only if the policy lets them do `action` in its group
/// and, for a direct room, only if they are one of its two.
pub struct RoomAccess {
    pub room: room::Model,
    pub group: GroupAccess,
    /// For a direct room: who the other person is and whether they can still talk.
    pub direct: Option<Direct>,
}

/// A direct room as one of its two people sees it.
#[derive(Debug, Clone, Copy)]
pub struct Direct {
    /// The other person (none once they erased their account).
    pub other: Option<i32>,
    /// Whether either may still send: neither ended it or blocked the other, and both are
    /// still active members of the group it started in. Otherwise both keep reading it.
    pub open: bool,
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
        if room.kind != db::chat::DIRECT_ROOM {
            let group = GroupAccess::load_by_id(state, user, room.group_id, action).await?;
            return Ok(Self {
                room,
                group,
                direct: None,
            });
        }
        // A direct room is its two people's alone: for anyone else, stewards and the instance
        // admin included, it does not exist. The two keep reading it after either left the
        // group; sending asks more (see [`Direct::open`]).
        let Some(me) = user else {
            return Err(AppError::NotFound);
        };
        let members = db::chat::direct_members(&state.db, room.id).await?;
        if !members.iter().any(|m| m.user_id == me.id) {
            return Err(AppError::NotFound);
        }
        let group = GroupAccess::load_for_direct_room(state, me, room.group_id).await?;
        let other = members.iter().find(|m| m.user_id != me.id).map(|m| m.user_id);
        let mut open = members.len() == 2 && members.iter().all(|m| m.ended_at.is_none());
        if let (true, Some(o)) = (open, other) {
            open = group.is_active_member()
                && db::groups::membership(&state.db, room.group_id, o)
                    .await?
                    .is_some_and(|m| m.status == crate::domain::group::Status::Active)
                && !db::requests::blocked_between(&state.db, me.id, o).await?;
        }
        Ok(Self {
            room,
            group,
            direct: Some(Direct { other, open }),
        })
    }

    /// Whether this is a direct room both people can no longer send in.
    pub fn ended(&self) -> bool {
        self.direct.is_some_and(|d| !d.open)
    }
}

fn conversation_ended() -> AppError {
    AppError::Conflict {
        code: "conversation_ended",
        field: "body",
        key: "err-conversation-ended",
    }
}

/// One of the two ends a direct conversation (and, if they choose, deletes their own words in
/// it, or blocks the other). Nobody sends in it afterwards; both can still read it. Not a write
/// in the group: a muted person, or one who left, can end it all the same.
pub async fn end_conversation(
    state: &AppState,
    user: &user::Model,
    room_id: i32,
    erase_mine: bool,
    block: bool,
) -> AppResult<()> {
    let access = RoomAccess::load(state, Some(user), room_id, Action::Chat).await?;
    let Some(direct) = access.direct else {
        return Err(AppError::NotFound);
    };
    state.limits.act(user.id)?;
    let txn = crate::db::write(&state.db).await?;
    db::chat::end_direct(&txn, room_id, user.id).await?;
    if block && let Some(other) = direct.other {
        db::requests::block(&txn, user.id, other).await?;
    }
    let erased = if erase_mine {
        db::chat::delete_own_messages(&txn, room_id, user.id).await?
    } else {
        Vec::new()
    };
    txn.commit().await?;
    for m in &erased {
        announce(state, &MessageJson::new(m, Some(user)));
    }
    tracing::info!(room_id, erased = erased.len(), block, "conversation ended");
    Ok(())
}

/// The person looks at a room now: the messages before are no longer new to them on the home
/// page. A failure to note it costs nothing but a count.
pub async fn seen(state: &AppState, access: &RoomAccess, user: &user::Model) {
    if let Err(e) = db::home::saw_chat(&state.db, access.room.group_id, user.id).await {
        tracing::warn!(error = %e, "chat seen");
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
    site: &crate::domain::instance::InstanceSettings,
    access: &RoomAccess,
    author: &user::Model,
    body: &str,
    client_id: &str,
) -> AppResult<Outgoing> {
    if access.ended() {
        return Err(conversation_ended());
    }
    access.group.require(Action::Chat)?;
    if access.group.is_muted() {
        return Err(AppError::Muted);
    }
    let body = rules::parse_body(body).map_err(|e| AppError::field("body", e))?;
    let client_id = rules::parse_client_id(client_id).map_err(|e| AppError::field("client_id", e))?;
    // A chat message is short (2,000 characters): it renders in place, within the same cap.
    let body_html = markdown::render_chat(&body).map_err(|e| AppError::field("body", e))?;
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
    state.chat.submit(out.msg, out.author).await
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
    state.chat.changed(json);
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
    // An ended private chat is read, not written in: its words can be deleted, not changed.
    if access.ended() {
        return Err(conversation_ended());
    }
    let body = rules::parse_body(body).map_err(|e| AppError::field("body", e))?;
    let html = markdown::render_chat(&body).map_err(|e| AppError::field("body", e))?;
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
    state.chat.notifications_changed(&state.db, user_ids).await;
}
