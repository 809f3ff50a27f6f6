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

// Le calendrier du suivi, déduit des dates du contrat (guide ARS Pays de la Loire, seed 002
// L406-L421 ; instruction DGCS, seed 000 L1583-L1599, L1696-L1701) : rapport annuel au
// département pour le 30 avril, dialogue de gestion à mi-parcours (3e année), dialogue
// facultatif la 4e année, bilan d'exécution six mois avant l'échéance, dialogue final la
// dernière année ; plus les évaluations prévues.

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EcheanceSuivi {
    #[ts(type = "string")]
    pub date: NaiveDate,
    pub libelle: String,
    /// Année du contrat (1 à 5).
    pub annee_contrat: u8,
    pub source: String,
}

const PDL: &str = "pdl L406-L421";

pub fn calendrier(d: &Dossier) -> Vec<EcheanceSuivi> {
    let Some(effet) = d.cpom.date_effet else {
        return Vec::new();
    };
    let Some(fin) = date_echeance(effet, d.cpom.duree_annees) else {
        return Vec::new();
    };
    let years = d.cpom.duree_annees.max(1);
    let cd = derived(d).signe(PartieKind::Cd);
    let mut out = Vec::new();
    let year_start = |k: u8| NaiveDate::from_ymd_opt(effet.year() + i32::from(k) - 1, 1, 1);
    let mut push = |date: Option<NaiveDate>, libelle: String, k: u8, source: &str| {
        if let Some(date) = date {
            out.push(EcheanceSuivi {
                date,
                libelle,
                annee_contrat: k,
                source: crate::kernel::sources::cite(source),
            });
        }
    };
    if cd {
        for k in 2..=years {
            let y = effet.year() + i32::from(k) - 1;
            push(
                NaiveDate::from_ymd_opt(y, 4, 30),
                format!(
                    "Rapport d'activité et synthèse de l'avancement des fiches-objectifs au département (exercice {})",
                    y - 1
                ),
                k,
                PDL,
            );
        }
    }
    if years >= 3 {
        push(
            year_start(3),
            "Dialogue de gestion à mi-parcours (bilan d'étape, tableau de suivi des objectifs)"
                .into(),
            3,
            PDL,
        );
    }
    if years >= 4 && d.signature.suivi.dialogue_annee4 {
        push(
            year_start(4),
            "Dialogue de gestion supplémentaire de la 4e année".into(),
            4,
            "dgcs L1583-L1599",
        );
    }
    push(
        fin.checked_sub_months(Months::new(6)),
        "Bilan d'exécution du contrat (six mois avant l'échéance) et préparation du renouvellement"
            .into(),
        years,
        "dgcs L1696-L1701",
    );
    push(
        year_start(years),
        "Dialogue de gestion final (bilan final, diagnostic du renouvellement)".into(),
        years,
        PDL,
    );
    for e in &d.signature.suivi.evaluations {
        let nom = d
            .esms
            .iter()
            .find(|x| x.id == e.esms)
            .map_or("ESMS", |x| x.nom.as_str());
        let k = (e.date.year() - effet.year() + 1).clamp(1, i32::from(years)) as u8;
        push(
            Some(e.date),
            format!("Évaluation de la qualité — {nom}"),
            k,
            "paca L746-L751",
        );
    }
    out.sort_by_key(|e| e.date);
    out
}

// Les signataires du contrat : les parties déduites du périmètre (organisme gestionnaire,
// département(s), ARS — dans l'ordre de signature du guide PdL, seed 002 L374-L393) et ce
// que l'utilisateur en a saisi (nom, qualité, date).

/// La clé d'une partie : « organisme », « cd:44 », « ars:52 ».
pub fn partie_key(s: &Signataire) -> String {
    match s.kind {
        PartieKind::Organisme => "organisme".into(),
        PartieKind::Cd => format!("cd:{}", s.code),
        PartieKind::Ars => format!("ars:{}", s.code),
    }
}

/// Les parties dans l'ordre de signature, avec leur saisie.
pub fn signataires(d: &Dossier) -> Vec<(Signataire, Option<&SignataireSaisi>)> {
    derived(d)
        .signataires
        .into_iter()
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
