//! Les modèles de contrat, des données (`assets/contracts/<id>/modele.json`, format décrit
//! dans `assets/contracts/README.md`) : structure ordonnée, textes à champs, conditions,
//! annexes générées depuis le dossier, clauses libres modifiables par dossier.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use std::sync::LazyLock;

use crate::clauses::condition;

pub const FORMAT: &str = "atelier-cpom/modele-contrat";
pub const FORMAT_VERSION: u32 = 1;

/// Les blocs de données générés depuis le dossier (`"donnees": "…"`).
pub const DONNEES: [(&str, &str); 24] = [
    (
        "parties",
        "« Entre… d'une part… et… d'autre part » d'après les signataires",
    ),
    (
        "organisme.identification",
        "tableau d'identification du gestionnaire (article 1)",
    ),
    ("esms.tableau", "tableau des ESMS du périmètre"),
    ("esms.liste", "liste des ESMS avec FINESS et catégorie"),
    ("adhesions.liste", "groupements auxquels l'organisme adhère"),
    (
        "articulation",
        "articulation avec les autres CPOM du gestionnaire et contrats liés",
    ),
    (
        "rapt.engagements",
        "engagements « Une réponse accompagnée pour tous » de tout CPOM PH",
    ),
    (
        "habilitation.modalites",
        "choix de chaque département : convention ou règlement départemental d'aide sociale",
    ),
    (
        "eprd",
        "document budgétaire, premier exercice et périmètre de l'EPRD",
    ),
    ("objectifs.liste", "objectifs du CPOM (étape Objectifs)"),
    (
        "habilitation.tableau",
        "ESMS habilités à l'aide sociale départementale",
    ),
    (
        "comite_suivi",
        "composition du comité de suivi d'après les parties",
    ),
    (
        "dialogues.calendrier",
        "calendrier des dialogues de gestion d'après la période",
    ),
    ("annexes.liste", "liste numérotée des annexes du modèle"),
    (
        "signatures",
        "page de signature, un bloc par signataire dans l'ordre de signature",
    ),
    (
        "pa.caracteristiques",
        "établissements pour personnes âgées : places par modalité (hébergement permanent, temporaire, accueil de jour, PASA, UHR, unité protégée), GMP et PMP validés et datés",
    ),
    (
        "pa.tarification",
        "option tarifaire de chaque EHPAD, mode de financement des soins des PUV, statut L. 342-1",
    ),
    (
        "pa.sections",
        "les trois sections de chaque EHPAD ou PUV : forfait global soins, forfait global dépendance, tarif journalier hébergement, avec totaux",
    ),
    (
        "pa.financements_complementaires",
        "montant prévisionnel des financements complémentaires par établissement, nature et année, avec totaux",
    ),
    (
        "pa.residences_autonomie",
        "parties dédiées au forfait autonomie (et à sa modulation) et au forfait soins de chaque résidence autonomie",
    ),
    (
        "pa.services",
        "dotations des services pour personnes âgées (SSIAD, accueil de jour autonome…)",
    ),
    (
        "pa.l342_1",
        "clause des établissements relevant de l'article L. 342-1 (affectation des excédents soins et dépendance)",
    ),
    (
        "pa.conventions_tripartites",
        "conventions tripartites auxquelles le contrat met fin : signature, échéance prévue, fin",
    ),
    (
        "pa.volet_saad",
        "volet de chaque service d'aide et d'accompagnement à domicile : les mentions de l'article L. 313-11-1",
    ),
];

