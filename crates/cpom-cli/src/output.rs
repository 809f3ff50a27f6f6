//! Mise en forme française des rapports et des erreurs pour le terminal.

use chrono::NaiveDate;
use cpom_domain::kernel::format::{date_long, date_short};
use cpom_domain::kernel::issue::Severity;
use cpom_domain::perimetre::calc::Derived;
use cpom_domain::steps::readiness::Readiness;
use cpom_domain::steps::report::{StepIssue, StepReport};
use cpom_services::ServiceError;

pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n > 1 { many } else { one })
}

/// « 20/05/2026 » pour un horodatage ISO 8601.
fn day(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| iso.to_string(), date_short)
}

fn severity(i: &StepIssue) -> &'static str {
    match (i.issue.severity, &i.acquittement) {
        (Severity::Erreur, _) => "ERREUR",
        (Severity::Avertissement, Some(_)) => "AVERTISSEMENT ACQUITTÉ",
        (Severity::Avertissement, None) => "AVERTISSEMENT",
        (Severity::Information, _) => "INFORMATION",
    }
}

fn step_counts(r: &StepReport) -> String {
    let acq = if r.acquittes > 0 {
        format!(" (+ {})", plural(r.acquittes, "acquitté", "acquittés"))
    } else {
        String::new()
    };
    format!(
        "{} · {}{acq} · {}",
        plural(r.erreurs, "erreur", "erreurs"),
        plural(r.avertissements, "avertissement", "avertissements"),
        plural(r.informations, "information", "informations")
    )
}

/// Le rapport des quatre étapes, tel que l'écran d'accueil du dossier le présente : pour
/// chaque point, sa gravité, son message et sa source (document et partie) ; le code de la
/// règle et le champ seulement avec `details` (l'équivalent du détail qu'on ouvre à l'écran).
pub fn steps_text(
    title: &str,
    pack: &str,
    d: &Derived,
    steps: &[StepReport],
    today: NaiveDate,
    details: bool,
) -> String {
    let mut out = format!("Dossier : {title}");
    if let Some(p) = &d.periode {
        out.push_str(&format!(" — CPOM {p}"));
    }
    out.push_str(&format!(
        " ({}, {})\n",
        d.partite.label(),
        plural(d.nb_esms, "ESMS", "ESMS")
    ));
    out.push_str(&format!("Référentiel régional : {pack}\n"));
    out.push_str(&format!("Situation au {}\n", date_short(today)));
    let total = |f: fn(&StepReport) -> usize| steps.iter().map(f).sum::<usize>();
    out.push_str(&format!(
        "{} · {} · {}\n",
        plural(total(|r| r.erreurs), "erreur", "erreurs"),
        plural(
            total(|r| r.avertissements),
            "avertissement",
            "avertissements"
        ),
        plural(total(|r| r.informations), "information", "informations")
    ));
    for r in steps {
        out.push_str(&format!(
            "\n{}. {} — {} — {} % — {}\n",
            r.numero,
            r.libelle,
            r.etat_libelle,
            r.completion,
            step_counts(r)
        ));
        if let Some(v) = &r.validation {
            out.push_str(&format!("   Validée le {} par {}", day(&v.le), v.par));
            if !v.commentaire.is_empty() {
                out.push_str(&format!(" : « {} »", v.commentaire));
            }
            out.push('\n');
        }
        if let Some(re) = &r.reouverture {
            out.push_str(&format!("   {} ({})\n", re.motif, day(&re.le)));
        }
        for i in &r.issues {
            out.push_str(&format!("\n   {} — {}\n", severity(i), i.issue.message));
            if let Some(a) = &i.acquittement {
                out.push_str(&format!(
                    "     Acquitté par {} le {} : « {} »\n",
                    a.par,
                    day(&a.le),
                    a.commentaire
                ));
            }
            out.push_str(&format!("     Source : {}\n", i.issue.source));
            if details {
                out.push_str(&format!(
                    "     Détail : règle {}, champ {}\n",
                    i.issue.rule, i.issue.path
                ));
            }
        }
    }
    out
}

