//! "Need help now?": the crisis contacts the instance configures.
use maud::{Markup, PreEscaped, html};

use super::{Frame, layout};

pub fn help_page(f: &Frame) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("help-title")) }
        p { (tr.t("help-intro")) }
        ul.cards.contacts {
            @for c in &f.site.crisis_contacts {
                li {
                    h2 { (c.name_in(tr.locale())) }
                    // A tel: link dials on a phone; the number is also plain text to read out.
                    p.number { a href=(super::components::tel(&c.number)) { (c.number) } }
                }
            }
        }
        p { (tr.t("help-peers")) }
    };
    layout(f, &tr.t("help-title"), body)
}

/// About the site: what the admin wrote, and how to get in.
pub fn about_page(f: &Frame) -> Markup {
    let tr = f.tr;
    let site = f.site;
    let body = html! {
        h1 { (tr.ta("about-title", &[("site", site.name.clone().into())])) }
        @if !site.description.is_empty() { p.lead { (site.description) } }
        section aria-labelledby="rules-h" {
            h2 #rules-h { (tr.t("about-rules")) }
            @if site.rules.is_empty() {
                p { (tr.t("about-no-rules")) }
            } @else {
                div.prose { (PreEscaped(crate::domain::markdown::render(&site.rules))) }
            }
        }
        section aria-labelledby="join-h" {
            h2 #join-h { (tr.t("about-join")) }
            p { (tr.ta(super::auth::mode_key(site.registration), &[("site", site.name.clone().into())])) }
        }
    };
    layout(f, &site.name, body)
}
