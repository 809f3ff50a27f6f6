//! Une règle, un test : on part du dossier exemple (un seul manque : S-CA) et on casse une
//! chose à la fois.

use crate::dossier::signature::BudgetReference;
use crate::dossier::signature::EtatAnnexe;
use crate::dossier::signature::Moyens;
use crate::dossier::signature::Signatures;
use crate::dossier::signature::Suivi;
use crate::signature::calc::is_signed;
use crate::steps::guard::guard_write;
use crate::steps::readiness::EtatDossier;
use crate::steps::readiness::readiness;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::kernel::issue::Collector;
use crate::kernel::issue::{Issue, Severity};
use crate::record::editable::Editable;
use crate::signature::*;

fn ex() -> Dossier {
    let mut n = 0u128;
    crate::example::example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    })
}

fn ready() -> Dossier {
    let mut d = ex();
    d.signature.signatures.date_deliberation_ca = NaiveDate::from_ymd_opt(2026, 11, 5);
    d
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn issues(d: &Dossier) -> Vec<Issue> {
    let mut c = Collector::default();
    rules::check(d, today(), &mut c);
    c.0
}

fn find(d: &Dossier, rule: &str) -> Vec<Issue> {
    issues(d).into_iter().filter(|i| i.rule == rule).collect()
}

fn dec(s: &str) -> Option<Decimal> {
    s.parse().ok()
}

#[test]
fn example_has_exactly_one_deliberate_gap() {
    let errors: Vec<_> = issues(&ex())
        .into_iter()
        .filter(|i| i.severity == Severity::Erreur)
        .collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].rule, "S-CA");
    assert_eq!(errors[0].path, "signature.signatures.date_deliberation_ca");
    assert!(
        issues(&ready())
            .iter()
            .all(|i| i.severity != Severity::Erreur)
    );
}

#[test]
fn readiness_lists_blocking_points_then_ready_then_signed() {
    let d = ex();
    let r = readiness(&d, today());
    assert_eq!(r.etat, EtatDossier::EnPreparation);
    assert_eq!(r.points.len(), 1);
    assert_eq!(
        r.points[0].chemin,
        "signature.signatures.date_deliberation_ca"
    );
    assert_eq!(r.signatures.len(), 3);
    assert_eq!(r.signatures[0].partie, "organisme");
    assert_eq!(r.signatures[2].partie, "ars:52");

    let mut d = ready();
    let r = readiness(&d, today());
    assert!(r.pret);
    assert_eq!(r.etat, EtatDossier::PretPourSignature);
    assert_eq!(r.etat_libelle, "Prêt pour signature");

    d.signature.signatures.signataires[0].date_signature = NaiveDate::from_ymd_opt(2026, 12, 1);
    assert!(!is_signed(&d));
    assert_eq!(readiness(&d, today()).etat, EtatDossier::EnSignature);
    for (i, s) in d.signature.signatures.signataires.iter_mut().enumerate() {
        s.date_signature = NaiveDate::from_ymd_opt(2026, 12, 1 + i as u32);
    }
    assert!(is_signed(&d));
    assert_eq!(readiness(&d, today()).etat, EtatDossier::Signe);
    let mut changed = d.clone();
    changed.organisme.raison_sociale = "Autre".into();
    assert_eq!(
        guard_write(&d, &changed, today()).unwrap_err().code,
        "dossier.signe"
    );
}

#[test]
fn the_last_signature_needs_a_ready_dossier() {
    let mut d = ex();
    for s in &mut d.signature.signatures.signataires {
        s.date_signature = NaiveDate::from_ymd_opt(2026, 12, 10);
    }
    let e = guard_write(&ex(), &d, today()).unwrap_err();
    assert_eq!(e.code, "signature.pas_pret");
    assert_eq!(
        e.chemin.as_deref(),
        Some("signature.signatures.date_deliberation_ca")
    );
    let mut d = ready();
    for s in &mut d.signature.signatures.signataires {
        s.date_signature = NaiveDate::from_ymd_opt(2026, 12, 10);
    }
    assert!(guard_write(&ready(), &d, today()).is_ok());
}

#[test]
fn repartition_must_equal_the_dotation_to_the_cent() {
    let mut d = ready();
    assert_eq!(
        crate::signature::calc::totaux_repartition(&d).ecart,
        Some(Decimal::ZERO)
    );
    d.signature.repartition[0].groupes.g1 = dec("310000.49");
    let e = find(&d, "S-REPARTITION");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("écart de 0,01\u{a0}€"),
        "{}",
        e[0].message
    );
    // Un ESMS financé par l'ARS sans répartition.
    let mut d = ready();
    d.signature.repartition.remove(1);
    let e = find(&d, "S-REPARTITION");
    assert!(
        e.iter()
            .any(|i| i.message.starts_with("SESSAD Les Hirondelles")),
        "{e:#?}"
    );
    let mut d = ready();
    d.signature.moyens.dotation_globalisee = None;
    assert_eq!(find(&d, "S-DOTATION").len(), 1);
}

