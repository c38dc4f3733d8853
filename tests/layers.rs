//! The architecture, kept: every `crate::` path in `src/` is read, and an arrow against the
//! layering in ARCHITECTURE.md fails this test with the file, the line and the rule.
use std::path::{Path, PathBuf};

/// The layer a file belongs to, by its place in `src/`.
fn layer_of(rel: &Path) -> String {
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.as_slice() {
        [http, sub, ..] if http == "http" && (sub == "pages" || sub == "api") => sub.clone(),
        [dir, _, ..] => dir.clone(),
        [file] => file.trim_end_matches(".rs").to_owned(),
        [] => String::new(),
    }
}

/// The layer a `crate::…` path points into.
fn layer_of_path(path: &str) -> String {
    let mut seg = path.split("::");
    let first = seg.next().unwrap_or_default();
    match (first, seg.next()) {
        ("http", Some(sub @ ("pages" | "api"))) => sub.to_owned(),
        _ => first.to_owned(),
    }
}

/// What a layer may not import, and why (the rule as ARCHITECTURE.md words it).
fn forbidden(from: &str, to: &str) -> Option<&'static str> {
    let outer = ["http", "pages", "api", "views", "server"];
    match from {
        "domain" if to != "domain" => Some("domain imports only domain"),
        "db" if !["domain", "db", "config"].contains(&to) => Some("db imports only domain (and config)"),
        "wire" if !["domain", "wire"].contains(&to) => Some("the wire types import only domain"),
        "chat" if outer.contains(&to) || to == "services" || to == "state" => {
            Some("chat never imports http, views, the use cases or the state")
        }
        "services" if outer.contains(&to) => Some("the use cases never import http or views"),
        "views" if ["http", "pages", "api", "server"].contains(&to) => Some("views never import http"),
        "pages" if to == "api" => Some("pages and api never import each other"),
        "api" if to == "pages" => Some("pages and api never import each other"),
        "state" if to == "services" || outer.contains(&to) => Some("the state imports no use case"),
        _ => None,
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::` path on a line, outside comments and strings' ends.
fn crate_paths(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or_default();
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let after = &rest[at + "crate::".len()..];
        let path: String = after
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        out.push(path.trim_end_matches(':').to_owned());
        rest = after;
    }
    out
}

fn arrows_against_the_layers(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut against = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let from = layer_of(rel);
        let text = std::fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            for path in crate_paths(line) {
                let to = layer_of_path(&path);
                if let Some(rule) = forbidden(&from, &to) {
                    against.push(format!(
                        "src/{}:{}: {from} → crate::{path} ({rule})",
                        rel.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    against
}

#[test]
fn every_import_follows_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let against = arrows_against_the_layers(&src);
    assert!(
        against.is_empty(),
        "arrows against ARCHITECTURE.md:\n{}",
        against.join("\n")
    );
}

/// The arrows the issue found, as they were: each must fail.
#[test]
fn the_arrows_that_were_there_would_fail() {
    let cases = [
        ("chat/frames.rs", "use crate::http::api::forum::AuthorJson;"),
        ("chat/mod.rs", "use crate::services::groups::GroupAccess;"),
        (
            "views/decisions.rs",
            "use crate::http::api::decisions::ProposalJson;",
        ),
        ("state.rs", "pub shapes: crate::services::forum::Shapes,"),
        ("state.rs", "crate::services::decisions::tick(&state)"),
        ("services/groups.rs", "use crate::views::groups::group_home;"),
        ("services/forum.rs", "use crate::http::context::Ctx;"),
        ("http/pages/forum.rs", "use crate::http::api::forum::ThreadJson;"),
        (
            "http/api/forum.rs",
            "use crate::http::pages::forum::render_thread;",
        ),
        ("db/forum.rs", "use crate::error::AppResult;"),
        ("domain/forum.rs", "use crate::db::forum::NewPost;"),
    ];
    for (file, line) in cases {
        let from = layer_of(Path::new(file));
        let broken = crate_paths(line)
            .iter()
            .any(|p| forbidden(&from, &layer_of_path(p)).is_some());
        assert!(broken, "{file}: {line} should be against the layers");
    }
    // And what is allowed stays allowed.
    for (file, line) in [
        ("http/pages/forum.rs", "use crate::services::forum::ThreadAccess;"),
        ("services/forum.rs", "use crate::db::shapes::Shapes;"),
        (
            "views/decisions.rs",
            "use crate::services::proposals::ProposalJson;",
        ),
        ("chat/writer.rs", "use crate::wire::AuthorJson;"),
    ] {
        let from = layer_of(Path::new(file));
        assert!(
            crate_paths(line)
                .iter()
                .all(|p| forbidden(&from, &layer_of_path(p)).is_none()),
            "{file}: {line}"
        );
    }
}
