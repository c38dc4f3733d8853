//! Several instances on one PostgreSQL behave as one site: chat messages sent through one
//! instance reach the connections of another, in order and without loss; edits, hiding,
//! suspensions and logouts reach them too. PostgreSQL only (`KWARTIER_TEST_DATABASE_URL`):
//! the embedded SQLite database is for one instance.
mod common;

use std::time::Duration;

use common::{GOOD_PASSWORD, spawn_app, spawn_app_with};
use sea_orm::ConnectionTrait;
use serde_json::json;

#[tokio::test]
async fn a_message_sent_through_one_instance_reaches_the_other_in_order() {
    let a = spawn_app_with(|c| c.chat_per_minute = 100_000).await;
    if !a.db.is_postgres() {
        eprintln!("skipped: needs KWARTIER_TEST_DATABASE_URL (PostgreSQL)");
        return;
    }
    let b = a.another_instance().await;
    let anna = a.register("anna", GOOD_PASSWORD).await;
    let bert = a.register("bert", GOOD_PASSWORD).await;
    let carl = a.register("carl", GOOD_PASSWORD).await;
    let huis = a.shelter(&anna, "huis", &[&bert, &carl]).await;
    let room = a.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    // Anna is on instance A; Bert and Carl on instance B.
    let mut on_a = a.ws(&anna).await;
    on_a.join(room, None).await;
    let mut bert_b = b.ws(&bert).await;
    bert_b.join(room, None).await;
    let mut carl_b = b.ws(&carl).await;
    carl_b.join(room, None).await;

    // 300 messages from A, sent without waiting for acks, and one from B in between.
    for i in 0..300 {
        on_a.send(json!({"type": "send", "room": room, "body": format!("bericht {i}"), "client_id": format!("a{i}")}))
            .await;
    }
    let from_b = carl_b.say(room, "vanaf B", "c1").await;
    let mut seen = Vec::new();
    while seen.len() < 301 {
        let v = bert_b.expect(&["message"]).await;
        seen.push(v["message"].clone());
    }
    let ids: Vec<i64> = seen.iter().map(|m| m["id"].as_i64().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "in order: {ids:?}");
    let bodies: Vec<&str> = seen.iter().map(|m| m["body"].as_str().unwrap()).collect();
    let mine: Vec<&str> = bodies
        .iter()
        .copied()
        .filter(|b| b.starts_with("bericht"))
        .collect();
    assert_eq!(mine.len(), 300, "none lost");
    assert_eq!(mine[0], "bericht 0");
    assert_eq!(mine[299], "bericht 299");
    assert!(ids.contains(&from_b));
    // Everything Anna sent was acknowledged, and she got Carl's message from B.
    let mut acks = 0;
    let mut got_b = false;
    while acks < 300 || !got_b {
        let v = on_a.expect(&["ack", "message"]).await;
        match v["type"].as_str() {
            Some("ack") => acks += 1,
            _ if v["message"]["id"] == from_b => got_b = true,
            _ => {}
        }
    }

    // An edit through A reaches B.
    let first = seen.iter().find(|m| m["body"] == "bericht 0").unwrap()["id"]
        .as_i64()
        .unwrap();
    let res = a
        .api()
        .patch(a.url(&format!("/api/v1/messages/{first}")))
        .bearer_auth(&anna)
        .json(&json!({"body": "bericht 0, verbeterd"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let update = bert_b.expect(&["update"]).await;
    assert_eq!(update["message"]["body"], "bericht 0, verbeterd");

    // Ending Bert's session through A closes his socket on B.
    let res = a
        .api()
        .post(a.url("/api/v1/auth/logout"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    assert_eq!(bert_b.closed_within(Duration::from_secs(5)).await, Some(4001));
    drop(b);
}

/// Instances A and B on one PostgreSQL, Anna (steward) and Bert in a shelter, its room and its
/// address; `None` (the test is skipped) without PostgreSQL.
async fn two_instances() -> Option<(common::TestApp, common::TestApp, String, String, i64, String)> {
    let a = spawn_app().await;
    if !a.db.is_postgres() {
        eprintln!("skipped: needs KWARTIER_TEST_DATABASE_URL (PostgreSQL)");
        return None;
    }
    let b = a.another_instance().await;
    let anna = a.register("anna", GOOD_PASSWORD).await;
    let bert = a.register("bert", GOOD_PASSWORD).await;
    let huis = a.shelter(&anna, "huis", &[&bert]).await;
    let room = a.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    Some((a, b, anna, bert, room, huis))
}

#[tokio::test]
async fn leaving_through_one_instance_takes_the_socket_out_of_the_room_on_another() {
    let Some((a, b, _, bert, room, huis)) = two_instances().await else {
        return;
    };
    let mut bert_b = b.ws(&bert).await;
    bert_b.join(room, None).await;
    // Bert leaves the group through instance A: his socket on B is taken out of the room.
    let res = a
        .api()
        .post(a.url(&format!("/api/v1/groups/{huis}/leave")))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let left = bert_b.expect(&["left"]).await;
    assert_eq!(left["room"], room);
}

/// Waits for a presence frame of the room that lists exactly `names`.
async fn presence_becomes(ws: &mut common::ws::Ws, room: i64, names: &[&str]) {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let left = deadline.saturating_duration_since(tokio::time::Instant::now());
        match ws.next_within(left).await {
            Some(common::ws::Event::Frame(v)) if v["type"] == "presence" && v["room"] == room => {
                let mut online: Vec<&str> = v["online"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|n| n.as_str().unwrap())
                    .collect();
                online.sort_unstable();
                if online == names {
                    return;
                }
            }
            Some(common::ws::Event::Frame(_)) => {}
            other => panic!("no presence {names:?}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn presence_shows_everyone_in_the_room_on_every_instance() {
    let Some((a, b, anna, bert, room, _)) = two_instances().await else {
        return;
    };
    let mut anna_a = a.ws(&anna).await;
    anna_a.join(room, None).await;
    let mut bert_b = b.ws(&bert).await;
    bert_b.join(room, None).await;
    presence_becomes(&mut anna_a, room, &["anna", "bert"]).await;
    presence_becomes(&mut bert_b, room, &["anna", "bert"]).await;
    // Instance B stops, Bert still connected to it: he is no longer shown on A.
    b.stop().await;
    drop(bert_b);
    presence_becomes(&mut anna_a, room, &["anna"]).await;
}

/// An instance that crashed never says goodbye: once its heartbeat is older than 30 s, the live
/// instances drop it and the room hears its presence again without its people.
#[tokio::test]
async fn a_crashed_instance_drops_out_of_presence() {
    use sea_orm::ConnectionTrait;
    let a = spawn_app().await;
    if !a.db.is_postgres() {
        eprintln!("skipped: needs KWARTIER_TEST_DATABASE_URL (PostgreSQL)");
        return;
    }
    let anna = a.register("anna", GOOD_PASSWORD).await;
    let bert = a.register("bert", GOOD_PASSWORD).await;
    let huis = a.shelter(&anna, "huis", &[&bert]).await;
    let room = a.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    // Bert is in the room on an instance "elders", alive a moment ago.
    let db = a.db.connect().await;
    db.execute_unprepared(&format!(
        "INSERT INTO chat_instances (id, seen_at) VALUES ('elders', now());
         INSERT INTO chat_presence (instance, room_id, user_id)
           SELECT 'elders', {room}, id FROM users WHERE username = 'bert'"
    ))
    .await
    .unwrap();
    let mut anna_a = a.ws(&anna).await;
    anna_a.join(room, None).await;
    presence_becomes(&mut anna_a, room, &["anna", "bert"]).await;
    // "elders" crashes: its last heartbeat is now a minute old, and nobody removed its people.
    db.execute_unprepared(
        "UPDATE chat_instances SET seen_at = now() - interval '60 seconds' WHERE id = 'elders'",
    )
    .await
    .unwrap();
    presence_becomes(&mut anna_a, room, &["anna"]).await;
    let left: Option<sea_orm::QueryResult> = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT count(*) AS n FROM chat_presence WHERE instance = 'elders'",
        ))
        .await
        .unwrap();
    assert_eq!(
        left.unwrap().try_get::<i64>("", "n").unwrap(),
        0,
        "its rows are gone"
    );
}

#[tokio::test]
async fn after_the_listener_was_away_every_socket_checks_its_access_again() {
    let Some((_a, b, _, bert, room, _)) = two_instances().await else {
        return;
    };
    let mut bert_b = b.ws(&bert).await;
    bert_b.join(room, None).await;
    // Bert is suspended while instance B does not listen: no event reaches B. (Done in the
    // database directly, so that no instance hears of it.)
    let conn = b.db.connect().await;
    conn.execute_unprepared(
        "UPDATE memberships SET status = 'suspended' \
         WHERE user_id = (SELECT id FROM users WHERE username = 'bert')",
    )
    .await
    .unwrap();
    // Then the listeners lose their connections and come back: B checks its sockets again.
    conn.execute_unprepared(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity \
         WHERE datname = current_database() AND query ILIKE 'LISTEN%'",
    )
    .await
    .unwrap();
    let left = bert_b.expect(&["left"]).await;
    assert_eq!(left["room"], room);
}

#[tokio::test]
async fn a_message_heard_late_from_another_instance_is_not_skipped() {
    let Some((a, b, anna, bert, room, _)) = two_instances().await else {
        return;
    };
    let mut bert_b = b.ws(&bert).await;
    bert_b.join(room, None).await;
    // A message committed elsewhere whose notification has not arrived yet (stored here
    // without one), then one sent on B itself: B hears its own first.
    let conn = a.db.connect().await;
    conn.execute_unprepared(&format!(
        "INSERT INTO chat_messages (room_id, group_id, author_id, client_id, body, body_html, status, created_at) \
         SELECT id, group_id, (SELECT id FROM users WHERE username = 'anna'), 'late', 'eerder', '<p>eerder</p>', 'visible', now() \
         FROM rooms WHERE id = {room}"
    ))
    .await
    .unwrap();
    let mut anna_b = b.ws(&anna).await;
    anna_b.join(room, None).await;
    anna_b.say(room, "later", "l1").await;
    let first = bert_b.expect(&["message"]).await;
    assert_eq!(
        first["message"]["body"], "eerder",
        "the earlier message is delivered first"
    );
    let second = bert_b.expect(&["message"]).await;
    assert_eq!(second["message"]["body"], "later");
}

/// Issue 21: a direct room across two instances. Anna asks on A, Bert offers on B; Anna accepts
/// on A; they talk with Anna's socket on A and Bert's on B; Carl, on B, cannot join it.
#[tokio::test]
async fn a_direct_conversation_spans_two_instances_and_stays_the_twos() {
    let a = spawn_app().await;
    if !a.db.is_postgres() {
        eprintln!("skipped: needs KWARTIER_TEST_DATABASE_URL (PostgreSQL)");
        return;
    }
    let b = a.another_instance().await;
    let anna = a.register("anna", GOOD_PASSWORD).await;
    let bert = a.register("bert", GOOD_PASSWORD).await;
    let carl = a.register("carl", GOOD_PASSWORD).await;
    let huis = a.shelter(&anna, "huis", &[&bert, &carl]).await;
    let asked: serde_json::Value = a
        .post_json(
            &format!("/api/v1/groups/{huis}/requests"),
            &anna,
            json!({"title": "Mee naar de dokter", "body": "Dinsdag", "kind": "company"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = asked["id"].as_i64().unwrap();
    let offer: serde_json::Value = b
        .post_json(
            &format!("/api/v1/requests/{id}/offers"),
            &bert,
            json!({"body": "Ik ga mee"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let accepted: serde_json::Value = a
        .post_json(
            &format!("/api/v1/offers/{}/accept", offer["id"]),
            &anna,
            json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let room = accepted["room"].as_i64().unwrap();
    let mut anna_a = a.ws(&anna).await;
    anna_a.join(room, None).await;
    let mut bert_b = b.ws(&bert).await;
    bert_b.join(room, None).await;
    let sent = anna_a.say(room, "Om negen uur bij de bushalte?", "d1").await;
    let got = bert_b.expect(&["message"]).await;
    assert_eq!(got["message"]["id"].as_i64(), Some(sent));
    bert_b.say(room, "Goed!", "d2").await;
    let back = anna_a.expect(&["message"]).await;
    assert_eq!(back["message"]["body"], "Goed!");
    let mut carl_b = b.ws(&carl).await;
    carl_b.send(json!({"type": "join", "room": room})).await;
    assert_eq!(carl_b.expect(&["error"]).await["code"], "not_found");
}
