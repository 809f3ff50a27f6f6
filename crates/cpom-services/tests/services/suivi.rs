//! Le suivi d'un contrat signé : l'exécution se saisit, le contrat ne change que dans un
//! projet d'avenant (abandonné : le contrat revient à l'identique ; signé : numéroté, la
//! version consolidée le montre), documents du suivi, classeur de suivi sur un dossier
//! signé, import JSON, kit de contribution d'un directeur, renouvellement.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use chrono::NaiveDate;
use cpom_domain::RecordKind;
use cpom_domain::contribution::merge::Decision;
use cpom_domain::dossier::suivi::{NatureBilan, TypeAvenant};
use cpom_domain::suivi::calc::EtatContrat;
use cpom_services::export::pdf::{PdfOptions, export_pdf};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, render_xlsx};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use cpom_services::json_io::{JsonImportOptions, export_json, import_json};
use cpom_services::suivi::{AvenantRef, create_example_signed, create_example_suivi};
use cpom_services::{FieldUpdate, Session};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::common::{AUTHOR, journal_len, temp};

fn day(y: i32, m: u32, j: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, j).unwrap()
}

fn upd(kind: RecordKind, id: Option<&str>, field: &str, value: Value) -> FieldUpdate {
    FieldUpdate {
        kind,
        id: id.map(str::to_string),
        field: field.into(),
        value,
    }
}

fn signed(dir: &tempfile::TempDir) -> (Session, std::path::PathBuf) {
    let p = dir.path().join("signe.cpom");
    let mut s = create_example_signed(&p, AUTHOR).unwrap();
    s.set_today(day(2029, 6, 1));
    (s, p)
}

fn pdftotext(pdf: &Path) -> Option<String> {
    let ok = Command::new("pdftotext")
        .arg("-v")
        .output()
        .is_ok_and(|o| o.status.success() || !o.stderr.is_empty());
    if !crate::common::external_tool(
        "« pdftotext »",
        ok,
        "scripts/installer-dependances.sh --tests, paquet poppler-utils",
    ) {
        return None;
    }
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
        .output()
        .unwrap();
    assert!(o.status.success());
    Some(
        String::from_utf8(o.stdout)
            .unwrap()
            .replace(['\u{a0}', '\u{202f}'], " ")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    )
}

#[test]
fn a_signed_dossier_takes_execution_records_and_refuses_contract_edits() {
    let dir = temp();
    let (mut s, _) = signed(&dir);
    let before = s.dossier().unwrap();
    let ind = before.objectifs.indicateurs[0].id.to_string();
    // L'exécution : un réalisé, un exercice.
    let r = s
        .add_record(
            RecordKind::RealisationIndicateur,
            Some(&ind),
            Some(json!({"realise.1": "12,5"}).as_object().unwrap()),
        )
        .unwrap();
    s.update_field(&upd(
        RecordKind::RealisationIndicateur,
        Some(&r),
        "commentaires.1",
        json!("Valeur au 31 décembre"),
    ))
    .unwrap();
    let d = s.dossier().unwrap();
    assert_eq!(
        d.suivi_contrat.indicateurs[0].realise[0],
        Some(Decimal::new(125, 1))
    );
    assert_eq!(d.objectifs, before.objectifs, "le contrat n'a pas bougé");
    // Le contrat : refusé, rien d'écrit, message qui dit où saisir.
    let journal = journal_len(&s);
    let e = s
        .update_field(&upd(
            RecordKind::Organisme,
            None,
            "raison_sociale",
            json!("X"),
        ))
        .unwrap_err();
    assert_eq!(e.code, "dossier.signe");
    assert!(e.message.contains("Suivi du contrat"), "{}", e.message);
    assert!(e.message.contains("avenant"), "{}", e.message);
    assert_eq!(journal_len(&s), journal);
    assert_eq!(s.dossier().unwrap().organisme, before.organisme);
    let v = s.view().unwrap();
    assert_eq!(v.suivi.situation.etat, EtatContrat::EnExecution);
    assert_eq!(v.suivi.situation.annee, Some(3));
}

