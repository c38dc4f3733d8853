//! House rules, proposals and voting pages.
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db;
use crate::domain::decisions::ProposalKind;
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::services::decisions::{self, ProposalAccess, ProposalInput};
use crate::services::groups::GroupAccess;
use crate::services::proposals::proposal_json;
use crate::state::AppState;
use crate::views::decisions::{
    NewProposalView, ProposalView, RulesView, new_proposal_page, proposal_page, proposals_page,
    rule_history_page, rules_page,
};

pub async fn rules(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    let rules = db::decisions::rules(&state.db, access.group.row.id).await?;
    let must_accept = match ctx.user() {
        Some(u) => decisions::must_accept(&state, &access, u).await?,
        None => false,
    };
    let view = RulesView {
        group: &access.group,
        rules: &rules,
        must_accept,
        can_propose: access.may(Action::Write),
        notice: (q.done.as_deref() == Some("accepted")).then(|| ctx.tr.t("rules-accepted")),
    };
    Ok(rules_page(&ctx.frame(), &view).into_response())
}

pub async fn rule_history(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, number)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    let rule = db::decisions::rule_by_number(&state.db, access.group.row.id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let versions = db::decisions::versions(&state.db, rule.id).await?;
    Ok(rule_history_page(&ctx.frame(), &access.group, &rule, &versions).into_response())
}

pub async fn accept_rules(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    decisions::accept_rules(&state, &access, &auth.user).await?;
    Ok(Redirect::to(&format!("{}?done=accepted", routes::group_sub(&slug, "rules"))).into_response())
}

pub async fn proposals(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::ReadContent).await?;
    let list = crate::services::proposals::list(&state, &access, ctx.user().map(|u| u.id)).await?;
    Ok(proposals_page(&ctx.frame(), &access.group, &list, access.may(Action::Write)).into_response())
}

#[derive(Deserialize, Default)]
pub struct KindQuery {
    kind: Option<String>,
    /// The rule to change, repeal or cite: an amendment starts from its current text.
    rule_id: Option<i32>,
}

async fn render_new(
    state: &AppState,
    ctx: &Ctx,
    access: &GroupAccess,
    kind: Option<ProposalKind>,
    values: &HashMap<String, String>,
    errors: &[(&'static str, &'static str)],
    status: StatusCode,
) -> AppResult<Response> {
    let rules = db::decisions::rules(&state.db, access.group.row.id).await?;
    let statements = match kind {
        Some(ProposalKind::WithdrawStatement) => crate::services::statements::of_group(state, access).await?,
        _ => Vec::new(),
    };
    let view = NewProposalView {
        group: &access.group,
        kind,
        rules: &rules,
        statements: &statements,
        values,
        errors,
        max_hours: access.group.settings()?.voting_period_hours,
    };
    Ok((status, new_proposal_page(&ctx.frame(), &view)).into_response())
}

pub async fn new_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Query(q): Query<KindQuery>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    access.require(Action::Write)?;
    let kind = q.kind.as_deref().and_then(ProposalKind::parse);
    let mut values = HashMap::new();
    if matches!(
        kind,
        Some(ProposalKind::AmendRule | ProposalKind::RepealRule | ProposalKind::Sanction)
    ) {
        let rules = db::decisions::rules(&state.db, access.group.row.id).await?;
        // The chosen rule of this group, or for an amendment the first: its text to start from.
        let chosen = match q.rule_id {
            Some(id) => rules.iter().find(|r| r.id == id),
            None if kind == Some(ProposalKind::AmendRule) => rules.first(),
            None => None,
        };
        if let Some(r) = chosen {
            values.insert("rule_id".to_owned(), r.id.to_string());
            if kind == Some(ProposalKind::AmendRule) {
                values.insert("rule_title".to_owned(), r.title.clone());
                values.insert("text".to_owned(), r.body.clone());
            }
        }
    }
    render_new(&state, &ctx, &access, kind, &values, &[], StatusCode::OK).await
}

/// The form's fields as the API's payload for the kind.
fn payload(kind: ProposalKind, v: &HashMap<String, String>) -> serde_json::Value {
    let s = |k: &str| v.get(k).map(|x| x.trim().to_owned()).unwrap_or_default();
    let id = |k: &str| s(k).parse::<i64>().ok();
    let mut p = serde_json::Map::new();
    match kind {
        ProposalKind::AddRule => {
            p.insert("title".into(), s("rule_title").into());
            p.insert("text".into(), s("text").into());
        }
        ProposalKind::AmendRule => {
            p.insert("rule_id".into(), id("rule_id").into());
            if !s("rule_title").is_empty() {
                p.insert("title".into(), s("rule_title").into());
            }
            p.insert("text".into(), s("text").into());
        }
        ProposalKind::RepealRule => {
            p.insert("rule_id".into(), id("rule_id").into());
        }
        ProposalKind::Sanction => {
            p.insert("username".into(), s("username").into());
            p.insert("sanction".into(), s("sanction").into());
            p.insert("days".into(), id("days").into());
            p.insert("rule_id".into(), id("rule_id").into());
        }
        ProposalKind::PublishStatement => {
            p.insert("title".into(), s("rule_title").into());
            p.insert("text".into(), s("text").into());
            p.insert("signed_as".into(), s("signed_as").into());
        }
        ProposalKind::WithdrawStatement => {
            p.insert("statement_id".into(), id("statement_id").into());
        }
        _ => {
            p.insert("username".into(), s("username").into());
        }
    }
    p.into()
}

