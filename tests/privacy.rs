//! Privacy: export of one's own data, account deletion that leaves no name or address behind,
//! retention of login history and chat, recovery codes, shared-computer sessions.
mod common;

use std::time::Duration;

use common::{GOOD_PASSWORD, TestApp, csrf_from, get_text, spawn_app, spawn_app_with};
use reqwest::header::{HeaderMap, HeaderValue};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

const ADDRESS: &str = "203.0.113.77";

/// An API client whose requests come from [`ADDRESS`] (the server trusts the proxy header).
fn from_address() -> reqwest::Client {
    let mut headers = HeaderMap::new();
    headers.insert("x-forwarded-for", HeaderValue::from_static(ADDRESS));
    reqwest::Client::builder()
        .default_headers(headers)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn register_from(app: &TestApp, client: &reqwest::Client, username: &str, display: &str) -> Value {
    let res = client
        .post(app.url("/api/v1/auth/register"))
        .json(&json!({"username": username, "password": GOOD_PASSWORD, "display_name": display}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    res.json().await.unwrap()
}

/// Every row of every table, as text, and on SQLite the raw bytes of the database file and
/// its write-ahead log: where a name or address could still hide.
async fn everything(app: &TestApp) -> Vec<(String, String)> {
    let conn = app.db.connect().await;
    let backend = conn.get_database_backend();
    let mut out = Vec::new();
    let tables: Vec<String> = match backend {
        DbBackend::Postgres => conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT table_name AS name FROM information_schema.tables \
                 WHERE table_schema = 'public' AND table_type = 'BASE TABLE'",
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String>("", "name").unwrap())
            .collect(),
        _ => conn
            .query_all_raw(Statement::from_string(
                backend,
                "SELECT name FROM sqlite_master WHERE type = 'table'",
            ))
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get::<String>("", "name").unwrap())
            .collect(),
    };
    assert!(tables.len() > 20, "{tables:?}");
    for t in tables {
        let sql = match backend {
            DbBackend::Postgres => format!("SELECT t::text AS row FROM \"{t}\" t"),
            _ => {
                let cols = conn
                    .query_all_raw(Statement::from_string(
                        backend,
                        format!("SELECT name FROM pragma_table_info('{t}')"),
                    ))
                    .await
                    .unwrap();
                let parts: Vec<String> = cols
                    .iter()
                    .map(|c| {
                        let n: String = c.try_get("", "name").unwrap();
                        format!("COALESCE(CAST(\"{n}\" AS TEXT), '')")
                    })
                    .collect();
                if parts.is_empty() {
                    continue;
                }
                format!("SELECT {} AS row FROM \"{t}\"", parts.join(" || '|' || "))
            }
        };
        for r in conn
            .query_all_raw(Statement::from_string(backend, sql))
            .await
            .unwrap()
        {
            let row: String = r.try_get("", "row").unwrap_or_default();
            out.push((t.clone(), row.to_lowercase()));
        }
    }
    conn.close().await.ok();
    if let Some(path) = app.db.url.strip_prefix("sqlite://") {
        for file in [path.to_owned(), format!("{path}-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                out.push((file, String::from_utf8_lossy(&bytes).to_lowercase()));
            }
        }
    }
    out
}

fn traces<'a>(all: &'a [(String, String)], needle: &str) -> Vec<&'a str> {
    let needle = needle.to_lowercase();
    all.iter()
        .filter(|(_, row)| row.contains(&needle))
        .map(|(t, _)| t.as_str())
        .collect()
}

/// A shelter with Anna (steward) and Zoë, who does everything there is to do before she
/// leaves: posts, edits, chats, flags, votes; and is the subject of a proposal and a log line.
struct Scene {
    app: TestApp,
    anna: String,
    zoe: String,
    room: i64,
    zoe_post: i64,
    zoe_thread: i64,
    /// The shelter's address.
    huis: String,
}

