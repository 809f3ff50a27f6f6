//! Les catalogues et listes des écrans Lancement et Diagnostic : données statiques (elles ne
//! dépendent pas du dossier), à charger une fois (commande `catalogues`).

use cpom_domain::checklists::{Checklist, checklist_conformite, checklist_lancement};
use cpom_domain::diagnostic::catalogue::catalogue;
use cpom_domain::diagnostic::creton::{MODES, ORIENTATIONS};
use cpom_domain::diagnostic::finances::{AUTORITES, INDICATEURS_FINANCIERS, NATURES_RESERVES};
use cpom_domain::diagnostic::{
    CatalogueDiagnostic, EtatConformite, NatureSynthese, NiveauIndicateur, SourceValeur, TypeSource,
};
use cpom_domain::lancement::calendar::SRC_CAMPAGNE;
use cpom_domain::lancement::planning::PhaseCode;
use cpom_domain::lancement::{
    Contribution, EtatItem, JalonCode, Niveau, RaciRole, TypeActeur, TypeReunion,
};
use cpom_domain::model::Etp;
use cpom_domain::steps::StepId;
use serde::Serialize;
use ts_rs::TS;

use crate::view::OptionItem;

/// Une valeur de liste avec sa source.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SourcedItem {
    pub value: String,
    pub label: String,
    pub source: String,
}

/// Une phase et sa norme de durée (guide ANAP).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct PhaseNorm {
    pub value: String,
    pub label: String,
    pub norme_mois: u32,
    pub source: String,
}

/// Un indicateur financier de l'annexe 2-E.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct FinanceIndicator {
    pub value: String,
    pub label: String,
    pub unite: String,
}

/// Les listes françaises des écrans Lancement et Diagnostic.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StepLists {
    pub etapes: Vec<OptionItem>,
    pub jalons: Vec<SourcedItem>,
    pub phases: Vec<PhaseNorm>,
    pub campagne_source: String,
    pub types_acteur: Vec<OptionItem>,
    pub niveaux: Vec<OptionItem>,
    pub raci: Vec<OptionItem>,
    pub contributions: Vec<OptionItem>,
    pub etats_checklist: Vec<OptionItem>,
    pub types_reunion: Vec<OptionItem>,
    pub sources_valeur: Vec<OptionItem>,
    pub niveaux_indicateur: Vec<OptionItem>,
    pub natures_synthese: Vec<OptionItem>,
    pub types_source: Vec<OptionItem>,
    pub etats_conformite: Vec<OptionItem>,
    /// 2-E : autorités (`ars`, `cd`), natures de réserves, indicateurs, catégories
    /// professionnelles (clés des chemins `diagnostic.finances.*`).
    pub autorites: Vec<OptionItem>,
    pub natures_reserves: Vec<OptionItem>,
    pub indicateurs_financiers: Vec<FinanceIndicator>,
    pub categories_pro: Vec<OptionItem>,
    /// 2-F : modes d'accueil et orientations (chemins `internat.esat`…).
    pub modes_creton: Vec<OptionItem>,
    pub orientations_creton: Vec<OptionItem>,
}

/// Les catalogues versionnés et les listes.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Catalogues {
    pub diagnostic: CatalogueDiagnostic,
    pub checklist_lancement: Checklist,
    pub conformite: Checklist,
    pub listes: StepLists,
}

fn code<T: Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn items<T: Serialize + Copy>(all: &[T], label: impl Fn(T) -> &'static str) -> Vec<OptionItem> {
    all.iter()
        .map(|&v| OptionItem {
            value: code(v),
            label: label(v).into(),
        })
        .collect()
}

fn pairs(all: &[(&str, &str)]) -> Vec<OptionItem> {
    all.iter()
        .map(|(v, l)| OptionItem {
            value: (*v).into(),
            label: (*l).into(),
        })
        .collect()
}

/// Tout ce que les écrans des étapes affichent sans dépendre du dossier.
pub fn catalogues() -> Catalogues {
    let mut jalons: Vec<JalonCode> = JalonCode::STANDARD.to_vec();
    jalons.push(JalonCode::Autre);
    Catalogues {
        diagnostic: catalogue().data.clone(),
        checklist_lancement: checklist_lancement().clone(),
        conformite: checklist_conformite().clone(),
        listes: StepLists {
            etapes: items(&StepId::ALL, StepId::label),
            jalons: jalons
                .into_iter()
                .map(|j| SourcedItem {
                    value: code(j),
                    label: j.label().into(),
                    source: j.source(),
                })
                .collect(),
            phases: PhaseCode::ALL
                .iter()
                .map(|p| PhaseNorm {
                    value: code(*p),
                    label: p.label().into(),
                    norme_mois: p.norm_months(),
                    source: p.source().into(),
                })
                .collect(),
            campagne_source: SRC_CAMPAGNE.into(),
            types_acteur: items(&TypeActeur::ALL, TypeActeur::label),
            niveaux: items(&Niveau::ALL, Niveau::label),
            raci: items(&RaciRole::ALL, RaciRole::label),
            contributions: items(&Contribution::ALL, Contribution::label),
            etats_checklist: items(&EtatItem::ALL, EtatItem::label),
            types_reunion: items(&TypeReunion::ALL, TypeReunion::label),
            sources_valeur: items(&SourceValeur::ALL, SourceValeur::label),
            niveaux_indicateur: items(&NiveauIndicateur::ALL, NiveauIndicateur::label),
            natures_synthese: items(&NatureSynthese::ALL, NatureSynthese::label),
            types_source: items(&TypeSource::ALL, TypeSource::label),
            etats_conformite: items(&EtatConformite::ALL, EtatConformite::label),
            autorites: pairs(&AUTORITES),
            natures_reserves: pairs(&NATURES_RESERVES),
            indicateurs_financiers: INDICATEURS_FINANCIERS
                .iter()
                .map(|(v, l, u)| FinanceIndicator {
                    value: (*v).into(),
                    label: (*l).into(),
                    unite: (*u).into(),
                })
                .collect(),
            categories_pro: pairs(&Etp::CATEGORIES),
            modes_creton: pairs(&MODES),
            orientations_creton: pairs(&ORIENTATIONS),
        },
    }
}