/// Where an error of the proposal's checks shows up in the form.
fn form_field(field: &'static str) -> &'static str {
    match field {
        "payload.title" => "rule_title",
        "payload.text" => "text",
        "payload.rule_id" => "rule_id",
        "payload.username" => "username",
        "payload.days" => "days",
        "payload.sanction" => "sanction",
        "payload.signed_as" => "signed_as",
        "payload.statement_id" => "statement_id",
        "closes_at" => "hours",
        other => other,
    }
}

pub async fn create_proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(values): Form<HashMap<String, String>>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let kind = values.get("kind").and_then(|k| ProposalKind::parse(k));
    let Some(kind) = kind else {
        return render_new(
            &state,
            &ctx,
            &access,
            None,
            &values,
            &[],
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    };
    let hours = values.get("hours").map(|h| h.trim()).filter(|h| !h.is_empty());
    let closes_at = match hours.map(str::parse::<i64>) {
        None => None,
        Some(Ok(h)) if (1..=24 * 30).contains(&h) => Some(db::now() + chrono::Duration::hours(h)),
        Some(_) => {
            let errors = [("hours", "err-closes-at")];
            return render_new(
                &state,
                &ctx,
                &access,
                Some(kind),
                &values,
                &errors,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let payload = payload(kind, &values);
    let input = ProposalInput {
        kind: kind.as_str(),
        title: values.get("title").map(String::as_str).unwrap_or(""),
        reason: values.get("reason").map(String::as_str),
        payload: &payload,
        closes_at,
    };
    match decisions::open(&state, &access, &auth.user, input)
        .await
        .refused()?
    {
        Outcome::Done(p) => {
            Ok(Redirect::to(&format!("{}?done=opened", routes::proposal(p.id))).into_response())
        }
        Outcome::Again(r) => {
            let errors: Vec<_> = r.fields.iter().map(|(f, key)| (form_field(f), *key)).collect();
            render_new(&state, &ctx, &access, Some(kind), &values, &errors, r.status).await
        }
    }
}

async fn render_proposal(
    state: &AppState,
    ctx: &Ctx,
    access: &ProposalAccess,
    status: StatusCode,
    error: Option<&'static str>,
    notice: Option<String>,
) -> AppResult<Response> {
    let viewer = ctx.user().map(|u| u.id);
    let json = proposal_json(state, &access.proposal, viewer).await?;
    let can_vote = match viewer {
        Some(uid) => {
            access.proposal.status == "open"
                && access.group.may(Action::Write)
                && db::decisions::is_elector(&state.db, access.proposal.id, uid).await?
        }
        None => false,
    };
    let view = ProposalView {
        group: &access.group.group,
        p: &json,
        can_vote,
        error,
        notice,
    };
    Ok((status, proposal_page(&ctx.frame(), &view)).into_response())
}

pub async fn proposal(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i32>,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let access = ProposalAccess::load(&state, ctx.user(), id).await?;
    let notice = match q.done.as_deref() {
        Some("opened") => Some(ctx.tr.t("proposal-done")),
        Some("voted") => Some(ctx.tr.t("vote-done")),
        _ => None,
    };
    render_proposal(&state, &ctx, &access, StatusCode::OK, None, notice).await
}

#[derive(Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    choice: String,
}

pub async fn vote(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(id): Path<i32>,
    Form(form): Form<VoteForm>,
) -> AppResult<Response> {
    let access = ProposalAccess::load(&state, Some(&auth.user), id).await?;
    match decisions::vote(&state, &access, &auth.user, &form.choice)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(()) => {
            Ok(Redirect::to(&format!("{}?done=voted", routes::proposal(id))).into_response())
        }
        Outcome::Again(r) => {
            let fresh = ProposalAccess::load(&state, Some(&auth.user), id).await?;
            render_proposal(&state, &ctx, &fresh, r.status, Some(r.key), None).await
        }
    }
}

/// The group's log (members only).
pub async fn log(State(state): State<AppState>, ctx: Ctx, Path(slug): Path<String>) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, ctx.user(), &slug, Action::SeeMembers).await?;
    let entries = db::decisions::log_entries(&state.db, access.group.row.id, 200).await?;
    let mut rules = std::collections::HashMap::new();
    for id in entries.iter().filter_map(|e| e.rule_id) {
        if let std::collections::hash_map::Entry::Vacant(slot) = rules.entry(id)
            && let Some(r) = db::decisions::find_rule(&state.db, id).await?
        {
            slot.insert(format!("{}. {}", r.number, r.title));
        }
    }
    Ok(crate::views::log::log_page(&ctx.frame(), &access.group, &entries, &rules).into_response())
}
