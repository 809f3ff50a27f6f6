//! Kits de contribution : préparer un kit, intégrer une contribution, annuler une
//! intégration, suivi et vues consolidées. Contrat : `crates/cpom-services/API.md` §5.

use std::collections::HashMap;
use std::path::Path;

use cpom_domain::contribution::merge::Decision;
use cpom_services::contribution::{Consolidation, KitIssued, KitRequest};
use cpom_services::view::{Integrated, KitReview};
use cpom_services::{DossierView, Result};
use tauri::{AppHandle, Runtime, State};

use super::with_session;
use crate::dialogs::KIT;
use crate::state::{AppState, no_dossier};

/// « Préparer un kit de contribution » : choisit où l'écrire puis l'écrit. `None` si annulé.
#[tauri::command]
pub async fn kit_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    request: KitRequest,
) -> Result<Option<(KitIssued, DossierView)>> {
    let dir = {
        let guard = state.session();
        let s = guard.as_ref().ok_or_else(no_dossier)?;
        s.path().parent().map(Path::to_path_buf)
    };
    let name = format!("Kit de contribution — {}.cpom", request.destinataire.trim());
    let title = "Enregistrer le kit de contribution";
    let Some(target) = state.dialogs.save(&app, &KIT, title, dir.as_deref(), &name) else {
        return Ok(None);
    };
    with_session(&state, |s| s.export_kit(&request, &target)).map(Some)
}

/// « Intégrer une contribution » : choisit le kit rendu, le contrôle et renvoie ce qu'il
/// apporte (rien n'est intégré ; le kit est noté « retourné »). `None` si annulé.
#[tauri::command]
pub async fn kit_receive<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<KitReview>> {
    let dir = {
        let guard = state.session();
        let s = guard.as_ref().ok_or_else(no_dossier)?;
        s.path().parent().map(Path::to_path_buf)
    };
    let Some(path) = state
        .dialogs
        .open(&app, "Intégrer une contribution", dir.as_deref())
    else {
        return Ok(None);
    };
    let (plan, view) = with_session(&state, |s| s.receive_kit(&path))?;
    Ok(Some(KitReview {
        path: path.display().to_string(),
        plan,
        view,
    }))
}

/// Applique les décisions (clé d'élément → décision) en une transaction.
#[tauri::command]
pub async fn kit_integrate(
    state: State<'_, AppState>,
    path: String,
    decisions: HashMap<String, Decision>,
) -> Result<Integrated> {
    let (integration, view) =
        with_session(&state, |s| s.integrate_kit(Path::new(&path), &decisions))?;
    Ok(Integrated { integration, view })
}

/// Annule une intégration en bloc.
#[tauri::command]
pub async fn merge_undo(state: State<'_, AppState>, merge_id: String) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.undo_merge(&merge_id))?.1)
}

/// Suivi des contributions, totaux par autorité, journal des intégrations.
#[tauri::command]
pub async fn contributions(state: State<'_, AppState>) -> Result<Consolidation> {
    let guard = state.session();
    guard.as_ref().ok_or_else(no_dossier)?.consolidation()
}
