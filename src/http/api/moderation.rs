//! `/api/v1`: flagging posts and chat messages, moderation cases, votes on them, urgent acts
//! and appeals.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::domain::moderation::{CaseChoice, Target};
use crate::domain::policy::Action;
use crate::error::AppResult;
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Json, Path};
use crate::services::groups::GroupAccess;
use crate::services::moderation;
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct FlagRequest {
    /// The house rule this goes against.
    pub rule_id: Option<i32>,
    /// In your own words (needed when no rule is cited), at most 500 characters.
    pub reason: Option<String>,
    /// For a message in a private chat: `true` shares it (it alone) with the group's case
    /// voters, and its author is told. Without it such a flag is refused (422).
    #[serde(default)]
    pub share: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FlagJson {
    pub id: i32,
    pub created_at: DateTime<Utc>,
    /// Flags on the item that count toward hiding it (yours too, once you are long enough in
    /// the group).
    pub flags_counted: u32,
    /// Flags that hide it: the group's number, never more than the members who could flag.
    pub flags_needed: u32,
    /// Hidden now: the group decides in a case.
    pub hidden: bool,
    /// Whether your flag counts yet.
    pub yours_counts: bool,
}

async fn flag(
    state: AppState,
    user: &entity::user::Model,
    target: Target,
    body: FlagRequest,
) -> AppResult<(StatusCode, Json<FlagJson>)> {
    let (f, progress) = moderation::flag(
        &state,
        user,
        target,
        body.rule_id,
        body.reason.as_deref(),
        body.share,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(FlagJson {
            id: f.id,
            created_at: f.created_at,
            flags_counted: progress.counted,
            flags_needed: progress.needed,
            hidden: progress.hidden,
            yours_counts: progress.yours_counts,
        }),
    ))
}

