//! Fabrique le jeu de fichiers malformés, étrangers ou hostiles de `tests/fixtures/malformes/`
//! (issue 14) et son manifeste (`manifeste.tsv` : fichier, commande, code de refus attendu,
//! description). Le test `crates/cpom-cli/tests/malformes.rs` les passe tous à la commande
//! `cpom` et vérifie chaque refus (code 1, message français sans mot anglais, dossier
//! identique à l'octet près).
//!
//! ```sh
//! cargo run -p cpom-services --example fixtures_malformes
//! ```
//!
//! Les fichiers sont committés : ne relancer que pour en ajouter (tous changent, les
//! identifiants étant tirés au hasard).

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use cpom_domain::dossier::Dossier;
use cpom_domain::example::example_dossier;
use cpom_domain::workbook::layout::{Layout, Target};
use cpom_domain::workbook::values::CellValue;
use cpom_services::Session;
use cpom_services::contribution::KitRequest;
use cpom_services::example::filler;
use cpom_services::export::xlsx::writer::{Meta, render};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, layout_for};
use cpom_services::import::tdb_sample::{SampleRow, SampleValue, write_sample};
use cpom_services::json_io::export_json;
use rusqlite::Connection;
use serde_json::{Value, json};
use uuid::Uuid;

struct Gen {
    dir: PathBuf,
    manifest: String,
    count: usize,
}

impl Gen {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
    /// Inscrit un fichier au manifeste.
    fn add(&mut self, name: &str, command: &str, code: &str, what: &str) {
        assert!(self.path(name).exists(), "{name} n'a pas été écrit");
        let _ = writeln!(self.manifest, "{name}\t{command}\t{code}\t{what}");
        self.count += 1;
    }
    fn write(&mut self, name: &str, bytes: &[u8], command: &str, code: &str, what: &str) {
        std::fs::write(self.path(name), bytes).unwrap();
        self.add(name, command, code, what);
    }
}

/// Le dossier de référence : l'organisme, le CPOM et les deux premiers ESMS du dossier
/// exemple, avec leurs indicateurs de 2024 (un export plus ancien les remplacerait).
fn reference() -> Dossier {
    let full = example_dossier(&mut Uuid::new_v4);
    let mut d = Dossier {
        organisme: full.organisme.clone(),
        cpom: full.cpom.clone(),
        ..Dossier::default()
    };
    d.esms = full.esms.iter().take(2).cloned().collect();
    let ids: Vec<Uuid> = d.esms.iter().map(|e| e.id).collect();
    d.diagnostic.indicateurs = full
        .diagnostic
        .indicateurs
        .iter()
        .filter(|i| i.esms.is_some_and(|e| ids.contains(&e)))
        .cloned()
        .collect();
    d.fill_implicit();
    d
}

fn json_of(p: &Path) -> Value {
    serde_json::from_slice(&std::fs::read(p).unwrap()).unwrap()
}

fn tampered(
    g: &mut Gen,
    base: &Value,
    name: &str,
    code: &str,
    what: &str,
    f: impl FnOnce(&mut Value),
) {
    let mut v = base.clone();
    f(&mut v);
    let text = serde_json::to_string_pretty(&v).unwrap();
    g.write(name, text.as_bytes(), "json", code, what);
}

/// Une archive zip des parties données (nom, contenu), compressées.
fn zip_of(parts: &[(&str, Vec<u8>)]) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, data) in parts {
            z.start_file(*name, opts).unwrap();
            z.write_all(data).unwrap();
        }
        z.finish().unwrap();
    }
    out.into_inner()
}

/// Les parties d'une archive zip.
fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut z = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..z.len())
        .map(|i| {
            let mut f = z.by_index(i).unwrap();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut f, &mut data).unwrap();
            (f.name().unwrap().to_string(), data)
        })
        .collect()
}

