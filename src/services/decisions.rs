//! Decisions: proposals, ballots, and closing them, at their time or as soon as the outcome
//! can no longer change. A passed proposal takes effect in the same transaction as its close,
//! which is also written to the group's log. Closing claims the proposal first, so that with
//! several instances (or the scheduler and a ballot at once) each closes exactly once.
use chrono::{DateTime, Duration, Utc};
use entity::{proposal, user};
use sea_orm::ConnectionTrait;

use crate::db;
use crate::db::decisions::{LogLine, NewProposal, RuleText};
use crate::db::forum::NewPost;
use crate::domain::Invalid;
use crate::domain::decisions::{self as rules, Choice, Outcome, Payload, ProposalKind, SanctionKind};
use crate::domain::group::{Electorate, Role, Settings, Status};
use crate::domain::markdown;
use crate::domain::moderation::CASE_KIND;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// Raw input for a new proposal.
pub struct ProposalInput<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub reason: Option<&'a str>,
    pub payload: &'a serde_json::Value,
    pub closes_at: Option<DateTime<Utc>>,
}

/// The shortest time a proposal stays open.
const MIN_OPEN: Duration = Duration::minutes(10);
/// The share of yes a settings change needs when it lowers a quorum or threshold, the days
/// before members vote, or the discussion time: two thirds, under the rules as they stand.
const LOWERING_THRESHOLD: u32 = 67;

fn field(f: &'static str, key: &'static str) -> AppError {
    AppError::field(f, Invalid(key))
}

/// The account of `name` when the members removed it from this group and the removal still
/// holds (not a member now): only an `admit_member` proposal lets them in again.
async fn removed_here(state: &AppState, gid: i32, name: &str) -> AppResult<Option<user::Model>> {
    let Ok(username) = crate::domain::account::Username::parse(name) else {
        return Ok(None);
    };
    let Some(u) = db::users::find_by_username(&state.db, &username).await? else {
        return Ok(None);
    };
    if db::groups::membership(&state.db, gid, u.id).await?.is_some() {
        return Ok(None);
    }
    let removed = db::decisions::running_sanctions(&state.db, gid, u.id)
        .await?
        .iter()
        .any(|s| s.kind == "remove");
    Ok(removed.then_some(u))
}

/// Proposals cost the group attention: they count against a new account's daily threads
/// (each has its discussion thread), and every member opens `proposals_per_day` at most. The
/// answer holds the turns of both counts: keep it until the proposal is stored.
async fn within_limits(
    state: &AppState,
    author: &user::Model,
    gid: i32,
    settings: &Settings,
    now: chrono::DateTime<chrono::Utc>,
) -> AppResult<(Option<crate::db::serial::Turn>, crate::db::serial::Turn)> {
    let site = state.site.get(&state.db).await;
    let daily =
        crate::services::abuse::check_daily(state, &site, author, db::instance::Recent::Threads).await?;
    let turn = state
        .turns
        .take(&state.db, crate::db::serial::Scope::Proposals, author.id)
        .await?;
    let day = state.config.day();
    if db::decisions::opened_by_since(&state.db, gid, author.id, now - day).await?
        >= u64::from(settings.proposals_per_day)
    {
        return Err(AppError::Limited {
            code: "proposal_limit",
            key: "err-proposals-per-day",
            retry_after: day.num_seconds().max(1) as u64,
        });
    }
    Ok((daily, turn))
}

/// When a proposal closes (the time asked for, within the group's voting period, or the end of
/// it), and for a vote about people the earliest it may close: it stays open for the
/// discussion time at least, and no closing time may be set before that.
fn closing_times(
    kind: ProposalKind,
    settings: &Settings,
    now: chrono::DateTime<chrono::Utc>,
    asked: Option<chrono::DateTime<chrono::Utc>>,
) -> AppResult<(
    chrono::DateTime<chrono::Utc>,
    Option<chrono::DateTime<chrono::Utc>>,
)> {
    let longest = Duration::hours(i64::from(settings.voting_period_hours));
    let early_close_at = kind
        .about_people()
        .then(|| now + Duration::hours(i64::from(settings.discussion_hours)).min(longest));
    let earliest = early_close_at.unwrap_or(now + MIN_OPEN).max(now + MIN_OPEN);
    let closes_at = match asked {
        Some(at) if at < earliest || at > now + longest => return Err(field("closes_at", "err-closes-at")),
        Some(at) => at,
        None => now + longest,
    };
    Ok((closes_at, early_close_at))
}

