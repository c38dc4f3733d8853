//! Group pages: directory, new group, group home, members, invites, settings, invite landing.
use chrono::{DateTime, Utc};
use entity::{invite, user};
use maud::{Markup, PreEscaped, html};

use super::components::{Field, csrf, error_summary, notice, with_time};
use super::{Frame, layout};
use crate::db::groups::{Group, Member};
use crate::domain::group::{
    DESCRIPTION_MAX, Electorate, JoinPolicy, Kind, PROPOSAL_KINDS, Role, Settings, Slug, Status, Visibility,
};
use crate::i18n::Tr;
use crate::routes;

fn kind_label(tr: Tr, kind: Kind) -> String {
    tr.t(match kind {
        Kind::PeerGroup => "kind-peer-group",
        Kind::Shelter => "kind-shelter",
    })
}

fn members_label(tr: Tr, kind: Kind, n: u64) -> String {
    tr.ta(
        "member-count",
        &[("kind", kind.as_str().into()), ("count", n.into())],
    )
}

fn status_label(tr: Tr, kind: Kind, place: Option<Member>) -> Option<String> {
    let m = place?;
    Some(match (m.status, m.role) {
        (Status::Pending, _) => tr.t("status-pending"),
        (Status::Suspended, _) => tr.t("status-suspended"),
        (Status::Active, Role::Steward) => tr.t("status-steward"),
        (Status::Active, Role::Member) => tr.ta("status-member", &[("kind", kind.as_str().into())]),
    })
}

/// What the directory was asked for.
pub struct DirectorySearch<'a> {
    pub q: &'a str,
    pub kind: Option<Kind>,
}

