//! House meetings as pages: the group's meetings with the form to plan one, and the panel a
//! room's page shows of its meeting (attendance, the agenda with live votes, the chair's
//! buttons, the minutes). All forms work without JavaScript; with it, the panel follows the
//! room's `meeting` frames.
use maud::{Markup, html};

use super::components::{csrf, error_summary, notice, time};
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::domain::meetings::{ITEM_MAX, MINUTES_MAX, TITLE_MAX};
use crate::i18n::Tr;
use crate::routes;
use crate::services::meetings::Panel;
use crate::wire::{AgendaItemJson, MeetingJson};

/// The refusals the meeting panel names after a form sent from it (anything else: the
/// general "look at the form" line).
pub const MEETING_ERRORS: &[&str] = &[
    "err-meeting-not-open",
    "err-meeting-not-scheduled",
    "err-minute-taker",
    "err-item-open",
    "err-item-done",
    "err-item-not-open",
    "err-not-present",
    "err-proposal-closed",
    "err-minutes-long",
    "err-choice",
    "err-chat-muted",
    "err-rate-limited",
    "err-forbidden",
];

fn status_label(tr: Tr, status: &str) -> String {
    tr.t(&format!("meeting-status-{status}"))
}

fn outcome_label(tr: Tr, item: &AgendaItemJson) -> Option<String> {
    item.outcome
        .as_deref()
        .map(|o| tr.t(&format!("meeting-outcome-{o}")))
}

/// What was typed in the plan form, when it comes back.
#[derive(Default)]
pub struct MeetingDraft {
    pub title: String,
    pub starts_at: String,
    pub agenda: String,
    pub proposals: Vec<i32>,
    pub room_id: String,
}

pub struct MeetingsView<'a> {
    pub group: &'a Group,
    pub meetings: &'a [MeetingJson],
    pub proposals: &'a [(i32, String)],
    pub rooms: &'a [(i32, String)],
    pub draft: &'a MeetingDraft,
    pub errors: &'a [(&'static str, &'static str)],
    pub notice: Option<String>,
}

/// A group's meetings and the form to plan one.
pub fn meetings_page(f: &Frame, v: &MeetingsView) -> Markup {
    let tr = f.tr;
    let g = &v.group.row;
    let d = v.draft;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let body = html! {
        p.crumbs { a href=(routes::group(&g.slug)) { (g.name) } }
        h1 { (tr.t("meetings-title")) }
        p { (tr.t("meetings-intro")) }
        (notice(v.notice.clone()))
        @if v.meetings.is_empty() {
            p.empty { (tr.t("meetings-empty")) }
        } @else {
            ul.cards {
                @for m in v.meetings {
                    li {
                        h2 { a href=(format!("{}#meeting", routes::room(m.room_id))) { (m.title) } }
                        p.meta {
                            (time(tr, m.starts_at, false)) " · " (status_label(tr, &m.status))
                            " · " (tr.ta("meeting-chair", &[("name", m.chair.display_name.clone().into())]))
                        }
                        @if let Some(t) = m.minutes_thread_id {
                            p { a href=(routes::thread(t)) { (tr.t("meeting-minutes-link")) } }
                        }
                    }
                }
            }
        }
        section aria-labelledby="plan-h" {
            h2 #plan-h { (tr.t("meeting-plan-title")) }
            (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
            form.stack method="post" action=(routes::group_sub(&g.slug, "meetings")) novalidate {
                (csrf(f.csrf))
                div.field.invalid[err("title").is_some()] {
                    label for="f-title" { (tr.t("field-meeting-title")) }
                    @if let Some(e) = err("title") { p.error { (tr.t(e)) } }
                    input #f-title type="text" name="title" value=(d.title) maxlength=(TITLE_MAX) required;
                }
                div.field.invalid[err("starts_at").is_some()] {
                    label for="f-starts" { (tr.t("field-meeting-starts")) }
                    @if let Some(e) = err("starts_at") { p.error { (tr.t(e)) } }
                    input #f-starts type="datetime-local" name="starts_at" value=(d.starts_at) required;
                }
                @if v.rooms.len() > 1 {
                    div.field.invalid[err("room_id").is_some()] {
                        label for="f-room" { (tr.t("field-meeting-room")) }
                        @if let Some(e) = err("room_id") { p.error { (tr.t(e)) } }
                        select #f-room name="room_id" {
                            @for (id, name) in v.rooms {
                                option value=(id) selected[d.room_id == id.to_string()] { (name) }
                            }
                        }
                    }
                }
                div.field.invalid[err("agenda").is_some()] {
                    label for="f-agenda" { (tr.t("field-meeting-agenda")) }
                    p.hint #f-agenda-hint { (tr.ta("hint-meeting-agenda", &[("max", ITEM_MAX.into())])) }
                    @if let Some(e) = err("agenda") { p.error { (tr.t(e)) } }
                    textarea #f-agenda name="agenda" rows="4" aria-describedby="f-agenda-hint" { (d.agenda) }
                }
                @if !v.proposals.is_empty() {
                    fieldset {
                        legend { (tr.t("field-meeting-proposals")) }
                        @for (id, title) in v.proposals {
                            div.check {
                                input type="checkbox" name="proposal" id=(format!("p-{id}")) value=(id) checked[d.proposals.contains(id)];
                                label for=(format!("p-{id}")) { (title) }
                            }
                        }
                    }
                }
                button.primary type="submit" { (tr.t("meeting-plan-submit")) }
            }
        }
    };
    layout(f, &format!("{} · {}", tr.t("meetings-title"), g.name), body)
}

