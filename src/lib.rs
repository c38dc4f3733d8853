//! Kwartier: threaded forums and live chat for peer groups and self-managed shelters,
//! moderated by their own members.
pub mod assets;
pub mod auth;
pub mod chat;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod http;
pub mod i18n;
pub mod limits;
pub mod metrics;
pub mod routes;
pub mod server;
pub mod services;
pub mod state;
pub mod views;
pub mod wire;
