//! Une règle, un test : on part du dossier exemple (sans erreur dans l'étape) et on casse
//! une chose à la fois.

use crate::dossier::objectifs::Action;
use crate::dossier::objectifs::AutoritesEngagees;
use crate::dossier::objectifs::IndicateurObjectif;
use crate::dossier::objectifs::Objectif;
use crate::dossier::objectifs::ObjectifMinimum;
use crate::dossier::objectifs::PorteeObjectif;
use crate::dossier::objectifs::StatutObjectif;
use crate::objectifs::calc::coverage;
use crate::objectifs::calc::matrice;
use crate::objectifs::calc::recapitulatif;
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde_json::json;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::kernel::issue::Collector;
use crate::kernel::issue::{Issue, Severity};
use crate::objectifs::*;
use crate::record::editable::Editable;

fn ex() -> Dossier {
    let mut n = 0u128;
    crate::example::example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn issues(d: &Dossier) -> Vec<Issue> {
    let mut c = Collector::default();
    rules::check(d, today(), &mut c);
    c.0
}

fn has(d: &Dossier, rule: &str, sev: Severity) -> bool {
    issues(d)
        .iter()
        .any(|i| i.rule == rule && i.severity == sev)
}

fn rules_of(d: &Dossier) -> Vec<String> {
    issues(d).into_iter().map(|i| i.rule).collect()
}

#[test]
fn example_has_no_error_and_covers_the_six_minimums() {
    let d = ex();
    let errors: Vec<_> = issues(&d)
        .into_iter()
        .filter(|i| i.severity == Severity::Erreur)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(d.objectifs.objectifs.len() >= 8);
    let cov = coverage(&d);
    assert_eq!(cov.len(), 6);
    assert!(cov.iter().all(|m| !m.objectifs.is_empty()), "{cov:#?}");
    // Plusieurs ESMS portent des objectifs propres.
    let propres: std::collections::HashSet<_> = d
        .objectifs
        .objectifs
        .iter()
        .flat_map(|o| o.esms.iter())
        .collect();
    assert!(propres.len() >= 4);
}

#[test]
fn a_missing_minimum_is_an_error_in_pays_de_la_loire_and_absent_elsewhere() {
    let mut d = ex();
    for o in &mut d.objectifs.objectifs {
        o.minimums.retain(|m| *m != ObjectifMinimum::Prevention);
    }
    let i: Vec<_> = issues(&d)
        .into_iter()
        .filter(|i| i.rule == "O-MINIMUM")
        .collect();
    assert_eq!(i.len(), 1);
    assert_eq!(i[0].severity, Severity::Erreur);
    assert!(
        i[0].message.contains("« Prévention » (axe 2)"),
        "{}",
        i[0].message
    );
    assert!(i[0].source.contains("ARS Pays de la Loire"));
    // Règle du pack Pays de la Loire : ni erreur ni information sous un autre pack, et la
    // ligne d'avancement des six minimums disparaît.
    for (region, pack) in [("93", None), ("76", None), ("52", Some("national"))] {
        d.cpom.region = Some(region.into());
        d.cpom.pack = pack.map(str::to_string);
        assert!(issues(&d).iter().all(|i| i.rule != "O-MINIMUM"), "{region}");
        assert!(
            crate::objectifs::rules::completion(&d, today())
                .iter()
                .all(|c| c.code != "minimums"),
            "{region}"
        );
    }
}

#[test]
fn an_abandoned_objective_does_not_count() {
    let mut d = ex();
    let inclusion: Vec<Uuid> = d
        .objectifs
        .objectifs
        .iter()
        .filter(|o| o.minimums.contains(&ObjectifMinimum::Inclusion))
        .map(|o| o.id)
        .collect();
    for o in &mut d.objectifs.objectifs {
        if inclusion.contains(&o.id) {
            o.statut = StatutObjectif::Abandonne;
        }
    }
    assert!(has(&d, "O-MINIMUM", Severity::Erreur));
    assert!(
        !rules_of(&d).contains(&"O-STATUT".to_string())
            || d.objectifs
                .actifs()
                .any(|o| o.statut == StatutObjectif::Propose)
    );
}

#[test]
fn every_objective_needs_an_indicator_with_method_baseline_and_targets() {
    let mut d = ex();
    let first = d.objectifs.objectifs[0].id;
    d.objectifs.indicateurs.retain(|i| i.objectif != first);
    assert!(issues(&d).iter().any(|i| i.rule == "V27"
        && i.severity == Severity::Erreur
        && i.path == format!("objectifs.objectifs.{first}.indicateurs")));

    let mut d = ex();
    let i = &mut d.objectifs.indicateurs[0];
    i.mode_calcul.clear();
    i.valeur_initiale = None;
    i.cible_finale = None;
    i.cible_mi_parcours = None;
    i.source.clear();
    let id = i.id;
    let found = issues(&d);
    let on = |rule: &str, field: &str| {
        found
            .iter()
            .any(|x| x.rule == rule && x.path == format!("objectifs.indicateurs.{id}.{field}"))
    };
    assert!(on("V27-INDIC", "mode_calcul"));
    assert!(on("V27-INDIC", "valeur_initiale"));
    assert!(on("V27-INDIC", "cible_finale"));
    assert!(on("O-MI-PARCOURS", "cible_mi_parcours"));
    assert!(on("O-SOURCE", "source"));
}

#[test]
fn perimeter_proper_objective_lists_esms_of_the_cpom() {
    let mut d = ex();
    let o = d
        .objectifs
        .objectifs
        .iter_mut()
        .find(|o| o.portee == PorteeObjectif::Propre)
        .unwrap();
    o.esms.clear();
    assert!(has(&d, "V27", Severity::Erreur));
    let mut d = ex();
    d.esms[0].dans_perimetre = false;
    let msgs: Vec<_> = issues(&d)
        .into_iter()
        .filter(|i| i.rule == "V27")
        .map(|i| i.message)
        .collect();
    assert!(
        msgs.iter().any(|m| m.contains("pas dans le périmètre")),
        "{msgs:?}"
    );
}

#[test]
fn authorities_are_required_and_single_competence_binds_one_authority() {
    // V30 ne vaut que pour un CPOM unique.
    let ex = || {
        let mut d = ex();
        d.cpom.articulation = Some(crate::dossier::perimetre::Articulation::CpomUnique);
        d
    };
    let mut d = ex();
    d.objectifs.objectifs[0].autorites = None;
    assert!(has(&d, "V30", Severity::Erreur));
    d.cpom.articulation = Some(crate::dossier::perimetre::Articulation::RegroupementSimple);
    assert!(!has(&d, "V30", Severity::Erreur), "regroupement simple");
    // La fiche ESAT (compétence ARS seule) ne peut engager le département.
    let mut d = ex();
    let esat = d.esms[3].id;
    let o = d
        .objectifs
        .objectifs
        .iter_mut()
        .find(|o| o.esms == vec![esat])
        .unwrap();
    o.autorites = Some(AutoritesEngagees::ArsEtCd);
    let v30: Vec<_> = issues(&d).into_iter().filter(|i| i.rule == "V30").collect();
    assert_eq!(v30.len(), 1, "{v30:#?}");
    assert!(v30[0].message.contains("relèvent de la seule ARS"));
    // Le foyer de vie (département seul) ne peut engager l'ARS.
    let mut d = ex();
    let foyer = d.esms[6].id;
    let o = d
        .objectifs
        .objectifs
        .iter_mut()
        .find(|o| o.esms == vec![foyer])
        .unwrap();
    o.autorites = Some(AutoritesEngagees::Ars);
    assert!(
        issues(&d)
            .iter()
            .any(|i| i.rule == "V30" && i.message.contains("seul conseil départemental"))
    );
}

#[test]
fn actions_stay_inside_the_contract_period_and_are_dated() {
    let mut d = ex();
    d.objectifs.actions[0].fin = NaiveDate::from_ymd_opt(2032, 3, 1);
    let p: Vec<_> = issues(&d)
        .into_iter()
        .filter(|i| i.rule == "O-PERIODE")
        .collect();
    assert_eq!(p.len(), 1);
    assert!(
        p[0].message.contains("1er janvier 2027 – 31 décembre 2031"),
        "{}",
        p[0].message
    );
    let mut d = ex();
    d.objectifs.actions[0].debut = None;
    assert!(has(&d, "O-DATES", Severity::Avertissement));
}

#[test]
fn too_many_objectives_warns_with_a_configurable_threshold() {
    let mut d = ex();
    assert!(!has(&d, "V28", Severity::Avertissement));
    d.objectifs.reglages.seuil_objectifs = Some(5);
    let w: Vec<_> = issues(&d).into_iter().filter(|i| i.rule == "V28").collect();
    assert_eq!(w.len(), 1);
    assert!(
        w[0].message.starts_with("9 objectifs : au-delà de 5"),
        "{}",
        w[0].message
    );
}

#[test]
fn most_actions_in_year_one_warns() {
    let mut d = ex();
    assert!(!has(&d, "O-ANNEE1", Severity::Avertissement));
    for a in &mut d.objectifs.actions {
        a.debut = NaiveDate::from_ymd_opt(2027, 2, 1);
    }
    assert!(has(&d, "O-ANNEE1", Severity::Avertissement));
    d.objectifs.reglages.seuil_annee1 = Some(100);
    assert!(!has(&d, "O-ANNEE1", Severity::Avertissement));
}

#[test]
fn restating_a_regulatory_norm_warns_unless_it_impacts_the_pgfp() {
    let mut d = ex();
    d.objectifs.objectifs[0].titre =
        "Actualiser le projet d'établissement et le livret d'accueil".into();
    let w: Vec<_> = issues(&d).into_iter().filter(|i| i.rule == "V29").collect();
    assert_eq!(w.len(), 1);
    assert!(w[0].message.contains("Outils de la loi 2002-2"));
    d.objectifs.objectifs[0].impact_pgfp = true;
    assert!(!has(&d, "V29", Severity::Avertissement));
}

#[test]
fn a_partner_dependent_action_without_partner_warns() {
    let mut d = ex();
    let a = d
        .objectifs
        .actions
        .iter_mut()
        .find(|a| a.depend_partenaire)
        .unwrap();
    a.partenaires.clear();
    assert!(has(&d, "O-PARTENAIRE", Severity::Avertissement));
}

#[test]
fn links_to_the_diagnostic_are_checked() {
    let mut d = ex();
    let o = &mut d.objectifs.objectifs[1];
    o.constats.clear();
    o.constats_organisme.clear();
    assert!(has(&d, "O-CONSTAT", Severity::Avertissement));
    let mut d = ex();
    d.objectifs.objectifs[0]
        .constats
        .push(Uuid::from_u128(999_999));
    assert!(has(&d, "O-CONSTAT-LIEN", Severity::Erreur));
}

#[test]
fn orphan_actions_and_indicators_are_errors() {
    let mut d = ex();
    d.objectifs.actions[0].objectif = Uuid::from_u128(424_242);
    d.objectifs.indicateurs[0].objectif = Uuid::from_u128(424_242);
    let n = issues(&d).iter().filter(|i| i.rule == "O-ORPHELIN").count();
    assert_eq!(n, 2);
}

#[test]
fn title_and_axis_are_required() {
    let mut d = ex();
    d.objectifs.objectifs[2].titre.clear();
    d.objectifs.objectifs[2].axe = None;
    let r = rules_of(&d);
    assert!(
        r.contains(&"O-TITRE".into()) && r.contains(&"O-AXE".into()),
        "{r:?}"
    );
}

#[test]
fn field_setters_refuse_bad_values_and_keep_the_record() {
    let mut o = Objectif::blank(Uuid::from_u128(1));
    assert_eq!(
        o.set_field("besoins_serafin", &json!(["1.3.3.2", "9.9"]))
            .unwrap_err()
            .code,
        "code.inconnu"
    );
    assert!(o.besoins_serafin.is_empty());
    o.set_field("besoins_serafin", &json!(["1.3.3.2", "1.3.3.2"]))
        .unwrap();
    assert_eq!(o.besoins_serafin, ["1.3.3.2"]);
    assert!(
        o.set_field("orientations_prs", &json!(["inexistante"]))
            .is_err()
    );
    o.set_field("minimums", &json!(["qualite", "prevention"]))
        .unwrap();
    assert_eq!(o.minimums.len(), 2);
    assert!(o.set_field("axe", &json!("axe_4")).is_err());

    let mut a = Action::blank(Uuid::from_u128(2));
    a.set_field("debut", &json!("2028-05-01")).unwrap();
    let e = a.set_field("fin", &json!("2028-04-30")).unwrap_err();
    assert_eq!(e.code, "action.dates_ordre");
    assert_eq!(a.fin, None);
    assert!(a.set_field("objectif", &json!("")).is_err());

    let mut i = IndicateurObjectif::blank(Uuid::from_u128(3));
    i.set_field("cibles_annuelles.3", &json!("12,5")).unwrap();
    assert_eq!(i.cibles_annuelles.len(), 5);
    assert_eq!(i.cibles_annuelles[2], Some(Decimal::new(125, 1)));
    assert_eq!(
        i.set_field("cibles_annuelles.6", &json!("1"))
            .unwrap_err()
            .code,
        "annee_contrat.invalide"
    );
    i.set_field("cibles_annuelles.3", &json!(null)).unwrap();
    assert!(i.cibles_annuelles.is_empty());
}

#[test]
fn duplicating_a_fiche_copies_actions_and_indicators_for_one_esms() {
    let d = ex();
    let src = &d.objectifs.objectifs[1];
    let target = d.esms[2].id;
    let mut n = 10_000u128;
    let copy = duplicate::duplicate_for_esms(&d, src.id, target, &mut || {
        n += 1;
        Uuid::from_u128(n)
    })
    .unwrap();
    assert_eq!(copy.objectif.titre, src.titre);
    assert_eq!(copy.objectif.esms, vec![target]);
    assert_eq!(copy.objectif.statut, StatutObjectif::EnRedaction);
    assert_eq!(copy.actions.len(), d.objectifs.actions_of(src.id).count());
    assert_eq!(
        copy.indicateurs.len(),
        d.objectifs.indicateurs_of(src.id).count()
    );
    assert!(copy.actions.iter().all(|a| a.objectif == copy.objectif.id));
    assert!(
        copy.indicateurs
            .iter()
            .all(|i| i.objectif == copy.objectif.id && i.realise.is_empty())
    );
    assert!(
        duplicate::duplicate_for_esms(&d, Uuid::from_u128(1), target, &mut Uuid::new_v4).is_none()
    );
}

#[test]
fn overview_matrix_and_summary_table() {
    let d = ex();
    let m = matrice(&d);
    assert_eq!(m.esms.len(), 7);
    assert_eq!(m.lignes.len(), 9);
    // Rangée par axe : les axes ne décroissent jamais.
    assert!(m.lignes.windows(2).all(|w| w[0].axe <= w[1].axe));
    let total: u32 = m.totaux_axes.iter().map(|(_, n)| n).sum();
    assert_eq!(total, 9);
    // Les objectifs partagés concernent chaque ESMS.
    let partages = d
        .objectifs
        .objectifs
        .iter()
        .filter(|o| o.portee == PorteeObjectif::Partage)
        .count() as u32;
    assert!(m.totaux_esms.iter().all(|n| *n >= partages));
    let r = recapitulatif(&d);
    assert_eq!(r.len(), 9);
    assert_eq!(r[0].numero, 1);
    assert_eq!(r[0].esms.len(), 3);
    assert!(r[3].esms[0].contains("Tous les ESMS"));
    assert_eq!(r[0].debut, NaiveDate::from_ymd_opt(2027, 3, 1));
    let a = &d.objectifs.actions[0];
    let grid = crate::objectifs::calc::grille_annuelle(&d, a);
    assert_eq!(grid.len(), 5);
    assert_eq!(grid.iter().filter(|(_, on)| *on).count(), 2);
}
