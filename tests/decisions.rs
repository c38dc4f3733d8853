//! House rules and decisions over the API: a shelter of five adopts a rule by vote, amends it,
//! elects a steward by secret ballot, and a recall without quorum expires and changes nothing.
mod common;

use common::{GOOD_PASSWORD, TestApp, spawn_app};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

const NAMES: [&str; 5] = ["anna", "bert", "carl", "dirk", "eva"];

/// A shelter of five residents; Anna is its steward. Returns their tokens in `NAMES` order.
async fn shelter_of_five(app: &TestApp) -> (Vec<String>, String) {
    let mut tokens = Vec::new();
    for n in NAMES {
        tokens.push(app.register(n, GOOD_PASSWORD).await);
    }
    let others: Vec<&str> = tokens[1..].iter().map(String::as_str).collect();
    let huis = app.shelter(&tokens[0], "huis", &others).await;
    (tokens, huis)
}

async fn propose(app: &TestApp, huis: &str, token: &str, body: Value) -> Value {
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/proposals"), token, body)
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body
}

async fn vote(app: &TestApp, token: &str, id: i64, choice: &str) -> (u16, Value) {
    let res = app
        .post_json(
            &format!("/api/v1/proposals/{id}/votes"),
            token,
            json!({"choice": choice}),
        )
        .await;
    (res.status().as_u16(), res.json().await.unwrap())
}

/// A proposed rule with three yes votes of five: open until its time, then passed.
async fn rule_with_three_yes(app: &TestApp, huis: &str, t: &[String], title: &str) -> i64 {
    let p = propose(
        app,
        huis,
        &t[0],
        json!({"kind": "add_rule", "title": title, "payload": {"title": title, "text": "Zo doen we het."}}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    for token in &t[..3] {
        vote(app, token, id, "yes").await;
    }
    id
}

/// The discussion time of every open vote about people has passed (it would not close early
/// before); the scheduler runs.
async fn discussion_time_passes(app: &TestApp) {
    let conn = app.db.connect().await;
    conn.execute_unprepared(
        "UPDATE proposals SET early_close_at = opened_at WHERE early_close_at IS NOT NULL",
    )
    .await
    .unwrap();
    conn.close().await.ok();
    kwartier::services::decisions::tick(&app.state).await.unwrap();
}

/// Moves a proposal's closing time into the past: the clock has moved on.
async fn make_due(app: &TestApp, id: i64) {
    let conn = app.db.connect().await;
    conn.execute_unprepared(&format!(
        "UPDATE proposals SET closes_at = opened_at WHERE id = {id}"
    ))
    .await
    .unwrap();
    conn.close().await.ok();
}

#[tokio::test]
async fn five_residents_adopt_a_house_rule_and_amend_it() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let p = propose(
        &app,
        &huis,
        &t[1],
        json!({"kind": "add_rule", "title": "Rust na tien uur", "reason": "We slapen slecht.",
               "payload": {"title": "Rust na tien uur", "text": "Na **22:00** is het stil in huis."}}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["status"], "open");
    assert_eq!(p["electorate"], 5);
    assert_eq!(p["quorum"], 50);
    assert_eq!(p["threshold"], 67, "rule changes need two thirds");
    assert_eq!(p["secret"], false);
    assert!(p["thread_id"].is_i64(), "a discussion of its own");
    // The others heard of it.
    let n = app.get_json("/api/v1/notifications", &t[2]).await;
    assert_eq!(n[0]["kind"], "proposal");
    assert_eq!(n[0]["proposal_id"], id);

    // Ballots can change until the close.
    assert_eq!(vote(&app, &t[0], id, "no").await.0, 200);
    let (_, after) = vote(&app, &t[0], id, "yes").await;
    assert_eq!(after["my_vote"], "yes");
    assert_eq!(after["tally"]["yes"], 1);
    assert_eq!(after["tally"]["no"], 0);
    assert_eq!(vote(&app, &t[1], id, "maybe").await.0, 422);
    for token in &t[1..3] {
        let (status, body) = vote(&app, token, id, "yes").await;
        assert_eq!(status, 200);
        assert_eq!(body["status"], "open", "3 of 5: two no votes could still stop it");
    }
    // The fourth yes decides it: even two no votes cannot bring it under two thirds.
    let (_, body) = vote(&app, &t[3], id, "yes").await;
    assert_eq!(body["status"], "passed");
    assert_eq!(body["tally"]["yes"], 4);
    assert_eq!(
        body["ballots"].as_array().unwrap().len(),
        4,
        "an open vote shows who voted how"
    );
    assert_eq!(vote(&app, &t[4], id, "no").await.0, 409, "closed");

    let rules = app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[4]).await;
    assert_eq!(rules.as_array().unwrap().len(), 1);
    assert_eq!(rules[0]["number"], 1);
    assert_eq!(rules[0]["title"], "Rust na tien uur");
    assert_eq!(
        rules[0]["text_html"],
        "<p>Na <strong>22:00</strong> is het stil in huis.</p>\n"
    );
    assert_eq!(rules[0]["version"], 1);
    assert_eq!(rules[0]["proposal_id"], id);

    // An amendment makes version 2; the history keeps both, each with its proposal.
    let rule_id = rules[0]["id"].as_i64().unwrap();
    let amend = propose(
        &app,
        &huis,
        &t[0],
        json!({"kind": "amend_rule", "title": "Rust om elf uur",
               "payload": {"rule_id": rule_id, "text": "Na 23:00 is het stil in huis."}}),
    )
    .await;
    let amend_id = amend["id"].as_i64().unwrap();
    for token in &t[..4] {
        vote(&app, token, amend_id, "yes").await;
    }
    let versions = app
        .get_json(&format!("/api/v1/groups/{huis}/rules/1/versions"), &t[4])
        .await;
    let v: Vec<(i64, i64)> = versions
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (v["version"].as_i64().unwrap(), v["proposal_id"].as_i64().unwrap()))
        .collect();
    assert_eq!(v, vec![(2, amend_id), (1, id)]);
    assert_eq!(versions[0]["text"], "Na 23:00 is het stil in huis.");
    assert_eq!(versions[1]["text"], "Na **22:00** is het stil in huis.");

    // Everything is in the log, with roles and not names.
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[2]).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    for a in ["proposal_opened", "proposal_passed", "rule_added", "rule_amended"] {
        assert!(actions.contains(&a), "{a} in {actions:?}");
    }
    assert!(log.as_array().unwrap().iter().all(|l| l["actor_role"] != "bert"));
}

