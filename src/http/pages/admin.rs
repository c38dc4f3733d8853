//! The instance admin's page: export or remove an account on request, and the admin's log.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::db;
use crate::domain::Invalid;
use crate::error::{AppError, AppResult};
use crate::http::context::{AdminUser, Ctx};
use crate::http::extract::{Form, Path, Query};
use crate::http::pages::{Done, FormResult, Outcome};
use crate::routes;
use crate::state::AppState;
use crate::views::admin::{
    AccountsView, AdminView, GroupsView, InvitesView, SettingsForm, SettingsView, accounts_page, admin_page,
    groups_page, invites_page, settings_page,
};

async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: Option<&RemoveForm>,
    errors: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
) -> AppResult<Response> {
    render_with(state, ctx, status, (form, errors), (None, Vec::new()), notice).await
}

type Typed<'a, F> = (Option<&'a F>, Vec<(&'static str, &'static str)>);

async fn render_with(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    (form, errors): Typed<'_, RemoveForm>,
    (export, export_errors): Typed<'_, ExportForm>,
    notice: Option<String>,
) -> AppResult<Response> {
    let log = db::privacy::admin_log_entries(&state.db, 200).await?;
    let view = AdminView {
        log: &log,
        username: form.map_or("", |f| f.remove_username.as_str()),
        reason: form.map_or("", |f| f.reason.as_str()),
        errors,
        export_username: export.map_or("", |f| f.export_username.as_str()),
        export_reason: export.map_or("", |f| f.export_reason.as_str()),
        export_errors,
        notice,
    };
    Ok((status, admin_page(&ctx.frame(), &view)).into_response())
}

pub async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(_): AdminUser,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let notice = (q.done.as_deref() == Some("removed")).then(|| ctx.tr.t("admin-removed"));
    render(&state, &ctx, StatusCode::OK, None, Vec::new(), notice).await
}

#[derive(Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    export_username: String,
    #[serde(default)]
    export_reason: String,
}

/// The account's data as a file, for its owner, with a reason; logged. Only what anyone could
/// read (see [`crate::services::privacy::admin_export`]).
pub async fn export(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(admin): AdminUser,
    Form(form): Form<ExportForm>,
) -> AppResult<Response> {
    let refuse = |errors| {
        render_with(
            &state,
            &ctx,
            StatusCode::UNPROCESSABLE_ENTITY,
            (None, Vec::new()),
            (Some(&form), errors),
            None,
        )
    };
    match crate::services::privacy::admin_export(
        &state,
        &admin.user,
        &form.export_username,
        &form.export_reason,
    )
    .await
    .map_err(unknown_account)
    .refused()?
    {
        Outcome::Done(export) => super::account::export_file(&export),
        Outcome::Again(r) => refuse(r.fields).await,
    }
}

#[derive(Deserialize)]
pub struct RemoveForm {
    #[serde(default)]
    remove_username: String,
    /// `erase` or `keep`.
    #[serde(default)]
    content: String,
    #[serde(default)]
    reason: String,
}

pub async fn remove(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(admin): AdminUser,
    Form(form): Form<RemoveForm>,
) -> AppResult<Response> {
    let erase = match form.content.as_str() {
        "erase" => true,
        "keep" => false,
        _ => {
            let errors = vec![("content", "err-choose-one")];
            return render(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&form),
                errors,
                None,
            )
            .await;
        }
    };
    match crate::services::privacy::admin_remove(
        &state,
        &admin.user,
        &form.remove_username,
        erase,
        &form.reason,
    )
    .await
    .map_err(unknown_account)
    .refused()?
    {
        Outcome::Done(()) => Ok(Redirect::to(&format!("{}?done=removed", routes::ADMIN)).into_response()),
        Outcome::Again(r) => render(&state, &ctx, r.status, Some(&form), r.fields, None).await,
    }
}

/// The admin's forms name an account: one nobody has is the form's to show, not a missing page.
fn unknown_account(e: AppError) -> AppError {
    match e {
        AppError::NotFound => AppError::Invalid(vec![("username", Invalid("err-account-unknown"))]),
        e => e,
    }
}

/// The notices after the admin's forms.
const NOTICES: &[(&str, &str)] = &[
    ("saved", "admin-notice-saved"),
    ("suspended", "admin-notice-suspended"),
    ("unsuspended", "admin-notice-unsuspended"),
    ("approved", "admin-notice-approved"),
    ("rejected", "admin-notice-rejected"),
    ("closed", "admin-notice-closed"),
    ("reopened", "admin-notice-reopened"),
    ("revoked", "notice-invite-revoked"),
];

pub async fn settings_form(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(_): AdminUser,
    Query(q): Query<Done>,
) -> Response {
    let form = SettingsForm::of(&*state.site.get(&state.db).await);
    let view = SettingsView {
        form: &form,
        errors: Vec::new(),
        notice: q.notice(ctx.tr, NOTICES),
    };
    settings_page(&ctx.frame(), &view).into_response()
}

