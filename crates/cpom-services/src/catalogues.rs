//! Les catalogues et listes de tous les écrans (organisme et périmètre, quatre étapes) :
//! données statiques (elles ne dépendent pas du dossier), à charger une fois (commande
//! `catalogues`).

use cpom_domain::diagnostic::catalogue::CatalogueDiagnostic;
use cpom_domain::dossier::diagnostic::{AUTORITES, INDICATEURS_FINANCIERS, NATURES_RESERVES};
use cpom_domain::dossier::diagnostic::{
    EtatConformite, NatureSynthese, NiveauIndicateur, SourceValeur, TypeSource,
};
use cpom_domain::dossier::diagnostic::{MODES, ORIENTATIONS};
use cpom_domain::dossier::etapes::StepId;
use cpom_domain::dossier::lancement::SRC_CAMPAGNE;
use cpom_domain::dossier::lancement::{
    Contribution, EtatItem, JalonCode, Niveau, RaciRole, TypeActeur, TypeReunion,
};
use cpom_domain::dossier::objectifs::Axe;
use cpom_domain::dossier::objectifs::ThemeEhpad;
use cpom_domain::dossier::objectifs::{
    AutoritesEngagees, NatureIndicateur, NatureMoyens, ObjectifMinimum, StatutAction,
    StatutObjectif,
};
use cpom_domain::dossier::perimetre::{
    AdhesionKind, Articulation, BaseJuridique, Capacites, Etp, HabilitationAideSociale,
    ModeFinancement, StatutJuridique,
};
use cpom_domain::dossier::perimetre::{ModeSoinsPuv, OptionTarifaire};
use cpom_domain::dossier::signature::{
    EtatAnnexe, LIGNES_PGFP, ModaliteAffectation, ModaliteAideSociale, ModeEvolutionDotation,
    PerimetreEprd, StatutPpi,
};
use cpom_domain::dossier::signature::{
    MENTIONS_SAAD, MENTIONS_SAAD_HORS_FAMILLE, ModulationForfaitAutonomie,
    NatureFinancementComplementaire,
};
use cpom_domain::kernel::checklists::{
    Checklist, checklist_annexes, checklist_conformite, checklist_lancement,
};
use cpom_domain::kernel::nomenclature::{Competence, Secteur};
use cpom_domain::kernel::pack::{PackInfo, packs};
use cpom_domain::kernel::reference::{Category, Departement, Region, reference};
use cpom_domain::kernel::sources::cite;
use cpom_domain::lancement::calc::PhaseCode;
use cpom_domain::objectifs::listes::{
    BesoinSerafin, ListeOrientations, besoins_serafin, orientations_prs,
};
use serde::Serialize;
use ts_rs::TS;

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

/// Un objectif minimum du guide PdL et son axe.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct MinimumItem {
    pub value: String,
    pub label: String,
    pub axe: String,
}

/// Les listes françaises de l'écran Objectifs (valeurs de `record_update`).
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ObjectifsLists {
    /// « Axe 1 — Réponse aux besoins territoriaux… ».
    pub axes: Vec<OptionItem>,
    /// Les six objectifs minimum (guide PdL) et leur axe.
    pub minimums: Vec<MinimumItem>,
    pub portees: Vec<OptionItem>,
    pub autorites: Vec<OptionItem>,
    pub statuts: Vec<OptionItem>,
    pub natures_moyens: Vec<OptionItem>,
    pub statuts_action: Vec<OptionItem>,
    pub natures_indicateur: Vec<OptionItem>,
    /// Nomenclature SERAFIN-PH des besoins (niveau 2 : domaine ; 3 et 4 : besoin détaillé).
    pub besoins_serafin: Vec<BesoinSerafin>,
    /// Orientations et objectifs opérationnels du PRS (liste versionnée, avec sa source).
    pub orientations_prs: ListeOrientations,
    /// Thématiques d'objectifs d'un CPOM « EHPAD » (loi et article 3 du modèle).
    pub themes_ehpad: Vec<OptionItem>,
}