/// Flag a post (members; not your own; once per post).
#[utoipa::path(post, path = "/api/v1/posts/{id}/flags", tag = "moderation", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = FlagRequest,
    responses((status = 201, body = FlagJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn flag_post(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<FlagRequest>,
) -> AppResult<(StatusCode, Json<FlagJson>)> {
    flag(state, &auth.user, Target::Post(id), body).await
}

/// Flag a chat message (members; not your own; once per message).
#[utoipa::path(post, path = "/api/v1/messages/{id}/flags", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = FlagRequest,
    responses((status = 201, body = FlagJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
pub async fn flag_message(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<FlagRequest>,
) -> AppResult<(StatusCode, Json<FlagJson>)> {
    flag(state, &auth.user, Target::Message(id), body).await
}

/// The counts of a closed case vote.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseTally {
    pub restore: u32,
    pub remove: u32,
    pub abstain: u32,
}

/// A moderation case: an item hidden by members' flags (or removed at once by a steward),
/// and the members' decision on it.
#[derive(Debug, Serialize, ToSchema)]
pub struct CaseJson {
    pub id: i32,
    /// `post` or `message`.
    pub target_kind: String,
    pub target_id: i64,
    /// `open`, `restored` or `removed`.
    pub status: String,
    /// A steward removed the item at once.
    pub urgent: bool,
    /// For an appeal: the case it appeals.
    pub appeal_of: Option<i32>,
    /// Why a steward acted at once, or why the author appeals.
    pub reason: Option<String>,
    pub opened_at: DateTime<Utc>,
    /// The members decide before this.
    pub review_until: DateTime<Utc>,
    pub closed_at: Option<DateTime<Utc>>,
    /// The house rules the flags (or the steward) cited.
    pub rule_ids: Vec<i32>,
    /// How many members flagged it.
    pub flags: u64,
    /// How many may vote, and how many did.
    pub eligible: u32,
    pub voted: u32,
    /// The counts, once the vote is closed.
    pub tally: Option<CaseTally>,
    /// Your ballot while the vote is open (ballots are secret and not kept after the close).
    pub my_vote: Option<CaseChoice>,
    pub can_vote: bool,
    pub can_appeal: bool,
    /// The item's text (sanitised HTML): only for its author, and for those who vote on it.
    pub body_html: Option<String>,
    /// Why members flagged it (the rule cited, their words), never who: for those who vote
    /// while the vote is open.
    pub reasons: Vec<CaseReason>,
    /// For a chat message: the visible messages just before and after it (`author` is a
    /// display name, `body_html` sanitised): for those who see the text.
    pub context_before: Vec<CaseContext>,
    pub context_after: Vec<CaseContext>,
    /// The author's one answer.
    pub response: Option<String>,
    /// You wrote the item and may still answer (once, while the vote is open).
    pub can_respond: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseReason {
    pub rule_id: Option<i32>,
    pub reason: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CaseContext {
    pub author: Option<String>,
    pub body_html: String,
}

impl From<moderation::CaseView> for CaseJson {
    fn from(v: moderation::CaseView) -> Self {
        let c = v.case;
        Self {
            id: c.id,
            target_kind: c.target_kind,
            target_id: c.target_id,
            status: c.status,
            urgent: c.urgent,
            appeal_of: c.appeal_of,
            reason: c.reason,
            opened_at: c.opened_at,
            review_until: c.review_until,
            closed_at: c.closed_at,
            rule_ids: v.rule_ids,
            flags: v.flags,
            eligible: v.eligible,
            voted: v.voted,
            tally: v.tally.map(|t| CaseTally {
                restore: t.no,
                remove: t.yes,
                abstain: t.abstain,
            }),
            my_vote: v.my_vote,
            can_vote: v.can_vote,
            can_appeal: v.can_appeal,
            body_html: v.body_html,
            reasons: v
                .reasons
                .into_iter()
                .map(|(rule_id, reason)| CaseReason { rule_id, reason })
                .collect(),
            context_before: context(v.around.as_ref().map(|a| &a.0)),
            context_after: context(v.around.as_ref().map(|a| &a.1)),
            response: v.response,
            can_respond: v.can_respond,
        }
    }
}

fn context(said: Option<&Vec<moderation::Said>>) -> Vec<CaseContext> {
    said.into_iter()
        .flatten()
        .map(|m| CaseContext {
            author: m.author.clone(),
            body_html: m.html.clone(),
        })
        .collect()
}

/// A group's moderation cases, newest first (members only).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/cases", tag = "moderation", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<CaseJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_cases(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<CaseJson>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::SeeMembers).await?;
    let mut out = Vec::new();
    for c in crate::db::flags::cases(&state.db, access.group.row.id).await? {
        let one = moderation::CaseAccess {
            case: c,
            group: access.clone(),
        };
        out.push(moderation::view(&state, &one, ctx.user()).await?.into());
    }
    Ok(Json(out))
}

/// One moderation case (members of its group only).
#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "moderation", params(("id" = i32, Path)),
    responses((status = 200, body = CaseJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_case(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Json<CaseJson>> {
    let access = moderation::CaseAccess::load(&state, ctx.user(), id).await?;
    Ok(Json(moderation::view(&state, &access, ctx.user()).await?.into()))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CaseVoteRequest {
    /// `restore`, `remove` or `abstain`.
    pub choice: String,
}

/// Vote on an open case (members who are neither its author nor among those who flagged it).
/// The vote closes as soon as the outcome can no longer change.
#[utoipa::path(post, path = "/api/v1/cases/{id}/votes", tag = "moderation", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = CaseVoteRequest,
    responses((status = 200, body = CaseJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vote_case(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<CaseVoteRequest>,
) -> AppResult<Json<CaseJson>> {
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    moderation::vote(&state, &access, &auth.user, &body.choice).await?;
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    Ok(Json(
        moderation::view(&state, &access, Some(&auth.user)).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AppealRequest {
    /// Why the members should look again, at most 2000 characters.
    pub reason: Option<String>,
}

/// Appeal a removal of your own post or message, once. Members who did not vote on the first
/// case decide.
#[utoipa::path(post, path = "/api/v1/cases/{id}/appeal", tag = "moderation", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = AppealRequest,
    responses((status = 201, body = CaseJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn appeal_case(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<AppealRequest>,
) -> AppResult<(StatusCode, Json<CaseJson>)> {
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    let appeal = moderation::appeal(&state, &access, &auth.user, body.reason.as_deref()).await?;
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), appeal.id).await?;
    Ok((
        StatusCode::CREATED,
        Json(moderation::view(&state, &access, Some(&auth.user)).await?.into()),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResponseRequest {
    /// The author's side, in their own words, at most 2000 characters.
    pub response: String,
}

/// The author of a hidden item answers once on its case, while the vote is open; those who
/// vote read it beside the item.
#[utoipa::path(post, path = "/api/v1/cases/{id}/response", tag = "moderation", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = ResponseRequest,
    responses((status = 200, body = CaseJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn respond_case(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<ResponseRequest>,
) -> AppResult<Json<CaseJson>> {
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    moderation::respond(&state, &access, &auth.user, &body.response).await?;
    let access = moderation::CaseAccess::load(&state, Some(&auth.user), id).await?;
    Ok(Json(
        moderation::view(&state, &access, Some(&auth.user)).await?.into(),
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct UrgentRequest {
    /// The house rule it goes against.
    pub rule_id: Option<i32>,
    /// Why this could not wait (needed without a rule), at most 2000 characters.
    pub reason: Option<String>,
}

async fn urgent(
    state: AppState,
    user: &entity::user::Model,
    target: Target,
    body: UrgentRequest,
) -> AppResult<Json<CaseJson>> {
    let case = moderation::urgent(&state, user, target, body.rule_id, body.reason.as_deref()).await?;
    let access = moderation::CaseAccess::load(&state, Some(user), case.id).await?;
    Ok(Json(moderation::view(&state, &access, Some(user)).await?.into()))
}

/// Stewards: remove a post at once because it cannot wait (a threat, a phone number). Logged,
/// and its author can appeal to a member vote.
#[utoipa::path(post, path = "/api/v1/posts/{id}/urgent", tag = "moderation", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = UrgentRequest,
    responses((status = 200, body = CaseJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn urgent_post(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<UrgentRequest>,
) -> AppResult<Json<CaseJson>> {
    urgent(state, &auth.user, Target::Post(id), body).await
}

/// Stewards: remove a chat message at once because it cannot wait. Logged and appealable.
#[utoipa::path(post, path = "/api/v1/messages/{id}/urgent", tag = "moderation", security(("bearer" = [])),
    params(("id" = i64, Path)), request_body = UrgentRequest,
    responses((status = 200, body = CaseJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn urgent_message(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i64>,
    Json(body): Json<UrgentRequest>,
) -> AppResult<Json<CaseJson>> {
    urgent(state, &auth.user, Target::Message(id), body).await
}
