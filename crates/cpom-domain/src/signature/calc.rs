//! Les valeurs calculées de l'annexe 5 : activité moyenne des trois dernières années, taux
//! de réalisation, activité retenue ; totaux de la répartition de la dotation. Décimaux
//! exacts, jamais de flottants.

use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use chrono::{Datelike, Months, NaiveDate};

use crate::dossier::Dossier;
use crate::dossier::signature::*;
use crate::perimetre::calc::derived;
use crate::perimetre::calc::{PartieKind, Signataire, date_echeance};

/// Les valeurs calculées d'un budget de référence.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ActiviteCalculee {
    pub esms: Uuid,
    /// Moyenne des années renseignées (2 décimales).
    #[ts(type = "string | null")]
    pub moyenne: Option<Decimal>,
    /// Moyenne / activité théorique, en % (1 décimale).
    #[ts(type = "string | null")]
    pub taux_realisation: Option<Decimal>,
    /// Activité retenue saisie, sinon la moyenne.
    #[ts(type = "string | null")]
    pub retenue: Option<Decimal>,
    #[ts(type = "string")]
    pub total_depenses: Decimal,
    #[ts(type = "string")]
    pub total_recettes: Decimal,
}

pub fn activite(b: &BudgetReference) -> ActiviteCalculee {
    let years: Vec<Decimal> = b.activite_realisee.iter().flatten().copied().collect();
    let moyenne = (!years.is_empty())
        .then(|| (years.iter().sum::<Decimal>() / Decimal::from(years.len())).round_dp(2));
    let taux_realisation = match (moyenne, b.activite_theorique) {
        (Some(m), Some(t)) if !t.is_zero() => Some((m * Decimal::from(100) / t).round_dp(1)),
        _ => None,
    };
    ActiviteCalculee {
        esms: b.esms,
        moyenne,
        taux_realisation,
        retenue: b.activite_retenue.or(moyenne),
        total_depenses: b.depenses.total(),
        total_recettes: b.recettes.total(),
    }
}

/// Les totaux de la répartition de la dotation globalisée commune.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct TotauxRepartition {
    #[ts(type = "string")]
    pub g1: Decimal,
    #[ts(type = "string")]
    pub g2: Decimal,
    #[ts(type = "string")]
    pub g3: Decimal,
    #[ts(type = "string")]
    pub total: Decimal,
    /// Dotation − total réparti (zéro quand tout est réparti).
    #[ts(type = "string | null")]
    pub ecart: Option<Decimal>,
}

pub fn totaux_repartition(d: &Dossier) -> TotauxRepartition {
    let in_perimetre = |id: &Uuid| d.perimetre().any(|e| e.id == *id);
    let rows: Vec<_> = d
        .signature
        .repartition
        .iter()
        .filter(|r| in_perimetre(&r.esms))
        .collect();
    let sum = |f: fn(&Groupes) -> Option<Decimal>| -> Decimal {
        rows.iter().filter_map(|r| f(&r.groupes)).sum()
    };
    let (g1, g2, g3) = (sum(|g| g.g1), sum(|g| g.g2), sum(|g| g.g3));
    let total = g1 + g2 + g3;
    TotauxRepartition {
        g1,
        g2,
        g3,
        total,
        ecart: d.signature.moyens.dotation_globalisee.map(|x| x - total),
    }
}

// Le calendrier des dialogues de gestion et des rapports, déduit des dates du contrat et du
// calendrier du pack régional (`assets/packs/<id>.json`, « calendrier ») : c'est aussi ce
// que l'échéancier du suivi lit. Plus les évaluations prévues.

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EcheanceSuivi {
    /// Identifiant de l'échéance dans le pack (« mi_parcours », « errd »…) ; « evaluation »
    /// pour une évaluation prévue.
    pub id: String,
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub libelle: String,
    /// Année du contrat (1 à 5).
    pub annee_contrat: u8,
    pub source: String,
}

