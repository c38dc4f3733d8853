//! Forum use cases shared by pages and API: threads, replies, edits, deletes, pin and lock.
//! A thread is reached only through its group's [`GroupAccess`].
use entity::{post, thread, user};
use sea_orm::TransactionTrait;

use crate::app::AppState;
use crate::db;
use crate::db::forum::NewPost;
use crate::domain::Invalid;
use crate::domain::forum::{self, PostStatus};
use crate::domain::markdown;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::groups::GroupAccess;

/// A thread as seen by one person: loaded only if they may read its group.
pub struct ThreadAccess {
    pub thread: thread::Model,
    pub group: GroupAccess,
}

impl ThreadAccess {
    pub async fn load(state: &AppState, user: Option<&user::Model>, thread_id: i32) -> AppResult<Self> {
        let thread = db::forum::find_thread(&state.db, thread_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let group = GroupAccess::load_by_id(state, user, thread.group_id, Action::ReadContent).await?;
        Ok(Self { thread, group })
    }
}

/// Checked text of a post.
struct PostText {
    body: String,
    html: String,
    warning: Option<String>,
}

fn check_post(body: &str, warning: Option<&str>) -> Result<PostText, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let body = forum::parse_body(body).map_err(|e| errors.push(("body", e))).ok();
    let warning = forum::parse_warning(warning)
        .map_err(|e| errors.push(("content_warning", e)))
        .ok();
    match (body, warning) {
        (Some(body), Some(warning)) => Ok(PostText {
            html: markdown::render(&body),
            body,
            warning,
        }),
        _ => Err(errors),
    }
}

/// Starts a thread in a group.
pub async fn start_thread(
    state: &AppState,
    access: &GroupAccess,
    author: &user::Model,
    title: &str,
    body: &str,
    warning: Option<&str>,
) -> AppResult<(thread::Model, post::Model)> {
    access.require(Action::Write)?;
    let title = forum::parse_title(title);
    let text = check_post(body, warning);
    let (title, text) = match (title, text) {
        (Ok(t), Ok(p)) => (t, p),
        (t, p) => {
            let mut errors = p.err().unwrap_or_default();
            if let Err(e) = t {
                errors.insert(0, ("title", e));
            }
            return Err(AppError::Invalid(errors));
        }
    };
    state.limits.post(author.id)?;
    let txn = state.db.begin().await?;
    let first = NewPost {
        parent_id: None,
        author_id: author.id,
        body: &text.body,
        body_html: &text.html,
        content_warning: text.warning.as_deref(),
    };
    let created = db::forum::create_thread(&txn, access.group.row.id, &title, first).await?;
    txn.commit().await?;
    tracing::info!(
        thread_id = created.0.id,
        group_id = access.group.row.id,
        "thread started"
    );
    Ok(created)
}

/// Replies in a thread, to its first post or to `parent_id`.
pub async fn reply(
    state: &AppState,
    access: &ThreadAccess,
    author: &user::Model,
    body: &str,
    parent_id: Option<i32>,
    warning: Option<&str>,
) -> AppResult<post::Model> {
    access.group.require(Action::Write)?;
    if access.thread.locked {
        return Err(AppError::ThreadLocked);
    }
    let text = check_post(body, warning).map_err(AppError::Invalid)?;
    if let Some(pid) = parent_id {
        let parent = db::forum::find_post(&state.db, pid).await?;
        if parent.is_none_or(|p| p.thread_id != access.thread.id) {
            return Err(AppError::field("parent_id", Invalid("err-parent")));
        }
    }
    state.limits.post(author.id)?;
    let txn = state.db.begin().await?;
    let new = NewPost {
        parent_id,
        author_id: author.id,
        body: &text.body,
        body_html: &text.html,
        content_warning: text.warning.as_deref(),
    };
    let p = db::forum::add_post(&txn, &access.thread, new).await?;
    txn.commit().await?;
    Ok(p)
}

/// A post and the thread it is in, for its author to change.
pub async fn own_post(
    state: &AppState,
    user: &user::Model,
    post_id: i32,
) -> AppResult<(post::Model, ThreadAccess)> {
    let p = db::forum::find_post(&state.db, post_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = ThreadAccess::load(state, Some(user), p.thread_id).await?;
    if p.author_id != Some(user.id) {
        return Err(AppError::Forbidden);
    }
    Ok((p, access))
}

/// The author changes their post; the old text is kept as a revision.
pub async fn edit(
    state: &AppState,
    user: &user::Model,
    post_id: i32,
    body: &str,
    warning: Option<Option<&str>>,
) -> AppResult<post::Model> {
    let (p, access) = own_post(state, user, post_id).await?;
    access.group.require(Action::Write)?;
    if PostStatus::parse(&p.status) != Some(PostStatus::Visible) {
        return Err(AppError::Conflict {
            code: "not_editable",
            field: "body",
            key: "err-not-editable",
        });
    }
    let warning = match warning {
        Some(w) => w,
        None => p.content_warning.as_deref(),
    };
    let text = check_post(body, warning).map_err(AppError::Invalid)?;
    if text.body == p.body && text.warning == p.content_warning {
        return Ok(p);
    }
    let txn = state.db.begin().await?;
    let updated = db::forum::edit_post(&txn, &p, &text.body, &text.html, text.warning.as_deref()).await?;
    txn.commit().await?;
    Ok(updated)
}

/// The author deletes their post: the text goes, its place in the tree stays.
pub async fn delete(state: &AppState, user: &user::Model, post_id: i32) -> AppResult<i32> {
    let (p, access) = own_post(state, user, post_id).await?;
    if PostStatus::parse(&p.status) == Some(PostStatus::Deleted) {
        return Ok(access.thread.id);
    }
    let txn = state.db.begin().await?;
    db::forum::delete_post(&txn, p.id).await?;
    txn.commit().await?;
    Ok(access.thread.id)
}

/// Stewards pin or lock a thread.
pub async fn set_flags(
    state: &AppState,
    access: &ThreadAccess,
    pinned: Option<bool>,
    locked: Option<bool>,
) -> AppResult<()> {
    access.group.require(Action::Moderate)?;
    db::forum::set_flags(&state.db, access.thread.id, pinned, locked).await?;
    Ok(())
}

/// What a reader may see of a post's text: nothing of a deleted or removed one, and of a
/// hidden one only if they wrote it.
pub fn visible_text(p: &post::Model, reader: Option<i32>) -> Option<(&str, &str)> {
    match PostStatus::parse(&p.status) {
        Some(PostStatus::Visible) => Some((&p.body, &p.body_html)),
        Some(PostStatus::Hidden) if reader.is_some() && p.author_id == reader => {
            Some((&p.body, &p.body_html))
        }
        _ => None,
    }
}
