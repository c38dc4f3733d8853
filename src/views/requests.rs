//! Help from peers: a group's requests for help with the form to ask, and one request with its
//! offers (for the asker) or the way to offer (for the others).
use maud::{Markup, html};

use super::components::{csrf, error_summary, lines, notice, time};
use super::{Frame, layout};
use crate::db::groups::Group;
use crate::domain::requests::{BODY_MAX, Kind, OFFER_MAX, OfferStatus, Outcome, THANKS_MAX, TITLE_MAX};
use crate::i18n::Tr;
use crate::routes;
use crate::services::requests::RequestJson;

pub(crate) fn kind_label(tr: Tr, k: Kind) -> String {
    tr.t(&format!("help-kind-{}", k.as_str()))
}

pub struct RequestsView<'a> {
    pub group: &'a Group,
    /// The reader hears of new requests in this group.
    pub hears: bool,
    pub open: &'a [RequestJson],
    pub closed: &'a [RequestJson],
    /// What was typed, when the form comes back.
    pub draft: (&'a str, &'a str, &'a str, &'a str),
    pub errors: &'a [(&'static str, &'static str)],
}

pub fn requests_page(f: &Frame, v: &RequestsView) -> Markup {
    let tr = f.tr;
    let g = &v.group.row;
    let err = |field: &str| v.errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let (title, body, kind, needed_by) = v.draft;
    let body_html = html! {
        p.crumbs { a href=(routes::group(&g.slug)) { (g.name) } }
        h1 { (tr.t("help-requests-title")) }
        p { (tr.t("requests-intro")) }
        @if v.open.is_empty() {
            p.empty { (tr.t("requests-empty")) }
        } @else {
            ul.cards {
                @for r in v.open {
                    li {
                        h2 { a href=(routes::request(r.id)) { (r.title) } }
                        p.meta {
                            (r.author.display_name) " · " (kind_label(tr, r.kind)) " · " (time(tr, r.created_at, true))
                            @if let Some(d) = r.needed_by { " · " (tr.ta("request-needed-by", &[("date", d.format("%d-%m-%Y").to_string().into())])) }
                            " · " (tr.ta("request-offers", &[("count", r.offer_count.into())]))
                        }
                    }
                }
            }
        }
        form.inline #notices method="post" action=(routes::group_sub(&g.slug, "requests/notices")) {
            (csrf(f.csrf))
            input type="hidden" name="on" value=(if v.hears { "0" } else { "1" });
            p {
                (tr.t(if v.hears { "requests-notices-on" } else { "requests-notices-off" })) " "
                button.link type="submit" { (tr.t(if v.hears { "requests-notices-turn-off" } else { "requests-notices-turn-on" })) }
            }
        }
        section aria-labelledby="ask-h" {
            h2 #ask-h { (tr.t("request-new-title")) }
            p.notice { (tr.t("request-safety")) }
            (error_summary((!v.errors.is_empty()).then(|| tr.t("err-form-summary"))))
            form.stack method="post" action=(routes::group_sub(&g.slug, "requests")) novalidate {
                (csrf(f.csrf))
                div.field.invalid[err("title").is_some()] {
                    label for="f-title" { (tr.t("field-request-title")) }
                    p.hint #f-title-hint { (tr.t("hint-request-title")) }
                    @if let Some(e) = err("title") { p.error { (tr.t(e)) } }
                    input #f-title type="text" name="title" value=(title) maxlength=(TITLE_MAX) required aria-describedby="f-title-hint";
                }
                div.field.invalid[err("body").is_some()] {
                    label for="f-body" { (tr.t("field-request-body")) }
                    @if let Some(e) = err("body") { p.error { (tr.t(e)) } }
                    textarea #f-body name="body" rows="4" maxlength=(BODY_MAX) required { (body) }
                }
                fieldset.field.invalid[err("kind").is_some()] {
                    legend { (tr.t("field-request-kind")) }
                    @if let Some(e) = err("kind") { p.error { (tr.t(e)) } }
                    @for k in Kind::ALL {
                        div.check {
                            input type="radio" name="kind" id=(format!("k-{}", k.as_str())) value=(k.as_str())
                                checked[kind == k.as_str() || (kind.is_empty() && *k == Kind::Practical)];
                            label for=(format!("k-{}", k.as_str())) { (kind_label(tr, *k)) }
                        }
                    }
                }
                div.field.invalid[err("needed_by").is_some()] {
                    label for="f-needed-by" { (tr.t("field-needed-by")) }
                    @if let Some(e) = err("needed_by") { p.error { (tr.t(e)) } }
                    input #f-needed-by type="date" name="needed_by" value=(needed_by);
                }
                button.primary type="submit" { (tr.t("request-submit")) }
            }
        }
        @if !v.closed.is_empty() {
            section aria-labelledby="closed-h" {
                h2 #closed-h { (tr.t("requests-closed-title")) }
                ul {
                    @for r in v.closed {
                        li {
                            a href=(routes::request(r.id)) { (r.title) } " · " (r.author.display_name)
                            @if let Some(t) = &r.thanks { br; span.thanks { (tr.t("request-thanks-label")) " " (t) } }
                        }
                    }
                }
            }
        }
    };
    layout(
        f,
        &format!("{} · {}", tr.t("help-requests-title"), g.name),
        body_html,
    )
}

