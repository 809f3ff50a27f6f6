//! # cpom-bench — le banc d'essai d'Atelier CPOM (pas un test chronométré)
//!
//! ```text
//! cargo run --release -p cpom-bench                      # 7, 100, 500 et 1 000 ESMS
//! cargo run --release -p cpom-bench -- --tailles 7,100   # plus court
//! cargo run --release -p cpom-bench -- --doc docs/performances.md   # met le tableau à jour
//! ```
//!
//! Construit des dossiers de fédération (`cpom_services::example::federation_example`) et
//! mesure, chaque opération dans un processus à elle (temps processeur, temps écoulé,
//! mémoire de pointe) : saisie d'un champ (p50/p99, avec et sans étape validée, taille du
//! delta et de la vue), `check`, export du classeur et du contrat, import du classeur,
//! import d'un export du tableau de bord de 15 600 lignes, fusion de 20 kits. Dans la même
//! exécution, les outils de référence présents sur la machine : rust_xlsxwriter et calamine
//! seuls (planchers), openpyxl, XlsxWriter, LibreOffice, Typst ; le banc imprime les
//! rapports de temps processeur et les compare aux objectifs de l'issue 16.

mod measure;
mod ops;
mod peers;
mod report;

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Reader, Xlsx, open_workbook};
use cpom_services::Session;
use cpom_services::example::federation_example;
use cpom_services::export::pdf::compose;
use cpom_services::export::xlsx::layout_for;
use cpom_services::import::tdb_sample::{SampleRow, write_sample};
use serde_json::{Value, json};

use report::{Results, Row};

const USAGE: &str = "Usage : cpom-bench [--tailles 7,100,500,1000] [--saisies 200] [--sans-pairs] [--doc FICHIER.md]";

/// Une opération dans un processus à elle : `cpom-bench --une <op> <args…>`.
fn child(args: &[&str]) -> Option<Value> {
    let exe = std::env::current_exe().ok()?;
    let out = Command::new(exe).arg("--une").args(args).output().ok()?;
    if !out.status.success() {
        eprintln!(
            "Échec de la mesure {:?} : {}",
            args,
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    serde_json::from_slice(&out.stdout).ok()
}

fn one(args: &[String]) -> Value {
    let p = |i: usize| PathBuf::from(&args[i]);
    match args[0].as_str() {
        "saisies" => ops::commits(&p(1), args[2].parse().unwrap_or(200), args[3] == "validee"),
        "check" => ops::check(&p(1)),
        "xlsx" => ops::xlsx(&p(1), &p(2)),
        "xlsx-plancher" => ops::xlsx_floor(&p(1), &p(2)),
        "import-classeur" => ops::workbook_import(&p(1), &p(2)),
        "calamine" => ops::calamine_read(&p(1), args.get(2).map(String::as_str)),
        "tdb" => ops::tdb(&p(1), &p(2)),
        "pdf" => ops::pdf(&p(1), &p(2)),
        "fusion" => ops::merge(&p(1), &p(2)),
        // Pour profiler une opération à part : écrit un dossier de fédération de N ESMS.
        "creer" => {
            let n: usize = args[2].parse().unwrap_or(100);
            Session::create_with(&p(1), "Banc d'essai", &federation_example(n))
                .and_then(Session::close)
                .expect("dossier");
            json!({ "esms": n })
        }
        other => panic!("opération inconnue : {other}"),
    }
}

struct Options {
    sizes: Vec<usize>,
    commits: usize,
    peers: bool,
    doc: Option<PathBuf>,
}

fn parse_args(args: &[String]) -> Result<Options, String> {
    let mut o = Options {
        sizes: vec![7, 100, 500, 1000],
        commits: 200,
        peers: true,
        doc: None,
    };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--tailles" => {
                o.sizes = it
                    .next()
                    .ok_or(USAGE)?
                    .split(',')
                    .map(|x| x.trim().parse::<usize>().map_err(|_| USAGE.to_string()))
                    .collect::<Result<_, _>>()?;
            }
            "--saisies" => {
                o.commits = it.next().and_then(|x| x.parse().ok()).ok_or(USAGE)?;
            }
            "--sans-pairs" => o.peers = false,
            "--doc" => o.doc = Some(PathBuf::from(it.next().ok_or(USAGE)?)),
            "--help" | "-h" => return Err(USAGE.into()),
            _ => return Err(format!("Argument inconnu « {a} ». {USAGE}")),
        }
    }
    Ok(o)
}

