//! `/api/v1`: threads and posts.
pub use crate::wire::AuthorJson;
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use entity::{post, thread, user};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::db;
use crate::domain::forum::PostStatus;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Json, Path, Query};
use crate::services::forum::{self, ThreadAccess};
use crate::services::groups::GroupAccess;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadJson {
    pub id: i32,
    pub group: String,
    /// Empty while the members have the first post hidden or removed, and after its author
    /// deleted it or erased their words.
    pub title: String,
    pub author: AuthorJson,
    pub reply_count: i32,
    pub created_at: DateTime<Utc>,
    pub last_activity_at: DateTime<Utc>,
    pub pinned: bool,
    pub locked: bool,
}

impl ThreadJson {
    fn new(t: &thread::Model, group: &str, author: Option<&user::Model>) -> Self {
        Self {
            id: t.id,
            group: group.to_owned(),
            title: t.title.clone(),
            author: AuthorJson::of(author),
            reply_count: t.reply_count,
            created_at: t.created_at,
            last_activity_at: t.last_activity_at,
            pinned: t.pinned,
            locked: t.locked,
        }
    }
}

/// A thread in a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadListItem {
    pub id: i32,
    /// Empty when the first post is hidden, removed or deleted (see `ThreadJson.title`).
    pub title: String,
    pub author: AuthorJson,
    pub reply_count: i32,
    pub last_activity_at: DateTime<Utc>,
    pub pinned: bool,
    pub locked: bool,
    /// Something new since you last read it (always false when not logged in).
    pub unread: bool,
}

/// `post` in the contract.
#[derive(Debug, Serialize, ToSchema)]
pub struct PostJson {
    pub id: i32,
    pub thread_id: i32,
    pub parent_id: Option<i32>,
    pub author: AuthorJson,
    /// Empty for a deleted or removed post, and for a hidden one unless it is yours.
    pub body: String,
    pub body_html: String,
    pub content_warning: Option<String>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub status: PostStatus,
    /// How deep in the reply tree (0 for the first post and other top-level posts).
    pub depth: usize,
    /// You put its author on "niet meer zien": fold it away unless asked.
    pub muted: bool,
}

impl PostJson {
    pub fn new(p: &post::Model, author: Option<&user::Model>, reader: Option<i32>, depth: usize) -> Self {
        let shown = forum::visible_text(p, reader);
        // A hidden, removed or deleted post's warning is its author's words about it too.
        let content_warning = shown.and(p.content_warning.clone());
        let (body, html) = shown.unwrap_or(("", ""));
        Self {
            id: p.id,
            thread_id: p.thread_id,
            parent_id: p.parent_id,
            author: AuthorJson::of(author),
            body: body.to_owned(),
            body_html: html.to_owned(),
            content_warning,
            created_at: p.created_at,
            edited_at: p.edited_at,
            status: PostStatus::parse(&p.status).unwrap_or(PostStatus::Removed),
            depth,
            muted: false,
        }
    }
}

#[derive(Debug, Deserialize)]
pub struct ListQuery {
    limit: Option<u64>,
    before: Option<i32>,
}

