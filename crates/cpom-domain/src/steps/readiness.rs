//! Le rapport « Prêt pour signature » : toutes les erreurs bloquantes des quatre étapes,
//! chacune avec le chemin du champ à corriger ; l'état du dossier (en préparation, prêt pour
//! signature, en signature, signé) ; et la garde qui rend un dossier signé non modifiable.

use crate::signature::calc::is_signed;
use crate::steps::engine::reports;
use crate::steps::report::StepState;
use chrono::NaiveDate;
use serde::Serialize;
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::dossier::etapes::StepId;
use crate::kernel::issue::Refusal;
use crate::kernel::issue::Severity;
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
}

pub fn readiness(d: &Dossier, today: NaiveDate) -> Readiness {
    let mut points = Vec::new();
    let mut avertissements = 0;
    let mut etapes_non_validees = Vec::new();
    for r in reports(d, today) {
        avertissements += r.avertissements as u32;
        if r.validation.is_none() {
            etapes_non_validees.push(r.libelle.clone());
        }
        if r.etat == StepState::AFaire {
            points.push(PointBloquant {
                etape: r.etape,
                etape_libelle: r.libelle.clone(),
                regle: "ETAPE-VIDE".into(),
                chemin: format!("etapes.{}", r.etape.code()),
                message: format!("L'étape « {} » n'a encore aucun contenu.", r.libelle),
                source: d.pack().retroplanning.demarche.clone(),
            });
        }
        for i in r
            .issues
            .into_iter()
            .filter(|i| i.issue.severity == Severity::Erreur)
        {
            points.push(PointBloquant {
                etape: r.etape,
                etape_libelle: r.libelle.clone(),
                regle: i.issue.rule,
                chemin: i.issue.path,
                message: i.issue.message,
                source: i.issue.source,
            });
        }
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
    let etat = if is_signed(d) {
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
    }
}

/// Le refus opposé à toute écriture dans un dossier signé.
pub fn signed_refusal() -> Refusal {
    Refusal {
        code: "dossier.signe",
        message: "Ce dossier est signé : il n'est plus modifiable. Pour préparer un avenant, créez-en une copie de travail.".into(),
        chemin: None,
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

/// La garde d'une écriture : un dossier signé ne se modifie plus ; la dernière signature
/// ne s'enregistre que sur un dossier prêt.
pub fn guard_edit(was_signed: bool, after: &Dossier, today: NaiveDate) -> Result<(), Refusal> {
    if was_signed {
        return Err(signed_refusal());
    }
    check_last_signature(after, today)
}
