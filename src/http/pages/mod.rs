//! Server-rendered pages; every one works without JavaScript.
pub mod account;
pub mod admin;
pub mod auth;
pub mod chat;
pub mod decisions;
pub mod feeds;
pub mod forum;
pub mod goals;
pub mod groups;
pub mod home;
pub mod meetings;
pub mod moderation;
pub mod requests;
pub mod search;
pub mod statements;

use crate::error::{AppError, AppResult};

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

/// What became of a form: done, or handed back to the person to fix.
pub enum Outcome<T> {
    Done(T),
    Again(Refusal),
}

/// A refusal the form shows itself: its status, each field's catalogue key, and the one key a
/// one-field form shows (the first field's, or the error's own).
pub struct Refusal {
    pub status: axum::http::StatusCode,
    pub fields: Vec<(&'static str, &'static str)>,
    pub key: &'static str,
    /// Words the admin wrote that the person must see (why their account was suspended).
    pub detail: Option<String>,
}

/// A use case's answer to a form, sorted for the page: what the person can fix comes back to
/// the form (re-rendered with their input); anything else is answered as an error page.
pub trait FormResult<T> {
    /// Back to the form when `shown` says the form can show this error.
    fn again_when(self, shown: fn(&AppError) -> bool) -> AppResult<Outcome<T>>;

    /// Refused input (`Invalid`) comes back to the form.
    fn refused(self) -> AppResult<Outcome<T>>
    where
        Self: Sized,
    {
        self.again_when(|e| matches!(e, AppError::Invalid(_)))
    }

    /// The same, where a conflict (the name is taken, already voted) is also the form's to show.
    fn refused_or_conflict(self) -> AppResult<Outcome<T>>
    where
        Self: Sized,
    {
        self.again_when(|e| matches!(e, AppError::Invalid(_) | AppError::Conflict { .. }))
    }
}

impl<T> FormResult<T> for AppResult<T> {
    fn again_when(self, shown: fn(&AppError) -> bool) -> AppResult<Outcome<T>> {
        match self {
            Ok(done) => Ok(Outcome::Done(done)),
            Err(e) if shown(&e) => {
                let report = e.report();
                let key = report.fields.first().map(|(_, k)| *k).unwrap_or(report.key);
                Ok(Outcome::Again(Refusal {
                    status: report.status,
                    fields: report.fields,
                    key,
                    detail: report.detail,
                }))
            }
            Err(e) => Err(e),
        }
    }
}
