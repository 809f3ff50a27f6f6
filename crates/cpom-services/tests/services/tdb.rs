//! Import de l'export du tableau de bord ESMS (ANAP/ATIH), fabriqué à partir du vrai
//! en-tête de 331 colonnes (`tests/fixtures/xlsx/tdb-esms-export-2022-header.xlsx`).

use std::path::{Path, PathBuf};

use calamine::{Reader, Xlsx, open_workbook};
use cpom_services::import::tdb::{TdbOptions, import_tdb};
use cpom_services::import::tdb_sample::{SampleRow, SampleValue, write_sample};
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::common::{example, temp};

pub fn header_file() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/xlsx/tdb-esms-export-2022-header.xlsx")
}

/// Les 331 libellés de la feuille « Restitutions ».
pub fn real_header() -> Vec<String> {
    let mut wb: Xlsx<_> = open_workbook(header_file()).unwrap();
    let r = wb.worksheet_range("Restitutions").unwrap();
    let h: Vec<String> = r
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(h.len(), 331);
    h
}

fn n(x: f64) -> SampleValue {
    SampleValue::Number(x)
}

/// Trois lignes : un ESMS du dossier (FINESS sans zéro initial sur d'autres jeux), un ESMS
/// de l'organisme absent du dossier, un ESMS d'un autre organisme.
pub fn rows(d: &cpom_domain::dossier::Dossier) -> Vec<SampleRow> {
    let e = &d.esms[0];
    let ej = d.organisme.finess_ej.clone().unwrap();
    vec![
        SampleRow {
            finess_et: e.finess_et.clone().unwrap(),
            finess_ej: ej.clone(),
            raison: e.nom.clone(),
            values: vec![
                (24, SampleValue::Text("31/12/2026".into())),
                (30, n(62.0)),
                (31, n(60.0)),
                (209, n(94.5)),
                (225, SampleValue::Text("6,4".into())),
                (226, SampleValue::Text("NC".into())),
                (273, n(7.25)),
                (277, n(41.0)),
            ],
            fill_all: false,
        },
        SampleRow {
            finess_et: "440099998".into(),
            finess_ej: ej,
            raison: "Service nouveau de l'organisme".into(),
            values: vec![(209, n(90.0))],
            fill_all: false,
        },
        SampleRow {
            finess_et: "490000031".into(),
            finess_ej: "490000015".into(),
            raison: "Autre organisme".into(),
            values: vec![(209, n(80.0))],
            fill_all: false,
        },
    ]
}

#[test]
fn tdb_export_prefills_capacities_and_indicators_with_source() {
    let dir = temp();
    let (mut s, _) = example(&dir);
    let d = s.dossier().unwrap();
    let header = real_header();
    for (variant, sheet, extra, numeric) in [
        ("standard", "Restitutions", false, false),
        ("ancien", "Feuil1", true, true),
    ] {
        let file = dir
            .path()
            .join(format!("export-tdbesms-2022-{variant}.xlsx"));
        write_sample(
            &file,
            &header,
            &mut rows(&d).into_iter(),
            sheet,
            extra,
            numeric,
        )
        .unwrap();
        let p = import_tdb(&mut s, &file, &TdbOptions::default(), true, None)
            .unwrap_or_else(|e| panic!("{variant} : {e:?}"));
        assert_eq!(p.non_repris.len(), 1, "{variant} : {:?}", p.non_repris);
        assert!(p.non_repris[0].contains("440099998"));
        assert!(
            p.avertissements
                .iter()
                .any(|w| w.contains("1 ligne(s) d'autres organismes")),
            "{:?}",
            p.avertissements
        );
        let l: Vec<String> = p
            .changements
            .iter()
            .map(|c| format!("{} : {} → {}", c.libelle, c.ancien, c.nouveau))
            .collect();
        assert!(
            l.iter()
                .any(|x| x.contains("autorisés au 31.12.N-1 (permanent)") && x.ends_with("→ 62")),
            "{l:#?}"
        );
        assert!(
            l.iter()
                .any(|x| x.starts_with("2-C Taux de réalisation de l'activité :")
                    && x.ends_with("→ 94,5")),
            "{l:#?}"
        );
        assert!(
            l.iter()
                .any(|x| x.starts_with("2-C Taux de CAF :") && x.ends_with("(vide) → 7,25")),
            "{l:#?}"
        );
        assert!(
            !l.iter().any(|x| x.contains("rotation")),
            "NC = pas de valeur : {l:#?}"
        );
        assert!(
            p.changements
                .iter()
                .all(|c| c.portee == d.esms[0].nom || c.portee == "Organisme gestionnaire")
        );
    }
    let file = dir.path().join("export-tdbesms-2022-standard.xlsx");
    // Le dossier exemple porte des valeurs de 2024 : un export 2022 les remplacerait. L'aperçu
    // les liste et l'application est refusée sans confirmation explicite, dossier inchangé.
    let p = import_tdb(&mut s, &file, &TdbOptions::default(), true, None).unwrap();
    assert!(
        p.plus_recentes.iter().any(|l| l
            .contains("2-C Taux de réalisation de l'activité : valeur 2024")
            && l.contains("remplacée par celle de 2022")),
        "{:#?}",
        p.plus_recentes
    );
    let e = import_tdb(&mut s, &file, &TdbOptions::default(), false, None).unwrap_err();
    assert_eq!(e.code, "import.tdb_plus_ancien");
    assert!(e.message.contains("plus ancienne"), "{}", e.message);
    assert_eq!(s.dossier().unwrap(), d);
    let confirmed = TdbOptions {
        remplacer_plus_recentes: true,
        ..TdbOptions::default()
    };
    import_tdb(&mut s, &file, &confirmed, false, None).unwrap();
    let after = s.dossier().unwrap();
    assert_eq!(after.esms[0].capacites.internat.autorisee, Some(62));
    assert_eq!(after.esms.len(), d.esms.len(), "aucun ESMS ajouté");
    let caf = after
        .diagnostic
        .indicateurs
        .iter()
        .find(|i| i.esms == Some(d.esms[0].id) && i.libelle == "Taux de CAF")
        .unwrap();
    assert_eq!(caf.valeur, Some(Decimal::from_str("7.25").unwrap()));
    assert_eq!(caf.source_detail, "TDB 2022");
    assert_eq!(caf.annee, Some(2022));
    assert!(!caf.modifiee);
    // Relu : plus rien à changer.
    let again = import_tdb(&mut s, &file, &TdbOptions::default(), true, None).unwrap();
    assert!(again.changements.is_empty(), "{:#?}", again.changements);
}

