//! The instance admin's page: export or remove an account on request, and the admin's log.
use entity::admin_log;
use maud::{Markup, html};

use super::components::{Area, Field, csrf, error_summary, notice, time, with_time};
use super::groups::radios;
use super::{Frame, layout};
use crate::domain::account::Username;
use crate::domain::instance::{self, InstanceSettings, RegistrationMode};
use crate::routes;
use crate::services::admin::{AccountRow, GroupRow};
use entity::{instance_invite, user};

pub struct AdminView<'a> {
    pub log: &'a [admin_log::Model],
    pub username: &'a str,
    pub reason: &'a str,
    pub errors: Vec<(&'static str, &'static str)>,
    /// The export form as typed, and its problems.
    pub export_username: &'a str,
    pub export_reason: &'a str,
    pub export_errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

/// The catalogue key for an admin's act as the log stores it (also shown in a person's own data).
pub(super) fn action_key(action: &str) -> &'static str {
    match action {
        "account_exported" => "admin-log-exported",
        "account_removed_erased" => "admin-log-removed-erased",
        "account_suspended" => "admin-log-suspended",
        "account_unsuspended" => "admin-log-unsuspended",
        "application_approved" => "admin-log-approved",
        "application_rejected" => "admin-log-rejected",
        "group_closed" => "admin-log-group-closed",
        "group_reopened" => "admin-log-group-reopened",
        "settings_changed" => "admin-log-settings",
        _ => "admin-log-removed",
    }
}

