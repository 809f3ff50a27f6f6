//! Les données du lancement : engagement, rétroplanning (jalons), cartographie des acteurs
//! avec leur matrice RACI, check-list de la réunion de lancement, réunions et comptes-rendus.
//!
//! Sources : guide ANAP 2017 (seed 004) §2.2, §3, §7.1–7.4 ; guide ARS Pays de la Loire
//! (seed 002) « La démarche de contractualisation » L327-L381.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use schemars::JsonSchema;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use ts_rs::TS;
use uuid::Uuid;

/// Un interlocuteur (coordonnateur ARS ou département).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Contact {
    pub nom: String,
    pub fonction: String,
    /// Courriel, téléphone.
    pub contact: String,
}

/// L'engagement dans la démarche (enregistrement unique). La date de l'accord de principe ou
/// de la délibération du CA est celle de l'organisme (`organisme.date_deliberation_ca`), le
/// référent CPOM de l'OG aussi (`organisme.referent_cpom_*`) : ils ne sont pas dupliqués ici.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Engagement {
    /// Le directeur général a reçu mandat de l'organe délibérant pour négocier le CPOM
    /// (guide ANAP L1121, L1435).
    pub dg_mandate: bool,
    #[ts(type = "string | null")]
    pub date_mandat_dg: Option<NaiveDate>,
    /// « Le coordonnateur ARS ou Département est l'interlocuteur privilégié de l'organisme
    /// gestionnaire » (guide PdL L342-L344).
    pub coordonnateur_ars: Contact,
    pub coordonnateur_cd: Contact,
    /// Fenêtre de la campagne budgétaire, réglable (voir `calendar.rs`).
    pub campagne_budgetaire: Campagne,
}

/// Les jalons standard du rétroplanning, dans l'ordre ; chaque pack régional dit lesquels il
/// retient et d'où ils viennent (`assets/packs/`) : tous pour le guide Pays de la Loire
/// (seed 002 L327-L381), les étapes de la méthode ANAP pour le socle national.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    TS,
    JsonSchema,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum JalonCode {
    Programmation,
    ReunionLancement,
    PriseDeContact,
    EnvoiDossierDiagnostic,
    ReunionDiagnostic,
    ProjetFichesObjectifs,
    ReunionObjectifs,
    ProjetCpom,
    SignatureOg,
    SignatureCd,
    SignatureArs,
    /// Jalon ajouté par l'utilisateur (libellé libre).
    #[default]
    Autre,
}

impl JalonCode {
    /// Les jalons standard, dans l'ordre du processus.
    pub const STANDARD: [Self; 11] = [
        Self::Programmation,
        Self::ReunionLancement,
        Self::PriseDeContact,
        Self::EnvoiDossierDiagnostic,
        Self::ReunionDiagnostic,
        Self::ProjetFichesObjectifs,
        Self::ReunionObjectifs,
        Self::ProjetCpom,
        Self::SignatureOg,
        Self::SignatureCd,
        Self::SignatureArs,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Programmation => "Programmation (arrêté ARS/CD)",
            Self::ReunionLancement => "Réunion de lancement",
            Self::PriseDeContact => "Prise de contact et transmission du fichier « Diagnostic »",
            Self::EnvoiDossierDiagnostic => "Envoi du dossier diagnostic complété",
            Self::ReunionDiagnostic => "Réunion diagnostic",
            Self::ProjetFichesObjectifs => "Projet de fiches-objectifs",
            Self::ReunionObjectifs => "Réunion objectifs",
            Self::ProjetCpom => "Projet de CPOM",
            Self::SignatureOg => "Signature de l'organisme gestionnaire",
            Self::SignatureCd => "Signature du conseil départemental",
            Self::SignatureArs => "Signature de l'ARS",
            Self::Autre => "Autre jalon",
        }
    }

    /// Le code sérialisé (« reunion_lancement »), qui est aussi celui des packs.
    pub fn code(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default()
    }

    /// Rang dans le processus (les jalons « autre » viennent après).
    pub fn rank(self) -> usize {
        Self::STANDARD
            .iter()
            .position(|c| *c == self)
            .unwrap_or(Self::STANDARD.len())
    }

    /// Identifiant stable du jalon standard : le même dans tous les dossiers, ce qui permet
    /// de le modifier avant même qu'il ait été écrit, et d'apparier deux copies d'un dossier.
    pub fn standard_id(self) -> Uuid {
        const NS: Uuid = Uuid::from_u128(0xda6b_417c_b505_453c_bc47_74e7_cc32_72cc);
        Uuid::new_v5(&NS, format!("jalon/{}", self.code()).as_bytes())
    }
}

