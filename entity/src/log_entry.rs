//! An entry in a group's log: what happened, under which rule or decision, by which role.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "group_log")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub at: DateTimeUtc,
    pub action: String,
    pub target: Option<String>,
    pub rule_id: Option<i32>,
    pub proposal_id: Option<i32>,
    pub case_id: Option<i32>,
    pub actor_role: String,
    /// The account the line is about, if any; cleared (with the name in `target`) when that
    /// account is deleted.
    pub subject_id: Option<i32>,
    /// A thread the line points to: a house meeting's minutes.
    pub thread_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
