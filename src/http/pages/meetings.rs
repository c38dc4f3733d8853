//! House meetings as pages: the group's meetings and the form to plan one; the chair's and the
//! members' acts from the room page's meeting panel (each answers with the room again).
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{NaiveDateTime, TimeZone, Utc};

use crate::domain::Invalid;
use crate::error::AppResult;
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::services::groups::GroupAccess;
use crate::services::meetings::{self, AgendaInput, MeetingAccess, Schedule};
use crate::state::AppState;
use crate::views::meetings::{MEETING_ERRORS, MeetingDraft, MeetingsView, meetings_page};

async fn render_list(
    state: &AppState,
    ctx: &Ctx,
    group: &GroupAccess,
    draft: &MeetingDraft,
    status: StatusCode,
    errors: &[(&'static str, &'static str)],
    notice: Option<String>,
) -> AppResult<Response> {
    let list = meetings::of_group(state, group).await?;
    let proposals = meetings::open_proposals(state, group).await?;
    let rooms = meetings::rooms(state, group).await?;
    let view = MeetingsView {
        group: &group.group,
        meetings: &list,
        proposals: &proposals,
        rooms: &rooms,
        draft,
        errors,
        notice,
    };
    Ok((status, meetings_page(&ctx.frame(), &view)).into_response())
}

pub async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let notice = (q.done.as_deref() == Some("planned")).then(|| ctx.tr.t("meeting-done-planned"));
    render_list(
        &state,
        &ctx,
        &group,
        &MeetingDraft::default(),
        StatusCode::OK,
        &[],
        notice,
    )
    .await
}

/// Plans a meeting: the form's fields come as pairs, `proposal` once per ticked proposal.
pub async fn schedule(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let group = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let get = |name: &str| {
        fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let draft = MeetingDraft {
        title: get("title"),
        starts_at: get("starts_at"),
        agenda: get("agenda"),
        proposals: fields
            .iter()
            .filter(|(k, _)| k == "proposal")
            .filter_map(|(_, v)| v.trim().parse().ok())
            .collect(),
        room_id: get("room_id"),
    };
    // The time as the person's clock shows it, in their time zone.
    let zone = ctx.tr.zone().0;
    let starts_at = NaiveDateTime::parse_from_str(draft.starts_at.trim(), "%Y-%m-%dT%H:%M")
        .ok()
        .and_then(|local| zone.from_local_datetime(&local).earliest())
        .map(|at| at.with_timezone(&Utc))
        .ok_or(Invalid("err-date"));
    let mut agenda: Vec<AgendaInput> = draft
        .agenda
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| AgendaInput {
            title: l.to_owned(),
            proposal_id: None,
        })
        .collect();
    agenda.extend(draft.proposals.iter().map(|&id| AgendaInput {
        title: String::new(),
        proposal_id: Some(id),
    }));
    let input = Schedule {
        title: &draft.title,
        starts_at,
        room_id: draft.room_id.trim().parse().ok(),
        agenda,
    };
    match meetings::schedule(&state, &group, &auth.user, input)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(_) => Ok(Redirect::to(&format!(
            "{}?done=planned",
            routes::group_sub(&slug, "meetings")
        ))
        .into_response()),
        Outcome::Again(r) => render_list(&state, &ctx, &group, &draft, r.status, &r.fields, None).await,
    }
}

/// The room's meeting panel, naming a refusal by its catalogue key.
fn again(access: &MeetingAccess, key: &str) -> Response {
    let key = MEETING_ERRORS
        .iter()
        .find(|k| **k == key)
        .copied()
        .unwrap_or("err-form-summary");
    let room = routes::room(access.meeting.room_id);
    Redirect::to(&format!("{room}?meeting_error={key}#meeting")).into_response()
}

/// Back to the room's meeting panel, or to it with the refusal.
fn back<T>(access: &MeetingAccess, result: AppResult<T>) -> AppResult<Response> {
    match result.refused_or_conflict()? {
        Outcome::Done(_) => {
            Ok(Redirect::to(&format!("{}#meeting", routes::room(access.meeting.room_id))).into_response())
        }
        Outcome::Again(r) => Ok(again(access, r.key)),
    }
}

/// The meeting's own acts: `open`, `close`, `attendance`, `minutes`.
pub async fn act(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, act)): Path<(i32, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    let get = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
    let user = &auth.user;
    match act.as_str() {
        "open" => back(
            &access,
            meetings::open(&state, &access, user, get("minute_taker")).await,
        ),
        "close" => match meetings::close(&state, &access, user)
            .await
            .refused_or_conflict()?
        {
            Outcome::Done(thread) => Ok(Redirect::to(&routes::thread(thread)).into_response()),
            Outcome::Again(r) => back::<()>(
                &access,
                Err(crate::error::AppError::Conflict {
                    code: "meeting",
                    field: "meeting",
                    key: MEETING_ERRORS
                        .iter()
                        .find(|k| **k == r.key)
                        .copied()
                        .unwrap_or("err-form-summary"),
                }),
            ),
        },
        "attendance" => back(
            &access,
            meetings::attend(&state, &access, user, get("present") != Some("0")).await,
        ),
        "minutes" => back(
            &access,
            meetings::write_minutes(&state, &access, user, get("text").unwrap_or("")).await,
        ),
        _ => Err(crate::error::AppError::NotFound),
    }
}

/// An agenda item's acts: `open`, `close` (the chair) and `vote` (those present).
pub async fn item(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((id, n, act)): Path<(i32, i32, String)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let access = MeetingAccess::load(&state, &auth.user, id).await?;
    let user = &auth.user;
    match act.as_str() {
        "open" => back(&access, meetings::open_item(&state, &access, user, n).await),
        "close" => back(&access, meetings::close_item(&state, &access, user, n).await),
        "vote" => {
            let choice = fields
                .iter()
                .find(|(k, _)| k == "choice")
                .map(|(_, v)| v.as_str())
                .unwrap_or("");
            back(&access, meetings::vote(&state, &access, user, n, choice).await)
        }
        _ => Err(crate::error::AppError::NotFound),
    }
}
