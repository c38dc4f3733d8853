//! `/api/v1`: a group's voice outside: public statements adopted by vote.
use axum::extract::State;

use super::ErrorBody;
use crate::error::AppResult;
use crate::http::context::Ctx;
use crate::http::extract::{Json, Path};
use crate::services::groups::GroupAccess;
use crate::services::statements::{self, StatementJson};
use crate::state::AppState;

/// A statement: public to everyone, also for a private group; it names only its signature.
#[utoipa::path(get, path = "/api/v1/statements/{id}", tag = "decisions",
    params(("id" = i32, Path)),
    responses((status = 200, body = StatementJson), (status = 404, body = ErrorBody)))]
pub async fn show(State(state): State<AppState>, Path(id): Path<i32>) -> AppResult<Json<StatementJson>> {
    Ok(Json(statements::public(&state, id).await?))
}

/// A group's statements, standing and withdrawn (for those who may read the group).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/statements", tag = "decisions",
    params(("slug" = String, Path)),
    responses((status = 200, body = Vec<StatementJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn of_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<StatementJson>>> {
    let group = GroupAccess::load(&state, ctx.user(), &slug).await?;
    Ok(Json(statements::of_group(&state, &group).await?))
}
