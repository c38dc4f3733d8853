//! `/api/v1`: small steps: a person's goals, their steps, and the cheers of the group a goal
//! is shared with.
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Deserializer};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::domain::goals as rules;
use crate::error::AppResult;
use crate::http::context::CurrentUser;
use crate::http::extract::{Json, JsonOrEmpty, Path};
use crate::services::goals::{self, Change, GoalAccess, GoalJson, NewGoal, StepJson};
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// Present in the body (perhaps `null`) versus absent.
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewStep {
    /// 1–200 characters.
    pub title: String,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewGoalBody {
    /// 1–120 characters.
    pub title: String,
    /// Why it matters: up to 2,000 characters.
    #[serde(default)]
    pub why: String,
    /// Up to 30 steps.
    #[serde(default)]
    pub steps: Vec<NewStep>,
    /// A group you are an active member of; none: only you see it.
    pub shared_with: Option<String>,
    /// A check-in every 1–30 days; none or 0: no check-ins.
    pub check_in_days: Option<i64>,
}

/// Write a goal with its first steps.
#[utoipa::path(post, path = "/api/v1/me/goals", tag = "goals", security(("bearer" = [])),
    request_body = NewGoalBody,
    responses((status = 201, body = GoalJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Json(body): Json<NewGoalBody>,
) -> AppResult<(StatusCode, Json<GoalJson>)> {
    let input = NewGoal {
        title: &body.title,
        why: &body.why,
        steps: body.steps.into_iter().map(|s| s.title).collect(),
        shared_with: body.shared_with.as_deref().unwrap_or(""),
        check_in_days: rules::parse_check_in(body.check_in_days),
    };
    let made = goals::create(&state, &auth.user, input).await?;
    let access = GoalAccess::load(&state, &auth.user, made.id).await?;
    Ok((StatusCode::CREATED, Json(goals::detail(&state, &access).await?)))
}

/// Your goals, newest first.
#[utoipa::path(get, path = "/api/v1/me/goals", tag = "goals", security(("bearer" = [])),
    responses((status = 200, body = Vec<GoalJson>), (status = 401, body = ErrorBody)))]
pub async fn mine(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<Vec<GoalJson>>> {
    Ok(Json(goals::mine(&state, &auth.user).await?))
}

/// One goal: for its owner, or the active members of the group it is shared with.
#[utoipa::path(get, path = "/api/v1/goals/{id}", tag = "goals", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 200, body = GoalJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<GoalJson>> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    Ok(Json(goals::detail(&state, &access).await?))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct GoalChange {
    pub title: Option<String>,
    pub why: Option<String>,
    /// A group's address; `null`: keep it to yourself.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub shared_with: Option<Option<String>>,
    /// 1–30; `null` or 0: no check-ins.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<i64>)]
    pub check_in_days: Option<Option<i64>>,
    /// `active`, `reached` or `stopped`.
    pub status: Option<String>,
}

/// Change your goal (its owner only).
#[utoipa::path(patch, path = "/api/v1/goals/{id}", tag = "goals", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = GoalChange,
    responses((status = 200, body = GoalJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn change(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    JsonOrEmpty(body): JsonOrEmpty<GoalChange>,
) -> AppResult<Json<GoalJson>> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let input = Change {
        title: body.title.as_deref(),
        why: body.why.as_deref(),
        shared_with: body.shared_with.as_ref().map(|s| s.as_deref().unwrap_or("")),
        check_in_days: body.check_in_days.map(rules::parse_check_in),
        status: body.status.as_deref(),
    };
    goals::change(&state, &access, &auth.user, input).await?;
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    Ok(Json(goals::detail(&state, &access).await?))
}

/// Delete your goal, with its steps and cheers.
#[utoipa::path(delete, path = "/api/v1/goals/{id}", tag = "goals", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    goals::delete(&state, &access).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Add a step at the end (the owner).
#[utoipa::path(post, path = "/api/v1/goals/{id}/steps", tag = "goals", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = NewStep,
    responses((status = 201, body = StepJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_step(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<NewStep>,
) -> AppResult<(StatusCode, Json<StepJson>)> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let step = goals::add_step(&state, &access, &auth.user, &body.title).await?;
    Ok((StatusCode::CREATED, Json(goals::step_json(&step))))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct StepChange {
    pub title: Option<String>,
    pub done: Option<bool>,
}

/// Rewrite a step or tick it done (the owner).
#[utoipa::path(patch, path = "/api/v1/goals/{id}/steps/{step}", tag = "goals", security(("bearer" = [])),
    params(("id" = i32, Path), ("step" = i32, Path)), request_body = StepChange,
    responses((status = 200, body = StepJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn change_step(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, step)): Path<(i32, i32)>,
    JsonOrEmpty(body): JsonOrEmpty<StepChange>,
) -> AppResult<Json<StepJson>> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let step = goals::change_step(
        &state,
        &access,
        &auth.user,
        step,
        body.title.as_deref(),
        body.done,
    )
    .await?;
    Ok(Json(goals::step_json(&step)))
}

#[derive(Debug, Deserialize, ToSchema, Default)]
pub struct NewCheer {
    /// A short message (up to 280 characters); none: a thumbs-up.
    pub body: Option<String>,
    /// One of the goal's steps; none: the goal.
    pub step_id: Option<i32>,
}

/// Cheer a goal shared with your group, or one of its steps (not your own).
#[utoipa::path(post, path = "/api/v1/goals/{id}/cheers", tag = "goals", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = NewCheer,
    responses((status = 201), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn cheer(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    JsonOrEmpty(body): JsonOrEmpty<NewCheer>,
) -> AppResult<StatusCode> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    goals::cheer(
        &state,
        &access,
        &auth.user,
        body.body.as_deref().unwrap_or(""),
        body.step_id,
    )
    .await?;
    Ok(StatusCode::CREATED)
}

/// The goals shared with a group (its active members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/goals", tag = "goals", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<GoalJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_group(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<GoalJson>>> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    Ok(Json(goals::of_group(&state, &group).await?))
}
