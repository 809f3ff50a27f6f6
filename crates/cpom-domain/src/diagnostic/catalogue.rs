//! Le catalogue versionné du diagnostic (`assets/catalogues/diagnostic-pdl-v1.json`) : la
//! structure de l'annexe 2-A du classeur « Diagnostic » Pays de la Loire (axes, thèmes,
//! questions, encarts), avec une source par question. Format décrit dans `assets/README.md`.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::kernel::nomenclature::Secteur;
use crate::kernel::sources::cite_data;

const PDL_V1: &str = include_str!("../../../../assets/catalogues/diagnostic-pdl-v1.json");

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
    fn new(mut data: CatalogueDiagnostic) -> Self {
        // Les sources, écrites pour les mainteneurs, deviennent lisibles.
        let name = data.id.clone();
        let cite = |s: &mut String, at: &str| *s = cite_data(s, &format!("{name}, {at}"));
        cite(&mut data.source, "catalogue");
        for axe in &mut data.axes {
            cite(&mut axe.source, &axe.id.clone());
            for q in axe.themes.iter_mut().flat_map(|t| &mut t.questions) {
                cite(&mut q.source, &q.id.clone());
                if let Some(al) = &mut q.alerte {
                    cite(&mut al.source, &q.id.clone());
                }
            }
        }
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

static CATALOGUE: LazyLock<Catalogue> = LazyLock::new(|| {
    Catalogue::new(
        serde_json::from_str(PDL_V1)
            .unwrap_or_else(|e| panic!("catalogue diagnostic-pdl-v1.json illisible : {e}")),
    )
});

/// Le catalogue du diagnostic en vigueur.
pub fn catalogue() -> &'static Catalogue {
    &CATALOGUE
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
                        q.source.contains(" du ") || q.source.starts_with("Guide"),
                        "{} : source sans document : {}",
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
                        assert!(!al.si.is_empty() && !al.source.is_empty(), "{}", q.id);
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
}
