//! Les détails de l'issue 14 (point 5), chacun avec son test : places permanentes d'un
//! service, FINESS invalide d'une ligne du tableau de bord, taux négatif, JSON enregistré avec
//! BOM, kit rendu après son échéance.

use std::collections::HashMap;

use chrono::NaiveDate;
use cpom_domain::contribution::merge::Decision;
use cpom_services::contribution::KitRequest;
use cpom_services::import::tdb::{TdbOptions, import_tdb};
use cpom_services::import::tdb_sample::{SampleRow, SampleValue, write_sample};
use cpom_services::json_io::{export_json, read_json};

use crate::common::{example, temp};
use crate::tdb::real_header;

fn has(c: &cpom_domain::dossier::perimetre::Capacite) -> bool {
    c.autorisee.is_some_and(|n| n > 0) || c.installee.is_some_and(|n| n > 0)
}

/// Les places « permanentes » du tableau de bord d'un service dont le dossier porte les places
/// en externat (SESSAD…) vont en externat : plus de double compte au total de l'annexe 1.
#[test]
fn permanent_places_of_a_service_go_to_externat() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let service = d
        .esms
        .iter()
        .find(|e| has(&e.capacites.externat) && !has(&e.capacites.internat))
        .expect("un service en externat dans le dossier exemple");
    let file = dir.path().join("export-tdbesms-2025.xlsx");
    let row = SampleRow {
        finess_et: service.finess_et.clone().unwrap(),
        finess_ej: d.organisme.finess_ej.clone().unwrap(),
        raison: service.nom.clone(),
        values: vec![
            (30, SampleValue::Number(52.0)),
            (31, SampleValue::Number(50.0)),
        ],
        fill_all: false,
    };
    write_sample(
        &file,
        &real_header(),
        &mut std::iter::once(row),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    import_tdb(&mut s, &file, &TdbOptions::default(), false, None).unwrap();
    let after = s.dossier().unwrap();
    let e = after.esms.iter().find(|e| e.id == service.id).unwrap();
    assert_eq!(e.capacites.externat.autorisee, Some(52));
    assert_eq!(e.capacites.externat.installee, Some(50));
    assert!(
        !has(&e.capacites.internat),
        "rien en internat : {:?}",
        e.capacites
    );
    // Un établissement (internat) garde ses places permanentes en internat.
    let etab = d.esms.iter().find(|e| has(&e.capacites.internat)).unwrap();
    let file = dir.path().join("export-tdbesms-2025-etab.xlsx");
    let row = SampleRow {
        finess_et: etab.finess_et.clone().unwrap(),
        finess_ej: d.organisme.finess_ej.clone().unwrap(),
        raison: etab.nom.clone(),
        values: vec![(30, SampleValue::Number(70.0))],
        fill_all: false,
    };
    write_sample(
        &file,
        &real_header(),
        &mut std::iter::once(row),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    import_tdb(&mut s, &file, &TdbOptions::default(), false, None).unwrap();
    let e = s
        .dossier()
        .unwrap()
        .esms
        .into_iter()
        .find(|e| e.id == etab.id)
        .unwrap();
    assert_eq!(e.capacites.internat.autorisee, Some(70));
}

/// Une ligne dont le FINESS a une clé fausse : dite, avec le FINESS de l'ESMS du dossier qui
/// lui ressemble ; la raison sociale absente est dite aussi.
#[test]
fn a_wrong_finess_key_is_named_with_its_look_alike() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let e = &d.esms[0];
    let good = e.finess_et.clone().unwrap();
    let key = good.chars().last().unwrap().to_digit(10).unwrap();
    let wrong = format!("{}{}", &good[..8], (key + 1) % 10);
    let file = dir.path().join("export-tdbesms-2025.xlsx");
    let row = SampleRow {
        finess_et: wrong.clone(),
        finess_ej: d.organisme.finess_ej.clone().unwrap(),
        raison: String::new(),
        values: vec![(209, SampleValue::Number(90.0))],
        fill_all: false,
    };
    write_sample(
        &file,
        &real_header(),
        &mut std::iter::once(row),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    let p = import_tdb(&mut s, &file, &TdbOptions::default(), true, None).unwrap();
    let line = p
        .non_repris
        .iter()
        .find(|l| l.contains(&wrong))
        .unwrap_or_else(|| panic!("{:?}", p.non_repris));
    assert!(line.contains("numéro invalide dans l'export"), "{line}");
    assert!(
        line.contains("raison sociale absente de l'export"),
        "{line}"
    );
    assert!(
        line.contains(&format!(
            "l'ESMS « {} » du dossier a le FINESS {good}",
            e.nom
        )),
        "{line}"
    );
}

/// Un taux d'activité négatif est refusé, avec sa cellule ; un taux de CAF négatif est
/// possible (capacité d'autofinancement négative) et accepté.
#[test]
fn a_negative_activity_rate_is_refused_but_not_a_negative_caf() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let before = d.clone();
    let e = &d.esms[0];
    let mk = |name: &str, col: u16| {
        let file = dir.path().join(name);
        let row = SampleRow {
            finess_et: e.finess_et.clone().unwrap(),
            finess_ej: d.organisme.finess_ej.clone().unwrap(),
            raison: e.nom.clone(),
            values: vec![(col, SampleValue::Number(-12.5))],
            fill_all: false,
        };
        write_sample(
            &file,
            &real_header(),
            &mut std::iter::once(row),
            "Restitutions",
            false,
            false,
        )
        .unwrap();
        file
    };
    let rate = mk("export-tdbesms-2025-activite.xlsx", 209);
    let err = import_tdb(&mut s, &rate, &TdbOptions::default(), true, None).unwrap_err();
    assert_eq!(err.code, "import.valeur");
    assert!(
        err.message.contains("taux positif ou nul"),
        "{}",
        err.message
    );
    assert!(err.message.contains("-12,5"), "{}", err.message);
    assert!(err.details.location.unwrap().contains("cellule"));
    assert_eq!(s.dossier().unwrap(), before);
    let caf = mk("export-tdbesms-2025-caf.xlsx", 273);
    let p = import_tdb(&mut s, &caf, &TdbOptions::default(), true, None).unwrap();
    assert!(
        p.changements
            .iter()
            .any(|c| c.libelle == "2-C Taux de CAF" && c.nouveau == "-12,5"),
        "{:#?}",
        p.changements
    );
}

