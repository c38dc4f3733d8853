//! Something that happened for one person: a reply, a mention, news in a watched thread.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "notifications")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub kind: String,
    pub group_id: Option<i32>,
    pub thread_id: Option<i32>,
    pub post_id: Option<i32>,
    pub actor_id: Option<i32>,
    pub created_at: DateTimeUtc,
    pub read_at: Option<DateTimeUtc>,
    pub proposal_id: Option<i32>,
    pub case_id: Option<i32>,
    /// A request for help it is about (a new request, an offer, an answer to an offer).
    pub request_id: Option<i32>,
    /// A goal it is about (a check-in, a cheer, a goal reached).
    pub goal_id: Option<i32>,
    /// A house meeting it is about (the reminder).
    pub meeting_id: Option<i32>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
