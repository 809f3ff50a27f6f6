//! Synthèse du diagnostic (annexe de nature 1 du contrat), sources mobilisées et contrôles
//! de conformité (preuves, pas objectifs).

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use super::catalogue::catalogue;
use crate::checklists::checklist_conformite;
use crate::dossier::Dossier;
use crate::editable::{Editable, unknown};
use crate::error::FieldError;
use crate::fields::{choice, date, line, text, uuid, uuid_list};

/// Nature d'un élément de la synthèse (guide PdL L530-L533 ; instruction DGCS L600-L604).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureSynthese {
    #[default]
    Constat,
    PointFort,
    PointAmelioration,
    Enjeu,
}

impl NatureSynthese {
    pub const ALL: [Self; 4] = [
        Self::Constat,
        Self::PointFort,
        Self::PointAmelioration,
        Self::Enjeu,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Constat => "Constat",
            Self::PointFort => "Point fort",
            Self::PointAmelioration => "Point d'amélioration",
            Self::Enjeu => "Enjeu",
        }
    }
}

/// Un élément de la synthèse. Son UUID est stable : les objectifs (issue 4) s'y rattachent.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ElementSynthese {
    pub id: Uuid,
    pub nature: NatureSynthese,
    pub texte: String,
    /// Axe du catalogue auquel l'élément se rapporte (facultatif).
    pub axe: Option<String>,
    /// ESMS concernés (vide : tout l'organisme).
    pub esms: Vec<Uuid>,
}

impl Editable for ElementSynthese {
    const KIND: &'static str = "synthese";
    const PATH: &'static str = "diagnostic.synthese";
    const LABEL: &'static str = "Élément de synthèse";
    crate::editable::uuid_identity!();
    fn describe(&self) -> String {
        let short: String = self.texte.chars().take(60).collect();
        format!("{} « {short} »", self.nature.label())
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.synthese.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.synthese.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "nature" => self.nature = choice(field, v)?.unwrap_or_default(),
            "texte" => self.texte = text(field, v)?,
            "axe" => {
                let a = line(field, v)?;
                if a.is_empty() {
                    self.axe = None;
                } else if catalogue().axe(&a).is_none() {
                    return Err(FieldError::new(
                        field,
                        "axe.inconnu",
                        format!("« {a} » n'est pas un axe du diagnostic."),
                    ));
                } else {
                    self.axe = Some(a);
                }
            }
            "esms" => self.esms = uuid_list(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// Type de source mobilisée pour le diagnostic (instruction DGCS §4 : L1151-L1166,
/// L1396-L1398, L1698-L1699, L1718-L1734 ; guide ANAP L792, L1186, L1535).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeSource {
    EvaluationExterne,
    EvaluationInterne,
    Tdb,
    IndicateursFlash,
    PvCommissionSecurite,
    BilanCpomPrecedent,
    ComptesRendusCvs,
    DonneesMdph,
    EnqueteBientraitance,
    RapportActivite,
    PgfpPpi,
    #[default]
    Autre,
}

impl TypeSource {
    pub const ALL: [Self; 12] = [
        Self::EvaluationExterne,
        Self::EvaluationInterne,
        Self::Tdb,
        Self::IndicateursFlash,
        Self::PvCommissionSecurite,
        Self::BilanCpomPrecedent,
        Self::ComptesRendusCvs,
        Self::DonneesMdph,
        Self::EnqueteBientraitance,
        Self::RapportActivite,
        Self::PgfpPpi,
        Self::Autre,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::EvaluationExterne => "Évaluation externe (abrégé, synthèse)",
            Self::EvaluationInterne => "Évaluation interne / PACQ",
            Self::Tdb => "Tableau de bord de la performance (ANAP / ATIH)",
            Self::IndicateursFlash => "Indicateurs FLASH",
            Self::PvCommissionSecurite => {
                "Procès-verbal de la commission de sécurité et d'accessibilité"
            }
            Self::BilanCpomPrecedent => "Bilan du CPOM précédent",
            Self::ComptesRendusCvs => "Comptes-rendus des CVS",
            Self::DonneesMdph => "Données de la MDPH",
            Self::EnqueteBientraitance => "Enquête bientraitance",
            Self::RapportActivite => "Rapport d'activité",
            Self::PgfpPpi => "PGFP et plan pluriannuel d'investissement",
            Self::Autre => "Autre",
        }
    }
}

/// Une source mobilisée pour le diagnostic.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct SourceDiagnostic {
    pub id: Uuid,
    pub type_source: TypeSource,
    pub libelle: String,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// Référence du document (« Rapport EE 2023, GED siège »).
    pub reference: String,
    /// ESMS concerné (vide : tout l'organisme).
    pub esms: Option<Uuid>,
}

