//! Guards around logging in: password hashing off the async runtime with a bound on how many
//! run at once, and per-address and per-account rate limits.
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use tokio::sync::Semaphore;

use crate::config::Config;
use crate::domain::password;
use crate::error::{AppError, AppResult};

/// Runs argon2 on the blocking pool, at most one hash per core at a time, so that a burst of
/// logins queues up instead of starving page serving.
#[derive(Clone)]
pub struct Hasher {
    permits: Arc<Semaphore>,
}

impl Hasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        Self {
            permits: Arc::new(Semaphore::new(cores)),
        }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|_| AppError::Internal("hasher closed".into()))?;
        tokio::task::spawn_blocking(work)
            .await
            .map_err(|e| AppError::Internal(format!("hashing task: {e}")))
    }

    pub async fn hash(&self, password: String) -> AppResult<String> {
        self.run(move || password::hash(&password))
            .await?
            .map_err(|e| AppError::Internal(format!("hashing: {e}")))
    }

    /// Checks a password; with no stored hash it checks a dummy, so the answer takes as long.
    pub async fn verify(&self, password: String, phc: Option<String>) -> AppResult<bool> {
        self.run(move || match phc {
            Some(phc) => password::verify(&password, &phc),
            None => {
                password::verify(&password, &password::DUMMY_HASH);
                false
            }
        })
        .await
    }
}

impl Default for Hasher {
    fn default() -> Self {
        Self::new()
    }
}

type Keyed = DefaultKeyedRateLimiter<String>;

/// In-memory rate limits for the doors that attackers knock on.
pub struct RateLimits {
    login_ip: Keyed,
    login_account: Keyed,
    register_ip: Keyed,
    posting: Keyed,
    chatting: Keyed,
}

fn quota(per: u32, period: Duration) -> Quota {
    let n = NonZeroU32::new(per.max(1)).unwrap_or(NonZeroU32::MIN);
    Quota::with_period(period / n.get())
        .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
        .allow_burst(n)
}

fn check(limiter: &Keyed, key: &str) -> AppResult<()> {
    limiter.check_key(&key.to_owned()).map_err(|not_until| {
        let wait = not_until.wait_time_from(DefaultClock::default().now());
        AppError::RateLimited(wait.as_secs().max(1))
    })
}

impl RateLimits {
    pub fn new(config: &Config) -> Self {
        let minute = Duration::from_secs(60);
        Self {
            login_ip: RateLimiter::keyed(quota(config.login_per_ip_per_minute, minute)),
            login_account: RateLimiter::keyed(quota(config.login_per_account_per_minute, minute)),
            register_ip: RateLimiter::keyed(quota(config.register_per_ip_per_hour, minute * 60)),
            posting: RateLimiter::keyed(quota(config.posts_per_minute, minute)),
            chatting: RateLimiter::keyed(quota(config.chat_per_minute, minute)),
        }
    }

    pub fn login(&self, ip: &str, username: &str) -> AppResult<()> {
        check(&self.login_ip, ip)?;
        check(&self.login_account, username)
    }

    pub fn register(&self, ip: &str) -> AppResult<()> {
        check(&self.register_ip, ip)
    }

    /// Posts and threads per member.
    pub fn post(&self, user_id: i32) -> AppResult<()> {
        check(&self.posting, &user_id.to_string())
    }

    /// A chat message by this member.
    pub fn chat(&self, user_id: i32) -> AppResult<()> {
        check(&self.chatting, &user_id.to_string())
    }

    /// Forgets keys whose limits have fully recovered, so memory stays bounded.
    pub fn prune(&self) {
        self.login_ip.retain_recent();
        self.login_account.retain_recent();
        self.register_ip.retain_recent();
        self.posting.retain_recent();
        self.chatting.retain_recent();
    }
}
