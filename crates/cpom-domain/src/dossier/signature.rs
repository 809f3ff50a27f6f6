//! Les données de l'étape Signature : moyens (annexe 5 PdL ; article 3 et annexe 4 PACA),
//! budgets de référence, affectation des résultats, suivi, consultations, signataires et
//! liste des annexes.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Mode d'évolution de la dotation globale : les trois possibilités de l'article R. 314-40
/// du CASF (instruction DGCS, seed 000 L1234-L1238, V21).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModeEvolutionDotation {
    /// Application directe du taux d'évolution des dotations régionales limitatives.
    TauxDrl,
    /// Formule fixe d'actualisation ou de revalorisation.
    FormuleFixe,
    /// Avenants annuels précisant l'actualisation ou la revalorisation.
    AvenantsAnnuels,
}

impl ModeEvolutionDotation {
    pub fn label(self) -> &'static str {
        match self {
            Self::TauxDrl => "Application du taux d'évolution des dotations régionales limitatives",
            Self::FormuleFixe => "Formule fixe d'actualisation ou de revalorisation",
            Self::AvenantsAnnuels => "Avenants annuels d'actualisation ou de revalorisation",
        }
    }
}

/// Les modalités d'affectation des résultats prévues par le CASF (art. R. 314-43), dans
/// l'ordre de la procédure d'aide à la décision du guide PdL (seed 002, L774-L909).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModaliteAffectation {
    ApurementDeficits,
    ReportANouveau,
    Investissement,
    ReserveCompensation,
    ReserveTresorerie,
    CompensationAmortissements,
}

impl ModaliteAffectation {
    pub const ALL: [Self; 6] = [
        Self::ApurementDeficits,
        Self::ReportANouveau,
        Self::Investissement,
        Self::ReserveCompensation,
        Self::ReserveTresorerie,
        Self::CompensationAmortissements,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::ApurementDeficits => "Apurement des déficits antérieurs",
            Self::ReportANouveau => "Report à nouveau",
            Self::Investissement => "Financement de mesures d'investissement",
            Self::ReserveCompensation => "Réserve de compensation",
            Self::ReserveTresorerie => "Réserve de trésorerie",
            Self::CompensationAmortissements => {
                "Compensation des charges d'amortissement (mise aux normes de sécurité)"
            }
        }
    }
    /// Nom du champ du montant dans une ligne d'affectation.
    pub fn field(self) -> &'static str {
        match self {
            Self::ApurementDeficits => "apurement_deficits",
            Self::ReportANouveau => "report_a_nouveau",
            Self::Investissement => "investissement",
            Self::ReserveCompensation => "reserve_compensation",
            Self::ReserveTresorerie => "reserve_tresorerie",
            Self::CompensationAmortissements => "compensation_amortissements",
        }
    }
}

/// Le choix du département pour l'habilitation à l'aide sociale (instruction DGCS, seed 000
/// L671-L678 : le modèle prévoit les deux cas, au choix du conseil départemental).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModaliteAideSociale {
    /// L'annexe précise les conditions de l'habilitation (convention).
    Convention,
    /// L'annexe renvoie au règlement départemental d'aide sociale.
    ReglementDepartemental,
}

impl ModaliteAideSociale {
    pub const ALL: [Self; 2] = [Self::Convention, Self::ReglementDepartemental];
    pub fn label(self) -> &'static str {
        match self {
            Self::Convention => "Conditions fixées par le contrat (convention)",
            Self::ReglementDepartemental => "Renvoi au règlement départemental d'aide sociale",
        }
    }
}

/// Le périmètre de l'état des prévisions de recettes et de dépenses d'un gestionnaire privé
/// (instruction DGCS, seed 000 L1338-L1341, V45).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PerimetreEprd {
    /// Les ESMS du CPOM.
    Cpom,
    /// Tous les ESMS du gestionnaire dans le périmètre géographique du CPOM (au plus la
    /// région).
    Elargi,
    /// Un périmètre plus petit que celui du CPOM (refusé : V45).
    Partiel,
}

impl PerimetreEprd {
    pub const ALL: [Self; 3] = [Self::Cpom, Self::Elargi, Self::Partiel];
    pub fn label(self) -> &'static str {
        match self {
            Self::Cpom => "Les ESMS du CPOM",
            Self::Elargi => {
                "Tous les ESMS du gestionnaire dans le périmètre géographique du CPOM (au plus la région)"
            }
            Self::Partiel => "Une partie seulement des ESMS du CPOM",
        }
    }
}

