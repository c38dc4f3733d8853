//! Server-side sessions. The client holds a random token; the database holds its SHA-256.
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Duration;
use entity::{session, user};
use rand::RngCore;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter,
    QueryOrder,
};
use sha2::{Digest, Sha256};

/// A fresh random secret, 256 bits, URL-safe.
pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Starts a session for a user; returns the token to hand to the client once.
pub async fn create(
    db: &impl ConnectionTrait,
    user_id: i32,
    idle: Duration,
    shared: bool,
) -> Result<(String, session::Model), DbErr> {
    let token = random_token();
    let now = super::now();
    let model = session::ActiveModel {
        user_id: Set(user_id),
        token_hash: Set(token_hash(&token)),
        csrf_token: Set(random_token()),
        created_at: Set(now),
        last_seen_at: Set(now),
        expires_at: Set(now + idle),
        shared: Set(shared),
        ..Default::default()
    }
    .insert(db)
    .await?;
    Ok((token, model))
}

/// The live session for a token and its user; an expired one is removed on sight.
pub async fn find_by_token(
    db: &impl ConnectionTrait,
    token: &str,
) -> Result<Option<(session::Model, user::Model)>, DbErr> {
    if token.is_empty() || token.len() > 128 {
        return Ok(None);
    }
    let found = session::Entity::find()
        .filter(session::Column::TokenHash.eq(token_hash(token)))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    match found {
        // A suspended account's sessions are ended when it is suspended; never honoured anyway.
        Some((_, Some(u))) if u.suspended_at.is_some() || u.pending_answer.is_some() => Ok(None),
        Some((s, Some(u))) if s.expires_at > super::now() => Ok(Some((s, u))),
        Some((s, _)) => {
            session::Entity::delete_by_id(s.id).exec(db).await?;
            Ok(None)
        }
        None => Ok(None),
    }
}

/// Whether a session still holds (not ended, not expired).
pub async fn is_live(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    Ok(session::Entity::find_by_id(id)
        .one(db)
        .await?
        .is_some_and(|s| s.expires_at > super::now()))
}

/// Marks a session as used now and pushes its idle expiry forward.
pub async fn touch(db: &impl ConnectionTrait, id: i32, idle: Duration) -> Result<(), DbErr> {
    let now = super::now();
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, now.into())
        .col_expr(session::Column::ExpiresAt, (now + idle).into())
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// A user's live sessions, newest first.
pub async fn list_for_user(db: &impl ConnectionTrait, user_id: i32) -> Result<Vec<session::Model>, DbErr> {
    session::Entity::find()
        .filter(session::Column::UserId.eq(user_id))
        .filter(session::Column::ExpiresAt.gt(super::now()))
        .order_by_desc(session::Column::LastSeenAt)
        .order_by_desc(session::Column::Id)
        .all(db)
        .await
}

/// Ends one of a user's sessions; false when it was not theirs or already gone.
pub async fn delete(db: &impl ConnectionTrait, user_id: i32, id: i32) -> Result<bool, DbErr> {
    let res = session::Entity::delete_many()
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(res.rows_affected > 0)
}

/// Ends every session of a user except `keep`.
pub async fn delete_others(db: &impl ConnectionTrait, user_id: i32, keep: Option<i32>) -> Result<u64, DbErr> {
    let mut q = session::Entity::delete_many().filter(session::Column::UserId.eq(user_id));
    if let Some(keep) = keep {
        q = q.filter(session::Column::Id.ne(keep));
    }
    Ok(q.exec(db).await?.rows_affected)
}

/// Removes every expired session.
pub async fn purge_expired(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    Ok(session::Entity::delete_many()
        .filter(session::Column::ExpiresAt.lte(super::now()))
        .exec(db)
        .await?
        .rows_affected)
}

/// Keeps a new account's recovery codes (sealed) until the welcome page shows them.
pub async fn set_pending_codes(db: &impl ConnectionTrait, id: i32, sealed: &str) -> Result<(), DbErr> {
    session::Entity::update_many()
        .col_expr(session::Column::PendingCodes, sealed.into())
        .filter(session::Column::Id.eq(id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Takes the (sealed) recovery codes waiting on a session: they are handed out once.
pub async fn take_pending_codes(db: &impl ConnectionTrait, id: i32) -> Result<Option<String>, DbErr> {
    let Some(s) = session::Entity::find_by_id(id).one(db).await? else {
        return Ok(None);
    };
    let Some(codes) = s.pending_codes else {
        return Ok(None);
    };
    let taken = session::Entity::update_many()
        .col_expr(session::Column::PendingCodes, Option::<String>::None.into())
        .filter(session::Column::Id.eq(id))
        .filter(session::Column::PendingCodes.is_not_null())
        .exec(db)
        .await?
        .rows_affected;
    Ok((taken > 0).then_some(codes))
}
