//! A password reset two stewards vouched for, waiting until it takes effect; the owner can
//! cancel it until then ("this was not me").
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "pending_resets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub user_id: i32,
    pub group_id: Option<i32>,
    pub steward_a: Option<i32>,
    pub steward_b: Option<i32>,
    pub password_hash: String,
    pub requested_at: DateTimeUtc,
    pub takes_effect_at: DateTimeUtc,
    pub cancelled_at: Option<DateTimeUtc>,
    pub done_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
