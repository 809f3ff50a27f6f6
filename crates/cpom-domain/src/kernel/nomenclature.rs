//! Le vocabulaire commun des nomenclatures FINESS : secteur d'un ESMS et autorité de
//! tarification. Les listes de référence (`reference.rs`) et le dossier l'emploient.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Secteur d'un ESMS.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Secteur {
    Enfance,
    Adultes,
    PersonnesAgees,
}

impl Secteur {
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "enfance" => Some(Self::Enfance),
            "adultes" => Some(Self::Adultes),
            "personnes_agees" => Some(Self::PersonnesAgees),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Enfance => "Enfance",
            Self::Adultes => "Adultes",
            Self::PersonnesAgees => "Personnes âgées",
        }
    }
}

/// Autorité de tarification d'un ESMS (seed000 §8.1 compétence tarifaire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Competence {
    Ars,
    Cd,
    Conjointe,
}

impl Competence {
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "ARS" | "ars" => Some(Self::Ars),
            "CD" | "cd" => Some(Self::Cd),
            "conjointe" => Some(Self::Conjointe),
            _ => None,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Ars => "ARS",
            Self::Cd => "Conseil départemental",
            Self::Conjointe => "Conjointe ARS / conseil départemental",
        }
    }
    pub fn involves_ars(self) -> bool {
        matches!(self, Self::Ars | Self::Conjointe)
    }
    pub fn involves_cd(self) -> bool {
        matches!(self, Self::Cd | Self::Conjointe)
    }
}
