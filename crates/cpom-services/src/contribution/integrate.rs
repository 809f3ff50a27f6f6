//! « Intégrer une contribution » : contrôle du kit rendu, éléments à décider, application des
//! décisions en une transaction.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use cpom_domain::contribution::merge::{ApplyError, Stamps};
use cpom_domain::contribution::merge::{Decision, MergeItem, NatureItem, Snap, Stamp, apply, plan};
use cpom_domain::contribution::scope::KitScope;
use cpom_domain::record::table::ops;
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::kit::{KIT_FORMAT, context_hash, scope_hash, scope_rows};
use crate::atomic::display;
use crate::error::{Result, ServiceError};
use crate::session::Session;
use crate::store::kits::{self, KitRow, MergeRow, RawRecord};
use crate::store::{file, records};
use crate::write::kit::parse_scope;
use cpom_domain::kernel::format::date_long_iso as fr_date;

/// Le kit examiné.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct KitSummary {
    pub kit_id: String,
    pub destinataire: String,
    #[ts(type = "string | null")]
    pub echeance: Option<String>,
    pub issued_at: String,
    pub file: String,
}

/// Les éléments d'un ESMS.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct EsmsPlan {
    /// Absent : éléments sans ESMS (ne devrait pas arriver).
    pub esms: Option<Uuid>,
    pub nom: String,
    pub nouveaux: u32,
    pub modifies: u32,
    pub conflits: u32,
    pub supprimes: u32,
}

/// Ce qu'apporte un kit rendu, avant décision.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MergePlan {
    pub kit: KitSummary,
    /// Le kit a déjà été intégré tel quel : rien à faire.
    pub deja_integre: bool,
    pub items: Vec<MergeItem>,
    pub par_esms: Vec<EsmsPlan>,
    /// L'échéance du kit est dépassée : ce qu'il faut en dire avant de l'intégrer.
    pub echeance_depassee: Option<String>,
}

impl MergePlan {
    pub fn conflicts(&self) -> usize {
        self.items
            .iter()
            .filter(|i| i.nature == NatureItem::Conflit)
            .count()
    }
}

/// Le résultat d'une intégration.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Integration {
    /// Absent : rien n'a été écrit (kit déjà intégré).
    pub merge_id: Option<String>,
    /// Enregistrements écrits.
    pub ecrits: u32,
    pub acceptes: u32,
    pub rejetes: u32,
    pub resume: String,
}

/// L'échéance d'un kit, en français (« 12 mars 2026 »).
fn row_echeance(row: &KitRow) -> Option<String> {
    row.echeance.as_deref().map(fr_date)
}

fn refuse(code: &str, msg: String, kit: &Path) -> ServiceError {
    ServiceError::new(code, format!("{msg} Le dossier n'a pas été modifié."))
        .with_file(display(kit))
}

fn snaps(all: &[RawRecord]) -> BTreeMap<Uuid, Snap> {
    all.iter()
        .filter_map(|r| {
            let id = Uuid::parse_str(&r.id).ok()?;
            let data = if r.deleted {
                None
            } else {
                serde_json::from_str(&r.data).ok()
            };
            Some((
                id,
                Snap {
                    id,
                    kind: r.kind.clone(),
                    data,
                },
            ))
        })
        .collect()
}

fn stamps(conn: &Connection, all: &[RawRecord]) -> Result<Stamps> {
    let mut s = Stamps::default();
    for r in all {
        if let Ok(id) = Uuid::parse_str(&r.id) {
            s.records.insert(
                id,
                Stamp {
                    auteur: r.updated_by.clone(),
                    le: r.updated_at.clone(),
                },
            );
        }
    }
    for (id, field, auteur, le) in kits::field_stamps(conn)? {
        if let Ok(id) = Uuid::parse_str(&id) {
            s.fields.insert((id, field), Stamp { auteur, le });
        }
    }
    Ok(s)
}

/// Ce qui a été lu et contrôlé d'un kit rendu.
pub(crate) struct Examined {
    pub plan: MergePlan,
    pub row: KitRow,
    pub ours: BTreeMap<Uuid, Snap>,
    pub theirs_rows: Vec<(String, String, Option<String>)>,
    pub hash: String,
}

