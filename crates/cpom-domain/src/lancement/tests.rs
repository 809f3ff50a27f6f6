//! Tests des règles du lancement : portes, normes de durée, règle des 4 semaines, campagne
//! budgétaire, ordre des jalons, acteurs, check-list, réunions.

use crate::dossier::lancement::Campagne;
use crate::dossier::lancement::EtatItem;
use crate::dossier::lancement::Jalon;
use crate::dossier::lancement::JalonCode;
use crate::dossier::lancement::MoisJour;
use crate::dossier::lancement::Raci;
use crate::dossier::lancement::RaciRole;
use crate::dossier::lancement::TypeActeur;
use crate::dossier::lancement::TypeReunion;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::example::example_dossier;
use crate::kernel::issue::Collector;
use crate::kernel::issue::{Issue, Severity};
use crate::lancement::calc::{PhaseCode, StatutJalon, planning};
use crate::lancement::*;

fn d(y: i32, m: u32, j: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, j).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 22);

fn today() -> NaiveDate {
    d(TODAY.0, TODAY.1, TODAY.2)
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

fn rules_of(x: &Dossier) -> Vec<String> {
    issues(x).into_iter().map(|i| i.rule).collect()
}

fn find<'a>(v: &'a [Issue], rule: &str) -> Option<&'a Issue> {
    v.iter().find(|i| i.rule == rule)
}

fn jalon(x: &mut Dossier, code: JalonCode) -> &mut Jalon {
    let id = code.standard_id();
    x.lancement.jalons.iter_mut().find(|j| j.id == id).unwrap()
}

/// Fixe la date retenue (réelle) d'un jalon.
fn set(x: &mut Dossier, code: JalonCode, date: NaiveDate) {
    let j = jalon(x, code);
    j.date_prevue = Some(date);
    j.date_reelle = Some(date);
}

#[test]
fn example_lancement_has_no_error_and_its_deliberate_warnings() {
    let x = ex();
    let v = issues(&x);
    let errors: Vec<_> = v
        .iter()
        .filter(|i| i.severity == Severity::Erreur)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    // Phase de diagnostic au-delà de 4 mois, réunion du CVS sans compte-rendu, campagne.
    let norm = find(&v, "P-NORME-DIAGNOSTIC").expect("norme diagnostic");
    assert!(
        norm.message.contains("4 mois et 11 jours"),
        "{}",
        norm.message
    );
    assert!(
        norm.source.contains("Diagnostic : réalisation et partage"),
        "{}",
        norm.source
    );
    let cr = find(&v, "R-CR").expect("réunion sans compte-rendu");
    assert!(cr.message.contains("Information du CVS"), "{}", cr.message);
    assert!(find(&v, "P-CAMPAGNE").is_some());
    for absent in [
        "P-4-SEMAINES",
        "P-NORME-NEGOCIATION",
        "P-NORME-SIGNATURE",
        "OG-CA",
    ] {
        assert!(find(&v, absent).is_none(), "{absent} inattendu");
    }
}

#[test]
fn a_new_dossier_is_blocked_by_the_launch_meeting_until_one_date_is_entered() {
    let mut x = Dossier::default();
    x.fill_implicit();
    let v = issues(&x);
    let gate = find(&v, "L-REUNION-LANCEMENT").expect("porte réunion de lancement");
    assert_eq!(gate.severity, Severity::Erreur);
    let id = JalonCode::ReunionLancement.standard_id();
    assert_eq!(gate.path, format!("lancement.jalons.{id}.date_reelle"));
    for rule in [
        "L-ENGAGEMENT",
        "L-DG-MANDAT",
        "L-RETROPLANNING",
        "L-ACTEURS",
        "OG-RAISON",
    ] {
        assert!(find(&v, rule).is_some(), "{rule}");
    }
    // Une seule valeur lève la porte.
    jalon(&mut x, JalonCode::ReunionLancement).date_reelle = Some(d(2026, 1, 20));
    assert!(find(&issues(&x), "L-REUNION-LANCEMENT").is_none());
}

#[test]
fn engagement_gates() {
    let mut x = ex();
    x.organisme.date_deliberation_ca = None;
    x.lancement.engagement.dg_mandate = false;
    let v = issues(&x);
    assert_eq!(
        find(&v, "L-ENGAGEMENT").unwrap().path,
        "organisme.date_deliberation_ca"
    );
    assert_eq!(find(&v, "L-DG-MANDAT").unwrap().severity, Severity::Erreur);
    // La règle OG-CA du périmètre est remplacée par la porte L-ENGAGEMENT.
    assert!(find(&v, "OG-CA").is_none());
    x.lancement.engagement.coordonnateur_ars.nom.clear();
    x.lancement.engagement.coordonnateur_cd.nom.clear();
    assert!(rules_of(&x).contains(&"L-COORDONNATEUR".to_string()));
}

