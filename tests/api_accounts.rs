//! The accounts part of the JSON API, as a client sees it.
mod common;

use common::{GOOD_PASSWORD, spawn_app, spawn_app_with};
use serde_json::{Value, json};

async fn post_json(app: &common::TestApp, path: &str, body: Value) -> reqwest::Response {
    app.api().post(app.url(path)).json(&body).send().await.unwrap()
}

#[tokio::test]
async fn register_answers_201_with_user_and_token_that_opens_me() {
    let app = spawn_app().await;
    let res = post_json(
        &app,
        "/api/v1/auth/register",
        json!({"username": "Anna", "password": GOOD_PASSWORD, "display_name": "Anna de V.", "locale": "en"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    let user = &body["user"];
    assert_eq!(user["username"], "anna");
    assert_eq!(user["display_name"], "Anna de V.");
    assert_eq!(user["locale"], "en");
    assert!(user["id"].is_i64());
    chrono::DateTime::parse_from_rfc3339(user["created_at"].as_str().unwrap()).expect("RFC 3339");
    let token = body["token"].as_str().unwrap();
    assert!(token.len() >= 40);

    let me: Value = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(&me, user);
}

#[tokio::test]
async fn a_username_in_other_letters_is_taken() {
    let app = spawn_app().await;
    app.register("anna", GOOD_PASSWORD).await;
    let res = post_json(
        &app,
        "/api/v1/auth/register",
        json!({"username": "ANNA", "password": GOOD_PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 409);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "username_taken");
    assert!(body["error"]["message"].as_str().unwrap().len() > 5);
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn invalid_fields_are_reported_together_and_nothing_is_stored() {
    let app = spawn_app().await;
    let cases = [
        json!({"username": "a b", "password": "password"}),
        json!({"username": "ab", "password": GOOD_PASSWORD}),
        json!({"username": "x".repeat(10_000), "password": GOOD_PASSWORD}),
        json!({"username": "fine", "password": "short"}),
        json!({"username": "fine", "password": "y".repeat(1025)}),
        json!({"username": "fine", "password": "wachtwoord"}),
        json!({"username": "fine", "password": GOOD_PASSWORD, "display_name": "d".repeat(65)}),
        json!({"username": "fine", "password": GOOD_PASSWORD, "display_name": "bad\u{7}bell"}),
        json!({"username": "fine", "password": GOOD_PASSWORD, "locale": "de"}),
    ];
    for case in cases {
        let res = post_json(&app, "/api/v1/auth/register", case.clone()).await;
        assert_eq!(res.status(), 422, "{case}");
        let body: Value = res.json().await.unwrap();
        assert_eq!(body["error"]["code"], "invalid_fields", "{case}");
        assert!(
            body["error"]["fields"].as_object().is_some_and(|f| !f.is_empty()),
            "{case}: {body}"
        );
    }
    let res = post_json(
        &app,
        "/api/v1/auth/register",
        json!({"username": "a b", "password": "password"}),
    )
    .await;
    let body: Value = res.json().await.unwrap();
    let fields = body["error"]["fields"].as_object().unwrap();
    assert!(
        fields.contains_key("username") && fields.contains_key("password"),
        "{body}"
    );
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn error_messages_follow_the_requested_language() {
    let app = spawn_app().await;
    let ask = |lang: &'static str| {
        app.api()
            .post(app.url("/api/v1/auth/login"))
            .header("accept-language", lang)
            .json(&json!({"username": "nobody", "password": "whatever1"}))
            .send()
    };
    let nl: Value = ask("nl").await.unwrap().json().await.unwrap();
    let en: Value = ask("en-GB,en;q=0.9").await.unwrap().json().await.unwrap();
    assert_eq!(
        nl["error"]["message"],
        "De gebruikersnaam of het wachtwoord klopt niet."
    );
    assert_eq!(en["error"]["message"], "The username or password is not right.");
}

#[tokio::test]
async fn malformed_bodies_get_clear_4xx_answers() {
    let app = spawn_app().await;
    let url = app.url("/api/v1/auth/register");
    let client = app.api();
    let syntax = client
        .post(&url)
        .header("content-type", "application/json")
        .body("{\"username\":")
        .send()
        .await
        .unwrap();
    assert_eq!(syntax.status(), 400);
    let body: Value = syntax.json().await.unwrap();
    assert_eq!(body["error"]["code"], "bad_request");

    let shape = client
        .post(&url)
        .json(&json!({"username": 5}))
        .send()
        .await
        .unwrap();
    assert_eq!(shape.status(), 422);

    let media = client
        .post(&url)
        .header("content-type", "text/plain")
        .body("hi")
        .send()
        .await
        .unwrap();
    assert_eq!(media.status(), 415);
    let body: Value = media.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unsupported_media_type");

    let huge = json!({"username": "big", "password": "p".repeat(300 * 1024)});
    let large = client.post(&url).json(&huge).send().await.unwrap();
    assert_eq!(large.status(), 413);
    let body: Value = large.json().await.unwrap();
    assert_eq!(body["error"]["code"], "payload_too_large");
    assert_eq!(app.count("users").await, 0);
}

#[tokio::test]
async fn unknown_user_and_wrong_password_get_the_same_answer() {
    let app = spawn_app().await;
    app.register("anna", GOOD_PASSWORD).await;
    let wrong = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "anna", "password": "not her password"}),
    )
    .await;
    let unknown = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "bert", "password": "not her password"}),
    )
    .await;
    let invalid_name = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "b", "password": "x"}),
    )
    .await;
    assert_eq!(wrong.status(), 401);
    assert_eq!(unknown.status(), 401);
    assert_eq!(invalid_name.status(), 401);
    let a = wrong.text().await.unwrap();
    assert_eq!(a, unknown.text().await.unwrap());
    assert_eq!(a, invalid_name.text().await.unwrap());
    assert!(a.contains("invalid_credentials"));

    let ok = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "Anna", "password": GOOD_PASSWORD}),
    )
    .await;
    assert_eq!(ok.status(), 200);
    let body: Value = ok.json().await.unwrap();
    assert_eq!(body["user"]["username"], "anna");
}