/// Un jalon du rétroplanning : date prévue et date réelle.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Jalon {
    pub id: Uuid,
    pub code: JalonCode,
    /// Précision ou libellé d'un jalon « autre » (« 2e réunion objectifs »…).
    pub libelle: String,
    #[ts(type = "string | null")]
    pub date_prevue: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub date_reelle: Option<NaiveDate>,
    pub responsable: String,
    pub commentaire: String,
}

impl Jalon {
    /// Le jalon standard vide (implicite tant qu'il n'a pas été modifié).
    pub fn standard(code: JalonCode) -> Self {
        Self {
            id: code.standard_id(),
            code,
            ..Self::default()
        }
    }
    /// Date réelle, sinon prévue.
    pub fn date_retenue(&self) -> Option<NaiveDate> {
        self.date_reelle.or(self.date_prevue)
    }
    pub fn titre(&self) -> String {
        if self.libelle.trim().is_empty() {
            self.code.label().to_string()
        } else if self.code == JalonCode::Autre {
            self.libelle.clone()
        } else {
            format!("{} — {}", self.code.label(), self.libelle)
        }
    }
}

/// Type de partie prenante (guide ANAP §7.4, L418-L430, L828, L1184, L1907).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeActeur {
    Ars,
    ConseilDepartemental,
    Metropole,
    OrganismeGestionnaire,
    Esms,
    EducationNationale,
    Mdph,
    ConseilRegional,
    Commune,
    EtablissementSante,
    Usagers,
    Cvs,
    Irp,
    SecuriteSociale,
    Ccas,
    Clic,
    Maia,
    Reseau,
    Pta,
    Federation,
    Autre,
}

impl TypeActeur {
    pub const ALL: [Self; 21] = [
        Self::Ars,
        Self::ConseilDepartemental,
        Self::Metropole,
        Self::OrganismeGestionnaire,
        Self::Esms,
        Self::EducationNationale,
        Self::Mdph,
        Self::ConseilRegional,
        Self::Commune,
        Self::EtablissementSante,
        Self::Usagers,
        Self::Cvs,
        Self::Irp,
        Self::SecuriteSociale,
        Self::Ccas,
        Self::Clic,
        Self::Maia,
        Self::Reseau,
        Self::Pta,
        Self::Federation,
        Self::Autre,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Ars => "Agence régionale de santé (ARS)",
            Self::ConseilDepartemental => "Conseil départemental",
            Self::Metropole => "Métropole",
            Self::OrganismeGestionnaire => "Organisme gestionnaire",
            Self::Esms => "Établissement ou service (ESMS)",
            Self::EducationNationale => "Éducation nationale",
            Self::Mdph => "MDPH",
            Self::ConseilRegional => "Conseil régional",
            Self::Commune => "Commune / intercommunalité",
            Self::EtablissementSante => "Établissement de santé / GHT",
            Self::Usagers => "Usagers et familles",
            Self::Cvs => "Conseil de la vie sociale (CVS)",
            Self::Irp => "Instances représentatives du personnel (IRP)",
            Self::SecuriteSociale => "Organismes de sécurité sociale",
            Self::Ccas => "CCAS",
            Self::Clic => "CLIC",
            Self::Maia => "MAIA",
            Self::Reseau => "Réseau",
            Self::Pta => "Plateforme territoriale d'appui (PTA)",
            Self::Federation => "Fédération",
            Self::Autre => "Autre",
        }
    }
}

/// Niveau d'implication (guide ANAP L249).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Niveau {
    Signataire,
    Associe,
    Informe,
}

impl Niveau {
    pub const ALL: [Self; 3] = [Self::Signataire, Self::Associe, Self::Informe];
    pub fn label(self) -> &'static str {
        match self {
            Self::Signataire => "Signataire",
            Self::Associe => "Associé",
            Self::Informe => "Informé",
        }
    }
}

/// Rôle RACI (guide ANAP L1474-L1477, L2182).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum RaciRole {
    R,
    A,
    C,
    I,
}

impl RaciRole {
    pub const ALL: [Self; 4] = [Self::R, Self::A, Self::C, Self::I];
    pub fn label(self) -> &'static str {
        match self {
            Self::R => "R — réalise (Responsible)",
            Self::A => "A — approuve, rend compte (Accountable)",
            Self::C => "C — consulté (Consulted)",
            Self::I => "I — informé (Informed)",
        }
    }
}

/// La matrice RACI d'un acteur : un rôle par étape.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Raci {
    pub lancement: Option<RaciRole>,
    pub diagnostic: Option<RaciRole>,
    pub objectifs: Option<RaciRole>,
    pub signature: Option<RaciRole>,
}

