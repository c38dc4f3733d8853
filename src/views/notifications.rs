//! Your notifications.
use crate::domain::account::CHOOSABLE_NOTIFICATIONS;
use crate::views::components::{csrf, thread_title, time};
use maud::{Markup, html};

use super::{Frame, layout};
use crate::routes;
use crate::services::forum::NotificationView;

pub fn notifications_page(f: &Frame, items: &[NotificationView], saved: bool) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("notifications-title")) }
        @if items.is_empty() {
            p { (tr.t("notifications-empty")) }
        } @else {
            ul.cards {
                @for n in items {
                    (item(f, n))
                }
            }
        }
        (choices(f, saved))
    };
    layout(f, &tr.t("notifications-title"), body)
}

/// One notification, as a list item (here and on the home page).
pub fn item(f: &Frame, n: &NotificationView) -> Markup {
    let tr = f.tr;
    html! {
        li.unread[n.item.read_at.is_none()] {
            @let who = n.actor.clone().unwrap_or_else(|| tr.t("former-member"));
            @let key = match n.item.kind.as_str() {
                "mention" => "notif-mention", "reply" => "notif-reply", "proposal" => "notif-proposal",
                "closing" => "notif-closing", "outcome" => "notif-outcome", "case" => "notif-case", "urgent" => "notif-urgent",
                "hidden" => "notif-hidden", "message_shared" => "notif-message-shared",
                _ => "notif-watched",
            };
            @if n.item.kind == "vouched" {
                p { (tr.t("notif-vouched")) " " a href=(routes::ACCOUNT) { (tr.t("account-title")) } }
            } @else if n.item.kind == "reset_requested" {
                p { (tr.t("notif-reset-requested")) }
            } @else if n.item.kind == "reset_cancelled" {
                p { (tr.t("notif-reset-cancelled")) }
            } @else if n.item.kind == "join_surge" {
                p { (tr.ta("notif-join-surge", &[("group", n.group_name.clone().into())])) " "
                    a href=(routes::group_sub(&n.group_slug, "members")) { (tr.t("notif-look-at-members")) } }
            } @else if n.item.kind == "new_member_flag" {
                p { (tr.t("notif-new-member-flag")) " "
                    @if let Some(p) = n.item.post_id {
                        a href=(routes::post(p)) { (thread_title(tr, &n.thread_title)) }
                    } @else {
                        a href=(routes::group_sub(&n.group_slug, "chat")) { (tr.t("notif-in-the-chat")) }
                    }
                }
            } @else if n.item.kind == "rules_changed" {
                p { (tr.t("notif-rules-changed")) " "
                    a href=(format!("{}#accept", routes::group_sub(&n.group_slug, "rules"))) { (tr.t("rules-title")) } }
            } @else if n.item.kind == "join_request" {
                p { (tr.ta("notif-join-request", &[("group", n.group_name.clone().into())])) " "
                    a href=(routes::group_sub(&n.group_slug, "members")) { (tr.t("notif-see-requests")) } }
            } @else if n.item.kind == "let_in" {
                p { (tr.ta("notif-let-in", &[("name", who.into()), ("group", n.group_name.clone().into())])) " "
                    @if !n.group_slug.is_empty() { a href=(routes::group(&n.group_slug)) { (n.group_name) } } }
            } @else if n.item.kind == "declined" {
                @let group = if n.group_name.is_empty() { "none".to_owned() } else { n.group_name.clone() };
                p { (tr.ta("notif-declined", &[("group", group.into())])) }
            } @else if let (Some(r), Some(key)) = (n.item.request_id, match n.item.kind.as_str() {
                "help_request" => Some("notif-help-request"), "offer" => Some("notif-offer"),
                "offer_accepted" => Some("notif-offer-accepted"), "offer_declined" => Some("notif-offer-declined"),
                _ => None,
            }) {
                p { (tr.ta(key, &[("name", who.into()), ("group", n.group_name.clone().into())])) " "
                    a href=(routes::request(r)) { (tr.t("notif-see-request")) } }
            } @else if let (Some(g), Some(key)) = (n.item.goal_id, match n.item.kind.as_str() {
                "goal_check_in" => Some("notif-goal-check-in"), "goal_cheer" => Some("notif-goal-cheer"),
                "goal_reached" => Some("notif-goal-reached"),
                _ => None,
            }) {
                p { (tr.ta(key, &[("name", who.into()), ("goal", n.thread_title.clone().into())])) " "
                    a href=(routes::goal(g)) { (tr.t("notif-see-goal")) } }
            } @else if let (Some(_), "meeting_reminder") = (n.item.meeting_id, n.item.kind.as_str()) {
                p { (tr.ta("notif-meeting-reminder", &[("meeting", n.thread_title.clone().into()), ("group", n.group_name.clone().into())])) " "
                    a href=(routes::group_sub(&n.group_slug, "meetings")) { (tr.t("notif-see-meeting")) } }
            } @else if n.item.kind == "group_closed" || n.item.kind == "group_reopened" {
                @let key = if n.item.kind == "group_closed" { "notif-group-closed" } else { "notif-group-reopened" };
                p { (tr.ta(key, &[("group", n.group_name.clone().into())])) }
            } @else {
            p {
                (tr.ta(key, &[("name", who.into())])) " "
                @if let Some(c) = n.item.case_id {
                    a href=(routes::case(c)) { (tr.ta("case-title", &[("id", c.into())])) }
                } @else {
                    a href=(match (n.item.proposal_id, n.item.post_id) {
                        (Some(p), _) => routes::proposal(p),
                        (None, Some(p)) => routes::post(p),
                        _ => routes::thread(n.item.thread_id.unwrap_or_default()),
                    }) {
                        (thread_title(tr, &n.thread_title))
                    }
                }
            }
            @if let Some(r) = &n.result {
                p { strong { (tr.ta(r.key, &[("yes", r.yes.into()), ("no", r.no.into()), ("abstain", r.abstain.into())])) } }
            }
            }
            p.meta {
                (time(tr, n.item.created_at, false))
                @if !n.group_name.is_empty() { " · " (n.group_name) }
                @if n.item.read_at.is_none() { " · " span.badge.new { (tr.t("badge-new")) } }
            }
        }
    }
}

/// Which notifications arrive: each kind on or off, for this person alone. What concerns your
/// own account or your own words always arrives, and the page says so.
fn choices(f: &Frame, saved: bool) -> Markup {
    let tr = f.tr;
    let Some(u) = f.user else { return html! {} };
    let off: Vec<&str> = u.notifications_off.split_whitespace().collect();
    html! {
        section #choices aria-labelledby="choices-h" {
            h2 #choices-h { (tr.t("notif-choices-title")) }
            @if saved { p.notice role="status" { (tr.t("saved")) } }
            form.stack method="post" action=(routes::NOTIFICATION_CHOICES) {
                (csrf(f.csrf))
                fieldset {
                    legend { (tr.t("notif-choices-legend")) }
                    @for kind in CHOOSABLE_NOTIFICATIONS {
                        div.check {
                            input type="checkbox" id=(format!("n-{kind}")) name="on" value=(kind) checked[!off.contains(kind)];
                            label for=(format!("n-{kind}")) { (tr.t(&format!("notif-choice-{kind}"))) }
                        }
                    }
                }
                p.hint { (tr.t("notif-choices-always")) }
                button type="submit" { (tr.t("save")) }
            }
        }
    }
}
