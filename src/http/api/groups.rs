//! `/api/v1/groups`: groups, membership, invites and settings.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::db;
use crate::db::groups::Group;
use crate::domain::group::{JoinPolicy, Kind, Role, Settings, Status, Visibility};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Json, JsonOrEmpty, Path};
use crate::services::groups::{self, GroupAccess, GroupInput, MemberChange};
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct MembershipJson {
    pub role: Role,
    pub status: Status,
}

/// `group` in the contract.
#[derive(Debug, Serialize, ToSchema)]
pub struct GroupJson {
    pub id: i32,
    pub slug: String,
    pub name: String,
    pub kind: Kind,
    pub visibility: Visibility,
    pub join_policy: JoinPolicy,
    pub description: String,
    pub description_html: String,
    pub member_count: u64,
    pub created_at: DateTime<Utc>,
    pub my_membership: Option<MembershipJson>,
}

impl GroupJson {
    pub fn new(g: &Group, me: Option<db::groups::Member>, member_count: u64) -> Self {
        Self {
            id: g.row.id,
            slug: g.row.slug.clone(),
            name: g.row.name.clone(),
            kind: g.kind,
            visibility: g.visibility,
            join_policy: g.join_policy,
            description: g.row.description.clone(),
            description_html: g.row.description_html.clone(),
            member_count,
            created_at: g.row.created_at,
            my_membership: me.map(|m| MembershipJson {
                role: m.role,
                status: m.status,
            }),
        }
    }
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CreateGroupRequest {
    /// 3–48 characters of `a-z 0-9 -`. A private group's address is this, shortened when
    /// needed, then `-` and 8 random characters: use the `slug` of the answer. Nothing about a
    /// private group can be learnt by choosing its address (no `409` on a private group's name).
    pub slug: String,
    pub name: String,
    pub kind: String,
    /// Defaults per kind: a shelter is private, a peer group public.
    pub visibility: Option<String>,
    /// Defaults per kind: a shelter is by invite, a peer group by approval.
    pub join_policy: Option<String>,
    /// Markdown, at most 5,000 characters.
    pub description: Option<String>,
}

/// Create a group; you become its first steward.
#[utoipa::path(post, path = "/api/v1/groups", tag = "groups", security(("bearer" = [])), request_body = CreateGroupRequest,
    responses((status = 201, body = GroupJson), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_group(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Json(req): Json<CreateGroupRequest>,
) -> AppResult<(StatusCode, Json<GroupJson>)> {
    let input = GroupInput {
        slug: &req.slug,
        name: &req.name,
        kind: &req.kind,
        visibility: req.visibility.as_deref(),
        join_policy: req.join_policy.as_deref(),
        description: req.description.as_deref().unwrap_or_default(),
    };
    let group = groups::create(&state, &auth.user, input).await?;
    let me = db::groups::membership(&state.db, group.row.id, auth.user.id).await?;
    Ok((StatusCode::CREATED, Json(GroupJson::new(&group, me, 1))))
}

/// The groups you may see: every public group and the private ones you belong to.
#[utoipa::path(get, path = "/api/v1/groups", tag = "groups",
    responses((status = 200, body = Vec<GroupJson>)))]
pub async fn list_groups(State(state): State<AppState>, ctx: Ctx) -> AppResult<Json<Vec<GroupJson>>> {
    let rows = db::groups::list_visible(&state.db, ctx.user().map(|u| u.id)).await?;
    Ok(Json(
        rows.iter().map(|(g, me, n)| GroupJson::new(g, *me, *n)).collect(),
    ))
}

/// One group, with your membership in it.
#[utoipa::path(get, path = "/api/v1/groups/{slug}", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = GroupJson), (status = 404, description = "no such group, or a private group you are not in", body = ErrorBody)))]
pub async fn get_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<GroupJson>> {
    let access = GroupAccess::load(&state, ctx.user(), &slug).await?;
    let count = db::groups::active_count(&state.db, access.group.row.id).await?;
    Ok(Json(GroupJson::new(&access.group, access.me, count)))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct JoinRequest {
    /// The code from an invite link.
    pub invite: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JoinResponse {
    pub status: Status,
}

/// Join (open groups), ask to join (approval), or join with an invite code.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/join", tag = "groups", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = JoinRequest,
    responses((status = 200, body = JoinResponse), (status = 401, body = ErrorBody), (status = 403, description = "`invite_required`, or suspended", body = ErrorBody),
        (status = 404, description = "no such group, or `invite_invalid`", body = ErrorBody)))]
pub async fn join_group(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    JsonOrEmpty(req): JsonOrEmpty<JoinRequest>,
) -> AppResult<Json<JoinResponse>> {
    let access = GroupAccess::load_for_joining(&state, &auth.user, &slug).await?;
    let status = groups::join(&state, &access, &auth.user, req.invite.as_deref()).await?;
    Ok(Json(JoinResponse { status }))
}

