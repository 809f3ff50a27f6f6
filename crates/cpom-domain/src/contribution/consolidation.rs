//! Vues consolidées du siège : totaux par autorité (ARS, chaque conseil départemental) et
//! avancement de la partie de chaque ESMS (diagnostic et actions des objectifs).

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::diagnostic::calc::calcul;
use crate::dossier::Dossier;
use crate::dossier::perimetre::Esms;
use crate::kernel::reference::reference;

/// Les totaux d'une autorité de tarification.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TotauxAutorite {
    /// « ars » ou « cd ».
    pub autorite: String,
    /// Code région (ARS) ou département (CD).
    pub code: String,
    /// « Agence régionale de santé Pays de la Loire », « Conseil départemental — Loire-Atlantique (44) ».
    pub libelle: String,
    /// Les ESMS du périmètre dont l'autorité est (ou partage) la compétence tarifaire ; un ESMS
    /// de compétence conjointe compte pour l'ARS et pour son département.
    pub esms: Vec<Uuid>,
    pub capacite_autorisee: u32,
    pub capacite_installee: u32,
    #[ts(type = "string")]
    pub etp: Decimal,
    /// Résultats cumulés des années N-3..N-1 saisis en 2-E pour cette autorité (tous
    /// départements confondus pour les conseils départementaux : le 2-E ne les distingue pas).
    #[ts(type = "string | null")]
    pub resultats_cumules: Option<Decimal>,
    /// Réserves et provisions au 31/12/N-1 pour cette autorité (même remarque).
    #[ts(type = "string | null")]
    pub reserves: Option<Decimal>,
    /// Objectifs qui engagent cette autorité ; voir [`objectifs_engageant`].
    pub objectifs: Vec<Uuid>,
}

/// Les objectifs actifs qui engagent l'autorité (`autorite` = « ars » ou « cd », `code` =
/// région ou département) : ceux dont le champ « autorités » la nomme (instruction DGCS,
/// seed 000 L837-L839, V30) et, pour un département, dont un ESMS concerné est situé dans ce
/// département.
pub fn objectifs_engageant(d: &Dossier, autorite: &str, code: &str) -> Vec<Uuid> {
    d.objectifs
        .actifs()
        .filter(|o| match (autorite, o.autorites) {
            ("ars", Some(a)) => a.ars(),
            ("cd", Some(a)) => {
                a.cd()
                    && crate::objectifs::calc::esms_of(d, o)
                        .iter()
                        .any(|e| e.departement.as_deref() == Some(code))
            }
            _ => false,
        })
        .map(|o| o.id)
        .collect()
}

/// Fiches-actions d'un ESMS : (actions réalisées ou datées, total), pour les objectifs qui le
/// concernent.
fn fiches_actions(d: &Dossier, esms: Uuid) -> Option<(u32, u32)> {
    let mut done = 0;
    let mut total = 0;
    for o in d.objectifs.actifs() {
        if !crate::objectifs::calc::esms_of(d, o)
            .iter()
            .any(|e| e.id == esms)
        {
            continue;
        }
        for a in d.objectifs.actions_of(o.id) {
            if !a.esms.is_empty() && !a.esms.contains(&esms) {
                continue;
            }
            total += 1;
            if a.debut.is_some() && a.fin.is_some() {
                done += 1;
            }
        }
    }
    (total > 0).then_some((done, total))
}

fn totals(esms: &[&Esms]) -> (u32, u32, Decimal) {
    (
        esms.iter().map(|e| e.capacites.total_autorisee()).sum(),
        esms.iter().map(|e| e.capacites.total_installee()).sum(),
        esms.iter().map(|e| e.etp.total()).sum(),
    )
}