/// Montants par groupe fonctionnel (I : exploitation courante ; II : personnel ;
/// III : structure — ou recettes groupes I à III).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Groupes {
    #[ts(type = "string | null")]
    pub g1: Option<Decimal>,
    #[ts(type = "string | null")]
    pub g2: Option<Decimal>,
    #[ts(type = "string | null")]
    pub g3: Option<Decimal>,
}

impl Groupes {
    pub fn total(&self) -> Decimal {
        [self.g1, self.g2, self.g3].into_iter().flatten().sum()
    }
    pub fn is_empty(&self) -> bool {
        self.g1.is_none() && self.g2.is_none() && self.g3.is_none()
    }
}

/// Les moyens du contrat (enregistrement unique).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Moyens {
    /// Dotation globalisée commune des ESMS financés par l'assurance maladie, fixée par
    /// l'ARS au 1er janvier de l'année de signature (guide PdL, seed 002 L716-L719).
    #[ts(type = "string | null")]
    pub dotation_globalisee: Option<Decimal>,
    pub annee_dotation: Option<i32>,
    pub mode_evolution: Option<ModeEvolutionDotation>,
    /// CPOM tripartite : modalités de détermination de la dotation des ESMS financés par
    /// le département (seed 002 L721-L722).
    pub modalites_cd: String,
    #[ts(type = "string | null")]
    pub dotation_cd: Option<Decimal>,
    /// Frais de siège intégrés au contrat (seed 000 L730-L737, V25). L'autorisation et la
    /// date de son arrêté sont celles de l'organisme (`organisme.frais_de_siege`,
    /// `organisme.date_arrete_frais_siege`).
    pub frais_siege_integres: bool,
    #[ts(type = "string | null")]
    pub frais_siege_montant: Option<Decimal>,
    /// Taux des frais de siège (%), tel que l'arrêté le fixe.
    #[ts(type = "string | null")]
    pub frais_siege_taux: Option<Decimal>,
    /// Conditions d'accueil des bénéficiaires de l'aide sociale (seed 000 L667-L678, V24).
    pub clause_aide_sociale: String,
    /// Clause d'affectation des résultats (seed 000 L291-L295, L1211-L1212, V13).
    pub clause_affectation: String,
    /// Ordre de priorité des affectations convenu avec les autorités.
    pub ordre_affectation: Vec<ModaliteAffectation>,
    /// Un plan de retour à l'équilibre est joint (seed 002 L731-L733).
    pub plan_retour_equilibre: bool,
    /// Qui perçoit la dotation globalisée commune : « organisme » (la personne morale
    /// signataire) ou l'UUID d'un ESMS du périmètre (arrêté du 3 mars 2017, article 1 ;
    /// instruction DGCS, seed 000 L1528-L1532 ; modèle PACA, seed 001 L310-L312 ; V12).
    pub perception_dotation: String,
    /// Le choix de chaque département (code) pour l'annexe d'habilitation à l'aide sociale
    /// (seed 000 L671-L678).
    #[ts(type = "Record<string, \"convention\" | \"reglement_departemental\">")]
    pub aide_sociale_choix: BTreeMap<String, ModaliteAideSociale>,
    /// Nombre et catégorie des ETP pris en charge par les frais de siège (modèle PACA,
    /// seed 001 L716-L718).
    pub frais_siege_etp: crate::dossier::perimetre::Etp,
    /// Report à nouveau : nombre d'années au-delà duquel l'avertir (A-REPORT). Le guide PdL
    /// dit seulement « affectation transitoire à limiter dans le temps » (seed 002 L795) :
    /// c'est une inférence, réglable (2 par défaut).
    pub report_max_annees: Option<u8>,
    /// Premier exercice sous EPRD (V33 : l'exercice qui suit la signature, 2017 pour les
    /// EHPAD ; seed 000 L299-L308, L1341-L1345).
    pub eprd_premier_exercice: Option<i32>,
    /// Périmètre de l'EPRD d'un gestionnaire privé (V45).
    pub eprd_perimetre: Option<PerimetreEprd>,
    /// Le contrat maintient la reprise des résultats par l'autorité de tarification
    /// (art. R. 314-43 CASF ; seed 000 L1268-L1283, V14 et V15).
    pub reprise_resultats: bool,
}

/// Report à nouveau : seuil d'alerte par défaut (inférence, réglable).
pub const REPORT_MAX_ANNEES_DEFAUT: u8 = 2;

