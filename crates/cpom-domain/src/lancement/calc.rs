//! Le rétroplanning calculé : jalons ordonnés (prévu / réel), phases et leurs normes ANAP,
//! fenêtres de campagne budgétaire — ce que l'interface dessine (le repère « aujourd'hui »
//! est laissé à l'interface) — et les avertissements de calendrier.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::lancement::SRC_CAMPAGNE;
use crate::dossier::lancement::{Jalon, JalonCode};
use crate::lancement::calendar::{duration_fr, exceeds};
use crate::perimetre::calc::PartieKind;
use crate::perimetre::calc::derived;

/// Où en est un jalon.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatutJalon {
    Realise,
    Prevu,
    APlanifier,
    /// Signature du conseil départemental d'un contrat bipartite ARS…
    NonApplicable,
}

/// Un jalon tel que la frise l'affiche.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct JalonPlanifie {
    pub id: Uuid,
    pub code: JalonCode,
    pub titre: String,
    #[ts(type = "string | null")]
    pub date_prevue: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub date_reelle: Option<NaiveDate>,
    /// Date réelle, sinon prévue : celle que la frise place.
    #[ts(type = "string | null")]
    pub date_retenue: Option<NaiveDate>,
    pub statut: StatutJalon,
    /// Jours de retard (positif) ou d'avance (négatif) du réel sur le prévu.
    #[ts(type = "number | null")]
    pub ecart_jours: Option<i64>,
    pub source: String,
}

/// Les phases mesurées contre les normes du guide ANAP.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PhaseCode {
    Diagnostic,
    Negociation,
    Signature,
}

impl PhaseCode {
    pub const ALL: [Self; 3] = [Self::Diagnostic, Self::Negociation, Self::Signature];
    pub fn label(self) -> &'static str {
        match self {
            Self::Diagnostic => "Diagnostic partagé",
            Self::Negociation => "Négociation",
            Self::Signature => "Signature",
        }
    }
    /// Le code employé par les packs (« diagnostic »).
    pub fn code(self) -> &'static str {
        match self {
            Self::Diagnostic => "diagnostic",
            Self::Negociation => "negociation",
            Self::Signature => "signature",
        }
    }
    /// Durée indicative par défaut (guide ANAP) ; le pack du dossier peut la fixer
    /// ([`norme`]).
    pub fn norm_months(self) -> u32 {
        match self {
            Self::Diagnostic | Self::Negociation => 4,
            Self::Signature => 2,
        }
    }
    pub fn rule(self) -> &'static str {
        match self {
            Self::Diagnostic => "P-NORME-DIAGNOSTIC",
            Self::Negociation => "P-NORME-NEGOCIATION",
            Self::Signature => "P-NORME-SIGNATURE",
        }
    }
    pub fn source(self) -> &'static str {
        match self {
            Self::Diagnostic => {
                "anap L1591 : 4 mois = 2 mois d'envoi par l'OG + 1 mois d'analyse + 1 mois de visites si nécessaire"
            }
            Self::Negociation => "anap L1673 : négociation de 4 mois",
            Self::Signature => "anap L1699 : 2 mois entre le document final et la signature",
        }
    }
}

/// Une phase entre deux jalons.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Phase {
    pub code: PhaseCode,
    pub libelle: String,
    pub jalon_debut: Uuid,
    pub jalon_fin: Uuid,
    #[ts(type = "string | null")]
    pub debut: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub fin: Option<NaiveDate>,
    #[ts(type = "number | null")]
    pub duree_jours: Option<i64>,
    /// « 5 mois et 12 jours ».
    pub duree: Option<String>,
    pub norme_mois: u32,
    pub depasse_norme: bool,
    pub source: String,
}

/// Une fenêtre de campagne budgétaire à griser sur la frise.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct FenetreCampagne {
    #[ts(type = "string")]
    pub debut: NaiveDate,
    #[ts(type = "string")]
    pub fin: NaiveDate,
}

/// Le rétroplanning calculé.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Planning {
    pub jalons: Vec<JalonPlanifie>,
    pub phases: Vec<Phase>,
    pub campagnes: Vec<FenetreCampagne>,
    pub campagne_source: String,
    /// Première et dernière date connues (étendue de la frise).
    #[ts(type = "string | null")]
    pub debut: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub fin: Option<NaiveDate>,
}

/// La durée indicative d'une phase (en mois) et sa source, d'après le pack du dossier.
pub fn norme(d: &Dossier, p: PhaseCode) -> (u32, String) {
    match d.pack().phase(p.code()) {
        Some(x) => (x.norme_mois, x.source.clone()),
        None => (p.norm_months(), crate::kernel::sources::cite(p.source())),
    }
}

