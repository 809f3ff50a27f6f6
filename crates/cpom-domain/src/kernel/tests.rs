//! Propriétés des lecteurs de valeurs saisies (issue 14) : une valeur quelconque (texte
//! démesuré, nombre, liste, objet imbriqué…) ne fait jamais paniquer un lecteur ni la saisie
//! d'aucun champ d'aucun enregistrement ; un texte accepté tient dans sa borne ; une valeur
//! acceptée par la saisie donne un enregistrement que l'import accepte à son tour.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngSeed, TestRunner};
use serde_json::{Map, Value};
use uuid::Uuid;

use crate::example::example_dossier;
use crate::example::pa::example_dossier_pa;
use crate::kernel::bounds::TextKind;
use crate::kernel::parse;
use crate::record::editable::flatten;
use crate::record::table::registry;

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

/// Des mots anglais (ceux des bibliothèques) : aucun message de refus ne doit en contenir.
const ENGLISH: &[&str] = &[
    "error",
    "failed",
    "invalid",
    "expected",
    "found",
    "missing",
    "unknown",
    "parse",
    "parsing",
    "string",
    "integer",
    "the",
    "is",
    "not",
    "of",
    "line",
    "column",
    "value",
    "variant",
    "field",
    "input",
    "premature",
    "characters",
    "trailing",
];

fn english(msg: &str) -> Vec<String> {
    msg.split(|c: char| !c.is_alphabetic())
        .map(str::to_lowercase)
        .filter(|w| ENGLISH.contains(&w.as_str()))
        .collect()
}

/// Des textes de toutes sortes : courts, accentués, avec sauts de ligne, espaces insécables,
/// caractères hors du plan de base, et démesurés (au-delà de toute borne).
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 ,.\\-]{0,12}".prop_map(|s| s),
        Just("2026-02-30".to_string()),
        Just("31/12/2026".to_string()),
        Just("440022501".to_string()),
        Just("\u{202f}12,5\u{a0}%".to_string()),
        (0usize..40_000).prop_map(|n| "é".repeat(n)),
        (1usize..400).prop_map(|n| "ligne\n".repeat(n)),
    ]
}

/// Une valeur JSON quelconque, jusqu'à trois niveaux d'imbrication.
fn any_value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        any_text().prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 40, 8, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::Array),
            prop::collection::vec(("[a-z_]{1,8}", inner), 0..6)
                .prop_map(|kv| Value::Object(kv.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

#[test]
fn field_readers_never_panic_and_accepted_texts_fit_their_bound() {
    let mut runner = TestRunner::new(config(2_000));
    runner
        .run(&any_value(), |v| {
            let f = "champ";
            if let Ok(s) = parse::text(f, &v) {
                prop_assert!(s.chars().count() <= TextKind::Texte.max_chars());
            }
            if let Ok(s) = parse::line(f, &v) {
                prop_assert!(s.chars().count() <= TextKind::Nom.max_chars());
            }
            if let Ok(s) = parse::long_text(f, &v) {
                prop_assert!(s.chars().count() <= TextKind::Long.max_chars());
            }
            if let Ok(items) = parse::lines(f, &v) {
                prop_assert!(
                    items
                        .iter()
                        .all(|i| i.chars().count() <= TextKind::Nom.max_chars())
                );
                prop_assert!(items.join("\n").chars().count() <= TextKind::Texte.max_chars());
            }
            let _ = parse::boolean(f, &v);
            let _ = parse::date(f, &v);
            let _ = parse::count(f, &v, 100_000);
            let _ = parse::decimal(f, &v);
            let _ = parse::signed_decimal(f, &v);
            let _ = parse::year(f, &v);
            let _ = parse::uuid(f, &v);
            let _ = parse::uuid_list(f, &v);
            let _ = parse::finess(f, &v);
            let _ = parse::code_postal(f, &v);
            let _ = parse::departement(f, &v);
            let _ = parse::reference_category(f, &v);
            // Tout refus a un message français non vide.
            if let Err(e) = parse::date(f, &v) {
                prop_assert!(!e.message.is_empty() && !e.code.is_empty());
            }
            Ok(())
        })
        .unwrap();
}

/// Chaque champ de chaque type d'enregistrement du dossier exemple.
fn all_fields() -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut k = 0u128;
    let mut next = || {
        k += 1;
        Uuid::from_u128(k)
    };
    let examples = [example_dossier(&mut next), example_dossier_pa(&mut next)];
    for d in &examples {
        for (i, o) in registry().iter().enumerate().filter(|(_, o)| o.editable()) {
            for row in o.rows(d).into_iter().take(2) {
                let mut leaves = Vec::new();
                flatten("", &row.value, &mut leaves);
                for (field, _) in leaves.into_iter().filter(|(f, _)| f != "id") {
                    out.push((i, row.value.to_string(), field));
                }
            }
        }
    }
    out
}

#[test]
fn editing_any_field_with_any_value_never_panics_and_what_is_accepted_imports_again() {
    let fields = all_fields();
    assert!(fields.len() > 150, "{}", fields.len());
    let mut runner = TestRunner::new(config(4_000));
    runner
        .run(&(0..fields.len(), any_value()), |(n, v)| {
            let (i, json, field) = &fields[n];
            let o = registry()[*i];
            match o.edit(json, field, &v) {
                Ok(e) => {
                    let after: Value = serde_json::from_str(&e.json).unwrap();
                    prop_assert!(
                        o.check_import(&after).is_ok(),
                        "{}.{field} = {v} : accepté par la saisie, refusé à l'import : {:?}",
                        o.kind(),
                        o.check_import(&after).err()
                    );
                    prop_assert!(o.check_shape(&after).is_ok());
                }
                Err(crate::record::ops::RecordError::Field(fe)) => {
                    prop_assert!(!fe.message.is_empty());
                    let m = fe
                        .message
                        .replace(&v.to_string(), "")
                        .replace(v.as_str().unwrap_or("\u{0}"), "");
                    prop_assert!(
                        english(&m).is_empty(),
                        "{}.{field} : anglais dans « {} »",
                        o.kind(),
                        fe.message
                    );
                }
                Err(other) => prop_assert!(false, "{other:?}"),
            }
            Ok(())
        })
        .unwrap();
}
