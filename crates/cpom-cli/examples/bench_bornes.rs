//! Banc d'essai des bornes (pas un test chronométré) :
//!
//! ```sh
//! cargo run --release -p cpom-cli --example bench_bornes -- [DOSSIER_DE_SORTIE] [COPIES] [ph|pa]
//! ```
//!
//! `COPIES` (1 par défaut) : les fiches-objectifs et leurs actions recopiées autant de fois,
//! pour voir la mémoire croître avec le nombre de pages jusqu'au budget de pages du contrat.
//!
//! Le dossier exemple dont chaque texte est à sa borne (`example::bounded_example` : noms de
//! 300 caractères, textes libres de 10 000, comptes rendus et clauses de 16 000, listes
//! pleines) est écrit, puis son contrat PDF (les trois modèles) et son classeur régional (les
//! deux modèles) sont exportés. Affiche pour chacun les pages, la taille, le temps, et la
//! mémoire de pointe du processus (`VmHWM`) rapportée au budget de 300 Mo de l'export.

use std::path::PathBuf;
use std::time::Instant;

use cpom_services::Session;
use cpom_services::example::{Exemple, bounded_example_of};
use cpom_services::export::pdf::{PdfOptions, export_pdf};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx};

/// Budget de mémoire de l'export d'un dossier (issue 14).
const BUDGET_MB: f64 = 300.0;

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn mb(kb: u64) -> f64 {
    kb as f64 / 1024.0
}

fn main() {
    let out = std::env::args()
        .nth(1)
        .map_or_else(std::env::temp_dir, PathBuf::from);
    std::fs::create_dir_all(&out).expect("dossier de sortie");
    let copies: usize = std::env::args()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(1);
    let exemple = match std::env::args().nth(3).as_deref() {
        Some("pa") => Exemple::Pa,
        _ => Exemple::Ph,
    };
    let mut d = bounded_example_of(exemple);
    let (fiches, actions) = (d.objectifs.objectifs.clone(), d.objectifs.actions.clone());
    let mut k = 7_000_000u128;
    for _ in 1..copies {
        for f in &fiches {
            k += 1;
            let id = uuid::Uuid::from_u128(k);
            let mut o = f.clone();
            o.id = id;
            for a in actions.iter().filter(|a| a.objectif == f.id) {
                k += 1;
                let mut a = a.clone();
                a.id = uuid::Uuid::from_u128(k);
                a.objectif = id;
                d.objectifs.actions.push(a);
            }
            d.objectifs.objectifs.push(o);
        }
    }
    let texts: usize = serde_json::to_string(&d).map(|s| s.len()).unwrap_or(0);
    let path = out.join("bornes.cpom");
    let _ = std::fs::remove_file(&path);
    let s = Session::create_with(&path, "banc d'essai", &d).expect("dossier écrit");
    s.close().expect("fermeture");
    let s = Session::open_read_only(&path).expect("dossier relu");
    println!(
        "Dossier aux bornes : {} ESMS, {} Mo de contenu JSON, fichier {} Ko",
        d.esms.len(),
        texts / 1_048_576,
        std::fs::metadata(&path)
            .map(|m| m.len() / 1024)
            .unwrap_or(0)
    );
    let start_kb = vm_hwm_kb().unwrap_or(0);
    println!(
        "Mémoire de pointe avant les exports : {:.0} Mo",
        mb(start_kb)
    );
    for model in ["arrete-2017", "pdl-socle", "paca-ph"] {
        let target = out.join(format!("bornes-{model}.pdf"));
        let t = Instant::now();
        match export_pdf(&s, model, &target, &PdfOptions::default()) {
            Ok(r) => println!(
                "PDF {model} : {} pages, {} Ko, {:.2} s",
                r.pages,
                r.bytes / 1024,
                t.elapsed().as_secs_f64()
            ),
            Err(e) => println!("PDF {model} : REFUSÉ — {}", e.message),
        }
    }
    for template in ["pdl-diagnostic", "suivi-objectifs"] {
        let target = out.join(format!("bornes-{template}.xlsx"));
        let t = Instant::now();
        match export_xlsx(
            &s,
            Some(template),
            &target,
            &XlsxOptions::default(),
            &mut |_, _| {},
        ) {
            Ok(r) => println!(
                "Classeur {template} : {} feuilles, {} Ko, {:.2} s",
                r.sheets,
                r.bytes / 1024,
                t.elapsed().as_secs_f64()
            ),
            Err(e) => println!("Classeur {template} : REFUSÉ — {}", e.message),
        }
    }
    let peak = mb(vm_hwm_kb().unwrap_or(0));
    println!(
        "Mémoire de pointe du processus : {peak:.0} Mo ; budget {BUDGET_MB:.0} Mo ; rapport {:.2}",
        peak / BUDGET_MB
    );
    s.close_read_only();
}
