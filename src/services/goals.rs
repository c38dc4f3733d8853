//! Small steps: a person writes a goal, why it matters and its small steps; ticks steps off,
//! adds or rewrites them; keeps it to themselves or shares it with one group, whose members
//! may cheer it (never criticise, never count how long it took). The owner may ask for a
//! gentle check-in every N days; a reached goal is celebrated to the group once.
//!
//! A goal is its owner's data: only they and the active members of the group it is shared
//! with see it (anyone else, the instance admin included, gets 404 as for a missing goal);
//! it is in their export and goes with their account.
use chrono::{DateTime, Utc};
use entity::{goal, goal_step, user};
use sea_orm::ActiveValue::Set;
use sea_orm::IntoActiveModel;
use serde::Serialize;
use utoipa::ToSchema;

use crate::db;
use crate::domain::Invalid;
use crate::domain::goals::{self as rules, Status};
use crate::domain::group::Status as MemberStatus;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::groups::GroupAccess;
use crate::services::guard::{self, Act, Words};
use crate::state::AppState;
use crate::wire::AuthorJson;

/// A goal as its readers see it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GoalJson {
    pub id: i32,
    pub owner: AuthorJson,
    pub title: String,
    pub why: String,
    pub status: Status,
    /// The group it is shared with (its address); none: only its owner sees it.
    pub shared_with: Option<String>,
    /// A check-in every this many days (shown to its owner only).
    pub check_in_days: Option<i32>,
    pub steps: Vec<StepJson>,
    pub cheers: Vec<CheerJson>,
    pub created_at: DateTime<Utc>,
}

/// One small step.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepJson {
    pub id: i32,
    pub title: String,
    pub done: bool,
    pub done_at: Option<DateTime<Utc>>,
}

/// A cheer: a short message, or a thumbs-up (empty body).
#[derive(Debug, Serialize, ToSchema)]
pub struct CheerJson {
    pub author: AuthorJson,
    pub body: String,
    /// The step it cheers; none: the goal.
    pub step_id: Option<i32>,
    pub created_at: DateTime<Utc>,
}

pub fn step_json(s: &goal_step::Model) -> StepJson {
    StepJson {
        id: s.id,
        title: s.title.clone(),
        done: s.done_at.is_some(),
        done_at: s.done_at,
    }
}

/// A goal as seen by one person: its owner, or an active member of the group it is shared with
/// while the owner is one too and has not stopped it. Anyone else: 404, as for a goal that does
/// not exist.
pub struct GoalAccess {
    pub goal: goal::Model,
    /// The reader owns it.
    pub mine: bool,
    /// The reader's access to the group it is shared with (for its owner: while they may see it).
    pub group: Option<GroupAccess>,
}

impl GoalAccess {
    pub async fn load(state: &AppState, user: &user::Model, id: i32) -> AppResult<Self> {
        let goal = db::goals::find(&state.db, id).await?.ok_or(AppError::NotFound)?;
        if goal.owner_id == user.id {
            let group = match goal.group_id {
                Some(gid) => GroupAccess::load_by_id(state, Some(user), gid, Action::SeeGroup)
                    .await
                    .ok(),
                None => None,
            };
            return Ok(Self {
                goal,
                mine: true,
                group,
            });
        }
        let Some(gid) = goal.group_id else {
            return Err(AppError::NotFound);
        };
        if goal.status == Status::Stopped.as_str() {
            return Err(AppError::NotFound);
        }
        let group = GroupAccess::load_by_id(state, Some(user), gid, Action::Chat)
            .await
            .map_err(|e| match e {
                AppError::Forbidden | AppError::Unauthorized => AppError::NotFound,
                e => e,
            })?;
        let owner_in = db::groups::membership(&state.db, gid, goal.owner_id)
            .await?
            .is_some_and(|m| m.status == MemberStatus::Active);
        if !owner_in {
            return Err(AppError::NotFound);
        }
        Ok(Self {
            goal,
            mine: false,
            group: Some(group),
        })
    }

    fn require_owner(&self) -> AppResult<()> {
        if self.mine {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }
}

/// Raw input for a new goal.
pub struct NewGoal<'a> {
    pub title: &'a str,
    pub why: &'a str,
    pub steps: Vec<String>,
    /// A group's address, or empty for nobody.
    pub shared_with: &'a str,
    pub check_in_days: Result<Option<i32>, Invalid>,
}

