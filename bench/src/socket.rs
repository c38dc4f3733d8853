//! The chat client side: connect, join, send on a schedule, receive and time.
use std::time::{Duration, Instant};

use anyhow::bail;
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;

pub(crate) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

pub(crate) async fn connect(ws_url: &str, token: Option<&str>, origin: &str) -> anyhow::Result<Socket> {
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

/// Joins `room` on an open socket and waits for `joined`.
pub(crate) async fn join_room(ws: &mut Socket, room: i64) -> anyhow::Result<()> {
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
pub(crate) fn drain(ws: Socket) -> tokio::task::JoinHandle<u64> {
    tokio::spawn(async move {
        let (_sink, mut stream) = ws.split();
        let mut n = 0;
        while let Some(Ok(_)) = stream.next().await {
            n += 1;
        }
        n
    })
}

/// Receives until `expected` messages arrived (or `deadline`); records latencies from the
/// send time in each body ("t=<micros since start>;").
pub(crate) async fn receive(
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
pub(crate) async fn pace(
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
