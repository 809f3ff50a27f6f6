//! La vue incrémentale ne montre jamais un état périmé : sur une suite aléatoire (graine
//! fixe) de saisies, ajouts, suppressions, déplacements, validations et acquittements sur
//! les dossiers exemples, la vue mise à jour delta après delta (comme le fait l'interface)
//! est identique à la vue recalculée en entier par une autre connexion.

use cpom_domain::RecordKind;
use cpom_domain::StepId;
use cpom_domain::record::editable::flatten;
use cpom_domain::record::table::KINDS;
use cpom_services::example::{federation_example, large_example};
use cpom_services::view::{ViewUpdate, apply_delta};
use cpom_services::{FieldUpdate, Session};
use serde_json::{Value, json};

/// Générateur pseudo-aléatoire à graine fixe (xorshift) : la suite est reproductible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// La vue en JSON, traces triées par identifiant (leur ordre n'a pas de sens), sans le
/// numéro de version.
fn normalized(mut v: Value) -> Value {
    if let Some(s) = v["stamps"].as_array_mut() {
        s.sort_by(|a, b| a["id"].as_str().cmp(&b["id"].as_str()));
    }
    v["version"] = Value::Null;
    v
}

fn full_view(s: &Session) -> Value {
    let mut other = Session::open_read_only(s.path()).unwrap();
    other.set_today(s.today());
    let mut v = serde_json::to_value(other.view().unwrap()).unwrap();
    other.close_read_only();
    // L'historique d'annulation est celui de la session qui a écrit (une autre connexion
    // part d'un historique vide) : chaque delta doit le porter à jour.
    v["historique"] = serde_json::to_value(s.historique()).unwrap();
    normalized(v)
}

/// Le chemin du premier écart entre deux JSON.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for k in x.keys().chain(y.keys()) {
                let (p, q) = (
                    x.get(k).unwrap_or(&Value::Null),
                    y.get(k).unwrap_or(&Value::Null),
                );
                if let Some(d) = first_difference(p, q, &format!("{path}.{k}")) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| first_difference(p, q, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!(
            "{path} : {} ≠ {}",
            serde_json::to_string(a)
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect::<String>(),
            serde_json::to_string(b)
                .unwrap_or_default()
                .chars()
                .take(300)
                .collect::<String>()
        )),
    }
}

/// Une valeur plausible pour un champ : celle du même champ d'un autre enregistrement du
/// même type, ou une variation de la valeur actuelle.
fn new_value(rng: &mut Rng, current: &Value, others: &[Value]) -> Option<Value> {
    if !others.is_empty() && rng.below(2) == 0 {
        return Some(others[rng.below(others.len())].clone());
    }
    Some(match current {
        Value::String(s) if s.len() == 10 && s.as_bytes()[4] == b'-' => {
            json!(format!(
                "20{}-0{}-1{}",
                24 + rng.below(6),
                1 + rng.below(9),
                rng.below(9)
            ))
        }
        Value::String(s) => json!(format!("{s} (révisé {})", rng.below(100))),
        Value::Number(n) => {
            json!(n.as_f64().unwrap_or(0.0).round() as i64 + 1 + rng.below(5) as i64)
        }
        Value::Bool(b) => json!(!b),
        Value::Null => match rng.below(3) {
            0 => json!("2026-03-15"),
            1 => json!(12),
            _ => json!("texte saisi"),
        },
        Value::Array(_) => json!([]),
        Value::Object(_) => return None,
    })
}