/// Le rapport « Prêt pour signature » : l'état du dossier et chaque point bloquant.
pub fn readiness_text(r: &Readiness, details: bool) -> String {
    let mut out = format!("\nÉtat du dossier : {}\n", r.etat_libelle);
    if r.points.is_empty() {
        out.push_str("Aucun point bloquant avant signature.\n");
    } else {
        out.push_str(&format!(
            "{} avant signature :\n",
            plural(r.points.len(), "point bloquant", "points bloquants")
        ));
        for p in &r.points {
            out.push_str(&format!("   - {} › {}\n", p.etape_libelle, p.message));
            out.push_str(&format!("     Source : {}\n", p.source));
            if details {
                out.push_str(&format!(
                    "     Détail : règle {}, champ {}\n",
                    p.regle, p.chemin
                ));
            }
        }
    }
    for s in &r.signatures {
        let who = if s.nom.is_empty() {
            "signataire à désigner".to_string()
        } else {
            format!("{}, {}", s.nom, s.qualite)
        };
        let when = s.date_signature.map_or("non signé".to_string(), |d| {
            format!("signé le {}", date_long(d))
        });
        out.push_str(&format!("   Signature : {} — {who} — {when}\n", s.libelle));
    }
    out
}

/// Le suivi d'un contrat signé : son état, ce qui est en retard et les points du suivi.
pub fn suivi_text(v: &cpom_domain::suivi::rules::SuiviVue) -> String {
    use cpom_domain::suivi::calc::{EtatContrat, EtatEcheance};
    if v.situation.etat == EtatContrat::EnPreparation {
        return String::new();
    }
    let mut out = format!("\nSuivi du contrat : {}\n", v.situation.libelle);
    if v.situation.avenants_signes > 0 {
        out.push_str(&format!(
            "   {} au contrat\n",
            plural(
                v.situation.avenants_signes,
                "avenant signé",
                "avenants signés"
            )
        ));
    }
    if v.situation.projet_avenant {
        out.push_str("   Un projet d'avenant est en cours.\n");
    }
    let late: Vec<_> = v
        .echeancier
        .iter()
        .filter(|e| e.etat == EtatEcheance::EnRetard)
        .collect();
    if late.is_empty() {
        out.push_str("   Aucune échéance en retard.\n");
    } else {
        out.push_str(&format!(
            "   {} :\n",
            plural(late.len(), "échéance en retard", "échéances en retard")
        ));
        for e in late {
            out.push_str(&format!("   - {} — {}\n", date_short(e.date), e.libelle));
        }
    }
    for i in v.points.iter().filter(|i| i.rule != "SV-ECHEANCE") {
        let sev = match i.severity {
            Severity::Erreur => "ERREUR",
            Severity::Avertissement => "AVERTISSEMENT",
            Severity::Information => "INFORMATION",
        };
        out.push_str(&format!(
            "\n   {sev}  [{}]  {}\n     {}\n     Source : {}\n",
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
    if let Some(t) = &e.details.technique {
        out.push_str(&format!("\n  Détails techniques : {t}"));
    }
    out
}

/// L'aperçu d'un import de classeur : changements par ESMS, lignes non reprises,
/// avertissements.
pub fn preview_text(p: &cpom_services::import::ImportPreview) -> String {
    let mut out = format!("{}\n{}\n", p.fichier, p.origine);
    let mut scopes: Vec<&str> = Vec::new();
    for c in &p.changements {
        if !scopes.contains(&c.portee.as_str()) {
            scopes.push(&c.portee);
        }
    }
    for scope in scopes {
        out.push_str(&format!("\n{scope}\n"));
        for c in p.changements.iter().filter(|c| c.portee == scope) {
            out.push_str(&format!(
                "  {} : {} → {}  [{}]\n",
                c.libelle, c.ancien, c.nouveau, c.emplacement
            ));
        }
    }
    if !p.non_repris.is_empty() {
        out.push_str("\nNon repris :\n");
        for l in &p.non_repris {
            out.push_str(&format!("  - {l}\n"));
        }
    }
    if !p.plus_recentes.is_empty() {
        out.push_str("\nValeurs plus récentes qui seraient remplacées :\n");
        for l in &p.plus_recentes {
            out.push_str(&format!("  - {l}\n"));
        }
    }
    if !p.avertissements.is_empty() {
        out.push_str("\nAvertissements :\n");
        for l in &p.avertissements {
            out.push_str(&format!("  - {l}\n"));
        }
    }
    out.push('\n');
    out
}
