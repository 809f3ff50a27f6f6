//! Les moyens des établissements et services pour personnes âgées et leurs règles, chacune
//! avec sa source (lignes de l'instruction DGCS du 21 mars 2017, seed 000, pour les
//! mainteneurs ; l'utilisateur lit le titre, l'annexe et le paragraphe).
//!
//! | Règle | Gravité | Source |
//! |---|---|---|
//! | V20 : montant prévisionnel des financements complémentaires de chaque EHPAD / PUV au GMPS (ou « aucun ») | erreur | seed 000 L1211-L1212 |
//! | PA-FC : un financement complémentaire a sa nature précisée et ses montants dans la période | erreur | seed 000 L1211-L1212 |
//! | PA-FC-NATURE : places d'hébergement temporaire, d'accueil de jour, PASA ou UHR sans financement complémentaire de cette nature | avertissement (rapprochement fait par l'application) | seed 000 L273-L284 |
//! | PA-FORFAITS : forfait global soins, forfait global dépendance, tarif hébergement ; forfait soins d'une PUV dérogatoire | avertissement | seed 000 L1185-L1219 |
//! | PA-DOTATION : dotation des services pour personnes âgées (SSIAD, accueil de jour…) | erreur | seed 000 L1221-L1222 |
//! | V14 : pas de maintien de la reprise des résultats pour un EHPAD / PUV au GMPS | erreur (avertissement pour un contrat qui commence en 2017 ou 2018) | seed 000 L1279-L1283 (art. L. 314-2) |
//! | V15 : reprise maintenue dans un CPOM L. 313-12-2 → réserve de l'article L. 314-5 dans la clause | erreur | seed 000 L1275-L1277 |
//! | V17 : EHPAD relevant de l'art. L. 342-1 : pas d'excédent soins / dépendance en réserve d'investissement, de trésorerie ou en compensation d'amortissements | erreur (avertissement tant que la part soins / dépendance n'est pas connue) | seed 000 L1302-L1304 |
//! | V39 : résidence autonomie au forfait soins : parties dédiées au forfait autonomie et au forfait soins | erreur | seed 000 L2204-L2207, L2361-L2369 |
//! | V40 : forfait autonomie fixé (jamais nul) ; modulation limitée aux critères de l'instruction et justifiée | erreur | seed 000 L2337-L2360, L2385-L2389 |
//! | V41 : volet d'un service d'aide à domicile : les mentions de l'art. L. 313-11-1 (4° et 6° sans objet pour les familles) | erreur | seed 000 L2428-L2459 |
//!
//! V42 (SPASAD intégrés de l'expérimentation de l'article 49 de la loi ASV) n'est pas codée :
//! l'expérimentation était ouverte jusqu'au 30 juin 2017 pour deux ans, prorogeables jusqu'à
//! cinq (seed 000 L2021-L2024) ; aucun contrat préparé aujourd'hui n'en relève.

use chrono::Datelike;
use rust_decimal::Decimal;

use crate::dossier::Dossier;
use crate::dossier::perimetre::{BaseJuridique, Esms, HabilitationAideSociale};
use crate::dossier::signature::*;
use crate::kernel::format::amount;
use crate::kernel::issue::Collector;
use crate::perimetre::regime::{RegimeFinancement, is_pa, is_saad, ra_avec_forfait_soins, regime};

fn nom(e: &Esms) -> &str {
    if e.nom.trim().is_empty() {
        "ESMS sans nom"
    } else {
        e.nom.trim()
    }
}

/// Les forfaits saisis pour un ESMS.
pub fn moyens_of(d: &Dossier, e: uuid::Uuid) -> Option<&MoyensPa> {
    d.signature.moyens_pa.iter().find(|m| m.esms == e)
}

/// Les financements complémentaires d'un ESMS.
pub fn financements_of(
    d: &Dossier,
    e: uuid::Uuid,
) -> impl Iterator<Item = &FinancementComplementaire> {
    d.signature
        .financements_complementaires
        .iter()
        .filter(move |f| f.esms == e)
}

