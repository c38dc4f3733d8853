//! Forum pages: the thread list, a thread as a tree, editing and earlier versions.
use crate::views::components::thread_title;
use entity::{post, post_revision, thread, user};
use maud::{Markup, PreEscaped, html};

use super::components::{csrf, error_summary, notice, time, with_time};
use super::{Frame, layout};
use crate::db::forum::ThreadSummary;
use crate::db::groups::Group;
use crate::domain::forum::{BODY_MAX, MAX_INDENT, PostStatus, TITLE_MAX, WARNING_MAX};
use crate::i18n::Tr;
use crate::routes;

fn author_name(tr: Tr, u: Option<&user::Model>) -> String {
    u.map(|u| u.display_name.clone())
        .unwrap_or_else(|| tr.t("former-member"))
}

/// The fields to write a post: body, content warning; errors by field.
pub struct Composer<'a> {
    pub action: String,
    pub title: Option<&'a str>,
    pub body: &'a str,
    pub warning: &'a str,
    pub parent_id: Option<i32>,
    pub replying_to: Option<String>,
    pub errors: &'a [(&'static str, &'static str)],
    pub submit_key: &'static str,
}

fn field_error(errors: &[(&'static str, &'static str)], f: &str) -> Option<&'static str> {
    errors.iter().find(|(n, _)| *n == f).map(|(_, k)| *k)
}

pub fn composer(f: &Frame, c: &Composer) -> Markup {
    let tr = f.tr;
    html! {
        form.stack.wide #compose method="post" action=(c.action) novalidate {
            (csrf(f.csrf))
            @if let Some(p) = c.parent_id { input type="hidden" name="parent_id" value=(p); }
            @if let Some(to) = &c.replying_to { p.hint { (tr.ta("replying-to", &[("name", to.clone().into())])) } }
            @if let Some(title) = c.title {
                div.field.invalid[field_error(c.errors, "title").is_some()] {
                    label for="f-title" { (tr.t("field-title")) }
                    @if let Some(e) = field_error(c.errors, "title") { p.error #f-title-error { (tr.t(e)) } }
                    input #f-title type="text" name="title" value=(title) maxlength=(TITLE_MAX) required
                        aria-invalid=[field_error(c.errors, "title").map(|_| "true")]
                        aria-describedby=[field_error(c.errors, "title").map(|_| "f-title-error")];
                }
            }
            div.field.invalid[field_error(c.errors, "body").is_some()] {
                label for="f-body" { (tr.t("field-body")) }
                p.hint #f-body-hint { (tr.t("hint-markdown")) }
                @if let Some(e) = field_error(c.errors, "body") { p.error #f-body-error { (tr.t(e)) } }
                textarea #f-body name="body" rows="6" maxlength=(BODY_MAX) required
                    aria-invalid=[field_error(c.errors, "body").map(|_| "true")]
                    aria-describedby=(if field_error(c.errors, "body").is_some() { "f-body-hint f-body-error" } else { "f-body-hint" }) { (c.body) }
            }
            div.field.invalid[field_error(c.errors, "content_warning").is_some()] {
                label for="f-warning" { (tr.t("field-warning")) }
                p.hint #f-warning-hint { (tr.t("hint-warning")) }
                @if let Some(e) = field_error(c.errors, "content_warning") { p.error { (tr.t(e)) } }
                input #f-warning type="text" name="content_warning" value=(c.warning) maxlength=(WARNING_MAX)
                    aria-describedby="f-warning-hint";
            }
            button.primary type="submit" { (tr.t(c.submit_key)) }
        }
    }
}

pub struct ForumView<'a> {
    pub group: &'a Group,
    pub threads: &'a [ThreadSummary],
    pub can_write: bool,
    pub composer: Option<Composer<'a>>,
    pub notice: Option<String>,
}

