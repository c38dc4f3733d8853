//! Flagging pages for posts and chat messages.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::chat::RoomAccess;
use crate::db;
use crate::domain::moderation::Target;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::forum::ThreadAccess;
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::moderation;
use crate::routes;
use crate::views::moderation::{FlagView, flag_page};

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<u8>,
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    reason: String,
    /// A house rule's id, or "other".
    #[serde(default)]
    rule: String,
}

/// The flag form's address, where "back" leads and the group, after checking the reader may
/// see the item.
async fn place(state: &AppState, ctx: &Ctx, target: Target) -> AppResult<(String, String, i32)> {
    match target {
        Target::Post(id) => {
            let p = db::forum::find_post(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            ThreadAccess::load(state, ctx.user(), p.thread_id).await?;
            Ok((routes::post_flag(id), routes::post(id), p.group_id))
        }
        Target::Message(id) => {
            let m = db::chat::find_message(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            RoomAccess::load(state, ctx.user(), m.room_id, Action::Chat).await?;
            Ok((
                routes::message_flag(id),
                format!("{}#m{id}", routes::room(m.room_id)),
                m.group_id,
            ))
        }
    }
}

async fn form(state: AppState, ctx: Ctx, target: Target, done: bool) -> AppResult<Response> {
    ctx.user().ok_or(AppError::Unauthorized)?;
    let (action, back, group_id) = place(&state, &ctx, target).await?;
    let rules = db::decisions::rules(&state.db, group_id).await?;
    let view = FlagView {
        action,
        back,
        rules: &rules,
        rule: None,
        reason: "",
        error: None,
        done,
    };
    Ok(flag_page(&ctx.frame(), &view).into_response())
}

async fn submit(
    state: AppState,
    ctx: Ctx,
    user: &entity::user::Model,
    target: Target,
    form: &FlagForm,
) -> AppResult<Response> {
    let (action, back, group_id) = place(&state, &ctx, target).await?;
    let rule = form.rule.trim().parse::<i32>().ok();
    match moderation::flag(&state, user, target, rule, Some(&form.reason)).await {
        Ok(_) => Ok(Redirect::to(&format!("{action}?done=1")).into_response()),
        Err(e) => {
            let key = match &e {
                AppError::Invalid(fields) => fields.first().map(|(_, why)| why.0),
                AppError::Conflict { key, .. } => Some(*key),
                AppError::RateLimited(_) => Some("err-rate-limited"),
                _ => None,
            };
            let Some(key) = key else { return Err(e) };
            let status: StatusCode = e.report().status;
            let rules = db::decisions::rules(&state.db, group_id).await?;
            let view = FlagView {
                action,
                back,
                rules: &rules,
                rule,
                reason: &form.reason,
                error: Some(key),
                done: false,
            };
            Ok((status, flag_page(&ctx.frame(), &view)).into_response())
        }
    }
}

pub async fn post_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    form(state, ctx, Target::Post(id), q.done.is_some()).await
}

pub async fn flag_post(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(f): Form<FlagForm>,
) -> AppResult<Response> {
    submit(state, ctx, &auth.user, Target::Post(id), &f).await
}

pub async fn message_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    form(state, ctx, Target::Message(id), q.done.is_some()).await
}

pub async fn flag_message(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Form(f): Form<FlagForm>,
) -> AppResult<Response> {
    submit(state, ctx, &auth.user, Target::Message(id), &f).await
}
