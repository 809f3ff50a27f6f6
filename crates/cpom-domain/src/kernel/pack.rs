//! **Les packs régionaux** : ce qu'une région apporte en plus du socle national, en données
//! (`assets/packs/<id>.json`, format dans `assets/README.md`) — catalogue(s) du diagnostic,
//! étapes et normes du rétroplanning, modèle(s) de contrat, modèle(s) de classeur,
//! calendrier des dialogues et des rapports, ordre de signature, date d'effet — plus les
//! quelques règles qui demandent du code, **listées ici** ([`REGLES_REGIONALES`]) et activées
//! par le pack (`"regles"`).
//!
//! Le pack d'un dossier est choisi (`cpom.pack`) ou, à défaut, déduit de sa région : le pack
//! dont `regions` contient la région, s'il est écrit pour l'un des secteurs du périmètre
//! (`secteurs` : la méthode de l'ARS Pays de la Loire et le modèle PACA visent les ESMS pour
//! personnes handicapées ; un CPOM « EHPAD » de ces régions suit le socle national), sinon le
//! socle national ([`pack_for`]). Changer de pack ne supprime rien : les données saisies sous
//! un autre pack restent dans le dossier.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::nomenclature::Secteur;
use crate::kernel::sources::cite_data;

pub const FORMAT: &str = "atelier-cpom/pack";
pub const FORMAT_VERSION: u32 = 1;

/// Le pack de toutes les régions qui n'en ont pas.
pub const NATIONAL: &str = "national";

/// Les règles propres à une région : clé employée par les packs (`"regles"`), codes des
/// points qu'elle fait apparaître, et ce qu'elle fait. **La seule liste** : un pack ne peut
/// activer qu'une clé d'ici (test), et chaque clé d'ici est activée par un pack au moins.
/// Une clé règle aussi ce que le pack montre (l'annexe 2-B des indicateurs FLASH avec
/// « indicateurs-flash », la ligne d'avancement des six objectifs minimum…).
pub const REGLES_REGIONALES: [(&str, &str, &str); 22] = [
    (
        "objectifs-minimum",
        "O-MINIMUM",
        "les six objectifs minimum du CPOM, en erreur",
    ),
    (
        "axes-strategiques",
        "O-AXE",
        "chaque fiche-objectif est rattachée à l'un des trois axes stratégiques",
    ),
    (
        "cible-mi-parcours",
        "O-MI-PARCOURS",
        "chaque indicateur a une cible à mi-parcours",
    ),
    (
        "coordonnateur",
        "L-COORDONNATEUR",
        "le coordonnateur ARS ou départemental est désigné",
    ),
    (
        "delai-dossier-diagnostic",
        "P-4-SEMAINES",
        "le dossier diagnostic parvient au moins quatre semaines avant la réunion diagnostic",
    ),
    (
        "ordre-signature",
        "P-ORDRE-SIGNATURE, S-ORDRE",
        "les parties signent dans l'ordre du pack",
    ),
    (
        "questionnaire-bloquant",
        "D-QUESTION",
        "toute question du diagnostic reçoit une réponse (erreur ; avertissement sinon)",
    ),
    (
        "encarts-strategie",
        "D-ZONES",
        "chaque thème du diagnostic a ses encarts de stratégie",
    ),
    (
        "dossier-diagnostic",
        "D-ENVOI",
        "le fichier « Diagnostic » complété est retourné à l'ARS (et au département)",
    ),
    (
        "reunion-diagnostic-bloquante",
        "D-REUNION, D-REUNION-CR",
        "la réunion diagnostic tenue et son compte-rendu bloquent (avertissements sinon)",
    ),
    (
        "indicateurs-flash",
        "D-FLASH-SAISIE, D-FLASH-CD",
        "indicateurs FLASH pré-remplis par l'ARS, saisis par l'organisme pour les ESMS du seul département",
    ),
    (
        "indicateurs-complementaires",
        "D-COMPLEMENTAIRE-VIDE, D-RATIO-ZERO, D-COMPLEMENTAIRE-NIVEAU",
        "annexe 2-D : numérateur, dénominateur et niveau de chaque indicateur",
    ),
    (
        "diagnostic-financier",
        "D-FIN-ANNEE, D-FIN-RESULTATS, D-FIN-RESERVES, D-FIN-INDICATEURS, D-FIN-RETRAITES, D-FIN-EFFECTIFS, D-FIN-SIEGE",
        "annexe 2-E : diagnostic budgétaire et financier",
    ),
    (
        "creton-2f",
        "D-CRETON-MANQUANT, D-CRETON-ESMS",
        "annexe 2-F : jeunes adultes en amendement Creton",
    ),
    (
        "repartition-dotation",
        "S-REPARTITION",
        "la dotation globalisée est répartie par ESMS et par groupe fonctionnel",
    ),
    (
        "dotation-departement",
        "S-CD",
        "CPOM tripartite : modalités de la dotation des ESMS financés par le département",
    ),
    (
        "budgets-reference",
        "S-BUDGET, S-ACTIVITE",
        "un budget de référence équilibré et l'activité de chaque ESMS",
    ),
    (
        "comite-suivi",
        "S-COMITE",
        "composition du comité de suivi pour chaque partie",
    ),
    (
        "procedure-affectation",
        "A-RESTE, A-REPORT, A-INVEST, A-COMPENSATION, A-DEPARTEMENTS, A-ANNEE",
        "procédure d'aide à la décision sur l'affectation des résultats (avertissements)",
    ),
    (
        "effet-a-la-signature",
        "PACA-EFFET",
        "le contrat prend effet à la date de sa signature",
    ),
    (
        "pv-commission-securite",
        "PACA-PV-SECURITE",
        "le dernier procès-verbal de la commission de sécurité est transmis avec le diagnostic",
    ),
    (
        "frais-siege-etp",
        "PACA-FRAIS-SIEGE-ETP",
        "les frais de siège intégrés précisent le nombre et la catégorie des ETP pris en charge",
    ),
];

