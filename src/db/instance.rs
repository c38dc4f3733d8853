//! The instance's settings row, its invite codes, the admin's lists with activity counts,
//! applications, suspensions and closed groups, and what new accounts did in the last day.
use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use entity::{
    chat_message, group, instance_invite, instance_settings, invite, membership, post, thread, user,
};
use sea_orm::sea_query::{Expr, ExprTrait, Func, LikeExpr, OnConflict};
use sea_orm::{
    ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

pub async fn load_settings(db: &impl ConnectionTrait) -> Result<Option<String>, DbErr> {
    Ok(instance_settings::Entity::find_by_id(1)
        .one(db)
        .await?
        .map(|r| r.data))
}

pub async fn save_settings(db: &impl ConnectionTrait, json: &str) -> Result<(), DbErr> {
    instance_settings::Entity::insert(instance_settings::ActiveModel {
        id: Set(1),
        data: Set(json.to_owned()),
        updated_at: Set(super::now()),
    })
    .on_conflict(
        OnConflict::column(instance_settings::Column::Id)
            .update_columns([
                instance_settings::Column::Data,
                instance_settings::Column::UpdatedAt,
            ])
            .to_owned(),
    )
    .exec(db)
    .await
    .map(|_| ())
}

use super::invites::hash;

/// Makes an invite code for the instance; returns the code (shown once) and the row.
pub async fn create_invite(
    db: &impl ConnectionTrait,
    by: i32,
    valid_for: Duration,
) -> Result<(String, instance_invite::Model), DbErr> {
    let code = super::sessions::random_token();
    let now = super::now();
    let row = instance_invite::Entity::insert(instance_invite::ActiveModel {
        code_hash: Set(hash(&code)),
        created_by: Set(Some(by)),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        ..Default::default()
    })
    .exec_with_returning(db)
    .await?;
    Ok((code, row))
}

/// The instance invite a code stands for, while it can still be used.
pub async fn find_invite(
    db: &impl ConnectionTrait,
    code: &str,
) -> Result<Option<instance_invite::Model>, DbErr> {
    if code.is_empty() || code.len() > 128 {
        return Ok(None);
    }
    instance_invite::Entity::find()
        .filter(instance_invite::Column::CodeHash.eq(hash(code)))
        .filter(instance_invite::Column::UsedAt.is_null())
        .filter(instance_invite::Column::RevokedAt.is_null())
        .filter(instance_invite::Column::ExpiresAt.gt(super::now()))
        .one(db)
        .await
}

/// Marks an instance invite used; false when someone else used it first.
pub async fn consume_invite(db: &impl ConnectionTrait, id: i32, user_id: i32) -> Result<bool, DbErr> {
    let res = instance_invite::Entity::update_many()
        .col_expr(instance_invite::Column::UsedAt, Some(super::now()).into())
        .col_expr(instance_invite::Column::UsedBy, Some(user_id).into())
        .filter(instance_invite::Column::Id.eq(id))
        .filter(instance_invite::Column::UsedAt.is_null())
        .filter(instance_invite::Column::RevokedAt.is_null())
        .filter(instance_invite::Column::ExpiresAt.gt(super::now()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Instance invites that can still be used, newest first.
pub async fn open_invites(db: &impl ConnectionTrait) -> Result<Vec<instance_invite::Model>, DbErr> {
    instance_invite::Entity::find()
        .filter(instance_invite::Column::UsedAt.is_null())
        .filter(instance_invite::Column::RevokedAt.is_null())
        .filter(instance_invite::Column::ExpiresAt.gt(super::now()))
        .order_by_desc(instance_invite::Column::Id)
        .limit(200)
        .all(db)
        .await
}

pub async fn revoke_invite(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let res = instance_invite::Entity::update_many()
        .col_expr(instance_invite::Column::RevokedAt, Some(super::now()).into())
        .filter(instance_invite::Column::Id.eq(id))
        .filter(instance_invite::Column::UsedAt.is_null())
        .filter(instance_invite::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A `LIKE` pattern for "contains", with the wildcards in the typed text taken literally.
fn contains(q: &str) -> LikeExpr {
    let escaped: String = q
        .to_lowercase()
        .chars()
        .flat_map(|c| match c {
            '%' | '_' | '\\' => vec!['\\', c],
            c => vec![c],
        })
        .collect();
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// Rows per page in the admin's lists.
pub const PAGE: u64 = 50;

/// Accounts whose username or display name contains `q`, oldest first; one page.
pub async fn find_accounts(db: &impl ConnectionTrait, q: &str, page: u64) -> Result<Vec<user::Model>, DbErr> {
    let mut find = user::Entity::find();
    if !q.is_empty() {
        find = find.filter(
            Condition::any()
                .add(Expr::col(user::Column::Username).like(contains(q)))
                .add(Expr::expr(Func::lower(Expr::col(user::Column::DisplayName))).like(contains(q))),
        );
    }
    find.order_by_asc(user::Column::Id)
        .offset(page * PAGE)
        .limit(PAGE)
        .all(db)
        .await
}

/// Applications waiting for an admin, oldest first.
pub async fn applications(db: &impl ConnectionTrait) -> Result<Vec<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::PendingAnswer.is_not_null())
        .order_by_asc(user::Column::Id)
        .limit(200)
        .all(db)
        .await
}

/// Counts rows per value of `by`, for the given values only.
async fn count_per<E, C>(
    db: &impl ConnectionTrait,
    by: C,
    ids: &[i32],
    extra: Condition,
) -> Result<HashMap<i32, i64>, DbErr>
where
    E: EntityTrait,
    C: ColumnTrait,
{
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Option<i32>, i64)> = E::find()
        .select_only()
        .column(by)
        .column_as(Expr::col(by).count(), "n")
        .filter(by.is_in(ids.iter().copied()))
        .filter(extra)
        .group_by(by)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(k, n)| Some((k?, n))).collect())
}

/// Per account: posts written, chat messages sent, groups belonged to.
#[derive(Debug, Default, Clone, Copy)]
pub struct AccountCounts {
    pub posts: i64,
    pub messages: i64,
    pub groups: i64,
}

pub async fn account_counts(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, AccountCounts>, DbErr> {
    let posts = count_per::<post::Entity, _>(db, post::Column::AuthorId, ids, Condition::all()).await?;
    let messages =
        count_per::<chat_message::Entity, _>(db, chat_message::Column::AuthorId, ids, Condition::all())
            .await?;
    let groups =
        count_per::<membership::Entity, _>(db, membership::Column::UserId, ids, Condition::all()).await?;
    Ok(ids
        .iter()
        .map(|id| {
            let get = |m: &HashMap<i32, i64>| m.get(id).copied().unwrap_or(0);
            (
                *id,
                AccountCounts {
                    posts: get(&posts),
                    messages: get(&messages),
                    groups: get(&groups),
                },
            )
        })
        .collect())
}

/// Groups whose slug or name contains `q`, oldest first; one page.
pub async fn find_groups(db: &impl ConnectionTrait, q: &str, page: u64) -> Result<Vec<group::Model>, DbErr> {
    let mut find = group::Entity::find();
    if !q.is_empty() {
        find = find.filter(
            Condition::any()
                .add(Expr::col(group::Column::Slug).like(contains(q)))
                .add(Expr::expr(Func::lower(Expr::col(group::Column::Name))).like(contains(q))),
        );
    }
    find.order_by_asc(group::Column::Id)
        .offset(page * PAGE)
        .limit(PAGE)
        .all(db)
        .await
}

/// Per group: members, threads, posts, chat messages.
#[derive(Debug, Default, Clone, Copy)]
pub struct GroupCounts {
    pub members: i64,
    pub threads: i64,
    pub posts: i64,
    pub messages: i64,
}

pub async fn group_counts(
    db: &impl ConnectionTrait,
    ids: &[i32],
) -> Result<HashMap<i32, GroupCounts>, DbErr> {
    let active = Condition::all().add(membership::Column::Status.eq("active"));
    let members = count_per::<membership::Entity, _>(db, membership::Column::GroupId, ids, active).await?;
    let threads = count_per::<thread::Entity, _>(db, thread::Column::GroupId, ids, Condition::all()).await?;
    let posts = count_per::<post::Entity, _>(db, post::Column::GroupId, ids, Condition::all()).await?;
    let messages =
        count_per::<chat_message::Entity, _>(db, chat_message::Column::GroupId, ids, Condition::all())
            .await?;
    Ok(ids
        .iter()
        .map(|id| {
            let get = |m: &HashMap<i32, i64>| m.get(id).copied().unwrap_or(0);
            (
                *id,
                GroupCounts {
                    members: get(&members),
                    threads: get(&threads),
                    posts: get(&posts),
                    messages: get(&messages),
                },
            )
        })
        .collect())
}

/// Lets an applicant in.
pub async fn approve(db: &impl ConnectionTrait, user_id: i32) -> Result<bool, DbErr> {
    let res = user::Entity::update_many()
        .col_expr(user::Column::PendingAnswer, Option::<String>::None.into())
        .filter(user::Column::Id.eq(user_id))
        .filter(user::Column::PendingAnswer.is_not_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Suspends an account (with the reason shown to its owner), or lifts it (`None`).
pub async fn set_suspended(
    db: &impl ConnectionTrait,
    user_id: i32,
    reason: Option<&str>,
) -> Result<(), DbErr> {
    user::Entity::update_many()
        .col_expr(user::Column::SuspendedAt, reason.map(|_| super::now()).into())
        .col_expr(user::Column::SuspendedReason, reason.map(str::to_owned).into())
        .filter(user::Column::Id.eq(user_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Closes a group (with the reason its members see), or opens it again (`None`).
pub async fn set_closed(db: &impl ConnectionTrait, group_id: i32, reason: Option<&str>) -> Result<(), DbErr> {
    group::Entity::update_many()
        .col_expr(group::Column::ClosedAt, reason.map(|_| super::now()).into())
        .col_expr(group::Column::ClosedReason, reason.map(str::to_owned).into())
        .filter(group::Column::Id.eq(group_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// What an account did in the last 24 hours, as the times it did it, oldest first (at most
/// `limit + 1` of them): enough to tell whether a daily limit is reached, and when it frees up.
pub async fn recent(
    db: &impl ConnectionTrait,
    what: Recent,
    user_id: i32,
    limit: u32,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
    let take = u64::from(limit) + 1;
    match what {
        Recent::Posts => {
            times::<post::Entity, _>(db, post::Column::AuthorId, post::Column::CreatedAt, user_id, take).await
        }
        Recent::Threads => {
            times::<thread::Entity, _>(
                db,
                thread::Column::AuthorId,
                thread::Column::CreatedAt,
                user_id,
                take,
            )
            .await
        }
        Recent::Groups => {
            times::<group::Entity, _>(
                db,
                group::Column::CreatedBy,
                group::Column::CreatedAt,
                user_id,
                take,
            )
            .await
        }
        Recent::Invites => {
            times::<invite::Entity, _>(
                db,
                invite::Column::CreatedBy,
                invite::Column::CreatedAt,
                user_id,
                take,
            )
            .await
        }
    }
}

/// When `by` made rows of `E` in the last 24 hours, oldest first.
async fn times<E: EntityTrait, C: ColumnTrait>(
    db: &impl ConnectionTrait,
    by: C,
    at: C,
    user_id: i32,
    take: u64,
) -> Result<Vec<DateTime<Utc>>, DbErr> {
    E::find()
        .select_only()
        .column(at)
        .filter(by.eq(user_id))
        .filter(at.gt(super::now() - Duration::hours(24)))
        .order_by_asc(at)
        .limit(take)
        .into_tuple()
        .all(db)
        .await
}

#[derive(Debug, Clone, Copy)]
pub enum Recent {
    Posts,
    Threads,
    Groups,
    Invites,
}

/// Whether the person wrote a post with exactly this text since `since`.
pub async fn posted_same(
    db: &impl ConnectionTrait,
    user_id: i32,
    body: &str,
    since: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(post::Entity::find()
        .filter(post::Column::AuthorId.eq(user_id))
        .filter(post::Column::CreatedAt.gt(since))
        .filter(post::Column::Body.eq(body))
        .count(db)
        .await?
        > 0)
}

/// Whether the person sent a chat message with exactly this text since `since`.
pub async fn said_same(
    db: &impl ConnectionTrait,
    user_id: i32,
    body: &str,
    since: DateTime<Utc>,
) -> Result<bool, DbErr> {
    Ok(chat_message::Entity::find()
        .filter(chat_message::Column::AuthorId.eq(user_id))
        .filter(chat_message::Column::CreatedAt.gt(since))
        .filter(chat_message::Column::Body.eq(body))
        .count(db)
        .await?
        > 0)
}
