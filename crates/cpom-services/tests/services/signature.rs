//! Objectifs et signature à travers le fichier : duplication d'une fiche, suppression en
//! cascade, dernière signature refusée tant que le dossier n'est pas prêt, dossier signé non
//! modifiable (contenu et journal inchangés), copie de travail pour un avenant.

use chrono::NaiveDate;
use cpom_domain::RecordKind;
use cpom_domain::steps::readiness::EtatDossier;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use serde_json::{Value, json};

use crate::common::*;

fn upd(kind: RecordKind, id: Option<&str>, field: &str, value: Value) -> FieldUpdate {
    FieldUpdate {
        kind,
        id: id.map(str::to_string),
        field: field.into(),
        value,
    }
}

fn sign(s: &mut Session, partie: &str, date: &str) -> cpom_services::Result<bool> {
    s.update_field(&upd(
        RecordKind::Signatures,
        None,
        &format!("signataires.{partie}.date_signature"),
        json!(date),
    ))
}

#[test]
fn duplicate_then_delete_a_fiche_with_its_actions_and_indicators() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let src = d.objectifs.objectifs[1].id;
    let target = d.esms[2].id;
    let n_actions = d.objectifs.actions.len();
    let n_ind = d.objectifs.indicateurs.len();
    let copy = s
        .duplicate_objectif(&src.to_string(), &target.to_string())
        .unwrap();
    let d = s.dossier().unwrap();
    assert_eq!(d.objectifs.objectifs.len(), 10);
    assert_eq!(d.objectifs.actions.len(), n_actions + 2);
    assert_eq!(d.objectifs.indicateurs.len(), n_ind + 1);
    let o = d
        .objectifs
        .objectifs
        .iter()
        .find(|o| o.id.to_string() == copy)
        .unwrap();
    assert_eq!(o.esms, vec![target]);
    // Une fiche inconnue ou un ESMS inconnu : refus, rien d'écrit.
    let before = journal_len(&s);
    let e = s
        .duplicate_objectif(&uuid::Uuid::nil().to_string(), &target.to_string())
        .unwrap_err();
    assert_eq!(e.code, "objectif.introuvable");
    assert!(s.duplicate_objectif(&src.to_string(), "pas-un-id").is_err());
    assert_eq!(journal_len(&s), before);
    // Supprimer la copie supprime ses actions et son indicateur.
    s.delete_record(RecordKind::Objectif, &copy).unwrap();
    let d = s.dossier().unwrap();
    assert_eq!(d.objectifs.objectifs.len(), 9);
    assert_eq!(d.objectifs.actions.len(), n_actions);
    assert_eq!(d.objectifs.indicateurs.len(), n_ind);
}

#[test]
fn signing_needs_a_ready_dossier_then_locks_it() {
    let dir = temp();
    let (mut s, path) = example(&dir);
    s.set_today(NaiveDate::from_ymd_opt(2026, 11, 22).unwrap());
    sign(&mut s, "organisme", "2026-12-01").unwrap();
    sign(&mut s, "cd:44", "2026-12-03").unwrap();
    assert_eq!(s.view().unwrap().readiness.etat, EtatDossier::EnSignature);
    // Le dossier a encore un point bloquant (S-CA) : la dernière signature est refusée.
    let before = journal_len(&s);
    let e = sign(&mut s, "ars:52", "2026-12-08").unwrap_err();
    assert_eq!(e.code, "signature.pas_pret");
    assert_eq!(
        e.details.field.as_deref(),
        Some("signature.signatures.date_deliberation_ca")
    );
    assert_eq!(journal_len(&s), before, "rien n'est écrit");
    // On corrige le manque : la signature passe, le dossier est signé.
    s.update_field(&upd(
        RecordKind::Signatures,
        None,
        "date_deliberation_ca",
        json!("2026-11-20"),
    ))
    .unwrap();
    sign(&mut s, "ars:52", "2026-12-08").unwrap();
    assert_eq!(s.view().unwrap().readiness.etat, EtatDossier::Signe);
    s.close().unwrap();

    // Rouvert : toute modification est refusée ; contenu et journal restent inchangés.
    let (mut s, _) = Session::open(&path, AUTHOR).unwrap();
    let signed = s.dossier().unwrap();
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
    assert!(s.add_record(RecordKind::Objectif, None, None).is_err());
    // Copie de travail pour un avenant : modifiable, dates de signature effacées.
    let copy = dir.path().join("avenant.cpom");
    s.save_avenant_copy(&copy).unwrap();
    assert!(
        s.dossier().unwrap() == signed,
        "le dossier signé est inchangé"
    );
    assert_eq!(journal_len(&s), journal);
    s.close().unwrap();
    let (mut c, _) = Session::open(&copy, AUTHOR).unwrap();
    let v = c.view().unwrap();
    assert_eq!(v.readiness.etat, EtatDossier::PretPourSignature);
    assert!(
        v.dossier
            .signature
            .signatures
            .signataires
            .iter()
            .all(|x| x.date_signature.is_none() && !x.nom.is_empty())
    );
    c.update_field(&upd(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!("Les Iris"),
    ))
    .unwrap();
    c.close().unwrap();
}

#[test]
fn an_unsigned_dossier_has_no_avenant_copy() {
    let dir = temp();
    let (s, _) = example(&dir);
    let e = s.save_avenant_copy(&dir.path().join("a.cpom")).unwrap_err();
    assert_eq!(e.code, "avenant.non_signe");
    assert!(!dir.path().join("a.cpom").exists());
}
