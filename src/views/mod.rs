//! Pages and components in maud. Views never query: they get what they show.
pub mod account;
pub mod admin;
pub mod auth;
pub mod cases;
pub mod chat;
pub mod components;
pub mod decisions;
pub mod error;
pub mod feeds;
pub mod forum;
pub mod goals;
pub mod groups;
pub mod help;
pub mod home;
pub mod log;
pub mod meetings;
pub mod moderation;
pub mod notifications;
pub mod requests;
pub mod search;
pub mod statements;

use entity::user;
use maud::{DOCTYPE, Markup, html};

use crate::domain::account::Locale;
use crate::i18n::Tr;
use crate::{assets, routes};

/// What the layout needs to know about the request.
pub struct Frame<'a> {
    pub tr: Tr,
    pub user: Option<&'a user::Model>,
    pub csrf: &'a str,
    pub path: &'a str,
    pub unread: u64,
    /// A vouched password reset waits until then: the banner with "this was not me".
    pub pending_reset: Option<chrono::DateTime<chrono::Utc>>,
    /// The page's Atom feed, if it has one (public groups and their threads).
    pub feed: Option<String>,
    /// The instance: its name, description and crisis contacts.
    pub site: &'a crate::domain::instance::InstanceSettings,
}

/// The page around every view: header with navigation and language switch, main, footer.
pub fn layout(f: &Frame, title: &str, body: Markup) -> Markup {
    let tr = f.tr;
    html! {
        (DOCTYPE)
        html lang=(tr.locale().code()) data-tz=(tr.zone().name())
            data-tz-fixed=[f.user.and_then(|u| u.time_zone.as_ref()).map(|_| "1")] {
            head {
                meta charset="utf-8";
                // For someone who has not chosen a time zone: where the script reports the
                // browser's, once.
                @if let Some(u) = f.user && u.time_zone.is_none() {
                    meta name="kw-time-zone" content=(routes::ACCOUNT_TIME_ZONE) data-csrf=(f.csrf);
                }
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · " (f.site.name) }
                @if !f.site.description.is_empty() {
                    meta name="description" content=(f.site.description);
                }
                link rel="stylesheet" href=(assets::url("css/site.css"));
                link rel="icon" href=(assets::url("icons/favicon.svg")) type="image/svg+xml";
                script src=(assets::url("js/time.js")) defer {}
                @if let Some(feed) = &f.feed {
                    link rel="alternate" type="application/atom+xml" href=(feed) title=(title);
                }
            }
            body {
                a.skip href="#main" { (tr.t("nav-skip")) }
                header.site {
                    a.brand href=(routes::HOME) { (f.site.name) }
                    nav aria-label=(tr.t("nav-label")) {
                        ul {
                            li { a href=(routes::GROUPS) aria-current=[current(f, routes::GROUPS)] { (tr.t("nav-groups")) } }
                            li { a href=(routes::SEARCH) aria-current=[current(f, routes::SEARCH)] { (tr.t("nav-search")) } }
                            @if let Some(u) = f.user {
                                li {
                                    a href=(routes::NOTIFICATIONS) aria-current=[current(f, routes::NOTIFICATIONS)] {
                                        (tr.t("nav-notifications"))
                                        @if f.unread > 0 {
                                            " " span.badge.new { (f.unread) span.visually-hidden { " " (tr.t("unread-label")) } }
                                        }
                                    }
                                }
                                @if u.is_admin {
                                    li { a href=(routes::ADMIN) aria-current=[current(f, routes::ADMIN)] { (tr.t("nav-admin")) } }
                                }
                                li { a href=(routes::ACCOUNT) aria-current=[current(f, routes::ACCOUNT)] { (u.display_name) } }
                                li {
                                    form.inline method="post" action=(routes::LOGOUT) {
                                        input type="hidden" name="csrf" value=(f.csrf);
                                        button.link type="submit" { (tr.t("nav-logout")) }
                                    }
                                }
                            } @else {
                                li { a href=(routes::LOGIN) aria-current=[current(f, routes::LOGIN)] { (tr.t("nav-login")) } }
                                li { a href=(routes::REGISTER) aria-current=[current(f, routes::REGISTER)] { (tr.t("nav-register")) } }
                            }
                        }
                    }
                    (language_switch(f))
                }
                @if let Some(at) = f.pending_reset {
                    div.alert.error.banner role="alert" {
                        p { (components::with_time(tr, "reset-banner", &[], at)) }
                        form.inline method="post" action=(routes::ACCOUNT_RESET_CANCEL) {
                            input type="hidden" name="csrf" value=(f.csrf);
                            button.danger type="submit" { (tr.t("reset-banner-cancel")) }
                        }
                    }
                }
                main #main { (body) }
                footer.site {
                    (crisis_contacts(f))
                    p {
                        a href=(routes::ABOUT) { (tr.ta("about-link", &[("site", f.site.name.clone().into())])) }
                        " · " (tr.t("footer-tagline"))
                    }
                }
            }
        }
    }
}

/// The crisis contacts, on every page: a number to call is never more than a glance away.
fn crisis_contacts(f: &Frame) -> Markup {
    let tr = f.tr;
    html! {
        section.help aria-labelledby="crisis-h" {
            h2 #crisis-h { a href=(routes::HELP) { (tr.t("help-link")) } }
            @if !f.site.crisis_contacts.is_empty() {
                ul.crisis {
                    @for c in &f.site.crisis_contacts {
                        li { (c.name_in(tr.locale())) ": " a href=(components::tel(&c.number)) { (c.number) } }
                    }
                }
            }
        }
    }
}

/// A question before something that cannot be undone, as a page of its own so that it works
/// without JavaScript: what it is about, and one button that does it (the form carries
/// `confirm=yes`) beside the way back.
pub struct Confirm<'a> {
    pub title: String,
    pub question: String,
    /// The item, as safe HTML (rendered and sanitized when it was stored).
    pub item: Option<&'a str>,
    pub action: String,
    pub submit: String,
    pub back: String,
}

pub fn confirm_page(f: &Frame, c: &Confirm) -> Markup {
    let tr = f.tr;
    let body = html! {
        h1 { (c.title) }
        p { (c.question) }
        @if let Some(item) = c.item {
            blockquote.prose.flagged { (maud::PreEscaped(item)) }
        }
        form.stack method="post" action=(c.action) {
            input type="hidden" name="csrf" value=(f.csrf);
            input type="hidden" name="confirm" value="yes";
            button.danger type="submit" { (c.submit) }
        }
        p { a href=(c.back) { (tr.t("confirm-cancel")) } }
    };
    layout(f, &c.title, body)
}

fn current(f: &Frame, path: &str) -> Option<&'static str> {
    (f.path == path).then_some("page")
}

fn language_switch(f: &Frame) -> Markup {
    html! {
        form.lang method="post" action=(routes::LANGUAGE) {
            input type="hidden" name="csrf" value=(f.csrf);
            input type="hidden" name="next" value=(f.path);
            span.visually-hidden { (f.tr.t("lang-label")) }
            @for l in Locale::ALL {
                button type="submit" name="lang" value=(l.code()) lang=(l.code())
                    aria-pressed=(if l == f.tr.locale() { "true" } else { "false" }) { (l.native_name()) }
            }
        }
    }
}
