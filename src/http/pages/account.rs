//! The account page: password change, sessions, and the people you do not want to see.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::accounts;
use crate::app::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::http::context::{Auth, Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::routes;
use crate::views::account::{AccountView, account_page};

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    password_errors: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
) -> AppResult<Response> {
    let sessions = db::sessions::list_for_user(&state.db, auth.user.id).await?;
    let muted = db::mutes::list(&state.db, auth.user.id).await?;
    let view = AccountView {
        muted: &muted,
        sessions: &sessions,
        current_session: auth.session.id,
        password_errors,
        notice,
    };
    Ok((status, account_page(&ctx.frame(), &view)).into_response())
}

pub async fn show_account(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("password") => Some(ctx.tr.t("password-changed")),
        Some("session") => Some(ctx.tr.t("session-ended")),
        Some("chat") => Some(ctx.tr.t("saved")),
        Some("unmuted") => Some(ctx.tr.t("unmuted")),
        _ => None,
    };
    render(&state, &ctx, &auth, StatusCode::OK, Vec::new(), notice).await
}

#[derive(Deserialize)]
pub struct ChatSettingsForm {
    /// A checkbox: present when ticked.
    typing_signal: Option<String>,
}

/// Whether others see when you type in a chat room.
pub async fn chat_settings(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<ChatSettingsForm>,
) -> AppResult<Response> {
    let input = accounts::ProfileInput {
        typing_signal: Some(form.typing_signal.is_some()),
        ..Default::default()
    };
    accounts::update_profile(&state, &auth.user, input).await?;
    Ok(Redirect::to(&format!("{}?done=chat", routes::ACCOUNT)).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let result = accounts::change_password(
        &state,
        &ctx.client_ip,
        &auth.user,
        auth.session.id,
        &form.current_password,
        &form.new_password,
    )
    .await;
    match result {
        Ok(()) => Ok(Redirect::to(&format!("{}?done=password", routes::ACCOUNT)).into_response()),
        Err(e @ AppError::Invalid(_)) => {
            let report = e.report();
            render(&state, &ctx, &auth, report.status, report.fields, None).await
        }
        Err(e) => Err(e),
    }
}

pub async fn end_session(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    if !accounts::end_session(&state, auth.user.id, id).await? {
        return Err(AppError::NotFound);
    }
    Ok(Redirect::to(&format!("{}?done=session", routes::ACCOUNT)).into_response())
}

#[derive(Deserialize)]
pub struct MuteForm {
    /// Where to go back to: a path on this site.
    #[serde(default)]
    back: String,
}

/// Only a path on this site: never somewhere else.
fn local(back: &str, fallback: &str) -> String {
    if back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
        back.to_owned()
    } else {
        fallback.to_owned()
    }
}

/// "Niet meer zien": fold someone's posts and messages away, for yourself only.
pub async fn mute(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
    Form(form): Form<MuteForm>,
) -> AppResult<Response> {
    accounts::mute(&state, &auth.user, &username, true).await?;
    Ok(Redirect::to(&local(&form.back, routes::ACCOUNT)).into_response())
}

/// See someone again.
pub async fn unmute(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
    Form(form): Form<MuteForm>,
) -> AppResult<Response> {
    accounts::mute(&state, &auth.user, &username, false).await?;
    let fallback = format!("{}?done=unmuted#muted-h", routes::ACCOUNT);
    Ok(Redirect::to(&local(&form.back, &fallback)).into_response())
}
