//! The server under test: start it, seed it, read its CPU time and memory from /proc.
use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{Context, bail};
use futures_util::StreamExt;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};

/// The cores servers under test are pinned to (`--server-cpus`), if any.
pub(crate) static SERVER_CPUS: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// A command for a server under test: `program`, or `taskset -c <cpus> program` when the
/// servers are pinned (run the load tool itself under `taskset` on the other cores).
pub(crate) fn server_command(program: impl AsRef<std::ffi::OsStr>) -> Command {
    match SERVER_CPUS.get() {
        Some(cpus) => {
            let mut cmd = Command::new("taskset");
            cmd.arg("-c").arg(cpus).arg(program);
            cmd
        }
        None => Command::new(program),
    }
}

/// CPU time (user + system) a process has used so far, from /proc.
pub(crate) fn cpu_of(pid: u32) -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').context("odd /proc stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    // The kernel reports in clock ticks, 100 per second on Linux.
    Ok(Duration::from_millis(ticks * 10))
}

/// CPU time of the PostgreSQL backends serving `database`, from /proc: a backend's process
/// title names its database ("postgres: 15/main: user database 127.0.0.1(port) idle").
pub(crate) fn postgres_cpu(database: &str) -> Duration {
    let mut total = Duration::ZERO;
    let Ok(dir) = std::fs::read_dir("/proc") else {
        return total;
    };
    for entry in dir.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else {
            continue;
        };
        let Ok(cmd) = std::fs::read(format!("/proc/{pid}/cmdline")) else {
            continue;
        };
        let cmd = String::from_utf8_lossy(&cmd);
        if cmd.starts_with("postgres: ") && cmd.split_whitespace().nth(3) == Some(database) {
            total += cpu_of(pid).unwrap_or_default();
        }
    }
    total
}

/// ", PostgreSQL's backends N %" for a report line, when the run was on PostgreSQL.
pub(crate) fn backends_share(on_postgres: bool, cpu_seconds: f64, wall: f64) -> String {
    if on_postgres {
        format!(", PostgreSQL's backends {:.0} %", cpu_seconds / wall * 100.0)
    } else {
        String::new()
    }
}

/// Resident memory of a process, in bytes, from /proc.
pub(crate) fn rss_of(pid: u32) -> anyhow::Result<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    let kib: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .context("no VmRSS")?
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()?;
    Ok(kib * 1024)
}

/// A started server and the address it listens on.
pub(crate) struct Server {
    pub(crate) child: Child,
    pub(crate) url: String,
    _dir: Option<tempfile::TempDir>,
}

pub(crate) async fn start_kwartier(binary: &PathBuf) -> anyhow::Result<Server> {
    start_kwartier_on(binary, None).await
}

/// Starts the server on a fresh SQLite file, or on `database_url`, with the per-person limits
/// raised out of the way (the load comes from one address and a few accounts).
pub(crate) async fn start_kwartier_on(
    binary: &PathBuf,
    database_url: Option<&str>,
) -> anyhow::Result<Server> {
    start_kwartier_with(binary, database_url, &[]).await
}

pub(crate) async fn start_kwartier_with(
    binary: &PathBuf,
    database_url: Option<&str>,
    env: &[(&str, &str)],
) -> anyhow::Result<Server> {
    let dir = tempfile::tempdir()?;
    let url = database_url.map_or_else(
        || format!("sqlite://{}", dir.path().join("bench.db").display()),
        str::to_owned,
    );
    let mut child = server_command(binary)
        .args(["serve", "--bind", "127.0.0.1:0", "--log", "warn,kwartier=info"])
        .env("DATABASE_URL", url)
        .env("KWARTIER_REGISTER_PER_IP", "1000000")
        .env("KWARTIER_LOGIN_PER_IP", "1000000")
        .env("KWARTIER_CHAT_PER_MINUTE", "1000000")
        // The idle and storm scenarios hold up to 100 sockets a member.
        .env("KWARTIER_WS_PER_ACCOUNT", "1000")
        .env("KWARTIER_POSTS_PER_MINUTE", "1000000")
        // Fresh accounts post a lot and repeat themselves here; those limits are for people.
        .env("KWARTIER_NEW_ACCOUNT_DAYS", "0")
        .env("KWARTIER_DUPLICATE_MINUTES", "0")
        .envs(env.iter().copied())
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .kill_on_drop(true)
        .spawn()
        .with_context(|| format!("start {} (cargo build --release first)", binary.display()))?;
    let mut lines = BufReader::new(child.stderr.take().context("stderr")?).lines();
    let url = loop {
        let line = lines
            .next_line()
            .await?
            .context("server exited before listening")?;
        if let Some(at) = line.find("http://127.0.0.1:") {
            let url: String = line[at..]
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '"')
                .collect();
            break url.trim_end_matches('/').to_owned();
        }
    };
    // Keep reading its log so that it never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(Server {
        child,
        url,
        _dir: Some(dir),
    })
}

