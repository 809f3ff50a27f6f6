//! L'usage de tous les jours : annuler / rétablir une saisie (par le journal), chercher dans
//! le dossier, et des comptes qui disent la même chose partout.

use cpom_domain::RecordKind;
use cpom_services::{FieldUpdate, Session};
use serde_json::{Value, json};

use crate::common::{AUTHOR, example, temp};

fn update(kind: RecordKind, id: Option<String>, field: &str, value: Value) -> FieldUpdate {
    FieldUpdate {
        kind,
        id,
        field: field.into(),
        value,
    }
}

fn journal_of(s: &Session, id: &str, field: &str) -> Vec<(String, String)> {
    let mut st = s
        .connection()
        .prepare(
            "SELECT coalesce(old_value, ''), coalesce(new_value, '') FROM journal \
             WHERE record_id = ?1 AND field = ?2 AND op = 'update' ORDER BY seq",
        )
        .unwrap();
    st.query_map([id, field], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn undo_restores_the_previous_value_and_the_journal_shows_both() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let ime = s.dossier().unwrap().esms[0].clone();
    let before = ime.capacites.internat.installee;
    let id = ime.id.to_string();
    let field = "capacites.internat.installee";
    assert!(s.view().unwrap().historique.annuler.is_none());
    s.update_field(&update(RecordKind::Esms, Some(id.clone()), field, json!(7)))
        .unwrap();
    let h = s.view().unwrap().historique;
    let label = h.annuler.expect("une saisie à annuler");
    assert_eq!(label.path, format!("esms.{id}.{field}"));
    assert!(label.record.contains(&ime.nom), "{label:?}");
    assert_eq!(
        s.dossier().unwrap().esms[0].capacites.internat.installee,
        Some(7)
    );

    let path = s.undo().unwrap();
    assert_eq!(path, format!("esms.{id}.{field}"));
    assert_eq!(
        s.dossier().unwrap().esms[0].capacites.internat.installee,
        before
    );
    let j = journal_of(&s, &id, field);
    assert_eq!(j.len(), 2, "la saisie et son annulation : {j:?}");
    assert_eq!(j[0].1, "7");
    assert_eq!(j[1].0, "7");
    assert_eq!(j[1].1, j[0].0, "l'annulation réécrit l'ancienne valeur");
    let h = s.view().unwrap().historique;
    assert!(h.annuler.is_none());
    assert!(h.retablir.is_some());

    s.redo().unwrap();
    assert_eq!(
        s.dossier().unwrap().esms[0].capacites.internat.installee,
        Some(7)
    );
    assert_eq!(journal_of(&s, &id, field).len(), 3);
    // Une nouvelle saisie vide « rétablir ».
    s.undo().unwrap();
    s.update_field(&update(
        RecordKind::Esms,
        Some(id.clone()),
        "nom",
        json!("IME renommé"),
    ))
    .unwrap();
    assert!(s.view().unwrap().historique.retablir.is_none());
    assert_eq!(s.redo().unwrap_err().code, "retablir.rien");
}

#[test]
fn undo_works_on_a_single_record_and_nothing_to_undo_is_said_in_french() {
    let dir = temp();
    let mut s = Session::create(&dir.path().join("neuf.cpom"), AUTHOR).unwrap();
    let e = s.undo().unwrap_err();
    assert_eq!(e.code, "annuler.rien");
    assert!(e.message.contains("Aucune saisie"));
    s.update_field(&update(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!("Association A"),
    ))
    .unwrap();
    s.update_field(&update(
        RecordKind::Organisme,
        None,
        "raison_sociale",
        json!("Association B"),
    ))
    .unwrap();
    assert_eq!(s.view().unwrap().historique.saisies, 2);
    assert_eq!(s.undo().unwrap(), "organisme.raison_sociale");
    assert_eq!(
        s.dossier().unwrap().organisme.raison_sociale,
        "Association A"
    );
    s.undo().unwrap();
    assert_eq!(s.dossier().unwrap().organisme.raison_sociale, "");
}

#[test]
fn search_finds_an_esms_by_finess_and_a_fiche_by_a_word_of_its_title() {
    let dir = temp();
    let (s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let ime = &d.esms[0];
    let finess = ime.finess_et.clone().unwrap();
    let hits = s.search(&finess).unwrap();
    let hit = hits
        .iter()
        .find(|h| h.title == ime.nom)
        .expect("ESMS trouvé par FINESS");
    assert_eq!(hit.path, format!("esms.{}.finess_et", ime.id));
    // Un mot du titre d'une fiche, sans accents ni majuscules.
    let fiche = &d.objectifs.objectifs[0];
    let word = fiche
        .titre
        .split(' ')
        .find(|w| w.chars().count() >= 6)
        .unwrap()
        .to_lowercase();
    let folded = cpom_services::search::fold(&word);
    let hits = s.search(&folded).unwrap();
    assert!(
        hits.iter()
            .any(|h| h.path == format!("objectifs.objectifs.{}.titre", fiche.id)),
        "« {folded} » doit trouver « {} » : {hits:?}",
        fiche.titre
    );
    assert!(s.search("   ").unwrap().is_empty());
    assert!(s.search("zzzzqqq").unwrap().is_empty());
    // Les questions du diagnostic.
    let hits = s.search("maltraitance").unwrap();
    assert!(
        hits.iter()
            .any(|h| h.path.starts_with("diagnostic.questions.")),
        "{hits:?}"
    );
}

/// La barre d'état, les pastilles, les cartes et « Prêt pour signature » lisent le même
/// bilan : sur l'exemple (1 point bloquant : la délibération du CA) et sur un dossier neuf
/// (rien de rouge, tout « à compléter »).
#[test]
fn the_view_counts_agree_on_the_example_and_a_new_dossier() {
    let dir = temp();
    let (ex, _) = example(&dir);
    let pa = cpom_services::example::create_example_of(
        cpom_services::example::Exemple::Pa,
        &dir.path().join("pa.cpom"),
        AUTHOR,
    )
    .unwrap();
    let neuf = Session::create(&dir.path().join("neuf.cpom"), AUTHOR).unwrap();
    for (name, s) in [("exemple", &ex), ("exemple pa", &pa), ("neuf", &neuf)] {
        let v = s.view().unwrap();
        let b = &v.readiness.bilan;
        assert_eq!(b.bloquants as usize, v.readiness.points.len(), "{name}");
        let per_step: usize = v.etapes.iter().map(|e| e.erreurs).sum::<usize>()
            + v.etapes
                .iter()
                .filter(|e| e.etat == cpom_domain::steps::report::StepState::AFaire)
                .count();
        assert_eq!(b.bloquants as usize, per_step, "{name}");
        let warns: usize = v.etapes.iter().map(|e| e.avertissements).sum();
        assert_eq!(b.avertissements as usize, warns, "{name}");
        for (e, r) in b.etapes.iter().zip(&v.etapes) {
            assert_eq!(e.etape, r.etape);
        }
    }
    let v = ex.view().unwrap();
    assert_eq!(v.readiness.bilan.bloquants, 1);
    assert_eq!(
        v.readiness.points[0].chemin,
        "signature.signatures.date_deliberation_ca"
    );
    let v = neuf.view().unwrap();
    assert_eq!(v.readiness.bilan.erreurs, 0, "{:?}", v.readiness.points);
    assert!(v.readiness.bilan.a_completer > 0);
}

/// Un dossier neuf où l'on vient d'ajouter un EHPAD, une résidence autonomie et un SSIAD :
/// ce qui reste à saisir (FINESS, département, questions du diagnostic PA…) est « à compléter »,
/// rien n'est rouge tant que rien de faux n'a été saisi.
#[test]
fn a_new_dossier_with_pa_services_is_calm() {
    let dir = temp();
    let mut s = Session::create(&dir.path().join("neuf-pa.cpom"), AUTHOR).unwrap();
    for (nom, categorie) in [
        ("EHPAD Les Tilleuls", "500"),
        ("Résidence Les Iris", "202"),
        ("SSIAD du Lez", "354"),
    ] {
        let init = json!({ "nom": nom, "categorie": categorie });
        s.add_record(RecordKind::Esms, None, init.as_object())
            .unwrap();
    }
    let v = s.view().unwrap();
    assert_eq!(
        v.regimes
            .iter()
            .filter(|r| r.enveloppe == cpom_domain::perimetre::regime::Enveloppe::PersonnesAgees)
            .count(),
        3,
        "{:?}",
        v.regimes
    );
    // Tout ce que l'interface affiche (rapport du périmètre et rapports des étapes : ce qui
    // colore les champs, les onglets et les lignes), pas seulement « Prêt pour signature ».
    let all: Vec<&cpom_domain::kernel::issue::Issue> = v
        .report
        .issues
        .iter()
        .chain(
            v.etapes
                .iter()
                .flat_map(|e| e.issues.iter().map(|i| &i.issue)),
        )
        .collect();
    let red: Vec<_> = all
        .iter()
        .filter(|i| i.severity == cpom_domain::kernel::issue::Severity::Erreur && !i.a_completer)
        .map(|i| (&i.rule, &i.path, &i.message))
        .collect();
    assert!(
        red.is_empty(),
        "points rouges sur un dossier neuf : {red:#?}"
    );
    assert_eq!(v.readiness.bilan.erreurs, 0);
    assert!(v.readiness.bilan.a_completer > 0);
}
