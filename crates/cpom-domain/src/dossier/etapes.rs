//! Les types du moteur d'étapes : étapes, états, avancement, points du rapport, validations
//! et acquittements.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Les quatre étapes de la démarche.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StepId {
    #[default]
    Lancement,
    Diagnostic,
    Objectifs,
    Signature,
}

impl StepId {
    pub const ALL: [Self; 4] = [
        Self::Lancement,
        Self::Diagnostic,
        Self::Objectifs,
        Self::Signature,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Lancement => "Lancement",
            Self::Diagnostic => "Diagnostic partagé",
            Self::Objectifs => "Objectifs",
            Self::Signature => "Signature",
        }
    }
    /// Le nom sérialisé (« lancement »).
    pub fn code(self) -> &'static str {
        match self {
            Self::Lancement => "lancement",
            Self::Diagnostic => "diagnostic",
            Self::Objectifs => "objectifs",
            Self::Signature => "signature",
        }
    }
    /// 1 à 4.
    pub fn number(self) -> u8 {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0) as u8 + 1
    }
    pub fn previous(self) -> Option<Self> {
        let i = Self::ALL.iter().position(|s| *s == self)?;
        i.checked_sub(1).map(|j| Self::ALL[j])
    }
}

/// Un avertissement acquitté : qui, quand, pourquoi.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Acquittement {
    pub id: Uuid,
    pub regle: String,
    pub chemin: String,
    pub commentaire: String,
    pub par: String,
    /// ISO 8601, UTC.
    pub le: String,
}

/// La réouverture d'une étape validée (par l'utilisateur, ou automatiquement quand une
/// modification crée une erreur bloquante).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Reouverture {
    pub le: String,
    pub par: String,
    pub automatique: bool,
    /// Règle et chemin de l'erreur qui a rouvert l'étape (réouverture automatique).
    pub regle: String,
    pub chemin: String,
    pub motif: String,
}

/// La validation d'une étape (un enregistrement par étape).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ValidationEtape {
    pub id: Uuid,
    pub etape: StepId,
    pub valide: bool,
    /// Dernière validation : quand, par qui, avec quel commentaire.
    pub le: String,
    pub par: String,
    pub commentaire: String,
    /// Dernière réouverture, le cas échéant.
    pub reouverture: Option<Reouverture>,
}

/// Validations et acquittements enregistrés dans le dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Etapes {
    pub validations: Vec<ValidationEtape>,
    pub acquittements: Vec<Acquittement>,
}
