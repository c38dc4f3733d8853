//! sea-orm entities: the tables as Rust types, without behaviour.
pub mod group;
pub mod invite;
pub mod membership;
pub mod session;
pub mod user;
