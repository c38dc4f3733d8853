//! The `kwartier` binary as an operator uses it: migrate, create the admin, serve, stop.
mod common;

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::process::{binary_on, kwartier, serve, serve_with, terminate};
use common::ws::Ws;
use common::{GOOD_PASSWORD, TestDb};
use kwartier::config::Config;
use kwartier::state::AppState;
use sea_orm::{ConnectionTrait, Statement};

fn create_user(db: &TestDb, args: &[&str], password: &str) -> std::process::Output {
    let mut child = kwartier(db)
        .args(["user", "create"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    child.wait_with_output().unwrap()
}

/// The binary with the limits meant for people lifted, for tests that write a lot quickly.
fn under_load(db: &TestDb) -> Command {
    let mut cmd = kwartier(db);
    cmd.envs([
        ("KWARTIER_REGISTER_PER_IP", "1000"),
        ("KWARTIER_POSTS_PER_MINUTE", "1000000"),
        ("KWARTIER_CHAT_PER_MINUTE", "1000000"),
        ("KWARTIER_NEW_ACCOUNT_DAYS", "0"),
        ("KWARTIER_DUPLICATE_MINUTES", "0"),
    ]);
    cmd
}

#[tokio::test]
async fn an_operator_migrates_creates_the_admin_serves_and_stops() {
    let db = TestDb::new().await;
    let out = kwartier(&db).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));

    let out = create_user(
        &db,
        &["beheer", "--admin", "--display-name", "Beheer"],
        GOOD_PASSWORD,
    );
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(String::from_utf8_lossy(&out.stdout).contains("instance admin"));
    let again = create_user(&db, &["Beheer"], GOOD_PASSWORD);
    assert!(!again.status.success(), "a taken name is refused");
    let weak = create_user(&db, &["iemand"], "password");
    assert!(!weak.status.success(), "a common password is refused");

    let conn = db.connect().await;
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            "SELECT is_admin FROM users WHERE username = 'beheer'",
        ))
        .await
        .unwrap()
        .unwrap();
    assert!(row.try_get::<bool>("", "is_admin").unwrap());
    conn.close().await.ok();

    let (mut child, url, logs) = serve(&db, &[]);
    let client = reqwest::Client::new();
    let res = client
        .post(format!("{url}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": "beheer", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let token = res.json::<serde_json::Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_owned();
    let res = client
        .get(format!("{url}/api/v1/me?token={token}"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);

    let status = terminate(&mut child);
    assert!(status.success(), "SIGTERM is a clean stop: {status}");
    let lines: Vec<String> = logs.try_iter().collect();
    let all = lines.join("\n");
    assert!(all.contains("/api/v1/me"), "requests are logged: {all}");
    assert!(all.contains("stopped"));
    assert!(!all.contains(GOOD_PASSWORD), "no password in the logs");
    assert!(!all.contains(&token), "no token in the logs");
}

/// An attacker who later reads the server's logs (a backup of /var/log, a leaked file) must not
/// learn a private group's address or whose name was looked up: the request log holds the
/// route template only.
/// An operator about to upgrade asks which migrations are pending: asking applies nothing
/// and writes nothing (no SQLite file made, no bookkeeping table).
#[tokio::test]
async fn migrate_check_names_what_is_pending_without_applying_it() {
    let db = TestDb::new().await;
    let all = kwartier::db::all_migrations();
    let newest = all.last().unwrap().clone();
    let check = || {
        let out = kwartier(&db).args(["migrate", "--check"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        (out.status.code(), text)
    };
    let (code, text) = check();
    assert_eq!(code, Some(2), "a fresh database has everything pending: {text}");
    assert!(all.iter().all(|m| text.contains(m.as_str())), "{text}");
    let sqlite = Config::for_tests(&db.url).sqlite_path();
    match &sqlite {
        Some(path) => assert!(!path.exists(), "asking made no database file"),
        None => {
            let conn = db.connect().await;
            let row = conn
                .query_one_raw(Statement::from_string(
                    conn.get_database_backend(),
                    "SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_name = 'seaql_migrations'",
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0, "asking made no table");
            conn.close().await.ok();
        }
    }

    let out = kwartier(&db).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let (code, text) = check();
    assert_eq!(code, Some(0), "{text}");
    assert!(text.contains("up to date"), "{text}");

    // The newest step taken off the books (as if this database came from the release before):
    // it is named as pending, and asking does not apply it.
    let conn = db.connect().await;
    let forget = format!("DELETE FROM seaql_migrations WHERE version = '{newest}'");
    conn.execute_raw(Statement::from_string(conn.get_database_backend(), forget))
        .await
        .unwrap();
    let (code, text) = check();
    assert_eq!(code, Some(2), "{text}");
    assert!(
        text.contains(&newest) && text.contains("1 migration(s) pending"),
        "{text}"
    );
    let row = conn
        .query_one_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM seaql_migrations WHERE version = '{newest}'"),
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get::<i64>("", "n").unwrap(), 0, "still not applied");
    conn.close().await.ok();
}

#[tokio::test]
async fn the_request_log_holds_route_templates_not_addresses_or_names() {
    let db = TestDb::new().await;
    let (mut child, url, logs) = serve(&db, &[]);
    let client = reqwest::Client::new();
    for path in [
        "/g/geheimhuisqzx/members",
        "/api/v1/groups/geheimhuisqzx/members/zoekmijnnaamqzx/vouch",
        "/invite/uitnodigingscodeqzx",
        "/nergens/geheimhuisqzx",
    ] {
        client.get(format!("{url}{path}")).send().await.unwrap();
    }
    terminate(&mut child);
    let all = logs.try_iter().collect::<Vec<_>>().join("\n");
    assert!(all.contains("/g/{slug}/members"), "the template is logged: {all}");
    for secret in ["geheimhuisqzx", "zoekmijnnaamqzx", "uitnodigingscodeqzx"] {
        assert!(!all.contains(secret), "{secret} is in the logs: {all}");
    }
}

/// `kwartier --help` shows the settings and their environment names, never the values: a
/// database URL holds a password, and help output ends up in tickets and screenshots.
#[test]
fn help_never_prints_the_database_password() {
    let out = Command::new(env!("CARGO_BIN_EXE_kwartier"))
        .arg("--help")
        .env(
            "DATABASE_URL",
            "postgres://kwartier:geheimwachtwoordqzx@db.example/kwartier",
        )
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(text.contains("DATABASE_URL"), "{text}");
    assert!(!text.contains("geheimwachtwoordqzx"), "{text}");
}

#[tokio::test]
async fn json_logs_are_one_object_per_line() {
    let db = TestDb::new().await;
    let (mut child, url, logs) = serve(&db, &["--log-format", "json", "--log", "info"]);
    reqwest::get(format!("{url}/healthz")).await.unwrap();
    terminate(&mut child);
    let lines: Vec<String> = logs.try_iter().collect();
    assert!(!lines.is_empty());
    for line in lines {
        serde_json::from_str::<serde_json::Value>(&line).unwrap_or_else(|_| panic!("not JSON: {line}"));
    }
}

#[tokio::test]
async fn the_server_pool_uses_wal_foreign_keys_and_the_chosen_synchronous() {
    let db = TestDb::new().await;
    if db.is_postgres() {
        return; // SQLite settings only.
    }
    let mut config = Config::for_tests(&db.url);
    config.sqlite_sync = kwartier::config::SqliteSync::Full;
    let state = AppState::init(config).await.unwrap();
    let pragma = |name: &'static str| {
        let db = state.db.clone();
        async move {
            let row = db
                .query_one_raw(Statement::from_string(
                    db.get_database_backend(),
                    format!("PRAGMA {name}"),
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<sea_orm::prelude::Json>(0)
                .map(|v| v.to_string())
                .or_else(|_| row.try_get_by_index::<i64>(0).map(|v| v.to_string()))
                .or_else(|_| row.try_get_by_index::<String>(0))
                .unwrap()
        }
    };
    assert_eq!(pragma("journal_mode").await.trim_matches('"'), "wal");
    assert_eq!(pragma("foreign_keys").await, "1");
    assert_eq!(pragma("synchronous").await, "2", "FULL");
}

#[tokio::test]
async fn instances_starting_together_on_one_fresh_database_all_migrate() {
    let db = TestDb::new().await;
    if !db.is_postgres() {
        return; // The advisory lock is PostgreSQL's; one SQLite file has one server.
    }
    let starts = (0..4).map(|_| AppState::init(Config::for_tests(&db.url)));
    for result in futures_join_all(starts).await {
        result.expect("each instance starts");
    }
}

async fn futures_join_all<F>(futures: impl Iterator<Item = F>) -> Vec<F::Output>
where
    F: Future + Send + 'static,
    F::Output: Send + 'static,
{
    let handles: Vec<_> = futures.map(tokio::spawn).collect();
    let mut out = Vec::new();
    for h in handles {
        out.push(h.await.unwrap());
    }
    out
}

#[tokio::test]
async fn backup_copies_a_live_sqlite_database_and_refuses_to_overwrite() {
    let app = common::spawn_app().await;
    let anna = app.register("anna", GOOD_PASSWORD).await;
    app.register("bert", GOOD_PASSWORD).await;
    if app.db.is_postgres() {
        let out = kwartier(&app.db)
            .args(["backup", "/tmp/never-written.db"])
            .output()
            .unwrap();
        assert!(!out.status.success());
        assert!(String::from_utf8_lossy(&out.stderr).contains("pg_dump"));
        return;
    }
    // Writes keep coming while the copy is made.
    let writing = {
        let app_url = app.url("/api/v1/groups");
        let token = anna.clone();
        tokio::spawn(async move {
            let client = reqwest::Client::new();
            for i in 0..20 {
                client
                    .post(&app_url)
                    .bearer_auth(&token)
                    .json(&serde_json::json!({"slug": format!("groep-{i}"), "name": format!("Groep {i}"), "kind": "peer_group", "visibility": "public"}))
                    .send()
                    .await
                    .unwrap();
            }
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kopie.db");
    let db = &app.db;
    let out = kwartier(db)
        .args(["backup", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    writing.await.unwrap();
    // The copy is a whole, sound database with what was there.
    let conn = sea_orm::Database::connect(format!("sqlite://{}?mode=ro", copy.display()))
        .await
        .unwrap();
    let row = conn
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "PRAGMA integrity_check",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<String>(0).unwrap(), "ok");
    let row = conn
        .query_one_raw(Statement::from_string(
            sea_orm::DbBackend::Sqlite,
            "SELECT COUNT(*) FROM users",
        ))
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.try_get_by_index::<i64>(0).unwrap(), 2);
    conn.close().await.ok();
    // Never over an existing file.
    let out = kwartier(db)
        .args(["backup", copy.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("exists already"));
}

/// Replies from many writers while the server is killed with SIGKILL in the middle of its
/// batches (group commit): after a restart every acknowledged reply is there, and every reply
/// that is there is whole (its search entry, the thread's counters, its notification).
#[tokio::test]
async fn acknowledged_replies_survive_a_kill_in_the_middle_of_a_batch() {
    let db = TestDb::new().await;
    let start = |db: &TestDb| serve_with(under_load(db), &["--log", "info"]);
    let (mut server, url, _log) = start(&db);
    let http = reqwest::Client::new();
    let mut tokens = Vec::new();
    for i in 0..9 {
        let v: serde_json::Value = http
            .post(format!("{url}/api/v1/auth/register"))
            .json(&serde_json::json!({"username": format!("lid{i}"), "password": GOOD_PASSWORD}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        tokens.push(v["token"].as_str().unwrap().to_owned());
    }
    let res = http
        .post(format!("{url}/api/v1/groups"))
        .bearer_auth(&tokens[0])
        .json(&serde_json::json!({"slug": "huis", "name": "Huis", "kind": "shelter", "visibility": "public", "join_policy": "open"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    for t in &tokens[1..] {
        let res = http
            .post(format!("{url}/api/v1/groups/huis/join"))
            .bearer_auth(t)
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
    }
    // lid0 starts the thread and so watches it: every reply tells lid0.
    let thread: serde_json::Value = http
        .post(format!("{url}/api/v1/groups/huis/threads"))
        .bearer_auth(&tokens[0])
        .json(&serde_json::json!({"title": "Het huis", "body": "Wat vinden we ervan?"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let thread_id = thread["thread"]["id"].as_i64().unwrap();
    let acked = std::sync::Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let writers: Vec<_> = tokens[1..]
        .iter()
        .cloned()
        .map(|token| {
            let (http, url, acked) = (http.clone(), url.clone(), acked.clone());
            tokio::spawn(async move {
                for i in 0.. {
                    let res = http
                        .post(format!("{url}/api/v1/threads/{thread_id}/posts"))
                        .json(&serde_json::json!({"body": format!("Antwoord {i}")}))
                        .bearer_auth(&token)
                        .send()
                        .await;
                    let Ok(res) = res else { return };
                    if res.status() != 201 {
                        return;
                    }
                    let Ok(v) = res.json::<serde_json::Value>().await else {
                        return;
                    };
                    acked.lock().unwrap().push(v["id"].as_i64().unwrap());
                }
            })
        })
        .collect();
    // Kill once replies are flowing, while batches are being written.
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while acked.lock().unwrap().len() < 200 {
        assert!(
            std::time::Instant::now() < deadline && writers.iter().any(|w| !w.is_finished()),
            "replies stopped: {}",
            acked.lock().unwrap().len()
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    server.0.kill().unwrap();
    server.0.wait().unwrap();
    for w in writers {
        w.await.unwrap();
    }
    let acked = acked.lock().unwrap().clone();
    // Restarting applies what the log holds; then the database is read as it is.
    let (server, _url, _log) = start(&db);
    drop(server);
    let conn = sea_orm::Database::connect(&db.url).await.unwrap();
    let backend = conn.get_database_backend();
    let number = |sql: String| {
        let conn = &conn;
        async move {
            conn.query_one_raw(Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index::<i64>(0)
                .unwrap()
        }
    };
    let ids: Vec<i64> = conn
        .query_all_raw(Statement::from_string(
            backend,
            format!("SELECT id FROM posts WHERE thread_id = {thread_id} ORDER BY id"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| i64::from(r.try_get_by_index::<i32>(0).unwrap()))
        .collect();
    for id in &acked {
        assert!(ids.contains(id), "acknowledged reply {id} lost");
    }
    assert!(
        ids.len() > acked.len(),
        "the first post and every acknowledged reply"
    );
    let search_key = if backend == sea_orm::DbBackend::Postgres {
        "post_id"
    } else {
        "rowid"
    };
    for (sql, want, what) in [
        (
            format!("SELECT CAST(reply_count AS BIGINT) FROM threads WHERE id = {thread_id}"),
            ids.len() - 1,
            "the counter counts exactly the stored replies",
        ),
        (
            format!("SELECT CAST(last_post_id AS BIGINT) FROM threads WHERE id = {thread_id}"),
            ids.last().copied().unwrap_or_default() as usize,
            "the thread's last post is the newest stored",
        ),
        (
            format!(
                "SELECT COUNT(*) FROM search_docs WHERE {search_key} IN (SELECT id FROM posts WHERE thread_id = {thread_id})"
            ),
            ids.len(),
            "every stored reply has its search entry",
        ),
        (
            format!(
                "SELECT COUNT(*) FROM notifications WHERE thread_id = {thread_id} AND post_id IS NOT NULL"
            ),
            ids.len() - 1,
            "every stored reply told the thread's starter",
        ),
    ] {
        assert_eq!(number(sql).await as usize, want, "{what}");
    }
}

/// The release before this one, as the upgrade test finds it: made by
/// `make_the_release_before_fixtures` with that release's binary.
const OLD_RELEASE_SQLITE: &str = "tests/fixtures/v0.1.0.sqlite";
const OLD_RELEASE_POSTGRES: &str = "tests/fixtures/v0.1.0.postgres.sql";

/// What a small house stores with the release before: Anna and Bert in De Boei, a thread with
/// a reply and an answer to it, two chat messages.
async fn fill_as_a_small_house(url: &str) {
    let http = reqwest::Client::new();
    let call = async |path: &str, token: Option<&str>, body: serde_json::Value| {
        let mut req = http.post(format!("{url}{path}")).json(&body);
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        let res = req.send().await.unwrap();
        assert!(res.status().is_success(), "{path}: {}", res.status());
        res.json::<serde_json::Value>().await.unwrap_or_default()
    };
    let register = async |name: &str| {
        call(
            "/api/v1/auth/register",
            None,
            serde_json::json!({"username": name, "password": GOOD_PASSWORD}),
        )
        .await["token"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let anna = register("anna").await;
    let bert = register("bert").await;
    call(
        "/api/v1/groups",
        Some(&anna),
        serde_json::json!({"slug": "de-boei", "name": "De Boei", "kind": "shelter", "visibility": "public", "join_policy": "open"}),
    )
    .await;
    call("/api/v1/groups/de-boei/join", Some(&bert), serde_json::json!({})).await;
    let made = call(
        "/api/v1/groups/de-boei/threads",
        Some(&anna),
        serde_json::json!({"title": "Afwas", "body": "Wie doet de afwas op zondag?"}),
    )
    .await;
    let thread = made["thread"]["id"].as_i64().unwrap();
    let reply = call(
        &format!("/api/v1/threads/{thread}/posts"),
        Some(&bert),
        serde_json::json!({"body": "Ik wil zondag wel."}),
    )
    .await;
    call(
        &format!("/api/v1/threads/{thread}/posts"),
        Some(&anna),
        serde_json::json!({"body": "Dank je, Bert.", "parent_id": reply["id"]}),
    )
    .await;
    let rooms: serde_json::Value =
        get_json_at(&http, format!("{url}/api/v1/groups/de-boei/rooms"), &anna).await;
    let room = rooms[0]["id"].as_i64().unwrap();
    let ws_url = format!("{}/api/v1/ws", url.replace("http://", "ws://"));
    let mut ws = Ws::open(&ws_url, Some(&anna), Some(url)).await.unwrap();
    ws.join(room, None).await;
    ws.say(room, "Vanavond soep.", "oud-1").await;
    ws.say(room, "Wie kookt morgen?", "oud-2").await;
}

/// Makes the fixtures the upgrade test starts from, with the release before this one:
/// `KWARTIER_OLD_BINARY=path/to/v0.1.0/kwartier cargo test --test binary -- --ignored make_the`
/// (and again with `KWARTIER_TEST_DATABASE_URL` for PostgreSQL). Build that binary from the
/// tag in a checkout of its own (`git worktree add ../v0.1.0 v0.1.0`) with its own target dir.
#[tokio::test]
#[ignore = "writes tests/fixtures with an older release's binary"]
async fn make_the_release_before_fixtures() {
    let old = std::env::var("KWARTIER_OLD_BINARY").expect("KWARTIER_OLD_BINARY: the older release's binary");
    let db = TestDb::new().await;
    let (mut running, url, _log) = serve_with(binary_on(&old, &db), &["--log", "info"]);
    fill_as_a_small_house(&url).await;
    assert!(terminate(&mut running).success());
    match Config::for_tests(&db.url).sqlite_path() {
        Some(_) => {
            let _ = std::fs::remove_file(OLD_RELEASE_SQLITE);
            let out = binary_on(&old, &db)
                .args(["backup", OLD_RELEASE_SQLITE])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
        None => {
            let out = Command::new("pg_dump")
                .args([
                    "--inserts",
                    "--no-owner",
                    "--no-privileges",
                    "-f",
                    OLD_RELEASE_POSTGRES,
                ])
                .arg(&db.url)
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
}

/// A volunteer upgrades a house's database made by the release before: `migrate --check` names
/// the steps, `migrate` takes them, and everyone's words are still there and still work.
#[tokio::test]
async fn a_database_from_the_release_before_upgrades_with_everything_in_it() {
    let db = TestDb::new().await;
    match Config::for_tests(&db.url).sqlite_path() {
        Some(path) => {
            std::fs::copy(OLD_RELEASE_SQLITE, &path).unwrap();
        }
        None => {
            let conn = db.connect().await;
            // pg_dump's plain output, without its psql meta-commands (`\restrict` and the like).
            let dump: String = std::fs::read_to_string(OLD_RELEASE_POSTGRES)
                .unwrap()
                .lines()
                .filter(|l| !l.starts_with('\\'))
                .map(|l| format!("{l}\n"))
                .collect();
            conn.execute_unprepared(&dump).await.unwrap();
            conn.close().await.ok();
        }
    }
    let out = kwartier(&db).args(["migrate", "--check"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{text}");
    for step in [
        "m20261205_000025_statements",
        "m20261205_000026_goals",
        "m20261205_000027_meetings",
    ] {
        assert!(text.contains(step), "{step} pending: {text}");
    }
    assert!(
        !text.contains("m20261205_000024"),
        "the old release's own steps are done: {text}"
    );
    let out = kwartier(&db).arg("migrate").output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(
        kwartier(&db)
            .args(["migrate", "--check"])
            .output()
            .unwrap()
            .status
            .code(),
        Some(0)
    );

    let (mut running, url, _log) = serve(&db, &["--log", "info"]);
    let http = reqwest::Client::new();
    let anna = login_at(&http, &url, "anna").await;
    let bert = login_at(&http, &url, "bert").await;
    let get = async |path: &str, token: &str| get_json_at(&http, format!("{url}{path}"), token).await;
    let threads = get("/api/v1/groups/de-boei/threads", &bert).await;
    assert_eq!(threads[0]["title"], "Afwas");
    let thread = get(&format!("/api/v1/threads/{}", threads[0]["id"]), &bert).await;
    let bodies: Vec<&str> = thread["posts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["body"].as_str().unwrap())
        .collect();
    assert_eq!(
        bodies,
        [
            "Wie doet de afwas op zondag?",
            "Ik wil zondag wel.",
            "Dank je, Bert."
        ]
    );
    assert_eq!(thread["posts"][2]["parent_id"], thread["posts"][1]["id"]);
    let rooms = get("/api/v1/groups/de-boei/rooms", &bert).await;
    let messages = get(&format!("/api/v1/rooms/{}/messages", rooms[0]["id"]), &bert).await;
    let said: Vec<&str> = messages
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert_eq!(said, ["Vanavond soep.", "Wie kookt morgen?"]);
    let found = get("/api/v1/search?q=afwas", &bert).await;
    assert!(
        !found.as_array().unwrap().is_empty(),
        "the search index came along"
    );
    // What the new release added works on the old data: a goal shared with the house.
    let res = http
        .post(format!("{url}/api/v1/me/goals"))
        .bearer_auth(&anna)
        .json(&serde_json::json!({"title": "Elke dag wandelen", "steps": [{"title": "Schoenen kopen"}], "shared_with": "de-boei"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    assert!(terminate(&mut running).success());
}

/// The restore drill (#25): a backup taken while replies and chat messages keep coming holds
/// every one that was acknowledged before the backup began, and a fresh server serves it.
/// SQLite with `kwartier backup`, PostgreSQL with `pg_dump -Fc` and `pg_restore`, as the
/// operator's page says.
#[tokio::test]
async fn a_backup_under_load_restores_everything_acknowledged_before_it_began() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::{Arc, Mutex};
    let db = TestDb::new().await;
    let (mut server, url, _log) = serve_with(under_load(&db), &["--log", "info"]);
    fill_as_a_small_house(&url).await;
    let http = reqwest::Client::new();
    let (anna, bert) = (
        login_at(&http, &url, "anna").await,
        login_at(&http, &url, "bert").await,
    );
    let threads: serde_json::Value =
        get_json_at(&http, format!("{url}/api/v1/groups/de-boei/threads"), &bert).await;
    let thread = threads[0]["id"].as_i64().unwrap();
    let rooms: serde_json::Value =
        get_json_at(&http, format!("{url}/api/v1/groups/de-boei/rooms"), &bert).await;
    let room = rooms[0]["id"].as_i64().unwrap();

    // Acknowledged before the backup began: the flag is read after each acknowledgement.
    let began = Arc::new(AtomicBool::new(false));
    let stop = Arc::new(AtomicBool::new(false));
    let posts = Arc::new(Mutex::new(Vec::<i64>::new()));
    let messages = Arc::new(Mutex::new(Vec::<i64>::new()));
    let replying = {
        let (http, url, began, stop, posts) = (
            http.clone(),
            url.clone(),
            began.clone(),
            stop.clone(),
            posts.clone(),
        );
        tokio::spawn(async move {
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let res = http
                    .post(format!("{url}/api/v1/threads/{thread}/posts"))
                    .bearer_auth(&bert)
                    .json(&serde_json::json!({"body": format!("Antwoord {i}")}))
                    .send()
                    .await
                    .unwrap();
                assert_eq!(res.status(), 201);
                let id = res.json::<serde_json::Value>().await.unwrap()["id"]
                    .as_i64()
                    .unwrap();
                if !began.load(Ordering::SeqCst) {
                    posts.lock().unwrap().push(id);
                }
            }
        })
    };
    let chatting = {
        let (url, began, stop, messages) = (url.clone(), began.clone(), stop.clone(), messages.clone());
        tokio::spawn(async move {
            let ws_url = format!("{}/api/v1/ws", url.replace("http://", "ws://"));
            let mut ws = Ws::open(&ws_url, Some(&anna), Some(&url)).await.unwrap();
            ws.join(room, None).await;
            for i in 0.. {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let id = ws.say(room, &format!("Bericht {i}"), &format!("drill-{i}")).await;
                if !began.load(Ordering::SeqCst) {
                    messages.lock().unwrap().push(id);
                }
            }
        })
    };
    tokio::time::sleep(Duration::from_millis(700)).await;
    began.store(true, Ordering::SeqCst);
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("kwartier.backup");
    let sqlite = Config::for_tests(&db.url).sqlite_path();
    let out = match &sqlite {
        Some(_) => kwartier(&db).args(["backup", copy.to_str().unwrap()]).output(),
        None => Command::new("pg_dump")
            .args(["--format=custom", "--file", copy.to_str().unwrap(), &db.url])
            .output(),
    }
    .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // Writes went on while the copy was made.
    tokio::time::sleep(Duration::from_millis(200)).await;
    stop.store(true, Ordering::SeqCst);
    replying.await.unwrap();
    chatting.await.unwrap();
    assert!(terminate(&mut server).success());
    let (posts, messages) = (posts.lock().unwrap().clone(), messages.lock().unwrap().clone());
    assert!(
        !posts.is_empty() && !messages.is_empty(),
        "the load ran before the backup"
    );

    // A fresh server on the restored copy.
    let fresh = TestDb::new().await;
    match Config::for_tests(&fresh.url).sqlite_path() {
        Some(path) => {
            std::fs::copy(&copy, &path).unwrap();
        }
        None => {
            let out = Command::new("pg_restore")
                .args(["--no-owner", "--dbname", &fresh.url, copy.to_str().unwrap()])
                .output()
                .unwrap();
            assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        }
    }
    let (mut restored, url, _log) = serve(&fresh, &["--log", "info"]);
    let health = http.get(format!("{url}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), 200);
    let conn = fresh.connect().await;
    let ids = async |table: &str| -> std::collections::HashSet<i64> {
        conn.query_all_raw(Statement::from_string(
            conn.get_database_backend(),
            format!("SELECT CAST(id AS BIGINT) AS id FROM {table}"),
        ))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get::<i64>("", "id").unwrap())
        .collect()
    };
    let (kept_posts, kept_messages) = (ids("posts").await, ids("chat_messages").await);
    let lost: Vec<&i64> = posts.iter().filter(|id| !kept_posts.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "acknowledged replies missing from the restore: {lost:?}"
    );
    let lost: Vec<&i64> = messages.iter().filter(|id| !kept_messages.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "acknowledged chat messages missing from the restore: {lost:?}"
    );
    conn.close().await.ok();
    // And it serves them: the newest acknowledged message reads back through the API.
    let token = login_at(&http, &url, "bert").await;
    let read: serde_json::Value = get_json_at(
        &http,
        format!(
            "{url}/api/v1/rooms/{room}/messages?after={}",
            messages[messages.len() - 1] - 1
        ),
        &token,
    )
    .await;
    assert_eq!(read[0]["id"].as_i64(), messages.last().copied());
    assert!(terminate(&mut restored).success());
}

async fn login_at(http: &reqwest::Client, url: &str, name: &str) -> String {
    let res = http
        .post(format!("{url}/api/v1/auth/login"))
        .json(&serde_json::json!({"username": name, "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{name} logs in");
    let v: serde_json::Value = res.json().await.unwrap();
    v["token"].as_str().unwrap().to_owned()
}

/// A GET with a bearer token that must answer 200; its JSON.
async fn get_json_at(http: &reqwest::Client, url: String, token: &str) -> serde_json::Value {
    let res = http.get(&url).bearer_auth(token).send().await.unwrap();
    assert_eq!(res.status(), 200, "{url}");
    res.json().await.unwrap()
}

/// A small filesystem of its own (tmpfs), unmounted when dropped; `None` where this machine
/// does not let the test mount one (not root). CI sets `KWARTIER_TEST_DISK_FULL=1`, which
/// makes that a failure instead.
struct SmallDisk(tempfile::TempDir);

impl SmallDisk {
    fn mount(size: &str) -> Option<Self> {
        let dir = tempfile::tempdir().unwrap();
        let ok = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(dir.path())
            .status()
            .is_ok_and(|s| s.success());
        if !ok && std::env::var_os("KWARTIER_TEST_DISK_FULL").is_some() {
            panic!("KWARTIER_TEST_DISK_FULL is set but a tmpfs could not be mounted");
        }
        ok.then_some(Self(dir))
    }

    fn grow(&self, size: &str) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={size}")])
            .arg(self.0.path())
            .status()
            .unwrap()
            .success();
        assert!(ok, "remount");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(self.0.path()).status();
    }
}

/// The disk fills up (#25, part 5): a write is refused with 503 and a plain answer in the
/// person's language, nothing half-stored, reads and /healthz go on, the server does not crash,
/// and once there is room again writes work without a restart.
#[tokio::test]
async fn a_full_disk_refuses_writes_with_503_and_keeps_serving_reads() {
    let db = TestDb::new().await;
    if Config::for_tests(&db.url).sqlite_path().is_none() {
        return; // The PostgreSQL run has a test of its own, below.
    }
    let Some(disk) = SmallDisk::mount("6m") else {
        eprintln!("skipped: no tmpfs can be mounted here (not root)");
        return;
    };
    let mut cmd = under_load(&db);
    cmd.env(
        "DATABASE_URL",
        format!("sqlite://{}/kwartier.db", disk.0.path().display()),
    );
    let (mut server, url, _log) = serve_with(cmd, &["--log", "info"]);
    fill_as_a_small_house(&url).await;
    replies_until_the_disk_is_full_then_room_again(&url, &disk, true).await;
    assert!(terminate(&mut server).success());
}

/// The same on PostgreSQL: the `posts` table (and its TOAST table, where long replies go) moved
/// to a tablespace on a small tmpfs, so that PostgreSQL itself answers "No space left on
/// device" (SQLSTATE 53100) while everything else it writes has room.
#[tokio::test]
async fn a_full_disk_under_postgresql_refuses_writes_with_503_and_keeps_serving_reads() {
    let Some(admin_url) = std::env::var("KWARTIER_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        return; // The SQLite run has the test above.
    };
    let host = url::Url::parse(&admin_url)
        .unwrap()
        .host_str()
        .unwrap_or("")
        .to_owned();
    if !["127.0.0.1", "localhost", "::1", "[::1]"].contains(&host.as_str()) {
        eprintln!("skipped: PostgreSQL is not on this machine, so its disk cannot be made small here");
        return;
    }
    // Dropped in reverse: the database (its files in the tablespace with it), the
    // tablespace, then the disk.
    let Some(disk) = SmallDisk::mount("2m") else {
        eprintln!("skipped: no tmpfs can be mounted here (not root)");
        return;
    };
    let tablespace = Tablespace::on(&admin_url, &disk).await;
    let db = TestDb::new().await;
    let (mut server, url, _log) = serve_with(under_load(&db), &["--log", "info"]);
    fill_as_a_small_house(&url).await;
    let conn = db.connect().await;
    conn.execute_unprepared(&format!("ALTER TABLE posts SET TABLESPACE {}", tablespace.name))
        .await
        .unwrap();
    conn.close().await.ok();
    // Only the posts are on the small disk: the chat has room.
    replies_until_the_disk_is_full_then_room_again(&url, &disk, false).await;
    assert!(terminate(&mut server).success());
}

/// A PostgreSQL tablespace in a folder of `disk`, dropped when this is.
struct Tablespace {
    admin_url: String,
    name: String,
}

impl Tablespace {
    async fn on(admin_url: &str, disk: &SmallDisk) -> Tablespace {
        let dir = disk.0.path().join("postgresql");
        std::fs::create_dir(&dir).unwrap();
        let owned = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .unwrap();
        assert!(owned.success(), "the folder must be PostgreSQL's");
        let name = format!("kw_small_{}", std::process::id());
        let admin = sea_orm::Database::connect(admin_url).await.unwrap();
        admin
            .execute_unprepared(&format!("CREATE TABLESPACE {name} LOCATION '{}'", dir.display()))
            .await
            .unwrap();
        admin.close().await.ok();
        Tablespace {
            admin_url: admin_url.to_owned(),
            name,
        }
    }
}

impl Drop for Tablespace {
    fn drop(&mut self) {
        common::clean_up_with(
            self.admin_url.clone(),
            format!("DROP TABLESPACE IF EXISTS {}", self.name),
        );
    }
}

/// Long replies to De Boei's thread until the disk is full: then 503 with a plain message,
/// nothing half-stored, reads (a member's too, which would store read marks) and /healthz
/// still 200; after the disk grows the next reply is stored without a restart.
async fn replies_until_the_disk_is_full_then_room_again(url: &str, disk: &SmallDisk, chat_on_it: bool) {
    let http = reqwest::Client::new();
    let bert = login_at(&http, url, "bert").await;
    let threads = get_json_at(&http, format!("{url}/api/v1/groups/de-boei/threads"), &bert).await;
    let thread = threads[0]["id"].as_i64().unwrap();
    // Letters that do not compress (PostgreSQL compresses long values), 9,000 a reply.
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut long = || -> String {
        (0..9000)
            .map(|n| {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                if n % 7 == 6 {
                    ' '
                } else {
                    char::from(b'a' + (seed % 26) as u8)
                }
            })
            .collect()
    };
    let mut refused = None;
    let mut stored = 0;
    for i in 0..2000 {
        let res = http
            .post(format!("{url}/api/v1/threads/{thread}/posts"))
            .bearer_auth(&bert)
            .json(&serde_json::json!({"body": format!("{i} {}", long())}))
            .send()
            .await
            .unwrap();
        if res.status() != 201 {
            refused = Some((
                res.status().as_u16(),
                res.json::<serde_json::Value>().await.unwrap(),
            ));
            break;
        }
        stored += 1;
    }
    let (status, body) = refused.expect("the disk filled up");
    assert_eq!(status, 503, "{body}");
    assert_eq!(body["error"]["code"], "unavailable");
    assert!(
        body["error"]["message"].as_str().unwrap().contains("geen ruimte"),
        "{body}"
    );
    // Reads go on, and nothing of the refused reply was stored.
    let page = http.get(format!("{url}/t/{thread}")).send().await.unwrap();
    assert_eq!(page.status(), 200);
    assert_eq!(
        http.get(format!("{url}/healthz")).send().await.unwrap().status(),
        200
    );
    let read = get_json_at(&http, format!("{url}/api/v1/threads/{thread}"), &bert).await;
    assert_eq!(read["thread"]["reply_count"].as_i64().unwrap(), 2 + stored);
    // Also for a member, whose reading would store read marks: pages, home, chat.
    let rooms = get_json_at(&http, format!("{url}/api/v1/groups/de-boei/rooms"), &bert).await;
    for path in [
        format!("/t/{thread}"),
        "/".to_owned(),
        "/g/de-boei".to_owned(),
        format!("/api/v1/rooms/{}/messages", rooms[0]["id"]),
        "/api/v1/notifications".to_owned(),
    ] {
        let res = http
            .get(format!("{url}{path}"))
            .bearer_auth(&bert)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path} on a full disk");
    }
    // The chat, when it is on the full disk too: a message is refused with an error frame,
    // never acknowledged (an acknowledged message is never lost), and the socket stays open.
    let room = rooms[0]["id"].as_i64().unwrap();
    let ws_url = format!("{}/api/v1/ws", url.replace("http://", "ws://"));
    let mut ws = Ws::open(&ws_url, Some(&bert), Some(url)).await.unwrap();
    ws.join(room, None).await;
    if chat_on_it {
        ws.send(
            serde_json::json!({"type": "send", "room": room, "body": "Past dit nog?", "client_id": "vol-1"}),
        )
        .await;
        let answer = ws.expect(&["ack", "error"]).await;
        assert_eq!(answer["type"], "error", "{answer}");
        assert_eq!(answer["code"], "unavailable", "{answer}");
        assert_eq!(answer["client_id"], "vol-1", "{answer}");
    }
    // Room again: the next reply and chat message are stored, no restart needed.
    disk.grow("64m");
    let said = ws.say(room, "Er is weer plek, ook hier.", "vol-2").await;
    let history = get_json_at(&http, format!("{url}/api/v1/rooms/{room}/messages"), &bert).await;
    let bodies: Vec<&str> = history["messages"]
        .as_array()
        .or(history.as_array())
        .unwrap()
        .iter()
        .map(|m| m["body"].as_str().unwrap())
        .collect();
    assert!(bodies.contains(&"Er is weer plek, ook hier."), "{history}");
    assert!(
        !bodies.contains(&"Past dit nog?"),
        "a refused message is not stored: {history}"
    );
    assert!(said > 0);
    let res = http
        .post(format!("{url}/api/v1/threads/{thread}/posts"))
        .bearer_auth(&bert)
        .json(&serde_json::json!({"body": "Er is weer plek."}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
}
