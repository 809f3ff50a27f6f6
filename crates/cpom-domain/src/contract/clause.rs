//! Les clauses libres d'un modèle (préambule, spécificités locales) réécrites pour un dossier.
//! Stockées dans la table `record` (type `clause`), une par couple (modèle, clause).

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Longueur maximale d'une clause (caractères).
pub const MAX_LEN: usize = 20_000;

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

/// Une clause libre est un enregistrement du dossier comme un autre : export JSON, import,
/// différences et contributions la transportent. Saisie : `clauses.rs` des services.
impl crate::editable::Editable for ClauseOverride {
    const KIND: &'static str = "clause";
    const PATH: &'static str = "clauses";
    const LABEL: &'static str = "Clause libre";
    const KEY_FIELDS: &'static [&'static str] = &["model_id", "clause_id"];
    crate::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}/{}", self.model_id, self.clause_id))
    }
    fn describe(&self) -> String {
        format!(
            "Clause « {} » du modèle « {} »",
            self.clause_id, self.model_id
        )
    }
    fn attach(self, d: &mut crate::dossier::Dossier) {
        d.clauses.push(self);
    }
    fn all(d: &crate::dossier::Dossier) -> Vec<&Self> {
        d.clauses.iter().collect()
    }
    fn set_field(
        &mut self,
        field: &str,
        v: &serde_json::Value,
    ) -> Result<(), crate::error::FieldError> {
        let value = crate::fields::text(field, v)?;
        let mut next = self.clone();
        match field {
            "model_id" => next.model_id = value.trim().into(),
            "clause_id" => next.clause_id = value.trim().into(),
            "text" => next.text = value.trim().into(),
            _ => return Err(crate::editable::unknown(field)),
        }
        if !next.model_id.is_empty() && (field != "model_id" || !next.clause_id.is_empty()) {
            check(&next.model_id, &next.clause_id, &next.text)
                .map_err(|m| crate::error::FieldError::new(field, "clause.invalide", m))?;
        }
        *self = next;
        Ok(())
    }
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
