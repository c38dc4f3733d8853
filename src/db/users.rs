//! Accounts.
use entity::user;
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, SqlErr,
};

use crate::domain::account::{DisplayName, Locale, Username};

/// What can go wrong when creating an account.
#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("username taken")]
    Taken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Stores a new account; a taken username (in any letter case) is [`CreateError::Taken`].
pub async fn create(
    db: &impl ConnectionTrait,
    username: &Username,
    display_name: &DisplayName,
    password_hash: String,
    locale: Locale,
    is_admin: bool,
) -> Result<user::Model, CreateError> {
    let now = super::now();
    let model = user::ActiveModel {
        username: Set(username.as_str().to_owned()),
        display_name: Set(display_name.as_str().to_owned()),
        password_hash: Set(password_hash),
        locale: Set(locale.code().to_owned()),
        is_admin: Set(is_admin),
        created_at: Set(now),
        password_changed_at: Set(now),
        typing_signal: Set(true),
        bio: Set(String::new()),
        notifications_off: Set(String::new()),
        ..Default::default()
    };
    model.insert(db).await.map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => CreateError::Taken,
        _ => CreateError::Db(e),
    })
}

pub async fn find_by_username(
    db: &impl ConnectionTrait,
    username: &Username,
) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find()
        .filter(user::Column::Username.eq(username.as_str()))
        .one(db)
        .await
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<user::Model>, DbErr> {
    user::Entity::find_by_id(id).one(db).await
}

pub async fn set_password(db: &impl ConnectionTrait, id: i32, password_hash: String) -> Result<(), DbErr> {
    user::ActiveModel {
        id: Set(id),
        password_hash: Set(password_hash),
        password_changed_at: Set(super::now()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Marks the account as an application waiting for an admin, with the applicant's answer.
pub async fn set_pending_answer(db: &impl ConnectionTrait, id: i32, answer: &str) -> Result<(), DbErr> {
    user::ActiveModel {
        id: Set(id),
        pending_answer: Set(Some(answer.to_owned())),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

pub async fn set_locale(db: &impl ConnectionTrait, id: i32, locale: Locale) -> Result<(), DbErr> {
    user::ActiveModel {
        id: Set(id),
        locale: Set(locale.code().to_owned()),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// What a person changes about their own profile; `None` leaves it as it is.
#[derive(Debug, Default)]
pub struct ProfileChange {
    pub display_name: Option<String>,
    pub locale: Option<Locale>,
    pub typing_signal: Option<bool>,
    /// The group whose stewards may vouch (`Some(None)`: none).
    pub vouch_group: Option<Option<i32>>,
    pub bio: Option<String>,
    pub time_zone: Option<String>,
    /// Space-separated kinds.
    pub notifications_off: Option<String>,
}

pub async fn update_profile(
    db: &impl ConnectionTrait,
    id: i32,
    change: ProfileChange,
) -> Result<user::Model, DbErr> {
    let mut m = user::ActiveModel {
        id: Set(id),
        ..Default::default()
    };
    if let Some(d) = change.display_name {
        m.display_name = Set(d);
    }
    if let Some(l) = change.locale {
        m.locale = Set(l.code().to_owned());
    }
    if let Some(t) = change.typing_signal {
        m.typing_signal = Set(t);
    }
    if let Some(g) = change.vouch_group {
        m.vouch_reset = Set(g.is_some());
        m.vouch_group_id = Set(g);
    }
    if let Some(b) = change.bio {
        m.bio = Set(b);
    }
    if let Some(z) = change.time_zone {
        m.time_zone = Set(Some(z));
    }
    if let Some(off) = change.notifications_off {
        m.notifications_off = Set(off);
    }
    if !m.is_changed() {
        return find(db, id)
            .await?
            .ok_or(DbErr::RecordNotFound("user".to_owned()));
    }
    m.update(db).await
}

/// Removes an account; the database takes its sessions, memberships, ballots and the like
/// with it (foreign keys), and leaves its posts and messages without an author.
pub async fn delete(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    user::Entity::delete_by_id(id).exec(db).await.map(|_| ())
}

/// Locks an account's row until the end of the transaction (PostgreSQL `FOR UPDATE`, which
/// waits for every transaction that inserted a row referring to it). SQLite has one writer at
/// a time: nothing to do.
pub async fn lock_for_removal(db: &impl ConnectionTrait, id: i32) -> Result<(), DbErr> {
    if db.get_database_backend() == sea_orm::DatabaseBackend::Postgres {
        db.execute_raw(sea_orm::Statement::from_sql_and_values(
            sea_orm::DatabaseBackend::Postgres,
            "SELECT id FROM users WHERE id = $1 FOR UPDATE",
            [id.into()],
        ))
        .await?;
    }
    Ok(())
}
