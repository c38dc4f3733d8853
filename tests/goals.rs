//! Small steps (issue 22, part 1): Anna writes a goal with small steps and shares it with her
//! house; Bert and Carl see it and cheer; nobody else does (an outsider, the instance admin:
//! 404 exactly as for a goal that does not exist). Check-ins arrive after the days she chose,
//! never more than one a day, and stop when the goal is reached; reaching it is celebrated to
//! the house once. Her goals are in her export, never in the admin's, and go with her account.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app, spawn_app_with};
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};

fn kinds(list: &Value) -> Vec<String> {
    list.as_array()
        .unwrap()
        .iter()
        .map(|n| n["kind"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// Anna (steward), Bert and Carl share a house; Dirk is in no group; Eva is the instance admin.
async fn house(app: &TestApp) -> (Vec<String>, String) {
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl", "dirk", "eva"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    app.state
        .db
        .execute_unprepared("UPDATE users SET is_admin = TRUE WHERE username = 'eva'")
        .await
        .unwrap();
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await;
    (t, huis)
}

#[tokio::test]
async fn anna_shares_a_goal_the_house_cheers_and_nobody_else_sees_it() {
    let app = spawn_app().await;
    let (t, huis) = house(&app).await;
    let post = reqwest::Method::POST;
    let patch = reqwest::Method::PATCH;

    // Limits first: nothing is stored when something is wrong.
    let (status, body) = app
        .call(
            post.clone(),
            "/api/v1/me/goals",
            &t[0],
            json!({"title": "", "steps": [{"title": "x".repeat(201)}], "check_in_days": 31}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    for field in ["title", "steps", "check_in_days"] {
        assert!(body["error"]["fields"][field].is_string(), "{field}: {body}");
    }
    let (status, body) = app
        .call(
            post.clone(),
            "/api/v1/me/goals",
            &t[3],
            json!({"title": "Meedoen", "shared_with": huis}),
        )
        .await;
    assert_eq!(status, 422, "Dirk cannot share with a house he is not in: {body}");
    assert_eq!(app.count("goals").await, 0);

    let (status, goal) = app.call(post.clone(),
        "/api/v1/me/goals",
        &t[0],
        json!({"title": "Administratie op orde", "why": "Dan slaap ik beter.",
               "steps": [{"title": "Eén kast opruimen"}, {"title": "Post openen"}, {"title": "Bellen met de schuldhulp"}],
               "shared_with": huis, "check_in_days": 3}),
    )
    .await;
    assert_eq!(status, 201, "{goal}");
    let id = goal["id"].as_i64().unwrap();
    let step = goal["steps"][0]["id"].as_i64().unwrap();
    assert_eq!(goal["shared_with"], huis);
    assert_eq!(goal["check_in_days"], 3);
    assert_eq!(goal["status"], "active");
    assert_eq!(goal["steps"].as_array().unwrap().len(), 3);

    // The house sees it (not when Anna asked to hear from it: that is hers).
    let shared = app.get_json(&format!("/api/v1/groups/{huis}/goals"), &t[1]).await;
    assert_eq!(shared[0]["title"], "Administratie op orde", "{shared}");
    assert_eq!(shared[0]["check_in_days"], Value::Null);
    let seen = app.get_json(&format!("/api/v1/goals/{id}"), &t[2]).await;
    assert_eq!(seen["owner"]["username"], "anna");

    // Dirk (in no group) and Eva (the instance admin) find nothing: the answer a goal that
    // does not exist gets, to the byte.
    let (missing_status, missing) = app
        .call(reqwest::Method::GET, "/api/v1/goals/999999", &t[3], json!({}))
        .await;
    for token in [&t[3], &t[4]] {
        let (status, body) = app
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/goals/{id}"),
                token,
                json!({}),
            )
            .await;
        assert_eq!((status, &body), (missing_status, &missing));
        let (status, _) = app
            .call(
                post.clone(),
                &format!("/api/v1/goals/{id}/cheers"),
                token,
                json!({}),
            )
            .await;
        assert_eq!(status, 404);
        let (status, _) = app
            .call(
                reqwest::Method::GET,
                &format!("/api/v1/groups/{huis}/goals"),
                token,
                json!({}),
            )
            .await;
        assert_eq!(status, 404);
    }
    let eva = app.browser();
    app.login_in_browser(&eva, "eva").await;
    let (status, page) = get_text(&eva, &app.url(&format!("/goals/{id}"))).await;
    assert_eq!(status, 404);
    assert!(!page.contains("Administratie"));

    // Only Anna changes it; Bert may not.
    let (status, _) = app
        .call(
            patch.clone(),
            &format!("/api/v1/goals/{id}"),
            &t[1],
            json!({"title": "Van mij"}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            patch.clone(),
            &format!("/api/v1/goals/{id}/steps/{step}"),
            &t[1],
            json!({"done": true}),
        )
        .await;
    assert_eq!(status, 403);

    // Anna ticks a step; Bert cheers it; a thumbs-up counts once; Anna cannot cheer herself.
    let (status, ticked) = app
        .call(
            patch.clone(),
            &format!("/api/v1/goals/{id}/steps/{step}"),
            &t[0],
            json!({"done": true}),
        )
        .await;
    assert_eq!(status, 200, "{ticked}");
    assert_eq!(ticked["done"], true);
    assert!(ticked["done_at"].is_string());
    for _ in 0..2 {
        let (status, _) = app
            .call(
                post.clone(),
                &format!("/api/v1/goals/{id}/cheers"),
                &t[1],
                json!({"step_id": step}),
            )
            .await;
        assert_eq!(status, 201);
    }
    let (status, _) = app
        .call(
            post.clone(),
            &format!("/api/v1/goals/{id}/cheers"),
            &t[2],
            json!({"body": "Goed bezig, Anna!"}),
        )
        .await;
    assert_eq!(status, 201);
    let (status, body) = app
        .call(
            post.clone(),
            &format!("/api/v1/goals/{id}/cheers"),
            &t[2],
            json!({"body": "x".repeat(281)}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = app
        .call(
            post.clone(),
            &format!("/api/v1/goals/{id}/cheers"),
            &t[0],
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let seen = app.get_json(&format!("/api/v1/goals/{id}"), &t[0]).await;
    let cheers = seen["cheers"].as_array().unwrap();
    assert_eq!(cheers.len(), 2, "{seen}");
    assert_eq!(cheers[0]["step_id"], step);
    assert_eq!(cheers[1]["body"], "Goed bezig, Anna!");
    let told = app.get_json("/api/v1/notifications", &t[0]).await;
    assert_eq!(
        kinds(&told).iter().filter(|k| *k == "goal_cheer").count(),
        2,
        "{told}"
    );

    // Steps are added and rewritten.
    let (status, added) = app
        .call(
            post.clone(),
            &format!("/api/v1/goals/{id}/steps"),
            &t[0],
            json!({"title": "Map kopen"}),
        )
        .await;
    assert_eq!(status, 201, "{added}");
    let (status, _) = app
        .call(
            patch.clone(),
            &format!("/api/v1/goals/{id}/steps/{}", added["id"]),
            &t[0],
            json!({"title": "Een mooie map kopen"}),
        )
        .await;
    assert_eq!(status, 200);
    let seen = app.get_json(&format!("/api/v1/goals/{id}"), &t[0]).await;
    assert_eq!(seen["steps"][3]["title"], "Een mooie map kopen");

    // Reached: the house is told, once, also when she picks it up again and reaches it twice.
    for status in ["reached", "active", "reached"] {
        let (code, body) = app
            .call(
                patch.clone(),
                &format!("/api/v1/goals/{id}"),
                &t[0],
                json!({"status": status}),
            )
            .await;
        assert_eq!(code, 200, "{body}");
    }
    for token in [&t[1], &t[2]] {
        let told = app.get_json("/api/v1/notifications", token).await;
        assert_eq!(
            kinds(&told).iter().filter(|k| *k == "goal_reached").count(),
            1,
            "{told}"
        );
    }
    assert_eq!(
        app.count("goals WHERE next_check_in_at IS NOT NULL").await,
        0,
        "no check-ins after reaching it"
    );

    // A private goal is Anna's alone.
    let (_, own) = app
        .call(
            post.clone(),
            "/api/v1/me/goals",
            &t[0],
            json!({"title": "Minder roken"}),
        )
        .await;
    let (status, _) = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/goals/{}", own["id"]),
            &t[1],
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let (status, _) = app
        .call(
            post.clone(),
            &format!("/api/v1/goals/{}/cheers", own["id"]),
            &t[1],
            json!({}),
        )
        .await;
    assert_eq!(status, 404);

    // She keeps the first one to herself after all: the house no longer sees it, nor what it
    // was told of it.
    let (status, body) = app
        .call(
            patch.clone(),
            &format!("/api/v1/goals/{id}"),
            &t[0],
            json!({"shared_with": null}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["shared_with"], Value::Null);
    let (status, _) = app
        .call(
            reqwest::Method::GET,
            &format!("/api/v1/goals/{id}"),
            &t[1],
            json!({}),
        )
        .await;
    assert_eq!(status, 404);
    let told = app.get_json("/api/v1/notifications", &t[1]).await;
    assert!(!kinds(&told).contains(&"goal_reached".to_owned()), "{told}");
    assert_eq!(
        app.get_json(&format!("/api/v1/groups/{huis}/goals"), &t[1]).await,
        json!([])
    );

    // Her export holds her goals and steps; the admin's export on request holds none.
    let mine = app.get_json("/api/v1/me/export", &t[0]).await;
    assert_eq!(mine["goals"].as_array().unwrap().len(), 2, "{mine}");
    assert!(mine.to_string().contains("Een mooie map kopen"));
    let carl = app.get_json("/api/v1/me/export", &t[2]).await;
    assert_eq!(carl["cheers"][0]["body"], "Goed bezig, Anna!");
    let res = app
        .post_json(
            "/api/v1/admin/accounts/anna/export",
            &t[4],
            json!({"reason": "Op haar verzoek"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let by_admin = res.text().await.unwrap();
    assert!(
        !by_admin.contains("Administratie") && !by_admin.contains("roken"),
        "{by_admin}"
    );

    // Her account goes, and her goals with it: steps, cheers, and every notice of them.
    let (status, _) = app
        .call(
            reqwest::Method::DELETE,
            "/api/v1/me",
            &t[0],
            json!({"password": GOOD_PASSWORD, "erase_content": true}),
        )
        .await;
    assert_eq!(status, 204);
    assert_eq!(app.count("goals").await, 0);
    assert_eq!(app.count("goal_steps").await, 0);
    assert_eq!(app.count("goal_cheers").await, 0);
    assert_eq!(app.count("notifications WHERE goal_id IS NOT NULL").await, 0);
}

#[tokio::test]
async fn a_muted_member_cannot_share_or_cheer_but_may_keep_a_goal_private() {
    let app = spawn_app().await;
    let (t, huis) = house(&app).await;
    let (_, goal) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/me/goals",
            &t[0],
            json!({"title": "Elke dag wandelen", "steps": [{"title": "Tien minuten"}], "shared_with": huis}),
        )
        .await;
    let id = goal["id"].as_i64().unwrap();
    let until = (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339();
    app.state
        .db
        .execute_unprepared(&format!(
            "UPDATE memberships SET muted_until = '{until}' WHERE user_id IN (SELECT id FROM users WHERE username IN ('bert', 'anna'))"
        ))
        .await
        .unwrap();
    // Muted Bert: no cheer; muted Anna: no new goal shared with the house, nothing new shown.
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/goals/{id}/cheers"),
            &t[1],
            json!({}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/me/goals",
            &t[0],
            json!({"title": "Nog een", "shared_with": huis}),
        )
        .await;
    assert_eq!(status, 403);
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/goals/{id}/steps"),
            &t[0],
            json!({"title": "Twintig minuten"}),
        )
        .await;
    assert_eq!(status, 403);
    assert_eq!(app.count("goals").await, 1);
    assert_eq!(app.count("goal_steps").await, 1);
    assert_eq!(app.count("goal_cheers").await, 0);
    // Taking it out of sight is always hers to do, and a private goal goes on as before.
    let (status, _) = app
        .call(
            reqwest::Method::PATCH,
            &format!("/api/v1/goals/{id}"),
            &t[0],
            json!({"shared_with": null}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, _) = app
        .call(
            reqwest::Method::POST,
            &format!("/api/v1/goals/{id}/steps"),
            &t[0],
            json!({"title": "Twintig minuten"}),
        )
        .await;
    assert_eq!(status, 201);
}

#[tokio::test]
async fn check_ins_come_after_the_days_at_most_daily_and_stop_when_reached() {
    // A "day" of two seconds, as the browser journey uses.
    let app = spawn_app_with(|c| c.day_seconds = 2).await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let (status, goal) = app
        .call(
            reqwest::Method::POST,
            "/api/v1/me/goals",
            &anna,
            json!({"title": "Administratie op orde", "check_in_days": 1}),
        )
        .await;
    assert_eq!(status, 201);
    let id = goal["id"].as_i64().unwrap();
    let second = app.another_instance().await;
    let tick = |a: &TestApp| {
        let state = a.state.clone();
        async move { kwartier::services::goals::tick(&state).await.unwrap() }
    };
    // Counted in the database: the servers' own rounds may send one as well as these calls.
    let sent = || app.count("notifications WHERE kind = 'goal_check_in'");
    tick(&app).await;
    assert_eq!(sent().await, 0, "not before the day has passed");
    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    // Two instances look at once: one check-in is sent.
    tokio::join!(tick(&app), tick(&second));
    assert_eq!(sent().await, 1);
    tick(&app).await;
    tick(&second).await;
    assert_eq!(sent().await, 1, "never twice in one day");
    let told = app.get_json("/api/v1/notifications", &anna).await;
    assert_eq!(told[0]["kind"], "goal_check_in", "{told}");
    assert_eq!(told[0]["goal_id"], id, "{told}");
    // The notification page links the goal with the gentle question.
    let browser = app.browser();
    app.login_in_browser(&browser, "anna").await;
    let (_, page) = get_text(&browser, &app.url("/notifications")).await;
    assert!(page.contains("Hoe gaat het met"), "{page}");
    assert!(page.contains(&format!("/goals/{id}")));

    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    tick(&app).await;
    assert_eq!(sent().await, 2, "the next day, the next one");
    // Reached: no more.
    app.call(
        reqwest::Method::PATCH,
        &format!("/api/v1/goals/{id}"),
        &anna,
        json!({"status": "reached"}),
    )
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(2_200)).await;
    tick(&app).await;
    assert_eq!(sent().await, 2, "none after it was reached");
    second.stop().await;
}

#[tokio::test]
async fn the_whole_journey_works_on_pages_without_javascript() {
    let app = spawn_app().await;
    let (_, huis) = house(&app).await;
    let anna = app.browser();
    app.login_in_browser(&anna, "anna").await;
    let (status, page) = get_text(&anna, &app.url("/goals")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(&format!(r#"<option value="{huis}""#)),
        "her house is offered to share with: {page}"
    );

    // A mistake comes back with what she typed.
    let res = app
        .submit_from(
            &anna,
            "/goals",
            "/goals",
            &[("title", ""), ("steps", "Eén kast opruimen")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let again = res.text().await.unwrap();
    assert!(
        again.contains("Eén kast opruimen") && again.contains("Vul dit in."),
        "{again}"
    );

    let res = app
        .submit_from(
            &anna,
            "/goals",
            "/goals",
            &[
                ("title", "Administratie op orde"),
                ("why", "Dan slaap ik beter."),
                ("steps", "Eén kast opruimen\n\nPost openen\n"),
                ("shared_with", &huis),
                ("check_in_days", "3"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let at = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(at.ends_with("?done=created"), "{at}");
    let goal = at.trim_end_matches("?done=created").to_owned();
    let (_, page) = get_text(&anna, &app.url(&goal)).await;
    assert!(page.contains("0 van 2 stappen gedaan"), "{page}");
    let step: i64 = app
        .state
        .db
        .query_one_raw(sea_orm::Statement::from_string(
            app.state.db.get_database_backend(),
            "SELECT id FROM goal_steps ORDER BY id LIMIT 1",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i32>(0)
        .unwrap()
        .into();
    let res = app
        .submit_from(&anna, &goal, &format!("{goal}/steps/{step}"), &[("done", "1")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&anna, &app.url(&format!("{goal}?done=ticked"))).await;
    assert!(
        page.contains("Weer een stap gedaan!") && page.contains("1 van 2 stappen gedaan"),
        "{page}"
    );

    // Bert finds it on the house's goals page and cheers the step, then the goal.
    let bert = app.browser();
    app.login_in_browser(&bert, "bert").await;
    let (status, list) = get_text(&bert, &app.url(&format!("/g/{huis}/goals"))).await;
    assert_eq!(status, 200);
    assert!(
        list.contains("Administratie op orde") && list.contains(&goal),
        "{list}"
    );
    let res = app
        .submit_from(
            &bert,
            &goal,
            &format!("{goal}/cheers"),
            &[("step_id", &step.to_string())],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .submit_from(
            &bert,
            &goal,
            &format!("{goal}/cheers"),
            &[("body", "Goed bezig!")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&anna, &app.url(&goal)).await;
    assert!(page.contains("Goed bezig!"), "{page}");
    let (_, notes) = get_text(&anna, &app.url("/notifications")).await;
    assert!(notes.contains("moedigt je aan bij"), "{notes}");

    // Reached, from the page: the house hears of it.
    let res = app
        .submit_from(&anna, &goal, &format!("{goal}/status"), &[("status", "reached")])
        .await;
    assert_eq!(res.status(), 303);
    let (_, notes) = get_text(&bert, &app.url("/notifications")).await;
    assert!(notes.contains("heeft het doel"), "{notes}");
    // And she deletes it: gone for everyone.
    let res = app
        .submit_from(&anna, &goal, &format!("{goal}/delete"), &[])
        .await;
    assert_eq!(res.status(), 303);
    let (status, _) = get_text(&bert, &app.url(&goal)).await;
    assert_eq!(status, 404);
    let (_, notes) = get_text(&bert, &app.url("/notifications")).await;
    assert!(!notes.contains("heeft het doel"), "{notes}");
}
