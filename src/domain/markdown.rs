//! Markdown to safe HTML: pulldown-cmark parses, raw HTML is shown as text, images become
//! links (a remote image would leak every reader's IP address), headings move down two
//! levels (the page owns h1 and h2), and ammonia keeps only a small set of tags and
//! http(s)/mailto links marked `nofollow noopener ugc`.
use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd, html};

static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut b = ammonia::Builder::default();
    b.tags(HashSet::from([
        "p",
        "br",
        "em",
        "strong",
        "del",
        "code",
        "pre",
        "blockquote",
        "ul",
        "ol",
        "li",
        "a",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]))
    .generic_attributes(HashSet::new())
    .tag_attributes(HashMap::from([
        ("a", HashSet::from(["href", "title"])),
        ("ol", HashSet::from(["start"])),
    ]))
    .url_schemes(HashSet::from(["http", "https", "mailto"]))
    .url_relative(ammonia::UrlRelative::Deny)
    .link_rel(Some("nofollow noopener ugc"));
    b
});

fn shift(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H3,
        HeadingLevel::H2 => HeadingLevel::H4,
        HeadingLevel::H3 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

/// Renders Markdown written by a member into HTML that is safe to show to others.
pub fn render(source: &str) -> String {
    render_with(source, false)
}

/// [`render`] for a chat message: a line break typed is a line break shown (in a forum post
/// Markdown joins lines into one paragraph; in a chat nobody expects that).
pub fn render_chat(source: &str) -> Result<String, super::Invalid> {
    limited(render_with(source, true))
}

fn render_with(source: &str, hard_breaks: bool) -> String {
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    let events = Parser::new_ext(source, options).map(|event| match event {
        Event::SoftBreak if hard_breaks => Event::HardBreak,
        Event::Html(raw) | Event::InlineHtml(raw) => Event::Text(raw),
        Event::Start(Tag::Image {
            dest_url, title, id, ..
        }) => Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url,
            title,
            id,
        }),
        Event::End(TagEnd::Image) => Event::End(TagEnd::Link),
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: shift(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shift(level))),
        Event::Start(Tag::CodeBlock(_)) => Event::Start(Tag::CodeBlock(
            pulldown_cmark::CodeBlockKind::Fenced(CowStr::Borrowed("")),
        )),
        other => other,
    });
    let mut unsafe_html = String::with_capacity(source.len() * 3 / 2);
    html::push_html(&mut unsafe_html, events);
    CLEANER.clean(&unsafe_html).to_string()
}

/// The most HTML one text may render to. Markdown can grow a lot as it renders (a table of
/// empty cells ten times and more), and every reader's page carries what is stored.
pub const HTML_MAX: usize = 256 * 1024;

/// [`render`], refusing a text whose HTML would pass [`HTML_MAX`].
pub fn render_limited(source: &str) -> Result<String, super::Invalid> {
    limited(render(source))
}

fn limited(html: String) -> Result<String, super::Invalid> {
    if html.len() > HTML_MAX {
        Err(super::Invalid("err-rendered-too-large"))
    } else {
        Ok(html)
    }
}

/// The links in rendered, sanitized HTML: every `<a>` the sanitizer kept (however the source
/// spelled it: `[x](http:evil.example)`, `HTTPS:`, `<https://…>`; one without an address
/// is no link), and every address-looking
/// word in the text outside them (a bare `https://…` or `www.…` a reader can copy).
pub fn count_links(html: &str) -> usize {
    fn words(text: &str) -> usize {
        text.split(|c: char| c.is_whitespace() || "()<>[]\"'".contains(c))
            .filter(|w| {
                let w = w.to_ascii_lowercase();
                w.contains("://")
                    || w.starts_with("www.")
                    || w.starts_with("http:")
                    || w.starts_with("https:")
            })
            .count()
    }
    let mut n = 0;
    // The anchors open around the text, and whether each leads somewhere: the words of a
    // link are counted once, as the link; an anchor whose address the sanitizer dropped is
    // no link, but an address written in it still is.
    let mut open: Vec<bool> = Vec::new();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        if !open.contains(&true) {
            n += words(&rest[..lt]);
        }
        let after = &rest[lt..];
        let end = after.find('>').map_or(after.len(), |g| g + 1);
        let tag = &after[..end];
        if tag.starts_with("<a ") || tag == "<a>" {
            let leads = tag.contains("href=");
            n += usize::from(leads);
            open.push(leads);
        } else if tag.starts_with("</a>") {
            open.pop();
        }
        rest = &after[end..];
    }
    if !open.contains(&true) {
        n += words(rest);
    }
    n
}

