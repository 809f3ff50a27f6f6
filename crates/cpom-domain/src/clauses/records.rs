//! Les clauses libres d'un modèle (préambule, spécificités locales) réécrites pour un dossier.
//! Stockées dans la table `record` (type `clause`), une par couple (modèle, clause).

use crate::dossier::clauses::ClauseOverride;

/// Longueur maximale d'une clause (caractères) : celle des textes longs (`kernel/bounds.rs`).
pub const MAX_LEN: usize = crate::kernel::bounds::TextKind::Long.max_chars();

/// Vérifie qu'une clause existe et que son texte est acceptable.
pub fn check(model_id: &str, clause_id: &str, text: &str) -> Result<(), String> {
    let m = crate::clauses::modeles::model(model_id)
        .ok_or_else(|| crate::clauses::modeles::unknown_model_message(model_id))?;
    if !m.clauses().iter().any(|c| c.clause_id == clause_id) {
        return Err(format!(
            "Le modèle « {model_id} » n'a pas de clause libre « {clause_id} »."
        ));
    }
    if !crate::kernel::bounds::fits(crate::kernel::bounds::TextKind::Long, text) {
        return Err(crate::kernel::bounds::too_long_message(
            crate::kernel::bounds::TextKind::Long,
            text,
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
impl crate::record::editable::Editable for ClauseOverride {
    const LABEL: &'static str = "Clause libre";
    const KEY_FIELDS: &'static [&'static str] = &["model_id", "clause_id"];
    crate::record::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(format!("{}/{}", self.model_id, self.clause_id))
    }
    fn describe(&self) -> String {
        format!(
            "Clause « {} » du modèle « {} »",
            self.clause_id, self.model_id
        )
    }
    fn set_field(
        &mut self,
        field: &str,
        v: &serde_json::Value,
    ) -> Result<(), crate::kernel::error::FieldError> {
        let value = match field {
            "text" => crate::kernel::parse::long_text(field, v)?,
            _ => crate::kernel::parse::line(field, v)?,
        };
        let mut next = self.clone();
        match field {
            "model_id" => next.model_id = value.trim().into(),
            "clause_id" => next.clause_id = value.trim().into(),
            "text" => next.text = value.trim().into(),
            _ => return Err(crate::kernel::parse::unknown(field)),
        }
        if !next.model_id.is_empty() && (field != "model_id" || !next.clause_id.is_empty()) {
            check(&next.model_id, &next.clause_id, &next.text)
                .map_err(|m| crate::kernel::error::FieldError::new(field, "clause.invalide", m))?;
        }
        *self = next;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::clauses::paragraphs;

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
