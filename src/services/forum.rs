//! Forum use cases shared by pages and API: threads, replies, edits, deletes, pin and lock.
//! A thread is reached only through its group's [`GroupAccess`].
use entity::{post, thread, user};

use crate::db;
use crate::db::forum::NewPost;
use crate::domain::Invalid;
use crate::domain::forum::{self, PostStatus};
use crate::domain::markdown;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::services::guard::{self, Act, Words};
use crate::state::AppState;

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

/// One page of a thread as one reader sees it: from the kept tree, only the posts on the
/// page (and those they answer, and any others asked for) are read.
pub struct ThreadPage {
    pub shape: std::sync::Arc<crate::db::shapes::Shape>,
    /// The page shown (from 1) and how many there are.
    pub page: usize,
    pub pages: usize,
    /// `(post id, depth)` on this page, in reading order.
    pub on_page: Vec<(i32, usize)>,
    /// The posts read, with their authors.
    pub posts: std::collections::HashMap<i32, (post::Model, Option<user::Model>)>,
    /// Whose words the reader chose not to see.
    pub muted: Vec<i32>,
    /// The reader's read mark before this look (`None`: never read, or anonymous).
    pub last_read: Option<i32>,
    /// Whether the reader watches the thread (never for an anonymous reader).
    pub watching: bool,
    reader: Option<i32>,
}

impl ThreadPage {
    /// Whether the reader has not seen this post before (never for an anonymous reader).
    pub fn is_new(&self, id: i32) -> bool {
        self.reader.is_some() && self.last_read.is_none_or(|r| id > r)
    }

    /// The first post the reader has not seen, and its page (only for a returning reader).
    pub fn first_unread(&self) -> Option<(i32, usize)> {
        self.last_read
            .and_then(|_| self.shape.order.iter().position(|(id, _)| self.is_new(*id)))
            .map(|pos| (self.shape.order[pos].0, pos / forum::PAGE_SIZE + 1))
    }

    pub fn is_muted(&self, p: &post::Model) -> bool {
        p.author_id.is_some_and(|a| self.muted.contains(&a))
    }
}

/// Reads a page of a thread for the page and the API alike, and moves the reader's read mark
/// to the thread's last post only when there is something new (reading stays a read).
pub async fn read_thread(
    state: &AppState,
    access: &ThreadAccess,
    reader: Option<i32>,
    page: Option<usize>,
    also: &[i32],
) -> AppResult<ThreadPage> {
    let t = &access.thread;
    let shape = state.shapes.of(&state.db, t).await?;
    let of_reader = match reader {
        Some(uid) => db::forum::reader_of_thread(&state.db, uid, t.id).await?,
        None => db::forum::ReaderOfThread::default(),
    };
    let last_read = of_reader.last_read;
    let pages = shape.pages();
    let (page, on_page) = shape.page(page.unwrap_or(1));
    let mut wanted: Vec<i32> = on_page
        .iter()
        .map(|(id, _)| *id)
        .chain(also.iter().copied().filter(|id| shape.position.contains_key(id)))
        .chain(on_page.iter().filter_map(|(id, _)| shape.parent(*id)))
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    let posts = db::forum::posts_by_ids(&state.db, t.id, wanted).await?;
    if let (Some(uid), Some(last)) = (reader, t.last_post_id)
        && last_read.is_none_or(|r| r < last)
    {
        // A read mark is a convenience: when it cannot be stored (a full disk, say), the
        // reader still reads.
        if let Err(e) = db::forum::mark_read(&state.db, uid, t.id, last).await {
            tracing::warn!(error = %e, "could not store a read mark");
        }
    }
    Ok(ThreadPage {
        shape,
        page,
        pages,
        on_page,
        posts,
        muted: of_reader.muted,
        last_read,
        watching: of_reader.watching,
        reader,
    })
}

/// Checked text of a post.
struct PostText {
    body: String,
    html: String,
    warning: Option<String>,
}

impl PostText {
    fn words(&self) -> Words<'_> {
        Words {
            text: &self.body,
            html: &self.html,
        }
    }
}

async fn check_post(body: &str, warning: Option<&str>) -> Result<PostText, Vec<(&'static str, Invalid)>> {
    let mut errors = Vec::new();
    let body = forum::parse_body(body).map_err(|e| errors.push(("body", e))).ok();
    let warning = forum::parse_warning(warning)
        .map_err(|e| errors.push(("content_warning", e)))
        .ok();
    match (body, warning) {
        (Some(body), Some(warning)) => match render_markdown(&body).await {
            Ok(html) => Ok(PostText { html, body, warning }),
            Err(e) => Err(vec![("body", e)]),
        },
        _ => Err(errors),
    }
}

