//! Le contrat PDF : liste des modèles, export et ouverture du fichier produit.
//!
//! La boîte « Enregistrer sous » est affichée depuis Rust (comme `dialogs.rs`) et Rust ouvre
//! lui-même le PDF avec le programme du système : la page web n'a besoin d'aucune permission
//! (ni dialogue, ni fichiers, ni shell). Pour limiter ce qu'une page compromise pourrait
//! demander, `open_path` n'ouvre qu'un fichier `.pdf` existant.

use std::path::Path;

use cpom_domain::clauses::modeles as contract;
use cpom_domain::clauses::modeles::ContractModelInfo;
use cpom_services::clauses::{self, ClauseEntry};
use cpom_services::export::pdf::{ContractExport, PdfOptions, export_pdf};
use cpom_services::{Result, ServiceError};
use tauri::{AppHandle, Runtime, State};

use crate::dialogs::{Dialogs, PDF};
use crate::state::{AppState, no_dossier};

/// Les modèles de contrat (identifiant, libellé, version).
#[tauri::command]
pub async fn contract_models() -> Result<Vec<ContractModelInfo>> {
    Ok(contract::model_infos())
}

/// « Exporter le contrat (PDF) » : boîte native, puis écriture (fichier temporaire renommé).
/// `None` si l'utilisateur annule.
#[tauri::command]
pub async fn contract_export<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    model: String,
) -> Result<Option<ContractExport>> {
    if contract::model(&model).is_none() {
        return Err(ServiceError::new(
            "contrat.modele_inconnu",
            contract::unknown_model_message(&model),
        ));
    }
    // Le nom proposé se lit sous verrou ; la boîte s'affiche sans le garder.
    let name = {
        let guard = state.session();
        let session = guard.as_ref().ok_or_else(no_dossier)?;
        session
            .path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let proposed = format!("{name} - contrat CPOM ({model}).pdf");
    let title = "Exporter le contrat (PDF)";
    let Some(target) = state.dialogs.save(&app, &PDF, title, None, &proposed) else {
        return Ok(None);
    };
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(no_dossier)?;
    Ok(Some(export_pdf(
        session,
        &model,
        &target,
        &PdfOptions::default(),
    )?))
}

/// Les clauses libres d'un modèle : texte du modèle, texte du dossier, qui et quand.
#[tauri::command]
pub async fn clauses_list(state: State<'_, AppState>, model: String) -> Result<Vec<ClauseEntry>> {
    let guard = state.session();
    clauses::entries(guard.as_ref().ok_or_else(no_dossier)?, &model)
}

/// Enregistre le texte d'une clause pour le dossier (vide : texte du modèle) ; renvoie la liste
/// à jour des clauses du modèle.
#[tauri::command]
pub async fn clause_set(
    state: State<'_, AppState>,
    model: String,
    clause: String,
    text: String,
) -> Result<Vec<ClauseEntry>> {
    let mut guard = state.session();
    let session = guard.as_mut().ok_or_else(no_dossier)?;
    clauses::set(session, &model, &clause, &text)?;
    clauses::entries(session, &model)
}

/// « Rétablir le texte du modèle » ; renvoie la liste à jour des clauses du modèle.
#[tauri::command]
pub async fn clause_reset(
    state: State<'_, AppState>,
    model: String,
    clause: String,
) -> Result<Vec<ClauseEntry>> {
    let mut guard = state.session();
    let session = guard.as_mut().ok_or_else(no_dossier)?;
    clauses::reset(session, &model, &clause)?;
    clauses::entries(session, &model)
}

/// Les fichiers que l'application produit et peut ouvrir (contrat, classeur régional).
fn produced_file(path: &str) -> Result<&Path> {
    let p = Path::new(path);
    let ours = p
        .extension()
        .is_some_and(|e| ["pdf", "xlsx"].iter().any(|x| e.eq_ignore_ascii_case(x)));
    if !ours || !p.is_file() {
        return Err(ServiceError::new(
            "ouverture.refusee",
            format!(
                "« {path} » n'est pas un contrat ou un classeur existant : il ne peut pas être ouvert."
            ),
        ));
    }
    Ok(p)
}

fn folder_of(p: &Path) -> String {
    p.parent()
        .map(|d| d.display().to_string())
        .unwrap_or_default()
}

/// Ouvre un PDF ou un classeur produit par l'application avec le programme par défaut du
/// système. Sans programme pour ce type de fichier : `ouverture.aucun_programme` (l'interface
/// propose alors « Afficher le dossier »).
#[tauri::command]
pub async fn open_path(state: State<'_, AppState>, path: String) -> Result<()> {
    let p = produced_file(&path)?;
    if matches!(state.dialogs, Dialogs::TestDir { .. }) {
        // Tests de bout en bout : aucune fenêtre externe, sauf si le test demande l'échec.
        if std::env::var_os("CPOM_E2E_NO_OPENER").is_none() {
            return Ok(());
        }
        return Err(no_program(p));
    }
    crate::opener::open_with_system(p).map_err(|e| match e {
        crate::opener::OpenError::NoProgram => no_program(p),
        crate::opener::OpenError::Other(e) => ServiceError::new(
            "ouverture.echec",
            format!(
                "Le fichier n'a pas pu être ouvert ({e}). Il est enregistré dans le dossier « {} ».",
                folder_of(p)
            ),
        ),
    })
}

fn no_program(p: &Path) -> ServiceError {
    ServiceError::new(
        "ouverture.aucun_programme",
        format!(
            "Aucun programme de cet ordinateur ne sait ouvrir ce fichier. Il est bien enregistré, dans le dossier « {} » : vous pouvez afficher ce dossier, ou installer un lecteur de PDF ou un tableur.",
            folder_of(p)
        ),
    )
}

/// Montre le dossier qui contient un fichier produit par l'application.
#[tauri::command]
pub async fn open_folder(state: State<'_, AppState>, path: String) -> Result<()> {
    let p = produced_file(&path)?;
    if matches!(state.dialogs, Dialogs::TestDir { .. }) {
        return Ok(());
    }
    crate::opener::show_in_folder(p).map_err(|_| {
        ServiceError::new(
            "ouverture.dossier",
            format!(
                "Le gestionnaire de fichiers n'a pas pu être ouvert. Le fichier est dans le dossier « {} ».",
                folder_of(p)
            ),
        )
    })
}
