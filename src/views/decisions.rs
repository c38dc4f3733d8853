//! House rules, proposals and voting, in plain words.
use entity::{rule, rule_version};
use maud::{Markup, PreEscaped, html};

use super::components::{csrf, error_summary, notice, time, with_time};
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::domain::decisions::{
    ProposalKind, RULE_TEXT_MAX, RULE_TITLE_MAX, SIGNED_AS_MAX, STATEMENT_TEXT_MAX, STATEMENT_TITLE_MAX,
    TITLE_MAX,
};
use crate::i18n::Tr;
use crate::routes;
use crate::services::proposals::ProposalJson;

fn kind_key(kind: ProposalKind) -> &'static str {
    match kind {
        ProposalKind::AddRule => "kind-add-rule",
        ProposalKind::AmendRule => "kind-amend-rule",
        ProposalKind::RepealRule => "kind-repeal-rule",
        ProposalKind::ChangeSettings => "kind-change-settings",
        ProposalKind::ElectSteward => "kind-elect-steward",
        ProposalKind::RecallSteward => "kind-recall-steward",
        ProposalKind::AdmitMember => "kind-admit-member",
        ProposalKind::Sanction => "kind-sanction",
        ProposalKind::PublishStatement => "kind-publish-statement",
        ProposalKind::WithdrawStatement => "kind-withdraw-statement",
    }
}

fn status_key(status: &str) -> &'static str {
    match status {
        "open" => "status-open",
        "passed" => "status-passed",
        "rejected" => "status-rejected",
        _ => "status-expired",
    }
}

fn crumbs(g: &Group) -> Markup {
    html! { p.crumbs { a href=(routes::group(&g.row.slug)) { (g.row.name) } } }
}

pub struct RulesView<'a> {
    pub group: &'a Group,
    pub rules: &'a [rule::Model],
    pub must_accept: bool,
    pub can_propose: bool,
    pub notice: Option<String>,
}

pub fn rules_page(f: &Frame, v: &RulesView) -> Markup {
    let tr = f.tr;
    let slug = &v.group.row.slug;
    let body = html! {
        (crumbs(v.group))
        h1 { (tr.t("rules-title")) }
        (notice(v.notice.clone()))
        @if v.must_accept {
            div.banner role="status" {
                p { (tr.t("rules-changed")) " " a href="#accept" { (tr.t("rules-changed-below")) } }
            }
        }
        @if v.rules.is_empty() {
            p { (tr.t("rules-empty")) }
        } @else {
            ol.rules {
                @for r in v.rules {
                    li value=(r.number) #(format!("rule-{}", r.number)) {
                        h2 { (r.title) }
                        div.prose { (PreEscaped(&r.body_html)) }
                        p.meta {
                            (with_time(tr, "rule-version", &[("version", r.version.into())], r.adopted_at))
                            " · " a href=(format!("{}/{}", routes::group_sub(slug, "rules"), r.number)) { (tr.t("rule-history")) }
                            @if v.can_propose {
                                " · " a href=(format!("{}?kind=amend_rule&rule_id={}", routes::group_sub(slug, "proposals/new"), r.id)) { (tr.t("rule-propose-change")) }
                            }
                        }
                    }
                }
            }
        }
        @if v.must_accept {
            // Below the rules: agreeing comes after reading.
            form.stack #accept method="post" action=(routes::group_sub(slug, "rules/accept")) {
                (csrf(f.csrf)) button.primary type="submit" { (tr.t("rules-accept")) }
            }
        }
        @if v.can_propose {
            p { a.button href=(format!("{}?kind=add_rule", routes::group_sub(slug, "proposals/new"))) { (tr.t("rule-propose")) } }
        }
        p { a href=(routes::group_sub(slug, "proposals")) { (tr.t("proposals-title")) } }
    };
    layout(
        f,
        &format!("{} · {}", tr.t("rules-title"), v.group.row.name),
        body,
    )
}

