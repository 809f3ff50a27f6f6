use cpom_domain::RecordKind;
use cpom_services::FieldUpdate;
use cpom_services::Session;
use rusqlite::Connection;
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

#[test]
fn new_dossier_has_its_records_and_metadata() {
    let dir = temp();
    let p = dir.path().join("nouveau.cpom");
    let s = Session::create(&p, AUTHOR).unwrap();
    let v = s.view().unwrap();
    assert_eq!(v.name, "nouveau");
    assert_eq!(v.meta.schema_version, 2);
    assert_eq!(v.meta.dossier_id.len(), 36);
    assert!(v.dossier.esms.is_empty());
    assert_eq!(v.stamps.len(), 2, "organisme + cpom");
    assert!(v.stamps.iter().all(|st| st.created_by == AUTHOR));
    assert!(v.report.errors > 0, "un dossier vide a des manques");
}

#[test]
fn every_edit_is_saved_at_once() {
    let dir = temp();
    let p = dir.path().join("a.cpom");
    let mut s = Session::create(&p, AUTHOR).unwrap();
    s.update_field(&upd(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!("Association « Les Œillets » — 12 € ?"),
    ))
    .unwrap();
    // Une autre connexion voit la modification sans fermeture ni « Enregistrer ».
    let other = Connection::open(&p).unwrap();
    let data: String = other
        .query_row(
            "SELECT data FROM record WHERE kind = 'organisme'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        data.contains("Association « Les Œillets » — 12 € ?"),
        "{data}"
    );
    let (field, author): (String, String) = other
        .query_row(
            "SELECT field, author FROM journal WHERE op = 'update'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(field, "raison_sociale");
    assert_eq!(author, AUTHOR);
}

#[test]
fn a_refused_value_changes_nothing() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let v = s.view().unwrap();
    let id = v.dossier.esms[0].id.to_string();
    let before = s.dossier().unwrap();
    let n = journal_len(&s);
    for (field, value, code) in [
        ("finess_et", json!("440012346"), "finess.cle"),
        ("jours_ouverture", json!("400"), "nombre.trop_grand"),
        (
            "capacites.internat.autorisee",
            json!("-2"),
            "nombre.negatif",
        ),
        ("categorie", json!("999"), "categorie.inconnue"),
    ] {
        let e = s
            .update_field(&upd(RecordKind::Esms, Some(&id), field, value))
            .unwrap_err();
        assert_eq!(e.code, code);
        assert_eq!(
            e.details.field.as_deref(),
            Some(format!("esms.{id}.{field}").as_str())
        );
    }
    let e = s
        .update_field(&upd(
            RecordKind::Cpom,
            None,
            "date_effet",
            json!("30/02/2027"),
        ))
        .unwrap_err();
    assert_eq!(e.details.field.as_deref(), Some("cpom.date_effet"));
    assert!(e.message.contains("n'existe pas"));
    assert_eq!(s.dossier().unwrap(), before);
    assert_eq!(journal_len(&s), n, "rien n'est journalisé");
}

#[test]
fn lost_leading_zero_comes_with_a_suggestion() {
    let dir = temp();
    let mut s = Session::create(&dir.path().join("z.cpom"), AUTHOR).unwrap();
    let e = s
        .update_field(&upd(
            RecordKind::Organisme,
            None,
            "finess_ej",
            json!("10000016"),
        ))
        .unwrap_err();
    assert_eq!(e.details.suggestion.as_deref(), Some("010000016"));
    assert!(
        s.update_field(&upd(
            RecordKind::Organisme,
            None,
            "finess_ej",
            json!("010000016")
        ))
        .unwrap()
    );
    // Même valeur : rien à écrire.
    assert!(
        !s.update_field(&upd(
            RecordKind::Organisme,
            None,
            "finess_ej",
            json!("01 000 001 6")
        ))
        .unwrap()
    );
}

