//! Les clauses libres d'un modèle (préambule, spécificités locales) réécrites pour un dossier.
//! Stockées dans la table `record` (type `clause`), une par couple (modèle, clause).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longueur maximale d'une clause (caractères).
pub const MAX_LEN: usize = 20_000;

/// Le texte propre au dossier d'une clause libre ; paragraphes séparés par une ligne vide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct ClauseOverride {
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

/// Vérifie qu'une clause existe et que son texte est acceptable.
pub fn check(model_id: &str, clause_id: &str, text: &str) -> Result<(), String> {
    let m = super::model(model_id).ok_or_else(|| super::unknown_model_message(model_id))?;
    if !m.clauses().iter().any(|c| c.clause_id == clause_id) {
        return Err(format!(
            "Le modèle « {model_id} » n'a pas de clause libre « {clause_id} »."
        ));
    }
    if text.chars().count() > MAX_LEN {
        return Err(format!(
            "Le texte de la clause dépasse {MAX_LEN} caractères."
        ));
    }
    if text.contains('{') || text.contains('}') {
        return Err(
            "Le texte d'une clause ne peut pas contenir d'accolades { } (réservées aux champs du modèle)."
                .into(),
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_checks() {
        assert_eq!(
            paragraphs("Un\nsuite\r\n\r\n  Deux  \n\n\n"),
            vec!["Un suite".to_string(), "Deux".to_string()]
        );
        assert!(check("arrete-2017", "preambule", "Texte").is_ok());
        assert!(check("arrete-2017", "absente", "Texte").is_err());
        assert!(check("inconnu", "preambule", "Texte").is_err());
        assert!(check("arrete-2017", "preambule", "{x}").is_err());
    }
}
