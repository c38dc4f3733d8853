//! House meetings, their agenda items and who is present; the reminders that are due.
use chrono::{DateTime, Utc};
use entity::{meeting, meeting_attendance, meeting_item, membership, user};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::meetings::{ItemStatus, Status};

/// A meeting to store, with its agenda: (title, proposal).
pub struct NewMeeting {
    pub group_id: i32,
    pub room_id: i32,
    pub title: String,
    pub starts_at: DateTime<Utc>,
    pub chair_id: i32,
    pub items: Vec<(String, Option<i32>)>,
}

pub async fn create(db: &impl ConnectionTrait, new: NewMeeting) -> Result<meeting::Model, DbErr> {
    let made = meeting::ActiveModel {
        group_id: Set(new.group_id),
        room_id: Set(new.room_id),
        title: Set(new.title),
        starts_at: Set(new.starts_at),
        status: Set(Status::Scheduled.as_str().to_owned()),
        chair_id: Set(Some(new.chair_id)),
        minute_taker_id: Set(None),
        minutes: Set(String::new()),
        minutes_thread_id: Set(None),
        present_at_close: Set(None),
        reminded_at: Set(None),
        opened_at: Set(None),
        closed_at: Set(None),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !new.items.is_empty() {
        let rows = new
            .items
            .into_iter()
            .enumerate()
            .map(|(i, (title, proposal_id))| meeting_item::ActiveModel {
                meeting_id: Set(made.id),
                n: Set(i as i32 + 1),
                title: Set(title),
                proposal_id: Set(proposal_id),
                status: Set(ItemStatus::Waiting.as_str().to_owned()),
                outcome: Set(None),
                ..Default::default()
            });
        meeting_item::Entity::insert_many(rows)
            .exec_without_returning(db)
            .await?;
    }
    Ok(made)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<meeting::Model>, DbErr> {
    meeting::Entity::find_by_id(id).one(db).await
}

pub async fn save(db: &impl ConnectionTrait, m: meeting::ActiveModel) -> Result<meeting::Model, DbErr> {
    m.update(db).await
}

/// A group's meetings: the coming and running ones first (soonest first), then the last
/// closed ones.
pub async fn of_group(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<meeting::Model>, DbErr> {
    let mut coming = meeting::Entity::find()
        .filter(meeting::Column::GroupId.eq(group_id))
        .filter(meeting::Column::Status.ne(Status::Closed.as_str()))
        .order_by_asc(meeting::Column::StartsAt)
        .limit(50)
        .all(db)
        .await?;
    let closed = meeting::Entity::find()
        .filter(meeting::Column::GroupId.eq(group_id))
        .filter(meeting::Column::Status.eq(Status::Closed.as_str()))
        .order_by_desc(meeting::Column::StartsAt)
        .limit(20)
        .all(db)
        .await?;
    coming.extend(closed);
    Ok(coming)
}

/// The meeting a room shows: the one running there, else the next one planned there.
pub async fn current_in_room(
    db: &impl ConnectionTrait,
    room_id: i32,
) -> Result<Option<meeting::Model>, DbErr> {
    if let Some(m) = meeting::Entity::find()
        .filter(meeting::Column::RoomId.eq(room_id))
        .filter(meeting::Column::Status.eq(Status::Open.as_str()))
        .order_by_asc(meeting::Column::StartsAt)
        .one(db)
        .await?
    {
        return Ok(Some(m));
    }
    meeting::Entity::find()
        .filter(meeting::Column::RoomId.eq(room_id))
        .filter(meeting::Column::Status.eq(Status::Scheduled.as_str()))
        .order_by_asc(meeting::Column::StartsAt)
        .one(db)
        .await
}

/// Moves a meeting from one status to another, only if it still is in the first; true when
/// this call moved it.
pub async fn transition(
    db: &impl ConnectionTrait,
    id: i32,
    from: Status,
    to: Status,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let mut q = meeting::Entity::update_many()
        .col_expr(meeting::Column::Status, Expr::value(to.as_str()))
        .filter(meeting::Column::Id.eq(id))
        .filter(meeting::Column::Status.eq(from.as_str()));
    q = match to {
        Status::Open => q.col_expr(meeting::Column::OpenedAt, Expr::value(at)),
        Status::Closed => q.col_expr(meeting::Column::ClosedAt, Expr::value(at)),
        Status::Scheduled => q,
    };
    Ok(q.exec(db).await?.rows_affected == 1)
}

pub async fn items(db: &impl ConnectionTrait, meeting_id: i32) -> Result<Vec<meeting_item::Model>, DbErr> {
    meeting_item::Entity::find()
        .filter(meeting_item::Column::MeetingId.eq(meeting_id))
        .order_by_asc(meeting_item::Column::N)
        .all(db)
        .await
}

pub async fn save_item(
    db: &impl ConnectionTrait,
    item: meeting_item::ActiveModel,
) -> Result<meeting_item::Model, DbErr> {
    item.update(db).await
}

/// Who is present, by name.
pub async fn present(db: &impl ConnectionTrait, meeting_id: i32) -> Result<Vec<user::Model>, DbErr> {
    Ok(meeting_attendance::Entity::find()
        .filter(meeting_attendance::Column::MeetingId.eq(meeting_id))
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(_, u)| u)
        .collect())
}

pub async fn is_present(db: &impl ConnectionTrait, meeting_id: i32, user_id: i32) -> Result<bool, DbErr> {
    Ok(meeting_attendance::Entity::find()
        .filter(meeting_attendance::Column::MeetingId.eq(meeting_id))
        .filter(meeting_attendance::Column::UserId.eq(user_id))
        .count(db)
        .await?
        > 0)
}

/// Marks a person present (once) or not present.
pub async fn attend(
    db: &impl ConnectionTrait,
    meeting_id: i32,
    user_id: i32,
    present: bool,
) -> Result<(), DbErr> {
    if present {
        meeting_attendance::Entity::insert(meeting_attendance::ActiveModel {
            meeting_id: Set(meeting_id),
            user_id: Set(user_id),
            since: Set(super::now()),
        })
        .on_conflict(
            OnConflict::columns([
                meeting_attendance::Column::MeetingId,
                meeting_attendance::Column::UserId,
            ])
            .do_nothing()
            .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    } else {
        meeting_attendance::Entity::delete_many()
            .filter(meeting_attendance::Column::MeetingId.eq(meeting_id))
            .filter(meeting_attendance::Column::UserId.eq(user_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// The group's active members, counted.
pub async fn member_count(db: &impl ConnectionTrait, group_id: i32) -> Result<u64, DbErr> {
    membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::Status.eq("active"))
        .count(db)
        .await
}

/// Planned meetings that start within `before` and whose members were not reminded yet.
pub async fn due_reminders(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<Vec<meeting::Model>, DbErr> {
    meeting::Entity::find()
        .filter(meeting::Column::Status.eq(Status::Scheduled.as_str()))
        .filter(meeting::Column::RemindedAt.is_null())
        .filter(meeting::Column::StartsAt.lte(before))
        .limit(100)
        .all(db)
        .await
}

/// Takes one reminder: true when this call (on whichever instance) is the one to send it.
pub async fn take_reminder(db: &impl ConnectionTrait, id: i32, now: DateTime<Utc>) -> Result<bool, DbErr> {
    Ok(meeting::Entity::update_many()
        .col_expr(meeting::Column::RemindedAt, Expr::value(now))
        .filter(meeting::Column::Id.eq(id))
        .filter(meeting::Column::RemindedAt.is_null())
        .exec(db)
        .await?
        .rows_affected
        == 1)
}
