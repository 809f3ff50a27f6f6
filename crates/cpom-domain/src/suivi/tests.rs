//! Le suivi du contrat : saisie par année, versions et avenants, garde des dossiers signés,
//! état du contrat, échéancier, revue, règles (chacune qui se déclenche et qui se tait).

use chrono::NaiveDate;
use serde_json::json;
use uuid::Uuid;

use crate::dossier::Dossier;
use crate::dossier::objectifs::StatutAction;
use crate::dossier::perimetre::Esms;
use crate::dossier::suivi::*;
use crate::example::suivi::{example_en_suivi, example_signed, shift_years};
use crate::kernel::issue::{Collector, Issue, Severity};
use crate::record::editable::Editable;
use crate::record::table::{Nature, info_by_name, is_execution, registry};
use crate::steps::guard::{SignedWrite, guard_write};
use crate::steps::readiness::{EtatDossier, readiness, readiness_avenant};
use crate::suivi::calc::*;
use crate::suivi::rules;
use crate::suivi::versions::{contract_changes, contrat_signe, en_vigueur, restore, version};

fn ids() -> impl FnMut() -> Uuid {
    let mut n = 0u128;
    move || {
        n += 1;
        Uuid::from_u128(n)
    }
}

fn signed() -> Dossier {
    example_signed(&mut ids())
}

fn day(y: i32, m: u32, j: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, j).unwrap()
}

fn issues(d: &Dossier, today: NaiveDate) -> Vec<Issue> {
    let mut c = Collector::default();
    rules::check(d, today, &mut c);
    c.0
}

fn rule<'a>(v: &'a [Issue], r: &str) -> Vec<&'a Issue> {
    v.iter().filter(|i| i.rule == r).collect()
}

/// Un projet d'avenant ouvert dans `d` (aucune modification encore).
fn open_draft(d: &mut Dossier, types: Vec<TypeAvenant>) -> Uuid {
    let id = Uuid::from_u128(9_000_001);
    d.suivi_contrat.avenants.push(Avenant {
        id,
        types,
        objet: "Objet".into(),
        ..Avenant::default()
    });
    id
}

/// Applique `f` au contenu du dossier comme une écriture gardée (la garde range les états
/// d'avant dans le projet).
fn write(d: &mut Dossier, f: impl FnOnce(&mut Dossier)) -> SignedWrite {
    let before = d.clone();
    f(d);
    let w = guard_write(&before, d, day(2029, 6, 1)).expect("écriture acceptée");
    if let SignedWrite::Avenant {
        avenant,
        modifications,
    } = &w
        && let Some(a) = d
            .suivi_contrat
            .avenants
            .iter_mut()
            .find(|a| a.id == *avenant)
    {
        a.modifications = modifications.clone();
    }
    w
}

#[test]
fn the_table_declares_contract_and_execution_kinds() {
    for k in [
        "suivi_general",
        "exercice",
        "realisation_indicateur",
        "avancement_action",
        "appreciation_objectif",
        "activite_esms",
        "dialogue_gestion",
        "saisine",
        "evaluation_realisee",
        "bilan",
        "avenant",
    ] {
        assert!(is_execution(k), "{k}");
    }
    for k in [
        "organisme",
        "esms",
        "objectif",
        "indicateur_objectif",
        "signatures",
        "clause",
    ] {
        assert_eq!(info_by_name(k).unwrap().nature, Nature::Contrat, "{k}");
    }
    assert!(!is_execution("inconnu"));
    assert!(registry().iter().any(|o| o.kind() == "avenant"));
}

#[test]
fn yearly_lists_are_entered_cell_by_cell() {
    let mut r = RealisationIndicateur::blank(Uuid::from_u128(1));
    r.set_field("realise.3", &json!("douze")).unwrap_err();
    r.set_field("realise.3", &json!("12.5")).unwrap();
    assert_eq!(r.realise.len(), 3);
    assert_eq!(r.realise[2].map(|x| x.to_string()).as_deref(), Some("12.5"));
    let e = r.set_field("realise.8", &json!("1")).unwrap_err();
    assert_eq!(e.code, "annee_contrat.invalide");
    r.set_field("realise.3", &json!(null)).unwrap();
    assert!(r.realise.is_empty(), "cases vides de fin retirées");
    let mut a = AvancementAction::blank(Uuid::from_u128(2));
    a.set_field("statut.2", &json!("en_cours")).unwrap();
    assert_eq!(a.statut, vec![None, Some(StatutAction::EnCours)]);
    assert_eq!(
        a.set_field("avancement.2", &json!("120")).unwrap_err().code,
        "nombre.trop_grand"
    );
    let mut s = Saisine::blank(Uuid::from_u128(3));
    assert_eq!(
        s.set_field("par", &json!("le voisin")).unwrap_err().code,
        "signataire.partie"
    );
    s.set_field("par", &json!("cd:44")).unwrap();
}