/// Totaux par autorité : l'ARS d'abord, puis chaque conseil départemental (ordre des codes).
pub fn par_autorite(d: &Dossier) -> Vec<TotauxAutorite> {
    let fin = crate::diagnostic::calc::totaux_financiers(d);
    let r = reference();
    let mut out = Vec::new();
    let ars: Vec<&Esms> = d
        .perimetre()
        .filter(|e| e.competence.is_some_and(|c| c.involves_ars()))
        .collect();
    let mut cds: BTreeMap<String, Vec<&Esms>> = BTreeMap::new();
    for e in d.perimetre() {
        if e.competence.is_some_and(|c| c.involves_cd()) {
            cds.entry(e.departement.clone().unwrap_or_default())
                .or_default()
                .push(e);
        }
    }
    if !ars.is_empty() {
        let region = d.cpom.region.clone().unwrap_or_default();
        let nom = r
            .region(&region)
            .map_or("(région à préciser)".to_string(), |x| x.nom.clone());
        let (a, i, etp) = totals(&ars);
        out.push(TotauxAutorite {
            autorite: "ars".into(),
            libelle: format!("Agence régionale de santé {nom}"),
            esms: ars.iter().map(|e| e.id).collect(),
            capacite_autorisee: a,
            capacite_installee: i,
            etp,
            resultats_cumules: fin.resultats_cumules.get("ars").copied(),
            reserves: fin.reserves_par_autorite.get("ars").copied(),
            objectifs: objectifs_engageant(d, "ars", &region),
            code: region,
        });
    }
    for (dep, list) in cds {
        let nom = r.departement(&dep).map_or(dep.clone(), |x| x.nom.clone());
        let (a, i, etp) = totals(&list);
        out.push(TotauxAutorite {
            autorite: "cd".into(),
            libelle: format!("Conseil départemental — {nom} ({dep})"),
            esms: list.iter().map(|e| e.id).collect(),
            capacite_autorisee: a,
            capacite_installee: i,
            etp,
            resultats_cumules: fin.resultats_cumules.get("cd").copied(),
            reserves: fin.reserves_par_autorite.get("cd").copied(),
            objectifs: objectifs_engageant(d, "cd", &dep),
            code: dep,
        });
    }
    out
}

/// L'avancement de la partie d'un ESMS.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AvancementEsms {
    pub esms: Uuid,
    /// Questions du diagnostic (axes par ESMS) répondues / à répondre pour cet ESMS.
    pub questions_repondues: u32,
    pub questions_total: u32,
    /// Ligne Creton (2-F) saisie.
    pub creton: bool,
    /// Valeurs d'indicateurs (2-B/2-C) saisies pour cet ESMS.
    pub indicateurs: u32,
    /// Actions des objectifs qui concernent l'ESMS (datées, total) ; `None` sans objectif.
    pub fiches_actions: Option<(u32, u32)>,
    /// 0–100.
    pub completion: u32,
}

/// Avancement de chaque ESMS du périmètre, dans l'ordre du périmètre.
pub fn avancement_esms(d: &Dossier) -> Vec<AvancementEsms> {
    let c = calcul(d);
    d.perimetre()
        .map(|e| {
            let (mut done, mut total) = (0, 0);
            for p in c.axes.iter().flat_map(|a| &a.portees) {
                if p.esms == Some(e.id) {
                    done += p.repondues;
                    total += p.total;
                }
            }
            let creton = d.diagnostic.creton.iter().any(|x| x.esms == Some(e.id));
            let indicateurs = d
                .diagnostic
                .indicateurs
                .iter()
                .filter(|i| i.esms == Some(e.id) && i.valeur.is_some())
                .count() as u32;
            // Avancement : questions du diagnostic et actions datées des objectifs de l'ESMS.
            let fa = fiches_actions(d, e.id);
            let (a, b) = fa.unwrap_or((0, 0));
            AvancementEsms {
                esms: e.id,
                questions_repondues: done,
                questions_total: total,
                creton,
                indicateurs,
                fiches_actions: fa,
                completion: ((done + a) * 100).checked_div(total + b).unwrap_or(100),
            }
        })
        .collect()
}