impl Moyens {
    pub fn report_max_annees(&self) -> u8 {
        self.report_max_annees.unwrap_or(REPORT_MAX_ANNEES_DEFAUT)
    }
}

/// Les lignes du plan global de financement pluriannuel (instruction DGCS, seed 000
/// L651-L664) : code, libellé.
pub const LIGNES_PGFP: [(&str, &str); 5] = [
    ("resultat", "Résultat prévisionnel"),
    ("caf", "Capacité d'autofinancement (CAF)"),
    ("fonds_roulement", "Fonds de roulement"),
    ("bfr", "Besoin en fonds de roulement (BFR)"),
    ("tresorerie", "Trésorerie"),
];

/// Le plan global de financement pluriannuel (PGFP, enregistrement unique) : six années
/// glissantes à partir de `premiere_annee` (par défaut l'année de la date d'effet), une
/// valeur par ligne et par année (seed 000 L648-L664).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Pgfp {
    pub premiere_annee: Option<i32>,
    /// Valeur par code de ligne ([`LIGNES_PGFP`]) puis par année.
    #[ts(type = "Record<string, Record<string, string>>")]
    pub lignes: BTreeMap<String, BTreeMap<i32, Decimal>>,
}

impl Pgfp {
    pub fn valeur(&self, ligne: &str, annee: i32) -> Option<Decimal> {
        self.lignes.get(ligne)?.get(&annee).copied()
    }
    pub fn is_empty(&self) -> bool {
        self.lignes.values().all(BTreeMap::is_empty)
    }
}

/// L'approbation d'une opération du plan pluriannuel d'investissement (art. L. 314-7 du
/// CASF ; seed 000 L656-L657, V46).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatutPpi {
    #[default]
    AApprouver,
    Approuve,
    /// ESMS relevant des articles L. 342-1 à L. 342-6 : pas d'approbation.
    NonSoumis,
}

impl StatutPpi {
    pub const ALL: [Self; 3] = [Self::AApprouver, Self::Approuve, Self::NonSoumis];
    pub fn label(self) -> &'static str {
        match self {
            Self::AApprouver => "À faire approuver",
            Self::Approuve => "Approuvé par l'autorité de tarification",
            Self::NonSoumis => "Non soumis à approbation (art. L. 342-1 à L. 342-6)",
        }
    }
}

/// Une opération du plan pluriannuel d'investissement (PPI) et son financement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct OperationInvestissement {
    pub id: Uuid,
    pub libelle: String,
    /// ESMS concerné (vide : plusieurs ou le siège).
    pub esms: Option<Uuid>,
    pub annee_debut: Option<i32>,
    pub annee_fin: Option<i32>,
    #[ts(type = "string | null")]
    pub montant: Option<Decimal>,
    #[ts(type = "string | null")]
    pub emprunt: Option<Decimal>,
    #[ts(type = "string | null")]
    pub autofinancement: Option<Decimal>,
    #[ts(type = "string | null")]
    pub subventions: Option<Decimal>,
    pub statut: StatutPpi,
    #[ts(type = "string | null")]
    pub date_approbation: Option<NaiveDate>,
}

impl OperationInvestissement {
    pub fn financement(&self) -> Decimal {
        [self.emprunt, self.autofinancement, self.subventions]
            .into_iter()
            .flatten()
            .sum()
    }
}

/// Répartition de la dotation globalisée commune pour un ESMS, par groupe fonctionnel
/// (tableau page 1 de l'annexe 5 PdL, seed 002 L718-L720).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct RepartitionDotation {
    pub id: Uuid,
    pub esms: Uuid,
    pub groupes: Groupes,
}

/// Budget de référence d'un ESMS (annexe 5 PdL ; annexe 4 PACA).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct BudgetReference {
    pub id: Uuid,
    pub esms: Uuid,
    pub depenses: Groupes,
    pub recettes: Groupes,
    /// Activité théorique (journées, séances, actes…).
    #[ts(type = "string | null")]
    pub activite_theorique: Option<Decimal>,
    /// Activité réalisée des trois dernières années (N-3, N-2, N-1).
    #[ts(type = "Array<string | null>")]
    pub activite_realisee: Vec<Option<Decimal>>,
    /// Activité retenue par les parties ; vide : la moyenne des trois ans.
    #[ts(type = "string | null")]
    pub activite_retenue: Option<Decimal>,
    pub unite_activite: String,
}

