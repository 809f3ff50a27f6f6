//! Les clauses libres d'un modèle de contrat (préambule, spécificités locales) réécrites pour
//! un dossier. Stockées dans la table `record` (type `clause`), une par couple (modèle,
//! clause).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Le texte propre au dossier d'une clause libre ; paragraphes séparés par une ligne vide.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ClauseOverride {
    /// Identifiant de l'enregistrement (absent des fichiers écrits avant la version 0.4 :
    /// l'identifiant de la ligne le remplace à la lecture).
    pub id: uuid::Uuid,
    pub model_id: String,
    pub clause_id: String,
    pub text: String,
}

impl ClauseOverride {
    /// Les paragraphes du texte.
    pub fn paragraphs(&self) -> Vec<String> {
        paragraphs(&self.text)
    }
}

/// Découpe un texte en paragraphes (lignes vides), espaces de bord retirées.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(|p| p.split('\n').map(str::trim).collect::<Vec<_>>().join(" "))
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}