/// The group to share with: one where the owner is an active member (anyone else: 404 as for
/// a group that is not there).
async fn share_target(state: &AppState, user: &user::Model, slug: &str) -> AppResult<Option<GroupAccess>> {
    let slug = slug.trim();
    if slug.is_empty() {
        return Ok(None);
    }
    let access = GroupAccess::load_for(state, Some(user), slug, Action::Chat)
        .await
        .map_err(|e| match e {
            AppError::Forbidden | AppError::Unauthorized | AppError::NotFound => {
                AppError::field("shared_with", Invalid("err-share-group"))
            }
            e => e,
        })?;
    Ok(Some(access))
}

/// What a shared goal shows the group passes the write guard there.
async fn guard_shared(
    state: &AppState,
    group: &GroupAccess,
    user: &user::Model,
    texts: &[&str],
) -> AppResult<guard::Cleared> {
    let text = texts.join("\n");
    // Shown as plain text: nothing in it becomes a link.
    let words = Words {
        text: &text,
        html: "",
    };
    guard::check(state, group, user, Act::Goal, Some(words)).await
}

/// A person writes a goal with its first steps, private or shared with one of their groups.
pub async fn create(state: &AppState, user: &user::Model, input: NewGoal<'_>) -> AppResult<goal::Model> {
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    let title = rules::parse_title(input.title)
        .map_err(|e| errors.push(("title", e)))
        .ok();
    let why = rules::parse_why(input.why)
        .map_err(|e| errors.push(("why", e)))
        .ok();
    let steps = input
        .steps
        .iter()
        .map(|s| rules::parse_step(s))
        .collect::<Result<Vec<_>, _>>()
        .and_then(|s| {
            if s.len() > rules::STEPS_MAX {
                Err(Invalid("err-too-many-steps"))
            } else {
                Ok(s)
            }
        })
        .map_err(|e| errors.push(("steps", e)))
        .ok();
    let days = input
        .check_in_days
        .map_err(|e| errors.push(("check_in_days", e)))
        .ok();
    let (Some(title), Some(why), Some(steps), Some(days)) = (title, why, steps, days) else {
        return Err(AppError::Invalid(errors));
    };
    let group = share_target(state, user, input.shared_with).await?;
    let _cleared = match &group {
        Some(g) => {
            let mut texts = vec![title.as_str(), why.as_str()];
            texts.extend(steps.iter().map(String::as_str));
            Some(guard_shared(state, g, user, &texts).await?)
        }
        None => {
            state.limits.act(user.id)?;
            None
        }
    };
    let txn = db::write(&state.db).await?;
    if db::goals::active_count(&txn, user.id).await? >= rules::ACTIVE_MAX {
        return Err(AppError::Conflict {
            code: "too_many_goals",
            field: "title",
            key: "err-too-many-goals",
        });
    }
    let made = db::goals::create(
        &txn,
        db::goals::NewGoal {
            owner_id: user.id,
            title,
            why,
            group_id: group.as_ref().map(|g| g.group.row.id),
            check_in_days: days,
            next_check_in_at: days.map(|d| next_check_in(state, d)),
            steps,
        },
    )
    .await?;
    txn.commit().await?;
    Ok(made)
}

fn next_check_in(state: &AppState, days: i32) -> DateTime<Utc> {
    // Never sooner than a day from now: at most one check-in a day.
    db::now() + state.config.day() * days.max(1)
}

/// A person's own goals, newest first.
pub async fn mine(state: &AppState, user: &user::Model) -> AppResult<Vec<GoalJson>> {
    let goals = db::goals::of_owner(&state.db, user.id).await?;
    let owners: Vec<(goal::Model, user::Model)> = goals.into_iter().map(|g| (g, user.clone())).collect();
    assemble(state, owners, true).await
}

/// The goals shared with a group, for its active members.
pub async fn of_group(state: &AppState, access: &GroupAccess) -> AppResult<Vec<GoalJson>> {
    access.require(Action::Chat)?;
    let goals = db::goals::of_group(&state.db, access.group.row.id).await?;
    assemble(state, goals, false).await
}

