//! Moderation cases: the members' vote on a hidden item, a steward's urgent act, the author's
//! one appeal, and a case without enough votes. Everything by role in the log.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const NAMES: [&str; 8] = ["anna", "bert", "carl", "dirk", "eva", "fien", "gijs", "hans"];

/// A shelter of eight; Anna is its steward. Tokens in the order of `NAMES`.
async fn shelter_of_eight(app: &TestApp) -> (Vec<String>, String) {
    let mut t = Vec::new();
    for n in NAMES {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let members: Vec<&String> = t[1..].iter().collect();
    let members: Vec<&str> = members.iter().map(|s| s.as_str()).collect();
    let huis = app.shelter(&t[0], "huis", &members).await;
    (t, huis)
}

/// Bert writes a post; Carl, Dirk and Eva flag it, which hides it (a shelter's threshold is
/// three). Returns the thread, the post and the case.
async fn hidden_post_of_bert(app: &TestApp, huis: &str, t: &[String], body: &str) -> (i64, i64, i64) {
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &t[1],
            json!({"title": "Even iets kwijt", "body": body}),
        )
        .await
        .json()
        .await
        .unwrap();
    let thread = started["thread"]["id"].as_i64().unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    for token in &t[2..5] {
        let res = app
            .post_json(
                &format!("/api/v1/posts/{post}/flags"),
                token,
                json!({"reason": "Niet aardig"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let cases = app.get_json(&format!("/api/v1/groups/{huis}/cases"), &t[0]).await;
    let case = cases[0]["id"].as_i64().unwrap();
    (thread, post, case)
}

async fn vote(app: &TestApp, token: &str, case: i64, choice: &str) -> (u16, Value) {
    let res = app
        .post_json(
            &format!("/api/v1/cases/{case}/votes"),
            token,
            json!({ "choice": choice }),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

fn actions(log: &Value) -> Vec<String> {
    log.as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_members_vote_restores_a_hidden_post_and_neither_author_nor_flaggers_vote() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_eight(&app).await;
    let (thread, post, case) = hidden_post_of_bert(&app, &huis, &t, "Jullie zijn allemaal sukkels").await;

    // Those who may vote see the text to judge it; a flagger does not vote and sees no text.
    let c = app.get_json(&format!("/api/v1/cases/{case}"), &t[5]).await;
    assert_eq!(c["status"], "open");
    assert_eq!(c["can_vote"], true);
    assert_eq!(c["eligible"], 4, "anna, fien, gijs, hans: {c}");
    assert!(c["body_html"].as_str().unwrap().contains("sukkels"));
    let c = app.get_json(&format!("/api/v1/cases/{case}"), &t[2]).await;
    assert_eq!(c["can_vote"], false);
    assert!(c["body_html"].is_null());
    assert_eq!(vote(&app, &t[1], case, "restore").await.0, 403, "the author");
    assert_eq!(vote(&app, &t[2], case, "restore").await.0, 403, "a flagger");
    let (status, err) = vote(&app, &t[5], case, "yes").await;
    assert_eq!(status, 422);
    assert!(err["error"]["fields"]["choice"].is_string());
    // Outsiders learn nothing of it.
    let outsider = app.register("zoe", GOOD_PASSWORD).await;
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/cases/{case}")))
        .bearer_auth(&outsider)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    assert_eq!(vote(&app, &outsider, case, "restore").await.0, 404);

    // A ballot can change until the close; two restores of four decide it at once (the
    // other two could at most make it a tie, and a tie restores).
    let (status, c) = vote(&app, &t[5], case, "remove").await;
    assert_eq!(status, 200);
    assert_eq!(c["my_vote"], "remove");
    assert_eq!(c["voted"], 1);
    let (_, c) = vote(&app, &t[5], case, "restore").await;
    assert_eq!(c["status"], "open", "one of four: not decided yet");
    assert_eq!(c["my_vote"], "restore");
    let (status, c) = vote(&app, &t[6], case, "restore").await;
    assert_eq!(status, 200);
    assert_eq!(c["status"], "restored", "{c}");
    assert_eq!(c["tally"]["restore"], 2);
    assert_eq!(c["my_vote"], Value::Null, "secret ballots are not kept");
    assert_eq!(vote(&app, &t[0], case, "remove").await.0, 409, "closed");

    // The post is back for everyone, and the log says so, by role.
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[2]).await;
    assert_eq!(seen["posts"][0]["status"], "visible");
    assert_eq!(seen["posts"][0]["body"], "Jullie zijn allemaal sukkels");
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[3]).await;
    let restored = log
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "item_restored")
        .expect("restored in the log");
    assert_eq!(restored["case_id"], case);
    assert_eq!(restored["actor_role"], "members");
    assert_eq!(post, seen["posts"][0]["id"].as_i64().unwrap());
    // Those who could vote were told.
    let notes = app.get_json("/api/v1/notifications", &t[6]).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "case" && n["case_id"] == case),
        "{notes}"
    );
}

#[tokio::test]
async fn a_removal_can_be_appealed_once_and_those_who_voted_before_do_not_vote_again() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_eight(&app).await;
    let (thread, post, case) = hidden_post_of_bert(&app, &huis, &t, "Een grove grap").await;
    for voter in [&t[0], &t[5], &t[6]] {
        assert_eq!(vote(&app, voter, case, "remove").await.0, 200);
    }
    let c = app.get_json(&format!("/api/v1/cases/{case}"), &t[1]).await;
    assert_eq!(c["status"], "removed");
    assert_eq!(c["can_appeal"], true);
    assert!(
        c["body_html"].as_str().unwrap().contains("grove grap"),
        "the author sees it"
    );
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[7]).await;
    assert_eq!(seen["posts"][0]["status"], "removed");
    assert_eq!(seen["posts"][0]["body"], "");

    // Only the author appeals.
    let appeal = format!("/api/v1/cases/{case}/appeal");
    let res = app.post_json(&appeal, &t[7], json!({})).await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            &appeal,
            &t[1],
            json!({"reason": "Het was een grap tussen vrienden"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let second: Value = res.json().await.unwrap();
    assert_eq!(second["appeal_of"], case);
    assert_eq!(second["status"], "open");
    assert_eq!(second["eligible"], 1, "only hans did not vote or flag: {second}");
    let res = app.post_json(&appeal, &t[1], json!({})).await;
    assert_eq!(res.status(), 409, "once");
    let second_id = second["id"].as_i64().unwrap();
    assert_eq!(
        vote(&app, &t[0], second_id, "remove").await.0,
        403,
        "voted before"
    );
    let (status, c) = vote(&app, &t[7], second_id, "restore").await;
    assert_eq!(status, 200);
    assert_eq!(c["status"], "restored");
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[7]).await;
    assert_eq!(seen["posts"][0]["status"], "visible");
    assert_eq!(seen["posts"][0]["id"], post);
    let log = actions(&app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[3]).await);
    for a in ["item_hidden", "item_removed", "case_appealed", "item_restored"] {
        assert!(log.contains(&a.to_owned()), "{a} in {log:?}");
    }
    // An appeal cannot itself be appealed.
    let res = app
        .post_json(&format!("/api/v1/cases/{second_id}/appeal"), &t[1], json!({}))
        .await;
    assert_eq!(res.status(), 409);
}

