//! Tests des portes et des calculs du diagnostic partagé.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use uuid::Uuid;

use super::*;
use crate::dossier::Dossier;
use crate::editable::Editable;
use crate::example::example_dossier;
use crate::lancement::{JalonCode, TypeReunion};
use crate::model::{Competence, Secteur};
use crate::rules::Collector;
use crate::validation::{Issue, Severity};

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
    rules::check(x, today(), &mut c);
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
    assert!(e[0].source.contains("L565"));
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
    assert!(s[0].source.contains("L1396"));
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
    let mut x = Dossier::default();
    x.fill_implicit();
    let rules: Vec<String> = issues(&x).into_iter().map(|i| i.rule).collect();
    for r in [
        "D-QUESTION",
        "D-ENVOI",
        "D-REUNION",
        "D-REUNION-CR",
        "D-SYNTHESE",
        "D-FIN-ANNEE",
    ] {
        assert!(rules.contains(&r.to_string()), "{r} : {rules:?}");
    }
}
