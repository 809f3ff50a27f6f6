//! Le dossier : créer, ouvrir, ouvrir l'exemple, enregistrer une copie, fermer.
//!
//! Un seul dossier est ouvert à la fois : créer ou ouvrir ferme d'abord le précédent
//! (`Session::close` laisse un fichier autonome). Les boîtes de dialogue sont affichées depuis
//! Rust, dans des commandes `async` pour ne pas bloquer le fil principal.

use std::path::{Path, PathBuf};

use cpom_services::example::{Exemple, create_example_of};
use cpom_services::session::now;
use cpom_services::{DossierView, Result, Session};
use tauri::{AppHandle, Manager, Runtime, State};

use crate::dialogs::DOSSIER;
use crate::state::{AppState, no_dossier};

/// Nom du fichier de chaque dossier exemple, sous `<app_data_dir>/exemples/`.
pub fn example_file(e: Exemple) -> &'static str {
    match e {
        Exemple::Ph => "Association Les Iris de l'Erdre.cpom",
        Exemple::Pa => "Association Les Jardins du Lez.cpom",
        Exemple::Paca => "Association Les Cigales.cpom",
    }
}

/// « Nouveau dossier » : choisit où l'enregistrer, le crée et l'ouvre. `None` si annulé.
#[tauri::command]
pub async fn dossier_new<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<DossierView>> {
    let dir = start_dir(&app, &state);
    let title = "Nouveau dossier CPOM";
    let Some(path) = state.dialogs.save(
        &app,
        &DOSSIER,
        title,
        dir.as_deref(),
        "Nouveau dossier.cpom",
    ) else {
        return Ok(None);
    };
    state.close_session()?;
    let session = Session::create(&path, &state.author)?;
    install(&state, session).map(Some)
}

/// « Ouvrir un dossier… » : boîte native puis ouverture. `None` si annulé.
#[tauri::command]
pub async fn dossier_open<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<DossierView>> {
    let dir = start_dir(&app, &state);
    match state
        .dialogs
        .open(&app, "Ouvrir un dossier CPOM", dir.as_deref())
    {
        Some(path) => open_path(&state, &path).map(Some),
        None => Ok(None),
    }
}

/// Ouvre un dossier dont on connaît le chemin (liste des dossiers récents).
#[tauri::command]
pub async fn dossier_open_path(state: State<'_, AppState>, path: String) -> Result<DossierView> {
    open_path(&state, Path::new(&path))
}

/// Écrit un dossier exemple tout neuf (remplace le précédent) et l'ouvre : `exemple` vaut
/// « ph » (par défaut) ou « pa ».
#[tauri::command]
pub async fn dossier_open_example(
    state: State<'_, AppState>,
    exemple: Option<String>,
) -> Result<DossierView> {
    let e = match exemple {
        Some(code) => Exemple::from_code(&code)?,
        None => Exemple::Ph,
    };
    state.close_session()?;
    let dir = state.data_dir.join("exemples");
    std::fs::create_dir_all(&dir)?;
    let path = dir.join(example_file(e));
    remove_with_sidecars(&path)?;
    let session = create_example_of(e, &path, &state.author)?;
    install(&state, session)
}

/// « Enregistrer une copie… » : renvoie le chemin écrit, `None` si annulé.
#[tauri::command]
pub async fn dossier_save_copy<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
) -> Result<Option<String>> {
    // Le nom proposé se lit sous verrou ; la boîte s'affiche sans le garder.
    let (name, dir) = {
        let guard = state.session();
        let path = guard.as_ref().ok_or_else(no_dossier)?.path();
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        (name, path.parent().map(Path::to_path_buf))
    };
    let proposed = format!("{name} (copie).cpom");
    let title = "Enregistrer une copie du dossier";
    let Some(target) = state
        .dialogs
        .save(&app, &DOSSIER, title, dir.as_deref(), &proposed)
    else {
        return Ok(None);
    };
    let guard = state.session();
    let session = guard.as_ref().ok_or_else(no_dossier)?;
    session.save_copy(&target)?;
    Ok(Some(target.display().to_string()))
}

/// Ferme le dossier ouvert (retour à l'accueil).
#[tauri::command]
pub async fn dossier_close(state: State<'_, AppState>) -> Result<()> {
    state.close_session()
}

/// Le dossier ouvert, s'il y en a un (rechargement de la page).
#[tauri::command]
pub async fn dossier_get(state: State<'_, AppState>) -> Result<Option<DossierView>> {
    state.session().as_ref().map(Session::view).transpose()
}

/// Dossier de départ des boîtes : celui du dernier dossier ouvert (hors exemples), sinon
/// « Documents », sinon le dossier personnel.
fn start_dir<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> Option<PathBuf> {
    let recent = state.recents().list().into_iter().find(|r| r.exists);
    recent
        .and_then(|r| Path::new(&r.path).parent().map(Path::to_path_buf))
        .filter(|d| d.is_dir() && !d.starts_with(&state.data_dir))
        .or_else(|| app.path().document_dir().ok().filter(|d| d.is_dir()))
        .or_else(|| app.path().home_dir().ok())
}

/// Ferme le dossier ouvert puis ouvre `path` (aussi utilisé par la copie d'avenant).
pub(crate) fn open_path(state: &AppState, path: &Path) -> Result<DossierView> {
    state.close_session()?;
    let (session, backup) = Session::open(path, &state.author)?;
    if let Some(b) = backup {
        eprintln!(
            "Atelier CPOM : « {} » a été mis à niveau ; copie de l'ancienne version : « {} ».",
            path.display(),
            b.display()
        );
    }
    install(state, session)
}

/// Inscrit le dossier dans les récents, le garde ouvert et renvoie sa vue.
pub(crate) fn install(state: &AppState, session: Session) -> Result<DossierView> {
    let view = session.view()?;
    if let Err(e) = state.recents().touch(session.path(), &now()) {
        // La liste des récents n'est qu'un confort : le dossier reste ouvert.
        eprintln!("Atelier CPOM : liste des dossiers récents non mise à jour : {e}");
    }
    *state.session() = Some(session);
    Ok(view)
}

/// Supprime `path` et ses fichiers annexes SQLite (`-wal`, `-shm`) s'ils existent.
pub(crate) fn remove_with_sidecars(path: &Path) -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        match std::fs::remove_file(PathBuf::from(p)) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e.into()),
            _ => {}
        }
    }
    Ok(())
}
