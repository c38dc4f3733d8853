//! One WebSocket connection: the protocol of `shared/api.md` over one task.
//!
//! The task waits on four things at once: a frame from the client, a frame queued by the hub,
//! a signal to close, and the heartbeat. Queued frames are written in runs and flushed once
//! (fewer system calls when a room is busy). A join subscribes first and replays from the
//! database second, so that nothing falls between the two; what arrives live while replaying
//! is skipped when its id was already sent.
use std::collections::HashMap;
use std::time::{Duration, Instant};

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket, close_code};
use entity::user;
use futures_util::SinkExt;

use crate::chat::hub::{CloseReason, Out, Registration};
use crate::db;
use crate::domain::account::Locale;
use crate::domain::chat::{ClientFrame, FrameError};
use crate::domain::policy::Action;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::services::chat::{RoomAccess, prepare, submit};
use crate::state::AppState;
use crate::wire::{MessageJson, ServerFrame};

/// A connection silent for this many heartbeats (`--ws-heartbeat-secs`) is closed.
const DEAD_AFTER_BEATS: u32 = 3;
/// Frames written before one flush.
const RUN: usize = 64;
/// Messages per replay query.
const REPLAY_PAGE: u64 = 500;
/// Pages replayed for one `join`: past these, `joined` says `more` and the client asks again
/// from its last id (a room's whole history in one go would hold the connection, and the
/// server's memory, for as long as the history is long).
const REPLAY_PAGES: usize = 2;
/// Rooms one connection may be in at once.
const ROOMS_PER_CONNECTION: usize = 50;
/// `join` frames one connection may send: a burst, then one every half second.
const JOIN_BURST: u32 = 30;
/// Messages replayed on a join without `after`: the recent context.
const RECENT: u64 = 50;
/// Least time between two typing signals of one person in one room.
const TYPING_EVERY: Duration = Duration::from_secs(2);
/// Close code for an ended session (a private-use code: the client should not reconnect
/// with the same credentials).
const SESSION_ENDED: u16 = 4001;

struct Joined {
    /// The highest message id sent to this client in this room.
    last_sent: i64,
    last_typing: Option<Instant>,
    /// Still replaying history page by page: live messages wait (they are stored, and the
    /// next page brings them in order).
    catching_up: bool,
}

struct Conn {
    state: AppState,
    user: user::Model,
    session_id: i32,
    tr: Tr,
    reg: Registration,
    rooms: HashMap<i32, Joined>,
    joins: governor::DefaultDirectRateLimiter,
}

type Sent = Result<(), axum::Error>;

/// Serves one connection until it closes.
pub async fn serve(state: AppState, user: user::Model, session_id: i32, mut socket: WebSocket) {
    let Ok(reg) = state.chat.hub.register(
        user.id,
        &user.username,
        &user.display_name,
        state.config.ws_per_account,
    ) else {
        // Stopping, or a handshake that raced past the check before the upgrade.
        let _ = close(&mut socket, close_code::AGAIN, "not now").await;
        return;
    };
    let tr = Tr::new(Locale::from_tag(&user.locale).unwrap_or_default());
    let mut conn = Conn {
        state,
        user,
        session_id,
        tr,
        reg,
        rooms: HashMap::new(),
        joins: governor::RateLimiter::direct(
            governor::Quota::with_period(Duration::from_millis(500))
                .unwrap_or_else(|| governor::Quota::per_second(std::num::NonZeroU32::MIN))
                .allow_burst(std::num::NonZeroU32::new(JOIN_BURST).unwrap_or(std::num::NonZeroU32::MIN)),
        ),
    };
    let reason = conn.run(&mut socket).await;
    let (code, text) = match reason {
        Some(CloseReason::Shutdown) => (close_code::AWAY, "server restarting"),
        Some(CloseReason::Slow) => (close_code::AGAIN, "too slow: resume from your last id"),
        Some(CloseReason::SessionEnded) => (SESSION_ENDED, "session ended"),
        None => (close_code::NORMAL, ""),
    };
    let _ = close(&mut socket, code, text).await;
}

async fn close(socket: &mut WebSocket, code: u16, reason: &'static str) -> Sent {
    socket
        .send(Message::Close(Some(CloseFrame {
            code,
            reason: Utf8Bytes::from_static(reason),
        })))
        .await
}

