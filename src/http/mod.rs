//! HTTP: the router, its layers, and handlers by area.
pub mod api;
pub mod context;
pub mod extract;
pub mod pages;
pub mod socket;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::handler::Handler;
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Method, Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde::Deserialize;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::error::AppError;
use crate::state::AppState;
use crate::{assets, db, routes};

const CSP: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// Routes registered and remembered together, so that tests can list every route there is.
struct Table {
    router: Router<AppState>,
    routes: Vec<(Method, &'static str)>,
}

impl Table {
    fn get<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, handler: H) -> Self {
        self.routes.push((Method::GET, path));
        self.router = self.router.route(path, get(handler));
        self
    }

    fn post<H: Handler<T, AppState>, T: 'static>(mut self, path: &'static str, handler: H) -> Self {
        self.routes.push((Method::POST, path));
        self.router = self.router.route(path, post(handler));
        self
    }
}

/// The server-rendered pages.
fn pages() -> (Router<AppState>, Vec<(Method, &'static str)>) {
    use pages::{
        account, admin, auth, chat, decisions, feeds, forum, goals, groups, home, meetings, moderation,
        requests, search, statements,
    };
    let t = Table {
        router: Router::new(),
        routes: Vec::new(),
    }
    .get(routes::HOME, home::home)
    .get(routes::HELP, home::help)
    .get(routes::ABOUT, home::about)
    .get(routes::REGISTER, auth::register_form)
    .post(routes::REGISTER, auth::register)
    .get(routes::LOGIN, auth::login_form)
    .post(routes::LOGIN, auth::login)
    .post(routes::LOGOUT, auth::logout)
    .get(routes::ACCOUNT, account::show_account)
    .post(routes::ACCOUNT_PASSWORD, account::change_password)
    .post(routes::ACCOUNT_CHAT, account::chat_settings)
    .post(routes::ACCOUNT_PROFILE, account::profile)
    .post(routes::ACCOUNT_TIME_ZONE, account::report_time_zone)
    .get(routes::USER, account::show_profile)
    .post(routes::ACCOUNT_SESSION_END, account::end_session)
    .get(routes::ACCOUNT_EXPORT, account::export)
    .get(routes::ACCOUNT_DATA, account::data)
    .post(routes::ACCOUNT_CODES, account::renew_codes)
    .post(routes::ACCOUNT_VOUCH, account::vouch_setting)
    .post(routes::ACCOUNT_RESET_CANCEL, account::cancel_reset)
    .post(routes::ACCOUNT_DELETE, account::delete_account)
    .get(routes::WELCOME, auth::welcome)
    .get(routes::RECOVER, auth::recover_form)
    .post(routes::RECOVER, auth::recover)
    .get(routes::GOODBYE, auth::goodbye)
    .get(routes::ADMIN, admin::show)
    .post(routes::ADMIN_EXPORT, admin::export)
    .post(routes::ADMIN_REMOVE, admin::remove)
    .get(routes::ADMIN_SETTINGS, admin::settings_form)
    .post(routes::ADMIN_SETTINGS, admin::save_settings)
    .get(routes::ADMIN_ACCOUNTS, admin::accounts)
    .post(routes::ADMIN_ACCOUNT_ACT, admin::account_act)
    .get(routes::ADMIN_GROUPS, admin::groups)
    .post(routes::ADMIN_GROUP_ACT, admin::group_act)
    .get(routes::ADMIN_INVITES, admin::invites)
    .post(routes::ADMIN_INVITES, admin::create_invite)
    .post(routes::ADMIN_INVITE_REVOKE, admin::revoke_invite)
    .post(routes::LANGUAGE, home::set_language)
    .get(routes::GROUPS, groups::directory)
    .post(routes::GROUPS, groups::create_group)
    .get(routes::GROUP_NEW, groups::new_group_form)
    .get(routes::GROUP, groups::show_group)
    .post(routes::GROUP_JOIN, groups::join_group)
    .post(routes::GROUP_LEAVE, groups::leave_group)
    .get(routes::GROUP_MEMBERS, groups::show_members)
    .post(routes::GROUP_MEMBER_CHANGE, groups::change_member)
    .post(routes::GROUP_VOUCH, groups::vouch)
    .get(routes::GROUP_INVITES, groups::show_invites)
    .post(routes::GROUP_INVITES, groups::create_invite)
    .post(routes::GROUP_INVITE_REVOKE, groups::revoke_invite)
    .get(routes::GROUP_SETTINGS, groups::show_settings)
    .post(routes::GROUP_SETTINGS, groups::save_settings)
    .get(routes::INVITE, groups::show_invite)
    .post(routes::INVITE, groups::accept_invite)
    .get(routes::GROUP_FORUM, forum::show_forum)
    .post(routes::GROUP_FORUM, forum::create_thread)
    .get(routes::THREAD, forum::show_thread)
    .post(routes::THREAD, forum::reply)
    .post(routes::THREAD_FLAGS, forum::set_flags)
    .get(routes::POST_EDIT, forum::edit_form)
    .post(routes::POST_EDIT, forum::edit)
    .post(routes::POST_DELETE, forum::delete)
    .get(routes::POST_REVISIONS, forum::revisions)
    .post(routes::THREAD_WATCH, forum::watch)
    .get(routes::NOTIFICATIONS, forum::notifications)
    .post(routes::NOTIFICATION_CHOICES, account::notification_choices)
    .get(routes::GROUP_REQUESTS, requests::list)
    .post(routes::GROUP_REQUESTS, requests::ask)
    .get(routes::REQUEST, requests::show)
    .post(routes::REQUEST_OFFERS, requests::offer)
    .post(routes::REQUEST_CLOSE, requests::close)
    .post(routes::OFFER_ACT, requests::answer)
    .get(routes::ACCOUNT_NETWORK, requests::network)
    .get(routes::ACCOUNT_CONVERSATIONS, requests::conversations)
    .post(routes::ACCOUNT_NETWORK, requests::add_to_network)
    .post(routes::ACCOUNT_NETWORK_REMOVE, requests::remove_from_network)
    .get(routes::POST, forum::show_post)
    .get(routes::SEARCH, search::search)
    .get(routes::GROUP_FEED, feeds::group)
    .get(routes::THREAD_FEED, feeds::thread)
    .get(routes::STATEMENTS, statements::list)
    .get(routes::STATEMENT, statements::show)
    .get(routes::STATEMENTS_FEED, feeds::statements)
    .get(routes::GROUP_CHAT, chat::rooms)
    .post(routes::GROUP_CHAT, chat::create_room)
    .get(routes::ROOM, chat::room)
    .post(routes::ROOM, chat::say)
    .get(routes::ROOM_END, chat::end_form)
    .post(routes::ROOM_END, chat::end)
    .post(routes::ACCOUNT_BLOCK, requests::block)
    .post(routes::GROUP_REQUEST_NOTICES, requests::hear)
    .get(routes::GOALS, goals::list)
    .post(routes::GOALS, goals::create)
    .get(routes::GOAL, goals::show)
    .post(routes::GOAL_EDIT, goals::edit)
    .post(routes::GOAL_STATUS, goals::status)
    .post(routes::GOAL_STEPS, goals::add_step)
    .post(routes::GOAL_STEP, goals::step)
    .post(routes::GOAL_CHEERS, goals::cheer)
    .post(routes::GOAL_DELETE, goals::delete)
    .get(routes::GROUP_GOALS, goals::of_group)
    .get(routes::GROUP_MEETINGS, meetings::list)
    .post(routes::GROUP_MEETINGS, meetings::schedule)
    .post(routes::MEETING_ACT, meetings::act)
    .post(routes::MEETING_ITEM_ACT, meetings::item)
    .get(routes::MESSAGE_EDIT, chat::edit_form)
    .post(routes::MESSAGE_EDIT, chat::edit)
    .post(routes::MESSAGE_DELETE, chat::delete)
    .get(routes::POST_FLAG, moderation::show_form)
    .post(routes::POST_FLAG, moderation::send_form)
    .get(routes::MESSAGE_FLAG, moderation::show_form)
    .post(routes::MESSAGE_FLAG, moderation::send_form)
    .get(routes::POST_URGENT, moderation::show_form)
    .post(routes::POST_URGENT, moderation::send_form)
    .get(routes::MESSAGE_URGENT, moderation::show_form)
    .post(routes::MESSAGE_URGENT, moderation::send_form)
    .post(routes::USER_MUTE, account::mute)
    .post(routes::USER_UNMUTE, account::unmute)
    .get(routes::GROUP_CASES, moderation::cases)
    .get(routes::CASE, moderation::case)
    .post(routes::CASE_VOTE, moderation::vote_case)
    .post(routes::CASE_APPEAL, moderation::appeal_case)
    .post(routes::CASE_RESPOND, moderation::respond_case)
    .get(routes::GROUP_RULES, decisions::rules)
    .get(routes::GROUP_LOG, decisions::log)
    .get(routes::GROUP_RULE, decisions::rule_history)
    .post(routes::GROUP_RULES_ACCEPT, decisions::accept_rules)
    .get(routes::GROUP_PROPOSALS, decisions::proposals)
    .post(routes::GROUP_PROPOSALS, decisions::create_proposal)
    .get(routes::GROUP_PROPOSAL_NEW, decisions::new_proposal)
    .get(routes::PROPOSAL, decisions::proposal)
    .post(routes::PROPOSAL_VOTE, decisions::vote);
    (t.router, t.routes)
}

/// Every route the server answers, as (method, path template): pages, the API (from its
/// OpenAPI document) and the fixed ones. The authorization test walks this list.
pub fn route_list() -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = pages()
        .1
        .into_iter()
        .map(|(m, p)| (m.to_string(), p.to_owned()))
        .collect();
    let (_, doc) = api::router();
    for (path, item) in &doc.paths.paths {
        let methods = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("PATCH", item.patch.is_some()),
            ("DELETE", item.delete.is_some()),
        ];
        for (m, present) in methods {
            if present {
                out.push((m.to_owned(), path.clone()));
            }
        }
    }
    for fixed in [routes::OPENAPI, routes::HEALTHZ, routes::ASSETS] {
        out.push(("GET".to_owned(), fixed.to_owned()));
    }
    out
}

