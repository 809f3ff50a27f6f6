//! Les fiches-objectifs, leurs actions et leurs indicateurs.
//!
//! Un seul enregistrement par objectif porte tout ce que demandent les trois formes de fiche
//! des sources, pour qu'une fiche se rende dans chacune sans ressaisie :
//! - fiche-objectif Pays de la Loire (guide ARS PdL, seed 002, annexe 4, L645-L681) :
//!   axe, contexte (cadre réglementaire, orientations du PRS, schéma départemental, constats
//!   territoriaux et de l'organisme, besoins SERAFIN-PH), actions avec partenaires et
//!   calendrier, indicateurs de suivi et d'évaluation, indicateurs de suivi interne ;
//! - fiche action ANAP (guide ANAP, seed 004 §3.2) : orientations stratégiques, état des lieux
//!   et situation visée à 5 ans, plan d'actions (tâches, échéancier, référent, personnes
//!   ressources), mesure des résultats ;
//! - fiche action PACA (modèle PACA, seed 001, annexes 2-3) : constat, objectif opérationnel,
//!   description, acteurs, moyens, calendrier, indicateurs de mise en œuvre / de résultat /
//!   de suivi avec la MDPH, points de vigilance, objectifs chiffrés.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Les trois axes stratégiques du CPOM Pays de la Loire (seed 002, L682-L712).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
// « Axe » est aussi le nom d'un axe du catalogue du diagnostic : nom TypeScript distinct.
#[ts(export, rename = "AxeObjectif")]
pub enum Axe {
    /// Axe 1 — Réponse aux besoins territoriaux et adaptation des parcours.
    Parcours,
    /// Axe 2 — Bientraitance, démarche qualité et maîtrise des risques.
    Qualite,
    /// Axe 3 — Efficience et innovation des organisations.
    Efficience,
}

impl Axe {
    pub const ALL: [Self; 3] = [Self::Parcours, Self::Qualite, Self::Efficience];
    pub fn number(self) -> u8 {
        match self {
            Self::Parcours => 1,
            Self::Qualite => 2,
            Self::Efficience => 3,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Parcours => "Réponse aux besoins territoriaux et adaptation des parcours",
            Self::Qualite => "Bientraitance, démarche qualité et maîtrise des risques",
            Self::Efficience => "Efficience et innovation des organisations",
        }
    }
}

/// Les six objectifs que tout CPOM Pays de la Loire comprend « a minima » (seed 002,
/// L645-L647 et L682-L712).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ObjectifMinimum {
    Inadequations,
    Inclusion,
    Cooperation,
    Qualite,
    Prevention,
    Organisations,
}

impl ObjectifMinimum {
    pub const ALL: [Self; 6] = [
        Self::Inadequations,
        Self::Inclusion,
        Self::Cooperation,
        Self::Qualite,
        Self::Prevention,
        Self::Organisations,
    ];
    pub fn axe(self) -> Axe {
        match self {
            Self::Inadequations | Self::Inclusion | Self::Cooperation => Axe::Parcours,
            Self::Qualite | Self::Prevention => Axe::Qualite,
            Self::Organisations => Axe::Efficience,
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Inadequations => "Situations d'inadéquation",
            Self::Inclusion => "Inclusion des personnes dans la société",
            Self::Cooperation => "Coopération territoriale",
            Self::Qualite => "Qualité",
            Self::Prevention => "Prévention",
            Self::Organisations => "Optimisation des organisations",
        }
    }
}

/// Les thématiques d'objectifs d'un CPOM « EHPAD » : celles que fixe la loi (art. 58 de la
/// loi n° 2015-1776, IV ter de l'art. L. 313-12 CASF : « objectifs en matière d'activité, de
/// qualité de prise en charge, d'accompagnement et d'intervention d'établissements de santé
/// exerçant sous la forme d'hospitalisation à domicile, y compris en matière de soins
/// palliatifs », seed 000 L1358-L1361) et l'expression et la participation des résidents,
/// exemple de l'article 3 du modèle de contrat (seed 000 L1378-L1379).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ThemeEhpad {
    Activite,
    QualitePriseEnCharge,
    Accompagnement,
    HadSoinsPalliatifs,
    ParticipationResidents,
}

impl ThemeEhpad {
    pub const ALL: [Self; 5] = [
        Self::Activite,
        Self::QualitePriseEnCharge,
        Self::Accompagnement,
        Self::HadSoinsPalliatifs,
        Self::ParticipationResidents,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Activite => "Activité",
            Self::QualitePriseEnCharge => "Qualité de prise en charge",
            Self::Accompagnement => "Accompagnement",
            Self::HadSoinsPalliatifs => {
                "Intervention de l'hospitalisation à domicile, y compris en soins palliatifs"
            }
            Self::ParticipationResidents => {
                "Expression et participation individuelle et collective des résidents"
            }
        }
    }
    /// Thématique imposée par la loi (les autres sont des exemples du modèle).
    pub fn legale(self) -> bool {
        !matches!(self, Self::ParticipationResidents)
    }
}