pub struct RequestView<'a> {
    pub group: &'a Group,
    pub request: &'a RequestJson,
    pub asker: bool,
    pub notice: Option<String>,
    pub error: Option<&'static str>,
}

pub fn request_page(f: &Frame, v: &RequestView) -> Markup {
    let tr = f.tr;
    let g = &v.group.row;
    let r = v.request;
    let open = r.status == "open";
    let body = html! {
        p.crumbs { a href=(routes::group(&g.slug)) { (g.name) } " › " a href=(routes::group_sub(&g.slug, "requests")) { (tr.t("help-requests-title")) } }
        h1 { (r.title) }
        p.meta {
            (r.author.display_name) " · " (kind_label(tr, r.kind)) " · " (time(tr, r.created_at, false))
            @if let Some(d) = r.needed_by { " · " (tr.ta("request-needed-by", &[("date", d.format("%d-%m-%Y").to_string().into())])) }
        }
        (notice(v.notice.clone()))
        (error_summary(v.error.map(|e| tr.t(e))))
        (lines("export-text", &r.body))
        @if !open {
            p.notice { (tr.t(match r.outcome { Some(Outcome::Helped) => "request-closed-helped", Some(Outcome::NotNeeded) => "request-closed-not-needed", _ => "request-closed-withdrawn" })) }
            @if let Some(t) = &r.thanks { p.thanks { (tr.t("request-thanks-label")) " " (t) } }
        }
        @if v.asker {
            section aria-labelledby="offers-h" {
                h2 #offers-h { (tr.ta("request-offers", &[("count", r.offer_count.into())])) }
                @if r.offers.is_empty() { p.empty { (tr.t("request-no-offers")) } }
                ul.cards {
                    @for o in &r.offers {
                        li {
                            p { strong { (o.author.display_name) } " · " (time(tr, o.created_at, true)) }
                            (lines("export-text", &o.body))
                            @match o.status {
                                OfferStatus::Accepted => p { (tr.t("offer-accepted-you")) " " @if let Some(room) = o.room_id { a href=(routes::room(room)) { (tr.t("offer-to-conversation")) } } },
                                OfferStatus::Declined => p.hint { (tr.t("offer-declined-you")) },
                                OfferStatus::Open if open => p.actions {
                                    form.inline method="post" action=(routes::offer_act(o.id, "accept")) {
                                        (csrf(f.csrf)) button.primary type="submit" { (tr.ta("offer-accept", &[("name", o.author.display_name.clone().into())])) }
                                    }
                                    " "
                                    form.inline method="post" action=(routes::offer_act(o.id, "decline")) {
                                        (csrf(f.csrf)) button type="submit" { (tr.t("offer-decline")) }
                                    }
                                },
                                OfferStatus::Open => {},
                            }
                            @if let Some(username) = &o.author.username {
                                form.inline method="post" action=(routes::account_block(username)) {
                                    (csrf(f.csrf))
                                    input type="hidden" name="block" value="1";
                                    input type="hidden" name="next" value=(format!("{}?done=blocked", routes::request(r.id)));
                                    button.link type="submit" { (tr.ta("block-person", &[("name", o.author.display_name.clone().into())])) }
                                }
                            }
                        }
                    }
                }
            }
            @if open {
                section aria-labelledby="close-h" {
                    h2 #close-h { (tr.t("request-close-title")) }
                    form.stack method="post" action=(format!("{}/close", routes::request(r.id))) {
                        (csrf(f.csrf))
                        fieldset {
                            legend { (tr.t("request-close-legend")) }
                            @for (value, key) in [("helped", "request-outcome-helped"), ("not_needed", "request-outcome-not-needed"), ("withdrawn", "request-outcome-withdrawn")] {
                                div.check {
                                    input type="radio" name="outcome" id=(format!("o-{value}")) value=(value) checked[value == "helped"];
                                    label for=(format!("o-{value}")) { (tr.t(key)) }
                                }
                            }
                        }
                        div.field {
                            label for="f-thanks" { (tr.t("field-thanks")) }
                            p.hint #f-thanks-hint { (tr.t("hint-thanks")) }
                            textarea #f-thanks name="thanks" rows="2" maxlength=(THANKS_MAX) aria-describedby="f-thanks-hint" {}
                        }
                        button type="submit" { (tr.t("request-close-submit")) }
                    }
                }
            }
        } @else {
            @match r.offers.first() {
                Some(o) => section aria-labelledby="mine-h" {
                    h2 #mine-h { (tr.t("offer-yours")) }
                    (lines("export-text", &o.body))
                    p { (tr.t(match o.status { OfferStatus::Open => "offer-waiting", OfferStatus::Accepted => "offer-accepted", OfferStatus::Declined => "offer-declined" })) " "
                        @if let Some(room) = o.room_id { a href=(routes::room(room)) { (tr.t("offer-to-conversation")) } } }
                },
                None if open => section aria-labelledby="offer-h" {
                    h2 #offer-h { (tr.t("offer-title")) }
                    form.stack method="post" action=(format!("{}/offers", routes::request(r.id))) novalidate {
                        (csrf(f.csrf))
                        div.field {
                            label for="f-offer" { (tr.t("field-offer")) }
                            p.hint #f-offer-hint { (tr.t("hint-offer")) }
                            textarea #f-offer name="body" rows="3" maxlength=(OFFER_MAX) required aria-describedby="f-offer-hint" {}
                        }
                        button.primary type="submit" { (tr.t("offer-submit")) }
                    }
                },
                None => {},
            }
        }
    };
    layout(f, &r.title, body)
}