/// Les contenus d'annexe (`"contenu": "…"`).
pub const CONTENUS: [(&str, &str); 21] = [
    (
        "fiche_signaletique",
        "organisme et tableau des ESMS (généré)",
    ),
    (
        "synthese_diagnostic",
        "synthèse du diagnostic partagé (étape Diagnostic)",
    ),
    (
        "diagnostic",
        "élément du diagnostic partagé (étape Diagnostic)",
    ),
    (
        "indicateurs_flash",
        "indicateurs FLASH (2-B) par ESMS (étape Diagnostic)",
    ),
    (
        "indicateurs_anap",
        "indicateurs ANAP du tableau de bord de la performance (2-C) par ESMS (étape Diagnostic)",
    ),
    (
        "indicateurs_complementaires",
        "indicateurs complémentaires et leurs ratios (2-D) (étape Diagnostic)",
    ),
    (
        "diagnostic_financier",
        "diagnostic budgétaire et financier (2-E) (étape Diagnostic)",
    ),
    (
        "creton",
        "jeunes adultes en amendement Creton (2-F) (étape Diagnostic)",
    ),
    (
        "besoins_territoriaux",
        "réponse aux besoins territoriaux : coopérations, partenariats, groupements, constats territoriaux (généré)",
    ),
    (
        "pgfp_ppi",
        "plan global de financement pluriannuel et plan pluriannuel d'investissement (étape Signature)",
    ),
    (
        "fiches_objectifs",
        "fiches-objectifs / fiches-actions (étape Objectifs)",
    ),
    (
        "fiches_rapt",
        "objectifs de parcours (démarche « Une réponse accompagnée pour tous »), renvoi aux fiches",
    ),
    (
        "tableau_objectifs",
        "tableau récapitulatif des objectifs (étape Objectifs)",
    ),
    (
        "elements_financiers",
        "dotation, répartition, affectation des résultats (étape Moyens)",
    ),
    (
        "budgets_reference",
        "budgets de référence et activité retenue (étape Moyens)",
    ),
    (
        "fiche_activite",
        "capacités et jours d'ouverture (généré) ; activité réalisée (étape Moyens)",
    ),
    (
        "calendrier_dialogues",
        "calendrier des dialogues de gestion (généré d'après la période)",
    ),
    (
        "habilitation_aide_sociale",
        "ESMS habilités à l'aide sociale (généré)",
    ),
    (
        "externe",
        "document joint au contrat, non produit par l'application",
    ),
    ("texte", "texte du modèle seulement"),
    ("groupe", "regroupe des sous-annexes"),
];

/// Un bloc de texte d'une section : exactement un de `p`, `liste`, `donnees`, `clause`,
/// `note`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Bloc {
    /// Condition d'affichage.
    #[serde(default)]
    pub si: Option<String>,
    /// Paragraphe justifié (balisage `**gras**`, `*italique*`, champs `{…}`).
    #[serde(default)]
    pub p: Option<String>,
    /// Liste à puces.
    #[serde(default)]
    pub liste: Option<Vec<String>>,
    /// Bloc généré depuis le dossier (voir [`DONNEES`]).
    #[serde(default)]
    pub donnees: Option<String>,
    /// Clause libre modifiable par dossier : son identifiant…
    #[serde(default)]
    pub clause: Option<String>,
    /// … et son texte par défaut (un paragraphe par élément).
    #[serde(default)]
    pub texte: Option<Vec<String>>,
    /// Note en italique.
    #[serde(default)]
    pub note: Option<String>,
}

