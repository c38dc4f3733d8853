//! Flags on posts and chat messages.
use chrono::Duration;
use entity::{case, flag};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QuerySelect, SqlErr,
};

use crate::domain::moderation::{CaseStatus, Target};

pub struct NewFlag {
    pub group_id: i32,
    pub target: Target,
    pub flagger_id: i32,
    pub rule_id: Option<i32>,
    pub reason: Option<String>,
}

/// Stores a flag; `None` when this member flagged this item before.
pub async fn insert(db: &impl ConnectionTrait, new: NewFlag) -> Result<Option<flag::Model>, DbErr> {
    let res = flag::ActiveModel {
        group_id: Set(new.group_id),
        target_kind: Set(new.target.kind().to_owned()),
        target_id: Set(new.target.id()),
        flagger_id: Set(new.flagger_id),
        rule_id: Set(new.rule_id),
        reason: Set(new.reason),
        created_at: Set(super::now()),
        ..Default::default()
    }
    .insert(db)
    .await;
    match res {
        Ok(f) => Ok(Some(f)),
        Err(e) if matches!(e.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Flags a member made in the last 24 hours.
pub async fn made_today(db: &impl ConnectionTrait, flagger_id: i32) -> Result<u64, DbErr> {
    flag::Entity::find()
        .filter(flag::Column::FlaggerId.eq(flagger_id))
        .filter(flag::Column::CreatedAt.gt(super::now() - Duration::hours(24)))
        .count(db)
        .await
}

/// Distinct members who flagged an item.
pub async fn count_for(db: &impl ConnectionTrait, target: Target) -> Result<u64, DbErr> {
    flag::Entity::find()
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()))
        .count(db)
        .await
}

/// The rules cited by the flags on an item (ids, without repeats).
pub async fn cited_rules(db: &impl ConnectionTrait, target: Target) -> Result<Vec<i32>, DbErr> {
    let mut ids: Vec<i32> = flag::Entity::find()
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()))
        .all(db)
        .await?
        .into_iter()
        .filter_map(|f| f.rule_id)
        .collect();
    ids.sort_unstable();
    ids.dedup();
    Ok(ids)
}

/// A case to store.
pub struct NewCase {
    pub group_id: i32,
    pub target: Target,
    pub author_id: Option<i32>,
    pub status: CaseStatus,
    pub urgent: bool,
    pub appeal_of: Option<i32>,
    pub review_until: chrono::DateTime<chrono::Utc>,
    pub reason: Option<String>,
    pub rule_id: Option<i32>,
    pub acted_by: Option<i32>,
}

/// Opens a case (or records a closed one, for an urgent act).
pub async fn insert_case(db: &impl ConnectionTrait, new: NewCase) -> Result<case::Model, DbErr> {
    let now = super::now();
    case::ActiveModel {
        group_id: Set(new.group_id),
        target_kind: Set(new.target.kind().to_owned()),
        target_id: Set(new.target.id()),
        author_id: Set(new.author_id),
        status: Set(new.status.as_str().to_owned()),
        urgent: Set(new.urgent),
        appeal_of: Set(new.appeal_of),
        proposal_id: Set(None),
        opened_at: Set(now),
        review_until: Set(new.review_until),
        closed_at: Set((new.status != CaseStatus::Open).then_some(now)),
        reason: Set(new.reason),
        rule_id: Set(new.rule_id),
        acted_by: Set(new.acted_by),
        ..Default::default()
    }
    .insert(db)
    .await
}

pub async fn find_case(db: &impl ConnectionTrait, id: i32) -> Result<Option<case::Model>, DbErr> {
    case::Entity::find_by_id(id).one(db).await
}

/// The case a case vote decides.
pub async fn case_of_proposal(
    db: &impl ConnectionTrait,
    proposal_id: i32,
) -> Result<Option<case::Model>, DbErr> {
    case::Entity::find()
        .filter(case::Column::ProposalId.eq(proposal_id))
        .one(db)
        .await
}

/// The open case on an item, if any.
pub async fn open_case_on(db: &impl ConnectionTrait, target: Target) -> Result<Option<case::Model>, DbErr> {
    case::Entity::find()
        .filter(case::Column::TargetKind.eq(target.kind()))
        .filter(case::Column::TargetId.eq(target.id()))
        .filter(case::Column::Status.eq(CaseStatus::Open.as_str()))
        .one(db)
        .await
}

