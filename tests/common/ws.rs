//! A WebSocket client for the chat protocol, over a real TCP connection.
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::http::HeaderValue;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::{self, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

use super::TestApp;

pub struct Ws {
    pub stream: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// Frames read ahead (while waiting for one's own message), given out first.
    pending: std::collections::VecDeque<Event>,
}

/// What arrived.
#[derive(Debug)]
pub enum Event {
    Frame(Value),
    /// The server closed the connection, with this code.
    Closed(Option<u16>),
}

impl TestApp {
    /// Connects with a bearer token, as an app would.
    pub async fn ws(&self, token: &str) -> Ws {
        self.ws_with(Some(token), None)
            .await
            .expect("WebSocket handshake")
    }

    pub async fn ws_with(&self, token: Option<&str>, origin: Option<&str>) -> Result<Ws, tungstenite::Error> {
        Ws::open(&format!("ws://{}/api/v1/ws", self.addr), token, origin).await
    }
}

impl Ws {
    /// Connects to a socket URL (any server, a spawned binary too) with an optional bearer
    /// token and `Origin`.
    pub async fn open(
        url: &str,
        token: Option<&str>,
        origin: Option<&str>,
    ) -> Result<Ws, tungstenite::Error> {
        let (stream, _) = tokio_tungstenite::connect_async(Self::request(url, token, origin)).await?;
        Ok(Self::from_stream(stream))
    }

    /// The handshake request for `url`, with an optional bearer token and `Origin`; the caller
    /// may add headers (a session cookie, as a browser sends) before [`Ws::open_tls`].
    pub fn request(
        url: &str,
        token: Option<&str>,
        origin: Option<&str>,
    ) -> tungstenite::handshake::client::Request {
        let mut req = url.into_client_request().unwrap();
        if let Some(t) = token {
            req.headers_mut().insert(
                "authorization",
                HeaderValue::from_str(&format!("Bearer {t}")).unwrap(),
            );
        }
        if let Some(o) = origin {
            req.headers_mut()
                .insert("origin", HeaderValue::from_str(o).unwrap());
        }
        req
    }

    /// Opens a `wss://` socket over a TCP connection the caller made (from an address of its
    /// choice), trusting what `tls` trusts.
    pub async fn open_tls(
        tcp: TcpStream,
        req: tungstenite::handshake::client::Request,
        tls: std::sync::Arc<rustls::ClientConfig>,
    ) -> Result<Ws, tungstenite::Error> {
        let (stream, _) = tokio_tungstenite::client_async_tls_with_config(
            req,
            tcp,
            None,
            Some(tokio_tungstenite::Connector::Rustls(tls)),
        )
        .await?;
        Ok(Self::from_stream(stream))
    }

    fn from_stream(stream: WebSocketStream<MaybeTlsStream<TcpStream>>) -> Ws {
        Ws {
            stream,
            pending: Default::default(),
        }
    }

    pub async fn send(&mut self, frame: Value) {
        self.stream
            .send(Message::Text(frame.to_string().into()))
            .await
            .expect("send a frame");
    }

    /// The next frame or close within `wait`; `None` when nothing came.
    pub async fn next_within(&mut self, wait: Duration) -> Option<Event> {
        if let Some(e) = self.pending.pop_front() {
            return Some(e);
        }
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let msg = tokio::time::timeout_at(deadline, self.stream.next()).await.ok()?;
            match msg {
                Some(Ok(Message::Text(t))) => return Some(Event::Frame(serde_json::from_str(&t).unwrap())),
                Some(Ok(Message::Close(frame))) => {
                    return Some(Event::Closed(frame.map(|f| u16::from(f.code))));
                }
                Some(Ok(_)) => continue,
                Some(Err(_)) | None => return Some(Event::Closed(None)),
            }
        }
    }

    /// The next frame whose `type` is one of `types` (presence and typing are skipped unless
    /// asked for); panics after five seconds or on a close.
    pub async fn expect(&mut self, types: &[&str]) -> Value {
        loop {
            match self.next_within(Duration::from_secs(5)).await {
                Some(Event::Frame(v)) if types.contains(&v["type"].as_str().unwrap_or("")) => return v,
                Some(Event::Frame(v))
                    if ["presence", "typing", "notifications"]
                        .contains(&v["type"].as_str().unwrap_or("")) => {}
                Some(Event::Frame(v)) => panic!("expected {types:?}, got {v}"),
                other => panic!("expected {types:?}, got {other:?}"),
            }
        }
    }

    /// Joins a room and returns the messages replayed before `joined`; while `joined` says
    /// `more`, asks for the next page from the last id, as a client does.
    pub async fn join(&mut self, room: i64, after: Option<i64>) -> Vec<Value> {
        let mut replayed: Vec<Value> = Vec::new();
        let mut from = after;
        loop {
            let (page, more) = self.join_once(room, from).await;
            replayed.extend(page);
            if !more {
                return replayed;
            }
            from = replayed.last().and_then(|m| m["id"].as_i64()).or(from);
        }
    }

    /// One `join` frame: the messages replayed before `joined`, and whether it said `more`.
    pub async fn join_once(&mut self, room: i64, after: Option<i64>) -> (Vec<Value>, bool) {
        let mut frame = serde_json::json!({"type": "join", "room": room});
        if let Some(a) = after {
            frame["after"] = a.into();
        }
        self.send(frame).await;
        let mut replayed = Vec::new();
        loop {
            let v = self.expect(&["message", "joined", "error"]).await;
            match v["type"].as_str() {
                Some("message") => replayed.push(v["message"].clone()),
                Some("joined") => return (replayed, v["more"] == true),
                _ => panic!("join refused: {v}"),
            }
        }
    }

    /// Sends a message and waits for its ack; returns the id.
    pub async fn say(&mut self, room: i64, body: &str, client_id: &str) -> i64 {
        self.send(serde_json::json!({"type": "send", "room": room, "body": body, "client_id": client_id}))
            .await;
        let mut echoed = false;
        let id = loop {
            let v = self.expect(&["ack", "message", "error"]).await;
            match v["type"].as_str() {
                Some("ack") if v["client_id"] == client_id => break v["id"].as_i64().unwrap(),
                Some("message") if v["message"]["client_id"] == client_id => echoed = true,
                Some("error") => panic!("send refused: {v}"),
                _ => {}
            }
        };
        // With PostgreSQL the room hears of a message through the relay, after the ack; take
        // the sender's own copy too (when in the room), as with SQLite, where it comes first.
        let mut others = Vec::new();
        while !echoed {
            match self.next_within(Duration::from_secs(2)).await {
                Some(Event::Frame(v)) if v["type"] == "message" && v["message"]["id"] == id => echoed = true,
                Some(e @ Event::Frame(_)) => others.push(e),
                Some(e) => {
                    others.push(e);
                    break;
                }
                None => break,
            }
        }
        for e in others.into_iter().rev() {
            self.pending.push_front(e);
        }
        id
    }

    /// Waits until the server closes the connection; returns the close code.
    pub async fn closed_within(&mut self, wait: Duration) -> Option<u16> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next_within(left).await {
                Some(Event::Closed(code)) => return code,
                Some(Event::Frame(_)) => continue,
                None => panic!("still open after {wait:?}"),
            }
        }
    }
}

pub fn code(c: CloseCode) -> u16 {
    u16::from(c)
}
