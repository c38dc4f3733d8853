//! Groups and memberships.
use std::collections::HashMap;

use entity::{group, membership, user};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, Condition, ConnectionTrait, DatabaseConnection, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, SqlErr,
};

use crate::domain::group::{JoinPolicy, Kind, Role, Settings, Slug, Status, Visibility};

/// A group as the domain sees it, parsed from its row.
#[derive(Debug, Clone)]
pub struct Group {
    pub row: group::Model,
    pub kind: Kind,
    pub visibility: Visibility,
    pub join_policy: JoinPolicy,
}

impl Group {
    pub(crate) fn from_row(row: group::Model) -> Result<Self, DbErr> {
        let bad = |what: &str| DbErr::Custom(format!("group {}: bad {what}", row.id));
        Ok(Self {
            kind: Kind::parse(&row.kind).ok_or_else(|| bad("kind"))?,
            visibility: Visibility::parse(&row.visibility).ok_or_else(|| bad("visibility"))?,
            join_policy: JoinPolicy::parse(&row.join_policy).ok_or_else(|| bad("join_policy"))?,
            row,
        })
    }

    pub fn settings(&self) -> Result<Settings, DbErr> {
        Settings::from_stored(&self.row.settings, self.join_policy)
            .map_err(|e| DbErr::Custom(format!("group {} settings: {e}", self.row.id)))
    }
}

/// A membership as the domain sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Member {
    pub id: i32,
    pub role: Role,
    pub status: Status,
    /// Muted by a sanction until then.
    pub muted_until: Option<chrono::DateTime<chrono::Utc>>,
    /// Member since.
    pub since: chrono::DateTime<chrono::Utc>,
    /// Steward since.
    pub steward_since: Option<chrono::DateTime<chrono::Utc>>,
}

impl Member {
    fn from_row(row: &membership::Model) -> Result<Self, DbErr> {
        let bad = || DbErr::Custom(format!("membership {}: bad role or status", row.id));
        Ok(Self {
            id: row.id,
            role: Role::parse(&row.role).ok_or_else(bad)?,
            status: Status::parse(&row.status).ok_or_else(bad)?,
            muted_until: row.muted_until,
            since: row.created_at,
            steward_since: row.steward_since,
        })
    }
}

pub struct NewGroup {
    pub slug: Slug,
    pub name: String,
    pub kind: Kind,
    pub visibility: Visibility,
    pub join_policy: JoinPolicy,
    pub description: String,
    pub description_html: String,
    /// The name of the group's first chat room.
    pub first_room: String,
}

#[derive(Debug, thiserror::Error)]
pub enum CreateError {
    #[error("slug taken")]
    Taken,
    #[error(transparent)]
    Db(#[from] DbErr),
}

/// Creates a group with its creator as the first, active steward, in one transaction.
pub async fn create(db: &DatabaseConnection, creator: i32, new: NewGroup) -> Result<Group, CreateError> {
    let txn = super::write(db).await?;
    let now = super::now();
    let settings = serde_json::to_string(&Settings::defaults(new.kind, new.join_policy))
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    let row = group::ActiveModel {
        slug: Set(new.slug.as_str().to_owned()),
        name: Set(new.name),
        kind: Set(new.kind.as_str().to_owned()),
        visibility: Set(new.visibility.as_str().to_owned()),
        join_policy: Set(new.join_policy.as_str().to_owned()),
        description: Set(new.description),
        description_html: Set(new.description_html),
        settings: Set(settings),
        created_by: Set(Some(creator)),
        created_at: Set(now),
        rules_revision: Set(0),
        ..Default::default()
    }
    .insert(&txn)
    .await
    .map_err(|e| match e.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => CreateError::Taken,
        _ => CreateError::Db(e),
    })?;
    insert_membership(&txn, row.id, creator, Role::Steward, Status::Active).await?;
    super::chat::create_room(&txn, row.id, &new.first_room).await?;
    txn.commit().await?;
    Ok(Group::from_row(row)?)
}

