//! Fichiers refusés : chacun donne une erreur française qui nomme le fichier, la feuille
//! et la cellule quand il y en a une, et ce qui était attendu ; le dossier reste identique
//! à l'octet près. Les fichiers sont fabriqués ici (disposition du modèle altérée, octets
//! tronqués, faux fichier chiffré, feuille d'un million de lignes…).

use std::path::{Path, PathBuf};
use std::time::Instant;

use cpom_domain::workbook::layout::{Layout, Target};
use cpom_domain::workbook::values::CellValue;
use cpom_services::Session;
use cpom_services::export::xlsx::writer::{Meta, render};
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, layout_for};
use cpom_services::import::tdb::{TdbOptions, import_tdb};
use cpom_services::import::tdb_sample::{SampleValue, write_sample};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};

use crate::common::{example, temp};
use crate::tdb::{real_header, rows};

fn bytes_of(p: &Path) -> Vec<u8> {
    let mut b = std::fs::read(p).unwrap();
    let wal = PathBuf::from(format!("{}-wal", p.display()));
    if let Ok(w) = std::fs::read(wal) {
        b.extend(w);
    }
    b
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

fn cell_of<'a>(
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

enum Kind {
    Workbook,
    Tdb,
}

struct Case {
    name: &'static str,
    kind: Kind,
    code: &'static str,
    /// Emplacement attendu dans `details.location` (« cellule H11 »…).
    location: Option<&'static str>,
}

#[test]
fn bad_inputs_are_refused_in_french_and_leave_the_dossier_untouched() {
    let dir = temp();
    let (mut s, cpom) = example(&dir);
    let d = s.dossier().unwrap();
    let f = |n: &str| dir.path().join(n);
    let good = f("bon.xlsx");
    export_xlsx(&s, None, &good, &XlsxOptions::default(), &mut |_, _| {}).unwrap();
    let good_bytes = std::fs::read(&good).unwrap();
    let header = real_header();

    // --- Fabrication des fichiers ---
    std::fs::write(
        f("csv-renomme.xlsx"),
        "Région;Département\nPays de la Loire;44\n",
    )
    .unwrap();
    std::fs::write(f("vide.xlsx"), b"").unwrap();
    std::fs::write(f("tronque.xlsx"), &good_bytes[..good_bytes.len() / 2]).unwrap();
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.extend(vec![0u8; 504]);
    ole.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    ole.extend(vec![0u8; 1024]);
    std::fs::write(f("chiffre.xlsx"), &ole).unwrap();
    std::fs::write(f("binaire.xlsx"), [0u8, 1, 2, 3, 250, 251, 252, 7, 8, 9]).unwrap();
    std::fs::copy(crate::tdb::header_file(), f("pas-notre-classeur.xlsx")).unwrap();
    bad_layout(&s, &f("version-inconnue.xlsx"), None, |l| l.version = 99);
    bad_layout(&s, &f("modele-inconnu.xlsx"), None, |l| {
        l.template_id = "classeur-bretagne".into()
    });
    bad_layout(
        &s,
        &f("autre-dossier.xlsx"),
        Some("00000000-0000-0000-0000-000000000042"),
        |_| {},
    );
    bad_layout(&s, &f("feuille-supprimee.xlsx"), None, |l| {
        l.sheets.retain(|x| x.name != "2-E Financier")
    });
    bad_layout(&s, &f("texte-dans-nombre.xlsx"), None, |l| {
        cell_of(l, "Annexe 1", "capacites.internat.autorisee").value =
            CellValue::Text("beaucoup".into());
    });
    bad_layout(&s, &f("formule-au-lieu-de-valeur.xlsx"), None, |l| {
        let c = cell_of(l, "Annexe 1", "capacites.internat.autorisee");
        c.formula = Some("=20+4".into());
        c.value = CellValue::Number(24.0);
    });
    bad_layout(&s, &f("fusion-deplacee.xlsx"), None, |l| {
        let a = l.sheets.iter_mut().find(|x| x.name == "Annexe 1").unwrap();
        let m = a.merges.iter_mut().find(|m| m.0 == 0).unwrap();
        m.0 += 1;
        m.2 += 1;
    });
    // Plages fusionnées écrites à l'envers (« E1:B1 ») : calamine 0.38 paniquait en débogage
    // (soustraction qui déborde) ; trouvé par les tests de propriétés.
    bad_layout(&s, &f("fusion-ok.xlsx"), None, |_| {});
    {
        let src = std::fs::read(f("fusion-ok.xlsx")).unwrap();
        let mut zin = zip::ZipArchive::new(std::io::Cursor::new(src)).unwrap();
        let out = std::fs::File::create(f("fusion-a-l-envers.xlsx")).unwrap();
        let mut z = zip::ZipWriter::new(out);
        let mut reversed = 0;
        for i in 0..zin.len() {
            let mut e = zin.by_index(i).unwrap();
            let name = e.name().unwrap().to_string();
            let mut data = Vec::new();
            std::io::Read::read_to_end(&mut e, &mut data).unwrap();
            if name.starts_with("xl/worksheets/sheet") {
                let mut text = String::from_utf8(data).unwrap();
                while let Some(i) = text.find("<mergeCell ref=\"") {
                    let start = i + "<mergeCell ref=\"".len();
                    let end = start + text[start..].find('"').unwrap();
                    let (a, b) = text[start..end].split_once(':').unwrap();
                    let swapped = format!("<mergeCel ref=\"{b}:{a}\"");
                    text.replace_range(i..end + 1, &swapped);
                    reversed += 1;
                }
                data = text
                    .replace("<mergeCel ref=", "<mergeCell ref=")
                    .into_bytes();
            }
            z.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut z, &data).unwrap();
        }
        z.finish().unwrap();
        assert!(reversed > 0, "le modèle a des cellules fusionnées");
        std::fs::remove_file(f("fusion-ok.xlsx")).unwrap();
    }
    bad_layout(&s, &f("ligne-deplacee.xlsx"), None, |l| {
        let a = l.sheets.iter_mut().find(|x| x.name == "Axe 1-3").unwrap();
        let k = a
            .cells
            .iter_mut()
            .find(|c| c.guard && c.col == 0 && c.row > 4)
            .unwrap();
        k.value = CellValue::Text("question_deplacee".into());
    });
    bad_layout(&s, &f("choix-hors-liste.xlsx"), None, |l| {
        cell_of(l, "Annexe 1", "statut_juridique").value = CellValue::Text("Coopérative".into());
    });
    bad_layout(&s, &f("finess-faux.xlsx"), None, |l| {
        cell_of(l, "Annexe 1", "finess_et").value = CellValue::Text("440012343".into());
    });
    bad_layout(&s, &f("date-impossible.xlsx"), None, |l| {
        cell_of(l, "Annexe 1", "date_arrete_frais_siege").value =
            CellValue::Text("31/02/2026".into());
    });
    bad_layout(&s, &f("esms-inconnu.xlsx"), None, |l| {
        let sh = l.sheets.iter_mut().find(|x| x.name == "2-B FLASH").unwrap();
        let t = &sh.tables[0];
        let row = t.first_row + t.rows.len() as u32;
        let c = sh
            .cells
            .iter_mut()
            .find(|c| c.row == row && c.col == 1)
            .unwrap();
        c.value = CellValue::Text("490000031".into());
    });
    bad_layout(&s, &f("annee-prerempli.xlsx"), None, |l| {
        let c = l.sheets[0]
            .cells
            .iter_mut()
            .find(|c| {
                c.binding
                    .as_ref()
                    .is_some_and(|b| matches!(b.target, Target::Meta(_)))
            })
            .unwrap();
        c.value = CellValue::Text("l'an dernier".into());
    });
    // Archive zip qui n'est pas un classeur.
    {
        let file = std::fs::File::create(f("zip-quelconque.xlsx")).unwrap();
        let mut z = zip::ZipWriter::new(file);
        z.start_file("notes.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"bonjour").unwrap();
        z.finish().unwrap();
    }
    // Tableau de bord : feuille inconnue, colonnes décalées, texte dans un nombre, sans
    // année, un million de lignes.
    write_sample(
        &f("export-tdbesms-2022-feuille.xlsx"),
        &header,
        &mut rows(&d).into_iter(),
        "Données",
        false,
        false,
    )
    .unwrap();
    let mut shifted = header.clone();
    shifted.remove(100);
    shifted.push("Colonne ajoutée".into());
    write_sample(
        &f("export-tdbesms-2022-decale.xlsx"),
        &shifted,
        &mut rows(&d).into_iter(),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    let mut text_rows = rows(&d);
    text_rows[0]
        .values
        .push((211, SampleValue::Text("beaucoup".into())));
    write_sample(
        &f("export-tdbesms-2022-texte.xlsx"),
        &header,
        &mut text_rows.into_iter(),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    write_sample(
        &f("export-sans-annee.xlsx"),
        &header,
        &mut rows(&d).into_iter(),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    // Une feuille d'un million de lignes : denses jusqu'au-delà de la limite de lecture,
    // puis la dernière ligne (1 000 000).
    let t0 = Instant::now();
    {
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet_with_constant_memory().unwrap();
        ws.set_name("Restitutions").unwrap();
        for (i, h) in header.iter().take(12).enumerate() {
            ws.write_string(0, i as u16, h).unwrap();
        }
        for r in 1..120_000u32 {
            ws.write_number(r, 4, f64::from(r)).unwrap();
        }
        ws.write_number(999_999, 4, 1.0).unwrap();
        wb.save(f("export-tdbesms-2022-million.xlsx")).unwrap();
    }
    eprintln!(
        "feuille d'un million de lignes écrite en {:?}",
        t0.elapsed()
    );

    let cases = [
        Case {
            name: "csv-renomme.xlsx",
            kind: Kind::Workbook,
            code: "classeur.format",
            location: None,
        },
        Case {
            name: "vide.xlsx",
            kind: Kind::Workbook,
            code: "classeur.vide",
            location: None,
        },
        Case {
            name: "tronque.xlsx",
            kind: Kind::Workbook,
            code: "classeur.abime",
            location: None,
        },
        Case {
            name: "chiffre.xlsx",
            kind: Kind::Workbook,
            code: "classeur.chiffre",
            location: None,
        },
        Case {
            name: "binaire.xlsx",
            kind: Kind::Workbook,
            code: "classeur.format",
            location: None,
        },
        Case {
            name: "zip-quelconque.xlsx",
            kind: Kind::Workbook,
            code: "classeur.format",
            location: None,
        },
        Case {
            name: "pas-notre-classeur.xlsx",
            kind: Kind::Workbook,
            code: "import.modele",
            location: None,
        },
        Case {
            name: "version-inconnue.xlsx",
            kind: Kind::Workbook,
            code: "import.version",
            location: Some("Listes"),
        },
        Case {
            name: "modele-inconnu.xlsx",
            kind: Kind::Workbook,
            code: "import.version",
            location: Some("Listes"),
        },
        Case {
            name: "autre-dossier.xlsx",
            kind: Kind::Workbook,
            code: "import.autre_dossier",
            location: Some("cellule B4"),
        },
        Case {
            name: "feuille-supprimee.xlsx",
            kind: Kind::Workbook,
            code: "import.feuille",
            location: Some("2-E Financier"),
        },
        Case {
            name: "texte-dans-nombre.xlsx",
            kind: Kind::Workbook,
            code: "import.valeur",
            location: Some("feuille « Annexe 1 », cellule H11"),
        },
        Case {
            name: "formule-au-lieu-de-valeur.xlsx",
            kind: Kind::Workbook,
            code: "import.structure",
            location: Some("feuille « Annexe 1 », cellule H11"),
        },
        Case {
            name: "fusion-deplacee.xlsx",
            kind: Kind::Workbook,
            code: "import.structure",
            location: Some("feuille « Annexe 1 », cellule B1"),
        },
        Case {
            name: "fusion-a-l-envers.xlsx",
            kind: Kind::Workbook,
            code: "import.structure",
            location: Some("feuille « "),
        },
        Case {
            name: "ligne-deplacee.xlsx",
            kind: Kind::Workbook,
            code: "import.structure",
            location: Some("feuille « Axe 1-3 », cellule A"),
        },
        Case {
            name: "choix-hors-liste.xlsx",
            kind: Kind::Workbook,
            code: "import.valeur",
            location: Some("feuille « Annexe 1 », cellule C5"),
        },
        Case {
            name: "finess-faux.xlsx",
            kind: Kind::Workbook,
            code: "import.valeur",
            location: Some("feuille « Annexe 1 », cellule B11"),
        },
        Case {
            name: "date-impossible.xlsx",
            kind: Kind::Workbook,
            code: "import.valeur",
            location: Some("feuille « Annexe 1 », cellule C7"),
        },
        Case {
            name: "esms-inconnu.xlsx",
            kind: Kind::Workbook,
            code: "import.valeur",
            location: Some("feuille « 2-B FLASH », cellule B"),
        },
        Case {
            name: "annee-prerempli.xlsx",
            kind: Kind::Workbook,
            code: "import.valeur",
            location: Some("feuille « Accueil », cellule C7"),
        },
        Case {
            name: "export-tdbesms-2022-feuille.xlsx",
            kind: Kind::Tdb,
            code: "import.tdb_feuille",
            location: None,
        },
        Case {
            name: "export-tdbesms-2022-decale.xlsx",
            kind: Kind::Tdb,
            code: "import.tdb_entete",
            location: Some("feuille « Restitutions », cellule HC1"),
        },
        Case {
            name: "export-tdbesms-2022-texte.xlsx",
            kind: Kind::Tdb,
            code: "import.valeur",
            location: Some("feuille « Restitutions », cellule HC2"),
        },
        Case {
            name: "export-sans-annee.xlsx",
            kind: Kind::Tdb,
            code: "import.tdb_annee",
            location: None,
        },
        Case {
            name: "export-tdbesms-2022-million.xlsx",
            kind: Kind::Tdb,
            code: "classeur.trop_de_lignes",
            location: Some("feuille « Restitutions », ligne 100001"),
        },
        Case {
            name: "csv-renomme.xlsx",
            kind: Kind::Tdb,
            code: "classeur.format",
            location: None,
        },
    ];
    assert!(cases.len() >= 20);
    let before = bytes_of(&cpom);
    let dossier_before = s.dossier().unwrap();
    for c in &cases {
        let path = f(c.name);
        let t0 = Instant::now();
        let e = match c.kind {
            Kind::Workbook => import_workbook(
                &mut s,
                &path,
                &WorkbookImportOptions::default(),
                false,
                None,
            ),
            Kind::Tdb => import_tdb(&mut s, &path, &TdbOptions::default(), false, None),
        }
        .map(|p| p.changements.len())
        .expect_err(c.name);
        assert!(
            t0.elapsed().as_secs() < 30,
            "{} : lecture trop longue",
            c.name
        );
        assert_eq!(e.code, c.code, "{} : {}", c.name, e.message);
        assert!(
            e.message.contains(c.name),
            "{} : le message nomme le fichier : {}",
            c.name,
            e.message
        );
        assert!(
            e.message.contains("attendu")
                || e.message.contains("indiquez")
                || e.message.contains("Indiquez"),
            "{} : le message dit ce qui était attendu : {}",
            c.name,
            e.message
        );
        if let Some(loc) = c.location {
            let got = e.details.location.clone().unwrap_or_default();
            assert!(
                got.contains(loc),
                "{} : emplacement « {got} », attendu « {loc} » ({})",
                c.name,
                e.message
            );
        }
        assert_eq!(bytes_of(&cpom), before, "{} : le dossier a changé", c.name);
    }
    assert_eq!(s.dossier().unwrap(), dossier_before);
}
