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
    // Search finds it for nobody, not even for the two; the admin's export of Anna on request
    // holds none of it; Bert's own export holds his words only (there are none yet).
    for token in [&t[0], &t[1], &t[2], &t[3]] {
        let found = app.get_json("/api/v1/search?q=donderdag", token).await;
        assert!(!found.to_string().contains("donderdag samen"), "{found}");
    }
    let res = app
        .post_json(
            "/api/v1/admin/accounts/anna/export",
            &t[3],
            json!({"reason": "Anna vroeg erom"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let text = res.text().await.unwrap();
    assert!(!text.contains("donderdag samen"), "{text}");
    let own = app.get_json("/api/v1/me/export", &t[1]).await.to_string();
    assert!(!own.contains("donderdag samen"), "{own}");
    let own = app.get_json("/api/v1/me/export", &t[0]).await.to_string();
    assert!(
        own.contains("donderdag samen"),
        "Anna's own words are in her export"
    );
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let (_, home) = get_text(&carl, &app.url("/")).await;
    assert!(
        !home.contains("nieuw bericht in de chat") && !home.contains("nieuwe berichten in de chat"),
        "{home}"
    );
}

async fn call(app: &TestApp, token: &str, path: &str, body: serde_json::Value) -> (u16, serde_json::Value) {
    app.call(reqwest::Method::POST, path, token, body).await
}

/// Anna asks her house for someone to come along to the municipality; Bert and Carl offer.
/// Each helper sees only their own offer; Anna sees both, accepts Bert (a direct room opens for
/// the two of them) and declines Carl, kindly; she closes the request with a thank-you the
/// house sees.
#[tokio::test]
async fn a_request_finds_a_helper_and_a_conversation_starts_by_consent() {
    let app = spawn_app().await;
    let (t, huis, _) = house_with_a_direct_room(&app).await;
    let (status, asked) = call(
        &app,
        &t[0],
        &format!("/api/v1/groups/{huis}/requests"),
        json!({"title": "Mee naar de gemeente", "body": "Donderdag om tien uur, over mijn uitkering.", "kind": "company"}),
    )
    .await;
    assert_eq!(status, 201, "{asked}");
    let id = asked["id"].as_i64().unwrap();
    // The members hear of it.
    let notes = app.get_json("/api/v1/notifications", &t[1]).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "help_request"),
        "{notes}"
    );
    // Not Anna's own; once each.
    assert_eq!(
        call(
            &app,
            &t[0],
            &format!("/api/v1/requests/{id}/offers"),
            json!({"body": "Ik"})
        )
        .await
        .0,
        403
    );
    let (status, bert_offer) = call(
        &app,
        &t[1],
        &format!("/api/v1/requests/{id}/offers"),
        json!({"body": "Ik ga mee, ik ken de weg."}),
    )
    .await;
    assert_eq!(status, 201, "{bert_offer}");
    assert_eq!(
        call(
            &app,
            &t[1],
            &format!("/api/v1/requests/{id}/offers"),
            json!({"body": "Nog een keer"})
        )
        .await
        .0,
        409
    );
    let (_, carl_offer) = call(
        &app,
        &t[2],
        &format!("/api/v1/requests/{id}/offers"),
        json!({"body": "Ik kan ook."}),
    )
    .await;
    // Carl sees his offer only; Anna both.
    let seen = app.get_json(&format!("/api/v1/requests/{id}"), &t[2]).await;
    assert_eq!(seen["offers"].as_array().unwrap().len(), 1, "{seen}");
    assert_eq!(seen["offers"][0]["body"], "Ik kan ook.");
    assert_eq!(seen["offer_count"], 2);
    let seen = app.get_json(&format!("/api/v1/requests/{id}"), &t[0]).await;
    assert_eq!(seen["offers"].as_array().unwrap().len(), 2);
    // Only Anna answers offers.
    let bert_offer_id = bert_offer["id"].as_i64().unwrap();
    assert_eq!(
        call(
            &app,
            &t[1],
            &format!("/api/v1/offers/{bert_offer_id}/accept"),
            json!({})
        )
        .await
        .0,
        403
    );
    assert_eq!(
        call(
            &app,
            &t[2],
            &format!("/api/v1/offers/{bert_offer_id}/accept"),
            json!({})
        )
        .await
        .0,
        404
    );
    let (status, accepted) = call(
        &app,
        &t[0],
        &format!("/api/v1/offers/{bert_offer_id}/accept"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{accepted}");
    let room = accepted["room"].as_i64().unwrap();
    let carl_offer_id = carl_offer["id"].as_i64().unwrap();
    assert_eq!(
        call(
            &app,
            &t[0],
            &format!("/api/v1/offers/{carl_offer_id}/decline"),
            json!({})
        )
        .await
        .0,
        204
    );
    let notes = app.get_json("/api/v1/notifications", &t[2]).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "offer_declined"),
        "{notes}"
    );

    // Anna and Bert talk in their room; Carl cannot reach it.
    let (status, _) = call(
        &app,
        &t[1],
        &format!("/api/v1/rooms/{room}/messages"),
        json!({"body": "Ik sta om kwart voor tien bij de deur.", "client_id": "b-1"}),
    )
    .await;
    assert_eq!(status, 201);
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[0])
        .await;
    assert_eq!(history.as_array().unwrap().len(), 1);
    assert_eq!(
        call(
            &app,
            &t[2],
            &format!("/api/v1/rooms/{room}/messages"),
            json!({"body": "Hoi", "client_id": "c"})
        )
        .await
        .0,
        404
    );

    // Anna closes it, thanking Bert; the house sees the thanks.
    let (status, closed) = call(
        &app,
        &t[0],
        &format!("/api/v1/requests/{id}/close"),
        json!({"outcome": "helped", "thanks": "Dank je Bert!"}),
    )
    .await;
    assert_eq!(status, 200, "{closed}");
    let list = app
        .get_json(&format!("/api/v1/groups/{huis}/requests?status=closed"), &t[2])
        .await;
    assert_eq!(list[0]["thanks"], "Dank je Bert!");
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let (_, page) = get_text(&carl, &app.url(&format!("/g/{huis}/requests"))).await;
    assert!(
        page.contains("Dank je Bert!") && page.contains("Zet geen adres of geldzaken"),
        "{page}"
    );
    let (_, page) = get_text(&carl, &app.url(&format!("/requests/{id}"))).await;
    assert!(
        !page.contains("ik ken de weg"),
        "Carl never sees Bert's offer: {page}"
    );

    // Outsiders and the admin: the request is not there.
    for token in [&t[3]] {
        let res = app
            .api()
            .get(app.url(&format!("/api/v1/requests/{id}")))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
    }
}

