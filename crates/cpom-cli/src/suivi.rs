//! Les commandes du suivi du contrat signé : documents (`suivi revue|rapport|bilan`,
//! `avenant export`), échéancier (`suivi echeances`), `renouveler`, et le dossier exemple
//! en cours de suivi (`demo --etat suivi`). Toutes ouvrent le dossier en lecture seule :
//! il reste identique à l'octet près.

use std::path::Path;

use chrono::NaiveDate;
use cpom_domain::dossier::suivi::NatureBilan;
use cpom_domain::kernel::format::date_short;
use cpom_domain::suivi::calc::{Echeance, EtatEcheance};
use cpom_services::export::pdf::PdfOptions;
use cpom_services::suivi::{AvenantRef, DocumentExport};
use cpom_services::{Result, ServiceError, Session};

use crate::output::plural;

/// La date `--date` (ou aujourd'hui).
pub fn day(date: Option<String>) -> Result<Option<NaiveDate>> {
    match date {
        None => Ok(None),
        Some(d) => cpom_domain::kernel::parse::date("--date", &serde_json::Value::String(d))?
            .ok_or_else(|| ServiceError::new("date.vide", "Indiquez une date après --date."))
            .map(Some),
    }
}

fn read_only(dossier: &Path, date: Option<NaiveDate>) -> Result<Session> {
    let mut s = Session::open_read_only(dossier)?;
    if let Some(d) = date {
        s.set_today(d);
    }
    Ok(s)
}

fn print_export(what: &str, e: &DocumentExport) {
    println!(
        "{what} exporté : {} ({}, forme du modèle {}).",
        e.path,
        plural(e.pages as usize, "page", "pages"),
        e.model_id
    );
    if e.draft {
        println!(
            "Mention « PROJET » : {} :",
            plural(e.gaps.len(), "point à compléter", "points à compléter")
        );
        for g in &e.gaps {
            println!("  - {g}");
        }
    }
    for a in &e.avertissements {
        println!("Attention : {a}");
    }
}

/// Un document du suivi, produit sur le dossier ouvert en lecture seule.
fn export(
    dossier: &Path,
    date: Option<String>,
    what: &str,
    f: impl FnOnce(&Session, &PdfOptions) -> Result<DocumentExport>,
) -> Result<()> {
    let today = day(date)?;
    let s = read_only(dossier, today)?;
    let opts = PdfOptions {
        today,
        ..PdfOptions::default()
    };
    let r = f(&s, &opts);
    s.close_read_only();
    print_export(what, &r?);
    Ok(())
}

pub fn revue(
    dossier: &Path,
    exercice: i32,
    out: &Path,
    model: Option<String>,
    date: Option<String>,
) -> Result<()> {
    export(dossier, date, "Revue des objectifs", |s, o| {
        s.export_revue(exercice, model.as_deref(), out, o)
    })
}

pub fn rapport(
    dossier: &Path,
    exercice: i32,
    out: &Path,
    model: Option<String>,
    date: Option<String>,
) -> Result<()> {
    export(dossier, date, "Rapport au département", |s, o| {
        s.export_rapport_cd(exercice, model.as_deref(), out, o)
    })
}

pub fn bilan(
    dossier: &Path,
    out: &Path,
    final_: bool,
    model: Option<String>,
    date: Option<String>,
) -> Result<()> {
    let (nature, what) = if final_ {
        (NatureBilan::Final, "Bilan final")
    } else {
        (NatureBilan::Etape, "Bilan d'étape")
    };
    export(dossier, date, what, |s, o| {
        s.export_bilan(nature, model.as_deref(), out, o)
    })
}

pub fn avenant(
    dossier: &Path,
    numero: Option<usize>,
    out: &Path,
    model: Option<String>,
    date: Option<String>,
) -> Result<()> {
    let which = numero.map_or(AvenantRef::Projet, AvenantRef::Numero);
    let what = match which {
        AvenantRef::Numero(n) => format!("Avenant n° {n}"),
        AvenantRef::Projet => "Projet d'avenant".into(),
    };
    export(dossier, date, &what, |s, o| {
        s.export_avenant(which, model.as_deref(), out, o)
    })
}

fn etat(e: &Echeance) -> String {
    match e.etat {
        EtatEcheance::Fait => match e.fait_le {
            Some(d) => format!("fait le {}", date_short(d)),
            None => "fait".into(),
        },
        EtatEcheance::EnRetard => "EN RETARD".into(),
        EtatEcheance::AVenir => "à venir".into(),
    }
}

pub fn echeances(dossier: &Path, json: bool, date: Option<String>) -> Result<()> {
    let s = read_only(dossier, day(date)?)?;
    let v = s.view();
    s.close_read_only();
    let v = v?;
    if json {
        let out = serde_json::to_string_pretty(&serde_json::json!({
            "situation": v.suivi.situation,
            "echeancier": v.suivi.echeancier,
        }))
        .map_err(|e| ServiceError::storage("Sérialisation de l'échéancier", e))?;
        println!("{out}");
        return Ok(());
    }
    println!("Contrat : {}", v.suivi.situation.libelle);
    println!("Échéancier au {} :", date_short(v.aujourdhui));
    for e in &v.suivi.echeancier {
        println!(
            "  {}  année {}  {:<16} {}",
            date_short(e.date),
            e.annee_contrat,
            etat(e),
            e.libelle
        );
        println!("      Source ({}) : {}", e.nature.label(), e.source);
    }
    let late = v.suivi.en_retard;
    println!(
        "{} ; {}.",
        plural(v.suivi.echeancier.len(), "échéance", "échéances"),
        plural(late, "en retard", "en retard")
    );
    Ok(())
}

pub fn renouveler(dossier: &Path, out: &Path, date: Option<String>, author: &str) -> Result<()> {
    let mut s = read_only(dossier, day(date)?)?;
    s.set_author(author);
    let r = s.renouveler(out);
    s.close_read_only();
    let n = r?;
    println!(
        "Dossier du contrat suivant écrit : {} ({}, date d'effet {}).",
        out.display(),
        plural(n.perimetre().count(), "ESMS", "ESMS"),
        n.cpom
            .date_effet
            .map_or("à préciser".into(), cpom_domain::kernel::format::date_long)
    );
    println!(
        "Le bilan du contrat signé est repris comme source du diagnostic ({}) ; le dossier signé n'a pas été modifié.",
        plural(
            n.diagnostic.synthese.len(),
            "élément de synthèse",
            "éléments de synthèse"
        )
    );
    Ok(())
}

pub fn demo(out: &Path, etat: Option<&str>, date: Option<String>, author: &str) -> Result<()> {
    match etat.unwrap_or("preparation") {
        "suivi" => {
            let today = day(date)?.unwrap_or_else(|| chrono::Local::now().date_naive());
            cpom_services::suivi::create_example_suivi(out, author, today)?.close()?;
            println!(
                "Dossier exemple en cours de suivi écrit : {} (contrat signé, 3e année au {}).",
                out.display(),
                date_short(today)
            );
        }
        "signe" => {
            cpom_services::suivi::create_example_signed(out, author)?.close()?;
            println!("Dossier exemple signé écrit : {}", out.display());
        }
        _ => {
            cpom_services::example::create_example(out, author)?.close()?;
            println!("Dossier exemple écrit : {}", out.display());
        }
    }
    Ok(())
}