async fn insert_membership(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
    role: Role,
    status: Status,
) -> Result<membership::Model, DbErr> {
    let now = super::now();
    membership::ActiveModel {
        group_id: Set(group_id),
        user_id: Set(user_id),
        role: Set(role.as_str().to_owned()),
        status: Set(status.as_str().to_owned()),
        created_at: Set(now),
        updated_at: Set(now),
        muted_until: Set(None),
        steward_since: Set((role == Role::Steward).then_some(now)),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find_by_slug(db: &impl ConnectionTrait, slug: &str) -> Result<Option<Group>, DbErr> {
    if slug.len() > Slug::MAX {
        return Ok(None);
    }
    group::Entity::find()
        .filter(group::Column::Slug.eq(slug.to_lowercase()))
        .one(db)
        .await?
        .map(Group::from_row)
        .transpose()
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<Group>, DbErr> {
    group::Entity::find_by_id(id)
        .one(db)
        .await?
        .map(Group::from_row)
        .transpose()
}

/// Which group: by id or by slug.
#[derive(Debug, Clone, Copy)]
pub enum GroupKey<'a> {
    Id(i32),
    Slug(&'a str),
}

/// A group and one person's membership in it, in one query.
pub async fn find_with_membership(
    db: &impl ConnectionTrait,
    key: GroupKey<'_>,
    user_id: Option<i32>,
) -> Result<Option<(Group, Option<Member>)>, DbErr> {
    use sea_orm::sea_query::{ExprTrait, IntoCondition};
    use sea_orm::{JoinType, RelationTrait};
    let q = match key {
        GroupKey::Id(id) => group::Entity::find().filter(group::Column::Id.eq(id)),
        GroupKey::Slug(slug) if slug.len() > Slug::MAX => return Ok(None),
        GroupKey::Slug(slug) => group::Entity::find().filter(group::Column::Slug.eq(slug.to_lowercase())),
    };
    let Some(uid) = user_id else {
        return q
            .one(db)
            .await?
            .map(|g| Ok((Group::from_row(g)?, None)))
            .transpose();
    };
    let found = q
        .join(
            JoinType::LeftJoin,
            group::Relation::Membership.def().on_condition(move |_group, m| {
                Expr::col((m, membership::Column::UserId))
                    .eq(uid)
                    .into_condition()
            }),
        )
        .select_also(membership::Entity)
        .one(db)
        .await?;
    match found {
        Some((g, m)) => Ok(Some((
            Group::from_row(g)?,
            m.as_ref().map(Member::from_row).transpose()?,
        ))),
        None => Ok(None),
    }
}

/// A user's membership in a group, if any.
pub async fn membership(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
) -> Result<Option<Member>, DbErr> {
    membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .as_ref()
        .map(Member::from_row)
        .transpose()
}

/// Groups a person may see: every public one, and the private ones they belong to.
/// With their membership in each and the number of active members.
pub async fn list_visible(
    db: &impl ConnectionTrait,
    user_id: Option<i32>,
) -> Result<Vec<(Group, Option<Member>, u64)>, DbErr> {
    // A group the admin closed is listed for its active members only.
    let groups: Vec<_> = public_and_mine(db, user_id, Some(500))
        .await?
        .into_iter()
        .filter(|(g, me)| g.row.closed_at.is_none() || me.is_some_and(|m| m.status == Status::Active))
        .collect();
    let counts = active_counts(db, groups.iter().map(|(g, _)| g.row.id).collect()).await?;
    Ok(groups
        .into_iter()
        .map(|(g, m)| {
            let n = counts.get(&g.row.id).copied().unwrap_or(0);
            (g, m, n)
        })
        .collect())
}

/// Every public group and every group the person has a membership in (of any status), by
/// name, with that membership: the candidates the policy chooses from.
pub async fn public_and_mine(
    db: &impl ConnectionTrait,
    user_id: Option<i32>,
    limit: Option<u64>,
) -> Result<Vec<(Group, Option<Member>)>, DbErr> {
    let mine: HashMap<i32, Member> = match user_id {
        Some(uid) => membership::Entity::find()
            .filter(membership::Column::UserId.eq(uid))
            .all(db)
            .await?
            .iter()
            .map(|m| Ok((m.group_id, Member::from_row(m)?)))
            .collect::<Result<_, DbErr>>()?,
        None => HashMap::new(),
    };
    let rows = group::Entity::find()
        .filter(
            Condition::any()
                .add(group::Column::Visibility.eq(Visibility::Public.as_str()))
                .add(group::Column::Id.is_in(mine.keys().copied().collect::<Vec<_>>())),
        )
        .order_by_asc(group::Column::Name)
        .limit(limit)
        .all(db)
        .await?;
    rows.into_iter()
        .map(|row| {
            let id = row.id;
            Ok((Group::from_row(row)?, mine.get(&id).copied()))
        })
        .collect()
}

async fn active_counts(db: &impl ConnectionTrait, ids: Vec<i32>) -> Result<HashMap<i32, u64>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, i64)> = membership::Entity::find()
        .select_only()
        .column(membership::Column::GroupId)
        .column_as(Expr::from(Func::count(Expr::col(membership::Column::Id))), "n")
        .filter(membership::Column::GroupId.is_in(ids))
        .filter(membership::Column::Status.eq(Status::Active.as_str()))
        .group_by(membership::Column::GroupId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(g, n)| (g, n.max(0) as u64)).collect())
}

