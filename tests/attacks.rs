//! Attack tests: each one is an attacker's steps against a running server, on SQLite and (with
//! `KWARTIER_TEST_DATABASE_URL`) PostgreSQL, and each must fail for the attacker. SECURITY.md
//! names the promise every test proves; when one of these breaks, a promise broke.
mod common;

use common::{GOOD_PASSWORD, TestApp, spawn_app};
use serde_json::{Value, json};

/// A response as an outsider sees it: status, and the body as JSON (or text).
async fn seen(res: reqwest::Response) -> (u16, String) {
    let status = res.status().as_u16();
    (status, res.text().await.unwrap())
}

/// Makes a group; answers its address (a private group's carries a random part).
async fn create_group(app: &TestApp, token: &str, body: Value) -> String {
    let res = app.post_json("/api/v1/groups", token, body).await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body["slug"].as_str().unwrap().to_owned()
}

async fn join(app: &TestApp, token: &str, slug: &str, invite: Option<&str>) -> (u16, Value) {
    let body = match invite {
        Some(code) => json!({"invite": code}),
        None => json!({}),
    };
    let res = app
        .post_json(&format!("/api/v1/groups/{slug}/join"), token, body)
        .await;
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

async fn invite(app: &TestApp, steward: &str, slug: &str) -> String {
    let v: Value = app
        .post_json(&format!("/api/v1/groups/{slug}/invites"), steward, json!({}))
        .await
        .json()
        .await
        .unwrap();
    v["code"].as_str().unwrap().to_owned()
}

async fn leave(app: &TestApp, token: &str, slug: &str) {
    let res = app
        .post_json(&format!("/api/v1/groups/{slug}/leave"), token, json!({}))
        .await;
    assert!(res.status().is_success(), "leave {slug}: {}", res.status());
}

async fn propose(app: &TestApp, token: &str, slug: &str, body: Value) -> i64 {
    let res = app
        .post_json(&format!("/api/v1/groups/{slug}/proposals"), token, body)
        .await;
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().unwrap()
}

async fn all_vote_yes(app: &TestApp, id: i64, voters: &[&String]) {
    for token in voters {
        app.post_json(
            &format!("/api/v1/proposals/{id}/votes"),
            token,
            json!({"choice": "yes"}),
        )
        .await;
    }
}

async fn proposal_status(app: &TestApp, token: &str, id: i64) -> String {
    app.get_json(&format!("/api/v1/proposals/{id}"), token).await["status"]
        .as_str()
        .unwrap_or_default()
        .to_owned()
}

// ---------------------------------------------------------------------------------------------
// Nobody takes over your account.

/// The attacker sends a logged-in person a link to the login page whose `next` leads to their
/// own site, in every spelling a browser would still follow; the person lands on this site.
#[tokio::test]
async fn a_crafted_next_link_never_leaves_the_site() {
    let app = spawn_app().await;
    let browser = app.browser();
    app.register_in_browser(&browser, "anna").await;
    for next in [
        "/%09/evil.example/x",
        "/%0a",
        "/%0d%0aLocation:%20https://evil.example",
        "//evil.example",
        "/%2F%2Fevil.example",
        "/%5Cevil.example",
        "%2F%2Fevil.example",
        "https:evil.example",
        "/\\evil.example",
    ] {
        let res = browser
            .get(app.url(&format!("/login?next={next}")))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "next={next}");
        assert_eq!(res.headers()["location"], "/", "next={next}");
    }
}

// ---------------------------------------------------------------------------------------------
// A private group and its members are invisible to outsiders.

