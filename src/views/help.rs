//! "Need help now?": the crisis contacts the instance configures.
use maud::{Markup, html};

use super::{Frame, layout};

pub fn help_page(f: &Frame, contacts: &[(String, String)]) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("help-title")) }
        p { (tr.t("help-intro")) }
        ul.cards.contacts {
            @for (name, number) in contacts {
                li {
                    h2 { (name) }
                    // A tel: link dials on a phone; the number is also plain text to read out.
                    p.number { a href=(format!("tel:{}", number.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect::<String>())) { (number) } }
                }
            }
        }
        p { (tr.t("help-peers")) }
    };
    layout(f, &tr.t("help-title"), body)
}
