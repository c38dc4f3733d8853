//! The search page: a form, and the hits with their highlighted snippets.
use crate::views::components::thread_title;
use maud::{Markup, PreEscaped, html};

use super::{Frame, layout};
use crate::db::search::Hit;
use crate::domain::search::{MAX_QUERY, snippet_html};
use crate::routes;

pub struct SearchView<'a> {
    pub q: &'a str,
    /// The group searched in (slug, name), if only one.
    pub group: Option<(&'a str, &'a str)>,
    pub error: Option<&'static str>,
    /// None when nothing was searched yet.
    pub hits: Option<&'a [Hit]>,
    pub page: u64,
    pub more: bool,
}

fn page_link(v: &SearchView, page: u64) -> String {
    let mut url = url::form_urlencoded::Serializer::new(String::new());
    url.append_pair("q", v.q);
    if let Some((slug, _)) = v.group {
        url.append_pair("group", slug);
    }
    url.append_pair("page", &page.to_string());
    format!("{}?{}", routes::SEARCH, url.finish())
}

pub fn search_page(f: &Frame, v: &SearchView) -> Markup {
    let tr = f.tr;
    let body = html! {
        @if let Some((slug, name)) = v.group {
            p.crumbs { a href=(routes::group(slug)) { (name) } }
        }
        h1 { (tr.t("search-title")) }
        form.stack.search method="get" action=(routes::SEARCH) role="search" {
            @if let Some((slug, _)) = v.group { input type="hidden" name="group" value=(slug); }
            div.field.invalid[v.error.is_some()] {
                label for="f-q" {
                    @match v.group {
                        Some((_, name)) => (tr.ta("search-label-group", &[("group", name.to_string().into())])),
                        None => (tr.t("search-label")),
                    }
                }
                @if let Some(e) = v.error { p.error #f-q-error { (tr.t(e)) } }
                input #f-q type="search" name="q" value=(v.q) maxlength=(MAX_QUERY)
                    aria-invalid=[v.error.map(|_| "true")]
                    aria-describedby=[v.error.map(|_| "f-q-error")];
            }
            button.primary type="submit" { (tr.t("search-submit")) }
        }
        @if let Some(hits) = v.hits {
            @if hits.is_empty() {
                p #search-none { (tr.t("search-none")) }
            } @else {
                ul.cards.hits aria-label=(tr.t("search-results")) {
                    @for h in hits {
                        li {
                            h2 {
                                @if h.first {
                                    a href=(routes::thread(h.thread_id)) {
                                        @if h.title_marked.is_empty() { (thread_title(tr, &h.title)) } @else { (PreEscaped(snippet_html(&h.title_marked))) }
                                    }
                                } @else {
                                    a href=(routes::post(h.post_id)) { (tr.ta("search-reply-in", &[("title", thread_title(tr, &h.title).into())])) }
                                }
                            }
                            @if v.group.is_none() { p.meta { (h.group_name) } }
                            // snippet_html escapes the text and adds only <mark>.
                            @if let Some(w) = &h.content_warning {
                                details.cw {
                                    summary { (tr.ta("content-warning", &[("warning", w.clone().into())])) }
                                    p.snippet { (PreEscaped(snippet_html(&h.snippet))) }
                                }
                            } @else {
                                p.snippet { (PreEscaped(snippet_html(&h.snippet))) }
                            }
                        }
                    }
                }
                nav.pager aria-label=(tr.t("pages-label")) {
                    @if v.page > 1 { a href=(page_link(v, v.page - 1)) rel="prev" { (tr.t("pager-prev")) } " " }
                    @if v.more { a href=(page_link(v, v.page + 1)) rel="next" { (tr.t("pager-next")) } }
                }
            }
        }
    };
    layout(f, &tr.t("search-title"), body)
}
