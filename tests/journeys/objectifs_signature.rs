//! Du dossier exemple au contrat signé : une fiche-objectif écrite par un directeur, la
//! couverture des six objectifs minimum, le rapport « Prêt pour signature » avec son manque
//! volontaire, la correction, le PDF sans mention PROJET, les trois signatures, le dossier
//! non modifiable, la copie de travail pour un avenant.

use cpom_domain::RecordKind;
use cpom_domain::dossier::objectifs::ObjectifMinimum;
use cpom_domain::steps::readiness::EtatDossier;
use cpom_services::Session;
use cpom_services::example::create_example;
use cpom_services::export::pdf::{PdfOptions, export_pdf};
use serde_json::{Map, Value, json};

use crate::common::set;

fn init(v: Value) -> Map<String, Value> {
    v.as_object().unwrap().clone()
}

#[test]
fn from_the_example_to_a_signed_contract_and_an_amendment_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("iris.cpom");
    let mut s = create_example(&path, "Siège").unwrap();
    s.set_today(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());

    // Un directeur écrit une fiche : un indicateur complet, une action datée.
    let esms = s.dossier().unwrap().esms[1].id.to_string();
    let o = s
        .add_record(
            RecordKind::Objectif,
            None,
            Some(&init(json!({
                "titre": "Développer l'accompagnement en milieu scolaire",
                "axe": "parcours",
                "minimums": ["inclusion"],
                "esms": [esms],
                "autorites": "ars",
                "statut": "retenu",
                "constats_organisme": "Liste d'attente du SESSAD : 18 enfants."
            }))),
        )
        .unwrap();
    let i = s
        .add_record(
            RecordKind::IndicateurObjectif,
            Some(&o),
            Some(&init(json!({ "libelle": "Enfants en attente au SESSAD" }))),
        )
        .unwrap();
    for (f, v) in [
        (
            "mode_calcul",
            json!("Enfants notifiés non accompagnés au 31 décembre"),
        ),
        ("source", json!("Liste d'attente du SESSAD")),
        ("valeur_initiale", json!("18")),
        ("cible_mi_parcours", json!("10")),
        ("cible_finale", json!("4")),
    ] {
        set(&mut s, RecordKind::IndicateurObjectif, Some(&i), f, v);
    }
    s.add_record(
        RecordKind::Action,
        Some(&o),
        Some(&init(json!({
            "libelle": "Recruter un second éducateur par redéploiement",
            "debut": "2028-01-03",
            "fin": "2028-09-30"
        }))),
    )
    .unwrap();
    let v = s.view().unwrap();
    let inclusion = v
        .objectifs
        .couverture
        .iter()
        .find(|c| c.minimum == ObjectifMinimum::Inclusion)
        .unwrap();
    assert_eq!(
        inclusion.objectifs.len(),
        3,
        "la nouvelle fiche couvre l'inclusion"
    );
    assert_eq!(v.objectifs.recapitulatif.len(), 10);
    assert_eq!(v.etapes[2].erreurs, 0, "{:#?}", v.etapes[2].issues);

    // Le rapport « Prêt pour signature » : un seul point, le manque volontaire.
    assert_eq!(v.readiness.etat, EtatDossier::EnPreparation);
    assert_eq!(v.readiness.points.len(), 1);
    let gap = &v.readiness.points[0];
    assert_eq!(gap.chemin, "signature.signatures.date_deliberation_ca");
    let pdf = dir.path().join("contrat.pdf");
    let opts = PdfOptions {
        deterministic: true,
        today: None,
    };
    assert!(export_pdf(&s, "pdl-socle", &pdf, &opts).unwrap().draft);

    // Correction : prêt pour signature, plus de mention PROJET.
    set(
        &mut s,
        RecordKind::Signatures,
        None,
        "date_deliberation_ca",
        json!("2026-11-20"),
    );
    let v = s.view().unwrap();
    assert_eq!(v.readiness.etat, EtatDossier::PretPourSignature);
    let r = export_pdf(&s, "pdl-socle", &pdf, &opts).unwrap();
    assert!(!r.draft, "{:?}", r.gaps);

    // Les trois signatures, dans l'ordre : le dossier est signé et ne se modifie plus.
    for (p, d) in [
        ("organisme", "2026-12-01"),
        ("cd:44", "2026-12-04"),
        ("ars:52", "2026-12-10"),
    ] {
        set(
            &mut s,
            RecordKind::Signatures,
            None,
            &format!("signataires.{p}.date_signature"),
            json!(d),
        );
    }
    assert_eq!(s.view().unwrap().readiness.etat, EtatDossier::Signe);
    let e = s
        .update_field(&cpom_services::FieldUpdate {
            kind: RecordKind::Objectif,
            id: Some(o.clone()),
            field: "titre".into(),
            value: json!("Autre titre"),
        })
        .unwrap_err();
    assert_eq!(e.code, "dossier.signe");

    // Copie de travail pour un avenant : signatures effacées, modifiable.
    let copy = dir.path().join("avenant-1.cpom");
    s.save_avenant_copy(&copy).unwrap();
    s.close().unwrap();
    let (mut c, _) = Session::open(&copy, "Siège").unwrap();
    assert_eq!(
        c.view().unwrap().readiness.etat,
        EtatDossier::PretPourSignature
    );
    set(
        &mut c,
        RecordKind::Objectif,
        Some(&o),
        "titre",
        json!("Titre révisé par avenant"),
    );
    c.close().unwrap();
}
