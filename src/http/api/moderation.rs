//! `/api/v1`: flagging posts and chat messages.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::app::AppState;
use crate::domain::moderation::Target;
use crate::error::AppResult;
use crate::http::context::CurrentUser;
use crate::http::extract::{Json, Path};
use crate::moderation;

#[derive(Debug, Deserialize, ToSchema)]
pub struct FlagRequest {
    /// The house rule this goes against.
    pub rule_id: Option<i32>,
    /// In your own words (needed when no rule is cited), at most 500 characters.
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlagJson {
    pub id: i32,
    pub created_at: DateTime<Utc>,
}

async fn flag(
    state: AppState,
    user: &entity::user::Model,
    target: Target,
    body: FlagRequest,
) -> AppResult<(StatusCode, Json<FlagJson>)> {
    let f = moderation::flag(&state, user, target, body.rule_id, body.reason.as_deref()).await?;
    Ok((
        StatusCode::CREATED,
        Json(FlagJson {
            id: f.id,
            created_at: f.created_at,
        }),
    ))
}

/// Flag a post (members; not your own; once per post).
#[utoipa::path(post, path = "/api/v1/posts/{id}/flags", tag = "moderation", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = FlagRequest,
    responses((status = 201, body = FlagJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn flag_post(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<FlagRequest>,
) -> AppResult<(StatusCode, Json<FlagJson>)> {
    flag(state, &auth.user, Target::Post(id), body).await
}

/// Flag a chat message (members; not your own; once per message).
#[utoipa::path(post, path = "/api/v1/messages/{id}/flags", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = FlagRequest,
    responses((status = 201, body = FlagJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn flag_message(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<FlagRequest>,
) -> AppResult<(StatusCode, Json<FlagJson>)> {
    flag(state, &auth.user, Target::Message(id), body).await
}

/// A moderation case: an item hidden by members' flags.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseJson {
    pub id: i32,
    /// `post` or `message`.
    pub target_kind: String,
    pub target_id: i64,
    /// `open`, `restored` or `removed`.
    pub status: String,
    pub urgent: bool,
    pub opened_at: DateTime<Utc>,
    /// The members decide before this.
    pub review_until: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The house rules the flags cited.
    pub rule_ids: Vec<i32>,
    /// How many members flagged it.
    pub flags: u64,
}

/// A group's moderation cases, newest first (members only).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/cases", tag = "moderation", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<CaseJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    ctx: crate::http::context::Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<CaseJson>>> {
    let access = crate::groups::GroupAccess::load_for(
        &state,
        ctx.user(),
        &slug,
        crate::domain::policy::Action::SeeMembers,
    )
    .await?;
    let mut out = Vec::new();
    for c in crate::db::flags::cases(&state.db, access.group.row.id).await? {
        let target = match c.target_kind.as_str() {
            "post" => Target::Post(c.target_id as i32),
            _ => Target::Message(c.target_id),
        };
        out.push(CaseJson {
            id: c.id,
            target_kind: c.target_kind,
            target_id: c.target_id,
            status: c.status,
            urgent: c.urgent,
            opened_at: c.opened_at,
            review_until: c.review_until,
            closed_at: c.closed_at,
            rule_ids: crate::db::flags::cited_rules(&state.db, target).await?,
            flags: crate::db::flags::count_for(&state.db, target).await?,
        });
    }
    Ok(Json(out))
}
