//! Les enregistrements du dossier, tous types confondus (organisme, CPOM, ESMS, adhésions,
//! jalons, réponses, fiches…) : modifier un champ, ajouter, supprimer, déplacer. Contrat :
//! `crates/cpom-services/API.md`.

use cpom_domain::RecordKind;
use cpom_services::view::Created;
use cpom_services::view::ViewUpdate;
use cpom_services::{FieldUpdate, Result};
use serde_json::{Map, Value};
use tauri::State;

use super::with_update;
use crate::state::AppState;

/// Enregistre un champ. Une valeur refusée n'écrit rien.
#[tauri::command]
pub async fn record_update(state: State<'_, AppState>, update: FieldUpdate) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.update_field(&update))?.1)
}

/// Ajoute un enregistrement (ou complète celui de même clé) ; `parent` : l'ESMS concerné.
#[tauri::command]
pub async fn record_add(
    state: State<'_, AppState>,
    kind: RecordKind,
    parent: Option<String>,
    init: Option<Map<String, Value>>,
) -> Result<Created> {
    let (id, update) = with_update(&state, |s| {
        s.add_record(kind, parent.as_deref(), init.as_ref())
    })?;
    Ok(Created { id, update })
}

#[tauri::command]
pub async fn record_delete(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: String,
) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.delete_record(kind, &id))?.1)
}

/// `to_index` : l'interface envoie `toIndex` (Tauri convertit le camelCase).
#[tauri::command]
pub async fn record_move(
    state: State<'_, AppState>,
    kind: RecordKind,
    id: String,
    to_index: usize,
) -> Result<ViewUpdate> {
    Ok(with_update(&state, |s| s.move_record(kind, &id, to_index))?.1)
}

/// Une saisie annulée ou rétablie : le champ concerné et ce qui a changé (delta).
#[derive(serde::Serialize)]
pub struct Undone {
    pub path: String,
    pub update: ViewUpdate,
}

/// Annule la dernière saisie de la session.
#[tauri::command]
pub async fn edit_undo(state: State<'_, AppState>) -> Result<Undone> {
    let (path, update) = with_update(&state, |s| s.undo())?;
    Ok(Undone { path, update })
}

/// Rétablit la dernière saisie annulée.
#[tauri::command]
pub async fn edit_redo(state: State<'_, AppState>) -> Result<Undone> {
    let (path, update) = with_update(&state, |s| s.redo())?;
    Ok(Undone { path, update })
}

/// Cherche dans le dossier ouvert (ESMS, fiches, actions, indicateurs, questions).
#[tauri::command]
pub async fn dossier_search(
    state: State<'_, AppState>,
    query: String,
) -> Result<Vec<cpom_services::search::SearchHit>> {
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(super::no_dossier)?;
    session.search(&query)
}