/// Une partie du socle (titre, article, sous-article) ; la profondeur donne le niveau.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub id: String,
    pub titre: String,
    #[serde(default)]
    pub si: Option<String>,
    /// D'où vient la structure ou la substance (seed et lignes).
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub nouvelle_page: bool,
    /// Présente dans la table des matières (par défaut : niveaux 1 et 2).
    #[serde(default)]
    pub sommaire: Option<bool>,
    #[serde(default)]
    pub blocs: Vec<Bloc>,
    #[serde(default)]
    pub sections: Vec<Section>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Annexe {
    pub id: String,
    /// « 1 », « 2-a »…
    pub numero: String,
    pub titre: String,
    #[serde(default)]
    pub si: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    /// Ce que l'annexe contient (voir [`CONTENUS`]).
    pub contenu: String,
    #[serde(default)]
    pub blocs: Vec<Bloc>,
    #[serde(default)]
    pub sous_annexes: Vec<Annexe>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Modele {
    pub format: String,
    pub format_version: u32,
    pub id: String,
    /// Version du modèle (« 1.0 ») : imprimée en couverture.
    pub version: String,
    pub libelle: String,
    pub description: String,
    pub sources: Vec<String>,
    /// Titre de la couverture.
    pub titre: String,
    /// Forme des fiches-objectifs : « pdl », « anap » ou « paca ».
    #[serde(default)]
    pub forme_fiche: FormeFiche,
    /// Le socle, dans l'ordre.
    pub corps: Vec<Section>,
    pub annexes: Vec<Annexe>,
}

/// Ce que l'interface et le CLI montrent d'un modèle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ContractModelInfo {
    pub id: String,
    pub label: String,
    pub version: String,
    pub description: String,
}

/// Une clause libre d'un modèle (modifiable par dossier).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct ClauseInfo {
    pub model_id: String,
    pub clause_id: String,
    /// Titre de la section qui la contient.
    pub section: String,
    pub default_text: String,
}

impl Modele {
    pub fn info(&self) -> ContractModelInfo {
        ContractModelInfo {
            id: self.id.clone(),
            label: self.libelle.clone(),
            version: self.version.clone(),
            description: self.description.clone(),
        }
    }

    /// Les clauses libres, dans l'ordre du document.
    pub fn clauses(&self) -> Vec<ClauseInfo> {
        fn walk(m: &Modele, s: &Section, out: &mut Vec<ClauseInfo>) {
            for b in &s.blocs {
                if let Some(id) = &b.clause {
                    out.push(ClauseInfo {
                        model_id: m.id.clone(),
                        clause_id: id.clone(),
                        section: s.titre.clone(),
                        default_text: b.texte.clone().unwrap_or_default().join("\n\n"),
                    });
                }
            }
            for c in &s.sections {
                walk(m, c, out);
            }
        }
        let mut out = Vec::new();
        for s in &self.corps {
            walk(self, s, &mut out);
        }
        out
    }

    /// Vérifie tout le modèle : conditions, champs, blocs, identifiants uniques.
    pub fn check(&self) -> Result<(), String> {
        if self.format != FORMAT || self.format_version != FORMAT_VERSION {
            return Err(format!(
                "format « {} » v{} non reconnu (attendu : {FORMAT} v{FORMAT_VERSION})",
                self.format, self.format_version
            ));
        }
        let mut ids = BTreeSet::new();
        let mut errs = Vec::new();
        for s in &self.corps {
            check_section(s, &mut ids, &mut errs);
        }
        for a in &self.annexes {
            check_annexe(a, &mut ids, &mut errs);
        }
        if errs.is_empty() {
            Ok(())
        } else {
            Err(format!("modèle « {} » : {}", self.id, errs.join(" ; ")))
        }
    }
}

fn check_text(t: &str, at: &str, errs: &mut Vec<String>) {
    for c in champs_cites(t) {
        if !CHAMPS.iter().any(|(k, _)| *k == c) {
            errs.push(format!("{at} : champ inconnu « {{{c}}} »"));
        }
    }
}

fn check_cond(si: &Option<String>, at: &str, errs: &mut Vec<String>) {
    if let Some(c) = si
        && let Err(e) = condition::parse(c)
    {
        errs.push(format!("{at} : {e}"));
    }
}

fn check_id(id: &str, ids: &mut BTreeSet<String>, errs: &mut Vec<String>) {
    if !ids.insert(id.to_string()) {
        errs.push(format!("identifiant « {id} » en double"));
    }
}

