//! Test harness: a real server on 127.0.0.1:0 against a fresh real database per test.
//!
//! SQLite by default (a file in a temporary folder). With `KWARTIER_TEST_DATABASE_URL` set to a
//! PostgreSQL URL, every test gets a database of its own on that server, dropped afterwards.
#![allow(dead_code)]

pub mod process;
pub mod ws;

use std::net::SocketAddr;

use kwartier::config::Config;
use kwartier::server::Server;
use kwartier::state::AppState;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::redirect::Policy;
use sea_orm::{ConnectionTrait, Database, DatabaseConnection};

/// A database made for one test and removed after it.
pub struct TestDb {
    pub url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

impl TestDb {
    pub async fn new() -> Self {
        match std::env::var("KWARTIER_TEST_DATABASE_URL")
            .ok()
            .filter(|u| !u.is_empty())
        {
            Some(admin_url) => {
                let name = format!(
                    "kw_test_{}",
                    kwartier::db::sessions::random_token()
                        .to_lowercase()
                        .replace(['-', '_'], "")
                );
                let name = &name[..40.min(name.len())];
                let admin = Database::connect(&admin_url)
                    .await
                    .expect("connect to test PostgreSQL");
                admin
                    .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
                    .await
                    .expect("create test database");
                admin.close().await.ok();
                let mut url = url::Url::parse(&admin_url).expect("valid KWARTIER_TEST_DATABASE_URL");
                url.set_path(&format!("/{name}"));
                Self {
                    url: url.to_string(),
                    _dir: None,
                    pg: Some((admin_url, name.to_owned())),
                }
            }
            None => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}/kwartier.db", dir.path().display());
                Self {
                    url,
                    _dir: Some(dir),
                    pg: None,
                }
            }
        }
    }

    /// The same database, not owned: dropping it removes nothing.
    fn shared(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            _dir: None,
            pg: None,
        }
    }

    /// Nothing: what is left behind when a database moves to a restarted server.
    fn none() -> Self {
        Self {
            url: String::new(),
            _dir: None,
            pg: None,
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.pg.is_some()
    }

    /// A separate connection for looking at what the server stored.
    pub async fn connect(&self) -> DatabaseConnection {
        let url = if self.url.starts_with("sqlite:") {
            format!("{}?mode=rw", self.url)
        } else {
            self.url.clone()
        };
        Database::connect(&url).await.expect("connect to test database")
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin_url, name)) = self.pg.take() {
            clean_up_with(
                admin_url,
                format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"),
            );
        }
    }
}

/// Runs one cleaning-up statement on `admin_url` from a `Drop`, outside async: a runtime of its
/// own on a thread of its own. A failure is ignored (there is nothing left to clean).
pub fn clean_up_with(admin_url: String, sql: String) {
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .ok()?;
        rt.block_on(async {
            let admin = Database::connect(&admin_url).await.ok()?;
            admin.execute_unprepared(&sql).await.ok()?;
            admin.close().await.ok()
        })
    })
    .join();
}

pub struct TestApp {
    pub addr: SocketAddr,
    /// The running server's state, for tests that break things on purpose.
    pub state: AppState,
    pub base: String,
    pub db: TestDb,
    config: Config,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<anyhow::Result<()>>>,
}

/// Starts a server with default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts a server after letting the test change its configuration.
pub async fn spawn_app_with(change: impl FnOnce(&mut Config)) -> TestApp {
    if std::env::var("TEST_LOG").is_ok() {
        let _ = tracing_subscriber::fmt()
            .with_env_filter("debug")
            .with_test_writer()
            .try_init();
    }
    let db = TestDb::new().await;
    let mut config = Config::for_tests(&db.url);
    change(&mut config);
    start(config, db).await
}