#[tokio::test]
async fn a_steward_acts_at_once_on_an_urgent_post_logged_and_appealable() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_eight(&app).await;
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &t[1],
            json!({"title": "Hier woont ze", "body": "Haar adres is Dorpsstraat 1, bel 06-12345678"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    let urgent = format!("/api/v1/posts/{post}/urgent");
    // Only a steward, and never without a reason or rule.
    let res = app.post_json(&urgent, &t[2], json!({"reason": "adres"})).await;
    assert_eq!(res.status(), 403);
    let res = app.post_json(&urgent, &t[0], json!({})).await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_json(
            &urgent,
            &t[0],
            json!({"reason": "Adres en telefoonnummer van iemand anders"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let c: Value = res.json().await.unwrap();
    assert_eq!(c["status"], "removed");
    assert_eq!(c["urgent"], true);
    let res = app.post_json(&urgent, &t[0], json!({"reason": "nog eens"})).await;
    assert_eq!(res.status(), 409);
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[3]).await;
    let act = log
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "item_removed_urgently")
        .expect("in the log");
    assert_eq!(act["actor_role"], "steward");
    let notes = app.get_json("/api/v1/notifications", &t[1]).await;
    assert!(
        notes.as_array().unwrap().iter().any(|n| n["kind"] == "urgent"),
        "{notes}"
    );

    // The author appeals; the steward who acted does not vote on it.
    let case = c["id"].as_i64().unwrap();
    let res = app
        .post_json(&format!("/api/v1/cases/{case}/appeal"), &t[1], json!({}))
        .await;
    assert_eq!(res.status(), 201);
    let appeal: Value = res.json().await.unwrap();
    assert_eq!(appeal["eligible"], 6, "everyone but bert and anna: {appeal}");
    let appeal_id = appeal["id"].as_i64().unwrap();
    assert_eq!(vote(&app, &t[0], appeal_id, "remove").await.0, 403);

    // A steward can also act on a post already hidden by flags: its vote ends there.
    let (_, _, hidden_case) = hidden_post_of_bert(&app, &huis, &t, "Ik weet waar je woont").await;
    let hidden_post = app.get_json(&format!("/api/v1/cases/{hidden_case}"), &t[0]).await["target_id"]
        .as_i64()
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/posts/{hidden_post}/urgent"),
            &t[0],
            json!({"reason": "Een dreigement"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let c: Value = res.json().await.unwrap();
    assert_eq!(c["id"], hidden_case);
    assert_eq!(c["status"], "removed");
    assert_eq!(c["urgent"], true);
    assert_eq!(vote(&app, &t[5], hidden_case, "restore").await.0, 409);
}

#[tokio::test]
async fn without_enough_votes_by_the_review_time_the_post_stays_away() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_eight(&app).await;
    let (thread, _, case) = hidden_post_of_bert(&app, &huis, &t, "Iets vervelends").await;
    let conn = app.db.connect().await;
    conn.execute_unprepared("UPDATE proposals SET closes_at = opened_at WHERE kind = 'case'")
        .await
        .unwrap();
    conn.close().await.ok();
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    let c = app.get_json(&format!("/api/v1/cases/{case}"), &t[0]).await;
    assert_eq!(c["status"], "removed");
    assert_eq!(c["tally"]["restore"], 0);
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[0]).await;
    assert_eq!(seen["posts"][0]["status"], "removed");
    let log = actions(&app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[3]).await);
    assert!(log.contains(&"item_removed".to_owned()), "{log:?}");
    // Case votes are not proposals: they are not in the proposals list.
    let proposals = app
        .get_json(&format!("/api/v1/groups/{huis}/proposals"), &t[0])
        .await;
    assert!(proposals.as_array().unwrap().is_empty(), "{proposals}");
}

#[tokio::test]
async fn the_case_pages_let_members_vote_and_the_author_appeal_in_plain_dutch() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_eight(&app).await;
    let (_, _, case) = hidden_post_of_bert(&app, &huis, &t, "Dat zeg je niet").await;
    let fien = app.browser_with_lang("nl");
    app.login_in_browser(&fien, "fien").await;
    let (status, page) = get_text(&fien, &app.url(&format!("/g/{huis}/cases"))).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!("Melding {case}")) && page.contains("stem nu"),
        "{page}"
    );
    let (_, page) = get_text(&fien, &app.url(&format!("/c/{case}"))).await;
    assert!(page.contains("Toon het verborgen bericht") && page.contains("Dat zeg je niet"));
    assert!(page.contains("Terugzetten: het mag blijven staan"));
    let csrf = common::csrf_of(&page);
    let res = app
        .submit(&fien, &format!("/c/{case}/vote"), &csrf, &[("choice", "remove")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&fien, &app.url(&format!("/c/{case}?done=voted"))).await;
    assert!(page.contains("Je stem is opgeslagen."));
    // A wrong choice re-renders the page with the message.
    let res = app
        .submit(
            &fien,
            &format!("/c/{case}/vote"),
            &csrf,
            &[("choice", "misschien")],
        )
        .await;
    assert_eq!(res.status(), 422);
    // A flagger sees the case, not the text, and no vote.
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let (_, page) = get_text(&carl, &app.url(&format!("/c/{case}"))).await;
    assert!(!page.contains("Dat zeg je niet") && !page.contains("Terugzetten: het mag"));
    // A non-member gets the same 404 as for a case that does not exist.
    app.register("zoe", GOOD_PASSWORD).await;
    let zoe = app.browser_with_lang("nl");
    app.login_in_browser(&zoe, "zoe").await;
    let (status, _) = get_text(&zoe, &app.url(&format!("/c/{case}"))).await;
    assert_eq!(status, 404);
}
