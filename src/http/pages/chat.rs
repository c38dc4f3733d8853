//! Chat pages: a group's rooms, a room (history and a form; live with the script), and
//! editing or deleting one's own message.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db;
use crate::domain::chat::PAGE;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{FormResult, Outcome};
use crate::routes;
use crate::services::chat::{self, RoomAccess};
use crate::services::groups::GroupAccess;
use crate::state::AppState;
use crate::views::chat::{
    DirectView, EditMessageView, EndView, RoomView, RoomsView, edit_message_page, end_page, room_page,
    rooms_page,
};
use crate::views::{Confirm, confirm_page};

/// What a chat form shows itself: refused input, too many messages, the writer busy.
fn shown_by_form(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Invalid(_) | AppError::RateLimited(_) | AppError::Unavailable
    )
}

pub async fn rooms(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let access = GroupAccess::load(&state, ctx.user(), &slug).await?;
    let rooms = chat::rooms(&state, &access).await?;
    let view = RoomsView {
        group: &access.group,
        rooms: &rooms,
        can_add: access.may(Action::ManageRooms),
        name: "",
        error: None,
    };
    Ok(rooms_page(&ctx.frame(), &view).into_response())
}

#[derive(Deserialize)]
pub struct NewRoomForm {
    #[serde(default)]
    name: String,
}

pub async fn create_room(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<NewRoomForm>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    match chat::create_room(&state, &access, &form.name)
        .await
        .again_when(shown_by_form)?
    {
        Outcome::Done(room) => Ok(Redirect::to(&routes::room(room.id)).into_response()),
        Outcome::Again(r) => {
            let rooms = chat::rooms(&state, &access).await?;
            let view = RoomsView {
                group: &access.group,
                rooms: &rooms,
                can_add: true,
                name: &form.name,
                error: Some(r.key),
            };
            Ok((r.status, rooms_page(&ctx.frame(), &view)).into_response())
        }
    }
}

/// Which page of a room's history: the newest (neither), the one before a message, or the one
/// after it (the way back to newer messages without JavaScript).
#[derive(Deserialize, Default, Clone)]
pub struct RoomQuery {
    before: Option<i64>,
    after: Option<i64>,
    /// A refusal from the meeting panel's last form (a catalogue key).
    meeting_error: Option<String>,
}

async fn render_room(
    state: &AppState,
    ctx: &Ctx,
    access: &RoomAccess,
    at: RoomQuery,
    status: StatusCode,
    draft: (&str, Option<&'static str>),
) -> AppResult<Response> {
    let me = ctx.user().ok_or(AppError::Unauthorized)?;
    let room = access.room.id;
    let messages = match (at.after, at.before) {
        (Some(after), _) => db::chat::history(&state.db, room, Some(after), None, PAGE).await?,
        (None, before) => db::chat::history(&state.db, room, None, before, PAGE).await?,
    };
    let older = match messages.first() {
        Some((first, _)) => !db::chat::history(&state.db, room, None, Some(first.id), 1)
            .await?
            .is_empty(),
        None => at.after.is_some(),
    };
    let newer = match messages.last() {
        Some((last, _)) if at.before.is_some() || at.after.is_some() => {
            !db::chat::history(&state.db, room, Some(last.id), None, 1)
                .await?
                .is_empty()
        }
        _ => false,
    };
    let rooms = db::chat::rooms(&state.db, access.room.group_id).await?;
    let direct = match access.direct {
        Some(d) => Some(DirectView {
            with: match d.other {
                Some(o) => db::users::find(&state.db, o).await?.map(|u| u.display_name),
                None => None,
            },
            ended: !d.open,
        }),
        None => None,
    };
    let client_id = db::sessions::random_token();
    let muted: Vec<String> = db::mutes::list(&state.db, me.id)
        .await?
        .into_iter()
        .map(|(_, u)| u.username)
        .collect();
    let meeting = match access.direct {
        Some(_) => None,
        None => crate::services::meetings::panel(state, &access.group, access.room.id, me).await?,
    };
    let meeting_error = at.meeting_error.as_deref().and_then(|k| {
        crate::views::meetings::MEETING_ERRORS
            .iter()
            .find(|e| **e == k)
            .copied()
    });
    let view = RoomView {
        meeting: meeting.as_ref().map(|p| (p, meeting_error)),
        muted: &muted,
        group: &access.group.group,
        room: &access.room,
        rooms: &rooms,
        messages: &messages,
        older,
        newer,
        me,
        client_id: &client_id,
        draft: draft.0,
        error: draft.1,
        direct,
    };
    Ok((status, room_page(&ctx.frame(), &view)).into_response())
}

pub async fn room(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<RoomQuery>,
) -> AppResult<Response> {
    let access = RoomAccess::load(&state, ctx.user(), id, Action::Chat).await?;
    if let Some(u) = ctx.user() {
        chat::seen(&state, &access, u).await;
    }
    render_room(&state, &ctx, &access, q, StatusCode::OK, ("", None)).await
}

#[derive(Deserialize)]
pub struct SayForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    client_id: String,
}

