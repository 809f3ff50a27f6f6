//! Les entités d'un dossier CPOM : organisme gestionnaire, CPOM, ESMS du périmètre.
//!
//! Champs : instruction DGCS 2017-96 (seed000 §8.1), guide ANAP (seed004 §7.1),
//! reference-facts §4.3–4.4 et article 1 du modèle PACA (seed 001).
//! Chaque enregistrement porte un UUID stable (fusion future des contributions).

use crate::kernel::nomenclature::Competence;
use crate::kernel::nomenclature::Secteur;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

/// Adresse postale.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Adresse {
    pub ligne: String,
    pub code_postal: String,
    pub commune: String,
}

/// Statut juridique de l'organisme gestionnaire (seed000 §8.5 « Statut OG », seed004 §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StatutJuridique {
    Association,
    Fondation,
    Mutuelle,
    Gcsms,
    Ccas,
    EtablissementPublicAutonome,
    RattacheEps,
    SocieteCommerciale,
    Autre,
}

impl StatutJuridique {
    pub const ALL: [Self; 9] = [
        Self::Association,
        Self::Fondation,
        Self::Mutuelle,
        Self::Gcsms,
        Self::Ccas,
        Self::EtablissementPublicAutonome,
        Self::RattacheEps,
        Self::SocieteCommerciale,
        Self::Autre,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Association => "Association (privé non lucratif)",
            Self::Fondation => "Fondation (privé non lucratif)",
            Self::Mutuelle => "Mutuelle (privé non lucratif)",
            Self::Gcsms => "Groupement de coopération sociale et médico-sociale (GCSMS)",
            Self::Ccas => "CCAS / CIAS (public rattaché à une collectivité)",
            Self::EtablissementPublicAutonome => "Établissement public autonome",
            Self::RattacheEps => "ESMS rattaché à un établissement public de santé",
            Self::SocieteCommerciale => "Société commerciale (privé lucratif)",
            Self::Autre => "Autre",
        }
    }
    /// Organisme privé (règles d'affectation inter-ESMS R. 314-235, seed000 V16).
    pub fn is_private(self) -> bool {
        matches!(
            self,
            Self::Association | Self::Fondation | Self::Mutuelle | Self::SocieteCommerciale
        )
    }
}

/// Type d'adhésion de l'organisme (seed000 §8.1 « memberships : GHT, GCSMS, GCS »).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AdhesionKind {
    Gcsms,
    Ght,
    Gcs,
    Gip,
    Federation,
    Autre,
}

impl AdhesionKind {
    pub const ALL: [Self; 6] = [
        Self::Gcsms,
        Self::Ght,
        Self::Gcs,
        Self::Gip,
        Self::Federation,
        Self::Autre,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Gcsms => "GCSMS",
            Self::Ght => "GHT (convention d'association)",
            Self::Gcs => "GCS",
            Self::Gip => "GIP",
            Self::Federation => "Fédération / union",
            Self::Autre => "Autre",
        }
    }
}

/// Une adhésion (enregistrement propre, avec son UUID).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[ts(export)]
pub struct Adhesion {
    pub id: Uuid,
    pub kind: AdhesionKind,
    #[serde(default)]
    pub nom: String,
}

/// L'organisme gestionnaire (OG), signataire du CPOM.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Organisme {
    pub raison_sociale: String,
    /// FINESS de l'entité juridique (EJ), 9 caractères, clé vérifiée.
    pub finess_ej: Option<String>,
    pub siren: Option<String>,
    pub statut_juridique: Option<StatutJuridique>,
    pub adresse_siege: Adresse,
    pub representant_legal_nom: String,
    pub representant_legal_qualite: String,
    pub directeur_general: String,
    pub referent_cpom_nom: String,
    pub referent_cpom_fonction: String,
    pub referent_cpom_contact: String,
    pub valeurs_projet_associatif: String,
    /// Siège autorisé à percevoir des frais de siège (seed000 §3.6).
    pub frais_de_siege: bool,
    #[ts(type = "string | null")]
    pub date_arrete_frais_siege: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub date_deliberation_ca: Option<NaiveDate>,
    /// Société qui exerce un contrôle exclusif (II de l'art. L. 233-16 du code de commerce) et
    /// signe le CPOM « EHPAD » pour le compte des sociétés contrôlées qui gèrent un EHPAD
    /// (IV ter A de l'art. L. 313-12 CASF ; instruction DGCS seed 000 L1429-L1446,
    /// L1496-L1501, V10).
    pub societe_controlante: bool,
}

