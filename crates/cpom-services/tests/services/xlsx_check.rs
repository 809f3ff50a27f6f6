//! Classeur régional : parties XML de référence, recalcul par LibreOffice (les formules
//! donnent les valeurs de l'application), lecture par openpyxl (lecteur strict), texte
//! commençant par « = » écrit comme texte.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, DataType, Reader, Xlsx, open_workbook};
use cpom_domain::example::example_dossier;
use cpom_domain::workbook::values::CellValue;
use cpom_services::export::xlsx::writer::{Meta, render};
use cpom_services::export::xlsx::{XlsxOptions, layout_for, render_xlsx};
use uuid::Uuid;

use crate::common::{external_tool, soffice, temp};

fn fixed_example() -> cpom_domain::dossier::Dossier {
    let mut k = 0u128;
    example_dossier(&mut || {
        k += 1;
        Uuid::from_u128(k)
    })
}

const DOSSIER_ID: &str = "00000000-0000-0000-0000-00000000d051";

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/golden/xlsx")
}

/// Une balise par ligne : des différences lisibles.
fn normalise(xml: &str) -> String {
    xml.replace("><", ">\n<") + "\n"
}

#[test]
fn golden_xml_parts_of_the_example_workbook() {
    let d = fixed_example();
    let opts = XlsxOptions {
        deterministic: true,
    };
    let (_, bytes) = render_xlsx(&d, DOSSIER_ID, "pdl-diagnostic", &opts, &mut |_, _| {}).unwrap();
    let (_, again) = render_xlsx(&d, DOSSIER_ID, "pdl-diagnostic", &opts, &mut |_, _| {}).unwrap();
    assert!(bytes == again, "export déterministe");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let parts = [
        ("xl/workbook.xml", "workbook.xml"),
        ("xl/worksheets/sheet1.xml", "accueil.xml"),
        ("xl/worksheets/sheet2.xml", "annexe-1.xml"),
        ("xl/worksheets/sheet3.xml", "annexe-1-pa.xml"),
        ("xl/worksheets/sheet11.xml", "2-d-complementaires.xml"),
        ("xl/worksheets/sheet12.xml", "2-e-financier.xml"),
        ("xl/sharedStrings.xml", "shared-strings.xml"),
    ];
    for (part, name) in parts {
        let mut xml = String::new();
        zip.by_name(part).unwrap().read_to_string(&mut xml).unwrap();
        let got = normalise(&xml);
        let path = golden_dir().join(name);
        if std::env::var_os("CPOM_BLESS").is_some() {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} absent : lancez `CPOM_BLESS=1 cargo test -p cpom-services xlsx_check`",
                path.display()
            )
        });
        if want != got {
            let line = want
                .lines()
                .zip(got.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            panic!(
                "{part} diffère de {} (ligne {}) :\n  attendu : {:?}\n  obtenu  : {:?}\nSi le changement est voulu : CPOM_BLESS=1 cargo test -p cpom-services xlsx_check",
                path.display(),
                line + 1,
                want.lines().nth(line),
                got.lines().nth(line)
            );
        }
    }
}

