//! Registration and login pages.
use maud::{Markup, html};

use super::components::{Area, Field, csrf, error_summary};
use super::{Frame, layout};
use crate::domain::account::{DisplayName, Username};
use crate::domain::instance::RegistrationMode;
use crate::domain::password::NewPassword;
use crate::routes;

/// What the registration form shows again after a refusal (never the password).
#[derive(Default)]
pub struct RegisterView<'a> {
    pub username: &'a str,
    /// Where to go after registering (an invite link, for example).
    pub next: &'a str,
    pub display_name: &'a str,
    /// The invite code typed or brought along in the link.
    pub invite: &'a str,
    pub answer: &'a str,
    pub errors: Vec<(&'static str, &'static str)>,
}

fn error_for(errors: &[(&'static str, &'static str)], field: &str) -> Option<&'static str> {
    errors.iter().find(|(f, _)| *f == field).map(|(_, k)| *k)
}

pub fn register_page(f: &Frame, v: &RegisterView) -> Markup {
    let tr = f.tr;
    let mode = f.site.registration;
    let body = html! {
        h1 { (tr.t("register-title")) }
        p.mode { (tr.ta(mode_key(mode), &[("site", f.site.name.clone().into())])) }
        @if mode == RegistrationMode::Closed {
            p { (tr.t("register-have-account")) " " a href=(routes::login_then(v.next)) { (tr.t("nav-login")) } }
        } @else {
        p { (tr.t("register-intro")) }
        (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
        form.stack method="post" action=(routes::REGISTER) novalidate {
            (csrf(f.csrf))
            input type="hidden" name="next" value=(v.next);
            @if mode != RegistrationMode::Open || !v.invite.is_empty() {
                (Field { name: "invite", label: tr.t("field-invite"), kind: "text", value: v.invite,
                    autocomplete: "off", hint: Some(tr.t(if mode == RegistrationMode::Invite { "hint-invite-needed" } else { "hint-invite" })),
                    error: error_for(&v.errors, "invite"), required: mode == RegistrationMode::Invite, maxlength: 128 }.render(tr))
            }
            @if mode == RegistrationMode::Approval {
                (Area { name: "answer", label: f.site.approval_question.clone(), value: v.answer,
                    hint: Some(tr.t("hint-answer")), error: error_for(&v.errors, "answer"), required: false,
                    maxlength: crate::services::accounts::ANSWER_MAX, rows: 4 }.render(tr))
            }
            (Field { name: "username", label: tr.t("field-username"), kind: "text", value: v.username,
                autocomplete: "username", hint: Some(tr.t("hint-username")),
                error: error_for(&v.errors, "username"), required: true, maxlength: Username::MAX }.render(tr))
            (Field { name: "display_name", label: tr.t("field-display-name"), kind: "text", value: v.display_name,
                autocomplete: "nickname", hint: Some(tr.t("hint-display-name")),
                error: error_for(&v.errors, "display_name"), required: false, maxlength: DisplayName::MAX }.render(tr))
            (Field { name: "password", label: tr.t("field-password"), kind: "password", value: "",
                autocomplete: "new-password", hint: Some(tr.t("hint-password")),
                error: error_for(&v.errors, "password"), required: true, maxlength: NewPassword::MAX }.render(tr))
            (Field { name: "password_confirm", label: tr.t("field-password-confirm"), kind: "password", value: "",
                autocomplete: "new-password", hint: None,
                error: error_for(&v.errors, "password_confirm"), required: true, maxlength: NewPassword::MAX }.render(tr))
            button.primary type="submit" { (tr.t("register-submit")) }
        }
        p { (tr.t("register-have-account")) " " a href=(routes::login_then(v.next)) { (tr.t("nav-login")) } }
        }
    };
    layout(f, &tr.t("register-title"), body)
}

/// How the site takes new people, in plain words.
pub fn mode_key(mode: RegistrationMode) -> &'static str {
    match mode {
        RegistrationMode::Open => "register-mode-open",
        RegistrationMode::Approval => "register-mode-approval",
        RegistrationMode::Invite => "register-mode-invite",
        RegistrationMode::Closed => "register-mode-closed",
    }
}

/// The recovery codes, shown this once.
fn codes_section(f: &Frame, codes: &[String]) -> Markup {
    let tr = f.tr;
    html! {
        section aria-labelledby="codes-h" {
            h2 #codes-h { (tr.t("codes-title")) }
            p { (tr.t("codes-intro")) }
            p { strong { (tr.t("codes-once")) } }
            ol.codes {
                @for c in codes { li { code { (c) } } }
            }
        }
    }
}

/// An application was received: what happens now, and the recovery codes, once.
pub fn applied_page(f: &Frame, codes: &[String]) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("applied-title")) }
        p { (tr.t("applied-text")) }
        (codes_section(f, codes))
        p { a href=(routes::HOME) { (tr.t("goodbye-home")) } }
    };
    layout(f, &tr.t("applied-title"), body)
}

