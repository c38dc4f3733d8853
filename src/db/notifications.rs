//! Notifications and watched threads.
use entity::{group, membership, notification, thread_watch};
use sea_orm::sea_query::OnConflict;
use sea_orm::{
    ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};

/// One notification to store.
pub struct New {
    pub user_id: i32,
    pub kind: &'static str,
    pub group_id: i32,
    pub thread_id: Option<i32>,
    pub post_id: Option<i32>,
    pub actor_id: Option<i32>,
    pub proposal_id: Option<i32>,
    pub case_id: Option<i32>,
    pub request_id: Option<i32>,
    pub goal_id: Option<i32>,
    pub meeting_id: Option<i32>,
}

pub async fn insert_many(db: &impl ConnectionTrait, mut items: Vec<New>) -> Result<(), DbErr> {
    if items.is_empty() {
        return Ok(());
    }
    // What each person turned off (one query for the batch; most have nothing off).
    let ids: Vec<i32> = items.iter().map(|n| n.user_id).collect();
    let off: Vec<(i32, String)> = entity::user::Entity::find()
        .select_only()
        .column(entity::user::Column::Id)
        .column(entity::user::Column::NotificationsOff)
        .filter(entity::user::Column::Id.is_in(ids))
        .filter(entity::user::Column::NotificationsOff.ne(""))
        .into_tuple()
        .all(db)
        .await?;
    if !off.is_empty() {
        items.retain(|n| {
            !off.iter()
                .any(|(u, kinds)| *u == n.user_id && kinds.split(' ').any(|k| k == n.kind))
        });
        if items.is_empty() {
            return Ok(());
        }
    }
    let now = super::now();
    let rows = items.into_iter().map(|n| notification::ActiveModel {
        user_id: Set(n.user_id),
        kind: Set(n.kind.to_owned()),
        group_id: Set(Some(n.group_id)),
        thread_id: Set(n.thread_id),
        post_id: Set(n.post_id),
        actor_id: Set(n.actor_id),
        proposal_id: Set(n.proposal_id),
        case_id: Set(n.case_id),
        request_id: Set(n.request_id),
        goal_id: Set(n.goal_id),
        meeting_id: Set(n.meeting_id),
        created_at: Set(now),
        read_at: Set(None),
        ..Default::default()
    });
    notification::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await
        .map(|_| ())
}

