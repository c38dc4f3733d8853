//! A person's goal, taken in small steps; private, or shared with one group.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "goals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub owner_id: i32,
    pub title: String,
    pub why: String,
    /// `active`, `reached` or `stopped`.
    pub status: String,
    /// The group it is shared with; none: only its owner sees it.
    pub group_id: Option<i32>,
    /// A check-in every this many days, when the owner asked for one.
    pub check_in_days: Option<i32>,
    pub next_check_in_at: Option<DateTimeUtc>,
    pub last_check_in_at: Option<DateTimeUtc>,
    /// When the group was told it was reached (once).
    pub celebrated_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub reached_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::user::Entity",
        from = "Column::OwnerId",
        to = "super::user::Column::Id"
    )]
    Owner,
}

impl Related<super::user::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Owner.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
