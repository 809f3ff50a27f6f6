use std::collections::{BTreeMap, HashMap};

use serde_json::{Value, json};
use uuid::Uuid;

use crate::contribution::merge::{ApplyError, Stamps};
use crate::contribution::*;
use crate::dossier::Dossier;
use crate::example::example_dossier;
use crate::perimetre::calc::derived;
use crate::record::table::registry;

fn example() -> Dossier {
    let mut n = 0u128;
    let mut d = example_dossier(&mut || {
        n += 1;
        Uuid::from_u128(n)
    });
    d.fill_implicit();
    d
}

/// Tous les enregistrements d'un dossier, par UUID (singletons exclus : jamais délégués).
fn snaps(d: &Dossier) -> BTreeMap<Uuid, Snap> {
    let mut out = BTreeMap::new();
    for o in registry().iter().filter(|o| !o.singleton()) {
        for r in o.rows(d) {
            out.insert(
                r.id,
                Snap {
                    id: r.id,
                    kind: o.kind().into(),
                    data: Some(r.value),
                },
            );
        }
    }
    out
}

fn in_scope(scope: &KitScope, m: &BTreeMap<Uuid, Snap>) -> BTreeMap<Uuid, Snap> {
    m.iter()
        .filter(|(_, s)| scope.contains(&s.kind, &s.data.as_ref().unwrap().to_string()))
        .map(|(k, v)| (*k, v.clone()))
        .collect()
}

fn set(m: &mut BTreeMap<Uuid, Snap>, id: Uuid, field: &str, v: Value) {
    let data = m.get_mut(&id).unwrap().data.as_mut().unwrap();
    data[field] = v;
}

fn ime(d: &Dossier) -> Uuid {
    d.esms.iter().find(|e| e.nom.starts_with("IME")).unwrap().id
}

fn reponse_of(d: &Dossier, esms: Uuid) -> Uuid {
    d.diagnostic
        .reponses
        .iter()
        .find(|r| {
            r.esms == Some(esms)
                && matches!(r.valeur, Some(crate::dossier::diagnostic::Valeur::Texte(_)))
        })
        .unwrap()
        .id
}

fn plan_of(
    base: &BTreeMap<Uuid, Snap>,
    ours: &BTreeMap<Uuid, Snap>,
    theirs: &BTreeMap<Uuid, Snap>,
    scope: &KitScope,
) -> Vec<MergeItem> {
    let t: Vec<Snap> = theirs.values().cloned().collect();
    let mut stamps = Stamps::default();
    for id in theirs.keys() {
        stamps.records.insert(
            *id,
            Stamp {
                auteur: "Direction IME".into(),
                le: "2026-03-21T10:00:00Z".into(),
            },
        );
    }
    let esms_of = |s: &Snap| {
        s.data
            .as_ref()
            .and_then(|d| scope.esms_of(&s.kind, &d.to_string()))
    };
    plan(base, ours, &t, &stamps, &Stamps::default(), &esms_of)
}

/// La portée d'un kit écarte sans le lire un enregistrement qui ne cite aucun de ses ESMS,
/// mais lit celui qui en cite un ailleurs que dans son rattachement ; un kit de plus de 32
/// ESMS lit chaque enregistrement : le résultat est le même dans les trois cas.
#[test]
fn the_scope_prefilter_never_changes_what_a_kit_delegates() {
    let d = example();
    let ime = ime(&d);
    let all = snaps(&d);
    let small = KitScope::new([ime]);
    let mut many: Vec<Uuid> = (1..=40).map(|n| Uuid::from_u128(0xfff0_0000 + n)).collect();
    many.push(ime);
    let large = KitScope::new(many);
    for s in all.values() {
        let data = s.data.as_ref().unwrap().to_string();
        assert_eq!(
            small.contains(&s.kind, &data),
            large.contains(&s.kind, &data),
            "{} {}",
            s.kind,
            s.id
        );
    }
    // Une réponse de l'organisme dont le commentaire cite l'identifiant de l'IME : lue, et
    // pas déléguée.
    let mut og = d
        .diagnostic
        .reponses
        .iter()
        .find(|r| r.esms.is_none())
        .unwrap()
        .clone();
    og.commentaire = format!("voir {ime}");
    let text = serde_json::to_string(&og).unwrap();
    assert!(text.contains(&ime.to_string()));
    assert!(!small.contains("reponse", &text));
    assert!(!KitScope::new([]).contains("esms", &serde_json::to_string(&d.esms[0]).unwrap()));
}

