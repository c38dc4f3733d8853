//! Help from stewards with a lost password, built so that it cannot be captured: the member
//! names the one group whose stewards may vouch; a steward counts only after being one there
//! for a while, and the member only after being a member for a while; and the reset two
//! stewards vouched for does not take effect at once: it waits (24 hours by default) while
//! every open session of the owner shows "this was not me", which cancels it, logs it and
//! tells the two stewards.
use chrono::{DateTime, Duration, Utc};
use entity::{pending_reset, user};
use sea_orm::{ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

use crate::db;
use crate::db::groups::Member;
use crate::domain::group::{Role, Status};
use crate::domain::instance::InstanceSettings;
use crate::error::AppResult;
use crate::state::AppState;

/// Whether a member has been in the group long enough for its stewards to vouch for them.
pub fn member_long_enough(site: &InstanceSettings, m: &Member, now: DateTime<Utc>) -> bool {
    m.status == Status::Active && now - m.since >= Duration::days(i64::from(site.vouch_member_days))
}

/// Whether a steward has been one long enough for their vouch to count.
pub fn steward_long_enough(site: &InstanceSettings, m: &Member, now: DateTime<Utc>) -> bool {
    m.status == Status::Active
        && m.role == Role::Steward
        && m.steward_since
            .is_some_and(|since| now - since >= Duration::days(i64::from(site.vouch_steward_days)))
}

/// The group whose stewards may vouch for this person: the one they chose, while they are
/// still an active member of it.
pub async fn chosen_group(db: &impl ConnectionTrait, user: &user::Model) -> AppResult<Option<i32>> {
    let Some(gid) = user.vouch_group_id.filter(|_| user.vouch_reset) else {
        return Ok(None);
    };
    Ok(db::groups::membership(db, gid, user.id)
        .await?
        .filter(|m| m.status == Status::Active)
        .map(|_| gid))
}

/// Stores the reset two stewards vouched for, to take effect after the wait; tells the owner
/// and the group's log. Returns when it takes effect.
pub async fn request(
    txn: &impl ConnectionTrait,
    site: &InstanceSettings,
    user: &user::Model,
    group_id: i32,
    stewards: (i32, i32),
    password_hash: String,
) -> AppResult<DateTime<Utc>> {
    let now = db::now();
    let takes_effect_at = now + Duration::hours(i64::from(site.vouch_wait_hours));
    // One waiting reset at a time: a newer one replaces the older.
    pending_reset::Entity::delete_many()
        .filter(pending_reset::Column::UserId.eq(user.id))
        .filter(pending_reset::Column::CancelledAt.is_null())
        .filter(pending_reset::Column::DoneAt.is_null())
        .exec(txn)
        .await?;
    pending_reset::ActiveModel {
        user_id: Set(user.id),
        group_id: Set(Some(group_id)),
        steward_a: Set(Some(stewards.0)),
        steward_b: Set(Some(stewards.1)),
        password_hash: Set(password_hash),
        requested_at: Set(now),
        takes_effect_at: Set(takes_effect_at),
        cancelled_at: Set(None),
        done_at: Set(None),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    log(txn, group_id, "reset_requested", user).await?;
    db::notifications::add_about_group(txn, &[user.id], "reset_requested", group_id).await?;
    Ok(takes_effect_at)
}

async fn log(
    db: &impl ConnectionTrait,
    group_id: i32,
    action: &'static str,
    user: &user::Model,
) -> AppResult<()> {
    db::decisions::log(
        db,
        db::decisions::LogLine {
            group_id,
            action,
            target: Some(user.display_name.clone()),
            rule_id: None,
            proposal_id: None,
            case_id: None,
            actor_role: "system",
            subject_id: Some(user.id),
        },
    )
    .await?;
    Ok(())
}

/// The reset waiting for this person, if any.
pub async fn waiting(db: &impl ConnectionTrait, user_id: i32) -> AppResult<Option<pending_reset::Model>> {
    Ok(pending_reset::Entity::find()
        .filter(pending_reset::Column::UserId.eq(user_id))
        .filter(pending_reset::Column::CancelledAt.is_null())
        .filter(pending_reset::Column::DoneAt.is_null())
        .one(db)
        .await?)
}

/// "This was not me": the owner cancels a waiting reset. The group's log says so and the two
/// stewards are told. False when nothing was waiting.
pub async fn cancel(state: &AppState, user: &user::Model) -> AppResult<bool> {
    let txn = db::write(&state.db).await?;
    let Some(p) = waiting(&txn, user.id).await? else {
        return Ok(false);
    };
    let done = pending_reset::Entity::update_many()
        .col_expr(pending_reset::Column::CancelledAt, Some(db::now()).into())
        .filter(pending_reset::Column::Id.eq(p.id))
        .filter(pending_reset::Column::CancelledAt.is_null())
        .filter(pending_reset::Column::DoneAt.is_null())
        .exec(&txn)
        .await?;
    if done.rows_affected != 1 {
        return Ok(false);
    }
    let stewards: Vec<i32> = [p.steward_a, p.steward_b].into_iter().flatten().collect();
    if let Some(gid) = p.group_id {
        log(&txn, gid, "reset_cancelled", user).await?;
        db::notifications::add_about_group(&txn, &stewards, "reset_cancelled", gid).await?;
    }
    db::privacy::clear_vouches(&txn, user.id).await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &stewards).await;
    tracing::info!(
        user_id = user.id,
        "a vouched password reset was cancelled by its owner"
    );
    Ok(true)
}

/// Makes the resets whose wait is over take effect: the new password, every session ended.
/// Safe on several instances at once: each reset is claimed in its transaction.
pub async fn apply_due(state: &AppState) -> AppResult<()> {
    let due = pending_reset::Entity::find()
        .filter(pending_reset::Column::CancelledAt.is_null())
        .filter(pending_reset::Column::DoneAt.is_null())
        .filter(pending_reset::Column::TakesEffectAt.lte(db::now()))
        .all(&state.db)
        .await?;
    for p in due {
        let txn = db::write(&state.db).await?;
        let claimed = pending_reset::Entity::update_many()
            .col_expr(pending_reset::Column::DoneAt, Some(db::now()).into())
            .filter(pending_reset::Column::Id.eq(p.id))
            .filter(pending_reset::Column::CancelledAt.is_null())
            .filter(pending_reset::Column::DoneAt.is_null())
            .exec(&txn)
            .await?;
        if claimed.rows_affected != 1 {
            continue;
        }
        // Turned off, another group chosen, or out of the group meanwhile: the owner's later
        // word wins, and nothing changes.
        let still = match db::users::find(&txn, p.user_id).await? {
            Some(u) => chosen_group(&txn, &u)
                .await?
                .is_some_and(|g| Some(g) == p.group_id),
            None => false,
        };
        if !still {
            pending_reset::Entity::update_many()
                .col_expr(pending_reset::Column::CancelledAt, Some(db::now()).into())
                .col_expr(
                    pending_reset::Column::DoneAt,
                    Option::<DateTime<Utc>>::None.into(),
                )
                .filter(pending_reset::Column::Id.eq(p.id))
                .exec(&txn)
                .await?;
            txn.commit().await?;
            continue;
        }
        db::users::set_password(&txn, p.user_id, p.password_hash.clone()).await?;
        db::sessions::delete_others(&txn, p.user_id, None).await?;
        db::privacy::record_login(&txn, p.user_id, "vouched_reset", "").await?;
        txn.commit().await?;
        state.chat.sessions_changed(p.user_id);
        tracing::info!(user_id = p.user_id, "a vouched password reset took effect");
    }
    Ok(())
}
