//! Forum pages: thread list, thread, reply, edit, delete, earlier versions, pin and lock.
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use crate::db;
use crate::domain::forum::{PAGE_SIZE, quote};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{FormResult, Outcome};
use crate::routes;
use crate::services::forum::{self, ThreadAccess};
use crate::services::groups::{GroupAccess, has_feed};
use crate::state::AppState;
use crate::views::forum::{
    Composer, ForumView, PostItem, ThreadView, edit_page, forum_page, revisions_page, thread_page,
};
use crate::views::{Confirm, confirm_page};

#[derive(Deserialize, Default)]
pub struct ForumQuery {
    before: Option<i32>,
}

async fn render_forum(
    state: &AppState,
    ctx: &Ctx,
    access: &GroupAccess,
    status: StatusCode,
    draft: Option<(&NewThreadForm, Vec<(&'static str, &'static str)>)>,
    before: Option<i32>,
) -> AppResult<Response> {
    let threads = db::forum::list_threads(
        &state.db,
        access.group.row.id,
        ctx.user().map(|u| u.id),
        100,
        before,
    )
    .await?;
    let can_write = access.may(Action::Write);
    let errors = draft.as_ref().map(|(_, e)| e.clone()).unwrap_or_default();
    let composer = can_write.then(|| Composer {
        action: routes::group_sub(&access.group.row.slug, "forum"),
        title: Some(draft.as_ref().map(|(d, _)| d.title.as_str()).unwrap_or("")),
        body: draft.as_ref().map(|(d, _)| d.body.as_str()).unwrap_or(""),
        warning: draft
            .as_ref()
            .map(|(d, _)| d.content_warning.as_str())
            .unwrap_or(""),
        parent_id: None,
        replying_to: None,
        errors: &errors,
        submit_key: "thread-new-submit",
    });
    let view = ForumView {
        group: &access.group,
        threads: &threads,
        can_write,
        composer,
        notice: None,
    };
    let mut frame = ctx.frame();
    frame.feed = has_feed(&access.group).then(|| routes::group_feed(&access.group.row.slug));
    Ok((status, forum_page(&frame, &view)).into_response())
}

pub async fn show_forum(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<ForumQuery>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    render_forum(&state, &ctx, &access, StatusCode::OK, None, q.before).await
}

#[derive(Deserialize)]
pub struct NewThreadForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    content_warning: String,
}

pub async fn create_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<NewThreadForm>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    match forum::start_thread(
        &state,
        &access,
        &auth.user,
        &form.title,
        &form.body,
        Some(&form.content_warning),
    )
    .await
    .refused()?
    {
        Outcome::Done((t, _)) => Ok(Redirect::to(&routes::thread(t.id)).into_response()),
        Outcome::Again(r) => {
            render_forum(&state, &ctx, &access, r.status, Some((&form, r.fields)), None).await
        }
    }
}

