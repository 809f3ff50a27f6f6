//! Les données du suivi du contrat, après la signature : ce que l'organisme saisit pendant les
//! cinq (à sept) années d'exécution, sans toucher au contrat signé.
//!
//! - par exercice : références de l'ERRD et dates d'envoi (ERRD, annexe des objectifs
//!   actualisée, rapport au département) ;
//! - par indicateur, action, objectif et ESMS : valeurs réalisées, statut et avancement,
//!   appréciation et explication des écarts, activité réalisée — une liste par année du
//!   contrat (année 1 = l'exercice de la date d'effet) ;
//! - dialogues de gestion, saisines du comité de suivi, évaluations réalisées, bilans (d'étape
//!   et final) ;
//! - avenants : projet posé sur le contrat signé, ses signatures et l'état d'avant de chaque
//!   enregistrement du contrat qu'il modifie (ce qui permet de reconstituer chaque version
//!   consolidée).
//!
//! Sources : instruction DGCS du 21 mars 2017 (seed 000 L632-L645 annexe évolutive,
//! L1575-L1701 suivi, avenants, renouvellement) ; guide PdL (seed 002 L401-L450) ; modèle
//! PACA (seed 001 L719-L857) ; guide ANAP (seed 004 L1705-L1850).

use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::objectifs::StatutAction;
use crate::dossier::signature::SignataireSaisi;

/// Nombre maximal d'années suivies : les cinq ans du contrat, l'année de prorogation de fait
/// et l'année de prorogation par avenant (seed 000 L1652-L1655).
pub const ANNEES_SUIVI: usize = 7;

/// Ce qui concerne tout le suivi (enregistrement unique).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct SuiviGeneral {
    /// Référent unique du suivi du CPOM chez l'organisme (guide ANAP, seed 004 L1709).
    pub referent: String,
    /// Le nouveau contrat (renouvellement) a été signé ce jour : le contrat est « renouvelé ».
    #[ts(type = "string | null")]
    pub renouvele_le: Option<NaiveDate>,
    /// Le dossier de renouvellement préparé depuis celui-ci (« Préparer le renouvellement »).
    pub dossier_renouvellement: String,
    #[ts(type = "string | null")]
    pub renouvellement_prepare_le: Option<NaiveDate>,
    pub commentaire: String,
}

/// Un exercice du contrat : la clôture transmise aux autorités.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Exercice {
    pub id: Uuid,
    /// L'année civile de l'exercice (2027).
    pub annee: Option<i32>,
    /// Référence de l'ERRD transmis (dépôt, numéro…).
    pub errd_reference: String,
    /// ERRD de l'exercice transmis (pour le 30 avril de l'année suivante).
    #[ts(type = "string | null")]
    pub errd_envoye_le: Option<NaiveDate>,
    /// Annexe des objectifs actualisée jointe à l'ERRD (seed 000 L632-L645 ; seed 002
    /// L440-L442).
    #[ts(type = "string | null")]
    pub annexe_objectifs_envoyee_le: Option<NaiveDate>,
    /// Rapport d'activité et synthèse des fiches transmis au département (seed 002 L406-L412).
    #[ts(type = "string | null")]
    pub rapport_cd_envoye_le: Option<NaiveDate>,
    /// Réponse écrite ou échange des autorités sur les documents transmis (seed 004 L1796).
    pub retour_autorites: String,
    pub commentaire: String,
}

/// Les valeurs réalisées d'un indicateur d'objectif, année par année.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct RealisationIndicateur {
    pub id: Uuid,
    pub indicateur: Uuid,
    /// L'ESMS où l'indicateur est mesuré (kit de contribution du directeur).
    pub esms: Option<Uuid>,
    /// Valeur réalisée des années 1 à 7 du contrat.
    #[ts(type = "Array<string | null>")]
    pub realise: Vec<Option<Decimal>>,
    /// Commentaire de l'année (source de la valeur, mode de calcul…), années 1 à 7.
    pub commentaires: Vec<String>,
}

