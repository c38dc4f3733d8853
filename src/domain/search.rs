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
    /// that start with it (`zoek` finds `zoeken`) or, for a single word, by its Dutch or English
    /// stem in the `stems` column (`slaap` finds `slapen`), so no input is read as FTS5 syntax.
    pub fn fts5(&self) -> String {
        self.terms
            .iter()
            .map(|t| {
                let words: Vec<String> = words(t).collect();
                match words.as_slice() {
                    [word] => {
                        let mut alternatives = vec![format!("\"{t}\"*")];
                        for stem in word_stems(word) {
                            let alternative = format!("stems : \"{stem}\"");
                            if !alternatives.contains(&alternative) {
                                alternatives.push(alternative);
                            }
                        }
                        format!("({})", alternatives.join(" OR "))
                    }
                    _ => format!("\"{t}\"*"),
                }
            })
            .collect::<Vec<_>>()
            .join(" AND ")
    }
}

impl Query {
    /// Marks, in text from the index, the words found by their stem only (`slapen` for
    /// `slaap`), as the database marks those found as typed: SQLite's highlights know only the
    /// latter. Text already inside a mark is left as it is.
    pub fn mark_stems(&self, raw: &str) -> String {
        let wanted: Vec<String> = self
            .terms
            .iter()
            .flat_map(|t| words(t).flat_map(|w| word_stems(&w)).collect::<Vec<_>>())
            .collect();
        let found = |word: &str| {
            let lower = word.to_lowercase();
            word_stems(&lower).iter().any(|s| wanted.contains(s))
        };
        let mut out = String::with_capacity(raw.len() + 8);
        let mut word = String::new();
        let mut marked = false;
        let flush = |word: &mut String, out: &mut String, marked: bool| {
            if !word.is_empty() {
                if !marked && found(word) {
                    out.push(MARK_START);
                    out.push_str(word);
                    out.push(MARK_END);
                } else {
                    out.push_str(word);
                }
                word.clear();
            }
        };
        for c in raw.chars() {
            if c.is_alphanumeric() {
                word.push(c);
                continue;
            }
            flush(&mut word, &mut out, marked);
            match c {
                MARK_START => marked = true,
                MARK_END => marked = false,
                _ => {}
            }
            out.push(c);
        }
        flush(&mut word, &mut out, marked);
        out
    }
}

/// The words of a text, lowercased: runs of letters and digits.
fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
}

/// A word's stems by Snowball's Dutch and English stemmers (`slapen` and `slaap` both give
/// `slap`; `huisregels` gives `huisregel`).
fn word_stems(word: &str) -> [String; 2] {
    use rust_stemmers::{Algorithm, Stemmer};
    static DUTCH: std::sync::LazyLock<Stemmer> =
        std::sync::LazyLock::new(|| Stemmer::create(Algorithm::Dutch));
    static ENGLISH: std::sync::LazyLock<Stemmer> =
        std::sync::LazyLock::new(|| Stemmer::create(Algorithm::English));
    [DUTCH.stem(word).into_owned(), ENGLISH.stem(word).into_owned()]
}

/// What SQLite indexes beside a text so that words are found by their stem: each stem of the
/// text's words once, separated by spaces (PostgreSQL stems with its own dictionaries).
pub fn stems(text: &str) -> String {
    let mut seen = std::collections::HashSet::new();
    let mut out = String::new();
    for word in words(text) {
        for stem in word_stems(&word) {
            if seen.insert(stem.clone()) {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&stem);
            }
        }
    }
    out
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
        assert_eq!(
            q.fts5(),
            r#"("zoek"* OR stems : "zoek") AND ("huis"* OR stems : "huis" OR stems : "hui") AND ("OR"* OR stems : "or") AND "NEAR(a"* AND ("b)"* OR stems : "b")"#
        );
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
    fn words_are_found_by_their_dutch_and_english_stems() {
        let q = Query::parse("slaap Huisregels sleeping").unwrap();
        assert_eq!(
            q.fts5(),
            r#"("slaap"* OR stems : "slap" OR stems : "slaap") AND ("Huisregels"* OR stems : "huisregel") AND ("sleeping"* OR stems : "sleeping" OR stems : "sleep")"#
        );
        let indexed = stems("Slapen lukt niet; de huisregel, de huisregel.");
        assert_eq!(indexed, "slap slapen lukt niet de huisregel");
        assert!(indexed.split(' ').any(|s| s == "slap"));
    }

    #[test]
    fn words_found_by_their_stem_are_marked() {
        let q = Query::parse("slaap").unwrap();
        assert_eq!(
            q.mark_stems("Ik \u{2}slaap\u{3} slecht, Slapen lukt niet"),
            "Ik \u{2}slaap\u{3} slecht, \u{2}Slapen\u{3} lukt niet"
        );
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
