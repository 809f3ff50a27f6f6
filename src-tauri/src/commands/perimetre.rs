//! Le périmètre du CPOM : saisie des champs, ESMS et adhésions.

use cpom_domain::dossier::perimetre::AdhesionKind;
use cpom_services::view::Created;
use cpom_services::{DossierView, FieldUpdate, Result, TargetKind};
use tauri::State;

use super::with_session;
use crate::state::AppState;

/// Enregistre un champ (organisme, CPOM, ESMS ou adhésion). Une valeur refusée n'écrit rien.
#[tauri::command]
pub async fn field_update(state: State<'_, AppState>, update: FieldUpdate) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.update_field(&update))?.1)
}

#[tauri::command]
pub async fn esms_add(state: State<'_, AppState>) -> Result<Created> {
    let (id, view) = with_session(&state, |s| s.add_esms())?;
    Ok(Created { id, view })
}

#[tauri::command]
pub async fn esms_delete(state: State<'_, AppState>, id: String) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.delete(TargetKind::Esms, &id))?.1)
}

/// `to_index` : l'interface envoie `toIndex` (Tauri convertit le camelCase).
#[tauri::command]
pub async fn esms_move(
    state: State<'_, AppState>,
    id: String,
    to_index: usize,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.move_esms(&id, to_index))?.1)
}

#[tauri::command]
pub async fn adhesion_add(state: State<'_, AppState>, kind: AdhesionKind) -> Result<Created> {
    let (id, view) = with_session(&state, |s| s.add_adhesion(kind))?;
    Ok(Created { id, view })
}

#[tauri::command]
pub async fn adhesion_delete(state: State<'_, AppState>, id: String) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.delete(TargetKind::Adhesion, &id))?.1)
}