pub fn rule_history_page(f: &Frame, g: &Group, r: &rule::Model, versions: &[rule_version::Model]) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::group(&g.row.slug)) { (g.row.name) } " › " a href=(routes::group_sub(&g.row.slug, "rules")) { (tr.t("rules-title")) } }
        h1 { (tr.ta("rule-history-title", &[("number", r.number.into()), ("title", r.title.clone().into())])) }
        ol.cards reversed {
            @for v in versions {
                li {
                    h2 { (tr.ta("rule-version-n", &[("version", v.version.into())])) " · " (v.title)
                        @if v.status == "repealed" { " " span.badge { (tr.t("rule-repealed")) } } }
                    @if v.status != "repealed" { div.prose { (PreEscaped(&v.body_html)) } }
                    p.meta {
                        (time(tr, v.adopted_at, false))
                        @if let Some(pid) = v.proposal_id { " · " a href=(routes::proposal(pid)) { (tr.ta("by-proposal", &[("id", pid.into())])) } }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("rule-history"), body)
}

pub fn proposals_page(f: &Frame, g: &Group, proposals: &[ProposalJson], can_propose: bool) -> Markup {
    let tr = f.tr;
    let body = html! {
        (crumbs(g))
        h1 { (tr.t("proposals-title")) }
        p { (tr.t("proposals-intro")) }
        @if can_propose { p { a.button href=(routes::group_sub(&g.row.slug, "proposals/new")) { (tr.t("proposal-new")) } } }
        @if proposals.is_empty() {
            p { (tr.t("proposals-empty")) }
        } @else {
            ul.cards {
                @for p in proposals {
                    li {
                        h2 { a href=(routes::proposal(p.id)) { (p.title) } }
                        p.meta {
                            span.badge { (tr.t(status_key(&p.status))) } " "
                            (tr.t(kind_key(p.kind))) " · "
                            (tr.ta("votes-count", &[("voted", p.tally.voted.into()), ("eligible", p.tally.eligible.into())]))
                            @if p.status == "open" { " · " (with_time(tr, "closes-at", &[], p.closes_at)) }
                        }
                    }
                }
            }
        }
        p { a href=(routes::group_sub(&g.row.slug, "rules")) { (tr.t("rules-title")) } }
    };
    layout(f, &format!("{} · {}", tr.t("proposals-title"), g.row.name), body)
}

pub struct ProposalView<'a> {
    pub group: &'a Group,
    pub p: &'a ProposalJson,
    pub can_vote: bool,
    pub error: Option<&'static str>,
    pub notice: Option<String>,
}

/// "At least half of the 6 who may vote must vote (3)", "more than two thirds of the votes
/// must be for".
fn explain(tr: Tr, p: &ProposalJson) -> (String, String) {
    super::groups::rule_sentences(tr, p.quorum, p.threshold, Some(p.electorate))
}

pub fn proposal_page(f: &Frame, v: &ProposalView) -> Markup {
    let tr = f.tr;
    let p = v.p;
    let (quorum, threshold) = explain(tr, p);
    let body = html! {
        p.crumbs { a href=(routes::group(&v.group.row.slug)) { (v.group.row.name) } " › " a href=(routes::group_sub(&v.group.row.slug, "proposals")) { (tr.t("proposals-title")) } }
        h1 { (p.title) }
        p.meta { span.badge { (tr.t(status_key(&p.status))) } " " (tr.t(kind_key(p.kind))) }
        (notice(v.notice.clone()))
        @if !p.reason.is_empty() { div.prose { (PreEscaped(&p.reason_html)) } }
        (payload_summary(tr, p))
        section aria-labelledby="vote-h" {
            h2 #vote-h { (tr.t("vote-title")) }
            p { (quorum) " " (threshold) }
            @if p.secret { p.hint { (tr.t("vote-secret")) } }
            @if p.status == "open" {
                p { (with_time(tr, "closes-at", &[], p.closes_at)) }
                @if let Some(at) = p.open_at_least_until {
                    p.hint { (with_time(tr, "open-at-least-until", &[], at)) }
                }
            }
            p #tally {
                (tr.ta("votes-count", &[("voted", p.tally.voted.into()), ("eligible", p.tally.eligible.into())]))
                @if let (Some(y), Some(n), Some(a)) = (p.tally.yes, p.tally.no, p.tally.abstain) {
                    " · " (tr.ta("tally-line", &[("yes", y.into()), ("no", n.into()), ("abstain", a.into())]))
                }
            }
            @if let Some(note) = &p.note { p.hint { (tr.t("proposal-not-applied")) " (" (note) ")" } }
            @if v.can_vote {
                (error_summary(v.error.map(|e| tr.t(e))))
                form.stack method="post" action=(format!("{}/vote", routes::proposal(p.id))) {
                    (csrf(f.csrf))
                    fieldset {
                        legend { (tr.t("vote-legend")) }
                        @for (value, key) in [("yes", "vote-yes"), ("no", "vote-no"), ("abstain", "vote-abstain")] {
                            div.check {
                                input type="radio" name="choice" value=(value) id=(format!("c-{value}"))
                                    checked[p.my_vote.map(|c| c.as_str()) == Some(value)];
                                label for=(format!("c-{value}")) { (tr.t(key)) }
                            }
                        }
                    }
                    button.primary type="submit" { (tr.t(if p.my_vote.is_some() { "vote-change" } else { "vote-submit" })) }
                }
            }
            @if !p.ballots.is_empty() {
                h3 { (tr.t("ballots-title")) }
                ul {
                    @for b in &p.ballots {
                        li { (b.display_name) ": " (tr.t(match b.choice { crate::domain::decisions::Choice::Yes => "vote-yes", crate::domain::decisions::Choice::No => "vote-no", crate::domain::decisions::Choice::Abstain => "vote-abstain" })) }
                    }
                }
            }
        }
        @if let Some(t) = p.thread_id { p { a href=(routes::thread(t)) { (tr.t("proposal-discussion")) } } }
    };
    layout(f, &p.title, body)
}

