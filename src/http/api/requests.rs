//! `/api/v1`: help from peers: requests for help, offers, and their answers.
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::error::AppResult;
use crate::http::context::CurrentUser;
use crate::http::extract::{Json, JsonOrEmpty, Path, Query};
use crate::services::groups::GroupAccess;
use crate::services::requests::{self, Ask, OfferJson, RequestAccess, RequestJson};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewRequest {
    pub title: String,
    pub body: String,
    /// `practical`, `company`, `listening` or `knowledge`.
    pub kind: String,
    /// `YYYY-MM-DD`, today or later.
    pub needed_by: Option<String>,
}

/// Ask your group for help (active members; not while muted).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/requests", tag = "help", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = NewRequest,
    responses((status = 201, body = RequestJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(body): Json<NewRequest>,
) -> AppResult<(StatusCode, Json<RequestJson>)> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let input = Ask {
        title: &body.title,
        body: &body.body,
        kind: &body.kind,
        needed_by: body.needed_by.as_deref().unwrap_or(""),
    };
    let made = requests::ask(&state, &group, &auth.user, input).await?;
    let access = RequestAccess::load(&state, Some(&auth.user), made.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(requests::detail(&state, &access, &auth.user).await?),
    ))
}

#[derive(Debug, Deserialize, Default)]
pub struct StatusQuery {
    /// `open` (the default) or `closed`.
    pub status: Option<String>,
}

/// A group's requests for help (active members only).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/requests", tag = "help", security(("bearer" = [])),
    params(("slug" = String, Path), ("status" = Option<String>, Query)),
    responses((status = 200, body = Vec<RequestJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Query(q): Query<StatusQuery>,
) -> AppResult<Json<Vec<RequestJson>>> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let open = q.status.as_deref() != Some("closed");
    Ok(Json(requests::list(&state, &group, open, 100).await?))
}

