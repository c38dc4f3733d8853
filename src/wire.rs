//! The wire types shared by the JSON API and the WebSocket: who wrote something, a chat
//! `message`, and the frames. One module below both, so that a change to one is a change to
//! the other on purpose, never by accident.
use chrono::{DateTime, Utc};
use entity::{chat_message, user};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::chat::MessageStatus;

/// Who wrote something; `username` is null for an account that no longer exists.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuthorJson {
    pub username: Option<String>,
    pub display_name: String,
}

impl AuthorJson {
    pub fn of(u: Option<&user::Model>) -> Self {
        match u {
            Some(u) => Self {
                username: Some(u.username.clone()),
                display_name: u.display_name.clone(),
            },
            None => Self {
                username: None,
                display_name: String::new(),
            },
        }
    }
}

/// `message` in the contract.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MessageJson {
    pub id: i64,
    pub room_id: i32,
    pub author: AuthorJson,
    /// Empty unless visible (the author of a message hidden by flags still gets it in history).
    pub body: String,
    pub body_html: String,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub client_id: String,
    pub status: MessageStatus,
}

impl MessageJson {
    pub fn new(m: &chat_message::Model, author: Option<&user::Model>) -> Self {
        Self::with_author(m, AuthorJson::of(author))
    }

    /// As one reader sees it: the author of a message hidden by flags still sees its text.
    pub fn for_reader(m: &chat_message::Model, author: Option<&user::Model>, reader: i32) -> Self {
        let mut json = Self::new(m, author);
        if json.status == MessageStatus::Hidden && m.author_id == Some(reader) {
            json.body = m.body.clone();
            json.body_html = m.body_html.clone();
        }
        json
    }

    pub fn with_author(m: &chat_message::Model, author: AuthorJson) -> Self {
        let status = MessageStatus::parse(&m.status).unwrap_or(MessageStatus::Removed);
        let shown = status == MessageStatus::Visible;
        Self {
            id: m.id,
            room_id: m.room_id,
            author,
            body: if shown { m.body.clone() } else { String::new() },
            body_html: if shown { m.body_html.clone() } else { String::new() },
            created_at: m.created_at,
            edited_at: m.edited_at,
            client_id: m.client_id.clone(),
            status,
        }
    }
}

/// A frame from the server.
#[derive(Debug, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerFrame<'a> {
    /// A new message.
    Message {
        message: &'a MessageJson,
    },
    /// A message changed: edited or deleted (same id).
    Update {
        message: &'a MessageJson,
    },
    Ack {
        client_id: &'a str,
        id: i64,
    },
    Joined {
        room: i32,
        /// More history waits: send `join` again with the last id received.
        #[serde(skip_serializing_if = "std::ops::Not::not")]
        more: bool,
    },
    /// You are no longer in this room (you left the group or were suspended).
    Left {
        room: i32,
    },
    Typing {
        room: i32,
        user: &'a str,
        display_name: &'a str,
    },
    Pong,
    /// Your unread notifications changed.
    Notifications {
        unread: u64,
    },
    /// A house meeting in this room changed (opened, someone came, a vote, closed).
    Meeting {
        meeting: &'a MeetingJson,
    },
    Error {
        code: &'a str,
        message: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        client_id: Option<&'a str>,
    },
}

impl ServerFrame<'_> {
    pub fn text(&self) -> axum::extract::ws::Utf8Bytes {
        serde_json::to_string(self)
            .unwrap_or_else(|_| r#"{"type":"error","code":"internal","message":""}"#.to_owned())
            .into()
    }
}

/// A house meeting, as the API and the room's socket show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingJson {
    pub id: i32,
    /// The group's address.
    pub group: String,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// `scheduled`, `open` or `closed`.
    pub status: String,
    pub chair: AuthorJson,
    pub minute_taker: Option<AuthorJson>,
    pub room_id: i32,
    pub present_count: u32,
    /// Who is present now (while it runs; the minutes say only how many unless the group's
    /// settings name them).
    pub present: Vec<AuthorJson>,
    pub agenda: Vec<AgendaItemJson>,
    pub minutes: String,
    pub minutes_thread_id: Option<i32>,
    /// Whether those present may decide now: the group allows decisions in meetings and
    /// enough of its members are present.
    pub may_decide: bool,
}

/// One agenda item.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgendaItemJson {
    pub n: i32,
    pub title: String,
    pub proposal_id: Option<i32>,
    /// `waiting`, `open` or `done`.
    pub status: String,
    /// For a proposal: `passed`, `rejected` (decided in the meeting) or `discussed`.
    pub outcome: Option<String>,
    /// For a proposal: the votes so far (yes, no and abstain are null while a secret vote runs).
    pub tally: Option<ItemTallyJson>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemTallyJson {
    pub yes: Option<u32>,
    pub no: Option<u32>,
    pub abstain: Option<u32>,
    pub voted: u32,
}
