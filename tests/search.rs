//! Full-text search, post links and Atom feeds: found where you may read, nowhere else.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app};
use serde_json::{Value, json};

struct World {
    app: TestApp,
    anna: String,
    bert: String,
    carl: String,
    private_thread: i64,
    reply: i64,
    public_thread: i64,
    /// The shelter's address.
    huis: String,
}

/// Anna and Bert share a private shelter; Anna also runs a public peer group; Carl is in
/// neither.
async fn world() -> World {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    let bert = app.register("bert", GOOD_PASSWORD).await;
    let carl = app.register("carl", GOOD_PASSWORD).await;
    let huis: &'static str = app.shelter(&anna, "huis", &[&bert]).await.leak();
    let res = app
        .post_json(
            "/api/v1/groups",
            &anna,
            json!({"slug": "open", "name": "Open groep", "kind": "peer_group", "visibility": "public", "join_policy": "open"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let thread = |slug: &'static str, title: &'static str, body: &'static str| {
        let app = &app;
        let anna = anna.clone();
        async move {
            let res = app
                .post_json(
                    &format!("/api/v1/groups/{slug}/threads"),
                    &anna,
                    json!({"title": title, "body": body}),
                )
                .await;
            assert_eq!(res.status(), 201);
            res.json::<Value>().await.unwrap()["thread"]["id"]
                .as_i64()
                .unwrap()
        }
    };
    let private_thread = thread(
        huis,
        "Geheime afspraken",
        "We spreken af bij de **fietsenstalling** om negen uur.",
    )
    .await;
    let public_thread = thread(
        "open",
        "Fietsen repareren",
        "Wie kan mijn fiets maken? De band is lek en ik ga naar het café.",
    )
    .await;
    let res = app
        .post_json(
            &format!("/api/v1/threads/{private_thread}/posts"),
            &bert,
            json!({"body": "Ik neem koffie mee voor iedereen.", "content_warning": "verslaving"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let reply = res.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    World {
        app,
        anna,
        bert,
        carl,
        private_thread,
        reply,
        public_thread,
        huis: huis.to_owned(),
    }
}

fn with_query(app: &TestApp, path: &str, pairs: &[(&str, &str)]) -> url::Url {
    url::Url::parse_with_params(&app.url(path), pairs).unwrap()
}

async fn search(app: &TestApp, token: Option<&str>, query: &str) -> (u16, Value) {
    let mut req = app.api().get(with_query(app, "/api/v1/search", &[("q", query)]));
    if let Some(t) = token {
        req = req.bearer_auth(t);
    }
    let res = req.send().await.unwrap();
    let status = res.status().as_u16();
    (status, res.json().await.unwrap())
}

async fn hits(app: &TestApp, token: Option<&str>, query: &str) -> Vec<Value> {
    let (status, body) = search(app, token, query).await;
    assert_eq!(status, 200, "{query}: {body}");
    body.as_array().unwrap().clone()
}

#[tokio::test]
async fn members_find_private_posts_and_nobody_else_does() {
    let w = world().await;
    let huis: &'static str = w.huis.clone().leak();
    let app = &w.app;

    let found = hits(app, Some(&w.bert), "fietsenstalling").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "thread");
    assert_eq!(found[0]["id"], w.private_thread);
    assert_eq!(found[0]["group"], huis);
    assert_eq!(found[0]["title"], "Geheime afspraken");
    let snippet = found[0]["snippet"].as_str().unwrap();
    assert!(snippet.contains("<mark>fietsenstalling</mark>"), "{snippet}");
    assert!(
        !snippet.contains("**"),
        "the snippet is text, not Markdown: {snippet}"
    );

    // The title is searched too.
    let found = hits(app, Some(&w.anna), "geheime").await;
    assert_eq!(found.len(), 1, "{found:?}");

    // A reply is a post hit, with its content warning.
    let found = hits(app, Some(&w.anna), "koffie").await;
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["kind"], "post");
    assert_eq!(found[0]["id"], w.reply);
    assert_eq!(found[0]["thread_id"], w.private_thread);
    assert_eq!(found[0]["content_warning"], "verslaving");

    // Carl and anonymous visitors find nothing of the shelter.
    for token in [Some(w.carl.as_str()), None] {
        for q in ["fietsenstalling", "geheime", "koffie", "negen uur"] {
            assert!(hits(app, token, q).await.is_empty(), "{q} leaked to {token:?}");
        }
        // Everything they find is in the public group.
        let found = hits(app, token, "fiets").await;
        assert!(!found.is_empty());
        assert!(found.iter().all(|h| h["group"] == "open"), "{found:?}");
    }

    // Searching inside the shelter is a 404 for Carl, exactly like a group that does not exist.
    let ask = |token: String, group: &'static str| async move {
        let res = app
            .api()
            .get(with_query(
                app,
                "/api/v1/search",
                &[("q", "koffie"), ("group", group)],
            ))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    };
    let hidden = ask(w.carl.clone(), huis).await;
    let missing = ask(w.carl.clone(), "bestaat-niet").await;
    assert_eq!(hidden.0, 404);
    assert_eq!(hidden, missing);
    let (status, body) = ask(w.bert.clone(), huis).await;
    assert_eq!(status, 200);
    assert!(body.contains("koffie"));
    // A group filter narrows: the shelter's words are not in the public group.
    let (_, body) = ask(w.bert.clone(), "open").await;
    assert_eq!(body, "[]");

    // A member who leaves finds nothing any more.
    assert_eq!(
        app.post_json(&format!("/api/v1/groups/{huis}/leave"), &w.bert, json!({}))
            .await
            .status(),
        204
    );
    assert!(hits(app, Some(&w.bert), "fietsenstalling").await.is_empty());
}

#[tokio::test]
async fn edits_and_deletes_reach_the_index() {
    let w = world().await;
    let app = &w.app;
    let res = app
        .api()
        .patch(app.url(&format!("/api/v1/posts/{}", w.reply)))
        .bearer_auth(&w.bert)
        .json(&json!({"body": "Ik neem toch thee mee."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        hits(app, Some(&w.anna), "koffie").await.is_empty(),
        "the old text is not found"
    );
    assert_eq!(hits(app, Some(&w.anna), "thee").await.len(), 1);

    let res = app
        .api()
        .delete(app.url(&format!("/api/v1/posts/{}", w.reply)))
        .bearer_auth(&w.bert)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert!(hits(app, Some(&w.anna), "thee").await.is_empty());
    // The deleted text is gone from the database, index included.
    let conn = app.db.connect().await;
    use sea_orm::ConnectionTrait;
    let col = if app.db.is_postgres() { "post_id" } else { "rowid" };
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM search_docs WHERE {col} = {}", w.reply),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0);
}

#[tokio::test]
async fn words_are_found_in_their_other_forms() {
    let w = world().await;
    let app = &w.app;
    if !app.db.is_postgres() {
        // Beginnings of words, and letters without their accents (PostgreSQL's dictionaries
        // know whole words only).
        let found = hits(app, Some(&w.carl), "repar").await;
        assert!(found.iter().any(|h| h["id"] == w.public_thread), "{found:?}");
        let found = hits(app, Some(&w.carl), "cafe").await;
        assert!(found.iter().any(|h| h["id"] == w.public_thread), "{found:?}");
    }
    // Dutch and English stems, on SQLite as on PostgreSQL: "fietsen" finds "fiets".
    let found = hits(app, Some(&w.carl), "fietsen").await;
    assert!(found.iter().any(|h| h["id"] == w.public_thread), "{found:?}");
}

/// Issue 20, point 9: "slaap" finds "slapen" and "huisregels" finds "huisregel", on SQLite
/// too, marked in the snippet; and an index made before the stems were kept gets them when the
/// server starts.
#[tokio::test]
async fn search_understands_dutch() {
    let w = world().await;
    let app = &w.app;
    let res = app
        .post_json(
            "/api/v1/groups/open/threads",
            &w.anna,
            json!({"title": "Over de huisregel", "body": "Sinds de verhuizing kan ik niet slapen."}),
        )
        .await;
    assert_eq!(res.status(), 201);
    let thread = res.json::<Value>().await.unwrap()["thread"]["id"]
        .as_i64()
        .unwrap();

    let check = |found: Vec<Value>, query: &str| {
        assert!(found.iter().any(|h| h["id"] == thread), "{query}: {found:?}");
    };
    let found = hits(app, Some(&w.carl), "slaap").await;
    let hit = found.iter().find(|h| h["id"] == thread).cloned();
    check(found, "slaap");
    let snippet = hit.unwrap()["snippet"].as_str().unwrap().to_owned();
    assert!(snippet.contains("<mark>slapen</mark>"), "{snippet}");
    check(hits(app, Some(&w.carl), "huisregels").await, "huisregels");
    check(hits(app, None, "Huisregels slaap").await, "both words");
    assert!(
        hits(app, None, "slaap fietsenstalling").await.is_empty(),
        "every word must be found"
    );

    if !app.db.is_postgres() {
        // As the migration that added the stems leaves the rows it copied.
        use sea_orm::ConnectionTrait;
        app.state
            .db
            .execute_unprepared("UPDATE search_docs SET stems = NULL")
            .await
            .unwrap();
        assert!(hits(app, None, "slaap").await.is_empty());
        let filled = kwartier::db::search::fill_stems(&app.state.db).await.unwrap();
        assert!(filled >= 3, "{filled}");
        check(hits(app, None, "slaap").await, "slaap after filling");
        assert_eq!(kwartier::db::search::fill_stems(&app.state.db).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn any_query_gets_an_answer_never_a_server_error() {
    let w = world().await;
    let app = &w.app;
    for q in [
        "\"",
        "fiets\"",
        "NEAR(fiets",
        "*",
        "fiets*",
        "fiets OR",
        "AND",
        "-fiets",
        "^fiets",
        "(",
        ")",
        "fiets:",
        "title:fiets",
        "'; DROP TABLE posts; --",
        "\u{2}fiets\u{3}",
        "🚲 fiets",
        "fiets & | ! <->",
        "\\",
        "{}",
        "NOT NOT",
        "a".repeat(200).as_str(),
    ] {
        let (status, body) = search(app, Some(&w.anna), q).await;
        assert!(status == 200 || status == 422, "{q:?}: {status} {body}");
        if status == 422 {
            assert_eq!(body["error"]["code"], "invalid_fields", "{q:?}: {body}");
            assert!(body["error"]["fields"]["q"].is_string(), "{q:?}: {body}");
        }
    }
    let (status, body) = search(app, Some(&w.anna), "   ").await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = search(app, Some(&w.anna), &"a".repeat(201)).await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["q"].is_string());
}

#[tokio::test]
async fn the_search_page_highlights_what_a_member_may_read() {
    let w = world().await;
    let huis = w.huis.clone();
    let app = &w.app;
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let page = get_text(&bert, &app.url("/search?q=fietsenstalling")).await.1;
    assert!(page.contains("<mark>fietsenstalling</mark>"), "{page}");
    assert!(page.contains(&format!("href=\"/t/{}\"", w.private_thread)));
    // A reply with a content warning stays folded in the results.
    let page = get_text(&bert, &app.url("/search?q=koffie")).await.1;
    assert!(page.contains("<details class=\"cw\">"), "{page}");
    assert!(page.contains(&format!("href=\"/p/{}\"", w.reply)));

    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let page = get_text(&carl, &app.url("/search?q=fietsenstalling")).await.1;
    assert!(page.contains("Niets gevonden"), "{page}");
    assert!(!page.contains("Geheime") && !page.contains("negen uur"));
    // A query of punctuation only finds nothing; an overlong one is refused with the reason.
    let res = carl.get(app.url("/search?q=%22%22")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let res = carl
        .get(app.url(&format!("/search?q={}", "a".repeat(201))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    assert!(res.text().await.unwrap().contains("Dat is te lang"));
    // The group's own search page is a 404 to Carl.
    let res = carl
        .get(app.url(&format!("/search?q=koffie&group={huis}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn a_post_link_leads_to_its_page_for_readers_only() {
    let w = world().await;
    let app = &w.app;
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let res = bert
        .get(app.url(&format!("/p/{}", w.reply)))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(
        res.headers()["location"],
        format!("/t/{}?page=1#p{}", w.private_thread, w.reply).as_str()
    );
    let carl = app.browser_with_lang("nl");
    app.login_in_browser(&carl, "carl").await;
    let hidden = carl
        .get(app.url(&format!("/p/{}", w.reply)))
        .send()
        .await
        .unwrap();
    assert_eq!(hidden.status(), 404);
    let missing = carl.get(app.url("/p/999999")).send().await.unwrap();
    assert_eq!(missing.status(), 404);
    let hidden = hidden
        .text()
        .await
        .unwrap()
        .replace(&format!("/p/{}", w.reply), "/p/ID");
    assert_eq!(
        hidden,
        missing.text().await.unwrap().replace("/p/999999", "/p/ID")
    );
}

/// The main part of a page (the header carries a per-visit form token and the path).
fn main_of(page: &str) -> &str {
    let start = page.find("<main").expect("a page");
    &page[start..page.find("</main>").expect("a page")]
}

fn parse_feed(xml: &str) -> atom_syndication::Feed {
    xml.parse::<atom_syndication::Feed>()
        .unwrap_or_else(|e| panic!("not Atom ({e}): {xml}"))
}

/// The elements RFC 4287 requires of a feed and its entries.
fn check_atom(feed: &atom_syndication::Feed, xml: &str) {
    assert!(
        xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\""),
        "{xml}"
    );
    assert!(feed.id.starts_with("http"), "feed id {}", feed.id);
    assert!(!feed.title.value.is_empty());
    assert!(feed.links.iter().any(|l| l.rel == "self"));
    for e in &feed.entries {
        assert!(e.id.starts_with("http"), "entry id {}", e.id);
        assert!(!e.title.value.is_empty());
        assert!(!e.authors.is_empty() || !feed.authors.is_empty());
        assert!(e.links.iter().any(|l| l.rel == "alternate"));
    }
}

#[tokio::test]
async fn public_groups_have_atom_feeds_and_private_ones_none() {
    let w = world().await;
    let huis = w.huis.clone();
    let app = &w.app;
    // A post with a content warning in the public thread: the feed shows only the warning.
    let res = app
        .post_json(
            &format!("/api/v1/threads/{}/posts", w.public_thread),
            &w.anna,
            json!({"body": "Ik heb er zelf ook mee geworsteld.", "content_warning": "geweld"}),
        )
        .await;
    assert_eq!(res.status(), 201);

    let res = app.api().get(app.url("/g/open/feed.atom")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("application/atom+xml")
    );
    let xml = res.text().await.unwrap();
    let feed = parse_feed(&xml);
    check_atom(&feed, &xml);
    assert_eq!(feed.entries.len(), 1);
    assert_eq!(feed.entries[0].title.value, "Fietsen repareren");
    let content = feed.entries[0].content.as_ref().unwrap();
    assert_eq!(content.content_type.as_deref(), Some("html"));
    assert!(
        content
            .value
            .as_deref()
            .unwrap()
            .contains("Wie kan mijn fiets maken?")
    );

    let xml = app
        .api()
        .get(app.url(&format!("/t/{}/feed.atom", w.public_thread)))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let feed = parse_feed(&xml);
    check_atom(&feed, &xml);
    assert_eq!(feed.entries.len(), 2);
    let warned = feed.entries[0].content.as_ref().unwrap().value.clone().unwrap();
    assert!(warned.contains("geweld"), "{warned}");
    assert!(
        !xml.contains("geworsteld"),
        "a folded post stays on the site: {xml}"
    );

    // The public forum page points to its feed; the shelter's page has none.
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let page = get_text(&anna, &app.url("/g/open/forum")).await.1;
    assert!(
        page.contains("<link rel=\"alternate\" type=\"application/atom+xml\" href=\"/g/open/feed.atom\"")
    );
    let page = get_text(&anna, &app.url(&format!("/g/{huis}/forum"))).await.1;
    assert!(!page.contains("feed.atom"));

    // No feed of the shelter for anyone: not anonymous, not even its own members.
    let not_found = app
        .api()
        .get(app.url("/g/bestaat-niet/feed.atom"))
        .send()
        .await
        .unwrap();
    assert_eq!(not_found.status(), 404);
    let not_found = not_found.text().await.unwrap();
    for client in [app.api(), anna.clone()] {
        for path in [
            format!("/g/{huis}/feed.atom"),
            format!("/t/{}/feed.atom", w.private_thread),
        ] {
            let res = client.get(app.url(&path)).send().await.unwrap();
            assert_eq!(res.status(), 404, "{path}");
            let body = res.text().await.unwrap();
            assert!(!body.contains("Geheime") && !body.contains("fietsenstalling"));
        }
    }
    let res = app
        .api()
        .get(app.url(&format!("/g/{huis}/feed.atom")))
        .send()
        .await
        .unwrap();
    assert_eq!(main_of(&res.text().await.unwrap()), main_of(&not_found));
}
