//! Friendly error pages.
use maud::{Markup, html};

use super::{Frame, layout};
use crate::error::ErrorReport;
use crate::routes;

pub fn error_page(f: &Frame, report: &ErrorReport) -> Markup {
    let tr = f.tr;
    let title = match report.status.as_u16() {
        404 => tr.t("error-404-title"),
        429 => tr.t("error-429-title"),
        s if s >= 500 => tr.t("error-500-title"),
        _ => tr.t("error-title"),
    };
    let body = html! {
        h1 { (title) }
        p { (tr.t(report.key)) }
        @if let Some(detail) = &report.detail {
            blockquote.reason { p { (tr.t("error-reason")) " " (detail) } }
        }
        @if let Some(secs) = report.retry_after {
            p { (tr.ta("retry-after", &[("seconds", secs.into())])) }
        }
        p { a href=(routes::HOME) { (tr.t("error-home-link")) } }
    };
    layout(f, &title, body)
}
