//! An account.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i32,
    #[sea_orm(unique)]
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub locale: String,
    pub is_admin: bool,
    pub created_at: DateTimeUtc,
    pub password_changed_at: DateTimeUtc,
    /// Whether others see when this person is typing in a chat room.
    pub typing_signal: bool,
    /// Whether two stewards of one of this person's groups may together vouch for a
    /// password reset (then `vouch_group_id` says which group).
    pub vouch_reset: bool,
    /// The one group whose stewards may vouch.
    pub vouch_group_id: Option<i32>,
    /// Set while the application waits for an admin: the applicant's answer.
    pub pending_answer: Option<String>,
    /// Set while an admin has suspended the account across the instance.
    pub suspended_at: Option<DateTimeUtc>,
    pub suspended_reason: Option<String>,
    /// A short text the person writes for their profile (empty: none).
    pub bio: String,
    /// The IANA time zone times are shown in; unset: Europe/Amsterdam.
    pub time_zone: Option<String>,
    /// The kinds of notification this person turned off, space-separated (empty: all on).
    pub notifications_off: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::session::Entity")]
    Session,
}

impl Related<super::session::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Session.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
