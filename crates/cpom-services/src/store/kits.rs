//! Requêtes des tables des contributions (schéma 2) : kits, base des kits, journal des
//! intégrations, provenance ; lecture des enregistrements avec leurs traces de suppression.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::error::Result;

/// Un enregistrement, vivant ou supprimé (`data` est gardé avec la trace).
#[derive(Debug, Clone)]
pub struct RawRecord {
    pub id: String,
    pub kind: String,
    pub data: String,
    pub deleted: bool,
    pub updated_at: String,
    pub updated_by: String,
}

/// Tous les enregistrements, suppressions comprises.
pub fn all_records(conn: &Connection) -> Result<Vec<RawRecord>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, kind, data, deleted_at IS NOT NULL, updated_at, updated_by FROM record ORDER BY kind, position, created_at",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok(RawRecord {
                id: r.get(0)?,
                kind: r.get(1)?,
                data: r.get(2)?,
                deleted: r.get(3)?,
                updated_at: r.get(4)?,
                updated_by: r.get(5)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Dernier auteur de chaque champ modifié (journal) : (record_id, champ, auteur, heure).
pub fn field_stamps(conn: &Connection) -> Result<Vec<(String, String, String, String)>> {
    let mut stmt = conn.prepare(
        "SELECT record_id, field, author, max(at) FROM journal WHERE field IS NOT NULL GROUP BY record_id, field",
    )?;
    let rows = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Une ligne de `contribution_kit`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KitRow {
    pub kit_id: String,
    pub esms: String,
    pub destinataire: String,
    pub echeance: Option<String>,
    pub issued_at: String,
    pub issued_by: String,
    pub file_name: String,
    pub context_hash: String,
    pub superseded_by: Option<String>,
    pub returned_at: Option<String>,
    pub open_conflicts: i64,
    pub integrated_at: Option<String>,
    pub integrated_hash: Option<String>,
}

const KIT_COLUMNS: &str = "kit_id, esms, destinataire, echeance, issued_at, issued_by, file_name, context_hash, superseded_by, returned_at, open_conflicts, integrated_at, integrated_hash";

fn kit_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<KitRow> {
    Ok(KitRow {
        kit_id: r.get(0)?,
        esms: r.get(1)?,
        destinataire: r.get(2)?,
        echeance: r.get(3)?,
        issued_at: r.get(4)?,
        issued_by: r.get(5)?,
        file_name: r.get(6)?,
        context_hash: r.get(7)?,
        superseded_by: r.get(8)?,
        returned_at: r.get(9)?,
        open_conflicts: r.get(10)?,
        integrated_at: r.get(11)?,
        integrated_hash: r.get(12)?,
    })
}

pub fn kit(conn: &Connection, kit_id: &str) -> Result<Option<KitRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {KIT_COLUMNS} FROM contribution_kit WHERE kit_id = ?1"),
            [kit_id],
            kit_row,
        )
        .optional()?)
}

/// Tous les kits, du plus ancien au plus récent.
pub fn kits(conn: &Connection) -> Result<Vec<KitRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {KIT_COLUMNS} FROM contribution_kit ORDER BY issued_at, kit_id"
    ))?;
    let rows = stmt
        .query_map([], kit_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn insert_kit(tx: &Transaction<'_>, k: &KitRow) -> Result<()> {
    tx.execute(
        &format!("INSERT INTO contribution_kit ({KIT_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"),
        params![
            k.kit_id, k.esms, k.destinataire, k.echeance, k.issued_at, k.issued_by, k.file_name,
            k.context_hash, k.superseded_by, k.returned_at, k.open_conflicts, k.integrated_at,
            k.integrated_hash
        ],
    )?;
    Ok(())
}

pub fn supersede(tx: &Transaction<'_>, old: &str, new: &str) -> Result<()> {
    tx.execute(
        "UPDATE contribution_kit SET superseded_by = ?2 WHERE kit_id = ?1",
        params![old, new],
    )?;
    Ok(())
}

pub fn note_returned(tx: &Transaction<'_>, kit_id: &str, at: &str, conflicts: i64) -> Result<()> {
    tx.execute(
        "UPDATE contribution_kit SET returned_at = ?2, open_conflicts = ?3 WHERE kit_id = ?1",
        params![kit_id, at, conflicts],
    )?;
    Ok(())
}

pub fn note_integrated(
    tx: &Transaction<'_>,
    kit_id: &str,
    at: Option<&str>,
    hash: Option<&str>,
) -> Result<()> {
    tx.execute(
        "UPDATE contribution_kit SET integrated_at = ?2, integrated_hash = ?3, open_conflicts = 0, returned_at = coalesce(returned_at, ?2) WHERE kit_id = ?1",
        params![kit_id, at, hash],
    )?;
    Ok(())
}

/// La base d'un kit : (record_id, kind, data ; `None` = supprimé).
pub fn base(conn: &Connection, kit_id: &str) -> Result<Vec<(String, String, Option<String>)>> {
    let mut stmt =
        conn.prepare_cached("SELECT record_id, kind, data FROM kit_base WHERE kit_id = ?1")?;
    let rows = stmt
        .query_map([kit_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn replace_base(
    tx: &Transaction<'_>,
    kit_id: &str,
    rows: &[(String, String, Option<String>)],
) -> Result<()> {
    tx.execute("DELETE FROM kit_base WHERE kit_id = ?1", [kit_id])?;
    let mut stmt = tx.prepare_cached(
        "INSERT INTO kit_base (kit_id, record_id, kind, data) VALUES (?1, ?2, ?3, ?4)",
    )?;
    for (id, kind, data) in rows {
        stmt.execute(params![kit_id, id, kind, data])?;
    }
    Ok(())
}

/// Une ligne du journal des intégrations.
#[derive(Debug, Clone)]
pub struct MergeRow {
    pub merge_id: String,
    pub kit_id: String,
    pub at: String,
    pub author: String,
    pub destinataire: String,
    pub summary: String,
    pub kit_before: String,
    pub undone_at: Option<String>,
    pub undone_by: Option<String>,
}

const MERGE_COLUMNS: &str =
    "merge_id, kit_id, at, author, destinataire, summary, kit_before, undone_at, undone_by";

fn merge_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MergeRow> {
    Ok(MergeRow {
        merge_id: r.get(0)?,
        kit_id: r.get(1)?,
        at: r.get(2)?,
        author: r.get(3)?,
        destinataire: r.get(4)?,
        summary: r.get(5)?,
        kit_before: r.get(6)?,
        undone_at: r.get(7)?,
        undone_by: r.get(8)?,
    })
}

pub fn insert_merge(tx: &Transaction<'_>, m: &MergeRow) -> Result<()> {
    tx.execute(
        &format!(
            "INSERT INTO merge_log ({MERGE_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
        ),
        params![
            m.merge_id,
            m.kit_id,
            m.at,
            m.author,
            m.destinataire,
            m.summary,
            m.kit_before,
            m.undone_at,
            m.undone_by
        ],
    )?;
    Ok(())
}

/// Les intégrations, la plus récente d'abord.
pub fn merges(conn: &Connection) -> Result<Vec<MergeRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {MERGE_COLUMNS} FROM merge_log ORDER BY at DESC, rowid DESC"
    ))?;
    let rows = stmt
        .query_map([], merge_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn merge(conn: &Connection, merge_id: &str) -> Result<Option<MergeRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {MERGE_COLUMNS} FROM merge_log WHERE merge_id = ?1"),
            [merge_id],
            merge_row,
        )
        .optional()?)
}

