//! Les catalogues versionnés du diagnostic, même format et même moteur :
//! - `assets/catalogues/diagnostic-pdl-v1.json` : la structure de l'annexe 2-A du classeur
//!   « Diagnostic » Pays de la Loire (CPOM PH : axes, thèmes, questions, encarts) ;
//! - `assets/catalogues/diagnostic-pa-v1.json` : le diagnostic des établissements et services
//!   pour personnes âgées (activité, soins et dépendance, droits et prévention, personnel).
//!
//! Chaque question a sa source. [`selection`] choisit les catalogues d'un dossier d'après les
//! secteurs de son périmètre ; les identifiants (axes, thèmes, questions) sont uniques entre
//! catalogues, si bien qu'une réponse se retrouve par [`find_question`]. Format décrit dans
//! `assets/README.md`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::kernel::nomenclature::Secteur;

const PDL_V1: &str = include_str!("../../../../assets/catalogues/diagnostic-pdl-v1.json");
const PA_V1: &str = include_str!("../../../../assets/catalogues/diagnostic-pa-v1.json");

/// Une valeur proposée et son libellé.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Choix {
    pub valeur: String,
    pub libelle: String,
}

/// Les réponses possibles à une question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum TypeReponse {
    /// « oui / non / pratiques hétérogènes ».
    OuiNonHeterogene,
    /// Cases à cocher parmi `options`.
    Cases,
    Texte,
}

/// Une réponse par ESMS (axes 1-1, 1-2) ou une pour l'organisme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum NiveauAxe {
    Esms,
    Og,
}

/// Une réponse qui appelle un avertissement (V31, V43…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Alerte {
    /// Valeurs de réponse qui déclenchent l'avertissement.
    pub si: Vec<String>,
    pub regle: String,
    pub message: String,
    pub source: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Question {
    pub id: String,
    pub libelle: String,
    #[serde(rename = "type")]
    pub type_reponse: TypeReponse,
    #[serde(default)]
    pub options: Vec<Choix>,
    #[serde(default)]
    pub aide: String,
    pub source: String,
    #[serde(default)]
    pub alerte: Option<Alerte>,
    /// Lignes des sources, pour les mainteneurs (jamais affichées).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    #[ts(skip)]
    pub lignes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Theme {
    pub id: String,
    pub titre: String,
    pub questions: Vec<Question>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Axe {
    pub id: String,
    /// « 1-1 », « 2 ».
    pub code: String,
    pub titre: String,
    pub groupe: String,
    /// Numéro d'onglet du classeur Excel.
    pub onglet: u32,
    pub niveau: NiveauAxe,
    /// Axe affiché seulement si le périmètre compte un ESMS de ce secteur.
    #[serde(default)]
    pub secteur: Option<Secteur>,
    /// Axe par ESMS réservé à ces catégories FINESS (vide : toutes celles du secteur).
    #[serde(default)]
    pub categories: Vec<String>,
    pub source: String,
    pub themes: Vec<Theme>,
}

/// Le catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CatalogueDiagnostic {
    pub format: String,
    pub id: String,
    pub version: u32,
    pub titre: String,
    pub region: String,
    /// Secteurs auxquels le catalogue s'applique (vide : tous).
    #[serde(default)]
    pub secteurs: Vec<Secteur>,
    pub source: String,
    pub reponses_oui_non: Vec<Choix>,
    /// Les quatre encarts de chaque thème.
    pub zones: Vec<Choix>,
    pub axes: Vec<Axe>,
}

/// Où se trouve une question.
#[derive(Debug, Clone, Copy)]
pub struct Located<'a> {
    pub axe: &'a Axe,
    pub theme: &'a Theme,
    pub question: &'a Question,
}

pub struct Catalogue {
    pub data: CatalogueDiagnostic,
    questions: HashMap<String, (usize, usize, usize)>,
    themes: HashMap<String, (usize, usize)>,
}

impl Catalogue {
    fn new(data: CatalogueDiagnostic) -> Self {
        let mut questions = HashMap::new();
        let mut themes = HashMap::new();
        for (a, axe) in data.axes.iter().enumerate() {
            for (t, theme) in axe.themes.iter().enumerate() {
                themes.insert(theme.id.clone(), (a, t));
                for (q, question) in theme.questions.iter().enumerate() {
                    questions.insert(question.id.clone(), (a, t, q));
                }
            }
        }
        Self {
            data,
            questions,
            themes,
        }
    }
    pub fn question(&self, id: &str) -> Option<Located<'_>> {
        let &(a, t, q) = self.questions.get(id)?;
        let axe = &self.data.axes[a];
        let theme = &axe.themes[t];
        Some(Located {
            axe,
            theme,
            question: &theme.questions[q],
        })
    }
    pub fn theme(&self, id: &str) -> Option<(&Axe, &Theme)> {
        let &(a, t) = self.themes.get(id)?;
        let axe = &self.data.axes[a];
        Some((axe, &axe.themes[t]))
    }
    pub fn axe(&self, id: &str) -> Option<&Axe> {
        self.data.axes.iter().find(|a| a.id == id)
    }
}