/// The same journey on the pages, without JavaScript: ask, offer, accept into the private chat.
#[tokio::test]
async fn asking_and_offering_work_on_pages_without_javascript() {
    let app = spawn_app().await;
    let (_, huis, _) = house_with_a_direct_room(&app).await;
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let page = format!("/g/{huis}/requests");
    let res = app
        .submit_from(
            &anna,
            &page,
            &page,
            &[
                ("title", "Hulp met een brief"),
                ("body", "Ik snap de brief van de belasting niet."),
                ("kind", "knowledge"),
                ("needed_by", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let request = res.headers()["location"]
        .to_str()
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let res = app
        .submit_from(
            &bert,
            &request,
            &format!("{request}/offers"),
            &[("body", "Ik help je, ik werk bij de belastingwinkel.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, mine) = get_text(&anna, &app.url(&request)).await;
    assert!(mine.contains("Ja, graag: praat met bert"), "{mine}");
    let accept = mine
        .split("action=\"/offers/")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let res = app
        .submit_from(&anna, &request, &format!("/offers/{accept}"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let room = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(room.starts_with("/r/"), "{room}");
    let (status, _) = get_text(&bert, &app.url(&room)).await;
    assert_eq!(status, 200);
    // Too long a request comes back with what was typed.
    let long = "x".repeat(121);
    let res = app
        .submit_from(
            &anna,
            &page,
            &page,
            &[("title", &long), ("body", "b"), ("kind", "practical")],
        )
        .await;
    assert_eq!(res.status(), 422);
}

/// Anna blocks Carl: he can no longer offer on her requests, and is told no more than on a
/// closed request; blocking answers the same for any name; Bert still offers.
#[tokio::test]
async fn a_block_is_silent_and_holds() {
    let app = spawn_app().await;
    let (t, huis, _) = house_with_a_direct_room(&app).await;
    let put = |token: String, name: &'static str| {
        let app = &app;
        async move {
            app.api()
                .put(app.url(&format!("/api/v1/me/blocks/{name}")))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    for name in ["carl", "niemandhier", "carl"] {
        assert_eq!(put(t[0].clone(), name).await, 204);
    }
    let blocked = app.get_json("/api/v1/me/blocks", &t[0]).await;
    assert_eq!(blocked.as_array().unwrap().len(), 1, "{blocked}");
    assert_eq!(blocked[0]["username"], "carl");

    let (_, asked) = call(
        &app,
        &t[0],
        &format!("/api/v1/groups/{huis}/requests"),
        json!({"title": "Verhuizen", "body": "Zaterdag", "kind": "practical"}),
    )
    .await;
    let id = asked["id"].as_i64().unwrap();
    let (status, refused) = call(
        &app,
        &t[2],
        &format!("/api/v1/requests/{id}/offers"),
        json!({"body": "Ik help"}),
    )
    .await;
    assert_eq!(status, 409);
    // The same answer as on a closed request.
    let (_, other) = call(
        &app,
        &t[1],
        &format!("/api/v1/groups/{huis}/requests"),
        json!({"title": "Boodschappen", "body": "Maandag", "kind": "practical"}),
    )
    .await;
    let other = other["id"].as_i64().unwrap();
    call(
        &app,
        &t[1],
        &format!("/api/v1/requests/{other}/close"),
        json!({"outcome": "withdrawn"}),
    )
    .await;
    let (status, closed) = call(
        &app,
        &t[2],
        &format!("/api/v1/requests/{other}/offers"),
        json!({"body": "Ik help"}),
    )
    .await;
    assert_eq!((status, &closed), (409, &refused));
    assert_eq!(
        call(
            &app,
            &t[1],
            &format!("/api/v1/requests/{id}/offers"),
            json!({"body": "Ik help"})
        )
        .await
        .0,
        201
    );

    // All of it is in each one's own export.
    let anna = app.get_json("/api/v1/me/export", &t[0]).await;
    assert_eq!(anna["help_requests"][0]["title"], "Verhuizen");
    assert_eq!(anna["blocked"], json!(["carl"]));
    let bert = app.get_json("/api/v1/me/export", &t[1]).await;
    assert_eq!(bert["help_offers"][0]["body"], "Ik help");
    assert_eq!(bert["help_requests"][0]["title"], "Boodschappen");
    // The instance admin's export on request holds none of it.
    let res = app
        .post_json(
            "/api/v1/admin/accounts/anna/export",
            &t[3],
            json!({"reason": "Op haar verzoek"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let by_admin: serde_json::Value = res.json().await.unwrap();
    assert_eq!(by_admin["help_requests"], json!([]));
    assert_eq!(by_admin["blocked"], json!([]));
}

/// Issue 21, point 4: "Mijn netwerk". Bert helped Anna through Kwartier; Anna adds her
/// neighbour by hand. Each sees their own side; nobody else's network is reachable; it is in the
/// owner's export.
#[tokio::test]
async fn my_network_holds_who_helped_me_and_whom_i_noted() {
    let app = spawn_app().await;
    let (t, huis, _) = house_with_a_direct_room(&app).await;
    let (_, asked) = call(
        &app,
        &t[0],
        &format!("/api/v1/groups/{huis}/requests"),
        json!({"title": "Mee naar de gemeente", "body": "Donderdag", "kind": "company"}),
    )
    .await;
    let id = asked["id"].as_i64().unwrap();
    let (_, offer) = call(
        &app,
        &t[1],
        &format!("/api/v1/requests/{id}/offers"),
        json!({"body": "Ik ga mee"}),
    )
    .await;
    let offer = offer["id"].as_i64().unwrap();
    call(&app, &t[0], &format!("/api/v1/offers/{offer}/accept"), json!({})).await;
    call(
        &app,
        &t[0],
        &format!("/api/v1/requests/{id}/close"),
        json!({"outcome": "helped", "thanks": "Dank je"}),
    )
    .await;

    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let res = app
        .submit_from(
            &anna,
            "/account/network",
            "/account/network",
            &[
                ("name", "Ria"),
                ("note", "buurvrouw: boodschappen als ik ziek ben"),
                ("kind", "practical"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&anna, &app.url("/account/network")).await;
    assert!(page.contains("bert") && page.contains("hielp mij"), "{page}");
    assert!(
        page.contains("Ria") && page.contains("boodschappen als ik ziek ben"),
        "{page}"
    );
    assert!(
        page.find("Meegaan").unwrap() < page.find("bert").unwrap(),
        "grouped by kind: {page}"
    );
    let network = app.get_json("/api/v1/me/network", &t[0]).await;
    let how: Vec<&str> = network["people"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["how"].as_str().unwrap())
        .collect();
    assert_eq!(how, ["helped_me", "added"]);
    let bert = app.get_json("/api/v1/me/network", &t[1]).await;
    assert_eq!(bert["people"][0]["how"], "i_helped");
    assert_eq!(bert["people"][0]["username"], "anna");
    // Ria is Anna's alone: Carl cannot remove her, and finds her nowhere.
    let ria = network["people"][1]["id"].as_i64().unwrap();
    let res = app
        .api()
        .delete(app.url(&format!("/api/v1/me/network/{ria}")))
        .bearer_auth(&t[2])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let carl = app.get_json("/api/v1/me/network", &t[2]).await;
    assert_eq!(carl["people"], json!([]));
    let export = app.get_json("/api/v1/me/export", &t[0]).await;
    assert_eq!(export["network"][0]["name"], "Ria");
    let res = app
        .api()
        .delete(app.url(&format!("/api/v1/me/network/{ria}")))
        .bearer_auth(&t[0])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
}

/// The list of private chats: each of the two finds theirs, with the other person and what is
/// new; nobody else has it.
#[tokio::test]
async fn each_finds_their_private_chats() {
    let app = spawn_app().await;
    let (t, _, room) = house_with_a_direct_room(&app).await;
    call(
        &app,
        &t[0],
        &format!("/api/v1/rooms/{room}/messages"),
        json!({"body": "Hoi Bert", "client_id": "x1"}),
    )
    .await;
    let bert = app.get_json("/api/v1/me/conversations", &t[1]).await;
    assert_eq!(bert[0]["room"], room);
    assert_eq!(bert[0]["with"]["username"], "anna");
    assert_eq!(bert[0]["unread"], 1);
    let anna = app.get_json("/api/v1/me/conversations", &t[0]).await;
    assert_eq!(anna[0]["unread"], 0);
    assert_eq!(app.get_json("/api/v1/me/conversations", &t[2]).await, json!([]));
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "bert").await;
    let (_, page) = get_text(&browser, &app.url("/account/conversations")).await;
    assert!(
        page.contains("Met anna") && page.contains("1 nieuw bericht"),
        "{page}"
    );
}

/// Sends a chat message by the API: the status and the answer.
async fn say_in(
    app: &TestApp,
    token: &str,
    room: i64,
    body: &str,
    client_id: impl ToString,
) -> (u16, serde_json::Value) {
    call(
        app,
        token,
        &format!("/api/v1/rooms/{room}/messages"),
        json!({"body": body, "client_id": client_id.to_string()}),
    )
    .await
}

/// Either of the two ends a private chat: nobody writes in it after that (API, socket and
/// page say so plainly), both still read it, and what one chose to erase is gone. Nobody else
/// can end it, and for them it still does not exist.
#[tokio::test]
async fn an_ended_private_chat_stays_readable_and_closed() {
    let app = spawn_app().await;
    let (t, _, room) = house_with_a_direct_room(&app).await;
    assert_eq!(
        say_in(&app, &t[0], room, "Dank je voor gisteren.", "e1").await.0,
        201
    );
    assert_eq!(say_in(&app, &t[1], room, "Graag gedaan!", "e2").await.0, 201);

    // Carl and Dirk cannot end it: the same answer as for a room nobody has.
    let end = format!("/api/v1/me/conversations/{room}/end");
    for token in [&t[2], &t[3]] {
        let a = call(&app, token, &end, json!({})).await;
        let b = call(&app, token, "/api/v1/me/conversations/999999/end", json!({})).await;
        assert_eq!(a.0, 404);
        assert_eq!(a, b);
    }
    // Bert ends it and erases his own words.
    assert_eq!(call(&app, &t[1], &end, json!({"erase_mine": true})).await.0, 204);
    // Neither writes any more: API, socket.
    for (i, token) in [&t[0], &t[1]].into_iter().enumerate() {
        let (status, body) = say_in(&app, token, room, "Nog iets", format!("after-{i}")).await;
        assert_eq!(status, 409, "{body}");
        assert_eq!(body["error"]["code"], "conversation_ended", "{body}");
    }
    let mut ws = app.ws(&t[0]).await;
    let seen = ws.join(room, None).await;
    assert_eq!(seen.len(), 2, "both still read it");
    ws.send(json!({"type": "send", "room": room, "body": "Hallo?", "client_id": "ws-1"}))
        .await;
    let refused = ws.expect(&["error"]).await;
    assert_eq!(refused["code"], "conversation_ended", "{refused}");
    // Anna's words stay as they were: no edits in an ended chat.
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[0])
        .await;
    let hers = history
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["body"] == "Dank je voor gisteren.")
        .unwrap_or_else(|| panic!("{history}"))["id"]
        .clone();
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/messages/{hers}")))
        .bearer_auth(&t[0])
        .json(&json!({"body": "Iets anders"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    // Both read: Anna's words are there, Bert's are gone.
    for token in [&t[0], &t[1]] {
        let history = app
            .get_json(&format!("/api/v1/rooms/{room}/messages"), token)
            .await;
        let text = history.to_string();
        assert!(text.contains("Dank je voor gisteren."), "{text}");
        assert!(!text.contains("Graag gedaan!"), "{text}");
    }
    let list = app.get_json("/api/v1/me/conversations", &t[0]).await;
    assert_eq!(list[0]["ended"], true, "{list}");
    // The page says it in words and has no form.
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "anna").await;
    let (status, page) = get_text(&browser, &app.url(&format!("/r/{room}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Deze privéchat is beëindigd"), "{page}");
    assert!(!page.contains("id=\"chat-form\""), "{page}");
    assert!(page.contains("Met bert"), "{page}");
    // Ending it again changes nothing.
    assert_eq!(call(&app, &t[0], &end, json!({})).await.0, 204);
}

/// A block ends every private chat between the two, and it stays ended when the block is
/// lifted: a new conversation needs a new consent.
#[tokio::test]
async fn a_block_ends_a_private_chat_for_good() {
    let app = spawn_app().await;
    let (t, _, room) = house_with_a_direct_room(&app).await;
    assert_eq!(say_in(&app, &t[1], room, "Hoi", "b1").await.0, 201);
    let (s, _) = app
        .call(reqwest::Method::PUT, "/api/v1/me/blocks/bert", &t[0], json!(null))
        .await;
    assert_eq!(s, 204);
    assert_eq!(say_in(&app, &t[1], room, "Hoi", "b2").await.0, 409);
    assert_eq!(say_in(&app, &t[0], room, "Hoi", "a1").await.0, 409);
    let (s, _) = app
        .call(
            reqwest::Method::DELETE,
            "/api/v1/me/blocks/bert",
            &t[0],
            json!(null),
        )
        .await;
    assert_eq!(s, 204);
    assert_eq!(
        say_in(&app, &t[1], room, "Hoi", "b3").await.0,
        409,
        "still ended after the unblock"
    );
    // Bert still reads what was said.
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[1])
        .await;
    assert_eq!(history.as_array().map(Vec::len), Some(1), "{history}");
}

/// Leaving the group ends the private chats that started there, and both keep reading them:
/// the conversation is theirs, not the group's. Nobody else gains anything by it.
#[tokio::test]
async fn after_leaving_the_group_a_private_chat_is_still_there_to_read() {
    let app = spawn_app().await;
    let (t, huis, room) = house_with_a_direct_room(&app).await;
    assert_eq!(say_in(&app, &t[0], room, "Tot donderdag!", "l1").await.0, 201);
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/leave"), &t[1], json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[1])
        .await;
    assert!(history.to_string().contains("Tot donderdag!"), "{history}");
    for (token, cid) in [(&t[0], "l2"), (&t[1], "l3")] {
        let (status, body) = say_in(&app, token, room, "Hoi", cid).await;
        assert_eq!(status, 409, "{body}");
    }
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (status, page) = get_text(&bert, &app.url(&format!("/r/{room}"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Deze privéchat is beëindigd"), "{page}");
    // The group itself is closed to him now, as to any outsider.
    let (status, _) = get_text(&bert, &app.url(&format!("/g/{huis}"))).await;
    assert_eq!(status, 404);
    let (status, _) = get_text(&bert, &app.url(&format!("/r/{room}/end"))).await;
    assert_eq!(status, 200, "he can still end it (and erase his words)");
}

/// Bert flags a message Anna sent him in their private chat. Without choosing to share it
/// nothing happens; when he shares it, that one message (nothing around it) goes to the
/// house's case voters, it is hidden while they decide, and Anna is told it was shared.
/// Anna, though a steward, cannot remove Bert's words at once in their own chat.
#[tokio::test]
async fn flagging_a_private_message_shares_that_message_alone() {
    let app = spawn_app().await;
    let (t, _, room) = house_with_a_direct_room(&app).await;
    let mut ids = Vec::new();
    for (i, body) in [
        "Eerste bericht, gewoon.",
        "Als je het vertelt, weet ik je te vinden.",
        "Laatste bericht.",
    ]
    .into_iter()
    .enumerate()
    {
        let (s, m) = call(
            &app,
            &t[0],
            &format!("/api/v1/rooms/{room}/messages"),
            json!({"body": body, "client_id": format!("f{i}")}),
        )
        .await;
        assert_eq!(s, 201);
        ids.push(m["id"].as_i64().unwrap());
    }
    let threat = ids[1];
    let (s, body) = call(
        &app,
        &t[1],
        &format!("/api/v1/messages/{threat}/flags"),
        json!({"reason": "Een dreigement"}),
    )
    .await;
    assert_eq!(s, 422, "{body}");
    assert!(body["error"]["fields"]["share"].is_string(), "{body}");
    // Nothing was stored by the refused flag.
    assert_eq!(app.count("flags").await, 0);
    let (s, body) = call(
        &app,
        &t[1],
        &format!("/api/v1/messages/{threat}/flags"),
        json!({"reason": "Een dreigement", "share": true}),
    )
    .await;
    assert_eq!(s, 201, "{body}");
    assert_eq!(body["hidden"], true, "{body}");
    // Anna hears that her message was shared, with the case where she can answer.
    let notes = app.get_json("/api/v1/notifications", &t[0]).await;
    let shared = notes
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["kind"] == "message_shared")
        .unwrap_or_else(|| panic!("{notes}"))
        .clone();
    let case = shared["case_id"].as_i64().unwrap();
    // Carl decides: he sees that message and nothing else of the chat.
    let seen = app.get_json(&format!("/api/v1/cases/{case}"), &t[2]).await;
    let text = seen.to_string();
    assert!(text.contains("weet ik je te vinden"), "{text}");
    assert!(
        !text.contains("Eerste bericht") && !text.contains("Laatste bericht"),
        "{text}"
    );
    assert_eq!(seen["context_before"], json!([]));
    assert_eq!(seen["context_after"], json!([]));
    assert_eq!(seen["can_vote"], true, "{seen}");
    // The room is still closed to him.
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/rooms/{room}/messages")))
        .bearer_auth(&t[2])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // A steward's urgent removal is not for a private chat she is part of.
    let (s, bert_msg) = say_in(&app, &t[1], room, "Dat meld ik.", "b-1").await;
    assert_eq!(s, 201);
    let (s, _) = call(
        &app,
        &t[0],
        &format!("/api/v1/messages/{}/urgent", bert_msg["id"]),
        json!({"reason": "Niet aardig"}),
    )
    .await;
    assert_eq!(s, 403);
    // The flag form without JavaScript asks for the choice too.
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (status, page) = get_text(&bert, &app.url(&format!("/m/{}/flag", ids[2]))).await;
    assert_eq!(status, 200);
    assert!(page.contains("alleen dit ene bericht"), "{page}");
    let res = app
        .submit_from(
            &bert,
            &format!("/m/{}/flag", ids[2]),
            &format!("/m/{}/flag", ids[2]),
            &[("reason", "Vervelend")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .submit_from(
            &bert,
            &format!("/m/{}/flag", ids[2]),
            &format!("/m/{}/flag", ids[2]),
            &[("reason", "Vervelend"), ("share", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
}

/// Carl does not want to hear of every request in the house; Bert does. The choice is per
/// group, on the requests page and in the API.
#[tokio::test]
async fn a_member_chooses_per_group_to_hear_of_requests() {
    let app = spawn_app().await;
    let (t, huis, _) = house_with_a_direct_room(&app).await;
    let path = format!("/api/v1/groups/{huis}/requests/notifications");
    assert_eq!(app.get_json(&path, &t[2]).await["on"], true);
    let (s, body) = app
        .call(reqwest::Method::PUT, &path, &t[2], json!({"on": false}))
        .await;
    assert_eq!((s, body["on"].clone()), (200, json!(false)));
    assert_eq!(app.get_json(&path, &t[2]).await["on"], false);
    // Dirk (the admin, no member) is not told the group exists.
    let (s, _) = app
        .call(reqwest::Method::PUT, &path, &t[3], json!({"on": false}))
        .await;
    assert_eq!(s, 404);
    let (s, _) = call(
        &app,
        &t[0],
        &format!("/api/v1/groups/{huis}/requests"),
        json!({"title": "Wie kan zaterdag helpen verhuizen?", "body": "Drie dozen.", "kind": "practical"}),
    )
    .await;
    assert_eq!(s, 201);
    let kinds = |n: serde_json::Value| -> Vec<String> {
        n.as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(kinds(app.get_json("/api/v1/notifications", &t[1]).await).contains(&"help_request".to_owned()));
    assert!(!kinds(app.get_json("/api/v1/notifications", &t[2]).await).contains(&"help_request".to_owned()));
    // Without JavaScript: the requests page says how it is and turns it back on; the house's
    // home page shows the open request.
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let page = format!("/g/{huis}/requests");
    let (_, html) = get_text(&carl, &app.url(&page)).await;
    assert!(html.contains("Je hoort het nu niet"), "{html}");
    let res = app
        .submit_from(
            &carl,
            &page,
            &format!("/g/{huis}/requests/notices"),
            &[("on", "1")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get_json(&path, &t[2]).await["on"], true);
    let (_, home) = get_text(&carl, &app.url(&format!("/g/{huis}"))).await;
    assert!(
        home.contains("Wie kan helpen?") && home.contains("Wie kan zaterdag helpen verhuizen?"),
        "{home}"
    );
}

/// Without JavaScript: Bert ends the chat and blocks Anna from its page; the list of private
/// chats shows whom he blocked, and he lifts it there. Anna is never told.
#[tokio::test]
async fn ending_and_blocking_work_on_pages() {
    let app = spawn_app().await;
    let (t, _, room) = house_with_a_direct_room(&app).await;
    let before = app.get_json("/api/v1/notifications", &t[0]).await;
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (_, page) = get_text(&bert, &app.url(&format!("/r/{room}"))).await;
    assert!(page.contains("Privéchat beëindigen of blokkeren"), "{page}");
    let end = format!("/r/{room}/end");
    let (status, page) = get_text(&bert, &app.url(&end)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Blokkeer ook anna"), "{page}");
    let res = app.submit_from(&bert, &end, &end, &[("block", "1")]).await;
    assert_eq!(res.status(), 303);
    let blocked = app.get_json("/api/v1/me/blocks", &t[1]).await;
    assert_eq!(blocked[0]["username"], "anna", "{blocked}");
    let (_, list) = get_text(&bert, &app.url("/account/conversations")).await;
    assert!(
        list.contains("beëindigd") && list.contains("anna niet meer blokkeren"),
        "{list}"
    );
    let res = app
        .submit_from(
            &bert,
            "/account/conversations",
            "/account/blocks/anna",
            &[("block", "0")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.get_json("/api/v1/me/blocks", &t[1]).await, json!([]));
    // Anna has no notice of any of it.
    let notes = app.get_json("/api/v1/notifications", &t[0]).await;
    assert_eq!(notes, before, "{notes}");
    // From a profile, too.
    let (_, profile) = get_text(&bert, &app.url("/u/carl")).await;
    assert!(profile.contains("carl blokkeren"), "{profile}");
}
