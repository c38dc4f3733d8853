//! Personal mutes: people someone does not want to see any more, for themselves only.
use entity::{personal_mute, user};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};

/// Mutes `muted_id` for `user_id`; muting twice changes nothing.
pub async fn add(db: &impl ConnectionTrait, user_id: i32, muted_id: i32) -> Result<(), DbErr> {
    personal_mute::Entity::insert(personal_mute::ActiveModel {
        user_id: Set(user_id),
        muted_id: Set(muted_id),
        created_at: Set(super::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([personal_mute::Column::UserId, personal_mute::Column::MutedId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    .map(|_| ())
}

pub async fn remove(db: &impl ConnectionTrait, user_id: i32, muted_id: i32) -> Result<(), DbErr> {
    personal_mute::Entity::delete_many()
        .filter(personal_mute::Column::UserId.eq(user_id))
        .filter(personal_mute::Column::MutedId.eq(muted_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Whom a person muted, newest first, with when.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: i32,
) -> Result<Vec<(personal_mute::Model, user::Model)>, DbErr> {
    let rows = personal_mute::Entity::find()
        .filter(personal_mute::Column::UserId.eq(user_id))
        .order_by_desc(personal_mute::Column::Id)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for r in rows {
        if let Some(u) = super::users::find(db, r.muted_id).await? {
            out.push((r, u));
        }
    }
    Ok(out)
}

/// Of `user_ids`, those who muted `author_id` (they are not told what the author writes).
pub async fn who_muted(
    db: &impl ConnectionTrait,
    author_id: i32,
    user_ids: &[i32],
) -> Result<Vec<i32>, DbErr> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    personal_mute::Entity::find()
        .select_only()
        .column(personal_mute::Column::UserId)
        .filter(personal_mute::Column::MutedId.eq(author_id))
        .filter(personal_mute::Column::UserId.is_in(user_ids.iter().copied()))
        .into_tuple()
        .all(db)
        .await
}
