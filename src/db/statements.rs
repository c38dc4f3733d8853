//! Public statements groups adopted by vote.
use entity::statement;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// A statement to publish.
pub struct NewStatement {
    pub group_id: i32,
    pub proposal_id: i32,
    pub title: String,
    pub body: String,
    pub body_html: String,
    pub signed_as: String,
}

pub async fn publish(db: &impl ConnectionTrait, new: NewStatement) -> Result<statement::Model, DbErr> {
    statement::ActiveModel {
        group_id: Set(new.group_id),
        proposal_id: Set(new.proposal_id),
        title: Set(new.title),
        body: Set(new.body),
        body_html: Set(new.body_html),
        signed_as: Set(new.signed_as),
        published_at: Set(super::now()),
        withdrawn_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<statement::Model>, DbErr> {
    statement::Entity::find_by_id(id).one(db).await
}

/// Withdraws a statement of this group that is still standing; false when there is none.
pub async fn withdraw(db: &impl ConnectionTrait, group_id: i32, id: i32) -> Result<bool, DbErr> {
    let done = statement::Entity::update_many()
        .col_expr(
            statement::Column::WithdrawnAt,
            sea_orm::sea_query::Expr::value(Some(super::now())),
        )
        .filter(statement::Column::Id.eq(id))
        .filter(statement::Column::GroupId.eq(group_id))
        .filter(statement::Column::WithdrawnAt.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected > 0)
}

/// A group's statements, newest first.
pub async fn of_group(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<statement::Model>, DbErr> {
    statement::Entity::find()
        .filter(statement::Column::GroupId.eq(group_id))
        .order_by_desc(statement::Column::Id)
        .all(db)
        .await
}

/// The instance's statements, newest first, at most `limit`.
pub async fn all(db: &impl ConnectionTrait, limit: u64) -> Result<Vec<statement::Model>, DbErr> {
    statement::Entity::find()
        .order_by_desc(statement::Column::Id)
        .limit(limit)
        .all(db)
        .await
}
