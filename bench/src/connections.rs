//! Idle connections (memory per socket) and a connection storm (connections per second).
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use futures_util::StreamExt;

use crate::server::{cpu_of, rss_of, seed, start_kwartier};
use crate::socket::{connect, drain, join_room};
use crate::stats::latency_line;

pub(crate) async fn idle(binary: &PathBuf, connections: usize, members: usize) -> anyhow::Result<()> {
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

pub(crate) async fn storm(
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