/// Makes a fresh database `kwartier_bench` on a PostgreSQL server; returns its URL.
pub(crate) fn fresh_postgres(base: &str) -> anyhow::Result<String> {
    let base = base.trim_end_matches('/');
    for sql in [
        "DROP DATABASE IF EXISTS kwartier_bench WITH (FORCE)",
        "CREATE DATABASE kwartier_bench",
    ] {
        let ok = std::process::Command::new("psql")
            .args([&format!("{base}/postgres"), "-qc", sql])
            .status()
            .context("psql")?
            .success();
        if !ok {
            bail!("psql: {sql}");
        }
    }
    Ok(format!("{base}/kwartier_bench"))
}

/// Registers `n` members of one public open group (concurrently); returns their tokens and the
/// group's room id.
pub(crate) async fn seed(url: &str, n: usize) -> anyhow::Result<(Vec<String>, i64)> {
    let http = reqwest::Client::new();
    let register = |i: usize| {
        let http = http.clone();
        let url = url.to_owned();
        async move {
            let res = http
                .post(format!("{url}/api/v1/auth/register"))
                .json(&serde_json::json!({"username": format!("lid{i}"), "password": "een zin die niemand raadt"}))
                .send()
                .await?;
            if res.status() != 201 {
                bail!("register lid{i}: {}", res.status());
            }
            let v: serde_json::Value = res.json().await?;
            Ok::<String, anyhow::Error>(v["token"].as_str().context("token")?.to_owned())
        }
    };
    let mut tokens = Vec::with_capacity(n + 1);
    // Argon2 runs one hash per core at a time: a few registrations in flight keep it busy.
    let mut pending = futures_util::stream::iter((0..=n).map(register)).buffered(8);
    while let Some(t) = pending.next().await {
        tokens.push(t?);
    }
    let owner = &tokens[0];
    let res = http
        .post(format!("{url}/api/v1/groups"))
        .bearer_auth(owner)
        .json(&serde_json::json!({"slug": "bench", "name": "Bench", "kind": "peer_group", "visibility": "public", "join_policy": "open"}))
        .send()
        .await?;
    if res.status() != 201 {
        bail!("create group: {} {}", res.status(), res.text().await?);
    }
    let join = |t: String| {
        let http = http.clone();
        let url = url.to_owned();
        async move {
            let res = http
                .post(format!("{url}/api/v1/groups/bench/join"))
                .bearer_auth(&t)
                .json(&serde_json::json!({}))
                .send()
                .await?;
            if !res.status().is_success() {
                bail!("join: {}", res.status());
            }
            Ok::<(), anyhow::Error>(())
        }
    };
    {
        let mut joins =
            futures_util::stream::iter(tokens[1..].iter().cloned().map(join)).buffer_unordered(32);
        while let Some(r) = joins.next().await {
            r?;
        }
    }
    let rooms: serde_json::Value = http
        .get(format!("{url}/api/v1/groups/bench/rooms"))
        .bearer_auth(owner)
        .send()
        .await?
        .json()
        .await?;
    let room = rooms[0]["id"].as_i64().context("room")?;
    Ok((tokens, room))
}
