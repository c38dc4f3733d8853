//! HTTP: the router, its layers, and handlers by area.
pub mod api;
pub mod context;
pub mod extract;
pub mod pages;

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router, middleware};
use serde::Deserialize;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

use crate::app::AppState;
use crate::error::AppError;
use crate::{assets, db, routes};

const CSP: &str =
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

/// The whole site.
pub fn router(state: AppState) -> Router {
    let (api, openapi) = api::router();
    let openapi = Arc::new(openapi.to_pretty_json().unwrap_or_default());
    let pages = Router::new()
        .route(routes::HOME, get(pages::home::home))
        .route(
            routes::REGISTER,
            get(pages::auth::register_form).post(pages::auth::register),
        )
        .route(
            routes::LOGIN,
            get(pages::auth::login_form).post(pages::auth::login),
        )
        .route(routes::LOGOUT, post(pages::auth::logout))
        .route(routes::ACCOUNT, get(pages::account::show_account))
        .route(routes::ACCOUNT_PASSWORD, post(pages::account::change_password))
        .route(routes::ACCOUNT_SESSION_END, post(pages::account::end_session))
        .route(routes::LANGUAGE, post(pages::home::set_language));
    let header = |name: HeaderName, value: &'static str| {
        SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
    };
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
        .fallback(|| async { AppError::NotFound })
        .layer(middleware::from_fn_with_state(state.clone(), context::context))
        .layer(DefaultBodyLimit::max(context::BODY_LIMIT))
        .layer(header(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "same-origin"))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(HeaderName::from_static("cross-origin-opener-policy"), "same-origin"))
        .layer(header(HeaderName::from_static("permissions-policy"), "camera=(), microphone=(), geolocation=()"))
        .layer(
            // Paths only: query strings may carry tokens, and bodies carry what people wrote.
            TraceLayer::new_for_http().make_span_with(|req: &Request<Body>| {
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path())
            }),
        )
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
