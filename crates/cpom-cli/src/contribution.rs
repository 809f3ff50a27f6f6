//! `cpom contribution export|import|suivi` : kits de contribution des directions.

use std::collections::HashMap;
use std::path::Path;

use cpom_domain::contribution::merge::{Decision, MergeItem, NatureItem};
use cpom_domain::kernel::format::{date_long, decimal_trim};
use cpom_services::contribution::KitRequest;
use cpom_services::{Result, ServiceError, Session};
use serde_json::Value;

use crate::output::plural;

fn day(s: &str) -> Result<chrono::NaiveDate> {
    cpom_domain::kernel::parse::date("--echeance", &Value::String(s.into()))?
        .ok_or_else(|| ServiceError::new("date.vide", "Indiquez une date après --echeance."))
}

fn short(v: &Value) -> String {
    match v {
        Value::Null => "(vide)".into(),
        Value::String(s) => format!("« {s} »"),
        other => other.to_string(),
    }
}

fn fr(iso: &str) -> String {
    iso.get(..10)
        .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        .map_or_else(|| iso.to_string(), date_long)
}

pub fn export(
    dossier: &Path,
    finess: &[String],
    out: &Path,
    pour: Option<String>,
    echeance: Option<String>,
) -> Result<()> {
    let echeance = echeance.as_deref().map(day).transpose()?;
    let mut s = crate::session_io::open(dossier)?;
    let result = s.esms_by_finess(finess).and_then(|esms| {
        s.export_kit(
            &KitRequest {
                esms,
                destinataire: pour.unwrap_or_default(),
                echeance,
            },
            out,
        )
    });
    crate::session_io::close(s);
    let k = result?;
    println!(
        "Kit de contribution écrit : {} (pour {}{}).",
        out.display(),
        k.destinataire,
        echeance.map_or(String::new(), |e| format!(
            ", à rendre avant le {}",
            date_long(e)
        ))
    );
    if !k.remplaces.is_empty() {
        println!(
            "{} pour ces ESMS : désormais périmé(s).",
            plural(k.remplaces.len(), "kit précédent", "kits précédents")
        );
    }
    Ok(())
}

fn describe(i: &MergeItem) -> String {
    let field = i
        .field
        .as_deref()
        .map_or(String::new(), |f| format!(" · {f}"));
    match i.nature {
        NatureItem::Nouveau => format!("  + nouveau : {}", i.record),
        NatureItem::Supprime => format!("  - supprimé : {}", i.record),
        NatureItem::Modifie => format!(
            "  ~ modifié : {}{field} : {} → {}",
            i.record,
            short(&i.siege),
            short(&i.direction)
        ),
        NatureItem::Conflit => format!(
            "  ! conflit : {}{field} : siège {} ({}, {}) / direction {} ({}, {})",
            i.record,
            short(&i.siege),
            i.siege_stamp.auteur,
            fr(&i.siege_stamp.le),
            short(&i.direction),
            i.direction_stamp.auteur,
            fr(&i.direction_stamp.le)
        ),
    }
}

pub fn import(dossier: &Path, kit: &Path, dry_run: bool, conflits: Option<&str>) -> Result<()> {
    // Contrôle et aperçu en lecture seule : un kit refusé laisse le dossier identique à
    // l'octet près.
    let ro = Session::open_read_only(dossier)?;
    let plan = ro.examine_kit(kit);
    ro.close_read_only();
    let plan = plan?;
    println!(
        "Kit de {} (envoyé le {}).",
        plan.kit.destinataire,
        fr(&plan.kit.issued_at)
    );
    if plan.deja_integre {
        println!("Ce kit a déjà été intégré tel quel : rien à faire.");
        return Ok(());
    }
    if let Some(w) = &plan.echeance_depassee {
        println!("Attention : {w}");
    }
    for p in &plan.par_esms {
        println!(
            "{} : {} nouveau(x), {} modifié(s), {} en conflit, {} supprimé(s)",
            p.nom, p.nouveaux, p.modifies, p.conflits, p.supprimes
        );
        for i in plan.items.iter().filter(|i| i.esms == p.esms) {
            println!("{}", describe(i));
        }
    }
    if dry_run {
        println!(
            "{} ; rien n'a été écrit (--dry-run).",
            plural(plan.items.len(), "élément", "éléments")
        );
        return Ok(());
    }
    let n = plan.conflicts();
    if n > 0 && conflits.is_none() {
        return Err(ServiceError::new(
            "fusion.conflits",
            format!(
                "{} : relancez avec --conflits siege (garder la version du siège) ou --conflits direction (prendre celle de la direction), ou intégrez ce kit dans l'application pour décider point par point. Le dossier n'a pas été modifié.",
                plural(n, "conflit", "conflits")
            ),
        ));
    }
    let decisions: HashMap<String, Decision> = plan
        .items
        .iter()
        .map(|i| {
            let d = if i.nature == NatureItem::Conflit && conflits == Some("siege") {
                Decision::Rejeter
            } else {
                Decision::Accepter
            };
            (i.key.clone(), d)
        })
        .collect();
    // Répétition sur une copie privée : un refus laisse le dossier identique à l'octet près.
    let ro = Session::open_read_only(dossier)?;
    let trial = ro.rehearse(|s| s.integrate_kit(kit, &decisions));
    ro.close_read_only();
    trial?;
    let mut s = crate::session_io::open(dossier)?;
    let r = s.integrate_kit(kit, &decisions);
    crate::session_io::close(s);
    println!("Contribution intégrée : {}", r?.resume);
    Ok(())
}

pub fn suivi(dossier: &Path) -> Result<()> {
    let s = Session::open_read_only(dossier)?;
    let c = s.consolidation();
    s.close_read_only();
    let c = c?;
    println!("Suivi des contributions");
    for r in &c.suivi {
        let state = match &r.kit {
            None => "aucun kit envoyé".to_string(),
            Some(k) => {
                let mut parts = vec![format!(
                    "envoyé le {} à {}",
                    fr(&k.envoye_le),
                    k.destinataire
                )];
                if let Some(e) = &k.echeance {
                    parts.push(format!("échéance {}", fr(e)));
                }
                parts.push(match (&k.integre_le, &k.retourne_le) {
                    (Some(i), _) => format!("intégré le {}", fr(i)),
                    (None, Some(r)) => format!("retourné le {}", fr(r)),
                    _ if k.en_retard => "en retard".into(),
                    _ => "attendu".into(),
                });
                if k.conflits_ouverts > 0 {
                    parts.push(plural(
                        k.conflits_ouverts as usize,
                        "conflit ouvert",
                        "conflits ouverts",
                    ));
                }
                parts.join(" ; ")
            }
        };
        println!(
            "  {} — {state} ; diagnostic {} % ({}/{} questions)",
            r.nom,
            r.avancement.completion,
            r.avancement.questions_repondues,
            r.avancement.questions_total
        );
    }
    println!("Totaux par autorité");
    for a in &c.autorites {
        println!(
            "  {} : {}, {} places autorisées ({} installées), {} ETP",
            a.libelle,
            plural(a.esms.len(), "ESMS", "ESMS"),
            a.capacite_autorisee,
            a.capacite_installee,
            decimal_trim(a.etp)
        );
    }
    Ok(())
}