impl Editable for SourceDiagnostic {
    const KIND: &'static str = "source_diagnostic";
    const PATH: &'static str = "diagnostic.sources";
    const LABEL: &'static str = "Source du diagnostic";
    const PARENT_FIELD: Option<&'static str> = Some("esms");
    crate::editable::uuid_identity!();
    fn esms_scope(&self) -> Option<Uuid> {
        self.esms
    }
    fn describe(&self) -> String {
        format!("Source {}", self.type_source.label())
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.sources.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.sources.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "type_source" => self.type_source = choice(field, v)?.unwrap_or_default(),
            "libelle" => self.libelle = line(field, v)?,
            "date" => self.date = date(field, v)?,
            "reference" => self.reference = line(field, v)?,
            "esms" => self.esms = uuid(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}

/// État d'un contrôle de conformité.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EtatConformite {
    #[default]
    AVerifier,
    Conforme,
    NonConforme,
    SansObjet,
}

impl EtatConformite {
    pub const ALL: [Self; 4] = [
        Self::AVerifier,
        Self::Conforme,
        Self::NonConforme,
        Self::SansObjet,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::AVerifier => "À vérifier",
            Self::Conforme => "Conforme",
            Self::NonConforme => "Non conforme",
            Self::SansObjet => "Sans objet",
        }
    }
}

/// L'état d'un point de la check-list de conformité (`assets/catalogues/conformite-v1.json`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Conformite {
    pub id: Uuid,
    pub item: String,
    pub etat: EtatConformite,
    /// L'élément de preuve (« PV du 12/05/2025, avis favorable »).
    pub preuve: String,
    pub commentaire: String,
}

impl Editable for Conformite {
    const KIND: &'static str = "conformite";
    const PATH: &'static str = "diagnostic.conformite";
    const LABEL: &'static str = "Contrôle de conformité";
    const KEY_FIELDS: &'static [&'static str] = &["item"];
    crate::editable::uuid_identity!();
    fn unique_key(&self) -> Option<String> {
        Some(self.item.clone())
    }
    fn describe(&self) -> String {
        let label = checklist_conformite()
            .item(&self.item)
            .map_or(self.item.as_str(), |i| i.libelle.as_str());
        format!("Conformité : {label}")
    }
    fn attach(self, d: &mut Dossier) {
        d.diagnostic.conformite.push(self);
    }
    fn all(d: &Dossier) -> Vec<&Self> {
        d.diagnostic.conformite.iter().collect()
    }
    fn set_field(&mut self, field: &str, v: &Value) -> Result<(), FieldError> {
        match field {
            "item" => {
                let id = line(field, v)?;
                if checklist_conformite().item(&id).is_none() {
                    return Err(FieldError::new(
                        field,
                        "checklist.inconnu",
                        format!("« {id} » n'est pas un contrôle de conformité connu."),
                    ));
                }
                self.item = id;
            }
            "etat" => self.etat = choice(field, v)?.unwrap_or_default(),
            "preuve" => self.preuve = text(field, v)?,
            "commentaire" => self.commentaire = text(field, v)?,
            _ => return Err(unknown(field)),
        }
        Ok(())
    }
}
