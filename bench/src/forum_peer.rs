//! A forum peer side by side: the same thread page (a thread of `posts` posts, 50 posts a page)
//! on Kwartier and on NodeBB, both on one PostgreSQL, read by a member and anonymously. Pages
//! per second and server CPU per page, the CPU of the database backends serving each included.
//!
//! NodeBB is not built by this tool: point `--nodebb` at a NodeBB checkout that was installed
//! and set up on PostgreSQL as its own documentation says (its `config.json` names the URL and
//! the database). The tool starts it with `node app.js`, logs in as the administrator named on
//! the command line, sets 50 posts a page, registers a member and writes the thread.
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::StreamExt;
use reqwest::header::{COOKIE, HeaderMap, HeaderValue, SET_COOKIE};
use tokio::io::{AsyncBufReadExt, BufReader};

use crate::pages::{fill_thread, new_thread};
use crate::server::{cpu_of, fresh_postgres, postgres_cpu, seed, server_command, start_kwartier_on};

/// Posts a page on both servers.
const PAGE: usize = 50;

/// What is measured as one server: its process and the database backends serving it.
struct Probe {
    pid: u32,
    database: String,
}

impl Probe {
    /// CPU time so far: the server's own and its database backends'.
    fn cpu(&self) -> anyhow::Result<(Duration, Duration)> {
        Ok((cpu_of(self.pid)?, postgres_cpu(&self.database)))
    }
}

/// What one closed loop measured.
struct Measured {
    pages_per_s: f64,
    /// Server CPU seconds a page, the database's included.
    cpu: f64,
    /// The database's part of `cpu`.
    database_cpu: f64,
}

/// A reader: the headers it sends (a session cookie or a bearer token, or none).
#[derive(Clone)]
struct Reader {
    who: &'static str,
    headers: HeaderMap,
}

impl Reader {
    fn member_and_anonymous(member: HeaderMap) -> [Reader; 2] {
        [
            Reader {
                who: "member",
                headers: member,
            },
            Reader {
                who: "anonymous",
                headers: HeaderMap::new(),
            },
        ]
    }
}

/// `concurrency` readers asking for `url` in turn for `seconds`: pages per second and server CPU
/// (database included) per page. A page counts when it is 200 and holds `PAGE` posts by `marker`.
async fn closed_loop(
    http: &reqwest::Client,
    url: &str,
    reader: &Reader,
    marker: &'static str,
    concurrency: usize,
    seconds: u64,
    probe: &Probe,
) -> anyhow::Result<Measured> {
    let (own_before, db_before) = probe.cpu()?;
    let t0 = Instant::now();
    let end = t0 + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (http, url, headers) = (http.clone(), url.to_owned(), reader.headers.clone());
            tokio::spawn(async move {
                let (mut ok, mut bad) = (0u64, 0u64);
                while Instant::now() < end {
                    let Ok(res) = http.get(&url).headers(headers.clone()).send().await else {
                        bad += 1;
                        continue;
                    };
                    let status = res.status();
                    match res.text().await {
                        Ok(body) if status == 200 && body.matches(marker).count() >= PAGE => ok += 1,
                        _ => bad += 1,
                    }
                }
                (ok, bad)
            })
        })
        .collect();
    let (mut ok, mut bad) = (0, 0);
    for w in workers {
        let (o, b) = w.await?;
        ok += o;
        bad += b;
    }
    let wall = t0.elapsed().as_secs_f64();
    let (own, db) = probe.cpu()?;
    if ok == 0 || bad > ok / 100 {
        bail!("{url} as {}: {ok} whole pages, {bad} failed or short", reader.who);
    }
    let own = own.saturating_sub(own_before).as_secs_f64() / ok as f64;
    let db = db.saturating_sub(db_before).as_secs_f64() / ok as f64;
    Ok(Measured {
        pages_per_s: ok as f64 / wall,
        cpu: own + db,
        database_cpu: db,
    })
}

/// A NodeBB session: its cookies and the CSRF token that goes with them.
struct Session {
    url: String,
    cookies: BTreeMap<String, String>,
    csrf: String,
}

impl Session {
    fn keep_cookies(&mut self, headers: &HeaderMap) {
        for v in headers.get_all(SET_COOKIE) {
            if let Some((name, value)) = v
                .to_str()
                .ok()
                .and_then(|c| c.split(';').next())
                .and_then(|c| c.split_once('='))
            {
                self.cookies
                    .insert(name.trim().to_owned(), value.trim().to_owned());
            }
        }
    }

