//! Lancement, diagnostic et étapes à travers le fichier : saisie générique, enregistrements
//! implicites, portes, validation, réouverture automatique, acquittement, import/export.

use chrono::NaiveDate;
use cpom_domain::RecordKind;
use cpom_domain::dossier::etapes::StepId;
use cpom_domain::dossier::lancement::JalonCode;
use cpom_domain::steps::report::StepState;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use cpom_services::json_io::{JsonImportOptions, export_json, import_json, read_json};
use serde_json::{Map, Value, json};

use crate::common::*;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

fn upd(kind: RecordKind, id: Option<&str>, field: &str, value: Value) -> FieldUpdate {
    FieldUpdate {
        kind,
        id: id.map(str::to_string),
        field: field.into(),
        value,
    }
}

fn init(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

fn state(s: &Session, step: StepId) -> StepState {
    s.view()
        .unwrap()
        .etapes
        .into_iter()
        .find(|r| r.etape == step)
        .unwrap()
        .etat
}

fn rule_in(s: &Session, step: StepId, rule: &str) -> bool {
    s.step_reports().unwrap()[step.number() as usize - 1]
        .issues
        .iter()
        .any(|i| i.issue.rule == rule)
}

#[test]
fn the_launch_meeting_gate_is_lifted_by_one_edit_of_an_implicit_milestone() {
    let dir = temp();
    let mut s = Session::create(&dir.path().join("neuf.cpom"), AUTHOR).unwrap();
    s.set_today(today());
    let v = s.view().unwrap();
    assert_eq!(v.etapes.len(), 4);
    let gate = v.etapes[0]
        .issues
        .iter()
        .find(|i| i.issue.rule == "L-REUNION-LANCEMENT")
        .unwrap();
    let id = JalonCode::ReunionLancement.standard_id().to_string();
    assert_eq!(
        gate.issue.path,
        format!("lancement.jalons.{id}.date_reelle")
    );
    assert_eq!(
        v.planning.jalons.len(),
        11,
        "jalons standard présents sans être écrits"
    );
    assert_eq!(v.stamps.len(), 2, "organisme + cpom seulement");
    let n = journal_len(&s);
    assert!(
        s.update_field(&upd(
            RecordKind::Jalon,
            Some(&id),
            "date_reelle",
            json!("20/01/2026")
        ))
        .unwrap()
    );
    assert!(!rule_in(&s, StepId::Lancement, "L-REUNION-LANCEMENT"));
    assert_eq!(
        journal_len(&s),
        n + 2,
        "création du jalon puis modification"
    );
    // Une date impossible est refusée avec le chemin complet du champ, rien n'est écrit.
    let e = s
        .update_field(&upd(
            RecordKind::Jalon,
            Some(&id),
            "date_prevue",
            json!("31/02/2026"),
        ))
        .unwrap_err();
    assert_eq!(e.code, "date.invalide");
    assert_eq!(
        e.details.field.as_deref(),
        Some(format!("lancement.jalons.{id}.date_prevue").as_str())
    );
    assert_eq!(journal_len(&s), n + 2);
    // Singleton implicite : l'engagement s'écrit à la première saisie.
    s.update_field(&upd(
        RecordKind::Engagement,
        None,
        "dg_mandate",
        json!(true),
    ))
    .unwrap();
    assert!(s.dossier().unwrap().lancement.engagement.dg_mandate);
    let e = s
        .update_field(&upd(
            RecordKind::Engagement,
            None,
            "campagne_budgetaire.fin",
            json!("01/01"),
        ))
        .unwrap_err();
    assert_eq!(
        e.details.field.as_deref(),
        Some("lancement.engagement.campagne_budgetaire.fin")
    );
}

#[test]
fn answers_are_upserted_by_question_and_esms() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let ime = d.esms[0].id.to_string();
    let existing = d
        .diagnostic
        .reponses
        .iter()
        .find(|r| r.question == "enf_sortie" && r.esms.map(|e| e.to_string()) == Some(ime.clone()))
        .unwrap()
        .id
        .to_string();
    let n = d.diagnostic.reponses.len();
    // Même question, même ESMS : la réponse existante est complétée.
    let id = s
        .add_record(
            RecordKind::Reponse,
            Some(&ime),
            Some(&init(json!({"question": "enf_sortie", "valeur": "non"}))),
        )
        .unwrap();
    assert_eq!(id, existing);
    let d = s.dossier().unwrap();
    assert_eq!(d.diagnostic.reponses.len(), n);
    let r = d
        .diagnostic
        .reponses
        .iter()
        .find(|r| r.id.to_string() == id)
        .unwrap();
    assert_eq!(r.codes(), vec!["non"]);
    // Valeur refusée : chemin complet, rien d'écrit.
    let e = s
        .update_field(&upd(RecordKind::Reponse, Some(&id), "valeur", json!("bof")))
        .unwrap_err();
    assert_eq!(
        e.details.field.as_deref(),
        Some(format!("diagnostic.reponses.{id}.valeur").as_str())
    );
    let before = journal_len(&s);
    let e = s
        .add_record(
            RecordKind::Reponse,
            None,
            Some(&init(json!({"question": "inexistante"}))),
        )
        .unwrap_err();
    assert_eq!(e.code, "question.inconnue");
    assert_eq!(journal_len(&s), before);
    // Cellule du diagnostic financier.
    s.update_field(&upd(
        RecordKind::Finances,
        None,
        "resultats.ars.2024",
        json!("-1 000,50"),
    ))
    .unwrap();
    let e = s
        .update_field(&upd(
            RecordKind::Finances,
            None,
            "resultats.dgfip.2024",
            json!("1"),
        ))
        .unwrap_err();
    assert_eq!(
        e.details.field.as_deref(),
        Some("diagnostic.finances.resultats.dgfip.2024")
    );
}

