//! Un dossier change de région : l'exemple des Pays de la Loire déménage à Toulouse
//! (Occitanie, référentiel national). Le rapport se réévalue aussitôt (plus aucune règle du
//! guide PdL), rien de ce qui a été saisi sous l'ancien référentiel n'est perdu, et le
//! dossier atteint « Prêt pour signature » en complétant seulement ce que la loi demande.
//! Revenir aux Pays de la Loire rend les règles régionales.

use cpom_domain::RecordKind;
use cpom_domain::steps::readiness::EtatDossier;
use cpom_services::Session;
use cpom_services::example::create_example;
use cpom_services::view::DossierView;
use serde_json::json;

use crate::common::{finess, set};

/// Les règles propres au guide de l'ARS Pays de la Loire (voir `assets/packs/pdl.json`).
const PDL_ONLY: [&str; 20] = [
    "O-MINIMUM",
    "O-AXE",
    "O-MI-PARCOURS",
    "L-COORDONNATEUR",
    "P-4-SEMAINES",
    "P-ORDRE-SIGNATURE",
    "S-ORDRE",
    "D-ZONES",
    "D-ENVOI",
    "D-FLASH-SAISIE",
    "D-FLASH-CD",
    "D-FIN-ANNEE",
    "S-REPARTITION",
    "S-CD",
    "S-COMITE",
    "A-INVEST",
    "A-REPORT",
    "A-COMPENSATION",
    "A-ANNEE",
    "A-DEPARTEMENTS",
];

fn issues(v: &DossierView) -> Vec<&cpom_domain::kernel::issue::Issue> {
    v.etapes
        .iter()
        .flat_map(|s| s.issues.iter().map(|i| &i.issue))
        .collect()
}

fn assert_national(v: &DossierView) {
    assert_eq!(v.pack.id, "national");
    for i in issues(v) {
        assert!(!PDL_ONLY.contains(&i.rule.as_str()), "{i:#?}");
        assert!(
            !i.source.contains("Pays de la Loire"),
            "source du guide PdL sous le référentiel national : {i:#?}"
        );
    }
}

fn move_to_toulouse(s: &mut Session) {
    let d = s.dossier().unwrap();
    set(s, RecordKind::Cpom, None, "region", json!("76"));
    set(s, RecordKind::Cpom, None, "departements", json!(["31"]));
    set(
        s,
        RecordKind::Organisme,
        None,
        "adresse_siege.code_postal",
        json!("31000"),
    );
    set(
        s,
        RecordKind::Organisme,
        None,
        "adresse_siege.commune",
        json!("Toulouse"),
    );
    for (k, e) in d.esms.iter().enumerate() {
        let id = e.id.to_string();
        set(s, RecordKind::Esms, Some(&id), "departement", json!("31"));
        set(
            s,
            RecordKind::Esms,
            Some(&id),
            "finess_et",
            json!(finess(&format!("3100{:04}", 101 + k))),
        );
    }
}

#[test]
fn the_pdl_example_moved_to_occitanie_is_ready_without_any_pdl_rule() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iris.cpom");
    let mut s = create_example(&path, "Siège").unwrap();
    s.set_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    let before = s.dossier().unwrap();
    let pdl = s.view().unwrap();
    assert_eq!(pdl.pack.id, "pdl");
    assert!(
        issues(&pdl)
            .iter()
            .any(|i| i.source.contains("Pays de la Loire")),
        "l'exemple PdL cite son guide"
    );

    move_to_toulouse(&mut s);
    let v = s.view().unwrap();
    assert_national(&v);
    // Le diagnostic du socle national (instruction DGCS et méthode ANAP) remplace le
    // questionnaire du guide PdL.
    assert!(
        v.diagnostic.axes.iter().all(|a| a.axe.starts_with("nat_")),
        "{:?}",
        v.diagnostic.axes.iter().map(|a| &a.axe).collect::<Vec<_>>()
    );
    assert!(!v.pack_choisi, "référentiel déduit de la région");
    // Rien de ce qui a été saisi sous le référentiel PdL n'est perdu.
    let d = s.dossier().unwrap();
    assert_eq!(d.diagnostic.reponses, before.diagnostic.reponses);
    assert_eq!(
        d.diagnostic.complementaires,
        before.diagnostic.complementaires
    );
    assert_eq!(d.diagnostic.finances, before.diagnostic.finances);
    assert_eq!(d.signature.repartition, before.signature.repartition);
    assert_eq!(d.objectifs, before.objectifs);

    // Ce que la loi demande encore : les signataires de l'ARS Occitanie et du département de
    // la Haute-Garonne, le choix du département pour l'aide sociale, la délibération du
    // conseil d'administration. Les questions du diagnostic national encore sans réponse ne
    // font qu'avertir : aucun texte national n'impose ce questionnaire.
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "signataires.ars:76.nom",
        json!("M. Didier Jaffre"),
    );
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "signataires.ars:76.qualite",
        json!("Directeur général de l'agence régionale de santé Occitanie"),
    );
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "signataires.cd:31.nom",
        json!("M. Sébastien Vincini"),
    );
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "signataires.cd:31.qualite",
        json!("Président du conseil départemental de la Haute-Garonne"),
    );
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "lieu",
        json!("Toulouse"),
    );
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "date_deliberation_ca",
        json!("2026-11-20"),
    );
    set(
        &mut s,
        RecordKind::Moyens,
        None,
        "aide_sociale_choix.31",
        json!("reglement_departemental"),
    );
    let v = s.view().unwrap();
    assert_national(&v);
    assert_eq!(
        v.readiness.etat,
        EtatDossier::PretPourSignature,
        "{:#?}",
        v.readiness.points
    );
    assert!(
        issues(&v).iter().any(|i| i.rule == "D-QUESTION"
            && i.severity == cpom_domain::kernel::issue::Severity::Avertissement),
        "questions nationales sans réponse : avertissements"
    );
    assert!(
        v.dossier
            .signature
            .moyens
            .aide_sociale_choix
            .contains_key("44"),
        "le choix de Loire-Atlantique reste dans le dossier"
    );

    // Le contrat du référentiel national : le modèle de l'arrêté, sans mention PROJET, sans
    // blanc ni citation interne.
    let pdf = dir.path().join("contrat.pdf");
    let opts = cpom_services::export::pdf::PdfOptions {
        deterministic: true,
        today: None,
    };
    let r = cpom_services::export::pdf::export_pdf(&s, "arrete-2017", &pdf, &opts).unwrap();
    assert!(!r.draft, "{:?}", r.gaps);

    // Retour aux Pays de la Loire, choisi explicitement : les règles du guide reviennent.
    set(&mut s, RecordKind::Cpom, None, "pack", json!("pdl"));
    let v = s.view().unwrap();
    assert_eq!(v.pack.id, "pdl");
    assert!(v.pack_choisi);
    assert!(
        issues(&v)
            .iter()
            .any(|i| i.source.contains("Pays de la Loire")),
        "le guide PdL est de nouveau cité : {:#?}",
        issues(&v)
    );
    // Le questionnaire du guide PdL revient, avec les réponses saisies avant le déménagement.
    assert!(
        v.diagnostic.axes.iter().all(|a| !a.axe.starts_with("nat_")),
        "{:?}",
        v.diagnostic.axes.iter().map(|a| &a.axe).collect::<Vec<_>>()
    );
    assert_eq!(v.etapes[1].erreurs, 0, "{:#?}", v.etapes[1].issues);
}
