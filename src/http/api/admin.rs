//! `/api/v1/admin`: what the instance admin may do with an account, on its owner's request.
//! Every act goes in the admin's log.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::db;
use crate::domain::instance::InstanceSettings;
use crate::error::AppResult;
use crate::http::context::AdminUser;
use crate::http::extract::{Json, JsonOrEmpty, Path, Query};
use crate::services::admin;
use crate::services::instance;
use crate::services::privacy::{self, Export};
use crate::state::AppState;
use entity::user;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, ToSchema)]
pub struct ExportAccount {
    /// Why: the owner asked, say. Required, at most 500 characters; goes in the admin's log.
    pub reason: String,
}

/// Export an account's data (for example to hand to someone who can no longer log in), with
/// a reason. Only what anyone could read: the account itself and its words in public groups;
/// never a private group, chat or a ballot. Logged; the owner sees it in their own export.
#[utoipa::path(post, path = "/api/v1/admin/accounts/{username}/export", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)), request_body = ExportAccount,
    responses((status = 200, body = Export), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn export_account(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
    Json(body): Json<ExportAccount>,
) -> AppResult<Json<Export>> {
    Ok(Json(
        privacy::admin_export(&state, &admin.user, &username, &body.reason).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RemoveAccount {
    /// As when the owner deletes it: erase their posts and messages, or keep them without a name.
    pub erase_content: bool,
    /// Why (1–500 characters), for the log.
    pub reason: String,
}

/// Remove an account. Its sessions end at once; its name leaves the database. Logged by
/// account number.
#[utoipa::path(delete, path = "/api/v1/admin/accounts/{username}", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)), request_body = RemoveAccount,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove_account(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
    Json(body): Json<RemoveAccount>,
) -> AppResult<StatusCode> {
    privacy::admin_remove(&state, &admin.user, &username, body.erase_content, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminLogJson {
    pub at: DateTime<Utc>,
    /// `account_exported`, `account_removed`, `account_removed_erased`, `account_suspended`,
    /// `account_unsuspended`, `application_approved`, `application_rejected`, `group_closed`,
    /// `group_reopened` or `settings_changed`.
    pub action: String,
    /// The account by number: a removed account leaves no name.
    pub account_id: Option<i32>,
    /// The group by number.
    pub group_id: Option<i32>,
    /// Why; for `settings_changed`, the fields that changed.
    pub reason: Option<String>,
}

/// The admin's log, newest first.
#[utoipa::path(get, path = "/api/v1/admin/log", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminLogJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn log(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> AppResult<Json<Vec<AdminLogJson>>> {
    let rows = db::privacy::admin_log_entries(&state.db, 200).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AdminLogJson {
                at: r.at,
                action: r.action,
                account_id: r.account_id,
                group_id: r.group_id,
                reason: r.reason,
            })
            .collect(),
    ))
}

/// The instance's settings, as the admin set them.
#[utoipa::path(get, path = "/api/v1/admin/settings", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = InstanceSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn get_settings(State(state): State<AppState>, AdminUser(_): AdminUser) -> Json<InstanceSettings> {
    Json((*state.site.get(&state.db).await).clone())
}

