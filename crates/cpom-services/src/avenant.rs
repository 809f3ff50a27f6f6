//! Les avenants d'un contrat signé : « Préparer un avenant » ouvre un projet posé sur le
//! contrat signé (le contrat se modifie alors dans les étapes habituelles ; la garde range
//! l'état d'avant de chaque enregistrement modifié dans le projet) ; le projet se signe
//! (numéroté à sa dernière signature) ou s'abandonne (le contrat revient à son état d'avant).
//! « Créer une copie de travail » reste possible : une copie du dossier dont les dates de
//! signature sont effacées (trace dans le journal de la copie).

use std::path::Path;

use cpom_domain::dossier::signature::{SignataireSaisi, Signatures};
use cpom_domain::dossier::suivi::{Avenant, TypeAvenant};
use cpom_domain::record::editable::Placed;
use cpom_domain::record::table::ops;
use cpom_domain::signature::calc::{partie_key, signataires};
use cpom_domain::suivi::versions::{contrat_signe, restore};
use rusqlite::params;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::{Session, now};
use crate::store::edit::replace_kind;
use crate::store::{file, records};

fn non_signe() -> ServiceError {
    ServiceError::new(
        "avenant.non_signe",
        "Ce dossier n'est pas encore signé : continuez à le modifier directement.",
    )
}

impl Session {
    /// « Préparer un avenant » : un projet d'avenant de ces types, dont les signataires sont
    /// repris des parties du contrat (noms et qualités de la signature du contrat).
    pub fn avenant_create(&mut self, types: &[TypeAvenant], objet: &str) -> Result<String> {
        let d = self.dossier()?;
        if !contrat_signe(&d) {
            return Err(non_signe());
        }
        if d.suivi_contrat.projet_avenant().is_some() {
            return Err(ServiceError::new(
                "avenant.deja_en_cours",
                "Un projet d'avenant est déjà en cours : signez-le ou abandonnez-le avant d'en préparer un autre.",
            ));
        }
        let id = Uuid::new_v4();
        let avenant = Avenant {
            id,
            types: types.to_vec(),
            objet: objet.trim().to_string(),
            lieu: d.signature.signatures.lieu.clone(),
            signataires: signataires(&d)
                .into_iter()
                .map(|(s, x)| SignataireSaisi {
                    partie: partie_key(&s),
                    nom: x.map(|x| x.nom.clone()).unwrap_or_default(),
                    qualite: x.map(|x| x.qualite.clone()).unwrap_or_default(),
                    date_signature: None,
                })
                .collect(),
            ..Avenant::default()
        };
        self.write(|tx, s| {
            let pos = records::next_position(tx, Avenant::KIND)?;
            records::insert(tx, s, &id.to_string(), Avenant::KIND, pos, &avenant)
        })?;
        Ok(id.to_string())
    }

    /// « Abandonner le projet » : le contrat revient à son état d'avant le projet (contenus,
    /// places, enregistrements ajoutés retirés, supprimés remis) et le projet disparaît, en
    /// une écriture.
    pub fn avenant_abandon(&mut self, id: &str) -> Result<()> {
        let d = self.dossier()?;
        let p = d
            .suivi_contrat
            .projet_avenant()
            .filter(|p| p.id.to_string() == id)
            .ok_or_else(|| {
                ServiceError::new(
                    "avenant.introuvable",
                    "Ce projet d'avenant n'existe plus (déjà signé ou abandonné ?).",
                )
            })?
            .clone();
        let target = restore(&d, &p.modifications);
        let mut kinds: Vec<&str> = p.modifications.iter().map(|m| m.kind.as_str()).collect();
        kinds.sort_unstable();
        kinds.dedup();
        self.write(|tx, s| {
            for k in &kinds {
                if let Some(o) = ops(k) {
                    replace_kind(tx, s, o, &target)?;
                }
            }
            records::soft_delete(tx, s, id, Avenant::KIND)
        })
    }

    /// Crée `target`, copie de travail du dossier signé : les dates de signature y sont
    /// effacées (la copie redevient modifiable en entier).
    pub fn save_avenant_copy(&self, target: &Path) -> Result<()> {
        if !contrat_signe(&self.dossier()?) {
            return Err(non_signe());
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
            // Les avenants de l'original restent dans son histoire, pas dans la copie.
            tx.execute(
                "UPDATE record SET deleted_at = ?2 WHERE kind = ?1 AND deleted_at IS NULL",
                params![Avenant::KIND, at],
            )?;
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
