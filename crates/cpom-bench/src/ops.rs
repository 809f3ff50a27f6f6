//! Les opérations mesurées, chacune dans un processus à elle (`cpom-bench --une …`) : sa
//! mémoire de pointe est la sienne. Chacune imprime une ligne JSON.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use calamine::{DataType, Reader, Xlsx, open_workbook};
use chrono::Datelike;
use cpom_domain::RecordKind;
use cpom_domain::StepId;
use cpom_domain::contribution::merge::Decision;
use cpom_domain::workbook::layout::Style;
use cpom_domain::workbook::values::CellValue;
use cpom_services::contribution::KitRequest;
use cpom_services::export::pdf::{PdfOptions, export_pdf};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, layout_for};
use cpom_services::import::tdb::{TdbOptions, read_tdb};
use cpom_services::import::workbook::{WorkbookImportOptions, read_workbook};
use cpom_services::{FieldUpdate, Session};
use serde_json::{Value, json};

use crate::measure::{cpu_ns, measure, percentile, thread_cpu_ns};

/// Le modèle de contrat mesuré (le plus complet : arrêté du 3 mars 2017).
pub const PDF_MODEL: &str = "arrete-2017";
/// Le classeur mesuré (fichier « Diagnostic » Pays de la Loire).
pub const XLSX_TEMPLATE: &str = "pdl-diagnostic";

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 2).unwrap_or_default()
}

/// `commits` saisies sur un dossier ouvert, comme l'interface les envoie (saisie, delta,
/// JSON de la réponse) ; `validated` : l'étape Lancement validée d'abord.
pub fn commits(file: &Path, commits: usize, validated: bool) -> Value {
    let (mut s, _) = Session::open(file, "Banc d'essai").expect("ouverture");
    s.set_today(today());
    if validated {
        s.validate_step(StepId::Lancement, Some("Banc d'essai"))
            .expect("validation de l'étape Lancement");
    }
    let view = serde_json::to_string(&s.view().expect("vue")).expect("JSON");
    let d = s.dossier().expect("dossier");
    let esms: Vec<String> = d.esms.iter().map(|e| e.id.to_string()).collect();
    let objectifs: Vec<String> = d
        .objectifs
        .objectifs
        .iter()
        .map(|o| o.id.to_string())
        .collect();
    let actions: Vec<String> = d
        .objectifs
        .actions
        .iter()
        .map(|a| a.id.to_string())
        .collect();
    drop(d);
    let (mut wall, mut cpu, mut sizes) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..commits {
        // Un mélange de saisies : ESMS (lues par toutes les étapes), fiches-objectifs,
        // actions.
        let (kind, id, field, value) = match i % 4 {
            0 => (
                RecordKind::Esms,
                &esms[(i * 7) % esms.len()],
                "jours_ouverture",
                json!(200 + (i % 60)),
            ),
            1 => (
                RecordKind::Esms,
                &esms[(i * 13) % esms.len()],
                "public_specifique",
                json!(format!("Public révisé {i}")),
            ),
            2 => (
                RecordKind::Objectif,
                &objectifs[i % objectifs.len()],
                "titre",
                json!(format!("Objectif révisé {i}")),
            ),
            _ => (
                RecordKind::Action,
                &actions[(i * 3) % actions.len()],
                "libelle",
                json!(format!("Action révisée {i}")),
            ),
        };
        let (c0, t0) = (thread_cpu_ns(), Instant::now());
        s.update_field(&FieldUpdate {
            kind,
            id: Some(id.clone()),
            field: field.into(),
            value,
        })
        .expect("saisie");
        let payload = serde_json::to_string(&s.update().expect("delta")).expect("JSON");
        wall.push(t0.elapsed().as_secs_f64() * 1e3);
        cpu.push((thread_cpu_ns() - c0) as f64 / 1e6);
        sizes.push(payload.len() as f64);
    }
    // Le plancher de la machine : une ligne écrite et validée par SQLite seul, sur la même
    // connexion (mêmes réglages : journal WAL, synchronous=FULL, donc une synchronisation
    // du disque par validation).
    let mut floor = Vec::new();
    for i in 0..commits.min(100) {
        let t0 = Instant::now();
        s.connection()
            .execute(
                "INSERT INTO meta (key, value) VALUES ('banc', ?1) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [i.to_string()],
            )
            .expect("écriture SQLite");
        floor.push(t0.elapsed().as_secs_f64() * 1e3);
    }
    s.close().expect("fermeture");
    json!({
        "sqlite_p50_ms": percentile(&mut floor.clone(), 50.0),
        "sqlite_p99_ms": percentile(&mut floor, 99.0),
        "p50_ms": percentile(&mut wall.clone(), 50.0),
        "p99_ms": percentile(&mut wall, 99.0),
        "cpu_p50_ms": percentile(&mut cpu.clone(), 50.0),
        "cpu_p99_ms": percentile(&mut cpu, 99.0),
        "delta_p50_octets": percentile(&mut sizes.clone(), 50.0),
        "delta_max_octets": percentile(&mut sizes, 100.0),
        "vue_octets": view.len(),
    })
}