    fn headers(&self) -> anyhow::Result<HeaderMap> {
        let mut h = HeaderMap::new();
        let cookie: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
        h.insert(COOKIE, HeaderValue::from_str(&cookie.join("; "))?);
        h.insert("x-csrf-token", HeaderValue::from_str(&self.csrf)?);
        Ok(h)
    }

    /// Asks for the CSRF token of the current session (and a session cookie, the first time).
    async fn refresh(&mut self, http: &reqwest::Client) -> anyhow::Result<()> {
        let res = http
            .get(format!("{}/api/config", self.url))
            .headers(self.headers()?)
            .send()
            .await?;
        self.keep_cookies(res.headers());
        let v: serde_json::Value = res.json().await?;
        self.csrf = v["csrf_token"].as_str().context("csrf_token")?.to_owned();
        Ok(())
    }

    async fn login(
        http: &reqwest::Client,
        url: &str,
        username: &str,
        password: &str,
    ) -> anyhow::Result<Self> {
        let mut s = Session {
            url: url.to_owned(),
            cookies: BTreeMap::new(),
            csrf: String::new(),
        };
        s.refresh(http).await?;
        let res = http
            .post(format!("{url}/api/v3/utilities/login"))
            .headers(s.headers()?)
            .json(&serde_json::json!({"username": username, "password": password}))
            .send()
            .await?;
        s.keep_cookies(res.headers());
        if res.status() != 200 {
            bail!(
                "NodeBB login as {username}: {} {}",
                res.status(),
                res.text().await?
            );
        }
        // The session was renewed at login: its token too.
        s.refresh(http).await?;
        Ok(s)
    }

    /// A write-API call; returns its `response` part.
    async fn call(
        &self,
        http: &reqwest::Client,
        method: reqwest::Method,
        path: &str,
        body: serde_json::Value,
    ) -> anyhow::Result<serde_json::Value> {
        let res = http
            .request(method, format!("{}{path}", self.url))
            .headers(self.headers()?)
            .json(&body)
            .send()
            .await?;
        let status = res.status();
        let v: serde_json::Value = res.json().await.unwrap_or_default();
        if !status.is_success() {
            bail!("NodeBB {path}: {status} {v}");
        }
        Ok(v["response"].clone())
    }
}

/// A started NodeBB, its address and its database.
struct NodeBB {
    child: tokio::process::Child,
    url: String,
    database: String,
}

async fn start_nodebb(dir: &Path) -> anyhow::Result<NodeBB> {
    let config: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("config.json"))
            .context("no config.json: set NodeBB up on PostgreSQL first (its `nodebb setup`)")?,
    )?;
    let url = config["url"]
        .as_str()
        .context("config.json: url")?
        .trim_end_matches('/')
        .to_owned();
    let database = config["postgres"]["database"]
        .as_str()
        .context("config.json: NodeBB must run on PostgreSQL (postgres.database)")?
        .to_owned();
    let mut child = server_command("node")
        .arg("app.js")
        .current_dir(dir)
        .env("NODE_ENV", "production")
        .stdout(Stdio::piped())
        .kill_on_drop(true)
        .spawn()
        .context("start node app.js")?;
    let mut lines = BufReader::new(child.stdout.take().context("stdout")?).lines();
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        let line = tokio::time::timeout_at(deadline.into(), lines.next_line())
            .await
            .context("NodeBB did not get ready in 120 s")??
            .context("NodeBB exited")?;
        if line.contains("NodeBB is now listening") {
            break;
        }
    }
    // Its log goes on; read and dropped so that the pipe never fills.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    Ok(NodeBB { child, url, database })
}

/// Fills a NodeBB topic with `posts` posts (the first one included), `writers` in flight, and
/// returns the topic's path (`/topic/<tid>/<slug>`).
async fn nodebb_thread(
    http: &reqwest::Client,
    admin: &Session,
    posts: usize,
    writers: usize,
) -> anyhow::Result<String> {
    let topic = admin
        .call(
            http,
            reqwest::Method::POST,
            "/api/v3/topics",
            serde_json::json!({"cid": 2, "title": format!("Een lange draad {}", std::process::id()), "content": "Het eerste bericht."}),
        )
        .await?;
    let tid = topic["tid"].as_i64().context("tid")?;
    let slug = topic["slug"].as_str().context("slug")?.to_owned();
    let reply = |i: usize| async move {
        admin
            .call(
                http,
                reqwest::Method::POST,
                &format!("/api/v3/topics/{tid}"),
                serde_json::json!({"content": format!("Bericht {i}: hoe gaat het met jullie vandaag?")}),
            )
            .await
            .map(|_| ())
    };
    let mut s = futures_util::stream::iter((1..posts).map(reply)).buffer_unordered(writers);
    while let Some(r) = s.next().await {
        r?;
    }
    Ok(format!("/topic/{slug}"))
}

