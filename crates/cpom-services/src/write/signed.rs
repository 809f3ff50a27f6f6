//! La garde des dossiers signés : une fois toutes les signatures datées, le dossier n'est
//! plus modifiable (toute écriture est refusée, fichier inchangé) ; la dernière signature ne
//! s'enregistre que sur un dossier « Prêt pour signature ». Règles :
//! `cpom_domain::steps::readiness`.

use chrono::NaiveDate;
use cpom_domain::dossier::Dossier;
use cpom_domain::signature::calc::is_signed;
use cpom_domain::steps::readiness::{check_last_signature, signed_refusal};

use crate::error::Result;

/// Avant l'écriture : refuse toute écriture dans un dossier signé (`before` : le dossier tel
/// que la session l'a lu en dernier).
pub fn ensure_unsigned(before: &Dossier) -> Result<()> {
    if is_signed(before) {
        return Err(signed_refusal().into());
    }
    Ok(())
}

/// Après l'écriture : refusée si elle enregistre la dernière signature d'un dossier qui
/// n'est pas prêt (`after` : le dossier après l'écriture).
pub fn last_signature(after: &Dossier, today: NaiveDate) -> Result<()> {
    check_last_signature(after, today).map_err(Into::into)
}
