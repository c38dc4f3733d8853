//! No acknowledged message is ever lost: several members send thousands of messages while the
//! test cuts their connections at random and restarts the server in the middle; every member
//! must end up with every acknowledged message exactly once, in id order, with the id that
//! was acknowledged. Runs on SQLite, and on PostgreSQL with `KWARTIER_TEST_DATABASE_URL`.
mod common;

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use common::{GOOD_PASSWORD, spawn_app_with};
use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use tokio::sync::watch;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

const SENDERS: usize = 3;
const LISTENERS: usize = 2;
const PER_SENDER: usize = 1_000;
const WINDOW: usize = 25;

/// What one member saw: every message in arrival order, and the acks of their own.
#[derive(Default)]
struct Seen {
    received: Vec<(i64, String, String)>,
    acked: HashMap<String, i64>,
    reconnects: usize,
}

async fn connect(
    addr: &watch::Receiver<String>,
    token: &str,
) -> tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>> {
    loop {
        let url = format!("ws://{}/api/v1/ws", addr.borrow().clone());
        let mut req = url.into_client_request().unwrap();
        req.headers_mut().insert(
            "authorization",
            HeaderValue::from_str(&format!("Bearer {token}")).unwrap(),
        );
        match tokio_tungstenite::connect_async(req).await {
            Ok((ws, _)) => return ws,
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// One member: sends `to_send` messages (as `tag`-N) with a window of unacknowledged ones,
/// receives everything, and cuts its own connection now and then.
async fn member(
    addr: watch::Receiver<String>,
    token: String,
    room: i64,
    tag: String,
    to_send: usize,
    total: usize,
    seed: u64,
) -> Seen {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut seen = Seen::default();
    let mut next = 0usize;
    let mut unacked: VecDeque<String> = VecDeque::new();
    let mut last_id = 0i64;
    loop {
        let mut ws = connect(&addr, &token).await;
        let join = json!({"type": "join", "room": room, "after": last_id});
        if ws.send(Message::Text(join.to_string().into())).await.is_err() {
            continue;
        }
        // Whatever was not acknowledged goes again, with the same client_id.
        let mut ok = true;
        for cid in &unacked {
            let f =
                json!({"type": "send", "room": room, "body": format!("{cid} zegt hallo"), "client_id": cid});
            ok &= ws.send(Message::Text(f.to_string().into())).await.is_ok();
        }
        while ok {
            while unacked.len() < WINDOW && next < to_send {
                let cid = format!("{tag}-{next}");
                next += 1;
                let f = json!({"type": "send", "room": room, "body": format!("{cid} zegt hallo"), "client_id": cid});
                if ws.send(Message::Text(f.to_string().into())).await.is_err() {
                    ok = false;
                }
                unacked.push_back(cid);
            }
            if seen.received.len() >= total && unacked.is_empty() && next == to_send {
                return seen;
            }
            let frame = match tokio::time::timeout(Duration::from_secs(20), ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => serde_json::from_str::<Value>(&t).unwrap(),
                Ok(Some(Ok(_))) => continue,
                Ok(_) => break,
                Err(_) => panic!(
                    "{tag}: nothing for 20 s; received {}, unacked {}",
                    seen.received.len(),
                    unacked.len()
                ),
            };
            match frame["type"].as_str() {
                Some("message") => {
                    let m = &frame["message"];
                    let id = m["id"].as_i64().unwrap();
                    last_id = last_id.max(id);
                    seen.received.push((
                        id,
                        m["author"]["username"].as_str().unwrap().to_owned(),
                        m["client_id"].as_str().unwrap().to_owned(),
                    ));
                }
                Some("ack") => {
                    let cid = frame["client_id"].as_str().unwrap().to_owned();
                    let id = frame["id"].as_i64().unwrap();
                    if let Some(prev) = seen.acked.insert(cid.clone(), id) {
                        assert_eq!(prev, id, "{cid} acknowledged with two ids");
                    }
                    unacked.retain(|c| *c != cid);
                }
                Some("error") => {
                    // "unavailable" while the server stops: the message stays unacknowledged
                    // and goes again after the reconnect.
                    assert_eq!(frame["code"], "unavailable", "{tag}: {frame}");
                }
                _ => {}
            }
            // Now and then, the connection is cut without a goodbye.
            if rng.random_ratio(1, 400) {
                break;
            }
        }
        seen.reconnects += 1;
        drop(ws);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_acknowledged_message_reaches_every_member_once_in_order() {
    let app = spawn_app_with(|c| {
        c.chat_per_minute = 1_000_000;
        c.shutdown_grace_secs = 5;
    })
    .await;
    let names = ["anna", "bert", "carl", "dirk", "eva"];
    let mut tokens = Vec::new();
    for n in names {
        tokens.push(app.register(n, GOOD_PASSWORD).await);
    }
    let others: Vec<&str> = tokens[1..].iter().map(String::as_str).collect();
    let huis = app.shelter(&tokens[0], "huis", &others).await;
    let room = app
        .get_json(&format!("/api/v1/groups/{huis}/rooms"), &tokens[0])
        .await[0]["id"]
        .as_i64()
        .unwrap();

    let (addr_tx, addr_rx) = watch::channel(app.addr.to_string());
    let total = SENDERS * PER_SENDER;
    let mut tasks = Vec::new();
    for (i, token) in tokens.iter().enumerate().take(SENDERS + LISTENERS) {
        let to_send = if i < SENDERS { PER_SENDER } else { 0 };
        tasks.push(tokio::spawn(member(
            addr_rx.clone(),
            token.clone(),
            room,
            names[i].to_owned(),
            to_send,
            total,
            i as u64 + 7,
        )));
    }

    // Restart the server in the middle of the stream.
    let counter = app.db.connect().await;
    loop {
        tokio::time::sleep(Duration::from_millis(20)).await;
        if count(&counter).await >= (total / 3) as i64 {
            break;
        }
    }
    let at_restart = count(&counter).await;
    let app = app.restart().await;
    addr_tx.send(app.addr.to_string()).unwrap();

    let mut all = Vec::new();
    for t in tasks {
        all.push(
            tokio::time::timeout(Duration::from_secs(180), t)
                .await
                .expect("in time")
                .unwrap(),
        );
    }

    // Every acknowledged message, by sender and client_id, with its id.
    let mut acked: HashMap<(String, String), i64> = HashMap::new();
    for (i, seen) in all.iter().enumerate().take(SENDERS) {
        assert_eq!(seen.acked.len(), PER_SENDER, "{} got every ack", names[i]);
        for (cid, id) in &seen.acked {
            acked.insert((names[i].to_owned(), cid.clone()), *id);
        }
    }
    assert_eq!(acked.len(), total);
    for (i, seen) in all.iter().enumerate() {
        let ids: Vec<i64> = seen.received.iter().map(|r| r.0).collect();
        assert!(
            ids.windows(2).all(|w| w[0] < w[1]),
            "{} received a message twice or out of order",
            names[i]
        );
        assert_eq!(seen.received.len(), total, "{} received every message", names[i]);
        for (id, author, cid) in &seen.received {
            assert_eq!(
                acked.get(&(author.clone(), cid.clone())),
                Some(id),
                "{} got {author}/{cid} as {id}",
                names[i]
            );
        }
    }
    assert_eq!(count(&counter).await, total as i64, "stored once each");
    let reconnects: usize = all.iter().map(|s| s.reconnects).sum();
    assert!(
        reconnects >= SENDERS + LISTENERS,
        "every member reconnected at least once: {reconnects}"
    );
    eprintln!(
        "{total} messages; restarted at {at_restart} stored; {reconnects} reconnects: {:?}",
        all.iter().map(|s| s.reconnects).collect::<Vec<_>>()
    );
    assert!(at_restart < total as i64, "the restart came in the middle");
    counter.close().await.ok();
    app.stop().await;
}

async fn count(db: &sea_orm::DatabaseConnection) -> i64 {
    use sea_orm::ConnectionTrait;
    let row = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) AS n FROM chat_messages".to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}
