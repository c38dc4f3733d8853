//! A house meeting in a group's chat room.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "meetings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    pub room_id: i32,
    pub title: String,
    pub starts_at: DateTimeUtc,
    /// `scheduled`, `open` or `closed`.
    pub status: String,
    /// Who scheduled it and chairs it (a steward may chair too).
    pub chair_id: Option<i32>,
    /// Who writes the minutes besides the chair.
    pub minute_taker_id: Option<i32>,
    pub minutes: String,
    /// The forum thread the minutes went to when it closed.
    pub minutes_thread_id: Option<i32>,
    /// How many were present when it closed.
    pub present_at_close: Option<i32>,
    pub reminded_at: Option<DateTimeUtc>,
    pub opened_at: Option<DateTimeUtc>,
    pub closed_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
