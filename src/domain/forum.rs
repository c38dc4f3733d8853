//! Forum rules: titles, bodies, content warnings, post status, and the reading order of a
//! tree of replies.
use std::collections::HashMap;

use super::Invalid;

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 20_000;
pub const WARNING_MAX: usize = 100;
/// Replies deeper than this are shown at this depth, so that a phone screen stays readable.
pub const MAX_INDENT: usize = 4;
/// Posts per page of a thread.
pub const PAGE_SIZE: usize = 50;

/// What a post is now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostStatus {
    Visible,
    /// Hidden by members' flags, waiting for their decision.
    Hidden,
    /// Removed by the members' decision.
    Removed,
    /// Deleted by its author.
    Deleted,
}

impl PostStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Visible => "visible",
            Self::Hidden => "hidden",
            Self::Removed => "removed",
            Self::Deleted => "deleted",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Visible, Self::Hidden, Self::Removed, Self::Deleted]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

fn fold(raw: &str) -> String {
    raw.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A thread title: 3–200 characters on one line.
pub fn parse_title(raw: &str) -> Result<String, Invalid> {
    if raw
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t')
    {
        return Err(Invalid("err-title-chars"));
    }
    let title = fold(raw);
    match title.chars().count() {
        0 => Err(Invalid("err-required")),
        1..3 => Err(Invalid("err-title-short")),
        n if n > TITLE_MAX => Err(Invalid("err-title-long")),
        _ => Ok(title),
    }
}

/// A post body: Markdown, 1–20,000 characters, line ends normalized.
pub fn parse_body(raw: &str) -> Result<String, Invalid> {
    let body = raw.replace("\r\n", "\n").trim_end().to_owned();
    if body.trim().is_empty() {
        return Err(Invalid("err-required"));
    }
    if body.chars().count() > BODY_MAX {
        return Err(Invalid("err-body-long"));
    }
    if body.chars().any(|c| c.is_control() && c != '\n' && c != '\t') {
        return Err(Invalid("err-body-chars"));
    }
    Ok(body)
}

/// An optional content warning: empty means none.
pub fn parse_warning(raw: Option<&str>) -> Result<Option<String>, Invalid> {
    let Some(raw) = raw else { return Ok(None) };
    if raw.chars().any(char::is_control) {
        return Err(Invalid("err-warning-chars"));
    }
    let w = fold(raw);
    match w.chars().count() {
        0 => Ok(None),
        n if n > WARNING_MAX => Err(Invalid("err-warning-long")),
        _ => Ok(Some(w)),
    }
}

/// A reply that quotes another post: its lines behind `> `, with who wrote it.
pub fn quote(author: &str, body: &str) -> String {
    let mut out = format!("> **{author}:**\n");
    for line in body.lines().take(40) {
        out.push_str("> ");
        out.push_str(line);
        out.push('\n');
    }
    out.push('\n');
    out
}

/// The usernames mentioned as `@name` in a text (at most 20, lowercased, each once).
pub fn mentions(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let chars: Vec<char> = body.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        if *c != '@' || (i > 0 && (chars[i - 1].is_alphanumeric() || chars[i - 1] == '_')) {
            continue;
        }
        let name: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || **c == '_' || **c == '-')
            .collect::<String>()
            .to_lowercase();
        let name = name.trim_end_matches('-').to_owned();
        if (3..=32).contains(&name.len()) && !out.contains(&name) {
            out.push(name);
            if out.len() == 20 {
                break;
            }
        }
    }
    out
}

/// Orders posts as a tree: each post followed by its replies, oldest first, depth-first.
/// Input: `(id, parent_id)` in any order. Output: `(index into input, depth)`. A post whose
/// parent is missing is treated as a top-level post, so nothing is ever lost.
pub fn tree_order(posts: &[(i32, Option<i32>)]) -> Vec<(usize, usize)> {
    let ids: HashMap<i32, usize> = posts.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    let mut children: HashMap<Option<i32>, Vec<usize>> = HashMap::new();
    for (i, (id, parent)) in posts.iter().enumerate() {
        let parent = parent.filter(|p| ids.contains_key(p) && p != id);
        children.entry(parent).or_default().push(i);
    }
    for list in children.values_mut() {
        list.sort_by_key(|&i| posts[i].0);
    }
    let mut out = Vec::with_capacity(posts.len());
    let mut seen = vec![false; posts.len()];
    let mut stack: Vec<(usize, usize)> = children
        .get(&None)
        .into_iter()
        .flatten()
        .rev()
        .map(|&i| (i, 0))
        .collect();
    while let Some((i, depth)) = stack.pop() {
        if std::mem::replace(&mut seen[i], true) {
            continue;
        }
        out.push((i, depth));
        if let Some(kids) = children.get(&Some(posts[i].0)) {
            stack.extend(kids.iter().rev().map(|&k| (k, depth + 1)));
        }
    }
    // A cycle (which the database cannot produce, but still) is shown flat at the end.
    for (i, s) in seen.iter().enumerate() {
        if !s {
            out.push((i, 0));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_bodies_and_warnings_are_bounded() {
        assert_eq!(parse_title("  Hoe   gaat het? "), Ok("Hoe gaat het?".into()));
        assert_eq!(parse_title("ab"), Err(Invalid("err-title-short")));
        assert_eq!(parse_title(&"x".repeat(201)), Err(Invalid("err-title-long")));
        assert_eq!(parse_body("  \n "), Err(Invalid("err-required")));
        assert_eq!(parse_body("hoi\r\ndaar  \n"), Ok("hoi\ndaar".into()));
        assert_eq!(parse_body(&"x".repeat(20_001)), Err(Invalid("err-body-long")));
        assert_eq!(parse_body("a\u{0}b"), Err(Invalid("err-body-chars")));
        assert_eq!(parse_warning(Some("  ")), Ok(None));
        assert_eq!(
            parse_warning(Some("zelfbeschadiging")),
            Ok(Some("zelfbeschadiging".into()))
        );
        assert_eq!(
            parse_warning(Some(&"x".repeat(101))),
            Err(Invalid("err-warning-long"))
        );
        assert_eq!(parse_warning(None), Ok(None));
    }

    #[test]
    fn replies_follow_the_post_they_answer() {
        // 1 ─ 2 ─ 4
        //   └ 3
        // 5
        let posts = [(4, Some(2)), (1, None), (3, Some(1)), (5, None), (2, Some(1))];
        let order: Vec<(i32, usize)> = tree_order(&posts)
            .into_iter()
            .map(|(i, d)| (posts[i].0, d))
            .collect();
        assert_eq!(order, vec![(1, 0), (2, 1), (4, 2), (3, 1), (5, 0)]);
    }

    #[test]
    fn orphans_and_cycles_are_never_lost() {
        let posts = [(1, None), (2, Some(99)), (3, Some(4)), (4, Some(3))];
        let order = tree_order(&posts);
        assert_eq!(order.len(), 4);
        let mut ids: Vec<i32> = order.iter().map(|(i, _)| posts[*i].0).collect();
        ids.sort();
        assert_eq!(ids, vec![1, 2, 3, 4]);
    }

    #[test]
    fn mentions_are_found_once_and_not_in_addresses() {
        assert_eq!(
            mentions("Hoi @Anna en @bert_1, @anna! mail@example.nl @ab"),
            vec!["anna", "bert_1"]
        );
        assert_eq!(mentions("(@carl-) zie @dora."), vec!["carl", "dora"]);
    }

    #[test]
    fn quotes_mark_every_line() {
        assert_eq!(quote("Anna", "een\ntwee"), "> **Anna:**\n> een\n> twee\n\n");
    }
}