impl Session {
    /// Examine un kit rendu sans rien écrire : contrôles (même dossier, kit connu et à jour,
    /// contexte intact) puis éléments nouveaux, modifiés, en conflit, supprimés par ESMS.
    pub fn examine_kit(&self, kit_path: &Path) -> Result<MergePlan> {
        Ok(self.examine(kit_path)?.plan)
    }

    pub(crate) fn examine(&self, kit_path: &Path) -> Result<Examined> {
        if self.kit.is_some() {
            return Err(ServiceError::new(
                "kit.depuis_kit",
                "Ouvrez le dossier du siège pour intégrer une contribution (le fichier ouvert est lui-même un kit).",
            ));
        }
        let kconn = file::open_read_only(kit_path)?;
        let Some(kit_id) = records::meta_get(&kconn, "kit_id")? else {
            return Err(refuse(
                "kit.pas_un_kit",
                format!(
                    "« {} » est un dossier, pas un kit de contribution.",
                    display(kit_path)
                ),
                kit_path,
            ));
        };
        if records::meta_get(&kconn, "kit_format")?.as_deref() != Some(KIT_FORMAT) {
            return Err(refuse(
                "kit.format",
                "Ce kit a été préparé par une version d'Atelier CPOM dont le format de kit n'est pas celui-ci.".into(),
                kit_path,
            ));
        }
        let ours_id = self.meta()?.dossier_id;
        let theirs_id = records::meta_get(&kconn, "dossier_id")?.unwrap_or_default();
        if theirs_id != ours_id {
            let other = crate::store::dossier::read_dossier(&kconn)
                .map(|d| d.organisme.raison_sociale)
                .unwrap_or_default();
            return Err(refuse(
                "kit.autre_dossier",
                format!(
                    "Ce kit a été préparé pour un autre dossier{} : il ne peut pas être intégré dans celui-ci.",
                    if other.is_empty() {
                        String::new()
                    } else {
                        format!(" (« {other} »)")
                    }
                ),
                kit_path,
            ));
        }
        let row = kits::kit(&self.conn, &kit_id)?.ok_or_else(|| {
            refuse(
                "kit.inconnu",
                "Ce kit ne figure pas au suivi des contributions de ce dossier (dossier restauré depuis une sauvegarde plus ancienne ?).".into(),
                kit_path,
            )
        })?;
        if let Some(newer) = &row.superseded_by {
            let when = kits::kit(&self.conn, newer)?
                .map(|k| format!(" le {}", fr_date(&k.issued_at)))
                .unwrap_or_default();
            return Err(refuse(
                "kit.perime",
                format!(
                    "Ce kit, envoyé le {} à « {} », est une version dépassée : un kit plus récent a été envoyé{when} pour le même ESMS. Seul le plus récent peut être intégré.",
                    fr_date(&row.issued_at),
                    row.destinataire
                ),
                kit_path,
            ));
        }
        // La partie déléguée est celle qu'a enregistrée le siège, pas celle que dit le kit.
        let scope: KitScope = parse_scope(&row.esms);
        let theirs_all = kits::all_records(&kconn)?;
        if context_hash(&theirs_all, &scope) != row.context_hash {
            return Err(refuse(
                "kit.modifie",
                "Ce kit a été modifié en dehors de la partie confiée à la direction (données du siège changées hors de l'application) : il est refusé.".into(),
                kit_path,
            ));
        }
        let hash = scope_hash(&theirs_all, &scope);
        let d = self.dossier()?;
        let summary = KitSummary {
            kit_id: row.kit_id.clone(),
            destinataire: row.destinataire.clone(),
            echeance: row.echeance.clone(),
            issued_at: row.issued_at.clone(),
            file: display(kit_path),
        };
        let ours_all = kits::all_records(&self.conn)?;
        let ours = snaps(&ours_all);
        let theirs_rows = scope_rows(&theirs_all, &scope);
        if row.integrated_hash.as_deref() == Some(hash.as_str()) {
            let plan = MergePlan {
                kit: summary,
                deja_integre: true,
                items: Vec::new(),
                par_esms: Vec::new(),
                echeance_depassee: None,
            };
            return Ok(Examined {
                plan,
                row,
                ours,
                theirs_rows,
                hash,
            });
        }
        let base: BTreeMap<Uuid, Snap> = kits::base(&self.conn, &row.kit_id)?
            .into_iter()
            .filter_map(|(id, kind, data)| {
                let id = Uuid::parse_str(&id).ok()?;
                let data = data.and_then(|d| serde_json::from_str(&d).ok());
                Some((id, Snap { id, kind, data }))
            })
            .collect();
        let theirs: Vec<Snap> = snaps(
            &theirs_all
                .iter()
                .filter(|r| scope.contains(&r.kind, &r.data))
                .cloned()
                .collect::<Vec<_>>(),
        )
        .into_values()
        .collect();
        // Chaque enregistrement rendu repasse par les contrôles de saisie (bornes des textes
        // comprises) avant d'être montré : un kit modifié hors de l'application est refusé ici.
        for t in &theirs {
            if let (Some(o), Some(v)) = (ops(&t.kind), &t.data)
                && let Err((field, e)) = o.check_import(v)
            {
                return Err(refuse(
                    "kit.valeur",
                    format!(
                        "Le kit contient une valeur refusée ({} « {} », champ « {field} ») : {}",
                        o.label(),
                        o.describe(&v.to_string()),
                        e.message
                    ),
                    kit_path,
                )
                .with_location(format!("{}.{field}", o.path(t.id))));
            }
        }
        let their_stamps = stamps(&kconn, &theirs_all)?;
        let our_stamps = stamps(&self.conn, &ours_all)?;
        let esms_of = |s: &Snap| {
            s.data.as_ref().and_then(|v| {
                let o = ops(&s.kind)?;
                o.esms_scope(&v.to_string())
            })
        };
        let items = plan(&base, &ours, &theirs, &their_stamps, &our_stamps, &esms_of);
        let mut par_esms: Vec<EsmsPlan> = Vec::new();
        for it in &items {
            let idx = match par_esms.iter().position(|p| p.esms == it.esms) {
                Some(i) => i,
                None => {
                    let nom = it
                        .esms
                        .and_then(|id| d.esms.iter().find(|e| e.id == id))
                        .map_or_else(|| "Organisme".to_string(), |e| e.nom.clone());
                    par_esms.push(EsmsPlan {
                        esms: it.esms,
                        nom,
                        nouveaux: 0,
                        modifies: 0,
                        conflits: 0,
                        supprimes: 0,
                    });
                    par_esms.len() - 1
                }
            };
            let p = &mut par_esms[idx];
            match it.nature {
                NatureItem::Nouveau => p.nouveaux += 1,
                NatureItem::Modifie => p.modifies += 1,
                NatureItem::Conflit => p.conflits += 1,
                NatureItem::Supprime => p.supprimes += 1,
            }
        }
        let echeance_depassee = row
            .echeance
            .as_deref()
            .and_then(|e| chrono::NaiveDate::parse_from_str(e.get(..10)?, "%Y-%m-%d").ok())
            .filter(|e| *e < self.today())
            .map(|e| {
                let late = (self.today() - e).num_days();
                format!(
                    "Ce kit devait être rendu au plus tard le {} : l'échéance est dépassée de {late} jour{}. Vérifiez avec {} que ce sont bien ses dernières saisies avant de l'intégrer.",
                    cpom_domain::kernel::format::date_long(e),
                    if late > 1 { "s" } else { "" },
                    row.destinataire
                )
            });
        Ok(Examined {
            plan: MergePlan {
                kit: summary,
                deja_integre: false,
                items,
                par_esms,
                echeance_depassee,
            },
            row,
            ours,
            theirs_rows,
            hash,
        })
    }

