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