#[test]
fn validation_is_refused_then_granted_and_undone_by_a_breaking_edit() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    s.set_today(today());
    assert_eq!(state(&s, StepId::Lancement), StepState::Pret);
    let e = s.validate_step(StepId::Diagnostic, None).unwrap_err();
    assert_eq!(e.code, "etape.ordre");
    // Une porte bloque : la réunion de lancement sans date réelle.
    let id = JalonCode::ReunionLancement.standard_id().to_string();
    s.update_field(&upd(
        RecordKind::Jalon,
        Some(&id),
        "date_reelle",
        Value::Null,
    ))
    .unwrap();
    assert_eq!(state(&s, StepId::Lancement), StepState::EnCours);
    let e = s.validate_step(StepId::Lancement, Some("OK")).unwrap_err();
    assert_eq!(e.code, "etape.erreurs_bloquantes");
    assert!(
        e.message.contains("ne peut pas être validée"),
        "{}",
        e.message
    );
    assert_eq!(
        e.details.field.as_deref(),
        Some(format!("lancement.jalons.{id}.date_reelle").as_str())
    );
    // Corrigée, l'étape se valide.
    s.update_field(&upd(
        RecordKind::Jalon,
        Some(&id),
        "date_reelle",
        json!("2026-01-20"),
    ))
    .unwrap();
    s.validate_step(StepId::Lancement, Some("Relu en comité"))
        .unwrap();
    let v = s.view().unwrap();
    assert_eq!(v.etapes[0].etat, StepState::Valide);
    let val = v.etapes[0].validation.as_ref().unwrap();
    assert_eq!(val.par, AUTHOR);
    assert_eq!(val.commentaire, "Relu en comité");
    s.validate_step(StepId::Diagnostic, None).unwrap();
    assert_eq!(state(&s, StepId::Diagnostic), StepState::Valide);
    // Une modification qui crée une erreur bloquante rouvre l'étape, et c'est enregistré.
    s.update_field(&upd(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!(""),
    ))
    .unwrap();
    let v = s.view().unwrap();
    assert_eq!(v.etapes[0].etat, StepState::EnCours);
    let re = v.etapes[0].reouverture.as_ref().expect("réouverture");
    assert!(re.automatique);
    assert_eq!(re.regle, "OG-RAISON");
    assert!(re.motif.starts_with("Étape rouverte automatiquement"));
    assert_eq!(
        v.etapes[1].etat,
        StepState::Valide,
        "le diagnostic reste validé"
    );
    // Corriger l'erreur ne revalide pas l'étape : elle est « prête », à revalider.
    s.update_field(&upd(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!("Association Les Iris de l'Erdre"),
    ))
    .unwrap();
    assert_eq!(state(&s, StepId::Lancement), StepState::Pret);
    // Rouvrir à la main.
    s.reopen_step(StepId::Diagnostic).unwrap();
    assert_eq!(state(&s, StepId::Diagnostic), StepState::Pret);
    assert_eq!(
        s.reopen_step(StepId::Diagnostic).unwrap_err().code,
        "etape.non_validee"
    );
}