pub fn forum_page(f: &Frame, v: &ForumView) -> Markup {
    let tr = f.tr;
    let g = v.group;
    let body = html! {
        p.crumbs { a href=(routes::group(&g.row.slug)) { (g.row.name) } }
        h1 { (tr.t("forum-title")) }
        p { a href=(format!("{}?group={}", routes::SEARCH, g.row.slug)) { (tr.t("search-in-group")) } }
        (notice(v.notice.clone()))
        @if v.threads.is_empty() {
            p { (tr.t("forum-empty")) }
        } @else {
            ul.cards.threads {
                @for s in v.threads {
                    li.unread[s.unread] {
                        h2 {
                            a href=(routes::thread(s.thread.id)) { (thread_title(tr, &s.thread.title)) }
                            @if s.unread { " " span.badge.new { (tr.t("badge-new")) } }
                        }
                        p.meta {
                            @if s.thread.pinned { span.badge { (tr.t("badge-pinned")) } " " }
                            @if s.thread.locked { span.badge { (tr.t("badge-locked")) } " " }
                            (author_name(tr, s.author.as_ref())) " · "
                            (tr.ta("reply-count", &[("count", s.thread.reply_count.into())])) " · "
                            (time(tr, s.thread.last_activity_at, false))
                        }
                    }
                }
            }
        }
        @if let Some(c) = &v.composer {
            section aria-labelledby="new-thread-h" {
                h2 #new-thread-h { (tr.t("thread-new-title")) }
                (error_summary((!c.errors.is_empty()).then(|| tr.t("err-form-summary"))))
                (composer(f, c))
            }
        } @else if !v.can_write && f.user.is_some() {
            p.hint { (tr.t("forum-members-write")) }
        }
    };
    layout(
        f,
        &format!("{} · {}", tr.t("forum-title"), g.row.name),
        html! { (body) (feed_link(f)) },
    )
}

fn feed_link(f: &Frame) -> Markup {
    html! {
        @if let Some(feed) = &f.feed {
            p.feed { a href=(feed) type="application/atom+xml" { (f.tr.t("feed-link")) } }
        }
    }
}

/// One post as the thread page shows it.
pub struct PostItem<'a> {
    pub post: &'a post::Model,
    pub author: Option<&'a user::Model>,
    pub depth: usize,
    pub parent_author: Option<String>,
    /// The text the reader may see, if any.
    pub text: Option<&'a str>,
    pub is_new: bool,
    pub mine: bool,
    /// The reader put its author on "niet meer zien".
    pub muted: bool,
    /// For a hidden or removed post: the rules cited, how many flagged it, until when the
    /// group decides, its case.
    pub hidden: Option<crate::db::flags::HiddenWhy>,
}

pub struct ThreadView<'a> {
    pub group: &'a Group,
    pub thread: &'a thread::Model,
    pub posts: Vec<PostItem<'a>>,
    pub page: usize,
    pub pages: usize,
    pub first_unread: Option<(i32, usize)>,
    pub can_write: bool,
    pub can_moderate: bool,
    /// A member, who can open the group's cases.
    pub can_see_cases: bool,
    /// Muted by a sanction: reads along, does not write.
    pub muted: bool,
    pub watching: bool,
    pub composer: Option<Composer<'a>>,
}

