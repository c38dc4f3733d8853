//! A proposal the members (or stewards) of a group vote on.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "proposals")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub kind: String,
    pub title: String,
    pub reason: String,
    pub reason_html: String,
    pub payload: String,
    pub status: String,
    pub author_id: Option<i32>,
    pub subject_id: Option<i32>,
    pub thread_id: Option<i32>,
    pub electorate: i32,
    pub quorum: i32,
    pub threshold: i32,
    pub secret: bool,
    pub opened_at: DateTimeUtc,
    pub closes_at: DateTimeUtc,
    pub closed_at: Option<DateTimeUtc>,
    pub reminded: bool,
    pub tally_yes: i32,
    pub tally_no: i32,
    pub tally_abstain: i32,
    pub note: Option<String>,
    /// A vote about people does not close before this even when its outcome is certain
    /// (cleared once the time has come).
    pub early_close_at: Option<DateTimeUtc>,
    /// What the proposal would replace, as it stood when it opened (JSON): the group's
    /// settings for a settings change, the rule's title and text for a rule change.
    pub previous: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
