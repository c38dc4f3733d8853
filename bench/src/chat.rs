//! Durable chat messages per second from many senders.
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use crate::server::{cpu_of, fresh_postgres, seed, start_kwartier_with};
use crate::socket::{connect, join_room};
use crate::stats::latency_line;

pub(crate) async fn chat(
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