/// One request: the asker sees every offer, a helper only their own.
#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 200, body = RequestJson), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn show(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<RequestJson>> {
    let access = RequestAccess::load(&state, Some(&auth.user), id).await?;
    Ok(Json(requests::detail(&state, &access, &auth.user).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewOffer {
    /// 1–500 characters.
    pub body: String,
}

/// "Ik kan helpen": offer help, once per request, not on your own.
#[utoipa::path(post, path = "/api/v1/requests/{id}/offers", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = NewOffer,
    responses((status = 201, body = OfferJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn offer(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<NewOffer>,
) -> AppResult<(StatusCode, Json<OfferJson>)> {
    let access = RequestAccess::load(&state, Some(&auth.user), id).await?;
    let made = requests::offer(&state, &access, &auth.user, &body.body).await?;
    let seen = requests::detail(&state, &access, &auth.user).await?;
    let json = seen
        .offers
        .into_iter()
        .find(|o| o.id == made.id)
        .ok_or(crate::error::AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(json)))
}

/// What accepting opened.
#[derive(Debug, Serialize, ToSchema)]
pub struct Accepted {
    /// The direct room of the asker and the helper.
    pub room: i32,
}

/// The asker accepts an offer: a direct chat room opens for the two.
#[utoipa::path(post, path = "/api/v1/offers/{id}/accept", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 200, body = Accepted), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn accept(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Json<Accepted>> {
    let accepted = requests::accept(&state, &auth.user, id).await?;
    Ok(Json(Accepted {
        room: accepted.room_id.unwrap_or_default(),
    }))
}

/// The asker declines an offer (kindly, without a reason); the helper is told.
#[utoipa::path(post, path = "/api/v1/offers/{id}/decline", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
pub async fn decline(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    requests::decline(&state, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Close {
    /// `helped`, `not_needed` or `withdrawn`.
    pub outcome: String,
    /// A thank-you the group sees (with `helped`).
    pub thanks: Option<String>,
}

/// The asker closes the request.
#[utoipa::path(post, path = "/api/v1/requests/{id}/close", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = Close,
    responses((status = 200, body = RequestJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn close(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<Close>,
) -> AppResult<Json<RequestJson>> {
    let access = RequestAccess::load(&state, Some(&auth.user), id).await?;
    let closed = requests::close(
        &state,
        &access,
        &auth.user,
        &body.outcome,
        body.thanks.as_deref().unwrap_or(""),
    )
    .await?;
    let access = RequestAccess {
        request: closed,
        group: access.group,
    };
    Ok(Json(requests::detail(&state, &access, &auth.user).await?))
}

/// Block someone: they cannot offer on your requests and no conversation between you starts.
/// Silent, and the same answer whatever the name.
#[utoipa::path(put, path = "/api/v1/me/blocks/{username}", tag = "help", security(("bearer" = [])),
    params(("username" = String, Path)), responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn block(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    requests::block(&state, &auth.user, &username, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop blocking someone.
#[utoipa::path(delete, path = "/api/v1/me/blocks/{username}", tag = "help", security(("bearer" = [])),
    params(("username" = String, Path)), responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn unblock(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(username): Path<String>,
) -> AppResult<StatusCode> {
    requests::block(&state, &auth.user, &username, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The people you blocked.
#[utoipa::path(get, path = "/api/v1/me/blocks", tag = "help", security(("bearer" = [])),
    responses((status = 200, body = Vec<crate::wire::AuthorJson>), (status = 401, body = ErrorBody)))]
pub async fn blocks(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<Vec<crate::wire::AuthorJson>>> {
    Ok(Json(requests::blocked(&state, &auth.user).await?))
}

/// Your network: who helped you and whom you helped through Kwartier, and whom you noted.
#[utoipa::path(get, path = "/api/v1/me/network", tag = "help", security(("bearer" = [])),
    responses((status = 200, body = requests::NetworkJson), (status = 401, body = ErrorBody)))]
pub async fn network(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<requests::NetworkJson>> {
    Ok(Json(requests::network(&state, &auth.user).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewNetworkPerson {
    /// 1–80 characters.
    pub name: String,
    /// What they help with, at most 300 characters.
    #[serde(default)]
    pub note: String,
    /// The kind of help, if you like: `practical`, `company`, `listening`, `knowledge`.
    #[serde(default)]
    pub kind: Option<String>,
}

/// Note someone in your network who is not on Kwartier (yours alone).
#[utoipa::path(post, path = "/api/v1/me/network", tag = "help", security(("bearer" = [])), request_body = NewNetworkPerson,
    responses((status = 201, body = requests::NetworkPerson), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn add_to_network(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Json(body): Json<NewNetworkPerson>,
) -> AppResult<(StatusCode, Json<requests::NetworkPerson>)> {
    let p = requests::add_to_network(
        &state,
        &auth.user,
        &body.name,
        &body.note,
        body.kind.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(requests::NetworkPerson {
            id: p.id,
            name: p.name,
            username: None,
            note: p.note,
            how: "added".to_owned(),
            kind: p.kind.as_deref().and_then(crate::domain::requests::Kind::parse),
        }),
    ))
}

/// Take someone you noted out of your network.
#[utoipa::path(delete, path = "/api/v1/me/network/{id}", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path)), responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn remove_from_network(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    requests::remove_from_network(&state, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Your private chats: each direct room with the other person and what is new.
#[utoipa::path(get, path = "/api/v1/me/conversations", tag = "help", security(("bearer" = [])),
    responses((status = 200, body = Vec<requests::ConversationJson>), (status = 401, body = ErrorBody)))]
pub async fn conversations(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<Json<Vec<requests::ConversationJson>>> {
    Ok(Json(requests::conversations(&state, &auth.user).await?))
}

/// How a private chat ends.
#[derive(Debug, Deserialize, Default, ToSchema)]
pub struct EndConversation {
    /// Also delete all your own messages in it (their places stay, their text is gone).
    #[serde(default)]
    pub erase_mine: bool,
    /// Also block the other person (silent; see `PUT /api/v1/me/blocks/{username}`).
    #[serde(default)]
    pub block: bool,
}

/// End one of your private chats: nobody sends in it any more; both of you can still read it
/// (unless you delete your words). Not found for anyone but its two people.
#[utoipa::path(post, path = "/api/v1/me/conversations/{id}/end", tag = "help", security(("bearer" = [])),
    params(("id" = i32, Path, description = "the room")), request_body(content = EndConversation, description = "may be left out"),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 404, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn end_conversation(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(room): Path<i32>,
    JsonOrEmpty(body): JsonOrEmpty<EndConversation>,
) -> AppResult<StatusCode> {
    crate::services::chat::end_conversation(&state, &auth.user, room, body.erase_mine, body.block).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Whether you hear of new requests for help in a group.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RequestNotices {
    pub on: bool,
}

/// Whether you are told of new requests for help in this group (active members).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/requests/notifications", tag = "help", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 200, body = RequestNotices), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn notices(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Json<RequestNotices>> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    Ok(Json(RequestNotices {
        on: requests::hears_requests(&state, &group, &auth.user).await?,
    }))
}

/// Turn the notices of new requests in this group on or off (your choice per group; the
/// kind as a whole is in `PATCH /api/v1/me {notifications_off}`).
#[utoipa::path(put, path = "/api/v1/groups/{slug}/requests/notifications", tag = "help", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = RequestNotices,
    responses((status = 200, body = RequestNotices), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn set_notices(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(body): Json<RequestNotices>,
) -> AppResult<Json<RequestNotices>> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    requests::hear_requests(&state, &group, &auth.user, body.on).await?;
    Ok(Json(body))
}
