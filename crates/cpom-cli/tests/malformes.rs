//! Le jeu de fichiers malformés, étrangers ou hostiles (`tests/fixtures/malformes/`, fabriqué
//! par `cargo run -p cpom-services --example fixtures_malformes`) passé à la commande `cpom`,
//! chacun par l'entrée qui le recevrait (import JSON, classeur, tableau de bord, kit,
//! ouverture d'un `.cpom`). Pour chaque fichier : code de sortie 1 (jamais un plantage), le
//! code de refus attendu, un message français sans mot anglais (le texte d'une bibliothèque
//! n'est que dans « Détails techniques »), le dossier identique à l'octet près et aucun
//! fichier laissé à côté (ni `-wal`, ni `-shm`, ni copie temporaire).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

mod commun;
use commun::english_words;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/malformes")
}

/// Le message d'un refus tel que `cpom` l'imprime, sans la ligne « (code : …) » ni les
/// « Détails techniques » (le texte d'origine d'une bibliothèque, montré à part).
fn message_part(stderr: &str) -> String {
    stderr
        .lines()
        .take_while(|l| !l.trim_start().starts_with("Détails techniques :"))
        .filter(|l| !l.trim_start().starts_with("(code :"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn listing(dir: &Path) -> BTreeSet<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect()
}

/// Le nom du fichier, en enlevant les chemins (ils peuvent contenir n'importe quoi).
fn without_paths(msg: &str, paths: &[&Path]) -> String {
    let mut m = msg.to_string();
    for p in paths {
        m = m.replace(&p.display().to_string(), "«fichier»");
    }
    m
}

#[test]
fn every_malformed_file_is_refused_in_french_and_leaves_the_dossier_untouched() {
    let manifest = std::fs::read_to_string(fixtures().join("manifeste.tsv")).unwrap();
    let mut tried = 0;
    let mut refusals = 0;
    let mut messages = 0;
    let mut crashes = Vec::new();
    let mut problems = Vec::new();
    let mut kinds = BTreeSet::new();
    for line in manifest.lines().filter(|l| !l.starts_with('#')) {
        let cols: Vec<&str> = line.split('\t').collect();
        let (name, command, code) = (cols[0], cols[1], cols[2]);
        kinds.insert(name.split('/').next().unwrap().to_string());
        let dir = tempfile::tempdir().unwrap();
        let dossier = dir.path().join("siege.cpom");
        std::fs::copy(fixtures().join("reference.cpom"), &dossier).unwrap();
        let input = dir.path().join(Path::new(name).file_name().unwrap());
        std::fs::copy(fixtures().join(name), &input).unwrap();
        let valid = dir.path().join("valide.json");
        std::fs::copy(fixtures().join("valide.json"), &valid).unwrap();
        let (d, i, v) = (
            dossier.to_str().unwrap(),
            input.to_str().unwrap(),
            valid.to_str().unwrap(),
        );
        let args: Vec<&str> = match command {
            "json" => vec!["import", "json", d, i],
            "xlsx" => vec!["import", "xlsx", d, i],
            "tdb" | "tdb-sans-annee" => vec!["import", "tdb", d, i],
            "kit" => vec!["contribution", "import", d, i],
            "check" => vec!["check", i],
            "ouvrir" => vec!["import", "json", i, v],
            other => panic!("commande inconnue « {other} » au manifeste ({name})"),
        };
        let before_dossier = std::fs::read(&dossier).unwrap();
        let before_input = std::fs::read(&input).unwrap();
        let before_files = listing(dir.path());
        let t = Instant::now();
        let out = Command::new(env!("CARGO_BIN_EXE_cpom"))
            .args(&args)
            .env("CPOM_AUTEUR", "Test")
            .output()
            .unwrap();
        let elapsed = t.elapsed();
        tried += 1;
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        match out.status.code() {
            Some(1) => refusals += 1,
            Some(c) => problems.push(format!(
                "{name} : code de sortie {c} (attendu 1) ; {stderr}"
            )),
            None => crashes.push(format!("{name} : arrêté par un signal ; {stderr}")),
        }
        if !stderr.contains(&format!("(code : {code})")) {
            problems.push(format!("{name} : code attendu {code} ; reçu : {stderr}"));
        }
        let message = without_paths(&message_part(&stderr), &[&dossier, &input, &valid]);
        if !message.starts_with("Refusé : ") || message.len() < 30 {
            problems.push(format!("{name} : message absent ou trop court : {message}"));
        }
        let english = english_words(&message);
        if !english.is_empty() {
            problems.push(format!(
                "{name} : mots anglais {english:?} dans : {message}"
            ));
        }
        messages += 1;
        if std::fs::read(&dossier).unwrap() != before_dossier {
            problems.push(format!("{name} : le dossier a changé"));
        }
        if std::fs::read(&input).unwrap() != before_input {
            problems.push(format!("{name} : le fichier essayé a changé"));
        }
        let after_files = listing(dir.path());
        if after_files != before_files {
            problems.push(format!(
                "{name} : fichiers laissés : {:?}",
                after_files.difference(&before_files).collect::<Vec<_>>()
            ));
        }
        if name.contains("bombe") {
            eprintln!("{name} refusé en {} ms", elapsed.as_millis());
        }
    }
    eprintln!(
        "Fichiers malformés : {tried} essayés, {refusals} refusés (code 1), {messages} messages vérifiés, {} plantage(s)",
        crashes.len()
    );
    assert!(tried >= 60, "au moins 60 fichiers : {tried}");
    assert_eq!(
        kinds,
        ["classeur", "cpom", "json", "kit", "tdb"]
            .iter()
            .map(|s| s.to_string())
            .collect(),
        "toutes les entrées sont essayées"
    );
    assert!(crashes.is_empty(), "{crashes:#?}");
    assert!(
        problems.is_empty(),
        "{} problème(s) :\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_deny_list_catches_library_english() {
    for en in [
        "attempt to write a readonly database",
        "Permission denied (os error 13)",
        "No such file or directory (os error 2)",
        "Is a directory (os error 21)",
        "btreeInitPage() returns error code 11",
        "invalid type: integer `12`, expected a string",
        "UUID parsing failed",
    ] {
        assert!(!english_words(en).is_empty(), "{en}");
    }
    for fr in [
        "Le fichier « x » est introuvable : vérifiez son nom et son emplacement.",
        "Le dossier est en cours de modification par Marie (l'application Atelier CPOM, depuis le 21 mars 2026 à 14 h 05) ; réessayez quand il sera fermé.",
    ] {
        assert!(
            english_words(fr).is_empty(),
            "{fr} : {:?}",
            english_words(fr)
        );
    }
}

/// Un fichier d'une version plus récente : le contrôle conseille de mettre l'application à
/// jour (pas de « mettre à niveau » le fichier, que cette version ne sait pas lire).
#[test]
fn a_newer_file_asks_to_update_the_application() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("futur.cpom");
    std::fs::copy(fixtures().join("cpom/d05-schema-futur.cpom"), &f).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_cpom"))
        .args(["check", f.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("version plus récente d'Atelier CPOM"), "{err}");
    assert!(err.contains("Mettez l'application à jour"), "{err}");
    assert!(!err.contains("pour le mettre à niveau"), "{err}");
}
