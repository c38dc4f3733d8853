//! A group's voice outside: a public statement, and all of them. Nothing on these pages leads
//! to the group that adopted it: only the signature its members chose.
use maud::{Markup, PreEscaped, html};

use super::components::time;
use super::{Frame, layout};
use crate::routes;
use crate::services::statements::StatementJson;

pub fn statement_page(f: &Frame, s: &StatementJson) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::STATEMENTS) { (tr.t("statements-title")) } }
        article {
            h1 { (s.title) }
            @if let Some(at) = s.withdrawn_at {
                p.notice role="note" { (tr.t("statement-withdrawn")) " " (time(tr, at, false)) }
            }
            div.prose { (PreEscaped(&s.text_html)) }
            p { strong { (s.signed_as) } }
            p.meta { (tr.t("statement-published")) " " (time(tr, s.published_at, false)) }
        }
        p.hint { (tr.t("statement-about")) }
    };
    layout(f, &s.title, body)
}

pub fn statements_page(f: &Frame, items: &[StatementJson]) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (tr.t("statements-title")) }
        p { (tr.t("statements-intro")) " " a href=(routes::STATEMENTS_FEED) { (tr.t("statements-feed")) } }
        @if items.is_empty() { p.empty { (tr.t("statements-empty")) } }
        ul.cards {
            @for s in items {
                li {
                    h2 { a href=(routes::statement(s.id)) { (s.title) } }
                    p.meta {
                        (s.signed_as) " · " (time(tr, s.published_at, false))
                        @if s.withdrawn_at.is_some() { " · " (tr.t("statement-withdrawn-short")) }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("statements-title"), body)
}
