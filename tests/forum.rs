//! The forum: threads, nested replies, Markdown, edits, deletes, warnings, pin and lock.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app, spawn_app_with};
use serde_json::{Value, json};

fn location(res: &reqwest::Response) -> String {
    res.headers()["location"].to_str().unwrap().to_owned()
}

/// A public open peer group with two members; returns their tokens.
async fn group_with_two(app: &TestApp) -> (String, String) {
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let res = app
        .post_json(
            "/api/v1/groups",
            &anna,
            json!({"slug": "lotgenoten", "name": "Lotgenoten", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(
        app.post_json("/api/v1/groups/lotgenoten/join", &bert, json!({}))
            .await
            .status(),
        200
    );
    (anna, bert)
}

#[tokio::test]
async fn two_members_hold_a_nested_discussion_in_the_browser_in_dutch() {
    let app = spawn_app().await;
    group_with_two(&app).await;
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;

    // Anna starts a thread with a content warning.
    let res = app
        .submit_from(
            &anna,
            "/g/lotgenoten/forum",
            "/g/lotgenoten/forum",
            &[
                ("title", "Slapen lukt niet"),
                (
                    "body",
                    "Ik lig elke nacht wakker.\n\n<script>alert(1)</script>\n\n[klik](javascript:alert(1))",
                ),
                ("content_warning", "slapeloosheid"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let thread = location(&res);
    let (_, page) = get_text(&bert, &app.url(&thread)).await;
    assert!(
        page.contains(
            "<details class=\"cw\"><summary>Let op: dit gaat over slapeloosheid. Klik om te lezen.</summary>"
        ),
        "{page}"
    );
    assert!(
        !page.contains("<script>alert") && !page.contains("href=\"javascript:"),
        "sanitized"
    );
    assert!(page.contains("&lt;script&gt;"), "raw HTML is shown as text");

    // Bert replies to the first post; Anna replies to Bert, quoting him.
    let first_post: i32 = page
        .split("id=\"p")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let res = app
        .submit_from(
            &bert,
            &thread,
            &thread,
            &[
                ("body", "Herkenbaar. Wat helpt jou?"),
                ("parent_id", &first_post.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let bert_post: i32 = location(&res).rsplit("#p").next().unwrap().parse().unwrap();
    let (_, form) = get_text(
        &anna,
        &app.url(&format!("{thread}?reply_to={bert_post}&quote={bert_post}")),
    )
    .await;
    assert!(form.contains("Je reageert op bert."));
    assert!(
        form.contains("&gt; **bert:**\n&gt; Herkenbaar. Wat helpt jou?"),
        "quote prefilled: {form}"
    );
    let res = app
        .submit_from(
            &anna,
            &thread,
            &thread,
            &[
                ("body", "> **bert:**\n> Herkenbaar.\n\nThee zonder cafeïne."),
                ("parent_id", &bert_post.to_string()),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let anna_reply: i32 = location(&res).rsplit("#p").next().unwrap().parse().unwrap();

    // The tree: first post, Bert's reply one level in, Anna's answer two levels in.
    let (_, page) = get_text(&bert, &app.url(&thread)).await;
    let pos = |id: i32| page.find(&format!("id=\"p{id}\"")).unwrap();
    assert!(pos(first_post) < pos(bert_post) && pos(bert_post) < pos(anna_reply));
    assert!(
        page.contains(&format!("class=\"post d1\" id=\"p{bert_post}\""))
            || page.contains(&format!("class=\"post d1 new\" id=\"p{bert_post}\""))
    );
    assert!(page.contains("reactie op bert"));
    assert!(page.contains("<blockquote>"));

    // Bert edits his post; the earlier version stays readable for members.
    let res = app
        .submit_from(
            &bert,
            &format!("/p/{bert_post}/edit"),
            &format!("/p/{bert_post}/edit"),
            &[("body", "Heel herkenbaar. Wat helpt jou?")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&anna, &app.url(&thread)).await;
    assert!(page.contains("Heel herkenbaar") && page.contains(&format!("/p/{bert_post}/revisions")));
    let (status, revs) = get_text(&anna, &app.url(&format!("/p/{bert_post}/revisions"))).await;
    assert_eq!(status, 200);
    assert!(revs.contains("Herkenbaar. Wat helpt jou?") && revs.contains("Heel herkenbaar"));
    // Anna cannot edit or delete Bert's post.
    let res = app
        .submit_from(
            &anna,
            &thread,
            &format!("/p/{bert_post}/edit"),
            &[("body", "gehackt")],
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .submit_from(&anna, &thread, &format!("/p/{bert_post}/delete"), &[])
        .await;
    assert_eq!(res.status(), 403);

    // Anna deletes her reply: the button asks first, on a page of its own (no JavaScript
    // needed), showing the post; only "yes" deletes. A placeholder keeps the tree whole.
    let res = app
        .submit_from(&anna, &thread, &format!("/p/{anna_reply}/delete"), &[])
        .await;
    assert_eq!(res.status(), 200);
    let question = res.text().await.unwrap();
    assert!(
        question.contains("Weet je het zeker?") && question.contains("Thee zonder"),
        "{question}"
    );
    assert!(question.contains(r#"name="confirm" value="yes""#));
    let (_, page) = get_text(&bert, &app.url(&thread)).await;
    assert!(page.contains("Thee zonder"), "nothing deleted before the answer");
    let res = app
        .submit(
            &anna,
            &format!("/p/{anna_reply}/delete"),
            &common::csrf_of(&question),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&bert, &app.url(&thread)).await;
    assert!(page.contains("Dit bericht is verwijderd door de schrijver.") && !page.contains("Thee zonder"));

    // Unread: Bert has seen everything; a new reply by Anna shows as new for him.
    let (_, list) = get_text(&bert, &app.url("/g/lotgenoten/forum")).await;
    assert!(!list.contains("class=\"unread\""), "{list}");
    app.submit_from(
        &anna,
        &thread,
        &thread,
        &[("body", "Nog iets: een vaste tijd helpt ook.")],
    )
    .await;
    let (_, list) = get_text(&bert, &app.url("/g/lotgenoten/forum")).await;
    assert!(list.contains("class=\"unread\"") && list.contains("nieuw"));
    let (_, page) = get_text(&bert, &app.url(&thread)).await;
    assert!(page.contains("Naar het eerste nieuwe bericht"));
    let (_, list) = get_text(&bert, &app.url("/g/lotgenoten/forum")).await;
    assert!(!list.contains("class=\"unread\""), "read now");
}

#[tokio::test]
async fn the_api_returns_threads_in_tree_order_and_enforces_the_rules() {
    let app = spawn_app().await;
    let (anna, bert) = group_with_two(&app).await;
    let res = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "Schulden", "body": "Wie heeft **tips**?"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    let tid = created["thread"]["id"].as_i64().unwrap();
    let first = created["post"]["id"].as_i64().unwrap();
    assert_eq!(
        created["post"]["body_html"],
        "<p>Wie heeft <strong>tips</strong>?</p>\n"
    );
    assert_eq!(created["post"]["status"], "visible");

    let reply = |token: String, body: Value| {
        let app = &app;
        async move {
            app.post_json(&format!("/api/v1/threads/{tid}/posts"), &token, body)
                .await
        }
    };
    let a: Value = reply(bert.clone(), json!({"body": "Budgetcoach!", "parent_id": first}))
        .await
        .json()
        .await
        .unwrap();
    let b: Value = reply(anna.clone(), json!({"body": "Top level"}))
        .await
        .json()
        .await
        .unwrap();
    let c: Value = reply(anna.clone(), json!({"body": "Dank", "parent_id": a["id"]}))
        .await
        .json()
        .await
        .unwrap();
    let doc = app.get_json(&format!("/api/v1/threads/{tid}"), &bert).await;
    let order: Vec<(i64, i64)> = doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_i64().unwrap(), p["depth"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        order,
        vec![
            (first, 0),
            (a["id"].as_i64().unwrap(), 1),
            (c["id"].as_i64().unwrap(), 2),
            (b["id"].as_i64().unwrap(), 0)
        ]
    );
    assert_eq!(doc["thread"]["reply_count"], 3);
    let list = app.get_json("/api/v1/groups/lotgenoten/threads", &anna).await;
    assert_eq!(list[0]["reply_count"], 3);
    assert_eq!(list[0]["author"]["username"], "anna");

    // A parent from another thread, an empty body, a too long title: refused, nothing stored.
    let other: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "Ander", "body": "x"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let res = reply(
        bert.clone(),
        json!({"body": "hoi", "parent_id": other["post"]["id"]}),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(reply(bert.clone(), json!({"body": "   "})).await.status(), 422);
    assert_eq!(
        reply(bert.clone(), json!({"body": "x".repeat(20_001)}))
            .await
            .status(),
        422
    );
    let res = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "t".repeat(201), "body": "x"}),
        )
        .await;
    assert_eq!(res.status(), 422);
    let res = reply(
        bert.clone(),
        json!({"body": "ok", "content_warning": "w".repeat(101)}),
    )
    .await;
    assert_eq!(res.status(), 422);
    assert_eq!(
        app.get_json(&format!("/api/v1/threads/{tid}"), &bert).await["posts"]
            .as_array()
            .unwrap()
            .len(),
        4
    );

    // Edit keeps the old text; delete blanks it for everyone.
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/posts/{}", a["id"])))
        .bearer_auth(&bert)
        .json(&json!({"body": "Een budgetcoach!"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let edited: Value = res.json().await.unwrap();
    assert!(edited["edited_at"].is_string());
    let revs = app
        .get_json(&format!("/api/v1/posts/{}/revisions", a["id"]), &anna)
        .await;
    assert_eq!(revs[0]["body"], "Budgetcoach!");
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/posts/{}", a["id"])))
        .bearer_auth(&anna)
        .json(&json!({"body": "nee"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .api()
        .delete(app.url(&format!("/api/v1/posts/{}", a["id"])))
        .bearer_auth(&bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let doc = app.get_json(&format!("/api/v1/threads/{tid}"), &anna).await;
    let deleted = doc["posts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == a["id"])
        .unwrap();
    assert_eq!(deleted["status"], "deleted");
    assert_eq!(deleted["body"], "");
    assert_eq!(
        app.get_json(&format!("/api/v1/posts/{}/revisions", a["id"]), &anna)
            .await,
        json!([])
    );
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/posts/{}", a["id"])))
        .bearer_auth(&bert)
        .json(&json!({"body": "terug"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 409);

    // Stewards pin and lock; a locked thread takes no replies.
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/threads/{tid}")))
        .bearer_auth(&bert)
        .json(&json!({"locked": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/threads/{}", other["thread"]["id"])))
        .bearer_auth(&anna)
        .json(&json!({"pinned": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/threads/{tid}")))
        .bearer_auth(&anna)
        .json(&json!({"locked": true}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let res = reply(bert.clone(), json!({"body": "nog iets"})).await;
    assert_eq!(res.status(), 403);
    assert_eq!(
        res.json::<Value>().await.unwrap()["error"]["code"],
        "thread_locked"
    );
    let list = app.get_json("/api/v1/groups/lotgenoten/threads", &anna).await;
    assert_eq!(list[0]["id"], other["thread"]["id"], "pinned first");
    assert_eq!(list[1]["locked"], true);
}

#[tokio::test]
async fn visitors_read_a_public_forum_but_only_members_write() {
    let app = spawn_app().await;
    let (anna, _) = group_with_two(&app).await;
    let created: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "Welkom", "body": "Stel je voor!"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = created["thread"]["id"].as_i64().unwrap();
    let visitor = app.browser();
    let (status, page) = get_text(&visitor, &app.url(&format!("/t/{tid}"))).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Stel je voor!")
            && page.contains("Log in om te reageren")
            && !page.contains("id=\"compose\"")
    );
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let res = app
        .post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &carl,
            json!({"body": "Hoi"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &carl,
            json!({"title": "Van buiten", "body": "Hoi"}),
        )
        .await;
    assert_eq!(res.status(), 403);
    let res = app
        .api()
        .get(app.url("/api/v1/threads/999999"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn posting_too_fast_is_refused_with_retry_after() {
    let app = spawn_app_with(|c| c.posts_per_minute = 2).await;
    let (anna, _) = group_with_two(&app).await;
    let created: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "Snel", "body": "een"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = created["thread"]["id"].as_i64().unwrap();
    assert_eq!(
        app.post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &anna,
            json!({"body": "twee"})
        )
        .await
        .status(),
        201
    );
    let res = app
        .post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &anna,
            json!({"body": "drie"}),
        )
        .await;
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
}

#[tokio::test]
async fn a_refused_reply_comes_back_with_the_text_and_the_reason() {
    let app = spawn_app().await;
    let (anna, _) = group_with_two(&app).await;
    let created: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "Lang", "body": "begin"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let thread = format!("/t/{}", created["thread"]["id"]);
    let bert = app.browser_with_lang("en");
    app.login_in_browser(&bert, "bert").await;
    let long = format!("mijn verhaal {}", "x".repeat(20_000));
    let res = app
        .submit_from(
            &bert,
            &thread,
            &thread,
            &[("body", &long), ("content_warning", "verdriet")],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(
        page.contains("Je bericht is te lang: hoogstens 20.000 tekens."),
        "in her own language"
    );
    assert!(
        page.contains("mijn verhaal xxx") && page.contains("value=\"verdriet\""),
        "nothing typed is lost"
    );
}

#[tokio::test]
async fn replies_mentions_and_watched_threads_notify_only_those_who_may_read() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    // A private shelter with Anna and Bert; Carl is outside.
    let huis = app.shelter(&anna, "huis", &[&bert]).await;
    let created: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            &anna,
            json!({"title": "Vergadering", "body": "Wie komt er? @bert @carl"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = created["thread"]["id"].as_i64().unwrap();
    let first = created["post"]["id"].as_i64().unwrap();

    let bert_n = app.get_json("/api/v1/notifications", &bert).await;
    assert_eq!(bert_n.as_array().unwrap().len(), 1);
    assert_eq!(bert_n[0]["kind"], "mention");
    assert_eq!(bert_n[0]["thread_id"], tid);
    assert_eq!(bert_n[0]["read"], false);
    assert_eq!(
        app.get_json("/api/v1/notifications", &carl).await,
        json!([]),
        "Carl may not read it: no trace"
    );

    // Bert replies to Anna: she hears of it once (a reply, though she also watches).
    let reply: Value = app
        .post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &bert,
            json!({"body": "Ik!", "parent_id": first}),
        )
        .await
        .json()
        .await
        .unwrap();
    let anna_n = app.get_json("/api/v1/notifications", &anna).await;
    assert_eq!(anna_n.as_array().unwrap().len(), 1);
    assert_eq!(anna_n[0]["kind"], "reply");
    assert_eq!(anna_n[0]["post_id"], reply["id"]);

    // Bert follows the thread; Anna's next post reaches him as news in a watched thread. His
    // thread page offers to stop watching only once he watches (read with his read mark and
    // mutes in one statement).
    let watch_button = async |watching: bool| {
        let page = app.text_as(&format!("/t/{tid}"), &bert).await;
        assert!(
            page.contains(if watching {
                "value=\"unwatch\""
            } else {
                "value=\"watch\""
            }),
            "watching {watching}: {page}"
        );
    };
    watch_button(false).await;
    assert_eq!(
        app.post_json(
            &format!("/api/v1/threads/{tid}/watch"),
            &bert,
            json!({"watch": true})
        )
        .await
        .status(),
        204
    );
    app.post_json(
        &format!("/api/v1/threads/{tid}/posts"),
        &anna,
        json!({"body": "Fijn."}),
    )
    .await;
    let bert_n = app.get_json("/api/v1/notifications", &bert).await;
    assert_eq!(bert_n[0]["kind"], "watched");
    watch_button(true).await;

    // The count shows in the header; the page lists them and marks them read.
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "bert").await;
    let (_, home) = get_text(&browser, &app.url("/")).await;
    assert!(home.contains("Voor jou <span class=\"badge new\">2"), "{home}");
    let (_, page) = get_text(&browser, &app.url("/notifications")).await;
    assert!(page.contains("anna noemde je in") && page.contains("Vergadering"));
    let (_, home) = get_text(&browser, &app.url("/")).await;
    assert!(!home.contains("badge new"));

    // After leaving, the notifications about the private group are gone from view.
    assert_eq!(
        app.post_json(&format!("/api/v1/groups/{huis}/leave"), &bert, json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(app.get_json("/api/v1/notifications", &bert).await, json!([]));
    let (_, page) = get_text(&browser, &app.url("/notifications")).await;
    assert!(!page.contains("Vergadering"));
}

/// The ids of the posts on a thread page, in the order they appear.
fn post_ids_on(html: &str) -> Vec<i64> {
    html.split("<article ")
        .skip(1)
        .filter_map(|a| {
            let at = a.find("id=\"p")? + 5;
            a[at..].split('"').next()?.parse().ok()
        })
        .collect()
}

#[tokio::test]
async fn a_long_thread_is_read_page_by_page_in_tree_order_and_new_replies_show_at_once() {
    let app = spawn_app_with(|c| c.posts_per_minute = 1000).await;
    let (anna, bert) = group_with_two(&app).await;
    let created: Value = app
        .post_json(
            "/api/v1/groups/lotgenoten/threads",
            &anna,
            json!({"title": "Lang", "body": "Begin"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let tid = created["thread"]["id"].as_i64().unwrap();
    let first = created["post"]["id"].as_i64().unwrap();
    for i in 1..110 {
        // Every fourth reply answers the first post, so tree order is not id order.
        let body = if i % 4 == 0 {
            json!({"body": format!("Antwoord {i}"), "parent_id": first})
        } else {
            json!({"body": format!("Bericht {i}")})
        };
        let res = app
            .post_json(&format!("/api/v1/threads/{tid}/posts"), &anna, body)
            .await;
        assert_eq!(res.status(), 201);
    }
    let tree = |doc: Value| -> Vec<i64> {
        doc["posts"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_i64().unwrap())
            .collect()
    };
    // The API gives the same tree a page at a time.
    let mut order = Vec::new();
    for n in 1..=3 {
        let doc = app
            .get_json(&format!("/api/v1/threads/{tid}?page={n}"), &bert)
            .await;
        assert_eq!(doc["pages"], 3);
        order.extend(tree(doc));
    }
    assert_eq!(order.len(), 110);
    let page = |n: usize| {
        let app = &app;
        let bert = bert.clone();
        async move {
            let res = app
                .api()
                .get(app.url(&format!("/t/{tid}?page={n}")))
                .bearer_auth(&bert)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), 200);
            post_ids_on(&res.text().await.unwrap())
        }
    };
    for n in 1..=3 {
        let want = &order[(n - 1) * 50..(n * 50).min(order.len())];
        assert_eq!(page(n).await, want, "page {n}");
    }
    assert_eq!(page(9).await, &order[100..], "past the end: the last page");
    // A post's own address leads to the page it is on.
    let noclient = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let goes_to = |post: i64| {
        let (noclient, app, bert) = (noclient.clone(), &app, bert.clone());
        async move {
            let res = noclient
                .get(app.url(&format!("/p/{post}")))
                .bearer_auth(&bert)
                .send()
                .await
                .unwrap();
            location(&res)
        }
    };
    assert_eq!(
        goes_to(order[60]).await,
        format!("/t/{tid}?page=2#p{}", order[60])
    );
    assert_eq!(
        goes_to(order[109]).await,
        format!("/t/{tid}?page=3#p{}", order[109])
    );

    // A new answer to the first post lands among its siblings on page 1 and is there at once.
    let new: Value = app
        .post_json(
            &format!("/api/v1/threads/{tid}/posts"),
            &bert,
            json!({"body": "Nieuw", "parent_id": first}),
        )
        .await
        .json()
        .await
        .unwrap();
    let new = new["id"].as_i64().unwrap();
    let mut order = Vec::new();
    for n in 1..=3 {
        order.extend(tree(
            app.get_json(&format!("/api/v1/threads/{tid}?page={n}"), &bert)
                .await,
        ));
    }
    let at = order.iter().position(|id| *id == new).unwrap();
    assert!(at < 50, "an answer to the first post sits on page 1");
    assert_eq!(page(1).await, &order[..50]);
    assert_eq!(page(3).await, &order[100..], "the rest moves one place on");
    assert_eq!(goes_to(new).await, format!("/t/{tid}?page=1#p{new}"));
}
