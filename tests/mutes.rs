//! Personal mutes ("niet meer zien"): someone's posts and messages fold away for one reader,
//! their replies and mentions stop notifying that reader, and nobody else notices.
mod common;

use common::{GOOD_PASSWORD, get_text, spawn_app};
use serde_json::{Value, json};

#[tokio::test]
async fn a_reader_stops_seeing_someone_for_themselves_only() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert, &carl]).await;
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Koken", "body": "Wie kookt er?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let thread = started["thread"]["id"].as_i64().unwrap();
    let first = started["post"]["id"].as_i64().unwrap();

    // Anna stops seeing Bert. Not herself, not someone who does not exist.
    let client = app.api();
    let put = |path: &str, token: &str| client.put(app.url(path)).bearer_auth(token.to_owned()).send();
    assert_eq!(put("/api/v1/me/mutes/bert", &anna).await.unwrap().status(), 204);
    assert_eq!(
        put("/api/v1/me/mutes/bert", &anna).await.unwrap().status(),
        204,
        "twice is fine"
    );
    assert_eq!(put("/api/v1/me/mutes/anna", &anna).await.unwrap().status(), 422);
    assert_eq!(
        put("/api/v1/me/mutes/niemand", &anna).await.unwrap().status(),
        404
    );
    let list = app.get_json("/api/v1/me/mutes", &anna).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["username"], "bert");
    assert!(
        app.get_json("/api/v1/me/mutes", &bert)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );

    // Bert replies to Anna and mentions her: she is not notified; Carl's reply does notify.
    let res = app
        .post_json(
            &format!("/api/v1/threads/{thread}/posts"),
            &bert,
            json!({"body": "Ik kook, @anna", "parent_id": first}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert!(
        app.get_json("/api/v1/notifications", &anna)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    app.post_json(
        &format!("/api/v1/threads/{thread}/posts"),
        &carl,
        json!({"body": "Ik help", "parent_id": first}),
    )
    .await;
    assert_eq!(
        app.get_json("/api/v1/notifications", &anna)
            .await
            .as_array()
            .unwrap()
            .len(),
        1
    );

    // The API marks Bert's post for Anna only; the page folds it for her only.
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &anna).await;
    let of = |v: &Value, name: &str| {
        v["posts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["author"]["username"] == name)
            .unwrap()["muted"]
            .clone()
    };
    assert_eq!(of(&seen, "bert"), true);
    assert_eq!(of(&seen, "carl"), false);
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &carl).await;
    assert_eq!(of(&seen, "bert"), false);
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "anna").await;
    let (_, page) = get_text(&browser, &app.url(&format!("/t/{thread}"))).await;
    assert!(
        page.contains("op &#39;niet meer zien&#39; gezet") || page.contains("op 'niet meer zien' gezet"),
        "{page}"
    );
    let other = app.browser_with_lang("nl");
    app.login_in_browser(&other, "carl").await;
    let (_, page) = get_text(&other, &app.url(&format!("/t/{thread}"))).await;
    assert!(!page.contains("niet meer zien&#39; gezet") && !page.contains("niet meer zien' gezet"));
    // The chat room folds Bert's messages for Anna too.
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    app.post_json(
        &format!("/api/v1/rooms/{room}/messages"),
        &bert,
        json!({"body": "Eten is klaar", "client_id": "b1"}),
    )
    .await;
    let (_, page) = get_text(&browser, &app.url(&format!("/r/{room}"))).await;
    assert!(page.contains("data-muted=\"bert\""));
    assert!(page.contains("<details class=\"body\">"), "{page}");

    // On the account page she sees whom she hides, and can see Bert again.
    let (_, page) = get_text(&browser, &app.url("/account")).await;
    assert!(page.contains("Niet meer zien") && page.contains("bert"));
    let csrf = common::csrf_of(&page);
    let res = app.submit(&browser, "/u/bert/unmute", &csrf, &[]).await;
    assert_eq!(res.status(), 303);
    assert!(
        app.get_json("/api/v1/me/mutes", &anna)
            .await
            .as_array()
            .unwrap()
            .is_empty()
    );
    // A "back" address elsewhere is not followed.
    let res = app
        .submit(&browser, "/u/bert/mute", &csrf, &[("back", "//evil.example/")])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/account");
}