/// `cpom check` : ouverture en lecture seule, rapport des étapes et « Prêt pour signature ».
pub fn check(file: &Path) -> Value {
    let (n, mut m) = measure(|| {
        let mut s = Session::open_read_only(file).expect("ouverture");
        s.set_today(today());
        let v = s.view().expect("vue");
        let n = v.etapes.iter().map(|e| e.issues.len()).sum::<usize>();
        s.close_read_only();
        n
    });
    m["points"] = json!(n);
    m
}

/// Un dossier ouvert comme dans l'application : son contenu est déjà lu (la session le
/// garde) quand l'utilisateur lance un export ou un import.
fn opened(file: &Path) -> Session {
    let mut s = Session::open_read_only(file).expect("ouverture");
    s.set_today(today());
    s.with_dossier(|_| ()).expect("lecture du dossier");
    s
}

/// Export du classeur régional, dossier ouvert.
pub fn xlsx(file: &Path, out: &Path) -> Value {
    let s = opened(file);
    let (bytes, mut m) = measure(|| {
        let r = export_xlsx(
            &s,
            Some(XLSX_TEMPLATE),
            out,
            &XlsxOptions::default(),
            &mut |_, _| {},
        )
        .expect("export");
        r.bytes
    });
    s.close_read_only();
    m["octets"] = json!(bytes);
    m
}

/// Le plancher : rust_xlsxwriter seul écrit les mêmes cellules (valeurs, formules avec leur
/// résultat, un format par style et format de nombre, feuilles protégées). La disposition
/// est calculée avant la mesure.
pub fn xlsx_floor(file: &Path, out: &Path) -> Value {
    use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};
    let s = Session::open_read_only(file).expect("ouverture");
    let d = s.dossier().expect("dossier");
    s.close_read_only();
    let layout = layout_for(&d, XLSX_TEMPLATE).expect("disposition");
    drop(d);
    let ((), m) = measure(|| {
        let mut wb = Workbook::new();
        let mut formats: HashMap<(Style, &str), Format> = HashMap::new();
        for sheet in &layout.sheets {
            let ws = wb.add_worksheet();
            ws.set_name(&sheet.name).expect("nom");
            for c in &sheet.cells {
                let num = c.num_format.unwrap_or(c.format.num_format());
                let f = formats.entry((c.style, num)).or_insert_with(|| {
                    let f = Format::new().set_num_format(num);
                    if c.style == Style::Input {
                        f.set_unlocked().set_background_color(0xDDEBF7)
                    } else {
                        f
                    }
                });
                let r = match (&c.formula, &c.value) {
                    (Some(x), v) => ws
                        .write_formula_with_format(
                            c.row,
                            c.col,
                            Formula::new(x).set_result(v.as_text()),
                            f,
                        )
                        .map(|_| ()),
                    (None, CellValue::Text(t)) if !t.is_empty() => {
                        ws.write_string_with_format(c.row, c.col, t, f).map(|_| ())
                    }
                    (None, CellValue::Number(n)) => {
                        ws.write_number_with_format(c.row, c.col, *n, f).map(|_| ())
                    }
                    (None, CellValue::Date(x)) => {
                        ExcelDateTime::from_ymd(x.year() as u16, x.month() as u8, x.day() as u8)
                            .and_then(|dt| ws.write_datetime_with_format(c.row, c.col, dt, f))
                            .map(|_| ())
                    }
                    _ => ws.write_blank(c.row, c.col, f).map(|_| ()),
                };
                r.expect("cellule");
            }
            ws.protect();
        }
        wb.save(out).expect("écriture");
    });
    m
}

/// Import du classeur exporté (aperçu des différences, sans écrire).
pub fn workbook_import(file: &Path, book: &Path) -> Value {
    let (n, mut m) = measure(|| {
        let s = Session::open_read_only(file).expect("ouverture");
        let (p, ops) = read_workbook(&s, book, &WorkbookImportOptions::default()).expect("import");
        s.close_read_only();
        (p.changements.len(), ops.len())
    });
    m["changements"] = json!(n.0);
    m
}

