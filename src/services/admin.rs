//! The instance admin's tools: find accounts and groups (with activity counts, never their
//! words), let applicants in, suspend an account across the instance, close a group that
//! breaks the instance's rules, and make invite codes. Every act goes in the admin's log.
use chrono::{DateTime, Duration, Utc};
use entity::{instance_invite, user};

use crate::db;
use crate::db::groups::Group;
use crate::db::instance::{AccountCounts, GroupCounts};
use crate::db::privacy::Subject;
use crate::domain::Invalid;
use crate::domain::group::Status;
use crate::error::{AppError, AppResult};
use crate::services::privacy::REASON_MAX;
use crate::state::AppState;

/// Longest search text in the admin's lists.
pub const QUERY_MAX: usize = 64;

/// One account in the admin's list.
pub struct AccountRow {
    pub user: user::Model,
    pub counts: AccountCounts,
}

/// Accounts whose name contains `q`, with what they did (counts only).
pub async fn accounts(state: &AppState, q: &str, page: u64) -> AppResult<Vec<AccountRow>> {
    let q: String = q.trim().chars().take(QUERY_MAX).collect();
    let users = db::instance::find_accounts(&state.db, &q, page.min(10_000)).await?;
    let ids: Vec<i32> = users.iter().map(|u| u.id).collect();
    let mut counts = db::instance::account_counts(&state.db, &ids).await?;
    Ok(users
        .into_iter()
        .map(|u| AccountRow {
            counts: counts.remove(&u.id).unwrap_or_default(),
            user: u,
        })
        .collect())
}

/// Applications waiting for an admin.
pub async fn applications(state: &AppState) -> AppResult<Vec<user::Model>> {
    Ok(db::instance::applications(&state.db).await?)
}

/// One group in the admin's list: its name and numbers, none of its content.
pub struct GroupRow {
    pub group: Group,
    pub counts: GroupCounts,
}

pub async fn groups(state: &AppState, q: &str, page: u64) -> AppResult<Vec<GroupRow>> {
    let q: String = q.trim().chars().take(QUERY_MAX).collect();
    let rows = db::instance::find_groups(&state.db, &q, page.min(10_000)).await?;
    let ids: Vec<i32> = rows.iter().map(|g| g.id).collect();
    let mut counts = db::instance::group_counts(&state.db, &ids).await?;
    Ok(rows
        .into_iter()
        // A row with a kind this version does not know is left out, not fatal.
        .filter_map(|row| Group::from_row(row).ok())
        .map(|group| GroupRow {
            counts: counts.remove(&group.row.id).unwrap_or_default(),
            group,
        })
        .collect())
}

/// A reason for an admin's act: 1–500 characters, trimmed.
pub fn check_reason(reason: &str) -> AppResult<String> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::field("reason", Invalid("err-required")));
    }
    if reason.chars().count() > REASON_MAX {
        return Err(AppError::field("reason", Invalid("err-reason-long")));
    }
    Ok(reason.to_owned())
}