#[test]
fn a_signed_avenant_refuses_any_change() {
    let x = example_en_suivi(&mut ids(), day(2029, 6, 1));
    let mut a = x.suivi_contrat.avenants[0].clone();
    assert!(a.signe());
    let e = a.set_field("objet", &json!("Autre")).unwrap_err();
    assert_eq!(e.code, "avenant.signe");
}

#[test]
fn the_guard_lets_execution_through_and_refuses_signed_content() {
    let d = signed();
    assert!(contrat_signe(&d));
    // L'exécution passe.
    let mut after = d.clone();
    after.suivi_contrat.exercices.push(Exercice {
        id: Uuid::from_u128(777),
        annee: Some(2027),
        ..Exercice::default()
    });
    assert_eq!(
        guard_write(&d, &after, day(2028, 1, 1)).unwrap(),
        SignedWrite::Execution
    );
    // Le contenu signé, non.
    let mut after = d.clone();
    after.esms[0].capacites.internat.autorisee = Some(30);
    let e = guard_write(&d, &after, day(2028, 1, 1)).unwrap_err();
    assert_eq!(e.code, "dossier.signe");
    assert!(e.message.contains("IME Les Hirondelles"), "{}", e.message);
    // Ni les signatures du contrat initial, même dans un projet d'avenant.
    let mut d2 = d.clone();
    open_draft(&mut d2, vec![TypeAvenant::Perimetre]);
    let mut after = d2.clone();
    after.signature.signatures.lieu = "Angers".into();
    assert_eq!(
        guard_write(&d2, &after, day(2028, 1, 1))
            .unwrap_err()
            .message,
        crate::steps::readiness::signatures_refusal().message
    );
    // Un seul projet à la fois.
    let mut after = d2.clone();
    open_draft(&mut after, vec![]);
    after.suivi_contrat.avenants[1].id = Uuid::from_u128(9_000_002);
    assert_eq!(
        guard_write(&d2, &after, day(2028, 1, 1)).unwrap_err().code,
        "avenant.deja_en_cours"
    );
}

#[test]
fn a_draft_captures_the_state_before_and_versions_are_rebuilt() {
    let original = signed();
    let mut d = original.clone();
    open_draft(&mut d, vec![TypeAvenant::Perimetre]);
    let with_draft = d.clone();
    // Une capacité modifiée, un ESMS ajouté, deux objectifs intervertis.
    write(&mut d, |x| {
        x.esms[0].capacites.internat.autorisee = Some(30)
    });
    write(&mut d, |x| {
        x.esms.push(Esms {
            id: Uuid::from_u128(555),
            nom: "SAMSAH Les Iris".into(),
            ..Esms::default()
        })
    });
    write(&mut d, |x| x.objectifs.objectifs.swap(0, 1));
    write(&mut d, |x| {
        x.esms[0].capacites.internat.autorisee = Some(31)
    });
    let a = d.suivi_contrat.projet_avenant().unwrap();
    assert!(
        a.modifications
            .iter()
            .any(|m| m.kind == "esms" && m.avant.is_none())
    );
    let cap = a
        .modifications
        .iter()
        .find(|m| m.kind == "esms" && m.id == original.esms[0].id)
        .unwrap();
    assert_eq!(
        cap.avant.as_ref().unwrap()["capacites"]["internat"]["autorisee"],
        json!(24),
        "l'état d'avant est celui d'avant le projet, pas celui d'avant la dernière saisie"
    );
    // Le contrat en vigueur est celui d'avant le projet ; le dossier porte le projet.
    // (les états d'avant du projet, de l'exécution, restent dans le dossier).
    let mut v = en_vigueur(&d);
    v.suivi_contrat.avenants[0].modifications.clear();
    assert_eq!(v, with_draft);
    let mut v = restore(&d, &a.modifications);
    v.suivi_contrat.avenants[0].modifications.clear();
    assert_eq!(v, with_draft);
    assert!(contract_changes(&with_draft, &en_vigueur(&d)).is_empty());
    // Signé, le projet devient l'avenant n° 1 : version 0 = contrat initial, version 1 = le
    // dossier.
    let id = a.id;
    let av = d
        .suivi_contrat
        .avenants
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap();
    av.signataires = vec![crate::dossier::signature::SignataireSaisi {
        partie: "organisme".into(),
        nom: "X".into(),
        qualite: "Y".into(),
        date_signature: Some(day(2029, 7, 1)),
    }];
    assert_eq!(d.suivi_contrat.numero(id), Some(1));
    let v0 = version(&d, 0).unwrap();
    assert_eq!(v0.esms, original.esms);
    assert_eq!(v0.objectifs, original.objectifs);
    assert_eq!(version(&d, 1).unwrap(), d);
    assert!(version(&d, 2).is_none());
    // Le contrat reste « signé » même si le nouvel ESMS changeait les parties.
    assert!(contrat_signe(&d));
    assert_eq!(readiness(&d, day(2029, 7, 2)).etat, EtatDossier::Signe);
}

