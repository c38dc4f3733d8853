//! Flagging pages for posts and chat messages, a steward's urgent act, and the cases pages.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db;
use crate::domain::moderation::Target;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{FormResult, Outcome};
use crate::routes;
use crate::services::chat::RoomAccess;
use crate::services::forum::ThreadAccess;
use crate::services::groups::GroupAccess;
use crate::services::moderation;
use crate::state::AppState;
use crate::views::cases::{CasePage, case_page, cases_page};
use crate::views::moderation::{FlagView, flag_page};

#[derive(Deserialize, Default)]
pub struct DoneQuery {
    done: Option<u8>,
}

#[derive(Deserialize)]
pub struct FlagForm {
    #[serde(default)]
    reason: String,
    /// A house rule's id, or "other".
    #[serde(default)]
    rule: String,
    /// Ticked: share a private chat's message with those who decide.
    #[serde(default)]
    share: Option<String>,
}

/// Where a flag form is: its address, where "back" leads, the group, and the item itself.
struct Place {
    action: String,
    back: String,
    group_id: i32,
    /// Who wrote it and its text, while it is there to see.
    item: Option<(String, String)>,
    /// In a direct room.
    direct: bool,
}

/// The flag form's place, after checking the reader may see the item.
async fn place(state: &AppState, ctx: &Ctx, target: Target, urgent: bool) -> AppResult<Place> {
    let mut direct = false;
    let (action, back, group_id, author, shown) = match target {
        Target::Post(id) => {
            let p = db::forum::find_post(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            ThreadAccess::load(state, ctx.user(), p.thread_id).await?;
            let shown = (p.status == "visible").then_some(p.body_html);
            (
                routes::post_flag(id),
                routes::post(id),
                p.group_id,
                p.author_id,
                shown,
            )
        }
        Target::Message(id) => {
            let m = db::chat::find_message(&state.db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            direct = RoomAccess::load(state, ctx.user(), m.room_id, Action::Chat)
                .await?
                .direct
                .is_some();
            let shown = (m.status == "visible").then_some(m.body_html);
            (
                routes::message_flag(id),
                format!("{}#m{id}", routes::room(m.room_id)),
                m.group_id,
                m.author_id,
                shown,
            )
        }
    };
    let action = match (urgent, target) {
        (false, _) => action,
        (true, Target::Post(id)) => routes::post_urgent(id),
        (true, Target::Message(id)) => routes::message_urgent(id),
    };
    let item = match shown {
        Some(html) => {
            let name = match author {
                Some(uid) => db::users::find(&state.db, uid).await?.map(|u| u.display_name),
                None => None,
            };
            Some((name.unwrap_or_else(|| ctx.tr.t("former-member")), html))
        }
        None => None,
    };
    Ok(Place {
        action,
        back,
        group_id,
        item,
        direct,
    })
}

async fn form(state: AppState, ctx: Ctx, target: Target, done: bool, urgent: bool) -> AppResult<Response> {
    let user = ctx.user().ok_or(AppError::Unauthorized)?;
    let Place {
        action,
        back,
        group_id,
        item,
        direct,
    } = place(&state, &ctx, target, urgent).await?;
    // In a private chat a steward is one of the two: no urgent act there.
    let steward = !direct
        && GroupAccess::load_by_id(&state, ctx.user(), group_id, Action::SeeGroup)
            .await?
            .is_steward();
    if urgent && !steward {
        return Err(AppError::Forbidden);
    }
    let urgent_link = (steward && !urgent).then(|| match target {
        Target::Post(id) => routes::post_urgent(id),
        Target::Message(id) => routes::message_urgent(id),
    });
    let rules = db::decisions::rules(&state.db, group_id).await?;
    let progress = match done && !urgent {
        true => Some(moderation::progress(&state, user, target).await?),
        false => None,
    };
    let view = FlagView {
        action,
        back,
        rules: &rules,
        rule: None,
        reason: "",
        error: None,
        done,
        urgent,
        urgent_link,
        item,
        progress,
        direct,
        share: false,
    };
    Ok(flag_page(&ctx.frame(), &view).into_response())
}

async fn submit(
    state: AppState,
    ctx: Ctx,
    user: &entity::user::Model,
    target: Target,
    form: &FlagForm,
    urgent: bool,
) -> AppResult<Response> {
    let Place {
        action,
        back,
        group_id,
        item,
        direct,
    } = place(&state, &ctx, target, urgent).await?;
    let rule = form.rule.trim().parse::<i32>().ok();
    let share = form.share.is_some();
    let done = if urgent {
        moderation::urgent(&state, user, target, rule, Some(&form.reason))
            .await
            .map(|c| format!("{}?done=urgent", routes::case(c.id)))
    } else {
        moderation::flag(&state, user, target, rule, Some(&form.reason), share)
            .await
            .map(|_| format!("{action}?done=1"))
    };
    let shown = |e: &AppError| {
        matches!(
            e,
            AppError::Invalid(_) | AppError::Conflict { .. } | AppError::RateLimited(_)
        )
    };
    match done.again_when(shown)? {
        Outcome::Done(to) => Ok(Redirect::to(&to).into_response()),
        Outcome::Again(r) => {
            let rules = db::decisions::rules(&state.db, group_id).await?;
            let view = FlagView {
                action,
                back,
                rules: &rules,
                rule,
                reason: &form.reason,
                error: Some(r.key),
                done: false,
                urgent,
                urgent_link: None,
                item,
                progress: None,
                direct,
                share,
            };
            Ok((r.status, flag_page(&ctx.frame(), &view)).into_response())
        }
    }
}

/// What a flag page or an urgent act is about, read from its address: a post (`/p/{id}/…`)
/// or a chat message (`/m/{id}/…`), to flag (`…/flag`) or to remove at once (`…/urgent`).
pub struct ModTarget {
    target: Target,
    urgent: bool,
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for ModTarget {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, state: &S) -> Result<Self, AppError> {
        let route = parts
            .extensions
            .get::<axum::extract::MatchedPath>()
            .map(|m| m.as_str().to_owned())
            .unwrap_or_default();
        let Path(id) = Path::<i64>::from_request_parts(parts, state).await?;
        let target = if route == routes::POST_FLAG || route == routes::POST_URGENT {
            Target::Post(i32::try_from(id).map_err(|_| AppError::NotFound)?)
        } else {
            Target::Message(id)
        };
        Ok(Self {
            target,
            urgent: route == routes::POST_URGENT || route == routes::MESSAGE_URGENT,
        })
    }
}

/// The flag form, or a steward's form for an urgent act, for a post or a chat message.
pub async fn show_form(
    State(state): State<AppState>,
    ctx: Ctx,
    m: ModTarget,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    form(state, ctx, m.target, q.done.is_some() && !m.urgent, m.urgent).await
}

/// A flag, or a steward's urgent act, sent from that form.
pub async fn send_form(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    m: ModTarget,
    Form(f): Form<FlagForm>,
) -> AppResult<Response> {
    submit(state, ctx, &auth.user, m.target, &f, m.urgent).await
}

/// A group's cases (members only).
pub async fn cases(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::SeeMembers).await?;
    let mut views = Vec::new();
    for c in db::flags::cases(&state.db, access.group.row.id).await? {
        let one = moderation::CaseAccess {
            case: c,
            group: access.clone(),
        };
        views.push(moderation::view(&state, &one, ctx.user()).await?);
    }
    Ok(cases_page(&ctx.frame(), &access.group, &views).into_response())
}

#[derive(Deserialize, Default)]
pub struct CaseQuery {
    done: Option<String>,
}

/// A refused case form: its error, which form ("vote", "appeal", "respond") and what was typed.
type Refused<'a> = Option<(&'static str, &'static str, &'a str)>;

