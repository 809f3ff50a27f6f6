//! Le classeur régional : export (boîte native, progression par événement) et imports
//! (notre classeur relu, export du tableau de bord ESMS) en deux temps : aperçu des
//! différences, puis application confirmée avec l'empreinte de l'aperçu.

use std::path::PathBuf;

use cpom_services::export::xlsx::{
    TemplateInfo, WorkbookExport, XlsxOptions, export_xlsx, template_infos,
};
use cpom_services::import::ImportPreview;
use cpom_services::import::tdb::{TdbOptions, import_tdb};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use cpom_services::{DossierView, Result, ServiceError, Session};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Runtime, State};

use crate::dialogs::CLASSEUR;
use crate::state::{AppState, no_dossier};

/// Événement de progression de l'export : `{ fait, total }` (feuilles écrites).
pub const PROGRESS_EVENT: &str = "classeur-progression";

#[derive(Clone, Serialize)]
struct Progress {
    fait: u32,
    total: u32,
}

/// Les modèles de classeur (dernière version de chacun).
#[tauri::command]
pub async fn workbook_templates() -> Result<Vec<TemplateInfo>> {
    Ok(template_infos())
}

/// « Exporter le classeur régional » : boîte native puis écriture ; `None` si annulé.
#[tauri::command]
pub async fn workbook_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    template: Option<String>,
) -> Result<Option<WorkbookExport>> {
    let name = {
        let guard = state.session();
        let session = guard.as_ref().ok_or_else(no_dossier)?;
        session
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let proposed = format!("{name} - classeur régional.xlsx");
    let Some(target) = state.dialogs.save(
        &app,
        &CLASSEUR,
        "Exporter le classeur régional",
        None,
        &proposed,
    ) else {
        return Ok(None);
    };
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(no_dossier)?;
    let r = export_xlsx(
        session,
        template.as_deref(),
        &target,
        &XlsxOptions::default(),
        &mut |fait, total| {
            let _ = app.emit(PROGRESS_EVENT, Progress { fait, total });
        },
    )?;
    Ok(Some(r))
}

fn run(
    session: &mut Session,
    source: &str,
    path: &std::path::Path,
    tdb: TdbOptions,
    dry_run: bool,
    empreinte: Option<&str>,
) -> Result<ImportPreview> {
    match source {
        "classeur" => import_workbook(
            session,
            path,
            &WorkbookImportOptions::default(),
            dry_run,
            empreinte,
        ),
        "tdb" => import_tdb(session, path, &tdb, dry_run, empreinte),
        other => Err(ServiceError::new(
            "import.source",
            format!("Source d'import inconnue : « {other} »."),
        )),
    }
}

/// Choix du fichier (boîte native) et aperçu des différences, sans rien écrire ; `None` si
/// annulé. `source` : « classeur » ou « tdb » (`annee` : année de l'export).
#[tauri::command]
pub async fn workbook_import_preview<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    source: String,
    annee: Option<i32>,
) -> Result<Option<ImportPreview>> {
    let title = if source == "tdb" {
        "Importer l'export du tableau de bord"
    } else {
        "Importer un classeur"
    };
    let Some(path) = state.dialogs.open_kind(&app, &CLASSEUR, title) else {
        return Ok(None);
    };
    let mut guard = state.session();
    let session = guard.as_mut().ok_or_else(no_dossier)?;
    let tdb = TdbOptions {
        annee,
        remplacer_plus_recentes: false,
    };
    Ok(Some(run(session, &source, &path, tdb, true, None)?))
}

/// Applique en une transaction l'import dont l'aperçu a été confirmé (même empreinte) ;
/// `remplacer_plus_recentes` : l'utilisateur a confirmé le remplacement des valeurs plus
/// récentes que l'aperçu lui a montrées.
#[tauri::command]
pub async fn workbook_import_apply(
    state: State<'_, AppState>,
    source: String,
    path: String,
    empreinte: String,
    annee: Option<i32>,
    remplacer_plus_recentes: Option<bool>,
) -> Result<DossierView> {
    let mut guard = state.session();
    let session = guard.as_mut().ok_or_else(no_dossier)?;
    let tdb = TdbOptions {
        annee,
        remplacer_plus_recentes: remplacer_plus_recentes.unwrap_or(false),
    };
    run(
        session,
        &source,
        &PathBuf::from(path),
        tdb,
        false,
        Some(&empreinte),
    )?;
    session.view()
}
