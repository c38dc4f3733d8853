//! The use cases: what a person can do, one file per area. Each takes the state and a caller
//! already authenticated, loads what it needs through an `*Access` type (load and authorize
//! together), passes the write guard when it writes, and returns domain values or an
//! `AppError`. Pages (`http/pages`) and the JSON API (`http/api`) both call these; neither
//! decides anything of its own. See ARCHITECTURE.md.
pub mod abuse;
pub mod accounts;
pub mod admin;
pub mod chat;
pub mod decisions;
pub mod forum;
pub mod goals;
pub mod groups;
pub mod guard;
pub mod home;
pub mod instance;
pub mod meetings;
pub mod moderation;
pub mod privacy;
pub mod proposals;
pub mod requests;
pub mod search;
pub mod statements;
pub mod vouching;
