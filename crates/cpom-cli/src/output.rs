//! Mise en forme française des rapports et des erreurs pour le terminal.

use cpom_domain::{Derived, Report, Severity};
use cpom_services::ServiceError;

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

pub fn counts(r: &Report) -> String {
    format!(
        "{} · {} · {}",
        plural(r.errors, "erreur", "erreurs"),
        plural(r.warnings, "avertissement", "avertissements"),
        plural(r.infos, "information", "informations")
    )
}

pub fn report_text(title: &str, d: &Derived, r: &Report) -> String {
    let mut out = format!("Dossier : {title}");
    if let Some(p) = &d.periode {
        out.push_str(&format!(" — CPOM {p}"));
    }
    out.push_str(&format!(
        " ({}, {})\n",
        d.partite.label(),
        plural(d.nb_esms, "ESMS", "ESMS")
    ));
    out.push_str(&counts(r));
    out.push('\n');
    for i in &r.issues {
        let sev = match i.severity {
            Severity::Erreur => "ERREUR",
            Severity::Avertissement => "AVERTISSEMENT",
            Severity::Information => "INFORMATION",
        };
        out.push_str(&format!(
            "\n{sev}  [{}]  {}\n  {}\n  Source : {}\n",
            i.rule, i.path, i.message, i.source
        ));
    }
    out
}

pub fn error_text(e: &ServiceError) -> String {
    let mut out = format!("Refusé : {}", e.message);
    if let Some(f) = &e.details.field {
        out.push_str(&format!("\n  Champ : {f}"));
    }
    if let Some(l) = &e.details.location {
        out.push_str(&format!("\n  Emplacement : {l}"));
    }
    if let Some(s) = &e.details.suggestion {
        out.push_str(&format!("\n  Suggestion : {s}"));
    }
    out.push_str(&format!("\n  (code : {})", e.code));
    out
}
