//! Erreurs du domaine : toujours un code stable, un message français et le chemin du champ.

use serde::Serialize;
use ts_rs::TS;

/// Une saisie refusée : le dossier reste inchangé, le message s'affiche à côté du champ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message} ({path})")]
#[ts(export)]
pub struct FieldError {
    /// Chemin du champ : « organisme.finess_ej », « esms.<uuid>.capacites.internat.autorisee ».
    pub path: String,
    pub code: String,
    pub message: String,
    /// Valeur corrigée proposée (zéro initial perdu d'un FINESS…).
    pub suggestion: Option<String>,
}

impl FieldError {
    pub fn new(path: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            path: path.into(),
            code: code.into(),
            message: message.into(),
            suggestion: None,
        }
    }

    /// Le même refus, rattaché au chemin complet de l'enregistrement.
    pub fn prefixed(mut self, prefix: &str) -> Self {
        self.path = format!("{prefix}.{}", self.path);
        self
    }
}
