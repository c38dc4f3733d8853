//! Guards around logging in: password hashing off the async runtime on a fixed set of threads,
//! and per-address and per-account rate limits.
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::config::Config;
use crate::domain::password;
use crate::error::{AppError, AppResult};

type Job = Box<dyn FnOnce() + Send>;

/// Runs argon2 on its own threads, one per core, so that a burst of logins queues up instead of
/// starving page serving. Always the same few threads: each hash takes 19 MiB, and the
/// allocator keeps a freed block in the arena of the thread that used it, so hashing on the
/// runtime's ever-changing blocking threads left hundreds of MiB resident.
#[derive(Clone)]
pub struct Hasher {
    jobs: std::sync::mpsc::SyncSender<Job>,
}

impl Hasher {
    pub fn new() -> Self {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let (jobs, queue) = std::sync::mpsc::sync_channel::<Job>(1024);
        let queue = Arc::new(std::sync::Mutex::new(queue));
        for i in 0..cores {
            let queue = queue.clone();
            // The threads end when the last sender (the last clone of the Hasher) is gone.
            let _ = std::thread::Builder::new()
                .name(format!("argon2-{i}"))
                .spawn(move || {
                    loop {
                        let job = match queue.lock() {
                            Ok(q) => q.recv(),
                            Err(_) => return,
                        };
                        match job {
                            // A panicking job drops its answer channel: that request gets a 500,
                            // and the thread goes on.
                            Ok(job) => drop(std::panic::catch_unwind(std::panic::AssertUnwindSafe(job))),
                            Err(_) => return,
                        }
                    }
                });
        }
        Self { jobs }
    }

    async fn run<T: Send + 'static>(&self, work: impl FnOnce() -> T + Send + 'static) -> AppResult<T> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move || {
            let _ = tx.send(work());
        });
        // A full queue (a thousand waiting) is an overload, not a fault.
        self.jobs.try_send(job).map_err(|e| match e {
            std::sync::mpsc::TrySendError::Full(_) => AppError::Unavailable,
            std::sync::mpsc::TrySendError::Disconnected(_) => AppError::Internal("hasher stopped".into()),
        })?;
        rx.await
            .map_err(|_| AppError::Internal("hashing task ended without an answer".into()))
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

/// The key an address is limited by. One IPv6 customer gets a whole /64 (often more) and can
/// take a new address from it for every request, so IPv6 is limited per /64; IPv4 (and an
/// IPv4-mapped IPv6 address) per address.
pub fn network_key(ip: &str) -> String {
    use std::net::IpAddr;
    match ip.parse::<IpAddr>() {
        Ok(IpAddr::V6(v6)) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        Ok(IpAddr::V4(v4)) => v4.to_string(),
        Err(_) => ip.to_owned(),
    }
}

/// In-memory rate limits for the doors that attackers knock on.
pub struct RateLimits {
    login_ip: Keyed,
    login_account: Keyed,
    register_ip: Keyed,
    posting: Keyed,
    chatting: Keyed,
    acting: Keyed,
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
            acting: RateLimiter::keyed(quota(config.acts_per_minute, minute)),
        }
    }

    pub fn login(&self, ip: &str, username: &str) -> AppResult<()> {
        check(&self.login_ip, &network_key(ip))?;
        check(&self.login_account, username)
    }

    pub fn register(&self, ip: &str) -> AppResult<()> {
        check(&self.register_ip, &network_key(ip))
    }

    /// Posts and threads per member.
    pub fn post(&self, user_id: i32) -> AppResult<()> {
        check(&self.posting, &user_id.to_string())
    }

    /// A chat message by this member.
    pub fn chat(&self, user_id: i32) -> AppResult<()> {
        check(&self.chatting, &user_id.to_string())
    }

    /// Any other act in a group (delete, flag, propose, vote, an urgent act) by this member.
    pub fn act(&self, user_id: i32) -> AppResult<()> {
        check(&self.acting, &user_id.to_string())
    }

    /// Forgets keys whose limits have fully recovered, so memory stays bounded.
    pub fn prune(&self) {
        self.login_ip.retain_recent();
        self.login_account.retain_recent();
        self.register_ip.retain_recent();
        self.posting.retain_recent();
        self.chatting.retain_recent();
        self.acting.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::network_key;

    #[test]
    fn ipv6_addresses_are_limited_per_64_and_ipv4_per_address() {
        assert_eq!(
            network_key("2001:db8:1:2:aaaa::1"),
            network_key("2001:db8:1:2:bbbb:cccc:dddd:eeee")
        );
        assert_ne!(network_key("2001:db8:1:2::1"), network_key("2001:db8:1:3::1"));
        assert_eq!(network_key("192.0.2.1"), "192.0.2.1");
        assert_ne!(network_key("192.0.2.1"), network_key("192.0.2.2"));
        assert_eq!(network_key("::ffff:192.0.2.1"), "192.0.2.1");
        assert_eq!(network_key("unknown"), "unknown");
    }
}