/// Les dates d'une échéance du pack pour un contrat qui prend effet le `effet` pour `years`
/// ans et finit le `fin` : (année du contrat, date).
pub fn dates_echeance(
    e: &crate::kernel::pack::Echeance,
    effet: NaiveDate,
    fin: NaiveDate,
    years: u8,
) -> Vec<(u8, NaiveDate)> {
    let q = &e.quand;
    let jour = q
        .jour
        .as_deref()
        .and_then(crate::dossier::lancement::MoisJour::parse)
        .unwrap_or(crate::dossier::lancement::MoisJour { mois: 1, jour: 1 });
    let in_year = |k: u8| jour.in_year(effet.year() + i32::from(k) - 1);
    let mut out = Vec::new();
    if let Some(m) = q.avant_echeance_mois {
        if let Some(date) = fin.checked_sub_months(Months::new(m)) {
            let k = (date.year() - effet.year() + 1).clamp(1, i32::from(years)) as u8;
            out.push((k, date));
        }
    } else if q.chaque_annee {
        for k in q.a_partir_de.unwrap_or(1).max(1)..=years {
            out.push((k, in_year(k)));
        }
    } else if q.derniere_annee {
        out.push((years, in_year(years)));
    } else if let Some(k) = q.annee.filter(|k| *k <= years) {
        out.push((k, in_year(k)));
    }
    out
}

/// Une échéance du pack s'applique-t-elle au dossier (`si`) ?
pub fn echeance_applies(d: &Dossier, e: &crate::kernel::pack::Echeance) -> bool {
    match e.si.as_deref() {
        None => true,
        Some("cd") => derived(d).signe(PartieKind::Cd),
        Some("dialogue_annee4") => d.signature.suivi.dialogue_annee4,
        Some(_) => false,
    }
}

pub fn calendrier(d: &Dossier) -> Vec<EcheanceSuivi> {
    let Some(effet) = d.cpom.date_effet else {
        return Vec::new();
    };
    let Some(fin) = date_echeance(effet, d.cpom.duree_annees) else {
        return Vec::new();
    };
    let years = d.cpom.duree_annees.max(1);
    let mut out = Vec::new();
    for e in d
        .pack()
        .calendrier
        .iter()
        .filter(|e| echeance_applies(d, e))
    {
        for (k, date) in dates_echeance(e, effet, fin, years) {
            let libelle = if e.quand.chaque_annee {
                format!("{} ({}e année du contrat)", e.libelle, k)
                    .replace("(1e année", "(1re année")
            } else {
                e.libelle.clone()
            };
            out.push(EcheanceSuivi {
                id: e.id.clone(),
                date,
                libelle,
                annee_contrat: k,
                source: e.source.clone(),
            });
        }
    }
    for e in &d.signature.suivi.evaluations {
        let nom = d
            .esms
            .iter()
            .find(|x| x.id == e.esms)
            .map_or("ESMS", |x| x.nom.as_str());
        let k = (e.date.year() - effet.year() + 1).clamp(1, i32::from(years)) as u8;
        out.push(EcheanceSuivi {
            id: "evaluation".into(),
            date: e.date,
            libelle: format!("Évaluation de la qualité — {nom}"),
            annee_contrat: k,
            source: crate::kernel::sources::cite("dgcs L700-L710"),
        });
    }
    out.sort_by_key(|e| e.date);
    out
}

// La réponse des établissements et services aux besoins territoriaux (annexe de nature 1,
// instruction DGCS, seed 000 L607-L629) : réponses aux questions de coopération et de
// territoire du diagnostic, partenariats (établissement de santé, HAD), groupements et autres
// contrats, constats territoriaux de la synthèse.