#[test]
fn warnings_are_acknowledged_with_who_when_and_why() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    s.set_today(today());
    let r = s.step_reports().unwrap();
    let cr = r[0]
        .issues
        .iter()
        .find(|i| i.issue.rule == "R-CR")
        .unwrap()
        .issue
        .clone();
    let pending = r[0].avertissements;
    assert_eq!(
        s.acknowledge("R-CR", &cr.path, "").unwrap_err().code,
        "acquittement.commentaire"
    );
    s.acknowledge(
        "R-CR",
        &cr.path,
        "Information orale, pas de compte-rendu prévu.",
    )
    .unwrap();
    let r = s.step_reports().unwrap();
    assert_eq!(r[0].avertissements, pending - 1);
    let ack = r[0]
        .issues
        .iter()
        .find(|i| i.issue.rule == "R-CR")
        .unwrap()
        .acquittement
        .clone()
        .unwrap();
    assert_eq!(ack.par, AUTHOR);
    assert!(!ack.le.is_empty());
    s.unacknowledge("R-CR", &cr.path).unwrap();
    assert_eq!(s.step_reports().unwrap()[0].avertissements, pending);
    let e = s
        .acknowledge("OG-RAISON", "organisme.raison_sociale", "x")
        .unwrap_err();
    assert_eq!(e.code, "acquittement.introuvable");
}

#[test]
fn generic_add_move_delete() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let a = s
        .add_record(
            RecordKind::Acteur,
            None,
            Some(&init(
                json!({"nom": "MDPH 49", "type_acteur": "mdph", "niveau": "informe"}),
            )),
        )
        .unwrap();
    s.move_record(RecordKind::Acteur, &a, 0).unwrap();
    assert_eq!(s.dossier().unwrap().lancement.acteurs[0].nom, "MDPH 49");
    s.delete_record(RecordKind::Acteur, &a).unwrap();
    assert!(
        s.dossier()
            .unwrap()
            .lancement
            .acteurs
            .iter()
            .all(|x| x.id.to_string() != a)
    );
    let std = JalonCode::ProjetCpom.standard_id().to_string();
    assert_eq!(
        s.delete_record(RecordKind::Jalon, &std).unwrap_err().code,
        "suppression.impossible"
    );
    assert_eq!(
        s.add_record(RecordKind::Finances, None, None)
            .unwrap_err()
            .code,
        "ajout.impossible"
    );
    assert_eq!(
        s.update_field(&upd(
            RecordKind::ValidationEtape,
            Some(&std),
            "valide",
            json!(true)
        ))
        .unwrap_err()
        .code,
        "modification.impossible"
    );
    // Un jalon supplémentaire (2e réunion objectifs).
    let extra = s
        .add_record(
            RecordKind::Jalon,
            None,
            Some(&init(json!({"code": "reunion_objectifs", "libelle": "2e réunion", "date_prevue": "2026-09-29"}))),
        )
        .unwrap();
    let p = s.view().unwrap().planning;
    assert_eq!(p.jalons.len(), 12);
    assert!(p.jalons.iter().any(|j| j.id.to_string() == extra));
}