#[tokio::test]
async fn a_recall_without_quorum_expires_and_changes_nothing_and_secret_ballots_are_not_kept() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    // Bert is elected steward by secret ballot.
    let elect = propose(
        &app,
        &huis,
        &t[0],
        json!({"kind": "elect_steward", "title": "Bert als aanspreekpunt", "payload": {"username": "bert"}}),
    )
    .await;
    let elect_id = elect["id"].as_i64().unwrap();
    assert_eq!(elect["secret"], true);
    let (_, open) = vote(&app, &t[0], elect_id, "yes").await;
    assert!(
        open["tally"]["yes"].is_null(),
        "a secret count stays hidden while open: {open}"
    );
    assert_eq!(open["tally"]["voted"], 1);
    assert_eq!(open["my_vote"], "yes");
    for token in &t[1..3] {
        vote(&app, token, elect_id, "yes").await;
    }
    let waiting = app
        .get_json(&format!("/api/v1/proposals/{elect_id}"), &t[4])
        .await;
    assert_eq!(
        waiting["status"], "open",
        "an election stays open for the discussion time"
    );
    discussion_time_passes(&app).await;
    let done = app
        .get_json(&format!("/api/v1/proposals/{elect_id}"), &t[4])
        .await;
    assert_eq!(
        done["status"], "passed",
        "3 of 5 yes is a majority whatever the rest do"
    );
    assert_eq!(done["tally"]["yes"], 3);
    assert_eq!(done["ballots"], json!([]));
    assert!(done["my_vote"].is_null());
    assert_eq!(app.count("ballots").await, 0, "who voted how is not kept");
    let members = app
        .get_json(&format!("/api/v1/groups/{huis}/members"), &t[0])
        .await;
    let bert = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == "bert")
        .unwrap()
        .clone();
    assert_eq!(bert["role"], "steward");

    // Carl proposes to recall Bert; Bert does not vote on it; only Carl votes.
    let recall = propose(&app, &huis,
        &t[2],
        json!({"kind": "recall_steward", "title": "Bert geen aanspreekpunt meer", "payload": {"username": "bert"}}),
    )
    .await;
    let recall_id = recall["id"].as_i64().unwrap();
    assert_eq!(recall["electorate"], 4, "the subject is not in the electorate");
    assert_eq!(vote(&app, &t[1], recall_id, "no").await.0, 403);
    vote(&app, &t[2], recall_id, "yes").await;
    // Bert was told, and may answer in the discussion.
    let n = app.get_json("/api/v1/notifications", &t[1]).await;
    assert!(
        n.as_array()
            .unwrap()
            .iter()
            .any(|x| x["proposal_id"] == recall_id)
    );
    let thread = recall["thread_id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/threads/{thread}/posts"),
            &t[1],
            json!({"body": "Ik doe mijn best."}),
        )
        .await;
    assert_eq!(res.status(), 201);

    // The closing time passes; the scheduler closes it by itself.
    make_due(&app, recall_id).await;
    let mut status = Value::Null;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        status = app
            .get_json(&format!("/api/v1/proposals/{recall_id}"), &t[0])
            .await["status"]
            .clone();
        if status != "open" {
            break;
        }
    }
    assert_eq!(status, "expired", "1 of 4 voted: no quorum");
    let members = app
        .get_json(&format!("/api/v1/groups/{huis}/members"), &t[0])
        .await;
    let bert = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == "bert")
        .unwrap()
        .clone();
    assert_eq!(bert["role"], "steward", "nothing changed");
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[3]).await;
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|l| l["action"] == "proposal_expired" && l["proposal_id"] == recall_id)
    );
    assert!(
        log.as_array()
            .unwrap()
            .iter()
            .any(|l| l["action"] == "steward_elected" && l["target"] == "bert")
    );
}