async fn start(config: Config, db: TestDb) -> TestApp {
    let server = Server::build(config.clone()).await.expect("server starts");
    let addr = server.local_addr();
    let state = server.state().clone();
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let task = tokio::spawn(server.run(async {
        let _ = rx.await;
    }));
    TestApp {
        addr,
        state,
        base: format!("http://{addr}"),
        db,
        config,
        stop: Some(tx),
        task: Some(task),
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A client like a browser: keeps cookies, sends this site's `Origin`, does not follow
    /// redirects (tests look at them).
    pub fn browser(&self) -> reqwest::Client {
        self.browser_with_lang("nl")
    }

    pub fn browser_with_lang(&self, lang: &str) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert("origin", HeaderValue::from_str(&self.base).unwrap());
        headers.insert("accept-language", HeaderValue::from_str(lang).unwrap());
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(Policy::none())
            .default_headers(headers)
            .build()
            .unwrap()
    }

    /// A plain API client: no cookies.
    pub fn api(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// Registers through the API and returns the bearer token.
    pub async fn register(&self, username: &str, password: &str) -> String {
        let res = self
            .api()
            .post(self.url("/api/v1/auth/register"))
            .json(&serde_json::json!({ "username": username, "password": password }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 201, "register {username}");
        let body: serde_json::Value = res.json().await.unwrap();
        body["token"].as_str().unwrap().to_owned()
    }

    /// Registers through the registration page, as a person would, with the display name
    /// "Anna de Vries"; the browser ends up logged in.
    pub async fn register_in_browser(&self, browser: &reqwest::Client, username: &str) -> reqwest::Response {
        let csrf = csrf_from(browser, &self.url("/register")).await;
        browser
            .post(self.url("/register"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", username),
                ("display_name", "Anna de Vries"),
                ("password", GOOD_PASSWORD),
                ("password_confirm", GOOD_PASSWORD),
            ])
            .send()
            .await
            .unwrap()
    }

    /// GETs a JSON document with a bearer token.
    pub async fn get_json(&self, path: &str, token: &str) -> serde_json::Value {
        self.api()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap()
    }

    /// A page (or any answer) as text, asked with a bearer token.
    pub async fn text_as(&self, path: &str, token: &str) -> String {
        let res = self
            .api()
            .get(self.url(path))
            .bearer_auth(token)
            .send()
            .await
            .unwrap();
        res.text().await.unwrap()
    }

    /// POSTs JSON with a bearer token.
    pub async fn post_json(&self, path: &str, token: &str, body: serde_json::Value) -> reqwest::Response {
        self.api()
            .post(self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap()
    }

    /// Any API request with a bearer token: the status and the JSON answer (null when none).
    pub async fn call(
        &self,
        method: reqwest::Method,
        path: &str,
        token: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let res = self
            .api()
            .request(method, self.url(path))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        let text = res.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(serde_json::Value::Null),
        )
    }

    /// A private shelter made by `steward`, with each of `members` brought in by an invite.
    /// Makes a private shelter with its members; answers its address, which is `slug` with a
    /// random part (a private group's address is not guessable).
    pub async fn shelter(&self, steward: &str, slug: &str, members: &[&str]) -> String {
        let res = self
            .post_json(
                "/api/v1/groups",
                steward,
                serde_json::json!({"slug": slug, "name": "Huis", "kind": "shelter"}),
            )
            .await;
        assert_eq!(res.status(), 201);
        let created: serde_json::Value = res.json().await.unwrap();
        let slug = created["slug"].as_str().unwrap().to_owned();
        for member in members {
            let invite: serde_json::Value = self
                .post_json(
                    &format!("/api/v1/groups/{slug}/invites"),
                    steward,
                    serde_json::json!({}),
                )
                .await
                .json()
                .await
                .unwrap();
            let joined: serde_json::Value = self
                .post_json(
                    &format!("/api/v1/groups/{slug}/join"),
                    member,
                    serde_json::json!({"invite": invite["code"]}),
                )
                .await
                .json()
                .await
                .unwrap();
            assert_eq!(joined["status"], "active");
        }
        slug
    }

    /// Posts a form to `action` as a browser does, with the CSRF token `csrf` a page of this
    /// browser's session carried.
    pub async fn submit(
        &self,
        browser: &reqwest::Client,
        action: &str,
        csrf: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let mut all = vec![("csrf", csrf)];
        all.extend_from_slice(fields);
        browser.post(self.url(action)).form(&all).send().await.unwrap()
    }

    /// Opens `page` and posts its form to `action`: what a person does on a page.
    pub async fn submit_from(
        &self,
        browser: &reqwest::Client,
        page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let csrf = csrf_from(browser, &self.url(page)).await;
        self.submit(browser, action, &csrf, fields).await
    }

    /// Logs a browser in through the login page.
    pub async fn login_in_browser(&self, browser: &reqwest::Client, username: &str) {
        let csrf = csrf_from(browser, &self.url("/login")).await;
        let res = browser
            .post(self.url("/login"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("username", username),
                ("password", GOOD_PASSWORD),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "login as {username}");
    }

    /// Counts rows in a table, straight from the database.
    pub async fn count(&self, table: &str) -> i64 {
        let conn = self.db.connect().await;
        let row = conn
            .query_one_raw(sea_orm::Statement::from_string(
                conn.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .unwrap()
            .unwrap();
        let n: i64 = row.try_get("", "n").unwrap();
        conn.close().await.ok();
        n
    }

    /// Stops the server as SIGTERM would and waits for it.
    pub async fn stop(mut self) {
        self.halt().await;
    }

    async fn halt(&mut self) {
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            task.await.unwrap().unwrap();
        }
    }

    /// A second server on the same database and configuration, as a second instance behind a
    /// load balancer would run. Stop it before this one.
    pub async fn another_instance(&self) -> TestApp {
        start(self.config.clone(), TestDb::shared(&self.db.url)).await
    }

    /// Stops the server as SIGTERM would and starts a new one on the same database (on a new
    /// port).
    pub async fn restart(mut self) -> TestApp {
        self.halt().await;
        let config = self.config.clone();
        // The database outlives this server: move it out, leave nothing to drop twice.
        let db = std::mem::replace(&mut self.db, TestDb::none());
        start(config, db).await
    }
}

/// GETs a page (or any text) with a client: its status and body.
pub async fn get_text(client: &reqwest::Client, url: &str) -> (u16, String) {
    let res = client.get(url).send().await.unwrap();
    (res.status().as_u16(), res.text().await.unwrap())
}

/// The CSRF token in a page's forms.
pub fn csrf_of(html: &str) -> String {
    let marker = "name=\"csrf\" value=\"";
    let start = html.find(marker).expect("page has a CSRF field") + marker.len();
    html[start..].split('"').next().unwrap().to_owned()
}

/// GETs a page and returns its CSRF token.
pub async fn csrf_from(client: &reqwest::Client, url: &str) -> String {
    let html = client.get(url).send().await.unwrap().text().await.unwrap();
    csrf_of(&html)
}

pub const GOOD_PASSWORD: &str = "paars konijn op de fiets";