/// Change the instance's settings. Fields left out keep their value; an unknown field is
/// refused. Every field is checked (problems come together, per field); the fields that
/// changed go in the admin's log.
#[utoipa::path(put, path = "/api/v1/admin/settings", tag = "admin", security(("bearer" = [])),
    request_body = InstanceSettings,
    responses((status = 200, body = InstanceSettings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Json(body): Json<serde_json::Value>,
) -> AppResult<Json<InstanceSettings>> {
    let current = (*state.site.get(&state.db).await).clone();
    let new = instance::merged(current, body)?;
    Ok(Json(instance::save(&state, &admin.user, new).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListQuery {
    /// Part of a name to look for (at most 64 characters).
    #[serde(default)]
    pub q: String,
    /// Which page of 50, from 0.
    #[serde(default)]
    pub page: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AccountJson {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
    pub is_admin: bool,
    /// `active`, `pending` (an application waiting) or `suspended`.
    pub status: String,
    /// Why it was suspended.
    pub suspended_reason: Option<String>,
    /// How much it did: numbers only, never what it wrote.
    pub posts: i64,
    pub chat_messages: i64,
    pub groups: i64,
}

fn status_of(u: &user::Model) -> &'static str {
    if u.pending_answer.is_some() {
        "pending"
    } else if u.suspended_at.is_some() {
        "suspended"
    } else {
        "active"
    }
}

/// Accounts whose username or display name holds `q`, with activity counts.
#[utoipa::path(get, path = "/api/v1/admin/accounts", tag = "admin", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = Vec<AccountJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_accounts(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<AccountJson>>> {
    let rows = admin::accounts(&state, &q.q, q.page).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AccountJson {
                status: status_of(&r.user).into(),
                id: r.user.id,
                username: r.user.username,
                display_name: r.user.display_name,
                created_at: r.user.created_at,
                is_admin: r.user.is_admin,
                suspended_reason: r.user.suspended_reason,
                posts: r.counts.posts,
                chat_messages: r.counts.messages,
                groups: r.counts.groups,
            })
            .collect(),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationJson {
    pub username: String,
    pub display_name: String,
    pub created_at: DateTime<Utc>,
    /// The answer to the instance's question.
    pub answer: String,
}

/// Applications waiting for an admin, oldest first.
#[utoipa::path(get, path = "/api/v1/admin/applications", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<ApplicationJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_applications(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> AppResult<Json<Vec<ApplicationJson>>> {
    Ok(Json(
        admin::applications(&state)
            .await?
            .into_iter()
            .map(|u| ApplicationJson {
                username: u.username,
                display_name: u.display_name,
                created_at: u.created_at,
                answer: u.pending_answer.unwrap_or_default(),
            })
            .collect(),
    ))
}

/// Let an applicant in. Logged.
#[utoipa::path(post, path = "/api/v1/admin/applications/{username}", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn approve(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    admin::approve(&state, &admin.user, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Turn an application down: the waiting account is removed. Logged.
#[utoipa::path(delete, path = "/api/v1/admin/applications/{username}", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reject(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    admin::reject(&state, &admin.user, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ReasonBody {
    /// Why (1–500 characters). For a suspension, shown to the person when they log in; for a
    /// closed group, to its members.
    pub reason: String,
}

/// Suspend an account across the instance: its sessions end at once and it cannot log in.
/// Logged; reversible.
#[utoipa::path(post, path = "/api/v1/admin/accounts/{username}/suspension", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)), request_body = ReasonBody,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn suspend(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
    Json(body): Json<ReasonBody>,
) -> AppResult<StatusCode> {
    admin::suspend(&state, &admin.user, &username, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Lift a suspension. Logged.
#[utoipa::path(delete, path = "/api/v1/admin/accounts/{username}/suspension", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn unsuspend(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    admin::unsuspend(&state, &admin.user, &username).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminGroupJson {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub visibility: String,
    pub created_at: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_reason: Option<String>,
    /// Numbers only: the admin sees no content of a group they are not in.
    pub members: i64,
    pub threads: i64,
    pub posts: i64,
    pub chat_messages: i64,
}

/// Groups whose slug or name holds `q`, with activity counts (private ones too, by name only).
#[utoipa::path(get, path = "/api/v1/admin/groups", tag = "admin", security(("bearer" = [])), params(ListQuery),
    responses((status = 200, body = Vec<AdminGroupJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_groups(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<AdminGroupJson>>> {
    let rows = admin::groups(&state, &q.q, q.page).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AdminGroupJson {
                id: r.group.row.id,
                slug: r.group.row.slug,
                name: r.group.row.name,
                kind: r.group.row.kind,
                visibility: r.group.row.visibility,
                created_at: r.group.row.created_at,
                closed_at: r.group.row.closed_at,
                closed_reason: r.group.row.closed_reason,
                members: r.counts.members,
                threads: r.counts.threads,
                posts: r.counts.posts,
                chat_messages: r.counts.messages,
            })
            .collect(),
    ))
}

/// Close a group that breaks the instance's rules: members may still read it and leave;
/// nobody may add anything; others no longer see it. Members are notified. Logged.
#[utoipa::path(post, path = "/api/v1/admin/groups/{slug}/closure", tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = ReasonBody,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close_group(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(slug): Path<String>,
    Json(body): Json<ReasonBody>,
) -> AppResult<StatusCode> {
    admin::close_group(&state, &admin.user, &slug, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Open a closed group again. Members are notified. Logged.
#[utoipa::path(delete, path = "/api/v1/admin/groups/{slug}/closure", tag = "admin", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn reopen_group(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(slug): Path<String>,
) -> AppResult<StatusCode> {
    admin::reopen_group(&state, &admin.user, &slug).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct NewInstanceInvite {
    /// 1–720; default 168 (a week).
    pub expires_in_hours: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstanceInviteJson {
    /// Shown once: only a hash is stored.
    pub code: String,
    /// The registration form with the code filled in.
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpenInviteJson {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Make a code that lets one person make an account (also while registration is by invitation).
#[utoipa::path(post, path = "/api/v1/admin/invites", tag = "admin", security(("bearer" = [])),
    request_body = NewInstanceInvite,
    responses((status = 201, body = InstanceInviteJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_invite(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    JsonOrEmpty(body): JsonOrEmpty<NewInstanceInvite>,
) -> AppResult<(StatusCode, Json<InstanceInviteJson>)> {
    let (code, expires_at) = admin::create_invite(&state, &admin.user, body.expires_in_hours).await?;
    let url = admin::invite_url(&state, &code);
    Ok((
        StatusCode::CREATED,
        Json(InstanceInviteJson {
            code,
            url,
            expires_at,
        }),
    ))
}

/// Instance invite codes not used, revoked or expired yet.
#[utoipa::path(get, path = "/api/v1/admin/invites", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<OpenInviteJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn list_invites(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> AppResult<Json<Vec<OpenInviteJson>>> {
    Ok(Json(
        admin::open_invites(&state)
            .await?
            .into_iter()
            .map(|i| OpenInviteJson {
                id: i.id,
                created_at: i.created_at,
                expires_at: i.expires_at,
            })
            .collect(),
    ))
}

/// Revoke an instance invite code.
#[utoipa::path(delete, path = "/api/v1/admin/invites/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_invite(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    admin::revoke_invite(&state, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