/// Le statut et l'avancement d'une action, année par année.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct AvancementAction {
    pub id: Uuid,
    pub action: Uuid,
    /// L'ESMS qui mène l'action (kit de contribution du directeur).
    pub esms: Option<Uuid>,
    /// Statut à la fin de chaque année du contrat (1 à 7).
    pub statut: Vec<Option<StatutAction>>,
    /// Avancement (%) à la fin de chaque année.
    pub avancement: Vec<Option<u8>>,
    /// Commentaire de l'année (retard, difficulté, partenaire…).
    pub commentaires: Vec<String>,
}

/// L'appréciation de l'atteinte d'un objectif pour une année.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Appreciation {
    Atteint,
    EnBonneVoie,
    EnRetard,
    NonAtteint,
    /// D'un commun accord, l'objectif n'a plus de raison d'être (seed 001 L818-L823).
    SansObjet,
}

impl Appreciation {
    pub const ALL: [Self; 5] = [
        Self::Atteint,
        Self::EnBonneVoie,
        Self::EnRetard,
        Self::NonAtteint,
        Self::SansObjet,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Atteint => "Atteint",
            Self::EnBonneVoie => "En bonne voie",
            Self::EnRetard => "En retard",
            Self::NonAtteint => "Non atteint",
            Self::SansObjet => "Sans objet (d'un commun accord)",
        }
    }
    /// Un écart à expliquer (seed 000 L640-L645 ; seed 001 L818-L823).
    pub fn ecart(self) -> bool {
        matches!(self, Self::EnRetard | Self::NonAtteint)
    }
}

/// L'appréciation d'un objectif, année par année, avec l'explication des écarts.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct AppreciationObjectif {
    pub id: Uuid,
    pub objectif: Uuid,
    pub esms: Option<Uuid>,
    pub appreciation: Vec<Option<Appreciation>>,
    /// Explication de l'écart (années 1 à 7).
    pub explication: Vec<String>,
    /// Nouveau calendrier de mise en œuvre proposé (seed 001 L818-L821).
    pub nouveau_calendrier: Vec<String>,
}

/// L'activité réalisée d'un ESMS, année par année (rapport au département).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ActiviteEsms {
    pub id: Uuid,
    pub esms: Uuid,
    /// Activité réalisée (dans l'unité du budget de référence : journées, actes…).
    #[ts(type = "Array<string | null>")]
    pub activite: Vec<Option<Decimal>>,
    pub commentaires: Vec<String>,
}

/// La nature d'un dialogue de gestion.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeDialogue {
    /// Annuel, pour les ESMS de compétence départementale (seed 002 L406-L412).
    AnnuelCd,
    /// À mi-parcours, la 3e année (seed 000 L1583-L1585 ; seed 002 L413-L418).
    #[default]
    MiParcours,
    /// Supplémentaire, la 4e année (seed 000 L1597-L1599 ; seed 001 L786-L792).
    Annee4,
    /// Bilan final, la dernière année (seed 000 L1696-L1701 ; seed 002 L419-L421).
    Final,
    /// À tout moment (situation financière dégradée, saisine).
    Extraordinaire,
}

impl TypeDialogue {
    pub const ALL: [Self; 5] = [
        Self::AnnuelCd,
        Self::MiParcours,
        Self::Annee4,
        Self::Final,
        Self::Extraordinaire,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::AnnuelCd => "Dialogue annuel avec le département",
            Self::MiParcours => "Dialogue de gestion à mi-parcours",
            Self::Annee4 => "Dialogue supplémentaire de la 4e année",
            Self::Final => "Dialogue final (bilan et renouvellement)",
            Self::Extraordinaire => "Dialogue extraordinaire",
        }
    }
}

/// Un dialogue de gestion tenu (ou prévu).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct DialogueGestion {
    pub id: Uuid,
    pub nature: TypeDialogue,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// Participants, un par ligne.
    pub participants: Vec<String>,
    pub compte_rendu: String,
    pub decisions: String,
    /// Compte-rendu validé par l'ensemble des parties (seed 002 L416-L418).
    #[ts(type = "string | null")]
    pub valide_le: Option<NaiveDate>,
}

