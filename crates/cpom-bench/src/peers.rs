//! Les outils que les utilisateurs emploieraient à la place, mesurés dans la même exécution
//! quand ils sont présents : openpyxl et XlsxWriter (Python) écrivent les mêmes cellules,
//! openpyxl relit l'export du tableau de bord, LibreOffice (sans interface) et Typst
//! produisent le même contrat. Chacun imprime son temps processeur (`process_time`, ou
//! celui des enfants pour LibreOffice) et sa mémoire de pointe.

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use chrono::Datelike;
use cpom_domain::contract::document::{Align, Block, Document, Rich};
use cpom_domain::workbook::layout::{Layout, Style};
use cpom_domain::workbook::values::CellValue;
use serde_json::{Value, json};

use crate::measure::children_cpu_ms;

/// Un interpréteur Python qui sait importer `module`.
pub fn python_with(module: &str) -> Option<&'static str> {
    ["/usr/bin/python3", "python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

const PEAK_PY: &str =
    "int([l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]) / 1024";

fn run_py(py: &str, script: &str, args: &[&Path]) -> Option<Value> {
    let o = Command::new(py)
        .arg("-c")
        .arg(script)
        .args(args)
        .output()
        .ok()?;
    if !o.status.success() {
        eprintln!("{py} : {}", String::from_utf8_lossy(&o.stderr));
        return None;
    }
    serde_json::from_slice(&o.stdout).ok()
}

/// Les cellules d'une disposition en JSON, pour les écritures Python.
pub fn cells_json(layout: &Layout) -> Value {
    let sheets: Vec<Value> = layout
        .sheets
        .iter()
        .map(|s| {
            let cells: Vec<Value> = s
                .cells
                .iter()
                .map(|c| {
                    let v = match &c.value {
                        CellValue::Text(t) => json!(t),
                        CellValue::Number(n) => json!(n),
                        CellValue::Date(d) => {
                            json!(format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day()))
                        }
                        CellValue::Empty => Value::Null,
                    };
                    json!([c.row, c.col, v, c.formula, c.style == Style::Input])
                })
                .collect();
            json!({ "name": s.name, "cells": cells })
        })
        .collect();
    Value::Array(sheets)
}

/// openpyxl écrit les mêmes cellules (valeurs, formules, zones bleues déverrouillées).
pub fn openpyxl_write(cells: &Path, out: &Path) -> Option<Value> {
    let py = python_with("openpyxl")?;
    let script = format!(
        r#"
import json, sys, time, openpyxl
from openpyxl.styles import PatternFill, Protection
cells = json.load(open(sys.argv[1]))
t = time.process_time()
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
print(json.dumps({{"cpu_ms": (time.process_time() - t) * 1000, "peak_mb": {PEAK_PY}}}))
"#
    );
    run_py(py, &script, &[cells, out])
}

/// XlsxWriter (Python) écrit les mêmes cellules.
pub fn xlsxwriter_write(cells: &Path, out: &Path) -> Option<Value> {
    let py = python_with("xlsxwriter")?;
    let script = format!(
        r##"
import json, sys, time, xlsxwriter
cells = json.load(open(sys.argv[1]))
t = time.process_time()
wb = xlsxwriter.Workbook(sys.argv[2])
blue = wb.add_format({{"bg_color": "#DDEBF7", "locked": False}})
for sheet in cells:
    ws = wb.add_worksheet(sheet["name"][:31])
    for r, c, v, f, inp in sheet["cells"]:
        fmt = blue if inp else None
        if f:
            ws.write_formula(r, c, f, fmt, v if v is not None else "")
        elif isinstance(v, str) and v:
            ws.write_string(r, c, v, fmt)
        elif isinstance(v, (int, float)):
            ws.write_number(r, c, v, fmt)
        else:
            ws.write_blank(r, c, None, fmt)
    ws.protect()
wb.close()
print(json.dumps({{"cpu_ms": (time.process_time() - t) * 1000, "peak_mb": {PEAK_PY}}}))
"##
    );
    run_py(py, &script, &[cells, out])
}