/// Checks what a proposal refers to (its rule must be in force, its person fit the kind) and
/// answers the person it is about, if any: a member, or for `admit_member` someone the group
/// removed. Taking the group's only steward away is refused: a group always keeps one.
async fn subject_of(
    state: &AppState,
    gid: i32,
    kind: ProposalKind,
    payload: &Payload,
) -> AppResult<Option<i32>> {
    // What the proposal refers to must be there now.
    if let Some(rule_id) = payload.rule_id() {
        let rule = db::decisions::find_rule(&state.db, rule_id).await?;
        if rule.is_none_or(|r| r.group_id != gid || r.status != "active") {
            return Err(field("payload.rule_id", "err-rule-unknown"));
        }
    }
    // Only a statement of this group that still stands can be withdrawn.
    if let Payload::WithdrawStatement { statement_id } = payload {
        let found = db::statements::find(&state.db, *statement_id).await?;
        if found.is_none_or(|s| s.group_id != gid || s.withdrawn_at.is_some()) {
            return Err(field("payload.statement_id", "err-statement-unknown"));
        }
    }
    let removed = match payload.username() {
        Some(name) if kind == ProposalKind::AdmitMember => removed_here(state, gid, name).await?,
        _ => None,
    };
    Ok(match payload.username() {
        Some(_) if removed.is_some() => removed.map(|u| u.id),
        Some(name) => {
            let (member, u) = db::groups::member_by_username(&state.db, gid, name)
                .await?
                .ok_or_else(|| field("payload.username", "err-member-unknown"))?;
            let fits = match kind {
                ProposalKind::ElectSteward => member.status == Status::Active && member.role != Role::Steward,
                ProposalKind::RecallSteward => {
                    member.status == Status::Active && member.role == Role::Steward
                }
                ProposalKind::AdmitMember => member.status == Status::Pending,
                _ => member.status == Status::Active,
            };
            if !fits {
                return Err(field("payload.username", "err-member-status"));
            }
            // A group always keeps a steward: taking the last one away waits until the
            // members have elected another.
            if takes_a_steward_away(kind, payload) && last_steward(&state.db, gid, &member).await? {
                return Err(AppError::Conflict {
                    code: "last_steward",
                    field: "payload.username",
                    key: "err-last-steward-vote",
                });
            }
            Some(u.id)
        }
        None => None,
    })
}

/// Opens a proposal: checks it, fixes its electorate, quorum and threshold from the group's
/// settings, starts its discussion thread, and tells those who may vote.
pub async fn open(
    state: &AppState,
    access: &GroupAccess,
    author: &user::Model,
    input: ProposalInput<'_>,
) -> AppResult<proposal::Model> {
    let _cleared =
        crate::services::guard::check(state, access, author, crate::services::guard::Act::Propose, None)
            .await?;
    let (kind, title, reason) = wording(&input)?;
    let payload = Payload::parse(kind, input.payload).map_err(|(f, why)| AppError::field(f, why))?;
    let gid = access.group.row.id;
    let settings = access.group.settings()?;
    let stewards_only = settings.electorate.get(kind.as_str()) == Some(&Electorate::Stewards);
    if stewards_only && !access.is_steward() {
        return Err(AppError::Forbidden);
    }
    let subject = subject_of(state, gid, kind, &payload).await?;
    let now = db::now();
    let _turns = within_limits(state, author, gid, &settings, now).await?;
    let (closes_at, early_close_at) = closing_times(kind, &settings, now, input.closes_at)?;
    let seniority = crate::services::groups::seniority(state, &access.group, &settings, now);
    let mut electors = db::decisions::eligible(&state.db, gid, stewards_only, seniority).await?;
    if kind.subject_excluded() {
        electors.retain(|e| Some(*e) != subject);
    }
    let threshold = threshold_for(kind, &payload, &settings);
    let payload_json = serde_json::to_string(&payload).map_err(|e| AppError::Internal(e.to_string()))?;
    let previous = previous_of(state, gid, &payload, &settings).await?;
    let (discussion, discussion_html) = discussion_of(&title, &reason, &payload).await?;
    let txn = crate::db::write(&state.db).await?;
    let (thread, _) = db::forum::create_thread(
        &txn,
        gid,
        &title,
        NewPost {
            parent_id: None,
            author_id: author.id,
            body: &discussion,
            body_html: &discussion_html,
            content_warning: None,
        },
    )
    .await?;
    let p = db::decisions::create(
        &txn,
        NewProposal {
            group_id: gid,
            kind: kind.as_str(),
            title,
            reason_html: if reason.is_empty() {
                String::new()
            } else {
                discussion_html.clone()
            },
            reason,
            payload: payload_json,
            author_id: Some(author.id),
            subject_id: subject,
            thread_id: Some(thread.id),
            electors: electors.clone(),
            quorum: settings.quorum.get(kind.as_str()).copied().unwrap_or(50) as i32,
            threshold: threshold as i32,
            secret: kind.secret(),
            closes_at,
            early_close_at,
            previous,
        },
    )
    .await?;
    let told = tell_of_opening(&txn, &p, author.id, electors, now).await?;
    db::decisions::log(
        &txn,
        LogLine {
            group_id: gid,
            action: "proposal_opened",
            target: Some(p.title.clone()),
            rule_id: payload.rule_id(),
            proposal_id: Some(p.id),
            case_id: None,
            actor_role: if access.is_steward() { "steward" } else { "member" },
            subject_id: p.subject_id,
        },
    )
    .await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &told).await;
    tracing::info!(
        proposal_id = p.id,
        group_id = gid,
        kind = kind.as_str(),
        "proposal opened"
    );
    Ok(p)
}