/// Objectif propre à certains ESMS ou partagé par tout le périmètre (instruction DGCS,
/// seed 000 L639-L641, V27).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PorteeObjectif {
    #[default]
    Propre,
    Partage,
}

/// Autorité(s) engagée(s) par un objectif (seed 000 L837-L839, V30).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AutoritesEngagees {
    Ars,
    Cd,
    ArsEtCd,
}

impl AutoritesEngagees {
    pub fn label(self) -> &'static str {
        match self {
            Self::Ars => "ARS",
            Self::Cd => "Conseil départemental",
            Self::ArsEtCd => "ARS et conseil départemental",
        }
    }
    pub fn ars(self) -> bool {
        matches!(self, Self::Ars | Self::ArsEtCd)
    }
    pub fn cd(self) -> bool {
        matches!(self, Self::Cd | Self::ArsEtCd)
    }
}

/// Où en est la rédaction de l'objectif.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatutObjectif {
    #[default]
    EnRedaction,
    /// Proposé aux autorités.
    Propose,
    /// Retenu en négociation.
    Retenu,
    /// Abandonné : gardé pour mémoire, hors contrat et hors contrôles.
    Abandonne,
}

impl StatutObjectif {
    pub fn label(self) -> &'static str {
        match self {
            Self::EnRedaction => "En rédaction",
            Self::Propose => "Proposé",
            Self::Retenu => "Retenu",
            Self::Abandonne => "Abandonné",
        }
    }
}

/// Nature des moyens d'un objectif (reference-facts §4.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureMoyens {
    MoyensConstants,
    Redeploiement,
    MesuresNouvelles,
}

impl NatureMoyens {
    pub fn label(self) -> &'static str {
        match self {
            Self::MoyensConstants => "À moyens constants",
            Self::Redeploiement => "Par redéploiement",
            Self::MesuresNouvelles => "Mesures nouvelles",
        }
    }
}

/// Une fiche-objectif.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Objectif {
    pub id: Uuid,
    /// Intitulé de l'objectif.
    pub titre: String,
    pub axe: Option<Axe>,
    /// Objectif(s) minimum(s) du guide PdL que la fiche couvre.
    pub minimums: Vec<ObjectifMinimum>,
    pub portee: PorteeObjectif,
    /// ESMS concernés (objectif propre) ; vide pour un objectif partagé.
    pub esms: Vec<Uuid>,
    pub autorites: Option<AutoritesEngagees>,
    /// Éléments de la synthèse du diagnostic auxquels l'objectif répond.
    pub constats: Vec<Uuid>,
    pub pilote: String,
    pub statut: StatutObjectif,
    // 1 — Contexte (PdL)
    pub cadre_reglementaire: String,
    /// Identifiants de la liste versionnée des orientations du PRS.
    pub orientations_prs: Vec<String>,
    pub schema_departemental: String,
    pub constats_territoriaux: String,
    pub constats_organisme: String,
    /// Codes SERAFIN-PH des besoins visés.
    pub besoins_serafin: Vec<String>,
    // ANAP
    pub etat_des_lieux: String,
    pub situation_visee: String,
    // PACA
    pub objectif_operationnel: String,
    pub points_vigilance: String,
    pub objectifs_chiffres: String,
    // Moyens
    pub nature_moyens: Option<NatureMoyens>,
    #[ts(type = "string | null")]
    pub montant_moyens: Option<Decimal>,
    /// L'objectif a un effet sur le PGFP (un objectif qui reprend une norme n'est admis
    /// qu'à cette condition : seed 000 L1389-L1402, V29).
    pub impact_pgfp: bool,
    /// Thématiques que la loi impose aux objectifs d'un CPOM « EHPAD » et que la fiche
    /// couvre (seed 000 L1358-L1361, L1378-L1379).
    pub themes_ehpad: Vec<ThemeEhpad>,
}

/// Où en est une action.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatutAction {
    #[default]
    APrevoir,
    EnCours,
    Realisee,
    Abandonnee,
}

impl StatutAction {
    pub fn label(self) -> &'static str {
        match self {
            Self::APrevoir => "À prévoir",
            Self::EnCours => "En cours",
            Self::Realisee => "Réalisée",
            Self::Abandonnee => "Abandonnée",
        }
    }
}

/// Une action concrète d'un objectif.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Action {
    pub id: Uuid,
    pub objectif: Uuid,
    pub libelle: String,
    pub description: String,
    /// ESMS où l'action se déroule (vide : ceux de l'objectif).
    pub esms: Vec<Uuid>,
    /// Tâches (ANAP), une par ligne.
    pub taches: Vec<String>,
    #[ts(type = "string | null")]
    pub debut: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub fin: Option<NaiveDate>,
    /// Personne référente (ANAP) ou pilote de l'action.
    pub referent: String,
    pub personnes_ressources: String,
    /// Partenaires / acteurs à mobiliser, un par ligne.
    pub partenaires: Vec<String>,
    /// L'action ne peut se faire sans un partenaire extérieur.
    pub depend_partenaire: bool,
    pub moyens: String,
    pub statut: StatutAction,
}