/// The attacker asks to make groups with the names a shelter might have, to learn from a
/// "that address is taken" which private groups exist. A private group's address carries a
/// random part, so its name is no answer: making "huis" goes exactly as making a name nobody
/// has, in the API and on the page; only a public group's address is taken, as anyone can see.
#[tokio::test]
async fn making_a_group_does_not_tell_which_private_groups_exist() {
    let app = spawn_app().await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    let attacker = app.register("mallory", GOOD_PASSWORD).await;
    let huis = app.shelter(&steward, "huis", &[]).await;
    assert!(
        huis.starts_with("huis-") && huis.len() == "huis-".len() + 8,
        "{huis}"
    );
    // Another private group with the same chosen name gets its own address.
    let second = app.shelter(&steward, "huis", &[]).await;
    assert_ne!(second, huis);

    let make = |slug: &'static str, visibility: &'static str| {
        let app = &app;
        let attacker = attacker.clone();
        async move {
            let res = app
                .post_json(
                    "/api/v1/groups",
                    &attacker,
                    json!({"slug": slug, "name": "Mijn groep", "kind": "peer_group", "visibility": visibility, "join_policy": "approval"}),
                )
                .await;
            let status = res.status().as_u16();
            let mut body: Value = res.json().await.unwrap();
            // What must differ between two new groups: their address, id and time.
            for field in ["slug", "id", "created_at"] {
                body.as_object_mut().map(|o| o.remove(field));
            }
            (status, body)
        }
    };
    for visibility in ["public", "private"] {
        let taken_privately = make("huis", visibility).await;
        let nobodys = make("nergens", visibility).await;
        assert_eq!(taken_privately.0, 201, "{visibility}: {taken_privately:?}");
        assert_eq!(taken_privately, nobodys, "{visibility}");
    }
    // The page answers alike: on to the new group, never "taken".
    let browser = app.browser();
    app.login_in_browser(&browser, "mallory").await;
    let (_, form) = common::get_text(&browser, &app.url("/groups/new")).await;
    let res = app
        .submit(
            &browser,
            "/groups",
            &common::csrf_of(&form),
            &[("name", "Huis"), ("slug", "huis"), ("kind", "shelter")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let to = res.headers()["location"].to_str().unwrap();
    assert!(
        to.starts_with("/g/huis-") && to != format!("/g/{huis}?done=created"),
        "{to}"
    );
    // A public group's address is taken, as the group itself is there for all to see.
    let again = app
        .post_json(
            "/api/v1/groups",
            &steward,
            json!({"slug": "huis", "name": "Nog een", "kind": "peer_group", "visibility": "public"}),
        )
        .await;
    assert_eq!(again.status(), 409);
    assert_eq!(
        again.json::<Value>().await.unwrap()["error"]["code"],
        "slug_taken"
    );
}

/// The attacker guesses group addresses with a made-up invite code: a private group's answer
/// is the very same as a missing group's.
#[tokio::test]
async fn a_bad_invite_does_not_tell_a_private_group_from_a_missing_one() {
    let app = spawn_app().await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    let attacker = app.register("mallory", GOOD_PASSWORD).await;
    let huis = app.shelter(&steward, "huis", &[]).await;
    let private = seen(
        app.post_json(
            &format!("/api/v1/groups/{huis}/join"),
            &attacker,
            json!({"invite": "geraden"}),
        )
        .await,
    )
    .await;
    let missing = seen(
        app.post_json(
            "/api/v1/groups/nergens/join",
            &attacker,
            json!({"invite": "geraden"}),
        )
        .await,
    )
    .await;
    assert_eq!(private.0, 404);
    assert_eq!(private, missing);
}

/// The attacker, a plain member of a public group (or an outsider), asks to change people's
/// memberships to learn who is a member: every name answers alike.
#[tokio::test]
async fn changing_a_membership_does_not_tell_who_is_a_member() {
    let app = spawn_app().await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let attacker = app.register("mallory", GOOD_PASSWORD).await;
    create_group(
        &app,
        &steward,
        json!({"slug": "lotgenoten", "name": "Lotgenoten", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    join(&app, &bert, "lotgenoten", None).await;
    let huis: &'static str = app.shelter(&steward, "huis", &[&bert]).await.leak();
    let ask = |slug: &'static str, name: &'static str, action: &'static str| {
        let app = &app;
        let attacker = attacker.clone();
        async move {
            seen(
                app.post_json(
                    &format!("/api/v1/groups/{slug}/members/{name}"),
                    &attacker,
                    json!({"action": action}),
                )
                .await,
            )
            .await
        }
    };
    // An outsider of a public group, then a member of it.
    for round in 0..2 {
        for action in ["approve", "steward", "step-down"] {
            let member = ask("lotgenoten", "bert", action).await;
            let nobody = ask("lotgenoten", "niemandhier", action).await;
            assert_eq!(member, nobody, "round {round}, {action}");
            assert_eq!(member.0, 403, "round {round}, {action}");
        }
        join(&app, &attacker, "lotgenoten", None).await;
    }
    // A private group: as if missing.
    let member = ask(huis, "bert", "approve").await;
    let nobody = ask(huis, "niemandhier", "approve").await;
    let missing = ask("nergens", "bert", "approve").await;
    assert_eq!(member, missing);
    assert_eq!(nobody, missing);
    assert_eq!(member.0, 404);
}

/// The attacker uses "see again" on names to learn which accounts exist.
#[tokio::test]
async fn seeing_someone_again_does_not_tell_whether_the_name_exists() {
    let app = spawn_app().await;
    app.register("bert", GOOD_PASSWORD).await;
    let attacker = app.register("mallory", GOOD_PASSWORD).await;
    let mut answers = Vec::new();
    for name in ["bert", "niemandhier", "x"] {
        let res = app
            .api()
            .delete(app.url(&format!("/api/v1/me/mutes/{name}")))
            .bearer_auth(&attacker)
            .send()
            .await
            .unwrap();
        answers.push(seen(res).await);
    }
    assert_eq!(answers[0].0, 204);
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");
}

/// Someone who left a private shelter keeps no sign of what goes on there: the unread count in
/// the header counts only what the notification list shows.
#[tokio::test]
async fn the_unread_badge_says_nothing_of_a_group_one_has_left() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let t: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &bert,
            json!({"title": "Boodschappen", "body": "Wie gaat er morgen mee?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/threads/{}/posts", t["thread"]["id"]),
            &anna,
            json!({"body": "Ik ga mee, @bert!"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let before = app.get_json("/api/v1/notifications", &bert).await;
    assert_eq!(before.as_array().map(Vec::len), Some(1), "{before}");
    leave(&app, &bert, huis.as_str()).await;
    let list = app.get_json("/api/v1/notifications", &bert).await;
    assert_eq!(list.as_array().map(Vec::len), Some(0), "{list}");
    let browser = app.browser();
    app.login_in_browser(&browser, "bert").await;
    let (_, home) = common::get_text(&browser, &app.url("/")).await;
    assert!(home.contains("Voor jou"), "{home}");
    assert!(
        !home.contains("badge new"),
        "a badge for what the list hides: {home}"
    );
}

// ---------------------------------------------------------------------------------------------
// A sanction the members decided holds, leaving or not.

/// A group of six under one join policy, with a house rule; mute, suspend and remove passed by
/// vote against three of them. Returns the tokens: steward, two voters, then the muted, the
/// suspended and the removed.
async fn sanctioned_group(app: &TestApp, slug: &str, policy: &str) -> (Vec<String>, String) {
    let names = ["steward", "voter1", "voter2", "muted", "suspended", "removed"];
    let mut t = Vec::new();
    for n in names {
        t.push(app.register(&format!("{n}{}", &slug[..1]), GOOD_PASSWORD).await);
    }
    let body = match policy {
        "invite" => json!({"slug": slug, "name": "Huis", "kind": "shelter"}),
        _ => {
            json!({"slug": slug, "name": "Lotgenoten", "kind": "peer_group", "visibility": "public", "join_policy": policy})
        }
    };
    let created = create_group(app, &t[0], body).await;
    let slug = created.as_str();
    for (i, token) in t.iter().enumerate().skip(1) {
        let code = (policy == "invite").then_some(invite(app, &t[0], slug).await);
        join(app, token, slug, code.as_deref()).await;
        if policy == "approval" {
            let name = format!("{}{}", names[i], &slug[..1]);
            let res = app
                .post_json(
                    &format!("/api/v1/groups/{slug}/members/{name}"),
                    &t[0],
                    json!({"action": "approve"}),
                )
                .await;
            assert_eq!(res.status(), 204);
        }
    }
    // Long enough members to vote, in any group.
    age_memberships(app).await;
    let everyone: Vec<&String> = t.iter().collect();
    let rule = propose(
        app,
        &t[0],
        slug,
        json!({"kind": "add_rule", "title": "Vriendelijk", "payload": {"title": "Vriendelijk", "text": "We blijven vriendelijk."}}),
    )
    .await;
    all_vote_yes(app, rule, &everyone).await;
    assert_eq!(proposal_status(app, &t[0], rule).await, "passed");
    let rule_id = app.get_json(&format!("/api/v1/groups/{slug}/rules"), &t[0]).await[0]["id"]
        .as_i64()
        .unwrap();
    for (i, sanction) in [(3, "mute"), (4, "suspend"), (5, "remove")] {
        let name = format!("{}{}", names[i], &slug[..1]);
        let p = propose(
            app,
            &t[0],
            slug,
            json!({"kind": "sanction", "title": format!("{sanction} {name}"),
                   "payload": {"username": name, "sanction": sanction, "days": 7, "rule_id": rule_id}}),
        )
        .await;
        let voters: Vec<&String> = t
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, v)| v)
            .collect();
        all_vote_yes(app, p, &voters).await;
        discussion_time_passes(app).await;
        assert_eq!(proposal_status(app, &t[0], p).await, "passed", "{sanction}");
    }
    (t, created)
}

#[tokio::test]
async fn a_sanction_is_not_shed_by_leaving_an_open_group() {
    sanctions_hold_after_leaving("open").await;
}

#[tokio::test]
async fn a_sanction_is_not_shed_by_leaving_a_group_by_approval() {
    sanctions_hold_after_leaving("approval").await;
}

#[tokio::test]
async fn a_sanction_is_not_shed_by_leaving_a_shelter_by_invite() {
    sanctions_hold_after_leaving("invite").await;
}

/// Each sanction, under one join policy: the sanctioned person leaves and comes back by the
/// group's own way in. The mute comes back with them; suspension and removal keep them out.
async fn sanctions_hold_after_leaving(policy: &'static str) {
    let app = spawn_app().await;
    {
        let slug = if policy == "invite" { "huis" } else { policy };
        let (t, slug) = sanctioned_group(&app, slug, policy).await;
        let slug = slug.as_str();
        for who in 3..6 {
            if who != 5 {
                leave(&app, &t[who], slug).await;
            }
            let code = (policy == "invite").then_some(invite(&app, &t[0], slug).await);
            let (status, body) = join(&app, &t[who], slug, code.as_deref()).await;
            if who == 3 {
                assert_eq!(status, 200, "{policy}: the muted may come back: {body}");
                if policy == "approval" {
                    assert_eq!(body["status"], "pending");
                    let res = app
                        .post_json(
                            &format!("/api/v1/groups/{slug}/members/muted{}", &slug[..1]),
                            &t[0],
                            json!({"action": "approve"}),
                        )
                        .await;
                    assert_eq!(res.status(), 204);
                }
                let res = app
                    .post_json(
                        &format!("/api/v1/groups/{slug}/threads"),
                        &t[who],
                        json!({"title": "Ik ben er weer", "body": "Mag ik weer schrijven?"}),
                    )
                    .await;
                assert_eq!(res.status(), 403, "{policy}: still muted");
                assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "muted");
            } else {
                assert_eq!(status, 403, "{policy}, {who}: {body}");
                assert_eq!(body["error"]["code"], "sanctioned", "{policy}, {who}");
            }
        }
    }
}

/// A removed person stays out until the members admit them by vote; then they are back.
#[tokio::test]
async fn a_removed_person_comes_back_only_when_the_members_admit_them() {
    let app = spawn_app().await;
    let (t, _) = sanctioned_group(&app, "open", "open").await;
    let (status, _) = join(&app, &t[5], "open", None).await;
    assert_eq!(status, 403);
    let p = propose(
        &app,
        &t[1],
        "open",
        json!({"kind": "admit_member", "title": "removedo mag terug", "payload": {"username": "removedo"}}),
    )
    .await;
    let voters: Vec<&String> = t[..5].iter().collect();
    all_vote_yes(&app, p, &voters).await;
    assert_eq!(proposal_status(&app, &t[0], p).await, "passed");
    let res = app
        .post_json(
            "/api/v1/groups/open/threads",
            &t[5],
            json!({"title": "Dank jullie", "body": "Fijn dat ik terug mag."}),
        )
        .await;
    assert_eq!(res.status(), 201, "{}", res.text().await.unwrap());
}

// ---------------------------------------------------------------------------------------------
// A secret ballot is secret, from the instance admin too; a private group is invisible to the
// admin who is not a member.

async fn make_admin(app: &TestApp, username: &str) {
    use sea_orm::ConnectionTrait;
    let conn = app.db.connect().await;
    conn.execute_unprepared(&format!(
        "UPDATE users SET is_admin = TRUE WHERE username = '{username}'"
    ))
    .await
    .unwrap();
    conn.close().await.ok();
}

/// The admin, who gets 404 on a private shelter, "exports" a resident's account to read what
/// goes on there and how the resident votes in a running secret sanction vote.
#[tokio::test]
async fn the_admins_export_holds_nothing_of_private_groups_and_no_ballot() {
    let app = spawn_app().await;
    let admin = app.register("beheer", GOOD_PASSWORD).await;
    make_admin(&app, "beheer").await;
    let t: Vec<String> = {
        let mut t = Vec::new();
        for n in ["anna", "bert", "carl", "dirk"] {
            t.push(app.register(n, GOOD_PASSWORD).await);
        }
        t
    };
    let geheimhuis = app.shelter(&t[0], "geheimhuis", &[&t[1], &t[2], &t[3]]).await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{geheimhuis}/threads"),
            &t[1],
            json!({"title": "Geheimetitelqzx", "body": "Geheimetekstqzx over het huis"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let room = app
        .get_json(&format!("/api/v1/groups/{geheimhuis}/rooms"), &t[1])
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let mut ws = app.ws(&t[1]).await;
    ws.join(room, None).await;
    ws.say(room, "Geheimechatqzx", "c1").await;
    let rule = propose(
        &app,
        &t[0],
        geheimhuis.as_str(),
        json!({"kind": "add_rule", "title": "Rust", "payload": {"title": "Rust", "text": "Stil na tien."}}),
    )
    .await;
    all_vote_yes(&app, rule, &t.iter().collect::<Vec<_>>()).await;
    let rule_id = app
        .get_json(&format!("/api/v1/groups/{geheimhuis}/rules"), &t[0])
        .await[0]["id"]
        .as_i64()
        .unwrap();
    let sanction = propose(
        &app,
        &t[0],
        geheimhuis.as_str(),
        json!({"kind": "sanction", "title": "Dirk een dag stil",
               "payload": {"username": "dirk", "sanction": "mute", "days": 1, "rule_id": rule_id}}),
    )
    .await;
    let res = app
        .post_json(
            &format!("/api/v1/proposals/{sanction}/votes"),
            &t[1],
            json!({"choice": "no"}),
        )
        .await;
    assert!(res.status().is_success());
    create_group(
        &app,
        &t[1],
        json!({"slug": "openbaar", "name": "Openbaar", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    app.post_json(
        "/api/v1/groups/openbaar/threads",
        &t[1],
        json!({"title": "Openbare titel", "body": "Openbare tekst die iedereen kan lezen"}),
    )
    .await;

    // The admin cannot see the shelter…
    let res = app
        .api()
        .get(app.url(&format!("/api/v1/groups/{geheimhuis}")))
        .bearer_auth(&admin)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    // …and the export does not show it either.
    let res = app
        .post_json(
            "/api/v1/admin/accounts/bert/export",
            &admin,
            json!({"reason": "Bert vroeg erom"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let export: Value = res.json().await.unwrap();
    let text = export.to_string();
    for secret in [
        geheimhuis.as_str(),
        "Geheimetitelqzx",
        "Geheimetekstqzx",
        "Geheimechatqzx",
        "Dirk een dag stil",
    ] {
        assert!(!text.contains(secret), "{secret} in the admin's export: {text}");
    }
    assert_eq!(export["ballots"], json!([]));
    assert!(text.contains("Openbare tekst die iedereen kan lezen"), "{text}");
    // Bert's own export still has everything of his.
    let own = app.get_json("/api/v1/me/export", &t[1]).await.to_string();
    for his in [geheimhuis.as_str(), "Geheimetekstqzx", "Geheimechatqzx"] {
        assert!(own.contains(his), "{his} missing from his own export");
    }
    // Never by a GET: a link or a prefetch cannot start an act that is logged.
    for path in [
        "/api/v1/admin/accounts/bert/export",
        "/admin/export?username=bert",
    ] {
        let res = app
            .api()
            .get(app.url(path))
            .bearer_auth(&admin)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 405, "{path}");
    }
}

// ---------------------------------------------------------------------------------------------
// Nobody wears the server down for everyone else (and so for the promises above).

/// A small Markdown table that would render to far more HTML than the cap (a 20 kB one to
/// megabytes) is refused, in the writer's
/// language, and nothing of it is stored.
#[tokio::test]
async fn a_post_that_renders_huge_is_refused_and_nothing_is_stored() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[]).await;
    // A hundred columns, then short rows: each row still renders a hundred cells.
    let mut body = format!("|{}\n|{}\n", "a|".repeat(100), "-|".repeat(100));
    while body.len() < 1_500 {
        body.push_str("|x\n");
    }
    let before = app.count("posts").await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Een grote tabel", "body": body}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert!(
        err["error"]["fields"]["body"]
            .as_str()
            .unwrap_or_default()
            .contains("te groot"),
        "{err}"
    );
    assert_eq!(app.count("posts").await, before);
    assert_eq!(app.count("threads").await, 0);
}

/// One account opens socket after socket: past the cap, the handshake is refused.
#[tokio::test]
async fn one_account_cannot_hold_more_sockets_than_the_cap() {
    let app = common::spawn_app_with(|c| c.ws_per_account = 3).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(app.ws(&anna).await);
    }
    let refused = app.ws_with(Some(&anna), None).await;
    match refused {
        Err(tokio_tungstenite::tungstenite::Error::Http(res)) => assert_eq!(res.status(), 429),
        Err(e) => panic!("refused otherwise: {e}"),
        Ok(_) => panic!("a fourth socket was opened"),
    }
    // Someone else is not affected; and a closed socket frees its place.
    let _bert = app.ws(&bert).await;
    drop(open.pop());
    let mut again = None;
    for _ in 0..50 {
        if let Ok(ws) = app.ws_with(Some(&anna), None).await {
            again = Some(ws);
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(again.is_some(), "the freed place is given again");
}

/// A socket that sends join after join is told to slow down.
#[tokio::test]
async fn join_frames_are_limited_per_socket() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[]).await;
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    let mut ws = app.ws(&anna).await;
    for _ in 0..40 {
        ws.send(json!({"type": "join", "room": room, "after": 0})).await;
    }
    let mut limited = false;
    for _ in 0..80 {
        let v = ws.expect(&["joined", "error", "presence", "message"]).await;
        if v["type"] == "error" {
            assert_eq!(v["code"], "rate_limited", "{v}");
            limited = true;
            break;
        }
    }
    assert!(limited, "forty joins at once went through");
}

/// Reading a long thread over the API returns a page, not the whole thread.
#[tokio::test]
async fn a_long_thread_is_read_a_page_at_a_time() {
    let app = common::spawn_app_with(|c| c.posts_per_minute = 10_000).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[]).await;
    let t: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Lang gesprek", "body": "Het begin."}),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = t["thread"]["id"].as_i64().unwrap();
    for i in 0..110 {
        let res = app
            .post_json(
                &format!("/api/v1/threads/{id}/posts"),
                &anna,
                json!({"body": format!("Reactie nummer {i}")}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let first = app.get_json(&format!("/api/v1/threads/{id}"), &anna).await;
    assert_eq!(first["posts"].as_array().unwrap().len(), 50);
    assert_eq!(
        (first["page"].as_u64(), first["pages"].as_u64()),
        (Some(1), Some(3))
    );
    let last = app.get_json(&format!("/api/v1/threads/{id}?page=3"), &anna).await;
    assert_eq!(last["posts"].as_array().unwrap().len(), 11);
    assert_eq!(last["posts"][10]["body"], "Reactie nummer 109");
}

/// One IPv6 customer holds a whole /64: stepping through its addresses does not buy more
/// registrations (and so more sock puppets) than one address gets.
#[tokio::test]
async fn registrations_from_one_ipv6_network_share_one_limit() {
    let app = common::spawn_app_with(|c| {
        c.behind_proxy = true;
        c.register_per_ip_per_hour = 2;
    })
    .await;
    let mut statuses = Vec::new();
    for i in 0..3 {
        let res = app
            .api()
            .post(app.url("/api/v1/auth/register"))
            .header("x-forwarded-for", format!("2001:db8:1:2::{:x}", 0x100 + i))
            .json(&json!({"username": format!("pop{i}"), "password": GOOD_PASSWORD}))
            .send()
            .await
            .unwrap();
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [201, 201, 429]);
    // Another network is not held up by it.
    let res = app
        .api()
        .post(app.url("/api/v1/auth/register"))
        .header("x-forwarded-for", "2001:db8:9:9::1")
        .json(&json!({"username": "anders", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}

// ---------------------------------------------------------------------------------------------
// Every write goes through the one write guard.

async fn send_chat(app: &TestApp, token: &str, room: i64, body: &str, client_id: &str) -> reqwest::Response {
    app.post_json(
        &format!("/api/v1/rooms/{room}/messages"),
        token,
        json!({"body": body, "client_id": client_id}),
    )
    .await
}

async fn patch(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let res = app
        .api()
        .patch(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    (res.status().as_u16(), res.json().await.unwrap_or(Value::Null))
}

/// A member the group muted tries every other way to write: editing a chat message or a
/// post, deleting, flagging, proposing, voting. Each is refused as "muted".
#[tokio::test]
async fn a_muted_member_finds_no_other_way_to_write() {
    let app = spawn_app().await;
    let (t, _) = sanctioned_group(&app, "open", "open").await;
    let muted = &t[3];
    // What the muted member wrote before, and what others write.
    let conn = app.db.connect().await;
    use sea_orm::ConnectionTrait;
    conn.execute_unprepared("UPDATE memberships SET muted_until = NULL")
        .await
        .unwrap();
    conn.execute_unprepared("UPDATE sanctions SET lifted_at = starts_at WHERE kind = 'mute'")
        .await
        .unwrap();
    let room = app.get_json("/api/v1/groups/open/rooms", muted).await[0]["id"]
        .as_i64()
        .unwrap();
    let mine: Value = send_chat(&app, muted, room, "Eerder gezegd", "e1")
        .await
        .json()
        .await
        .unwrap();
    let thread: Value = app
        .post_json(
            "/api/v1/groups/open/threads",
            muted,
            json!({"title": "Eerder", "body": "Eerder geschreven"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let other: Value = app
        .post_json(
            "/api/v1/groups/open/threads",
            &t[0],
            json!({"title": "Van Anna", "body": "Iets van de steward"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let open_vote = propose(&app, &t[0], "open", json!({"kind": "add_rule", "title": "Nog een regel", "payload": {"title": "Opruimen", "text": "We ruimen op."}})).await;
    // A request for help of theirs with an offer on it, and one of the steward's.
    let ask = |token: String, title: &'static str| {
        let app = &app;
        async move {
            let res = app
                .post_json(
                    "/api/v1/groups/open/requests",
                    &token,
                    json!({"title": title, "body": "Wie helpt?", "kind": "practical"}),
                )
                .await;
            assert_eq!(res.status(), 201);
            res.json::<Value>().await.unwrap()["id"].as_i64().unwrap()
        }
    };
    let my_request = ask(muted.clone(), "Verhuizen").await;
    let their_request = ask(t[0].clone(), "Boodschappen").await;
    let offer: Value = app
        .post_json(
            &format!("/api/v1/requests/{my_request}/offers"),
            &t[0],
            json!({"body": "Ik help"}),
        )
        .await
        .json()
        .await
        .unwrap();
    // Muted again, as the members decided.
    conn.execute_unprepared("UPDATE memberships SET muted_until = '2999-01-01 00:00:00+00:00' WHERE user_id = (SELECT id FROM users WHERE username = 'mutedo')")
        .await
        .unwrap();
    conn.close().await.ok();

    let message_id = mine["id"].as_i64().unwrap();
    let post_id = thread["post"]["id"].as_i64().unwrap();
    let mut answers = vec![
        patch(
            &app,
            muted,
            &format!("/api/v1/messages/{message_id}"),
            json!({"body": "Toch veranderd"}),
        )
        .await,
        patch(
            &app,
            muted,
            &format!("/api/v1/posts/{post_id}"),
            json!({"body": "Toch veranderd"}),
        )
        .await,
    ];
    for (path, body) in [
        (
            format!("/api/v1/posts/{}/flags", other["post"]["id"]),
            json!({"reason": "Zomaar"}),
        ),
        (
            "/api/v1/groups/open/proposals".to_owned(),
            json!({"kind": "add_rule", "title": "Mijn regel", "payload": {"title": "X", "text": "Y"}}),
        ),
        (
            format!("/api/v1/proposals/{open_vote}/votes"),
            json!({"choice": "no"}),
        ),
        (
            "/api/v1/groups/open/requests".to_owned(),
            json!({"title": "Nog een vraag", "body": "Wie?", "kind": "practical"}),
        ),
        (
            format!("/api/v1/requests/{their_request}/offers"),
            json!({"body": "Ik help"}),
        ),
        (format!("/api/v1/offers/{}/accept", offer["id"]), json!({})),
        (format!("/api/v1/offers/{}/decline", offer["id"]), json!({})),
        (
            format!("/api/v1/requests/{my_request}/close"),
            json!({"outcome": "withdrawn"}),
        ),
    ] {
        let res = app.post_json(&path, muted, body).await;
        answers.push((res.status().as_u16(), res.json().await.unwrap_or(Value::Null)));
    }
    for path in [
        format!("/api/v1/messages/{message_id}"),
        format!("/api/v1/posts/{post_id}"),
    ] {
        let res = app
            .api()
            .delete(app.url(&path))
            .bearer_auth(muted)
            .send()
            .await
            .unwrap();
        answers.push((res.status().as_u16(), res.json().await.unwrap_or(Value::Null)));
    }
    for (status, body) in &answers {
        assert_eq!(
            (*status, body["error"]["code"].as_str()),
            (403, Some("muted")),
            "{answers:?}"
        );
    }
}

/// A new account slips links past its limit by spelling them oddly, or by adding them in an
/// edit, and edits chat faster than it may send.
#[tokio::test]
async fn links_are_counted_however_spelled_and_edits_keep_the_limits() {
    let app = common::spawn_app_with(|c| {
        c.new_account_days = 3;
        c.chat_per_minute = 3;
    })
    .await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[]).await;
    let spam = "Kijk [hier](http:evil.example), [daar](HTTPS:evil.example) en [zo](Http:x.example)";
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Aanbieding", "body": spam}),
        )
        .await;
    assert_eq!(res.status(), 422, "three links from a new account");
    let thread: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Hallo", "body": "Gewoon hallo"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (status, _) = patch(
        &app,
        &anna,
        &format!("/api/v1/posts/{}", thread["post"]["id"]),
        json!({"body": spam}),
    )
    .await;
    assert_eq!(status, 422, "nor added by an edit");
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    let res = send_chat(&app, &anna, room, spam, "s1").await;
    assert_eq!(res.status(), 422, "nor in the chat");
    let sent: Value = send_chat(&app, &anna, room, "Hoi", "s2")
        .await
        .json()
        .await
        .unwrap();
    let id = sent["id"].as_i64().unwrap();
    let (status, _) = patch(
        &app,
        &anna,
        &format!("/api/v1/messages/{id}"),
        json!({"body": spam}),
    )
    .await;
    assert_eq!(status, 422, "nor in a chat edit");
    let mut statuses = Vec::new();
    for i in 0..4 {
        statuses.push(
            patch(
                &app,
                &anna,
                &format!("/api/v1/messages/{id}"),
                json!({"body": format!("Versie {i}")}),
            )
            .await
            .0,
        );
    }
    assert!(
        statuses.contains(&429),
        "edits are rate-limited like messages: {statuses:?}"
    );
}

/// A steward of a group the instance admin closed tries to act on an item anyway.
#[tokio::test]
async fn a_steward_of_a_closed_group_cannot_act() {
    let app = spawn_app().await;
    let admin = app.register("beheer", GOOD_PASSWORD).await;
    make_admin(&app, "beheer").await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let thread: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &bert,
            json!({"title": "Van Bert", "body": "Iets van Bert"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/admin/groups/{huis}/closure"),
            &admin,
            json!({"reason": "Tegen de regels van de site"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let res = app
        .post_json(
            &format!("/api/v1/posts/{}/urgent", thread["post"]["id"]),
            &anna,
            json!({"reason": "Weg ermee"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let seen = app
        .get_json(&format!("/api/v1/threads/{}", thread["thread"]["id"]), &bert)
        .await;
    assert_eq!(seen["posts"][0]["status"], "visible");
}

// ---------------------------------------------------------------------------------------------
// What you erase is gone.

/// Bert started a thread and wrote a post behind a content warning; a steward removed another
/// of his posts. Then he deletes his account with "erase": nothing he wrote is left, the
/// thread's title included, and a removed post never showed its warning.
#[tokio::test]
async fn erasing_takes_thread_titles_and_warnings_too() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let thread: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &bert,
            json!({"title": "Titelvanbertqzx", "body": "Tekst van Bert", "content_warning": "Waarschuwingvanbertqzx"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = thread["thread"]["id"].as_i64().unwrap();
    let reply: Value = app
        .post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &bert,
            json!({"body": "Iets lelijks", "content_warning": "Verwijderdewaarschuwingqzx"}),
        )
        .await
        .json()
        .await
        .unwrap();
    app.post_json(
        &format!("/api/v1/threads/{tid}/posts"),
        &anna,
        json!({"body": "Anna antwoordt"}),
    )
    .await;
    let res = app
        .post_json(
            &format!("/api/v1/posts/{}/urgent", reply["id"]),
            &anna,
            json!({"reason": "Dit kan zo niet"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let seen = app.get_json(&format!("/api/v1/threads/{tid}"), &anna).await;
    assert!(!seen.to_string().contains("Verwijderdewaarschuwingqzx"), "{seen}");

    let res = app
        .api()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&bert)
        .json(&json!({"password": GOOD_PASSWORD, "erase_content": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let seen = app.get_json(&format!("/api/v1/threads/{tid}"), &anna).await;
    let text = seen.to_string();
    for his in ["Titelvanbertqzx", "Waarschuwingvanbertqzx", "Tekst van Bert"] {
        assert!(!text.contains(his), "{his} is still there: {text}");
    }
    assert!(text.contains("Anna antwoordt"), "the replies of others stay");
    let browser = app.browser();
    app.login_in_browser(&browser, "anna").await;
    let (_, page) = common::get_text(&browser, &app.url(&format!("/t/{tid}"))).await;
    assert!(
        page.contains("(titel niet te zien)") && !page.contains("Titelvanbertqzx"),
        "{page}"
    );
    let (_, list) = common::get_text(&browser, &app.url(&format!("/g/{huis}/forum"))).await;
    assert!(!list.contains("Titelvanbertqzx"));
    use sea_orm::ConnectionTrait;
    let conn = app.db.connect().await;
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            "SELECT COUNT(*) AS n FROM threads WHERE title LIKE '%qzx%'",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0);
}

/// Mallory starts a thread whose title says where Anna lives. The members flag it: while it is
/// hidden, and again once removed, its title is nowhere (lists, the thread, feeds, search hits
/// of the replies, notifications; pages and API); when the members restore it, it is back.
#[tokio::test]
async fn a_hidden_first_post_takes_its_title_everywhere_until_restored() {
    let app = spawn_app().await;
    let t =
        open_group_of_old_members(&app, &["anna", "mallory", "carl", "dirk", "eva", "bert", "fien"]).await;
    let started: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &t[1],
            json!({"title": "Anna woont Dorpsstraatqzx", "body": "Ga eens langs"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = started["thread"]["id"].as_i64().unwrap();
    let first = started["post"]["id"].as_i64().unwrap();
    let res = app
        .post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &t[5],
            json!({"body": "Niet doen @fien, Antwoordqzx"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let fien = app.browser();
    app.login_in_browser(&fien, "fien").await;
    let anonymous = app.api();
    // Everywhere the title is shown, as Fien (a member) and as anyone.
    let everywhere = || async {
        let mut all = String::new();
        for path in [
            "/api/v1/groups/lotgenoten/threads".to_owned(),
            format!("/api/v1/threads/{tid}"),
            "/api/v1/search?q=Antwoordqzx".to_owned(),
            "/api/v1/search?q=Dorpsstraatqzx".to_owned(),
            "/api/v1/notifications".to_owned(),
        ] {
            all += &app.get_json(&path, &t[6]).await.to_string();
        }
        for path in [
            "/".to_owned(),
            "/g/lotgenoten/forum".to_owned(),
            format!("/t/{tid}"),
            format!("/p/{first}"),
            "/notifications".to_owned(),
            "/search?q=Antwoordqzx".to_owned(),
        ] {
            all += &common::get_text(&fien, &app.url(&path)).await.1;
        }
        for path in [
            "/g/lotgenoten/forum".to_owned(),
            "/g/lotgenoten/feed.atom".to_owned(),
            format!("/t/{tid}/feed.atom"),
            format!("/api/v1/threads/{tid}"),
        ] {
            all += &common::get_text(&anonymous, &app.url(&path)).await.1;
        }
        all
    };
    let before = everywhere().await;
    assert!(before.matches("Dorpsstraatqzx").count() >= 10, "{before}");

    for flagger in &t[2..5] {
        let res = app
            .post_json(
                &format!("/api/v1/posts/{first}/flags"),
                flagger,
                json!({"reason": "Dit is haar adres"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let hidden = everywhere().await;
    assert!(!hidden.contains("Dorpsstraatqzx"), "hidden, yet: {hidden}");
    assert!(hidden.contains("(titel niet te zien)") && hidden.contains("Antwoordqzx"));

    // The members restore it: the title is back.
    let case = app.get_json("/api/v1/groups/lotgenoten/cases", &t[0]).await[0]["id"]
        .as_i64()
        .unwrap();
    for voter in [&t[0], &t[5]] {
        let res = app
            .post_json(
                &format!("/api/v1/cases/{case}/votes"),
                voter,
                json!({"choice": "restore"}),
            )
            .await;
        assert_eq!(res.status(), 200);
    }
    let back = app.get_json(&format!("/api/v1/threads/{tid}"), &t[6]).await;
    assert_eq!(back["thread"]["title"], "Anna woont Dorpsstraatqzx", "{back}");
    assert!(everywhere().await.matches("Dorpsstraatqzx").count() >= 10);

    // A steward removes it at once: gone again.
    let res = app
        .post_json(
            &format!("/api/v1/posts/{first}/urgent"),
            &t[0],
            json!({"reason": "Een adres hoort hier niet"}),
        )
        .await;
    assert!(res.status().is_success(), "{}", res.status());
    let removed = everywhere().await;
    assert!(!removed.contains("Dorpsstraatqzx"), "removed, yet: {removed}");
}

/// Acts without words (votes, flags, deletions) have their own rate, like posts and messages.
#[tokio::test]
async fn acts_are_rate_limited_too() {
    let app = common::spawn_app_with(|c| c.acts_per_minute = 2).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let p = propose(
        &app,
        &anna,
        huis.as_str(),
        json!({"kind": "add_rule", "title": "Rust", "payload": {"title": "Rust", "text": "Stil na tien."}}),
    )
    .await;
    let mut statuses = Vec::new();
    for choice in ["no", "abstain", "no"] {
        let res = app
            .post_json(
                &format!("/api/v1/proposals/{p}/votes"),
                &bert,
                json!({"choice": choice}),
            )
            .await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses[2], 429, "{statuses:?}");
}

// ---------------------------------------------------------------------------------------------
// Nobody takes over your account: help from stewards cannot be captured.

/// The waiting time of a stopped reset passes: the password it asked for does not open Vera's
/// account, and her sessions live on.
async fn the_wait_passes_and_nothing_changes(app: &TestApp, vera: &str, asked_for: &str) {
    sql(app, "UPDATE pending_resets SET takes_effect_at = requested_at").await;
    kwartier::services::vouching::apply_due(&app.state).await.unwrap();
    let res = app
        .api()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "vera", "password": asked_for}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let me = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(vera)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "her sessions live on");
}

/// Mallory starts a public open group, makes her sock puppet a steward at once, and the two
/// vouch for Vera, who joined it, to take her account and read her private shelter.
#[tokio::test]
async fn a_steward_with_a_sock_puppet_cannot_take_over_an_account() {
    let app = spawn_app().await;
    let vera = app.register("vera", GOOD_PASSWORD).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let mallory = app.register("mallory", GOOD_PASSWORD).await;
    let pop = app.register("pop", GOOD_PASSWORD).await;
    let thuis = app.shelter(&anna, "thuis", &[&vera]).await;
    create_group(
        &app,
        &mallory,
        json!({"slug": "valstrik", "name": "Valstrik", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    join(&app, &vera, "valstrik", None).await;
    join(&app, &pop, "valstrik", None).await;
    let res = app
        .post_json(
            "/api/v1/groups/valstrik/members/pop",
            &mallory,
            json!({"action": "steward"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let vouch = |token: String| {
        let app = &app;
        async move {
            app.post_json("/api/v1/groups/valstrik/members/vera/vouch", &token, json!({}))
                .await
        }
    };
    // Vera chose her shelter's stewards: the trap group's stewards cannot vouch at all.
    let (status, _) = patch(&app, &vera, "/api/v1/me", json!({"vouch_group": thuis.as_str()})).await;
    assert_eq!(status, 200);
    assert_eq!(vouch(mallory.clone()).await.status(), 422);

    // Say she chose the trap group itself: a steward of a day does not count.
    let (status, _) = patch(&app, &vera, "/api/v1/me", json!({"vouch_group": "valstrik"})).await;
    assert_eq!(status, 200);
    let res = vouch(pop.clone()).await;
    assert_eq!(res.status(), 422);

    // A patient attacker waits out the two weeks; then the reset still waits a day, and Vera
    // sees it on every page she has open and stops it.
    use sea_orm::ConnectionTrait;
    let conn = app.db.connect().await;
    for sql in [
        "UPDATE memberships SET created_at = '2000-01-01 00:00:00+00:00'",
        "UPDATE memberships SET steward_since = created_at WHERE role = 'steward'",
    ] {
        conn.execute_unprepared(sql).await.unwrap();
    }
    let code = |res: reqwest::Response| async move {
        assert_eq!(res.status(), 201);
        res.json::<Value>().await.unwrap()["code"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let a = code(vouch(mallory.clone()).await).await;
    let b = code(vouch(pop.clone()).await).await;
    let res = app
        .api()
        .post(app.url("/api/v1/auth/recover"))
        .json(
            &json!({"username": "vera", "vouch_codes": [a, b], "new_password": "het wachtwoord van mallory"}),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let body: Value = res.json().await.unwrap();
    assert!(
        body.get("token").is_none(),
        "the attacker holds no session: {body}"
    );
    let me = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&vera)
        .send()
        .await
        .unwrap();
    assert_eq!(me.status(), 200, "Vera's sessions live on");

    let browser = app.browser();
    app.login_in_browser(&browser, "vera").await;
    let (_, page) = common::get_text(&browser, &app.url("/")).await;
    assert!(page.contains("Dit was ik niet"), "{page}");
    let csrf = common::csrf_of(&page);
    let res = app.submit(&browser, "/account/reset/cancel", &csrf, &[]).await;
    assert_eq!(res.status(), 303);
    // The banner with its button is gone (the home page still lists the notice about it).
    let (_, page) = common::get_text(&browser, &app.url("/")).await;
    assert!(!page.contains("action=\"/account/reset/cancel\""), "{page}");

    // The wait passes: nothing happens. Mallory's password does not open the account.
    conn.close().await.ok();
    the_wait_passes_and_nothing_changes(&app, &vera, "het wachtwoord van mallory").await;
    // The stewards are told, and the group's log says it was stopped.
    let told = app.get_json("/api/v1/notifications", &pop).await;
    assert!(told.to_string().contains("reset_cancelled"), "{told}");
    let log = app
        .get_json("/api/v1/groups/valstrik/log", &mallory)
        .await
        .to_string();
    assert!(log.contains("reset_cancelled"), "{log}");
}

/// A reset waits; the owner, instead of pressing "this was not me", turns help from stewards
/// off. Their later word wins: the reset never takes effect.
#[tokio::test]
async fn turning_help_off_stops_a_waiting_reset() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let vera = app.register("vera", GOOD_PASSWORD).await;
    let thuis = app.shelter(&anna, "thuis", &[&bert, &vera]).await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{thuis}/members/bert"),
            &anna,
            json!({"action": "steward"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    let (status, _) = patch(&app, &vera, "/api/v1/me", json!({"vouch_group": thuis.as_str()})).await;
    assert_eq!(status, 200);
    use sea_orm::ConnectionTrait;
    let conn = app.db.connect().await;
    for sql in [
        "UPDATE memberships SET created_at = '2000-01-01 00:00:00+00:00'",
        "UPDATE memberships SET steward_since = created_at WHERE role = 'steward'",
    ] {
        conn.execute_unprepared(sql).await.unwrap();
    }
    let mut codes = Vec::new();
    for steward in [&anna, &bert] {
        let res = app
            .post_json(
                &format!("/api/v1/groups/{thuis}/members/vera/vouch"),
                steward,
                json!({}),
            )
            .await;
        assert_eq!(res.status(), 201);
        codes.push(
            res.json::<Value>().await.unwrap()["code"]
                .as_str()
                .unwrap()
                .to_owned(),
        );
    }
    let res = app
        .api()
        .post(app.url("/api/v1/auth/recover"))
        .json(&json!({"username": "vera", "vouch_codes": codes, "new_password": "een wachtwoord van iemand anders"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 202);
    let (status, _) = patch(&app, &vera, "/api/v1/me", json!({"vouch_reset": false})).await;
    assert_eq!(status, 200);
    conn.close().await.ok();
    the_wait_passes_and_nothing_changes(&app, &vera, "een wachtwoord van iemand anders").await;
}

// ---------------------------------------------------------------------------------------------
// A group's own democracy cannot be captured.

/// Runs SQL behind the server's back: the clock moved on.
async fn sql(app: &TestApp, statement: &str) {
    use sea_orm::ConnectionTrait;
    let conn = app.db.connect().await;
    conn.execute_unprepared(statement).await.unwrap();
    conn.close().await.ok();
}

/// The discussion time of every open vote about people has passed; the scheduler runs.
async fn discussion_time_passes(app: &TestApp) {
    sql(
        app,
        "UPDATE proposals SET early_close_at = opened_at WHERE early_close_at IS NOT NULL",
    )
    .await;
    kwartier::services::decisions::tick(&app.state).await.unwrap();
}

/// An open group "lotgenoten" founded by the first of these people, all of them members for
/// years; their tokens in order.
async fn open_group_of_old_members(app: &TestApp, names: &[&str]) -> Vec<String> {
    let mut t = Vec::new();
    for n in names {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    create_group(
        app,
        &t[0],
        json!({"slug": "lotgenoten", "name": "Lotgenoten", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    for token in &t[1..] {
        assert_eq!(join(app, token, "lotgenoten", None).await.0, 200);
    }
    age_memberships(app).await;
    t
}

/// Everyone in the group now has been a member for years.
async fn age_memberships(app: &TestApp) {
    sql(
        app,
        "UPDATE memberships SET created_at = '2000-01-01 00:00:00+00:00'",
    )
    .await;
    sql(
        app,
        "UPDATE memberships SET steward_since = created_at WHERE role = 'steward'",
    )
    .await;
}

async fn vote(app: &TestApp, token: &str, id: i64, choice: &str) -> u16 {
    app.post_json(
        &format!("/api/v1/proposals/{id}/votes"),
        token,
        json!({"choice": choice}),
    )
    .await
    .status()
    .as_u16()
}

async fn notification_kinds(app: &TestApp, token: &str) -> Vec<String> {
    app.get_json("/api/v1/notifications", token)
        .await
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap().to_owned())
        .collect()
}

/// Mallory and four fresh accounts of his join an open group of a founder and three members,
/// to elect himself steward, recall the founder and hide what he does not like. None of it
/// works: people who joined less than a week ago neither vote nor hide anything, and the
/// stewards hear of their flags.
#[tokio::test]
async fn sock_puppets_cannot_capture_an_open_group() {
    let app = spawn_app().await;
    let t = open_group_of_old_members(&app, &["anna", "bert", "carl", "dirk"]).await;
    // Bert became a steward long ago too (so a recall of Anna could open at all).
    sql(&app, "UPDATE memberships SET role = 'steward', steward_since = created_at WHERE user_id = (SELECT id FROM users WHERE username = 'bert')").await;
    let started: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &t[0],
            json!({"title": "Huisregels", "body": "Wie verkoopt, is weg."}),
        )
        .await
        .json()
        .await
        .unwrap();
    let annas_post = started["post"]["id"].as_i64().unwrap();

    // The attack.
    let mut puppets = Vec::new();
    for n in ["mallory", "pop1", "pop2", "pop3", "pop4"] {
        let token = app.register(n, GOOD_PASSWORD).await;
        assert_eq!(join(&app, &token, "lotgenoten", None).await.0, 200);
        puppets.push(token);
    }
    let elect = propose(
        &app,
        &puppets[0],
        "lotgenoten",
        json!({"kind": "elect_steward", "title": "Mallory", "payload": {"username": "mallory"}}),
    )
    .await;
    let recall = propose(
        &app,
        &puppets[0],
        "lotgenoten",
        json!({"kind": "recall_steward", "title": "Weg met Anna", "payload": {"username": "anna"}}),
    )
    .await;
    for (id, electorate) in [(elect, 4), (recall, 3)] {
        for p in &puppets {
            assert_eq!(
                vote(&app, p, id, "yes").await,
                403,
                "a week-old member votes, not a new one"
            );
        }
        let p = app.get_json(&format!("/api/v1/proposals/{id}"), &t[2]).await;
        assert_eq!(
            p["electorate"], electorate,
            "those who were there (not Anna on her recall): {p}"
        );
        assert_eq!(p["status"], "open");
    }
    for p in &puppets[1..4] {
        let res = app
            .post_json(
                &format!("/api/v1/posts/{annas_post}/flags"),
                p,
                json!({"reason": "Weg ermee"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let thread = app.get_json("/api/v1/groups/lotgenoten/threads", &t[2]).await;
    assert!(thread.to_string().contains("Huisregels"), "not hidden: {thread}");
    assert_eq!(app.count("flags").await, 3, "the flags are kept");
    for steward in [&t[0], &t[1]] {
        let kinds = notification_kinds(&app, steward).await;
        let told = kinds.iter().filter(|k| *k == "new_member_flag").count();
        assert_eq!(told, 1, "once for three flags, not once each: {kinds:?}");
    }
    assert!(
        !notification_kinds(&app, &t[2])
            .await
            .contains(&"new_member_flag".to_owned())
    );

    // The real members decide, the puppets do not (the recall is theirs to vote down).
    for m in &t[..4] {
        assert_eq!(vote(&app, m, elect, "no").await, 200, "a member votes");
    }
    discussion_time_passes(&app).await;
    assert_eq!(proposal_status(&app, &t[0], elect).await, "rejected");
}

/// An election, a recall or a sanction stays open for the group's discussion time (24 hours by
/// default), however fast its outcome is certain, and nobody sets it to close sooner. Other
/// proposals still close as soon as they are decided.
#[tokio::test]
async fn a_vote_about_people_stays_open_for_the_members_to_see() {
    let app = spawn_app().await;
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl", "dirk"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let members: Vec<&str> = t[1..].iter().map(String::as_str).collect();
    let huis: &'static str = app.shelter(&t[0], "huis", &members).await.leak();
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &t[0],
            json!({"kind": "elect_steward", "title": "Bert", "payload": {"username": "bert"},
                   "closes_at": (chrono::Utc::now() + chrono::Duration::hours(1)).to_rfc3339()}),
        )
        .await;
    assert_eq!(res.status(), 422, "no closing before the discussion time");
    let elect = propose(
        &app,
        &t[0],
        huis,
        json!({"kind": "elect_steward", "title": "Bert", "payload": {"username": "bert"}}),
    )
    .await;
    let rule = propose(
        &app,
        &t[0],
        huis,
        json!({"kind": "add_rule", "title": "Rust", "payload": {"title": "Rust", "text": "Stil na tien."}}),
    )
    .await;
    all_vote_yes(&app, elect, &t.iter().collect::<Vec<_>>()).await;
    all_vote_yes(&app, rule, &t.iter().collect::<Vec<_>>()).await;
    assert_eq!(proposal_status(&app, &t[0], rule).await, "passed");
    assert_eq!(
        proposal_status(&app, &t[0], elect).await,
        "open",
        "certain, yet open"
    );
    let p = app.get_json(&format!("/api/v1/proposals/{elect}"), &t[1]).await;
    assert!(p["open_at_least_until"].is_string(), "{p}");
    let r = app.get_json(&format!("/api/v1/proposals/{rule}"), &t[1]).await;
    assert!(r["open_at_least_until"].is_null(), "{r}");
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    assert_eq!(proposal_status(&app, &t[0], elect).await, "open");
    // A day later the scheduler closes it: its outcome was certain.
    discussion_time_passes(&app).await;
    assert_eq!(proposal_status(&app, &t[0], elect).await, "passed");
}

/// Taking the only steward away by a vote (recall, suspension, removal) cannot even be
/// proposed: a group with members always keeps a steward. Elect another first.
#[tokio::test]
async fn a_vote_cannot_leave_a_group_without_a_steward() {
    let app = spawn_app().await;
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis: &'static str = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await.leak();
    let rule_id = {
        let p = propose(
            &app,
            &t[0],
            huis,
            json!({"kind": "add_rule", "title": "Rust", "payload": {"title": "Rust", "text": "Stil na tien."}}),
        )
        .await;
        all_vote_yes(&app, p, &t.iter().collect::<Vec<_>>()).await;
        app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0]).await[0]["id"].clone()
    };
    let attempts = [
        json!({"kind": "recall_steward", "title": "Weg", "payload": {"username": "anna"}}),
        json!({"kind": "sanction", "title": "Weg", "payload": {"username": "anna", "sanction": "remove", "rule_id": rule_id}}),
        json!({"kind": "sanction", "title": "Weg", "payload": {"username": "anna", "sanction": "suspend", "days": 7, "rule_id": rule_id}}),
    ];
    for body in &attempts {
        let res = app
            .post_json(&format!("/api/v1/groups/{huis}/proposals"), &t[1], body.clone())
            .await;
        assert_eq!(res.status(), 409, "{body}");
        let err: Value = res.json().await.unwrap();
        assert_eq!(err["error"]["code"], "last_steward");
    }
    // A mute keeps her a steward; electing Bert first makes the recall possible.
    propose(
        &app,
        &t[1],
        huis,
        json!({"kind": "sanction", "title": "Even stil", "payload": {"username": "anna", "sanction": "mute", "days": 1, "rule_id": rule_id}}),
    )
    .await;
    let elect = propose(
        &app,
        &t[2],
        huis,
        json!({"kind": "elect_steward", "title": "Bert", "payload": {"username": "bert"}}),
    )
    .await;
    all_vote_yes(&app, elect, &t.iter().collect::<Vec<_>>()).await;
    discussion_time_passes(&app).await;
    assert_eq!(proposal_status(&app, &t[0], elect).await, "passed");
    let recall = propose(&app, &t[1], huis, attempts[0].clone()).await;
    // Bert steps down while the recall runs: when it passes, Anna stays, with a note.
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/members/bert"),
            &t[1],
            json!({"action": "step-down"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    all_vote_yes(&app, recall, &[&t[1], &t[2]]).await;
    discussion_time_passes(&app).await;
    let p = app.get_json(&format!("/api/v1/proposals/{recall}"), &t[0]).await;
    assert_eq!(p["status"], "passed", "{p}");
    assert!(
        p["note"].as_str().unwrap_or_default().contains("no steward"),
        "{p}"
    );
    let members = app
        .get_json(&format!("/api/v1/groups/{huis}/members"), &t[2])
        .await;
    let anna = members
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["username"] == "anna")
        .unwrap();
    assert_eq!(anna["role"], "steward", "{members}");
}

/// A quorum of nobody or a minority decision cannot be set; one ballot never decides a
/// proposal; a change that lowers the bar needs two thirds under the old rules.
#[tokio::test]
async fn a_group_cannot_set_its_bar_to_nothing() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let huis: &'static str = app.shelter(&anna, "huis", &[&bert, &carl]).await.leak();
    let settings = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &anna)
        .await;
    for (field, value) in [("quorum", 0), ("threshold", 50)] {
        let mut s = settings.clone();
        s[field]["sanction"] = json!(value);
        let res = app
            .api()
            .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
            .bearer_auth(&anna)
            .json(&s)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 422, "{field} {value}");
    }
    // The lowest bar allowed, set by the steward.
    let mut low = settings.clone();
    for kind in ["add_rule", "change_settings"] {
        low["quorum"][kind] = json!(10);
        low["threshold"][kind] = json!(51);
    }
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&anna)
        .json(&low)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    // Anna alone votes for her rule: at the deadline that is not enough.
    let rule = propose(
        &app,
        &anna,
        huis,
        json!({"kind": "add_rule", "title": "Rust", "payload": {"title": "Rust", "text": "Stil na tien."}}),
    )
    .await;
    assert_eq!(vote(&app, &anna, rule, "yes").await, 200);
    sql(
        &app,
        &format!("UPDATE proposals SET closes_at = opened_at WHERE id = {rule}"),
    )
    .await;
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    assert_eq!(proposal_status(&app, &anna, rule).await, "expired");
    // Lowering a bar by proposal needs two thirds; raising one the usual majority.
    let mut lower = low.clone();
    lower["case_quorum"] = json!(10);
    let mut higher = low.clone();
    higher["quorum"]["add_rule"] = json!(60);
    for (payload, threshold) in [(lower, 67), (higher, 51)] {
        let id = propose(
            &app,
            &bert,
            huis,
            json!({"kind": "change_settings", "title": "Regels", "payload": payload}),
        )
        .await;
        let p = app.get_json(&format!("/api/v1/proposals/{id}"), &bert).await;
        assert_eq!(p["threshold"], threshold, "{p}");
    }
}

/// A member opens proposals as fast as he can: the group's daily limit stops him, and the
/// others hear of his proposals of one kind once an hour, not forty times.
#[tokio::test]
async fn proposals_cannot_flood_a_group() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let huis: &'static str = app.shelter(&anna, "huis", &[&bert]).await.leak();
    let body = |n: usize| json!({"kind": "add_rule", "title": format!("Regel {n}"), "payload": {"title": format!("Regel {n}"), "text": "Tekst."}});
    for n in 0..10 {
        propose(&app, &bert, huis, body(n)).await;
    }
    let res = app
        .post_json(&format!("/api/v1/groups/{huis}/proposals"), &bert, body(10))
        .await;
    assert_eq!(res.status(), 429);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "proposal_limit");
    let told = notification_kinds(&app, &anna).await;
    assert_eq!(told.iter().filter(|k| *k == "proposal").count(), 1, "{told:?}");
    assert_eq!(app.count("proposals").await, 10);
}

/// More people join an open group in a day than its `join_surge`: its stewards hear of it,
/// once that day.
#[tokio::test]
async fn a_surge_of_joins_tells_the_stewards() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    create_group(
        &app,
        &anna,
        json!({"slug": "lotgenoten", "name": "Lotgenoten", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    let mut s = app.get_json("/api/v1/groups/lotgenoten/settings", &anna).await;
    s["join_surge"] = json!(2);
    let res = app
        .api()
        .put(app.url("/api/v1/groups/lotgenoten/settings"))
        .bearer_auth(&anna)
        .json(&s)
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    for (i, n) in ["een", "twee", "drie", "vier"].iter().enumerate() {
        let token = app.register(n, GOOD_PASSWORD).await;
        join(&app, &token, "lotgenoten", None).await;
        let surges = notification_kinds(&app, &anna)
            .await
            .into_iter()
            .filter(|k| k == "join_surge")
            .count();
        // Anna's own membership counts too: the third member of the day is one too many.
        assert_eq!(surges, usize::from(i >= 1), "after {n}");
    }
    let list = app.get_json("/api/v1/notifications", &anna).await;
    assert_eq!(list[0]["group"], "lotgenoten", "{list}");
}

/// Sends these requests all at once; answers their statuses in order.
async fn fire(app: &TestApp, token: &str, requests: Vec<(String, Value)>) -> Vec<u16> {
    futures_util::future::join_all(
        requests
            .into_iter()
            .map(|(path, body)| async move { app.post_json(&path, token, body).await.status().as_u16() }),
    )
    .await
}

/// Mallory keeps posting and chatting from ten tabs while he deletes his account (erase):
/// nothing he wrote outlives the erasure, and what loses the race answers 401, never 500.
#[tokio::test]
async fn deleting_an_account_wins_the_race_with_its_own_writes() {
    let app = common::spawn_app_with(|c| {
        c.chat_per_minute = 1_000;
        c.posts_per_minute = 1_000;
    })
    .await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let mallory = app.register("mallory", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&mallory]).await;
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Boodschappen", "body": "Wie gaat mee?"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = started["thread"]["id"].as_i64().unwrap();
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    // Ten writers post and chat one after another until they are refused; the deletion
    // lands in the middle of it.
    let writer = |w: usize| {
        let (app, mallory) = (&app, mallory.clone());
        async move {
            let mut statuses = Vec::new();
            for i in 0..200 {
                let (path, body) = if (w + i).is_multiple_of(2) {
                    (
                        format!("/api/v1/threads/{tid}/posts"),
                        json!({"body": format!("Spoorqzx nummer {w} {i}")}),
                    )
                } else {
                    (
                        format!("/api/v1/rooms/{room}/messages"),
                        json!({"body": format!("Spoorqzx bericht {w} {i}"), "client_id": format!("c{w}-{i}")}),
                    )
                };
                let status = app.post_json(&path, &mallory, body).await.status().as_u16();
                statuses.push(status);
                if status >= 400 {
                    break;
                }
            }
            statuses
        }
    };
    let writes = async { futures_util::future::join_all((0..10).map(writer)).await.concat() };
    let delete = async {
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
        app.api()
            .delete(app.url("/api/v1/me"))
            .bearer_auth(&mallory)
            .json(&json!({"password": GOOD_PASSWORD, "erase_content": true}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    let (statuses, deleted) = tokio::join!(writes, delete);
    assert_eq!(deleted, 204);
    // Stored before the account went (then erased), or refused: 401 when the session is
    // gone, 404 when the request got past it just before and then found the group as an
    // outsider does. Never a 500.
    assert!(
        statuses.iter().all(|s| [200, 201, 401, 404].contains(s)),
        "never a 500: {statuses:?}"
    );
    use sea_orm::ConnectionTrait;
    let conn = app.db.connect().await;
    for table in ["posts", "chat_messages"] {
        let row = conn
            .query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table} WHERE body LIKE '%Spoorqzx%'"),
            ))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0, "{table}");
    }
}

/// One message in the chat writer's batch fails (its author's account is gone): the others,
/// from other people, are stored and acknowledged all the same.
#[tokio::test]
async fn one_failing_message_does_not_fail_the_others_in_its_batch() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[]).await;
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap() as i32;
    let group = app.get_json(&format!("/api/v1/groups/{huis}"), &anna).await["id"]
        .as_i64()
        .unwrap() as i32;
    let writer = kwartier::chat::writer::Writer::spawn(app.state.db.clone(), Default::default(), None);
    let message = |author_id: i32, n: usize| kwartier::db::chat::NewMessage {
        room_id: room,
        group_id: group,
        author_id,
        client_id: format!("b{n}"),
        body: format!("bericht {n}"),
        body_html: format!("<p>bericht {n}</p>"),
    };
    let author = kwartier::wire::AuthorJson {
        username: Some("anna".into()),
        display_name: "anna".into(),
    };
    // Submitted together, so they share a batch; the fifth has an author who is gone.
    let mut answers = Vec::new();
    for n in 0..10 {
        let who = if n == 4 { 999_999 } else { 1 };
        answers.push(writer.submit(message(who, n), author.clone()).await);
    }
    let mut stored = Vec::new();
    for a in answers {
        stored.push(a.await.map(|r| r.is_ok()).unwrap_or(false));
    }
    let expected: Vec<bool> = (0..10).map(|n| n != 4).collect();
    assert_eq!(stored, expected);
    assert_eq!(app.count("chat_messages").await, 9);
}

/// "At most N" holds when forty requests arrive at once: rooms per group, a new account's
/// threads per day, flags per day, proposals per day.
#[tokio::test]
async fn limits_hold_under_concurrent_requests() {
    let app = common::spawn_app_with(|c| {
        c.new_account_days = 3;
        c.flags_per_day = 5;
        c.acts_per_minute = 10_000;
        c.posts_per_minute = 10_000;
    })
    .await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    // Anna is not new; Bert is.
    sql(
        &app,
        "UPDATE users SET created_at = '2000-01-01 00:00:00+00:00' WHERE username = 'anna'",
    )
    .await;
    let huis: &'static str = app.shelter(&anna, "huis", &[&bert]).await.leak();
    // Rooms: the group has one; at most 20.
    let rooms = fire(
        &app,
        &anna,
        (0..40)
            .map(|i| {
                (
                    format!("/api/v1/groups/{huis}/rooms"),
                    json!({"name": format!("Kamer {i}")}),
                )
            })
            .collect(),
    )
    .await;
    assert_eq!(rooms.iter().filter(|s| **s == 201).count(), 19, "{rooms:?}");
    assert_eq!(app.count("rooms").await, 20);
    // A new account's threads per day (3 by default).
    let threads = fire(
        &app,
        &bert,
        (0..40)
            .map(|i| {
                (
                    format!("/api/v1/groups/{huis}/threads"),
                    json!({"title": format!("Onderwerp {i}"), "body": format!("Tekst nummer {i}")}),
                )
            })
            .collect(),
    )
    .await;
    assert_eq!(threads.iter().filter(|s| **s == 201).count(), 3, "{threads:?}");
    // A proposal has its discussion thread: it counts as one.
    let res = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &bert,
            json!({"kind": "add_rule", "title": "Nog een", "payload": {"title": "Nog een", "text": "Tekst."}}),
        )
        .await;
    assert_eq!(res.status(), 429);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "new_account_limit"
    );
    // Flags per day (5 here): on forty of Anna's posts.
    let mut posts = Vec::new();
    let first: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Veel", "body": "Eerste"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = first["thread"]["id"].as_i64().unwrap();
    for i in 0..40 {
        let p: Value = app
            .post_json(
                &format!("/api/v1/threads/{tid}/posts"),
                &anna,
                json!({"body": format!("Reactie nummer {i}")}),
            )
            .await
            .json()
            .await
            .unwrap();
        posts.push(p["id"].as_i64().unwrap());
    }
    let flags = fire(
        &app,
        &bert,
        posts
            .iter()
            .map(|p| (format!("/api/v1/posts/{p}/flags"), json!({"reason": "Te veel"})))
            .collect(),
    )
    .await;
    assert_eq!(flags.iter().filter(|s| **s == 201).count(), 5, "{flags:?}");
    // Proposals per member per day (10 by default).
    let proposals = fire(
        &app,
        &anna,
        (0..40)
            .map(|i| {
                (
                    format!("/api/v1/groups/{huis}/proposals"),
                    json!({"kind": "add_rule", "title": format!("Regel {i}"), "payload": {"title": format!("Regel {i}"), "text": "Tekst."}}),
                )
            })
            .collect(),
    )
    .await;
    assert_eq!(
        proposals.iter().filter(|s| **s == 201).count(),
        10,
        "{proposals:?}"
    );
}

/// Join after join for the same room on one socket: after the first, each is answered
/// `already_joined` and replays nothing; a frame a little too long is answered `too_long` and
/// the connection stays.
#[tokio::test]
async fn repeated_joins_and_long_frames_are_answered_without_flooding_or_closing() {
    let app = common::spawn_app_with(|c| c.chat_per_minute = 1_000).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[]).await;
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &anna).await[0]["id"]
        .as_i64()
        .unwrap();
    for i in 0..60 {
        send_chat(&app, &anna, room, &format!("bericht {i}"), &format!("h{i}")).await;
    }
    let mut ws = app.ws(&anna).await;
    let replay = ws.join(room, None).await;
    assert_eq!(replay.len(), 50, "the last 50");
    for _ in 0..20 {
        ws.send(json!({"type": "join", "room": room})).await;
        let e = ws.expect(&["error"]).await;
        assert_eq!(e["code"], "already_joined", "{e}");
    }
    let long = "x".repeat(20 * 1024);
    ws.send(json!({"type": "send", "room": room, "body": long, "client_id": "lang"}))
        .await;
    assert_eq!(ws.expect(&["error"]).await["code"], "too_long");
    // Still connected, still in the room.
    ws.say(room, "nog hier", "kort").await;
}

/// A profile page as a membership oracle: a stranger asks for the profiles of the residents of
/// a private shelter (known names, guessed names), by page and API; someone who shares only a
/// public group with a resident looks for the shelter in "groups you share". Nothing tells
/// more than "no such name", and shared groups are only the viewer's own.
#[tokio::test]
async fn a_profile_does_not_tell_who_lives_in_a_private_house() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let mallory = app.register("mallory", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let open = create_group(
        &app,
        &anna,
        json!({"slug": "open", "name": "Open groep", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;

    // Mallory shares nothing with anyone: every name answers as one nobody has.
    let mut answers = Vec::new();
    for name in ["anna", "bert", "niemandhier", "x"] {
        let res = app
            .api()
            .get(app.url(&format!("/api/v1/users/{name}")))
            .bearer_auth(&mallory)
            .send()
            .await
            .unwrap();
        answers.push(seen(res).await);
    }
    assert_eq!(answers[0].0, 404);
    assert!(answers.iter().all(|a| a == &answers[0]), "{answers:?}");

    // Mallory joins the public group Anna runs: now Anna's profile shows, with that group
    // only; the shelter she shares with Bert does not appear, nor does Bert's profile.
    let (status, _) = join(&app, &mallory, &open, None).await;
    assert_eq!(status, 200);
    let profile = app.get_json("/api/v1/users/anna", &mallory).await;
    let shared: Vec<&str> = profile["shared_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["slug"].as_str().unwrap())
        .collect();
    assert_eq!(shared, [open.as_str()]);
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "mallory").await;
    let (_, page) = common::get_text(&browser, &app.url("/u/anna")).await;
    assert!(!page.contains(&huis) && !page.contains("Huis"), "{page}");
    let res = app
        .api()
        .get(app.url("/api/v1/users/bert"))
        .bearer_auth(&mallory)
        .send()
        .await
        .unwrap();
    assert_eq!(seen(res).await, answers[0]);
}

/// Speaking for someone else in their case: a member answers on the author's behalf, the
/// author answers twice, a stranger answers at all. Only the author's one answer stands.
#[tokio::test]
async fn only_the_author_answers_in_their_case_and_only_once() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let mallory = app.register("mallory", GOOD_PASSWORD).await;
    let huis = app.shelter(&anna, "huis", &[&bert, &carl]).await;
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &bert,
            json!({"title": "Afwas", "body": "Wie de afwas laat staan is een varken."}),
        )
        .await
        .json()
        .await
        .unwrap();
    let post = started["post"]["id"].as_i64().unwrap();
    for token in [&anna, &carl] {
        let res = app
            .post_json(
                &format!("/api/v1/posts/{post}/flags"),
                token,
                json!({"reason": "Kwetsend"}),
            )
            .await;
        assert!(res.status().is_success());
    }
    let cases = app.get_json(&format!("/api/v1/groups/{huis}/cases"), &anna).await;
    let case = cases[0]["id"].as_i64().unwrap_or_else(|| panic!("{cases}"));
    let respond = |token: String, text: &'static str| {
        let app = &app;
        async move {
            app.post_json(
                &format!("/api/v1/cases/{case}/response"),
                &token,
                json!({"response": text}),
            )
            .await
            .status()
            .as_u16()
        }
    };
    assert_eq!(
        respond(anna.clone(), "Hij bedoelt het niet zo").await,
        403,
        "a flagger speaks for him"
    );
    assert_eq!(
        respond(mallory.clone(), "Hallo").await,
        404,
        "a stranger sees no case"
    );
    assert_eq!(respond(bert.clone(), "Het was een grap.").await, 200);
    assert_eq!(
        respond(bert.clone(), "Nee, toch anders.").await,
        409,
        "one answer"
    );
    let seen_by_voter = app.get_json(&format!("/api/v1/cases/{case}"), &anna).await;
    assert_eq!(seen_by_voter["response"], "Het was een grap.", "{seen_by_voter}");
}