/// Contribution possible d'une partie prenante (guide ANAP L434-L436).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Contribution {
    Diagnostic,
    Objectifs,
    Evaluation,
}

impl Contribution {
    pub const ALL: [Self; 3] = [Self::Diagnostic, Self::Objectifs, Self::Evaluation];
    pub fn label(self) -> &'static str {
        match self {
            Self::Diagnostic => "Diagnostic (enquête, entretien, consultation)",
            Self::Objectifs => "Engagement sur des objectifs / signature de fiches",
            Self::Evaluation => "Évaluation du CPOM",
        }
    }
}

/// Une partie prenante de la cartographie des acteurs.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Acteur {
    pub id: Uuid,
    pub nom: String,
    pub type_acteur: Option<TypeActeur>,
    pub niveau: Option<Niveau>,
    /// Personne référente chez cet acteur.
    pub referent: String,
    /// Intérêt à contribuer, nature de l'engagement (guide ANAP L454).
    pub interet: String,
    pub contributions: Vec<Contribution>,
    pub raci: Raci,
}

/// État d'un point de check-list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum EtatItem {
    #[default]
    ATraiter,
    Traite,
    SansObjet,
}

impl EtatItem {
    pub const ALL: [Self; 3] = [Self::ATraiter, Self::Traite, Self::SansObjet];
    pub fn label(self) -> &'static str {
        match self {
            Self::ATraiter => "À traiter",
            Self::Traite => "Traité",
            Self::SansObjet => "Sans objet",
        }
    }
    pub fn done(self) -> bool {
        self != Self::ATraiter
    }
}

/// L'état d'un point de la check-list de la réunion de lancement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct EtatChecklist {
    pub id: Uuid,
    /// Identifiant du point dans le catalogue (`assets/catalogues/checklist-lancement-v1.json`).
    pub item: String,
    pub etat: EtatItem,
    pub commentaire: String,
}

/// Type de réunion (comitologie, guide ANAP §7.1 : L1429, L1437, L1589, L1607, L1289,
/// L1762, L1186, L1766, L1591, L1210, L1121).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeReunion {
    ConcertationRegionale,
    Lancement,
    Diagnostic,
    Negociation,
    CommuneAtc,
    ComiteSuiviInterne,
    GroupeTravailInterne,
    DialogueGestion,
    VisiteSurSite,
    InformationCvs,
    ValidationCa,
}

impl TypeReunion {
    pub const ALL: [Self; 11] = [
        Self::ConcertationRegionale,
        Self::Lancement,
        Self::Diagnostic,
        Self::Negociation,
        Self::CommuneAtc,
        Self::ComiteSuiviInterne,
        Self::GroupeTravailInterne,
        Self::DialogueGestion,
        Self::VisiteSurSite,
        Self::InformationCvs,
        Self::ValidationCa,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::ConcertationRegionale => "Réunion de concertation régionale",
            Self::Lancement => "Réunion de lancement",
            Self::Diagnostic => "Réunion de concertation et de partage du diagnostic",
            Self::Negociation => "Réunion de négociation (objectifs)",
            Self::CommuneAtc => "Réunion commune ARS / conseil départemental",
            Self::ComiteSuiviInterne => "Comité de suivi interne",
            Self::GroupeTravailInterne => "Groupe de travail interne",
            Self::DialogueGestion => "Dialogue de gestion",
            Self::VisiteSurSite => "Visite sur site",
            Self::InformationCvs => "Information du CVS",
            Self::ValidationCa => "Validation par le conseil d'administration",
        }
    }
}

/// Une réunion et son compte-rendu.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Reunion {
    pub id: Uuid,
    pub type_reunion: Option<TypeReunion>,
    pub objet: String,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    pub lieu: String,
    /// Un participant par ligne (« Mme X, ARS »).
    pub participants: Vec<String>,
    /// Les participants ont mandat pour décider (guide ANAP L1679).
    pub mandat_decision: bool,
    pub decisions: String,
    pub prochaines_etapes: String,
    /// Texte du compte-rendu…
    pub compte_rendu: String,
    /// … ou référence du document (« CR-2026-03-lancement.pdf, GED siège »).
    pub compte_rendu_reference: String,
}

impl Reunion {
    pub fn has_compte_rendu(&self) -> bool {
        !self.compte_rendu.trim().is_empty() || !self.compte_rendu_reference.trim().is_empty()
    }
    pub fn titre(&self) -> String {
        let t = self
            .type_reunion
            .map(|t| t.label().to_string())
            .unwrap_or_else(|| "Réunion".into());
        match self.date {
            Some(d) => format!("{t} du {}", crate::kernel::format::date_short(d)),
            None => t,
        }
    }
}