fn post_item(f: &Frame, v: &ThreadView, p: &PostItem) -> Markup {
    let tr = f.tr;
    let status = PostStatus::parse(&p.post.status).unwrap_or(PostStatus::Removed);
    let depth = p.depth.min(MAX_INDENT);
    let id = p.post.id;
    html! {
        article.post.(format!("d{depth}")).new[p.is_new] #(format!("p{id}")) aria-labelledby=(format!("p{id}-by")) {
            header {
                strong #(format!("p{id}-by")) {
                    // Members share this group with the author: the name leads to the profile.
                    @match p.author {
                        Some(a) if v.can_see_cases => a href=(routes::user(&a.username)) { (a.display_name) },
                        author => (author_name(tr, author)),
                    }
                }
                " · "
                a href=(format!("#p{id}")) { (time(tr, p.post.created_at, false)) }
                @if p.post.edited_at.is_some() && status == PostStatus::Visible {
                    " · " a href=(routes::post_revisions(id)) { (tr.t("post-edited")) }
                }
                @if p.is_new { " " span.badge.new { (tr.t("badge-new")) } }
                @if let Some(parent) = &p.parent_author {
                    @if p.depth > MAX_INDENT || p.depth > 0 {
                        br; span.hint { (tr.ta("in-reply-to", &[("name", parent.clone().into())])) }
                    }
                }
            }
            @match (status, p.text) {
                (PostStatus::Deleted, _) => p.placeholder { (tr.t("post-deleted")) },
                (PostStatus::Removed, _) => p.placeholder {
                    (tr.t("post-removed"))
                    @if let Some(why) = &p.hidden { @if !why.rules.is_empty() { " " (tr.ta("hidden-rules", &[("rules", why.rules.join("; ").into())])) } }
                    @if let Some(case) = p.hidden.as_ref().and_then(|w| w.case_id).filter(|_| v.can_see_cases) {
                        " " a href=(routes::case(case)) { (tr.t(if p.mine { "removed-own-case" } else { "see-case" })) }
                    }
                },
                (PostStatus::Hidden, None) => p.placeholder {
                    (tr.t("post-hidden"))
                    @if let Some(why) = &p.hidden { @if !why.rules.is_empty() { " " (tr.ta("hidden-rules", &[("rules", why.rules.join("; ").into())])) } }
                    @if let Some(case) = p.hidden.as_ref().and_then(|w| w.case_id).filter(|_| v.can_see_cases) {
                        " " a href=(routes::case(case)) { (tr.t("see-case")) }
                    }
                },
                (status, Some(html_text)) => {
                    @if status == PostStatus::Hidden {
                        @if let Some(why) = &p.hidden {
                            p.notice.hidden-own role="status" {
                                (tr.ta("hidden-own", &[("flags", why.flags.into())]))
                                @if !why.rules.is_empty() { " " (tr.ta("hidden-rules", &[("rules", why.rules.join("; ").into())])) }
                                @if let Some(u) = why.until { " " (with_time(tr, "hidden-until", &[], u)) }
                                @if let Some(case) = why.case_id { " " a href=(routes::case(case)) { (tr.t("see-case")) } }
                            }
                        }
                    }
                    @if p.muted {
                        details.muted-post {
                            summary { (tr.ta("muted-fold", &[("name", author_name(tr, p.author).into())])) }
                            // Sanitized by ammonia when the post was saved.
                            div.prose { (PreEscaped(html_text)) }
                        }
                    } @else if let Some(w) = &p.post.content_warning {
                        details.cw {
                            summary { (tr.ta("content-warning", &[("warning", w.clone().into())])) }
                            // Sanitized by ammonia when the post was saved.
                            div.prose { (PreEscaped(html_text)) }
                        }
                    } @else {
                        div.prose { (PreEscaped(html_text)) }
                    }
                }
                (_, None) => p.placeholder { (tr.t("post-hidden")) },
            }
            @if status == PostStatus::Visible && (v.can_write || p.mine) {
                p.post-actions {
                    @if v.can_write && !v.thread.locked {
                        a href=(format!("{}?reply_to={id}#compose", routes::thread(v.thread.id))) { (tr.t("post-reply")) }
                        a href=(format!("{}?reply_to={id}&quote={id}#compose", routes::thread(v.thread.id))) { (tr.t("post-quote")) }
                    }
                    @if !p.mine && v.can_write {
                        a href=(routes::post_flag(id)) { (tr.t("flag-link")) }
                    }
                    // A steward's urgent removal is not a link beside "flag": it is offered on
                    // the flag page, with what it means, for what cannot wait.
                    @if let Some(a) = p.author.filter(|_| !p.mine && !p.muted) {
                        form.inline method="post" action=(routes::user_mute(&a.username)) {
                            (csrf(f.csrf))
                            input type="hidden" name="back" value=(format!("{}#p{id}", routes::thread(v.thread.id)));
                            button.link type="submit" { (tr.t("mute-link")) }
                        }
                    }
                    @if p.mine {
                        a href=(routes::post_edit(id)) { (tr.t("post-edit")) }
                        form.inline method="post" action=(routes::post_delete(id)) {
                            (csrf(f.csrf)) button.link type="submit" { (tr.t("post-delete")) }
                        }
                    }
                }
            }
        }
    }
}

