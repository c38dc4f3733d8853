//! Kwartier behind a reverse proxy, as an operator runs it (#25, part 2): Debian's `caddy`
//! with `tls internal` in front of the `kwartier` binary on loopback. Pages and the chat's
//! WebSocket work through it over HTTPS, cookies are `Secure` and `__Host-`, `--behind-proxy`
//! counts login attempts per real client (each client here speaks from an address of its own
//! on 127.0.0.0/8), and without `--behind-proxy` a forged `X-Forwarded-For` changes nothing.
//!
//! Needs `caddy` on the PATH: skipped where it is missing, unless `KWARTIER_TEST_PROXY` is set
//! (CI sets it and installs Debian's package), which makes a missing `caddy` a failure.
mod common;

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use common::process::{Running, kwartier, serve_with, terminate};
use common::ws::Ws;
use common::{GOOD_PASSWORD, TestDb, csrf_of};
use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper_util::rt::TokioIo;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::{Value, json};
use tokio::net::{TcpSocket, TcpStream};

/// Whether this machine has `caddy`; a failure instead of a skip when CI asks for the test.
fn caddy_is_here() -> bool {
    let here = Command::new("caddy")
        .arg("version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !here {
        assert!(
            std::env::var_os("KWARTIER_TEST_PROXY").is_none(),
            "KWARTIER_TEST_PROXY is set but `caddy` is not on the PATH (apt-get install caddy)"
        );
        eprintln!("skipped: no `caddy` on this machine");
    }
    here
}

/// A free port on loopback (free when asked; Caddy takes it right after).
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Caddy serving `https://localhost:{port}` with a certificate from its own local authority,
/// proxying to `upstream`. Its state (the authority, the certificate) lives in a folder of its
/// own; the machine's trust store is not touched.
struct Caddy {
    _process: Running,
    dir: tempfile::TempDir,
    port: u16,
}

impl Caddy {
    fn start(port: u16, upstream: &str) -> Caddy {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("Caddyfile");
        std::fs::write(
            &config,
            format!(
                "{{\n\tadmin off\n\tauto_https disable_redirects\n\tskip_install_trust\n\
                 \tstorage file_system {data}\n}}\n\
                 https://localhost:{port} {{\n\ttls internal\n\treverse_proxy {upstream}\n}}\n",
                data = dir.path().join("data").display(),
            ),
        )
        .unwrap();
        let log = std::fs::File::create(dir.path().join("caddy.log")).unwrap();
        let child = Command::new("caddy")
            .args(["run", "--adapter", "caddyfile", "--config"])
            .arg(&config)
            .env("HOME", dir.path())
            .env("XDG_DATA_HOME", dir.path())
            .env("XDG_CONFIG_HOME", dir.path())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        let caddy = Caddy {
            _process: Running(child),
            dir,
            port,
        };
        // Ready when its authority has made the site's certificate and the port answers.
        let site_certificate = caddy
            .dir
            .path()
            .join("data/certificates/local/localhost/localhost.crt");
        for _ in 0..200 {
            if site_certificate.exists() && std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return caddy;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!("caddy did not start: {}", caddy.log());
    }

    fn root_certificate(&self) -> PathBuf {
        self.dir.path().join("data/pki/authorities/local/root.crt")
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("caddy.log")).unwrap_or_default()
    }

    fn origin(&self) -> String {
        format!("https://localhost:{}", self.port)
    }

    fn address(&self) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], self.port))
    }
}