/// The appeal against a case, if there is one.
pub async fn appeal_against(db: &impl ConnectionTrait, case_id: i32) -> Result<Option<case::Model>, DbErr> {
    case::Entity::find()
        .filter(case::Column::AppealOf.eq(case_id))
        .one(db)
        .await
}

pub async fn set_case_proposal(
    db: &impl ConnectionTrait,
    case_id: i32,
    proposal_id: i32,
) -> Result<(), DbErr> {
    case::Entity::update_many()
        .col_expr(case::Column::ProposalId, proposal_id.into())
        .filter(case::Column::Id.eq(case_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// Closes an open case; true if it was still open.
pub async fn close_case(db: &impl ConnectionTrait, case_id: i32, status: CaseStatus) -> Result<bool, DbErr> {
    let res = case::Entity::update_many()
        .col_expr(case::Column::Status, status.as_str().into())
        .col_expr(case::Column::ClosedAt, Some(super::now()).into())
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::Status.eq(CaseStatus::Open.as_str()))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Marks a case as decided at once by a steward.
pub async fn mark_urgent(
    db: &impl ConnectionTrait,
    case_id: i32,
    steward: i32,
    rule_id: Option<i32>,
    reason: Option<String>,
) -> Result<(), DbErr> {
    case::ActiveModel {
        id: Set(case_id),
        urgent: Set(true),
        acted_by: Set(Some(steward)),
        rule_id: Set(rule_id),
        reason: Set(reason),
        ..Default::default()
    }
    .update(db)
    .await
    .map(|_| ())
}

/// Who flagged an item since the members last decided on it (`since`: when that case closed):
/// a decision to keep it is not undone by the flags it was about.
pub async fn flaggers_since(
    db: &impl ConnectionTrait,
    target: Target,
    since: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<i32>, DbErr> {
    let mut q = flag::Entity::find()
        .select_only()
        .column(flag::Column::FlaggerId)
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()));
    if let Some(at) = since {
        q = q.filter(flag::Column::CreatedAt.gt(at));
    }
    q.into_tuple().all(db).await
}

/// When the members last decided on an item (the latest closed case about it).
pub async fn last_decided(
    db: &impl ConnectionTrait,
    target: Target,
) -> Result<Option<chrono::DateTime<chrono::Utc>>, DbErr> {
    use sea_orm::QueryOrder;
    let last: Option<Option<chrono::DateTime<chrono::Utc>>> = case::Entity::find()
        .select_only()
        .column(case::Column::ClosedAt)
        .filter(case::Column::TargetKind.eq(target.kind()))
        .filter(case::Column::TargetId.eq(target.id()))
        .filter(case::Column::ClosedAt.is_not_null())
        .order_by_desc(case::Column::ClosedAt)
        .into_tuple()
        .one(db)
        .await?;
    Ok(last.flatten())
}

/// The items of a group that have flags, each once: to see again whether they are hidden
/// after the group changed how many flags hide something.
pub async fn flagged_in(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<Target>, DbErr> {
    let rows: Vec<(String, i64)> = flag::Entity::find()
        .select_only()
        .column(flag::Column::TargetKind)
        .column(flag::Column::TargetId)
        .filter(flag::Column::GroupId.eq(group_id))
        .distinct()
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(k, id)| Target::of(&k, id))
        .collect())
}

/// The reasons given by the flags on an item since the members last decided on it: the rule
/// cited and the words, never who gave them.
pub async fn reasons(
    db: &impl ConnectionTrait,
    target: Target,
    since: Option<chrono::DateTime<chrono::Utc>>,
) -> Result<Vec<(Option<i32>, Option<String>)>, DbErr> {
    use sea_orm::QueryOrder;
    let mut q = flag::Entity::find()
        .select_only()
        .column(flag::Column::RuleId)
        .column(flag::Column::Reason)
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()));
    if let Some(at) = since {
        q = q.filter(flag::Column::CreatedAt.gt(at));
    }
    q.order_by_asc(flag::Column::Id).into_tuple().all(db).await
}

