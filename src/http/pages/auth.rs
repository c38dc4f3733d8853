//! Register, log in and log out in the browser.
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{HeaderValue, SET_COOKIE};
use axum::response::{IntoResponse, Redirect, Response};

use serde::Deserialize;

use crate::accounts::{self, LoggedIn, Registration};
use crate::app::AppState;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, cookie, session_cookie_name};
use crate::http::extract::{Form, Query};
use crate::routes;
use crate::views::auth::{LoginView, RegisterView, login_page, register_page};

/// Sets the session cookie for a fresh login and sends the browser on.
fn logged_in_redirect(state: &AppState, done: &LoggedIn, next: &str) -> Response {
    let https = state.config.is_https();
    let max_age = i64::from(state.config.session_idle_days) * 24 * 3600;
    let mut res = Redirect::to(routes::safe_next(Some(next))).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        cookie(session_cookie_name(https), &done.token, max_age, https),
    );
    res
}

pub async fn register_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let next = routes::safe_next(q.next.as_deref());
    if ctx.auth.is_some() {
        return Redirect::to(next).into_response();
    }
    register_page(
        &ctx.frame(),
        &RegisterView {
            next,
            ..Default::default()
        },
    )
    .into_response()
}

#[derive(Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    password_confirm: String,
    next: Option<String>,
}

pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<RegisterForm>,
) -> AppResult<Response> {
    let input = Registration {
        username: &form.username,
        display_name: Some(&form.display_name),
        password: &form.password,
        locale: ctx.tr.locale(),
    };
    let refuse = |errors: Vec<(&'static str, &'static str)>, status| {
        let view = RegisterView {
            username: &form.username,
            next: routes::safe_next(form.next.as_deref()),
            display_name: &form.display_name,
            errors,
        };
        Ok((status, register_page(&ctx.frame(), &view)).into_response())
    };
    if form.password != form.password_confirm {
        let mut errors = vec![("password_confirm", "err-password-mismatch")];
        // Report the other fields' problems in the same go.
        if let Err(AppError::Invalid(more)) = accounts::register_check(&input) {
            errors.extend(more.into_iter().map(|(f, i)| (f, i.0)));
        }
        return refuse(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match accounts::register(&state, &ctx.client_ip, input).await {
        Ok(done) => Ok(logged_in_redirect(
            &state,
            &done,
            routes::safe_next(form.next.as_deref()),
        )),
        Err(e @ (AppError::Invalid(_) | AppError::Conflict { .. })) => {
            let report = e.report();
            refuse(report.fields, report.status)
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let next = routes::safe_next(q.next.as_deref());
    if ctx.auth.is_some() {
        return Redirect::to(next).into_response();
    }
    login_page(
        &ctx.frame(),
        &LoginView {
            next,
            ..Default::default()
        },
    )
    .into_response()
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    password: String,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = routes::safe_next(form.next.as_deref());
    match accounts::login(&state, &ctx.client_ip, &form.username, &form.password).await {
        Ok(done) => {
            // A fresh session id at every login; a session the browser had is ended.
            if let Some(old) = &ctx.auth {
                accounts::end_session(&state, old.user.id, old.session.id).await?;
            }
            Ok(logged_in_redirect(&state, &done, next))
        }
        Err(AppError::InvalidCredentials) => {
            let view = LoginView {
                username: &form.username,
                next,
                error: Some(ctx.tr.t("err-invalid-credentials")),
            };
            Ok((StatusCode::UNAUTHORIZED, login_page(&ctx.frame(), &view)).into_response())
        }
        Err(e) => Err(e),
    }
}

pub async fn logout(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    if let Some(auth) = &ctx.auth {
        accounts::end_session(&state, auth.user.id, auth.session.id).await?;
        tracing::info!(user_id = auth.user.id, "logged out");
    }
    let https = state.config.is_https();
    let mut res = Redirect::to(routes::HOME).into_response();
    res.headers_mut()
        .append(SET_COOKIE, cookie(session_cookie_name(https), "", 0, https));
    res.headers_mut()
        .insert("clear-site-data", HeaderValue::from_static("\"cache\""));
    Ok(res)
}