pub fn mark_undone(tx: &Transaction<'_>, merge_id: &str, at: &str, by: &str) -> Result<()> {
    tx.execute(
        "UPDATE merge_log SET undone_at = ?2, undone_by = ?3 WHERE merge_id = ?1",
        params![merge_id, at, by],
    )?;
    Ok(())
}

/// (seq, record_id, kind, before, after).
pub type ChangeRow = (i64, String, String, Option<String>, Option<String>);

pub fn insert_change(tx: &Transaction<'_>, merge_id: &str, c: &ChangeRow) -> Result<()> {
    tx.execute(
        "INSERT INTO merge_change (merge_id, seq, record_id, kind, before, after) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![merge_id, c.0, c.1, c.2, c.3, c.4],
    )?;
    Ok(())
}

pub fn changes(conn: &Connection, merge_id: &str) -> Result<Vec<ChangeRow>> {
    let mut stmt = conn.prepare(
        "SELECT seq, record_id, kind, before, after FROM merge_change WHERE merge_id = ?1 ORDER BY seq",
    )?;
    let rows = stmt
        .query_map([merge_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Une provenance : (record_id, champ, merge_id, auteur, écrit le, destinataire, intégré le).
pub type ProvenanceRow = (String, String, String, String, String, String, String);

pub fn upsert_provenance(tx: &Transaction<'_>, p: &ProvenanceRow) -> Result<()> {
    tx.execute(
        "INSERT INTO provenance (record_id, field, merge_id, author, written_at, destinataire, integrated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(record_id, field) DO UPDATE SET merge_id = excluded.merge_id, author = excluded.author, written_at = excluded.written_at, destinataire = excluded.destinataire, integrated_at = excluded.integrated_at",
        params![p.0, p.1, p.2, p.3, p.4, p.5, p.6],
    )?;
    Ok(())
}

pub fn provenance(conn: &Connection) -> Result<Vec<ProvenanceRow>> {
    let mut stmt = conn.prepare(
        "SELECT record_id, field, merge_id, author, written_at, destinataire, integrated_at FROM provenance ORDER BY integrated_at, record_id, field",
    )?;
    let rows = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn delete_provenance_of(tx: &Transaction<'_>, merge_id: &str) -> Result<()> {
    tx.execute("DELETE FROM provenance WHERE merge_id = ?1", [merge_id])?;
    Ok(())
}

/// Écrit un enregistrement tel quel (création, mise à jour ou résurrection d'une trace de
/// suppression) ; `data` absent : suppression.
pub fn put_record(
    tx: &Transaction<'_>,
    at: &str,
    author: &str,
    id: &str,
    kind: &str,
    data: Option<&str>,
) -> Result<()> {
    let exists: bool =
        tx.query_row("SELECT count(*) > 0 FROM record WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    match (exists, data) {
        (false, None) => {}
        (false, Some(d)) => {
            let pos: i64 = tx.query_row(
                "SELECT coalesce(max(position), -1) + 1 FROM record WHERE kind = ?1 AND deleted_at IS NULL",
                [kind],
                |r| r.get(0),
            )?;
            tx.execute(
                "INSERT INTO record (id, kind, position, data, created_at, updated_at, created_by, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?6)",
                params![id, kind, pos, d, at, author],
            )?;
        }
        (true, Some(d)) => {
            tx.execute(
                "UPDATE record SET data = ?2, deleted_at = NULL, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
                params![id, d, at, author],
            )?;
        }
        (true, None) => {
            tx.execute(
                "UPDATE record SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1 AND deleted_at IS NULL",
                params![id, at, author],
            )?;
        }
    }
    Ok(())
}