#[test]
fn a_draft_is_abandoned_only_by_restoring_the_contract() {
    let mut d = signed();
    let id = open_draft(&mut d, vec![TypeAvenant::Perimetre]);
    write(&mut d, |x| x.esms[0].nom = "Nouveau nom".into());
    let a = d.suivi_contrat.projet_avenant().unwrap().clone();
    // Supprimer le projet en laissant le contrat modifié : refusé.
    let mut after = d.clone();
    after.suivi_contrat.avenants.retain(|x| x.id != id);
    assert_eq!(
        guard_write(&d, &after, day(2029, 6, 1)).unwrap_err().code,
        "avenant.abandon"
    );
    // En le remettant : accepté.
    let mut after = restore(&d, &a.modifications);
    after.suivi_contrat.avenants.retain(|x| x.id != id);
    assert_eq!(
        guard_write(&d, &after, day(2029, 6, 1)).unwrap(),
        SignedWrite::Execution
    );
    assert_eq!(after.esms, signed().esms);
}

#[test]
fn the_contract_state_follows_dates_and_avenants() {
    let d = signed();
    let s = situation(&d, day(2026, 12, 20));
    assert_eq!(s.etat, EtatContrat::Signe);
    assert_eq!(
        s.libelle,
        "Signé le 15 décembre 2026 — en vigueur le 1er janvier 2027"
    );
    let s = situation(&d, day(2029, 3, 1));
    assert_eq!(
        (s.etat, s.annee, s.exercice),
        (EtatContrat::EnExecution, Some(3), Some(2029))
    );
    assert!(s.libelle.contains("année 3 sur 5"), "{}", s.libelle);
    let s = situation(&d, day(2032, 3, 1));
    assert_eq!((s.etat, s.annee), (EtatContrat::ProrogeDeFait, Some(6)));
    assert_eq!(s.fin_periode, Some(day(2032, 12, 31)));
    assert_eq!(situation(&d, day(2033, 3, 1)).etat, EtatContrat::Echu);
    let mut p = d.clone();
    p.suivi_contrat.avenants.push(Avenant {
        id: Uuid::from_u128(4242),
        types: vec![TypeAvenant::Prorogation],
        signataires: vec![crate::dossier::signature::SignataireSaisi {
            partie: "organisme".into(),
            date_signature: Some(day(2032, 11, 1)),
            ..Default::default()
        }],
        ..Avenant::default()
    });
    let s = situation(&p, day(2033, 3, 1));
    assert_eq!((s.etat, s.annee), (EtatContrat::ProrogeParAvenant, Some(7)));
    assert_eq!(situation(&p, day(2034, 1, 2)).etat, EtatContrat::Echu);
    let mut r = d.clone();
    r.suivi_contrat.general.renouvele_le = Some(day(2031, 12, 20));
    assert_eq!(situation(&r, day(2032, 1, 5)).etat, EtatContrat::Renouvele);
    assert_eq!(
        situation(
            &crate::example::example_dossier(&mut ids()),
            day(2029, 1, 1)
        )
        .etat,
        EtatContrat::EnPreparation
    );
    // V08 : avertissements de prorogation.
    assert_eq!(
        rule(&issues(&d, day(2032, 3, 1)), "SV-PROROGATION").len(),
        1
    );
    assert!(rule(&issues(&d, day(2030, 3, 1)), "SV-PROROGATION").is_empty());
    assert_eq!(
        rule(&issues(&p, day(2033, 3, 1)), "SV-PROROGATION-AVENANT").len(),
        1
    );
    assert_eq!(rule(&issues(&d, day(2033, 3, 1)), "SV-ECHU").len(), 1);
}

