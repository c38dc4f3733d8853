//! Defences against spam that shut nobody out for lack of an e-mail address or a phone: a new
//! account gets lower daily limits for its first days and may post only a few links, and
//! nobody may send the same words again and again. The admin sets every number.
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use entity::user;

use crate::app::AppState;
use crate::db;
use crate::db::instance::Recent;
use crate::db::serial::{Scope, Turn};
use crate::domain::Invalid;
use crate::error::{AppError, AppResult};
use crate::instance::InstanceSettings;

/// A new account's daily limit for one kind of thing, counted in the database (so it holds
/// across instances and restarts). When reached, the answer says when it frees up. Where the
/// limit applies, the answer holds the person's turn for this kind: keep it until the new
/// thing is stored, so that requests at once cannot all pass one count.
pub async fn check_daily(
    state: &AppState,
    site: &InstanceSettings,
    user: &user::Model,
    what: Recent,
) -> AppResult<Option<Turn>> {
    if !site.is_new(user) {
        return Ok(None);
    }
    let turn = state
        .turns
        .take(&state.db, Scope::Daily(what as u8), user.id)
        .await?;
    let (limit, key) = match what {
        Recent::Posts => (site.new_posts_per_day, "err-new-posts"),
        Recent::Threads => (site.new_threads_per_day, "err-new-threads"),
        Recent::Groups => (site.new_groups_per_day, "err-new-groups"),
        Recent::Invites => (site.new_invites_per_day, "err-new-invites"),
    };
    let times = db::instance::recent(&state.db, what, user.id, limit).await?;
    if times.len() < limit as usize {
        return Ok(Some(turn));
    }
    // The oldest of the last `limit` leaves the 24-hour window first.
    let frees = times
        .get(times.len() - limit as usize)
        .map(|t| *t + chrono::Duration::hours(24) - chrono::Utc::now())
        .and_then(|d| d.to_std().ok())
        .map_or(60, |d| d.as_secs().max(1));
    tracing::info!(user_id = user.id, ?what, "new account's daily limit reached");
    Err(AppError::NewAccountLimit(key, frees))
}

/// Refuses a forum post with the same words as one the person wrote within the window.
pub async fn check_post_repeat(
    state: &AppState,
    site: &InstanceSettings,
    user: &user::Model,
    body: &str,
) -> AppResult<()> {
    if site.duplicate_minutes == 0 {
        return Ok(());
    }
    let since = chrono::Utc::now() - chrono::Duration::minutes(i64::from(site.duplicate_minutes));
    if db::instance::posted_same(&state.db, user.id, body.trim(), since).await? {
        return Err(AppError::field("body", Invalid("err-repeated")));
    }
    Ok(())
}

/// Each person's last chat message on this instance (a hash of its words, its client id and
/// when): a message with the same words inside the window is refused, unless it is the same
/// message sent again after a lost connection (same client id), which the writer stores once.
#[derive(Default)]
pub struct ChatRepeats {
    last: Mutex<HashMap<i32, (u64, String, Instant)>>,
}

impl ChatRepeats {
    pub fn check(&self, site: &InstanceSettings, user_id: i32, body: &str, client_id: &str) -> AppResult<()> {
        if site.duplicate_minutes == 0 {
            return Ok(());
        }
        let window = Duration::from_secs(u64::from(site.duplicate_minutes) * 60);
        let mut h = std::collections::hash_map::DefaultHasher::new();
        body.trim().hash(&mut h);
        let hash = h.finish();
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if let Some((prev, prev_client, at)) = last.get(&user_id)
            && *prev == hash
            && prev_client != client_id
            && at.elapsed() < window
        {
            return Err(AppError::field("body", Invalid("err-repeated")));
        }
        last.insert(user_id, (hash, client_id.to_owned(), Instant::now()));
        Ok(())
    }

    /// Forgets messages older than a day (the longest window), so the map stays small.
    pub fn prune(&self) {
        let day = Duration::from_secs(24 * 3600);
        self.last
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .retain(|_, (_, _, at)| at.elapsed() < day);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resent_message_is_not_a_repeat_but_new_words_the_same_are() {
        let site = InstanceSettings::default();
        let r = ChatRepeats::default();
        assert!(r.check(&site, 1, "hallo", "c1").is_ok());
        assert!(
            r.check(&site, 1, "hallo", "c1").is_ok(),
            "same message again after a reconnect"
        );
        assert!(r.check(&site, 1, " hallo ", "c2").is_err());
        assert!(r.check(&site, 2, "hallo", "c3").is_ok(), "someone else");
        assert!(r.check(&site, 1, "iets anders", "c4").is_ok());
        let off = InstanceSettings {
            duplicate_minutes: 0,
            ..Default::default()
        };
        assert!(r.check(&off, 1, "iets anders", "c5").is_ok());
    }
}
