//! Lecture des arguments (sans dépendance : messages d'usage en français).

use std::path::PathBuf;

pub const HELP: &str = "\
Atelier CPOM — préparer un CPOM médico-social (ligne de commande)

Usage :
  cpom demo SORTIE.cpom [--exemple ph|pa|paca] [--force]
                                                écrit un dossier exemple (ph, par défaut :
                                                personnes handicapées, Pays de la Loire ;
                                                pa : EHPAD, PUV, SSIAD et résidence
                                                autonomie, Occitanie ; paca : personnes
                                                handicapées, Provence-Alpes-Côte d'Azur)
  cpom demo SORTIE.cpom --etat signe|suivi [--date AAAA-MM-JJ] [--force]
                                                l'exemple ph signé ; suivi : signé et dans
                                                sa 3e année à la date donnée, revues des
                                                années 1 et 2, un dialogue de gestion,
                                                l'avenant n° 1
  cpom check DOSSIER.cpom [--json] [--details] [--date AAAA-MM-JJ]
                                                affiche le rapport des quatre étapes
                                                (--date : date du jour des règles de
                                                calendrier, par défaut aujourd'hui ;
                                                --details : code de la règle et champ
                                                de chaque point)
  cpom export json DOSSIER.cpom SORTIE.json [--force]
                                                exporte tout le dossier en JSON
  cpom export pdf DOSSIER.cpom SORTIE.pdf [--model ID] [--fiche ID] [--avenant N] [--force]
                                                écrit le contrat en PDF (modèle par
                                                défaut : celui du référentiel régional
                                                du dossier ; --model liste sans valeur :
                                                voir « cpom models ») ;
                                                --fiche : une fiche-objectif seule ;
                                                contrat signé : sa dernière version,
                                                ou --avenant N : version consolidée
                                                après l'avenant n° N (0 : initiale)
  cpom export xlsx DOSSIER.cpom SORTIE.xlsx [--template ID] [--force]
                                                écrit le classeur (modèle par défaut :
                                                celui du référentiel régional du
                                                dossier ; voir « cpom models »)
  cpom models                                   liste les modèles de contrat et de classeur
  cpom import json DOSSIER.cpom ENTREE.json [--dry-run] [--remplacer]
                                                importe un JSON (--dry-run : affiche
                                                les différences sans rien écrire ;
                                                --remplacer : accepte l'export d'un
                                                autre dossier, dont le contenu remplace
                                                tout celui-ci)
  cpom contribution export DOSSIER.cpom --esms FINESS[,FINESS…] SORTIE.cpom
                     [--pour \"Direction de l'IME …\"] [--echeance AAAA-MM-JJ] [--force]
                                                prépare un kit de contribution : seule
                                                la partie de ces ESMS y est modifiable
  cpom contribution import DOSSIER.cpom KIT.cpom [--dry-run] [--conflits siege|direction]
                                                intègre un kit rendu (--dry-run : affiche
                                                nouveautés, modifications et conflits
                                                sans rien écrire ; s'il y a des conflits,
                                                --conflits dit quelle version garder)
  cpom contribution suivi DOSSIER.cpom          suivi des kits et totaux par autorité
  cpom import xlsx DOSSIER.cpom ENTREE.xlsx [--dry-run] [--pre-rempli-ars ANNEE]
                                                relit le classeur régional (.xlsx, .xls,
                                                .ods) ; fichier pré-rempli par l'ARS :
                                                source « pré-rempli ARS » et année
  cpom import tdb DOSSIER.cpom EXPORT.xlsx [--dry-run] [--annee ANNEE]
                     [--remplacer-plus-recentes]
                                                reprend l'export du tableau de bord ESMS
                                                (ANAP/ATIH) ; année lue dans le nom du
                                                fichier sinon ; un export plus ancien que
                                                des valeurs déjà saisies n'est appliqué
                                                qu'avec --remplacer-plus-recentes
  cpom suivi revue DOSSIER.cpom --exercice AAAA SORTIE.pdf [--model ID] [--force]
                                                revue annuelle des objectifs de
                                                l'exercice (forme du modèle du dossier)
  cpom suivi rapport DOSSIER.cpom --exercice AAAA SORTIE.pdf [--model ID] [--force]
                                                rapport au département (30 avril)
  cpom suivi bilan DOSSIER.cpom SORTIE.pdf [--final] [--model ID] [--force]
                                                bilan d'étape (mi-parcours) ou final
  cpom suivi echeances DOSSIER.cpom [--json]    échéancier : fait, en retard, à venir
  cpom avenant export DOSSIER.cpom (--numero N | --projet) SORTIE.pdf [--model ID]
                     [--force]
                                                l'avenant n° N (ou le projet en cours)
  cpom renouveler DOSSIER.cpom NOUVEAU.cpom [--force]
                                                prépare le dossier du contrat suivant
                                                (le dossier signé n'est pas modifié)
                (suivi, avenant, renouveler : --date AAAA-MM-JJ fixe la date du jour)
  cpom stress DOSSIER.cpom --edits N            diagnostic : N modifications à la suite
  cpom --help | --version

Un fichier existant n'est jamais remplacé sans --force.
Un seul programme modifie un dossier à la fois : une commande qui le trouve en cours de
modification attend CPOM_ATTENTE secondes (10 par défaut) puis renonce sans rien écrire.
Auteur des modifications : variable CPOM_AUTEUR, sinon le nom d'utilisateur.
PDF reproductible : SOURCE_DATE_EPOCH fixe les dates et l'identifiant du fichier.
Codes de sortie : 0 fait, 1 entrée refusée (rien n'a été écrit), 2 usage incorrect.";

#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help,
    Version,
    Demo {
        out: PathBuf,
        /// « ph » (par défaut), « pa » ou « paca ».
        exemple: String,
        force: bool,
        /// « preparation » (par défaut), « signe » ou « suivi » (exemple ph).
        etat: Option<String>,
        date: Option<String>,
    },
    Check {
        dossier: PathBuf,
        json: bool,
        /// Montrer le code de la règle et le champ de chaque point.
        details: bool,
        /// Date du jour imposée (« 2026-11-22 »).
        date: Option<String>,
    },
    ExportJson {
        dossier: PathBuf,
        out: PathBuf,
        force: bool,
    },
    ExportPdf {
        dossier: PathBuf,
        out: PathBuf,
        model: Option<String>,
        fiche: Option<String>,
        force: bool,
        /// Version consolidée après l'avenant n° N (0 : le contrat signé initial).
        avenant: Option<usize>,
    },
    ExportXlsx {
        dossier: PathBuf,
        out: PathBuf,
        template: Option<String>,
        force: bool,
    },
    ImportXlsx {
        dossier: PathBuf,
        input: PathBuf,
        dry_run: bool,
        prerempli: Option<i32>,
    },
    ImportTdb {
        dossier: PathBuf,
        input: PathBuf,
        dry_run: bool,
        annee: Option<i32>,
        /// Appliquer même si l'export est plus ancien que des valeurs déjà saisies.
        plus_recentes: bool,
    },
    Models,
    ImportJson {
        dossier: PathBuf,
        input: PathBuf,
        dry_run: bool,
        /// Accepter l'export d'un autre dossier (son contenu remplace tout celui-ci).
        remplacer: bool,
    },
    Stress {
        dossier: PathBuf,
        edits: u64,
    },
    KitExport {
        dossier: PathBuf,
        esms: Vec<String>,
        out: PathBuf,
        pour: Option<String>,
        echeance: Option<String>,
        force: bool,
    },
    KitImport {
        dossier: PathBuf,
        kit: PathBuf,
        dry_run: bool,
        /// « siege » ou « direction » : la version gardée en cas de conflit.
        conflits: Option<String>,
    },
    KitSuivi {
        dossier: PathBuf,
    },
    SuiviRevue {
        dossier: PathBuf,
        exercice: i32,
        out: PathBuf,
        force: bool,
        model: Option<String>,
        date: Option<String>,
    },
    SuiviRapport {
        dossier: PathBuf,
        exercice: i32,
        out: PathBuf,
        force: bool,
        model: Option<String>,
        date: Option<String>,
    },
    SuiviBilan {
        dossier: PathBuf,
        out: PathBuf,
        force: bool,
        final_: bool,
        model: Option<String>,
        date: Option<String>,
    },
    SuiviEcheances {
        dossier: PathBuf,
        json: bool,
        date: Option<String>,
    },
    AvenantExport {
        dossier: PathBuf,
        /// Vide : le projet en cours (--projet).
        numero: Option<usize>,
        out: PathBuf,
        force: bool,
        model: Option<String>,
        date: Option<String>,
    },
    Renouveler {
        dossier: PathBuf,
        out: PathBuf,
        force: bool,
        date: Option<String>,
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

/// Retire `--name VALEUR` ou `--name=VALEUR` des arguments.
fn take_value(args: &mut Vec<String>, name: &str) -> Result<Option<String>, String> {
    let prefix = format!("{name}=");
    if let Some(i) = args.iter().position(|a| a.starts_with(&prefix)) {
        let v = args.remove(i)[prefix.len()..].to_string();
        return if v.is_empty() {
            Err(format!("valeur manquante après « {name} »"))
        } else {
            Ok(Some(v))
        };
    }
    match args.iter().position(|a| a == name) {
        None => Ok(None),
        Some(i) => {
            if i + 1 >= args.len() || args[i + 1].starts_with("--") {
                return Err(format!("valeur manquante après « {name} »"));
            }
            let v = args.remove(i + 1);
            args.remove(i);
            Ok(Some(v))
        }
    }
}

pub fn parse(args: &[String]) -> Result<Command, String> {
    let mut args = args.to_vec();
    let model = take_value(&mut args, "--model")?;
    let fiche = take_value(&mut args, "--fiche")?;
    let date = take_value(&mut args, "--date")?;
    let esms = take_value(&mut args, "--esms")?;
    let pour = take_value(&mut args, "--pour")?;
    let echeance = take_value(&mut args, "--echeance")?;
    let conflits = take_value(&mut args, "--conflits")?;
    let template = take_value(&mut args, "--template")?;
    let prerempli = take_value(&mut args, "--pre-rempli-ars")?;
    let annee = take_value(&mut args, "--annee")?;
    let exemple = take_value(&mut args, "--exemple")?;
    let etat = take_value(&mut args, "--etat")?;
    let exercice = take_value(&mut args, "--exercice")?;
    let numero = take_value(&mut args, "--numero")?;
    let avenant = take_value(&mut args, "--avenant")?;
    let (pos, flags) = split(&args);
    if exemple.is_some() && pos.first() != Some(&"demo") {
        return Err("--exemple ne s'emploie qu'avec « demo »".into());
    }
    if let Some(e) = &exemple
        && !["ph", "pa", "paca"].contains(&e.as_str())
    {
        return Err(format!(
            "--exemple vaut « ph » (personnes handicapées, Pays de la Loire), « pa » (personnes âgées, Occitanie) ou « paca » (personnes handicapées, Provence-Alpes-Côte d'Azur), pas « {e} »"
        ));
    }
    let kit_opts = esms.is_some() || pour.is_some() || echeance.is_some();
    if kit_opts && !matches!(pos.as_slice(), ["contribution", "export", ..]) {
        return Err(
            "--esms, --pour et --echeance ne s'emploient qu'avec « contribution export »".into(),
        );
    }
    if conflits.is_some() && !matches!(pos.as_slice(), ["contribution", "import", ..]) {
        return Err("--conflits ne s'emploie qu'avec « contribution import »".into());
    }
    if let Some(c) = &conflits
        && c != "siege"
        && c != "direction"
    {
        return Err(format!(
            "--conflits vaut « siege » ou « direction », pas « {c} »"
        ));
    }
    if template.is_some() && !matches!(pos.as_slice(), ["export", "xlsx", ..]) {
        return Err("--template ne s'emploie qu'avec « export xlsx »".into());
    }
    if prerempli.is_some() && !matches!(pos.as_slice(), ["import", "xlsx", ..]) {
        return Err("--pre-rempli-ars ne s'emploie qu'avec « import xlsx »".into());
    }
    if annee.is_some() && !matches!(pos.as_slice(), ["import", "tdb", ..]) {
        return Err("--annee ne s'emploie qu'avec « import tdb »".into());
    }
    let year = |v: Option<String>| -> Result<Option<i32>, String> {
        v.map(|y| {
            y.parse::<i32>()
                .ok()
                .filter(|y| (2000..=2100).contains(y))
                .ok_or_else(|| format!("« {y} » n'est pas une année (ex. 2025)"))
        })
        .transpose()
    };
    let prerempli = year(prerempli)?;
    let annee = year(annee)?;
    let exercice = year(exercice)?;
    let number = |name: &str, v: Option<String>| -> Result<Option<usize>, String> {
        v.map(|n| {
            n.parse::<usize>()
                .map_err(|_| format!("{name} : « {n} » n'est pas un numéro d'avenant (1, 2…)"))
        })
        .transpose()
    };
    let numero = number("--numero", numero)?;
    let avenant = number("--avenant", avenant)?;
    if fiche.is_some() && !matches!(pos.as_slice(), ["export", "pdf", ..]) {
        return Err("--fiche ne s'emploie qu'avec « export pdf »".into());
    }
    if avenant.is_some() && !matches!(pos.as_slice(), ["export", "pdf", ..]) {
        return Err("--avenant ne s'emploie qu'avec « export pdf »".into());
    }
    if model.is_some()
        && !matches!(
            pos.as_slice(),
            ["export", "pdf", ..] | ["suivi", "revue" | "rapport" | "bilan", ..] | ["avenant", ..]
        )
    {
        return Err(
            "--model ne s'emploie qu'avec « export pdf », « suivi revue|rapport|bilan » et « avenant export »"
                .into(),
        );
    }
    let demo_suivi = pos.first() == Some(&"demo") && etat.as_deref() == Some("suivi");
    if date.is_some()
        && !demo_suivi
        && !matches!(
            pos.first(),
            Some(&"check" | &"suivi" | &"avenant" | &"renouveler")
        )
    {
        return Err("--date ne s'emploie qu'avec « check », « suivi », « avenant », « renouveler » et « demo --etat suivi »".into());
    }
    if etat.is_some() && pos.first() != Some(&"demo") {
        return Err("--etat ne s'emploie qu'avec « demo »".into());
    }
    if etat.as_deref().is_some_and(|e| e != "preparation")
        && exemple.as_deref().is_some_and(|e| e != "ph")
    {
        return Err("--etat signe ou suivi ne s'emploie qu'avec l'exemple ph".into());
    }
    if let Some(e) = &etat
        && !["preparation", "signe", "suivi"].contains(&e.as_str())
    {
        return Err(format!(
            "--etat vaut « preparation », « signe » ou « suivi », pas « {e} »"
        ));
    }
    if exercice.is_some() && !matches!(pos.as_slice(), ["suivi", "revue" | "rapport", ..]) {
        return Err("--exercice ne s'emploie qu'avec « suivi revue » et « suivi rapport »".into());
    }
    if numero.is_some() && !matches!(pos.as_slice(), ["avenant", ..]) {
        return Err("--numero ne s'emploie qu'avec « avenant export »".into());
    }
    if flags.contains(&"--help") || pos.first() == Some(&"help") {
        return Ok(Command::Help);
    }
    if flags.contains(&"--version") {
        return Ok(Command::Version);
    }
    let p = |s: &str| PathBuf::from(s);
    let force = flags.contains(&"--force");
    match pos.as_slice() {
        ["demo", out] => {
            no_other_flags(&flags, &["--force"])?;
            Ok(Command::Demo {
                out: p(out),
                exemple: exemple.unwrap_or_else(|| "ph".into()),
                force,
                etat,
                date,
            })
        }
        ["check", d] => {
            no_other_flags(&flags, &["--json", "--details"])?;
            Ok(Command::Check {
                dossier: p(d),
                json: flags.contains(&"--json"),
                details: flags.contains(&"--details"),
                date,
            })
        }
        ["export", "json", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            Ok(Command::ExportJson {
                dossier: p(d),
                out: p(out),
                force,
            })
        }
        ["export", "pdf", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            if fiche.is_some() && avenant.is_some() {
                return Err("--fiche et --avenant ne s'emploient pas ensemble".into());
            }
            Ok(Command::ExportPdf {
                dossier: p(d),
                out: p(out),
                model,
                fiche,
                force,
                avenant,
            })
        }
        ["export", "xlsx", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            Ok(Command::ExportXlsx {
                dossier: p(d),
                out: p(out),
                template,
                force,
            })
        }
        ["import", "xlsx", d, input] => {
            no_other_flags(&flags, &["--dry-run"])?;
            Ok(Command::ImportXlsx {
                dossier: p(d),
                input: p(input),
                dry_run: flags.contains(&"--dry-run"),
                prerempli,
            })
        }
        ["import", "tdb", d, input] => {
            no_other_flags(&flags, &["--dry-run", "--remplacer-plus-recentes"])?;
            Ok(Command::ImportTdb {
                dossier: p(d),
                input: p(input),
                dry_run: flags.contains(&"--dry-run"),
                annee,
                plus_recentes: flags.contains(&"--remplacer-plus-recentes"),
            })
        }
        ["models"] => {
            no_other_flags(&flags, &[])?;
            Ok(Command::Models)
        }
        ["import", "json", d, input] => {
            no_other_flags(&flags, &["--dry-run", "--remplacer"])?;
            Ok(Command::ImportJson {
                dossier: p(d),
                input: p(input),
                dry_run: flags.contains(&"--dry-run"),
                remplacer: flags.contains(&"--remplacer"),
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
        ["contribution", "export", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            let esms: Vec<String> = esms
                .ok_or("--esms FINESS[,FINESS…] est obligatoire")?
                .split(',')
                .map(|f| f.trim().to_string())
                .filter(|f| !f.is_empty())
                .collect();
            if esms.is_empty() {
                return Err("--esms : indiquez au moins un FINESS".into());
            }
            Ok(Command::KitExport {
                dossier: p(d),
                esms,
                out: p(out),
                pour,
                echeance,
                force,
            })
        }
        ["contribution", "import", d, kit] => {
            no_other_flags(&flags, &["--dry-run"])?;
            Ok(Command::KitImport {
                dossier: p(d),
                kit: p(kit),
                dry_run: flags.contains(&"--dry-run"),
                conflits,
            })
        }
        ["contribution", "suivi", d] => {
            no_other_flags(&flags, &[])?;
            Ok(Command::KitSuivi { dossier: p(d) })
        }
        ["suivi", "revue", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            Ok(Command::SuiviRevue {
                dossier: p(d),
                exercice: exercice.ok_or("--exercice AAAA est obligatoire (l'exercice revu)")?,
                out: p(out),
                force,
                model,
                date,
            })
        }
        ["suivi", "rapport", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            Ok(Command::SuiviRapport {
                dossier: p(d),
                exercice: exercice
                    .ok_or("--exercice AAAA est obligatoire (l'exercice du rapport)")?,
                out: p(out),
                force,
                model,
                date,
            })
        }
        ["suivi", "bilan", d, out] => {
            no_other_flags(&flags, &["--final", "--force"])?;
            Ok(Command::SuiviBilan {
                dossier: p(d),
                out: p(out),
                force,
                final_: flags.contains(&"--final"),
                model,
                date,
            })
        }
        ["suivi", "echeances", d] => {
            no_other_flags(&flags, &["--json"])?;
            Ok(Command::SuiviEcheances {
                dossier: p(d),
                json: flags.contains(&"--json"),
                date,
            })
        }
        ["avenant", "export", d, out] => {
            no_other_flags(&flags, &["--projet", "--force"])?;
            let projet = flags.contains(&"--projet");
            if projet == numero.is_some() {
                return Err(
                    "indiquez --numero N (un avenant signé) ou --projet (le projet en cours)"
                        .into(),
                );
            }
            Ok(Command::AvenantExport {
                dossier: p(d),
                numero,
                out: p(out),
                force,
                model,
                date,
            })
        }
        ["renouveler", d, out] => {
            no_other_flags(&flags, &["--force"])?;
            Ok(Command::Renouveler {
                dossier: p(d),
                out: p(out),
                force,
                date,
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
                out: "x.cpom".into(),
                exemple: "ph".into(),
                force: false,
                etat: None,
                date: None
            })
        );
        assert_eq!(
            parse(&a("demo x.cpom --etat suivi --date 2029-06-01")),
            Ok(Command::Demo {
                out: "x.cpom".into(),
                exemple: "ph".into(),
                force: false,
                etat: Some("suivi".into()),
                date: Some("2029-06-01".into())
            })
        );
        assert!(parse(&a("demo x.cpom --etat fini")).is_err());
        assert_eq!(
            parse(&a("suivi revue d.cpom --exercice 2028 r.pdf")),
            Ok(Command::SuiviRevue {
                dossier: "d.cpom".into(),
                exercice: 2028,
                out: "r.pdf".into(),
                force: false,
                model: None,
                date: None
            })
        );
        assert!(parse(&a("suivi revue d.cpom r.pdf")).is_err());
        assert!(parse(&a("suivi echeances d.cpom --exercice 2028")).is_err());
        assert_eq!(
            parse(&a("avenant export d.cpom --numero 1 a.pdf")),
            Ok(Command::AvenantExport {
                dossier: "d.cpom".into(),
                numero: Some(1),
                out: "a.pdf".into(),
                force: false,
                model: None,
                date: None
            })
        );
        assert!(parse(&a("avenant export d.cpom a.pdf")).is_err());
        assert!(parse(&a("avenant export d.cpom --numero un a.pdf")).is_err());
        assert_eq!(
            parse(&a("renouveler d.cpom n.cpom")),
            Ok(Command::Renouveler {
                dossier: "d.cpom".into(),
                out: "n.cpom".into(),
                force: false,
                date: None
            })
        );
        assert_eq!(
            parse(&a("demo x.cpom --exemple pa")),
            Ok(Command::Demo {
                out: "x.cpom".into(),
                exemple: "pa".into(),
                force: false,
                etat: None,
                date: None
            })
        );
        assert_eq!(
            parse(&a("demo x.cpom --exemple paca")),
            Ok(Command::Demo {
                out: "x.cpom".into(),
                exemple: "paca".into(),
                force: false,
                etat: None,
                date: None
            })
        );
        assert!(parse(&a("demo x.cpom --exemple paca --etat signe")).is_err());
        assert!(parse(&a("demo x.cpom --exemple ehpad")).is_err());
        assert!(parse(&a("demo x.cpom --exemple pdl")).is_err());
        assert!(parse(&a("demo x.cpom --exemple pa --etat suivi")).is_err());
        assert!(parse(&a("check x.cpom --exemple pa")).is_err());
        assert_eq!(
            parse(&a("check d.cpom --json")),
            Ok(Command::Check {
                dossier: "d.cpom".into(),
                json: true,
                details: false,
                date: None
            })
        );
        assert_eq!(
            parse(&a("check d.cpom --date 2026-11-22")),
            Ok(Command::Check {
                dossier: "d.cpom".into(),
                json: false,
                details: false,
                date: Some("2026-11-22".into())
            })
        );
        assert!(parse(&a("demo x.cpom --date 2026-11-22")).is_err());
        assert_eq!(
            parse(&a("import json d.cpom i.json --dry-run")),
            Ok(Command::ImportJson {
                dossier: "d.cpom".into(),
                input: "i.json".into(),
                dry_run: true,
                remplacer: false
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
        assert_eq!(
            parse(&a("export pdf d.cpom c.pdf --model pdl-socle")),
            Ok(Command::ExportPdf {
                dossier: "d.cpom".into(),
                out: "c.pdf".into(),
                model: Some("pdl-socle".into()),
                fiche: None,
                force: false,
                avenant: None
            })
        );
        assert_eq!(
            parse(&a("export pdf d.cpom c.pdf --fiche=F1")),
            Ok(Command::ExportPdf {
                dossier: "d.cpom".into(),
                out: "c.pdf".into(),
                model: None,
                fiche: Some("F1".into()),
                force: false,
                avenant: None
            })
        );
        assert!(parse(&a("export pdf d.cpom c.pdf --model")).is_err());
        assert!(parse(&a("check d.cpom --model x")).is_err());
        assert_eq!(parse(&a("models")), Ok(Command::Models));
        assert_eq!(
            parse(&a("export xlsx d.cpom c.xlsx --template suivi-objectifs")),
            Ok(Command::ExportXlsx {
                dossier: "d.cpom".into(),
                out: "c.xlsx".into(),
                template: Some("suivi-objectifs".into()),
                force: false
            })
        );
        assert_eq!(
            parse(&a(
                "import xlsx d.cpom c.ods --dry-run --pre-rempli-ars 2025"
            )),
            Ok(Command::ImportXlsx {
                dossier: "d.cpom".into(),
                input: "c.ods".into(),
                dry_run: true,
                prerempli: Some(2025)
            })
        );
        assert_eq!(
            parse(&a("import tdb d.cpom e.xlsx --annee 2022")),
            Ok(Command::ImportTdb {
                dossier: "d.cpom".into(),
                input: "e.xlsx".into(),
                dry_run: false,
                annee: Some(2022),
                plus_recentes: false
            })
        );
        assert!(parse(&a("import tdb d.cpom e.xlsx --annee deux")).is_err());
        assert!(parse(&a("export pdf d.cpom c.pdf --template x")).is_err());
        assert_eq!(parse(&a("--help")), Ok(Command::Help));
        assert_eq!(
            parse(&a("demo x.cpom --force")),
            Ok(Command::Demo {
                out: "x.cpom".into(),
                exemple: "ph".into(),
                force: true,
                etat: None,
                date: None
            })
        );
        assert!(parse(&a("check d.cpom --force")).is_err());
        assert!(parse(&a("import xlsx d.cpom e.xlsx --remplacer")).is_err());
        assert_eq!(
            parse(&a("import json d.cpom i.json --remplacer")),
            Ok(Command::ImportJson {
                dossier: "d.cpom".into(),
                input: "i.json".into(),
                dry_run: false,
                remplacer: true
            })
        );
    }
}
