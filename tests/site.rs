//! What every response carries, error pages, assets and the health check.
mod common;

use common::{GOOD_PASSWORD, csrf_from, spawn_app, spawn_app_with};

const CSP: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

fn assert_baseline(res: &reqwest::Response, what: &str) {
    let h = res.headers();
    assert_eq!(h["content-security-policy"], CSP, "{what}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["referrer-policy"], "same-origin", "{what}");
    assert!(h.contains_key("cache-control"), "{what}");
    // Over plain http (here) no promise of https: it would lock a browser out of a site on
    // http://localhost.
    assert!(!h.contains_key("strict-transport-security"), "{what}");
}

#[tokio::test]
async fn every_kind_of_response_carries_the_security_headers() {
    let app = spawn_app().await;
    let c = app.api();
    for path in [
        "/",
        "/login",
        "/register",
        "/nothing",
        "/healthz",
        "/api/v1/me",
        "/api/openapi.json",
        "/assets/css/site.css",
    ] {
        let res = c.get(app.url(path)).send().await.unwrap();
        assert_baseline(&res, path);
    }
    let res = c
        .post(app.url("/login"))
        .form(&[("username", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_baseline(&res, "refused form");
}

#[tokio::test]
async fn pages_contain_no_inline_script_or_style() {
    let app = spawn_app().await;
    let browser = app.browser();
    for path in ["/", "/login", "/register", "/nothing"] {
        let html = browser
            .get(app.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        // Scripts only from our own files, never inline.
        for rest in html.split("<script").skip(1) {
            let (tag, after) = rest.split_once('>').unwrap();
            assert!(tag.contains(" src=\"/assets/js/"), "{path}: <script{tag}>");
            assert!(after.starts_with("</script>"), "{path}: inline script");
        }
        assert!(!html.contains("style="), "{path}");
        assert!(!html.contains("<style"), "{path}");
        let handler = html.split(" on").skip(1).any(|rest| {
            let name: String = rest.chars().take_while(|c| c.is_ascii_lowercase()).collect();
            !name.is_empty() && rest[name.len()..].starts_with('=')
        });
        assert!(!handler, "{path}: no event handler attributes");
    }
}

#[tokio::test]
async fn logged_in_pages_are_never_stored_by_caches() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = browser.get(app.url("/")).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "private, no-cache");
    app.register_in_browser(&browser, "anna").await;
    for path in ["/", "/account", "/nothing"] {
        let res = browser.get(app.url(path)).send().await.unwrap();
        assert_eq!(res.headers()["cache-control"], "no-store", "{path}");
    }
    let res = app.api().get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn the_not_found_page_is_friendly_in_both_languages() {
    let app = spawn_app().await;
    let nl = app
        .browser_with_lang("nl")
        .get(app.url("/bestaat/niet"))
        .send()
        .await
        .unwrap();
    assert_eq!(nl.status(), 404);
    assert!(
        nl.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let html = nl.text().await.unwrap();
    assert!(html.contains("Deze pagina bestaat niet") && html.contains("Naar de voorpagina"));
    let en = app
        .browser_with_lang("en")
        .get(app.url("/does/not/exist"))
        .send()
        .await
        .unwrap();
    let html = en.text().await.unwrap();
    assert!(html.contains("This page does not exist") && html.contains("Go to the front page"));
}

#[tokio::test]
async fn too_many_logins_get_a_friendly_page_with_retry_after() {
    let app = spawn_app_with(|c| c.login_per_ip_per_minute = 1).await;
    let browser = app.browser_with_lang("nl");
    let csrf = csrf_from(&browser, &app.url("/login")).await;
    let login = || {
        browser
            .post(app.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", "anna"),
                ("password", "whatever1"),
            ])
            .send()
    };
    assert_eq!(login().await.unwrap().status(), 401);
    let res = login().await.unwrap();
    assert_eq!(res.status(), 429);
    assert!(res.headers().contains_key("retry-after"));
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Even wachten") && html.contains("Probeer het over"),
        "{html}"
    );
}

#[tokio::test]
async fn assets_are_embedded_and_cacheable_when_versioned() {
    let app = spawn_app().await;
    let html = app
        .api()
        .get(app.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let start = html.find("/assets/css/site.css?v=").unwrap();
    let href = html[start..].split('"').next().unwrap();
    let res = app.api().get(app.url(href)).send().await.unwrap();
    assert_eq!(res.status(), 200);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert!(res.text().await.unwrap().contains(":focus-visible"));
    let res = app
        .api()
        .get(app.url("/assets/css/site.css?v=old"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "public, max-age=300");
    for hidden in [
        "/assets/common-passwords.txt",
        "/assets/locales/nl/main.ftl",
        "/assets/../Cargo.toml",
    ] {
        let res = app.api().get(app.url(hidden)).send().await.unwrap();
        assert_eq!(res.status(), 404, "{hidden}");
    }
}

#[tokio::test]
async fn the_health_check_reports_the_database() {
    let app = spawn_app().await;
    let res = app.api().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn graceful_stop_lets_the_server_finish() {
    let app = spawn_app().await;
    let res = app.api().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 200);
    let addr = app.addr;
    app.stop().await;
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "no longer listening"
    );
}

#[tokio::test]
async fn a_broken_database_gives_a_friendly_500_page_and_a_503_health_check() {
    let app = spawn_app().await;
    let browser = app.browser_with_lang("en");
    app.register_in_browser(&browser, "anna").await;
    app.state.db.clone().close().await.unwrap();

    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 500);
    let html = res.text().await.unwrap();
    assert!(
        html.contains("Something went wrong") && html.contains("It is not your fault"),
        "{html}"
    );
    assert!(
        !html.to_lowercase().contains("pool") && !html.contains("database"),
        "no internals shown"
    );
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth("x")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 500);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "internal");
    let res = app.api().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), 503);
}

