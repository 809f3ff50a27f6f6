//! Les données du diagnostic partagé (annexe 2 du socle Pays de la Loire) : réponses aux
//! questions du catalogue et encarts des thèmes (2-A), indicateurs 2-B/2-C, indicateurs
//! complémentaires 2-D, diagnostic financier 2-E, amendement Creton 2-F, synthèse, sources et
//! conformité.
//!
//! 2-B et 2-C ne forment pas un catalogue intégré : les lignes sont celles que fournit l'ARS
//! (pré-remplissage) ou que l'utilisateur saisit (guide PdL L557-L569).
//!
//! 2-E (guide PdL L601-L621) : résultats cumulés par autorité de tarification sur les 3 années
//! précédant la négociation, réserves et provisions au 31/12/N-1, indicateurs financiers sur
//! 3 ans, départs en retraite sur 5 ans avec provisions, effectifs au 31/12/N-1, évolution des
//! frais de siège. Montants en décimaux exacts (`rust_decimal`).
//!
//! 2-F (guide PdL L625-L629) : par ESMS et par mode d'accueil (internat / semi-internat), le
//! nombre de personnes selon leur orientation (ESAT, MAS, FAM, foyer de vie) au 31/12/N-1. La
//! nomenclature de 2017 renomme FAM en EAM et foyer de vie en EANM : les deux libellés sont
//! donnés.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::kernel::nomenclature::Secteur;

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

/// La valeur d'une réponse : un code (« oui ») ou un texte, ou la liste des cases cochées.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(untagged)]
#[ts(export)]
pub enum Valeur {
    Liste(Vec<String>),
    Texte(String),
}

/// Une réponse à une question du catalogue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Reponse {
    pub id: Uuid,
    /// Identifiant de la question dans le catalogue.
    pub question: String,
    /// L'ESMS concerné (axes 1-1 et 1-2) ; absent pour une réponse de l'organisme.
    pub esms: Option<Uuid>,
    pub valeur: Option<Valeur>,
    /// « Sans objet » : la question ne concerne pas cet ESMS ou l'organisme.
    pub sans_objet: bool,
    pub commentaire: String,
}

impl Reponse {
    /// Répondue (ou explicitement sans objet).
    pub fn answered(&self) -> bool {
        self.sans_objet
            || match &self.valeur {
                None => false,
                Some(Valeur::Texte(s)) => !s.trim().is_empty(),
                Some(Valeur::Liste(l)) => !l.is_empty(),
            }
    }
    /// La valeur sous forme de codes (pour les alertes).
    pub fn codes(&self) -> Vec<&str> {
        match &self.valeur {
            Some(Valeur::Texte(s)) => vec![s.as_str()],
            Some(Valeur::Liste(l)) => l.iter().map(String::as_str).collect(),
            None => Vec::new(),
        }
    }
}

/// Les quatre encarts de stratégie d'un thème (« modalités de mise en œuvre / difficultés
/// rencontrées / points forts / points d'amélioration », guide PdL L554-L555).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ThemeZones {
    pub id: Uuid,
    /// Identifiant du thème dans le catalogue.
    pub theme: String,
    pub modalites: String,
    pub difficultes: String,
    pub points_forts: String,
    pub points_amelioration: String,
}

impl ThemeZones {
    pub fn filled(&self) -> bool {
        [
            &self.modalites,
            &self.difficultes,
            &self.points_forts,
            &self.points_amelioration,
        ]
        .iter()
        .any(|s| !s.trim().is_empty())
    }
}

/// L'annexe d'un indicateur pré-rempli.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AnnexeIndicateur {
    /// 2-B — indicateurs FLASH recueillis par l'ARS.
    Flash,
    /// 2-C — indicateurs ANAP (tableau de bord de la performance).
    #[default]
    Anap,
}

/// D'où vient une valeur.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SourceValeur {
    /// Pré-rempli par l'ARS dans le fichier « Diagnostic ».
    PreRempliArs,
    /// Repris du tableau de bord de la performance.
    Tdb,
    /// Saisi par l'organisme gestionnaire.
    #[default]
    SaisieOg,
    Autre,
}

