//! Requests for help and the offers on them; blocks between two people.
use entity::{block, help_offer, help_request, user};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, SqlErr,
};
use std::collections::HashMap;

use crate::domain::requests::{Kind, OfferStatus, Outcome};

/// A request to store.
pub struct NewRequest {
    pub group_id: i32,
    pub author_id: i32,
    pub title: String,
    pub body: String,
    pub kind: Kind,
    pub needed_by: Option<chrono::NaiveDate>,
}

pub async fn create(db: &impl ConnectionTrait, new: NewRequest) -> Result<help_request::Model, DbErr> {
    help_request::ActiveModel {
        group_id: Set(new.group_id),
        author_id: Set(new.author_id),
        title: Set(new.title),
        body: Set(new.body),
        kind: Set(new.kind.as_str().to_owned()),
        needed_by: Set(new.needed_by),
        status: Set("open".to_owned()),
        outcome: Set(None),
        thanks: Set(None),
        created_at: Set(super::now()),
        closed_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<help_request::Model>, DbErr> {
    help_request::Entity::find_by_id(id).one(db).await
}

/// Open requests a person has in a group.
pub async fn open_count(db: &impl ConnectionTrait, group_id: i32, author_id: i32) -> Result<u64, DbErr> {
    help_request::Entity::find()
        .filter(help_request::Column::GroupId.eq(group_id))
        .filter(help_request::Column::AuthorId.eq(author_id))
        .filter(help_request::Column::Status.eq("open"))
        .count(db)
        .await
}

/// A group's requests (open or closed), newest first, with their authors and how many offers
/// each has.
pub async fn list(
    db: &impl ConnectionTrait,
    group_id: i32,
    open: bool,
    limit: u64,
) -> Result<Vec<(help_request::Model, user::Model, u64)>, DbErr> {
    let rows = help_request::Entity::find()
        .filter(help_request::Column::GroupId.eq(group_id))
        .filter(help_request::Column::Status.eq(if open { "open" } else { "closed" }))
        .order_by_desc(help_request::Column::Id)
        .limit(limit)
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let ids: Vec<i32> = rows.iter().map(|(r, _)| r.id).collect();
    let counts: HashMap<i32, i64> = if ids.is_empty() {
        HashMap::new()
    } else {
        help_offer::Entity::find()
            .select_only()
            .column(help_offer::Column::RequestId)
            .column_as(Expr::expr(Func::count(Expr::col(help_offer::Column::Id))), "n")
            .filter(help_offer::Column::RequestId.is_in(ids))
            .group_by(help_offer::Column::RequestId)
            .into_tuple::<(i32, i64)>()
            .all(db)
            .await?
            .into_iter()
            .collect()
    };
    Ok(rows
        .into_iter()
        .filter_map(|(r, u)| {
            let n = counts.get(&r.id).copied().unwrap_or(0).max(0) as u64;
            u.map(|u| (r, u, n))
        })
        .collect())
}

pub async fn offer_count(db: &impl ConnectionTrait, request_id: i32) -> Result<u64, DbErr> {
    help_offer::Entity::find()
        .filter(help_offer::Column::RequestId.eq(request_id))
        .count(db)
        .await
}

/// The offers on a request with their authors, oldest first.
pub async fn offers(
    db: &impl ConnectionTrait,
    request_id: i32,
) -> Result<Vec<(help_offer::Model, user::Model)>, DbErr> {
    Ok(help_offer::Entity::find()
        .filter(help_offer::Column::RequestId.eq(request_id))
        .order_by_asc(help_offer::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(o, u)| u.map(|u| (o, u)))
        .collect())
}

pub async fn find_offer(db: &impl ConnectionTrait, id: i32) -> Result<Option<help_offer::Model>, DbErr> {
    help_offer::Entity::find_by_id(id).one(db).await
}

/// Why an offer was not stored.
#[derive(Debug)]
pub enum OfferError {
    /// This person offered on this request before.
    Again,
    Db(DbErr),
}

pub async fn create_offer(
    db: &impl ConnectionTrait,
    request_id: i32,
    author_id: i32,
    body: String,
) -> Result<help_offer::Model, OfferError> {
    help_offer::ActiveModel {
        request_id: Set(request_id),
        author_id: Set(author_id),
        body: Set(body),
        status: Set(OfferStatus::Open.as_str().to_owned()),
        room_id: Set(None),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => OfferError::Again,
        _ => OfferError::Db(e),
    })
}

pub async fn set_offer(
    db: &impl ConnectionTrait,
    id: i32,
    status: OfferStatus,
    room_id: Option<i32>,
) -> Result<help_offer::Model, DbErr> {
    help_offer::ActiveModel {
        id: Set(id),
        status: Set(status.as_str().to_owned()),
        room_id: Set(room_id),
        ..Default::default()
    }
    .update(db)
    .await
}

pub async fn close(
    db: &impl ConnectionTrait,
    id: i32,
    outcome: Outcome,
    thanks: Option<String>,
) -> Result<help_request::Model, DbErr> {
    help_request::ActiveModel {
        id: Set(id),
        status: Set("closed".to_owned()),
        outcome: Set(Some(outcome.as_str().to_owned())),
        thanks: Set(thanks),
        closed_at: Set(Some(super::now())),
        ..Default::default()
    }
    .update(db)
    .await
}

/// Whether either of two people blocked the other.
pub async fn blocked_between(db: &impl ConnectionTrait, a: i32, b: i32) -> Result<bool, DbErr> {
    Ok(block::Entity::find()
        .filter(
            Condition::any()
                .add(
                    Condition::all()
                        .add(block::Column::UserId.eq(a))
                        .add(block::Column::BlockedId.eq(b)),
                )
                .add(
                    Condition::all()
                        .add(block::Column::UserId.eq(b))
                        .add(block::Column::BlockedId.eq(a)),
                ),
        )
        .count(db)
        .await?
        > 0)
}

/// Whether `user` blocked `other` (one way: what `user` may undo).
pub async fn has_blocked(db: &impl ConnectionTrait, user: i32, other: i32) -> Result<bool, DbErr> {
    Ok(block::Entity::find_by_id((user, other)).one(db).await?.is_some())
}

/// Blocks `blocked` for `user` (again: nothing changes). Every private chat between them ends
/// with it, and stays ended after an unblock. Call it in a transaction.
pub async fn block(db: &impl ConnectionTrait, user: i32, blocked: i32) -> Result<(), DbErr> {
    super::chat::end_direct_between(db, user, blocked).await?;
    let row = block::ActiveModel {
        user_id: Set(user),
        blocked_id: Set(blocked),
        created_at: Set(super::now()),
    };
    match block::Entity::insert(row)
        .on_conflict(
            sea_orm::sea_query::OnConflict::columns([block::Column::UserId, block::Column::BlockedId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await
    {
        Ok(_) | Err(DbErr::RecordNotInserted) => Ok(()),
        Err(e) => Err(e),
    }
}

pub async fn unblock(db: &impl ConnectionTrait, user: i32, blocked: i32) -> Result<(), DbErr> {
    block::Entity::delete_many()
        .filter(block::Column::UserId.eq(user))
        .filter(block::Column::BlockedId.eq(blocked))
        .exec(db)
        .await
        .map(|_| ())
}

/// The people a person blocked, by name.
pub async fn blocked_by(db: &impl ConnectionTrait, user: i32) -> Result<Vec<user::Model>, DbErr> {
    let ids: Vec<i32> = block::Entity::find()
        .filter(block::Column::UserId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .map(|b| b.blocked_id)
        .collect();
    user::Entity::find()
        .filter(user::Column::Id.is_in(ids))
        .order_by_asc(user::Column::Username)
        .all(db)
        .await
}

/// Everything a person asked, and every offer they made (for their export).
pub async fn own(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<(Vec<help_request::Model>, Vec<help_offer::Model>), DbErr> {
    let asked = help_request::Entity::find()
        .filter(help_request::Column::AuthorId.eq(user))
        .order_by_asc(help_request::Column::Id)
        .all(db)
        .await?;
    let offered = help_offer::Entity::find()
        .filter(help_offer::Column::AuthorId.eq(user))
        .order_by_asc(help_offer::Column::Id)
        .all(db)
        .await?;
    Ok((asked, offered))
}

/// The people who helped `user` (accepted offers on their requests that closed as helped) and
/// whom `user` helped (the reverse), each with the request: four queries, however many.
pub async fn helped(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<
    (
        Vec<(help_request::Model, user::Model)>,
        Vec<(help_request::Model, user::Model)>,
    ),
    DbErr,
> {
    let helped =
        || help_request::Entity::find().filter(help_request::Column::Outcome.eq(Outcome::Helped.as_str()));
    let accepted =
        || help_offer::Entity::find().filter(help_offer::Column::Status.eq(OfferStatus::Accepted.as_str()));
    let mine: HashMap<i32, help_request::Model> = helped()
        .filter(help_request::Column::AuthorId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .map(|r| (r.id, r))
        .collect();
    let helped_me = accepted()
        .filter(help_offer::Column::RequestId.is_in(mine.keys().copied().collect::<Vec<_>>()))
        .order_by_asc(help_offer::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(o, u)| Some((mine.get(&o.request_id)?.clone(), u?)))
        .collect();
    let offered: Vec<i32> = accepted()
        .filter(help_offer::Column::AuthorId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .map(|o| o.request_id)
        .collect();
    let i_helped = helped()
        .filter(help_request::Column::Id.is_in(offered))
        .order_by_asc(help_request::Column::Id)
        .find_also_related(user::Entity)
        .all(db)
        .await?
        .into_iter()
        .filter_map(|(r, u)| Some((r, u?)))
        .collect();
    Ok((helped_me, i_helped))
}

/// The people a person noted by hand, oldest first.
pub async fn network(
    db: &impl ConnectionTrait,
    owner: i32,
) -> Result<Vec<entity::network_person::Model>, DbErr> {
    entity::network_person::Entity::find()
        .filter(entity::network_person::Column::OwnerId.eq(owner))
        .order_by_asc(entity::network_person::Column::Id)
        .all(db)
        .await
}

pub async fn network_count(db: &impl ConnectionTrait, owner: i32) -> Result<u64, DbErr> {
    entity::network_person::Entity::find()
        .filter(entity::network_person::Column::OwnerId.eq(owner))
        .count(db)
        .await
}

pub async fn add_to_network(
    db: &impl ConnectionTrait,
    owner: i32,
    name: String,
    note: String,
    kind: Option<Kind>,
) -> Result<entity::network_person::Model, DbErr> {
    entity::network_person::ActiveModel {
        owner_id: Set(owner),
        name: Set(name),
        note: Set(note),
        kind: Set(kind.map(|k| k.as_str().to_owned())),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Takes someone out of a person's own network; false when there was no such row of theirs.
pub async fn remove_from_network(db: &impl ConnectionTrait, owner: i32, id: i32) -> Result<bool, DbErr> {
    Ok(entity::network_person::Entity::delete_many()
        .filter(entity::network_person::Column::OwnerId.eq(owner))
        .filter(entity::network_person::Column::Id.eq(id))
        .exec(db)
        .await?
        .rows_affected
        > 0)
}

/// A person's direct rooms, newest activity first: the room, the other person, the request
/// that opened it, when its last message came, and how many messages of the other person came
/// after the person's own last one.
pub async fn conversations(
    db: &impl ConnectionTrait,
    user: i32,
) -> Result<
    Vec<(
        entity::room::Model,
        Option<user::Model>,
        Option<i32>,
        Option<chrono::DateTime<chrono::Utc>>,
        u64,
    )>,
    DbErr,
> {
    use entity::{chat_message, room, room_member};
    let rooms: Vec<i32> = room_member::Entity::find()
        .filter(room_member::Column::UserId.eq(user))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.room_id)
        .collect();
    let mut out = Vec::new();
    for r in room::Entity::find()
        .filter(room::Column::Id.is_in(rooms))
        .all(db)
        .await?
    {
        let other = room_member::Entity::find()
            .filter(room_member::Column::RoomId.eq(r.id))
            .filter(room_member::Column::UserId.ne(user))
            .one(db)
            .await?;
        let other = match other {
            Some(m) => user::Entity::find_by_id(m.user_id).one(db).await?,
            None => None,
        };
        let request = help_offer::Entity::find()
            .filter(help_offer::Column::RoomId.eq(r.id))
            .one(db)
            .await?
            .map(|o| o.request_id);
        let last = chat_message::Entity::find()
            .filter(chat_message::Column::RoomId.eq(r.id))
            .order_by_desc(chat_message::Column::Id)
            .one(db)
            .await?;
        let mine = chat_message::Entity::find()
            .filter(chat_message::Column::RoomId.eq(r.id))
            .filter(chat_message::Column::AuthorId.eq(user))
            .order_by_desc(chat_message::Column::Id)
            .one(db)
            .await?
            .map(|m| m.id)
            .unwrap_or(0);
        let unread = chat_message::Entity::find()
            .filter(chat_message::Column::RoomId.eq(r.id))
            .filter(chat_message::Column::Id.gt(mine))
            .filter(chat_message::Column::AuthorId.ne(user))
            .filter(chat_message::Column::Status.eq("visible"))
            .count(db)
            .await?;
        out.push((r, other, request, last.map(|m| m.created_at), unread));
    }
    out.sort_by(|a, b| b.3.cmp(&a.3).then(b.0.id.cmp(&a.0.id)));
    Ok(out)
}

/// The members of a group who turned off notices of new requests there.
pub async fn quiet_members(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<i32>, DbErr> {
    use entity::membership::{Column, Entity};
    Entity::find()
        .select_only()
        .column(Column::UserId)
        .filter(Column::GroupId.eq(group_id))
        .filter(Column::RequestsQuiet.eq(true))
        .into_tuple()
        .all(db)
        .await
}

/// Whether a member turned off notices of new requests in a group.
pub async fn is_quiet(db: &impl ConnectionTrait, group_id: i32, user_id: i32) -> Result<bool, DbErr> {
    use entity::membership::{Column, Entity};
    Ok(Entity::find()
        .filter(Column::GroupId.eq(group_id))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RequestsQuiet.eq(true))
        .count(db)
        .await?
        > 0)
}

/// Turns a member's notices of new requests in a group off (`quiet`) or on.
pub async fn set_quiet(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
    quiet: bool,
) -> Result<(), DbErr> {
    use entity::membership::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::RequestsQuiet, sea_orm::sea_query::Expr::value(quiet))
        .filter(Column::GroupId.eq(group_id))
        .filter(Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}
