//! The application state every handler and use case receives: configuration, the database,
//! the chat handle, the caches and the limiters. Built here; assembled and served by
//! `server.rs`.
use std::ops::Deref;
use std::sync::Arc;

use sea_orm::DatabaseConnection;

use crate::auth::{Hasher, RateLimits};
use crate::chat::Chat;
use crate::config::Config;
use crate::db;

/// Everything a request handler may need, shared by all of them.
pub struct App {
    pub config: Config,
    pub db: DatabaseConnection,
    pub hasher: Hasher,
    pub limits: RateLimits,
    pub chat: Chat,
    pub shapes: crate::db::shapes::Shapes,
    pub site: crate::db::site::Site,
    pub chat_repeats: crate::limits::ChatRepeats,
    pub metrics: crate::metrics::Metrics,
    /// Turns for "at most N" limits under concurrent requests.
    pub turns: crate::db::serial::Turns,
    /// Group commit for forum posts.
    pub commits: crate::db::commit::GroupCommit,
}

/// Cheap to clone: handlers take it as `State<AppState>`.
#[derive(Clone)]
pub struct AppState(pub Arc<App>);

impl Deref for AppState {
    type Target = App;
    fn deref(&self) -> &App {
        &self.0
    }
}

impl AppState {
    /// Connects to the database, applies migrations and builds the state.
    pub async fn init(config: Config) -> anyhow::Result<Self> {
        let db = db::connect(&config).await?;
        db::migrate(&db).await?;
        let site = crate::db::site::Site::load(&db, &config).await?;
        let state = Self(Arc::new(App {
            site,
            chat_repeats: Default::default(),
            metrics: Default::default(),
            turns: Default::default(),
            limits: RateLimits::new(&config),
            hasher: Hasher::new(),
            chat: Chat::start(db.clone(), config.no_relay),
            shapes: Default::default(),
            commits: crate::db::commit::GroupCommit::spawn(db.clone()),
            config,
            db,
        }));
        state.chat.ready().await;
        Ok(state)
    }

    /// How long a session lasts unused: days, or minutes on a shared computer.
    pub fn session_idle(&self, shared: bool) -> chrono::Duration {
        if shared {
            chrono::Duration::minutes(i64::from(self.config.shared_idle_minutes.max(1)))
        } else {
            chrono::Duration::days(i64::from(self.config.session_idle_days.max(1)))
        }
    }
}