#[tokio::test]
async fn logout_revokes_the_token_at_once() {
    let app = spawn_app().await;
    let token = app.register("anna", GOOD_PASSWORD).await;
    let client = app.api();
    let out = client
        .post(app.url("/api/v1/auth/logout"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(out.status(), 204);
    let me = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 401);
    let body: Value = me.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert_eq!(app.count("sessions").await, 0);
}

#[tokio::test]
async fn sessions_can_be_listed_and_ended_but_only_your_own() {
    let app = spawn_app().await;
    let first = app.register("anna", GOOD_PASSWORD).await;
    let login = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "anna", "password": GOOD_PASSWORD}),
    )
    .await;
    let second = login.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let client = app.api();

    let list: Value = client
        .get(app.url("/api/v1/me/sessions"))
        .bearer_auth(&second)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list.iter().filter(|s| s["current"] == true).count(), 1);
    let other_id = list.iter().find(|s| s["current"] == false).unwrap()["id"]
        .as_i64()
        .unwrap();

    // Bert cannot end Anna's session: it does not exist for him.
    let res = client
        .delete(app.url(&format!("/api/v1/me/sessions/{other_id}")))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let res = client
        .delete(app.url(&format!("/api/v1/me/sessions/{other_id}")))
        .bearer_auth(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&first)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = client
        .delete(app.url("/api/v1/me/sessions/not-a-number"))
        .bearer_auth(&second)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn changing_the_password_ends_other_sessions_and_keeps_this_one() {
    let app = spawn_app().await;
    let other = app.register("anna", GOOD_PASSWORD).await;
    let login = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "anna", "password": GOOD_PASSWORD}),
    )
    .await;
    let this = login.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let client = app.api();
    let change = |current: &'static str, new: &'static str| {
        client
            .post(app.url("/api/v1/me/password"))
            .bearer_auth(&this)
            .json(&json!({"current_password": current, "new_password": new}))
            .send()
    };
    let res = change("wrong password", "een nieuw lang wachtwoord")
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    assert!(body["error"]["fields"]["current_password"].is_string());
    let res = change(GOOD_PASSWORD, "password1").await.unwrap();
    assert_eq!(res.status(), 422);

    let res = change(GOOD_PASSWORD, "een nieuw lang wachtwoord").await.unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .bearer_auth(&other)
            .send()
            .await
            .unwrap()
            .status(),
        401
    );
    assert_eq!(
        client
            .get(app.url("/api/v1/me"))
            .bearer_auth(&this)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let old = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "anna", "password": GOOD_PASSWORD}),
    )
    .await;
    assert_eq!(old.status(), 401);
    let new = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "anna", "password": "een nieuw lang wachtwoord"}),
    )
    .await;
    assert_eq!(new.status(), 200);
}

