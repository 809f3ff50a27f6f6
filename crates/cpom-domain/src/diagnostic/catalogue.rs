//! Les catalogues versionnés du diagnostic (`assets/catalogues/diagnostic-*.json`) : axes,
//! thèmes, questions et encarts, avec une source par question ; même format et même moteur
//! pour tous. Format décrit dans `assets/README.md`.
//! - `diagnostic-pdl` : l'annexe 2-A du classeur « Diagnostic » Pays de la Loire (CPOM PH) ;
//! - `diagnostic-national` et `diagnostic-national-ph` : le diagnostic partagé du socle
//!   national (tous les ESMS ; ceux pour personnes handicapées) ;
//! - `diagnostic-pa` : les établissements et services pour personnes âgées (activité, soins
//!   et dépendance, droits et prévention, personnel).
//!
//! **Un seul mécanisme choisit les catalogues d'un dossier** : le pack régional
//! (`assets/packs/<id>.json`, `diagnostic.catalogues`) les nomme, le cas échéant pour
//! certains secteurs d'ESMS seulement ([`axes_actifs`]). Les identifiants sont uniques d'un
//! catalogue à l'autre : une réponse reste rattachée à sa question quel que soit le pack du
//! dossier ou les secteurs de son périmètre ([`catalogue`]).

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::dossier::Dossier;
use crate::dossier::perimetre::Esms;
use crate::kernel::nomenclature::Secteur;
use crate::kernel::sources::cite_data;
use crate::perimetre::regime;

