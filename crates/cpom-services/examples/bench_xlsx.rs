//! Banc d'essai du classeur régional (pas un test chronométré) :
//!
//! ```text
//! cargo run --release -p cpom-services --example bench_xlsx
//! ```
//!
//! 1. Export du classeur « Diagnostic » d'un grand dossier (`large_example(100)` : 100 ESMS)
//!    — temps et mémoire de pointe — puis les mêmes cellules écrites par openpyxl.
//! 2. Lecture d'un export du tableau de bord de 15 600 lignes × 331 colonnes fabriqué à
//!    partir du vrai en-tête, par l'import de l'application puis par openpyxl (read_only).
//!
//! openpyxl : paquet Debian python3-openpyxl (`scripts/installer-dependances.sh --tests`).

use std::path::Path;
use std::process::Command;
use std::time::Instant;

use calamine::{Reader, Xlsx, open_workbook};
use cpom_domain::workbook::values::CellValue;
use cpom_services::Session;
use cpom_services::example::large_example;
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, layout_for};
use cpom_services::import::tdb::{TdbOptions, read_tdb};
use cpom_services::import::tdb_sample::{SampleRow, write_sample};

/// Mémoire de pointe du processus (VmHWM), en Mo.
fn peak_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

fn python() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

const WRITE_PY: &str = r#"
import json, sys, time, openpyxl
from openpyxl.styles import PatternFill, Protection
cells = json.load(open(sys.argv[1]))
t = time.perf_counter()
wb = openpyxl.Workbook()
wb.remove(wb.active)
blue = PatternFill("solid", fgColor="DDEBF7")
for sheet in cells:
    ws = wb.create_sheet(sheet["name"])
    for r, c, v, f, inp in sheet["cells"]:
        cell = ws.cell(row=r + 1, column=c + 1, value=f if f else v)
        if inp:
            cell.fill = blue
            cell.protection = Protection(locked=False)
    ws.protection.sheet = True
wb.save(sys.argv[2])
print(json.dumps({"s": time.perf_counter() - t, "mb": int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]) / 1024}))
"#;

const READ_PY: &str = r#"
import json, sys, time, openpyxl
t = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb["Restitutions"]
n = 0
for row in ws.iter_rows(values_only=True):
    n += 1
print(json.dumps({"s": time.perf_counter() - t, "mb": int([l for l in open("/proc/self/status") if l.startswith("VmHWM")][0].split()[1]) / 1024, "rows": n}))
"#;

fn run_py(py: &str, script: &str, args: &[&Path]) -> Option<serde_json::Value> {
    let o = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .ok()?;
    if !o.status.success() {
        eprintln!("openpyxl : {}", String::from_utf8_lossy(&o.stderr));
        return None;
    }
    serde_json::from_slice(&o.stdout).ok()
}