fn load(name: &str, json: &str) -> Catalogue {
    Catalogue::new(
        serde_json::from_str(json).unwrap_or_else(|e| panic!("catalogue {name} illisible : {e}")),
    )
}

static CATALOGUES: LazyLock<[Catalogue; 2]> = LazyLock::new(|| {
    [
        load("diagnostic-pdl-v1.json", PDL_V1),
        load("diagnostic-pa-v1.json", PA_V1),
    ]
});

/// Le catalogue du diagnostic des ESMS pour personnes handicapées (Pays de la Loire) : celui
/// des classeurs régionaux.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUES[0]
}

/// Le catalogue du diagnostic des établissements et services pour personnes âgées.
pub fn catalogue_pa() -> &'static Catalogue {
    &CATALOGUES[1]
}

/// Tous les catalogues connus.
pub fn all() -> &'static [Catalogue] {
    &CATALOGUES[..]
}

/// Une question, quel que soit son catalogue.
pub fn find_question(id: &str) -> Option<Located<'static>> {
    all().iter().find_map(|c| c.question(id))
}

/// Un thème, quel que soit son catalogue.
pub fn find_theme(id: &str) -> Option<(&'static Axe, &'static Theme)> {
    all().iter().find_map(|c| c.theme(id))
}

/// Un axe, quel que soit son catalogue.
pub fn find_axe(id: &str) -> Option<&'static Axe> {
    all().iter().find_map(|c| c.axe(id))
}

/// Le catalogue s'applique-t-il à ce secteur ?
fn covers(c: &Catalogue, s: Secteur) -> bool {
    c.data.secteurs.is_empty() || c.data.secteurs.contains(&s)
}

/// Les catalogues d'un dossier : ceux des secteurs de son périmètre. Un périmètre vide garde
/// le catalogue par défaut (le premier). Point d'entrée unique du choix des catalogues (les
/// futurs « packs » régionaux s'y brancheront).
pub fn selection(d: &Dossier) -> Vec<&'static Catalogue> {
    // Un ESMS sans secteur connu compte pour les personnes handicapées (comportement
    // d'avant le volet personnes âgées).
    let secteurs: Vec<Secteur> = d
        .perimetre()
        .map(|e| crate::perimetre::regime::secteur(e).unwrap_or(Secteur::Adultes))
        .collect();
    if secteurs.is_empty() {
        return vec![catalogue()];
    }
    all()
        .iter()
        .filter(|c| secteurs.iter().any(|s| covers(c, *s)))
        .collect()
}

/// Les axes des catalogues d'un dossier, dans l'ordre.
pub fn axes_for(d: &Dossier) -> Vec<&'static Axe> {
    selection(d)
        .into_iter()
        .flat_map(|c| &c.data.axes)
        .collect()
}