/// Un catalogue du diagnostic apporté par le pack, pour certains secteurs seulement (vide :
/// tous). Un pack « personnes âgées » peut ainsi ajouter son catalogue aux ESMS PA.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackCatalogue")]
pub struct CatalogueRef {
    pub id: String,
    /// Secteurs des ESMS concernés (`enfance`, `adultes`, `personnes_agees`) ; vide : tous.
    #[serde(default)]
    pub secteurs: Vec<Secteur>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackDiagnostic")]
pub struct Diagnostic {
    pub catalogues: Vec<CatalogueRef>,
}

/// Un jalon standard du rétroplanning retenu par le pack (code de `JalonCode`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackJalon")]
pub struct Jalon {
    pub code: String,
    pub source: String,
}

/// Une phase du rétroplanning et sa durée indicative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackPhase")]
pub struct Phase {
    pub code: String,
    pub norme_mois: u32,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackRetroplanning")]
pub struct Retroplanning {
    /// D'où vient l'ordre des étapes.
    pub demarche: String,
    pub jalons: Vec<Jalon>,
    pub phases: Vec<Phase>,
}

/// Quand tombe une échéance du calendrier, d'après la date d'effet et la durée du contrat.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export, rename = "PackQuand")]
pub struct Quand {
    /// Une année du contrat (1 = année de la date d'effet).
    pub annee: Option<u8>,
    /// Chaque année du contrat…
    pub chaque_annee: bool,
    /// … à partir de cette année (1 par défaut).
    pub a_partir_de: Option<u8>,
    /// La dernière année du contrat.
    pub derniere_annee: bool,
    /// Tant de mois avant l'échéance.
    pub avant_echeance_mois: Option<u32>,
    /// Jour de l'année, « MM-JJ » ; par défaut le 1er janvier.
    pub jour: Option<String>,
}

/// Une échéance du calendrier des dialogues et des rapports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackEcheance")]
pub struct Echeance {
    pub id: String,
    pub libelle: String,
    pub quand: Quand,
    /// Condition : `cd` (un département signe), `dialogue_annee4` (option retenue au
    /// suivi du contrat).
    #[serde(default)]
    pub si: Option<String>,
    pub source: String,
}

/// L'ordre de signature du pack et la date d'effet du contrat.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export, rename = "PackSignature")]
pub struct Signature {
    /// Parties dans l'ordre : `organisme`, `cd`, `ars`.
    pub ordre: Vec<String>,
    /// L'ordre s'impose (règle « ordre-signature »), sinon c'est l'ordre de la page.
    pub impose: bool,
    /// Le contrat prend effet à la date de la dernière signature.
    pub effet_a_la_signature: bool,
    pub source: String,
}

/// Un pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Pack {
    pub format: String,
    pub format_version: u32,
    pub id: String,
    pub version: u32,
    pub libelle: String,
    pub description: String,
    /// Codes INSEE des régions couvertes (vide : le socle national).
    pub regions: Vec<String>,
    /// Secteurs d'ESMS pour lesquels la méthode du pack est écrite (vide : tous). Un dossier
    /// de la région sans ESMS de ces secteurs suit le socle national, sauf choix explicite.
    #[serde(default)]
    pub secteurs: Vec<Secteur>,
    pub source: String,
    pub diagnostic: Diagnostic,
    pub retroplanning: Retroplanning,
    /// Modèles de contrat du pack, le premier par défaut.
    pub modeles_contrat: Vec<String>,
    /// Modèles de classeur du pack, le premier par défaut.
    pub modeles_classeur: Vec<String>,
    pub calendrier: Vec<Echeance>,
    pub signature: Signature,
    /// Règles régionales activées (clés de [`REGLES_REGIONALES`]).
    pub regles: Vec<String>,
}

impl Pack {
    /// La règle régionale `key` est-elle active dans ce pack ?
    pub fn a(&self, key: &str) -> bool {
        debug_assert!(
            REGLES_REGIONALES.iter().any(|r| r.0 == key),
            "règle régionale inconnue : {key}"
        );
        self.regles.iter().any(|r| r == key)
    }
    /// La source (lisible) d'un jalon standard, s'il fait partie du rétroplanning du pack.
    pub fn jalon(&self, code: &str) -> Option<&Jalon> {
        self.retroplanning.jalons.iter().find(|j| j.code == code)
    }
    pub fn phase(&self, code: &str) -> Option<&Phase> {
        self.retroplanning.phases.iter().find(|p| p.code == code)
    }
    pub fn modele_contrat(&self) -> &str {
        self.modeles_contrat
            .first()
            .map_or("arrete-2017", String::as_str)
    }
    pub fn modele_classeur(&self) -> &str {
        self.modeles_classeur
            .first()
            .map_or("socle-national", String::as_str)
    }
    pub fn info(&self) -> PackInfo {
        PackInfo {
            id: self.id.clone(),
            libelle: self.libelle.clone(),
            description: self.description.clone(),
            regions: self.regions.clone(),
            modeles_contrat: self.modeles_contrat.clone(),
            modeles_classeur: self.modeles_classeur.clone(),
            regles: self.regles.clone(),
        }
    }
}

/// Ce que l'interface et la ligne de commande montrent d'un pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct PackInfo {
    pub id: String,
    pub libelle: String,
    pub description: String,
    pub regions: Vec<String>,
    pub modeles_contrat: Vec<String>,
    pub modeles_classeur: Vec<String>,
    pub regles: Vec<String>,
}

