//! Tests du moteur d'étapes : états, avancement, validation, réouverture, acquittement.

use crate::dossier::etapes::StepId;
use crate::dossier::etapes::ValidationEtape;
use crate::kernel::progress::CompletionItem;
use crate::steps::engine::can_acknowledge;
use crate::steps::engine::can_validate;
use crate::steps::engine::completion_percent;
use crate::steps::engine::report;
use crate::steps::engine::reports;
use crate::steps::engine::to_reopen;
use crate::steps::report::StepState;
use chrono::NaiveDate;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::lancement::JalonCode;
use crate::example::example_dossier;

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

fn validate_step(x: &mut Dossier, step: StepId) {
    x.etapes.validations.retain(|v| v.etape != step);
    x.etapes.validations.push(ValidationEtape {
        id: Uuid::new_v4(),
        etape: step,
        valide: true,
        le: "2026-11-22T10:00:00.000Z".into(),
        par: "Test".into(),
        commentaire: "OK".into(),
        reouverture: None,
    });
}

fn item(fait: u32, total: u32) -> CompletionItem {
    CompletionItem {
        code: String::new(),
        libelle: String::new(),
        fait,
        total,
        chemin: None,
    }
}

#[test]
fn completion_is_the_mean_of_its_rows_and_100_only_when_all_is_done() {
    assert_eq!(completion_percent(&[]), 0);
    assert_eq!(completion_percent(&[item(1, 2), item(2, 2)]), 75);
    assert_eq!(completion_percent(&[item(199, 200)]), 99);
    assert_eq!(completion_percent(&[item(3, 3), item(0, 0)]), 100);
}

#[test]
fn a_new_dossier_has_four_steps_to_do() {
    let mut x = Dossier::default();
    x.fill_implicit();
    let r = reports(&x, today());
    assert_eq!(r.len(), 4);
    assert_eq!(
        r.iter().map(|s| s.etape).collect::<Vec<_>>(),
        StepId::ALL.to_vec()
    );
    assert_eq!(r[0].etat, StepState::AFaire);
    assert!(r[0].erreurs > 5);
    assert!(
        r[0].issues
            .iter()
            .any(|i| i.issue.rule == "L-REUNION-LANCEMENT")
    );
    for s in &r[2..] {
        assert_eq!(s.etat, StepState::AFaire);
        assert_eq!(s.completion, 0);
        assert!(s.issues.is_empty());
    }
    let refus = can_validate(&x, StepId::Objectifs, today()).unwrap_err();
    assert_eq!(refus.code, "etape.vide");
}

#[test]
fn example_steps_are_ready_with_acknowledged_warning() {
    let x = ex();
    let r = reports(&x, today());
    assert_eq!(r[0].etat, StepState::Pret, "{:#?}", r[0].issues);
    assert_eq!(r[1].etat, StepState::Pret, "{:#?}", r[1].issues);
    assert!(r[0].completion >= 90, "{}", r[0].completion);
    assert_eq!(r[1].completion, 100, "{:#?}", r[1].avancement);
    // L'avertissement P-CAMPAGNE est acquitté : il reste affiché, sans compter en attente.
    let camp = r[0]
        .issues
        .iter()
        .find(|i| i.issue.rule == "P-CAMPAGNE")
        .unwrap();
    let ack = camp.acquittement.as_ref().expect("acquitté");
    assert_eq!(ack.par, "Mme Sophie Guérin");
    assert_eq!(r[0].acquittes, 1);
    let warnings = r[0]
        .issues
        .iter()
        .filter(|i| i.issue.severity == crate::kernel::issue::Severity::Avertissement)
        .count();
    assert_eq!(r[0].avertissements, warnings - 1);
    // Objectifs : prêts (un avertissement) ; Signature : le manque volontaire (S-CA).
    assert_eq!(r[2].etat, StepState::Pret, "{:#?}", r[2].issues);
    assert_eq!(r[3].etat, StepState::EnCours);
    let blocking: Vec<_> = r[3]
        .issues
        .iter()
        .filter(|i| i.issue.severity == crate::kernel::issue::Severity::Erreur)
        .map(|i| i.issue.rule.as_str())
        .collect();
    assert_eq!(blocking, ["S-CA"]);
}

#[test]
fn a_step_with_blocking_errors_cannot_be_validated() {
    let mut x = ex();
    let id = JalonCode::ReunionLancement.standard_id();
    x.lancement
        .jalons
        .iter_mut()
        .find(|j| j.id == id)
        .unwrap()
        .date_reelle = None;
    let r = report(&x, StepId::Lancement, today());
    assert_eq!(r.etat, StepState::EnCours);
    let refus = can_validate(&x, StepId::Lancement, today()).unwrap_err();
    assert_eq!(refus.code, "etape.erreurs_bloquantes");
    assert!(
        refus
            .message
            .starts_with("L'étape « Lancement » ne peut pas être validée : 1 erreur bloquante"),
        "{}",
        refus.message
    );
    assert_eq!(
        refus.chemin,
        Some(format!("lancement.jalons.{id}.date_reelle"))
    );
}