/// Les catalogues réunis pour l'interface : les axes de tous les catalogues (l'interface
/// n'affiche que les axes applicables au dossier), les réponses et encarts communs.
pub fn merged() -> CatalogueDiagnostic {
    let mut out = catalogue().data.clone();
    for c in &all()[1..] {
        out.axes.extend(c.data.axes.iter().cloned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_is_versioned_complete_and_sourced() {
        let c = &catalogue().data;
        assert_eq!(c.format, "atelier-cpom/catalogue-diagnostic");
        assert_eq!(c.version, 1);
        assert_eq!(c.zones.len(), 4, "les quatre encarts de stratégie");
        let codes: Vec<&str> = c.axes.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(codes, ["1-1", "1-2", "1-3", "2", "3"]);
        let mut ids = std::collections::HashSet::new();
        for a in &c.axes {
            assert!(ids.insert(a.id.clone()), "axe en double : {}", a.id);
            let n: usize = a.themes.iter().map(|t| t.questions.len()).sum();
            assert!((4..=8).contains(&n), "{} : {n} questions", a.id);
            for t in &a.themes {
                assert!(ids.insert(t.id.clone()), "thème en double : {}", t.id);
                for q in &t.questions {
                    assert!(ids.insert(q.id.clone()), "question en double : {}", q.id);
                    assert!(
                        q.source.contains("seed 00") || q.source.contains("reference-facts"),
                        "{} : source sans document : {}",
                        q.id,
                        q.source
                    );
                    assert!(
                        q.source.contains('L') && q.source.chars().any(|c| c.is_ascii_digit()),
                        "{} : source sans lignes : {}",
                        q.id,
                        q.source
                    );
                    assert_eq!(
                        q.type_reponse == TypeReponse::Cases,
                        !q.options.is_empty(),
                        "{} : options réservées aux cases",
                        q.id
                    );
                    if let Some(al) = &q.alerte {
                        assert!(!al.si.is_empty() && al.source.contains('L'), "{}", q.id);
                    }
                }
            }
        }
        // Les axes 1-1 et 1-2 se remplissent par ESMS, selon le secteur.
        assert_eq!(catalogue().axe("axe_1_1").unwrap().niveau, NiveauAxe::Esms);
        assert_eq!(
            catalogue().axe("axe_1_2").unwrap().secteur,
            Some(Secteur::Adultes)
        );
        assert_eq!(catalogue().axe("axe_2").unwrap().niveau, NiveauAxe::Og);
        let q = catalogue().question("coop_had").unwrap();
        assert_eq!(q.axe.id, "axe_1_3");
        assert_eq!(q.question.alerte.as_ref().unwrap().regle, "V31");
    }

    #[test]
    fn pa_catalogue_is_versioned_unique_and_readably_sourced() {
        let c = &catalogue_pa().data;
        assert_eq!(c.format, "atelier-cpom/catalogue-diagnostic");
        assert_eq!((c.id.as_str(), c.version), ("diagnostic-pa", 1));
        assert_eq!(c.secteurs, vec![Secteur::PersonnesAgees]);
        let mut ids = std::collections::HashSet::new();
        for cat in all() {
            for a in &cat.data.axes {
                assert!(ids.insert(a.id.clone()), "axe en double : {}", a.id);
                for t in &a.themes {
                    assert!(ids.insert(t.id.clone()), "thème en double : {}", t.id);
                    for q in &t.questions {
                        assert!(ids.insert(q.id.clone()), "question en double : {}", q.id);
                    }
                }
            }
        }
        for a in &c.axes {
            assert_eq!(a.secteur, Some(Secteur::PersonnesAgees), "{}", a.id);
            assert!(!a.source.contains("seed"), "{}", a.source);
            for q in a.themes.iter().flat_map(|t| &t.questions) {
                // La source se lit (document et paragraphe) ; les lignes restent aux mainteneurs.
                assert!(
                    !q.source.contains("seed") && !q.source.is_empty(),
                    "{}",
                    q.id
                );
                assert!(q.lignes.contains('L') || q.lignes.contains('§'), "{}", q.id);
                if let Some(al) = &q.alerte {
                    assert!(!al.source.contains("seed"), "{}", q.id);
                }
            }
        }
        // L'axe « soins » est réservé aux établissements d'hébergement.
        assert_eq!(
            find_axe("axe_pa_soins").unwrap().categories,
            vec!["500", "501", "502"]
        );
        assert_eq!(
            find_question("pa_convention_had")
                .unwrap()
                .question
                .alerte
                .as_ref()
                .unwrap()
                .regle,
            "V31"
        );
        assert_eq!(
            merged().axes.len(),
            catalogue().data.axes.len() + c.axes.len()
        );
    }

    #[test]
    fn the_catalogues_follow_the_sectors_of_the_perimeter() {
        let ids = |d: &Dossier| -> Vec<&str> {
            selection(d).iter().map(|c| c.data.id.as_str()).collect()
        };
        assert_eq!(ids(&Dossier::default()), ["diagnostic-pdl"]);
        let pa = crate::example::pa::fixture();
        assert_eq!(ids(&pa), ["diagnostic-pa"]);
        let mut n = 0u128;
        let mut ph = crate::example::example_dossier(&mut || {
            n += 1;
            uuid::Uuid::from_u128(n)
        });
        assert_eq!(ids(&ph), ["diagnostic-pdl"]);
        ph.esms.push(pa.esms[0].clone());
        assert_eq!(ids(&ph), ["diagnostic-pdl", "diagnostic-pa"]);
        // L'axe « soins » ne s'ouvre qu'aux EHPAD : ni au SSIAD ni à la résidence autonomie.
        let soins = find_axe("axe_pa_soins").unwrap();
        let scopes = crate::diagnostic::calc::scopes(&pa, soins);
        assert_eq!(scopes.len(), 4);
    }
}