/// The proposal's kind, title and reason, checked and tidied.
fn wording(input: &ProposalInput<'_>) -> AppResult<(ProposalKind, String, String)> {
    let kind = ProposalKind::parse(input.kind).ok_or_else(|| field("kind", "err-choice"))?;
    let title = input.title.split_whitespace().collect::<Vec<_>>().join(" ");
    if title.is_empty() {
        return Err(field("title", "err-required"));
    }
    if title.chars().count() > rules::TITLE_MAX {
        return Err(field("title", "err-title-long"));
    }
    let reason = input.reason.unwrap_or("").replace("\r\n", "\n").trim().to_owned();
    if reason.chars().count() > rules::REASON_MAX {
        return Err(field("reason", "err-body-long"));
    }
    Ok((kind, title, reason))
}

/// The first post of the proposal's discussion thread (its reason, or its title when it has
/// none) and that post rendered. Rendered once, off the runtime when long, and refused when it
/// would render huge; a rule's text too, which renders again when the proposal passes.
async fn discussion_of(title: &str, reason: &str, payload: &Payload) -> AppResult<(String, String)> {
    let discussion = if reason.is_empty() { title } else { reason };
    let html = crate::services::forum::render_markdown(discussion)
        .await
        .map_err(|e| AppError::field("reason", e))?;
    if let Payload::AddRule { text, .. } | Payload::AmendRule { text, .. } | Payload::Statement { text, .. } =
        payload
    {
        crate::services::forum::render_markdown(text)
            .await
            .map_err(|e| AppError::field("payload.text", e))?;
    }
    Ok((discussion.to_owned(), html))
}

/// What a proposal would replace, kept with it so that its page can show old beside new: the
/// settings as they stand, or the rule's title and text.
async fn previous_of(
    state: &AppState,
    group_id: i32,
    payload: &Payload,
    settings: &Settings,
) -> AppResult<Option<String>> {
    let value = match payload {
        Payload::ChangeSettings(_) => serde_json::to_value(settings).ok(),
        Payload::AmendRule { rule_id, .. } => db::decisions::find_rule(&state.db, *rule_id)
            .await?
            // Only a rule of this group (another group's is refused when the vote passes).
            .filter(|r| r.group_id == group_id)
            .map(|r| serde_json::json!({"title": r.title, "text": r.body})),
        _ => None,
    };
    Ok(value.map(|v| v.to_string()))
}

/// The share of yes votes a proposal needs: the group's setting for its kind, and two thirds
/// for asking less of the group's decisions, under the rules as they stand.
fn threshold_for(kind: ProposalKind, payload: &Payload, settings: &Settings) -> u32 {
    let threshold = settings.threshold.get(kind.as_str()).copied().unwrap_or(51);
    match payload {
        Payload::ChangeSettings(new) if new.lowers_the_bar(settings) => threshold.max(LOWERING_THRESHOLD),
        _ => threshold,
    }
}