/// Base juridique du CPOM : les 7 catégories de l'annexe 2 de l'instruction
/// (seed000 §8.5 ; seed004 §7.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BaseJuridique {
    L313_11,
    L313_11_1,
    IiiL313_12,
    IvTerL313_12,
    L313_12_2,
    Art49Asv,
    L313_9,
}

/// Bornes de durée d'un CPOM, en années (seed000 V07).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct DurationRule {
    pub min: u8,
    pub max: u8,
    pub default: u8,
    pub source: &'static str,
}

impl BaseJuridique {
    pub const ALL: [Self; 7] = [
        Self::L313_12_2,
        Self::IvTerL313_12,
        Self::L313_11,
        Self::L313_11_1,
        Self::IiiL313_12,
        Self::Art49Asv,
        Self::L313_9,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::L313_11 => "CPOM de droit commun (art. L. 313-11 CASF)",
            Self::L313_11_1 => "CPOM des SAAD (art. L. 313-11-1 CASF)",
            Self::IiiL313_12 => "CPOM résidence autonomie (III de l'art. L. 313-12 CASF)",
            Self::IvTerL313_12 => "CPOM « EHPAD » (IV ter de l'art. L. 313-12 CASF)",
            Self::L313_12_2 => "CPOM ESMS PH, SSIAD/SPASAD et AJA (art. L. 313-12-2 CASF)",
            Self::Art49Asv => "Expérimentation SPASAD intégré (art. 49 loi ASV)",
            Self::L313_9 => "CPOM de restructuration de l'offre (art. L. 313-9 CASF)",
        }
    }
    /// Durée : 5 ans pour IV ter et L. 313-12-2 ; ≤ 5 ans pour L. 313-11 et les SAAD ;
    /// SPASAD expérimentateur 2 ans (jusqu'à 5 avec prorogation) ; résidence autonomie : le
    /// CPOM de droit commun qui la fonde est librement fixé dans la limite de 5 ans (seed 000
    /// L2219-L2225 ; annexe 2, L1955 : « 5 ans »), 5 ans seulement quand elle rejoint un CPOM
    /// « EHPAD » (L2252, base IV ter) ; L. 313-9 : renvoi au CPOM de droit commun, 5 ans au
    /// tableau de l'annexe 2 (L2092-L2120), donc au plus 5 ans.
    /// Source : instruction DGCS 2017-96 L1652, L2085, L2224-L2225, L2425, L2021-L2024
    /// (seed000 §3.1, règle V07).
    pub fn duration(self) -> DurationRule {
        let (min, max, default, source) = match self {
            Self::IvTerL313_12 => (5, 5, 5, "dgcs L1652"),
            Self::L313_12_2 => (5, 5, 5, "dgcs L2085"),
            Self::IiiL313_12 => (1, 5, 5, "dgcs L2219-L2225, L1955"),
            Self::L313_11 | Self::L313_11_1 => (1, 5, 5, "dgcs L2224-L2225, L2425"),
            Self::Art49Asv => (2, 5, 2, "dgcs L2021-L2024"),
            Self::L313_9 => (1, 5, 5, "dgcs L2092-L2120"),
        };
        DurationRule {
            min,
            max,
            default,
            source,
        }
    }
}