impl Conn {
    /// The loop; returns why the server ends the connection, or `None` when the client left.
    /// The work for one event (a frame in, frames out, a heartbeat) is boxed: a task's size is
    /// its largest state, and a resting connection should not carry a database call's.
    async fn run(&mut self, socket: &mut WebSocket) -> Option<CloseReason> {
        let beat = Duration::from_secs(self.state.config.ws_heartbeat_secs.max(1));
        let dead_after = beat * DEAD_AFTER_BEATS;
        let mut heartbeat = tokio::time::interval(beat);
        heartbeat.tick().await;
        let mut last_heard = Instant::now();
        loop {
            let kill = self.reg.kill.clone();
            tokio::select! {
                biased;
                reason = kill.fired() => return Some(reason),
                out = self.reg.rx.recv() => {
                    let out = out?;
                    match Box::pin(self.deliver_run(socket, out)).await {
                        Ok(None) => {}
                        Ok(Some(reason)) => return Some(reason),
                        Err(_) => return None,
                    }
                }
                msg = socket.recv() => {
                    last_heard = Instant::now();
                    match msg {
                        Some(Ok(Message::Text(text))) => {
                            if Box::pin(self.handle(socket, &text)).await.is_err() {
                                return None;
                            }
                        }
                        Some(Ok(Message::Binary(_))) => {
                            if self.refuse(socket, FrameError::BadFrame, None).await.is_err() {
                                return None;
                            }
                        }
                        Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                        Some(Ok(Message::Close(_))) | Some(Err(_)) | None => return None,
                    }
                }
                _ = heartbeat.tick() => {
                    if last_heard.elapsed() > dead_after {
                        tracing::debug!(user_id = self.user.id, "chat connection dead");
                        return None;
                    }
                    if !Box::pin(self.session_live()).await {
                        return Some(CloseReason::SessionEnded);
                    }
                    if socket.send(Message::Ping(Default::default())).await.is_err() {
                        return None;
                    }
                }
            }
        }
    }

    async fn session_live(&self) -> bool {
        // A database error is not a reason to throw people out.
        db::sessions::is_live(&self.state.db, self.session_id)
            .await
            .unwrap_or(true)
    }

    /// The joined rooms this person may no longer chat in (a database error keeps them).
    async fn rooms_no_longer_allowed(&self) -> Vec<i32> {
        let mut gone = Vec::new();
        for &room in self.rooms.keys() {
            match RoomAccess::load(&self.state, Some(&self.user), room, Action::Chat).await {
                Ok(_) | Err(AppError::Internal(_) | AppError::Unavailable) => {}
                Err(_) => gone.push(room),
            }
        }
        gone
    }

    /// Writes one queued frame and whatever else is queued (up to [`RUN`]), then flushes.
    async fn deliver_run(
        &mut self,
        socket: &mut WebSocket,
        first: Out,
    ) -> Result<Option<CloseReason>, axum::Error> {
        let mut next = Some(first);
        let mut n = 0;
        while let Some(out) = next.take() {
            match out {
                Out::Message { room, id, frame } => {
                    if let Some(j) = self.rooms.get_mut(&room)
                        && id > j.last_sent
                        && !j.catching_up
                    {
                        j.last_sent = id;
                        socket.feed(Message::Text(frame)).await?;
                    }
                }
                Out::Frame(frame) => socket.feed(Message::Text(frame)).await?,
                Out::Left { room } => {
                    if self.rooms.remove(&room).is_some() {
                        socket
                            .feed(Message::Text(ServerFrame::Left { room }.text()))
                            .await?;
                    }
                }
                Out::CheckSession | Out::Recheck => {
                    if !self.session_live().await {
                        socket.flush().await?;
                        return Ok(Some(CloseReason::SessionEnded));
                    }
                    let rooms_lost = match out {
                        Out::Recheck => self.rooms_no_longer_allowed().await,
                        _ => Vec::new(),
                    };
                    for room in rooms_lost {
                        self.rooms.remove(&room);
                        self.state.chat.hub.unsubscribe(self.reg.id, room);
                        socket
                            .feed(Message::Text(ServerFrame::Left { room }.text()))
                            .await?;
                    }
                }
            }
            n += 1;
            if n < RUN {
                next = self.reg.rx.try_recv().ok();
            }
        }
        socket.flush().await?;
        Ok(None)
    }

    async fn refuse(&self, socket: &mut WebSocket, e: FrameError, client_id: Option<&str>) -> Sent {
        let message = self.tr.t(e.key());
        let frame = ServerFrame::Error {
            code: e.as_str(),
            message: &message,
            client_id,
        };
        socket.send(Message::Text(frame.text())).await
    }

