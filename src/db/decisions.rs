//! Proposals, electors, ballots, house rules, rule acceptances, sanctions and the group log.
use chrono::{DateTime, Utc};
use entity::{
    ballot, elector, group, log_entry, membership, proposal, rule, rule_acceptance, rule_version, sanction,
    user,
};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ActiveModelTrait, ActiveValue::Set, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect,
};

use crate::domain::decisions::{Choice, Tally};
use crate::domain::group::{Role, Status};

/// A proposal to store, with who may vote on it.
pub struct NewProposal {
    pub group_id: i32,
    pub kind: &'static str,
    pub title: String,
    pub reason: String,
    pub reason_html: String,
    pub payload: String,
    /// Nobody for a case vote.
    pub author_id: Option<i32>,
    pub subject_id: Option<i32>,
    /// No discussion thread for a case vote.
    pub thread_id: Option<i32>,
    pub electors: Vec<i32>,
    pub quorum: i32,
    pub threshold: i32,
    pub secret: bool,
    pub closes_at: DateTime<Utc>,
    /// No early close before this (votes about people).
    pub early_close_at: Option<DateTime<Utc>>,
    /// What it would replace, as JSON (settings, a rule's title and text).
    pub previous: Option<String>,
}

pub async fn create(db: &impl ConnectionTrait, new: NewProposal) -> Result<proposal::Model, DbErr> {
    let p = proposal::ActiveModel {
        group_id: Set(new.group_id),
        kind: Set(new.kind.to_owned()),
        title: Set(new.title),
        reason: Set(new.reason),
        reason_html: Set(new.reason_html),
        payload: Set(new.payload),
        status: Set("open".to_owned()),
        author_id: Set(new.author_id),
        subject_id: Set(new.subject_id),
        thread_id: Set(new.thread_id),
        electorate: Set(new.electors.len() as i32),
        quorum: Set(new.quorum),
        threshold: Set(new.threshold),
        secret: Set(new.secret),
        opened_at: Set(super::now()),
        closes_at: Set(new.closes_at),
        early_close_at: Set(new.early_close_at),
        closed_at: Set(None),
        reminded: Set(false),
        tally_yes: Set(0),
        tally_no: Set(0),
        tally_abstain: Set(0),
        note: Set(None),
        previous: Set(new.previous),
        ..Default::default()
    }
    .insert(db)
    .await?;
    if !new.electors.is_empty() {
        elector::Entity::insert_many(new.electors.iter().map(|&uid| elector::ActiveModel {
            proposal_id: Set(p.id),
            user_id: Set(uid),
            voted: Set(false),
            ..Default::default()
        }))
        .exec_without_returning(db)
        .await?;
    }
    Ok(p)
}

pub async fn find(db: &impl ConnectionTrait, id: i32) -> Result<Option<proposal::Model>, DbErr> {
    proposal::Entity::find_by_id(id).one(db).await
}

/// A group's proposals, open ones first, newest first (case votes are shown with their case).
pub async fn list(
    db: &impl ConnectionTrait,
    group_id: i32,
    limit: u64,
) -> Result<Vec<proposal::Model>, DbErr> {
    let mut rows = proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(group_id))
        .filter(proposal::Column::Kind.ne(crate::domain::moderation::CASE_KIND))
        .order_by_desc(proposal::Column::Id)
        .limit(limit)
        .all(db)
        .await?;
    rows.sort_by_key(|p| p.status != "open");
    Ok(rows)
}

pub async fn is_elector(db: &impl ConnectionTrait, proposal_id: i32, user_id: i32) -> Result<bool, DbErr> {
    Ok(elector::Entity::find()
        .filter(elector::Column::ProposalId.eq(proposal_id))
        .filter(elector::Column::UserId.eq(user_id))
        .count(db)
        .await?
        > 0)
}

