//! L'état partagé de l'application : le dossier ouvert (un seul à la fois), l'auteur inscrit
//! sur les modifications et les dossiers de configuration et de données.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};

use cpom_services::recents::Recents;
use cpom_services::{Result, ServiceError, Session};

use crate::dialogs::Dialogs;

pub struct AppState {
    /// Le dossier ouvert ; `None` sur l'écran d'accueil.
    pub session: Mutex<Option<Session>>,
    /// Nom inscrit sur chaque modification (`CPOM_AUTEUR`, sinon l'utilisateur du système).
    pub author: String,
    /// `app_config_dir()` : la liste des dossiers récents.
    pub config_dir: PathBuf,
    /// `app_data_dir()` : le dossier exemple.
    pub data_dir: PathBuf,
    /// Boîtes « Ouvrir » / « Enregistrer sous » (natives, ou point d'accroche des tests).
    pub dialogs: Dialogs,
}

impl AppState {
    pub fn new(config_dir: PathBuf, data_dir: PathBuf) -> Self {
        Self {
            session: Mutex::new(None),
            author: author_from_env(),
            config_dir,
            data_dir,
            dialogs: Dialogs::from_env(),
        }
    }

    /// Le dossier ouvert (verrouillé le temps d'une commande).
    pub fn session(&self) -> MutexGuard<'_, Option<Session>> {
        // Un panic pendant une commande ne doit pas bloquer l'application : on reprend l'état.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn recents(&self) -> Recents {
        Recents::new(&self.config_dir)
    }

    /// Ferme proprement le dossier ouvert, s'il y en a un (fichier autonome, sans -wal), et
    /// libère son verrou d'écriture. Jamais d'échec après une modification enregistrée : si le
    /// fichier n'a pas pu être rendu autonome (lecture en cours par un autre programme), il
    /// le sera à la prochaine ouverture.
    pub fn close_session(&self) -> Result<()> {
        if let Some(s) = self.session().take()
            && let Some(note) = s.close()?.note
        {
            eprintln!("Atelier CPOM : {note}");
        }
        Ok(())
    }
}

/// `CPOM_AUTEUR`, sinon le nom d'utilisateur du système (`USER` / `USERNAME`), sinon
/// « Utilisateur ».
pub fn author_from_env() -> String {
    ["CPOM_AUTEUR", "USER", "USERNAME"]
        .iter()
        .filter_map(|k| std::env::var(k).ok())
        .map(|v| v.trim().to_string())
        .find(|v| !v.is_empty())
        .unwrap_or_else(|| "Utilisateur".to_string())
}

/// L'erreur renvoyée quand une commande a besoin d'un dossier ouvert.
pub fn no_dossier() -> ServiceError {
    ServiceError::new("dossier.aucun", "Aucun dossier n'est ouvert.")
}