#[test]
fn phase_norms_are_checked_at_the_day() {
    let mut x = ex();
    // Diagnostic : exactement 4 mois après la prise de contact → conforme ; un jour de plus → non.
    set(&mut x, JalonCode::PriseDeContact, d(2026, 2, 5));
    set(&mut x, JalonCode::ReunionDiagnostic, d(2026, 6, 5));
    set(&mut x, JalonCode::EnvoiDossierDiagnostic, d(2026, 4, 24));
    assert!(!rules_of(&x).contains(&"P-NORME-DIAGNOSTIC".into()));
    set(&mut x, JalonCode::ReunionDiagnostic, d(2026, 6, 6));
    assert!(rules_of(&x).contains(&"P-NORME-DIAGNOSTIC".into()));
    // Négociation : réunion diagnostic → projet de CPOM, 4 mois.
    set(&mut x, JalonCode::ProjetCpom, d(2026, 10, 6));
    assert!(!rules_of(&x).contains(&"P-NORME-NEGOCIATION".into()));
    set(&mut x, JalonCode::ProjetCpom, d(2026, 10, 7));
    set(&mut x, JalonCode::SignatureOg, d(2026, 10, 20));
    let v = issues(&x);
    let n = find(&v, "P-NORME-NEGOCIATION").unwrap();
    assert!(n.message.contains("4 mois et 1 jour"), "{}", n.message);
    // Signature : projet de CPOM → dernière signature (ARS), 2 mois.
    jalon(&mut x, JalonCode::SignatureCd).date_prevue = Some(d(2026, 11, 30));
    jalon(&mut x, JalonCode::SignatureArs).date_prevue = Some(d(2026, 12, 7));
    assert!(!rules_of(&x).contains(&"P-NORME-SIGNATURE".into()));
    jalon(&mut x, JalonCode::SignatureArs).date_prevue = Some(d(2026, 12, 8));
    assert!(rules_of(&x).contains(&"P-NORME-SIGNATURE".into()));
    let p = planning(&x);
    let sig = p
        .phases
        .iter()
        .find(|p| p.code == PhaseCode::Signature)
        .unwrap();
    assert!(sig.depasse_norme);
    assert_eq!(sig.norme_mois, 2);
    assert_eq!(sig.duree.as_deref(), Some("2 mois et 1 jour"));
}

#[test]
fn the_diagnostic_file_is_sent_four_weeks_before_the_meeting() {
    let mut x = ex();
    set(&mut x, JalonCode::ReunionDiagnostic, d(2026, 6, 16));
    set(&mut x, JalonCode::EnvoiDossierDiagnostic, d(2026, 5, 19));
    assert!(
        !rules_of(&x).contains(&"P-4-SEMAINES".into()),
        "28 jours : conforme"
    );
    set(&mut x, JalonCode::EnvoiDossierDiagnostic, d(2026, 5, 20));
    let v = issues(&x);
    let w = find(&v, "P-4-SEMAINES").expect("27 jours");
    assert!(w.message.contains("27 jours avant"), "{}", w.message);
    assert!(
        w.message.contains("au plus tard le 19/05/2026"),
        "{}",
        w.message
    );
    assert!(w.source.contains("3. La négociation"), "{}", w.source);
}

#[test]
fn negotiation_overlapping_the_budget_campaign() {
    let mut x = ex();
    // Négociation du 16/06 au 13/10 : chevauche la fenêtre par défaut (1er mars - 30 juin).
    let v = issues(&x);
    let w = find(&v, "P-CAMPAGNE").unwrap();
    assert!(
        w.message.contains("du 16/06/2026 au 30/06/2026"),
        "{}",
        w.message
    );
    // Fenêtre réglée au 1er avril - 15 juin : plus de chevauchement.
    x.lancement.engagement.campagne_budgetaire = Campagne {
        debut: MoisJour::new(4, 1).unwrap(),
        fin: MoisJour::new(6, 15).unwrap(),
    };
    assert!(!rules_of(&x).contains(&"P-CAMPAGNE".into()));
}

#[test]
fn milestones_follow_the_process_order_and_signatures_og_cd_ars() {
    let mut x = ex();
    jalon(&mut x, JalonCode::SignatureArs).date_prevue = Some(d(2026, 11, 20));
    let v = issues(&x);
    let w = find(&v, "P-ORDRE-SIGNATURE").expect("ARS avant le CD");
    assert!(w.message.contains("Signature de l'ARS"), "{}", w.message);
    let mut x = ex();
    set(&mut x, JalonCode::ProjetFichesObjectifs, d(2026, 6, 1));
    assert!(rules_of(&x).contains(&"P-ORDRE".into()));
}

