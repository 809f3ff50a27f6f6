//! Règles du périmètre propres aux établissements et services pour personnes âgées et au
//! signataire d'un CPOM « EHPAD », chacune avec sa source (lignes de l'instruction DGCS du
//! 21 mars 2017, seed 000, pour les mainteneurs ; l'utilisateur lit le titre et le
//! paragraphe).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | V19 : mode de financement des soins d'une PUV précisé | erreur | seed 000 L1214-L1219 (art. D. 313-17) |
//! | V32 : GMP et PMP validés, datés ; validation après le 30 juin N : compte pour N+2 | avertissement | seed 000 L1043-L1049 (art. R. 314-170-2, R. 314-170-4) |
//! | V10 : le signataire est titulaire des autorisations, ou la société contrôlante (CPOM « EHPAD » seulement) | erreur | seed 000 L1429, L1442-L1446, L1480-L1484, L1496-L1501 |
//! | PA-OPTION : option tarifaire d'un EHPAD renseignée | avertissement | seed 000 L1635-L1648 (le contrat la mentionne ; changement par avenant) |
//! | PA-CTP : échéance de la convention tripartite ; la plus brève échéance est à privilégier | information | seed 000 L1012-L1020 |
//! | PA-HABILITATION : habilitation partielle → places habilitées ; convention L. 342-3-1 datée | erreur / avertissement | seed 000 L667-L678, L1667-L1676 |

use chrono::{Datelike, NaiveDate};

use crate::dossier::Dossier;
use crate::dossier::perimetre::{BaseJuridique, Esms, HabilitationAideSociale};
use crate::kernel::format::date_long;
use crate::kernel::issue::Collector;
use crate::perimetre::regime::{RegimeFinancement, is_ehpad_ou_puv, is_puv, regime};

fn p(e: &Esms, f: &str) -> String {
    format!("esms.{}.{f}", e.id)
}

fn nom(e: &Esms) -> &str {
    if e.nom.trim().is_empty() {
        "ESMS sans nom"
    } else {
        e.nom.trim()
    }
}

/// Les règles « personnes âgées » et signataire du périmètre.
pub fn check(d: &Dossier, c: &mut Collector) {
    signataire(d, c);
    for e in d.perimetre() {
        puv(e, c);
        if regime(e) == Some(RegimeFinancement::Gmps) {
            coupes(d, e, c);
        }
        if regime(e) == Some(RegimeFinancement::Gmps)
            && !is_puv(e)
            && e.pa.option_tarifaire.is_none()
        {
            c.warn(
                "PA-OPTION",
                p(e, "pa.option_tarifaire"),
                format!(
                    "{} : précisez l'option tarifaire (tarif global ou partiel, avec ou sans pharmacie à usage intérieur) ; le contrat la mentionne et son changement passe par un avenant.",
                    nom(e)
                ),
                "dgcs L1635-L1648 : changement d'option tarifaire",
            );
        }
        habilitation(e, c);
    }
    conventions_tripartites(d, c);
}

/// V19 : le mode de financement des soins d'une petite unité de vie.
fn puv(e: &Esms, c: &mut Collector) {
    if is_puv(e) && e.pa.mode_soins_puv.is_none() {
        c.missing(
            "V19",
            p(e, "pa.mode_soins_puv"),
            format!(
                "{} est une petite unité de vie : le contrat précise le mode de financement de ses soins (GMPS, forfait soins ou recours à un SSIAD).",
                nom(e)
            ),
            "dgcs L1214-L1219 ; casf art. D. 313-17",
        );
    }
}

/// Le premier exercice pour lequel une coupe validée à `date` est prise en compte : N+1 si
/// elle est validée au plus tard le 30 juin N, sinon N+2 (seed 000 L1043-L1049).
pub fn exercice_pris_en_compte(date: NaiveDate) -> i32 {
    let limite = NaiveDate::from_ymd_opt(date.year(), 6, 30);
    if limite.is_some_and(|l| date <= l) {
        date.year() + 1
    } else {
        date.year() + 2
    }
}

