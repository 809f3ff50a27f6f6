//! La garde des dossiers signés : une fois toutes les signatures datées, le dossier n'est
//! plus modifiable (toute écriture est refusée, fichier inchangé) ; la dernière signature ne
//! s'enregistre que sur un dossier « Prêt pour signature ». Règles : `cpom-domain`,
//! `signature/readiness.rs`.

use chrono::NaiveDate;
use cpom_domain::dossier::signature::Signatures;
use cpom_domain::record::editable::Placed;
use cpom_domain::steps::readiness::signed_refusal;
use rusqlite::Connection;

use crate::editing::read_dossier;
use crate::error::Result;

/// Une signature au moins est datée (requête légère, sans lire tout le dossier).
fn any_signature_date(conn: &Connection) -> Result<bool> {
    let n: i64 = conn.query_row(
        "SELECT count(*) FROM record WHERE kind = ?1 AND deleted_at IS NULL \
         AND EXISTS (SELECT 1 FROM json_each(data, '$.signataires') \
                     WHERE json_extract(value, '$.date_signature') IS NOT NULL)",
        [Signatures::KIND],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}

/// Le dossier est-il signé (toutes les parties ont daté leur signature) ?
pub fn is_signed(conn: &Connection) -> Result<bool> {
    if !any_signature_date(conn)? {
        return Ok(false);
    }
    Ok(cpom_domain::signature::calc::is_signed(&read_dossier(
        conn,
    )?))
}

/// Refuse toute écriture dans un dossier signé (rien n'est lu au-delà des signataires tant
/// qu'aucune signature n'est datée).
pub fn ensure_unsigned(conn: &Connection) -> Result<()> {
    if is_signed(conn)? {
        return Err(crate::steps::refusal(signed_refusal()));
    }
    Ok(())
}

/// Après une écriture : refusée si elle enregistre la dernière signature d'un dossier qui
/// n'est pas prêt.
pub fn check_last_signature(conn: &Connection, today: NaiveDate) -> Result<()> {
    if !any_signature_date(conn)? {
        return Ok(());
    }
    cpom_domain::steps::readiness::check_last_signature(&read_dossier(conn)?, today)
        .map_err(crate::steps::refusal)
}
