//! A public statement a group adopted by vote.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "statements")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    pub group_id: i32,
    /// The proposal that published it.
    pub proposal_id: i32,
    pub title: String,
    pub body: String,
    pub body_html: String,
    /// The only name it carries ("Bewoners van De Boei, Utrecht").
    pub signed_as: String,
    pub published_at: DateTimeUtc,
    pub withdrawn_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