fn check_blocs(blocs: &[Bloc], at: &str, ids: &mut BTreeSet<String>, errs: &mut Vec<String>) {
    for b in blocs {
        check_cond(&b.si, at, errs);
        let kinds = [
            b.p.is_some(),
            b.liste.is_some(),
            b.donnees.is_some(),
            b.clause.is_some(),
            b.note.is_some(),
        ]
        .iter()
        .filter(|x| **x)
        .count();
        if kinds != 1 {
            errs.push(format!(
                "{at} : un bloc doit avoir exactement un de p, liste, donnees, clause, note"
            ));
        }
        if b.texte.is_some() && b.clause.is_none() {
            errs.push(format!("{at} : « texte » n'accompagne qu'une clause"));
        }
        for t in
            b.p.iter()
                .chain(b.note.iter())
                .chain(b.liste.iter().flatten())
                .chain(b.texte.iter().flatten())
        {
            check_text(t, at, errs);
        }
        if let Some(k) = &b.donnees
            && !DONNEES.iter().any(|(x, _)| x == k)
        {
            errs.push(format!("{at} : données inconnues « {k} »"));
        }
        if let Some(c) = &b.clause {
            check_id(&format!("clause:{c}"), ids, errs);
        }
    }
}

fn check_section(s: &Section, ids: &mut BTreeSet<String>, errs: &mut Vec<String>) {
    let at = format!("section « {} »", s.id);
    check_id(&s.id, ids, errs);
    check_cond(&s.si, &at, errs);
    check_text(&s.titre, &at, errs);
    check_blocs(&s.blocs, &at, ids, errs);
    for c in &s.sections {
        check_section(c, ids, errs);
    }
}

fn check_annexe(a: &Annexe, ids: &mut BTreeSet<String>, errs: &mut Vec<String>) {
    let at = format!("annexe « {} »", a.id);
    check_id(&format!("annexe:{}", a.id), ids, errs);
    check_cond(&a.si, &at, errs);
    check_text(&a.titre, &at, errs);
    if !CONTENUS.iter().any(|(k, _)| *k == a.contenu) {
        errs.push(format!("{at} : contenu inconnu « {} »", a.contenu));
    }
    check_blocs(&a.blocs, &at, ids, errs);
    for s in &a.sous_annexes {
        check_annexe(s, ids, errs);
    }
}

/// Les champs utilisables dans le texte des modèles, avec leur description.
pub const CHAMPS: [(&str, &str); 34] = [
    (
        "organisme.raison_sociale",
        "raison sociale de l'organisme gestionnaire",
    ),
    ("organisme.finess_ej", "FINESS juridique, « 44 000 001 2 »"),
    ("organisme.siren", "SIREN"),
    ("organisme.statut", "statut juridique"),
    ("organisme.siege", "adresse du siège"),
    (
        "organisme.representant",
        "« Mme Claire Morvan, Présidente »",
    ),
    ("organisme.representant_nom", "nom du représentant légal"),
    (
        "organisme.representant_qualite",
        "qualité du représentant légal",
    ),
    ("organisme.directeur_general", "directeur général"),
    ("organisme.valeurs", "valeurs du projet associatif"),
    (
        "organisme.date_deliberation_ca",
        "date de la délibération du conseil d'administration",
    ),
    (
        "organisme.date_arrete_frais_siege",
        "date de l'arrêté autorisant les frais de siège",
    ),
    ("cpom.periode", "« 2027-2031 »"),
    ("cpom.date_effet", "« 1er janvier 2027 »"),
    ("cpom.date_echeance", "« 31 décembre 2031 »"),
    ("cpom.duree", "« cinq ans »"),
    ("cpom.base_juridique", "libellé de la base juridique"),
    ("cpom.region", "nom de la région"),
    (
        "cpom.departements",
        "départements couverts, « Loire-Atlantique (44) »",
    ),
    (
        "cpom.departements_de",
        "départements couverts précédés de leur article, « de l'Hérault (34) », « de Loire-Atlantique (44) »",
    ),
    ("cpom.annee_mi_parcours", "troisième année du contrat"),
    (
        "moyens.frais_siege_montant",
        "montant annuel des frais de siège intégrés au contrat",
    ),
    (
        "moyens.frais_siege_etp",
        "ETP pris en charge par les frais de siège, « 4,6 ETP administratifs et 1 ETP autres »",
    ),
    (
        "moyens.eprd_premier_exercice",
        "premier exercice sous EPRD (saisi, sinon l'exercice qui suit la signature)",
    ),
    ("cpom.annee_finale", "dernière année du contrat"),
    (
        "cpom.premier_exercice",
        "premier exercice budgétaire couvert (année de la date d'effet)",
    ),
    (
        "ars.libelle",
        "« l'Agence régionale de santé Pays de la Loire »",
    ),
    (
        "cd.liste",
        "« le conseil départemental de Loire-Atlantique » (ou plusieurs)",
    ),
    ("parties.nombre", "nombre de parties en lettres (« trois »)"),
    ("partite", "« bipartite », « tripartite », « multipartite »"),
    ("perimetre.nb_esms", "nombre d'ESMS au périmètre"),
    ("perimetre.capacite_autorisee", "capacité autorisée totale"),
    ("perimetre.capacite_installee", "capacité installée totale"),
    (
        "esms.liste",
        "noms des ESMS du périmètre, séparés par des virgules",
    ),
];

