//! « Préparer un kit de contribution » et le mode kit d'une session.

use std::collections::{BTreeSet, HashSet};
use std::path::Path;

use chrono::NaiveDate;
use cpom_domain::contribution::scope::KitScope;
use cpom_domain::dossier::Dossier;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;
use uuid::Uuid;

use crate::atomic::{display, sync_and_rename, temp_sibling};
use crate::error::{Result, ServiceError};
use crate::session::{Session, now};
use crate::store::file;
use crate::store::kits::{self, KitRow, RawRecord};
use crate::store::records::{self, RecordRow};
use crate::write::kit::{KitMode, parse_scope};

/// Version du format des kits (meta `kit_format`) ; un kit d'un autre format est refusé.
pub const KIT_FORMAT: &str = "1";

/// Ce que le siège demande en préparant un kit.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KitRequest {
    /// UUID des ESMS délégués (au moins un).
    pub esms: Vec<String>,
    /// Pour qui (« Direction de l'IME Les Hirondelles ») ; vide : déduit des ESMS.
    pub destinataire: String,
    /// Date de retour attendue (AAAA-MM-JJ).
    #[ts(type = "string | null")]
    pub echeance: Option<NaiveDate>,
}

/// Le kit préparé.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KitIssued {
    pub kit_id: String,
    pub file: String,
    pub destinataire: String,
    pub esms: Vec<String>,
    /// Kits plus anciens remplacés (périmés) pour les mêmes ESMS.
    pub remplaces: Vec<String>,
}

/// Ce que l'interface affiche d'un kit ouvert par une direction.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KitInfo {
    pub kit_id: String,
    pub destinataire: String,
    #[ts(type = "string | null")]
    pub echeance: Option<String>,
    pub issued_at: String,
    pub issued_by: String,
    /// UUID des ESMS délégués et leurs noms.
    pub esms: Vec<String>,
    pub esms_noms: Vec<String>,
    /// Enregistrements modifiables (UUID) : ceux qui appartiennent aux ESMS délégués.
    pub editables: Vec<String>,
}

/// Ce que l'interface affiche d'un kit ouvert : ses ESMS et les enregistrements qu'il permet
/// de modifier (la partie déléguée, d'après le domaine).
pub(crate) fn kit_info(k: &KitMode, d: &Dossier, rows: &[RecordRow]) -> KitInfo {
    let esms: Vec<&cpom_domain::dossier::perimetre::Esms> = d
        .esms
        .iter()
        .filter(|e| k.scope.esms.contains(&e.id))
        .collect();
    KitInfo {
        kit_id: k.row.kit_id.clone(),
        destinataire: k.row.destinataire.clone(),
        echeance: k.row.echeance.clone(),
        issued_at: k.row.issued_at.clone(),
        issued_by: k.row.issued_by.clone(),
        esms: esms.iter().map(|e| e.id.to_string()).collect(),
        esms_noms: esms.iter().map(|e| e.nom.clone()).collect(),
        editables: rows
            .iter()
            .filter(|r| k.scope.contains(&r.kind, &r.data))
            .map(|r| r.id.clone())
            .collect(),
    }
}

fn sha(lines: impl Iterator<Item = String>) -> String {
    let mut h = Sha256::new();
    for l in lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    h.finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<String>()
}

/// Empreinte du contexte partagé : les enregistrements vivants hors de la partie déléguée.
pub(crate) fn context_hash(all: &[RawRecord], scope: &KitScope) -> String {
    let mut rows: Vec<&RawRecord> = all
        .iter()
        .filter(|r| !r.deleted && !scope.contains(&r.kind, &r.data))
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    sha(rows
        .into_iter()
        .map(|r| format!("{}\u{0}{}\u{0}{}", r.id, r.kind, r.data)))
}

/// Empreinte de la partie déléguée (suppressions comprises) : un kit rendu deux fois sans
/// changement a la même.
pub(crate) fn scope_hash(all: &[RawRecord], scope: &KitScope) -> String {
    let mut rows: Vec<&RawRecord> = all
        .iter()
        .filter(|r| scope.contains(&r.kind, &r.data))
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    sha(rows
        .into_iter()
        .map(|r| format!("{}\u{0}{}\u{0}{}\u{0}{}", r.id, r.kind, r.deleted, r.data)))
}

/// La partie déléguée vivante : (record_id, kind, data).
pub(crate) fn scope_rows(
    all: &[RawRecord],
    scope: &KitScope,
) -> Vec<(String, String, Option<String>)> {
    all.iter()
        .filter(|r| scope.contains(&r.kind, &r.data))
        .map(|r| {
            (
                r.id.clone(),
                r.kind.clone(),
                (!r.deleted).then(|| r.data.clone()),
            )
        })
        .collect()
}

/// Tables et journal qui ne voyagent pas dans un kit : les autres kits, les intégrations
/// et l'historique du siège (le journal du kit ne contiendra que la saisie de la direction).
const STRIP_SQL: &str = "DELETE FROM contribution_kit; DELETE FROM kit_base; DELETE FROM merge_log; DELETE FROM merge_change; DELETE FROM journal;";

