//! Flags on posts and chat messages.
use chrono::Duration;
use entity::flag;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, SqlErr,
};

use crate::domain::moderation::Target;

pub struct NewFlag {
    pub group_id: i32,
    pub target: Target,
    pub flagger_id: i32,
    pub rule_id: Option<i32>,
    pub reason: Option<String>,
}

/// Stores a flag; `None` when this member flagged this item before.
pub async fn insert(db: &impl ConnectionTrait, new: NewFlag) -> Result<Option<flag::Model>, DbErr> {
    let res = flag::ActiveModel {
        group_id: Set(new.group_id),
        target_kind: Set(new.target.kind().to_owned()),
        target_id: Set(new.target.id()),
        flagger_id: Set(new.flagger_id),
        rule_id: Set(new.rule_id),
        reason: Set(new.reason),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match res {
        Ok(f) => Ok(Some(f)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Flags a member made in the last 24 hours.
pub async fn made_today(db: &impl ConnectionTrait, flagger_id: i32) -> Result<u64, DbErr> {
    flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(flagger_id))
        .filter(flag::Column::CreatedAt.gt(super::now() - Duration::hours(24)))
        .count(db)
        .await
}

/// Distinct members who flagged an item.
pub async fn count_for(db: &impl ConnectionTrait, target: Target) -> Result<u64, DbErr> {
    flag::Entity::find()
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()))
        .count(db)
        .await
}

/// The rules cited by the flags on an item (ids, without repeats).
pub async fn cited_rules(db: &impl ConnectionTrait, target: Target) -> Result<Vec<i32>, DbErr> {
    let mut ids: Vec<i32> = flag::Entity::find()
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|f| f.rule_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// Opens a case for a hidden item.
pub async fn open_case(
    db: &impl ConnectionTrait,
    group_id: i32,
    target: Target,
    author_id: Option<i32>,
    review_until: chrono::DateTime<chrono::Utc>,
) -> Result<entity::case::Model, DbErr> {
    use sea_orm::ActiveModelTrait;
    entity::case::ActiveModel {
        group_id: Set(group_id),
        target_kind: Set(target.kind().to_owned()),
        target_id: Set(target.id()),
        author_id: Set(author_id),
        status: Set("open".to_owned()),
        urgent: Set(false),
        appeal_of: Set(None),
        proposal_id: Set(None),
        opened_at: Set(super::now()),
        review_until: Set(review_until),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A group's cases, newest first.
pub async fn cases(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<entity::case::Model>, DbErr> {
    use sea_orm::QueryOrder;
    entity::case::Entity::find()
        .filter(entity::case::Column::GroupId.eq(group_id))
        .order_by_desc(entity::case::Column::Id)
        .all(db)
        .await
}

/// Whether a post is in the discussion of a proposal (which flags never hide).
pub async fn in_proposal_discussion(db: &impl ConnectionTrait, thread_id: i32) -> Result<bool, DbErr> {
    Ok(entity::proposal::Entity::find()
        .filter(entity::proposal::Column::ThreadId.eq(thread_id))
        .count(db)
        .await?
        > 0)
}

/// Changes a post's or message's status, only if it still has `from`; true if it did.
pub async fn set_status_if(
    db: &impl ConnectionTrait,
    target: Target,
    from: crate::domain::forum::PostStatus,
    to: crate::domain::forum::PostStatus,
) -> Result<bool, DbErr> {
    let rows = match target {
        Target::Post(id) => {
            entity::post::Entity::update_many()
                .col_expr(entity::post::Column::Status, to.as_str().into())
                .filter(entity::post::Column::Id.eq(id))
                .filter(entity::post::Column::Status.eq(from.as_str()))
                .exec(db)
                .await?
                .rows_affected
        }
        Target::Message(id) => {
            entity::chat_message::Entity::update_many()
                .col_expr(entity::chat_message::Column::Status, to.as_str().into())
                .filter(entity::chat_message::Column::Id.eq(id))
                .filter(entity::chat_message::Column::Status.eq(from.as_str()))
                .exec(db)
                .await?
                .rows_affected
        }
    };
    Ok(rows == 1)
}

/// Why an item is hidden: the rules cited (number and title), how many flagged it, and until
/// when the members decide.
pub async fn hidden_why(
    db: &impl ConnectionTrait,
    target: Target,
) -> Result<(Vec<String>, u64, Option<chrono::DateTime<chrono::Utc>>), DbErr> {
    let mut rules = Vec::new();
    for id in cited_rules(db, target).await? {
        if let Some(r) = crate::db::decisions::find_rule(db, id).await? {
            rules.push(format!("{}. {}", r.number, r.title));
        }
    }
    let flags = count_for(db, target).await?;
    let until = entity::case::Entity::find()
        .filter(entity::case::Column::TargetKind.eq(target.kind()))
        .filter(entity::case::Column::TargetId.eq(target.id()))
        .filter(entity::case::Column::Status.eq("open"))
        .one(db)
        .await?
        .map(|c| c.review_until);
    Ok((rules, flags, until))
}