/// Un export JSON réenregistré par le Bloc-notes de Windows (UTF-8 avec BOM) s'importe.
#[test]
fn a_json_saved_with_a_byte_order_mark_imports() {
    let dir = temp();
    let (s, _) = example(&dir);
    let json = dir.path().join("dossier.json");
    export_json(&s, &json).unwrap();
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend(std::fs::read(&json).unwrap());
    let bom = dir.path().join("bloc-notes.json");
    std::fs::write(&bom, bytes).unwrap();
    assert_eq!(read_json(&bom).unwrap(), s.dossier().unwrap());
}

/// Un kit rendu après son échéance : l'examen le dit (combien de jours), l'intégration le
/// rappelle dans son résumé.
#[test]
fn a_kit_returned_after_its_deadline_is_said_so() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let esms = d.esms[0].id.to_string();
    let kit = dir.path().join("kit.cpom");
    let deadline = NaiveDate::from_ymd_opt(2026, 4, 15).unwrap();
    s.set_today(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
    s.export_kit(
        &KitRequest {
            esms: vec![esms.clone()],
            destinataire: "Direction de l'IME".into(),
            echeance: Some(deadline),
        },
        &kit,
    )
    .unwrap();
    {
        let (mut k, _) = cpom_services::Session::open(&kit, "Direction").unwrap();
        k.update_field(&cpom_services::FieldUpdate {
            kind: cpom_domain::RecordKind::Esms,
            id: Some(esms.clone()),
            field: "nom".into(),
            value: serde_json::json!("IME renommé par la direction"),
        })
        .unwrap();
        k.close().unwrap();
    }
    // Avant l'échéance : rien à dire.
    s.set_today(NaiveDate::from_ymd_opt(2026, 4, 10).unwrap());
    assert!(s.examine_kit(&kit).unwrap().echeance_depassee.is_none());
    // Cinq jours après : dit, avec la date et la direction.
    s.set_today(NaiveDate::from_ymd_opt(2026, 4, 20).unwrap());
    let plan = s.examine_kit(&kit).unwrap();
    let w = plan
        .echeance_depassee
        .clone()
        .expect("échéance dépassée dite");
    assert!(w.contains("15 avril 2026"), "{w}");
    assert!(w.contains("dépassée de 5 jours"), "{w}");
    assert!(w.contains("Direction de l'IME"), "{w}");
    let all: HashMap<String, Decision> = plan
        .items
        .iter()
        .map(|i| (i.key.clone(), Decision::Accepter))
        .collect();
    let done = s.integrate_kit(&kit, &all).unwrap();
    assert!(
        done.resume.contains("après son échéance"),
        "{}",
        done.resume
    );
}