/// L'articulation du CPOM avec les autres CPOM du gestionnaire (instruction DGCS, seed 000
/// L821-L846).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Articulation {
    /// Aucun autre CPOM du gestionnaire.
    Aucune,
    /// Regroupement simple : chaque CPOM poursuit ses effets propres ; dates d'effet
    /// alignées autant que possible (L826-L831).
    RegroupementSimple,
    /// CPOM unique : chaque autorité ne s'engage que pour les objectifs transversaux et ceux
    /// des structures de sa seule compétence (L834-L846).
    CpomUnique,
}

impl Articulation {
    pub const ALL: [Self; 3] = [Self::Aucune, Self::RegroupementSimple, Self::CpomUnique];
    pub fn label(self) -> &'static str {
        match self {
            Self::Aucune => "Aucun autre CPOM du gestionnaire",
            Self::RegroupementSimple => {
                "Regroupement simple (chaque contrat poursuit ses effets propres)"
            }
            Self::CpomUnique => "CPOM unique (les contrats sont intégrés dans celui-ci)",
        }
    }
}

/// Les informations générales du CPOM.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Cpom {
    pub base_juridique: Option<BaseJuridique>,
    /// Code INSEE de la région (« 52 » = Pays de la Loire).
    pub region: Option<String>,
    /// Référentiel régional choisi (`assets/packs/<id>.json`) ; vide : celui de la région.
    pub pack: Option<String>,
    /// Articulation avec les autres CPOM du gestionnaire.
    pub articulation: Option<Articulation>,
    /// Codes des départements couverts (« 44 », « 49 »…).
    pub departements: Vec<String>,
    #[ts(type = "string | null")]
    pub date_effet: Option<NaiveDate>,
    pub duree_annees: u8,
}

impl Default for Cpom {
    fn default() -> Self {
        Self {
            base_juridique: None,
            region: None,
            pack: None,
            articulation: None,
            departements: Vec::new(),
            date_effet: None,
            duree_annees: 5,
        }
    }
}

/// Habilitation à l'aide sociale (seed000 §8.1, §8.5).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum HabilitationAideSociale {
    Totale,
    Partielle,
    ConventionL342_3_1,
    NonHabilite,
}

impl HabilitationAideSociale {
    pub const ALL: [Self; 4] = [
        Self::Totale,
        Self::Partielle,
        Self::ConventionL342_3_1,
        Self::NonHabilite,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::Totale => "Habilitation totale",
            Self::Partielle => "Habilitation partielle",
            Self::ConventionL342_3_1 => "Convention (art. L. 342-3-1 CASF)",
            Self::NonHabilite => "Non habilité",
        }
    }
}

/// Capacités autorisée et installée pour une modalité d'accueil.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Capacite {
    pub autorisee: Option<u32>,
    pub installee: Option<u32>,
}

/// Capacités par modalité d'accueil (modalités : seed000 §8.5 « Modalités d'accueil »,
/// colonnes 29–38 du tableau de bord, reference-facts §4.2).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Capacites {
    /// Internat / hébergement permanent.
    pub internat: Capacite,
    /// Semi-internat / accueil de jour.
    pub semi_internat: Capacite,
    pub accueil_temporaire: Capacite,
    /// Externat / file active / places de service.
    pub externat: Capacite,
}

impl Capacites {
    pub const MODALITES: [(&'static str, &'static str); 4] = [
        ("internat", "Internat / hébergement permanent"),
        ("semi_internat", "Semi-internat / accueil de jour"),
        ("accueil_temporaire", "Accueil temporaire"),
        ("externat", "Externat / file active / places de service"),
    ];
    pub fn get(&self, modalite: &str) -> Option<&Capacite> {
        match modalite {
            "internat" => Some(&self.internat),
            "semi_internat" => Some(&self.semi_internat),
            "accueil_temporaire" => Some(&self.accueil_temporaire),
            "externat" => Some(&self.externat),
            _ => None,
        }
    }
    pub fn get_mut(&mut self, modalite: &str) -> Option<&mut Capacite> {
        match modalite {
            "internat" => Some(&mut self.internat),
            "semi_internat" => Some(&mut self.semi_internat),
            "accueil_temporaire" => Some(&mut self.accueil_temporaire),
            "externat" => Some(&mut self.externat),
            _ => None,
        }
    }
    pub fn total_autorisee(&self) -> u32 {
        Self::MODALITES
            .iter()
            .filter_map(|(m, _)| self.get(m)?.autorisee)
            .sum()
    }
    pub fn total_installee(&self) -> u32 {
        Self::MODALITES
            .iter()
            .filter_map(|(m, _)| self.get(m)?.installee)
            .sum()
    }
}

