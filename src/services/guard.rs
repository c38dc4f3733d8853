//! The write guard: every act that adds or changes something in a group passes here, and
//! only here, before anything is stored. One place answers "may this person write here, now,
//! this?": an active member, not muted, in a group that is not closed (a steward for an urgent
//! act), within their rate, with no more links than a new account may post (counted on the
//! rendered HTML), and not the same words again. Pages, the JSON API and the chat socket all
//! reach it through the same use cases.
use entity::user;

use crate::db::instance::Recent;
use crate::db::serial::Turn;
use crate::domain::Invalid;
use crate::domain::instance::InstanceSettings;
use crate::domain::markdown;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// What someone does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Act {
    StartThread,
    Reply,
    EditPost,
    DeletePost,
    SendChat,
    EditChat,
    DeleteChat,
    Flag,
    Propose,
    Vote,
    /// A steward removes an item at once.
    Urgent,
    /// The author of a hidden item answers on its case.
    Respond,
    /// A member asks the group for help.
    AskHelp,
    /// A member offers help with a request.
    OfferHelp,
    /// The asker accepts or declines an offer, or closes the request.
    AnswerHelp,
    /// A member shares a goal with the group, or changes a goal shared with it.
    Goal,
    /// A member cheers a goal (or a step of it) shared with the group.
    Cheer,
    /// A member schedules a house meeting, writes its minutes, or closes it.
    Meeting,
}

/// The words an act stores: the text as written and as rendered (sanitized) HTML.
#[derive(Debug, Clone, Copy)]
pub struct Words<'a> {
    pub text: &'a str,
    pub html: &'a str,
}

/// The checks that need no database: the policy, the rate, the links, a repeated chat
/// message. The chat socket calls this on every message, so it stays cheap.
pub fn check_now(
    state: &AppState,
    site: &InstanceSettings,
    group: &GroupAccess,
    user: &user::Model,
    act: Act,
    words: Option<Words<'_>>,
    client_id: Option<&str>,
) -> AppResult<()> {
    // Active member, not muted, group not closed; a steward for an urgent act.
    group.require(Action::Write)?;
    if act == Act::Urgent {
        group.require(Action::Moderate)?;
    }
    match act {
        Act::StartThread | Act::Reply | Act::EditPost => state.limits.post(user.id)?,
        Act::SendChat | Act::EditChat => state.limits.chat(user.id)?,
        _ => state.limits.act(user.id)?,
    }
    if let Some(w) = words
        && site.is_new(user)
        && markdown::count_links(w.html) > site.new_links_per_post as usize
    {
        return Err(AppError::field("body", Invalid("err-too-many-links")));
    }
    if let (Act::SendChat, Some(w), Some(id)) = (act, words, client_id) {
        state.chat_repeats.check(site, user.id, w.text, id)?;
    }
    Ok(())
}

/// Passed the guard: holds the turns of any daily limit counted, so keep it until the act is
/// stored (see [`crate::db::serial`]).
#[must_use = "keep it until the act is stored: the daily limits hold only while it is held"]
pub struct Cleared(#[allow(dead_code)] Vec<Turn>);

/// Every check: [`check_now`], then what is counted in the database (the same words again in
/// the forum, a new account's daily limits).
pub async fn check(
    state: &AppState,
    group: &GroupAccess,
    user: &user::Model,
    act: Act,
    words: Option<Words<'_>>,
) -> AppResult<Cleared> {
    let site = state.site.get(&state.db).await;
    check_now(state, &site, group, user, act, words, None)?;
    let mut turns = Vec::new();
    if let (Act::StartThread | Act::Reply, Some(w)) = (act, words) {
        crate::services::abuse::check_post_repeat(state, &site, user, w.text).await?;
        if act == Act::StartThread {
            turns.extend(crate::services::abuse::check_daily(state, &site, user, Recent::Threads).await?);
        }
        turns.extend(crate::services::abuse::check_daily(state, &site, user, Recent::Posts).await?);
    }
    Ok(Cleared(turns))
}