/// Les listes françaises de l'écran Signature.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct SignatureLists {
    pub modes_evolution: Vec<OptionItem>,
    /// Dans l'ordre de la procédure d'aide à la décision du guide PdL ; `value` est aussi le
    /// nom du champ du montant d'une affectation (`apurement_deficits`…).
    pub modalites_affectation: Vec<OptionItem>,
    pub etats_annexe: Vec<OptionItem>,
    /// Groupes fonctionnels des dépenses (`g1`, `g2`, `g3`).
    pub groupes_depenses: Vec<OptionItem>,
    /// Groupes fonctionnels des recettes (`g1`, `g2`, `g3`).
    pub groupes_recettes: Vec<OptionItem>,
    /// Natures des annexes de l'arrêté du 3 mars 2017 (`1`, `2`, `3`).
    pub natures_annexe: Vec<OptionItem>,
    /// Choix du département pour l'habilitation à l'aide sociale (chemins
    /// `aide_sociale_choix.<département>`).
    pub modalites_aide_sociale: Vec<OptionItem>,
    /// Périmètre de l'EPRD d'un gestionnaire privé.
    pub perimetres_eprd: Vec<OptionItem>,
    /// Approbation d'une opération du PPI.
    pub statuts_ppi: Vec<OptionItem>,
    /// Lignes du PGFP (chemins `lignes.<code>.<année>`).
    pub lignes_pgfp: Vec<OptionItem>,
    /// Natures des financements complémentaires des EHPAD et PUV.
    pub natures_financement: Vec<OptionItem>,
    /// Modulations du forfait autonomie (liste limitative de l'instruction DGCS).
    pub modulations_forfait_autonomie: Vec<OptionItem>,
    /// Les onze mentions de l'article L. 313-11-1 CASF (volet d'un service d'aide à
    /// domicile), dans l'ordre ; 4° et 6° sans objet pour un service aux familles.
    pub mentions_saad: Vec<String>,
    pub mentions_saad_hors_famille: Vec<u32>,
}

/// Les catalogues versionnés et les listes.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Catalogues {
    pub diagnostic: CatalogueDiagnostic,
    pub checklist_lancement: Checklist,
    pub conformite: Checklist,
    /// Les annexes du contrat, par nature (étape Signature ; chemins `annexes.<id>`).
    pub annexes: Checklist,
    pub listes: StepLists,
    pub objectifs: ObjectifsLists,
    pub signature: SignatureLists,
    /// Les listes de référence de l'organisme et du périmètre (catégories FINESS,
    /// départements, régions, statuts, bases juridiques…).
    pub references: ReferenceLists,
    /// Les référentiels régionaux (packs) livrés, le socle national en premier.
    pub packs: Vec<PackInfo>,
}

const PORTEES: [(&str, &str); 2] = [
    ("propre", "Objectif propre à un ou plusieurs ESMS"),
    ("partage", "Objectif partagé par tous les ESMS du CPOM"),
];
const AUTORITES_ENGAGEES: [AutoritesEngagees; 3] = [
    AutoritesEngagees::Ars,
    AutoritesEngagees::Cd,
    AutoritesEngagees::ArsEtCd,
];
const STATUTS: [StatutObjectif; 4] = [
    StatutObjectif::EnRedaction,
    StatutObjectif::Propose,
    StatutObjectif::Retenu,
    StatutObjectif::Abandonne,
];
const NATURES_MOYENS: [NatureMoyens; 3] = [
    NatureMoyens::MoyensConstants,
    NatureMoyens::Redeploiement,
    NatureMoyens::MesuresNouvelles,
];
const STATUTS_ACTION: [StatutAction; 4] = [
    StatutAction::APrevoir,
    StatutAction::EnCours,
    StatutAction::Realisee,
    StatutAction::Abandonnee,
];
const NATURES_INDICATEUR: [NatureIndicateur; 5] = [
    NatureIndicateur::Evaluation,
    NatureIndicateur::SuiviInterne,
    NatureIndicateur::MiseEnOeuvre,
    NatureIndicateur::Resultat,
    NatureIndicateur::SuiviMdph,
];
const MODES_EVOLUTION: [ModeEvolutionDotation; 3] = [
    ModeEvolutionDotation::TauxDrl,
    ModeEvolutionDotation::FormuleFixe,
    ModeEvolutionDotation::AvenantsAnnuels,
];
const ETATS_ANNEXE: [EtatAnnexe; 3] = [
    EtatAnnexe::Jointe,
    EtatAnnexe::AJoindre,
    EtatAnnexe::SansObjet,
];
/// Annexe 5 du guide PdL (seed 002) : groupes fonctionnels du budget.
const GROUPES_DEPENSES: [(&str, &str); 3] = [
    (
        "g1",
        "Groupe I — Dépenses afférentes à l'exploitation courante",
    ),
    ("g2", "Groupe II — Dépenses afférentes au personnel"),
    ("g3", "Groupe III — Dépenses afférentes à la structure"),
];
const GROUPES_RECETTES: [(&str, &str); 3] = [
    ("g1", "Groupe I — Produits de la tarification"),
    (
        "g2",
        "Groupe II — Autres produits relatifs à l'exploitation",
    ),
    (
        "g3",
        "Groupe III — Produits financiers et produits non encaissables",
    ),
];
/// Arrêté du 3 mars 2017 : les trois natures d'annexes (instruction DGCS, seed 000 §8.4).
const NATURES_ANNEXE: [(&str, &str); 3] = [
    (
        "1",
        "Nature 1 — Annexes obligatoires, communes à tous les CPOM, produites pour le contrat",
    ),
    (
        "2",
        "Nature 2 — Annexe obligatoire pour les seuls établissements concernés, produite pour le contrat",
    ),
    (
        "3",
        "Nature 3 — Documents existants, annexés le cas échéant",
    ),
];