    /// Examine un kit rendu et le note « retourné » au suivi (avec ses conflits ouverts).
    /// Un kit refusé n'écrit rien.
    pub fn receive_kit(&mut self, kit_path: &Path) -> Result<MergePlan> {
        let ex = self.examine(kit_path)?;
        if !ex.plan.deja_integre {
            let n = ex.plan.conflicts() as i64;
            let id = ex.row.kit_id.clone();
            self.write(|tx, s| kits::note_returned(tx, &id, s.at, n))?;
        }
        Ok(ex.plan)
    }

    /// Intègre un kit rendu selon les décisions (clé d'élément → décision ; un élément sans
    /// décision est rejeté), en une transaction. Ré-intégrer le même kit n'écrit rien.
    pub fn integrate_kit(
        &mut self,
        kit_path: &Path,
        decisions: &HashMap<String, Decision>,
    ) -> Result<Integration> {
        let ex = self.examine(kit_path)?;
        if ex.plan.deja_integre {
            return Ok(Integration {
                merge_id: None,
                ecrits: 0,
                acceptes: 0,
                rejetes: 0,
                resume: "Ce kit a déjà été intégré tel quel : rien à faire.".into(),
            });
        }
        let items = &ex.plan.items;
        let writes = apply(items, decisions, &ex.ours).map_err(|e| match e {
            ApplyError::Field(key, fe) => {
                let prefix = items
                    .iter()
                    .find(|i| i.key == key)
                    .and_then(|i| ops(&i.kind).map(|o| o.path(i.target_id)))
                    .unwrap_or_default();
                ServiceError::from(fe.prefixed(&prefix)).with_location(key)
            }
            ApplyError::NotAField(key) => ServiceError::new(
                "fusion.modifier",
                "Un enregistrement entier s'accepte ou se rejette ; modifiez ensuite ses champs.",
            )
            .with_location(key),
            ApplyError::Invalid(key, why) => ServiceError::new(
                "fusion.invalide",
                format!(
                    "La valeur retenue n'est pas valable : {}.",
                    crate::error::translate::library_text(&why)
                ),
            )
            .with_location(key)
            .with_technique(why),
        })?;
        let accepted = items
            .iter()
            .filter(|i| {
                decisions
                    .get(&i.key)
                    .is_some_and(|d| *d != Decision::Rejeter)
            })
            .count() as u32;
        let rejected = items.len() as u32 - accepted;
        let mut resume = format!(
            "{} accepté(s) ou modifié(s), {} rejeté(s) ; {} enregistrement(s) écrit(s).",
            accepted,
            rejected,
            writes.len()
        );
        if ex.plan.echeance_depassee.is_some()
            && let Some(e) = &row_echeance(&ex.row)
        {
            resume.push_str(&format!(" Kit intégré après son échéance ({e})."));
        }
        let merge_id = Uuid::new_v4().to_string();
        let row = ex.row.clone();
        let before_base = kits::base(&self.conn, &row.kit_id)?;
        let kit_before = serde_json::json!({
            "base": before_base,
            "integrated_at": row.integrated_at,
            "integrated_hash": row.integrated_hash,
        })
        .to_string();
        let (theirs_rows, hash) = (ex.theirs_rows, ex.hash);
        let n_writes = writes.len() as u32;
        let resume2 = resume.clone();
        let mid = merge_id.clone();
        self.write(move |tx, s| {
            for (seq, w) in writes.iter().enumerate() {
                let id = w.id.to_string();
                let before = w.before.as_ref().map(Value::to_string);
                let after = w.after.as_ref().map(Value::to_string);
                kits::put_record(tx, s.at, s.author, &id, &w.kind, after.as_deref())?;
                records::journal(
                    tx,
                    s,
                    &id,
                    &w.kind,
                    "import",
                    Some("contribution"),
                    before.as_deref(),
                    after.as_deref(),
                )?;
                kits::insert_change(
                    tx,
                    &mid,
                    &(seq as i64, id.clone(), w.kind.clone(), before, after),
                )?;
                for (f, st) in w.fields.iter().zip(&w.stamps) {
                    kits::upsert_provenance(
                        tx,
                        &(
                            id.clone(),
                            f.clone(),
                            mid.clone(),
                            st.auteur.clone(),
                            st.le.clone(),
                            row.destinataire.clone(),
                            s.at.to_string(),
                        ),
                    )?;
                }
            }
            kits::insert_merge(
                tx,
                &MergeRow {
                    merge_id: mid.clone(),
                    kit_id: row.kit_id.clone(),
                    at: s.at.to_string(),
                    author: s.author.to_string(),
                    destinataire: row.destinataire.clone(),
                    summary: resume2.clone(),
                    kit_before: kit_before.clone(),
                    undone_at: None,
                    undone_by: None,
                },
            )?;
            kits::replace_base(tx, &row.kit_id, &theirs_rows)?;
            kits::note_integrated(tx, &row.kit_id, Some(s.at), Some(&hash))?;
            Ok(())
        })?;
        Ok(Integration {
            merge_id: Some(merge_id),
            ecrits: n_writes,
            acceptes: accepted,
            rejetes: rejected,
            resume,
        })
    }
}
