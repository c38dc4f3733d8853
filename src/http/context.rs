//! The request context: who is asking (session cookie or bearer token), in which language,
//! the CSRF guard for every state-changing request, and turning errors into pages or JSON.
use std::net::SocketAddr;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, FromRequestParts, Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::request::Parts;
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::cookie::CookieJar;
use chrono::Utc;
use entity::{session, user};
use subtle::ConstantTimeEq;

use crate::db;
use crate::domain::account::Locale;
use crate::domain::instance::InstanceSettings;
use crate::error::{AppError, ErrorReport};
use crate::i18n::Tr;
use crate::state::AppState;
use crate::views::{self, Frame};

/// The most a request body may hold before it is refused with 413.
pub const BODY_LIMIT: usize = 256 * 1024;

/// How the caller proved who they are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    Cookie,
    Bearer,
}

/// A logged-in caller.
#[derive(Debug, Clone)]
pub struct Auth {
    pub user: user::Model,
    pub session: session::Model,
    pub via: Via,
}

/// What every handler knows about the request, put in place by [`context`].
#[derive(Debug, Clone)]
pub struct Ctx {
    pub tr: Tr,
    pub auth: Option<Arc<Auth>>,
    /// The token that forms must echo back.
    pub csrf: String,
    pub client_ip: String,
    pub path: String,
    /// Unread notifications, counted for logged-in page views only.
    pub unread: u64,
    /// When a password reset that two stewards vouched for takes effect, while it waits: every
    /// page says so, with "this was not me".
    pub pending_reset: Option<chrono::DateTime<chrono::Utc>>,
    /// The instance's settings as they were when the request came in.
    pub site: Arc<InstanceSettings>,
}

impl Ctx {
    /// The parts of the context that the page layout shows.
    pub fn frame(&self) -> Frame<'_> {
        Frame {
            tr: self.tr,
            user: self.auth.as_ref().map(|a| &a.user),
            csrf: &self.csrf,
            path: &self.path,
            unread: self.unread,
            pending_reset: self.pending_reset,
            feed: None,
            site: &self.site,
        }
    }

    pub fn user(&self) -> Option<&user::Model> {
        self.auth.as_ref().map(|a| &a.user)
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Ctx {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        parts
            .extensions
            .get::<Ctx>()
            .cloned()
            .ok_or_else(|| AppError::Internal("request context missing".into()))
    }
}

/// A handler argument that only a logged-in caller gets past (401 otherwise, which pages
/// turn into a redirect to the login page).
pub struct CurrentUser(pub Arc<Auth>);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        ctx.auth.map(CurrentUser).ok_or(AppError::Unauthorized)
    }
}

/// A handler argument only the instance admin gets past: 401 for nobody, 403 for others.
/// Put it before the body extractor, so that others hear "forbidden", not "bad input".
pub struct AdminUser(pub Arc<Auth>);

impl<S: Send + Sync> FromRequestParts<S> for AdminUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        let CurrentUser(auth) = CurrentUser::from_request_parts(parts, state).await?;
        if auth.user.is_admin {
            Ok(AdminUser(auth))
        } else {
            Err(AppError::Forbidden)
        }
    }
}

pub fn session_cookie_name(https: bool) -> &'static str {
    if https { "__Host-kwartier" } else { "kwartier" }
}

fn csrf_cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-kwartier-csrf"
    } else {
        "kwartier-csrf"
    }
}

pub const LANG_COOKIE: &str = "kwartier-lang";

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path `/`, Secure over https.
pub fn cookie(name: &str, value: &str, max_age_secs: i64, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!(
        "{name}={value}; Path=/; Max-Age={max_age_secs}; HttpOnly; SameSite=Lax{secure}"
    ))
    .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

/// A session cookie for a shared computer: no `Max-Age`, so it ends when the browser closes.
pub fn browser_session_cookie(name: &str, value: &str, https: bool) -> HeaderValue {
    let secure = if https { "; Secure" } else { "" };
    HeaderValue::from_str(&format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax{secure}"))
        .unwrap_or_else(|_| HeaderValue::from_static("invalid=; Max-Age=0"))
}

fn is_api(path: &str) -> bool {
    path.starts_with("/api/")
}

fn client_ip(req: &Request, behind_proxy: bool) -> String {
    if behind_proxy
        && let Some(ip) = req
            .headers()
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .map(str::trim)
            .filter(|s| !s.is_empty())
    {
        return ip.to_owned();
    }
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

fn locale_of(user: Option<&user::Model>, jar: &CookieJar, headers: &HeaderMap, default: Locale) -> Locale {
    user.and_then(|u| Locale::from_tag(&u.locale))
        .or_else(|| jar.get(LANG_COOKIE).and_then(|c| Locale::from_tag(c.value())))
        .or_else(|| {
            headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Locale::from_accept_language)
        })
        .unwrap_or(default)
}

/// The origin this site answers as: the configured base URL, or else the `Host` the browser
/// used (so that `localhost:3000` and `127.0.0.1:3000` both work out of the box).
fn origin_matches(state: &AppState, headers: &HeaderMap, origin: &str) -> bool {
    if let Some(base) = &state.config.base_url {
        return base.origin().ascii_serialization() == origin;
    }
    headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .is_some_and(|host| origin == format!("http://{host}") || origin == format!("https://{host}"))
}

/// Refuses a state-changing request that comes from another site: a foreign `Origin`, or a
/// browser saying `Sec-Fetch-Site: cross-site`. `strict` also refuses a missing `Origin`.
pub(crate) fn origin_ok(state: &AppState, headers: &HeaderMap, strict: bool) -> bool {
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        Some(origin) => origin_matches(state, headers, origin),
        None => {
            let site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
            match site {
                Some("same-origin") | Some("none") => true,
                Some(_) => false,
                None => !strict,
            }
        }
    }
}