/// Une opération aléatoire ; renvoie faux si elle a été refusée (rien d'écrit).
fn random_op(rng: &mut Rng, s: &mut Session, view: &Value) -> bool {
    let kinds: Vec<_> = KINDS
        .iter()
        .filter(|k| {
            !matches!(
                k.kind,
                RecordKind::ValidationEtape | RecordKind::Acquittement
            )
        })
        .collect();
    let info = kinds[rng.below(kinds.len())];
    let mut slot = &view["dossier"];
    for seg in info.path.split('.') {
        slot = &slot[seg];
    }
    let records: Vec<Value> = if info.singleton {
        vec![slot.clone()]
    } else {
        slot.as_array().cloned().unwrap_or_default()
    };
    let roll = rng.below(20);
    if !info.singleton && (records.is_empty() || roll == 0) {
        return s.add_record(info.kind, None, None).is_ok();
    }
    let rec = &records[rng.below(records.len())];
    let id = rec["id"].as_str().map(str::to_string);
    if roll == 1 && !info.singleton {
        return s
            .delete_record(info.kind, id.as_deref().unwrap_or_default())
            .is_ok();
    }
    if roll == 2 && !info.singleton {
        let to = rng.below(records.len());
        return s
            .move_record(info.kind, id.as_deref().unwrap_or_default(), to)
            .is_ok();
    }
    let mut fields = Vec::new();
    flatten("", rec, &mut fields);
    fields.retain(|(k, _)| k != "id");
    if fields.is_empty() {
        return false;
    }
    let (field, current) = &fields[rng.below(fields.len())];
    let others: Vec<Value> = records
        .iter()
        .filter_map(|r| {
            let mut f = Vec::new();
            flatten("", r, &mut f);
            f.into_iter().find(|(k, _)| k == field).map(|(_, v)| v)
        })
        .collect();
    let Some(value) = new_value(rng, current, &others) else {
        return false;
    };
    s.update_field(&FieldUpdate {
        kind: info.kind,
        id: if info.singleton { None } else { id },
        field: field.clone(),
        value,
    })
    .is_ok()
}

fn run(dossier: cpom_domain::dossier::Dossier, seed: u64, steps: usize) {
    run_with(dossier, seed, steps, 4, 90);
}

/// `accept` : au moins une écriture sur `accept` opérations est acceptée ; `min_delta_pct` :
/// part des réponses qui sont des deltas (une écriture refusée par une garde après la
/// modification, sur le contenu signé, fait relire l'état gardé : la vue entière suit).
fn run_with(
    dossier: cpom_domain::dossier::Dossier,
    seed: u64,
    steps: usize,
    accept: usize,
    min_delta_pct: usize,
) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("delta.cpom");
    let mut s = Session::create_with(&path, "Test", &dossier).unwrap();
    s.set_today(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    // Une étape validée : les écritures qui la rendent fautive la rouvrent.
    let _ = s.validate_step(StepId::Lancement, Some("validée pour l'essai"));
    let mut shown = serde_json::to_value(s.view().unwrap()).unwrap();
    let mut rng = Rng(seed);
    let (mut deltas, mut accepted, mut largest) = (0, 0, 0usize);
    for i in 0..steps {
        let view_now = shown.clone();
        if rng.below(25) == 0 {
            // Acquitter un avertissement au hasard, ou valider l'étape suivante.
            let warn = view_now["etapes"]
                .as_array()
                .into_iter()
                .flatten()
                .flat_map(|e| e["issues"].as_array().cloned().unwrap_or_default())
                .find(|i| i["severity"] == "avertissement" && i["acquittement"].is_null());
            match warn {
                Some(w) => {
                    let _ = s.acknowledge(
                        w["rule"].as_str().unwrap(),
                        w["path"].as_str().unwrap(),
                        "Accepté pour l'essai",
                    );
                }
                None => {
                    let _ = s.validate_step(StepId::Diagnostic, None);
                }
            }
        } else if random_op(&mut rng, &mut s, &view_now) {
            accepted += 1;
        }
        match s.update().unwrap() {
            ViewUpdate::Delta(d) => {
                assert_eq!(
                    d.base,
                    shown["version"].as_u64().unwrap(),
                    "delta {i} : base"
                );
                largest = largest.max(serde_json::to_string(&d).unwrap().len());
                apply_delta(&mut shown, &d);
                deltas += 1;
            }
            ViewUpdate::View(v) => shown = serde_json::to_value(*v).unwrap(),
        }
        let expected = full_view(&s);
        let got = normalized(shown.clone());
        if let Some(d) = first_difference(&got, &expected, "vue") {
            panic!("opération {i} (graine {seed}) : la vue mise à jour diffère du recalcul : {d}");
        }
    }
    assert!(
        deltas * 100 > steps * min_delta_pct,
        "{deltas} deltas sur {steps} opérations"
    );
    assert!(
        accepted > steps / accept,
        "{accepted} écritures acceptées sur {steps}"
    );
    assert!(largest > 0);
}

