//! Chat pages: a group's rooms, and a room. The room page works without JavaScript (history
//! and a form); `assets/js/chat.js` makes it live.
use entity::{chat_message, room, user};
use maud::{Markup, PreEscaped, html};

use super::components::{csrf, error_summary, time};
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::domain::chat::{BODY_MAX, MessageStatus, ROOM_NAME_MAX};
use crate::{assets, routes};

pub struct RoomsView<'a> {
    pub group: &'a Group,
    pub rooms: &'a [room::Model],
    pub can_add: bool,
    pub name: &'a str,
    pub error: Option<&'static str>,
}

pub fn rooms_page(f: &Frame, v: &RoomsView) -> Markup {
    let tr = f.tr;
    let g = &v.group.row;
    let body = html! {
        p.crumbs { a href=(routes::group(&g.slug)) { (g.name) } }
        h1 { (tr.t("chat-title")) }
        ul.cards {
            @for r in v.rooms {
                li { h2 { a href=(routes::room(r.id)) { (r.name) } } }
            }
        }
        @if v.can_add {
            section aria-labelledby="new-room-h" {
                h2 #new-room-h { (tr.t("room-new-title")) }
                form.stack method="post" action=(routes::group_sub(&g.slug, "chat")) novalidate {
                    (csrf(f.csrf))
                    div.field.invalid[v.error.is_some()] {
                        label for="f-name" { (tr.t("field-room-name")) }
                        @if let Some(e) = v.error { p.error #f-name-error { (tr.t(e)) } }
                        input #f-name type="text" name="name" value=(v.name) maxlength=(ROOM_NAME_MAX) required
                            aria-invalid=[v.error.map(|_| "true")] aria-describedby=[v.error.map(|_| "f-name-error")];
                    }
                    button.primary type="submit" { (tr.t("room-new-submit")) }
                }
            }
        }
    };
    layout(f, &format!("{} · {}", tr.t("chat-title"), g.name), body)
}

pub struct RoomView<'a> {
    pub group: &'a Group,
    pub room: &'a room::Model,
    pub rooms: &'a [room::Model],
    pub messages: &'a [(chat_message::Model, Option<user::Model>)],
    /// There are older messages than these.
    pub older: bool,
    /// There are newer messages than these (a page further back in the history).
    pub newer: bool,
    pub me: &'a user::Model,
    /// Usernames the reader put on "niet meer zien": their messages fold away.
    pub muted: &'a [String],
    /// A fresh id for the form, so that sending twice stores once.
    pub client_id: &'a str,
    pub draft: &'a str,
    pub error: Option<&'static str>,
    /// A private chat (a direct room): with whom, and whether it has ended.
    pub direct: Option<DirectView>,
    /// The house meeting of this room (running, or the next planned), and a refusal to show.
    pub meeting: Option<(&'a crate::services::meetings::Panel, Option<&'static str>)>,
}

/// A direct room as one of its two sees it.
pub struct DirectView {
    /// The other person's name (none once they erased their account).
    pub with: Option<String>,
    pub ended: bool,
}

fn message(
    f: &Frame,
    m: &chat_message::Model,
    author: Option<&user::Model>,
    me: &user::Model,
    muted: &[String],
) -> Markup {
    let tr = f.tr;
    let status = MessageStatus::parse(&m.status).unwrap_or(MessageStatus::Removed);
    let name = author
        .map(|u| u.display_name.clone())
        .unwrap_or_else(|| tr.t("former-member"));
    let mine = m.author_id == Some(me.id);
    html! {
        li #(format!("m{}", m.id)) data-id=(m.id) .mine[mine] {
            p.meta {
                strong {
                    @match author {
                        Some(a) => a href=(routes::user(&a.username)) { (name) },
                        None => (name),
                    }
                } " "
                (time(tr, m.created_at, true))
                @if m.edited_at.is_some() && status == MessageStatus::Visible { " · " span { (tr.t("post-edited")) } }
            }
            @match status {
                MessageStatus::Visible if author.is_some_and(|a| muted.contains(&a.username)) => details.body {
                    summary { (tr.ta("muted-fold", &[("name", name.clone().into())])) }
                    div { (PreEscaped(&m.body_html)) }
                },
                MessageStatus::Visible => div.body { (PreEscaped(&m.body_html)) },
                MessageStatus::Deleted => p.placeholder { (tr.t("message-deleted")) },
                MessageStatus::Removed => p.placeholder { (tr.t("post-removed")) },
                MessageStatus::Hidden if mine => {
                    p.notice.hidden-own { (tr.t("message-hidden-own")) }
                    div.body { (PreEscaped(&m.body_html)) }
                },
                MessageStatus::Hidden => p.placeholder { (tr.t("post-hidden")) },
            }
            @if !mine && status == MessageStatus::Visible {
                p.actions { a href=(routes::message_flag(m.id)) { (tr.t("flag-link")) } }
            }
            @if mine && status == MessageStatus::Visible {
                p.actions {
                    a href=(routes::message_edit(m.id)) { (tr.t("post-edit")) }
                    form.inline method="post" action=(routes::message_delete(m.id)) {
                        (csrf(f.csrf)) button.link type="submit" { (tr.t("post-delete")) }
                    }
                }
            }
        }
    }
}