#[tokio::test]
async fn a_proposal_closes_exactly_once_however_many_try() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let id = rule_with_three_yes(&app, &huis, &t, "Afwas").await as i32;
    make_due(&app, id.into()).await;
    let tries = (0..8).map(|_| {
        let state = app.state.clone();
        tokio::spawn(async move {
            kwartier::services::decisions::close(&state, id, kwartier::services::decisions::Mode::Deadline)
                .await
        })
    });
    let mut closed = 0;
    for t in tries {
        if t.await.unwrap().unwrap() {
            closed += 1;
        }
    }
    assert_eq!(closed, 1);
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[0]).await;
    let passed = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["action"] == "proposal_passed")
        .count();
    assert_eq!(passed, 1);
    assert_eq!(
        app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn proposals_are_checked_and_only_the_electorate_votes() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let late = app.register("fien", GOOD_PASSWORD).await;
    let outsider = app.register("gijs", GOOD_PASSWORD).await;
    for (body, field) in [
        (json!({"kind": "vote_twice", "title": "x", "payload": {}}), "kind"),
        (
            json!({"kind": "add_rule", "title": " ", "payload": {"title": "a", "text": "b"}}),
            "title",
        ),
        (
            json!({"kind": "add_rule", "title": "x", "payload": {"title": "a"}}),
            "payload.text",
        ),
        (
            json!({"kind": "repeal_rule", "title": "x", "payload": {"rule_id": 999}}),
            "payload.rule_id",
        ),
        (
            json!({"kind": "elect_steward", "title": "x", "payload": {"username": "niemand"}}),
            "payload.username",
        ),
        (
            json!({"kind": "elect_steward", "title": "x", "payload": {"username": "anna"}}),
            "payload.username",
        ),
        (
            json!({"kind": "add_rule", "title": "x", "payload": {"title": "a", "text": "b"}, "closes_at": "2020-01-01T00:00:00Z"}),
            "closes_at",
        ),
        (
            json!({"kind": "add_rule", "title": "x", "payload": {"title": "a", "text": "b"}, "closes_at": "2099-01-01T00:00:00Z"}),
            "closes_at",
        ),
    ] {
        let res = app
            .post_json(&format!("/api/v1/groups/{huis}/proposals"), &t[0], body.clone())
            .await;
        assert_eq!(res.status(), 422, "{body}");
        let err: Value = res.json().await.unwrap();
        assert!(err["error"]["fields"][field].is_string(), "{body}: {err}");
    }
    assert_eq!(app.count("proposals").await, 0, "nothing half-stored");
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &outsider,
            json!({"kind": "add_rule", "title": "x", "payload": {"title": "a", "text": "b"}}),
        )
        .await;
    assert_eq!(res.status(), 404);

    let p = propose(&app, &huis, &t[0], json!({"kind": "add_rule", "title": "Fietsen", "payload": {"title": "Fietsen", "text": "In de schuur."}})).await;
    let id = p["id"].as_i64().unwrap();
    // Someone who joins after the opening is not in the electorate.
    let invite: Value = app
        .post_json(&format!("/api/v1/groups/{huis}/invites"), &t[0], json!({}))
        .await
        .json()
        .await
        .unwrap();
    app.post_json(
        &format!("/api/v1/groups/{huis}/join"),
        &late,
        json!({"invite": invite["code"]}),
    )
    .await;
    assert_eq!(vote(&app, &late, id, "yes").await.0, 403);
    assert_eq!(vote(&app, &outsider, id, "yes").await.0, 404);
    let p = app.get_json(&format!("/api/v1/proposals/{id}"), &late).await;
    assert_eq!(p["electorate"], 5);
    assert_eq!(p["tally"]["eligible"], 5);
}