/// Stores the author's one answer on an open case; false when the case is closed, is not
/// theirs, or they answered already.
pub async fn respond(
    db: &impl ConnectionTrait,
    case_id: i32,
    author_id: i32,
    text: &str,
) -> Result<bool, DbErr> {
    let done = case::Entity::update_many()
        .col_expr(
            case::Column::AuthorResponse,
            sea_orm::sea_query::Expr::value(text),
        )
        .col_expr(
            case::Column::AuthorRespondedAt,
            sea_orm::sea_query::Expr::value(super::now()),
        )
        .filter(case::Column::Id.eq(case_id))
        .filter(case::Column::AuthorId.eq(author_id))
        .filter(case::Column::ClosedAt.is_null())
        .filter(case::Column::AuthorResponse.is_null())
        .exec(db)
        .await?;
    Ok(done.rows_affected == 1)
}

/// Everyone who flagged an item.
pub async fn flaggers(db: &impl ConnectionTrait, target: Target) -> Result<Vec<i32>, DbErr> {
    flag::Entity::find()
        .select_only()
        .column(flag::Column::FlaggerId)
        .filter(flag::Column::TargetKind.eq(target.kind()))
        .filter(flag::Column::TargetId.eq(target.id()))
        .into_tuple()
        .all(db)
        .await
}

/// A group's cases, newest first.
pub async fn cases(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<entity::case::Model>, DbErr> {
    use sea_orm::QueryOrder;
    entity::case::Entity::find()
        .filter(entity::case::Column::GroupId.eq(group_id))
        .order_by_desc(entity::case::Column::Id)
        .all(db)
        .await
}

/// Whether a post is in the discussion of a proposal (which flags never hide).
pub async fn in_proposal_discussion(db: &impl ConnectionTrait, thread_id: i32) -> Result<bool, DbErr> {
    Ok(entity::proposal::Entity::find()
        .filter(entity::proposal::Column::ThreadId.eq(thread_id))
        .count(db)
        .await?
        > 0)
}

/// Changes a post's or message's status, only if it still has `from`; true if it did.
pub async fn set_status_if(
    db: &impl ConnectionTrait,
    target: Target,
    from: crate::domain::forum::PostStatus,
    to: crate::domain::forum::PostStatus,
) -> Result<bool, DbErr> {
    let rows = match target {
        Target::Post(id) => {
            let rows = entity::post::Entity::update_many()
                .col_expr(entity::post::Column::Status, to.as_str().into())
                .filter(entity::post::Column::Id.eq(id))
                .filter(entity::post::Column::Status.eq(from.as_str()))
                .exec(db)
                .await?
                .rows_affected;
            if rows == 1 {
                super::forum::title_follows_first_post(db, id, to).await?;
            }
            rows
        }
        Target::Message(id) => {
            entity::chat_message::Entity::update_many()
                .col_expr(entity::chat_message::Column::Status, to.as_str().into())
                .filter(entity::chat_message::Column::Id.eq(id))
                .filter(entity::chat_message::Column::Status.eq(from.as_str()))
                .exec(db)
                .await?
                .rows_affected
        }
    };
    Ok(rows == 1)
}

/// Why an item is hidden or removed.
#[derive(Debug, Clone)]
pub struct HiddenWhy {
    /// The rules cited, as "number. title".
    pub rules: Vec<String>,
    /// How many members flagged it.
    pub flags: u64,
    /// Until when the members decide, while they do.
    pub until: Option<chrono::DateTime<chrono::Utc>>,
    /// Its latest case.
    pub case_id: Option<i32>,
}

/// Why an item is hidden or removed: the rules cited (number and title), how many flagged it,
/// until when the members decide, and its latest case.
pub async fn hidden_why(db: &impl ConnectionTrait, target: Target) -> Result<HiddenWhy, DbErr> {
    use sea_orm::QueryOrder;
    let latest = case::Entity::find()
        .filter(case::Column::TargetKind.eq(target.kind()))
        .filter(case::Column::TargetId.eq(target.id()))
        .order_by_desc(case::Column::Id)
        .one(db)
        .await?;
    let mut ids = cited_rules(db, target).await?;
    if let Some(r) = latest.as_ref().and_then(|c| c.rule_id)
        && !ids.contains(&r)
    {
        ids.push(r);
    }
    let mut rules = Vec::new();
    for id in ids {
        if let Some(r) = crate::db::decisions::find_rule(db, id).await? {
            rules.push(format!("{}. {}", r.number, r.title));
        }
    }
    Ok(HiddenWhy {
        rules,
        flags: count_for(db, target).await?,
        until: latest
            .as_ref()
            .filter(|c| c.status == CaseStatus::Open.as_str())
            .map(|c| c.review_until),
        case_id: latest.map(|c| c.id),
    })
}
