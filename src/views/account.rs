//! Your account: change your password, see and end your sessions.
use entity::session;
use maud::{Markup, html};

use super::components::{Field, csrf, error_summary, notice, with_time};
use super::{Frame, layout};
use crate::domain::password::NewPassword;
use crate::routes;

pub struct AccountView<'a> {
    /// The people you put on "niet meer zien", with since when.
    pub muted: &'a [(entity::personal_mute::Model, entity::user::Model)],
    pub sessions: &'a [session::Model],
    pub current_session: i32,
    pub password_errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

pub fn account_page(f: &Frame, v: &AccountView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| {
        v.password_errors
            .iter()
            .find(|(n, _)| *n == field)
            .map(|(_, k)| *k)
    };
    let body = html! {
        h1 { (tr.t("account-title")) }
        (notice(v.notice.clone()))
        @if let Some(u) = f.user {
            dl.facts {
                dt { (tr.t("field-username")) } dd { (u.username) }
                dt { (tr.t("field-display-name")) } dd { (u.display_name) }
            }
        }
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
        section aria-labelledby="password-h" {
            h2 #password-h { (tr.t("password-title")) }
            p { (tr.t("password-intro")) }
            (error_summary((!v.password_errors.is_empty()).then(|| tr.t("err-form-summary"))))
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
                    }
                }
            }
        }
    };
    layout(f, &tr.t("account-title"), body)
}
