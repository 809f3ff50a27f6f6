//! Journal des intégrations (annulation en bloc), provenance des champs repris, suivi des
//! contributions par ESMS et vues consolidées par autorité.

use std::collections::HashMap;

use cpom_domain::contribution::consolidation::{
    AvancementEsms, TotauxAutorite, avancement_esms, par_autorite,
};
use cpom_domain::record::table::ops;
use rusqlite::Connection;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::kits;
use crate::store::records;
use crate::write::kit::parse_scope;
use cpom_domain::kernel::format::date_long_iso as fr_date;

/// Une intégration du journal.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MergeEntry {
    pub merge_id: String,
    pub kit_id: String,
    pub le: String,
    pub par: String,
    pub destinataire: String,
    pub resume: String,
    /// Enregistrements écrits.
    pub enregistrements: u32,
    #[ts(type = "string | null")]
    pub annulee_le: Option<String>,
    #[ts(type = "string | null")]
    pub annulee_par: Option<String>,
}

/// « Rédigé par … , intégré le … » pour un champ (ou un enregistrement entier).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ProvenanceNote {
    /// Chemin complet du champ (« esms.<uuid>.public_specifique ») ou de l'enregistrement.
    pub path: String,
    pub record_id: String,
    pub field: String,
    pub merge_id: String,
    pub texte: String,
}

/// Un kit au suivi.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SuiviKit {
    pub kit_id: String,
    pub destinataire: String,
    pub fichier: String,
    pub envoye_le: String,
    #[ts(type = "string | null")]
    pub echeance: Option<String>,
    #[ts(type = "string | null")]
    pub retourne_le: Option<String>,
    #[ts(type = "string | null")]
    pub integre_le: Option<String>,
    pub conflits_ouverts: u32,
    /// Échéance dépassée sans retour.
    pub en_retard: bool,
}

/// Une ligne du « suivi des contributions ».
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SuiviEsms {
    pub esms: Uuid,
    pub nom: String,
    pub finess: Option<String>,
    /// Le dernier kit envoyé pour cet ESMS (les plus anciens sont périmés).
    pub kit: Option<SuiviKit>,
    pub avancement: AvancementEsms,
}

/// Le suivi des contributions et les totaux par autorité.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Consolidation {
    pub suivi: Vec<SuiviEsms>,
    pub autorites: Vec<TotauxAutorite>,
    pub integrations: Vec<MergeEntry>,
}

/// Les notes de provenance du dossier.
pub fn provenance_notes(conn: &Connection) -> Result<Vec<ProvenanceNote>> {
    let rows = kits::provenance(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let kinds: HashMap<String, String> = kits::all_records(conn)?
        .into_iter()
        .map(|r| (r.id, r.kind))
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(record_id, field, merge_id, author, written_at, dest, integrated_at)| {
                let prefix = kinds
                    .get(&record_id)
                    .and_then(|k| ops(k))
                    .zip(Uuid::parse_str(&record_id).ok())
                    .map_or_else(|| record_id.clone(), |(o, id)| o.path(id));
                let path = if field.is_empty() {
                    prefix
                } else {
                    format!("{prefix}.{field}")
                };
                ProvenanceNote {
                    path,
                    texte: format!(
                        "Rédigé par {dest} ({author}, le {}), intégré le {}",
                        fr_date(&written_at),
                        fr_date(&integrated_at)
                    ),
                    record_id,
                    field,
                    merge_id,
                }
            },
        )
        .collect())
}

impl Session {
    /// Le journal des intégrations, la plus récente d'abord.
    pub fn merges(&self) -> Result<Vec<MergeEntry>> {
        kits::merges(&self.conn)?
            .into_iter()
            .map(|m| {
                Ok(MergeEntry {
                    enregistrements: kits::changes(&self.conn, &m.merge_id)?.len() as u32,
                    merge_id: m.merge_id,
                    kit_id: m.kit_id,
                    le: m.at,
                    par: m.author,
                    destinataire: m.destinataire,
                    resume: m.summary,
                    annulee_le: m.undone_at,
                    annulee_par: m.undone_by,
                })
            })
            .collect()
    }

