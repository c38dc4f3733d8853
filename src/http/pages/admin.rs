//! The instance admin's page: export or remove an account on request, and the admin's log.
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;

use crate::app::AppState;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::http::context::{AdminUser, Ctx};
use crate::http::extract::{Form, Query};
use crate::routes;
use crate::views::admin::{AdminView, admin_page};

#[derive(Deserialize)]
pub struct Done {
    done: Option<String>,
}

async fn render(
    state: &AppState,
    ctx: &Ctx,
    status: StatusCode,
    form: Option<&RemoveForm>,
    errors: Vec<(&'static str, &'static str)>,
    notice: Option<String>,
) -> AppResult<Response> {
    let log = db::privacy::admin_log_entries(&state.db, 200).await?;
    let view = AdminView {
        log: &log,
        username: form.map_or("", |f| f.remove_username.as_str()),
        reason: form.map_or("", |f| f.reason.as_str()),
        errors,
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
pub struct ExportQuery {
    #[serde(default)]
    username: String,
}

/// The account's data as a file, for its owner; logged.
pub async fn export(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Query(q): Query<ExportQuery>,
) -> AppResult<Response> {
    let export = crate::privacy::admin_export(&state, &admin.user, &q.username).await?;
    super::account::export_file(&export)
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
    match crate::privacy::admin_remove(&state, &admin.user, &form.remove_username, erase, &form.reason).await
    {
        Ok(()) => Ok(Redirect::to(&format!("{}?done=removed", routes::ADMIN)).into_response()),
        Err(AppError::NotFound) => {
            let errors = vec![("username", "err-account-unknown")];
            render(
                &state,
                &ctx,
                StatusCode::UNPROCESSABLE_ENTITY,
                Some(&form),
                errors,
                None,
            )
            .await
        }
        Err(e @ AppError::Invalid(_)) => {
            let report = e.report();
            render(&state, &ctx, report.status, Some(&form), report.fields, None).await
        }
        Err(e) => Err(e),
    }
}