#[test]
fn evolution_mode_and_cd_modalities_are_required() {
    let mut d = ready();
    d.signature.moyens.mode_evolution = None;
    d.signature.moyens.modalites_cd.clear();
    assert_eq!(find(&d, "V21").len(), 1);
    assert_eq!(find(&d, "S-CD").len(), 1);
}

#[test]
fn reference_budgets_are_balanced_and_activity_is_computed() {
    let mut d = ready();
    d.signature.budgets[0].recettes.g2 = dec("119000");
    let e = find(&d, "S-BUDGET");
    assert_eq!(e.len(), 1);
    assert!(
        e[0].message.contains("écart 1\u{202f}000,00\u{a0}€"),
        "{}",
        e[0].message
    );
    let x = crate::signature::calc::activite(&d.signature.budgets[0]);
    // (35 200 + 35 900 + 35 494) / 3 = 35 531,33 ; / 38 000 = 93,5 %.
    assert_eq!(x.moyenne, dec("35531.33"));
    assert_eq!(x.taux_realisation, dec("93.5"));
    assert_eq!(x.retenue, x.moyenne);
    let mut d = ready();
    d.signature.budgets.remove(6);
    assert!(find(&d, "S-BUDGET")[0].message.contains("Foyer de vie"));
}

#[test]
fn frais_de_siege_and_aide_sociale() {
    let mut d = ready();
    d.signature.moyens.frais_siege_montant = None;
    d.organisme.date_arrete_frais_siege = None;
    assert_eq!(find(&d, "V25").len(), 2);
    let mut d = ready();
    d.signature.moyens.frais_siege_integres = false;
    let w = find(&d, "V25");
    assert_eq!(w.len(), 1);
    assert_eq!(w[0].severity, Severity::Avertissement);
    let mut d = ready();
    d.signature.moyens.clause_aide_sociale.clear();
    assert_eq!(find(&d, "V24").len(), 1);
}

#[test]
fn affectation_guards() {
    // V13 : ni clause ni prévisionnel.
    let mut d = ready();
    d.signature.affectations.clear();
    d.signature.moyens.clause_affectation.clear();
    assert_eq!(find(&d, "V13").len(), 1);
    // Apurement d'abord.
    let mut d = ready();
    d.signature.affectations[0].apurement_deficits = dec("1000");
    d.signature.affectations[0].reserve_compensation = dec("43999.99");
    let e = find(&d, "A-PRIORITE");
    assert_eq!(e.len(), 1, "{:#?}", issues(&d));
    let mut d = ready();
    d.signature.moyens.ordre_affectation.reverse();
    assert_eq!(find(&d, "A-ORDRE").len(), 1);
    // Pas plus que le résultat ; le reste non affecté alerte.
    let mut d = ready();
    d.signature.affectations[1].reserve_compensation = dec("20000.01");
    assert!(
        find(&d, "A-TOTAL")[0]
            .message
            .contains("dépassement de 0,01")
    );
    d.signature.affectations[1].reserve_compensation = dec("10000");
    assert_eq!(find(&d, "A-RESTE")[0].severity, Severity::Avertissement);
    // Un déficit ne s'affecte pas.
    let mut d = ready();
    d.signature.affectations[2].resultat = dec("-5000");
    d.signature.affectations[2].report_a_nouveau = dec("100");
    assert_eq!(find(&d, "A-DEFICIT").len(), 1);
    // Investissement : accord des deux autorités en tripartite (principe proposé par le
    // guide PdL : avertissement).
    let mut d = ready();
    d.signature.affectations[0].accord_cd_investissement = false;
    assert_eq!(find(&d, "A-INVEST")[0].severity, Severity::Avertissement);
    // Réserve de compensation : moins de 5 % de la base budgétaire.
    let mut d = ready();
    d.signature.affectations[1].reserve_compensation_existante = dec("900000");
    assert_eq!(
        find(&d, "A-COMPENSATION")[0].severity,
        Severity::Avertissement
    );
    // Trésorerie : dans la limite du BFR de l'année, lu au PGFP (art. R. 314-48).
    let mut d = ready();
    let a = &mut d.signature.affectations[1];
    a.compensation_amortissements = dec("30000");
    a.reserve_tresorerie = dec("10000");
    assert!(
        find(&d, "A-TRESORERIE").is_empty(),
        "BFR 2028 du PGFP : 990 000"
    );
    d.signature
        .pgfp
        .lignes
        .get_mut("bfr")
        .unwrap()
        .insert(2028, rust_decimal::Decimal::from(5000));
    let t = find(&d, "A-TRESORERIE");
    assert_eq!(t[0].severity, Severity::Erreur);
    assert!(t[0].message.contains("PGFP"), "{}", t[0].message);
    // Sans BFR au PGFP : celui de la ligne (dossiers antérieurs), sinon un avertissement.
    d.signature.pgfp.lignes.remove("bfr");
    assert_eq!(
        find(&d, "A-TRESORERIE")[0].severity,
        Severity::Avertissement
    );
    d.signature.affectations[1].bfr = dec("5000");
    assert_eq!(find(&d, "A-TRESORERIE")[0].severity, Severity::Erreur);
    // Report à nouveau au-delà du seuil réglable (deux années par défaut, inférence).
    let mut d = ready();
    for a in d.signature.affectations.iter_mut().skip(2) {
        a.resultat = dec("1000");
        a.report_a_nouveau = dec("1000");
    }
    let r = find(&d, "A-REPORT");
    assert_eq!(r.len(), 1);
    assert!(r[0].message.contains("seuil réglable"), "{}", r[0].message);
    assert!(r[0].source.contains("inférence"), "{}", r[0].source);
    d.signature.moyens.report_max_annees = Some(3);
    assert!(find(&d, "A-REPORT").is_empty());
    // Hors période : avertissement.
    let mut d = ready();
    d.signature.affectations[4].annee = Some(2035);
    assert_eq!(find(&d, "A-ANNEE")[0].severity, Severity::Avertissement);
    // Hors du pack Pays de la Loire, les principes de sa procédure ne s'appliquent pas ;
    // le CASF, si.
    d.cpom.region = Some("76".into());
    d.signature.affectations[0].accord_cd_investissement = false;
    let a = &mut d.signature.affectations[1];
    a.compensation_amortissements = dec("30000");
    a.reserve_tresorerie = dec("2000000");
    for r in [
        "A-ANNEE",
        "A-INVEST",
        "A-COMPENSATION",
        "A-REPORT",
        "A-RESTE",
    ] {
        assert!(find(&d, r).is_empty(), "{r}");
    }
    assert_eq!(find(&d, "A-TRESORERIE")[0].severity, Severity::Erreur);
}

