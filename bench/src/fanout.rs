//! Chat fan-out: one sender, a room of connected members, against Kwartier and the `ws` peer.
use std::path::PathBuf;
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::{SinkExt, StreamExt};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio_tungstenite::tungstenite::Message;

use crate::server::{cpu_of, seed, start_kwartier};
use crate::socket::{connect, join_room, pace, receive};
use crate::stats::pct;

/// What a fan-out run measured.
pub(crate) struct Outcome {
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
    pub(crate) fn per_cpu_second(&self) -> f64 {
        self.deliveries as f64 / self.server_cpu.as_secs_f64().max(1e-9)
    }

    pub(crate) fn pct(&self, p: f64) -> f64 {
        pct(&self.latencies, p)
    }

    /// Waits for the receivers, reads the server's CPU time since `cpu_before`, and sums up.
    pub(crate) async fn gather(
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

    pub(crate) fn print(&self, name: &str) {
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

pub(crate) async fn fanout_kwartier(
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

pub(crate) async fn fanout_peer(members: usize, messages: usize, rate: u64) -> anyhow::Result<Outcome> {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("peer/broadcast.mjs");
    let mut child = crate::server::server_command("node")
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
