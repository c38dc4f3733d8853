//! A moderation case: a hidden item the members decide on.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub target_kind: String,
    pub target_id: i64,
    pub author_id: Option<i32>,
    pub status: String,
    pub urgent: bool,
    pub appeal_of: Option<i32>,
    pub proposal_id: Option<i32>,
    pub opened_at: DateTimeUtc,
    pub review_until: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub reason: Option<String>,
    pub rule_id: Option<i32>,
    pub acted_by: Option<i32>,
    /// The author's one answer, written before the vote closed.
    pub author_response: Option<String>,
    pub author_responded_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