/// openpyxl (lecture seule, en flux) relit toutes les lignes d'une feuille.
pub fn openpyxl_read(book: &Path, sheet: &str) -> Option<Value> {
    let py = python_with("openpyxl")?;
    let script = format!(
        r#"
import json, sys, time, openpyxl
t = time.process_time()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb["{sheet}"]
n = 0
for row in ws.iter_rows(values_only=True):
    n += 1
print(json.dumps({{"cpu_ms": (time.process_time() - t) * 1000, "peak_mb": {PEAK_PY}, "lignes": n}}))
"#
    );
    run_py(py, &script, &[book])
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rich_html(r: &Rich) -> String {
    r.iter()
        .map(|s| match (s.bold, s.italic) {
            (true, true) => format!("<b><i>{}</i></b>", esc(&s.text)),
            (true, false) => format!("<b>{}</b>", esc(&s.text)),
            (false, true) => format!("<i>{}</i>", esc(&s.text)),
            _ => esc(&s.text),
        })
        .collect()
}

/// Le même contrat en HTML (titres, paragraphes justifiés, listes, tableaux à bordures avec
/// en-tête répété, sauts de page) pour LibreOffice.
pub fn html(doc: &Document) -> String {
    let mut h = String::from(
        "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><style>\
         @page{size:A4;margin:25mm 20mm 22mm 25mm}\
         body{font-family:'Liberation Serif';font-size:10.5pt}\
         p{text-align:justify}table{border-collapse:collapse;width:100%;font-size:8.5pt}\
         td,th{border:0.5pt solid #000;padding:3pt}thead{display:table-header-group}\
         .np{page-break-before:always}</style></head><body>",
    );
    let c = &doc.cover;
    let _ = write!(
        h,
        "<h1>{}</h1><h2>{}</h2><p>{}</p><h2>{}</h2><p>{}</p>",
        esc(&c.title),
        esc(&c.subtitle),
        esc(&c.base),
        esc(&c.organisme),
        esc(&c.periode)
    );
    for b in &doc.blocks {
        match b {
            Block::Heading {
                level,
                text,
                new_page,
                ..
            } => {
                let cls = if *new_page { " class=\"np\"" } else { "" };
                let _ = write!(h, "<h{l}{cls}>{}</h{l}>", esc(text), l = level + 1);
            }
            Block::Paragraph { spans, align } => {
                let a = if *align == Align::Justify {
                    "justify"
                } else {
                    "left"
                };
                let _ = write!(h, "<p style=\"text-align:{a}\">{}</p>", rich_html(spans));
            }
            Block::Bullets { items } => {
                h.push_str("<ul>");
                for i in items {
                    let _ = write!(h, "<li>{}</li>", rich_html(i));
                }
                h.push_str("</ul>");
            }
            Block::Table(t) => {
                h.push_str("<table>");
                if t.header {
                    h.push_str("<thead><tr>");
                    for col in &t.columns {
                        let _ = write!(h, "<th>{}</th>", esc(&col.title));
                    }
                    h.push_str("</tr></thead>");
                }
                h.push_str("<tbody>");
                for r in &t.rows {
                    h.push_str("<tr>");
                    for cell in r {
                        let _ = write!(h, "<td>{}</td>", esc(cell));
                    }
                    h.push_str("</tr>");
                }
                h.push_str("</tbody></table>");
            }
            Block::Gap { text } | Block::Note { text } => {
                let _ = write!(h, "<p><i>{}</i></p>", esc(text));
            }
            Block::Toc => h.push_str("<p>(sommaire)</p>"),
            Block::Signatures { mention, blocks } => {
                let _ = write!(h, "<p>{}</p>", esc(mention));
                for s in blocks {
                    let _ = write!(
                        h,
                        "<p><b>{}</b><br>{}<br>{} {}</p>",
                        esc(&s.pour),
                        esc(&s.entite),
                        esc(&s.nom),
                        esc(&s.qualite)
                    );
                }
            }
            Block::PageBreak => h.push_str("<div class=\"np\"></div>"),
        }
    }
    h.push_str("</body></html>");
    h
}

/// Texte échappé pour le balisage Typst.
fn typ(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if "\\#$*_`<>@[]~=-+/\"'".contains(ch) {
            out.push('\\');
        }
        out.push(if ch == '\n' { ' ' } else { ch });
    }
    out
}

fn rich_typ(r: &Rich) -> String {
    r.iter()
        .map(|s| match (s.bold, s.italic) {
            (true, true) => format!("#strong[#emph[{}]]", typ(&s.text)),
            (true, false) => format!("#strong[{}]", typ(&s.text)),
            (false, true) => format!("#emph[{}]", typ(&s.text)),
            _ => typ(&s.text),
        })
        .collect()
}

