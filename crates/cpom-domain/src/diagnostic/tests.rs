//! Les points de l'étape Diagnostic, la saisie et les calculs du diagnostic partagé.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::diagnostic::calc::*;
use crate::dossier::Dossier;
use crate::dossier::diagnostic::*;
use crate::dossier::lancement::{JalonCode, TypeReunion};
use crate::example::example_dossier;
use crate::kernel::issue::{Collector, Issue, Severity};
use crate::kernel::nomenclature::{Competence, Secteur};
use crate::record::editable::Editable;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn ex() -> Dossier {
    let mut n = 0u128;
    let mut x = example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    });
    x.fill_implicit();
    x
}

fn issues(x: &Dossier) -> Vec<Issue> {
    let mut c = Collector::default();
    crate::diagnostic::rules::check(x, today(), &mut c);
    c.0
}

fn with(x: &Dossier, rule: &str) -> Vec<Issue> {
    issues(x).into_iter().filter(|i| i.rule == rule).collect()
}

fn esms_of(x: &Dossier, cat: &str) -> Uuid {
    x.esms
        .iter()
        .find(|e| e.categorie.as_deref() == Some(cat))
        .unwrap()
        .id
}

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

#[test]
fn example_diagnostic_has_no_error_and_its_deliberate_warnings() {
    let x = ex();
    let v = issues(&x);
    let errors: Vec<_> = v
        .iter()
        .filter(|i| i.severity == Severity::Erreur)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    let had = with(&x, "V31");
    assert_eq!(had.len(), 1, "{had:#?}");
    assert!(had[0].path.ends_with("coop_had"));
    assert_eq!(with(&x, "D-PREREMPLI-MODIFIE").len(), 1);
    // ROR : ITEP et foyer de vie ont répondu « non ».
    assert_eq!(with(&x, "V43").len(), 2);
    // Creton : IME (7) et ITEP (1), information V23.
    assert_eq!(with(&x, "V23").len(), 2);
}

#[test]
fn every_question_of_the_applicable_axes_must_be_answered() {
    let mut x = ex();
    let ime = esms_of(&x, "183");
    x.diagnostic
        .reponses
        .retain(|r| !(r.question == "enf_sortie" && r.esms == Some(ime)));
    let e = with(&x, "D-QUESTION");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].severity, Severity::Erreur);
    assert_eq!(e[0].path, format!("diagnostic.questions.enf_sortie.{ime}"));
    assert!(
        e[0].message.contains("IME Les Hirondelles"),
        "{}",
        e[0].message
    );
    // « Sans objet » vaut réponse.
    let mut r = Reponse::blank(Uuid::from_u128(999));
    r.question = "enf_sortie".into();
    r.esms = Some(ime);
    r.sans_objet = true;
    x.diagnostic.reponses.push(r);
    assert!(with(&x, "D-QUESTION").is_empty());
    // Axe OG : une seule réponse pour l'organisme.
    x.diagnostic.reponses.retain(|r| r.question != "qual_cvs");
    assert_eq!(
        with(&x, "D-QUESTION")[0].path,
        "diagnostic.questions.qual_cvs"
    );
}

#[test]
fn sector_axes_follow_the_perimeter() {
    let mut x = ex();
    for e in &mut x.esms {
        if e.secteur == Some(Secteur::Adultes) {
            e.dans_perimetre = false;
        }
    }
    let c = calcul(&x);
    let adultes = c.axes.iter().find(|a| a.axe == "axe_1_2").unwrap();
    assert!(!adultes.applicable);
    let enfance = c.axes.iter().find(|a| a.axe == "axe_1_1").unwrap();
    assert_eq!(enfance.portees.len(), 3);
    assert!(enfance.portees.iter().all(|p| p.repondues == p.total));
    // Les réponses des ESMS sortis du périmètre sont gardées, signalées en information.
    assert!(!with(&x, "D-REPONSE-HORS-PERIMETRE").is_empty());
    assert!(with(&x, "D-QUESTION").is_empty());
}

