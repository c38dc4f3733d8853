//! Server-rendered pages; every one works without JavaScript.
pub mod account;
pub mod admin;
pub mod auth;
pub mod chat;
pub mod decisions;
pub mod feeds;
pub mod forum;
pub mod groups;
pub mod home;
pub mod moderation;
pub mod search;

/// `?done=…` after a form: which notice the next page shows.
#[derive(serde::Deserialize, Default)]
pub struct Done {
    pub done: Option<String>,
}

impl Done {
    /// The notice for this outcome from `table` (the `done` value → its catalogue key).
    pub fn notice(&self, tr: crate::i18n::Tr, table: &[(&str, &'static str)]) -> Option<String> {
        notice(tr, self.done.as_deref(), table)
    }
}

/// The notice for the outcome `done` from `table`, if it is one of them.
pub fn notice(tr: crate::i18n::Tr, done: Option<&str>, table: &[(&str, &'static str)]) -> Option<String> {
    let done = done?;
    table.iter().find(|(d, _)| *d == done).map(|(_, key)| tr.t(key))
}