pub fn thread_page(f: &Frame, v: &ThreadView) -> Markup {
    let tr = f.tr;
    let t = v.thread;
    let pager = |current: usize| {
        html! {
            @if v.pages > 1 {
                nav.pager aria-label=(tr.t("pages-label")) {
                    ul {
                        @for n in 1..=v.pages {
                            li { a href=(format!("{}?page={n}", routes::thread(t.id))) aria-current=[(n == current).then_some("page")] { (n) } }
                        }
                    }
                }
            }
        }
    };
    let body = html! {
        p.crumbs {
            a href=(routes::group(&v.group.row.slug)) { (v.group.row.name) } " › "
            a href=(routes::group_sub(&v.group.row.slug, "forum")) { (tr.t("forum-title")) }
        }
        h1 { (thread_title(tr, &t.title)) }
        p.meta {
            @if t.pinned { span.badge { (tr.t("badge-pinned")) } " " }
            @if t.locked { span.badge { (tr.t("badge-locked")) } " " }
            (tr.ta("reply-count", &[("count", t.reply_count.into())]))
        }
        @if let Some((pid, page)) = v.first_unread {
            p { a href=(format!("{}?page={page}#p{pid}", routes::thread(t.id))) { (tr.t("jump-unread")) } }
        }
        @if v.can_write {
            form.inline.moderate method="post" action=(routes::thread_watch(t.id)) {
                (csrf(f.csrf))
                button type="submit" name="action" value=(if v.watching { "unwatch" } else { "watch" }) {
                    (tr.t(if v.watching { "thread-unwatch" } else { "thread-watch" }))
                }
            }
        }
        @if v.can_moderate {
            form.inline.moderate method="post" action=(routes::thread_flags(t.id)) {
                (csrf(f.csrf))
                button type="submit" name="action" value=(if t.pinned { "unpin" } else { "pin" }) {
                    (tr.t(if t.pinned { "thread-unpin" } else { "thread-pin" }))
                }
                " "
                button type="submit" name="action" value=(if t.locked { "unlock" } else { "lock" }) {
                    (tr.t(if t.locked { "thread-unlock" } else { "thread-lock" }))
                }
            }
        }
        (pager(v.page))
        div.posts { @for p in &v.posts { (post_item(f, v, p)) } }
        (pager(v.page))
        @if t.locked {
            p.hint { (tr.t("thread-locked")) }
        } @else if v.muted {
            p.notice role="status" { (tr.t("err-chat-muted")) }
        } @else if let Some(c) = &v.composer {
            section aria-labelledby="reply-h" {
                h2 #reply-h { (tr.t("reply-title")) }
                (error_summary((!c.errors.is_empty()).then(|| tr.t("err-form-summary"))))
                (composer(f, c))
            }
        } @else if f.user.is_none() {
            p { a href=(routes::login_then(&routes::thread(t.id))) { (tr.t("login-to-reply")) } }
        }
    };
    layout(f, &thread_title(f.tr, &t.title), html! { (body) (feed_link(f)) })
}

pub fn edit_page(f: &Frame, thread: &thread::Model, c: &Composer) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(routes::thread(thread.id)) { (thread_title(tr, &thread.title)) } }
        h1 { (tr.t("edit-title")) }
        p { (tr.t("edit-intro")) }
        (error_summary((!c.errors.is_empty()).then(|| tr.t("err-form-summary"))))
        (composer(f, c))
    };
    layout(f, &tr.t("edit-title"), body)
}

pub fn revisions_page(
    f: &Frame,
    thread: &thread::Model,
    current: &post::Model,
    revisions: &[post_revision::Model],
) -> Markup {
    let tr = f.tr;
    let body = html! {
        p.crumbs { a href=(format!("{}#p{}", routes::thread(thread.id), current.id)) { (thread_title(tr, &thread.title)) } }
        h1 { (tr.t("revisions-title")) }
        section {
            h2 { (tr.t("revision-now")) }
            div.prose { (PreEscaped(&current.body_html)) }
        }
        @for r in revisions {
            section {
                h2 { (with_time(tr, "revision-from", &[], r.created_at)) }
                pre.source { (r.body) }
            }
        }
    };
    layout(f, &tr.t("revisions-title"), body)
}
