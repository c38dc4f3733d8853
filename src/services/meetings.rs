//! House meetings: a member schedules a meeting in one of the group's chat rooms with an
//! agenda (free text, or an open proposal); members are reminded an hour before; the chair
//! (who scheduled it, or a steward) opens it, takes the agenda item by item and closes it.
//! Those present mark themselves so (page, API or socket); on an item with a proposal they
//! vote live, through the proposal's own ballot (secret stays secret). Where the group's
//! settings allow decisions in meetings and enough members are present, closing the item
//! decides the proposal; otherwise the online vote goes on. Closing the meeting stores the
//! minutes with the decisions and how many were present in the group's log and as a forum
//! thread. Every change is a `meeting` frame in the room, on every instance.
use chrono::{DateTime, Utc};
use entity::{meeting, user};
use sea_orm::ActiveValue::Set;
use sea_orm::IntoActiveModel;

use crate::db;
use crate::domain::Invalid;
use crate::domain::meetings::{self as rules, ItemStatus, Status};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::services::decisions::{Mode, ProposalAccess};
use crate::services::groups::GroupAccess;
use crate::services::guard::{self, Act, Words};
use crate::state::AppState;
use crate::wire::{AgendaItemJson, AuthorJson, MeetingJson};

/// A meeting as seen by one person: for the group's active members only (anyone else: 404,
/// as for a meeting that does not exist).
pub struct MeetingAccess {
    pub meeting: meeting::Model,
    pub group: GroupAccess,
}

