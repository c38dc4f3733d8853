//! The `kwartier` binary as a separate process: started on a free port, its log read, stopped.
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use super::TestDb;

/// This build's `kwartier` binary on `db`.
pub fn kwartier(db: &TestDb) -> Command {
    binary_on(env!("CARGO_BIN_EXE_kwartier"), db)
}

/// A `kwartier` binary (this build's or an older release's) on `db`, with none of the
/// caller's settings leaking in.
pub fn binary_on(binary: &str, db: &TestDb) -> Command {
    let mut cmd = Command::new(binary);
    for var in [
        "KWARTIER_BIND",
        "KWARTIER_BASE_URL",
        "KWARTIER_LOG",
        "KWARTIER_LOG_FORMAT",
    ] {
        cmd.env_remove(var);
    }
    cmd.env("DATABASE_URL", &db.url);
    cmd
}

/// Starts `kwartier serve` on a free port; returns the child, its URL and its log lines.
pub fn serve(db: &TestDb, extra: &[&str]) -> (Running, String, mpsc::Receiver<String>) {
    serve_with(kwartier(db), extra)
}

/// As [`serve`], with a command prepared by the caller.
pub fn serve_with(mut cmd: Command, extra: &[&str]) -> (Running, String, mpsc::Receiver<String>) {
    let mut child = cmd
        .args(["serve", "--bind", "127.0.0.1:0"])
        .args(if extra.is_empty() {
            &["--log", "debug"][..]
        } else {
            extra
        })
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let (tx, rx) = mpsc::channel();
    let stderr = child.stderr.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut url = None;
    let mut seen = Vec::new();
    while url.is_none() {
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("no start: {seen:?}"));
        if let Some(i) = line.find("http://127.0.0.1:") {
            let rest = &line[i..];
            let end = rest
                .find(|c: char| c.is_whitespace() || c == '"')
                .unwrap_or(rest.len());
            url = Some(rest[..end].trim_end_matches('/').to_owned());
        }
        seen.push(line);
    }
    (Running(child), url.unwrap(), rx)
}

/// A server process that is killed if the test ends early.
pub struct Running(pub Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn terminate(running: &mut Running) -> std::process::ExitStatus {
    let child = &mut running.0;
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    for _ in 0..200 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.kill().ok();
    panic!("did not stop within 10 s of SIGTERM");
}