pub fn room_page(f: &Frame, v: &RoomView) -> Markup {
    let tr = f.tr;
    let g = &v.group.row;
    // Strings for the script, in the reader's language; {name} and {names} it fills in.
    let s = |key: &str| tr.ta(key, &[("name", "{name}".into()), ("names", "{names}".into())]);
    let with = v
        .direct
        .as_ref()
        .map(|d| d.with.clone().unwrap_or_else(|| tr.t("former-member")));
    let ended = v.direct.as_ref().is_some_and(|d| d.ended);
    let body = html! {
        @if let Some(with) = &with {
            p.crumbs { a href=(routes::ACCOUNT_CONVERSATIONS) { (tr.t("conversations-title")) } }
            h1 { (tr.ta("conversation-with", &[("name", with.clone().into())])) }
            p.meta { (tr.ta("conversation-about", &[("title", v.room.name.clone().into()), ("group", g.name.clone().into())])) }
            p.hint { (tr.t("conversation-private")) }
        } @else {
            p.crumbs {
                a href=(routes::group(&g.slug)) { (g.name) } " › "
                a href=(routes::group_sub(&g.slug, "chat")) { (tr.t("chat-title")) }
            }
            h1 { (v.room.name) }
        }
        @if with.is_none() && v.rooms.len() > 1 {
            nav.rooms aria-label=(tr.t("chat-rooms")) {
                ul { @for r in v.rooms {
                    li { a href=(routes::room(r.id)) aria-current=[(r.id == v.room.id).then_some("page")] { (r.name) } }
                } }
            }
        }
        @if let Some((panel, error)) = v.meeting {
            (super::meetings::meeting_panel(f, panel, error))
        }
        div #chat data-room=(v.room.id) data-me=(v.me.username) data-typing=(v.me.typing_signal) data-muted=(v.muted.join(" ")) {
            // The script fills these in; without it they stay hidden.
            p #chat-status .status hidden role="status" {}
            p #chat-online .online hidden {}
            @if v.older {
                @if let Some((first, _)) = v.messages.first() {
                    p { a href=(format!("{}?before={}", routes::room(v.room.id), first.id)) { (tr.t("chat-older")) } }
                }
            }
            @if v.messages.is_empty() { p #chat-empty { (tr.t("chat-empty")) } }
            // The live region wraps the list: a list with role="log" would no longer be a list.
            div role="log" aria-live="polite" aria-relevant="additions" aria-label=(tr.t("chat-log")) {
                ol #chat-log .chat-log {
                    @for (m, author) in v.messages { (message(f, m, author.as_ref(), v.me, v.muted)) }
                }
            }
            @if v.newer {
                @if let Some((last, _)) = v.messages.last() {
                    p { a href=(format!("{}?after={}", routes::room(v.room.id), last.id)) { (tr.t("chat-newer")) } }
                }
                p { a href=(format!("{}#chat-form", routes::room(v.room.id))) { (tr.t("chat-newest")) } }
            } @else {
                // Without the script nothing arrives by itself: this loads what came since.
                p #chat-reload { a href=(format!("{}#chat-form", routes::room(v.room.id))) { (tr.t("chat-reload")) } }
            }
            p #chat-typing .typing aria-live="polite" {}
            @if ended {
                p.notice #chat-ended role="status" { (tr.t("conversation-ended")) }
            } @else {
            (error_summary(v.error.map(|e| tr.t(e))))
            form #chat-form .stack.chat-form method="post" action=(routes::room(v.room.id)) novalidate {
                (csrf(f.csrf))
                input type="hidden" name="client_id" value=(v.client_id);
                div.field.invalid[v.error.is_some()] {
                    label for="f-chat" { (tr.t("chat-message")) }
                    // Enter sends only with the script; without it Enter is a new line.
                    p.hint #f-chat-hint hidden { (tr.t("chat-hint")) }
                    textarea #f-chat name="body" rows="2" maxlength=(BODY_MAX) required { (v.draft) }
                }
                button.primary type="submit" { (tr.t("chat-send")) }
            }
            }
        }
        @if with.is_some() && !ended {
            p { a href=(routes::room_end(v.room.id)) { (tr.t("conversation-end-link")) } }
        }
        div #chat-t hidden data-sending=(s("chat-sending")) data-failed=(s("chat-failed"))
            data-offline=(s("chat-offline")) data-online=(s("chat-online")) data-typing=(s("chat-typing"))
            data-ended=(s("chat-ended")) data-left=(s("chat-left")) data-deleted=(s("message-deleted"))
            data-edited=(s("post-edited")) data-nobody=(s("chat-nobody")) data-unread=(s("unread-label"))
            data-flag=(s("flag-link")) data-edit=(s("post-edit")) data-muted=(s("muted-fold"))
            data-hidden=(s("post-hidden")) data-removed=(s("post-removed")) {}
        script src=(assets::url("js/chat.js")) defer {}
    };
    layout(f, &format!("{} · {}", v.room.name, g.name), body)
}

