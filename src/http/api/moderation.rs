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
