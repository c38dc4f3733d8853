//! What the database holds about one person, to hand it to them (export) or to take it out
//! (deletion); login history and its retention; recovery codes; the admin's log.
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use entity::{
    admin_log, ballot, case, chat_message, flag, group, log_entry, login_event, membership, post,
    post_revision, proposal, recovery_code, reset_vouch, sanction, thread,
};
use sea_orm::sea_query::{Expr, JoinType};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait,
    QueryFilter, QueryOrder, QuerySelect, RelationTrait, Statement,
};

/// Everything stored that is one person's own, raw.
pub struct Own {
    pub memberships: Vec<membership::Model>,
    pub sanctions: Vec<sanction::Model>,
    pub threads: Vec<thread::Model>,
    pub posts: Vec<post::Model>,
    pub revisions: Vec<post_revision::Model>,
    pub messages: Vec<chat_message::Model>,
    pub proposals: Vec<proposal::Model>,
    pub ballots: Vec<(ballot::Model, proposal::Model)>,
    pub flags: Vec<flag::Model>,
    /// Cases about their words that they answered on.
    pub responses: Vec<case::Model>,
    pub logins: Vec<login_event::Model>,
    /// Group id to slug, for every group the above refers to.
    pub slugs: HashMap<i32, String>,
}

pub async fn own(db: &impl ConnectionTrait, uid: i32) -> Result<Own, DbErr> {
    let memberships = membership::Entity::find()
        .filter(membership::Column::UserId.eq(uid))
        .order_by_asc(membership::Column::Id)
        .all(db)
        .await?;
    let sanctions = sanction::Entity::find()
        .filter(sanction::Column::UserId.eq(uid))
        .order_by_asc(sanction::Column::Id)
        .all(db)
        .await?;
    let threads = thread::Entity::find()
        .filter(thread::Column::AuthorId.eq(uid))
        .order_by_asc(thread::Column::Id)
        .all(db)
        .await?;
    let posts = post::Entity::find()
        .filter(post::Column::AuthorId.eq(uid))
        .order_by_asc(post::Column::Id)
        .all(db)
        .await?;
    let revisions = post_revision::Entity::find()
        .join(JoinType::InnerJoin, post_revision::Relation::Post.def())
        .filter(post::Column::AuthorId.eq(uid))
        .order_by_asc(post_revision::Column::Id)
        .all(db)
        .await?;
    let messages = chat_message::Entity::find()
        .filter(chat_message::Column::AuthorId.eq(uid))
        .order_by_asc(chat_message::Column::Id)
        .all(db)
        .await?;
    let proposals = proposal::Entity::find()
        .filter(proposal::Column::AuthorId.eq(uid))
        .order_by_asc(proposal::Column::Id)
        .all(db)
        .await?;
    let ballots = ballot::Entity::find()
        .find_also_related(proposal::Entity)
        .filter(ballot::Column::UserId.eq(uid))
        .order_by_asc(ballot::Column::Id)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(b, p)| Some((b, p?)))
        .collect::<Vec<_>>();
    let flags = flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(uid))
        .order_by_asc(flag::Column::Id)
        .all(db)
        .await?;
    let responses = case::Entity::find()
        .filter(case::Column::AuthorId.eq(uid))
        .filter(case::Column::AuthorResponse.is_not_null())
        .order_by_asc(case::Column::Id)
        .all(db)
        .await?;
    let logins = logins(db, uid, 1000).await?;
    let mut ids: HashSet<i32> = HashSet::new();
    ids.extend(memberships.iter().map(|m| m.group_id));
    ids.extend(sanctions.iter().map(|s| s.group_id));
    ids.extend(threads.iter().map(|t| t.group_id));
    ids.extend(posts.iter().map(|p| p.group_id));
    ids.extend(messages.iter().map(|m| m.group_id));
    ids.extend(proposals.iter().map(|p| p.group_id));
    ids.extend(ballots.iter().map(|(_, p)| p.group_id));
    ids.extend(flags.iter().map(|f| f.group_id));
    ids.extend(responses.iter().map(|c| c.group_id));
    let slugs = if ids.is_empty() {
        HashMap::new()
    } else {
        group::Entity::find()
            .select_only()
            .column(group::Column::Id)
            .column(group::Column::Slug)
            .filter(group::Column::Id.is_in(ids))
            .into_tuple::<(i32, String)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(Own {
        memberships,
        sanctions,
        threads,
        posts,
        revisions,
        messages,
        proposals,
        ballots,
        flags,
        responses,
        logins,
        slugs,
    })
}

