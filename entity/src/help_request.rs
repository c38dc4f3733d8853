//! A member's request for help in a group ("wie kan helpen?").
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "help_requests")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub author_id: i32,
    pub title: String,
    pub body: String,
    /// `practical`, `company`, `listening` or `knowledge`.
    pub kind: String,
    pub needed_by: Option<Date>,
    /// `open` or `closed`.
    pub status: String,
    /// When closed: `helped`, `not_needed` or `withdrawn`.
    pub outcome: Option<String>,
    /// A thank-you the group sees, when closed as helped.
    pub thanks: Option<String>,
    pub created_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
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
