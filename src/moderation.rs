//! Moderation by members. For now: flagging a post or a chat message, citing one of the group's
//! house rules or giving a reason. Hiding at a threshold, cases and votes build on these flags.
use entity::{flag, user};
use sea_orm::TransactionTrait;

use crate::app::AppState;
use crate::chat::RoomAccess;
use crate::db;
use crate::db::flags::NewFlag;
use crate::domain::Invalid;
use crate::domain::forum::PostStatus;
use crate::domain::moderation::{Target, parse_reason};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::forum::ThreadAccess;

/// Flags a post or a chat message. One flag per member per item, and a daily limit per
/// member; nobody flags their own words, or what is no longer there.
pub async fn flag(
    state: &AppState,
    user: &user::Model,
    target: Target,
    rule_id: Option<i32>,
    reason: Option<&str>,
) -> AppResult<flag::Model> {
    let (group_id, author_id, status, protected) = match target {
        Target::Post(id) => {
            let p = db::forum::find_post(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let access = ThreadAccess::load(state, Some(user), p.thread_id).await?;
            access.group.require(Action::Write)?;
            // A proposal's discussion is never hidden by flags.
            let protected = db::flags::in_proposal_discussion(&state.db, p.thread_id).await?;
            (access.group.group.row.id, p.author_id, p.status, protected)
        }
        Target::Message(id) => {
            let m = db::chat::find_message(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let access = RoomAccess::load(state, Some(user), m.room_id, Action::Chat).await?;
            (access.room.group_id, m.author_id, m.status, false)
        }
    };
    if author_id == Some(user.id) || status != PostStatus::Visible.as_str() {
        return Err(AppError::Forbidden);
    }
    let reason = parse_reason(rule_id, reason).map_err(|e| AppError::field("reason", e))?;
    if let Some(id) = rule_id {
        let rule = db::decisions::find_rule(&state.db, id).await?;
        if rule.is_none_or(|r| r.group_id != group_id || r.status != "active") {
            return Err(AppError::field("rule_id", Invalid("err-rule-unknown")));
        }
    }
    if db::flags::made_today(&state.db, user.id).await? >= u64::from(state.config.flags_per_day) {
        return Err(AppError::RateLimited(3600));
    }
    let new = NewFlag {
        group_id,
        target,
        flagger_id: user.id,
        rule_id,
        reason,
    };
    let stored = db::flags::insert(&state.db, new)
        .await?
        .ok_or(AppError::Conflict {
            code: "already_flagged",
            field: "reason",
            key: "err-already-flagged",
        })?;
    tracing::info!(group_id, kind = target.kind(), "flagged");
    if !protected {
        hide_if_enough(state, group_id, target, author_id).await?;
    }
    Ok(stored)
}

/// Hides the item at once when enough different members flagged it (the group's
/// `flag_threshold`), and opens a case for the members to decide on within the review period.
async fn hide_if_enough(
    state: &AppState,
    group_id: i32,
    target: Target,
    author_id: Option<i32>,
) -> AppResult<()> {
    let group = db::groups::find(&state.db, group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let settings = group.settings()?;
    if db::flags::count_for(&state.db, target).await? < u64::from(settings.flag_threshold) {
        return Ok(());
    }
    let txn = state.db.begin().await?;
    // Only the flag that crosses the threshold hides it and opens the case.
    if !db::flags::set_status_if(&txn, target, PostStatus::Visible, PostStatus::Hidden).await? {
        return Ok(());
    }
    let review_until = db::now() + chrono::Duration::hours(i64::from(settings.review_period_hours));
    let case = db::flags::open_case(&txn, group_id, target, author_id, review_until).await?;
    let rules = db::flags::cited_rules(&txn, target).await?;
    db::decisions::log(
        &txn,
        db::decisions::LogLine {
            group_id,
            action: "item_hidden",
            target: Some(target.kind().to_owned()),
            rule_id: rules.first().copied(),
            proposal_id: None,
            case_id: Some(case.id),
            actor_role: "members",
        },
    )
    .await?;
    txn.commit().await?;
    if let Target::Message(id) = target
        && let Some(m) = db::chat::find_message(&state.db, id).await?
    {
        crate::chat::announce_row(state, &m).await?;
    }
    tracing::info!(
        group_id,
        case_id = case.id,
        kind = target.kind(),
        "hidden by flags"
    );
    Ok(())
}
