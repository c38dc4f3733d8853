//! Flagging posts and chat messages: once per member, never one's own, with a reason, within
//! a daily limit, and only where one may read.
mod common;

use common::{GOOD_PASSWORD, get_text, spawn_app_with};
use serde_json::{Value, json};

/// A shelter with Anna (steward), Bert, Carl and Dirk; their tokens in that order.
async fn shelter_of_four(app: &common::TestApp) -> (Vec<String>, String) {
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl", "dirk"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2], &t[3]]).await;
    (t, huis)
}

#[tokio::test]
async fn members_flag_posts_and_messages_once_each_with_a_reason() {
    let app = spawn_app_with(|c| c.flags_per_day = 3).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    // Dirk lives there too: one flag of the two who could is not enough to hide anything.
    let dirk = app.register("dirk", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert, &dirk]).await;
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Bel me", "body": "Mijn nummer is 06-12345678"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    let said: Value = app
        .post_json(
            &format!("/api/v1/rooms/{room}/messages"),
            &anna,
            json!({"body": "Bel me op 06-12345678", "client_id": "nr"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let message = said["id"].as_i64().unwrap();
    let flag = |token: String, path: String, body: Value| {
        let app = &app;
        async move { app.post_json(&path, &token, body).await }
    };
    let post_flags = format!("/api/v1/posts/{post}/flags");
    let message_flags = format!("/api/v1/messages/{message}/flags");

    // A reason is needed; no house rule can be cited yet.
    let res = flag(bert.clone(), post_flags.clone(), json!({})).await;
    assert_eq!(res.status(), 422);
    let res = flag(bert.clone(), post_flags.clone(), json!({"rule_id": 1})).await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["rule_id"].is_string());

    let res = flag(
        bert.clone(),
        post_flags.clone(),
        json!({"reason": "Er staat een telefoonnummer in"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let res = flag(
        bert.clone(),
        post_flags.clone(),
        json!({"reason": "Nog een keer"}),
    )
    .await;
    assert_eq!(res.status(), 409, "once per member");
    let res = flag(
        bert.clone(),
        message_flags.clone(),
        json!({"reason": "Telefoonnummer"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    // Not one's own words; not from outside the (private) group.
    assert_eq!(
        flag(anna.clone(), post_flags.clone(), json!({"reason": "x"}))
            .await
            .status(),
        403
    );
    assert_eq!(
        flag(anna.clone(), message_flags.clone(), json!({"reason": "x"}))
            .await
            .status(),
        403
    );
    assert_eq!(
        flag(carl.clone(), post_flags.clone(), json!({"reason": "x"}))
            .await
            .status(),
        404
    );
    assert_eq!(
        flag(carl.clone(), message_flags.clone(), json!({"reason": "x"}))
            .await
            .status(),
        404
    );
    assert_eq!(app.count("flags").await, 2);

    // The daily limit (3 here): the fourth flag of the day is refused.
    for i in 0..2 {
        let said: Value = app
            .post_json(
                &format!("/api/v1/rooms/{room}/messages"),
                &anna,
                json!({"body": "nog een", "client_id": format!("n{i}")}),
            )
            .await
            .json()
            .await
            .unwrap();
        let res = flag(
            bert.clone(),
            format!("/api/v1/messages/{}/flags", said["id"]),
            json!({"reason": "spam"}),
        )
        .await;
        if i == 0 {
            assert_eq!(res.status(), 201);
        } else {
            assert_eq!(res.status(), 429);
        }
    }

    // The page: a Dutch form, and the reason asked for when it is missing.
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "bert").await;
    let (status, page) = get_text(&browser, &app.url(&format!("/m/{message}/flag"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Meld dit bericht"));
    let (_, thread) = get_text(&browser, &app.url(&format!("/t/{}", started["thread"]["id"]))).await;
    assert!(
        thread.contains(&format!("href=\"/p/{post}/flag\"")),
        "members see a flag link"
    );
    let csrf = common::csrf_of(&page);
    let res = app
        .submit(
            &browser,
            &format!("/m/{message}/flag"),
            &csrf,
            &[("reason", "  ")],
        )
        .await;
    // No reason: the form comes back and says why, in Dutch.
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Schrijf waarom je dit meldt."));
}

#[tokio::test]
async fn a_flag_can_cite_a_house_rule_of_the_group() {
    let app = spawn_app_with(|_| {}).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let p: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &anna,
            json!({"kind": "add_rule", "title": "Geen nummers", "payload": {"title": "Geen telefoonnummers", "text": "Zet geen nummers in berichten."}}),
        )
        .await
        .json()
        .await
        .unwrap();
    for token in [&anna, &bert] {
        app.post_json(
            &format!("/api/v1/proposals/{}/votes", p["id"]),
            token,
            json!({"choice": "yes"}),
        )
        .await;
    }
    let rules = app.get_json(&format!("/api/v1/groups/{huis}/rules"), &bert).await;
    let rule = rules[0]["id"].as_i64().unwrap();
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Bel me", "body": "06-12345678"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/posts/{post}/flags");
    let res = app.post_json(&path, &bert, json!({"rule_id": rule + 100})).await;
    assert_eq!(res.status(), 422, "not a rule of this group");
    let res = app.post_json(&path, &bert, json!({"rule_id": rule})).await;
    assert_eq!(res.status(), 201, "a rule is reason enough");

    // The page offers the group's rules to cite.
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "bert").await;
    let (_, page) = get_text(&browser, &app.url(&format!("/p/{post}/flag"))).await;
    assert!(page.contains("Tegen welke huisregel gaat het in?"));
    assert!(page.contains("1. Geen telefoonnummers"));
}

#[tokio::test]
async fn enough_flags_hide_an_item_at_once_and_open_a_case() {
    let app = spawn_app_with(|_| {}).await;
    let (t, huis) = shelter_of_four(&app).await;
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &t[0],
            json!({"title": "Bel me", "body": "Mijn nummer: 06-12345678"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let thread = started["thread"]["id"].as_i64().unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    let path = format!("/api/v1/posts/{post}/flags");
    // A shelter hides at three flags (its settings): two are not enough.
    for token in &t[1..3] {
        assert_eq!(
            app.post_json(&path, token, json!({"reason": "telefoonnummer"}))
                .await
                .status(),
            201
        );
    }
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[3]).await;
    assert_eq!(seen["posts"][0]["status"], "visible");
    assert_eq!(
        app.post_json(&path, &t[3], json!({"reason": "telefoonnummer"}))
            .await
            .status(),
        201
    );

    // Others see that it is hidden, not what it said; the author still sees the text.
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[1]).await;
    assert_eq!(seen["posts"][0]["status"], "hidden");
    assert_eq!(seen["posts"][0]["body"], "");
    let own = app.get_json(&format!("/api/v1/threads/{thread}"), &t[0]).await;
    assert_eq!(own["posts"][0]["body"], "Mijn nummer: 06-12345678");
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "carl").await;
    let (_, page) = get_text(&browser, &app.url(&format!("/t/{thread}"))).await;
    assert!(page.contains("Dit bericht is verborgen."));
    assert!(!page.contains("06-12345678"));
    // The author sees the text, and why, and until when the group decides.
    let author = app.browser_with_lang("nl");
    app.login_in_browser(&author, "anna").await;
    let (_, own) = get_text(&author, &app.url(&format!("/t/{thread}"))).await;
    assert!(own.contains("06-12345678"));
    assert!(
        own.contains("Je bericht is verborgen. 3 leden hebben het gemeld."),
        "{own}"
    );
    assert!(own.contains("De groep beslist voor"));
    // Not in search either.
    let found = app.get_json("/api/v1/search?q=nummer", &t[1]).await;
    assert!(
        found.as_array().unwrap().iter().all(|h| h["post_id"] != post),
        "{found}"
    );

    // A case is open for the members, and the log says what happened and why, not who.
    let cases = app.get_json(&format!("/api/v1/groups/{huis}/cases"), &t[2]).await;
    assert_eq!(cases.as_array().unwrap().len(), 1);
    assert_eq!(cases[0]["status"], "open");
    assert_eq!(cases[0]["target_kind"], "post");
    assert_eq!(cases[0]["target_id"], post);
    assert_eq!(cases[0]["flags"], 3);
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[2]).await;
    let hidden = log
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["action"] == "item_hidden")
        .unwrap();
    assert_eq!(hidden["case_id"], cases[0]["id"]);
    assert_eq!(hidden["actor_role"], "members");
    // The log page, for members, in plain Dutch.
    let (status, page) = get_text(&browser, &app.url(&format!("/g/{huis}/log"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Verborgen: leden hebben het gemeld") && page.contains("door de leden (stemming)"));
    assert!(
        !page.contains("bert") && !page.contains("dirk"),
        "no flagger is named"
    );
}

#[tokio::test]
async fn a_proposals_discussion_is_never_hidden_by_flags() {
    let app = spawn_app_with(|_| {}).await;
    let (t, huis) = shelter_of_four(&app).await;
    let p: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &t[0],
            json!({"kind": "add_rule", "title": "Huisdieren", "reason": "Ik wil een kat.", "payload": {"title": "Dieren", "text": "Een kat mag."}}),
        )
        .await
        .json()
        .await
        .unwrap();
    let thread = p["thread_id"].as_i64().unwrap();
    let first = app.get_json(&format!("/api/v1/threads/{thread}"), &t[1]).await["posts"][0]["id"].clone();
    for token in &t[1..4] {
        let res = app
            .post_json(
                &format!("/api/v1/posts/{first}/flags"),
                token,
                json!({"reason": "oneens"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[1]).await;
    assert_eq!(seen["posts"][0]["status"], "visible");
    assert_eq!(
        app.get_json(&format!("/api/v1/groups/{huis}/cases"), &t[1]).await,
        json!([])
    );
}

#[tokio::test]
async fn a_hidden_chat_message_disappears_from_open_sockets() {
    let app = spawn_app_with(|_| {}).await;
    let (t, huis) = shelter_of_four(&app).await;
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[0]).await[0]["id"]
        .as_i64()
        .unwrap();
    let mut bert = app.ws(&t[1]).await;
    bert.join(room, None).await;
    let mut anna = app.ws(&t[0]).await;
    anna.join(room, None).await;
    let id = anna.say(room, "Bel me: 06-12345678", "nr").await;
    bert.expect(&["message"]).await;
    for token in &t[1..4] {
        let res = app
            .post_json(
                &format!("/api/v1/messages/{id}/flags"),
                token,
                json!({"reason": "nummer"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let update = bert.expect(&["update"]).await;
    assert_eq!(update["message"]["id"], id);
    assert_eq!(update["message"]["status"], "hidden");
    assert_eq!(update["message"]["body"], "");
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[2])
        .await;
    assert_eq!(history[0]["body"], "");
    // Its author still sees the text, in the history and in a replay after reconnecting, and
    // the room page tells her why it is hidden.
    let own = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &t[0])
        .await;
    assert_eq!(own[0]["body"], "Bel me: 06-12345678");
    assert_eq!(own[0]["status"], "hidden");
    let mut again = app.ws(&t[0]).await;
    again
        .send(json!({"type": "join", "room": room, "after": 0}))
        .await;
    let replayed = again.expect(&["message"]).await;
    assert_eq!(replayed["message"]["body"], "Bel me: 06-12345678");
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "anna").await;
    let (_, page) = get_text(&browser, &app.url(&format!("/r/{room}"))).await;
    assert!(page.contains("Je bericht is verborgen: leden hebben het gemeld."));
    assert!(page.contains("06-12345678"));
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "carl").await;
    let (_, page) = get_text(&browser, &app.url(&format!("/r/{room}"))).await;
    assert!(!page.contains("06-12345678"));
}