/// What the login form shows again after a refusal.
#[derive(Default)]
pub struct LoginView<'a> {
    pub username: &'a str,
    pub next: &'a str,
    /// The shared-computer box was ticked.
    pub shared: bool,
    pub error: Option<String>,
    /// Minutes a shared-computer session lasts unused, as configured.
    pub shared_minutes: u32,
}

pub fn login_page(f: &Frame, v: &LoginView) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("login-title")) }
        (error_summary(v.error.clone()))
        form.stack method="post" action=(routes::LOGIN) {
            (csrf(f.csrf))
            input type="hidden" name="next" value=(v.next);
            (Field { name: "username", label: tr.t("field-username"), kind: "text", value: v.username,
                autocomplete: "username", hint: None, error: None, required: true, maxlength: Username::MAX }.render(tr))
            (Field { name: "password", label: tr.t("field-password"), kind: "password", value: "",
                autocomplete: "current-password", hint: None, error: None, required: true,
                maxlength: NewPassword::MAX }.render(tr))
            div.check {
                input #f-shared type="checkbox" name="shared" value="on" aria-describedby="f-shared-hint" checked[v.shared];
                label for="f-shared" { (tr.t("field-shared-computer")) }
            }
            p.hint #f-shared-hint { (tr.ta("hint-shared-computer", &[("minutes", v.shared_minutes.into())])) }
            button.primary type="submit" { (tr.t("login-submit")) }
        }
        p { a href=(routes::RECOVER) { (tr.t("login-forgot")) } }
        p { (tr.t("login-no-account")) " " a href=(routes::register_then(v.next)) { (tr.t("nav-register")) } }
    };
    layout(f, &tr.t("login-title"), body)
}

/// The recovery form again after a refusal (never the code or password).
#[derive(Default)]
pub struct RecoverView<'a> {
    pub username: &'a str,
    /// A refusal of the name and code together.
    pub error: Option<&'static str>,
    pub fields: Vec<(&'static str, &'static str)>,
}

/// After two stewards' half-codes: the new password waits, and why.
pub fn reset_waiting_page(f: &Frame, at: chrono::DateTime<chrono::Utc>) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("reset-waiting-title")) }
        p { (super::components::with_time(tr, "reset-waiting-when", &[], at)) }
        p { (tr.t("reset-waiting-why")) }
        p { a href=(routes::LOGIN) { (tr.t("login-title")) } }
    };
    layout(f, &tr.t("reset-waiting-title"), body)
}

pub fn recover_page(f: &Frame, v: &RecoverView) -> Markup {
    let tr = f.tr;
    let summary = v
        .error
        .map(|k| tr.t(k))
        .or_else(|| (!v.fields.is_empty()).then(|| tr.t("err-form-summary")));
    let body = html! {
        h1 { (tr.t("recover-title")) }
        p { (tr.t("recover-intro")) }
        (error_summary(summary))
        form.stack method="post" action=(routes::RECOVER) novalidate {
            (csrf(f.csrf))
            (Field { name: "username", label: tr.t("field-username"), kind: "text", value: v.username,
                autocomplete: "username", hint: None, error: error_for(&v.fields, "username"), required: true,
                maxlength: Username::MAX }.render(tr))
            (Field { name: "code", label: tr.t("field-recovery-code"), kind: "text", value: "",
                autocomplete: "one-time-code", hint: Some(tr.t("hint-recovery-code")), error: None, required: false,
                maxlength: 64 }.render(tr))
            fieldset.field {
                legend { (tr.t("recover-vouched-title")) }
                p.hint { (tr.t("recover-no-code")) }
                (Field { name: "code_a", label: tr.t("field-half-code-a"), kind: "text", value: "",
                    autocomplete: "off", hint: None, error: None, required: false, maxlength: 64 }.render(tr))
                (Field { name: "code_b", label: tr.t("field-half-code-b"), kind: "text", value: "",
                    autocomplete: "off", hint: None, error: None, required: false, maxlength: 64 }.render(tr))
            }
            (Field { name: "new_password", label: tr.t("field-new-password"), kind: "password", value: "",
                autocomplete: "new-password", hint: Some(tr.t("hint-password")),
                error: error_for(&v.fields, "new_password"), required: true, maxlength: NewPassword::MAX }.render(tr))
            button.primary type="submit" { (tr.t("recover-submit")) }
        }
    };
    layout(f, &tr.t("recover-title"), body)
}

/// Recovery codes, shown once: at registration (`renewed` false) or after renewing them.
pub fn welcome_page(f: &Frame, codes: &[String], next: &str, renewed: bool) -> Markup {
    let tr = f.tr;
    let title = tr.t(if renewed {
        "codes-renewed-title"
    } else {
        "welcome-title"
    });
    let body = html! {
        h1 { (title) }
        @if !renewed { p { (tr.t("welcome-intro")) } }
        (codes_section(f, codes))
        p { a.button.primary href=(routes::safe_next(Some(next))) { (tr.t("codes-done")) } }
    };
    layout(f, &title, body)
}

pub fn goodbye_page(f: &Frame) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("goodbye-title")) }
        p { (tr.t("goodbye-text")) }
        p { a href=(routes::HOME) { (tr.t("goodbye-home")) } }
    };
    layout(f, &tr.t("goodbye-title"), body)
}
