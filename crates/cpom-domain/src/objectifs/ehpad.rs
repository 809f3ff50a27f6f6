//! Les thématiques d'objectifs d'un CPOM « EHPAD » : la loi fixe des objectifs « en matière
//! d'activité, de qualité de prise en charge, d'accompagnement et d'intervention
//! d'établissements de santé exerçant sous la forme d'hospitalisation à domicile, y compris
//! en matière de soins palliatifs » (art. 58 de la loi n° 2015-1776, IV ter de l'art.
//! L. 313-12 CASF ; instruction DGCS, seed 000 L1358-L1361) ; l'article 3 du modèle de
//! contrat cite l'expression et la participation des résidents (L1378-L1379) et
//! l'instruction encourage les objectifs HAD et soins palliatifs (L1404-L1421).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | O-EHPAD : chaque thématique de la loi couverte par un objectif qui concerne un EHPAD ou une PUV | erreur | seed 000 L1358-L1361 |
//! | O-EHPAD : expression et participation des résidents | avertissement (exemple du modèle) | seed 000 L1378-L1379 |

use serde::Serialize;
use ts_rs::TS;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::objectifs::ThemeEhpad;
use crate::kernel::issue::Collector;
use crate::objectifs::calc::esms_of;
use crate::perimetre::regime::is_ehpad_ou_puv;

/// Une thématique et les fiches qui la couvrent.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[ts(export)]
pub struct CouvertureEhpad {
    pub theme: ThemeEhpad,
    pub libelle: String,
    /// Imposée par la loi (sinon : exemple de l'article 3 du modèle).
    pub legale: bool,
    pub objectifs: Vec<Uuid>,
}

/// La couverture des thématiques par les fiches actives qui concernent un EHPAD ou une PUV ;
/// vide si le périmètre n'en compte aucun.
pub fn coverage(d: &Dossier) -> Vec<CouvertureEhpad> {
    if !d.perimetre().any(is_ehpad_ou_puv) {
        return Vec::new();
    }
    ThemeEhpad::ALL
        .iter()
        .map(|t| CouvertureEhpad {
            theme: *t,
            libelle: t.label().into(),
            legale: t.legale(),
            objectifs: d
                .objectifs
                .actifs()
                .filter(|o| o.themes_ehpad.contains(t))
                .filter(|o| esms_of(d, o).iter().any(|e| is_ehpad_ou_puv(e)))
                .map(|o| o.id)
                .collect(),
        })
        .collect()
}

pub fn check(d: &Dossier, c: &mut Collector) {
    for m in coverage(d).iter().filter(|m| m.objectifs.is_empty()) {
        if m.legale {
            c.missing(
                "O-EHPAD",
                "objectifs.couverture_ehpad",
                format!(
                    "Aucun objectif concernant un EHPAD ou une PUV ne porte sur « {} » : la loi fixe au CPOM « EHPAD » des objectifs en matière d'activité, de qualité de prise en charge, d'accompagnement et d'intervention de l'hospitalisation à domicile, y compris en soins palliatifs.",
                    m.libelle
                ),
                "casf art. L. 313-12, IV ter (loi n° 2015-1776 du 28 décembre 2015, art. 58) ; dgcs L1358-L1361",
            );
        } else {
            c.warn(
                "O-EHPAD",
                "objectifs.couverture_ehpad",
                format!(
                    "Aucun objectif ne porte sur « {} », thématique citée par l'article 3 du modèle de contrat.",
                    m.libelle
                ),
                "arrete art. 3 du modèle de contrat ; dgcs L1378-L1379",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kernel::issue::Severity;

    fn issues(d: &Dossier) -> Vec<crate::kernel::issue::Issue> {
        let mut c = Collector::default();
        check(d, &mut c);
        c.0
    }

    #[test]
    fn legal_themes_are_covered_by_an_objective_on_an_ehpad() {
        let mut d = crate::example::pa::fixture();
        assert!(issues(&d).is_empty());
        assert!(coverage(&d).iter().all(|m| !m.objectifs.is_empty()));
        // Retirer le thème HAD de la fiche qui le porte : erreur (la loi).
        for o in &mut d.objectifs.objectifs {
            o.themes_ehpad
                .retain(|t| *t != ThemeEhpad::HadSoinsPalliatifs);
        }
        let i = issues(&d);
        assert_eq!(i.len(), 1);
        assert_eq!(i[0].severity, Severity::Erreur);
        assert!(i[0].message.contains("hospitalisation à domicile"));
        assert!(i[0].source.contains("L. 313-12, IV ter"));
        // Participation des résidents : avertissement (exemple de l'article 3 du modèle).
        for o in &mut d.objectifs.objectifs {
            o.themes_ehpad
                .retain(|t| *t != ThemeEhpad::ParticipationResidents);
        }
        assert!(
            issues(&d)
                .iter()
                .any(|i| i.severity == Severity::Avertissement && i.message.contains("résidents"))
        );
    }

    #[test]
    fn an_objective_must_concern_an_ehpad_or_a_puv() {
        let mut d = crate::example::pa::fixture();
        // La fiche « prévention » de la résidence autonomie ne couvre pas l'accompagnement
        // d'un EHPAD : on retire le thème des autres fiches.
        let ra = d.esms[crate::example::pa::RA].id;
        for o in &mut d.objectifs.objectifs {
            if o.esms != vec![ra] {
                o.themes_ehpad.retain(|t| *t != ThemeEhpad::Accompagnement);
            }
        }
        assert!(
            issues(&d)
                .iter()
                .any(|i| i.message.contains("Accompagnement"))
        );
    }

    #[test]
    fn no_check_without_ehpad() {
        let mut n = 0u128;
        let d = crate::example::example_dossier(&mut || {
            n += 1;
            Uuid::from_u128(n)
        });
        assert!(coverage(&d).is_empty());
        assert!(issues(&d).is_empty());
    }
}