fn copy(from: &Path, to: &Path) -> PathBuf {
    std::fs::copy(from, to).expect("copie du dossier");
    to.to_path_buf()
}

fn s(p: &Path) -> String {
    p.display().to_string()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--une") {
        println!("{}", one(&args[1..]));
        return;
    }
    let opts = match parse_args(&args) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let dir = tempfile::tempdir().expect("dossier temporaire");
    let d = dir.path();
    let mut results = Results::default();
    println!(
        "Banc d'essai Atelier CPOM — {} ESMS ; {} saisies par mesure ; outils de référence : {}",
        opts.sizes
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(", "),
        opts.commits,
        if opts.peers { "oui" } else { "non" }
    );
    let peer_size = opts
        .sizes
        .iter()
        .copied()
        .min_by_key(|n| n.abs_diff(100))
        .unwrap_or(100);
    for &n in &opts.sizes {
        let file = d.join(format!("federation-{n}.cpom"));
        let dossier = federation_example(n);
        Session::create_with(&file, "Banc d'essai", &dossier)
            .expect("dossier")
            .close()
            .expect("fermeture");
        println!(
            "\n{n} ESMS : {} réponses, {} objectifs, {} actions ; fichier de {} Ko",
            dossier.diagnostic.reponses.len(),
            dossier.objectifs.objectifs.len(),
            dossier.objectifs.actions.len(),
            std::fs::metadata(&file)
                .map(|m| m.len() / 1024)
                .unwrap_or(0)
        );
        let c = opts.commits.to_string();
        for validated in [false, true] {
            let copy = copy(&file, &d.join(format!("saisies-{n}.cpom")));
            let tag = if validated { "validee" } else { "libre" };
            if let Some(v) = child(&["saisies", &s(&copy), &c, tag]) {
                results.push(Row::new(
                    if validated {
                        "Saisie d'un champ, étape validée"
                    } else {
                        "Saisie d'un champ"
                    },
                    n,
                    v,
                ));
            }
        }
        if let Some(v) = child(&["check", &s(&file)]) {
            results.push(Row::new("cpom check", n, v));
        }
        let xlsx = d.join(format!("classeur-{n}.xlsx"));
        if let Some(v) = child(&["xlsx", &s(&file), &s(&xlsx)]) {
            results.push(Row::new("Export du classeur", n, v));
        }
        if let Some(v) = child(&["xlsx-plancher", &s(&file), &s(&d.join("plancher.xlsx"))]) {
            results.push(Row::new("rust_xlsxwriter seul (mêmes cellules)", n, v));
        }
        if let Some(v) = child(&["import-classeur", &s(&file), &s(&xlsx)]) {
            results.push(Row::new("Import du classeur", n, v));
        }
        if let Some(v) = child(&["calamine", &s(&xlsx)]) {
            results.push(Row::new("calamine seul (même classeur)", n, v));
        }
        let pdf = d.join(format!("contrat-{n}.pdf"));
        if let Some(v) = child(&["pdf", &s(&file), &s(&pdf)]) {
            results.push(Row::new("Contrat PDF", n, v));
        }
        if n >= 20 {
            let copy = copy(&file, &d.join(format!("fusion-{n}.cpom")));
            let kits = d.join(format!("kits-{n}"));
            std::fs::create_dir_all(&kits).expect("dossier des kits");
            if let Some(v) = child(&["fusion", &s(&copy), &s(&kits)]) {
                results.push(Row::new("Fusion de 20 kits", n, v));
            }
        }
        if opts.peers && n == peer_size {
            peers_for(&dossier, &xlsx, d, n, &mut results);
        }
    }
    tdb(d, opts.peers, &mut results);
    let text = results.print();
    if let Some(doc) = &opts.doc {
        match report::update_doc(doc, &text) {
            Ok(()) => println!("\nTableau écrit dans {}.", doc.display()),
            Err(e) => {
                eprintln!("{} : {e}", doc.display());
                std::process::exit(1);
            }
        }
    }
}

