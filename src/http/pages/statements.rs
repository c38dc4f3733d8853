//! Public statements as pages: one, and all of them. For everyone, logged in or not.
use axum::extract::State;
use axum::response::{IntoResponse, Response};

use crate::error::AppResult;
use crate::http::context::Ctx;
use crate::http::extract::Path;
use crate::services::statements;
use crate::state::AppState;
use crate::views::statements::{statement_page, statements_page};

pub async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i32>) -> AppResult<Response> {
    let s = statements::public(&state, id).await?;
    Ok(statement_page(&ctx.frame(), &s).into_response())
}

pub async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let items = statements::all(&state, 100).await?;
    Ok(statements_page(&ctx.frame(), &items).into_response())
}