#[test]
fn an_avenant_draft_records_the_state_before_and_abandoning_restores_it() {
    let dir = temp();
    let (mut s, path) = signed(&dir);
    let original = s.dossier().unwrap();
    let id = s
        .avenant_create(&[TypeAvenant::Perimetre], "Intégration du SAMSAH")
        .unwrap();
    // Un seul projet à la fois.
    assert_eq!(
        s.avenant_create(&[], "Autre").unwrap_err().code,
        "avenant.deja_en_cours"
    );
    let esms0 = original.esms[0].id.to_string();
    s.update_field(&upd(
        RecordKind::Esms,
        Some(&esms0),
        "capacites.internat.autorisee",
        json!(30),
    ))
    .unwrap();
    let new = s.add_record(RecordKind::Esms, None, None).unwrap();
    s.update_field(&upd(
        RecordKind::Esms,
        Some(&new),
        "nom",
        json!("SAMSAH Les Iris"),
    ))
    .unwrap();
    let adh = original.adhesions[0].id.to_string();
    s.delete_record(RecordKind::Adhesion, &adh).unwrap();
    let v = s.view().unwrap();
    assert!(v.suivi.situation.projet_avenant);
    let projet = &v.avenants[0];
    assert_eq!(projet.numero, None);
    assert!(
        projet
            .changements
            .iter()
            .any(|c| c.field == "capacites.internat.autorisee")
    );
    let r = projet.readiness.as_ref().unwrap();
    assert!(!r.pret);
    assert!(
        r.points.iter().any(|p| p.regle == "AV-ENTRANT"),
        "{:?}",
        r.points
    );
    // Les signatures du contrat initial restent figées, même avec un projet ouvert.
    let e = s
        .update_field(&upd(RecordKind::Signatures, None, "lieu", json!("Angers")))
        .unwrap_err();
    assert_eq!(e.code, "dossier.signe");
    // Supprimer le projet comme un enregistrement : refusé (il faut l'abandonner).
    assert_eq!(
        s.delete_record(RecordKind::Avenant, &id).unwrap_err().code,
        "avenant.abandon"
    );
    s.avenant_abandon(&id).unwrap();
    let back = s.dossier().unwrap();
    assert_eq!(back.esms, original.esms);
    assert_eq!(
        back.adhesions, original.adhesions,
        "l'adhésion revient, même identifiant"
    );
    assert!(back.suivi_contrat.avenants.is_empty());
    s.close().unwrap();
    let (s, _) = Session::open(&path, AUTHOR).unwrap();
    assert_eq!(s.dossier().unwrap().esms, original.esms);
}

