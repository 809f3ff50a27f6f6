//! Classeur régional : export, relecture, aller-retour, pré-remplissage ARS, LibreOffice.

use std::path::Path;
use std::process::Command;

use cpom_domain::dossier::Dossier;
use cpom_services::Session;
use cpom_services::export::xlsx::{XlsxOptions, export_xlsx, render_xlsx};
use cpom_services::import::workbook::{WorkbookImportOptions, import_workbook};
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::common::{example, journal_len, soffice, temp};

fn dec(s: &str) -> Decimal {
    Decimal::from_str(s).unwrap()
}

/// Écrit le classeur d'un dossier modifié (même identifiant de dossier que `s`).
pub fn write_modified(s: &Session, d: &Dossier, path: &Path) {
    let id = s.meta().unwrap().dossier_id;
    let (_, bytes) = render_xlsx(
        d,
        &id,
        "pdl-diagnostic",
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn round_trip_has_no_difference_for_both_templates() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    for t in ["pdl-diagnostic", "suivi-objectifs"] {
        let out = dir.path().join(format!("{t}.xlsx"));
        let mut steps = Vec::new();
        let r = export_xlsx(&s, Some(t), &out, &XlsxOptions::default(), &mut |a, b| {
            steps.push((a, b))
        })
        .unwrap();
        assert_eq!(r.template_id, t);
        assert!(
            steps.last().is_some_and(|(a, b)| a == b),
            "progression jusqu'au bout"
        );
        let p =
            import_workbook(&mut s, &out, &WorkbookImportOptions::default(), true, None).unwrap();
        assert!(p.changements.is_empty(), "{t} : {:#?}", p.changements);
        assert!(p.avertissements.is_empty(), "{t} : {:?}", p.avertissements);
    }
}

#[test]
fn edited_workbook_shows_field_changes_and_applies_in_one_transaction() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let before = s.dossier().unwrap();
    let mut d = before.clone();
    d.organisme.valeurs_projet_associatif =
        "Dignité, « pouvoir d'agir », œuvre commune — 100 € =SOMME(A1)".into();
    d.esms[0].capacites.internat.autorisee = Some(61);
    d.diagnostic.complementaires[0].numerateur = Some(dec("40"));
    let q = d
        .diagnostic
        .reponses
        .iter_mut()
        .find(|r| r.esms.is_none())
        .unwrap();
    let qid = q.id;
    q.valeur = Some(cpom_domain::dossier::diagnostic::Valeur::Texte(
        "non".into(),
    ));
    d.diagnostic
        .finances
        .frais_siege
        .insert(2024, dec("1234.56"));
    // Annexes 4 et 5 : fiche, valeur réalisée d'un indicateur (année 1), affectation,
    // répartition de la dotation.
    d.objectifs.objectifs[0].titre = "Titre révisé dans le classeur".into();
    d.objectifs.indicateurs[0].realise = vec![Some(dec("7")), None, None, None, None];
    d.signature.affectations[1].resultat = Some(dec("61000"));
    d.signature.repartition[0].groupes.g1 = Some(dec("310001.5"));
    let file = dir.path().join("modifie.xlsx");
    write_modified(&s, &d, &file);
    let p = import_workbook(&mut s, &file, &WorkbookImportOptions::default(), true, None).unwrap();
    let libelles: Vec<String> = p
        .changements
        .iter()
        .map(|c| format!("{} | {} → {}", c.libelle, c.ancien, c.nouveau))
        .collect();
    assert_eq!(p.changements.len(), 9, "{libelles:#?}");
    assert!(
        libelles
            .iter()
            .any(|l| l.contains("→ Titre révisé dans le classeur")),
        "{libelles:#?}"
    );
    assert!(
        libelles
            .iter()
            .any(|l| l.contains("Réalisé N+1") && l.ends_with("→ 7")),
        "{libelles:#?}"
    );
    assert!(
        libelles
            .iter()
            .any(|l| l.contains("dont internat") && l.ends_with("→ 61")),
        "{libelles:#?}"
    );
    assert!(p.changements.iter().any(|c| c.portee == before.esms[0].nom));
    assert!(
        libelles.iter().any(|l| l.contains("→ Non")),
        "{libelles:#?}"
    );
    assert!(
        libelles.iter().any(|l| l.contains("→ 1234,56")),
        "{libelles:#?}"
    );
    // Aperçu : rien n'est écrit.
    assert_eq!(s.dossier().unwrap(), before);
    let journal = journal_len(&s);
    // Empreinte périmée : refus.
    let e = import_workbook(
        &mut s,
        &file,
        &WorkbookImportOptions::default(),
        false,
        Some("0"),
    )
    .unwrap_err();
    assert_eq!(e.code, "import.fichier_modifie");
    import_workbook(
        &mut s,
        &file,
        &WorkbookImportOptions::default(),
        false,
        Some(&p.empreinte),
    )
    .unwrap();
    let after = s.dossier().unwrap();
    assert_eq!(
        after.organisme.valeurs_projet_associatif,
        d.organisme.valeurs_projet_associatif
    );
    assert_eq!(after.esms[0].capacites.internat.autorisee, Some(61));
    assert_eq!(
        after.diagnostic.complementaires[0].numerateur,
        Some(dec("40"))
    );
    assert_eq!(
        after
            .diagnostic
            .reponses
            .iter()
            .find(|r| r.id == qid)
            .unwrap()
            .valeur,
        Some(cpom_domain::dossier::diagnostic::Valeur::Texte(
            "non".into()
        ))
    );
    let after = s.dossier().unwrap();
    assert_eq!(
        after.objectifs.indicateurs[0].realise.first(),
        Some(&Some(dec("7")))
    );
    assert_eq!(
        after.objectifs.objectifs[0].titre,
        "Titre révisé dans le classeur"
    );
    assert_eq!(
        journal_len(&s) - journal,
        9,
        "un enregistrement du journal par champ"
    );
    // Relu après application : plus aucune différence.
    let again =
        import_workbook(&mut s, &file, &WorkbookImportOptions::default(), true, None).unwrap();
    assert!(again.changements.is_empty(), "{:#?}", again.changements);
}