/// The words of a Markdown text without its markup, for the search index: text and code
/// kept, blocks and line breaks turned into single spaces, link targets left out.
pub fn plain_text(source: &str) -> String {
    let mut out = String::with_capacity(source.len());
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for event in Parser::new_ext(source, options) {
        match event {
            Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => out.push_str(&t),
            // Inline markup ends inside a word ("**vet**heid"); blocks end between words.
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link) => {}
            Event::SoftBreak | Event::HardBreak | Event::Rule | Event::End(_) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_keeps_words_only() {
        assert_eq!(
            plain_text("# Kop\n\n**vet** en [een link](https://x.nl)\n\n- een\n- twee\n\n```\nls -l\n```"),
            "Kop vet en een link een twee ls -l"
        );
        assert_eq!(plain_text("a <b>c</b>"), "a <b>c</b>");
    }

    #[test]
    fn plain_markdown_renders() {
        assert_eq!(
            render("**vet** en *schuin*"),
            "<p><strong>vet</strong> en <em>schuin</em></p>\n"
        );
        assert!(render("# Titel").contains("<h3>Titel</h3>"));
    }

    #[test]
    fn raw_html_is_shown_as_text() {
        let out = render("<script>alert(1)</script> <b onclick=x>hi</b>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<b"), "{out}");
        assert!(out.contains("&lt;script&gt;"), "{out}");
    }

    #[test]
    fn links_are_marked_and_dangerous_schemes_dropped() {
        let out = render("[site](https://example.nl) [bad](javascript:alert(1)) [data](data:text/html,x)");
        assert!(
            out.contains("<a href=\"https://example.nl\" rel=\"nofollow noopener ugc\">site</a>"),
            "{out}"
        );
        assert!(!out.contains("javascript:"), "{out}");
        assert!(!out.contains("data:"), "{out}");
    }

    #[test]
    fn images_become_links() {
        let out = render("![een kat](https://example.nl/kat.png)");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("<a href=\"https://example.nl/kat.png\" rel=\"nofollow noopener ugc\">een kat</a>"),
            "{out}"
        );
    }

    #[test]
    fn sanitizing_twice_changes_nothing() {
        for src in [
            "**a** <i>b</i> [c](https://d.nl)",
            "> quote\n\n- one\n- two",
            "```\ncode <x>\n```",
        ] {
            let once = render(src);
            assert_eq!(CLEANER.clean(&once).to_string(), once);
        }
    }

    mod properties {
        use proptest::prelude::*;

        /// Pieces an attacker would stitch together, mixed with ordinary Markdown.
        fn hostile() -> impl Strategy<Value = String> {
            let piece = prop_oneof![
                Just("<script>alert(1)</script>".to_owned()),
                Just("<img src=x onerror=alert(1)>".to_owned()),
                Just("<a href=\"javascript:alert(1)\">x</a>".to_owned()),
                Just("[x](javascript:alert(1))".to_owned()),
                Just("[x](JaVaScRiPt:alert(1))".to_owned()),
                Just("[x](data:text/html;base64,PHNjcmlwdD4=)".to_owned()),
                Just("![x](data:image/png;base64,AAAA)".to_owned()),
                Just("[x](vbscript:msgbox)".to_owned()),
                Just("<svg onload=alert(1)>".to_owned()),
                Just("<iframe src=https://evil.example></iframe>".to_owned()),
                Just("<div style=\"background:url(javascript:x)\">".to_owned()),
                Just("[x]( javascript:alert(1) )".to_owned()),
                Just("<https://example.nl>".to_owned()),
                Just("**vet** *schuin* `code`".to_owned()),
                Just("\n\n> citaat\n\n".to_owned()),
                Just("\n- een\n- twee\n".to_owned()),
                Just("```\n<b>code</b>\n```".to_owned()),
                "[a-zA-Z0-9 <>\"'=:/()\\[\\]!&;#\n-]{0,40}",
            ];
            prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
        }

        fn no_danger(html: &str) -> Result<(), TestCaseError> {
            let lower = html.to_lowercase();
            prop_assert!(!lower.contains("<script"), "script tag in {html}");
            prop_assert!(!lower.contains("<img"), "image in {html}");
            prop_assert!(
                !lower.contains("<iframe") && !lower.contains("<svg"),
                "embed in {html}"
            );
            for attr in lower.split('<').skip(1).filter_map(|tag| tag.split('>').next()) {
                for word in attr.split_whitespace().skip(1) {
                    prop_assert!(!word.starts_with("on"), "event handler {word} in {html}");
                    prop_assert!(!word.starts_with("style"), "style attribute {word} in {html}");
                    if let Some(url) = word.strip_prefix("href=\"") {
                        prop_assert!(
                            url.starts_with("http://")
                                || url.starts_with("https://")
                                || url.starts_with("mailto:"),
                            "link {url} in {html}"
                        );
                    }
                }
            }
            Ok(())
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]

            #[test]
            fn nothing_dangerous_survives(src in hostile()) {
                no_danger(&super::super::render(&src))?;
            }

            #[test]
            fn sanitizing_twice_changes_nothing(src in hostile()) {
                let once = super::super::render(&src);
                prop_assert_eq!(super::super::CLEANER.clean(&once).to_string(), once);
            }
        }
    }

    #[test]
    fn links_are_counted_on_the_rendered_html_however_they_are_spelled() {
        let count = |md: &str| count_links(&render(md));
        assert_eq!(count("no links here"), 0);
        assert_eq!(count("[x](http:evil.example)"), 1);
        assert_eq!(count("[x](HTTPS:evil.example) and [y](https://a.example)"), 2);
        assert_eq!(count("<https://a.example>"), 1, "an autolink once, not twice");
        assert_eq!(count("see https://a.example or www.b.example"), 2);
        assert_eq!(count("HTTP://A.EXAMPLE"), 1);
        assert_eq!(count("[x](javascript:alert(1))"), 0, "the sanitizer drops it");
        assert_eq!(count("geen links hier, alleen www en http"), 0);
        assert_eq!(count("[klik](https://a.nl) (http://b.nl) <ftp://c.nl>"), 3);
    }

    #[test]
    fn chat_keeps_line_breaks_and_posts_join_lines() {
        assert_eq!(
            render_chat("eerste regel\ntweede regel").unwrap(),
            "<p>eerste regel<br>\ntweede regel</p>\n"
        );
        assert_eq!(
            render("eerste regel\ntweede regel"),
            "<p>eerste regel\ntweede regel</p>\n"
        );
    }
}