#[test]
fn flash_values_are_entered_by_the_og_only_for_cd_only_esms() {
    let mut x = ex();
    let ime = esms_of(&x, "183");
    let i = x
        .diagnostic
        .indicateurs
        .iter_mut()
        .find(|i| i.esms == Some(ime) && i.annexe == AnnexeIndicateur::Flash)
        .unwrap();
    i.source = SourceValeur::SaisieOg;
    let e = with(&x, "D-FLASH-SAISIE");
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].severity, Severity::Erreur);
    assert!(
        e[0].source.contains("annexes 2-B et 2-C"),
        "{}",
        e[0].source
    );
    // Le foyer de vie (compétence exclusive du département) saisit ses FLASH : conforme.
    let fv = esms_of(&x, "449");
    assert_eq!(
        x.esms.iter().find(|e| e.id == fv).unwrap().competence,
        Some(Competence::Cd)
    );
    assert_eq!(flash_saisie_og(&x), vec![fv]);
    x.diagnostic
        .indicateurs
        .retain(|i| !(i.esms == Some(fv) && i.annexe == AnnexeIndicateur::Flash));
    assert_eq!(with(&x, "D-FLASH-CD").len(), 1);
}

#[test]
fn complementary_indicators_need_both_terms_and_a_nonzero_denominator() {
    let mut x = ex();
    let c = calcul(&x);
    assert_eq!(c.ratios[0].valeur, Some(dec("33.04")), "37 / 112");
    assert_eq!(c.ratios[1].valeur, Some(dec("10.00")));
    x.diagnostic.complementaires[0].denominateur = Some(Decimal::ZERO);
    let z = with(&x, "D-RATIO-ZERO");
    assert_eq!(z.len(), 1);
    assert!(z[0].path.ends_with(".denominateur"));
    x.diagnostic.complementaires[1].numerateur = None;
    assert_eq!(with(&x, "D-COMPLEMENTAIRE-VIDE").len(), 1);
    x.diagnostic.complementaires[2].niveau = NiveauIndicateur::Categorie;
    assert!(
        with(&x, "D-COMPLEMENTAIRE-NIVEAU")[0]
            .path
            .ends_with(".categorie")
    );
}

#[test]
fn financial_series_are_complete_over_three_years() {
    let mut x = ex();
    x.diagnostic
        .finances
        .resultats
        .get_mut("cd")
        .unwrap()
        .remove(&2024);
    x.diagnostic
        .finances
        .indicateurs
        .get_mut("bfr")
        .unwrap()
        .remove(&2023);
    let r = with(&x, "D-FIN-RESULTATS");
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].path, "diagnostic.finances.resultats.cd.2024");
    assert!(r[0].message.contains("Conseil départemental"));
    assert_eq!(
        with(&x, "D-FIN-INDICATEURS")[0].path,
        "diagnostic.finances.indicateurs.bfr.2023"
    );
    // Frais de siège : exigés seulement si le siège est autorisé.
    x.diagnostic.finances.frais_siege.clear();
    assert_eq!(with(&x, "D-FIN-SIEGE").len(), 1);
    x.organisme.frais_de_siege = false;
    assert!(with(&x, "D-FIN-SIEGE").is_empty());
    // Sans année de négociation ni date d'effet : on ne sait pas quelles années demander.
    x.diagnostic.finances.annee_negociation = None;
    x.cpom.date_effet = None;
    assert_eq!(with(&x, "D-FIN-ANNEE").len(), 1);
    // Départs en retraite, effectifs, réserves : avertissements.
    let mut x = ex();
    x.diagnostic.finances.retraites.clear();
    x.diagnostic.finances.reserves.clear();
    x.diagnostic.finances.effectifs.clear();
    assert_eq!(with(&x, "D-FIN-RETRAITES").len(), 1);
    assert_eq!(with(&x, "D-FIN-RESERVES").len(), 2, "ARS et CD");
    assert_eq!(with(&x, "D-FIN-EFFECTIFS").len(), 7, "sept catégories");
}

#[test]
fn example_financial_totals() {
    let t = calcul(&ex()).finances;
    assert_eq!(t.annees.retrospectives, vec![2023, 2024, 2025]);
    assert_eq!(t.resultats_cumules["ars"], dec("215629.62"));
    assert_eq!(t.resultats_cumules["cd"], dec("7595.35"));
    assert_eq!(t.reserves_total, dec("966049.60"));
    assert_eq!(t.retraites_total, 42);
    // Effectifs : la somme des ETP des sept ESMS.
    let etp: Decimal = ex().esms.iter().map(|e| e.etp.total()).sum();
    assert_eq!(t.effectifs_total, etp);
}

