//! Durable forum replies per second from many writers.
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, bail};

use crate::pages::new_thread;
use crate::server::{backends_share, cpu_of, fresh_postgres, postgres_cpu, seed, start_kwartier_on};
use crate::stats::latency_line;

pub(crate) async fn posting(
    binary: &PathBuf,
    posts: usize,
    writers: usize,
    postgres: Option<&str>,
) -> anyhow::Result<()> {
    let db = postgres.map(fresh_postgres).transpose()?;
    let raw = match db {
        None => Some(raw_sqlite_commits().await?),
        Some(_) => None,
    };
    let server = start_kwartier_on(binary, db.as_deref()).await?;
    let pid = server.child.id().context("server pid")?;
    eprintln!("kwartier at {}: seeding {writers} writers…", server.url);
    let (tokens, _room) = seed(&server.url, writers).await?;
    // Sixteen threads, so that writers meet on a thread now and then, as people do.
    let mut threads = Vec::new();
    for i in 0..16 {
        threads.push(new_thread(&server.url, &tokens[0], &format!("Draad {i}")).await?);
    }
    let http = reqwest::Client::builder().pool_max_idle_per_host(1024).build()?;
    let cpu_before = cpu_of(pid)?;
    let pg_before = postgres_cpu("kwartier_bench");
    let t0 = Instant::now();
    let per_writer = posts / writers;
    let tasks: Vec<_> = (0..writers)
        .map(|w| {
            let (http, url, token) = (http.clone(), server.url.clone(), tokens[1 + w].clone());
            let thread = threads[w % threads.len()];
            tokio::spawn(async move {
                let mut lat = Vec::with_capacity(per_writer);
                for i in 0..per_writer {
                    let started = Instant::now();
                    let res = http
                        .post(format!("{url}/api/v1/threads/{thread}/posts"))
                        .bearer_auth(&token)
                        .json(&serde_json::json!({"body": format!("Schrijver {w}, bericht {i}.")}))
                        .send()
                        .await?;
                    if res.status() != 201 {
                        bail!("post: {} {}", res.status(), res.text().await?);
                    }
                    lat.push(started.elapsed().as_micros() as u32);
                }
                Ok::<_, anyhow::Error>(lat)
            })
        })
        .collect();
    let mut lat = Vec::with_capacity(posts);
    for t in tasks {
        lat.extend(t.await??);
    }
    let wall = t0.elapsed().as_secs_f64();
    let cpu = (cpu_of(pid)? - cpu_before).as_secs_f64();
    let pg_cpu = postgres_cpu("kwartier_bench")
        .saturating_sub(pg_before)
        .as_secs_f64();
    lat.sort_unstable();
    println!(
        "posting on {}: {} replies by {writers} writers in {wall:.2} s = {:.0} posts/s; server CPU {:.0} %{}; {}",
        if db.is_some() { "PostgreSQL" } else { "SQLite" },
        lat.len(),
        lat.len() as f64 / wall,
        cpu / wall * 100.0,
        backends_share(db.is_some(), pg_cpu, wall),
        latency_line(&lat)
    );
    if let Some(raw) = raw {
        println!(
            "raw SQLite on the same disk (WAL, synchronous=FULL, one row a commit, one connection): {raw:.0} commits/s; replies / raw commits = {:.2}",
            lat.len() as f64 / wall / raw
        );
    }
    Ok(())
}

/// What this disk and SQLite do without the server: single-row commits per second, one
/// connection, the server's settings (WAL, synchronous=FULL), a 200-byte row each, for 3 s.
async fn raw_sqlite_commits() -> anyhow::Result<f64> {
    use sqlx::{ConnectOptions, Connection};
    let dir = tempfile::tempdir()?;
    let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(dir.path().join("raw.db"))
        .create_if_missing(true)
        .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal)
        .synchronous(sqlx::sqlite::SqliteSynchronous::Full)
        .connect()
        .await?;
    sqlx::query("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
        .execute(&mut conn)
        .await?;
    let body = "x".repeat(200);
    let t0 = Instant::now();
    let mut n = 0u32;
    while t0.elapsed().as_secs_f64() < 3.0 {
        sqlx::query("INSERT INTO t (body) VALUES (?)")
            .bind(&body)
            .execute(&mut conn)
            .await?;
        n += 1;
    }
    let rate = f64::from(n) / t0.elapsed().as_secs_f64();
    conn.close().await?;
    Ok(rate)
}