pub async fn save_settings(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(admin): AdminUser,
    Form(form): Form<SettingsForm>,
) -> AppResult<Response> {
    let (settings, mut errors) = form.parse();
    let result = if errors.is_empty() {
        crate::services::instance::save(&state, &admin.user, settings)
            .await
            .map(|_| ())
    } else {
        // Not saved; the other fields' problems are reported with the form's own.
        settings.check().map(|_| ()).map_err(AppError::Invalid)
    };
    match result {
        Ok(()) if errors.is_empty() => {
            Ok(Redirect::to(&format!("{}?done=saved", routes::ADMIN_SETTINGS)).into_response())
        }
        Ok(()) | Err(AppError::Invalid(_)) => {
            if let Err(AppError::Invalid(more)) = result {
                for (f, i) in more {
                    if !errors.iter().any(|(e, _)| *e == f) {
                        errors.push((f, i.0));
                    }
                }
            }
            let view = SettingsView {
                form: &form,
                errors,
                notice: None,
            };
            Ok((
                StatusCode::UNPROCESSABLE_ENTITY,
                settings_page(&ctx.frame(), &view),
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    #[serde(default)]
    page: u64,
    done: Option<String>,
}

async fn render_accounts(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    q: &ListQuery,
    errors: Vec<(&'static str, &'static str)>,
) -> AppResult<Response> {
    let rows = crate::services::admin::accounts(state, &q.q, q.page).await?;
    let applications = crate::services::admin::applications(state).await?;
    let view = AccountsView {
        q: &q.q,
        page: q.page,
        rows: &rows,
        applications: &applications,
        errors,
        notice: super::notice(ctx.tr, q.done.as_deref(), NOTICES),
    };
    Ok((status, accounts_page(&ctx.frame(), &view)).into_response())
}

pub async fn accounts(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(_): AdminUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    render_accounts(&state, &ctx, StatusCode::OK, &q, Vec::new()).await
}

#[derive(Deserialize)]
pub struct ReasonForm {
    #[serde(default)]
    reason: String,
}

/// `suspend`, `unsuspend`, `approve` or `reject` one account.
pub async fn account_act(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(admin): AdminUser,
    Path((username, act)): Path<(String, String)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let (result, done) = match act.as_str() {
        "suspend" => (
            crate::services::admin::suspend(&state, &admin.user, &username, &form.reason).await,
            "suspended",
        ),
        "unsuspend" => (
            crate::services::admin::unsuspend(&state, &admin.user, &username).await,
            "unsuspended",
        ),
        "approve" => (
            crate::services::admin::approve(&state, &admin.user, &username).await,
            "approved",
        ),
        "reject" => (
            crate::services::admin::reject(&state, &admin.user, &username).await,
            "rejected",
        ),
        _ => return Err(AppError::NotFound),
    };
    match result.refused()? {
        Outcome::Done(()) => {
            Ok(Redirect::to(&format!("{}?done={done}", routes::ADMIN_ACCOUNTS)).into_response())
        }
        Outcome::Again(r) => {
            let q = ListQuery {
                q: username,
                page: 0,
                done: None,
            };
            render_accounts(&state, &ctx, r.status, &q, r.fields).await
        }
    }
}

async fn render_groups(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    q: &ListQuery,
    errors: Vec<(&'static str, &'static str)>,
) -> AppResult<Response> {
    let rows = crate::services::admin::groups(state, &q.q, q.page).await?;
    let view = GroupsView {
        q: &q.q,
        page: q.page,
        rows: &rows,
        errors,
        notice: super::notice(ctx.tr, q.done.as_deref(), NOTICES),
    };
    Ok((status, groups_page(&ctx.frame(), &view)).into_response())
}

pub async fn groups(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(_): AdminUser,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    render_groups(&state, &ctx, StatusCode::OK, &q, Vec::new()).await
}

/// `close` or `reopen` one group.
pub async fn group_act(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(admin): AdminUser,
    Path((slug, act)): Path<(String, String)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let (result, done) = match act.as_str() {
        "close" => (
            crate::services::admin::close_group(&state, &admin.user, &slug, &form.reason).await,
            "closed",
        ),
        "reopen" => (
            crate::services::admin::reopen_group(&state, &admin.user, &slug).await,
            "reopened",
        ),
        _ => return Err(AppError::NotFound),
    };
    match result.refused_or_conflict()? {
        Outcome::Done(()) => {
            Ok(Redirect::to(&format!("{}?done={done}", routes::ADMIN_GROUPS)).into_response())
        }
        Outcome::Again(r) => {
            let q = ListQuery {
                q: slug,
                page: 0,
                done: None,
            };
            render_groups(&state, &ctx, r.status, &q, r.fields).await
        }
    }
}

pub async fn invites(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(_): AdminUser,
    Query(q): Query<Done>,
) -> AppResult<Response> {
    let open = crate::services::admin::open_invites(&state).await?;
    let view = InvitesView {
        open: &open,
        made: None,
        error: None,
        notice: q.notice(ctx.tr, NOTICES),
    };
    Ok(invites_page(&ctx.frame(), &view).into_response())
}

#[derive(Deserialize)]
pub struct InviteForm {
    expires_in_hours: Option<String>,
}

pub async fn create_invite(
    State(state): State<AppState>,
    ctx: Ctx,
    AdminUser(admin): AdminUser,
    Form(form): Form<InviteForm>,
) -> AppResult<Response> {
    let hours = form
        .expires_in_hours
        .as_deref()
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .map(|h| h.parse::<i64>().unwrap_or(-1));
    let made = crate::services::admin::create_invite(&state, &admin.user, hours).await;
    let (status, made, error) = match made.refused()? {
        Outcome::Done((code, until)) => (
            StatusCode::CREATED,
            Some((crate::services::admin::invite_url(&state, &code), until)),
            None,
        ),
        Outcome::Again(r) => (r.status, None, Some(r.key)),
    };
    let open = crate::services::admin::open_invites(&state).await?;
    let view = InvitesView {
        open: &open,
        made,
        error,
        notice: None,
    };
    Ok((status, invites_page(&ctx.frame(), &view)).into_response())
}

pub async fn revoke_invite(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
    Path(id): Path<i32>,
) -> AppResult<Response> {
    crate::services::admin::revoke_invite(&state, id).await?;
    Ok(Redirect::to(&format!("{}?done=revoked", routes::ADMIN_INVITES)).into_response())
}
