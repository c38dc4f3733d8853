//! Group pages in the browser. Each handler loads the group through `GroupAccess`, which asks
//! the policy first; a private group answers 404 to anyone outside it.
use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use maud::Markup;
use serde::Deserialize;

use crate::db;
use crate::domain::group::{Electorate, PROPOSAL_KINDS, Settings, Status};
use crate::domain::policy::Action;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::services::groups::{self, GroupAccess, GroupInput, MemberChange};
use crate::state::AppState;
use crate::views::groups::{
    GroupHome, InviteLanding, InvitesView, MembersView, NewGroupView, SettingsView, directory_page,
    group_home, invite_page, invites_page, members_page, new_group_page, settings_page,
};

/// The notices after this area's forms.
const NOTICES: &[(&str, &str)] = &[
    ("created", "notice-group-created"),
    ("joined", "notice-joined"),
    ("requested", "notice-requested"),
    ("left", "notice-left"),
    ("member", "notice-member-changed"),
    ("saved", "notice-settings-saved"),
    ("revoked", "notice-invite-revoked"),
];

#[derive(Deserialize, Default)]
pub struct DirectoryQuery {
    done: Option<String>,
    /// Part of the name (or description) to look for.
    q: Option<String>,
    /// `peer_group` or `shelter`; anything else is every kind.
    kind: Option<String>,
}

/// The groups one may see, to find one by name and kind.
pub async fn directory(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<DirectoryQuery>,
) -> AppResult<Markup> {
    let mut groups = db::groups::list_visible(&state.db, ctx.user().map(|u| u.id)).await?;
    let words =
        q.q.as_deref()
            .unwrap_or("")
            .trim()
            .chars()
            .take(100)
            .collect::<String>();
    let kind = q.kind.as_deref().and_then(crate::domain::group::Kind::parse);
    let needle = words.to_lowercase();
    groups.retain(|(g, _, _)| {
        kind.is_none_or(|k| g.kind == k)
            && (needle.is_empty()
                || g.row.name.to_lowercase().contains(&needle)
                || g.row.description.to_lowercase().contains(&needle))
    });
    let done = Done { done: q.done };
    let search = crate::views::groups::DirectorySearch { q: &words, kind };
    Ok(directory_page(
        &ctx.frame(),
        &groups,
        done.notice(ctx.tr, NOTICES),
        &search,
    ))
}

pub async fn new_group_form(ctx: Ctx, CurrentUser(_): CurrentUser) -> Markup {
    new_group_page(&ctx.frame(), &NewGroupView::default())
}

#[derive(Deserialize)]
pub struct NewGroupForm {
    #[serde(default)]
    slug: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    visibility: String,
    #[serde(default)]
    join_policy: String,
    #[serde(default)]
    description: String,
}

pub async fn create_group(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Form(form): Form<NewGroupForm>,
) -> AppResult<Response> {
    let input = GroupInput {
        slug: &form.slug,
        name: &form.name,
        kind: &form.kind,
        visibility: Some(&form.visibility),
        join_policy: Some(&form.join_policy),
        description: &form.description,
    };
    match groups::create(&state, &auth.user, input)
        .await
        .refused_or_conflict()?
    {
        Outcome::Done(g) => {
            Ok(Redirect::to(&format!("{}?done=created", routes::group(&g.row.slug))).into_response())
        }
        Outcome::Again(r) => {
            let view = NewGroupView {
                slug: &form.slug,
                name: &form.name,
                kind: &form.kind,
                visibility: &form.visibility,
                join_policy: &form.join_policy,
                description: &form.description,
                errors: r.fields,
            };
            Ok((r.status, new_group_page(&ctx.frame(), &view)).into_response())
        }
    }
}

pub async fn show_group(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Markup> {
    let access = GroupAccess::load(&state, ctx.user(), &slug).await?;
    let member_count = db::groups::active_count(&state.db, access.group.row.id).await?;
    let can_join = access.may(Action::Join) && access.me.is_none() && ctx.user().is_some();
    let rules = match can_join {
        true => db::decisions::rules(&state.db, access.group.row.id).await?,
        false => Vec::new(),
    };
    let must_accept = match ctx.user() {
        Some(u) => crate::services::decisions::must_accept(&state, &access, u).await?,
        None => false,
    };
    // The newest few open requests: "who can help?" is part of the house, not a page away.
    let requests = match access.may(Action::Chat) {
        true => crate::services::requests::list(&state, &access, true, 3).await?,
        false => Vec::new(),
    };
    let view = GroupHome {
        requests: &requests,
        group: &access.group,
        me: access.me,
        member_count,
        can_read: access.may(Action::ReadContent),
        can_chat: access.may(Action::Chat),
        can_join: access.may(Action::Join),
        is_steward: access.is_steward(),
        can_see_members: access.may(Action::SeeMembers),
        notice: done.notice(ctx.tr, NOTICES),
        rules: &rules,
        must_accept,
    };
    Ok(group_home(&ctx.frame(), &view))
}

pub async fn join_group(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let status = groups::join(&state, &access, &auth.user, None).await?;
    let done = if status == Status::Pending {
        "requested"
    } else {
        "joined"
    };
    Ok(Redirect::to(&format!("{}?done={done}", routes::group(&slug))).into_response())
}

pub async fn leave_group(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    groups::leave(&state, &access).await?;
    // After leaving a private group there is nothing left to see of it.
    Ok(Redirect::to(&format!("{}?done=left", routes::GROUPS)).into_response())
}

pub async fn show_members(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Markup> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::SeeMembers).await?;
    let members = db::groups::members(&state.db, access.group.row.id).await?;
    let member_count = members.iter().filter(|(m, _)| m.status == Status::Active).count() as u64;
    let view = MembersView {
        group: &access.group,
        me: access.me,
        me_user: &auth.user,
        member_count,
        members: &members,
        is_steward: access.is_steward(),
        notice: done.notice(ctx.tr, NOTICES),
    };
    Ok(members_page(&ctx.frame(), &view))
}

