//! Running an instance: its settings, the four ways of taking new people in, the admin's
//! tools (suspending an account, closing a group, lists with numbers only), and the limits
//! on new accounts and repeated messages. On SQLite, and on PostgreSQL when
//! `KWARTIER_TEST_DATABASE_URL` is set.
mod common;

use common::{GOOD_PASSWORD, TestApp, csrf_from, get_text, spawn_app, spawn_app_with};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

/// Registers `username` and makes the account the instance admin.
async fn admin(app: &TestApp, username: &str) -> String {
    let token = app.register(username, GOOD_PASSWORD).await;
    let conn = app.db.connect().await;
    conn.execute_unprepared(&format!(
        "UPDATE users SET is_admin = TRUE WHERE username = '{username}'"
    ))
    .await
    .unwrap();
    conn.close().await.ok();
    token
}

/// Changes some settings through the API, keeping the rest.
async fn set(app: &TestApp, admin: &str, change: Value) -> reqwest::Response {
    let mut settings = app.get_json("/api/v1/admin/settings", admin).await;
    for (k, v) in change.as_object().unwrap() {
        settings[k] = v.clone();
    }
    app.api()
        .put(app.url("/api/v1/admin/settings"))
        .bearer_auth(admin)
        .json(&settings)
        .send()
        .await
        .unwrap()
}

async fn register(app: &TestApp, body: Value) -> (u16, Value) {
    let res = app
        .api()
        .post(app.url("/api/v1/auth/register"))
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

async fn login(app: &TestApp, username: &str) -> (u16, Value) {
    let res = app
        .api()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": username, "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap())
}

async fn admin_log(app: &TestApp, admin: &str) -> Vec<Value> {
    app.get_json("/api/v1/admin/log", admin)
        .await
        .as_array()
        .unwrap()
        .clone()
}