/// Tells the electors and the person it is about that a proposal opened; returns who was
/// told. One notice an hour per kind for the proposals of one person: the rest wait in the
/// group's list of proposals, so nobody floods everyone's notifications. The person it is
/// about is always told.
async fn tell_of_opening(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    author: i32,
    electors: Vec<i32>,
    now: DateTime<Utc>,
) -> AppResult<Vec<i32>> {
    let subject = p.subject_id;
    let mut told: Vec<i32> = electors.into_iter().filter(|e| *e != author).collect();
    if let Some(s) = subject
        && !told.contains(&s)
        && s != author
    {
        told.push(s);
    }
    let hour_ago = now - Duration::hours(1);
    let heard =
        db::notifications::heard_of_proposals(db, p.group_id, author, &p.kind, hour_ago, p.id).await?;
    told.retain(|u| !heard.contains(u) || Some(*u) == subject);
    notify(db, p, &told, "proposal", Some(author)).await?;
    Ok(told)
}

pub(crate) async fn notify(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    users: &[i32],
    kind: &'static str,
    actor: Option<i32>,
) -> AppResult<()> {
    // A case vote is shown with its case, not as a proposal.
    let case_id = case_of(p);
    let items = users
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind,
            group_id: p.group_id,
            thread_id: p.thread_id,
            post_id: None,
            actor_id: actor,
            proposal_id: if case_id.is_some() { None } else { Some(p.id) },
            case_id,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(db, items).await?;
    Ok(())
}

/// The case a case vote decides, from its payload.
pub(crate) fn case_of(p: &proposal::Model) -> Option<i32> {
    if p.kind != CASE_KIND {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(&p.payload)
        .ok()?
        .get("case_id")?
        .as_i64()
        .and_then(|v| i32::try_from(v).ok())
}

/// A proposal as seen by one person: loaded only if they may read its group.
pub struct ProposalAccess {
    pub proposal: proposal::Model,
    pub group: GroupAccess,
}

impl ProposalAccess {
    pub async fn load(state: &AppState, user: Option<&user::Model>, id: i32) -> AppResult<Self> {
        let proposal = db::decisions::find(&state.db, id)
            .await?
            .filter(|p| p.kind != CASE_KIND)
            .ok_or(AppError::NotFound)?;
        let group = GroupAccess::load_by_id(state, user, proposal.group_id, Action::ReadContent).await?;
        Ok(Self { proposal, group })
    }
}

/// Casts or changes a ballot; closes the proposal at once when the outcome can no longer
/// change.
pub async fn vote(
    state: &AppState,
    access: &ProposalAccess,
    voter: &user::Model,
    choice: &str,
) -> AppResult<()> {
    let _cleared = crate::services::guard::check(
        state,
        &access.group,
        voter,
        crate::services::guard::Act::Vote,
        None,
    )
    .await?;
    let choice = Choice::parse(choice).ok_or_else(|| field("choice", "err-choice"))?;
    cast(state, &access.proposal, voter, choice).await
}

/// Casts or changes a ballot on an open proposal (or case vote) the voter is an elector of,
/// then closes it if the outcome can no longer change.
pub(crate) async fn cast(
    state: &AppState,
    p: &proposal::Model,
    voter: &user::Model,
    choice: Choice,
) -> AppResult<()> {
    if p.status != "open" {
        return Err(closed());
    }
    if !db::decisions::is_elector(&state.db, p.id, voter.id).await? {
        return Err(AppError::Forbidden);
    }
    let txn = crate::db::write(&state.db).await?;
    if !db::decisions::lock_open(&txn, p.id).await? {
        return Err(closed());
    }
    db::decisions::cast(&txn, p.id, voter.id, choice).await?;
    txn.commit().await?;
    close(state, p.id, Mode::Early).await?;
    Ok(())
}

fn closed() -> AppError {
    AppError::Conflict {
        code: "proposal_closed",
        field: "choice",
        key: "err-proposal-closed",
    }
}

/// Why a close is attempted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// The closing time has come: decide on the votes cast.
    Deadline,
    /// After a ballot: close only if the outcome can no longer change.
    Early,
    /// A house meeting with its quorum present decides now, on the ballots cast (the
    /// meeting's quorum stands in for the online one); not a vote about people before the
    /// members have had their time to see it, and not on fewer ballots than any proposal needs.
    Meeting,
}

