//! Register, log in and log out in the browser.
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{HeaderValue, SET_COOKIE};
use axum::response::{IntoResponse, Redirect, Response};

use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, browser_session_cookie, cookie, session_cookie_name};
use crate::http::extract::{Form, Query};
use crate::http::pages::{FormResult, Outcome};
use crate::routes;
use crate::services::accounts::{self, LoggedIn, Registered, Registration};
use crate::state::AppState;
use crate::views::auth::{
    LoginView, RecoverView, RegisterView, applied_page, goodbye_page, login_page, recover_page,
    register_page, welcome_page,
};

/// Sets the session cookie for a fresh login and sends the browser on. On a shared computer
/// the cookie has no lifetime: it goes when the browser closes.
fn logged_in_redirect(state: &AppState, done: &LoggedIn, next: &str) -> Response {
    let https = state.config.is_https();
    let name = session_cookie_name(https);
    let value = if done.session.shared {
        browser_session_cookie(name, &done.token, https)
    } else {
        let max_age = i64::from(state.config.session_idle_days) * 24 * 3600;
        cookie(name, &done.token, max_age, https)
    };
    let mut res = Redirect::to(routes::safe_next(Some(next))).into_response();
    res.headers_mut().append(SET_COOKIE, value);
    res
}

#[derive(Deserialize)]
pub struct RegisterQuery {
    next: Option<String>,
    invite: Option<String>,
}