async fn scene() -> Scene {
    let app = spawn_app_with(|c| c.behind_proxy = true).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let client = from_address();
    let zoe = register_from(&app, &client, "zqxwyuser", "Zqxwy Vries").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A login from the same address, beside the registration.
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "zqxwyuser", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let huis = app.shelter(&anna, "huis", &[&zoe]).await;

    let made: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &zoe,
            json!({"title": "Mijn eerste week", "body": "Eerste versie met woordvlinder"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let zoe_post = made["post"]["id"].as_i64().unwrap();
    let zoe_thread = made["thread"]["id"].as_i64().unwrap();
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/posts/{zoe_post}")))
        .bearer_auth(&zoe)
        .json(&json!({"body": "Tweede versie met woordvlinder en kikkerdril"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let reply: Value = app
        .post_json(
            &format!("/api/v1/threads/{zoe_thread}/posts"),
            &anna,
            json!({"body": "Annas geheime reactie appelflap"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let rooms = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &zoe).await;
    let room = rooms[0]["id"].as_i64().unwrap();
    for (who, body) in [
        (&zoe, "chat van zoe schommelstoel"),
        (&anna, "chat van anna perenboom"),
    ] {
        let res = app
            .post_json(
                &format!("/api/v1/rooms/{room}/messages"),
                who,
                json!({"body": body, "client_id": body.len().to_string()}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let res = app
        .post_json(
            &format!("/api/v1/posts/{}/flags", reply["id"]),
            &zoe,
            json!({"reason": "Niet aardig"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    // A proposal about Zoë (her name in the title), and one by her that she votes on.
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &anna,
            json!({"kind": "elect_steward", "title": "Zqxwy Vries als aanspreekpunt", "payload": {"username": "zqxwyuser"}}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
    let own: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &zoe,
            json!({"kind": "add_rule", "title": "Stilte na tien", "payload": {"title": "Stilte", "text": "Na tien uur is het stil."}}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/proposals/{}/votes", own["id"]),
            &zoe,
            json!({"choice": "yes"}),
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    Scene {
        app,
        anna,
        zoe,
        room,
        zoe_post,
        zoe_thread,
        huis,
    }
}

#[tokio::test]
async fn the_export_holds_everything_of_yours_and_nothing_of_anyone_elses() {
    let s = scene().await;
    let app = &s.app;
    let res = app.api().get(app.url("/api/v1/me/export")).send().await.unwrap();
    assert_eq!(res.status(), 401);
    let export = app.get_json("/api/v1/me/export", &s.zoe).await;
    assert_eq!(export["account"]["username"], "zqxwyuser");
    assert_eq!(export["account"]["display_name"], "Zqxwy Vries");
    let group = export["memberships"][0]["group"].as_str().unwrap();
    assert!(group.starts_with("huis-"), "{group}");
    assert_eq!(export["threads"][0]["title"], "Mijn eerste week");
    let post = &export["posts"][0];
    assert_eq!(post["id"], s.zoe_post);
    assert!(post["body"].as_str().unwrap().contains("kikkerdril"));
    assert_eq!(post["revisions"][0]["body"], "Eerste versie met woordvlinder");
    assert_eq!(export["chat_messages"][0]["body"], "chat van zoe schommelstoel");
    assert_eq!(export["chat_messages"][0]["room_id"], s.room);
    assert_eq!(export["flags"][0]["reason"], "Niet aardig");
    assert_eq!(export["flags"][0]["target_kind"], "post");
    assert_eq!(export["proposals"][0]["title"], "Stilte na tien");
    assert_eq!(export["ballots"][0]["choice"], "yes");
    assert_eq!(export["sessions"].as_array().unwrap().len(), 2);
    assert_eq!(export["logins"][0]["ip"], ADDRESS);
    assert_eq!(export["recovery_codes_left"], 10);
    // Nothing another person wrote: not Anna's reply, not her chat, not her name.
    let text = export.to_string();
    for other in ["appelflap", "perenboom", "anna"] {
        assert!(!text.to_lowercase().contains(other), "{other} in {text}");
    }

    // The same from the account page, as a file to keep.
    let browser = app.browser();
    app.register_in_browser(&browser, "bram").await;
    let res = browser.get(app.url("/account/export")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let disposition = res.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(
        disposition.starts_with("attachment; filename=\"kwartier-bram-"),
        "{disposition}"
    );
    let file: Value = res.json().await.unwrap();
    assert_eq!(file["account"]["username"], "bram");
    let (_, html) = get_text(&browser, &app.url("/account")).await;
    assert!(html.contains("href=\"/account/export\""));
}

async fn delete_and_search(erase: bool) {
    let s = scene().await;
    let app = &s.app;
    let mut socket = app.ws(&s.zoe).await;
    socket.join(s.room, None).await;

    let res = app
        .api()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&s.zoe)
        .json(&json!({"password": "not my password", "erase_content": erase}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("users").await, 2, "nothing happens on a wrong password");

    let res = app
        .api()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&s.zoe)
        .json(&json!({"password": GOOD_PASSWORD, "erase_content": erase}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    // Her sessions end at once: the open socket closes, the token is refused.
    assert_eq!(socket.closed_within(Duration::from_secs(2)).await, Some(4001));
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&s.zoe)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);

    // No trace of her name, display name or address, anywhere in the database. Her names start
    // with five unlikely letters, so that a random token holding them by chance (three letters
    // did, once in a few hundred runs) cannot make this fail.
    let all = everything(app).await;
    for needle in ["zqxwyuser", "zqxwy vries", "zqxwy", ADDRESS] {
        assert_eq!(traces(&all, needle), Vec::<&str>::new(), "{needle} still found");
    }
    // Her words: kept under "former member", or erased (also from the search index).
    let thread = app
        .get_json(&format!("/api/v1/threads/{}", s.zoe_thread), &s.anna)
        .await;
    let first = &thread["posts"][0];
    assert!(
        first["author"].is_null() || first["author"]["username"].is_null(),
        "{first}"
    );
    let found = app.get_json("/api/v1/search?q=kikkerdril", &s.anna).await;
    if erase {
        assert_eq!(first["status"], "deleted");
        assert!(traces(&all, "kikkerdril").is_empty());
        assert!(traces(&all, "woordvlinder").is_empty(), "revisions go too");
        assert!(traces(&all, "schommelstoel").is_empty());
        assert_eq!(found.as_array().unwrap().len(), 0);
    } else {
        assert!(first["body"].as_str().unwrap().contains("kikkerdril"));
        assert_eq!(found.as_array().unwrap().len(), 1);
        let history = app
            .get_json(&format!("/api/v1/rooms/{}/messages", s.room), &s.anna)
            .await;
        assert!(history.to_string().contains("schommelstoel"));
    }
    // Anna's own words stay hers.
    assert!(!traces(&all, "appelflap").is_empty());
    // The pages that showed Zoë still work, and say "oud-lid".
    let browser = app.browser();
    app.login_in_browser(&browser, "anna").await;
    let (status, html) = get_text(&browser, &app.url(&format!("/t/{}", s.zoe_thread))).await;
    assert_eq!(status, 200);
    assert!(html.contains("oud-lid"));
    for page in ["log", "proposals", "members"] {
        let page = format!("/g/{}/{page}", s.huis);
        let (status, html) = get_text(&browser, &app.url(&page)).await;
        assert_eq!(status, 200, "{page}");
        assert!(!html.to_lowercase().contains("zqxwy"), "{page}");
    }
}

#[tokio::test]
async fn deleting_an_account_and_keeping_its_posts_leaves_no_name_or_address() {
    delete_and_search(false).await;
}

#[tokio::test]
async fn deleting_an_account_and_erasing_its_posts_leaves_nothing() {
    delete_and_search(true).await;
}

#[tokio::test]
async fn deleting_in_the_browser_asks_for_the_password_and_a_choice_then_logs_out() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.register_in_browser(&browser, "anna").await;
    let csrf = csrf_from(&browser, &app.url("/account")).await;
    let res = app
        .submit(
            &browser,
            "/account/delete",
            &csrf,
            &[("delete_password", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Kies één van de twee."));
    let res = app
        .submit(
            &browser,
            "/account/delete",
            &csrf,
            &[("delete_password", "verkeerd"), ("content", "erase")],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Je huidige wachtwoord klopt niet.")
    );
    assert_eq!(app.count("users").await, 1);
    let res = app
        .submit(
            &browser,
            "/account/delete",
            &csrf,
            &[("delete_password", GOOD_PASSWORD), ("content", "keep")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/goodbye");
    let (status, html) = get_text(&browser, &app.url("/goodbye")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Je account is verwijderd"));
    assert_eq!(app.count("users").await, 0);
    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 303, "logged out");
}

async fn backdate(app: &TestApp, table: &str, column: &str, days: i64, filter: &str) {
    let conn = app.db.connect().await;
    let backend = conn.get_database_backend();
    let when = (chrono::Utc::now() - chrono::Duration::days(days)).to_rfc3339();
    let sql = match backend {
        DbBackend::Postgres => format!("UPDATE {table} SET {column} = '{when}'::timestamptz WHERE {filter}"),
        _ => format!("UPDATE {table} SET {column} = '{when}' WHERE {filter}"),
    };
    conn.execute_unprepared(&sql).await.unwrap();
    conn.close().await.ok();
}

#[tokio::test]
async fn login_history_and_its_addresses_go_after_the_retention_period() {
    let app = spawn_app_with(|c| {
        c.behind_proxy = true;
        c.login_retention_days = 14;
    })
    .await;
    let client = from_address();
    let token = register_from(&app, &client, "anna", "Anna").await["token"]
        .as_str()
        .unwrap()
        .to_owned();
    // A wrong password is noted too: the owner can see someone tried.
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "anna", "password": "verkeerd wachtwoord"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let logins = app.get_json("/api/v1/me/logins", &token).await;
    assert_eq!(logins.as_array().unwrap().len(), 2, "{logins}");
    assert_eq!(logins[0]["kind"], "refused");
    assert_eq!(logins[1]["kind"], "password");
    assert_eq!(logins[1]["ip"], ADDRESS);

    // One of them is 15 days old, the other 13: the round removes only the first.
    backdate(&app, "login_events", "at", 15, "kind = 'password'").await;
    backdate(&app, "login_events", "at", 13, "kind = 'refused'").await;
    kwartier::services::privacy::purge(&app.state).await.unwrap();
    let logins = app.get_json("/api/v1/me/logins", &token).await;
    assert_eq!(logins.as_array().unwrap().len(), 1, "{logins}");
    assert_eq!(logins[0]["kind"], "refused");
    // Two weeks on, the other one goes too: the address is nowhere, not even in the files.
    backdate(&app, "login_events", "at", 15, "kind = 'refused'").await;
    kwartier::services::privacy::purge(&app.state).await.unwrap();
    assert_eq!(traces(&everything(&app).await, ADDRESS), Vec::<&str>::new());
}

#[tokio::test]
async fn chat_older_than_the_groups_retention_goes_unless_a_case_is_open_on_it() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let mut settings = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &anna)
        .await;
    assert_eq!(
        settings["chat_retention_days"], 0,
        "kept for good unless the group decides"
    );
    settings["chat_retention_days"] = json!(7);
    // One flag hides a message and opens a case on it.
    settings["flag_threshold"] = json!(1);
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&anna)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().await.unwrap());
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    let mut ids = Vec::new();
    for (i, body) in ["oud bericht", "oud maar gemeld", "nieuw bericht"]
        .iter()
        .enumerate()
    {
        let said: Value = app
            .post_json(
                &format!("/api/v1/rooms/{room}/messages"),
                &anna,
                json!({"body": body, "client_id": format!("m{i}")}),
            )
            .await
            .json()
            .await
            .unwrap();
        ids.push(said["id"].as_i64().unwrap());
    }
    // Bert flags the second (a case opens); the first two are 8 days old.
    let res = app
        .post_json(
            &format!("/api/v1/messages/{}/flags", ids[1]),
            &bert,
            json!({"reason": "klopt niet"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(app.count("cases").await, 1);
    backdate(
        &app,
        "chat_messages",
        "created_at",
        8,
        &format!("id IN ({}, {})", ids[0], ids[1]),
    )
    .await;
    kwartier::services::privacy::purge(&app.state).await.unwrap();
    let history = app
        .get_json(&format!("/api/v1/rooms/{room}/messages"), &anna)
        .await
        .to_string();
    assert!(!history.contains("oud bericht"), "{history}");
    assert!(history.contains("nieuw bericht"));
    // The flagged one waits for the members' decision.
    assert_eq!(app.count("chat_messages").await, 2);
    assert_eq!(app.count("flags").await, 1);

    // Out of range: refused, nothing stored.
    settings["chat_retention_days"] = json!(100_000);
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&anna)
        .json(&settings)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn recovery_codes_set_a_new_password_once_each() {
    let app = spawn_app().await;
    let client = app.api();
    let made = register_from(&app, &client, "anna", "Anna").await;
    let codes: Vec<String> = made["recovery_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10);
    let old_token = made["token"].as_str().unwrap();
    // Logging in gives no codes.
    let res = client
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "anna", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert!(res.json::<Value>().await.unwrap().get("recovery_codes").is_none());

    let recover = |code: String, password: &'static str| {
        let client = client.clone();
        let url = app.url("/api/v1/auth/recover");
        async move {
            client
                .post(url)
                .json(&json!({"username": "Anna", "code": code, "new_password": password}))
                .send()
                .await
                .unwrap()
        }
    };
    let res = recover("aaaa-bbbb-cccc-dddd".into(), "een heel nieuw wachtwoord").await;
    assert_eq!(res.status(), 401);
    let res = recover(codes[0].clone(), "kort").await;
    assert_eq!(res.status(), 422);
    // Typed in capitals with spaces: still the code.
    let typed = codes[0].to_uppercase().replace('-', " ");
    let res = recover(typed, "een heel nieuw wachtwoord").await;
    assert_eq!(res.status(), 200);
    let new_token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(old_token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "every earlier session ended");
    let res = recover(codes[0].clone(), "nog een ander wachtwoord").await;
    assert_eq!(res.status(), 401, "a code works once");
    let logins = app.get_json("/api/v1/me/logins", &new_token).await;
    let kinds: Vec<&str> = logins
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        ["refused", "recovery_code", "refused", "password", "password"]
    );

    // New codes: the old ones stop working.
    let res = app
        .post_json(
            "/api/v1/me/recovery-codes",
            &new_token,
            json!({"password": "verkeerd"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = app
        .post_json(
            "/api/v1/me/recovery-codes",
            &new_token,
            json!({"password": "een heel nieuw wachtwoord"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let fresh = res.json::<Value>().await.unwrap()["recovery_codes"].clone();
    let res = recover(codes[1].clone(), "nog een ander wachtwoord").await;
    assert_eq!(res.status(), 401);
    let res = recover(fresh[0].as_str().unwrap().to_owned(), "nog een ander wachtwoord").await;
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_welcome_page_shows_the_codes_once_and_the_recovery_page_uses_one() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = app.register_in_browser(&browser, "anna").await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/welcome");
    let (status, html) = get_text(&browser, &app.url("/welcome")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Herstelcodes"));
    let codes: Vec<String> = html
        .split("<code>")
        .skip(1)
        .map(|s| s.split("</code>").next().unwrap().to_owned())
        .collect();
    assert_eq!(codes.len(), 10, "{html}");
    // Once only: a second visit goes straight on. The codes were never stored readable: they
    // waited sealed with the session's token, which only the browser has.
    let res = browser.get(app.url("/welcome")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert!(traces(&everything(&app).await, &codes[3]).is_empty());

    let other = app.browser();
    let csrf = csrf_from(&other, &app.url("/recover")).await;
    let res = app
        .submit(
            &other,
            "/recover",
            &csrf,
            &[
                ("username", "anna"),
                ("code", "nope"),
                ("new_password", "een heel nieuw wachtwoord"),
            ],
        )
        .await;
    assert_eq!(res.status(), 401);
    assert!(res.text().await.unwrap().contains("horen niet bij elkaar"));
    let res = app
        .submit(
            &other,
            "/recover",
            &csrf,
            &[
                ("username", "anna"),
                ("code", codes[3].as_str()),
                ("new_password", "een heel nieuw wachtwoord"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/account?done=recovered");
    let (_, html) = get_text(&other, &app.url("/account?done=recovered")).await;
    assert!(html.contains("Je hebt een nieuw wachtwoord"));
    assert!(html.contains("Je hebt nog 9 herstelcodes."));
    // The first browser's session ended with the reset.
    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 303);
}

#[tokio::test]
async fn a_shared_computer_session_ends_with_the_browser_and_after_half_an_hour_idle() {
    let app = spawn_app().await;
    app.register("anna", GOOD_PASSWORD).await;
    let browser = app.browser();
    let csrf = csrf_from(&browser, &app.url("/login")).await;
    let res = app
        .submit(
            &browser,
            "/login",
            &csrf,
            &[
                ("username", "anna"),
                ("password", GOOD_PASSWORD),
                ("shared", "on"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let cookie = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .find(|c| c.starts_with("kwartier="))
        .unwrap();
    assert!(!cookie.to_lowercase().contains("max-age"), "{cookie}");
    assert!(!cookie.to_lowercase().contains("expires"), "{cookie}");
    let (status, html) = get_text(&browser, &app.url("/account")).await;
    assert_eq!(status, 200);
    assert!(html.contains("(gedeelde computer)"));

    // An ordinary login keeps its lasting cookie.
    let home = app.browser();
    let csrf = csrf_from(&home, &app.url("/login")).await;
    let res = app
        .submit(
            &home,
            "/login",
            &csrf,
            &[("username", "anna"), ("password", GOOD_PASSWORD)],
        )
        .await;
    let lasting = res.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(lasting.contains("Max-Age=2592000"), "{lasting}");

    // The shared session expires 30 minutes after its last use, the other in 30 days.
    let conn = app.db.connect().await;
    let rows = conn
        .query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT shared, CAST(expires_at AS TEXT) AS e, CAST(last_seen_at AS TEXT) AS s FROM sessions",
        ))
        .await
        .unwrap();
    conn.close().await.ok();
    let mut seen = Vec::new();
    for r in rows {
        let shared: bool = r.try_get("", "shared").unwrap();
        let parse = |c: &str| {
            let t: String = r.try_get("", c).unwrap();
            chrono::DateTime::parse_from_rfc3339(&t.replace(' ', "T"))
                .or_else(|_| chrono::DateTime::parse_from_str(&t, "%Y-%m-%d %H:%M:%S%.f%#z"))
                .unwrap()
        };
        seen.push((shared, (parse("e") - parse("s")).num_minutes()));
    }
    seen.sort();
    // (The registration's own session is the third.)
    assert_eq!(
        seen,
        vec![(false, 30 * 24 * 60), (false, 30 * 24 * 60), (true, 30)]
    );

    // Half an hour without use: the shared session is over.
    backdate(&app, "sessions", "expires_at", 0, "shared = true").await;
    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    let res = home.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 200);
}

#[tokio::test]
async fn the_admin_exports_or_removes_an_account_on_request_and_it_is_logged() {
    let app = spawn_app().await;
    let admin = app.register("beheer", GOOD_PASSWORD).await;
    let bert = app.register("bertje", GOOD_PASSWORD).await;
    let conn = app.db.connect().await;
    conn.execute_unprepared("UPDATE users SET is_admin = TRUE WHERE username = 'beheer'")
        .await
        .unwrap();
    conn.close().await.ok();
    app.shelter(&bert, "huis", &[]).await;

    let reason = json!({"reason": "Bert vroeg erom, hij kan niet meer inloggen"});
    // Not for anyone else.
    let res = app
        .post_json("/api/v1/admin/accounts/beheer/export", &bert, reason.clone())
        .await;
    assert_eq!(res.status(), 403);
    // An act with a log line needs a reason.
    let res = app
        .post_json(
            "/api/v1/admin/accounts/bertje/export",
            &admin,
            json!({"reason": " "}),
        )
        .await;
    assert_eq!(res.status(), 422);

    let res = app
        .post_json("/api/v1/admin/accounts/bertje/export", &admin, reason.clone())
        .await;
    assert_eq!(res.status(), 200);
    let export: Value = res.json().await.unwrap();
    assert_eq!(export["account"]["username"], "bertje");
    // His shelter is private: not even that he belongs to it.
    assert_eq!(export["memberships"], json!([]));
    let res = app
        .post_json("/api/v1/admin/accounts/niemand/export", &admin, reason.clone())
        .await;
    assert_eq!(res.status(), 404);
    // Bert sees in his own export that the admin downloaded his data.
    let own = app.get_json("/api/v1/me/export", &bert).await;
    assert_eq!(own["admin_actions"][0]["action"], "account_exported");

    let remove = |body: Value| {
        let app = &app;
        let admin = admin.clone();
        async move {
            app.api()
                .delete(app.url("/api/v1/admin/accounts/bertje"))
                .bearer_auth(&admin)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let res = remove(json!({"erase_content": false, "reason": "  "})).await;
    assert_eq!(res.status(), 422, "a reason is needed");
    let res =
        remove(json!({"erase_content": true, "reason": "Op eigen verzoek, gevraagd in de opvang"})).await;
    assert_eq!(res.status(), 204);
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let log = app.get_json("/api/v1/admin/log", &admin).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["action"].as_str().unwrap())
        .collect();
    assert_eq!(actions, ["account_removed_erased", "account_exported"]);
    assert_eq!(log[0]["reason"], "Op eigen verzoek, gevraagd in de opvang");
    assert!(traces(&everything(&app).await, "bertje").is_empty());

    // The admin page shows the same log.
    let browser = app.browser();
    app.login_in_browser(&browser, "beheer").await;
    let (status, html) = get_text(&browser, &app.url("/admin")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Account 2 verwijderd, berichten gewist"), "{html}");
    assert!(html.contains("Gegevens van account 2 gedownload"));
}

#[tokio::test]
async fn two_stewards_vouch_together_for_a_new_password_the_member_then_sets() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carla = app.register("carla", GOOD_PASSWORD).await;
    let dirk = app.register("dirk", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert, &carla, &dirk]).await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/members/bert"),
            &anna,
            json!({"action": "steward"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let vouch = |token: &str, who: &str| {
        let app = &app;
        let huis = &huis;
        let (token, who) = (token.to_owned(), who.to_owned());
        async move {
            app.post_json(
                &format!("/api/v1/groups/{huis}/members/{who}/vouch"),
                &token,
                json!({}),
            )
            .await
        }
    };
    // Not without Carla's say-so, not by a member, not for oneself.
    assert_eq!(vouch(&anna, "carla").await.status(), 422);
    let choose = |body: Value| {
        let app = &app;
        let carla = carla.clone();
        async move {
            app.api()
                .patch(app.url("/api/v1/me"))
                .bearer_auth(&carla)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    // Turning it on names the group; one she is not in is refused like a missing one.
    assert_eq!(choose(json!({"vouch_reset": true})).await.status(), 422);
    assert_eq!(choose(json!({"vouch_group": "nergens"})).await.status(), 422);
    let res = choose(json!({"vouch_group": huis.as_str()})).await;
    let me: Value = res.json().await.unwrap();
    assert_eq!(me["vouch_reset"], true, "{me}");
    assert!(me["vouch_group_id"].is_i64());
    assert_eq!(vouch(&dirk, "carla").await.status(), 403);
    assert_eq!(vouch(&anna, "anna").await.status(), 422);
    // Stewards and members of a day do not count yet (14 days by default)…
    let res = vouch(&anna, "carla").await;
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("langer"));
    // …two weeks on, they do.
    let conn = app.db.connect().await;
    for sql in [
        "UPDATE memberships SET created_at = '2000-01-01 00:00:00+00:00'",
        "UPDATE memberships SET steward_since = created_at WHERE role = 'steward'",
    ] {
        conn.execute_unprepared(sql).await.unwrap();
    }
    conn.close().await.ok();

    let half = |res: reqwest::Response| async move {
        assert_eq!(res.status(), 201);
        res.json::<Value>().await.unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let a = half(vouch(&anna, "carla").await).await;
    let b = half(vouch(&bert, "carla").await).await;
    // Carla is told; the group's log says a steward vouched, never which one.
    let told = app.get_json("/api/v1/notifications", &carla).await;
    assert_eq!(told[0]["kind"], "vouched", "{told}");
    let log = app
        .get_json(&format!("/api/v1/groups/{huis}/log"), &dirk)
        .await
        .to_string();
    assert!(log.contains("reset_vouched"), "{log}");

    let recover = |codes: Vec<&str>| {
        let app = &app;
        let codes: Vec<String> = codes.into_iter().map(str::to_owned).collect();
        async move {
            app.api()
                .post(app.url("/api/v1/auth/recover"))
                .json(&json!({"username": "carla", "vouch_codes": codes, "new_password": "zij kiest een nieuw wachtwoord"}))
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        recover(vec![&a, &a]).await.status(),
        401,
        "one steward twice is not two"
    );
    assert_eq!(recover(vec![&a, "aaaa-bbbb-cccc-dddd"]).await.status(), 401);
    assert_eq!(recover(vec![&a]).await.status(), 422);
    // The reset waits (24 hours by default); her sessions stay and say so.
    let res = recover(vec![&b, &a]).await;
    assert_eq!(res.status(), 202);
    let waiting: Value = res.json().await.unwrap();
    assert_eq!(waiting["status"], "waiting");
    assert!(waiting.get("token").is_none());
    let pending = app.get_json("/api/v1/me/pending-reset", &carla).await;
    assert_eq!(pending["takes_effect_at"], waiting["takes_effect_at"]);
    assert_eq!(recover(vec![&a, &b]).await.status(), 401, "used up");
    // When the wait is over, it takes effect: her other sessions end, the new password works.
    let conn = app.db.connect().await;
    conn.execute_unprepared("UPDATE pending_resets SET takes_effect_at = requested_at")
        .await
        .unwrap();
    conn.close().await.ok();
    kwartier::services::vouching::apply_due(&app.state).await.unwrap();
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&carla)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401, "her other sessions ended");
    let res = app
        .api()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "carla", "password": "zij kiest een nieuw wachtwoord"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    // A steward who stepped down no longer counts.
    let a = half(vouch(&anna, "carla").await).await;
    let b = half(vouch(&bert, "carla").await).await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/members/bert"),
            &bert,
            json!({"action": "step-down"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(recover(vec![&a, &b]).await.status(), 401);

    // The members page offers the button to a steward, and shows the half-code once.
    let browser = app.browser();
    app.login_in_browser(&browser, "anna").await;
    let (_, html) = get_text(&browser, &app.url(&format!("/g/{huis}/members"))).await;
    assert!(
        html.contains(&format!("action=\"/g/{huis}/vouch/carla\"")),
        "{html}"
    );
    assert!(!html.contains(&format!("action=\"/g/{huis}/vouch/dirk\"")));
    let csrf = csrf_from(&browser, &app.url(&format!("/g/{huis}/members"))).await;
    let res = app
        .submit(&browser, &format!("/g/{huis}/vouch/carla"), &csrf, &[])
        .await;
    assert_eq!(res.status(), 200);
    let page = res.text().await.unwrap();
    assert!(page.contains("Geef deze halve code zelf aan"), "{page}");
}

#[tokio::test]
async fn the_login_page_says_how_long_a_shared_session_lasts_as_configured() {
    let app = spawn_app_with(|c| c.shared_idle_minutes = 15).await;
    let (status, html) = get_text(&app.browser(), &app.url("/login")).await;
    assert_eq!(status, 200);
    assert!(html.contains("na 15 minuten niets doen"), "{html}");
    let (_, html) = get_text(&app.browser_with_lang("en"), &app.url("/login")).await;
    assert!(html.contains("after 15 minutes of doing nothing"));
}