/// Le chemin d'un champ des forfaits d'un ESMS : l'enregistrement s'il existe, sinon l'ESMS
/// (l'interface crée l'enregistrement à la première saisie).
fn path(d: &Dossier, e: &Esms, field: &str) -> String {
    match moyens_of(d, e.id) {
        Some(m) => format!("signature.moyens_pa.{}.{field}", m.id),
        None => format!("signature.moyens_pa.esms.{}.{field}", e.id),
    }
}

/// Les ESMS pour personnes âgées dont les moyens se saisissent ici.
pub fn esms_pa(d: &Dossier) -> Vec<&Esms> {
    d.perimetre().filter(|e| is_pa(e)).collect()
}

pub fn check(d: &Dossier, c: &mut Collector) {
    for e in esms_pa(d) {
        match regime(e) {
            Some(RegimeFinancement::Gmps) => {
                financements_complementaires(d, e, c);
                forfaits_gmps(d, e, c);
            }
            Some(RegimeFinancement::PuvForfaitSoins)
                if moyens_of(d, e.id).and_then(|m| m.forfait_soins).is_none() =>
            {
                c.warn(
                    "PA-FORFAITS",
                    path(d, e, "forfait_soins"),
                    format!(
                        "{} : petite unité de vie au forfait soins ; indiquez son montant.",
                        nom(e)
                    ),
                    "dgcs L1214-L1219 ; casf art. D. 313-17",
                );
            }
            Some(RegimeFinancement::ResidenceAutonomie) => residence_autonomie(d, e, c),
            Some(RegimeFinancement::Dotation)
                if moyens_of(d, e.id)
                    .and_then(|m| m.dotation_globale)
                    .is_none() =>
            {
                c.missing(
                    "PA-DOTATION",
                    path(d, e, "dotation_globale"),
                    format!(
                        "{} : indiquez sa dotation globale ; le contrat précise les éléments pluriannuels du budget des autres activités qu'il finance.",
                        nom(e)
                    ),
                    "dgcs L1221-L1222",
                );
            }
            _ => {}
        }
    }
    for f in &d.signature.financements_complementaires {
        ligne_fc(d, f, c);
    }
    reprise(d, c);
    l342_1(d, c);
    saad(d, c);
}

/// V20 et PA-FC-NATURE.
fn financements_complementaires(d: &Dossier, e: &Esms, c: &mut Collector) {
    let lines: Vec<&FinancementComplementaire> = financements_of(d, e.id).collect();
    let any = lines
        .iter()
        .any(|f| f.montants.iter().flatten().next().is_some());
    let none_declared = moyens_of(d, e.id).is_some_and(|m| m.sans_financement_complementaire);
    if !any && !none_declared {
        c.missing(
            "V20",
            format!("signature.financements_complementaires.esms.{}", e.id),
            format!(
                "{} : le contrat fixe le montant prévisionnel de ses financements complémentaires (hébergement temporaire, accueil de jour, PASA, UHR…) ; saisissez-les année par année, ou indiquez qu'il n'en perçoit aucun.",
                nom(e)
            ),
            "dgcs L1211-L1212 ; casf art. L. 313-12, IV ter",
        );
    }
    if none_declared && any {
        c.warn(
            "V20",
            path(d, e, "sans_financement_complementaire"),
            format!(
                "{} : « aucun financement complémentaire » est coché alors que des montants sont saisis.",
                nom(e)
            ),
            "dgcs L1211-L1212",
        );
    }
    use NatureFinancementComplementaire as N;
    let places = [
        (
            N::HebergementTemporaire,
            e.capacites.accueil_temporaire.autorisee,
            "places d'hébergement temporaire",
        ),
        (
            N::AccueilDeJour,
            e.capacites.semi_internat.autorisee,
            "places d'accueil de jour",
        ),
        (N::Pasa, e.pa.pasa, "places de PASA"),
        (N::Uhr, e.pa.uhr, "places d'UHR"),
    ];
    for (nature, n, what) in places {
        let Some(n) = n.filter(|n| *n > 0) else {
            continue;
        };
        if !lines.iter().any(|f| f.nature == nature) && !none_declared {
            c.warn(
                "PA-FC-NATURE",
                format!("signature.financements_complementaires.esms.{}", e.id),
                format!(
                    "{} : {n} {what} autorisées mais aucun financement complémentaire « {} » ; vérifiez qu'il n'est pas financé autrement.",
                    nom(e),
                    nature.label()
                ),
                "dgcs L273-L284 : financements complémentaires (accueil temporaire, PASA, UHR, PFR)",
            );
        }
    }
}

