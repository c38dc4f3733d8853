//! Durable chat messages per second from many senders.
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use crate::server::{backends_share, cpu_of, fresh_postgres, postgres_cpu, seed, start_kwartier_with};
use crate::socket::{connect, join_room};
use crate::stats::latency_line;

pub(crate) async fn chat(
    binary: &PathBuf,
    messages: usize,
    senders: usize,
    postgres: Option<&str>,
    no_relay: bool,
    instances: usize,
) -> anyhow::Result<()> {
    if instances > 1 && (postgres.is_none() || no_relay) {
        bail!("several instances need --postgres and the relay");
    }
    let db = postgres.map(fresh_postgres).transpose()?;
    let env: &[(&str, &str)] = if no_relay {
        &[("KWARTIER_NO_RELAY", "true")]
    } else {
        &[]
    };
    let mut servers = Vec::new();
    for _ in 0..instances.max(1) {
        servers.push(start_kwartier_with(binary, db.as_deref(), env).await?);
    }
    let pids = servers
        .iter()
        .map(|s| s.child.id().context("server pid"))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let cpu_all = || -> anyhow::Result<f64> { pids.iter().map(|&p| Ok(cpu_of(p)?.as_secs_f64())).sum() };
    let server = &servers[0];
    eprintln!("kwartier at {}: seeding {senders} senders…", server.url);
    let (tokens, _) = seed(&server.url, senders).await?;
    let http = reqwest::Client::new();
    let ws_urls: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/api/v1/ws", s.url.replace("http://", "ws://")))
        .collect();
    let mut sockets = Vec::new();
    let mut watchers = Vec::new();
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
        let at = i % servers.len();
        let mut ws = connect(&ws_urls[at], Some(token), &servers[at].url).await?;
        join_room(&mut ws, room).await?;
        sockets.push((ws, room));
        if servers.len() > 1 {
            // The sender's other socket, on another instance: it must hear every message.
            let other = (i + 1) % servers.len();
            let mut w = connect(&ws_urls[other], Some(token), &servers[other].url).await?;
            join_room(&mut w, room).await?;
            watchers.push(w);
        }
    }
    let per_sender = messages / senders;
    let watching: Vec<_> = watchers
        .into_iter()
        .map(|w| {
            tokio::spawn(async move {
                let (_sink, mut stream) = w.split();
                let mut n = 0;
                while n < per_sender {
                    match tokio::time::timeout(std::time::Duration::from_secs(30), stream.next()).await {
                        Ok(Some(Ok(Message::Text(t)))) if t.starts_with(r#"{"type":"message""#) => n += 1,
                        Ok(Some(Ok(_))) => {}
                        _ => break,
                    }
                }
                n
            })
        })
        .collect();
    let cpu_before = cpu_all()?;
    // PostgreSQL's backends serving the bench database work for the servers too.
    let pg_before = postgres_cpu("kwartier_bench");
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
    let cpu = cpu_all()? - cpu_before;
    let pg_cpu = postgres_cpu("kwartier_bench")
        .saturating_sub(pg_before)
        .as_secs_f64();
    let mut heard = 0;
    for w in watching {
        heard += w.await?;
    }
    lat.sort_unstable();
    let across = if servers.len() > 1 {
        format!(
            " on {} instances ({heard} of {} heard on the other instance)",
            servers.len(),
            lat.len()
        )
    } else {
        String::new()
    };
    println!(
        "chat on {}{}{across}: {} messages acked from {senders} senders in {wall:.2} s = {:.0} messages/s; server CPU {:.0} %{}; time to ack {}",
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
        backends_share(db.is_some(), pg_cpu, wall),
        latency_line(&lat)
    );
    Ok(())
}
