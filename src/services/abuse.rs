//! Defences against spam that shut nobody out for lack of an e-mail address or a phone: a new
//! account gets lower daily limits for its first days and may post only a few links, and
//! nobody may send the same words again and again. The admin sets every number.

use entity::user;

use crate::db;
use crate::db::instance::Recent;
use crate::db::serial::{Scope, Turn};
use crate::domain::Invalid;
use crate::domain::instance::InstanceSettings;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// A new account's daily limit for one kind of thing, counted in the database (so it holds
/// across instances and restarts). When reached, the answer says when it frees up. Where the
/// limit applies, the answer holds the person's turn for this kind: keep it until the new
/// thing is stored, so that requests at once cannot all pass one count.
pub async fn check_daily(
    state: &AppState,
    site: &InstanceSettings,
    user: &user::Model,
    what: Recent,
) -> AppResult<Option<Turn>> {
    if !site.is_new(user) {
        return Ok(None);
    }
    let turn = state
        .turns
        .take(&state.db, Scope::Daily(what as u8), user.id)
        .await?;
    let (limit, key) = match what {
        Recent::Posts => (site.new_posts_per_day, "err-new-posts"),
        Recent::Threads => (site.new_threads_per_day, "err-new-threads"),
        Recent::Groups => (site.new_groups_per_day, "err-new-groups"),
        Recent::Invites => (site.new_invites_per_day, "err-new-invites"),
    };
    let times = db::instance::recent(&state.db, what, user.id, limit).await?;
    if times.len() < limit as usize {
        return Ok(Some(turn));
    }
    // The oldest of the last `limit` leaves the 24-hour window first.
    let frees = times
        .get(times.len() - limit as usize)
        .map(|t| *t + chrono::Duration::hours(24) - chrono::Utc::now())
        .and_then(|d| d.to_std().ok())
        .map_or(60, |d| d.as_secs().max(1));
    tracing::info!(user_id = user.id, ?what, "new account's daily limit reached");
    Err(AppError::NewAccountLimit(key, frees))
}

/// Refuses a forum post with the same words as one the person wrote within the window.
pub async fn check_post_repeat(
    state: &AppState,
    site: &InstanceSettings,
    user: &user::Model,
    body: &str,
) -> AppResult<()> {
    if site.duplicate_minutes == 0 {
        return Ok(());
    }
    let since = chrono::Utc::now() - chrono::Duration::minutes(i64::from(site.duplicate_minutes));
    if db::instance::posted_same(&state.db, user.id, body.trim(), since).await? {
        return Err(AppError::field("body", Invalid("err-repeated")));
    }
    Ok(())
}
