//! Exécution des commandes.

use std::io::Write;
use std::path::Path;

use cpom_domain::RecordKind;
use cpom_domain::clauses::modeles::model_infos;
use cpom_services::FieldUpdate;
use cpom_services::export::pdf::{PdfOptions, export_fiche_pdf, export_pdf};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, template_infos};
use cpom_services::import::tdb::{TdbOptions, import_tdb};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use cpom_services::json_io::{JsonImportOptions, apply_json, export_json, read_json_file};
use cpom_services::{Result, ServiceError, Session};

use crate::args::{Command, HELP};
use crate::output::{plural, preview_text, readiness_text, steps_text, suivi_text};
use crate::session_io::{author, check_output, close, open};

pub fn run(cmd: Command) -> Result<()> {
    match cmd {
        Command::Help => println!("{HELP}"),
        Command::Version => println!("cpom {}", env!("CARGO_PKG_VERSION")),
        Command::Demo {
            out,
            exemple,
            force,
            etat,
            date,
        } => {
            check_output(&out, force, None)?;
            if etat.as_deref().is_some_and(|e| e != "preparation") {
                crate::suivi::demo(&out, etat.as_deref(), date, &author())?
            } else {
                let e = cpom_services::example::Exemple::from_code(&exemple)?;
                close(cpom_services::example::create_example_of(
                    e,
                    &out,
                    &author(),
                )?);
                println!(
                    "Dossier exemple « {} » écrit : {} ({}).",
                    e.code(),
                    out.display(),
                    e.label()
                );
            }
        }
        Command::Check {
            dossier,
            json,
            details,
            date,
        } => {
            let mut s = Session::open_read_only(&dossier)?;
            if let Some(d) = date {
                let day =
                    cpom_domain::kernel::parse::date("--date", &serde_json::Value::String(d))?
                        .ok_or_else(|| {
                            ServiceError::new("date.vide", "Indiquez une date après --date.")
                        })?;
                s.set_today(day);
            }
            let v = s.view()?;
            if json {
                // La même structure que l'interface reçoit (`DossierView.etapes`).
                let out = serde_json::to_string_pretty(
                    &serde_json::json!({ "etapes": v.etapes, "readiness": v.readiness, "suivi": {
                        "situation": v.suivi.situation,
                        "echeancier": v.suivi.echeancier,
                        "en_retard": v.suivi.en_retard,
                        "points": v.suivi.points,
                    } }),
                )
                .map_err(|e| ServiceError::storage("Sérialisation du rapport", e))?;
                println!("{out}");
            } else {
                let title = if v.dossier.organisme.raison_sociale.is_empty() {
                    v.name.clone()
                } else {
                    v.dossier.organisme.raison_sociale.clone()
                };
                print!(
                    "{}",
                    steps_text(
                        &title,
                        &v.pack.libelle,
                        &v.derived,
                        &v.etapes,
                        v.aujourdhui,
                        details
                    )
                );
                print!("{}", readiness_text(&v.readiness, details));
                print!("{}", suivi_text(&v.suivi));
            }
            s.close_read_only();
        }
        Command::ExportJson {
            dossier,
            out,
            force,
        } => {
            check_output(&out, force, Some(&dossier))?;
            let s = Session::open_read_only(&dossier)?;
            export_json(&s, &out)?;
            s.close_read_only();
            println!("Dossier exporté : {}", out.display());
        }
        Command::ExportPdf {
            dossier,
            out,
            model,
            fiche: _,
            force,
            avenant: Some(n),
        } => {
            check_output(&out, force, Some(&dossier))?;
            let s = Session::open_read_only(&dossier)?;
            let r = s.export_contrat_version(n, model.as_deref(), &out, &PdfOptions::default());
            s.close_read_only();
            let r = r?;
            println!(
                "Contrat exporté : {} ({}, modèle {}) — {}.",
                out.display(),
                plural(r.pages as usize, "page", "pages"),
                r.model_id,
                if n == 0 {
                    "version signée initiale".to_string()
                } else {
                    format!("version consolidée après l'avenant n° {n}")
                }
            );
        }
        Command::ExportPdf {
            dossier,
            out,
            model,
            fiche,
            force,
            avenant: None,
        } => {
            check_output(&out, force, Some(&dossier))?;
            let s = Session::open_read_only(&dossier)?;
            let opts = PdfOptions::default();
            // Sans --model : le modèle du référentiel régional du dossier.
            let model = model.as_deref().unwrap_or("");
            let signed =
                fiche.is_none() && cpom_domain::suivi::versions::contrat_signe(&s.dossier()?);
            let result = match &fiche {
                Some(f) => export_fiche_pdf(&s, f, model, &out, &opts),
                None => export_pdf(&s, model, &out, &opts),
            };
            s.close_read_only();
            let r = result?;
            println!(
                "Contrat exporté : {} ({}, modèle {}).",
                out.display(),
                plural(r.pages as usize, "page", "pages"),
                r.model_id
            );
            if r.draft {
                println!(
                    "Mention « PROJET » : {} avant signature :",
                    plural(r.gaps.len(), "point à compléter", "points à compléter")
                );
                for g in &r.gaps {
                    println!("  - {g}");
                }
            } else if signed {
                println!(
                    "Contrat signé : sa dernière version signée (consolidée après le dernier avenant, s'il y en a)."
                );
            } else {
                println!("Prêt à signer : aucun point bloquant.");
            }
        }
        Command::Models => {
            let packs = cpom_domain::kernel::pack::packs();
            let of = |id: &str, contrat: bool| -> String {
                let v: Vec<&str> = packs
                    .iter()
                    .filter(|p| {
                        let list = if contrat {
                            &p.modeles_contrat
                        } else {
                            &p.modeles_classeur
                        };
                        list.first().is_some_and(|x| x == id)
                    })
                    .map(|p| p.libelle.as_str())
                    .collect();
                if v.is_empty() {
                    String::new()
                } else {
                    format!(" (par défaut : {})", v.join(", "))
                }
            };
            println!("Référentiels régionaux (le dossier suit celui de sa région) :");
            for p in packs {
                let regions = if p.regions.is_empty() {
                    "toutes les autres régions".to_string()
                } else {
                    p.regions
                        .iter()
                        .filter_map(|r| cpom_domain::kernel::reference::reference().region(r))
                        .map(|r| r.nom.clone())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                println!("{}  {} — {regions}", p.id, p.libelle);
            }
            println!("Modèles de contrat (export pdf --model) :");
            for m in model_infos() {
                println!(
                    "{}  {} — version {}{}",
                    m.id,
                    m.label,
                    m.version,
                    of(&m.id, true)
                );
            }
            println!("Modèles de classeur (export xlsx --template) :");
            for t in template_infos() {
                println!(
                    "{}  {} — version {}{}",
                    t.id,
                    t.titre,
                    t.version,
                    of(&t.id, false)
                );
            }
        }
        Command::ImportJson {
            dossier,
            input,
            dry_run,
            remplacer,
        } => {
            // Le fichier importé est contrôlé avant d'ouvrir le dossier, puis l'import est
            // répété sur une copie privée : un refus laisse le dossier identique à l'octet
            // près, en-tête compris.
            let file = read_json_file(&input)?;
            let shown = input.display().to_string();
            let opts = JsonImportOptions { dry_run, remplacer };
            let mut ro = Session::open_read_only(&dossier)?;
            let trial = if dry_run {
                apply_json(&mut ro, &file, &opts, &shown)
            } else {
                ro.rehearse(|s| apply_json(s, &file, &opts, &shown))
            };
            ro.close_read_only();
            let trial = trial?;
            let done = if dry_run || trial.changes.is_empty() {
                trial
            } else {
                let mut s = open(&dossier)?;
                let result = apply_json(&mut s, &file, &opts, &shown);
                close(s);
                result?
            };
            for c in &done.changes {
                println!("{}", c.describe());
            }
            if let Some(w) = &done.autre_dossier {
                println!("Attention : {w}");
            }
            let n = plural(done.changes.len(), "différence", "différences");
            if dry_run {
                println!("{n} ; rien n'a été écrit (--dry-run).");
            } else if done.changes.is_empty() {
                println!("{n} : rien à écrire.");
            } else {
                println!("{n} appliquée(s).");
            }
        }
        Command::ExportXlsx {
            dossier,
            out,
            template,
            force,
        } => {
            check_output(&out, force, Some(&dossier))?;
            let s = Session::open_read_only(&dossier)?;
            let r = export_xlsx(
                &s,
                template.as_deref(),
                &out,
                &XlsxOptions::default(),
                &mut |_, _| {},
            );
            s.close_read_only();
            let r = r?;
            println!(
                "Classeur exporté : {} (modèle {} version {}, {}, {}).",
                out.display(),
                r.template_id,
                r.template_version,
                plural(r.sheets as usize, "feuille", "feuilles"),
                plural(r.inputs as usize, "zone de saisie", "zones de saisie")
            );
        }
        Command::ImportXlsx {
            dossier,
            input,
            dry_run,
            prerempli,
        } => {
            let opts = WorkbookImportOptions {
                prerempli_ars: prerempli,
            };
            with_session(&dossier, dry_run, |s, dry, e| {
                import_workbook(s, &input, &opts, dry, e)
            })?;
        }
        Command::ImportTdb {
            dossier,
            input,
            dry_run,
            annee,
            plus_recentes,
        } => {
            let opts = TdbOptions {
                annee,
                remplacer_plus_recentes: plus_recentes,
            };
            with_session(&dossier, dry_run, |s, dry, e| {
                import_tdb(s, &input, &opts, dry, e)
            })?;
        }
        Command::Stress { dossier, edits } => stress(&dossier, edits)?,
        Command::KitExport {
            dossier,
            esms,
            out,
            pour,
            echeance,
            force,
        } => {
            check_output(&out, force, Some(&dossier))?;
            crate::contribution::export(&dossier, &esms, &out, pour, echeance)?
        }
        Command::KitImport {
            dossier,
            kit,
            dry_run,
            conflits,
        } => crate::contribution::import(&dossier, &kit, dry_run, conflits.as_deref())?,
        Command::KitSuivi { dossier } => crate::contribution::suivi(&dossier)?,
        Command::SuiviRevue {
            dossier,
            exercice,
            out,
            force,
            model,
            date,
        } => {
            check_output(&out, force, Some(&dossier))?;
            crate::suivi::revue(&dossier, exercice, &out, model, date)?
        }
        Command::SuiviRapport {
            dossier,
            exercice,
            out,
            force,
            model,
            date,
        } => {
            check_output(&out, force, Some(&dossier))?;
            crate::suivi::rapport(&dossier, exercice, &out, model, date)?
        }
        Command::SuiviBilan {
            dossier,
            out,
            force,
            final_,
            model,
            date,
        } => {
            check_output(&out, force, Some(&dossier))?;
            crate::suivi::bilan(&dossier, &out, final_, model, date)?
        }
        Command::SuiviEcheances {
            dossier,
            json,
            date,
        } => crate::suivi::echeances(&dossier, json, date)?,
        Command::AvenantExport {
            dossier,
            numero,
            out,
            force,
            model,
            date,
        } => {
            check_output(&out, force, Some(&dossier))?;
            crate::suivi::avenant(&dossier, numero, &out, model, date)?
        }
        Command::Renouveler {
            dossier,
            out,
            force,
            date,
        } => {
            check_output(&out, force, Some(&dossier))?;
            crate::suivi::renouveler(&dossier, &out, date, &author())?
        }
    }
    Ok(())
}

/// Un import de classeur : le fichier est d'abord lu sur le dossier ouvert en lecture seule
/// (un refus le laisse identique à l'octet près), puis, sans `--dry-run`, appliqué en une
/// transaction si rien n'a changé entre-temps (même empreinte).
fn with_session(
    dossier: &Path,
    dry_run: bool,
    f: impl Fn(&mut Session, bool, Option<&str>) -> Result<cpom_services::import::ImportPreview>,
) -> Result<()> {
    let mut ro = Session::open_read_only(dossier)?;
    let preview = f(&mut ro, true, None);
    // Répétition sur une copie privée : une écriture refusée (dossier signé, kit…) laisse le
    // dossier identique à l'octet près.
    let trial = match (&preview, dry_run) {
        (Ok(p), false) if !p.changements.is_empty() => {
            ro.rehearse(|s| f(s, false, Some(&p.empreinte))).map(|_| ())
        }
        _ => Ok(()),
    };
    ro.close_read_only();
    let p = preview?;
    trial?;
    if !dry_run && !p.changements.is_empty() {
        let mut s = open(dossier)?;
        let applied = f(&mut s, false, Some(&p.empreinte));
        close(s);
        applied?;
    }
    print!("{}", preview_text(&p));
    let n = plural(p.changements.len(), "modification", "modifications");
    if dry_run {
        println!("{n} ; rien n'a été écrit (--dry-run).");
    } else {
        println!("{n} appliquée(s) en une fois.");
    }
    Ok(())
}

/// Une longue suite de modifications, chacune annoncée sur la sortie standard une fois
/// validée (« ok N ») : sert au test de robustesse qui tue le processus en plein travail.
fn stress(path: &Path, edits: u64) -> Result<()> {
    let mut s = open(path)?;
    let start = s.dossier()?.esms.len() as u64;
    let stdout = std::io::stdout();
    for i in start..start + edits {
        let id = s.add_record(RecordKind::Esms, None, None)?;
        s.update_field(&FieldUpdate {
            kind: RecordKind::Esms,
            id: Some(id),
            field: "nom".into(),
            value: serde_json::Value::String(format!("stress-{i}")),
        })?;
        let mut out = stdout.lock();
        writeln!(out, "ok {i}")
            .and_then(|_| out.flush())
            .map_err(ServiceError::from)?;
    }
    close(s);
    Ok(())
}