#[test]
fn synthesis_needs_a_constat_and_the_meeting_its_minutes() {
    let mut x = ex();
    x.diagnostic
        .synthese
        .retain(|e| e.nature != NatureSynthese::Constat);
    assert_eq!(with(&x, "D-SYNTHESE")[0].severity, Severity::Erreur);
    x.diagnostic.synthese.clear();
    assert_eq!(with(&x, "D-SYNTHESE-NATURE").len(), 3);
    let mut x = ex();
    let id = JalonCode::ReunionDiagnostic.standard_id();
    x.lancement
        .jalons
        .iter_mut()
        .find(|j| j.id == id)
        .unwrap()
        .date_reelle = None;
    assert_eq!(
        with(&x, "D-REUNION")[0].path,
        format!("lancement.jalons.{id}.date_reelle")
    );
    for r in &mut x.lancement.reunions {
        if r.type_reunion == Some(TypeReunion::Diagnostic) {
            r.compte_rendu.clear();
        }
    }
    assert_eq!(with(&x, "D-REUNION-CR").len(), 1);
    let mut x = ex();
    let id = JalonCode::EnvoiDossierDiagnostic.standard_id();
    x.lancement
        .jalons
        .iter_mut()
        .find(|j| j.id == id)
        .unwrap()
        .date_reelle = None;
    assert_eq!(with(&x, "D-ENVOI").len(), 1);
}

#[test]
fn creton_is_expected_from_children_establishments_with_residential_places() {
    let mut x = ex();
    let ime = esms_of(&x, "183");
    x.diagnostic.creton.retain(|c| c.esms != Some(ime));
    let w = with(&x, "D-CRETON-MANQUANT");
    assert_eq!(w.len(), 1, "IME seulement (le SESSAD n'a pas d'internat)");
    assert_eq!(w[0].path, format!("diagnostic.creton.{ime}"));
    // Réponse « non » à la question Creton : rien à saisir.
    for r in &mut x.diagnostic.reponses {
        if r.question == "enf_creton" && r.esms == Some(ime) {
            r.valeur = Some(Valeur::Texte("non".into()));
        }
    }
    assert!(with(&x, "D-CRETON-MANQUANT").is_empty());
    // Une ligne Creton rattachée à un ESMS adultes est signalée.
    let mas = esms_of(&x, "255");
    x.diagnostic.creton.push(Creton {
        id: Uuid::from_u128(77),
        esms: Some(mas),
        ..Creton::default()
    });
    assert_eq!(with(&x, "D-CRETON-ESMS").len(), 1);
    assert_eq!(calcul(&ex()).creton.total, 8);
}

#[test]
fn sources_and_compliance_checklist() {
    let mut x = ex();
    x.diagnostic
        .sources
        .retain(|s| s.type_source != TypeSource::PvCommissionSecurite);
    let s = with(&x, "D-SOURCE");
    assert_eq!(s.len(), 1);
    assert!(
        s[0].source.contains("annexe 1, § 2.1 d)"),
        "{}",
        s[0].source
    );
    x.diagnostic.conformite[1].etat = EtatConformite::NonConforme;
    let n = with(&x, "D-CONFORMITE-NON");
    assert_eq!(n.len(), 1);
    assert!(n[0].message.contains("V29"));
    // Les contrôles propres aux EHPAD ne s'appliquent pas à ce périmètre PH…
    assert!(with(&x, "D-CONFORMITE").is_empty());
    // … mais bien si un EHPAD entre au périmètre.
    x.esms[0].categorie = Some("500".into());
    let ehpad: Vec<_> = with(&x, "D-CONFORMITE")
        .into_iter()
        .map(|i| i.path)
        .collect();
    assert_eq!(
        ehpad,
        vec![
            "diagnostic.conformite.conditions_techniques_ehpad.etat",
            "diagnostic.conformite.liberte_aller_venir.etat"
        ]
    );
}