#[tokio::test]
async fn requests_in_flight_when_the_stop_comes_still_finish() {
    let app = spawn_app().await;
    let client = app.api();
    // Registrations hash with argon2: a handful takes long enough to be caught mid-way.
    let mut running = Vec::new();
    for i in 0..6 {
        let req = client
            .post(app.url("/api/v1/auth/register"))
            .json(&serde_json::json!({"username": format!("peer{i}"), "password": GOOD_PASSWORD}));
        running.push(tokio::spawn(req.send()));
    }
    // Long enough for every request to reach the server even on a loaded machine (a request
    // whose connection is not yet read when the stop comes is rightly refused), short enough
    // that argon2 (one hash per core at a time, six queued) is still busy with them.
    tokio::time::sleep(std::time::Duration::from_millis(250)).await;
    let stopping = tokio::spawn(app.stop());
    for r in running {
        let res = r.await.unwrap().expect("answered, not cut off");
        assert_eq!(res.status(), 201);
    }
    stopping.await.unwrap();
}

#[tokio::test]
async fn every_page_links_to_crisis_contacts_which_the_instance_sets() {
    let app = common::spawn_app().await;
    let (_, home) = common::get_text(&app.browser(), &app.url("/")).await;
    assert!(home.contains("<a href=\"/help\">Hulp nodig?</a>"));
    let (status, help) = common::get_text(&app.browser(), &app.url("/help")).await;
    assert_eq!(status, 200);
    assert!(help.contains("0800-0113") && help.contains("href=\"tel:08000113\""));
    assert!(help.contains("href=\"tel:112\""));
    let other = common::spawn_app_with(|c| c.crisis_contacts = "Sensoor|0900-0767;kapot".to_owned()).await;
    let (_, help) = common::get_text(&other.browser(), &other.url("/help")).await;
    assert!(help.contains("Sensoor") && help.contains("tel:09000767"));
    assert!(!help.contains("0800-0113") && !help.contains("kapot"));
}

#[tokio::test]
async fn pages_speak_the_language_the_person_chose_whatever_the_browser_asks() {
    let app = spawn_app().await;
    let res = app
        .api()
        .post(app.url("/api/v1/auth/register"))
        .json(&serde_json::json!({"username": "sam", "password": GOOD_PASSWORD, "locale": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    // A Dutch browser: the login page is Dutch, the pages after logging in are English.
    let browser = app.browser_with_lang("nl-NL,nl;q=0.9");
    let (_, login) = common::get_text(&browser, &app.url("/login")).await;
    assert!(login.contains("<html lang=\"nl\""), "{login}");
    app.login_in_browser(&browser, "sam").await;
    let (_, home) = common::get_text(&browser, &app.url("/")).await;
    assert!(home.contains("<html lang=\"en\""));
    assert!(home.contains("Log out"), "English words too");
}
