//! L'erreur des services : `{code, message, details}`, message toujours en français.
//! C'est aussi la forme qui traverse l'IPC vers l'interface.
//!
//! Le texte d'une bibliothèque (SQLite, système de fichiers, zip, XML, serde) n'entre jamais
//! dans le message : `translate.rs` dit en français ce qui s'est passé et quoi faire, et le
//! texte d'origine va dans `details.technique` (« Détails techniques »).

pub mod translate;

use serde::Serialize;
use ts_rs::TS;

use cpom_domain::kernel::error::FieldError;
use cpom_domain::kernel::issue::Refusal;

/// Précisions d'une erreur : le champ concerné, une correction proposée, le fichier, etc.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ErrorDetails {
    /// Chemin du champ (« esms.<uuid>.finess_et ») : l'interface affiche le message à côté.
    pub field: Option<String>,
    pub suggestion: Option<String>,
    /// Fichier concerné (ouverture, import, export).
    pub file: Option<String>,
    /// Emplacement dans le fichier (chemin JSON, feuille et cellule…).
    pub location: Option<String>,
    /// Le texte d'origine d'une bibliothèque (SQLite, système, zip, XML, serde), pour le
    /// support : affiché à part, sous « Détails techniques », jamais dans le message.
    pub technique: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS, thiserror::Error)]
#[error("{message}")]
#[ts(export, rename = "ApiError")]
pub struct ServiceError {
    pub code: String,
    pub message: String,
    /// En boîte : l'erreur reste petite sur le chemin du succès.
    pub details: Box<ErrorDetails>,
}

pub type Result<T, E = ServiceError> = std::result::Result<T, E>;

impl ServiceError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
            details: Box::default(),
        }
    }
    pub fn with_file(mut self, file: impl Into<String>) -> Self {
        self.details.file = Some(file.into());
        self
    }
    pub fn with_location(mut self, loc: impl Into<String>) -> Self {
        self.details.location = Some(loc.into());
        self
    }
    pub fn with_field(mut self, field: impl Into<String>) -> Self {
        self.details.field = Some(field.into());
        self
    }
    pub fn with_suggestion(mut self, s: impl Into<String>) -> Self {
        self.details.suggestion = Some(s.into());
        self
    }
    pub fn with_technique(mut self, t: impl std::fmt::Display) -> Self {
        self.details.technique = Some(t.to_string());
        self
    }
    /// Erreur technique inattendue : `context` dit en français ce qui échouait ; le texte de
    /// la cause va dans les détails techniques.
    pub fn storage(context: &str, cause: impl std::fmt::Display) -> Self {
        Self::new(
            "stockage",
            format!(
                "{context} : l'opération a échoué de façon inattendue. Réessayez ; si l'erreur revient, transmettez les détails techniques au support."
            ),
        )
        .with_technique(cause)
    }
}

impl From<FieldError> for ServiceError {
    fn from(e: FieldError) -> Self {
        Self {
            code: e.code,
            message: e.message,
            details: Box::new(ErrorDetails {
                field: Some(e.path),
                suggestion: e.suggestion,
                ..Default::default()
            }),
        }
    }
}

/// Un refus du domaine (étape, signature) : son code, son message et le champ à corriger.
impl From<Refusal> for ServiceError {
    fn from(r: Refusal) -> Self {
        let e = ServiceError::new(r.code, r.message);
        match r.chemin {
            Some(p) => e.with_field(p),
            None => e,
        }
    }
}

impl From<rusqlite::Error> for ServiceError {
    fn from(e: rusqlite::Error) -> Self {
        translate::sqlite(&e)
    }
}

impl From<serde_json::Error> for ServiceError {
    fn from(e: serde_json::Error) -> Self {
        translate::stored_json(&e)
    }
}

impl From<std::io::Error> for ServiceError {
    fn from(e: std::io::Error) -> Self {
        translate::io(&e, translate::Action::Acceder, None)
    }
}
