//! La garde des dossiers signés, côté domaine : ce qu'une écriture peut changer une fois le
//! contrat signé. Les services (`write/signed.rs`) l'appliquent à chaque écriture, avec le
//! dossier d'avant et celui d'après.
//!
//! - avant la signature : la dernière signature ne s'enregistre que sur un dossier prêt ;
//! - après : l'exécution (types de nature `Execution` de la table) se saisit librement ; le
//!   contenu signé (nature `Contrat`) ne change que dans un projet d'avenant, qui garde l'état
//!   d'avant de chaque enregistrement modifié ; les signatures du contrat initial ne changent
//!   plus ; un avenant signé ne change plus ; un seul projet d'avenant à la fois ; un projet
//!   ne s'abandonne qu'en remettant le contrat dans son état d'avant.

use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::signature::Signatures;
use crate::dossier::suivi::EtatAnterieur;
use crate::kernel::issue::Refusal;
use crate::record::editable::Placed;
use crate::record::table::ops;
use crate::steps::readiness::{
    check_avenant_signature, check_last_signature, signatures_refusal, signed_refusal,
};
use crate::suivi::versions::{capture, contract_changes, contrat_signe, restore};

/// Ce que la garde décide d'une écriture acceptée.
#[derive(Debug, Clone, PartialEq)]
pub enum SignedWrite {
    /// Dossier pas encore signé.
    Unsigned,
    /// Dossier signé ; seule l'exécution change.
    Execution,
    /// Dossier signé ; le contenu signé change dans le projet d'avenant `avenant`, dont les
    /// états d'avant deviennent `modifications`.
    Avenant {
        avenant: Uuid,
        modifications: Vec<EtatAnterieur>,
    },
}

fn refusal(code: &'static str, message: impl Into<String>) -> Refusal {
    Refusal {
        code,
        message: message.into(),
        chemin: Some("suivi_contrat.avenants".into()),
    }
}

fn describe(e: &EtatAnterieur, before: &Dossier, after: &Dossier) -> String {
    let Some(o) = ops(&e.kind) else {
        return e.kind.clone();
    };
    let row = o
        .rows(after)
        .into_iter()
        .chain(o.rows(before))
        .find(|r| r.id == e.id);
    row.map_or_else(|| o.label().to_string(), |r| r.describe)
}

pub fn guard_write(
    before: &Dossier,
    after: &Dossier,
    today: NaiveDate,
) -> Result<SignedWrite, Refusal> {
    if !contrat_signe(before) {
        check_last_signature(after, today)?;
        return Ok(SignedWrite::Unsigned);
    }
    let av_before = &before.suivi_contrat.avenants;
    let av_after = &after.suivi_contrat.avenants;
    for b in av_before.iter().filter(|a| a.signe()) {
        let n = before.suivi_contrat.numero(b.id).unwrap_or(0);
        match av_after.iter().find(|a| a.id == b.id) {
            None => {
                return Err(refusal(
                    "avenant.signe",
                    format!(
                        "L'avenant n° {n} est signé : il reste dans l'histoire du contrat et ne se supprime pas."
                    ),
                ));
            }
            Some(a) if a != b => {
                return Err(refusal(
                    "avenant.signe",
                    format!("L'avenant n° {n} est signé : il ne se modifie plus."),
                ));
            }
            _ => {}
        }
    }
    if av_after.iter().filter(|a| !a.signe()).count() > 1 {
        return Err(refusal(
            "avenant.deja_en_cours",
            "Un projet d'avenant est déjà en cours : signez-le ou abandonnez-le avant d'en préparer un autre.",
        ));
    }
    let projet = before.suivi_contrat.projet_avenant();
    let changes = contract_changes(before, after);
    // Abandon du projet : il disparaît et le contrat revient à son état d'avant.
    if let Some(p) = projet
        && !av_after.iter().any(|a| a.id == p.id)
    {
        if !contract_changes(&restore(before, &p.modifications), after).is_empty() {
            return Err(refusal(
                "avenant.abandon",
                "Abandonnez le projet d'avenant par « Abandonner le projet » : les modifications qu'il a faites au contrat sont alors annulées.",
            ));
        }
        return Ok(SignedWrite::Execution);
    }
    if changes.is_empty() {
        check_avenant_signature(before, after, today)?;
        return Ok(SignedWrite::Execution);
    }
    if changes.iter().any(|c| c.kind == Signatures::KIND) {
        return Err(signatures_refusal());
    }
    let Some(p) = projet else {
        return Err(signed_refusal(&describe(&changes[0], before, after)));
    };
    let Some(now) = av_after.iter().find(|a| a.id == p.id) else {
        return Err(signed_refusal(&describe(&changes[0], before, after)));
    };
    if now.signe() {
        return Err(refusal(
            "avenant.signe",
            "L'avenant se signe une fois ses modifications faites : le contrat ne change pas dans la même opération que la dernière signature.",
        ));
    }
    let mut modifications = p.modifications.clone();
    capture(&mut modifications, changes);
    Ok(SignedWrite::Avenant {
        avenant: p.id,
        modifications,
    })
}