/// Where a post is shown: its thread, on the page it falls on in tree order (a nested reply
/// may sit early on), at its anchor.
async fn post_location(state: &AppState, thread_id: i32, post_id: i32) -> AppResult<String> {
    // Read the thread afresh: the post may be newer than a thread row loaded earlier.
    let thread = db::forum::find_thread(&state.db, thread_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let shape = state.shapes.of(&state.db, &thread).await?;
    let position = shape.position.get(&post_id).map_or(0, |(at, _)| *at);
    let page = position / PAGE_SIZE + 1;
    Ok(format!("{}?page={page}#p{post_id}", routes::thread(thread_id)))
}

/// A post's own address (used in notifications and search): sends the reader to it.
pub async fn show_post(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let post = db::forum::find_post(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    ThreadAccess::load(&state, ctx.user(), post.thread_id).await?;
    Ok(Redirect::to(&post_location(&state, post.thread_id, post.id).await?).into_response())
}

#[derive(Deserialize, Default)]
pub struct ThreadQuery {
    page: Option<usize>,
    reply_to: Option<i32>,
    quote: Option<i32>,
}

/// A reply being written again after a refusal.
struct Draft<'a> {
    body: &'a str,
    warning: &'a str,
    parent_id: Option<i32>,
    errors: Vec<(&'static str, &'static str)>,
}

/// Why the hidden posts on this page are hidden: the rules cited, the flags, the time the
/// group has to decide.
async fn why_hidden(
    state: &AppState,
    read: &forum::ThreadPage,
) -> AppResult<HashMap<i32, db::flags::HiddenWhy>> {
    let mut hidden = HashMap::new();
    for (id, _) in &read.on_page {
        if let Some((p, _)) = read.posts.get(id)
            && (p.status == "hidden" || p.status == "removed")
        {
            let why = db::flags::hidden_why(&state.db, crate::domain::moderation::Target::Post(p.id)).await?;
            hidden.insert(p.id, why);
        }
    }
    Ok(hidden)
}

async fn render_thread(
    state: &AppState,
    ctx: &Ctx,
    access: &ThreadAccess,
    q: &ThreadQuery,
    status: StatusCode,
    draft: Option<Draft<'_>>,
) -> AppResult<Response> {
    let t = &access.thread;
    let reader = ctx.user().map(|u| u.id);
    let asked: Vec<i32> = draft
        .as_ref()
        .and_then(|d| d.parent_id)
        .or(q.reply_to)
        .into_iter()
        .chain(q.quote)
        .collect();
    let read = forum::read_thread(state, access, reader, q.page, &asked).await?;
    let (page, pages, on_page, posts) = (read.page, read.pages, &read.on_page, &read.posts);
    let first_unread = read.first_unread();
    let reply_to = draft
        .as_ref()
        .and_then(|d| d.parent_id)
        .or(q.reply_to)
        .filter(|id| read.shape.position.contains_key(id));
    let quote_of = q.quote.filter(|id| read.shape.position.contains_key(id));
    let name_of = |id: i32| {
        posts.get(&id).map(|(_, author)| {
            author
                .as_ref()
                .map(|u| u.display_name.clone())
                .unwrap_or_else(|| ctx.tr.t("former-member"))
        })
    };
    let hidden = why_hidden(state, &read).await?;
    let items: Vec<PostItem> = on_page
        .iter()
        .filter_map(|&(id, depth)| {
            let (p, author) = posts.get(&id)?;
            Some(PostItem {
                post: p,
                author: author.as_ref(),
                depth,
                parent_author: p.parent_id.and_then(name_of),
                text: forum::visible_text(p, reader).map(|(_, html)| html),
                is_new: read.is_new(p.id),
                mine: reader.is_some() && p.author_id == reader,
                muted: read.is_muted(p),
                hidden: hidden.get(&p.id).cloned(),
            })
        })
        .collect();
    let can_write = access.group.may(Action::Write);
    let quoted = quote_of.and_then(|id| posts.get(&id)).and_then(|(p, u)| {
        forum::visible_text(p, reader).map(|(body, _)| {
            quote(
                &u.as_ref()
                    .map(|u| u.display_name.clone())
                    .unwrap_or_else(|| ctx.tr.t("former-member")),
                body,
            )
        })
    });
    let errors = draft.as_ref().map(|d| d.errors.clone()).unwrap_or_default();
    let composer = can_write.then(|| Composer {
        action: routes::thread(t.id),
        title: None,
        body: draft.as_ref().map(|d| d.body).or(quoted.as_deref()).unwrap_or(""),
        warning: draft.as_ref().map(|d| d.warning).unwrap_or(""),
        parent_id: reply_to,
        replying_to: reply_to.and_then(name_of),
        errors: &errors,
        submit_key: "reply-submit",
    });
    let view = ThreadView {
        group: &access.group.group,
        thread: t,
        posts: items,
        page,
        pages,
        first_unread,
        can_write,
        can_moderate: access.group.may(Action::Moderate),
        can_see_cases: access.group.may(Action::SeeMembers),
        muted: access.group.is_muted(),
        watching: read.watching,
        composer,
    };
    let mut frame = ctx.frame();
    frame.feed = has_feed(&access.group.group).then(|| routes::thread_feed(t.id));
    Ok((status, thread_page(&frame, &view)).into_response())
}

pub async fn show_thread(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<ThreadQuery>,
) -> AppResult<Response> {
    let access = ThreadAccess::load(&state, ctx.user(), id).await?;
    render_thread(&state, &ctx, &access, &q, StatusCode::OK, None).await
}

#[derive(Deserialize)]
pub struct ReplyForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    content_warning: String,
    parent_id: Option<String>,
}