/// A person's notifications, newest first.
pub async fn list(
    db: &impl ConnectionTrait,
    user_id: i32,
    limit: u64,
    before: Option<i32>,
) -> Result<Vec<notification::Model>, DbErr> {
    let mut q = notification::Entity::find().filter(notification::Column::UserId.eq(user_id));
    if let Some(b) = before {
        q = q.filter(notification::Column::Id.lt(b));
    }
    q.order_by_desc(notification::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Notifications about the person's own account (or a group's fate): shown whether or not
/// the group is still theirs to see, the group named only while it is.
pub const ABOUT_ACCOUNT: [&str; 7] = [
    "vouched",
    "let_in",
    "declined",
    "group_closed",
    "group_reopened",
    "reset_requested",
    "reset_cancelled",
];

/// Notices for a group's stewards (a surge of joins, a flag by someone too new to count): shown
/// only while the reader is still an active steward there.
pub const FOR_STEWARDS: [&str; 3] = ["join_surge", "new_member_flag", "join_request"];

/// Unread notifications the person may still see: about their account, or from a group they
/// are an active member of or that anyone may read. The list hides the rest (asked item by
/// item), and the badge must never count what the list hides: a number that stays after
/// leaving a private group tells that something happened there.
pub async fn unread_count(db: &impl ConnectionTrait, user_id: i32) -> Result<u64, DbErr> {
    use sea_orm::Condition;
    use sea_orm::sea_query::Query;
    let mine = Query::select()
        .column(membership::Column::GroupId)
        .from(membership::Entity)
        .and_where(membership::Column::UserId.eq(user_id))
        .and_where(membership::Column::Status.eq("active"))
        .to_owned();
    let open = Query::select()
        .column(group::Column::Id)
        .from(group::Entity)
        .and_where(group::Column::Visibility.eq("public"))
        .and_where(group::Column::ClosedAt.is_null())
        .to_owned();
    let stewarding = Query::select()
        .column(membership::Column::GroupId)
        .from(membership::Entity)
        .and_where(membership::Column::UserId.eq(user_id))
        .and_where(membership::Column::Status.eq("active"))
        .and_where(membership::Column::Role.eq("steward"))
        .to_owned();
    notification::Entity::find()
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .filter(
            Condition::any()
                .add(notification::Column::GroupId.is_null())
                .add(notification::Column::Kind.is_in(ABOUT_ACCOUNT))
                .add(
                    Condition::all()
                        .add(notification::Column::Kind.is_in(FOR_STEWARDS))
                        .add(notification::Column::GroupId.in_subquery(stewarding)),
                )
                .add(
                    Condition::all()
                        .add(notification::Column::Kind.is_not_in(FOR_STEWARDS))
                        .add(
                            Condition::any()
                                .add(notification::Column::GroupId.in_subquery(mine))
                                .add(
                                    Condition::all()
                                        .add(notification::Column::GroupId.in_subquery(open))
                                        .add(notification::Column::CaseId.is_null())
                                        // Requests for help and goals are for members only.
                                        .add(notification::Column::RequestId.is_null())
                                        .add(notification::Column::GoalId.is_null())
                                        .add(notification::Column::MeetingId.is_null()),
                                ),
                        ),
                ),
        )
        .count(db)
        .await
}

/// Who was told since `since` of another proposal of this kind by this person in this group.
pub async fn heard_of_proposals(
    db: &impl ConnectionTrait,
    group_id: i32,
    author_id: i32,
    kind: &str,
    since: chrono::DateTime<chrono::Utc>,
    except: i32,
) -> Result<Vec<i32>, DbErr> {
    use sea_orm::sea_query::Query;
    let theirs = Query::select()
        .column(entity::proposal::Column::Id)
        .from(entity::proposal::Entity)
        .and_where(entity::proposal::Column::GroupId.eq(group_id))
        .and_where(entity::proposal::Column::AuthorId.eq(author_id))
        .and_where(entity::proposal::Column::Kind.eq(kind))
        .and_where(entity::proposal::Column::Id.ne(except))
        .to_owned();
    notification::Entity::find()
        .select_only()
        .column(notification::Column::UserId)
        .distinct()
        .filter(notification::Column::Kind.eq("proposal"))
        .filter(notification::Column::CreatedAt.gte(since))
        .filter(notification::Column::ProposalId.in_subquery(theirs))
        .into_tuple()
        .all(db)
        .await
}

/// Whether a notification of this kind about this group went out since `since`.
pub async fn sent_since(
    db: &impl ConnectionTrait,
    group_id: i32,
    kind: &str,
    since: chrono::DateTime<chrono::Utc>,
) -> Result<bool, DbErr> {
    Ok(notification::Entity::find()
        .filter(notification::Column::GroupId.eq(group_id))
        .filter(notification::Column::Kind.eq(kind))
        .filter(notification::Column::CreatedAt.gte(since))
        .count(db)
        .await?
        > 0)
}

pub async fn mark_all_read(db: &impl ConnectionTrait, user_id: i32) -> Result<(), DbErr> {
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Some(super::now()).into())
        .filter(notification::Column::UserId.eq(user_id))
        .filter(notification::Column::ReadAt.is_null())
        .exec(db)
        .await
        .map(|_| ())
}

pub async fn watchers(db: &impl ConnectionTrait, thread_id: i32) -> Result<Vec<i32>, DbErr> {
    Ok(thread_watch::Entity::find()
        .filter(thread_watch::Column::ThreadId.eq(thread_id))
        .limit(5000)
        .all(db)
        .await?
        .into_iter()
        .map(|w| w.user_id)
        .collect())
}

pub async fn set_watch(
    db: &impl ConnectionTrait,
    user_id: i32,
    thread_id: i32,
    watch: bool,
) -> Result<(), DbErr> {
    if watch {
        thread_watch::Entity::insert(thread_watch::ActiveModel {
            user_id: Set(user_id),
            thread_id: Set(thread_id),
            ..Default::default()
        })
        .on_conflict(
            OnConflict::columns([thread_watch::Column::UserId, thread_watch::Column::ThreadId])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    } else {
        thread_watch::Entity::delete_many()
            .filter(thread_watch::Column::UserId.eq(user_id))
            .filter(thread_watch::Column::ThreadId.eq(thread_id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Tells a member that a steward of a group vouched for a reset of their password.
pub async fn add_vouched(db: &impl ConnectionTrait, user_id: i32, group_id: i32) -> Result<(), DbErr> {
    add_about_group(db, &[user_id], "vouched", group_id).await
}

/// Tells people something about a group itself (`vouched`, `group_closed`, `group_reopened`).
pub async fn add_about_group(
    db: &impl ConnectionTrait,
    user_ids: &[i32],
    kind: &'static str,
    group_id: i32,
) -> Result<(), DbErr> {
    let items = user_ids
        .iter()
        .map(|&user_id| New {
            user_id,
            kind,
            group_id,
            thread_id: None,
            post_id: None,
            actor_id: None,
            proposal_id: None,
            case_id: None,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    insert_many(db, items).await
}