/// Équivalents temps plein par catégorie de personnel (modèle PH 2018-2022,
/// reference-facts §3 A1 : « ETP administratif / éducatif / médical / para-médical /
/// pédagogique »). Décimaux exacts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Etp {
    #[ts(type = "string | null")]
    pub administratif: Option<Decimal>,
    #[ts(type = "string | null")]
    pub educatif: Option<Decimal>,
    #[ts(type = "string | null")]
    pub medical: Option<Decimal>,
    #[ts(type = "string | null")]
    pub paramedical: Option<Decimal>,
    #[ts(type = "string | null")]
    pub pedagogique: Option<Decimal>,
    #[ts(type = "string | null")]
    pub autres: Option<Decimal>,
}

impl Etp {
    pub const CATEGORIES: [(&'static str, &'static str); 6] = [
        ("administratif", "Administratif"),
        ("educatif", "Éducatif"),
        ("medical", "Médical"),
        ("paramedical", "Paramédical"),
        ("pedagogique", "Pédagogique"),
        ("autres", "Autres"),
    ];
    pub fn get_mut(&mut self, cat: &str) -> Option<&mut Option<Decimal>> {
        match cat {
            "administratif" => Some(&mut self.administratif),
            "educatif" => Some(&mut self.educatif),
            "medical" => Some(&mut self.medical),
            "paramedical" => Some(&mut self.paramedical),
            "pedagogique" => Some(&mut self.pedagogique),
            "autres" => Some(&mut self.autres),
            _ => None,
        }
    }
    pub fn total(&self) -> Decimal {
        [
            self.administratif,
            self.educatif,
            self.medical,
            self.paramedical,
            self.pedagogique,
            self.autres,
        ]
        .into_iter()
        .flatten()
        .sum()
    }
}

/// Le mode de financement d'un ESMS avant le CPOM (instruction DGCS, seed 000 L407-L408,
/// L1240-L1246).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModeFinancement {
    PrixDeJournee,
    DotationGlobale,
    Forfait,
}

impl ModeFinancement {
    pub const ALL: [Self; 3] = [Self::PrixDeJournee, Self::DotationGlobale, Self::Forfait];
    pub fn label(self) -> &'static str {
        match self {
            Self::PrixDeJournee => "Prix de journée",
            Self::DotationGlobale => "Dotation globale",
            Self::Forfait => "Forfait (soins, dépendance, autonomie)",
        }
    }
}

/// D'où vient la compétence tarifaire affichée.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CompetenceSource {
    /// Proposée d'après la catégorie FINESS (assets/reference/categories-cpom.csv).
    Categorie,
    /// Saisie ou corrigée par l'utilisateur.
    Saisie,
}