/// What the close changed outside the database, done after the commit.
#[derive(Default)]
pub(crate) struct After {
    pub access_lost: Option<(i32, i32)>,
    pub notified: Vec<i32>,
    /// A chat message whose status changed: its room hears of it.
    pub message_changed: Option<i64>,
    /// A group whose settings changed: the flags already made count toward its new number.
    pub settings_changed: Option<i32>,
    /// A group whose house rules changed: its members hear of it.
    pub rules_changed: Option<i32>,
}

/// Closes a proposal if `mode` allows; true when this call closed it.
pub async fn close(state: &AppState, id: i32, mode: Mode) -> AppResult<bool> {
    let txn = crate::db::write(&state.db).await?;
    if !db::decisions::claim(&txn, id).await? {
        txn.rollback().await?;
        return Ok(false);
    }
    let p = db::decisions::find(&txn, id).await?.ok_or(AppError::NotFound)?;
    let tally = db::decisions::tally(&txn, id).await?;
    let electorate = p.electorate.max(0) as u32;
    let numbers = rules::Rules {
        electorate,
        quorum: p.quorum.max(0) as u32,
        threshold: p.threshold.max(0) as u32,
        min_votes: if p.kind == CASE_KIND {
            0
        } else {
            rules::Rules::proposal_min_votes(electorate)
        },
    };
    let outcome = match mode {
        Mode::Deadline => rules::outcome(tally, numbers),
        Mode::Meeting
            if p.early_close_at.is_some_and(|at| at > db::now())
                || tally.voted() < numbers.min_votes.max(1)
                || p.kind == CASE_KIND =>
        {
            txn.rollback().await?;
            return Ok(false);
        }
        Mode::Meeting => {
            if rules::threshold_met(tally.yes, tally.no, numbers.threshold) {
                Outcome::Passed
            } else {
                Outcome::Rejected
            }
        }
        Mode::Early if p.early_close_at.is_some_and(|at| at > db::now()) => {
            // A vote about people: the members have not had their time to see it yet.
            txn.rollback().await?;
            return Ok(false);
        }
        Mode::Early => {
            let remaining = db::decisions::can_still_vote(&txn, &p).await?;
            match rules::decided(tally, numbers, remaining) {
                Some(o) => o,
                None => {
                    txn.rollback().await?;
                    return Ok(false);
                }
            }
        }
    };
    let mut after = After::default();
    if p.kind == CASE_KIND {
        let note = crate::services::moderation::settle(&txn, &p, outcome, &mut after).await?;
        db::decisions::finish(&txn, &p, outcome.as_str(), tally, note).await?;
    } else {
        let note = if outcome == Outcome::Passed {
            let day = state.config.day();
            apply(&txn, &p, day, &mut after).await?.err()
        } else {
            None
        };
        db::decisions::finish(&txn, &p, outcome.as_str(), tally, note).await?;
        db::decisions::log(
            &txn,
            LogLine {
                group_id: p.group_id,
                action: match outcome {
                    Outcome::Passed => "proposal_passed",
                    Outcome::Rejected => "proposal_rejected",
                    Outcome::Expired => "proposal_expired",
                },
                target: Some(p.title.clone()),
                rule_id: None,
                proposal_id: Some(p.id),
                case_id: None,
                actor_role: "members",
                subject_id: p.subject_id,
            },
        )
        .await?;
    }
    let mut told = db::decisions::electors(&txn, p.id, false).await?;
    if let Some(s) = p.subject_id
        && !told.contains(&s)
    {
        told.push(s);
    }
    notify(&txn, &p, &told, "outcome", None).await?;
    txn.commit().await?;
    after.notified = told;
    if let Some((gid, uid)) = after.access_lost {
        state.chat.access_lost(gid, uid);
    }
    if let Some(id) = after.message_changed {
        crate::services::moderation::announce_message(state, id).await?;
    }
    if let Some(gid) = after.settings_changed {
        crate::services::moderation::recheck_flags(state, gid).await?;
    }
    if let Some(gid) = after.rules_changed {
        tell_of_new_rules(state, gid, &p).await?;
    }
    crate::services::chat::notifications_changed(state, &after.notified).await;
    tracing::info!(
        proposal_id = id,
        outcome = outcome.as_str(),
        ?mode,
        "proposal closed"
    );
    Ok(true)
}

