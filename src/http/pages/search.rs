//! The search page.
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::http::context::Ctx;
use crate::http::extract::Query;
use crate::http::pages::{FormResult, Outcome};
use crate::services::groups::GroupAccess;
use crate::services::search;
use crate::state::AppState;
use crate::views::search::{SearchView, search_page};

/// Hits per page.
const PER_PAGE: u64 = 20;
/// Pages one can go through (the best hits come first; nobody reads page 50).
const MAX_PAGE: u64 = 50;

#[derive(Deserialize, Default)]
pub struct SearchQuery {
    #[serde(default)]
    q: String,
    group: Option<String>,
    page: Option<u64>,
}

pub async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<SearchQuery>,
) -> AppResult<Response> {
    let group_slug = q.group.as_deref().filter(|g| !g.is_empty());
    let access = match group_slug {
        Some(slug) => Some(GroupAccess::load_for(&state, ctx.user(), slug, Action::ReadContent).await?),
        None => None,
    };
    let group = access
        .as_ref()
        .map(|a| (a.group.row.slug.as_str(), a.group.row.name.as_str()));
    let page = q.page.unwrap_or(1).clamp(1, MAX_PAGE);
    let mut view = SearchView {
        q: &q.q,
        group,
        error: None,
        hits: None,
        page,
        more: false,
    };
    if q.q.trim().is_empty() {
        return Ok(search_page(&ctx.frame(), &view).into_response());
    }
    let found = search::search(
        &state,
        ctx.user(),
        &q.q,
        group_slug,
        PER_PAGE + 1,
        (page - 1) * PER_PAGE,
    )
    .await;
    match found.refused()? {
        Outcome::Done(mut hits) => {
            view.more = hits.len() as u64 > PER_PAGE && page < MAX_PAGE;
            hits.truncate(PER_PAGE as usize);
            view.hits = Some(&hits);
            Ok(search_page(&ctx.frame(), &view).into_response())
        }
        // A query without a single word answers "nothing found", not an error.
        Outcome::Again(r) if r.key == "err-search-empty" => {
            view.hits = Some(&[]);
            Ok(search_page(&ctx.frame(), &view).into_response())
        }
        Outcome::Again(r) => {
            view.error = Some(r.key);
            Ok((r.status, search_page(&ctx.frame(), &view)).into_response())
        }
    }
}
