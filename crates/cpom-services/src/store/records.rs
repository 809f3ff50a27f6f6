//! Lecture et écriture des enregistrements et du journal (requêtes SQL du dossier).

use rusqlite::{Connection, OptionalExtension, Transaction, params};
use serde::{Serialize, de::DeserializeOwned};

use crate::error::{Result, ServiceError};

/// Une ligne de la table `record`.
#[derive(Debug, Clone)]
pub struct RecordRow {
    pub id: String,
    pub kind: String,
    pub position: i64,
    pub data: String,
    pub created_at: String,
    pub updated_at: String,
    pub created_by: String,
    pub updated_by: String,
}

impl RecordRow {
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_str(&self.data).map_err(|e| {
            ServiceError::new(
                "dossier.enregistrement_illisible",
                format!(
                    "Un enregistrement du dossier ({} {}) est illisible ({}) : le fichier a été modifié hors de l'application ou vient d'une version plus récente. Ouvrez une copie de sauvegarde.",
                    self.kind,
                    self.id,
                    crate::error::translate::serde_message(&e.to_string())
                ),
            )
            .with_technique(&e)
        })
    }
}

const COLUMNS: &str = "id, kind, position, data, created_at, updated_at, created_by, updated_by";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RecordRow> {
    Ok(RecordRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        position: r.get(2)?,
        data: r.get(3)?,
        created_at: r.get(4)?,
        updated_at: r.get(5)?,
        created_by: r.get(6)?,
        updated_by: r.get(7)?,
    })
}

/// Tous les enregistrements vivants, par type puis par position.
pub fn load_all(conn: &Connection) -> Result<Vec<RecordRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM record WHERE deleted_at IS NULL ORDER BY kind, position, created_at"
    ))?;
    let rows = stmt
        .query_map([], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

pub fn get(conn: &Connection, kind: &str, id: &str) -> Result<Option<RecordRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM record WHERE id = ?1 AND kind = ?2 AND deleted_at IS NULL"
            ),
            params![id, kind],
            row,
        )
        .optional()?)
}

/// L'enregistrement unique d'un type (organisme, cpom).
pub fn singleton(conn: &Connection, kind: &str) -> Result<Option<RecordRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM record WHERE kind = ?1 AND deleted_at IS NULL ORDER BY created_at LIMIT 1"),
            [kind],
            row,
        )
        .optional()?)
}

fn to_json<T: Serialize>(data: &T) -> Result<String> {
    serde_json::to_string(data)
        .map_err(|e| ServiceError::storage("Sérialisation d'un enregistrement", e))
}

/// Qui écrit et quand.
#[derive(Debug, Clone)]
pub struct Stamp<'a> {
    pub at: &'a str,
    pub author: &'a str,
}

pub fn insert<T: Serialize>(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    id: &str,
    kind: &str,
    position: i64,
    data: &T,
) -> Result<()> {
    let json = to_json(data)?;
    tx.execute(
        &format!("INSERT INTO record ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?6)"),
        params![id, kind, position, json, s.at, s.author],
    )?;
    journal(tx, s, id, kind, "create", None, None, Some(&json))
}

pub fn update<T: Serialize>(tx: &Transaction<'_>, s: &Stamp<'_>, id: &str, data: &T) -> Result<()> {
    let json = to_json(data)?;
    tx.execute(
        "UPDATE record SET data = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![id, json, s.at, s.author],
    )?;
    Ok(())
}

/// Insère un enregistrement dont le JSON est déjà prêt (registre des types).
pub fn insert_raw(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    id: &str,
    kind: &str,
    position: i64,
    json: &str,
) -> Result<()> {
    tx.execute(
        &format!("INSERT INTO record ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6, ?6)"),
        params![id, kind, position, json, s.at, s.author],
    )?;
    journal(tx, s, id, kind, "create", None, None, Some(json))
}

/// Remet en vie un enregistrement supprimé (même identifiant), avec ce contenu et cette
/// place ; renvoie faux s'il n'y a pas d'enregistrement supprimé de ce type à cet identifiant.
pub fn revive(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    id: &str,
    kind: &str,
    position: i64,
    json: &str,
) -> Result<bool> {
    let n = tx.execute(
        "UPDATE record SET deleted_at = NULL, data = ?3, position = ?4, updated_at = ?5, updated_by = ?6 \
         WHERE id = ?1 AND kind = ?2 AND deleted_at IS NOT NULL",
        params![id, kind, json, position, s.at, s.author],
    )?;
    if n > 0 {
        journal(tx, s, id, kind, "create", None, None, Some(json))?;
    }
    Ok(n > 0)
}

/// Remplace le contenu d'un enregistrement par un JSON déjà prêt.
pub fn update_raw(tx: &Transaction<'_>, s: &Stamp<'_>, id: &str, json: &str) -> Result<()> {
    tx.execute(
        "UPDATE record SET data = ?2, updated_at = ?3, updated_by = ?4 WHERE id = ?1",
        params![id, json, s.at, s.author],
    )?;
    Ok(())
}

/// Les enregistrements vivants d'un type, dans l'ordre.
pub fn load_kind(conn: &Connection, kind: &str) -> Result<Vec<RecordRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM record WHERE kind = ?1 AND deleted_at IS NULL ORDER BY position, created_at"
    ))?;
    let rows = stmt
        .query_map([kind], row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(rows)
}

/// Prochaine position libre d'un type.
pub fn next_position(conn: &Connection, kind: &str) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(position), -1) + 1 FROM record WHERE kind = ?1 AND deleted_at IS NULL",
        [kind],
        |r| r.get(0),
    )?)
}

pub fn soft_delete(tx: &Transaction<'_>, s: &Stamp<'_>, id: &str, kind: &str) -> Result<()> {
    let n = tx.execute(
        "UPDATE record SET deleted_at = ?2, updated_at = ?2, updated_by = ?3 WHERE id = ?1 AND kind = ?4 AND deleted_at IS NULL",
        params![id, s.at, s.author, kind],
    )?;
    if n == 0 {
        return Err(ServiceError::new(
            "enregistrement.introuvable",
            "Cet élément n'existe plus dans le dossier.",
        ));
    }
    journal(tx, s, id, kind, "delete", None, None, None)
}

pub fn set_position(tx: &Transaction<'_>, id: &str, position: i64) -> Result<()> {
    tx.execute(
        "UPDATE record SET position = ?2 WHERE id = ?1",
        params![id, position],
    )?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn journal(
    tx: &Transaction<'_>,
    s: &Stamp<'_>,
    record_id: &str,
    kind: &str,
    op: &str,
    field: Option<&str>,
    old: Option<&str>,
    new: Option<&str>,
) -> Result<()> {
    tx.execute(
        "INSERT INTO journal (at, author, record_id, kind, op, field, old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![s.at, s.author, record_id, kind, op, field, old, new],
    )?;
    Ok(())
}

pub fn meta_get(conn: &Connection, key: &str) -> Result<Option<String>> {
    Ok(conn
        .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
        .optional()?)
}

pub fn meta_set(conn: &Connection, key: &str, value: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        params![key, value],
    )?;
    Ok(())
}

/// Dernière heure d'écriture connue (journal).
pub fn last_write(conn: &Connection) -> Result<Option<String>> {
    Ok(conn.query_row("SELECT max(at) FROM journal", [], |r| r.get(0))?)
}
