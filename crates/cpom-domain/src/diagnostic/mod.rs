//! Étape 2 — Diagnostic partagé, modélisé comme des données : le catalogue versionné de
//! l'annexe 2-A (`catalogue.rs`), les réponses et encarts (`reponses.rs`), les indicateurs
//! 2-B/2-C/2-D (`indicateurs.rs`), le diagnostic financier 2-E (`finances.rs`), l'amendement
//! Creton 2-F (`creton.rs`), la synthèse, les sources et la conformité (`synthese.rs`).

pub mod catalogue;
pub mod creton;
pub mod finances;
pub mod indicateurs;
pub mod reponses;
pub mod rules;
pub mod synthese;
#[cfg(test)]
mod tests;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

pub use catalogue::{CatalogueDiagnostic, NiveauAxe, TypeReponse, catalogue};
pub use creton::{Creton, CretonLigne, TotauxCreton};
pub use finances::{Finances, TotauxFinanciers};
pub use indicateurs::{
    AnnexeIndicateur, IndicateurComplementaire, IndicateurValeur, NiveauIndicateur, RatioCalcule,
    SourceValeur, UniteRatio,
};
pub use reponses::{Reponse, ThemeZones, Valeur};
pub use synthese::{
    Conformite, ElementSynthese, EtatConformite, NatureSynthese, SourceDiagnostic, TypeSource,
};

use crate::dossier::Dossier;
use crate::model::{Competence, Esms};

/// Tout le diagnostic partagé.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Diagnostic {
    pub reponses: Vec<Reponse>,
    pub themes: Vec<ThemeZones>,
    /// 2-B (FLASH) et 2-C (ANAP).
    pub indicateurs: Vec<IndicateurValeur>,
    /// 2-D.
    pub complementaires: Vec<IndicateurComplementaire>,
    /// 2-E.
    pub finances: Finances,
    /// 2-F.
    pub creton: Vec<Creton>,
    pub synthese: Vec<ElementSynthese>,
    pub sources: Vec<SourceDiagnostic>,
    pub conformite: Vec<Conformite>,
}

/// Les ESMS (ou l'organisme) qui répondent aux questions d'un axe : les ESMS du périmètre du
/// secteur de l'axe (axes par ESMS), sinon l'organisme seul (`None`).
pub fn scopes<'a>(d: &'a Dossier, axe: &catalogue::Axe) -> Vec<Option<&'a Esms>> {
    match axe.niveau {
        NiveauAxe::Og => vec![None],
        NiveauAxe::Esms => d
            .perimetre()
            .filter(|e| axe.secteur.is_none() || e.secteur == axe.secteur)
            .map(Some)
            .collect(),
    }
}

/// Les ESMS pour lesquels l'OG saisit lui-même les indicateurs FLASH : ceux de compétence
/// exclusive du département (guide PdL L565-L566).
pub fn flash_saisie_og(d: &Dossier) -> Vec<Uuid> {
    d.perimetre()
        .filter(|e| e.competence == Some(Competence::Cd))
        .map(|e| e.id)
        .collect()
}

/// L'avancement d'un ESMS (ou de l'organisme) dans un axe.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PorteeAxe {
    pub esms: Option<Uuid>,
    pub libelle: String,
    pub repondues: u32,
    pub total: u32,
}

/// Un axe du catalogue pour ce dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct AxeCalcule {
    pub axe: String,
    pub code: String,
    pub titre: String,
    /// Faux pour un axe de secteur sans ESMS de ce secteur au périmètre (non affiché).
    pub applicable: bool,
    pub portees: Vec<PorteeAxe>,
}

/// Ce que l'interface affiche du diagnostic en plus des données saisies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DiagnosticCalcule {
    pub catalogue_id: String,
    pub catalogue_version: u32,
    pub axes: Vec<AxeCalcule>,
    /// Ratios de l'annexe 2-D, dans l'ordre des indicateurs.
    pub ratios: Vec<RatioCalcule>,
    pub finances: TotauxFinanciers,
    pub creton: TotauxCreton,
    /// ESMS dont l'OG saisit les indicateurs FLASH.
    pub flash_saisie_og: Vec<Uuid>,
}

/// Calcule les vues du diagnostic.
pub fn calcul(d: &Dossier) -> DiagnosticCalcule {
    let c = &catalogue().data;
    let answers = rules::answer_index(d);
    let axes = c
        .axes
        .iter()
        .map(|axe| {
            let portees: Vec<PorteeAxe> = scopes(d, axe)
                .into_iter()
                .map(|e| {
                    let id = e.map(|e| e.id);
                    let (done, total) = rules::axis_progress(axe, id, &answers);
                    PorteeAxe {
                        esms: id,
                        libelle: e
                            .map_or_else(|| d.organisme.raison_sociale.clone(), |e| e.nom.clone()),
                        repondues: done,
                        total,
                    }
                })
                .collect();
            AxeCalcule {
                axe: axe.id.clone(),
                code: axe.code.clone(),
                titre: axe.titre.clone(),
                applicable: !portees.is_empty(),
                portees,
            }
        })
        .collect();
    DiagnosticCalcule {
        catalogue_id: c.id.clone(),
        catalogue_version: c.version,
        axes,
        ratios: d
            .diagnostic
            .complementaires
            .iter()
            .map(indicateurs::ratio)
            .collect(),
        finances: finances::totaux(d),
        creton: creton::totaux(d),
        flash_saisie_og: flash_saisie_og(d),
    }
}