#[test]
fn a_kit_delegates_only_the_records_of_its_esms() {
    let d = example();
    let ime = ime(&d);
    let other = d.esms.iter().find(|e| e.id != ime).unwrap().id;
    let scope = KitScope::new([ime]);
    let all = snaps(&d);
    let delegated = in_scope(&scope, &all);
    assert!(delegated.contains_key(&ime), "l'ESMS lui-même");
    assert!(!delegated.contains_key(&other));
    assert!(delegated.contains_key(&reponse_of(&d, ime)));
    assert!(!delegated.contains_key(&reponse_of(&d, other)));
    // Rien d'autre que des enregistrements rattachés à l'IME.
    for s in delegated.values() {
        let data = s.data.as_ref().unwrap();
        let esms = data.get("esms").and_then(Value::as_str).map(str::to_string);
        assert!(
            s.id == ime || esms == Some(ime.to_string()),
            "{} {}",
            s.kind,
            s.id
        );
    }
    // Les réponses de l'organisme, les jalons, les acteurs restent au siège.
    let og = d
        .diagnostic
        .reponses
        .iter()
        .find(|r| r.esms.is_none())
        .unwrap();
    assert!(!scope.contains("reponse", &serde_json::to_string(og).unwrap()));
    let jalon = &d.lancement.jalons[0];
    assert!(!scope.contains("jalon", &serde_json::to_string(jalon).unwrap()));
    assert!(!scope.contains("inconnu", "{}"));
    // Tous les types rattachés à un ESMS ont des enregistrements délégués dans l'exemple.
    let kinds: std::collections::BTreeSet<&str> =
        delegated.values().map(|s| s.kind.as_str()).collect();
    for k in [
        "esms",
        "reponse",
        "indicateur",
        "creton",
        "budget_reference",
    ] {
        assert!(kinds.contains(k), "{k} : {kinds:?}");
    }
}