/// Remplace, dans le répertoire central d'une archive, la taille décompressée annoncée de la
/// partie `name` (champ à l'octet 24 de l'entrée, ZIP APPNOTE §4.3.12) ; et dans l'en-tête
/// local (octet 22, §4.3.7).
fn patch_declared_size(bytes: &mut [u8], name: &str, size: u32) {
    let n = name.as_bytes();
    let mut i = 0;
    while i + 46 < bytes.len() {
        let sig = &bytes[i..i + 4];
        if sig == b"PK\x01\x02" {
            let len = u16::from_le_bytes([bytes[i + 28], bytes[i + 29]]) as usize;
            if &bytes[i + 46..i + 46 + len] == n {
                bytes[i + 24..i + 28].copy_from_slice(&size.to_le_bytes());
            }
        } else if sig == b"PK\x03\x04" {
            let len = u16::from_le_bytes([bytes[i + 26], bytes[i + 27]]) as usize;
            if i + 30 + len <= bytes.len() && &bytes[i + 30..i + 30 + len] == n {
                bytes[i + 22..i + 26].copy_from_slice(&size.to_le_bytes());
            }
        }
        i += 1;
    }
}

fn bad_layout(s: &Session, path: &Path, dossier_id: Option<&str>, f: impl FnOnce(&mut Layout)) {
    let d = s.dossier().unwrap();
    let mut lay = layout_for(&d, "pdl-diagnostic").unwrap();
    f(&mut lay);
    let id = s.meta().unwrap().dossier_id;
    let meta = Meta {
        dossier_id: dossier_id.unwrap_or(&id),
        organisme: "x",
        deterministic: true,
    };
    std::fs::write(path, render(&lay, &meta, &mut |_, _| {}).unwrap()).unwrap();
}

fn cell<'a>(
    lay: &'a mut Layout,
    sheet: &str,
    field: &str,
) -> &'a mut cpom_domain::workbook::layout::Cell {
    lay.sheets
        .iter_mut()
        .find(|s| s.name == sheet)
        .unwrap()
        .cells
        .iter_mut()
        .find(|c| {
            c.binding
                .as_ref()
                .is_some_and(|b| b.field == field && !matches!(b.target, Target::New { .. }))
        })
        .unwrap()
}

fn header(root: &Path) -> Vec<String> {
    let mut wb: Xlsx<_> =
        open_workbook(root.join("tests/fixtures/xlsx/tdb-esms-export-2022-header.xlsx")).unwrap();
    let r = wb.worksheet_range("Restitutions").unwrap();
    r.rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect()
}

fn tdb_rows(d: &Dossier, extra: Vec<(u16, SampleValue)>) -> Vec<SampleRow> {
    let e = &d.esms[0];
    let mut values = vec![
        (30, SampleValue::Number(62.0)),
        (31, SampleValue::Number(60.0)),
        (209, SampleValue::Number(94.5)),
    ];
    values.retain(|(c, _)| !extra.iter().any(|(x, _)| x == c));
    values.extend(extra);
    vec![SampleRow {
        finess_et: e.finess_et.clone().unwrap(),
        finess_ej: d.organisme.finess_ej.clone().unwrap(),
        raison: e.nom.clone(),
        values,
        fill_all: false,
    }]
}

