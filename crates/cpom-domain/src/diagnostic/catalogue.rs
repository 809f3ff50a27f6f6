//! Les catalogues versionnés du diagnostic (`assets/catalogues/diagnostic-*.json`) : axes,
//! thèmes, questions et encarts, avec une source par question. Format décrit dans
//! `assets/README.md`. Chaque pack régional dit lesquels s'appliquent à un dossier, le cas
//! échéant pour certains secteurs seulement ([`axes_actifs`]) : annexe 2-A du classeur
//! « Diagnostic » Pays de la Loire (`diagnostic-pdl`), diagnostic partagé du socle national
//! (`diagnostic-national`, et `diagnostic-national-ph` pour les ESMS PH). Les identifiants
//! sont uniques d'un catalogue à l'autre : une réponse reste rattachée à sa question quel
//! que soit le pack du dossier.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::kernel::nomenclature::Secteur;
use crate::kernel::sources::cite_data;

/// Les catalogues livrés, dans l'ordre de présentation.
const SOURCES: [(&str, &str); 3] = [
    (
        "diagnostic-pdl-v1.json",
        include_str!("../../../../assets/catalogues/diagnostic-pdl-v1.json"),
    ),
    (
        "diagnostic-national-v1.json",
        include_str!("../../../../assets/catalogues/diagnostic-national-v1.json"),
    ),
    (
        "diagnostic-national-ph-v1.json",
        include_str!("../../../../assets/catalogues/diagnostic-national-ph-v1.json"),
    ),
];

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
    fn index(data: CatalogueDiagnostic) -> Self {
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
        Self::index(data)
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

static CATALOGUES: LazyLock<Vec<Catalogue>> = LazyLock::new(|| {
    SOURCES
        .iter()
        .map(|(name, text)| {
            Catalogue::new(
                serde_json::from_str(text)
                    .unwrap_or_else(|e| panic!("catalogue {name} illisible : {e}")),
            )
        })
        .collect()
});

/// Tous les catalogues réunis : une question, un thème ou un axe se retrouve par son
/// identifiant quel que soit son catalogue (réponses saisies sous un autre pack comprises).
static ALL: LazyLock<Catalogue> = LazyLock::new(|| {
    let first = &CATALOGUES[0].data;
    Catalogue::index(CatalogueDiagnostic {
        format: first.format.clone(),
        id: "tous".into(),
        version: 1,
        titre: "Tous les catalogues du diagnostic".into(),
        region: String::new(),
        source: String::new(),
        reponses_oui_non: first.reponses_oui_non.clone(),
        zones: first.zones.clone(),
        axes: CATALOGUES
            .iter()
            .flat_map(|c| c.data.axes.iter().cloned())
            .collect(),
    })
});

/// Tous les catalogues réunis (recherche d'une question, d'un thème ou d'un axe par son
/// identifiant ; ce que l'interface reçoit).
pub fn catalogue() -> &'static Catalogue {
    &ALL
}

/// Les catalogues livrés.
pub fn catalogues() -> &'static [Catalogue] {
    &CATALOGUES
}

/// Un catalogue par son identifiant.
pub fn catalogue_by_id(id: &str) -> Option<&'static Catalogue> {
    catalogues().iter().find(|c| c.data.id == id)
}

/// Un axe qui s'applique au dossier, avec les secteurs auxquels son catalogue est réservé
/// (vide : tous).
#[derive(Debug, Clone, Copy)]
pub struct AxeActif {
    pub axe: &'static Axe,
    pub secteurs: &'static [Secteur],
}

/// Les axes des catalogues du pack du dossier, dans l'ordre ; un catalogue réservé à des
/// secteurs ne s'applique que si le périmètre compte un ESMS de l'un d'eux.
pub fn axes_actifs(d: &Dossier) -> Vec<AxeActif> {
    let mut out = Vec::new();
    for r in &d.pack().diagnostic.catalogues {
        let Some(c) = catalogue_by_id(&r.id) else {
            continue;
        };
        let present = r.secteurs.is_empty()
            || d.perimetre()
                .any(|e| e.secteur.is_some_and(|s| r.secteurs.contains(&s)));
        if present {
            out.extend(c.data.axes.iter().map(|axe| AxeActif {
                axe,
                secteurs: &r.secteurs,
            }));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_are_unique_across_catalogues() {
        let mut ids = std::collections::HashSet::new();
        for c in catalogues() {
            assert_eq!(c.data.format, "atelier-cpom/catalogue-diagnostic");
            for a in &c.data.axes {
                assert!(ids.insert(a.id.clone()), "axe en double : {}", a.id);
                for t in &a.themes {
                    assert!(ids.insert(t.id.clone()), "thème en double : {}", t.id);
                    for q in &t.questions {
                        assert!(ids.insert(q.id.clone()), "question en double : {}", q.id);
                        assert_eq!(crate::kernel::sources::unreadable(&q.source), None);
                    }
                }
            }
        }
        // Chaque pack ne nomme que des catalogues livrés.
        for p in crate::kernel::pack::packs() {
            for r in &p.diagnostic.catalogues {
                assert!(catalogue_by_id(&r.id).is_some(), "{} : {}", p.id, r.id);
            }
        }
        assert!(catalogue().question("nat_es_hc").is_some());
        assert!(catalogue().question("coop_had").is_some());
    }

    #[test]
    fn catalogue_is_versioned_complete_and_sourced() {
        let c = &catalogue_by_id("diagnostic-pdl").unwrap().data;
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
