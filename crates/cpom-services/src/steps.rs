//! Les étapes : valider, rouvrir, acquitter un avertissement. (La réouverture automatique
//! d'une étape validée qu'une modification rend fautive est une garde d'écriture :
//! `write/reopen.rs`.)

use cpom_domain::dossier::etapes::{Acquittement, Reouverture, StepId, ValidationEtape};
use cpom_domain::kernel::parse::text;
use cpom_domain::record::editable::Placed;
use cpom_domain::steps::engine as steps;
use cpom_domain::steps::report::StepReport;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::edit::{find, missing, save};
use crate::store::records;

/// Un commentaire de validation ou d'acquittement : un texte libre, borné comme les autres
/// (`kernel/bounds.rs`).
fn bounded_comment(c: &str) -> Result<String> {
    Ok(text(
        "commentaire",
        &serde_json::Value::String(c.to_string()),
    )?)
}

impl Session {
    /// Les rapports des quatre étapes (ce que `cpom check` imprime).
    pub fn step_reports(&self) -> Result<Vec<StepReport>> {
        Ok(steps::reports(&self.dossier()?, self.today()))
    }

    /// Valide une étape ; refusé (message français, champ de la première erreur) tant
    /// qu'elle a une erreur bloquante, qu'elle est vide ou que la précédente n'est pas validée.
    pub fn validate_step(&mut self, step: StepId, comment: Option<&str>) -> Result<()> {
        let comment = comment.map(bounded_comment).transpose()?;
        let comment = comment.as_deref();
        let today = self.today();
        steps::can_validate(&self.dossier()?, step, today)?;
        self.write(|tx, s| {
            let existing = find::<ValidationEtape>(tx, |v| v.etape == step)?;
            let value = ValidationEtape {
                id: existing.as_ref().map_or_else(Uuid::new_v4, |(_, v)| v.id),
                etape: step,
                valide: true,
                le: s.at.to_string(),
                par: s.author.to_string(),
                commentaire: comment.unwrap_or_default().trim().to_string(),
                reouverture: existing.as_ref().and_then(|(_, v)| v.reouverture.clone()),
            };
            save(tx, s, existing.as_ref().map(|(r, _)| r), &value, "valide")
        })
    }

    /// Rouvre une étape validée (« en cours » ou « prêt » selon ses points).
    pub fn reopen_step(&mut self, step: StepId) -> Result<()> {
        self.write(|tx, s| {
            let Some((row, mut v)) = find::<ValidationEtape>(tx, |v| v.etape == step && v.valide)?
            else {
                return Err(ServiceError::new(
                    "etape.non_validee",
                    format!("L'étape « {} » n'est pas validée.", step.label()),
                ));
            };
            v.valide = false;
            v.reouverture = Some(Reouverture {
                le: s.at.to_string(),
                par: s.author.to_string(),
                automatique: false,
                motif: "Étape rouverte à la demande.".into(),
                ..Reouverture::default()
            });
            save(tx, s, Some(&row), &v, "valide")
        })
    }

    /// Acquitte un avertissement présent, avec un commentaire (qui, quand, pourquoi).
    pub fn acknowledge(&mut self, rule: &str, path: &str, comment: &str) -> Result<()> {
        let comment = &bounded_comment(comment)?;
        let today = self.today();
        steps::can_acknowledge(&self.dossier()?, rule, path, comment, today)?;
        self.write(|tx, s| {
            let existing = find::<Acquittement>(tx, |a| a.regle == rule && a.chemin == path)?;
            let value = Acquittement {
                id: existing.as_ref().map_or_else(Uuid::new_v4, |(_, a)| a.id),
                regle: rule.into(),
                chemin: path.into(),
                commentaire: comment.trim().into(),
                par: s.author.to_string(),
                le: s.at.to_string(),
            };
            save(
                tx,
                s,
                existing.as_ref().map(|(r, _)| r),
                &value,
                "commentaire",
            )
        })
    }

    /// Retire l'acquittement d'un avertissement.
    pub fn unacknowledge(&mut self, rule: &str, path: &str) -> Result<()> {
        self.write(|tx, s| {
            let (row, _) = find::<Acquittement>(tx, |a| a.regle == rule && a.chemin == path)?
                .ok_or_else(missing)?;
            records::soft_delete(tx, s, &row.id, Acquittement::KIND)
        })
    }
}