#[test]
fn changes_new_records_conflicts_and_deletions_are_told_apart() {
    let d = example();
    let ime = ime(&d);
    let scope = KitScope::new([ime]);
    let base = in_scope(&scope, &snaps(&d));
    let mut ours = snaps(&d);
    let mut theirs = base.clone();
    let r1 = reponse_of(&d, ime);
    // Changé dans le kit seulement → modifié.
    set(
        &mut theirs,
        ime,
        "public_specifique",
        json!("Enfants de 6 à 20 ans"),
    );
    // Changé des deux côtés, différemment → conflit ; de la même façon → rien.
    set(&mut theirs, r1, "commentaire", json!("Selon la direction"));
    set(&mut ours, r1, "commentaire", json!("Selon le siège"));
    set(&mut theirs, ime, "jours_ouverture", json!(200));
    set(&mut ours, ime, "jours_ouverture", json!(200));
    // Créé dans le kit → nouveau.
    let new_id = Uuid::from_u128(9_000_001);
    theirs.insert(
        new_id,
        Snap {
            id: new_id,
            kind: "source_diagnostic".into(),
            data: Some(json!({"id": new_id, "libelle": "Rapport EE 2024", "esms": ime, "type_source": "evaluation_externe"})),
        },
    );
    // Supprimé dans le kit.
    let creton = d
        .diagnostic
        .creton
        .iter()
        .find(|c| c.esms == Some(ime))
        .map(|c| c.id);
    if let Some(c) = creton {
        theirs.get_mut(&c).unwrap().data = None;
    }
    let items = plan_of(&base, &ours, &theirs, &scope);
    let find = |key: &str| items.iter().find(|i| i.key == key);
    let m = find(&format!("{ime}:public_specifique")).expect("modifié");
    assert_eq!(m.nature, NatureItem::Modifie);
    assert_eq!(m.direction, json!("Enfants de 6 à 20 ans"));
    assert_eq!(m.direction_stamp.auteur, "Direction IME");
    assert_eq!(m.esms, Some(ime));
    let c = find(&format!("{r1}:commentaire")).expect("conflit");
    assert_eq!(c.nature, NatureItem::Conflit);
    assert_eq!(c.siege, json!("Selon le siège"));
    assert_eq!(c.direction, json!("Selon la direction"));
    assert!(
        find(&format!("{ime}:jours_ouverture")).is_none(),
        "même changement"
    );
    assert_eq!(
        find(&new_id.to_string()).unwrap().nature,
        NatureItem::Nouveau
    );
    if let Some(c) = creton {
        assert_eq!(find(&c.to_string()).unwrap().nature, NatureItem::Supprime);
    }
    let expected = 3 + usize::from(creton.is_some());
    assert_eq!(items.len(), expected, "{items:#?}");

    // Décisions : accepter le modifié, modifier le conflit, rejeter le nouveau.
    let mut dec = HashMap::new();
    dec.insert(m.key.clone(), Decision::Accepter);
    dec.insert(c.key.clone(), Decision::Modifier(json!("Version commune")));
    dec.insert(new_id.to_string(), Decision::Rejeter);
    let writes = apply(&items, &dec, &ours).unwrap();
    assert_eq!(writes.len(), 2, "{writes:#?}");
    let w_ime = writes.iter().find(|w| w.id == ime).unwrap();
    assert_eq!(
        w_ime.after.as_ref().unwrap()["public_specifique"],
        json!("Enfants de 6 à 20 ans")
    );
    assert_eq!(w_ime.after.as_ref().unwrap()["jours_ouverture"], json!(200));
    assert_eq!(w_ime.fields, vec!["public_specifique".to_string()]);
    let w_r = writes.iter().find(|w| w.id == r1).unwrap();
    assert_eq!(
        w_r.after.as_ref().unwrap()["commentaire"],
        json!("Version commune")
    );

    // Une valeur modifiée de forme incorrecte est refusée avec le champ.
    let mut bad = HashMap::new();
    bad.insert(m.key.clone(), Decision::Modifier(json!(12)));
    let mut bad2 = HashMap::new();
    bad2.insert(format!("{ime}:public_specifique"), Decision::Accepter);
    assert!(apply(&items, &bad2, &ours).is_ok());
    let jours = json!("beaucoup");
    let k = format!("{ime}:public_specifique");
    let mut it2 = items.clone();
    it2.iter_mut().find(|i| i.key == k).unwrap().field = Some("jours_ouverture".into());
    bad.insert(k.clone(), Decision::Modifier(jours));
    assert!(matches!(apply(&it2, &bad, &ours), Err(ApplyError::Field(key, _)) if key == k));
    // « Modifier » un enregistrement entier n'a pas de sens.
    let mut whole = HashMap::new();
    whole.insert(new_id.to_string(), Decision::Modifier(json!("x")));
    assert!(matches!(
        apply(&items, &whole, &ours),
        Err(ApplyError::NotAField(_))
    ));
    // Aucune décision : rien n'est écrit.
    assert!(apply(&items, &HashMap::new(), &ours).unwrap().is_empty());
}

#[test]
fn a_new_answer_meets_the_one_the_siege_created_for_the_same_question() {
    let d = example();
    let ime = ime(&d);
    let scope = KitScope::new([ime]);
    let base = in_scope(&scope, &snaps(&d));
    let r1 = reponse_of(&d, ime);
    // Le siège et la direction suppriment puis recréent la même réponse (clé question+ESMS).
    let mut ours = snaps(&d);
    let mut theirs = base.clone();
    let question = ours[&r1].data.as_ref().unwrap()["question"].clone();
    let (a, b) = (Uuid::from_u128(8_000_001), Uuid::from_u128(8_000_002));
    ours.remove(&r1);
    theirs.get_mut(&r1).unwrap().data = None;
    ours.insert(
        a,
        Snap {
            id: a,
            kind: "reponse".into(),
            data: Some(json!({"id": a, "question": question, "esms": ime, "commentaire": "siège"})),
        },
    );
    theirs.insert(
        b,
        Snap {
            id: b,
            kind: "reponse".into(),
            data: Some(
                json!({"id": b, "question": question, "esms": ime, "commentaire": "direction"}),
            ),
        },
    );
    let items = plan_of(&base, &ours, &theirs, &scope);
    let it = items.iter().find(|i| i.record_id == b).expect("rapproché");
    assert_eq!(
        it.target_id, a,
        "écrit sur la réponse du siège, pas en double"
    );
    assert_eq!(it.nature, NatureItem::Conflit);
    assert_eq!(it.field.as_deref(), Some("commentaire"));
}