#[test]
fn cross_esms_affectation_rules() {
    let mut d = ready();
    let (ime, foyer) = (d.esms[0].id, d.esms[6].id);
    let a = &mut d.signature.affectations[1];
    a.esms = Some(ime);
    a.esms_beneficiaire = Some(foyer);
    assert!(find(&d, "V16").is_empty(), "association : privé");
    assert!(find(&d, "A-DEPARTEMENTS").is_empty());
    d.organisme.statut_juridique =
        Some(crate::dossier::perimetre::StatutJuridique::EtablissementPublicAutonome);
    assert_eq!(find(&d, "V16").len(), 1);
    d.organisme.statut_juridique = Some(crate::dossier::perimetre::StatutJuridique::Association);
    d.esms[6].departement = Some("49".into());
    assert_eq!(find(&d, "A-DEPARTEMENTS").len(), 1);
    d.esms[6].secteur = Some(crate::kernel::nomenclature::Secteur::PersonnesAgees);
    d.signature.affectations[1].justification.clear();
    assert_eq!(find(&d, "V18")[0].severity, Severity::Erreur);
    d.signature.affectations[1].justification = "Projet PHV".into();
    assert_eq!(find(&d, "V18")[0].severity, Severity::Avertissement);
}

#[test]
fn follow_up_consultations_signatories_and_annexes() {
    let mut d = ready();
    d.signature.suivi.comite_cd.clear();
    d.signature.suivi.evaluations.pop();
    assert_eq!(find(&d, "S-COMITE").len(), 1);
    assert_eq!(find(&d, "S-EVALUATION").len(), 1);
    let mut d = ready();
    d.signature.signatures.date_irp = None;
    assert_eq!(find(&d, "V47").len(), 1);
    let mut d = ready();
    d.signature.signatures.signataires[0].qualite.clear();
    assert_eq!(find(&d, "S-SIGNATAIRE").len(), 1);
    // L'ARS signe avant l'organisme : avertissement d'ordre.
    let mut d = ready();
    for s in &mut d.signature.signatures.signataires {
        s.date_signature =
            NaiveDate::from_ymd_opt(2026, 12, if s.partie.starts_with("ars") { 1 } else { 15 });
    }
    assert_eq!(find(&d, "S-ORDRE").len(), 1);
    // Sous le pack national, l'ordre des signatures ne s'impose pas.
    d.cpom.region = Some("76".into());
    assert!(find(&d, "S-ORDRE").is_empty());
    // Annexe PGFP : générée dès que le PGFP est saisi ; sinon à joindre (nature 1, erreur) ;
    // autres contrats (nature 3, le cas échéant) : avertissement.
    let mut d = ready();
    d.signature
        .signatures
        .annexes
        .retain(|a| a.id != "pgfp_ppi" && a.id != "autres_contrats");
    assert!(
        find(&d, "V26")
            .iter()
            .all(|i| !i.path.ends_with("pgfp_ppi")),
        "PGFP généré"
    );
    d.signature.pgfp = Default::default();
    let v26 = find(&d, "V26");
    assert_eq!(v26.len(), 2, "{v26:#?}");
    assert!(
        v26.iter()
            .any(|i| i.severity == Severity::Erreur && i.path.ends_with("pgfp_ppi"))
    );
    assert!(
        v26.iter()
            .any(|i| i.severity == Severity::Avertissement && i.path.ends_with("autres_contrats"))
    );
}

