//! Moderation cases: the list of a group's cases, and one case with its vote and appeal.
use maud::{Markup, PreEscaped, html};

use super::components::{csrf, error_summary, notice, with_time};
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::domain::moderation::{CASE_REASON_MAX, CaseChoice, RESPONSE_MAX};
use crate::routes;
use crate::services::moderation::CaseView;

fn status_key(v: &CaseView) -> &'static str {
    match v.case.status.as_str() {
        "open" => "case-status-open",
        "restored" => "case-status-restored",
        _ if v.case.urgent => "case-status-urgent",
        _ => "case-status-removed",
    }
}

fn item_key(kind: &str) -> &'static str {
    if kind == "message" {
        "case-item-message"
    } else {
        "case-item-post"
    }
}

fn choice_key(c: CaseChoice) -> &'static str {
    match c {
        CaseChoice::Restore => "case-restore",
        CaseChoice::Remove => "case-remove",
        CaseChoice::Abstain => "vote-abstain",
    }
}

pub fn cases_page(f: &Frame, g: &Group, cases: &[CaseView]) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::group(&g.row.slug)) { (g.row.name) } }
        h1 { (tr.t("cases-title")) }
        p { (tr.t("cases-intro")) }
        @if cases.is_empty() {
            p { (tr.t("cases-empty")) }
        } @else {
            ul.cards {
                @for v in cases {
                    li {
                        h2 { a href=(routes::case(v.case.id)) { (tr.ta("case-title", &[("id", v.case.id.into())])) } }
                        p.meta {
                            (tr.t(item_key(&v.case.target_kind))) " · " strong { (tr.t(status_key(v))) }
                            @if v.case.appeal_of.is_some() { " · " (tr.t("case-is-appeal")) }
                            @if v.can_vote { " · " span.badge.new { (tr.t(if v.my_vote.is_some() { "case-you-voted" } else { "case-vote-now" })) } }
                        }
                    }
                }
            }
        }
    };
    layout(f, &format!("{} · {}", tr.t("cases-title"), g.row.name), body)
}

pub struct CasePage<'a> {
    pub group: &'a Group,
    pub view: &'a CaseView,
    /// The cited rules as "number. title".
    pub rules: &'a [String],
    /// The rules the flags cite, by id, as "number. title".
    pub rule_names: &'a std::collections::HashMap<i32, String>,
    pub error: Option<&'static str>,
    /// Which form the error is about: "vote", "appeal" or "respond".
    pub error_for: &'static str,
    pub done: Option<&'static str>,
    /// What was typed in the form that was refused.
    pub reason: &'a str,
}