#[test]
fn deleted_in_the_kit_but_changed_at_the_siege_is_a_conflict() {
    let d = example();
    let ime = ime(&d);
    let scope = KitScope::new([ime]);
    let base = in_scope(&scope, &snaps(&d));
    let r1 = reponse_of(&d, ime);
    let mut ours = snaps(&d);
    let mut theirs = base.clone();
    theirs.get_mut(&r1).unwrap().data = None;
    set(&mut ours, r1, "commentaire", json!("revu au siège"));
    let items = plan_of(&base, &ours, &theirs, &scope);
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].nature, NatureItem::Conflit);
    assert_eq!(items[0].direction, Value::Null);
    let mut dec = HashMap::new();
    dec.insert(items[0].key.clone(), Decision::Accepter);
    let w = apply(&items, &dec, &ours).unwrap();
    assert_eq!(w.len(), 1);
    assert!(w[0].after.is_none(), "accepter la suppression");
}

#[test]
fn totals_by_authority_count_joint_esms_for_both() {
    let d = example();
    let t = par_autorite(&d);
    let ars = t.iter().find(|x| x.autorite == "ars").unwrap();
    let expected: Vec<Uuid> = d
        .perimetre()
        .filter(|e| e.competence.is_some_and(|c| c.involves_ars()))
        .map(|e| e.id)
        .collect();
    assert_eq!(ars.esms, expected);
    let cap: u32 = d
        .perimetre()
        .filter(|e| expected.contains(&e.id))
        .map(|e| e.capacites.total_autorisee())
        .sum();
    assert_eq!(ars.capacite_autorisee, cap);
    assert!(ars.libelle.contains("Pays de la Loire"), "{}", ars.libelle);
    let cds: Vec<_> = t.iter().filter(|x| x.autorite == "cd").collect();
    assert!(!cds.is_empty());
    // Un ESMS conjoint compte des deux côtés.
    let joint = d
        .perimetre()
        .find(|e| e.competence == Some(crate::kernel::nomenclature::Competence::Conjointe))
        .unwrap();
    assert!(ars.esms.contains(&joint.id));
    assert!(cds.iter().any(|c| c.esms.contains(&joint.id)));
    let etp_all: rust_decimal::Decimal = t.iter().map(|x| x.etp).sum();
    let etp_joint = joint.etp.total();
    assert_eq!(etp_all, derived(&d).etp_total + etp_joint);
    // Objectifs engageant chaque autorité (champ « autorités », V30).
    let engage_ars = d
        .objectifs
        .actifs()
        .filter(|o| o.autorites.is_some_and(|a| a.ars()))
        .count();
    assert_eq!(ars.objectifs.len(), engage_ars);
    let cd44 = cds.iter().find(|c| c.code == "44").unwrap();
    assert!(!cd44.objectifs.is_empty());
    assert!(
        cd44.objectifs.len() < d.objectifs.objectifs.len(),
        "pas les objectifs ARS seuls"
    );
}

#[test]
fn progress_of_each_esms_follows_its_answers() {
    let mut d = example();
    let ime = ime(&d);
    let before = avancement_esms(&d)
        .into_iter()
        .find(|a| a.esms == ime)
        .unwrap();
    assert!(before.questions_total > 0);
    d.diagnostic.reponses.retain(|r| r.esms != Some(ime));
    let after = avancement_esms(&d)
        .into_iter()
        .find(|a| a.esms == ime)
        .unwrap();
    assert_eq!(after.questions_repondues, 0);
    assert!(before.questions_repondues > 0);
    // Il ne reste que les actions datées des objectifs de l'IME.
    let (a, b) = after.fiches_actions.unwrap();
    assert!(b > 0 && a == b);
    assert_eq!(after.completion, a * 100 / (after.questions_total + b));
}