#[test]
fn the_schedule_lists_what_is_due_done_and_late() {
    let d = signed();
    let e = echeancier(&d, day(2029, 6, 1));
    let errd: Vec<_> = e.iter().filter(|x| x.regle == "errd").collect();
    assert_eq!(errd.len(), 5, "un ERRD par exercice du contrat");
    assert_eq!(errd[0].date, day(2028, 4, 30));
    assert_eq!(errd[0].etat, EtatEcheance::EnRetard);
    assert_eq!(errd[2].etat, EtatEcheance::AVenir);
    // Pays de la Loire, tripartite : rapport au département ; pas de bilan d'exécution PACA.
    assert!(e.iter().any(|x| x.regle == "rapport_cd"));
    assert!(!e.iter().any(|x| x.regle == "bilan_execution"));
    let mi = e.iter().find(|x| x.regle == "mi_parcours").unwrap();
    assert_eq!((mi.date, mi.annee_contrat), (day(2029, 12, 31), 3));
    let ren = e.iter().find(|x| x.regle == "renouvellement").unwrap();
    assert_eq!(ren.date, day(2030, 12, 31));
    assert!(
        e.iter().all(|x| !x.source.contains("seed")),
        "citations lisibles"
    );
    // Fait : l'ERRD 2027 transmis.
    let mut f = d.clone();
    f.suivi_contrat.exercices.push(Exercice {
        id: Uuid::from_u128(31),
        annee: Some(2027),
        errd_envoye_le: Some(day(2028, 4, 20)),
        ..Exercice::default()
    });
    let e = echeancier(&f, day(2029, 6, 1));
    let x = e.iter().find(|x| x.id == "errd:2027").unwrap();
    assert_eq!(
        (x.etat, x.fait_le),
        (EtatEcheance::Fait, Some(day(2028, 4, 20)))
    );
    // PACA : bilan d'exécution six mois avant l'échéance, pas de rapport au département.
    let mut paca = d.clone();
    paca.cpom.region = Some(REGION_PACA.into());
    let e = echeancier(&paca, day(2029, 6, 1));
    let b = e.iter().find(|x| x.regle == "bilan_execution").unwrap();
    assert_eq!(b.date, day(2031, 6, 30));
    assert!(!e.iter().any(|x| x.regle == "rapport_cd"));
    // Avant la signature, rien n'est « en retard ».
    let prep = crate::example::example_dossier(&mut ids());
    assert!(
        echeancier(&prep, day(2030, 1, 1))
            .iter()
            .all(|x| x.etat != EtatEcheance::EnRetard)
    );
    // Les retards sont des avertissements du suivi.
    let late = rule(&issues(&d, day(2029, 6, 1)), "SV-ECHEANCE").len();
    assert!(late >= 4, "{late}");
    assert!(issues(&prep, day(2030, 1, 1)).is_empty());
}

#[test]
fn the_review_of_an_exercise_reads_the_execution_records() {
    let x = example_en_suivi(&mut ids(), day(2029, 6, 1));
    let r = revue(&x, 2);
    assert_eq!((r.exercice, r.annee), (2028, 2));
    let late = r
        .objectifs
        .iter()
        .find(|o| o.titre.contains("patrimoine"))
        .unwrap();
    assert_eq!(late.appreciation, Some(Appreciation::EnRetard));
    assert!(late.explication.contains("étude de programmation"));
    let i = &late.indicateurs[0];
    assert_eq!(i.realise.len(), 2);
    assert_eq!(i.valeur.map(|v| v.to_string()).as_deref(), Some("54"));
    let etude = late
        .actions
        .iter()
        .find(|a| a.libelle.starts_with("Étude"))
        .unwrap();
    assert_eq!(etude.statut, StatutAction::EnCours);
    assert!(etude.en_retard, "échéance février 2028 dépassée fin 2028");
    // Cible de la 3e année : la cible à mi-parcours ; atteinte selon le sens de l'indicateur.
    assert_eq!(atteinte(dec("54"), dec("50"), dec("49")), Some(true));
    assert_eq!(atteinte(dec("54"), dec("50"), dec("52")), Some(false));
    assert_eq!(atteinte(dec("10"), dec("50"), dec("52")), Some(true));
    assert_eq!(atteinte(None, dec("50"), dec("52")), None);
    // L'écart expliqué ne lève rien ; sans explication, une erreur.
    assert!(rule(&issues(&x, day(2029, 6, 1)), "SV-ECART").is_empty());
    let mut y = x.clone();
    for a in &mut y.suivi_contrat.objectifs {
        a.explication.clear();
    }
    let e = issues(&y, day(2029, 6, 1));
    let ecart = rule(&e, "SV-ECART");
    assert_eq!(ecart.len(), 1);
    assert_eq!(ecart[0].severity, Severity::Erreur);
    assert!(
        ecart[0].path.ends_with(".explication.2"),
        "{}",
        ecart[0].path
    );
}

