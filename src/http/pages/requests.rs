//! Help from peers as pages: a group's requests with the form to ask, one request with its
//! offers, offering, accepting, declining and closing. All without JavaScript.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::services::groups::GroupAccess;
use crate::services::requests::{self, Ask, RequestAccess};
use crate::state::AppState;
use crate::views::requests::{RequestView, RequestsView, request_page, requests_page};

#[derive(Deserialize, Default)]
pub struct AskForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    needed_by: String,
}

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    group: &GroupAccess,
    form: &AskForm,
    status: StatusCode,
    errors: &[(&'static str, &'static str)],
) -> AppResult<Response> {
    let open = requests::list(state, group, true, 100).await?;
    let closed = requests::list(state, group, false, 100).await?;
    let me = ctx.user().ok_or(AppError::Unauthorized)?;
    let view = RequestsView {
        hears: requests::hears_requests(state, group, me).await?,
        group: &group.group,
        open: &open,
        closed: &closed,
        draft: (&form.title, &form.body, &form.kind, &form.needed_by),
        errors,
    };
    Ok((status, requests_page(&ctx.frame(), &view)).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    render_list(&state, &ctx, &group, &AskForm::default(), StatusCode::OK, &[]).await
}

pub async fn ask(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<AskForm>,
) -> AppResult<Response> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let input = Ask {
        title: &form.title,
        body: &form.body,
        kind: &form.kind,
        needed_by: &form.needed_by,
    };
    match requests::ask(&state, &group, &auth.user, input)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(r) => {
            Ok(Redirect::to(&format!("{}?done=asked", routes::request(r.id))).into_response())
        }
        Outcome::Again(r) => render_list(&state, &ctx, &group, &form, r.status, &r.fields).await,
    }
}

async fn render_one(
    state: &AppState,
    ctx: &Ctx,
    user: &entity::user::Model,
    id: i32,
    status: StatusCode,
    notice: Option<String>,
    error: Option<&'static str>,
) -> AppResult<Response> {
    let access = RequestAccess::load(state, Some(user), id).await?;
    let request = requests::detail(state, &access, user).await?;
    let view = RequestView {
        group: &access.group.group,
        request: &request,
        asker: access.request.author_id == user.id,
        notice,
        error,
    };
    Ok((status, request_page(&ctx.frame(), &view)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let notice = match q.done.as_deref() {
        Some("asked") => Some(ctx.tr.t("request-done-asked")),
        Some("offered") => Some(ctx.tr.t("request-done-offered")),
        Some("declined") => Some(ctx.tr.t("request-done-declined")),
        Some("closed") => Some(ctx.tr.t("request-done-closed")),
        Some("blocked") => Some(ctx.tr.t("block-done")),
        _ => None,
    };
    render_one(&state, &ctx, &auth.user, id, StatusCode::OK, notice, None).await
}

#[derive(Deserialize)]
pub struct OfferForm {
    #[serde(default)]
    body: String,
}

pub async fn offer(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<OfferForm>,
) -> AppResult<Response> {
    let access = RequestAccess::load(&state, Some(&auth.user), id).await?;
    match requests::offer(&state, &access, &auth.user, &form.body)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("{}?done=offered", routes::request(id))).into_response())
        }
        Outcome::Again(r) => render_one(&state, &ctx, &auth.user, id, r.status, None, Some(r.key)).await,
    }
}

/// Accepting (to the direct room it opens) or declining an offer.
pub async fn answer(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, act)): Path<(i32, String)>,
) -> AppResult<Response> {
    match act.as_str() {
        "accept" => {
            let accepted = requests::accept(&state, &auth.user, id).await?;
            let room = accepted.room_id.ok_or(AppError::NotFound)?;
            Ok(Redirect::to(&routes::room(room)).into_response())
        }
        "decline" => {
            let declined = requests::decline(&state, &auth.user, id).await?;
            Ok(
                Redirect::to(&format!("{}?done=declined", routes::request(declined.request_id)))
                    .into_response(),
            )
        }
        _ => Err(AppError::NotFound),
    }
}

#[derive(Deserialize)]
pub struct CloseForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    thanks: String,
}

pub async fn close(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<CloseForm>,
) -> AppResult<Response> {
    let access = RequestAccess::load(&state, Some(&auth.user), id).await?;
    match requests::close(&state, &access, &auth.user, &form.outcome, &form.thanks)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(_) => Ok(Redirect::to(&format!("{}?done=closed", routes::request(id))).into_response()),
        Outcome::Again(r) => render_one(&state, &ctx, &auth.user, id, r.status, None, Some(r.key)).await,
    }
}

pub async fn network(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let people = requests::network(&state, &auth.user).await?.people;
    let notice = match q.done.as_deref() {
        Some("added") => Some(ctx.tr.t("network-done-added")),
        Some("removed") => Some(ctx.tr.t("network-done-removed")),
        _ => None,
    };
    Ok(crate::views::requests::network_page(&ctx.frame(), &people, &[], notice).into_response())
}

#[derive(Deserialize)]
pub struct NetworkForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    kind: String,
}

pub async fn add_to_network(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<NetworkForm>,
) -> AppResult<Response> {
    match requests::add_to_network(&state, &auth.user, &form.name, &form.note, &form.kind)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("{}?done=added", routes::ACCOUNT_NETWORK)).into_response())
        }
        Outcome::Again(r) => {
            let people = requests::network(&state, &auth.user).await?.people;
            let page = crate::views::requests::network_page(&ctx.frame(), &people, &r.fields, None);
            Ok((r.status, page).into_response())
        }
    }
}

pub async fn remove_from_network(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    requests::remove_from_network(&state, &auth.user, id).await?;
    Ok(Redirect::to(&format!("{}?done=removed", routes::ACCOUNT_NETWORK)).into_response())
}

pub async fn conversations(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let items = requests::conversations(&state, &auth.user).await?;
    let blocked = requests::blocked(&state, &auth.user).await?;
    let notice = match q.done.as_deref() {
        Some("blocked") => Some(ctx.tr.t("block-done")),
        Some("unblocked") => Some(ctx.tr.t("unblock-done")),
        _ => None,
    };
    Ok(crate::views::requests::conversations_page(&ctx.frame(), &items, &blocked, notice).into_response())
}

#[derive(Deserialize)]
pub struct BlockForm {
    /// "1" blocks, anything else stops blocking.
    #[serde(default)]
    block: String,
    /// A page of this site to go back to.
    #[serde(default)]
    next: Option<String>,
}

/// Blocking someone, or no longer (silent: they are not told).
pub async fn block(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
    Form(form): Form<BlockForm>,
) -> AppResult<Response> {
    let on = form.block == "1";
    requests::block(&state, &auth.user, &username, on).await?;
    let done = if on { "blocked" } else { "unblocked" };
    let to = match form.next.as_deref() {
        Some(n) if !n.is_empty() => routes::safe_next(Some(n)).to_owned(),
        _ => format!("{}?done={done}", routes::ACCOUNT_CONVERSATIONS),
    };
    Ok(Redirect::to(&to).into_response())
}

#[derive(Deserialize)]
pub struct HearForm {
    /// "1": notices of new requests in this group on; anything else: off.
    #[serde(default)]
    on: String,
}

/// A member's choice to hear of new requests in this group, or not.
pub async fn hear(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<HearForm>,
) -> AppResult<Response> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    requests::hear_requests(&state, &group, &auth.user, form.on == "1").await?;
    Ok(Redirect::to(&format!("{}#notices", routes::group_sub(&slug, "requests"))).into_response())
}