#[test]
fn a_signed_avenant_is_numbered_frozen_and_shown_in_the_consolidated_contract() {
    let dir = temp();
    let (mut s, _) = signed(&dir);
    let id = s
        .avenant_create(&[TypeAvenant::RevisionObjectifs], "Report de la rénovation")
        .unwrap();
    let action = s
        .dossier()
        .unwrap()
        .objectifs
        .actions
        .iter()
        .find(|a| a.libelle.starts_with("Rénovation"))
        .unwrap()
        .id
        .to_string();
    s.update_field(&upd(
        RecordKind::Action,
        Some(&action),
        "debut",
        json!("2030-04-01"),
    ))
    .unwrap();
    // La dernière signature n'est acceptée qu'une fois toutes les parties datées.
    for (p, date) in [("organisme", "2029-06-10"), ("cd:44", "2029-06-20")] {
        s.update_field(&upd(
            RecordKind::Avenant,
            Some(&id),
            &format!("signataires.{p}.date_signature"),
            json!(date),
        ))
        .unwrap();
    }
    assert!(s.view().unwrap().avenants[0].numero.is_none());
    s.update_field(&upd(
        RecordKind::Avenant,
        Some(&id),
        "signataires.ars:52.date_signature",
        json!("2029-06-30"),
    ))
    .unwrap();
    let v = s.view().unwrap();
    assert_eq!(v.avenants[0].numero, Some(1));
    assert_eq!(v.suivi.situation.avenants_signes, 1);
    // Figé : ni l'avenant ni le contrat ne changent plus.
    let journal = journal_len(&s);
    assert_eq!(
        s.update_field(&upd(RecordKind::Avenant, Some(&id), "objet", json!("X")))
            .unwrap_err()
            .code,
        "avenant.signe"
    );
    assert_eq!(
        s.update_field(&upd(
            RecordKind::Action,
            Some(&action),
            "debut",
            json!("2030-05-01")
        ))
        .unwrap_err()
        .code,
        "dossier.signe"
    );
    assert_eq!(journal_len(&s), journal);
    // Les PDF : l'avenant court, le contrat consolidé, le contrat initial.
    let opts = PdfOptions {
        deterministic: true,
        today: Some(day(2029, 7, 1)),
    };
    let a = dir.path().join("avenant-1.pdf");
    let r = s
        .export_avenant(AvenantRef::Numero(1), None, &a, &opts)
        .unwrap();
    assert!(!r.draft, "{:?}", r.gaps);
    assert!(r.pages <= 4, "un avenant court : {} pages", r.pages);
    assert_eq!(
        s.export_avenant(AvenantRef::Numero(2), None, &a, &opts)
            .unwrap_err()
            .code,
        "avenant.introuvable"
    );
    let c = dir.path().join("consolide.pdf");
    let cr = export_pdf(&s, "pdl-socle", &c, &opts).unwrap();
    assert!(
        !cr.draft,
        "un contrat signé ne porte pas PROJET : {:?}",
        cr.gaps
    );
    let c0 = dir.path().join("initial.pdf");
    s.export_contrat_version(0, None, &c0, &opts).unwrap();
    if let (Some(ta), Some(tc), Some(t0)) = (pdftotext(&a), pdftotext(&c), pdftotext(&c0)) {
        assert!(ta.contains("Avenant n° 1 au contrat pluriannuel"), "{ta}");
        assert!(ta.contains("Report de la rénovation"));
        assert!(ta.contains("Article 2 – Dispositions modifiées"));
        assert!(
            tc.contains("version consolidée après l'avenant n° 1 du 30 juin 2029"),
            "{tc}"
        );
        assert!(tc.contains("01/04/2030"));
        assert!(!t0.contains("version consolidée"));
        assert!(!t0.contains("01/04/2030"));
    }
}

#[test]
fn suivi_documents_are_exported_from_the_signed_dossier() {
    let dir = temp();
    let p = dir.path().join("suivi.cpom");
    let mut s = create_example_suivi(&p, AUTHOR, day(2029, 6, 1)).unwrap();
    s.set_today(day(2029, 6, 1));
    let opts = PdfOptions {
        deterministic: true,
        today: Some(day(2029, 6, 1)),
    };
    let revue = dir.path().join("revue-2028.pdf");
    let r = s.export_revue(2028, None, &revue, &opts).unwrap();
    assert_eq!(r.model_id, "pdl-socle", "forme du modèle de la région");
    assert!(!r.draft, "{:?}", r.gaps);
    let bilan = dir.path().join("bilan.pdf");
    let b = s
        .export_bilan(NatureBilan::Etape, None, &bilan, &opts)
        .unwrap();
    assert!(b.pages <= 5, "bilan d'étape : {} pages", b.pages);
    assert!(b.avertissements.is_empty());
    let rapport = dir.path().join("rapport.pdf");
    s.export_rapport_cd(2028, None, &rapport, &opts).unwrap();
    // Un exercice hors du contrat : refus en français, aucun fichier écrit.
    let none = dir.path().join("rien.pdf");
    let e = s.export_revue(2040, None, &none, &opts).unwrap_err();
    assert_eq!(e.code, "suivi.exercice");
    assert!(e.message.contains("de 2027 à 2033"), "{}", e.message);
    assert!(!none.exists());
    if let (Some(tr), Some(tb), Some(tc)) =
        (pdftotext(&revue), pdftotext(&bilan), pdftotext(&rapport))
    {
        assert!(
            tr.contains("Annexe 4 actualisée — tableau de suivi des objectifs — exercice 2028"),
            "{tr}"
        );
        assert!(tr.contains("L'étude de programmation a été prolongée"));
        assert!(tr.contains("Réalisé 2028"));
        assert!(tb.contains("Faits marquants depuis la signature"));
        assert!(tb.contains("Avenant n° 1 signé le 6 octobre 2028"));
        assert!(tc.contains("Foyer de vie Les Tilleuls"));
        for t in [&tr, &tb, &tc] {
            assert!(!t.contains("seed"), "citation lisible");
        }
    }
    // Sur un dossier en préparation : pas de revue.
    let prep = dir.path().join("prep.cpom");
    let s2 = cpom_services::example::create_example(&prep, AUTHOR).unwrap();
    assert_eq!(
        s2.export_revue(2028, None, &none, &opts).unwrap_err().code,
        "suivi.non_signe"
    );
}

