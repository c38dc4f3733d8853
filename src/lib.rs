//! Kwartier: threaded forums and live chat for peer groups and self-managed shelters,
//! moderated by their own members.
pub mod abuse;
pub mod accounts;
pub mod admin;
pub mod app;
pub mod assets;
pub mod auth;
pub mod chat;
pub mod config;
pub mod db;
pub mod decisions;
pub mod domain;
pub mod error;
pub mod forum;
pub mod groups;
pub mod guard;
pub mod http;
pub mod i18n;
pub mod instance;
pub mod metrics;
pub mod moderation;
pub mod privacy;
pub mod routes;
pub mod search;
pub mod views;
pub mod vouching;