fn sql(p: &Path, statement: &str) {
    let c = Connection::open(p).unwrap();
    c.execute_batch(statement).unwrap();
    c.pragma_update(None, "journal_mode", "DELETE").unwrap();
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let dir = root.join("tests/fixtures/malformes");
    for sub in ["", "json", "classeur", "tdb", "kit", "cpom"] {
        std::fs::create_dir_all(dir.join(sub)).unwrap();
    }
    let mut g = Gen {
        dir: dir.clone(),
        manifest: String::from("# fichier\tcommande\tcode attendu\tdescription\n"),
        count: 0,
    };
    let tmp = tempfile::tempdir().unwrap();

    // --- Le dossier de référence (siège) et ses kits ---
    let reference_path = dir.join("reference.cpom");
    let _ = std::fs::remove_file(&reference_path);
    let d = reference();
    let mut s = Session::create_with(&reference_path, "Générateur", &d).unwrap();
    let esms = d.esms[0].id;
    let kit = |s: &mut Session, p: &Path| {
        s.export_kit(
            &KitRequest {
                esms: vec![esms.to_string()],
                destinataire: "Direction de l'IME".into(),
                echeance: None,
            },
            p,
        )
        .unwrap();
    };
    let kit_old = g.path("kit/k07-perime.cpom");
    let kit_good = tmp.path().join("kit.cpom");
    kit(&mut s, &kit_old);
    kit(&mut s, &kit_good);
    let valid_json = g.path("valide.json");
    export_json(&s, &valid_json).unwrap();
    let valid_xlsx = tmp.path().join("valide.xlsx");
    export_xlsx(
        &s,
        None,
        &valid_xlsx,
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    let xlsx_bytes = std::fs::read(&valid_xlsx).unwrap();

    // --- JSON ---
    let base = json_of(&valid_json);
    let jb = std::fs::read(&valid_json).unwrap();
    g.write(
        "json/j01-vide.json",
        b"",
        "json",
        "import.json",
        "fichier vide",
    );
    g.write(
        "json/j02-texte.json",
        "Bonjour, voici le dossier.\n".as_bytes(),
        "json",
        "import.json",
        "texte qui n'est pas du JSON",
    );
    g.write(
        "json/j03-binaire.json",
        &[0u8, 159, 146, 150, 255, 0, 1, 2],
        "json",
        "import.json",
        "octets quelconques",
    );
    g.write(
        "json/j04-tronque.json",
        &jb[..jb.len() / 2],
        "json",
        "import.json",
        "export coupé en deux (copie interrompue)",
    );
    let mut utf16 = vec![0xFF, 0xFE];
    utf16.extend(
        String::from_utf8_lossy(&jb)
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    g.write(
        "json/j05-utf16.json",
        &utf16,
        "json",
        "import.json",
        "export réenregistré en UTF-16",
    );
    g.write(
        "json/j06-tableau.json",
        b"[1, 2, 3]",
        "json",
        "import.json",
        "un tableau JSON",
    );
    g.write(
        "json/j07-nul.json",
        b"null",
        "json",
        "import.json",
        "la valeur null",
    );
    tampered(
        &mut g,
        &base,
        "json/j08-sans-format.json",
        "import.json",
        "champ « format » absent",
        |v| {
            v.as_object_mut().unwrap().remove("format");
        },
    );
    tampered(
        &mut g,
        &base,
        "json/j09-autre-format.json",
        "import.json",
        "format d'un autre logiciel",
        |v| v["format"] = json!("autre-logiciel/export"),
    );
    tampered(
        &mut g,
        &base,
        "json/j10-version-future.json",
        "import.json",
        "format version 9",
        |v| v["version"] = json!(9),
    );
    tampered(
        &mut g,
        &base,
        "json/j11-version-texte.json",
        "import.json",
        "version écrite en texte",
        |v| v["version"] = json!("3"),
    );
    tampered(
        &mut g,
        &base,
        "json/j12-sans-dossier.json",
        "import.json",
        "champ « dossier » absent",
        |v| {
            v.as_object_mut().unwrap().remove("dossier");
        },
    );
    tampered(
        &mut g,
        &base,
        "json/j13-dossier-liste.json",
        "import.json",
        "« dossier » est une liste",
        |v| v["dossier"] = json!([]),
    );
    tampered(
        &mut g,
        &base,
        "json/j14-esms-objet.json",
        "import.json",
        "« esms » est un objet",
        |v| v["dossier"]["esms"] = json!({"a": 1}),
    );
    tampered(
        &mut g,
        &base,
        "json/j15-finess-cle.json",
        "import.json",
        "FINESS dont la clé est fausse",
        |v| v["dossier"]["esms"][0]["finess_et"] = json!("440022501"),
    );
    tampered(
        &mut g,
        &base,
        "json/j16-date-impossible.json",
        "import.json",
        "date du 30 février",
        |v| v["dossier"]["cpom"]["date_effet"] = json!("2027-02-30"),
    );
    tampered(
        &mut g,
        &base,
        "json/j17-capacite-negative.json",
        "import.json",
        "capacité négative",
        |v| v["dossier"]["esms"][0]["capacites"]["internat"]["autorisee"] = json!(-5),
    );
    tampered(
        &mut g,
        &base,
        "json/j18-nombre-pour-texte.json",
        "import.json",
        "un nombre là où un texte est attendu",
        |v| v["dossier"]["esms"][0]["nom"] = json!(12),
    );
    tampered(
        &mut g,
        &base,
        "json/j19-valeur-inconnue.json",
        "import.json",
        "valeur hors de la liste",
        |v| v["dossier"]["esms"][0]["statut_juridique"] = json!("martien"),
    );
    tampered(
        &mut g,
        &base,
        "json/j20-uuid-invalide.json",
        "import.json",
        "identifiant qui n'est pas un UUID",
        |v| v["dossier"]["esms"][0]["id"] = json!("pas-un-uuid"),
    );
    tampered(
        &mut g,
        &base,
        "json/j21-identifiants-doubles.json",
        "import.json",
        "le même ESMS deux fois",
        |v| {
            let first = v["dossier"]["esms"][0].clone();
            v["dossier"]["esms"].as_array_mut().unwrap().push(first);
        },
    );
    tampered(
        &mut g,
        &base,
        "json/j22-nom-trop-long.json",
        "import.json",
        "nom d'ESMS de 301 caractères",
        |v| v["dossier"]["esms"][0]["nom"] = json!(filler(301)),
    );
    tampered(
        &mut g,
        &base,
        "json/j23-texte-demesure.json",
        "import.json",
        "raison sociale de 40 000 caractères",
        |v| v["dossier"]["organisme"]["raison_sociale"] = json!(filler(40_000)),
    );
    tampered(
        &mut g,
        &base,
        "json/j24-commentaire-demesure.json",
        "import.json",
        "commentaire de validation (tenu par l'application) de 20 000 caractères",
        |v| {
            v["dossier"]["etapes"]["validations"] = json!([{
                "id": Uuid::new_v4().to_string(), "etape": "lancement", "valide": true,
                "le": "2026-01-05T10:00:00.000Z", "par": "X", "commentaire": filler(20_000)
            }]);
        },
    );
    tampered(
        &mut g,
        &base,
        "json/j25-texte-libre-trop-long.json",
        "import.json",
        "texte libre de 10 001 caractères",
        |v| {
            v["dossier"]["esms"][0]["public_specifique"] = json!(filler(10_001));
        },
    );
    let deep = "[".repeat(400) + &"]".repeat(400);
    let mut deep_json = base.clone();
    deep_json["dossier"]["organisme"]["raison_sociale"] = json!("__PROFOND__");
    let text = serde_json::to_string(&deep_json)
        .unwrap()
        .replace("\"__PROFOND__\"", &deep);
    g.write(
        "json/j26-imbrication.json",
        text.as_bytes(),
        "json",
        "import.json",
        "400 niveaux de listes imbriquées",
    );
    tampered(
        &mut g,
        &base,
        "json/j27-capacite-enorme.json",
        "import.json",
        "capacité de mille milliards",
        |v| {
            v["dossier"]["esms"][0]["capacites"]["internat"]["autorisee"] =
                json!(1_000_000_000_000u64)
        },
    );
    // L'export d'un autre dossier : refusé sans --remplacer.
    let other = tmp.path().join("autre.cpom");
    let mut od = example_dossier(&mut Uuid::new_v4);
    od.organisme.raison_sociale = "Association Les Tilleuls".into();
    let os = Session::create_with(&other, "Générateur", &od).unwrap();
    export_json(&os, &g.path("json/j28-autre-dossier.json")).unwrap();
    os.close().unwrap();
    g.add(
        "json/j28-autre-dossier.json",
        "json",
        "import.autre_dossier",
        "export complet d'un autre dossier (remplacement silencieux refusé)",
    );

    // --- Classeurs ---
    g.write(
        "classeur/c01-vide.xlsx",
        b"",
        "xlsx",
        "classeur.vide",
        "fichier vide",
    );
    g.write(
        "classeur/c02-csv.xlsx",
        "Région;Capacité\nPays de la Loire;45\n".as_bytes(),
        "xlsx",
        "classeur.format",
        "CSV renommé en .xlsx",
    );
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0".to_vec();
    png.extend([
        0x1f, 0x15, 0xc4, 0x89, 0, 0, 0, 0, b'I', b'E', b'N', b'D', 0xae, 0x42, 0x60, 0x82,
    ]);
    g.write(
        "classeur/c03-png.xlsx",
        &png,
        "xlsx",
        "classeur.format",
        "image PNG renommée en .xlsx",
    );
    g.write(
        "classeur/c04-pdf.xlsx",
        b"%PDF-1.7\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n",
        "xlsx",
        "classeur.format",
        "PDF renommé en .xlsx",
    );
    g.write(
        "classeur/c05-word.xlsx",
        &zip_of(&[
            ("[Content_Types].xml", b"<Types/>".to_vec()),
            ("word/document.xml", b"<w:document/>".to_vec()),
        ]),
        "xlsx",
        "classeur.format",
        "document Word renommé en .xlsx",
    );
    g.write(
        "classeur/c06-zip.xlsx",
        &zip_of(&[("notes.txt", b"bonjour".to_vec())]),
        "xlsx",
        "classeur.format",
        "archive zip quelconque",
    );
    g.write(
        "classeur/c07-tronque.xlsx",
        &xlsx_bytes[..xlsx_bytes.len() / 2],
        "xlsx",
        "classeur.abime",
        "classeur coupé en deux",
    );
    // Une « bombe » : une feuille annoncée à 3 Go (refusée sans rien décompresser).
    let mut bomb = zip_of(&[
        ("[Content_Types].xml", b"<Types/>".to_vec()),
        ("xl/workbook.xml", b"<workbook/>".to_vec()),
        ("xl/worksheets/sheet1.xml", vec![b' '; 1 << 20]),
    ]);
    patch_declared_size(&mut bomb, "xl/worksheets/sheet1.xml", 3_000_000_000);
    g.write(
        "classeur/c08-bombe-annoncee.xlsx",
        &bomb,
        "xlsx",
        "classeur.demesure",
        "feuille annoncée à 3 Go décompressés",
    );
    // Une bombe qui ment : 64 Mo d'espaces annoncés comme 1 000 octets (la lecture s'arrête
    // à la taille annoncée).
    let mut parts = unzip(&xlsx_bytes);
    for (name, data) in &mut parts {
        if name == "xl/worksheets/sheet1.xml" {
            let mut big = data.clone();
            let at = big.windows(11).position(|w| w == b"<sheetData>").unwrap() + 11;
            big.splice(at..at, std::iter::repeat_n(b' ', 64 << 20));
            *data = big;
        }
    }
    let parts_ref: Vec<(&str, Vec<u8>)> =
        parts.iter().map(|(n, d)| (n.as_str(), d.clone())).collect();
    let mut liar = zip_of(&parts_ref);
    patch_declared_size(&mut liar, "xl/worksheets/sheet1.xml", 1000);
    g.write(
        "classeur/c09-bombe-masquee.xlsx",
        &liar,
        "xlsx",
        "classeur.abime",
        "feuille de 64 Mo annoncée à 1 000 octets",
    );
    let mut broken = unzip(&xlsx_bytes);
    for (name, data) in &mut broken {
        if name == "xl/worksheets/sheet1.xml" {
            data.truncate(data.len() / 3);
        }
    }
    let b_ref: Vec<(&str, Vec<u8>)> = broken
        .iter()
        .map(|(n, d)| (n.as_str(), d.clone()))
        .collect();
    g.write(
        "classeur/c10-xml-casse.xlsx",
        &zip_of(&b_ref),
        "xlsx",
        "classeur.abime",
        "feuille au XML interrompu",
    );
    std::fs::copy(
        root.join("tests/fixtures/xlsx/tdb-esms-export-2022-header.xlsx"),
        g.path("classeur/c11-pas-notre-classeur.xlsx"),
    )
    .unwrap();
    g.add(
        "classeur/c11-pas-notre-classeur.xlsx",
        "xlsx",
        "import.modele",
        "un classeur d'un autre logiciel (sans la feuille « Listes »)",
    );
    g.write(
        "classeur/c12-html.xls",
        b"<!DOCTYPE html><html><body><table><tr><td>IME</td><td>45</td></tr></table></body></html>",
        "xlsx",
        "classeur.format",
        "page HTML enregistrée en .xls",
    );
    g.write("classeur/c13-xml2003.xls", b"<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet/></Workbook>", "xlsx", "classeur.format", "classeur « XML 2003 »");
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0xAB; 2000]);
    g.write(
        "classeur/c14-ole-casse.xls",
        &ole,
        "xlsx",
        "classeur.abime",
        "fichier Excel 97-2003 abîmé",
    );
    let mut enc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    enc.extend(vec![0u8; 504]);
    enc.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    enc.extend(vec![0u8; 1024]);
    g.write(
        "classeur/c15-chiffre.xlsx",
        &enc,
        "xlsx",
        "classeur.chiffre",
        "classeur protégé par mot de passe",
    );
    bad_layout(
        &s,
        &g.path("classeur/c16-texte-dans-nombre.xlsx"),
        None,
        |l| {
            cell(l, "Annexe 1", "capacites.internat.autorisee").value =
                CellValue::Text("beaucoup".into())
        },
    );
    g.add(
        "classeur/c16-texte-dans-nombre.xlsx",
        "xlsx",
        "import.valeur",
        "texte dans une capacité",
    );
    bad_layout(
        &s,
        &g.path("classeur/c17-capacite-negative.xlsx"),
        None,
        |l| cell(l, "Annexe 1", "capacites.internat.autorisee").value = CellValue::Number(-4.0),
    );
    g.add(
        "classeur/c17-capacite-negative.xlsx",
        "xlsx",
        "import.valeur",
        "capacité négative",
    );
    bad_layout(&s, &g.path("classeur/c18-nom-trop-long.xlsx"), None, |l| {
        cell(l, "Annexe 1", "nom").value = CellValue::Text(filler(5_000))
    });
    g.add(
        "classeur/c18-nom-trop-long.xlsx",
        "xlsx",
        "import.valeur",
        "nom d'ESMS de 5 000 caractères",
    );
    bad_layout(
        &s,
        &g.path("classeur/c19-autre-dossier.xlsx"),
        Some("00000000-0000-0000-0000-000000000042"),
        |_| {},
    );
    g.add(
        "classeur/c19-autre-dossier.xlsx",
        "xlsx",
        "import.autre_dossier",
        "classeur exporté d'un autre dossier",
    );
    bad_layout(&s, &g.path("classeur/c20-modele-inconnu.xlsx"), None, |l| {
        l.template_id = "classeur-bretagne".into()
    });
    g.add(
        "classeur/c20-modele-inconnu.xlsx",
        "xlsx",
        "import.version",
        "modèle de classeur inconnu",
    );
    g.write(
        "classeur/c21-ods-casse.ods",
        &zip_of(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet".to_vec(),
            ),
            (
                "content.xml",
                b"<office:document-content><office:body><table:table".to_vec(),
            ),
        ]),
        "xlsx",
        "classeur.abime",
        "classeur OpenDocument au contenu interrompu",
    );

    // --- Exports du tableau de bord ---
    let h = header(&root);
    let tdb = |g: &mut Gen,
               name: &str,
               rows: Vec<SampleRow>,
               sheet: &str,
               head: &[String],
               command: &str,
               code: &str,
               what: &str| {
        write_sample(
            &g.path(name),
            head,
            &mut rows.into_iter(),
            sheet,
            false,
            false,
        )
        .unwrap();
        g.add(name, command, code, what);
    };
    tdb(
        &mut g,
        "tdb/t01-sans-restitutions-2022.xlsx",
        tdb_rows(&d, vec![]),
        "Données",
        &h,
        "tdb",
        "import.tdb_feuille",
        "pas de feuille « Restitutions »",
    );
    let mut wrong = h.clone();
    wrong[4] = "Numéro SIRET".into();
    tdb(
        &mut g,
        "tdb/t02-entete-faux-2022.xlsx",
        tdb_rows(&d, vec![]),
        "Restitutions",
        &wrong,
        "tdb",
        "import.tdb_entete",
        "colonne E qui n'est pas le FINESS géographique",
    );
    tdb(
        &mut g,
        "tdb/t03-taux-negatif-2024.xlsx",
        tdb_rows(&d, vec![(209, SampleValue::Number(-12.0))]),
        "Restitutions",
        &h,
        "tdb",
        "import.valeur",
        "taux de réalisation de l'activité négatif",
    );
    tdb(
        &mut g,
        "tdb/t04-texte-capacite-2024.xlsx",
        tdb_rows(&d, vec![(30, SampleValue::Text("beaucoup".into()))]),
        "Restitutions",
        &h,
        "tdb",
        "import.valeur",
        "texte dans une capacité",
    );
    tdb(
        &mut g,
        "tdb/t05-capacite-negative-2024.xlsx",
        tdb_rows(&d, vec![(30, SampleValue::Number(-3.0))]),
        "Restitutions",
        &h,
        "tdb",
        "import.valeur",
        "capacité négative",
    );
    tdb(
        &mut g,
        "tdb/t06-sans-annee.xlsx",
        tdb_rows(&d, vec![]),
        "Restitutions",
        &h,
        "tdb-sans-annee",
        "import.tdb_annee",
        "année absente du nom, sans --annee",
    );
    tdb(
        &mut g,
        "tdb/t07-campagne-ancienne-2022.xlsx",
        tdb_rows(&d, vec![]),
        "Restitutions",
        &h,
        "tdb",
        "import.tdb_plus_ancien",
        "export 2022 qui remplacerait des valeurs 2024",
    );
    g.write(
        "tdb/t08-csv-2022.xlsx",
        "Région;Département;Catégorie\nPays de la Loire;44;183\n".as_bytes(),
        "tdb",
        "classeur.format",
        "export CSV renommé",
    );
    tdb(
        &mut g,
        "tdb/t09-taux-texte-2024.xlsx",
        tdb_rows(&d, vec![(211, SampleValue::Text("élevé".into()))]),
        "Restitutions",
        &h,
        "tdb",
        "import.valeur",
        "taux d'occupation écrit en texte",
    );

    // --- Kits de contribution (contrôlés par le siège de référence) ---
    g.add(
        "kit/k07-perime.cpom",
        "kit",
        "kit.perime",
        "kit remplacé par un plus récent pour le même ESMS",
    );
    let k = |g: &mut Gen, name: &str, code: &str, what: &str, statement: &str| {
        let p = g.path(name);
        std::fs::copy(&kit_good, &p).unwrap();
        sql(&p, statement);
        g.add(name, "kit", code, what);
    };
    k(
        &mut g,
        "kit/k01-autre-dossier.cpom",
        "kit.autre_dossier",
        "kit d'un autre dossier",
        "UPDATE meta SET value = '00000000-0000-0000-0000-000000000042' WHERE key = 'dossier_id';",
    );
    k(
        &mut g,
        "kit/k02-inconnu.cpom",
        "kit.inconnu",
        "kit absent du suivi du siège",
        "UPDATE meta SET value = 'kit-inconnu' WHERE key = 'kit_id';",
    );
    k(
        &mut g,
        "kit/k03-format.cpom",
        "kit.format",
        "format de kit d'une autre version",
        "UPDATE meta SET value = '99' WHERE key = 'kit_format';",
    );
    k(
        &mut g,
        "kit/k04-contexte-modifie.cpom",
        "kit.modifie",
        "données du siège changées dans le kit",
        "UPDATE record SET data = json_set(data, '$.raison_sociale', 'Changé en douce') WHERE kind = 'organisme';",
    );
    let esms_id = esms.to_string();
    k(
        &mut g,
        "kit/k05-valeur-demesuree.cpom",
        "kit.valeur",
        "nom d'ESMS de 20 000 caractères dans la partie déléguée",
        &format!(
            "UPDATE record SET data = json_set(data, '$.nom', '{}') WHERE id = '{esms_id}';",
            filler(20_000)
        ),
    );
    k(
        &mut g,
        "kit/k06-pas-un-kit.cpom",
        "kit.pas_un_kit",
        "un dossier, pas un kit",
        "DELETE FROM meta WHERE key = 'kit_id';",
    );
    k(
        &mut g,
        "kit/k08-schema-futur.cpom",
        "dossier.trop_recent",
        "kit d'une version future (schéma 99)",
        "PRAGMA user_version = 99;",
    );
    let kb = std::fs::read(&kit_good).unwrap();
    g.write(
        "kit/k09-tronque.cpom",
        &kb[..kb.len() / 3],
        "kit",
        "dossier.endommage",
        "kit coupé (copie interrompue)",
    );
    g.write(
        "kit/k10-texte.cpom",
        "Ceci n'est pas un kit.\n".as_bytes(),
        "kit",
        "dossier.format",
        "fichier texte renommé .cpom",
    );

    // Le siège fermé : fichier autonome, copié ci-dessous.
    s.close().unwrap();

    // --- Fichiers .cpom ouverts (contrôle, ou ouverture en écriture par un import) ---
    g.write(
        "cpom/d01-texte.cpom",
        "Bonjour\n".as_bytes(),
        "check",
        "dossier.format",
        "fichier texte renommé .cpom",
    );
    g.write(
        "cpom/d02-vide.cpom",
        b"",
        "check",
        "dossier.format",
        "fichier vide",
    );
    let rb = std::fs::read(&reference_path).unwrap();
    g.write(
        "cpom/d03-tronque.cpom",
        &rb[..rb.len() / 2],
        "check",
        "dossier.endommage",
        "dossier coupé en deux",
    );
    {
        let p = g.path("cpom/d04-sqlite-etranger.cpom");
        let _ = std::fs::remove_file(&p);
        Connection::open(&p)
            .unwrap()
            .execute_batch("CREATE TABLE clients (nom TEXT); INSERT INTO clients VALUES ('x');")
            .unwrap();
        g.add(
            "cpom/d04-sqlite-etranger.cpom",
            "check",
            "dossier.format",
            "base SQLite d'un autre logiciel",
        );
    }
    let copy_sql =
        |g: &mut Gen, name: &str, command: &str, code: &str, what: &str, statement: &str| {
            let p = g.path(name);
            std::fs::copy(&reference_path, &p).unwrap();
            sql(&p, statement);
            g.add(name, command, code, what);
        };
    copy_sql(
        &mut g,
        "cpom/d05-schema-futur.cpom",
        "check",
        "dossier.trop_recent",
        "dossier d'une version future (schéma 99)",
        "PRAGMA user_version = 99;",
    );
    copy_sql(
        &mut g,
        "cpom/d06-enregistrement-illisible.cpom",
        "check",
        "dossier.enregistrement_illisible",
        "un enregistrement au contenu illisible",
        &format!(
            r#"UPDATE record SET data = '{{"nom": 12, "capacites": "beaucoup"}}' WHERE id = '{esms_id}';"#
        ),
    );
    copy_sql(
        &mut g,
        "cpom/d07-sans-organisme.cpom",
        "ouvrir",
        "dossier.incomplet",
        "dossier sans organisme (ouverture en écriture)",
        "DELETE FROM record WHERE kind = 'organisme';",
    );
    copy_sql(
        &mut g,
        "cpom/d08-schema-futur-ecriture.cpom",
        "ouvrir",
        "dossier.trop_recent",
        "dossier d'une version future ouvert en écriture",
        "PRAGMA user_version = 99;",
    );
    copy_sql(
        &mut g,
        "cpom/d09-application-etrangere.cpom",
        "check",
        "dossier.format",
        "identifiant d'application d'un autre logiciel",
        "PRAGMA application_id = 1234;",
    );
    let mut damaged = rb.clone();
    let page = 4096;
    for b in &mut damaged[page * 2..page * 2 + 64] {
        *b = 0xFF;
    }
    g.write(
        "cpom/d10-page-abimee.cpom",
        &damaged,
        "check",
        "dossier.endommage",
        "une page du fichier écrasée",
    );
    g.write(
        "cpom/d11-png.cpom",
        &png,
        "check",
        "dossier.format",
        "image renommée .cpom",
    );
    g.write(
        "cpom/d12-texte-ecriture.cpom",
        "Bonjour\n".as_bytes(),
        "ouvrir",
        "dossier.format",
        "fichier texte ouvert en écriture",
    );

    // Le verrou d'écriture du siège n'a rien à faire dans le dépôt.
    let _ = std::fs::remove_file(dir.join(".reference.cpom.verrou"));
    std::fs::write(dir.join("manifeste.tsv"), &g.manifest).unwrap();
    println!(
        "{} fichiers malformés écrits dans {}",
        g.count,
        dir.display()
    );
}
