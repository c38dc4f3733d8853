//! Small steps as pages: your goals and the form for a new one, one goal (ticking steps off,
//! adding and rewriting them, where it stands, sharing and check-ins; cheering for the group),
//! and the goals shared with a group. All without JavaScript.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::domain::goals as rules;
use crate::error::AppResult;
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::services::goals::{self, Change, GoalAccess, NewGoal};
use crate::services::groups::GroupAccess;
use crate::state::AppState;
use crate::views::goals::{GoalDraft, GoalView, GoalsView, goal_page, goals_page, group_goals_page};

#[derive(Deserialize, Default)]
pub struct GoalForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    why: String,
    #[serde(default)]
    steps: String,
    #[serde(default)]
    shared_with: String,
    #[serde(default)]
    check_in_days: String,
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    user: &entity::user::Model,
    draft: &GoalDraft,
    status: StatusCode,
    errors: &[(&'static str, &'static str)],
    notice: Option<String>,
) -> AppResult<Response> {
    let list = goals::mine(state, user).await?;
    let groups = goals::share_choices(state, user).await?;
    let view = GoalsView {
        goals: &list,
        groups: &groups,
        draft,
        errors,
        notice,
    };
    Ok((status, goals_page(&ctx.frame(), &view)).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let notice = (q.done.as_deref() == Some("deleted")).then(|| ctx.tr.t("goal-done-deleted"));
    render_list(
        &state,
        &ctx,
        &auth.user,
        &GoalDraft::default(),
        StatusCode::OK,
        &[],
        notice,
    )
    .await
}

pub async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<GoalForm>,
) -> AppResult<Response> {
    let input = NewGoal {
        title: &form.title,
        why: &form.why,
        steps: form
            .steps
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        shared_with: &form.shared_with,
        check_in_days: rules::parse_check_in_field(&form.check_in_days),
    };
    match goals::create(&state, &auth.user, input)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(g) => Ok(Redirect::to(&format!("{}?done=created", routes::goal(g.id))).into_response()),
        Outcome::Again(r) => {
            let draft = GoalDraft {
                title: form.title,
                why: form.why,
                steps: form.steps,
                shared_with: form.shared_with,
                check_in_days: form.check_in_days,
            };
            render_list(&state, &ctx, &auth.user, &draft, r.status, &r.fields, None).await
        }
    }
}

async fn render_one(
    state: &AppState,
    ctx: &Ctx,
    user: &entity::user::Model,
    id: i32,
    status: StatusCode,
    errors: &[(&'static str, &'static str)],
    notice: Option<String>,
) -> AppResult<Response> {
    let access = GoalAccess::load(state, user, id).await?;
    let goal = goals::detail(state, &access).await?;
    let groups = if access.mine {
        goals::share_choices(state, user).await?
    } else {
        Vec::new()
    };
    let view = GoalView {
        goal: &goal,
        mine: access.mine,
        group: access.group.as_ref().map(|g| &g.group),
        groups: &groups,
        errors,
        notice,
    };
    Ok((status, goal_page(&ctx.frame(), &view)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let key = match q.done.as_deref() {
        Some("created") => Some("goal-done-created"),
        Some("saved") => Some("saved"),
        Some("step") => Some("goal-done-step"),
        Some("ticked") => Some("goal-done-ticked"),
        Some("cheered") => Some("goal-done-cheered"),
        Some("reached") => Some("goal-done-reached"),
        Some("stopped") => Some("goal-done-stopped"),
        Some("active") => Some("goal-done-active"),
        _ => None,
    };
    let notice = key.map(|k| ctx.tr.t(k));
    render_one(&state, &ctx, &auth.user, id, StatusCode::OK, &[], notice).await
}

/// The form's answer: back to the goal with a notice, or the goal again with what to fix.
async fn answer<T>(
    state: &AppState,
    ctx: &Ctx,
    user: &entity::user::Model,
    id: i32,
    result: AppResult<T>,
    done: &str,
    rename: Option<(&'static str, &'static str)>,
) -> AppResult<Response> {
    match result.refused_or_conflict()? {
        Outcome::Done(_) => Ok(Redirect::to(&format!("{}?done={done}", routes::goal(id))).into_response()),
        Outcome::Again(r) => {
            let fields: Vec<(&'static str, &'static str)> = r
                .fields
                .iter()
                .map(|&(f, k)| match rename {
                    Some((from, to)) if f == from => (to, k),
                    _ => (f, k),
                })
                .collect();
            let fields = if fields.is_empty() {
                vec![("", r.key)]
            } else {
                fields
            };
            render_one(state, ctx, user, id, r.status, &fields, None).await
        }
    }
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<GoalForm>,
) -> AppResult<Response> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let input = Change {
        title: Some(&form.title),
        why: Some(&form.why),
        shared_with: Some(&form.shared_with),
        check_in_days: Some(rules::parse_check_in_field(&form.check_in_days)),
        status: None,
    };
    let result = goals::change(&state, &access, &auth.user, input).await;
    answer(&state, &ctx, &auth.user, id, result, "saved", None).await
}

#[derive(Deserialize)]
pub struct StatusForm {
    #[serde(default)]
    status: String,
}

pub async fn status(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let input = Change {
        status: Some(&form.status),
        ..Change::default()
    };
    let done = match form.status.as_str() {
        "reached" => "reached",
        "stopped" => "stopped",
        _ => "active",
    };
    let result = goals::change(&state, &access, &auth.user, input).await;
    answer(&state, &ctx, &auth.user, id, result, done, None).await
}

#[derive(Deserialize)]
pub struct StepForm {
    title: Option<String>,
    done: Option<String>,
}

pub async fn add_step(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let title = form.title.unwrap_or_default();
    let result = goals::add_step(&state, &access, &auth.user, &title).await;
    answer(
        &state,
        &ctx,
        &auth.user,
        id,
        result,
        "step",
        Some(("title", "step")),
    )
    .await
}

pub async fn step(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path((id, step)): Path<(i32, i32)>,
    Form(form): Form<StepForm>,
) -> AppResult<Response> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let done = form.done.as_deref().map(|d| d == "1");
    let result = goals::change_step(&state, &access, &auth.user, step, form.title.as_deref(), done).await;
    let notice = if done == Some(true) { "ticked" } else { "saved" };
    answer(
        &state,
        &ctx,
        &auth.user,
        id,
        result,
        notice,
        Some(("title", "step")),
    )
    .await
}

#[derive(Deserialize)]
pub struct CheerForm {
    #[serde(default)]
    body: String,
    step_id: Option<i32>,
}

pub async fn cheer(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<CheerForm>,
) -> AppResult<Response> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    let result = goals::cheer(&state, &access, &auth.user, &form.body, form.step_id).await;
    answer(&state, &ctx, &auth.user, id, result, "cheered", None).await
}

pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let access = GoalAccess::load(&state, &auth.user, id).await?;
    goals::delete(&state, &access).await?;
    Ok(Redirect::to(&format!("{}?done=deleted", routes::GOALS)).into_response())
}

pub async fn of_group(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let list = goals::of_group(&state, &group).await?;
    Ok(group_goals_page(&ctx.frame(), &group.group, &list).into_response())
}
