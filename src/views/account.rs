//! Your account: change your password, see and end your sessions, recovery codes, your data,
//! and deleting the account.
use entity::session;
use maud::{Markup, html};

use super::components::{Area, Field, csrf, error_summary, lines, notice, time, with_time};
use super::{Frame, layout};
use crate::domain::account::{Bio, DisplayName, TimeZone};
use crate::domain::password::NewPassword;
use crate::routes;

pub struct AccountView<'a> {
    /// The people you put on "niet meer zien", with since when.
    pub muted: &'a [(entity::personal_mute::Model, entity::user::Model)],
    pub sessions: &'a [session::Model],
    /// Recent logins, newest first.
    pub logins: &'a [entity::login_event::Model],
    pub codes_left: u64,
    /// The groups the person is an active member of: `(id, address, name)`, to choose whose
    /// stewards may vouch.
    pub groups: Vec<(i32, String, String)>,
    pub retention_days: u32,
    pub current_session: i32,
    /// Which form `errors` belong to: `password`, `codes` or `delete`.
    pub form: &'static str,
    pub errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
    /// What was typed in the profile form when it comes back with an error.
    pub profile: Option<ProfileDraft>,
}

/// The profile form as it was sent.
#[derive(Debug, Default)]
pub struct ProfileDraft {
    pub display_name: String,
    pub bio: String,
    pub time_zone: String,
}

pub fn account_page(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("account-title")) }
        (notice(v.notice.clone()))
        @if let Some(u) = f.user {
            @if u.is_admin { p { a href=(routes::ADMIN) { (tr.t("account-admin-link")) } } }
        }
        (profile(f, v))
        p { a href=(routes::GOALS) { (tr.t("goals-title")) } " · " (tr.t("goals-link-hint")) }
        p { a href=(routes::ACCOUNT_NETWORK) { (tr.t("network-title")) } " · " (tr.t("network-link-hint")) }
        p { a href=(routes::ACCOUNT_CONVERSATIONS) { (tr.t("conversations-title")) } }
        (chat_settings(f))
        (muted(f, v))
        (password(f, v))
        (sessions(f, v))
        (logins(f, v))
        (codes(f, v))
        (vouching(f, v))
        (your_data(f))
        (delete(f, v))
    };
    layout(f, &tr.t("account-title"), body)
}

/// Who you are to others: the name they see, a short text on your profile page, and the time
/// zone your times are shown in.
fn profile(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    let Some(u) = f.user else { return html! {} };
    let err = |field: &str| {
        (v.form == "profile")
            .then(|| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k))
            .flatten()
    };
    let summary = (v.form == "profile" && !v.errors.is_empty()).then(|| tr.t("err-form-summary"));
    let zone = TimeZone::of(u.time_zone.as_deref()).name().to_owned();
    let (name, bio, zone) = match &v.profile {
        Some(d) => (d.display_name.as_str(), d.bio.as_str(), d.time_zone.clone()),
        None => (u.display_name.as_str(), u.bio.as_str(), zone),
    };
    html! {
        section aria-labelledby="profile-h" {
            h2 #profile-h { (tr.t("profile-settings-title")) }
            dl.facts {
                dt { (tr.t("field-username")) } dd { (u.username) }
            }
            p { a href=(routes::user(&u.username)) { (tr.t("profile-see-own")) } }
            (error_summary(summary))
            form.stack method="post" action=(routes::ACCOUNT_PROFILE) novalidate {
                (csrf(f.csrf))
                (Field { name: "display_name", label: tr.t("field-display-name"), kind: "text",
                    value: name, autocomplete: "nickname", hint: Some(tr.t("hint-display-name-change")),
                    error: err("display_name"), required: true, maxlength: DisplayName::MAX }.render(tr))
                (Area { name: "bio", label: tr.t("field-bio"), value: bio, hint: Some(tr.t("hint-bio")),
                    error: err("bio"), required: false, maxlength: Bio::MAX, rows: 3 }.render(tr))
                div.field.invalid[err("time_zone").is_some()] {
                    label for="f-time-zone" { (tr.t("field-time-zone")) }
                    p.hint #f-time-zone-hint { (tr.t("hint-time-zone")) }
                    @if let Some(e) = err("time_zone") { p.error #f-time-zone-error { (tr.t(e)) } }
                    select #f-time-zone name="time_zone" aria-describedby="f-time-zone-hint" {
                        @for z in TimeZone::choices(&zone) {
                            option value=(z) selected[z == zone] { (z) }
                        }
                    }
                }
                button.primary type="submit" { (tr.t("save")) }
            }
        }
    }
}