/// Nature d'un indicateur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureIndicateur {
    /// Suivi et évaluation de l'objectif (PdL 3 ; ANAP « mesure des résultats »).
    #[default]
    Evaluation,
    /// Suivi interne défini par l'organisme (PdL 4).
    SuiviInterne,
    /// Mise en œuvre (PACA).
    MiseEnOeuvre,
    /// Résultat / impact (PACA).
    Resultat,
    /// Suivi avec la MDPH (PACA).
    SuiviMdph,
}

impl NatureIndicateur {
    pub fn label(self) -> &'static str {
        match self {
            Self::Evaluation => "Suivi et évaluation",
            Self::SuiviInterne => "Suivi interne",
            Self::MiseEnOeuvre => "Mise en œuvre",
            Self::Resultat => "Résultat (impact)",
            Self::SuiviMdph => "Suivi avec la MDPH",
        }
    }
}

/// Nombre d'années d'un CPOM pour les cibles annuelles.
pub const ANNEES_CIBLES: usize = 5;

/// Un indicateur d'un objectif.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct IndicateurObjectif {
    pub id: Uuid,
    pub objectif: Uuid,
    pub libelle: String,
    pub nature: NatureIndicateur,
    pub mode_calcul: String,
    /// D'où vient la valeur (tableau de bord, indicateurs FLASH, système d'information…).
    pub source: String,
    /// « % », « jours », « nombre »…
    pub unite: String,
    /// Valeur de l'année de signature (valeur de départ).
    #[ts(type = "string | null")]
    pub valeur_initiale: Option<Decimal>,
    #[ts(type = "string | null")]
    pub cible_mi_parcours: Option<Decimal>,
    #[ts(type = "string | null")]
    pub cible_finale: Option<Decimal>,
    /// Cibles facultatives des années 1 à 5 du contrat.
    #[ts(type = "Array<string | null>")]
    pub cibles_annuelles: Vec<Option<Decimal>>,
    /// Valeurs réalisées des années 1 à 5 (tableau de suivi).
    #[ts(type = "Array<string | null>")]
    pub realise: Vec<Option<Decimal>>,
}

/// Seuil par défaut (inférence, réglable par dossier) du « nombre limité » d'objectifs : les sources n'en donnent pas ; deux
/// fois le socle des six objectifs minimum du guide PdL.
pub const SEUIL_OBJECTIFS_DEFAUT: u32 = 12;
/// Part des actions démarrant en année 1 au-delà de laquelle le calendrier paraît irréaliste.
pub const SEUIL_ANNEE1_DEFAUT: u8 = 60;

/// Réglages des contrôles de l'étape (enregistrement unique).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ReglagesObjectifs {
    /// Au-delà, avertissement V28 (vide : valeur par défaut).
    pub seuil_objectifs: Option<u32>,
    /// Part (%) des actions démarrant en année 1 au-delà de laquelle avertir.
    pub seuil_annee1: Option<u8>,
}

impl ReglagesObjectifs {
    pub fn seuil_objectifs(&self) -> u32 {
        self.seuil_objectifs.unwrap_or(SEUIL_OBJECTIFS_DEFAUT)
    }
    pub fn seuil_annee1(&self) -> u8 {
        self.seuil_annee1.unwrap_or(SEUIL_ANNEE1_DEFAUT)
    }
}

/// Le contenu de l'étape Objectifs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Objectifs {
    pub reglages: ReglagesObjectifs,
    /// Dans l'ordre des fiches (numérotation).
    pub objectifs: Vec<Objectif>,
    pub actions: Vec<Action>,
    pub indicateurs: Vec<IndicateurObjectif>,
}

impl Objectifs {
    /// Les objectifs qui comptent (pas abandonnés).
    pub fn actifs(&self) -> impl Iterator<Item = &Objectif> {
        self.objectifs
            .iter()
            .filter(|o| o.statut != StatutObjectif::Abandonne)
    }
    pub fn actions_of(&self, objectif: Uuid) -> impl Iterator<Item = &Action> {
        self.actions.iter().filter(move |a| a.objectif == objectif)
    }
    pub fn indicateurs_of(&self, objectif: Uuid) -> impl Iterator<Item = &IndicateurObjectif> {
        self.indicateurs
            .iter()
            .filter(move |i| i.objectif == objectif)
    }
    /// Numéro d'affichage de la fiche (1, 2…) parmi les objectifs actifs.
    pub fn numero(&self, objectif: Uuid) -> Option<usize> {
        self.actifs().position(|o| o.id == objectif).map(|i| i + 1)
    }
}
