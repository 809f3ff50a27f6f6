//! Le dossier entier, lu et écrit à travers la table des enregistrements du domaine
//! (`cpom_domain::record::table`) : aucun `match` par type ici. Une lecture donne un
//! [`Snapshot`] (les lignes et le dossier qu'elles forment) ; la session garde le dernier.

use std::cell::Cell;

use cpom_domain::dossier::Dossier;
use cpom_domain::record::ops::RecordError;
use cpom_domain::record::table::{ops, registry};
use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::store::records::{self, RecordRow, Stamp};

/// Un état lu du fichier : les lignes de la table `record` et le dossier qu'elles forment.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub rows: Vec<RecordRow>,
    pub dossier: Dossier,
}

thread_local! {
    /// Nombre de lectures du dossier entier faites par ce fil d'exécution (mesure du chemin
    /// d'une saisie : une seule lecture par écriture).
    static READS: Cell<usize> = const { Cell::new(0) };
}

/// Le nombre de lectures du dossier entier faites jusqu'ici par ce fil d'exécution.
pub fn reads() -> usize {
    READS.with(Cell::get)
}

fn illisible(kind: &str, id: &str, why: &str) -> ServiceError {
    ServiceError::new(
        "dossier.enregistrement_illisible",
        format!(
            "Un enregistrement du dossier ({kind} {id}) est illisible ({}) : le fichier a été modifié hors de l'application ou vient d'une version plus récente. Ouvrez une copie de sauvegarde.",
            crate::error::translate::library_text(why)
        ),
    )
    .with_technique(why)
}

/// Un refus du domaine, rattaché au chemin complet de l'enregistrement.
pub(crate) fn record_error(e: RecordError, prefix: &str, kind: &str, id: &str) -> ServiceError {
    match e {
        RecordError::Field(f) => ServiceError::from(f.prefixed(prefix)),
        RecordError::Illisible(why) => illisible(kind, id, &why),
    }
}

pub(crate) fn parse_uuid(s: &str) -> Result<Uuid> {
    Uuid::parse_str(s).map_err(|_| {
        ServiceError::new(
            "dossier.identifiant",
            format!("Identifiant d'enregistrement invalide : {s}."),
        )
    })
}

/// Forme le dossier à partir de ses lignes (types inconnus de cette version ignorés),
/// jalons standard complétés.
pub fn assemble(rows: &[RecordRow]) -> Result<Dossier> {
    let mut d = Dossier::default();
    for r in rows {
        let Some(o) = ops(&r.kind) else { continue };
        let id = if o.singleton() {
            Uuid::nil()
        } else {
            parse_uuid(&r.id)?
        };
        o.attach(&mut d, id, &r.data)
            .map_err(|e| record_error(e, "", &r.kind, &r.id))?;
    }
    d.fill_implicit();
    Ok(d)
}

/// Lit tout le dossier : ses lignes et le dossier qu'elles forment.
pub fn read_snapshot(conn: &Connection) -> Result<Snapshot> {
    READS.with(|n| n.set(n.get() + 1));
    let rows = records::load_all(conn)?;
    let dossier = assemble(&rows)?;
    Ok(Snapshot { rows, dossier })
}

/// Lit tout le dossier.
pub fn read_dossier(conn: &Connection) -> Result<Dossier> {
    Ok(read_snapshot(conn)?.dossier)
}

/// Écrit un dossier complet dans un fichier neuf (les enregistrements implicites vides ne
/// sont pas écrits).
pub fn write_dossier(tx: &Transaction<'_>, s: &Stamp<'_>, d: &Dossier) -> Result<()> {
    for o in registry() {
        for (i, row) in o.rows(d).into_iter().enumerate() {
            if row.implicit_default {
                continue;
            }
            let id = if o.singleton() {
                Uuid::new_v4()
            } else {
                row.id
            };
            records::insert_raw(
                tx,
                s,
                &id.to_string(),
                o.kind(),
                i as i64,
                &row.value.to_string(),
            )?;
        }
    }
    Ok(())
}
