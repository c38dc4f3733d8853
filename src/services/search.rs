//! Full-text search over the threads and posts a person may read.
use entity::user;

use crate::db;
use crate::db::search::Hit;
use crate::domain::policy::Action;
use crate::domain::search::Query;
use crate::error::{AppError, AppResult};
use crate::services::groups::{self, GroupAccess};
use crate::state::AppState;

/// Searches every group the person may read, or only `group` (a slug they may read; else
/// [`AppError::NotFound`], as for the group page).
pub async fn search(
    state: &AppState,
    user: Option<&user::Model>,
    text: &str,
    group: Option<&str>,
    limit: u64,
    offset: u64,
) -> AppResult<Vec<Hit>> {
    let query = Query::parse(text).map_err(|e| AppError::field("q", e))?;
    let group_ids: Vec<i32> = match group.filter(|g| !g.is_empty()) {
        Some(slug) => {
            let access = GroupAccess::load_for(state, user, slug, Action::ReadContent).await?;
            vec![access.group.row.id]
        }
        None => groups::readable(state, user)
            .await?
            .iter()
            .map(|g| g.row.id)
            .collect(),
    };
    Ok(db::search::search(&state.db, &query, &group_ids, limit, offset).await?)
}
