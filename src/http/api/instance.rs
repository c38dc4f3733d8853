//! `/api/v1/instance`: what anyone may know about the site before joining it.
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::instance::{CrisisContact, RegistrationMode};
use crate::http::extract::Json;
use crate::state::AppState;

#[derive(Debug, Serialize, ToSchema)]
pub struct InstanceJson {
    pub name: String,
    pub description: String,
    /// The instance's rules, in Markdown.
    pub rules: String,
    pub crisis_contacts: Vec<CrisisContact>,
    pub default_locale: String,
    /// How new people get in.
    pub registration: RegistrationMode,
    /// The question an applicant answers, when `registration` is `approval`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub approval_question: Option<String>,
}

/// The site: its name, description and rules, whom to call in a crisis, and how to join.
#[utoipa::path(get, path = "/api/v1/instance", tag = "instance",
    responses((status = 200, body = InstanceJson)))]
pub async fn get_instance(State(state): State<AppState>) -> Json<InstanceJson> {
    let s = state.site.get(&state.db).await;
    Json(InstanceJson {
        name: s.name.clone(),
        description: s.description.clone(),
        rules: s.rules.clone(),
        crisis_contacts: s.crisis_contacts.clone(),
        default_locale: s.default_locale.clone(),
        registration: s.registration,
        approval_question: (s.registration == RegistrationMode::Approval)
            .then(|| s.approval_question.clone()),
    })
}