fn dec(s: &str) -> Option<rust_decimal::Decimal> {
    s.parse().ok()
}

#[test]
fn the_demo_is_in_its_third_year_whatever_the_date() {
    for today in [day(2029, 6, 1), day(2026, 12, 3), day(2031, 2, 10)] {
        let x = example_en_suivi(&mut ids(), today);
        let s = situation(&x, today);
        assert_eq!(s.etat, EtatContrat::EnExecution, "{today}");
        assert_eq!(s.annee, Some(3), "{today}");
        assert_eq!(s.avenants_signes, 1);
        assert!(readiness(&x, today).etat == EtatDossier::Signe);
        // Les revues des années 1 et 2 sont remplies ; l'avenant n° 1 se défait.
        assert_eq!(
            revue(&x, 2)
                .objectifs
                .iter()
                .filter(|o| o.appreciation.is_some())
                .count(),
            x.objectifs.actifs().count()
        );
        let v0 = version(&x, 0).unwrap();
        let renov = |d: &Dossier| {
            d.objectifs
                .actions
                .iter()
                .find(|a| a.libelle.starts_with("Rénovation"))
                .and_then(|a| a.debut)
        };
        assert_eq!(renov(&v0).unwrap().year() + 1, renov(&x).unwrap().year());
    }
    // Le décalage touche les dates, les années et les textes du calendrier, pas les lois.
    let mut x = signed();
    shift_years(&mut x, -3);
    assert_eq!(x.cpom.date_effet, Some(day(2024, 1, 1)));
    assert_eq!(x.signature.moyens.annee_dotation, Some(2024));
    let text = serde_json::to_string(&x).unwrap();
    assert!(text.contains("21 mars 2017"));
    assert!(text.contains("CPOM 2024-2028"));
}

use chrono::Datelike;

#[test]
fn avenant_rules_fire_and_stay_silent() {
    let today = day(2029, 6, 1);
    let mut d = signed();
    let id = open_draft(&mut d, vec![TypeAvenant::RevisionObjectifs]);
    let points = |d: &Dossier| {
        let a = d
            .suivi_contrat
            .avenants
            .iter()
            .find(|a| a.id == id)
            .unwrap();
        readiness_avenant(d, a, today)
    };
    // Vide : rien ne change.
    let r = points(&d);
    assert!(r.points.iter().any(|p| p.regle == "AV-VIDE"));
    assert!(r.points.iter().any(|p| p.regle == "AV-SIGNATAIRE"));
    // Un ESMS ajouté sans le type « périmètre » ni objectif propre.
    let new = Uuid::from_u128(556);
    write(&mut d, |x| {
        let mut e = x.esms[0].clone();
        e.id = new;
        e.nom = "SAMSAH Les Iris".into();
        e.finess_et = Some("440099996".into());
        x.esms.push(e);
    });
    let r = points(&d);
    assert!(!r.points.iter().any(|p| p.regle == "AV-VIDE"));
    let v35: Vec<_> = r.points.iter().filter(|p| p.regle == "V35").collect();
    assert_eq!(v35.len(), 1, "{:?}", r.points);
    assert!(v35[0].message.contains("périmètre"));
    assert!(r.points.iter().any(|p| p.regle == "AV-ENTRANT"));
    // Type coché, objectif propre : ces points se taisent.
    let a = d
        .suivi_contrat
        .avenants
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap();
    a.types = vec![TypeAvenant::Perimetre];
    write(&mut d, |x| {
        let o = x
            .objectifs
            .objectifs
            .iter_mut()
            .find(|o| o.portee == crate::dossier::objectifs::PorteeObjectif::Propre)
            .unwrap();
        o.esms.push(new);
    });
    let r = points(&d);
    assert!(
        !r.points
            .iter()
            .any(|p| p.regle == "V35" || p.regle == "AV-ENTRANT"),
        "{:?}",
        r.points
    );
    // Durée : erreur.
    write(&mut d, |x| x.cpom.duree_annees = 6);
    assert!(points(&d).points.iter().any(|p| p.regle == "AV-DUREE"));
    write(&mut d, |x| x.cpom.duree_annees = 5);
    assert!(!points(&d).points.iter().any(|p| p.regle == "AV-DUREE"));
    // Bilan d'étape sans dialogue validé : erreur.
    let a = d
        .suivi_contrat
        .avenants
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap();
    a.types.push(TypeAvenant::BilanEtape);
    assert!(points(&d).points.iter().any(|p| p.regle == "AV-BILAN"));
    let g = Uuid::from_u128(8080);
    d.suivi_contrat.dialogues.push(DialogueGestion {
        id: g,
        nature: TypeDialogue::MiParcours,
        date: Some(day(2029, 5, 10)),
        valide_le: Some(day(2029, 5, 30)),
        ..DialogueGestion::default()
    });
    let a = d
        .suivi_contrat
        .avenants
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap();
    a.dialogue = Some(g);
    assert!(!points(&d).points.iter().any(|p| p.regle == "AV-BILAN"));
    // Prorogation : avertissements (exception ; hors de la 6e année).
    let a = d
        .suivi_contrat
        .avenants
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap();
    a.types.push(TypeAvenant::Prorogation);
    let r = points(&d);
    assert!(r.avertissements.iter().any(|i| i.rule == "AV-PROROGATION"));
    assert!(
        r.avertissements
            .iter()
            .any(|i| i.rule == "AV-PROROGATION-EXCEPTION")
    );
}

