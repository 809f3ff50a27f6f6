//! Une association saisit son organisme, son CPOM et deux ESMS comme dans l'application.

use crate::common::{finess, set};
use cpom_domain::RecordKind;
use cpom_domain::kernel::issue::Severity;
use cpom_domain::perimetre::calc::Partite;
use cpom_services::Session;
use cpom_services::json_io::{JsonImportOptions, export_json, import_json};
use serde_json::json;

#[test]
fn from_an_empty_dossier_to_a_clean_report() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("APF 72.cpom");
    let mut s = Session::create(&path, "Directrice générale").unwrap();
    assert!(s.view().unwrap().report.errors > 5);

    use RecordKind::{Cpom, Esms, Organisme};
    for (f, v) in [
        ("raison_sociale", json!("Association Sarthe Avenir")),
        ("finess_ej", json!(finess("72000123"))),
        ("siren", json!("772 201 489")),
        ("statut_juridique", json!("association")),
        ("adresse_siege.ligne", json!("3 place de l'Éperon")),
        ("adresse_siege.code_postal", json!("72000")),
        ("adresse_siege.commune", json!("Le Mans")),
        ("representant_legal_nom", json!("M. Paul Hérault")),
        ("representant_legal_qualite", json!("Président")),
        ("referent_cpom_nom", json!("Mme Anne Coët")),
        ("date_deliberation_ca", json!("12/09/2026")),
    ] {
        set(&mut s, Organisme, None, f, v);
    }
    for (f, v) in [
        ("base_juridique", json!("l313_12_2")),
        ("region", json!("52")),
        ("departements", json!(["72"])),
        ("date_effet", json!("2027-01-01")),
    ] {
        set(&mut s, Cpom, None, f, v);
    }
    let ime = s.add_record(RecordKind::Esms, None, None).unwrap();
    for (f, v) in [
        ("nom", json!("IME du Val de Sarthe")),
        ("finess_et", json!(finess("72000456"))),
        ("categorie", json!("183")),
        ("capacites.semi_internat.autorisee", json!("40")),
        ("capacites.semi_internat.installee", json!("40")),
        ("etp.educatif", json!("18,5")),
    ] {
        set(&mut s, Esms, Some(&ime), f, v);
    }
    let fam = s.add_record(RecordKind::Esms, None, None).unwrap();
    for (f, v) in [
        ("nom", json!("FAM Les Glycines")),
        // Une catégorie fermée (437 FAM) reste acceptée, avec un avertissement.
        ("finess_et", json!(finess("72000789"))),
        ("categorie", json!("437")),
        ("capacites.internat.autorisee", json!("30")),
        ("capacites.internat.installee", json!("30")),
    ] {
        set(&mut s, Esms, Some(&fam), f, v);
    }
    let v = s.view().unwrap();
    assert_eq!(
        v.report.errors,
        0,
        "{:#?}",
        v.report
            .issues
            .iter()
            .filter(|i| i.severity == Severity::Erreur)
            .collect::<Vec<_>>()
    );
    // Le département et la compétence ont été proposés d'après le FINESS et la catégorie.
    let e = v
        .dossier
        .esms
        .iter()
        .find(|e| e.nom == "FAM Les Glycines")
        .unwrap();
    assert_eq!(e.departement.as_deref(), Some("72"));
    assert!(
        v.report
            .issues
            .iter()
            .any(|i| i.rule == "ESMS-CATEGORIE-FERMEE" && i.message.contains("448"))
    );
    // FAM conjoint → le département signe : contrat tripartite, ARS en dernier.
    assert_eq!(v.derived.partite, Partite::Tripartite);
    assert_eq!(v.derived.periode.as_deref(), Some("2027-2031"));
    assert!(
        v.derived
            .signataires
            .last()
            .unwrap()
            .libelle
            .contains("Pays de la Loire")
    );
    assert_eq!(v.derived.etp_total.to_string(), "18.5");

    // Fermer, rouvrir : tout est là.
    let before = s.dossier().unwrap();
    s.close().unwrap();
    let (s, _) = Session::open(&path, "Directrice générale").unwrap();
    assert_eq!(s.dossier().unwrap(), before);

    // Copie, export JSON, import dans un dossier neuf : identique.
    let copy = dir.path().join("copie.cpom");
    s.save_copy(&copy).unwrap();
    let json_path = dir.path().join("dossier.json");
    export_json(&s, &json_path).unwrap();
    let mut other = Session::create(&dir.path().join("neuf.cpom"), "Siège").unwrap();
    import_json(&mut other, &json_path, &JsonImportOptions::default()).unwrap();
    assert_eq!(other.dossier().unwrap(), before);
    let (c, _) = Session::open(&copy, "x").unwrap();
    assert_eq!(c.dossier().unwrap(), before);
}
