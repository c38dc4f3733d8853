//! Live chat over a real WebSocket: rooms, delivery, replay, presence, typing, limits, and
//! who may be in a room.
mod common;

use std::time::Duration;

use common::ws::{Event, Ws};
use common::{GOOD_PASSWORD, TestApp, spawn_app, spawn_app_with};
use serde_json::{Value, json};

struct Shelter {
    anna: String,
    bert: String,
    carl: String,
    room: i64,
    /// The shelter's address (a private group's carries a random part).
    slug: String,
}

/// A private shelter with Anna (steward) and Bert (member); Carl is outside.
async fn shelter(app: &TestApp) -> Shelter {
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let res = app
        .post_json(
            "/api/v1/groups",
            &anna,
            json!({"slug": "huis", "name": "Huis", "kind": "shelter"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let huis = res.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let invite: Value = app
        .post_json(&format!("/api/v1/groups/{huis}/invites"), &anna, json!({}))
        .await
        .json()
        .await
        .unwrap();
    app.post_json(
        &format!("/api/v1/groups/{huis}/join"),
        &bert,
        json!({"invite": invite["code"]}),
    )
    .await;
    let rooms = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await;
    assert_eq!(
        rooms.as_array().unwrap().len(),
        1,
        "a group starts with one room: {rooms}"
    );
    Shelter {
        room: rooms[0]["id"].as_i64().unwrap(),
        anna,
        bert,
        carl,
        slug: huis,
    }
}

#[tokio::test]
async fn two_members_chat_live_and_an_outsider_cannot_listen() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    let mut bert = app.ws(&s.bert).await;
    assert!(anna.join(s.room, None).await.is_empty());
    assert!(bert.join(s.room, None).await.is_empty());

    let id = anna.say(s.room, "Goedemorgen **allemaal**", "a-1").await;
    let got = bert.expect(&["message"]).await;
    assert_eq!(got["message"]["id"], id);
    assert_eq!(got["message"]["author"]["username"], "anna");
    assert_eq!(got["message"]["body"], "Goedemorgen **allemaal**");
    assert_eq!(
        got["message"]["body_html"],
        "<p>Goedemorgen <strong>allemaal</strong></p>\n"
    );
    assert_eq!(got["message"]["client_id"], "a-1");
    assert_eq!(got["message"]["status"], "visible");

    // The same client_id again: nothing new stored, the same id acked, nothing delivered.
    assert_eq!(anna.say(s.room, "Goedemorgen **allemaal**", "a-1").await, id);
    let second = bert.say(s.room, "Hoi Anna", "b-1").await;
    assert!(second > id);
    let got = anna.expect(&["message"]).await;
    assert_eq!(
        got["message"]["id"], second,
        "no duplicate of the first message came before"
    );
    assert_eq!(app.count("chat_messages").await, 2);

    // History over HTTP, ascending.
    let history = app
        .get_json(&format!("/api/v1/rooms/{}/messages", s.room), &s.bert)
        .await;
    let ids: Vec<i64> = history
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![id, second]);

    // Carl, outside the private shelter, finds no room: not by WebSocket, not by HTTP.
    let mut carl = app.ws(&s.carl).await;
    carl.send(json!({"type": "join", "room": s.room})).await;
    let refused = carl.expect(&["error"]).await;
    assert_eq!(refused["code"], "not_found");
    carl.send(json!({"type": "send", "room": s.room, "body": "hallo?", "client_id": "c-1"}))
        .await;
    assert_eq!(carl.expect(&["error"]).await["code"], "not_joined");
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/rooms/{}/messages", s.room)))
        .bearer_auth(&s.carl)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // Carl's socket got nothing of the room meanwhile.
    anna.say(s.room, "Nog iemand?", "a-2").await;
    assert!(carl.next_within(Duration::from_millis(300)).await.is_none());
}

#[tokio::test]
async fn a_returning_member_gets_what_they_missed_once_and_in_order() {
    let app = spawn_app_with(|c| c.chat_per_minute = 1_000).await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    let first = anna.say(s.room, "een", "1").await;
    let mut bert = app.ws(&s.bert).await;
    let recent = bert.join(s.room, None).await;
    assert_eq!(
        recent.len(),
        1,
        "a join without `after` shows the recent messages"
    );
    drop(bert);
    let mut sent = vec![];
    for i in 2..=120 {
        sent.push(anna.say(s.room, &format!("bericht {i}"), &i.to_string()).await);
    }
    let mut bert = app.ws(&s.bert).await;
    let missed = bert.join(s.room, Some(first)).await;
    let ids: Vec<i64> = missed.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, sent);
    // Then live, with no gap.
    let live = anna.say(s.room, "live", "live").await;
    assert_eq!(bert.expect(&["message"]).await["message"]["id"], live);
}