/// Checks the `csrf` field of a form body against the expected token.
fn form_token_ok(body: &[u8], expected: &str) -> bool {
    let Ok(fields) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(body) else {
        return false;
    };
    fields
        .iter()
        .find(|(k, _)| k == "csrf")
        .is_some_and(|(_, v)| !v.is_empty() && bool::from(v.as_bytes().ct_eq(expected.as_bytes())))
}

/// The middleware around every route.
pub async fn context(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    // Static files are the same for everyone: no session lookup, no notification count.
    if path.starts_with("/assets/") && req.method() == Method::GET {
        let res = next.run(req).await;
        return finish(None, res, false, Tr::default());
    }
    let api = is_api(&path);
    let https = state.config.is_https();
    let jar = CookieJar::from_headers(req.headers());
    let ip = client_ip(&req, state.config.behind_proxy);

    let site = state.site.get(&state.db).await;
    let presented = bearer(req.headers())
        .map(|t| (t.to_owned(), Via::Bearer))
        .or_else(|| {
            jar.get(session_cookie_name(https))
                .map(|c| (c.value().to_owned(), Via::Cookie))
        });
    let auth = match presented {
        Some((token, via)) => match db::sessions::find_by_token(&state.db, &token).await {
            Ok(found) => found.map(|(session, user)| Arc::new(Auth { user, session, via })),
            Err(e) => {
                // Still answer in the reader's language, from what the request itself says.
                let tr = Tr::new(locale_of(None, &jar, req.headers(), site.locale()));
                return finish(None, AppError::from(e).into_response(), api, tr);
            }
        },
        None => None,
    };
    if let Some(a) = &auth
        && Utc::now() - a.session.last_seen_at > chrono::Duration::seconds(60)
        && let Err(e) =
            db::sessions::touch(&state.db, a.session.id, state.session_idle(a.session.shared)).await
    {
        tracing::warn!(error = %e, "could not mark session as seen");
    }

    let tr = Tr::new(locale_of(
        auth.as_ref().map(|a| &a.user),
        &jar,
        req.headers(),
        site.locale(),
    ))
    .in_zone(crate::domain::account::TimeZone::of(
        auth.as_ref().and_then(|a| a.user.time_zone.as_deref()),
    ));
    let anon_csrf = jar.get(csrf_cookie_name(https)).map(|c| c.value().to_owned());
    let new_csrf = (auth.is_none() && anon_csrf.as_deref().is_none_or(|v| v.len() < 32 || v.len() > 64))
        .then(db::sessions::random_token);
    let csrf = match (&auth, &new_csrf, anon_csrf) {
        (Some(a), _, _) => a.session.csrf_token.clone(),
        (None, Some(fresh), _) => fresh.clone(),
        (None, None, Some(existing)) => existing,
        (None, None, None) => String::new(),
    };
    let unread = match &auth {
        Some(a) if !api && req.method() == Method::GET => {
            db::notifications::unread_count(&state.db, a.user.id)
                .await
                .unwrap_or_default()
        }
        _ => 0,
    };
    let pending_reset = match &auth {
        // Only someone who chose a group for help from stewards can have a reset waiting
        // (one that no longer has a choice never takes effect): no query for everyone else.
        Some(a) if !api && req.method() == Method::GET && a.user.vouch_reset => {
            crate::services::vouching::waiting(&state.db, a.user.id)
                .await
                .ok()
                .flatten()
                .map(|p| p.takes_effect_at)
        }
        _ => None,
    };
    let ctx = Ctx {
        tr,
        auth,
        csrf,
        client_ip: ip,
        path: path.clone(),
        unread,
        pending_reset,
        site,
    };

    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    let mut req = req;
    if unsafe_method {
        let cookie_auth = ctx.auth.as_ref().is_some_and(|a| a.via == Via::Cookie);
        // API calls with a bearer token carry no ambient authority; cookie-authenticated
        // ones must come from this very site.
        let strict = api && cookie_auth;
        let needs_origin = !api || cookie_auth;
        if needs_origin && !origin_ok(&state, req.headers(), strict) {
            return finish(Some(&ctx), AppError::Csrf.into_response(), api, tr);
        }
        if !api {
            let (parts, body) = req.into_parts();
            let bytes: Bytes = match axum::body::to_bytes(body, BODY_LIMIT).await {
                Ok(b) => b,
                Err(_) => return finish(Some(&ctx), AppError::TooLarge.into_response(), api, tr),
            };
            if !form_token_ok(&bytes, &ctx.csrf) {
                return finish(Some(&ctx), AppError::Csrf.into_response(), api, tr);
            }
            req = Request::from_parts(parts, Body::from(bytes));
        }
    }

    req.extensions_mut().insert(ctx.clone());
    let mut res = next.run(req).await;
    if let Some(token) = &new_csrf {
        res.headers_mut().append(
            header::SET_COOKIE,
            cookie(csrf_cookie_name(https), token, 60 * 60 * 24 * 365, https),
        );
    }
    finish(Some(&ctx), res, api, tr)
}

