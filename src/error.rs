//! One error type for every handler. A handler returns `AppError`; the response layer
//! (`http::context`) turns it into a page or a JSON error in the reader's language.
use axum::extract::rejection::{BytesRejection, FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::domain::Invalid;

/// What went wrong, for the reader: a stable code for clients and a catalogue key for people.
#[derive(Debug, Clone)]
pub struct ErrorReport {
    pub status: StatusCode,
    pub code: &'static str,
    pub key: &'static str,
    /// Field name and catalogue key, for validation errors.
    pub fields: Vec<(&'static str, &'static str)>,
    pub retry_after: Option<u64>,
    /// Words the admin wrote that the reader must see (why their account was suspended).
    pub detail: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("malformed request: {0}")]
    BadRequest(&'static str),
    #[error("not logged in")]
    Unauthorized,
    #[error("invalid credentials")]
    InvalidCredentials,
    #[error("forbidden")]
    Forbidden,
    #[error("csrf check failed")]
    Csrf,
    #[error("not found")]
    NotFound,
    #[error("conflict on {field}")]
    Conflict {
        code: &'static str,
        field: &'static str,
        key: &'static str,
    },
    #[error("payload too large")]
    TooLarge,
    #[error("unsupported media type")]
    UnsupportedMediaType,
    #[error("invalid fields")]
    Invalid(Vec<(&'static str, Invalid)>),
    #[error("invite invalid")]
    InviteInvalid,
    #[error("invite required")]
    InviteRequired,
    #[error("thread locked")]
    ThreadLocked,
    #[error("last steward")]
    LastSteward,
    #[error("rate limited for {0}s")]
    RateLimited(u64),
    #[error("temporarily unavailable")]
    Unavailable,
    /// The server's disk (or PostgreSQL's) is full: nothing was stored; reads go on.
    #[error("storage full")]
    StorageFull,
    #[error("muted")]
    Muted,
    /// Suspended or removed by the members' decision: no joining or asking again until it ends
    /// (a suspension) or the members admit them (a removal).
    #[error("sanctioned")]
    Sanctioned,
    #[error("registration closed")]
    RegistrationClosed,
    #[error("application waiting for approval")]
    AccountPending,
    #[error("account suspended")]
    Suspended(String),
    /// A new account's daily limit (catalogue key), free again after so many seconds.
    #[error("new account limit")]
    NewAccountLimit(&'static str, u64),
    /// A limit every member has (a group's proposals per day): 429 with its code and message,
    /// free again after so many seconds.
    #[error("limit {code}")]
    Limited {
        code: &'static str,
        key: &'static str,
        retry_after: u64,
    },
    #[error("internal: {0}")]
    Internal(String),
}

impl AppError {
    /// One invalid field.
    pub fn field(field: &'static str, why: Invalid) -> Self {
        Self::Invalid(vec![(field, why)])
    }

    pub fn report(&self) -> ErrorReport {
        let r = |status, code, key| ErrorReport {
            status,
            code,
            key,
            fields: Vec::new(),
            retry_after: None,
            detail: None,
        };
        match self {
            Self::BadRequest(_) => r(StatusCode::BAD_REQUEST, "bad_request", "err-bad-request"),
            Self::Unauthorized => r(StatusCode::UNAUTHORIZED, "unauthorized", "err-unauthorized"),
            Self::InvalidCredentials => r(
                StatusCode::UNAUTHORIZED,
                "invalid_credentials",
                "err-invalid-credentials",
            ),
            Self::Forbidden => r(StatusCode::FORBIDDEN, "forbidden", "err-forbidden"),
            Self::Csrf => r(StatusCode::FORBIDDEN, "csrf_failed", "err-csrf"),
            Self::NotFound => r(StatusCode::NOT_FOUND, "not_found", "err-not-found"),
            Self::Conflict { code, field, key } => ErrorReport {
                fields: vec![(*field, *key)],
                ..r(StatusCode::CONFLICT, code, key)
            },
            Self::TooLarge => r(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                "err-too-large",
            ),
            Self::UnsupportedMediaType => r(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                "err-media-type",
            ),
            Self::Invalid(fields) => ErrorReport {
                fields: fields.iter().map(|(f, Invalid(k))| (*f, *k)).collect(),
                ..r(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "invalid_fields",
                    "err-invalid-fields",
                )
            },
            Self::RateLimited(secs) => ErrorReport {
                retry_after: Some(*secs),
                ..r(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "err-rate-limited")
            },
            Self::InviteInvalid => r(StatusCode::NOT_FOUND, "invite_invalid", "err-invite-invalid"),
            Self::InviteRequired => r(StatusCode::FORBIDDEN, "invite_required", "err-invite-required"),
            Self::ThreadLocked => r(StatusCode::FORBIDDEN, "thread_locked", "err-thread-locked"),
            Self::LastSteward => r(StatusCode::CONFLICT, "last_steward", "err-last-steward"),
            Self::Unavailable => r(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "err-unavailable"),
            Self::StorageFull => r(StatusCode::SERVICE_UNAVAILABLE, "unavailable", "err-storage-full"),
            Self::Muted => r(StatusCode::FORBIDDEN, "muted", "err-chat-muted"),
            Self::Sanctioned => r(StatusCode::FORBIDDEN, "sanctioned", "err-sanctioned"),
            Self::RegistrationClosed => r(
                StatusCode::FORBIDDEN,
                "registration_closed",
                "err-registration-closed",
            ),
            Self::AccountPending => r(StatusCode::FORBIDDEN, "account_pending", "err-account-pending"),
            Self::Suspended(reason) => ErrorReport {
                detail: Some(reason.clone()),
                ..r(
                    StatusCode::FORBIDDEN,
                    "account_suspended",
                    "err-account-suspended",
                )
            },
            Self::NewAccountLimit(key, secs) => ErrorReport {
                retry_after: Some(*secs),
                ..r(StatusCode::TOO_MANY_REQUESTS, "new_account_limit", key)
            },
            Self::Limited {
                code,
                key,
                retry_after,
            } => ErrorReport {
                retry_after: Some(*retry_after),
                ..r(StatusCode::TOO_MANY_REQUESTS, code, key)
            },
            Self::Internal(_) => r(StatusCode::INTERNAL_SERVER_ERROR, "internal", "err-internal"),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let Self::Internal(detail) = &self {
            // Logged for the operator, never shown to the reader.
            tracing::error!(error = %detail, "internal error");
        }
        let report = self.report();
        let mut res = report.status.into_response();
        res.extensions_mut().insert(report);
        res
    }
}

/// SQLite's result code for a full disk, and PostgreSQL's SQLSTATE `disk_full`.
const SQLITE_FULL: &str = "13";
const POSTGRES_DISK_FULL: &str = "53100";

/// The code the database gave with its refusal: PostgreSQL's SQLSTATE, SQLite's result code.
fn database_code(e: &sea_orm::DbErr) -> Option<String> {
    use sea_orm::{DbErr, RuntimeErr};
    match e {
        DbErr::Conn(RuntimeErr::SqlxError(s))
        | DbErr::Exec(RuntimeErr::SqlxError(s))
        | DbErr::Query(RuntimeErr::SqlxError(s)) => s
            .as_database_error()
            .and_then(|d| d.code())
            .map(|c| c.into_owned()),
        _ => None,
    }
}

impl From<sea_orm::DbErr> for AppError {
    fn from(e: sea_orm::DbErr) -> Self {
        // Overload, not a fault: every connection busy for the whole acquire timeout, or SQLite's
        // write lock not free within the busy timeout. The person may try again.
        use sea_orm::{DbErr, error::ConnAcquireErr};
        let overloaded = matches!(e, DbErr::ConnectionAcquire(ConnAcquireErr::Timeout))
            || e.to_string().contains("database is locked");
        if overloaded {
            tracing::warn!(error = %e, "database overloaded");
            return Self::Unavailable;
        }
        // The disk is full (SQLite's SQLITE_FULL, PostgreSQL's disk_full): the write was taken
        // back whole; say so plainly, keep serving reads, and tell the operator in the log.
        if matches!(
            database_code(&e).as_deref(),
            Some(SQLITE_FULL | POSTGRES_DISK_FULL)
        ) {
            tracing::error!(error = %e, "storage full: writes refused until there is room");
            return Self::StorageFull;
        }
        // A write whose author's account was removed while it was on its way: rows are never
        // deleted under a write otherwise (threads, rooms and groups stay), so the reference
        // that broke is the writer's own. Their session is gone with the account.
        if matches!(
            e.sql_err(),
            Some(sea_orm::SqlErr::ForeignKeyConstraintViolation(_))
        ) {
            tracing::info!(error = %e, "write refused: a row it refers to is gone");
            return Self::Unauthorized;
        }
        Self::Internal(format!("database: {e}"))
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        match r {
            JsonRejection::JsonDataError(_) => Self::Invalid(vec![("body", Invalid("err-json-shape"))]),
            JsonRejection::JsonSyntaxError(_) => Self::BadRequest("json syntax"),
            JsonRejection::MissingJsonContentType(_) => Self::UnsupportedMediaType,
            JsonRejection::BytesRejection(b) => b.into(),
            _ => Self::BadRequest("json"),
        }
    }
}

impl From<BytesRejection> for AppError {
    fn from(r: BytesRejection) -> Self {
        if r.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Self::TooLarge
        } else {
            Self::BadRequest("body")
        }
    }
}

impl From<FormRejection> for AppError {
    fn from(r: FormRejection) -> Self {
        match r {
            FormRejection::InvalidFormContentType(_) => Self::UnsupportedMediaType,
            FormRejection::BytesRejection(b) => b.into(),
            _ => Self::BadRequest("form"),
        }
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        Self::NotFound
    }
}

impl From<QueryRejection> for AppError {
    fn from(_: QueryRejection) -> Self {
        Self::BadRequest("query")
    }
}

pub type AppResult<T> = Result<T, AppError>;