    /// Annule une intégration en bloc : chaque enregistrement reprend son contenu d'avant,
    /// le kit redevient « à intégrer ». Refusé si l'un d'eux a changé depuis.
    pub fn undo_merge(&mut self, merge_id: &str) -> Result<()> {
        let m = kits::merge(&self.conn, merge_id)?.ok_or_else(|| {
            ServiceError::new(
                "fusion.introuvable",
                "Cette intégration n'existe pas dans le journal.",
            )
        })?;
        if m.undone_at.is_some() {
            return Err(ServiceError::new(
                "fusion.deja_annulee",
                "Cette intégration a déjà été annulée.",
            ));
        }
        let changes = kits::changes(&self.conn, merge_id)?;
        let current: HashMap<String, Option<String>> = kits::all_records(&self.conn)?
            .into_iter()
            .map(|r| (r.id, (!r.deleted).then_some(r.data)))
            .collect();
        for (_, id, kind, _, after) in &changes {
            let now = current.get(id).cloned().flatten();
            let same = match (&now, after) {
                (Some(a), Some(b)) => {
                    serde_json::from_str::<serde_json::Value>(a).ok()
                        == serde_json::from_str::<serde_json::Value>(b).ok()
                }
                (None, None) => true,
                _ => false,
            };
            if !same {
                let label = ops(kind).map_or(kind.clone(), |o| {
                    now.as_deref()
                        .or(after.as_deref())
                        .map_or(o.label().to_string(), |d| o.describe(d))
                });
                return Err(ServiceError::new(
                    "fusion.modifiee_depuis",
                    format!(
                        "« {label} » a été modifié depuis cette intégration : l'annuler effacerait ce changement. Annulez d'abord les intégrations plus récentes ou reprenez ce point à la main."
                    ),
                ));
            }
        }
        #[derive(serde::Deserialize)]
        struct Before {
            base: Vec<(String, String, Option<String>)>,
            integrated_at: Option<String>,
            integrated_hash: Option<String>,
        }
        let before: Before = serde_json::from_str(&m.kit_before)
            .map_err(|e| ServiceError::storage("Lecture du journal des intégrations", e))?;
        self.write_reload(|tx, s| {
            for (_, id, kind, old, new) in changes.iter().rev() {
                kits::put_record(tx, s.at, s.author, id, kind, old.as_deref())?;
                records::journal(
                    tx,
                    s,
                    id,
                    kind,
                    "import",
                    Some("contribution (annulation)"),
                    new.as_deref(),
                    old.as_deref(),
                )?;
            }
            kits::delete_provenance_of(tx, merge_id)?;
            kits::replace_base(tx, &m.kit_id, &before.base)?;
            kits::note_integrated(
                tx,
                &m.kit_id,
                before.integrated_at.as_deref(),
                before.integrated_hash.as_deref(),
            )?;
            kits::mark_undone(tx, merge_id, s.at, s.author)
        })
    }

    /// Le suivi des contributions (par ESMS du périmètre), les totaux par autorité et le
    /// journal des intégrations.
    pub fn consolidation(&self) -> Result<Consolidation> {
        consolidation(self)
    }
}

/// Voir [`Session::consolidation`].
pub fn consolidation(s: &Session) -> Result<Consolidation> {
    let d = s.dossier()?;
    let today = s.today().to_string();
    let kits = kits::kits(s.connection())?;
    let avancement = avancement_esms(&d);
    let suivi = d
        .perimetre()
        .zip(avancement)
        .map(|(e, avancement)| {
            let kit = kits
                .iter()
                .rev()
                .find(|k| parse_scope(&k.esms).esms.contains(&e.id))
                .map(|k| SuiviKit {
                    kit_id: k.kit_id.clone(),
                    destinataire: k.destinataire.clone(),
                    fichier: k.file_name.clone(),
                    envoye_le: k.issued_at.clone(),
                    echeance: k.echeance.clone(),
                    retourne_le: k.returned_at.clone(),
                    integre_le: k.integrated_at.clone(),
                    conflits_ouverts: k.open_conflicts.max(0) as u32,
                    en_retard: k.returned_at.is_none()
                        && k.echeance.as_deref().is_some_and(|e| e < today.as_str()),
                });
            SuiviEsms {
                esms: e.id,
                nom: e.nom.clone(),
                finess: e.finess_et.clone(),
                kit,
                avancement,
            }
        })
        .collect();
    Ok(Consolidation {
        suivi,
        autorites: par_autorite(&d),
        integrations: s.merges()?,
    })
}