/// "Mijn netwerk": who can I ask for what? Grouped by kind of help; yours alone.
pub fn network_page(
    f: &Frame,
    people: &[crate::services::requests::NetworkPerson],
    errors: &[(&'static str, &'static str)],
    notice_text: Option<String>,
) -> Markup {
    let tr = f.tr;
    let err = |field: &str| errors.iter().find(|(n, _)| *n == field).map(|(_, k)| *k);
    let groups: Vec<(Option<Kind>, String)> = Kind::ALL
        .iter()
        .map(|k| (Some(*k), kind_label(tr, *k)))
        .chain(std::iter::once((None, tr.t("network-kind-other"))))
        .collect();
    let body = html! {
        p.crumbs { a href=(routes::ACCOUNT) { (tr.t("account-title")) } }
        h1 { (tr.t("network-title")) }
        p { (tr.t("network-intro")) }
        (notice(notice_text))
        @if people.is_empty() { p.empty { (tr.t("network-empty")) } }
        @for (kind, label) in &groups {
            @let here: Vec<_> = people.iter().filter(|p| p.kind == *kind).collect();
            @if !here.is_empty() {
                section {
                    h2 { (label) }
                    ul.cards {
                        @for p in here {
                            li {
                                p { strong { (p.name) } " · " (tr.t(&format!("network-how-{}", p.how))) }
                                @if !p.note.is_empty() { p { (p.note) } }
                                @if p.how == "added" {
                                    form.inline method="post" action=(format!("{}/{}/remove", routes::ACCOUNT_NETWORK, p.id)) {
                                        (csrf(f.csrf)) button.link type="submit" { (tr.ta("network-remove", &[("name", p.name.clone().into())])) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        section aria-labelledby="add-h" {
            h2 #add-h { (tr.t("network-add-title")) }
            (error_summary((!errors.is_empty()).then(|| tr.t("err-form-summary"))))
            form.stack method="post" action=(routes::ACCOUNT_NETWORK) novalidate {
                (csrf(f.csrf))
                div.field.invalid[err("name").is_some()] {
                    label for="f-name" { (tr.t("field-network-name")) }
                    @if let Some(e) = err("name") { p.error { (tr.t(e)) } }
                    input #f-name type="text" name="name" maxlength=(crate::domain::requests::NETWORK_NAME_MAX) required;
                }
                div.field.invalid[err("note").is_some()] {
                    label for="f-note" { (tr.t("field-network-note")) }
                    p.hint #f-note-hint { (tr.t("hint-network-note")) }
                    @if let Some(e) = err("note") { p.error { (tr.t(e)) } }
                    input #f-note type="text" name="note" maxlength=(crate::domain::requests::NETWORK_NOTE_MAX) aria-describedby="f-note-hint";
                }
                div.field {
                    label for="f-kind" { (tr.t("field-request-kind")) }
                    select #f-kind name="kind" {
                        option value="" { (tr.t("network-kind-other")) }
                        @for k in Kind::ALL { option value=(k.as_str()) { (kind_label(tr, *k)) } }
                    }
                }
                button.primary type="submit" { (tr.t("network-add-submit")) }
            }
        }
    };
    layout(f, &tr.t("network-title"), body)
}

/// Your private chats: with whom, about which request, what is new.
pub fn conversations_page(
    f: &Frame,
    items: &[crate::services::requests::ConversationJson],
    blocked: &[crate::wire::AuthorJson],
    done: Option<String>,
) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::ACCOUNT) { (tr.t("account-title")) } }
        h1 { (tr.t("conversations-title")) }
        (notice(done))
        p { (tr.t("conversations-intro")) }
        @if items.is_empty() { p.empty { (tr.t("conversations-empty")) } }
        ul.cards {
            @for c in items {
                li {
                    h2 { a href=(routes::room(c.room)) { (tr.ta("conversation-with", &[("name", c.with.display_name.clone().into())])) } }
                    p.meta {
                        @if let Some(at) = c.last_message_at { (time(tr, at, true)) }
                        @if c.unread > 0 { " · " span.badge.new { (tr.ta("conversation-unread", &[("count", c.unread.into())])) } }
                        @if let Some(r) = c.request_id { " · " a href=(routes::request(r)) { (tr.t("conversation-request")) } }
                        @if c.ended { " · " (tr.t("conversation-ended-short")) }
                    }
                }
            }
        }
        section aria-labelledby="blocked-h" {
            h2 #blocked-h { (tr.t("blocked-title")) }
            p { (tr.t("block-hint")) }
            @if blocked.is_empty() { p.empty { (tr.t("blocked-empty")) } }
            ul {
                @for b in blocked {
                    @if let Some(username) = &b.username {
                        li {
                            (b.display_name) " "
                            form.inline method="post" action=(routes::account_block(username)) {
                                (csrf(f.csrf))
                                input type="hidden" name="block" value="0";
                                button.link type="submit" { (tr.ta("unblock-person", &[("name", b.display_name.clone().into())])) }
                            }
                        }
                    }
                }
            }
        }
    };
    layout(f, &tr.t("conversations-title"), body)
}
