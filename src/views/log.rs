//! The group's log: every moderation and decision act, by role, never by name of the actor.
use entity::log_entry;
use maud::{Markup, html};

use super::components::time;
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::routes;

fn action_key(action: &str) -> &'static str {
    match action {
        "proposal_opened" => "log-proposal-opened",
        "proposal_passed" => "log-proposal-passed",
        "proposal_rejected" => "log-proposal-rejected",
        "proposal_expired" => "log-proposal-expired",
        "rule_added" => "log-rule-added",
        "rule_amended" => "log-rule-amended",
        "rule_repealed" => "log-rule-repealed",
        "settings_changed" => "log-settings-changed",
        "steward_elected" => "log-steward-elected",
        "steward_recalled" => "log-steward-recalled",
        "member_admitted" => "log-member-admitted",
        "member_muted" => "log-member-muted",
        "member_suspended" => "log-member-suspended",
        "member_removed" => "log-member-removed",
        "sanction_ended" => "log-sanction-ended",
        "item_hidden" => "log-item-hidden",
        "item_restored" => "log-item-restored",
        "item_removed" => "log-item-removed",
        "item_removed_urgently" => "log-item-removed-urgently",
        "case_appealed" => "log-case-appealed",
        "reset_vouched" => "log-reset-vouched",
        "reset_requested" => "log-reset-requested",
        "reset_cancelled" => "log-reset-cancelled",
        "statement_published" => "log-statement-published",
        "statement_withdrawn" => "log-statement-withdrawn",
        "meeting_closed" => "log-meeting-closed",
        _ => "log-other",
    }
}

fn role_key(role: &str) -> &'static str {
    match role {
        "members" => "log-by-members",
        "steward" => "log-by-steward",
        "member" => "log-by-member",
        _ => "log-by-system",
    }
}

/// The object of an act: a post or message is named by its kind, a rule or person by name.
fn target_text(tr: crate::i18n::Tr, action: &str, target: &str) -> String {
    match (action.starts_with("item_") || action == "case_appealed", target) {
        (true, "post") => tr.t("log-target-post"),
        (true, "message") => tr.t("log-target-message"),
        _ => target.to_owned(),
    }
}

/// `rules`: the rules the entries cite, as "number. title".
pub fn log_page(
    f: &Frame,
    g: &Group,
    entries: &[log_entry::Model],
    rules: &std::collections::HashMap<i32, String>,
) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::group(&g.row.slug)) { (g.row.name) } }
        h1 { (tr.t("log-title")) }
        p { (tr.t("log-intro")) }
        @if entries.is_empty() {
            p { (tr.t("log-empty")) }
        } @else {
            ol.log reversed {
                @for e in entries {
                    li {
                        (time(tr, e.at, false)) " · "
                        strong { (tr.t(action_key(&e.action))) }
                        @if let Some(t) = &e.target { ": " (target_text(tr, &e.action, t)) }
                        @if let Some(r) = e.rule_id.and_then(|r| rules.get(&r)) { " · " (tr.ta("log-rule", &[("rule", r.clone().into())])) }
                        " · " (tr.t(role_key(&e.actor_role)))
                        @if let Some(p) = e.proposal_id { " · " a href=(routes::proposal(p)) { (tr.ta("by-proposal", &[("id", p.into())])) } }
                        @if let Some(c) = e.case_id { " · " a href=(routes::case(c)) { (tr.ta("log-case", &[("id", c.into())])) } }
                        @if let Some(t) = e.thread_id { " · " a href=(routes::thread(t)) { (tr.t("meeting-minutes-link")) } }
                    }
                }
            }
        }
    };
    layout(f, &format!("{} · {}", tr.t("log-title"), g.row.name), body)
}
