use cpom_services::Session;
use cpom_services::json_io::{JsonImportOptions, export_json, import_json, json_schema, read_json};
use serde_json::Value;

use crate::common::*;

#[test]
fn export_then_import_into_a_new_dossier_round_trips() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    // Une clause libre réécrite voyage avec le dossier.
    cpom_services::clauses::set(&mut s, "paca-ph", "preambule", "Notre préambule.").unwrap();
    let out = dir.path().join("export.json");
    export_json(&s, &out).unwrap();
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains("Notre préambule."));
    assert!(text.contains("\"format\": \"atelier-cpom/dossier\""));
    assert!(text.contains("Les Iris de l'Erdre"));
    let mut fresh = Session::create(&dir.path().join("vide.cpom"), AUTHOR).unwrap();
    let preview = import_json(
        &mut fresh,
        &out,
        &JsonImportOptions {
            dry_run: true,
            ..Default::default()
        },
    )
    .unwrap()
    .changes;
    assert!(preview.len() > 20, "{}", preview.len());
    assert!(
        fresh.dossier().unwrap().esms.is_empty(),
        "--dry-run n'écrit rien"
    );
    import_json(&mut fresh, &out, &JsonImportOptions::default()).unwrap();
    assert!(fresh.dossier().unwrap() == s.dossier().unwrap());
    assert_eq!(cpom_services::clauses::list(&fresh).unwrap().len(), 1);
    // Réimporter le même fichier ne change rien.
    assert!(
        import_json(&mut fresh, &out, &JsonImportOptions::default())
            .unwrap()
            .changes
            .is_empty()
    );
}

fn tamper(
    dir: &tempfile::TempDir,
    src: &std::path::Path,
    name: &str,
    f: impl FnOnce(&mut Value),
) -> std::path::PathBuf {
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(src).unwrap()).unwrap();
    f(&mut v);
    let p = dir.path().join(name);
    std::fs::write(&p, serde_json::to_string(&v).unwrap()).unwrap();
    p
}

#[test]
fn bad_json_is_refused_with_where_and_dossier_unchanged() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let good = dir.path().join("bon.json");
    export_json(&s, &good).unwrap();
    let before = s.dossier().unwrap();
    let n = journal_len(&s);
    let cases: Vec<(std::path::PathBuf, &str)> = vec![
        (
            tamper(&dir, &good, "finess.json", |v| {
                v["dossier"]["esms"][2]["finess_et"] = "440022501".into()
            }),
            "dossier.esms[2].finess_et",
        ),
        (
            tamper(&dir, &good, "date.json", |v| {
                v["dossier"]["cpom"]["date_effet"] = "2027-02-30".into()
            }),
            "dossier.cpom.date_effet",
        ),
        (
            tamper(&dir, &good, "format.json", |v| v["format"] = "autre".into()),
            "format",
        ),
        (
            tamper(&dir, &good, "version.json", |v| v["version"] = 9.into()),
            "version",
        ),
    ];
    for (p, loc) in cases {
        let e = import_json(&mut s, &p, &JsonImportOptions::default()).unwrap_err();
        assert_eq!(e.details.location.as_deref(), Some(loc), "{}", e.message);
        assert!(e.details.file.is_some());
    }
    let trunc = dir.path().join("tronque.json");
    let bytes = std::fs::read(&good).unwrap();
    std::fs::write(&trunc, &bytes[..bytes.len() / 2]).unwrap();
    let e = read_json(&trunc).unwrap_err();
    assert!(e.message.contains("s'arrête avant la fin"), "{}", e.message);
    let dup = tamper(&dir, &good, "doublon.json", |v| {
        let first = v["dossier"]["esms"][0].clone();
        v["dossier"]["esms"].as_array_mut().unwrap().push(first);
    });
    assert!(
        import_json(&mut s, &dup, &JsonImportOptions::default())
            .unwrap_err()
            .message
            .contains("deux fois")
    );
    assert_eq!(s.dossier().unwrap(), before);
    assert_eq!(journal_len(&s), n);
}

/// Le schéma JSON committé suit les types Rust (régénéré ici ; CI échoue s'il a changé).
#[test]
fn json_schema_is_generated() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/schemas/dossier-v4.schema.json");
    let schema = json_schema();
    assert!(schema.contains("\"finess_et\"") && schema.contains("\"date_deliberation_ca\""));
    assert!(schema.contains("\"suivi_contrat\"") && schema.contains("\"modifications\""));
    if std::fs::read_to_string(&path).ok().as_deref() != Some(schema.as_str()) {
        std::fs::write(&path, &schema).unwrap();
    }
}
