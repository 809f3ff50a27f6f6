//! Le rapport « Prêt pour signature » : toutes les erreurs bloquantes des quatre étapes,
//! chacune avec le chemin du champ à corriger ; l'état du dossier (en préparation, prêt pour
//! signature, en signature, signé) ; les refus opposés au contenu signé ; le rapport « Prêt
//! pour signature » d'un projet d'avenant et la garde de sa dernière signature.

use crate::steps::engine::reports;
use crate::steps::report::{StepReport, StepState};
use crate::suivi::versions::contrat_signe;
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::dossier::etapes::StepId;
use crate::kernel::issue::Refusal;
use crate::kernel::issue::Severity;
use crate::signature::calc::is_signed;
use crate::signature::calc::partie_key;
use crate::signature::calc::signataires;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EtatDossier {
    /// Des points bloquants restent.
    EnPreparation,
    /// Aucun point bloquant ; aucune signature encore datée.
    PretPourSignature,
    /// Une partie au moins a signé.
    EnSignature,
    /// Toutes les parties ont signé : le dossier n'est plus modifiable.
    Signe,
}

impl EtatDossier {
    pub fn label(self) -> &'static str {
        match self {
            Self::EnPreparation => "En préparation",
            Self::PretPourSignature => "Prêt pour signature",
            Self::EnSignature => "En cours de signature",
            Self::Signe => "Signé",
        }
    }
}

/// Un point qui empêche la signature.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct PointBloquant {
    pub etape: StepId,
    pub etape_libelle: String,
    pub regle: String,
    /// Chemin du champ à corriger (l'interface y conduit).
    pub chemin: String,
    pub message: String,
    pub source: String,
    /// Une valeur obligatoire pas encore saisie (ou une étape pas commencée) : « à compléter ».
    pub a_completer: bool,
}

/// **Les** comptes du dossier : la barre d'état, les pastilles de la navigation, les cartes
/// des étapes et « Prêt pour signature » lisent tous ceci (une seule source : les rapports
/// des quatre étapes, qui reprennent celui du périmètre).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BilanPret {
    /// Points bloquants : `a_completer + erreurs` (= nombre de points de « Prêt pour
    /// signature »).
    pub bloquants: u32,
    /// Valeurs obligatoires pas encore saisies et étapes pas commencées.
    pub a_completer: u32,
    /// Erreurs bloquantes sur une valeur saisie (incohérence, valeur refusée par une règle).
    pub erreurs: u32,
    /// Avertissements non acquittés.
    pub avertissements: u32,
    pub informations: u32,
    /// Par étape, dans l'ordre : mêmes comptes.
    pub etapes: Vec<BilanEtape>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BilanEtape {
    pub etape: StepId,
    pub bloquants: u32,
    pub a_completer: u32,
    pub erreurs: u32,
    pub avertissements: u32,
    pub informations: u32,
}

/// Où en est la signature d'une partie.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct EtatSignature {
    pub partie: String,
    pub libelle: String,
    pub nom: String,
    pub qualite: String,
    #[ts(type = "string | null")]
    pub date_signature: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct Readiness {
    pub etat: EtatDossier,
    pub etat_libelle: String,
    /// Aucun point bloquant.
    pub pret: bool,
    pub points: Vec<PointBloquant>,
    /// Avertissements non acquittés (ne bloquent pas).
    pub avertissements: u32,
    /// Étapes pas encore validées (information).
    pub etapes_non_validees: Vec<String>,
    /// Les parties dans l'ordre de signature.
    pub signatures: Vec<EtatSignature>,
    /// Les comptes du dossier (barre d'état, navigation, cartes, ce rapport).
    pub bilan: BilanPret,
}

pub fn readiness(d: &Dossier, today: NaiveDate) -> Readiness {
    readiness_from(d, &reports(d, today))
}