#[test]
fn ars_prefilled_file_keeps_source_and_year() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let mut d = s.dossier().unwrap();
    let target = d
        .diagnostic
        .indicateurs
        .iter()
        .position(|i| i.valeur_preremplie.is_some() && !i.modifiee)
        .unwrap();
    d.diagnostic.indicateurs[target].valeur = Some(dec("77.7"));
    let id = d.diagnostic.indicateurs[target].id;
    let file = dir.path().join("ars.xlsx");
    write_modified(&s, &d, &file);
    let opts = WorkbookImportOptions {
        prerempli_ars: Some(2025),
    };
    import_workbook(&mut s, &file, &opts, false, None).unwrap();
    let x = s
        .dossier()
        .unwrap()
        .diagnostic
        .indicateurs
        .into_iter()
        .find(|i| i.id == id)
        .unwrap();
    assert_eq!(x.valeur, Some(dec("77.7")));
    assert_eq!(x.valeur_preremplie, Some(dec("77.7")));
    assert_eq!(x.source_detail, "Pré-rempli ARS 2025");
    assert!(!x.modifiee);
    // Une saisie ultérieure se voit comme une modification du pré-remplissage.
    s.update_field(&cpom_services::FieldUpdate {
        kind: cpom_domain::RecordKind::Indicateur,
        id: Some(id.to_string()),
        field: "valeur".into(),
        value: serde_json::json!("80"),
    })
    .unwrap();
    let x = s
        .dossier()
        .unwrap()
        .diagnostic
        .indicateurs
        .into_iter()
        .find(|i| i.id == id)
        .unwrap();
    assert!(x.modifiee);
}