pub fn directory_page(
    f: &Frame,
    groups: &[(Group, Option<Member>, u64)],
    done: Option<String>,
    search: &DirectorySearch,
) -> Markup {
    let tr = f.tr;
    let searched = !search.q.is_empty() || search.kind.is_some();
    let body = html! {
        h1 { (tr.t("groups-title")) }
        (notice(done))
        p { (tr.t("groups-intro")) }
        @if f.user.is_some() {
            p { a.button.primary href=(routes::GROUP_NEW) { (tr.t("group-new-title")) } }
        }
        form.stack role="search" method="get" action=(routes::GROUPS) {
            div.field {
                label for="f-q" { (tr.t("groups-search-name")) }
                input #f-q type="search" name="q" value=(search.q) maxlength="100";
            }
            div.field {
                label for="f-kind" { (tr.t("groups-search-kind")) }
                select #f-kind name="kind" {
                    option value="" selected[search.kind.is_none()] { (tr.t("groups-search-any")) }
                    option value="peer_group" selected[search.kind == Some(Kind::PeerGroup)] { (tr.t("kind-peer-group")) }
                    option value="shelter" selected[search.kind == Some(Kind::Shelter)] { (tr.t("kind-shelter")) }
                }
            }
            button type="submit" { (tr.t("groups-search-submit")) }
        }
        @if groups.is_empty() {
            p { (tr.t(if searched { "groups-none-found" } else { "groups-empty" })) }
        } @else {
            ul.cards {
                @for (g, me, n) in groups {
                    li {
                        h2 { a href=(routes::group(&g.row.slug)) { (g.row.name) } }
                        p.meta {
                            (kind_label(tr, g.kind)) " · " (members_label(tr, g.kind, *n))
                            @if g.visibility == Visibility::Private { " · " (tr.t("visibility-private")) }
                            @if let Some(s) = status_label(tr, g.kind, *me) { " · " strong { (s) } }
                        }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("groups-title"), body)
}

/// What the new-group form shows again after a refusal.
#[derive(Default)]
pub struct NewGroupView<'a> {
    pub slug: &'a str,
    pub name: &'a str,
    pub kind: &'a str,
    pub visibility: &'a str,
    pub join_policy: &'a str,
    pub description: &'a str,
    pub errors: Vec<(&'static str, &'static str)>,
}

fn err(errors: &[(&'static str, &'static str)], field: &str) -> Option<&'static str> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
}

pub(crate) fn radios(
    tr: Tr,
    name: &str,
    legend: String,
    options: &[(&str, String, String)],
    chosen: &str,
    error: Option<&'static str>,
) -> Markup {
    let err_id = format!("f-{name}-error");
    html! {
        fieldset.field.invalid[error.is_some()] aria-describedby=[error.map(|_| err_id.clone())] {
            legend { (legend) }
            @if let Some(e) = error { p.error id=(err_id) { (tr.t(e)) } }
            @for (value, label, hint) in options {
                @let id = format!("f-{name}-{value}");
                div.choice {
                    input type="radio" id=(id) name=(name) value=(value) checked[chosen == *value];
                    label for=(id) { strong { (label) } " " span.hint { (hint) } }
                }
            }
        }
    }
}

pub fn new_group_page(f: &Frame, v: &NewGroupView) -> Markup {
    let tr = f.tr;
    let kind = if v.kind.is_empty() { "peer_group" } else { v.kind };
    let body = html! {
        h1 { (tr.t("group-new-title")) }
        p { (tr.t("group-new-intro")) }
        (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
        form.stack method="post" action=(routes::GROUPS) novalidate {
            (csrf(f.csrf))
            (Field { name: "name", label: tr.t("field-group-name"), kind: "text", value: v.name, autocomplete: "off",
                hint: None, error: err(&v.errors, "name"), required: true, maxlength: 80 }.render(tr))
            // Filled in from the name when left empty (and by the script as the name is typed).
            (Field { name: "slug", label: tr.t("field-slug"), kind: "text", value: v.slug, autocomplete: "off",
                hint: Some(tr.t("hint-slug")), error: err(&v.errors, "slug"), required: false, maxlength: Slug::MAX }.render(tr))
            (radios(tr, "kind", tr.t("field-kind"), &[
                ("peer_group", tr.t("kind-peer-group"), tr.t("kind-peer-group-hint")),
                ("shelter", tr.t("kind-shelter"), tr.t("kind-shelter-hint")),
            ], kind, err(&v.errors, "kind")))
            // Private unless the creator chooses public, which says what it means.
            (radios(tr, "visibility", tr.t("field-visibility"), &[
                ("private", tr.t("visibility-private"), tr.t("visibility-private-hint")),
                ("public", tr.t("visibility-public"), tr.t("visibility-public-new-hint")),
            ], if v.visibility.is_empty() { "private" } else { v.visibility }, err(&v.errors, "visibility")))
            (radios(tr, "join_policy", tr.t("field-join-policy"), &[
                ("", tr.t("choice-default"), tr.t("join-default-hint")),
                ("open", tr.t("join-open"), tr.t("join-open-hint")),
                ("approval", tr.t("join-approval"), tr.t("join-approval-hint")),
                ("invite", tr.t("join-invite"), tr.t("join-invite-hint")),
            ], v.join_policy, err(&v.errors, "join_policy")))
            div.field.invalid[err(&v.errors, "description").is_some()] {
                label for="f-description" { (tr.t("field-description")) }
                p.hint id="f-description-hint" { (tr.t("hint-markdown")) }
                @if let Some(e) = err(&v.errors, "description") { p.error { (tr.t(e)) } }
                textarea id="f-description" name="description" rows="6" maxlength=(DESCRIPTION_MAX)
                    aria-describedby="f-description-hint" { (v.description) }
            }
            button.primary type="submit" { (tr.t("group-new-submit")) }
        }
        script src=(crate::assets::url("js/group-new.js")) defer {}
    };
    layout(f, &tr.t("group-new-title"), body)
}

/// Everything the group home shows.
pub struct GroupHome<'a> {
    pub group: &'a Group,
    pub me: Option<Member>,
    pub member_count: u64,
    pub can_read: bool,
    pub can_chat: bool,
    pub can_join: bool,
    pub is_steward: bool,
    pub can_see_members: bool,
    pub notice: Option<String>,
    /// The house rules, shown before joining.
    pub rules: &'a [entity::rule::Model],
    /// A member who has not yet accepted the rules as they stand.
    pub must_accept: bool,
    /// The newest open requests for help, for members.
    pub requests: &'a [crate::services::requests::RequestJson],
}

/// The house rules in full, for someone about to join.
pub fn rules_before_joining(f: &Frame, rules: &[entity::rule::Model]) -> Markup {
    let tr = f.tr;
    html! {
        @if !rules.is_empty() {
            section aria-labelledby="join-rules-h" {
                h2 #join-rules-h { (tr.t("join-rules-title")) }
                p { (tr.t("join-rules-intro")) }
                ol.rules {
                    @for r in rules {
                        li value=(r.number) { h3 { (r.title) } div.prose { (PreEscaped(&r.body_html)) } }
                    }
                }
            }
        }
    }
}

fn group_nav(f: &Frame, g: &Group, current: &str, steward: bool, members: bool) -> Markup {
    let tr = f.tr;
    let slug = &g.row.slug;
    let link = |path: String, key: &str, here: &str| {
        html! { li { a href=(path) aria-current=[(current == here).then_some("page")] { (tr.t(key)) } } }
    };
    html! {
        nav.group-nav aria-label=(tr.t("group-nav-label")) {
            ul {
                (link(routes::group(slug), "section-home", "home"))
                @if members { (link(routes::group_sub(slug, "members"), "section-members", "members")) }
                @if members { (link(routes::group_sub(slug, "requests"), "section-requests", "requests")) }
                @if members { (link(routes::group_sub(slug, "goals"), "section-goals", "goals")) }
                @if members { (link(routes::group_sub(slug, "meetings"), "section-meetings", "meetings")) }
                @if steward { (link(routes::group_sub(slug, "invites"), "section-invites", "invites")) }
                @if members { (link(routes::group_sub(slug, "settings"), "section-settings", "settings")) }
            }
        }
        (closed_banner(f, g))
    }
}

/// Says so when the instance admin closed the group, and why.
pub fn closed_banner(f: &Frame, g: &Group) -> Markup {
    let tr = f.tr;
    html! {
        @if g.row.closed_at.is_some() {
            div.alert.error role="note" {
                p { strong { (tr.t("group-closed")) } " " (tr.t("group-closed-what")) }
                @if let Some(r) = &g.row.closed_reason { p { (tr.t("error-reason")) " " (r) } }
            }
        }
    }
}

fn group_header(f: &Frame, g: &Group, me: Option<Member>, count: u64) -> Markup {
    let tr = f.tr;
    html! {
        p.meta {
            (kind_label(tr, g.kind)) " · " (members_label(tr, g.kind, count)) " · "
            (tr.t(if g.visibility == Visibility::Private { "visibility-private" } else { "visibility-public" }))
            @if let Some(s) = status_label(tr, g.kind, me) { " · " strong { (s) } }
        }
    }
}

pub fn group_home(f: &Frame, v: &GroupHome) -> Markup {
    let tr = f.tr;
    let g = v.group;
    let slug = &g.row.slug;
    let body = html! {
        h1 { (g.row.name) }
        (group_header(f, g, v.me, v.member_count))
        (group_nav(f, g, "home", v.is_steward, v.can_see_members))
        (notice(v.notice.clone()))
        @if v.must_accept {
            div.banner role="status" {
                p { (tr.t("rules-changed")) " " a href=(format!("{}#accept", routes::group_sub(slug, "rules"))) { (tr.t("rules-read-them")) } }
            }
        }
        @if !g.row.description_html.is_empty() {
            // Rendered from Markdown and sanitized with ammonia when it was saved.
            div.prose { (PreEscaped(&g.row.description_html)) }
        }
        @match v.me.map(|m| m.status) {
            Some(Status::Pending) => {
                p { (tr.t("group-pending")) }
                form.inline method="post" action=(routes::group_sub(slug, "leave")) {
                    (csrf(f.csrf)) button type="submit" { (tr.t("group-withdraw")) }
                }
            }
            Some(Status::Suspended) => p { (tr.t("group-suspended")) },
            Some(Status::Active) => {}
            None => {
                @if f.user.is_none() {
                    p { a href=(routes::login_then(&routes::group(slug))) { (tr.t("group-login-to-join")) } }
                } @else if v.can_join {
                    (rules_before_joining(f, v.rules))
                    form.inline method="post" action=(routes::group_sub(slug, "join")) {
                        (csrf(f.csrf))
                        button.primary type="submit" {
                            (tr.t(match (g.join_policy == JoinPolicy::Approval, v.rules.is_empty()) {
                                (true, true) => "group-request",
                                (true, false) => "group-request-agree",
                                (false, true) => "group-join",
                                (false, false) => "group-join-agree",
                            }))
                        }
                    }
                    @if g.join_policy == JoinPolicy::Approval { p.hint { (tr.t("group-request-hint")) } }
                } @else {
                    p { (tr.t("group-invite-only")) }
                }
            }
        }
        @if v.can_chat {
            section aria-labelledby="open-requests-h" {
                h2 #open-requests-h { (tr.t("home-requests-title")) }
                @if v.requests.is_empty() {
                    p.empty { (tr.t("requests-empty")) }
                } @else {
                    ul {
                        @for r in v.requests {
                            li {
                                a href=(routes::request(r.id)) { (r.title) } " · " (r.author.display_name)
                                " · " (crate::views::requests::kind_label(tr, r.kind))
                            }
                        }
                    }
                }
                p { a href=(routes::group_sub(slug, "requests")) { (tr.t("home-requests-all")) } }
            }
        }
        @if v.can_read {
            section.sections aria-labelledby="sections-h" {
                h2 #sections-h { (tr.t("sections-title")) }
                ul.cards {
                    li { h3 { a href=(routes::group_sub(slug, "forum")) { (tr.t("section-forum")) } } p.hint { (tr.t("section-forum-hint")) } }
                    li {
                        h3 { @if v.can_chat { a href=(routes::group_sub(slug, "chat")) { (tr.t("section-chat")) } } @else { (tr.t("section-chat")) } }
                        p.hint { (tr.t(if v.can_chat { "section-chat-hint" } else { "section-chat-members" })) }
                    }
                    li { h3 { a href=(routes::group_sub(slug, "rules")) { (tr.t("section-rules")) } } p.hint { (tr.t("section-rules-hint")) } }
                    li { h3 { a href=(routes::group_sub(slug, "proposals")) { (tr.t("section-decisions")) } } p.hint { (tr.t("section-decisions-hint")) } }
                    @if v.can_chat {
                        li { h3 { a href=(routes::group_sub(slug, "cases")) { (tr.t("section-cases")) } } p.hint { (tr.t("section-cases-hint")) } }
                        li { h3 { a href=(routes::group_sub(slug, "log")) { (tr.t("section-log")) } } p.hint { (tr.t("section-log-hint")) } }
                    }
                }
            }
        }
        @if v.me.is_some_and(|m| m.status == Status::Active) {
            form.inline.leave method="post" action=(routes::group_sub(slug, "leave")) {
                (csrf(f.csrf)) button type="submit" { (tr.t("group-leave")) }
            }
        }
    };
    layout(f, &g.row.name, body)
}

pub struct MembersView<'a> {
    pub group: &'a Group,
    pub me: Option<Member>,
    pub me_user: &'a user::Model,
    pub member_count: u64,
    pub members: &'a [(Member, user::Model)],
    pub is_steward: bool,
    pub notice: Option<String>,
}

