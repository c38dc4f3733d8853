//! The front page and the language switch.
use axum::extract::State;
use axum::http::header::SET_COOKIE;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use crate::db;
use crate::domain::account::Locale;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, LANG_COOKIE, cookie};
use crate::http::extract::Form;
use crate::routes;
use crate::state::AppState;
use crate::views::help::help_page;
use crate::views::home::home_page;

/// The front page: for someone logged in, their groups with what is new and what is for them.
pub async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Markup> {
    let front = match ctx.user() {
        Some(u) => Some(crate::services::home::front(&state, u).await?),
        None => None,
    };
    Ok(home_page(&ctx.frame(), front.as_ref()))
}

#[derive(Deserialize)]
pub struct LanguageForm {
    #[serde(default)]
    lang: String,
    next: Option<String>,
}

/// Remembers the chosen language in a cookie, and on the account when logged in.
pub async fn set_language(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<LanguageForm>,
) -> AppResult<Response> {
    let locale = Locale::parse(&form.lang).map_err(|e| AppError::field("lang", e))?;
    if let Some(user) = ctx.user() {
        db::users::set_locale(&state.db, user.id, locale).await?;
    }
    let https = state.config.is_https();
    let mut res = Redirect::to(routes::safe_next(form.next.as_deref())).into_response();
    res.headers_mut().append(
        SET_COOKIE,
        cookie(LANG_COOKIE, locale.code(), 60 * 60 * 24 * 365, https),
    );
    Ok(res)
}

/// About this site: its name, description and rules, and how new people get in.
pub async fn about(ctx: Ctx) -> maud::Markup {
    crate::views::help::about_page(&ctx.frame())
}

/// "Need help now?": crisis contacts, for anyone, logged in or not.
pub async fn help(ctx: Ctx) -> maud::Markup {
    help_page(&ctx.frame())
}