#[test]
fn the_last_signature_of_an_avenant_needs_a_ready_draft() {
    let today = day(2029, 6, 1);
    let mut d = signed();
    let id = open_draft(&mut d, vec![TypeAvenant::RevisionObjectifs]);
    write(&mut d, |x| {
        x.objectifs.actions[0].fin = Some(day(2030, 6, 29))
    });
    let sign_all = |d: &Dossier, names: bool| {
        let mut after = d.clone();
        let a = after
            .suivi_contrat
            .avenants
            .iter_mut()
            .find(|a| a.id == id)
            .unwrap();
        for p in ["organisme", "cd:44", "ars:52"] {
            a.signataires
                .push(crate::dossier::signature::SignataireSaisi {
                    partie: p.into(),
                    nom: if names { "Nom".into() } else { String::new() },
                    qualite: if names {
                        "Qualité".into()
                    } else {
                        String::new()
                    },
                    date_signature: Some(day(2029, 6, 1)),
                });
        }
        after
    };
    let e = guard_write(&d, &sign_all(&d, false), today).unwrap_err();
    assert_eq!(e.code, "avenant.pas_pret");
    let ok = guard_write(&d, &sign_all(&d, true), today);
    assert!(ok.is_ok(), "{ok:?}");
    // Une partie manquante : refusé.
    let mut partial = sign_all(&d, true);
    let a = partial
        .suivi_contrat
        .avenants
        .iter_mut()
        .find(|a| a.id == id)
        .unwrap();
    a.signataires.retain(|s| s.partie != "ars:52");
    assert_eq!(
        guard_write(&d, &partial, today).unwrap_err().code,
        "avenant.pas_pret"
    );
    // Signé : plus rien ne change, ni le contrat.
    let done = sign_all(&d, true);
    let mut after = done.clone();
    after.objectifs.actions[0].fin = Some(day(2031, 6, 30));
    assert_eq!(
        guard_write(&done, &after, today).unwrap_err().code,
        "dossier.signe"
    );
    let mut after = done.clone();
    after.suivi_contrat.avenants.clear();
    assert_eq!(
        guard_write(&done, &after, today).unwrap_err().code,
        "avenant.signe"
    );
}

