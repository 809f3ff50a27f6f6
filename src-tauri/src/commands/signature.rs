//! L'étape Signature : après la signature, le contrat ne change plus que par avenant
//! (`suivi.rs`) ; « Créer une copie de travail » en enregistre aussi une copie sans les dates
//! de signature, puis l'ouvre. Contrat : `crates/cpom-services/API.md`.

use std::path::Path;

use cpom_domain::suivi::versions::contrat_signe;
use cpom_services::{DossierView, Result, ServiceError};
use tauri::{AppHandle, Runtime, State};

use super::dossier::open_path;
use crate::dialogs::AVENANT;
use crate::state::{AppState, no_dossier};

/// Boîte « Enregistrer sous » puis copie de travail du dossier signé, ouverte à sa place.
/// `None` si l'utilisateur annule ; refusée (`avenant.non_signe`) si le dossier n'est pas signé.
#[tauri::command]
pub async fn avenant_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<DossierView>> {
    // Refus et nom proposé se lisent sous verrou ; la boîte s'affiche sans le garder.
    let (name, dir) = {
        let guard = state.session();
        let session = guard.as_ref().ok_or_else(no_dossier)?;
        if !contrat_signe(&session.dossier()?) {
            return Err(ServiceError::new(
                "avenant.non_signe",
                "Ce dossier n'est pas encore signé : continuez à le modifier directement.",
            ));
        }
        let path = session.path();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        (name, path.parent().map(Path::to_path_buf))
    };
    let proposed = format!("{name} (avenant).cpom");
    let title = "Créer une copie de travail pour un avenant";
    let Some(target) = state
        .dialogs
        .save(&app, &AVENANT, title, dir.as_deref(), &proposed)
    else {
        return Ok(None);
    };
    {
        let guard = state.session();
        guard
            .as_ref()
            .ok_or_else(no_dossier)?
            .save_avenant_copy(&target)?;
    }
    open_path(&state, &target).map(Some)
}