/// « Prêt pour signature » à partir des rapports des quatre étapes déjà calculés (la vue ne
/// fait pas tourner les règles deux fois).
pub fn readiness_from(d: &Dossier, reports: &[StepReport]) -> Readiness {
    let mut points = Vec::new();
    let mut avertissements = 0;
    let mut etapes_non_validees = Vec::new();
    let mut bilan = BilanPret::default();
    for r in reports {
        avertissements += r.avertissements as u32;
        if r.validation.is_none() {
            etapes_non_validees.push(r.libelle.clone());
        }
        let before = points.len();
        if r.etat == StepState::AFaire {
            points.push(PointBloquant {
                etape: r.etape,
                etape_libelle: r.libelle.clone(),
                regle: "ETAPE-VIDE".into(),
                chemin: format!("etapes.{}", r.etape.code()),
                message: format!("L'étape « {} » n'est pas encore commencée.", r.libelle),
                source: d.pack().retroplanning.demarche.clone(),
                a_completer: true,
            });
        }
        for i in r
            .issues
            .iter()
            .filter(|i| i.issue.severity == Severity::Erreur)
        {
            points.push(PointBloquant {
                etape: r.etape,
                etape_libelle: r.libelle.clone(),
                regle: i.issue.rule.clone(),
                chemin: i.issue.path.clone(),
                message: i.issue.message.clone(),
                source: i.issue.source.clone(),
                a_completer: i.issue.a_completer,
            });
        }
        let mine = &points[before..];
        let a_completer = mine.iter().filter(|p| p.a_completer).count() as u32;
        let step = BilanEtape {
            etape: r.etape,
            bloquants: mine.len() as u32,
            a_completer,
            erreurs: mine.len() as u32 - a_completer,
            avertissements: r.avertissements as u32,
            informations: r.informations as u32,
        };
        bilan.bloquants += step.bloquants;
        bilan.a_completer += step.a_completer;
        bilan.erreurs += step.erreurs;
        bilan.avertissements += step.avertissements;
        bilan.informations += step.informations;
        bilan.etapes.push(step);
    }
    let signatures: Vec<EtatSignature> = signataires(d)
        .into_iter()
        .map(|(s, x)| EtatSignature {
            partie: partie_key(&s),
            libelle: s.libelle,
            nom: x.map(|x| x.nom.clone()).unwrap_or_default(),
            qualite: x.map(|x| x.qualite.clone()).unwrap_or_default(),
            date_signature: x.and_then(|x| x.date_signature),
        })
        .collect();
    let pret = points.is_empty();
    let any_signed = signatures.iter().any(|s| s.date_signature.is_some());
    let etat = if contrat_signe(d) {
        EtatDossier::Signe
    } else if any_signed {
        EtatDossier::EnSignature
    } else if pret {
        EtatDossier::PretPourSignature
    } else {
        EtatDossier::EnPreparation
    };
    Readiness {
        etat,
        etat_libelle: etat.label().into(),
        pret,
        points,
        avertissements,
        etapes_non_validees,
        signatures,
        bilan,
    }
}

/// Le refus opposé à une écriture du contenu signé (`what` : « ESMS IME Les Hirondelles »)
/// quand aucun projet d'avenant n'est ouvert.
pub fn signed_refusal(what: &str) -> Refusal {
    Refusal {
        code: "dossier.signe",
        message: format!(
            "Ce dossier est signé : « {what} » fait partie du contrat signé et ne se modifie plus. Le suivi du contrat (revues, dialogues, saisines…) se saisit dans « Suivi du contrat » ; pour modifier le contrat, préparez un avenant."
        ),
        chemin: None,
    }
}

/// Le refus opposé à une modification des signatures du contrat initial, même dans un projet
/// d'avenant (l'avenant a ses propres signatures).
pub fn signatures_refusal() -> Refusal {
    Refusal {
        code: "dossier.signe",
        message: "Les signatures du contrat initial ne se modifient plus : un avenant a ses propres signataires (écran « Suivi du contrat »).".into(),
        chemin: Some("signature.signatures".into()),
    }
}

/// La dernière signature ne s'enregistre que sur un dossier prêt : `after` est le dossier
/// après l'écriture.
pub fn check_last_signature(after: &Dossier, today: NaiveDate) -> Result<(), Refusal> {
    if !is_signed(after) {
        return Ok(());
    }
    let r = readiness(after, today);
    match r.points.first() {
        None => Ok(()),
        Some(first) => Err(Refusal {
            code: "signature.pas_pret",
            message: format!(
                "Toutes les signatures ne peuvent être enregistrées : le dossier a encore {} point(s) bloquant(s). Premier : {}",
                r.points.len(),
                first.message
            ),
            chemin: Some(first.chemin.clone()),
        }),
    }
}

