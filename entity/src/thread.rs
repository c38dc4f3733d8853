//! A forum thread: a title and the posts under it.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "threads")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub author_id: Option<i32>,
    /// The title, empty while its first post is hidden or removed or after its author erased
    /// or deleted it.
    pub title: String,
    pub pinned: bool,
    pub locked: bool,
    pub reply_count: i32,
    pub last_post_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub last_activity_at: DateTimeUtc,
    /// The title kept aside while members have the first post hidden or removed; back in
    /// `title` when they restore it.
    pub hidden_title: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::AuthorId",
        to = "super::user::Column::Id"
    )]
    Author,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Author.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
