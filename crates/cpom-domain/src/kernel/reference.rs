//! Listes de référence embarquées (données de `assets/reference/`, lues à la compilation).
//! Aucune E/S à l'exécution : le domaine reste pur.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Serialize;
use ts_rs::TS;

use crate::kernel::nomenclature::{Competence, Secteur};

const TRE_R66: &str = include_str!("../../../../assets/reference/finess-categories-tre-r66.csv");
const CPOM_CATEGORIES: &str = include_str!("../../../../assets/reference/categories-cpom.csv");
const CHANGES: &str = include_str!("../../../../assets/reference/finess-category-changes.csv");
const GEO: &str = include_str!("../../../../assets/reference/regions-departements.csv");

/// Régime CPOM d'une catégorie (voir `assets/reference/categories-cpom.csv`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Regime {
    L313_12_2,
    IvTer,
    NonSoumis,
    Exclu,
    Facultatif,
}

/// Une catégorie FINESS telle que l'application la propose.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Category {
    pub code: String,
    pub libelle: String,
    /// Libellé court (IME, SESSAD…) quand la catégorie est courante en CPOM.
    pub sigle: Option<String>,
    pub ouverte: bool,
    pub date_fermeture: Option<String>,
    /// Catégorie de remplacement d'une catégorie fermée (437 → 448…).
    pub remplacement: Option<String>,
    pub secteur: Option<Secteur>,
    pub competence: Option<Competence>,
    pub regime: Option<Regime>,
    /// Proposée dans la liste de saisie (catégorie ouverte et utile à un CPOM médico-social).
    pub proposee: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Departement {
    pub code: String,
    pub nom: String,
    pub region: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct Region {
    pub code: String,
    pub nom: String,
}

pub struct Reference {
    pub categories: BTreeMap<String, Category>,
    pub departements: Vec<Departement>,
    pub regions: Vec<Region>,
}

pub(crate) fn data_lines(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .skip(1) // en-tête
        .map(|l| l.split(';').collect())
}

fn build() -> Reference {
    let mut categories = BTreeMap::new();
    for f in data_lines(TRE_R66) {
        let code = f[0].to_string();
        categories.insert(
            code.clone(),
            Category {
                code,
                libelle: f[1].to_string(),
                sigle: None,
                ouverte: f[2] == "ouverte",
                date_fermeture: f.get(3).filter(|d| !d.is_empty()).map(|d| d.to_string()),
                remplacement: None,
                secteur: None,
                competence: None,
                regime: None,
                proposee: false,
            },
        );
    }
    for f in data_lines(CHANGES) {
        if let Some(c) = categories.get_mut(f[0]) {
            if !f[1].is_empty() {
                c.ouverte = false;
                c.date_fermeture = Some(f[1].to_string());
            }
            if !f[2].is_empty() {
                c.remplacement = Some(f[2].to_string());
            }
            if !f[3].is_empty() {
                c.libelle = f[3].to_string();
            }
        }
    }
    for f in data_lines(CPOM_CATEGORIES) {
        if let Some(c) = categories.get_mut(f[0]) {
            c.sigle = Some(f[1].to_string());
            c.secteur = Secteur::from_code(f[2]);
            c.competence = Competence::from_code(f[3]);
            c.regime = match f[4] {
                "l313_12_2" => Some(Regime::L313_12_2),
                "iv_ter" => Some(Regime::IvTer),
                "non_soumis" => Some(Regime::NonSoumis),
                "exclu" => Some(Regime::Exclu),
                "facultatif" => Some(Regime::Facultatif),
                _ => None,
            };
            c.proposee = c.ouverte;
        }
    }
    let mut departements = Vec::new();
    let mut regions: Vec<Region> = Vec::new();
    for f in data_lines(GEO) {
        departements.push(Departement {
            code: f[0].to_string(),
            nom: f[1].to_string(),
            region: f[2].to_string(),
        });
        if !regions.iter().any(|r| r.code == f[2]) {
            regions.push(Region {
                code: f[2].to_string(),
                nom: f[3].to_string(),
            });
        }
    }
    regions.sort_by(|a, b| a.nom.cmp(&b.nom));
    Reference {
        categories,
        departements,
        regions,
    }
}

static REFERENCE: LazyLock<Reference> = LazyLock::new(build);

/// Les listes de référence (construites une fois).
pub fn reference() -> &'static Reference {
    &REFERENCE
}

impl Reference {
    pub fn category(&self, code: &str) -> Option<&Category> {
        self.categories.get(code)
    }
    pub fn departement(&self, code: &str) -> Option<&Departement> {
        self.departements.iter().find(|d| d.code == code)
    }
    pub fn region(&self, code: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.code == code)
    }
    /// Libellé d'affichage d'une catégorie : « 183 — IME (Institut Médico-Educatif…) ».
    pub fn category_label(&self, code: &str) -> String {
        match self.category(code) {
            Some(c) => match &c.sigle {
                Some(s) => format!("{code} — {s}"),
                None => format!("{code} — {}", c.libelle),
            },
            None => code.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tre_r66_is_loaded_with_overlay() {
        let r = reference();
        assert!(r.categories.len() > 250, "{}", r.categories.len());
        let fam = r.category("437").unwrap();
        assert!(!fam.ouverte);
        assert_eq!(fam.remplacement.as_deref(), Some("448"));
        assert_eq!(
            r.category("382").unwrap().remplacement.as_deref(),
            Some("449")
        );
        let ime = r.category("183").unwrap();
        assert!(ime.ouverte && ime.proposee);
        assert_eq!(ime.competence, Some(Competence::Ars));
        assert_eq!(ime.secteur, Some(Secteur::Enfance));
        assert!(!fam.proposee, "une catégorie fermée n'est pas proposée");
        assert_eq!(
            r.category("460").unwrap().libelle,
            "Service autonomie aide (SAA)"
        );
    }

    #[test]
    fn every_cpom_category_exists_in_tre_r66() {
        for f in data_lines(CPOM_CATEGORIES) {
            assert!(
                reference().category(f[0]).is_some(),
                "catégorie inconnue {}",
                f[0]
            );
            assert!(Secteur::from_code(f[2]).is_some(), "{}", f[2]);
            assert!(Competence::from_code(f[3]).is_some(), "{}", f[3]);
        }
    }

    #[test]
    fn geography() {
        let r = reference();
        assert_eq!(r.departements.len(), 101);
        assert_eq!(r.regions.len(), 18);
        assert_eq!(r.departement("44").unwrap().region, "52");
        assert_eq!(r.region("52").unwrap().nom, "Pays de la Loire");
    }
}
