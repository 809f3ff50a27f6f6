//! La commande `cpom` de bout en bout : sorties, codes de sortie, messages français.

use std::path::Path;
use std::process::{Command, Output};

fn cpom(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(args)
        .env("CPOM_AUTEUR", "Test CLI")
        .output()
        .unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn demo_check_export_import() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("exemple.cpom");
    let o = cpom(&["demo", s(&d)]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(d.exists());
    assert!(!dir.path().join("exemple.cpom-wal").exists());

    let o = cpom(&["check", s(&d)]);
    assert_eq!(o.status.code(), Some(0));
    let out = text(&o.stdout);
    assert!(
        out.contains("Association Les Iris de l'Erdre — CPOM 2027-2031 (tripartite, 7 ESMS)"),
        "{out}"
    );
    assert!(out.contains("0 erreur"), "{out}");
    assert!(
        out.contains("3 places installées pour 2 autorisées"),
        "{out}"
    );

    let o = cpom(&["check", s(&d), "--json"]);
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["errors"], 0);
    assert!(
        report["issues"]
            .as_array()
            .unwrap()
            .iter()
            .all(|i| i["source"].as_str().is_some_and(|x| !x.is_empty()))
    );

    let j = dir.path().join("exemple.json");
    assert!(cpom(&["export", "json", s(&d), s(&j)]).status.success());
    // Modifier le JSON puis l'importer : --dry-run montre, n'écrit pas.
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&j).unwrap()).unwrap();
    v["dossier"]["esms"][0]["capacites"]["internat"]["autorisee"] = 26.into();
    std::fs::write(&j, serde_json::to_string(&v).unwrap()).unwrap();
    let before = std::fs::read(&d).unwrap();
    let o = cpom(&["import", "json", s(&d), s(&j), "--dry-run"]);
    assert!(o.status.success());
    let out = text(&o.stdout);
    assert!(
        out.contains("~ ESMS IME Les Hirondelles — capacites.internat.autorisee : 24 → 26"),
        "{out}"
    );
    assert!(out.contains("1 différence ; rien n'a été écrit"), "{out}");
    assert!(
        std::fs::read(&d).unwrap() == before,
        "--dry-run laisse le fichier identique"
    );
    let o = cpom(&["import", "json", s(&d), s(&j)]);
    assert!(o.status.success());
    let o = cpom(&["import", "json", s(&d), s(&j), "--dry-run"]);
    assert!(text(&o.stdout).contains("0 différence"));
}

#[test]
fn refusals_exit_1_with_a_french_reason_and_leave_the_file_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path().join("d.cpom");
    assert!(cpom(&["demo", s(&d)]).status.success());
    let before = std::fs::read(&d).unwrap();
    let bad = dir.path().join("faux.json");
    std::fs::write(&bad, "{\"format\": \"atelier-cpom/dossier\", \"version\": 1, \"dossier\": {\"organisme\": {\"finess_ej\": \"440000129\"}}}").unwrap();
    let o = cpom(&["import", "json", s(&d), s(&bad)]);
    assert_eq!(o.status.code(), Some(1));
    let err = text(&o.stderr);
    assert!(err.contains("dossier.organisme.finess_ej"), "{err}");
    assert!(err.contains("clé de contrôle"), "{err}");
    assert!(
        std::fs::read(&d).unwrap() == before,
        "refus : fichier identique"
    );

    let o = cpom(&["check", s(&dir.path().join("absent.cpom"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("est introuvable"));

    std::fs::write(dir.path().join("texte.cpom"), "pas un dossier").unwrap();
    let o = cpom(&["check", s(&dir.path().join("texte.cpom"))]);
    assert_eq!(o.status.code(), Some(1));
    assert!(text(&o.stderr).contains("n'est pas un dossier Atelier CPOM"));
}

#[test]
fn usage_errors_exit_2() {
    let o = cpom(&["exporter"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("Usage"));
    assert_eq!(cpom(&[]).status.code(), Some(2));
    assert_eq!(cpom(&["check", "a.cpom", "--pdf"]).status.code(), Some(2));
    let o = cpom(&["--help"]);
    assert!(o.status.success());
    assert!(text(&o.stdout).contains("cpom demo SORTIE.cpom"));
}