#[test]
fn steps_are_validated_in_order_and_reopen_on_a_new_error() {
    let mut x = ex();
    let refus = can_validate(&x, StepId::Diagnostic, today()).unwrap_err();
    assert_eq!(refus.code, "etape.ordre");
    assert!(can_validate(&x, StepId::Lancement, today()).is_ok());
    validate_step(&mut x, StepId::Lancement);
    assert_eq!(
        report(&x, StepId::Lancement, today()).etat,
        StepState::Valide
    );
    assert_eq!(
        can_validate(&x, StepId::Lancement, today())
            .unwrap_err()
            .code,
        "etape.deja_validee"
    );
    assert!(can_validate(&x, StepId::Diagnostic, today()).is_ok());
    assert!(to_reopen(&x, today()).is_empty());
    // Une modification crée une erreur bloquante : l'étape validée repasse « en cours ».
    x.organisme.raison_sociale.clear();
    let r = report(&x, StepId::Lancement, today());
    assert_eq!(r.etat, StepState::EnCours);
    assert!(r.validation.is_none());
    let reopen = to_reopen(&x, today());
    assert_eq!(reopen.len(), 1);
    assert_eq!(reopen[0].0, StepId::Lancement);
    assert_eq!(reopen[0].1.rule, "OG-RAISON");
}

#[test]
fn only_present_warnings_are_acknowledged_with_a_comment() {
    let x = ex();
    let cvs = report(&x, StepId::Lancement, today())
        .issues
        .into_iter()
        .find(|i| i.issue.rule == "R-CR")
        .unwrap()
        .issue;
    assert_eq!(
        can_acknowledge(&x, "R-CR", &cvs.path, "Compte-rendu oral", today()),
        Ok(StepId::Lancement)
    );
    let e = can_acknowledge(&x, "R-CR", &cvs.path, "  ", today()).unwrap_err();
    assert_eq!(e.code, "acquittement.commentaire");
    let e = can_acknowledge(&x, "R-CR", "ailleurs", "x", today()).unwrap_err();
    assert_eq!(e.code, "acquittement.introuvable");
    let info = report(&x, StepId::Diagnostic, today())
        .issues
        .into_iter()
        .find(|i| i.issue.rule == "V23")
        .unwrap()
        .issue;
    assert_eq!(
        can_acknowledge(&x, "V23", &info.path, "x", today())
            .unwrap_err()
            .code,
        "acquittement.information"
    );
    let mut y = ex();
    y.cpom.region = None;
    let e = can_acknowledge(&y, "CPOM-REGION", "cpom.region", "x", today()).unwrap_err();
    assert_eq!(e.code, "acquittement.erreur");
}

/// Un dossier neuf tel que l'application le crée (enregistrements implicites compris).
fn neuf() -> Dossier {
    let mut d = Dossier::default();
    d.fill_implicit();
    d
}

/// Une seule source pour les comptes : le bilan de « Prêt pour signature » est la somme des
/// rapports des étapes, ses points sont ceux qu'il compte, et chaque étape compte ce que
/// son rapport montre — sur l'exemple comme sur un dossier neuf.
#[test]
fn counts_agree_on_the_example_and_a_new_dossier() {
    use crate::kernel::issue::Severity;
    use crate::steps::readiness::readiness;
    for (name, d) in [("exemple", ex()), ("neuf", neuf())] {
        let r = readiness(&d, today());
        let reps = reports(&d, today());
        let b = &r.bilan;
        assert_eq!(b.bloquants as usize, r.points.len(), "{name}");
        assert_eq!(b.bloquants, b.a_completer + b.erreurs, "{name}");
        assert_eq!(
            b.a_completer as usize,
            r.points.iter().filter(|p| p.a_completer).count(),
            "{name}"
        );
        let warns: usize = reps.iter().map(|s| s.avertissements).sum();
        assert_eq!(b.avertissements as usize, warns, "{name}");
        assert_eq!(r.avertissements, b.avertissements, "{name}");
        for (s, e) in reps.iter().zip(&b.etapes) {
            assert_eq!(s.etape, e.etape);
            let blocking = s
                .issues
                .iter()
                .filter(|i| i.issue.severity == Severity::Erreur)
                .count()
                + usize::from(s.etat == StepState::AFaire);
            assert_eq!(e.bloquants as usize, blocking, "{name} {:?}", s.etape);
            assert_eq!(
                s.erreurs,
                blocking - usize::from(s.etat == StepState::AFaire)
            );
        }
        println!("{name} : {b:?}");
        for p in &r.points {
            println!(
                "  [{}] {} {} — {}",
                p.a_completer, p.regle, p.chemin, p.message
            );
        }
    }
}

/// Un dossier neuf est « à compléter », pas « en erreur » : aucun point bloquant n'y est une
/// erreur, tous sont des valeurs à saisir ou des étapes à commencer.
#[test]
fn a_new_dossier_has_nothing_red() {
    use crate::steps::readiness::readiness;
    let r = readiness(&neuf(), today());
    let red: Vec<_> = r
        .points
        .iter()
        .filter(|p| !p.a_completer)
        .map(|p| format!("{} {} — {}", p.regle, p.chemin, p.message))
        .collect();
    assert!(r.bilan.a_completer > 0);
    assert_eq!(red, Vec::<String>::new());
    assert_eq!(r.bilan.erreurs, 0);
}

/// L'exemple a un point bloquant volontaire (délibération du CA non datée) : une erreur,
/// comptée une fois partout.
#[test]
fn the_example_counts_its_single_blocking_point_once() {
    use crate::steps::readiness::readiness;
    let r = readiness(&ex(), today());
    assert_eq!(r.bilan.bloquants as usize, r.points.len());
    let per_step: u32 = r.bilan.etapes.iter().map(|e| e.bloquants).sum();
    assert_eq!(per_step, r.bilan.bloquants);
}