/// One goal as this reader may see it.
pub async fn detail(state: &AppState, access: &GoalAccess) -> AppResult<GoalJson> {
    let owner = db::users::find(&state.db, access.goal.owner_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut all = assemble(state, vec![(access.goal.clone(), owner)], access.mine).await?;
    all.pop().ok_or(AppError::NotFound)
}

/// Goals with their steps and cheers, in three queries.
async fn assemble(
    state: &AppState,
    goals: Vec<(goal::Model, user::Model)>,
    owner_reads: bool,
) -> AppResult<Vec<GoalJson>> {
    let ids: Vec<i32> = goals.iter().map(|(g, _)| g.id).collect();
    let steps = db::goals::steps(&state.db, &ids).await?;
    let cheers = db::goals::cheers(&state.db, &ids).await?;
    let gids: Vec<i32> = goals.iter().filter_map(|(g, _)| g.group_id).collect();
    let slugs = db::groups::slugs_of(&state.db, &gids).await?;
    Ok(goals
        .into_iter()
        .map(|(g, owner)| GoalJson {
            id: g.id,
            owner: AuthorJson::of(Some(&owner)),
            title: g.title.clone(),
            why: g.why.clone(),
            status: Status::parse(&g.status).unwrap_or(Status::Active),
            shared_with: g.group_id.and_then(|id| slugs.get(&id).cloned()),
            check_in_days: if owner_reads { g.check_in_days } else { None },
            steps: steps
                .iter()
                .filter(|s| s.goal_id == g.id)
                .map(step_json)
                .collect(),
            cheers: cheers
                .iter()
                .filter(|(c, _)| c.goal_id == g.id)
                .map(|(c, u)| CheerJson {
                    author: AuthorJson::of(u.as_ref()),
                    body: c.body.clone(),
                    step_id: c.step_id,
                    created_at: c.created_at,
                })
                .collect(),
            created_at: g.created_at,
        })
        .collect())
}

/// A change to a goal; `None` leaves a part as it is.
#[derive(Default)]
pub struct Change<'a> {
    pub title: Option<&'a str>,
    pub why: Option<&'a str>,
    /// A group's address, or empty to keep it to oneself.
    pub shared_with: Option<&'a str>,
    pub check_in_days: Option<Result<Option<i32>, Invalid>>,
    pub status: Option<&'a str>,
}

/// The owner changes their goal: words, sharing, check-ins, or where it stands. Reaching it
/// celebrates it to the group, once; reaching or stopping it ends the check-ins.
pub async fn change(
    state: &AppState,
    access: &GoalAccess,
    user: &user::Model,
    input: Change<'_>,
) -> AppResult<goal::Model> {
    access.require_owner()?;
    let g = &access.goal;
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    let title = input
        .title
        .map(rules::parse_title)
        .transpose()
        .map_err(|e| errors.push(("title", e)))
        .ok()
        .flatten();
    let why = input
        .why
        .map(rules::parse_why)
        .transpose()
        .map_err(|e| errors.push(("why", e)))
        .ok()
        .flatten();
    let days_given = input.check_in_days.is_some();
    let days = input
        .check_in_days
        .transpose()
        .map_err(|e| errors.push(("check_in_days", e)))
        .ok()
        .flatten();
    let status = input
        .status
        .map(|s| Status::parse(s.trim()).ok_or(Invalid("err-choice")))
        .transpose()
        .map_err(|e| errors.push(("status", e)))
        .ok()
        .flatten();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // Where it will be shared after this change.
    let target = match input.shared_with {
        Some(slug) => share_target(state, user, slug).await?,
        None => None,
    };
    let group_after = match input.shared_with {
        Some(_) => target.as_ref().map(|t| t.group.row.id),
        None => g.group_id,
    };
    // Taking it out of sight (keeping it to oneself, stopping it) and what only its owner
    // sees (the check-ins) need no more than the rate; anything the group will see passes the
    // guard there.
    let shows_group = group_after.is_some()
        && (title.is_some()
            || why.is_some()
            || group_after != g.group_id
            || status.is_some_and(|s| s != Status::Stopped && s.as_str() != g.status));
    let _cleared = match (shows_group, target.as_ref().or(access.group.as_ref())) {
        (true, Some(group)) => {
            let title_text = title.as_deref().unwrap_or(&g.title);
            let why_text = why.as_deref().unwrap_or(&g.why);
            Some(guard_shared(state, group, user, &[title_text, why_text]).await?)
        }
        (true, None) => return Err(AppError::Forbidden),
        (false, _) => {
            state.limits.act(user.id)?;
            None
        }
    };
    let now = db::now();
    let status_after = status.unwrap_or(Status::parse(&g.status).unwrap_or(Status::Active));
    let days_after = if days_given {
        days.flatten()
    } else {
        g.check_in_days
    };
    let mut row = g.clone().into_active_model();
    if let Some(t) = title {
        row.title = Set(t);
    }
    if let Some(w) = why {
        row.why = Set(w);
    }
    row.group_id = Set(group_after);
    row.check_in_days = Set(days_after);
    row.status = Set(status_after.as_str().to_owned());
    let check_ins_change = days_given || status.is_some_and(|s| s.as_str() != g.status);
    if status_after != Status::Active {
        row.next_check_in_at = Set(None);
    } else if check_ins_change {
        row.next_check_in_at = Set(days_after.map(|d| next_check_in(state, d)));
    }
    let reached_now = status_after == Status::Reached && g.status != Status::Reached.as_str();
    if reached_now {
        row.reached_at = Set(Some(now));
    }
    let celebrate = reached_now && g.celebrated_at.is_none() && group_after.is_some();
    if celebrate {
        row.celebrated_at = Set(Some(now));
    }
    let txn = db::write(&state.db).await?;
    if status_after == Status::Active
        && g.status != Status::Active.as_str()
        && db::goals::active_count(&txn, user.id).await? >= rules::ACTIVE_MAX
    {
        return Err(AppError::Conflict {
            code: "too_many_goals",
            field: "status",
            key: "err-too-many-goals",
        });
    }
    if group_after != g.group_id {
        // Those it is no longer shared with forget what they were told of it.
        db::goals::forget_told_others(&txn, g.id, g.owner_id).await?;
    }
    let saved = db::goals::save(&txn, row).await?;
    let mut told = Vec::new();
    if celebrate && let Some(gid) = group_after {
        told = others_in(&txn, gid, user.id).await?;
        tell(&txn, &saved, gid, &told, "goal_reached", user.id).await?;
    }
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &told).await;
    Ok(saved)
}

