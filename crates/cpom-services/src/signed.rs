//! La garde des dossiers signés : une fois toutes les signatures datées, le dossier n'est
//! plus modifiable (toute écriture est refusée, fichier inchangé) ; la dernière signature ne
//! s'enregistre que sur un dossier « Prêt pour signature ». Règles : `cpom-domain`,
//! `signature/readiness.rs`.

use chrono::NaiveDate;
use cpom_domain::Editable;
use cpom_domain::signature::{Signatures, guard_edit};
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
    Ok(cpom_domain::signature::is_signed(&read_dossier(conn)?))
}

/// Refuse l'écriture si le dossier était signé, ou si elle enregistre la dernière signature
/// d'un dossier qui n'est pas prêt.
pub fn guard(conn: &Connection, was_signed: bool, today: NaiveDate) -> Result<()> {
    if !was_signed && !any_signature_date(conn)? {
        return Ok(());
    }
    let d = read_dossier(conn)?;
    guard_edit(was_signed, &d, today).map_err(crate::steps::refusal)
}
