//! Moderation by members: flagging a post or a chat message citing a house rule, hiding it
//! when enough members flagged it, the members' vote on the case, a steward's urgent act, and
//! the author's one appeal. Every step is in the group's log, by role, never by name.
use entity::{case, flag, proposal, user};
use sea_orm::ConnectionTrait;

use crate::db;
use crate::db::flags::NewFlag;
use crate::domain::Invalid;
use crate::domain::decisions::Outcome;
use crate::domain::forum::PostStatus;
use crate::domain::group::Settings;
use crate::domain::moderation::{
    CASE_KIND, CASE_THRESHOLD, CaseChoice, CaseStatus, FlagProgress, Target, case_result, flags_needed,
    parse_case_reason, parse_reason, parse_response,
};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::chat::RoomAccess;
use crate::services::forum::ThreadAccess;
use crate::services::groups::GroupAccess;
use crate::state::AppState;

/// A flaggable item as the viewer may see it.
struct Item {
    group: GroupAccess,
    author_id: Option<i32>,
    status: String,
    /// In a proposal's discussion: never hidden by flags.
    protected: bool,
    /// A message of a direct room: flagging it shares it (it alone) with those who decide.
    direct: bool,
}

async fn load_item(state: &AppState, user: &user::Model, target: Target) -> AppResult<Item> {
    Ok(match target {
        Target::Post(id) => {
            let p = db::forum::find_post(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let access = ThreadAccess::load(state, Some(user), p.thread_id).await?;
            Item {
                protected: db::flags::in_proposal_discussion(&state.db, p.thread_id).await?,
                group: access.group,
                author_id: p.author_id,
                status: p.status,
                direct: false,
            }
        }
        Target::Message(id) => {
            let m = db::chat::find_message(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let access = RoomAccess::load(state, Some(user), m.room_id, Action::Chat).await?;
            Item {
                direct: access.direct.is_some(),
                group: access.group,
                author_id: m.author_id,
                status: m.status,
                protected: false,
            }
        }
    })
}

/// Flags a post or a chat message. One flag per member per item, and a daily limit per
/// member; nobody flags their own words, or what is no longer there.
///
/// A message in a direct room is seen by nobody but the two: flagging it needs `share`, the
/// flagger's choice to show that message (and only it) to the group's case voters. It is then
/// hidden and its case opens at once (one flag is all the room can give), and its author is
/// told that it was shared.
pub async fn flag(
    state: &AppState,
    user: &user::Model,
    target: Target,
    rule_id: Option<i32>,
    reason: Option<&str>,
    share: bool,
) -> AppResult<(flag::Model, FlagProgress)> {
    let item = load_item(state, user, target).await?;
    if item.direct && !share {
        return Err(AppError::field("share", Invalid("err-share-needed")));
    }
    let _cleared =
        crate::services::guard::check(state, &item.group, user, crate::services::guard::Act::Flag, None)
            .await?;
    let (group_id, author_id, status, protected) = (
        item.group.group.row.id,
        item.author_id,
        item.status,
        item.protected,
    );
    if author_id == Some(user.id) || status != PostStatus::Visible.as_str() {
        return Err(AppError::Forbidden);
    }
    let reason = parse_reason(rule_id, reason).map_err(|e| AppError::field("reason", e))?;
    if let Some(id) = rule_id {
        let rule = db::decisions::find_rule(&state.db, id).await?;
        if rule.is_none_or(|r| r.group_id != group_id || r.status != "active") {
            return Err(AppError::field("rule_id", Invalid("err-rule-unknown")));
        }
    }
    let _turn = state
        .turns
        .take(&state.db, crate::db::serial::Scope::Flags, user.id)
        .await?;
    if db::flags::made_today(&state.db, user.id).await? >= u64::from(state.config.flags_per_day) {
        return Err(AppError::RateLimited(3600));
    }
    let new = NewFlag {
        group_id,
        target,
        flagger_id: user.id,
        rule_id,
        reason,
    };
    let stored = db::flags::insert(&state.db, new)
        .await?
        .ok_or(AppError::Conflict {
            code: "already_flagged",
            field: "reason",
            key: "err-already-flagged",
        })?;
    tracing::info!(group_id, kind = target.kind(), "flagged");
    let standing = standing(state, &item.group.group, target, author_id).await?;
    // The flag just made is among those since the last decision: it counts unless its maker
    // is too new in the group.
    let yours_counts = standing.counting.contains(&user.id);
    if !yours_counts && !item.direct {
        // Recorded, and the stewards see it, but it does not count toward hiding yet.
        tell_stewards_of_new_members_flag(state, group_id, target).await?;
    }
    let hides = item.direct || (!protected && standing.enough());
    let progress = FlagProgress {
        counted: if item.direct {
            1
        } else {
            standing.counting.len() as u32
        },
        needed: if item.direct { 1 } else { standing.needed },
        // Hidden now, by this flag or by one made at the same moment.
        hidden: hides,
        yours_counts: yours_counts || item.direct,
    };
    if hides {
        hide(state, group_id, target, author_id, standing, item.direct).await?;
    }
    Ok((stored, progress))
}

/// Where the flags on an item stand, for someone who may see it: how many count, how many hide
/// it, and whether it is hidden now.
pub async fn progress(state: &AppState, user: &user::Model, target: Target) -> AppResult<FlagProgress> {
    let item = load_item(state, user, target).await?;
    progress_of(state, &item.group.group, target, item.author_id, user.id).await
}

async fn progress_of(
    state: &AppState,
    group: &db::groups::Group,
    target: Target,
    author_id: Option<i32>,
    flagger: i32,
) -> AppResult<FlagProgress> {
    let standing = standing(state, group, target, author_id).await?;
    let status = match target {
        Target::Post(id) => db::forum::find_post(&state.db, id).await?.map(|p| p.status),
        Target::Message(id) => db::chat::find_message(&state.db, id).await?.map(|m| m.status),
    };
    Ok(FlagProgress {
        counted: standing.counting.len() as u32,
        needed: standing.needed,
        hidden: status.is_some_and(|s| s != PostStatus::Visible.as_str()),
        yours_counts: standing.counting.contains(&flagger),
    })
}

/// The flags on an item that count, and how many hide it.
struct Standing {
    /// Members long enough in the group who flagged it since the members last decided on it.
    counting: Vec<i32>,
    needed: u32,
    seniority: db::decisions::Seniority,
    settings: Settings,
}

impl Standing {
    fn enough(&self) -> bool {
        self.counting.len() as u32 >= self.needed
    }
}

/// Counts the flags on an item: only those of members who count (long enough in the group:
/// a handful of fresh accounts cannot take a post away), only since the members last decided
/// on it (a decision to keep it holds), against the group's threshold made to fit the members
/// who could flag it.
async fn standing(
    state: &AppState,
    group: &db::groups::Group,
    target: Target,
    author_id: Option<i32>,
) -> AppResult<Standing> {
    let settings = group.settings()?;
    let seniority = crate::services::groups::seniority(state, group, &settings, db::now());
    let since = db::flags::last_decided(&state.db, target).await?;
    let flaggers = db::flags::flaggers_since(&state.db, target, since).await?;
    let counting = db::decisions::senior_among(&state.db, group.row.id, &flaggers, seniority).await?;
    let members = db::decisions::eligible(&state.db, group.row.id, false, seniority).await?;
    let could_flag = members.iter().filter(|u| Some(**u) != author_id).count() as u32;
    Ok(Standing {
        counting,
        needed: flags_needed(settings.flag_threshold, could_flag),
        seniority,
        settings,
    })
}

/// After the group changed how many flags hide something: the flags already made count
/// toward the new number, so items they now suffice for are hidden (and their cases opened).
pub async fn recheck_flags(state: &AppState, group_id: i32) -> AppResult<()> {
    for target in db::flags::flagged_in(&state.db, group_id).await? {
        let author_id = match target {
            Target::Post(id) => match db::forum::find_post(&state.db, id).await? {
                Some(p) if p.status == PostStatus::Visible.as_str() => {
                    if db::flags::in_proposal_discussion(&state.db, p.thread_id).await? {
                        continue;
                    }
                    p.author_id
                }
                _ => continue,
            },
            Target::Message(id) => match db::chat::find_message(&state.db, id).await? {
                Some(m) if m.status == PostStatus::Visible.as_str() => m.author_id,
                _ => continue,
            },
        };
        hide_if_enough(state, group_id, target, author_id).await?;
    }
    Ok(())
}

/// Tells the group's stewards that someone too new to count flagged an item (at most once an
/// hour): they look whether it needs them (an urgent act), as no number of new members' flags
/// hides anything.
async fn tell_stewards_of_new_members_flag(state: &AppState, group_id: i32, target: Target) -> AppResult<()> {
    // Once an hour per group: a ring of fresh accounts flagging everything must not bury the
    // stewards in notices (each flag is kept all the same).
    let since = db::now() - chrono::Duration::hours(1);
    if db::notifications::sent_since(&state.db, group_id, "new_member_flag", since).await? {
        return Ok(());
    }
    let stewards = db::groups::stewards(&state.db, group_id).await?;
    let (thread_id, post_id) = match target {
        Target::Post(id) => match db::forum::find_post(&state.db, id).await? {
            Some(p) => (Some(p.thread_id), Some(p.id)),
            None => (None, None),
        },
        Target::Message(_) => (None, None),
    };
    let items = stewards
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind: "new_member_flag",
            group_id,
            thread_id,
            post_id,
            actor_id: None,
            proposal_id: None,
            case_id: None,
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(&state.db, items).await?;
    crate::services::chat::notifications_changed(state, &stewards).await;
    Ok(())
}

/// Hides the item at once when enough different members flagged it (see [`standing`]), and
/// opens a case for the members to decide on within the review period.
async fn hide_if_enough(
    state: &AppState,
    group_id: i32,
    target: Target,
    author_id: Option<i32>,
) -> AppResult<()> {
    let group = db::groups::find(&state.db, group_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let standing = standing(state, &group, target, author_id).await?;
    if standing.enough() {
        hide(state, group_id, target, author_id, standing, false).await?;
    }
    Ok(())
}

/// Hides an item that enough members flagged and opens its case; only the flag that crosses
/// the threshold does (the others find it hidden already).
async fn hide(
    state: &AppState,
    group_id: i32,
    target: Target,
    author_id: Option<i32>,
    standing: Standing,
    shared: bool,
) -> AppResult<()> {
    let Standing {
        seniority, settings, ..
    } = standing;
    let txn = crate::db::write(&state.db).await?;
    if !db::flags::set_status_if(&txn, target, PostStatus::Visible, PostStatus::Hidden).await? {
        return Ok(());
    }
    let review_until = db::now() + chrono::Duration::hours(i64::from(settings.review_period_hours));
    let case = db::flags::insert_case(
        &txn,
        db::flags::NewCase {
            group_id,
            target,
            author_id,
            status: CaseStatus::Open,
            urgent: false,
            appeal_of: None,
            review_until,
            reason: None,
            rule_id: None,
            acted_by: None,
        },
    )
    .await?;
    // Those who flagged it do not decide on it, unless fewer than two others could: in a
    // house of three the two who flagged are the group (the author never votes on their own).
    let mut excluded = db::flags::flaggers(&txn, target).await?;
    excluded.extend(author_id);
    let members = db::decisions::eligible(&txn, group_id, false, seniority).await?;
    if members.iter().filter(|u| !excluded.contains(u)).count() < 2 {
        excluded = author_id.into_iter().collect();
    }
    let (_, electors) = start_vote(&txn, &case, &settings, &excluded, seniority).await?;
    // The author hears of it, with the case where they can give their side.
    if let Some(author) = author_id {
        let item = db::notifications::New {
            user_id: author,
            // From a direct room: the other person showed it to those who decide.
            kind: if shared { "message_shared" } else { "hidden" },
            group_id,
            thread_id: None,
            post_id: None,
            actor_id: None,
            proposal_id: None,
            case_id: Some(case.id),
            request_id: None,
            goal_id: None,
            meeting_id: None,
        };
        db::notifications::insert_many(&txn, vec![item]).await?;
    }
    let rules = db::flags::cited_rules(&txn, target).await?;
    db::decisions::log(
        &txn,
        db::decisions::LogLine {
            group_id,
            action: "item_hidden",
            target: Some(target.kind().to_owned()),
            rule_id: rules.first().copied(),
            proposal_id: None,
            case_id: Some(case.id),
            actor_role: "members",
            subject_id: None,
        },
    )
    .await?;
    txn.commit().await?;
    if let Target::Message(id) = target {
        announce_message(state, id).await?;
    }
    crate::services::chat::notifications_changed(state, &electors).await;
    if let Some(author) = author_id {
        crate::services::chat::notifications_changed(state, &[author]).await;
    }
    tracing::info!(
        group_id,
        case_id = case.id,
        kind = target.kind(),
        "hidden by flags"
    );
    Ok(())
}

/// Tells a chat message's room that its status changed.
pub async fn announce_message(state: &AppState, id: i64) -> AppResult<()> {
    if let Some(m) = db::chat::find_message(&state.db, id).await? {
        crate::services::chat::announce_row(state, &m).await?;
    }
    Ok(())
}

/// Starts the members' secret vote on an open case, closing at its review time. Everyone in
/// the group who counts by `seniority` votes but `excluded` (the author, the flaggers, and for an appeal those who voted
/// on the first case or acted on it). With nobody left to vote, the case waits for its review
/// time like any other, so the author is never surprised by an instant decision.
async fn start_vote(
    db: &impl ConnectionTrait,
    case: &case::Model,
    settings: &Settings,
    excluded: &[i32],
    seniority: db::decisions::Seniority,
) -> AppResult<(proposal::Model, Vec<i32>)> {
    let mut electors = db::decisions::eligible(db, case.group_id, false, seniority).await?;
    electors.retain(|u| !excluded.contains(u));
    let vote = db::decisions::create(
        db,
        db::decisions::NewProposal {
            group_id: case.group_id,
            kind: CASE_KIND,
            title: format!("case {}", case.id),
            reason: String::new(),
            reason_html: String::new(),
            payload: serde_json::json!({ "case_id": case.id }).to_string(),
            author_id: None,
            subject_id: case.author_id,
            thread_id: None,
            electors: electors.clone(),
            quorum: settings.case_quorum.min(100) as i32,
            threshold: CASE_THRESHOLD as i32,
            secret: true,
            closes_at: case.review_until,
            early_close_at: None,
            previous: None,
        },
    )
    .await?;
    db::flags::set_case_proposal(db, case.id, vote.id).await?;
    crate::services::decisions::notify(db, &vote, &electors, "case", None).await?;
    Ok((vote, electors))
}

/// Carries out the outcome of a case vote, in the transaction that closes it: the item comes
/// back or stays away, and the log says so. Returns a note for the vote when there is one.
pub(crate) async fn settle(
    db: &impl ConnectionTrait,
    vote: &proposal::Model,
    outcome: Outcome,
    after: &mut crate::services::decisions::After,
) -> AppResult<Option<String>> {
    let Some(case) = db::flags::case_of_proposal(db, vote.id).await? else {
        return Ok(Some("case not found".to_owned()));
    };
    let Some(target) = Target::of(&case.target_kind, case.target_id) else {
        return Ok(Some("unknown item".to_owned()));
    };
    let status = case_result(outcome);
    if !db::flags::close_case(db, case.id, status).await? {
        return Ok(Some("case already decided".to_owned()));
    }
    match status {
        CaseStatus::Restored => {
            for from in [PostStatus::Hidden, PostStatus::Removed] {
                db::flags::set_status_if(db, target, from, PostStatus::Visible).await?;
            }
        }
        _ => {
            db::flags::set_status_if(db, target, PostStatus::Hidden, PostStatus::Removed).await?;
        }
    }
    if let Target::Message(id) = target {
        after.message_changed = Some(id);
    }
    let rules = db::flags::cited_rules(db, target).await?;
    db::decisions::log(
        db,
        db::decisions::LogLine {
            group_id: case.group_id,
            action: if status == CaseStatus::Restored {
                "item_restored"
            } else {
                "item_removed"
            },
            target: Some(target.kind().to_owned()),
            rule_id: case.rule_id.or(rules.first().copied()),
            proposal_id: None,
            case_id: Some(case.id),
            actor_role: "members",
            subject_id: None,
        },
    )
    .await?;
    Ok((outcome == Outcome::Expired).then(|| "too few votes: the item stays away".to_owned()))
}

/// A case as seen by one person: members of its group only.
pub struct CaseAccess {
    pub case: case::Model,
    pub group: GroupAccess,
}

impl CaseAccess {
    pub async fn load(state: &AppState, user: Option<&user::Model>, id: i32) -> AppResult<Self> {
        let case = db::flags::find_case(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let group = GroupAccess::load_by_id(state, user, case.group_id, Action::SeeMembers).await?;
        Ok(Self { case, group })
    }

    pub fn target(&self) -> AppResult<Target> {
        Target::of(&self.case.target_kind, self.case.target_id)
            .ok_or_else(|| AppError::Internal("case with an unknown item".to_owned()))
    }
}

fn case_closed() -> AppError {
    AppError::Conflict {
        code: "case_closed",
        field: "choice",
        key: "err-case-closed",
    }
}

/// A member's ballot on an open case: restore, remove or abstain. The author and the flaggers
/// are not among those who vote.
pub async fn vote(state: &AppState, access: &CaseAccess, voter: &user::Model, choice: &str) -> AppResult<()> {
    let _cleared = crate::services::guard::check(
        state,
        &access.group,
        voter,
        crate::services::guard::Act::Vote,
        None,
    )
    .await?;
    let choice = CaseChoice::parse(choice).ok_or_else(|| AppError::field("choice", Invalid("err-choice")))?;
    let Some(pid) = access
        .case
        .proposal_id
        .filter(|_| access.case.status == CaseStatus::Open.as_str())
    else {
        return Err(case_closed());
    };
    let p = db::decisions::find(&state.db, pid)
        .await?
        .ok_or(AppError::NotFound)?;
    match crate::services::decisions::cast(state, &p, voter, choice.ballot()).await {
        Err(AppError::Conflict { .. }) => Err(case_closed()),
        other => other,
    }
}

/// A steward acts at once on an urgent item (a threat, a phone number posted): it is removed
/// now, an open case on it is closed, and the act is logged and can be appealed.
pub async fn urgent(
    state: &AppState,
    steward: &user::Model,
    target: Target,
    rule_id: Option<i32>,
    reason: Option<&str>,
) -> AppResult<case::Model> {
    let item = load_item(state, steward, target).await?;
    // In a direct room a steward is one of the two, not a steward: they share it like anyone.
    if !item.group.is_steward() || item.direct {
        return Err(AppError::Forbidden);
    }
    // Not in a group the admin closed, not while muted, not faster than the rate.
    let _cleared = crate::services::guard::check(
        state,
        &item.group,
        steward,
        crate::services::guard::Act::Urgent,
        None,
    )
    .await?;
    let status = PostStatus::parse(&item.status).ok_or_else(|| AppError::Internal("status".to_owned()))?;
    if !matches!(status, PostStatus::Visible | PostStatus::Hidden) {
        return Err(AppError::Conflict {
            code: "already_removed",
            field: "reason",
            key: "err-already-removed",
        });
    }
    let reason = parse_case_reason(reason, rule_id.is_none()).map_err(|e| AppError::field("reason", e))?;
    let gid = item.group.group.row.id;
    if let Some(id) = rule_id {
        let rule = db::decisions::find_rule(&state.db, id).await?;
        if rule.is_none_or(|r| r.group_id != gid || r.status != "active") {
            return Err(AppError::field("rule_id", Invalid("err-rule-unknown")));
        }
    }
    let txn = crate::db::write(&state.db).await?;
    if !db::flags::set_status_if(&txn, target, status, PostStatus::Removed).await? {
        return Err(AppError::Conflict {
            code: "already_removed",
            field: "reason",
            key: "err-already-removed",
        });
    }
    let case = match db::flags::open_case_on(&txn, target).await? {
        Some(open) => {
            db::flags::close_case(&txn, open.id, CaseStatus::Removed).await?;
            db::flags::mark_urgent(&txn, open.id, steward.id, rule_id, reason.clone()).await?;
            if let Some(pid) = open.proposal_id
                && db::decisions::claim(&txn, pid).await?
                && let Some(p) = db::decisions::find(&txn, pid).await?
            {
                let tally = db::decisions::tally(&txn, pid).await?;
                let note = Some("a steward acted at once".to_owned());
                db::decisions::finish(&txn, &p, Outcome::Expired.as_str(), tally, note).await?;
            }
            db::flags::find_case(&txn, open.id)
                .await?
                .ok_or(AppError::NotFound)?
        }
        None => {
            db::flags::insert_case(
                &txn,
                db::flags::NewCase {
                    group_id: gid,
                    target,
                    author_id: item.author_id,
                    status: CaseStatus::Removed,
                    urgent: true,
                    appeal_of: None,
                    review_until: db::now(),
                    reason,
                    rule_id,
                    acted_by: Some(steward.id),
                },
            )
            .await?
        }
    };
    db::decisions::log(
        &txn,
        db::decisions::LogLine {
            group_id: gid,
            action: "item_removed_urgently",
            target: Some(target.kind().to_owned()),
            rule_id,
            proposal_id: None,
            case_id: Some(case.id),
            actor_role: "steward",
            subject_id: None,
        },
    )
    .await?;
    let told: Vec<i32> = item.author_id.into_iter().collect();
    notify_case(&txn, &case, &told, "urgent").await?;
    txn.commit().await?;
    if let Target::Message(id) = target {
        announce_message(state, id).await?;
    }
    crate::services::chat::notifications_changed(state, &told).await;
    tracing::info!(group_id = gid, case_id = case.id, "removed urgently by a steward");
    Ok(case)
}

async fn notify_case(
    db: &impl ConnectionTrait,
    case: &case::Model,
    users: &[i32],
    kind: &'static str,
) -> AppResult<()> {
    let items = users
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind,
            group_id: case.group_id,
            thread_id: None,
            post_id: None,
            actor_id: None,
            proposal_id: None,
            case_id: Some(case.id),
            request_id: None,
            goal_id: None,
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(db, items).await?;
    Ok(())
}

/// Whether the author may still appeal this case.
pub async fn can_appeal(state: &AppState, access: &CaseAccess, user: &user::Model) -> AppResult<bool> {
    let c = &access.case;
    Ok(c.author_id == Some(user.id)
        && c.status == CaseStatus::Removed.as_str()
        && c.appeal_of.is_none()
        && access.group.may(Action::Chat)
        && db::flags::appeal_against(&state.db, c.id).await?.is_none())
}

/// The author appeals a removal, once: members who did not vote on the first case (nor
/// flagged the item, nor acted on it) decide it.
pub async fn appeal(
    state: &AppState,
    access: &CaseAccess,
    user: &user::Model,
    reason: Option<&str>,
) -> AppResult<case::Model> {
    let first = &access.case;
    if first.author_id != Some(user.id) {
        return Err(AppError::Forbidden);
    }
    access.group.require(Action::Chat)?;
    if !can_appeal(state, access, user).await? {
        return Err(AppError::Conflict {
            code: "cannot_appeal",
            field: "reason",
            key: "err-cannot-appeal",
        });
    }
    let reason = parse_case_reason(reason, false).map_err(|e| AppError::field("reason", e))?;
    let target = access.target()?;
    let settings = access.group.group.settings()?;
    let mut excluded = db::flags::flaggers(&state.db, target).await?;
    excluded.push(user.id);
    excluded.extend(first.acted_by);
    if let Some(pid) = first.proposal_id {
        excluded.extend(db::decisions::voters(&state.db, pid).await?);
    }
    let txn = crate::db::write(&state.db).await?;
    let case = db::flags::insert_case(
        &txn,
        db::flags::NewCase {
            group_id: first.group_id,
            target,
            author_id: first.author_id,
            status: CaseStatus::Open,
            urgent: false,
            appeal_of: Some(first.id),
            review_until: db::now() + chrono::Duration::hours(i64::from(settings.review_period_hours)),
            reason,
            rule_id: first.rule_id,
            acted_by: None,
        },
    )
    .await
    .map_err(|e| match e.sql_err() {
        Some(sea_orm::SqlErr::UniqueConstraintViolation(_)) => AppError::Conflict {
            code: "cannot_appeal",
            field: "reason",
            key: "err-cannot-appeal",
        },
        _ => e.into(),
    })?;
    let seniority = crate::services::groups::seniority(state, &access.group.group, &settings, db::now());
    let (_, electors) = start_vote(&txn, &case, &settings, &excluded, seniority).await?;
    db::decisions::log(
        &txn,
        db::decisions::LogLine {
            group_id: first.group_id,
            action: "case_appealed",
            target: Some(target.kind().to_owned()),
            rule_id: first.rule_id,
            proposal_id: None,
            case_id: Some(case.id),
            actor_role: "member",
            subject_id: None,
        },
    )
    .await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &electors).await;
    db::flags::find_case(&state.db, case.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// A case with what one person may know of it.
pub struct CaseView {
    pub case: case::Model,
    pub rule_ids: Vec<i32>,
    pub flags: u64,
    /// The counts, once the vote is closed (ballots are secret, counts are not).
    pub tally: Option<crate::domain::decisions::Tally>,
    pub voted: u32,
    pub eligible: u32,
    pub my_vote: Option<CaseChoice>,
    pub can_vote: bool,
    pub can_appeal: bool,
    /// The item's text: for its author, and for those who vote while the vote is open.
    pub body_html: Option<String>,
    /// The flags' reasons (the rule cited, the words), never who gave them: for those who vote
    /// while the vote is open.
    pub reasons: Vec<(Option<i32>, Option<String>)>,
    /// For a chat message, what was said just before and after it (author's name, text): for
    /// those who see the text.
    pub around: Option<(Vec<Said>, Vec<Said>)>,
    /// The author's one answer.
    pub response: Option<String>,
    /// The author may still answer (once, while the vote is open).
    pub can_respond: bool,
}

/// A chat message around the one a case is about: who said it and its text.
pub struct Said {
    pub author: Option<String>,
    pub html: String,
}

/// The author of a hidden item answers once on its case, before the vote closes; those who
/// vote read it beside the item.
pub async fn respond(state: &AppState, access: &CaseAccess, user: &user::Model, text: &str) -> AppResult<()> {
    let c = &access.case;
    if c.author_id != Some(user.id) {
        return Err(AppError::Forbidden);
    }
    let _cleared = crate::services::guard::check(
        state,
        &access.group,
        user,
        crate::services::guard::Act::Respond,
        None,
    )
    .await?;
    let text = parse_response(text).map_err(|e| AppError::field("response", e))?;
    if c.status != CaseStatus::Open.as_str() || !db::flags::respond(&state.db, c.id, user.id, &text).await? {
        return Err(AppError::Conflict {
            code: "cannot_respond",
            field: "response",
            key: "err-cannot-respond",
        });
    }
    tracing::info!(case_id = c.id, "author responded");
    Ok(())
}

pub async fn view(state: &AppState, access: &CaseAccess, user: Option<&user::Model>) -> AppResult<CaseView> {
    let c = &access.case;
    let target = access.target()?;
    let vote = match c.proposal_id {
        Some(pid) => db::decisions::find(&state.db, pid).await?,
        None => None,
    };
    let open = c.status == CaseStatus::Open.as_str();
    let (mut my_vote, mut elector) = (None, false);
    if let (Some(u), Some(p)) = (user, &vote) {
        elector = db::decisions::is_elector(&state.db, p.id, u.id).await?;
        my_vote = db::decisions::my_vote(&state.db, p.id, u.id)
            .await?
            .map(CaseChoice::of_ballot);
    }
    let voted = match &vote {
        Some(p) if open => db::decisions::voters(&state.db, p.id).await?.len() as u32,
        Some(p) => (p.tally_yes + p.tally_no + p.tally_abstain).max(0) as u32,
        None => 0,
    };
    let tally = vote
        .as_ref()
        .filter(|p| p.status != "open")
        .map(|p| crate::domain::decisions::Tally {
            yes: p.tally_yes.max(0) as u32,
            no: p.tally_no.max(0) as u32,
            abstain: p.tally_abstain.max(0) as u32,
        });
    let is_author = user.is_some_and(|u| c.author_id == Some(u.id));
    let sees_text = is_author || (open && elector);
    let (mut body_html, mut around, mut reasons) = (None, None, Vec::new());
    if sees_text {
        match target {
            Target::Post(id) => body_html = db::forum::find_post(&state.db, id).await?.map(|p| p.body_html),
            Target::Message(id) => {
                if let Some(m) = db::chat::find_message(&state.db, id).await? {
                    around = Some(said_around(state, &m).await?);
                    body_html = Some(m.body_html);
                }
            }
        }
    }
    // The flags this case came from (those since the decision before it), for those who decide
    // only: in a house of three the author could tell from the words who wrote them.
    if open && elector {
        let since = db::flags::last_decided(&state.db, target)
            .await?
            .filter(|at| *at < c.opened_at);
        reasons = db::flags::reasons(&state.db, target, since).await?;
    }
    Ok(CaseView {
        rule_ids: match c.rule_id {
            Some(r) => vec![r],
            None => db::flags::cited_rules(&state.db, target).await?,
        },
        flags: db::flags::count_for(&state.db, target).await?,
        tally,
        voted,
        eligible: vote.as_ref().map_or(0, |p| p.electorate.max(0) as u32),
        my_vote,
        can_vote: open && elector && access.group.may(Action::Write),
        can_appeal: match user {
            Some(u) => can_appeal(state, access, u).await?,
            None => false,
        },
        body_html,
        reasons,
        around,
        response: c.author_response.clone(),
        can_respond: is_author && open && c.author_response.is_none(),
        case: c.clone(),
    })
}

/// Three visible messages before and after a chat message, with their authors' names. None
/// around a message of a direct room: only the flagged message is shared with those who decide.
async fn said_around(state: &AppState, m: &entity::chat_message::Model) -> AppResult<(Vec<Said>, Vec<Said>)> {
    let direct = db::chat::find_room(&state.db, m.room_id)
        .await?
        .is_some_and(|r| r.kind == db::chat::DIRECT_ROOM);
    if direct {
        return Ok((Vec::new(), Vec::new()));
    }
    let (before, after) = db::chat::around(&state.db, m.room_id, m.id, 3).await?;
    let mut names = std::collections::HashMap::new();
    for uid in before.iter().chain(&after).filter_map(|m| m.author_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = names.entry(uid)
            && let Some(u) = db::users::find(&state.db, uid).await?
        {
            slot.insert(u.display_name);
        }
    }
    let said = |list: Vec<entity::chat_message::Model>| {
        list.into_iter()
            .map(|m| Said {
                author: m.author_id.and_then(|u| names.get(&u).cloned()),
                html: m.body_html,
            })
            .collect()
    };
    Ok((said(before), said(after)))
}