/// The group's other active members.
async fn others_in(db: &impl sea_orm::ConnectionTrait, gid: i32, except: i32) -> AppResult<Vec<i32>> {
    Ok(db::groups::members(db, gid)
        .await?
        .into_iter()
        .filter(|(m, u)| m.status == MemberStatus::Active && u.id != except)
        .map(|(_, u)| u.id)
        .collect())
}

async fn tell(
    db: &impl sea_orm::ConnectionTrait,
    g: &goal::Model,
    gid: i32,
    users: &[i32],
    kind: &'static str,
    actor: i32,
) -> AppResult<()> {
    let items = users
        .iter()
        .map(|&u| db::notifications::New {
            user_id: u,
            kind,
            group_id: gid,
            thread_id: None,
            post_id: None,
            actor_id: Some(actor),
            proposal_id: None,
            case_id: None,
            request_id: None,
            goal_id: Some(g.id),
            meeting_id: None,
        })
        .collect();
    db::notifications::insert_many(db, items).await?;
    Ok(())
}

/// The guard for a change the group will see, when the goal is shared.
async fn guard_if_shared(
    state: &AppState,
    access: &GoalAccess,
    user: &user::Model,
    text: &str,
) -> AppResult<Option<guard::Cleared>> {
    match (access.goal.group_id, &access.group) {
        (Some(_), Some(group)) => Ok(Some(guard_shared(state, group, user, &[text]).await?)),
        // Shared with a group its owner may no longer see: they may keep it to themselves.
        (Some(_), None) => Err(AppError::Forbidden),
        (None, _) => {
            state.limits.act(user.id)?;
            Ok(None)
        }
    }
}

/// The owner adds a step at the end.
pub async fn add_step(
    state: &AppState,
    access: &GoalAccess,
    user: &user::Model,
    title: &str,
) -> AppResult<goal_step::Model> {
    access.require_owner()?;
    let title = rules::parse_step(title).map_err(|e| AppError::field("title", e))?;
    let _cleared = guard_if_shared(state, access, user, &title).await?;
    let txn = db::write(&state.db).await?;
    if db::goals::step_count(&txn, access.goal.id).await? >= rules::STEPS_MAX as u64 {
        return Err(AppError::Conflict {
            code: "too_many_steps",
            field: "title",
            key: "err-too-many-steps",
        });
    }
    let step = db::goals::add_step(&txn, access.goal.id, title).await?;
    txn.commit().await?;
    Ok(step)
}

