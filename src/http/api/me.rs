//! `/api/v1/me`: your account and sessions.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ErrorBody, UserJson};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Json, Path};
use crate::services::accounts;
use crate::state::AppState;

/// The logged-in user.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = UserJson), (status = 401, body = ErrorBody)))]
pub async fn me(CurrentUser(auth): CurrentUser) -> Json<UserJson> {
    Json(UserJson::from(&auth.user))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ProfileChange {
    /// 1–64 characters.
    pub display_name: Option<String>,
    /// `nl` or `en`.
    pub locale: Option<String>,
    /// Whether others in a chat room see when you are typing.
    pub typing_signal: Option<bool>,
    /// Whether two stewards of the group you choose may together vouch for a new password;
    /// `true` needs `vouch_group` (now or before), `false` turns it off.
    pub vouch_reset: Option<bool>,
    /// The address of the one group (you are an active member of) whose stewards may vouch;
    /// empty: none.
    pub vouch_group: Option<String>,
    /// A short text for your profile, at most 500 characters; empty: none.
    pub bio: Option<String>,
    /// The IANA time zone your times are shown in, such as `Europe/Amsterdam`.
    pub time_zone: Option<String>,
    /// The kinds of notification you do not want (all others arrive): any of `reply`,
    /// `mention`, `watched`, `proposal`, `closing`, `outcome`, `case`, `rules_changed`,
    /// `join_request`, `join_surge`, `new_member_flag`. Notices about your own account and
    /// your own words always arrive.
    pub notifications_off: Option<Vec<String>>,
}

/// Change your display name, profile text, language, time zone or typing signal; fields left
/// out stay as they are.
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])), request_body = ProfileChange,
    responses((status = 200, body = UserJson), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn update_me(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Json(body): Json<ProfileChange>,
) -> AppResult<Json<UserJson>> {
    let input = accounts::ProfileInput {
        display_name: body.display_name.as_deref(),
        locale: body.locale.as_deref(),
        typing_signal: body.typing_signal,
        vouch_reset: body.vouch_reset,
        vouch_group: body.vouch_group.as_deref(),
        bio: body.bio.as_deref(),
        time_zone: body.time_zone.as_deref(),
        notifications_off: body
            .notifications_off
            .as_ref()
            .map(|v| v.iter().map(String::as_str).collect()),
    };
    let user = accounts::update_profile(&state, &auth.user, input).await?;
    Ok(Json(UserJson::from(&user)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct PasswordChange {
    pub current_password: String,
    pub new_password: String,
}

/// Change your password; your other sessions end.
#[utoipa::path(post, path = "/api/v1/me/password", tag = "accounts", security(("bearer" = [])),
    request_body = PasswordChange,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn change_password(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Json(req): Json<PasswordChange>,
) -> AppResult<StatusCode> {
    accounts::change_password(
        &state,
        &ctx.client_ip,
        &auth.user,
        auth.session.id,
        &req.current_password,
        &req.new_password,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SessionJson {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub last_seen_at: DateTime<Utc>,
    /// True for the session making this request.
    pub current: bool,
}

/// Your live sessions, most recently used first.
#[utoipa::path(get, path = "/api/v1/me/sessions", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Vec<SessionJson>), (status = 401, body = ErrorBody)))]
pub async fn list_sessions(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<Vec<SessionJson>>> {
    let sessions = db::sessions::list_for_user(&state.db, auth.user.id).await?;
    Ok(Json(
        sessions
            .into_iter()
            .map(|s| SessionJson {
                id: s.id,
                created_at: s.created_at,
                last_seen_at: s.last_seen_at,
                current: s.id == auth.session.id,
            })
            .collect(),
    ))
}

/// End one of your sessions (another device, or this one).
#[utoipa::path(delete, path = "/api/v1/me/sessions/{id}", tag = "accounts", security(("bearer" = [])),
    params(("id" = i32, Path, description = "session id")),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn end_session(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    if accounts::end_session(&state, auth.user.id, id).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// Someone you put on "niet meer zien".
#[derive(Debug, Serialize, ToSchema)]
pub struct MutedJson {
    pub username: String,
    pub display_name: String,
    pub since: chrono::DateTime<chrono::Utc>,
}

/// The people you do not want to see any more, newest first. Their posts come with
/// `muted: true`, and their replies and mentions no longer notify you. Only you see this list.
#[utoipa::path(get, path = "/api/v1/me/mutes", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Vec<MutedJson>), (status = 401, body = ErrorBody)))]
pub async fn list_mutes(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<Vec<MutedJson>>> {
    let rows = crate::db::mutes::list(&state.db, auth.user.id).await?;
    Ok(Json(
        rows.into_iter()
            .map(|(m, u)| MutedJson {
                username: u.username,
                display_name: u.display_name,
                since: m.created_at,
            })
            .collect(),
    ))
}

/// Stop seeing someone (for yourself only; they are not told).
#[utoipa::path(put, path = "/api/v1/me/mutes/{username}", tag = "accounts", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_mute(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    accounts::mute(&state, &auth.user, &username, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// See someone again.
#[utoipa::path(delete, path = "/api/v1/me/mutes/{username}", tag = "accounts", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove_mute(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    accounts::mute(&state, &auth.user, &username, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Everything the server keeps that is yours, as one JSON document: profile, memberships,
/// your posts with their earlier versions, your chat messages, proposals, ballots still
/// stored, flags you made, sessions and recent logins. Nothing of anyone else's.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = crate::services::privacy::Export), (status = 401, body = ErrorBody)))]
pub async fn export(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<crate::services::privacy::Export>> {
    Ok(Json(crate::services::privacy::export(&state, &auth.user).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DeleteAccount {
    pub password: String,
    /// True: your posts and messages are erased. False: they stay, under "former member",
    /// without your name.
    pub erase_content: bool,
}

/// Delete your account. Your sessions end at once; your name and the addresses you logged in
/// from are gone from the server.
#[utoipa::path(delete, path = "/api/v1/me", tag = "accounts", security(("bearer" = [])),
    request_body = DeleteAccount,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn delete_me(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Json(req): Json<DeleteAccount>,
) -> AppResult<StatusCode> {
    crate::services::privacy::delete_own(
        &state,
        &ctx.client_ip,
        &auth.user,
        &req.password,
        req.erase_content,
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RenewCodes {
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RecoveryCodes {
    /// Shown this once; the earlier codes no longer work.
    pub recovery_codes: Vec<String>,
}

/// A new set of recovery codes; the earlier set stops working.
#[utoipa::path(post, path = "/api/v1/me/recovery-codes", tag = "accounts", security(("bearer" = [])),
    request_body = RenewCodes,
    responses((status = 200, body = RecoveryCodes), (status = 401, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn renew_codes(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Json(req): Json<RenewCodes>,
) -> AppResult<Json<RecoveryCodes>> {
    let recovery_codes =
        accounts::renew_recovery_codes(&state, &ctx.client_ip, &auth.user, &req.password).await?;
    Ok(Json(RecoveryCodes { recovery_codes }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LoginJson {
    pub at: DateTime<Utc>,
    /// `password`, `recovery_code`, `vouched_reset` or `refused`.
    pub kind: String,
    pub ip: Option<String>,
}

/// Logins to your account (and refused attempts) of the last retention period, newest first:
/// spot one that was not you.
#[utoipa::path(get, path = "/api/v1/me/logins", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = Vec<LoginJson>), (status = 401, body = ErrorBody)))]
pub async fn logins(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<Vec<LoginJson>>> {
    let rows = db::privacy::logins(&state.db, auth.user.id, 100).await?;
    Ok(Json(
        rows.into_iter()
            .map(|l| LoginJson {
                at: l.at,
                kind: l.kind,
                ip: l.ip,
            })
            .collect(),
    ))
}

/// A password reset that two stewards vouched for, waiting to take effect.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingReset {
    pub requested_at: chrono::DateTime<chrono::Utc>,
    pub takes_effect_at: chrono::DateTime<chrono::Utc>,
}

/// The password reset waiting for your account, if any (404 when none).
#[utoipa::path(get, path = "/api/v1/me/pending-reset", tag = "accounts", security(("bearer" = [])),
    responses((status = 200, body = PendingReset), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn pending_reset(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<PendingReset>> {
    let p = crate::services::vouching::waiting(&state.db, auth.user.id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(PendingReset {
        requested_at: p.requested_at,
        takes_effect_at: p.takes_effect_at,
    }))
}

/// "This was not me": stops the waiting password reset; the two stewards are told and the
/// group's log says so (404 when nothing waits).
#[utoipa::path(delete, path = "/api/v1/me/pending-reset", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn cancel_pending_reset(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<StatusCode> {
    if crate::services::vouching::cancel(&state, &auth.user).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::NotFound)
    }
}

/// What others see of a person.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProfileJson {
    pub username: String,
    pub display_name: String,
    /// The text the person wrote for their profile (empty: none).
    pub bio: String,
    /// The groups you share with them: `{slug, name}`.
    pub shared_groups: Vec<SharedGroup>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SharedGroup {
    pub slug: String,
    pub name: String,
}

/// A person's profile: yours, or of someone you share a group with; 404 for anyone else,
/// exactly as for a name nobody has.
#[utoipa::path(get, path = "/api/v1/users/{username}", tag = "accounts", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 200, body = ProfileJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn profile(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
) -> AppResult<Json<ProfileJson>> {
    let p = accounts::profile(&state, &auth.user, &username).await?;
    Ok(Json(ProfileJson {
        username: p.user.username,
        display_name: p.user.display_name,
        bio: p.user.bio,
        shared_groups: p
            .shared
            .into_iter()
            .map(|g| SharedGroup {
                slug: g.slug,
                name: g.name,
            })
            .collect(),
    }))
}