#[test]
fn saisines_and_mid_term_reports() {
    let today = day(2029, 6, 1);
    let mut d = signed();
    d.suivi_contrat.saisines.push(Saisine {
        id: Uuid::from_u128(71),
        date: Some(day(2029, 2, 1)),
        par: "organisme".into(),
        motif: "Déficit".into(),
        recue_le: Some(day(2029, 2, 10)),
        ..Saisine::default()
    });
    assert_eq!(
        rules::echeance_saisine(day(2029, 2, 10)),
        Some(day(2029, 4, 10))
    );
    assert_eq!(rule(&issues(&d, today), "SV-SAISINE").len(), 1);
    assert!(rule(&issues(&d, day(2029, 4, 1)), "SV-SAISINE").is_empty());
    d.suivi_contrat.saisines[0].suites_le = Some(day(2029, 3, 30));
    assert!(rule(&issues(&d, today), "SV-SAISINE").is_empty());
    d.suivi_contrat.dialogues.push(DialogueGestion {
        id: Uuid::from_u128(72),
        nature: TypeDialogue::MiParcours,
        date: Some(day(2029, 5, 2)),
        ..DialogueGestion::default()
    });
    let i = issues(&d, today);
    assert_eq!(rule(&i, "SV-CR")[0].severity, Severity::Information);
    d.suivi_contrat.dialogues[0].valide_le = Some(day(2029, 5, 20));
    assert!(rule(&issues(&d, today), "SV-CR").is_empty());
}

#[test]
fn the_cd_report_groups_activity_by_structure_type() {
    let x = example_en_suivi(&mut ids(), day(2029, 6, 1));
    let t = activite_par_type(&x, 1);
    // EAM (conjointe) et foyer de vie (département).
    assert_eq!(t.len(), 2, "{t:?}");
    assert!(
        t.iter()
            .all(|a| a.activite_realisee.is_some() && a.taux.is_some())
    );
    assert_eq!(t[0].taux.map(|x| x.to_string()).as_deref(), Some("95.0"));
    assert!(!objectifs_cd(&x).is_empty());
    assert_eq!(modele_du_dossier(&x), "pdl-socle");
}

fn doc_text(doc: &crate::contract::document::Document) -> String {
    use crate::contract::document::{Block, plain_text};
    let mut s = format!(
        "{}\n{}\n{}\n{}\n",
        doc.cover.title, doc.cover.subtitle, doc.cover.model, doc.header
    );
    for b in &doc.blocks {
        match b {
            Block::Heading { text, .. } | Block::Gap { text } | Block::Note { text } => {
                s.push_str(text)
            }
            Block::Paragraph { spans, .. } => s.push_str(&plain_text(spans)),
            Block::Bullets { items } => {
                for i in items {
                    s.push_str(&plain_text(i));
                    s.push('\n');
                }
            }
            Block::Table(t) => {
                s.push_str(
                    &t.columns
                        .iter()
                        .map(|c| c.title.clone())
                        .collect::<Vec<_>>()
                        .join("|"),
                );
                s.push('\n');
                for r in &t.rows {
                    s.push_str(&r.join("|"));
                    s.push('\n');
                }
            }
            Block::Signatures { blocks, .. } => {
                for b in blocks {
                    s.push_str(&format!("{} {} {}\n", b.entite, b.nom, b.fait));
                }
            }
            _ => {}
        }
        s.push('\n');
    }
    s
}

#[test]
fn suivi_documents_take_the_form_of_the_model() {
    use crate::clauses::modeles::model;
    use crate::contract::suivi::{bilan_document, rapport_cd_document, revue_document};
    let today = day(2029, 6, 1);
    let x = example_en_suivi(&mut ids(), today);
    for (m, titre) in [
        ("pdl-socle", "Annexe 4 actualisée"),
        ("paca-ph", "Revue des objectifs du CPOM"),
        ("arrete-2017", "Bilan des indicateurs du CPOM"),
    ] {
        let doc = revue_document(model(m).unwrap(), &x, 2028, today).unwrap();
        let t = doc_text(&doc);
        assert!(t.contains(titre), "{m}");
        assert!(t.contains("exercice 2028"), "{m}");
        assert!(
            t.contains("étude de programmation"),
            "{m} : explication de l'écart"
        );
        assert!(
            t.contains("Taux de vétusté des constructions de la MAS"),
            "{m}"
        );
        assert!(doc.gaps.is_empty(), "{m} : {:?}", doc.gaps);
        for o in x.objectifs.actifs() {
            assert!(t.contains(&o.titre), "{m} : {}", o.titre);
        }
    }
    // Un écart non expliqué : la revue est un projet.
    let mut y = x.clone();
    for a in &mut y.suivi_contrat.objectifs {
        a.explication.clear();
    }
    let doc = revue_document(model("pdl-socle").unwrap(), &y, 2028, today).unwrap();
    assert_eq!(doc.gaps.len(), 1);
    assert!(revue_document(model("pdl-socle").unwrap(), &y, 2040, today).is_none());
    let t = doc_text(&rapport_cd_document(model("pdl-socle").unwrap(), &x, 2028).unwrap());
    assert!(t.contains("Rapport au département — exercice 2028"));
    assert!(t.contains("Foyer de vie Les Tilleuls"));
    assert!(t.contains("30 avril 2029"));
    let t = doc_text(
        &bilan_document(model("pdl-socle").unwrap(), &x, NatureBilan::Etape, today).unwrap(),
    );
    assert!(t.contains("Bilan d'étape du contrat (mi-parcours)"));
    assert!(t.contains("Avenant n° 1 signé le 6 octobre 2028"), "{t}");
    assert!(t.contains("Étude de programmation"), "action en retard");
    assert!(t.contains("Cible à mi-parcours"));
    assert!(!t.contains("seed"));
}