/// Renders what a member wrote, refusing what would render too large. A long text renders
/// on a blocking thread: a few milliseconds of parsing must not hold up the runtime that
/// serves everyone else (a short one renders in microseconds, in place).
pub async fn render_markdown(source: &str) -> Result<String, Invalid> {
    const IN_PLACE: usize = 4 * 1024;
    if source.len() <= IN_PLACE {
        return markdown::render_limited(source);
    }
    let source = source.to_owned();
    tokio::task::spawn_blocking(move || markdown::render_limited(&source))
        .await
        .unwrap_or(Err(Invalid("err-rendered-too-large")))
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
    let text = check_post(body, warning).await;
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
    let _cleared = guard::check(state, access, author, Act::StartThread, Some(text.words())).await?;
    let (access_, author_) = (access.clone(), author.clone());
    let (created, notified) = state
        .commits
        .run(0, move |txn| {
            Box::pin(async move {
                let first = NewPost {
                    parent_id: None,
                    author_id: author_.id,
                    body: &text.body,
                    body_html: &text.html,
                    content_warning: text.warning.as_deref(),
                };
                let created = db::forum::create_thread(txn, access_.group.row.id, &title, first).await?;
                db::notifications::set_watch(txn, author_.id, created.0.id, true).await?;
                let notified = notify(txn, &access_, &created.1, &author_, None).await?;
                Ok::<_, AppError>((created, notified))
            })
        })
        .await?;
    crate::services::chat::notifications_changed(state, &notified).await;
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
    let text = check_post(body, warning).await.map_err(AppError::Invalid)?;
    if let Some(pid) = parent_id {
        let parent = db::forum::find_post(&state.db, pid).await?;
        if parent.is_none_or(|p| p.thread_id != access.thread.id) {
            return Err(AppError::field("parent_id", Invalid("err-parent")));
        }
    }
    let _cleared = guard::check(state, &access.group, author, Act::Reply, Some(text.words())).await?;
    let (thread, group, author) = (access.thread.clone(), access.group.clone(), author.clone());
    // Group commit: the reply goes into the next batch's transaction, all-or-nothing, and is
    // answered once that batch is durable.
    let (p, notified) = state
        .commits
        .run(i64::from(access.thread.id), move |txn| {
            Box::pin(async move {
                let new = NewPost {
                    parent_id,
                    author_id: author.id,
                    body: &text.body,
                    body_html: &text.html,
                    content_warning: text.warning.as_deref(),
                };
                let p = db::forum::add_post(txn, &thread, new).await?;
                let parent_author = match parent_id {
                    Some(pid) => db::forum::find_post(txn, pid).await?.and_then(|p| p.author_id),
                    None => None,
                };
                let notified = notify(txn, &group, &p, &author, parent_author).await?;
                Ok::<_, AppError>((p, notified))
            })
        })
        .await?;
    crate::services::chat::notifications_changed(state, &notified).await;
    Ok(p)
}

