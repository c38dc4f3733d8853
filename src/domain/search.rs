//! Search queries: what a searcher typed, made safe for each database's full-text syntax, and
//! snippets with their highlights turned into HTML.
use super::Invalid;

/// Longest query accepted, in characters.
pub const MAX_QUERY: usize = 200;
/// Words used from one query; the rest are ignored.
const MAX_TERMS: usize = 10;
/// Marks the database puts around a matched word in a snippet (control characters that
/// cannot be typed into a form, so that text cannot fake a highlight).
pub const MARK_START: char = '\u{2}';
pub const MARK_END: char = '\u{3}';

/// A query with at least one word in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    text: String,
    terms: Vec<String>,
}

impl Query {
    pub fn parse(input: &str) -> Result<Self, Invalid> {
        let text: String = input.trim().chars().filter(|c| !c.is_control()).collect();
        if text.chars().count() > MAX_QUERY {
            return Err(Invalid("err-search-too-long"));
        }
        let terms: Vec<String> = text
            .split_whitespace()
            .map(|w| w.replace('"', ""))
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .take(MAX_TERMS)
            .collect();
        if terms.is_empty() {
            return Err(Invalid("err-search-empty"));
        }
        Ok(Self { text, terms })
    }

    /// What was typed, trimmed (for PostgreSQL's `websearch_to_tsquery`, which accepts anything).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// An SQLite FTS5 query: every word must occur, each as a quoted string matching words
    /// that start with it (`zoek` finds `zoeken`), so no input is read as FTS5 syntax.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| format!("\"{t}\"*"))
            .collect::<Vec<_>>()
            .join(" ")
    }
}

/// A snippet from the database as HTML: the text escaped, the highlights as `<mark>`.
pub fn snippet_html(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len() + 32);
    let mut open = false;
    for c in raw.chars() {
        match c {
            MARK_START if !open => {
                out.push_str("<mark>");
                open = true;
            }
            MARK_END if open => {
                out.push_str("</mark>");
                open = false;
            }
            MARK_START | MARK_END => {}
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    if open {
        out.push_str("</mark>");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_quoted_prefix_terms() {
        let q = Query::parse("  zoek \"huis\" OR NEAR(a b) * ").unwrap();
        assert_eq!(q.fts5(), r#""zoek"* "huis"* "OR"* "NEAR(a"* "b)"*"#);
        assert_eq!(q.text(), "zoek \"huis\" OR NEAR(a b) *");
    }

    #[test]
    fn empty_and_overlong_queries_are_refused() {
        assert_eq!(Query::parse("   "), Err(Invalid("err-search-empty")));
        assert_eq!(Query::parse("*** \"\" -"), Err(Invalid("err-search-empty")));
        assert_eq!(
            Query::parse(&"a".repeat(201)),
            Err(Invalid("err-search-too-long"))
        );
        assert!(Query::parse(&"a".repeat(200)).is_ok());
    }

    #[test]
    fn only_ten_words_are_used() {
        let q = Query::parse(&"w ".repeat(30)).unwrap();
        assert_eq!(q.fts5().matches('*').count(), 10);
    }

    #[test]
    fn snippets_are_escaped_and_marked() {
        assert_eq!(
            snippet_html("a <b>\u{2}huis\u{3}</b> & \u{2}x"),
            "a &lt;b&gt;<mark>huis</mark>&lt;/b&gt; &amp; <mark>x</mark>"
        );
        assert_eq!(snippet_html("\u{3}stray\u{2}\u{2}"), "stray<mark></mark>");
    }
}