/// Makes a passed proposal take effect. `Err` with a note when it cannot any more (the rule
/// was repealed meanwhile, the person left): the proposal stays passed, the note says why.
async fn apply(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    day: Duration,
    after: &mut After,
) -> AppResult<Result<(), String>> {
    let Some(kind) = ProposalKind::parse(&p.kind) else {
        return Ok(Err("unknown kind".to_owned()));
    };
    let raw: serde_json::Value =
        serde_json::from_str(&p.payload).map_err(|e| AppError::Internal(e.to_string()))?;
    let Ok(payload) = Payload::parse(kind, &raw) else {
        return Ok(Err("payload no longer valid".to_owned()));
    };
    match payload {
        Payload::ChangeSettings(settings) => {
            db::groups::save_settings(db, p.group_id, &settings).await?;
            after.settings_changed = Some(p.group_id);
            db::decisions::log(db, decided(p, "settings_changed", None, None)).await?;
            Ok(Ok(()))
        }
        Payload::Person { username } => change_membership(db, p, kind, &username).await,
        Payload::Sanction {
            username,
            sanction,
            days,
            rule_id,
        } => {
            let ends_at = days.map(|d| db::now() + day * d as i32);
            impose(db, p, &username, sanction, ends_at, rule_id, after).await
        }
        Payload::Statement {
            title,
            text,
            signed_as,
        } => {
            let html = markdown::render(&text);
            let made = db::statements::publish(
                db,
                db::statements::NewStatement {
                    group_id: p.group_id,
                    proposal_id: p.id,
                    title,
                    body: text,
                    body_html: html,
                    signed_as,
                },
            )
            .await?;
            db::decisions::log(db, decided(p, "statement_published", Some(made.title), None)).await?;
            Ok(Ok(()))
        }
        Payload::WithdrawStatement { statement_id } => {
            if !db::statements::withdraw(db, p.group_id, statement_id).await? {
                return Ok(Err("no such statement standing".to_owned()));
            }
            let title = db::statements::find(db, statement_id).await?.map(|s| s.title);
            db::decisions::log(db, decided(p, "statement_withdrawn", title, None)).await?;
            Ok(Ok(()))
        }
        rule => {
            let changed = change_rules(db, p, rule).await?;
            if changed.is_ok() {
                after.rules_changed = Some(p.group_id);
            }
            Ok(changed)
        }
    }
}

/// Tells every active member that the house rules changed (they read and accept them again).
async fn tell_of_new_rules(state: &AppState, gid: i32, p: &proposal::Model) -> AppResult<()> {
    let members: Vec<i32> = db::groups::members(&state.db, gid)
        .await?
        .into_iter()
        .filter(|(m, _)| m.status == Status::Active)
        .map(|(_, u)| u.id)
        .collect();
    let items = members
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind: "rules_changed",
            group_id: gid,
            thread_id: p.thread_id,
            post_id: None,
            actor_id: None,
            proposal_id: Some(p.id),
            case_id: None,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(&state.db, items).await?;
    crate::services::chat::notifications_changed(state, &members).await;
    Ok(())
}

/// The log line for what the members decided by this proposal.
fn decided(
    p: &proposal::Model,
    action: &'static str,
    target: Option<String>,
    rule_id: Option<i32>,
) -> LogLine<'static> {
    LogLine {
        group_id: p.group_id,
        action,
        target,
        rule_id,
        proposal_id: Some(p.id),
        case_id: None,
        actor_role: "members",
        subject_id: p.subject_id,
    }
}

/// A house rule added, amended or repealed; the two last only while the rule is in force.
async fn change_rules(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    payload: Payload,
) -> AppResult<Result<(), String>> {
    let gid = p.group_id;
    let in_force = async |rule_id: i32| {
        let rule = db::decisions::find_rule(db, rule_id).await?;
        AppResult::Ok(rule.filter(|r| r.group_id == gid && r.status == "active"))
    };
    let (old, title, body, status, action) = match payload {
        Payload::AddRule { title, text } => (None, title, text, "active", "rule_added"),
        Payload::AmendRule { rule_id, title, text } => {
            let Some(old) = in_force(rule_id).await? else {
                return Ok(Err("rule no longer in force".to_owned()));
            };
            let title = title.unwrap_or_else(|| old.title.clone());
            (Some(old), title, text, "active", "rule_amended")
        }
        Payload::RepealRule { rule_id } => {
            let Some(old) = in_force(rule_id).await? else {
                return Ok(Err("rule no longer in force".to_owned()));
            };
            let (title, body) = (old.title.clone(), old.body.clone());
            (Some(old), title, body, "repealed", "rule_repealed")
        }
        _ => return Ok(Err("not a change of the rules".to_owned())),
    };
    // A repealed rule keeps the words it had, as they were shown.
    let html = match (&old, status) {
        (Some(old), "repealed") => old.body_html.clone(),
        _ => markdown::render(&body),
    };
    let text = RuleText {
        title: &title,
        body: &body,
        body_html: &html,
        status,
    };
    let r = db::decisions::save_rule(db, gid, old.as_ref(), text, p.id).await?;
    db::decisions::log(db, decided(p, action, Some(r.title.clone()), Some(r.id))).await?;
    Ok(Ok(()))
}