    async fn handle(&mut self, socket: &mut WebSocket, text: &str) -> Sent {
        if text.len() > crate::domain::chat::FRAME_MAX {
            return self.refuse(socket, FrameError::TooLong, None).await;
        }
        let Ok(frame) = serde_json::from_str::<ClientFrame>(text) else {
            return self.refuse(socket, FrameError::BadFrame, None).await;
        };
        match frame {
            ClientFrame::Ping => socket.send(Message::Text(ServerFrame::Pong.text())).await,
            ClientFrame::Join { room, after } => self.join(socket, room, after).await,
            ClientFrame::Leave { room } => {
                self.rooms.remove(&room);
                self.state.chat.hub.unsubscribe(self.reg.id, room);
                Ok(())
            }
            ClientFrame::Typing { room } => {
                let Some(j) = self.rooms.get_mut(&room) else {
                    return self.refuse(socket, FrameError::NotJoined, None).await;
                };
                if self.user.typing_signal && j.last_typing.is_none_or(|t| t.elapsed() >= TYPING_EVERY) {
                    j.last_typing = Some(Instant::now());
                    let frame = ServerFrame::Typing {
                        room,
                        user: &self.user.username,
                        display_name: &self.user.display_name,
                    };
                    self.state
                        .chat
                        .hub
                        .room_frame(room, Some(self.reg.id), frame.text());
                }
                Ok(())
            }
            ClientFrame::Send {
                room,
                body,
                client_id,
            } => self.send(socket, room, &body, &client_id).await,
            ClientFrame::Attend { meeting, present } => {
                // The same use case as the page and the API; the room hears the change as a
                // `meeting` frame (this connection too, when it joined the room).
                let done =
                    match crate::services::meetings::MeetingAccess::load(&self.state, &self.user, meeting)
                        .await
                    {
                        Ok(access) => {
                            crate::services::meetings::attend(&self.state, &access, &self.user, present)
                                .await
                                .map(|_| ())
                        }
                        Err(e) => Err(e),
                    };
                match done {
                    Ok(()) => Ok(()),
                    Err(e) => self.refuse(socket, frame_error(&e), None).await,
                }
            }
        }
    }

    async fn join(&mut self, socket: &mut WebSocket, room: i32, after: Option<i64>) -> Sent {
        // In the room already: only going on from what was sent (the next page after
        // `joined` with `more`) is served; a join that would replay history again is not.
        if let Some(j) = self.rooms.get(&room)
            && after.is_none_or(|a| a < j.last_sent)
        {
            return self.refuse(socket, FrameError::AlreadyJoined, None).await;
        }
        if self.joins.check().is_err()
            || (!self.rooms.contains_key(&room) && self.rooms.len() >= ROOMS_PER_CONNECTION)
        {
            return self.refuse(socket, FrameError::RateLimited, None).await;
        }
        let access = match RoomAccess::load(&self.state, Some(&self.user), room, Action::Chat).await {
            Ok(a) => a,
            Err(e) => return self.refuse(socket, frame_error(&e), None).await,
        };
        crate::services::chat::seen(&self.state, &access, &self.user).await;
        // Subscribe first, then read the history: a message stored in between is in both,
        // and the id check below sends it once. With several instances, the relay delivers
        // a room newly followed here from its newest message before this subscription: not
        // from the first one it hears of, which may overtake an earlier one from elsewhere.
        let known = if self.state.chat.is_relayed() && !self.state.chat.hub.has_room(room) {
            match db::chat::newest_id(&self.state.db, room).await {
                Ok(id) => id,
                Err(e) => {
                    tracing::warn!(error = %e, "chat join");
                    return self.refuse(socket, FrameError::Unavailable, None).await;
                }
            }
        } else {
            0
        };
        self.state
            .chat
            .hub
            .subscribe(self.reg.id, room, access.room.group_id, known);
        // Asked again now that the subscription is in place: access lost between the first
        // check and the subscription (a removal, a leave on another tab) sent its "left" to
        // a socket not yet subscribed, and would leave this one listening.
        if let Err(e) = RoomAccess::load(&self.state, Some(&self.user), room, Action::Chat).await {
            self.state.chat.hub.unsubscribe(self.reg.id, room);
            return self.refuse(socket, frame_error(&e), None).await;
        }
        let mut last = after.unwrap_or(0).max(0);
        self.rooms.insert(
            room,
            Joined {
                last_sent: last,
                last_typing: None,
                catching_up: after.is_some(),
            },
        );
        let mut first_page = true;
        let mut pages = 0;
        let mut more = false;
        loop {
            let page = match (after, first_page) {
                (None, true) => db::chat::history(&self.state.db, room, None, None, RECENT).await,
                (None, false) => break,
                (Some(_), _) => db::chat::history(&self.state.db, room, Some(last), None, REPLAY_PAGE).await,
            };
            first_page = false;
            let page = match page {
                Ok(p) => p,
                Err(e) => {
                    tracing::warn!(error = %e, "chat replay");
                    self.rooms.remove(&room);
                    self.state.chat.hub.unsubscribe(self.reg.id, room);
                    return self.refuse(socket, FrameError::Unavailable, None).await;
                }
            };
            let full = page.len() as u64 == REPLAY_PAGE;
            for (m, author) in &page {
                if m.id > last {
                    last = m.id;
                    let json = MessageJson::for_reader(m, author.as_ref(), self.user.id);
                    socket
                        .feed(Message::Text(ServerFrame::Message { message: &json }.text()))
                        .await?;
                }
            }
            if let Some(j) = self.rooms.get_mut(&room) {
                j.last_sent = j.last_sent.max(last);
            }
            pages += 1;
            if !full || after.is_none() {
                break;
            }
            if pages == REPLAY_PAGES {
                more = true;
                break;
            }
        }
        if let Some(j) = self.rooms.get_mut(&room) {
            j.catching_up = more;
        }
        socket
            .feed(Message::Text(ServerFrame::Joined { room, more }.text()))
            .await?;
        self.state.chat.hub.presence_for(self.reg.id, room);
        socket.flush().await
    }