/// Un établissement ou service (une ligne par FINESS géographique).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Esms {
    pub id: Uuid,
    pub nom: String,
    /// FINESS de l'établissement (ET, « géographique »).
    pub finess_et: Option<String>,
    /// Code catégorie FINESS (TRE_R66).
    pub categorie: Option<String>,
    pub secteur: Option<Secteur>,
    pub departement: Option<String>,
    pub adresse: Adresse,
    pub competence: Option<Competence>,
    pub competence_source: Option<CompetenceSource>,
    pub capacites: Capacites,
    pub jours_ouverture: Option<u16>,
    pub etp: Etp,
    /// Public spécifique, tel que l'autorisation le mentionne.
    pub public_specifique: String,
    pub habilitation_aide_sociale: Option<HabilitationAideSociale>,
    /// Places habilitées à l'aide sociale départementale (habilitation partielle : seed 000
    /// L1670-L1673 ; colonne 36 du tableau de bord).
    pub places_habilitees_aide_sociale: Option<u32>,
    /// Titulaire de l'autorisation s'il n'est pas l'organisme gestionnaire (société contrôlée
    /// d'un groupe : seed 000 L1429-L1446, V10). Vide : l'organisme lui-même.
    pub titulaire_autorisation: String,
    /// Les données propres aux établissements et services pour personnes âgées.
    pub pa: VoletPa,
    /// Faux pour un ESMS de l'organisme laissé hors du CPOM (utile aux règles de périmètre).
    pub dans_perimetre: bool,
    /// La procédure d'autorisation (création, extension, transfert) n'est pas achevée
    /// (instruction DGCS, seed 000 L1480-L1484, V11).
    pub autorisation_en_cours: bool,
    /// Mode de financement avant le CPOM (V22 : première dotation d'un ESMS au prix de
    /// journée).
    pub mode_financement: Option<ModeFinancement>,
}

impl Default for Esms {
    fn default() -> Self {
        Self {
            id: Uuid::nil(),
            nom: String::new(),
            finess_et: None,
            categorie: None,
            secteur: None,
            departement: None,
            adresse: Adresse::default(),
            competence: None,
            competence_source: None,
            capacites: Capacites::default(),
            jours_ouverture: None,
            etp: Etp::default(),
            public_specifique: String::new(),
            habilitation_aide_sociale: None,
            places_habilitees_aide_sociale: None,
            titulaire_autorisation: String::new(),
            pa: VoletPa::default(),
            dans_perimetre: true,
            autorisation_en_cours: false,
            mode_financement: None,
        }
    }
}

impl Esms {
    /// Le secteur de l'ESMS : déclaré, sinon celui de sa catégorie FINESS (`None` s'il n'est
    /// pas connu).
    pub fn secteur_effectif(&self) -> Option<Secteur> {
        self.secteur.or_else(|| {
            self.categorie
                .as_deref()
                .and_then(|c| crate::kernel::reference::reference().category(c))
                .and_then(|c| c.secteur)
        })
    }
    pub fn new(id: Uuid) -> Self {
        Self {
            id,
            ..Self::default()
        }
    }
}

/// L'accord daté d'une autorité à l'extension du CPOM hors de son territoire de base
/// (instruction DGCS, seed 000 L769-L771, L1504-L1506 : V03 ; L1834-L1839 : V04).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct Accord {
    pub id: Uuid,
    /// L'autorité : « cd:49 » (président du conseil départemental), « ars:53 ».
    pub autorite: String,
    #[ts(type = "string | null")]
    pub date: Option<NaiveDate>,
    /// Référence du courrier ou de la délibération.
    pub reference: String,
}

/// Un autre CPOM du gestionnaire, lié à celui-ci (instruction DGCS, seed 000 L821-L846).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct ContratLie {
    pub id: Uuid,
    pub intitule: String,
    pub base_juridique: Option<BaseJuridique>,
    /// Autorités signataires (« ARS Pays de la Loire, département de Vendée »).
    pub autorites: String,
    #[ts(type = "string | null")]
    pub date_effet: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub date_echeance: Option<NaiveDate>,
}

/// Option tarifaire d'un EHPAD : tarif global ou partiel, avec ou sans pharmacie à usage
/// intérieur (instruction DGCS, seed 000 L1635-L1648 ; décret n° 2014-652, art. R. 314-167).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OptionTarifaire {
    GlobalAvecPui,
    GlobalSansPui,
    PartielAvecPui,
    PartielSansPui,
}

