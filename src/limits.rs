//! The limiters kept in memory per instance: each person's last chat message (no repeats).
//! The request-rate limiters live with authentication (`auth::RateLimits`), the counted
//! "at most N" limits in the database (`db::serial`).
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::domain::Invalid;
use crate::domain::instance::InstanceSettings;
use crate::error::{AppError, AppResult};

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