    async fn send(&mut self, socket: &mut WebSocket, room: i32, body: &str, client_id: &str) -> Sent {
        if !self.rooms.contains_key(&room) {
            return self.refuse(socket, FrameError::NotJoined, Some(client_id)).await;
        }
        // Membership is asked again for every message: a suspension counts at once.
        let prepared = match RoomAccess::load(&self.state, Some(&self.user), room, Action::Chat).await {
            Ok(access) => {
                let site = self.state.site.get(&self.state.db).await;
                prepare(&self.state, &site, &access, &self.user, body, client_id)
            }
            Err(e) => Err(e),
        };
        let outgoing = match prepared {
            Ok(o) => o,
            Err(e) => return self.refuse(socket, frame_error(&e), Some(client_id)).await,
        };
        // Queued in order; the answer comes back through this connection's queue, so that the
        // next frame can be read while this one is being stored.
        let answer = submit(&self.state, outgoing).await;
        let tx = self.reg.tx.clone();
        let client_id = client_id.to_owned();
        let tr = self.tr;
        tokio::spawn(async move {
            let frame = match answer.await {
                Ok(Ok((json, _))) => ServerFrame::Ack {
                    client_id: &client_id,
                    id: json.id,
                }
                .text(),
                _ => {
                    let message = tr.t(FrameError::Unavailable.key());
                    ServerFrame::Error {
                        code: FrameError::Unavailable.as_str(),
                        message: &message,
                        client_id: Some(&client_id),
                    }
                    .text()
                }
            };
            let _ = tx.send(Out::Frame(frame)).await;
        });
        Ok(())
    }
}

/// The refusal frame for an error of the use cases.
fn frame_error(e: &AppError) -> FrameError {
    match e {
        AppError::NotFound => FrameError::NotFound,
        AppError::Forbidden | AppError::Unauthorized => FrameError::Forbidden,
        AppError::RateLimited(_) => FrameError::RateLimited,
        AppError::Muted => FrameError::Muted,
        AppError::Invalid(fields) if fields.iter().any(|(_, why)| why.0 == "err-chat-long") => {
            FrameError::TooLong
        }
        AppError::Invalid(fields) if fields.iter().any(|(_, why)| why.0 == "err-repeated") => {
            FrameError::Repeated
        }
        AppError::Invalid(fields) if fields.iter().any(|(_, why)| why.0 == "err-too-many-links") => {
            FrameError::TooManyLinks
        }
        AppError::Invalid(_) => FrameError::Invalid,
        AppError::Conflict {
            code: "conversation_ended",
            ..
        } => FrameError::ConversationEnded,
        _ => FrameError::Unavailable,
    }
}