/// What a settings proposal changes: each setting it changes, as it was when the proposal
/// opened beside what it proposes. Settings it leaves alone are not listed.
fn settings_changes(tr: Tr, p: &ProposalJson) -> Markup {
    let old = p.previous.as_ref();
    let new = &p.payload;
    let shown = |v: &serde_json::Value| -> String {
        match v {
            serde_json::Value::String(s) if s == "members" => tr.t("electorate-members"),
            serde_json::Value::String(s) if s == "stewards" => tr.t("electorate-stewards"),
            serde_json::Value::Null => "–".to_owned(),
            v => v.to_string().trim_matches('"').to_owned(),
        }
    };
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for (name, key, _, _, _) in super::groups::NUMBER_SETTINGS {
        let before = old.map(|o| o[*name].clone()).unwrap_or_default();
        if before != new[*name] {
            rows.push((tr.t(key), shown(&before), shown(&new[*name])));
        }
    }
    for (field, key) in [
        ("quorum", "setting-quorum-percent"),
        ("threshold", "setting-threshold-percent"),
        ("electorate", "setting-electorate"),
    ] {
        for kind in crate::domain::group::PROPOSAL_KINDS {
            let before = old.map(|o| o[field][*kind].clone()).unwrap_or_default();
            let after = new[field][*kind].clone();
            if before != after {
                let label = format!("{}: {}", tr.t(&format!("proposal-kind-{kind}")), tr.t(key));
                rows.push((label, shown(&before), shown(&after)));
            }
        }
    }
    html! {
        section.proposed aria-labelledby="changes-h" {
            h2 #changes-h { (tr.t("proposal-changes-title")) }
            @if rows.is_empty() {
                p { (tr.t("proposal-changes-none")) }
            } @else {
                table.changes {
                    thead { tr { th scope="col" { (tr.t("proposal-changes-setting")) } th scope="col" { (tr.t("proposal-changes-old")) } th scope="col" { (tr.t("proposal-changes-new")) } } }
                    tbody {
                        @for (label, before, after) in &rows {
                            tr { th scope="row" { (label) } td { (before) } td { strong { (after) } } }
                        }
                    }
                }
            }
        }
    }
}

