//! The instance settings as this instance last read them: one row, cached for a moment so
//! that every page can show them without a query.
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

use crate::config::Config;
use crate::domain::instance::InstanceSettings;

/// What counts until an admin saves the settings page.
pub fn fallback(config: &Config) -> InstanceSettings {
    InstanceSettings::with_command_line(
        config.crisis(),
        config.login_retention_days,
        config.new_account_days,
        config.duplicate_minutes,
    )
}

/// How long an instance trusts its copy of the settings: another instance's change shows
/// here within this time.
pub const CACHE_FOR: Duration = Duration::from_secs(2);

/// The settings as this instance last read them.
pub struct Site {
    cached: RwLock<(Arc<InstanceSettings>, Instant)>,
    fallback: InstanceSettings,
}

impl Site {
    pub async fn load(db: &sea_orm::DatabaseConnection, config: &Config) -> anyhow::Result<Self> {
        let fallback = fallback(config);
        let current = read(db, &fallback).await?;
        Ok(Self {
            cached: RwLock::new((Arc::new(current), Instant::now())),
            fallback,
        })
    }

    /// The current settings: from the cache, or read again when it is older than
    /// [`CACHE_FOR`]. A database error keeps the last copy.
    pub async fn get(&self, db: &sea_orm::DatabaseConnection) -> Arc<InstanceSettings> {
        {
            let guard = self.cached.read().unwrap_or_else(|p| p.into_inner());
            if guard.1.elapsed() < CACHE_FOR {
                return guard.0.clone();
            }
        }
        match read(db, &self.fallback).await {
            Ok(fresh) => {
                let fresh = Arc::new(fresh);
                *self.cached.write().unwrap_or_else(|p| p.into_inner()) = (fresh.clone(), Instant::now());
                fresh
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not read the instance settings");
                self.cached.read().unwrap_or_else(|p| p.into_inner()).0.clone()
            }
        }
    }

    /// Replaces the cached copy (after this instance saved new settings).
    pub fn put(&self, settings: InstanceSettings) {
        *self.cached.write().unwrap_or_else(|p| p.into_inner()) = (Arc::new(settings), Instant::now());
    }
}

async fn read(
    db: &sea_orm::DatabaseConnection,
    fallback: &InstanceSettings,
) -> anyhow::Result<InstanceSettings> {
    Ok(match super::instance::load_settings(db).await? {
        Some(json) => serde_json::from_str(&json).unwrap_or_else(|e| {
            tracing::warn!(error = %e, "stored instance settings unreadable; using the defaults");
            fallback.clone()
        }),
        None => fallback.clone(),
    })
}
