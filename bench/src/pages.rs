//! Thread pages: latency at a fixed rate, then the most pages per second.
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::StreamExt;

use crate::server::{cpu_of, seed, start_kwartier};
use crate::stats::latency_line;

/// Posts `count` replies into `thread` with `writers` in flight, as `tokens` in turn; some reply
/// to an earlier post so that the thread is a tree. Returns the posts' ids.
pub(crate) async fn fill_thread(
    url: &str,
    token: &str,
    thread: i64,
    count: usize,
    writers: usize,
) -> anyhow::Result<Vec<i64>> {
    let http = reqwest::Client::new();
    let ids = std::sync::Arc::new(std::sync::Mutex::new(vec![thread]));
    let post = |i: usize| {
        let (http, url, token, ids) = (http.clone(), url.to_owned(), token.to_owned(), ids.clone());
        async move {
            let parent = {
                let ids = ids.lock().unwrap();
                // A deterministic spread: every third reply answers an earlier post.
                i.is_multiple_of(3).then(|| ids[(i * 7919) % ids.len()])
            };
            let mut body =
                serde_json::json!({"body": format!("Bericht {i}: hoe gaat het met jullie vandaag?")});
            if let Some(p) = parent {
                body["parent_id"] = p.into();
            }
            let res = http
                .post(format!("{url}/api/v1/threads/{thread}/posts"))
                .bearer_auth(&token)
                .json(&body)
                .send()
                .await?;
            if res.status() != 201 {
                bail!("post: {} {}", res.status(), res.text().await?);
            }
            let v: serde_json::Value = res.json().await?;
            ids.lock().unwrap().push(v["id"].as_i64().context("id")?);
            Ok::<(), anyhow::Error>(())
        }
    };
    let mut s = futures_util::stream::iter((0..count).map(post)).buffer_unordered(writers);
    while let Some(r) = s.next().await {
        r?;
    }
    let ids = ids.lock().unwrap().clone();
    Ok(ids)
}

/// Starts a thread in the bench group; returns its id (its first post has the same id space).
pub(crate) async fn new_thread(url: &str, token: &str, title: &str) -> anyhow::Result<i64> {
    let res = reqwest::Client::new()
        .post(format!("{url}/api/v1/groups/bench/threads"))
        .bearer_auth(token)
        .json(&serde_json::json!({"title": title, "body": "Het eerste bericht."}))
        .send()
        .await?;
    if res.status() != 201 {
        bail!("thread: {} {}", res.status(), res.text().await?);
    }
    let v: serde_json::Value = res.json().await?;
    v["thread"]["id"].as_i64().context("thread id")
}

pub(crate) async fn pages(
    binary: &PathBuf,
    posts: usize,
    rate: u64,
    seconds: u64,
    concurrency: usize,
) -> anyhow::Result<()> {
    let server = start_kwartier(binary).await?;
    let pid = server.child.id().context("server pid")?;
    let (tokens, _room) = seed(&server.url, 1).await?;
    let thread = new_thread(&server.url, &tokens[0], "Een lange draad").await?;
    eprintln!("filling a thread with {posts} posts…");
    fill_thread(&server.url, &tokens[0], thread, posts.saturating_sub(1), 16).await?;
    let reader = tokens[1].clone();
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).build()?;
    let last = posts.div_ceil(50).max(1);
    // The same server's cheapest answer with a database round trip, measured the same way.
    let health = closed_loop(
        &http,
        &format!("{}/healthz", server.url),
        None,
        concurrency,
        seconds,
        pid,
        0,
    )
    .await?;
    println!(
        "/healthz, {concurrency} clients: {:.0} requests/s, {:.0} µs server CPU a request",
        health.0,
        health.1 * 1e6
    );
    for (name, page) in [("first", 1), ("middle", last.div_ceil(2)), ("last", last)] {
        let url = format!("{}/t/{thread}?page={page}", server.url);
        let get = |http: reqwest::Client, url: String, token: String| async move {
            let res = http.get(&url).bearer_auth(&token).send().await?;
            let ok = res.status() == 200;
            let body = res.bytes().await?;
            if !ok || body.len() < 1000 {
                bail!("page: {ok} {} bytes", body.len());
            }
            Ok::<usize, anyhow::Error>(body.len())
        };
        let size = get(http.clone(), url.clone(), reader.clone()).await?;
        for _ in 0..200 {
            get(http.clone(), url.clone(), reader.clone()).await?;
        }
        // Open loop: request k is due at k/rate; latency counts from when it was due.
        let total = (rate * seconds) as usize;
        let gap = Duration::from_nanos(1_000_000_000 / rate.max(1));
        let t0 = Instant::now();
        let mut tasks = Vec::with_capacity(total);
        for k in 0..total {
            let due = t0 + gap * k as u32;
            tokio::time::sleep_until(due.into()).await;
            let (http, url, token) = (http.clone(), url.clone(), reader.clone());
            tasks.push(tokio::spawn(async move {
                get(http, url, token)
                    .await
                    .map(|_| due.elapsed().as_micros() as u32)
            }));
        }
        let mut lat = Vec::with_capacity(total);
        let mut failed = 0;
        for t in tasks {
            match t.await? {
                Ok(l) => lat.push(l),
                Err(_) => failed += 1,
            }
        }
        lat.sort_unstable();
        println!(
            "page {page} of {last} ({name}, {size} bytes) at {rate}/s for {seconds} s: {} ok, {failed} failed; {}",
            lat.len(),
            latency_line(&lat)
        );
        // Closed loop: as many pages as `concurrency` readers get, as a member and then
        // anonymously, each beside the health check's figures from the start of the run.
        for (who, token) in [("member", Some(reader.as_str())), ("anonymous", None)] {
            let (per_s, cpu_per) = closed_loop(&http, &url, token, concurrency, seconds, pid, 1000).await?;
            println!(
                "page {page} ({name}) as {who}, {concurrency} readers: {per_s:.0} pages/s ({:.2}× /healthz), {:.0} µs server CPU a page ({:.1}× /healthz)",
                per_s / health.0,
                cpu_per * 1e6,
                cpu_per / health.1,
            );
        }
    }
    Ok(())
}

/// `concurrency` clients asking `url` in turn for `seconds`: answers per second and server
/// CPU seconds per answer. An answer counts when it is 200 with at least `min_bytes`.
async fn closed_loop(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    concurrency: usize,
    seconds: u64,
    pid: u32,
    min_bytes: usize,
) -> anyhow::Result<(f64, f64)> {
    let cpu_before = cpu_of(pid)?;
    let t0 = Instant::now();
    let end = t0 + Duration::from_secs(seconds);
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (http, url, token) = (http.clone(), url.to_owned(), token.map(str::to_owned));
            tokio::spawn(async move {
                let mut n = 0u64;
                while Instant::now() < end {
                    let mut req = http.get(&url);
                    if let Some(t) = &token {
                        req = req.bearer_auth(t);
                    }
                    let Ok(res) = req.send().await else { continue };
                    let ok = res.status() == 200;
                    if let Ok(body) = res.bytes().await
                        && ok
                        && body.len() >= min_bytes
                    {
                        n += 1;
                    }
                }
                n
            })
        })
        .collect();
    let mut n = 0;
    for w in workers {
        n += w.await?;
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = (cpu_of(pid)? - cpu_before).as_secs_f64();
    if n == 0 {
        bail!("no answer from {url}");
    }
    Ok((n as f64 / wall, cpu / n as f64))
}