/// Les packs livrés (lus à la compilation : aucune E/S à l'exécution).
const SOURCES: [(&str, &str); 3] = [
    (
        "national",
        include_str!("../../../../assets/packs/national.json"),
    ),
    ("pdl", include_str!("../../../../assets/packs/pdl.json")),
    ("paca", include_str!("../../../../assets/packs/paca.json")),
];

fn load(id: &str, text: &str) -> Pack {
    let mut p: Pack =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("pack « {id} » illisible : {e}"));
    assert_eq!(p.id, id, "identifiant du pack « {id} »");
    assert!(
        p.format == FORMAT && p.format_version == FORMAT_VERSION,
        "pack « {id} » : format inconnu"
    );
    let at = |what: &str| format!("pack {id}, {what}");
    p.source = cite_data(&p.source, &at("source"));
    p.retroplanning.demarche = cite_data(&p.retroplanning.demarche, &at("démarche"));
    for j in &mut p.retroplanning.jalons {
        j.source = cite_data(&j.source, &at(&j.code));
    }
    for ph in &mut p.retroplanning.phases {
        ph.source = cite_data(&ph.source, &at(&ph.code));
    }
    for e in &mut p.calendrier {
        e.source = cite_data(&e.source, &at(&e.id));
    }
    p.signature.source = cite_data(&p.signature.source, &at("signature"));
    p
}

static PACKS: LazyLock<Vec<Pack>> =
    LazyLock::new(|| SOURCES.iter().map(|(id, t)| load(id, t)).collect());

/// Tous les packs, le socle national en premier.
pub fn packs() -> &'static [Pack] {
    &PACKS
}

