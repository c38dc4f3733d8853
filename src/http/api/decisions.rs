//! `/api/v1`: house rules, proposals, ballots and the group's log.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::db;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Json, Path};
use crate::services::decisions::{self, ProposalAccess, ProposalInput};
use crate::services::groups::GroupAccess;
pub use crate::services::proposals::{BallotJson, ProposalJson, TallyJson, proposal_json};
use crate::state::AppState;

/// A house rule as it stands.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleJson {
    pub id: i32,
    pub number: i32,
    pub title: String,
    /// Markdown.
    pub text: String,
    pub text_html: String,
    pub version: i32,
    pub adopted_at: DateTime<Utc>,
    /// The proposal that adopted this version.
    pub proposal_id: Option<i32>,
}

/// A group's house rules in force, by number.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/rules", tag = "decisions", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<RuleJson>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_rules(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<RuleJson>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    let rules = db::decisions::rules(&state.db, access.group.row.id).await?;
    Ok(Json(
        rules
            .into_iter()
            .map(|r| RuleJson {
                id: r.id,
                number: r.number,
                title: r.title,
                text: r.body,
                text_html: r.body_html,
                version: r.version,
                adopted_at: r.adopted_at,
                proposal_id: r.proposal_id,
            })
            .collect(),
    ))
}

/// One version of a rule.
#[derive(Debug, Serialize, ToSchema)]
pub struct RuleVersionJson {
    pub version: i32,
    pub title: String,
    pub text: String,
    /// `active`, or `repealed` for the version that ended the rule.
    pub status: String,
    pub adopted_at: DateTime<Utc>,
    pub proposal_id: Option<i32>,
}

/// Every version of a rule (also a repealed one), newest first.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/rules/{number}/versions", tag = "decisions",
    params(("slug" = String, Path), ("number" = i32, Path)),
    responses((status = 200, body = Vec<RuleVersionJson>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn rule_versions(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, number)): Path<(String, i32)>,
) -> AppResult<Json<Vec<RuleVersionJson>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    let rule = db::decisions::rule_by_number(&state.db, access.group.row.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = db::decisions::versions(&state.db, rule.id).await?;
    Ok(Json(
        versions
            .into_iter()
            .map(|v| RuleVersionJson {
                version: v.version,
                title: v.title,
                text: v.body,
                status: v.status,
                adopted_at: v.adopted_at,
                proposal_id: v.proposal_id,
            })
            .collect(),
    ))
}

/// Accept the group's current house rules (asked again after every change).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/rules/accept", tag = "decisions", security(("bearer" = [])),
    params(("slug" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn accept_rules(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<StatusCode> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    decisions::accept_rules(&state, &access, &auth.user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewProposal {
    pub kind: String,
    pub title: String,
    pub reason: Option<String>,
    #[schema(value_type = Object)]
    pub payload: serde_json::Value,
    /// Within the group's voting period; by default at its end.
    pub closes_at: Option<DateTime<Utc>>,
}

/// Open a proposal (members, or stewards where the group decided so for this kind).
#[utoipa::path(post, path = "/api/v1/groups/{slug}/proposals", tag = "decisions", security(("bearer" = [])),
    params(("slug" = String, Path)), request_body = NewProposal,
    responses((status = 201, body = ProposalJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn create_proposal(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Json(body): Json<NewProposal>,
) -> AppResult<(StatusCode, Json<ProposalJson>)> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let input = ProposalInput {
        kind: &body.kind,
        title: &body.title,
        reason: body.reason.as_deref(),
        payload: &body.payload,
        closes_at: body.closes_at,
    };
    let p = decisions::open(&state, &access, &auth.user, input).await?;
    Ok((
        StatusCode::CREATED,
        Json(proposal_json(&state, &p, Some(auth.user.id)).await?),
    ))
}

/// A group's proposals, open ones first.
#[utoipa::path(get, path = "/api/v1/groups/{slug}/proposals", tag = "decisions", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<ProposalJson>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn list_proposals(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<ProposalJson>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    Ok(Json(
        crate::services::proposals::list(&state, &access, ctx.user().map(|u| u.id)).await?,
    ))
}

/// One proposal.
#[utoipa::path(get, path = "/api/v1/proposals/{id}", tag = "decisions", params(("id" = i32, Path)),
    responses((status = 200, body = ProposalJson), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn get_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
) -> AppResult<Json<ProposalJson>> {
    let access = ProposalAccess::load(&state, ctx.user(), id).await?;
    Ok(Json(
        proposal_json(&state, &access.proposal, ctx.user().map(|u| u.id)).await?,
    ))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct VoteRequest {
    /// `yes`, `no` or `abstain`; can be changed until the close.
    pub choice: String,
}

/// Vote, or change your vote.
#[utoipa::path(post, path = "/api/v1/proposals/{id}/votes", tag = "decisions", security(("bearer" = [])),
    params(("id" = i32, Path)), request_body = VoteRequest,
    responses((status = 200, body = ProposalJson), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn vote(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Json(body): Json<VoteRequest>,
) -> AppResult<Json<ProposalJson>> {
    let access = ProposalAccess::load(&state, Some(&auth.user), id).await?;
    decisions::vote(&state, &access, &auth.user, &body.choice).await?;
    let p = db::decisions::find(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Json(proposal_json(&state, &p, Some(auth.user.id)).await?))
}

/// A line of the group's log: never who acted, only in what role.
#[derive(Debug, Serialize, ToSchema)]
pub struct LogJson {
    pub id: i32,
    pub at: DateTime<Utc>,
    pub action: String,
    pub target: Option<String>,
    pub rule_id: Option<i32>,
    pub proposal_id: Option<i32>,
    pub case_id: Option<i32>,
    /// A thread it points to: a house meeting's minutes (`meeting_closed`).
    pub thread_id: Option<i32>,
    /// `members` (a vote), `member`, `steward` or `system`.
    pub actor_role: String,
}

/// The group's log, newest first (members only).
#[utoipa::path(get, path = "/api/v1/groups/{slug}/log", tag = "moderation", params(("slug" = String, Path)),
    responses((status = 200, body = Vec<LogJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn group_log(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Json<Vec<LogJson>>> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::SeeMembers).await?;
    let rows = db::decisions::log_entries(&state.db, access.group.row.id, 200).await?;
    Ok(Json(
        rows.into_iter()
            .map(|l| LogJson {
                id: l.id,
                at: l.at,
                action: l.action,
                target: l.target,
                rule_id: l.rule_id,
                proposal_id: l.proposal_id,
                case_id: l.case_id,
                thread_id: l.thread_id,
                actor_role: l.actor_role,
            })
            .collect(),
    ))
}
