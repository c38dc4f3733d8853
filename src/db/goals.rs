//! Goals, their steps and cheers; the check-ins that are due.
use chrono::{DateTime, Utc};
use entity::{goal, goal_cheer, goal_step, membership, notification, user};
use sea_orm::sea_query::{Expr, Func, Query};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::goals::Status;

/// A goal to store.
pub struct NewGoal {
    pub owner_id: i32,
    pub title: String,
    pub why: String,
    pub group_id: Option<i32>,
    pub check_in_days: Option<i32>,
    pub next_check_in_at: Option<DateTime<Utc>>,
    pub steps: Vec<String>,
}

pub async fn create(db: &impl ConnectionTrait, new: NewGoal) -> Result<goal::Model, DbErr> {
    let now = super::now();
    let made = goal::ActiveModel {
        owner_id: Set(new.owner_id),
        title: Set(new.title),
        why: Set(new.why),
        status: Set(Status::Active.as_str().to_owned()),
        group_id: Set(new.group_id),
        check_in_days: Set(new.check_in_days),
        next_check_in_at: Set(new.next_check_in_at),
        last_check_in_at: Set(None),
        celebrated_at: Set(None),
        created_at: Set(now),
        reached_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !new.steps.is_empty() {
        let rows = new
            .steps
            .into_iter()
            .enumerate()
            .map(|(i, title)| goal_step::ActiveModel {
                goal_id: Set(made.id),
                position: Set(i as i32 + 1),
                title: Set(title),
                done_at: Set(None),
                created_at: Set(now),
                ..Default::default()
            });
        goal_step::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(made)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<goal::Model>, DbErr> {
    goal::Entity::find_by_id(id).one(db).await
}

pub async fn save(db: &impl ConnectionTrait, goal: goal::ActiveModel) -> Result<goal::Model, DbErr> {
    goal.update(db).await
}

/// A person's goals, newest first.
pub async fn of_owner(db: &impl ConnectionTrait, owner_id: i32) -> Result<Vec<goal::Model>, DbErr> {
    goal::Entity::find()
        .filter(goal::Column::OwnerId.eq(owner_id))
        .order_by_desc(goal::Column::Id)
        .all(db)
        .await
}

/// Goals not yet reached or stopped: the limit counts these.
pub async fn active_count(db: &impl ConnectionTrait, owner_id: i32) -> Result<u64, DbErr> {
    goal::Entity::find()
        .filter(goal::Column::OwnerId.eq(owner_id))
        .filter(goal::Column::Status.eq(Status::Active.as_str()))
        .count(db)
        .await
}

/// The goals shared with a group (active or reached, not stopped), of owners who are still its
/// active members, with the owners; newest first.
pub async fn of_group(
    db: &impl ConnectionTrait,
    group_id: i32,
) -> Result<Vec<(goal::Model, user::Model)>, DbErr> {
    let members = Query::select()
        .column(membership::Column::UserId)
        .from(membership::Entity)
        .and_where(membership::Column::GroupId.eq(group_id))
        .and_where(membership::Column::Status.eq("active"))
        .to_owned();
    Ok(goal::Entity::find()
        .filter(goal::Column::GroupId.eq(group_id))
        .filter(goal::Column::Status.ne(Status::Stopped.as_str()))
        .filter(goal::Column::OwnerId.in_subquery(members))
        .order_by_desc(goal::Column::Id)
        .limit(200)
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(g, u)| Some((g, u?)))
        .collect())
}

/// The steps of these goals, in their order.
pub async fn steps(db: &impl ConnectionTrait, goal_ids: &[i32]) -> Result<Vec<goal_step::Model>, DbErr> {
    if goal_ids.is_empty() {
        return Ok(Vec::new());
    }
    goal_step::Entity::find()
        .filter(goal_step::Column::GoalId.is_in(goal_ids.to_vec()))
        .order_by_asc(goal_step::Column::GoalId)
        .order_by_asc(goal_step::Column::Position)
        .order_by_asc(goal_step::Column::Id)
        .all(db)
        .await
}

pub async fn find_step(
    db: &impl ConnectionTrait,
    goal_id: i32,
    step_id: i32,
) -> Result<Option<goal_step::Model>, DbErr> {
    goal_step::Entity::find_by_id(step_id)
        .filter(goal_step::Column::GoalId.eq(goal_id))
        .one(db)
        .await
}

pub async fn step_count(db: &impl ConnectionTrait, goal_id: i32) -> Result<u64, DbErr> {
    goal_step::Entity::find()
        .filter(goal_step::Column::GoalId.eq(goal_id))
        .count(db)
        .await
}

/// A step at the end of the list.
pub async fn add_step(
    db: &impl ConnectionTrait,
    goal_id: i32,
    title: String,
) -> Result<goal_step::Model, DbErr> {
    let last: Option<i32> = goal_step::Entity::find()
        .select_only()
        .column_as(Expr::expr(Func::max(Expr::col(goal_step::Column::Position))), "m")
        .filter(goal_step::Column::GoalId.eq(goal_id))
        .into_tuple::<Option<i32>>()
        .one(db)
        .await?
        .flatten();
    goal_step::ActiveModel {
        goal_id: Set(goal_id),
        position: Set(last.unwrap_or(0) + 1),
        title: Set(title),
        done_at: Set(None),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn save_step(
    db: &impl ConnectionTrait,
    step: goal_step::ActiveModel,
) -> Result<goal_step::Model, DbErr> {
    step.update(db).await
}

/// The cheers on these goals with their authors, oldest first.
pub async fn cheers(
    db: &impl ConnectionTrait,
    goal_ids: &[i32],
) -> Result<Vec<(goal_cheer::Model, Option<user::Model>)>, DbErr> {
    if goal_ids.is_empty() {
        return Ok(Vec::new());
    }
    goal_cheer::Entity::find()
        .filter(goal_cheer::Column::GoalId.is_in(goal_ids.to_vec()))
        .order_by_asc(goal_cheer::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await
}

/// Whether this person gave this goal (or step) a thumbs-up before.
pub async fn has_thumbs_up(
    db: &impl ConnectionTrait,
    goal_id: i32,
    step_id: Option<i32>,
    author_id: i32,
) -> Result<bool, DbErr> {
    let q = goal_cheer::Entity::find()
        .filter(goal_cheer::Column::GoalId.eq(goal_id))
        .filter(goal_cheer::Column::AuthorId.eq(author_id))
        .filter(goal_cheer::Column::Body.eq(""));
    let q = match step_id {
        Some(s) => q.filter(goal_cheer::Column::StepId.eq(s)),
        None => q.filter(goal_cheer::Column::StepId.is_null()),
    };
    Ok(q.count(db).await? > 0)
}

pub async fn add_cheer(
    db: &impl ConnectionTrait,
    goal_id: i32,
    step_id: Option<i32>,
    author_id: i32,
    body: String,
) -> Result<goal_cheer::Model, DbErr> {
    goal_cheer::ActiveModel {
        goal_id: Set(goal_id),
        step_id: Set(step_id),
        author_id: Set(author_id),
        body: Set(body),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// The cheers a person gave (for their export: their own words only).
pub async fn cheers_by(db: &impl ConnectionTrait, author_id: i32) -> Result<Vec<goal_cheer::Model>, DbErr> {
    goal_cheer::Entity::find()
        .filter(goal_cheer::Column::AuthorId.eq(author_id))
        .order_by_asc(goal_cheer::Column::Id)
        .all(db)
        .await
}

/// Deletes a goal with its steps and cheers, and every notification about it.
pub async fn delete(db: &impl ConnectionTrait, goal_id: i32) -> Result<(), DbErr> {
    notification::Entity::delete_many()
        .filter(notification::Column::GoalId.eq(goal_id))
        .exec(db)
        .await?;
    goal::Entity::delete_by_id(goal_id).exec(db).await?;
    Ok(())
}

/// Forgets what others were told about a goal (it is no longer shared with them).
pub async fn forget_told_others(db: &impl ConnectionTrait, goal_id: i32, owner_id: i32) -> Result<(), DbErr> {
    notification::Entity::delete_many()
        .filter(notification::Column::GoalId.eq(goal_id))
        .filter(notification::Column::UserId.ne(owner_id))
        .exec(db)
        .await?;
    Ok(())
}

/// Every notification about a person's goals (before the account goes: the goals go with it).
pub async fn forget_notifications_of(db: &impl ConnectionTrait, owner_id: i32) -> Result<(), DbErr> {
    let theirs = Query::select()
        .column(goal::Column::Id)
        .from(goal::Entity)
        .and_where(goal::Column::OwnerId.eq(owner_id))
        .to_owned();
    notification::Entity::delete_many()
        .filter(notification::Column::GoalId.in_subquery(theirs))
        .exec(db)
        .await?;
    Ok(())
}

/// Goals whose check-in is due: active, asked for, its time come.
pub async fn due(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<goal::Model>, DbErr> {
    goal::Entity::find()
        .filter(goal::Column::Status.eq(Status::Active.as_str()))
        .filter(goal::Column::CheckInDays.is_not_null())
        .filter(goal::Column::NextCheckInAt.lte(now))
        .order_by_asc(goal::Column::NextCheckInAt)
        .limit(limit)
        .all(db)
        .await
}

/// Takes one due check-in: moves its time on, only if nobody (another instance) took it since
/// it was read. True when this call took it.
pub async fn take_check_in(
    db: &impl ConnectionTrait,
    g: &goal::Model,
    now: DateTime<Utc>,
    next: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let Some(was) = g.next_check_in_at else {
        return Ok(false);
    };
    let done = goal::Entity::update_many()
        .col_expr(goal::Column::NextCheckInAt, Expr::value(next))
        .col_expr(goal::Column::LastCheckInAt, Expr::value(now))
        .filter(goal::Column::Id.eq(g.id))
        .filter(goal::Column::Status.eq(Status::Active.as_str()))
        .filter(goal::Column::NextCheckInAt.eq(was))
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// The check-in itself: a notification for the owner alone, about no group.
pub async fn tell_check_in(db: &impl ConnectionTrait, g: &goal::Model) -> Result<(), DbErr> {
    notification::ActiveModel {
        user_id: Set(g.owner_id),
        kind: Set("goal_check_in".to_owned()),
        group_id: Set(None),
        thread_id: Set(None),
        post_id: Set(None),
        actor_id: Set(None),
        proposal_id: Set(None),
        case_id: Set(None),
        request_id: Set(None),
        goal_id: Set(Some(g.id)),
        meeting_id: Set(None),
        created_at: Set(super::now()),
        read_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}