#[tokio::test]
async fn login_is_rate_limited_per_account_with_retry_after() {
    let app = spawn_app_with(|c| c.login_per_account_per_minute = 3).await;
    app.register("anna", GOOD_PASSWORD).await;
    for _ in 0..3 {
        let res = post_json(
            &app,
            "/api/v1/auth/login",
            json!({"username": "anna", "password": "wrong guess"}),
        )
        .await;
        assert_eq!(res.status(), 401);
    }
    let res = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "ANNA", "password": GOOD_PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 429);
    let retry: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=60).contains(&retry));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");
    // Another account from the same address is not held back by Anna's limit.
    let other = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "bert", "password": "wrong guess"}),
    )
    .await;
    assert_eq!(other.status(), 401);
}

#[tokio::test]
async fn login_and_registration_are_rate_limited_per_address() {
    let app = spawn_app_with(|c| {
        c.login_per_ip_per_minute = 2;
        c.register_per_ip_per_hour = 1;
    })
    .await;
    app.register("anna", GOOD_PASSWORD).await;
    let res = post_json(
        &app,
        "/api/v1/auth/register",
        json!({"username": "bert", "password": GOOD_PASSWORD}),
    )
    .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    assert_eq!(app.count("users").await, 1);

    for name in ["x1x", "x2x"] {
        let res = post_json(
            &app,
            "/api/v1/auth/login",
            json!({"username": name, "password": "whatever1"}),
        )
        .await;
        assert_eq!(res.status(), 401);
    }
    let res = post_json(
        &app,
        "/api/v1/auth/login",
        json!({"username": "x3x", "password": "whatever1"}),
    )
    .await;
    assert_eq!(res.status(), 429);
}

#[tokio::test]
async fn unknown_api_routes_and_methods_answer_in_the_error_shape() {
    let app = spawn_app().await;
    let res = app
        .api()
        .get(app.url("/api/v1/nothing-here"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "not_found");
    let res = app.api().get(app.url("/api/v1/auth/login")).send().await.unwrap();
    assert_eq!(res.status(), 405);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth("made-up")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
}

#[tokio::test]
async fn the_openapi_document_describes_every_account_route() {
    let app = spawn_app().await;
    let res = app.api().get(app.url("/api/openapi.json")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc["paths"].as_object().unwrap();
    for (path, method) in [
        ("/api/v1/auth/register", "post"),
        ("/api/v1/auth/login", "post"),
        ("/api/v1/auth/logout", "post"),
        ("/api/v1/me", "get"),
        ("/api/v1/me/password", "post"),
        ("/api/v1/me/sessions", "get"),
        ("/api/v1/me/sessions/{id}", "delete"),
        ("/api/v1/me", "delete"),
        ("/api/v1/me/export", "get"),
        ("/api/v1/me/recovery-codes", "post"),
        ("/api/v1/me/logins", "get"),
        ("/api/v1/auth/recover", "post"),
    ] {
        assert!(
            paths.get(path).and_then(|p| p.get(method)).is_some(),
            "{method} {path} missing"
        );
    }
    let schemas = doc["components"]["schemas"].as_object().unwrap();
    for name in [
        "RegisterRequest",
        "AuthResponse",
        "UserJson",
        "ErrorBody",
        "Export",
        "DeleteAccount",
    ] {
        assert!(schemas.contains_key(name), "schema {name} missing");
    }
}

#[tokio::test]
async fn a_cookie_session_cannot_be_used_cross_site_on_the_api() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = app.register_in_browser(&browser, "anna").await;
    assert_eq!(res.status(), 303);
    // The same browser, but the request comes from another site.
    let res = browser
        .post(app.url("/api/v1/auth/logout"))
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "csrf_failed");
    assert_eq!(app.count("sessions").await, 1);
    // From the site itself it works.
    let res = browser.post(app.url("/api/v1/auth/logout")).send().await.unwrap();
    assert_eq!(res.status(), 204);
}
