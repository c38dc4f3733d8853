//! The front page.
use maud::{Markup, html};

use crate::services::home::Front;

use super::{Frame, layout};
use crate::routes;

pub fn home_page(f: &Frame, front: Option<&Front>) -> Markup {
    let tr = f.tr;
    let body = html! {
        @if let (Some(u), Some(front)) = (f.user, front) {
            h1 { (tr.ta("home-welcome", &[("name", u.display_name.clone().into())])) }
            (your_groups(f, front))
            section aria-labelledby="for-you-h" {
                h2 #for-you-h { (tr.t("notifications-title")) }
                @if front.notifications.is_empty() {
                    p { (tr.t("notifications-empty")) }
                } @else {
                    ul.cards { @for n in &front.notifications { (crate::views::notifications::item(f, n)) } }
                    p { a href=(routes::NOTIFICATIONS) { (tr.t("home-all-for-you")) } }
                }
            }
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

/// The person's groups with what waits in each; with none yet, the way to one.
fn your_groups(f: &Frame, front: &Front) -> Markup {
    let tr = f.tr;
    let count = |key: &'static str, n: u64| tr.ta(key, &[("count", n.into())]);
    html! {
        section aria-labelledby="your-groups-h" {
            h2 #your-groups-h { (tr.t("home-your-groups")) }
            @if front.groups.is_empty() && front.waiting.is_empty() {
                p { (tr.t("home-no-group")) }
                p.actions {
                    a.button.primary href=(routes::GROUPS) { (tr.t("home-find-group")) }
                    a.button href=(routes::GROUP_NEW) { (tr.t("group-new-title")) }
                }
            } @else {
                ul.cards {
                    @for g in &front.groups {
                        @let slug = &g.group.row.slug;
                        @let n = g.news;
                        li {
                            h3 { a href=(routes::group(slug)) { (g.group.row.name) } }
                            @if g.must_accept {
                                p { strong { (tr.t("rules-changed")) } " "
                                    a href=(format!("{}#accept", routes::group_sub(slug, "rules"))) { (tr.t("rules-read-them")) } }
                            }
                            @if n == Default::default() && !g.must_accept {
                                p.hint { (tr.t("home-nothing-new")) }
                            } @else {
                                ul.news {
                                    @if n.votes > 0 { li { a href=(routes::group_sub(slug, "proposals")) { (count("home-votes", n.votes)) } } }
                                    @if n.cases > 0 { li { a href=(routes::group_sub(slug, "cases")) { (count("home-cases", n.cases)) } } }
                                    @if n.unread_threads > 0 { li { a href=(routes::group_sub(slug, "forum")) { (count("home-unread-threads", n.unread_threads)) } } }
                                    @if n.new_messages > 0 { li { a href=(routes::group_sub(slug, "chat")) { (count("home-new-messages", n.new_messages)) } } }
                                }
                            }
                        }
                    }
                    @for g in &front.waiting {
                        li {
                            h3 { a href=(routes::group(&g.row.slug)) { (g.row.name) } }
                            p.hint { (tr.t("group-pending")) }
                        }
                    }
                }
                p.actions {
                    a href=(routes::GROUPS) { (tr.t("home-find-group")) }
                    a href=(routes::GROUP_NEW) { (tr.t("group-new-title")) }
                }
            }
        }
    }
}
