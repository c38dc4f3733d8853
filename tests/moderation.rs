//! Flagging posts and chat messages: once per member, never one's own, with a reason, within
//! a daily limit, and only where one may read.
mod common;

use common::{GOOD_PASSWORD, get_text, spawn_app_with};
use serde_json::{Value, json};

#[tokio::test]
async fn members_flag_posts_and_messages_once_each_with_a_reason() {
    let app = spawn_app_with(|c| c.flags_per_day = 3).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    app.shelter(&anna, "huis", &[&bert]).await;
    let started: Value = app
        .post_json(
            "/api/v1/groups/huis/threads",
            &anna,
            json!({"title": "Bel me", "body": "Mijn nummer is 06-12345678"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    let room = app.get_json("/api/v1/groups/huis/rooms", &anna).await[0]["id"]
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
    let res = browser
        .post(app.url(&format!("/m/{message}/flag")))
        .form(&[("csrf", csrf.as_str()), ("reason", "  ")])
        .send()
        .await
        .unwrap();
    // No reason: the form comes back and says why, in Dutch.
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Schrijf waarom je dit meldt."));
}

#[tokio::test]
async fn a_flag_can_cite_a_house_rule_of_the_group() {
    let app = spawn_app_with(|_| {}).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    app.shelter(&anna, "huis", &[&bert]).await;
    let p: Value = app
        .post_json(
            "/api/v1/groups/huis/proposals",
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
    let rules = app.get_json("/api/v1/groups/huis/rules", &bert).await;
    let rule = rules[0]["id"].as_i64().unwrap();
    let started: Value = app
        .post_json(
            "/api/v1/groups/huis/threads",
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
