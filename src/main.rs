//! The `kwartier` binary: parse configuration, set up logging, run the chosen command.
use std::io::BufRead;
use std::process::ExitCode;

use clap::Parser;
use kwartier::config::{Cli, Command, Config, LogFormat, UserCommand};
use kwartier::domain::account::{DisplayName, Locale, Username};
use kwartier::domain::password::NewPassword;
use kwartier::i18n::Tr;
use kwartier::server::{Server, shutdown_signal};
use kwartier::state::AppState;
use kwartier::{db, domain};
use tracing_subscriber::EnvFilter;

fn init_tracing(config: &Config) {
    let filter = EnvFilter::try_new(&config.log).unwrap_or_else(|_| EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    match config.log_format {
        LogFormat::Text => builder.init(),
        LogFormat::Json => builder.json().init(),
    }
}

/// Each password hash takes a 19 MiB block. After freeing the first, glibc raises its mmap
/// threshold and keeps later blocks in its arenas: measured, 20 sign-ups in a row left 218 MiB
/// resident (from 21 MiB). A fixed threshold hands each block back when the hash is done
/// (24 MiB after the same 20). See BENCHMARKS.md.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn keep_memory_lean() {
    // SAFETY: `mallopt` only changes allocator settings and may be called at any time.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
        // Fixing the mmap threshold also fixes the trim threshold at 128 KiB, which made the
        // allocator give back and take again small heap tops all the time; 8 MiB calms that.
        libc::mallopt(libc::M_TRIM_THRESHOLD, 8 * 1024 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn keep_memory_lean() {}

#[tokio::main]
async fn main() -> ExitCode {
    keep_memory_lean();
    let cli = Cli::parse();
    init_tracing(&cli.config);
    let result = match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => serve(cli.config).await,
        Command::Migrate { check: false } => migrate(cli.config).await,
        Command::Migrate { check: true } => match migrate_check(cli.config).await {
            Ok(true) => Ok(()),
            // Some are pending: status 2, for scripts that ask before they upgrade.
            Ok(false) => return ExitCode::from(2),
            Err(e) => Err(e),
        },
        Command::User(UserCommand::Create {
            username,
            display_name,
            admin,
        }) => create_user(cli.config, &username, display_name.as_deref(), admin).await,
        Command::Backup { path } => backup(cli.config, &path).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            eprintln!("kwartier: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn serve(config: Config) -> anyhow::Result<()> {
    let server = Server::build(config).await?;
    let config = &server.state().config;
    // The public URL people type, and where this process listens (behind a proxy they differ).
    tracing::info!(url = %config.public_url(), address = %format!("http://{}", config.bind), "Kwartier is listening");
    server.run(shutdown_signal()).await
}

async fn migrate(config: Config) -> anyhow::Result<()> {
    let db = db::connect(&config).await?;
    db::migrate(&db).await?;
    tracing::info!("migrations applied");
    Ok(())
}

/// Prints the pending migrations; true when there are none. Writes nothing: a SQLite file that
/// is not there is not created (every migration is pending for it).
async fn migrate_check(config: Config) -> anyhow::Result<bool> {
    let pending = match config.sqlite_path() {
        Some(path) if !path.exists() => {
            println!(
                "no database at {} yet: every migration is pending",
                path.display()
            );
            db::all_migrations()
        }
        _ => db::pending_migrations(&db::connect(&config).await?).await?,
    };
    if pending.is_empty() {
        println!("up to date: no migration is pending");
    } else {
        println!("{} migration(s) pending:", pending.len());
        for name in &pending {
            println!("{name}");
        }
    }
    Ok(pending.is_empty())
}

async fn backup(config: Config, path: &std::path::Path) -> anyhow::Result<()> {
    let db = db::connect(&config).await?;
    db::backup(&db, path).await?;
    println!("backup written to {}", path.display());
    Ok(())
}

/// The new account's password: at a terminal asked for twice and typed unseen; otherwise (a
/// script, a pipe) the first line of standard input, so it never shows in the process list.
fn read_new_password(username: &str) -> anyhow::Result<String> {
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password(format!("Password for {username}: "))?;
        let again = rpassword::prompt_password("The same password again: ")?;
        anyhow::ensure!(first == again, "the two passwords differ; no account was made");
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

async fn create_user(
    config: Config,
    username: &str,
    display_name: Option<&str>,
    admin: bool,
) -> anyhow::Result<()> {
    // The operator reads the refusals in English, the language of the command line.
    let said = |what: &str, key: &str| anyhow::anyhow!("{what}: {}", Tr::new(Locale::En).t(key));
    let username = Username::parse(username).map_err(|e| said("username", e.0))?;
    let display_name = DisplayName::parse(display_name.unwrap_or(username.as_str()))
        .map_err(|e| said("display name", e.0))?;
    let typed = read_new_password(username.as_str())?;
    let password = NewPassword::parse(&typed, Some(username.as_str())).map_err(|e| said("password", e.0))?;
    let state = AppState::init(config).await?;
    let hash = domain::password::hash(password.as_str()).map_err(|e| anyhow::anyhow!("hashing: {e}"))?;
    let user = db::users::create(
        &state.db,
        &username,
        &display_name,
        hash,
        Locale::default(),
        admin,
    )
    .await
    .map_err(|e| anyhow::anyhow!("{e}"))?;
    println!(
        "created user {} (id {}){}",
        user.username,
        user.id,
        if admin { ", instance admin" } else { "" }
    );
    Ok(())
}