#[tokio::test]
async fn changed_rules_are_accepted_again() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let p = propose(&app, &huis, &t[0], json!({"kind": "add_rule", "title": "Roken", "payload": {"title": "Roken", "text": "Alleen buiten."}})).await;
    let id = p["id"].as_i64().unwrap();
    for token in &t[..4] {
        vote(&app, token, id, "yes").await;
    }
    let conn = app.db.connect().await;
    let accepted = |uid: &'static str| {
        let conn = &conn;
        async move {
            conn.query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                format!(
                    "SELECT a.revision AS r FROM rule_acceptances a JOIN users u ON u.id = a.user_id WHERE u.username = '{uid}'"
                ),
            ))
            .await
            .unwrap()
            .map(|row| row.try_get::<i32>("", "r").unwrap())
        }
    };
    assert_eq!(
        accepted("bert").await,
        Some(0),
        "joining accepted the rules as they were"
    );
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/rules/accept"), &t[1], json!({}))
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(accepted("bert").await, Some(1));
    conn.close().await.ok();
}

#[tokio::test]
async fn settings_change_by_vote_once_the_group_decides_and_reminders_reach_who_has_not_voted() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let mut settings = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    // Before any proposal the steward sets the group up directly.
    settings["flag_threshold"] = json!(4);
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&t[0])
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    // Then the members decide: a change_settings proposal.
    settings["flag_threshold"] = json!(2);
    let p = propose(
        &app,
        &huis,
        &t[1],
        json!({"kind": "change_settings", "title": "Sneller verbergen", "payload": settings}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&t[0])
        .json(&settings)
        .send()
        .await
        .unwrap();
    // No more changing it alone: the change becomes a proposal, as on the page.
    assert_eq!(res.status(), 202);
    let proposed: Value = res.json().await.unwrap();
    assert_eq!(proposed["kind"], "change_settings");
    let now = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    assert_ne!(now["flag_threshold"], 2, "not changed alone");

    // A day before the close, those who have not voted are reminded (once). The clock moves
    // on: opened three days ago, closing in two hours.
    vote(&app, &t[0], id, "yes").await;
    let conn = app.db.connect().await;
    use sea_orm::{ActiveModelTrait, ActiveValue::Set};
    entity::proposal::ActiveModel {
        id: Set(id as i32),
        opened_at: Set(chrono::Utc::now() - chrono::Duration::days(3)),
        closes_at: Set(chrono::Utc::now() + chrono::Duration::hours(2)),
        ..Default::default()
    }
    .update(&conn)
    .await
    .unwrap();
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    let reminded = |token: String| {
        let app = &app;
        async move {
            app.get_json("/api/v1/notifications", &token)
                .await
                .as_array()
                .unwrap()
                .iter()
                .filter(|n| n["kind"] == "closing")
                .count()
        }
    };
    assert_eq!(reminded(t[2].clone()).await, 1, "once, to who has not voted");
    assert_eq!(reminded(t[0].clone()).await, 0, "not to who voted");

    for token in &t[1..4] {
        vote(&app, token, id, "yes").await;
    }
    let after = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    assert_eq!(after["flag_threshold"], 2, "the passed proposal took effect");
    // Everyone in the electorate heard the outcome.
    let n = app.get_json("/api/v1/notifications", &t[4]).await;
    assert!(
        n.as_array()
            .unwrap()
            .iter()
            .any(|x| x["kind"] == "outcome" && x["proposal_id"] == id)
    );
    conn.close().await.ok();
}

#[tokio::test]
async fn two_instances_close_a_proposal_once_and_a_restart_loses_nothing() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let id = rule_with_three_yes(&app, &huis, &t, "Post").await;
    // The server stops before the closing time comes; while it is down, the time passes.
    let app = app.restart().await;
    make_due(&app, id).await;
    // Two instances on one database, both with a scheduler.
    let other = app.another_instance().await;
    let mut status = Value::Null;
    for _ in 0..40 {
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        status = app.get_json(&format!("/api/v1/proposals/{id}"), &t[0]).await["status"].clone();
        if status != "open" {
            break;
        }
    }
    assert_eq!(status, "passed", "3 of 5 yes at the close");
    // Give the other scheduler its turn too; still one close, one rule.
    tokio::time::sleep(std::time::Duration::from_secs(6)).await;
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[0]).await;
    let closes = log
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| {
            l["proposal_id"] == id
                && l["action"]
                    .as_str()
                    .is_some_and(|a| a.starts_with("proposal_") && a != "proposal_opened")
        })
        .count();
    assert_eq!(closes, 1);
    assert_eq!(
        app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0])
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );
    other.stop().await;
}

