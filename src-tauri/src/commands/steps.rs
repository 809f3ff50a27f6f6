//! Les étapes Lancement et Diagnostic : enregistrements génériques, validation des étapes,
//! acquittement des avertissements, catalogues. Contrat : `crates/cpom-services/API.md`.

use cpom_domain::dossier::etapes::StepId;
use cpom_services::catalogues::Catalogues;
use cpom_services::view::Created;
use cpom_services::{DossierView, RecordKind, Result};
use serde_json::{Map, Value};
use tauri::State;

use super::with_session;
use crate::state::AppState;

/// Ajoute un enregistrement (ou complète celui de même clé) ; `parent` : l'ESMS concerné.
#[tauri::command]
pub async fn record_add(
    state: State<'_, AppState>,
    kind: RecordKind,
    parent: Option<String>,
    init: Option<Map<String, Value>>,
) -> Result<Created> {
    let (id, view) = with_session(&state, |s| {
        s.add_record(kind, parent.as_deref(), init.as_ref())
    })?;
    Ok(Created { id, view })
}

#[tauri::command]
pub async fn record_delete(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: String,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.delete_record(kind, &id))?.1)
}

/// `to_index` : l'interface envoie `toIndex`.
#[tauri::command]
pub async fn record_move(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: String,
    to_index: usize,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.move_record(kind, &id, to_index))?.1)
}

#[tauri::command]
pub async fn step_validate(
    state: State<'_, AppState>,
    step: StepId,
    comment: Option<String>,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.validate_step(step, comment.as_deref()))?.1)
}

#[tauri::command]
pub async fn step_reopen(state: State<'_, AppState>, step: StepId) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.reopen_step(step))?.1)
}

#[tauri::command]
pub async fn issue_acknowledge(
    state: State<'_, AppState>,
    rule: String,
    path: String,
    comment: String,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.acknowledge(&rule, &path, &comment))?.1)
}

#[tauri::command]
pub async fn issue_unacknowledge(
    state: State<'_, AppState>,
    rule: String,
    path: String,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.unacknowledge(&rule, &path))?.1)
}

/// Catalogue du diagnostic, check-lists et listes (statiques : à charger une fois).
#[tauri::command]
pub async fn catalogues() -> Result<Catalogues> {
    Ok(cpom_services::catalogues::catalogues())
}
