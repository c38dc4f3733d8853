//! Threads, posts, revisions and read marks.
use std::collections::HashMap;

use entity::{post, post_revision, thread, thread_read, user};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

use crate::domain::forum::PostStatus;
use crate::domain::markdown;

/// What a new post says.
pub struct NewPost<'a> {
    pub parent_id: Option<i32>,
    pub author_id: i32,
    pub body: &'a str,
    pub body_html: &'a str,
    pub content_warning: Option<&'a str>,
}

/// Starts a thread with its first post. Run inside a transaction.
pub async fn create_thread(
    db: &impl ConnectionTrait,
    group_id: i32,
    title: &str,
    first: NewPost<'_>,
) -> Result<(thread::Model, post::Model), DbErr> {
    let now = super::now();
    let t = thread::ActiveModel {
        group_id: Set(group_id),
        author_id: Set(Some(first.author_id)),
        title: Set(title.to_owned()),
        pinned: Set(false),
        locked: Set(false),
        reply_count: Set(0),
        last_post_id: Set(None),
        created_at: Set(now),
        last_activity_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let p = insert_post(db, &t, first, Some(title)).await?;
    let t = thread::ActiveModel {
        id: Set(t.id),
        last_post_id: Set(Some(p.id)),
        ..Default::default()
    }
    .update(db)
    .await?;
    Ok((t, p))
}

/// Inserts a post and indexes it; `title` is the thread's, for its first post.
async fn insert_post(
    db: &impl ConnectionTrait,
    t: &thread::Model,
    new: NewPost<'_>,
    title: Option<&str>,
) -> Result<post::Model, DbErr> {
    let p = post::ActiveModel {
        thread_id: Set(t.id),
        group_id: Set(t.group_id),
        parent_id: Set(new.parent_id),
        author_id: Set(Some(new.author_id)),
        body: Set(new.body.to_owned()),
        body_html: Set(new.body_html.to_owned()),
        content_warning: Set(new.content_warning.map(str::to_owned)),
        status: Set(PostStatus::Visible.as_str().to_owned()),
        created_at: Set(super::now()),
        edited_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    super::search::index(db, p.id, title.unwrap_or(""), &markdown::plain_text(&p.body)).await?;
    Ok(p)
}

/// Adds a reply and moves the thread's activity forward. Run inside a transaction.
///
/// The thread's row is locked (its counter moved) before the post takes its id, so a thread's
/// posts commit in the order of their ids, on any number of instances: the last post id, which
/// keys the kept tree of the thread ([`super::shapes`]), only grows, and a tree kept for it
/// holds every post up to it.
pub async fn add_post(
    db: &impl ConnectionTrait,
    t: &thread::Model,
    new: NewPost<'_>,
) -> Result<post::Model, DbErr> {
    thread::Entity::update_many()
        .col_expr(
            thread::Column::ReplyCount,
            Expr::col(thread::Column::ReplyCount).add(1),
        )
        .filter(thread::Column::Id.eq(t.id))
        .exec(db)
        .await?;
    let p = insert_post(db, t, new, None).await?;
    thread::Entity::update_many()
        .col_expr(thread::Column::LastActivityAt, p.created_at.into())
        .col_expr(thread::Column::LastPostId, Some(p.id).into())
        .filter(thread::Column::Id.eq(t.id))
        .exec(db)
        .await?;
    Ok(p)
}

pub async fn find_thread(db: &impl ConnectionTrait, id: i32) -> Result<Option<thread::Model>, DbErr> {
    thread::Entity::find_by_id(id).one(db).await
}

pub async fn find_post(db: &impl ConnectionTrait, id: i32) -> Result<Option<post::Model>, DbErr> {
    post::Entity::find_by_id(id).one(db).await
}

/// A thread list entry: the thread, who started it, and whether there is something new for
/// the reader.
pub struct ThreadSummary {
    pub thread: thread::Model,
    pub author: Option<user::Model>,
    pub unread: bool,
}

/// A group's threads: pinned first, then by latest activity.
pub async fn list_threads(
    db: &impl ConnectionTrait,
    group_id: i32,
    reader: Option<i32>,
    limit: u64,
    before: Option<i32>,
) -> Result<Vec<ThreadSummary>, DbErr> {
    let mut q = thread::Entity::find().filter(thread::Column::GroupId.eq(group_id));
    if let Some(before) = before {
        q = q.filter(thread::Column::Id.lt(before));
    }
    let rows = q
        .find_also_related(user::Entity)
        .order_by_desc(thread::Column::Pinned)
        .order_by_desc(thread::Column::LastActivityAt)
        .order_by_desc(thread::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    let reads: HashMap<i32, i32> = match reader {
        Some(uid) if !rows.is_empty() => thread_read::Entity::find()
            .filter(thread_read::Column::UserId.eq(uid))
            .filter(thread_read::Column::ThreadId.is_in(rows.iter().map(|(t, _)| t.id).collect::<Vec<_>>()))
            .all(db)
            .await?
            .into_iter()
            .map(|r| (r.thread_id, r.last_read_post_id))
            .collect(),
        _ => HashMap::new(),
    };
    Ok(rows
        .into_iter()
        .map(|(t, author)| {
            let unread = reader.is_some()
                && t.last_post_id
                    .is_some_and(|last| reads.get(&t.id).is_none_or(|r| *r < last));
            ThreadSummary {
                thread: t,
                author,
                unread,
            }
        })
        .collect())
}

/// Every post of a thread with its author, oldest first (the caller orders the tree).
pub async fn posts(
    db: &impl ConnectionTrait,
    thread_id: i32,
) -> Result<Vec<(post::Model, Option<user::Model>)>, DbErr> {
    post::Entity::find()
        .filter(post::Column::ThreadId.eq(thread_id))
        .find_also_related(user::Entity)
        .order_by_asc(post::Column::Id)
        .all(db)
        .await
}

/// A thread's tree as far as `upto`: `(id, parent_id)` by id.
pub async fn shape(
    db: &impl ConnectionTrait,
    thread_id: i32,
    upto: i32,
) -> Result<Vec<(i32, Option<i32>)>, DbErr> {
    post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .column(post::Column::ParentId)
        .filter(post::Column::ThreadId.eq(thread_id))
        .filter(post::Column::Id.lte(upto))
        .order_by_asc(post::Column::Id)
        .into_tuple()
        .all(db)
        .await
}

/// These posts of a thread with their authors, by id.
pub async fn posts_by_ids(
    db: &impl ConnectionTrait,
    thread_id: i32,
    ids: Vec<i32>,
) -> Result<HashMap<i32, (post::Model, Option<user::Model>)>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    Ok(post::Entity::find()
        .filter(post::Column::ThreadId.eq(thread_id))
        .filter(post::Column::Id.is_in(ids))
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .map(|(p, u)| (p.id, (p, u)))
        .collect())
}

/// The first post of each of these threads (the oldest: a reply to nobody in particular also
/// has no parent), by thread id.
pub async fn first_posts(
    db: &impl ConnectionTrait,
    thread_ids: Vec<i32>,
) -> Result<HashMap<i32, post::Model>, DbErr> {
    if thread_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let firsts: Vec<i32> = post::Entity::find()
        .select_only()
        .column_as(Expr::col(post::Column::Id).min(), "first")
        .filter(post::Column::ThreadId.is_in(thread_ids))
        .group_by(post::Column::ThreadId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(post::Entity::find()
        .filter(post::Column::Id.is_in(firsts))
        .all(db)
        .await?
        .into_iter()
        .map(|p| (p.thread_id, p))
        .collect())
}

/// A thread's newest visible posts with their authors, newest first.
pub async fn recent_visible_posts(
    db: &impl ConnectionTrait,
    thread_id: i32,
    limit: u64,
) -> Result<Vec<(post::Model, Option<user::Model>)>, DbErr> {
    post::Entity::find()
        .filter(post::Column::ThreadId.eq(thread_id))
        .filter(post::Column::Status.eq(PostStatus::Visible.as_str()))
        .find_also_related(user::Entity)
        .order_by_desc(post::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Replaces a post's text, keeping the old one as a revision. Run inside a transaction.
pub async fn edit_post(
    db: &impl ConnectionTrait,
    old: &post::Model,
    body: &str,
    body_html: &str,
    content_warning: Option<&str>,
) -> Result<post::Model, DbErr> {
    post_revision::ActiveModel {
        post_id: Set(old.id),
        body: Set(old.body.clone()),
        content_warning: Set(old.content_warning.clone()),
        created_at: Set(old.edited_at.unwrap_or(old.created_at)),
        ..Default::default()
    }
    .insert(db)
    .await?;
    let p = post::ActiveModel {
        id: Set(old.id),
        body: Set(body.to_owned()),
        body_html: Set(body_html.to_owned()),
        content_warning: Set(content_warning.map(str::to_owned)),
        edited_at: Set(Some(super::now())),
        ..Default::default()
    }
    .update(db)
    .await?;
    let first = first_posts(db, vec![p.thread_id]).await?;
    let title = match first.get(&p.thread_id) {
        Some(f) if f.id == p.id => find_thread(db, p.thread_id)
            .await?
            .map(|t| t.title)
            .unwrap_or_default(),
        _ => String::new(),
    };
    super::search::index(db, p.id, &title, &markdown::plain_text(&p.body)).await?;
    Ok(p)
}

/// The earlier versions of a post, newest first.
pub async fn revisions(db: &impl ConnectionTrait, post_id: i32) -> Result<Vec<post_revision::Model>, DbErr> {
    post_revision::Entity::find()
        .filter(post_revision::Column::PostId.eq(post_id))
        .order_by_desc(post_revision::Column::Id)
        .limit(200)
        .all(db)
        .await
}

/// Deletes a post at its author's wish: the text and its earlier versions are gone; the
/// place in the tree stays, so that replies keep their context. Run inside a transaction.
pub async fn delete_post(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    post_revision::Entity::delete_many()
        .filter(post_revision::Column::PostId.eq(id))
        .exec(db)
        .await?;
    post::Entity::update_many()
        .col_expr(post::Column::Body, "".into())
        .col_expr(post::Column::BodyHtml, "".into())
        .col_expr(post::Column::ContentWarning, Option::<String>::None.into())
        .col_expr(post::Column::Status, PostStatus::Deleted.as_str().into())
        .filter(post::Column::Id.eq(id))
        .exec(db)
        .await?;
    title_follows_first_post(db, id, PostStatus::Deleted).await?;
    super::search::remove(db, id).await
}

/// A thread's title is its first post's words, so it follows that post: set aside while members
/// have the post hidden or removed (every list, feed, search hit and notification then shows a
/// placeholder), back when they restore it, gone when its author deletes it. Call after the
/// post's status changed; nothing happens for any other post.
pub async fn title_follows_first_post(
    db: &impl ConnectionTrait,
    post_id: i32,
    now: PostStatus,
) -> Result<(), DbErr> {
    let Some(thread_id) = post::Entity::find_by_id(post_id)
        .select_only()
        .column(post::Column::ThreadId)
        .into_tuple::<i32>()
        .one(db)
        .await?
    else {
        return Ok(());
    };
    let first: Option<i32> = post::Entity::find()
        .select_only()
        .column_as(Expr::col(post::Column::Id).min(), "first")
        .filter(post::Column::ThreadId.eq(thread_id))
        .into_tuple()
        .one(db)
        .await?;
    if first != Some(post_id) {
        return Ok(());
    }
    let q = thread::Entity::update_many().filter(thread::Column::Id.eq(thread_id));
    let none = Expr::value(Option::<String>::None);
    match now {
        PostStatus::Visible => q
            .col_expr(thread::Column::Title, Expr::col(thread::Column::HiddenTitle))
            .col_expr(thread::Column::HiddenTitle, none)
            .filter(thread::Column::HiddenTitle.is_not_null()),
        PostStatus::Hidden | PostStatus::Removed => q
            .col_expr(thread::Column::HiddenTitle, Expr::col(thread::Column::Title))
            .col_expr(thread::Column::Title, Expr::value(""))
            .filter(thread::Column::HiddenTitle.is_null()),
        PostStatus::Deleted => q
            .col_expr(thread::Column::Title, Expr::value(""))
            .col_expr(thread::Column::HiddenTitle, none),
    }
    .exec(db)
    .await?;
    Ok(())
}

pub async fn set_flags(
    db: &impl ConnectionTrait,
    thread_id: i32,
    pinned: Option<bool>,
    locked: Option<bool>,
) -> Result<(), DbErr> {
    let mut q = thread::Entity::update_many().filter(thread::Column::Id.eq(thread_id));
    if let Some(p) = pinned {
        q = q.col_expr(thread::Column::Pinned, p.into());
    }
    if let Some(l) = locked {
        q = q.col_expr(thread::Column::Locked, l.into());
    }
    q.exec(db).await.map(|_| ())
}

/// What a thread page needs to know of its reader, read in one statement.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ReaderOfThread {
    /// The read mark before this visit.
    pub last_read: Option<i32>,
    /// Whether the reader watches the thread.
    pub watching: bool,
    /// Whose words the reader chose not to see.
    pub muted: Vec<i32>,
}

/// The reader's read mark, watch and personal mutes for a thread page: one statement (three
/// `UNION ALL`ed selects, each row tagged with what it is) instead of three round trips.
pub async fn reader_of_thread(
    db: &impl ConnectionTrait,
    user_id: i32,
    thread_id: i32,
) -> Result<ReaderOfThread, DbErr> {
    use entity::{personal_mute, thread_watch};
    use sea_orm::sea_query::{Query, UnionType};
    let mut q = Query::select()
        .expr_as(Expr::val("r"), "k")
        .expr_as(Expr::col(thread_read::Column::LastReadPostId), "v")
        .from(thread_read::Entity)
        .and_where(Expr::col(thread_read::Column::UserId).eq(user_id))
        .and_where(Expr::col(thread_read::Column::ThreadId).eq(thread_id))
        .to_owned();
    q.union(
        UnionType::All,
        Query::select()
            .expr(Expr::val("w"))
            .expr(Expr::col(thread_watch::Column::ThreadId))
            .from(thread_watch::Entity)
            .and_where(Expr::col(thread_watch::Column::UserId).eq(user_id))
            .and_where(Expr::col(thread_watch::Column::ThreadId).eq(thread_id))
            .to_owned(),
    )
    .union(
        UnionType::All,
        Query::select()
            .expr(Expr::val("m"))
            .expr(Expr::col(personal_mute::Column::MutedId))
            .from(personal_mute::Entity)
            .and_where(Expr::col(personal_mute::Column::UserId).eq(user_id))
            .to_owned(),
    );
    let mut out = ReaderOfThread::default();
    for row in db.query_all(&q).await? {
        let kind: String = row.try_get_by_index(0)?;
        let value: i32 = row.try_get_by_index(1)?;
        match kind.as_str() {
            "r" => out.last_read = Some(value),
            "w" => out.watching = true,
            _ => out.muted.push(value),
        }
    }
    Ok(out)
}

/// Records that the reader has seen the thread up to `post_id` (never moves backwards).
pub async fn mark_read(
    db: &impl ConnectionTrait,
    user_id: i32,
    thread_id: i32,
    post_id: i32,
) -> Result<(), DbErr> {
    let moved = thread_read::Entity::update_many()
        .col_expr(thread_read::Column::LastReadPostId, post_id.into())
        .filter(thread_read::Column::UserId.eq(user_id))
        .filter(thread_read::Column::ThreadId.eq(thread_id))
        .filter(thread_read::Column::LastReadPostId.lt(post_id))
        .exec(db)
        .await?;
    if moved.rows_affected > 0 {
        return Ok(());
    }
    // First visit, or already further: insert, and let an existing row stand.
    thread_read::Entity::insert(thread_read::ActiveModel {
        user_id: Set(user_id),
        thread_id: Set(thread_id),
        last_read_post_id: Set(post_id),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([thread_read::Column::UserId, thread_read::Column::ThreadId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    .map(|_| ())
}
