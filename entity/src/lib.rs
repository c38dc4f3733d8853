//! sea-orm entities: the tables as Rust types, without behaviour.
pub mod chat_message;
pub mod flag;
pub mod group;
pub mod invite;
pub mod membership;
pub mod notification;
pub mod post;
pub mod post_revision;
pub mod room;
pub mod session;
pub mod thread;
pub mod thread_read;
pub mod thread_watch;
pub mod user;
