//! Le calendrier du suivi, déduit des dates du contrat (guide ARS Pays de la Loire, seed 002
//! L406-L421 ; instruction DGCS, seed 000 L1583-L1599, L1696-L1701) : rapport annuel au
//! département pour le 30 avril, dialogue de gestion à mi-parcours (3e année), dialogue
//! facultatif la 4e année, bilan d'exécution six mois avant l'échéance, dialogue final la
//! dernière année ; plus les évaluations prévues.

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::dossier::PartieKind;
use crate::dossier::{Dossier, date_echeance};

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

const PDL: &str = "Guide ARS Pays de la Loire (seed 002), L406-L421";

pub fn calendrier(d: &Dossier) -> Vec<EcheanceSuivi> {
    let Some(effet) = d.cpom.date_effet else {
        return Vec::new();
    };
    let Some(fin) = date_echeance(effet, d.cpom.duree_annees) else {
        return Vec::new();
    };
    let years = d.cpom.duree_annees.max(1);
    let cd = d.derived().signe(PartieKind::Cd);
    let mut out = Vec::new();
    let year_start = |k: u8| NaiveDate::from_ymd_opt(effet.year() + i32::from(k) - 1, 1, 1);
    let mut push = |date: Option<NaiveDate>, libelle: String, k: u8, source: &str| {
        if let Some(date) = date {
            out.push(EcheanceSuivi {
                date,
                libelle,
                annee_contrat: k,
                source: source.into(),
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
            "Instruction DGCS du 21 mars 2017 (seed 000), L1583-L1599",
        );
    }
    push(
        fin.checked_sub_months(Months::new(6)),
        "Bilan d'exécution du contrat (six mois avant l'échéance) et préparation du renouvellement"
            .into(),
        years,
        "Instruction DGCS du 21 mars 2017 (seed 000), L1696-L1701",
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
            "Modèle PACA (seed 001), article 4 : évaluations",
        );
    }
    out.sort_by_key(|e| e.date);
    out
}
