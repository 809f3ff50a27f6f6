//! Les étapes : validation, réouverture, acquittement des avertissements. Contrat :
//! `crates/cpom-services/API.md`.

use cpom_domain::dossier::etapes::StepId;
use cpom_services::Result;
use cpom_services::view::ViewUpdate;
use tauri::State;

use super::with_update;
use crate::state::AppState;

#[tauri::command]
pub async fn step_validate(
    state: State<'_, AppState>,
    step: StepId,
    comment: Option<String>,
) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.validate_step(step, comment.as_deref()))?.1)
}

#[tauri::command]
pub async fn step_reopen(state: State<'_, AppState>, step: StepId) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.reopen_step(step))?.1)
}

#[tauri::command]
pub async fn issue_acknowledge(
    state: State<'_, AppState>,
    rule: String,
    path: String,
    comment: String,
) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.acknowledge(&rule, &path, &comment))?.1)
}

#[tauri::command]
pub async fn issue_unacknowledge(
    state: State<'_, AppState>,
    rule: String,
    path: String,
) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.unacknowledge(&rule, &path))?.1)
}