#[test]
fn avenant_documents_list_the_modified_articles() {
    use crate::clauses::modeles::model;
    use crate::contract::avenant::{avenant_document, contrat_consolide, vues};
    let today = day(2029, 6, 1);
    let x = example_en_suivi(&mut ids(), today);
    let m = model("pdl-socle").unwrap();
    let id = x.suivi_contrat.avenants[0].id;
    let doc = avenant_document(m, &x, id, today).unwrap();
    let t = doc_text(&doc);
    assert!(t.contains("Avenant n° 1 au contrat pluriannuel"), "{t}");
    assert!(t.contains("Report d'un an du calendrier"));
    assert!(
        t.contains("Vu le compte-rendu du dialogue annuel avec le département du 12 juin 2028"),
        "{t}"
    );
    assert!(t.contains("Annexe 4"), "l'annexe des fiches change : {t}");
    assert!(t.contains("M. Jérôme Castel"));
    assert!(doc.gaps.is_empty(), "{:?}", doc.gaps);
    let v = vues(m, &x, today, true);
    assert_eq!(v.len(), 1);
    assert_eq!(v[0].numero, Some(1));
    assert!(
        v[0].changements.iter().any(|c| c.field == "debut"),
        "{:?}",
        v[0].changements
    );
    assert!(!v[0].articles.is_empty());
    let c = contrat_consolide(m, &x, 1).unwrap();
    assert!(
        c.header
            .contains("version consolidée après l'avenant n° 1 du 6 octobre 2028"),
        "{}",
        c.header
    );
    assert!(
        doc_text(&c).contains("01/04/2030"),
        "nouvelle date de la rénovation"
    );
    let c0 = contrat_consolide(m, &x, 0).unwrap();
    assert!(!c0.header.contains("consolidée"));
    assert!(!doc_text(&c0).contains("01/04/2030"));
    assert!(contrat_consolide(m, &x, 2).is_none());
    // Un projet : « PROJET » tant qu'il n'est pas prêt et signé.
    let mut y = x.clone();
    y.suivi_contrat.avenants.push(Avenant {
        id: Uuid::from_u128(123_456),
        types: vec![TypeAvenant::RevisionObjectifs],
        ..Avenant::default()
    });
    let doc = avenant_document(m, &y, Uuid::from_u128(123_456), today).unwrap();
    assert!(doc.cover.title.starts_with("Projet d'avenant"));
    assert!(doc.is_draft());
}

#[test]
fn a_signed_avenant_replays_its_fields_on_import() {
    let x = example_en_suivi(&mut ids(), day(2029, 6, 1));
    let row = serde_json::to_value(&x.suivi_contrat.avenants[0]).unwrap();
    let ops = crate::record::table::ops("avenant").unwrap();
    ops.check_import(&row).unwrap();
}

#[test]
fn an_ehpad_option_change_needs_the_option_tarifaire_type() {
    let today = day(2029, 6, 1);
    let mut d = signed();
    let id = open_draft(&mut d, vec![TypeAvenant::RevisionObjectifs]);
    write(&mut d, |x| {
        x.esms[0].pa.option_tarifaire =
            Some(crate::dossier::perimetre::OptionTarifaire::GlobalAvecPui)
    });
    let a = d
        .suivi_contrat
        .avenants
        .iter()
        .find(|a| a.id == id)
        .unwrap()
        .clone();
    let r = readiness_avenant(&d, &a, today);
    assert!(
        r.points
            .iter()
            .any(|p| p.regle == "V35" && p.message.contains("option tarifaire")),
        "{:?}",
        r.points
    );
}