pub struct EditMessageView<'a> {
    pub message: &'a chat_message::Model,
    pub body: &'a str,
    pub error: Option<&'static str>,
}

pub fn edit_message_page(f: &Frame, v: &EditMessageView) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(format!("{}#m{}", routes::room(v.message.room_id), v.message.id)) { (tr.t("chat-back")) } }
        h1 { (tr.t("message-edit-title")) }
        (error_summary(v.error.map(|e| tr.t(e))))
        form.stack method="post" action=(routes::message_edit(v.message.id)) novalidate {
            (csrf(f.csrf))
            div.field.invalid[v.error.is_some()] {
                label for="f-body" { (tr.t("chat-message")) }
                textarea #f-body name="body" rows="3" maxlength=(BODY_MAX) required { (v.body) }
            }
            button.primary type="submit" { (tr.t("edit-submit")) }
        }
    };
    layout(f, &tr.t("message-edit-title"), body)
}

pub struct EndView<'a> {
    pub room: &'a room::Model,
    /// The other person's name.
    pub with: String,
}

/// Ending a private chat: what it means, and the two choices that go with it.
pub fn end_page(f: &Frame, v: &EndView) -> Markup {
    let tr = f.tr;
    let name = || v.with.clone().into();
    let body = html! {
        p.crumbs { a href=(routes::room(v.room.id)) { (tr.t("chat-back")) } }
        h1 { (tr.ta("conversation-end-title", &[("name", name())])) }
        p { (tr.t("conversation-end-intro")) }
        form.stack method="post" action=(routes::room_end(v.room.id)) {
            (csrf(f.csrf))
            div.check {
                input #f-erase type="checkbox" name="erase" value="1";
                label for="f-erase" { (tr.t("conversation-end-erase")) }
            }
            div.check {
                input #f-block type="checkbox" name="block" value="1" aria-describedby="f-block-hint";
                label for="f-block" { (tr.ta("conversation-end-block", &[("name", name())])) }
            }
            p.hint #f-block-hint { (tr.t("block-hint")) }
            button.danger type="submit" { (tr.t("conversation-end-submit")) }
        }
        p { a href=(routes::room(v.room.id)) { (tr.t("confirm-cancel")) } }
    };
    layout(f, &tr.ta("conversation-end-title", &[("name", name())]), body)
}
