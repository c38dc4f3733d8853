//! `/api/v1`: house meetings: scheduling, opening and closing, attendance, live votes on the
//! agenda's proposals, the minutes.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::error::AppResult;
use crate::http::context::CurrentUser;
use crate::http::extract::{Json, JsonOrEmpty, Path};
use crate::services::groups::GroupAccess;
use crate::services::meetings::{self, AgendaInput, MeetingAccess, Schedule};
use crate::state::AppState;
use crate::wire::{AgendaItemJson, AuthorJson, MeetingJson};

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewItem {
    /// 1–200 characters; may be left out for a proposal (its title is used).
    #[serde(default)]
    pub title: String,
    /// An open proposal of the group.
    pub proposal_id: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewMeeting {
    pub title: String,
    pub starts_at: DateTime<Utc>,
    /// One of the group's chat rooms; none: its first.
    pub room_id: Option<i32>,
    #[serde(default)]
    pub agenda: Vec<NewItem>,
}

/// Schedule a house meeting (active members).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/meetings", tag = "meetings", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = NewMeeting,
    responses((status = 201, body = MeetingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(body): Json<NewMeeting>,
) -> AppResult<(StatusCode, Json<MeetingJson>)> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let input = Schedule {
        title: &body.title,
        starts_at: Ok(body.starts_at),
        room_id: body.room_id,
        agenda: body
            .agenda
            .into_iter()
            .map(|i| AgendaInput {
                title: i.title,
                proposal_id: i.proposal_id,
            })
            .collect(),
    };
    let made = meetings::schedule(&state, &group, &auth.user, input).await?;
    let access = MeetingAccess::load(&state, &auth.user, made.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(meetings::detail(&state, &access).await?),
    ))
}

/// A group's meetings: coming and running first, then the last closed ones.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/meetings", tag = "meetings", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<MeetingJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<MeetingJson>>> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    Ok(Json(meetings::of_group(&state, &group).await?))
}

/// One meeting.
#[utoipa::path(get, path = "/api/v1/meetings/{id}", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 200, body = MeetingJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<MeetingJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    Ok(Json(meetings::detail(&state, &access).await?))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct OpenBody {
    /// Who writes the minutes besides the chair (a member's username).
    pub minute_taker: Option<String>,
}

/// Open the meeting (the chair: who scheduled it, or a steward).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/open", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = OpenBody,
    responses((status = 200, body = MeetingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn open(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    JsonOrEmpty(body): JsonOrEmpty<OpenBody>,
) -> AppResult<Json<MeetingJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    meetings::open(&state, &access, &auth.user, body.minute_taker.as_deref()).await?;
    Ok(Json(meetings::detail(&state, &access).await?))
}

/// Close the meeting (the chair): the minutes go into the log and a forum thread.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/close", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 200, body = MeetingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<MeetingJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    meetings::close(&state, &access, &auth.user).await?;
    Ok(Json(meetings::detail(&state, &access).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Attendance {
    pub present: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Present {
    pub present: Vec<AuthorJson>,
}

/// Mark yourself present (or not) while the meeting runs.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/attendance", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = Attendance,
    responses((status = 200, body = Present), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn attend(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<Attendance>,
) -> AppResult<Json<Present>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    let present = meetings::attend(&state, &access, &auth.user, body.present).await?;
    Ok(Json(Present { present }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ItemVote {
    /// `yes`, `no` or `abstain`.
    pub choice: String,
}

/// Vote on the open item's proposal (those present).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/items/{n}/vote", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path), ("n" = i32, Path)), request_body = ItemVote,
    responses((status = 200, body = AgendaItemJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, n)): Path<(i32, i32)>,
    Json(body): Json<ItemVote>,
) -> AppResult<Json<AgendaItemJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    Ok(Json(
        meetings::vote(&state, &access, &auth.user, n, &body.choice).await?,
    ))
}

/// Take an agenda item (the chair).
#[utoipa::path(post, path = "/api/v1/meetings/{id}/items/{n}/open", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path), ("n" = i32, Path)),
    responses((status = 200, body = AgendaItemJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn open_item(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, n)): Path<(i32, i32)>,
) -> AppResult<Json<AgendaItemJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    Ok(Json(meetings::open_item(&state, &access, &auth.user, n).await?))
}

/// Close an agenda item (the chair): a proposal is decided now where the meeting may decide.
#[utoipa::path(post, path = "/api/v1/meetings/{id}/items/{n}/close", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path), ("n" = i32, Path)),
    responses((status = 200, body = AgendaItemJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn close_item(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, n)): Path<(i32, i32)>,
) -> AppResult<Json<AgendaItemJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    Ok(Json(meetings::close_item(&state, &access, &auth.user, n).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Minutes {
    /// Up to 20,000 characters.
    pub text: String,
}

/// Write the minutes (the minute-taker, or the chair) while the meeting runs.
#[utoipa::path(put, path = "/api/v1/meetings/{id}/minutes", tag = "meetings", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = Minutes,
    responses((status = 200, body = MeetingJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn minutes(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<Minutes>,
) -> AppResult<Json<MeetingJson>> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    meetings::write_minutes(&state, &access, &auth.user, &body.text).await?;
    Ok(Json(meetings::detail(&state, &access).await?))
}