impl MeetingAccess {
    pub async fn load(state: &AppState, user: &user::Model, id: i32) -> AppResult<Self> {
        let meeting = db::meetings::find(&state.db, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let group = GroupAccess::load_by_id(state, Some(user), meeting.group_id, Action::Chat)
            .await
            .map_err(|e| match e {
                AppError::Forbidden | AppError::Unauthorized => AppError::NotFound,
                e => e,
            })?;
        Ok(Self { meeting, group })
    }

    /// Who scheduled it, or a steward.
    pub fn is_chair(&self, user: &user::Model) -> bool {
        self.meeting.chair_id == Some(user.id) || self.group.is_steward()
    }

    fn require_chair(&self, user: &user::Model) -> AppResult<()> {
        if self.is_chair(user) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    fn require_status(&self, want: Status) -> AppResult<()> {
        if self.meeting.status == want.as_str() {
            Ok(())
        } else {
            Err(AppError::Conflict {
                code: match want {
                    Status::Open => "meeting_not_open",
                    _ => "meeting_not_scheduled",
                },
                field: "meeting",
                key: match want {
                    Status::Open => "err-meeting-not-open",
                    _ => "err-meeting-not-scheduled",
                },
            })
        }
    }
}

/// An agenda item as typed: its words, or an open proposal of the group (its title then is the
/// item's when none is typed).
pub struct AgendaInput {
    pub title: String,
    pub proposal_id: Option<i32>,
}

/// Raw input for a new meeting.
pub struct Schedule<'a> {
    pub title: &'a str,
    pub starts_at: Result<DateTime<Utc>, Invalid>,
    pub room_id: Option<i32>,
    pub agenda: Vec<AgendaInput>,
}

/// A member schedules a meeting in one of the group's rooms (the first, when none is named).
pub async fn schedule(
    state: &AppState,
    access: &GroupAccess,
    user: &user::Model,
    input: Schedule<'_>,
) -> AppResult<meeting::Model> {
    access.require(Action::Chat)?;
    let gid = access.group.row.id;
    let mut errors: Vec<(&'static str, Invalid)> = Vec::new();
    let title = rules::parse_title(input.title)
        .map_err(|e| errors.push(("title", e)))
        .ok();
    let starts_at = input
        .starts_at
        .and_then(|at| rules::check_start(at, db::now()).map(|_| at))
        .map_err(|e| errors.push(("starts_at", e)))
        .ok();
    let mut agenda = Vec::new();
    if input.agenda.len() > rules::ITEMS_MAX {
        errors.push(("agenda", Invalid("err-too-many-items")));
    }
    for item in input.agenda.iter().take(rules::ITEMS_MAX) {
        let proposal = match item.proposal_id {
            Some(pid) => match db::decisions::find(&state.db, pid).await? {
                Some(p) if p.group_id == gid && p.status == "open" && p.kind != "case" => Some(p),
                _ => {
                    errors.push(("agenda", Invalid("err-agenda-proposal")));
                    continue;
                }
            },
            None => None,
        };
        let typed = if item.title.trim().is_empty() {
            proposal.as_ref().map(|p| p.title.clone()).unwrap_or_default()
        } else {
            item.title.clone()
        };
        match rules::parse_item(&typed) {
            Ok(t) => agenda.push((t, proposal.map(|p| p.id))),
            Err(e) => errors.push(("agenda", e)),
        }
    }
    let room = match input.room_id {
        Some(rid) => db::chat::find_room(&state.db, rid)
            .await?
            .filter(|r| r.group_id == gid && r.kind == "group"),
        None => db::chat::rooms(&state.db, gid)
            .await?
            .into_iter()
            .find(|r| r.kind == "group"),
    };
    if room.is_none() {
        errors.push(("room_id", Invalid("err-choice")));
    }
    let (Some(title), Some(starts_at), Some(room), true) = (title, starts_at, room, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let text: Vec<&str> = std::iter::once(title.as_str())
        .chain(agenda.iter().map(|(t, _)| t.as_str()))
        .collect();
    let text = text.join("\n");
    let _cleared = guard::check(
        state,
        access,
        user,
        Act::Meeting,
        Some(Words {
            text: &text,
            html: "",
        }),
    )
    .await?;
    let made = db::meetings::create(
        &state.db,
        db::meetings::NewMeeting {
            group_id: gid,
            room_id: room.id,
            title,
            starts_at,
            chair_id: user.id,
            items: agenda,
        },
    )
    .await?;
    changed(state, made.id).await;
    Ok(made)
}

async fn changed(state: &AppState, id: i32) {
    state.chat.meeting_changed(&state.db, id).await;
}

/// A group's meetings (its active members).
pub async fn of_group(state: &AppState, access: &GroupAccess) -> AppResult<Vec<MeetingJson>> {
    access.require(Action::Chat)?;
    let meetings = db::meetings::of_group(&state.db, access.group.row.id).await?;
    Ok(crate::chat::meetings::meetings_json(&state.db, &access.group, meetings).await?)
}

/// One meeting, as its room shows it.
pub async fn detail(state: &AppState, access: &MeetingAccess) -> AppResult<MeetingJson> {
    crate::chat::meetings::meeting_json(&state.db, access.meeting.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The chair opens the meeting, perhaps naming who writes the minutes (a member of the group).
pub async fn open(
    state: &AppState,
    access: &MeetingAccess,
    user: &user::Model,
    minute_taker: Option<&str>,
) -> AppResult<()> {
    access.require_chair(user)?;
    access.group.require(Action::Write)?;
    access.require_status(Status::Scheduled)?;
    let taker = match minute_taker.map(str::trim).filter(|s| !s.is_empty()) {
        Some(name) => {
            let found = match crate::domain::account::Username::parse(name) {
                Ok(u) => db::users::find_by_username(&state.db, &u).await?,
                Err(_) => None,
            };
            let member = match &found {
                Some(u) => db::groups::membership(&state.db, access.meeting.group_id, u.id)
                    .await?
                    .is_some_and(|m| m.status == crate::domain::group::Status::Active),
                None => false,
            };
            if !member {
                return Err(AppError::field("minute_taker", Invalid("err-minute-taker")));
            }
            found.map(|u| u.id)
        }
        None => None,
    };
    let txn = db::write(&state.db).await?;
    if !db::meetings::transition(
        &txn,
        access.meeting.id,
        Status::Scheduled,
        Status::Open,
        db::now(),
    )
    .await?
    {
        return Err(AppError::Conflict {
            code: "meeting_not_scheduled",
            field: "meeting",
            key: "err-meeting-not-scheduled",
        });
    }
    if taker.is_some() {
        let mut row = access.meeting.clone().into_active_model();
        row.status = Set(Status::Open.as_str().to_owned());
        row.opened_at = Set(Some(db::now()));
        row.minute_taker_id = Set(taker);
        db::meetings::save(&txn, row).await?;
    }
    // The chair is there.
    db::meetings::attend(&txn, access.meeting.id, user.id, true).await?;
    txn.commit().await?;
    changed(state, access.meeting.id).await;
    Ok(())
}

/// A member marks themselves present (or not) while the meeting runs; who is present now.
pub async fn attend(
    state: &AppState,
    access: &MeetingAccess,
    user: &user::Model,
    present: bool,
) -> AppResult<Vec<AuthorJson>> {
    access.group.require(Action::Chat)?;
    access.require_status(Status::Open)?;
    state.limits.act(user.id)?;
    db::meetings::attend(&state.db, access.meeting.id, user.id, present).await?;
    changed(state, access.meeting.id).await;
    Ok(db::meetings::present(&state.db, access.meeting.id)
        .await?
        .iter()
        .map(|u| AuthorJson::of(Some(u)))
        .collect())
}

async fn item(state: &AppState, access: &MeetingAccess, n: i32) -> AppResult<entity::meeting_item::Model> {
    db::meetings::items(&state.db, access.meeting.id)
        .await?
        .into_iter()
        .find(|i| i.n == n)
        .ok_or(AppError::NotFound)
}

fn item_conflict(code: &'static str, key: &'static str) -> AppError {
    AppError::Conflict {
        code,
        field: "item",
        key,
    }
}

/// The chair takes an agenda item (one at a time).
pub async fn open_item(
    state: &AppState,
    access: &MeetingAccess,
    user: &user::Model,
    n: i32,
) -> AppResult<AgendaItemJson> {
    access.require_chair(user)?;
    access.group.require(Action::Write)?;
    access.require_status(Status::Open)?;
    let items = db::meetings::items(&state.db, access.meeting.id).await?;
    let it = items.iter().find(|i| i.n == n).ok_or(AppError::NotFound)?.clone();
    if items.iter().any(|i| i.status == ItemStatus::Open.as_str()) {
        return Err(item_conflict("item_open", "err-item-open"));
    }
    if it.status != ItemStatus::Waiting.as_str() {
        return Err(item_conflict("item_done", "err-item-done"));
    }
    let mut row = it.into_active_model();
    row.status = Set(ItemStatus::Open.as_str().to_owned());
    db::meetings::save_item(&state.db, row).await?;
    changed(state, access.meeting.id).await;
    agenda_item(state, access, n).await
}

/// The chair closes the item: with a proposal, those present decide it now where the group
/// allows decisions in meetings and enough members are present; otherwise the online vote
/// goes on and the item was discussed.
pub async fn close_item(
    state: &AppState,
    access: &MeetingAccess,
    user: &user::Model,
    n: i32,
) -> AppResult<AgendaItemJson> {
    access.require_chair(user)?;
    access.group.require(Action::Write)?;
    access.require_status(Status::Open)?;
    let it = item(state, access, n).await?;
    if it.status != ItemStatus::Open.as_str() {
        return Err(item_conflict("item_not_open", "err-item-not-open"));
    }
    finish_item(state, access, it).await?;
    changed(state, access.meeting.id).await;
    agenda_item(state, access, n).await
}

async fn finish_item(
    state: &AppState,
    access: &MeetingAccess,
    it: entity::meeting_item::Model,
) -> AppResult<()> {
    let mut outcome = None;
    if let Some(pid) = it.proposal_id {
        let json = detail(state, access).await?;
        if json.may_decide {
            crate::services::decisions::close(state, pid, Mode::Meeting).await?;
        }
        outcome = Some(match db::decisions::find(&state.db, pid).await? {
            Some(p) if p.status == "passed" || p.status == "rejected" => p.status,
            _ => "discussed".to_owned(),
        });
    }
    let mut row = it.into_active_model();
    row.status = Set(ItemStatus::Done.as_str().to_owned());
    row.outcome = Set(outcome);
    db::meetings::save_item(&state.db, row).await?;
    Ok(())
}

async fn agenda_item(state: &AppState, access: &MeetingAccess, n: i32) -> AppResult<AgendaItemJson> {
    detail(state, access)
        .await?
        .agenda
        .into_iter()
        .find(|i| i.n == n)
        .ok_or(AppError::NotFound)
}

/// Someone present votes on the open item's proposal, through its own ballot (the same
/// guard, the same secrecy); the tally goes to everyone in the room.
pub async fn vote(
    state: &AppState,
    access: &MeetingAccess,
    user: &user::Model,
    n: i32,
    choice: &str,
) -> AppResult<AgendaItemJson> {
    access.require_status(Status::Open)?;
    let it = item(state, access, n).await?;
    let Some(pid) = it.proposal_id.filter(|_| it.status == ItemStatus::Open.as_str()) else {
        return Err(item_conflict("item_not_open", "err-item-not-open"));
    };
    if !db::meetings::is_present(&state.db, access.meeting.id, user.id).await? {
        return Err(AppError::Conflict {
            code: "not_present",
            field: "choice",
            key: "err-not-present",
        });
    }
    let proposal = ProposalAccess::load(state, Some(user), pid).await?;
    crate::services::decisions::vote(state, &proposal, user, choice).await?;
    changed(state, access.meeting.id).await;
    agenda_item(state, access, n).await
}

/// The minute-taker (or the chair) writes the minutes while the meeting runs.
pub async fn write_minutes(
    state: &AppState,
    access: &MeetingAccess,
    user: &user::Model,
    text: &str,
) -> AppResult<()> {
    if access.meeting.minute_taker_id != Some(user.id) {
        access.require_chair(user)?;
    }
    access.require_status(Status::Open)?;
    let text = rules::parse_minutes(text).map_err(|e| AppError::field("text", e))?;
    let _cleared = guard::check(
        state,
        &access.group,
        user,
        Act::Meeting,
        Some(Words {
            text: &text,
            html: "",
        }),
    )
    .await?;
    let mut row = access.meeting.clone().into_active_model();
    row.minutes = Set(text);
    db::meetings::save(&state.db, row).await?;
    changed(state, access.meeting.id).await;
    Ok(())
}

/// The chair closes the meeting: an item still open is closed first; the minutes, the
/// decisions and how many were present (by name where the group's settings say so) go into
/// the group's log and into a forum thread the members can reply to.
pub async fn close(state: &AppState, access: &MeetingAccess, user: &user::Model) -> AppResult<i32> {
    access.require_chair(user)?;
    access.require_status(Status::Open)?;
    for it in db::meetings::items(&state.db, access.meeting.id).await? {
        if it.status == ItemStatus::Open.as_str() {
            finish_item(state, access, it).await?;
        }
    }
    let json = detail(state, access).await?;
    let settings = access.group.group.settings()?;
    let tr = crate::i18n::Tr::new(crate::domain::account::Locale::parse(&user.locale).unwrap_or_default());
    let record = record(tr, &json, settings.meeting_names == 1);
    let html = crate::domain::markdown::render_limited(&record).map_err(|e| AppError::field("text", e))?;
    let _cleared = guard::check(
        state,
        &access.group,
        user,
        Act::Meeting,
        Some(Words {
            text: &record,
            html: &html,
        }),
    )
    .await?;
    let title = tr.ta("meeting-record-title", &[("title", json.title.clone().into())]);
    let title = title
        .chars()
        .take(crate::domain::forum::TITLE_MAX)
        .collect::<String>();
    let txn = db::write(&state.db).await?;
    if !db::meetings::transition(&txn, access.meeting.id, Status::Open, Status::Closed, db::now()).await? {
        return Err(AppError::Conflict {
            code: "meeting_not_open",
            field: "meeting",
            key: "err-meeting-not-open",
        });
    }
    let (thread, _) = db::forum::create_thread(
        &txn,
        access.meeting.group_id,
        &title,
        db::forum::NewPost {
            parent_id: None,
            author_id: user.id,
            body: &record,
            body_html: &html,
            content_warning: None,
        },
    )
    .await?;
    let mut row = access.meeting.clone().into_active_model();
    row.status = Set(Status::Closed.as_str().to_owned());
    row.closed_at = Set(Some(db::now()));
    row.minutes_thread_id = Set(Some(thread.id));
    row.present_at_close = Set(Some(json.present_count as i32));
    db::meetings::save(&txn, row).await?;
    db::decisions::log_meeting(&txn, access.meeting.group_id, &json.title, thread.id).await?;
    txn.commit().await?;
    changed(state, access.meeting.id).await;
    Ok(thread.id)
}

/// The minutes as they are kept: what was written, each decision, and who was there.
fn record(tr: crate::i18n::Tr, m: &MeetingJson, names: bool) -> String {
    let mut out = String::new();
    if !m.minutes.trim().is_empty() {
        out.push_str(m.minutes.trim());
        out.push_str("\n\n");
    }
    out.push_str(&format!("## {}\n\n", tr.t("meeting-record-agenda")));
    for item in &m.agenda {
        let what = match item.outcome.as_deref() {
            Some("passed") => tr.t("meeting-outcome-passed"),
            Some("rejected") => tr.t("meeting-outcome-rejected"),
            Some("discussed") => tr.t("meeting-outcome-discussed"),
            _ if item.status == ItemStatus::Done.as_str() => tr.t("meeting-outcome-done"),
            _ => tr.t("meeting-outcome-skipped"),
        };
        out.push_str(&format!("{}. {}: {}\n", item.n, item.title, what));
    }
    out.push('\n');
    out.push_str(&tr.ta("meeting-record-present", &[("count", m.present_count.into())]));
    if names && !m.present.is_empty() {
        let who: Vec<&str> = m.present.iter().map(|a| a.display_name.as_str()).collect();
        out.push_str(&format!(": {}", who.join(", ")));
    }
    out.push('\n');
    out
}

/// The reminders that are due: an hour before a meeting, every active member of its group
/// hears of it, once (whichever instance takes it first sends it).
pub async fn tick(state: &AppState) -> AppResult<usize> {
    let now = db::now();
    let due = db::meetings::due_reminders(
        &state.db,
        now + chrono::Duration::minutes(rules::REMINDER_MINUTES),
    )
    .await?;
    let mut sent = 0;
    for m in due {
        let txn = db::write(&state.db).await?;
        if !db::meetings::take_reminder(&txn, m.id, now).await? {
            continue;
        }
        let members: Vec<i32> = db::groups::members(&txn, m.group_id)
            .await?
            .into_iter()
            .filter(|(mem, _)| mem.status == crate::domain::group::Status::Active)
            .map(|(_, u)| u.id)
            .collect();
        let items = members
            .iter()
            .map(|&u| db::notifications::New {
                user_id: u,
                kind: "meeting_reminder",
                group_id: m.group_id,
                thread_id: None,
                post_id: None,
                actor_id: None,
                proposal_id: None,
                case_id: None,
                request_id: None,
                goal_id: None,
                meeting_id: Some(m.id),
            })
            .collect();
        db::notifications::insert_many(&txn, items).await?;
        txn.commit().await?;
        crate::services::chat::notifications_changed(state, &members).await;
        sent += 1;
    }
    Ok(sent)
}

/// What a room's page shows of its meeting, for one reader.
pub struct Panel {
    pub meeting: MeetingJson,
    /// The reader chairs it (scheduled it, or a steward).
    pub chair: bool,
    /// The reader is present.
    pub present: bool,
    /// The reader writes the minutes (the minute-taker, or the chair).
    pub writes_minutes: bool,
    /// For the chair opening it: the members one may ask to write the minutes (username, name).
    pub members: Vec<(String, String)>,
}

/// The meeting a group room shows (running, or the next one planned there), as one reader
/// sees it; none for a private chat or when nothing is planned.
pub async fn panel(
    state: &AppState,
    group: &GroupAccess,
    room_id: i32,
    user: &user::Model,
) -> AppResult<Option<Panel>> {
    if !group.may(Action::Chat) {
        return Ok(None);
    }
    let Some(m) = db::meetings::current_in_room(&state.db, room_id).await? else {
        return Ok(None);
    };
    let Some(json) = crate::chat::meetings::meeting_json(&state.db, m.id).await? else {
        return Ok(None);
    };
    let chair = m.chair_id == Some(user.id) || group.is_steward();
    let members = if chair && m.status == Status::Scheduled.as_str() {
        db::groups::members(&state.db, m.group_id)
            .await?
            .into_iter()
            .filter(|(mem, _)| mem.status == crate::domain::group::Status::Active)
            .map(|(_, u)| (u.username, u.display_name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(Some(Panel {
        present: json
            .present
            .iter()
            .any(|a| a.username.as_deref() == Some(user.username.as_str())),
        writes_minutes: chair || m.minute_taker_id == Some(user.id),
        chair,
        members,
        meeting: json,
    }))
}

/// The open proposals of a group, for a meeting's agenda: (id, title).
pub async fn open_proposals(state: &AppState, access: &GroupAccess) -> AppResult<Vec<(i32, String)>> {
    access.require(Action::Chat)?;
    Ok(db::decisions::list(&state.db, access.group.row.id, 100)
        .await?
        .into_iter()
        .filter(|p| p.status == "open")
        .map(|p| (p.id, p.title))
        .collect())
}

/// The group's chat rooms a meeting can be in: (id, name).
pub async fn rooms(state: &AppState, access: &GroupAccess) -> AppResult<Vec<(i32, String)>> {
    access.require(Action::Chat)?;
    Ok(db::chat::rooms(&state.db, access.group.row.id)
        .await?
        .into_iter()
        .filter(|r| r.kind == "group")
        .map(|r| (r.id, r.name))
        .collect())
}