pub async fn change_member(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((slug, username, change)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let change = MemberChange::parse(&change).ok_or(AppError::NotFound)?;
    groups::change_member(&state, &access, &auth.user, &username, change).await?;
    Ok(Redirect::to(&format!("{}?done=member", routes::group_sub(&slug, "members"))).into_response())
}

async fn render_invites(
    state: &AppState,
    ctx: &Ctx,
    access: &GroupAccess,
    status: StatusCode,
    new_link: Option<(String, chrono::DateTime<chrono::Utc>)>,
    error: Option<&'static str>,
    notice: Option<String>,
) -> AppResult<Response> {
    let open = groups::open_invites(state, access).await?;
    let member_count = db::groups::active_count(&state.db, access.group.row.id).await?;
    let view = InvitesView {
        group: &access.group,
        me: access.me,
        member_count,
        open: &open,
        new_link,
        error,
        notice,
    };
    Ok((status, invites_page(&ctx.frame(), &view)).into_response())
}

pub async fn show_invites(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::ManageInvites).await?;
    render_invites(
        &state,
        &ctx,
        &access,
        StatusCode::OK,
        None,
        None,
        done.notice(ctx.tr, NOTICES),
    )
    .await
}

#[derive(Deserialize)]
pub struct InviteForm {
    expires_in_hours: Option<String>,
}

pub async fn create_invite(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::ManageInvites).await?;
    // Something that is not a number is out of range, and said so.
    let hours = form
        .expires_in_hours
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| h.parse::<i64>().unwrap_or(-1));
    match groups::create_invite(&state, &access, &auth.user, hours)
        .await
        .refused()?
    {
        // Shown once, on this page: the link is not stored, only its hash.
        Outcome::Done((code, row)) => {
            let link = Some((groups::invite_url(&state, &code), row.expires_at));
            render_invites(&state, &ctx, &access, StatusCode::CREATED, link, None, None).await
        }
        Outcome::Again(r) => render_invites(&state, &ctx, &access, r.status, None, Some(r.key), None).await,
    }
}

pub async fn revoke_invite(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path((slug, id)): Path<(String, i32)>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::ManageInvites).await?;
    groups::revoke_invite(&state, &access, id).await?;
    Ok(Redirect::to(&format!("{}?done=revoked", routes::group_sub(&slug, "invites"))).into_response())
}

async fn render_settings(
    state: &AppState,
    ctx: &Ctx,
    access: &GroupAccess,
    settings: &Settings,
    status: StatusCode,
    error: Option<(&'static str, &'static str)>,
    notice: Option<String>,
) -> AppResult<Response> {
    let member_count = db::groups::active_count(&state.db, access.group.row.id).await?;
    let by_vote = groups::settings_by_vote(state, access).await?;
    let view = SettingsView {
        group: &access.group,
        me: access.me,
        member_count,
        settings,
        by_vote,
        editable: if by_vote {
            access.may(Action::Write)
        } else {
            access.may(Action::EditSettings)
        },
        is_steward: access.is_steward(),
        error,
        notice,
    };
    Ok((status, settings_page(&ctx.frame(), &view)).into_response())
}

pub async fn show_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Query(done): Query<Done>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::SeeSettings).await?;
    let settings = access.group.settings()?;
    render_settings(
        &state,
        &ctx,
        &access,
        &settings,
        StatusCode::OK,
        None,
        done.notice(ctx.tr, NOTICES),
    )
    .await
}