async fn render_case(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
    status: StatusCode,
    refused: Refused<'_>,
    done: Option<&'static str>,
) -> AppResult<Response> {
    let access = moderation::CaseAccess::load(state, ctx.user(), id).await?;
    let view = moderation::view(state, &access, ctx.user()).await?;
    let mut rule_names = std::collections::HashMap::new();
    let cited = view
        .rule_ids
        .iter()
        .copied()
        .chain(view.reasons.iter().filter_map(|(r, _)| *r));
    for rid in cited {
        if let std::collections::hash_map::Entry::Vacant(slot) = rule_names.entry(rid)
            && let Some(r) = db::decisions::find_rule(&state.db, rid).await?
        {
            slot.insert(format!("{}. {}", r.number, r.title));
        }
    }
    let rules: Vec<String> = view
        .rule_ids
        .iter()
        .filter_map(|r| rule_names.get(r).cloned())
        .collect();
    let (error, error_for, reason) = match refused {
        Some((e, form, typed)) => (Some(e), form, typed),
        None => (None, "", ""),
    };
    let page = CasePage {
        group: &access.group.group,
        view: &view,
        rules: &rules,
        rule_names: &rule_names,
        error,
        error_for,
        done,
        reason,
    };
    Ok((status, case_page(&ctx.frame(), &page)).into_response())
}

pub async fn case(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<CaseQuery>,
) -> AppResult<Response> {
    let done = match q.done.as_deref() {
        Some("voted") => Some("case-done-voted"),
        Some("urgent") => Some("case-done-urgent"),
        Some("appealed") => Some("case-done-appealed"),
        Some("responded") => Some("case-done-responded"),
        _ => None,
    };
    render_case(&state, &ctx, id, StatusCode::OK, None, done).await
}

#[derive(Deserialize)]
pub struct CaseVoteForm {
    #[serde(default)]
    choice: String,
}

pub async fn vote_case(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<CaseVoteForm>,
) -> AppResult<Response> {
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    let voted = moderation::vote(&state, &access, &auth.user, &form.choice).await;
    case_answer(&state, &ctx, id, voted.map(|()| id), ("vote", ""), "voted").await
}

/// The answer to a form on a case page: on to the case (`to`) with the notice `done`, or the
/// case page again with the refusal at its form (`form`: which one, and what was typed).
async fn case_answer(
    state: &AppState,
    ctx: &Ctx,
    id: i32,
    result: AppResult<i32>,
    form: (&'static str, &str),
    done: &str,
) -> AppResult<Response> {
    match result.refused_or_conflict()? {
        Outcome::Done(to) => Ok(Redirect::to(&format!("{}?done={done}", routes::case(to))).into_response()),
        Outcome::Again(r) => render_case(state, ctx, id, r.status, Some((r.key, form.0, form.1)), None).await,
    }
}

#[derive(Deserialize)]
pub struct AppealForm {
    #[serde(default)]
    reason: String,
}

pub async fn appeal_case(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<AppealForm>,
) -> AppResult<Response> {
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    let appealed = moderation::appeal(&state, &access, &auth.user, Some(&form.reason)).await;
    let to = appealed.map(|c| c.id);
    case_answer(&state, &ctx, id, to, ("appeal", &form.reason), "appealed").await
}

#[derive(Deserialize)]
pub struct RespondForm {
    #[serde(default)]
    response: String,
}

/// The author's one answer on the case about their words.
pub async fn respond_case(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<RespondForm>,
) -> AppResult<Response> {
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    let answered = moderation::respond(&state, &access, &auth.user, &form.response).await;
    let to = answered.map(|()| id);
    case_answer(&state, &ctx, id, to, ("respond", &form.response), "responded").await
}