/// Tout le lancement.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Lancement {
    pub engagement: Engagement,
    /// Les jalons, dans l'ordre du processus (les jalons standard sont toujours présents).
    pub jalons: Vec<Jalon>,
    pub acteurs: Vec<Acteur>,
    pub checklist: Vec<EtatChecklist>,
    pub reunions: Vec<Reunion>,
}

impl Lancement {
    /// Ajoute les jalons standard absents et range les jalons dans l'ordre du processus.
    pub fn fill_standard_jalons(&mut self) {
        for code in JalonCode::STANDARD {
            let id = code.standard_id();
            if !self.jalons.iter().any(|j| j.id == id) {
                self.jalons.push(Jalon::standard(code));
            }
        }
        self.jalons.sort_by(|a, b| {
            (a.code.rank(), a.date_retenue(), a.id).cmp(&(b.code.rank(), b.date_retenue(), b.id))
        });
    }
    pub fn jalon(&self, code: JalonCode) -> Option<&Jalon> {
        let id = code.standard_id();
        self.jalons.iter().find(|j| j.id == id)
    }
}

// Fenêtre de campagne budgétaire. Le guide ANAP cite comme aléa « Calendriers de
// négociation concomitants avec les campagnes budgétaires » (seed 004 L1458) sans dater la
// campagne. Ses seules dates sont celles de l'annexe 5 : ERRD N-1 « pour le 30 avril N »
// (L2088) ; EPRD « avant le 30 avril N, ou […] dans les 30 jours qui suivent [la]
// notification et au plus tard le 30 juin » (L2090). Défaut retenu : du 1er mars au 30 juin.
// La fin vient de la source ; le début (deux mois avant l'échéance du 30 avril, le temps de
// préparer ERRD et EPRD) est une inférence. La fenêtre est donc un réglage du dossier
// (`lancement.engagement.campagne_budgetaire.debut` / `.fin`).

/// Source de la fenêtre par défaut.
pub const SRC_CAMPAGNE: &str = "anap L1458, L2088-L2090 ; inference : fenêtre par défaut du 1er mars au 30 juin (ERRD au 30 avril, EPRD au plus tard le 30 juin) ; début inféré, réglable";

/// Un jour de l'année, sérialisé « MM-JJ » (« 03-01 »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct MoisJour {
    pub mois: u32,
    pub jour: u32,
}

impl MoisJour {
    pub fn new(mois: u32, jour: u32) -> Option<Self> {
        // 2024 est bissextile : le 29 février est accepté.
        NaiveDate::from_ymd_opt(2024, mois, jour).map(|_| Self { mois, jour })
    }
    /// Ce jour dans l'année `y` (le 29 février devient le 28 hors année bissextile).
    pub fn in_year(self, y: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, self.mois, self.jour)
            .or_else(|| NaiveDate::from_ymd_opt(y, self.mois, self.jour - 1))
            .unwrap_or(NaiveDate::MIN)
    }
    /// « 03-01 », « 1/3 », « 01/03 » (jour/mois).
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        if let Some((m, d)) = s.split_once('-') {
            return Self::new(m.parse().ok()?, d.parse().ok()?);
        }
        let (d, m) = s.split_once('/')?;
        Self::new(m.parse().ok()?, d.parse().ok()?)
    }
}

impl fmt::Display for MoisJour {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}-{:02}", self.mois, self.jour)
    }
}

impl Serialize for MoisJour {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for MoisJour {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Self::parse(&s).ok_or_else(|| serde::de::Error::custom(format!("jour « {s} » invalide")))
    }
}

/// La fenêtre annuelle de la campagne budgétaire.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Campagne {
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub debut: MoisJour,
    #[ts(type = "string")]
    #[schemars(with = "String")]
    pub fin: MoisJour,
}

impl Default for Campagne {
    fn default() -> Self {
        Self {
            debut: MoisJour { mois: 3, jour: 1 },
            fin: MoisJour { mois: 6, jour: 30 },
        }
    }
}

impl Campagne {
    /// Les fenêtres de campagne des années `from..=to`.
    pub fn windows(&self, from: i32, to: i32) -> Vec<(NaiveDate, NaiveDate)> {
        (from..=to)
            .map(|y| (self.debut.in_year(y), self.fin.in_year(y)))
            .collect()
    }
    /// Le chevauchement de [a, b] avec une fenêtre de campagne, s'il y en a un.
    pub fn overlap(&self, a: NaiveDate, b: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        self.windows(a.year(), b.year())
            .into_iter()
            .map(|(s, e)| (s.max(a), e.min(b)))
            .find(|(s, e)| s <= e)
    }
}