#[tokio::test]
async fn settings_are_checked_logged_and_shown_on_every_page() {
    let app = spawn_app().await;
    let admin = admin(&app, "beheer").await;
    let anna = app.register("anna", GOOD_PASSWORD).await;

    // Only the admin.
    let res = app
        .api()
        .put(app.url("/api/v1/admin/settings"))
        .bearer_auth(&anna)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);

    // Every problem at once, and nothing changes.
    let res = set(
        &app,
        &admin,
        json!({"name": " ", "crisis_contacts": [{"name": "Alarm", "number": "bel maar"}],
               "registration": "approval", "approval_question": "", "new_links_per_post": 1000}),
    )
    .await;
    assert_eq!(res.status(), 422);
    let body: Value = res.json().await.unwrap();
    for field in [
        "name",
        "crisis_contacts",
        "approval_question",
        "new_links_per_post",
    ] {
        assert!(body["error"]["fields"][field].is_string(), "{field}: {body}");
    }
    assert_eq!(app.get_json("/api/v1/instance", &anna).await["name"], "Kwartier");
    let res = set(&app, &admin, json!({"no_such_setting": 1})).await;
    assert_eq!(res.status(), 422, "unknown fields are refused, not ignored");
    // Fields left out keep their value.
    let res = app
        .api()
        .put(app.url("/api/v1/admin/settings"))
        .bearer_auth(&admin)
        .json(&json!({"description": "Eerst dit."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let now: Value = res.json().await.unwrap();
    assert_eq!(now["description"], "Eerst dit.");
    assert_eq!(now["name"], "Kwartier");
    assert_eq!(now["new_invites_per_day"], 10);
    for wrong in [json!(["a"]), json!({"name": 5}), json!({"novel": "x"})] {
        let res = app
            .api()
            .put(app.url("/api/v1/admin/settings"))
            .bearer_auth(&admin)
            .json(&wrong)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{wrong}");
    }

    let res = set(
        &app,
        &admin,
        json!({"name": "Stadshuis Utrecht", "description": "Voor en door bewoners.",
               "rules": "1. Wees aardig.", "default_locale": "en",
               "crisis_contacts": [{"name": "Straatpastoraat", "number": "030-123 45 67"}]}),
    )
    .await;
    assert_eq!(res.status(), 200);

    // On every page, for anyone: the name and the crisis number.
    let visitor = app.browser();
    for path in ["/", "/groups", "/login", "/register", "/help", "/about"] {
        let (status, html) = get_text(&visitor, &app.url(path)).await;
        assert_eq!(status, 200, "{path}");
        assert!(html.contains("Stadshuis Utrecht"), "{path}");
        assert!(
            html.contains("030-123 45 67") && html.contains("tel:0301234567"),
            "{path}"
        );
        assert!(
            !html.contains("0800-0113"),
            "the old contacts are gone from {path}"
        );
    }
    let (_, about) = get_text(&visitor, &app.url("/about")).await;
    assert!(about.contains("Voor en door bewoners.") && about.contains("Wees aardig."));
    let public = app.api().get(app.url("/api/v1/instance")).send().await.unwrap();
    let public: Value = public.json().await.unwrap();
    assert_eq!(public["name"], "Stadshuis Utrecht");
    assert_eq!(public["registration"], "open");

    // The default language: for a visitor whose browser asks for neither language.
    let plain = reqwest::Client::new();
    let (_, html) = get_text(&plain, &app.url("/")).await;
    assert!(html.contains("<html lang=\"en\""), "default language English");
    let (_, html) = get_text(&app.browser_with_lang("nl"), &app.url("/")).await;
    assert!(
        html.contains("<html lang=\"nl\""),
        "the browser's own choice wins"
    );

    // Logged, with what changed.
    let log = admin_log(&app, &admin).await;
    assert_eq!(log[0]["action"], "settings_changed");
    let changed = log[0]["reason"].as_str().unwrap();
    for f in [
        "name",
        "description",
        "rules",
        "crisis_contacts",
        "default_locale",
    ] {
        assert!(changed.contains(f), "{changed}");
    }
    assert_eq!(log.len(), 2, "the refused attempts left no trace");

    // The page form: a wrong number is shown again with its message, in the admin's language.
    let browser = app.browser();
    app.login_in_browser(&browser, "beheer").await;
    let csrf = csrf_from(&browser, &app.url("/admin/settings")).await;
    let res = app
        .submit(
            &browser,
            "/admin/settings",
            &csrf,
            &[
                ("name", "Stadshuis Utrecht"),
                ("crisis_contacts", "Straatpastoraat | 030-123 45 67"),
                ("default_locale", "nl"),
                ("registration", "open"),
                ("login_retention_days", "veertien"),
                ("new_account_days", "3"),
                ("new_posts_per_day", "20"),
                ("new_threads_per_day", "3"),
                ("new_groups_per_day", "1"),
                ("new_invites_per_day", "5"),
                ("new_links_per_post", "2"),
                ("duplicate_minutes", "10"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Dit getal past niet"), "{html}");
    assert!(html.contains("veertien"), "what was typed stays");
    // The same form, right: saved, and the site speaks Dutch to new visitors again.
    let csrf = csrf_from(&browser, &app.url("/admin/settings")).await;
    let res = app
        .submit(
            &browser,
            "/admin/settings",
            &csrf,
            &[
                ("name", "Stadshuis Utrecht"),
                (
                    "crisis_contacts",
                    "Straatpastoraat | 030-123 45 67\nAlarmnummer | 112",
                ),
                ("default_locale", "nl"),
                ("registration", "open"),
                ("login_retention_days", "7"),
                ("new_account_days", "3"),
                ("new_posts_per_day", "20"),
                ("new_threads_per_day", "3"),
                ("new_groups_per_day", "1"),
                ("new_invites_per_day", "5"),
                ("new_links_per_post", "2"),
                ("duplicate_minutes", "10"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, html) = get_text(&plain, &app.url("/")).await;
    assert!(html.contains("<html lang=\"nl\"") && html.contains("tel:112"));
    let settings = app.get_json("/api/v1/admin/settings", &admin).await;
    assert_eq!(settings["login_retention_days"], 7);
    assert_eq!(settings["description"], "", "an empty box empties the field");
}

#[tokio::test]
async fn a_closed_instance_says_so_and_makes_no_account() {
    let app = spawn_app().await;
    let admin = admin(&app, "beheer").await;
    assert_eq!(
        set(&app, &admin, json!({"registration": "closed"}))
            .await
            .status(),
        200
    );
    let users = app.count("users").await;

    let (status, body) = register(&app, json!({"username": "nieuw", "password": GOOD_PASSWORD})).await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "registration_closed");
    let browser = app.browser();
    let (status, html) = get_text(&browser, &app.url("/register")).await;
    assert_eq!(status, 200);
    assert!(html.contains("kun je nu geen nieuw account maken"), "{html}");
    assert!(
        !html.contains("name=\"password\""),
        "no form to fill in for nothing"
    );
    let res = app.register_in_browser(&browser, "nieuw").await;
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("users").await, users);
    // The admin can still make accounts from the command line; existing people log in.
    assert_eq!(login(&app, "beheer").await.0, 200);
}

#[tokio::test]
async fn by_invitation_only_a_code_from_the_admin_or_a_steward_lets_someone_in() {
    let app = spawn_app().await;
    let admin = admin(&app, "beheer").await;
    let steward = app.register("stef", GOOD_PASSWORD).await;
    let huis = app.shelter(&steward, "huis", &[]).await;
    assert_eq!(
        set(&app, &admin, json!({"registration": "invite"}))
            .await
            .status(),
        200
    );

    let (_, html) = get_text(&app.browser(), &app.url("/register")).await;
    assert!(
        html.contains("alleen een account maken met een uitnodiging"),
        "{html}"
    );
    assert!(html.contains("name=\"invite\""));

    let (status, body) = register(&app, json!({"username": "anna", "password": GOOD_PASSWORD})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["invite"].is_string(), "{body}");
    let (status, body) = register(
        &app,
        json!({"username": "anna", "password": GOOD_PASSWORD, "invite": "verzonnen"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["invite"].is_string());

    // The admin's code: once.
    let res = app
        .post_json("/api/v1/admin/invites", &admin, json!({"expires_in_hours": 24}))
        .await;
    assert_eq!(res.status(), 201);
    let invite: Value = res.json().await.unwrap();
    let code = invite["code"].as_str().unwrap();
    assert!(invite["url"].as_str().unwrap().contains("/register?invite="));
    let (status, _) = register(
        &app,
        json!({"username": "anna", "password": GOOD_PASSWORD, "invite": code}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = register(
        &app,
        json!({"username": "bert", "password": GOOD_PASSWORD, "invite": code}),
    )
    .await;
    assert_eq!(status, 422, "a code makes one account");

    // A steward's invite to their shelter: in the instance and in the house at once.
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/invites"), &steward, json!({}))
        .await;
    let group_code = res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = register(
        &app,
        json!({"username": "bert", "password": GOOD_PASSWORD, "invite": group_code}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(body["joined_group"], huis.as_str());
    let bert = body["token"].as_str().unwrap();
    let group = app.get_json(&format!("/api/v1/groups/{huis}"), bert).await;
    assert_eq!(group["my_membership"]["status"], "active", "{group}");

    // In the browser: the link fills in the code; the person lands in their house.
    let browser = app.browser();
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/invites"), &steward, json!({}))
        .await;
    let group_code = res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, html) = get_text(&browser, &app.url(&format!("/register?invite={group_code}"))).await;
    assert!(html.contains(&format!("value=\"{group_code}\"")));
    let csrf = common::csrf_of(&html);
    let res = app
        .submit(
            &browser,
            "/register",
            &csrf,
            &[
                ("username", "carla"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("invite", group_code.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap();
    assert!(to.starts_with("/welcome") && to.contains("%2Fg%2Fhuis"), "{to}");
    // A used-up invite link on the form: the message, and the typing stays.
    let csrf = csrf_from(&browser, &app.url("/groups")).await;
    let res = app.submit(&browser, "/logout", &csrf, &[]).await;
    assert_eq!(res.status(), 303);
    let csrf = csrf_from(&browser, &app.url("/register")).await;
    let res = app
        .submit(
            &browser,
            "/register",
            &csrf,
            &[
                ("username", "dirk"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("invite", group_code.as_str()),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Deze code werkt niet"));
}

#[tokio::test]
async fn by_approval_an_application_waits_until_an_admin_lets_it_in() {
    let app = spawn_app().await;
    let admin = admin(&app, "beheer").await;
    let res = set(
        &app,
        &admin,
        json!({"registration": "approval", "approval_question": "Hoe ken je ons huis?"}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let info = app.api().get(app.url("/api/v1/instance")).send().await.unwrap();
    assert_eq!(
        info.json::<Value>().await.unwrap()["approval_question"],
        "Hoe ken je ons huis?"
    );
    let (_, html) = get_text(&app.browser(), &app.url("/register")).await;
    assert!(html.contains("Hoe ken je ons huis?") && html.contains("kijkt een beheerder ernaar"));

    let (status, body) = register(&app, json!({"username": "anna", "password": GOOD_PASSWORD})).await;
    assert_eq!(status, 422);
    assert!(body["error"]["fields"]["answer"].is_string());
    let (status, body) = register(
        &app,
        json!({"username": "anna", "password": GOOD_PASSWORD, "answer": "Via de straatkrant."}),
    )
    .await;
    assert_eq!(status, 202, "{body}");
    assert_eq!(body["status"], "pending");
    assert!(body.get("token").is_none());
    assert_eq!(body["recovery_codes"].as_array().unwrap().len(), 10);

    // Waiting: the right password hears so, a wrong one hears nothing more.
    let (status, body) = login(&app, "anna").await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "account_pending");
    let res = app
        .api()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "anna", "password": "niet het wachtwoord"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // The admin sees the answer, lets Anna in: she can log in; it is logged.
    let apps = app.get_json("/api/v1/admin/applications", &admin).await;
    assert_eq!(apps[0]["username"], "anna");
    assert_eq!(apps[0]["answer"], "Via de straatkrant.");
    let browser = app.browser();
    app.login_in_browser(&browser, "beheer").await;
    let (_, html) = get_text(&browser, &app.url("/admin/accounts")).await;
    assert!(html.contains("Via de straatkrant.") && html.contains("/admin/accounts/anna/approve"));
    let csrf = common::csrf_of(&html);
    let res = app
        .submit(&browser, "/admin/accounts/anna/approve", &csrf, &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(login(&app, "anna").await.0, 200);
    assert_eq!(admin_log(&app, &admin).await[0]["action"], "application_approved");

    // Bert is turned down: his account goes, and his name is free again.
    let users = app.count("users").await;
    let (status, _) = register(
        &app,
        json!({"username": "bert", "password": GOOD_PASSWORD, "answer": "Zomaar."}),
    )
    .await;
    assert_eq!(status, 202);
    let res = app
        .api()
        .delete(app.url("/api/v1/admin/applications/bert"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(app.count("users").await, users);
    assert_eq!(admin_log(&app, &admin).await[0]["action"], "application_rejected");

    // An invite skips the wait.
    let res = app.post_json("/api/v1/admin/invites", &admin, json!({})).await;
    let code = res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, body) = register(
        &app,
        json!({"username": "carla", "password": GOOD_PASSWORD, "invite": code}),
    )
    .await;
    assert_eq!(status, 201);
    assert!(body["token"].is_string());

    // In the browser the application page shows the codes once, and says what happens now.
    let visitor = app.browser();
    let csrf = csrf_from(&visitor, &app.url("/register")).await;
    let res = app
        .submit(
            &visitor,
            "/register",
            &csrf,
            &[
                ("username", "dirk"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("answer", "Ik woon om de hoek."),
            ],
        )
        .await;
    assert_eq!(res.status(), 202);
    let html = res.text().await.unwrap();
    assert!(html.contains("Je aanvraag is binnen") && html.contains("<ol class=\"codes\""));
}

#[tokio::test]
async fn a_suspended_account_is_logged_out_everywhere_and_told_why() {
    let app = spawn_app().await;
    let admin = admin(&app, "beheer").await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let browser = app.browser();
    app.login_in_browser(&browser, "anna").await;
    let mut socket = app.ws(&anna).await;

    let res = app
        .post_json(
            "/api/v1/admin/accounts/anna/suspension",
            &anna,
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(res.status(), 403, "not for members");
    let res = app
        .post_json(
            "/api/v1/admin/accounts/beheer/suspension",
            &admin,
            json!({"reason": "x"}),
        )
        .await;
    assert_eq!(res.status(), 422, "not yourself");
    let res = app
        .post_json(
            "/api/v1/admin/accounts/anna/suspension",
            &admin,
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(res.status(), 422, "a reason is needed");
    let res = app
        .post_json(
            "/api/v1/admin/accounts/anna/suspension",
            &admin,
            json!({"reason": "Spam in drie groepen."}),
        )
        .await;
    assert_eq!(res.status(), 204);

    // Every session ended: socket, API and browser.
    assert_eq!(
        socket.closed_within(std::time::Duration::from_secs(2)).await,
        Some(4001)
    );
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    // Logging in tells her why, and only with her password.
    let (status, body) = login(&app, "anna").await;
    assert_eq!(status, 403);
    assert_eq!(body["error"]["code"], "account_suspended");
    assert_eq!(body["error"]["reason"], "Spam in drie groepen.");
    let csrf = csrf_from(&browser, &app.url("/login")).await;
    let res = app
        .submit(
            &browser,
            "/login",
            &csrf,
            &[("username", "anna"), ("password", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 403);
    let html = res.text().await.unwrap();
    assert!(html.contains("geschorst") && html.contains("Spam in drie groepen."));
    let res = app
        .submit(
            &browser,
            "/login",
            &csrf,
            &[("username", "anna"), ("password", "fout wachtwoord")],
        )
        .await;
    assert!(
        !res.text().await.unwrap().contains("Spam"),
        "no reason without the password"
    );

    // The admin's list says so; it is logged; it can be undone.
    let list = app.get_json("/api/v1/admin/accounts?q=ann", &admin).await;
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["status"], "suspended");
    let log = admin_log(&app, &admin).await;
    assert_eq!(log[0]["action"], "account_suspended");
    assert_eq!(log[0]["reason"], "Spam in drie groepen.");
    let res = app
        .api()
        .delete(app.url("/api/v1/admin/accounts/anna/suspension"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(login(&app, "anna").await.0, 200);
    assert_eq!(admin_log(&app, &admin).await[0]["action"], "account_unsuspended");
}

#[tokio::test]
async fn a_closed_group_stays_readable_for_its_members_and_disappears_for_others() {
    let app = spawn_app().await;
    let admin = admin(&app, "beheer").await;
    let stef = app.register("stef", GOOD_PASSWORD).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let outsider = app.register("otto", GOOD_PASSWORD).await;
    // A public group and a private one, neither with the admin in it.
    let res = app
        .post_json(
            "/api/v1/groups",
            &stef,
            json!({"slug": "schulden", "name": "Schulden samen", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    app.post_json("/api/v1/groups/schulden/join", &anna, json!({}))
        .await;
    let res = app
        .post_json(
            "/api/v1/groups/schulden/threads",
            &stef,
            json!({"title": "Geheime titel", "body": "Mijn eigen verhaal"}),
        )
        .await;
    let thread = res.json::<Value>().await.unwrap()["thread"]["id"]
        .as_i64()
        .unwrap();
    let rooms = app.get_json("/api/v1/groups/schulden/rooms", &anna).await;
    let room = rooms[0]["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/rooms/{room}/messages"),
            &anna,
            json!({"body": "Hoi", "client_id": "voor"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let huis = app.shelter(&stef, "huis", &[&anna]).await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &stef,
            json!({"title": "Huisvergadering", "body": "Besloten woorden"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    // The admin's lists: names and numbers, never what was written.
    let res = app
        .api()
        .get(app.url("/api/v1/admin/groups"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    let text = res.text().await.unwrap();
    let groups: Value = serde_json::from_str(&text).unwrap();
    let huis = groups
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["slug"] == huis.as_str())
        .unwrap();
    assert_eq!(huis["members"], 2);
    assert_eq!(huis["threads"], 1);
    assert_eq!(huis["posts"], 1);
    for secret in [
        "Huisvergadering",
        "Besloten woorden",
        "Geheime titel",
        "Mijn eigen verhaal",
    ] {
        assert!(!text.contains(secret), "{secret} in the admin's list");
    }
    let browser = app.browser();
    app.login_in_browser(&browser, "beheer").await;
    let (_, html) = get_text(&browser, &app.url("/admin/groups")).await;
    assert!(html.contains("Schulden samen") && !html.contains("Besloten woorden"));
    let (_, html) = get_text(&browser, &app.url("/admin/accounts")).await;
    assert!(html.contains("anna") && !html.contains("Mijn eigen verhaal"));
    // And no way in through the group's own pages.
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/groups/{huis}/threads")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);

    // An invite made before the closing.
    let res = app
        .post_json("/api/v1/groups/schulden/invites", &stef, json!({}))
        .await;
    let code = res.json::<Value>().await.unwrap()["code"]
        .as_str()
        .unwrap()
        .to_owned();

    // Closing: with a reason; members are told.
    let res = app
        .post_json(
            "/api/v1/admin/groups/schulden/closure",
            &admin,
            json!({"reason": ""}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_json(
            "/api/v1/admin/groups/schulden/closure",
            &admin,
            json!({"reason": "Werving voor een sekte."}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let res = app
        .post_json(
            "/api/v1/admin/groups/schulden/closure",
            &admin,
            json!({"reason": "Nog eens."}),
        )
        .await;
    assert_eq!(res.status(), 409);
    let notes = app.get_json("/api/v1/notifications", &anna).await;
    assert_eq!(notes[0]["kind"], "group_closed", "{notes}");
    let log = admin_log(&app, &admin).await;
    assert_eq!(log[0]["action"], "group_closed");
    assert!(log[0]["group_id"].is_number());

    // Members read on, and add nothing: no post, no thread, no chat.
    let res = app
        .post_json(
            &format!("/api/v1/rooms/{room}/messages"),
            &anna,
            json!({"body": "Hallo?", "client_id": "na"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/threads/{thread}")))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .post_json(
            &format!("/api/v1/threads/{thread}/posts"),
            &anna,
            json!({"body": "Toch nog iets"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            "/api/v1/groups/schulden/threads",
            &stef,
            json!({"title": "Nieuw", "body": "Tekst"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let member = app.browser();
    app.login_in_browser(&member, "anna").await;
    let (status, html) = get_text(&member, &app.url("/g/schulden")).await;
    assert_eq!(status, 200);
    assert!(html.contains("gesloten door de beheerder") && html.contains("Werving voor een sekte."));
    // Everyone else: gone, as if it never was, on every path.
    for who in [&outsider, &admin] {
        let res = app
            .api()
            .get(app.url("/api/v1/groups/schulden"))
            .bearer_auth(who)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let res = app
            .api()
            .get(app.url(&format!("/api/v1/threads/{thread}")))
            .bearer_auth(who)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404);
        let list = app.get_json("/api/v1/groups", who).await;
        assert!(!list.to_string().contains("schulden"));
        let found = app.get_json("/api/v1/search?q=verhaal", who).await;
        assert_eq!(found.as_array().unwrap().len(), 0, "{found}");
        let res = app
            .post_json("/api/v1/groups/schulden/join", who, json!({}))
            .await;
        assert_eq!(res.status(), 404);
    }
    let anon = reqwest::Client::new();
    let (status, _) = get_text(&anon, &app.url("/g/schulden")).await;
    assert_eq!(status, 404);
    let (status, html) = get_text(&anon, &app.url(&format!("/invite/{code}"))).await;
    assert_eq!(status, 404);
    assert!(
        !html.contains("Schulden samen"),
        "an invite does not show its name"
    );
    let (status, _) = register(
        &app,
        json!({"username": "nina", "password": GOOD_PASSWORD, "invite": code}),
    )
    .await;
    assert_eq!(status, 422, "nor let anyone in");
    let (status, _) = get_text(&anon, &app.url("/g/schulden/feed.atom")).await;
    assert_eq!(status, 404);

    // Opened again: as before, and the members hear it.
    let res = app
        .api()
        .delete(app.url("/api/v1/admin/groups/schulden/closure"))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .api()
        .get(app.url("/api/v1/groups/schulden"))
        .bearer_auth(&outsider)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .post_json(
            &format!("/api/v1/threads/{thread}/posts"),
            &anna,
            json!({"body": "Fijn"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        app.get_json("/api/v1/notifications", &anna).await[0]["kind"],
        "group_reopened"
    );
}

#[tokio::test]
async fn new_accounts_have_lower_daily_limits_and_fewer_links() {
    let app = spawn_app_with(|c| c.new_account_days = 3).await;
    let admin = admin(&app, "beheer").await;
    let res = set(
        &app,
        &admin,
        json!({"new_threads_per_day": 2, "new_posts_per_day": 3, "new_groups_per_day": 1,
               "new_invites_per_day": 1, "new_links_per_post": 1}),
    )
    .await;
    assert_eq!(res.status(), 200);
    let anna = app.register("anna", GOOD_PASSWORD).await;

    let group = |slug: &str| json!({"slug": slug, "name": "Groep", "kind": "peer_group", "visibility": "public", "join_policy": "open"});
    assert_eq!(
        app.post_json("/api/v1/groups", &anna, group("een"))
            .await
            .status(),
        201
    );
    let res = app.post_json("/api/v1/groups", &anna, group("twee")).await;
    assert_eq!(res.status(), 429);
    let wait: u64 = res.headers()["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait > 23 * 3600 && wait <= 24 * 3600, "{wait}");
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "new_account_limit"
    );

    assert_eq!(
        app.post_json("/api/v1/groups/een/invites", &anna, json!({}))
            .await
            .status(),
        201
    );
    assert_eq!(
        app.post_json("/api/v1/groups/een/invites", &anna, json!({}))
            .await
            .status(),
        429
    );

    // Links: one is fine, two are not; an edit cannot add them afterwards either.
    let res = app
        .post_json(
            "/api/v1/groups/een/threads",
            &anna,
            json!({"title": "Hallo", "body": "Zie https://a.nl en www.b.nl"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["body"].is_string());
    let res = app
        .post_json(
            "/api/v1/groups/een/threads",
            &anna,
            json!({"title": "Hallo", "body": "Zie https://a.nl"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let (thread, post) = (
        created["thread"]["id"].as_i64().unwrap(),
        created["post"]["id"].as_i64().unwrap(),
    );
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/posts/{post}")))
        .bearer_auth(&anna)
        .json(&json!({"body": "Zie https://a.nl en https://c.nl"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    // Threads: two a day; posts: three a day (the first posts of threads count).
    assert_eq!(
        app.post_json(
            "/api/v1/groups/een/threads",
            &anna,
            json!({"title": "Twee", "body": "Tweede"})
        )
        .await
        .status(),
        201
    );
    assert_eq!(
        app.post_json(
            "/api/v1/groups/een/threads",
            &anna,
            json!({"title": "Drie", "body": "Derde"})
        )
        .await
        .status(),
        429
    );
    let posts = format!("/api/v1/threads/{thread}/posts");
    let reply = |body: &'static str| app.post_json(&posts, &anna, json!({"body": body}));
    assert_eq!(reply("Een reactie").await.status(), 201);
    let res = reply("Nog een reactie").await;
    assert_eq!(res.status(), 429);
    assert!(
        res.json::<Value>().await.unwrap()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("eerste dagen")
    );

    // Chat: a new account's links count there too.
    let rooms = app.get_json("/api/v1/groups/een/rooms", &anna).await;
    let room = rooms[0]["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/rooms/{room}/messages"),
            &anna,
            json!({"body": "https://a.nl https://b.nl", "client_id": "l1"}),
        )
        .await;
    assert_eq!(res.status(), 422);

    // An account past its first days, and the admin, have the ordinary limits.
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let conn = app.db.connect().await;
    let old = if app.db.is_postgres() {
        "UPDATE users SET created_at = created_at - INTERVAL '4 days' WHERE username = 'bert'"
    } else {
        "UPDATE users SET created_at = datetime(created_at, '-4 days') WHERE username = 'bert'"
    };
    conn.execute_unprepared(old).await.unwrap();
    conn.close().await.ok();
    for slug in ["bert-een", "bert-twee"] {
        assert_eq!(
            app.post_json("/api/v1/groups", &bert, group(slug)).await.status(),
            201
        );
    }
    for slug in ["beheer-een", "beheer-twee"] {
        assert_eq!(
            app.post_json("/api/v1/groups", &admin, group(slug))
                .await
                .status(),
            201
        );
    }
    let res = app
        .post_json(
            "/api/v1/groups/bert-een/threads",
            &bert,
            json!({"title": "Links", "body": "https://a.nl https://b.nl https://c.nl"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    // Turned off: 0 days.
    assert_eq!(
        set(&app, &admin, json!({"new_account_days": 0})).await.status(),
        200
    );
    assert_eq!(
        app.post_json("/api/v1/groups", &anna, group("drie"))
            .await
            .status(),
        201
    );
}

#[tokio::test]
async fn the_same_words_again_are_refused_but_a_resent_message_is_not() {
    let app = spawn_app_with(|c| c.duplicate_minutes = 10).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let res = app
        .post_json(
            "/api/v1/groups",
            &anna,
            json!({"slug": "een", "name": "Een", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let res = app
        .post_json(
            "/api/v1/groups/een/threads",
            &anna,
            json!({"title": "Koop nu", "body": "Goedkope pillen!"}),
        )
        .await;
    let thread = res.json::<Value>().await.unwrap()["thread"]["id"]
        .as_i64()
        .unwrap();
    let res = app
        .post_json(
            "/api/v1/groups/een/threads",
            &anna,
            json!({"title": "Nog eens", "body": "Goedkope pillen!"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.json::<Value>().await.unwrap()["error"]["fields"]["body"].is_string());
    let res = app
        .post_json(
            &format!("/api/v1/threads/{thread}/posts"),
            &anna,
            json!({"body": "Goedkope pillen!"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("posts").await, 1);

    let rooms = app.get_json("/api/v1/groups/een/rooms", &anna).await;
    let room = rooms[0]["id"].as_i64().unwrap();
    let messages = format!("/api/v1/rooms/{room}/messages");
    let send = |body: &'static str, id: &'static str| {
        app.post_json(&messages, &anna, json!({"body": body, "client_id": id}))
    };
    assert_eq!(send("Kom naar mijn site", "c1").await.status(), 201);
    assert_eq!(
        send("Kom naar mijn site", "c1").await.status(),
        200,
        "the same message sent again: stored once"
    );
    assert_eq!(send("Kom naar mijn site", "c2").await.status(), 422);
    assert_eq!(send("Iets anders", "c3").await.status(), 201);
    assert_eq!(app.count("chat_messages").await, 2);

    // Over the socket, the person hears why.
    let mut socket = app.ws(&anna).await;
    socket.join(room, None).await;
    socket.say(room, "Nog een keer", "w1").await;
    socket
        .send(json!({"type": "send", "room": room, "body": "Nog een keer", "client_id": "w2"}))
        .await;
    let error = socket.expect(&["error"]).await;
    assert_eq!(error["code"], "repeated");
    assert_eq!(error["client_id"], "w2");
    assert!(
        error["message"].as_str().unwrap().contains("stuurde je net al"),
        "{error}"
    );
}

#[tokio::test]
async fn metrics_are_served_apart_from_the_public_port_by_route_template() {
    let app = spawn_app_with(|c| c.metrics_bind = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics_addr = app.state.config.metrics_bind.expect("bound");
    assert_ne!(metrics_addr.port(), app.addr.port());
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let geheim_huis = app.shelter(&anna, "geheim-huis", &[]).await;
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/groups/{geheim_huis}")))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let res = app
        .api()
        .get(app.url("/api/v1/groups/bestaat-niet"))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // A chat socket, open while the metrics are read.
    let req = format!("ws://{}/api/v1/ws?token={anna}", app.addr);
    let (_socket, _) = tokio_tungstenite::connect_async(req).await.unwrap();

    // Not on the public port.
    let (status, _) = get_text(&app.api(), &app.url("/metrics")).await;
    assert_eq!(status, 404);

    let res = app
        .api()
        .get(format!("http://{metrics_addr}/metrics"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/openmetrics-text")
    );
    let text = res.text().await.unwrap();
    let line = |prefix: &str| text.lines().find(|l| l.starts_with(prefix)).map(str::to_owned);
    assert!(
        line("kwartier_http_requests_total{method=\"GET\",route=\"/api/v1/groups/{slug}\",status=\"200\"} 1")
            .is_some(),
        "{text}"
    );
    assert!(
        line("kwartier_http_requests_total{method=\"GET\",route=\"/api/v1/groups/{slug}\",status=\"404\"} 1")
            .is_some()
    );
    assert!(
        line(
            "kwartier_http_requests_total{method=\"POST\",route=\"/api/v1/auth/register\",status=\"201\"} 1"
        )
        .is_some()
    );
    assert!(
        line("kwartier_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"}").is_some()
    );
    assert!(
        line(
            "kwartier_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/groups/{slug}\"} 2"
        )
        .is_some()
    );
    assert!(
        !text.contains(geheim_huis.as_str()),
        "names never reach the metrics"
    );
    assert_eq!(
        line("kwartier_websockets_open ").as_deref(),
        Some("kwartier_websockets_open 1")
    );
    assert!(line("kwartier_chat_messages_delivered_total ").is_some());
    let pool = line("kwartier_db_pool_connections ").unwrap();
    let open: i64 = pool.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(open >= 1, "{pool}");
    assert_eq!(
        line("kwartier_db_pool_max ").as_deref(),
        Some("kwartier_db_pool_max 4")
    );
}

/// The Grafana dashboard in `deploy/` (#25, part 5) names only metrics the server exports, and
/// shows every one it exports: a renamed metric breaks this test, not an operator's graphs.
#[tokio::test]
async fn the_grafana_dashboard_names_exactly_the_metrics_the_server_exports() {
    let app = spawn_app_with(|c| c.metrics_bind = Some("127.0.0.1:0".parse().unwrap())).await;
    let metrics_addr = app.state.config.metrics_bind.expect("bound");
    // One request, so that the per-route families have samples.
    let (status, _) = get_text(&app.api(), &app.url("/healthz")).await;
    assert_eq!(status, 200);
    let (status, text) = get_text(&app.api(), &format!("http://{metrics_addr}/metrics")).await;
    assert_eq!(status, 200);
    let samples: std::collections::BTreeSet<&str> = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split(['{', ' ']).next().unwrap())
        .collect();
    let families: Vec<&str> = text
        .lines()
        .filter_map(|l| l.strip_prefix("# TYPE "))
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert!(samples.contains("kwartier_build_info"), "{text}");
    assert!(
        text.contains(&format!("version=\"{}\"", env!("CARGO_PKG_VERSION"))),
        "{text}"
    );

    let dashboard: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/deploy/grafana-dashboard.json"
        ))
        .unwrap(),
    )
    .expect("the dashboard is JSON");
    assert!(dashboard["panels"].as_array().is_some_and(|p| !p.is_empty()));
    // Every query in it: the panels' `expr` and the template variables' `query`.
    let mut queries = Vec::new();
    fn collect<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
        match v {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("expr" | "query" | "definition", Value::String(q)) => out.push(q),
                        _ => collect(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|i| collect(i, out)),
            _ => {}
        }
    }
    collect(&dashboard, &mut queries);
    let named: std::collections::BTreeSet<&str> = queries
        .iter()
        .flat_map(|q| {
            q.match_indices("kwartier_").map(|(i, _)| {
                let rest = &q[i..];
                let end = rest
                    .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                &rest[..end]
            })
        })
        .collect();
    assert!(named.len() >= 5, "{named:?}");
    for name in &named {
        assert!(
            samples.contains(name),
            "the dashboard names {name}, which /metrics does not have:\n{text}"
        );
    }
    for family in &families {
        assert!(
            named.iter().any(|n| n.starts_with(family)),
            "{family} is exported but not on the dashboard"
        );
    }
}

/// A line of the admin's log as stored: id, account, group, reason.
type LogLine = (i32, Option<i32>, Option<i32>, Option<String>);

#[tokio::test]
async fn the_admin_log_keeps_its_lines_through_the_upgrade() {
    use migration::MigratorTrait;
    let test_db = common::TestDb::new().await;
    let config = kwartier::config::Config::for_tests(&test_db.url);
    let db = kwartier::db::connect(&config).await.unwrap();
    // As the last release left it: the log could only name an account.
    migration::Migrator::up(&db, Some(12)).await.unwrap();
    db.execute_unprepared(
        "INSERT INTO admin_log (at, action, account_id, reason) \
         VALUES ('2026-11-30 10:00:00+00:00', 'account_removed', 7, 'op verzoek')",
    )
    .await
    .unwrap();
    migration::Migrator::up(&db, None).await.unwrap();
    db.execute_unprepared(
        "INSERT INTO admin_log (at, action, group_id) VALUES ('2026-12-02 10:00:00+00:00', 'group_closed', 3)",
    )
    .await
    .unwrap();
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT id, account_id, group_id, reason FROM admin_log ORDER BY id",
        ))
        .await
        .unwrap();
    let read: Vec<LogLine> = rows
        .iter()
        .map(|r| {
            (
                r.try_get("", "id").unwrap(),
                r.try_get("", "account_id").unwrap(),
                r.try_get("", "group_id").unwrap(),
                r.try_get("", "reason").unwrap(),
            )
        })
        .collect();
    assert_eq!(read.len(), 2);
    assert_eq!(read[0].1, Some(7));
    assert_eq!(read[0].3.as_deref(), Some("op verzoek"));
    assert_eq!((read[1].1, read[1].2), (None, Some(3)));
    assert!(read[1].0 > read[0].0, "new lines get new numbers: {read:?}");
    db.close().await.ok();
}