/// Reads the settings form: its numbers, then `quorum.KIND`, `threshold.KIND` and
/// `electorate.KIND` for every proposal kind. Anything unreadable is refused by field.
fn parse_settings_form(fields: &BTreeMap<String, String>) -> Result<Settings, (&'static str, &'static str)> {
    let number = |name: &'static str| -> Result<u32, (&'static str, &'static str)> {
        fields
            .get(name)
            .and_then(|v| v.trim().parse().ok())
            .ok_or((name, "err-setting-range"))
    };
    let mut settings = Settings {
        flag_threshold: number("flag_threshold")?,
        review_period_hours: number("review_period_hours")?,
        case_quorum: number("case_quorum")?,
        voting_period_hours: number("voting_period_hours")?,
        chat_retention_days: number("chat_retention_days")?,
        elector_days: number("elector_days")?,
        discussion_hours: number("discussion_hours")?,
        join_surge: number("join_surge")?,
        proposals_per_day: number("proposals_per_day")?,
        meeting_quorum: number("meeting_quorum")?,
        meeting_names: number("meeting_names")?,
        quorum: BTreeMap::new(),
        threshold: BTreeMap::new(),
        electorate: BTreeMap::new(),
    };
    for kind in PROPOSAL_KINDS {
        let get = |prefix: &str| {
            fields
                .get(&format!("{prefix}.{kind}"))
                .map(|v| v.trim().to_owned())
        };
        let q = get("quorum")
            .and_then(|v| v.parse().ok())
            .ok_or(("quorum", "err-setting-range"))?;
        let t = get("threshold")
            .and_then(|v| v.parse().ok())
            .ok_or(("threshold", "err-setting-range"))?;
        let e = match get("electorate").as_deref() {
            Some("members") => Electorate::Members,
            Some("stewards") => Electorate::Stewards,
            _ => return Err(("electorate", "err-setting-range")),
        };
        settings.quorum.insert((*kind).to_owned(), q);
        settings.threshold.insert((*kind).to_owned(), t);
        settings.electorate.insert((*kind).to_owned(), e);
    }
    Ok(settings)
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path(slug): Path<String>,
    Form(fields): Form<BTreeMap<String, String>>,
) -> AppResult<Response> {
    let access = GroupAccess::load_for(&state, Some(&auth.user), &slug, Action::SeeSettings).await?;
    groups::may_change_settings(&state, &access).await?;
    let parsed = parse_settings_form(&fields);
    let result = match &parsed {
        Ok(settings) => {
            let title = ctx.tr.t("kind-change-settings");
            Some(groups::change_settings(&state, &access, &auth.user, settings, &title).await)
        }
        Err(_) => None,
    };
    let error = match (parsed.as_ref().err(), result) {
        (Some(e), _) => *e,
        (None, Some(Ok(groups::SettingsChange::Saved))) => {
            return Ok(
                Redirect::to(&format!("{}?done=saved", routes::group_sub(&slug, "settings"))).into_response(),
            );
        }
        (None, Some(Ok(groups::SettingsChange::Proposed(p)))) => {
            return Ok(Redirect::to(&format!("{}?done=opened", routes::proposal(p.id))).into_response());
        }
        (None, Some(Err(AppError::Invalid(f)))) => f
            .first()
            .map(|(n, i)| (*n, i.0))
            .unwrap_or(("flag_threshold", "err-setting-range")),
        (None, Some(Err(e))) => return Err(e),
        (None, None) => ("flag_threshold", "err-setting-range"),
    };
    let shown = parsed.unwrap_or(access.group.settings()?);
    render_settings(
        &state,
        &ctx,
        &access,
        &shown,
        StatusCode::UNPROCESSABLE_ENTITY,
        Some(error),
        None,
    )
    .await
}

/// The page an invite link opens: which group it is for, and a button to join.
pub async fn show_invite(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(code): Path<String>,
) -> AppResult<Markup> {
    let invite = db::invites::find_usable(&state.db, &code)
        .await?
        .ok_or(AppError::InviteInvalid)?;
    let group = db::groups::find(&state.db, invite.group_id)
        .await?
        .filter(groups::may_join_new)
        .ok_or(AppError::InviteInvalid)?;
    // The rules of the house the invite is for: read before saying yes.
    let rules = db::decisions::rules(&state.db, group.row.id).await?;
    let view = InviteLanding {
        group: &group,
        code: &code,
        logged_in: ctx.auth.is_some(),
        rules: &rules,
    };
    Ok(invite_page(&ctx.frame(), &view))
}

pub async fn accept_invite(
    State(state): State<AppState>,
    CurrentUser(auth): CurrentUser,
    Path(code): Path<String>,
) -> AppResult<Response> {
    let invite = db::invites::find_usable(&state.db, &code)
        .await?
        .ok_or(AppError::InviteInvalid)?;
    let group = db::groups::find(&state.db, invite.group_id)
        .await?
        .ok_or(AppError::InviteInvalid)?;
    let access = GroupAccess::load_for_joining(&state, &auth.user, &group.row.slug).await?;
    let status = groups::join(&state, &access, &auth.user, Some(&code)).await?;
    let done = if status == Status::Pending {
        "requested"
    } else {
        "joined"
    };
    Ok(Redirect::to(&format!("{}?done={done}", routes::group(&group.row.slug))).into_response())
}

/// A steward vouches for a member's password reset: the half-code, shown once, to hand over.
pub async fn vouch(
    State(state): State<AppState>,
    ctx: Ctx,
    CurrentUser(auth): CurrentUser,
    Path((slug, username)): Path<(String, String)>,
) -> AppResult<Markup> {
    let access = GroupAccess::load(&state, Some(&auth.user), &slug).await?;
    let v = crate::services::privacy::vouch(&state, &access, &auth.user, &username).await?;
    Ok(crate::views::groups::vouched_page(
        &ctx.frame(),
        &access.group,
        &v,
    ))
}
