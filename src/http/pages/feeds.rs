//! Atom feeds of public groups and their threads. Feed readers come without a session, and a
//! feed can be passed on: every feed is built as an anonymous visitor sees the group, so a
//! private group has none, whoever asks.
use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::db;
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::http::context::Ctx;
use crate::http::extract::Path;
use crate::services::forum::ThreadAccess;
use crate::services::groups::GroupAccess;
use crate::state::AppState;
use crate::views::feeds::{Site, group_feed, thread_feed};

/// Entries in a feed.
const ENTRIES: u64 = 50;

fn atom(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "application/atom+xml; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}

fn site(state: &AppState) -> Site {
    Site {
        base: state.config.public_url(),
    }
}

pub async fn group(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, None, &slug, Action::ReadContent).await?;
    let threads = db::forum::list_threads(&state.db, access.group.row.id, None, ENTRIES, None).await?;
    let first = db::forum::first_posts(&state.db, threads.iter().map(|s| s.thread.id).collect()).await?;
    Ok(atom(group_feed(
        ctx.tr,
        &site(&state),
        &access.group,
        &threads,
        &first,
    )))
}

pub async fn thread(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let access = ThreadAccess::load(&state, None, id).await?;
    let posts = db::forum::recent_visible_posts(&state.db, id, ENTRIES).await?;
    let first = db::forum::first_posts(&state.db, vec![id])
        .await?
        .remove(&id)
        .map(|p| p.id);
    Ok(atom(thread_feed(
        ctx.tr,
        &site(&state),
        &access.thread,
        first,
        &posts,
    )))
}

/// Every public statement on the instance.
pub async fn statements(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let items = crate::services::statements::all(&state, ENTRIES).await?;
    Ok(atom(crate::views::feeds::statements_feed(
        ctx.tr,
        &site(&state),
        &items,
    )))
}
