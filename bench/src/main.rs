//! `kwartier-load`: starts a Kwartier server (and, for comparison, the Node.js `ws` broadcast
//! peer), drives it open-loop from this process and reports throughput per server CPU-second,
//! latency percentiles and whether every message arrived.
//!
//! Scenarios: chat fan-out (against Kwartier and the `ws` peer), idle connections, a connection
//! storm, thread pages and posting throughput. BENCHMARKS.md has the commands and the figures.
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use clap::{Parser, Subcommand};
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

#[derive(Parser)]
#[command(about = "Load tool for Kwartier")]
struct Cli {
    /// The server binary (build it with `cargo build --release`).
    #[arg(long, default_value = "target/release/kwartier")]
    server: PathBuf,
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Subcommand)]
enum Scenario {
    /// One sender, a room of `members` connected members: `messages` at `rate` per second.
    /// Runs against Kwartier and then against the `ws` peer, and compares them.
    Fanout {
        #[arg(long, default_value_t = 1000)]
        members: usize,
        #[arg(long, default_value_t = 200)]
        messages: usize,
        /// Messages per second, sent on a fixed schedule (open loop).
        #[arg(long, default_value_t = 100)]
        rate: u64,
        /// Skip the `ws` peer.
        #[arg(long)]
        no_peer: bool,
    },
    /// `connections` chat sockets that join a room and then say nothing: server memory per
    /// connection (resident set growth divided by the number of sockets).
    Idle {
        #[arg(long, default_value_t = 10_000)]
        connections: usize,
        /// Members the sockets are spread over (each member holds several sockets).
        #[arg(long, default_value_t = 100)]
        members: usize,
    },
    /// `connections` sockets opened all at once (at most `concurrency` handshakes in flight),
    /// each joining the room: connections per second and time to `joined`.
    Storm {
        #[arg(long, default_value_t = 5_000)]
        connections: usize,
        #[arg(long, default_value_t = 500)]
        concurrency: usize,
        #[arg(long, default_value_t = 100)]
        members: usize,
    },
    /// A thread of `posts` posts; reads its first, middle and last page as a member: latency at a
    /// fixed `rate` (open loop), then the most pages per second with `concurrency` readers.
    Pages {
        #[arg(long, default_value_t = 10_000)]
        posts: usize,
        #[arg(long, default_value_t = 1000)]
        rate: u64,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
    },
    /// `senders` members, each alone in a room of their own, send chat messages as fast as the
    /// acks come back (one in flight each): durable chat messages per second.
    Chat {
        #[arg(long, default_value_t = 20_000)]
        messages: usize,
        #[arg(long, default_value_t = 64)]
        senders: usize,
        /// As for `posting`: a PostgreSQL server URL; without it, SQLite.
        #[arg(long)]
        postgres: Option<String>,
        /// Start the server without the PostgreSQL relay, to see what the relay costs.
        #[arg(long)]
        no_relay: bool,
    },
    /// `writers` members post replies as fast as the server takes them: durable posts per second.
    Posting {
        #[arg(long, default_value_t = 20_000)]
        posts: usize,
        #[arg(long, default_value_t = 64)]
        writers: usize,
        /// A PostgreSQL server URL without a database name (e.g. postgres://postgres@127.0.0.1:5432):
        /// the tool makes a fresh database `kwartier_bench` there. Without it: SQLite.
        #[arg(long)]
        postgres: Option<String>,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.scenario {
        Scenario::Fanout {
            members,
            messages,
            rate,
            no_peer,
        } => {
            let ours = fanout_kwartier(&cli.server, members, messages, rate).await?;
            ours.print("kwartier");
            if !no_peer {
                let peer = fanout_peer(members, messages, rate).await?;
                peer.print("ws peer");
                println!(
                    "ratio (deliveries per server CPU-second, kwartier / ws): {:.2}",
                    ours.per_cpu_second() / peer.per_cpu_second()
                );
            }
        }
        Scenario::Idle { connections, members } => idle(&cli.server, connections, members).await?,
        Scenario::Storm {
            connections,
            concurrency,
            members,
        } => storm(&cli.server, connections, concurrency, members).await?,
        Scenario::Pages {
            posts,
            rate,
            seconds,
            concurrency,
        } => pages(&cli.server, posts, rate, seconds, concurrency).await?,
        Scenario::Chat {
            messages,
            senders,
            postgres,
            no_relay,
        } => chat(&cli.server, messages, senders, postgres.as_deref(), no_relay).await?,
        Scenario::Posting {
            posts,
            writers,
            postgres,
        } => posting(&cli.server, posts, writers, postgres.as_deref()).await?,
    }
    Ok(())
}

/// What a fan-out run measured.
struct Outcome {
    members: usize,
    messages: usize,
    deliveries: u64,
    expected: u64,
    wall: Duration,
    server_cpu: Duration,
    /// Send-to-receive latencies in microseconds, sorted.
    latencies: Vec<u32>,
}

impl Outcome {
    fn per_cpu_second(&self) -> f64 {
        self.deliveries as f64 / self.server_cpu.as_secs_f64().max(1e-9)
    }