/// Electors who have not voted and are still active members: the votes that may still come.
pub async fn can_still_vote(db: &impl ConnectionTrait, p: &proposal::Model) -> Result<u32, DbErr> {
    let waiting: Vec<i32> = elector::Entity::find()
        .select_only()
        .column(elector::Column::UserId)
        .filter(elector::Column::ProposalId.eq(p.id))
        .filter(elector::Column::Voted.eq(false))
        .into_tuple()
        .all(db)
        .await?;
    if waiting.is_empty() {
        return Ok(0);
    }
    let n = membership::Entity::find()
        .filter(membership::Column::GroupId.eq(p.group_id))
        .filter(membership::Column::UserId.is_in(waiting))
        .filter(membership::Column::Status.eq(Status::Active.as_str()))
        .count(db)
        .await?;
    Ok(n as u32)
}

/// The electorate of a proposal, or only those who have not voted yet (for a reminder).
pub async fn electors(
    db: &impl ConnectionTrait,
    proposal_id: i32,
    not_voted_only: bool,
) -> Result<Vec<i32>, DbErr> {
    let mut q = elector::Entity::find()
        .select_only()
        .column(elector::Column::UserId)
        .filter(elector::Column::ProposalId.eq(proposal_id));
    if not_voted_only {
        q = q.filter(elector::Column::Voted.eq(false));
    }
    q.into_tuple().all(db).await
}

