//! Pure rules without I/O: names, passwords, and (later) permissions, voting and moderation.
pub mod account;
pub mod chat;
pub mod decisions;
pub mod forum;
pub mod goals;
pub mod group;
pub mod instance;
pub mod markdown;
pub mod meetings;
pub mod moderation;
pub mod password;
pub mod policy;
pub mod requests;
pub mod search;

/// Why a field was refused: a catalogue key, so that pages and API speak the reader's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Invalid(pub &'static str);
