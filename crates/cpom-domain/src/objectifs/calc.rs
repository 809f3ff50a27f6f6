//! Vue d'ensemble des objectifs : couverture des six objectifs minimum (guide PdL, seed 002
//! L682-L712), matrice objectifs × ESMS × axes, et « tableau récapitulatif des objectifs »
//! du modèle PACA (seed 001, titre 3, annexes).

use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::objectifs::*;

/// Un objectif minimum et les fiches qui le couvrent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CouvertureMinimum {
    pub minimum: ObjectifMinimum,
    pub libelle: String,
    pub axe: Axe,
    pub objectifs: Vec<Uuid>,
}

/// La couverture des six objectifs minimum par les fiches actives.
pub fn coverage(d: &Dossier) -> Vec<CouvertureMinimum> {
    ObjectifMinimum::ALL
        .iter()
        .map(|m| CouvertureMinimum {
            minimum: *m,
            libelle: m.label().into(),
            axe: m.axe(),
            objectifs: d
                .objectifs
                .actifs()
                .filter(|o| o.minimums.contains(m))
                .map(|o| o.id)
                .collect(),
        })
        .collect()
}

/// Une ligne du tableau récapitulatif (une par objectif actif).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LigneRecapitulatif {
    pub id: Uuid,
    pub numero: u32,
    pub titre: String,
    pub axe: Option<Axe>,
    pub axe_libelle: String,
    pub minimums: Vec<String>,
    /// Noms des ESMS concernés (« Tous les ESMS » pour un objectif partagé).
    pub esms: Vec<String>,
    pub autorites: String,
    pub pilote: String,
    pub statut: String,
    pub nb_actions: u32,
    pub nb_indicateurs: u32,
    /// Première et dernière date des actions.
    #[ts(type = "string | null")]
    pub debut: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub fin: Option<NaiveDate>,
}

/// Le tableau récapitulatif des objectifs, dans l'ordre des fiches.
/// Coût : linéaire (actions et indicateurs rangés par fiche une fois).
pub fn recapitulatif(d: &Dossier) -> Vec<LigneRecapitulatif> {
    let obj = &d.objectifs;
    let par = obj.par_fiche();
    let perimetre = Perimetre::new(d);
    obj.actifs()
        .enumerate()
        .map(|(i, o)| {
            let actions = par.actions(o.id);
            LigneRecapitulatif {
                id: o.id,
                numero: i as u32 + 1,
                titre: o.titre.clone(),
                axe: o.axe,
                axe_libelle: o
                    .axe
                    .map(|a| format!("Axe {} — {}", a.number(), a.label()))
                    .unwrap_or_default(),
                minimums: o.minimums.iter().map(|m| m.label().to_string()).collect(),
                esms: match o.portee {
                    PorteeObjectif::Partage => vec!["Tous les ESMS du CPOM".into()],
                    PorteeObjectif::Propre => {
                        perimetre.listes(o).iter().map(|e| e.nom.clone()).collect()
                    }
                },
                autorites: o
                    .autorites
                    .map(|a| a.label().to_string())
                    .unwrap_or_default(),
                pilote: o.pilote.clone(),
                statut: o.statut.label().into(),
                nb_actions: actions.len() as u32,
                nb_indicateurs: par.indicateurs(o.id).len() as u32,
                debut: actions.iter().filter_map(|a| a.debut).min(),
                fin: actions.iter().filter_map(|a| a.fin).max(),
            }
        })
        .collect()
}

/// Une cellule de la matrice objectifs × ESMS.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct LigneMatrice {
    pub objectif: Uuid,
    pub numero: u32,
    pub titre: String,
    pub axe: Option<Axe>,
    /// Pour chaque ESMS du périmètre (dans l'ordre de `esms`), l'objectif le concerne-t-il ?
    pub concerne: Vec<bool>,
}

/// La matrice objectifs × ESMS, rangée par axe.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Matrice {
    pub esms: Vec<(Uuid, String)>,
    pub lignes: Vec<LigneMatrice>,
    /// Nombre d'objectifs par ESMS (même ordre que `esms`).
    pub totaux_esms: Vec<u32>,
    /// Nombre d'objectifs par axe (1, 2, 3) et sans axe.
    pub totaux_axes: Vec<(Option<Axe>, u32)>,
}

