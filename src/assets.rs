//! Static files (CSS, scripts, icons) embedded in the binary, with content-hashed URLs so that
//! browsers may cache them for a year.
use std::collections::HashMap;
use std::sync::LazyLock;

use rust_embed::Embed;

#[derive(Embed)]
#[folder = "assets/"]
#[include = "css/*"]
#[include = "js/*"]
#[include = "icons/*"]
pub struct Files;

static VERSIONS: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    Files::iter()
        .filter_map(|name| {
            let file = Files::get(&name)?;
            Some((name.to_string(), hex::encode(&file.metadata.sha256_hash()[..6])))
        })
        .collect()
});

/// The URL of an asset, with its content hash as a version.
pub fn url(path: &str) -> String {
    match VERSIONS.get(path) {
        Some(v) => format!("/assets/{path}?v={v}"),
        None => format!("/assets/{path}"),
    }
}

/// The current version of an asset, when it exists.
pub fn version(path: &str) -> Option<&'static str> {
    VERSIONS.get(path).map(String::as_str)
}