/// Le prévisionnel d'affectation du résultat d'une année (PGFP) pour un ESMS ou l'ensemble.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Affectation {
    pub id: Uuid,
    pub annee: Option<i32>,
    /// ESMS dont le résultat est affecté (vide : résultat consolidé).
    pub esms: Option<Uuid>,
    /// Résultat prévisionnel (négatif : déficit).
    #[ts(type = "string | null")]
    pub resultat: Option<Decimal>,
    /// Déficits antérieurs restant à apurer au début de l'année.
    #[ts(type = "string | null")]
    pub deficits_anterieurs: Option<Decimal>,
    #[ts(type = "string | null")]
    pub apurement_deficits: Option<Decimal>,
    #[ts(type = "string | null")]
    pub report_a_nouveau: Option<Decimal>,
    #[ts(type = "string | null")]
    pub investissement: Option<Decimal>,
    #[ts(type = "string | null")]
    pub reserve_compensation: Option<Decimal>,
    #[ts(type = "string | null")]
    pub reserve_tresorerie: Option<Decimal>,
    #[ts(type = "string | null")]
    pub compensation_amortissements: Option<Decimal>,
    /// Réserve de compensation déjà constituée (avant cette affectation).
    #[ts(type = "string | null")]
    pub reserve_compensation_existante: Option<Decimal>,
    /// Besoin en fonds de roulement (limite de la réserve de trésorerie, R. 314-48).
    #[ts(type = "string | null")]
    pub bfr: Option<Decimal>,
    /// ESMS qui reçoit l'affectation s'il diffère (affectation croisée).
    pub esms_beneficiaire: Option<Uuid>,
    pub justification: String,
    pub accord_ars_investissement: bool,
    pub accord_cd_investissement: bool,
    /// Part du résultat dégagée sur les tarifs soins et dépendance (EHPAD relevant de
    /// l'article L. 342-1 : seed 000 L1302-L1304, V17).
    #[ts(type = "string | null")]
    pub excedent_soins_dependance: Option<Decimal>,
}

impl Affectation {
    pub fn montant(&self, m: ModaliteAffectation) -> Option<Decimal> {
        match m {
            ModaliteAffectation::ApurementDeficits => self.apurement_deficits,
            ModaliteAffectation::ReportANouveau => self.report_a_nouveau,
            ModaliteAffectation::Investissement => self.investissement,
            ModaliteAffectation::ReserveCompensation => self.reserve_compensation,
            ModaliteAffectation::ReserveTresorerie => self.reserve_tresorerie,
            ModaliteAffectation::CompensationAmortissements => self.compensation_amortissements,
        }
    }
    pub fn total_affecte(&self) -> Decimal {
        ModaliteAffectation::ALL
            .iter()
            .filter_map(|m| self.montant(*m))
            .sum()
    }
}

/// Date prévue de l'évaluation d'un ESMS pendant le contrat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct EvaluationPrevue {
    pub esms: Uuid,
    #[ts(type = "string")]
    pub date: NaiveDate,
}

/// Le suivi du contrat (enregistrement unique) : comité de suivi (PACA article 4-1, seed 001
/// L727-L748), dialogues de gestion (PdL, seed 002 L406-L421), évaluations.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Suivi {
    /// Membres du comité de suivi pour l'organisme, l'ARS, le(s) département(s).
    pub comite_organisme: Vec<String>,
    pub comite_ars: Vec<String>,
    pub comite_cd: Vec<String>,
    /// Dialogue de gestion supplémentaire la 4e année (seed 000 L1583-L1599).
    pub dialogue_annee4: bool,
    pub evaluations: Vec<EvaluationPrevue>,
}

/// Un signataire tel que saisi : la partie (« organisme », « cd:44 », « ars:52 ») vient des
/// signataires déduits du périmètre.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct SignataireSaisi {
    pub partie: String,
    pub nom: String,
    pub qualite: String,
    #[ts(type = "string | null")]
    pub date_signature: Option<NaiveDate>,
}

/// État d'une annexe du contrat.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EtatAnnexe {
    #[default]
    AJoindre,
    Jointe,
    SansObjet,
}

