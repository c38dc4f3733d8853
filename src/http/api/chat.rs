//! `/api/v1`: chat rooms, their history, your own messages, and the WebSocket.
use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::db;
use crate::domain::chat::{FRAME_HARD_MAX, PAGE};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser, origin_ok};
use crate::http::extract::{Json, Path, Query};
use crate::services::chat::{self, RoomAccess};
use crate::services::groups::GroupAccess;
use crate::state::AppState;
use crate::wire::MessageJson;

/// `room` in the contract.
#[derive(Debug, Serialize, ToSchema)]
pub struct RoomJson {
    pub id: i32,
    pub name: String,
}

impl From<&entity::room::Model> for RoomJson {
    fn from(r: &entity::room::Model) -> Self {
        Self {
            id: r.id,
            name: r.name.clone(),
        }
    }
}

/// A group's chat rooms (active members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/rooms", tag = "chat", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<RoomJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_rooms(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<RoomJson>>> {
    let access = GroupAccess::load(&state, ctx.user(), &slug).await?;
    let rooms = chat::rooms(&state, &access).await?;
    Ok(Json(rooms.iter().map(RoomJson::from).collect()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRoom {
    /// 1–60 characters.
    pub name: String,
}

/// Add a chat room (stewards; at most 20 per group).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/rooms", tag = "chat", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = NewRoom,
    responses((status = 201, body = RoomJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_room(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(body): Json<NewRoom>,
) -> AppResult<(StatusCode, Json<RoomJson>)> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let room = chat::create_room(&state, &access, &body.name).await?;
    Ok((StatusCode::CREATED, Json(RoomJson::from(&room))))
}

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    after: Option<i64>,
    before: Option<i64>,
    limit: Option<u64>,
}

/// A room's messages in ascending id order: those after `after`, or else the newest before
/// `before` (or the newest of all).
#[utoipa::path(get, path = "/api/v1/rooms/{id}/messages", tag = "chat",
    params(("id" = i32, Path), ("after" = Option<i64>, Query), ("before" = Option<i64>, Query), ("limit" = Option<u64>, Query, description = "default 50, at most 200")),
    responses((status = 200, body = Vec<MessageJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<HistoryQuery>,
) -> AppResult<Json<Vec<MessageJson>>> {
    let access = RoomAccess::load(&state, ctx.user(), id, Action::Chat).await?;
    let rows = db::chat::history(
        &state.db,
        access.room.id,
        q.after,
        q.before,
        q.limit.unwrap_or(PAGE).clamp(1, 200),
    )
    .await?;
    Ok(Json(
        rows.iter()
            .map(|(m, a)| match ctx.user() {
                Some(u) => MessageJson::for_reader(m, a.as_ref(), u.id),
                None => MessageJson::new(m, a.as_ref()),
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct SendMessage {
    pub body: String,
    /// Your own id for this message (1–64 of `A-Z a-z 0-9 - _`): sending it again stores
    /// nothing new.
    pub client_id: String,
}

/// Send a message without a WebSocket; answered once it is stored (201, or 200 for a repeat).
#[utoipa::path(post, path = "/api/v1/rooms/{id}/messages", tag = "chat", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = SendMessage,
    responses((status = 201, body = MessageJson), (status = 200, body = MessageJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub async fn send_message(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<SendMessage>,
) -> AppResult<(StatusCode, Json<MessageJson>)> {
    let access = RoomAccess::load(&state, Some(&auth.user), id, Action::Chat).await?;
    let (json, new) = chat::send(&state, &access, &auth.user, &body.body, &body.client_id).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json)))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EditMessage {
    pub body: String,
}

/// Change the text of your own message.
#[utoipa::path(patch, path = "/api/v1/messages/{id}", tag = "chat", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = EditMessage,
    responses((status = 200, body = MessageJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_message(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<EditMessage>,
) -> AppResult<Json<MessageJson>> {
    Ok(Json(chat::edit(&state, &auth.user, id, &body.body).await?))
}

/// Delete your own message (its place stays, its text is gone).
#[utoipa::path(delete, path = "/api/v1/messages/{id}", tag = "chat", security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_message(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    chat::delete(&state, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize)]
pub struct WsQuery {
    token: Option<String>,
}

/// The chat WebSocket (protocol in `shared/api.md`). Authenticated by cookie, bearer token,
/// or `?token=`; a handshake from another site's page is refused.
#[utoipa::path(get, path = "/api/v1/ws", tag = "chat", params(("token" = Option<String>, Query)),
    responses((status = 101, description = "switching to the WebSocket protocol"), (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn websocket(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Query(q): Query<WsQuery>,
    upgrade: Result<WebSocketUpgrade, axum::extract::ws::rejection::WebSocketUpgradeRejection>,
) -> AppResult<Response> {
    if !origin_ok(&state, &headers, false) {
        return Err(AppError::Forbidden);
    }
    let (user, session_id) = match (&ctx.auth, q.token) {
        (Some(a), _) => (a.user.clone(), a.session.id),
        (None, Some(token)) => match db::sessions::find_by_token(&state.db, &token).await? {
            Some((s, u)) => (u, s.id),
            None => return Err(AppError::Unauthorized),
        },
        (None, None) => return Err(AppError::Unauthorized),
    };
    let upgrade = upgrade.map_err(|_| AppError::BadRequest("not a WebSocket handshake"))?;
    // Each socket holds memory and a file: one account may not hold hundreds.
    if state.chat.hub.connections_of(user.id) >= state.config.ws_per_account {
        return Err(AppError::RateLimited(30));
    }
    Ok(upgrade
        // Small buffers: most connections idle; tungstenite's defaults are 128 KiB each.
        .read_buffer_size(2 * 1024)
        .write_buffer_size(8 * 1024)
        .max_write_buffer_size(1024 * 1024)
        .max_message_size(FRAME_HARD_MAX)
        .max_frame_size(FRAME_HARD_MAX)
        .on_upgrade(move |socket| crate::http::socket::serve(state, user, session_id, socket)))
}