/// V32 : GMP et PMP validés et datés ; une validation après le 30 juin ne compte pas pour
/// l'exercice suivant.
fn coupes(d: &Dossier, e: &Esms, c: &mut Collector) {
    let src = "dgcs L1043-L1049 ; casf art. R. 314-170-2 et R. 314-170-4";
    for (what, valeur, date, field) in [
        (
            "GIR moyen pondéré (GMP)",
            e.pa.gmp,
            e.pa.gmp_date_validation,
            "gmp",
        ),
        (
            "PATHOS moyen pondéré (PMP)",
            e.pa.pmp,
            e.pa.pmp_date_validation,
            "pmp",
        ),
    ] {
        match (valeur, date) {
            (None, _) => c.warn(
                "V32",
                p(e, &format!("pa.{field}")),
                format!(
                    "{} : indiquez le dernier {what} validé ; il fonde le forfait global relatif aux soins.",
                    nom(e)
                ),
                src,
            ),
            (Some(_), None) => c.warn(
                "V32",
                p(e, &format!("pa.{field}_date_validation")),
                format!(
                    "{} : indiquez la date de validation du {what} : validé au plus tard le 30 juin d'une année, il compte pour l'exercice suivant.",
                    nom(e)
                ),
                src,
            ),
            (Some(_), Some(dt)) => {
                let compte = exercice_pris_en_compte(dt);
                if compte == dt.year() + 2 {
                    c.warn(
                        "V32",
                        p(e, &format!("pa.{field}_date_validation")),
                        format!(
                            "{} : {what} validé le {}, après le 30 juin {} : il ne compte qu'à partir de l'exercice {compte}, pas {}.",
                            nom(e),
                            date_long(dt),
                            dt.year(),
                            dt.year() + 1
                        ),
                        src,
                    );
                } else if let Some(effet) = d.cpom.date_effet
                    && compte > effet.year()
                {
                    c.warn(
                        "V32",
                        p(e, &format!("pa.{field}_date_validation")),
                        format!(
                            "{} : {what} validé le {} : il compte à partir de l'exercice {compte}, après la première année du contrat ({}).",
                            nom(e),
                            date_long(dt),
                            effet.year()
                        ),
                        src,
                    );
                }
            }
        }
    }
}