/// A group's threads, pinned first, then by latest activity.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/threads", tag = "forum",
    params(("slug" = String, Path), ("limit" = Option<u64>, Query, description = "default 50, at most 200"), ("before" = Option<i32>, Query, description = "thread id cursor")),
    responses((status = 200, body = Vec<ThreadListItem>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_threads(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<ThreadListItem>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    let limit = q.limit.unwrap_or(50).clamp(1, 200);
    let rows = db::forum::list_threads(
        &state.db,
        access.group.row.id,
        ctx.user().map(|u| u.id),
        limit,
        q.before,
    )
    .await?;
    Ok(Json(
        rows.into_iter()
            .map(|s| ThreadListItem {
                id: s.thread.id,
                title: s.thread.title,
                author: AuthorJson::of(s.author.as_ref()),
                reply_count: s.thread.reply_count,
                last_activity_at: s.thread.last_activity_at,
                pinned: s.thread.pinned,
                locked: s.thread.locked,
                unread: s.unread,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewThreadRequest {
    /// 3–200 characters.
    pub title: String,
    /// Markdown, at most 20,000 characters.
    pub body: String,
    /// Folds the body until the reader opens it, e.g. "zelfbeschadiging".
    pub content_warning: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadWithPost {
    pub thread: ThreadJson,
    pub post: PostJson,
}

/// Start a thread (active members).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/threads", tag = "forum", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = NewThreadRequest,
    responses((status = 201, body = ThreadWithPost), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_thread(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(req): Json<NewThreadRequest>,
) -> AppResult<(StatusCode, Json<ThreadWithPost>)> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let (t, p) = forum::start_thread(
        &state,
        &access,
        &auth.user,
        &req.title,
        &req.body,
        req.content_warning.as_deref(),
    )
    .await?;
    let body = ThreadWithPost {
        thread: ThreadJson::new(&t, &access.group.row.slug, Some(&auth.user)),
        post: PostJson::new(&p, Some(&auth.user), Some(auth.user.id), 0),
    };
    Ok((StatusCode::CREATED, Json(body)))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ThreadWithPosts {
    pub thread: ThreadJson,
    /// One page of the thread in tree order: each post followed by its replies.
    pub posts: Vec<PostJson>,
    /// This page (from 1) and how many there are; 50 posts a page, as on the thread's page.
    pub page: usize,
    pub pages: usize,
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ThreadPageQuery {
    /// The page, from 1 (past the last: the last).
    page: Option<usize>,
}

/// A thread and one page of its posts in tree order (50 a page). Reading marks it read.
#[utoipa::path(get, path = "/api/v1/threads/{id}", tag = "forum", params(("id" = i32, Path), ThreadPageQuery),
    responses((status = 200, body = ThreadWithPosts), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<ThreadPageQuery>,
) -> AppResult<Json<ThreadWithPosts>> {
    let access = ThreadAccess::load(&state, ctx.user(), id).await?;
    let t = &access.thread;
    let reader = ctx.user().map(|u| u.id);
    // The same use case as the thread's page: the kept tree, this page's posts, a read mark
    // only when something is new.
    let read = forum::read_thread(&state, &access, reader, q.page, &[]).await?;
    let author = match t.author_id {
        Some(a) => db::users::find(&state.db, a).await?,
        None => None,
    };
    Ok(Json(ThreadWithPosts {
        thread: ThreadJson::new(t, &access.group.group.row.slug, author.as_ref()),
        posts: read
            .on_page
            .iter()
            .filter_map(|&(id, depth)| {
                let (p, u) = read.posts.get(&id)?;
                let mut json = PostJson::new(p, u.as_ref(), reader, depth);
                json.muted = read.is_muted(p);
                Some(json)
            })
            .collect(),
        page: read.page,
        pages: read.pages,
    }))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewPostRequest {
    pub body: String,
    /// The post this answers; the thread's first post when left out.
    pub parent_id: Option<i32>,
    pub content_warning: Option<String>,
}

/// Reply in a thread (active members; not in a locked thread).
#[utoipa::path(post, path = "/api/v1/threads/{id}/posts", tag = "forum", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = NewPostRequest,
    responses((status = 201, body = PostJson), (status = 401, body = ErrorBody), (status = 403, description = "not a member, or `thread_locked`", body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn create_post(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(req): Json<NewPostRequest>,
) -> AppResult<(StatusCode, Json<PostJson>)> {
    let access = ThreadAccess::load(&state, Some(&auth.user), id).await?;
    let p = forum::reply(
        &state,
        &access,
        &auth.user,
        &req.body,
        req.parent_id,
        req.content_warning.as_deref(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(PostJson::new(&p, Some(&auth.user), Some(auth.user.id), 0)),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct EditPostRequest {
    pub body: String,
    /// Left out: unchanged. Empty string: removed.
    pub content_warning: Option<String>,
}

/// Edit your own post; the old text is kept as a revision that members can read.
#[utoipa::path(patch, path = "/api/v1/posts/{id}", tag = "forum", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = EditPostRequest,
    responses((status = 200, body = PostJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn edit_post(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(req): Json<EditPostRequest>,
) -> AppResult<Json<PostJson>> {
    let p = forum::edit(
        &state,
        &auth.user,
        id,
        &req.body,
        req.content_warning.as_deref().map(Some),
    )
    .await?;
    Ok(Json(PostJson::new(&p, Some(&auth.user), Some(auth.user.id), 0)))
}

/// Delete your own post: its text goes, a placeholder keeps the tree whole.
#[utoipa::path(delete, path = "/api/v1/posts/{id}", tag = "forum", security(("bearer" = [])), params(("id" = i32, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn delete_post(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<StatusCode> {
    forum::delete(&state, &auth.user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisionJson {
    pub id: i32,
    pub body: String,
    pub content_warning: Option<String>,
    /// When this version was written.
    pub created_at: DateTime<Utc>,
}

/// The earlier versions of a post, newest first (whoever may read the thread).
#[utoipa::path(get, path = "/api/v1/posts/{id}/revisions", tag = "forum", params(("id" = i32, Path)),
    responses((status = 200, body = Vec<RevisionJson>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_revisions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Json<Vec<RevisionJson>>> {
    let p = db::forum::find_post(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    ThreadAccess::load(&state, ctx.user(), p.thread_id).await?;
    if forum::visible_text(&p, ctx.user().map(|u| u.id)).is_none() {
        return Ok(Json(Vec::new()));
    }
    let revs = db::forum::revisions(&state.db, id).await?;
    Ok(Json(
        revs.into_iter()
            .map(|r| RevisionJson {
                id: r.id,
                body: r.body,
                content_warning: r.content_warning,
                created_at: r.created_at,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ThreadFlags {
    pub pinned: Option<bool>,
    pub locked: Option<bool>,
}

/// Pin or lock a thread (stewards).
#[utoipa::path(patch, path = "/api/v1/threads/{id}", tag = "forum", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = ThreadFlags,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn patch_thread(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(req): Json<ThreadFlags>,
) -> AppResult<StatusCode> {
    let access = ThreadAccess::load(&state, Some(&auth.user), id).await?;
    forum::set_flags(&state, &access, req.pinned, req.locked).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WatchRequest {
    pub watch: bool,
}

/// Watch a thread (hear about every new post), or stop (active members).
#[utoipa::path(post, path = "/api/v1/threads/{id}/watch", tag = "forum", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = WatchRequest,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn watch_thread(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(req): Json<WatchRequest>,
) -> AppResult<StatusCode> {
    let access = ThreadAccess::load(&state, Some(&auth.user), id).await?;
    forum::watch(&state, &access, &auth.user, req.watch).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NotificationJson {
    pub id: i32,
    /// `reply`, `mention`, `watched`, `proposal`, `closing`, `outcome`, `case`, `urgent`,
    /// `hidden` (your post or message was hidden by flags: the case), `rules_changed` (the
    /// house rules changed: read and accept them again); about your account
    /// `vouched`, `reset_requested`, `reset_cancelled`, `group_closed`, `group_reopened`,
    /// `let_in` and `declined` (the answer to your request to join); for stewards `join_surge`
    /// (more people joined in a day than the group's `join_surge`), `new_member_flag` (someone
    /// too new to count flagged something) and `join_request` (someone asks to join); help
    /// from peers `help_request`, `offer`, `offer_accepted`, `offer_declined`; small steps
    /// `goal_check_in` (the check-in you asked for), `goal_cheer`, `goal_reached`.
    pub kind: String,
    /// The group's address, for the stewards' notices.
    pub group: Option<String>,
    pub created_at: DateTime<Utc>,
    pub read: bool,
    pub thread_id: Option<i32>,
    pub post_id: Option<i32>,
    pub proposal_id: Option<i32>,
    pub case_id: Option<i32>,
    pub request_id: Option<i32>,
    pub goal_id: Option<i32>,
    /// For an `outcome`: what was decided (`passed`, `rejected`, `expired`; for a case
    /// `removed`, `restored`) and the counts.
    pub result: Option<ResultJson>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ResultJson {
    pub outcome: String,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

/// Your notifications, newest first; only about things you may still read.
#[utoipa::path(get, path = "/api/v1/notifications", tag = "accounts", security(("bearer" = [])),
    params(("limit" = Option<u64>, Query), ("before" = Option<i32>, Query)),
    responses((status = 200, body = Vec<NotificationJson>), (status = 401, body = ErrorBody)))]
pub async fn list_notifications(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Json<Vec<NotificationJson>>> {
    let items =
        forum::notifications(&state, &auth.user, q.limit.unwrap_or(50).clamp(1, 200), q.before).await?;
    Ok(Json(
        items
            .into_iter()
            .map(|n| NotificationJson {
                id: n.item.id,
                group: Some(n.group_slug).filter(|s| !s.is_empty()),
                kind: n.item.kind,
                created_at: n.item.created_at,
                read: n.item.read_at.is_some(),
                thread_id: n.item.thread_id,
                post_id: n.item.post_id,
                proposal_id: n.item.proposal_id,
                case_id: n.item.case_id,
                request_id: n.item.request_id,
                goal_id: n.item.goal_id,
                result: n.result.map(|r| ResultJson {
                    outcome: r.key.trim_start_matches("result-").to_owned(),
                    yes: r.yes,
                    no: r.no,
                    abstain: r.abstain,
                }),
            })
            .collect(),
    ))
}

/// Mark all your notifications read.
#[utoipa::path(post, path = "/api/v1/notifications/read", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn read_notifications(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
) -> AppResult<StatusCode> {
    db::notifications::mark_all_read(&state.db, auth.user.id).await?;
    Ok(StatusCode::NO_CONTENT)
}
