//! One item on a meeting's agenda: free text, or an open proposal.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meeting_items")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub meeting_id: i32,
    /// Its number on the agenda, from 1.
    pub n: i32,
    pub title: String,
    pub proposal_id: Option<i32>,
    /// `waiting`, `open` or `done`.
    pub status: String,
    /// For a proposal: `passed` or `rejected` (decided in the meeting) or `discussed`.
    pub outcome: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
