//! Chat rules without I/O: message and room limits, client ids, and the WebSocket frames.
use serde::{Deserialize, Serialize};

use super::Invalid;
pub use super::forum::PostStatus as MessageStatus;

/// Longest chat message, in characters: a chat line, not an essay.
pub const BODY_MAX: usize = 2_000;
/// Largest WebSocket frame a client may send, in bytes (a full message in JSON with room for
/// escapes).
pub const FRAME_MAX: usize = 16 * 1024;
/// The most a frame may hold before the connection closes: larger than [`FRAME_MAX`], so that
/// a frame a little too long gets a `too_long` answer and the connection stays.
pub const FRAME_HARD_MAX: usize = 256 * 1024;
/// Longest room name, in characters.
pub const ROOM_NAME_MAX: usize = 60;
/// Rooms a group may have.
pub const ROOMS_MAX: u64 = 20;
/// Messages per page of history.
pub const PAGE: u64 = 50;

/// A chat message: 1–2,000 characters, line ends normalized, no control characters.
pub fn parse_body(raw: &str) -> Result<String, Invalid> {
    let body = raw.replace("\r\n", "\n").trim().to_owned();
    if body.is_empty() {
        return Err(Invalid("err-required"));
    }
    if body.chars().count() > BODY_MAX {
        return Err(Invalid("err-chat-long"));
    }
    if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Invalid("err-body-chars"));
    }
    Ok(body)
}

/// The sender's own id for a message, so that sending it again stores nothing new:
/// 1–64 characters of `A-Z a-z 0-9 - _`.
pub fn parse_client_id(raw: &str) -> Result<&str, Invalid> {
    if raw.is_empty()
        || raw.len() > 64
        || !raw
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Invalid("err-client-id"));
    }
    Ok(raw)
}

/// A room name: 1–60 characters on one line, spaces folded.
pub fn parse_room_name(raw: &str) -> Result<String, Invalid> {
    if raw.chars().any(char::is_control) {
        return Err(Invalid("err-room-name"));
    }
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    match name.chars().count() {
        0 => Err(Invalid("err-required")),
        n if n > ROOM_NAME_MAX => Err(Invalid("err-room-name")),
        _ => Ok(name),
    }
}

/// A frame from the client (`shared/api.md`).
#[derive(Debug, Deserialize, PartialEq, Eq)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientFrame {
    Join {
        room: i32,
        #[serde(default)]
        after: Option<i64>,
    },
    Send {
        room: i32,
        body: String,
        client_id: String,
    },
    Leave {
        room: i32,
    },
    Typing {
        room: i32,
    },
    /// Present at a house meeting (or not any more).
    Attend {
        meeting: i32,
        present: bool,
    },
    Ping,
}

/// Why a frame was refused; the connection stays open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FrameError {
    /// Not JSON, or not a frame we know.
    BadFrame,
    /// No such room, or not yours to see.
    NotFound,
    /// You may see the room but not do this (a pending member, say).
    Forbidden,
    /// Join the room first.
    NotJoined,
    /// This connection is in the room already: nothing is replayed again.
    AlreadyJoined,
    TooLong,
    Invalid,
    RateLimited,
    Muted,
    /// The same words as your previous message, just now.
    Repeated,
    /// More links than a new account may send.
    TooManyLinks,
    /// A private chat one of the two ended (or that ended when one left the group): it is
    /// read, not written in.
    ConversationEnded,
    /// The message could not be stored now: send it again (same `client_id`).
    Unavailable,
}

impl FrameError {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadFrame => "bad_frame",
            Self::NotFound => "not_found",
            Self::Forbidden => "forbidden",
            Self::NotJoined => "not_joined",
            Self::AlreadyJoined => "already_joined",
            Self::TooLong => "too_long",
            Self::Invalid => "invalid",
            Self::RateLimited => "rate_limited",
            Self::Muted => "muted",
            Self::Repeated => "repeated",
            Self::TooManyLinks => "too_many_links",
            Self::ConversationEnded => "conversation_ended",
            Self::Unavailable => "unavailable",
        }
    }

    /// The catalogue key of the human message.
    pub fn key(self) -> &'static str {
        match self {
            Self::BadFrame => "err-chat-frame",
            Self::NotFound => "err-not-found",
            Self::Forbidden => "err-forbidden",
            Self::NotJoined => "err-chat-not-joined",
            Self::AlreadyJoined => "err-chat-already-joined",
            Self::TooLong => "err-chat-long",
            Self::Invalid => "err-body-chars",
            Self::RateLimited => "err-rate-limited",
            Self::Muted => "err-chat-muted",
            Self::Repeated => "err-repeated",
            Self::TooManyLinks => "err-too-many-links",
            Self::ConversationEnded => "err-conversation-ended",
            Self::Unavailable => "err-unavailable",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_parse_as_the_contract_says() {
        let f: ClientFrame = serde_json::from_str(r#"{"type":"join","room":3,"after":17}"#).unwrap();
        assert_eq!(
            f,
            ClientFrame::Join {
                room: 3,
                after: Some(17)
            }
        );
        let f: ClientFrame = serde_json::from_str(r#"{"type":"join","room":3}"#).unwrap();
        assert_eq!(f, ClientFrame::Join { room: 3, after: None });
        let f: ClientFrame =
            serde_json::from_str(r#"{"type":"send","room":3,"body":"hoi","client_id":"a-1"}"#).unwrap();
        assert!(matches!(f, ClientFrame::Send { room: 3, .. }));
        assert_eq!(
            serde_json::from_str::<ClientFrame>(r#"{"type":"ping"}"#).unwrap(),
            ClientFrame::Ping
        );
        assert!(serde_json::from_str::<ClientFrame>(r#"{"type":"shout"}"#).is_err());
    }

    #[test]
    fn bodies_and_ids_have_limits() {
        assert_eq!(parse_body("  hoi \r\n"), Ok("hoi".to_owned()));
        assert_eq!(parse_body(" \n "), Err(Invalid("err-required")));
        assert_eq!(parse_body(&"a".repeat(2_001)), Err(Invalid("err-chat-long")));
        assert!(parse_body(&"é".repeat(2_000)).is_ok());
        assert_eq!(parse_body("a\u{7}b"), Err(Invalid("err-body-chars")));
        assert!(parse_client_id("0b5c-AF_9").is_ok());
        assert!(parse_client_id("").is_err());
        assert!(parse_client_id(&"a".repeat(65)).is_err());
        assert!(parse_client_id("a b").is_err());
        assert_eq!(parse_room_name("  Huis   kamer "), Ok("Huis kamer".to_owned()));
        assert!(parse_room_name(&"x".repeat(61)).is_err());
    }
}