fn payload_summary(tr: Tr, p: &ProposalJson) -> Markup {
    let s = |k: &str| p.payload.get(k).and_then(|v| v.as_str()).unwrap_or("").to_owned();
    let was = |k: &str| {
        p.previous
            .as_ref()
            .and_then(|v| v.get(k))
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    html! {
        @match p.kind {
            ProposalKind::ChangeSettings => { (settings_changes(tr, p)) }
            ProposalKind::AmendRule if p.previous.is_some() => {
                div.proposed.compare {
                    section {
                        h2 { (tr.t("rule-text-now")) }
                        p { strong { (was("title")) } }
                        div.prose { (PreEscaped(crate::domain::markdown::render(&was("text")))) }
                    }
                    section {
                        h2 { (tr.t("proposed-text")) }
                        p { strong { @if s("title").is_empty() { (was("title")) } @else { (s("title")) } } }
                        div.prose { (PreEscaped(crate::domain::markdown::render(&s("text")))) }
                    }
                }
            }
            ProposalKind::AddRule | ProposalKind::AmendRule => {
                div.proposed {
                    h2 { (tr.t("proposed-text")) }
                    @if !s("title").is_empty() { p { strong { (s("title")) } } }
                    // Rendered the way the rule would read, from the stored Markdown.
                    div.prose { (PreEscaped(crate::domain::markdown::render(&s("text")))) }
                }
            }
            ProposalKind::ElectSteward | ProposalKind::RecallSteward | ProposalKind::AdmitMember | ProposalKind::Sanction => {
                p { (tr.ta("proposal-about", &[("name", s("username").into())])) }
            }
            ProposalKind::PublishStatement => {
                div.proposed {
                    h2 { (tr.t("proposed-statement")) }
                    p { strong { (s("title")) } }
                    div.prose { (PreEscaped(crate::domain::markdown::render(&s("text")))) }
                    p { (tr.ta("statement-signed", &[("name", s("signed_as").into())])) }
                }
            }
            _ => {}
        }
    }
}

pub struct NewProposalView<'a> {
    pub group: &'a Group,
    pub kind: Option<ProposalKind>,
    pub rules: &'a [rule::Model],
    /// The group's statements still standing (to withdraw one).
    pub statements: &'a [crate::services::statements::StatementJson],
    pub values: &'a std::collections::HashMap<String, String>,
    pub errors: &'a [(&'static str, &'static str)],
    pub max_hours: u32,
}

