//! The admin's use cases on the instance settings: merge a change, check it, save it, log it.
use entity::user;

use crate::db;
use crate::domain::Invalid;
use crate::domain::instance::InstanceSettings;
use crate::error::{AppError, AppResult};
use crate::state::AppState;

/// The settings with the fields of a JSON object put over them; anything but an object with
/// known fields of the right types is refused.
pub fn merged(current: InstanceSettings, change: serde_json::Value) -> AppResult<InstanceSettings> {
    let shape = || AppError::field("body", Invalid("err-json-shape"));
    let serde_json::Value::Object(change) = change else {
        return Err(shape());
    };
    let mut all = serde_json::to_value(current).map_err(|e| AppError::Internal(e.to_string()))?;
    let fields = all.as_object_mut().ok_or_else(shape)?;
    for (k, v) in change {
        if !fields.contains_key(&k) {
            return Err(AppError::field("body", Invalid("err-json-shape")));
        }
        fields.insert(k, v);
    }
    serde_json::from_value(all).map_err(|_| shape())
}

/// Saves new settings (every field checked first) and logs which fields changed.
pub async fn save(
    state: &AppState,
    admin: &user::Model,
    new: InstanceSettings,
) -> AppResult<InstanceSettings> {
    let new = new.check().map_err(AppError::Invalid)?;
    let old = state.site.get(&state.db).await;
    let changed = old.changed_fields(&new);
    if changed.is_empty() {
        return Ok(new);
    }
    let json = serde_json::to_string(&new).map_err(|e| AppError::Internal(e.to_string()))?;
    let txn = db::write(&state.db).await?;
    db::instance::save_settings(&txn, &json).await?;
    db::privacy::admin_log(
        &txn,
        admin.id,
        "settings_changed",
        db::privacy::Subject::Instance,
        Some(changed.join(", ")),
    )
    .await?;
    txn.commit().await?;
    tracing::info!(fields = %changed.join(","), "instance settings changed");
    state.site.put(new.clone());
    Ok(new)
}
