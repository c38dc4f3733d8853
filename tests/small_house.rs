//! A small house that works every day (issue 20): the journeys of a shelter of three, across
//! features, through the API and the pages as its residents use them.
mod common;

use common::{GOOD_PASSWORD, TestApp, get_text, spawn_app};
use serde_json::{Value, json};

/// Anna (steward), Bert and Carl: a shelter of three. Returns their tokens and the address.
async fn house_of_three(app: &TestApp) -> (Vec<String>, String) {
    let mut t = Vec::new();
    for n in ["anna", "bert", "carl"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let huis = app.shelter(&t[0], "huis", &[&t[1], &t[2]]).await;
    (t, huis)
}

/// Someone writes a thread in the house; returns the thread and its first post.
async fn writes(app: &TestApp, huis: &str, token: &str, body: &str) -> (i64, i64) {
    let started: Value = app
        .post_json(
            &format!("/api/v1/groups/{huis}/threads"),
            token,
            json!({"title": "Over de keuken", "body": body}),
        )
        .await
        .json()
        .await
        .unwrap();
    (
        started["thread"]["id"].as_i64().unwrap(),
        started["post"]["id"].as_i64().unwrap(),
    )
}

/// The house's first chat room.
async fn room_of(app: &TestApp, huis: &str, token: &str) -> i64 {
    app.get_json(&format!("/api/v1/groups/{huis}/rooms"), token).await[0]["id"]
        .as_i64()
        .unwrap()
}

/// Someone says something in a room through the API; returns the stored message.
async fn says(app: &TestApp, room: i64, token: &str, body: &str, client_id: &str) -> Value {
    app.post_json(
        &format!("/api/v1/rooms/{room}/messages"),
        token,
        json!({"body": body, "client_id": client_id}),
    )
    .await
    .json()
    .await
    .unwrap()
}

/// A proposal everyone in `voters` votes for, closed at once; returns its id.
async fn adopt(app: &TestApp, huis: &str, voters: &[&str], proposal: Value) -> i64 {
    let opened = app
        .post_json(&format!("/api/v1/groups/{huis}/proposals"), voters[0], proposal)
        .await;
    assert_eq!(opened.status(), 201);
    let id = opened.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    for token in voters {
        app.post_json(
            &format!("/api/v1/proposals/{id}/votes"),
            token,
            json!({"choice": "yes"}),
        )
        .await;
    }
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    id
}

async fn flag(app: &TestApp, token: &str, post: i64, reason: &str) -> (u16, Value) {
    let res = app
        .post_json(
            &format!("/api/v1/posts/{post}/flags"),
            token,
            json!({ "reason": reason }),
        )
        .await;
    let status = res.status().as_u16();
    (status, res.json().await.unwrap_or(Value::Null))
}

#[tokio::test]
async fn three_residents_hide_a_post_by_flags_and_decide_its_case() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    let (thread, post) = writes(&app, &huis, &t[1], "Wie de afwas laat staan is een varken.").await;

    // The flag form shows what is being flagged.
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let (status, form) = get_text(&anna, &app.url(&format!("/p/{post}/flag"))).await;
    assert_eq!(status, 200);
    assert!(form.contains("Wie de afwas laat staan"), "{form}");

    // Anna flags by the form: one of the two who could (Bert wrote it) is not enough yet, and
    // she reads what happens next.
    let res = app
        .submit_from(
            &anna,
            &format!("/p/{post}/flag"),
            &format!("/p/{post}/flag"),
            &[("reason", "Kwetsend")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, done) = get_text(&anna, &app.url(&format!("/p/{post}/flag?done=1"))).await;
    assert!(
        done.contains("1 van de 2 leden hebben dit gemeld. Bij 2 wordt het verborgen"),
        "{done}"
    );
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[2]).await;
    assert!(
        seen.to_string().contains("afwas"),
        "one flag hides nothing: {seen}"
    );

    // Carl's flag is the second: the post is hidden and the case opens.
    let (status, answer) = flag(&app, &t[2], post, "Zo praten we niet over elkaar").await;
    assert_eq!(status, 201, "{answer}");
    assert_eq!(answer["flags_counted"], 2);
    assert_eq!(answer["flags_needed"], 2);
    assert_eq!(answer["hidden"], true);
    let seen = app.get_json(&format!("/api/v1/threads/{thread}"), &t[2]).await;
    assert!(!seen.to_string().contains("afwas"), "hidden: {seen}");

    // The two who flagged are the rest of the house: they decide (the author never does).
    let cases = app.get_json(&format!("/api/v1/groups/{huis}/cases"), &t[0]).await;
    let case = cases[0]["id"].as_i64().unwrap();
    assert_eq!(cases[0]["status"], "open");
    assert_eq!(cases[0]["eligible"], 2);
    assert_eq!(cases[0]["can_vote"], true);
    // Those who decide read the flaggers' reasons, never their names.
    let reasons: Vec<&str> = cases[0]["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["reason"].as_str())
        .collect();
    assert_eq!(reasons, ["Kwetsend", "Zo praten we niet over elkaar"]);
    let bert_view = app.get_json(&format!("/api/v1/cases/{case}"), &t[1]).await;
    assert_eq!(bert_view["can_vote"], false);
    assert_eq!(bert_view["can_respond"], true);
    let text = bert_view.to_string();
    assert!(!text.contains("anna") && !text.contains("carl"), "{text}");
    // The flaggers' own words are for those who decide: in a house of three the author
    // would know from them who wrote them.
    assert_eq!(bert_view["reasons"], json!([]), "{text}");

    // Bert gives his side once, on the case page.
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (_, page) = get_text(&bert, &app.url(&format!("/c/{case}"))).await;
    assert!(page.contains("Jouw kant") && !page.contains("Kwetsend"), "{page}");
    let (anna_name, carl_name) = ("Anna", "Carl");
    assert!(
        !page.contains(anna_name) && !page.contains(carl_name),
        "no flagger named: {page}"
    );
    let res = app
        .submit_from(
            &bert,
            &format!("/c/{case}"),
            &format!("/c/{case}/respond"),
            &[("response", "Het was een grap.\nSorry, ik haal het weg.")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_json(
            &format!("/api/v1/cases/{case}/response"),
            &t[1],
            json!({"response": "Nog iets"}),
        )
        .await;
    assert_eq!(res.status(), 409, "one answer");
    let res = app
        .post_json(
            &format!("/api/v1/cases/{case}/response"),
            &t[2],
            json!({"response": "Ik ook"}),
        )
        .await;
    assert_eq!(res.status(), 403, "only the author answers");

    // Anna reads his side beside the post and votes on the page; Carl by the API.
    let (_, page) = get_text(&anna, &app.url(&format!("/c/{case}"))).await;
    assert!(
        page.contains("Wat de schrijver zegt") && page.contains("Het was een grap."),
        "{page}"
    );
    let res = app
        .submit_from(
            &anna,
            &format!("/c/{case}"),
            &format!("/c/{case}/vote"),
            &[("choice", "remove")],
        )
        .await;
    assert_eq!(res.status(), 303);
    let res = app
        .post_json(
            &format!("/api/v1/cases/{case}/votes"),
            &t[2],
            json!({"choice": "remove"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let decided = app.get_json(&format!("/api/v1/cases/{case}"), &t[0]).await;
    assert_eq!(decided["status"], "removed", "{decided}");
    let log = app.get_json(&format!("/api/v1/groups/{huis}/log"), &t[0]).await;
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|l| l["action"].as_str())
        .collect();
    assert!(actions.contains(&"item_hidden"), "{actions:?}");

    // Bert heard of it when it was hidden, with the case, and of the outcome with its counts.
    let notes = app.get_json("/api/v1/notifications", &t[1]).await;
    let of = |kind: &str| {
        notes
            .as_array()
            .unwrap()
            .iter()
            .find(|n| n["kind"] == kind)
            .cloned()
            .unwrap_or_else(|| panic!("no {kind} in {notes}"))
    };
    assert_eq!(of("hidden")["case_id"], case);
    let outcome = of("outcome");
    assert_eq!(outcome["result"]["outcome"], "removed", "{outcome}");
    assert_eq!(
        (
            outcome["result"]["yes"].as_i64(),
            outcome["result"]["no"].as_i64()
        ),
        (Some(2), Some(0))
    );
    let (_, page) = get_text(&bert, &app.url("/notifications")).await;
    assert!(page.contains("je kunt daar je kant vertellen"), "{page}");
    assert!(
        page.contains("Weggehaald: 2 voor weghalen, 0 voor terugzetten"),
        "{page}"
    );

    // His answer is his: in his export, and gone when he erases his words.
    let export = app.get_json("/api/v1/me/export", &t[1]).await;
    assert_eq!(
        export["case_responses"][0]["response"],
        "Het was een grap.\nSorry, ik haal het weg."
    );
    let res = app
        .api()
        .delete(app.url("/api/v1/me"))
        .bearer_auth(&t[1])
        .json(&json!({"password": GOOD_PASSWORD, "erase_content": true}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    let (_, page) = get_text(&anna, &app.url(&format!("/c/{case}"))).await;
    assert!(!page.contains("Het was een grap"), "erased: {page}");
    assert_eq!(app.count("cases WHERE author_response IS NOT NULL").await, 0);
}

#[tokio::test]
async fn a_chat_message_case_shows_what_was_said_around_it() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    let rooms = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[0]).await;
    let room = rooms[0]["id"].as_i64().unwrap();
    let mut said = Vec::new();
    for (token, body) in [
        (&t[0], "Wie kookt er vanavond?"),
        (&t[1], "Niet jij in elk geval, jij kan niks"),
        (&t[2], "Doe even normaal"),
    ] {
        let mut ws = app.ws(token).await;
        ws.join(room, None).await;
        said.push(ws.say(room, body, &format!("c-{}", said.len())).await);
    }
    let hurtful = said[1];
    for token in [&t[0], &t[2]] {
        let res = app
            .post_json(
                &format!("/api/v1/messages/{hurtful}/flags"),
                token,
                json!({"reason": "Kleineren"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let cases = app.get_json(&format!("/api/v1/groups/{huis}/cases"), &t[0]).await;
    let c = &cases[0];
    assert_eq!(c["target_kind"], "message");
    assert!(
        c["context_before"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("Wie kookt"),
        "{c}"
    );
    assert!(
        c["context_after"][0]["body_html"]
            .as_str()
            .unwrap()
            .contains("normaal"),
        "{c}"
    );
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let (_, page) = get_text(&anna, &app.url(&format!("/c/{}", c["id"]))).await;
    assert!(
        page.contains("Wie kookt") && page.contains("Dit bericht:"),
        "{page}"
    );
}

#[tokio::test]
async fn flags_count_toward_a_lowered_threshold_and_a_decision_to_keep_holds() {
    let app = spawn_app().await;
    let names = ["anna", "bert", "carl", "dirk", "eva", "fien"];
    let mut t = Vec::new();
    for n in names {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let members: Vec<&str> = t[1..5].iter().map(String::as_str).collect();
    let huis = app.shelter(&t[0], "huis", &members).await;
    let (_, post) = writes(&app, &huis, &t[1], "Die pannen zijn van mij.").await;

    // Five could flag it and the house's number is three: two flags are not enough.
    for token in [&t[2], &t[3]] {
        let (status, answer) = flag(&app, token, post, "Niet waar").await;
        assert_eq!(status, 201);
        assert_eq!(answer["flags_needed"], 3, "{answer}");
        assert_eq!(answer["hidden"], false);
    }
    // The house lowers its number to two: the flags already made count, and hide it.
    let mut s = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    s["flag_threshold"] = json!(2);
    let res = app
        .api()
        .put(app.url(&format!("/api/v1/groups/{huis}/settings")))
        .bearer_auth(&t[0])
        .json(&s)
        .send()
        .await
        .unwrap();
    let status = res.status().as_u16();
    let answer: Value = res.json().await.unwrap();
    if status == 202 {
        // The house decides its settings by vote: everyone says yes.
        let id = answer["id"].as_i64().unwrap();
        for token in &t[..5] {
            app.post_json(
                &format!("/api/v1/proposals/{id}/votes"),
                token,
                json!({"choice": "yes"}),
            )
            .await;
        }
        kwartier::services::decisions::tick(&app.state).await.unwrap();
    } else {
        assert_eq!(status, 200, "{answer}");
    }
    let cases = app.get_json(&format!("/api/v1/groups/{huis}/cases"), &t[0]).await;
    assert_eq!(
        cases.as_array().unwrap().len(),
        1,
        "hidden once the number fell: {cases}"
    );
    let case = cases[0]["id"].as_i64().unwrap();

    // The others decide (Anna and Eva; Fien is not in the house). Anna keeps it: with a tie
    // restoring, that settles it at once.
    let res = app
        .post_json(
            &format!("/api/v1/cases/{case}/votes"),
            &t[0],
            json!({"choice": "restore"}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let decided = app.get_json(&format!("/api/v1/cases/{case}"), &t[0]).await;
    assert_eq!(decided["status"], "restored", "{decided}");

    // A new flag after that decision is one of two again, not the third of three: the flags
    // the members already judged do not take it away a second time.
    let (status, answer) = flag(&app, &t[4], post, "Toch niet aardig").await;
    assert_eq!(status, 201);
    assert_eq!(answer["flags_counted"], 1, "{answer}");
    assert_eq!(answer["hidden"], false);
}

#[tokio::test]
async fn a_request_to_join_reaches_the_stewards_and_the_answer_reaches_the_person() {
    let app = spawn_app().await;
    let mut t = Vec::new();
    for n in ["anna", "dirk", "eva", "fien"] {
        t.push(app.register(n, GOOD_PASSWORD).await);
    }
    let made: Value = app
        .post_json(
            "/api/v1/groups",
            &t[0],
            json!({"slug": "schulden", "name": "Samen uit de schulden", "kind": "peer_group", "visibility": "public",
                   "visibility": "public", "join_policy": "approval"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let slug = made["slug"].as_str().unwrap().to_owned();
    let kinds = |notes: &Value| -> Vec<String> {
        notes
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    // Three ask within the hour: the steward hears it once (the requests wait on the page).
    for token in &t[1..] {
        let res = app
            .post_json(&format!("/api/v1/groups/{slug}/join"), token, json!({}))
            .await;
        assert_eq!(res.json::<Value>().await.unwrap()["status"], "pending");
    }
    let notes = app.get_json("/api/v1/notifications", &t[0]).await;
    assert_eq!(kinds(&notes), ["join_request"], "{notes}");
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let (_, page) = get_text(&anna, &app.url("/notifications")).await;
    assert!(
        page.contains("Iemand vraagt of die lid mag worden van Samen uit de schulden.")
            && page.contains(&format!("/g/{slug}/members")),
        "{page}"
    );

    // Dirk is let in, Eva is not: each hears the answer.
    for (token, action) in [(&t[1], "approve"), (&t[2], "decline")] {
        let name = if action == "approve" { "dirk" } else { "eva" };
        let res = app
            .post_json(
                &format!("/api/v1/groups/{slug}/members/{name}"),
                &t[0],
                json!({ "action": action }),
            )
            .await;
        assert!(res.status().is_success(), "{}", res.status());
        let notes = app.get_json("/api/v1/notifications", token).await;
        let want = if action == "approve" { "let_in" } else { "declined" };
        assert_eq!(kinds(&notes), [want], "{notes}");
    }
    let eva = app.browser_with_lang("nl");
    app.login_in_browser(&eva, "eva").await;
    let (_, page) = get_text(&eva, &app.url("/notifications")).await;
    assert!(
        page.contains("Je aanvraag om lid te worden van Samen uit de schulden is niet aangenomen."),
        "{page}"
    );
    let dirk = app.browser_with_lang("nl");
    app.login_in_browser(&dirk, "dirk").await;
    let (_, page) = get_text(&dirk, &app.url("/notifications")).await;
    assert!(page.contains("heeft je toegelaten"), "{page}");
}

#[tokio::test]
async fn the_rules_are_read_before_they_are_accepted() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    // The house adopts a rule: everyone votes yes.
    let voters: Vec<&str> = t.iter().map(String::as_str).collect();
    adopt(
        &app,
        &huis,
        &voters,
        json!({"kind": "add_rule", "title": "Stilte na elf uur",
               "payload": {"title": "Stilte na elf uur", "text": "Na elf uur is het stil in huis."}}),
    )
    .await;
    let rules = app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0]).await;
    assert_eq!(rules[0]["title"], "Stilte na elf uur", "{rules}");

    // Everyone hears of it, and sees it on the group's page, with the way to the rules.
    let notes = app.get_json("/api/v1/notifications", &t[1]).await;
    assert!(
        notes
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["kind"] == "rules_changed"),
        "{notes}"
    );
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (_, home) = get_text(&bert, &app.url(&format!("/g/{huis}"))).await;
    assert!(home.contains("De huisregels zijn veranderd."), "{home}");
    let (_, notes_page) = get_text(&bert, &app.url("/notifications")).await;
    assert!(
        notes_page.contains(&format!("/g/{huis}/rules#accept")),
        "{notes_page}"
    );
    // On the rules page the notice comes first, the rule, and only then the button.
    let (_, page) = get_text(&bert, &app.url(&format!("/g/{huis}/rules"))).await;
    let (notice, rule, button) = (
        page.find("De huisregels zijn veranderd.").unwrap(),
        page.find("Na elf uur is het stil in huis.").unwrap(),
        page.find("Gelezen, ik ga akkoord").unwrap(),
    );
    assert!(notice < rule && rule < button, "{page}");
    let res = app
        .submit_from(
            &bert,
            &format!("/g/{huis}/rules"),
            &format!("/g/{huis}/rules/accept"),
            &[],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, home) = get_text(&bert, &app.url(&format!("/g/{huis}"))).await;
    assert!(!home.contains("De huisregels zijn veranderd."), "{home}");

    // A newcomer reads the rules on the invite page, and agrees by joining.
    app.register("dirk", GOOD_PASSWORD).await;
    let invite = app
        .post_json(&format!("/api/v1/groups/{huis}/invites"), &t[0], json!({}))
        .await
        .json::<Value>()
        .await
        .unwrap();
    let browser = app.browser_with_lang("nl");
    app.login_in_browser(&browser, "dirk").await;
    let url = invite["url"].as_str().unwrap();
    let path = &url[url.find("/invite/").unwrap()..];
    let (status, page) = get_text(&browser, &app.url(path)).await;
    assert_eq!(status, 200);
    let (rule, button) = (
        page.find("Na elf uur is het stil in huis.").unwrap(),
        page.find("Ik heb de huisregels gelezen en doe mee").unwrap(),
    );
    assert!(rule < button, "{page}");
    let res = app.submit(&browser, path, &common::csrf_of(&page), &[]).await;
    assert_eq!(res.status(), 303);
    let (_, home) = get_text(&browser, &app.url(&format!("/g/{huis}"))).await;
    assert!(
        !home.contains("De huisregels zijn veranderd."),
        "accepted by joining: {home}"
    );
}

#[tokio::test]
async fn an_open_group_shows_its_rules_before_joining() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    app.register("eva", GOOD_PASSWORD).await;
    let made: Value = app
        .post_json(
            "/api/v1/groups",
            &anna,
            json!({"slug": "lotgenoten", "name": "Lotgenoten", "kind": "peer_group", "visibility": "public",
                   "visibility": "public", "join_policy": "open"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let slug = made["slug"].as_str().unwrap().to_owned();
    let opened = app
        .post_json(
            &format!("/api/v1/groups/{slug}/proposals"),
            &anna,
            json!({"kind": "add_rule", "title": "Wat hier gezegd wordt, blijft hier",
                   "payload": {"title": "Wat hier gezegd wordt, blijft hier", "text": "We vertellen niets door."}}),
        )
        .await;
    let id = opened.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    app.post_json(
        &format!("/api/v1/proposals/{id}/votes"),
        &anna,
        json!({"choice": "yes"}),
    )
    .await;
    kwartier::services::decisions::tick(&app.state).await.unwrap();
    let eva = app.browser_with_lang("nl");
    app.login_in_browser(&eva, "eva").await;
    let (_, home) = get_text(&eva, &app.url(&format!("/g/{slug}"))).await;
    let (rule, button) = (
        home.find("We vertellen niets door.")
            .expect("the rules before joining"),
        home.find("Ik heb de huisregels gelezen en doe mee").unwrap(),
    );
    assert!(rule < button, "{home}");
}

#[tokio::test]
async fn home_shows_each_group_with_what_is_new_and_the_way_in_without_one() {
    let app = spawn_app().await;
    // Someone new, in no group yet: the way on, not "you are logged in".
    app.register("zoe", GOOD_PASSWORD).await;
    let zoe = app.browser_with_lang("nl");
    app.login_in_browser(&zoe, "zoe").await;
    let (_, home) = get_text(&zoe, &app.url("/")).await;
    assert!(home.contains("Je bent nog in geen groep."), "{home}");
    assert!(
        home.contains("href=\"/groups\"") && home.contains("href=\"/groups/new\""),
        "{home}"
    );

    let (t, huis) = house_of_three(&app).await;
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let (_, home) = get_text(&anna, &app.url("/")).await;
    assert!(home.contains("Huis") && home.contains("Niets nieuws."), "{home}");

    // Bert starts a topic, Carl says something in the chat, and Bert proposes a rule.
    writes(&app, &huis, &t[1], "Wie kookt er zondag?").await;
    let room = app.get_json(&format!("/api/v1/groups/{huis}/rooms"), &t[2]).await[0]["id"]
        .as_i64()
        .unwrap();
    for (i, body) in ["Hoi!", "Is er nog koffie?"].iter().enumerate() {
        let res = app
            .post_json(
                &format!("/api/v1/rooms/{room}/messages"),
                &t[2],
                json!({"body": body, "client_id": format!("k{i}")}),
            )
            .await;
        assert!(res.status().is_success());
    }
    let opened = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &t[1],
            json!({"kind": "add_rule", "title": "Koken op zondag",
                   "payload": {"title": "Koken op zondag", "text": "Om de beurt."}}),
        )
        .await;
    assert_eq!(opened.status(), 201);
    let (_, home) = get_text(&anna, &app.url("/")).await;
    for news in [
        "1 voorstel wacht op je stem",
        "2 onderwerpen met iets nieuws", // the topic, and the proposal's discussion
        "2 nieuwe berichten in de chat",
    ] {
        assert!(home.contains(news), "{news}: {home}");
    }
    assert!(
        home.contains("Voor jou") && home.contains("Nieuw voorstel:"),
        "{home}"
    );

    // Looking at the chat makes its messages old news.
    get_text(&anna, &app.url(&format!("/r/{room}"))).await;
    let (_, home) = get_text(&anna, &app.url("/")).await;
    assert!(!home.contains("nieuwe berichten in de chat"), "{home}");
}

#[tokio::test]
async fn the_directory_finds_groups_by_name_and_kind() {
    let app = spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    for (slug, name, kind) in [
        ("schulden", "Samen uit de schulden", "peer_group"),
        ("stemmen", "Stemmen horen", "peer_group"),
        ("gracht", "Huis aan de gracht", "shelter"),
    ] {
        let res = app
            .post_json(
                "/api/v1/groups",
                &anna,
                json!({"slug": slug, "name": name, "kind": kind, "visibility": "public"}),
            )
            .await;
        assert_eq!(res.status(), 201);
    }
    let browser = app.browser_with_lang("nl");
    let (_, page) = get_text(&browser, &app.url("/groups?q=SCHULD")).await;
    assert!(
        page.contains("Samen uit de schulden") && !page.contains("Stemmen horen"),
        "{page}"
    );
    let (_, page) = get_text(&browser, &app.url("/groups?kind=shelter")).await;
    assert!(
        page.contains("Huis aan de gracht") && !page.contains("Stemmen horen"),
        "{page}"
    );
    let (_, page) = get_text(&browser, &app.url("/groups?q=niets&kind=bogus")).await;
    assert!(page.contains("Geen groep gevonden."), "{page}");
}

/// Issue 20, point 8: a profile with the name and text a person chose, seen by those who share
/// a group with them, and by nobody else: to an outsider it is exactly a name nobody has.
#[tokio::test]
async fn a_profile_is_for_those_who_share_a_group() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    let dirk = app.register("dirk", GOOD_PASSWORD).await;

    // Anna writes about herself and changes the name others see, on the account page.
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let res = app
        .submit_from(
            &anna,
            "/account",
            "/account/profile",
            &[
                ("display_name", "Anna de Vries"),
                ("bio", "Ik kook graag.\nVraag me gerust om hulp met formulieren."),
                ("time_zone", "Europe/Amsterdam"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&anna, &app.url("/account")).await;
    assert!(page.contains("value=\"Anna de Vries\""), "{page}");
    // Too long a text comes back with the form as typed and the reason.
    let long = "x".repeat(501);
    let res = app
        .submit_from(
            &anna,
            "/account",
            "/account/profile",
            &[
                ("display_name", "Anna V."),
                ("bio", &long),
                ("time_zone", "Europe/Amsterdam"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let page = res.text().await.unwrap();
    assert!(page.contains("hoogstens 500 tekens"), "{page}");
    assert!(page.contains("Anna V."), "what was typed stays");

    // Bert shares the house: he sees her profile, by page and API, with the house.
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (status, page) = get_text(&bert, &app.url("/u/anna")).await;
    assert_eq!(status, 200);
    assert!(
        page.contains("Anna de Vries") && page.contains("Ik kook graag."),
        "{page}"
    );
    assert!(page.contains(&format!("/g/{huis}")), "the shared group: {page}");
    let profile = app.get_json("/api/v1/users/anna", &t[1]).await;
    assert_eq!(profile["display_name"], "Anna de Vries");
    assert_eq!(
        profile["bio"],
        "Ik kook graag.\nVraag me gerust om hulp met formulieren."
    );
    assert_eq!(profile["shared_groups"][0]["slug"], huis.as_str());

    // Her name on a post in the house leads there.
    let (thread, _) = writes(&app, &huis, &t[0], "Wie helpt mee met koken?").await;
    let (_, page) = get_text(&bert, &app.url(&format!("/t/{thread}"))).await;
    assert!(page.contains("href=\"/u/anna\">Anna de Vries</a>"), "{page}");

    // Dirk shares nothing with her: her profile answers as a name nobody has, on both paths.
    let dirk_browser = app.browser_with_lang("nl");
    app.login_in_browser(&dirk_browser, "dirk").await;
    let (status, existing) = get_text(&dirk_browser, &app.url("/u/anna")).await;
    let (missing_status, missing) = get_text(&dirk_browser, &app.url("/u/niemand")).await;
    assert_eq!((status, missing_status), (404, 404));
    // The same page but for the path it was asked for (in the language switch).
    assert_eq!(existing.replace("/u/anna", "/u/niemand"), missing);
    let mut answers = Vec::new();
    for name in ["anna", "niemand", "NOT%20A%20NAME"] {
        let res = app
            .api()
            .get(app.url(&format!("/api/v1/users/{name}")))
            .bearer_auth(&dirk)
            .send()
            .await
            .unwrap();
        answers.push((res.status().as_u16(), res.text().await.unwrap()));
    }
    assert_eq!(answers[0].0, 404);
    assert!(answers.iter().all(|a| *a == answers[0]), "{answers:?}");
    // A person always sees their own.
    let (status, _) = get_text(&dirk_browser, &app.url("/u/dirk")).await;
    assert_eq!(status, 200);
}

/// Issue 20, point 7: chat that reads like chat. A two-line message keeps its lines (API and
/// page); times are in the reader's zone without JavaScript, the time only for today; no
/// "Enter sends" where Enter does not send; and a way to newer messages without the script.
#[tokio::test]
async fn chat_reads_like_chat() {
    let app = common::spawn_app_with(|c| c.chat_per_minute = 1000).await;
    let (t, huis) = house_of_three(&app).await;
    let room = room_of(&app, &huis, &t[0]).await;
    let sent = says(&app, room, &t[1], "Boodschappenlijst:\nmelk\nbrood", "lijst-1").await;
    assert_eq!(
        sent["body_html"],
        "<p>Boodschappenlijst:<br>\nmelk<br>\nbrood</p>\n"
    );

    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;
    let (_, page) = get_text(&anna, &app.url(&format!("/r/{room}"))).await;
    assert!(page.contains("Boodschappenlijst:<br>"), "{page}");
    // The hint about Enter is there for the script to show, hidden without it.
    assert!(page.contains(r#"id="f-chat-hint" hidden"#), "{page}");
    assert!(page.contains("Nieuwe berichten laden"), "{page}");
    // Today's message: the time only, in Amsterdam's time (the default), not UTC.
    let created: chrono::DateTime<chrono::Utc> = sent["created_at"].as_str().unwrap().parse().unwrap();
    let amsterdam = created
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .format("%H:%M")
        .to_string();
    assert!(
        page.contains(&format!(">{amsterdam}</time>")),
        "{amsterdam} in {page}"
    );
    assert!(!page.contains("UTC"), "no UTC on the page");

    // Anna lives in Suriname for now: she chooses its zone, and the page follows.
    let res = app
        .submit_from(
            &anna,
            "/account",
            "/account/profile",
            &[
                ("display_name", "Anna"),
                ("bio", ""),
                ("time_zone", "America/Paramaribo"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, page) = get_text(&anna, &app.url(&format!("/r/{room}"))).await;
    let paramaribo = created.with_timezone(&chrono_tz::America::Paramaribo);
    let shown = if paramaribo.date_naive()
        == chrono::Utc::now()
            .with_timezone(&chrono_tz::America::Paramaribo)
            .date_naive()
    {
        paramaribo.format("%H:%M").to_string()
    } else {
        paramaribo.format("%-d-%-m %H:%M").to_string()
    };
    assert!(page.contains(&format!(">{shown}</time>")), "{shown} in {page}");
    assert!(page.contains(r#"data-tz="America/Paramaribo""#));
    // A zone she chose is hers: the script's report of the browser's zone changes nothing.
    let csrf = common::csrf_of(&page);
    let res = app
        .submit(&anna, "/account/time-zone", &csrf, &[("time_zone", "Asia/Tokyo")])
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(
        app.get_json("/api/v1/me", &t[0]).await["time_zone"],
        "America/Paramaribo"
    );
    // Bert never chose: the page asks the script to report, and the report is taken once.
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (_, page) = get_text(&bert, &app.url(&format!("/r/{room}"))).await;
    assert!(page.contains(r#"name="kw-time-zone""#));
    let csrf = common::csrf_of(&page);
    let res = app
        .submit(
            &bert,
            "/account/time-zone",
            &csrf,
            &[("time_zone", "Nergens/Niet")],
        )
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(app.get_json("/api/v1/me", &t[1]).await["time_zone_set"], false);
    app.submit(
        &bert,
        "/account/time-zone",
        &csrf,
        &[("time_zone", "Europe/Brussels")],
    )
    .await;
    let me = app.get_json("/api/v1/me", &t[1]).await;
    assert_eq!(
        (me["time_zone"].as_str(), me["time_zone_set"].as_bool()),
        (Some("Europe/Brussels"), Some(true))
    );
    let (_, page) = get_text(&bert, &app.url(&format!("/r/{room}"))).await;
    assert!(!page.contains(r#"name="kw-time-zone""#), "reported once");

    // Sixty more messages: the page further back links forward again, without JavaScript.
    for i in 0..60 {
        app.post_json(
            &format!("/api/v1/rooms/{room}/messages"),
            &t[2],
            json!({"body": format!("Bericht {i}"), "client_id": format!("c-{i}")}),
        )
        .await;
    }
    let (_, newest) = get_text(&anna, &app.url(&format!("/r/{room}"))).await;
    let older = newest
        .split("?before=")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to older messages")
        .to_owned();
    let (_, back) = get_text(&anna, &app.url(&format!("/r/{room}?before={older}"))).await;
    assert!(
        back.contains("Boodschappenlijst"),
        "the first message is on the older page"
    );
    let newer = back
        .split("?after=")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a link to newer messages")
        .to_owned();
    let (status, forward) = get_text(&anna, &app.url(&format!("/r/{room}?after={newer}"))).await;
    assert_eq!(status, 200);
    assert!(forward.contains("Bericht 59"), "{forward}");
    assert!(!forward.contains("Boodschappenlijst"));
}

/// Issue 20, point 5: choices that match the risk. A new peer group is private unless its
/// creator chooses public (and the form says what public means); its web address comes from
/// its name; deleting asks first, without JavaScript; a steward's urgent removal is offered on
/// the flag page, not as a small link beside "flag".
#[tokio::test]
async fn choices_match_the_risk() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    let anna = app.browser_with_lang("nl");
    app.login_in_browser(&anna, "anna").await;

    let (_, form) = get_text(&anna, &app.url("/groups/new")).await;
    assert!(form.contains("Webadres") && !form.contains(">Adres<"), "{form}");
    assert!(form.contains("ook zoekmachines"), "{form}");
    assert!(
        form.contains(r#"value="private" checked"#),
        "private is chosen: {form}"
    );
    // Anna leaves the address empty and the choice as it is.
    let res = app
        .submit_from(
            &anna,
            "/groups/new",
            "/groups",
            &[
                ("name", "Samen uit de Schulden"),
                ("slug", ""),
                ("kind", "peer_group"),
                ("visibility", "private"),
                ("join_policy", ""),
                ("description", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let place = res.headers()["location"].to_str().unwrap().to_owned();
    assert!(place.starts_with("/g/samen-uit-de-schulden-"), "{place}");
    let slug = place.trim_start_matches("/g/");
    let g = app.get_json(&format!("/api/v1/groups/{slug}"), &t[0]).await;
    assert_eq!(g["visibility"], "private");
    // Through the API too, a peer group without a choice is private.
    let res = app
        .post_json(
            "/api/v1/groups",
            &t[1],
            json!({"slug": "stemmen", "name": "Stemmen horen", "kind": "peer_group"}),
        )
        .await;
    assert_eq!(res.status(), 201);
    assert_eq!(res.json::<Value>().await.unwrap()["visibility"], "private");

    // Deleting a chat message asks first.
    let room = room_of(&app, &huis, &t[0]).await;
    let sent = says(&app, room, &t[0], "Mijn nummer is 06-1234", "oeps").await;
    let id = sent["id"].as_i64().unwrap();
    let res = app
        .submit_from(&anna, &format!("/r/{room}"), &format!("/m/{id}/delete"), &[])
        .await;
    assert_eq!(res.status(), 200);
    let question = res.text().await.unwrap();
    assert!(question.contains("Weet je het zeker?") && question.contains("Mijn nummer is 06-1234"));
    assert_eq!(
        app.count(&format!("chat_messages WHERE id = {id} AND status = 'visible'"))
            .await,
        1
    );
    let res = app
        .submit(
            &anna,
            &format!("/m/{id}/delete"),
            &common::csrf_of(&question),
            &[("confirm", "yes")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(
        app.count(&format!("chat_messages WHERE id = {id} AND status = 'deleted'"))
            .await,
        1
    );

    // Anna is the house's steward: no urgent link beside Bert's post, but on its flag page.
    let (thread, post) = writes(&app, &huis, &t[1], "Zijn adres is Gracht 12.").await;
    let (_, page) = get_text(&anna, &app.url(&format!("/t/{thread}"))).await;
    assert!(!page.contains(&format!("/p/{post}/urgent")), "{page}");
    let (_, flag) = get_text(&anna, &app.url(&format!("/p/{post}/flag"))).await;
    assert!(flag.contains(&format!("/p/{post}/urgent")), "{flag}");
}

/// Issue 20, point 6: proposals people can judge. A settings proposal shows what it changes,
/// old beside new (also after it passed); changing a rule starts from its current text; the
/// quorum and the majority read as sentences; every field has a label of its own.
#[tokio::test]
async fn proposals_people_can_judge() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    let voters: Vec<&str> = t.iter().map(String::as_str).collect();
    adopt(
        &app,
        &huis,
        &voters,
        json!({"kind": "add_rule", "title": "Afwas", "payload": {"title": "Afwas", "text": "Wie kookt, wast niet af."}}),
    )
    .await;
    let mut settings = app
        .get_json(&format!("/api/v1/groups/{huis}/settings"), &t[0])
        .await;
    let before = settings["flag_threshold"].clone();
    settings["flag_threshold"] = json!(1);
    settings["quorum"]["add_rule"] = json!(75);
    let id = adopt(
        &app,
        &huis,
        &voters,
        json!({"kind": "change_settings", "title": "Sneller verbergen", "payload": settings}),
    )
    .await;
    let p = app.get_json(&format!("/api/v1/proposals/{id}"), &t[1]).await;
    assert_eq!(p["status"], "passed", "{p}");
    assert_eq!(p["previous"]["flag_threshold"], before);

    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (_, page) = get_text(&bert, &app.url(&format!("/proposals/{id}"))).await;
    let changes = page
        .split("Wat verandert")
        .nth(1)
        .expect("what changes")
        .to_owned();
    let row = |label: &str, old: &str, new: &str| {
        format!("<th scope=\"row\">{label}</th><td>{old}</td><td><strong>{new}</strong></td>")
    };
    assert!(
        changes.contains(&row(
            "Leden die iets melden voordat het verborgen wordt",
            &before.to_string(),
            "1"
        )),
        "{changes}"
    );
    assert!(
        changes.contains(&row(
            "Nieuwe huisregel: Genoeg stemmen (procent van wie mag stemmen)",
            "50",
            "75"
        )),
        "{changes}"
    );
    assert!(
        !changes.contains("Uren om te stemmen"),
        "what stays is not listed: {changes}"
    );
    // The quorum and majority in words.
    assert!(
        page.contains("Er moeten genoeg mensen stemmen:") && page.contains("van de 3 die mogen stemmen"),
        "{page}"
    );

    // The settings page: every field has a visible label, the numbers in words per kind.
    let (_, settings_page) = get_text(&bert, &app.url(&format!("/g/{huis}/settings"))).await;
    assert!(
        !settings_page.contains("aria-label=\"Nieuwe huisregel"),
        "labels are visible, not aria-only"
    );
    assert!(
        settings_page.contains(r#"<label for="f-quorum-add_rule">"#),
        "{settings_page}"
    );
    assert!(
        settings_page.contains("drie kwart van wie mag stemmen"),
        "{settings_page}"
    );

    // Changing the rule starts from its text, and its page shows the rule as it was.
    let rule = app.get_json(&format!("/api/v1/groups/{huis}/rules"), &t[0]).await[0]["id"]
        .as_i64()
        .unwrap();
    let (_, rules) = get_text(&bert, &app.url(&format!("/g/{huis}/rules"))).await;
    assert!(
        rules.contains(&format!("proposals/new?kind=amend_rule&amp;rule_id={rule}")),
        "{rules}"
    );
    let (_, form) = get_text(
        &bert,
        &app.url(&format!("/g/{huis}/proposals/new?kind=amend_rule&rule_id={rule}")),
    )
    .await;
    assert!(form.contains(">Wie kookt, wast niet af.</textarea>"), "{form}");
    let opened = app
        .post_json(
            &format!("/api/v1/groups/{huis}/proposals"),
            &t[1],
            json!({"kind": "amend_rule", "title": "Afwas samen", "payload": {"rule_id": rule, "text": "Wie kookt, droogt af."}}),
        )
        .await;
    let amend = opened.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
    let (_, page) = get_text(&bert, &app.url(&format!("/proposals/{amend}"))).await;
    let (was, proposed) = (
        page.find("Wie kookt, wast niet af.").expect("the rule as it was"),
        page.find("Wie kookt, droogt af.").unwrap(),
    );
    assert!(was < proposed);
}

/// Issue 20, point 4: each person chooses which notifications arrive, per kind; what is about
/// their own words or account always arrives.
#[tokio::test]
async fn each_person_chooses_what_to_hear() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (_, page) = get_text(&bert, &app.url("/notifications")).await;
    assert!(
        page.contains("Wat wil je horen?")
            && page.contains(r#"id="n-reply" name="on" value="reply" checked"#),
        "{page}"
    );
    // Bert keeps everything but replies.
    let on: Vec<(&str, &str)> = kwartier::domain::account::CHOOSABLE_NOTIFICATIONS
        .iter()
        .filter(|k| **k != "reply")
        .map(|k| ("on", *k))
        .collect();
    let res = app
        .submit_from(&bert, "/notifications", "/notifications/choices", &on)
        .await;
    assert_eq!(res.status(), 303);
    let me = app.get_json("/api/v1/me", &t[1]).await;
    assert_eq!(me["notifications_off"], json!(["reply"]));
    let (_, page) = get_text(&bert, &app.url("/notifications")).await;
    assert!(
        page.contains(r#"id="n-reply" name="on" value="reply">"#),
        "unticked: {page}"
    );

    // Anna replies to Bert and mentions him: the mention arrives, the reply does not.
    let replies = |thread: i64, post: i64, body: &'static str| {
        let app = &app;
        let anna = t[0].clone();
        async move {
            app.post_json(
                &format!("/api/v1/threads/{thread}/posts"),
                &anna,
                json!({"body": body, "parent_id": post}),
            )
            .await;
        }
    };
    let (thread, post) = writes(&app, &huis, &t[1], "Wie kookt er vrijdag?").await;
    replies(thread, post, "Ik kook, @bert doet de afwas.").await;
    let kinds = |notes: Value| -> Vec<String> {
        notes
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["kind"].as_str().unwrap().to_owned())
            .collect()
    };
    let heard = kinds(app.get_json("/api/v1/notifications", &t[1]).await);
    assert!(
        heard.contains(&"mention".to_owned()) && !heard.contains(&"reply".to_owned()),
        "{heard:?}"
    );
    // Carl still hears replies.
    let (carl_thread, carl_post) = writes(&app, &huis, &t[2], "Ik neem toetje mee.").await;
    replies(carl_thread, carl_post, "Lekker!").await;
    assert!(kinds(app.get_json("/api/v1/notifications", &t[2]).await).contains(&"reply".to_owned()));

    // Notices about your own words cannot be turned off, through the API either.
    let res = app
        .api()
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&t[1])
        .json(&json!({"notifications_off": ["hidden"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let res = app
        .api()
        .patch(app.url("/api/v1/me"))
        .bearer_auth(&t[1])
        .json(&json!({"notifications_off": ["outcome", "proposal"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.json::<Value>().await.unwrap()["notifications_off"],
        json!(["proposal", "outcome"])
    );
}

/// Issue 20, point 10: your data as a page to read and print, in your language; the crisis
/// contacts named in the page's language.
#[tokio::test]
async fn your_data_readable_and_help_in_your_language() {
    let app = spawn_app().await;
    let (t, huis) = house_of_three(&app).await;
    writes(&app, &huis, &t[1], "Ik heb hulp nodig met mijn brieven.").await;
    let (_, gone) = writes(&app, &huis, &t[1], "Laat maar.").await;
    let res = app
        .api()
        .delete(app.url(&format!("/api/v1/posts/{gone}")))
        .bearer_auth(&t[1])
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success());
    let bert = app.browser_with_lang("nl");
    app.login_in_browser(&bert, "bert").await;
    let (status, page) = get_text(&bert, &app.url("/account/data")).await;
    assert_eq!(status, 200);
    assert!(page.contains("Alles wat Kwartier van jou bewaart"), "{page}");
    assert!(page.contains("Ik heb hulp nodig met mijn brieven."), "{page}");
    assert!(page.contains(&huis) && page.contains("doet mee"), "{page}");
    assert!(!page.contains("anna"), "nothing of anyone else's: {page}");
    assert!(
        page.contains("door jou verwijderd") && !page.contains("· deleted"),
        "states in words: {page}"
    );
    let (_, account) = get_text(&bert, &app.url("/account")).await;
    assert!(account.contains("href=\"/account/data\""));
    // Nobody else's: without a session, the login page.
    let res = app
        .browser_with_lang("nl")
        .get(app.url("/account/data"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);

    // The crisis contacts: Dutch names on Dutch pages, English names on English pages.
    let (_, nl) = get_text(&bert, &app.url("/help")).await;
    assert!(
        nl.contains("113 Zelfmoordpreventie") && !nl.contains("Suicide Prevention"),
        "{nl}"
    );
    let english = app.browser_with_lang("en");
    let (_, en) = get_text(&english, &app.url("/help")).await;
    assert!(
        en.contains("113 Suicide Prevention") && en.contains("tel:08000113"),
        "{en}"
    );
    assert!(!en.contains("Zelfmoordpreventie"), "{en}");
    let (_, data_en) = {
        // Carl reads Kwartier in English.
        let res = app
            .api()
            .patch(app.url("/api/v1/me"))
            .bearer_auth(&t[2])
            .json(&json!({"locale": "en"}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200);
        app.login_in_browser(&english, "carl").await;
        get_text(&english, &app.url("/account/data")).await
    };
    assert!(
        data_en.contains("Everything Kwartier keeps about you"),
        "{data_en}"
    );
}