pub async fn active_count(db: &impl ConnectionTrait, group_id: i32) -> Result<u64, DbErr> {
    Ok(active_counts(db, vec![group_id])
        .await?
        .get(&group_id)
        .copied()
        .unwrap_or(0))
}

/// Everyone with a membership in the group: stewards first, then by name.
pub async fn members(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<(Member, user::Model)>, DbErr> {
    let rows = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .find_also_related(user::Entity)
        .order_by_desc(membership::Column::Role)
        .order_by_asc(membership::Column::CreatedAt)
        .limit(2000)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for (m, u) in rows {
        if let Some(u) = u {
            out.push((Member::from_row(&m)?, u));
        }
    }
    out.sort_by(|a, b| {
        (b.0.role == Role::Steward)
            .cmp(&(a.0.role == Role::Steward))
            .then_with(|| {
                a.1.display_name
                    .to_lowercase()
                    .cmp(&b.1.display_name.to_lowercase())
            })
    });
    Ok(out)
}

/// Adds someone to a group, or returns the membership they already have.
pub async fn join(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
    status: Status,
) -> Result<Member, DbErr> {
    if let Some(existing) = membership(db, group_id, user_id).await? {
        return Ok(existing);
    }
    match insert_membership(db, group_id, user_id, Role::Member, status).await {
        Ok(row) => Member::from_row(&row),
        // Two clicks at once: the other one won; report what is there.
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => {
            membership(db, group_id, user_id).await?.ok_or(e)
        }
        Err(e) => Err(e),
    }
}

pub async fn set_status(db: &impl ConnectionTrait, membership_id: i32, status: Status) -> Result<(), DbErr> {
    membership::Entity::update_many()
        .col_expr(membership::Column::Status, status.as_str().into())
        .col_expr(membership::Column::UpdatedAt, super::now().into())
        .filter(membership::Column::Id.eq(membership_id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn set_role(db: &impl ConnectionTrait, membership_id: i32, role: Role) -> Result<(), DbErr> {
    let now = super::now();
    membership::Entity::update_many()
        .col_expr(membership::Column::Role, role.as_str().into())
        .col_expr(membership::Column::UpdatedAt, now.into())
        .col_expr(
            membership::Column::StewardSince,
            (role == Role::Steward).then_some(now).into(),
        )
        .filter(membership::Column::Id.eq(membership_id))
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn remove(db: &impl ConnectionTrait, membership_id: i32) -> Result<(), DbErr> {
    membership::Entity::delete_by_id(membership_id)
        .exec(db)
        .await
        .map(|_| ())
}

/// The user ids of a group's active stewards.
pub async fn stewards(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<i32>, DbErr> {
    membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::Status.eq(Status::Active.as_str()))
        .filter(membership::Column::Role.eq(Role::Steward.as_str()))
        .into_tuple()
        .all(db)
        .await
}

/// Memberships made in a group since `since` (joins and requests to join).
pub async fn joined_since(
    db: &impl ConnectionTrait,
    group_id: i32,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<u64, DbErr> {
    membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::CreatedAt.gte(since))
        .count(db)
        .await
}

/// The groups two people are both active members of, by name: what one may see of the other.
pub async fn shared(db: &impl ConnectionTrait, a: i32, b: i32) -> Result<Vec<group::Model>, DbErr> {
    let active_in = |user: i32| {
        membership::Entity::find()
            .select_only()
            .column(membership::Column::GroupId)
            .filter(membership::Column::UserId.eq(user))
            .filter(membership::Column::Status.eq(Status::Active.as_str()))
            .into_query()
    };
    group::Entity::find()
        .filter(group::Column::Id.in_subquery(active_in(a)))
        .filter(group::Column::Id.in_subquery(active_in(b)))
        .order_by_asc(group::Column::Name)
        .all(db)
        .await
}

/// Active stewards and active members of a group other than `except`.
pub async fn others_active(
    db: &impl ConnectionTrait,
    group_id: i32,
    except: i32,
) -> Result<(u64, u64), DbErr> {
    let base = || {
        membership::Entity::find()
            .filter(membership::Column::GroupId.eq(group_id))
            .filter(membership::Column::Id.ne(except))
            .filter(membership::Column::Status.eq(Status::Active.as_str()))
    };
    let stewards = base()
        .filter(membership::Column::Role.eq(Role::Steward.as_str()))
        .count(db)
        .await?;
    let all = base().count(db).await?;
    Ok((stewards, all))
}

pub async fn save_settings(
    db: &impl ConnectionTrait,
    group_id: i32,
    settings: &Settings,
) -> Result<(), DbErr> {
    let json = serde_json::to_string(settings).map_err(|e| DbErr::Custom(e.to_string()))?;
    group::Entity::update_many()
        .col_expr(group::Column::Settings, json.into())
        .filter(group::Column::Id.eq(group_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Finds a member of a group by username.
pub async fn member_by_username(
    db: &impl ConnectionTrait,
    group_id: i32,
    username: &str,
) -> Result<Option<(Member, user::Model)>, DbErr> {
    if username.len() > 64 {
        return Ok(None);
    }
    let found = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(group_id))
        .find_also_related(user::Entity)
        .filter(user::Column::Username.eq(username.to_lowercase()))
        .one(db)
        .await?;
    match found {
        Some((m, Some(u))) => Ok(Some((Member::from_row(&m)?, u))),
        _ => Ok(None),
    }
}

/// A person's membership in a group, with the person.
pub async fn membership_of(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
) -> Result<Option<(Member, user::Model)>, DbErr> {
    let Some(m) = membership(db, group_id, user_id).await? else {
        return Ok(None);
    };
    Ok(super::users::find(db, user_id).await?.map(|u| (m, u)))
}

/// Groups that keep chat for a limited time, with the number of days.
pub async fn chat_retention(db: &impl ConnectionTrait) -> Result<Vec<(i32, u32)>, DbErr> {
    let rows: Vec<(i32, String)> = group::Entity::find()
        .select_only()
        .column(group::Column::Id)
        .column(group::Column::Settings)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, s)| {
            let days = serde_json::from_str::<crate::domain::group::Settings>(&s)
                .ok()?
                .chat_retention_days;
            (days > 0).then_some((id, days))
        })
        .collect())
}

/// The addresses of the groups anyone may read: public and not closed.
pub async fn open_public_slugs(
    db: &impl ConnectionTrait,
) -> Result<std::collections::HashSet<String>, DbErr> {
    let rows: Vec<String> = group::Entity::find()
        .select_only()
        .column(group::Column::Slug)
        .filter(group::Column::Visibility.eq("public"))
        .filter(group::Column::ClosedAt.is_null())
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}

/// The addresses of these groups, by id.
pub async fn slugs_of(db: &impl ConnectionTrait, ids: &[i32]) -> Result<HashMap<i32, String>, DbErr> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(i32, String)> = group::Entity::find()
        .select_only()
        .column(group::Column::Id)
        .column(group::Column::Slug)
        .filter(group::Column::Id.is_in(ids.to_vec()))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().collect())
}