#[test]
fn an_empty_dossier_diagnostic_lists_its_gates() {
    // Pays de la Loire : le fichier « Diagnostic » de l'ARS et ses portes bloquantes.
    let mut x = Dossier::default();
    x.cpom.region = Some("52".into());
    x.fill_implicit();
    let errors: Vec<String> = issues(&x)
        .into_iter()
        .filter(|i| i.severity == Severity::Erreur)
        .map(|i| i.rule)
        .collect();
    for r in [
        "D-QUESTION",
        "D-ENVOI",
        "D-REUNION",
        "D-REUNION-CR",
        "D-SYNTHESE",
        "D-FIN-ANNEE",
    ] {
        assert!(errors.contains(&r.to_string()), "{r} : {errors:?}");
    }
    // Socle national (une région sans pack) : seule la synthèse, annexe obligatoire, bloque ;
    // le questionnaire et la réunion sont des conseils du guide ANAP.
    x.cpom.region = Some("76".into());
    let all = issues(&x);
    let errors: Vec<&str> = all
        .iter()
        .filter(|i| i.severity == Severity::Erreur)
        .map(|i| i.rule.as_str())
        .collect();
    assert_eq!(errors, ["D-SYNTHESE"], "{all:#?}");
    for r in ["D-QUESTION", "D-REUNION", "D-REUNION-CR"] {
        assert!(
            all.iter()
                .any(|i| i.rule == r && i.severity == Severity::Avertissement),
            "{r}"
        );
    }
    for r in ["D-ENVOI", "D-FIN-ANNEE", "D-ZONES", "D-FLASH-CD"] {
        assert!(all.iter().all(|i| i.rule != r), "{r} hors du pack national");
    }
}

mod reponses {
    use super::*;

    fn answer(q: &str) -> Reponse {
        let mut r = Reponse::blank(Uuid::from_u128(1));
        r.set_field("question", &json!(q)).unwrap();
        r
    }

    #[test]
    fn values_follow_the_question_type() {
        let mut r = answer("coop_had");
        r.set_field("valeur", &json!("Pratiques hétérogènes"))
            .unwrap();
        assert_eq!(
            r.valeur,
            Some(Valeur::Texte("pratiques_heterogenes".into()))
        );
        assert_eq!(
            r.set_field("valeur", &json!("peut-être")).unwrap_err().code,
            "choix.invalide"
        );
        let mut c = answer("eff_mutualisations");
        c.set_field(
            "valeur",
            &json!(["informatique", "restauration", "informatique"]),
        )
        .unwrap();
        assert_eq!(
            c.valeur,
            Some(Valeur::Liste(vec![
                "restauration".into(),
                "informatique".into()
            ]))
        );
        assert_eq!(
            c.set_field("valeur", &json!(["piscine"])).unwrap_err().code,
            "choix.invalide"
        );
        let mut t = answer("coop_groupements");
        t.set_field("valeur", &json!("GCSMS Nord")).unwrap();
        assert!(t.answered());
        t.set_field("valeur", &Value::Null).unwrap();
        assert!(!t.answered());
        t.set_field("sans_objet", &json!(true)).unwrap();
        assert!(t.answered());
    }

    #[test]
    fn a_value_needs_a_known_question() {
        let mut r = Reponse::blank(Uuid::nil());
        assert_eq!(
            r.set_field("valeur", &json!("oui")).unwrap_err().code,
            "reponse.sans_question"
        );
        assert_eq!(
            r.set_field("question", &json!("nope")).unwrap_err().code,
            "question.inconnue"
        );
        let mut r = answer("coop_had");
        assert_eq!(
            r.set_field("question", &json!("coop_gos_pag"))
                .unwrap_err()
                .code,
            "reponse.question"
        );
        // Question de l'organisme : pas d'ESMS.
        assert_eq!(
            r.set_field("esms", &json!(Uuid::from_u128(9).to_string()))
                .unwrap_err()
                .code,
            "reponse.portee"
        );
        let mut e = answer("enf_ror");
        e.set_field("esms", &json!(Uuid::from_u128(9).to_string()))
            .unwrap();
        assert_eq!(
            e.unique_key().unwrap(),
            format!("enf_ror|{}", Uuid::from_u128(9))
        );
    }

    #[test]
    fn theme_zones() {
        let mut z = ThemeZones::blank(Uuid::nil());
        assert_eq!(
            z.set_field("theme", &json!("x")).unwrap_err().code,
            "theme.inconnu"
        );
        z.set_field("theme", &json!("coop_rapt")).unwrap();
        assert!(!z.filled());
        z.set_field("points_forts", &json!("PAG suivis")).unwrap();
        assert!(z.filled());
    }
}

mod indicateurs {
    use super::*;