pub async fn register_form(ctx: Ctx, Query(q): Query<RegisterQuery>) -> Response {
    let next = routes::safe_next(q.next.as_deref());
    if ctx.auth.is_some() {
        return Redirect::to(next).into_response();
    }
    let invite: String = q.invite.unwrap_or_default().chars().take(128).collect();
    register_page(
        &ctx.frame(),
        &RegisterView {
            next,
            invite: &invite,
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
    #[serde(default)]
    invite: String,
    #[serde(default)]
    answer: String,
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
        invite: Some(&form.invite),
        answer: Some(&form.answer),
    };
    let refuse = |errors: Vec<(&'static str, &'static str)>, status| {
        let view = RegisterView {
            username: &form.username,
            next: routes::safe_next(form.next.as_deref()),
            display_name: &form.display_name,
            invite: &form.invite,
            answer: &form.answer,
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
    // The page says itself when registration is closed.
    let shown = |e: &AppError| {
        matches!(
            e,
            AppError::Invalid(_) | AppError::Conflict { .. } | AppError::RegistrationClosed
        )
    };
    match accounts::register(&state, &ctx.client_ip, input)
        .await
        .again_when(shown)?
    {
        Outcome::Done(Registered::In(done, joined)) => {
            // The recovery codes wait on the new session, sealed with its token, until the
            // welcome page shows them.
            let sealed = crate::services::privacy::seal_codes(&done.token, &done.recovery_codes);
            crate::db::sessions::set_pending_codes(&state.db, done.session.id, &sealed).await?;
            let group_page = joined.map(|slug| routes::group(&slug));
            let next = match (&group_page, form.next.as_deref()) {
                // Came with a group's invite code: on to that group.
                (Some(g), None | Some("/")) => g.as_str(),
                (_, next) => routes::safe_next(next),
            };
            let next = routes::welcome_then(next);
            Ok(logged_in_redirect(&state, &done, &next))
        }
        // Shown in this answer, not after a redirect: the codes are nowhere else.
        Outcome::Done(Registered::Pending(_, codes)) => {
            Ok((StatusCode::ACCEPTED, applied_page(&ctx.frame(), &codes)).into_response())
        }
        Outcome::Again(r) => refuse(r.fields, r.status),
    }
}

#[derive(Deserialize)]
pub struct NextQuery {
    next: Option<String>,
}

pub async fn login_form(State(state): State<AppState>, ctx: Ctx, Query(q): Query<NextQuery>) -> Response {
    let next = routes::safe_next(q.next.as_deref());
    if ctx.auth.is_some() {
        return Redirect::to(next).into_response();
    }
    login_page(
        &ctx.frame(),
        &LoginView {
            next,
            shared_minutes: state.config.shared_idle_minutes.max(1),
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
    /// A checkbox: present when this is a shared computer.
    shared: Option<String>,
    next: Option<String>,
}

pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let next = routes::safe_next(form.next.as_deref());
    let shared = form.shared.is_some();
    let shown = |e: &AppError| {
        matches!(
            e,
            AppError::InvalidCredentials | AppError::AccountPending | AppError::Suspended(_)
        )
    };
    let done = accounts::login(&state, &ctx.client_ip, &form.username, &form.password, shared).await;
    match done.again_when(shown)? {
        Outcome::Done(done) => {
            // A fresh session id at every login; a session the browser had is ended.
            if let Some(old) = &ctx.auth {
                accounts::end_session(&state, old.user.id, old.session.id).await?;
            }
            Ok(logged_in_redirect(&state, &done, next))
        }
        Outcome::Again(r) => {
            let mut error = ctx.tr.t(r.key);
            if let Some(reason) = &r.detail {
                error = format!("{error} {} {reason}", ctx.tr.t("error-reason"));
            }
            let view = LoginView {
                username: &form.username,
                next,
                shared,
                error: Some(error),
                shared_minutes: state.config.shared_idle_minutes.max(1),
            };
            Ok((r.status, login_page(&ctx.frame(), &view)).into_response())
        }
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

/// Right after registering: the recovery codes, shown this once. Without codes waiting (a
/// reload, a second visit) it goes straight on.
pub async fn welcome(
    State(state): State<AppState>,
    ctx: Ctx,
    jar: axum_extra::extract::CookieJar,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let next = routes::safe_next(q.next.as_deref());
    let Some(auth) = &ctx.auth else {
        return Ok(Redirect::to(&routes::login_then(routes::WELCOME)).into_response());
    };
    let token = jar
        .get(session_cookie_name(state.config.is_https()))
        .map(|c| c.value().to_owned())
        .unwrap_or_default();
    let codes = crate::db::sessions::take_pending_codes(&state.db, auth.session.id)
        .await?
        .and_then(|sealed| crate::services::privacy::open_codes(&token, &sealed));
    match codes {
        Some(codes) => Ok(welcome_page(&ctx.frame(), &codes, next, false).into_response()),
        None => Ok(Redirect::to(next).into_response()),
    }
}

pub async fn recover_form(ctx: Ctx) -> Response {
    if ctx.auth.is_some() {
        return Redirect::to(routes::ACCOUNT).into_response();
    }
    recover_page(&ctx.frame(), &RecoverView::default()).into_response()
}

#[derive(Deserialize)]
pub struct RecoverForm {
    #[serde(default)]
    username: String,
    #[serde(default)]
    code: String,
    /// The two stewards' half-codes, for a reset they vouched for.
    #[serde(default)]
    code_a: String,
    #[serde(default)]
    code_b: String,
    #[serde(default)]
    new_password: String,
}

/// A new password with a recovery code: every other session ends, this browser is logged in.
pub async fn recover(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<RecoverForm>,
) -> AppResult<Response> {
    let proof = if form.code_a.trim().is_empty() && form.code_b.trim().is_empty() {
        accounts::Proof::Code(&form.code)
    } else {
        accounts::Proof::Vouched(&form.code_a, &form.code_b)
    };
    let recovered =
        accounts::recover(&state, &ctx.client_ip, &form.username, proof, &form.new_password).await;
    let shown = |e: &AppError| matches!(e, AppError::Invalid(_) | AppError::InvalidCredentials);
    match recovered.again_when(shown)? {
        Outcome::Done(accounts::Recovered::In(done)) => Ok(logged_in_redirect(
            &state,
            &done,
            &format!("{}?done=recovered", routes::ACCOUNT),
        )),
        Outcome::Done(accounts::Recovered::Waiting(at)) => Ok((
            StatusCode::ACCEPTED,
            crate::views::auth::reset_waiting_page(&ctx.frame(), at),
        )
            .into_response()),
        Outcome::Again(r) => {
            // A wrong name or code gets one answer for both: which one is never said.
            let view = RecoverView {
                username: &form.username,
                error: (r.status == StatusCode::UNAUTHORIZED).then_some("err-recover"),
                fields: r.fields,
            };
            Ok((r.status, recover_page(&ctx.frame(), &view)).into_response())
        }
    }
}

/// After deleting an account: what happened, in plain words.
pub async fn goodbye(ctx: Ctx) -> Response {
    goodbye_page(&ctx.frame()).into_response()
}