impl OptionTarifaire {
    pub const ALL: [Self; 4] = [
        Self::GlobalAvecPui,
        Self::GlobalSansPui,
        Self::PartielAvecPui,
        Self::PartielSansPui,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Self::GlobalAvecPui => "Tarif global avec pharmacie à usage intérieur",
            Self::GlobalSansPui => "Tarif global sans pharmacie à usage intérieur",
            Self::PartielAvecPui => "Tarif partiel avec pharmacie à usage intérieur",
            Self::PartielSansPui => "Tarif partiel sans pharmacie à usage intérieur",
        }
    }
    pub fn global(self) -> bool {
        matches!(self, Self::GlobalAvecPui | Self::GlobalSansPui)
    }
    pub fn pui(self) -> bool {
        matches!(self, Self::GlobalAvecPui | Self::PartielAvecPui)
    }
}

/// Mode de financement des soins d'une petite unité de vie : GMPS, ou par dérogation
/// (art. D. 313-17 CASF) forfait soins ou recours à un SSIAD (seed 000 L1214-L1219, V19).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ModeSoinsPuv {
    Gmps,
    ForfaitSoins,
    Ssiad,
}

impl ModeSoinsPuv {
    pub const ALL: [Self; 3] = [Self::Gmps, Self::ForfaitSoins, Self::Ssiad];
    pub fn label(self) -> &'static str {
        match self {
            Self::Gmps => "Tarification au GMPS (forfait global relatif aux soins)",
            Self::ForfaitSoins => "Forfait soins (dérogation, art. D. 313-17 CASF)",
            Self::Ssiad => "Recours à un SSIAD (dérogation, art. D. 313-17 CASF)",
        }
    }
}

/// Ce qui est propre à un établissement ou service pour personnes âgées (EHPAD, PUV,
/// résidence autonomie, SSIAD…). Les places d'hébergement permanent, temporaire et
/// d'accueil de jour sont dans [`Capacites`] (internat, accueil temporaire, semi-internat) ;
/// les unités ci-dessous sont des places comprises dans l'hébergement permanent ou l'accueil
/// de jour (« Autorisation spécifique UHR / PASA », colonne 21 du tableau de bord).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, JsonSchema)]
#[serde(default)]
#[ts(export)]
pub struct VoletPa {
    /// Pôle d'activités et de soins adaptés (places).
    pub pasa: Option<u32>,
    /// Unité d'hébergement renforcée (places).
    pub uhr: Option<u32>,
    /// Unité protégée (places).
    pub unite_protegee: Option<u32>,
    /// Petite unité de vie (II de l'art. L. 313-12 CASF) : déclarée, la nomenclature FINESS
    /// n'ayant pas de catégorie propre.
    pub puv: bool,
    /// Dernier GIR moyen pondéré validé et sa date de validation (art. R. 314-170-2).
    pub gmp: Option<u32>,
    #[ts(type = "string | null")]
    pub gmp_date_validation: Option<NaiveDate>,
    /// Dernier PATHOS moyen pondéré validé et sa date de validation (art. R. 314-170-4).
    pub pmp: Option<u32>,
    #[ts(type = "string | null")]
    pub pmp_date_validation: Option<NaiveDate>,
    pub option_tarifaire: Option<OptionTarifaire>,
    pub mode_soins_puv: Option<ModeSoinsPuv>,
    /// Établissement relevant de l'article L. 342-1 CASF (seed 000 L1302-L1304, V17).
    pub l342_1: bool,
    /// Convention tripartite pluriannuelle en cours : signature et échéance (seed 000
    /// L1012-L1020 ; colonnes 27 et 28 du tableau de bord).
    #[ts(type = "string | null")]
    pub ctp_date_signature: Option<NaiveDate>,
    #[ts(type = "string | null")]
    pub ctp_date_echeance: Option<NaiveDate>,
    /// Convention d'aide sociale de l'article L. 342-3-1 : date (seed 000 L671-L678).
    #[ts(type = "string | null")]
    pub date_convention_aide_sociale: Option<NaiveDate>,
    /// Résidence autonomie : perçoit un forfait soins (IV de l'art. L. 313-12) ; l'ARS
    /// signe alors le contrat (seed 000 L2204-L2207, V39).
    pub forfait_soins_ra: bool,
}

impl VoletPa {
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}