/// The owner rewrites a step, or ticks it done (or not done after all).
pub async fn change_step(
    state: &AppState,
    access: &GoalAccess,
    user: &user::Model,
    step_id: i32,
    title: Option<&str>,
    done: Option<bool>,
) -> AppResult<goal_step::Model> {
    access.require_owner()?;
    let step = db::goals::find_step(&state.db, access.goal.id, step_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let title = title
        .map(rules::parse_step)
        .transpose()
        .map_err(|e| AppError::field("title", e))?;
    let _cleared = guard_if_shared(state, access, user, title.as_deref().unwrap_or(&step.title)).await?;
    let mut row = step.clone().into_active_model();
    if let Some(t) = title {
        row.title = Set(t);
    }
    match done {
        Some(true) if step.done_at.is_none() => row.done_at = Set(Some(db::now())),
        Some(false) => row.done_at = Set(None),
        _ => {}
    }
    Ok(db::goals::save_step(&state.db, row).await?)
}

/// A member of the group a goal is shared with cheers it (or one step): a short message or a
/// thumbs-up (once). Not the owner; the owner is told.
pub async fn cheer(
    state: &AppState,
    access: &GoalAccess,
    user: &user::Model,
    body: &str,
    step_id: Option<i32>,
) -> AppResult<()> {
    if access.mine {
        return Err(AppError::Forbidden);
    }
    let (Some(group), Some(gid)) = (&access.group, access.goal.group_id) else {
        return Err(AppError::NotFound);
    };
    let body = rules::parse_cheer(body).map_err(|e| AppError::field("body", e))?;
    if let Some(s) = step_id {
        db::goals::find_step(&state.db, access.goal.id, s)
            .await?
            .ok_or(AppError::field("step_id", Invalid("err-choice")))?;
    }
    let words = Words {
        text: &body,
        html: "",
    };
    let _cleared = guard::check(state, group, user, Act::Cheer, Some(words)).await?;
    if body.is_empty() && db::goals::has_thumbs_up(&state.db, access.goal.id, step_id, user.id).await? {
        // A thumbs-up counts once.
        return Ok(());
    }
    let txn = db::write(&state.db).await?;
    db::goals::add_cheer(&txn, access.goal.id, step_id, user.id, body).await?;
    tell(
        &txn,
        &access.goal,
        gid,
        &[access.goal.owner_id],
        "goal_cheer",
        user.id,
    )
    .await?;
    txn.commit().await?;
    crate::services::chat::notifications_changed(state, &[access.goal.owner_id]).await;
    Ok(())
}

/// The owner deletes a goal: its steps, its cheers and every notification about it go too.
pub async fn delete(state: &AppState, access: &GoalAccess) -> AppResult<()> {
    access.require_owner()?;
    let txn = db::write(&state.db).await?;
    db::goals::delete(&txn, access.goal.id).await?;
    txn.commit().await?;
    Ok(())
}

/// The check-ins that are due: "Hoe gaat het met …?" to each owner who asked, at most once a
/// day, on one instance only (whoever moves the time on first sends it).
pub async fn tick(state: &AppState) -> AppResult<usize> {
    let now = db::now();
    let due = db::goals::due(&state.db, now, 200).await?;
    let mut sent = 0;
    for g in due {
        let Some(days) = g.check_in_days else { continue };
        let txn = db::write(&state.db).await?;
        if !db::goals::take_check_in(&txn, &g, now, next_check_in(state, days)).await? {
            continue;
        }
        db::goals::tell_check_in(&txn, &g).await?;
        txn.commit().await?;
        crate::services::chat::notifications_changed(state, &[g.owner_id]).await;
        sent += 1;
    }
    Ok(sent)
}

/// The groups a person may share a goal with (where they are an active member): (address,
/// name), by name.
pub async fn share_choices(state: &AppState, user: &user::Model) -> AppResult<Vec<(String, String)>> {
    Ok(db::groups::public_and_mine(&state.db, Some(user.id), None)
        .await?
        .into_iter()
        .filter(|(g, me)| g.row.closed_at.is_none() && me.is_some_and(|m| m.status == MemberStatus::Active))
        .map(|(g, _)| (g.row.slug, g.row.name))
        .collect())
}