/// The whole site.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router();
    let openapi = Arc::new(openapi.to_pretty_json().unwrap_or_default());
    let (pages, _) = pages();
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
    // Served over https (behind Caddy or nginx): browsers are to use https only from then on,
    // for a year, so that a café's network cannot strip it. Only this host: other sites
    // under the same domain are not Kwartier's to decide.
    let hsts = state
        .config
        .is_https()
        .then(|| HeaderValue::from_static("max-age=31536000"));
    Router::new()
        .merge(pages)
        .merge(api)
        .route(
            routes::OPENAPI,
            get(move || {
                let doc = openapi.clone();
                async move { ([(header::CONTENT_TYPE, "application/json")], (*doc).clone()) }
            }),
        )
        .route(routes::HEALTHZ, get(healthz))
        .route(routes::ASSETS, get(asset))
        .route_layer(middleware::from_fn(crate::metrics::tag_route))
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), context::context))
        .layer(DefaultBodyLimit::max(context::BODY_LIMIT))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::STRICT_TRANSPORT_SECURITY,
            move |_: &Response| hsts.clone(),
        ))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(header(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"))
        .layer(
            // The route template only (`/g/{slug}/members/{username}`), filled in by
            // `metrics::tag_route` once the router has matched: a raw path holds a private
            // group's address or a username, which must not outlive deletion and retention in
            // the server's logs; query strings may carry tokens, bodies what people wrote.
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                tracing::info_span!("request", method = %req.method(), route = tracing::field::Empty)
            }),
        )
        .layer(middleware::from_fn_with_state(state.clone(), crate::metrics::track))
        .with_state(state)
}

/// Liveness and readiness: 200 when the database answers, 503 when it does not.
async fn healthz(State(state): State<AppState>) -> Response {
    match db::ping(&state.db).await {
        Ok(()) => Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(serde_json::json!({ "status": "database unavailable" })),
            )
                .into_response()
        }
    }
}

#[derive(Deserialize)]
struct AssetQuery {
    v: Option<String>,
}

/// Embedded static files; a URL carrying the current content hash is cacheable for a year.
async fn asset(
    axum::extract::Path(path): axum::extract::Path<String>,
    Query(q): Query<AssetQuery>,
) -> Response {
    let Some(file) = assets::Files::get(&path) else {
        return AppError::NotFound.into_response();
    };
    let fresh = q.v.is_some() && q.v.as_deref() == assets::version(&path);
    let cache = if fresh {
        "public, max-age=31536000, immutable"
    } else {
        "public, max-age=300"
    };
    (
        [
            (header::CONTENT_TYPE, file.metadata.mimetype().to_owned()),
            (header::CACHE_CONTROL, cache.to_owned()),
        ],
        file.data,
    )
        .into_response()
}