impl EtatAnnexe {
    pub fn label(self) -> &'static str {
        match self {
            Self::AJoindre => "À joindre",
            Self::Jointe => "Jointe",
            Self::SansObjet => "Sans objet",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct AnnexeJointe {
    pub id: String,
    pub etat: EtatAnnexe,
}

/// Consultations, signataires et annexes (enregistrement unique).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Signatures {
    /// Délibération du conseil d'administration approuvant le contrat (seed 000 L991-L993).
    #[ts(type = "string | null")]
    pub date_deliberation_ca: Option<NaiveDate>,
    /// Présentation au conseil de la vie sociale (seed 000 L1535-L1564, V47).
    #[ts(type = "string | null")]
    pub date_cvs: Option<NaiveDate>,
    /// Consultation des instances représentatives du personnel (V47).
    #[ts(type = "string | null")]
    pub date_irp: Option<NaiveDate>,
    /// Lieu de signature (« Fait à … »).
    pub lieu: String,
    pub signataires: Vec<SignataireSaisi>,
    pub annexes: Vec<AnnexeJointe>,
}

impl Signatures {
    pub fn signataire(&self, partie: &str) -> Option<&SignataireSaisi> {
        self.signataires.iter().find(|s| s.partie == partie)
    }
    pub fn annexe(&self, id: &str) -> EtatAnnexe {
        self.annexes
            .iter()
            .find(|a| a.id == id)
            .map(|a| a.etat)
            .unwrap_or_default()
    }
}

/// Le contenu de l'étape Signature.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Signature {
    pub moyens: Moyens,
    pub pgfp: Pgfp,
    pub ppi: Vec<OperationInvestissement>,
    /// Forfaits et tarifs des établissements et services pour personnes âgées.
    pub moyens_pa: Vec<MoyensPa>,
    /// Financements complémentaires des EHPAD et PUV, par nature et par année.
    pub financements_complementaires: Vec<FinancementComplementaire>,
    /// Volet des services d'aide et d'accompagnement à domicile (mentions de l'art.
    /// L. 313-11-1 CASF).
    pub volets_saad: Vec<VoletSaad>,
    pub repartition: Vec<RepartitionDotation>,
    pub budgets: Vec<BudgetReference>,
    pub affectations: Vec<Affectation>,
    pub suivi: Suivi,
    pub signatures: Signatures,
}

/// Modulation du forfait autonomie d'une résidence autonomie : la liste limitative de
/// l'instruction DGCS (annexe 3, seed 000 L2344-L2360, V40).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModulationForfaitAutonomie {
    MajorationMutualisation,
    MajorationOuverture,
    MajorationAideSociale,
    MinorationForfaitSoins,
}

impl ModulationForfaitAutonomie {
    pub const ALL: [Self; 4] = [
        Self::MajorationMutualisation,
        Self::MajorationOuverture,
        Self::MajorationAideSociale,
        Self::MinorationForfaitSoins,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::MajorationMutualisation => {
                "Majoration : actions de prévention mutualisées avec d'autres structures"
            }
            Self::MajorationOuverture => "Majoration : actions ouvertes aux personnes extérieures",
            Self::MajorationAideSociale => {
                "Majoration : résidence habilitée à l'aide sociale départementale"
            }
            Self::MinorationForfaitSoins => {
                "Minoration : actions pouvant être financées par le forfait soins"
            }
        }
    }
}

/// Les forfaits et tarifs d'un établissement ou service pour personnes âgées, pour l'année
/// de référence du contrat (instruction DGCS, seed 000 L1185-L1224 ; résidences autonomie :
/// annexe 3, L2361-L2389).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct MoyensPa {
    pub id: Uuid,
    pub esms: Uuid,
    /// Exercice auquel se rapportent les montants.
    pub annee: Option<i32>,
    /// EHPAD et PUV au GMPS : forfait global relatif aux soins (équation tarifaire), hors
    /// financements complémentaires.
    #[ts(type = "string | null")]
    pub forfait_global_soins: Option<Decimal>,
    /// Forfait global relatif à la dépendance.
    #[ts(type = "string | null")]
    pub forfait_global_dependance: Option<Decimal>,
    /// Tarif journalier afférent à l'hébergement permanent (€ par jour).
    #[ts(type = "string | null")]
    pub tarif_hebergement: Option<Decimal>,
    /// Forfait soins (PUV par dérogation, résidence autonomie).
    #[ts(type = "string | null")]
    pub forfait_soins: Option<Decimal>,
    /// Résidence autonomie : forfait autonomie.
    #[ts(type = "string | null")]
    pub forfait_autonomie: Option<Decimal>,
    pub modulation_forfait_autonomie: Option<ModulationForfaitAutonomie>,
    pub justification_modulation: String,
    /// Services (SSIAD, accueil de jour autonome…) : dotation globale de soins.
    #[ts(type = "string | null")]
    pub dotation_globale: Option<Decimal>,
    /// EHPAD ou PUV sans financement complémentaire (le contrat l'indique).
    pub sans_financement_complementaire: bool,
}