/// Lets an applicant in: from now on they can log in.
pub async fn approve(state: &AppState, admin: &user::Model, username: &str) -> AppResult<()> {
    let user = crate::services::privacy::find_account(state, username).await?;
    let txn = db::write(&state.db).await?;
    if !db::instance::approve(&txn, user.id).await? {
        return Err(AppError::NotFound);
    }
    db::privacy::admin_log(
        &txn,
        admin.id,
        "application_approved",
        Subject::Account(user.id),
        None,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(admin_id = admin.id, account_id = user.id, "application approved");
    Ok(())
}

/// Turns an application down: the account that waited is removed, and its name is free again.
pub async fn reject(state: &AppState, admin: &user::Model, username: &str) -> AppResult<()> {
    let user = crate::services::privacy::find_account(state, username).await?;
    if user.pending_answer.is_none() {
        return Err(AppError::NotFound);
    }
    crate::services::privacy::remove_account(state, &user, true).await?;
    db::privacy::admin_log(
        &state.db,
        admin.id,
        "application_rejected",
        Subject::Account(user.id),
        None,
    )
    .await?;
    tracing::info!(admin_id = admin.id, account_id = user.id, "application rejected");
    Ok(())
}

/// Suspends an account across the instance: its sessions end at once, its sockets close, and
/// it cannot log in; the reason is shown to its owner when they try.
pub async fn suspend(state: &AppState, admin: &user::Model, username: &str, reason: &str) -> AppResult<()> {
    let reason = check_reason(reason)?;
    let user = crate::services::privacy::find_account(state, username).await?;
    if user.id == admin.id {
        return Err(AppError::field("username", Invalid("err-suspend-self")));
    }
    let txn = db::write(&state.db).await?;
    db::instance::set_suspended(&txn, user.id, Some(&reason)).await?;
    db::sessions::delete_others(&txn, user.id, None).await?;
    db::privacy::admin_log(
        &txn,
        admin.id,
        "account_suspended",
        Subject::Account(user.id),
        Some(reason),
    )
    .await?;
    txn.commit().await?;
    state.chat.sessions_changed(user.id);
    tracing::info!(admin_id = admin.id, account_id = user.id, "account suspended");
    Ok(())
}

/// Lifts a suspension.
pub async fn unsuspend(state: &AppState, admin: &user::Model, username: &str) -> AppResult<()> {
    let user = crate::services::privacy::find_account(state, username).await?;
    if user.suspended_at.is_none() {
        return Err(AppError::NotFound);
    }
    let txn = db::write(&state.db).await?;
    db::instance::set_suspended(&txn, user.id, None).await?;
    db::privacy::admin_log(
        &txn,
        admin.id,
        "account_unsuspended",
        Subject::Account(user.id),
        None,
    )
    .await?;
    txn.commit().await?;
    tracing::info!(admin_id = admin.id, account_id = user.id, "suspension lifted");
    Ok(())
}

async fn group(state: &AppState, slug: &str) -> AppResult<Group> {
    db::groups::find_by_slug(&state.db, slug)
        .await?
        .ok_or(AppError::NotFound)
}

async fn active_members(state: &AppState, group_id: i32) -> AppResult<Vec<i32>> {
    Ok(db::groups::members(&state.db, group_id)
        .await?
        .into_iter()
        .filter(|(m, _)| m.status == Status::Active)
        .map(|(_, u)| u.id)
        .collect())
}

/// Closes a group that breaks the instance's rules: its members may still read it and leave,
/// nobody may add anything, and others no longer see it. Members are told, with the reason.
pub async fn close_group(state: &AppState, admin: &user::Model, slug: &str, reason: &str) -> AppResult<()> {
    let reason = check_reason(reason)?;
    let g = group(state, slug).await?;
    if g.row.closed_at.is_some() {
        return Err(AppError::Conflict {
            code: "already_closed",
            field: "slug",
            key: "err-group-already-closed",
        });
    }
    let members = active_members(state, g.row.id).await?;
    let txn = db::write(&state.db).await?;
    db::instance::set_closed(&txn, g.row.id, Some(&reason)).await?;
    db::notifications::add_about_group(&txn, &members, "group_closed", g.row.id).await?;
    db::privacy::admin_log(
        &txn,
        admin.id,
        "group_closed",
        Subject::Group(g.row.id),
        Some(reason),
    )
    .await?;
    txn.commit().await?;
    // Out of the group's chat rooms, on every instance; their unread counts change.
    for &m in &members {
        state.chat.access_lost(g.row.id, m);
    }
    crate::services::chat::notifications_changed(state, &members).await;
    tracing::info!(admin_id = admin.id, group_id = g.row.id, "group closed");
    Ok(())
}

/// Opens a closed group again; its members are told.
pub async fn reopen_group(state: &AppState, admin: &user::Model, slug: &str) -> AppResult<()> {
    let g = group(state, slug).await?;
    if g.row.closed_at.is_none() {
        return Err(AppError::NotFound);
    }
    let members = active_members(state, g.row.id).await?;
    let txn = db::write(&state.db).await?;
    db::instance::set_closed(&txn, g.row.id, None).await?;
    db::notifications::add_about_group(&txn, &members, "group_reopened", g.row.id).await?;
    db::privacy::admin_log(&txn, admin.id, "group_reopened", Subject::Group(g.row.id), None).await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &members).await;
    tracing::info!(admin_id = admin.id, group_id = g.row.id, "group reopened");
    Ok(())
}

/// The longest an instance invite may stay valid: 30 days.
pub const INVITE_MAX_HOURS: i64 = 24 * 30;

/// Makes a code that lets one person make an account while registration is by invitation.
pub async fn create_invite(
    state: &AppState,
    admin: &user::Model,
    hours: Option<i64>,
) -> AppResult<(String, DateTime<Utc>)> {
    let hours = hours.unwrap_or(24 * 7);
    if !(1..=INVITE_MAX_HOURS).contains(&hours) {
        return Err(AppError::field("expires_in_hours", Invalid("err-invite-hours")));
    }
    let (code, row) = db::instance::create_invite(&state.db, admin.id, Duration::hours(hours)).await?;
    Ok((code, row.expires_at))
}

pub async fn open_invites(state: &AppState) -> AppResult<Vec<instance_invite::Model>> {
    Ok(db::instance::open_invites(&state.db).await?)
}

pub async fn revoke_invite(state: &AppState, id: i32) -> AppResult<()> {
    if db::instance::revoke_invite(&state.db, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// The link to hand out for an instance invite code: the registration form with the code in.
pub fn invite_url(state: &AppState, code: &str) -> String {
    let mut url = state.config.public_url();
    url.set_path(crate::routes::REGISTER);
    url.query_pairs_mut().append_pair("invite", code);
    url.to_string()
}