impl SourceValeur {
    pub const ALL: [Self; 4] = [Self::PreRempliArs, Self::Tdb, Self::SaisieOg, Self::Autre];
    pub fn label(self) -> &'static str {
        match self {
            Self::PreRempliArs => "Pré-rempli par l'ARS",
            Self::Tdb => "Tableau de bord de la performance",
            Self::SaisieOg => "Saisie de l'organisme gestionnaire",
            Self::Autre => "Autre",
        }
    }
}

/// Une valeur d'indicateur FLASH ou ANAP pour un ESMS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct IndicateurValeur {
    pub id: Uuid,
    pub annexe: AnnexeIndicateur,
    pub esms: Option<Uuid>,
    pub libelle: String,
    /// Code de l'indicateur s'il est connu (facultatif).
    pub code: String,
    pub annee: Option<i32>,
    #[ts(type = "string | null")]
    pub valeur: Option<Decimal>,
    /// « % », « jours », « € »…
    pub unite: String,
    pub source: SourceValeur,
    /// Précision de la source : « TDB 2024 », « FLASH 2025 ».
    pub source_detail: String,
    /// La valeur telle que pré-remplie (un pré-remplissage renseigne `valeur` et ce champ).
    #[ts(type = "string | null")]
    pub valeur_preremplie: Option<Decimal>,
    /// Vrai si la valeur a été modifiée après le pré-remplissage (déduit).
    pub modifiee: bool,
}

impl IndicateurValeur {
    pub(crate) fn refresh(&mut self) {
        self.modifiee = self.valeur_preremplie.is_some() && self.valeur != self.valeur_preremplie;
    }
}

/// À quel niveau un indicateur complémentaire est saisi (guide PdL L591-L597).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NiveauIndicateur {
    Esms,
    Secteur,
    Categorie,
    #[default]
    Og,
}

impl NiveauIndicateur {
    pub const ALL: [Self; 4] = [Self::Esms, Self::Secteur, Self::Categorie, Self::Og];
    pub fn label(self) -> &'static str {
        match self {
            Self::Esms => "Par ESMS",
            Self::Secteur => "Par secteur (enfance / adultes)",
            Self::Categorie => "Par catégorie d'ESMS",
            Self::Og => "Organisme gestionnaire",
        }
    }
}

/// Forme du résultat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum UniteRatio {
    #[default]
    Pourcentage,
    Ratio,
}

/// Un indicateur complémentaire (annexe 2-D) : l'OG saisit numérateur et dénominateur, le
/// ratio est calculé (guide PdL L584-L589).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct IndicateurComplementaire {
    pub id: Uuid,
    pub libelle: String,
    pub niveau: NiveauIndicateur,
    pub esms: Option<Uuid>,
    pub secteur: Option<Secteur>,
    /// Code de catégorie FINESS.
    pub categorie: Option<String>,
    pub annee: Option<i32>,
    pub numerateur_libelle: String,
    pub denominateur_libelle: String,
    #[ts(type = "string | null")]
    pub numerateur: Option<Decimal>,
    #[ts(type = "string | null")]
    pub denominateur: Option<Decimal>,
    pub unite: UniteRatio,
}

/// Autorités de tarification d'un tableau par autorité.
pub const AUTORITES: [(&str, &str); 2] = [("ars", "ARS"), ("cd", "Conseil départemental")];

/// Natures de réserves et provisions (procédure d'affectation des résultats du guide PdL,
/// L783-L901, et provisions).
pub const NATURES_RESERVES: [(&str, &str); 7] = [
    ("report_a_nouveau", "Report à nouveau"),
    (
        "reserve_compensation",
        "Réserve de compensation des déficits",
    ),
    ("reserve_tresorerie", "Réserve de trésorerie"),
    (
        "excedent_investissement",
        "Excédent affecté à l'investissement",
    ),
    (
        "excedent_amortissements",
        "Excédent affecté à la compensation des charges d'amortissement",
    ),
    ("provisions_risques", "Provisions pour risques et charges"),
    ("provisions_reglementees", "Provisions réglementées"),
];