#[test]
fn lancement_and_diagnostic_survive_export_import_and_v1_files_still_import() {
    let dir = temp();
    let (s, _) = example(&dir);
    let out = dir.path().join("export.json");
    export_json(&s, &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("\"version\": 4"));
    assert!(text.contains("\"jalons\""));
    let mut fresh = Session::create(&dir.path().join("vide.cpom"), AUTHOR).unwrap();
    import_json(&mut fresh, &out, &JsonImportOptions::default()).unwrap();
    assert_eq!(fresh.dossier().unwrap(), s.dossier().unwrap());
    assert!(
        import_json(&mut fresh, &out, &JsonImportOptions::default())
            .unwrap()
            .changes
            .is_empty()
    );
    // Un fichier de version 1 (sans lancement ni diagnostic) s'importe toujours.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["version"] = 1.into();
    let dossier = v["dossier"].as_object_mut().unwrap();
    for k in ["lancement", "diagnostic", "etapes"] {
        dossier.remove(k);
    }
    for k in ["objectifs", "signature", "clauses"] {
        dossier.remove(k);
    }
    let v1 = dir.path().join("v1.json");
    std::fs::write(&v1, serde_json::to_string(&v).unwrap()).unwrap();
    let d = read_json(&v1).unwrap();
    assert_eq!(d.esms.len(), 7);
    assert_eq!(d.lancement.jalons.len(), 11, "jalons standard complétés");
    // Un fichier de version 2 (sans objectifs ni signature) aussi.
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["version"] = 2.into();
    let dossier = v["dossier"].as_object_mut().unwrap();
    for k in ["objectifs", "signature", "clauses"] {
        dossier.remove(k);
    }
    let v2 = dir.path().join("v2.json");
    std::fs::write(&v2, serde_json::to_string(&v).unwrap()).unwrap();
    let d = read_json(&v2).unwrap();
    assert!(d.objectifs.objectifs.is_empty());
    assert_eq!(d.diagnostic, s.dossier().unwrap().diagnostic);
    // Une valeur de diagnostic fautive est refusée avec son chemin JSON.
    let mut bad: Value = serde_json::from_str(&text).unwrap();
    bad["dossier"]["lancement"]["jalons"][1]["date_prevue"] = "2026-02-30".into();
    let p = dir.path().join("faux.json");
    std::fs::write(&p, serde_json::to_string(&bad).unwrap()).unwrap();
    let e = read_json(&p).unwrap_err();
    assert_eq!(
        e.details.location.as_deref(),
        Some("dossier.lancement.jalons[1].date_prevue")
    );
    let mut bad: Value = serde_json::from_str(&text).unwrap();
    bad["dossier"]["diagnostic"]["finances"]["resultats"]["ars"]["2024"] = "beaucoup".into();
    std::fs::write(&p, serde_json::to_string(&bad).unwrap()).unwrap();
    assert_eq!(
        read_json(&p).unwrap_err().details.location.as_deref(),
        Some("dossier.diagnostic.finances.resultats.ars.2024")
    );
}

#[test]
fn the_view_carries_what_the_screens_need() {
    let dir = temp();
    let (mut s, p) = example(&dir);
    s.set_today(today());
    let v = s.view().unwrap();
    assert_eq!(v.aujourdhui, today());
    assert_eq!(v.planning.phases.len(), 3);
    // Les axes du catalogue PH s'appliquent tous ; ceux des personnes âgées, non (aucun
    // ESMS PA dans l'exemple).
    assert!(
        v.diagnostic
            .axes
            .iter()
            .all(|a| a.applicable != a.axe.starts_with("axe_pa_"))
    );
    assert_eq!(v.diagnostic.ratios.len(), 3);
    assert_eq!(v.diagnostic.creton.total, 8);
    assert_eq!(v.diagnostic.flash_saisie_og.len(), 1);
    let cat = cpom_services::catalogues::catalogues();
    assert_eq!(cat.diagnostic.version, 1);
    assert_eq!(cat.listes.jalons.len(), 12);
    // Le fichier, fermé puis rouvert, garde tout.
    let before = s.dossier().unwrap();
    s.close().unwrap();
    let (s2, _) = Session::open(&p, AUTHOR).unwrap();
    assert_eq!(s2.dossier().unwrap(), before);
}