fn objectifs_lists() -> ObjectifsLists {
    ObjectifsLists {
        axes: Axe::ALL
            .iter()
            .map(|a| OptionItem {
                value: code(*a),
                label: format!("Axe {} — {}", a.number(), a.label()),
            })
            .collect(),
        minimums: ObjectifMinimum::ALL
            .iter()
            .map(|m| MinimumItem {
                value: code(*m),
                label: m.label().into(),
                axe: code(m.axe()),
            })
            .collect(),
        portees: pairs(&PORTEES),
        autorites: items(&AUTORITES_ENGAGEES, AutoritesEngagees::label),
        statuts: items(&STATUTS, StatutObjectif::label),
        natures_moyens: items(&NATURES_MOYENS, NatureMoyens::label),
        statuts_action: items(&STATUTS_ACTION, StatutAction::label),
        natures_indicateur: items(&NATURES_INDICATEUR, NatureIndicateur::label),
        besoins_serafin: besoins_serafin().to_vec(),
        orientations_prs: orientations_prs().clone(),
        themes_ehpad: items(&ThemeEhpad::ALL, ThemeEhpad::label),
    }
}

fn signature_lists() -> SignatureLists {
    SignatureLists {
        modes_evolution: items(&MODES_EVOLUTION, ModeEvolutionDotation::label),
        modalites_affectation: ModaliteAffectation::ALL
            .iter()
            .map(|m| OptionItem {
                value: m.field().into(),
                label: m.label().into(),
            })
            .collect(),
        etats_annexe: items(&ETATS_ANNEXE, EtatAnnexe::label),
        groupes_depenses: pairs(&GROUPES_DEPENSES),
        groupes_recettes: pairs(&GROUPES_RECETTES),
        natures_annexe: pairs(&NATURES_ANNEXE),
        modalites_aide_sociale: items(&ModaliteAideSociale::ALL, ModaliteAideSociale::label),
        perimetres_eprd: items(&PerimetreEprd::ALL, PerimetreEprd::label),
        statuts_ppi: items(&StatutPpi::ALL, StatutPpi::label),
        lignes_pgfp: pairs(&LIGNES_PGFP),
        natures_financement: items(
            &NatureFinancementComplementaire::ALL,
            NatureFinancementComplementaire::label,
        ),
        modulations_forfait_autonomie: items(
            &ModulationForfaitAutonomie::ALL,
            ModulationForfaitAutonomie::label,
        ),
        mentions_saad: MENTIONS_SAAD.iter().map(|m| m.to_string()).collect(),
        mentions_saad_hors_famille: MENTIONS_SAAD_HORS_FAMILLE
            .iter()
            .map(|n| *n as u32)
            .collect(),
    }
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
        diagnostic: cpom_domain::diagnostic::catalogue::catalogue().data.clone(),
        checklist_lancement: checklist_lancement().clone(),
        conformite: checklist_conformite().clone(),
        annexes: checklist_annexes().clone(),
        objectifs: objectifs_lists(),
        signature: signature_lists(),
        references: reference_lists(),
        packs: packs().iter().map(|p| p.info()).collect(),
        listes: StepLists {
            etapes: items(&StepId::ALL, StepId::label),
            jalons: jalons
                .into_iter()
                .map(|j| SourcedItem {
                    value: code(j),
                    label: j.label().into(),
                    source: cpom_domain::kernel::pack::packs()
                        .iter()
                        .find_map(|p| p.jalon(&j.code()))
                        .map(|x| x.source.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            phases: PhaseCode::ALL
                .iter()
                .map(|p| PhaseNorm {
                    value: code(*p),
                    label: p.label().into(),
                    norme_mois: p.norm_months(),
                    source: cite(p.source()),
                })
                .collect(),
            campagne_source: cite(SRC_CAMPAGNE),
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

/// Une valeur de liste déroulante.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct OptionItem {
    pub value: String,
    pub label: String,
}

/// Une base juridique, avec ses bornes de durée.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct BaseOption {
    pub value: String,
    pub label: String,
    pub duree_min: u8,
    pub duree_max: u8,
    pub duree_defaut: u8,
    pub source: String,
}

/// Toutes les listes de référence de l'interface.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct ReferenceLists {
    /// Toutes les catégories FINESS connues (`proposee` = offerte à la saisie).
    pub categories: Vec<Category>,
    pub departements: Vec<Departement>,
    pub regions: Vec<Region>,
    pub statuts: Vec<OptionItem>,
    pub bases: Vec<BaseOption>,
    pub adhesion_kinds: Vec<OptionItem>,
    pub habilitations: Vec<OptionItem>,
    pub secteurs: Vec<OptionItem>,
    pub competences: Vec<OptionItem>,
    /// Modalités d'accueil (clé du champ `capacites.<clé>`).
    pub modalites: Vec<OptionItem>,
    /// Catégories d'ETP (clé du champ `etp.<clé>`).
    pub etp_categories: Vec<OptionItem>,
    /// Articulation avec les autres CPOM du gestionnaire.
    pub articulations: Vec<OptionItem>,
    /// Mode de financement d'un ESMS avant le CPOM.
    pub modes_financement: Vec<OptionItem>,
    /// Options tarifaires d'un EHPAD.
    pub options_tarifaires: Vec<OptionItem>,
    /// Modes de financement des soins d'une petite unité de vie.
    pub modes_soins_puv: Vec<OptionItem>,
}

pub fn reference_lists() -> ReferenceLists {
    let r = reference();
    ReferenceLists {
        categories: r.categories.values().cloned().collect(),
        departements: r.departements.clone(),
        regions: r.regions.clone(),
        statuts: items(&StatutJuridique::ALL, StatutJuridique::label),
        bases: BaseJuridique::ALL
            .iter()
            .map(|&b| {
                let d = b.duration();
                BaseOption {
                    value: code(b),
                    label: b.label().into(),
                    duree_min: d.min,
                    duree_max: d.max,
                    duree_defaut: d.default,
                    source: cite(d.source),
                }
            })
            .collect(),
        adhesion_kinds: items(&AdhesionKind::ALL, AdhesionKind::label),
        habilitations: items(
            &HabilitationAideSociale::ALL,
            HabilitationAideSociale::label,
        ),
        secteurs: items(
            &[Secteur::Enfance, Secteur::Adultes, Secteur::PersonnesAgees],
            Secteur::label,
        ),
        competences: items(
            &[Competence::Ars, Competence::Cd, Competence::Conjointe],
            Competence::label,
        ),
        modalites: Capacites::MODALITES
            .iter()
            .map(|(v, l)| OptionItem {
                value: (*v).into(),
                label: (*l).into(),
            })
            .collect(),
        etp_categories: Etp::CATEGORIES
            .iter()
            .map(|(v, l)| OptionItem {
                value: (*v).into(),
                label: (*l).into(),
            })
            .collect(),
        articulations: items(&Articulation::ALL, Articulation::label),
        modes_financement: items(&ModeFinancement::ALL, ModeFinancement::label),
        options_tarifaires: items(&OptionTarifaire::ALL, OptionTarifaire::label),
        modes_soins_puv: items(&ModeSoinsPuv::ALL, ModeSoinsPuv::label),
    }
}