/// Tells the people a new post concerns: those it mentions (if they may read the thread),
/// the author of the post it answers, and those who watch the thread. One notification per
/// person, never to the writer, and only to people who may read the group.
async fn notify(
    db: &impl sea_orm::ConnectionTrait,
    access: &GroupAccess,
    p: &post::Model,
    author: &user::Model,
    parent_author: Option<i32>,
) -> AppResult<Vec<i32>> {
    let mut recipients: Vec<(i32, &'static str)> = Vec::new();
    for name in forum::mentions(&p.body) {
        let Ok(username) = crate::domain::account::Username::parse(&name) else {
            continue;
        };
        if let Some(u) = db::users::find_by_username(db, &username).await? {
            recipients.push((u.id, "mention"));
        }
    }
    if let Some(a) = parent_author {
        recipients.push((a, "reply"));
    }
    for w in db::notifications::watchers(db, p.thread_id).await? {
        recipients.push((w, "watched"));
    }
    let mut items = Vec::new();
    let mut seen = std::collections::HashSet::from([author.id]);
    // Who put the writer on "niet meer zien" is not told what they write.
    let ids: Vec<i32> = recipients.iter().map(|(u, _)| *u).collect();
    seen.extend(db::mutes::who_muted(db, author.id, &ids).await?);
    for (uid, kind) in recipients {
        if !seen.insert(uid) {
            continue;
        }
        let place = db::groups::membership(db, access.group.row.id, uid).await?;
        let viewer = crate::domain::policy::Viewer::User { admin: false };
        let place = place.map(|m| crate::domain::policy::Place {
            role: m.role,
            status: m.status,
            muted: false,
        });
        if crate::services::groups::decide_in(viewer, &access.group, place, Action::ReadContent)
            != crate::domain::policy::Decision::Allow
        {
            continue;
        }
        items.push(db::notifications::New {
            user_id: uid,
            kind,
            group_id: access.group.row.id,
            thread_id: Some(p.thread_id),
            post_id: Some(p.id),
            actor_id: Some(author.id),
            proposal_id: None,
            case_id: None,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        });
    }
    let notified = items.iter().map(|n| n.user_id).collect();
    db::notifications::insert_many(db, items).await?;
    Ok(notified)
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
    let text = check_post(body, warning).await.map_err(AppError::Invalid)?;
    if text.body == p.body && text.warning == p.content_warning {
        return Ok(p);
    }
    // The same guard as a new post: a new account cannot add afterwards the links it could
    // not post, and a muted member cannot change what they wrote.
    let _cleared = guard::check(state, &access.group, user, Act::EditPost, Some(text.words())).await?;
    let txn = crate::db::write(&state.db).await?;
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
    let _cleared = guard::check(state, &access.group, user, Act::DeletePost, None).await?;
    let txn = crate::db::write(&state.db).await?;
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

/// A notification with what the reader may know of it now: the thread title, the group and
/// who acted. Notifications about threads the reader can no longer read are left out.
pub struct NotificationView {
    pub item: entity::notification::Model,
    pub thread_title: String,
    pub group_name: String,
    /// Only where the notification links to its group (the stewards' notices).
    pub group_slug: String,
    pub actor: Option<String>,
    /// For an outcome: what was decided, with the counts.
    pub result: Option<Decided>,
}

/// What a vote decided, for its outcome notice: the catalogue key of the result (it takes
/// `yes`, `no` and `abstain`) and the counts.
pub struct Decided {
    pub key: &'static str,
    pub yes: u32,
    pub no: u32,
    pub abstain: u32,
}

/// The result of a closed proposal (or case vote), if it is closed.
fn decided(p: &entity::proposal::Model, case_status: Option<&str>) -> Option<Decided> {
    let key = match (case_status, p.status.as_str()) {
        (Some("removed"), _) => "result-removed",
        (Some("restored"), _) => "result-restored",
        (Some(_), _) => return None,
        (None, "passed") => "result-passed",
        (None, "rejected") => "result-rejected",
        (None, "expired") => "result-expired",
        _ => return None,
    };
    Some(Decided {
        key,
        yes: p.tally_yes.max(0) as u32,
        no: p.tally_no.max(0) as u32,
        abstain: p.tally_abstain.max(0) as u32,
    })
}

/// The result to show with a notification, for an outcome.
async fn result_of(state: &AppState, item: &entity::notification::Model) -> AppResult<Option<Decided>> {
    if item.kind != "outcome" {
        return Ok(None);
    }
    if let Some(case_id) = item.case_id {
        let Some(c) = db::flags::find_case(&state.db, case_id).await? else {
            return Ok(None);
        };
        let Some(pid) = c.proposal_id else { return Ok(None) };
        let p = db::decisions::find(&state.db, pid).await?;
        return Ok(p.and_then(|p| decided(&p, Some(&c.status))));
    }
    let Some(pid) = item.proposal_id else {
        return Ok(None);
    };
    Ok(db::decisions::find(&state.db, pid)
        .await?
        .and_then(|p| decided(&p, None)))
}

pub async fn notifications(
    state: &AppState,
    user: &user::Model,
    limit: u64,
    before: Option<i32>,
) -> AppResult<Vec<NotificationView>> {
    let items = db::notifications::list(&state.db, user.id, limit, before).await?;
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        if let Some(case_id) = item.case_id {
            // A case: only while its group's members may still see it.
            let Ok(access) = crate::services::moderation::CaseAccess::load(state, Some(user), case_id).await
            else {
                continue;
            };
            out.push(NotificationView {
                thread_title: String::new(),
                group_name: access.group.group.row.name.clone(),
                group_slug: String::new(),
                actor: None,
                result: result_of(state, &item).await?,
                item,
            });
            continue;
        }
        if db::notifications::FOR_STEWARDS.contains(&item.kind.as_str()) {
            // For stewards: while the reader still is one there.
            let Some(gid) = item.group_id else { continue };
            let Ok(access) = crate::services::groups::GroupAccess::load_by_id(
                state,
                Some(user),
                gid,
                crate::domain::policy::Action::SeeGroup,
            )
            .await
            else {
                continue;
            };
            if !access.is_steward() {
                continue;
            }
            let thread_title = match item.thread_id {
                Some(t) => db::forum::find_thread(&state.db, t)
                    .await?
                    .map(|t| t.title)
                    .unwrap_or_default(),
                None => String::new(),
            };
            out.push(NotificationView {
                thread_title,
                group_name: access.group.row.name.clone(),
                group_slug: access.group.row.slug.clone(),
                actor: None,
                result: None,
                item,
            });
            continue;
        }
        if db::notifications::ABOUT_ACCOUNT.contains(&item.kind.as_str()) {
            // About your own account: the group is named only while you may see it.
            let (group_name, group_slug) = match item.group_id {
                Some(gid) => crate::services::groups::GroupAccess::load_by_id(
                    state,
                    Some(user),
                    gid,
                    crate::domain::policy::Action::SeeGroup,
                )
                .await
                .map(|a| (a.group.row.name.clone(), a.group.row.slug.clone()))
                .unwrap_or_default(),
                None => (String::new(), String::new()),
            };
            let actor = match (item.kind.as_str(), item.actor_id) {
                ("let_in" | "declined", Some(a)) => {
                    db::users::find(&state.db, a).await?.map(|u| u.display_name)
                }
                _ => None,
            };
            out.push(NotificationView {
                thread_title: String::new(),
                group_name,
                group_slug,
                actor,
                result: None,
                item,
            });
            continue;
        }
        if let Some(meeting_id) = item.meeting_id {
            // A house meeting: only while the reader is an active member of its group.
            let Ok(access) = crate::services::meetings::MeetingAccess::load(state, user, meeting_id).await
            else {
                continue;
            };
            out.push(NotificationView {
                thread_title: access.meeting.title.clone(),
                group_name: access.group.group.row.name.clone(),
                group_slug: access.group.group.row.slug.clone(),
                actor: None,
                result: None,
                item,
            });
            continue;
        }
        if let Some(goal_id) = item.goal_id {
            // A goal: only while the reader may see it (its owner, or the group it is shared with).
            let Ok(access) = crate::services::goals::GoalAccess::load(state, user, goal_id).await else {
                continue;
            };
            let actor = match item.actor_id {
                Some(a) => db::users::find(&state.db, a).await?.map(|u| u.display_name),
                None => None,
            };
            out.push(NotificationView {
                thread_title: access.goal.title.clone(),
                group_name: access
                    .group
                    .as_ref()
                    .map(|g| g.group.row.name.clone())
                    .unwrap_or_default(),
                group_slug: String::new(),
                actor,
                result: None,
                item,
            });
            continue;
        }
        if let Some(request_id) = item.request_id {
            // A request for help: only while the reader is an active member of its group.
            let Ok(access) =
                crate::services::requests::RequestAccess::load(state, Some(user), request_id).await
            else {
                continue;
            };
            let actor = match item.actor_id {
                Some(a) => db::users::find(&state.db, a).await?.map(|u| u.display_name),
                None => None,
            };
            out.push(NotificationView {
                thread_title: String::new(),
                group_name: access.group.group.row.name.clone(),
                group_slug: access.group.group.row.slug.clone(),
                actor,
                result: None,
                item,
            });
            continue;
        }
        let Some(thread_id) = item.thread_id else { continue };
        // Asked again at every look: someone who left a private group sees nothing of it.
        let Ok(access) = ThreadAccess::load(state, Some(user), thread_id).await else {
            continue;
        };
        let actor = match item.actor_id {
            Some(a) => db::users::find(&state.db, a).await?.map(|u| u.display_name),
            None => None,
        };
        let group_slug = match item.kind.as_str() {
            "rules_changed" => access.group.group.row.slug.clone(),
            _ => String::new(),
        };
        out.push(NotificationView {
            thread_title: access.thread.title.clone(),
            group_name: access.group.group.row.name.clone(),
            group_slug,
            actor,
            result: result_of(state, &item).await?,
            item,
        });
    }
    Ok(out)
}

/// Watch a thread, or stop watching it.
pub async fn watch(state: &AppState, access: &ThreadAccess, user: &user::Model, on: bool) -> AppResult<()> {
    // Following is for those who take part: the same people who may write.
    access.group.require(Action::Write)?;
    db::notifications::set_watch(&state.db, user.id, access.thread.id, on).await?;
    Ok(())
}