/// Les catalogues livrés, dans l'ordre de présentation.
const SOURCES: [(&str, &str); 4] = [
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
    (
        "diagnostic-pa-v1.json",
        include_str!("../../../../assets/catalogues/diagnostic-pa-v1.json"),
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
        secteurs: Vec::new(),
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
/// identifiant ; ce que l'interface reçoit : elle n'affiche que les axes applicables).
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

/// Le secteur d'un ESMS pour le choix des catalogues et des axes : déclaré, sinon déduit de
/// sa catégorie FINESS ; inconnu, il compte pour les personnes handicapées (comme son
/// enveloppe : comportement d'avant le volet personnes âgées).
pub fn secteur_esms(e: &Esms) -> Secteur {
    regime::secteur(e).unwrap_or(Secteur::Adultes)
}

/// Un axe qui s'applique au dossier, avec les secteurs auxquels le pack réserve son
/// catalogue (vide : tous).
#[derive(Debug, Clone, Copy)]
pub struct AxeActif {
    pub axe: &'static Axe,
    pub secteurs: &'static [Secteur],
}

/// Les catalogues du pack du dossier qui s'appliquent, dans l'ordre du pack, chacun avec les
/// secteurs auxquels il est réservé : un catalogue réservé à des secteurs ne s'applique que
/// si le périmètre compte un ESMS de l'un d'eux (le catalogue PA aux ESMS pour personnes
/// âgées, celui du guide Pays de la Loire aux ESMS pour personnes handicapées). Un périmètre
/// vide garde le premier catalogue du pack s'il n'en a aucun pour tous les secteurs.
pub fn catalogues_actifs(d: &Dossier) -> Vec<(&'static Catalogue, &'static [Secteur])> {
    let refs = &d.pack().diagnostic.catalogues;
    let secteurs: Vec<Secteur> = d.perimetre().map(secteur_esms).collect();
    let mut chosen: Vec<_> = refs
        .iter()
        .filter(|r| r.secteurs.is_empty() || secteurs.iter().any(|s| r.secteurs.contains(s)))
        .collect();
    if chosen.is_empty() && secteurs.is_empty() {
        chosen.extend(refs.first());
    }
    chosen
        .into_iter()
        .filter_map(|r| Some((catalogue_by_id(&r.id)?, r.secteurs.as_slice())))
        .collect()
}

/// Les axes des catalogues du pack qui s'appliquent au dossier, dans l'ordre.
pub fn axes_actifs(d: &Dossier) -> Vec<AxeActif> {
    catalogues_actifs(d)
        .into_iter()
        .flat_map(|(c, secteurs)| {
            c.data
                .axes
                .iter()
                .map(move |axe| AxeActif { axe, secteurs })
        })
        .collect()
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

    #[test]
    fn pa_catalogue_is_versioned_and_readably_sourced() {
        let c = &catalogue_by_id("diagnostic-pa").unwrap().data;
        assert_eq!((c.id.as_str(), c.version), ("diagnostic-pa", 1));
        assert_eq!(c.secteurs, vec![Secteur::PersonnesAgees]);
        for a in &c.axes {
            assert_eq!(a.secteur, Some(Secteur::PersonnesAgees), "{}", a.id);
            assert_eq!(crate::kernel::sources::unreadable(&a.source), None);
            for q in a.themes.iter().flat_map(|t| &t.questions) {
                // Cité à travers `kernel/sources.rs` : le titre du document et sa partie.
                assert!(
                    q.source.starts_with("Instruction n° DGCS")
                        || q.source.starts_with("Tableau de bord")
                        || q.source.starts_with("Guide ANAP")
                        || q.source.starts_with("Arrêté du 3 mars 2017"),
                    "{} : {}",
                    q.id,
                    q.source
                );
                if let Some(al) = &q.alerte {
                    assert_eq!(crate::kernel::sources::unreadable(&al.source), None);
                }
            }
        }
        // L'axe « soins » est réservé aux établissements d'hébergement.
        assert_eq!(
            catalogue().axe("axe_pa_soins").unwrap().categories,
            vec!["500", "501", "502"]
        );
        let q = catalogue().question("pa_convention_had").unwrap();
        assert_eq!(q.question.alerte.as_ref().unwrap().regle, "V31");
    }

    #[test]
    fn packs_apply_their_catalogues_to_the_sectors_of_the_perimeter() {
        // Un pack ne réserve un catalogue qu'aux secteurs pour lesquels il est écrit.
        for p in crate::kernel::pack::packs() {
            for r in &p.diagnostic.catalogues {
                let declared = &catalogue_by_id(&r.id).unwrap().data.secteurs;
                if !declared.is_empty() {
                    assert!(
                        !r.secteurs.is_empty() && r.secteurs.iter().all(|s| declared.contains(s)),
                        "pack {} : catalogue {} hors de ses secteurs",
                        p.id,
                        r.id
                    );
                }
            }
        }
        let ids = |d: &Dossier| -> Vec<&str> {
            catalogues_actifs(d)
                .iter()
                .map(|(c, _)| c.data.id.as_str())
                .collect()
        };
        assert_eq!(ids(&Dossier::default()), ["diagnostic-national"]);
        let mut pdl = Dossier::default();
        pdl.cpom.region = Some("52".into());
        assert_eq!(ids(&pdl), ["diagnostic-pdl"], "périmètre vide");
        // L'exemple PA (Occitanie) : socle national et catalogue PA, rien du guide PdL.
        let pa = crate::example::pa::fixture();
        assert_eq!(pa.pack().id, "national");
        assert_eq!(ids(&pa), ["diagnostic-national", "diagnostic-pa"]);
        let mut n = 0u128;
        let mut ph = crate::example::example_dossier(&mut || {
            n += 1;
            uuid::Uuid::from_u128(n)
        });
        assert_eq!(ids(&ph), ["diagnostic-pdl"]);
        ph.esms.push(pa.esms[0].clone());
        assert_eq!(ids(&ph), ["diagnostic-pdl", "diagnostic-pa"]);
        // Un dossier PA seul sous le pack Pays de la Loire : le catalogue PA seulement.
        let mut pa_pdl = pa.clone();
        pa_pdl.cpom.pack = Some("pdl".into());
        assert_eq!(ids(&pa_pdl), ["diagnostic-pa"]);
        // Le dossier PH passé en Occitanie : socle national et son volet PH.
        ph.esms.pop();
        ph.cpom.pack = Some("national".into());
        assert_eq!(ids(&ph), ["diagnostic-national", "diagnostic-national-ph"]);
        // L'axe « soins » ne s'ouvre qu'aux EHPAD : ni au SSIAD ni à la résidence autonomie.
        let soins = axes_actifs(&pa)
            .into_iter()
            .find(|a| a.axe.id == "axe_pa_soins")
            .unwrap();
        let scopes = crate::diagnostic::calc::scopes(&pa, soins.axe, soins.secteurs);
        assert_eq!(scopes.len(), 4);
    }
}