fn ligne_fc(d: &Dossier, f: &FinancementComplementaire, c: &mut Collector) {
    let p = |field: &str| format!("signature.financements_complementaires.{}.{field}", f.id);
    let src = "dgcs L1211-L1212";
    let e = d.esms.iter().find(|e| e.id == f.esms);
    let who = e.map_or("ESMS inconnu", nom);
    if f.nature == NatureFinancementComplementaire::Autre && f.libelle.trim().is_empty() {
        c.error(
            "PA-FC",
            p("libelle"),
            format!("{who} : précisez la nature du financement complémentaire « Autre »."),
            src,
        );
    }
    let years = usize::from(d.cpom.duree_annees.max(1));
    if let Some(k) = f
        .montants
        .iter()
        .enumerate()
        .skip(years)
        .find(|(_, m)| m.is_some())
        .map(|(k, _)| k)
    {
        c.error(
            "PA-FC",
            p(&format!("montants.{}", k + 1)),
            format!(
                "{who} — {} : montant saisi pour l'année {} alors que le contrat dure {years} ans.",
                f.nature.label(),
                k + 1
            ),
            src,
        );
    }
    if let Some(e) = e
        && regime(e) != Some(RegimeFinancement::Gmps)
    {
        c.warn(
            "PA-FC",
            p("esms"),
            format!(
                "{who} n'est pas un EHPAD ou une PUV au GMPS : les financements complémentaires s'ajoutent au forfait global relatif aux soins de ces établissements."
            ),
            src,
        );
    }
}

