//! The account page: password change, sessions, the people you do not want to see, recovery
//! codes, your data (download) and deleting the account.
use axum::extract::State;
use axum::http::StatusCode;
use axum::http::header::{self, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db;
use crate::error::{AppError, AppResult};
use crate::http::context::{Auth, Ctx, CurrentUser, cookie, session_cookie_name};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::services::accounts;
use crate::state::AppState;
use crate::views::account::{AccountView, ProfileDraft, account_page, profile_page};
use crate::views::auth::welcome_page;

/// The account page; `errors` belong to the form named by `form` (`password`, `codes` or
/// `delete`).
async fn render(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    status: StatusCode,
    form: &'static str,
    errors: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
) -> AppResult<Response> {
    render_with(state, ctx, auth, (status, form, errors), notice, None).await
}

/// [`render`], with the profile form as it was sent.
async fn render_with(
    state: &AppState,
    ctx: &Ctx,
    auth: &Auth,
    (status, form, errors): (StatusCode, &'static str, Vec<(&'static str, &'static str)>),
    notice: Option<String>,
    profile: Option<ProfileDraft>,
) -> AppResult<Response> {
    let sessions = db::sessions::list_for_user(&state.db, auth.user.id).await?;
    let muted = db::mutes::list(&state.db, auth.user.id).await?;
    let logins = db::privacy::logins(&state.db, auth.user.id, 20).await?;
    let codes_left = db::privacy::recovery_codes_left(&state.db, auth.user.id).await?;
    let groups = db::groups::public_and_mine(&state.db, Some(auth.user.id), None)
        .await?
        .into_iter()
        .filter(|(_, m)| m.is_some_and(|m| m.status == crate::domain::group::Status::Active))
        .map(|(g, _)| (g.row.id, g.row.slug, g.row.name))
        .collect();
    let view = AccountView {
        groups,
        muted: &muted,
        sessions: &sessions,
        logins: &logins,
        codes_left,
        retention_days: state.site.get(&state.db).await.login_retention_days,
        current_session: auth.session.id,
        form,
        errors,
        notice,
        profile,
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
        Some("chat" | "saved") => Some(ctx.tr.t("saved")),
        Some("unmuted") => Some(ctx.tr.t("unmuted")),
        Some("recovered") => Some(ctx.tr.t("recovered")),
        Some("reset-cancelled") => Some(ctx.tr.t("reset-cancelled")),
        _ => None,
    };
    render(&state, &ctx, &auth, StatusCode::OK, "", Vec::new(), notice).await
}

#[derive(Deserialize)]
pub struct ProfileForm {
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    bio: String,
    #[serde(default)]
    time_zone: String,
}

/// Your display name, the text on your profile and your time zone.
pub async fn profile(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<ProfileForm>,
) -> AppResult<Response> {
    let input = accounts::ProfileInput {
        display_name: Some(&form.display_name),
        bio: Some(&form.bio),
        time_zone: Some(&form.time_zone),
        ..Default::default()
    };
    match accounts::update_profile(&state, &auth.user, input)
        .await
        .refused()?
    {
        Outcome::Done(_) => Ok(Redirect::to(&format!("{}?done=saved", routes::ACCOUNT)).into_response()),
        Outcome::Again(r) => {
            let draft = ProfileDraft {
                display_name: form.display_name,
                bio: form.bio,
                time_zone: form.time_zone,
            };
            render_with(
                &state,
                &ctx,
                &auth,
                (r.status, "profile", r.fields),
                None,
                Some(draft),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct TimeZoneReport {
    #[serde(default)]
    time_zone: String,
}

/// The page's script reports the browser's time zone for someone who has not chosen one, so
/// that from the next page on the server writes times as the reader's clock shows them. A
/// zone chosen on the account page is never overwritten; an unknown name changes nothing.
pub async fn report_time_zone(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<TimeZoneReport>,
) -> AppResult<Response> {
    if auth.user.time_zone.is_none() {
        let input = accounts::ProfileInput {
            time_zone: Some(&form.time_zone),
            ..Default::default()
        };
        match accounts::update_profile(&state, &auth.user, input).await {
            Ok(_) | Err(AppError::Invalid(_)) => {}
            Err(e) => return Err(e),
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
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
    match result.refused()? {
        Outcome::Done(()) => Ok(Redirect::to(&format!("{}?done=password", routes::ACCOUNT)).into_response()),
        Outcome::Again(r) => render(&state, &ctx, &auth, r.status, "password", r.fields, None).await,
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
    routes::local_path(back).unwrap_or(fallback).to_owned()
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

/// Everything that is yours, as a JSON file to keep.
pub async fn export(State(state): State<AppState>, CurrentUser(auth): CurrentUser) -> AppResult<Response> {
    export_file(&crate::services::privacy::export(&state, &auth.user).await?)
}

/// The same export as a page to read and print, in the person's language.
pub async fn data(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Response> {
    let export = crate::services::privacy::export(&state, &auth.user).await?;
    Ok(crate::views::account::data_page(&ctx.frame(), &export).into_response())
}

/// An export as a JSON file to save, named after the account and the day.
pub fn export_file(export: &crate::services::privacy::Export) -> AppResult<Response> {
    let body = serde_json::to_vec_pretty(&export).map_err(|e| AppError::Internal(e.to_string()))?;
    let name = format!(
        "attachment; filename=\"kwartier-{}-{}.json\"",
        export.account.username,
        export.exported_at.format("%Y-%m-%d")
    );
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/json")),
            (
                header::CONTENT_DISPOSITION,
                HeaderValue::from_str(&name).unwrap_or(HeaderValue::from_static("attachment")),
            ),
        ],
        body,
    )
        .into_response())
}

#[derive(Deserialize)]
pub struct CodesForm {
    #[serde(default)]
    codes_password: String,
}

/// New recovery codes, shown once on the page that answers.
pub async fn renew_codes(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<CodesForm>,
) -> AppResult<Response> {
    let renewed =
        accounts::renew_recovery_codes(&state, &ctx.client_ip, &auth.user, &form.codes_password).await;
    match renewed.refused()? {
        Outcome::Done(codes) => Ok(welcome_page(&ctx.frame(), &codes, routes::ACCOUNT, true).into_response()),
        Outcome::Again(r) => {
            let fields = rename(r.fields, "codes_password");
            render(&state, &ctx, &auth, r.status, "codes", fields, None).await
        }
    }
}

/// The use case names the password field `password`; on this page each form has its own.
fn rename(fields: Vec<(&'static str, &'static str)>, to: &'static str) -> Vec<(&'static str, &'static str)> {
    fields
        .into_iter()
        .map(|(f, k)| (if f == "password" { to } else { f }, k))
        .collect()
}

#[derive(Deserialize)]
pub struct VouchForm {
    /// The address of the group whose stewards may vouch; empty: none.
    #[serde(default)]
    vouch_group: String,
}

/// Whether two stewards of one of your groups may together help you set a new password.
pub async fn vouch_setting(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<VouchForm>,
) -> AppResult<Response> {
    let input = accounts::ProfileInput {
        vouch_group: Some(&form.vouch_group),
        ..Default::default()
    };
    accounts::update_profile(&state, &auth.user, input).await?;
    Ok(Redirect::to(&format!("{}?done=saved", routes::ACCOUNT)).into_response())
}

/// "This was not me": stops a password reset that two stewards vouched for.
pub async fn cancel_reset(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Response> {
    crate::services::vouching::cancel(&state, &auth.user).await?;
    Ok(Redirect::to(&format!("{}?done=reset-cancelled", routes::ACCOUNT)).into_response())
}

#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    delete_password: String,
    /// `erase` or `keep`.
    #[serde(default)]
    content: String,
}

/// Deletes the account; the browser is logged out and told what happened.
pub async fn delete_account(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    let erase = match form.content.as_str() {
        "erase" => true,
        "keep" => false,
        _ => {
            let errors = vec![("content", "err-choose-one")];
            return render(
                &state,
                &ctx,
                &auth,
                StatusCode::UNPROCESSABLE_ENTITY,
                "delete",
                errors,
                None,
            )
            .await;
        }
    };
    match crate::services::privacy::delete_own(
        &state,
        &ctx.client_ip,
        &auth.user,
        &form.delete_password,
        erase,
    )
    .await
    .refused()?
    {
        Outcome::Done(()) => {
            let https = state.config.is_https();
            let mut res = Redirect::to(routes::GOODBYE).into_response();
            res.headers_mut().append(
                header::SET_COOKIE,
                cookie(session_cookie_name(https), "", 0, https),
            );
            res.headers_mut()
                .insert("clear-site-data", HeaderValue::from_static("\"cache\""));
            Ok(res)
        }
        Outcome::Again(r) => {
            let fields = rename(r.fields, "delete_password");
            render(&state, &ctx, &auth, r.status, "delete", fields, None).await
        }
    }
}

/// A person's profile: for themselves and for those who share a group with them; for anyone
/// else 404, as for a name nobody has.
pub async fn show_profile(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
) -> AppResult<Response> {
    let profile = accounts::profile(&state, &auth.user, &username).await?;
    Ok(profile_page(&ctx.frame(), &profile).into_response())
}

/// Which notifications arrive: the boxes left ticked are on, the others off. Sent as a
/// browser sends checkboxes (`on=reply&on=mention…`), so the body is read as pairs.
pub async fn notification_choices(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let on: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "on")
        .map(|(_, v)| v.as_str())
        .collect();
    let off: Vec<&str> = crate::domain::account::CHOOSABLE_NOTIFICATIONS
        .iter()
        .copied()
        .filter(|k| !on.contains(k))
        .collect();
    let input = accounts::ProfileInput {
        notifications_off: Some(off),
        ..Default::default()
    };
    accounts::update_profile(&state, &auth.user, input).await?;
    Ok(Redirect::to(&format!("{}?done=saved#choices", routes::NOTIFICATIONS)).into_response())
}