/// Casts or changes a ballot.
pub async fn cast(
    db: &impl ConnectionTrait,
    proposal_id: i32,
    user_id: i32,
    choice: Choice,
) -> Result<(), DbErr> {
    ballot::Entity::insert(ballot::ActiveModel {
        proposal_id: Set(proposal_id),
        user_id: Set(user_id),
        choice: Set(choice.as_str().to_owned()),
        cast_at: Set(super::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([ballot::Column::ProposalId, ballot::Column::UserId])
            .update_columns([ballot::Column::Choice, ballot::Column::CastAt])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    elector::Entity::update_many()
        .col_expr(elector::Column::Voted, Expr::value(true))
        .filter(elector::Column::ProposalId.eq(proposal_id))
        .filter(elector::Column::UserId.eq(user_id))
        .exec(db)
        .await?;
    Ok(())
}

/// The ballots with their voters.
pub async fn ballots(
    db: &impl ConnectionTrait,
    proposal_id: i32,
) -> Result<Vec<(ballot::Model, Option<user::Model>)>, DbErr> {
    ballot::Entity::find()
        .filter(ballot::Column::ProposalId.eq(proposal_id))
        .find_also_related(user::Entity)
        .order_by_asc(ballot::Column::Id)
        .all(db)
        .await
}

/// The ballots of these proposals with their voters, in one query, by proposal.
pub async fn ballots_of(
    db: &impl ConnectionTrait,
    proposal_ids: Vec<i32>,
) -> Result<std::collections::HashMap<i32, Vec<(ballot::Model, Option<user::Model>)>>, DbErr> {
    let mut by: std::collections::HashMap<i32, Vec<_>> = std::collections::HashMap::new();
    if proposal_ids.is_empty() {
        return Ok(by);
    }
    for (b, u) in ballot::Entity::find()
        .filter(ballot::Column::ProposalId.is_in(proposal_ids))
        .find_also_related(user::Entity)
        .order_by_asc(ballot::Column::Id)
        .all(db)
        .await?
    {
        by.entry(b.proposal_id).or_default().push((b, u));
    }
    Ok(by)
}

pub async fn tally(db: &impl ConnectionTrait, proposal_id: i32) -> Result<Tally, DbErr> {
    let choices: Vec<String> = ballot::Entity::find()
        .select_only()
        .column(ballot::Column::Choice)
        .filter(ballot::Column::ProposalId.eq(proposal_id))
        .into_tuple()
        .all(db)
        .await?;
    Ok(choices
        .iter()
        .filter_map(|c| Choice::parse(c))
        .fold(Tally::default(), Tally::with))
}

pub async fn my_vote(
    db: &impl ConnectionTrait,
    proposal_id: i32,
    user_id: i32,
) -> Result<Option<Choice>, DbErr> {
    Ok(ballot::Entity::find()
        .filter(ballot::Column::ProposalId.eq(proposal_id))
        .filter(ballot::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .and_then(|b| Choice::parse(&b.choice)))
}

/// Takes the proposal for closing: true for exactly one caller, who must then finish in the
/// same transaction. It locks the row (PostgreSQL) or the database (SQLite) until then.
pub async fn claim(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::ClosedAt, Expr::value(Some(super::now())))
        .filter(proposal::Column::Id.eq(id))
        .filter(proposal::Column::Status.eq("open"))
        .filter(proposal::Column::ClosedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Locks an open proposal for a ballot; false when it is no longer open.
pub async fn lock_open(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::Reminded, Expr::col(proposal::Column::Reminded))
        .filter(proposal::Column::Id.eq(id))
        .filter(proposal::Column::Status.eq("open"))
        .filter(proposal::Column::ClosedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

/// Writes the result of a close; for a secret vote the ballots are removed, so who voted how
/// is not kept.
pub async fn finish(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    status: &str,
    t: Tally,
    note: Option<String>,
) -> Result<(), DbErr> {
    proposal::ActiveModel {
        id: Set(p.id),
        status: Set(status.to_owned()),
        tally_yes: Set(t.yes as i32),
        tally_no: Set(t.no as i32),
        tally_abstain: Set(t.abstain as i32),
        note: Set(note),
        ..Default::default()
    }
    .update(db)
    .await?;
    if p.secret {
        ballot::Entity::delete_many()
            .filter(ballot::Column::ProposalId.eq(p.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// Open proposals whose closing time has come.
pub async fn due(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<i32>, DbErr> {
    proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .filter(proposal::Column::Status.eq("open"))
        .filter(proposal::Column::ClosesAt.lte(now))
        .into_tuple()
        .all(db)
        .await
}

/// Claims the open proposals whose time for an early close has just come (each once): their
/// outcome may be certain already.
pub async fn claim_early_closes(db: &impl ConnectionTrait, now: DateTime<Utc>) -> Result<Vec<i32>, DbErr> {
    let ids: Vec<i32> = proposal::Entity::find()
        .select_only()
        .column(proposal::Column::Id)
        .filter(proposal::Column::Status.eq("open"))
        .filter(proposal::Column::EarlyCloseAt.lte(now))
        .into_tuple()
        .all(db)
        .await?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let res = proposal::Entity::update_many()
            .col_expr(
                proposal::Column::EarlyCloseAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(proposal::Column::Id.eq(id))
            .filter(proposal::Column::EarlyCloseAt.is_not_null())
            .exec(db)
            .await?;
        if res.rows_affected == 1 {
            claimed.push(id);
        }
    }
    Ok(claimed)
}

/// Proposals by this person in this group since `since` (the daily limit).
pub async fn opened_by_since(
    db: &impl ConnectionTrait,
    group_id: i32,
    author_id: i32,
    since: DateTime<Utc>,
) -> Result<u64, DbErr> {
    proposal::Entity::find()
        .filter(proposal::Column::GroupId.eq(group_id))
        .filter(proposal::Column::AuthorId.eq(author_id))
        .filter(proposal::Column::OpenedAt.gte(since))
        .count(db)
        .await
}

/// Open proposals that close before `before` and whose voters were not reminded yet.
pub async fn to_remind(
    db: &impl ConnectionTrait,
    before: DateTime<Utc>,
) -> Result<Vec<proposal::Model>, DbErr> {
    proposal::Entity::find()
        .filter(proposal::Column::Status.eq("open"))
        .filter(proposal::Column::Reminded.eq(false))
        .filter(proposal::Column::ClosesAt.lte(before))
        .all(db)
        .await
}

/// Marks a proposal reminded; true for exactly one caller.
pub async fn claim_reminder(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let res = proposal::Entity::update_many()
        .col_expr(proposal::Column::Reminded, Expr::value(true))
        .filter(proposal::Column::Id.eq(id))
        .filter(proposal::Column::Reminded.eq(false))
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

// House rules.

/// A group's rules in force, by number.
pub async fn rules(db: &impl ConnectionTrait, group_id: i32) -> Result<Vec<rule::Model>, DbErr> {
    rule::Entity::find()
        .filter(rule::Column::GroupId.eq(group_id))
        .filter(rule::Column::Status.eq("active"))
        .order_by_asc(rule::Column::Number)
        .all(db)
        .await
}

pub async fn find_rule(db: &impl ConnectionTrait, id: i32) -> Result<Option<rule::Model>, DbErr> {
    rule::Entity::find_by_id(id).one(db).await
}

pub async fn rule_by_number(
    db: &impl ConnectionTrait,
    group_id: i32,
    number: i32,
) -> Result<Option<rule::Model>, DbErr> {
    rule::Entity::find()
        .filter(rule::Column::GroupId.eq(group_id))
        .filter(rule::Column::Number.eq(number))
        .one(db)
        .await
}

pub async fn versions(db: &impl ConnectionTrait, rule_id: i32) -> Result<Vec<rule_version::Model>, DbErr> {
    rule_version::Entity::find()
        .filter(rule_version::Column::RuleId.eq(rule_id))
        .order_by_desc(rule_version::Column::Version)
        .all(db)
        .await
}

/// The text of a rule as a proposal leaves it.
pub struct RuleText<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub body_html: &'a str,
    pub status: &'a str,
}

/// Adds a rule with the next number, or a new version of `existing`; keeps the version and
/// moves the group's rules revision on (members are asked to accept again).
pub async fn save_rule(
    db: &impl ConnectionTrait,
    group_id: i32,
    existing: Option<&rule::Model>,
    text: RuleText<'_>,
    proposal_id: i32,
) -> Result<rule::Model, DbErr> {
    let now = super::now();
    let saved = match existing {
        Some(r) => {
            rule::ActiveModel {
                id: Set(r.id),
                title: Set(text.title.to_owned()),
                body: Set(text.body.to_owned()),
                body_html: Set(text.body_html.to_owned()),
                version: Set(r.version + 1),
                status: Set(text.status.to_owned()),
                proposal_id: Set(Some(proposal_id)),
                adopted_at: Set(now),
                ..Default::default()
            }
            .update(db)
            .await?
        }
        None => {
            let number: Option<i32> = rule::Entity::find()
                .select_only()
                .column_as(Expr::col(rule::Column::Number).max(), "n")
                .filter(rule::Column::GroupId.eq(group_id))
                .into_tuple()
                .one(db)
                .await?
                .flatten();
            rule::ActiveModel {
                group_id: Set(group_id),
                number: Set(number.unwrap_or(0) + 1),
                title: Set(text.title.to_owned()),
                body: Set(text.body.to_owned()),
                body_html: Set(text.body_html.to_owned()),
                version: Set(1),
                status: Set(text.status.to_owned()),
                proposal_id: Set(Some(proposal_id)),
                adopted_at: Set(now),
                ..Default::default()
            }
            .insert(db)
            .await?
        }
    };
    rule_version::ActiveModel {
        rule_id: Set(saved.id),
        version: Set(saved.version),
        title: Set(saved.title.clone()),
        body: Set(saved.body.clone()),
        body_html: Set(saved.body_html.clone()),
        status: Set(saved.status.clone()),
        proposal_id: Set(Some(proposal_id)),
        adopted_at: Set(now),
        ..Default::default()
    }
    .insert(db)
    .await?;
    group::Entity::update_many()
        .col_expr(
            group::Column::RulesRevision,
            Expr::col(group::Column::RulesRevision).add(1),
        )
        .filter(group::Column::Id.eq(group_id))
        .exec(db)
        .await?;
    Ok(saved)
}

/// The revision of the rules this member accepted, if any.
pub async fn accepted(db: &impl ConnectionTrait, group_id: i32, user_id: i32) -> Result<Option<i32>, DbErr> {
    Ok(rule_acceptance::Entity::find()
        .filter(rule_acceptance::Column::GroupId.eq(group_id))
        .filter(rule_acceptance::Column::UserId.eq(user_id))
        .one(db)
        .await?
        .map(|a| a.revision))
}

pub async fn accept(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
    revision: i32,
) -> Result<(), DbErr> {
    rule_acceptance::Entity::insert(rule_acceptance::ActiveModel {
        group_id: Set(group_id),
        user_id: Set(user_id),
        revision: Set(revision),
        accepted_at: Set(super::now()),
        ..Default::default()
    })
    .on_conflict(
        OnConflict::columns([rule_acceptance::Column::GroupId, rule_acceptance::Column::UserId])
            .update_columns([
                rule_acceptance::Column::Revision,
                rule_acceptance::Column::AcceptedAt,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await
    .map(|_| ())
}

// Sanctions and the log.

pub async fn add_sanction(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
    kind: &str,
    rule_id: Option<i32>,
    proposal_id: Option<i32>,
    ends_at: Option<DateTime<Utc>>,
) -> Result<sanction::Model, DbErr> {
    sanction::ActiveModel {
        group_id: Set(group_id),
        user_id: Set(user_id),
        kind: Set(kind.to_owned()),
        rule_id: Set(rule_id),
        proposal_id: Set(proposal_id),
        starts_at: Set(super::now()),
        ends_at: Set(ends_at),
        lifted_at: Set(None),
        ..Default::default()
    }
    .insert(db)
    .await
}

/// Sanctions whose time is up and that were not lifted yet.
pub async fn expired_sanctions(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<sanction::Model>, DbErr> {
    sanction::Entity::find()
        .filter(sanction::Column::LiftedAt.is_null())
        .filter(sanction::Column::EndsAt.lte(now))
        .all(db)
        .await
}

/// This person's sanctions in this group that still run (not lifted, not ended), whether or
/// not they are a member now.
pub async fn running_sanctions(
    db: &impl ConnectionTrait,
    group_id: i32,
    user_id: i32,
) -> Result<Vec<sanction::Model>, DbErr> {
    use sea_orm::Condition;
    sanction::Entity::find()
        .filter(sanction::Column::GroupId.eq(group_id))
        .filter(sanction::Column::UserId.eq(user_id))
        .filter(sanction::Column::LiftedAt.is_null())
        .filter(
            Condition::any()
                .add(sanction::Column::EndsAt.is_null())
                .add(sanction::Column::EndsAt.gt(super::now())),
        )
        .all(db)
        .await
}

/// Lifts a sanction; true for exactly one caller.
pub async fn lift(db: &impl ConnectionTrait, id: i32) -> Result<bool, DbErr> {
    let res = sanction::Entity::update_many()
        .col_expr(sanction::Column::LiftedAt, Expr::value(Some(super::now())))
        .filter(sanction::Column::Id.eq(id))
        .filter(sanction::Column::LiftedAt.is_null())
        .exec(db)
        .await?;
    Ok(res.rows_affected == 1)
}

pub async fn set_muted_until(
    db: &impl ConnectionTrait,
    membership_id: i32,
    until: Option<DateTime<Utc>>,
) -> Result<(), DbErr> {
    membership::Entity::update_many()
        .col_expr(membership::Column::MutedUntil, Expr::value(until))
        .filter(membership::Column::Id.eq(membership_id))
        .exec(db)
        .await
        .map(|_| ())
}

/// One line in the group's log.
pub struct LogLine<'a> {
    pub group_id: i32,
    pub action: &'a str,
    pub target: Option<String>,
    pub rule_id: Option<i32>,
    pub proposal_id: Option<i32>,
    pub case_id: Option<i32>,
    pub actor_role: &'a str,
    /// The account the line is about: its name in `target` goes when that account is deleted.
    pub subject_id: Option<i32>,
}

pub async fn log(db: &impl ConnectionTrait, line: LogLine<'_>) -> Result<(), DbErr> {
    log_entry::ActiveModel {
        group_id: Set(line.group_id),
        at: Set(super::now()),
        action: Set(line.action.to_owned()),
        target: Set(line.target),
        rule_id: Set(line.rule_id),
        proposal_id: Set(line.proposal_id),
        case_id: Set(line.case_id),
        actor_role: Set(line.actor_role.to_owned()),
        subject_id: Set(line.subject_id),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

/// A held house meeting, pointing to the thread of its minutes.
pub async fn log_meeting(
    db: &impl ConnectionTrait,
    group_id: i32,
    title: &str,
    thread_id: i32,
) -> Result<(), DbErr> {
    log_entry::ActiveModel {
        group_id: Set(group_id),
        at: Set(super::now()),
        action: Set("meeting_closed".to_owned()),
        target: Set(Some(title.to_owned())),
        rule_id: Set(None),
        proposal_id: Set(None),
        case_id: Set(None),
        actor_role: Set("members".to_owned()),
        subject_id: Set(None),
        thread_id: Set(Some(thread_id)),
        ..Default::default()
    }
    .insert(db)
    .await
    .map(|_| ())
}

pub async fn log_entries(
    db: &impl ConnectionTrait,
    group_id: i32,
    limit: u64,
) -> Result<Vec<log_entry::Model>, DbErr> {
    log_entry::Entity::find()
        .filter(log_entry::Column::GroupId.eq(group_id))
        .order_by_desc(log_entry::Column::Id)
        .limit(limit)
        .all(db)
        .await
}

/// Who counts as a member long enough to vote, or to hide something by flagging it.
#[derive(Debug, Clone, Copy)]
pub struct Seniority {
    /// Members who joined at or before this.
    pub joined_by: DateTime<Utc>,
    /// The group's founder counts from the start (a new group must be able to decide).
    pub founder: Option<i32>,
}

impl Seniority {
    fn condition(self) -> sea_orm::Condition {
        let c = sea_orm::Condition::any().add(membership::Column::CreatedAt.lte(self.joined_by));
        match self.founder {
            Some(f) => c.add(membership::Column::UserId.eq(f)),
            None => c,
        }
    }
}

/// Active members of a group who joined long enough ago, or only its stewards: a new
/// proposal's (or case vote's) electorate.
pub async fn eligible(
    db: &impl ConnectionTrait,
    group_id: i32,
    stewards_only: bool,
    seniority: Seniority,
) -> Result<Vec<i32>, DbErr> {
    let mut q = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::Status.eq(Status::Active.as_str()))
        .filter(seniority.condition());
    if stewards_only {
        q = q.filter(membership::Column::Role.eq(Role::Steward.as_str()));
    }
    q.order_by_asc(membership::Column::UserId)
        .into_tuple()
        .all(db)
        .await
}

/// The electors of a proposal who voted (kept after a secret vote; how they voted is not).
pub async fn voters(db: &impl ConnectionTrait, proposal_id: i32) -> Result<Vec<i32>, DbErr> {
    elector::Entity::find()
        .select_only()
        .column(elector::Column::UserId)
        .filter(elector::Column::ProposalId.eq(proposal_id))
        .filter(elector::Column::Voted.eq(true))
        .into_tuple()
        .all(db)
        .await
}

/// Of these people, the members of the group who count by `seniority`.
pub async fn senior_among(
    db: &impl ConnectionTrait,
    group_id: i32,
    users: &[i32],
    seniority: Seniority,
) -> Result<Vec<i32>, DbErr> {
    if users.is_empty() {
        return Ok(Vec::new());
    }
    membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .filter(membership::Column::GroupId.eq(group_id))
        .filter(membership::Column::UserId.is_in(users.to_vec()))
        .filter(seniority.condition())
        .into_tuple()
        .all(db)
        .await
}