/// Nature d'un financement complémentaire (seed 000 L273-L284 : accueil temporaire,
/// dispositifs du plan Alzheimer PASA, UHR, PFR ; mesures 26 à 29 du PMND, L528-L531).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureFinancementComplementaire {
    HebergementTemporaire,
    AccueilDeJour,
    Pasa,
    Uhr,
    Pfr,
    Prevention,
    #[default]
    Autre,
}

impl NatureFinancementComplementaire {
    pub const ALL: [Self; 7] = [
        Self::HebergementTemporaire,
        Self::AccueilDeJour,
        Self::Pasa,
        Self::Uhr,
        Self::Pfr,
        Self::Prevention,
        Self::Autre,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::HebergementTemporaire => "Hébergement temporaire",
            Self::AccueilDeJour => "Accueil de jour",
            Self::Pasa => "Pôle d'activités et de soins adaptés (PASA)",
            Self::Uhr => "Unité d'hébergement renforcée (UHR)",
            Self::Pfr => "Plateforme d'accompagnement et de répit (PFR)",
            Self::Prevention => "Actions de prévention",
            Self::Autre => "Autre",
        }
    }
}

/// Nombre d'années d'un contrat au plus (5 ans, prorogé de fait d'un an puis par avenant
/// d'un an : seed 000 L1651-L1655).
pub const ANNEES_MAX: usize = 7;

/// Un financement complémentaire d'un EHPAD ou d'une PUV : nature et montant prévisionnel
/// pour chaque année du contrat (seed 000 L1211-L1212, V20).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct FinancementComplementaire {
    pub id: Uuid,
    pub esms: Uuid,
    pub nature: NatureFinancementComplementaire,
    /// Précision (obligatoire pour « Autre »).
    pub libelle: String,
    /// Montant de chaque année du contrat (année 1 = année de la date d'effet).
    #[ts(type = "Array<string | null>")]
    pub montants: Vec<Option<Decimal>>,
}

impl FinancementComplementaire {
    pub fn total(&self) -> Decimal {
        self.montants.iter().flatten().sum()
    }
    pub fn montant(&self, annee: usize) -> Option<Decimal> {
        self.montants.get(annee).copied().flatten()
    }
}

/// Les onze mentions obligatoires d'un CPOM de service d'aide et d'accompagnement à
/// domicile (art. L. 313-11-1 CASF ; instruction DGCS, annexe 4, seed 000 L2435-L2456).
pub const MENTIONS_SAAD: [&str; 11] = [
    "Le nombre et les catégories de bénéficiaires pris en charge au titre d'une année",
    "Le territoire desservi et les modalités horaires de prise en charge",
    "Les objectifs poursuivis et les moyens mis en œuvre",
    "Les modalités de calcul de l'allocation personnalisée d'autonomie et de la participation des personnes utilisatrices",
    "Les paramètres de calcul, de contrôle, de révision et de récupération des financements alloués par le département",
    "Les modalités de participation aux actions de prévention de la perte d'autonomie et à l'optimisation des parcours de soins des personnes âgées",
    "Les objectifs de qualification et de promotion professionnelles au regard des publics accompagnés et de l'organisation des services",
    "Les modalités de mise en œuvre des actions de prévention de la maltraitance et de promotion de la bientraitance",
    "La nature et les modalités de la coordination avec les autres organismes à caractère social, médico-social ou sanitaire",
    "La nature et la forme des documents administratifs, financiers et comptables et les renseignements statistiques communiqués au département",
    "Les critères et le calendrier d'évaluation des actions conduites",
];

/// Mentions sans objet pour un service d'aide aux familles (4° et 6° : seed 000
/// L2458-L2459), numérotées à partir de 1.
pub const MENTIONS_SAAD_HORS_FAMILLE: [usize; 2] = [4, 6];

/// Le volet d'un service d'aide et d'accompagnement à domicile : les mentions de l'article
/// L. 313-11-1 CASF (V41).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct VoletSaad {
    pub id: Uuid,
    pub esms: Uuid,
    /// Service autorisé pour les familles fragilisées (1° du I de l'art. L. 312-1).
    pub famille: bool,
    /// Texte de chaque mention, dans l'ordre de l'article (1 à 11).
    pub mentions: Vec<String>,
}

impl VoletSaad {
    pub fn mention(&self, n: usize) -> &str {
        self.mentions
            .get(n.wrapping_sub(1))
            .map_or("", |s| s.as_str())
    }
}
