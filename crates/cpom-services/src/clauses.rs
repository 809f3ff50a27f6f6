//! Les clauses libres propres au dossier (préambule, spécificités locales) : un
//! enregistrement `clause` par couple (modèle, clause) dans la table `record`, journalisé
//! comme les autres. Un texte vide rétablit le texte du modèle.

use cpom_domain::contract::{self, ClauseInfo, ClauseOverride, clause};
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::{Session, now};
use crate::store::records::{self, Stamp};

pub const KIND_CLAUSE: &str = "clause";

/// Les clauses réécrites du dossier.
pub fn list(s: &Session) -> Result<Vec<ClauseOverride>> {
    records::load_all(s.connection())?
        .into_iter()
        .filter(|r| r.kind == KIND_CLAUSE)
        .map(|r| r.parse())
        .collect()
}

/// Les clauses libres d'un modèle, avec leur texte par défaut.
pub fn model_clauses(model_id: &str) -> Result<Vec<ClauseInfo>> {
    contract::model(model_id)
        .map(|m| m.clauses())
        .ok_or_else(|| {
            ServiceError::new(
                "contrat.modele_inconnu",
                contract::unknown_model_message(model_id),
            )
        })
}

/// Enregistre le texte d'une clause pour ce dossier (texte vide : retour au modèle).
/// Renvoie faux si rien n'a changé.
pub fn set(s: &Session, model_id: &str, clause_id: &str, text: &str) -> Result<bool> {
    let text = text.trim();
    clause::check(model_id, clause_id, text).map_err(|m| {
        ServiceError::new("clause.invalide", m)
            .with_field(format!("clauses.{model_id}.{clause_id}"))
    })?;
    let existing = records::load_all(s.connection())?
        .into_iter()
        .filter(|r| r.kind == KIND_CLAUSE)
        .find(|r| {
            r.parse::<ClauseOverride>()
                .is_ok_and(|c| c.model_id == model_id && c.clause_id == clause_id)
        });
    let at = now();
    let stamp = Stamp {
        at: &at,
        author: s.author(),
    };
    let tx = s.connection().unchecked_transaction()?;
    let value = ClauseOverride {
        model_id: model_id.into(),
        clause_id: clause_id.into(),
        text: text.into(),
    };
    let changed = match (existing, text.is_empty()) {
        (None, true) => false,
        (Some(r), true) => {
            records::soft_delete(&tx, &stamp, &r.id, KIND_CLAUSE)?;
            true
        }
        (None, false) => {
            records::insert(
                &tx,
                &stamp,
                &Uuid::new_v4().to_string(),
                KIND_CLAUSE,
                0,
                &value,
            )?;
            true
        }
        (Some(r), false) => {
            let old: ClauseOverride = r.parse()?;
            if old == value {
                false
            } else {
                records::update(&tx, &stamp, &r.id, &value)?;
                records::journal(
                    &tx,
                    &stamp,
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
    };
    tx.commit()?;
    Ok(changed)
}
