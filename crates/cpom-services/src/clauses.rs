//! Les clauses libres propres au dossier (préambule, spécificités locales) : un
//! enregistrement `clause` par couple (modèle, clause) dans la table `record`, journalisé
//! comme les autres. Un texte vide rétablit le texte du modèle.

use cpom_domain::clauses::modeles::{self, ClauseInfo};
use cpom_domain::clauses::records as clause;
use cpom_domain::dossier::clauses::ClauseOverride;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::records;

pub const KIND_CLAUSE: &str = "clause";

/// Les clauses réécrites du dossier.
pub fn list(s: &Session) -> Result<Vec<ClauseOverride>> {
    records::load_all(s.connection())?
        .into_iter()
        .filter(|r| r.kind == KIND_CLAUSE)
        .map(|r| {
            let mut c: ClauseOverride = r.parse()?;
            c.id = Uuid::parse_str(&r.id).unwrap_or_default();
            Ok(c)
        })
        .collect()
}

/// Les clauses libres d'un modèle, avec leur texte par défaut.
pub fn model_clauses(model_id: &str) -> Result<Vec<ClauseInfo>> {
    modeles::model(model_id)
        .map(|m| m.clauses())
        .ok_or_else(|| {
            ServiceError::new(
                "contrat.modele_inconnu",
                modeles::unknown_model_message(model_id),
            )
        })
}

/// Une clause libre d'un modèle telle que l'écran « Clauses du contrat » l'affiche : texte du
/// modèle, texte propre au dossier s'il existe, et qui l'a modifié quand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClauseEntry {
    pub model_id: String,
    pub clause_id: String,
    /// Titre de la section qui la contient.
    pub section: String,
    pub default_text: String,
    /// Le texte du dossier ; `None` : celui du modèle s'applique.
    pub text: Option<String>,
    pub updated_by: Option<String>,
    /// Horodatage ISO 8601 de la dernière modification.
    pub updated_at: Option<String>,
}

/// Les clauses libres d'un modèle avec, pour chacune, le texte du dossier s'il existe.
pub fn entries(s: &Session, model_id: &str) -> Result<Vec<ClauseEntry>> {
    let rows = records::load_all(s.connection())?
        .into_iter()
        .filter(|r| r.kind == KIND_CLAUSE)
        .map(|r| Ok((r.parse::<ClauseOverride>()?, r)))
        .collect::<Result<Vec<_>>>()?;
    Ok(model_clauses(model_id)?
        .into_iter()
        .map(|c| {
            let o = rows
                .iter()
                .find(|(o, _)| o.model_id == c.model_id && o.clause_id == c.clause_id);
            ClauseEntry {
                text: o.map(|(o, _)| o.text.clone()),
                updated_by: o.map(|(_, r)| r.updated_by.clone()),
                updated_at: o.map(|(_, r)| r.updated_at.clone()),
                model_id: c.model_id,
                clause_id: c.clause_id,
                section: c.section,
                default_text: c.default_text,
            }
        })
        .collect())
}

/// Rétablit le texte du modèle (supprime le texte du dossier). Renvoie faux si rien n'a changé.
pub fn reset(s: &mut Session, model_id: &str, clause_id: &str) -> Result<bool> {
    set(s, model_id, clause_id, "")
}

/// Enregistre le texte d'une clause pour ce dossier (texte vide : retour au modèle), par la
/// porte d'écriture de la session (dossier signé refusé, journal). Renvoie faux si rien n'a
/// changé.
pub fn set(s: &mut Session, model_id: &str, clause_id: &str, text: &str) -> Result<bool> {
    let text = text.trim();
    clause::check(model_id, clause_id, text).map_err(|m| {
        ServiceError::new("clause.invalide", m)
            .with_field(format!("clauses.{model_id}.{clause_id}"))
    })?;
    s.write_reload(|tx, stamp| {
        let existing = records::load_kind(tx, KIND_CLAUSE)?.into_iter().find(|r| {
            r.parse::<ClauseOverride>()
                .is_ok_and(|c| c.model_id == model_id && c.clause_id == clause_id)
        });
        let id = existing
            .as_ref()
            .map_or_else(Uuid::new_v4, |r| Uuid::parse_str(&r.id).unwrap_or_default());
        let value = ClauseOverride {
            id,
            model_id: model_id.into(),
            clause_id: clause_id.into(),
            text: text.into(),
        };
        Ok(match (existing, text.is_empty()) {
            (None, true) => false,
            (Some(r), true) => {
                records::soft_delete(tx, stamp, &r.id, KIND_CLAUSE)?;
                true
            }
            (None, false) => {
                records::insert(tx, stamp, &id.to_string(), KIND_CLAUSE, 0, &value)?;
                true
            }
            (Some(r), false) => {
                let old: ClauseOverride = r.parse()?;
                if old == value {
                    false
                } else {
                    records::update(tx, stamp, &r.id, &value)?;
                    records::journal(
                        tx,
                        stamp,
                        &r.id,
                        KIND_CLAUSE,
                        "update",
                        Some("text"),
                        Some(&serde_json::to_string(&old.text).unwrap_or_default()),
                        Some(&serde_json::to_string(&value.text).unwrap_or_default()),
                    )?;
                    true
                }
            }
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_show_override_then_reset() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = Session::create(&dir.path().join("d.cpom"), "Marie").unwrap();
        let before = entries(&s, "arrete-2017").unwrap();
        let pre = before.iter().find(|e| e.clause_id == "preambule").unwrap();
        assert_eq!(pre.text, None);
        assert!(!pre.default_text.is_empty());

        assert!(set(&mut s, "arrete-2017", "preambule", "Notre texte.").unwrap());
        let after = entries(&s, "arrete-2017").unwrap();
        let pre = after.iter().find(|e| e.clause_id == "preambule").unwrap();
        assert_eq!(pre.text.as_deref(), Some("Notre texte."));
        assert_eq!(pre.updated_by.as_deref(), Some("Marie"));
        assert!(pre.updated_at.is_some());

        assert!(reset(&mut s, "arrete-2017", "preambule").unwrap());
        assert!(!reset(&mut s, "arrete-2017", "preambule").unwrap());
        assert_eq!(entries(&s, "arrete-2017").unwrap(), before);
        assert_eq!(
            entries(&s, "inconnu").unwrap_err().code,
            "contrat.modele_inconnu"
        );
    }
}