/// A person admitted (again, after a removal), elected steward or recalled, while their
/// membership is still what the proposal was about.
async fn change_membership(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    kind: ProposalKind,
    username: &str,
) -> AppResult<Result<(), String>> {
    let gid = p.group_id;
    let found = db::groups::member_by_username(db, gid, username).await?;
    if found.is_none() && kind == ProposalKind::AdmitMember {
        return readmit(db, p).await;
    }
    let Some((member, u)) = found else {
        return Ok(Err("person no longer in the group".to_owned()));
    };
    if kind == ProposalKind::RecallSteward && last_steward(db, gid, &member).await? {
        return Ok(Err("the group would have no steward".to_owned()));
    }
    let (ok, action) = match kind {
        ProposalKind::ElectSteward => (member.status == Status::Active, "steward_elected"),
        ProposalKind::RecallSteward => (member.role == Role::Steward, "steward_recalled"),
        _ => (member.status == Status::Pending, "member_admitted"),
    };
    if !ok {
        return Ok(Err("membership changed meanwhile".to_owned()));
    }
    match kind {
        ProposalKind::ElectSteward => db::groups::set_role(db, member.id, Role::Steward).await?,
        ProposalKind::RecallSteward => db::groups::set_role(db, member.id, Role::Member).await?,
        _ => db::groups::set_status(db, member.id, Status::Active).await?,
    }
    db::decisions::log(db, decided(p, action, Some(u.display_name), None)).await?;
    Ok(Ok(()))
}

/// Someone the members removed, admitted again: the removal is lifted and they are a member
/// again (they accept the house rules as they stand when they next come in, as after any
/// change).
async fn readmit(db: &impl ConnectionTrait, p: &proposal::Model) -> AppResult<Result<(), String>> {
    let gid = p.group_id;
    let Some(uid) = p.subject_id else {
        return Ok(Err("person unknown".to_owned()));
    };
    let mut lifted = false;
    for s in db::decisions::running_sanctions(db, gid, uid).await? {
        if s.kind == "remove" {
            lifted |= db::decisions::lift(db, s.id).await?;
        }
    }
    if !lifted {
        return Ok(Err("removal no longer holds".to_owned()));
    }
    let u = db::users::find(db, uid).await?.ok_or(AppError::NotFound)?;
    db::groups::join(db, gid, uid, Status::Active).await?;
    db::decisions::log(db, decided(p, "member_admitted", Some(u.display_name), None)).await?;
    Ok(Ok(()))
}

/// A sanction the members decided: a mute, a suspension or a removal, until `ends_at`.
async fn impose(
    db: &impl ConnectionTrait,
    p: &proposal::Model,
    username: &str,
    sanction: SanctionKind,
    ends_at: Option<DateTime<Utc>>,
    rule_id: i32,
    after: &mut After,
) -> AppResult<Result<(), String>> {
    let gid = p.group_id;
    let Some((member, u)) = db::groups::member_by_username(db, gid, username).await? else {
        return Ok(Err("person no longer in the group".to_owned()));
    };
    if sanction != SanctionKind::Mute && last_steward(db, gid, &member).await? {
        return Ok(Err("the group would have no steward".to_owned()));
    }
    match sanction {
        SanctionKind::Mute => db::decisions::set_muted_until(db, member.id, ends_at).await?,
        SanctionKind::Suspend => {
            db::groups::set_status(db, member.id, Status::Suspended).await?;
            after.access_lost = Some((gid, u.id));
        }
        SanctionKind::Remove => {
            db::groups::remove(db, member.id).await?;
            after.access_lost = Some((gid, u.id));
        }
    }
    db::decisions::add_sanction(
        db,
        gid,
        u.id,
        sanction.as_str(),
        Some(rule_id),
        Some(p.id),
        ends_at,
    )
    .await?;
    let action = match sanction {
        SanctionKind::Mute => "member_muted",
        SanctionKind::Suspend => "member_suspended",
        SanctionKind::Remove => "member_removed",
    };
    db::decisions::log(db, decided(p, action, Some(u.display_name), Some(rule_id))).await?;
    Ok(Ok(()))
}

