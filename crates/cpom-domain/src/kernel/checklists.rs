//! Les check-lists versionnées (`assets/catalogues/*.json`) : points de la réunion de
//! lancement (guide ANAP §7.3) et contrôles de conformité avant signature (instruction DGCS
//! §8.4). Des données, pas du code : une ARS peut les faire varier, la version est gardée.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::kernel::sources::cite_data;
use ts_rs::TS;

const LANCEMENT: &str = include_str!("../../../../assets/catalogues/checklist-lancement-v1.json");
const CONFORMITE: &str = include_str!("../../../../assets/catalogues/conformite-v1.json");
const ANNEXES: &str = include_str!("../../../../assets/catalogues/annexes-contrat-v2.json");

/// À quels dossiers un point s'applique.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Applicabilite {
    #[default]
    Toujours,
    /// Seulement si le périmètre comprend un EHPAD ou une PUV.
    Ehpad,
    /// Seulement si un ESMS du périmètre est habilité à l'aide sociale (V24).
    HabilitationAideSociale,
    /// Seulement si les frais de siège sont intégrés au contrat (V25).
    FraisSiege,
}

/// Un point de check-list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChecklistItem {
    pub id: String,
    pub libelle: String,
    /// Précision affichée sous le libellé.
    #[serde(default)]
    pub aide: String,
    pub source: String,
    #[serde(default)]
    pub applicable: Applicabilite,
    /// Nature de l'annexe (1, 2 ou 3 : arrêté du 3 mars 2017) pour la liste des annexes.
    #[serde(default)]
    pub nature: Option<u8>,
}

/// Une check-list versionnée.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Checklist {
    pub format: String,
    pub id: String,
    pub version: u32,
    pub titre: String,
    pub source: String,
    pub items: Vec<ChecklistItem>,
}

impl Checklist {
    pub fn item(&self, id: &str) -> Option<&ChecklistItem> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Lit une check-list ; ses sources (écrites pour les mainteneurs) deviennent lisibles.
fn load(text: &str, name: &str) -> Checklist {
    let mut c: Checklist =
        serde_json::from_str(text).unwrap_or_else(|e| panic!("catalogue {name} illisible : {e}"));
    c.source = cite_data(&c.source, name);
    for i in &mut c.items {
        i.source = cite_data(&i.source, &format!("{name}, {}", i.id));
    }
    c
}

static LANCEMENT_LIST: LazyLock<Checklist> =
    LazyLock::new(|| load(LANCEMENT, "checklist-lancement-v1.json"));
static CONFORMITE_LIST: LazyLock<Checklist> =
    LazyLock::new(|| load(CONFORMITE, "conformite-v1.json"));

static ANNEXES_LIST: LazyLock<Checklist> =
    LazyLock::new(|| load(ANNEXES, "annexes-contrat-v2.json"));

/// Les annexes du contrat et leur nature (étape Signature).
pub fn checklist_annexes() -> &'static Checklist {
    &ANNEXES_LIST
}

/// La check-list de la réunion de lancement.
pub fn checklist_lancement() -> &'static Checklist {
    &LANCEMENT_LIST
}

/// Les contrôles de conformité du diagnostic (preuves, pas objectifs).
pub fn checklist_conformite() -> &'static Checklist {
    &CONFORMITE_LIST
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checklists_are_versioned_sourced_and_unique() {
        for c in [
            checklist_lancement(),
            checklist_conformite(),
            checklist_annexes(),
        ] {
            assert_eq!(c.format, "atelier-cpom/checklist");
            assert!(c.version >= 1, "{}", c.id);
            assert!(c.items.len() >= 4, "{}", c.id);
            let mut ids: Vec<&str> = c.items.iter().map(|i| i.id.as_str()).collect();
            ids.sort();
            ids.dedup();
            assert_eq!(
                ids.len(),
                c.items.len(),
                "identifiants en double dans {}",
                c.id
            );
            for i in &c.items {
                assert!(!i.libelle.is_empty(), "{}", i.id);
                assert!(
                    i.source.contains(" du ") || i.source.starts_with("Guide"),
                    "source sans document : {} {}",
                    i.id,
                    i.source
                );
                assert_eq!(
                    crate::kernel::sources::unreadable(&i.source),
                    None,
                    "{}",
                    i.id
                );
            }
        }
        assert!(checklist_lancement().item("compte_rendu").is_some());
        for i in &checklist_annexes().items {
            assert!(matches!(i.nature, Some(1..=3)), "nature : {}", i.id);
        }
        assert!(
            checklist_conformite()
                .item("pv_commission_securite")
                .is_some()
        );
    }
}