/// Le dossier exemple « personnes âgées » : l'export du tableau de bord remplit le GMP et le
/// PMP validés des EHPAD (la date de validation, absente de l'export, est à ressaisir quand
/// le score change), la convention tripartite, les places habilitées et les indicateurs
/// d'occupation par modalité ; pas de GMP pour le SSIAD.
#[test]
fn tdb_export_fills_gmp_pmp_and_pa_indicators() {
    use cpom_services::example::{Exemple, create_example_of};
    let dir = temp();
    let path = dir.path().join("pa.cpom");
    let mut s = create_example_of(Exemple::Pa, &path, "Test").unwrap();
    let d = s.dossier().unwrap();
    let ej = d.organisme.finess_ej.clone().unwrap();
    let ehpad = &d.esms[0];
    let ssiad = &d.esms[4];
    assert_eq!(ehpad.pa.gmp, Some(728));
    let rows = vec![
        SampleRow {
            finess_et: ehpad.finess_et.clone().unwrap(),
            finess_ej: ej.clone(),
            raison: ehpad.nom.clone(),
            values: vec![
                (27, SampleValue::Text("30/06/2016".into())),
                (28, SampleValue::Text("29/06/2021".into())),
                (36, n(84.0)),
                (195, n(741.37)),
                (196, n(752.0)),
                (197, n(224.0)),
                (211, n(97.9)),
                (212, n(71.3)),
                (213, SampleValue::Text("78,5".into())),
                (208, n(4.1)),
            ],
            fill_all: false,
        },
        SampleRow {
            finess_et: ssiad.finess_et.clone().unwrap(),
            finess_ej: ej,
            raison: ssiad.nom.clone(),
            values: vec![(195, n(610.0)), (209, n(102.1))],
            fill_all: false,
        },
    ];
    let file = dir.path().join("export-tdbesms-2025-region.xlsx");
    write_sample(
        &file,
        &real_header(),
        &mut rows.into_iter(),
        "Restitutions",
        false,
        false,
    )
    .unwrap();
    let preview = import_tdb(&mut s, &file, &TdbOptions::default(), false, None).unwrap();
    let l: Vec<String> = preview
        .changements
        .iter()
        .map(|c| {
            format!(
                "{} — {} : {} → {}",
                c.portee, c.libelle, c.ancien, c.nouveau
            )
        })
        .collect();
    let after = s.dossier().unwrap();
    let e = &after.esms[0];
    // GMP arrondi à l'unité ; sa date de validation est effacée (à ressaisir : V32).
    assert_eq!(e.pa.gmp, Some(741), "{l:#?}");
    assert_eq!(e.pa.gmp_date_validation, None);
    // PMP inchangé : sa date reste.
    assert_eq!(e.pa.pmp, Some(224));
    assert!(e.pa.pmp_date_validation.is_some());
    assert_eq!(e.places_habilitees_aide_sociale, Some(84));
    assert_eq!(
        e.pa.ctp_date_echeance,
        chrono::NaiveDate::from_ymd_opt(2021, 6, 29)
    );
    // Pas de GMP pour un service.
    assert_eq!(after.esms[4].pa.gmp, None);
    let ind = |libelle: &str| {
        after
            .diagnostic
            .indicateurs
            .iter()
            .find(|i| i.esms == Some(e.id) && i.libelle == libelle && i.annee == Some(2025))
            .and_then(|i| i.valeur)
    };
    assert_eq!(
        ind("Taux d'occupation en hébergement temporaire"),
        Decimal::from_str("71.3").ok(),
        "{l:#?}"
    );
    assert_eq!(
        ind("Taux d'occupation en accueil de jour"),
        Decimal::from_str("78.5").ok()
    );
    assert_eq!(
        ind("Taux d'hospitalisation complète"),
        Decimal::from_str("4.1").ok()
    );
    // Le rapport demande la date de validation du nouveau GMP.
    let r = cpom_domain::perimetre::rules::validate(&after);
    assert!(
        r.issues
            .iter()
            .any(|i| i.rule == "V32" && i.path.ends_with("pa.gmp_date_validation")),
        "{:#?}",
        r.issues
    );
}