#[test]
fn follow_up_calendar_is_derived_from_the_dates() {
    let mut d = ready();
    let c = crate::signature::calc::calendrier(&d);
    let dates: Vec<String> = c.iter().map(|e| e.date.to_string()).collect();
    assert!(
        dates.contains(&"2029-01-01".to_string()),
        "mi-parcours : {dates:?}"
    );
    // Le bilan d'exécution six mois avant l'échéance est une clause du modèle PACA.
    assert!(
        !dates.contains(&"2031-06-30".to_string()),
        "bilan PACA hors du pack PdL : {dates:?}"
    );
    assert!(
        dates.contains(&"2028-04-30".to_string()),
        "rapport au département : {dates:?}"
    );
    assert_eq!(
        c.iter()
            .filter(|e| e.libelle.starts_with("Évaluation"))
            .count(),
        7
    );
    assert!(c.windows(2).all(|w| w[0].date <= w[1].date));
    let n = c.len();
    d.signature.suivi.dialogue_annee4 = true;
    assert_eq!(crate::signature::calc::calendrier(&d).len(), n + 1);
    // Sous le pack PACA : le bilan d'exécution six mois avant l'échéance, la revue annuelle
    // des objectifs ; plus de rapport au département au 30 avril.
    d.cpom.region = Some("93".into());
    let c = crate::signature::calc::calendrier(&d);
    let bilan = c.iter().find(|e| e.id == "bilan_execution").unwrap();
    assert_eq!(bilan.date.to_string(), "2031-06-30");
    assert!(
        bilan.source.contains("Provence-Alpes-Côte d'Azur"),
        "{}",
        bilan.source
    );
    assert!(c.iter().all(|e| e.id != "rapport_departement"));
    assert!(
        c.iter()
            .any(|e| e.id == "revue_objectifs" && e.annee_contrat == 2)
    );
}

#[test]
fn field_setters() {
    let mut s = Signatures::blank(Uuid::nil());
    s.set_field("signataires.cd:44.nom", &json!("Mme X"))
        .unwrap();
    assert_eq!(s.signataire("cd:44").unwrap().nom, "Mme X");
    s.set_field("signataires.cd:44.nom", &json!("")).unwrap();
    assert!(s.signataires.is_empty(), "une saisie vide efface la ligne");
    assert!(s.set_field("signataires.x y.nom", &json!("a")).is_err());
    s.set_field("annexes.pgfp_ppi", &json!("jointe")).unwrap();
    assert_eq!(s.annexe("pgfp_ppi"), EtatAnnexe::Jointe);
    assert_eq!(
        s.set_field("annexes.inconnue", &json!("jointe"))
            .unwrap_err()
            .code,
        "annexe.inconnue"
    );
    let mut m = Moyens::blank(Uuid::nil());
    assert!(m.set_field("frais_siege_taux", &json!("120")).is_err());
    assert!(m.set_field("dotation_globalisee", &json!("-1")).is_err());
    m.set_field(
        "ordre_affectation",
        &json!(["apurement_deficits", "report_a_nouveau"]),
    )
    .unwrap();
    assert_eq!(m.ordre_affectation.len(), 2);
    let mut b = BudgetReference::blank(Uuid::nil());
    b.set_field("activite_realisee.2", &json!("100")).unwrap();
    assert_eq!(b.activite_realisee, vec![None, dec("100"), None]);
    assert!(b.set_field("activite_realisee.4", &json!("1")).is_err());
    let mut su = Suivi::blank(Uuid::nil());
    let id = Uuid::from_u128(5);
    su.set_field(&format!("evaluations.{id}"), &json!("2029-03-01"))
        .unwrap();
    su.set_field(&format!("evaluations.{id}"), &json!("2029-04-01"))
        .unwrap();
    assert_eq!(su.evaluations.len(), 1);
    su.set_field(&format!("evaluations.{id}"), &json!(null))
        .unwrap();
    assert!(su.evaluations.is_empty());
}
