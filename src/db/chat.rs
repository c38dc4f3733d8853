//! Chat rooms and messages.
use std::collections::{BTreeSet, HashMap, HashSet};

use entity::{chat_message, room, user};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DatabaseConnection, DbBackend, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Statement,
};

use crate::domain::chat::MessageStatus;

pub async fn create_room(db: &impl ConnectionTrait, group_id: i32, name: &str) -> Result<room::Model, DbErr> {
    room::ActiveModel {
        group_id: Set(group_id),
        name: Set(name.to_owned()),
        created_at: Set(super::now()),
        last_message_id: Set(0),
        kind: Set(GROUP_ROOM.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// A room of the group's members.
pub const GROUP_ROOM: &str = "group";
/// A room of two people only (`room_members`).
pub const DIRECT_ROOM: &str = "direct";

/// Opens a direct room for two people, kept with the group their request was in.
pub async fn create_direct_room(
    db: &impl ConnectionTrait,
    group_id: i32,
    name: &str,
    people: [i32; 2],
) -> Result<room::Model, DbErr> {
    let room = room::ActiveModel {
        group_id: Set(group_id),
        name: Set(name.chars().take(60).collect()),
        created_at: Set(super::now()),
        last_message_id: Set(0),
        kind: Set(DIRECT_ROOM.to_owned()),
        ..Default::default()
    }
    .insert(db)
    .await?;
    entity::room_member::Entity::insert_many(people.map(|user_id| entity::room_member::ActiveModel {
        room_id: Set(room.id),
        user_id: Set(user_id),
        ended_at: Set(None),
    }))
    .exec_without_returning(db)
    .await?;
    Ok(room)
}

/// The two people of a direct room (one, when the other erased their account).
pub async fn direct_members(
    db: &impl ConnectionTrait,
    room_id: i32,
) -> Result<Vec<entity::room_member::Model>, DbErr> {
    entity::room_member::Entity::find()
        .filter(entity::room_member::Column::RoomId.eq(room_id))
        .all(db)
        .await
}

/// One of the two ends a direct conversation: nobody sends in it any more; both still read it.
pub async fn end_direct(db: &impl ConnectionTrait, room_id: i32, user_id: i32) -> Result<(), DbErr> {
    use entity::room_member::{Column, Entity};
    Entity::update_many()
        .col_expr(Column::EndedAt, Expr::value(super::now()))
        .filter(Column::RoomId.eq(room_id))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::EndedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Ends every direct conversation `user_id` has with `other` (when one blocks the other).
pub async fn end_direct_between(db: &impl ConnectionTrait, user_id: i32, other: i32) -> Result<(), DbErr> {
    use entity::room_member::{Column, Entity};
    let theirs: Vec<i32> = Entity::find()
        .filter(Column::UserId.eq(other))
        .all(db)
        .await?
        .into_iter()
        .map(|m| m.room_id)
        .collect();
    if theirs.is_empty() {
        return Ok(());
    }
    Entity::update_many()
        .col_expr(Column::EndedAt, Expr::value(super::now()))
        .filter(Column::UserId.eq(user_id))
        .filter(Column::RoomId.is_in(theirs))
        .filter(Column::EndedAt.is_null())
        .exec(db)
        .await?;
    Ok(())
}

/// Deletes all of one person's messages in a room (their text is gone, their places stay) in
/// one statement, and returns the changed rows.
pub async fn delete_own_messages(
    db: &impl ConnectionTrait,
    room_id: i32,
    author_id: i32,
) -> Result<Vec<chat_message::Model>, DbErr> {
    let theirs = || {
        chat_message::Entity::find()
            .filter(chat_message::Column::RoomId.eq(room_id))
            .filter(chat_message::Column::AuthorId.eq(author_id))
    };
    let ids: Vec<i64> = theirs()
        .select_only()
        .column(chat_message::Column::Id)
        .filter(chat_message::Column::Status.ne(MessageStatus::Deleted.as_str()))
        .into_tuple()
        .all(db)
        .await?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    chat_message::Entity::update_many()
        .col_expr(chat_message::Column::Body, Expr::value(""))
        .col_expr(chat_message::Column::BodyHtml, Expr::value(""))
        .col_expr(
            chat_message::Column::Status,
            Expr::value(MessageStatus::Deleted.as_str()),
        )
        .col_expr(chat_message::Column::EditedAt, Expr::value(Some(super::now())))
        .filter(chat_message::Column::Id.is_in(ids.clone()))
        .exec(db)
        .await?;
    theirs().filter(chat_message::Column::Id.is_in(ids)).all(db).await
}

/// A group's rooms, oldest first (the first is the group's main room); never the direct rooms
/// of two of its members.
pub async fn rooms(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<room::Model>, DbErr> {
    room::Entity::find()
        .filter(room::Column::GroupId.eq(group_id))
        .filter(room::Column::Kind.eq(GROUP_ROOM))
        .order_by_asc(room::Column::Id)
        .all(db)
        .await
}

pub async fn room_count(db: &impl ConnectionTrait, group_id: i32) -> Result<u64, DbErr> {
    room::Entity::find()
        .filter(room::Column::GroupId.eq(group_id))
        .filter(room::Column::Kind.eq(GROUP_ROOM))
        .count(db)
        .await
}

pub async fn find_room(db: &impl ConnectionTrait, id: i32) -> Result<Option<room::Model>, DbErr> {
    room::Entity::find_by_id(id).one(db).await
}

/// A message to store.
#[derive(Debug, Clone)]
pub struct NewMessage {
    pub room_id: i32,
    pub group_id: i32,
    pub author_id: i32,
    pub client_id: String,
    pub body: String,
    pub body_html: String,
}

/// Stores a batch of messages in one transaction and returns, for each, the stored row and
/// whether it is new (false: the same author sent this `client_id` before, and nothing new was
/// stored).
///
/// The transaction first locks the rooms it writes to, so that on PostgreSQL, where several
/// instances may write to one room, a room's ids are handed out in the order the transactions
/// commit: a reader who has seen id N never later finds a smaller id appear. On SQLite the
/// first statement is a write, which takes the database's write lock at once.
pub async fn store_batch(
    db: &DatabaseConnection,
    batch: &[NewMessage],
) -> Result<Vec<(chat_message::Model, bool)>, DbErr> {
    let txn = super::write(db).await?;
    let rooms: BTreeSet<i32> = batch.iter().map(|m| m.room_id).collect();
    let list = rooms.iter().map(i32::to_string).collect::<Vec<_>>().join(",");
    let lock = match txn.get_database_backend() {
        DbBackend::Postgres => format!("SELECT id FROM rooms WHERE id IN ({list}) ORDER BY id FOR UPDATE"),
        _ => format!("UPDATE rooms SET last_message_id = last_message_id WHERE id IN ({list})"),
    };
    txn.execute_raw(Statement::from_string(txn.get_database_backend(), lock))
        .await?;
    let now = super::now();
    // Repeats of a `client_id` (a resend after a lost ack): one query for the whole batch.
    type Key = (i32, i32, String);
    let key_of =
        |m: &chat_message::Model| -> Option<Key> { Some((m.room_id, m.author_id?, m.client_id.clone())) };
    let authors: BTreeSet<i32> = batch.iter().map(|m| m.author_id).collect();
    let clients: BTreeSet<&str> = batch.iter().map(|m| m.client_id.as_str()).collect();
    let mut known: HashMap<Key, chat_message::Model> = chat_message::Entity::find()
        .filter(chat_message::Column::RoomId.is_in(rooms.iter().copied()))
        .filter(chat_message::Column::AuthorId.is_in(authors))
        .filter(chat_message::Column::ClientId.is_in(clients))
        .all(&txn)
        .await?
        .into_iter()
        .filter_map(|row| Some((key_of(&row)?, row)))
        .collect();
    // The new ones, each once, in the order they came: one insert, ids in that order.
    let mut fresh_keys: HashSet<Key> = HashSet::new();
    let fresh: Vec<chat_message::ActiveModel> = batch
        .iter()
        .filter(|m| {
            let key = (m.room_id, m.author_id, m.client_id.clone());
            !known.contains_key(&key) && fresh_keys.insert(key)
        })
        .map(|m| chat_message::ActiveModel {
            room_id: Set(m.room_id),
            group_id: Set(m.group_id),
            author_id: Set(Some(m.author_id)),
            client_id: Set(m.client_id.clone()),
            body: Set(m.body.clone()),
            body_html: Set(m.body_html.clone()),
            status: Set(MessageStatus::Visible.as_str().to_owned()),
            created_at: Set(now),
            edited_at: Set(None),
            ..Default::default()
        })
        .collect();
    let inserted = if fresh.is_empty() {
        Vec::new()
    } else {
        chat_message::Entity::insert_many(fresh)
            .exec_with_returning(&txn)
            .await?
    };
    let mut last: HashMap<i32, i64> = HashMap::new();
    for row in inserted {
        let id = last.entry(row.room_id).or_insert(row.id);
        *id = (*id).max(row.id);
        if let Some(key) = key_of(&row) {
            known.insert(key, row);
        }
    }
    // Answers in batch order; a message is new only the first time its key appears.
    let mut out = Vec::with_capacity(batch.len());
    for m in batch {
        let key = (m.room_id, m.author_id, m.client_id.clone());
        let row = known
            .get(&key)
            .cloned()
            .ok_or_else(|| DbErr::Custom("a stored chat message did not come back".into()))?;
        out.push((row, fresh_keys.remove(&key)));
    }
    for (room_id, id) in last {
        room::Entity::update_many()
            .col_expr(room::Column::LastMessageId, Expr::value(id))
            .filter(room::Column::Id.eq(room_id))
            .exec(&txn)
            .await?;
    }
    txn.commit().await?;
    Ok(out)
}

/// A page of a room's history with the authors, in ascending id order: the messages after
/// `after`, or else the newest ones before `before` (or the newest of all).
pub async fn history(
    db: &impl ConnectionTrait,
    room_id: i32,
    after: Option<i64>,
    before: Option<i64>,
    limit: u64,
) -> Result<Vec<(chat_message::Model, Option<user::Model>)>, DbErr> {
    let mut q = chat_message::Entity::find().filter(chat_message::Column::RoomId.eq(room_id));
    if let Some(b) = before {
        q = q.filter(chat_message::Column::Id.lt(b));
    }
    let q = q.find_also_related(user::Entity).limit(limit);
    match after {
        Some(a) => {
            q.filter(chat_message::Column::Id.gt(a))
                .order_by_asc(chat_message::Column::Id)
                .all(db)
                .await
        }
        None => {
            let mut rows = q.order_by_desc(chat_message::Column::Id).all(db).await?;
            rows.reverse();
            Ok(rows)
        }
    }
}

/// The messages after a given id in each of several rooms, with their authors, in one query:
/// ordered by room, then id, at most `limit` in all. When `limit` rows come back, the last
/// room in them may have more; rooms after it were not read.
pub async fn after_in_rooms(
    db: &impl ConnectionTrait,
    wants: &[(i32, i64)],
    limit: u64,
) -> Result<Vec<(chat_message::Model, Option<user::Model>)>, DbErr> {
    if wants.is_empty() {
        return Ok(Vec::new());
    }
    let mut any = sea_orm::Condition::any();
    for &(room, after) in wants {
        any = any.add(
            sea_orm::Condition::all()
                .add(chat_message::Column::RoomId.eq(room))
                .add(chat_message::Column::Id.gt(after)),
        );
    }
    chat_message::Entity::find()
        .filter(any)
        .find_also_related(user::Entity)
        .order_by_asc(chat_message::Column::RoomId)
        .order_by_asc(chat_message::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// The newest message id in a room (0 when it has none).
pub async fn newest_id(db: &impl ConnectionTrait, room_id: i32) -> Result<i64, DbErr> {
    let newest: Option<Option<i64>> = chat_message::Entity::find()
        .select_only()
        .column_as(chat_message::Column::Id.max(), "newest")
        .filter(chat_message::Column::RoomId.eq(room_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(newest.flatten().unwrap_or(0))
}

/// Up to `n` visible messages before and `n` after a message in its room, in order: what was
/// said around it, for those who decide a case about it.
pub async fn around(
    db: &impl ConnectionTrait,
    room_id: i32,
    id: i64,
    n: u64,
) -> Result<(Vec<chat_message::Model>, Vec<chat_message::Model>), DbErr> {
    let visible = || {
        chat_message::Entity::find()
            .filter(chat_message::Column::RoomId.eq(room_id))
            .filter(chat_message::Column::Status.eq(MessageStatus::Visible.as_str()))
    };
    let mut before = visible()
        .filter(chat_message::Column::Id.lt(id))
        .order_by_desc(chat_message::Column::Id)
        .limit(n)
        .all(db)
        .await?;
    before.reverse();
    let after = visible()
        .filter(chat_message::Column::Id.gt(id))
        .order_by_asc(chat_message::Column::Id)
        .limit(n)
        .all(db)
        .await?;
    Ok((before, after))
}

pub async fn find_message(db: &impl ConnectionTrait, id: i64) -> Result<Option<chat_message::Model>, DbErr> {
    chat_message::Entity::find_by_id(id).one(db).await
}

/// Replaces a message's text (its author's edit).
pub async fn edit_message(
    db: &impl ConnectionTrait,
    id: i64,
    body: &str,
    body_html: &str,
) -> Result<chat_message::Model, DbErr> {
    chat_message::ActiveModel {
        id: Set(id),
        body: Set(body.to_owned()),
        body_html: Set(body_html.to_owned()),
        edited_at: Set(Some(super::now())),
        ..Default::default()
    }
    .update(db)
    .await
}

/// Deletes a message at its author's wish: the text is gone, the place stays.
pub async fn delete_message(db: &impl ConnectionTrait, id: i64) -> Result<chat_message::Model, DbErr> {
    chat_message::ActiveModel {
        id: Set(id),
        body: Set(String::new()),
        body_html: Set(String::new()),
        status: Set(MessageStatus::Deleted.as_str().to_owned()),
        edited_at: Set(Some(super::now())),
        ..Default::default()
    }
    .update(db)
    .await
}