/// Runs the page measurements for one server and prints a line each.
#[allow(clippy::too_many_arguments)]
async fn measure(
    name: &str,
    http: &reqwest::Client,
    page_url: &dyn Fn(usize) -> String,
    readers: &[Reader],
    marker: &'static str,
    pages: usize,
    concurrency: usize,
    seconds: u64,
    probe: &Probe,
) -> anyhow::Result<Vec<Measured>> {
    let mut out = Vec::new();
    for page in [1, pages.div_ceil(2)] {
        let url = page_url(page);
        for reader in readers {
            // Warm: the first reads fill caches on both sides.
            closed_loop(http, &url, reader, marker, concurrency, 1, probe).await?;
            let m = closed_loop(http, &url, reader, marker, concurrency, seconds, probe).await?;
            println!(
                "{name}: page {page} of {pages} as {}, {concurrency} readers: {:.0} pages/s, {:.0} µs server CPU a page (of which the database {:.0} µs)",
                reader.who,
                m.pages_per_s,
                m.cpu * 1e6,
                m.database_cpu * 1e6,
            );
            out.push(m);
        }
    }
    Ok(out)
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn forum_peer(
    binary: &PathBuf,
    nodebb_dir: &Path,
    admin_user: &str,
    admin_password: &str,
    postgres: &str,
    posts: usize,
    seconds: u64,
    concurrency: usize,
) -> anyhow::Result<()> {
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).build()?;
    let pages = posts.div_ceil(PAGE).max(1);

    // Kwartier on PostgreSQL.
    let db_url = fresh_postgres(postgres)?;
    let server = start_kwartier_on(binary, Some(&db_url)).await?;
    let probe = Probe {
        pid: server.child.id().context("server pid")?,
        database: "kwartier_bench".into(),
    };
    let (tokens, _room) = seed(&server.url, 1).await?;
    let thread = new_thread(&server.url, &tokens[0], "Een lange draad").await?;
    eprintln!("kwartier: filling a thread with {posts} posts…");
    fill_thread(&server.url, &tokens[0], thread, posts.saturating_sub(1), 16).await?;
    let mut member = HeaderMap::new();
    member.insert(
        reqwest::header::AUTHORIZATION,
        HeaderValue::from_str(&format!("Bearer {}", tokens[1]))?,
    );
    let readers = Reader::member_and_anonymous(member);
    let base = server.url.clone();
    let ours = measure(
        "kwartier",
        &http,
        &|page| format!("{base}/t/{thread}?page={page}"),
        &readers,
        "<article class=\"post ",
        pages,
        concurrency,
        seconds,
        &probe,
    )
    .await?;
    drop(server);

    // NodeBB on the same PostgreSQL.
    let nodebb = start_nodebb(nodebb_dir).await?;
    let probe = Probe {
        pid: nodebb.child.id().context("nodebb pid")?,
        database: nodebb.database.clone(),
    };
    let admin = Session::login(&http, &nodebb.url, admin_user, admin_password).await?;
    for setting in ["maxPostsPerPage", "postsPerPage"] {
        admin
            .call(
                &http,
                reqwest::Method::PUT,
                &format!("/api/v3/admin/settings/{setting}"),
                serde_json::json!({"value": PAGE}),
            )
            .await?;
    }
    let member_name = format!("lid{}", std::process::id());
    let password = "een zin die niemand raadt";
    admin
        .call(
            &http,
            reqwest::Method::POST,
            "/api/v3/users",
            serde_json::json!({"username": member_name, "password": password}),
        )
        .await?;
    let member = Session::login(&http, &nodebb.url, &member_name, password).await?;
    eprintln!("nodebb: filling a topic with {posts} posts…");
    // NodeBB takes one post at a time from one account ("You are already posting").
    let path = nodebb_thread(&http, &admin, posts, 1).await?;
    let readers = Reader::member_and_anonymous(member.headers()?);
    let base = nodebb.url.clone();
    let theirs = measure(
        "nodebb",
        &http,
        &|page| format!("{base}{path}?page={page}"),
        &readers,
        "component=\"post/content\"",
        pages,
        concurrency,
        seconds,
        &probe,
    )
    .await?;
    for (i, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        println!(
            "ratio {} {}: pages/s kwartier / nodebb {:.2}, CPU a page kwartier / nodebb {:.2}",
            if i < 2 { "first page" } else { "middle page" },
            readers[i % 2].who,
            a.pages_per_s / b.pages_per_s,
            a.cpu / b.cpu
        );
    }
    Ok(())
}