#[tokio::test]
async fn a_suspension_passed_by_vote_takes_the_member_out_of_the_chat_at_once() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let rule_proposal = rule_with_three_yes(&app, &huis, &t, "Geen geweld").await;
    vote(&app, &t[3], rule_proposal, "yes").await;
    let rule = app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0]).await[0]["id"]
        .as_i64()
        .unwrap();
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[1]).await[0]["id"]
        .as_i64()
        .unwrap();
    let mut bert = app.ws(&t[1]).await;
    bert.join(room, None).await;
    let p = propose(
        &app,
        &huis,
        &t[0],
        json!({"kind": "sanction", "title": "Bert een week geschorst", "reason": "Hij sloeg tegen de deur.",
               "payload": {"username": "bert", "sanction": "suspend", "days": 7, "rule_id": rule}}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    assert_eq!(p["electorate"], 4, "Bert does not vote on his own sanction");
    assert_eq!(p["secret"], true);
    for token in [&t[0], &t[2], &t[3]] {
        vote(&app, token, id, "yes").await;
    }
    let start = std::time::Instant::now();
    discussion_time_passes(&app).await;
    let done = app.get_json(&format!("/api/v1/proposals/{id}"), &t[0]).await;
    assert_eq!(done["status"], "passed");
    let left = bert.expect(&["left"]).await;
    assert_eq!(left["room"], room);
    assert!(start.elapsed() < std::time::Duration::from_secs(1));
    // Suspended: no more joining, and the log says under which rule.
    bert.send(json!({"type": "join", "room": room})).await;
    assert_eq!(bert.expect(&["error"]).await["code"], "forbidden");
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[0]).await;
    let entry = log
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "member_suspended")
        .unwrap();
    assert_eq!(entry["rule_id"], rule);
    assert_eq!(entry["actor_role"], "members");
}

#[tokio::test]
async fn a_muted_member_reads_but_cannot_write_until_the_mute_ends_by_itself() {
    let app = spawn_app().await;
    let (t, huis) = shelter_of_five(&app).await;
    let rule_proposal = rule_with_three_yes(&app, &huis, &t, "Vriendelijk blijven").await;
    vote(&app, &t[3], rule_proposal, "yes").await;
    let rule = app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0]).await[0]["id"]
        .as_i64()
        .unwrap();
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[1]).await[0]["id"]
        .as_i64()
        .unwrap();
    let mut bert = app.ws(&t[1]).await;
    bert.join(room, None).await;
    let p = propose(&app, &huis,
        &t[0],
        json!({"kind": "sanction", "title": "Bert een dag stil", "payload": {"username": "bert", "sanction": "mute", "days": 1, "rule_id": rule}}),
    )
    .await;
    let id = p["id"].as_i64().unwrap();
    for token in [&t[0], &t[2], &t[3]] {
        vote(&app, token, id, "yes").await;
    }
    discussion_time_passes(&app).await;
    // At once: his open socket refuses his messages, the forum refuses his posts; he still reads.
    bert.send(json!({"type": "send", "room": room, "body": "hallo?", "client_id": "m1"}))
        .await;
    let e = bert.expect(&["error"]).await;
    assert_eq!(e["code"], "muted");
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &t[1],
            json!({"title": "Hoi", "body": "Mag ik?"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "muted");
    let anna_id = {
        let mut anna = app.ws(&t[0]).await;
        anna.join(room, None).await;
        anna.say(room, "Bert leest nog mee", "a1").await
    };
    assert_eq!(bert.expect(&["message"]).await["message"]["id"], anna_id);

    // A day later the mute ends by itself, and that is in the log.
    let conn = app.db.connect().await;
    conn.execute_unprepared("UPDATE sanctions SET ends_at = starts_at")
        .await
        .unwrap();
    conn.close().await.ok();
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    bert.send(json!({"type": "send", "room": room, "body": "Ik ben er weer", "client_id": "m2"}))
        .await;
    loop {
        let v = bert.expect(&["ack", "message", "error"]).await;
        assert_ne!(v["type"], "error", "{v}");
        if v["type"] == "ack" {
            break;
        }
    }
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[0]).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert!(
        actions.contains(&"member_muted") && actions.contains(&"sanction_ended"),
        "{actions:?}"
    );
}
