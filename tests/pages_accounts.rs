//! Registering, logging in and out, and the account page, as a browser does it.
mod common;

use common::{GOOD_PASSWORD, csrf_from, csrf_of, spawn_app, spawn_app_with};

fn location(res: &reqwest::Response) -> &str {
    res.headers()["location"].to_str().unwrap()
}

fn set_cookies(res: &reqwest::Response) -> Vec<String> {
    res.headers()
        .get_all("set-cookie")
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

async fn page(browser: &reqwest::Client, url: &str) -> (u16, String) {
    let res = browser.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

#[tokio::test]
async fn a_newcomer_registers_logs_out_and_logs_in_again_in_dutch() {
    let app = spawn_app().await;
    let browser = app.browser_with_lang("nl-NL,nl;q=0.9");
    let (status, html) = page(&browser, &app.url("/register")).await;
    assert_eq!(status, 200);
    assert!(html.contains("<html lang=\"nl\""));
    assert!(html.contains("Account maken"));
    assert!(html.contains("<label for=\"f-username\">Gebruikersnaam</label>"));

    let res = app.register_in_browser(&browser, "anna").await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/welcome");
    let (_, home) = page(&browser, &app.url("/")).await;
    assert!(home.contains("Hallo, Anna de Vries"), "{home}");
    assert!(home.contains("Uitloggen"));

    let csrf = csrf_of(&home);
    let res = app.submit(&browser, "/logout", &csrf, &[]).await;
    assert_eq!(res.status(), 303);
    assert_eq!(app.count("sessions").await, 0);
    let (_, home) = page(&browser, &app.url("/")).await;
    assert!(home.contains("Inloggen") && !home.contains("Uitloggen"));

    let csrf = csrf_from(&browser, &app.url("/login")).await;
    let res = app
        .submit(
            &browser,
            "/login",
            &csrf,
            &[("username", "Anna"), ("password", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, home) = page(&browser, &app.url("/")).await;
    assert!(home.contains("Hallo, Anna de Vries"));
}

#[tokio::test]
async fn a_newcomer_can_do_it_all_in_english_and_switch_language() {
    let app = spawn_app().await;
    let browser = app.browser_with_lang("en-GB,en;q=0.9");
    let (_, html) = page(&browser, &app.url("/login")).await;
    assert!(html.contains("<html lang=\"en\""));
    assert!(html.contains("Log in") && html.contains("Create account"));

    let res = app.register_in_browser(&browser, "anna").await;
    assert_eq!(res.status(), 303);
    let (_, home) = page(&browser, &app.url("/")).await;
    assert!(home.contains("Hello, Anna de Vries"));

    // The language switch keeps the reader on the same page and remembers the choice.
    let csrf = csrf_of(&home);
    let res = app
        .submit(
            &browser,
            "/language",
            &csrf,
            &[("lang", "nl"), ("next", "/account")],
        )
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/account");
    let (_, account) = page(&browser, &app.url("/account")).await;
    assert!(
        account.contains("<html lang=\"nl\"") && account.contains("Je account"),
        "{account}"
    );
    // Stored on the account: the API answers in Dutch for this user too.
    let me = browser
        .get(app.url("/api/v1/me"))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    assert_eq!(me["locale"], "nl");

    let res = app
        .submit(&browser, "/language", &csrf, &[("lang", "fr"), ("next", "/")])
        .await;
    assert_eq!(res.status(), 422);
}

#[tokio::test]
async fn a_refused_registration_shows_the_form_again_with_reasons_and_stores_nothing() {
    let app = spawn_app().await;
    let browser = app.browser_with_lang("nl");
    let csrf = csrf_from(&browser, &app.url("/register")).await;
    let res = app
        .submit(
            &browser,
            "/register",
            &csrf,
            &[
                ("username", "A B"),
                ("display_name", "Anna"),
                ("password", "wachtwoord"),
                ("password_confirm", "wachtwoord"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    let html = res.text().await.unwrap();
    assert!(html.contains("Gebruik alleen kleine letters, cijfers, - en _."));
    assert!(html.contains("Dit wachtwoord is te makkelijk te raden."));
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(html.contains("aria-describedby=\"f-username-hint f-username-error\""));
    assert!(html.contains("value=\"A B\""), "typed values are kept");
    assert!(
        !html.contains("value=\"wachtwoord\""),
        "passwords are never sent back"
    );

    let res = app
        .submit(
            &browser,
            "/register",
            &csrf,
            &[
                ("username", "anna"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", "something else entirely"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("De twee wachtwoorden zijn niet hetzelfde.")
    );

    let long = "x".repeat(5000);
    let res = app
        .submit(
            &browser,
            "/register",
            &csrf,
            &[
                ("username", long.as_str()),
                ("password", ""),
                ("password_confirm", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(app.count("users").await, 0);

    app.register("bert", GOOD_PASSWORD).await;
    let res = app
        .submit(
            &browser,
            "/register",
            &csrf,
            &[
                ("username", "Bert"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(res.status(), 409);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Deze gebruikersnaam is al van iemand anders.")
    );
    assert_eq!(app.count("users").await, 1);
}

#[tokio::test]
async fn a_wrong_login_says_so_plainly_without_saying_which_part() {
    let app = spawn_app().await;
    app.register("anna", GOOD_PASSWORD).await;
    let browser = app.browser_with_lang("en");
    let csrf = csrf_from(&browser, &app.url("/login")).await;
    for (user, pw) in [("anna", "wrong password"), ("nobody", GOOD_PASSWORD)] {
        let res = app
            .submit(&browser, "/login", &csrf, &[("username", user), ("password", pw)])
            .await;
        assert_eq!(res.status(), 401);
        let html = res.text().await.unwrap();
        assert!(html.contains("The username or password is not right."));
        assert!(html.contains("role=\"alert\""));
    }
}

#[tokio::test]
async fn forged_cross_site_posts_change_nothing() {
    let app = spawn_app().await;
    let browser = app.browser();
    let csrf = csrf_from(&browser, &app.url("/register")).await;
    let fields = [
        ("username", "anna"),
        ("password", GOOD_PASSWORD),
        ("password_confirm", GOOD_PASSWORD),
    ];

    // No token at all.
    let res = browser
        .post(app.url("/register"))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert!(res.text().await.unwrap().contains("Dit formulier is verlopen"));
    // A made-up token.
    let mut forged = fields.to_vec();
    forged.push(("csrf", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
    let res = browser
        .post(app.url("/register"))
        .form(&forged)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    // The right token, but posted from another site.
    let mut real = fields.to_vec();
    real.push(("csrf", csrf.as_str()));
    let res = browser
        .post(app.url("/register"))
        .header("origin", "https://evil.example")
        .form(&real)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = browser
        .post(app.url("/register"))
        .header("origin", "null")
        .form(&real)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    assert_eq!(app.count("users").await, 0);

    // A logged-in member: a forged logout or password change does nothing either.
    let res = browser
        .post(app.url("/register"))
        .form(&real)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let res = browser
        .post(app.url("/account/password"))
        .header("origin", "https://evil.example")
        .form(&[
            ("current_password", GOOD_PASSWORD),
            ("new_password", "een ander lang wachtwoord"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 403);
    let res = app.submit(&browser, "/logout", &csrf, &[]).await;
    assert_eq!(
        res.status(),
        403,
        "the anonymous token is no longer valid once logged in"
    );
    assert_eq!(app.count("sessions").await, 1);
}

#[tokio::test]
async fn session_cookies_are_http_only_lax_and_renewed_at_login() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = app.register_in_browser(&browser, "anna").await;
    let cookies = set_cookies(&res);
    let session = cookies
        .iter()
        .find(|c| c.starts_with("kwartier="))
        .expect("session cookie");
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax") && session.contains("Path=/"));
    assert!(!session.contains("Secure"), "plain http on 127.0.0.1");
    let first = session.split(';').next().unwrap().to_owned();

    // Logging in again while logged in starts a new session and ends the old one.
    let csrf = csrf_from(&browser, &app.url("/account")).await;
    let res = app
        .submit(
            &browser,
            "/login",
            &csrf,
            &[("username", "anna"), ("password", GOOD_PASSWORD)],
        )
        .await;
    assert_eq!(res.status(), 303);
    let cookies = set_cookies(&res);
    let second = cookies
        .iter()
        .find(|c| c.starts_with("kwartier="))
        .unwrap()
        .split(';')
        .next()
        .unwrap();
    assert_ne!(first, second);
    assert_eq!(app.count("sessions").await, 1);
    let stale = app
        .api()
        .get(app.url("/api/v1/me"))
        .header("cookie", &first)
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), 401);
}

#[tokio::test]
async fn over_https_cookies_are_secure_and_host_prefixed() {
    let app = spawn_app_with(|c| c.base_url = Some("https://kwartier.example.nl".parse().unwrap())).await;
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let res = client.get(app.url("/register")).send().await.unwrap();
    let csrf_cookie = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("__Host-kwartier-csrf="))
        .unwrap();
    assert!(csrf_cookie.contains("Secure") && csrf_cookie.contains("Path=/"));
    let token = csrf_of(&res.text().await.unwrap());
    let cookie = csrf_cookie.split(';').next().unwrap().to_owned();
    let res = client
        .post(app.url("/register"))
        .header("origin", "https://kwartier.example.nl")
        .header("cookie", cookie)
        .form(&[
            ("csrf", token.as_str()),
            ("username", "anna"),
            ("password", GOOD_PASSWORD),
            ("password_confirm", GOOD_PASSWORD),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 303);
    let session = set_cookies(&res)
        .into_iter()
        .find(|c| c.starts_with("__Host-kwartier="))
        .unwrap();
    assert!(session.contains("Secure") && session.contains("HttpOnly") && session.contains("SameSite=Lax"));
    assert!(!session.to_lowercase().contains("domain="));
}

#[tokio::test]
async fn the_account_page_lists_sessions_and_ends_another_one() {
    let app = spawn_app().await;
    let phone = app.browser();
    app.register_in_browser(&phone, "anna").await;
    let laptop = app.browser_with_lang("en");
    let csrf = csrf_from(&laptop, &app.url("/login")).await;
    app.submit(
        &laptop,
        "/login",
        &csrf,
        &[("username", "anna"), ("password", GOOD_PASSWORD)],
    )
    .await;

    let (status, html) = page(&phone, &app.url("/account")).await;
    assert_eq!(status, 200);
    assert!(html.contains("(dit apparaat)"));
    assert_eq!(
        html.matches("/end\"").count(),
        1,
        "one other session with an end button"
    );
    let start = html.find("action=\"/account/sessions/").unwrap() + "action=\"".len();
    let action = html[start..].split('"').next().unwrap().to_owned();
    let res = app.submit(&phone, &action, &csrf_of(&html), &[]).await;
    assert_eq!(res.status(), 303);
    let (status, _) = page(&laptop, &app.url("/account")).await;
    assert_eq!(status, 303, "the laptop is logged out and sent to the login page");
    let (_, html) = page(&phone, &app.url("/account?done=session")).await;
    assert!(html.contains("Dat apparaat is uitgelogd."));
}

#[tokio::test]
async fn changing_the_password_in_the_browser_logs_out_elsewhere() {
    let app = spawn_app().await;
    let phone = app.browser();
    app.register_in_browser(&phone, "anna").await;
    let other = app.register("zzz", GOOD_PASSWORD).await;
    let api_login = app
        .api()
        .post(app.url("/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "anna", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap()
        .json::<serde_json::Value>()
        .await
        .unwrap();
    let elsewhere = api_login["token"].as_str().unwrap();

    let csrf = csrf_from(&phone, &app.url("/account")).await;
    let res = app
        .submit(
            &phone,
            "/account/password",
            &csrf,
            &[
                ("current_password", "fout"),
                ("new_password", "een ander lang wachtwoord"),
            ],
        )
        .await;
    assert_eq!(res.status(), 422);
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Je huidige wachtwoord klopt niet.")
    );
    let res = app
        .submit(
            &phone,
            "/account/password",
            &csrf,
            &[
                ("current_password", GOOD_PASSWORD),
                ("new_password", "een ander lang wachtwoord"),
            ],
        )
        .await;
    assert_eq!(res.status(), 303);
    let (_, html) = page(&phone, &app.url(location(&res))).await;
    assert!(html.contains("Je wachtwoord is veranderd."));
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(elsewhere)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 401);
    let res = app
        .api()
        .get(app.url("/api/v1/me"))
        .bearer_auth(&other)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "other people's sessions are untouched");
}

#[tokio::test]
async fn pages_for_members_send_visitors_to_the_login_page_and_back() {
    let app = spawn_app().await;
    let browser = app.browser();
    let res = browser.get(app.url("/account")).send().await.unwrap();
    assert_eq!(res.status(), 303);
    assert_eq!(location(&res), "/login?next=%2Faccount");
    app.register("anna", GOOD_PASSWORD).await;
    let (_, html) = page(&browser, &app.url("/login?next=%2Faccount")).await;
    assert!(html.contains("name=\"next\" value=\"/account\""));
    let res = app
        .submit(
            &browser,
            "/login",
            &csrf_of(&html),
            &[
                ("username", "anna"),
                ("password", GOOD_PASSWORD),
                ("next", "/account"),
            ],
        )
        .await;
    assert_eq!(location(&res), "/account");

    // Never onwards to another site.
    let csrf = csrf_from(&browser, &app.url("/account")).await;
    let res = app
        .submit(
            &browser,
            "/language",
            &csrf,
            &[("lang", "en"), ("next", "//evil.example/")],
        )
        .await;
    assert_eq!(location(&res), "/");
}