/// Les outils de référence sur le dossier de `n` ESMS : mêmes cellules, même contrat.
fn peers_for(
    dossier: &cpom_domain::dossier::Dossier,
    xlsx: &Path,
    d: &Path,
    n: usize,
    results: &mut Results,
) {
    let _ = xlsx;
    let layout = layout_for(dossier, ops::XLSX_TEMPLATE).expect("disposition");
    let cells = d.join("cellules.json");
    std::fs::write(&cells, peers::cells_json(&layout).to_string()).expect("cellules");
    match peers::openpyxl_write(&cells, &d.join("openpyxl.xlsx")) {
        Some(v) => results.push(Row::new("openpyxl (mêmes cellules)", n, v)),
        None => println!("openpyxl absent : comparaison sautée (python3-openpyxl)."),
    }
    match peers::xlsxwriter_write(&cells, &d.join("xlsxwriter.xlsx")) {
        Some(v) => results.push(Row::new("XlsxWriter Python (mêmes cellules)", n, v)),
        None => println!("XlsxWriter absent : comparaison sautée (python3-xlsxwriter)."),
    }
    let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default();
    let doc = compose(dossier, ops::PDF_MODEL, &[], today).expect("composition");
    let typ = d.join("contrat.typ");
    std::fs::write(&typ, peers::typst_source(&doc)).expect("source Typst");
    match peers::typst_compile(&typ, &d.join("contrat-typst.pdf")) {
        Some(v) => results.push(Row::new("Typst (même contrat)", n, v)),
        None => println!("Typst absent : comparaison sautée (pip install typst)."),
    }
    let html = d.join("contrat.html");
    std::fs::write(&html, peers::html(&doc)).expect("HTML");
    match peers::libreoffice_pdf(&html, d) {
        Some(v) => results.push(Row::new("LibreOffice (même contrat, HTML → PDF)", n, v)),
        None => println!("LibreOffice absent : comparaison sautée (libreoffice-writer-nogui)."),
    }
}

/// Import d'un export du tableau de bord de 15 600 lignes × 331 colonnes fabriqué à partir
/// du vrai en-tête (`tests/fixtures/xlsx/`), dans le dossier exemple (7 ESMS).
fn tdb(d: &Path, peers: bool, results: &mut Results) {
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
    let small = federation_example(7);
    let ej = small.organisme.finess_ej.clone().unwrap_or_default();
    let finess: Vec<String> = small
        .esms
        .iter()
        .filter_map(|e| e.finess_et.clone())
        .collect();
    let export = d.join("export-tdbesms-2022-france.xlsx");
    write_sample(
        &export,
        &header,
        &mut (0..15_600usize).map(|i| SampleRow {
            finess_et: finess
                .get(i)
                .cloned()
                // Des numéros valides (clé de contrôle), comme dans le vrai export : un numéro
                // invalide serait gardé pour être signalé.
                .unwrap_or_else(|| {
                    let first8 = format!("{:08}", 10_000_000 + i);
                    let key = cpom_domain::kernel::finess::luhn_key(&first8);
                    format!("{first8}{key}")
                }),
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
    let file = d.join("tdb-7.cpom");
    Session::create_with(&file, "Banc d'essai", &small)
        .expect("dossier")
        .close()
        .expect("fermeture");
    println!(
        "\nExport du tableau de bord : 15 600 lignes × {} colonnes, {} Mo",
        header.len(),
        std::fs::metadata(&export)
            .map(|m| m.len() / 1_000_000)
            .unwrap_or(0)
    );
    let mut push = |label: &str, v: Option<Value>| {
        if let Some(mut v) = v {
            v["lignes"] = json!(15_600);
            results.push(Row::new(label, 15_600, v));
        }
    };
    push(
        "Import du tableau de bord",
        child(&["tdb", &s(&file), &s(&export)]),
    );
    push(
        "calamine seul (lecteur de cellules)",
        child(&["calamine", &s(&export), "Restitutions"]),
    );
    if peers {
        push(
            "openpyxl (lecture seule)",
            peers::openpyxl_read(&export, "Restitutions"),
        );
    }
}
