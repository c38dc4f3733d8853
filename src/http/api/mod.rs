//! The JSON API under `/api/v1` (the contract in `shared/api.md`) and its OpenAPI document.
pub mod admin;
pub mod auth;
pub mod chat;
pub mod decisions;
pub mod forum;
pub mod goals;
pub mod groups;
pub mod instance;
pub mod me;
pub mod meetings;
pub mod moderation;
pub mod requests;
pub mod search;
pub mod statements;

use std::collections::BTreeMap;

use axum::Router;
use chrono::{DateTime, Utc};
use entity::user;
use serde::Serialize;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Kwartier API", version = "1", description = "Forums and live chat for peer groups and self-managed shelters."),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody))
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The API routes and the OpenAPI document describing them, from the same declarations.
pub fn router() -> (Router<AppState>, utoipa::openapi::OpenApi) {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(auth::register))
        .routes(routes!(auth::login))
        .routes(routes!(auth::logout))
        .routes(routes!(auth::recover))
        .routes(routes!(me::me, me::update_me, me::delete_me))
        .routes(routes!(me::profile))
        .routes(routes!(requests::create, requests::list))
        .routes(routes!(requests::show))
        .routes(routes!(requests::offer))
        .routes(routes!(requests::accept))
        .routes(routes!(requests::decline))
        .routes(routes!(requests::close))
        .routes(routes!(requests::block, requests::unblock))
        .routes(routes!(requests::blocks))
        .routes(routes!(requests::network, requests::add_to_network))
        .routes(routes!(requests::remove_from_network))
        .routes(routes!(requests::conversations))
        .routes(routes!(requests::end_conversation))
        .routes(routes!(statements::show))
        .routes(routes!(statements::of_group))
        .routes(routes!(requests::notices, requests::set_notices))
        .routes(routes!(goals::create, goals::mine))
        .routes(routes!(goals::show, goals::change, goals::delete))
        .routes(routes!(goals::add_step))
        .routes(routes!(goals::change_step))
        .routes(routes!(goals::cheer))
        .routes(routes!(goals::of_group))
        .routes(routes!(meetings::create, meetings::list))
        .routes(routes!(meetings::show))
        .routes(routes!(meetings::open))
        .routes(routes!(meetings::close))
        .routes(routes!(meetings::attend))
        .routes(routes!(meetings::vote))
        .routes(routes!(meetings::open_item))
        .routes(routes!(meetings::close_item))
        .routes(routes!(meetings::minutes))
        .routes(routes!(me::export))
        .routes(routes!(me::renew_codes))
        .routes(routes!(me::logins))
        .routes(routes!(admin::export_account))
        .routes(routes!(admin::remove_account))
        .routes(routes!(admin::log))
        .routes(routes!(admin::get_settings, admin::put_settings))
        .routes(routes!(admin::list_accounts))
        .routes(routes!(admin::list_applications))
        .routes(routes!(admin::approve, admin::reject))
        .routes(routes!(admin::suspend, admin::unsuspend))
        .routes(routes!(admin::list_groups))
        .routes(routes!(admin::close_group, admin::reopen_group))
        .routes(routes!(admin::create_invite, admin::list_invites))
        .routes(routes!(admin::revoke_invite))
        .routes(routes!(instance::get_instance))
        .routes(routes!(me::change_password))
        .routes(routes!(me::list_sessions))
        .routes(routes!(me::end_session))
        .routes(routes!(me::list_mutes))
        .routes(routes!(me::pending_reset, me::cancel_pending_reset))
        .routes(routes!(me::add_mute, me::remove_mute))
        .routes(routes!(groups::create_group, groups::list_groups))
        .routes(routes!(groups::get_group))
        .routes(routes!(groups::join_group))
        .routes(routes!(groups::leave_group))
        .routes(routes!(groups::list_members))
        .routes(routes!(groups::change_member))
        .routes(routes!(groups::vouch))
        .routes(routes!(groups::create_invite, groups::list_invites))
        .routes(routes!(groups::revoke_invite))
        .routes(routes!(groups::get_settings, groups::put_settings))
        .routes(routes!(forum::list_threads, forum::create_thread))
        .routes(routes!(forum::get_thread, forum::patch_thread))
        .routes(routes!(forum::create_post))
        .routes(routes!(forum::edit_post, forum::delete_post))
        .routes(routes!(forum::list_revisions))
        .routes(routes!(forum::watch_thread))
        .routes(routes!(forum::list_notifications))
        .routes(routes!(forum::read_notifications))
        .routes(routes!(search::search))
        .routes(routes!(chat::list_rooms, chat::create_room))
        .routes(routes!(chat::history, chat::send_message))
        .routes(routes!(chat::edit_message, chat::delete_message))
        .routes(routes!(chat::websocket))
        .routes(routes!(moderation::flag_post))
        .routes(routes!(decisions::list_rules))
        .routes(routes!(decisions::rule_versions))
        .routes(routes!(decisions::accept_rules))
        .routes(routes!(decisions::create_proposal, decisions::list_proposals))
        .routes(routes!(decisions::get_proposal))
        .routes(routes!(decisions::vote))
        .routes(routes!(decisions::group_log))
        .routes(routes!(moderation::flag_message))
        .routes(routes!(moderation::list_cases))
        .routes(routes!(moderation::get_case))
        .routes(routes!(moderation::vote_case))
        .routes(routes!(moderation::appeal_case))
        .routes(routes!(moderation::respond_case))
        .routes(routes!(moderation::urgent_post))
        .routes(routes!(moderation::urgent_message))
        .split_for_parts()
}

/// `user` in the contract.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserJson {
    pub id: i32,
    pub username: String,
    pub display_name: String,
    pub locale: String,
    pub created_at: DateTime<Utc>,
    /// Whether others in a chat room see when you are typing.
    pub typing_signal: bool,
    /// Whether two stewards of the group you chose may together vouch for a new password.
    pub vouch_reset: bool,
    /// The id of that group.
    pub vouch_group_id: Option<i32>,
    /// The short text on your profile (empty: none).
    pub bio: String,
    /// The time zone your times are shown in (Europe/Amsterdam until you choose).
    pub time_zone: String,
    /// Whether you chose it (or your browser reported it); if not, the default applies.
    pub time_zone_set: bool,
    /// The kinds of notification you turned off.
    pub notifications_off: Vec<String>,
}

impl From<&user::Model> for UserJson {
    fn from(u: &user::Model) -> Self {
        Self {
            id: u.id,
            username: u.username.clone(),
            display_name: u.display_name.clone(),
            locale: u.locale.clone(),
            created_at: u.created_at,
            typing_signal: u.typing_signal,
            vouch_reset: u.vouch_reset,
            vouch_group_id: u.vouch_group_id.filter(|_| u.vouch_reset),
            bio: u.bio.clone(),
            time_zone: crate::domain::account::TimeZone::of(u.time_zone.as_deref())
                .name()
                .to_owned(),
            time_zone_set: u.time_zone.is_some(),
            notifications_off: u
                .notifications_off
                .split_whitespace()
                .map(str::to_owned)
                .collect(),
        }
    }
}

/// Every error answer: `{"error": {"code", "message", "fields"?}}`.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorDetail {
    /// Stable snake_case code, such as `invalid_credentials`.
    pub code: String,
    /// Human text in the caller's language.
    pub message: String,
    /// Field name to the reason it was refused (validation errors only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fields: Option<BTreeMap<String, String>>,
}
