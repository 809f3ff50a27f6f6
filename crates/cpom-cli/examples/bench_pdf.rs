//! Banc d'essai du contrat PDF (pas un test chronométré) :
//!
//! ```sh
//! cargo run --release -p cpom-cli --example bench_pdf -- [NB_ESMS] [DOSSIER_DE_SORTIE]
//! ```
//!
//! Produit le contrat d'un grand dossier fictif (100 ESMS, 60 objectifs et 600 actions par défaut ;
//! `large_example`), affiche le temps de rendu et la mémoire maximale
//! (`VmHWM`), puis convertit le même contenu en HTML avec LibreOffice sans interface
//! (`soffice --headless --convert-to pdf`) s'il est installé, et donne le rapport des temps.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cpom_domain::contract::document::{Align, Block, Document, Rich};
use cpom_services::example::large_example;
use cpom_services::export::pdf::{PdfOptions, compose, render_document};

fn vm_hwm_kb() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn rich(r: &Rich) -> String {
    r.iter()
        .map(|s| match (s.bold, s.italic) {
            (true, true) => format!("<b><i>{}</i></b>", esc(&s.text)),
            (true, false) => format!("<b>{}</b>", esc(&s.text)),
            (false, true) => format!("<i>{}</i>", esc(&s.text)),
            _ => esc(&s.text),
        })
        .collect()
}

/// Le même contenu en HTML (titres, paragraphes justifiés, listes, tableaux à bordures avec
/// en-tête répété, sauts de page) pour LibreOffice.
fn html(doc: &Document) -> String {
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
    for p in &c.parties {
        let _ = write!(
            h,
            "<p><b>{}</b><br><i>{}</i></p>",
            esc(&p.libelle),
            esc(&p.representant)
        );
    }
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
                let _ = write!(h, "<p style=\"text-align:{a}\">{}</p>", rich(spans));
            }
            Block::Bullets { items } => {
                h.push_str("<ul>");
                for i in items {
                    let _ = write!(h, "<li>{}</li>", rich(i));
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
                        "<p><b>{}</b><br>{}<br>{} {}<br>Fait à …, le …</p><div style=\"height:26mm;border:0.5pt solid #000;width:55%\"></div>",
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

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn soffice(html_path: &Path, out: &Path) -> Option<Duration> {
    let profile = std::env::temp_dir().join("cpom-bench-lo-profile");
    let run = || {
        let t = Instant::now();
        let ok = Command::new("soffice")
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--convert-to", "pdf", "--outdir"])
            .arg(out)
            .arg(html_path)
            .output()
            .ok()?
            .status
            .success();
        ok.then(|| t.elapsed())
    };
    run()?; // première fois : création du profil, non comptée
    let times: Vec<Duration> = (0..3).filter_map(|_| run()).collect();
    (!times.is_empty()).then(|| median(times))
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(100);
    let out: PathBuf = args
        .get(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("cpom-bench"));
    std::fs::create_dir_all(&out).expect("dossier de sortie");
    let d = large_example(n);
    let opts = PdfOptions {
        deterministic: true,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 22),
    };
    let t = Instant::now();
    let doc = compose(&d, "arrete-2017", &[], opts.today.unwrap_or_default()).expect("composition");
    let compose_time = t.elapsed();
    let first = render_document(&doc, &opts).expect("rendu");
    let mut times = Vec::new();
    for _ in 0..5 {
        let t = Instant::now();
        let r = render_document(&doc, &opts).expect("rendu");
        times.push(t.elapsed());
        assert_eq!(r.bytes.len(), first.bytes.len());
    }
    let render = median(times);
    let pdf = out.join("contrat-atelier.pdf");
    std::fs::write(&pdf, &first.bytes).expect("écriture");
    println!(
        "Dossier : {n} ESMS, {} objectifs, {} actions, {} indicateurs",
        d.objectifs.objectifs.len(),
        d.objectifs.actions.len(),
        d.objectifs.indicateurs.len()
    );
    println!(
        "Atelier CPOM : {} pages, {} Ko, composition {:.1} ms, mise en page + PDF {:.1} ms (médiane de 5)",
        first.pages,
        first.bytes.len() / 1024,
        compose_time.as_secs_f64() * 1000.0,
        render.as_secs_f64() * 1000.0
    );
    match vm_hwm_kb() {
        Some(kb) => println!("Mémoire maximale du processus (VmHWM) : {} Mo", kb / 1024),
        None => println!("Mémoire maximale : /proc/self/status illisible"),
    }
    println!("PDF : {}", pdf.display());
    let html_path = out.join("contrat-bench.html");
    std::fs::write(&html_path, html(&doc)).expect("écriture HTML");
    match soffice(&html_path, &out) {
        Some(lo) => {
            println!(
                "LibreOffice (HTML → PDF, sans interface) : {:.0} ms (médiane de 3, profil déjà créé) ; PDF : {}",
                lo.as_secs_f64() * 1000.0,
                out.join("contrat-bench.pdf").display()
            );
            println!(
                "Rapport LibreOffice / Atelier CPOM : {:.0} ×",
                lo.as_secs_f64() / render.as_secs_f64()
            );
        }
        None => println!(
            "LibreOffice absent (soffice) : comparaison sautée (apt-get install libreoffice-writer-nogui)."
        ),
    }
}
