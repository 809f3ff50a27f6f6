//! Les valeurs calculées de l'annexe 5 : activité moyenne des trois dernières années, taux
//! de réalisation, activité retenue ; totaux de la répartition de la dotation. Décimaux
//! exacts, jamais de flottants.

use rust_decimal::Decimal;
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::model::*;
use crate::dossier::Dossier;

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
