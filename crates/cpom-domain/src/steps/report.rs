//! Le rapport d'une étape : état, avancement, points (avec leur acquittement éventuel).

use crate::dossier::etapes::Acquittement;
use crate::dossier::etapes::Reouverture;
use crate::dossier::etapes::StepId;
use crate::dossier::etapes::ValidationEtape;
use crate::kernel::issue::Issue;
use crate::kernel::progress::CompletionItem;
use serde::Serialize;
use ts_rs::TS;

/// L'état d'une étape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepState {
    /// Rien n'est encore rempli.
    AFaire,
    /// Commencée, avec au moins une erreur bloquante.
    EnCours,
    /// Aucune erreur bloquante : peut être validée.
    Pret,
    Valide,
}

impl StepState {
    pub fn label(self) -> &'static str {
        match self {
            Self::AFaire => "À faire",
            Self::EnCours => "En cours",
            Self::Pret => "Prêt",
            Self::Valide => "Validé",
        }
    }
}

/// Un point du rapport d'une étape, avec son acquittement éventuel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepIssue {
    #[serde(flatten)]
    #[ts(flatten)]
    pub issue: Issue,
    /// Présent pour un avertissement acquitté.
    pub acquittement: Option<Acquittement>,
}

/// Le rapport d'une étape : ce que l'accueil du dossier, l'écran de l'étape et `cpom check`
/// affichent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct StepReport {
    pub etape: StepId,
    pub numero: u8,
    pub libelle: String,
    pub etat: StepState,
    pub etat_libelle: String,
    /// 0 à 100, d'après ce qui est rempli (moyenne des lignes d'avancement).
    pub completion: u8,
    pub avancement: Vec<CompletionItem>,
    /// Erreurs, puis avertissements, puis informations.
    pub issues: Vec<StepIssue>,
    pub erreurs: usize,
    /// Avertissements non acquittés.
    pub avertissements: usize,
    pub acquittes: usize,
    pub informations: usize,
    /// La validation en vigueur (état « validé »).
    pub validation: Option<ValidationEtape>,
    /// La dernière réouverture, si l'étape a été validée puis rouverte.
    pub reouverture: Option<Reouverture>,
}