/// Whether the proposal would take a steward's role away: a recall, or a suspension or
/// removal (a muted steward stays one).
fn takes_a_steward_away(kind: ProposalKind, payload: &Payload) -> bool {
    match payload {
        Payload::Sanction { sanction, .. } => *sanction != SanctionKind::Mute,
        _ => kind == ProposalKind::RecallSteward,
    }
}

/// Whether this member is the group's only active steward.
async fn last_steward(
    db: &impl ConnectionTrait,
    gid: i32,
    member: &crate::db::groups::Member,
) -> AppResult<bool> {
    if member.role != Role::Steward || member.status != Status::Active {
        return Ok(false);
    }
    let (stewards, _) = db::groups::others_active(db, gid, member.id).await?;
    Ok(stewards == 0)
}

/// The scheduler's round: close what is due, remind who has not voted, lift sanctions whose
/// time is up. Safe to run on several instances at once: each step claims its work first.
pub async fn tick(state: &AppState) -> AppResult<()> {
    let now = db::now();
    for id in db::decisions::due(&state.db, now).await? {
        close(state, id, Mode::Deadline).await?;
    }
    // Votes about people whose discussion time has passed: decided already, perhaps.
    for id in db::decisions::claim_early_closes(&state.db, now).await? {
        close(state, id, Mode::Early).await?;
    }
    // Reminders: a day before the close, or at three quarters of a shorter vote.
    for p in db::decisions::to_remind(&state.db, now + Duration::hours(24)).await? {
        let lead = ((p.closes_at - p.opened_at) / 4).min(Duration::hours(24));
        if p.closes_at - now > lead || !db::decisions::claim_reminder(&state.db, p.id).await? {
            continue;
        }
        let waiting = db::decisions::electors(&state.db, p.id, true).await?;
        notify(&state.db, &p, &waiting, "closing", None).await?;
        crate::services::chat::notifications_changed(state, &waiting).await;
    }
    for s in db::decisions::expired_sanctions(&state.db, now).await? {
        let txn = crate::db::write(&state.db).await?;
        if !db::decisions::lift(&txn, s.id).await? {
            continue;
        }
        if let Some((member, _)) = db::groups::membership_of(&txn, s.group_id, s.user_id).await? {
            match s.kind.as_str() {
                "mute" => db::decisions::set_muted_until(&txn, member.id, None).await?,
                "suspend" if member.status == Status::Suspended => {
                    db::groups::set_status(&txn, member.id, Status::Active).await?
                }
                _ => {}
            }
        }
        // Logged also when the person left meanwhile: the sanction bound them all the same.
        if let Some(u) = db::users::find(&txn, s.user_id).await? {
            db::decisions::log(
                &txn,
                LogLine {
                    group_id: s.group_id,
                    action: "sanction_ended",
                    target: Some(u.display_name),
                    rule_id: s.rule_id,
                    proposal_id: s.proposal_id,
                    case_id: None,
                    actor_role: "system",
                    subject_id: Some(u.id),
                },
            )
            .await?;
        }
        txn.commit().await?;
    }
    Ok(())
}

/// Records that a member accepts the group's current house rules.
pub async fn accept_rules(state: &AppState, access: &GroupAccess, user: &user::Model) -> AppResult<()> {
    access.require(Action::Write)?;
    db::decisions::accept(
        &state.db,
        access.group.row.id,
        user.id,
        access.group.row.rules_revision,
    )
    .await?;
    Ok(())
}

/// Whether a member still has to accept changed house rules.
pub async fn must_accept(state: &AppState, access: &GroupAccess, user: &user::Model) -> AppResult<bool> {
    if !access.may(Action::Write) || access.group.row.rules_revision == 0 {
        return Ok(false);
    }
    let accepted = db::decisions::accepted(&state.db, access.group.row.id, user.id).await?;
    Ok(accepted.is_none_or(|r| r < access.group.row.rules_revision))
}
