//! `/api/v1/search`: full-text search over what you may read.
use axum::extract::State;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::domain::search::snippet_html;
use crate::error::AppResult;
use crate::http::context::Ctx;
use crate::http::extract::{Json, Query};
use crate::services::search;
use crate::state::AppState;

/// Where a hit is: a thread (its title or first post matched) or a reply.
#[derive(Debug, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HitKind {
    Thread,
    Post,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SearchHit {
    pub kind: HitKind,
    /// The thread's id for a thread, the post's id for a post.
    pub id: i32,
    pub thread_id: i32,
    pub post_id: i32,
    /// The group's slug.
    pub group: String,
    pub group_name: String,
    /// The thread's title.
    pub title: String,
    /// HTML: a piece of the text around the match, escaped, with matched words in `<mark>`.
    pub snippet: String,
    /// The post's content warning: show it before the snippet.
    pub content_warning: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    group: Option<String>,
    limit: Option<u64>,
    offset: Option<u64>,
}

/// Threads and posts matching `q` in the groups you may read (or only in `group`), best
/// first. Words match in Dutch and English forms on PostgreSQL, and by their start on SQLite.
#[utoipa::path(get, path = "/api/v1/search", tag = "forum",
    params(("q" = String, Query, description = "1–200 characters with at least one word"),
        ("group" = Option<String>, Query, description = "a group's slug"),
        ("limit" = Option<u64>, Query, description = "default 50, at most 200"),
        ("offset" = Option<u64>, Query, description = "hits to skip, at most 1000")),
    responses((status = 200, body = Vec<SearchHit>), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SearchQuery>,
) -> AppResult<Json<Vec<SearchHit>>> {
    let hits = search::search(
        &state,
        ctx.user(),
        &q.q,
        q.group.as_deref(),
        q.limit.unwrap_or(50).clamp(1, 200),
        q.offset.unwrap_or(0).min(1000),
    )
    .await?;
    Ok(Json(
        hits.into_iter()
            .map(|h| SearchHit {
                kind: if h.first { HitKind::Thread } else { HitKind::Post },
                id: if h.first { h.thread_id } else { h.post_id },
                thread_id: h.thread_id,
                post_id: h.post_id,
                group: h.group_slug,
                group_name: h.group_name,
                title: h.title,
                snippet: snippet_html(&h.snippet),
                content_warning: h.content_warning,
            })
            .collect(),
    ))
}
