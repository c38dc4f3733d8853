//! `kwartier-load`: starts a Kwartier server (and, for comparison, the Node.js `ws` broadcast
//! peer), drives it open-loop from this process and reports throughput per server CPU-second,
//! latency percentiles and whether every message arrived.
//!
//! Scenarios: chat fan-out (against Kwartier and the `ws` peer), idle connections, a connection
//! storm, thread pages and posting throughput. BENCHMARKS.md has the commands and the figures.
mod chat;
mod connections;
mod fanout;
mod forum_peer;
mod pages;
mod posting;
mod server;
mod socket;
mod stats;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::chat::chat;
use crate::connections::{idle, storm};
use crate::fanout::{fanout_kwartier, fanout_peer};
use crate::forum_peer::forum_peer;
use crate::pages::pages;
use crate::posting::posting;

#[derive(Parser)]
#[command(about = "Load tool for Kwartier")]
struct Cli {
    /// The server binary (build it with `cargo build --release`).
    #[arg(long, default_value = "target/release/kwartier")]
    server: PathBuf,
    /// Pin the servers under test (Kwartier and the `ws` peer) to these cores with `taskset`
    /// (e.g. `1`); run the tool itself on the others (`taskset -c 0 kwartier-load …`).
    #[arg(long)]
    server_cpus: Option<String>,
    #[command(subcommand)]
    scenario: Scenario,
}

#[derive(Subcommand)]
enum Scenario {
    /// One sender, a room of `members` connected members: `messages` at `rate` per second.
    /// Runs against Kwartier and then against the `ws` peer, and compares them.
    Fanout {
        #[arg(long, default_value_t = 1000)]
        members: usize,
        #[arg(long, default_value_t = 200)]
        messages: usize,
        /// Messages per second, sent on a fixed schedule (open loop).
        #[arg(long, default_value_t = 100)]
        rate: u64,
        /// Skip the `ws` peer.
        #[arg(long)]
        no_peer: bool,
    },
    /// `connections` chat sockets that join a room and then say nothing: server memory per
    /// connection (resident set growth divided by the number of sockets).
    Idle {
        #[arg(long, default_value_t = 10_000)]
        connections: usize,
        /// Members the sockets are spread over (each member holds several sockets).
        #[arg(long, default_value_t = 100)]
        members: usize,
    },
    /// `connections` sockets opened all at once (at most `concurrency` handshakes in flight),
    /// each joining the room: connections per second and time to `joined`.
    Storm {
        #[arg(long, default_value_t = 5_000)]
        connections: usize,
        #[arg(long, default_value_t = 500)]
        concurrency: usize,
        #[arg(long, default_value_t = 100)]
        members: usize,
    },
    /// A thread of `posts` posts; reads its first, middle and last page as a member: latency at a
    /// fixed `rate` (open loop), then the most pages per second with `concurrency` readers.
    Pages {
        #[arg(long, default_value_t = 10_000)]
        posts: usize,
        #[arg(long, default_value_t = 1000)]
        rate: u64,
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
    },
    /// `senders` members, each alone in a room of their own, send chat messages as fast as the
    /// acks come back (one in flight each): durable chat messages per second.
    Chat {
        #[arg(long, default_value_t = 20_000)]
        messages: usize,
        #[arg(long, default_value_t = 64)]
        senders: usize,
        /// As for `posting`: a PostgreSQL server URL; without it, SQLite.
        #[arg(long)]
        postgres: Option<String>,
        /// Start the server without the PostgreSQL relay, to see what the relay costs.
        #[arg(long)]
        no_relay: bool,
        /// Instances on the one PostgreSQL database: sender i talks to instance i mod n, and
        /// each sender has a second socket in its room on the next instance that must hear
        /// every message. Server CPU is the sum over instances.
        #[arg(long, default_value_t = 1)]
        instances: usize,
    },
    /// `writers` members post replies as fast as the server takes them: durable posts per second.
    Posting {
        #[arg(long, default_value_t = 20_000)]
        posts: usize,
        #[arg(long, default_value_t = 64)]
        writers: usize,
        /// A PostgreSQL server URL without a database name (e.g. postgres://postgres@127.0.0.1:5432):
        /// the tool makes a fresh database `kwartier_bench` there. Without it: SQLite.
        #[arg(long)]
        postgres: Option<String>,
    },
    /// The thread page side by side with NodeBB, both on one PostgreSQL: a thread of `posts`
    /// posts, 50 a page, its first and middle page read by a member and anonymously. NodeBB
    /// must be installed and set up on PostgreSQL in `--nodebb` (see BENCHMARKS.md).
    ForumPeer {
        /// A NodeBB directory, installed and set up (its `config.json` names URL and database).
        #[arg(long)]
        nodebb: PathBuf,
        #[arg(long, default_value = "admin")]
        nodebb_admin: String,
        #[arg(long)]
        nodebb_password: String,
        /// A PostgreSQL server URL without a database name, for Kwartier's side.
        #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432")]
        postgres: String,
        #[arg(long, default_value_t = 1000)]
        posts: usize,
        #[arg(long, default_value_t = 5)]
        seconds: u64,
        #[arg(long, default_value_t = 32)]
        concurrency: usize,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    if let Some(cpus) = &cli.server_cpus {
        let _ = server::SERVER_CPUS.set(cpus.clone());
    }
    match cli.scenario {
        Scenario::Fanout {
            members,
            messages,
            rate,
            no_peer,
        } => {
            let ours = fanout_kwartier(&cli.server, members, messages, rate).await?;
            ours.print("kwartier");
            if !no_peer {
                let peer = fanout_peer(members, messages, rate).await?;
                peer.print("ws peer");
                println!(
                    "ratio (deliveries per server CPU-second, kwartier / ws): {:.2}",
                    ours.per_cpu_second() / peer.per_cpu_second()
                );
            }
        }
        Scenario::Idle { connections, members } => idle(&cli.server, connections, members).await?,
        Scenario::Storm {
            connections,
            concurrency,
            members,
        } => storm(&cli.server, connections, concurrency, members).await?,
        Scenario::Pages {
            posts,
            rate,
            seconds,
            concurrency,
        } => pages(&cli.server, posts, rate, seconds, concurrency).await?,
        Scenario::Chat {
            messages,
            senders,
            postgres,
            no_relay,
            instances,
        } => {
            chat(
                &cli.server,
                messages,
                senders,
                postgres.as_deref(),
                no_relay,
                instances,
            )
            .await?
        }
        Scenario::Posting {
            posts,
            writers,
            postgres,
        } => posting(&cli.server, posts, writers, postgres.as_deref()).await?,
        Scenario::ForumPeer {
            nodebb,
            nodebb_admin,
            nodebb_password,
            postgres,
            posts,
            seconds,
            concurrency,
        } => {
            forum_peer(
                &cli.server,
                &nodebb,
                &nodebb_admin,
                &nodebb_password,
                &postgres,
                posts,
                seconds,
                concurrency,
            )
            .await?
        }
    }
    Ok(())
}