/// Un pack par son identifiant.
pub fn pack(id: &str) -> Option<&'static Pack> {
    packs().iter().find(|p| p.id == id)
}

/// Le socle national.
pub fn national() -> &'static Pack {
    pack(NATIONAL).unwrap_or(&packs()[0])
}

/// Le pack d'une région : celui qui la couvre, sinon le socle national.
pub fn pack_of_region(region: Option<&str>) -> &'static Pack {
    region
        .and_then(|r| packs().iter().find(|p| p.regions.iter().any(|x| x == r)))
        .unwrap_or_else(national)
}

/// Le pack d'un dossier : le pack choisi s'il existe, sinon celui de sa région s'il vise
/// l'un des `secteurs` du périmètre (ou si le périmètre est vide), sinon le socle national.
pub fn pack_for(choisi: Option<&str>, region: Option<&str>, secteurs: &[Secteur]) -> &'static Pack {
    if let Some(p) = choisi.and_then(pack) {
        return p;
    }
    let p = pack_of_region(region);
    if p.secteurs.is_empty()
        || secteurs.is_empty()
        || secteurs.iter().any(|s| p.secteurs.contains(s))
    {
        p
    } else {
        national()
    }
}

/// Message français d'un pack inconnu, avec les packs disponibles.
pub fn unknown_pack_message(id: &str) -> String {
    let ids: Vec<String> = packs()
        .iter()
        .map(|p| format!("« {} » ({})", p.id, p.libelle))
        .collect();
    format!(
        "Référentiel régional inconnu : « {id} ». Référentiels disponibles : {}.",
        ids.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_load_and_their_rules_are_listed_here() {
        assert_eq!(packs()[0].id, NATIONAL);
        let mut keys: Vec<&str> = REGLES_REGIONALES.iter().map(|r| r.0).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), REGLES_REGIONALES.len(), "clé en double");
        for p in packs() {
            for r in &p.regles {
                assert!(keys.contains(&r.as_str()), "{} : règle inconnue {r}", p.id);
            }
            assert!(!p.modeles_contrat.is_empty() && !p.modeles_classeur.is_empty());
            assert!(!p.diagnostic.catalogues.is_empty(), "{}", p.id);
            for o in &p.signature.ordre {
                assert!(["organisme", "cd", "ars"].contains(&o.as_str()), "{o}");
            }
        }
        for k in keys {
            assert!(
                packs().iter().any(|p| p.regles.iter().any(|r| r == k)),
                "règle régionale {k} activée par aucun pack"
            );
        }
        // Le socle national n'active aucune règle régionale.
        assert!(national().regles.is_empty());
    }

    #[test]
    fn the_region_chooses_the_pack_unless_one_is_chosen() {
        assert_eq!(pack_of_region(Some("52")).id, "pdl");
        assert_eq!(pack_of_region(Some("93")).id, "paca");
        assert_eq!(pack_of_region(Some("76")).id, NATIONAL, "Occitanie");
        assert_eq!(pack_of_region(None).id, NATIONAL);
        let ph = [Secteur::Adultes];
        let pa = [Secteur::PersonnesAgees];
        assert_eq!(pack_for(Some("national"), Some("52"), &ph).id, NATIONAL);
        assert_eq!(pack_for(Some("inconnu"), Some("93"), &ph).id, "paca");
        assert_eq!(pack_for(None, Some("52"), &[]).id, "pdl", "périmètre vide");
        // Un CPOM « EHPAD » des Pays de la Loire ou de PACA : le socle national, sauf choix.
        assert_eq!(pack_for(None, Some("52"), &pa).id, NATIONAL);
        assert_eq!(pack_for(None, Some("93"), &pa).id, NATIONAL);
        assert_eq!(pack_for(Some("pdl"), Some("52"), &pa).id, "pdl");
        // Un dossier mixte garde le pack de sa région.
        assert_eq!(
            pack_for(
                None,
                Some("52"),
                &[Secteur::PersonnesAgees, Secteur::Enfance]
            )
            .id,
            "pdl"
        );
        // Une région n'a qu'un pack.
        let mut regions: Vec<&String> = packs().iter().flat_map(|p| &p.regions).collect();
        let n = regions.len();
        regions.sort();
        regions.dedup();
        assert_eq!(regions.len(), n);
        assert!(unknown_pack_message("bzh").contains("« paca »"));
    }
}