/// Leave a group, or withdraw your request to join.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/leave", tag = "groups", security(("bearer" = [])), params(("slug" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "`last_steward`: hand over first", body = ErrorBody)))]
pub async fn leave_group(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<StatusCode> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    groups::leave(&state, &access).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MemberJson {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub status: Status,
}

/// The members (active members only; stewards also see requests to join).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/members", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<MemberJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_members(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<MemberJson>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::SeeMembers).await?;
    let steward = access.may(Action::ManageMembers);
    let members = db::groups::members(&state.db, access.group.row.id).await?;
    Ok(Json(
        members
            .into_iter()
            .filter(|(m, _)| steward || m.status != Status::Pending)
            .map(|(m, u)| MemberJson {
                username: u.username,
                display_name: u.display_name,
                role: m.role,
                status: m.status,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MemberChangeRequest {
    /// `approve` or `decline` a request, make an active member `steward`, or `step-down` yourself.
    pub action: String,
}

/// A steward decides on a request to join or appoints a steward; a steward steps down.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/members/{username}", tag = "groups", security(("bearer" = [])),
    params(("slug" = String, Path), ("username" = String, Path)), request_body = MemberChangeRequest,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_member(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((slug, username)): Path<(String, String)>,
    Json(req): Json<MemberChangeRequest>,
) -> AppResult<StatusCode> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let change = MemberChange::parse(&req.action)
        .ok_or_else(|| AppError::field("action", crate::domain::Invalid("err-choice")))?;
    groups::change_member(&state, &access, &auth.user, &username, change).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct InviteRequest {
    /// 1 to 720 hours; 72 when left out.
    pub expires_in_hours: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InviteJson {
    /// Shown once: only a hash is kept.
    pub code: String,
    pub url: String,
    pub expires_at: DateTime<Utc>,
}

/// Make a single-use invite link (stewards).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/invites", tag = "groups", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = InviteRequest,
    responses((status = 201, body = InviteJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_invite(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    JsonOrEmpty(req): JsonOrEmpty<InviteRequest>,
) -> AppResult<(StatusCode, Json<InviteJson>)> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let (code, row) = groups::create_invite(&state, &access, &auth.user, req.expires_in_hours).await?;
    let url = groups::invite_url(&state, &code);
    Ok((
        StatusCode::CREATED,
        Json(InviteJson {
            code,
            url,
            expires_at: row.expires_at,
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OpenInviteJson {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// Invites that can still be used (stewards).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/invites", tag = "groups", security(("bearer" = [])), params(("slug" = String, Path)),
    responses((status = 200, body = Vec<OpenInviteJson>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_invites(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<OpenInviteJson>>> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::ManageInvites).await?;
    let open = groups::open_invites(&state, &access).await?;
    Ok(Json(
        open.into_iter()
            .map(|i| OpenInviteJson {
                id: i.id,
                created_at: i.created_at,
                expires_at: i.expires_at,
            })
            .collect(),
    ))
}

/// Revoke an invite (stewards).
#[utoipa::path(delete, path = "/api/v1/groups/{slug}/invites/{id}", tag = "groups", security(("bearer" = [])),
    params(("slug" = String, Path), ("id" = i32, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn revoke_invite(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<StatusCode> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::ManageInvites).await?;
    groups::revoke_invite(&state, &access, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The group's settings (members only).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/settings", tag = "groups", params(("slug" = String, Path)),
    responses((status = 200, body = Settings), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Settings>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::SeeSettings).await?;
    Ok(Json(access.group.settings()?))
}

/// Change the settings: a steward saves them (200) until the group has made its first
/// proposal; from then on the change becomes a `change_settings` proposal the members vote on
/// (202, the proposal), which any active member may make.
#[utoipa::path(put, path = "/api/v1/groups/{slug}/settings", tag = "groups", security(("bearer" = [])), params(("slug" = String, Path)),
    request_body = Settings,
    responses((status = 200, body = Settings), (status = 202, body = crate::services::proposals::ProposalJson, description = "the group decides by vote: a proposal was opened"),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn put_settings(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(settings): Json<Settings>,
) -> AppResult<axum::response::Response> {
    use axum::response::IntoResponse;
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let tr =
        crate::i18n::Tr::new(crate::domain::account::Locale::from_tag(&auth.user.locale).unwrap_or_default());
    let title = tr.t("kind-change-settings");
    match groups::change_settings(&state, &access, &auth.user, &settings, &title).await? {
        groups::SettingsChange::Saved => Ok(Json(settings).into_response()),
        groups::SettingsChange::Proposed(p) => {
            let json = crate::services::proposals::proposal_json(&state, &p, Some(auth.user.id)).await?;
            Ok((StatusCode::ACCEPTED, Json(json)).into_response())
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct VouchJson {
    /// Half of what the member needs: give it to them in person. A second steward of this
    /// group gives the other half. Shown this once.
    pub code: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// A steward vouches for a member's password reset (only if the member allowed it). The
/// member sets a new password with two stewards' half-codes at `POST /api/v1/auth/recover`.
/// Goes in the group's log; the member is told.
#[utoipa::path(post, path = "/api/v1/groups/{slug}/members/{username}/vouch", tag = "groups", security(("bearer" = [])),
    params(("slug" = String, Path), ("username" = String, Path)),
    responses((status = 201, body = VouchJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vouch(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((slug, username)): Path<(String, String)>,
) -> AppResult<(StatusCode, Json<VouchJson>)> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let v = crate::services::privacy::vouch(&state, &access, &auth.user, &username).await?;
    Ok((
        StatusCode::CREATED,
        Json(VouchJson {
            code: v.code,
            expires_at: v.expires_at,
        }),
    ))
}