impl Session {
    /// « Préparer un kit de contribution » pour un ou plusieurs ESMS : écrit à `target` une
    /// copie du dossier dont seule la partie de ces ESMS se modifie, et l'inscrit au suivi.
    /// Un kit plus ancien envoyé pour l'un de ces ESMS devient périmé.
    pub fn export_kit(&mut self, req: &KitRequest, target: &Path) -> Result<KitIssued> {
        if self.kit.is_some() {
            return Err(ServiceError::new(
                "kit.depuis_kit",
                "Un kit de contribution ne sert pas à préparer d'autres kits : ouvrez le dossier du siège.",
            ));
        }
        if target == self.path() {
            return Err(ServiceError::new(
                "copie.meme_fichier",
                "Choisissez un autre fichier que le dossier ouvert pour le kit.",
            ));
        }
        let d = self.dossier()?;
        let mut ids: BTreeSet<Uuid> = BTreeSet::new();
        for s in &req.esms {
            let id = Uuid::parse_str(s.trim()).ok();
            match id.and_then(|id| d.esms.iter().find(|e| e.id == id)) {
                Some(e) => {
                    ids.insert(e.id);
                }
                None => {
                    return Err(ServiceError::new(
                        "kit.esms_inconnu",
                        format!("Aucun ESMS du dossier ne porte l'identifiant « {s} »."),
                    )
                    .with_field("esms"));
                }
            }
        }
        if ids.is_empty() {
            return Err(ServiceError::new(
                "kit.esms_vide",
                "Choisissez au moins un ESMS à confier à la direction.",
            )
            .with_field("esms"));
        }
        let names: Vec<String> = d
            .esms
            .iter()
            .filter(|e| ids.contains(&e.id))
            .map(|e| e.nom.clone())
            .collect();
        cpom_domain::kernel::parse::line(
            "destinataire",
            &serde_json::Value::String(req.destinataire.clone()),
        )?;
        let destinataire = if req.destinataire.trim().is_empty() {
            format!("Direction — {}", names.join(", "))
        } else {
            req.destinataire.trim().to_string()
        };
        let scope = KitScope::new(ids.iter().copied());
        let at = now();
        let kit_id = Uuid::new_v4().to_string();
        let tmp = temp_sibling(target);
        let result = (|| {
            file::save_copy(&self.conn, &tmp)?;
            let mut conn = Connection::open(&tmp)?;
            let all = kits::all_records(&conn)?;
            let row = KitRow {
                kit_id: kit_id.clone(),
                esms: serde_json::to_string(&ids).unwrap_or_default(),
                destinataire: destinataire.clone(),
                echeance: req.echeance.map(|e| e.to_string()),
                issued_at: at.clone(),
                issued_by: self.author.clone(),
                file_name: target
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                context_hash: context_hash(&all, &scope),
                superseded_by: None,
                returned_at: None,
                open_conflicts: 0,
                integrated_at: None,
                integrated_hash: None,
            };
            let base = scope_rows(&all, &scope);
            {
                let tx = conn.transaction()?;
                tx.execute_batch(STRIP_SQL)?;
                kits::insert_kit(&tx, &row)?;
                kits::replace_base(&tx, &kit_id, &base)?;
                records::meta_set(&tx, "kit_id", &kit_id)?;
                records::meta_set(&tx, "kit_format", KIT_FORMAT)?;
                tx.commit()?;
            }
            conn.execute_batch("VACUUM")?;
            conn.close().map_err(|(_, e)| ServiceError::from(e))?;
            // Le fichier du kit d'abord, puis le kit au suivi du siège : une écriture refusée
            // au siège retire le fichier, et rien n'est annoncé comme fait qui ne l'est pas.
            sync_and_rename(&tmp, target)?;
            // Au siège : le kit au suivi, sa base, les kits qu'il remplace.
            let remplaces = self.write(|tx, _| {
                let mut old = Vec::new();
                for k in kits::kits(tx)? {
                    let theirs = parse_scope(&k.esms);
                    if k.superseded_by.is_none() && !theirs.esms.is_disjoint(&scope.esms) {
                        kits::supersede(tx, &k.kit_id, &kit_id)?;
                        old.push(k.kit_id);
                    }
                }
                kits::insert_kit(tx, &row)?;
                kits::replace_base(tx, &kit_id, &base)?;
                Ok(old)
            });
            if remplaces.is_err() {
                let _ = std::fs::remove_file(target);
            }
            remplaces
        })();
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        let remplaces = result.map_err(|e: ServiceError| e.with_file(display(target)))?;
        Ok(KitIssued {
            kit_id,
            file: display(target),
            destinataire,
            esms: ids.iter().map(Uuid::to_string).collect(),
            remplaces,
        })
    }

    /// Les ESMS désignés par leurs FINESS géographiques (ligne de commande).
    pub fn esms_by_finess(&self, finess: &[String]) -> Result<Vec<String>> {
        let d = self.dossier()?;
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for f in finess {
            let f = f.trim();
            let e = d
                .esms
                .iter()
                .find(|e| e.finess_et.as_deref() == Some(f))
                .ok_or_else(|| {
                    ServiceError::new(
                        "kit.finess_inconnu",
                        format!("Aucun ESMS du dossier n'a le FINESS géographique {f}."),
                    )
                })?;
            if seen.insert(e.id) {
                out.push(e.id.to_string());
            }
        }
        Ok(out)
    }
}