/// Convertit avec LibreOffice sans interface ; renvoie le fichier produit.
pub fn convert(input: &Path, to: &str, dir: &Path) -> std::path::PathBuf {
    let profile = dir.join("profil-lo");
    let out = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", to, "--outdir"])
        .arg(dir)
        .arg(input)
        .output()
        .unwrap();
    let ext = to.split(':').next().unwrap();
    let produced = dir.join(input.file_stem().unwrap()).with_extension(ext);
    assert!(
        produced.exists(),
        "LibreOffice : {}",
        String::from_utf8_lossy(&out.stderr)
    );
    produced
}

#[test]
fn libreoffice_ods_and_xls_copies_import_without_difference() {
    if !soffice() {
        return;
    }
    let dir = temp();
    let (mut s, _) = example(&dir);
    let out = dir.path().join("classeur.xlsx");
    export_xlsx(&s, None, &out, &XlsxOptions::default(), &mut |_, _| {}).unwrap();
    for to in ["ods", "xls"] {
        let sub = dir.path().join(to);
        std::fs::create_dir_all(&sub).unwrap();
        let f = convert(&out, to, &sub);
        let p = import_workbook(&mut s, &f, &WorkbookImportOptions::default(), true, None)
            .unwrap_or_else(|e| panic!("{to} : {e:?}"));
        assert!(p.changements.is_empty(), "{to} : {:#?}", p.changements);
    }
}

/// Le fichier de l'ARS : lignes 2-C sans clé (l'ARS n'a pas nos identifiants), année du
/// pré-remplissage saisie sur l'onglet Accueil. Les indicateurs existants sont retrouvés par
/// FINESS et libellé, pas dupliqués.
#[test]
fn ars_file_without_keys_matches_indicators_by_finess_and_label() {
    use cpom_domain::workbook::layout::Target;
    use cpom_domain::workbook::values::CellValue;
    use cpom_services::export::xlsx::layout_for;
    use cpom_services::export::xlsx::writer::{Meta, render};
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let mut lay = layout_for(&d, "pdl-diagnostic").unwrap();
    let sheet = lay
        .sheets
        .iter_mut()
        .find(|x| x.name == "2-C ANAP")
        .unwrap();
    let t = sheet.tables[0].clone();
    let first = t.rows[0].key;
    for c in sheet.cells.iter_mut() {
        if c.col == t.key_col && c.row >= t.first_row {
            c.value = CellValue::Empty;
        }
        if c.row == t.first_row && c.binding.as_ref().is_some_and(|b| b.field == "valeur") {
            c.value = CellValue::Number(88.8);
        }
    }
    let accueil = &mut lay.sheets[0];
    let meta = accueil
        .cells
        .iter_mut()
        .find(|c| {
            c.binding
                .as_ref()
                .is_some_and(|b| matches!(b.target, Target::Meta(_)))
        })
        .unwrap();
    meta.value = CellValue::Number(2025.0);
    let file = dir.path().join("fichier-ars.xlsx");
    let id = s.meta().unwrap().dossier_id;
    let m = Meta {
        dossier_id: &id,
        organisme: "x",
        deterministic: true,
    };
    std::fs::write(&file, render(&lay, &m, &mut |_, _| {}).unwrap()).unwrap();
    let p = import_workbook(
        &mut s,
        &file,
        &WorkbookImportOptions::default(),
        false,
        None,
    )
    .unwrap();
    assert!(
        p.origine.contains("pré-rempli par l'ARS, données 2025"),
        "{}",
        p.origine
    );
    let after = s.dossier().unwrap();
    assert_eq!(
        after.diagnostic.indicateurs.len(),
        d.diagnostic.indicateurs.len(),
        "aucun doublon"
    );
    let x = after
        .diagnostic
        .indicateurs
        .iter()
        .find(|i| i.id == first)
        .unwrap();
    assert_eq!(x.valeur, Some(dec("88.8")));
    assert_eq!(x.valeur_preremplie, Some(dec("88.8")));
    assert_eq!(
        x.source,
        cpom_domain::dossier::diagnostic::SourceValeur::PreRempliArs
    );
    assert_eq!(x.source_detail, "Pré-rempli ARS 2025");
}