    use crate::diagnostic::tests::IndicateurComplementaire;
    use crate::diagnostic::tests::IndicateurValeur;
    use crate::diagnostic::tests::UniteRatio;
    use crate::diagnostic::tests::ratio;
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn ratio_is_exact_and_rounded_half_up() {
        let mut i = IndicateurComplementaire::blank(Uuid::nil());
        i.set_field("numerateur_libelle", &json!("Jeunes scolarisés"))
            .unwrap();
        i.set_field("denominateur_libelle", &json!("Jeunes accompagnés"))
            .unwrap();
        i.set_field("numerateur", &json!("1")).unwrap();
        i.set_field("denominateur", &json!("8")).unwrap();
        let r = ratio(&i);
        // 12,5 % exactement ; 1/3 = 33,33 % ; 2/3 = 66,67 %.
        assert_eq!(r.valeur.unwrap().to_string(), "12.50");
        assert_eq!(r.formule, "Jeunes scolarisés / Jeunes accompagnés × 100");
        assert_eq!(r.calcul.as_deref(), Some("1 / 8 × 100 = 12,50\u{a0}%"));
        i.numerateur = Some(dec("2"));
        i.denominateur = Some(dec("3"));
        assert_eq!(ratio(&i).valeur, Some(dec("66.67")));
        i.numerateur = Some(dec("0.1"));
        i.denominateur = Some(dec("0.3"));
        assert_eq!(ratio(&i).valeur, Some(dec("33.33")));
        i.unite = UniteRatio::Ratio;
        i.numerateur = Some(dec("1"));
        i.denominateur = Some(dec("16"));
        assert_eq!(ratio(&i).valeur, Some(dec("0.0625")));
    }

    #[test]
    fn zero_or_missing_denominator() {
        let mut i = IndicateurComplementaire::blank(Uuid::nil());
        i.numerateur = Some(dec("3"));
        assert!(ratio(&i).probleme.unwrap().contains("à renseigner"));
        i.denominateur = Some(Decimal::ZERO);
        let r = ratio(&i);
        assert!(r.valeur.is_none());
        assert!(r.probleme.unwrap().contains("Dénominateur nul"));
        assert_eq!(
            i.set_field("denominateur", &json!("-2")).unwrap_err().code,
            "nombre.negatif"
        );
    }

    #[test]
    fn prefilled_value_edited_is_flagged() {
        let mut x = IndicateurValeur::blank(Uuid::nil());
        x.set_field("source", &json!("pre_rempli_ars")).unwrap();
        x.set_field("valeur_preremplie", &json!("92,5")).unwrap();
        x.set_field("valeur", &json!("92.5")).unwrap();
        assert!(!x.modifiee);
        x.set_field("valeur", &json!("-1,5")).unwrap();
        assert!(x.modifiee, "valeur modifiée après pré-remplissage");
        assert_eq!(x.valeur, Some(dec("-1.5")));
        x.set_field("valeur", &json!("92.50")).unwrap();
        assert!(!x.modifiee, "même valeur exacte");
        assert_eq!(
            x.set_field("annee", &json!("1999")).unwrap_err().code,
            "annee.hors_bornes"
        );
    }
}

mod finances {
    use super::*;

    use crate::diagnostic::tests::Finances;
    use crate::diagnostic::tests::totaux_financiers;
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn cells_are_checked_and_blank_removes() {
        let mut f = Finances::default();
        f.set_field("resultats.ars.2024", &json!("-12 345,67"))
            .unwrap();
        assert_eq!(f.resultats["ars"][&2024], dec("-12345.67"));
        for (field, code) in [
            ("resultats.dgfip.2024", "champ.inconnu"),
            ("resultats.ars.1850", "annee.hors_bornes"),
            ("reserves.inconnue.ars", "champ.inconnu"),
            ("indicateurs.taux_caf", "champ.inconnu"),
            ("effectifs.educatif.999", "categorie.inconnue"),
            ("frais_siege.2024", "nombre.negatif"),
        ] {
            let v = if field.starts_with("frais") {
                json!("-1")
            } else {
                json!("1")
            };
            assert_eq!(f.set_field(field, &v).unwrap_err().code, code, "{field}");
        }
        f.set_field("resultats.ars.2024", &Value::Null).unwrap();
        assert!(f.resultats.is_empty(), "ligne vide retirée");
        f.set_field("retraites.educatif.2027", &json!("2")).unwrap();
        assert_eq!(
            f.set_field("retraites.educatif.2027", &json!("1,5"))
                .unwrap_err()
                .code,
            "nombre.entier"
        );
    }