pub fn admin_page(f: &Frame, v: &AdminView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let export_err = |field: &str| v.export_errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let body = html! {
        h1 { (tr.t("admin-title")) }
        (admin_nav(f))
        (notice(v.notice.clone()))
        p { (tr.t("admin-intro")) }
        section aria-labelledby="admin-export-h" {
            h2 #admin-export-h { (tr.t("admin-export-title")) }
            p { (tr.t("admin-export-intro")) }
            (error_summary((!v.export_errors.is_empty()).then(|| tr.t("err-form-summary"))))
            form.stack method="post" action=(routes::ADMIN_EXPORT) novalidate {
                (csrf(f.csrf))
                (Field { name: "export_username", label: tr.t("field-username"), kind: "text", value: v.export_username,
                    autocomplete: "off", hint: None, error: export_err("username"), required: true, maxlength: Username::MAX }.render(tr))
                (Field { name: "export_reason", label: tr.t("field-admin-reason"), kind: "text", value: v.export_reason,
                    autocomplete: "off", hint: Some(tr.t("hint-admin-reason")), error: export_err("reason"), required: true,
                    maxlength: crate::services::privacy::REASON_MAX }.render(tr))
                button type="submit" { (tr.t("admin-export-submit")) }
            }
        }
        section aria-labelledby="admin-remove-h" {
            h2 #admin-remove-h { (tr.t("admin-remove-title")) }
            p { (tr.t("admin-remove-intro")) }
            (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
            form.stack method="post" action=(routes::ADMIN_REMOVE) novalidate {
                (csrf(f.csrf))
                (Field { name: "remove_username", label: tr.t("field-username"), kind: "text", value: v.username,
                    autocomplete: "off", hint: None, error: err("username"), required: true, maxlength: Username::MAX }.render(tr))
                (super::account::content_choice(tr, "f-admin", err("content")))
                (Field { name: "reason", label: tr.t("field-admin-reason"), kind: "text", value: v.reason,
                    autocomplete: "off", hint: Some(tr.t("hint-admin-reason")), error: err("reason"), required: true,
                    maxlength: crate::services::privacy::REASON_MAX }.render(tr))
                button.danger type="submit" { (tr.t("admin-remove-submit")) }
            }
        }
        section aria-labelledby="admin-log-h" {
            h2 #admin-log-h { (tr.t("admin-log-title")) }
            @if v.log.is_empty() {
                p { (tr.t("admin-log-empty")) }
            } @else {
                ol.log reversed {
                    @for e in v.log {
                        li {
                            (time(tr, e.at, false)) " · "
                            strong { (tr.ta(action_key(&e.action), &[("id", e.account_id.or(e.group_id).unwrap_or_default().into())])) }
                            @if let Some(r) = &e.reason { " · " (r) }
                        }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("admin-title"), body)
}

/// The admin's pages, linked from each of them.
fn admin_nav(f: &Frame) -> Markup {
    let tr = f.tr;
    let links = [
        (routes::ADMIN, "admin-nav-home"),
        (routes::ADMIN_SETTINGS, "admin-nav-settings"),
        (routes::ADMIN_ACCOUNTS, "admin-nav-accounts"),
        (routes::ADMIN_GROUPS, "admin-nav-groups"),
        (routes::ADMIN_INVITES, "admin-nav-invites"),
    ];
    html! {
        nav.group-nav aria-label=(tr.t("admin-nav-label")) {
            ul {
                @for (href, key) in links {
                    li { a href=(href) aria-current=[(f.path == href).then_some("page")] { (tr.t(key)) } }
                }
            }
        }
    }
}

/// The settings form as typed: shown again, with its problems, when something was wrong.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct SettingsForm {
    pub name: String,
    pub description: String,
    pub rules: String,
    pub crisis_contacts: String,
    pub default_locale: String,
    pub registration: String,
    pub approval_question: String,
    pub login_retention_days: String,
    pub new_account_days: String,
    pub new_posts_per_day: String,
    pub new_threads_per_day: String,
    pub new_groups_per_day: String,
    pub new_invites_per_day: String,
    pub new_links_per_post: String,
    pub duplicate_minutes: String,
    pub vouch_steward_days: String,
    pub vouch_member_days: String,
    pub vouch_wait_hours: String,
}

/// The number fields of the settings form: name, label key, hint key.
pub const NUMBER_FIELDS: [(&str, &str, &str); 11] = [
    (
        "login_retention_days",
        "field-login-retention",
        "hint-login-retention",
    ),
    (
        "new_account_days",
        "field-new-account-days",
        "hint-new-account-days",
    ),
    ("new_posts_per_day", "field-new-posts", "hint-per-day"),
    ("new_threads_per_day", "field-new-threads", "hint-per-day"),
    ("new_groups_per_day", "field-new-groups", "hint-per-day"),
    ("new_invites_per_day", "field-new-invites", "hint-per-day"),
    ("new_links_per_post", "field-new-links", "hint-new-links"),
    (
        "duplicate_minutes",
        "field-duplicate-minutes",
        "hint-duplicate-minutes",
    ),
    (
        "vouch_steward_days",
        "field-vouch-steward-days",
        "hint-vouch-steward-days",
    ),
    (
        "vouch_member_days",
        "field-vouch-member-days",
        "hint-vouch-member-days",
    ),
    (
        "vouch_wait_hours",
        "field-vouch-wait-hours",
        "hint-vouch-wait-hours",
    ),
];

impl SettingsForm {
    pub fn of(s: &InstanceSettings) -> Self {
        Self {
            name: s.name.clone(),
            description: s.description.clone(),
            rules: s.rules.clone(),
            crisis_contacts: crate::domain::instance::contacts_text(&s.crisis_contacts),
            default_locale: s.default_locale.clone(),
            registration: s.registration.code().into(),
            approval_question: s.approval_question.clone(),
            login_retention_days: s.login_retention_days.to_string(),
            new_account_days: s.new_account_days.to_string(),
            new_posts_per_day: s.new_posts_per_day.to_string(),
            new_threads_per_day: s.new_threads_per_day.to_string(),
            new_groups_per_day: s.new_groups_per_day.to_string(),
            new_invites_per_day: s.new_invites_per_day.to_string(),
            new_links_per_post: s.new_links_per_post.to_string(),
            duplicate_minutes: s.duplicate_minutes.to_string(),
            vouch_steward_days: s.vouch_steward_days.to_string(),
            vouch_member_days: s.vouch_member_days.to_string(),
            vouch_wait_hours: s.vouch_wait_hours.to_string(),
        }
    }

    pub fn number(&self, name: &str) -> &str {
        match name {
            "login_retention_days" => &self.login_retention_days,
            "new_account_days" => &self.new_account_days,
            "new_posts_per_day" => &self.new_posts_per_day,
            "new_threads_per_day" => &self.new_threads_per_day,
            "new_groups_per_day" => &self.new_groups_per_day,
            "new_invites_per_day" => &self.new_invites_per_day,
            "new_links_per_post" => &self.new_links_per_post,
            "vouch_steward_days" => &self.vouch_steward_days,
            "vouch_member_days" => &self.vouch_member_days,
            "vouch_wait_hours" => &self.vouch_wait_hours,
            _ => &self.duplicate_minutes,
        }
    }

    /// The settings this form asks for; numbers that are no numbers and an unknown mode are
    /// reported with the rest when the settings are checked.
    pub fn parse(&self) -> (InstanceSettings, Vec<(&'static str, &'static str)>) {
        let mut errors = Vec::new();
        let mut num = |field: &'static str, raw: &str| match raw.trim().parse::<u32>() {
            Ok(n) => n,
            Err(_) => {
                errors.push((field, "err-number-range"));
                0
            }
        };
        let defaults = InstanceSettings::default();
        fn or_default(
            num: &mut impl FnMut(&'static str, &str) -> u32,
            field: &'static str,
            raw: &str,
            default: u32,
        ) -> u32 {
            if raw.trim().is_empty() {
                default
            } else {
                num(field, raw)
            }
        }
        let s = InstanceSettings {
            name: self.name.clone(),
            description: self.description.clone(),
            rules: self.rules.clone(),
            crisis_contacts: crate::domain::instance::parse_contacts(&self.crisis_contacts),
            default_locale: self.default_locale.clone(),
            registration: RegistrationMode::parse(&self.registration).unwrap_or_default(),
            approval_question: self.approval_question.clone(),
            login_retention_days: num("login_retention_days", &self.login_retention_days),
            new_account_days: num("new_account_days", &self.new_account_days),
            new_posts_per_day: num("new_posts_per_day", &self.new_posts_per_day),
            new_threads_per_day: num("new_threads_per_day", &self.new_threads_per_day),
            new_groups_per_day: num("new_groups_per_day", &self.new_groups_per_day),
            new_invites_per_day: num("new_invites_per_day", &self.new_invites_per_day),
            new_links_per_post: num("new_links_per_post", &self.new_links_per_post),
            duplicate_minutes: num("duplicate_minutes", &self.duplicate_minutes),
            // Left empty (an older form): the default.
            vouch_steward_days: or_default(
                &mut num,
                "vouch_steward_days",
                &self.vouch_steward_days,
                defaults.vouch_steward_days,
            ),
            vouch_member_days: or_default(
                &mut num,
                "vouch_member_days",
                &self.vouch_member_days,
                defaults.vouch_member_days,
            ),
            vouch_wait_hours: or_default(
                &mut num,
                "vouch_wait_hours",
                &self.vouch_wait_hours,
                defaults.vouch_wait_hours,
            ),
        };
        if RegistrationMode::parse(&self.registration).is_none() {
            errors.push(("registration", "err-choose-one"));
        }
        (s, errors)
    }
}

pub struct SettingsView<'a> {
    pub form: &'a SettingsForm,
    pub errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

pub fn settings_page(f: &Frame, v: &SettingsView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let modes: Vec<(&str, String, String)> = RegistrationMode::ALL
        .iter()
        .map(|m| {
            (
                m.code(),
                tr.t(&format!("mode-{}", m.code())),
                tr.ta(super::auth::mode_key(*m), &[("site", f.site.name.clone().into())]),
            )
        })
        .collect();
    let body = html! {
        h1 { (tr.t("admin-settings-title")) }
        (admin_nav(f))
        (notice(v.notice.clone()))
        (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
        form.stack method="post" action=(routes::ADMIN_SETTINGS) novalidate {
            (csrf(f.csrf))
            (Field { name: "name", label: tr.t("field-site-name"), kind: "text", value: &v.form.name,
                autocomplete: "off", hint: None, error: err("name"), required: true, maxlength: instance::NAME_MAX }.render(tr))
            (Area { name: "description", label: tr.t("field-site-description"), value: &v.form.description,
                hint: Some(tr.t("hint-site-description")), error: err("description"), required: false,
                maxlength: instance::DESCRIPTION_MAX, rows: 2 }.render(tr))
            (Area { name: "rules", label: tr.t("field-site-rules"), value: &v.form.rules,
                hint: Some(tr.t("hint-site-rules")), error: err("rules"), required: false,
                maxlength: instance::RULES_MAX, rows: 8 }.render(tr))
            (Area { name: "crisis_contacts", label: tr.t("field-crisis-contacts"), value: &v.form.crisis_contacts,
                hint: Some(tr.t("hint-crisis-contacts")), error: err("crisis_contacts"), required: false,
                maxlength: 2_000, rows: 4 }.render(tr))
            (radios(tr, "default_locale", tr.t("field-default-locale"), &[
                ("nl", "Nederlands".into(), String::new()),
                ("en", "English".into(), String::new()),
            ], &v.form.default_locale, err("default_locale")))
            (radios(tr, "registration", tr.t("field-registration"), &modes, &v.form.registration, err("registration")))
            (Area { name: "approval_question", label: tr.t("field-approval-question"), value: &v.form.approval_question,
                hint: Some(tr.t("hint-approval-question")), error: err("approval_question"), required: false,
                maxlength: instance::QUESTION_MAX, rows: 2 }.render(tr))
            fieldset.field {
                legend { (tr.t("admin-limits-title")) }
                p.hint { (tr.t("admin-limits-intro")) }
                @for (name, label, hint) in NUMBER_FIELDS {
                    (Field { name, label: tr.t(label), kind: "number", value: v.form.number(name),
                        autocomplete: "off", hint: Some(tr.t(hint)), error: err(name), required: true, maxlength: 6 }.render(tr))
                }
            }
            button.primary type="submit" { (tr.t("admin-settings-submit")) }
        }
    };
    layout(f, &tr.t("admin-settings-title"), body)
}

pub struct AccountsView<'a> {
    pub q: &'a str,
    pub page: u64,
    pub rows: &'a [AccountRow],
    pub applications: &'a [user::Model],
    pub errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

fn pager(f: &Frame, base: &str, q: &str, page: u64, full: bool) -> Markup {
    let tr = f.tr;
    let href = |p: u64| {
        format!(
            "{base}?{}",
            serde_urlencoded::to_string([("q", q), ("page", &p.to_string())]).unwrap_or_default()
        )
    };
    html! {
        nav.pager aria-label=(tr.t("pager-label")) {
            @if page > 0 { a href=(href(page - 1)) rel="prev" { (tr.t("pager-prev")) } }
            @if full { " " a href=(href(page + 1)) rel="next" { (tr.t("pager-next")) } }
        }
    }
}

fn search_form(f: &Frame, action: &str, label: String, q: &str) -> Markup {
    let tr = f.tr;
    html! {
        form.search method="get" action=(action) role="search" {
            label for="f-q" { (label) }
            input #f-q type="search" name="q" value=(q) maxlength=(crate::services::admin::QUERY_MAX);
            button type="submit" { (tr.t("search-submit")) }
        }
    }
}

fn reason_form(
    f: &Frame,
    action: &str,
    id: &str,
    submit: String,
    danger: bool,
    error: Option<&'static str>,
) -> Markup {
    let tr = f.tr;
    html! {
        form.stack.inline-reason method="post" action=(action) novalidate {
            (csrf(f.csrf))
            (Field { name: "reason", label: tr.t("field-admin-reason"), kind: "text", value: "",
                autocomplete: "off", hint: None, error, required: true, maxlength: crate::services::privacy::REASON_MAX }
                .render_with_id(tr, id))
            button.danger[danger] type="submit" { (submit) }
        }
    }
}

fn button_form(f: &Frame, action: &str, submit: String, danger: bool) -> Markup {
    html! {
        form.inline method="post" action=(action) {
            (csrf(f.csrf))
            button.danger[danger] type="submit" { (submit) }
        }
    }
}

pub fn accounts_page(f: &Frame, v: &AccountsView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let body = html! {
        h1 { (tr.t("admin-accounts-title")) }
        (admin_nav(f))
        (notice(v.notice.clone()))
        (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
        @if !v.applications.is_empty() {
            section aria-labelledby="applications-h" {
                h2 #applications-h { (tr.t("admin-applications-title")) }
                p { (tr.ta("admin-applications-question", &[("question", f.site.approval_question.clone().into())])) }
                ul.cards {
                    @for a in v.applications {
                        li {
                            h3 { (a.display_name) " (" (a.username) ")" }
                            p.meta { (time(tr, a.created_at, false)) }
                            blockquote { p { (a.pending_answer.clone().unwrap_or_default()) } }
                            (button_form(f, &routes::admin_account(&a.username, "approve"), tr.t("admin-approve"), false))
                            " "
                            (button_form(f, &routes::admin_account(&a.username, "reject"), tr.t("admin-reject"), true))
                        }
                    }
                }
            }
        }
        section aria-labelledby="accounts-h" {
            h2 #accounts-h { (tr.t("admin-accounts-list")) }
            (search_form(f, routes::ADMIN_ACCOUNTS, tr.t("admin-accounts-search"), v.q))
            @if v.rows.is_empty() {
                p { (tr.t("admin-none-found")) }
            } @else {
                table.list {
                    caption.visually-hidden { (tr.t("admin-accounts-list")) }
                    thead { tr {
                        th scope="col" { (tr.t("col-account")) }
                        th scope="col" { (tr.t("col-since")) }
                        th scope="col" { (tr.t("col-activity")) }
                        th scope="col" { (tr.t("col-status")) }
                    } }
                    tbody {
                        @for r in v.rows {
                            tr {
                                th scope="row" { (r.user.display_name) br; span.meta { (r.user.username) } }
                                td { (time(tr, r.user.created_at, true)) }
                                td { (tr.ta("admin-account-counts", &[("posts", r.counts.posts.into()), ("messages", r.counts.messages.into()), ("groups", r.counts.groups.into())])) }
                                td {
                                    @if r.user.is_admin { (tr.t("acct-status-admin")) }
                                    @else if r.user.pending_answer.is_some() { (tr.t("acct-status-pending")) }
                                    @else if r.user.suspended_at.is_some() {
                                        strong { (tr.t("acct-status-suspended")) }
                                        @if let Some(reason) = &r.user.suspended_reason { br; span.meta { (reason) } }
                                        (button_form(f, &routes::admin_account(&r.user.username, "unsuspend"), tr.t("admin-unsuspend"), false))
                                    } @else {
                                        (tr.t("acct-status-active"))
                                        details {
                                            summary { (tr.t("admin-suspend")) }
                                            (reason_form(f, &routes::admin_account(&r.user.username, "suspend"),
                                                &format!("f-reason-{}", r.user.id), tr.t("admin-suspend-submit"), true, err("reason")))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            (pager(f, routes::ADMIN_ACCOUNTS, v.q, v.page, v.rows.len() as u64 == crate::db::instance::PAGE))
        }
    };
    layout(f, &tr.t("admin-accounts-title"), body)
}

pub struct GroupsView<'a> {
    pub q: &'a str,
    pub page: u64,
    pub rows: &'a [GroupRow],
    pub errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

pub fn groups_page(f: &Frame, v: &GroupsView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let body = html! {
        h1 { (tr.t("admin-groups-title")) }
        (admin_nav(f))
        (notice(v.notice.clone()))
        (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
        p { (tr.t("admin-groups-intro")) }
        (search_form(f, routes::ADMIN_GROUPS, tr.t("admin-groups-search"), v.q))
        @if v.rows.is_empty() {
            p { (tr.t("admin-none-found")) }
        } @else {
            table.list {
                caption.visually-hidden { (tr.t("admin-groups-title")) }
                thead { tr {
                    th scope="col" { (tr.t("col-group")) }
                    th scope="col" { (tr.t("col-since")) }
                    th scope="col" { (tr.t("col-activity")) }
                    th scope="col" { (tr.t("col-status")) }
                } }
                tbody {
                    @for r in v.rows {
                        @let g = &r.group.row;
                        tr {
                            th scope="row" { (g.name) br; span.meta { (g.slug) " · " (tr.t(&format!("visibility-{}", g.visibility))) } }
                            td { (time(tr, g.created_at, true)) }
                            td { (tr.ta("admin-group-counts", &[("members", r.counts.members.into()), ("threads", r.counts.threads.into()), ("posts", r.counts.posts.into()), ("messages", r.counts.messages.into())])) }
                            td {
                                @if g.closed_at.is_some() {
                                    strong { (tr.t("group-status-closed")) }
                                    @if let Some(reason) = &g.closed_reason { br; span.meta { (reason) } }
                                    (button_form(f, &routes::admin_group(&g.slug, "reopen"), tr.t("admin-reopen"), false))
                                } @else {
                                    (tr.t("group-status-open"))
                                    details {
                                        summary { (tr.t("admin-close")) }
                                        (reason_form(f, &routes::admin_group(&g.slug, "close"),
                                            &format!("f-reason-{}", g.id), tr.t("admin-close-submit"), true, err("reason")))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        (pager(f, routes::ADMIN_GROUPS, v.q, v.page, v.rows.len() as u64 == crate::db::instance::PAGE))
    };
    layout(f, &tr.t("admin-groups-title"), body)
}

pub struct InvitesView<'a> {
    pub open: &'a [instance_invite::Model],
    /// A link just made, shown once.
    pub made: Option<(String, chrono::DateTime<chrono::Utc>)>,
    pub error: Option<&'static str>,
    pub notice: Option<String>,
}

pub fn invites_page(f: &Frame, v: &InvitesView) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("admin-invites-title")) }
        (admin_nav(f))
        (notice(v.notice.clone()))
        p { (tr.t("admin-invites-intro")) }
        @if let Some((url, until)) = &v.made {
            div.alert.ok role="status" {
                p { (tr.t("admin-invite-made")) }
                p { code.invite-link { (url) } }
                p { (with_time(tr, "invite-expires", &[], *until)) }
            }
        }
        (error_summary(v.error.map(|k| tr.t(k))))
        form.stack method="post" action=(routes::ADMIN_INVITES) {
            (csrf(f.csrf))
            div.field {
                label for="f-hours" { (tr.t("field-invite-valid")) }
                select #f-hours name="expires_in_hours" {
                    @for (h, key) in [(24, "hours-24"), (168, "hours-168"), (720, "hours-720")] {
                        option value=(h) selected[h == 168] { (tr.t(key)) }
                    }
                }
            }
            button.primary type="submit" { (tr.t("admin-invite-submit")) }
        }
        h2 { (tr.t("admin-invites-open")) }
        @if v.open.is_empty() {
            p { (tr.t("admin-invites-none")) }
        } @else {
            ul.cards {
                @for i in v.open {
                    li {
                        p { (with_time(tr, "invite-expires", &[], i.expires_at)) }
                        (button_form(f, &routes::admin_invite_revoke(i.id), tr.t("invite-revoke"), true))
                    }
                }
            }
        }
    };
    layout(f, &tr.t("admin-invites-title"), body)
}