/// Sends a message without JavaScript. The form carries its own client_id, so that a
/// double click or a resubmitted form stores the message once.
pub async fn say(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<SayForm>,
) -> AppResult<Response> {
    let access = RoomAccess::load(&state, Some(&auth.user), id, Action::Chat).await?;
    let sent = chat::send(&state, &access, &auth.user, &form.body, &form.client_id).await;
    match sent.again_when(shown_by_form)? {
        Outcome::Done((m, _)) => Ok(Redirect::to(&format!("{}#m{}", routes::room(id), m.id)).into_response()),
        Outcome::Again(r) => {
            let newest = RoomQuery::default();
            render_room(&state, &ctx, &access, newest, r.status, (&form.body, Some(r.key))).await
        }
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (m, _) = chat::own_message(&state, &auth.user, id).await?;
    let view = EditMessageView {
        message: &m,
        body: &m.body,
        error: None,
    };
    Ok(edit_message_page(&ctx.frame(), &view).into_response())
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<EditForm>,
) -> AppResult<Response> {
    match chat::edit(&state, &auth.user, id, &form.body)
        .await
        .again_when(shown_by_form)?
    {
        Outcome::Done(m) => {
            Ok(Redirect::to(&format!("{}#m{}", routes::room(m.room_id), m.id)).into_response())
        }
        Outcome::Again(r) => {
            let (m, _) = chat::own_message(&state, &auth.user, id).await?;
            let view = EditMessageView {
                message: &m,
                body: &form.body,
                error: Some(r.key),
            };
            Ok((r.status, edit_message_page(&ctx.frame(), &view)).into_response())
        }
    }
}

/// A delete button's form: without `confirm=yes` it asks first.
#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    let (m, _) = chat::own_message(&state, &auth.user, id).await?;
    if form.confirm != "yes" {
        let tr = ctx.tr;
        let confirm = Confirm {
            title: tr.t("confirm-delete-message-title"),
            question: tr.t("confirm-delete-message"),
            item: Some(&m.body_html),
            action: routes::message_delete(id),
            submit: tr.t("confirm-delete-submit"),
            back: format!("{}#m{id}", routes::room(m.room_id)),
        };
        return Ok(confirm_page(&ctx.frame(), &confirm).into_response());
    }
    chat::delete(&state, &auth.user, id).await?;
    Ok(Redirect::to(&format!("{}#m{}", routes::room(m.room_id), m.id)).into_response())
}

/// Ending a private chat: the page that says what it means (without JavaScript too).
pub async fn end_form(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    let access = RoomAccess::load(&state, Some(&auth.user), id, Action::Chat).await?;
    let Some(direct) = access.direct else {
        return Err(AppError::NotFound);
    };
    let with = match direct.other {
        Some(o) => db::users::find(&state.db, o).await?.map(|u| u.display_name),
        None => None,
    };
    let view = EndView {
        room: &access.room,
        with: with.unwrap_or_else(|| ctx.tr.t("former-member")),
    };
    Ok(end_page(&ctx.frame(), &view).into_response())
}

#[derive(Deserialize)]
pub struct EndForm {
    #[serde(default)]
    erase: Option<String>,
    #[serde(default)]
    block: Option<String>,
}

pub async fn end(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<EndForm>,
) -> AppResult<Response> {
    chat::end_conversation(&state, &auth.user, id, form.erase.is_some(), form.block.is_some()).await?;
    Ok(Redirect::to(&routes::room(id)).into_response())
}