/// The meeting panel on a room's page.
pub fn meeting_panel(f: &Frame, p: &Panel, error: Option<&'static str>) -> Markup {
    let tr = f.tr;
    let m = &p.meeting;
    let open = m.status == "open";
    let act = |what: &str| format!("/meetings/{}/{what}", m.id);
    html! {
        section #meeting .meeting aria-labelledby="meeting-h" data-meeting=(m.id) {
            h2 #meeting-h { (tr.t("meeting-label")) ": " (m.title) }
            p.meta {
                (time(tr, m.starts_at, false)) " · " (status_label(tr, &m.status))
                " · " (tr.ta("meeting-chair", &[("name", m.chair.display_name.clone().into())]))
                @if let Some(t) = &m.minute_taker { " · " (tr.ta("meeting-taker", &[("name", t.display_name.clone().into())])) }
            }
            (error_summary(error.map(|e| tr.t(e))))
            @if open {
                p #meeting-present {
                    strong { (tr.ta("meeting-present-count", &[("count", m.present_count.into())])) }
                    @if !m.present.is_empty() {
                        ": " (m.present.iter().map(|a| a.display_name.as_str()).collect::<Vec<_>>().join(", "))
                    }
                }
                p { (tr.t(if m.may_decide { "meeting-may-decide" } else { "meeting-only-discusses" })) }
                form.inline method="post" action=(act("attendance")) {
                    (csrf(f.csrf))
                    input type="hidden" name="present" value=(if p.present { "0" } else { "1" });
                    button.primary[!p.present] type="submit" { (tr.t(if p.present { "meeting-leave" } else { "meeting-attend" })) }
                }
            }
            h3 { (tr.t("meeting-agenda")) }
            @if m.agenda.is_empty() { p.empty { (tr.t("meeting-no-agenda")) } }
            ol.agenda {
                @for item in &m.agenda {
                    li.open[item.status == "open"] {
                        span.item-title { (item.title) }
                        " " span.meta { "(" (tr.t(&format!("meeting-item-{}", item.status))) ")" }
                        @if let Some(o) = outcome_label(tr, item) { " " strong { (o) } }
                        @if let Some(pid) = item.proposal_id {
                            " " a href=(routes::proposal(pid)) { (tr.t("meeting-see-proposal")) }
                            @if let Some(t) = &item.tally {
                                p.tally {
                                    @match (t.yes, t.no, t.abstain) {
                                        (Some(y), Some(n), Some(a)) => (tr.ta("meeting-tally", &[("yes", y.into()), ("no", n.into()), ("abstain", a.into())])),
                                        _ => (tr.ta("meeting-tally-secret", &[("voted", t.voted.into())])),
                                    }
                                }
                            }
                            @if open && item.status == "open" && p.present {
                                form.inline method="post" action=(act(&format!("items/{}/vote", item.n))) {
                                    (csrf(f.csrf))
                                    @for (choice, key) in [("yes", "vote-yes"), ("no", "vote-no"), ("abstain", "vote-abstain")] {
                                        button type="submit" name="choice" value=(choice) { (tr.t(key)) } " "
                                    }
                                }
                            }
                        }
                        @if open && p.chair {
                            @if item.status == "waiting" {
                                form.inline method="post" action=(act(&format!("items/{}/open", item.n))) {
                                    (csrf(f.csrf))
                                    button type="submit" aria-label=(tr.ta("meeting-item-take-named", &[("title", item.title.clone().into())])) { (tr.t("meeting-item-take")) }
                                }
                            } @else if item.status == "open" {
                                form.inline method="post" action=(act(&format!("items/{}/close", item.n))) {
                                    (csrf(f.csrf))
                                    button type="submit" { (tr.t("meeting-item-close")) }
                                }
                            }
                        }
                    }
                }
            }
            @if open && p.writes_minutes {
                form.stack method="post" action=(act("minutes")) {
                    (csrf(f.csrf))
                    label for="f-minutes" { (tr.t("field-minutes")) }
                    textarea #f-minutes name="text" rows="5" maxlength=(MINUTES_MAX) { (m.minutes) }
                    button type="submit" { (tr.t("meeting-minutes-save")) }
                }
            } @else if open && !m.minutes.is_empty() {
                h3 { (tr.t("field-minutes")) }
                p.minutes { (m.minutes) }
            }
            @if p.chair {
                @if m.status == "scheduled" {
                    form.stack method="post" action=(act("open")) {
                        (csrf(f.csrf))
                        div.field {
                            label for="f-taker" { (tr.t("field-minute-taker")) }
                            select #f-taker name="minute_taker" {
                                option value="" { (tr.t("meeting-taker-me")) }
                                @for (username, name) in &p.members {
                                    option value=(username) { (name) }
                                }
                            }
                        }
                        button.primary type="submit" { (tr.t("meeting-open")) }
                    }
                } @else if open {
                    form.inline method="post" action=(act("close")) {
                        (csrf(f.csrf))
                        p { button type="submit" { (tr.t("meeting-close")) } " " span.hint { (tr.t("meeting-close-hint")) } }
                    }
                }
            }
        }
    }
}