    fn pct(&self, p: f64) -> f64 {
        pct(&self.latencies, p)
    }

    /// Waits for the receivers, reads the server's CPU time since `cpu_before`, and sums up.
    async fn gather(
        receivers: Vec<tokio::task::JoinHandle<Vec<u32>>>,
        members: usize,
        messages: usize,
        t0: Instant,
        pid: u32,
        cpu_before: Duration,
    ) -> anyhow::Result<Self> {
        let mut latencies = Vec::with_capacity(members * messages);
        for t in receivers {
            latencies.extend(t.await?);
        }
        let wall = t0.elapsed();
        let server_cpu = cpu_of(pid)? - cpu_before;
        latencies.sort_unstable();
        Ok(Self {
            members,
            messages,
            deliveries: latencies.len() as u64,
            expected: (members * messages) as u64,
            wall,
            server_cpu,
            latencies,
        })
    }

    fn print(&self, name: &str) {
        println!(
            "{name}: room of {}, {} messages: {}/{} deliveries ({}), {:.0} deliveries/s, \
             server CPU {:.2} s = {:.0} deliveries per CPU-second; latency ms p50 {:.2} p99 {:.2} p99.9 {:.2} max {:.2}",
            self.members,
            self.messages,
            self.deliveries,
            self.expected,
            if self.deliveries == self.expected {
                "none lost"
            } else {
                "LOST SOME"
            },
            self.deliveries as f64 / self.wall.as_secs_f64(),
            self.server_cpu.as_secs_f64(),
            self.per_cpu_second(),
            self.pct(0.5),
            self.pct(0.99),
            self.pct(0.999),
            self.pct(1.0),
        );
    }
}

/// CPU time (user + system) a process has used so far, from /proc.
fn cpu_of(pid: u32) -> anyhow::Result<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat"))?;
    // Fields after the command name (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').context("odd /proc stat")?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields[11].parse::<u64>()? + fields[12].parse::<u64>()?;
    // The kernel reports in clock ticks, 100 per second on Linux.
    Ok(Duration::from_millis(ticks * 10))
}

/// A started server and the address it listens on.
struct Server {
    child: Child,
    url: String,
    _dir: Option<tempfile::TempDir>,
}

async fn start_kwartier(binary: &PathBuf) -> anyhow::Result<Server> {
    start_kwartier_on(binary, None).await
}

/// Starts the server on a fresh SQLite file, or on `database_url`, with the per-person limits
/// raised out of the way (the load comes from one address and a few accounts).
async fn start_kwartier_on(binary: &PathBuf, database_url: Option<&str>) -> anyhow::Result<Server> {
    start_kwartier_with(binary, database_url, &[]).await
}

