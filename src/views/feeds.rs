//! Atom feeds (RFC 4287) of public groups and their threads. Only content anyone may read
//! goes in: the handlers load groups as an anonymous visitor would.
use crate::views::components::thread_title;
use std::collections::HashMap;

use atom_syndication::{Content, Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{DateTime, Utc};
use entity::{post, thread, user};

use crate::db::forum::ThreadSummary;
use crate::db::groups::Group;
use crate::i18n::Tr;
use crate::routes;

/// Absolute URLs of this site.
pub struct Site {
    pub base: url::Url,
}

impl Site {
    fn url(&self, path: &str) -> String {
        let mut u = self.base.clone();
        u.set_path(path);
        u.to_string()
    }
}

fn at(t: DateTime<Utc>) -> FixedDateTime {
    t.fixed_offset()
}

fn person(tr: Tr, u: Option<&user::Model>) -> Person {
    Person {
        name: u
            .map(|u| u.display_name.clone())
            .unwrap_or_else(|| tr.t("former-member")),
        ..Default::default()
    }
}

fn link(href: String, rel: &str, mime: Option<&str>) -> Link {
    Link {
        href,
        rel: rel.to_owned(),
        mime_type: mime.map(str::to_owned),
        ..Default::default()
    }
}

/// A post's text for a feed reader: its sanitized HTML, or only its content warning (a
/// reader cannot fold it, so the text stays on the site).
fn content(tr: Tr, site: &Site, p: &post::Model) -> Content {
    match &p.content_warning {
        Some(w) => Content {
            value: Some(tr.ta("feed-warning", &[("warning", w.clone().into())])),
            content_type: Some("text".to_owned()),
            ..Default::default()
        },
        None => Content {
            value: Some(p.body_html.clone()),
            content_type: Some("html".to_owned()),
            base: Some(site.url(&routes::post(p.id))),
            ..Default::default()
        },
    }
}

fn feed(tr: Tr, id: String, title: String, updated: DateTime<Utc>, self_href: String, page: String) -> Feed {
    Feed {
        id,
        title: Text::plain(title),
        updated: at(updated),
        links: vec![
            link(self_href, "self", Some("application/atom+xml")),
            link(page, "alternate", Some("text/html")),
        ],
        lang: Some(tr.locale().code().to_owned()),
        authors: vec![Person {
            name: "Kwartier".to_owned(),
            ..Default::default()
        }],
        ..Default::default()
    }
}

/// A public group's threads, most recently active first; each with its first post.
pub fn group_feed(
    tr: Tr,
    site: &Site,
    group: &Group,
    threads: &[ThreadSummary],
    first_posts: &HashMap<i32, post::Model>,
) -> String {
    let g = &group.row;
    let updated = threads
        .iter()
        .map(|s| s.thread.last_activity_at)
        .max()
        .unwrap_or(g.created_at);
    let mut f = feed(
        tr,
        site.url(&routes::group(&g.slug)),
        tr.ta("feed-group-title", &[("group", g.name.clone().into())]),
        updated,
        site.url(&routes::group_feed(&g.slug)),
        site.url(&routes::group_sub(&g.slug, "forum")),
    );
    f.entries = threads
        .iter()
        .map(|s| {
            let t: &thread::Model = &s.thread;
            Entry {
                id: site.url(&routes::thread(t.id)),
                title: Text::plain(thread_title(tr, &t.title)),
                updated: at(t.last_activity_at),
                published: Some(at(t.created_at)),
                authors: vec![person(tr, s.author.as_ref())],
                links: vec![link(
                    site.url(&routes::thread(t.id)),
                    "alternate",
                    Some("text/html"),
                )],
                content: first_posts
                    .get(&t.id)
                    .filter(|p| p.status == "visible")
                    .map(|p| content(tr, site, p)),
                summary: Some(Text::plain(
                    tr.ta("reply-count", &[("count", t.reply_count.into())]),
                )),
                ..Default::default()
            }
        })
        .collect();
    f.to_string()
}

/// A public thread's newest visible posts.
pub fn thread_feed(
    tr: Tr,
    site: &Site,
    t: &thread::Model,
    first_post_id: Option<i32>,
    posts: &[(post::Model, Option<user::Model>)],
) -> String {
    let mut f = feed(
        tr,
        site.url(&routes::thread(t.id)),
        thread_title(tr, &t.title),
        t.last_activity_at,
        site.url(&routes::thread_feed(t.id)),
        site.url(&routes::thread(t.id)),
    );
    f.entries = posts
        .iter()
        .map(|(p, author)| {
            let name = person(tr, author.as_ref()).name;
            Entry {
                id: site.url(&routes::post(p.id)),
                title: Text::plain(if Some(p.id) == first_post_id {
                    thread_title(tr, &t.title)
                } else {
                    tr.ta("feed-reply-title", &[("name", name.clone().into())])
                }),
                updated: at(p.edited_at.unwrap_or(p.created_at)),
                published: Some(at(p.created_at)),
                authors: vec![Person {
                    name,
                    ..Default::default()
                }],
                links: vec![link(
                    site.url(&routes::post(p.id)),
                    "alternate",
                    Some("text/html"),
                )],
                content: Some(content(tr, site, p)),
                ..Default::default()
            }
        })
        .collect();
    f.to_string()
}

/// Every statement on the instance, newest first: the signature is the only author.
pub fn statements_feed(tr: Tr, site: &Site, items: &[crate::services::statements::StatementJson]) -> String {
    let updated = items
        .iter()
        .map(|s| s.withdrawn_at.unwrap_or(s.published_at))
        .max()
        .unwrap_or_else(Utc::now);
    let mut f = feed(
        tr,
        site.url(routes::STATEMENTS),
        tr.t("statements-title"),
        updated,
        site.url(routes::STATEMENTS_FEED),
        site.url(routes::STATEMENTS),
    );
    f.entries = items
        .iter()
        .map(|s| {
            let mut html = s.text_html.clone();
            if s.withdrawn_at.is_some() {
                html = format!(
                    "<p><strong>{}</strong></p>{html}",
                    tr.t("statement-withdrawn-short")
                );
            }
            Entry {
                id: site.url(&routes::statement(s.id)),
                title: Text::plain(s.title.clone()),
                updated: at(s.withdrawn_at.unwrap_or(s.published_at)),
                published: Some(at(s.published_at)),
                authors: vec![Person {
                    name: s.signed_as.clone(),
                    ..Default::default()
                }],
                links: vec![link(
                    site.url(&routes::statement(s.id)),
                    "alternate",
                    Some("text/html"),
                )],
                content: Some(Content {
                    value: Some(html),
                    content_type: Some("html".to_owned()),
                    base: Some(site.url(&routes::statement(s.id))),
                    ..Default::default()
                }),
                ..Default::default()
            }
        })
        .collect();
    f.to_string()
}
