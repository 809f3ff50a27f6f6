//! Lecture des arguments (sans dépendance : messages d'usage en français).

use std::path::PathBuf;

pub const HELP: &str = "\
Atelier CPOM — préparer un CPOM médico-social (ligne de commande)

Usage :
  cpom demo SORTIE.cpom                         écrit le dossier exemple
  cpom check DOSSIER.cpom [--json]              affiche le rapport de validation
  cpom export json DOSSIER.cpom SORTIE.json     exporte tout le dossier en JSON
  cpom import json DOSSIER.cpom ENTREE.json [--dry-run]
                                                importe un JSON (--dry-run : affiche
                                                les différences sans rien écrire)
  cpom stress DOSSIER.cpom --edits N            diagnostic : N modifications à la suite
  cpom --help | --version

Auteur des modifications : variable CPOM_AUTEUR, sinon le nom d'utilisateur.
Codes de sortie : 0 fait, 1 entrée refusée, 2 usage incorrect.";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Demo {
        out: PathBuf,
    },
    Check {
        dossier: PathBuf,
        json: bool,
    },
    ExportJson {
        dossier: PathBuf,
        out: PathBuf,
    },
    ImportJson {
        dossier: PathBuf,
        input: PathBuf,
        dry_run: bool,
    },
    Stress {
        dossier: PathBuf,
        edits: u64,
    },
}

fn split(args: &[String]) -> (Vec<&str>, Vec<&str>) {
    let (flags, pos): (Vec<&str>, Vec<&str>) = args
        .iter()
        .map(String::as_str)
        .partition(|a| a.starts_with("--"));
    (pos, flags)
}

fn no_other_flags(flags: &[&str], allowed: &[&str]) -> Result<(), String> {
    match flags.iter().find(|f| !allowed.contains(f)) {
        Some(f) => Err(format!("option inconnue « {f} »")),
        None => Ok(()),
    }
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let (pos, flags) = split(args);
    if flags.contains(&"--help") || pos.first() == Some(&"help") {
        return Ok(Command::Help);
    }
    if flags.contains(&"--version") {
        return Ok(Command::Version);
    }
    let p = |s: &str| PathBuf::from(s);
    match pos.as_slice() {
        ["demo", out] => {
            no_other_flags(&flags, &[])?;
            Ok(Command::Demo { out: p(out) })
        }
        ["check", d] => {
            no_other_flags(&flags, &["--json"])?;
            Ok(Command::Check {
                dossier: p(d),
                json: flags.contains(&"--json"),
            })
        }
        ["export", "json", d, out] => {
            no_other_flags(&flags, &[])?;
            Ok(Command::ExportJson {
                dossier: p(d),
                out: p(out),
            })
        }
        ["import", "json", d, input] => {
            no_other_flags(&flags, &["--dry-run"])?;
            Ok(Command::ImportJson {
                dossier: p(d),
                input: p(input),
                dry_run: flags.contains(&"--dry-run"),
            })
        }
        ["stress", d, n] if flags == ["--edits"] => {
            let edits = n
                .parse()
                .map_err(|_| format!("« {n} » n'est pas un nombre de modifications"))?;
            Ok(Command::Stress {
                dossier: p(d),
                edits,
            })
        }
        [] => Err("aucune commande".into()),
        [c, ..] => Err(format!("commande ou arguments incorrects pour « {c} »")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn commands() {
        assert_eq!(
            parse(&a("demo x.cpom")),
            Ok(Command::Demo {
                out: "x.cpom".into()
            })
        );
        assert_eq!(
            parse(&a("check d.cpom --json")),
            Ok(Command::Check {
                dossier: "d.cpom".into(),
                json: true
            })
        );
        assert_eq!(
            parse(&a("import json d.cpom i.json --dry-run")),
            Ok(Command::ImportJson {
                dossier: "d.cpom".into(),
                input: "i.json".into(),
                dry_run: true
            })
        );
        assert_eq!(
            parse(&a("stress d.cpom --edits 10")),
            Ok(Command::Stress {
                dossier: "d.cpom".into(),
                edits: 10
            })
        );
        assert!(parse(&a("check")).is_err());
        assert!(
            parse(&a("check d.cpom --verbose"))
                .unwrap_err()
                .contains("--verbose")
        );
        assert!(parse(&[]).is_err());
        assert_eq!(parse(&a("--help")), Ok(Command::Help));
    }
}