/// A person's logins, newest first.
pub async fn logins(
    db: &impl ConnectionTrait,
    uid: i32,
    limit: u64,
) -> Result<Vec<login_event::Model>, DbErr> {
    login_event::Entity::find()
        .filter(login_event::Column::UserId.eq(uid))
        .order_by_desc(login_event::Column::At)
        .order_by_desc(login_event::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Notes a login (or a refused attempt on an existing account) and where it came from.
pub async fn record_login(db: &impl ConnectionTrait, uid: i32, kind: &str, ip: &str) -> Result<(), DbErr> {
    login_event::ActiveModel {
        user_id: Set(uid),
        at: Set(super::now()),
        kind: Set(kind.to_owned()),
        ip: Set((!ip.is_empty()).then(|| ip.chars().take(64).collect())),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// Removes login history older than `before`; the addresses in it go with it.
pub async fn purge_logins(db: &impl ConnectionTrait, before: DateTime<Utc>) -> Result<u64, DbErr> {
    Ok(login_event::Entity::delete_many()
        .filter(login_event::Column::At.lt(before))
        .exec(db)
        .await?
        .rows_affected)
}

/// Chat messages older than their group's retention period, except those a case is still
/// open on; returns how many went.
pub async fn purge_chat(
    db: &impl ConnectionTrait,
    group_id: i32,
    before: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let open_cases = case::Entity::find()
        .select_only()
        .column(case::Column::TargetId)
        .filter(case::Column::GroupId.eq(group_id))
        .filter(case::Column::TargetKind.eq("message"))
        .filter(case::Column::ClosedAt.is_null())
        .into_tuple::<i64>()
        .all(db)
        .await?;
    let old = chat_message::Entity::find()
        .select_only()
        .column(chat_message::Column::Id)
        .filter(chat_message::Column::GroupId.eq(group_id))
        .filter(chat_message::Column::CreatedAt.lt(before))
        .filter(chat_message::Column::Id.is_not_in(open_cases))
        .limit(1000)
        .into_tuple::<i64>()
        .all(db)
        .await?;
    if old.is_empty() {
        return Ok(0);
    }
    flag::Entity::delete_many()
        .filter(flag::Column::TargetKind.eq("message"))
        .filter(flag::Column::TargetId.is_in(old.clone()))
        .exec(db)
        .await?;
    Ok(chat_message::Entity::delete_many()
        .filter(chat_message::Column::Id.is_in(old))
        .exec(db)
        .await?
        .rows_affected)
}

/// Erases a person's words: posts and chat messages keep their place (replies hang under
/// them) but lose their text, revisions and search entry; the discussion reads "deleted".
pub async fn erase_content(db: &impl ConnectionTrait, uid: i32) -> Result<(), DbErr> {
    let post_ids: Vec<i32> = post::Entity::find()
        .select_only()
        .column(post::Column::Id)
        .filter(post::Column::AuthorId.eq(uid))
        .into_tuple()
        .all(db)
        .await?;
    for chunk in post_ids.chunks(500) {
        post_revision::Entity::delete_many()
            .filter(post_revision::Column::PostId.is_in(chunk.to_vec()))
            .exec(db)
            .await?;
        for id in chunk {
            super::search::remove(db, *id).await?;
        }
    }
    post::Entity::update_many()
        .col_expr(post::Column::Body, Expr::value(""))
        .col_expr(post::Column::BodyHtml, Expr::value(""))
        .col_expr(post::Column::ContentWarning, Expr::value(Option::<String>::None))
        .col_expr(post::Column::Status, Expr::value("deleted"))
        .filter(post::Column::AuthorId.eq(uid))
        .exec(db)
        .await?;
    chat_message::Entity::update_many()
        .col_expr(chat_message::Column::Body, Expr::value(""))
        .col_expr(chat_message::Column::BodyHtml, Expr::value(""))
        .col_expr(chat_message::Column::Status, Expr::value("deleted"))
        .filter(chat_message::Column::AuthorId.eq(uid))
        .exec(db)
        .await?;
    // Their answers on cases about their words.
    case::Entity::update_many()
        .col_expr(case::Column::AuthorResponse, Expr::value(Option::<String>::None))
        .filter(case::Column::AuthorId.eq(uid))
        .exec(db)
        .await?;
    // A thread's title is the words of whoever started it: it goes too (the thread stays,
    // for the replies of others, under a placeholder).
    entity::thread::Entity::update_many()
        .col_expr(entity::thread::Column::Title, Expr::value(""))
        .col_expr(
            entity::thread::Column::HiddenTitle,
            Expr::value(Option::<String>::None),
        )
        .filter(entity::thread::Column::AuthorId.eq(uid))
        .exec(db)
        .await?;
    Ok(())
}

/// Takes a name out of a text written by someone else about this person: each whole-word
/// occurrence of the username (with or without `@`) or display name becomes `[…]`.
pub fn redact(text: &str, names: &[&str]) -> String {
    let mut out = text.to_owned();
    // The longest first: "Anna de Vries" before "anna".
    let mut names: Vec<&str> = names.iter().copied().filter(|n| !n.trim().is_empty()).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    for name in names {
        let lower_name = name.to_lowercase();
        let mut result = String::with_capacity(out.len());
        let lower = out.to_lowercase();
        // Lowercasing may change byte lengths; fall back to an exact match then.
        let (hay, needle) = if lower.len() == out.len() && lower_name.len() == name.len() {
            (lower.as_str(), lower_name.as_str())
        } else {
            (out.as_str(), name)
        };
        let mut last = 0;
        let mut from = 0;
        while let Some(pos) = hay[from..].find(needle) {
            let start = from + pos;
            let end = start + needle.len();
            let before_ok = !hay[..start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
            let after_ok = !hay[end..]
                .chars()
                .next()
                .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-');
            if before_ok && after_ok {
                let start = if hay[..start].ends_with('@') {
                    start - 1
                } else {
                    start
                };
                result.push_str(&out[last..start]);
                result.push_str("[…]");
                last = end;
            }
            from = end;
        }
        result.push_str(&out[last..]);
        out = result;
    }
    out
}

/// Takes a person's names out of what the group's record says about them: log lines about
/// them, proposals about them (title, payload, discussion thread and its first post).
pub async fn scrub_names(db: &impl ConnectionTrait, uid: i32, names: &[&str]) -> Result<(), DbErr> {
    log_entry::Entity::update_many()
        .col_expr(log_entry::Column::Target, Expr::value(Option::<String>::None))
        .col_expr(log_entry::Column::SubjectId, Expr::value(Option::<i32>::None))
        .filter(log_entry::Column::SubjectId.eq(uid))
        .filter(log_entry::Column::ProposalId.is_null())
        .exec(db)
        .await?;
    let about = proposal::Entity::find()
        .filter(proposal::Column::SubjectId.eq(uid))
        .all(db)
        .await?;
    for p in about {
        let title = redact(&p.title, names);
        let mut payload: serde_json::Value = serde_json::from_str(&p.payload).unwrap_or_default();
        if let Some(obj) = payload.as_object_mut() {
            obj.remove("username");
        }
        proposal::ActiveModel {
            id: Set(p.id),
            title: Set(title.clone()),
            reason: Set(redact(&p.reason, names)),
            reason_html: Set(redact(&p.reason_html, names)),
            payload: Set(payload.to_string()),
            ..Default::default()
        }
        .update(db)
        .await?;
        // Each line about this proposal: its text was the title, or the person's name.
        let lines = log_entry::Entity::find()
            .filter(log_entry::Column::ProposalId.eq(p.id))
            .all(db)
            .await?;
        for l in lines {
            let target = l.target.as_deref().map(|t| redact(t, names));
            let target = if l.subject_id == Some(uid) && target.as_deref() != Some(title.as_str()) {
                None
            } else {
                target
            };
            log_entry::ActiveModel {
                id: Set(l.id),
                target: Set(target),
                subject_id: Set(None),
                ..Default::default()
            }
            .update(db)
            .await?;
        }
        if let Some(tid) = p.thread_id
            && let Some(t) = thread::Entity::find_by_id(tid).one(db).await?
        {
            let t_title = redact(&t.title, names);
            thread::ActiveModel {
                id: Set(t.id),
                title: Set(t_title.clone()),
                ..Default::default()
            }
            .update(db)
            .await?;
            let first = post::Entity::find()
                .filter(post::Column::ThreadId.eq(tid))
                .order_by_asc(post::Column::Id)
                .one(db)
                .await?;
            if let Some(first) = first {
                let body = redact(&first.body, names);
                post::ActiveModel {
                    id: Set(first.id),
                    body: Set(body.clone()),
                    body_html: Set(redact(&first.body_html, names)),
                    ..Default::default()
                }
                .update(db)
                .await?;
                if first.status == "visible" {
                    super::search::index(db, first.id, &t_title, &body).await?;
                }
            }
        }
    }
    // A steward's urgent act records who acted; the account is going.
    case::Entity::update_many()
        .col_expr(case::Column::ActedBy, Expr::value(Option::<i32>::None))
        .filter(case::Column::ActedBy.eq(uid))
        .exec(db)
        .await?;
    Ok(())
}

/// On SQLite, pushes the write-ahead log into the database file, so that pages which held a
/// deleted account (overwritten with zeros: `secure_delete`) leave no old copy in the log.
pub async fn checkpoint(db: &impl ConnectionTrait) -> Result<(), DbErr> {
    if db.get_database_backend() == DbBackend::Sqlite {
        db.execute_raw(Statement::from_string(
            DbBackend::Sqlite,
            "PRAGMA wal_checkpoint(TRUNCATE)",
        ))
        .await?;
    }
    Ok(())
}

/// Stores a fresh set of recovery codes (their hashes), replacing any earlier set.
pub async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    uid: i32,
    hashes: Vec<String>,
) -> Result<(), DbErr> {
    recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(uid))
        .exec(db)
        .await?;
    let now = super::now();
    for h in hashes {
        recovery_code::ActiveModel {
            user_id: Set(uid),
            code_hash: Set(h),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(db)
        .await?;
    }
    Ok(())
}

/// Uses up one recovery code of a person; false when it is not one of theirs.
pub async fn use_recovery_code(db: &impl ConnectionTrait, uid: i32, hash: &str) -> Result<bool, DbErr> {
    Ok(recovery_code::Entity::delete_many()
        .filter(recovery_code::Column::UserId.eq(uid))
        .filter(recovery_code::Column::CodeHash.eq(hash))
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// How many unused recovery codes a person has left.
pub async fn recovery_codes_left(db: &impl ConnectionTrait, uid: i32) -> Result<u64, DbErr> {
    use sea_orm::PaginatorTrait;
    recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(uid))
        .count(db)
        .await
}

/// What a line in the admin's log is about.
#[derive(Debug, Clone, Copy)]
pub enum Subject {
    Account(i32),
    Group(i32),
    /// The instance's settings.
    Instance,
}

/// One line in the instance admin's log.
pub async fn admin_log(
    db: &impl ConnectionTrait,
    actor_id: i32,
    action: &str,
    subject: Subject,
    reason: Option<String>,
) -> Result<(), DbErr> {
    let (account_id, group_id) = match subject {
        Subject::Account(id) => (Some(id), None),
        Subject::Group(id) => (None, Some(id)),
        Subject::Instance => (None, None),
    };
    admin_log::ActiveModel {
        at: Set(super::now()),
        actor_id: Set(Some(actor_id)),
        action: Set(action.to_owned()),
        account_id: Set(account_id),
        group_id: Set(group_id),
        reason: Set(reason),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub async fn admin_log_entries(
    db: &impl ConnectionTrait,
    limit: u64,
) -> Result<Vec<admin_log::Model>, DbErr> {
    admin_log::Entity::find()
        .order_by_desc(admin_log::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// What the admin did with one account, oldest first.
pub async fn admin_log_about(
    db: &impl ConnectionTrait,
    account_id: i32,
) -> Result<Vec<admin_log::Model>, DbErr> {
    admin_log::Entity::find()
        .filter(admin_log::Column::AccountId.eq(account_id))
        .order_by_asc(admin_log::Column::Id)
        .all(db)
        .await
}

/// A steward's vouch for a member's password reset; an earlier one by the same steward for the
/// same person in the same group is replaced.
pub async fn add_vouch(
    db: &impl ConnectionTrait,
    uid: i32,
    group_id: i32,
    steward_id: i32,
    hash: String,
    expires_at: DateTime<Utc>,
) -> Result<(), DbErr> {
    reset_vouch::Entity::delete_many()
        .filter(reset_vouch::Column::UserId.eq(uid))
        .filter(reset_vouch::Column::GroupId.eq(group_id))
        .filter(reset_vouch::Column::StewardId.eq(steward_id))
        .exec(db)
        .await?;
    reset_vouch::ActiveModel {
        user_id: Set(uid),
        group_id: Set(group_id),
        steward_id: Set(steward_id),
        code_hash: Set(hash),
        created_at: Set(super::now()),
        expires_at: Set(expires_at),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// A person's vouches that have not expired.
pub async fn live_vouches(db: &impl ConnectionTrait, uid: i32) -> Result<Vec<reset_vouch::Model>, DbErr> {
    reset_vouch::Entity::find()
        .filter(reset_vouch::Column::UserId.eq(uid))
        .filter(reset_vouch::Column::ExpiresAt.gt(super::now()))
        .all(db)
        .await
}

/// Removes every vouch for a person (used, or no longer wanted).
pub async fn clear_vouches(db: &impl ConnectionTrait, uid: i32) -> Result<(), DbErr> {
    reset_vouch::Entity::delete_many()
        .filter(reset_vouch::Column::UserId.eq(uid))
        .exec(db)
        .await
        .map(|_| ())
}
