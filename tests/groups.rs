//! Groups and shelters: making them, joining them, invites, stewards, settings and privacy.
mod common;

use common::{GOOD_PASSWORD, TestApp, csrf_of, spawn_app};
use serde_json::{Value, json};

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

async fn text(browser: &reqwest::Client, url: &str) -> (u16, String) {
    let res = browser.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The address of a group just made.
async fn slug_of(res: reqwest::Response) -> String {
    assert_eq!(res.status(), 201);
    res.json::<Value>().await.unwrap()["slug"]
        .as_str()
        .unwrap()
        .to_owned()
}

async fn api_create(app: &TestApp, token: &str, body: Value) -> reqwest::Response {
    app.api()
        .post(app.url("/api/v1/groups"))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_newcomer_makes_a_private_shelter_invites_a_resident_and_a_third_user_finds_no_trace() {
    let app = spawn_app().await;

    // Anna makes a shelter in the browser; the defaults make it private and by invitation.
    let anna = app.browser_with_lang("nl");
    app.register_in_browser(&anna, "anna").await;
    let res = app
        .submit_from(
            &anna,
            "/groups/new",
            "/groups",
            &[
                ("name", "Huis de Zon"),
                ("slug", "de-zon"),
                ("kind", "shelter"),
                ("visibility", ""),
                ("join_policy", ""),
                (
                    "description",
                    "Wij wonen hier **samen**. <script>alert(1)</script>",
                ),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    // A private group's address is the chosen one with a random part.
    let de_zon = location(&res)
        .strip_prefix("/g/")
        .and_then(|s| s.strip_suffix("?done=created"))
        .unwrap()
        .to_owned();
    assert!(
        de_zon.starts_with("de-zon-") && de_zon.len() == "de-zon-".len() + 8,
        "{de_zon}"
    );
    let (_, home) = text(&anna, &app.url(&format!("/g/{de_zon}?done=created"))).await;
    assert!(
        home.contains("Huis de Zon") && home.contains("Besloten") && home.contains("1 bewoner"),
        "{home}"
    );
    assert!(home.contains("Jij bent aanspreekpunt"));
    assert!(
        home.contains("<strong>samen</strong>") && !home.contains("<script>alert"),
        "description is sanitized"
    );

    // She makes an invite link, shown once.
    let res = app
        .submit_from(
            &anna,
            &format!("/g/{de_zon}/invites"),
            &format!("/g/{de_zon}/invites"),
            &[("expires_in_hours", "72")],
        )
        .await;
    assert_eq!(res.status(), 201);
    let page = res.text().await.unwrap();
    let start = page.find("id=\"invite-link\"").unwrap();
    let value = &page[start..];
    let url = value[value.find("value=\"").unwrap() + 7..]
        .split('"')
        .next()
        .unwrap()
        .to_owned();
    let path = url.strip_prefix(&app.base).expect("link on this site").to_owned();
    assert!(path.starts_with("/invite/"));
    let (_, again) = text(&anna, &app.url(&format!("/g/{de_zon}/invites"))).await;
    assert!(!again.contains(&path), "the link is not shown a second time");

    // Bert has no account yet: the invite page sends him to register and back.
    let bert = app.browser_with_lang("nl");
    let (status, landing) = text(&bert, &app.url(&path)).await;
    assert_eq!(status, 200);
    assert!(landing.contains("Uitnodiging voor Huis de Zon"));
    let register_link = format!(
        "/register?next={}",
        url::form_urlencoded::byte_serialize(path.as_bytes()).collect::<String>()
    );
    assert!(
        landing.contains(&register_link.replace('&', "&amp;")),
        "{landing}"
    );
    let (_, form) = text(&bert, &app.url(&register_link)).await;
    let res = app
        .submit(
            &bert,
            "/register",
            &csrf_of(&form),
            &[
                ("username", "bert"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
                ("next", path.as_str()),
            ],
        )
        .await;
    // First the welcome page with the recovery codes, then on to the invite.
    assert_eq!(location(&res), kwartier::routes::welcome_then(&path));
    let res = app.submit_from(&bert, &path, &path, &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), format!("/g/{de_zon}?done=joined"));
    let (_, home) = text(&bert, &app.url(&format!("/g/{de_zon}?done=joined"))).await;
    assert!(
        home.contains("Welkom! Je bent nu lid.")
            && home.contains("Jij bent bewoner")
            && home.contains("2 bewoners")
    );
    let (_, members) = text(&bert, &app.url(&format!("/g/{de_zon}/members"))).await;
    assert!(members.contains("Bewoners") && members.contains("@anna") && members.contains("@bert"));

    // Carl, logged in or not, finds nothing of it anywhere.
    let carl_token = app.register("carl", GOOD_PASSWORD).await;
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let anonymous = app.browser_with_lang("nl");
    for who in [&carl, &anonymous] {
        let (_, list) = text(who, &app.url("/groups")).await;
        assert!(!list.contains("Huis de Zon") && !list.contains(de_zon.as_str()));
        for sub in ["", "/members", "/invites", "/settings"] {
            let (status, body) = text(who, &app.url(&format!("/g/{de_zon}{sub}"))).await;
            let (ghost_status, ghost) = text(who, &app.url(&format!("/g/geen-groep{sub}"))).await;
            assert_eq!(status, ghost_status, "{sub}");
            assert_eq!(
                body.replace(de_zon.as_str(), "geen-groep"),
                ghost,
                "a private group looks exactly like no group: {sub}"
            );
            assert!(!body.contains("Huis de Zon"));
        }
    }
    let api = app.api();
    let list: Value = app.get_json("/api/v1/groups", &carl_token).await;
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .all(|g| g["slug"] != de_zon.as_str())
    );
    for path in [
        &format!("/api/v1/groups/{de_zon}"),
        &format!("/api/v1/groups/{de_zon}/members"),
        &format!("/api/v1/groups/{de_zon}/settings"),
    ] {
        let res = api
            .get(app.url(path))
            .bearer_auth(&carl_token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 404, "{path}");
        let body = res.text().await.unwrap();
        let ghost = api
            .get(app.url(&path.replace(de_zon.as_str(), "geen-groep")))
            .bearer_auth(&carl_token)
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert_eq!(body, ghost);
    }
    let res = app
        .post_json(&format!("/api/v1/groups/{de_zon}/join"), &carl_token, json!({}))
        .await;
    assert_eq!(res.status(), 404);
    // The used link does not work a second time.
    let res = app
        .post_json(
            &format!("/api/v1/groups/{de_zon}/join"),
            &carl_token,
            json!({"invite": path.trim_start_matches("/invite/")}),
        )
        .await;
    assert_eq!(res.status(), 404);
    // To someone outside it, a private group with a code that does not work answers as if
    // missing (the invite's own page, by code alone, says the invite no longer works).
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "not_found");
    let (status, _) = text(&carl, &app.url(&path)).await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn the_api_creates_groups_with_kind_defaults_and_refuses_bad_input() {
    let app = spawn_app().await;
    let token = app.register("anna", GOOD_PASSWORD).await;
    let res = api_create(&app, &token, json!({"slug": "Schulden-Samen", "name": "Schulden samen", "kind": "peer_group", "visibility": "public", "description": "Wij helpen *elkaar*."})).await;
    assert_eq!(res.status(), 201);
    let g: Value = res.json().await.unwrap();
    assert_eq!(g["slug"], "schulden-samen");
    assert_eq!(g["visibility"], "public");
    assert_eq!(g["join_policy"], "approval");
    assert_eq!(g["member_count"], 1);
    assert_eq!(g["my_membership"], json!({"role": "steward", "status": "active"}));
    assert_eq!(g["description_html"], "<p>Wij helpen <em>elkaar</em>.</p>\n");

    let res = api_create(
        &app,
        &token,
        json!({"slug": "schulden-samen", "name": "Nog een", "kind": "peer_group", "visibility": "public"}),
    )
    .await;
    assert_eq!(res.status(), 409);
    assert_eq!(res.json::<Value>().await.unwrap()["error"]["code"], "slug_taken");

    for (body, field) in [
        (
            json!({"slug": "ok-slug", "name": "Huis", "kind": "shelter", "visibility": "private", "join_policy": "open"}),
            "join_policy",
        ),
        (json!({"slug": "a", "name": "Huis", "kind": "shelter"}), "slug"),
        (json!({"slug": "new", "name": "Huis", "kind": "shelter"}), "slug"),
        (
            json!({"slug": "ok-slug", "name": "Hu", "kind": "shelter"}),
            "name",
        ),
        (
            json!({"slug": "ok-slug", "name": "Huis", "kind": "castle"}),
            "kind",
        ),
        (
            json!({"slug": "ok-slug", "name": "Huis", "kind": "shelter", "visibility": "secret"}),
            "visibility",
        ),
        (
            json!({"slug": "ok-slug", "name": "Huis", "kind": "shelter", "description": "x".repeat(5001)}),
            "description",
        ),
    ] {
        let res = api_create(&app, &token, body.clone()).await;
        assert_eq!(res.status(), 422, "{body}");
        let err: Value = res.json().await.unwrap();
        assert!(err["error"]["fields"][field].is_string(), "{body}: {err}");
    }
    let res = app.api().get(app.url("/api/v1/groups")).send().await.unwrap();
    assert_eq!(
        res.json::<Value>().await.unwrap().as_array().unwrap().len(),
        1,
        "nothing half-stored"
    );
}

#[tokio::test]
async fn asking_to_join_a_public_group_waits_for_a_steward() {
    let app = spawn_app().await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    api_create(
        &app,
        &steward,
        json!({"slug": "lotgenoten", "name": "Lotgenoten", "kind": "peer_group", "visibility": "public"}),
    )
    .await;
    let bert = app.browser_with_lang("en");
    app.register_in_browser(&bert, "bert").await;

    // Anyone can read a public group's home; Bert asks to join.
    let (status, home) = text(&app.browser(), &app.url("/g/lotgenoten")).await;
    assert_eq!(status, 200);
    assert!(home.contains("Log in om lid te worden"));
    let res = app
        .submit_from(&bert, "/g/lotgenoten", "/g/lotgenoten/join", &[])
        .await;
    assert_eq!(location(&res), "/g/lotgenoten?done=requested");
    let (_, home) = text(&bert, &app.url("/g/lotgenoten")).await;
    assert!(home.contains("You asked to join. A steward decides."));
    let res = app
        .api()
        .get(app.url("/api/v1/groups/lotgenoten/members"))
        .bearer_auth(&steward)
        .send()
        .await
        .unwrap();
    let members: Value = res.json().await.unwrap();
    assert!(
        members
            .as_array()
            .unwrap()
            .iter()
            .any(|m| m["username"] == "bert" && m["status"] == "pending")
    );

    // The steward sees the request on the members page and says yes.
    let anna = app.browser();
    app.login_in_browser(&anna, "anna").await;
    let (_, page) = text(&anna, &app.url("/g/lotgenoten/members")).await;
    assert!(page.contains("Vragen om lid te worden") && page.contains("/g/lotgenoten/members/bert/approve"));
    let res = app
        .submit_from(
            &anna,
            "/g/lotgenoten/members",
            "/g/lotgenoten/members/bert/approve",
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    let g: Value = app
        .api()
        .get(app.url("/api/v1/groups/lotgenoten"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(g["member_count"], 2);
    assert_eq!(g["my_membership"], Value::Null);
    let (_, home) = text(&bert, &app.url("/g/lotgenoten")).await;
    assert!(home.contains("You are a member"));

    // A second request is declined: the person is simply not in.
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let res = app
        .api()
        .post(app.url("/api/v1/groups/lotgenoten/join"))
        .bearer_auth(&carl)
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "pending");
    let res = app
        .api()
        .post(app.url("/api/v1/groups/lotgenoten/members/carl"))
        .bearer_auth(&steward)
        .json(&json!({"action": "decline"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let g: Value = app
        .api()
        .get(app.url("/api/v1/groups/lotgenoten"))
        .bearer_auth(&carl)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(g["my_membership"], Value::Null);
    let res = app
        .api()
        .post(app.url("/api/v1/groups/lotgenoten/members/carl"))
        .bearer_auth(&steward)
        .json(&json!({"action": "dance"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn open_groups_let_people_in_and_invite_only_groups_do_not() {
    let app = spawn_app().await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    api_create(
        &app,
        &steward,
        json!({"slug": "inloop", "name": "Inloop", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    api_create(
        &app,
        &steward,
        json!({"slug": "kring", "name": "Kring", "kind": "peer_group", "visibility": "public", "join_policy": "invite"}),
    )
    .await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let api = app.api();
    let res = api
        .post(app.url("/api/v1/groups/inloop/join"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "active");
    let res = api
        .post(app.url("/api/v1/groups/inloop/join"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.json::<Value>().await.unwrap()["status"],
        "active",
        "joining twice changes nothing"
    );
    let res = api
        .post(app.url("/api/v1/groups/kring/join"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "invite_required"
    );
    let res = api
        .post(app.url("/api/v1/groups/inloop/leave"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let g: Value = app.get_json("/api/v1/groups/inloop", &bert).await;
    assert_eq!(g["member_count"], 1);
}

#[tokio::test]
async fn invites_expire_are_single_use_and_can_be_revoked() {
    let app = spawn_app().await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    let huis = slug_of(
        api_create(
            &app,
            &steward,
            json!({"slug": "huis", "name": "Het Huis", "kind": "shelter"}),
        )
        .await,
    )
    .await;
    let api = app.api();
    let invites = format!("/api/v1/groups/{huis}/invites");
    let invite = |hours: Value| app.post_json(&invites, &steward, json!({"expires_in_hours": hours}));
    for bad in [json!(0), json!(721), json!(-5)] {
        assert_eq!(invite(bad).await.status(), 422);
    }
    let made: Value = invite(json!(1)).await.json().await.unwrap();
    let code = made["code"].as_str().unwrap().to_owned();
    assert!(
        made["url"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/invite/{code}"))
    );
    let expires = chrono::DateTime::parse_from_rfc3339(made["expires_at"].as_str().unwrap()).unwrap();
    let in_an_hour = chrono::Utc::now() + chrono::Duration::hours(1);
    assert!(
        (expires.with_timezone(&chrono::Utc) - in_an_hour)
            .num_seconds()
            .abs()
            < 60
    );

    // Expired: moved into the past behind the server's back.
    sea_orm::ConnectionTrait::execute_unprepared(
        &app.state.db,
        "UPDATE invites SET expires_at = '2020-01-01T00:00:00Z'",
    )
    .await
    .unwrap();
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let join = |code: String, token: String| {
        api.post(app.url(&format!("/api/v1/groups/{huis}/join")))
            .bearer_auth(token)
            .json(&json!({"invite": code}))
            .send()
    };
    assert_eq!(join(code.clone(), bert.clone()).await.unwrap().status(), 404);

    // Revoked.
    let made: Value = invite(json!(24)).await.json().await.unwrap();
    let code = made["code"].as_str().unwrap().to_owned();
    let open: Value = app
        .get_json(&format!("/api/v1/groups/{huis}/invites"), &steward)
        .await;
    assert_eq!(open.as_array().unwrap().len(), 1);
    let id = open[0]["id"].as_i64().unwrap();
    let res = api
        .delete(app.url(&format!("/api/v1/groups/{huis}/invites/{id}")))
        .bearer_auth(&steward)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(join(code, bert.clone()).await.unwrap().status(), 404);

    // Used once, then gone; an invite for another group does not open this one.
    let made: Value = invite(json!(24)).await.json().await.unwrap();
    let code = made["code"].as_str().unwrap().to_owned();
    let ander_huis = slug_of(
        api_create(
            &app,
            &steward,
            json!({"slug": "ander-huis", "name": "Ander Huis", "kind": "shelter"}),
        )
        .await,
    )
    .await;
    let res = app
        .post_json(
            &format!("/api/v1/groups/{ander_huis}/join"),
            &bert,
            json!({"invite": code}),
        )
        .await;
    assert_eq!(res.status(), 404);
    let res = join(code.clone(), bert.clone()).await.unwrap();
    assert_eq!(res.json::<Value>().await.unwrap()["status"], "active");
    let carl = app.register("carl", GOOD_PASSWORD).await;
    assert_eq!(join(code, carl).await.unwrap().status(), 404);
}

#[tokio::test]
async fn a_group_with_members_always_keeps_a_steward() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    api_create(
        &app,
        &anna,
        json!({"slug": "inloop", "name": "Inloop", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    let api = app.api();
    api.post(app.url("/api/v1/groups/inloop/join"))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();

    let res = api
        .post(app.url("/api/v1/groups/inloop/leave"))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "last_steward"
    );
    let app = &app;
    let step_down = |token: String, who: &'static str| async move {
        app.post_json(
            &format!("/api/v1/groups/inloop/members/{who}"),
            &token,
            json!({"action": "step-down"}),
        )
        .await
    };
    assert_eq!(step_down(anna.clone(), "anna").await.status(), 409);
    // Bert is not a steward: he cannot appoint, nor step anyone down.
    let res = app
        .post_json(
            "/api/v1/groups/inloop/members/bert",
            &bert,
            json!({"action": "steward"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    assert_eq!(step_down(bert.clone(), "anna").await.status(), 403);

    let res = app
        .post_json(
            "/api/v1/groups/inloop/members/bert",
            &anna,
            json!({"action": "steward"}),
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        step_down(anna.clone(), "bert").await.status(),
        403,
        "stewards do not demote each other"
    );
    assert_eq!(step_down(anna.clone(), "anna").await.status(), 204);
    let res = api
        .post(app.url("/api/v1/groups/inloop/leave"))
        .bearer_auth(&anna)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let members: Value = app.get_json("/api/v1/groups/inloop/members", &bert).await;
    assert_eq!(
        members,
        json!([{"username": "bert", "display_name": "bert", "role": "steward", "status": "active"}])
    );
    // The last one out may go.
    assert_eq!(
        api.post(app.url("/api/v1/groups/inloop/leave"))
            .bearer_auth(&bert)
            .send()
            .await
            .unwrap()
            .status(),
        204
    );
}

#[tokio::test]
async fn stewards_edit_the_settings_and_members_read_them() {
    let app = spawn_app().await;
    let anna = app.browser_with_lang("nl");
    app.register_in_browser(&anna, "anna").await;
    let res = app
        .submit_from(
            &anna,
            "/groups/new",
            "/groups",
            &[("name", "Huis"), ("slug", "huis"), ("kind", "shelter")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let huis = location(&res)
        .strip_prefix("/g/")
        .unwrap()
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let (_, page) = text(&anna, &app.url(&format!("/g/{huis}/settings"))).await;
    assert!(
        page.contains("Leden die iets melden voordat het verborgen wordt")
            && page.contains("name=\"quorum.add_rule\" value=\"50\"")
    );

    // Change the flag threshold, keep everything else as the form shows it.
    let csrf = csrf_of(&page);
    let mut fields: Vec<(String, String)> = vec![
        ("csrf".into(), csrf.clone()),
        ("flag_threshold".into(), "5".into()),
        ("review_period_hours".into(), "48".into()),
        ("case_quorum".into(), "30".into()),
        ("voting_period_hours".into(), "96".into()),
        ("chat_retention_days".into(), "30".into()),
        ("elector_days".into(), "0".into()),
        ("discussion_hours".into(), "24".into()),
        ("join_surge".into(), "10".into()),
        ("proposals_per_day".into(), "10".into()),
        ("meeting_quorum".into(), "50".into()),
        ("meeting_names".into(), "0".into()),
    ];
    for kind in kwartier::domain::group::PROPOSAL_KINDS {
        fields.push((format!("quorum.{kind}"), "40".into()));
        fields.push((format!("threshold.{kind}"), "60".into()));
        fields.push((
            format!("electorate.{kind}"),
            if *kind == "elect_steward" {
                "stewards"
            } else {
                "members"
            }
            .into(),
        ));
    }
    let res = anna
        .post(app.url(&format!("/g/{huis}/settings")))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = app
        .api()
        .post(app.url("/api/v1/auth/login"))
        .json(&json!({"username": "anna", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    let anna_token = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let s: Value = app
        .api()
        .get(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&anna_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(s["flag_threshold"], 5);
    assert_eq!(s["review_period_hours"], 48);
    assert_eq!(s["quorum"]["sanction"], 40);
    assert_eq!(s["threshold"]["add_rule"], 60);
    assert_eq!(s["electorate"]["elect_steward"], "stewards");
    assert_eq!(s["chat_retention_days"], 30);

    // Out of range: the form comes back with the reason, nothing changes.
    fields[1].1 = "0".into();
    let res = anna
        .post(app.url(&format!("/g/{huis}/settings")))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Dit getal kan niet."));
    fields[1].1 = "abc".into();
    let res = anna
        .post(app.url(&format!("/g/{huis}/settings")))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let mut bad = s.clone();
    bad["threshold"]["add_rule"] = json!(30);
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&anna_token)
        .json(&bad)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let again: Value = app
        .api()
        .get(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&anna_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(again, s);

    // A member reads them but has no form to change them.
    let invite: Value = app
        .api()
        .post(app.url(&format!("/api/v1/groups/{huis}/invites")))
        .bearer_auth(&anna_token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bert = app.browser();
    app.register_in_browser(&bert, "bert").await;
    let path = format!("/invite/{}", invite["code"].as_str().unwrap());
    app.submit_from(&bert, &path, &path, &[]).await;
    let (status, page) = text(&bert, &app.url(&format!("/g/{huis}/settings"))).await;
    assert_eq!(status, 200);
    assert!(page.contains("Alleen aanspreekpunten kunnen dit nu veranderen") && !page.contains("Opslaan"));
    let res = app
        .submit_from(
            &bert,
            &format!("/g/{huis}"),
            &format!("/g/{huis}/settings"),
            &[("flag_threshold", "1")],
        )
        .await;
    assert_eq!(res.status(), 403);
}

/// Many people doing writes at once never get a 500: on SQLite every write transaction takes
/// the write lock when it starts, so none has to give up halfway.
#[tokio::test]
async fn many_people_joining_and_posting_at_once_all_get_an_answer() {
    let app = common::spawn_app_with(|c| c.register_per_ip_per_hour = 100).await;
    let steward = app.register("anna", GOOD_PASSWORD).await;
    let res = api_create(
        &app,
        &steward,
        json!({"slug": "inloop", "name": "Inloop", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    assert_eq!(res.status(), 201);
    let mut tokens = Vec::new();
    for i in 0..24 {
        tokens.push(app.register(&format!("peer{i}"), GOOD_PASSWORD).await);
    }
    let joins = tokens
        .iter()
        .map(|t| app.post_json("/api/v1/groups/inloop/join", t, json!({})));
    for res in futures_util::future::join_all(joins).await {
        assert_eq!(res.status(), 200, "{:?}", res.text().await);
    }
    let threads = tokens.iter().enumerate().map(|(i, t)| {
        app.post_json(
            "/api/v1/groups/inloop/threads",
            t,
            json!({"title": format!("Draad {i}"), "body": "Hallo allemaal"}),
        )
    });
    for res in futures_util::future::join_all(threads).await {
        assert_eq!(res.status(), 201, "{:?}", res.text().await);
    }
    let g: Value = app.get_json("/api/v1/groups/inloop", &steward).await;
    assert_eq!(g["member_count"], 25);
}