/// Une saisine du comité de suivi hors dialogue de gestion (modèle PACA, seed 001
/// L801-L816).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Saisine {
    pub id: Uuid,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// La partie qui saisit (« organisme », « ars:52 », « cd:44 »).
    pub par: String,
    pub motif: String,
    /// Dernière date de réception attestée : le délai de deux mois en part.
    #[ts(type = "string | null")]
    pub recue_le: Option<NaiveDate>,
    pub suites: String,
    /// Date à laquelle les suites ont été convenues.
    #[ts(type = "string | null")]
    pub suites_le: Option<NaiveDate>,
}

/// Une évaluation de la qualité réalisée pendant le contrat.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct EvaluationRealisee {
    pub id: Uuid,
    pub esms: Option<Uuid>,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// L'organisme évaluateur.
    pub organisme: String,
    pub conclusions: String,
}

/// Bilan d'étape (mi-parcours) ou bilan final.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NatureBilan {
    #[default]
    Etape,
    Final,
}

impl NatureBilan {
    pub fn label(self) -> &'static str {
        match self {
            Self::Etape => "Bilan d'étape (mi-parcours)",
            Self::Final => "Bilan final",
        }
    }
}

/// Le texte d'un bilan, rédigé avant l'export : les tableaux (réalisé, cibles, actions en
/// retard) viennent des enregistrements du suivi.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Bilan {
    pub id: Uuid,
    pub nature: NatureBilan,
    /// Faits marquants depuis la signature ou le dernier dialogue (seed 002 L428-L431).
    pub faits_marquants: String,
    /// Qualité de l'accompagnement, résultats obtenus et efforts engagés (seed 001 L761-L765).
    pub resultats: String,
    /// Difficultés et retards (seed 001 L763-L764).
    pub difficultes: String,
    /// Mesures correctrices proposées (seed 002 L413-L415 ; seed 001 L764).
    pub mesures_correctrices: String,
    /// Priorités à venir (seed 002 L416-L417) ; pour le bilan final, priorités et objectifs
    /// proposés pour le contrat suivant (seed 001 L774-L778).
    pub priorites: String,
    /// Le dialogue de gestion où le bilan a été présenté.
    pub dialogue: Option<Uuid>,
}

/// Les types d'avenants que les sources décrivent (instruction DGCS, seed 000 L1606-L1693 ;
/// modèle PACA, article 6, seed 001 L833-L857 ; guide PdL, seed 002 L413-L418).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS, JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeAvenant {
    /// Ajout ou retrait d'ESMS (seed 000 L1613-L1619).
    Perimetre,
    /// Transformation d'un CPOM L. 313-11 en CPOM L. 313-12-2 (seed 000 L1621-L1632).
    StatutCpom,
    /// Changement d'option tarifaire d'un EHPAD (seed 000 L1634-L1650).
    OptionTarifaire,
    /// Conditions d'accueil des bénéficiaires de l'aide sociale (seed 000 L1667-L1676).
    AideSociale,
    /// Plan de redressement ou de retour à l'équilibre financier (seed 000 L1686-L1693).
    RetourEquilibre,
    /// Révision des objectifs ou de leur calendrier (seed 001 L818-L823, L833-L857).
    RevisionObjectifs,
    /// Actualisation annuelle de la dotation (R. 314-40, seed 000 L1234-L1238).
    ActualisationDotation,
    /// Prorogation d'un an après la prorogation de fait (seed 000 L1652-L1664).
    Prorogation,
    /// Compte-rendu du dialogue à mi-parcours validé, qui a valeur d'avenant (seed 002
    /// L416-L418).
    BilanEtape,
}

impl TypeAvenant {
    pub const ALL: [Self; 9] = [
        Self::Perimetre,
        Self::StatutCpom,
        Self::OptionTarifaire,
        Self::AideSociale,
        Self::RetourEquilibre,
        Self::RevisionObjectifs,
        Self::ActualisationDotation,
        Self::Prorogation,
        Self::BilanEtape,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Perimetre => "Modification du périmètre (ajout ou retrait d'ESMS)",
            Self::StatutCpom => "Transformation du CPOM (article L. 313-12-2 du CASF)",
            Self::OptionTarifaire => "Changement d'option tarifaire (EHPAD)",
            Self::AideSociale => "Conditions d'accueil des bénéficiaires de l'aide sociale",
            Self::RetourEquilibre => "Plan de retour à l'équilibre financier",
            Self::RevisionObjectifs => "Révision des objectifs ou de leur calendrier",
            Self::ActualisationDotation => "Actualisation annuelle de la dotation",
            Self::Prorogation => "Prorogation d'un an",
            Self::BilanEtape => "Compte-rendu du bilan d'étape (valeur d'avenant)",
        }
    }
}

