//! sea-orm entities: the tables as Rust types, without behaviour.
pub mod group;
pub mod invite;
pub mod membership;
pub mod post;
pub mod post_revision;
pub mod session;
pub mod thread;
pub mod thread_read;
pub mod user;
