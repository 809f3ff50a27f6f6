//! Un dossier ouvert comme kit de contribution : seule la partie déléguée (les
//! enregistrements des ESMS du kit, d'après `cpom_domain::contribution::scope`) s'écrit.

use cpom_domain::contribution::scope::KitScope;
use cpom_domain::dossier::Dossier;
use cpom_domain::record::table::ops;
use rusqlite::{Connection, Transaction};
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::store::kits::{self, KitRow};
use crate::store::records;

/// Un dossier ouvert comme kit de contribution.
#[derive(Debug, Clone)]
pub struct KitMode {
    pub row: KitRow,
    pub scope: KitScope,
}

pub fn parse_scope(esms_json: &str) -> KitScope {
    let ids: Vec<Uuid> = serde_json::from_str(esms_json).unwrap_or_default();
    KitScope::new(ids)
}

fn not_yours(label: &str, scope_names: &str) -> ServiceError {
    ServiceError::new(
        "kit.hors_perimetre",
        format!(
            "Ce kit de contribution ouvre à la saisie les seules données de {scope_names} : « {label} » reste du ressort du siège."
        ),
    )
}

impl KitMode {
    /// Le mode kit d'un fichier (meta `kit_id`), ou `None` pour un dossier ordinaire.
    pub fn load(conn: &Connection) -> Result<Option<Self>> {
        let Some(kit_id) = records::meta_get(conn, "kit_id")? else {
            return Ok(None);
        };
        let row = kits::kit(conn, &kit_id)?.ok_or_else(|| {
            ServiceError::new(
                "kit.endommage",
                "Ce kit de contribution est incomplet (description du kit absente).",
            )
        })?;
        let scope = parse_scope(&row.esms);
        Ok(Some(Self { row, scope }))
    }

    /// Refuse une écriture qui touche un enregistrement hors de la partie déléguée (tous les
    /// enregistrements écrits par la transaction portent l'heure `at`).
    pub(crate) fn guard(&self, tx: &Transaction<'_>, at: &str, after: &Dossier) -> Result<()> {
        let mut stmt = tx.prepare(
            "SELECT id, kind, data FROM record WHERE updated_at = ?1 OR created_at = ?1",
        )?;
        let touched = stmt
            .query_map([at], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        for (_, kind, data) in touched {
            if !self.scope.contains(&kind, &data) {
                let label = ops(&kind).map_or(kind.clone(), |o| o.describe(&data));
                return Err(not_yours(&label, &self.names(after)));
            }
        }
        Ok(())
    }

    /// « « IME Les Hirondelles », « SESSAD … » » : les ESMS du kit.
    pub(crate) fn names(&self, d: &Dossier) -> String {
        let names: Vec<String> = d
            .esms
            .iter()
            .filter(|e| self.scope.esms.contains(&e.id))
            .map(|e| format!("« {} »", e.nom))
            .collect();
        names.join(", ")
    }
}