pub async fn reply(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<ReplyForm>,
) -> AppResult<Response> {
    let access = ThreadAccess::load(&state, Some(&auth.user), id).await?;
    let parent_id = match form.parent_id.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(p.parse::<i32>().map_err(|_| AppError::BadRequest("parent_id"))?),
        None => None,
    };
    match forum::reply(
        &state,
        &access,
        &auth.user,
        &form.body,
        parent_id,
        Some(&form.content_warning),
    )
    .await
    .refused()?
    {
        Outcome::Done(p) => Ok(Redirect::to(&post_location(&state, id, p.id).await?).into_response()),
        Outcome::Again(r) => {
            let draft = Draft {
                body: &form.body,
                warning: &form.content_warning,
                parent_id,
                errors: r.fields,
            };
            render_thread(
                &state,
                &ctx,
                &access,
                &ThreadQuery::default(),
                r.status,
                Some(draft),
            )
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct FlagsForm {
    #[serde(default)]
    action: String,
}

pub async fn set_flags(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<FlagsForm>,
) -> AppResult<Response> {
    let access = ThreadAccess::load(&state, Some(&auth.user), id).await?;
    let (pinned, locked) = match form.action.as_str() {
        "pin" => (Some(true), None),
        "unpin" => (Some(false), None),
        "lock" => (None, Some(true)),
        "unlock" => (None, Some(false)),
        _ => return Err(AppError::BadRequest("action")),
    };
    forum::set_flags(&state, &access, pinned, locked).await?;
    Ok(Redirect::to(&routes::thread(id)).into_response())
}

pub async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
) -> AppResult<Markup> {
    let (p, access) = forum::own_post(&state, &auth.user, id).await?;
    let c = Composer {
        action: routes::post_edit(id),
        title: None,
        body: &p.body,
        warning: p.content_warning.as_deref().unwrap_or(""),
        parent_id: None,
        replying_to: None,
        errors: &[],
        submit_key: "edit-submit",
    };
    Ok(edit_page(&ctx.frame(), &access.thread, &c))
}

#[derive(Deserialize)]
pub struct EditForm {
    #[serde(default)]
    body: String,
    #[serde(default)]
    content_warning: String,
}

pub async fn edit(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<EditForm>,
) -> AppResult<Response> {
    match forum::edit(
        &state,
        &auth.user,
        id,
        &form.body,
        Some(Some(&form.content_warning)),
    )
    .await
    .refused()?
    {
        Outcome::Done(p) => {
            Ok(Redirect::to(&format!("{}#p{}", routes::thread(p.thread_id), p.id)).into_response())
        }
        Outcome::Again(r) => {
            let (_, access) = forum::own_post(&state, &auth.user, id).await?;
            let c = Composer {
                action: routes::post_edit(id),
                title: None,
                body: &form.body,
                warning: &form.content_warning,
                parent_id: None,
                replying_to: None,
                errors: &r.fields,
                submit_key: "edit-submit",
            };
            Ok((r.status, edit_page(&ctx.frame(), &access.thread, &c)).into_response())
        }
    }
}

/// A delete button's form: without `confirm=yes` it asks first (a page of its own, so that it
/// works without JavaScript).
#[derive(Deserialize)]
pub struct DeleteForm {
    #[serde(default)]
    confirm: String,
}

pub async fn delete(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    if form.confirm != "yes" {
        let (p, access) = forum::own_post(&state, &auth.user, id).await?;
        let tr = ctx.tr;
        let confirm = Confirm {
            title: tr.t("confirm-delete-post-title"),
            question: tr.t("confirm-delete-post"),
            item: forum::visible_text(&p, Some(auth.user.id)).map(|(_, html)| html),
            action: routes::post_delete(id),
            submit: tr.t("confirm-delete-submit"),
            back: format!("{}#p{id}", routes::thread(access.thread.id)),
        };
        return Ok(confirm_page(&ctx.frame(), &confirm).into_response());
    }
    let thread_id = forum::delete(&state, &auth.user, id).await?;
    Ok(Redirect::to(&format!("{}#p{id}", routes::thread(thread_id))).into_response())
}

pub async fn revisions(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Markup> {
    let p = db::forum::find_post(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let access = ThreadAccess::load(&state, ctx.user(), p.thread_id).await?;
    if forum::visible_text(&p, ctx.user().map(|u| u.id)).is_none() {
        return Err(AppError::NotFound);
    }
    let revs = db::forum::revisions(&state.db, id).await?;
    Ok(revisions_page(&ctx.frame(), &access.thread, &p, &revs))
}

#[derive(Deserialize)]
pub struct WatchForm {
    #[serde(default)]
    action: String,
}

pub async fn watch(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<WatchForm>,
) -> AppResult<Response> {
    let access = ThreadAccess::load(&state, Some(&auth.user), id).await?;
    let on = match form.action.as_str() {
        "watch" => true,
        "unwatch" => false,
        _ => return Err(AppError::BadRequest("action")),
    };
    forum::watch(&state, &access, &auth.user, on).await?;
    Ok(Redirect::to(&routes::thread(id)).into_response())
}

/// Your notifications; looking at them marks them read.
pub async fn notifications(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Query(q): Query<crate::http::pages::Done>,
) -> AppResult<Markup> {
    let items = forum::notifications(&state, &auth.user, 100, None).await?;
    let mut ctx = ctx;
    ctx.unread = 0;
    let saved = q.done.as_deref() == Some("saved");
    let page = crate::views::notifications::notifications_page(&ctx.frame(), &items, saved);
    db::notifications::mark_all_read(&state.db, auth.user.id).await?;
    Ok(page)
}
