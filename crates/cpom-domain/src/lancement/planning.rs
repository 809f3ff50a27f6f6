//! Le rétroplanning calculé : jalons ordonnés (prévu / réel), phases et leurs normes ANAP,
//! fenêtres de campagne budgétaire — ce que l'interface dessine (le repère « aujourd'hui »
//! est laissé à l'interface) — et les avertissements de calendrier.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use super::calendar::{SRC_CAMPAGNE, duration_fr, exceeds};
use super::model::{Jalon, JalonCode, Lancement};
use crate::dossier::{Dossier, PartieKind};
use crate::format::date_short;
use crate::rules::Collector;

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
                "Guide ANAP 2017 (seed 004), L1591 : 4 mois = 2 mois d'envoi par l'OG + 1 mois d'analyse + 1 mois de visites si nécessaire"
            }
            Self::Negociation => "Guide ANAP 2017 (seed 004), L1673 : négociation de 4 mois",
            Self::Signature => {
                "Guide ANAP 2017 (seed 004), L1699 : 2 mois entre le document final et la signature"
            }
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

/// Le jalon est-il attendu pour ce dossier (signature du CD seulement si un département signe).
pub fn applicable(d: &Dossier, code: JalonCode) -> bool {
    let signs = |k: PartieKind| d.derived().signataires.iter().any(|s| s.kind == k);
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
fn bounds(d: &Dossier, p: PhaseCode) -> Option<(&Jalon, &Jalon)> {
    let l = &d.lancement;
    let j = |c: JalonCode| l.jalon(c);
    match p {
        PhaseCode::Diagnostic => {
            let start = j(JalonCode::PriseDeContact)
                .filter(|x| x.date_retenue().is_some())
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
                source: j.code.source(),
            }
        })
        .collect();
    let phases = PhaseCode::ALL
        .into_iter()
        .filter_map(|p| {
            let (a, b) = bounds(d, p)?;
            let (debut, fin) = (a.date_retenue(), b.date_retenue());
            let both = debut.zip(fin);
            Some(Phase {
                code: p,
                libelle: p.label().into(),
                jalon_debut: a.id,
                jalon_fin: b.id,
                debut,
                fin,
                duree_jours: both.map(|(x, y)| (y - x).num_days()),
                duree: both.map(|(x, y)| duration_fr(x, y)),
                norme_mois: p.norm_months(),
                depasse_norme: both.is_some_and(|(x, y)| exceeds(x, y, p.norm_months())),
                source: p.source().into(),
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
        campagne_source: SRC_CAMPAGNE.into(),
        debut,
        fin,
    }
}

/// Les avertissements de calendrier : normes, règle des 4 semaines, campagne budgétaire,
/// ordre des jalons, retards.
pub fn check(d: &Dossier, today: NaiveDate, c: &mut Collector) {
    let l = &d.lancement;
    for p in PhaseCode::ALL {
        let Some((a, b)) = bounds(d, p) else { continue };
        let (Some(x), Some(y)) = (a.date_retenue(), b.date_retenue()) else {
            continue;
        };
        if exceeds(x, y, p.norm_months()) {
            c.warn(
                p.rule(),
                date_field(b),
                format!(
                    "La phase « {} » dure {} (du {} au {}) pour une durée indicative de {} mois.",
                    p.label(),
                    duration_fr(x, y),
                    date_short(x),
                    date_short(y),
                    p.norm_months()
                ),
                p.source(),
            );
        }
        if p == PhaseCode::Negociation
            && let Some((s, e)) = l.engagement.campagne_budgetaire.overlap(x, y)
        {
            c.warn(
                "P-CAMPAGNE",
                date_field(a),
                format!(
                    "La négociation (du {} au {}) chevauche la campagne budgétaire du {} au {} : calendriers concomitants à anticiper.",
                    date_short(x),
                    date_short(y),
                    date_short(s),
                    date_short(e)
                ),
                SRC_CAMPAGNE,
            );
        }
    }
    four_weeks(l, c);
    order(d, c);
    for j in &l.jalons {
        dates_vs_today(j, today, c);
    }
    signature_after_effect(d, c);
}

/// Le dossier diagnostic est retourné au moins 4 semaines avant la réunion diagnostic.
fn four_weeks(l: &Lancement, c: &mut Collector) {
    let (Some(envoi), Some(reunion)) = (
        l.jalon(JalonCode::EnvoiDossierDiagnostic),
        l.jalon(JalonCode::ReunionDiagnostic),
    ) else {
        return;
    };
    let (Some(e), Some(r)) = (envoi.date_retenue(), reunion.date_retenue()) else {
        return;
    };
    let days = (r - e).num_days();
    if days < 28 {
        let when = if days < 0 {
            "après".to_string()
        } else {
            format!("{days} jours avant")
        };
        c.warn(
            "P-4-SEMAINES",
            date_field(envoi),
            format!(
                "Le dossier diagnostic est envoyé le {}, {when} la réunion diagnostic du {} : il doit parvenir au moins 4 semaines avant (au plus tard le {}).",
                date_short(e),
                date_short(r),
                date_short(r - chrono::Duration::days(28))
            ),
            "Guide ARS Pays de la Loire (seed 002), L361-L364, L484-L485",
        );
    }
}

/// Les jalons se suivent dans l'ordre du processus ; signatures OG → CD → ARS.
fn order(d: &Dossier, c: &mut Collector) {
    let mut latest: Option<&Jalon> = None;
    for j in d
        .lancement
        .jalons
        .iter()
        .filter(|j| j.code != JalonCode::Autre && applicable(d, j.code))
    {
        let Some(date) = j.date_retenue() else {
            continue;
        };
        if let Some(prev) = latest
            && prev.date_retenue().is_some_and(|p| date < p)
            && prev.code != j.code
        {
            let signature = matches!(
                j.code,
                JalonCode::SignatureCd | JalonCode::SignatureArs | JalonCode::SignatureOg
            ) && matches!(
                prev.code,
                JalonCode::SignatureCd | JalonCode::SignatureArs | JalonCode::SignatureOg
            );
            let (rule, src) = if signature {
                (
                    "P-ORDRE-SIGNATURE",
                    "Guide ARS Pays de la Loire (seed 002), L378-L380 : l'OG signe, puis le conseil départemental, l'ARS en dernier",
                )
            } else {
                (
                    "P-ORDRE",
                    "Guide ARS Pays de la Loire (seed 002), L327-L381 (ordre des étapes)",
                )
            };
            c.warn(
                rule,
                date_field(j),
                format!(
                    "« {} » ({}) est daté avant « {} » ({}), qui le précède dans la démarche.",
                    j.titre(),
                    date_short(date),
                    prev.titre(),
                    date_short(prev.date_retenue().unwrap_or(date))
                ),
                src,
            );
            continue;
        }
        if latest
            .and_then(Jalon::date_retenue)
            .is_none_or(|p| date >= p)
        {
            latest = Some(j);
        }
    }
}

fn dates_vs_today(j: &Jalon, today: NaiveDate, c: &mut Collector) {
    let path = |f: &str| format!("lancement.jalons.{}.{f}", j.id);
    let src = "Guide ANAP 2017 (seed 004), L1458 (« un rétroplanning précisant les délais »)";
    if let Some(r) = j.date_reelle {
        if r > today {
            c.warn(
                "P-REEL-FUTUR",
                path("date_reelle"),
                format!(
                    "« {} » : la date réelle ({}) est dans le futur ; s'agit-il d'une date prévue ?",
                    j.titre(),
                    date_short(r)
                ),
                src,
            );
        }
        if let Some(p) = j.date_prevue
            && r > p
        {
            c.info(
                "P-RETARD",
                path("date_reelle"),
                format!(
                    "« {} » a eu lieu le {}, {} après la date prévue ({}).",
                    j.titre(),
                    date_short(r),
                    duration_fr(p, r),
                    date_short(p)
                ),
                src,
            );
        }
    } else if let Some(p) = j.date_prevue
        && p < today
    {
        c.info(
            "P-A-CONFIRMER",
            path("date_reelle"),
            format!(
                "La date prévue de « {} » ({}) est passée : indiquez la date réelle, ou une nouvelle date prévue.",
                j.titre(),
                date_short(p)
            ),
            src,
        );
    }
}

fn signature_after_effect(d: &Dossier, c: &mut Collector) {
    let Some(effet) = d.cpom.date_effet else {
        return;
    };
    let last = [
        JalonCode::SignatureArs,
        JalonCode::SignatureCd,
        JalonCode::SignatureOg,
    ]
    .into_iter()
    .filter(|c| applicable(d, *c))
    .filter_map(|c| d.lancement.jalon(c))
    .find(|j| j.date_retenue().is_some());
    if let Some(j) = last
        && let Some(s) = j.date_retenue()
        && s > effet
    {
        c.warn(
            "P-EFFET",
            date_field(j),
            format!(
                "La dernière signature ({}) est postérieure à la date d'effet du CPOM ({}).",
                date_short(s),
                date_short(effet)
            ),
            "Socle régional Pays de la Loire, titre 2 article 4 « date d'entrée en vigueur » (seed 002, L238-L239) ; signature avant l'effet : inférence",
        );
    }
}
