//! The front page.
use maud::{Markup, html};

use super::{Frame, layout};
use crate::routes;

pub fn home_page(f: &Frame) -> Markup {
    let tr = f.tr;
    let body = html! {
        @if let Some(u) = f.user {
            h1 { (tr.ta("home-welcome", &[("name", u.display_name.clone().into())])) }
            p { (tr.t("home-logged-in")) }
            p { a href=(routes::ACCOUNT) { (tr.t("home-account-link")) } }
        } @else {
            h1 { (tr.t("home-title")) }
            p.lead { (tr.t("home-intro")) }
            p { (tr.t("home-power")) }
            p.actions {
                a.button.primary href=(routes::REGISTER) { (tr.t("nav-register")) }
                a.button href=(routes::LOGIN) { (tr.t("nav-login")) }
            }
        }
    };
    layout(f, &tr.t("home-title"), body)
}
