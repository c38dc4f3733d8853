//! `/api/v1/admin`: what the instance admin may do with an account, on its owner's request.
//! Every act goes in the admin's log.
use axum::extract::State;
use axum::http::StatusCode;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::ErrorBody;
use crate::app::AppState;
use crate::db;
use crate::error::AppResult;
use crate::http::context::AdminUser;
use crate::http::extract::{Json, Path};
use crate::privacy::{self, Export};

/// Export an account's data (for example to hand to someone who can no longer log in).
/// Logged; the owner sees it in their own export.
#[utoipa::path(get, path = "/api/v1/admin/accounts/{username}/export", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)),
    responses((status = 200, body = Export), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
pub async fn export_account(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
) -> AppResult<Json<Export>> {
    Ok(Json(privacy::admin_export(&state, &admin.user, &username).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RemoveAccount {
    /// As when the owner deletes it: erase their posts and messages, or keep them without a name.
    pub erase_content: bool,
    /// Why (1–500 characters), for the log.
    pub reason: String,
}

/// Remove an account. Its sessions end at once; its name leaves the database. Logged by
/// account number.
#[utoipa::path(delete, path = "/api/v1/admin/accounts/{username}", tag = "admin", security(("bearer" = [])),
    params(("username" = String, Path)), request_body = RemoveAccount,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
pub async fn remove_account(
    State(state): State<AppState>,
    AdminUser(admin): AdminUser,
    Path(username): Path<String>,
    Json(body): Json<RemoveAccount>,
) -> AppResult<StatusCode> {
    privacy::admin_remove(&state, &admin.user, &username, body.erase_content, &body.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdminLogJson {
    pub at: DateTime<Utc>,
    /// `account_exported`, `account_removed` or `account_removed_erased`.
    pub action: String,
    /// The account by number: a removed account leaves no name.
    pub account_id: i32,
    pub reason: Option<String>,
}

/// The admin's log, newest first.
#[utoipa::path(get, path = "/api/v1/admin/log", tag = "admin", security(("bearer" = [])),
    responses((status = 200, body = Vec<AdminLogJson>), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
pub async fn log(
    State(state): State<AppState>,
    AdminUser(_): AdminUser,
) -> AppResult<Json<Vec<AdminLogJson>>> {
    let rows = db::privacy::admin_log_entries(&state.db, 200).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| AdminLogJson {
                at: r.at,
                action: r.action,
                account_id: r.account_id,
                reason: r.reason,
            })
            .collect(),
    ))
}