/// Les champs `{…}` cités dans un texte.
pub fn champs_cites(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                out.push(&after[..end]);
                rest = &after[end + 1..];
            }
            None => {
                out.push(after);
                break;
            }
        }
    }
    out
}

/// La forme des fiches d'un modèle (`"forme_fiche"` dans `modele.json`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FormeFiche {
    /// Fiche-objectif du guide ARS Pays de la Loire (seed 002, annexe 4, L648-L681).
    #[default]
    Pdl,
    /// Fiche action ANAP en quatre blocs (seed 004 §3.2, L1636-L1639).
    Anap,
    /// Fiche action du modèle PACA (seed 001, annexes 2-3, L1171-L1241).
    Paca,
}

/// Modèle utilisé quand on n'en choisit pas.
pub const DEFAULT_MODEL: &str = "arrete-2017";

/// Les modèles embarqués (lus à la compilation : aucune E/S à l'exécution).
const SOURCES: [(&str, &str); 3] = [
    (
        "arrete-2017",
        include_str!("../../../../assets/contracts/arrete-2017/modele.json"),
    ),
    (
        "pdl-socle",
        include_str!("../../../../assets/contracts/pdl-socle/modele.json"),
    ),
    (
        "paca-ph",
        include_str!("../../../../assets/contracts/paca-ph/modele.json"),
    ),
];

fn load(id: &str, text: &str) -> Modele {
    let m: Modele = serde_json::from_str(text)
        .unwrap_or_else(|e| panic!("modèle de contrat « {id} » illisible : {e}"));
    assert_eq!(m.id, id, "identifiant du modèle « {id} »");
    m
}

static MODELES: LazyLock<Vec<Modele>> =
    LazyLock::new(|| SOURCES.iter().map(|(id, t)| load(id, t)).collect());

/// Tous les modèles, dans l'ordre de présentation.
pub fn models() -> &'static [Modele] {
    &MODELES
}

/// Un modèle par son identifiant.
pub fn model(id: &str) -> Option<&'static Modele> {
    models().iter().find(|m| m.id == id)
}

/// La liste présentée à l'utilisateur.
pub fn model_infos() -> Vec<ContractModelInfo> {
    models().iter().map(Modele::info).collect()
}

/// Message français d'un modèle inconnu, avec les modèles disponibles.
pub fn unknown_model_message(id: &str) -> String {
    let ids: Vec<String> = models().iter().map(|m| format!("« {} »", m.id)).collect();
    format!(
        "Modèle de contrat inconnu : « {id} ». Modèles disponibles : {}.",
        ids.join(", ")
    )
}