fn forfaits_gmps(d: &Dossier, e: &Esms, c: &mut Collector) {
    let m = moyens_of(d, e.id);
    let missing: Vec<(&str, &str)> = [
        (
            "forfait_global_soins",
            "le forfait global relatif aux soins",
            m.and_then(|m| m.forfait_global_soins).is_none(),
        ),
        (
            "forfait_global_dependance",
            "le forfait global dépendance",
            m.and_then(|m| m.forfait_global_dependance).is_none(),
        ),
        (
            "tarif_hebergement",
            "le tarif journalier hébergement",
            m.and_then(|m| m.tarif_hebergement).is_none(),
        ),
    ]
    .into_iter()
    .filter(|x| x.2)
    .map(|(f, w, _)| (f, w))
    .collect();
    if let Some((field, _)) = missing.first() {
        c.warn(
            "PA-FORFAITS",
            path(d, e, field),
            format!(
                "{} : indiquez {} ; le contrat les présente pour chacune des trois sections (soins, dépendance, hébergement).",
                nom(e),
                missing
                    .iter()
                    .map(|(_, w)| *w)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "dgcs L1185-L1219",
        );
    }
}

/// V39 et V40.
fn residence_autonomie(d: &Dossier, e: &Esms, c: &mut Collector) {
    let m = moyens_of(d, e.id);
    let src39 = "dgcs L2204-L2207, L2361-L2369";
    let src40 = "dgcs L2337-L2360, L2385-L2389";
    match m.and_then(|m| m.forfait_autonomie) {
        None => c.missing(
            "V40",
            path(d, e, "forfait_autonomie"),
            format!(
                "{} : le contrat fixe le montant du forfait autonomie et les objectifs de son utilisation.",
                nom(e)
            ),
            src40,
        ),
        Some(x) if x.is_zero() => c.error(
            "V40",
            path(d, e, "forfait_autonomie"),
            format!(
                "{} : le forfait autonomie ne peut pas être nul : toutes les résidences autonomie y sont éligibles et la modulation ne peut justifier un refus.",
                nom(e)
            ),
            src40,
        ),
        _ => {}
    }
    if let Some(m) = m
        && let Some(modulation) = m.modulation_forfait_autonomie
    {
        if m.justification_modulation.trim().is_empty() {
            c.error(
                "V40",
                path(d, e, "justification_modulation"),
                format!(
                    "{} : la modulation du forfait autonomie (« {} ») est justifiée dans le contrat.",
                    nom(e),
                    modulation.label()
                ),
                src40,
            );
        }
        let habilitee = e
            .habilitation_aide_sociale
            .is_some_and(|h| h != HabilitationAideSociale::NonHabilite);
        let incoherent = match modulation {
            ModulationForfaitAutonomie::MajorationAideSociale => !habilitee,
            ModulationForfaitAutonomie::MinorationForfaitSoins => !e.pa.forfait_soins_ra,
            _ => false,
        };
        if incoherent {
            c.error(
                "V40",
                path(d, e, "modulation_forfait_autonomie"),
                format!(
                    "{} : la modulation « {} » suppose {}.",
                    nom(e),
                    modulation.label(),
                    if modulation == ModulationForfaitAutonomie::MajorationAideSociale {
                        "une résidence habilitée à l'aide sociale"
                    } else {
                        "une résidence qui perçoit un forfait soins"
                    }
                ),
                src40,
            );
        }
    }
    if ra_avec_forfait_soins(e) && m.and_then(|m| m.forfait_soins).is_none() {
        c.missing(
            "V39",
            path(d, e, "forfait_soins"),
            format!(
                "{} perçoit un forfait soins : le contrat, signé aussi par l'ARS, lui consacre une partie distincte de celle du forfait autonomie ; indiquez son montant.",
                nom(e)
            ),
            src39,
        );
    }
    if !e.pa.forfait_soins_ra && m.and_then(|m| m.forfait_soins).is_some() {
        c.warn(
            "V39",
            format!("esms.{}.pa.forfait_soins_ra", e.id),
            format!(
                "{} : un forfait soins est saisi mais la résidence n'est pas déclarée bénéficiaire d'un forfait soins (l'ARS signe alors le contrat).",
                nom(e)
            ),
            src39,
        );
    }
}

/// V14 et V15 : le maintien de la reprise des résultats.
fn reprise(d: &Dossier, c: &mut Collector) {
    let m = &d.signature.moyens;
    if !m.reprise_resultats {
        return;
    }
    if let Some(e) = d
        .perimetre()
        .find(|e| regime(e) == Some(RegimeFinancement::Gmps))
    {
        let src = "dgcs L1279-L1283 ; casf art. L. 314-2";
        let early = d.cpom.date_effet.is_some_and(|x| x.year() <= 2018);
        let msg = format!(
            "{} est financé par l'équation GMPS : ses déficits et excédents ne sont plus repris par l'autorité de tarification{} ; le contrat ne peut pas maintenir la reprise des résultats pour cet établissement.",
            nom(e),
            if early {
                " (sauf pour les exercices 2017 et 2018)"
            } else {
                ""
            }
        );
        if early {
            c.warn("V14", "signature.moyens.reprise_resultats", msg, src);
        } else {
            c.error("V14", "signature.moyens.reprise_resultats", msg, src);
        }
    }
    let clause = m.clause_affectation.replace(['\u{a0}', '\u{202f}'], " ");
    if d.cpom.base_juridique == Some(BaseJuridique::L313_12_2) && !clause.contains("314-5") {
        c.error(
            "V15",
            "signature.moyens.clause_affectation",
            "La reprise des résultats est maintenue dans un CPOM de l'article L. 313-12-2 : la clause précise que ces modalités s'appliquent « sous réserve du respect des dispositions de l'article L. 314-5 » du CASF.",
            "dgcs L1275-L1277",
        );
    }
}

/// V17 : un EHPAD relevant de l'article L. 342-1 n'affecte pas les excédents dégagés sur les
/// tarifs soins et dépendance en réserve d'investissement ou de trésorerie, ni à la
/// compensation de charges d'amortissement.
fn l342_1(d: &Dossier, c: &mut Collector) {
    let src = "dgcs L1302-L1304 ; casf art. L. 342-1";
    for a in &d.signature.affectations {
        let Some(e) = a
            .esms
            .and_then(|id| d.perimetre().find(|e| e.id == id))
            .filter(|e| e.pa.l342_1)
        else {
            continue;
        };
        let interdit = [
            a.investissement,
            a.reserve_tresorerie,
            a.compensation_amortissements,
        ]
        .into_iter()
        .flatten()
        .sum::<Decimal>();
        if interdit.is_zero() {
            continue;
        }
        let year = a.annee.map_or(String::new(), |y| format!(" {y}"));
        let p = |f: &str| format!("signature.affectations.{}.{f}", a.id);
        match a.excedent_soins_dependance {
            None => c.warn(
                "V17",
                p("excedent_soins_dependance"),
                format!(
                    "{} (affectation{year}) relève de l'article L. 342-1 : précisez la part du résultat dégagée sur les tarifs soins et dépendance, qui ne peut aller ni en réserve d'investissement ou de trésorerie, ni à la compensation de charges d'amortissement.",
                    nom(e)
                ),
                src,
            ),
            Some(sd) => {
                let hebergement = (a.resultat.unwrap_or_default() - sd).max(Decimal::ZERO);
                if interdit > hebergement {
                    c.error(
                        "V17",
                        p("investissement"),
                        format!(
                            "{} (affectation{year}) : {} affectés en réserve d'investissement, de trésorerie ou en compensation d'amortissements, pour {} de résultat hors soins et dépendance ; l'excédent des tarifs soins et dépendance ({}) ne peut pas y aller (article L. 342-1).",
                            nom(e),
                            amount(interdit),
                            amount(hebergement),
                            amount(sd)
                        ),
                        src,
                    );
                }
            }
        }
    }
}

/// V41 : le volet d'un service d'aide et d'accompagnement à domicile.
fn saad(d: &Dossier, c: &mut Collector) {
    let src = "casf art. L. 313-11-1 ; dgcs L2428-L2459";
    for e in d.perimetre().filter(|e| is_saad(e)) {
        let volet = d.signature.volets_saad.iter().find(|v| v.esms == e.id);
        let missing: Vec<usize> = (1..=MENTIONS_SAAD.len())
            .filter(|n| {
                !(volet.is_some_and(|v| v.famille) && MENTIONS_SAAD_HORS_FAMILLE.contains(n))
            })
            .filter(|n| volet.is_none_or(|v| v.mention(*n).trim().is_empty()))
            .collect();
        if let Some(first) = missing.first() {
            let path = match volet {
                Some(v) => format!("signature.volets_saad.{}.mentions.{first}", v.id),
                None => format!("signature.volets_saad.esms.{}", e.id),
            };
            c.missing(
                "V41",
                path,
                format!(
                    "{} : le volet du service d'aide à domicile comporte les mentions de l'article L. 313-11-1 ; {} à rédiger (dont la {first}ᵉ : « {} »).",
                    nom(e),
                    if missing.len() > 1 {
                        format!("{} mentions restent", missing.len())
                    } else {
                        "une mention reste".into()
                    },
                    MENTIONS_SAAD[first - 1]
                ),
                src,
            );
        }
    }
}

/// L'avancement des moyens PA : ESMS pour personnes âgées dont les moyens sont saisis.
pub fn completion(d: &Dossier) -> (u32, u32) {
    let all = esms_pa(d);
    let done = all
        .iter()
        .filter(|e| {
            let m = moyens_of(d, e.id);
            match regime(e) {
                Some(RegimeFinancement::Gmps) => {
                    m.is_some_and(|m| m.forfait_global_soins.is_some())
                        && (m.is_some_and(|m| m.sans_financement_complementaire)
                            || financements_of(d, e.id).next().is_some())
                }
                Some(RegimeFinancement::ResidenceAutonomie) => {
                    m.and_then(|m| m.forfait_autonomie).is_some()
                }
                Some(RegimeFinancement::Dotation) => m.and_then(|m| m.dotation_globale).is_some(),
                Some(RegimeFinancement::PuvForfaitSoins) => {
                    m.and_then(|m| m.forfait_soins).is_some()
                }
                _ => m.is_some(),
            }
        })
        .count();
    (done as u32, all.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dossier::perimetre::{Esms, HabilitationAideSociale};
    use crate::example::pa::{AMANDIERS, RA, SAINT_CLEMENT, SSIAD, TERRASSES, fixture};
    use crate::kernel::issue::{Issue, Severity};
    use chrono::NaiveDate;

    fn issues(d: &Dossier) -> Vec<Issue> {
        let mut c = Collector::default();
        check(d, &mut c);
        c.0
    }

    fn find(d: &Dossier, rule: &str) -> Option<Issue> {
        issues(d).into_iter().find(|i| i.rule == rule)
    }

    fn moyens(d: &mut Dossier, k: usize) -> &mut MoyensPa {
        let id = d.esms[k].id;
        d.signature
            .moyens_pa
            .iter_mut()
            .find(|m| m.esms == id)
            .unwrap()
    }

    #[test]
    fn the_example_is_quiet() {
        let d = fixture();
        assert!(issues(&d).is_empty(), "{:#?}", issues(&d));
    }

    #[test]
    fn v20_complementary_funding_or_none_declared() {
        let mut d = fixture();
        let id = d.esms[SAINT_CLEMENT].id;
        d.signature
            .financements_complementaires
            .retain(|f| f.esms != id);
        let v20 = find(&d, "V20").expect("V20");
        assert_eq!(v20.severity, Severity::Erreur);
        // Rien n'est encore saisi : bloquant mais « à compléter » (gris), pas rouge.
        assert!(v20.a_completer);
        assert!(v20.message.contains("Villa Saint-Clément"));
        moyens(&mut d, SAINT_CLEMENT).sans_financement_complementaire = true;
        assert!(find(&d, "V20").is_none());
        // Les places d'hébergement temporaire appellent sinon un avertissement (rapprochement).
        moyens(&mut d, SAINT_CLEMENT).sans_financement_complementaire = false;
        assert!(find(&d, "PA-FC-NATURE").is_some());
    }

    #[test]
    fn fc_lines_are_checked() {
        let mut d = fixture();
        let pasa = d.esms[TERRASSES].id;
        d.signature
            .financements_complementaires
            .retain(|f| !(f.esms == pasa && f.nature == NatureFinancementComplementaire::Pasa));
        let w = find(&d, "PA-FC-NATURE").expect("PA-FC-NATURE");
        assert_eq!(w.severity, Severity::Avertissement);
        assert!(w.message.contains("14 places de PASA"), "{}", w.message);
        let f = &mut d.signature.financements_complementaires[0];
        f.nature = NatureFinancementComplementaire::Autre;
        f.montants.push(Some(Decimal::from(1)));
        let all = issues(&d);
        assert!(
            all.iter()
                .any(|i| i.rule == "PA-FC" && i.path.ends_with(".libelle"))
        );
        assert!(
            all.iter()
                .any(|i| i.rule == "PA-FC" && i.path.ends_with("montants.6"))
        );
    }

    #[test]
    fn forfaits_and_service_dotation() {
        let mut d = fixture();
        moyens(&mut d, TERRASSES).tarif_hebergement = None;
        let w = find(&d, "PA-FORFAITS").expect("PA-FORFAITS");
        assert_eq!(w.severity, Severity::Avertissement);
        assert!(w.message.contains("tarif journalier hébergement"));
        moyens(&mut d, SSIAD).dotation_globale = None;
        let dotation = find(&d, "PA-DOTATION").expect("PA-DOTATION");
        assert_eq!(dotation.severity, Severity::Erreur);
        assert!(
            dotation.a_completer,
            "montant pas encore saisi : « à compléter »"
        );
    }

    #[test]
    fn v14_no_result_takeback_for_gmps_ehpad() {
        let mut d = fixture();
        d.signature.moyens.reprise_resultats = true;
        let v14 = find(&d, "V14").expect("V14");
        assert_eq!(v14.severity, Severity::Erreur);
        assert!(v14.source.contains("L. 314-2"));
        d.cpom.date_effet = NaiveDate::from_ymd_opt(2018, 1, 1);
        assert_eq!(find(&d, "V14").unwrap().severity, Severity::Avertissement);
        d.signature.moyens.reprise_resultats = false;
        assert!(find(&d, "V14").is_none());
    }

    #[test]
    fn v15_takeback_in_a_l313_12_2_cpom_keeps_the_l314_5_reserve() {
        let mut n = 0u128;
        let mut d = crate::example::example_dossier(&mut || {
            n += 1;
            uuid::Uuid::from_u128(n)
        });
        assert!(find(&d, "V15").is_none());
        d.signature.moyens.reprise_resultats = true;
        assert_eq!(find(&d, "V15").unwrap().severity, Severity::Erreur);
        assert!(find(&d, "V14").is_none(), "pas d'EHPAD au GMPS");
        d.signature.moyens.clause_affectation.push_str(
            " Ces modalités s'appliquent sous réserve du respect des dispositions de l'article L.\u{a0}314-5 du CASF.",
        );
        assert!(find(&d, "V15").is_none());
    }

    #[test]
    fn v17_l342_1_surpluses_of_care_and_dependency() {
        let mut d = fixture();
        let a = d
            .signature
            .affectations
            .iter_mut()
            .find(|a| a.excedent_soins_dependance.is_some())
            .unwrap();
        a.investissement = Some(Decimal::from(70000));
        a.report_a_nouveau = Some(Decimal::from(15000));
        let v17 = find(&d, "V17").expect("V17");
        assert_eq!(v17.severity, Severity::Erreur);
        assert!(
            v17.message.contains(&amount(Decimal::from(55000))),
            "{}",
            v17.message
        );
        let a = &mut d.signature.affectations[0];
        a.excedent_soins_dependance = None;
        assert_eq!(find(&d, "V17").unwrap().severity, Severity::Avertissement);
        // Pour un EHPAD hors L. 342-1, pas de règle.
        d.esms[SAINT_CLEMENT].pa.l342_1 = false;
        assert!(find(&d, "V17").is_none());
    }

    #[test]
    fn v39_v40_residence_autonomie() {
        let mut d = fixture();
        moyens(&mut d, RA).forfait_soins = None;
        assert_eq!(find(&d, "V39").unwrap().severity, Severity::Erreur);
        assert!(find(&d, "V39").unwrap().a_completer);
        moyens(&mut d, RA).forfait_soins = Some(Decimal::from(96000));
        d.esms[RA].pa.forfait_soins_ra = false;
        assert_eq!(find(&d, "V39").unwrap().severity, Severity::Avertissement);
        d.esms[RA].pa.forfait_soins_ra = true;
        moyens(&mut d, RA).forfait_autonomie = None;
        assert!(
            find(&d, "V40").unwrap().a_completer,
            "forfait pas encore saisi"
        );
        moyens(&mut d, RA).forfait_autonomie = Some(Decimal::ZERO);
        assert!(find(&d, "V40").unwrap().message.contains("nul"));
        // Une valeur saisie mais impossible (forfait nul) est une erreur rouge.
        assert!(!find(&d, "V40").unwrap().a_completer);
        moyens(&mut d, RA).forfait_autonomie = Some(Decimal::from(38500));
        moyens(&mut d, RA).justification_modulation.clear();
        assert!(
            find(&d, "V40")
                .unwrap()
                .path
                .ends_with("justification_modulation")
        );
        moyens(&mut d, RA).justification_modulation = "Ouverture aux habitants".into();
        moyens(&mut d, RA).modulation_forfait_autonomie =
            Some(ModulationForfaitAutonomie::MajorationAideSociale);
        assert!(find(&d, "V40").is_some(), "résidence non habilitée");
        d.esms[RA].habilitation_aide_sociale = Some(HabilitationAideSociale::Totale);
        assert!(find(&d, "V40").is_none());
    }

    #[test]
    fn v41_saad_mentions() {
        let mut d = fixture();
        let mut saad = Esms::new(uuid::Uuid::from_u128(9999));
        saad.nom = "Service d'aide à domicile du Lez".into();
        saad.categorie = Some("460".into());
        saad.secteur = Some(crate::kernel::nomenclature::Secteur::PersonnesAgees);
        d.esms.push(saad);
        let v41 = find(&d, "V41").expect("V41");
        assert!(v41.message.contains("11 mentions"), "{}", v41.message);
        assert!(v41.a_completer, "mentions à rédiger : « à compléter »");
        let mut volet = VoletSaad {
            id: uuid::Uuid::from_u128(10000),
            esms: uuid::Uuid::from_u128(9999),
            famille: false,
            mentions: vec!["texte".into(); 11],
        };
        volet.mentions[3].clear();
        volet.mentions[5].clear();
        d.signature.volets_saad.push(volet.clone());
        assert!(find(&d, "V41").unwrap().message.contains("2 mentions"));
        // Service aux familles : 4° et 6° sans objet.
        d.signature.volets_saad[0].famille = true;
        assert!(find(&d, "V41").is_none());
        let _ = AMANDIERS;
    }
}