#[tokio::test]
async fn presence_and_typing_reach_the_others_and_typing_can_be_turned_off() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    let mut bert = app.ws(&s.bert).await;
    bert.join(s.room, None).await;
    // Presence comes within half a second or so, with both names.
    let mut online = vec![];
    for _ in 0..5 {
        let p = anna.expect(&["presence"]).await;
        online = p["online"].as_array().unwrap().clone();
        if online.len() == 2 {
            break;
        }
    }
    assert_eq!(online, vec![json!("anna"), json!("bert")]);

    bert.send(json!({"type": "typing", "room": s.room})).await;
    let t = anna.expect(&["typing"]).await;
    assert_eq!(
        t,
        json!({"type": "typing", "room": s.room, "user": "bert", "display_name": "bert"})
    );
    // Throttled: a second signal right away is not passed on.
    bert.send(json!({"type": "typing", "room": s.room})).await;

    // Bert turns his typing signal off; new connections honour it.
    let res = app
        .api()
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&s.bert)
        .json(&json!({"typing_signal": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(res.json::<Value>().await.unwrap()["typing_signal"], false);
    drop(bert);
    let mut bert = app.ws(&s.bert).await;
    bert.join(s.room, None).await;
    tokio::time::sleep(Duration::from_millis(2100)).await;
    bert.send(json!({"type": "typing", "room": s.room})).await;
    bert.send(json!({"type": "ping"})).await;
    bert.expect(&["pong"]).await;
    let deadline = tokio::time::Instant::now() + Duration::from_millis(700);
    while let Some(ev) = anna.next_within(deadline - tokio::time::Instant::now()).await {
        if let Event::Frame(v) = ev {
            assert_ne!(v["type"], "typing", "typing signal was off: {v}");
        }
    }
}

#[tokio::test]
async fn bad_frames_get_an_error_and_the_connection_stays() {
    let app = spawn_app_with(|c| c.chat_per_minute = 5).await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    for (frame, code) in [
        ("not json".to_owned(), "bad_frame"),
        (json!({"type": "shout"}).to_string(), "bad_frame"),
        (
            json!({"type": "send", "room": s.room, "body": "x".repeat(2001), "client_id": "long"})
                .to_string(),
            "too_long",
        ),
        (
            json!({"type": "send", "room": s.room, "body": "   ", "client_id": "empty"}).to_string(),
            "invalid",
        ),
        (
            json!({"type": "send", "room": s.room, "body": "hoi", "client_id": "met spatie"}).to_string(),
            "invalid",
        ),
        (json!({"type": "join", "room": 999_999}).to_string(), "not_found"),
    ] {
        anna.stream.send_text(frame.clone()).await;
        let e = anna.expect(&["error"]).await;
        assert_eq!(e["code"], code, "{frame}");
        assert!(e["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    // Five messages a minute: the sixth is refused with its client_id, and nothing stored.
    for i in 0..5 {
        anna.say(s.room, "hoi", &format!("r{i}")).await;
    }
    anna.send(json!({"type": "send", "room": s.room, "body": "hoi", "client_id": "r5"}))
        .await;
    let e = anna.expect(&["error"]).await;
    assert_eq!(e["code"], "rate_limited");
    assert_eq!(e["client_id"], "r5");
    assert_eq!(app.count("chat_messages").await, 5);
    anna.send(json!({"type": "ping"})).await;
    anna.expect(&["pong"]).await;
}

trait SendText {
    async fn send_text(&mut self, text: String);
}

impl SendText
    for tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>
{
    async fn send_text(&mut self, text: String) {
        use futures_util::SinkExt;
        self.send(tokio_tungstenite::tungstenite::Message::Text(text.into()))
            .await
            .unwrap();
    }
}

#[tokio::test]
async fn handshakes_need_a_session_and_this_sites_origin() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let err = app.ws_with(None, None).await.err().expect("refused");
    assert!(err.to_string().contains("401"), "{err}");
    let err = app
        .ws_with(Some(&s.anna), Some("https://evil.example"))
        .await
        .err()
        .expect("refused");
    assert!(err.to_string().contains("403"), "{err}");
    let same = app.base.clone();
    assert!(app.ws_with(Some(&s.anna), Some(&same)).await.is_ok());
    // A browser that cannot set headers passes the token in the query.
    let req = format!("ws://{}/api/v1/ws?token={}", app.addr, s.anna);
    assert!(tokio_tungstenite::connect_async(req).await.is_ok());
}

#[tokio::test]
async fn leaving_the_group_or_logging_out_stops_delivery_within_a_second() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let huis = s.slug.clone();
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    let mut bert = app.ws(&s.bert).await;
    bert.join(s.room, None).await;

    // Bert leaves the group: his socket is told at once and gets nothing more of the room.
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/leave"), &s.bert, json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let left = bert.expect(&["left"]).await;
    assert_eq!(left["room"], s.room);
    anna.say(s.room, "Bert is weg", "weg").await;
    while let Some(ev) = bert.next_within(Duration::from_millis(300)).await {
        if let Event::Frame(v) = ev {
            assert_ne!(v["type"], "message", "delivered after leaving: {v}");
        }
    }
    bert.send(json!({"type": "join", "room": s.room})).await;
    assert_eq!(bert.expect(&["error"]).await["code"], "not_found");

    // Anna logs out on another connection: this socket closes within a second.
    let start = std::time::Instant::now();
    let res = app
        .api()
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&s.anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(anna.closed_within(Duration::from_secs(1)).await, Some(4001));
    assert!(start.elapsed() < Duration::from_secs(1));
}

#[tokio::test]
async fn members_edit_and_delete_their_own_messages_and_the_room_sees_it() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    let mut bert = app.ws(&s.bert).await;
    bert.join(s.room, None).await;
    let id = anna.say(s.room, "Vergadering om 8 uur", "v").await;
    bert.expect(&["message"]).await;

    let edit = |token: String, body: &'static str| {
        let app = &app;
        async move {
            app.api()
                .patch(app.url(&format!("/api/v1/messages/{id}")))
                .bearer_auth(token)
                .json(&json!({"body": body}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(edit(s.bert.clone(), "Niet van mij").await.status(), 403);
    assert_eq!(edit(s.carl.clone(), "Niet van mij").await.status(), 404);
    let res = edit(s.anna.clone(), "Vergadering om 9 uur").await;
    assert_eq!(res.status(), 200);
    let update = bert.expect(&["update"]).await;
    assert_eq!(update["message"]["id"], id);
    assert_eq!(update["message"]["body"], "Vergadering om 9 uur");
    assert!(update["message"]["edited_at"].is_string());

    let res = app
        .api()
        .delete(app.url(&format!("/api/v1/messages/{id}")))
        .bearer_auth(&s.anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let update = bert.expect(&["update"]).await;
    assert_eq!(update["message"]["status"], "deleted");
    assert_eq!(update["message"]["body"], "");
    let history = app
        .get_json(&format!("/api/v1/rooms/{}/messages", s.room), &s.bert)
        .await;
    assert_eq!(history[0]["status"], "deleted");
    assert_eq!(history[0]["body"], "");
}

#[tokio::test]
async fn stewards_add_rooms_and_members_cannot() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let huis = s.slug.clone();
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/rooms"),
            &s.bert,
            json!({"name": "Keuken"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/rooms"),
            &s.carl,
            json!({"name": "Keuken"}),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/rooms"),
            &s.anna,
            json!({"name": "  Huis   vergadering "}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["name"], "Huis vergadering");
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/rooms"),
            &s.anna,
            json!({"name": "x".repeat(61)}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let rooms = app
        .get_json(&format!("/api/v1/groups/{huis}/rooms"), &s.bert)
        .await;
    assert_eq!(rooms.as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn a_reader_that_cannot_keep_up_is_cut_off_and_the_room_goes_on() {
    let app = spawn_app_with(|c| c.chat_per_minute = 100_000).await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    // Bert joins and then stops reading.
    let mut bert = app.ws(&s.bert).await;
    bert.join(s.room, None).await;
    let big = "x".repeat(1_900);
    let mut last = 0;
    for i in 0..4_000 {
        anna.send(json!({"type": "send", "room": s.room, "body": big, "client_id": format!("m{i}")}))
            .await;
        if i % 200 == 199 {
            // Anna reads her own room: acks and messages keep flowing to her.
            loop {
                let v = anna.expect(&["ack", "message"]).await;
                if v["type"] == "ack" && v["client_id"] == format!("m{i}") {
                    last = v["id"].as_i64().unwrap();
                    break;
                }
            }
        }
    }
    assert!(last > 0);
    // Bert's connection was closed with "try again later" (1013) once his queue was full.
    assert_eq!(bert.closed_within(Duration::from_secs(10)).await, Some(1013));
    // He resumes from the last id he saw and gets the rest, in order.
    // The history comes a page at a time (`joined` says `more`), each page in order.
    let mut bert: Ws = app.ws(&s.bert).await;
    let (first, more) = bert.join_once(s.room, Some(0)).await;
    assert!(more && first.len() < 4_000, "{} at once", first.len());
    let after = first.last().unwrap()["id"].as_i64();
    let mut rest = first;
    rest.extend(bert.join(s.room, after).await);
    assert_eq!(rest.len(), 4_000);
    assert!(rest.windows(2).all(|w| w[0]["id"].as_i64() < w[1]["id"].as_i64()));
}

#[tokio::test]
async fn stopping_the_server_closes_sockets_with_going_away() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    let stopping = tokio::spawn(app.stop());
    assert_eq!(anna.closed_within(Duration::from_secs(5)).await, Some(1001));
    stopping.await.unwrap();
}

#[tokio::test]
async fn without_javascript_the_room_page_shows_history_and_sends_by_form_once() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let huis = s.slug.clone();
    let mut anna = app.ws(&s.anna).await;
    anna.join(s.room, None).await;
    anna.say(s.room, "Wie doet de afwas?", "afwas").await;

    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let room = format!("/r/{}", s.room);
    let (status, page) = common::get_text(&bert, &app.url(&room)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Wie doet de afwas?"));
    assert!(page.contains("role=\"log\""));
    assert!(page.contains("aria-live=\"polite\""));
    let csrf = common::csrf_of(&page);
    let client_id = page
        .split("name=\"client_id\" value=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .unwrap()
        .to_owned();
    // The same form sent twice (a double tap): stored once, and the socket sees it once.
    for _ in 0..2 {
        let res = app
            .submit(
                &bert,
                &room,
                &csrf,
                &[("body", "Ik doe het!"), ("client_id", &client_id)],
            )
            .await;
        assert_eq!(res.status(), 303);
        assert!(
            res.headers()["location"]
                .to_str()
                .unwrap()
                .starts_with(&format!("{room}#m"))
        );
    }
    assert_eq!(anna.expect(&["message"]).await["message"]["body"], "Ik doe het!");
    assert!(
        anna.next_within(Duration::from_millis(300))
            .await
            .is_none_or(|e| !matches!(e, Event::Frame(ref v) if v["type"] == "message"))
    );
    assert_eq!(app.count("chat_messages").await, 2);

    // Too long: the page comes back with the reason and the text kept.
    let long = "lang ".repeat(500);
    let res = app
        .submit(
            &bert,
            &room,
            &csrf,
            &[("body", long.as_str()), ("client_id", "nieuw")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("Je bericht is te lang"));
    assert!(page.contains("lang lang lang"));

    // An outsider gets the same 404 as for a room that does not exist.
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let (status, _) = common::get_text(&carl, &app.url(&room)).await;
    assert_eq!(status, 404);
    let (status, _) = common::get_text(&carl, &app.url(&format!("/g/{huis}/chat"))).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn an_open_socket_hears_of_new_notifications_and_only_its_own() {
    let app = spawn_app().await;
    let s = shelter(&app).await;
    let huis = s.slug.clone();
    let mut bert = app.ws(&s.bert).await;
    let mut carl = app.ws(&s.carl).await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &s.anna,
            json!({"title": "Schoonmaak", "body": "@bert en @carl, wie doet de gang?"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let n = bert.expect(&["notifications"]).await;
    assert_eq!(n["unread"], 1);
    // Carl is outside the shelter: no notification, so nothing on his socket.
    while let Some(ev) = carl.next_within(Duration::from_millis(400)).await {
        assert!(
            !matches!(ev, Event::Frame(ref v) if v["type"] == "notifications"),
            "{ev:?}"
        );
    }
}

#[tokio::test]
async fn heartbeats_find_a_dead_connection() {
    let app = spawn_app_with(|c| c.ws_heartbeat_secs = 1).await;
    let s = shelter(&app).await;
    let mut alive = app.ws(&s.anna).await;
    alive.join(s.room, None).await;
    let mut dead = app.ws(&s.bert).await;
    dead.join(s.room, None).await;
    assert_eq!(app.state.chat.hub.connections(), 2);
    // Bert's client stops reading (and so never answers a ping); Anna's keeps reading.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(6);
    while tokio::time::Instant::now() < deadline {
        let _ = alive.next_within(Duration::from_millis(200)).await;
        if app.state.chat.hub.connections() == 1 {
            break;
        }
    }
    assert_eq!(
        app.state.chat.hub.connections(),
        1,
        "the silent connection was closed"
    );
    drop(dead);
}

#[tokio::test]
async fn the_typing_signal_is_a_setting_on_the_account_page() {
    let app = spawn_app().await;
    app.register("anna", GOOD_PASSWORD).await;
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "anna").await;
    let (_, page) = common::get_text(&browser, &app.url("/account")).await;
    assert!(page.contains("Laat anderen zien als ik aan het typen ben"));
    let csrf = common::csrf_of(&page);
    // Unticked: the box is absent from the form.
    let res = app.submit(&browser, "/account/chat", &csrf, &[]).await;
    assert_eq!(res.status(), 303);
    let (_, page) = common::get_text(&browser, &app.url("/account?done=chat")).await;
    assert!(page.contains("Opgeslagen."));
    assert!(!page.contains("name=\"typing_signal\" value=\"on\" checked"));
    let res = app
        .submit(&browser, "/account/chat", &csrf, &[("typing_signal", "on")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = common::get_text(&browser, &app.url("/account")).await;
    assert!(page.contains("name=\"typing_signal\" value=\"on\" checked"));
}
