//! Le suivi du contrat signé : dossier exemple en cours de suivi, projets d'avenant
//! (préparer, abandonner, détail), documents du suivi en PDF (boîte « Enregistrer sous »
//! native) et « Préparer le renouvellement ». Contrat : `crates/cpom-services/API.md` § 8.

use cpom_domain::contract::avenant::VueAvenant;
use cpom_domain::dossier::suivi::TypeAvenant;
use cpom_services::export::pdf::PdfOptions;
use cpom_services::suivi::{DocumentExport, SuiviDocument, create_example_suivi_today};
use cpom_services::{DossierView, Result};
use tauri::{AppHandle, Runtime, State};

use super::dossier::{install, remove_with_sidecars};
use super::with_session;
use crate::dialogs::{DOSSIER, PDF};
use crate::state::{AppState, no_dossier};

/// Le dossier exemple signé et dans sa 3e année (aujourd'hui), à la place du dossier ouvert.
#[tauri::command]
pub async fn dossier_open_example_suivi(state: State<'_, AppState>) -> Result<DossierView> {
    state.close_session()?;
    let dir = state.data_dir.join("exemples");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("Exemple en cours de suivi.cpom");
    remove_with_sidecars(&path)?;
    let session = create_example_suivi_today(&path, &state.author)?;
    install(&state, session)
}

/// « Préparer un avenant » : un projet de ces types, posé sur le contrat signé.
#[tauri::command]
pub async fn avenant_create(
    state: State<'_, AppState>,
    types: Vec<TypeAvenant>,
    objet: String,
) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.avenant_create(&types, &objet))?.1)
}

/// « Abandonner le projet » : le contrat revient à son état d'avant le projet.
#[tauri::command]
pub async fn avenant_abandon(state: State<'_, AppState>, id: String) -> Result<DossierView> {
    Ok(with_session(&state, |s| s.avenant_abandon(&id))?.1)
}

/// Le détail d'un avenant (différences, articles modifiés, rapport du projet).
#[tauri::command]
pub async fn avenant_detail(state: State<'_, AppState>, id: String) -> Result<VueAvenant> {
    let guard = state.session();
    guard
        .as_ref()
        .ok_or_else(no_dossier)?
        .avenant_detail(&id, None)
}

/// « Exporter » un document du suivi : boîte native, puis écriture. `None` si annulé.
#[tauri::command]
pub async fn suivi_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    document: SuiviDocument,
) -> Result<Option<DocumentExport>> {
    let stem = {
        let guard = state.session();
        let session = guard.as_ref().ok_or_else(no_dossier)?;
        session
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let proposed = document.file_name(&stem);
    let Some(target) = state.dialogs.save(
        &app,
        &PDF,
        "Exporter un document du suivi (PDF)",
        None,
        &proposed,
    ) else {
        return Ok(None);
    };
    let guard = state.session();
    let s = guard.as_ref().ok_or_else(no_dossier)?;
    Ok(Some(s.export_document(
        &document,
        &target,
        &PdfOptions::default(),
    )?))
}

/// « Préparer le renouvellement » : boîte native, puis écriture du dossier du contrat
/// suivant ; le dossier signé reste ouvert et inchangé. Renvoie le chemin écrit, `None` si
/// annulé.
#[tauri::command]
pub async fn renouveler<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    let (name, dir) = {
        let guard = state.session();
        let session = guard.as_ref().ok_or_else(no_dossier)?;
        let path = session.path();
        (
            path.file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            path.parent().map(std::path::Path::to_path_buf),
        )
    };
    let proposed = format!("{name} (renouvellement).cpom");
    let Some(target) = state.dialogs.save(
        &app,
        &DOSSIER,
        "Préparer le renouvellement : dossier du contrat suivant",
        dir.as_deref(),
        &proposed,
    ) else {
        return Ok(None);
    };
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(no_dossier)?;
    session.renouveler(&target)?;
    Ok(Some(target.display().to_string()))
}
