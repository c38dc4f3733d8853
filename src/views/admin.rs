//! The instance admin's page: export or remove an account on request, and the admin's log.
use entity::admin_log;
use maud::{Markup, html};

use super::components::{Field, csrf, error_summary, notice, time};
use super::{Frame, layout};
use crate::domain::account::Username;
use crate::routes;

pub struct AdminView<'a> {
    pub log: &'a [admin_log::Model],
    pub username: &'a str,
    pub reason: &'a str,
    pub errors: Vec<(&'static str, &'static str)>,
    pub notice: Option<String>,
}

fn action_key(action: &str) -> &'static str {
    match action {
        "account_exported" => "admin-log-exported",
        "account_removed_erased" => "admin-log-removed-erased",
        _ => "admin-log-removed",
    }
}

pub fn admin_page(f: &Frame, v: &AdminView) -> Markup {
    let tr = f.tr;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let body = html! {
        h1 { (tr.t("admin-title")) }
        (notice(v.notice.clone()))
        p { (tr.t("admin-intro")) }
        section aria-labelledby="admin-export-h" {
            h2 #admin-export-h { (tr.t("admin-export-title")) }
            form.stack method="get" action=(routes::ADMIN_EXPORT) {
                (Field { name: "username", label: tr.t("field-username"), kind: "text", value: "",
                    autocomplete: "off", hint: None, error: None, required: true, maxlength: Username::MAX }.render(tr))
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
                    maxlength: crate::privacy::REASON_MAX }.render(tr))
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
                            strong { (tr.ta(action_key(&e.action), &[("id", e.account_id.into())])) }
                            @if let Some(r) = &e.reason { " · " (r) }
                        }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("admin-title"), body)
}
