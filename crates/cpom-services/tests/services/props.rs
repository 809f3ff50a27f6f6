//! Propriétés de l'import JSON et de la lecture des classeurs (issue 14) : un fichier
//! quelconque dérivé d'un export valide (valeur remplacée n'importe où, octets coupés ou
//! changés) ne fait jamais paniquer la lecture ; refusé, il laisse le dossier inchangé ;
//! accepté, il s'applique en entier.

use std::sync::atomic::{AtomicUsize, Ordering};

use cpom_services::export::xlsx::{XlsxOptions, export_xlsx};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use cpom_services::json_io::{JsonImportOptions, export_json, import_json};
use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use serde_json::Value;

use crate::common::{example, temp};

/// Graine fixe (essais reproductibles) ; `CPOM_GRAINE=<nombre>` en essaie d'autres.
fn config(cases: u32) -> Config {
    let seed = std::env::var("CPOM_GRAINE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(14);
    Config {
        cases,
        failure_persistence: None,
        rng_seed: RngSeed::Fixed(seed),
        ..Config::default()
    }
}

/// Une valeur JSON de remplacement.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any::<String>().prop_map(Value::String),
        (0usize..30_000).prop_map(|n| Value::String("x".repeat(n))),
        Just(Value::String("00000000-0000-0000-0000-000000000000".into())),
    ];
    leaf.prop_recursive(2, 12, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,6}", inner), 0..3)
                .prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// Les chemins de toutes les valeurs d'un JSON (objets et listes compris).
fn paths(v: &Value, at: Vec<String>, out: &mut Vec<Vec<String>>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => {
            for (k, x) in m {
                let mut p = at.clone();
                p.push(k.clone());
                paths(x, p, out);
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                let mut p = at.clone();
                p.push(i.to_string());
                paths(x, p, out);
            }
        }
        _ => {}
    }
}

fn set_at(v: &mut Value, path: &[String], new: Value) {
    let mut cur = v;
    for seg in path {
        cur = match cur {
            Value::Object(m) => m.get_mut(seg).unwrap(),
            Value::Array(a) => &mut a[seg.parse::<usize>().unwrap()],
            _ => return,
        };
    }
    *cur = new;
}

/// Une altération d'un fichier valide.
#[derive(Debug, Clone)]
enum Mutation {
    Replace(usize, Value),
    Truncate(usize),
    Flip(usize, u8),
}

fn mutation(paths: usize) -> impl Strategy<Value = Mutation> {
    prop_oneof![
        6 => (0..paths, any_value()).prop_map(|(p, v)| Mutation::Replace(p, v)),
        1 => any::<usize>().prop_map(Mutation::Truncate),
        1 => (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
    ]
}

#[test]
fn any_altered_json_never_panics_and_a_refusal_changes_nothing() {
    let dir = temp();
    let (s, _) = example(&dir);
    let good = dir.path().join("bon.json");
    export_json(&s, &good).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let base: Value = serde_json::from_slice(&bytes).unwrap();
    let mut all = Vec::new();
    paths(&base, Vec::new(), &mut all);
    let input = dir.path().join("essai.json");
    let s = std::cell::RefCell::new(s);
    let (tried, refused, accepted) = (
        AtomicUsize::new(0),
        AtomicUsize::new(0),
        AtomicUsize::new(0),
    );
    let mut runner = TestRunner::new(config(150));
    runner
        .run(&mutation(all.len()), |m| {
            let data = match &m {
                Mutation::Replace(p, v) => {
                    let mut x = base.clone();
                    set_at(&mut x, &all[*p], v.clone());
                    serde_json::to_vec(&x).unwrap()
                }
                Mutation::Truncate(n) => bytes[..n % bytes.len()].to_vec(),
                Mutation::Flip(i, b) => {
                    let mut x = bytes.clone();
                    let i = i % x.len();
                    x[i] = *b;
                    x
                }
            };
            std::fs::write(&input, &data).unwrap();
            let mut s = s.borrow_mut();
            let before = s.dossier().unwrap();
            tried.fetch_add(1, Ordering::Relaxed);
            let opts = JsonImportOptions {
                dry_run: false,
                remplacer: true,
            };
            match import_json(&mut s, &input, &opts) {
                Err(e) => {
                    refused.fetch_add(1, Ordering::Relaxed);
                    prop_assert!(!e.message.is_empty());
                    prop_assert_eq!(s.dossier().unwrap(), before, "refusé : dossier inchangé");
                }
                Ok(_) => {
                    accepted.fetch_add(1, Ordering::Relaxed);
                }
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "Import JSON (propriété) : {} fichiers altérés essayés, {} refusés, {} acceptés, 0 panique",
        tried.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed),
        accepted.load(Ordering::Relaxed)
    );
}

#[test]
fn any_altered_workbook_never_panics_and_a_refusal_changes_nothing() {
    let dir = temp();
    let (s, _) = example(&dir);
    let good = dir.path().join("bon.xlsx");
    export_xlsx(&s, None, &good, &XlsxOptions::default(), &mut |_, _| {}).unwrap();
    let bytes = std::fs::read(&good).unwrap();
    let input = dir.path().join("essai.xlsx");
    let s = std::cell::RefCell::new(s);
    let (tried, refused) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let mut runner = TestRunner::new(config(80));
    let strategy = prop_oneof![
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        prop::collection::vec(any::<u8>(), 0..600)
            .prop_map(|v| Mutation::Replace(v.len(), Value::from(v))),
    ];
    runner
        .run(&strategy, |m| {
            let data = match &m {
                Mutation::Truncate(n) => bytes[..n % bytes.len()].to_vec(),
                Mutation::Flip(i, b) => {
                    let mut x = bytes.clone();
                    // Dans les données compressées (au-delà des premiers en-têtes) comme
                    // dans le répertoire central (en fin de fichier).
                    let i = i % x.len();
                    x[i] = *b;
                    x
                }
                Mutation::Replace(_, v) => v
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|x| x.as_u64().unwrap() as u8)
                    .collect(),
            };
            std::fs::write(&input, &data).unwrap();
            let mut s = s.borrow_mut();
            let before = s.dossier().unwrap();
            tried.fetch_add(1, Ordering::Relaxed);
            let opts = WorkbookImportOptions::default();
            // Aperçu puis application, comme l'interface.
            let r = import_workbook(&mut s, &input, &opts, true, None)
                .and_then(|p| import_workbook(&mut s, &input, &opts, false, Some(&p.empreinte)));
            if let Err(e) = r {
                refused.fetch_add(1, Ordering::Relaxed);
                prop_assert!(!e.message.is_empty());
                prop_assert_eq!(s.dossier().unwrap(), before);
            }
            Ok(())
        })
        .unwrap();
    eprintln!(
        "Lecture des classeurs (propriété) : {} classeurs altérés essayés, {} refusés, 0 panique",
        tried.load(Ordering::Relaxed),
        refused.load(Ordering::Relaxed)
    );
}