/// Le rapport « Prêt pour signature » d'un projet d'avenant : ses points propres (type,
/// nouvel entrant, durée, signataires…) et les erreurs bloquantes que le projet fait
/// apparaître dans les quatre étapes (celles qui existaient avant lui ne comptent pas).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct ReadinessAvenant {
    pub avenant: uuid::Uuid,
    pub pret: bool,
    pub points: Vec<PointBloquant>,
    /// Avertissements et informations du projet.
    pub avertissements: Vec<crate::kernel::issue::Issue>,
}

pub fn readiness_avenant(
    d: &Dossier,
    a: &crate::dossier::suivi::Avenant,
    today: NaiveDate,
) -> ReadinessAvenant {
    let mut c = crate::kernel::issue::Collector::default();
    crate::suivi::rules::check_avenant(d, a, today, &mut c);
    let mut points = Vec::new();
    let mut avertissements = Vec::new();
    for i in c.0 {
        if i.severity == Severity::Erreur {
            points.push(PointBloquant {
                etape: StepId::Signature,
                etape_libelle: "Avenant".into(),
                regle: i.rule,
                chemin: i.path,
                message: i.message,
                source: i.source,
                a_completer: i.a_completer,
            });
        } else {
            avertissements.push(i);
        }
    }
    // Le diagnostic partagé, base de la négociation, ne se refait pas par avenant : ses
    // points ne comptent pas (instruction DGCS, seed 000 L1613-L1619 : pour un nouvel
    // entrant, « déterminer les objectifs assignés »).
    let steps = |x: &Dossier| {
        reports(x, today)
            .into_iter()
            .filter(|r| r.etape != StepId::Diagnostic)
            .collect::<Vec<_>>()
    };
    let before = crate::suivi::versions::restore(d, &a.modifications);
    let old: Vec<(String, String)> = steps(&before)
        .into_iter()
        .flat_map(|r| r.issues)
        .filter(|i| i.issue.severity == Severity::Erreur)
        .map(|i| (i.issue.rule, i.issue.path))
        .collect();
    for r in steps(d) {
        for i in r.issues.into_iter().filter(|i| {
            i.issue.severity == Severity::Erreur
                && !old.contains(&(i.issue.rule.clone(), i.issue.path.clone()))
        }) {
            points.push(PointBloquant {
                etape: r.etape,
                etape_libelle: r.libelle.clone(),
                regle: i.issue.rule,
                chemin: i.issue.path,
                message: i.issue.message,
                source: i.issue.source,
                a_completer: i.issue.a_completer,
            });
        }
    }
    ReadinessAvenant {
        avenant: a.id,
        pret: points.is_empty(),
        points,
        avertissements,
    }
}

/// La dernière signature d'un avenant ne s'enregistre que sur un projet prêt, signé par
/// toutes les parties du contrat tel que l'avenant le laisse.
pub fn check_avenant_signature(
    before: &Dossier,
    after: &Dossier,
    today: NaiveDate,
) -> Result<(), Refusal> {
    for a in after.suivi_contrat.avenants.iter().filter(|a| a.signe()) {
        let was = before
            .suivi_contrat
            .avenants
            .iter()
            .find(|b| b.id == a.id)
            .is_some_and(|b| b.signe());
        if was {
            continue;
        }
        let r = readiness_avenant(after, a, today);
        if let Some(first) = r.points.first() {
            return Err(Refusal {
                code: "avenant.pas_pret",
                message: format!(
                    "Toutes les signatures de l'avenant ne peuvent être enregistrées : le projet a encore {} point(s) bloquant(s). Premier : {}",
                    r.points.len(),
                    first.message
                ),
                chemin: Some(first.chemin.clone()),
            });
        }
        for (s, _) in signataires(after) {
            let key = partie_key(&s);
            if a.signataire(&key).and_then(|x| x.date_signature).is_none() {
                return Err(Refusal {
                    code: "avenant.signataire",
                    message: format!(
                        "L'avenant ne peut être signé sans la signature de {} (date de signature à saisir).",
                        s.libelle
                    ),
                    chemin: Some(format!(
                        "suivi_contrat.avenants.{}.signataires.{key}.date_signature",
                        a.id
                    )),
                });
            }
        }
    }
    Ok(())
}
