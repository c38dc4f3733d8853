//! A group's voice outside (issue 22, part 3): a private house adopts a public statement by
//! vote; anyone reads it on `/s/{id}`, in `/statements` and in the Atom feed, with nothing that
//! leads back to the house or names its residents; a later vote withdraws it and the page says
//! so.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app};
use serde_json::{Value, json};

async fn adopt(app: &TestApp, huis: &str, voters: &[&str], proposal: Value) -> (u16, Value) {
    let opened = app
        .post_json(&format!("/api/v1/groups/{huis}/proposals"), voters[0], proposal)
        .await;
    let status = opened.status().as_u16();
    let body: Value = opened.json().await.unwrap();
    if status != 201 {
        return (status, body);
    }
    let id = body["id"].as_i64().unwrap();
    for token in voters {
        app.post_json(
            &format!("/api/v1/proposals/{id}/votes"),
            token,
            json!({"choice": "yes"}),
        )
        .await;
    }
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    (
        status,
        app.get_json(&format!("/api/v1/proposals/{id}"), voters[0]).await,
    )
}

#[tokio::test]
async fn a_private_house_speaks_out_and_nothing_leads_back_to_it() {
    let app = spawn_app().await;
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await;
    let name = app.get_json(&format!("/api/v1/groups/{huis}"), &t[0]).await["name"]
        .as_str()
        .unwrap()
        .to_owned();
    let voters: Vec<&str> = t.iter().map(String::as_str).collect();

    // A statement needs its signature.
    let (status, body) = adopt(
        &app,
        &huis,
        &voters,
        json!({"kind": "publish_statement", "title": "Standpunt", "payload": {"title": "Wij willen blijven", "text": "Tekst"}}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert!(body["error"]["fields"]["payload.signed_as"].is_string(), "{body}");

    let (_, passed) = adopt(
        &app,
        &huis,
        &voters,
        json!({"kind": "publish_statement", "title": "Ons standpunt over de opvang",
               "payload": {"title": "Wij willen blijven", "text": "De opvang werkt **omdat** wij hem zelf runnen.",
                           "signed_as": "Bewoners van De Boei, Utrecht"}}),
    )
    .await;
    assert_eq!(passed["status"], "passed", "{passed}");
    let list = app
        .get_json(&format!("/api/v1/groups/{huis}/statements"), &t[1])
        .await;
    let id = list[0]["id"].as_i64().unwrap_or_else(|| panic!("{list}"));

    // Anyone, without an account: the API, the page, the list and the feed.
    let anon = app.browser_with_lang("nl");
    let res = anon
        .get(app.url(&format!("/api/v1/statements/{id}")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let api: Value = res.json().await.unwrap();
    assert_eq!(api["signed_as"], "Bewoners van De Boei, Utrecht");
    assert!(
        api["text_html"]
            .as_str()
            .unwrap()
            .contains("<strong>omdat</strong>"),
        "{api}"
    );
    let (status, page) = get_text(&anon, &app.url(&format!("/s/{id}"))).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Wij willen blijven") && page.contains("Bewoners van De Boei, Utrecht"),
        "{page}"
    );
    let (_, all) = get_text(&anon, &app.url("/statements")).await;
    assert!(all.contains(&format!("/s/{id}")), "{all}");
    let (status, feed) = get_text(&anon, &app.url("/s/feed.atom")).await;
    assert_eq!(status, 200);
    assert!(
        feed.contains("Wij willen blijven") && feed.contains("Bewoners van De Boei, Utrecht"),
        "{feed}"
    );
    // Nothing leads back to the private house or names a resident.
    for text in [&page, &all, &feed, &api.to_string()] {
        for secret in [huis.as_str(), name.as_str(), "anna", "bert", "carl", "/g/"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
    // The house itself stays as hidden as ever.
    let (status, _) = get_text(&anon, &app.url(&format!("/g/{huis}"))).await;
    assert_eq!(status, 404);
    let res = anon
        .get(app.url(&format!("/api/v1/groups/{huis}/statements")))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 404);
    let (status, _) = get_text(&anon, &app.url("/s/999999")).await;
    assert_eq!(status, 404);

    // The house's log says it, by the members.
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[2]).await;
    assert!(log.to_string().contains("statement_published"), "{log}");

    // A later vote withdraws it; the page says so and keeps the words.
    let (_, withdrawn) = adopt(
        &app,
        &huis,
        &voters,
        json!({"kind": "withdraw_statement", "title": "Standpunt intrekken", "payload": {"statement_id": id}}),
    )
    .await;
    assert_eq!(withdrawn["status"], "passed", "{withdrawn}");
    let api = app.get_json(&format!("/api/v1/statements/{id}"), &t[0]).await;
    assert!(api["withdrawn_at"].is_string(), "{api}");
    // Withdrawn once is withdrawn: no second proposal for it, nor for one that is not there.
    for other in [id, 999_999] {
        let (status, body) = adopt(
            &app,
            &huis,
            &voters,
            json!({"kind": "withdraw_statement", "title": "Nog eens", "payload": {"statement_id": other}}),
        )
        .await;
        assert_eq!(status, 422, "{body}");
        assert!(
            body["error"]["fields"]["payload.statement_id"].is_string(),
            "{body}"
        );
    }
    let (_, page) = get_text(&anon, &app.url(&format!("/s/{id}"))).await;
    assert!(
        page.contains("ingetrokken") && page.contains("Wij willen blijven"),
        "{page}"
    );
}

/// The proposal form has the statement's fields, without JavaScript.
#[tokio::test]
async fn a_statement_is_proposed_from_a_page() {
    let app = spawn_app().await;
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await;
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let form = format!("/g/{huis}/proposals/new?kind=publish_statement");
    let (status, page) = get_text(&anna, &app.url(&form)).await;
    assert_eq!(status, 200);
    assert!(page.contains("Ondertekend als"), "{page}");
    let res = app
        .submit_from(
            &anna,
            &form,
            &format!("/g/{huis}/proposals"),
            &[
                ("kind", "publish_statement"),
                ("title", "Ons standpunt"),
                ("rule_title", "Wij willen blijven"),
                ("text", "Omdat het werkt."),
                ("signed_as", "Bewoners van De Boei"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let proposals = app
        .get_json(&format!("/api/v1/groups/{huis}/proposals"), &t[1])
        .await;
    assert!(proposals.to_string().contains("publish_statement"), "{proposals}");
}