pub fn new_proposal_page(f: &Frame, v: &NewProposalView) -> Markup {
    let tr = f.tr;
    let slug = &v.group.row.slug;
    let val = |k: &str| v.values.get(k).cloned().unwrap_or_default();
    let err = |k: &str| v.errors.iter().find(|(f, _)| *f == k).map(|(_, e)| *e);
    let text_field = |name: &str, label: String, max: usize| {
        let id = format!("f-{name}");
        html! {
            div.field.invalid[err(name).is_some()] {
                label for=(id) { (label) }
                @if let Some(e) = err(name) { p.error id=(format!("{id}-error")) { (tr.t(e)) } }
                input id=(id) type="text" name=(name) value=(val(name)) maxlength=(max)
                    aria-invalid=[err(name).map(|_| "true")] aria-describedby=[err(name).map(|_| format!("{id}-error"))];
            }
        }
    };
    let area = |name: &str, label: String, max: usize| {
        let id = format!("f-{name}");
        html! {
            div.field.invalid[err(name).is_some()] {
                label for=(id) { (label) }
                @if let Some(e) = err(name) { p.error id=(format!("{id}-error")) { (tr.t(e)) } }
                textarea id=(id) name=(name) rows="5" maxlength=(max)
                    aria-invalid=[err(name).map(|_| "true")] aria-describedby=[err(name).map(|_| format!("{id}-error"))] { (val(name)) }
            }
        }
    };
    let rule_select = || {
        html! {
            div.field.invalid[err("rule_id").is_some()] {
                label for="f-rule_id" { (tr.t("field-rule")) }
                @if let Some(e) = err("rule_id") { p.error #f-rule_id-error { (tr.t(e)) } }
                select #f-rule_id name="rule_id" {
                    @for r in v.rules { option value=(r.id) selected[val("rule_id") == r.id.to_string()] { (r.number) ". " (r.title) } }
                }
            }
        }
    };
    let body = html! {
        p.crumbs { a href=(routes::group(slug)) { (v.group.row.name) } " › " a href=(routes::group_sub(slug, "proposals")) { (tr.t("proposals-title")) } }
        h1 { (tr.t("proposal-new")) }
        @match v.kind {
            None => {
                p { (tr.t("proposal-choose-kind")) }
                ul.cards {
                    @for k in ProposalKind::ALL {
                        @if k != ProposalKind::ChangeSettings {
                            li { a href=(format!("{}?kind={}", routes::group_sub(slug, "proposals/new"), k.as_str())) { (tr.t(kind_key(k))) } }
                        }
                    }
                }
            }
            Some(kind) => {
                p.meta { (tr.t(kind_key(kind))) " · " a href=(routes::group_sub(slug, "proposals/new")) { (tr.t("proposal-other-kind")) } }
                (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
                @if kind == ProposalKind::AmendRule && v.rules.len() > 1 {
                    // Choosing another rule loads its text into the form (no script needed).
                    form.inline-choice method="get" action=(routes::group_sub(slug, "proposals/new")) {
                        input type="hidden" name="kind" value="amend_rule";
                        label for="f-choose-rule" { (tr.t("field-rule")) }
                        select #f-choose-rule name="rule_id" {
                            @for r in v.rules { option value=(r.id) selected[val("rule_id") == r.id.to_string()] { (r.number) ". " (r.title) } }
                        }
                        button type="submit" { (tr.t("amend-choose-rule")) }
                    }
                }
                form.stack method="post" action=(routes::group_sub(slug, "proposals")) novalidate {
                    (csrf(f.csrf))
                    input type="hidden" name="kind" value=(kind.as_str());
                    (text_field("title", tr.t("field-proposal-title"), TITLE_MAX))
                    (area("reason", tr.t("field-reason"), 10_000))
                    @match kind {
                        ProposalKind::AddRule => {
                            (text_field("rule_title", tr.t("field-rule-title"), RULE_TITLE_MAX))
                            (area("text", tr.t("field-rule-text"), RULE_TEXT_MAX))
                        }
                        ProposalKind::AmendRule if v.rules.len() > 1 => {
                            // The rule chosen above; its current text is in the fields to change.
                            input type="hidden" name="rule_id" value=(val("rule_id"));
                            @if let Some(e) = err("rule_id") { p.error { (tr.t(e)) } }
                            (text_field("rule_title", tr.t("field-rule-title-new"), RULE_TITLE_MAX))
                            (area("text", tr.t("field-rule-text-new"), RULE_TEXT_MAX))
                        }
                        ProposalKind::AmendRule => {
                            (rule_select())
                            (text_field("rule_title", tr.t("field-rule-title-new"), RULE_TITLE_MAX))
                            (area("text", tr.t("field-rule-text-new"), RULE_TEXT_MAX))
                        }
                        ProposalKind::RepealRule => { (rule_select()) }
                        ProposalKind::Sanction => {
                            (text_field("username", tr.t("field-person"), 32))
                            div.field {
                                label for="f-sanction" { (tr.t("field-sanction")) }
                                select #f-sanction name="sanction" {
                                    @for (value, key) in [("mute", "sanction-mute"), ("suspend", "sanction-suspend"), ("remove", "sanction-remove")] {
                                        option value=(value) selected[val("sanction") == value] { (tr.t(key)) }
                                    }
                                }
                            }
                            (text_field("days", tr.t("field-days"), 3))
                            (rule_select())
                        }
                        ProposalKind::PublishStatement => {
                            (text_field("rule_title", tr.t("field-statement-title"), STATEMENT_TITLE_MAX))
                            (area("text", tr.t("field-statement-text"), STATEMENT_TEXT_MAX))
                            (text_field("signed_as", tr.t("field-signed-as"), SIGNED_AS_MAX))
                            p.hint { (tr.t("hint-statement-public")) }
                        }
                        ProposalKind::WithdrawStatement => {
                            div.field.invalid[err("statement_id").is_some()] {
                                label for="f-statement_id" { (tr.t("field-statement")) }
                                @if let Some(e) = err("statement_id") { p.error { (tr.t(e)) } }
                                select #f-statement_id name="statement_id" {
                                    @for st in v.statements.iter().filter(|s| s.withdrawn_at.is_none()) {
                                        option value=(st.id) selected[val("statement_id") == st.id.to_string()] { (st.title) }
                                    }
                                }
                            }
                        }
                        _ => { (text_field("username", tr.t("field-person"), 32)) }
                    }
                    (text_field("hours", tr.ta("field-hours", &[("max", v.max_hours.into())]), 4))
                    button.primary type="submit" { (tr.t("proposal-submit")) }
                }
            }
        }
    };
    layout(f, &tr.t("proposal-new"), body)
}