/// Le classeur « Diagnostic partagé » du socle national : modèle par défaut de l'exemple PACA
/// (référentiel PACA, qui n'a pas de classeur propre), relu sans différence ; LibreOffice
/// l'ouvre et le réenregistre (xlsx et ods) sans rien perdre : la copie relue ne diffère pas ;
/// openpyxl le charge.
#[test]
fn socle_national_workbook_round_trips_and_survives_libreoffice() {
    use calamine::{Reader, Xlsx, open_workbook};
    let dir = temp();
    let path = dir.path().join("paca.cpom");
    let mut s = cpom_services::example::create_example_of(
        cpom_services::example::Exemple::Paca,
        &path,
        crate::common::AUTHOR,
    )
    .unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = dir.path().join("socle.xlsx");
    let r = export_xlsx(&s, None, &out, &XlsxOptions::default(), &mut |_, _| {}).unwrap();
    assert_eq!(r.template_id, "socle-national");
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "export en lecture seule"
    );
    let wb: Xlsx<_> = open_workbook(&out).unwrap();
    let names = wb.sheet_names();
    for sheet in [
        "Accueil",
        "Fiche signalétique",
        "Axe 1 Démarche",
        "Axe 4 Réponse accompagnée",
        "Indicateurs TDB",
    ] {
        assert!(names.iter().any(|n| n == sheet), "{sheet} : {names:?}");
    }
    // Pas d'onglet du guide des Pays de la Loire (FLASH, 2-D, 2-E, 2-F).
    assert!(
        !names
            .iter()
            .any(|n| n.contains("FLASH") || n.contains("2-D") || n.contains("Creton")),
        "{names:?}"
    );
    let p = import_workbook(&mut s, &out, &WorkbookImportOptions::default(), true, None).unwrap();
    assert!(p.changements.is_empty(), "{:#?}", p.changements);
    assert!(p.avertissements.is_empty(), "{:?}", p.avertissements);

    // Une réponse modifiée dans le classeur revient comme un changement (la relecture lit
    // bien les réponses du socle national).
    let mut d = s.dossier().unwrap();
    use cpom_domain::dossier::diagnostic::Valeur;
    let rep = d
        .diagnostic
        .reponses
        .iter_mut()
        .find(|r| r.valeur == Some(Valeur::Texte("oui".into())))
        .expect("une réponse « oui »");
    rep.valeur = Some(Valeur::Texte("non".into()));
    let modified = dir.path().join("modifie.xlsx");
    let id = s.meta().unwrap().dossier_id;
    let (_, bytes) = render_xlsx(
        &d,
        &id,
        "socle-national",
        &XlsxOptions::default(),
        &mut |_, _| {},
    )
    .unwrap();
    std::fs::write(&modified, bytes).unwrap();
    let p = import_workbook(
        &mut s,
        &modified,
        &WorkbookImportOptions::default(),
        true,
        None,
    )
    .unwrap();
    assert_eq!(p.changements.len(), 1, "{:#?}", p.changements);

    if soffice() {
        for to in ["xlsx:Calc MS Excel 2007 XML", "ods"] {
            let sub = dir.path().join(to.split(':').next().unwrap());
            std::fs::create_dir_all(&sub).unwrap();
            let f = convert(&out, to, &sub);
            let p = import_workbook(&mut s, &f, &WorkbookImportOptions::default(), true, None)
                .unwrap_or_else(|e| panic!("{to} : {e:?}"));
            assert!(p.changements.is_empty(), "{to} : {:#?}", p.changements);
        }
    }
    let py = crate::xlsx_check::python_with_openpyxl();
    if crate::common::external_tool(
        "openpyxl",
        py.is_some(),
        "scripts/installer-dependances.sh --tests, paquet python3-openpyxl",
    ) {
        let o = Command::new(py.unwrap_or_default())
            .args([
                "-c",
                "import sys, openpyxl; wb = openpyxl.load_workbook(sys.argv[1]); print('|'.join(wb.sheetnames))",
            ])
            .arg(&out)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains("Fiche signalétique"));
    }
}