/// Un profil LibreOffice qui recalcule toujours les formules au chargement.
fn recalc_profile(dir: &Path) -> PathBuf {
    let p = dir.join("profil-recalcul");
    std::fs::create_dir_all(p.join("user")).unwrap();
    std::fs::write(
        p.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    p
}

#[test]
fn libreoffice_recalculation_gives_the_app_values() {
    if !soffice() {
        return;
    }
    let dir = temp();
    let d = fixed_example();
    let good = layout_for(&d, "pdl-diagnostic").unwrap();
    // Résultats en cache faussés : seules les formules recalculées par LibreOffice peuvent
    // redonner les valeurs de l'application.
    let mut wrong = good.clone();
    let mut formulas = 0;
    for s in &mut wrong.sheets {
        for c in s.cells.iter_mut().filter(|c| c.formula.is_some()) {
            c.value = CellValue::Number(-12345.0);
            formulas += 1;
        }
    }
    assert!(formulas > 30, "{formulas} formules");
    let src = dir.path().join("faux-cache.xlsx");
    let meta = Meta {
        dossier_id: DOSSIER_ID,
        organisme: "x",
        deterministic: true,
    };
    std::fs::write(&src, render(&wrong, &meta, &mut |_, _| {}).unwrap()).unwrap();
    let out_dir = dir.path().join("recalcule");
    std::fs::create_dir_all(&out_dir).unwrap();
    let profile = recalc_profile(dir.path());
    let o = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args([
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
        ])
        .arg(&out_dir)
        .arg(&src)
        .output()
        .unwrap();
    let converted = out_dir.join("faux-cache.xlsx");
    assert!(converted.exists(), "{}", String::from_utf8_lossy(&o.stderr));
    let mut wb: Xlsx<_> = open_workbook(&converted).unwrap();
    let mut checked = 0;
    for s in &good.sheets {
        let range = wb.worksheet_range(&s.name).unwrap();
        for c in s.cells.iter().filter(|c| c.formula.is_some()) {
            let got = range
                .get_value((c.row, u32::from(c.col)))
                .cloned()
                .unwrap_or(Data::Empty);
            let cell = cpom_domain::workbook::descriptor::cell_name(c.row, c.col);
            match &c.value {
                CellValue::Number(want) => {
                    let g = got
                        .as_f64()
                        .unwrap_or_else(|| panic!("{} {cell} : {got:?}", s.name));
                    assert!(
                        (g - want).abs() < 1e-9,
                        "{} {cell} : LibreOffice {g}, application {want}",
                        s.name
                    );
                }
                _ => assert!(
                    matches!(&got, Data::Empty) || got.to_string().is_empty(),
                    "{} {cell} : {got:?}",
                    s.name
                ),
            }
            checked += 1;
        }
    }
    assert_eq!(checked, formulas);
}

/// Un python3 qui a openpyxl (paquet Debian python3-openpyxl), s'il y en a un.
pub fn python_with_openpyxl() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import openpyxl"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

#[test]
fn openpyxl_loads_the_workbook_and_text_stays_text() {
    let py = python_with_openpyxl();
    if !external_tool(
        "openpyxl",
        py.is_some(),
        "scripts/installer-dependances.sh --tests, paquet python3-openpyxl",
    ) {
        return;
    }
    let py = py.unwrap_or_default();
    let dir = temp();
    let mut d = fixed_example();
    d.organisme.valeurs_projet_associatif = "=SOMME(A1:A3) « œuvre » 12 €".into();
    d.esms[0].public_specifique = "+33 rue de l'Égalité".into();
    d.esms[1].public_specifique = "@accueil -jeunes".into();
    let (_, bytes) = render_xlsx(
        &d,
        DOSSIER_ID,
        "pdl-diagnostic",
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let file = dir.path().join("classeur.xlsx");
    std::fs::write(&file, bytes).unwrap();
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
a1 = wb["Annexe 1"]
out = {
  "sheets": wb.sheetnames,
  "valeurs": a1["C8"].value, "valeurs_type": a1["C8"].data_type,
  "public0": a1["L11"].value, "public0_type": a1["L11"].data_type,
  "public1": a1["L12"].value,
  "protected": all(wb[n].protection.sheet for n in wb.sheetnames),
  "validations": sum(len(wb[n].data_validations.dataValidation) for n in wb.sheetnames),
  "input_unlocked": a1["C3"].protection.locked is False,
  "label_locked": a1["B3"].protection.locked is True,
  "formula": a1["G11"].value,
  "listes_hidden": wb["Listes"].sheet_state,
  "link": wb["Accueil"]["B10"].hyperlink.location if wb["Accueil"]["B10"].hyperlink else None,
}
print(json.dumps(out, ensure_ascii=False))
"#;
    let o = Command::new(py)
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "openpyxl : {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["sheets"][0], "Accueil");
    assert_eq!(v["sheets"].as_array().unwrap().len(), 22);
    assert_eq!(v["valeurs"], "=SOMME(A1:A3) « œuvre » 12 €");
    assert_eq!(v["valeurs_type"], "s", "texte, pas une formule");
    assert_eq!(v["public0"], "+33 rue de l'Égalité");
    assert_eq!(v["public0_type"], "s");
    assert_eq!(v["public1"], "@accueil -jeunes");
    assert_eq!(v["protected"], true);
    assert!(v["validations"].as_u64().unwrap() > 50, "{v}");
    assert_eq!(v["input_unlocked"], true);
    assert_eq!(v["label_locked"], true);
    assert_eq!(v["formula"], "=SUM(H11,I11,J11,K11)");
    assert_eq!(v["listes_hidden"], "hidden");
    assert_eq!(v["link"], "'Annexe 1'!A1");
}

/// Le classeur de l'exemple « personnes âgées » : openpyxl le charge et lit les feuilles PA ;
/// LibreOffice le relit sans réparation (conversion en .ods et retour sans différence).
#[test]
fn the_pa_workbook_loads_in_openpyxl_and_libreoffice() {
    let py = python_with_openpyxl();
    if !external_tool(
        "openpyxl",
        py.is_some(),
        "scripts/installer-dependances.sh --tests, paquet python3-openpyxl",
    ) {
        return;
    }
    let py = py.unwrap_or_default();
    let dir = temp();
    let path = dir.path().join("pa.cpom");
    let mut s = cpom_services::example::create_example_of(
        cpom_services::example::Exemple::Pa,
        &path,
        "Test",
    )
    .unwrap();
    let file = dir.path().join("pa.xlsx");
    cpom_services::export::xlsx::export_xlsx(
        &s,
        None,
        &file,
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let script = r#"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
pa = wb["Annexe 1 PA"]
fc = wb["Annexe 5 Financements compl."]
out = {
  "gmp": [pa.cell(row=r, column=8).value for r in range(4, 10)],
  "option": pa["L4"].value,
  "fc": [fc.cell(row=r, column=5).value for r in range(5, 11)],
}
print(json.dumps(out, ensure_ascii=False))
"#;
    let o = Command::new(py)
        .args(["-c", script])
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        o.status.success(),
        "openpyxl : {}",
        String::from_utf8_lossy(&o.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["gmp"][0], 728, "{v}");
    assert_eq!(v["gmp"][1], 771, "{v}");
    assert_eq!(
        v["option"], "Tarif global avec pharmacie à usage intérieur",
        "{v}"
    );
    assert!(
        v["fc"].as_array().unwrap().iter().any(|x| x == 196000),
        "{v}"
    );
    if crate::common::soffice() {
        let ods = crate::xlsx::convert(&file, "ods", dir.path());
        let p = cpom_services::import::workbook::import_workbook(
            &mut s,
            &ods,
            &cpom_services::import::workbook::WorkbookImportOptions::default(),
            true,
            None,
        )
        .unwrap();
        assert!(p.changements.is_empty(), "{:#?}", p.changements);
    }
}
