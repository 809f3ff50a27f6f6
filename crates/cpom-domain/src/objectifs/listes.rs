//! Les listes versionnées des fiches-objectifs : besoins SERAFIN-PH
//! (`assets/reference/serafin-ph-besoins.csv`) et orientations du PRS
//! (`assets/catalogues/orientations-prs-pdl-v1.json`). Des données, pas du code.

use std::sync::LazyLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

const SERAFIN: &str = include_str!("../../../../assets/reference/serafin-ph-besoins.csv");
const PRS: &str = include_str!("../../../../assets/catalogues/orientations-prs-pdl-v1.json");

/// Un besoin de la nomenclature SERAFIN-PH.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BesoinSerafin {
    pub code: String,
    /// 2 : domaine ; 3 et 4 : besoin détaillé.
    pub niveau: u8,
    pub libelle: String,
}

/// Une orientation du PRS (`parent` vide) ou un objectif opérationnel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrientationPrs {
    pub id: String,
    pub libelle: String,
    pub parent: Option<String>,
}

/// La liste versionnée des orientations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ListeOrientations {
    pub format: String,
    pub id: String,
    pub version: u32,
    pub titre: String,
    pub source: String,
    pub items: Vec<OrientationPrs>,
}

static BESOINS: LazyLock<Vec<BesoinSerafin>> = LazyLock::new(|| {
    crate::kernel::reference::data_lines(SERAFIN)
        .filter(|f| f.len() >= 3)
        .map(|f| BesoinSerafin {
            code: f[0].trim().to_string(),
            niveau: f[1].trim().parse().unwrap_or(0),
            libelle: f[2].trim().to_string(),
        })
        .collect()
});

static ORIENTATIONS: LazyLock<ListeOrientations> = LazyLock::new(|| {
    let mut l: ListeOrientations =
        serde_json::from_str(PRS).unwrap_or_else(|e| panic!("orientations-prs-pdl-v1.json : {e}"));
    l.source = crate::kernel::sources::cite_data(&l.source, "orientations-prs-pdl-v1.json");
    l
});

pub fn besoins_serafin() -> &'static [BesoinSerafin] {
    &BESOINS
}

pub fn besoin(code: &str) -> Option<&'static BesoinSerafin> {
    BESOINS.iter().find(|b| b.code == code)
}

pub fn orientations_prs() -> &'static ListeOrientations {
    &ORIENTATIONS
}

pub fn orientation(id: &str) -> Option<&'static OrientationPrs> {
    ORIENTATIONS.items.iter().find(|o| o.id == id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_loaded_unique_and_linked() {
        let b = besoins_serafin();
        assert!(b.len() >= 25, "{}", b.len());
        assert_eq!(besoin("1.3.3.2").unwrap().libelle, "Travail et emploi");
        let mut codes: Vec<_> = b.iter().map(|x| &x.code).collect();
        codes.dedup();
        assert_eq!(codes.len(), b.len());
        let o = orientations_prs();
        assert_eq!(o.version, 1);
        assert!(
            o.source
                .starts_with("Guide méthodologique CPOM PH de l'ARS Pays de la Loire")
        );
        for i in &o.items {
            if let Some(p) = &i.parent {
                assert!(
                    orientation(p).is_some_and(|x| x.parent.is_none()),
                    "{}",
                    i.id
                );
            }
        }
        assert!(orientation("inconnue").is_none());
    }
}