#[test]
fn dates_against_today() {
    let mut x = ex();
    let j = jalon(&mut x, JalonCode::SignatureCd);
    j.date_reelle = Some(d(2026, 11, 30));
    let v = issues(&x);
    assert!(find(&v, "P-REEL-FUTUR").is_some());
    let mut x = ex();
    jalon(&mut x, JalonCode::SignatureCd).date_prevue = Some(d(2026, 11, 20));
    let v = issues(&x);
    let i = find(&v, "P-A-CONFIRMER").expect("prévu et passé");
    assert_eq!(i.severity, Severity::Information);
    // Réalisé après la date prévue : information de retard.
    let retard: Vec<_> = v.iter().filter(|i| i.rule == "P-RETARD").collect();
    assert!(
        retard.iter().any(|i| i.message.contains("28 jours")),
        "{retard:#?}"
    );
}

#[test]
fn retroplanning_requires_planned_dates_only_for_applicable_milestones() {
    let mut x = ex();
    jalon(&mut x, JalonCode::ProjetCpom).date_prevue = None;
    jalon(&mut x, JalonCode::ProjetCpom).date_reelle = None;
    let v = issues(&x);
    let e = find(&v, "L-RETROPLANNING").unwrap();
    assert_eq!(e.severity, Severity::Erreur);
    assert!(e.path.ends_with(".date_prevue"));
    // Contrat bipartite ARS : la signature du département n'est pas attendue.
    let mut x = ex();
    for e in &mut x.esms {
        e.competence = Some(crate::kernel::nomenclature::Competence::Ars);
    }
    let j = jalon(&mut x, JalonCode::SignatureCd);
    j.date_prevue = None;
    assert!(!rules_of(&x).contains(&"L-RETROPLANNING".into()));
    let p = planning(&x);
    let cd = p
        .jalons
        .iter()
        .find(|j| j.code == JalonCode::SignatureCd)
        .unwrap();
    assert_eq!(cd.statut, StatutJalon::NonApplicable);
}

#[test]
fn actors_and_raci() {
    let mut x = ex();
    x.lancement.acteurs.clear();
    assert!(rules_of(&x).contains(&"L-ACTEURS".into()));
    let mut x = ex();
    // Deux « A » à l'étape diagnostic, un signataire absent.
    x.lancement.acteurs[0].raci.diagnostic = Some(RaciRole::A);
    x.lancement
        .acteurs
        .retain(|a| a.type_acteur != Some(TypeActeur::ConseilDepartemental));
    let v = issues(&x);
    let raci = v
        .iter()
        .find(|i| i.rule == "L-RACI" && i.path.ends_with("diagnostic"))
        .expect("deux A");
    assert!(
        raci.message.contains("2 acteurs approuvent"),
        "{}",
        raci.message
    );
    let sig = find(&v, "L-SIGNATAIRES").expect("département absent");
    assert!(
        sig.message.contains("Conseil départemental"),
        "{}",
        sig.message
    );
    let mut x = ex();
    for a in &mut x.lancement.acteurs {
        a.raci = Raci::default();
    }
    assert_eq!(
        find(&issues(&x), "L-RACI").unwrap().path,
        "lancement.acteurs"
    );
}

#[test]
fn checklist_is_expected_once_the_meeting_is_held() {
    let mut x = ex();
    x.lancement.checklist[0].etat = EtatItem::ATraiter;
    let v = issues(&x);
    let w = find(&v, "L-CHECKLIST").unwrap();
    assert_eq!(w.path, "lancement.checklist.definition_cpom.etat");
    assert!(w.source.contains("chapitre 2, § 1.3"), "{}", w.source);
    jalon(&mut x, JalonCode::ReunionLancement).date_reelle = None;
    assert!(!rules_of(&x).contains(&"L-CHECKLIST".into()));
}

#[test]
fn meetings_without_minutes_are_flagged_once_past() {
    let mut x = ex();
    let cvs = x
        .lancement
        .reunions
        .iter_mut()
        .find(|r| r.type_reunion == Some(TypeReunion::InformationCvs))
        .unwrap();
    cvs.date = Some(today());
    assert!(!rules_of(&x).contains(&"R-CR".into()), "réunion du jour");
    let mut x = ex();
    x.lancement
        .reunions
        .retain(|r| r.type_reunion != Some(TypeReunion::Lancement));
    assert!(rules_of(&x).contains(&"L-CR-LANCEMENT".into()));
}

#[test]
fn planning_model_for_the_timeline() {
    let x = ex();
    let p = planning(&x);
    assert_eq!(p.jalons.len(), 11);
    assert_eq!(p.jalons[0].code, JalonCode::Programmation);
    let pc = p
        .jalons
        .iter()
        .find(|j| j.code == JalonCode::PriseDeContact)
        .unwrap();
    assert_eq!(pc.ecart_jours, Some(2));
    assert_eq!(pc.statut, StatutJalon::Realise);
    let ars = p.jalons.last().unwrap();
    assert_eq!(ars.statut, StatutJalon::Prevu);
    assert_eq!(p.phases.len(), 3);
    assert_eq!(p.debut, Some(d(2025, 12, 15)));
    assert_eq!(p.fin, Some(d(2026, 12, 11)));
    assert_eq!(p.campagnes.len(), 2, "2025 et 2026");
    assert_eq!(p.campagnes[1].fin, d(2026, 6, 30));
}
