//! Le dossier exemple embarqué (« Ouvrir le dossier exemple », `cpom demo`).

use std::path::Path;

use cpom_domain::example::example_dossier;
use uuid::Uuid;

use crate::error::Result;
use crate::session::Session;

/// Écrit le dossier exemple à `path` et l'ouvre.
pub fn create_example(path: &Path, author: &str) -> Result<Session> {
    let d = example_dossier(&mut Uuid::new_v4);
    Session::create_with(path, author, &d)
}