/// La source (lisible) d'un jalon dans le pack du dossier.
pub fn jalon_source(d: &Dossier, code: JalonCode) -> String {
    if code == JalonCode::Autre {
        return "Jalon saisi par l'utilisateur".into();
    }
    d.pack()
        .jalon(&code.code())
        .map(|j| j.source.clone())
        .unwrap_or_default()
}

/// Le jalon est-il attendu pour ce dossier : retenu par le pack du dossier (la prise de
/// contact et le projet de fiches-objectifs sont des étapes Pays de la Loire), et la
/// signature du CD seulement si un département signe.
pub fn applicable(d: &Dossier, code: JalonCode) -> bool {
    if code != JalonCode::Autre && d.pack().jalon(&code.code()).is_none() {
        return false;
    }
    let signs = |k: PartieKind| derived(d).signataires.iter().any(|s| s.kind == k);
    match code {
        JalonCode::SignatureCd => signs(PartieKind::Cd),
        JalonCode::SignatureArs => signs(PartieKind::Ars),
        _ => true,
    }
}

/// Le champ de date qui porte la date retenue d'un jalon.
pub fn date_field(j: &Jalon) -> String {
    let f = if j.date_reelle.is_some() {
        "date_reelle"
    } else {
        "date_prevue"
    };
    format!("lancement.jalons.{}.{f}", j.id)
}

/// Les jalons de début et de fin d'une phase.
pub(crate) fn bounds(d: &Dossier, p: PhaseCode) -> Option<(&Jalon, &Jalon)> {
    let l = &d.lancement;
    let j = |c: JalonCode| l.jalon(c);
    match p {
        PhaseCode::Diagnostic => {
            let start = j(JalonCode::PriseDeContact)
                .filter(|x| x.date_retenue().is_some() && applicable(d, x.code))
                .or_else(|| j(JalonCode::ReunionLancement))?;
            Some((start, j(JalonCode::ReunionDiagnostic)?))
        }
        PhaseCode::Negociation => {
            Some((j(JalonCode::ReunionDiagnostic)?, j(JalonCode::ProjetCpom)?))
        }
        PhaseCode::Signature => {
            let end = [
                JalonCode::SignatureArs,
                JalonCode::SignatureCd,
                JalonCode::SignatureOg,
            ]
            .into_iter()
            .filter(|c| applicable(d, *c))
            .find_map(j)?;
            Some((j(JalonCode::ProjetCpom)?, end))
        }
    }
}

/// Calcule le rétroplanning à dessiner.
pub fn planning(d: &Dossier) -> Planning {
    let l = &d.lancement;
    let jalons: Vec<JalonPlanifie> = l
        .jalons
        .iter()
        .map(|j| {
            let statut = if !applicable(d, j.code) {
                StatutJalon::NonApplicable
            } else if j.date_reelle.is_some() {
                StatutJalon::Realise
            } else if j.date_prevue.is_some() {
                StatutJalon::Prevu
            } else {
                StatutJalon::APlanifier
            };
            JalonPlanifie {
                id: j.id,
                code: j.code,
                titre: j.titre(),
                date_prevue: j.date_prevue,
                date_reelle: j.date_reelle,
                date_retenue: j.date_retenue(),
                statut,
                ecart_jours: match (j.date_prevue, j.date_reelle) {
                    (Some(p), Some(r)) => Some((r - p).num_days()),
                    _ => None,
                },
                source: jalon_source(d, j.code),
            }
        })
        .collect();
    let phases = PhaseCode::ALL
        .into_iter()
        .filter_map(|p| {
            let (a, b) = bounds(d, p)?;
            let (debut, fin) = (a.date_retenue(), b.date_retenue());
            let both = debut.zip(fin);
            let (mois, source) = norme(d, p);
            Some(Phase {
                code: p,
                libelle: p.label().into(),
                jalon_debut: a.id,
                jalon_fin: b.id,
                debut,
                fin,
                duree_jours: both.map(|(x, y)| (y - x).num_days()),
                duree: both.map(|(x, y)| duration_fr(x, y)),
                norme_mois: mois,
                depasse_norme: both.is_some_and(|(x, y)| exceeds(x, y, mois)),
                source,
            })
        })
        .collect();
    let dates: Vec<NaiveDate> = jalons
        .iter()
        .filter(|j| j.statut != StatutJalon::NonApplicable)
        .filter_map(|j| j.date_retenue)
        .collect();
    let (debut, fin) = (dates.iter().min().copied(), dates.iter().max().copied());
    let campagnes = match (debut, fin) {
        (Some(a), Some(b)) => l
            .engagement
            .campagne_budgetaire
            .windows(a.year(), b.year())
            .into_iter()
            .map(|(debut, fin)| FenetreCampagne { debut, fin })
            .collect(),
        _ => Vec::new(),
    };
    Planning {
        jalons,
        phases,
        campagnes,
        campagne_source: crate::kernel::sources::cite(SRC_CAMPAGNE),
        debut,
        fin,
    }
}