#[test]
fn deltas_equal_a_full_recomputation_on_the_example() {
    run(large_example(7), 0x5eed_cafe, 250);
}

/// L'exemple « personnes âgées » : moyens PA, financements complémentaires, volet SAAD,
/// régimes et thématiques du CPOM « EHPAD » suivis eux aussi par le delta.
#[test]
fn deltas_equal_a_full_recomputation_on_the_pa_example() {
    let mut k = 0u128;
    let d = cpom_domain::example::pa::example_dossier_pa(&mut || {
        k += 1;
        uuid::Uuid::from_u128(0x9a00_0000 + k)
    });
    run(d, 0x00ea_9d5a, 250);
}

/// Le dossier exemple signé, dans sa 3e année de suivi, avec un avenant : le contenu signé
/// est refusé, l'exécution (revues, dialogues, saisines…) passe ; l'état du contrat, le
/// suivi et les avenants suivis par le delta.
#[test]
fn deltas_equal_a_full_recomputation_on_a_signed_dossier_in_suivi() {
    let mut k = 0u128;
    let d = cpom_domain::example::suivi::example_en_suivi(
        &mut || {
            k += 1;
            uuid::Uuid::from_u128(0x5a00_0000 + k)
        },
        chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
    );
    run_with(d, 0x0051_9e5e, 250, 12, 50);
}

#[test]
fn deltas_equal_a_full_recomputation_on_a_federation() {
    run(federation_example(24), 0x0bad_f00d, 120);
}

/// L'exemple PACA : son référentiel (diagnostic du socle national, effet à la signature,
/// règles du modèle PACA) suivi lui aussi par le delta.
#[test]
fn deltas_equal_a_full_recomputation_on_the_paca_example() {
    let mut k = 0u128;
    let d = cpom_domain::example::paca::example_paca(&mut || {
        k += 1;
        uuid::Uuid::from_u128(0x9ac0_0000 + k)
    });
    run(d, 0x00ca_fe11, 200);
}

/// Changer la région du CPOM change de référentiel : le delta porte le nouveau référentiel
/// et les rapports réévalués, exactement comme un recalcul complet ; revenir en arrière
/// rend l'état d'avant (rien de ce qui a été saisi n'est effacé).
#[test]
fn a_region_change_carries_the_new_pack_in_the_delta() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("region.cpom");
    let d = large_example(3);
    let mut s = Session::create_with(&path, "Test", &d).unwrap();
    s.set_today(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
    let mut shown = serde_json::to_value(s.view().unwrap()).unwrap();
    let before = shown.clone();
    assert_eq!(shown["pack"]["id"], "pdl");
    for (region, pack) in [("76", "national"), ("52", "pdl")] {
        s.update_field(&FieldUpdate {
            kind: RecordKind::Cpom,
            id: None,
            field: "region".into(),
            value: json!(region),
        })
        .unwrap();
        let ViewUpdate::Delta(delta) = s.update().unwrap() else {
            panic!("une saisie renvoie un delta");
        };
        apply_delta(&mut shown, &delta);
        assert_eq!(shown["pack"]["id"], pack, "{region}");
        let expected = full_view(&s);
        if let Some(d) = first_difference(&normalized(shown.clone()), &expected, "vue") {
            panic!("{region} : la vue mise à jour diffère du recalcul : {d}");
        }
    }
    assert_eq!(
        normalized(shown)["etapes"],
        normalized(before)["etapes"],
        "retour en Pays de la Loire : les rapports d'avant"
    );
}

