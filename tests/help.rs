//! Help from peers (issue 21): what is built so far. A direct room is its two people's alone:
//! every path answers anyone else, stewards and the instance admin included, as if it did not
//! exist, and it is not among the group's rooms nor in anyone else's counts.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app};
use serde_json::json;

/// Anna (steward), Bert and Carl share a house; Dirk is the instance admin, in no group. Anna
/// and Bert have a direct room. Returns the tokens (anna, bert, carl, dirk) and the room.
async fn house_with_a_direct_room(app: &TestApp) -> (Vec<String>, String, i64) {
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl", "dirk"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await;
    use sea_orm::ConnectionTrait;
    app.state
        .db
        .execute_unprepared("UPDATE users SET is_admin = TRUE WHERE username = 'dirk'")
        .await
        .unwrap();
    let id = |token: String| async move {
        app.get_json("/api/v1/me", &token).await["id"].as_i64().unwrap() as i32
    };
    let (anna, bert) = (id(t[0].clone()).await, id(t[1].clone()).await);
    let group = app.get_json(&format!("/api/v1/groups/{huis}"), &t[0]).await["id"]
        .as_i64()
        .unwrap() as i32;
    let room = kwartier::db::chat::create_direct_room(&app.state.db, group, "Anna en Bert", [anna, bert])
        .await
        .unwrap();
    (t, huis, i64::from(room.id))
}

#[tokio::test]
async fn a_direct_room_is_for_its_two_people_alone() {
    let app = spawn_app().await;
    let (t, huis, room) = house_with_a_direct_room(&app).await;

    // The two talk: API and socket.
    let res = app
        .post_json(
            &format!("/api/v1/rooms/{room}/messages"),
            &t[0],
            json!({"body": "Zullen we donderdag samen gaan?", "client_id": "d-1"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let mut bert = app.ws(&t[1]).await;
    let seen = bert.join(room, None).await;
    assert_eq!(seen.len(), 1);
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[1])
        .await;
    assert_eq!(history.as_array().map(Vec::len), Some(1), "{history}");

    // Carl (a member), Anna's fellow steward role aside, and Dirk (the admin) find nothing: the
    // same answers as for a room that does not exist.
    for token in [&t[2], &t[3]] {
        let mut answers = Vec::new();
        for r in [room, 999_999] {
            let res = app
                .api()
                .get(app.url(&format!("/api/v1/rooms/{r}/messages")))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            answers.push((res.status().as_u16(), res.text().await.unwrap()));
        }
        assert_eq!(answers[0].0, 404);
        assert_eq!(answers[0], answers[1]);
        let res = app
            .post_json(
                &format!("/api/v1/rooms/{room}/messages"),
                token,
                json!({"body": "Hoi", "client_id": "x"}),
            )
            .await;
        assert_eq!(res.status(), 404);
        let mut ws = app.ws(token).await;
        ws.send(json!({"type": "join", "room": room})).await;
        let refused = ws.expect(&["error"]).await;
        assert_eq!(refused["code"], "not_found", "{refused}");
    }
    for name in ["carl", "dirk"] {
        let browser = app.browser_with_lang("nl");
        app.login_in_browser(&browser, name).await;
        let (status, _) = get_text(&browser, &app.url(&format!("/r/{room}"))).await;
        assert_eq!(status, 404, "{name}");
    }
    // Not among the group's rooms, and not counted as new chat on anyone's home.
    let rooms = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[2]).await;
    assert!(
        rooms.as_array().unwrap().iter().all(|r| r["id"] != room),
        "{rooms}"
    );
    let rooms = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[0]).await;
    assert!(
        rooms.as_array().unwrap().iter().all(|r| r["id"] != room),
        "{rooms}"
    );
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let (_, home) = get_text(&carl, &app.url("/")).await;
    assert!(
        !home.contains("nieuw bericht in de chat") && !home.contains("nieuwe berichten in de chat"),
        "{home}"
    );
}
