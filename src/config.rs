//! Configuration: command-line flags with environment fallbacks, and defaults that run with no setup.
use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Kwartier: forums and live chat for peer groups and self-managed shelters.
#[derive(Debug, Parser)]
#[command(name = "kwartier", version, about)]
pub struct Cli {
    #[command(flatten)]
    pub config: Config,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the site (the default).
    Serve,
    /// Apply pending database migrations and exit (the server applies them at start too).
    Migrate {
        /// Only say which migrations are pending, one name a line, without applying them or
        /// writing anything; exits with status 2 when some are pending, 0 when none are.
        #[arg(long)]
        check: bool,
    },
    /// Manage accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Write a consistent copy of the SQLite database to PATH while the server keeps running
    /// (PostgreSQL: use pg_dump, see the README).
    Backup {
        /// Where the copy goes; must not exist yet.
        path: std::path::PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account; the password is asked for at a terminal (twice, unseen), or else read
    /// from the first line of standard input.
    Create {
        /// Username (3–32 characters of a-z, 0-9, _ and -).
        username: String,
        /// Name shown to others (defaults to the username).
        #[arg(long)]
        display_name: Option<String>,
        /// Make this account the instance admin.
        #[arg(long)]
        admin: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line.
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SqliteSync {
    /// fsync at every commit: an acknowledged write survives a power cut.
    Full,
    /// fsync at checkpoints: survives a crash of Kwartier, not of the machine.
    Normal,
}

/// Every setting of the server. Tests build one with [`Config::for_tests`] and override fields.
#[derive(Debug, Clone, Args)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, env = "KWARTIER_BIND", default_value = "127.0.0.1:3000", global = true)]
    pub bind: SocketAddr,

    /// Database: `sqlite://PATH` or `postgres://…`.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://./data/kwartier.db",
        global = true,
        hide_env_values = true
    )]
    pub database_url: String,

    /// Public URL of the site, such as `https://kwartier.example.nl`. Decides the Secure cookie
    /// flag and absolute links. Default: `http://` and the bind address.
    #[arg(long, env = "KWARTIER_BASE_URL", global = true)]
    pub base_url: Option<url::Url>,

    /// Log filter in `tracing` syntax, such as `info` or `kwartier=debug,tower_http=info`.
    #[arg(long, env = "KWARTIER_LOG", default_value = "info", global = true)]
    pub log: String,

    /// Log format.
    #[arg(
        long,
        env = "KWARTIER_LOG_FORMAT",
        value_enum,
        default_value = "text",
        global = true
    )]
    pub log_format: LogFormat,

    /// SQLite `synchronous` setting (SQLite only).
    #[arg(
        long,
        env = "KWARTIER_SQLITE_SYNC",
        value_enum,
        default_value = "full",
        global = true
    )]
    pub sqlite_sync: SqliteSync,

    /// Largest number of database connections in the pool.
    #[arg(long, env = "KWARTIER_DB_POOL", default_value_t = 16, global = true)]
    pub db_pool: u32,

    /// Use the last address in `X-Forwarded-For` as the client address (only behind a proxy
    /// that sets it).
    #[arg(long, env = "KWARTIER_BEHIND_PROXY", global = true)]
    pub behind_proxy: bool,

    /// Login attempts allowed per client address per minute.
    #[arg(long, env = "KWARTIER_LOGIN_PER_IP", default_value_t = 30, global = true)]
    pub login_per_ip_per_minute: u32,

    /// Login attempts allowed per account per minute.
    #[arg(long, env = "KWARTIER_LOGIN_PER_ACCOUNT", default_value_t = 10, global = true)]
    pub login_per_account_per_minute: u32,

    /// Registrations allowed per client address per hour.
    #[arg(long, env = "KWARTIER_REGISTER_PER_IP", default_value_t = 10, global = true)]
    pub register_per_ip_per_hour: u32,

    /// Forum posts (threads and replies) a member may write per minute.
    #[arg(long, env = "KWARTIER_POSTS_PER_MINUTE", default_value_t = 10, global = true)]
    pub posts_per_minute: u32,

    /// Chat messages a member may send per minute (over all rooms).
    #[arg(long, env = "KWARTIER_CHAT_PER_MINUTE", default_value_t = 60, global = true)]
    pub chat_per_minute: u32,

    /// Crisis contacts behind "Hulp nodig?" on every page, separated by `;`: `name|number`, or
    /// `Dutch name|English name|number` so that English pages name them in English, e.g.
    /// `113 Zelfmoordpreventie|113 Suicide Prevention|0800-0113;Alarmnummer|Emergency|112`.
    #[arg(
        long,
        env = "KWARTIER_CRISIS_CONTACTS",
        default_value = "113 Zelfmoordpreventie (gratis, dag en nacht)|113 Suicide Prevention (free, day and night)|0800-0113;Alarmnummer bij direct gevaar|Emergency number, in immediate danger|112",
        global = true
    )]
    pub crisis_contacts: String,

    /// Seconds between WebSocket pings; a connection silent for three of these is closed.
    #[arg(long, env = "KWARTIER_WS_HEARTBEAT", default_value_t = 25, global = true)]
    pub ws_heartbeat_secs: u64,

    /// Other acts in groups a member may do per minute: deleting, flagging, proposing,
    /// voting, a steward's urgent act.
    #[arg(long, env = "KWARTIER_ACTS_PER_MINUTE", default_value_t = 30, global = true)]
    pub acts_per_minute: u32,

    /// Chat connections (WebSockets) one account may hold open on one instance at once.
    #[arg(long, env = "KWARTIER_WS_PER_ACCOUNT", default_value_t = 20, global = true)]
    pub ws_per_account: usize,

    /// Flags (reports of posts and chat messages) a member may make per 24 hours.
    #[arg(long, env = "KWARTIER_FLAGS_PER_DAY", default_value_t = 20, global = true)]
    pub flags_per_day: u32,

    /// Seconds in a "day" of a sanction. Only for demonstrations and end-to-end tests, where a
    /// one-day mute should end while one watches; leave it alone otherwise.
    #[arg(
        long,
        env = "KWARTIER_DAY_SECONDS",
        default_value_t = 86_400,
        global = true,
        hide = true
    )]
    pub day_seconds: u32,

    /// With PostgreSQL, leave out the relay that carries chat between instances. Only for the
    /// benchmark that measures what the relay costs; with it, other instances miss chat.
    #[arg(long, env = "KWARTIER_NO_RELAY", global = true, hide = true)]
    pub no_relay: bool,

    /// Days a session lasts without being used.
    #[arg(long, env = "KWARTIER_SESSION_IDLE_DAYS", default_value_t = 30, global = true)]
    pub session_idle_days: u32,

    /// Days login history (with the addresses logins came from) is kept; a job removes older
    /// entries every minute.
    #[arg(
        long,
        env = "KWARTIER_LOGIN_RETENTION_DAYS",
        default_value_t = 14,
        global = true
    )]
    pub login_retention_days: u32,

    /// Minutes a session started on a shared computer lasts without being used.
    #[arg(
        long,
        env = "KWARTIER_SHARED_IDLE_MINUTES",
        default_value_t = 30,
        global = true
    )]
    pub shared_idle_minutes: u32,

    /// Days a new account has lower limits (posts, threads, groups, invites per day; links per
    /// post), until an admin saves the instance settings, which then count. 0: no such limits.
    #[arg(long, env = "KWARTIER_NEW_ACCOUNT_DAYS", default_value_t = 3, global = true)]
    pub new_account_days: u32,

    /// Minutes in which a message with the same words as one's previous one is refused, until
    /// an admin saves the instance settings. 0: never refused.
    #[arg(long, env = "KWARTIER_DUPLICATE_MINUTES", default_value_t = 10, global = true)]
    pub duplicate_minutes: u32,

    /// Address for `/metrics` (Prometheus text format), such as `127.0.0.1:9100`: a listener of
    /// its own, apart from the public port. Off when not set.
    #[arg(long, env = "KWARTIER_METRICS_BIND", global = true)]
    pub metrics_bind: Option<SocketAddr>,

    /// Seconds to let running requests finish after SIGTERM or Ctrl-C.
    #[arg(long, env = "KWARTIER_SHUTDOWN_GRACE", default_value_t = 20, global = true)]
    pub shutdown_grace_secs: u64,
}