/// Indicateurs financiers sur 3 ans : code, libellé, unité (guide PdL L610 ; TDB axe 3
/// finances, reference-facts §4.2 ; PGFP, instruction DGCS L651-L664).
pub const INDICATEURS_FINANCIERS: [(&str, &str, &str); 6] = [
    ("taux_caf", "Taux de capacité d'autofinancement (CAF)", "%"),
    ("taux_vetuste", "Taux de vétusté des constructions", "%"),
    ("taux_endettement", "Taux d'endettement", "%"),
    (
        "frng_jours",
        "Fonds de roulement net global (en jours de charges courantes)",
        "jours",
    ),
    ("bfr", "Besoin en fonds de roulement", "€"),
    ("tresorerie", "Trésorerie", "€"),
];

/// Le diagnostic financier (enregistrement unique).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Finances {
    /// Année de négociation N (vide : année précédant la date d'effet du CPOM).
    pub annee_negociation: Option<i32>,
    /// Résultat par autorité (`ars`, `cd`) et par année.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub resultats: BTreeMap<String, BTreeMap<i32, Decimal>>,
    /// Réserves et provisions au 31/12/N-1, par nature puis par autorité.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub reserves: BTreeMap<String, BTreeMap<String, Decimal>>,
    /// Indicateurs financiers par code puis par année.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub indicateurs: BTreeMap<String, BTreeMap<i32, Decimal>>,
    /// Départs en retraite prévus, par catégorie professionnelle puis par année.
    #[ts(type = "Record<string, Record<string, number>>")]
    pub retraites: BTreeMap<String, BTreeMap<i32, u32>>,
    /// Provisions constituées pour départs en retraite, par catégorie professionnelle.
    #[ts(type = "Record<string, string>")]
    pub provisions_retraite: BTreeMap<String, Decimal>,
    /// Effectifs (ETP) au 31/12/N-1 par catégorie professionnelle puis catégorie FINESS d'ESMS.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub effectifs: BTreeMap<String, BTreeMap<String, Decimal>>,
    /// Frais de siège par année.
    #[ts(type = "Record<string, string>")]
    pub frais_siege: BTreeMap<i32, Decimal>,
}

pub const ORIENTATIONS: [(&str, &str); 4] = [
    ("esat", "ESAT"),
    ("mas", "MAS"),
    ("fam_eam", "FAM / EAM"),
    ("foyer_vie_eanm", "Foyer de vie / EANM"),
];

pub const MODES: [(&str, &str); 2] = [("internat", "Internat"), ("semi_internat", "Semi-internat")];

/// Les effectifs d'un mode d'accueil, par orientation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct CretonLigne {
    pub esat: Option<u32>,
    pub mas: Option<u32>,
    pub fam_eam: Option<u32>,
    pub foyer_vie_eanm: Option<u32>,
}

impl CretonLigne {
    pub(crate) fn slot(&mut self, o: &str) -> Option<&mut Option<u32>> {
        match o {
            "esat" => Some(&mut self.esat),
            "mas" => Some(&mut self.mas),
            "fam_eam" => Some(&mut self.fam_eam),
            "foyer_vie_eanm" => Some(&mut self.foyer_vie_eanm),
            _ => None,
        }
    }
    pub fn get(&self, o: &str) -> u32 {
        match o {
            "esat" => self.esat,
            "mas" => self.mas,
            "fam_eam" => self.fam_eam,
            "foyer_vie_eanm" => self.foyer_vie_eanm,
            _ => None,
        }
        .unwrap_or(0)
    }
    pub fn total(&self) -> u32 {
        ORIENTATIONS.iter().map(|(o, _)| self.get(o)).sum()
    }
}

/// Les jeunes adultes en amendement Creton d'un ESMS.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Creton {
    pub id: Uuid,
    pub esms: Option<Uuid>,
    pub internat: CretonLigne,
    pub semi_internat: CretonLigne,
}

impl Creton {
    pub fn mode(&self, m: &str) -> Option<&CretonLigne> {
        match m {
            "internat" => Some(&self.internat),
            "semi_internat" => Some(&self.semi_internat),
            _ => None,
        }
    }
    pub fn total(&self) -> u32 {
        self.internat.total() + self.semi_internat.total()
    }
}

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
