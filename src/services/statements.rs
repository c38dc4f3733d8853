//! A group's voice outside: the public statements its members adopted by vote
//! (`publish_statement` proposals, carried out in `decisions::apply`). A statement is public to
//! everyone, also for a private group, and names only the signature the members chose: never
//! a member, never the group's address. Within the group the list shows them to members.
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// `GET /api/v1/statements/{id}`: nothing in it leads to the group.
#[derive(Debug, Serialize, ToSchema)]
pub struct StatementJson {
    pub id: i32,
    pub title: String,
    pub text: String,
    /// Sanitised HTML of the text.
    pub text_html: String,
    pub signed_as: String,
    pub published_at: DateTime<Utc>,
    /// Set when a later vote withdrew it.
    pub withdrawn_at: Option<DateTime<Utc>>,
}

impl StatementJson {
    fn of(s: entity::statement::Model) -> Self {
        Self {
            id: s.id,
            title: s.title,
            text: s.body,
            text_html: s.body_html,
            signed_as: s.signed_as,
            published_at: s.published_at,
            withdrawn_at: s.withdrawn_at,
        }
    }
}

/// One statement, for anyone.
pub async fn public(state: &AppState, id: i32) -> AppResult<StatementJson> {
    db::statements::find(&state.db, id)
        .await?
        .map(StatementJson::of)
        .ok_or(AppError::NotFound)
}

/// The instance's statements, newest first (the public list and the feed).
pub async fn all(state: &AppState, limit: u64) -> AppResult<Vec<StatementJson>> {
    Ok(db::statements::all(&state.db, limit)
        .await?
        .into_iter()
        .map(StatementJson::of)
        .collect())
}

/// A group's statements, for those who may read the group.
pub async fn of_group(state: &AppState, access: &GroupAccess) -> AppResult<Vec<StatementJson>> {
    access.require(Action::ReadContent)?;
    Ok(db::statements::of_group(&state.db, access.group.row.id)
        .await?
        .into_iter()
        .map(StatementJson::of)
        .collect())
}