pub fn members_page(f: &Frame, v: &MembersView) -> Markup {
    let tr = f.tr;
    let g = v.group;
    let slug = &g.row.slug;
    let pending: Vec<_> = v
        .members
        .iter()
        .filter(|(m, _)| m.status == Status::Pending)
        .collect();
    let button = |username: &str, change: &str, key: &str| {
        html! {
            form.inline method="post" action=(routes::member_change(slug, username, change)) {
                (csrf(f.csrf)) button type="submit" { (tr.t(key)) }
            }
        }
    };
    let body = html! {
        h1 { (tr.ta("members-title", &[("kind", g.kind.as_str().into())])) }
        (group_header(f, g, v.me, v.member_count))
        (group_nav(f, g, "members", v.is_steward, true))
        (notice(v.notice.clone()))
        @if v.is_steward && !pending.is_empty() {
            section aria-labelledby="requests-h" {
                h2 #requests-h { (tr.t("requests-title")) }
                ul.people {
                    @for (_, u) in &pending {
                        li {
                            span { (u.display_name) " " span.hint { "@" (u.username) } }
                            span.actions {
                                (button(&u.username, "approve", "request-approve"))
                                (button(&u.username, "decline", "request-decline"))
                            }
                        }
                    }
                }
            }
        }
        ul.people {
            @for (m, u) in v.members.iter().filter(|(m, _)| m.status != Status::Pending) {
                li {
                    span {
                        a href=(routes::user(&u.username)) { (u.display_name) } " " span.hint { "@" (u.username) }
                        @if m.role == Role::Steward { " " span.badge { (tr.t("role-steward")) } }
                        @if m.status == Status::Suspended { " " span.badge { (tr.t("status-suspended")) } }
                    }
                    span.actions {
                        @if v.is_steward && m.role == Role::Member && m.status == Status::Active {
                            (button(&u.username, "steward", "make-steward"))
                        }
                        @if u.id == v.me_user.id && m.role == Role::Steward {
                            (button(&u.username, "step-down", "step-down"))
                        }
                        @if v.is_steward && u.vouch_reset && u.vouch_group_id == Some(v.group.row.id) && u.id != v.me_user.id && m.status == Status::Active {
                            form.inline method="post" action=(routes::group_vouch(slug, &u.username)) {
                                (csrf(f.csrf)) button type="submit" { (tr.ta("vouch-button", &[("name", u.display_name.clone().into())])) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(
        f,
        &tr.ta("members-title", &[("kind", g.kind.as_str().into())]),
        body,
    )
}

pub struct InvitesView<'a> {
    pub group: &'a Group,
    pub me: Option<Member>,
    pub member_count: u64,
    pub open: &'a [invite::Model],
    pub new_link: Option<(String, DateTime<Utc>)>,
    pub error: Option<&'static str>,
    pub notice: Option<String>,
}

pub fn invites_page(f: &Frame, v: &InvitesView) -> Markup {
    let tr = f.tr;
    let g = v.group;
    let slug = &g.row.slug;
    let body = html! {
        h1 { (tr.t("invites-title")) }
        (group_header(f, g, v.me, v.member_count))
        (group_nav(f, g, "invites", true, true))
        (notice(v.notice.clone()))
        @if let Some((url, expires)) = &v.new_link {
            div.alert.ok role="status" {
                p { (tr.t("invite-made")) }
                p { label for="invite-link" { (tr.t("invite-link-label")) } }
                input #invite-link type="text" readonly value=(url);
                p.hint { (with_time(tr, "invite-expires", &[], *expires)) }
            }
        }
        p { (tr.t("invites-intro")) }
        form.stack method="post" action=(routes::group_sub(slug, "invites")) {
            (csrf(f.csrf))
            div.field.invalid[v.error.is_some()] {
                label for="f-hours" { (tr.t("field-invite-hours")) }
                @if let Some(e) = v.error { p.error #f-hours-error { (tr.t(e)) } }
                select #f-hours name="expires_in_hours" aria-describedby=[v.error.map(|_| "f-hours-error")] {
                    @for (h, key) in [(24, "hours-24"), (72, "hours-72"), (168, "hours-168"), (720, "hours-720")] {
                        option value=(h) selected[h == 72] { (tr.t(key)) }
                    }
                }
            }
            button.primary type="submit" { (tr.t("invite-make")) }
        }
        h2 { (tr.t("invites-open")) }
        @if v.open.is_empty() {
            p { (tr.t("invites-none")) }
        } @else {
            ul.people {
                @for i in v.open {
                    li {
                        span { (with_time(tr, "invite-expires", &[], i.expires_at)) }
                        form.inline method="post" action=(routes::invite_revoke(slug, i.id)) {
                            (csrf(f.csrf)) button type="submit" { (tr.t("invite-revoke")) }
                        }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("invites-title"), body)
}

pub struct SettingsView<'a> {
    pub group: &'a Group,
    pub me: Option<Member>,
    pub member_count: u64,
    pub settings: &'a Settings,
    /// Changes go through a proposal (the group has started deciding by vote).
    pub by_vote: bool,
    pub editable: bool,
    pub is_steward: bool,
    pub error: Option<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

/// A group's settings that are one number: the form field's name (as in [`Settings`]), its
/// label and hint, and its least and greatest value. The settings page and a settings
/// proposal's "what changes" both name them so.
pub(super) const NUMBER_SETTINGS: &[(&str, &str, &str, u32, u32)] = &[
    (
        "flag_threshold",
        "setting-flag-threshold",
        "setting-flag-threshold-hint",
        1,
        50,
    ),
    (
        "review_period_hours",
        "setting-review-hours",
        "setting-review-hours-hint",
        1,
        720,
    ),
    (
        "case_quorum",
        "setting-case-quorum",
        "setting-case-quorum-hint",
        0,
        100,
    ),
    (
        "voting_period_hours",
        "setting-voting-hours",
        "setting-voting-hours-hint",
        1,
        720,
    ),
    (
        "chat_retention_days",
        "setting-chat-retention",
        "setting-chat-retention-hint",
        0,
        crate::domain::group::CHAT_RETENTION_MAX_DAYS,
    ),
    (
        "elector_days",
        "setting-elector-days",
        "setting-elector-days-hint",
        0,
        90,
    ),
    (
        "discussion_hours",
        "setting-discussion-hours",
        "setting-discussion-hours-hint",
        0,
        720,
    ),
    (
        "join_surge",
        "setting-join-surge",
        "setting-join-surge-hint",
        1,
        1000,
    ),
    (
        "proposals_per_day",
        "setting-proposals-per-day",
        "setting-proposals-per-day-hint",
        1,
        50,
    ),
    (
        "meeting_quorum",
        "setting-meeting-quorum",
        "setting-meeting-quorum-hint",
        0,
        100,
    ),
    (
        "meeting_names",
        "setting-meeting-names",
        "setting-meeting-names-hint",
        0,
        1,
    ),
];

/// "At least half of the 6 members vote" and "more than two thirds of the votes must be for":
/// a quorum and a threshold in percent as the sentences people read.
pub(super) fn rule_sentences(
    tr: Tr,
    quorum: u32,
    threshold: u32,
    electorate: Option<u32>,
) -> (String, String) {
    let share = |percent: u32| -> String {
        match percent {
            100 => tr.t("share-all"),
            75 => tr.t("share-three-quarters"),
            66 | 67 => tr.t("share-two-thirds"),
            50 => tr.t("share-half"),
            33 | 34 => tr.t("share-one-third"),
            25 => tr.t("share-quarter"),
            p => tr.ta("share-percent", &[("percent", p.into())]),
        }
    };
    let quorum_text = match electorate {
        None if quorum >= 100 => tr.t("quorum-sentence-all"),
        Some(n) => tr.ta(
            "quorum-sentence-of",
            &[
                ("share", share(quorum).into()),
                ("needed", (u64::from(quorum) * u64::from(n)).div_ceil(100).into()),
                ("eligible", n.into()),
            ],
        ),
        None if quorum == 0 => tr.t("quorum-sentence-none"),
        None => tr.ta("quorum-sentence", &[("share", share(quorum).into())]),
    };
    // Met when yes × 100 > (threshold − 1) × (yes + no): 51 is "more than half", 67 "two
    // thirds or more".
    let threshold_text = match threshold {
        51 => tr.t("threshold-sentence-more-than-half"),
        t if t >= 100 => tr.t("threshold-sentence-all"),
        t => tr.ta("threshold-sentence", &[("share", share(t).into())]),
    };
    (quorum_text, threshold_text)
}

pub fn settings_page(f: &Frame, v: &SettingsView) -> Markup {
    let tr = f.tr;
    let g = v.group;
    let s = v.settings;
    let e = |field: &str| v.error.filter(|(f, _)| *f == field).map(|(_, k)| k);
    let number = |name: &str, key: &str, hint: &str, value: u32, min: u32, max: u32| {
        let id = format!("f-{name}");
        html! {
            div.field.invalid[e(name).is_some()] {
                label for=(id) { (tr.t(key)) }
                p.hint { (tr.t(hint)) }
                @if let Some(k) = e(name) { p.error { (tr.t(k)) } }
                input id=(id) type="number" name=(name) value=(value) min=(min) max=(max) required disabled[!v.editable];
            }
        }
    };
    let body = html! {
        h1 { (tr.t("settings-title")) }
        (group_header(f, g, v.me, v.member_count))
        (group_nav(f, g, "settings", v.is_steward, true))
        (notice(v.notice.clone()))
        p { (tr.t(if v.by_vote { "settings-intro-vote" } else if v.editable { "settings-intro-steward" } else { "settings-intro-member" })) }
        (error_summary(v.error.map(|_| tr.t("err-form-summary"))))
        form.stack.wide method="post" action=(routes::group_sub(&g.row.slug, "settings")) {
            (csrf(f.csrf))
            @let values = serde_json::to_value(s).unwrap_or_default();
            @for (name, key, hint, min, max) in NUMBER_SETTINGS {
                (number(name, key, hint, values[*name].as_u64().unwrap_or(0) as u32, *min, *max))
            }
            // One group of fields per kind of proposal, each field with a label of its own that
            // stays visible on a phone, and what the numbers mean in words.
            h2 { (tr.t("settings-per-kind")) }
            @for kind in PROPOSAL_KINDS {
                @let quorum = s.quorum.get(*kind).copied().unwrap_or(50);
                @let threshold = s.threshold.get(*kind).copied().unwrap_or(51);
                @let (q_text, t_text) = rule_sentences(tr, quorum, threshold, None);
                fieldset.kind-rules {
                    legend { (tr.t(&format!("proposal-kind-{kind}"))) }
                    p.hint { (q_text) " " (t_text) }
                    div.field {
                        label for=(format!("f-quorum-{kind}")) { (tr.t("setting-quorum-percent")) }
                        input id=(format!("f-quorum-{kind}")) type="number" name=(format!("quorum.{kind}")) value=(quorum)
                            min=(crate::domain::group::QUORUM_MIN) max="100" disabled[!v.editable];
                    }
                    div.field {
                        label for=(format!("f-threshold-{kind}")) { (tr.t("setting-threshold-percent")) }
                        input id=(format!("f-threshold-{kind}")) type="number" name=(format!("threshold.{kind}")) value=(threshold)
                            min=(crate::domain::group::THRESHOLD_MIN) max="100" disabled[!v.editable];
                    }
                    div.field {
                        label for=(format!("f-electorate-{kind}")) { (tr.t("setting-electorate")) }
                        select id=(format!("f-electorate-{kind}")) name=(format!("electorate.{kind}")) disabled[!v.editable] {
                            @let current = s.electorate.get(*kind).copied().unwrap_or(Electorate::Members);
                            option value="members" selected[current == Electorate::Members] { (tr.t("electorate-members")) }
                            option value="stewards" selected[current == Electorate::Stewards] { (tr.t("electorate-stewards")) }
                        }
                    }
                }
            }
            @if let Some(("quorum" | "threshold" | "electorate", k)) = v.error { p.error { (tr.t(k)) } }
            @if v.editable { button.primary type="submit" { (tr.t(if v.by_vote { "settings-propose" } else { "settings-save" })) } }
        }
    };
    layout(f, &tr.t("settings-title"), body)
}

pub struct InviteLanding<'a> {
    pub group: &'a Group,
    pub code: &'a str,
    pub logged_in: bool,
    pub rules: &'a [entity::rule::Model],
}

pub fn invite_page(f: &Frame, v: &InviteLanding) -> Markup {
    let tr = f.tr;
    let g = v.group;
    let body = html! {
        h1 { (tr.ta("invite-title", &[("name", g.row.name.clone().into())])) }
        p.meta { (kind_label(tr, g.kind)) }
        @if !g.row.description_html.is_empty() { div.prose { (PreEscaped(&g.row.description_html)) } }
        (rules_before_joining(f, v.rules))
        @if v.logged_in {
            form.inline method="post" action=(routes::invite(v.code)) {
                (csrf(f.csrf))
                button.primary type="submit" { (tr.t(if v.rules.is_empty() { "invite-accept" } else { "invite-accept-agree" })) }
            }
        } @else {
            p { (tr.t("invite-login-first")) }
            p.actions {
                a.button.primary href=(routes::login_then(&routes::invite(v.code))) { (tr.t("nav-login")) }
                a.button href=(routes::register_then(&routes::invite(v.code))) { (tr.t("nav-register")) }
            }
        }
    };
    layout(
        f,
        &tr.ta("invite-title", &[("name", g.row.name.clone().into())]),
        body,
    )
}

/// The half-code a steward hands to a member in person, shown once.
pub fn vouched_page(f: &Frame, g: &Group, v: &crate::services::privacy::Vouched) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::group_sub(&g.row.slug, "members")) { (g.row.name) } }
        h1 { (tr.t("vouched-title")) }
        p { (tr.ta("vouched-intro", &[("name", v.display_name.clone().into())])) }
        p.code { code { (v.code) } }
        p { strong { (tr.t("vouched-once")) } " " (with_time(tr, "vouched-until", &[], v.expires_at)) }
        p { a href=(routes::group_sub(&g.row.slug, "members")) { (tr.t("vouched-back")) } }
    };
    layout(f, &tr.t("vouched-title"), body)
}