#[test]
fn the_suivi_workbook_round_trips_on_a_signed_dossier() {
    let dir = temp();
    let p = dir.path().join("suivi.cpom");
    let mut s = create_example_suivi(&p, AUTHOR, day(2029, 6, 1)).unwrap();
    let out = dir.path().join("suivi.xlsx");
    let r = export_xlsx(
        &s,
        Some("suivi-objectifs"),
        &out,
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    assert_eq!(r.template_version, 2);
    let p0 = import_workbook(&mut s, &out, &WorkbookImportOptions::default(), true, None).unwrap();
    assert!(p0.changements.is_empty(), "{:#?}", p0.changements);
    // Le classeur rempli : réalisé de l'année 3 et statut d'une action ; un libellé du
    // contrat changé (cellule affichée seulement : ignorée).
    let before = s.dossier().unwrap();
    let mut d = before.clone();
    let ind = d.objectifs.indicateurs[0].id;
    let rec = d
        .suivi_contrat
        .indicateurs
        .iter_mut()
        .find(|r| r.indicateur == ind)
        .unwrap();
    rec.realise.push(Some(Decimal::new(77, 0)));
    d.suivi_contrat.actions[0].statut.push(Some(
        cpom_domain::dossier::objectifs::StatutAction::Realisee,
    ));
    d.objectifs.indicateurs[0].libelle = "Libellé changé dans le classeur".into();
    let id = s.meta().unwrap().dossier_id;
    let (_, bytes) = render_xlsx(
        &d,
        &id,
        "suivi-objectifs",
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let edited = dir.path().join("rempli.xlsx");
    std::fs::write(&edited, bytes).unwrap();
    if let Some(keep) = std::env::var_os("CPOM_KEEP") {
        std::fs::copy(&edited, std::path::Path::new(&keep).join("rempli.xlsx")).unwrap();
        std::fs::copy(&out, std::path::Path::new(&keep).join("exporte.xlsx")).unwrap();
    }
    let p1 = import_workbook(
        &mut s,
        &edited,
        &WorkbookImportOptions::default(),
        true,
        None,
    )
    .unwrap();
    assert_eq!(p1.changements.len(), 2, "{:#?}", p1.changements);
    import_workbook(
        &mut s,
        &edited,
        &WorkbookImportOptions::default(),
        false,
        Some(&p1.empreinte),
    )
    .unwrap();
    let after = s.dossier().unwrap();
    assert_eq!(
        after.objectifs, before.objectifs,
        "le contrat n'a pas bougé"
    );
    let rec = after
        .suivi_contrat
        .indicateurs
        .iter()
        .find(|r| r.indicateur == ind)
        .unwrap();
    assert_eq!(rec.realise.get(2), Some(&Some(Decimal::new(77, 0))));
}

#[test]
fn json_import_on_a_signed_dossier_applies_execution_only() {
    let dir = temp();
    let (mut s, _) = signed(&dir);
    let j = dir.path().join("d.json");
    export_json(&s, &j).unwrap();
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&j).unwrap()).unwrap();
    v["dossier"]["suivi_contrat"]["general"]["referent"] = json!("Mme Renaud");
    std::fs::write(&j, v.to_string()).unwrap();
    let changes = import_json(&mut s, &j, &JsonImportOptions::default())
        .unwrap()
        .changes;
    assert_eq!(changes.len(), 1);
    assert_eq!(
        s.dossier().unwrap().suivi_contrat.general.referent,
        "Mme Renaud"
    );
    // Une valeur du contrat : refus, rien d'écrit.
    v["dossier"]["organisme"]["raison_sociale"] = json!("Autre nom");
    v["dossier"]["suivi_contrat"]["general"]["referent"] = json!("M. Autre");
    std::fs::write(&j, v.to_string()).unwrap();
    let journal = journal_len(&s);
    let e = import_json(&mut s, &j, &JsonImportOptions::default()).unwrap_err();
    assert_eq!(e.code, "dossier.signe");
    assert_eq!(journal_len(&s), journal);
    assert_eq!(
        s.dossier().unwrap().suivi_contrat.general.referent,
        "Mme Renaud"
    );
}