fn main() {
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let py = python();
    // 1. Export.
    let d = large_example(100);
    let cpom = dir.path().join("grand.cpom");
    let s = Session::create_with(&cpom, "banc", &d).expect("dossier");
    let before = peak_mb();
    let out = dir.path().join("grand.xlsx");
    let t = Instant::now();
    let r = export_xlsx(&s, None, &out, &XlsxOptions::default(), &mut |_, _| {}).expect("export");
    let export_s = t.elapsed().as_secs_f64();
    let after = peak_mb();
    let lay = layout_for(&d, "pdl-diagnostic").expect("disposition");
    let cells: usize = lay.sheets.iter().map(|s| s.cells.len()).sum();
    println!(
        "Export xlsx, large_example(100) : {} ESMS, {} feuilles, {cells} cellules, {} zones de saisie, {} octets",
        d.esms.len(),
        r.sheets,
        r.inputs,
        r.bytes
    );
    println!(
        "  application : {export_s:.3} s ; mémoire de pointe du processus {after:.1} Mo (avant l'export {before:.1} Mo)"
    );
    let json: Vec<serde_json::Value> = lay
        .sheets
        .iter()
        .map(|s| {
            serde_json::json!({
                "name": s.name,
                "cells": s.cells.iter().map(|c| {
                    let v = match &c.value {
                        CellValue::Text(t) => serde_json::json!(t),
                        CellValue::Number(n) => serde_json::json!(n),
                        CellValue::Date(d) => serde_json::json!(d.format("%Y-%m-%d").to_string()),
                        CellValue::Empty => serde_json::Value::Null,
                    };
                    serde_json::json!([c.row, c.col, v, c.formula, c.style == cpom_domain::workbook::layout::Style::Input])
                }).collect::<Vec<_>>(),
            })
        })
        .collect();
    let cells_file = dir.path().join("cellules.json");
    std::fs::write(&cells_file, serde_json::to_vec(&json).expect("json")).expect("écriture");
    if let Some(py) = py {
        if let Some(v) = run_py(
            py,
            WRITE_PY,
            &[&cells_file, &dir.path().join("openpyxl.xlsx")],
        ) {
            let (ps, pm) = (
                v["s"].as_f64().unwrap_or(0.0),
                v["mb"].as_f64().unwrap_or(0.0),
            );
            println!(
                "  openpyxl (mêmes cellules, valeurs, formules, zones bleues) : {ps:.3} s ; mémoire de pointe {pm:.1} Mo"
            );
            println!(
                "  rapport de temps openpyxl / application : {:.1}",
                ps / export_s
            );
        }
    } else {
        println!("  openpyxl absent : comparaison sautée");
    }
    s.close().expect("fermeture");

    // 2. Lecture d'un export du tableau de bord de 15 600 lignes.
    let header_file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/xlsx/tdb-esms-export-2022-header.xlsx");
    let mut wb: Xlsx<_> = open_workbook(&header_file).expect("en-tête réel");
    let header: Vec<String> = wb
        .worksheet_range("Restitutions")
        .expect("feuille")
        .rows()
        .next()
        .expect("ligne d'en-tête")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let small = large_example(7);
    let ej = small.organisme.finess_ej.clone().unwrap_or_default();
    let finess: Vec<String> = small
        .esms
        .iter()
        .filter_map(|e| e.finess_et.clone())
        .collect();
    let export = dir.path().join("export-tdbesms-2022-france.xlsx");
    let t = Instant::now();
    write_sample(
        &export,
        &header,
        &mut (0..15_600usize).map(|i| SampleRow {
            finess_et: finess
                .get(i)
                .cloned()
                .unwrap_or_else(|| format!("{:09}", 100_000_000 + i)),
            finess_ej: if i < finess.len() {
                ej.clone()
            } else {
                "750000000".into()
            },
            raison: format!("Établissement {i}"),
            values: Vec::new(),
            fill_all: true,
        }),
        "Restitutions",
        false,
        false,
    )
    .expect("export fabriqué");
    println!(
        "\nExport du tableau de bord fabriqué : 15 600 lignes × {} colonnes, {} octets (écrit en {:.1} s)",
        header.len(),
        std::fs::metadata(&export).map(|m| m.len()).unwrap_or(0),
        t.elapsed().as_secs_f64()
    );
    let cpom2 = dir.path().join("petit.cpom");
    let s2 = Session::create_with(&cpom2, "banc", &small).expect("dossier");
    let before = peak_mb();
    let t = Instant::now();
    let (p, _) = read_tdb(&s2, &export, &TdbOptions::default()).expect("import");
    let read_s = t.elapsed().as_secs_f64();
    println!(
        "  application (lecture, rapprochement, aperçu) : {read_s:.3} s ; {} modifications ; mémoire de pointe {:.1} Mo (avant {before:.1} Mo)",
        p.changements.len(),
        peak_mb()
    );
    if let Some(py) = py
        && let Some(v) = run_py(py, READ_PY, &[&export])
    {
        let (ps, pm) = (
            v["s"].as_f64().unwrap_or(0.0),
            v["mb"].as_f64().unwrap_or(0.0),
        );
        println!(
            "  openpyxl (read_only, toutes les lignes) : {ps:.3} s ; mémoire de pointe {pm:.1} Mo ; {} lignes",
            v["rows"]
        );
        println!(
            "  rapport de temps openpyxl / application : {:.1}",
            ps / read_s
        );
    }
    s2.close().expect("fermeture");
}