/// L'état d'avant d'un enregistrement du contrat modifié par un avenant : de quoi
/// reconstituer la version consolidée précédente. Tenu par l'application.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct EtatAnterieur {
    /// Le type d'enregistrement (« esms », « objectif »…).
    pub kind: String,
    /// Son identifiant (nul pour un enregistrement unique).
    pub id: Uuid,
    /// Son contenu avant l'avenant ; absent s'il n'existait pas.
    #[ts(type = "unknown")]
    #[schemars(with = "Option<serde_json::Value>")]
    pub avant: Option<Value>,
    /// Sa place dans la liste avant l'avenant.
    pub rang: usize,
}

/// Un avenant au contrat : projet tant que toutes ses signatures ne sont pas datées.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Avenant {
    pub id: Uuid,
    pub types: Vec<TypeAvenant>,
    /// L'objet de l'avenant, tel qu'il s'imprime (« Intégration du SAMSAH … »).
    pub objet: String,
    /// Ce qui le motive (dialogue de gestion, saisine, nouvelle autorisation…).
    pub motif: String,
    /// Le dialogue de gestion dont il découle (compte-rendu du bilan d'étape).
    pub dialogue: Option<Uuid>,
    /// Date d'effet des modifications (vide : la date de la dernière signature).
    #[ts(type = "string | null")]
    pub date_effet: Option<NaiveDate>,
    pub lieu: String,
    pub signataires: Vec<SignataireSaisi>,
    /// Tenu par l'application : l'état d'avant des enregistrements du contrat modifiés.
    pub modifications: Vec<EtatAnterieur>,
}

impl Avenant {
    pub fn signataire(&self, partie: &str) -> Option<&SignataireSaisi> {
        self.signataires.iter().find(|s| s.partie == partie)
    }
    /// Toutes les signatures saisies sont datées (la liste des parties est contrôlée avant
    /// la dernière signature).
    pub fn signe(&self) -> bool {
        !self.signataires.is_empty() && self.signataires.iter().all(|s| s.date_signature.is_some())
    }
    /// La date de la dernière signature.
    pub fn date_signature(&self) -> Option<NaiveDate> {
        if !self.signe() {
            return None;
        }
        self.signataires
            .iter()
            .filter_map(|s| s.date_signature)
            .max()
    }
}

/// Tout le suivi du contrat.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct SuiviContrat {
    pub general: SuiviGeneral,
    pub exercices: Vec<Exercice>,
    pub indicateurs: Vec<RealisationIndicateur>,
    pub actions: Vec<AvancementAction>,
    pub objectifs: Vec<AppreciationObjectif>,
    pub activites: Vec<ActiviteEsms>,
    pub dialogues: Vec<DialogueGestion>,
    pub saisines: Vec<Saisine>,
    pub evaluations: Vec<EvaluationRealisee>,
    pub bilans: Vec<Bilan>,
    /// Dans l'ordre : les avenants signés (numérotés 1, 2…), puis le projet en cours.
    pub avenants: Vec<Avenant>,
}

impl SuiviContrat {
    /// Le projet d'avenant en cours (un seul à la fois).
    pub fn projet_avenant(&self) -> Option<&Avenant> {
        self.avenants.iter().find(|a| !a.signe())
    }
    /// Les avenants signés, dans l'ordre (numéro = rang + 1).
    pub fn avenants_signes(&self) -> impl Iterator<Item = &Avenant> {
        self.avenants.iter().filter(|a| a.signe())
    }
    /// Le numéro d'un avenant signé.
    pub fn numero(&self, id: Uuid) -> Option<usize> {
        self.avenants_signes()
            .position(|a| a.id == id)
            .map(|i| i + 1)
    }
}
