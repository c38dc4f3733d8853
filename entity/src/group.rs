//! A peer group or a self-managed shelter.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "groups")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub slug: String,
    pub name: String,
    pub kind: String,
    pub visibility: String,
    pub join_policy: String,
    pub description: String,
    pub description_html: String,
    pub settings: String,
    pub created_by: Option<i32>,
    pub created_at: DateTimeUtc,
    /// Goes up with every change to the house rules; members accept the current one.
    pub rules_revision: i32,
    /// Set while an admin has closed the group for breaking the instance's rules.
    pub closed_at: Option<DateTimeUtc>,
    pub closed_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::membership::Entity")]
    Membership,
}

impl Related<super::membership::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Membership.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