#[test]
fn a_directors_suivi_kit_carries_its_execution_records() {
    use cpom_services::contribution::KitRequest;
    let dir = temp();
    let p = dir.path().join("suivi.cpom");
    let mut siege = create_example_suivi(&p, AUTHOR, day(2029, 6, 1)).unwrap();
    let d = siege.dossier().unwrap();
    let mas = d.esms.iter().find(|e| e.nom.starts_with("MAS")).unwrap().id;
    let rec = d
        .suivi_contrat
        .indicateurs
        .iter()
        .find(|r| r.esms == Some(mas))
        .unwrap()
        .id
        .to_string();
    let kit = dir.path().join("kit-mas.cpom");
    siege
        .export_kit(
            &KitRequest {
                esms: vec![mas.to_string()],
                destinataire: "Direction de la MAS".into(),
                echeance: None,
            },
            &kit,
        )
        .unwrap();
    let (mut k, _) = Session::open(&kit, "Directeur MAS").unwrap();
    k.set_today(day(2029, 6, 1));
    assert!(k.view().unwrap().kit.unwrap().editables.contains(&rec));
    k.update_field(&upd(
        RecordKind::RealisationIndicateur,
        Some(&rec),
        "realise.3",
        json!("48"),
    ))
    .unwrap();
    // Le contrat reste figé dans le kit aussi.
    let mas_s = mas.to_string();
    assert_eq!(
        k.update_field(&upd(RecordKind::Esms, Some(&mas_s), "nom", json!("X")))
            .unwrap_err()
            .code,
        "dossier.signe"
    );
    k.close().unwrap();
    let plan = siege.receive_kit(&kit).unwrap();
    assert_eq!(plan.items.len(), 1, "{:#?}", plan.items);
    let dec: HashMap<String, Decision> = plan
        .items
        .iter()
        .map(|i| (i.key.clone(), Decision::Accepter))
        .collect();
    siege.integrate_kit(&kit, &dec).unwrap();
    let after = siege.dossier().unwrap();
    let r = after
        .suivi_contrat
        .indicateurs
        .iter()
        .find(|r| r.id.to_string() == rec)
        .unwrap();
    assert_eq!(r.realise.get(2), Some(&Some(Decimal::new(48, 0))));
}

#[test]
fn renewal_writes_a_new_dossier_and_leaves_the_signed_one_byte_identical() {
    let dir = temp();
    let p = dir.path().join("suivi.cpom");
    create_example_suivi(&p, AUTHOR, day(2031, 3, 1))
        .unwrap()
        .close()
        .unwrap();
    let bytes = std::fs::read(&p).unwrap();
    let mut s = Session::open_read_only(&p).unwrap();
    s.set_today(day(2031, 3, 1));
    let next = dir.path().join("suivant.cpom");
    let n = s.renouveler(&next).unwrap();
    s.close_read_only();
    assert_eq!(
        std::fs::read(&p).unwrap(),
        bytes,
        "le dossier signé est identique à l'octet"
    );
    let (s2, _) = Session::open(&next, AUTHOR).unwrap();
    let d = s2.dossier().unwrap();
    assert_eq!(d, n);
    assert_eq!(d.cpom.date_effet, Some(day(2034, 1, 1)));
    assert!(
        d.objectifs.objectifs.is_empty(),
        "de nouveaux objectifs à négocier"
    );
    assert!(d.suivi_contrat.avenants.is_empty());
    assert!(
        d.diagnostic
            .sources
            .iter()
            .any(|x| x.libelle.starts_with("Bilan du CPOM 2029-2033"))
    );
    assert!(
        d.diagnostic
            .synthese
            .iter()
            .any(|x| x.texte.contains("patrimoine") && x.texte.contains("Écart expliqué")),
        "{:#?}",
        d.diagnostic.synthese
    );
    assert_eq!(
        s2.view().unwrap().suivi.situation.etat,
        EtatContrat::EnPreparation
    );
}
