//! Les dossiers exemples embarqués (« Ouvrir un dossier exemple », `cpom demo --exemple`) :
//! « ph » (personnes handicapées, Pays de la Loire, celui par défaut), « pa » (personnes
//! âgées : EHPAD, PUV, SSIAD, résidence autonomie en Occitanie, socle national) et « paca »
//! (personnes handicapées, Provence-Alpes-Côte d'Azur).

use std::path::Path;

use cpom_domain::example::example_dossier;
use cpom_domain::example::pa::example_dossier_pa;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use crate::error::{Result, ServiceError};
use crate::session::Session;

/// Quel dossier exemple.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Exemple {
    /// Association PH de Loire-Atlantique, CPOM L. 313-12-2 (le dossier exemple historique).
    #[default]
    Ph,
    /// Association PA de l'Hérault, CPOM « EHPAD » (socle national).
    Pa,
    /// Association PH des Bouches-du-Rhône, modèle de CPOM PH de l'ARS PACA.
    Paca,
}

impl Exemple {
    pub const ALL: [Self; 3] = [Self::Ph, Self::Pa, Self::Paca];
    pub fn code(self) -> &'static str {
        match self {
            Self::Ph => "ph",
            Self::Pa => "pa",
            Self::Paca => "paca",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Self::Ph => {
                "Personnes handicapées — sept ESMS en Loire-Atlantique, CPOM L. 313-12-2, méthode de l'ARS Pays de la Loire"
            }
            Self::Pa => {
                "Personnes âgées — trois EHPAD, une PUV, un SSIAD et une résidence autonomie dans l'Hérault, CPOM « EHPAD », socle national"
            }
            Self::Paca => {
                "Personnes handicapées — sept ESMS dans les Bouches-du-Rhône, modèle de CPOM PH de l'ARS Provence-Alpes-Côte d'Azur"
            }
        }
    }
    /// « ph », « pa » ou « paca » ; tout autre code est refusé avec la liste des exemples.
    pub fn from_code(code: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|e| e.code() == code.trim().to_lowercase())
            .ok_or_else(|| {
                ServiceError::new(
                    "exemple.inconnu",
                    format!(
                        "« {code} » n'est pas un dossier exemple ; exemples disponibles : {}.",
                        Self::ALL
                            .iter()
                            .map(|e| format!("« {} » ({})", e.code(), e.label()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
    }
    /// Le dossier de cet exemple.
    pub fn dossier(self, next_id: &mut dyn FnMut() -> Uuid) -> cpom_domain::dossier::Dossier {
        match self {
            Self::Ph => example_dossier(next_id),
            Self::Pa => example_dossier_pa(next_id),
            Self::Paca => cpom_domain::example::paca::example_paca(next_id),
        }
    }
}

/// Écrit le dossier exemple par défaut (« ph ») à `path` et l'ouvre.
pub fn create_example(path: &Path, author: &str) -> Result<Session> {
    create_example_of(Exemple::Ph, path, author)
}

/// Écrit le dossier exemple `exemple` à `path` et l'ouvre.
pub fn create_example_of(exemple: Exemple, path: &Path, author: &str) -> Result<Session> {
    let d = exemple.dossier(&mut Uuid::new_v4);
    Session::create_with(path, author, &d)
}

/// Un grand dossier fictif pour les essais de volume (benchmark du PDF, tableaux sur
/// plusieurs pages) : le dossier exemple complété jusqu'à `n` ESMS.
pub fn large_example(n: usize) -> cpom_domain::dossier::Dossier {
    use cpom_domain::dossier::perimetre::Esms;
    use cpom_domain::kernel::finess::luhn_key;
    let mut k = 0u128;
    let mut d = example_dossier(&mut || {
        k += 1;
        Uuid::from_u128(k)
    });
    let models: Vec<Esms> = d.esms.clone();
    let communes = [
        ("44000", "Nantes"),
        ("44600", "Saint-Nazaire"),
        ("44110", "Châteaubriant"),
        ("44500", "La Baule-Escoublac"),
        ("44190", "Clisson"),
        ("44150", "Ancenis-Saint-Géréon"),
    ];
    let mut i = 0usize;
    while d.esms.len() < n {
        let base = &models[i % models.len()];
        let (cp, commune) = communes[i % communes.len()];
        let first8 = format!("4401{:04}", 5000 + i);
        let mut e = base.clone();
        e.id = Uuid::from_u128(1_000_000 + i as u128);
        e.nom = format!("{} — site {}", base.nom, i + 2);
        e.finess_et = Some(format!("{first8}{}", luhn_key(&first8)));
        e.adresse.code_postal = cp.into();
        e.adresse.commune = commune.into();
        d.esms.push(e);
        i += 1;
    }
    add_objectives(&mut d, n * 6 / 10, 10);
    add_budgets(&mut d);
    d
}

/// Un dossier de fédération pour les mesures de volume (`cpom-bench`, tests de la vue
/// incrémentale) : [`large_example`] où chaque ESMS ajouté reçoit aussi le diagnostic de son
/// modèle (réponses, indicateurs, Creton), comme un siège qui a consolidé tous ses ESMS.
pub fn federation_example(n: usize) -> cpom_domain::dossier::Dossier {
    let mut d = large_example(n);
    let models: Vec<Uuid> = d.esms.iter().take(7.min(n)).map(|e| e.id).collect();
    let mut k = 20_000_000u128;
    let mut next = || {
        k += 1;
        Uuid::from_u128(k)
    };
    let dg = &mut d.diagnostic;
    let (reponses, indicateurs, creton) = (
        dg.reponses.clone(),
        dg.indicateurs.clone(),
        dg.creton.clone(),
    );
    for (i, e) in d.esms.iter().enumerate().skip(models.len()) {
        let model = Some(models[i % models.len()]);
        for r in reponses.iter().filter(|r| r.esms == model) {
            let mut r = r.clone();
            r.id = next();
            r.esms = Some(e.id);
            dg.reponses.push(r);
        }
        for x in indicateurs.iter().filter(|x| x.esms == model) {
            let mut x = x.clone();
            x.id = next();
            x.esms = Some(e.id);
            dg.indicateurs.push(x);
        }
        for c in creton.iter().filter(|c| c.esms == model) {
            let mut c = c.clone();
            c.id = next();
            c.esms = Some(e.id);
            dg.creton.push(c);
        }
    }
    d
}

/// Complète le dossier jusqu'à `count` objectifs de `actions_each` actions (copies des fiches
/// de l'exemple, rattachées à des ESMS différents) : 100 ESMS → 60 objectifs, 600 actions.
fn add_objectives(d: &mut cpom_domain::dossier::Dossier, count: usize, actions_each: usize) {
    use cpom_domain::dossier::objectifs::{Action, IndicateurObjectif, Objectif, PorteeObjectif};
    let fiches: Vec<Objectif> = d.objectifs.objectifs.clone();
    let actions: Vec<Action> = d.objectifs.actions.clone();
    let indicateurs: Vec<IndicateurObjectif> = d.objectifs.indicateurs.clone();
    let esms: Vec<Uuid> = d.esms.iter().map(|e| e.id).collect();
    let mut k = 5_000_000u128;
    let mut next = || {
        k += 1;
        Uuid::from_u128(k)
    };
    let mut i = 0usize;
    while d.objectifs.objectifs.len() < count {
        let src = &fiches[i % fiches.len()];
        let id = next();
        let mut o = src.clone();
        o.id = id;
        o.titre = format!("{} (site {})", src.titre, i + 2);
        if o.portee == PorteeObjectif::Propre {
            o.esms = vec![esms[i % esms.len()], esms[(i * 7 + 3) % esms.len()]];
            o.esms.dedup();
        }
        let own: Vec<&Action> = actions.iter().filter(|a| a.objectif == src.id).collect();
        for j in 0..actions_each {
            let mut a = own[j % own.len()].clone();
            a.id = next();
            a.objectif = id;
            a.libelle = format!("{} — étape {}", a.libelle, j + 1);
            d.objectifs.actions.push(a);
        }
        for x in indicateurs.iter().filter(|x| x.objectif == src.id) {
            let mut x = x.clone();
            x.id = next();
            x.objectif = id;
            d.objectifs.indicateurs.push(x);
        }
        d.objectifs.objectifs.push(o);
        i += 1;
    }
}

/// Un budget de référence et une répartition (nulle) pour chaque ESMS ajouté : les annexes
/// financières ont une ligne par ESMS.
fn add_budgets(d: &mut cpom_domain::dossier::Dossier) {
    use cpom_domain::dossier::signature::{BudgetReference, RepartitionDotation};
    let models = d.signature.budgets.clone();
    let mut k = 9_000_000u128;
    for (i, e) in d.esms.clone().iter().enumerate() {
        if d.signature.budgets.iter().any(|b| b.esms == e.id) || models.is_empty() {
            continue;
        }
        k += 1;
        d.signature.budgets.push(BudgetReference {
            id: Uuid::from_u128(k),
            esms: e.id,
            ..models[i % models.len()].clone()
        });
        k += 1;
        d.signature.repartition.push(RepartitionDotation {
            id: Uuid::from_u128(k),
            esms: e.id,
            groupes: Default::default(),
        });
    }
}

/// Un texte français de `n` caractères exactement (mots séparés d'espaces : la mise en page
/// coupe les lignes comme pour un vrai texte).
pub fn filler(n: usize) -> String {
    filler_from("", n)
}

/// Comme [`filler`], en commençant par `head` (des textes tous différents).
pub fn filler_from(head: &str, n: usize) -> String {
    const WORDS: &str = "Accompagnement des personnes en situation de handicap, coordination du \
parcours, inclusion en milieu ordinaire et qualité de vie au travail des professionnels ; ";
    let mut s: String = head.chars().chain(WORDS.chars().cycle()).take(n).collect();
    // Ni espace final (retiré par la saisie d'une ligne) ni longueur changée.
    if s.ends_with(' ') {
        s.pop();
        s.push('.');
    }
    s
}

/// Le dossier exemple dont **chaque texte est à sa borne** (`kernel/bounds.rs`) : chaque champ
/// de texte reçoit, par la saisie ordinaire, le plus long texte qu'il accepte (compte rendu ou
/// clause, sinon texte libre, sinon nom) ; chaque liste d'intitulés, autant d'intitulés que
/// sa borne en admet ; les commentaires tenus par l'application, un texte libre entier. Sert
/// au banc d'essai de l'export PDF (mémoire et pages bornées) et aux tests du classeur.
pub fn bounded_example() -> cpom_domain::dossier::Dossier {
    bounded_example_of(Exemple::Ph)
}

/// [`bounded_example`] à partir de l'exemple `exemple` (personnes handicapées ou âgées).
pub fn bounded_example_of(exemple: Exemple) -> cpom_domain::dossier::Dossier {
    use cpom_domain::kernel::bounds::{LIST_MAX_ITEMS, TEXT_KINDS, TextKind};
    use cpom_domain::record::editable::flatten;
    use cpom_domain::record::table::registry;
    use serde_json::Value;
    let mut k = 0u128;
    let d = exemple.dossier(&mut || {
        k += 1;
        Uuid::from_u128(k)
    });
    // Des textes tous différents (numérotés), comme dans un vrai dossier.
    let mut seq = 0usize;
    let mut text = |n: usize| {
        seq += 1;
        Value::String(filler_from(&format!("Texte {seq} — "), n))
    };
    let per = TextKind::Nom.max_chars();
    let n = (TextKind::Texte.max_chars() / (per + 1)).min(LIST_MAX_ITEMS);
    let mut out = cpom_domain::dossier::Dossier::default();
    for o in registry() {
        for row in o.rows(&d) {
            let mut json = row.value.to_string();
            let mut leaves = Vec::new();
            flatten("", &row.value, &mut leaves);
            for (field, v) in leaves {
                let is_text = matches!(&v, Value::String(_))
                    || matches!(&v, Value::Array(a) if a.iter().all(Value::is_string));
                if !is_text || field == "id" {
                    continue;
                }
                if !o.editable() {
                    // Commentaires et motifs tenus par l'application : un texte libre entier.
                    if matches!(v, Value::String(_))
                        && (field == "commentaire" || field.ends_with("motif"))
                    {
                        let mut x: Value = serde_json::from_str(&json).unwrap_or(Value::Null);
                        x[field.as_str()] = text(TextKind::Texte.max_chars());
                        json = x.to_string();
                    }
                    continue;
                }
                let candidates: Vec<Value> = if v.is_array() {
                    // Une liste : des intitulés de 300 caractères, autant que le total d'un
                    // texte libre le permet.
                    vec![Value::Array((0..n).map(|_| text(per)).collect())]
                } else {
                    TEXT_KINDS
                        .iter()
                        .rev()
                        .map(|t| text(t.max_chars()))
                        .collect()
                };
                for c in &candidates {
                    if let Ok(e) = o.edit(&json, &field, c)
                        && e.changed
                    {
                        json = e.json;
                        break;
                    }
                }
            }
            let _ = o.attach(&mut out, row.id, &json);
        }
    }
    out
}