/// Une saisie sur un ESMS d'un dossier de 60 ESMS : le delta reste petit (l'interface ne
/// reçoit pas la vue entière), et un import renvoie la vue entière.
#[test]
fn a_field_commit_sends_a_small_delta() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("petit-delta.cpom");
    let d = federation_example(60);
    let id = d.esms[30].id.to_string();
    let mut s = Session::create_with(&path, "Test", &d).unwrap();
    let full = serde_json::to_string(&s.view().unwrap()).unwrap().len();
    s.update_field(&FieldUpdate {
        kind: RecordKind::Esms,
        id: Some(id.clone()),
        field: "jours_ouverture".into(),
        value: json!(211),
    })
    .unwrap();
    let ViewUpdate::Delta(delta) = s.update().unwrap() else {
        panic!("une saisie renvoie un delta");
    };
    let size = serde_json::to_string(&delta).unwrap().len();
    assert!(
        size < 20_000,
        "delta de {size} octets (vue entière : {full})"
    );
    assert_eq!(delta.records.len(), 1);
    assert_eq!(delta.records[0].id, id);
    assert_eq!(
        delta.records[0].value.as_ref().unwrap()["jours_ouverture"],
        211
    );
    // Rien de touché : delta vide.
    let ViewUpdate::Delta(empty) = s.update().unwrap() else {
        panic!("delta attendu");
    };
    assert!(empty.records.is_empty() && empty.patch.is_empty());
    // Un import JSON (écriture en nombre) : la vue entière.
    let content = s.dossier().unwrap();
    s.replace_content(&content).unwrap();
    assert!(matches!(s.update().unwrap(), ViewUpdate::View(_)));
}

/// Le jeu d'essai de l'interface (`ui/tests/fixtures/delta-exemple.json`) : une vue, les
/// deltas de six modifications (saisie, ajout, suppression, déplacement, validation,
/// acquittement) et la vue recalculée en entier à la fin. `ui/tests/delta.test.ts` vérifie
/// que `applyDelta` en TypeScript donne cette vue ; ici, que `apply_delta` la donne aussi.
/// `CPOM_BLESS=1` le réécrit.
#[test]
fn the_ui_fixture_is_a_true_delta_sequence() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../ui/tests/fixtures/delta-exemple.json");
    if std::env::var("CPOM_BLESS").is_ok_and(|v| v == "1") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("exemple.cpom");
        let d = large_example(7);
        let esms = d.esms[1].id.to_string();
        let mut s = Session::create_with(&path, "Marie", &d).unwrap();
        s.set_today(chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap());
        s.validate_step(StepId::Lancement, None).unwrap();
        let before = s.view().unwrap();
        let mut deltas = Vec::new();
        let mut take = |s: &mut Session| match s.update().unwrap() {
            ViewUpdate::Delta(d) => deltas.push(serde_json::to_value(d).unwrap()),
            ViewUpdate::View(_) => panic!("delta attendu"),
        };
        s.update_field(&FieldUpdate {
            kind: RecordKind::Esms,
            id: Some(esms.clone()),
            field: "nom".into(),
            value: json!("SESSAD Les Hirondelles (nouveau nom)"),
        })
        .unwrap();
        take(&mut s);
        let added = s.add_record(RecordKind::Acteur, None, None).unwrap();
        take(&mut s);
        s.move_record(RecordKind::Esms, &esms, 0).unwrap();
        take(&mut s);
        s.delete_record(RecordKind::Acteur, &added).unwrap();
        take(&mut s);
        s.update_field(&FieldUpdate {
            kind: RecordKind::Cpom,
            id: None,
            field: "date_effet".into(),
            value: Value::Null,
        })
        .unwrap();
        take(&mut s);
        s.reopen_step(StepId::Lancement).ok();
        take(&mut s);
        let after = serde_json::to_value(s.view().unwrap()).unwrap();
        let fixture = json!({
            "before": serde_json::to_value(before).unwrap(),
            "deltas": deltas,
            "after": after,
        });
        std::fs::write(&file, serde_json::to_string(&fixture).unwrap() + "\n").unwrap();
    }
    let fixture: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    let mut view = fixture["before"].clone();
    let deltas = fixture["deltas"].as_array().unwrap();
    assert_eq!(deltas.len(), 6);
    for d in deltas {
        apply_delta(&mut view, &serde_json::from_value(d.clone()).unwrap());
    }
    let (got, expected) = (normalized(view), normalized(fixture["after"].clone()));
    if let Some(d) = first_difference(&got, &expected, "vue") {
        panic!("le jeu d'essai de l'interface n'est pas une suite de deltas exacte : {d}");
    }
}