/// Le plancher : calamine lit toutes les cellules de toutes les feuilles du classeur.
pub fn calamine_read(book: &Path, sheet: Option<&str>) -> Value {
    let (n, m) = measure(|| {
        let mut wb: Xlsx<_> = open_workbook(book).expect("classeur");
        let names = match sheet {
            Some(s) => vec![s.to_string()],
            None => wb.sheet_names(),
        };
        let mut cells = 0usize;
        for name in names {
            let mut reader = wb.worksheet_cells_reader(&name).expect("feuille");
            while let Ok(Some(c)) = reader.next_cell() {
                if !c.get_value().is_empty() {
                    cells += 1;
                }
            }
        }
        cells
    });
    let mut m = m;
    m["cellules"] = json!(n);
    m
}

/// Import de l'export du tableau de bord (lecture, rapprochement, aperçu), dossier ouvert.
pub fn tdb(file: &Path, export: &Path) -> Value {
    let s = opened(file);
    let (n, mut m) = measure(|| {
        let (p, _) = read_tdb(&s, export, &TdbOptions::default()).expect("import");
        p.changements.len()
    });
    s.close_read_only();
    m["changements"] = json!(n);
    m
}

/// Le contrat PDF, dossier ouvert.
pub fn pdf(file: &Path, out: &Path) -> Value {
    let s = opened(file);
    let (r, mut m) = measure(|| {
        let opts = PdfOptions {
            deterministic: true,
            today: Some(today()),
        };
        export_pdf(&s, PDF_MODEL, out, &opts).expect("contrat")
    });
    s.close_read_only();
    m["pages"] = json!(r.pages);
    m["octets"] = json!(std::fs::metadata(out).map(|x| x.len()).unwrap_or(0));
    m
}

/// 20 kits de contribution : préparés, remplis par les directions (4 saisies et 2 sources
/// chacun), examinés et intégrés par le siège (conflits : version de la direction). Seuls
/// l'examen et l'intégration sont mesurés (c'est la fusion).
pub fn merge(file: &Path, dir: &Path) -> Value {
    let (mut siege, _) = Session::open(file, "Siège").expect("ouverture");
    siege.set_today(today());
    let d = siege.dossier().expect("dossier");
    let ids: Vec<String> = d.esms.iter().take(20).map(|e| e.id.to_string()).collect();
    drop(d);
    let mut kits = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        let kit = dir.join(format!("kit-{i}.cpom"));
        siege
            .export_kit(
                &KitRequest {
                    esms: vec![id.clone()],
                    destinataire: format!("Direction {i}"),
                    echeance: None,
                },
                &kit,
            )
            .expect("kit");
        kits.push(kit);
    }
    for id in ids.iter().step_by(2) {
        siege
            .update_field(&FieldUpdate {
                kind: RecordKind::Esms,
                id: Some(id.clone()),
                field: "public_specifique".into(),
                value: json!("Revu au siège"),
            })
            .expect("saisie du siège");
    }
    for (i, (kit, id)) in kits.iter().zip(&ids).enumerate() {
        let (mut k, _) = Session::open(kit, &format!("Directeur {i}")).expect("kit");
        for (field, value) in [
            (
                "public_specifique",
                json!(format!("Public vu par la direction {i}")),
            ),
            ("jours_ouverture", json!(200 + i)),
            ("etp.educatif", json!(format!("{},5", 10 + i))),
            ("capacites.internat.installee", json!(10 + i)),
        ] {
            k.update_field(&FieldUpdate {
                kind: RecordKind::Esms,
                id: Some(id.clone()),
                field: field.into(),
                value,
            })
            .expect(field);
        }
        for n in 0..2 {
            let mut init = serde_json::Map::new();
            init.insert(
                "libelle".into(),
                json!(format!("Source {n} de la direction {i}")),
            );
            k.add_record(RecordKind::SourceDiagnostic, Some(id), Some(&init))
                .expect("source");
        }
        k.close().expect("fermeture du kit");
    }
    let c0 = cpu_ns();
    let (written, mut m) = measure(|| {
        let mut written = 0;
        for kit in &kits {
            let plan = siege.examine_kit(kit).expect("examen");
            let decisions: HashMap<String, Decision> = plan
                .items
                .iter()
                .map(|i| (i.key.clone(), Decision::Accepter))
                .collect();
            written += siege
                .integrate_kit(kit, &decisions)
                .expect("intégration")
                .ecrits;
        }
        written
    });
    let _ = c0;
    siege.close().expect("fermeture");
    m["ecrits"] = json!(written);
    m
}