pub fn case_page(f: &Frame, p: &CasePage) -> Markup {
    let tr = f.tr;
    let v = p.view;
    let c = &v.case;
    let title = tr.ta("case-title", &[("id", c.id.into())]);
    let body = html! {
        p.crumbs { a href=(routes::group(&p.group.row.slug)) { (p.group.row.name) } " › " a href=(routes::group_sub(&p.group.row.slug, "cases")) { (tr.t("cases-title")) } }
        h1 { (title) }
        (notice(p.done.map(|k| tr.t(k))))
        p.meta { (tr.t(item_key(&c.target_kind))) " · " strong { (tr.t(status_key(v))) } }
        @if let Some(first) = c.appeal_of {
            p { (tr.t("case-appeal-of")) " " a href=(routes::case(first)) { (tr.ta("case-title", &[("id", first.into())])) } }
        }
        @if c.urgent {
            p { (tr.t("case-urgent-explained")) }
        } @else if c.appeal_of.is_none() {
            p { (tr.ta("case-flags", &[("count", v.flags.into())])) }
        }
        @if !p.rules.is_empty() {
            p { (tr.t("case-rules")) }
            ul { @for r in p.rules { li { (r) } } }
        }
        @if let Some(reason) = &c.reason {
            p { (tr.t(if c.urgent { "case-urgent-reason" } else { "case-appeal-reason" })) }
            blockquote { (reason) }
        }
        @if let Some(html) = &v.body_html {
            details.case-item {
                summary { (tr.t("case-show-item")) }
                @if let Some((before, after)) = &v.around {
                    ol.chat-context {
                        @for m in before { (said(tr, m)) }
                        li.this aria-current="true" {
                            span.who { (tr.t("case-this-message")) } div.post-body { (PreEscaped(html)) }
                        }
                        @for m in after { (said(tr, m)) }
                    }
                } @else {
                    div.post-body { (PreEscaped(html)) }
                }
            }
        }
        @if !v.reasons.is_empty() {
            h2 { (tr.t("case-reasons")) }
            ul.reasons {
                @for (rule, words) in &v.reasons {
                    li {
                        @if let Some(name) = rule.and_then(|r| p.rule_names.get(&r)) { strong { (name) } }
                        @if let (Some(_), Some(_)) = (rule, words) { ": " }
                        @if let Some(w) = words { span.said { (w) } }
                    }
                }
            }
        }
        @if let Some(answer) = &v.response {
            h2 { (tr.t("case-response-title")) }
            blockquote.said { (answer) }
        }
        @if v.can_respond {
            h2 { (tr.t("case-respond-title")) }
            p { (tr.t("case-respond-intro")) }
            @let error = p.error.filter(|_| p.error_for == "respond");
            (error_summary(error.map(|e| tr.t(e))))
            form.stack method="post" action=(routes::case_respond(c.id)) novalidate {
                (csrf(f.csrf))
                div.field.invalid[error.is_some()] {
                    label for="f-response" { (tr.t("case-respond-label")) }
                    @if let Some(e) = error { p.error #f-response-error { (tr.t(e)) } }
                    textarea #f-response name="response" rows="4" maxlength=(RESPONSE_MAX) required
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "f-response-error")] {
                        @if p.error_for == "respond" { (p.reason) }
                    }
                }
                button.primary type="submit" { (tr.t("case-respond-submit")) }
            }
        }
        @if c.status == "open" {
            p { (with_time(tr, "case-until", &[], c.review_until)) }
            p #tally { (tr.ta("votes-count", &[("voted", v.voted.into()), ("eligible", v.eligible.into())])) }
        } @else if let Some(t) = v.tally {
            p #tally { (tr.ta("case-tally", &[("restore", t.no.into()), ("remove", t.yes.into()), ("abstain", t.abstain.into())])) }
        }
        @if v.can_vote {
            (error_summary(p.error.filter(|_| p.error_for == "vote").map(|e| tr.t(e))))
            form.stack method="post" action=(format!("{}/vote", routes::case(c.id))) {
                (csrf(f.csrf))
                fieldset {
                    legend { (tr.t("case-vote-legend")) }
                    @for choice in CaseChoice::ALL {
                        div.check {
                            input type="radio" name="choice" value=(choice.as_str()) id=(format!("c-{}", choice.as_str()))
                                checked[v.my_vote == Some(choice)];
                            label for=(format!("c-{}", choice.as_str())) { (tr.t(choice_key(choice))) }
                        }
                    }
                }
                p.hint { (tr.t("case-vote-secret")) }
                button.primary type="submit" { (tr.t(if v.my_vote.is_some() { "vote-change" } else { "vote-submit" })) }
            }
        }
        @if v.can_appeal {
            h2 { (tr.t("case-appeal-title")) }
            p { (tr.t("case-appeal-intro")) }
            @let error = p.error.filter(|_| p.error_for == "appeal");
            (error_summary(error.map(|e| tr.t(e))))
            form.stack method="post" action=(format!("{}/appeal", routes::case(c.id))) novalidate {
                (csrf(f.csrf))
                div.field.invalid[error.is_some()] {
                    label for="f-reason" { (tr.t("case-appeal-reason-label")) }
                    @if let Some(e) = error { p.error #f-reason-error { (tr.t(e)) } }
                    textarea #f-reason name="reason" rows="4" maxlength=(CASE_REASON_MAX)
                        aria-invalid=[error.map(|_| "true")] aria-describedby=[error.map(|_| "f-reason-error")] {
                        @if p.error_for == "appeal" { (p.reason) }
                    }
                }
                button.primary type="submit" { (tr.t("case-appeal-submit")) }
            }
        }
    };
    layout(f, &title, body)
}

/// One message around the one a case is about.
fn said(tr: crate::i18n::Tr, m: &crate::services::moderation::Said) -> Markup {
    html! {
        li {
            span.who { (m.author.clone().unwrap_or_else(|| tr.t("former-member"))) }
            div.post-body { (PreEscaped(&m.html)) }
        }
    }
}
