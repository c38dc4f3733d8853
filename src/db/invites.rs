//! Single-use invite links. Only a hash of each code is stored.
use chrono::Duration;
use entity::invite;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use sha2::{Digest, Sha256};

/// What is stored of an invite code (the group's or the instance's).
pub(crate) fn hash(code: &str) -> String {
    hex::encode(Sha256::digest(code.as_bytes()))
}

/// Makes an invite; returns the code (shown once) and the row.
pub async fn create(
    db: &impl ConnectionTrait,
    group_id: i32,
    by: i32,
    valid_for: Duration,
) -> Result<(String, invite::Model), DbErr> {
    let code = super::sessions::random_token();
    let now = super::now();
    let row = invite::ActiveModel {
        group_id: Set(group_id),
        code_hash: Set(hash(&code)),
        created_by: Set(Some(by)),
        created_at: Set(now),
        expires_at: Set(now + valid_for),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((code, row))
}

/// The invite a code stands for, while it can still be used.
pub async fn find_usable(db: &impl ConnectionTrait, code: &str) -> Result<Option<invite::Model>, DbErr> {
    if code.is_empty() || code.len() > 128 {
        return Ok(None);
    }
    invite::Entity::find()
        .filter(invite::Column::CodeHash.eq(hash(code)))
        .filter(invite::Column::UsedAt.is_null())
        .filter(invite::Column::RevokedAt.is_null())
        .filter(invite::Column::ExpiresAt.gt(super::now()))
        .one(db)
        .await
}

/// Marks an invite used by `user_id`; false when someone else used it first.
pub async fn consume(db: &impl ConnectionTrait, id: i32, user_id: i32) -> Result<bool, DbErr> {
    let res = invite::Entity::update_many()
        .col_expr(invite::Column::UsedAt, Some(super::now()).into())
        .col_expr(invite::Column::UsedBy, Some(user_id).into())
        .filter(invite::Column::Id.eq(id))
        .filter(invite::Column::UsedAt.is_null())
        .filter(invite::Column::RevokedAt.is_null())
        .filter(invite::Column::ExpiresAt.gt(super::now()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// A group's invites that can still be used, newest first.
pub async fn list_open(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<invite::Model>, DbErr> {
    invite::Entity::find()
        .filter(invite::Column::GroupId.eq(group_id))
        .filter(invite::Column::UsedAt.is_null())
        .filter(invite::Column::RevokedAt.is_null())
        .filter(invite::Column::ExpiresAt.gt(super::now()))
        .order_by_desc(invite::Column::Id)
        .limit(200)
        .all(db)
        .await
}

/// Revokes one of a group's invites; false when there was none to revoke.
pub async fn revoke(db: &impl ConnectionTrait, group_id: i32, id: i32) -> Result<bool, DbErr> {
    let res = invite::Entity::update_many()
        .col_expr(invite::Column::RevokedAt, Some(super::now()).into())
        .filter(invite::Column::Id.eq(id))
        .filter(invite::Column::GroupId.eq(group_id))
        .filter(invite::Column::UsedAt.is_null())
        .filter(invite::Column::RevokedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}
