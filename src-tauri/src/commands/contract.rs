//! Le contrat PDF : liste des modèles, export et ouverture du fichier produit.
//!
//! La boîte « Enregistrer sous » est affichée depuis Rust (comme `dialogs.rs`) et Rust ouvre
//! lui-même le PDF avec le programme du système : la page web n'a besoin d'aucune permission
//! (ni dialogue, ni fichiers, ni shell). Pour limiter ce qu'une page compromise pourrait
//! demander, `open_path` n'ouvre qu'un fichier `.pdf` existant.

use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use cpom_domain::contract::{self, ContractModelInfo};
use cpom_services::clauses::{self, ClauseEntry};
use cpom_services::export::pdf::{ContractExport, PdfOptions, export_pdf};
use cpom_services::{Result, ServiceError};
use tauri::{AppHandle, Runtime, State};
use tauri_plugin_dialog::DialogExt;

use crate::dialogs::Dialogs;
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
    let Some(target) = save_pdf(&state.dialogs, &app, &proposed) else {
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
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(no_dossier)?;
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
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(no_dossier)?;
    clauses::reset(session, &model, &clause)?;
    clauses::entries(session, &model)
}

/// Ouvre un PDF produit par l'application avec le programme par défaut du système.
#[tauri::command]
pub async fn open_path(state: State<'_, AppState>, path: String) -> Result<()> {
    let p = Path::new(&path);
    let is_pdf = p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    if !is_pdf || !p.is_file() {
        return Err(ServiceError::new(
            "ouverture.refusee",
            format!("« {path} » n'est pas un fichier PDF existant : il ne peut pas être ouvert."),
        ));
    }
    if matches!(state.dialogs, Dialogs::TestDir { .. }) {
        // Tests de bout en bout : aucune fenêtre externe.
        return Ok(());
    }
    open_with_system(p).map_err(|e| {
        ServiceError::new(
            "ouverture.echec",
            format!("Le fichier n'a pas pu être ouvert ({e}). Ouvrez-le depuis « {path} »."),
        )
    })
}

fn open_with_system(p: &Path) -> std::io::Result<()> {
    use std::process::{Command, Stdio};
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = Command::new("explorer");
        c.arg(p);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(p);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(p);
        c
    };
    // Détaché : la visionneuse vit sa vie, l'application n'attend pas.
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map(|_| ())
}

/// « Enregistrer sous » pour un PDF (boîte native, ou chemin choisi sans interaction par le
/// point d'accroche des tests : `<dir>/contrat-<n>.pdf`).
fn save_pdf<R: Runtime>(dialogs: &Dialogs, app: &AppHandle<R>, name: &str) -> Option<PathBuf> {
    match dialogs {
        Dialogs::Native => app
            .dialog()
            .file()
            .set_title("Exporter le contrat (PDF)")
            .set_file_name(name)
            .add_filter("Document PDF", &["pdf"])
            .blocking_save_file()
            .and_then(|p| p.into_path().ok())
            .map(with_pdf_extension),
        Dialogs::TestDir { dir, next } => {
            let _ = std::fs::create_dir_all(dir);
            loop {
                let n = next.fetch_add(1, Ordering::SeqCst);
                let p = dir.join(format!("contrat-{n}.pdf"));
                if !p.exists() {
                    return Some(p);
                }
            }
        }
    }
}

/// Ajoute `.pdf` si l'utilisateur a tapé un nom sans extension (GTK ne l'ajoute pas).
fn with_pdf_extension(p: PathBuf) -> PathBuf {
    if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("pdf")) {
        p
    } else {
        let mut s = p.into_os_string();
        s.push(".pdf");
        PathBuf::from(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_extension_added_once() {
        assert_eq!(with_pdf_extension("/t/a".into()), PathBuf::from("/t/a.pdf"));
        assert_eq!(
            with_pdf_extension("/t/a.PDF".into()),
            PathBuf::from("/t/a.PDF")
        );
    }
}