/// A TLS client setup that trusts only the authority in `root` (Caddy's `tls internal`).
fn trusting(root: &Path) -> Arc<rustls::ClientConfig> {
    let mut roots = rustls::RootCertStore::empty();
    for cert in CertificateDer::pem_file_iter(root).unwrap() {
        roots.add(cert.unwrap()).unwrap();
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    Arc::new(
        rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth(),
    )
}

/// A person's browser at the client address `from` (one of 127.0.0.0/8), reaching the site by
/// its https name through Caddy: a new TLS connection per request, cookies kept as a browser
/// keeps them.
struct Browser {
    from: [u8; 4],
    caddy: SocketAddr,
    origin: String,
    tls: tokio_rustls::TlsConnector,
    cookies: BTreeMap<String, String>,
}

/// What came back: the status, the headers and the body.
struct Answer {
    status: u16,
    headers: hyper::HeaderMap,
    set_cookies: Vec<String>,
    body: String,
}

impl Answer {
    /// The whole `Set-Cookie` line of cookie `name`.
    fn cookie(&self, name: &str) -> Option<&str> {
        self.set_cookies
            .iter()
            .map(String::as_str)
            .find(|c| c.starts_with(&format!("{name}=")))
    }
}

impl Browser {
    fn at(from: [u8; 4], caddy: &Caddy, tls: &Arc<rustls::ClientConfig>) -> Browser {
        Browser {
            from,
            caddy: caddy.address(),
            origin: caddy.origin(),
            tls: tokio_rustls::TlsConnector::from(tls.clone()),
            cookies: BTreeMap::new(),
        }
    }

    async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<(&str, String)>,
    ) -> Answer {
        // The handshake is tried again for a few seconds: Caddy writes the site's certificate
        // to its folder (what `Caddy::start` waits for) a moment before it serves it.
        let mut tries = 0;
        let tls = loop {
            let tcp = tcp_from(self.from, self.caddy).await;
            match self
                .tls
                .connect(ServerName::try_from("localhost").unwrap(), tcp)
                .await
            {
                Ok(tls) => break tls,
                Err(e) if tries < 40 => {
                    tries += 1;
                    eprintln!("TLS with Caddy, try {tries}: {e}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("TLS with Caddy's certificate for localhost: {e}"),
            }
        };
        let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(tls))
            .await
            .unwrap();
        tokio::spawn(connection);
        let mut req = hyper::Request::builder()
            .method(method)
            .uri(path)
            .header("host", self.origin.trim_start_matches("https://"));
        if !self.cookies.is_empty() {
            let jar: Vec<String> = self.cookies.iter().map(|(k, v)| format!("{k}={v}")).collect();
            req = req.header("cookie", jar.join("; "));
        }
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let body = match body {
            Some((content_type, body)) => {
                req = req.header("content-type", content_type);
                Full::new(Bytes::from(body))
            }
            None => Full::new(Bytes::new()),
        };
        let res = sender.send_request(req.body(body).unwrap()).await.unwrap();
        let status = res.status().as_u16();
        let set_cookies: Vec<String> = res
            .headers()
            .get_all("set-cookie")
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect();
        for line in &set_cookies {
            let (name, value) = line.split(';').next().unwrap().split_once('=').unwrap();
            if line.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let headers = res.headers().clone();
        let body = res.into_body().collect().await.unwrap().to_bytes();
        Answer {
            status,
            headers,
            set_cookies,
            body: String::from_utf8_lossy(&body).into_owned(),
        }
    }

    async fn get(&mut self, path: &str) -> Answer {
        self.send("GET", path, &[], None).await
    }

    async fn api(&mut self, path: &str, token: Option<&str>, body: Value) -> Answer {
        let bearer = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = bearer.iter().map(|b| ("authorization", b.as_str())).collect();
        self.send(
            "POST",
            path,
            &headers,
            Some(("application/json", body.to_string())),
        )
        .await
    }

    /// A form sent from one of this site's pages.
    async fn form(&mut self, path: &str, fields: &[(&str, &str)]) -> Answer {
        let origin = self.origin.clone();
        let body = serde_urlencoded::to_string(fields).unwrap();
        self.send(
            "POST",
            path,
            &[("origin", &origin)],
            Some(("application/x-www-form-urlencoded", body)),
        )
        .await
    }

    async fn register(&mut self, name: &str) -> String {
        let answer = self
            .api(
                "/api/v1/auth/register",
                None,
                json!({"username": name, "password": GOOD_PASSWORD}),
            )
            .await;
        assert_eq!(answer.status, 201, "{name} registers: {}", answer.body);
        let v: Value = serde_json::from_str(&answer.body).unwrap();
        v["token"].as_str().unwrap().to_owned()
    }

    async fn login(&mut self, name: &str, password: &str) -> u16 {
        self.api(
            "/api/v1/auth/login",
            None,
            json!({"username": name, "password": password}),
        )
        .await
        .status
    }
}

/// A login over plain HTTP, straight to the server, claiming in `X-Forwarded-For` to come from
/// `claimed`.
async fn login_claiming(
    client: &reqwest::Client,
    base: &str,
    name: &str,
    password: &str,
    claimed: &str,
) -> u16 {
    client
        .post(format!("{base}/api/v1/auth/login"))
        .header("x-forwarded-for", claimed)
        .json(&json!({"username": name, "password": password}))
        .send()
        .await
        .unwrap()
        .status()
        .as_u16()
}

/// A TCP connection to `to` from the client address `from`.
async fn tcp_from(from: [u8; 4], to: SocketAddr) -> TcpStream {
    let socket = TcpSocket::new_v4().unwrap();
    socket.bind(SocketAddr::from((from, 0))).unwrap();
    socket.connect(to).await.unwrap()
}

const ANNA: [u8; 4] = [127, 0, 0, 2];
const BERT: [u8; 4] = [127, 0, 0, 3];
const GUESSER: [u8; 4] = [127, 0, 0, 4];
const NEIGHBOUR: [u8; 4] = [127, 0, 0, 5];

#[tokio::test]
async fn behind_caddy_with_https_pages_chat_cookies_and_client_addresses_work() {
    if !caddy_is_here() {
        return;
    }
    let db = TestDb::new().await;
    let port = free_port();
    let base = format!("https://localhost:{port}");
    let mut cmd = kwartier(&db);
    cmd.env("KWARTIER_NEW_ACCOUNT_DAYS", "0");
    let (mut server, upstream, _log) = serve_with(
        cmd,
        &[
            "--log",
            "info",
            "--base-url",
            &base,
            "--behind-proxy",
            "--login-per-ip-per-minute",
            "3",
        ],
    );
    let caddy = Caddy::start(port, upstream.trim_start_matches("http://"));
    let tls = trusting(&caddy.root_certificate());
    let mut anna = Browser::at(ANNA, &caddy, &tls);
    let mut bert = Browser::at(BERT, &caddy, &tls);

    // Pages over HTTPS: the login page sets its form cookie as `__Host-` and `Secure`.
    let page = anna.get("/login").await;
    assert_eq!(page.status, 200, "{}", caddy.log());
    let csrf_cookie = page
        .cookie("__Host-kwartier-csrf")
        .expect("the form cookie has the __Host- prefix");
    assert!(csrf_cookie.contains("; Secure"), "{csrf_cookie}");
    assert!(csrf_cookie.contains("Path=/"), "{csrf_cookie}");
    let csrf = csrf_of(&page.body);
    // Browsers are told to come back over https only.
    assert_eq!(page.headers["strict-transport-security"], "max-age=31536000");

    let anna_token = anna.register("anna").await;
    let bert_token = bert.register("bert").await;
    let made = bert
        .api(
            "/api/v1/groups",
            Some(&bert_token),
            json!({"slug": "de-boei", "name": "De Boei", "kind": "shelter", "visibility": "public", "join_policy": "open"}),
        )
        .await;
    assert_eq!(made.status, 201, "{}", made.body);
    let joined = anna
        .api("/api/v1/groups/de-boei/join", Some(&anna_token), json!({}))
        .await;
    assert_eq!(joined.status, 200, "{}", joined.body);

    // Anna logs in through the page form; her session cookie is `__Host-kwartier`, `Secure`,
    // and her browser sends it back over HTTPS.
    let login = anna
        .form(
            "/login",
            &[
                ("csrf", csrf.as_str()),
                ("username", "anna"),
                ("password", GOOD_PASSWORD),
            ],
        )
        .await;
    assert_eq!(login.status, 303, "login through the proxy: {}", login.body);
    let session = login
        .cookie("__Host-kwartier")
        .expect("the session cookie has the __Host- prefix");
    assert!(session.contains("; Secure"), "{session}");
    assert!(session.contains("HttpOnly"), "{session}");
    assert!(!session.contains("Domain="), "{session}");
    let account = anna.get("/account").await;
    assert_eq!(account.status, 200, "the session works through the proxy");
    assert!(account.body.contains("anna"));
    assert_eq!(anna.get("/g/de-boei").await.status, 200);

    // The chat through the proxy: Anna's socket signs in with her cookie, as her browser's
    // does (wss, same origin); Bert's with his token. Bert hears what Anna says.
    let rooms = bert
        .send(
            "GET",
            "/api/v1/groups/de-boei/rooms",
            &[("authorization", &format!("Bearer {bert_token}"))],
            None,
        )
        .await;
    assert_eq!(rooms.status, 200);
    let rooms: Value = serde_json::from_str(&rooms.body).unwrap();
    let room = rooms[0]["id"].as_i64().unwrap();
    let ws_url = format!("wss://localhost:{port}/api/v1/ws");
    let mut req = Ws::request(&ws_url, None, Some(&caddy.origin()));
    req.headers_mut().insert(
        "cookie",
        format!("__Host-kwartier={}", anna.cookies["__Host-kwartier"])
            .parse()
            .unwrap(),
    );
    let mut anna_ws = Ws::open_tls(tcp_from(ANNA, caddy.address()).await, req, tls.clone())
        .await
        .expect("Anna's socket through the proxy");
    let mut bert_ws = Ws::open_tls(
        tcp_from(BERT, caddy.address()).await,
        Ws::request(&ws_url, Some(&bert_token), Some(&caddy.origin())),
        tls.clone(),
    )
    .await
    .expect("Bert's socket through the proxy");
    anna_ws.join(room, None).await;
    bert_ws.join(room, None).await;
    let id = anna_ws.say(room, "Vanavond soep, wie eet mee?", "proxy-1").await;
    let heard = bert_ws.expect(&["message"]).await;
    assert_eq!(heard["message"]["id"].as_i64(), Some(id));
    assert_eq!(heard["message"]["body"], "Vanavond soep, wie eet mee?");

    // Login attempts count per real client: the guesser is stopped after three, forging
    // `X-Forwarded-For` does not help (Caddy sets it), and a neighbour behind the same proxy
    // still logs in.
    let mut guesser = Browser::at(GUESSER, &caddy, &tls);
    for _ in 0..3 {
        assert_eq!(guesser.login("anna", "niet het wachtwoord").await, 401);
    }
    assert_eq!(guesser.login("anna", "niet het wachtwoord").await, 429);
    let forged = guesser
        .send(
            "POST",
            "/api/v1/auth/login",
            &[("x-forwarded-for", "198.51.100.7")],
            Some((
                "application/json",
                json!({"username": "anna", "password": GOOD_PASSWORD}).to_string(),
            )),
        )
        .await;
    assert_eq!(forged.status, 429, "a forged X-Forwarded-For through Caddy");
    let mut neighbour = Browser::at(NEIGHBOUR, &caddy, &tls);
    assert_eq!(neighbour.login("bert", GOOD_PASSWORD).await, 200);

    drop(anna_ws);
    drop(bert_ws);
    assert!(terminate(&mut server).success());
}

/// Without `--behind-proxy`, `X-Forwarded-For` is only a header anyone can send: a guesser
/// who makes up a new address for every attempt is still counted by the address it speaks from.
#[tokio::test]
async fn without_behind_proxy_a_forged_forwarded_for_changes_nothing() {
    let db = TestDb::new().await;
    let (mut server, base, _log) = serve_with(
        kwartier(&db),
        &["--log", "info", "--login-per-ip-per-minute", "3"],
    );
    let res = reqwest::Client::new()
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"username": "carla", "password": GOOD_PASSWORD}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let guesser = reqwest::Client::builder()
        .local_address(IpAddr::from(GUESSER))
        .build()
        .unwrap();
    for i in 0..3 {
        assert_eq!(
            login_claiming(
                &guesser,
                &base,
                "carla",
                "niet het wachtwoord",
                &format!("198.51.100.{i}")
            )
            .await,
            401
        );
    }
    assert_eq!(
        login_claiming(&guesser, &base, "carla", GOOD_PASSWORD, "203.0.113.9").await,
        429
    );
    // Someone else, from another address, is not held up.
    let neighbour = reqwest::Client::builder()
        .local_address(IpAddr::from(NEIGHBOUR))
        .build()
        .unwrap();
    assert_eq!(
        login_claiming(&neighbour, &base, "carla", GOOD_PASSWORD, "198.51.100.0").await,
        200,
        "another address is not held up, whatever it claims"
    );
    assert!(terminate(&mut server).success());
}