/// Les axes du diagnostic dont les réponses décrivent les coopérations et le territoire.
pub const AXES_COOPERATION: [&str; 3] = ["axe_1_3", "nat_territoire", "nat_rapt"];
/// Les axes dont les éléments de synthèse sont des constats territoriaux (axe 1 Pays de la
/// Loire « Réponse aux besoins territoriaux et adaptation des parcours »).
pub const AXES_TERRITORIAUX: [&str; 5] = [
    "axe_1_1",
    "axe_1_2",
    "axe_1_3",
    "nat_territoire",
    "nat_rapt",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BesoinsTerritoriaux {
    /// Question et réponse, pour les coopérations et le territoire.
    pub cooperations: Vec<(String, String)>,
    /// Groupements de l'organisme et autres CPOM liés.
    pub groupements: Vec<String>,
    /// Constats et enjeux territoriaux de la synthèse du diagnostic.
    pub constats: Vec<String>,
}

/// Ce que l'annexe « Réponse aux besoins territoriaux » rapporte ; `None` si rien n'est
/// saisi.
pub fn besoins_territoriaux(d: &Dossier) -> Option<BesoinsTerritoriaux> {
    use crate::diagnostic::catalogue::{TypeReponse, catalogue};
    let cat = catalogue();
    let mut cooperations = Vec::new();
    for axe_id in AXES_COOPERATION {
        let Some(axe) = cat.axe(axe_id) else { continue };
        for q in axe.themes.iter().flat_map(|t| &t.questions) {
            let Some(r) = d
                .diagnostic
                .reponses
                .iter()
                .find(|r| r.question == q.id && r.esms.is_none())
            else {
                continue;
            };
            if r.sans_objet {
                continue;
            }
            let codes = r.codes();
            let texte = match q.type_reponse {
                TypeReponse::Texte => codes.first().map_or(String::new(), |t| t.trim().into()),
                TypeReponse::OuiNonHeterogene => cat
                    .data
                    .reponses_oui_non
                    .iter()
                    .find(|c| codes.first() == Some(&c.valeur.as_str()))
                    .map(|c| c.libelle.clone())
                    .unwrap_or_default(),
                TypeReponse::Cases => codes
                    .iter()
                    .filter_map(|v| q.options.iter().find(|o| &o.valeur == v))
                    .map(|o| o.libelle.clone())
                    .collect::<Vec<_>>()
                    .join(" ; "),
            };
            if !texte.is_empty() {
                cooperations.push((q.libelle.clone(), texte));
            }
        }
    }
    let mut groupements: Vec<String> = d
        .adhesions
        .iter()
        .filter(|a| !a.nom.trim().is_empty())
        .map(|a| format!("{} : {}", a.kind.label(), a.nom.trim()))
        .collect();
    groupements.extend(
        d.contrats_lies
            .iter()
            .filter(|c| !c.intitule.trim().is_empty())
            .map(|c| format!("Autre CPOM du gestionnaire : {}", c.intitule.trim())),
    );
    let constats: Vec<String> = d
        .diagnostic
        .synthese
        .iter()
        .filter(|s| {
            s.axe
                .as_deref()
                .is_some_and(|a| AXES_TERRITORIAUX.contains(&a))
                && !s.texte.trim().is_empty()
        })
        .map(|s| format!("{} : {}", s.nature.label(), s.texte.trim()))
        .collect();
    (!cooperations.is_empty() || !groupements.is_empty() || !constats.is_empty()).then_some(
        BesoinsTerritoriaux {
            cooperations,
            groupements,
            constats,
        },
    )
}

// Les signataires du contrat : les parties déduites du périmètre (organisme gestionnaire,
// département(s), ARS), rangées dans l'ordre de signature du pack, et ce que l'utilisateur
// en a saisi (nom, qualité, date).

/// La clé d'une partie : « organisme », « cd:44 », « ars:52 ».
pub fn partie_key(s: &Signataire) -> String {
    match s.kind {
        PartieKind::Organisme => "organisme".into(),
        PartieKind::Cd => format!("cd:{}", s.code),
        PartieKind::Ars => format!("ars:{}", s.code),
    }
}

/// Les parties dans l'ordre de signature du pack (organisme, département(s), ARS en Pays de
/// la Loire ; ARS, département, organisme sur la page du modèle PACA), avec leur saisie.
pub fn signataires(d: &Dossier) -> Vec<(Signataire, Option<&SignataireSaisi>)> {
    let ordre = &d.pack().signature.ordre;
    let rank = |s: &Signataire| {
        let k = match s.kind {
            PartieKind::Organisme => "organisme",
            PartieKind::Cd => "cd",
            PartieKind::Ars => "ars",
        };
        ordre.iter().position(|o| o == k).unwrap_or(ordre.len())
    };
    let mut v: Vec<Signataire> = derived(d).signataires;
    v.sort_by_key(rank);
    v.into_iter()
        .map(|s| {
            let saisi = d.signature.signatures.signataire(&partie_key(&s));
            (s, saisi)
        })
        .collect()
}

/// Toutes les parties ont daté leur signature.
pub fn is_signed(d: &Dossier) -> bool {
    let s = signataires(d);
    !s.is_empty()
        && s.iter()
            .all(|(_, x)| x.is_some_and(|x| x.date_signature.is_some()))
}