impl Config {
    /// A "day" of sanctions and of membership age (shortened only in demonstrations and tests).
    pub fn day(&self) -> chrono::Duration {
        chrono::Duration::seconds(i64::from(self.day_seconds.max(1)))
    }

    /// The crisis contacts as (names, number) pairs, the names `Dutch` or `Dutch|English`;
    /// malformed parts are skipped.
    pub fn crisis(&self) -> Vec<(String, String)> {
        self.crisis_contacts
            .split(';')
            .filter_map(|pair| {
                let (name, number) = pair.rsplit_once('|')?;
                let (name, number) = (name.trim(), number.trim());
                (!name.is_empty() && !number.is_empty()).then(|| (name.to_owned(), number.to_owned()))
            })
            .take(10)
            .collect()
    }

    /// The URL the site is reached at, as configured or derived from the bind address.
    pub fn public_url(&self) -> url::Url {
        self.base_url.clone().unwrap_or_else(|| {
            url::Url::parse(&format!("http://{}", self.bind)).expect("a socket address is a valid host")
        })
    }

    /// Whether the site is served over https, so cookies must be Secure.
    pub fn is_https(&self) -> bool {
        self.public_url().scheme() == "https"
    }

    /// A path to the SQLite file, when the database is SQLite and on disk.
    pub fn sqlite_path(&self) -> Option<PathBuf> {
        let rest = self.database_url.strip_prefix("sqlite:")?;
        let rest = rest.strip_prefix("//").unwrap_or(rest);
        let path = rest.split('?').next().unwrap_or_default();
        (!path.is_empty() && !path.starts_with(":memory:")).then(|| PathBuf::from(path))
    }

    /// Defaults for a test server: the given database, port 0, no noisy limits changed.
    pub fn for_tests(database_url: &str) -> Self {
        let mut cli = Cli::parse_from(["kwartier"]);
        cli.config.database_url = database_url.to_owned();
        cli.config.bind = "127.0.0.1:0".parse().expect("valid address");
        cli.config.sqlite_sync = SqliteSync::Normal;
        cli.config.db_pool = 4;
        // Tests make many things quickly with fresh accounts, and say "hallo" more than once;
        // the tests of these limits turn them on.
        cli.config.new_account_days = 0;
        cli.config.duplicate_minutes = 0;
        // One steward acts on many fixtures within a minute; the test of the rate sets it.
        cli.config.acts_per_minute = 10_000;
        cli.config
    }
}
