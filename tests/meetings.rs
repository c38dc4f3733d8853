//! House meetings (issue 22, part 2): Anna schedules a meeting in De Boei's room with an
//! agenda; the house is reminded an hour before, once; she opens it; Bert (by the socket,
//! on another instance when there is PostgreSQL) and Carl (by the API) are present; the live
//! vote on the proposal shows in the room; with the house's meeting quorum present, closing
//! the item decides it, and without it the online vote goes on; the minutes go into the log
//! and a thread, saying how many were there. Outsiders find nothing.
mod common;

use common::{GOOD_PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

async fn post(app: &TestApp, path: &str, token: &str, body: Value) -> (u16, Value) {
    app.call(reqwest::Method::POST, path, token, body).await
}

/// Anna (steward), Bert, Carl and Dave live in the house; Erik is in no group. With
/// `quorum`, the house decides in meetings when that share of its members is present.
async fn house(app: &TestApp, quorum: u32) -> (Vec<String>, String, i64) {
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl", "dave", "erik"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2], &t[3]]).await;
    let mut s = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    s["meeting_quorum"] = json!(quorum);
    let (status, body) = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/groups/{huis}/settings"),
            &t[0],
            s,
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (status, proposal) = post(
        app,
        &format!("/api/v1/groups/{huis}/proposals"),
        &t[0],
        json!({"kind": "add_rule", "title": "Stilte na tienen", "payload": {"title": "Stilte", "text": "Na tienen is het stil in huis."}}),
    )
    .await;
    assert_eq!(status, 201, "{proposal}");
    (t, huis, proposal["id"].as_i64().unwrap())
}

async fn meeting_frame(ws: &mut common::ws::Ws, done: impl Fn(&Value) -> bool) -> Value {
    loop {
        let f = ws.expect(&["meeting"]).await;
        if done(&f["meeting"]) {
            return f["meeting"].clone();
        }
    }
}

#[tokio::test]
async fn a_meeting_with_its_quorum_present_adopts_a_proposal_live() {
    let app = spawn_app().await;
    let (t, huis, proposal) = house(&app, 60).await;
    // Bert follows the room from another instance when there is one.
    let other = if app.db.is_postgres() {
        Some(app.another_instance().await)
    } else {
        None
    };
    let bert_app = other.as_ref().unwrap_or(&app);

    // Limits and the agenda's proposals first: nothing is stored when something is wrong.
    let starts = (chrono::Utc::now() + chrono::Duration::minutes(30)).to_rfc3339();
    let (status, body) = post(
        &app,
        &format!("/api/v1/groups/{huis}/meetings"),
        &t[0],
        json!({"title": "", "starts_at": starts, "agenda": [{"title": "x", "proposal_id": 999999}]}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(
        body["error"]["fields"]["title"].is_string() && body["error"]["fields"]["agenda"].is_string(),
        "{body}"
    );
    let (status, _) = post(
        &app,
        &format!("/api/v1/groups/{huis}/meetings"),
        &t[4],
        json!({"title": "Kraak", "starts_at": starts}),
    )
    .await;
    assert_eq!(status, 404, "an outsider finds no house to meet in");
    assert_eq!(app.count("meetings").await, 0);

    let (status, m) = post(
        &app,
        &format!("/api/v1/groups/{huis}/meetings"),
        &t[0],
        json!({"title": "Huisvergadering december", "starts_at": starts,
               "agenda": [{"title": "Schoonmaakrooster"}, {"proposal_id": proposal}]}),
    )
    .await;
    assert_eq!(status, 201, "{m}");
    let id = m["id"].as_i64().unwrap();
    let room = m["room_id"].as_i64().unwrap();
    assert_eq!(m["status"], "scheduled");
    assert_eq!(m["chair"]["username"], "anna");
    assert_eq!(m["agenda"][1]["title"], "Stilte na tienen");
    assert_eq!(m["agenda"][1]["proposal_id"], proposal);

    // The reminder, an hour before: each member once, whichever instance looks.
    kwartier::services::meetings::tick(&app.state).await.unwrap();
    kwartier::services::meetings::tick(&bert_app.state).await.unwrap();
    assert_eq!(
        app.count("notifications WHERE kind = 'meeting_reminder'").await,
        4
    );
    let told = app.get_json("/api/v1/notifications", &t[1]).await;
    assert_eq!(told[0]["kind"], "meeting_reminder", "{told}");

    // Erik, outside: the meeting is not there, on any path.
    let (missing, missing_body) = app
        .call(reqwest::Method::GET, "/api/v1/meetings/999999", &t[4], json!({}))
        .await;
    let (status, body) = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/meetings/{id}"),
            &t[4],
            json!({}),
        )
        .await;
    assert_eq!((status, body), (missing, missing_body));
    for path in ["open", "close", "attendance", "items/1/open", "items/2/vote"] {
        let (status, _) = post(
            &app,
            &format!("/api/v1/meetings/{id}/{path}"),
            &t[4],
            json!({"present": true, "choice": "yes"}),
        )
        .await;
        assert_eq!(status, 404, "{path}");
    }

    // Nor over the socket: Erik's attend frame is refused as for a missing meeting.
    let mut erik = app.ws(&t[4]).await;
    erik.send(json!({"type": "attend", "meeting": id, "present": true}))
        .await;
    let refused = erik.expect(&["error"]).await;
    assert_eq!(refused["code"], "not_found", "{refused}");
    assert_eq!(app.count("meeting_attendance").await, 0);

    // Bert follows the room; only the chair opens.
    let mut bert = bert_app.ws(&t[1]).await;
    bert.join(room, None).await;
    let (status, _) = post(&app, &format!("/api/v1/meetings/{id}/open"), &t[1], json!({})).await;
    assert_eq!(status, 403);
    let (status, opened) = post(
        &app,
        &format!("/api/v1/meetings/{id}/open"),
        &t[0],
        json!({"minute_taker": "carl"}),
    )
    .await;
    assert_eq!(status, 200, "{opened}");
    assert_eq!(opened["minute_taker"]["username"], "carl");
    meeting_frame(&mut bert, |m| m["status"] == "open").await;

    // Bert is present by the socket, Carl by the API; Dave stays away.
    bert.send(json!({"type": "attend", "meeting": id, "present": true}))
        .await;
    meeting_frame(&mut bert, |m| m["present_count"] == 2).await;
    let (status, present) = post(
        &app,
        &format!("/api/v1/meetings/{id}/attendance"),
        &t[2],
        json!({"present": true}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(present["present"].as_array().unwrap().len(), 3, "{present}");
    let now = meeting_frame(&mut bert, |m| m["present_count"] == 3).await;
    assert_eq!(now["may_decide"], true, "3 of 4 present, the house's 60%: {now}");
    let (status, _) = post(
        &app,
        &format!("/api/v1/meetings/{id}/items/2/vote"),
        &t[3],
        json!({"choice": "yes"}),
    )
    .await;
    assert_eq!(status, 409, "Dave is not present");

    // Item by item: a vote before its item is taken is refused.
    let (status, _) = post(
        &app,
        &format!("/api/v1/meetings/{id}/items/2/vote"),
        &t[1],
        json!({"choice": "yes"}),
    )
    .await;
    assert_eq!(status, 409);
    for n in [1, 2] {
        let (status, _) = post(
            &app,
            &format!("/api/v1/meetings/{id}/items/{n}/open"),
            &t[0],
            json!({}),
        )
        .await;
        assert_eq!(status, 200);
        if n == 1 {
            let (status, _) = post(
                &app,
                &format!("/api/v1/meetings/{id}/items/2/open"),
                &t[0],
                json!({}),
            )
            .await;
            assert_eq!(status, 409, "one item at a time");
            let (status, item) = post(
                &app,
                &format!("/api/v1/meetings/{id}/items/1/close"),
                &t[0],
                json!({}),
            )
            .await;
            assert_eq!(status, 200);
            assert_eq!(item["status"], "done");
        }
    }
    // Live votes: the tally reaches Bert's instance as it changes.
    for (who, choice) in [(0, "yes"), (1, "yes"), (2, "no")] {
        let (status, item) = post(
            &app,
            &format!("/api/v1/meetings/{id}/items/2/vote"),
            &t[who],
            json!({"choice": choice}),
        )
        .await;
        assert_eq!(status, 200, "{item}");
    }
    let live = meeting_frame(&mut bert, |m| m["agenda"][1]["tally"]["voted"] == 3).await;
    assert_eq!(live["agenda"][1]["tally"]["yes"], 2, "{live}");
    let p = app
        .get_json(&format!("/api/v1/proposals/{proposal}"), &t[0])
        .await;
    assert_eq!(p["status"], "open", "Dave could still tip it online: {p}");

    // Closing the item decides it in the meeting.
    let (status, item) = post(
        &app,
        &format!("/api/v1/meetings/{id}/items/2/close"),
        &t[0],
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{item}");
    assert_eq!(item["outcome"], "passed", "{item}");
    let p = app
        .get_json(&format!("/api/v1/proposals/{proposal}"), &t[0])
        .await;
    assert_eq!(p["status"], "passed", "{p}");

    // The minutes: Carl writes them, Bert may not; Anna closes.
    let (status, _) = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}/minutes"),
            &t[1],
            json!({"text": "Van mij"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/meetings/{id}/minutes"),
            &t[2],
            json!({"text": "We spraken over het schoonmaakrooster: Bert doet de keuken."}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, closed) = post(&app, &format!("/api/v1/meetings/{id}/close"), &t[0], json!({})).await;
    assert_eq!(status, 200, "{closed}");
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["present_count"], 3);
    assert_eq!(closed["present"], json!([]), "no names once it closed");
    let thread = closed["minutes_thread_id"].as_i64().unwrap();
    meeting_frame(&mut bert, |m| m["status"] == "closed").await;
    let record = app.get_json(&format!("/api/v1/threads/{thread}"), &t[3]).await;
    let text = record.to_string();
    assert!(text.contains("Verslag: Huisvergadering december"), "{text}");
    assert!(
        text.contains("Bert doet de keuken") && text.contains("Aanwezig: 3"),
        "{text}"
    );
    assert!(text.contains("aangenomen in de vergadering"), "{text}");
    assert!(
        !text.contains("Aanwezig: 3:"),
        "only how many, by the house's settings: {text}"
    );
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[3]).await;
    assert_eq!(log[0]["action"], "meeting_closed", "{log}");
    assert_eq!(
        log[0]["thread_id"], thread,
        "the log points to the minutes: {log}"
    );
    // Dave replies to the minutes.
    let (status, _) = post(
        &app,
        &format!("/api/v1/threads/{thread}/posts"),
        &t[3],
        json!({"body": "Dank voor het verslag."}),
    )
    .await;
    assert_eq!(status, 201);
    // Closed is closed.
    let (status, _) = post(
        &app,
        &format!("/api/v1/meetings/{id}/attendance"),
        &t[3],
        json!({"present": true}),
    )
    .await;
    assert_eq!(status, 409);
    if let Some(o) = other {
        o.stop().await;
    }
}

#[tokio::test]
async fn without_the_house_allowing_it_a_meeting_only_discusses() {
    let app = spawn_app().await;
    let (t, huis, proposal) = house(&app, 0).await;
    let starts = chrono::Utc::now().to_rfc3339();
    let (_, m) = post(
        &app,
        &format!("/api/v1/groups/{huis}/meetings"),
        &t[1],
        json!({"title": "Huisvergadering", "starts_at": starts, "agenda": [{"proposal_id": proposal}]}),
    )
    .await;
    let id = m["id"].as_i64().unwrap();
    // Bert scheduled it: he chairs; Anna, a steward, could too.
    let (status, _) = post(&app, &format!("/api/v1/meetings/{id}/open"), &t[1], json!({})).await;
    assert_eq!(status, 200);
    for token in &t[..4] {
        post(
            &app,
            &format!("/api/v1/meetings/{id}/attendance"),
            token,
            json!({"present": true}),
        )
        .await;
    }
    let now = app.get_json(&format!("/api/v1/meetings/{id}"), &t[0]).await;
    assert_eq!(now["present_count"], 4);
    assert_eq!(
        now["may_decide"], false,
        "everyone is there, but the house said never: {now}"
    );
    post(
        &app,
        &format!("/api/v1/meetings/{id}/items/1/open"),
        &t[1],
        json!({}),
    )
    .await;
    for (who, choice) in [(0, "yes"), (1, "yes"), (2, "no")] {
        post(
            &app,
            &format!("/api/v1/meetings/{id}/items/1/vote"),
            &t[who],
            json!({"choice": choice}),
        )
        .await;
    }
    let (_, item) = post(
        &app,
        &format!("/api/v1/meetings/{id}/items/1/close"),
        &t[1],
        json!({}),
    )
    .await;
    assert_eq!(item["outcome"], "discussed", "{item}");
    let p = app
        .get_json(&format!("/api/v1/proposals/{proposal}"), &t[0])
        .await;
    assert_eq!(p["status"], "open", "the online vote goes on: {p}");
    // The setting itself changes by the house's vote once it decides by vote: the proposal
    // above was its first, so a steward's change is now a proposal (202).
    let mut s = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    s["meeting_quorum"] = json!(50);
    let (status, body) = app
        .call(
            reqwest::Method::PUT,
            &format!("/api/v1/groups/{huis}/settings"),
            &t[0],
            s,
        )
        .await;
    assert_eq!(status, 202, "{body}");
    let s = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    assert_eq!(s["meeting_quorum"], 0);
}

#[tokio::test]
async fn three_residents_meet_and_decide_on_pages_without_javascript() {
    let app = spawn_app().await;
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await;
    let mut s = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    s["meeting_quorum"] = json!(100);
    app.call(
        reqwest::Method::PUT,
        &format!("/api/v1/groups/{huis}/settings"),
        &t[0],
        s,
    )
    .await;
    let (_, proposal) = post(
        &app,
        &format!("/api/v1/groups/{huis}/proposals"),
        &t[1],
        json!({"kind": "add_rule", "title": "Afwas na het eten", "payload": {"title": "Afwas", "text": "Wie kookt, wast niet af."}}),
    )
    .await;
    let pid = proposal["id"].as_i64().unwrap();
    let mut browsers = Vec::new();
    for n in ["anna", "bert", "carl"] {
        let b = app.browser();
        app.login_in_browser(&b, n).await;
        browsers.push(b);
    }
    let (anna, bert, carl) = (&browsers[0], &browsers[1], &browsers[2]);
    let page = format!("/g/{huis}/meetings");
    let (status, body) = common::get_text(anna, &app.url(&page)).await;
    assert_eq!(status, 200);
    assert!(
        body.contains("Afwas na het eten"),
        "the open proposal is offered: {body}"
    );
    // A time in the past is refused, with what was typed.
    let res = app
        .submit_from(
            anna,
            &page,
            &page,
            &[
                ("title", "Huisvergadering"),
                ("starts_at", "2020-01-01T20:00"),
                ("agenda", "Boodschappen"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Boodschappen"));
    let soon = (chrono::Utc::now() + chrono::Duration::hours(3))
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let pid_s = pid.to_string();
    let res = app
        .submit_from(
            anna,
            &page,
            &page,
            &[
                ("title", "Huisvergadering"),
                ("starts_at", &soon),
                ("agenda", "Boodschappen"),
                ("proposal", &pid_s),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let m = app
        .get_json(&format!("/api/v1/groups/{huis}/meetings"), &t[0])
        .await;
    let id = m[0]["id"].as_i64().unwrap();
    let room = format!("/r/{}", m[0]["room_id"]);
    assert_eq!(m[0]["agenda"].as_array().unwrap().len(), 2, "{m}");

    // The room shows it; Anna opens it, with Carl writing the minutes.
    let (_, body) = common::get_text(bert, &app.url(&room)).await;
    assert!(
        body.contains(r#"id="meeting""#) && body.contains("Huisvergadering"),
        "{body}"
    );
    assert!(!body.contains("Vergadering openen"), "only the chair opens");
    let res = app
        .submit_from(
            anna,
            &room,
            &format!("/meetings/{id}/open"),
            &[("minute_taker", "carl")],
        )
        .await;
    assert_eq!(res.status(), 303);
    for b in [bert, carl] {
        let res = app
            .submit_from(
                b,
                &room,
                &format!("/meetings/{id}/attendance"),
                &[("present", "1")],
            )
            .await;
        assert_eq!(res.status(), 303);
    }
    let (_, body) = common::get_text(anna, &app.url(&room)).await;
    assert!(body.contains("3 aanwezig"), "{body}");
    // Voting before the item is taken: the room says why.
    let res = app
        .submit_from(
            bert,
            &room,
            &format!("/meetings/{id}/items/2/vote"),
            &[("choice", "yes")],
        )
        .await;
    let at = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(at.contains("meeting_error=err-item-not-open"), "{at}");
    let (_, body) = common::get_text(bert, &app.url(&at)).await;
    assert!(body.contains("Dit agendapunt is nu niet aan de beurt."), "{body}");
    for n in [1, 2] {
        app.submit_from(anna, &room, &format!("/meetings/{id}/items/{n}/open"), &[])
            .await;
        if n == 1 {
            app.submit_from(anna, &room, &format!("/meetings/{id}/items/1/close"), &[])
                .await;
        }
    }
    for (b, choice) in [(anna, "yes"), (bert, "yes"), (carl, "abstain")] {
        let res = app
            .submit_from(
                b,
                &room,
                &format!("/meetings/{id}/items/2/vote"),
                &[("choice", choice)],
            )
            .await;
        assert_eq!(res.status(), 303);
    }
    let p = app.get_json(&format!("/api/v1/proposals/{pid}"), &t[0]).await;
    let res = app
        .submit_from(
            carl,
            &room,
            &format!("/meetings/{id}/minutes"),
            &[("text", "Boodschappen: Carl gaat zaterdag.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .submit_from(anna, &room, &format!("/meetings/{id}/close"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let thread = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(thread.starts_with("/t/"), "{thread}");
    let (_, body) = common::get_text(bert, &app.url(&thread)).await;
    assert!(
        body.contains("Carl gaat zaterdag") && body.contains("Aanwezig: 3"),
        "{body}"
    );
    let p2 = app.get_json(&format!("/api/v1/proposals/{pid}"), &t[0]).await;
    assert_eq!(p2["status"], "passed", "before closing: {p}; after: {p2}");
    let (_, log) = common::get_text(bert, &app.url(&format!("/g/{huis}/log"))).await;
    assert!(
        log.contains("Huisvergadering gehouden") && log.contains(&format!(r#"href="{thread}""#)),
        "{log}"
    );
}
