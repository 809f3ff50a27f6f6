//! Après la signature : le dossier signé n'est plus modifiable ; pour préparer un avenant,
//! on en crée une copie de travail dont les dates de signature sont effacées (trace dans le
//! journal de la copie). Le dossier signé reste identique à l'octet.

use std::path::Path;

use cpom_domain::dossier::signature::Signatures;
use cpom_domain::record::editable::Placed;
use rusqlite::params;

use crate::error::{Result, ServiceError};
use crate::session::{Session, now};
use crate::store::{file, records};

impl Session {
    /// Crée `target`, copie de travail du dossier signé, prête pour un avenant.
    pub fn save_avenant_copy(&self, target: &Path) -> Result<()> {
        if !cpom_domain::signature::calc::is_signed(&self.dossier()?) {
            return Err(ServiceError::new(
                "avenant.non_signe",
                "Ce dossier n'est pas encore signé : continuez à le modifier directement.",
            ));
        }
        self.save_copy(target)?;
        let opened = file::open(target, self.author())?;
        let mut conn = opened.conn;
        let result = (|| {
            file::ensure_wal(&conn)?;
            let tx = conn.transaction()?;
            let at = now();
            let s = records::Stamp {
                at: &at,
                author: self.author(),
            };
            if let Some(r) = records::singleton(&tx, Signatures::KIND)? {
                let mut sig: Signatures = serde_json::from_str(&r.data)?;
                let old = serde_json::to_string(&sig.signataires)?;
                for x in &mut sig.signataires {
                    x.date_signature = None;
                }
                let json = serde_json::to_string(&sig)?;
                records::update_raw(&tx, &s, &r.id, &json)?;
                // Trace dans la copie : les dates de signature du contrat d'origine.
                records::journal(
                    &tx,
                    &s,
                    &r.id,
                    Signatures::KIND,
                    "update",
                    Some("signataires"),
                    Some(&old),
                    Some(&serde_json::to_string(&sig.signataires)?),
                )?;
            }
            tx.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('avenant_de', ?1)",
                params![self.path().display().to_string()],
            )?;
            tx.commit()?;
            Ok(())
        })();
        // La copie est écrite (le cas échéant avec son journal, repris à son ouverture).
        file::close(conn, target);
        drop(opened.lock);
        if result.is_err() {
            let _ = std::fs::remove_file(target);
        }
        result
    }
}