/// Coût : proportionnel à la taille de la matrice (fiches × ESMS), chaque case lue dans un
/// ensemble haché (jamais une liste d'ESMS parcourue par case).
pub fn matrice(d: &Dossier) -> Matrice {
    let esms: Vec<(Uuid, String)> = d.perimetre().map(|e| (e.id, e.nom.clone())).collect();
    let mut lignes: Vec<LigneMatrice> = d
        .objectifs
        .actifs()
        .enumerate()
        .map(|(i, o)| {
            let concerne = match o.portee {
                PorteeObjectif::Partage => vec![true; esms.len()],
                PorteeObjectif::Propre => {
                    let ids: crate::kernel::hash::FastSet<Uuid> = o.esms.iter().copied().collect();
                    esms.iter().map(|(id, _)| ids.contains(id)).collect()
                }
            };
            LigneMatrice {
                objectif: o.id,
                numero: i as u32 + 1,
                titre: o.titre.clone(),
                axe: o.axe,
                concerne,
            }
        })
        .collect();
    lignes.sort_by_key(|l| (l.axe.is_none(), l.axe, l.numero));
    let mut totaux_esms = vec![0u32; esms.len()];
    for l in &lignes {
        for (k, c) in l.concerne.iter().enumerate() {
            totaux_esms[k] += u32::from(*c);
        }
    }
    let mut totaux_axes: Vec<(Option<Axe>, u32)> = Axe::ALL
        .iter()
        .map(|a| {
            (
                Some(*a),
                lignes.iter().filter(|l| l.axe == Some(*a)).count() as u32,
            )
        })
        .collect();
    let sans = lignes.iter().filter(|l| l.axe.is_none()).count() as u32;
    if sans > 0 {
        totaux_axes.push((None, sans));
    }
    Matrice {
        esms,
        lignes,
        totaux_esms,
        totaux_axes,
    }
}

/// Le calendrier d'une action, année par année du contrat (grille début / fin du modèle
/// PACA, seed 001 annexe 3) : pour chaque année, l'action s'y déroule-t-elle ?
pub fn grille_annuelle(d: &Dossier, a: &Action) -> Vec<(i32, bool)> {
    use chrono::Datelike;
    let Some(effet) = d.cpom.date_effet else {
        return Vec::new();
    };
    let years = i32::from(d.cpom.duree_annees.max(1));
    (0..years)
        .map(|k| {
            let y = effet.year() + k;
            let on = match (a.debut, a.fin) {
                (Some(s), Some(f)) => s.year() <= y && y <= f.year(),
                (Some(s), None) => s.year() == y,
                (None, Some(f)) => f.year() == y,
                (None, None) => false,
            };
            (y, on)
        })
        .collect()
}

/// Les ESMS du périmètre rangés par identifiant, pour les calculs qui passent sur toutes les
/// fiches : les ESMS d'une fiche propre se lisent en proportion de ceux qu'elle liste, pas
/// de tout le périmètre.
pub struct Perimetre<'a> {
    rang: crate::kernel::hash::FastMap<Uuid, (usize, &'a crate::dossier::perimetre::Esms)>,
}

impl<'a> Perimetre<'a> {
    pub fn new(d: &'a Dossier) -> Self {
        Self {
            rang: d
                .perimetre()
                .enumerate()
                .map(|(i, e)| (e.id, (i, e)))
                .collect(),
        }
    }
    /// L'ESMS du périmètre de cet identifiant.
    pub fn get(&self, id: &Uuid) -> Option<&'a crate::dossier::perimetre::Esms> {
        self.rang.get(id).map(|(_, e)| *e)
    }
    /// Les ESMS listés par une fiche, dans l'ordre du périmètre (comme [`esms_of`] pour une
    /// fiche propre).
    pub fn listes(&self, o: &Objectif) -> Vec<&'a crate::dossier::perimetre::Esms> {
        let mut v: Vec<(usize, &crate::dossier::perimetre::Esms)> = Vec::new();
        for id in &o.esms {
            if let Some(x) = self.rang.get(id)
                && !v.iter().any(|(i, _)| *i == x.0)
            {
                v.push(*x);
            }
        }
        v.sort_by_key(|(i, _)| *i);
        v.into_iter().map(|(_, e)| e).collect()
    }
}

/// Les ESMS d'un objectif : ceux listés (propre) ou tout le périmètre (partagé).
pub fn esms_of<'a>(d: &'a Dossier, o: &Objectif) -> Vec<&'a crate::dossier::perimetre::Esms> {
    match o.portee {
        PorteeObjectif::Partage => d.perimetre().collect(),
        PorteeObjectif::Propre => {
            // Les ESMS listés par la fiche sont peu nombreux : un ensemble haché quand même,
            // pour rester linéaire si une fiche en liste beaucoup.
            let ids: crate::kernel::hash::FastSet<Uuid> = o.esms.iter().copied().collect();
            d.perimetre().filter(|e| ids.contains(&e.id)).collect()
        }
    }
}
