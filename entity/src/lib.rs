//! sea-orm entities: the tables as Rust types, without behaviour.
pub mod session;
pub mod user;
