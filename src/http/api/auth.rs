//! `/api/v1/auth`: register, log in, log out.
use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::{ErrorBody, UserJson};
use axum::response::{IntoResponse, Response};

use crate::domain::account::Locale;
use crate::error::{AppError, AppResult};
use crate::http::context::{Ctx, CurrentUser};
use crate::http::extract::Json;
use crate::services::accounts::{self, LoggedIn, Registered, Registration};
use crate::state::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterRequest {
    /// 3–32 characters of `a-z 0-9 _ -`; lowercased.
    pub username: String,
    /// 8–1024 characters, not a common password.
    pub password: String,
    pub display_name: Option<String>,
    /// `nl` or `en`; defaults to the request's language.
    pub locale: Option<String>,
    /// An invite code: needed when the instance takes new people by invitation only; skips the
    /// wait when it takes them by approval. A group's invite code also makes you a member.
    pub invite: Option<String>,
    /// When the instance takes new people by approval: the answer to its question (see
    /// `GET /api/v1/instance`), at most 1,000 characters.
    pub answer: Option<String>,
}

/// An application that waits for an admin: log in once it is approved.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingResponse {
    /// Always `pending`.
    pub status: String,
    pub user: UserJson,
    /// One-time codes to set a new password with if it is forgotten. Shown this once.
    pub recovery_codes: Vec<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct LoginRequest {
    pub username: String,
    pub password: String,
    /// On a shared computer: the session ends after `--shared-idle-minutes` (30) unused.
    #[serde(default)]
    pub shared: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuthResponse {
    pub user: UserJson,
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    /// At registration only: one-time codes to set a new password with if it is forgotten.
    /// Shown this once; keep them somewhere safe.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub recovery_codes: Vec<String>,
    /// At registration with a group's invite code: the group you are now in (or asked to join).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub joined_group: Option<String>,
}

impl From<LoggedIn> for AuthResponse {
    fn from(done: LoggedIn) -> Self {
        Self {
            user: UserJson::from(&done.user),
            token: done.token,
            recovery_codes: done.recovery_codes,
            joined_group: None,
        }
    }
}

/// Create an account and a session, as the instance's registration mode allows
/// (`GET /api/v1/instance` tells which).
#[utoipa::path(post, path = "/api/v1/auth/register", tag = "accounts", request_body = RegisterRequest,
    responses(
        (status = 201, body = AuthResponse),
        (status = 202, description = "an application waiting for an admin", body = PendingResponse),
        (status = 403, description = "`registration_closed`", body = ErrorBody),
        (status = 409, description = "username taken", body = ErrorBody),
        (status = 422, description = "invalid field (also a missing or unusable `invite`, a missing `answer`)", body = ErrorBody),
        (status = 429, description = "too many registrations from this address", body = ErrorBody),
    ))]
pub async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(req): Json<RegisterRequest>,
) -> AppResult<Response> {
    let locale = match req.locale.as_deref() {
        Some(l) => Locale::parse(l).map_err(|e| AppError::field("locale", e))?,
        None => ctx.tr.locale(),
    };
    let input = Registration {
        username: &req.username,
        display_name: req.display_name.as_deref(),
        password: &req.password,
        locale,
        invite: req.invite.as_deref(),
        answer: req.answer.as_deref(),
    };
    Ok(match accounts::register(&state, &ctx.client_ip, input).await? {
        Registered::In(done, joined_group) => {
            let body = AuthResponse {
                joined_group,
                ..done.into()
            };
            (StatusCode::CREATED, Json(body)).into_response()
        }
        Registered::Pending(user, recovery_codes) => {
            let body = PendingResponse {
                status: "pending".into(),
                user: UserJson::from(&user),
                recovery_codes,
            };
            (StatusCode::ACCEPTED, Json(body)).into_response()
        }
    })
}

/// Log in: a new session and its token.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "accounts", request_body = LoginRequest,
    responses(
        (status = 200, body = AuthResponse),
        (status = 401, description = "`invalid_credentials`, the same for an unknown user and a wrong password", body = ErrorBody),
        (status = 403, description = "right password, but `account_pending` (waiting for approval) or `account_suspended` (with the admin's `reason`)", body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(req): Json<LoginRequest>,
) -> AppResult<Json<AuthResponse>> {
    let done = accounts::login(&state, &ctx.client_ip, &req.username, &req.password, req.shared).await?;
    Ok(Json(done.into()))
}

/// End the current session at once.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "accounts", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ErrorBody)))]
pub async fn logout(State(state): State<AppState>, CurrentUser(auth): CurrentUser) -> AppResult<StatusCode> {
    accounts::end_session(&state, auth.user.id, auth.session.id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct RecoverRequest {
    pub username: String,
    /// One of the recovery codes given at registration (or renewed since); case, spaces and
    /// dashes do not matter. Used up by this call.
    #[serde(default)]
    pub code: String,
    /// Instead of `code`: the half-codes two stewards of one of your groups gave you (only if
    /// you allowed stewards to vouch for you).
    #[serde(default)]
    pub vouch_codes: Vec<String>,
    /// 8–1024 characters, not a common password.
    pub new_password: String,
}

/// A vouched reset that waits: the new password works from `takes_effect_at`, unless the
/// owner says "this was not me" before then.
#[derive(Debug, Serialize, ToSchema)]
pub struct ResetWaiting {
    /// Always `waiting`.
    pub status: &'static str,
    pub takes_effect_at: chrono::DateTime<chrono::Utc>,
}

/// Forgot your password: set a new one with a recovery code (every session ends; the answer
/// is a fresh one), or with two stewards' half-codes: then it waits (202), and every open
/// session of the account shows "this was not me" until it takes effect.
#[utoipa::path(post, path = "/api/v1/auth/recover", tag = "accounts", request_body = RecoverRequest,
    responses(
        (status = 200, body = AuthResponse),
        (status = 202, body = ResetWaiting),
        (status = 401, description = "`invalid_credentials`: unknown name or a code that is not (or no longer) valid", body = ErrorBody),
        (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody),
    ))]
pub async fn recover(
    State(state): State<AppState>,
    ctx: Ctx,
    Json(req): Json<RecoverRequest>,
) -> AppResult<Response> {
    let proof = match req.vouch_codes.as_slice() {
        [] => accounts::Proof::Code(&req.code),
        [a, b] => accounts::Proof::Vouched(a, b),
        _ => {
            return Err(AppError::field(
                "vouch_codes",
                crate::domain::Invalid("err-vouch-two"),
            ));
        }
    };
    match accounts::recover(&state, &ctx.client_ip, &req.username, proof, &req.new_password).await? {
        accounts::Recovered::In(done) => Ok(Json(AuthResponse::from(*done)).into_response()),
        accounts::Recovered::Waiting(takes_effect_at) => Ok((
            StatusCode::ACCEPTED,
            Json(ResetWaiting {
                status: "waiting",
                takes_effect_at,
            }),
        )
            .into_response()),
    }
}