fn same_name(a: &str, b: &str) -> bool {
    let n = |s: &str| {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    n(a) == n(b)
}

/// V10 : le CPOM est signé par le titulaire des autorisations ; la société qui exerce un
/// contrôle exclusif peut signer pour ses sociétés contrôlées, pour le seul CPOM « EHPAD ».
fn signataire(d: &Dossier, c: &mut Collector) {
    let src = "casf art. L. 313-12, IV ter ; dgcs L1429, L1442-L1446, L1480-L1484, L1496-L1501";
    let o = &d.organisme;
    let ehpad = d.cpom.base_juridique == Some(BaseJuridique::IvTerL313_12);
    if o.societe_controlante && d.cpom.base_juridique.is_some() && !ehpad {
        c.error(
            "V10",
            "organisme.societe_controlante",
            "Une société contrôlante ne signe pour ses sociétés contrôlées que le CPOM « EHPAD » (IV ter de l'article L. 313-12) : changez la base juridique ou faites signer chaque titulaire d'autorisation.",
            src,
        );
    }
    for e in d.perimetre() {
        let t = e.titulaire_autorisation.trim();
        if t.is_empty() || same_name(t, &o.raison_sociale) {
            continue;
        }
        if !o.societe_controlante {
            c.error(
                "V10",
                p(e, "titulaire_autorisation"),
                format!(
                    "{} est autorisé au nom de « {t} » : le CPOM est signé par le titulaire de l'autorisation. Si {} exerce le contrôle exclusif de cette société, indiquez-le (CPOM « EHPAD ») ; sinon, l'établissement n'entre au périmètre qu'une fois l'autorisation transférée.",
                    nom(e),
                    if o.raison_sociale.trim().is_empty() {
                        "l'organisme"
                    } else {
                        o.raison_sociale.trim()
                    }
                ),
                src,
            );
        } else if ehpad && !is_ehpad_ou_puv(e) {
            c.warn(
                "V10",
                p(e, "titulaire_autorisation"),
                format!(
                    "{} est autorisé au nom de la société contrôlée « {t} » : la loi permet à la société contrôlante de signer pour les sociétés contrôlées qui gèrent un EHPAD ; vérifiez que c'est le cas.",
                    nom(e)
                ),
                src,
            );
        }
    }
}

/// PA-HABILITATION : le contrat vaut habilitation ; une habilitation partielle précise ses
/// places, une convention L. 342-3-1 sa date.
fn habilitation(e: &Esms, c: &mut Collector) {
    let src = "dgcs L667-L678, L1667-L1676";
    match e.habilitation_aide_sociale {
        Some(HabilitationAideSociale::Partielle) => match e.places_habilitees_aide_sociale {
            None => c.missing(
                "PA-HABILITATION",
                p(e, "places_habilitees_aide_sociale"),
                format!(
                    "{} : habilitation partielle à l'aide sociale ; indiquez le nombre de places habilitées (le contrat vaut habilitation).",
                    nom(e)
                ),
                src,
            ),
            Some(n) if n > e.capacites.total_autorisee() && e.capacites.total_autorisee() > 0 => {
                c.warn(
                    "PA-HABILITATION",
                    p(e, "places_habilitees_aide_sociale"),
                    format!(
                        "{} : {n} places habilitées pour {} places autorisées.",
                        nom(e),
                        e.capacites.total_autorisee()
                    ),
                    src,
                )
            }
            _ => {}
        },
        Some(HabilitationAideSociale::ConventionL342_3_1)
            if e.pa.date_convention_aide_sociale.is_none() =>
        {
            c.warn(
                "PA-HABILITATION",
                p(e, "pa.date_convention_aide_sociale"),
                format!(
                    "{} : indiquez la date de la convention d'aide sociale (art. L. 342-3-1) ; l'annexe d'habilitation la reprend.",
                    nom(e)
                ),
                src,
            );
        }
        _ => {}
    }
}

/// PA-CTP : l'échéance des conventions tripartites, auxquelles le CPOM met fin à son entrée
/// en vigueur (article 8 du modèle) ; la plus brève échéance est à privilégier.
fn conventions_tripartites(d: &Dossier, c: &mut Collector) {
    if d.cpom.base_juridique != Some(BaseJuridique::IvTerL313_12) {
        return;
    }
    let src = "dgcs L1012-L1020";
    let ehpad: Vec<&Esms> = d.perimetre().filter(|e| is_ehpad_ou_puv(e)).collect();
    for e in &ehpad {
        if e.pa.ctp_date_signature.is_some() && e.pa.ctp_date_echeance.is_none() {
            c.info(
                "PA-CTP",
                p(e, "pa.ctp_date_echeance"),
                format!(
                    "{} : indiquez l'échéance de la convention tripartite ; le contrat y met fin à son entrée en vigueur.",
                    nom(e)
                ),
                src,
            );
        }
    }
    // La plus brève échéance est à privilégier : le point n'a de sens que si le contrat
    // commence après une échéance alors qu'une autre convention court encore.
    let mut echeances: Vec<(NaiveDate, &Esms)> = ehpad
        .iter()
        .filter_map(|e| e.pa.ctp_date_echeance.map(|x| (x, *e)))
        .collect();
    echeances.sort_by_key(|(x, _)| *x);
    if let (Some((fin, e)), Some((derniere, _)), Some(effet)) =
        (echeances.first(), echeances.last(), d.cpom.date_effet)
        && effet > *fin
        && effet <= *derniere
    {
        c.info(
            "PA-CTP",
            "cpom.date_effet",
            format!(
                "{} : sa convention tripartite arrive à échéance le {}, avant la date d'effet du contrat ({}) ; l'instruction invite à retenir la plus brève échéance pour faire entrer tous les établissements dans le contrat.",
                nom(e),
                date_long(*fin),
                date_long(effet)
            ),
            src,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::perimetre::ModeSoinsPuv;
    use crate::example::pa::{AMANDIERS, PUV, SAINT_CLEMENT, TERRASSES, fixture};
    use crate::kernel::issue::{Issue, Severity};

    fn issues(d: &Dossier) -> Vec<Issue> {
        let mut c = Collector::default();
        check(d, &mut c);
        c.0
    }

    fn has(d: &Dossier, rule: &str) -> bool {
        issues(d).iter().any(|i| i.rule == rule)
    }

    #[test]
    fn v19_puv_needs_its_care_funding_mode() {
        let mut d = fixture();
        assert!(!has(&d, "V19"));
        d.esms[PUV].pa.mode_soins_puv = None;
        let i = issues(&d);
        let v19 = i.iter().find(|i| i.rule == "V19").expect("V19");
        assert_eq!(v19.severity, Severity::Erreur);
        assert!(v19.path.ends_with("pa.mode_soins_puv"));
        assert!(v19.source.contains("D. 313-17") && !v19.source.contains("seed"));
        d.esms[PUV].pa.mode_soins_puv = Some(ModeSoinsPuv::Ssiad);
        assert!(!has(&d, "V19"));
    }

    #[test]
    fn v32_validation_after_30_june_counts_two_years_later() {
        assert_eq!(
            exercice_pris_en_compte(NaiveDate::from_ymd_opt(2025, 6, 30).unwrap()),
            2026
        );
        assert_eq!(
            exercice_pris_en_compte(NaiveDate::from_ymd_opt(2025, 7, 1).unwrap()),
            2027
        );
        let mut d = fixture();
        let v32: Vec<_> = issues(&d).into_iter().filter(|i| i.rule == "V32").collect();
        assert_eq!(v32.len(), 1);
        assert!(v32[0].message.contains("30 juin 2025"));
        d.esms[AMANDIERS].pa.pmp_date_validation = NaiveDate::from_ymd_opt(2025, 5, 2);
        assert!(!has(&d, "V32"));
        d.esms[TERRASSES].pa.gmp_date_validation = None;
        let i = issues(&d);
        assert!(i.iter().any(|i| i.rule == "V32"
            && i.path.ends_with("pa.gmp_date_validation")
            && i.severity == Severity::Avertissement));
        // Validé en juin 2026 : compte pour 2027, la première année du contrat.
        d.esms[TERRASSES].pa.gmp_date_validation = NaiveDate::from_ymd_opt(2026, 6, 2);
        assert!(!has(&d, "V32"));
        d.esms[TERRASSES].pa.gmp_date_validation = NaiveDate::from_ymd_opt(2026, 6, 2);
        d.cpom.date_effet = NaiveDate::from_ymd_opt(2026, 1, 1);
        assert!(has(&d, "V32"), "compte après la première année du contrat");
    }

    #[test]
    fn v10_the_signatory_holds_the_authorisations_or_controls_the_holder() {
        let mut d = fixture();
        assert!(!has(&d, "V10"));
        d.esms[SAINT_CLEMENT].titulaire_autorisation = "SAS Résidence Saint-Clément".into();
        let i = issues(&d);
        let v10 = i.iter().find(|i| i.rule == "V10").expect("V10");
        assert_eq!(v10.severity, Severity::Erreur);
        assert!(v10.path.ends_with("titulaire_autorisation"));
        // Même nom à la casse et aux espaces près : l'organisme lui-même.
        d.esms[SAINT_CLEMENT].titulaire_autorisation = " association  les jardins du lez ".into();
        assert!(!has(&d, "V10"));
        d.esms[SAINT_CLEMENT].titulaire_autorisation = "SAS Résidence Saint-Clément".into();
        d.organisme.societe_controlante = true;
        assert!(!has(&d, "V10"), "société contrôlante d'un CPOM « EHPAD »");
        d.cpom.base_juridique = Some(BaseJuridique::L313_11);
        let i = issues(&d);
        assert!(
            i.iter()
                .any(|i| i.rule == "V10" && i.path == "organisme.societe_controlante")
        );
    }

    #[test]
    fn option_tarifaire_and_partial_habilitation() {
        let mut d = fixture();
        assert!(!has(&d, "PA-OPTION") && !has(&d, "PA-HABILITATION"));
        d.esms[TERRASSES].pa.option_tarifaire = None;
        assert!(
            issues(&d)
                .iter()
                .any(|i| i.rule == "PA-OPTION" && i.severity == Severity::Avertissement)
        );
        d.esms[AMANDIERS].places_habilitees_aide_sociale = None;
        assert!(
            issues(&d)
                .iter()
                .any(|i| i.rule == "PA-HABILITATION" && i.severity == Severity::Erreur)
        );
        d.esms[AMANDIERS].places_habilitees_aide_sociale = Some(500);
        assert!(
            issues(&d)
                .iter()
                .any(|i| i.rule == "PA-HABILITATION" && i.severity == Severity::Avertissement)
        );
    }

    #[test]
    fn ctp_earliest_echeance_is_advised() {
        let mut d = fixture();
        assert!(!has(&d, "PA-CTP"));
        d.esms[TERRASSES].pa.ctp_date_echeance = NaiveDate::from_ymd_opt(2027, 6, 30);
        let i = issues(&d);
        let ctp = i.iter().find(|i| i.rule == "PA-CTP").expect("PA-CTP");
        assert_eq!(ctp.severity, Severity::Information);
        assert!(ctp.message.contains("28 février 2021"), "{}", ctp.message);
    }
}
