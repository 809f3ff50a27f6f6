//! La garde des dossiers signés, branchée sur le fichier : après la signature, l'exécution du
//! contrat se saisit ; le contenu signé (nature `Contrat` de la table des enregistrements)
//! ne change que dans un projet d'avenant, dont l'enregistrement reçoit, dans la même
//! transaction, l'état d'avant de chaque enregistrement modifié. Avant la signature, la
//! dernière signature ne s'enregistre que sur un dossier « Prêt pour signature ». Règles :
//! `cpom_domain::steps::guard`.

use chrono::NaiveDate;
use cpom_domain::dossier::Dossier;
use cpom_domain::dossier::suivi::Avenant;
use cpom_domain::record::editable::Placed;
use cpom_domain::steps::guard::{SignedWrite, guard_write};
use cpom_domain::steps::readiness::check_last_signature;
use rusqlite::Transaction;

use crate::error::Result;
use crate::store::edit::missing;
use crate::store::records::{self, Stamp};

/// Dossier sans aucune signature datée avant l'écriture : seule la dernière signature est
/// gardée (`after` : le dossier après l'écriture).
pub fn last_signature(after: &Dossier, today: NaiveDate) -> Result<()> {
    check_last_signature(after, today).map_err(Into::into)
}

/// Dossier dont une signature au moins était datée avant l'écriture (`before`) : applique la
/// garde ; renvoie vrai si le projet d'avenant a reçu de nouveaux états d'avant (le dossier
/// est alors à relire).
pub fn guard(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    before: &Dossier,
    after: &Dossier,
    today: NaiveDate,
) -> Result<bool> {
    match guard_write(before, after, today)? {
        SignedWrite::Unsigned | SignedWrite::Execution => Ok(false),
        SignedWrite::Avenant {
            avenant,
            modifications,
        } => {
            let id = avenant.to_string();
            let row = records::get(tx, Avenant::KIND, &id)?.ok_or_else(missing)?;
            let mut a: Avenant = row.parse()?;
            if a.modifications == modifications {
                return Ok(false);
            }
            let old = a.modifications.len();
            a.modifications = modifications;
            records::update(tx, s, &id, &a)?;
            records::journal(
                tx,
                s,
                &id,
                Avenant::KIND,
                "update",
                Some("modifications"),
                Some(&old.to_string()),
                Some(&a.modifications.len().to_string()),
            )?;
            Ok(true)
        }
    }
}