/// How the chat behaves for you.
fn chat_settings(f: &Frame) -> Markup {
    let tr = f.tr;
    html! {
        @if let Some(u) = f.user {
            section aria-labelledby="chat-settings-h" {
                h2 #chat-settings-h { (tr.t("chat-settings-title")) }
                form.stack method="post" action=(routes::ACCOUNT_CHAT) {
                    (csrf(f.csrf))
                    div.check {
                        input #f-typing type="checkbox" name="typing_signal" value="on" checked[u.typing_signal];
                        label for="f-typing" { (tr.t("field-typing-signal")) }
                    }
                    button type="submit" { (tr.t("save")) }
                }
            }
        }
    }
}

/// The people you muted, each with a way back.
fn muted(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    html! {
        section aria-labelledby="muted-h" {
            h2 #muted-h { (tr.t("muted-title")) }
            p { (tr.t("muted-intro")) }
            @if v.muted.is_empty() {
                p { (tr.t("muted-empty")) }
            } @else {
                ul.cards {
                    @for (m, u) in v.muted {
                        li {
                            (u.display_name) " (" (u.username) ") · " (with_time(tr, "muted-since", &[], m.created_at))
                            form.inline method="post" action=(routes::user_unmute(&u.username)) {
                                (csrf(f.csrf))
                                button type="submit" { (tr.ta("unmute-button", &[("name", u.display_name.clone().into())])) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Changing your password.
fn password(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let summary = |form: &str| (v.form == form && !v.errors.is_empty()).then(|| tr.t("err-form-summary"));
    html! {
        section aria-labelledby="password-h" {
            h2 #password-h { (tr.t("password-title")) }
            p { (tr.t("password-intro")) }
            (error_summary(summary("password")))
            form.stack method="post" action=(routes::ACCOUNT_PASSWORD) novalidate {
                (csrf(f.csrf))
                (Field { name: "current_password", label: tr.t("field-current-password"), kind: "password",
                    value: "", autocomplete: "current-password", hint: None, error: err("current_password"),
                    required: true, maxlength: NewPassword::MAX }.render(tr))
                (Field { name: "new_password", label: tr.t("field-new-password"), kind: "password",
                    value: "", autocomplete: "new-password", hint: Some(tr.t("hint-password")),
                    error: err("new_password"), required: true, maxlength: NewPassword::MAX }.render(tr))
                button.primary type="submit" { (tr.t("password-submit")) }
            }
        }
    }
}

/// Where you are logged in, each with a way to end it.
fn sessions(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    html! {
        section aria-labelledby="sessions-h" {
            h2 #sessions-h { (tr.t("sessions-title")) }
            p { (tr.t("sessions-intro")) }
            ul.sessions {
                @for s in v.sessions {
                    li {
                        span {
                            (with_time(tr, "session-started", &[], s.created_at)) ", "
                            (with_time(tr, "session-seen", &[], s.last_seen_at))
                        }
                        @if s.id == v.current_session {
                            strong { " " (tr.t("session-this-one")) }
                        } @else {
                            form.inline method="post" action=(routes::account_session_end(s.id)) {
                                (csrf(f.csrf))
                                button type="submit" { (tr.t("session-end")) }
                            }
                        }
                        @if s.shared { " " (tr.t("session-shared")) }
                    }
                }
            }
        }
    }
}

/// Recent logins, for spotting someone else.
fn logins(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    html! {
        section aria-labelledby="logins-h" {
            h2 #logins-h { (tr.t("logins-title")) }
            p { (tr.ta("logins-intro", &[("days", v.retention_days.into())])) }
            ul.sessions {
                @for l in v.logins {
                    li {
                        (time(tr, l.at, false)) " · " (tr.t(login_key(&l.kind)))
                        @if let Some(ip) = &l.ip { " · " (tr.ta("login-from", &[("ip", ip.clone().into())])) }
                    }
                }
            }
        }
    }
}

/// Recovery codes: how many are left, and new ones.
fn codes(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let summary = |form: &str| (v.form == form && !v.errors.is_empty()).then(|| tr.t("err-form-summary"));
    html! {
        section aria-labelledby="codes-h" {
            h2 #codes-h { (tr.t("codes-title")) }
            p { (tr.ta("codes-left", &[("count", v.codes_left.into())])) }
            (error_summary(summary("codes")))
            form.stack method="post" action=(routes::ACCOUNT_CODES) novalidate {
                (csrf(f.csrf))
                (Field { name: "codes_password", label: tr.t("field-current-password"), kind: "password",
                    value: "", autocomplete: "current-password", hint: None, error: err("codes_password").filter(|_| v.form == "codes"),
                    required: true, maxlength: NewPassword::MAX }.render(tr))
                button type="submit" { (tr.t("codes-renew")) }
            }
        }
    }
}

/// A group that may help you back into your account.
fn vouching(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    html! {
        @if let Some(u) = f.user {
            section aria-labelledby="vouch-h" {
                h2 #vouch-h { (tr.t("vouch-title")) }
                p { (tr.t("vouch-intro")) }
                form.stack method="post" action=(routes::ACCOUNT_VOUCH) {
                    (csrf(f.csrf))
                    div.field {
                        label for="f-vouch" { (tr.t("field-vouch-group")) }
                        select #f-vouch name="vouch_group" {
                            option value="" selected[!u.vouch_reset] { (tr.t("vouch-group-none")) }
                            @for (id, slug, name) in &v.groups {
                                option value=(slug) selected[u.vouch_reset && u.vouch_group_id == Some(*id)] { (name) }
                            }
                        }
                    }
                    button type="submit" { (tr.t("save")) }
                }
            }
        }
    }
}

/// Your data as a file.
fn your_data(f: &Frame) -> Markup {
    let tr = f.tr;
    html! {
        section aria-labelledby="data-h" {
            h2 #data-h { (tr.t("data-title")) }
            p { (tr.t("data-intro")) }
            p {
                a.button href=(routes::ACCOUNT_DATA) { (tr.t("data-read")) } " "
                a href=(routes::ACCOUNT_EXPORT) download { (tr.t("data-download")) }
            }
        }
    }
}

/// Deleting your account, with or without your words.
fn delete(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let summary = |form: &str| (v.form == form && !v.errors.is_empty()).then(|| tr.t("err-form-summary"));
    html! {
        section aria-labelledby="delete-h" {
            h2 #delete-h { (tr.t("delete-title")) }
            p { (tr.t("delete-intro")) }
            (error_summary(summary("delete")))
            form.stack method="post" action=(routes::ACCOUNT_DELETE) novalidate {
                (csrf(f.csrf))
                (content_choice(tr, "f", err("content").filter(|_| v.form == "delete")))
                (Field { name: "delete_password", label: tr.t("field-current-password"), kind: "password",
                    value: "", autocomplete: "current-password", hint: None, error: err("delete_password").filter(|_| v.form == "delete"),
                    required: true, maxlength: NewPassword::MAX }.render(tr))
                button.danger type="submit" { (tr.t("delete-submit")) }
            }
        }
    }
}

fn login_key(kind: &str) -> &'static str {
    match kind {
        "password" => "login-kind-password",
        "recovery_code" => "login-kind-recovery-code",
        "vouched_reset" => "login-kind-vouched",
        _ => "login-kind-refused",
    }
}

/// Deleting an account: keep its posts without a name, or erase them. `prefix` keeps the ids
/// apart when two such forms could share a page.
pub fn content_choice(tr: crate::i18n::Tr, prefix: &str, error: Option<&'static str>) -> Markup {
    let error_id = format!("{prefix}-content-error");
    html! {
        fieldset.field.invalid[error.is_some()] aria-describedby=[error.map(|_| error_id.as_str())] {
            legend { (tr.t("delete-content")) }
            @if let Some(k) = error { p.error id=(error_id) { (tr.t(k)) } }
            div.check {
                input id=(format!("{prefix}-keep")) type="radio" name="content" value="keep";
                label for=(format!("{prefix}-keep")) { (tr.t("delete-keep")) }
            }
            div.check {
                input id=(format!("{prefix}-erase")) type="radio" name="content" value="erase";
                label for=(format!("{prefix}-erase")) { (tr.t("delete-erase")) }
            }
        }
    }
}

/// A person's profile: the name they chose, what they wrote about themselves, and the groups
/// you share with them. Nothing else: no activity, no dates, no other groups.
pub fn profile_page(f: &Frame, p: &crate::services::accounts::Profile) -> Markup {
    let tr = f.tr;
    let u = &p.user;
    let body = html! {
        h1 { (u.display_name) }
        p.meta { "@" (u.username) }
        @if u.bio.is_empty() {
            @if p.own { p.empty { (tr.t("profile-no-bio-own")) } }
        } @else {
            (lines("bio", &u.bio))
        }
        section aria-labelledby="shared-h" {
            h2 #shared-h { (if p.own { tr.t("profile-your-groups") } else { tr.t("profile-shared-groups") }) }
            @if p.shared.is_empty() {
                p.empty { (tr.t("profile-no-groups")) }
            } @else {
                ul { @for g in &p.shared { li { a href=(routes::group(&g.slug)) { (g.name) } } } }
            }
        }
        @if p.own {
            p { a href=(format!("{}#profile-h", routes::ACCOUNT)) { (tr.t("profile-edit-link")) } }
        } @else {
            p.hint { (tr.t("profile-only-shared")) }
            section aria-labelledby="block-h" {
                h2 #block-h { (tr.t("block-title")) }
                p.hint #block-hint { (tr.t("block-hint")) }
                form.inline method="post" action=(routes::account_block(&u.username)) {
                    (csrf(f.csrf))
                    input type="hidden" name="block" value=(if p.blocked { "0" } else { "1" });
                    input type="hidden" name="next" value=(format!("/u/{}", u.username));
                    button type="submit" aria-describedby="block-hint" {
                        (tr.ta(if p.blocked { "unblock-person" } else { "block-person" }, &[("name", u.display_name.clone().into())]))
                    }
                }
            }
        }
    };
    layout(f, &u.display_name, body)
}

/// Your data as a page to read and print: everything the JSON file holds, in your language,
/// with times in your time zone. Nothing of anyone else's.
pub fn data_page(f: &Frame, e: &crate::services::privacy::Export) -> Markup {
    let tr = f.tr;
    let a = &e.account;
    let choice = |c: &str| match c {
        "yes" => tr.t("vote-yes"),
        "no" => tr.t("vote-no"),
        _ => tr.t("vote-abstain"),
    };
    let text = |t: &str| lines("export-text", t);
    // A post's or message's state in words; visible ones say nothing.
    let state = |status: &str| match status {
        "visible" => None,
        "deleted" => Some(tr.t("data-status-deleted")),
        "hidden" => Some(tr.t("data-status-hidden")),
        _ => Some(tr.t("data-status-removed")),
    };
    let body = html! {
        p.crumbs.no-print { a href=(routes::ACCOUNT) { (tr.t("account-title")) } }
        h1 { (tr.t("data-page-title")) }
        p { (with_time(tr, "data-page-made", &[], e.exported_at)) }
        p.hint.no-print { (tr.t("data-page-print")) " " a href=(routes::ACCOUNT_EXPORT) download { (tr.t("data-download")) } }
        section aria-labelledby="d-account" {
            h2 #d-account { (tr.t("data-account")) }
            dl.facts {
                dt { (tr.t("field-username")) } dd { (a.username) }
                dt { (tr.t("field-display-name")) } dd { (a.display_name) }
                dt { (tr.t("field-bio")) } dd { @if a.bio.is_empty() { "–" } @else { (text(&a.bio)) } }
                dt { (tr.t("data-since")) } dd { (time(tr, a.created_at, false)) }
                dt { (tr.t("data-password-changed")) } dd { (time(tr, a.password_changed_at, false)) }
                dt { (tr.t("field-time-zone")) } dd { (a.time_zone.clone().unwrap_or_else(|| TimeZone::DEFAULT.name().to_owned())) }
                dt { (tr.t("data-recovery-codes")) } dd { (e.recovery_codes_left) }
            }
        }
        section aria-labelledby="d-groups" {
            h2 #d-groups { (tr.t("data-groups")) " (" (e.memberships.len()) ")" }
            ul { @for m in &e.memberships {
                li { strong { (m.group) } " · " (tr.t(if m.role == "steward" { "role-steward" } else { "data-role-member" })) " · " (tr.t(match m.status.as_str() { "pending" => "status-pending", "suspended" => "status-suspended", _ => "data-status-active" })) " · " (time(tr, m.since, false)) }
            } }
            @for s in &e.sanctions {
                p { (s.group) ": " (tr.t(&format!("sanction-{}", s.kind))) " · " (time(tr, s.starts_at, false)) }
            }
        }
        section aria-labelledby="d-posts" {
            h2 #d-posts { (tr.t("data-posts")) " (" (e.posts.len()) ")" }
            @for t in &e.threads {
                p { (tr.t("data-thread-started")) " " strong { (t.title) } " · " (t.group) " · " (time(tr, t.created_at, false)) }
            }
            ol.export-list { @for p in &e.posts {
                li {
                    p.meta { (p.group) " · " (time(tr, p.created_at, false)) @if let Some(st) = state(&p.status) { " · " (st) } }
                    (text(&p.body))
                    @if !p.revisions.is_empty() { p.hint { (tr.ta("data-revisions", &[("count", p.revisions.len().into())])) } }
                }
            } }
        }
        section aria-labelledby="d-chat" {
            h2 #d-chat { (tr.t("data-chat")) " (" (e.chat_messages.len()) ")" }
            ol.export-list { @for m in &e.chat_messages {
                li { p.meta { (m.group) " · " (time(tr, m.created_at, false)) @if let Some(st) = state(&m.status) { " · " (st) } } (text(&m.body)) }
            } }
        }
        section aria-labelledby="d-decisions" {
            h2 #d-decisions { (tr.t("data-decisions")) }
            ul {
                @for p in &e.proposals { li { (tr.t("data-proposed")) " " strong { (p.title) } " · " (p.group) " · " (time(tr, p.opened_at, false)) } }
                @for b in &e.ballots { li { (tr.ta("data-ballot", &[("choice", choice(&b.choice).into())])) " · " (b.group) " · " (time(tr, b.cast_at, false)) } }
                @for fl in &e.flags { li { (tr.t("data-flagged")) " · " (fl.group) " · " (time(tr, fl.created_at, false)) @if let Some(r) = &fl.reason { ": " (r) } } }
                @for r in &e.case_responses { li { (tr.t("data-response")) " · " (r.group) ": " (r.response) } }
            }
        }
        section aria-labelledby="d-sessions" {
            h2 #d-sessions { (tr.t("data-sessions")) }
            ul {
                @for s in &e.sessions { li { (with_time(tr, "session-started", &[], s.created_at)) ", " (with_time(tr, "session-seen", &[], s.last_seen_at)) } }
                @for l in &e.logins { li { (time(tr, l.at, false)) " · " (l.ip.clone().unwrap_or_default()) " · " (tr.t(login_key(&l.kind))) } }
            }
            @if !e.muted.is_empty() { p { (tr.t("muted-title")) ": " (e.muted.join(", ")) } }
            @for act in &e.admin_actions { p { (time(tr, act.at, false)) " · " (tr.t(super::admin::action_key(&act.action))) } }
        }
    };
    layout(f, &tr.t("data-page-title"), body)
}