    #[test]
    fn totals_are_exact_sums() {
        let mut d = Dossier::default();
        d.cpom.date_effet = chrono::NaiveDate::from_ymd_opt(2027, 1, 1);
        let f = &mut d.diagnostic.finances;
        for (y, a, c) in [
            (2023, "0.1", "0.2"),
            (2024, "0.2", "-0.3"),
            (2025, "1000.05", "0"),
        ] {
            f.set_field(&format!("resultats.ars.{y}"), &json!(a))
                .unwrap();
            f.set_field(&format!("resultats.cd.{y}"), &json!(c))
                .unwrap();
        }
        // Hors de la fenêtre N-3..N-1 : ignoré dans le cumul.
        f.set_field("resultats.ars.2021", &json!("999")).unwrap();
        f.set_field("reserves.reserve_compensation.ars", &json!("150000"))
            .unwrap();
        f.set_field("reserves.reserve_compensation.cd", &json!("20000.10"))
            .unwrap();
        f.set_field("reserves.report_a_nouveau.ars", &json!("-5000"))
            .unwrap();
        f.set_field("frais_siege.2023", &json!("400000")).unwrap();
        f.set_field("frais_siege.2024", &json!("410000")).unwrap();
        f.set_field("frais_siege.2025", &json!("0")).unwrap();
        f.set_field("effectifs.educatif.183", &json!("28")).unwrap();
        f.set_field("effectifs.educatif.255", &json!("12.5"))
            .unwrap();
        f.set_field("effectifs.medical.255", &json!("1.2")).unwrap();
        let t = totaux_financiers(&d);
        assert_eq!(t.annees.retrospectives, vec![2023, 2024, 2025]);
        assert_eq!(t.annees.retraites, vec![2027, 2028, 2029, 2030, 2031]);
        assert_eq!(t.resultats_cumules["ars"], dec("1000.35"));
        assert_eq!(t.resultats_cumules["cd"], dec("-0.1"));
        assert_eq!(t.resultats_par_annee[&2023], dec("0.3"));
        assert_eq!(t.resultats_total, dec("1000.25"));
        assert_eq!(t.reserves_par_autorite["ars"], dec("145000"));
        assert_eq!(
            t.reserves_par_nature["reserve_compensation"],
            dec("170000.10")
        );
        assert_eq!(t.reserves_total, dec("165000.10"));
        assert_eq!(t.effectifs_par_categorie_esms["255"], dec("13.7"));
        assert_eq!(t.effectifs_total, dec("41.7"));
        assert_eq!(t.frais_siege[1].evolution_pct, Some(dec("2.50")));
        assert_eq!(t.frais_siege[2].evolution_pct, Some(dec("-100.00")));
        assert_eq!(t.frais_siege[0].evolution_pct, None);
    }
}

mod creton {
    use super::*;

    use crate::diagnostic::tests::Creton;
    use crate::diagnostic::tests::totaux_creton;
    use crate::dossier::Dossier;
    use crate::dossier::perimetre::Esms;
    #[test]
    fn creton_totals_by_mode_orientation_and_esms() {
        let mut d = Dossier::default();
        let (a, b) = (Uuid::from_u128(1), Uuid::from_u128(2));
        d.esms.push(Esms::new(a));
        d.esms.push(Esms::new(b));
        let mut ca = Creton::blank(Uuid::from_u128(10));
        ca.set_field("esms", &json!(a.to_string())).unwrap();
        ca.set_field("internat.mas", &json!("2")).unwrap();
        ca.set_field("internat.fam_eam", &json!(1)).unwrap();
        ca.set_field("semi_internat.esat", &json!("3")).unwrap();
        let mut cb = Creton::blank(Uuid::from_u128(11));
        cb.set_field("esms", &json!(b.to_string())).unwrap();
        cb.set_field("semi_internat.esat", &json!("1")).unwrap();
        cb.set_field("semi_internat.foyer_vie_eanm", &json!("4"))
            .unwrap();
        d.diagnostic.creton = vec![ca.clone(), cb];
        let t = totaux_creton(&d);
        assert_eq!(t.total, 11);
        assert_eq!(t.par_enregistrement[&ca.id], 6);
        assert_eq!(t.par_mode["internat"]["mas"], 2);
        assert_eq!(t.par_mode["semi_internat"]["esat"], 4);
        assert_eq!(t.par_orientation["esat"], 4);
        assert_eq!(t.par_orientation["foyer_vie_eanm"], 4);
        // Un ESMS sorti du périmètre ne compte plus.
        d.esms[1].dans_perimetre = false;
        assert_eq!(totaux_creton(&d).total, 6);
        assert_eq!(
            ca.set_field("internat.ehpad", &json!("1"))
                .unwrap_err()
                .code,
            "champ.inconnu"
        );
        assert_eq!(
            ca.set_field("internat.mas", &json!("-1")).unwrap_err().code,
            "nombre.negatif"
        );
    }
}
