//! La documentation qu'un nouveau venu lit le premier jour reste vraie :
//! - `assets/README.md` nomme chaque fichier de données ;
//! - `crates/cpom-services/API.md` décrit chaque commande de la coquille et chaque type
//!   d'enregistrement de la table (avec son préfixe de chemin), et rien qui n'existe plus.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use cpom_domain::record::table::KINDS;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("{rel} : {e}"))
}

fn files(dir: &Path, base: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, base, out);
        } else {
            out.push(
                p.strip_prefix(base)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// Les chemins entre accents graves d'un texte, `{a,b}` développé : `fonts/X-{A,B}.ttf` →
/// `fonts/X-A.ttf`, `fonts/X-B.ttf`.
fn code_spans(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (i, part) in text.split('`').enumerate() {
        if i % 2 == 0 {
            continue;
        }
        match (part.find('{'), part.find('}')) {
            (Some(a), Some(b)) if a < b => {
                for alt in part[a + 1..b].split(',') {
                    out.insert(format!("{}{}{}", &part[..a], alt.trim(), &part[b + 1..]));
                }
            }
            _ => {
                out.insert(part.to_string());
            }
        }
    }
    out
}

#[test]
fn assets_readme_names_every_data_file() {
    let readme = code_spans(&read("assets/README.md"));
    let base = root().join("assets");
    let mut all = Vec::new();
    files(&base, &base, &mut all);
    let missing: Vec<&String> = all
        .iter()
        .filter(|f| !f.ends_with("README.md") && !readme.contains(f.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "assets/README.md ne décrit pas : {missing:?}"
    );
    // Et rien qui n'existe plus.
    let gone: Vec<&String> = readme
        .iter()
        .filter(|s| {
            s.contains('/')
                && s.rsplit('.')
                    .next()
                    .is_some_and(|e| ["json", "csv", "ttf", "txt"].contains(&e))
                && !s.contains('<')
                && !base.join(s).exists()
        })
        .collect();
    assert!(
        gone.is_empty(),
        "assets/README.md cite des fichiers absents : {gone:?}"
    );
}

/// Les commandes enregistrées dans `tauri::generate_handler!` (coquille).
fn shell_commands() -> BTreeSet<String> {
    let lib = read("src-tauri/src/lib.rs");
    let start = lib.find("generate_handler![").expect("generate_handler!");
    let end = start + lib[start..].find(']').unwrap();
    lib[start..end]
        .split(',')
        .filter_map(|l| {
            l.trim()
                .rsplit("::")
                .next()
                .map(str::trim)
                .map(String::from)
        })
        .filter(|c| !c.is_empty() && !c.starts_with("generate_handler"))
        .collect()
}

/// Les commandes des tableaux « Commande (Tauri) » d'API.md (première colonne ; plusieurs
/// commandes séparées par des virgules).
fn documented_commands(api: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut in_table = false;
    for l in api.lines() {
        if l.starts_with("| Commande (Tauri)") {
            in_table = true;
            continue;
        }
        if !l.starts_with('|') {
            in_table = false;
            continue;
        }
        if in_table && !l.starts_with("|---") {
            let first = l.split('|').nth(1).unwrap_or("");
            for c in code_spans(first) {
                out.insert(c);
            }
        }
    }
    out
}

#[test]
fn api_md_documents_every_command_and_no_other() {
    let api = read("crates/cpom-services/API.md");
    let shell = shell_commands();
    assert!(shell.len() > 30, "{shell:?}");
    let doc = documented_commands(&api);
    let undocumented: Vec<&String> = shell.difference(&doc).collect();
    let stale: Vec<&String> = doc.difference(&shell).collect();
    assert!(
        undocumented.is_empty() && stale.is_empty(),
        "API.md : commandes non décrites {undocumented:?}, commandes qui n'existent plus {stale:?}"
    );
}

#[test]
fn api_md_documents_every_record_kind_with_its_prefix() {
    let api = read("crates/cpom-services/API.md");
    for k in KINDS {
        let prefix = if k.singleton {
            format!("`{}`", k.path)
        } else {
            format!("`{}.<id>`", k.path)
        };
        let row = api
            .lines()
            .find(|l| l.starts_with(&format!("| `{}` |", k.name)))
            .unwrap_or_else(|| panic!("API.md : pas de ligne pour le type « {} »", k.name));
        assert!(
            row.contains(&prefix),
            "API.md : le type « {} » doit avoir le préfixe {prefix}",
            k.name
        );
        let unique = row.split('|').nth(3).unwrap_or("").trim() == "oui";
        assert_eq!(
            unique, k.singleton,
            "API.md : colonne « Unique » de « {} »",
            k.name
        );
    }
}