#[test]
fn esms_add_move_delete() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let n = s.dossier().unwrap().esms.len();
    let id = s.add_record(RecordKind::Esms, None, None).unwrap();
    let d = s.dossier().unwrap();
    assert_eq!(d.esms.len(), n + 1);
    assert_eq!(d.esms.last().unwrap().id.to_string(), id);
    s.move_record(RecordKind::Esms, &id, 0).unwrap();
    assert_eq!(s.dossier().unwrap().esms[0].id.to_string(), id);
    s.delete_record(RecordKind::Esms, &id).unwrap();
    assert_eq!(s.dossier().unwrap().esms.len(), n);
    // Une trace reste pour la fusion future des contributions.
    let tomb: i64 = s
        .connection()
        .query_row(
            "SELECT count(*) FROM record WHERE deleted_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(tomb, 1);
    assert_eq!(
        s.delete_record(RecordKind::Esms, &id).unwrap_err().code,
        "enregistrement.introuvable"
    );
    assert_eq!(
        s.delete_record(RecordKind::Organisme, "x")
            .unwrap_err()
            .code,
        "suppression.impossible"
    );
    let mut init = serde_json::Map::new();
    init.insert("kind".into(), json!("ght"));
    let a = s
        .add_record(RecordKind::Adhesion, None, Some(&init))
        .unwrap();
    s.update_field(&upd(RecordKind::Adhesion, Some(&a), "nom", json!("GHT 44")))
        .unwrap();
    assert!(
        s.dossier()
            .unwrap()
            .adhesions
            .iter()
            .any(|x| x.nom == "GHT 44")
    );
}

#[test]
fn close_leaves_a_self_contained_file_and_reopen_finds_everything() {
    let dir = temp();
    let (mut s, p) = example(&dir);
    let id = s.add_record(RecordKind::Esms, None, None).unwrap();
    s.update_field(&upd(
        RecordKind::Esms,
        Some(&id),
        "nom",
        json!("SAMSAH L'Envol"),
    ))
    .unwrap();
    let before = s.dossier().unwrap();
    s.close().unwrap();
    assert!(!dir.path().join("exemple.cpom-wal").exists());
    // Le fichier seul, copié ailleurs, contient tout.
    let copy = dir.path().join("copie-brute.cpom");
    std::fs::copy(&p, &copy).unwrap();
    let (s2, backup) = Session::open(&copy, "Autre").unwrap();
    assert!(backup.is_none());
    assert_eq!(s2.dossier().unwrap(), before);
}

#[test]
fn save_copy_is_consistent_and_refuses_the_open_file() {
    let dir = temp();
    let (mut s, p) = example(&dir);
    s.update_field(&upd(
        RecordKind::Organisme,
        None,
        "directeur_general",
        json!("Mme Test"),
    ))
    .unwrap();
    let target = dir.path().join("copie.cpom");
    std::fs::write(&target, b"ancien contenu").unwrap();
    s.save_copy(&target).unwrap();
    let (c, _) = Session::open(&target, AUTHOR).unwrap();
    assert_eq!(c.dossier().unwrap(), s.dossier().unwrap());
    assert_eq!(
        c.view().unwrap().meta.dossier_id,
        s.view().unwrap().meta.dossier_id
    );
    assert_eq!(s.save_copy(&p).unwrap_err().code, "copie.meme_fichier");
    // Dossier cible inexistant : erreur française, rien d'écrit.
    let bad = dir.path().join("absent").join("x.cpom");
    let e = s.save_copy(&bad).unwrap_err();
    assert!(!bad.exists());
    assert!(!e.message.is_empty());
}

/// Le chemin d'une frappe : une saisie de champ puis la vue qui suit lisent le dossier **une**
/// fois (avant la mise en étages : quatre), même quand une étape validée doit être contrôlée.
#[test]
fn a_field_edit_and_its_view_read_the_dossier_once() {
    use cpom_domain::StepId;
    use cpom_services::store::dossier::reads;
    let dir = temp();
    let (mut s, _) = example(&dir);
    s.validate_step(StepId::Lancement, None).unwrap();
    s.view().unwrap();
    let before = reads();
    s.update_field(&upd(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!("Association Les Iris"),
    ))
    .unwrap();
    let v = s.view().unwrap();
    assert_eq!(v.dossier.organisme.raison_sociale, "Association Les Iris");
    assert_eq!(reads() - before, 1, "lectures du dossier pour une saisie");
    // Une vue de plus, sans écriture : aucune lecture.
    s.view().unwrap();
    assert_eq!(reads() - before, 1);
}

/// Une écriture faite par une autre connexion est vue : l'état gardé par la session n'est
/// repris que si personne n'a écrit depuis. (Un seul écrivain à la fois : l'autre connexion
/// écrit pendant que celle-ci lit.)
#[test]
fn the_kept_state_is_dropped_when_another_connection_writes() {
    let dir = temp();
    let (s, path) = example(&dir);
    s.close().unwrap();
    let s = Session::open_read_only(&path).unwrap();
    s.view().unwrap();
    let (mut other, _) = Session::open(&path, "Paul").unwrap();
    other
        .update_field(&upd(
            RecordKind::Organisme,
            None,
            "raison_sociale",
            json!("Écrit ailleurs"),
        ))
        .unwrap();
    assert_eq!(
        s.view().unwrap().dossier.organisme.raison_sociale,
        "Écrit ailleurs"
    );
}