/// Renders an error report as JSON or as a page, and sets caching rules.
fn finish(ctx: Option<&Ctx>, mut res: Response, api: bool, tr: Tr) -> Response {
    let report = res.extensions_mut().remove::<ErrorReport>().or_else(|| {
        // Errors the framework makes itself (unknown route, wrong method) get our shape too.
        let status = res.status();
        let bare = res.headers().get(header::CONTENT_TYPE).is_none();
        (bare && (status.is_client_error() || status.is_server_error())).then(|| ErrorReport {
            status,
            code: match status {
                StatusCode::NOT_FOUND => "not_found",
                StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
                StatusCode::PAYLOAD_TOO_LARGE => "payload_too_large",
                s if s.is_server_error() => "internal",
                _ => "bad_request",
            },
            key: match status {
                StatusCode::NOT_FOUND | StatusCode::METHOD_NOT_ALLOWED => "err-not-found",
                StatusCode::PAYLOAD_TOO_LARGE => "err-too-large",
                s if s.is_server_error() => "err-internal",
                _ => "err-bad-request",
            },
            fields: Vec::new(),
            retry_after: None,
            detail: None,
        })
    });
    // What inner layers noted on the response (the route, for the metrics) stays on it.
    let noted = report.is_some().then(|| std::mem::take(res.extensions_mut()));
    let mut res = match report {
        None => res,
        Some(report) if api => error_json(&report, tr),
        Some(report) if report.status == StatusCode::UNAUTHORIZED => {
            let next = ctx.map(|c| c.path.as_str()).unwrap_or("/");
            Redirect::to(&crate::routes::login_then(next)).into_response()
        }
        Some(report) => {
            let fallback;
            let frame = match ctx {
                Some(c) => c.frame(),
                None => {
                    fallback = Ctx {
                        tr,
                        auth: None,
                        csrf: String::new(),
                        client_ip: String::new(),
                        path: "/".into(),
                        unread: 0,
                        pending_reset: None,
                        site: Arc::new(InstanceSettings::default()),
                    };
                    fallback.frame()
                }
            };
            let mut page = (report.status, views::error::error_page(&frame, &report)).into_response();
            if let Some(secs) = report.retry_after {
                page.headers_mut()
                    .insert(header::RETRY_AFTER, HeaderValue::from(secs));
            }
            page
        }
    };
    if let Some(noted) = noted {
        res.extensions_mut().extend(noted);
    }
    let headers = res.headers_mut();
    if !headers.contains_key(header::CACHE_CONTROL) {
        let logged_in = ctx.is_some_and(|c| c.auth.is_some());
        let value = if api || logged_in {
            "no-store"
        } else {
            "private, no-cache"
        };
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    }
    if !headers.contains_key(header::VARY) {
        headers.insert(header::VARY, HeaderValue::from_static("Cookie, Accept-Language"));
    }
    res
}

fn error_json(report: &ErrorReport, tr: Tr) -> Response {
    let mut error = serde_json::json!({ "code": report.code, "message": tr.t(report.key) });
    if !report.fields.is_empty() {
        let fields: serde_json::Map<String, serde_json::Value> = report
            .fields
            .iter()
            .map(|(f, k)| ((*f).to_owned(), serde_json::Value::String(tr.t(k))))
            .collect();
        error["fields"] = fields.into();
    }
    if let Some(detail) = &report.detail {
        error["reason"] = detail.clone().into();
    }
    let mut res = (report.status, axum::Json(serde_json::json!({ "error": error }))).into_response();
    if let Some(secs) = report.retry_after {
        res.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    }
    res
}
