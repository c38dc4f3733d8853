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