/// Le même contrat en Typst : pages A4 numérotées, paragraphes justifiés, listes, tableaux
/// à bordures avec en-tête répété, sommaire calculé par Typst.
pub fn typst_source(doc: &Document) -> String {
    let mut t = String::from(
        "#set page(paper: \"a4\", margin: (top: 25mm, bottom: 22mm, left: 25mm, right: 20mm), numbering: \"1 / 1\")\n\
         #set text(size: 10.5pt, lang: \"fr\")\n#set par(justify: true)\n",
    );
    let c = &doc.cover;
    let _ = writeln!(
        t,
        "#align(center)[#text(size: 18pt)[#strong[{}]]]\n\n{}\n\n{}\n\n{}\n\n{}\n\n#pagebreak()\n",
        typ(&c.title),
        typ(&c.subtitle),
        typ(&c.base),
        typ(&c.organisme),
        typ(&c.periode)
    );
    for b in &doc.blocks {
        match b {
            Block::Heading {
                level,
                text,
                new_page,
                ..
            } => {
                if *new_page {
                    t.push_str("#pagebreak(weak: true)\n");
                }
                let _ = writeln!(t, "#heading(level: {})[{}]\n", level, typ(text));
            }
            Block::Paragraph { spans, .. } => {
                let _ = writeln!(t, "{}\n", rich_typ(spans));
            }
            Block::Bullets { items } => {
                for i in items {
                    let _ = writeln!(t, "- {}", rich_typ(i));
                }
                t.push('\n');
            }
            Block::Table(tb) => {
                let _ = writeln!(
                    t,
                    "#table(columns: {}, stroke: 0.5pt, inset: 3pt,",
                    tb.columns.len().max(1)
                );
                if tb.header {
                    t.push_str("table.header(");
                    for col in &tb.columns {
                        let _ = write!(t, "[#strong[{}]],", typ(&col.title));
                    }
                    t.push_str("),\n");
                }
                for r in &tb.rows {
                    for cell in r {
                        let _ = write!(t, "[#text(size: 8.5pt)[{}]],", typ(cell));
                    }
                    t.push('\n');
                }
                t.push_str(")\n\n");
            }
            Block::Gap { text } | Block::Note { text } => {
                let _ = writeln!(t, "#emph[{}]\n", typ(text));
            }
            Block::Toc => t.push_str("#outline()\n\n"),
            Block::Signatures { mention, blocks } => {
                let _ = writeln!(t, "{}\n", typ(mention));
                for s in blocks {
                    let _ = writeln!(
                        t,
                        "#strong[{}] \\\n{} \\\n{} {}\n\n#box(width: 55%, height: 26mm, stroke: 0.5pt)\n",
                        typ(&s.pour),
                        typ(&s.entite),
                        typ(&s.nom),
                        typ(&s.qualite)
                    );
                }
            }
            Block::PageBreak => t.push_str("#pagebreak()\n"),
        }
    }
    t
}

/// Typst (module Python `typst`) compile le contrat.
pub fn typst_compile(source: &Path, out: &Path) -> Option<Value> {
    let py = python_with("typst")?;
    let script = format!(
        r#"
import json, sys, time, typst
t = time.process_time()
typst.compile(sys.argv[1], output=sys.argv[2])
print(json.dumps({{"cpu_ms": (time.process_time() - t) * 1000, "peak_mb": {PEAK_PY}}}))
"#
    );
    run_py(py, &script, &[source, out])
}

/// LibreOffice sans interface convertit le contrat HTML en PDF (profil créé par une
/// première conversion non comptée) ; temps processeur des processus enfants.
pub fn libreoffice_pdf(html: &Path, outdir: &Path) -> Option<Value> {
    let profile = outdir.join("profil-libreoffice");
    let run = || {
        let t = Instant::now();
        let c0 = children_cpu_ms();
        let ok = Command::new("soffice")
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(outdir)
            .arg(html)
            .output()
            .ok()?
            .status
            .success();
        ok.then(|| {
            json!({
                "cpu_ms": children_cpu_ms() - c0,
                "wall_ms": t.elapsed().as_secs_f64() * 1e3,
            })
        })
    };
    run()?;
    run()
}