async fn start_kwartier_with(
    binary: &PathBuf,
    database_url: Option<&str>,
    env: &[(&str, &str)],
) -> anyhow::Result<Server> {
    let dir = tempfile::tempdir()?;
    let url = database_url.map_or_else(
        || format!("sqlite://{}", dir.path().join("bench.db").display()),
        str::to_owned,
    );
    let mut child = Command::new(binary)
        .args(["serve", "--bind", "127.0.0.1:0", "--log", "warn,kwartier=info"])
        .env("DATABASE_URL", url)
        .env("KWARTIER_REGISTER_PER_IP", "1000000")
        .env("KWARTIER_LOGIN_PER_IP", "1000000")
        .env("KWARTIER_CHAT_PER_MINUTE", "1000000")
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

/// Registers `n` members of one public open group (concurrently); returns their tokens and the
/// group's room id.
async fn seed(url: &str, n: usize) -> anyhow::Result<(Vec<String>, i64)> {
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

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(ws_url: &str, token: Option<&str>, origin: &str) -> anyhow::Result<Socket> {
    let mut req = ws_url.into_client_request()?;
    if let Some(t) = token {
        req.headers_mut()
            .insert("authorization", HeaderValue::from_str(&format!("Bearer {t}"))?);
    }
    req.headers_mut().insert("origin", HeaderValue::from_str(origin)?);
    // Small frames both ways: leave Nagle out, as browsers do for WebSockets.
    let (ws, _) = tokio_tungstenite::connect_async_with_config(req, None, true).await?;
    Ok(ws)
}

/// Receives until `expected` messages arrived (or `deadline`); records latencies from the
/// send time in each body ("t=<micros since start>;").
async fn receive(
    mut ws: Socket,
    expected: usize,
    start: Instant,
    deadline: Instant,
    is_message: fn(&str) -> bool,
) -> Vec<u32> {
    let mut lat = Vec::with_capacity(expected);
    while lat.len() < expected {
        let Ok(Some(Ok(msg))) = tokio::time::timeout_at(deadline.into(), ws.next()).await else {
            break;
        };
        if let Message::Text(t) = msg
            && is_message(&t)
            && let Some(at) = t.find("t=")
        {
            let sent: u64 = t[at + 2..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect::<String>()
                .parse()
                .unwrap_or(0);
            let now = start.elapsed().as_micros() as u64;
            lat.push(now.saturating_sub(sent) as u32);
        }
    }
    lat
}

/// Sends `messages` at `rate` per second on a fixed schedule, whatever the answers do.
async fn pace(
    messages: usize,
    rate: u64,
    mut send: impl AsyncFnMut(usize, u64) -> anyhow::Result<()>,
    start: Instant,
) -> anyhow::Result<()> {
    let gap = Duration::from_nanos(1_000_000_000 / rate.max(1));
    let first = Instant::now();
    for i in 0..messages {
        let due = first + gap * i as u32;
        tokio::time::sleep_until(due.into()).await;
        send(i, start.elapsed().as_micros() as u64).await?;
    }
    Ok(())
}

async fn fanout_kwartier(
    binary: &PathBuf,
    members: usize,
    messages: usize,
    rate: u64,
) -> anyhow::Result<Outcome> {
    let server = start_kwartier(binary).await?;
    let pid = server.child.id().context("server pid")?;
    eprintln!("kwartier at {}: seeding {members} members…", server.url);
    let (tokens, room) = seed(&server.url, members).await?;
    let ws_url = format!("{}/api/v1/ws", server.url.replace("http://", "ws://"));
    let mut receivers = Vec::with_capacity(members);
    for t in &tokens[1..] {
        let mut ws = connect(&ws_url, Some(t), &server.url).await?;
        join_room(&mut ws, room).await?;
        receivers.push(ws);
    }
    let mut sender = connect(&ws_url, Some(&tokens[0]), &server.url).await?;
    sender
        .send(Message::Text(
            format!(r#"{{"type":"join","room":{room}}}"#).into(),
        ))
        .await?;
    let start = Instant::now();
    let deadline =
        start + Duration::from_secs(60) + Duration::from_millis(messages as u64 * 1000 / rate.max(1));
    let is_message: fn(&str) -> bool = |t| t.starts_with(r#"{"type":"message""#);
    let tasks: Vec<_> = receivers
        .into_iter()
        .map(|ws| tokio::spawn(receive(ws, messages, start, deadline, is_message)))
        .collect();
    let (mut sink, mut stream) = sender.split();
    // The sender's own frames (acks, its copy) are read and dropped.
    let drain = tokio::spawn(async move { while let Some(Ok(_)) = stream.next().await {} });
    let cpu_before = cpu_of(pid)?;
    let t0 = Instant::now();
    pace(
        messages,
        rate,
        async |i, at| {
            let frame =
                format!(r#"{{"type":"send","room":{room},"body":"t={at}; bericht {i}","client_id":"b{i}"}}"#);
            sink.send(Message::Text(frame.into())).await?;
            Ok(())
        },
        start,
    )
    .await?;
    let outcome = Outcome::gather(tasks, members, messages, t0, pid, cpu_before).await;
    drain.abort();
    outcome
}

async fn fanout_peer(members: usize, messages: usize, rate: u64) -> anyhow::Result<Outcome> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer/broadcast.mjs");
    let mut child = Command::new("node")
        .arg(&script)
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("start node (npm install in bench/peer first)")?;
    let pid = child.id().context("peer pid")?;
    let mut lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
    let port = loop {
        let line = lines.next_line().await?.context("peer exited")?;
        if let Some(p) = line.strip_prefix("listening ") {
            break p.trim().to_owned();
        }
    };
    let url = format!("ws://127.0.0.1:{port}");
    let mut receivers = Vec::with_capacity(members);
    for _ in 0..members {
        receivers.push(connect(&url, None, "http://127.0.0.1").await?);
    }
    let sender = connect(&url, None, "http://127.0.0.1").await?;
    let start = Instant::now();
    let deadline =
        start + Duration::from_secs(60) + Duration::from_millis(messages as u64 * 1000 / rate.max(1));
    let is_message: fn(&str) -> bool = |t| t.starts_with("t=");
    let tasks: Vec<_> = receivers
        .into_iter()
        .map(|ws| tokio::spawn(receive(ws, messages, start, deadline, is_message)))
        .collect();
    let (mut sink, mut stream) = sender.split();
    let drain = tokio::spawn(async move { while let Some(Ok(_)) = stream.next().await {} });
    let cpu_before = cpu_of(pid)?;
    let t0 = Instant::now();
    pace(
        messages,
        rate,
        async |i, at| {
            sink.send(Message::Text(format!("t={at}; bericht {i}").into()))
                .await?;
            Ok(())
        },
        start,
    )
    .await?;
    let outcome = Outcome::gather(tasks, members, messages, t0, pid, cpu_before).await;
    drain.abort();
    outcome
}

/// Resident memory of a process, in bytes, from /proc.
fn rss_of(pid: u32) -> anyhow::Result<u64> {
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

/// The value at fraction `p` of sorted microsecond samples, in milliseconds.
fn pct(sorted: &[u32], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    f64::from(sorted[i]) / 1000.0
}

fn latency_line(sorted: &[u32]) -> String {
    format!(
        "latency ms p50 {:.2} p99 {:.2} p99.9 {:.2} max {:.2}",
        pct(sorted, 0.5),
        pct(sorted, 0.99),
        pct(sorted, 0.999),
        pct(sorted, 1.0)
    )
}

/// Joins `room` on an open socket and waits for `joined`.
async fn join_room(ws: &mut Socket, room: i64) -> anyhow::Result<()> {
    ws.send(Message::Text(
        format!(r#"{{"type":"join","room":{room}}}"#).into(),
    ))
    .await?;
    loop {
        match ws.next().await {
            Some(Ok(Message::Text(t))) if t.contains(r#""type":"joined""#) => return Ok(()),
            Some(Ok(_)) => continue,
            other => bail!("join: {other:?}"),
        }
    }
}

/// Reads and drops everything a socket receives (so that the server never has to cut it off
/// as a slow reader); counts the frames.
fn drain(ws: Socket) -> tokio::task::JoinHandle<u64> {
    tokio::spawn(async move {
        let (_sink, mut stream) = ws.split();
        let mut n = 0;
        while let Some(Ok(_)) = stream.next().await {
            n += 1;
        }
        n
    })
}

async fn idle(binary: &PathBuf, connections: usize, members: usize) -> anyhow::Result<()> {
    let server = start_kwartier(binary).await?;
    let pid = server.child.id().context("server pid")?;
    eprintln!("kwartier at {}: seeding {members} members…", server.url);
    let (tokens, room) = seed(&server.url, members).await?;
    let ws_url = format!("{}/api/v1/ws", server.url.replace("http://", "ws://"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    let before = rss_of(pid)?;
    let open = |i: usize| {
        let (ws_url, origin) = (ws_url.clone(), server.url.clone());
        let token = tokens[1 + i % members].clone();
        async move {
            let mut ws = connect(&ws_url, Some(&token), &origin).await?;
            join_room(&mut ws, room).await?;
            Ok::<_, anyhow::Error>(drain(ws))
        }
    };
    let mut opened = futures_util::stream::iter((0..connections).map(open)).buffer_unordered(64);
    let mut held = Vec::with_capacity(connections);
    while let Some(h) = opened.next().await {
        held.push(h?);
    }
    // Let presence updates and buffers settle, then measure twice a few seconds apart.
    tokio::time::sleep(Duration::from_secs(5)).await;
    let after = rss_of(pid)?;
    tokio::time::sleep(Duration::from_secs(5)).await;
    let later = rss_of(pid)?;
    let alive = held.iter().filter(|h| !h.is_finished()).count();
    let grown = after.max(later).saturating_sub(before);
    println!(
        "idle: {connections} sockets over {members} members, {alive} still open after 10 s; server RSS {:.1} MiB -> {:.1} MiB; {:.1} KiB per connection",
        before as f64 / 1048576.0,
        after.max(later) as f64 / 1048576.0,
        grown as f64 / 1024.0 / connections as f64
    );
    for h in held {
        h.abort();
    }
    Ok(())
}

async fn storm(
    binary: &PathBuf,
    connections: usize,
    concurrency: usize,
    members: usize,
) -> anyhow::Result<()> {
    let server = start_kwartier(binary).await?;
    let pid = server.child.id().context("server pid")?;
    eprintln!("kwartier at {}: seeding {members} members…", server.url);
    let (tokens, room) = seed(&server.url, members).await?;
    let ws_url = format!("{}/api/v1/ws", server.url.replace("http://", "ws://"));
    let cpu_before = cpu_of(pid)?;
    let t0 = Instant::now();
    let open = |i: usize| {
        let (ws_url, origin) = (ws_url.clone(), server.url.clone());
        let token = tokens[1 + i % members].clone();
        async move {
            let started = Instant::now();
            let mut ws = connect(&ws_url, Some(&token), &origin).await?;
            join_room(&mut ws, room).await?;
            Ok::<_, anyhow::Error>((started.elapsed().as_micros() as u32, drain(ws)))
        }
    };
    let mut opened = futures_util::stream::iter((0..connections).map(open)).buffer_unordered(concurrency);
    let (mut times, mut held, mut failed) = (Vec::new(), Vec::new(), 0);
    while let Some(r) = opened.next().await {
        match r {
            Ok((t, h)) => {
                times.push(t);
                held.push(h);
            }
            Err(e) => {
                failed += 1;
                if failed <= 3 {
                    eprintln!("failed: {e:#}");
                }
            }
        }
    }
    let wall = t0.elapsed();
    let cpu = cpu_of(pid)? - cpu_before;
    times.sort_unstable();
    println!(
        "storm: {connections} sockets, {concurrency} in flight: {} joined, {failed} failed in {:.2} s = {:.0} connections/s; server CPU {:.2} s; time to joined {}",
        times.len(),
        wall.as_secs_f64(),
        times.len() as f64 / wall.as_secs_f64(),
        cpu.as_secs_f64(),
        latency_line(&times)
    );
    for h in held {
        h.abort();
    }
    Ok(())
}

/// Posts `count` replies into `thread` with `writers` in flight, as `tokens` in turn; some reply
/// to an earlier post so that the thread is a tree. Returns the posts' ids.
async fn fill_thread(
    url: &str,
    token: &str,
    thread: i64,
    count: usize,
    writers: usize,
) -> anyhow::Result<Vec<i64>> {
    let http = reqwest::Client::new();
    let ids = std::sync::Arc::new(std::sync::Mutex::new(vec![thread]));
    let post = |i: usize| {
        let (http, url, token, ids) = (http.clone(), url.to_owned(), token.to_owned(), ids.clone());
        async move {
            let parent = {
                let ids = ids.lock().unwrap();
                // A deterministic spread: every third reply answers an earlier post.
                i.is_multiple_of(3).then(|| ids[(i * 7919) % ids.len()])
            };
            let mut body =
                serde_json::json!({"body": format!("Bericht {i}: hoe gaat het met jullie vandaag?")});
            if let Some(p) = parent {
                body["parent_id"] = p.into();
            }
            let res = http
                .post(format!("{url}/api/v1/threads/{thread}/posts"))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await?;
            if res.status() != 201 {
                bail!("post: {} {}", res.status(), res.text().await?);
            }
            let v: serde_json::Value = res.json().await?;
            ids.lock().unwrap().push(v["id"].as_i64().context("id")?);
            Ok::<(), anyhow::Error>(())
        }
    };
    let mut s = futures_util::stream::iter((0..count).map(post)).buffer_unordered(writers);
    while let Some(r) = s.next().await {
        r?;
    }
    let ids = ids.lock().unwrap().clone();
    Ok(ids)
}

/// Starts a thread in the bench group; returns its id (its first post has the same id space).
async fn new_thread(url: &str, token: &str, title: &str) -> anyhow::Result<i64> {
    let res = reqwest::Client::new()
        .post(format!("{url}/api/v1/groups/bench/threads"))
        .bearer_auth(token)
        .json(&serde_json::json!({"title": title, "body": "Het eerste bericht."}))
        .send()
        .await?;
    if res.status() != 201 {
        bail!("thread: {} {}", res.status(), res.text().await?);
    }
    let v: serde_json::Value = res.json().await?;
    v["thread"]["id"].as_i64().context("thread id")
}

async fn pages(
    binary: &PathBuf,
    posts: usize,
    rate: u64,
    seconds: u64,
    concurrency: usize,
) -> anyhow::Result<()> {
    let server = start_kwartier(binary).await?;
    let pid = server.child.id().context("server pid")?;
    let (tokens, _room) = seed(&server.url, 1).await?;
    let thread = new_thread(&server.url, &tokens[0], "Een lange draad").await?;
    eprintln!("filling a thread with {posts} posts…");
    fill_thread(&server.url, &tokens[0], thread, posts.saturating_sub(1), 16).await?;
    let reader = tokens[1].clone();
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).build()?;
    let last = posts.div_ceil(50).max(1);
    for (name, page) in [("first", 1), ("middle", last.div_ceil(2)), ("last", last)] {
        let url = format!("{}/t/{thread}?page={page}", server.url);
        let get = |http: reqwest::Client, url: String, token: String| async move {
            let res = http.get(&url).bearer_auth(&token).send().await?;
            let ok = res.status() == 200;
            let body = res.bytes().await?;
            if !ok || body.len() < 1000 {
                bail!("page: {ok} {} bytes", body.len());
            }
            Ok::<usize, anyhow::Error>(body.len())
        };
        let size = get(http.clone(), url.clone(), reader.clone()).await?;
        for _ in 0..200 {
            get(http.clone(), url.clone(), reader.clone()).await?;
        }
        // Open loop: request k is due at k/rate; latency counts from when it was due.
        let total = (rate * seconds) as usize;
        let gap = Duration::from_nanos(1_000_000_000 / rate.max(1));
        let t0 = Instant::now();
        let mut tasks = Vec::with_capacity(total);
        for k in 0..total {
            let due = t0 + gap * k as u32;
            tokio::time::sleep_until(due.into()).await;
            let (http, url, token) = (http.clone(), url.clone(), reader.clone());
            tasks.push(tokio::spawn(async move {
                get(http, url, token)
                    .await
                    .map(|_| due.elapsed().as_micros() as u32)
            }));
        }
        let mut lat = Vec::with_capacity(total);
        let mut failed = 0;
        for t in tasks {
            match t.await? {
                Ok(l) => lat.push(l),
                Err(_) => failed += 1,
            }
        }
        lat.sort_unstable();
        println!(
            "page {page} of {last} ({name}, {size} bytes) at {rate}/s for {seconds} s: {} ok, {failed} failed; {}",
            lat.len(),
            latency_line(&lat)
        );
        // Closed loop: as many pages as `concurrency` readers get.
        let cpu_before = cpu_of(pid)?;
        let t0 = Instant::now();
        let end = t0 + Duration::from_secs(seconds);
        let workers: Vec<_> = (0..concurrency)
            .map(|_| {
                let (http, url, token) = (http.clone(), url.clone(), reader.clone());
                tokio::spawn(async move {
                    let mut n = 0u64;
                    while Instant::now() < end {
                        if get(http.clone(), url.clone(), token.clone()).await.is_ok() {
                            n += 1;
                        }
                    }
                    n
                })
            })
            .collect();
        let mut n = 0;
        for w in workers {
            n += w.await?;
        }
        let wall = t0.elapsed().as_secs_f64();
        let cpu = (cpu_of(pid)? - cpu_before).as_secs_f64();
        println!(
            "page {page} ({name}), {concurrency} readers: {:.0} pages/s, server CPU {:.0} % = {:.0} pages per CPU-second",
            n as f64 / wall,
            cpu / wall * 100.0,
            n as f64 / cpu.max(1e-9)
        );
    }
    Ok(())
}

/// Makes a fresh database `kwartier_bench` on a PostgreSQL server; returns its URL.
fn fresh_postgres(base: &str) -> anyhow::Result<String> {
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

async fn posting(
    binary: &PathBuf,
    posts: usize,
    writers: usize,
    postgres: Option<&str>,
) -> anyhow::Result<()> {
    let db = postgres.map(fresh_postgres).transpose()?;
    let server = start_kwartier_on(binary, db.as_deref()).await?;
    let pid = server.child.id().context("server pid")?;
    eprintln!("kwartier at {}: seeding {writers} writers…", server.url);
    let (tokens, _room) = seed(&server.url, writers).await?;
    // Sixteen threads, so that writers meet on a thread now and then, as people do.
    let mut threads = Vec::new();
    for i in 0..16 {
        threads.push(new_thread(&server.url, &tokens[0], &format!("Draad {i}")).await?);
    }
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).build()?;
    let cpu_before = cpu_of(pid)?;
    let t0 = Instant::now();
    let per_writer = posts / writers;
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (http, url, token) = (http.clone(), server.url.clone(), tokens[1 + w].clone());
            let thread = threads[w % threads.len()];
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_writer);
                for i in 0..per_writer {
                    let started = Instant::now();
                    let res = http
                        .post(format!("{url}/api/v1/threads/{thread}/posts"))
                        .bearer_auth(&token)
                        .json(&serde_json::json!({"body": format!("Schrijver {w}, bericht {i}.")}))
                        .send()
                        .await?;
                    if res.status() != 201 {
                        bail!("post: {} {}", res.status(), res.text().await?);
                    }
                    lat.push(started.elapsed().as_micros() as u32);
                }
                Ok::<_, anyhow::Error>(lat)
            })
        })
        .collect();
    let mut lat = Vec::with_capacity(posts);
    for t in tasks {
        lat.extend(t.await??);
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = (cpu_of(pid)? - cpu_before).as_secs_f64();
    lat.sort_unstable();
    println!(
        "posting on {}: {} replies by {writers} writers in {wall:.2} s = {:.0} posts/s; server CPU {:.0} %; {}",
        if db.is_some() { "PostgreSQL" } else { "SQLite" },
        lat.len(),
        lat.len() as f64 / wall,
        cpu / wall * 100.0,
        latency_line(&lat)
    );
    Ok(())
}

async fn chat(
    binary: &PathBuf,
    messages: usize,
    senders: usize,
    postgres: Option<&str>,
    no_relay: bool,
) -> anyhow::Result<()> {
    let db = postgres.map(fresh_postgres).transpose()?;
    let env: &[(&str, &str)] = if no_relay {
        &[("KWARTIER_NO_RELAY", "true")]
    } else {
        &[]
    };
    let server = start_kwartier_with(binary, db.as_deref(), env).await?;
    let pid = server.child.id().context("server pid")?;
    eprintln!("kwartier at {}: seeding {senders} senders…", server.url);
    let (tokens, _) = seed(&server.url, senders).await?;
    let http = reqwest::Client::new();
    let ws_url = format!("{}/api/v1/ws", server.url.replace("http://", "ws://"));
    let mut sockets = Vec::new();
    for (i, token) in tokens[1..].iter().enumerate() {
        let res = http
            .post(format!("{}/api/v1/groups", server.url))
            .bearer_auth(token)
            .json(&serde_json::json!({"slug": format!("kamer{i}"), "name": format!("Kamer {i}"), "kind": "peer_group", "visibility": "public", "join_policy": "open"}))
            .send()
            .await?;
        if res.status() != 201 {
            bail!("group: {}", res.status());
        }
        let rooms: serde_json::Value = http
            .get(format!("{}/api/v1/groups/kamer{i}/rooms", server.url))
            .bearer_auth(token)
            .send()
            .await?
            .json()
            .await?;
        let room = rooms[0]["id"].as_i64().context("room")?;
        let mut ws = connect(&ws_url, Some(token), &server.url).await?;
        join_room(&mut ws, room).await?;
        sockets.push((ws, room));
    }
    let per_sender = messages / senders;
    let cpu_before = cpu_of(pid)?;
    let t0 = Instant::now();
    let tasks: Vec<_> = sockets
        .into_iter()
        .map(|(mut ws, room)| {
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_sender);
                for i in 0..per_sender {
                    let started = Instant::now();
                    let frame =
                        format!(r#"{{"type":"send","room":{room},"body":"bericht {i}","client_id":"c{i}"}}"#);
                    ws.send(Message::Text(frame.into())).await?;
                    let want = format!(r#""client_id":"c{i}""#);
                    loop {
                        match ws.next().await {
                            Some(Ok(Message::Text(t)))
                                if t.starts_with(r#"{"type":"ack""#) && t.contains(&want) =>
                            {
                                break;
                            }
                            Some(Ok(Message::Text(t))) if t.starts_with(r#"{"type":"error""#) => {
                                bail!("refused: {t}")
                            }
                            Some(Ok(_)) => continue,
                            other => bail!("socket: {other:?}"),
                        }
                    }
                    lat.push(started.elapsed().as_micros() as u32);
                }
                Ok::<_, anyhow::Error>(lat)
            })
        })
        .collect();
    let mut lat = Vec::with_capacity(messages);
    for t in tasks {
        lat.extend(t.await??);
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = (cpu_of(pid)? - cpu_before).as_secs_f64();
    lat.sort_unstable();
    println!(
        "chat on {}{}: {} messages acked from {senders} senders in {wall:.2} s = {:.0} messages/s; server CPU {:.0} %; time to ack {}",
        if db.is_some() { "PostgreSQL" } else { "SQLite" },
        if db.is_some() && no_relay {
            " without the relay"
        } else if db.is_some() {
            " with the relay"
        } else {
            ""
        },
        lat.len(),
        lat.len() as f64 / wall,
        cpu / wall * 100.0,
        latency_line(&lat)
    );
    Ok(())
}
