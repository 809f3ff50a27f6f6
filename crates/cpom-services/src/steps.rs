//! Les étapes : valider, rouvrir, acquitter un avertissement — et la réouverture automatique
//! d'une étape validée qu'une modification rend fautive (dans la transaction de la
//! modification, voir `Session::write`).

use chrono::NaiveDate;
use cpom_domain::dossier::etapes::{Acquittement, Reouverture, StepId, ValidationEtape};
use cpom_domain::kernel::issue::Refusal;
use cpom_domain::record::editable::{Editable, Placed};
use cpom_domain::steps::engine as steps;
use cpom_domain::steps::report::StepReport;
use rusqlite::Transaction;
use uuid::Uuid;

use crate::editing::read_dossier;
use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::records::{self, RecordRow, Stamp};

pub(crate) fn refusal(r: Refusal) -> ServiceError {
    let e = ServiceError::new(r.code, r.message);
    match r.chemin {
        Some(p) => e.with_field(p),
        None => e,
    }
}

fn find<T: Editable>(
    tx: &Transaction<'_>,
    pred: impl Fn(&T) -> bool,
) -> Result<Option<(RecordRow, T)>> {
    for r in records::load_kind(tx, T::KIND)? {
        let x: T = r.parse()?;
        if pred(&x) {
            return Ok(Some((r, x)));
        }
    }
    Ok(None)
}

/// Écrit (crée ou met à jour) un enregistrement tenu par l'application.
fn save<T: Editable>(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    existing: Option<&RecordRow>,
    value: &T,
    field: &str,
) -> Result<()> {
    let json = serde_json::to_string(value)
        .map_err(|e| ServiceError::storage("Sérialisation d'un enregistrement", e))?;
    match existing {
        Some(r) => {
            records::update_raw(tx, s, &r.id, &json)?;
            records::journal(
                tx,
                s,
                &r.id,
                T::KIND,
                "update",
                Some(field),
                Some(&r.data),
                Some(&json),
            )
        }
        None => {
            let pos = records::next_position(tx, T::KIND)?;
            records::insert_raw(tx, s, &value.id().to_string(), T::KIND, pos, &json)
        }
    }
}

/// Rouvre les étapes validées qui ont désormais une erreur bloquante.
pub(crate) fn reopen_if_needed(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    today: NaiveDate,
) -> Result<()> {
    let validated: i64 = tx.query_row(
        "SELECT count(*) FROM record WHERE kind = ?1 AND deleted_at IS NULL AND json_extract(data, '$.valide') = 1",
        [ValidationEtape::KIND],
        |r| r.get(0),
    )?;
    if validated == 0 {
        return Ok(());
    }
    let d = read_dossier(tx)?;
    for (step, issue) in steps::to_reopen(&d, today) {
        let Some((row, mut v)) = find::<ValidationEtape>(tx, |v| v.etape == step)? else {
            continue;
        };
        v.valide = false;
        v.reouverture = Some(Reouverture {
            le: s.at.to_string(),
            par: s.author.to_string(),
            automatique: true,
            regle: issue.rule,
            chemin: issue.path,
            motif: format!("Étape rouverte automatiquement : {}", issue.message),
        });
        save(tx, s, Some(&row), &v, "valide")?;
    }
    Ok(())
}

impl Session {
    /// Les rapports des quatre étapes (ce que `cpom check` imprime).
    pub fn step_reports(&self) -> Result<Vec<StepReport>> {
        Ok(steps::reports(&self.dossier()?, self.today()))
    }

    /// Valide une étape ; refusé (message français, champ de la première erreur) tant
    /// qu'elle a une erreur bloquante, qu'elle est vide ou que la précédente n'est pas validée.
    pub fn validate_step(&mut self, step: StepId, comment: Option<&str>) -> Result<()> {
        let today = self.today();
        steps::can_validate(&self.dossier()?, step, today).map_err(refusal)?;
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
        let today = self.today();
        steps::can_acknowledge(&self.dossier()?, rule, path, comment, today).map_err(refusal)?;
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
                .ok_or_else(crate::editing::missing)?;
            records::soft_delete(tx, s, &row.id, Acquittement::KIND)
        })
    }
}