/// Le dossier exemple « personnes âgées » : le classeur porte les données PA (places PASA,
/// UHR, unité protégée, GMP et PMP datés, option tarifaire, L. 342-1, convention
/// tripartite…), les forfaits et les financements complémentaires ; l'aller-retour ne montre
/// aucune différence, et une valeur modifiée dans le classeur revient dans le dossier.
#[test]
fn pa_fields_round_trip_through_the_workbook() {
    use cpom_services::example::{Exemple, create_example_of};
    let dir = temp();
    let path = dir.path().join("pa.cpom");
    let mut s = create_example_of(Exemple::Pa, &path, "Test").unwrap();
    let out = dir.path().join("pa.xlsx");
    export_xlsx(&s, None, &out, &XlsxOptions::default(), &mut |_, _| {}).unwrap();
    let p = import_workbook(&mut s, &out, &WorkbookImportOptions::default(), true, None).unwrap();
    assert!(p.changements.is_empty(), "{:#?}", p.changements);
    assert!(p.avertissements.is_empty(), "{:?}", p.avertissements);
    // Le classeur lu par calamine porte les valeurs PA.
    use calamine::{DataType, Reader, Xlsx, open_workbook};
    let mut wb: Xlsx<_> = open_workbook(&out).unwrap();
    let pa = wb.worksheet_range("Annexe 1 PA").unwrap();
    let text: Vec<String> = pa.rows().flatten().map(|c| c.to_string()).collect();
    for want in ["EHPAD Le Clos des Amandiers", "728", "247"] {
        assert!(text.iter().any(|t| t == want), "{want} : {text:?}");
    }
    let fc = wb.worksheet_range("Annexe 5 Financements compl.").unwrap();
    let nums: Vec<f64> = fc.rows().flatten().filter_map(|c| c.as_f64()).collect();
    assert!(nums.contains(&196000.0), "{nums:?}");
    // Une modification dans le classeur revient dans le dossier.
    let mut d = s.dossier().unwrap();
    d.esms[1].pa.pmp = Some(251);
    d.esms[1].pa.pmp_date_validation = chrono::NaiveDate::from_ymd_opt(2026, 5, 28);
    d.esms[2].pa.l342_1 = false;
    d.signature.moyens_pa[0].tarif_hebergement = Some(dec("69.10"));
    d.signature.financements_complementaires[4].montants[2] = Some(dec("203000"));
    let edited = dir.path().join("pa-modifie.xlsx");
    write_modified(&s, &d, &edited);
    let p = import_workbook(
        &mut s,
        &edited,
        &WorkbookImportOptions::default(),
        false,
        None,
    )
    .unwrap();
    assert_eq!(p.changements.len(), 5, "{:#?}", p.changements);
    let after = s.dossier().unwrap();
    assert_eq!(after.esms[1].pa.pmp, Some(251));
    assert_eq!(
        after.esms[1].pa.pmp_date_validation,
        chrono::NaiveDate::from_ymd_opt(2026, 5, 28)
    );
    assert!(!after.esms[2].pa.l342_1);
    assert_eq!(
        after.signature.moyens_pa[0].tarif_hebergement,
        Some(dec("69.10"))
    );
    assert_eq!(
        after.signature.financements_complementaires[4].montants[2],
        Some(dec("203000"))
    );
}
